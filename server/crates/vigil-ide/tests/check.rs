//! The core end to end: IaC + policies in, findings at exact ranges out.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use common::check;

const BUCKET_POLICY: &str = r#"//- /policies/acl.rego
# METADATA
# title: No public ACL
# description: Public ACLs expose objects.
# custom:
#   id: T-ACL
#   severity: high
#   enforcement: mandatory
#   resources: [aws_s3_bucket, "AWS::S3::Bucket"]
#   aliases: [CKV_AWS_20, AWS-0092]
package t.acl

import rego.v1

deny contains v if {
	input.resource.source == "terraform"
	input.resource.values.acl != "private"
	v := {"msg": sprintf("acl is %s", [input.resource.values.acl]), "path": "/acl", "fix": [{"op": "replace", "path": "/acl", "value": "private"}]}
}

deny contains v if {
	input.resource.source == "cloudformation"
	input.resource.values.AccessControl == "PublicRead"
	v := {"msg": "public", "path": "/AccessControl"}
}
//- /policies/versioning.rego
# METADATA
# title: Versioning
# description: Keep versions.
# custom:
#   id: T-VER
#   resources: [aws_s3_bucket]
package t.versioning

import rego.v1

deny contains v if {
	not input.resource.values.versioning.enabled == true
	v := {"msg": "versioning is off", "path": "/versioning/enabled"}
}
"#;

fn with_policies(iac: &str) -> String {
    format!("{BUCKET_POLICY}{iac}")
}

#[test]
fn wrong_value_missing_attribute_and_missing_block() {
    check(&with_policies(
        r#"//- /main.tf
resource "aws_s3_bucket" "a" {
  acl = "public-read"
  #     ^^^^^^^^^^^^^ T-ACL
  versioning {
# ^^^^^^^^^^ T-VER
    mfa_delete = false
  }
}

resource "aws_s3_bucket" "b" {
  acl = "private"
  versioning {
    enabled = false
    #         ^^^^^ T-VER
  }
}

resource "aws_s3_bucket" "c" {
^^^^^^^^^^^^^^^^^^^^^^^^^^^^ T-VER
  acl = "private"
}
"#,
    ));
}

#[test]
fn variables_locals_tfvars_and_count() {
    check(&with_policies(
        r#"//- /variables.tf
variable "acl" {
  default = "private"
}
variable "n" { default = 2 }
//- /terraform.tfvars
acl = "public-read"
//- /main.tf
locals {
  versioned = true
}
resource "aws_s3_bucket" "a" {
  count = var.n
  acl   = var.acl
  #       ^^^^^^^ T-ACL
  versioning { enabled = local.versioned }
}
"#,
    ));
}

#[test]
fn unknown_values_never_produce_a_finding() {
    // var.acl has no value: `acl != "private"` would fire on a placeholder, and
    // `not versioning.enabled == true` would fire when it is absent. Neither may.
    check(&with_policies(
        r#"//- /main.tf
variable "acl" {}
variable "versioning" {}
resource "aws_s3_bucket" "a" {
  acl = var.acl
  versioning { enabled = var.versioning }
}
resource "aws_s3_bucket" "b" {
  acl = "private"
  bucket = aws_s3_bucket.a.id
  dynamic "versioning" {
    for_each = [1]
    content { enabled = true }
  }
}
resource "aws_s3_bucket" "c" {
  count = length(aws_s3_bucket.a.id)
  acl = "public-read"
}
"#,
    ));
}

#[test]
fn cloudformation_short_tags_and_parameters() {
    check(&with_policies(
        r#"//- /template.yaml
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Access:
    Type: String
    Default: PublicRead
  Other:
    Type: String
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !Ref Access
      #              ^^^^^^^^^^^ T-ACL
      BucketName: !Sub "${AWS::StackName}-logs"
      Tags:
        - Key: arn
          Value: !GetAtt Other.Arn
  Data:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !Ref Other
"#,
    ));
}

#[test]
fn cloudformation_json() {
    check(&with_policies(
        r#"//- /template.json
{
  "Resources": {
    "Logs": {
      "Type": "AWS::S3::Bucket",
      "Properties": { "AccessControl": "PublicRead" }
      #                                ^^^^^^^^^^^^ T-ACL
    }
  }
}
"#,
    ));
}

