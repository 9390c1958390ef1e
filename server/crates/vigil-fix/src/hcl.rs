//! Terraform (HCL): edits for one operation.
//!
//! The file is parsed again with tree-sitter for each operation: blocks, bodies,
//! attributes and literal collections are found by their byte ranges (the resource's
//! source map says where each value of `values` is written).
//!
//! - A literal value is replaced in place. A value that is exactly `var.x` or
//!   `local.x` is edited where it is defined (the winning tfvars line, else the
//!   variable's `default`; the local's definition) when that is its only use in the
//!   module; otherwise at the use site, and the fix says so.
//! - A missing attribute is added to its block after the block's last attribute,
//!   aligned like its neighbours; missing parents are created as nested blocks (or as
//!   an object attribute with the `"hcl": "attribute"` hint); new blocks go last.
//! - `remove` deletes an attribute or block with the comment lines directly above it,
//!   or an element of a literal list or object.
//! - Instances of `count`/`for_each` share their block: their fixes are one edit.

use std::collections::BTreeMap;

use serde_json::Value;
use vigil_model::terraform::{collection_of, is_literal, named_children};
use vigil_model::{Resource, Stack};
use vigil_syntax::tree_sitter::{Node, Tree};
use vigil_syntax::TextRange;

use crate::{
    err, indent_at, line_end_after_newline, line_start, newline_of, FixError, HclShape, Op, OpEdits, OpKind,
    TextEdit,
};

pub(crate) fn edit(
    stack: &Stack,
    resource: &Resource,
    op: &Op,
    texts: &BTreeMap<String, String>,
) -> Result<OpEdits, FixError> {
    let Some(text) = texts.get(&resource.file) else {
        return err(format!("{} is not in the workspace", resource.file));
    };
    let Some(tree) = vigil_syntax::hcl::parse(text).tree else {
        return err(format!("{} could not be parsed", resource.file));
    };
    let file = File { text, tree: &tree, unit: indent_unit(text) };
    let single = |edits: Vec<TextEdit>| Ok(OpEdits::single(&resource.file, edits));
    match op.kind {
        OpKind::Remove => single(remove(&file, resource, op)?),
        OpKind::Add | OpKind::Replace => {
            let value = op.value.as_ref().unwrap_or(&Value::Null);
            // `add` at a list index inserts there (JSON Patch); elsewhere it replaces.
            let list_insert = op.kind == OpKind::Add
                && op.segments.last().is_some_and(|s| s == "-" || s.parse::<usize>().is_ok())
                && op.segments.len() > 1
                && resource.source_map.get(&op.prefix(op.segments.len() - 1)).is_some_and(|s| {
                    file.node_exactly(s.value).and_then(collection_of).is_some_and(|c| c.kind() == "tuple")
                });
            if list_insert {
                return single(add(&file, resource, op, value)?);
            }
            if let Some(span) = resource.source_map.get(&op.pointer) {
                let Some(node) = file.node_exactly(span.value) else {
                    return err(format!("`{}` is not where the model says", op.pointer));
                };
                if node.kind() == "block" {
                    return single(vec![replace_block(&file, node, value, op)?]);
                }
                let written = &text[span.value.as_usize()];
                let indent = indent_at(text, span.value.start as usize).to_string();
                if is_literal(node, text) {
                    return single(vec![TextEdit {
                        range: span.value,
                        new_text: render(value, &indent, file.unit),
                    }]);
                }
                let written_at = stack
                    .origins
                    .get(&format!("{}#{}", resource.address, op.pointer))
                    .and_then(|o| o.first());
                if let Some(name) = reference_name(written) {
                    // A module's variable: the caller's argument, when it is a literal.
                    if let (true, Some(origin)) = (name.starts_with("var."), written_at) {
                        if let Some(edits) = edit_written(origin, value, texts)? {
                            return Ok(edits);
                        }
                    }
                    if let Some(edits) = edit_at_definition(stack, resource, &name, value, texts)? {
                        return Ok(edits);
                    }
                    let mut out = single(vec![TextEdit {
                        range: span.value,
                        new_text: render(value, &indent, file.unit),
                    }])?;
                    out.note = Some(format!("here only: {name} is used elsewhere too"));
                    return Ok(out);
                }
                // A literal elsewhere the value is read from (a module call's
                // argument, a local, a for_each map entry): edit it there.
                if let Some(origin) = written_at {
                    if let Some(edits) = edit_written(origin, value, texts)? {
                        return Ok(edits);
                    }
                }
                let mut out = single(vec![TextEdit {
                    range: span.value,
                    new_text: render(value, &indent, file.unit),
                }])?;
                out.note = Some(format!("replaces the expression `{}`", one_line(written)));
                Ok(out)
            } else {
                single(add(&file, resource, op, value)?)
            }
        }
    }
}

