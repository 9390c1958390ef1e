//! CloudFormation and Kubernetes YAML as users' repositories write it
//! (`testdata/formats/`): the values policies see, and where they are written.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use std::path::{Path, PathBuf};

use serde_json::json;
use vigil_model::{load_workspace, Model, Resource, SourceFile};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().unwrap()
}

fn fixture(path: &str) -> Vec<SourceFile> {
    let text = std::fs::read_to_string(repo().join("testdata/formats").join(path)).unwrap();
    vec![SourceFile::new(path, text)]
}

fn resource<'m>(model: &'m Model, address: &str) -> &'m Resource {
    model.resources().find(|r| r.address == address).unwrap_or_else(|| {
        panic!("no {address} in {:?}", model.resources().map(|r| &r.address).collect::<Vec<_>>())
    })
}

/// The text a value of a resource is read from.
fn written<'f>(files: &'f [SourceFile], r: &Resource, pointer: &str) -> &'f str {
    let span = r.source_map.get(pointer).unwrap_or_else(|| panic!("{pointer} is not mapped"));
    &files[0].text[span.value.as_usize()]
}

#[test]
fn cloudformation_yaml_11_scalars() {
    let files = fixture("cloudformation/reporting-stack.yaml");
    let model = load_workspace(&files);
    assert!(model.diagnostics.is_empty(), "{:#?}", model.diagnostics);
    assert_eq!(model.resources().count(), 5, "the whole template is read");

    let key = resource(&model, "ReportingKey");
    assert_eq!(key.values["Description"], "Encrypts the reporting database and its snapshots");
    assert_eq!(key.values["Enabled"], true);
    assert_eq!(key.values["EnableKeyRotation"], false);
    assert_eq!(written(&files, key, "/EnableKeyRotation"), "off");
    assert_eq!(key.values["KeyPolicy"]["Version"], "2012-10-17");

    let db = resource(&model, "ReportingDatabase");
    assert_eq!(db.values["PubliclyAccessible"], true);
    assert_eq!(db.values["StorageEncrypted"], true);
    assert_eq!(db.values["ManageMasterUserPassword"], true);
    // A parameter's default is a string, as written.
    assert_eq!(db.values["MultiAZ"], "false");
    assert_eq!(db.values["Tags"][0]["Value"], "reporting database");
    assert_eq!(written(&files, db, "/PubliclyAccessible"), "yes");

    // Quoted, `yes` stays a string.
    assert_eq!(resource(&model, "ReportingReplica").values["PubliclyAccessible"], "yes");

    let trail = resource(&model, "AuditTrail");
    assert_eq!(
        (
            &trail.values["IsLogging"],
            &trail.values["IsMultiRegionTrail"],
            &trail.values["EnableLogFileValidation"]
        ),
        (&json!(true), &json!(true), &json!(true))
    );

    let bucket = resource(&model, "ReportExports");
    assert_eq!(bucket.values["AccessControl"], "PublicRead");
    assert_eq!(written(&files, bucket, "/AccessControl"), "\"Public\\x52ead\"");
    assert_eq!(
        bucket.values["PublicAccessBlockConfiguration"],
        json!({"BlockPublicAcls": false, "BlockPublicPolicy": false, "IgnorePublicAcls": false, "RestrictPublicBuckets": false})
    );
    let tags: Vec<&str> =
        bucket.values["Tags"].as_array().unwrap().iter().map(|t| t["Value"].as_str().unwrap()).collect();
    assert_eq!(
        tags,
        [
            "reporting team",
            "Exported nightly.\nKept for a year.",
            "nightly at 02:00 UTC\n\n",
            "  indented line\nbase line\n"
        ]
    );
}

#[test]
fn kubernetes_old_api_versions_and_kubectl_scalars() {
    let files = fixture("kubernetes/legacy-workloads.yaml");
    let model = load_workspace(&files);
    assert!(model.diagnostics.is_empty(), "{:#?}", model.diagnostics);
    let types: Vec<(&str, &str)> =
        model.resources().map(|r| (r.address.as_str(), r.r#type.as_str())).collect();
    assert_eq!(
        types,
        [
            ("Deployment/ops/node-debugger", "apps/Deployment"),
            ("DaemonSet/ops/log-agent", "apps/DaemonSet"),
            ("StatefulSet/shop/cache", "apps/StatefulSet"),
            ("ReplicaSet/shop/legacy-web", "apps/ReplicaSet"),
            ("NetworkPolicy/shop/default-deny", "networking.k8s.io/NetworkPolicy"),
        ]
    );
    let deployment = resource(&model, "Deployment/ops/node-debugger");
    // The manifest's own apiVersion is kept.
    assert_eq!(deployment.values["apiVersion"], "extensions/v1beta1");

    let agent = resource(&model, "DaemonSet/ops/log-agent");
    let spec = &agent.values["spec"]["template"]["spec"];
    assert_eq!(spec["hostNetwork"], true);
    let sc = &spec["containers"][0]["securityContext"];
    assert_eq!(
        (&sc["privileged"], &sc["allowPrivilegeEscalation"], &sc["runAsNonRoot"]),
        (&json!(false), &json!(false), &json!(true))
    );
    // go-yaml v2 reads a leading zero as octal: 0440 is 288.
    assert_eq!(spec["volumes"][0]["secret"]["defaultMode"], 288);

    let cache = resource(&model, "StatefulSet/shop/cache");
    let sc = &cache.values["spec"]["template"]["spec"]["containers"][0]["securityContext"];
    assert_eq!((&sc["privileged"], &sc["allowPrivilegeEscalation"]), (&json!(false), &json!("yes")));
    let web = resource(&model, "ReplicaSet/shop/legacy-web");
    assert_eq!(
        web.values["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"],
        true
    );
}
