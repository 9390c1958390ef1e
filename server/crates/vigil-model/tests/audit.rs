//! Audit mode: Terraform state files and `kubectl get -o json` lists read as existing
//! resources, with ranges into the state or dump.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use vigil_model::{
    assemble, classify, load_stack, plan_stacks_with, FileKind, Model, PlanOptions, Resource, SourceFile,
};

const STATE: &str = include_str!("../../../../testdata/audit/terraform.tfstate");
const LIST: &str = include_str!("../../../../testdata/audit/workloads.json");
const BACKUP: &str = include_str!("../../../../testdata/audit/terraform.tfstate.backup");

fn load(files: &[(&str, &str)], audit: bool) -> Model {
    let files: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    let (inputs, diagnostics) = plan_stacks_with(&files, PlanOptions { audit, ..Default::default() });
    assemble(inputs.iter().map(load_stack), diagnostics)
}

fn resource<'m>(model: &'m Model, address: &str) -> &'m Resource {
    model.resources().find(|r| r.address == address).unwrap_or_else(|| panic!("no resource {address}"))
}

/// The text of a range, shortened to its first line.
fn at(text: &str, range: vigil_model::TextRange) -> String {
    let s = &text[range.start as usize..range.end as usize];
    match s.split_once('\n') {
        Some((first, _)) => format!("{first}…"),
        None => s.to_string(),
    }
}

fn summary(model: &Model, text: &str) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for r in model.resources() {
        out.insert(
            r.address.clone(),
            serde_json::json!({
                "type": r.r#type,
                "name": r.name,
                "mode": r.mode,
                "source": r.source,
                "provider": r.provider,
                "file": r.file,
                "header": at(text, r.header),
                "range": at(text, r.range),
                "unknown": r.unknown,
                "values": r.values,
            }),
        );
    }
    let diagnostics: Vec<String> = model
        .diagnostics
        .iter()
        .map(|d| format!("{} {:?} {}: {} [{}]", d.file, d.severity, d.code, d.message, at(text, d.range)))
        .collect();
    out.insert("diagnostics".into(), serde_json::json!(diagnostics));
    serde_json::Value::Object(out)
}

/// Every pointer of a resource's source map with the text its value is read from.
fn source_map(r: &Resource, text: &str) -> Vec<String> {
    r.source_map
        .iter()
        .map(|(pointer, span)| {
            let key = span.key.map(|k| at(text, k)).unwrap_or_default();
            format!("{pointer} = {key} {}", at(text, span.value))
        })
        .collect()
}

#[test]
fn terraform_state_instances_in_configuration_shape() {
    let model = load(&[("prod/terraform.tfstate", STATE)], true);
    assert_eq!(model.stacks.len(), 1);
    assert_eq!(model.stacks[0].id, "prod/terraform.tfstate");
    insta::assert_json_snapshot!(summary(&model, STATE));
}

