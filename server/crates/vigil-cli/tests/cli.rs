//! `vigil check` and `vigil test` as users run them: the real binary on the bundled
//! example and on temporary workspaces.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::vigil;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn example_json() -> serde_json::Value {
    let out = vigil(&repo(), &["check", "testdata/example", "--format", "json"]);
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn example_text_output() {
    let out = vigil(&repo(), &["check", "testdata/example", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1), "mandatory findings exit 1\n{}", stdout(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn example_json_output() {
    let json = example_json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(json["summary"]["findings"], findings.len());
    // Disabled in vigil.toml, excluded by glob, and suppressed inline.
    assert!(!findings.iter().any(|f| f["policy_id"] == "VGL-AWS-S3-004"));
    assert!(!findings.iter().any(|f| f["file"].as_str().unwrap().contains("generated")));
    assert_eq!(json["suppressed"][0]["policy_id"], "VGL-AWS-RDS-002");
    // The SSH rule sees admin_cidr from terraform.tfvars, not the default.
    let ssh = findings.iter().find(|f| f["policy_id"] == "VGL-AWS-EC2-001").unwrap();
    assert_eq!(ssh["file"], "terraform/network.tf");
    assert_eq!(ssh["range"]["start"], serde_json::json!({"line": 10, "column": 20}));
    // The pack override makes Kubernetes findings mandatory.
    assert!(findings
        .iter()
        .filter(|f| f["file"] == "kubernetes/app.yaml")
        .all(|f| f["enforcement"] == "mandatory"));
    insta::assert_json_snapshot!(findings
        .iter()
        .map(|f| format!("{} {} {}:{}", f["policy_id"], f["address"], f["file"], f["range"]["start"]["line"]))
        .collect::<Vec<_>>());
}

fn validate_sarif(sarif: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("testdata/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_and_carries_rules_regions_and_fingerprints() {
    let out = vigil(&repo(), &["check", "testdata/example", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    validate_sarif(&sarif);
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 30);
    assert!(rules.iter().all(|r| !r["help"]["text"].as_str().unwrap().is_empty()));
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let rule_index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[rule_index]["id"], r["ruleId"]);
        assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["vigilFindingHash/v1"].as_str().unwrap().len() == 16);
    }
}

#[test]
fn sarif_fingerprints_survive_line_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let main = "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n";
    std::fs::write(dir.path().join("main.tf"), main).unwrap();
    let run = |dir: &Path| -> Vec<(String, u64)> {
        let out = vigil(dir, &["check", ".", "--format", "sarif"]);
        let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        validate_sarif(&sarif);
        let mut v: Vec<(String, u64)> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    format!("{} {}", r["ruleId"], r["partialFingerprints"]["vigilFindingHash/v1"]),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = run(dir.path());
    std::fs::write(dir.path().join("main.tf"), format!("# a comment\n\n{main}")).unwrap();
    let after = run(dir.path());
    assert!(!before.is_empty());
    assert_eq!(
        before.iter().map(|x| &x.0).collect::<Vec<_>>(),
        after.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    assert!(before.iter().zip(&after).any(|(b, a)| a.1 == b.1 + 2), "lines moved: {before:?} {after:?}");
}

#[test]
fn junit_is_well_formed_with_one_failure_per_finding() {
    let findings = example_json()["findings"].as_array().unwrap().len();
    let out = vigil(&repo(), &["check", "testdata/example", "--format", "junit"]);
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failures = doc.descendants().filter(|n| n.has_tag_name("failure")).count();
    assert_eq!(failures, findings);
    assert_eq!(doc.root_element().attribute("failures"), Some(findings.to_string().as_str()));
}

/// CI dashboards key a test's history by its name: two findings of one policy on
/// one resource are two names (the attribute, else a number).
#[test]
fn junit_test_names_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"x\"\n  bucket = \"y\"\n}\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    std::fs::write(
        dir.path().join("policies/twice.rego"),
        "# METADATA\n# title: Twice\n# description: d\n# custom:\n#   id: T-TWICE\n#   resources: [aws_s3_bucket]\npackage t.twice\n\nimport rego.v1\n\ndeny contains {\"msg\": \"acl\", \"path\": \"/acl\"}\ndeny contains {\"msg\": \"bucket\", \"path\": \"/bucket\"}\ndeny contains {\"msg\": \"bucket again\", \"path\": \"/bucket\"}\n",
    )
    .unwrap();
    let out = vigil(dir.path(), &["check", ".", "--policy-dir", "policies", "--format", "junit"]);
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .filter_map(|n| n.attribute("name"))
        .filter(|n| n.starts_with("T-TWICE"))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "T-TWICE aws_s3_bucket.b /acl",
            "T-TWICE aws_s3_bucket.b /bucket",
            "T-TWICE aws_s3_bucket.b /bucket #2"
        ],
        "{xml}"
    );
}

