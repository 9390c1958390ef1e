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
        c.settled("policies/names_test.rego", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
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
    let before = c.settled("main.tf", |p| codes(p).iter().any(|d| d.starts_with("ACME-1"))).await;
    let finding = codes(&before).into_iter().find(|d| d.starts_with("ACME-1")).unwrap();
    c.open("policies/names.rego", "rego", 1).await;
    let half = POLICY.replace("\"acme-\")\n}", "\"acme-\")\n\tx := \n}");
    c.change("policies/names.rego", 2, json!([{"text": half}])).await;
    let errors = c.settled("policies/names.rego", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
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
    let _ = c.settled("policies/names.rego", |p| p["diagnostics"].as_array().unwrap().is_empty()).await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 1, "character": 12}}),
        )
        .await;
    assert!(!hover["contents"]["value"].as_str().unwrap().contains("Stale"), "{hover}");
}

const BUCKETS_TF: &str = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n  acl    = \"public-read\"\n  versioning {\n    enabled = true\n  }\n}\n\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = \"data\"\n  acl    = \"private\"\n}\n\nresource \"aws_s3_bucket\" \"more\" {\n  bucket = \"more\"\n  acl    = \"private\"\n}\n";

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          securityContext:\n            privileged: true\n        - name: sidecar\n          image: envoy:1.29\n";

const K8S_POLICY: &str = "# METADATA\n# title: No privileged containers\n# custom:\n#   id: ACME-K8S-1\n#   resources: [apps/Deployment]\npackage acme.k8s\n\nimport rego.v1\n\ndeny contains \"privileged\" if {\n\tsome c in input.resource.values.spec.template.spec.containers\n\tc.securityContext.privileged\n}\n";

/// The position of the end of `marker` in `text` (the first one).
fn after(text: &str, marker: &str) -> Value {
    let offset = text.find(marker).unwrap() + marker.len();
    let line = text[..offset].matches('\n').count();
    let character = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": character})
}

async fn complete(c: &mut Client, uri: &str, text: &str, marker: &str) -> Value {
    c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": after(text, marker)}),
    )
    .await
}

fn labels(completion: &Value) -> Vec<String> {
    completion["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

/// `input.resource.values.` completes with the attributes of the workspace's
/// resources of the types the policy selects, nested blocks too, with an example
/// value; a hover on such a path says which values it takes.
#[tokio::test]
async fn input_paths_complete_from_the_previewed_resources() {
    let typing = "# METADATA\n# title: Buckets\n# custom:\n#   id: ACME-2\n#   resources: [aws_s3_bucket]\npackage acme.buckets\n\nimport rego.v1\n\ndeny contains \"x\" if {\n\tinput.resource.values.acl == \"public-read\"\n\tinput.resource.values.versioning.\n}\n";
    let files = vec![
        ("main.tf", BUCKETS_TF),
        ("k8s/web.yaml", DEPLOYMENT),
        ("policies/buckets.rego", typing),
        ("policies/k8s.rego", K8S_POLICY),
        ("vigil.toml", "[policies]\ndirs = [\"policies\"]\n"),
    ];
    let mut c = Client::start(
        &files,
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}),
    )
    .await;
    c.open("policies/buckets.rego", "rego", 1).await;
    let _ = c.settled("policies/buckets.rego", |_| true).await;
    let uri = c.uri("policies/buckets.rego");
    let values = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": after(typing, "\tinput.resource.values.")}),
        )
        .await;
    let found = labels(&values);
    assert!(["acl", "bucket", "versioning"].iter().all(|l| found.contains(&l.to_string())), "{found:?}");
    assert!(
        !found.contains(&"spec".to_string()),
        "a Deployment's key offered for a bucket policy: {found:?}"
    );
    let acl = values["items"].as_array().unwrap().iter().find(|i| i["label"] == "acl").unwrap();
    assert_eq!(acl["detail"], "e.g. \"private\"", "{acl}");
    let nested = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": after(typing, "values.versioning.")}),
        )
        .await;
    assert_eq!(labels(&nested), ["enabled"]);
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": after(typing, "values.ac")}),
        )
        .await;
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.contains("`\"private\"` in 2 resources, `\"public-read\"` in 1 resource"), "{card}");

    // A Deployment policy: containers' keys (a list of objects) after `[_].`.
    let k8s = K8S_POLICY.replace(
        "\tc.securityContext.privileged\n",
        "\tinput.resource.values.spec.template.spec.containers[_].\n",
    );
    c.open("policies/k8s.rego", "rego", 1).await;
    c.change("policies/k8s.rego", 2, json!([{"text": k8s}])).await;
    let containers = c
        .request("textDocument/completion", json!({"textDocument": {"uri": c.uri("policies/k8s.rego")}, "position": after(&k8s, "containers[_].")}))
        .await;
    assert_eq!(labels(&containers), ["image", "name", "securityContext"]);
}