#[test]
fn crlf_and_non_ascii_text_before_a_finding() {
    check(&with_policies(
        "//- /main.tf\r\n# Données de journalisation 😀\r\nresource \"aws_s3_bucket\" \"a\" { versioning { enabled = true }\r\n  tags = { Nom = \"café\" }\r\n  acl = \"public-read\" # 🚫 écrit\r\n  #     ^^^^^^^^^^^^^ T-ACL\r\n}\r\n",
    ));
}

#[test]
fn suppressions_in_every_dialect_and_expiry() {
    let analysis = check(&with_policies(
        r#"//- /main.tf
# vigil:ignore T-ACL public website bucket
resource "aws_s3_bucket" "a" {
  acl = "public-read"
  versioning { enabled = true }
}
resource "aws_s3_bucket" "b" {
  #checkov:skip=CKV_AWS_20:reviewed
  acl = "public-read"
  versioning { enabled = true }
}
resource "aws_s3_bucket" "c" {
  acl = "public-read" #trivy:ignore:AVD-AWS-0092
  versioning { enabled = true }
}
resource "aws_s3_bucket" "d" {
  # vigil:ignore T-ACL until=2026-01-01 temporary
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ !suppression-expired
  acl = "public-read"
  #     ^^^^^^^^^^^^^ T-ACL
  # vigil:ignore T-VER not needed until=2027-01-01
  versioning { enabled = false }
  # vigil:ignore NOPE because
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^ !suppression
}
"#,
    ));
    assert_eq!(analysis.suppressed.len(), 4);
}

#[test]
fn kubernetes_multi_document_and_helm() {
    check(
        r#"//- /policies/priv.rego
# METADATA
# title: No privileged containers
# description: Privileged containers own the node.
# custom:
#   id: T-PRIV
#   resources: [Pod, apps/Deployment]
package t.priv

import rego.v1

deny contains v if {
	some i, c in input.resource.values.spec.containers
	c.securityContext.privileged == true
	v := {"msg": "privileged", "path": sprintf("/spec/containers/%d/securityContext/privileged", [i])}
}

deny contains v if {
	some i, c in input.resource.values.spec.template.spec.containers
	not c.securityContext
	v := {"msg": "no securityContext", "path": sprintf("/spec/template/spec/containers/%d/securityContext/privileged", [i])}
}
//- /k8s/app.yaml
# not Kubernetes: skipped quietly
settings: {a: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
        #           ^^^^ T-PRIV
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b}
spec:
  template:
    spec:
      containers:
        - name: web
        # ^^^^^^^^^ T-PRIV
          image: nginx
//- /chart/templates/d.yaml
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Values.name }}
"#,
    );
}

#[test]
fn a_broken_policy_is_isolated_and_positioned() {
    check(&with_policies(
        r#"//- /policies/broken.rego
# METADATA
# title: Broken
# custom:
#   id: T-BROKEN
#   resources: [aws_s3_bucket]
package t.broken

import rego.v1

deny contains msg if {
	msg := undefined_function(input.resource)
	#      ^^^^^^^^^^^^^^^^^^ !policy-undefined-function
}
//- /policies/syntax.rego
package t.syntax

deny contains msg if {
	msg := 1 + }
	#        ^^^ !policy-parse
}
//- /policies/meta.rego
# METADATA
# title: Bad metadata
# custom:
#   id: T-META
#   severity: extreme
#             ^^^^^^^ !policy-metadata
#   resources: [aws_s3_bucket]
package t.meta

deny contains "x" if true
//- /main.tf
resource "aws_s3_bucket" "a" {
  acl = "public-read"
  #     ^^^^^^^^^^^^^ T-ACL
  versioning { enabled = true }
}
"#,
    ));
}

#[test]
fn local_cycles_and_syntax_errors_are_positioned_and_other_blocks_survive() {
    check(&with_policies(
        r#"//- /main.tf
locals {
  a = local.b
  b = local.a
# ^ !cycle
}
resource "aws_s3_bucket" "a" {
  acl = local.a
  versioning { enabled = true }
}
resource "aws_s3_bucket" "broken" {
  acl = = "x"
  #     ^ !syntax
  #       ^^^ T-ACL
  versioning { enabled = true }
}
resource "aws_s3_bucket" "b" {
  acl = "public-read"
  #     ^^^^^^^^^^^^^ T-ACL
  versioning { enabled = true }
}
"#,
    ));
}

