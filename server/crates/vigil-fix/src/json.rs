//! JSON (CloudFormation templates, manifests written as JSON): edits for one operation.
//!
//! The operation is first resolved on the parsed tree ([`patch::resolve`], shared with
//! the YAML module: both syntaxes give [`SNode`] trees) into one of a few actions
//! (replace a value, insert a member, insert an item, remove one); this module then
//! writes that action as text: commas where they belong, members on their own lines
//! at the file's indentation (two spaces, four, tabs) when the object is written over
//! several lines, inline (`,"k":v`) when it is written on one.

use serde_json::Value;
use vigil_model::{Resource, SourceKind};
use vigil_syntax::{SNode, SValue, TextRange};

use crate::{FixError, Op, TextEdit};
use patch::{Action, Slot, Step};

/// The edits of `op` on `resource` in `text` (the resource's file).
pub(crate) fn edit(resource: &Resource, op: &Op, text: &str) -> Result<Vec<TextEdit>, FixError> {
    let parsed = vigil_syntax::json::parse(text);
    if let Some(e) = parsed.errors.first() {
        return crate::err(format!("{} does not parse ({}); fix the syntax first", resource.file, e.message));
    }
    let Some(root) = parsed.root.as_ref() else {
        return crate::err(format!("{} holds no JSON value", resource.file));
    };
    let cfn = resource.source == SourceKind::CloudFormation;
    let (values_root, segments) = if cfn {
        let Some(entry) = root.get("Resources").and_then(|r| r.entry(&resource.address)) else {
            return crate::err(format!("resource {} is no longer in {}", resource.address, resource.file));
        };
        (&entry.value, patch::with_properties(op))
    } else {
        (root, op.segments.clone())
    };
    let action = patch::resolve(values_root, &segments, op, text, cfn)?;
    let writer = Writer::new(text, root);
    writer.write(action)
}

/// How the file writes JSON, read from the file itself.
struct Writer<'t> {
    text: &'t str,
    nl: &'static str,
    /// One level of indentation: two spaces, four, a tab.
    unit: String,
    /// Written over several lines (else minified on one line).
    pretty: bool,
    /// Between a key and its value: `": "` or `":"`.
    colon: &'static str,
    /// Between members or items on one line: `", "` or `","`.
    comma: &'static str,
}

impl<'t> Writer<'t> {
    fn new(text: &'t str, root: &SNode) -> Self {
        let pretty = text.get(root.range.as_usize()).is_some_and(|t| t.contains('\n'));
        let unit = text
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .find_map(|l| {
                let content = l.trim_start_matches([' ', '\t']);
                let indent = &l[..l.len() - content.len()];
                (!indent.is_empty() && !content.is_empty()).then(|| {
                    if indent.starts_with('\t') {
                        "\t".to_string()
                    } else {
                        indent.to_string()
                    }
                })
            })
            .unwrap_or_else(|| "  ".to_string());
        let (mut colon, mut comma) = (None, None);
        separators(root, text, &mut colon, &mut comma);
        Writer {
            text,
            nl: crate::newline_of(text),
            unit,
            pretty,
            colon: colon.unwrap_or(if pretty { ": " } else { ":" }),
            comma: comma.unwrap_or(if pretty { ", " } else { "," }),
        }
    }