#[test]
fn filters_and_exit_codes() {
    let advisory =
        vigil(&repo(), &["check", "testdata/example", "--enforcement", "advisory", "--format", "json"]);
    assert_eq!(advisory.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&advisory)).unwrap();
    assert!(json["findings"].as_array().unwrap().iter().all(|f| f["enforcement"] == "advisory"));
    let high = vigil(&repo(), &["check", "testdata/example", "--severity", "high", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&high)).unwrap();
    assert!(!json["findings"].as_array().unwrap().is_empty());
    assert!(json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "high" || f["severity"] == "critical"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"private\"\n}\n",
    )
    .unwrap();
    let clean = vigil(dir.path(), &["check", "--format", "json"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));

    let usage = vigil(dir.path(), &["check", "--no-such-flag"]);
    assert_eq!(usage.status.code(), Some(2));
    let missing = vigil(dir.path(), &["check", "does-not-exist"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does-not-exist"));
}

#[test]
fn bad_config_is_a_positioned_error_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vigil.toml"), "[policy.VGL-AWS-S3-001]\nenforcement = \"strict\"\n")
        .unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    let out = vigil(dir.path(), &["check", "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("vigil.toml:2:15"), "{text}");
    assert!(text.contains("unknown enforcement level `strict`"), "{text}");
}

#[test]
fn a_single_file_is_read_with_its_module() {
    let out = vigil(&repo(), &["check", "testdata/example/terraform/network.tf", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["file"] == "terraform/network.tf"), "{findings:?}");
    // admin_cidr comes from terraform.tfvars in the same directory.
    assert!(findings.iter().any(|f| f["policy_id"] == "VGL-AWS-EC2-001"));
}

#[test]
fn vigil_test_runs_rego_tests() {
    let ok = vigil(&repo(), &["test", "testdata/example/policies", "policies"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("PASS: "));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.rego"), "package p\n\nimport rego.v1\n\nallow if input.x == 1\n")
        .unwrap();
    std::fs::write(
        dir.path().join("p_test.rego"),
        "package p_test\n\nimport rego.v1\n\ntest_ok if data.p.allow with input as {\"x\": 1}\n\ntest_wrong if data.p.allow with input as {\"x\": 2}\n",
    )
    .unwrap();
    let out = vigil(dir.path(), &["test", "."]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL: p_test.rego:7:1: data.p_test.test_wrong"), "{text}");
    assert!(text.contains("PASS: 1/2"), "{text}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn snapshot_texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(snapshot_texts(&path));
        } else {
            out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn fix_on_a_copy_of_the_example_diff_then_write_then_no_op() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("example");
    copy_dir(&repo().join("testdata/example"), &ws);
    let before = snapshot_texts(&ws);

    // --diff prints a patch, writes nothing, and exits 1 (there are changes).
    let diff = vigil(&ws, &["fix", "--all", "--diff"]);
    assert_eq!(diff.status.code(), Some(1), "{}", String::from_utf8_lossy(&diff.stderr));
    let patch = stdout(&diff);
    assert!(patch.contains("--- a/") && patch.contains("+++ b/") && patch.contains("@@"), "{patch}");
    assert_eq!(snapshot_texts(&ws), before, "--diff wrote something");

    // Applying: the fixed findings are gone from `vigil check`.
    let fixed = vigil(&ws, &["fix", "--all"]);
    let summary = String::from_utf8_lossy(&fixed.stderr).to_string();
    assert_eq!(fixed.status.code(), Some(0), "{summary}");
    assert!(summary.starts_with("fixed "), "{summary}");
    let after = snapshot_texts(&ws);
    assert_ne!(after, before);
    let check: serde_json::Value =
        serde_json::from_str(&stdout(&vigil(&ws, &["check", "--format", "json"]))).unwrap();
    let left_with_safe_fix: Vec<_> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["fix"].as_array().unwrap().is_empty() && f["fix_safety"] == "safe")
        .map(|f| format!("{} {}", f["policy_id"], f["address"]))
        .collect();
    assert!(left_with_safe_fix.is_empty(), "{left_with_safe_fix:?}\n{summary}");

    // A second run changes nothing.
    let again = vigil(&ws, &["fix", "--all"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("fixed 0 findings in 0 files"));
    assert_eq!(snapshot_texts(&ws), after, "the second run changed files");
}

#[test]
fn fix_reports_an_unwritable_file_and_writes_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    std::fs::write(
        ws.join("a.tf"),
        "resource \"aws_ebs_volume\" \"a\" {\n  size      = 8\n  encrypted = false\n}\n",
    )
    .unwrap();
    std::fs::create_dir(ws.join("locked")).unwrap();
    let locked = ws.join("locked/b.tf");
    std::fs::write(&locked, "resource \"aws_ebs_volume\" \"b\" {\n  size      = 8\n  encrypted = false\n}\n")
        .unwrap();
    let mut perms = std::fs::metadata(&locked).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&locked, perms).unwrap();

    // Encrypting a volume replaces it: the policy marks its fix unsafe.
    let out = vigil(ws, &["fix", "--all", "--policy", "VGL-AWS-EC2-003", "."]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains("2 unsafe fixes not applied"), "{stderr}");
    let out = vigil(ws, &["fix", "--all", "--unsafe", "--policy", "VGL-AWS-EC2-003", "."]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write locked/b.tf"), "{stderr}");
    // The summary counts only what was written.
    assert!(stderr.contains("fixed 1 finding in 1 file"), "{stderr}");
    assert!(stderr.contains("✓ VGL-AWS-EC2-003 a.tf:aws_ebs_volume.a"), "{stderr}");
    assert!(stderr.contains("✗ VGL-AWS-EC2-003 locked/b.tf:aws_ebs_volume.b: not fixed"), "{stderr}");
    assert!(std::fs::read_to_string(ws.join("a.tf")).unwrap().contains("encrypted = true"));
    assert!(std::fs::read_to_string(&locked).unwrap().contains("encrypted = false"));
}

/// `path:line`'s text, for checking that a finding lands on the right line.
fn line_of(path: &Path, line: u64) -> String {
    std::fs::read_to_string(path).unwrap().lines().nth(line as usize - 1).unwrap().trim().to_string()
}

#[test]
fn audit_checks_state_files_and_kubectl_dumps_in_place() {
    let out = vigil(&repo(), &["check", "--audit", "testdata/audit", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "mandatory findings exit 1\n{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    // The backup of the state is not read.
    assert_eq!(json["summary"]["files"], 2);
    assert!(json["diagnostics"].as_array().unwrap().is_empty(), "{}", json["diagnostics"]);
    let find = |id: &str, address: &str| {
        findings
            .iter()
            .find(|f| f["policy_id"] == id && f["address"] == address)
            .unwrap_or_else(|| panic!("no {id} on {address}: {findings:#?}"))
    };
    let line = |f: &serde_json::Value| {
        line_of(&repo().join(f["file"].as_str().unwrap()), f["range"]["start"]["line"].as_u64().unwrap())
    };
    let acl = findings.iter().find(|f| f["policy_id"] == "VGL-AWS-S3-001" && f["path"] == "/acl").unwrap();
    assert_eq!(acl["address"], "aws_s3_bucket.assets");
    assert_eq!(acl["file"], "testdata/audit/terraform.tfstate");
    assert_eq!(line(acl), r#""acl": "public-read","#);
    let versioning = find("VGL-AWS-S3-002", "aws_s3_bucket.assets");
    assert_eq!(versioning["path"], "/versioning/enabled");
    assert_eq!(line(versioning), r#""enabled": false,"#);
    let ebs = find("VGL-AWS-EC2-003", "aws_ebs_volume.scratch");
    assert_eq!(line(ebs), r#""encrypted": false,"#);
    let privileged = find("VGL-K8S-001", "Pod/ops/debug-shell");
    assert_eq!(privileged["file"], "testdata/audit/workloads.json");
    assert_eq!(line(privileged), r#""privileged": true"#);
    // Encrypted volumes, the module's private versioned bucket and the fine
    // workloads are not reported; nothing offers a fix that would edit a record.
    assert!(!findings
        .iter()
        .any(|f| f["policy_id"] == "VGL-AWS-EC2-003" && f["address"] != "aws_ebs_volume.scratch"));
    assert!(!findings.iter().any(|f| f["address"] == "module.logs.aws_s3_bucket.this"
        && ["VGL-AWS-S3-001", "VGL-AWS-S3-002"].contains(&f["policy_id"].as_str().unwrap())));
    // The well-configured web workloads get only advisory hygiene findings (probes,
    // digests, token mounts), no security finding.
    assert!(
        !findings
            .iter()
            .any(|f| f["address"].as_str().unwrap().contains("web") && f["enforcement"] != "advisory"),
        "{findings:#?}"
    );
    assert!(findings.iter().all(|f| f["fix"].as_array().unwrap().is_empty()));
    insta::assert_json_snapshot!(findings
        .iter()
        .map(|f| format!("{} {} {}:{}", f["policy_id"], f["address"], f["file"], f["range"]["start"]["line"]))
        .collect::<Vec<_>>());

    // Text output shows the line of the state file with the resource address.
    let text = stdout(&vigil(
        &repo(),
        &["check", "--audit", "testdata/audit/terraform.tfstate", "--color", "never"],
    ));
    assert!(text.contains("--> testdata/audit/terraform.tfstate:"), "{text}");
    assert!(text.contains(r#""acl": "public-read","#), "{text}");
    assert!(text.contains("resource: aws_s3_bucket.assets"), "{text}");
    assert!(!text.contains("fix available"), "{text}");
}

#[test]
fn without_audit_state_files_and_dumps_are_only_noted() {
    let out = vigil(&repo(), &["check", "testdata/audit", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json["findings"].as_array().unwrap().is_empty(), "{}", json["findings"]);
    assert_eq!(json["summary"]["resources"], 0);
    let notes: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["severity"], d["code"], d["file"]))
        .collect();
    assert_eq!(
        notes,
        [
            r#""info" "audit-skipped" "testdata/audit/terraform.tfstate""#,
            r#""info" "audit-skipped" "testdata/audit/workloads.json""#
        ]
    );
}

#[test]
fn audit_reads_a_gitignored_state_file_when_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "*.tfstate\n").unwrap();
    std::fs::copy(repo().join("testdata/audit/terraform.tfstate"), dir.path().join("terraform.tfstate"))
        .unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"private\"\n}\n",
    )
    .unwrap();
    let files_of = |args: &[&str]| -> Vec<String> {
        let out = vigil(dir.path(), args);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let mut files: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    // A walk honours .gitignore.
    assert!(
        !files_of(&["check", "--audit", ".", "--format", "json"]).contains(&"terraform.tfstate".to_string())
    );
    // Named, it is read.
    assert_eq!(
        files_of(&["check", "--audit", "terraform.tfstate", "--format", "json"]),
        ["terraform.tfstate"]
    );
    // Without the .gitignore, a walk reads it.
    std::fs::remove_file(dir.path().join(".gitignore")).unwrap();
    assert!(files_of(&["check", "--audit", "--format", "json"]).contains(&"terraform.tfstate".to_string()));
}

/// The modules a root calls are read from disk: local ones (also when one file is
/// checked) and those `terraform init` downloaded into the gitignored `.terraform`.
#[test]
fn modules_are_read_from_disk_local_and_downloaded() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    let write = |rel: &str, text: &str| {
        let path = ws.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(".gitignore", ".terraform/\n");
    write(
        "main.tf",
        "module \"local\" {\n  source = \"./modules/bucket\"\n  acl    = \"public-read\"\n}\n\nmodule \"remote\" {\n  source = \"acme/bucket/aws\"\n  acl    = \"public-read-write\"\n}\n",
    );
    let module = "variable \"acl\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  acl = var.acl\n}\n";
    write("modules/bucket/main.tf", module);
    write(".terraform/modules/remote/main.tf", module);
    write(
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"remote","Source":"registry.terraform.io/acme/bucket/aws","Dir":".terraform/modules/remote"}]}"#,
    );
    for args in [&["check", "--format", "json", "."][..], &["check", "--format", "json", "main.tf"][..]] {
        let out = vigil(ws, args);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let mut acl: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["policy_id"] == "VGL-AWS-S3-001")
            .map(|f| {
                format!(
                    "{} {}:{}",
                    f["address"].as_str().unwrap(),
                    f["file"].as_str().unwrap(),
                    f["range"]["start"]["line"]
                )
            })
            .collect();
        acl.sort();
        assert_eq!(
            acl,
            ["module.local.aws_s3_bucket.this main.tf:3", "module.remote.aws_s3_bucket.this main.tf:8"],
            "{args:?}"
        );
    }
}

/// Files the Terraform code reads with `file()` are read from disk, whatever their
/// extension.
#[test]
fn files_read_by_terraform_functions_are_read_from_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    std::fs::create_dir_all(ws.join("settings")).unwrap();
    std::fs::write(ws.join("settings/acl.tpl"), "public-read\n").unwrap();
    std::fs::write(
        ws.join("main.tf"),
        "resource \"aws_s3_bucket\" \"a\" {\n  acl = trimspace(file(\"${path.module}/settings/acl.tpl\"))\n}\n",
    )
    .unwrap();
    let out = vigil(ws, &["check", "--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        json["findings"].as_array().unwrap().iter().any(|f| f["policy_id"] == "VGL-AWS-S3-001"),
        "{json}"
    );
}

/// Writes `files` (path, text) under `dir`, creating directories.
fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// `policy address file:line` of each finding of a JSON report, sorted.
fn finding_lines(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    let mut lines: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["policy_id"].as_str().unwrap(),
                f["address"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["range"]["start"]["line"]
            )
        })
        .collect();
    lines.sort();
    lines
}

/// `file: message` of each diagnostic of a JSON report with this code.
fn diagnostic_lines(out: &Output, code: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| format!("{}: {}", d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect()
}

/// A module's `examples/complete` calls `source = "../.."`: checked as a folder, as its
/// `main.tf`, and from inside it, the module above is read with the example's inputs
/// (inside the repository only), its findings are named `../../main.tf` from inside,
/// and `vigil fix` edits it there. Without a repository around, nothing above the
/// checked folder is read.
#[test]
fn module_example_roots_read_the_module_above_inside_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    write_files(
        &repo,
        &[
            (
                "main.tf",
                "variable \"acl\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  acl = var.acl\n}\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 8\n  encrypted         = false\n}\n",
            ),
            (
                "examples/complete/main.tf",
                "module \"bucket\" {\n  source = \"../..\"\n  acl    = \"public-read\"\n}\n\nmodule \"far\" {\n  source = \"../../../outside\"\n}\n",
            ),
        ],
    );
    let outside = "resource \"aws_ebs_volume\" \"far\" {\n  encrypted = false\n}\n";
    write_files(tmp.path(), &[("outside/main.tf", outside)]);
    std::fs::create_dir(repo.join(".git")).unwrap();
    let example = repo.join("examples/complete");
    let keep = |lines: Vec<String>| -> Vec<String> {
        lines.into_iter().filter(|l| l.contains("S3-001") || l.contains("EC2-003")).collect()
    };

    let out = vigil(&repo, &["check", "--format", "json", "examples/complete"]);
    assert_eq!(
        keep(finding_lines(&out)),
        [
            "VGL-AWS-EC2-003 module.bucket.aws_ebs_volume.data main.tf:8",
            "VGL-AWS-S3-001 module.bucket.aws_s3_bucket.this examples/complete/main.tf:3",
        ]
    );
    let out = vigil(&repo, &["check", "--format", "json", "examples/complete/main.tf"]);
    assert_eq!(
        keep(finding_lines(&out)),
        ["VGL-AWS-S3-001 module.bucket.aws_s3_bucket.this examples/complete/main.tf:3"]
    );
    let out = vigil(&example, &["check", "--format", "json", "."]);
    assert_eq!(
        keep(finding_lines(&out)),
        [
            "VGL-AWS-EC2-003 module.bucket.aws_ebs_volume.data ../../main.tf:8",
            "VGL-AWS-S3-001 module.bucket.aws_s3_bucket.this main.tf:3",
        ]
    );
    // The module outside the repository is not read: a note on its call instead.
    assert!(!stdout(&out).contains("aws_ebs_volume.far"), "{}", stdout(&out));
    let notes = diagnostic_lines(&out, "terraform-module");
    assert!(
        notes.len() == 1 && notes[0].starts_with("main.tf: module `far`: `../../../outside`"),
        "{notes:?}"
    );
    let text = stdout(&vigil(&example, &["check", "--color", "never", "."]));
    assert!(text.contains("--> ../../main.tf:8:23"), "{text}");

    // `vigil fix` edits the module's file above the checked folder.
    let fixed = vigil(&example, &["fix", "--all", "--unsafe", "--policy", "VGL-AWS-EC2-003", "."]);
    let summary = String::from_utf8_lossy(&fixed.stderr).to_string();
    assert_eq!(fixed.status.code(), Some(0), "{summary}");
    assert!(summary.contains("VGL-AWS-EC2-003 ../../main.tf:module.bucket.aws_ebs_volume.data"), "{summary}");
    assert!(std::fs::read_to_string(repo.join("main.tf")).unwrap().contains("encrypted         = true"));
    assert_eq!(std::fs::read_to_string(tmp.path().join("outside/main.tf")).unwrap(), outside);

    // Without a repository, the checked folder (the current directory) is the boundary:
    // neither module is read.
    std::fs::remove_dir(repo.join(".git")).unwrap();
    let out = vigil(&example, &["check", "--format", "json", "."]);
    assert_eq!(finding_lines(&out), Vec::<String>::new(), "{}", stdout(&out));
    assert_eq!(diagnostic_lines(&out, "terraform-module").len(), 2);
}

/// Symbolic links inside the repository are read: a linked file keeps the link's
/// path (it belongs to the link's directory, as in Terraform), a linked directory is
/// walked, loops end; a link that leads outside is not read (one note), and
/// `vigil fix` edits a linked file's target and keeps the link.
#[cfg(unix)]
#[test]
fn symlinks_inside_are_read_loops_end_and_outside_links_are_not_followed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let volume = |name: &str| format!("resource \"aws_ebs_volume\" \"{name}\" {{\n  encrypted = false\n}}\n");
    write_files(
        &repo,
        &[
            ("shared/providers.tf", &volume("shared")),
            ("modules/vol/main.tf", &volume("mod")),
            ("env/main.tf", "module \"m\" {\n  source = \"./mods/vol\"\n}\n"),
        ],
    );
    let secret = "resource \"aws_ebs_volume\" \"secret\" {\n  encrypted = false # SECRET TEXT\n}\n";
    write_files(tmp.path(), &[("outside/secret.tf", secret)]);
    std::fs::create_dir(repo.join(".git")).unwrap();
    symlink("../shared/providers.tf", repo.join("env/providers.tf")).unwrap();
    symlink("../modules", repo.join("env/mods")).unwrap();
    symlink("..", repo.join("env/loop")).unwrap();
    symlink(".", repo.join("env/self")).unwrap();
    symlink(tmp.path().join("outside/secret.tf"), repo.join("env/secret.tf")).unwrap();
    symlink(tmp.path().join("outside"), repo.join("env/outdir")).unwrap();

    let out = vigil(&repo, &["check", "--format", "json", "."]);
    let ebs: Vec<String> = finding_lines(&out).into_iter().filter(|l| l.contains("EC2-003")).collect();
    assert_eq!(
        ebs,
        [
            "VGL-AWS-EC2-003 aws_ebs_volume.mod modules/vol/main.tf:2",
            "VGL-AWS-EC2-003 aws_ebs_volume.shared env/providers.tf:2",
            "VGL-AWS-EC2-003 aws_ebs_volume.shared shared/providers.tf:2",
            "VGL-AWS-EC2-003 module.m.aws_ebs_volume.mod env/mods/vol/main.tf:2",
        ]
    );
    let notes = diagnostic_lines(&out, "outside-workspace");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with("env/outdir: not read: it is a symbolic link to "), "{notes:?}");
    assert!(notes[1].starts_with("env/secret.tf: not read: it is a symbolic link to "), "{notes:?}");
    let verbose = stdout(&vigil(&repo, &["check", "-v", "--color", "never", "."]));
    assert!(!verbose.contains("SECRET") && !verbose.contains("aws_ebs_volume.secret"), "{verbose}");
    // Named on the command line, the outside link is not read either.
    let out = vigil(&repo, &["check", "--format", "json", "env/secret.tf"]);
    assert!(finding_lines(&out).is_empty(), "{}", stdout(&out));
    assert_eq!(diagnostic_lines(&out, "outside-workspace").len(), 1);

    let fixed = vigil(&repo, &["fix", "--all", "--unsafe", "--policy", "VGL-AWS-EC2-003", "env"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", String::from_utf8_lossy(&fixed.stderr));
    assert!(std::fs::symlink_metadata(repo.join("env/providers.tf")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(repo.join("shared/providers.tf")).unwrap().contains("encrypted = true"));
    assert!(std::fs::read_to_string(repo.join("modules/vol/main.tf")).unwrap().contains("encrypted = true"));
    assert_eq!(std::fs::read_to_string(tmp.path().join("outside/secret.tf")).unwrap(), secret);
}

/// Terraform functions read binary files (the usual Lambda zip) as bytes; `file()`
/// of one is Terraform's error at the call, not an error on the zip. The expected
/// hash was computed with Python's hashlib and base64 on the same bytes.
#[test]
fn binary_files_read_by_terraform_functions() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    std::fs::create_dir(repo.join(".git")).unwrap();
    write_files(
        repo,
        &[
            (
                "main.tf",
                "resource \"aws_lambda_function\" \"f\" {\n  function_name    = \"f\"\n  source_code_hash = filebase64sha256(\"${path.module}/lambda.zip\")\n}\n\nresource \"aws_s3_object\" \"o\" {\n  content = file(\"${path.module}/lambda.zip\")\n}\n",
            ),
            ("examples/complete/main.tf", "module \"this\" {\n  source = \"../..\"\n}\n"),
            (
                "policies/hash.rego",
                "# METADATA\n# title: Reports the source code hash\n# description: Test policy.\n# custom:\n#   id: TEST-HASH-001\n#   severity: low\n#   enforcement: advisory\n#   resources: [aws_lambda_function]\npackage test.hash\n\nimport rego.v1\n\ndeny contains result if {\n\th := input.resource.values.source_code_hash\n\tresult := {\"msg\": sprintf(\"hash=%s\", [h]), \"path\": \"/source_code_hash\"}\n}\n",
            ),
        ],
    );
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend(0..=255u8);
    std::fs::write(repo.join("lambda.zip"), zip).unwrap();
    for (dir, file) in [(repo.to_path_buf(), "main.tf"), (repo.join("examples/complete"), "../../main.tf")] {
        let policy_dir = repo.join("policies");
        let out = vigil(
            &dir,
            &["check", "--format", "json", "--no-builtin", "--policy-dir", policy_dir.to_str().unwrap(), "."],
        );
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let messages: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{}: {}", f["file"].as_str().unwrap(), f["message"].as_str().unwrap()))
            .collect();
        assert_eq!(messages, [format!("{file}: hash=v+a5uJx8TA+QySkIL2FdbFtNKzwgeNiQJYvLQfLqo0I=")]);
        let diagnostics: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!("{}:{}: {}", d["file"].as_str().unwrap(), d["range"]["start"]["line"], d["message"])
            })
            .collect();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0].starts_with(&format!("{file}:7: "))
                && diagnostics[0].contains("are not valid UTF-8; use the filebase64 function"),
            "{diagnostics:?}"
        );
    }
}

