//! The policy editor, in process: a `.rego` file as a policy author sees it while
//! typing (diagnostics of policies, libraries and tests; the last good version of a
//! half-typed policy) and the language features of Rego files.
#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use serde_json::{json, Value};

use common::client::{codes, Client};

const MAIN_TF: &str =
    "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n  acl    = \"public-read\"\n}\n";

const POLICY: &str = "# METADATA\n# title: Name prefix\n# custom:\n#   id: ACME-1\n#   resources: [aws_s3_bucket]\npackage acme.names\n\nimport rego.v1\n\ndeny contains {\"msg\": \"bucket names start with acme-\", \"path\": \"/bucket\"} if {\n\tnot startswith(input.resource.values.bucket, \"acme-\")\n}\n";

fn workspace(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("main.tf", MAIN_TF),
        ("policies/names.rego", POLICY),
        ("vigil.toml", "[policies]\ndirs = [\"policies\"]\n"),
    ];
    files.extend_from_slice(extra);
    files
}

fn messages(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// Test files are checked as policies are: every syntax error, and calls to
/// functions that exist nowhere, at the call.
#[tokio::test]
async fn test_files_get_every_syntax_error_and_undefined_calls() {
    let test = "package acme.names_test\n\nimport rego.v1\n\nimport data.acme.names\n\ntest_prefix if {\n\tnames.deny with input as {\"x\": }\n}\n\ntest_other if {\n\tcount(names.deny) == 1 with input as {}\n\tnames.helperr(1)\n}\n\ntest_third if {\n\tx := [1, 2\n}\n";
    let mut c = Client::start(&workspace(&[("policies/names_test.rego", test)]), json!({})).await;
    c.open("policies/names_test.rego", "rego", 1).await;
    let found =
        c.diagnostics("policies/names_test.rego", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    let codes = codes(&found);
    assert!(codes.iter().any(|c| c.starts_with("policy-parse@7:")), "{found:#}");
    assert!(codes.iter().any(|c| c.starts_with("policy-parse@16:")), "{found:#}");
    assert!(codes.contains(&"policy-undefined-function@12:1".to_string()), "{found:#}");
    assert!(
        messages(&found).iter().any(|m| m.contains("package `acme.names` has no rule `helperr`")),
        "{found:#}"
    );
}

/// While a policy is half typed its findings stay (from its last good version, said
/// in the hover) and its errors are shown where they are; when it loads again the
/// hover no longer says so.
#[tokio::test]
async fn a_half_typed_policy_keeps_its_findings() {
    let mut c = Client::start(&workspace(&[]), json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    let before = c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("ACME-1"))).await;
    let finding = codes(&before).into_iter().find(|d| d.starts_with("ACME-1")).unwrap();
    c.open("policies/names.rego", "rego", 1).await;
    let half = POLICY.replace("\"acme-\")\n}", "\"acme-\")\n\tx := \n}");
    c.change("policies/names.rego", 2, json!([{"text": half}])).await;
    let errors =
        c.diagnostics("policies/names.rego", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    assert!(codes(&errors).iter().any(|d| d.starts_with("policy-parse@11:")), "{errors:#}");
    // No new diagnostics for main.tf: the finding stayed. Its hover says why.
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 1, "character": 12}}),
        )
        .await;
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.contains("_Stale: `policies/names.rego` has errors"), "{card}");
    assert!(codes(&before).contains(&finding));
    // Fixed: the finding is fresh again.
    c.change("policies/names.rego", 3, json!([{"text": POLICY}])).await;
    let _ = c.diagnostics("policies/names.rego", |p| p["diagnostics"].as_array().unwrap().is_empty()).await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 1, "character": 12}}),
        )
        .await;
    assert!(!hover["contents"]["value"].as_str().unwrap().contains("Stale"), "{hover}");
}
