//! The server in process, driven through an in-memory pipe by a small JSON-RPC client
//! that answers the server's requests as an editor would.
#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use serde_json::{json, Value};

use common::client::{codes, finding, Client, TIMEOUT};

const MAIN_TF: &str = "# Données de journalisation 😀\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs-${var.env}\"\n  acl    = var.acl # café ☕\n  versioning {\n    enabled = false\n  }\n}\n";
const VARIABLES_TF: &str =
    "variable \"env\" { default = \"dev\" }\nvariable \"acl\" { default = \"private\" }\n";

fn workspace() -> Vec<(&'static str, &'static str)> {
    vec![
        ("main.tf", MAIN_TF),
        ("variables.tf", VARIABLES_TF),
        ("terraform.tfvars", "acl = \"public-read\"\n"),
    ]
}

#[tokio::test]
async fn initialize_negotiates_utf8_when_offered() {
    let mut c = Client::start(&[], json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})).await;
    assert_eq!(c.init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.request("shutdown", Value::Null).await, Value::Null);
    let d = Client::start(&[], json!({"general": {"positionEncodings": ["utf-16"]}})).await;
    assert_eq!(d.init["capabilities"]["positionEncoding"], "utf-16");
    let mut e = Client::start(&[], json!({})).await;
    insta::assert_json_snapshot!("initialize", e.init);
    assert_eq!(e.request("shutdown", Value::Null).await, Value::Null);
}

/// A client that shows the diagnostic's message in the hover (VS Code) does not get
/// it twice: the card starts with the policy.
#[tokio::test]
async fn a_client_that_shows_diagnostics_in_hovers_gets_the_card_without_the_message() {
    let mut c =
        Client::start(&workspace(), json!({"initializationOptions": {"diagnosticsInHover": true}})).await;
    c.open("main.tf", "terraform", 1).await;
    let diags = c
        .diagnostics("main.tf", |p| {
            p["version"] == json!(1) && !p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    let message = finding(&diags, "VGL-AWS-S3-001")["message"]
        .as_str()
        .unwrap()
        .rsplit_once(" [")
        .unwrap()
        .0
        .to_string();
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 3, "character": 13}}),
        )
        .await;
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.contains("VGL-AWS-S3-001") && !card.contains(&message), "{card}");
}

#[tokio::test]
async fn diagnostics_on_open_with_utf16_columns_and_hover_and_fix() {
    let mut c = Client::start(&workspace(), json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    let diags = c
        .diagnostics("main.tf", |p| {
            p["version"] == json!(1) && !p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    // `var.acl` comes from terraform.tfvars; the ACL policy flags it at the expression.
    let acl = finding(&diags, "VGL-AWS-S3-001");
    assert_eq!(acl["range"]["start"], json!({"line": 3, "character": 11}));
    assert_eq!(acl["severity"], json!(1));
    assert_eq!(acl["source"], "vigil");
    // The value came from var.acl: its declaration and the tfvars line that sets it.
    let related: Vec<String> = acl["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["location"]["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                r["location"]["range"]["start"]["line"]
            )
        })
        .collect();
    assert_eq!(related, ["variables.tf:1", "terraform.tfvars:0"]);
    insta::assert_json_snapshot!("open_diagnostics", c.redact(&diags));

    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 3, "character": 13}}),
        )
        .await;
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.contains("VGL-AWS-S3-001") && card.contains("NIST-800-53-r5"), "{card}");
    // Each control with its summary, from the framework files.
    assert!(
        card.contains("CIS Amazon Web Services Foundations Benchmark") && card.contains("**2.1.4** "),
        "{card}"
    );
    insta::assert_snapshot!("hover_finding", card);

    let header = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 1, "character": 3}}),
        )
        .await;
    insta::assert_snapshot!("hover_header", header["contents"]["value"].as_str().unwrap());
    // The diagnostic's message ends with the resource's address; the card's does not.
    let message = acl["message"].as_str().unwrap().rsplit_once(" [").unwrap().0;
    assert!(card.starts_with(message), "{card}");

    // The versioning fix (a value written in the file) is offered and preferred.
    let versioning = finding(&diags, "VGL-AWS-S3-002");
    let actions = c.actions_for("main.tf", &versioning).await;
    insta::assert_json_snapshot!("code_actions_versioning", c.redact(&actions));
    let only = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 8, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll.vigil"]}}),
        )
        .await;
    assert!(only.as_array().unwrap().iter().all(|a| a["kind"] == "source.fixAll.vigil"), "{only}");
    assert_eq!(only.as_array().unwrap().len(), 1);

    // Apply the quick fix as the client would, and see the finding go.
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix:"))
        .unwrap();
    let edit = &fix["edit"]["changes"][c.uri("main.tf")][0];
    c.change("main.tf", 2, json!([{"range": edit["range"], "text": edit["newText"]}])).await;
    let after = c.diagnostics("main.tf", |p| p["version"] == json!(2)).await;
    assert!(!codes(&after).iter().any(|d| d.starts_with("VGL-AWS-S3-002")), "{after}");

    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": c.uri("main.tf")}})).await;
    assert!(lenses[0]["command"]["title"].as_str().unwrap().contains("failed"), "{lenses}");
    let listed = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vigil.listFindings", "arguments": ["VGL-AWS-S3-001"]}),
        )
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
}

