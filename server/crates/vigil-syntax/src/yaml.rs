//! YAML through tree-sitter-yaml: every document of a stream as an [`SNode`] tree.
//!
//! Unlike generic YAML deserializers this keeps local tags (CloudFormation's `!Ref`,
//! `!Sub`, `!GetAtt`, ...) as [`SValue::Tagged`] instead of rejecting them, keeps
//! every value's byte range, and recovers from syntax errors.

use std::collections::HashMap;

use crate::json::number;
use crate::{collect_syntax_errors, node_text, Limits, SEntry, SNode, SValue, SyntaxError, TextRange};

#[derive(Debug, Clone)]
pub struct YamlFile {
    pub documents: Vec<YamlDocument>,
    pub errors: Vec<SyntaxError>,
}

#[derive(Debug, Clone)]
pub struct YamlDocument {
    /// The whole document, from its first token to its last.
    pub range: TextRange,
    /// The document's content; `None` for an empty document.
    pub root: Option<SNode>,
}

/// How untagged plain scalars (`yes`, `0644`) are resolved: the schema of the tool that
/// reads the file. Quoted scalars are strings in every schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schema {
    /// YAML 1.2's core schema: only `true`/`false` (as `true`, `True`, `TRUE`) are
    /// booleans; `yes` is a string. Pulumi YAML (go-yaml v3) and Vigil's own files.
    #[default]
    Core,
    /// YAML 1.1 as PyYAML and SnakeYAML resolve it: `yes`/`no`/`on`/`off` (in the same
    /// three casings) are booleans too. CloudFormation (its documented dialect is YAML
    /// 1.1; `cfn-lint` and `aws cloudformation package` read it with PyYAML). A decimal
    /// with a leading zero (`012345678901`, an account id) is kept as written, a string.
    Yaml11,
    /// YAML 1.1 as go-yaml v2 resolves it: also `y`/`Y`/`n`/`N`, and `0644` is octal
    /// (420). Kubernetes: `kubectl` and the API server turn YAML into JSON through
    /// `sigs.k8s.io/yaml`, which decodes with go-yaml v2.
    GoYamlV2,
}

pub fn parse(text: &str) -> YamlFile {
    parse_from(text, None, &Limits::default())
}

/// Reads `text`, using `tree` when the caller already parsed it (incrementally).
pub fn parse_from(text: &str, tree: Option<tree_sitter::Tree>, limits: &Limits) -> YamlFile {
    parse_with(text, tree, Schema::Core, limits)
}

/// [`parse_from`] resolving plain scalars with `schema`.
///
/// Two limits of tree-sitter-yaml 0.7 are worked around, so that what YAML reads is
/// read: a lone `\r` ends a line in YAML but not for its scanner (the text is read
/// with `\n` in its place: same offsets), and its scanner counts rows in 16 bits,
/// losing its place after line 32,767 (every later document was dropped): a longer
/// stream is parsed in parts of whole documents, which YAML reads independently
/// (anchors do not cross documents).
pub fn parse_with(text: &str, tree: Option<tree_sitter::Tree>, schema: Schema, limits: &Limits) -> YamlFile {
    if let Some(error) = crate::too_deep(crate::Language::Yaml, text, limits) {
        return YamlFile { documents: vec![], errors: vec![error] };
    }
    let lone_cr =
        text.bytes().enumerate().any(|(i, b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    let normalized;
    let text = if lone_cr {
        normalized = lone_cr_as_newline(text);
        normalized.as_str()
    } else {
        text
    };
    let parts = parts(text);
    let tree = tree.filter(|_| !lone_cr && parts.len() == 1);
    let mut file = YamlFile { documents: vec![], errors: vec![] };
    // Parses the recovery of broken documents may spend on this file, all together.
    let mut recovery = Recovery { parses: RECOVERY_PARSES };
    for part in parts {
        let tree = match &tree {
            Some(tree) => Some(tree.clone()),
            None if part == (0..text.len()) => crate::parse_checked(crate::Language::Yaml, text, None),
            None => crate::parse_part(crate::Language::Yaml, text, part.clone()),
        };
        let Some(tree) = tree else { continue };
        // A part shorter in bytes than the scanner's rows cannot be too long (most
        // files: no second count of their lines).
        let lines = if part.len() <= MAX_SCANNER_ROWS {
            0
        } else {
            text.get(part.clone()).map_or(0, |t| t.matches('\n').count())
        };
        if lines > MAX_SCANNER_ROWS {
            file.errors.push(SyntaxError {
                range: TextRange::from_usize(part.start, part.start),
                message: format!(
                    "this YAML document has {lines} lines: the YAML reader loses its place after \
                     line {MAX_SCANNER_ROWS} of a document; split it into documents (`---`)"
                ),
            });
        }
        if tree.root_node().has_error() {
            read_broken_part(&tree, text, part, schema, limits.yaml_alias_values, &mut file, &mut recovery);
        } else {
            read_tree(&tree, text, schema, limits.yaml_alias_values, &mut file);
        }
    }
    file
}

/// At most this many lines of one document are left out to read the rest of it.
const MAX_LEFT_OUT_LINES: usize = 8;

/// At most this many parses are spent on recovery per file: a file of thousands of
/// broken documents is not parsed hundreds of thousands of times (past the budget,
/// each broken document is read as tree-sitter reads it on its own).
const RECOVERY_PARSES: usize = 2_000;

/// What recovery may still spend on a file.
struct Recovery {
    parses: usize,
}

impl Recovery {
    /// `range` of `text` parsed, if the budget allows one more parse.
    fn parse(&mut self, text: &str, range: std::ops::Range<usize>) -> Option<tree_sitter::Tree> {
        self.parses = self.parses.checked_sub(1)?;
        crate::parse_part(crate::Language::Yaml, text, range)
    }
}

/// A part with syntax errors, read so that they hide as little as possible (tree-sitter
/// gives up on a whole document, and often on the documents after it, at one
/// mis-indented key). Each document is parsed on its own; in a broken one, the first
/// line at which the document stops parsing (the longest clean prefix ends before it)
/// is left out (blanked: same offsets) and reported there, up to
/// [`MAX_LEFT_OUT_LINES`] times. A document that is still broken after that is read as
/// tree-sitter read it, with its errors.
fn read_broken_part(
    tree: &tree_sitter::Tree,
    text: &str,
    part: std::ops::Range<usize>,
    schema: Schema,
    alias_budget: usize,
    file: &mut YamlFile,
    recovery: &mut Recovery,
) {
    let documents = documents_of(text, part.clone());
    if documents.is_empty() {
        read_tree(tree, text, schema, alias_budget, file);
        return;
    }
    for doc in documents {
        // Each document on its own (once each, outside the budget: linear), so that a
        // broken one never hides the others.
        let Some(first) = crate::parse_part(crate::Language::Yaml, text, doc.clone()) else { continue };
        if !first.root_node().has_error() {
            read_tree(&first, text, schema, alias_budget, file);
            continue;
        }
        let mut working = text.to_string();
        let mut left_out = Vec::new();
        let mut repaired = None;
        while left_out.len() < MAX_LEFT_OUT_LINES {
            let Some(line) = first_broken_line(&working, doc.clone(), recovery) else { break };
            // With the lines under it: they belong to it (a key typed without its `:`
            // yet), and left alone they would join the mapping above it.
            let with_lines_under = with_children(&working, line.clone(), doc.end);
            comment_out(&mut working, with_lines_under);
            left_out.push(line);
            match recovery.parse(&working, doc.clone()) {
                Some(tree) if !tree.root_node().has_error() => {
                    repaired = Some(tree);
                    break;
                }
                Some(_) => {}
                None => break,
            }
        }
        match repaired {
            Some(tree) => {
                for line in left_out {
                    let content = text.get(line.clone()).unwrap_or("");
                    let start = line.start + (content.len() - content.trim_start().len());
                    let end = line.start + content.trim_end().len();
                    file.errors.push(SyntaxError {
                        range: TextRange::from_usize(start, end.max(start)),
                        message:
                            "syntax error: this line does not fit the YAML around it (check its \
                                  indentation, a `:` or a quote); the rest of the document is read without it"
                                .to_string(),
                    });
                }
                read_tree(&tree, &working, schema, alias_budget, file);
            }
            None => read_tree(&first, text, schema, alias_budget, file),
        }
    }
}

/// Turns the lines of `range` into comments of the same length (`  admins` becomes
/// `  #     `): left as spaces, a line more indented than a block scalar above it
/// would join the scalar's text.
fn comment_out(text: &mut String, range: std::ops::Range<usize>) {
    let Some(part) = text.get(range.clone()) else { return };
    let mut out = String::with_capacity(part.len());
    for line in part.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        out.push_str(&body[..indent]);
        if !rest.is_empty() {
            out.push('#');
            out.extend(std::iter::repeat_n(' ', rest.len() - 1));
        }
        out.push_str(&line[body.len()..]);
    }
    text.replace_range(range, &out);
}

/// `line` (a range of whole lines in `text`) and the lines after it, up to `end`, that
/// are indented deeper than its first line (blank lines among them too).
fn with_children(text: &str, line: std::ops::Range<usize>, end: usize) -> std::ops::Range<usize> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let own = text.get(line.clone()).map_or(0, indent);
    let mut stop = line.end;
    let mut at = line.end;
    for next in text.get(line.end..end).unwrap_or("").split_inclusive('\n') {
        at += next.len();
        if next.trim().is_empty() {
            continue;
        }
        if indent(next) <= own {
            break;
        }
        stop = at;
    }
    line.start..stop
}