struct File<'t> {
    text: &'t str,
    tree: &'t Tree,
    unit: &'static str,
}

impl<'t> File<'t> {
    /// The node spanning exactly `range`: a block if one does, else the outermost
    /// expression, else the innermost node.
    fn node_exactly(&self, range: TextRange) -> Option<Node<'t>> {
        let (start, end) = (range.start as usize, range.end as usize);
        let mut node = self.tree.root_node().named_descendant_for_byte_range(start, end)?;
        while node.start_byte() != start || node.end_byte() != end {
            node = node.parent()?;
        }
        let mut same = vec![node];
        while let Some(parent) = same.last().and_then(|n| n.parent()) {
            if parent.start_byte() != start || parent.end_byte() != end {
                break;
            }
            same.push(parent);
        }
        same.iter()
            .find(|n| n.kind() == "block")
            .or_else(|| same.iter().rev().find(|n| n.kind() == "expression"))
            .or(same.first())
            .copied()
    }
}

fn children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

fn node_text<'a>(node: Node<'_>, text: &'a str) -> &'a str {
    &text[node.byte_range()]
}

/// The file's indentation step: a tab, or two spaces (the Terraform convention).
fn indent_unit(text: &str) -> &'static str {
    if text.lines().any(|l| l.starts_with('\t')) {
        "\t"
    } else {
        "  "
    }
}

fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.len() < s.len() {
        format!("{line} …")
    } else {
        line.to_string()
    }
}

/// `var.name` or `local.name` written alone.
fn reference_name(written: &str) -> Option<String> {
    let w = written.trim();
    let (prefix, name) = w.split_once('.')?;
    let ident =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ((prefix == "var" || prefix == "local") && ident(name)).then(|| w.to_string())
}

// --- values from variables and locals ------------------------------------------------

/// Edits `var.x`/`local.x` where it is defined, when the resource's use is its only
/// use in the module. `None`: edit at the use site.
fn edit_at_definition(
    stack: &Stack,
    resource: &Resource,
    name: &str,
    value: &Value,
    texts: &BTreeMap<String, String>,
) -> Result<Option<OpEdits>, FixError> {
    let dir = vigil_model::parent_dir(&resource.file);
    let module_texts: Vec<(&String, &String)> =
        texts.iter().filter(|(p, _)| p.ends_with(".tf") && vigil_model::parent_dir(p) == dir).collect();
    let uses: usize = module_texts.iter().map(|(_, t)| count_uses(t, name)).sum();
    if uses != 1 {
        return Ok(None);
    }
    let Some((file, range)) = definition(stack, name, &module_texts, texts) else { return Ok(None) };
    let file_name = file.rsplit('/').next().unwrap_or(&file).to_string();
    edit_literal(&file, range, value, texts, format!("sets {name} in {file_name}"))
}

/// Rewrites the literal written at `origin` (another place, maybe another file).
fn edit_written(
    origin: &vigil_model::Origin,
    value: &Value,
    texts: &BTreeMap<String, String>,
) -> Result<Option<OpEdits>, FixError> {
    let line = texts
        .get(&origin.file)
        .map_or(0, |t| t.get(..origin.range.start as usize).unwrap_or("").matches('\n').count() + 1);
    let note = format!("sets it where it is written, {}:{line}", origin.file);
    edit_literal(&origin.file, origin.range, value, texts, note)
}