#[tokio::test]
async fn utf8_positions_when_negotiated() {
    let mut c = Client::start(&workspace(), json!({"general": {"positionEncodings": ["utf-8"]}})).await;
    c.open("main.tf", "terraform", 1).await;
    let diags = c.diagnostics("main.tf", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    let acl = finding(&diags, "VGL-AWS-S3-001");
    // Same place, counted in bytes: the line has only ASCII before the value.
    assert_eq!(acl["range"]["start"], json!({"line": 3, "character": 11}));
    let header = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["range"]["start"]["line"] == json!(1))
        .cloned();
    assert!(header.is_some(), "{diags}");
}

#[tokio::test]
async fn rapid_edits_publish_only_the_last_version() {
    let mut c = Client::start(&workspace(), json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    let _ = c.diagnostics("main.tf", |p| p["version"] == json!(1)).await;
    for v in 2..=12 {
        // Type characters into the bucket name.
        c.change("main.tf", v, json!([{"range": {"start": {"line": 2, "character": 12}, "end": {"line": 2, "character": 12}}, "text": "x"}])).await;
    }
    let last = c.diagnostics("main.tf", |p| p["version"] == json!(12)).await;
    assert!(!last["diagnostics"].as_array().unwrap().is_empty());
    // Nothing for the intermediate versions was published after the first one.
    let stale: Vec<&Value> = c
        .notifications
        .iter()
        .filter(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["version"].as_i64().is_some_and(|v| (2..12).contains(&v))
        })
        .collect();
    assert!(stale.is_empty(), "{stale:?}");
}

#[tokio::test]
async fn a_tfvars_edit_changes_findings_in_main_tf() {
    let mut c = Client::start(&workspace(), json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    let before = c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))).await;
    assert!(codes(&before).iter().any(|d| d.starts_with("VGL-AWS-S3-001")));
    c.open("terraform.tfvars", "terraform-vars", 1).await;
    c.change("terraform.tfvars", 2, json!([{"text": "acl = \"private\"\n"}])).await;
    let after = c.diagnostics("main.tf", |p| !codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))).await;
    assert!(!codes(&after).is_empty(), "other findings stay: {after}");
}

#[tokio::test]
async fn a_policy_edit_updates_other_files_and_policy_errors_are_positioned() {
    let policy = "# METADATA\n# title: Name prefix\n# custom:\n#   id: ACME-1\n#   resources: [aws_s3_bucket]\npackage acme.names\n\nimport rego.v1\n\ndeny contains {\"msg\": \"bucket names start with acme-\", \"path\": \"/bucket\"} if {\n\tnot startswith(input.resource.values.bucket, \"acme-\")\n}\n";
    let mut files = workspace();
    files.push(("policies/names.rego", policy));
    files.push(("vigil.toml", "[policies]\ndirs = [\"policies\"]\n"));
    let mut c = Client::start(&files, json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    let before = c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("ACME-1"))).await;
    assert!(codes(&before).iter().any(|d| d == "ACME-1@2:11"), "{before}");
    // Editing the policy (unsaved) to accept `logs-` names clears the finding.
    c.open("policies/names.rego", "rego", 1).await;
    c.change("policies/names.rego", 2, json!([{"text": policy.replace("\"acme-\")", "\"logs-\")")}])).await;
    let after = c.diagnostics("main.tf", |p| !codes(p).iter().any(|d| d.starts_with("ACME-1"))).await;
    assert!(codes(&after).iter().any(|d| d.starts_with("VGL-AWS-S3-001")), "{after}");
    // A syntax error in the policy is reported on the policy file, at its line.
    c.notifications.retain(|n| n["method"] != "vigil/status");
    c.change(
        "policies/names.rego",
        3,
        json!([{"text": policy.replace("not startswith", "not startswith(((")}]),
    )
    .await;
    let errors =
        c.diagnostics("policies/names.rego", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    let first = &errors["diagnostics"][0];
    assert_eq!(first["code"], "policy-parse");
    assert_eq!(first["range"]["start"]["line"], json!(10), "{errors}");
    // The built-in policies keep working meanwhile: main.tf's diagnostics are the
    // same, so they are not sent again.
    while !c.notifications.iter().any(|n| n["method"] == "vigil/status") {
        c.pump().await;
    }
    let main = json!(c.uri("main.tf"));
    assert!(
        !c.notifications
            .iter()
            .any(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == main),
        "main.tf's unchanged diagnostics were sent again"
    );
}

