//! Terraform plan JSON (`terraform show -json <plan>`, found by content under any
//! name): resources from `planned_values` (root and child modules), with what
//! `resource_changes[].change.after_unknown` marks as unknown.
//!
//! Plan values have the state's shape; they are read in the configuration's shape
//! that policies are written against: a nested block that occurs once is an object
//! (the state's one-element list of objects), absent attributes (`null`, and empty
//! lists of blocks) are left out.
//!
//! A plan beside its configuration (a directory of the workspace declaring the same
//! resources) is read with it, and the two never give duplicate findings:
//! - a resource in both: the configuration's values win where they are known, the
//!   plan's resolved values fill in what the configuration left unknown, and
//!   findings point into the `.tf` source;
//! - an instance the configuration could not expand (`count`/`for_each` known only
//!   at apply time) takes its values from the plan and its ranges from its block;
//! - a resource only in the plan (a remote module, say) is reported in the plan file.
//!
//! A plan without its configuration is a stack of its own, its findings in the plan.

use std::collections::BTreeMap;

use serde_json::Value;
use vigil_syntax::{Diagnostic, SNode, SValue, TextRange};

use crate::resource::{escape_token, JsonPointer, Mode, Resource, SourceKind, Span, Stack};
use crate::SourceFile;

/// Whether a JSON text is a Terraform plan.
pub(crate) fn is_terraform_plan(text: &str) -> bool {
    // The first 4 KiB, cut at a character boundary.
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    head.contains("\"format_version\"")
        && text.contains("\"planned_values\"")
        && (text.contains("\"resource_changes\"") || text.contains("\"terraform_version\""))
}

/// The addresses of the resources a plan declares, without instance keys or module
/// paths (`aws_s3_bucket.b`), for finding the configuration it belongs to.
pub(crate) fn declared_addresses(text: &str) -> Vec<String> {
    let Ok(json) = serde_json::from_str::<Value>(text) else { return vec![] };
    let mut out = Vec::new();
    fn walk(module: &Value, out: &mut Vec<String>) {
        for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
            if let (Some(t), Some(n)) =
                (r.get("type").and_then(Value::as_str), r.get("name").and_then(Value::as_str))
            {
                let data = r.get("mode").and_then(Value::as_str) == Some("data");
                out.push(if data { format!("data.{t}.{n}") } else { format!("{t}.{n}") });
            }
        }
        for child in module.get("child_modules").and_then(Value::as_array).into_iter().flatten() {
            walk(child, out);
        }
    }
    if let Some(root) = json.get("planned_values").and_then(|p| p.get("root_module")) {
        walk(root, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// A plan without its configuration: a stack of its own.
pub(crate) fn load(file: &SourceFile, limits: &vigil_syntax::Limits) -> (Stack, Vec<Diagnostic>) {
    let (resources, diagnostics) = resources(file, limits);
    (
        Stack {
            id: file.path.clone(),
            source: SourceKind::Terraform,
            resources,
            origins: Default::default(),
            providers: Default::default(),
        },
        diagnostics,
    )
}

/// The resources of a plan, their ranges in the plan file.
pub(crate) fn resources(
    file: &SourceFile,
    limits: &vigil_syntax::Limits,
) -> (Vec<Resource>, Vec<Diagnostic>) {
    let parsed =
        vigil_syntax::json::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Json), limits);
    let mut diagnostics: Vec<Diagnostic> =
        parsed.errors.iter().map(|e| e.to_diagnostic(&file.path)).collect();
    let Some(root) = parsed.root else { return (vec![], diagnostics) };
    // after_unknown by address.
    let mut after_unknown: BTreeMap<String, &SNode> = BTreeMap::new();
    if let Some(SValue::Seq(changes)) = root.get("resource_changes").map(|n| &n.value) {
        for change in changes {
            if let (Some(address), Some(unknown)) = (
                change.get("address").and_then(SNode::as_str),
                change.get("change").and_then(|c| c.get("after_unknown")),
            ) {
                after_unknown.insert(address.to_string(), unknown);
            }
        }
    }
    let mut out = Vec::new();
    match root.get("planned_values").and_then(|p| p.get("root_module")) {
        Some(module) => read_module(module, file, &after_unknown, &mut out),
        None => diagnostics.push(Diagnostic::error(
            file.path.clone(),
            TextRange::empty(0),
            "terraform-plan",
            "this plan has no `planned_values.root_module`: was it written by `terraform show -json`?",
        )),
    }
    (out, diagnostics)
}

