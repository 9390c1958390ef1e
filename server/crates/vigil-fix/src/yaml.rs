//! YAML (Kubernetes manifests, CloudFormation templates): edits for one operation.
//!
//! The operation is resolved on the parsed tree by [`crate::json::patch`] (the same
//! JSON Patch walk as for JSON); this module writes the result as YAML the way the
//! file writes it: block mappings and sequences at the file's indentation step, with
//! sequences under a key indented or not as the file does, flow collections
//! (`{a: 1}`) extended in flow style, scalars in their previous quoting, the file's
//! line endings. Comments, anchors and the other documents of the file are left as
//! they are; a removed key takes the comment lines directly above it along.

use serde_json::Value;
use vigil_model::{Resource, SourceKind};
use vigil_syntax::{SNode, SValue, TextRange};

use crate::json::patch::{self, Action, Slot, Step};
use crate::{FixError, Op, TextEdit};

/// The edits of `op` on `resource` in `text` (the resource's file).
pub(crate) fn edit(resource: &Resource, op: &Op, text: &str) -> Result<Vec<TextEdit>, FixError> {
    let parsed = vigil_syntax::yaml::parse(text);
    if let Some(e) = parsed.errors.first() {
        return crate::err(format!("{} does not parse ({}); fix the syntax first", resource.file, e.message));
    }
    let cfn = resource.source == SourceKind::CloudFormation;
    let pulumi = resource.source == SourceKind::Pulumi;
    let roots: Vec<&SNode> = parsed.documents.iter().filter_map(|d| d.root.as_ref()).collect();
    let (document, values_root, segments) = if pulumi {
        // A Pulumi YAML program: the values are `resources.<name>.properties`.
        let document = roots.first().copied();
        let entry = document.and_then(|d| d.get("resources")).and_then(|r| r.entry(&resource.name));
        let (Some(document), Some(entry)) = (document, entry) else {
            return crate::err(format!("resource {} is no longer in {}", resource.name, resource.file));
        };
        (document, &entry.value, patch::with_leading("properties", op))
    } else if cfn {
        let document = roots.first().copied();
        let entry = document.and_then(|d| d.get("Resources")).and_then(|r| r.entry(&resource.address));
        let (Some(document), Some(entry)) = (document, entry) else {
            return crate::err(format!("resource {} is no longer in {}", resource.address, resource.file));
        };
        (document, &entry.value, patch::with_properties(op))
    } else {
        let Some(document) = roots.iter().copied().find(|r| r.range.contains_range(resource.range)) else {
            return crate::err(format!("resource {} is no longer in {}", resource.address, resource.file));
        };
        (document, document, op.segments.clone())
    };
    let action = patch::resolve(values_root, &segments, op, text, cfn || pulumi)?;
    let writer = Writer::new(text, document, &roots);
    writer.write(action)
}

/// Rewrites the scalar written at `range` of a YAML file: a value a resource reads
/// from elsewhere (a Pulumi stack's config), in that scalar's quoting style.
pub(crate) fn replace_written(
    text: &str,
    range: TextRange,
    value: &Value,
) -> Result<Vec<TextEdit>, FixError> {
    if value.is_object() || value.is_array() {
        return crate::err("only a scalar can replace a value written elsewhere");
    }
    let parsed = vigil_syntax::yaml::parse(text);
    let roots: Vec<&SNode> = parsed.documents.iter().filter_map(|d| d.root.as_ref()).collect();
    let Some(document) = roots.iter().copied().find(|r| r.range.contains_range(range)) else {
        return crate::err("the value is no longer where it was written");
    };
    let writer = Writer::new(text, document, &roots);
    let previous = text.get(range.as_usize()).unwrap_or("");
    Ok(vec![text_edit(range, writer.inline(value, Some(previous)))])
}

/// How the file writes YAML, read from the file itself.
struct Writer<'t> {
    text: &'t str,
    nl: &'static str,
    /// Columns between a key and the keys of the mapping under it.
    step: usize,
    /// Columns between a key and the `-` of a sequence under it: 0 when the file
    /// writes `key:\n- item`.
    seq_offset: usize,
}

