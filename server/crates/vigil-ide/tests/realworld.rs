//! The `testdata/realworld/` workspaces (see its README): reusable Terraform modules
//! written the way widely used public modules are (feature flags, `optional()` object
//! variables, `try`, dynamic blocks over object lists, nested local modules, symlinked
//! shared files), each with `examples/*` roots that call them with `source = "../../"`.
//!
//! Each workspace is checked as Vigil sees it from each of its roots: the module's
//! directory itself (a reusable module checked as a root: inputs without defaults are
//! unknown), and every example together with the module tree it calls. For each, there
//! must be no warning or error (the code is valid Terraform), no resource left
//! unevaluated because its `count` or `for_each` seemed unknown (every one of them is
//! known from the code), and the findings must be the reviewed ones (snapshot; the
//! README lists them with the reason for each).

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use std::path::Path;

use vigil_ide::{analyze, Config};
use vigil_model::SourceFile;
use vigil_syntax::{DiagnosticSeverity, LineIndex};

/// The roots of a workspace: "." (the module itself) and `examples/<name>`.
fn roots(ws: &Path) -> Vec<String> {
    let mut out = vec![".".to_string()];
    if let Ok(entries) = std::fs::read_dir(ws.join("examples")) {
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_dir())
            .map(|e| format!("examples/{}", e.file_name().to_string_lossy()))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

/// Checks one workspace from each of its roots. Returns the report (findings per
/// root) and the problems: warnings, errors and resources not evaluated.
fn check(name: &str) -> (String, Vec<String>) {
    let ws = common::repo_root().join("testdata/realworld").join(name);
    let mut all = Vec::new();
    common::files_under(&ws, &ws, &mut all);
    let policies = common::builtin_policies();
    let mut report = String::new();
    let mut problems = Vec::new();
    for root in roots(&ws) {
        // The module tree (everything outside examples/) plus this example.
        let files: Vec<SourceFile> = all
            .iter()
            .filter(|f| !f.path.starts_with("examples/") || f.path.starts_with(&format!("{root}/")))
            .cloned()
            .collect();
        let analysis = analyze(&files, &policies, &Config::default(), common::TODAY);
        report.push_str(&format!("## {root}\n"));
        report.push_str(&common::finding_lines(&files, &analysis));
        for d in &analysis.diagnostics {
            let unevaluated =
                matches!(d.code.as_str(), "terraform-unknown-count" | "terraform-unknown-for-each");
            if d.severity != DiagnosticSeverity::Info || unevaluated {
                let text = files.iter().find(|s| s.path == d.file).map(|s| s.text.as_str()).unwrap_or("");
                let line =
                    if text.is_empty() { 0 } else { LineIndex::new(text).line_col(d.range.start).line + 1 };
                problems
                    .push(format!("[{root}] {:?} {} {}:{line}: {}", d.severity, d.code, d.file, d.message));
            }
        }
    }
    (report, problems)
}

fn assert_realworld(name: &str) -> String {
    let (report, problems) = check(name);
    assert!(
        problems.is_empty(),
        "{name}: {} problems:\n{}\n\nfindings:\n{report}",
        problems.len(),
        problems.join("\n")
    );
    report
}

#[test]
fn aws_vpc_module_and_examples() {
    insta::assert_snapshot!(assert_realworld("aws-vpc"));
}

#[test]
fn aws_s3_bucket_module_and_examples() {
    insta::assert_snapshot!(assert_realworld("aws-s3-bucket"));
}

#[test]
fn aws_rds_module_and_examples() {
    insta::assert_snapshot!(assert_realworld("aws-rds"));
}

#[test]
fn aws_eks_module_and_examples() {
    insta::assert_snapshot!(assert_realworld("aws-eks"));
}

#[test]
fn azure_storage_module_and_examples() {
    insta::assert_snapshot!(assert_realworld("azure-storage"));
}

#[test]
fn gcp_network_module_and_examples() {
    insta::assert_snapshot!(assert_realworld("gcp-network"));
}
