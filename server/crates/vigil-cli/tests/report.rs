//! `vigil report` and `vigil check --framework`: compliance frameworks as users run
//! them, on a team's own framework file and policies (so that the snapshots do not
//! move with the built-in packs) and on the built-in frameworks.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use std::path::{Path, PathBuf};

use common::vigil;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const FRAMEWORK: &str = r#"# A team's own framework: controls with one-line summaries.
id: ACME-Baseline-1.0
title: ACME cloud baseline v1.0
names: [acme]
url: https://example.com/acme-baseline
controls:
  - id: "A.1"
    title: Buckets keep object versions
  - id: "A.2"
    title: Databases are not reachable from the internet
  - id: "A.3"
    title: Queues encrypt their messages
  - id: "A.4"
    title: Every change is reviewed by a second person
    iac: false
  - id: "A.5"
    title: Load balancers listen over TLS only
"#;

fn policy(id: &str, package: &str, controls: &str, resource: &str, body: &str) -> String {
    format!(
        "# METADATA\n# title: {id} title\n# description: d\n# custom:\n#   id: {id}\n#   severity: high\n#   enforcement: mandatory\n#   resources: [{resource}]\n#   controls:\n#     {controls}\npackage {package}\n\nimport rego.v1\n\n{body}\n"
    )
}

/// A workspace: two buckets (one without versioning), a database (private), a
/// policy mapped to no ACME control, and a team framework file.
fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("policies/frameworks")).unwrap();
    std::fs::create_dir_all(root.join("infra")).unwrap();
    std::fs::write(root.join("policies/frameworks/acme.yaml"), FRAMEWORK).unwrap();
    let policies = [
        (
            "versioning",
            "ACME-1",
            r#"ACME-Baseline-1.0: ["A.1"]"#,
            "aws_s3_bucket",
            "deny contains \"no versioning\" if not input.resource.values.versioning",
        ),
        (
            "public_db",
            "ACME-2",
            r#"ACME-Baseline-1.0: ["A.2"]"#,
            "aws_db_instance",
            "deny contains \"public\" if input.resource.values.publicly_accessible == true",
        ),
        (
            "queues",
            "ACME-3",
            r#"ACME-Baseline-1.0: ["A.3"]"#,
            "aws_sqs_queue",
            "deny contains \"plain\" if input.resource.values.sqs_managed_sse_enabled == false",
        ),
        (
            "tags",
            "ACME-4",
            r#"NIST-800-53-r5: ["CM-8"]"#,
            "aws_s3_bucket",
            "deny contains \"no tags\" if not input.resource.values.tags",
        ),
    ];
    for (name, id, controls, resource, body) in policies {
        let text = policy(id, &format!("acme.{name}"), controls, resource, body);
        std::fs::write(root.join(format!("policies/{name}.rego")), text).unwrap();
    }
    std::fs::write(
        root.join("infra/main.tf"),
        r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags   = { team = "platform" }
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  versioning {
    enabled = true
  }
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = false
}
"#,
    )
    .unwrap();
    tmp
}

fn report(dir: &Path, format: &str) -> (Option<i32>, String, String) {
    let out = vigil(
        dir,
        &[
            "report",
            "--no-builtin",
            "--policy-dir",
            "policies",
            "--framework",
            "acme",
            "infra",
            "--format",
            format,
        ],
    );
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_report_lists_every_control_with_its_policies_and_counts() {
    let tmp = workspace();
    let (code, md, stderr) = report(tmp.path(), "md");
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!(md);
    let (code, json, _) = report(tmp.path(), "json");
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!(json);
    let (code, html, _) = report(tmp.path(), "html");
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(html);
}

#[test]
fn check_with_a_framework_runs_only_the_policies_mapped_to_it() {
    let tmp = workspace();
    let args = ["check", "--no-builtin", "--policy-dir", "policies", "--format", "json", "infra"];
    let all = vigil(tmp.path(), &args);
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let ids = |v: &serde_json::Value| {
        let mut ids: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["policy_id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&all), ["ACME-1", "ACME-4"]);
    let mut framework_args = args.to_vec();
    framework_args.extend(["--framework", "ACME-Baseline-1.0"]);
    let only = vigil(tmp.path(), &framework_args);
    assert_eq!(only.status.code(), Some(1), "{}", text(&only.stderr));
    let only: serde_json::Value = serde_json::from_slice(&only.stdout).unwrap();
    assert_eq!(ids(&only), ["ACME-1"]);
    assert_eq!(only["summary"]["policies"], 3, "{only:#}");
}

#[test]
fn an_unknown_framework_is_an_error_naming_the_known_ones() {
    let tmp = workspace();
    let out = vigil(
        tmp.path(),
        &["check", "--no-builtin", "--policy-dir", "policies", "--framework", "sox", "infra"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "error: unknown framework `sox`; known: acme\n");
}

#[test]
fn a_broken_framework_file_is_a_positioned_error_and_exit_2() {
    let tmp = workspace();
    std::fs::write(
        tmp.path().join("policies/frameworks/broken.yaml"),
        "id: BROKEN\ntitle: Broken\ncontrols:\n  - id: \"B.1\"\n    titel: typo\n",
    )
    .unwrap();
    let (code, md, stderr) = report(tmp.path(), "md");
    assert_eq!(code, Some(2), "{md}");
    assert!(stderr.contains("policies/frameworks/broken.yaml: unknown key `titel` in a control"), "{stderr}");
    // The report is still written.
    assert!(md.contains("| A.1 | fail |"), "{md}");
}

/// The built-in frameworks on the bundled example: the Pod Security Standards'
/// profiles select their own controls, and a failing control names its policy.
#[test]
fn builtin_frameworks_report_on_the_example() {
    let out =
        vigil(&repo(), &["report", "--framework", "pss-baseline", "--format", "json", "testdata/example"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let controls = json["controls"].as_array().unwrap();
    assert!(controls.iter().all(|c| c["id"].as_str().unwrap().starts_with("baseline:")), "{json:#}");
    let privileged = controls.iter().find(|c| c["id"] == "baseline:privileged").unwrap();
    assert_eq!(privileged["status"], "fail", "{privileged:#}");
    assert!(privileged["policies"].as_array().unwrap().iter().any(|p| p["id"] == "VGL-K8S-001"));
    let restricted =
        vigil(&repo(), &["report", "--framework", "pss-restricted", "--format", "json", "testdata/example"]);
    let restricted: serde_json::Value = serde_json::from_slice(&restricted.stdout).unwrap();
    let ids: Vec<&str> =
        restricted["controls"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"baseline:privileged") && ids.contains(&"restricted:seccomp"), "{ids:?}");
    assert_eq!(restricted["unknown_citations"], serde_json::json!([]));
}
