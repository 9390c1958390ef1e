use serde_json::json;

use super::*;

const B: &str = "aws_s3_bucket.b";

#[test]
fn replaces_a_literal_keeping_the_comment_and_alignment() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl    = \"public-read\" # keep\n}\n";
    let out = fix_one("main.tf", text, B, json!([{"op": "replace", "path": "/acl", "value": "private"}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "x"
      acl    = "private" # keep
    }
    "#);
}

#[test]
fn adds_an_attribute_after_the_last_one_aligned_with_its_group() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl    = \"private\"\n\n  versioning {\n    enabled = true\n  }\n}\n";
    let out = fix_one("main.tf", text, B, json!([{"op": "add", "path": "/policy", "value": "p"}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "x"
      acl    = "private"
      policy = "p"

      versioning {
        enabled = true
      }
    }
    "#);
}

#[test]
fn a_longer_key_realigns_its_group() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl    = \"private\"\n}\n";
    let out = fix_one("main.tf", text, B, json!([{"op": "add", "path": "/force_destroy", "value": false}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket        = "x"
      acl           = "private"
      force_destroy = false
    }
    "#);
}

#[test]
fn unaligned_neighbours_get_a_single_space() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl = \"private\"\n}\n";
    let out = fix_one("main.tf", text, B, json!([{"op": "add", "path": "/force_destroy", "value": false}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "x"
      acl = "private"
      force_destroy = false
    }
    "#);
}

#[test]
fn adds_a_missing_nested_block_recursively_and_composes_two_ops() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        B,
        json!([
            {"op": "add", "path": "/versioning/enabled", "value": true},
            {"op": "add", "path": "/versioning/mfa_delete", "value": false},
            {"op": "add", "path": "/server_side_encryption_configuration/rule/apply_server_side_encryption_by_default/sse_algorithm", "value": "aws:kms"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "x"
      versioning {
        enabled    = true
        mfa_delete = false
      }
      server_side_encryption_configuration {
        rule {
          apply_server_side_encryption_by_default {
            sse_algorithm = "aws:kms"
          }
        }
      }
    }
    "#);
}

#[test]
fn the_attribute_hint_makes_an_object_attribute() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        B,
        json!([{"op": "add", "path": "/tags/Owner", "value": "platform", "hcl": "attribute"}]),
    );
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "x"
      tags = {
        Owner = "platform"
      }
    }
    "#);
}

#[test]
fn adds_into_existing_object_attributes_multi_line_and_inline() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  tags = {\n    Team = \"a\"\n  }\n  labels = { a = \"b\" }\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        B,
        json!([
            {"op": "add", "path": "/tags/Owner", "value": "platform"},
            {"op": "add", "path": "/labels/c", "value": "d"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      tags = {
        Team = "a"
        Owner = "platform"
      }
      labels = { a = "b", c = "d" }
    }
    "#);
}

#[test]
fn one_line_blocks_are_opened_up() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  versioning { mfa_delete = false }\n  logging {}\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        B,
        json!([
            {"op": "add", "path": "/versioning/enabled", "value": true},
            {"op": "add", "path": "/logging/target_bucket", "value": "logs"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      versioning {
        mfa_delete = false
        enabled = true
      }
      logging {
        target_bucket = "logs"
      }
    }
    "#);
}

#[test]
fn lists_grow_and_shrink() {
    let text = "resource \"aws_security_group\" \"s\" {\n  a = [\"x\", \"y\"]\n  b = [\n    \"p\",\n    \"q\"\n  ]\n  c = []\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        "aws_security_group.s",
        json!([
            {"op": "add", "path": "/a/-", "value": "z"},
            {"op": "add", "path": "/b/-", "value": "r"},
            {"op": "add", "path": "/c/-", "value": "only"},
            {"op": "remove", "path": "/a/0"},
            {"op": "add", "path": "/a/0", "value": "first"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    resource "aws_security_group" "s" {
      a = ["first", "y", "z"]
      b = [
        "p",
        "q",
        "r",
      ]
      c = ["only"]
    }
    "#);
}

#[test]
fn removes_attributes_and_blocks_with_their_comment_lines() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  # Public on purpose (demo).\n  acl    = \"public-read\"\n\n  // the website\n  website {\n    index_document = \"index.html\"\n  }\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        B,
        json!([{"op": "remove", "path": "/acl"}, {"op": "remove", "path": "/website"}, {"op": "remove", "path": "/absent"}]),
    );
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "x"

    }
    "#);
}

#[test]
fn removes_every_instance_of_a_repeated_block() {
    let text = "resource \"aws_security_group\" \"s\" {\n  name = \"s\"\n  ingress {\n    from_port = 22\n  }\n  ingress {\n    from_port = 80\n  }\n}\n";
    let out =
        fix_one("main.tf", text, "aws_security_group.s", json!([{"op": "remove", "path": "/ingress/0"}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_security_group" "s" {
      name = "s"
      ingress {
        from_port = 80
      }
    }
    "#);
    let out = fix_one("main.tf", text, "aws_security_group.s", json!([{"op": "remove", "path": "/ingress"}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_security_group" "s" {
      name = "s"
    }
    "#);
}

#[test]
fn a_variable_used_once_is_fixed_where_it_is_set() {
    let files = [
        ("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  acl = var.acl\n}\n"),
        ("variables.tf", "variable \"acl\" {\n  type    = string\n  default = \"public-read\"\n}\n"),
    ];
    let out = fix_files(&files, B, json!([{"op": "replace", "path": "/acl", "value": "private"}]));
    insta::assert_snapshot!(out, @r#"
    --- variables.tf
    variable "acl" {
      type    = string
      default = "private"
    }
    note: sets var.acl in variables.tf
    "#);
    // Set in terraform.tfvars: that is where it changes.
    let mut with_tfvars = files.to_vec();
    with_tfvars.push(("terraform.tfvars", "# environment\nacl = \"public-read\" # was\n"));
    let out = fix_files(&with_tfvars, B, json!([{"op": "replace", "path": "/acl", "value": "private"}]));
    insta::assert_snapshot!(out, @r#"
    --- terraform.tfvars
    # environment
    acl = "private" # was
    note: sets var.acl in terraform.tfvars
    "#);
}

#[test]
fn a_variable_used_twice_is_fixed_at_the_use_site_and_says_so() {
    let files = [
        ("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  acl = var.acl\n}\nresource \"aws_s3_bucket\" \"c\" {\n  acl = var.acl\n}\n"),
        ("variables.tf", "variable \"acl\" { default = \"public-read\" }\n"),
    ];
    let out = fix_files(&files, B, json!([{"op": "replace", "path": "/acl", "value": "private"}]));
    insta::assert_snapshot!(out, @r#"
    --- main.tf
    resource "aws_s3_bucket" "b" {
      acl = "private"
    }
    resource "aws_s3_bucket" "c" {
      acl = var.acl
    }
    note: here only: var.acl is used elsewhere too
    "#);
}

#[test]
fn a_local_used_once_is_fixed_in_locals() {
    let text = "locals {\n  encrypted = false\n}\n\nresource \"aws_ebs_volume\" \"v\" {\n  encrypted = local.encrypted\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        "aws_ebs_volume.v",
        json!([{"op": "replace", "path": "/encrypted", "value": true}]),
    );
    insta::assert_snapshot!(out, @r#"
    locals {
      encrypted = true
    }

    resource "aws_ebs_volume" "v" {
      encrypted = local.encrypted
    }
    note: sets local.encrypted in main.tf
    "#);
}

#[test]
fn count_instances_share_one_edit() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  count = 2\n  acl   = \"public-read\"\n}\n";
    let one = fix_one(
        "main.tf",
        text,
        "aws_s3_bucket.b[0]",
        json!([{"op": "replace", "path": "/acl", "value": "private"}]),
    );
    let other = fix_one(
        "main.tf",
        text,
        "aws_s3_bucket.b[1]",
        json!([{"op": "replace", "path": "/acl", "value": "private"}]),
    );
    assert_eq!(one, other);
    insta::assert_snapshot!(one, @r#"
    resource "aws_s3_bucket" "b" {
      count = 2
      acl   = "private"
    }
    "#);
}

#[test]
fn keeps_crlf_tabs_and_non_ascii_text() {
    let text = "# Données 😀\r\nresource \"aws_s3_bucket\" \"b\" {\r\n\tbucket = \"café\"\r\n}\r\n";
    let out =
        fix_one("main.tf", text, B, json!([{"op": "add", "path": "/versioning/enabled", "value": true}]));
    assert_eq!(
        out,
        "# Données 😀\r\nresource \"aws_s3_bucket\" \"b\" {\r\n\tbucket = \"café\"\r\n\tversioning {\r\n\t\tenabled = true\r\n\t}\r\n}\r\n"
    );
}

#[test]
fn strings_are_escaped_for_hcl() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    let out = fix_one("main.tf", text, B, json!([{"op": "replace", "path": "/bucket", "value": "a\"${b}"}]));
    insta::assert_snapshot!(out, @r#"
    resource "aws_s3_bucket" "b" {
      bucket = "a\"$${b}"
    }
    "#);
}

#[test]
fn unknown_and_computed_values_are_refused() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = aws_s3_bucket.other.id\n  tags   = merge(local.a, local.b)\n}\n";
    let e = fix_error("main.tf", text, B, json!([{"op": "replace", "path": "/bucket", "value": "x"}]));
    assert!(e.contains("known only after apply"), "{e}");
    let e = fix_error("main.tf", text, B, json!([{"op": "add", "path": "/tags/Owner", "value": "x"}]));
    assert!(e.contains("known only after apply"), "{e}");
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  tags = merge({ a = \"b\" }, { c = \"d\" })\n}\n";
    let e = fix_error("main.tf", text, B, json!([{"op": "add", "path": "/tags/Owner", "value": "x"}]));
    assert!(e.contains("computed"), "{e}");
}

mod properties {
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};
    use vigil_model::SourceFile;

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[a-z][a-z0-9 .-]{0,8}".prop_map(Value::from),
            (0i64..10_000).prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
        ]
    }

    /// What a fix may write: scalars, and strings with template sequences and quotes
    /// that must be written as literals (`$${`, `%%{`, escaped quotes).
    fn patch_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            3 => scalar(),
            1 => proptest::sample::select(vec!["${var.x}", "$${x}", "$$${x}", "%{ if a }", "%%{y}", "a$$b", "$", "say \"hi\"", "back\\slash"])
                .prop_map(Value::from),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        "[a-z][a-z_]{0,6}".prop_map(|k| format!("k_{k}"))
    }

    /// A resource: top-level scalars and at most one nested block of scalars.
    fn resource() -> impl Strategy<Value = Map<String, Value>> {
        (
            prop::collection::btree_map(key(), scalar(), 0..4),
            prop::option::of(prop::collection::btree_map(key(), scalar(), 0..3)),
        )
            .prop_map(|(top, block)| {
                let mut map: Map<String, Value> = top.into_iter().collect();
                if let Some(block) = block {
                    map.insert("blk".into(), Value::Object(block.into_iter().collect()));
                }
                map
            })
    }

    fn render_scalar(v: &Value) -> String {
        match v {
            Value::String(s) => format!("\"{s}\""),
            other => other.to_string(),
        }
    }

    fn render(values: &Map<String, Value>) -> String {
        let mut out = String::from("resource \"aws_thing\" \"r\" {\n");
        for (k, v) in values.iter().filter(|(_, v)| !v.is_object()) {
            out.push_str(&format!("  {k} = {}\n", render_scalar(v)));
        }
        if let Some(Value::Object(block)) = values.get("blk") {
            out.push_str("  blk {\n");
            for (k, v) in block {
                out.push_str(&format!("    {k} = {}\n", render_scalar(v)));
            }
            out.push_str("  }\n");
        }
        out.push_str("}\n");
        out
    }

    /// One op valid for `values`, built from random choices.
    fn op_for(values: &Map<String, Value>, choice: usize, new_key: &str, value: &Value) -> Value {
        let mut paths: Vec<String> =
            values.iter().filter(|(_, v)| !v.is_object()).map(|(k, _)| format!("/{k}")).collect();
        if let Some(Value::Object(block)) = values.get("blk") {
            paths.extend(block.keys().map(|k| format!("/blk/{k}")));
        }
        match (choice % 4, paths.is_empty()) {
            (0, false) => json!({"op": "replace", "path": paths[choice / 4 % paths.len()], "value": value}),
            (1, false) => json!({"op": "remove", "path": paths[choice / 4 % paths.len()]}),
            (2, _) => json!({"op": "add", "path": format!("/blk/{new_key}"), "value": value}),
            _ => json!({"op": "add", "path": format!("/{new_key}"), "value": value}),
        }
    }

    fn apply_patch(values: &mut Value, op: &Value) {
        let path = op["path"].as_str().unwrap();
        let segments: Vec<&str> = path[1..].split('/').collect();
        let (last, parents) = segments.split_last().unwrap();
        let mut target = values;
        for s in parents {
            target = target.as_object_mut().unwrap().entry(s.to_string()).or_insert_with(|| json!({}));
        }
        let map = target.as_object_mut().unwrap();
        match op["op"].as_str().unwrap() {
            "remove" => {
                map.remove(*last);
            }
            _ => {
                map.insert(last.to_string(), op["value"].clone());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn fixed_hcl_parses_and_reads_back_as_the_patched_values(
            values in resource(),
            choices in prop::collection::vec((0usize..1000, key(), patch_value()), 1..4),
        ) {
            let text = render(&values);
            let mut expected = Value::Object(values.clone());
            let mut current = values.clone();
            let mut ops = Vec::new();
            for (choice, new_key, value) in &choices {
                let op = op_for(&current, *choice, new_key, value);
                apply_patch(&mut expected, &op);
                current = expected.as_object().unwrap().clone();
                ops.push(op);
            }
            let files = vec![SourceFile::new("main.tf", text.clone())];
            let fix = crate::fix(&files, "main.tf", "aws_thing.r", &ops).map_err(|e| TestCaseError::fail(format!("{e}\n{text}\n{ops:?}")))?;
            let fixed = fix.files.get("main.tf").map_or(text.clone(), |edits| crate::apply(&text, edits));
            prop_assert!(crate::syntax_error("main.tf", &fixed).is_none(), "{}", fixed);
            let model = vigil_model::load_workspace(&[SourceFile::new("main.tf", fixed.clone())]);
            let read = model.resources().next().unwrap().values.clone();
            prop_assert_eq!(read, expected, "{}\n{:?}", fixed, ops);
        }
    }
}

#[test]
fn values_are_fixed_where_they_are_written() {
    // A module call's literal argument.
    let files = [
        ("main.tf", "module \"assets\" {\n  source = \"./modules/bucket\"\n  acl    = \"public-read\"\n}\n"),
        (
            "modules/bucket/main.tf",
            "variable \"acl\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  acl = var.acl\n}\n",
        ),
    ];
    let out = fix_files(
        &files,
        "module.assets.aws_s3_bucket.this",
        json!([{"op": "replace", "path": "/acl", "value": "private"}]),
    );
    insta::assert_snapshot!(out, @r#"
    --- main.tf
    module "assets" {
      source = "./modules/bucket"
      acl    = "private"
    }
    note: sets it where it is written, main.tf:3
    "#);
    // A for_each map entry.
    let text = "locals {\n  sites = {\n    blog = { acl = \"private\" }\n    docs = { acl = \"public-read\" }\n  }\n}\n\nresource \"aws_s3_bucket\" \"site\" {\n  for_each = local.sites\n  acl      = each.value.acl\n}\n";
    let out = fix_one(
        "main.tf",
        text,
        "aws_s3_bucket.site[\"docs\"]",
        json!([{"op": "replace", "path": "/acl", "value": "private"}]),
    );
    insta::assert_snapshot!(out, @r#"
    locals {
      sites = {
        blog = { acl = "private" }
        docs = { acl = "private" }
      }
    }

    resource "aws_s3_bucket" "site" {
      for_each = local.sites
      acl      = each.value.acl
    }
    note: sets it where it is written, main.tf:4
    "#);
}

/// A `dynamic "tracing_config"` that made no block (its collection is empty): adding
/// a literal `tracing_config` beside it would make two where one is allowed.
#[test]
fn a_block_a_dynamic_block_writes_is_not_added_beside_it() {
    let text = "variable \"mode\" {\n  default = null\n}\n\nresource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n\n  dynamic \"tracing_config\" {\n    for_each = var.mode == null ? [] : [var.mode]\n    content {\n      mode = tracing_config.value\n    }\n  }\n}\n";
    let e = fix_error(
        "main.tf",
        text,
        "aws_lambda_function.f",
        json!([{"op": "add", "path": "/tracing_config", "value": {"mode": "Active"}}]),
    );
    assert!(e.contains("written by a `dynamic \"tracing_config\"` block"), "{e}");
    // Another block is still added.
    let out = fix_one(
        "main.tf",
        text,
        "aws_lambda_function.f",
        json!([{"op": "add", "path": "/ephemeral_storage", "value": {"size": 512}}]),
    );
    assert!(out.contains("  ephemeral_storage {\n    size = 512\n  }\n"), "{out}");
}
