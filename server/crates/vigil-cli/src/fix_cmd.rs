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
    let mut ws = workspace::load(&args.paths, args.config.as_deref(), None)?;
    let mut unread = Vec::new();
    let sources = workspace::policy_sources(&ws, &args.policy_dirs, !args.no_builtin, &mut unread)?;
    ws.diagnostics.extend(unread);
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
    let mut unwritten: std::collections::HashSet<&str> = std::collections::HashSet::new();
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
            // repository; only if it is still what was read.
            let read = ws.files.iter().find(|f| f.path == *path).map_or("", |f| f.text.as_str());
            let written = ws.writable_path(path).and_then(|full| write_atomically(&full, read, new_text));
            if let Err(e) = written {
                eprintln!("error: cannot write {path}: {e:#}");
                failed_writes += 1;
                unwritten.insert(path.as_str());
            }
        }
    }

    // The summary (stderr, so that --diff output stays a clean patch).
    let verb = if args.diff { "would fix" } else { "fixed" };
    let files = outcome.texts.len() - if args.diff { 0 } else { failed_writes };
    let fixed = outcome.fixed.iter().filter(|(i, _)| !unwritten.contains(selected[*i].file.as_str())).count();
    eprintln!("{verb} {fixed} finding{} in {files} file{}", plural(fixed), plural(files));
    for (i, notes) in &outcome.fixed {
        let f = selected[*i];
        if unwritten.contains(f.file.as_str()) {
            eprintln!(
                "  ✗ {} {}:{}: not fixed: the file was not written (above)",
                f.policy_id, f.file, f.address
            );
            continue;
        }
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
    let remaining = analysis.findings.len() - fixed;
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
fn write_atomically(path: &Path, read: &str, text: &str) -> Result<()> {
    let dir = path.parent().context("no parent directory")?;
    let metadata = std::fs::metadata(path).context("cannot read its metadata")?;
    let permissions = metadata.permissions();
    if permissions.readonly() {
        anyhow::bail!("the file is read-only");
    }
    // Someone (the user in an editor, another `vigil fix`) changed it since it was
    // read: their edit wins, and this fix is not written.
    let now = std::fs::read(path).context("cannot read it again")?;
    let bom = now.starts_with(b"\xEF\xBB\xBF");
    if vigil_model::SourceFile::from_bytes(String::new(), now).text != read {
        anyhow::bail!("it changed since it was read; run `vigil fix` again");
    }
    // A byte-order mark the reader dropped is written back.
    let text = if bom { format!("\u{feff}{text}") } else { text.to_string() };
    let mut temp =
        tempfile::NamedTempFile::new_in(dir).context("cannot create a temporary file beside it")?;
    temp.write_all(text.as_bytes()).context("cannot write the temporary file")?;
    temp.as_file().sync_all().context("cannot flush the temporary file")?;
    std::fs::set_permissions(temp.path(), permissions).context("cannot copy its permissions")?;
    // The owner too (as root, fixing another user's file); a user who may not give a
    // file away owns it already.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::chown(temp.path(), Some(metadata.uid()), Some(metadata.gid()));
    }
    temp.persist(path).map_err(|e| e.error).context("cannot replace it")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    /// A file changed since it was read is not overwritten; a byte-order mark the
    /// reader dropped is written back.
    #[test]
    fn writes_only_what_was_read_and_keeps_the_bom() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.tf");
        std::fs::write(&path, "a = 2\n").unwrap();
        let error = write_atomically(&path, "a = 1\n", "a = 3\n").unwrap_err();
        assert!(format!("{error:#}").contains("changed since it was read"), "{error:#}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");

        std::fs::write(&path, "\u{feff}a = 1\n").unwrap();
        write_atomically(&path, "a = 1\n", "a = 3\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), "\u{feff}a = 3\n".as_bytes());
    }
}