/// Replaces the literal at `range` of `file` by `value`; `None` when what is written
/// there is an expression (then the use is edited instead).
fn edit_literal(
    file: &str,
    range: TextRange,
    value: &Value,
    texts: &BTreeMap<String, String>,
    note: String,
) -> Result<Option<OpEdits>, FixError> {
    let Some(text) = texts.get(file) else { return Ok(None) };
    let Some(tree) = vigil_syntax::hcl::parse(text).tree else { return Ok(None) };
    let f = File { text, tree: &tree, unit: indent_unit(text) };
    if !f.node_exactly(range).is_some_and(|n| is_literal(n, text)) {
        return Ok(None);
    }
    let indent = indent_at(text, range.start as usize).to_string();
    let edit = TextEdit { range, new_text: render(value, &indent, f.unit) };
    let mut files = BTreeMap::new();
    files.insert(file.to_string(), vec![edit]);
    Ok(Some(OpEdits { files, note: Some(note) }))
}

/// Occurrences of `var.x` (as a whole reference) in a text, outside comments.
fn count_uses(text: &str, name: &str) -> usize {
    let mut n = 0;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let code = if code.trim_start().starts_with('#') { "" } else { code };
        let mut rest = code;
        while let Some(i) = rest.find(name) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + name.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !word(before) && !word(after) && before != Some('.') {
                n += 1;
            }
            rest = &rest[i + name.len()..];
        }
    }
    n
}

/// Where the value of `var.x` / `local.x` is written: the last tfvars file setting
/// it (Terraform's precedence), else the variable's `default`; a local's definition.
fn definition(
    stack: &Stack,
    name: &str,
    module_texts: &[(&String, &String)],
    texts: &BTreeMap<String, String>,
) -> Option<(String, TextRange)> {
    if let Some(var) = name.strip_prefix("var.") {
        let origins = stack.origins.get(name)?;
        // Origins are in precedence order: the declaration, then tfvars files.
        if let Some(set) = origins.iter().rev().find(|o| o.file.ends_with(".tfvars")) {
            let text = texts.get(&set.file)?;
            let tree = vigil_syntax::hcl::parse(text).tree?;
            let body = named_children(tree.root_node()).into_iter().find(|c| c.kind() == "body")?;
            return attribute_value(body, text, var).map(|r| (set.file.clone(), r));
        }
        let declared = origins.iter().find(|o| o.file.ends_with(".tf"))?;
        let text = texts.get(&declared.file)?;
        let tree = vigil_syntax::hcl::parse(text).tree?;
        let block = tree
            .root_node()
            .named_descendant_for_byte_range(declared.range.start as usize, declared.range.end as usize)?;
        let block = ancestor_of_kind(block, "block")?;
        let body = named_children(block).into_iter().find(|c| c.kind() == "body")?;
        return attribute_value(body, text, "default").map(|r| (declared.file.clone(), r));
    }
    let local = name.strip_prefix("local.")?;
    for (path, text) in module_texts {
        let tree = vigil_syntax::hcl::parse(text).tree?;
        let Some(root_body) = named_children(tree.root_node()).into_iter().find(|c| c.kind() == "body")
        else {
            continue;
        };
        for block in named_children(root_body).into_iter().filter(|b| b.kind() == "block") {
            let is_locals = named_children(block).first().is_some_and(|i| node_text(*i, text) == "locals");
            let Some(body) = named_children(block).into_iter().find(|c| c.kind() == "body") else { continue };
            if is_locals {
                if let Some(r) = attribute_value(body, text, local) {
                    return Some(((*path).clone(), r));
                }
            }
        }
    }
    None
}