    fn write(&self, action: Action<'_>) -> Result<Vec<TextEdit>, FixError> {
        match action {
            Action::Nothing => Ok(vec![]),
            Action::Replace { path, value } => {
                let target = last(&path)?;
                // A value keeps its shape: an object written over several lines
                // stays so, one on one line too; a scalar that becomes an object
                // follows its neighbours.
                let old = target.node;
                let multiline = match (&old.value, path.len().checked_sub(2).and_then(|i| path.get(i))) {
                    (SValue::Map(_) | SValue::Seq(_), _) => self.slice(old.range).contains('\n'),
                    (_, Some(parent)) => {
                        self.slice(parent.node.range).contains('\n') && self.like_neighbours(parent.node)
                    }
                    (_, None) => self.pretty,
                };
                let indent = crate::indent_at(self.text, old.range.start as usize);
                Ok(vec![text_edit(old.range, self.render(&value, indent, multiline))])
            }
            Action::InsertEntry { path, key, value } => {
                let object = last(&path)?.node;
                let member = |indent: &str, pretty: bool| {
                    format!("{}{}{}", json_string(&key), self.colon, self.render(&value, indent, pretty))
                };
                match object.entries().last() {
                    Some(last_entry) => {
                        let first = &object.entries()[0];
                        let multiline = self.between(object.range.start, first.range.start).contains('\n');
                        let at = TextRange::empty(last_entry.range.end);
                        if multiline {
                            let indent = crate::indent_at(self.text, first.range.start as usize);
                            let pretty = self.like_neighbours(object);
                            Ok(vec![text_edit(at, format!(",{}{indent}{}", self.nl, member(indent, pretty)))])
                        } else {
                            Ok(vec![text_edit(at, format!("{}{}", self.comma, member("", false)))])
                        }
                    }
                    None => Ok(vec![self.fill_empty(object, |indent, pretty| member(indent, pretty))]),
                }
            }
            Action::InsertItem { path, before, value } => {
                let array = last(&path)?.node;
                let SValue::Seq(items) = &array.value else {
                    return crate::err("internal: items inserted into a value that is not a list");
                };
                let Some(last_item) = items.last() else {
                    return Ok(vec![
                        self.fill_empty(array, |indent, pretty| self.render(&value, indent, pretty))
                    ]);
                };
                let multiline = match items.get(1) {
                    Some(second) => self.between(items[0].range.end, second.range.start).contains('\n'),
                    None => self.between(array.range.start, items[0].range.start).contains('\n'),
                };
                let indent = crate::indent_at(self.text, items[0].range.start as usize);
                let rendered = self.render(&value, indent, multiline && self.like_neighbours(array));
                let separator =
                    if multiline { format!(",{}{indent}", self.nl) } else { self.comma.to_string() };
                Ok(vec![match before.and_then(|k| items.get(k)) {
                    Some(item) => {
                        text_edit(TextRange::empty(item.range.start), format!("{rendered}{separator}"))
                    }
                    None => {
                        text_edit(TextRange::empty(last_item.range.end), format!("{separator}{rendered}"))
                    }
                }])
            }
            Action::Remove { path } => {
                let n = path.len();
                let (Some(target), Some(parent)) = (path.last(), n.checked_sub(2).and_then(|i| path.get(i)))
                else {
                    return crate::err("internal: nothing to remove the value from");
                };
                let siblings: Vec<TextRange> = match &parent.node.value {
                    SValue::Map(entries) => entries.iter().map(|e| e.range).collect(),
                    SValue::Seq(items) => items.iter().map(|i| i.range).collect(),
                    _ => vec![],
                };
                let index = match target.slot {
                    Some(Slot::Entry(i) | Slot::Item(i)) => i,
                    None => return crate::err("internal: the value to remove has no place in its parent"),
                };
                let range = if siblings.len() <= 1 {
                    // The only member: the object becomes `{}` (comments inside go too).
                    TextRange::new(parent.node.range.start + 1, parent.node.range.end.saturating_sub(1))
                } else if index + 1 < siblings.len() {
                    // `"a": 1, "b": 2` → `"b": 2`, keeping the indentation before `"a"`.
                    TextRange::new(siblings[index].start, siblings[index + 1].start)
                } else {
                    // The last member takes the comma after the previous one with it.
                    TextRange::new(siblings[index - 1].end, siblings[index].end)
                };
                Ok(vec![text_edit(range, String::new())])
            }
        }
    }

    /// Are new objects and arrays in `container` (written over several lines)
    /// written over several lines too? As its other objects and arrays are; when it
    /// has none, yes.
    fn like_neighbours(&self, container: &SNode) -> bool {
        let values: Vec<&SNode> = match &container.value {
            SValue::Map(entries) => entries.iter().map(|e| &e.value).collect(),
            SValue::Seq(items) => items.iter().collect(),
            _ => vec![],
        };
        let mut collections =
            values.into_iter().filter(|v| matches!(v.value, SValue::Map(_) | SValue::Seq(_))).peekable();
        collections.peek().is_none() || collections.any(|v| self.slice(v.range).contains('\n'))
    }

    /// Fills an empty `{}` or `[]` with one member or item, rendered by `content`
    /// (given its indentation and whether to write over several lines). In a file
    /// written over several lines the container opens up: `{` and `}` on their own
    /// lines around the new member.
    fn fill_empty(&self, container: &SNode, content: impl Fn(&str, bool) -> String) -> TextEdit {
        let inner = TextRange::new(container.range.start + 1, container.range.end.saturating_sub(1));
        if self.pretty {
            let base = crate::indent_at(self.text, container.range.start as usize);
            let child = format!("{base}{}", self.unit);
            text_edit(inner, format!("{nl}{child}{}{nl}{base}", content(&child, true), nl = self.nl))
        } else {
            text_edit(inner, content("", false))
        }
    }