fn builtin(path: &str) -> vigil_policy::PolicySource {
    let full = common::repo_root().join("policies").join(path);
    vigil_policy::PolicySource {
        path: path.to_string(),
        text: std::fs::read_to_string(full).unwrap(),
        pack: "aws".into(),
    }
}

#[test]
fn resources_with_unknown_expansion_still_join_but_are_not_evaluated() {
    // The versioning resources exist once per bucket, but how many is known only at
    // apply time. They must still count for the bucket's "is versioning configured"
    // join, and must not be evaluated themselves.
    common::check_with(
        r#"//- /main.tf
resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = each.key
}
resource "aws_s3_bucket" "data" {
  bucket = "data"
}
resource "aws_s3_bucket_versioning" "all" {
  for_each = aws_s3_bucket.logs
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
        vec![builtin("aws/s3_versioning/policy.rego")],
    );
}

#[test]
fn rego_v0_policies_warn_results_strings_and_data_sources() {
    check(
        r#"//- /policies/v0.rego
# METADATA
# title: Old style
# description: A Rego v0 policy with string results.
# custom:
#   id: T-V0
#   resources: [aws_instance]
package t.v0

deny[msg] {
	input.resource.values.instance_type == "t2.micro"
	msg := "t2.micro is too small"
}
//- /policies/warn.rego
# METADATA
# title: Warns only
# description: warn results are advisory whatever the METADATA says.
# custom:
#   id: T-WARN
#   enforcement: mandatory
#   resources: ["data.aws_ami"]
package t.warn

import rego.v1

warn contains {"msg": "pin the AMI owner", "path": "/owners"} if {
	not input.resource.values.owners
}
//- /main.tf
resource "aws_instance" "a" {
^^^^^^^^^^^^^^^^^^^^^^^^^^^ T-V0
  instance_type = "t2.micro"
}
data "aws_ami" "ubuntu" {
^^^^^^^^^^^^^^^^^^^^^^^ T-WARN
  most_recent = true
}
resource "aws_ami" "not_a_data_source" {
  most_recent = true
}
"#,
    )
    .findings
    .iter()
    .for_each(|f| {
        if f.policy_id == "T-WARN" {
            assert_eq!(f.enforcement, vigil_policy::Enforcement::Advisory);
        }
    });
}

#[test]
fn panics_and_runaway_policies_are_contained() {
    // regorus panics on object.subset(array, []); the nested comprehension runs for
    // far longer than the time limit. Both depend on the input, so they pass the
    // load-time compile check and fail during evaluation. Both are reported on their
    // package line and the other policy keeps working.
    let files = r#"//- /policies/panic.rego
# METADATA
# title: Panics
# custom:
#   id: T-PANIC
#   resources: [aws_s3_bucket]
package t.panic
#       ^^^^^^^ !policy-panic

import rego.v1

deny contains "x" if {
	object.subset([1, 2], input.resource.values.empty)
}
//- /policies/slow.rego
# METADATA
# title: Slow
# custom:
#   id: T-SLOW
#   resources: [aws_s3_bucket]
package t.slow
#       ^^^^^^ !policy-runtime

import rego.v1

deny contains "slow" if {
	n := count(input.resource.values) * 2000
	count([x | some a in numbers.range(1, n); some b in numbers.range(1, n); x := a * b]) < 0
}
"#;
    let fixture = format!("{BUCKET_POLICY}{files}//- /main.tf\nresource \"aws_s3_bucket\" \"a\" {{\n  acl = \"public-read\"\n  #     ^^^^^^^^^^^^^ T-ACL\n  empty = []\n  versioning {{ enabled = true }}\n}}\n");
    let (files, expected) = common::parse_fixture(&fixture);
    let mut sources = common::library_sources();
    for f in files.iter().filter(|f| f.path.ends_with(".rego")) {
        sources.push(vigil_policy::PolicySource {
            path: f.path.clone(),
            text: f.text.clone(),
            pack: "custom".into(),
        });
    }
    let policies = vigil_policy::PolicySet::load(&sources, std::time::Duration::from_millis(200));
    let iac: Vec<_> = files.iter().filter(|f| !f.path.ends_with(".rego")).cloned().collect();
    let analysis = vigil_ide::analyze(&iac, &policies, &vigil_ide::Config::default(), common::TODAY);
    let actual = common::actual_marks(&files, &analysis);
    assert_eq!(
        actual,
        expected,
        "\n{}\n---\n{}",
        common::render(&files, &expected),
        common::render(&files, &actual)
    );
}