fn ancestor_of_kind<'t>(mut node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    loop {
        if node.kind() == kind {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// The expression range of attribute `name` directly in `body`.
fn attribute_value(body: Node<'_>, text: &str, name: &str) -> Option<TextRange> {
    named_children(body).into_iter().filter(|c| c.kind() == "attribute").find_map(|attr| {
        let kids = named_children(attr);
        let ident = kids.iter().find(|c| c.kind() == "identifier")?;
        let expr = kids.iter().find(|c| c.kind() == "expression")?;
        (node_text(*ident, text) == name).then(|| TextRange::from_usize(expr.start_byte(), expr.end_byte()))
    })
}

// --- rendering ---------------------------------------------------------------------------

/// A value as an HCL expression. Objects are written over several lines at `indent`.
fn render(value: &Value, indent: &str, unit: &str) -> String {
    match value {
        Value::String(s) => hcl_string(s),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            format!("[{}]", items.iter().map(|v| render(v, indent, unit)).collect::<Vec<_>>().join(", "))
        }
        Value::Array(items) => {
            let inner = format!("{indent}{unit}");
            let lines: Vec<String> =
                items.iter().map(|v| format!("{inner}{},", render(v, &inner, unit))).collect();
            format!("[\n{}\n{indent}]", lines.join("\n"))
        }
        Value::Object(map) if map.is_empty() => "{}".to_string(),
        Value::Object(map) => {
            let inner = format!("{indent}{unit}");
            let width = map.keys().map(|k| hcl_key(k).len()).max().unwrap_or(0);
            let lines: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{inner}{:<width$} = {}", hcl_key(k), render(v, &inner, unit)))
                .collect();
            format!("{{\n{}\n{indent}}}", lines.join("\n"))
        }
        other => other.to_string(),
    }
}

fn hcl_string(s: &str) -> String {
    let escaped = Value::String(s.to_string()).to_string();
    escaped.replace("${", "$${").replace("%{", "%%{")
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn hcl_key(k: &str) -> String {
    if is_identifier(k) {
        k.to_string()
    } else {
        hcl_string(k)
    }
}

/// A member of a block body: `key = value`, or nested blocks for an object (one
/// block) or a list of objects (one block each) when `shape` is a block.
fn render_member(key: &str, value: &Value, indent: &str, unit: &str, shape: HclShape) -> Vec<String> {
    match (value, shape) {
        (Value::Object(map), HclShape::Block) if is_identifier(key) => {
            let inner = format!("{indent}{unit}");
            let mut lines = vec![format!("{indent}{key} {{")];
            lines.extend(render_body(map, &inner, unit));
            lines.push(format!("{indent}}}"));
            vec![lines.join("\n")]
        }
        (Value::Array(items), HclShape::Block)
            if is_identifier(key) && !items.is_empty() && items.iter().all(Value::is_object) =>
        {
            items.iter().flat_map(|item| render_member(key, item, indent, unit, HclShape::Block)).collect()
        }
        _ => vec![format!("{indent}{} = {}", hcl_key(key), render(value, indent, unit))],
    }
}

/// The lines of a new block body: attributes first (aligned), then nested blocks.
fn render_body(map: &serde_json::Map<String, Value>, indent: &str, unit: &str) -> Vec<String> {
    let is_block = |v: &Value| {
        v.is_object() || (v.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object)))
    };
    let attrs: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !is_block(v)).collect();
    let width = attrs.iter().map(|(k, _)| hcl_key(k).len()).max().unwrap_or(0);
    let mut lines: Vec<String> = attrs
        .iter()
        .map(|(k, v)| format!("{indent}{:<width$} = {}", hcl_key(k), render(v, indent, unit)))
        .collect();
    for (k, v) in map.iter().filter(|(_, v)| is_block(v)) {
        lines.extend(render_member(k, v, indent, unit, HclShape::Block));
    }
    lines
}

// --- adding ----------------------------------------------------------------------------------