/// Names in a rule body: built-ins with signatures (as snippets), the package's
/// rules, imports; members of an imported package; METADATA values; signature help.
#[tokio::test]
async fn names_members_metadata_and_signatures() {
    let policy = "# METADATA\n# title: Buckets\n# custom:\n#   id: ACME-2\n#   enforcement: adv\n#   resources: [aws_s3_bucket]\npackage acme.buckets\n\nimport data.vigil.lib\nimport rego.v1\n\nhelper(x) := x\n\ndeny contains m if {\n\tm := sprintf(\"%s\", [lib.])\n\tstartsw\n}\n";
    let files = vec![
        ("main.tf", BUCKETS_TF),
        ("policies/buckets.rego", policy),
        ("vigil.toml", "[policies]\ndirs = [\"policies\"]\n"),
    ];
    let mut c = Client::start(
        &files,
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}),
    )
    .await;
    c.open("policies/buckets.rego", "rego", 1).await;
    let _ = c.settled("policies/buckets.rego", |_| true).await;
    let uri = c.uri("policies/buckets.rego");
    let names = complete(&mut c, &uri, policy, "\tstartsw").await;
    let startswith =
        names["items"].as_array().unwrap().iter().find(|i| i["label"] == "startswith").unwrap().clone();
    assert_eq!(startswith["insertTextFormat"], 2, "{startswith}");
    assert!(
        startswith["textEdit"]["newText"].as_str().unwrap().starts_with("startswith(${1:"),
        "{startswith}"
    );
    assert!(startswith["detail"].as_str().unwrap().starts_with("startswith("), "{startswith}");
    let lib = labels(&complete(&mut c, &uri, policy, "[lib.").await);
    assert!(
        lib.contains(&"block_entries".to_string()) && lib.contains(&"stack_resources".to_string()),
        "{lib:?}"
    );
    let levels = labels(&complete(&mut c, &uri, policy, "enforcement: adv").await);
    assert_eq!(levels, ["advisory"]);
    let help = c
        .request(
            "textDocument/signatureHelp",
            json!({"textDocument": {"uri": uri}, "position": after(policy, "[lib.")}),
        )
        .await;
    assert!(help["signatures"][0]["label"].as_str().unwrap().starts_with("sprintf("), "{help}");
    assert_eq!(help["activeParameter"], 1, "{help}");
}

/// In METADATA, `controls:` completes with the frameworks of the framework files and,
/// under one, with its control ids and their summaries.
#[tokio::test]
async fn control_ids_complete_from_the_framework_files() {
    let policy = "# METADATA\n# title: Buckets\n# custom:\n#   id: ACME-5\n#   resources: [aws_s3_bucket]\n#   controls:\n#     NIST-800-53-r5: [\"SC-2\"]\n#     CIS\npackage acme.buckets\n\nimport rego.v1\n\ndeny contains \"x\" if input.resource.values.acl == \"public-read\"\n";
    let files = vec![
        ("main.tf", MAIN_TF),
        ("policies/buckets.rego", policy),
        ("vigil.toml", "[policies]\ndirs = [\"policies\"]\n"),
    ];
    let mut c = Client::start(&files, json!({})).await;
    c.open("policies/buckets.rego", "rego", 1).await;
    let _ = c.settled("policies/buckets.rego", |_| true).await;
    let uri = c.uri("policies/buckets.rego");
    let frameworks = labels(&complete(&mut c, &uri, policy, "#     CIS").await);
    assert!(frameworks.contains(&"CIS-AWS-Foundations-3.0".to_string()), "{frameworks:?}");
    let ids = complete(&mut c, &uri, policy, "[\"SC-2").await;
    let items = ids["items"].as_array().unwrap();
    let sc28 = items.iter().find(|i| i["label"] == "SC-28").unwrap_or_else(|| panic!("{ids}"));
    assert!(!sc28["detail"].as_str().unwrap().is_empty(), "{sc28}");
}