#[test]
fn vigil_toml_suppression_rules_and_is_unknown() {
    check(&with_policies(
        r#"//- /vigil.toml
[suppressions]
require_reason = true
allow_mandatory = false
//- /policies/tags.rego
# METADATA
# title: Owner tag
# custom:
#   id: T-TAG
#   resources: [aws_s3_bucket]
package t.tags

import rego.v1

deny contains {"msg": "no Owner tag", "path": "/tags/Owner"} if {
	not input.resource.values.tags.Owner
	not vigil.is_unknown(input.resource.values.tags)
}
//- /main.tf
variable "tags" {}
resource "aws_s3_bucket" "a" {
  tags = var.tags
  versioning { enabled = true }
  # vigil:ignore T-ACL
  ^^^^^^^^^^^^^^^^^^^^ !suppression
  acl = "public-read"
  #     ^^^^^^^^^^^^^ T-ACL
}
resource "aws_s3_bucket" "b" {
  tags = { Team = "x" }
  #      ^^^^^^^^^^^^^^ T-TAG
  versioning { enabled = true }
  # vigil:ignore T-ACL we host a public website here
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ !suppression
  acl = "public-read"
  #     ^^^^^^^^^^^^^ T-ACL
}
"#,
    ));
}

/// Local modules: inputs from the call, defaults, outputs back to the caller, nested
/// modules, count and for_each on calls. A value the caller passed in is reported at
/// the caller's argument (one module, two callers, one violates); a literal inside
/// the module is reported once, inside the module.
#[test]
fn local_modules_report_where_the_fix_belongs() {
    let analysis = check(&with_policies(
        r#"//- /main.tf
module "public" {
  source = "./modules/bucket"
  name   = "acme-public"
  acl    = "public-read"
  #        ^^^^^^^^^^^^^ T-ACL
}

module "private" {
  source = "./modules/bucket"
  name   = "acme-private"
}

module "many" {
  source   = "./modules/bucket"
  for_each = toset(["x", "y"])
  name     = "acme-${each.key}"
  acl      = module.private.acl
}

module "counted" {
  source = "./modules/wrapper"
  count  = 2
  acl    = count.index == 1 ? "public-read-write" : "private"
  #                           ^^^^^^^^^^^^^^^^^^^ T-ACL
}

module "remote" {
  source = "terraform-aws-modules/s3-bucket/aws"
  acl    = "public-read"
}

resource "aws_s3_bucket" "uses_output" {
  bucket = module.private.name
  acl    = module.public.acl == "public-read" ? "authenticated-read" : "private"
  #                                             ^^^^^^^^^^^^^^^^^^^^ T-ACL
  versioning { enabled = true }
}
//- /modules/bucket/variables.tf
variable "name" {}
variable "acl" {
  default = "private"
}
//- /modules/bucket/main.tf
resource "aws_s3_bucket" "this" {
  bucket = var.name
  acl    = var.acl
  versioning {
    enabled = false
    #         ^^^^^ T-VER
  }
}

output "name" {
  value = aws_s3_bucket.this.bucket
}

output "acl" {
  value = var.acl
}
//- /modules/wrapper/main.tf
variable "acl" {}
module "inner" {
  source = "../bucket"
  name   = "acme-inner"
  acl    = var.acl
}
"#,
    ));
    let addresses: Vec<&str> = analysis.summaries.iter().map(|s| s.address.as_str()).collect();
    for expected in [
        "module.public.aws_s3_bucket.this",
        "module.private.aws_s3_bucket.this",
        "module.many[\"x\"].aws_s3_bucket.this",
        "module.many[\"y\"].aws_s3_bucket.this",
        "module.counted[0].module.inner.aws_s3_bucket.this",
        "module.counted[1].module.inner.aws_s3_bucket.this",
        "aws_s3_bucket.uses_output",
    ] {
        assert!(addresses.contains(&expected), "{expected} missing from {addresses:?}");
    }
    // The modules' own directories are not also read as root modules.
    assert!(!addresses.iter().any(|a| a.starts_with("aws_s3_bucket.this")), "{addresses:?}");
    // The public ACL is reported at the caller, with the resource in the module as
    // related information.
    let public = analysis
        .findings
        .iter()
        .find(|f| f.policy_id == "T-ACL" && f.address == "module.public.aws_s3_bucket.this")
        .unwrap();
    assert_eq!(public.file, "main.tf");
    assert_eq!(public.related[0].file, "modules/bucket/main.tf");
    // The remote module is not read, and says so once.
    let notes: Vec<_> =
        analysis.diagnostics.iter().filter(|d| d.code == "terraform-module" && d.file == "main.tf").collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.contains("is not a local module"), "{}", notes[0].message);
}