impl<'t> Writer<'t> {
    /// The style of the resource's document, or else of the file's other documents.
    fn new(text: &'t str, document: &SNode, roots: &[&SNode]) -> Self {
        let mut style = Style::default();
        detect_style(document, text, &mut style);
        for root in roots {
            detect_style(root, text, &mut style);
        }
        let step = style.step.unwrap_or(2);
        Writer { text, nl: crate::newline_of(text), step, seq_offset: style.seq_offset.unwrap_or(step) }
    }

    fn write(&self, action: Action<'_>) -> Result<Vec<TextEdit>, FixError> {
        match action {
            Action::Nothing => Ok(vec![]),
            Action::Replace { path, value } => self.replace(&path, &value),
            // An empty `{}` or `[]` in a block collection (`securityContext: {}`) is a
            // placeholder: filled, it is written as a block.
            Action::InsertEntry { path, key, value } if self.is_empty_placeholder(&path) => {
                self.replace(&path, &Value::Object(serde_json::Map::from_iter([(key, value)])))
            }
            Action::InsertItem { path, value, .. } if self.is_empty_placeholder(&path) => {
                self.replace(&path, &Value::Array(vec![value]))
            }
            Action::InsertEntry { path, key, value } => self.insert_entry(last(&path)?.node, &key, &value),
            Action::InsertItem { path, before, value } => self.insert_item(last(&path)?.node, before, &value),
            Action::Remove { path } => self.remove(&path),
        }
    }

    // --- Replacing a value ----------------------------------------------------------