/// The summary says what was read but not evaluated, and why: a resource whose
/// `count` is known only at apply time, a registry module `terraform init` has not
/// downloaded (one per call, however many instances call it), a state file without
/// `--audit`; and a kind of resources no policy applies to gets one note (`-v`).
#[test]
fn the_summary_says_what_was_not_evaluated_and_why() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    write_files(
        ws,
        &[
            (
                "main.tf",
                "variable \"n\" {}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  count  = var.n\n  bucket = \"logs\"\n  acl    = \"public-read\"\n}\n\nresource \"aws_s3_bucket\" \"one\" {\n  bucket = \"one\"\n  acl    = \"private\"\n}\n\nmodule \"pair\" {\n  count  = 2\n  source = \"./modules/pair\"\n}\n",
            ),
            ("modules/pair/main.tf", "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n"),
            ("terraform.tfstate", r#"{"version": 4, "terraform_version": "1.9.5", "resources": []}"#),
        ],
    );
    let text = stdout(&vigil(ws, &["check", "--color", "never", "."]));
    let last = text.lines().last().unwrap();
    assert!(last.contains(" in 2 resources from 3 files, "), "{text}");
    assert!(
        last.ends_with(
            " policies; 1 resource not evaluated (count not known before plan: 1), \
             1 module not downloaded (run terraform init), 1 state file or kubectl dump not read (use --audit)."
        ),
        "{text}"
    );
    // Quiet notes stay quiet without -v.
    assert!(!text.contains("terraform-unknown-count"), "{text}");

    let out = vigil(ws, &["check", "--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json["summary"]["not_evaluated"],
        serde_json::json!({
            "resources": 1,
            "count_unknown": 1,
            "for_each_unknown": 0,
            "module_calls": 1,
            "module_instances_unknown": 0,
            "modules_not_downloaded": 1,
            "modules_not_found": 0,
            "helm_templates": 0,
            "audit_files": 1,
        })
    );
    assert_eq!(diagnostic_lines(&out, "terraform-module").len(), 1, "{json}");
    // No finding on the resource that may not exist.
    assert!(
        finding_lines(&out).iter().all(|l| !l.contains("aws_s3_bucket.logs")),
        "{:?}",
        finding_lines(&out)
    );

    // Pulumi resources when the only policy is about Terraform buckets: one note.
    write_files(
        ws,
        &[
            ("site/Pulumi.yaml", "name: site\nruntime: yaml\nresources:\n  a:\n    type: aws:s3/bucket:Bucket\n  b:\n    type: aws:s3/bucket:Bucket\n"),
            (
                "policies/bucket.rego",
                "# METADATA\n# title: Buckets are named\n# custom:\n#   id: ORG-1\n#   severity: low\n#   resources: [aws_s3_bucket]\npackage org.bucket\n\nimport rego.v1\n\ndeny contains \"no name\" if {\n\tnot input.resource.values.bucket\n}\n",
            ),
        ],
    );
    let args = ["check", "--color", "never", "--no-builtin", "--policy-dir", "policies", "."];
    let quiet = stdout(&vigil(ws, &args));
    assert!(!quiet.contains("no-policy"), "{quiet}");
    let verbose = stdout(&vigil(ws, &[&args[..], &["-v"]].concat()));
    assert_eq!(verbose.matches("info[no-policy]").count(), 1, "{verbose}");
    assert!(
        verbose.contains("no loaded policy applies to Pulumi resources: the 2 resources in 1 file (types: aws:s3/bucket:Bucket) are read but not checked"),
        "{verbose}"
    );
}

/// A pack `vigil.toml` disables is not even loaded, except for the policies a
/// `[policy.<id>]` entry or a scope enables again; naming a disabled policy is not an
/// unknown id.
#[test]
fn a_disabled_pack_is_not_loaded_unless_a_policy_of_it_is_enabled_again() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  acl    = \"public-read\"\n}\n";
    write_files(ws, &[("main.tf", bucket)]);
    let policies = |out: &Output| -> u64 {
        let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
        json["summary"]["policies"].as_u64().unwrap()
    };
    let all = vigil(ws, &["check", ".", "--format", "json"]);
    let all_policies = policies(&all);
    assert!(
        finding_lines(&all).iter().any(|l| l.starts_with("VGL-AWS-S3-001 ")),
        "{:?}",
        finding_lines(&all)
    );

    write_files(
        ws,
        &[(
            "vigil.toml",
            "[packs.aws]\nenabled = false\n\n[policy.VGL-AWS-KMS-001]\nenforcement = \"disabled\"\n",
        )],
    );
    let without = vigil(ws, &["check", ".", "--format", "json"]);
    let aws = builtin_pack_size("aws");
    assert_eq!(policies(&without), all_policies - aws, "the aws pack is not loaded");
    assert!(finding_lines(&without).is_empty(), "{:?}", finding_lines(&without));
    assert!(diagnostic_lines(&without, "config").is_empty(), "{:?}", diagnostic_lines(&without, "config"));

    write_files(
        ws,
        &[(
            "vigil.toml",
            "[packs.aws]\nenabled = false\n\n[policy.VGL-AWS-S3-001]\nenforcement = \"mandatory\"\n",
        )],
    );
    let one = vigil(ws, &["check", ".", "--format", "json"]);
    assert_eq!(policies(&one), all_policies - aws + 1, "only the re-enabled aws policy is loaded");
    assert_eq!(finding_lines(&one), vec!["VGL-AWS-S3-001 aws_s3_bucket.b main.tf:3".to_string()]);
}