fn read_module(
    module: &SNode,
    file: &SourceFile,
    after_unknown: &BTreeMap<String, &SNode>,
    out: &mut Vec<Resource>,
) {
    if let Some(SValue::Seq(list)) = module.get("resources").map(|n| &n.value) {
        for r in list {
            if let Some(resource) = read_resource(r, file, after_unknown) {
                out.push(resource);
            }
        }
    }
    if let Some(SValue::Seq(children)) = module.get("child_modules").map(|n| &n.value) {
        for child in children {
            read_module(child, file, after_unknown, out);
        }
    }
}

fn read_resource(r: &SNode, file: &SourceFile, after_unknown: &BTreeMap<String, &SNode>) -> Option<Resource> {
    let address_entry = r.entry("address")?;
    let address = address_entry.value.as_str()?.to_string();
    let r#type = r.get("type").and_then(SNode::as_str)?.to_string();
    let name = r.get("name").and_then(SNode::as_str).unwrap_or_default().to_string();
    let mode = if r.get("mode").and_then(SNode::as_str) == Some("data") { Mode::Data } else { Mode::Managed };
    let provider = r
        .get("provider_name")
        .and_then(SNode::as_str)
        .and_then(|p| p.rsplit('/').next())
        .map(str::to_string)
        .unwrap_or_else(|| r#type.split('_').next().unwrap_or("").to_string());
    let mut source_map = BTreeMap::new();
    let mut unknown = Vec::new();
    let values = match r.get("values") {
        Some(v) => {
            config_shape(v, "", None, after_unknown.get(&address).copied(), &mut source_map, &mut unknown)
                .unwrap_or(Value::Object(Default::default()))
        }
        None => Value::Object(Default::default()),
    };
    let mut values = values;
    // Attributes the plan knows only after apply are absent from `values`.
    if let Some(u) = after_unknown.get(&address) {
        add_unknowns(&mut values, u, "", &mut unknown);
    }
    unknown.sort();
    unknown.dedup();
    Some(Resource {
        address,
        r#type,
        name,
        mode,
        source: SourceKind::Terraform,
        provider,
        file: file.path.clone(),
        values,
        references: BTreeMap::new(),
        unknown,
        header: address_entry.value.range,
        range: r.range,
        source_map,
        instances_unknown: false,
    })
}

/// A state-shaped value in the configuration's shape (see the module doc); `None`
/// for an absent value.
pub(crate) fn config_shape(
    node: &SNode,
    pointer: &str,
    key: Option<TextRange>,
    unknown_tree: Option<&SNode>,
    map: &mut BTreeMap<JsonPointer, Span>,
    unknown: &mut Vec<JsonPointer>,
) -> Option<Value> {
    if unknown_tree.is_some_and(|u| matches!(u.value, SValue::Bool(true))) {
        unknown.push(pointer.to_string());
    }
    let value = match &node.value {
        SValue::Null => return None,
        SValue::Seq(items) if items.is_empty() => return None,
        // A block that occurs once.
        SValue::Seq(items) if items.len() == 1 && matches!(items[0].value, SValue::Map(_)) => {
            let inner = unknown_tree.and_then(|u| match &u.value {
                SValue::Seq(list) => list.first(),
                _ => None,
            });
            return config_shape(&items[0], pointer, key.or(Some(node.range)), inner, map, unknown);
        }
        SValue::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let inner = unknown_tree.and_then(|u| match &u.value {
                        SValue::Seq(list) => list.get(i),
                        _ => None,
                    });
                    config_shape(item, &format!("{pointer}/{i}"), None, inner, map, unknown)
                        .unwrap_or(Value::Null)
                })
                .collect(),
        ),
        SValue::Map(entries) => {
            let mut object = serde_json::Map::new();
            for e in entries {
                let child = format!("{pointer}/{}", escape_token(&e.key));
                let inner = unknown_tree.and_then(|u| u.get(&e.key));
                if let Some(v) = config_shape(&e.value, &child, Some(e.key_range), inner, map, unknown) {
                    object.insert(e.key.clone(), v);
                }
            }
            Value::Object(object)
        }
        _ => crate::snode_values::to_value(node, pointer, key, &mut BTreeMap::new()),
    };
    if !pointer.is_empty() {
        map.insert(pointer.to_string(), Span { key, value: node.range });
    }
    Some(value)
}