/// The documents of `part`: ranges that start at a `---` line (or the part's start)
/// and end before the next `---` line, at column 0.
fn documents_of(text: &str, part: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let Some(body) = text.get(part.clone()) else { return vec![] };
    let mut starts = vec![part.start];
    let mut at = part.start;
    for line in body.split_inclusive('\n') {
        let marker =
            line.strip_prefix("---").is_some_and(|rest| rest.trim().is_empty() || rest.starts_with(' '));
        if marker && at > part.start {
            starts.push(at);
        }
        at += line.len();
    }
    starts.iter().enumerate().map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(part.end)).collect()
}

/// The line (without its line break) at which `doc` stops parsing: the prefix of the
/// document up to the line before it parses cleanly, and up to it does not (found by
/// bisection over the document's lines), or the bare word before it (see below).
fn first_broken_line(
    text: &str,
    doc: std::ops::Range<usize>,
    recovery: &mut Recovery,
) -> Option<std::ops::Range<usize>> {
    let body = text.get(doc.clone())?;
    let mut ends = Vec::new();
    let mut at = doc.start;
    for line in body.split_inclusive('\n') {
        at += line.len();
        ends.push(at);
    }
    // `None`: the budget is spent.
    let mut clean = |lines: usize| -> Option<bool> {
        if lines == 0 {
            return Some(true);
        }
        Some(!recovery.parse(text, doc.start..ends[lines - 1])?.root_node().has_error())
    };
    if clean(ends.len())? {
        return None;
    }
    // Invariant: the first `lo` lines parse, the first `hi` do not.
    let (mut lo, mut hi) = (0, ends.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if clean(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let line_at = |n: usize| {
        let start = if n == 0 { doc.start } else { ends[n - 1] };
        let line = text.get(start..ends[n])?;
        Some(start..start + line.trim_end_matches(['\n', '\r']).len())
    };
    let broken = line_at(hi - 1)?;
    // The line that breaks the prefix may be one that only shows an earlier line
    // unfinished: after a bare word (a key being typed, `  TrailBucket` above
    // `  Trail:`), the next key is where the parse fails. Such a line before it,
    // without any `:`, is the one left out when that makes the prefix parse.
    let previous = (0..hi - 1).rev().find_map(|n| {
        let range = line_at(n)?;
        let content = text.get(range.clone())?.trim();
        (!content.is_empty() && !content.starts_with('#')).then_some(range)
    });
    if let Some(previous) = previous {
        let content = text.get(previous.clone()).unwrap_or("");
        if !content.contains(':') && !content.trim_start().starts_with(['-', '|', '>', '"', '\'']) {
            let mut trial = text.to_string();
            crate::blank(&mut trial, previous.clone());
            if recovery.parse(&trial, doc.start..ends[hi - 1]).is_some_and(|t| !t.root_node().has_error()) {
                return Some(previous);
            }
        }
    }
    Some(broken)
}

/// At most this many lines are parsed at once, below the rows tree-sitter-yaml's
/// scanner can count (16 bits).
const MAX_PART_LINES: usize = 30_000;
const MAX_SCANNER_ROWS: usize = 32_767;

/// The documents of `tree` (and its errors) added to `file`.
fn read_tree(tree: &tree_sitter::Tree, text: &str, schema: Schema, alias_budget: usize, file: &mut YamlFile) {
    let root = tree.root_node();
    file.errors.extend(collect_syntax_errors(root, text));
    let mut cursor = root.walk();
    for doc in root.named_children(&mut cursor).filter(|n| n.kind() == "document") {
        let mut converter = Converter {
            text,
            schema,
            anchors: HashMap::new(),
            depth: 0,
            budget: alias_budget,
            expanded: 0,
            errors: Vec::new(),
        };
        let mut doc_cursor = doc.walk();
        let content =
            doc.named_children(&mut doc_cursor).find(|n| matches!(n.kind(), "block_node" | "flow_node"));
        let root = content.and_then(|n| converter.node(n));
        file.errors.append(&mut converter.errors);
        file.documents.push(YamlDocument { range: TextRange::from_node(&doc), root });
    }
}

/// `text` with each lone `\r` (a line break in YAML) made a `\n`.
fn lone_cr_as_newline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

/// The text in parts of whole documents of at most [`MAX_PART_LINES`] lines each
/// (one part for most files; a document longer than that is a part of its own).
/// Documents start at a `---` line and end at the next one or at a `...` line, at
/// column 0, as YAML's own document markers do.
fn parts(text: &str) -> Vec<std::ops::Range<usize>> {
    if text.matches('\n').count() <= MAX_PART_LINES {
        return std::iter::once(0..text.len()).collect();
    }
    let is_marker = |line: &str| {
        ["---", "..."].iter().any(|m| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
        })
    };
    let mut parts = Vec::new();
    let (mut start, mut lines, mut at) = (0, 0, 0);
    for line in text.split_inclusive('\n') {
        // A document starts here: the part before it ends when it is half full (so
        // that, with documents shorter than that, none is over the limit).
        if is_marker(line) && lines >= MAX_PART_LINES / 2 {
            parts.push(start..at);
            start = at;
            lines = 0;
        }
        lines += 1;
        at += line.len();
    }
    parts.push(start..text.len());
    parts
}

/// Deeper nesting than this is treated as a string: bounds recursion on hostile input.
const MAX_DEPTH: u32 = 200;

struct Converter<'t> {
    text: &'t str,
    schema: Schema,
    /// Anchored values, with their [`weight`].
    anchors: HashMap<String, (SNode, usize)>,
    depth: u32,
    /// At most this much (nodes, and a node per 64 bytes of strings) is copied by
    /// aliases into one document ([`Limits::yaml_alias_values`]): a "billion laughs"
    /// document (anchors of aliases of aliases, each level nine times the one before)
    /// took 11 GB. Hardened YAML loaders bound alias expansion the same way.
    budget: usize,
    /// The weight aliases copied into this document so far.
    expanded: usize,
    errors: Vec<SyntaxError>,
}

