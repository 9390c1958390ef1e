//! What every name of a policy file stands for: each local variable with its
//! declaration and occurrences, and each written path (`lib.f`, `data.x.r`, a rule
//! head, a package line) as the absolute path below `data` it spells, part by part.
//! Every navigation feature reads names through this one analysis, so that
//! highlights, references, rename and tokens agree on what a name is.
//!
//! Rego's scoping, as read here: a rule's parameters are visible in all its bodies
//! (the main one and each `else`); a rule body, each `else`, each comprehension and
//! each `every` body is a scope that sees the scopes around it. `x :=`, `some x`,
//! `every x` and parameters declare explicitly and shadow rules and imports. A bare
//! name that is none of those, nor a rule of the package, an import alias, `input`
//! or `data`, is a unification variable declared where it first occurs in its scope
//! (in a body before a rule's or a comprehension's head, which only read it).

use std::collections::{HashMap, HashSet};

use vigil_syntax::{node_text, TextRange};

use crate::index::{FileIndex, Path};
use crate::walk::preorder;
use crate::{Node, Tree};

/// Where a part of a name is written, and whether its text is the part itself (an
/// alias bound by `as` stands for a path without spelling it: renaming the path
/// leaves the alias alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub range: TextRange,
    pub renamable: bool,
}

/// One part after a ref's head: `.name`, or `["key"]` (its range is then the key
/// without its quotes, so that a rename replaces the name only).
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub name: String,
    pub span: Span,
}

/// A local variable of a rule: a parameter, a declared variable or a unification
/// variable.
#[derive(Debug, Clone)]
pub(crate) struct Var {
    pub name: String,
    pub decl: TextRange,
    pub param: bool,
    /// The index in [`Analysis::rules`] of the rule the variable belongs to.
    pub rule: usize,
}

/// One occurrence of a local variable. `write` when it declares or assigns it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalOcc {
    pub range: TextRange,
    pub var: usize,
    pub write: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    /// The file's `package` line.
    Package,
    /// An `import data...` path.
    Import,
    /// A rule's or a function's name where it is defined.
    RuleHead,
    /// Any other use: a reference, a call, a `with` target.
    Use,
}

/// A written name, read as the absolute path below `data` that it spells.
#[derive(Debug, Clone)]
pub(crate) struct NameOcc {
    pub kind: NameKind,
    pub path: Path,
    /// Where each part of `path` is written, one per part; `None` for a part the
    /// text implies (the package of an unqualified name, the import behind an alias).
    pub spans: Vec<Option<Span>>,
    /// For a use whose head is written as a name of the rule's own (`f(x)`,
    /// `r.field`, or `f(x)` through `import data.lib.f`), the index of that head in
    /// `path`: a local of the same name would capture it.
    pub bare: Option<usize>,
    /// The rule the name is written in, an index in [`Analysis::rules`].
    pub rule: Option<usize>,
}

/// A name an import binds.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub alias: String,
    /// The path below `data` it stands for; `None` for an `import input...`.
    pub target: Option<Path>,
    /// Bound with `as`.
    pub explicit: bool,
}

/// A file's names. `locals` is sorted by position.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    pub package: Path,
    pub bindings: Vec<Binding>,
    /// Every `rule` node's range, in the order of the text.
    pub rules: Vec<TextRange>,
    pub vars: Vec<Var>,
    pub locals: Vec<LocalOcc>,
    pub names: Vec<NameOcc>,
}

impl Analysis {
    /// Whether a bare `name` in a body stands for something outside the rule: a rule
    /// of the package (in this file or, by `is_package_rule`, another), an import
    /// alias, `input` or `data`.
    pub fn is_global(
        &self,
        name: &str,
        own_rules: &HashSet<String>,
        is_package_rule: &dyn Fn(&str) -> bool,
    ) -> bool {
        name == "input"
            || name == "data"
            || self.bindings.iter().any(|b| b.alias == name)
            || own_rules.contains(name)
            || is_package_rule(name)
    }

    /// The local occurrence at `offset` (a cursor just after a name is on it).
    pub fn local_at(&self, offset: u32) -> Option<&LocalOcc> {
        pick(self.locals.iter().map(|o| (o.range, o)), offset)
    }

    /// The written name part at `offset`: the name and the index of the part.
    pub fn name_at(&self, offset: u32) -> Option<(&NameOcc, usize)> {
        let parts = self
            .names
            .iter()
            .flat_map(|n| n.spans.iter().enumerate().filter_map(move |(i, s)| s.map(|s| (s.range, (n, i)))));
        pick(parts, offset)
    }