    fn replace(&self, path: &[Step<'_>], value: &Value) -> Result<Vec<TextEdit>, FixError> {
        let (target, parent) = target_and_parent(path)?;
        let node = target.node;
        if self.is_flow(parent) {
            return Ok(vec![text_edit(node.range, self.flow(value, Some(self.slice(node.range))))]);
        }
        let block = is_filled_collection(value);
        match target.slot {
            Some(Slot::Entry(k)) => {
                let Some(entry) = parent.entries().get(k) else {
                    return crate::err("internal: a mapping entry out of range");
                };
                let key_col = self.col(entry.key_range.start as usize);
                let key_line_end = self.line_content_end(entry.key_range.end as usize);
                let on_key_line = (node.range.start as usize) < key_line_end
                    || (node.range.is_empty() && node.range.start as usize <= key_line_end);
                // After the colon and any anchor (`key: &base`), which stays.
                let after_colon = self.after_colon(entry.key_range.end as usize, key_line_end);
                let prefix_is_blank = self.between(after_colon, node.range.start as usize).trim().is_empty();
                if !block && on_key_line && !node.range.is_empty() && prefix_is_blank {
                    // `key: old # comment` → `key: new # comment`.
                    let previous = self.slice(node.range);
                    return Ok(vec![text_edit(node.range, self.inline(value, Some(previous)))]);
                }
                // The old value goes from after the colon to its last line; a comment
                // on the key line, or after a one-line value, stays on the key line.
                let mut end = self.content_end(node);
                let mut comment = None;
                if on_key_line {
                    let line_end = self.line_content_end(end);
                    let rest = self.between(end, line_end).trim();
                    if rest.starts_with('#') && !self.between(after_colon, end).contains('\n') {
                        comment = Some(rest);
                        end = line_end;
                    }
                } else {
                    let rest = self.between(after_colon, key_line_end).trim();
                    comment = rest.starts_with('#').then_some(rest);
                }
                let comment = comment.map(|c| format!(" {c}")).unwrap_or_default();
                let new_text = if block {
                    format!("{comment}{}", self.after_key(value, key_col))
                } else {
                    format!(" {}{comment}", self.inline(value, None))
                };
                Ok(vec![text_edit(TextRange::from_usize(after_colon, end), new_text)])
            }
            Some(Slot::Item(_)) => {
                let dash = self.dash_before(node)?;
                let content_col = if self.is_bare_dash(node) {
                    self.col(dash) + 2
                } else {
                    self.col(node.range.start as usize)
                };
                let new_text = self.after_dash_at(value, content_col);
                if self.is_bare_dash(node) {
                    // `-` alone (a null item): the value goes after the dash.
                    return Ok(vec![text_edit(TextRange::empty(node.range.end), new_text)]);
                }
                let previous = self.slice(node.range);
                let new_text = if block {
                    new_text.trim_start().to_string()
                } else {
                    self.inline(value, Some(previous))
                };
                Ok(vec![text_edit(
                    TextRange::from_usize(node.range.start as usize, self.content_end(node)),
                    new_text,
                )])
            }
            None => crate::err("internal: the resource's values cannot be replaced whole"),
        }
    }

    // --- Adding -----------------------------------------------------------------------

    fn insert_entry(&self, map: &SNode, key: &str, value: &Value) -> Result<Vec<TextEdit>, FixError> {
        let entries: Vec<_> = own_entries(map).collect();
        if self.is_flow(map) {
            let entry = format!("{}: {}", self.key(key, true), self.flow(value, None));
            return Ok(vec![match entries.last() {
                Some(last) => text_edit(TextRange::empty(last.range.end), format!(", {entry}")),
                None => self.fill_empty_flow(map, entry),
            }]);
        }
        let Some(first) = entries.first() else {
            return crate::err("cannot add to a mapping that has only merge keys (`<<: *name`)");
        };
        let col = self.col(first.key_range.start as usize);
        let line = format!("{}{}:{}", " ".repeat(col), self.key(key, false), self.after_key(value, col));
        Ok(vec![self.insert_line_after(self.content_end(map), &line)])
    }

    fn insert_item(
        &self,
        seq: &SNode,
        before: Option<usize>,
        value: &Value,
    ) -> Result<Vec<TextEdit>, FixError> {
        let SValue::Seq(items) = &seq.value else {
            return crate::err("internal: items inserted into a value that is not a list");
        };
        if self.is_flow(seq) {
            let item = self.flow(value, None);
            return Ok(vec![match (before.and_then(|k| items.get(k)), items.last()) {
                (Some(next), _) => text_edit(TextRange::empty(next.range.start), format!("{item}, ")),
                (None, Some(last)) => text_edit(TextRange::empty(last.range.end), format!(", {item}")),
                (None, None) => self.fill_empty_flow(seq, item),
            }]);
        }
        let Some(first) = items.first() else {
            return crate::err("internal: an empty block sequence");
        };
        let dash_col = self.col(self.dash_before(first)?);
        let item = format!("{}-{}", " ".repeat(dash_col), self.after_dash(value, dash_col));
        match before.and_then(|k| items.get(k)) {
            None => Ok(vec![self.insert_line_after(self.content_end(seq), &item)]),
            Some(next) => {
                let dash = self.dash_before(next)?;
                if self.starts_line(dash) {
                    // Before the item and the comment lines that belong to it.
                    let at = self.comments_above(crate::line_start(self.text, dash), dash_col);
                    Ok(vec![text_edit(TextRange::empty(at as u32), format!("{item}{}", self.nl))])
                } else {
                    // `- - a`: the new item takes the dash's place on the line.
                    let rest = item.trim_start();
                    Ok(vec![text_edit(
                        TextRange::empty(dash as u32),
                        format!("{rest}{}{}", self.nl, " ".repeat(dash_col)),
                    )])
                }
            }
        }
    }

    fn fill_empty_flow(&self, collection: &SNode, content: String) -> TextEdit {
        let inner = TextRange::new(collection.range.start + 1, collection.range.end.saturating_sub(1));
        text_edit(inner, content)
    }

    // --- Removing ---------------------------------------------------------------------

    fn remove(&self, path: &[Step<'_>]) -> Result<Vec<TextEdit>, FixError> {
        let (target, parent) = target_and_parent(path)?;
        let (siblings, index, start): (Vec<TextRange>, usize, usize) = match (&parent.value, target.slot) {
            (SValue::Map(_), Some(Slot::Entry(k))) => {
                let own: Vec<_> = own_entries(parent).collect();
                let Some(index) =
                    parent.entries().get(k).and_then(|t| own.iter().position(|e| std::ptr::eq(*e, t)))
                else {
                    return crate::err("internal: the entry to remove is not in its mapping");
                };
                let entry = own[index];
                let ranges =
                    own.iter().map(|e| TextRange::new(e.key_range.start, self.content_end(&e.value) as u32));
                (ranges.collect(), index, entry.key_range.start as usize)
            }
            (SValue::Seq(items), Some(Slot::Item(k))) => {
                let mut ranges = Vec::new();
                for item in items {
                    let start = if self.is_flow(parent) {
                        item.range.start as usize
                    } else {
                        self.dash_before(item)?
                    };
                    ranges.push(TextRange::from_usize(start, self.content_end(item)));
                }
                let start = ranges.get(k).map_or(0, |r| r.start as usize);
                (ranges, k, start)
            }
            _ => return crate::err("internal: the value to remove has no place in its parent"),
        };
        // A merge key (`<<: *base`) is not among the entries but keeps the mapping
        // from being empty.
        let merges = matches!(parent.value, SValue::Map(_))
            && self.slice(parent.range).lines().any(|l| l.trim_start_matches([' ', '-']).starts_with("<<:"));
        if self.is_flow(parent) {
            let range = if siblings.len() <= 1 {
                siblings.get(index).copied().unwrap_or(target.node.range)
            } else if index + 1 < siblings.len() {
                TextRange::new(siblings[index].start, siblings[index + 1].start)
            } else {
                TextRange::new(siblings[index - 1].end, siblings[index].end)
            };
            return Ok(vec![text_edit(range, String::new())]);
        }
        if siblings.len() <= 1 && !merges {
            // The only key or item: the parent becomes `{}` or `[]`.
            let empty = if matches!(parent.value, SValue::Seq(_)) {
                Value::Array(vec![])
            } else {
                Value::Object(Default::default())
            };
            return self.replace(&path[..path.len() - 1], &empty);
        }
        let end = siblings[index].end as usize;
        if self.starts_line(start) {
            // Whole lines: the comments above it, the key or item, what is under it.
            let from = self.comments_above(crate::line_start(self.text, start), self.col(start));
            let to = self.line_after(end);
            return Ok(vec![text_edit(TextRange::from_usize(from, to), String::new())]);
        }
        // `- name: a` (the first key on an item's line) or `- - a`: the next key or
        // item moves up into its place.
        match siblings.get(index + 1) {
            Some(next) => Ok(vec![text_edit(TextRange::new(start as u32, next.start), String::new())]),
            None => crate::err("cannot remove the last entry written on the line of its list item"),
        }
    }

    // --- Rendering --------------------------------------------------------------------

    /// What follows `key:` for `value`, the key being at column `key_col`: ` scalar`,
    /// or a block mapping or sequence on the lines below.
    fn after_key(&self, value: &Value, key_col: usize) -> String {
        match value {
            Value::Object(map) if !map.is_empty() => {
                format!("{}{}", self.nl, self.block_map(map, key_col + self.step))
            }
            Value::Array(items) if !items.is_empty() => {
                format!("{}{}", self.nl, self.block_seq(items, key_col + self.seq_offset))
            }
            other => format!(" {}", self.inline(other, None)),
        }
    }

    /// What follows the `-` at column `dash_col` for `value`.
    fn after_dash(&self, value: &Value, dash_col: usize) -> String {
        self.after_dash_at(value, dash_col + 2)
    }

    /// What follows a `-` for `value`, whose content starts at `content_col`: ` a: 1`
    /// and the other keys below at that column.
    fn after_dash_at(&self, value: &Value, content_col: usize) -> String {
        let block = match value {
            Value::Object(map) if !map.is_empty() => self.block_map(map, content_col),
            Value::Array(items) if !items.is_empty() => self.block_seq(items, content_col),
            other => return format!(" {}", self.inline(other, None)),
        };
        format!(" {}", &block[content_col.min(block.len())..])
    }

    /// The entries of a block mapping at column `col`, one per line (no newline after
    /// the last).
    fn block_map(&self, map: &serde_json::Map<String, Value>, col: usize) -> String {
        let lines: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{}{}:{}", " ".repeat(col), self.key(k, false), self.after_key(v, col)))
            .collect();
        lines.join(self.nl)
    }

    /// The items of a block sequence with their `-` at column `col`.
    fn block_seq(&self, items: &[Value], col: usize) -> String {
        let lines: Vec<String> =
            items.iter().map(|v| format!("{}-{}", " ".repeat(col), self.after_dash(v, col))).collect();
        lines.join(self.nl)
    }

    /// A value on one line in block context: a scalar (quoted as `previous` was, when
    /// it replaces one), `{}` or `[]`.
    fn inline(&self, value: &Value, previous: Option<&str>) -> String {
        match value {
            Value::String(s) => scalar_string(s, previous, false),
            Value::Object(_) | Value::Array(_) => self.flow(value, None),
            other => other.to_string(),
        }
    }

    /// A value in flow style: `{a: 1, b: [x, y]}`.
    fn flow(&self, value: &Value, previous: Option<&str>) -> String {
        match value {
            Value::String(s) => scalar_string(s, previous, true),
            Value::Object(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", self.key(k, true), self.flow(v, None)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.flow(v, None)).collect();
                format!("[{}]", items.join(", "))
            }
            other => other.to_string(),
        }
    }

    /// A mapping key, quoted when it must be.
    fn key(&self, key: &str, flow: bool) -> String {
        if plain_ok(key, flow) && !key.contains([':', '#']) {
            key.to_string()
        } else {
            Value::String(key.to_string()).to_string()
        }
    }

    // --- Positions --------------------------------------------------------------------

    /// Inserts `line` on its own line after the line where `content_end` is.
    fn insert_line_after(&self, content_end: usize, line: &str) -> TextEdit {
        let at = self.line_after(content_end);
        if at == self.text.len() && !self.text.ends_with('\n') {
            // The file ends without a newline: it still does.
            text_edit(TextRange::empty(at as u32), format!("{}{line}", self.nl))
        } else {
            text_edit(TextRange::empty(at as u32), format!("{line}{}", self.nl))
        }
    }

    /// The start of the line after the one `at` ends (the comment after it included).
    fn line_after(&self, at: usize) -> usize {
        if at > 0 && self.text[..at].ends_with('\n') {
            at
        } else {
            crate::line_end_after_newline(self.text, at)
        }
    }

    /// The end of the line holding `at`, before its newline.
    fn line_content_end(&self, at: usize) -> usize {
        let end = self.text[at..].find('\n').map_or(self.text.len(), |i| at + i);
        if end > at && self.text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        }
    }

    /// After the `:` that follows a key ending at `key_end`, and after an anchor
    /// (`&name`) written after it.
    fn after_colon(&self, key_end: usize, line_end: usize) -> usize {
        let line = self.between(key_end, line_end);
        let Some(colon) = line.find(':') else { return key_end };
        let mut at = key_end + colon + 1;
        let rest = self.between(at, line_end);
        let trimmed = rest.trim_start();
        if trimmed.starts_with('&') {
            let anchor_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            at += rest.len() - trimmed.len() + anchor_len;
        }
        at
    }

    /// Where a value's own text ends: the trailing comments and blank lines that the
    /// parser counts into a block collection are not part of it.
    fn content_end(&self, node: &SNode) -> usize {
        if self.is_flow(node) || patch::is_alias(node, self.text) {
            return node.range.end as usize;
        }
        match &node.value {
            SValue::Map(_) => own_entries(node)
                .map(|e| self.content_end(&e.value).max(e.key_range.end as usize))
                .max()
                .unwrap_or(node.range.end as usize),
            SValue::Seq(items) => {
                items.iter().map(|i| self.content_end(i)).max().unwrap_or(node.range.end as usize)
            }
            SValue::Tagged(_, inner) => self.content_end(inner).max(node.range.start as usize + 1),
            _ => node.range.end as usize,
        }
    }

    /// The `-` of a block sequence item.
    fn dash_before(&self, item: &SNode) -> Result<usize, FixError> {
        let start = item.range.start as usize;
        if self.is_bare_dash(item) {
            return Ok(start);
        }
        let line_start = crate::line_start(self.text, start);
        let line = &self.text[line_start..start];
        if line.trim_end().ends_with('-') {
            return Ok(line_start + line.trim_end().len() - 1);
        }
        // `- &anchor value`: the last `- ` on the item's line.
        if let Some(i) = line.rfind("- ") {
            return Ok(line_start + i);
        }
        // `- # comment` with the value on the lines below.
        let mut end = line_start;
        while end > 0 {
            let start = crate::line_start(self.text, end - 1);
            let content = strip_comment(&self.text[start..end]).trim_end();
            if content.ends_with('-') {
                return Ok(start + content.len() - 1);
            }
            if !content.trim().is_empty() {
                break;
            }
            end = start;
        }
        crate::err("cannot find the `-` of a list item")
    }

    /// The start of the comment lines directly above `line_start` written at column
    /// `col` (they belong to what follows them), or `line_start`.
    fn comments_above(&self, line_start: usize, col: usize) -> usize {
        let mut at = line_start;
        while at > 0 {
            let previous = crate::line_start(self.text, at - 1);
            let line = self.text[previous..at].trim_end();
            let content = line.trim_start_matches(' ');
            if !content.starts_with('#') || line.len() - content.len() != col {
                break;
            }
            at = previous;
        }
        at
    }

    /// Is `at` the first non-blank of its line?
    fn starts_line(&self, at: usize) -> bool {
        self.text[crate::line_start(self.text, at)..at].trim().is_empty()
    }

    /// The column of `at` (characters from its line's start).
    fn col(&self, at: usize) -> usize {
        self.text[crate::line_start(self.text, at)..at].chars().count()
    }

    /// Does `path` end at an empty flow collection inside a block collection?
    fn is_empty_placeholder(&self, path: &[Step<'_>]) -> bool {
        let [.., parent, target] = path else { return false };
        let empty = match &target.node.value {
            SValue::Map(entries) => entries.is_empty(),
            SValue::Seq(items) => items.is_empty(),
            _ => false,
        };
        empty && self.is_flow(target.node) && !self.is_flow(parent.node)
    }

    /// A null item written as `-` alone (the parser gives it the dash's range).
    fn is_bare_dash(&self, node: &SNode) -> bool {
        matches!(node.value, SValue::Null) && self.slice(node.range) == "-"
    }

    fn is_flow(&self, node: &SNode) -> bool {
        matches!(node.value, SValue::Map(_) | SValue::Seq(_))
            && self.slice(node.range).starts_with(['{', '['])
    }

    fn slice(&self, range: TextRange) -> &'t str {
        self.text.get(range.as_usize()).unwrap_or("")
    }

    fn between(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }
}

/// The entries written in the mapping itself (not brought in by a merge key).
fn own_entries(map: &SNode) -> impl Iterator<Item = &vigil_syntax::SEntry> {
    map.entries().iter().filter(move |e| map.range.contains_range(e.range))
}

fn target_and_parent<'p, 'a>(path: &'p [Step<'a>]) -> Result<(&'p Step<'a>, &'a SNode), FixError> {
    match path {
        [.., parent, target] => Ok((target, parent.node)),
        _ => crate::err("internal: the resource's values cannot be edited whole"),
    }
}

