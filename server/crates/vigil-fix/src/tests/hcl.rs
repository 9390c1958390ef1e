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