/// What copying a value costs: one per node, and one per 64 bytes of string.
fn weight(node: &SNode) -> usize {
    match &node.value {
        SValue::String(s) => 1 + s.len() / 64,
        SValue::Seq(items) => 1 + items.iter().map(weight).sum::<usize>(),
        SValue::Map(entries) => {
            1 + entries.iter().map(|e| 1 + e.key.len() / 64 + weight(&e.value)).sum::<usize>()
        }
        SValue::Tagged(tag, inner) => 1 + tag.len() / 64 + weight(inner),
        _ => 1,
    }
}

impl Converter<'_> {
    fn node(&mut self, node: tree_sitter::Node<'_>) -> Option<SNode> {
        if self.depth > MAX_DEPTH {
            return Some(SNode::new(
                SValue::String(node_text(&node, self.text).to_string()),
                TextRange::from_node(&node),
            ));
        }
        self.depth += 1;
        let result = self.node_inner(node);
        self.depth -= 1;
        result
    }

    fn node_inner(&mut self, node: tree_sitter::Node<'_>) -> Option<SNode> {
        match node.kind() {
            "block_node" | "flow_node" => {
                let mut tag = None;
                let mut anchor = None;
                let mut content = None;
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    match child.kind() {
                        "tag" => tag = Some(node_text(&child, self.text).to_string()),
                        "anchor" => {
                            anchor = Some(node_text(&child, self.text).trim_start_matches('&').to_string())
                        }
                        "comment" => {}
                        _ => content = Some(child),
                    }
                }
                let mut value = match content {
                    Some(content) => self.node(content)?,
                    // A tag or anchor with nothing after it: an empty (null) value.
                    None => SNode::new(SValue::Null, TextRange::empty(node.end_byte() as u32)),
                };
                if let Some(tag) = tag {
                    value = apply_tag(&tag, value, TextRange::from_node(&node), self.text, self.schema);
                }
                if let Some(anchor) = anchor {
                    let w = weight(&value);
                    self.anchors.insert(anchor, (value.clone(), w));
                }
                Some(value)
            }
            "block_mapping" | "flow_mapping" => Some(self.mapping(node)),
            "block_sequence" | "flow_sequence" => {
                let mut items = Vec::new();
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    match child.kind() {
                        "block_sequence_item" => {
                            let mut c = child.walk();
                            let inner = child.named_children(&mut c).find(|n| n.kind() != "comment");
                            match inner.and_then(|n| self.node(n)) {
                                Some(v) => items.push(v),
                                None => items.push(SNode::new(SValue::Null, TextRange::from_node(&child))),
                            }
                        }
                        "flow_node" => items.extend(self.node(child)),
                        "flow_pair" => {
                            // `[a: 1]` is a sequence holding a one-key mapping.
                            let entry = self.pair(child);
                            items.extend(entry.map(|e| {
                                let range = e.range;
                                SNode::new(SValue::Map(vec![e]), range)
                            }));
                        }
                        _ => {}
                    }
                }
                Some(SNode::new(SValue::Seq(items), TextRange::from_node(&node)))
            }
            "plain_scalar" => Some(self.plain_scalar(node)),
            "double_quote_scalar" => {
                let raw = node_text(&node, self.text);
                let inner = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(raw);
                Some(SNode::new(SValue::String(flow_quoted(inner, true)), TextRange::from_node(&node)))
            }
            "single_quote_scalar" => {
                let raw = node_text(&node, self.text);
                let inner = raw.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).unwrap_or(raw);
                Some(SNode::new(SValue::String(flow_quoted(inner, false)), TextRange::from_node(&node)))
            }
            "block_scalar" => {
                let parent = parent_indent(node, self.text);
                let following = self.text.get(node.end_byte()..).unwrap_or("");
                Some(SNode::new(
                    SValue::String(block_scalar(node_text(&node, self.text), parent, following)),
                    TextRange::from_node(&node),
                ))
            }
            "alias" => {
                let name = node_text(&node, self.text).trim_start_matches('*');
                let range = TextRange::from_node(&node);
                Some(match self.anchors.get(name) {
                    Some((_, w)) if self.expanded.saturating_add(*w) > self.budget => {
                        // Said once; the aliases after it are over the budget too.
                        if self.expanded <= self.budget {
                            self.errors.push(SyntaxError {
                                range,
                                message: format!(
                                    "aliases copy more than {} values into this document (nested \
                                     aliases multiply): `*{name}` and the aliases after it are read \
                                     as null ({})",
                                    self.budget,
                                    Limits::hint("yaml_alias_values")
                                ),
                            });
                        }
                        self.expanded = self.budget.saturating_add(1);
                        SNode::new(SValue::Null, range)
                    }
                    Some((v, w)) => {
                        self.expanded += w;
                        SNode::new(v.value.clone(), range)
                    }
                    None => SNode::new(SValue::Null, range),
                })
            }
            _ => None,
        }
    }

    fn mapping(&mut self, node: tree_sitter::Node<'_>) -> SNode {
        let mut entries: Vec<SEntry> = Vec::new();
        let mut merges: Vec<SNode> = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "block_mapping_pair" | "flow_pair" => {
                    if let Some(entry) = self.pair(child) {
                        if entry.key == "<<" {
                            merges.push(entry.value);
                        } else {
                            entries.push(entry);
                        }
                    }
                }
                // `{a, b}`: keys with null values.
                "flow_node" => {
                    if let Some(key) = self.node(child) {
                        entries.push(SEntry {
                            key: scalar_key(&key, self.text),
                            key_range: key.range,
                            value: SNode::new(SValue::Null, TextRange::empty(key.range.end)),
                            range: key.range,
                        });
                    }
                }
                _ => {}
            }
        }
        // Merge keys (`<<: *base`): merged entries never override explicit ones.
        for merge in merges {
            let sources = match merge.value {
                SValue::Seq(items) => items,
                _ => vec![merge],
            };
            for source in sources {
                if let SValue::Map(merged) = source.value {
                    for e in merged {
                        if !entries.iter().any(|x| x.key == e.key) {
                            entries.push(e);
                        }
                    }
                }
            }
        }
        SNode::new(SValue::Map(entries), TextRange::from_node(&node))
    }

    fn pair(&mut self, pair: tree_sitter::Node<'_>) -> Option<SEntry> {
        let key_node = pair.child_by_field_name("key")?;
        let key = self.node(key_node)?;
        let value = match pair.child_by_field_name("value") {
            Some(v) => self.node(v).unwrap_or_else(|| SNode::new(SValue::Null, TextRange::from_node(&v))),
            None => SNode::new(SValue::Null, TextRange::empty(pair.end_byte() as u32)),
        };
        Some(SEntry {
            key: scalar_key(&key, self.text),
            key_range: key.range,
            value,
            range: TextRange::from_node(&pair),
        })
    }

    fn plain_scalar(&self, node: tree_sitter::Node<'_>) -> SNode {
        let raw = node_text(&node, self.text);
        let range = TextRange::from_node(&node);
        let mut cursor = node.walk();
        let kind = node.named_children(&mut cursor).next().map(|c| c.kind()).unwrap_or("string_scalar");
        let value = match kind {
            "boolean_scalar" => SValue::Bool(raw.eq_ignore_ascii_case("true")),
            "null_scalar" => SValue::Null,
            "integer_scalar" => integer(raw, self.schema),
            "float_scalar" => float(raw),
            _ => match yaml11_bool(raw, self.schema) {
                Some(b) => SValue::Bool(b),
                None => SValue::String(fold_lines(raw)),
            },
        };
        SNode::new(value, range)
    }
}

