//! What is read but not evaluated, and why (the summary of `vigil check`), and the
//! note on a kind of resources no loaded policy applies to.
#![allow(clippy::unwrap_used)]

mod common;

use vigil_ide::{analyze, uncovered_kinds, Config, NotEvaluated};
use vigil_model::SourceFile;
use vigil_policy::{PolicySet, PolicySource};

fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
    list.iter().map(|(p, t)| SourceFile::new(p.to_string(), t.to_string())).collect()
}

/// The library and one policy on `aws_s3_bucket`.
fn bucket_policy() -> PolicySet {
    let mut sources = common::library_sources();
    sources.push(PolicySource {
        path: "org/bucket.rego".into(),
        text: "# METADATA\n# title: Buckets are named\n# custom:\n#   id: ORG-1\n#   severity: low\n\
               #   resources: [aws_s3_bucket]\npackage org.bucket\n\nimport rego.v1\n\n\
               deny contains \"no name\" if {\n\tnot input.resource.values.bucket\n}\n"
            .into(),
        pack: "custom".into(),
    });
    PolicySet::load(&sources, vigil_policy::DEFAULT_TIME_LIMIT)
}

const ROOT: &str = r#"variable "n" {}
variable "names" {}

resource "aws_s3_bucket" "logs" {
  count  = var.n
  bucket = "logs-${count.index}"
}

resource "aws_s3_bucket" "each" {
  for_each = var.names
  bucket   = each.key
}

resource "aws_s3_bucket" "known" {
  count  = 2
  bucket = "known-${count.index}"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

module "pair" {
  count  = 2
  source = "./modules/pair"
}

module "maybe" {
  count  = var.n
  source = "./modules/pair"
}

module "gone" {
  source = "./modules/gone"
}
"#;

/// Called twice (`count = 2`): its registry module call is one note, and one module
/// not downloaded; its resource with an unknown `for_each` is two resources (one per
/// instance of the module).
const PAIR: &str = r#"variable "zones" {
  default = null
}

module "label" {
  source = "cloudposse/label/null"
}

resource "aws_s3_bucket" "zone" {
  for_each = var.zones
  bucket   = each.key
}
"#;

#[test]
fn not_evaluated_counts_resources_and_module_calls_by_reason() {
    let ws = files(&[
        ("main.tf", ROOT),
        ("modules/pair/main.tf", PAIR),
        ("chart/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n"),
    ]);
    let analysis = analyze(&ws, &bucket_policy(), &Config::default(), common::TODAY);
    assert_eq!(
        analysis.not_evaluated,
        NotEvaluated {
            count_unknown: 1,
            for_each_unknown: 3,
            module_instances_unknown: 1,
            modules_not_downloaded: 2,
            modules_not_found: 1,
            helm_templates: 1,
            audit_files: 0,
        },
        "{:#?}",
        analysis.diagnostics
    );
    assert_eq!(analysis.not_evaluated.resources(), 4);
    assert_eq!(analysis.not_evaluated.module_calls(), 4);
    // The unknown-instance resources are in the model (for joins) but not evaluated:
    // the 4 above and the one of `module.maybe[*]` (counted with its call).
    assert_eq!(analysis.summaries.len(), analysis.resources - 5);
}

/// One note per registry module call, not one per instance of the module that calls
/// it, nor one per stack that reads the module.
#[test]
fn one_note_per_registry_module_call() {
    let ws = files(&[("main.tf", ROOT), ("modules/pair/main.tf", PAIR)]);
    let analysis = analyze(&ws, &bucket_policy(), &Config::default(), common::TODAY);
    let notes: Vec<(String, String)> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "terraform-module" && d.message.contains("terraform init"))
        .map(|d| (d.file.clone(), d.message.clone()))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes.iter().any(|(f, m)| f == "main.tf" && m.contains("module `vpc`")), "{notes:#?}");
    assert!(
        notes.iter().any(|(f, m)| f == "modules/pair/main.tf" && m.contains("module `label`")),
        "{notes:#?}"
    );
}

#[test]
fn a_workspace_where_everything_is_evaluated_has_nothing_to_say() {
    let ws = files(&[("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  count  = 2\n  bucket = \"b\"\n}\n")]);
    let analysis = analyze(&ws, &bucket_policy(), &Config::default(), common::TODAY);
    assert!(analysis.not_evaluated.is_empty(), "{:?}", analysis.not_evaluated);
    assert_eq!(analysis.resources, 2);
}

const PULUMI: &str = "name: site\nruntime: yaml\nresources:\n  site:\n    type: aws:s3/bucket:Bucket\n";
const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n";

/// A kind of resources no policy selects gets one note (on its first file), however
/// many files and resources it has; a kind some policy applies to gets none.
#[test]
fn one_note_per_kind_no_policy_applies_to() {
    let ws = files(&[
        ("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\nresource \"aws_iam_role\" \"r\" {}\n"),
        ("site/Pulumi.yaml", PULUMI),
        ("k8s/a.yaml", POD),
        ("k8s/b.yaml", &format!("{POD}---\n{POD}")),
    ]);
    let model = vigil_model::load_workspace(&ws);
    let notes = uncovered_kinds(&model, &bucket_policy(), &Config::default());
    let shown: Vec<String> = notes.iter().map(|d| format!("{} {} {}", d.file, d.code, d.message)).collect();
    assert_eq!(
        shown,
        vec![
            "k8s/a.yaml no-policy no loaded policy applies to Kubernetes resources: the 3 resources in 2 files (types: Pod) are read but not checked",
            "site/Pulumi.yaml no-policy no loaded policy applies to Pulumi resources: the 1 resource in 1 file (types: aws:s3/bucket:Bucket) is read but not checked",
        ]
    );
    assert!(notes.iter().all(|d| d.severity == vigil_model::DiagnosticSeverity::Info));
}

/// A policy disabled in `vigil.toml` does not apply; with no policy at all, every
/// kind read gets its note.
#[test]
fn disabled_policies_do_not_cover_a_kind() {
    let ws = files(&[("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")]);
    let model = vigil_model::load_workspace(&ws);
    let (config, diags) = Config::parse("vigil.toml", "[policy.\"ORG-1\"]\nenforcement = \"disabled\"\n");
    assert!(diags.is_empty(), "{diags:?}");
    let notes = uncovered_kinds(&model, &bucket_policy(), &config);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.contains("Terraform resources"), "{notes:?}");
    assert!(uncovered_kinds(&model, &bucket_policy(), &Config::default()).is_empty());
    let none = PolicySet::load(&[], vigil_policy::DEFAULT_TIME_LIMIT);
    assert_eq!(uncovered_kinds(&model, &none, &Config::default()).len(), 1);
}