#[tokio::test]
async fn encodings_crlf_cjk_emoji_and_bom() {
    // A BOM on disk (stripped, as editors do), CRLF line ends, CJK and emoji before
    // the finding on its line.
    let main = "\u{feff}resource \"aws_s3_bucket\" \"日本\" {\r\n  tags = { 名前 = \"😀\" }\r\n  versioning {\r\n    enabled = true\r\n  }\r\n  /* 注意 😀 */ acl = \"public-read\"\r\n}\r\n";
    for (caps, expected) in [(json!({}), 20), (json!({"general": {"positionEncodings": ["utf-8"]}}), 26)] {
        let mut c = Client::start(&[("main.tf", main)], caps).await;
        let diags =
            c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))).await;
        let acl = finding(&diags, "VGL-AWS-S3-001");
        // `  /* 注意 😀 */ acl = ` is 20 UTF-16 units and 26 bytes.
        assert_eq!(acl["range"]["start"], json!({"line": 5, "character": expected}), "{acl}");
    }
}

#[tokio::test]
async fn pull_diagnostics_when_the_client_supports_them() {
    let caps = json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false}, "hover": {"contentFormat": ["markdown"]}},
        "workspace": {"configuration": true, "diagnostics": {"refreshSupport": true}},
    });
    let mut c = Client::start(&workspace(), caps).await;
    c.open("main.tf", "terraform", 1).await;
    // The server announces a refresh instead of pushing; then the client pulls.
    loop {
        if c.notifications.iter().any(|n| n["method"] == "textDocument/publishDiagnostics") {
            panic!("pushed diagnostics to a pull client");
        }
        let report =
            c.request("textDocument/diagnostic", json!({"textDocument": {"uri": c.uri("main.tf")}})).await;
        if report["items"].as_array().is_some_and(|i| i.iter().any(|d| d["code"] == "VGL-AWS-S3-001")) {
            assert_eq!(report["kind"], "full");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn editor_settings_override_vigil_toml_and_actions_edit_the_right_places() {
    let mut files = workspace();
    files.push(("vigil.toml", "[policy.\"VGL-AWS-S3-002\"]\nenforcement = \"mandatory\"\n"));
    let mut c = Client::start(&files, json!({})).await;
    c.settings = json!({"debounceMs": 50, "enforcement": {"VGL-AWS-S3-003": "disabled", "VGL-AWS-S3-001": "advisory"}});
    c.notify("workspace/didChangeConfiguration", json!({"settings": {}})).await;
    c.open("main.tf", "terraform", 1).await;
    let diags = c
        .diagnostics("main.tf", |p| {
            let d = p["diagnostics"].as_array().unwrap();
            d.iter().any(|d| d["code"] == "VGL-AWS-S3-001" && d["severity"] == json!(2))
                && !d.iter().any(|d| d["code"] == "VGL-AWS-S3-003")
        })
        .await;
    let versioning = finding(&diags, "VGL-AWS-S3-002");
    assert_eq!(versioning["severity"], json!(1), "vigil.toml makes it mandatory: {versioning}");

    let actions = c.actions_for("main.tf", &versioning).await;
    let titles: Vec<&str> =
        actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"Ignore VGL-AWS-S3-002 here")
            && titles.contains(&"Disable VGL-AWS-S3-002 in vigil.toml"),
        "{titles:?}"
    );
    let ignore =
        actions.as_array().unwrap().iter().find(|a| a["title"] == "Ignore VGL-AWS-S3-002 here").unwrap();
    let edit = &ignore["edit"]["changes"][c.uri("main.tf")][0];
    // Above the attribute, at its indentation.
    assert_eq!(edit["range"]["start"], json!({"line": 5, "character": 0}));
    assert_eq!(edit["newText"], "    # vigil:ignore VGL-AWS-S3-002 <reason>\n");
    let disable = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable VGL-AWS-S3-002 in vigil.toml")
        .unwrap();
    let edit = &disable["edit"]["changes"][c.uri("vigil.toml")][0];
    assert_eq!(edit["newText"], "enforcement = \"disabled\"");
    assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 0}));
}