/// A plan JSON beside its configuration: the configuration's unknowns take the
/// plan's values, instances the configuration could not expand come from the plan
/// with ranges in their block, a resource only in the plan is reported in the plan,
/// and nothing is reported twice. A plan without its configuration stands alone.
#[test]
fn plan_json_beside_its_source_and_alone() {
    check(&with_policies(
        r#"//- /infra/main.tf
variable "acl" {}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  acl    = var.acl
  #        ^^^^^^^ T-ACL
  versioning { enabled = true }
}

resource "aws_s3_bucket" "many" {
  count  = length(data.aws_availability_zones.all.names)
  acl    = "private"
  versioning {
    enabled = false
    #         ^^^^^ T-VER
  }
}
//- /infra/tfplan.json
{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_s3_bucket.data", "mode": "managed", "type": "aws_s3_bucket", "name": "data",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "values": {"bucket": "acme-data", "acl": "public-read", "versioning": [{"enabled": true, "mfa_delete": false}]}},
        {"address": "aws_s3_bucket.many[0]", "mode": "managed", "type": "aws_s3_bucket", "name": "many", "index": 0,
         "values": {"acl": "private", "versioning": [{"enabled": false, "mfa_delete": false}]}},
        {"address": "aws_s3_bucket.many[1]", "mode": "managed", "type": "aws_s3_bucket", "name": "many", "index": 1,
         "values": {"acl": "private", "versioning": [{"enabled": false, "mfa_delete": false}]}}
      ],
      "child_modules": [
        {"address": "module.remote", "resources": [
          {"address": "module.remote.aws_s3_bucket.this", "mode": "managed", "type": "aws_s3_bucket", "name": "this",
           "values": {"acl": "public-read-write", "versioning": [{"enabled": true}]}}
           #                 ^^^^^^^^^^^^^^^^^^^ T-ACL
        ]}
      ]
    }
  },
  "resource_changes": [
    {"address": "aws_s3_bucket.data", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
  ]
}
//- /elsewhere/plan.json
{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.solo", "mode": "managed", "type": "aws_s3_bucket", "name": "solo",
     "values": {"acl": "authenticated-read", "versioning": [{"enabled": true}]}}
     #                 ^^^^^^^^^^^^^^^^^^^^ T-ACL
  ]}},
  "resource_changes": [
    {"address": "aws_s3_bucket.solo", "change": {"actions": ["create"], "after_unknown": {"bucket": true}}}
  ]
}
"#,
    ));
}

