//! Remediation: a policy's `fix` (JSON Patch operations on a resource's values) as
//! text edits in the resource's own syntax.
//!
//! This first version handles what quick fixes need most: replacing a value that is
//! written in the file, and adding a scalar attribute to a block or mapping that
//! exists, at its children's indentation. Anything else (missing parent blocks,
//! removals, values from variables) yields no edit rather than a wrong one.

use serde_json::Value;
use vigil_model::{Resource, SourceKind};
use vigil_syntax::TextRange;

/// One text replacement: `range` of the original text becomes `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// The edits for a list of operations, or `None` when any of them cannot be made.
pub fn edits_for(resource: &Resource, ops: &[Value], text: &str) -> Option<Vec<TextEdit>> {
    if ops.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    for op in ops {
        edits.push(edit_for(resource, op, text)?);
    }
    edits.sort();
    // Overlapping edits cannot be applied together.
    if edits.windows(2).any(|w| w[0].range.end > w[1].range.start) {
        return None;
    }
    Some(edits)
}

fn edit_for(resource: &Resource, op: &Value, text: &str) -> Option<TextEdit> {
    let kind = op.get("op")?.as_str()?;
    let path = op.get("path")?.as_str()?;
    let value = op.get("value");
    if resource.is_unknown_path(path) {
        return None;
    }
    match (kind, resource.source_map.get(path), value) {
        // The value is written here: replace its text.
        ("replace" | "add", Some(span), Some(value)) if is_scalar(value) => {
            let written = text.get(span.value.as_usize())?;
            // A value that comes from elsewhere (a variable, a local, a function) is
            // not the place to edit.
            if !is_literal(written, resource.source) {
                return None;
            }
            Some(TextEdit { range: span.value, new_text: render(value, resource.source, written) })
        }
        ("add", None, Some(value)) if is_scalar(value) => add_attribute(resource, path, value, text),
        _ => None,
    }
}

fn is_scalar(v: &Value) -> bool {
    !(v.is_array() || v.is_object())
}

/// A literal in the file (not an expression that computes it).
fn is_literal(written: &str, source: SourceKind) -> bool {
    let w = written.trim();
    match source {
        SourceKind::Terraform => {
            w == "true"
                || w == "false"
                || w == "null"
                || w.parse::<f64>().is_ok()
                || (w.starts_with('"') && w.ends_with('"') && !w.contains("${"))
        }
        // YAML/JSON scalars; CloudFormation intrinsics (`!Ref x`, `{"Ref": ..}`) are not.
        _ => !w.starts_with('!') && !w.starts_with('{') && !w.starts_with('['),
    }
}