fn scalar_key(key: &SNode, text: &str) -> String {
    match &key.value {
        SValue::String(s) => s.clone(),
        SValue::Null => text.get(key.range.as_usize()).unwrap_or("").to_string(),
        _ => text.get(key.range.as_usize()).unwrap_or("").trim().to_string(),
    }
}

/// An integer as `schema` reads it (`raw` matched YAML 1.2's integer forms).
fn integer(raw: &str, schema: Schema) -> SValue {
    let cleaned = raw.replace('_', "");
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    let leading_zero =
        digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit());
    let parsed = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if leading_zero {
        match schema {
            Schema::Core => digits.parse::<i64>().ok(),
            // PyYAML reads `0755` as octal, but CloudFormation values with a leading
            // zero are nearly always account ids: kept as written.
            Schema::Yaml11 => return SValue::String(raw.to_string()),
            // go-yaml v2: `0644` is octal; `089` is not an integer at all.
            Schema::GoYamlV2 => match i64::from_str_radix(digits, 8) {
                Ok(v) => Some(v),
                Err(_) => return number(digits),
            },
        }
    } else {
        digits.parse::<i64>().ok()
    };
    match parsed {
        Some(v) if negative => SValue::Int(-v),
        Some(v) => SValue::Int(v),
        None => number(raw),
    }
}

/// A plain scalar that is a boolean in `schema` but not in YAML 1.2's core schema
/// (which tree-sitter-yaml applies).
fn yaml11_bool(raw: &str, schema: Schema) -> Option<bool> {
    let short = matches!(schema, Schema::GoYamlV2);
    match raw {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" if schema != Schema::Core => Some(true),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" if schema != Schema::Core => Some(false),
        "y" | "Y" if short => Some(true),
        "n" | "N" if short => Some(false),
        _ => None,
    }
}

