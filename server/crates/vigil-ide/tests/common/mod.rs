//! Fixture-driven checks. A fixture is one or more files:
//!
//! ```text
//! //- /main.tf
//! resource "aws_s3_bucket" "b" {
//!   acl = "public-read"
//!   #     ^^^^^^^^^^^^^ VGL-AWS-S3-001
//! }
//! ```
//!
//! A marker line (spaces, `#` or `/` for padding, carets, then an id) expects a
//! finding of that policy exactly under the carets on the closest line above it that
//! is not a marker. `!code` expects a diagnostic with that code instead. Marker lines
//! are removed before the files are analysed. Info diagnostics need no marker.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use vigil_ide::{analyze, Analysis, Config};
use vigil_model::SourceFile;
use vigil_policy::{PolicySet, PolicySource, DEFAULT_TIME_LIMIT};
use vigil_syntax::{DiagnosticSeverity, LineIndex, TextRange};

pub const TODAY: &str = "2026-06-01";

/// (file, line, first column, last column + 1 — in characters, and the id).
pub type Mark = (String, u32, u32, u32, String);

fn marker_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([ \t#/]*)(\^+) (!?[A-Za-z0-9_.:-]+)\s*$").unwrap())
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().unwrap()
}

/// The built-in library modules (`policies/lib`).
pub fn library_sources() -> Vec<PolicySource> {
    let dir = repo_root().join("policies/lib");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rego") && !path.to_string_lossy().ends_with("_test.rego") {
            out.push(PolicySource {
                path: format!("builtin:lib/{}", path.file_name().unwrap().to_string_lossy()),
                text: std::fs::read_to_string(&path).unwrap(),
                pack: "lib".into(),
            });
        }
    }
    out
}

/// Splits a fixture into files and strips its markers.
pub fn parse_fixture(fixture: &str) -> (Vec<SourceFile>, BTreeSet<Mark>) {
    let mut files: Vec<(String, Vec<String>)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(path) = line.trim_end().strip_prefix("//- /") {
            files.push((path.trim().to_string(), vec![]));
            continue;
        }
        if files.is_empty() {
            if line.trim().is_empty() {
                continue;
            }
            files.push(("main.tf".to_string(), vec![]));
        }
        files.last_mut().unwrap().1.push(line.to_string());
    }
    let mut marks = BTreeSet::new();
    let mut out = Vec::new();
    for (path, lines) in files {
        let (text, file_marks) = strip_markers(&path, &lines);
        marks.extend(file_marks);
        out.push(SourceFile::new(path, text));
    }
    (out, marks)
}

pub fn strip_markers(path: &str, lines: &[String]) -> (String, BTreeSet<Mark>) {
    let mut text = String::new();
    let mut marks = BTreeSet::new();
    let mut kept_lines: u32 = 0;
    for line in lines {
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(c) = marker_regex().captures(content) {
            let col = c[1].chars().count() as u32;
            let width = c[2].chars().count() as u32;
            marks.insert((
                path.to_string(),
                kept_lines.saturating_sub(1),
                col,
                col + width,
                c[3].to_string(),
            ));
            continue;
        }
        text.push_str(line);
        kept_lines += 1;
    }
    (text, marks)
}

/// Findings and diagnostics as marks.
pub fn actual_marks(files: &[SourceFile], analysis: &Analysis) -> BTreeSet<Mark> {
    let mut marks = BTreeSet::new();
    let index_of =
        |path: &str| files.iter().find(|f| f.path == path).map(|f| (LineIndex::new(&f.text), f.text.clone()));
    let mut mark = |file: &str, range: TextRange, id: String| {
        let Some((index, text)) = index_of(file) else {
            marks.insert((file.to_string(), 0, 0, 0, id));
            return;
        };
        let line = index.line_col(range.start).line;
        let start = index.char_col(range.start, &text);
        let line_end = index.line_range(line, &text).end;
        let end = index.char_col(range.end.min(line_end).max(range.start), &text);
        marks.insert((file.to_string(), line, start, end.max(start), id));
    };
    for f in &analysis.findings {
        mark(&f.file, f.range, f.policy_id.clone());
    }
    for d in analysis.diagnostics.iter().filter(|d| d.severity != DiagnosticSeverity::Info) {
        mark(&d.file, d.range, format!("!{}", d.code));
    }
    marks
}

/// Renders marks under the lines of the files, for failure messages.
pub fn render(files: &[SourceFile], marks: &BTreeSet<Mark>) -> String {
    let mut out = String::new();
    for f in files {
        out.push_str(&format!("//- /{}\n", f.path));
        for (i, line) in f.text.lines().enumerate() {
            out.push_str(line);
            out.push('\n');
            for (_, _, s, e, id) in marks.iter().filter(|m| m.0 == f.path && m.1 == i as u32) {
                out.push_str(&format!(
                    "{}{} {}\n",
                    " ".repeat(*s as usize),
                    "^".repeat((e - s).max(1) as usize),
                    id
                ));
            }
        }
        for (_, l, s, e, id) in
            marks.iter().filter(|m| m.0 == f.path && m.1 as usize >= f.text.lines().count().max(1))
        {
            out.push_str(&format!(
                "(line {l}) {}{} {}\n",
                " ".repeat(*s as usize),
                "^".repeat((e - s).max(1) as usize),
                id
            ));
        }
    }
    for m in marks.iter().filter(|m| !files.iter().any(|f| f.path == m.0)) {
        out.push_str(&format!("(in {}) {}\n", m.0, m.4));
    }
    out
}