/// The number of policies of a built-in pack (folders with a policy.rego).
fn builtin_pack_size(pack: &str) -> u64 {
    std::fs::read_dir(repo().join("policies").join(pack))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("policy.rego").exists())
        .count() as u64
}

/// A byte that is not UTF-8 (Latin-1 `é` in a comment) no longer hides the file:
/// it is read with U+FFFD in its place, the error says where, the findings around
/// it are reported, and `vigil fix` leaves the file's bytes alone.
#[test]
fn a_stray_non_utf8_byte_is_an_error_where_it_is_and_hides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n  # caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\n  acl = \"public-read\"\n}\n");
    std::fs::write(dir.path().join("main.tf"), &bytes).unwrap();
    let out = vigil(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3), "an input file was not read whole");
    let allowed = vigil(dir.path(), &["check", ".", "--allow-input-errors"]);
    assert_eq!(allowed.status.code(), Some(1), "the mandatory public-ACL finding");
    assert!(
        finding_lines(&out).contains(&"VGL-AWS-S3-001 aws_s3_bucket.a main.tf:4".to_string()),
        "{:?}",
        finding_lines(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let encoding: Vec<&serde_json::Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "encoding").collect();
    assert_eq!(encoding.len(), 1, "{json:#}");
    assert_eq!(
        (&encoding[0]["range"]["start"]["line"], &encoding[0]["range"]["start"]["column"]),
        (&3.into(), &8.into())
    );
    assert!(encoding[0]["message"].as_str().unwrap().contains("0xE9"));

    let fix = vigil(dir.path(), &["fix", ".", "--all"]);
    let err = String::from_utf8_lossy(&fix.stderr);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("main.tf")).unwrap(), bytes, "the file is not rewritten");
}

