//! The outline of a policy file and the workspace's symbol search.

use vigil_syntax::{node_text, TextRange};

use super::analysis::name_parts;
use super::File;
use crate::walk::preorder;
use crate::Node;

/// A declaration of a file, for its outline and for symbol search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// `vigil.aws.s3` for a package, `deny` or `a.b` for a rule (below its package),
    /// the path as written for an import.
    pub name: String,
    /// The package a rule or an import belongs to; `None` for the package itself.
    pub container: Option<String>,
    pub kind: SymbolKind,
    /// The whole declaration: the rule with all its bodies and `else`s.
    pub range: TextRange,
    /// The name within it.
    pub name_range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Package,
    Import,
    Rule,
    Function,
    /// A rule whose name starts with `test_`: what `vigil test` runs.
    Test,
    /// A `default` rule: the value when no other definition applies.
    Default,
}

/// The package line, the imports and each rule definition of a file, in the order
/// of the text. A rule written several times (`deny contains ... if` once per
/// case) is one symbol per definition, so that the outline lists every case.
pub fn document_symbols(file: &File<'_>) -> Vec<Symbol> {
    let text = file.text;
    let mut package: Option<String> = None;
    let mut out = Vec::new();
    preorder(file.tree.root_node(), |node, _, _| {
        match node.kind() {
            "package" => {
                let Some(path) = node.child_by_field_name("path") else { return false };
                let Some((name, _)) = dotted(path, text) else { return false };
                if package.is_none() {
                    package = Some(name.clone());
                }
                out.push(Symbol {
                    name,
                    container: None,
                    kind: SymbolKind::Package,
                    range: TextRange::from_node(&node),
                    name_range: TextRange::from_node(&path),
                });
            }
            "import" => {
                let Some(path) = node.child_by_field_name("path") else { return false };
                let mut name = node_text(&path, text).to_string();
                if let Some(alias) = node.child_by_field_name("alias") {
                    name = format!("{name} as {}", node_text(&alias, text));
                }
                out.push(Symbol {
                    name,
                    container: package.clone(),
                    kind: SymbolKind::Import,
                    range: TextRange::from_node(&node),
                    name_range: TextRange::from_node(&path),
                });
            }
            "rule" => {
                if let Some(symbol) = rule_symbol(node, text, package.clone()) {
                    out.push(symbol);
                }
            }
            _ => return true,
        }
        false
    });
    out
}

fn rule_symbol(rule: Node<'_>, text: &str, container: Option<String>) -> Option<Symbol> {
    let mut cursor = rule.walk();
    let head = rule.named_children(&mut cursor).find(|c| c.kind() == "rule_head")?;
    let name_node = head.child_by_field_name("name")?.named_child(0)?;
    let (name, name_range) = dotted(name_node, text)?;
    let is_default = rule.child(0).is_some_and(|c| c.kind() == "default");
    let kind = if is_default {
        SymbolKind::Default
    } else if name.starts_with("test_") {
        SymbolKind::Test
    } else if head.child_by_field_name("args").is_some() {
        SymbolKind::Function
    } else {
        SymbolKind::Rule
    };
    Some(Symbol { name, container, kind, range: TextRange::from_node(&rule), name_range })
}

/// A dotted name's static parts joined, and the range from its head to its last
/// static part (`deny` of `deny[msg]`).
fn dotted(node: Node<'_>, text: &str) -> Option<(String, TextRange)> {
    let (head, segs) = name_parts(node, text)?;
    let end = segs.last().map_or(head.span.range.end, |s| s.span.range.end);
    let mut name = head.name;
    for seg in segs {
        name.push('.');
        name.push_str(&seg.name);
    }
    // A bracketed key's range ends before its closing quote and bracket.
    let mut end = end;
    for closing in [&b"\"`"[..], &b"]"[..]] {
        if text.as_bytes().get(end as usize).is_some_and(|b| closing.contains(b)) {
            end += 1;
        }
    }
    Some((name, TextRange::new(head.span.range.start, end)))
}

/// The packages and rules of every file whose qualified name (`package.rule`)
/// matches `query`, ignoring case: best first (the name starts with the query, then
/// the qualified name contains it, then it holds the query's characters in order).
/// An empty query matches everything.
pub fn workspace_symbols(files: &[File<'_>], query: &str) -> Vec<(String, Symbol)> {
    let query = query.to_lowercase();
    let mut scored = Vec::new();
    for file in files {
        for symbol in document_symbols(file) {
            if symbol.kind == SymbolKind::Import {
                continue;
            }
            let qualified = match &symbol.container {
                Some(package) => format!("{package}.{}", symbol.name),
                None => symbol.name.clone(),
            }
            .to_lowercase();
            let Some(score) = score(&symbol.name.to_lowercase(), &qualified, &query) else { continue };
            scored.push((score, qualified.len(), file.path.to_string(), symbol));
        }
    }
    scored.sort_by(|a, b| (a.0, a.1, &a.2, a.3.range.start).cmp(&(b.0, b.1, &b.2, b.3.range.start)));
    scored.into_iter().map(|(_, _, path, symbol)| (path, symbol)).collect()
}

fn score(name: &str, qualified: &str, query: &str) -> Option<u8> {
    if query.is_empty() || name.starts_with(query) {
        return Some(0);
    }
    if qualified.contains(query) {
        return Some(1);
    }
    let mut rest = qualified.chars();
    query.chars().all(|q| rest.any(|c| c == q)).then_some(2)
}