/// A test file's lenses run its tests (all, or one); the results show in the lenses
/// and failed tests as diagnostics, until the file changes.
#[tokio::test]
async fn tests_run_from_lenses_and_report_in_lenses_and_diagnostics() {
    let test = "package acme.names_test\n\nimport rego.v1\n\nimport data.acme.names\n\ntest_fires if {\n\tcount(names.deny) == 1 with input as {\"resource\": {\"values\": {\"bucket\": \"logs\"}}}\n}\n\ntest_wrong if {\n\tcount(names.deny) == 2 with input as {\"resource\": {\"values\": {\"bucket\": \"logs\"}}}\n}\n";
    let mut c = Client::start(&workspace(&[("policies/names_test.rego", test)]), json!({})).await;
    c.open("policies/names_test.rego", "rego", 1).await;
    let _ = c.settled("policies/names_test.rego", |_| true).await;
    let uri = c.uri("policies/names_test.rego");
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    let titles: Vec<&str> =
        lenses.as_array().unwrap().iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["▶ Run tests", "▶ Run", "▶ Run"]);
    assert_eq!(lenses[0]["command"]["command"], "vigil.runTests");

    // One test.
    let one = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vigil.runTests", "arguments": [uri, "data.acme.names_test.test_fires"]}),
        )
        .await;
    assert_eq!((one["passed"].clone(), one["failed"].clone()), (json!(1), json!(0)), "{one}");
    // All of them: one fails, reported on its name.
    let all =
        c.request("workspace/executeCommand", json!({"command": "vigil.runTests", "arguments": [uri]})).await;
    assert_eq!((all["passed"].clone(), all["failed"].clone()), (json!(1), json!(1)), "{all}");
    let failed = c
        .diagnostics("policies/names_test.rego", |p| codes(p).iter().any(|d| d.starts_with("test-failed")))
        .await;
    assert!(codes(&failed).contains(&"test-failed@10:0".to_string()), "{failed:#}");
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    let titles: Vec<&str> =
        lenses.as_array().unwrap().iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["✗ 1 failed · 1 passed", "✓ passed", "✗ failed"]);

    // Edited: the results no longer stand.
    c.change("policies/names_test.rego", 2, json!([{"text": test.replace("== 2", "== 1")}])).await;
    let _ = c
        .diagnostics("policies/names_test.rego", |p| !codes(p).iter().any(|d| d.starts_with("test-failed")))
        .await;
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    assert_eq!(lenses[0]["command"]["title"], "▶ Run tests");
}

/// "Evaluate on resource…": the resources the policy selects, then the policy on one
/// of them, with its raw results and input.
#[tokio::test]
async fn a_policy_is_evaluated_on_a_chosen_resource() {
    let mut c = Client::start(&workspace(&[]), json!({})).await;
    c.open("policies/names.rego", "rego", 1).await;
    let _ = c.settled("main.tf", |p| codes(p).iter().any(|d| d.starts_with("ACME-1"))).await;
    let uri = c.uri("policies/names.rego");
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    let evaluate = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["command"]["command"] == "vigil.evaluatePolicy")
        .unwrap()
        .clone();
    assert_eq!(evaluate["command"]["title"], "Evaluate on resource…");
    let args = evaluate["command"]["arguments"].clone();
    let listed =
        c.request("workspace/executeCommand", json!({"command": "vigil.evaluate", "arguments": args})).await;
    assert_eq!(listed["policy"], "ACME-1");
    assert_eq!(listed["resources"].as_array().unwrap().len(), 1, "{listed}");
    let resource = &listed["resources"][0];
    assert_eq!(resource["address"], "aws_s3_bucket.logs");
    let result = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vigil.evaluate", "arguments": [uri, resource["address"], resource["stack"]]}),
        )
        .await;
    assert_eq!(
        result["deny"],
        json!([{"msg": "bucket names start with acme-", "path": "/bucket"}]),
        "{result}"
    );
    assert_eq!(result["input"]["values"]["bucket"], "logs");
    let missing = c
        .request_raw(
            "workspace/executeCommand",
            json!({"command": "vigil.evaluate", "arguments": [uri, "aws_s3_bucket.nope"]}),
        )
        .await;
    assert!(
        missing["error"]["message"].as_str().unwrap().contains("no resource aws_s3_bucket.nope"),
        "{missing}"
    );
}