#[tokio::test]
async fn policy_files_get_lenses_and_hovers() {
    let policy = "# METADATA\n# title: Name prefix\n# description: Names start with acme-.\n# custom:\n#   id: ACME-1\n#   resources: [aws_s3_bucket]\n#   controls:\n#     NIST-800-53-r5: [\"CM-6\"]\npackage acme.names\n\nimport rego.v1\n\ndeny contains \"bucket names start with acme-\" if {\n\tnot startswith(input.resource.values.bucket, \"acme-\")\n}\n";
    let mut files = workspace();
    files.push(("policies/names.rego", policy));
    files.push(("vigil.toml", "[policies]\ndirs = [\"policies\"]\n"));
    let mut c = Client::start(&files, json!({})).await;
    c.open("policies/names.rego", "rego", 1).await;
    let _ = c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("ACME-1"))).await;
    let lenses = c
        .request("textDocument/codeLens", json!({"textDocument": {"uri": c.uri("policies/names.rego")}}))
        .await;
    assert_eq!(lenses[0]["command"]["title"], "1 finding in workspace");
    assert_eq!(lenses[0]["command"]["command"], "vigil.showFindings");
    assert_eq!(lenses[0]["command"]["arguments"], json!(["ACME-1"]));
    let on_id = c.request("textDocument/hover", json!({"textDocument": {"uri": c.uri("policies/names.rego")}, "position": {"line": 4, "character": 9}})).await;
    assert!(on_id["contents"]["value"].as_str().unwrap().starts_with("**Name prefix** `ACME-1`"), "{on_id}");
    let on_control = c.request("textDocument/hover", json!({"textDocument": {"uri": c.uri("policies/names.rego")}, "position": {"line": 7, "character": 27}})).await;
    assert!(on_control["contents"]["value"].as_str().unwrap().contains("NIST SP 800-53"), "{on_control}");
}

#[tokio::test]
async fn cancelled_requests_shutdown_and_exit_follow_the_spec() {
    let mut c = Client::start(&workspace(), json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    c.diagnostics("main.tf", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    let uri = c.uri("main.tf");
    let hover = json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 12}});

    // A cancelled request gets exactly one answer: its result if it was already done,
    // else RequestCancelled (-32800); the server goes on.
    let id = c.send_request("textDocument/hover", hover.clone()).await;
    c.notify("$/cancelRequest", json!({"id": id})).await;
    let answer = c.response(id).await;
    assert!(
        answer.get("result").is_some() || answer["error"]["code"] == json!(-32800),
        "unexpected answer to a cancelled request: {answer}"
    );
    // Cancelling a request that is not running changes nothing.
    c.notify("$/cancelRequest", json!({"id": 9999})).await;
    let after = c.request("textDocument/hover", hover.clone()).await;
    assert!(after["contents"]["value"].as_str().unwrap().contains("VGL-AWS-S3-001"), "{after}");

    // After shutdown, requests are refused with InvalidRequest (-32600); exit stops
    // the server.
    assert_eq!(c.request("shutdown", Value::Null).await, Value::Null);
    let refused = c.request_raw("textDocument/hover", hover).await;
    assert_eq!(refused["error"]["code"], json!(-32600), "{refused}");
    c.notify("exit", Value::Null).await;
    tokio::time::timeout(TIMEOUT, &mut c.server).await.expect("the server did not exit").unwrap();
}

