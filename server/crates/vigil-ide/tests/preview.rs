//! The preview fixtures in `testdata/preview/` (see its README): each workspace is
//! checked with the built-in policies, and its findings (policy, address, place and
//! the text there) are compared with a reviewed snapshot.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use std::path::{Path, PathBuf};

use vigil_ide::{analyze, Config};
use vigil_model::SourceFile;
use vigil_policy::{PolicySet, PolicySource, DEFAULT_TIME_LIMIT};
use vigil_syntax::LineIndex;

fn builtin_policies() -> PolicySet {
    let mut sources = common::library_sources();
    let root = common::repo_root().join("policies");
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

fn files_under(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(root, &path, out);
        } else if path.extension().is_some_and(|e| e != "md") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(SourceFile::new(rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The findings of a fixture workspace, one per line:
/// `ID address file:line:col-col `text under the range``.
fn findings(name: &str) -> String {
    let root = common::repo_root().join("testdata/preview").join(name);
    let mut files = Vec::new();
    files_under(&root, &root, &mut files);
    let analysis = analyze(&files, &builtin_policies(), &Config::default(), common::TODAY);
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
    let problems: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity != vigil_syntax::DiagnosticSeverity::Info)
        .map(|d| format!("{} {}: {}", d.code, d.file, d.message))
        .collect();
    assert!(problems.is_empty(), "{name}: {problems:#?}");
    out
}

#[test]
fn a_module_called_twice_reports_the_violating_call() {
    insta::assert_snapshot!(findings("modules"));
}

#[test]
fn for_each_over_a_map_and_count_from_a_conditional() {
    insta::assert_snapshot!(findings("for_each"));
}

#[test]
fn a_dynamic_ingress_block_with_one_open_port() {
    insta::assert_snapshot!(findings("dynamic"));
}

#[test]
fn a_plan_beside_its_source_gives_no_duplicates() {
    insta::assert_snapshot!(findings("plan"));
}

#[test]
fn cloudformation_conditions_mappings_and_pseudo_parameters() {
    insta::assert_snapshot!(findings("cloudformation"));
}

/// Findings reported where the value is written are fixed there: the module call's
/// argument, the for_each map entry, the dynamic block's list.
#[test]
fn fixes_land_where_the_findings_are() {
    let policies = builtin_policies();
    for (name, expected) in
        [("modules", "  acl    = \"private\"\n"), ("for_each", "    docs = { acl = \"private\" }\n")]
    {
        let root = common::repo_root().join("testdata/preview").join(name);
        let mut files = Vec::new();
        files_under(&root, &root, &mut files);
        let analysis = analyze(&files, &policies, &Config::default(), common::TODAY);
        let finding = analysis.findings.iter().find(|f| f.policy_id == "VGL-AWS-S3-001").unwrap();
        let fix = vigil_ide::remediate::fix_finding(&files, &policies, finding).unwrap();
        let edits = &fix.files["main.tf"];
        let text = &files.iter().find(|f| f.path == "main.tf").unwrap().text;
        let fixed = vigil_fix::apply(text, edits);
        assert!(fixed.contains(expected), "{name}:\n{fixed}");
    }
}