#[test]
fn terraform_state_ranges_point_into_the_state() {
    let model = load(&[("terraform.tfstate", STATE)], true);
    let text = STATE;
    let assets = resource(&model, "aws_s3_bucket.assets");
    assert_eq!(at(text, assets.header), r#""name": "assets""#);
    assert!(at(text, assets.range).starts_with('{'));
    // The normalised pointer maps to the original text inside the one-element list.
    let enabled = assets.source_map["/versioning/enabled"];
    assert_eq!(at(text, enabled.value), "false");
    assert_eq!(at(text, enabled.key.unwrap()), r#""enabled""#);
    let versioning_at = text.find(r#""versioning": ["#).unwrap() as u32;
    assert!(enabled.value.start > versioning_at && enabled.value.start < versioning_at + 80);
    assert_eq!(assets.finding_range("/versioning/enabled", text), enabled.value);
    assert_eq!(at(text, assets.finding_range("/acl", text)), r#""public-read""#);
    // A missing attribute lands on its enclosing block, then on the header.
    assert_eq!(at(text, assets.finding_range("/versioning/nope", text)), r#""versioning""#);
    assert_eq!(assets.finding_range("/logging/target_bucket", text), assets.header);
    let sse =
        "/server_side_encryption_configuration/rule/apply_server_side_encryption_by_default/sse_algorithm";
    assert_eq!(at(text, assets.source_map[sse].value), r#""AES256""#);
    assert_eq!(
        at(text, assets.source_map["/grant/0/uri"].value),
        r#""http://acs.amazonaws.com/groups/global/AllUsers""#
    );
    // Every mapped range of an instance lies inside it.
    for r in model.resources() {
        for span in r.source_map.values() {
            assert!(r.range.start <= span.value.start && span.value.end <= r.range.end, "{}", r.address);
        }
    }

    let scratch = resource(&model, "aws_ebs_volume.scratch");
    assert_eq!(at(text, scratch.finding_range("/encrypted", text)), "false");
    // Instances of count and for_each are told apart by their index key.
    assert_eq!(at(text, resource(&model, "aws_ebs_volume.cache[1]").header), r#""index_key": 1"#);
    assert_eq!(at(text, resource(&model, "aws_iam_user.deploy[\"ci\"]").header), r#""index_key": "ci""#);
    let logs = resource(&model, "module.logs.aws_s3_bucket.this");
    assert_eq!(at(text, logs.header), r#""name": "this""#);
    assert_eq!(at(text, logs.source_map["/lifecycle_rule/expiration/days"].value), "90");

    insta::assert_json_snapshot!(source_map(assets, text));
}

#[test]
fn kubectl_list_items_are_manifests_without_cluster_state() {
    let model = load(&[("dumps/workloads.json", LIST)], true);
    assert_eq!(model.stacks.len(), 1);
    insta::assert_json_snapshot!(summary(&model, LIST));
    let shell = resource(&model, "Pod/ops/debug-shell");
    assert_eq!(at(LIST, shell.header), r#""kind": "Pod""#);
    let privileged = "/spec/containers/0/securityContext/privileged";
    assert_eq!(at(LIST, shell.finding_range(privileged, LIST)), "true");
    let line = LIST[..shell.source_map[privileged].value.start as usize].lines().count();
    assert_eq!(LIST.lines().nth(line - 1).unwrap().trim(), r#""privileged": true"#);
    for r in model.resources() {
        assert!(r.values.get("status").is_none(), "{}", r.address);
        assert!(r.values["metadata"].get("managedFields").is_none(), "{}", r.address);
        assert!(
            r.source_map
                .keys()
                .all(|p| !p.starts_with("/status") && !p.starts_with("/metadata/managedFields")),
            "{}",
            r.address
        );
    }
    let web = resource(&model, "Deployment/shop/web");
    assert_eq!(web.r#type, "apps/Deployment");
    assert_eq!(
        at(LIST, web.source_map["/spec/template/spec/containers/0/image"].value),
        r#""registry.example.com/shop/web:1.8.2""#
    );
}

#[test]
fn typed_lists_give_their_items_kind_and_api_version() {
    let text = r#"{"apiVersion": "v1", "kind": "PodList", "metadata": {},
  "items": [
    {"metadata": {"name": "a", "namespace": "default"},
     "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]},
     "status": {"phase": "Running"}},
    42
  ]}"#;
    let model = load(&[("pods.json", text)], true);
    insta::assert_json_snapshot!(summary(&model, text));
}

#[test]
fn classify_finds_states_and_lists_by_content() {
    let v3 = r#"{"version": 3, "terraform_version": "0.11.14", "serial": 3, "lineage": "x", "modules": [{"path": ["root"], "resources": {}}]}"#;
    let v4_small =
        r#"{"version":4,"terraform_version":"1.6.6","serial":1,"lineage":"x","outputs":{},"resources":[]}"#;
    let plan = r#"{"format_version": "1.2", "terraform_version": "1.6.6", "planned_values": {"root_module": {"resources": []}}, "resource_changes": []}"#;
    let pod = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}"#;
    let cases: &[(&str, &str, FileKind)] = &[
        ("terraform.tfstate", STATE, FileKind::TerraformState),
        ("env/prod/terraform.tfstate", "", FileKind::TerraformState),
        ("pulled-state.json", STATE, FileKind::TerraformState),
        ("state.json", v4_small, FileKind::TerraformState),
        // Too old to read, but recognised, so that reading it says so.
        ("old-state.json", v3, FileKind::TerraformState),
        ("workloads.json", LIST, FileKind::KubernetesList),
        (
            "pods.json",
            r#"{"apiVersion":"v1","items":[],"kind":"PodList","metadata":{"resourceVersion":"1"}}"#,
            FileKind::KubernetesList,
        ),
        // Backups hold the previous state.
        ("terraform.tfstate.backup", BACKUP, FileKind::Other),
        ("plan.json", plan, FileKind::TerraformPlan),
        ("pod.json", pod, FileKind::Kubernetes),
        // Keys nested below the top level do not count.
        (
            "wrapped.json",
            r#"{"data": {"version": 4, "terraform_version": "1.6.6", "resources": []}}"#,
            FileKind::Other,
        ),
        (
            "no-resources.json",
            r#"{"version": 4, "terraform_version": "1.6.6", "outputs": {}}"#,
            FileKind::Other,
        ),
        (
            "string-version.json",
            r#"{"version": "4", "terraform_version": "1.6.6", "resources": []}"#,
            FileKind::Other,
        ),
        (
            "cm.json",
            r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"x": "{\"kind\": \"List\", \"items\": []}"}}"#,
            FileKind::Kubernetes,
        ),
        ("no-items.json", r#"{"apiVersion": "v1", "kind": "List"}"#, FileKind::Kubernetes),
        ("listing.json", r#"{"apiVersion": "v1", "kind": "Listing", "items": []}"#, FileKind::Kubernetes),
        ("list.yaml", "apiVersion: v1\nkind: List\nitems: []\n", FileKind::Kubernetes),
        ("truncated.json", "{\"version\": 4, \"terraform_version\": \"1.6", FileKind::Other),
    ];
    for (path, text, expected) in cases {
        assert_eq!(classify(path, text), *expected, "{path}");
    }
}

#[test]
fn without_audit_states_and_dumps_make_no_stack() {
    let files =
        [("terraform.tfstate", STATE), ("workloads.json", LIST), ("terraform.tfstate.backup", BACKUP)];
    let model = load(&files, false);
    assert!(model.stacks.is_empty(), "{:?}", model.stacks.iter().map(|s| &s.id).collect::<Vec<_>>());
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    // With audit, the backup is still not read.
    let model = load(&files, true);
    let ids: Vec<&str> = model.stacks.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["terraform.tfstate", "workloads.json"]);
}

#[test]
fn an_old_state_version_is_one_positioned_error() {
    let text = "{\n  \"version\": 3,\n  \"terraform_version\": \"0.11.14\",\n  \"serial\": 7,\n  \"lineage\": \"x\",\n  \"modules\": [\n    {\"path\": [\"root\"], \"outputs\": {}, \"resources\": {\"aws_s3_bucket.b\": {\"type\": \"aws_s3_bucket\"}}}\n  ]\n}\n";
    let model = load(&[("old/terraform.tfstate", text)], true);
    assert_eq!(model.resources().count(), 0);
    assert_eq!(model.diagnostics.len(), 1, "{:?}", model.diagnostics);
    let d = &model.diagnostics[0];
    assert_eq!(d.file, "old/terraform.tfstate");
    assert_eq!(d.severity, vigil_model::DiagnosticSeverity::Error);
    assert_eq!(at(text, d.range), "\"version\": 3");
    assert!(d.message.starts_with("Terraform state format version 3 is not supported"), "{}", d.message);

    let newer = "{\"version\": 5, \"terraform_version\": \"2.0.0\", \"resources\": []}";
    let model = load(&[("terraform.tfstate", newer)], true);
    assert_eq!(model.diagnostics.len(), 1);
    assert!(
        model.diagnostics[0].message.contains("newer than the version 4"),
        "{}",
        model.diagnostics[0].message
    );
}

#[test]
fn malformed_input_is_a_positioned_error_never_a_panic() {
    // Cut off in the middle of the second resource: the first is still read.
    let cut = STATE.find(r#""name": "cache""#).unwrap() + 40;
    let truncated = &STATE[..cut];
    let model = load(&[("terraform.tfstate", truncated)], true);
    assert!(!model.diagnostics.is_empty());
    for d in &model.diagnostics {
        assert_eq!(d.file, "terraform.tfstate");
        assert_eq!(d.severity, vigil_model::DiagnosticSeverity::Error);
        assert_eq!(d.code, "syntax");
        assert!(d.range.end as usize <= truncated.len());
    }
    assert!(model.resources().any(|r| r.address == "data.aws_iam_policy_document.assets_read"));

    let broken_list = LIST.replacen(r#""kind": "Pod","#, r#""kind": "Pod"  "#, 1);
    let model = load(&[("workloads.json", &broken_list)], true);
    assert!(
        model.diagnostics.iter().any(|d| d.code == "syntax" && d.range.start > 0),
        "{:?}",
        model.diagnostics
    );

    let cases = [
        ("a.tfstate", ""),
        ("b.tfstate", "not json at all"),
        ("c.tfstate", "[1, 2, 3]"),
        ("d.tfstate", r#"{"terraform_version": "1.6.6", "resources": []}"#),
        ("e.tfstate", r#"{"version": 4, "terraform_version": "1.6.6", "resources": {"a": 1}}"#),
        (
            "f.tfstate",
            r#"{"version": 4, "terraform_version": "1.6.6", "resources": [7, {"mode": "managed"}, {"type": "x_y", "name": "n", "instances": [{"attributes": 3}, 4]}]}"#,
        ),
        ("g.json", r#"{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Pod"}, 1, {"metadata": {}}]}"#),
        ("h.tfstate", "{\"version\": 4, \"resources\": [{\"type\": \"\\u00e9\", \"name\": \"\u{1F600}\", \"instances\": [{\"index_key\": \"k\\\"\", \"attributes\": {\"a\": [[{}]], \"b\": [null], \"c\": 1e400}}]}]}"),
    ];
    let mut out = Vec::new();
    for (path, text) in cases {
        let model = load(&[(path, text)], true);
        for d in &model.diagnostics {
            out.push(format!("{path} {:?} {} {:?}: {}", d.severity, d.code, at(text, d.range), d.message));
        }
        for r in model.resources() {
            out.push(format!("{path} resource {} = {}", r.address, r.values));
        }
    }
    insta::assert_json_snapshot!(out);
}

#[test]
fn deposed_legacy_and_module_instances() {
    let text = r#"{
  "version": 4,
  "terraform_version": "1.6.6",
  "serial": 1,
  "lineage": "x",
  "resources": [
    {
      "module": "module.app[\"blue\"]",
      "mode": "data",
      "type": "aws_caller_identity",
      "name": "current",
      "provider": "module.app[\"blue\"].provider[\"registry.terraform.io/hashicorp/aws\"].east",
      "instances": [{"schema_version": 0, "attributes": {"account_id": "123456789012", "id": "123456789012"}}]
    },
    {
      "mode": "managed",
      "type": "aws_instance",
      "name": "web",
      "provider": "provider.aws",
      "instances": [
        {"schema_version": 1, "attributes": {"ami": "ami-2", "ebs_block_device": [], "root_block_device": [{"encrypted": true, "volume_size": 8}]}},
        {"deposed": "00000001", "schema_version": 1, "attributes": {"ami": "ami-1"}},
        {"index_key": 3, "schema_version": 0, "attributes_flat": {"ami": "ami-0", "tags.%": "0"}}
      ]
    }
  ]
}"#;
    let model = load(&[("terraform.tfstate", text)], true);
    insta::assert_json_snapshot!(summary(&model, text));
}

#[test]
fn the_backend_record_of_terraform_init_is_not_a_state_of_resources() {
    let text = r#"{"version": 3, "serial": 1, "lineage": "x", "backend": {"type": "s3", "config": {"bucket": "b"}, "hash": 1}}"#;
    let model = load(&[(".terraform/terraform.tfstate", text)], true);
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    assert_eq!(model.resources().count(), 0);
}
