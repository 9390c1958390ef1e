//! What Terraform evaluates, and when (issue 9, items 3 and 4): bodies that are never
//! evaluated, unknowns through operators and functions, and errors that depend on
//! inputs a reusable module gets from its callers.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use vigil_model::{load_workspace, DiagnosticSeverity, Model, SourceFile};

fn model(files: &[(&str, &str)]) -> Model {
    let files: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    load_workspace(&files)
}

/// `(severity, code)` of each diagnostic, with its message, for assertions.
fn diagnostics(m: &Model) -> Vec<(DiagnosticSeverity, String, String)> {
    m.diagnostics.iter().map(|d| (d.severity, d.code.clone(), d.message.clone())).collect()
}

fn warnings(m: &Model) -> Vec<String> {
    m.diagnostics
        .iter()
        .filter(|d| d.severity <= DiagnosticSeverity::Warning)
        .map(|d| format!("{}:{:?} {} {}", d.file, d.range, d.code, d.message))
        .collect()
}

fn value(m: &Model, address: &str, attribute: &str) -> serde_json::Value {
    let r = m.resources().find(|r| r.address == address).unwrap_or_else(|| {
        panic!("no {address} in {:?}", m.resources().map(|r| &r.address).collect::<Vec<_>>())
    });
    r.values[attribute].clone()
}

fn is_unknown(m: &Model, address: &str, attribute: &str) -> bool {
    m.resources().find(|r| r.address == address).unwrap().unknown.contains(&format!("/{attribute}"))
}

#[test]
fn bodies_with_no_instances_are_not_evaluated() {
    let m = model(&[
        (
            "main.tf",
            r#"
variable "names" { default = ["a"] }
resource "aws_s3_bucket" "off" {
  count  = 0
  bucket = var.names[5]
}
resource "aws_s3_bucket" "none" {
  for_each = {}
  bucket   = each.value.missing
}
module "disabled" {
  source = "./mod"
  count  = 0
  name   = var.names[7]
}
"#,
        ),
        (
            "mod/main.tf",
            "variable \"name\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = upper(1, 2)\n}\n",
        ),
    ]);
    assert!(m.diagnostics.is_empty(), "{:?}", diagnostics(&m));
    assert_eq!(m.resources().count(), 0);
}

#[test]
fn errors_in_bodies_of_unknown_instances_are_notes() {
    let m = model(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  count  = length(data.aws_caller_identity.me.id)
  bucket = "x-${count.index}"
  acl    = ["private"][3]
}
"#,
    )]);
    assert!(warnings(&m).is_empty(), "{:?}", warnings(&m));
    let notes: Vec<_> = diagnostics(&m).into_iter().filter(|d| d.1 == "terraform-eval").collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, DiagnosticSeverity::Info);
    assert!(notes[0].2.contains("not known before plan"), "{notes:?}");
    // The note on the count says why it is unknown.
    let why: Vec<_> = diagnostics(&m).into_iter().filter(|d| d.1 == "terraform-unknown-count").collect();
    assert!(why[0].2.contains("data sources (`data.aws_caller_identity.me`)"), "{why:?}");
    let r = m.resources().next().unwrap();
    assert!(r.instances_unknown);
}

#[test]
fn operators_on_unknowns_follow_terraform() {
    let m = model(&[(
        "main.tf",
        r#"
locals {
  id = aws_vpc.main.id
}
resource "aws_vpc" "main" {}
resource "t" "r" {
  and_false      = local.id == "x" && false
  false_and      = false && local.id == "x"
  or_true        = local.id == "x" || true
  true_or        = true || local.id == "x"
  and_true       = local.id == "x" && true
  same_branches  = local.id == "x" ? "private" : "private"
  other_branches = local.id == "x" ? "private" : "public"
  function       = upper(local.id)
  length         = length(data.aws_subnets.all.ids)
  nested_unknown = { a = local.id }.a
}
"#,
    )]);
    assert!(warnings(&m).is_empty(), "{:?}", warnings(&m));
    assert_eq!(value(&m, "t.r", "and_false"), false);
    assert_eq!(value(&m, "t.r", "false_and"), false);
    assert_eq!(value(&m, "t.r", "or_true"), true);
    assert_eq!(value(&m, "t.r", "true_or"), true);
    assert_eq!(value(&m, "t.r", "same_branches"), "private");
    for unknown in ["and_true", "other_branches", "function", "length", "nested_unknown"] {
        assert!(is_unknown(&m, "t.r", unknown), "{unknown} should be unknown: {}", value(&m, "t.r", unknown));
    }
}