/// Adds `"${known after apply}"` for attributes `after_unknown` marks `true` that
/// are absent from the planned values.
fn add_unknowns(values: &mut Value, tree: &SNode, pointer: &str, unknown: &mut Vec<JsonPointer>) {
    let SValue::Map(entries) = &tree.value else { return };
    let Value::Object(object) = values else { return };
    for e in entries {
        let child = format!("{pointer}/{}", escape_token(&e.key));
        match (&e.value.value, object.get_mut(&e.key)) {
            (SValue::Bool(true), None) => {
                object.insert(e.key.clone(), Value::String("${known after apply}".into()));
                unknown.push(child);
            }
            (SValue::Map(_), Some(inner)) => add_unknowns(inner, &e.value, &child, unknown),
            (SValue::Seq(list), Some(inner)) if list.len() == 1 && inner.is_object() => {
                add_unknowns(inner, &list[0], &child, unknown);
            }
            _ => {}
        }
    }
}

/// Merges a plan's resources into those read from its configuration (rules in the
/// module doc); returns the plan's resources the configuration does not have.
pub(crate) fn merge(source: &mut Vec<Resource>, plan: Vec<Resource>) -> Vec<Resource> {
    let mut leftovers = Vec::new();
    let mut added = Vec::new();
    for p in plan {
        if let Some(s) = source.iter_mut().find(|s| s.address == p.address) {
            fill_unknowns(s, &p);
            continue;
        }
        let base = crate::base_address(&p.address);
        if let Some(s) = source.iter().find(|s| s.address == base && s.instances_unknown) {
            let mut instance = s.clone();
            instance.address = p.address.clone();
            instance.values = p.values.clone();
            instance.unknown = p.unknown.clone();
            instance.instances_unknown = false;
            added.push(instance);
            continue;
        }
        leftovers.push(p);
    }
    source.extend(added);
    leftovers
}

/// The configuration's unknowns that the plan knows.
fn fill_unknowns(s: &mut Resource, p: &Resource) {
    let mut still = Vec::new();
    for pointer in std::mem::take(&mut s.unknown) {
        let known_in_plan = !p.is_unknown_path(&pointer);
        match p.values.pointer(&pointer).filter(|_| known_in_plan).cloned() {
            Some(value) => {
                if let Some(slot) = s.values.pointer_mut(&pointer) {
                    *slot = value;
                    continue;
                }
                still.push(pointer);
            }
            None => still.push(pointer),
        }
    }
    s.unknown = still;
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing: a character across the 4 KiB mark panicked.
    #[test]
    fn plan_detection_cuts_at_a_character() {
        for pad in 4090..4100 {
            let text = format!("{{\"format_version\": \"1.2\", \"x\": \"{}é\"}}", "a".repeat(pad - 33));
            assert!(!super::is_terraform_plan(&text));
        }
    }
}