fn float(raw: &str) -> SValue {
    match raw.to_ascii_lowercase().as_str() {
        ".inf" | "+.inf" => SValue::Float(f64::INFINITY),
        "-.inf" => SValue::Float(f64::NEG_INFINITY),
        ".nan" => SValue::Float(f64::NAN),
        _ => raw.parse::<f64>().map_or_else(|_| SValue::String(raw.to_string()), SValue::Float),
    }
}

/// Applies a tag: core tags (`!!str`) convert, local tags (`!Ref`) wrap.
fn apply_tag(tag: &str, value: SNode, range: TextRange, text: &str, schema: Schema) -> SNode {
    if let Some(core) = tag.strip_prefix("!!") {
        let raw = text.get(value.range.as_usize()).unwrap_or("");
        let converted = match (core, &value.value) {
            ("str", SValue::String(_)) => value.value.clone(),
            ("str", SValue::Null) => SValue::String(String::new()),
            ("str", SValue::Bool(_) | SValue::Int(_) | SValue::Float(_)) => SValue::String(raw.to_string()),
            ("int", SValue::String(s)) => integer(s, schema),
            ("float", SValue::String(s)) => float(s),
            ("bool", SValue::String(s)) => {
                SValue::Bool(yaml11_bool(s, schema).unwrap_or_else(|| s.eq_ignore_ascii_case("true")))
            }
            _ => value.value.clone(),
        };
        return SNode::new(converted, value.range);
    }
    let name = tag.trim_start_matches('!').to_string();
    SNode::new(SValue::Tagged(name, Box::new(value)), range)
}

/// Folds a multi-line plain scalar: line breaks become spaces, empty lines newlines.
fn fold_lines(raw: &str) -> String {
    if !raw.contains('\n') {
        return raw.to_string();
    }
    let mut out = String::new();
    let mut pending_newlines = 0;
    for (i, line) in raw.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let trimmed = if i == 0 { line.trim_end() } else { line.trim() };
        if trimmed.is_empty() && i > 0 {
            pending_newlines += 1;
            continue;
        }
        if i > 0 {
            if pending_newlines > 0 {
                out.extend(std::iter::repeat_n('\n', pending_newlines));
            } else {
                out.push(' ');
            }
        }
        pending_newlines = 0;
        out.push_str(trimmed);
    }
    out
}

/// The value of a quoted scalar's text between its quotes. Line folding as YAML
/// defines it for both: white space around a line break is dropped, a single break
/// becomes a space, and each empty line after it a newline. Single-quoted: `''` is a
/// quote. Double-quoted: every YAML escape (`\x52`, `\u00e9`, `\U0001F600`, `\e`,
/// `\N`, `\_`, `\L`, `\P`, `\ `, ...), and a backslash before a line break joins the
/// lines without a space (keeping the white space before it).
fn flow_quoted(inner: &str, double: bool) -> String {
    if !inner.contains(['\n', '\\', '\'']) {
        return inner.to_string();
    }
    let mut out = String::with_capacity(inner.len());
    // Literal spaces and tabs not yet written: dropped if a line break follows.
    let mut white = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => white.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                white.clear();
                let empty_lines = skip_line_prefixes(&mut chars);
                if empty_lines == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', empty_lines));
                }
            }
            '\'' if !double => {
                out.push_str(&white);
                white.clear();
                // `''` is one quote; a lone one cannot occur inside the quotes.
                if chars.peek() == Some(&'\'') {
                    chars.next();
                }
                out.push('\'');
            }
            '\\' if double => {
                out.push_str(&white);
                white.clear();
                match chars.next() {
                    Some('\r') if chars.peek() == Some(&'\n') => {
                        chars.next();
                        let empty_lines = skip_line_prefixes(&mut chars);
                        out.extend(std::iter::repeat_n('\n', empty_lines));
                    }
                    Some('\n') => {
                        let empty_lines = skip_line_prefixes(&mut chars);
                        out.extend(std::iter::repeat_n('\n', empty_lines));
                    }
                    Some(escaped) => escape(escaped, &mut chars, &mut out),
                    None => out.push('\\'),
                }
            }
            other => {
                out.push_str(&white);
                white.clear();
                out.push(other);
            }
        }
    }
    out.push_str(&white);
    out
}