    /// A value as JSON: over several lines (members at `indent` plus one unit) when
    /// `multiline`, else on one line with the file's separators.
    fn render(&self, value: &Value, indent: &str, multiline: bool) -> String {
        let child = format!("{indent}{}", self.unit);
        match value {
            Value::Object(map) if !map.is_empty() => {
                let members: Vec<String> = map
                    .iter()
                    .map(|(k, v)| {
                        format!("{}{}{}", json_string(k), self.colon, self.render(v, &child, multiline))
                    })
                    .collect();
                if multiline {
                    let sep = format!(",{}{child}", self.nl);
                    format!("{{{nl}{child}{}{nl}{indent}}}", members.join(&sep), nl = self.nl)
                } else {
                    format!("{{{}}}", members.join(self.comma))
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let items: Vec<String> = items.iter().map(|v| self.render(v, &child, multiline)).collect();
                if multiline {
                    let sep = format!(",{}{child}", self.nl);
                    format!("[{nl}{child}{}{nl}{indent}]", items.join(&sep), nl = self.nl)
                } else {
                    format!("[{}]", items.join(self.comma))
                }
            }
            other => other.to_string(),
        }
    }

    fn slice(&self, range: TextRange) -> &'t str {
        self.text.get(range.as_usize()).unwrap_or("")
    }

    fn between(&self, start: u32, end: u32) -> &'t str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }
}

/// The separators the file uses after keys and between members on one line: the
/// first it writes.
fn separators(node: &SNode, text: &str, colon: &mut Option<&'static str>, comma: &mut Option<&'static str>) {
    if colon.is_some() && comma.is_some() {
        return;
    }
    let between = |a: u32, b: u32| text.get(a as usize..b as usize).unwrap_or("");
    match &node.value {
        SValue::Map(entries) => {
            if let (None, Some(e)) = (&colon, entries.first()) {
                *colon = Some(if between(e.key_range.end, e.value.range.start).contains(": ") {
                    ": "
                } else {
                    ":"
                });
            }
            for pair in entries.windows(2) {
                one_line_comma(between(pair[0].range.end, pair[1].range.start), comma);
            }
            for e in entries {
                separators(&e.value, text, colon, comma);
            }
        }
        SValue::Seq(items) => {
            for pair in items.windows(2) {
                one_line_comma(between(pair[0].range.end, pair[1].range.start), comma);
            }
            for item in items {
                separators(item, text, colon, comma);
            }
        }
        _ => {}
    }
}

fn one_line_comma(gap: &str, comma: &mut Option<&'static str>) {
    if comma.is_none() && !gap.contains('\n') {
        *comma = Some(if gap.contains(", ") { ", " } else { "," });
    }
}

fn last<'p, 'a>(path: &'p [Step<'a>]) -> Result<&'p Step<'a>, FixError> {
    path.last().map_or_else(|| crate::err("internal: an empty path"), Ok)
}

fn text_edit(range: TextRange, new_text: String) -> TextEdit {
    TextEdit { range, new_text }
}