/// A reusable module checked as a root: its variables' real values come from callers.
const REUSABLE: &str = r#"
variable "subnets" {
  type    = list(string)
  default = null
}
variable "name" {
  type = string
}
locals {
  first = var.subnets[0]
}
resource "aws_instance" "web" {
  subnet_id = local.first
  ebs_optimized = length(var.subnets) > 1
  tags      = { Name = var.name }
}
"#;

#[test]
fn errors_that_depend_on_inputs_of_a_reusable_module_are_notes() {
    let m = model(&[("main.tf", REUSABLE)]);
    assert!(warnings(&m).is_empty(), "{:?}", warnings(&m));
    let notes: Vec<_> = diagnostics(&m).into_iter().filter(|d| d.1 == "terraform-eval").collect();
    assert!(!notes.is_empty(), "the errors are still said, as notes");
    assert!(notes.iter().all(|d| d.0 == DiagnosticSeverity::Info), "{notes:?}");
    assert!(notes.iter().any(|d| d.2.contains("input variables")), "{notes:?}");
}

#[test]
fn the_same_errors_with_values_the_configuration_sets_are_warnings() {
    // A tfvars file makes the directory a root with real values.
    let m = model(&[("main.tf", REUSABLE), ("terraform.tfvars", "subnets = []\nname = \"web\"\n")]);
    let w = warnings(&m);
    assert!(w.iter().any(|w| w.contains("local.first")), "{w:?}");

    // A caller passing a literal: the module's code fails with the caller's value.
    let m = model(&[
        ("main.tf", "module \"web\" {\n  source  = \"./web\"\n  subnets = []\n  name    = \"web\"\n}\n"),
        ("web/main.tf", REUSABLE),
    ]);
    let w = warnings(&m);
    assert!(w.iter().any(|w| w.contains("local.first")), "{w:?}");

    // A caller passing its own input through: the error depends on that input.
    let m = model(&[
        (
            "main.tf",
            "variable \"subnets\" { default = null }\nmodule \"web\" {\n  source  = \"./web\"\n  subnets = var.subnets\n  name    = \"web\"\n}\n",
        ),
        ("web/main.tf", REUSABLE),
    ]);
    assert!(warnings(&m).is_empty(), "{:?}", warnings(&m));
}

#[test]
fn templatefile_of_a_binary_file_is_terraforms_error_at_the_call() {
    let zip = SourceFile::from_bytes("lambda.zip", vec![0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]);
    let main = SourceFile::new(
        "main.tf",
        "resource \"t\" \"r\" {\n  hash = filebase64sha256(\"lambda.zip\")\n  body = templatefile(\"lambda.zip\", {})\n}\n",
    );
    let m = load_workspace(&[main, zip]);
    let w = warnings(&m);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("not valid UTF-8") && w[0].starts_with("main.tf:"), "{w:?}");
    assert!(
        value(&m, "t.r", "hash").as_str().is_some_and(|h| h.ends_with('=')),
        "{}",
        value(&m, "t.r", "hash")
    );
}

#[test]
fn errors_terraform_reports_whatever_the_inputs_stay_warnings() {
    // A removed function, a wrong number of arguments and an undeclared variable are
    // Terraform's errors whatever the inputs are, even in a reusable module whose
    // variables are inputs.
    let m = model(&[(
        "main.tf",
        r#"
variable "x" {
  type    = string
  default = null
}
resource "t" "r" {
  a = list(var.x)
  b = upper(var.x, var.x)
  c = var.undeclared
  d = length(var.x)
  e = try(list(var.x), "fallback")
}
"#,
    )]);
    let w = warnings(&m);
    assert_eq!(w.len(), 3, "{w:#?}");
    assert!(w[0].contains("list()") && w[1].contains("upper()") && w[2].contains("undeclared"), "{w:#?}");
    // length(null) depends on the input: a note.
    assert!(m
        .diagnostics
        .iter()
        .any(|d| d.severity == DiagnosticSeverity::Info && d.message.contains("length")));
    assert_eq!(value(&m, "t.r", "e"), "fallback");
}