    /// The variables of `rule` named `name`.
    pub fn vars_named<'s>(&'s self, rule: usize, name: &'s str) -> impl Iterator<Item = &'s Var> + 's {
        self.vars.iter().filter(move |v| v.rule == rule && v.name == name)
    }
}

/// The item whose range holds `offset`, preferring one it is inside of to one it
/// ends (in `a+b` with the cursor after `a`, `a`).
fn pick<T>(items: impl Iterator<Item = (TextRange, T)>, offset: u32) -> Option<T> {
    let mut touching = None;
    for (range, item) in items {
        if range.start <= offset && offset < range.end {
            return Some(item);
        }
        if range.end == offset && touching.is_none() && !range.is_empty() {
            touching = Some(item);
        }
    }
    touching
}

/// Reads a file's names. `is_package_rule` tells the rules of the file's package
/// that other files define (the file's own are read from `index`).
pub(crate) fn analyze(
    tree: &Tree,
    text: &str,
    index: &FileIndex,
    is_package_rule: &dyn Fn(&str) -> bool,
) -> Analysis {
    let mut analysis = Analysis {
        package: index.package.as_ref().map(|(p, _)| p.clone()).unwrap_or_default(),
        ..Analysis::default()
    };
    let mut rules = Vec::new();
    let mut package_seen = false;
    preorder(tree.root_node(), |node, _, _| match node.kind() {
        "package" => {
            if !package_seen {
                package_seen = true;
                read_package(&mut analysis, node, text);
            }
            false
        }
        "import" => {
            read_import(&mut analysis, node, text);
            false
        }
        "rule" => {
            rules.push(node);
            false
        }
        _ => true,
    });
    let own_rules: HashSet<String> = index.rules.iter().filter_map(|r| r.name.first().cloned()).collect();
    for node in rules {
        let rule = analysis.rules.len();
        analysis.rules.push(TextRange::from_node(&node));
        RulePass::new(text, rule).run(node, &mut analysis, index, &own_rules, is_package_rule);
    }
    analysis.locals.sort_by_key(|o| (o.range.start, o.range.end));
    analysis
}

fn read_package(analysis: &mut Analysis, node: Node<'_>, text: &str) {
    let Some(path) = node.child_by_field_name("path") else { return };
    let Some((head, segs)) = name_parts(path, text) else { return };
    let mut parts = vec![head];
    parts.extend(segs);
    analysis.names.push(NameOcc {
        kind: NameKind::Package,
        path: parts.iter().map(|s| s.name.clone()).collect(),
        spans: parts.iter().map(|s| Some(Span { renamable: false, ..s.span })).collect(),
        bare: None,
        rule: None,
    });
}

fn read_import(analysis: &mut Analysis, node: Node<'_>, text: &str) {
    let Some(path) = node.child_by_field_name("path") else { return };
    let Some((head, segs)) = name_parts(path, text) else { return };
    let alias_node = node.child_by_field_name("alias");
    let alias = match alias_node {
        Some(a) => node_text(&a, text).to_string(),
        None => segs.last().map_or_else(|| head.name.clone(), |s| s.name.clone()),
    };
    let target = match head.name.as_str() {
        "data" => Some(segs.iter().map(|s| s.name.clone()).collect::<Path>()),
        "input" => None,
        // `import rego.v1`, `import future.keywords.in`: no name bound.
        _ => return,
    };
    if let Some(path) = &target {
        if !path.is_empty() {
            analysis.names.push(NameOcc {
                kind: NameKind::Import,
                path: path.clone(),
                spans: segs.iter().map(|s| Some(s.span)).collect(),
                bare: None,
                rule: None,
            });
        }
    }
    analysis.bindings.push(Binding { alias, target, explicit: alias_node.is_some() });
}

/// The head and static parts of a `var` or a `ref` with a `var` head.
pub(crate) fn name_parts(node: Node<'_>, text: &str) -> Option<(Seg, Vec<Seg>)> {
    match node.kind() {
        "var" => Some((var_seg(node, text), Vec::new())),
        "ref" => {
            let head = node.child_by_field_name("head").filter(|h| h.kind() == "var")?;
            Some((var_seg(head, text), ref_segments(node, text)))
        }
        _ => None,
    }
}

