//! CloudFormation templates (YAML with short-form tags, or JSON).
//!
//! YAML is read as CloudFormation reads it, YAML 1.1: `yes`/`no`/`on`/`off` are
//! booleans (see [`vigil_syntax::yaml::Schema::Yaml11`]).
//!
//! Each resource's `values` are its `Properties` with the intrinsic functions that
//! can be evaluated statically resolved: `Ref` to parameters (their defaults),
//! `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If` on known conditions,
//! `Fn::FindInMap`. What only exists after deployment (`Fn::GetAtt`, `Ref` to a
//! resource or a pseudo parameter, `Fn::GetAZs`, `Fn::ImportValue`) is unknown;
//! references to other resources are recorded.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};
use vigil_syntax::{Diagnostic, SNode, SValue, TextRange};

use crate::resource::{escape_token, JsonPointer, Mode, Resource, SourceKind, Span, Stack};
use crate::SourceFile;

pub fn load(file: &SourceFile, limits: &vigil_syntax::Limits) -> (Stack, Vec<Diagnostic>) {
    let (root, errors) = if file.path.ends_with(".json") || file.text.trim_start().starts_with('{') {
        let parsed =
            vigil_syntax::json::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Json), limits);
        (parsed.root, parsed.errors)
    } else {
        // CloudFormation reads YAML 1.1: `Enabled: yes` is a boolean.
        let parsed = vigil_syntax::yaml::parse_with(
            &file.text,
            file.tree_for(vigil_syntax::Language::Yaml),
            vigil_syntax::yaml::Schema::Yaml11,
            limits,
        );
        (parsed.documents.into_iter().find_map(|d| d.root), parsed.errors)
    };
    let mut diagnostics: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic(&file.path)).collect();
    let mut stack = Stack {
        id: file.path.clone(),
        source: SourceKind::CloudFormation,
        resources: vec![],
        origins: Default::default(),
        providers: Default::default(),
    };
    let Some(root) = root else { return (stack, diagnostics) };

    let mut template = Template {
        parameters: HashMap::new(),
        mappings: None,
        conditions: HashMap::new(),
        resources: BTreeSet::new(),
    };
    for e in root.get("Parameters").map(SNode::entries).unwrap_or_default() {
        let default = e.value.get("Default").map(plain);
        let range = e.value.entry("Default").map_or(e.key_range, |d| d.value.range);
        stack.origins.entry(format!("Ref {}", e.key)).or_default().push(crate::Origin {
            file: file.path.clone(),
            range,
            note: format!("parameter `{}` defaults to this", e.key),
        });
        template.parameters.insert(e.key.clone(), default);
    }
    template.mappings = root.get("Mappings").cloned();
    for e in root.get("Resources").map(SNode::entries).unwrap_or_default() {
        template.resources.insert(e.key.clone());
    }
    let condition_nodes: HashMap<String, SNode> = root
        .get("Conditions")
        .map(SNode::entries)
        .unwrap_or_default()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    for name in condition_nodes.keys() {
        let value = template.condition(name, &condition_nodes, &mut Vec::new());
        template.conditions.insert(name.clone(), value);
    }

    let Some(resources) = root.get("Resources") else { return (stack, diagnostics) };
    for entry in resources.entries() {
        let Some(r#type) = entry.value.get("Type").and_then(SNode::as_str) else {
            diagnostics.push(Diagnostic::warning(
                file.path.clone(),
                entry.key_range,
                "cloudformation",
                format!("resource `{}` has no `Type`", entry.key),
            ));
            continue;
        };
        if let Some(condition) = entry.value.get("Condition").and_then(SNode::as_str) {
            // Only resources that are surely created are evaluated.
            if template.conditions.get(condition).copied().flatten() != Some(true) {
                continue;
            }
        }
        let mut out = Output::default();
        let values = match entry.value.entry("Properties") {
            Some(props) => template
                .eval(&props.value, "", Some(props.key_range), &mut out)
                .unwrap_or(Value::Object(Map::new())),
            None => Value::Object(Map::new()),
        };
        out.source_map.remove("");
        stack.resources.push(Resource {
            address: entry.key.clone(),
            r#type: r#type.to_string(),
            name: entry.key.clone(),
            mode: Mode::Managed,
            source: SourceKind::CloudFormation,
            provider: r#type.split("::").nth(1).unwrap_or("aws").to_ascii_lowercase(),
            file: file.path.clone(),
            values,
            references: out.references,
            unknown: out.unknown,
            header: entry.key_range,
            range: entry.range,
            source_map: out.source_map,
            instances_unknown: false,
        });
    }
    (stack, diagnostics)
}