/// The text where the model says the value of `attribute` of `address` is written.
fn written_at(m: &Model, files: &[(&str, &str)], address: &str, attribute: &str) -> Option<String> {
    let origins = m.stacks.iter().find_map(|s| s.origins.get(&format!("{address}#/{attribute}")))?;
    let o = origins.first()?;
    let text = files.iter().find(|(p, _)| *p == o.file)?.1;
    Some(text[o.range.start as usize..o.range.end as usize].to_string())
}

#[test]
fn values_through_collection_functions_are_traced_to_the_callers_literals() {
    let module = r#"
variable "flags" { type = list(bool) }
variable "extra" { type = list(bool) }
variable "settings" { type = map(string) }
variable "groups" { type = map(object({ encrypted = bool })) }
resource "t" "r" {
  element_of    = element(var.flags, 1)
  one_of        = one([var.flags[2]])
  concat_of     = concat(var.flags, var.extra)[3]
  flatten_of    = flatten([[var.flags[0]], var.extra])[1]
  merge_of      = merge({ kms = "default" }, var.settings)["kms"]
  merge_default = merge({ tier = "standard" }, var.settings)["tier"]
  values_of     = values(var.groups)[1].encrypted
  coalesced     = coalescelist([], var.extra)[0]
}
"#;
    let files = [
        ("mod/main.tf", module),
        (
            "main.tf",
            r#"
module "m" {
  source   = "./mod"
  flags    = [true, false, true]
  extra    = [false, true]
  settings = { kms = "alias/custom" }
  groups   = { a = { encrypted = true }, b = { encrypted = false } }
}
"#,
        ),
    ];
    let m = model(&files);
    assert!(warnings(&m).is_empty(), "{:?}", warnings(&m));
    let at = |attribute: &str| written_at(&m, &files, "module.m.t.r", attribute);
    assert_eq!(at("element_of").as_deref(), Some("false"));
    assert_eq!(at("one_of").as_deref(), Some("true"));
    assert_eq!(at("concat_of").as_deref(), Some("false"), "extra[0]");
    assert_eq!(at("flatten_of").as_deref(), Some("false"), "extra[0]");
    assert_eq!(at("merge_of").as_deref(), Some("\"alias/custom\""));
    assert_eq!(at("merge_default").as_deref(), Some("\"standard\""));
    assert_eq!(at("values_of").as_deref(), Some("false"), "groups.b.encrypted");
    assert_eq!(at("coalesced").as_deref(), Some("false"));
    for attribute in ["element_of", "concat_of", "values_of"] {
        let o = m.stacks.iter().find_map(|s| s.origins.get(&format!("module.m.t.r#/{attribute}"))).unwrap();
        assert_eq!(o[0].file, "main.tf", "{attribute} is written by the caller");
    }
}

#[test]
fn a_module_with_unknown_instances_is_read_for_joins_never_evaluated_and_quiet() {
    let m = model(&[
        (
            "main.tf",
            r#"
module "logs" {
  source = "./logs"
  count  = length(data.aws_availability_zones.all.names)
  name   = "logs-${count.index}"
  zones  = data.aws_availability_zones.all.names
}
"#,
        ),
        (
            "logs/main.tf",
            r#"
variable "name" {}
variable "zones" {}
resource "aws_s3_bucket" "b" {
  bucket = var.name
  acl    = "public-read"
  tags   = { Zone = var.zones[5] }
}
resource "aws_s3_bucket" "per_zone" {
  count  = length(var.zones)
  bucket = "${var.name}-${count.index}"
}
"#,
        ),
    ]);
    assert!(warnings(&m).is_empty(), "{:?}", warnings(&m));
    let addresses: Vec<(&str, bool)> =
        m.resources().map(|r| (r.address.as_str(), r.instances_unknown)).collect();
    assert_eq!(
        addresses,
        [("module.logs[*].aws_s3_bucket.b", true), ("module.logs[*].aws_s3_bucket.per_zone", true)],
        "in the stack, standing for unknown instances"
    );
    // One note, on the call; none for the count inside the module.
    let notes: Vec<_> =
        diagnostics(&m).into_iter().filter(|d| d.1.starts_with("terraform-unknown")).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].2.contains("`module.logs`"), "{notes:?}");
}