fn var_seg(node: Node<'_>, text: &str) -> Seg {
    Seg {
        name: node_text(&node, text).to_string(),
        span: Span { range: TextRange::from_node(&node), renamable: true },
    }
}

/// The parts after a ref's head that are written as names (`.name`, `["key"]`), up
/// to the first computed one.
pub(crate) fn ref_segments(node: Node<'_>, text: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    for part in node.named_children(&mut cursor).skip(1) {
        match part.kind() {
            "comment" => {}
            "ref_dot" => match part.child_by_field_name("name") {
                Some(name) => out.push(var_seg(name, text)),
                None => break,
            },
            "ref_brack" => match part.child_by_field_name("key").and_then(|k| string_key(k, text)) {
                Some(seg) => out.push(seg),
                None => break,
            },
            _ => break,
        }
    }
    out
}

/// A string key's content, with the range of the content alone.
fn string_key(key: Node<'_>, text: &str) -> Option<Seg> {
    if !matches!(key.kind(), "string" | "raw_string") || key.has_error() {
        return None;
    }
    let range = TextRange::from_node(&key);
    if range.len() < 2 {
        return None;
    }
    let inner = TextRange::new(range.start + 1, range.end - 1);
    let name = text.get(inner.as_usize())?.to_string();
    // An escape spells the name differently from the name: leave it as it is.
    let renamable = key.named_child_count() == 0 && !name.contains('\\');
    Some(Seg { name, span: Span { range: inner, renamable } })
}

/// How a node's place reads the variables under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A body: bare names are uses, or unification variables.
    Expr,
    /// A rule's or a comprehension's result: uses only, read after the body.
    Head,
    /// A rule's name where it is defined.
    RuleName,
    /// A function's parameters.
    Param,
    /// The left of `:=`, the names of `some`.
    Declare,
    /// A called function or a `with` target: a name outside the rule.
    Skip,
}

struct Scope {
    parent: Option<usize>,
    explicit: HashMap<String, usize>,
    unified: HashMap<String, usize>,
}

impl Scope {
    fn new(parent: Option<usize>) -> Self {
        Scope { parent, explicit: HashMap::new(), unified: HashMap::new() }
    }
}

/// A bare name in a body, resolved once all the rule's declarations are known.
struct Pending {
    name: String,
    range: TextRange,
    scope: usize,
    head: bool,
    /// The parts after it when it heads a ref.
    segs: Vec<Seg>,
}

/// A name read without regard to locals: a called function, a `with` target.
struct Direct {
    head: Seg,
    segs: Vec<Seg>,
}

const PARAMS: usize = 0;
const MAIN: usize = 1;

/// The analysis of one rule (all its heads and bodies).
struct RulePass<'s> {
    text: &'s str,
    rule: usize,
    scopes: Vec<Scope>,
    pending: Vec<Pending>,
    direct: Vec<Direct>,
    heads: Vec<(Seg, Vec<Seg>)>,
    /// Declarations as they occur: (scope, name, range, parameter).
    decls: Vec<(usize, String, TextRange, bool)>,
}

impl<'s> RulePass<'s> {
    fn new(text: &'s str, rule: usize) -> Self {
        RulePass {
            text,
            rule,
            scopes: vec![Scope::new(None), Scope::new(Some(PARAMS))],
            pending: Vec::new(),
            direct: Vec::new(),
            heads: Vec::new(),
            decls: Vec::new(),
        }
    }

    fn new_scope(&mut self, parent: usize) -> usize {
        self.scopes.push(Scope::new(Some(parent)));
        self.scopes.len() - 1
    }