/// Adds a missing value: under its deepest existing ancestor, creating the missing
/// parents.
fn add(file: &File<'_>, resource: &Resource, op: &Op, value: &Value) -> Result<Vec<TextEdit>, FixError> {
    let n = op.segments.len();
    // The deepest ancestor that is written in the file ("" is the resource itself).
    let mut depth = n - 1;
    while depth > 0 && !resource.source_map.contains_key(&op.prefix(depth)) {
        depth -= 1;
    }
    let container = if depth == 0 { resource.range } else { resource.source_map[&op.prefix(depth)].value };
    let Some(node) = file.node_exactly(container) else {
        return err(format!("`{}` is not where the model says", op.prefix(depth)));
    };
    let rest = &op.segments[depth..];
    // A missing chain under it: nested blocks (or objects), innermost holding the value.
    let (key, nested) = nest(rest, value, op.hint)?;
    match node.kind() {
        "block" => {
            let shape = if nested.1 { HclShape::Block } else { op.hint.unwrap_or(HclShape::Block) };
            insert_into_block(file, node, &key, &nested.0, shape)
        }
        _ => {
            let Some(collection) = collection_of(node) else {
                return err(format!(
                    "cannot add under `{}`: it is computed, not written as a literal",
                    op.prefix(depth)
                ));
            };
            match collection.kind() {
                "object" => insert_into_object(file, collection, &key, &nested.0),
                "tuple" => insert_into_tuple(file, collection, &key, &nested.0),
                _ => err(format!("cannot add under `{}`", op.prefix(depth))),
            }
        }
    }
}

/// Folds the missing segments into one member: (`first segment`, (value, as block)).
/// `/versioning/enabled` missing entirely → ("versioning", ({"enabled": v}, block)).
fn nest(rest: &[String], value: &Value, hint: Option<HclShape>) -> Result<(String, (Value, bool)), FixError> {
    let Some((first, tail)) = rest.split_first() else { return err("empty path") };
    if tail.is_empty() {
        return Ok((first.clone(), (value.clone(), false)));
    }
    let mut inner = value.clone();
    for seg in tail.iter().rev() {
        // `/ingress/0/...` for a block that does not exist: its first instance.
        if seg == "0" || seg == "-" {
            continue;
        }
        if seg.parse::<usize>().is_ok() {
            return err(format!("cannot create element {seg} of a list that does not exist"));
        }
        let mut map = serde_json::Map::new();
        map.insert(seg.clone(), inner);
        inner = Value::Object(map);
    }
    Ok((first.clone(), (inner, hint != Some(HclShape::Attribute))))
}

fn body_parts(block: Node<'_>) -> Option<(usize, usize, Option<Node<'_>>)> {
    let kids = children(block);
    let open = kids.iter().find(|c| c.kind() == "block_start")?.end_byte();
    let close = kids.iter().rev().find(|c| c.kind() == "block_end")?.start_byte();
    let body = kids.iter().find(|c| c.kind() == "body").copied();
    Some((open, close, body))
}

/// Inserts `key = value` (or a nested block) into a block body.
/// Whether `block` is `dynamic "key" { ... }`.
fn is_dynamic_block_of(block: &Node<'_>, text: &str, key: &str) -> bool {
    let kids = named_children(*block);
    let name = kids.first().map(|n| &text[n.byte_range()]);
    let label = kids.get(1).map(|n| text[n.byte_range()].trim_matches('"'));
    name == Some("dynamic") && label == Some(key)
}

