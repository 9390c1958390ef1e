//! Text ranges, line index and tolerant parsing of the syntaxes Vigil reads.
//!
//! Everything here works on byte offsets into the text it was given. Parsers never
//! fail: they return a tree plus the syntax errors they found, so a half-typed file
//! still yields what parses (architecture invariant: broken input is data).

mod depth;
mod diagnostic;
pub mod hcl;
pub mod json;
mod limits;
mod line_index;
mod range;
pub mod snode;
pub mod yaml;

pub use depth::too_deep;
pub use diagnostic::{Diagnostic, DiagnosticSeverity};
pub use json::unescape;
pub use limits::Limits;
pub use line_index::{LineCol, LineIndex};
pub use range::TextRange;
pub use snode::{SEntry, SNode, SValue};
pub use tree_sitter;

/// The syntaxes Vigil parses with tree-sitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Hcl,
    Yaml,
    Json,
    /// Policies (`.rego`), for the policy editor; the policy engine reads them with
    /// regorus.
    Rego,
}

impl Language {
    /// The syntax of a file, by its name.
    pub fn of_path(path: &str) -> Option<Language> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".tf") || lower.ends_with(".tfvars") || lower.ends_with(".hcl") {
            Some(Language::Hcl)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Language::Yaml)
        } else if lower.ends_with(".json") || lower.ends_with(".template") || lower.ends_with(".tfstate") {
            Some(Language::Json)
        } else if lower.ends_with(".rego") {
            Some(Language::Rego)
        } else {
            None
        }
    }
}

/// Parses text into a tree-sitter tree. With `old` (the previous tree, already
/// adjusted with `Tree::edit` for the changes), tree-sitter reuses what did not change:
/// a one-character edit in a 5,000-line file reparses in well under a millisecond.
pub fn parse_tree(
    language: Language,
    text: &str,
    old: Option<&tree_sitter::Tree>,
) -> Option<tree_sitter::Tree> {
    // Too deep for the parser and everything after it (see `depth`). The readers
    // check the configured budget again; this is the ceiling no budget passes.
    let ceiling = Limits { nesting: Limits::MAX_NESTING, ..Limits::default() };
    if too_deep(language, text, &ceiling).is_some() {
        return None;
    }
    parse_checked(language, text, old)
}

/// [`parse_tree`] of a text whose depth the caller has checked already (the
/// format readers check it first, to report it).
pub(crate) fn parse_checked(
    language: Language,
    text: &str,
    old: Option<&tree_sitter::Tree>,
) -> Option<tree_sitter::Tree> {
    parser(language)?.parse(text, old)
}

/// A parser of `language`.
fn parser(language: Language) -> Option<tree_sitter::Parser> {
    let mut parser = tree_sitter::Parser::new();
    let lang: tree_sitter::Language = match language {
        Language::Hcl => tree_sitter_hcl::LANGUAGE.into(),
        Language::Yaml => tree_sitter_yaml::LANGUAGE.into(),
        Language::Json => tree_sitter_json::LANGUAGE.into(),
        Language::Rego => tree_sitter_rego::LANGUAGE.into(),
    };
    parser.set_language(&lang).ok()?;
    Some(parser)
}

/// `range` of `text` made spaces, line breaks kept: the same offsets and lines, so
/// that every range of a tree parsed from the result points into `text`. How the
/// readers leave out what does not parse (HCL items, YAML lines, JSON members).
pub(crate) fn blank(text: &mut String, range: std::ops::Range<usize>) {
    if let Some(part) = text.get(range.clone()) {
        let spaces: String = part.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect();
        text.replace_range(range, &spaces);
    }
}

/// Parses the part `range` of `text` (which starts a line) into a tree whose nodes
/// carry offsets into the whole text.
pub(crate) fn parse_part(
    language: Language,
    text: &str,
    range: std::ops::Range<usize>,
) -> Option<tree_sitter::Tree> {
    let point = |at: usize| {
        let before = text.get(..at)?;
        let row = before.matches('\n').count();
        let column = at - before.rfind('\n').map_or(0, |n| n + 1);
        Some(tree_sitter::Point { row, column })
    };
    let mut parser = parser(language)?;
    let part = tree_sitter::Range {
        start_byte: range.start,
        end_byte: range.end,
        start_point: point(range.start)?,
        end_point: point(range.end)?,
    };
    parser.set_included_ranges(&[part]).ok()?;
    parser.parse(text, None)
}

/// A syntax error found while parsing, at the text it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// At most this many syntax errors are reported per file: past the first few, the
/// rest are usually consequences of the first.
pub(crate) const MAX_SYNTAX_ERRORS: usize = 20;

/// Collects ERROR and MISSING nodes of a tree-sitter tree as positioned messages.
pub fn collect_syntax_errors(root: tree_sitter::Node<'_>, text: &str) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    if !root.has_error() {
        return errors;
    }
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if errors.len() >= MAX_SYNTAX_ERRORS {
            break;
        }
        if node.is_missing() {
            errors.push(SyntaxError {
                range: TextRange::from_node(&node),
                message: format!("syntax error: missing `{}`", node.kind()),
            });
            continue;
        }
        if node.is_error() {
            // From its first child that is not a comment: the comment above a block
            // being typed is not where the error is.
            let mut children = node.walk();
            let start = node
                .children(&mut children)
                .find(|c| c.kind() != "comment")
                .map_or(node.start_byte(), |c| c.start_byte());
            let range = TextRange::from_usize(start, node.end_byte().max(start));
            let snippet: String =
                text.get(range.start as usize..range.end as usize).unwrap_or("").chars().take(30).collect();
            let snippet = snippet.lines().next().unwrap_or("").trim().to_string();
            let message = if snippet.is_empty() {
                "syntax error".to_string()
            } else {
                format!("syntax error: unexpected `{snippet}`")
            };
            errors.push(SyntaxError { range, message });
            continue;
        }
        if node.has_error() {
            let children: Vec<_> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    errors.sort_by_key(|e| e.range.start);
    errors
}

/// The lines of a text, ended by `\n`, `\r\n` or a lone `\r` (which YAML, LSP and the
/// editors count as line breaks; `str::lines` does not), without their breaks.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .filter(move |_| !text.is_empty())
}

/// The text of a node, or "" when the node lies outside the text (never panics).
pub fn node_text<'a>(node: &tree_sitter::Node<'_>, text: &'a str) -> &'a str {
    text.get(node.start_byte()..node.end_byte()).unwrap_or("")
}
