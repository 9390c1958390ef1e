//! YAML through tree-sitter-yaml: every document of a stream as an [`SNode`] tree.
//!
//! Unlike generic YAML deserializers this keeps local tags (CloudFormation's `!Ref`,
//! `!Sub`, `!GetAtt`, ...) as [`SValue::Tagged`] instead of rejecting them, keeps
//! every value's byte range, and recovers from syntax errors.

use std::collections::HashMap;

use crate::json::{number, unescape};
use crate::{collect_syntax_errors, node_text, SEntry, SNode, SValue, SyntaxError, TextRange};

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

pub fn parse(text: &str) -> YamlFile {
    parse_from(text, None)
}

/// Reads `text`, using `tree` when the caller already parsed it (incrementally).
pub fn parse_from(text: &str, tree: Option<tree_sitter::Tree>) -> YamlFile {
    let Some(tree) = tree.or_else(|| crate::parse_tree(crate::Language::Yaml, text, None)) else {
        return YamlFile { documents: vec![], errors: vec![] };
    };
    let root = tree.root_node();
    let errors = collect_syntax_errors(root, text);
    let mut documents = Vec::new();
    let mut cursor = root.walk();
    for doc in root.named_children(&mut cursor).filter(|n| n.kind() == "document") {
        let mut converter = Converter { text, anchors: HashMap::new(), depth: 0 };
        let mut doc_cursor = doc.walk();
        let content =
            doc.named_children(&mut doc_cursor).find(|n| matches!(n.kind(), "block_node" | "flow_node"));
        let root = content.and_then(|n| converter.node(n));
        documents.push(YamlDocument { range: TextRange::from_node(&doc), root });
    }
    YamlFile { documents, errors }
}

/// Deeper nesting than this is treated as a string: bounds recursion on hostile input.
const MAX_DEPTH: u32 = 200;

struct Converter<'t> {
    text: &'t str,
    anchors: HashMap<String, SNode>,
    depth: u32,
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
                    value = apply_tag(&tag, value, TextRange::from_node(&node), self.text);
                }
                if let Some(anchor) = anchor {
                    self.anchors.insert(anchor, value.clone());
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
                Some(SNode::new(SValue::String(unescape(&fold_lines(inner))), TextRange::from_node(&node)))
            }
            "single_quote_scalar" => {
                let raw = node_text(&node, self.text);
                let inner = raw.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).unwrap_or(raw);
                Some(SNode::new(
                    SValue::String(fold_lines(inner).replace("''", "'")),
                    TextRange::from_node(&node),
                ))
            }
            "block_scalar" => Some(SNode::new(
                SValue::String(block_scalar(node_text(&node, self.text))),
                TextRange::from_node(&node),
            )),
            "alias" => {
                let name = node_text(&node, self.text).trim_start_matches('*');
                let range = TextRange::from_node(&node);
                Some(match self.anchors.get(name) {
                    Some(v) => SNode::new(v.value.clone(), range),
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
            "integer_scalar" => integer(raw),
            "float_scalar" => float(raw),
            _ => SValue::String(fold_lines(raw)),
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

fn integer(raw: &str) -> SValue {
    let cleaned = raw.replace('_', "");
    let parsed = if let Some(hex) = cleaned.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = cleaned.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else {
        cleaned.parse::<i64>().ok()
    };
    parsed.map_or_else(|| number(raw), SValue::Int)
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
fn apply_tag(tag: &str, value: SNode, range: TextRange, text: &str) -> SNode {
    if let Some(core) = tag.strip_prefix("!!") {
        let raw = text.get(value.range.as_usize()).unwrap_or("");
        let converted = match (core, &value.value) {
            ("str", SValue::String(_)) => value.value.clone(),
            ("str", SValue::Null) => SValue::String(String::new()),
            ("str", SValue::Bool(_) | SValue::Int(_) | SValue::Float(_)) => SValue::String(raw.to_string()),
            ("int", SValue::String(s)) => integer(s),
            ("float", SValue::String(s)) => float(s),
            ("bool", SValue::String(s)) => SValue::Bool(s.eq_ignore_ascii_case("true")),
            _ => value.value.clone(),
        };
        return SNode::new(converted, value.range);
    }
    let name = tag.trim_start_matches('!').to_string();
    SNode::new(SValue::Tagged(name, Box::new(value)), range)
}

/// Folds a multi-line flow scalar: line breaks become spaces, empty lines newlines.
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

/// The content of a literal (`|`) or folded (`>`) block scalar, with chomping.
fn block_scalar(raw: &str) -> String {
    let mut lines = raw.split('\n').map(|l| l.trim_end_matches('\r'));
    let header = lines.next().unwrap_or("");
    let header = header.split('#').next().unwrap_or("").trim();
    let folded = header.starts_with('>');
    let chomp = if header.contains('-') {
        Chomp::Strip
    } else if header.contains('+') {
        Chomp::Keep
    } else {
        Chomp::Clip
    };
    let body: Vec<&str> = lines.collect();
    let indent =
        body.iter().find(|l| !l.trim().is_empty()).map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    let content: Vec<&str> = body.iter().map(|l| if l.len() >= indent { &l[indent..] } else { "" }).collect();
    let mut out = String::new();
    if folded {
        let mut prev_more_indented = false;
        for (i, line) in content.iter().enumerate() {
            let more_indented = line.starts_with(' ') || line.starts_with('\t');
            if i > 0 {
                // Between two text lines a break folds to a space; each empty line
                // stands for one newline (the break before it is dropped).
                if line.is_empty() || more_indented || prev_more_indented {
                    out.push('\n');
                } else if !content[i - 1].is_empty() {
                    out.push(' ');
                }
            }
            prev_more_indented = more_indented;
            out.push_str(line);
        }
    } else {
        out = content.join("\n");
    }
    let trimmed = out.trim_end_matches('\n');
    match chomp {
        Chomp::Strip => trimmed.to_string(),
        Chomp::Clip if trimmed.is_empty() => String::new(),
        Chomp::Clip => format!("{trimmed}\n"),
        Chomp::Keep => format!("{out}\n"),
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

    #[test]
    fn block_scalars() {
        assert_eq!(block_scalar("|\n  a\n  b\n"), "a\nb\n");
        assert_eq!(block_scalar("|-\n  a\n  b"), "a\nb");
        assert_eq!(block_scalar(">\n  a\n  b\n\n  c"), "a b\nc\n");
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