/// Quick fixes for the common mistakes: a misspelled built-in or library function,
/// Rego v1 keywords without their import in a v0 file, `=` where `:=` is meant.
#[tokio::test]
async fn quick_fixes_for_common_mistakes() {
    let policy = "# METADATA\n# title: Buckets\n# custom:\n#   id: ACME-3\n#   resources: [aws_s3_bucket]\npackage acme.buckets\n\nimport data.vigil.lib\nimport rego.v1\n\nlimit = 3\n\ndeny contains m if {\n\tlib.block_entriez(input.resource.values, \"x\", \"/x\")\n\tm := sprintff(\"%d\", [limit])\n}\n";
    let mut c = Client::start(&workspace(&[("policies/buckets.rego", policy)]), json!({})).await;
    c.open("policies/buckets.rego", "rego", 1).await;
    let found = c.settled("policies/buckets.rego", |p| codes(p).len() >= 2).await;
    let uri = c.uri("policies/buckets.rego");
    let mut titles = Vec::new();
    for d in found["diagnostics"].as_array().unwrap() {
        let actions = c.actions_for("policies/buckets.rego", d).await;
        titles.extend(actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()));
    }
    titles.sort();
    assert_eq!(titles, ["Change to `lib.block_entries`", "Change to `sprintf`"], "{found:#}");
    let head = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": {"start": after(policy, "limit "), "end": after(policy, "limit ")}, "context": {"diagnostics": []}}))
        .await;
    assert_eq!(head[0]["title"], "Use `:=` to assign", "{head}");
    assert_eq!(head[0]["edit"]["changes"][&uri][0]["newText"], ":=");

    // A v0 file (`deny[msg] { ... }`) using `in` without importing it.
    let v0 = "package acme.old\n\ndeny[msg] {\n\tsome x in input.resource.values.tags\n\tmsg := x\n}\n";
    std::fs::write(c.root.path().join("policies/old.rego"), v0).unwrap();
    c.open("policies/old.rego", "rego", 1).await;
    let broken =
        c.settled("policies/old.rego", |p| codes(p).iter().any(|d| d.starts_with("policy-parse"))).await;
    let d = broken["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "policy-parse")
        .unwrap()
        .clone();
    let actions = c.actions_for("policies/old.rego", &d).await;
    assert_eq!(actions[0]["title"], "Add `import future.keywords`", "{actions}");
}

const LIBRARY: &str = "package acme.lib\n\nimport rego.v1\n\n# Whether a bucket's name has the prefix.\nprefixed(name) if startswith(name, \"acme-\")\n";

const USES_LIBRARY: &str = "# METADATA\n# title: Name prefix\n# custom:\n#   id: ACME-4\n#   resources: [aws_s3_bucket]\npackage acme.prefix\n\nimport data.acme.lib\nimport data.vigil.lib as vlib\nimport rego.v1\n\ndeny contains \"bucket names start with acme-\" if {\n\tname := input.resource.values.bucket\n\tnot lib.prefixed(name)\n\tvlib.is_false(false)\n}\n";

