//! Terraform: a directory of `.tf` files (plus `terraform.tfvars` and
//! `*.auto.tfvars`) is one module; its `resource` and `data` blocks become
//! resources whose values are evaluated with the module's variables and locals.

mod eval;
mod functions;
mod value;

use std::collections::{BTreeMap, HashSet};

use vigil_syntax::tree_sitter::Node;
use vigil_syntax::{hcl, node_text, Diagnostic, TextRange};

pub use value::Val;

use crate::resource::{escape_token, JsonPointer, Mode, Resource, SourceKind, Span, Stack};
use crate::SourceFile;
use eval::{first_named, named_children, LocalDef, ModuleCtx, Scope};

/// Arguments that configure how Terraform handles a resource, not what it creates.
const META_ARGUMENTS: &[&str] =
    &["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"];

/// At most this many instances of one resource are evaluated.
const MAX_INSTANCES: usize = 1000;

struct Parsed<'f> {
    file: &'f SourceFile,
    tree: Option<vigil_syntax::tree_sitter::Tree>,
    is_vars: bool,
}

/// A variable's default expression, with its text and file.
type VarDefault<'a> = (Node<'a>, &'a str, &'a str);

struct ResourceBlock<'a> {
    mode: Mode,
    r#type: String,
    name: String,
    block: Node<'a>,
    text: &'a str,
    file: &'a str,
}