    fn run(
        mut self,
        rule: Node<'_>,
        analysis: &mut Analysis,
        index: &FileIndex,
        own_rules: &HashSet<String>,
        is_package_rule: &dyn Fn(&str) -> bool,
    ) {
        self.collect(rule);
        // Explicit declarations first: they are visible wherever their scope is.
        let decls = std::mem::take(&mut self.decls);
        for (scope, name, range, param) in decls {
            let var = match self.scopes[scope].explicit.get(&name) {
                Some(&v) => v,
                None => {
                    let v = analysis.vars.len();
                    analysis.vars.push(Var { name: name.clone(), decl: range, param, rule: self.rule });
                    self.scopes[scope].explicit.insert(name, v);
                    v
                }
            };
            analysis.locals.push(LocalOcc { range, var, write: true });
        }
        // Unification variables, outer scopes first (a scope's index is above its
        // parent's), bodies before heads, then in the order of the text.
        let mut order: Vec<usize> = (0..self.pending.len()).collect();
        order.sort_by_key(|&i| {
            let p = &self.pending[i];
            (p.scope, p.head, p.range.start)
        });
        for &i in &order {
            let p = &self.pending[i];
            if self.lookup(p.scope, &p.name).is_none()
                && !analysis.is_global(&p.name, own_rules, is_package_rule)
            {
                let v = analysis.vars.len();
                analysis.vars.push(Var {
                    name: p.name.clone(),
                    decl: p.range,
                    param: false,
                    rule: self.rule,
                });
                self.scopes[p.scope].unified.insert(p.name.clone(), v);
            }
        }
        let is_rule = |name: &str| own_rules.contains(name) || is_package_rule(name);
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            match self.lookup(p.scope, &p.name) {
                Some(var) => analysis.locals.push(LocalOcc {
                    range: p.range,
                    var,
                    write: analysis.vars.get(var).is_some_and(|v| v.decl == p.range),
                }),
                None => {
                    let head = Seg { name: p.name, span: Span { range: p.range, renamable: true } };
                    if let Some(name) = resolve_use(analysis, index, head, p.segs, false, &is_rule) {
                        analysis.names.push(NameOcc { rule: Some(self.rule), ..name });
                    }
                }
            }
        }
        for d in std::mem::take(&mut self.direct) {
            if let Some(name) = resolve_use(analysis, index, d.head, d.segs, true, &is_rule) {
                analysis.names.push(NameOcc { rule: Some(self.rule), ..name });
            }
        }
        for (head, segs) in std::mem::take(&mut self.heads) {
            let mut path = analysis.package.clone();
            let mut spans = vec![None; path.len()];
            for seg in std::iter::once(head).chain(segs) {
                path.push(seg.name);
                spans.push(Some(seg.span));
            }
            analysis.names.push(NameOcc {
                kind: NameKind::RuleHead,
                path,
                spans,
                bare: None,
                rule: Some(self.rule),
            });
        }
    }

    fn lookup(&self, scope: usize, name: &str) -> Option<usize> {
        let mut at = Some(scope);
        while let Some(i) = at {
            let s = self.scopes.get(i)?;
            if let Some(&v) = s.explicit.get(name).or_else(|| s.unified.get(name)) {
                return Some(v);
            }
            at = s.parent;
        }
        None
    }

    /// Walks the rule once, recording scopes, declarations and bare names.
    fn collect(&mut self, rule: Node<'_>) {
        let text = self.text;
        let mut scope_stack: Vec<(usize, usize)> = Vec::new();
        let mut ctx_stack: Vec<(usize, Ctx)> = Vec::new();
        // The scope of each `every`'s body, made when the `every` is met so that its
        // names, written before the body, are declared in it.
        let mut every_scopes: HashMap<usize, usize> = HashMap::new();
        preorder(rule, |node, field, ancestors| {
            let depth = ancestors.len();
            while scope_stack.last().is_some_and(|&(d, _)| d >= depth) {
                scope_stack.pop();
            }
            while ctx_stack.last().is_some_and(|&(d, _)| d >= depth) {
                ctx_stack.pop();
            }
            let scope = scope_stack.last().map_or(MAIN, |&(_, s)| s);
            let outer = ctx_stack.last().map_or(Ctx::Expr, |&(_, c)| c);
            let parent = ancestors.last().copied();
            let parent_kind = parent.map_or("", |p| p.kind());
            let ctx = match (parent_kind, field) {
                ("some_decl", Some("name")) => Ctx::Declare,
                ("assignment", Some("left")) if parent.is_some_and(|p| is_declaration(p, text)) => {
                    Ctx::Declare
                }
                ("else", Some("value")) => Ctx::Head,
                ("array_comprehension" | "set_comprehension", Some("head")) => Ctx::Head,
                ("object_comprehension", Some("key" | "value")) => Ctx::Head,
                ("array_comprehension" | "set_comprehension" | "object_comprehension", Some("body")) => {
                    Ctx::Expr
                }
                ("with", Some("target")) | ("call", Some("function")) => Ctx::Skip,
                ("with", Some("value")) => Ctx::Expr,
                ("object_item", Some("key")) if outer == Ctx::Declare => Ctx::Expr,
                _ => match node.kind() {
                    "rule_head" => Ctx::Head,
                    "rule_head_name" => Ctx::RuleName,
                    "rule_args" => Ctx::Param,
                    "ref_brack" => match outer {
                        Ctx::RuleName => Ctx::Head,
                        Ctx::Skip | Ctx::Declare | Ctx::Param => Ctx::Expr,
                        c => c,
                    },
                    "arguments" if outer == Ctx::Skip => Ctx::Expr,
                    _ => outer,
                },
            };
            ctx_stack.push((depth, ctx));
            if ctx == Ctx::Skip && outer != Ctx::Skip {
                if let Some((head, segs)) = name_parts(node, text) {
                    self.direct.push(Direct { head, segs });
                }
            }
            match node.kind() {
                "else" => {
                    let s = self.new_scope(PARAMS);
                    scope_stack.push((depth, s));
                }
                "array_comprehension" | "set_comprehension" | "object_comprehension" => {
                    let s = self.new_scope(scope);
                    scope_stack.push((depth, s));
                }
                "every" => {
                    let s = self.new_scope(scope);
                    every_scopes.insert(node.id(), s);
                }
                "query_block" if parent_kind == "every" && field == Some("body") => {
                    if let Some(&s) = parent.and_then(|p| every_scopes.get(&p.id())) {
                        scope_stack.push((depth, s));
                    }
                }
                "rule_head_name" => {
                    if let Some(name) = node.named_child(0).and_then(|n| name_parts(n, text)) {
                        self.heads.push(name);
                    }
                }
                "var" => {
                    let name = node_text(&node, text);
                    if name == "_" || parent_kind == "ref_dot" {
                        return false;
                    }
                    let range = TextRange::from_node(&node);
                    if parent_kind == "every" && field == Some("name") {
                        if let Some(&s) = parent.and_then(|p| every_scopes.get(&p.id())) {
                            self.decls.push((s, name.to_string(), range, false));
                        }
                        return false;
                    }
                    match ctx {
                        Ctx::RuleName | Ctx::Skip => {}
                        Ctx::Param => self.decls.push((PARAMS, name.to_string(), range, true)),
                        Ctx::Declare => self.decls.push((scope, name.to_string(), range, false)),
                        Ctx::Expr | Ctx::Head => {
                            let segs = match parent {
                                Some(p) if parent_kind == "ref" && field == Some("head") => {
                                    ref_segments(p, text)
                                }
                                _ => Vec::new(),
                            };
                            self.pending.push(Pending {
                                name: name.to_string(),
                                range,
                                scope,
                                head: ctx == Ctx::Head,
                                segs,
                            });
                        }
                    }
                    return false;
                }
                _ => {}
            }
            true
        });
    }
}

