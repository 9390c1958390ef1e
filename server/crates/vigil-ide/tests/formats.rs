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

fn findings(dir: &str) -> String {
    common::testdata_findings(dir)
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