/// Policies: the fixture's `.rego` files, the library, and `extra`.
pub fn policy_set(files: &[SourceFile], extra: Vec<PolicySource>) -> PolicySet {
    let mut sources = library_sources();
    sources.extend(extra);
    for f in files.iter().filter(|f| f.path.ends_with(".rego")) {
        sources.push(PolicySource { path: f.path.clone(), text: f.text.clone(), pack: "custom".into() });
    }
    PolicySet::load(&sources, DEFAULT_TIME_LIMIT)
}

/// Analyses a fixture and asserts that its markers are exactly what comes out.
pub fn check(fixture: &str) -> Analysis {
    check_with(fixture, vec![])
}

pub fn check_with(fixture: &str, extra: Vec<PolicySource>) -> Analysis {
    let (files, expected) = parse_fixture(fixture);
    let policies = policy_set(&files, extra);
    let (config, config_diags) = match files.iter().find(|f| f.path == "vigil.toml") {
        Some(f) => Config::parse(&f.path, &f.text),
        None => (Config::default(), vec![]),
    };
    let iac: Vec<SourceFile> =
        files.iter().filter(|f| !f.path.ends_with(".rego") && f.path != "vigil.toml").cloned().collect();
    let mut analysis = analyze(&iac, &policies, &config, TODAY);
    analysis.diagnostics.extend(config_diags);
    let actual = actual_marks(&files, &analysis);
    if actual != expected {
        panic!(
            "fixture mismatch\n--- expected\n{}\n--- actual\n{}\n--- findings\n{:#?}\n--- diagnostics\n{:#?}",
            render(&files, &expected),
            render(&files, &actual),
            analysis
                .findings
                .iter()
                .map(|f| format!("{} {} {:?} {}", f.policy_id, f.address, f.path, f.message))
                .collect::<Vec<_>>(),
            analysis.diagnostics
        );
    }
    analysis
}

/// The built-in policies (`policies/*/*/policy.rego` with the library), loaded from
/// the source tree.
pub fn builtin_policies() -> PolicySet {
    let mut sources = library_sources();
    let root = repo_root().join("policies");
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.ends_with("lib") && !path.ends_with("fixtures") {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "policy.rego") {
                let pack = path.strip_prefix(&root).unwrap().components().next().unwrap();
                sources.push(PolicySource {
                    path: path.display().to_string(),
                    text: std::fs::read_to_string(&path).unwrap(),
                    pack: pack.as_os_str().to_string_lossy().to_string(),
                });
            }
        }
    }
    PolicySet::load(&sources, DEFAULT_TIME_LIMIT)
}

/// Every file under `dir` (symlinks followed, as the walker does), with paths
/// relative to `root`, read as the walker reads them (a binary file such as a Lambda
/// zip as bytes for the file functions); `.md` files are documentation.
pub fn files_under(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(root, &path, out);
        } else if path.extension().is_some_and(|e| e != "md") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(SourceFile::from_bytes(rel, std::fs::read(&path).unwrap()));
        }
    }
}

/// The findings of an analysis, one per line:
/// `ID address file:line:col-line:col `first line of the text under the range``.
pub fn finding_lines(files: &[SourceFile], analysis: &Analysis) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        let text = &files.iter().find(|s| s.path == f.file).unwrap().text;
        let index = LineIndex::new(text);
        let start = index.line_col(f.range.start);
        let end = index.line_col(f.range.end);
        let snippet = text[f.range.as_usize()].lines().next().unwrap_or("");
        out.push_str(&format!(
            "{} {} {}:{}:{}-{}:{} `{snippet}`\n",
            f.policy_id,
            f.address,
            f.file,
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1
        ));
    }
    out
}

/// The findings of the workspace `testdata/<dir>` checked with the built-in
/// policies, as [`finding_lines`]; no warning or error diagnostic may be reported
/// (the files are valid).
pub fn testdata_findings(dir: &str) -> String {
    let root = repo_root().join("testdata").join(dir);
    let mut files = Vec::new();
    files_under(&root, &root, &mut files);
    let analysis = analyze(&files, &builtin_policies(), &Config::default(), TODAY);
    let problems: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity != DiagnosticSeverity::Info)
        .map(|d| format!("{} {}: {}", d.code, d.file, d.message))
        .collect();
    assert!(problems.is_empty(), "{dir}: {problems:#?}");
    finding_lines(&files, &analysis)
}