/// A statically known value, or a description of what it depends on.
enum Evaluated {
    Known(Value),
    Unknown {
        text: String,
        refs: Vec<String>,
    },
    /// `Ref: AWS::NoValue`: the property is removed.
    NoValue,
}

#[derive(Default)]
struct Output {
    source_map: BTreeMap<JsonPointer, Span>,
    references: BTreeMap<JsonPointer, Vec<String>>,
    unknown: Vec<JsonPointer>,
}

struct Template {
    parameters: HashMap<String, Option<Value>>,
    mappings: Option<SNode>,
    conditions: HashMap<String, Option<bool>>,
    resources: BTreeSet<String>,
}

const MAX_DEPTH: usize = 64;

impl Template {
    /// Converts a property value; `None` when it is `AWS::NoValue`.
    fn eval(&self, node: &SNode, pointer: &str, key: Option<TextRange>, out: &mut Output) -> Option<Value> {
        out.source_map.insert(pointer.to_string(), Span { key, value: node.range });
        if let Some((name, arg)) = intrinsic(node) {
            return match self.intrinsic(name, arg, 0) {
                Evaluated::Known(v) => Some(v),
                Evaluated::NoValue => {
                    out.source_map.remove(pointer);
                    None
                }
                Evaluated::Unknown { text, refs } => {
                    out.unknown.push(pointer.to_string());
                    if !refs.is_empty() {
                        out.references.insert(pointer.to_string(), refs);
                    }
                    Some(Value::String(format!("${{{text}}}")))
                }
            };
        }
        Some(match &node.value {
            SValue::Seq(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.eval(item, &format!("{pointer}/{i}"), None, out))
                    .collect(),
            ),
            SValue::Map(entries) => {
                let mut object = Map::new();
                for e in entries {
                    let child = format!("{pointer}/{}", escape_token(&e.key));
                    if let Some(v) = self.eval(&e.value, &child, Some(e.key_range), out) {
                        object.insert(e.key.clone(), v);
                    }
                }
                Value::Object(object)
            }
            _ => plain(node),
        })
    }

    /// Evaluates an intrinsic function call.
    fn intrinsic(&self, name: &str, arg: &SNode, depth: usize) -> Evaluated {
        if depth > MAX_DEPTH {
            return unknown(format!("{name} ..."), vec![]);
        }
        let known = |n: &SNode| self.value_of(n, depth + 1);
        match name {
            "Ref" => {
                let Some(target) = arg.as_str() else { return unknown("Ref ?".into(), vec![]) };
                if target == "AWS::NoValue" {
                    return Evaluated::NoValue;
                }
                if let Some(param) = self.parameters.get(target) {
                    return match param {
                        Some(v) => Evaluated::Known(v.clone()),
                        None => unknown(format!("Ref {target}"), vec![]),
                    };
                }
                let refs = if self.resources.contains(target) { vec![target.to_string()] } else { vec![] };
                unknown(format!("Ref {target}"), refs)
            }
            "Fn::GetAtt" => {
                let target = match &arg.value {
                    SValue::String(s) => s.split('.').next().unwrap_or("").to_string(),
                    SValue::Seq(items) => items.first().and_then(SNode::as_str).unwrap_or("").to_string(),
                    _ => String::new(),
                };
                let refs = if self.resources.contains(&target) { vec![target.clone()] } else { vec![] };
                unknown(format!("GetAtt {target}"), refs)
            }
            "Fn::Sub" => self.sub(arg, depth),
            "Fn::Join" => {
                let SValue::Seq(items) = &arg.value else { return unknown("Join".into(), vec![]) };
                let (Some(delim), Some(list)) = (items.first().and_then(SNode::as_str), items.get(1)) else {
                    return unknown("Join".into(), vec![]);
                };
                match known(list) {
                    Evaluated::Known(Value::Array(parts)) => {
                        let strings: Option<Vec<String>> = parts.iter().map(scalar_string).collect();
                        match strings {
                            Some(s) => Evaluated::Known(Value::String(s.join(delim))),
                            None => unknown("Join".into(), vec![]),
                        }
                    }
                    Evaluated::Unknown { refs, .. } => unknown("Join".into(), refs),
                    _ => unknown("Join".into(), vec![]),
                }
            }
            "Fn::Select" => {
                let SValue::Seq(items) = &arg.value else { return unknown("Select".into(), vec![]) };
                let (Some(index), Some(list)) = (items.first(), items.get(1)) else {
                    return unknown("Select".into(), vec![]);
                };
                match (known(index), known(list)) {
                    (Evaluated::Known(i), Evaluated::Known(Value::Array(list))) => {
                        let i = scalar_string(&i).and_then(|s| s.parse::<usize>().ok());
                        match i.and_then(|i| list.get(i)) {
                            Some(v) => Evaluated::Known(v.clone()),
                            None => unknown("Select".into(), vec![]),
                        }
                    }
                    (_, Evaluated::Unknown { refs, .. }) => unknown("Select".into(), refs),
                    _ => unknown("Select".into(), vec![]),
                }
            }
            "Fn::Split" => {
                let SValue::Seq(items) = &arg.value else { return unknown("Split".into(), vec![]) };
                let (Some(delim), Some(source)) = (items.first().and_then(SNode::as_str), items.get(1))
                else {
                    return unknown("Split".into(), vec![]);
                };
                match known(source) {
                    Evaluated::Known(Value::String(s)) if !delim.is_empty() => Evaluated::Known(
                        Value::Array(s.split(delim).map(|p| Value::String(p.into())).collect()),
                    ),
                    Evaluated::Unknown { refs, .. } => unknown("Split".into(), refs),
                    _ => unknown("Split".into(), vec![]),
                }
            }
            "Fn::If" => {
                let SValue::Seq(items) = &arg.value else { return unknown("If".into(), vec![]) };
                let (Some(cond), Some(a), Some(b)) =
                    (items.first().and_then(SNode::as_str), items.get(1), items.get(2))
                else {
                    return unknown("If".into(), vec![]);
                };
                match self.conditions.get(cond).copied().flatten() {
                    Some(true) => known(a),
                    Some(false) => known(b),
                    None => unknown(format!("If {cond}"), vec![]),
                }
            }
            "Fn::FindInMap" => {
                let SValue::Seq(items) = &arg.value else { return unknown("FindInMap".into(), vec![]) };
                let keys: Vec<Option<String>> = items
                    .iter()
                    .map(|k| match known(k) {
                        Evaluated::Known(v) => scalar_string(&v),
                        _ => None,
                    })
                    .collect();
                let found = match (self.mappings.as_ref(), keys.as_slice()) {
                    (Some(maps), [Some(a), Some(b), Some(c), ..]) => {
                        maps.get(a).and_then(|m| m.get(b)).and_then(|m| m.get(c))
                    }
                    _ => None,
                };
                match found {
                    Some(v) => known(v),
                    None => unknown("FindInMap".into(), vec![]),
                }
            }
            "Fn::Base64" => match known(arg) {
                Evaluated::Known(Value::String(s)) => {
                    use base64::Engine as _;
                    Evaluated::Known(Value::String(base64::engine::general_purpose::STANDARD.encode(s)))
                }
                _ => unknown("Base64".into(), vec![]),
            },
            "Fn::ToJsonString" => match known(arg) {
                Evaluated::Known(v) => Evaluated::Known(Value::String(v.to_string())),
                _ => unknown("ToJsonString".into(), vec![]),
            },
            other => unknown(other.trim_start_matches("Fn::").to_string(), vec![]),
        }
    }

    /// A whole value, with nested intrinsics, or unknown if any part is.
    fn value_of(&self, node: &SNode, depth: usize) -> Evaluated {
        if let Some((name, arg)) = intrinsic(node) {
            return self.intrinsic(name, arg, depth + 1);
        }
        match &node.value {
            SValue::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    match self.value_of(item, depth + 1) {
                        Evaluated::Known(v) => out.push(v),
                        Evaluated::NoValue => {}
                        u @ Evaluated::Unknown { .. } => return u,
                    }
                }
                Evaluated::Known(Value::Array(out))
            }
            SValue::Map(entries) => {
                let mut out = Map::new();
                for e in entries {
                    match self.value_of(&e.value, depth + 1) {
                        Evaluated::Known(v) => {
                            out.insert(e.key.clone(), v);
                        }
                        Evaluated::NoValue => {}
                        u @ Evaluated::Unknown { .. } => return u,
                    }
                }
                Evaluated::Known(Value::Object(out))
            }
            _ => Evaluated::Known(plain(node)),
        }
    }

    fn sub(&self, arg: &SNode, depth: usize) -> Evaluated {
        let (template, vars) = match &arg.value {
            SValue::String(s) => (s.as_str(), None),
            SValue::Seq(items) => match items.first().and_then(SNode::as_str) {
                Some(s) => (s, items.get(1)),
                None => return unknown("Sub".into(), vec![]),
            },
            _ => return unknown("Sub".into(), vec![]),
        };
        let mut out = String::new();
        let mut refs = Vec::new();
        let mut is_known = true;
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let value = match vars.and_then(|v| v.get(name)) {
                Some(v) => self.value_of(v, depth + 1),
                None if name.contains('.') => {
                    let target = name.split('.').next().unwrap_or("").to_string();
                    let r = if self.resources.contains(&target) { vec![target] } else { vec![] };
                    unknown(name.to_string(), r)
                }
                None => self.intrinsic(
                    "Ref",
                    &SNode::new(SValue::String(name.to_string()), TextRange::default()),
                    depth + 1,
                ),
            };
            match value {
                Evaluated::Known(v) => match scalar_string(&v) {
                    Some(s) => out.push_str(&s),
                    None => is_known = false,
                },
                Evaluated::Unknown { refs: r, .. } => {
                    is_known = false;
                    refs.extend(r);
                }
                Evaluated::NoValue => is_known = false,
            }
        }
        out.push_str(rest);
        if is_known {
            Evaluated::Known(Value::String(out))
        } else {
            unknown(format!("Sub {template}"), refs)
        }
    }

    /// Evaluates a condition by name; `None` when it depends on an unknown.
    fn condition(
        &self,
        name: &str,
        nodes: &HashMap<String, SNode>,
        visiting: &mut Vec<String>,
    ) -> Option<bool> {
        if visiting.iter().any(|v| v == name) || visiting.len() > MAX_DEPTH {
            return None; // a cycle: unknowable
        }
        let node = nodes.get(name)?;
        visiting.push(name.to_string());
        let result = self.condition_expr(node, nodes, visiting);
        visiting.pop();
        result
    }

    fn condition_expr(
        &self,
        node: &SNode,
        nodes: &HashMap<String, SNode>,
        visiting: &mut Vec<String>,
    ) -> Option<bool> {
        let (name, arg) = intrinsic(node).or_else(|| {
            // `Condition: Other` inside And/Or/Not.
            let e = node.entries().first()?;
            (node.entries().len() == 1 && e.key == "Condition").then_some(("Condition", &e.value))
        })?;
        let items: &[SNode] = match &arg.value {
            SValue::Seq(items) => items,
            _ => std::slice::from_ref(arg),
        };
        match name {
            "Condition" => self.condition(arg.as_str()?, nodes, visiting),
            "Fn::Equals" => {
                let (a, b) = (items.first()?, items.get(1)?);
                match (self.value_of(a, 0), self.value_of(b, 0)) {
                    (Evaluated::Known(a), Evaluated::Known(b)) => {
                        Some(scalar_string(&a)? == scalar_string(&b)?)
                    }
                    _ => None,
                }
            }
            "Fn::Not" => self.condition_expr(items.first()?, nodes, visiting).map(|b| !b),
            "Fn::And" => {
                let mut all = Some(true);
                for item in items {
                    match self.condition_expr(item, nodes, visiting) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            "Fn::Or" => {
                let mut any = Some(false);
                for item in items {
                    match self.condition_expr(item, nodes, visiting) {
                        Some(true) => return Some(true),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
            _ => None,
        }
    }
}

fn unknown(text: String, refs: Vec<String>) -> Evaluated {
    Evaluated::Unknown { text, refs }
}

/// The intrinsic function of a node, long form (`{"Fn::Sub": ...}`) or short (`!Sub`).
fn intrinsic(node: &SNode) -> Option<(&str, &SNode)> {
    match &node.value {
        SValue::Tagged(tag, inner) => {
            let name = match tag.as_str() {
                "Ref" => "Ref",
                "Condition" => "Condition",
                "GetAtt" => "Fn::GetAtt",
                "Sub" => "Fn::Sub",
                "Join" => "Fn::Join",
                "Select" => "Fn::Select",
                "Split" => "Fn::Split",
                "If" => "Fn::If",
                "FindInMap" => "Fn::FindInMap",
                "Base64" => "Fn::Base64",
                "GetAZs" => "Fn::GetAZs",
                "ImportValue" => "Fn::ImportValue",
                "Cidr" => "Fn::Cidr",
                "Equals" => "Fn::Equals",
                "Not" => "Fn::Not",
                "And" => "Fn::And",
                "Or" => "Fn::Or",
                "Transform" => "Fn::Transform",
                "ToJsonString" => "Fn::ToJsonString",
                "Length" => "Fn::Length",
                _ => return None,
            };
            Some((name, inner))
        }
        SValue::Map(entries) if entries.len() == 1 => {
            let e = &entries[0];
            (e.key == "Ref" || e.key.starts_with("Fn::")).then_some((e.key.as_str(), &e.value))
        }
        _ => None,
    }
}

/// A value without intrinsic evaluation (parameter defaults, mapping entries).
fn plain(node: &SNode) -> Value {
    crate::snode_values::to_value(node, "", None, &mut BTreeMap::new())
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