#[tokio::test]
async fn fix_all_is_resolved_lazily_for_clients_that_resolve_edits() {
    let mut c = Client::start(
        &workspace(),
        json!({"textDocument": {
            "codeAction": {"isPreferredSupport": true, "resolveSupport": {"properties": ["edit"]}},
            "publishDiagnostics": {"dataSupport": true, "versionSupport": true},
        }}),
    )
    .await;
    assert_eq!(c.init["capabilities"]["codeActionProvider"]["resolveProvider"], true);
    c.open("main.tf", "terraform", 1).await;
    c.diagnostics("main.tf", |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    let uri = c.uri("main.tf");
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    // The menu: fix-all is listed without its edit.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        )
        .await;
    let fix_all =
        actions.as_array().unwrap().iter().find(|a| a["kind"] == "source.fixAll.vigil").cloned().unwrap();
    assert!(fix_all.get("edit").is_none(), "{fix_all}");
    // Picking it resolves the edit: versioning enabled (the safe fix in main.tf).
    let resolved = c.request("codeAction/resolve", fix_all).await;
    let edits = resolved["edit"]["changes"][&uri].as_array().unwrap().clone();
    assert!(edits.iter().any(|e| e["newText"] == "true"), "{resolved}");
    // Asked for explicitly (on save), it comes with its edit at once.
    let explicit = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    assert_eq!(explicit[0]["edit"], resolved["edit"]);
}

/// A module's `examples/complete` as the workspace folder: the module it calls with
/// `source = "../.."` (inside the same repository) is read, its diagnostics are
/// published at clean URIs, and editing it as an open document re-checks the example.
#[tokio::test]
async fn an_example_folder_reads_and_follows_the_module_above() {
    let module = "variable \"acl\" {\n  type    = string\n  default = \"private\"\n}\n\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = \"module-bucket\"\n  acl    = var.acl\n}\n";
    let example = "module \"bucket\" {\n  source = \"../..\"\n  acl    = \"public-read\"\n}\n";
    let files = [
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("main.tf", module),
        ("examples/complete/main.tf", example),
    ];
    let mut c = Client::start_in(&files, json!({}), "examples/complete").await;
    // The public ACL is reported where the value is written: the example's call.
    let diags = c
        .diagnostics("examples/complete/main.tf", |p| {
            codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))
        })
        .await;
    assert!(codes(&diags).contains(&"VGL-AWS-S3-001@2:11".to_string()), "{diags}");
    // The module's own findings (no versioning) go to its clean URI.
    let on_module =
        c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-002"))).await;
    let published: Vec<String> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics")
        .map(|n| n["params"]["uri"].as_str().unwrap().to_string())
        .collect();
    assert!(published.iter().all(|u| !u.contains("/..")), "{published:?}");
    let related: Vec<String> = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["relatedInformation"].as_array().cloned().unwrap_or_default())
        .map(|r| r["location"]["uri"].as_str().unwrap().to_string())
        .collect();
    assert!(related.iter().all(|u| !u.contains("/..")), "{related:?}");
    let versioning = codes(&on_module).into_iter().find(|d| d.starts_with("VGL-AWS-S3-002")).unwrap();

    // The module opened in the editor belongs to the example's analysis (no folder
    // of its own: the example's stack is not analysed twice).
    c.open("main.tf", "terraform", 1).await;
    let opened = c.diagnostics("main.tf", |p| p["version"] == json!(1)).await;
    assert!(codes(&opened).contains(&versioning), "{opened}");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("main.tf")}, "position": {"line": 5, "character": 3}}),
        )
        .await;
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("VGL-AWS-S3-002")), "{hover}");
    let listed = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vigil.listFindings", "arguments": ["VGL-AWS-S3-001"]}),
        )
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["uri"], json!(c.uri("examples/complete/main.tf")));
    // Quick fixes in the module edit it at its clean URI.
    let versioning = finding(&opened, "VGL-AWS-S3-002");
    let actions = c.actions_for("main.tf", &versioning).await;
    let edited_uris: Vec<&String> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["edit"]["changes"].as_object())
        .flat_map(|changes| changes.keys())
        .collect();
    assert!(!edited_uris.is_empty(), "{actions}");
    assert!(
        edited_uris.iter().all(|u| **u == c.uri("main.tf") || u.ends_with("vigil.toml")),
        "{edited_uris:?}"
    );

    // Editing the module (unsaved): versioning enabled clears the module's finding...
    c.change(
        "main.tf",
        2,
        json!([{"range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 0}}, "text": "  versioning {\n    enabled = true\n  }\n"}]),
    )
    .await;
    let edited = c.diagnostics("main.tf", |p| p["version"] == json!(2)).await;
    assert!(!codes(&edited).iter().any(|d| d.starts_with("VGL-AWS-S3-002")), "{edited}");
    // ...and a fixed ACL in the module clears the example's finding.
    c.change(
        "main.tf",
        3,
        json!([{"range": {"start": {"line": 7, "character": 11}, "end": {"line": 7, "character": 18}}, "text": "\"private\""}]),
    )
    .await;
    let _ = c
        .diagnostics("examples/complete/main.tf", |p| {
            !codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))
        })
        .await;

    // Closed unsaved, the module is the disk's again: the finding is back.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": c.uri("main.tf")}})).await;
    let _ = c
        .diagnostics("examples/complete/main.tf", |p| {
            codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))
        })
        .await;
    // Changed on disk (another tool, a checkout): the watched-file event re-checks.
    std::fs::write(c.root.path().join("main.tf"), module.replace("var.acl", "\"private\"")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": c.uri("main.tf"), "type": 2}]}))
        .await;
    let _ = c
        .diagnostics("examples/complete/main.tf", |p| {
            !codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))
        })
        .await;
}

