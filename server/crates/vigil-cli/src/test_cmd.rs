//! `vigil test`.

use std::fmt::Write as _;

use anyhow::Result;
use vigil_policy::{run_tests, TestOutcome};
use vigil_syntax::LineIndex;

use vigil_workspace as workspace;

use crate::TestArgs;

pub fn run(args: &TestArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let paths = if args.paths.is_empty() { vec![cwd.clone()] } else { args.paths.clone() };
    let mut sources = Vec::new();
    let mut unread = Vec::new();
    for p in &paths {
        sources.extend(workspace::rego_sources(&cwd, &cwd.join(p), "custom", &mut unread)?);
    }
    // Policies may use the built-in libraries without shipping them.
    let present: std::collections::HashSet<String> = sources
        .iter()
        .map(|s| s.text.lines().find(|l| l.starts_with("package ")).unwrap_or("").to_string())
        .collect();
    for lib in workspace::builtin::sources().into_iter().filter(|s| s.pack == "lib") {
        let package = lib.text.lines().find(|l| l.starts_with("package ")).unwrap_or("").to_string();
        if !present.contains(&package) {
            sources.push(lib);
        }
    }
    let (reports, mut diagnostics) = run_tests(&sources, args.run.as_deref());
    diagnostics.splice(0..0, unread);
    let position = |file: &str, offset: u32| {
        sources.iter().find(|s| s.path == file).map_or((1, 1), |s| {
            let index = LineIndex::new(&s.text);
            (index.line_col(offset).line + 1, index.char_col(offset, &s.text) + 1)
        })
    };
    // Written at once at the end (see `closed_pipe`).
    let mut out = String::new();
    for d in &diagnostics {
        let (line, col) = position(&d.file, d.range.start);
        let _ = writeln!(out, "ERROR: {}:{line}:{col}: {}", d.file, d.message);
    }
    let mut failed = 0;
    for r in &reports {
        let (line, col) = position(&r.file, r.range.start);
        match &r.outcome {
            TestOutcome::Pass => {
                if args.verbose {
                    let _ = writeln!(out, "PASS: {} ({}:{line})", r.name, r.file);
                }
            }
            TestOutcome::Fail => {
                failed += 1;
                let _ = writeln!(out, "FAIL: {}:{line}:{col}: {}", r.file, r.name);
            }
            TestOutcome::Error(e) => {
                failed += 1;
                let _ = writeln!(out, "ERROR: {}:{line}:{col}: {}: {e}", r.file, r.name);
            }
        }
    }
    let passed = reports.len() - failed;
    let _ = writeln!(out, "{}", "-".repeat(60));
    if reports.is_empty() {
        let _ = writeln!(out, "no tests found");
    } else {
        let _ = writeln!(out, "PASS: {passed}/{}", reports.len());
        if failed > 0 {
            let _ = writeln!(out, "FAIL: {failed}/{}", reports.len());
        }
    }
    crate::closed_pipe::print(&out)?;
    Ok(if failed > 0 || !diagnostics.is_empty() || reports.is_empty() { 1 } else { 0 })
}