/// After a line break inside a quoted scalar: skips the white space that starts the
/// next lines and counts the empty lines among them.
fn skip_line_prefixes(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> usize {
    let mut empty_lines = 0;
    loop {
        match chars.peek() {
            Some(' ' | '\t' | '\r') => {
                chars.next();
            }
            Some('\n') => {
                chars.next();
                empty_lines += 1;
            }
            _ => return empty_lines,
        }
    }
}

/// One double-quoted escape after its backslash; an invalid one is kept as written
/// (YAML rejects it, and the text is the least surprising value).
fn escape(c: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    let simple = match c {
        '0' => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        't' | '\t' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\u{b}'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        ' ' => Some(' '),
        '"' => Some('"'),
        '/' => Some('/'),
        '\\' => Some('\\'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(decoded) = simple {
        out.push(decoded);
        return;
    }
    let width = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => {
            out.push('\\');
            out.push(c);
            return;
        }
    };
    let mut look = chars.clone();
    let hex: String = look.by_ref().take(width).collect();
    let decoded = (hex.len() == width && hex.chars().all(|h| h.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(&hex, 16).ok())
        .flatten();
    match decoded {
        Some(code) => {
            *chars = look;
            // JSON-style surrogate pairs (`\ud83d\ude00`) spell one character.
            let code = if c == 'u' { crate::json::surrogate_pair(code, chars) } else { code };
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
        }
        None => {
            out.push('\\');
            out.push(c);
        }
    }
}

/// The indentation a block scalar's indentation indicator is relative to: the column
/// of the mapping key or sequence dash that holds it (-1 at the top of a document).
fn parent_indent(node: tree_sitter::Node<'_>, text: &str) -> i64 {
    let mut current = node.parent();
    while let Some(parent) = current {
        if matches!(parent.kind(), "block_mapping_pair" | "block_sequence_item") {
            let start = parent.start_byte();
            let line_start = text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
            return (start - line_start) as i64;
        }
        if parent.kind() == "document" {
            break;
        }
        current = parent.parent();
    }
    -1
}

/// The content of a literal (`|`) or folded (`>`) block scalar: `raw` is its text
/// from the header to its last content character, `following` the text after it
/// (whose empty lines `+` keeps). The header may give the indentation (`|2`,
/// relative to `parent_indent`) and the chomping (`-` strip, `+` keep), in either
/// order.
fn block_scalar(raw: &str, parent_indent: i64, following: &str) -> String {
    let mut lines = raw.split('\n').map(|l| l.trim_end_matches('\r'));
    let header = lines.next().unwrap_or("");
    let header = header.split(" #").next().unwrap_or("").trim();
    let folded = header.starts_with('>');
    let chomp = if header.contains('-') {
        Chomp::Strip
    } else if header.contains('+') {
        Chomp::Keep
    } else {
        Chomp::Clip
    };
    let indicator = header.chars().find_map(|c| c.to_digit(10)).filter(|&d| d > 0);
    let mut body: Vec<&str> = lines.collect();
    // A final newline ends the last line; it does not start another.
    let ends_line = raw.ends_with('\n');
    if ends_line {
        body.pop();
    }
    // The empty lines after the node belong to it (only `+` keeps them).
    let after: Vec<&str> =
        following.split('\n').skip(usize::from(!ends_line)).map(|l| l.trim_end_matches('\r')).collect();
    let blank_after = after.iter().take_while(|l| l.trim_matches([' ', '\t']).is_empty()).count();
    // The last piece of `following` is not a whole line unless a newline ends it.
    body.extend(after.iter().take(blank_after.min(after.len().saturating_sub(1))).map(|_| ""));
    let indent = match indicator {
        Some(d) => (parent_indent + i64::from(d)).max(0) as usize,
        None => body
            .iter()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len()),
    };
    // Each line without its indentation; `None` for an empty line.
    let content: Vec<Option<&str>> = body
        .iter()
        .map(|l| match l.get(indent..) {
            Some(rest) if !rest.is_empty() => Some(rest),
            _ if l.trim().is_empty() => None,
            // Less indented text cannot be part of the scalar (tree-sitter ends it
            // before); kept rather than dropped.
            _ => Some(l.trim_start()),
        })
        .collect();
    let last = content.iter().rposition(Option::is_some);
    let trailing_empty = last.map_or(content.len(), |i| content.len() - i - 1);
    let mut out = String::new();
    if let Some(last) = last {
        let mut previous_spaced: Option<bool> = None;
        let mut empty = 0;
        for line in &content[..=last] {
            let Some(line) = line else {
                empty += 1;
                continue;
            };
            let spaced = line.starts_with([' ', '\t']);
            match previous_spaced {
                // Folding: between two text lines a break is a space, and each empty
                // line between them a newline.
                Some(false) if folded && !spaced => {
                    if empty == 0 {
                        out.push(' ');
                    }
                    out.extend(std::iter::repeat_n('\n', empty));
                }
                Some(_) => out.extend(std::iter::repeat_n('\n', empty + 1)),
                None => out.extend(std::iter::repeat_n('\n', empty)),
            }
            out.push_str(line);
            previous_spaced = Some(spaced);
            empty = 0;
        }
    }
    match chomp {
        Chomp::Strip => out,
        Chomp::Clip if last.is_none() => String::new(),
        Chomp::Clip => out + "\n",
        Chomp::Keep if last.is_none() => "\n".repeat(trailing_empty),
        Chomp::Keep => out + &"\n".repeat(trailing_empty + 1),
    }
}

enum Chomp {
    Strip,
    Clip,
    Keep,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> SNode {
        let file = parse(text);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        file.documents.into_iter().next().unwrap().root.unwrap()
    }

    #[test]
    fn scalars_and_ranges() {
        let text = "a: 1\nb: 'it''s'\nc: \"x\\ty\"\nd: true\ne: ~\nf: 1.5\ng: plain text\n";
        let r = root(text);
        assert_eq!(r.get("a").unwrap().value, SValue::Int(1));
        assert_eq!(r.get("b").unwrap().value, SValue::String("it's".into()));
        assert_eq!(r.get("c").unwrap().value, SValue::String("x\ty".into()));
        assert_eq!(r.get("d").unwrap().value, SValue::Bool(true));
        assert_eq!(r.get("e").unwrap().value, SValue::Null);
        assert_eq!(r.get("f").unwrap().value, SValue::Float(1.5));
        let g = r.entry("g").unwrap();
        assert_eq!(&text[g.value.range.as_usize()], "plain text");
        assert_eq!(&text[g.key_range.as_usize()], "g");
    }

    #[test]
    fn cloudformation_short_tags() {
        let text = "Name: !Ref Env\nArn: !GetAtt Bucket.Arn\nList: !Join ['-', [a, !Ref B]]\nSub: !Sub |\n  x-${Env}\n";
        let r = root(text);
        let SValue::Tagged(tag, inner) = &r.get("Name").unwrap().value else { panic!() };
        assert_eq!(tag, "Ref");
        assert_eq!(inner.value, SValue::String("Env".into()));
        let SValue::Tagged(tag, inner) = &r.get("List").unwrap().value else { panic!() };
        assert_eq!(tag, "Join");
        assert!(matches!(inner.value, SValue::Seq(ref v) if v.len() == 2));
        let SValue::Tagged(_, inner) = &r.get("Sub").unwrap().value else { panic!() };
        assert_eq!(inner.value, SValue::String("x-${Env}\n".into()));
    }

    /// A lone `\r` ends a line in YAML (old Mac files, some generators).
    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "kind: Pod\rspec:\r  privileged: true\r  note: \"a\r    b\"\r";
        let file = parse(text);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let root = file.documents[0].root.clone().unwrap();
        let spec = root.get("spec").unwrap();
        let privileged = spec.get("privileged").unwrap();
        assert_eq!(privileged.value, SValue::Bool(true));
        assert_eq!(&text[privileged.range.start as usize..privileged.range.end as usize], "true");
        assert_eq!(spec.get("note").unwrap().value, SValue::String("a b".into()));
    }

    /// tree-sitter-yaml's scanner counts rows in 16 bits; a longer stream is read
    /// whole, every document at its place.
    #[test]
    fn streams_longer_than_32767_lines_are_read_to_the_end() {
        let doc =
            |i: usize| format!("kind: Pod\nmetadata:\n  name: p{i}\nspec:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n");
        let text: String = (0..4500).map(|i| format!("---\n{}", doc(i))).collect();
        assert!(text.matches('\n').count() > 40_000);
        let file = parse(&text);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        assert_eq!(file.documents.len(), 4500);
        let last = file.documents[4499].root.clone().unwrap();
        let name = last.get("metadata").unwrap().get("name").unwrap();
        assert_eq!(name.value, SValue::String("p4499".into()));
        assert_eq!(&text[name.range.start as usize..name.range.end as usize], "p4499");

        // One document past the scanner's reach is said, not silently cut.
        let long: String = std::iter::once("items:\n".to_string())
            .chain((0..33_000).map(|i| format!("  - {i}\n")))
            .collect();
        let file = parse(&long);
        assert!(file.errors.iter().any(|e| e.message.contains("loses its place")), "{:?}", file.errors);
    }

    /// Nested aliases multiply ("billion laughs"): copying stops at the budget, once
    /// said, and the document's other values are read.
    #[test]
    fn alias_expansion_is_bounded() {
        let mut text = String::from("keep: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 9].join(", ")));
        }
        text.push_str("after: 2\n");
        let file = parse(&text);
        assert_eq!(file.errors.len(), 1, "{:?}", file.errors);
        assert!(file.errors[0].message.contains("aliases copy more than"), "{:?}", file.errors);
        let root = file.documents[0].root.clone().unwrap();
        assert_eq!(root.get("after").unwrap().value, SValue::Int(2));
        assert!(super::weight(&root) <= 2 * Limits::default().yaml_alias_values);
        assert!(file.errors[0].message.contains("`yaml_alias_values`"), "{:?}", file.errors);
        // The budget is the configured one: a small one stops an earlier level.
        let small = Limits { yaml_alias_values: 5_000, ..Limits::default() };
        let file = parse_from(&text, None, &small);
        assert!(file.errors[0].message.contains("more than 5000 values"), "{:?}", file.errors);
        assert!(text[file.errors[0].range.start as usize..].starts_with("*a2"), "{:?}", file.errors);
        // Ordinary aliases and merges are untouched.
        let file = parse("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n");
        assert!(file.errors.is_empty());
        let root = file.documents[0].root.clone().unwrap();
        assert_eq!(root.get("use").unwrap().get("x").unwrap().value, SValue::Int(1));
        assert_eq!(root.get("merged").unwrap().get("x").unwrap().value, SValue::Int(1));
    }

    #[test]
    fn multi_document_anchors_and_merge() {
        let text = "---\nbase: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n---\nkind: Pod\n";
        let file = parse(text);
        assert_eq!(file.documents.len(), 2);
        let first = file.documents[0].root.as_ref().unwrap();
        let derived = first.get("derived").unwrap();
        assert_eq!(derived.get("x").unwrap().value, SValue::Int(1));
        assert_eq!(derived.get("y").unwrap().value, SValue::Int(3));
        let second = file.documents[1].root.as_ref().unwrap();
        assert_eq!(second.get("kind").unwrap().value, SValue::String("Pod".into()));
    }

    /// A mis-indented key is reported on its line and left out; the rest of its
    /// document and the next documents are read. Recovery spends a bounded number of
    /// parses per file: thousands of broken documents are still all read (past the
    /// budget each as tree-sitter reads it), not parsed again hundreds of thousands of times.
    #[test]
    fn a_line_that_does_not_fit_is_left_out_and_recovery_is_bounded() {
        let doc = "kind: Pod\nmetadata:\n  name: p\n   labels: x\nspec:\n  privileged: true\n";
        let file = parse(&format!("{doc}---\nkind: Next\n"));
        assert_eq!(file.errors.len(), 1, "{:?}", file.errors);
        assert!(file.errors[0].message.contains("does not fit"), "{}", file.errors[0].message);
        assert_eq!(file.errors[0].range.start as usize, doc.find("labels").unwrap());
        let root = file.documents[0].root.as_ref().unwrap();
        assert_eq!(root.get("spec").unwrap().get("privileged").unwrap().value, SValue::Bool(true));
        assert_eq!(file.documents[1].root.as_ref().unwrap().get("kind").unwrap().as_str(), Some("Next"));

        let many = format!("---\n{doc}").repeat(1_000);
        let file = parse(&many);
        let recovered = file.errors.iter().filter(|e| e.message.contains("does not fit")).count();
        // About five parses each: the budget recovers hundreds, not all 1,000.
        assert!((100..1_000).contains(&recovered), "{recovered} documents recovered");
        assert!(file.documents.len() >= recovered, "{} documents", file.documents.len());
    }

    /// A key typed without its `:` yet is left out with the lines under it: they do not
    /// join the mapping above (here a ConfigMap would take the binding's `type`), and
    /// the block scalar above keeps its text.
    #[test]
    fn a_line_left_out_takes_the_lines_under_it() {
        let text = "resources:\n  auth:\n    type: ConfigMap\n    properties:\n      data: |\n        - a\n        # b\n  admins\n    type: Binding\n    properties:\n      x: 1\n";
        let file = parse(text);
        assert_eq!(file.errors.len(), 1, "{:?}", file.errors);
        assert_eq!(&text[file.errors[0].range.as_usize()], "admins");
        let resources = file.documents[0].root.as_ref().unwrap().get("resources").unwrap();
        assert_eq!(resources.entries().len(), 1);
        let auth = resources.get("auth").unwrap();
        assert_eq!(auth.get("type").unwrap().as_str(), Some("ConfigMap"));
        // Left out as a comment, not as spaces the block scalar above would take in.
        let data = auth.get("properties").unwrap().get("data").unwrap();
        assert_eq!(data.as_str(), Some("- a\n# b\n"));
    }

    #[test]
    fn block_scalars() {
        assert_eq!(block_scalar("|\n  a\n  b\n", 0, ""), "a\nb\n");
        assert_eq!(block_scalar("|-\n  a\n  b", 0, "\n"), "a\nb");
        assert_eq!(block_scalar(">\n  a\n  b\n\n  c", 0, "\n"), "a b\nc\n");
    }

    /// The value of `k` in a one-key document.
    fn value_of(text: &str, schema: Schema) -> SValue {
        let file = parse_with(text, None, schema, &Limits::default());
        assert!(file.errors.is_empty(), "{text:?}: {:?}", file.errors);
        let root = file.documents.into_iter().next().and_then(|d| d.root).unwrap();
        root.get("k").unwrap().value.clone()
    }

    fn string(text: &str) -> String {
        match value_of(text, Schema::Core) {
            SValue::String(s) => s,
            other => panic!("{text:?} is {other:?}"),
        }
    }

    #[test]
    fn block_scalar_indicators_and_chomping() {
        // Each case: the document, and the value of `k` (YAML 1.2 spec, chapter 8).
        let cases = [
            ("k: |-\n  keep\n  lines\n", "keep\nlines"),
            ("k: |+\n  kept\n\n\nnext: 1\n", "kept\n\n\n"),
            ("k: >+\n  folded\n  text\n\n", "folded text\n\n"),
            ("k: >-\n  folded\n  text\n\n", "folded text"),
            ("k: >\n  a\n    more\n  b\n\n  c\n", "a\n  more\nb\nc\n"),
            ("k: |2\n    two more\n  base\n", "  two more\nbase\n"),
            ("k: |2-\n    x\n", "  x"),
            ("k: >-2\n    x\n  y\n", "  x\ny"),
            ("k: |\n\n  after an empty line\n", "\nafter an empty line\n"),
            ("k: | # a comment\n  text\n", "text\n"),
            ("k: |\r\n  crlf\r\n  lines\r\n", "crlf\nlines\n"),
        ];
        for (text, expected) in cases {
            assert_eq!(string(text), expected, "{text:?}");
        }
        // Inside sequences: relative to the dash, or to the key of a compact mapping.
        let r = root("- |1\n  x\n- k: |2\n     y\n    z\n");
        let SValue::Seq(items) = &r.value else { panic!() };
        assert_eq!(items[0].value, SValue::String(" x\n".into()));
        assert_eq!(items[1].get("k").unwrap().value, SValue::String(" y\nz\n".into()));
    }

    #[test]
    fn quoted_scalars_fold_lines() {
        let cases = [
            ("k: \"one\n  two\n\n  three\"\n", "one two\nthree"),
            ("k: 'one\n   two\n\n\n   three'\n", "one two\n\nthree"),
            ("k: \"trailing   \n  space\"\n", "trailing space"),
            ("k: \"joined\\\n    here\"\n", "joinedhere"),
            ("k: \"kept \\\n  x\"\n", "kept x"),
            ("k: \"escaped space\\ \n  x\"\n", "escaped space  x"),
            ("k: 'it''s\n  multi'\n", "it's multi"),
            ("k: \"crlf\r\n  lines\"\n", "crlf lines"),
            ("k: plain\n  multi\n\n  line\n", "plain multi\nline"),
        ];
        for (text, expected) in cases {
            assert_eq!(string(text), expected, "{text:?}");
        }
    }

    #[test]
    fn double_quoted_escapes() {
        let cases = [
            (r#"k: "Public\x52ead""#, "PublicRead"),
            (r#"k: "\u00e9\U0001F600\ud83d\ude00""#, "é😀😀"),
            (r#"k: "\e\a\v\0\b\f\r\t\n""#, "\u{1b}\u{7}\u{b}\0\u{8}\u{c}\r\t\n"),
            (r#"k: "\N\_\L\P""#, "\u{85}\u{a0}\u{2028}\u{2029}"),
            (r#"k: "\ \"\/\\""#, " \"/\\"),
            // Single quotes have no escapes.
            (r#"k: 'Public\x52ead'"#, "Public\\x52ead"),
        ];
        for (text, expected) in cases {
            assert_eq!(string(text), expected, "{text:?}");
        }
        // Not escapes (a syntax error): kept as written.
        assert_eq!(flow_quoted(r"\q \x4 \xZZ", true), r"\q \x4 \xZZ");
    }

    #[test]
    fn schemas_resolve_plain_scalars() {
        use Schema::*;
        for (raw, core, yaml11, go) in [
            ("yes", None, Some(true), Some(true)),
            ("No", None, Some(false), Some(false)),
            ("ON", None, Some(true), Some(true)),
            ("off", None, Some(false), Some(false)),
            ("True", Some(true), Some(true), Some(true)),
            ("FALSE", Some(false), Some(false), Some(false)),
            ("y", None, None, Some(true)),
            ("N", None, None, Some(false)),
            ("yEs", None, None, None),
        ] {
            let text = format!("k: {raw}\n");
            for (schema, expected) in [(Core, core), (Yaml11, yaml11), (GoYamlV2, go)] {
                let want = expected.map_or_else(|| SValue::String(raw.into()), SValue::Bool);
                assert_eq!(value_of(&text, schema), want, "{raw} in {schema:?}");
            }
            // Quoted, it is a string in every schema.
            assert_eq!(value_of(&format!("k: '{raw}'\n"), GoYamlV2), SValue::String(raw.into()));
        }
        assert_eq!(value_of("k: !!bool yes\n", Yaml11), SValue::Bool(true));
        assert_eq!(value_of("k: 0644\n", Core), SValue::Int(644));
        assert_eq!(value_of("k: 0644\n", GoYamlV2), SValue::Int(420));
        assert_eq!(value_of("k: 012345678901\n", Yaml11), SValue::String("012345678901".into()));
        assert_eq!(value_of("k: 0x1F\n", GoYamlV2), SValue::Int(31));
        // Keys stay as written.
        let file = parse_with("on: 1\n", None, GoYamlV2, &Limits::default());
        let root = file.documents[0].root.as_ref().unwrap();
        assert_eq!(root.entries()[0].key, "on");
    }

    #[test]
    fn sequences_of_mappings() {
        let text = "items:\n  - name: a\n    v: 1\n  - name: b\n";
        let r = root(text);
        let SValue::Seq(items) = &r.get("items").unwrap().value else { panic!() };
        assert_eq!(items.len(), 2);
        assert_eq!(&text[items[0].range.as_usize()], "name: a\n    v: 1");
    }
}