/// Frames the server cannot read (a body that is not JSON, a header without a valid
/// Content-Length, an absurd length, a length too short for its body) are skipped:
/// the server stays up and answers the next request.
#[tokio::test]
async fn malformed_frames_are_skipped_not_fatal() {
    let mut c = Client::start(&[], json!({})).await;
    let body = json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 99}}).to_string();
    let garbage = format!(
        "Content-Length: 5\r\n\r\nhelloContent-Type: x\r\n\r\nContent-Length: 99999999999\r\n\r\nContent-Length: 3\r\n\r\n{body}"
    );
    tokio::io::AsyncWriteExt::write_all(&mut c.write, garbage.as_bytes()).await.unwrap();
    tokio::io::AsyncWriteExt::flush(&mut c.write).await.unwrap();
    let answer =
        tokio::time::timeout(std::time::Duration::from_secs(20), c.request("shutdown", Value::Null)).await;
    assert_eq!(answer.expect("the server answers after malformed input"), Value::Null);
}

/// A policy directory that does not exist (a typo in vigil.toml) is an error on
/// vigil.toml, and the built-in packs still run: before, the folder lost every policy.
#[tokio::test]
async fn a_missing_policy_directory_keeps_the_builtin_packs() {
    let mut files = workspace();
    files.push(("vigil.toml", "[policies]\ndirs = [\"polices\"]\n"));
    let mut c = Client::start(&files, json!({})).await;
    c.open("main.tf", "terraform", 1).await;
    let found = c.diagnostics("main.tf", |p| codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001"))).await;
    assert!(codes(&found).iter().any(|d| d.starts_with("VGL-AWS-S3-001")), "{found}");
    c.open("vigil.toml", "toml", 1).await;
    let config = c.diagnostics("vigil.toml", |p| codes(p).iter().any(|d| d.starts_with("io@"))).await;
    let error = finding(&config, "io");
    assert!(error["message"].as_str().unwrap().contains("polices"), "{error}");
}

/// A link that leads out of the workspace folder is not read, and the editor is told
/// so on the link (before, only `vigil check` said it; the server kept quiet).
#[tokio::test]
async fn a_link_out_of_the_folder_is_reported_on_the_link() {
    let files = [
        ("outside/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n"),
        ("ws/vigil.toml", ""),
        ("ws/main.tf", MAIN_TF),
        ("ws/pod.yaml", "symlink:outside/pod.yaml"),
    ];
    let mut c = Client::start_in(&files, json!({}), "ws").await;
    c.open("ws/main.tf", "terraform", 1).await;
    let notes =
        c.diagnostics("ws/pod.yaml", |p| codes(p).iter().any(|d| d.starts_with("outside-workspace@"))).await;
    let note = finding(&notes, "outside-workspace");
    assert!(note["message"].as_str().unwrap().contains("outside the repository"), "{note}");
}

/// A file opened outside every workspace folder gets a folder of its own (its
/// directory here), scanned without holding up the server, and its findings.
#[tokio::test]
async fn a_file_outside_the_folders_gets_a_folder_and_findings() {
    let files = [
        ("ws/vigil.toml", ""),
        ("ws/variables.tf", VARIABLES_TF),
        (
            "elsewhere/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  acl    = \"public-read\"\n}\n",
        ),
    ];
    let mut c = Client::start_in(&files, json!({}), "ws").await;
    c.open("elsewhere/main.tf", "terraform", 1).await;
    let found = c
        .diagnostics("elsewhere/main.tf", |p| codes(p).iter().any(|d| d.starts_with("VGL-AWS-S3-001")))
        .await;
    assert_eq!(finding(&found, "VGL-AWS-S3-001")["range"]["start"]["line"], 2, "{found}");
}