/// `vigil check | head` and `vigil test | head` close the pipe early: output stops
/// quietly (no panic) and the exit code still says what was found.
#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let buckets: String = (0..300)
        .map(|i| format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b{i}\"\n  acl    = \"public-read\"\n}}\n"))
        .collect();
    std::fs::write(dir.path().join("main.tf"), buckets).unwrap();
    for args in [&["check", "."][..], &["check", ".", "--format", "json"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The reader is gone (dropped) long before the output (over 100 KB) ends.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: the mandatory findings still set the exit code");
    }
}

/// Text from the checked files never reaches the terminal as control bytes (an ESC
/// in a resource name, a BEL in a line shown), and JUnit stays well-formed XML with
/// characters XML forbids (U+FFFF) in a message.
#[test]
fn untrusted_text_is_escaped_in_text_and_junit_output() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "main.tf",
                "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"x\\u001b[2Jy\\uffffz\"\n  acl    = \"public-read\" # \u{7}\u{1b}]0;title\u{7}\n}\n",
            ),
            (
                "policies/names.rego",
                "# METADATA\n# title: Names\n# custom:\n#   id: T-NAME\n#   resources: [aws_s3_bucket]\npackage t.names\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := sprintf(\"bucket %s\", [input.resource.values.bucket])\n}\n",
            ),
        ],
    );
    let text = vigil(dir.path(), &["check", ".", "--policy-dir", "policies"]);
    let out = stdout(&text);
    assert!(out.contains("VGL-AWS-S3-001") && out.contains("T-NAME"), "{out}");
    assert!(!out.contains(['\u{1b}', '\u{7}']), "control bytes reached the terminal: {out:?}");
    assert!(out.contains("bucket x?[2Jy"), "{out}");

    let junit = vigil(dir.path(), &["check", ".", "--policy-dir", "policies", "--format", "junit"]);
    let xml = stdout(&junit);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let message =
        doc.descendants().filter_map(|n| n.attribute("message")).find(|m| m.starts_with("bucket")).unwrap();
    assert!(message.contains('\u{fffd}') && !message.contains('\u{ffff}'), "{message:?}");
}

