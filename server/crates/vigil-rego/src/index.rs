//! What a policy file declares and uses, read from its syntax tree: its package,
//! imports, rules (and functions), and the functions it calls. The workspace's
//! files together resolve names across files and packages (see [`crate::check`]).

use vigil_syntax::{node_text, TextRange};

use crate::{Node, Tree};

/// A dotted path as written: `data.vigil.lib.f` is `["data", "vigil", "lib", "f"]`.
pub type Path = Vec<String>;

/// One file's declarations and calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileIndex {
    /// The package path (`vigil.aws.s3`), and where it is written.
    pub package: Option<(Path, TextRange)>,
    pub imports: Vec<Import>,
    pub rules: Vec<RuleDef>,
    pub calls: Vec<Call>,
}

impl FileIndex {
    /// The path below `data` that a dotted name written in this file spells, as the
    /// policy engine reads it: `data.x.f` is absolute, `lib.f` goes through
    /// `import data.vigil.lib` (or `import data.x as lib`), a bare `f` is a rule of
    /// the file's package, and so is `r.f` when `head_is_rule` (its head names a
    /// rule of the package rather than a built-in namespace such as `strings`).
    /// `None` for a name that leads nowhere in `data`: `input...`, an import of
    /// something other than `data`, a dotted name with any other head. Local
    /// variables are the caller's to rule out first: this index does not know them.
    pub fn resolve(&self, written: &[String], head_is_rule: bool) -> Option<Path> {
        let (first, rest) = written.split_first()?;
        if first == "data" {
            return (!rest.is_empty()).then(|| rest.to_vec());
        }
        if let Some(import) = self.imports.iter().find(|i| i.alias == *first) {
            let (root, below) = import.path.split_first()?;
            if root != "data" || below.is_empty() {
                return None;
            }
            return Some(below.iter().chain(rest).cloned().collect());
        }
        if first == "input" || (!rest.is_empty() && !head_is_rule) {
            return None;
        }
        let mut path = self.package.as_ref().map(|(p, _)| p.clone()).unwrap_or_default();
        path.extend(written.iter().cloned());
        Some(path)
    }
}

/// `import data.vigil.lib` (alias `lib`), `import data.x.y as z`, `import rego.v1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub path: Path,
    /// The name the import binds: its `as` name, else the path's last part.
    pub alias: String,
    pub range: TextRange,
}

/// A rule or function definition (each head of a rule with several definitions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDef {
    /// The rule's path below the package: `deny` for `deny contains x` and
    /// `deny[x]`, `a.b` for `a.b := 1`.
    pub name: Path,
    /// Where the name is written.
    pub range: TextRange,
    /// The number of parameters of a function; `None` for a rule.
    pub params: Option<usize>,
}

/// A function call: the function's path as written, where, and how many arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub function: Path,
    pub range: TextRange,
    pub arguments: usize,
    /// Each argument written as a literal: its type (`string`, `number`, `boolean`,
    /// `null`, `array`, `set`, `object`) and range; `None` for any other expression.
    pub literals: Vec<Option<(&'static str, TextRange)>>,
}

/// The type of a literal term (a collection comprehension is its collection).
fn literal_type(node: Node<'_>) -> Option<&'static str> {
    Some(match node.kind() {
        "string" | "raw_string" | "template_string" => "string",
        "number" => "number",
        "true" | "false" => "boolean",
        "null" => "null",
        "array" | "array_comprehension" => "array",
        "set" | "set_comprehension" => "set",
        "object" | "object_comprehension" => "object",
        _ => return None,
    })
}

/// The static path of a `var` or a `ref` node (`a.b["c"]`); `None` when a part is
/// computed (`a[x]`, `f(x).y`).
pub fn static_path(node: Node<'_>, text: &str) -> Option<Path> {
    match node.kind() {
        "var" => Some(vec![node_text(&node, text).to_string()]),
        "ref" => {
            let head = node.child_by_field_name("head")?;
            let mut path = static_path(head, text).filter(|_| head.kind() == "var")?;
            let mut cursor = node.walk();
            for part in node.named_children(&mut cursor).skip(1) {
                match part.kind() {
                    "ref_dot" => path.push(node_text(&part.child_by_field_name("name")?, text).to_string()),
                    "ref_brack" => {
                        let key = part.child_by_field_name("key")?;
                        if key.kind() != "string" {
                            return None;
                        }
                        let quoted = node_text(&key, text);
                        path.push(quoted.get(1..quoted.len().saturating_sub(1))?.to_string());
                    }
                    _ => return None,
                }
            }
            Some(path)
        }
        _ => None,
    }
}

/// The rule path of a head name: `deny[msg]` names `deny` (a partial set in v0);
/// `a.b[k] := v` names `a.b`.
fn rule_path(name: Node<'_>, text: &str) -> Option<Path> {
    let inner = name.named_child(0)?;
    if inner.kind() == "var" {
        return Some(vec![node_text(&inner, text).to_string()]);
    }
    let mut path = vec![node_text(&inner.child_by_field_name("head")?, text).to_string()];
    let mut cursor = inner.walk();
    for part in inner.named_children(&mut cursor).skip(1) {
        match part.kind() {
            "ref_dot" => path.push(node_text(&part.child_by_field_name("name")?, text).to_string()),
            // A bracket with a string names a part; any other is a key of the rule.
            "ref_brack" => match part.child_by_field_name("key") {
                Some(key) if key.kind() == "string" => {
                    let quoted = node_text(&key, text);
                    path.push(quoted.get(1..quoted.len().saturating_sub(1))?.to_string());
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some(path)
}

/// Reads a file's declarations and calls (with `crate::walk`'s cursor walk: trees
/// of hostile depth cost heap, not stack).
pub fn index(tree: &Tree, text: &str) -> FileIndex {
    let mut out = FileIndex::default();
    crate::walk::preorder(tree.root_node(), |node, _, _| {
        match node.kind() {
            "package" => {
                if let Some(path) = node.child_by_field_name("path") {
                    if let Some(p) = static_path(path, text) {
                        out.package.get_or_insert((p, TextRange::from_node(&path)));
                    }
                }
            }
            "import" => {
                if let Some(path) = node.child_by_field_name("path").and_then(|p| static_path(p, text)) {
                    let alias = match node.child_by_field_name("alias") {
                        Some(a) => node_text(&a, text).to_string(),
                        None => path.last().cloned().unwrap_or_default(),
                    };
                    out.imports.push(Import { path, alias, range: TextRange::from_node(&node) });
                }
            }
            "rule_head" => {
                if let Some(name) = node.child_by_field_name("name") {
                    if let Some(path) = rule_path(name, text) {
                        let params = node.child_by_field_name("args").map(|a| a.named_child_count());
                        out.rules.push(RuleDef { name: path, range: TextRange::from_node(&name), params });
                    }
                }
            }
            "call" => {
                if let Some(function) = node.child_by_field_name("function") {
                    if let Some(path) = static_path(function, text) {
                        let literals: Vec<Option<(&'static str, TextRange)>> = node
                            .child_by_field_name("arguments")
                            .map(|a| {
                                let mut cursor = a.walk();
                                a.named_children(&mut cursor)
                                    .filter(|n| n.kind() != "comment")
                                    .map(|n| literal_type(n).map(|t| (t, TextRange::from_node(&n))))
                                    .collect()
                            })
                            .unwrap_or_default();
                        out.calls.push(Call {
                            function: path,
                            range: TextRange::from_node(&function),
                            arguments: literals.len(),
                            literals,
                        });
                    }
                }
            }
            _ => {}
        }
        true
    });
    out
}
