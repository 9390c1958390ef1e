//! `pulumi preview --json`: the resources its steps would create or keep (not the
//! stack, providers or components), with the inputs the engine resolved (invokes
//! run, files read), ranges in the JSON file.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use vigil_syntax::{Diagnostic, SNode, SValue, TextRange};

use super::program::canonical_type;
use crate::resource::{escape_token, JsonPointer, Mode, Resource, SourceKind, Span};
use crate::SourceFile;

/// What the engine writes for a value it will know only after deployment.
const UNKNOWN: &str = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/// The key and value that mark a secret (`{"4dabf...": "1b47...", "value": ...}`).
const SECRET_SIG: (&str, &str) = ("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270");

/// Step operations after which the resource does not exist (or is only read).
const GONE: [&str; 6] =
    ["delete", "delete-replaced", "discard", "discard-replaced", "read", "read-replacement"];

/// One resource of a preview.
pub(super) struct Previewed {
    pub stack: String,
    /// The name in the URN (the program's resource key, or its `name:`).
    pub urn_name: String,
    /// The resource, its address the URN name, its ranges in the preview file.
    pub resource: Resource,
}

/// Whether a JSON text is `pulumi preview --json` output.
pub(super) fn is_preview(text: &str) -> bool {
    text.contains("\"steps\"")
        && text.contains("\"urn:pulumi:")
        && (text.contains("\"newState\"") || text.contains("\"resource\""))
}

/// The resources of a preview file.
pub(super) fn read(file: &SourceFile, limits: &vigil_syntax::Limits) -> (Vec<Previewed>, Vec<Diagnostic>) {
    let parsed =
        vigil_syntax::json::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Json), limits);
    let mut diagnostics: Vec<Diagnostic> =
        parsed.errors.iter().map(|e| e.to_diagnostic(&file.path)).collect();
    let Some(root) = parsed.root else { return (vec![], diagnostics) };
    let Some(SValue::Seq(steps)) = root.get("steps").map(|s| &s.value) else {
        diagnostics.push(Diagnostic::error(
            file.path.clone(),
            TextRange::empty(0),
            "pulumi-preview",
            "this file has no `steps` list: was it written by `pulumi preview --json`?",
        ));
        return (vec![], diagnostics);
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for step in steps {
        if step.get("op").and_then(SNode::as_str).is_some_and(|op| GONE.contains(&op)) {
            continue;
        }
        let Some(state) = step.get("newState").or_else(|| step.get("resource")) else { continue };
        let urn_entry = step.entry("urn").or_else(|| state.entry("urn"));
        let Some((urn, header)) = urn_entry.and_then(|e| Some((e.value.as_str()?, e.value.range))) else {
            continue;
        };
        let Some(parts) = parse_urn(urn) else { continue };
        let r#type = state.get("type").and_then(SNode::as_str).unwrap_or(parts.r#type);
        // Components group resources; they create nothing themselves.
        let component = matches!(state.get("custom").map(|c| &c.value), Some(SValue::Bool(false)));
        if r#type.starts_with("pulumi:") || component || !seen.insert(urn.to_string()) {
            continue;
        }
        let mut source_map = BTreeMap::new();
        let mut unknown = Vec::new();
        let values = match state.get("inputs") {
            Some(inputs) => convert(inputs, "", None, &mut source_map, &mut unknown),
            None => Some(Value::Object(Map::new())),
        };
        let values = values.filter(Value::is_object).unwrap_or(Value::Object(Map::new()));
        let r#type = canonical_type(r#type);
        out.push(Previewed {
            stack: parts.stack.to_string(),
            urn_name: parts.name.to_string(),
            resource: Resource {
                address: parts.name.to_string(),
                provider: r#type.split(':').next().unwrap_or("").to_string(),
                r#type,
                name: parts.name.to_string(),
                mode: Mode::Managed,
                source: SourceKind::Pulumi,
                file: file.path.clone(),
                values,
                references: BTreeMap::new(),
                unknown,
                header,
                range: step.range,
                source_map,
                instances_unknown: false,
            },
        });
    }
    (out, diagnostics)
}

struct Urn<'u> {
    stack: &'u str,
    r#type: &'u str,
    name: &'u str,
}

/// `urn:pulumi:<stack>::<project>::<parent$type>::<name>`.
fn parse_urn(urn: &str) -> Option<Urn<'_>> {
    let rest = urn.strip_prefix("urn:pulumi:")?;
    let mut parts = rest.splitn(4, "::");
    let stack = parts.next()?;
    let _project = parts.next()?;
    let qualified = parts.next()?;
    let name = parts.next()?;
    Some(Urn { stack, r#type: qualified.rsplit('$').next().unwrap_or(qualified), name })
}

/// An input value as policies see it: unknowns (the engine's marker, secrets it does
/// not show) as placeholders listed in `unknown`, the provider's `__defaults`
/// bookkeeping left out. `None` for an absent (`null`) value.
fn convert(
    node: &SNode,
    pointer: &str,
    key: Option<TextRange>,
    map: &mut BTreeMap<JsonPointer, Span>,
    unknown: &mut Vec<JsonPointer>,
) -> Option<Value> {
    if !pointer.is_empty() {
        map.insert(pointer.to_string(), Span { key, value: node.range });
    }
    let value = match &node.value {
        SValue::Null => {
            map.remove(pointer);
            return None;
        }
        SValue::String(s) if s == UNKNOWN => {
            unknown.push(pointer.to_string());
            Value::String("${unknown during preview}".into())
        }
        SValue::String(s) if s == "[secret]" => {
            unknown.push(pointer.to_string());
            Value::String("${secret}".into())
        }
        SValue::Map(_) if node.get(SECRET_SIG.0).and_then(SNode::as_str) == Some(SECRET_SIG.1) => {
            match node.get("value") {
                Some(inner) => return convert(inner, pointer, key, map, unknown),
                None => {
                    unknown.push(pointer.to_string());
                    Value::String("${secret}".into())
                }
            }
        }
        SValue::Map(entries) => {
            let mut object = Map::new();
            for e in entries.iter().filter(|e| e.key != "__defaults") {
                let child = format!("{pointer}/{}", escape_token(&e.key));
                if let Some(v) = convert(&e.value, &child, Some(e.key_range), map, unknown) {
                    object.insert(e.key.clone(), v);
                }
            }
            Value::Object(object)
        }
        SValue::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    convert(item, &format!("{pointer}/{i}"), None, map, unknown).unwrap_or(Value::Null)
                })
                .collect(),
        ),
        _ => super::eval::plain(node),
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns() {
        let urn = parse_urn("urn:pulumi:dev::site::aws:s3/bucket:Bucket::logs").unwrap();
        assert_eq!((urn.stack, urn.r#type, urn.name), ("dev", "aws:s3/bucket:Bucket", "logs"));
        let urn = parse_urn("urn:pulumi:prod::p::my:index:Comp$aws:s3/bucket:Bucket::a::b").unwrap();
        assert_eq!((urn.stack, urn.r#type, urn.name), ("prod", "aws:s3/bucket:Bucket", "a::b"));
        assert!(parse_urn("urn:other").is_none());
    }
}