/// An empty folder (or one with no infrastructure files) is not a pass: a mistyped
/// path in CI must fail, unless `--allow-empty`.
#[test]
fn nothing_to_check_is_exit_2_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("README.md", "# docs\n"), ("ci.yml", "jobs: {}\n")]);
    let out = vigil(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no infrastructure files"), "{out:?}");
    assert_eq!(vigil(dir.path(), &["check", ".", "--allow-empty"]).status.code(), Some(0));
    write_files(dir.path(), &[("main.tf", "variable \"x\" {}\n")]);
    assert_eq!(
        vigil(dir.path(), &["check", "."]).status.code(),
        Some(0),
        "a module with no resources is checked"
    );
}

/// Checked from the directory above a repository, a link inside it that leads out of
/// it (to a file beside the repository) is neither read nor written through: the
/// repository is the boundary, not the working directory.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_repository_is_not_followed_from_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.2\n      securityContext:\n        privileged: true\n";
    write_files(
        dir.path(),
        &[
            ("outside/pod.yaml", pod),
            ("repo/.git/HEAD", "ref: refs/heads/main\n"),
            ("repo/main.tf", "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n"),
        ],
    );
    std::os::unix::fs::symlink("../outside/pod.yaml", dir.path().join("repo/pod.yaml")).unwrap();
    let out = vigil(dir.path(), &["check", "repo", "--format", "json"]);
    assert!(!finding_lines(&out).iter().any(|l| l.contains("pod.yaml")), "{:?}", finding_lines(&out));
    assert_eq!(diagnostic_lines(&out, "outside-workspace").len(), 1, "{}", stdout(&out));
    vigil(dir.path(), &["fix", "repo", "--all", "--unsafe"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("outside/pod.yaml")).unwrap(), pod);
}