fn insert_into_block(
    file: &File<'_>,
    block: Node<'_>,
    key: &str,
    value: &Value,
    shape: HclShape,
) -> Result<Vec<TextEdit>, FixError> {
    let text = file.text;
    let nl = newline_of(text);
    let Some((open, close, body)) = body_parts(block) else { return err("a block without braces") };
    let block_indent = indent_at(text, block.start_byte()).to_string();
    let members = body.map(named_children).unwrap_or_default();
    // A `dynamic "key"` block writes this block (and made none here): another one
    // beside it would be a second block of a kind Terraform may allow only once.
    if members.iter().any(|m| m.kind() == "block" && is_dynamic_block_of(m, text, key)) {
        return err(format!(
            "`{key}` is written by a `dynamic \"{key}\"` block: change what it iterates over"
        ));
    }
    let one_line = !text[open..close].contains('\n');
    let child_indent = members
        .first()
        .filter(|_| !one_line)
        .map(|m| indent_at(text, m.start_byte()).to_string())
        .unwrap_or_else(|| format!("{block_indent}{}", file.unit));
    let new_lines = render_member(key, value, &child_indent, file.unit, shape);
    let is_block =
        new_lines.first().and_then(|l| l.lines().next()).is_some_and(|l| l.trim_end().ends_with('{'));
    // `name { a = 1 }` or `name {}` on one line: the block is rewritten over lines.
    if one_line {
        let inner = text[open..close].trim();
        let mut lines = Vec::new();
        if !inner.is_empty() {
            lines.push(format!("{child_indent}{inner}"));
        }
        lines.extend(new_lines);
        let joined = lines.join("\n").replace('\n', nl);
        return Ok(vec![TextEdit {
            range: TextRange::from_usize(open, close),
            new_text: format!("{nl}{joined}{nl}{block_indent}"),
        }]);
    }
    let attributes: Vec<Node<'_>> = members.iter().copied().filter(|m| m.kind() == "attribute").collect();
    let (at, mut edits) = match (is_block, attributes.last()) {
        // Attributes go after the last attribute, aligned with its group.
        (false, Some(last)) => {
            let at = line_end_after_newline(text, last.end_byte());
            let group = attribute_group(text, &attributes);
            let (line, realign) = aligned_line(text, &group, key, &new_lines[0], &child_indent);
            let mut lines = new_lines.clone();
            lines[0] = line;
            let joined = lines.join("\n").replace('\n', nl);
            let mut edits = realign;
            edits.push(TextEdit { range: TextRange::empty(at as u32), new_text: format!("{joined}{nl}") });
            return Ok(edits);
        }
        // The first attribute of a body: right after the opening line.
        (false, None) => (line_end_after_newline(text, open), Vec::new()),
        // Blocks go last, before the closing brace's line.
        (true, _) => (line_start(text, close), Vec::new()),
    };
    if !text[line_start(text, close)..close].trim().is_empty() && at == line_start(text, close) {
        return err("the block's closing brace shares its line with other text");
    }
    let joined = new_lines.join("\n").replace('\n', nl);
    edits.push(TextEdit { range: TextRange::empty(at as u32), new_text: format!("{joined}{nl}") });
    Ok(edits)
}

/// The attributes on consecutive lines that end the body's attributes (the group a
/// new last attribute joins, as `terraform fmt` sees it).
fn attribute_group<'t>(text: &str, attributes: &[Node<'t>]) -> Vec<Node<'t>> {
    let mut group: Vec<Node<'t>> = Vec::new();
    for a in attributes.iter().rev() {
        // Only single-line attributes align.
        if text[a.byte_range()].contains('\n') {
            break;
        }
        if let Some(prev) = group.last() {
            let between = &text[a.end_byte()..prev.start_byte()];
            if between.matches('\n').count() > 1 {
                break;
            }
        }
        group.push(*a);
    }
    group.reverse();
    group
}

