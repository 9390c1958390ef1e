//! `vigil fix`: applies the checked fixes of findings (those of `remediate` policies,
//! or all with `--all`), or prints them as a unified diff.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use vigil_ide::Finding;
use vigil_policy::{Enforcement, PolicySet};
use vigil_workspace as workspace;

use crate::FixArgs;

pub fn run(args: &FixArgs) -> Result<u8> {
    let ws = workspace::load(&args.paths, args.config.as_deref(), None)?;
    let sources = workspace::policy_sources(&ws, &args.policy_dirs, !args.no_builtin)?;
    let time_limit = std::time::Duration::from_millis(ws.config.raw.policies.time_limit_ms);
    let policies = PolicySet::load_reusing(&sources, time_limit, &mut workspace::builtin::load_cache());
    let today = jiff::Zoned::now().date().to_string();
    let mut analysis = crate::check::analyze(&ws, &policies, &today, std::io::stderr().is_terminal());
    if let Some(only) = &ws.only {
        analysis.findings.retain(|f| only.contains(&f.file));
    }
    for id in &args.policy {
        if policies.find(id).is_none() {
            anyhow::bail!("--policy {id}: no such policy");
        }
    }
    let wanted = |f: &Finding| {
        (args.all || f.enforcement == Enforcement::Remediate)
            && (args.policy.is_empty() || args.policy.contains(&f.policy_id))
    };
    let candidates: Vec<&Finding> = analysis.findings.iter().filter(|f| wanted(f)).collect();
    let with_fix: Vec<&Finding> = candidates.into_iter().filter(|f| !f.fix.is_empty()).collect();
    // A file read with bytes that are not UTF-8 replaced is not written: it would
    // lose them.
    let lossy: std::collections::HashSet<&str> = ws
        .diagnostics
        .iter()
        .filter(|d| d.code == workspace::ENCODING_ERROR)
        .map(|d| d.file.as_str())
        .collect();
    let (with_fix, not_utf8): (Vec<&Finding>, Vec<&Finding>) =
        with_fix.into_iter().partition(|f| !lossy.contains(f.file.as_str()));
    let (selected, unsafe_skipped): (Vec<&Finding>, Vec<&Finding>) =
        with_fix.into_iter().partition(|f| f.fix_safe || args.r#unsafe);
    let outcome = vigil_ide::remediate::fix_findings(&ws.files, &policies, &selected);

    let mut stdout = std::io::stdout().lock();
    let mut failed_writes = 0;
    if args.diff {
        for (path, new_text) in &outcome.texts {
            let old_text = ws.files.iter().find(|f| f.path == *path).map_or("", |f| f.text.as_str());
            let diff = similar::TextDiff::from_lines(old_text, new_text.as_str());
            crate::closed_pipe::tolerate(write!(
                stdout,
                "{}",
                diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}"))
            ))?;
        }
    } else {
        for (path, new_text) in &outcome.texts {
            // Through a symbolic link to its file (the link stays), never outside the
            // repository.
            let written = ws.writable_path(path).and_then(|full| write_atomically(&full, new_text));
            if let Err(e) = written {
                eprintln!("error: cannot write {path}: {e:#}");
                failed_writes += 1;
            }
        }
    }

    // The summary (stderr, so that --diff output stays a clean patch).
    let verb = if args.diff { "would fix" } else { "fixed" };
    let files = outcome.texts.len() - if args.diff { 0 } else { failed_writes };
    eprintln!(
        "{verb} {} finding{} in {files} file{}",
        outcome.fixed.len(),
        plural(outcome.fixed.len()),
        plural(files)
    );
    for (i, notes) in &outcome.fixed {
        let f = selected[*i];
        let how = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
        eprintln!("  {} {} {}:{}{how}", if args.diff { "~" } else { "✓" }, f.policy_id, f.file, f.address);
    }
    for (i, e) in &outcome.failed {
        let f = selected[*i];
        eprintln!("  ✗ {} {} {}: not fixed: {e}", f.policy_id, f.file, f.address);
    }
    for f in &not_utf8 {
        eprintln!(
            "  ✗ {} {}:{}: not fixed: the file is not valid UTF-8 (see `vigil check`)",
            f.policy_id, f.file, f.address
        );
    }
    if !unsafe_skipped.is_empty() {
        eprintln!(
            "{} unsafe fix{} not applied (review them, then run with --unsafe): {}",
            unsafe_skipped.len(),
            if unsafe_skipped.len() == 1 { "" } else { "es" },
            ids(&unsafe_skipped)
        );
    }
    let remaining = analysis.findings.len() - outcome.fixed.len();
    if remaining > 0 {
        eprintln!(
            "{remaining} finding{} remain{} ({} without a fix{}); `vigil check` lists them",
            plural(remaining),
            if remaining == 1 { "s" } else { "" },
            analysis.findings.iter().filter(|f| f.fix.is_empty()).count(),
            if args.all { "" } else { "; fixes of policies that are not `remediate` need --all" },
        );
    }
    if failed_writes > 0 {
        return Ok(2);
    }
    Ok(u8::from(args.diff && !outcome.texts.is_empty()))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn ids(findings: &[&Finding]) -> String {
    let mut ids: Vec<&str> = findings.iter().map(|f| f.policy_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.join(", ")
}

/// Writes through a temporary file in the same directory, renamed over the original,
/// keeping its permissions: a crash never leaves a half-written file.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().context("no parent directory")?;
    let permissions = std::fs::metadata(path).context("cannot read its metadata")?.permissions();
    if permissions.readonly() {
        anyhow::bail!("the file is read-only");
    }
    let mut temp =
        tempfile::NamedTempFile::new_in(dir).context("cannot create a temporary file beside it")?;
    temp.write_all(text.as_bytes()).context("cannot write the temporary file")?;
    temp.as_file().sync_all().context("cannot flush the temporary file")?;
    std::fs::set_permissions(temp.path(), permissions).context("cannot copy its permissions")?;
    temp.persist(path).map_err(|e| e.error).context("cannot replace it")?;
    Ok(())
}