/// Registry modules that `terraform init` downloaded are read through
/// `.terraform/modules/modules.json`, nested ones too.
#[test]
fn registry_modules_from_the_terraform_init_manifest() {
    let analysis = check(&with_policies(
        r#"//- /main.tf
module "remote" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.0"
  acl     = "public-read"
  #         ^^^^^^^^^^^^^ T-ACL
}
//- /.terraform/modules/modules.json
{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"remote","Source":"registry.terraform.io/terraform-aws-modules/s3-bucket/aws","Version":"4.1.0","Dir":".terraform/modules/remote"},{"Key":"remote.inner","Source":"./modules/inner","Dir":".terraform/modules/remote/modules/inner"}]}
//- /.terraform/modules/remote/main.tf
variable "acl" {}
module "inner" {
  source = "./modules/inner"
  acl    = var.acl
}
//- /.terraform/modules/remote/modules/inner/main.tf
variable "acl" {}
resource "aws_s3_bucket" "this" {
  acl = var.acl
  versioning { enabled = true }
}
"#,
    ));
    let addresses: Vec<&str> = analysis.summaries.iter().map(|s| s.address.as_str()).collect();
    assert_eq!(addresses, ["module.remote.module.inner.aws_s3_bucket.this"]);
}

/// The new sources of unknown values never produce a finding either: a remote
/// module's outputs, a module input nobody sets, a dynamic block over an unknown
/// collection, `module.x` outputs computed from resource attributes, and what a plan
/// knows only after apply.
#[test]
fn unknowns_from_modules_dynamic_blocks_and_plans_never_produce_a_finding() {
    check(&with_policies(
        r#"//- /main.tf
module "remote" {
  source = "terraform-aws-modules/s3-bucket/aws"
}

module "local" {
  source = "./modules/bucket"
}

resource "aws_s3_bucket" "from_remote" {
  acl = module.remote.acl
  versioning { enabled = module.remote.versioning }
}

resource "aws_s3_bucket" "from_output" {
  acl = module.local.arn
  dynamic "versioning" {
    for_each = module.remote.versioning_rules
    content {
      enabled = versioning.value
    }
  }
}
//- /modules/bucket/main.tf
variable "acl" {}
^^^^^^^^^^^^^^ !terraform-missing-input
resource "aws_s3_bucket" "this" {
  acl = var.acl
  versioning { enabled = true }
}
output "arn" {
  value = aws_s3_bucket.this.arn
}
//- /plan/main.tf
resource "aws_s3_bucket" "p" {
  acl = "private"
  versioning { enabled = true }
}
//- /plan/plan.json
{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.p", "mode": "managed", "type": "aws_s3_bucket", "name": "p", "values": {"acl": "private", "versioning": [{"enabled": true}]}},
    {"address": "aws_s3_bucket.q", "mode": "managed", "type": "aws_s3_bucket", "name": "q", "values": {"versioning": [{}]}}
  ]}},
  "resource_changes": [
    {"address": "aws_s3_bucket.q", "change": {"actions": ["create"], "after_unknown": {"acl": true, "versioning": [{"enabled": true}]}}}
  ]
}
"#,
    ));
}

/// `file()` reads the workspace's files: by `path.module` or relative to the root
/// module; a file that is not there leaves the value unknown (no finding).
#[test]
fn file_functions_read_the_workspace() {
    check(&with_policies(
        r#"//- /main.tf
resource "aws_s3_bucket" "a" {
  acl = trimspace(file("${path.module}/settings/acl.txt"))
  #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ T-ACL
  versioning { enabled = jsondecode(file("settings/versioning.json")).enabled }
  #                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ T-VER
}

resource "aws_s3_bucket" "b" {
  acl = file("missing.txt")
  versioning { enabled = fileexists("settings/acl.txt") }
}
//- /settings/acl.txt
public-read
//- /settings/versioning.json
{"enabled": false}
"#,
    ));
}

/// `templatefile()` renders the workspace's template with only the given variables.
#[test]
fn templatefile_renders_workspace_templates() {
    check(&with_policies(
        r#"//- /main.tf
locals {
  settings = jsondecode(templatefile("${path.module}/settings.json.tpl", { acl = "public-read", versioned = false }))
}

resource "aws_s3_bucket" "a" {
  acl = local.settings.acl
  #     ^^^^^^^^^^^^^^^^^^ T-ACL
  versioning { enabled = local.settings.versioning }
  #                      ^^^^^^^^^^^^^^^^^^^^^^^^^ T-VER
}
//- /settings.json.tpl
{
  "acl": "${acl}",
  "versioning": ${versioned}%{ if versioned }, "note": "kept"%{ endif }
}
"#,
    ));
}