/// The new attribute line aligned with `group` when its `=` signs are aligned, and
/// the edits that re-align the group when the new key is longer.
fn aligned_line(
    text: &str,
    group: &[Node<'_>],
    key: &str,
    line: &str,
    indent: &str,
) -> (String, Vec<TextEdit>) {
    // The column of each `=`, relative to the key's start.
    let columns: Vec<(usize, usize, usize)> = group
        .iter()
        .filter_map(|a| {
            let s = &text[a.byte_range()];
            let eq = s.find('=')?;
            let key_len = s[..eq].trim_end().len();
            Some((a.start_byte(), key_len, eq))
        })
        .collect();
    // Formatted as `terraform fmt` does: every `=` one space after the longest key.
    let longest = columns.iter().map(|c| c.1).max().unwrap_or(0);
    let aligned = !columns.is_empty() && columns.iter().all(|c| c.2 == longest + 1);
    let key_text = hcl_key(key);
    if !aligned {
        return (line.to_string(), vec![]);
    }
    let Some(&(_, _, eq)) = columns.first() else { return (line.to_string(), vec![]) };
    let rest = line.trim_start().strip_prefix(key_text.as_str()).map(str::trim_start).unwrap_or("");
    if key_text.len() < eq {
        return (format!("{indent}{:<width$} {rest}", key_text, width = eq - 1), vec![]);
    }
    // The new key is longer: every `=` of the group moves to its column.
    let target = key_text.len() + 1;
    let edits = columns
        .iter()
        .map(|&(start, key_len, eq)| TextEdit {
            range: TextRange::from_usize(start + key_len, start + eq),
            new_text: " ".repeat(target - key_len),
        })
        .collect();
    (format!("{indent}{key_text} {rest}"), edits)
}

/// Inserts `key = value` into an object literal.
fn insert_into_object(
    file: &File<'_>,
    object: Node<'_>,
    key: &str,
    value: &Value,
) -> Result<Vec<TextEdit>, FixError> {
    let text = file.text;
    let nl = newline_of(text);
    let elems: Vec<Node<'_>> =
        named_children(object).into_iter().filter(|c| c.kind() == "object_elem").collect();
    let close = object.end_byte() - 1;
    let multiline = text[object.byte_range()].contains('\n');
    if multiline {
        let indent = elems
            .first()
            .map(|e| indent_at(text, e.start_byte()).to_string())
            .unwrap_or_else(|| format!("{}{}", indent_at(text, object.start_byte()), file.unit));
        let at = match elems.last() {
            Some(last) => line_end_after_newline(text, last.end_byte()),
            None => line_start(text, close),
        };
        let comma = elems.last().is_some_and(|l| text[l.end_byte()..].trim_start().starts_with(','));
        let line = format!(
            "{indent}{} = {}{}",
            hcl_key(key),
            render(value, &indent, file.unit),
            if comma { "," } else { "" }
        );
        return Ok(vec![TextEdit {
            range: TextRange::empty(at as u32),
            new_text: format!("{}{nl}", line.replace('\n', nl)),
        }]);
    }
    let member = format!("{} = {}", hcl_key(key), render(value, "", file.unit).replace('\n', " "));
    match elems.last() {
        Some(last) => Ok(vec![TextEdit {
            range: TextRange::empty(last.end_byte() as u32),
            new_text: format!(", {member}"),
        }]),
        None => Ok(vec![TextEdit {
            range: TextRange::from_usize(object.start_byte(), object.end_byte()),
            new_text: format!("{{ {member} }}"),
        }]),
    }
}

/// Inserts an element into a list literal: `-` appends, an index inserts before it.
fn insert_into_tuple(
    file: &File<'_>,
    tuple: Node<'_>,
    key: &str,
    value: &Value,
) -> Result<Vec<TextEdit>, FixError> {
    let text = file.text;
    let elems: Vec<Node<'_>> =
        named_children(tuple).into_iter().filter(|c| c.kind() == "expression").collect();
    let index = if key == "-" {
        elems.len()
    } else {
        match key.parse::<usize>() {
            Ok(i) if i <= elems.len() => i,
            _ => return err(format!("no element {key} in the list")),
        }
    };
    let rendered = render(value, indent_at(text, tuple.start_byte()), file.unit);
    if let Some(before) = elems.get(index) {
        let multiline = text[tuple.byte_range()].contains('\n');
        let sep = if multiline {
            format!(",{}{}", newline_of(text), indent_at(text, before.start_byte()))
        } else {
            ", ".to_string()
        };
        return Ok(vec![TextEdit {
            range: TextRange::empty(before.start_byte() as u32),
            new_text: format!("{rendered}{sep}"),
        }]);
    }
    match elems.last() {
        Some(last) if text[tuple.byte_range()].contains('\n') => {
            let at = line_end_after_newline(text, last.end_byte());
            let indent = indent_at(text, last.start_byte());
            let trailing = text[last.end_byte()..].trim_start().starts_with(',');
            let mut edits = Vec::new();
            if !trailing {
                edits
                    .push(TextEdit { range: TextRange::empty(last.end_byte() as u32), new_text: ",".into() });
            }
            edits.push(TextEdit {
                range: TextRange::empty(at as u32),
                new_text: format!("{indent}{rendered},{}", newline_of(text)),
            });
            Ok(edits)
        }
        Some(last) => Ok(vec![TextEdit {
            range: TextRange::empty(last.end_byte() as u32),
            new_text: format!(", {rendered}"),
        }]),
        None => Ok(vec![TextEdit {
            range: TextRange::from_usize(tuple.start_byte(), tuple.end_byte()),
            new_text: format!("[{rendered}]"),
        }]),
    }
}

/// Replaces a whole nested block by the object `value`: same header, new body.
fn replace_block(file: &File<'_>, block: Node<'_>, value: &Value, op: &Op) -> Result<TextEdit, FixError> {
    let Value::Object(map) = value else {
        return err(format!("`{}` is a block; it can only be replaced by an object", op.pointer));
    };
    let Some((open, close, _)) = body_parts(block) else { return err("a block without braces") };
    let indent = indent_at(file.text, block.start_byte()).to_string();
    let inner = format!("{indent}{}", file.unit);
    let nl = newline_of(file.text);
    let body = render_body(map, &inner, file.unit).join("\n").replace('\n', nl);
    let new_text = if body.is_empty() { String::new() } else { format!("{nl}{body}{nl}{indent}") };
    Ok(TextEdit { range: TextRange::from_usize(open, close), new_text })
}

// --- removing ----------------------------------------------------------------------------------

fn remove(file: &File<'_>, resource: &Resource, op: &Op) -> Result<Vec<TextEdit>, FixError> {
    // A repeated block type (`/ingress` with several `ingress` blocks): every instance.
    let spans: Vec<TextRange> = match resource.source_map.get(&op.pointer) {
        Some(span) => vec![span.key.map_or(span.value, |k| k.cover(span.value))],
        None => {
            let prefix = format!("{}/", op.pointer);
            resource
                .source_map
                .iter()
                .filter(|(p, _)| {
                    p.strip_prefix(&prefix)
                        .is_some_and(|rest| !rest.contains('/') && rest.parse::<usize>().is_ok())
                })
                .map(|(_, s)| s.key.map_or(s.value, |k| k.cover(s.value)))
                .collect()
        }
    };
    let mut edits = Vec::new();
    for span in spans {
        edits.push(remove_span(file, span)?);
    }
    Ok(edits)
}

fn remove_span(file: &File<'_>, span: TextRange) -> Result<TextEdit, FixError> {
    let text = file.text;
    let (start, end) = (span.start as usize, span.end as usize);
    // An element of a list or object literal.
    let node = file.tree.root_node().named_descendant_for_byte_range(start, end);
    let in_collection = node
        .and_then(|n| {
            let mut p = n.parent();
            while let Some(x) = p {
                if x.start_byte() < start || x.end_byte() > end {
                    return Some(x);
                }
                p = x.parent();
            }
            None
        })
        .is_some_and(|p| matches!(p.kind(), "tuple" | "object"));
    let alone_before = text[line_start(text, start)..start].trim().is_empty();
    let line_end = line_end_after_newline(text, end);
    let after = text[end..line_end].trim();
    let alone_after = after.is_empty() || after == "," || after.starts_with('#') || after.starts_with("//");
    if alone_before && alone_after {
        // Whole lines, with the comment lines directly above.
        let mut from = line_start(text, start);
        while from > 0 {
            let prev = line_start(text, from - 1);
            let line = text[prev..from].trim();
            if line.starts_with('#') || line.starts_with("//") {
                from = prev;
            } else {
                break;
            }
        }
        return Ok(TextEdit { range: TextRange::from_usize(from, line_end), new_text: String::new() });
    }
    if in_collection {
        // `[a, b, c]`: the element with the comma after it, or before it when last.
        let rest = &text[end..];
        let trimmed = rest.trim_start();
        if let Some(after_comma) = trimmed.strip_prefix(',') {
            let skip = rest.len() - after_comma.trim_start().len();
            return Ok(TextEdit { range: TextRange::from_usize(start, end + skip), new_text: String::new() });
        }
        let before = text[..start].trim_end();
        if before.ends_with(',') {
            return Ok(TextEdit {
                range: TextRange::from_usize(before.len() - 1, end),
                new_text: String::new(),
            });
        }
        return Ok(TextEdit { range: TextRange::from_usize(start, end), new_text: String::new() });
    }
    err("cannot remove a value that shares its line with others")
}