/// Go to definition across files and into the built-in packs (written out
/// read-only), references, rename across files, symbols, folding, semantic tokens,
/// highlights and formatting.
#[tokio::test]
async fn navigation_and_formatting() {
    let cache = tempfile::tempdir().unwrap();
    std::env::set_var("XDG_CACHE_HOME", cache.path());
    let files = workspace(&[("policies/lib.rego", LIBRARY), ("policies/prefix.rego", USES_LIBRARY)]);
    let mut c = Client::start(&files, json!({})).await;
    c.open("policies/prefix.rego", "rego", 1).await;
    let _ = c.settled("policies/prefix.rego", |_| true).await;
    let uri = c.uri("policies/prefix.rego");
    let at = |marker: &str| json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, marker)});

    let definition = c.request("textDocument/definition", at("lib.prefi")).await;
    assert_eq!(definition[0]["uri"], json!(c.uri("policies/lib.rego")), "{definition}");
    assert_eq!(definition[0]["range"]["start"], json!({"line": 5, "character": 0}));
    let builtin = c.request("textDocument/definition", at("vlib.is_fal")).await;
    let target = builtin[0]["uri"].as_str().unwrap().to_string();
    assert!(
        target.starts_with(&format!("file://{}", cache.path().display()))
            && target.ends_with("lib/vigil.rego"),
        "{builtin}"
    );
    let written = std::fs::read_to_string(target.trim_start_matches("file://")).unwrap();
    assert!(written.contains("is_false("), "the built-in library written out");
    let local = c.request("textDocument/definition", at("lib.prefixed(na")).await;
    assert_eq!(local[0]["range"]["start"], after(USES_LIBRARY, "\t"), "{local}");

    let references = c
        .request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "lib.prefi"), "context": {"includeDeclaration": true}}))
        .await;
    let mut places: Vec<String> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
        .collect();
    places.sort();
    assert_eq!(places, ["lib.rego", "prefix.rego"]);

    let rename = c
        .request("textDocument/rename", json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "lib.prefi"), "newName": "has_prefix"}))
        .await;
    let changes = rename["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "{rename}");
    assert!(
        changes.values().flat_map(|e| e.as_array().unwrap()).all(|e| e["newText"] == "has_prefix"),
        "{rename}"
    );
    let refused = c
        .request_raw(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "\nde")}),
        )
        .await;
    assert!(refused["error"]["message"].as_str().unwrap().contains("deny"), "{refused}");

    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).await;
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"acme.prefix") && names.contains(&"deny"), "{names:?}");
    let found = c.request("workspace/symbol", json!({"query": "prefixed"})).await;
    assert!(found.as_array().unwrap().iter().any(|s| s["name"] == "prefixed"), "{found}");
    let folds = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}})).await;
    assert!(folds.as_array().unwrap().iter().any(|f| f["startLine"] == 11 && f["endLine"] == 15), "{folds}");
    let tokens = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}})).await;
    let data = tokens["data"].as_array().unwrap();
    assert!(data.len() > 40 && data.len() % 5 == 0, "{tokens}");
    let selection = c
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": {"uri": uri}, "positions": [after(USES_LIBRARY, "\tna")]}),
        )
        .await;
    let mut level = &selection[0];
    let mut widths = Vec::new();
    while level.is_object() {
        widths.push((level["range"]["start"].clone(), level["range"]["end"].clone()));
        level = &level["parent"];
    }
    assert!(widths.len() >= 4, "{selection}");
    assert_eq!(
        widths[0],
        (json!({"line": 12, "character": 1}), json!({"line": 12, "character": 5})),
        "{selection}"
    );
    let highlights = c
        .request(
            "textDocument/documentHighlight",
            json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "\tna")}),
        )
        .await;
    assert_eq!(highlights.as_array().unwrap().len(), 2, "{highlights}");

    // Formatting: the canonical layout, as one edit of the lines that change.
    let ugly = USES_LIBRARY
        .replace("\tname := input", "    name:=input")
        .replace("vlib.is_false(false)", "vlib.is_false( false )");
    c.change("policies/prefix.rego", 2, json!([{"text": ugly}])).await;
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": false}}),
        )
        .await;
    let edit = &edits[0];
    assert_eq!(edit["range"]["start"]["line"], 12, "{edits}");
    assert_eq!(
        edit["newText"],
        "\tname := input.resource.values.bucket\n\tnot lib.prefixed(name)\n\tvlib.is_false(false)\n",
        "{edits}"
    );
}

/// A hover on a rule or function used elsewhere: its head, the comment above it and
/// where it is defined; on a policy's `deny` read from a test, the policy's card.
#[tokio::test]
async fn hovers_on_rules_show_their_definition() {
    let test = "package acme.prefix_test\n\nimport data.acme.prefix\nimport rego.v1\n\ntest_denies if {\n\tcount(prefix.deny) == 1 with input as {\"resource\": {\"values\": {\"bucket\": \"logs\"}}}\n}\n";
    let files = workspace(&[
        ("policies/lib.rego", LIBRARY),
        ("policies/prefix.rego", USES_LIBRARY),
        ("policies/prefix_test.rego", test),
    ]);
    let mut c = Client::start(&files, json!({})).await;
    c.open("policies/prefix.rego", "rego", 1).await;
    let _ = c.settled("policies/prefix.rego", |_| true).await;
    let uri = c.uri("policies/prefix.rego");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "lib.prefi")}),
        )
        .await;
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("```rego\nprefixed(name) if startswith(name, \"acme-\")\n```"), "{card}");
    assert!(
        card.contains("Whether a bucket's name has the prefix.")
            && card.contains("Defined in `policies/lib.rego` line 6."),
        "{card}"
    );
    let builtin = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "vlib.is_fal")}),
        )
        .await;
    assert!(
        builtin["contents"]["value"].as_str().unwrap().contains("lib/vigil.rego (built-in)"),
        "{builtin}"
    );
    // A local variable has no card.
    let local = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": after(USES_LIBRARY, "lib.prefixed(na")}),
        )
        .await;
    assert!(local.is_null(), "{local}");
    c.open("policies/prefix_test.rego", "rego", 1).await;
    let test_uri = c.uri("policies/prefix_test.rego");
    let deny = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": test_uri}, "position": after(test, "prefix.de")}),
        )
        .await;
    let card = deny["contents"]["value"].as_str().unwrap();
    assert!(card.contains("**Name prefix** `ACME-4`"), "{card}");
}
