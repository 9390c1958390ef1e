//! Semantic tokens: what each name is, which a grammar cannot tell (a local from a
//! rule, a parameter from a variable, a built-in from a function of the package).

use std::collections::HashSet;

use vigil_syntax::{node_text, TextRange};

use super::analysis::{analyze, ref_segments, Analysis};
use crate::walk::preorder;
use crate::{index, Node, Tree};

/// A token: a single-line range, sorted and disjoint from the others (LSP encodes
/// tokens relative to the one before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenKind,
    pub modifiers: Modifiers,
}

/// What a token is. The names follow LSP's standard token types, except `Rule`,
/// which LSP has no word for: encode it as `property` (a rule is a named value of its
/// package, as a property is of an object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A package path, an import path or alias, a built-in namespace (`strings`).
    Namespace,
    /// A function where it is defined or called.
    Function,
    /// A rule (not a function) where it is defined or read.
    Rule,
    Parameter,
    /// A local variable; also `input` and `data`, as default-library variables.
    Variable,
    /// Keywords, and the literals `true`, `false` and `null`.
    Keyword,
    String,
    Number,
    Comment,
    Operator,
}

impl TokenKind {
    pub const ALL: [TokenKind; 10] = [
        TokenKind::Namespace,
        TokenKind::Function,
        TokenKind::Rule,
        TokenKind::Parameter,
        TokenKind::Variable,
        TokenKind::Keyword,
        TokenKind::String,
        TokenKind::Number,
        TokenKind::Comment,
        TokenKind::Operator,
    ];
}

/// LSP's standard modifiers that Vigil sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Modifiers {
    /// Where a variable is declared, or a rule or function defined.
    pub declaration: bool,
    /// Provided by Rego: built-in functions and their namespaces, `input`, `data`.
    pub default_library: bool,
}

const DECLARATION: Modifiers = Modifiers { declaration: true, default_library: false };
const LIBRARY: Modifiers = Modifiers { declaration: false, default_library: true };
const PLAIN: Modifiers = Modifiers { declaration: false, default_library: false };

const KEYWORDS: &[&str] =
    &["package", "import", "as", "default", "if", "else", "contains", "some", "every", "in", "with", "not"];

const OPERATORS: &[&str] = &[":=", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&", "|"];

/// The file's tokens. `is_builtin` tells built-in functions by their dotted names;
/// `is_package_rule` the rules of the file's package that other files define (the
/// file's own are read from it), so that their names are not read as variables.
/// Fields of values (`input.resource.type`) get no token: they stay as the grammar
/// colours them.
pub fn semantic_tokens(
    tree: &Tree,
    text: &str,
    is_builtin: &dyn Fn(&str) -> bool,
    is_package_rule: &dyn Fn(&str) -> bool,
) -> Vec<Token> {
    let file_index = index::index(tree, text);
    let analysis = analyze(tree, text, &file_index, is_package_rule);
    let own_rules: HashSet<String> =
        file_index.rules.iter().filter_map(|r| r.name.first().cloned()).collect();
    let names = Names {
        text,
        analysis: &analysis,
        is_builtin,
        is_rule: &|name: &str| own_rules.contains(name) || is_package_rule(name),
    };
    let mut tokens = Vec::new();
    let mut push = |range: TextRange, kind: TokenKind, modifiers: Modifiers| {
        tokens.push(Token { range, kind, modifiers });
    };
    preorder(tree.root_node(), |node, field, ancestors| {
        let range = TextRange::from_node(&node);
        match node.kind() {
            "comment" => push(range, TokenKind::Comment, PLAIN),
            "string" | "raw_string" => push(range, TokenKind::String, PLAIN),
            "template_string" => {
                // The text between the embedded expressions, whose own tokens follow.
                let mut from = range.start;
                let mut cursor = node.walk();
                for expr in node.named_children(&mut cursor).filter(|c| c.kind() == "template_expr") {
                    let expr = TextRange::from_node(&expr);
                    push(TextRange::new(from, expr.start.max(from)), TokenKind::String, PLAIN);
                    from = expr.end.max(from);
                }
                push(TextRange::new(from, range.end.max(from)), TokenKind::String, PLAIN);
                return true;
            }
            "number" => push(range, TokenKind::Number, PLAIN),
            "true" | "false" | "null" => push(range, TokenKind::Keyword, PLAIN),
            "var" => {
                if let Some((kind, modifiers)) = names.classify(node, field, ancestors) {
                    push(range, kind, modifiers);
                }
            }
            kind if !node.is_named() => {
                let in_comprehension = ancestors.last().is_some_and(|p| p.kind().ends_with("_comprehension"));
                if KEYWORDS.contains(&kind) {
                    push(range, TokenKind::Keyword, PLAIN);
                } else if OPERATORS.contains(&kind) && !(kind == "|" && in_comprehension) {
                    push(range, TokenKind::Operator, PLAIN);
                }
            }
            _ => return true,
        }
        false
    });
    finish(tokens, text)
}

/// Sorted, disjoint, non-empty, single-line: multi-line tokens (raw strings) are
/// split at each line break, which belongs to no token.
fn finish(mut tokens: Vec<Token>, text: &str) -> Vec<Token> {
    tokens.sort_by_key(|t| (t.range.start, t.range.end));
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut end = 0;
    for token in tokens {
        if token.range.is_empty() || token.range.start < end {
            continue;
        }
        end = token.range.end;
        let Some(body) = text.get(token.range.as_usize()) else { continue };
        let mut start = token.range.start;
        let mut rest = body;
        while !rest.is_empty() {
            let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
            if line_len > 0 {
                let piece = TextRange::new(start, start + line_len as u32);
                out.push(Token { range: piece, ..token });
            }
            let mut skip = line_len;
            if rest[line_len..].starts_with("\r\n") {
                skip += 2;
            } else if line_len < rest.len() {
                skip += 1;
            }
            start += skip as u32;
            rest = &rest[skip..];
        }
    }
    out
}

struct Names<'a> {
    text: &'a str,
    analysis: &'a Analysis,
    is_builtin: &'a dyn Fn(&str) -> bool,
    is_rule: &'a dyn Fn(&str) -> bool,
}