fn last<'p, 'a>(path: &'p [Step<'a>]) -> Result<&'p Step<'a>, FixError> {
    path.last().map_or_else(|| crate::err("internal: an empty path"), Ok)
}

fn text_edit(range: TextRange, new_text: String) -> TextEdit {
    TextEdit { range, new_text }
}

/// A line without its comment (` # ...` or a line that is only a comment). Only
/// used on lines that hold no quoted scalar (the lines between a `-` and its item).
fn strip_comment(line: &str) -> &str {
    let content = line.trim_start();
    if content.starts_with('#') {
        return "";
    }
    line.find(" #").map_or(line, |i| &line[..i])
}

fn is_filled_collection(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

#[derive(Default)]
struct Style {
    step: Option<usize>,
    seq_offset: Option<usize>,
}

/// The indentation step and sequence style of the first nested block collections.
fn detect_style(node: &SNode, text: &str, style: &mut Style) {
    if style.step.is_some() && style.seq_offset.is_some() {
        return;
    }
    let col = |at: u32| text[crate::line_start(text, at as usize)..at as usize].chars().count();
    let block = |n: &SNode| !text.get(n.range.as_usize()).unwrap_or("").starts_with(['{', '[', '*']);
    match &node.value {
        SValue::Map(_) => {
            for e in own_entries(node) {
                let key_col = col(e.key_range.start);
                match &e.value.value {
                    SValue::Map(_) if block(&e.value) && style.step.is_none() => {
                        if let Some(child) = own_entries(&e.value).next() {
                            let child_col = col(child.key_range.start);
                            style.step = (child_col > key_col).then(|| child_col - key_col);
                        }
                    }
                    SValue::Seq(items) if block(&e.value) && style.seq_offset.is_none() => {
                        let dash = col(e.value.range.start);
                        if !items.is_empty() && dash >= key_col {
                            style.seq_offset = Some(dash - key_col);
                        }
                    }
                    _ => {}
                }
                detect_style(&e.value, text, style);
            }
        }
        SValue::Seq(items) => items.iter().for_each(|i| detect_style(i, text, style)),
        SValue::Tagged(_, inner) => detect_style(inner, text, style),
        _ => {}
    }
}

/// A string scalar, quoted as `previous` was (double, single, or plain when that
/// reads back as the same string), else plain when it can be, else double-quoted.
fn scalar_string(s: &str, previous: Option<&str>, flow: bool) -> String {
    let previous = previous.unwrap_or("").trim_start();
    let single_ok = !s.chars().any(char::is_control);
    if previous.starts_with('"') {
        Value::String(s.to_string()).to_string()
    } else if previous.starts_with('\'') && single_ok {
        format!("'{}'", s.replace('\'', "''"))
    } else if plain_ok(s, flow) {
        s.to_string()
    } else {
        Value::String(s.to_string()).to_string()
    }
}

/// Can `s` be written as a plain scalar and read back as the same string (not a
/// boolean, a number, null or a date, in YAML 1.2 nor 1.1)?
fn plain_ok(s: &str, flow: bool) -> bool {
    const SPECIAL: [&str; 11] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", ""];
    if SPECIAL.contains(&s.to_ascii_lowercase().as_str())
        || s.trim() != s
        || s.chars().any(char::is_control)
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || (flow && s.contains([',', '[', ']', '{', '}']))
    {
        return false;
    }
    let mut chars = s.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next();
    let indicator_ok = match first {
        // `-x`, `?x`, `:x` are plain; `- x` is not.
        '-' | '?' | ':' => second.is_some_and(|c| !(c.is_whitespace() || flow && ",[]{}".contains(c))),
        c => !"!&*[]{}|>'\"%@`#,".contains(c),
    };
    if !indicator_ok {
        return false;
    }
    // Numbers, dates and times in any YAML version.
    let numeric_like = s.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c))
        && s.contains(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_hexdigit() || "xXoO_.:+-".contains(c));
    if numeric_like || s.parse::<f64>().is_ok() || s.starts_with('.') && s[1..].eq_ignore_ascii_case("inf") {
        return false;
    }
    // Whatever else the parser would read differently.
    let parsed = vigil_syntax::yaml::parse(&format!("k: {s}\n"));
    parsed.errors.is_empty()
        && parsed
            .documents
            .first()
            .and_then(|d| d.root.as_ref())
            .and_then(|r| r.get("k"))
            .and_then(SNode::as_str)
            == Some(s)
}