/// The value in the file's syntax, keeping the quoting style of `previous` in YAML.
fn render(value: &Value, source: SourceKind, previous: &str) -> String {
    match (value, source) {
        (Value::String(s), SourceKind::Terraform) => hcl_string(s),
        (Value::String(s), SourceKind::CloudFormation | SourceKind::Kubernetes)
            if !previous.trim_start().starts_with('"') =>
        {
            if previous.trim_start().starts_with('\'') {
                format!("'{}'", s.replace('\'', "''"))
            } else if yaml_plain_ok(s) {
                s.clone()
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        (v, _) => v.to_string(),
    }
}

fn hcl_string(s: &str) -> String {
    let escaped = Value::String(s.to_string()).to_string();
    escaped.replace("${", "$${").replace("%{", "%%{")
}

/// Can this string be written as a plain YAML scalar without changing its type?
fn yaml_plain_ok(s: &str) -> bool {
    let special = ["true", "false", "yes", "no", "on", "off", "null", "~", ""];
    !s.is_empty()
        && !special.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| "!&*[]{}|>'\"%@`#,?:- ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(' ')
}

/// Adds `key = value` / `key: value` / `"key": value` to the existing parent.
fn add_attribute(resource: &Resource, path: &str, value: &Value, text: &str) -> Option<TextEdit> {
    let split = path.rfind('/')?;
    let (parent, key) = (&path[..split], path[split + 1..].replace("~1", "/").replace("~0", "~"));
    // The parent's text: the resource itself (top level) or a mapped block/mapping.
    let container = if parent.is_empty() { resource.range } else { resource.source_map.get(parent)?.value };
    let body = text.get(container.as_usize())?;
    match resource.source {
        SourceKind::Terraform => {
            // A block: insert before its closing brace, on a line of its own.
            let close = container.start as usize + body.rfind('}')?;
            let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
            let closing_indent = &text[line_start..close];
            if !closing_indent.trim().is_empty() {
                return None; // `block { a = 1 }` on one line: left to the full remediation.
            }
            let indent = child_indent(body, closing_indent);
            let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
            Some(TextEdit {
                range: TextRange::empty(line_start as u32),
                new_text: format!("{indent}{key} = {}{newline}", render(value, SourceKind::Terraform, "")),
            })
        }
        SourceKind::Kubernetes | SourceKind::CloudFormation => {
            if body.trim_start().starts_with('{') {
                return None; // flow mappings and JSON: left to the full remediation.
            }
            // A block mapping: after its last line, at the indentation of its keys.
            let first_line_start = text[..container.start as usize].rfind('\n').map_or(0, |i| i + 1);
            let indent = " ".repeat(container.start as usize - first_line_start);
            // The mapping's text may run on to the newline after it.
            let end = container.start as usize + body.trim_end().len();
            let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
            Some(TextEdit {
                range: TextRange::empty(end as u32),
                new_text: format!("{newline}{indent}{key}: {}", render(value, resource.source, "")),
            })
        }
    }
}

/// The indentation of a block's attributes: that of its first indented line, or the
/// closing brace's plus two spaces.
fn child_indent(body: &str, closing_indent: &str) -> String {
    body.lines()
        .skip(1)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('}'))
        .map(|l| l[..l.len() - l.trim_start().len()].to_string())
        .unwrap_or_else(|| format!("{closing_indent}  "))
}

/// Applies non-overlapping edits to a text.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted = edits.to_vec();
    sorted.sort();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for e in sorted {
        let (start, end) = (e.range.start as usize, e.range.end as usize);
        if start < pos || end > text.len() {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&e.new_text);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use vigil_model::{load_workspace, SourceFile};

    fn fix(path: &str, text: &str, address: &str, ops: Value) -> String {
        let model = load_workspace(&[SourceFile::new(path, text)]);
        let r = model.resources().find(|r| r.address == address).unwrap();
        let edits = edits_for(r, ops.as_array().unwrap(), text).expect("an edit");
        apply(text, &edits)
    }

    #[test]
    fn replaces_and_adds_in_hcl() {
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  acl    = \"public-read\" # keep\n  versioning {\n    mfa_delete = false\n  }\n}\n";
        let out = fix(
            "main.tf",
            text,
            "aws_s3_bucket.b",
            json!([
                {"op": "replace", "path": "/acl", "value": "private"},
                {"op": "add", "path": "/versioning/enabled", "value": true},
            ]),
        );
        insta::assert_snapshot!(out, @r#"
        resource "aws_s3_bucket" "b" {
          acl    = "private" # keep
          versioning {
            mfa_delete = false
            enabled = true
          }
        }
        "#);
    }

    #[test]
    fn replaces_and_adds_in_yaml_keeping_quotes() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: app\n      image: 'nginx:1'\n      securityContext:\n        privileged: true\n";
        let out = fix(
            "pod.yaml",
            text,
            "Pod/a",
            json!([
                {"op": "replace", "path": "/spec/containers/0/securityContext/privileged", "value": false},
                {"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": true},
                {"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:2"},
            ]),
        );
        insta::assert_snapshot!(out, @r"
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: 'nginx:2'
              securityContext:
                privileged: false
                runAsNonRoot: true
        ");
    }

    #[test]
    fn values_from_variables_are_not_edited_here() {
        let text = "variable \"acl\" { default = \"public-read\" }\nresource \"aws_s3_bucket\" \"b\" {\n  acl = var.acl\n}\n";
        let model = load_workspace(&[SourceFile::new("main.tf", text)]);
        let r = model.resources().next().unwrap();
        assert_eq!(edits_for(r, &[json!({"op": "replace", "path": "/acl", "value": "private"})], text), None);
    }
}