pub fn load_module(dir: &str, files: &[&SourceFile]) -> (Stack, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut parsed: Vec<Parsed<'_>> = Vec::new();
    for file in files {
        let result = hcl::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Hcl));
        diagnostics.extend(result.errors.iter().map(|e| e.to_diagnostic(&file.path)));
        let is_vars = file.path.ends_with(".tfvars");
        parsed.push(Parsed { file, tree: result.tree, is_vars });
    }
    // terraform.tfvars first, then *.auto.tfvars in lexical order: later ones win.
    parsed.sort_by_key(|p| {
        (
            p.is_vars,
            !p.file.path.ends_with("/terraform.tfvars") && p.file.path != "terraform.tfvars",
            p.file.path.clone(),
        )
    });

    let mut ctx = ModuleCtx::new(dir.to_string());
    let mut blocks: Vec<ResourceBlock<'_>> = Vec::new();
    let mut var_defaults: Vec<(String, Option<VarDefault<'_>>)> = Vec::new();
    let mut seen_locals: HashSet<String> = HashSet::new();
    let mut origins: BTreeMap<String, Vec<crate::Origin>> = BTreeMap::new();
    for p in parsed.iter().filter(|p| !p.is_vars) {
        let Some(tree) = &p.tree else { continue };
        let text = p.file.text.as_str();
        let file = p.file.path.as_str();
        for block in top_level(tree.root_node(), "block") {
            let (kind, labels) = block_header(block, text);
            match (kind.as_str(), labels.as_slice()) {
                ("resource", [t, n]) | ("data", [t, n]) => {
                    let mode = if kind == "data" { Mode::Data } else { Mode::Managed };
                    blocks.push(ResourceBlock {
                        mode,
                        r#type: t.clone(),
                        name: n.clone(),
                        block,
                        text,
                        file,
                    });
                }
                ("variable", [name]) => {
                    origins.entry(format!("var.{name}")).or_default().push(crate::Origin {
                        file: file.to_string(),
                        range: header_range(block, text),
                        note: format!("variable `{name}` is declared here"),
                    });
                    let default = body_of(block)
                        .map(|b| attributes(b))
                        .unwrap_or_default()
                        .into_iter()
                        .find(|(n, _, _)| node_text(n, text) == "default")
                        .map(|(_, expr, _)| (expr, text, file));
                    var_defaults.push((name.clone(), default));
                }
                ("locals", []) => {
                    for (name_node, expr, _) in body_of(block).map(attributes).unwrap_or_default() {
                        let name = node_text(&name_node, text).to_string();
                        if !seen_locals.insert(name.clone()) {
                            diagnostics.push(Diagnostic::error(
                                file,
                                TextRange::from_node(&name_node),
                                "terraform-duplicate",
                                format!("local value `{name}` is defined more than once"),
                            ));
                            continue;
                        }
                        ctx.locals.insert(
                            name,
                            LocalDef { expr, text, file, name_range: TextRange::from_node(&name_node) },
                        );
                    }
                }
                _ => {}
            }
        }
    }
    for b in &blocks {
        let address = match b.mode {
            Mode::Managed => format!("{}.{}", b.r#type, b.name),
            Mode::Data => format!("data.{}.{}", b.r#type, b.name),
        };
        ctx.resources.insert(address);
    }
    // Variables: defaults, overridden by tfvars; without either they are unknown.
    for (name, default) in &var_defaults {
        let value = match default {
            Some((expr, text, file)) => ctx.eval_top(*expr, text, file, &Scope::default()).0,
            None => Val::Unknown(format!("var.{name}")),
        };
        ctx.variables.insert(name.clone(), value);
    }
    for p in parsed.iter().filter(|p| p.is_vars) {
        let Some(tree) = &p.tree else { continue };
        let text = p.file.text.as_str();
        let root_body = top_level_body(tree.root_node());
        for (name_node, expr, _) in root_body.map(attributes).unwrap_or_default() {
            let name = node_text(&name_node, text).to_string();
            if !ctx.variables.contains_key(&name) && !var_defaults.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    p.file.path.clone(),
                    TextRange::from_node(&name_node),
                    "terraform-undeclared-variable",
                    format!("`{name}` is set here but no `variable \"{name}\"` block declares it"),
                ));
            }
            let value = ctx.eval_top(expr, text, &p.file.path, &Scope::default()).0;
            let file_name = p.file.path.rsplit('/').next().unwrap_or(&p.file.path).to_string();
            origins.entry(format!("var.{name}")).or_default().push(crate::Origin {
                file: p.file.path.clone(),
                range: TextRange::from_node(&name_node).cover(TextRange::from_node(&expr)),
                note: format!("`{name}` is set in {file_name}"),
            });
            ctx.variables.insert(name, value);
        }
    }

    let mut resources: Vec<Resource> = Vec::new();
    let mut addresses: HashSet<String> = HashSet::new();
    for b in &blocks {
        let base = match b.mode {
            Mode::Managed => format!("{}.{}", b.r#type, b.name),
            Mode::Data => format!("data.{}.{}", b.r#type, b.name),
        };
        let header = header_range(b.block, b.text);
        if !addresses.insert(base.clone()) {
            diagnostics.push(Diagnostic::error(
                b.file,
                header,
                "terraform-duplicate",
                format!("`{base}` is declared more than once"),
            ));
            continue;
        }
        let Some(body) = body_of(b.block) else {
            resources.push(new_resource(b, base, header, Default::default()));
            continue;
        };
        let attrs = attributes(body);
        let meta =
            |name: &str| attrs.iter().find(|(n, _, _)| node_text(n, b.text) == name).map(|(_, e, _)| *e);
        // One resource standing for an unknown number of instances: in the stack for
        // joins, never evaluated itself.
        let unknown_expansion = |refs: Vec<String>| {
            vec![(
                base.clone(),
                Scope {
                    count_index: Some(Val::Unknown("count.index".into())),
                    each: Some((Val::Unknown("each.key".into()), Val::Unknown("each.value".into()))),
                    each_refs: refs,
                    ..Scope::default()
                },
                true,
            )]
        };
        let instances: Vec<(String, Scope, bool)> = if let Some(count) = meta("count") {
            let (value, refs) = ctx.eval_top(count, b.text, b.file, &Scope::default());
            match value {
                Val::Unknown(_) => {
                    diagnostics.push(Diagnostic::info(
                        b.file,
                        TextRange::from_node(&count),
                        "terraform-unknown-count",
                        format!("`{base}` is not evaluated: its `count` is known only at apply time"),
                    ));
                    unknown_expansion(refs)
                }
                v => match v.to_num() {
                    Some(n) if n >= 0.0 => (0..(n as usize).min(MAX_INSTANCES))
                        .map(|i| {
                            (
                                format!("{base}[{i}]"),
                                Scope { count_index: Some(Val::Num(i as f64)), ..Scope::default() },
                                false,
                            )
                        })
                        .collect(),
                    _ => {
                        diagnostics.push(Diagnostic::error(
                            b.file,
                            TextRange::from_node(&count),
                            "terraform-eval",
                            format!("`count` must be a non-negative number, got {}", v.type_name()),
                        ));
                        vec![]
                    }
                },
            }
        } else if let Some(for_each) = meta("for_each") {
            let (value, refs) = ctx.eval_top(for_each, b.text, b.file, &Scope::default());
            let pairs: Option<Vec<(String, Val)>> = match value {
                Val::Map(map) => Some(map.into_iter().collect()),
                Val::List(items) => items.into_iter().map(|v| v.to_str().map(|k| (k, v))).collect(),
                _ => None,
            };
            match pairs {
                Some(pairs) => pairs
                    .into_iter()
                    .take(MAX_INSTANCES)
                    .map(|(k, v)| {
                        let address = format!("{base}[{}]", serde_json::Value::String(k.clone()));
                        (
                            address,
                            Scope {
                                each: Some((Val::Str(k), v)),
                                each_refs: refs.clone(),
                                ..Scope::default()
                            },
                            false,
                        )
                    })
                    .collect(),
                None => {
                    diagnostics.push(Diagnostic::info(
                        b.file,
                        TextRange::from_node(&for_each),
                        "terraform-unknown-for-each",
                        format!("`{base}` is not evaluated: its `for_each` is known only at apply time"),
                    ));
                    unknown_expansion(refs)
                }
            }
        } else {
            vec![(base.clone(), Scope::default(), false)]
        };
        for (address, scope, instances_unknown) in instances {
            let mut out = BodyOut::default();
            let values = body_values(&ctx, body, b.text, b.file, &scope, "", true, &mut out);
            let mut unknown = Vec::new();
            let json = Val::Map(values).to_json("", &mut unknown);
            unknown.extend(out.unknown);
            unknown.sort();
            unknown.dedup();
            let mut resource = new_resource(b, address, header, out.source_map);
            resource.values = json;
            resource.references = out.references;
            resource.unknown = unknown;
            resource.instances_unknown = instances_unknown;
            resources.push(resource);
        }
    }
    diagnostics.extend(ctx.diagnostics.take());
    (Stack { id: dir.to_string(), source: SourceKind::Terraform, resources, origins }, diagnostics)
}

fn new_resource(
    b: &ResourceBlock<'_>,
    address: String,
    header: TextRange,
    source_map: BTreeMap<JsonPointer, Span>,
) -> Resource {
    Resource {
        address,
        r#type: b.r#type.clone(),
        name: b.name.clone(),
        mode: b.mode,
        source: SourceKind::Terraform,
        provider: b.r#type.split('_').next().unwrap_or("").to_string(),
        file: b.file.to_string(),
        values: serde_json::Value::Object(Default::default()),
        references: BTreeMap::new(),
        unknown: vec![],
        header,
        range: TextRange::from_node(&b.block),
        source_map,
        instances_unknown: false,
    }
}

#[derive(Default)]
struct BodyOut {
    source_map: BTreeMap<JsonPointer, Span>,
    references: BTreeMap<JsonPointer, Vec<String>>,
    unknown: Vec<JsonPointer>,
}

/// The values of a block body: attributes, then nested blocks grouped by type.
#[allow(clippy::too_many_arguments)]
fn body_values(
    ctx: &ModuleCtx<'_>,
    body: Node<'_>,
    text: &str,
    file: &str,
    scope: &Scope,
    pointer: &str,
    top: bool,
    out: &mut BodyOut,
) -> BTreeMap<String, Val> {
    let mut values = BTreeMap::new();
    for (name_node, expr, attr) in attributes(body) {
        let name = node_text(&name_node, text);
        if top && META_ARGUMENTS.contains(&name) {
            continue;
        }
        let child = format!("{pointer}/{}", escape_token(name));
        let (value, refs) = ctx.eval_top(expr, text, file, scope);
        out.source_map.insert(
            child.clone(),
            Span { key: Some(TextRange::from_node(&name_node)), value: TextRange::from_node(&expr) },
        );
        map_literal(expr, text, &child, out);
        if !refs.is_empty() {
            out.references.insert(child.clone(), refs);
        }
        let _ = attr;
        values.insert(name.to_string(), value);
    }
    // Nested blocks, in order, grouped by type.
    let mut groups: Vec<(String, Vec<Node<'_>>)> = Vec::new();
    let mut dynamic: Vec<(String, Node<'_>)> = Vec::new();
    for block in named_children(body).into_iter().filter(|c| c.kind() == "block") {
        let (kind, labels) = block_header(block, text);
        if top && META_ARGUMENTS.contains(&kind.as_str()) {
            continue;
        }
        if kind == "dynamic" {
            if let Some(label) = labels.first() {
                dynamic.push((label.clone(), block));
            }
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(block),
            None => groups.push((kind, vec![block])),
        }
    }
    for (kind, list) in groups {
        let base = format!("{pointer}/{}", escape_token(&kind));
        let mut items = Vec::new();
        let repeated = list.len() > 1;
        for (i, block) in list.iter().enumerate() {
            let item_pointer = if repeated { format!("{base}/{i}") } else { base.clone() };
            let ident = first_named(*block).map(|n| TextRange::from_node(&n));
            out.source_map
                .insert(item_pointer.clone(), Span { key: ident, value: TextRange::from_node(block) });
            let inner = body_of(*block)
                .map(|b| body_values(ctx, b, text, file, scope, &item_pointer, false, out))
                .unwrap_or_default();
            items.push(Val::Map(inner));
        }
        if repeated {
            values.insert(kind, Val::List(items));
        } else if let Some(item) = items.pop() {
            values.insert(kind, item);
        }
    }
    // Dynamic blocks are not expanded at this level: their type is unknown as a whole.
    for (kind, block) in dynamic {
        let child = format!("{pointer}/{}", escape_token(&kind));
        out.source_map.insert(
            child.clone(),
            Span {
                key: first_named(block).map(|n| TextRange::from_node(&n)),
                value: TextRange::from_node(&block),
            },
        );
        values.insert(kind.clone(), Val::Unknown(format!("dynamic \"{kind}\"")));
    }
    values
}

/// Maps the elements of a literal list or object to their own text.
fn map_literal(expr: Node<'_>, text: &str, pointer: &str, out: &mut BodyOut) {
    let Some(collection) = named_children(expr)
        .into_iter()
        .next()
        .filter(|c| c.kind() == "collection_value" && named_children(expr).len() == 1)
    else {
        return;
    };
    let Some(inner) = first_named(collection) else { return };
    match inner.kind() {
        "tuple" => {
            for (i, item) in
                named_children(inner).into_iter().filter(|c| c.kind() == "expression").enumerate()
            {
                let child = format!("{pointer}/{i}");
                out.source_map.insert(child.clone(), Span { key: None, value: TextRange::from_node(&item) });
                map_literal(item, text, &child, out);
            }
        }
        "object" => {
            for elem in named_children(inner).into_iter().filter(|c| c.kind() == "object_elem") {
                let (Some(k), Some(v)) = (elem.child_by_field_name("key"), elem.child_by_field_name("val"))
                else {
                    continue;
                };
                let raw = node_text(&k, text).trim();
                let key = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
                let child = format!("{pointer}/{}", escape_token(key));
                out.source_map.insert(
                    child.clone(),
                    Span { key: Some(TextRange::from_node(&k)), value: TextRange::from_node(&v) },
                );
                map_literal(v, text, &child, out);
            }
        }
        _ => {}
    }
}

fn top_level_body(root: Node<'_>) -> Option<Node<'_>> {
    named_children(root).into_iter().find(|c| c.kind() == "body")
}

fn top_level<'t>(root: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    top_level_body(root)
        .map(|b| named_children(b).into_iter().filter(|c| c.kind() == kind).collect())
        .unwrap_or_default()
}

fn body_of(block: Node<'_>) -> Option<Node<'_>> {
    named_children(block).into_iter().find(|c| c.kind() == "body")
}

/// (name, expression, attribute) of each attribute of a body.
fn attributes(body: Node<'_>) -> Vec<(Node<'_>, Node<'_>, Node<'_>)> {
    named_children(body)
        .into_iter()
        .filter(|c| c.kind() == "attribute")
        .filter_map(|attr| {
            let children = named_children(attr);
            let name = children.iter().find(|c| c.kind() == "identifier")?;
            let expr = children.iter().find(|c| c.kind() == "expression")?;
            Some((*name, *expr, attr))
        })
        .collect()
}

/// A block's type and labels (`resource`, ["aws_s3_bucket", "b"]).
fn block_header(block: Node<'_>, text: &str) -> (String, Vec<String>) {
    let mut kind = String::new();
    let mut labels = Vec::new();
    for (i, child) in named_children(block).into_iter().enumerate() {
        match child.kind() {
            "identifier" if i == 0 => kind = node_text(&child, text).to_string(),
            "identifier" => labels.push(node_text(&child, text).to_string()),
            "string_lit" => {
                let raw = node_text(&child, text);
                labels.push(raw.trim_matches('"').to_string());
            }
            _ => break,
        }
    }
    (kind, labels)
}

/// From the block type to the end of its last label.
fn header_range(block: Node<'_>, _text: &str) -> TextRange {
    let start = block.start_byte();
    let mut end = block.start_byte();
    for child in named_children(block) {
        match child.kind() {
            "identifier" | "string_lit" => end = child.end_byte(),
            _ => break,
        }
    }
    TextRange::from_usize(start, end)
}