/// What the head of a name stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    /// `data`, or an import alias: a path into `data`.
    Data,
    Input,
    Rule,
    /// The namespace of a built-in function (`strings` of `strings.replace_n`).
    Builtin,
    Unknown,
}

impl Names<'_> {
    fn classify(
        &self,
        var: Node<'_>,
        field: Option<&str>,
        ancestors: &[Node<'_>],
    ) -> Option<(TokenKind, Modifiers)> {
        let range = TextRange::from_node(&var);
        let name = node_text(&var, self.text);
        if let Some(occ) = self.local(range) {
            let v = self.analysis.vars.get(occ)?;
            let kind = if v.param { TokenKind::Parameter } else { TokenKind::Variable };
            return Some((kind, if v.decl == range { DECLARATION } else { PLAIN }));
        }
        let up = |n: usize| ancestors.len().checked_sub(n).and_then(|i| ancestors.get(i)).copied();
        let kind_up = |n: usize| up(n).map_or("", |a| a.kind());
        // The statement a name of a package line, an import or a rule head is in.
        let statement = match (kind_up(1), kind_up(2), kind_up(3)) {
            (k @ ("package" | "import" | "rule_head_name"), _, _) => Some((k, 1)),
            ("ref", k @ ("package" | "import" | "rule_head_name"), _) => Some((k, 2)),
            ("ref_dot", "ref", k @ ("package" | "import" | "rule_head_name")) => Some((k, 3)),
            _ => None,
        };
        match statement {
            Some(("package", _)) => return Some((TokenKind::Namespace, PLAIN)),
            Some(("import", _)) => {
                return Some(if field == Some("alias") {
                    (TokenKind::Namespace, DECLARATION)
                } else if (name == "data" || name == "input") && kind_up(1) == "ref" {
                    (TokenKind::Variable, LIBRARY)
                } else {
                    (TokenKind::Namespace, PLAIN)
                });
            }
            Some(("rule_head_name", n)) => {
                let head = up(n + 1).filter(|h| h.kind() == "rule_head");
                let function = head.is_some_and(|h| h.child_by_field_name("args").is_some());
                return Some((if function { TokenKind::Function } else { TokenKind::Rule }, DECLARATION));
            }
            _ => {}
        }
        let parent = up(1)?;
        match parent.kind() {
            "ref_dot" => self.ref_part(up(2)?, up(3), range),
            "ref" if field == Some("head") => {
                let function = is_function(parent, up(2));
                match self.head(name, function, parent) {
                    Head::Data if name == "data" => Some((TokenKind::Variable, LIBRARY)),
                    Head::Data => Some((TokenKind::Namespace, PLAIN)),
                    Head::Input => Some((TokenKind::Variable, LIBRARY)),
                    Head::Rule => Some((TokenKind::Rule, PLAIN)),
                    Head::Builtin => Some((TokenKind::Namespace, LIBRARY)),
                    Head::Unknown => None,
                }
            }
            "call" if field == Some("function") => {
                let library = (self.is_builtin)(name) && !(self.is_rule)(name);
                Some((TokenKind::Function, if library { LIBRARY } else { PLAIN }))
            }
            _ => match self.head(name, false, var) {
                Head::Data if name == "data" => Some((TokenKind::Variable, LIBRARY)),
                // An import alias read as a value: most often a rule imported by name
                // (`import data.vigil.lib.kubernetes.containers`).
                Head::Data => Some((TokenKind::Rule, PLAIN)),
                Head::Input => Some((TokenKind::Variable, LIBRARY)),
                Head::Rule => Some((TokenKind::Rule, PLAIN)),
                _ if parent.kind() == "with" && (self.is_builtin)(name) => {
                    Some((TokenKind::Function, LIBRARY))
                }
                _ => None,
            },
        }
    }

    /// The local variable an occurrence at `range` is, if any.
    fn local(&self, range: TextRange) -> Option<usize> {
        let locals = &self.analysis.locals;
        let i = locals.partition_point(|o| o.range.start < range.start);
        locals.get(i).filter(|o| o.range == range).map(|o| o.var)
    }

    fn head(&self, name: &str, function: bool, reference: Node<'_>) -> Head {
        match name {
            "data" => Head::Data,
            "input" => Head::Input,
            _ if self.analysis.bindings.iter().any(|b| b.alias == name) => {
                match self.analysis.bindings.iter().find(|b| b.alias == name).and_then(|b| b.target.as_ref())
                {
                    Some(_) => Head::Data,
                    None => Head::Input,
                }
            }
            _ if (self.is_rule)(name) => Head::Rule,
            _ if function && reference.kind() == "ref" => {
                let called = node_text(&reference, self.text);
                if (self.is_builtin)(called) {
                    Head::Builtin
                } else {
                    Head::Unknown
                }
            }
            _ => Head::Unknown,
        }
    }

    /// A `.name` part of `reference`: of a called function, the function and its
    /// namespaces; of a path into `data`, namespaces then (last) the rule read.
    fn ref_part(
        &self,
        reference: Node<'_>,
        above: Option<Node<'_>>,
        range: TextRange,
    ) -> Option<(TokenKind, Modifiers)> {
        let head = reference.child_by_field_name("head").filter(|h| h.kind() == "var")?;
        let head_name = node_text(&head, self.text);
        if self.local(TextRange::from_node(&head)).is_some() {
            return None;
        }
        let function = is_function(reference, above);
        let segs = ref_segments(reference, self.text);
        let index = segs.iter().position(|s| s.span.range == range)?;
        let last = index + 1 == segs.len();
        match self.head(head_name, function, reference) {
            Head::Data | Head::Builtin if function => {
                let library = (self.is_builtin)(node_text(&reference, self.text));
                let modifiers = if library { LIBRARY } else { PLAIN };
                Some((if last { TokenKind::Function } else { TokenKind::Namespace }, modifiers))
            }
            Head::Data => Some((if last { TokenKind::Rule } else { TokenKind::Namespace }, PLAIN)),
            Head::Rule if function && last => Some((TokenKind::Function, PLAIN)),
            _ => None,
        }
    }
}

/// Whether a ref is the function of a call (`lib.f` of `lib.f(x)`).
fn is_function(reference: Node<'_>, parent: Option<Node<'_>>) -> bool {
    parent.is_some_and(|p| {
        p.kind() == "call" && p.child_by_field_name("function").is_some_and(|f| f.id() == reference.id())
    })
}