fn json_string(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// JSON Patch on a parsed tree: what an operation does, found by walking its pointer
/// through the [`SNode`] tree of the resource's values. Shared by the JSON and YAML
/// modules, which only differ in how they write the result.
///
/// Our semantics, a lenient JSON Patch suited to fixes: `add` on an existing member
/// replaces it; `replace` of a missing member adds it; missing parents are created
/// (a segment `-` or `0` under a missing parent makes a list, any other a mapping);
/// `remove` of something absent does nothing. A CloudFormation intrinsic function
/// (`!Ref x`, `{"Fn::Sub": ..}`) is replaced only when the pointer names it
/// exactly, never edited inside; so is a YAML alias (`*base`).
pub(crate) mod patch {
    use serde_json::{Map, Value};
    use vigil_syntax::{SNode, SValue};

    use crate::{FixError, Op, OpKind};

    /// Where a node sits in its parent: the value of entry `i`, or item `i` (indices
    /// into the parsed entries or items, not the resource's values).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Slot {
        Entry(usize),
        Item(usize),
    }

    /// One node on the way from the resource's values to the target.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Step<'a> {
        pub node: &'a SNode,
        /// Its place in the previous step's node; `None` for the first step.
        pub slot: Option<Slot>,
    }

    /// An operation resolved on the tree. `path` runs from the values' node to the
    /// node the action concerns.
    #[derive(Debug)]
    pub(crate) enum Action<'a> {
        /// The last node of `path` becomes `value`.
        Replace { path: Vec<Step<'a>>, value: Value },
        /// A new entry `key: value` in the mapping that ends `path`.
        InsertEntry { path: Vec<Step<'a>>, key: String, value: Value },
        /// A new item in the list that ends `path`: before item `before`, or last.
        InsertItem { path: Vec<Step<'a>>, before: Option<usize>, value: Value },
        /// The last node of `path` goes, with its key.
        Remove { path: Vec<Step<'a>> },
        /// Nothing to do (removing what is not there).
        Nothing,
    }

    /// A CloudFormation resource's values are its `Properties`: the operation's
    /// segments under a leading `Properties`, walked from the resource's entry (so a
    /// missing `Properties:` is created like any missing parent).
    pub(crate) fn with_properties(op: &Op) -> Vec<String> {
        with_leading("Properties", op)
    }

    /// The operation's segments under a leading key (`Properties`, Pulumi's
    /// `properties`).
    pub(crate) fn with_leading(key: &str, op: &Op) -> Vec<String> {
        std::iter::once(key.to_string()).chain(op.segments.iter().cloned()).collect()
    }

    /// Resolves `op` (whose reference tokens are `segments`, maybe with leading ones
    /// that lead to the values, see [`with_properties`]) on the tree `root` parsed
    /// from `text`.
    pub(crate) fn resolve<'a>(
        root: &'a SNode,
        segments: &[String],
        op: &Op,
        text: &str,
        cloudformation: bool,
    ) -> Result<Action<'a>, FixError> {
        let leading = segments.len().saturating_sub(op.segments.len());
        // The pointer of the first `n` segments, as the policy wrote it.
        let shown = |n: usize| {
            let p = op.prefix(n.saturating_sub(leading).min(op.segments.len()));
            if p.is_empty() {
                "the resource's properties".to_string()
            } else {
                format!("`{p}`")
            }
        };
        let value = || op.value.clone().unwrap_or(Value::Null);
        // What to write for the segments `from..`, which do not exist. The first
        // segment of the policy's pointer, right under `Properties`, is a key.
        let missing = |from: usize| {
            let properties = if leading > 0 { leading.checked_sub(from) } else { None };
            build(&segments[from..], value(), properties)
        };
        let mut path = vec![Step { node: root, slot: None }];
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let mut node = path[path.len() - 1].node;
            if !cloudformation {
                // Local tags outside CloudFormation carry no meaning for the values.
                while let SValue::Tagged(_, inner) = &node.value {
                    node = inner;
                }
                if let Some(step) = path.last_mut() {
                    step.node = node;
                }
            }
            if is_alias(node, text) {
                return crate::err(format!(
                    "{} is an alias (`*name`) of a value written elsewhere in the file; it cannot be edited here, only replaced whole",
                    shown(i)
                ));
            }
            if cloudformation {
                if let Some(function) = intrinsic(node) {
                    return crate::err(format!(
                        "{} is computed by an intrinsic function ({function}); it cannot be edited inside, only replaced whole",
                        shown(i)
                    ));
                }
            }
            match &node.value {
                SValue::Map(entries) => {
                    let own = entries
                        .iter()
                        .enumerate()
                        .rev()
                        .find(|(_, e)| e.key == *segment && node.range.contains_range(e.range));
                    match own {
                        Some((k, e)) => path.push(Step { node: &e.value, slot: Some(Slot::Entry(k)) }),
                        None if entries.iter().any(|e| e.key == *segment)
                            && (!last || op.kind == OpKind::Remove) =>
                        {
                            return crate::err(format!(
                                "{} comes from a merge key (`<<: *name`); edit it where the anchor is written",
                                shown(i + 1)
                            ));
                        }
                        None if op.kind == OpKind::Remove => return Ok(Action::Nothing),
                        None => {
                            return Ok(Action::InsertEntry {
                                path,
                                key: segment.clone(),
                                value: missing(i + 1),
                            });
                        }
                    }
                }
                SValue::Seq(items) => {
                    // CloudFormation drops `!Ref AWS::NoValue` items from the values.
                    let visible: Vec<usize> =
                        (0..items.len()).filter(|&k| !(cloudformation && is_no_value(&items[k]))).collect();
                    let index = match segment.as_str() {
                        "-" => None,
                        s => match s.parse::<usize>() {
                            Ok(n) if s == "0" || !s.starts_with('0') => Some(n),
                            _ => {
                                return crate::err(format!(
                                    "{} is a list; `{segment}` is not an index of it",
                                    shown(i)
                                ))
                            }
                        },
                    };
                    let out_of_range = || {
                        crate::err(format!(
                            "{} has {} items; there is no item {}",
                            shown(i),
                            visible.len(),
                            index.unwrap_or(0)
                        ))
                    };
                    if last && op.kind == OpKind::Add {
                        let before = match index {
                            None => None,
                            Some(n) if n == visible.len() => None,
                            Some(n) => match visible.get(n) {
                                Some(&k) => Some(k),
                                None => return out_of_range(),
                            },
                        };
                        return Ok(Action::InsertItem { path, before, value: value() });
                    }
                    match index.and_then(|n| visible.get(n)) {
                        Some(&k) => path.push(Step { node: &items[k], slot: Some(Slot::Item(k)) }),
                        None if op.kind == OpKind::Remove => return Ok(Action::Nothing),
                        // Past the end: a new last item (with what is under it).
                        None if index.is_none() || index == Some(visible.len()) => {
                            return Ok(Action::InsertItem { path, before: None, value: missing(i + 1) });
                        }
                        None => return out_of_range(),
                    }
                }
                // `securityContext:` with nothing: filled like a missing parent.
                SValue::Null if op.kind == OpKind::Remove => return Ok(Action::Nothing),
                SValue::Null if path.len() > 1 => {
                    return Ok(Action::Replace { path, value: missing(i) });
                }
                other => {
                    return crate::err(format!(
                        "{} is {}, not a mapping or a list: nothing can be set under it",
                        shown(i),
                        describe(other)
                    ));
                }
            }
        }
        Ok(match op.kind {
            OpKind::Remove => Action::Remove { path },
            OpKind::Add | OpKind::Replace => Action::Replace { path, value: value() },
        })
    }

    /// The value to write for missing parents: `value` under the `segments` still
    /// missing below them (`/a/b` with `true` is `{"a": {"b": true}}`). A segment
    /// `-` or `0` starts a list, except in `properties` (CloudFormation's
    /// `Properties`, which is a mapping): segments at those indices are keys.
    fn build(segments: &[String], value: Value, properties: Option<usize>) -> Value {
        segments.iter().enumerate().rev().fold(value, |value, (i, segment)| match segment.as_str() {
            "-" | "0" if Some(i) != properties => Value::Array(vec![value]),
            _ => Value::Object(Map::from_iter([(segment.clone(), value)])),
        })
    }

    /// A YAML alias (`*base`): its children were written at the anchor.
    pub(crate) fn is_alias(node: &SNode, text: &str) -> bool {
        text.get(node.range.as_usize()).is_some_and(|t| t.starts_with('*'))
    }

    /// The intrinsic function a CloudFormation value is written with, as the template
    /// writes it (`!Ref`, `Fn::Sub`).
    pub(crate) fn intrinsic(node: &SNode) -> Option<String> {
        match &node.value {
            SValue::Tagged(tag, _) => Some(format!("`!{tag}`")),
            SValue::Map(entries) if entries.len() == 1 => {
                let key = &entries[0].key;
                // CloudFormation's `Ref`/`Fn::`, Pulumi YAML's `fn::`.
                (key == "Ref" || key.starts_with("Fn::") || key.starts_with("fn::"))
                    .then(|| format!("`{key}`"))
            }
            _ => None,
        }
    }

    /// `!Ref AWS::NoValue` (or `{"Ref": "AWS::NoValue"}`): CloudFormation's "absent".
    fn is_no_value(node: &SNode) -> bool {
        let target = match &node.value {
            SValue::Tagged(tag, inner) if tag == "Ref" => inner.as_str(),
            SValue::Map(entries) if entries.len() == 1 && entries[0].key == "Ref" => {
                entries[0].value.as_str()
            }
            _ => None,
        };
        target == Some("AWS::NoValue")
    }

    fn describe(value: &SValue) -> &'static str {
        match value {
            SValue::Null => "null",
            SValue::Bool(_) => "a boolean",
            SValue::Int(_) | SValue::Float(_) => "a number",
            SValue::String(_) => "a string",
            SValue::Seq(_) => "a list",
            SValue::Map(_) => "a mapping",
            SValue::Tagged(..) => "a tagged value",
        }
    }
}
