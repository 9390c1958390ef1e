//! What users' repositories contain besides Terraform, in `testdata/formats/` and
//! `testdata/pulumi/` (see their READMEs): each workspace is checked with the
//! built-in policies, and its findings (policy, address, place and the text there)
//! are compared with a reviewed snapshot.
//!
//! - CloudFormation YAML as long-lived templates write it: YAML 1.1 booleans
//!   (`PubliclyAccessible: yes` is reported, `EnableLogFileValidation: Yes` is not),
//!   quoted multi-line scalars, block scalars with indicators, and double-quoted
//!   escapes (`"Public\x52ead"` is `PublicRead`).
//! - Kubernetes workloads under API versions that moved (`extensions/v1beta1`,
//!   `apps/v1beta1`, `apps/v1beta2`) are the same workloads to the policies, with
//!   kubectl's booleans (`privileged: Y`).
//! - A Pulumi program written as JSON in the directory `main:` names.

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

/// The findings of a fixture workspace (`testdata/<dir>`), one per line:
/// `ID address file:line:col-col `text under the range``. No warning or error
/// diagnostic may be reported: the files are valid.
fn findings(dir: &str) -> String {
    let root = common::repo_root().join("testdata").join(dir);
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
    assert!(problems.is_empty(), "{dir}: {problems:#?}");
    out
}

#[test]
fn cloudformation_yaml_as_templates_write_it() {
    let found = findings("formats/cloudformation");
    // YAML 1.1 booleans are booleans: the public database and the key without
    // rotation are reported, the trail that validates its logs is not; a quoted
    // 'yes' is a string, and no boolean.
    assert!(found.contains("VGL-AWS-RDS-002 ReportingDatabase "), "{found}");
    assert!(!found.contains("ReportingReplica"), "{found}");
    assert!(!found.contains("VGL-AWS-CLOUDTRAIL-003"), "{found}");
    // An escaped ACL is decoded.
    assert!(found.contains("VGL-AWS-S3-001 ReportExports "), "{found}");
    insta::assert_snapshot!(found);
}

#[test]
fn kubernetes_workloads_under_old_api_versions() {
    let found = findings("formats/kubernetes");
    assert!(found.contains("VGL-K8S-001 Deployment/ops/node-debugger "), "{found}");
    assert!(found.contains("VGL-K8S-001 ReplicaSet/shop/legacy-web "), "{found}");
    assert!(!found.contains("VGL-K8S-001 DaemonSet/ops/log-agent "), "privileged: no\n{found}");
    assert!(!found.contains("VGL-K8S-001 StatefulSet/shop/cache "), "privileged: n\n{found}");
    insta::assert_snapshot!(found);
}

#[test]
fn pulumi_json_program_in_its_main_directory() {
    let found = findings("pulumi/main-dir");
    // The staging stack's public ACL, reported in the stack file that sets it.
    assert!(found.contains("VGL-AWS-S3-001 assetsBucket Pulumi.staging.yaml:"), "{found}");
    insta::assert_snapshot!(found);
}