/// `x := ...` declares; `x = ...` unifies.
fn is_declaration(assignment: Node<'_>, text: &str) -> bool {
    assignment.child_by_field_name("operator").is_some_and(|o| node_text(&o, text) == ":=")
}

/// The path a use outside the locals spells ([`FileIndex::resolve`]), with where
/// each part is written. `None` for `input...` and for a function whose dotted name
/// starts with neither `data`, an import nor a rule (a built-in such as
/// `strings.replace_n`).
fn resolve_use(
    analysis: &Analysis,
    index: &FileIndex,
    head: Seg,
    segs: Vec<Seg>,
    function: bool,
    is_rule: &dyn Fn(&str) -> bool,
) -> Option<NameOcc> {
    let written: Path = std::iter::once(&head).chain(&segs).map(|s| s.name.clone()).collect();
    // Outside a call, a name that is no local is a rule (or `data`, an import).
    let path = index.resolve(&written, !function || is_rule(&head.name))?;
    let binding = analysis.bindings.iter().find(|b| b.alias == head.name);
    let mut spans: Vec<Option<Span>> = Vec::with_capacity(path.len());
    if head.name != "data" {
        spans.push(Some(Span { renamable: binding.is_none_or(|b| !b.explicit), ..head.span }));
    }
    spans.extend(segs.iter().map(|s| Some(s.span)));
    let implied = path.len().checked_sub(spans.len())?;
    spans.splice(0..0, std::iter::repeat_n(None, implied));
    // Unqualified, or through an import whose alias is its last part: either way
    // the head's text is the name, which a local of the same name would capture.
    let bare = (head.name != "data" && binding.is_none_or(|b| !b.explicit)).then_some(implied);
    Some(NameOcc { kind: NameKind::Use, path, spans, bare, rule: None })
}
