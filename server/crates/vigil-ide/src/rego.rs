//! The policy editor's features as plain data: completion, signature help and
//! hovers in `.rego` files. What sets them apart is that Vigil knows the resources
//! the policies govern: `input.resource.values.` completes with the attributes of
//! the workspace's previewed resources of the types the policy selects, and a hover
//! on such a reference says which values they take.
//!
//! Names resolve as `vigil_rego::check` resolves calls: across every policy file the
//! engine loads (the built-in packs included), through imports and `data.` paths.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value;
use vigil_model::Stack;
use vigil_policy::{Enforcement, PolicySet, PolicySource, Severity};
use vigil_rego::builtins;
use vigil_rego::complete::{self, Context, Segment};
use vigil_rego::index::FileIndex;
pub use vigil_rego::navigate;
use vigil_syntax::TextRange;

/// A completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    /// One line shown beside the label: a signature, an example value.
    pub detail: Option<String>,
    /// Markdown shown when the item is selected.
    pub documentation: Option<String>,
    /// What is inserted in place of the word being typed, when it is not the label;
    /// a snippet (`$1`, `${1:name}`, `$0`) when `snippet`.
    pub insert: Option<String>,
    pub snippet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Keyword,
    Snippet,
    /// A rule of a package (`deny`, `is_public`).
    Rule,
    /// A function of a package (`has_tag(r, t)`).
    Function,
    Builtin,
    /// A package, a part of a package path, an import alias or a namespace of built-ins.
    Module,
    /// A key of a document: an attribute of `input.resource.values`, a METADATA key.
    Field,
    /// A value: an enforcement level, a resource type.
    Value,
    /// A variable of the rule being written.
    Variable,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: ItemKind) -> Self {
        CompletionItem {
            label: label.into(),
            kind,
            detail: None,
            documentation: None,
            insert: None,
            snippet: false,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn doc(mut self, doc: impl Into<String>) -> Self {
        self.documentation = Some(doc.into());
        self
    }

    fn snippet(mut self, text: impl Into<String>) -> Self {
        self.insert = Some(text.into());
        self.snippet = true;
        self
    }
}

/// What a resource's values look like across the workspace, per resource type:
/// every key seen at each level (blocks written once or several times merged) and,
/// for scalars, the values seen with how many resources have each.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    by_type: BTreeMap<String, Shape>,
}

/// The keys and values seen at one path.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// How many resources have a value here.
    pub resources: usize,
    /// Scalar values as JSON (`"public-read"`, `true`), with their resource counts;
    /// at most [`MAX_VALUES`] distinct ones are kept (`more_values` says some were not).
    pub values: BTreeMap<String, usize>,
    pub more_values: bool,
    pub children: BTreeMap<String, Shape>,
}

/// Distinct scalar values kept per path.
pub const MAX_VALUES: usize = 12;

impl Shapes {
    /// The shapes of every resource of `stacks`.
    pub fn of(stacks: &[Stack]) -> Shapes {
        let mut shapes = Shapes::default();
        for resource in stacks.iter().flat_map(|s| &s.resources) {
            let shape = shapes.by_type.entry(resource.r#type.clone()).or_default();
            let mut seen = BTreeSet::new();
            shape.add(&resource.values, &mut seen, "");
        }
        shapes
    }

    /// The resource types seen, in order.
    pub fn types(&self) -> impl Iterator<Item = &str> {
        self.by_type.keys().map(String::as_str)
    }

    /// The shapes at `path` below `values` of the resources of `types` (all types
    /// when empty); elements of lists are their list's path.
    fn at<'s>(&'s self, types: &[String], path: &[Segment]) -> Vec<&'s Shape> {
        let mut shapes: Vec<&Shape> = self
            .by_type
            .iter()
            .filter(|(t, _)| types.is_empty() || types.iter().any(|s| s == *t))
            .map(|(_, s)| s)
            .collect();
        for segment in path {
            let Segment::Name(name) = segment else { continue };
            shapes = shapes.into_iter().filter_map(|s| s.children.get(name)).collect();
        }
        shapes
    }
}

impl Shape {
    /// Adds a value found on one resource; `seen` keeps a resource counted once per
    /// path (a block written three times is one resource with the block).
    fn add(&mut self, value: &Value, seen: &mut BTreeSet<String>, path: &str) {
        if seen.insert(path.to_string()) {
            self.resources += 1;
        }
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let child = format!("{path}/{k}");
                    self.children.entry(k.clone()).or_default().add(v, seen, &child);
                }
            }
            // A block written several times: its elements are the path's values.
            Value::Array(items) if items.iter().any(Value::is_object) => {
                for item in items {
                    if let Value::Object(map) = item {
                        for (k, v) in map {
                            let child = format!("{path}/{k}");
                            self.children.entry(k.clone()).or_default().add(v, seen, &child);
                        }
                    }
                }
            }
            // Values known only after apply are `"${...}"` placeholders: not values.
            Value::String(s) if s.starts_with("${") => {}
            Value::Array(_) | Value::Null => {}
            scalar => {
                let rendered = scalar.to_string();
                if self.values.len() < MAX_VALUES || self.values.contains_key(&rendered) {
                    *self.values.entry(rendered).or_default() += 1;
                } else {
                    self.more_values = true;
                }
            }
        }
    }

    /// "public-read in 2 resources, private in 5".
    fn summary(&self) -> String {
        let mut values: Vec<(&String, &usize)> = self.values.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut parts: Vec<String> = values
            .iter()
            .map(|(v, n)| format!("`{v}` in {n} resource{}", if **n == 1 { "" } else { "s" }))
            .collect();
        if self.more_values {
            parts.push("and other values".into());
        }
        parts.join(", ")
    }
}

/// The policy files of the workspace (the built-in packs included) and what they
/// declare: the names completion, hovers and navigation resolve.
pub struct PolicyFiles {
    files: Vec<(String, Arc<str>, Arc<FileIndex>)>,
    /// Each file's tree (`None` for one nested too deep to parse), in the same order.
    trees: Vec<Option<vigil_rego::Tree>>,
}

impl PolicyFiles {
    pub fn new(sources: &[PolicySource]) -> PolicyFiles {
        let mut files = Vec::with_capacity(sources.len());
        let mut trees = Vec::with_capacity(sources.len());
        for s in sources {
            let tree = vigil_rego::parse(&s.text, None).tree;
            let index = tree.as_ref().map(|t| vigil_rego::index::index(t, &s.text)).unwrap_or_default();
            files.push((s.path.clone(), Arc::from(s.text.as_str()), Arc::new(index)));
            trees.push(tree);
        }
        PolicyFiles { files, trees }
    }

    /// Runs `f` on the files as navigation reads them (see [`vigil_rego::navigate`]),
    /// with the file `path` at its current `text` (the editor's, newer than the
    /// analysis's); `None` when that text is nested too deep to parse.
    pub fn navigate<R>(
        &self,
        path: &str,
        text: &str,
        f: impl FnOnce(&[navigate::File<'_>]) -> R,
    ) -> Option<R> {
        let tree = vigil_rego::parse(text, None).tree?;
        let index = vigil_rego::index::index(&tree, text);
        let mut files: Vec<navigate::File<'_>> = self
            .files
            .iter()
            .zip(&self.trees)
            .filter(|((p, _, _), _)| p != path)
            .filter_map(|((path, text, index), tree)| {
                Some(navigate::File { path, text, tree: tree.as_ref()?, index })
            })
            .collect();
        files.push(navigate::File { path, text, tree: &tree, index: &index });
        Some(f(&files))
    }

    /// Every package path (`vigil.lib`), in order, once.
    fn packages(&self) -> BTreeSet<String> {
        self.files.iter().filter_map(|(_, _, i)| i.package.as_ref().map(|(p, _)| p.join("."))).collect()
    }

    /// The rules of a package (each name once): name, parameter count.
    fn rules_of(&self, package: &str, except_file: Option<&str>) -> BTreeMap<String, Option<usize>> {
        let mut out = BTreeMap::new();
        for (path, _, index) in &self.files {
            if Some(path.as_str()) == except_file {
                continue;
            }
            if index.package.as_ref().is_some_and(|(p, _)| p.join(".") == package) {
                for rule in &index.rules {
                    out.entry(rule.name.join(".")).or_insert(rule.params);
                }
            }
        }
        out
    }
}

/// What the editor knows around the file being edited.
pub struct Workspace<'a> {
    pub files: &'a PolicyFiles,
    pub policies: &'a PolicySet,
    pub shapes: &'a Shapes,
    /// The compliance frameworks whose controls a policy's card names.
    pub frameworks: &'a vigil_policy::Frameworks,
}

/// The completions at `offset` of the policy file `path` (its current `text`), and
/// the range they replace.
pub fn completion(
    ws: &Workspace<'_>,
    path: &str,
    text: &str,
    offset: usize,
) -> (Vec<CompletionItem>, TextRange) {
    let (context, mut range) = complete::context(text, offset);
    let index = vigil_rego::index_text(text);
    let package = index.package.as_ref().map(|(p, _)| p.join(".")).unwrap_or_default();
    let mut items = match &context {
        Context::Nothing => vec![],
        Context::Member { parts, .. } => members(ws, &index, path, text, parts),
        Context::Import { parts, .. } => import_paths(ws, parts),
        Context::Name { .. } => names(ws, &index, &package, path, text, offset),
        Context::TopLevel { .. } => top_level(ws, &index, &package, path),
        Context::Metadata { keys, key, .. } => {
            if key.as_deref() == Some("resources") {
                // Types are written with `::`, `:` and `/`: the word is all of it.
                let start = text[..offset]
                    .rfind(|c: char| c.is_whitespace() || "[,\"'".contains(c))
                    .map_or(0, |i| i + 1);
                range = TextRange::from_usize(start, offset);
            }
            metadata(ws, keys, key.as_deref())
        }
    };
    let prefix = &text[range.as_usize()];
    items.retain(|i| matches_prefix(&i.label, prefix));
    items.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
    items.dedup_by(|a, b| a.label == b.label && a.kind == b.kind);
    (items, range)
}

/// Whether the letters of `prefix` appear in `label` in order (case-insensitive),
/// the first one at the start: what editors filter by.
fn matches_prefix(label: &str, prefix: &str) -> bool {
    let mut letters = label.chars().map(|c| c.to_ascii_lowercase());
    let mut wanted = prefix.chars().map(|c| c.to_ascii_lowercase());
    match wanted.next() {
        None => true,
        Some(first) => letters.next() == Some(first) && wanted.all(|w| letters.any(|l| l == w)),
    }
}

/// What `input.resource` holds (see `Resource::to_input`).
const RESOURCE_FIELDS: &[(&str, &str)] = &[
    (
        "address",
        "the resource's address (`aws_s3_bucket.logs[0]`, `AWS::S3::Bucket` logical id, `Deployment/web`)",
    ),
    ("type", "the resource type the policy's `resources` selector matches"),
    ("name", "the resource's name in its file"),
    ("mode", "`managed` or `data`"),
    ("source", "the format it was read from: terraform, cloudformation, kubernetes, pulumi"),
    ("provider", "the provider (`aws`, `kubernetes`)"),
    ("file", "the file it is written in"),
    ("values", "what the resource would be created with"),
    ("references", "per attribute (JSON Pointer), the addresses of the resources it refers to"),
    ("unknown", "JSON Pointers of the values known only after apply"),
];

/// What `data.vigil.stack` holds.
const STACK_FIELDS: &[(&str, &str)] = &[
    ("resources", "every resource of the stack, as `input.resource`"),
    ("by_type", "the stack's resources by type"),
    ("by_address", "the stack's resources by address"),
    (
        "referrers",
        "per address, the attributes of other resources that name it (`address`, `type`, `pointer`)",
    ),
];

fn fields(fields: &[(&str, &str)]) -> Vec<CompletionItem> {
    fields.iter().map(|(name, doc)| CompletionItem::new(*name, ItemKind::Field).doc(*doc)).collect()
}

/// The resource types the policy in `path` selects (its METADATA's `resources`):
/// as loaded, else as written in `text` (a policy being typed does not load); none
/// for a library.
fn selected_types(ws: &Workspace<'_>, path: &str, text: &str) -> Vec<String> {
    match ws.policies.policies.iter().find(|p| p.meta.file == path) {
        Some(p) => p.meta.resources.clone(),
        None => written_resources(text),
    }
}

/// The `resources:` of a METADATA block as written: `[a, "b"]` or a YAML list below.
fn written_resources(text: &str) -> Vec<String> {
    let comments = text.lines().map(str::trim_start).take_while(|l| l.starts_with('#') || l.is_empty());
    let bodies: Vec<&str> = comments.map(|l| l.trim_start_matches('#').trim()).collect();
    let Some(at) = bodies.iter().position(|b| b.starts_with("resources:")) else { return vec![] };
    let unquote = |s: &str| s.trim().trim_matches(['"', '\'']).to_string();
    let inline = bodies[at]["resources:".len()..].trim();
    if let Some(list) = inline.strip_prefix('[') {
        return list.trim_end_matches(']').split(',').map(unquote).filter(|s| !s.is_empty()).collect();
    }
    bodies[at + 1..].iter().map_while(|b| b.strip_prefix("- ")).map(unquote).collect()
}

fn members(
    ws: &Workspace<'_>,
    index: &FileIndex,
    path: &str,
    text: &str,
    parts: &[Segment],
) -> Vec<CompletionItem> {
    let Some(Segment::Name(head)) = parts.first() else { return vec![] };
    match head.as_str() {
        "input" => input_members(ws, path, text, &parts[1..]),
        "data" => data_members(ws, &parts[1..]),
        _ => {
            // An import alias: the path it names, then the rest.
            if let Some(import) = index.imports.iter().find(|i| i.alias == *head) {
                let mut full: Vec<Segment> = import.path.iter().cloned().map(Segment::Name).collect();
                full.extend(parts[1..].iter().cloned());
                return members(ws, &FileIndex::default(), path, text, &full);
            }
            // A namespace of built-ins: `strings.`, `crypto.x509.`.
            let Some(names) = parts.iter().map(Segment::name).collect::<Option<Vec<&str>>>() else {
                return vec![];
            };
            let namespace = format!("{}.", names.join("."));
            builtins::all()
                .iter()
                .filter_map(|b| Some((b, b.name.strip_prefix(&namespace)?)))
                .map(|(b, rest)| builtin_item(b, rest))
                .collect()
        }
    }
}

fn input_members(ws: &Workspace<'_>, path: &str, text: &str, parts: &[Segment]) -> Vec<CompletionItem> {
    match parts.first().and_then(Segment::name) {
        None => vec![
            CompletionItem::new("resource", ItemKind::Field).doc("the resource being checked"),
            CompletionItem::new("stack", ItemKind::Field)
                .doc("the stack being checked (prefer `data.vigil.stack`, which `lib` reads)"),
        ],
        Some("resource") => match parts.get(1).and_then(Segment::name) {
            None => fields(RESOURCE_FIELDS),
            Some("values") => {
                let types = selected_types(ws, path, text);
                let mut out: BTreeMap<String, CompletionItem> = BTreeMap::new();
                for shape in ws.shapes.at(&types, &parts[2..]) {
                    for (key, child) in &shape.children {
                        let item = out
                            .entry(key.clone())
                            .or_insert_with(|| CompletionItem::new(key, ItemKind::Field));
                        if item.detail.is_none() {
                            item.detail =
                                child.values.keys().next().map(|v| format!("e.g. {v}")).or_else(|| {
                                    (!child.children.is_empty())
                                        .then(|| format!("block: {}", keys_preview(child)))
                                });
                        }
                        let summary = child.summary();
                        if item.documentation.is_none() && !summary.is_empty() {
                            item.documentation = Some(format!("In the workspace: {summary}."));
                        }
                    }
                }
                out.into_values().collect()
            }
            Some(_) => vec![],
        },
        Some(_) => vec![],
    }
}

fn keys_preview(shape: &Shape) -> String {
    let keys: Vec<&str> = shape.children.keys().take(4).map(String::as_str).collect();
    let more = if shape.children.len() > 4 { ", ..." } else { "" };
    format!("{}{more}", keys.join(", "))
}

/// Members of `data.<parts>.`: packages below it, the rules of the package it
/// names, and `data.vigil.stack`'s fields.
fn data_members(ws: &Workspace<'_>, parts: &[Segment]) -> Vec<CompletionItem> {
    let Some(names) = parts.iter().map(Segment::name).collect::<Option<Vec<&str>>>() else { return vec![] };
    let path = names.join(".");
    if path == "vigil.stack" {
        return fields(STACK_FIELDS);
    }
    let mut items = Vec::new();
    if path == "vigil" {
        items.push(
            CompletionItem::new("stack", ItemKind::Field).doc("the stack of the resource being checked"),
        );
    }
    let below = if path.is_empty() { String::new() } else { format!("{path}.") };
    let mut next = BTreeSet::new();
    for package in ws.files.packages() {
        if let Some(rest) = package.strip_prefix(&below) {
            next.insert(rest.split('.').next().unwrap_or(rest).to_string());
        }
    }
    items.extend(next.into_iter().map(|n| CompletionItem::new(n, ItemKind::Module).detail("package")));
    if !path.is_empty() {
        items.extend(rule_items(ws.files.rules_of(&path, None), &path));
    }
    items
}

fn rule_items(rules: BTreeMap<String, Option<usize>>, package: &str) -> Vec<CompletionItem> {
    rules
        .into_iter()
        .map(|(name, params)| match params {
            Some(n) => {
                let args: Vec<String> = (1..=n).map(|i| format!("${{{i}}}")).collect();
                let insert = format!("{name}({})", args.join(", "));
                CompletionItem::new(name, ItemKind::Function)
                    .detail(format!("function of {package} ({n} argument{})", if n == 1 { "" } else { "s" }))
                    .snippet(insert)
            }
            None => CompletionItem::new(name, ItemKind::Rule).detail(format!("rule of {package}")),
        })
        .collect()
}

fn builtin_item(builtin: &builtins::Builtin, label: &str) -> CompletionItem {
    let args: Vec<String> =
        builtin.params.iter().enumerate().map(|(i, p)| format!("${{{}:{}}}", i + 1, p.name)).collect();
    let insert =
        if builtin.variadic { format!("{label}($1)") } else { format!("{label}({})", args.join(", ")) };
    CompletionItem::new(label, ItemKind::Builtin)
        .detail(builtin.signature())
        .doc(builtin.description)
        .snippet(insert)
}

fn import_paths(ws: &Workspace<'_>, parts: &[Segment]) -> Vec<CompletionItem> {
    match parts.first().and_then(Segment::name) {
        None => vec![
            CompletionItem::new("data", ItemKind::Module).detail("packages: data.vigil.lib, ..."),
            CompletionItem::new("input", ItemKind::Module),
            CompletionItem::new("rego.v1", ItemKind::Keyword)
                .detail("Rego v1 keywords (if, contains, in, every)"),
            CompletionItem::new("future.keywords", ItemKind::Keyword),
        ],
        Some("data") => {
            let Some(names) = parts[1..].iter().map(Segment::name).collect::<Option<Vec<&str>>>() else {
                return vec![];
            };
            let below = if names.is_empty() { String::new() } else { format!("{}.", names.join(".")) };
            let next: BTreeSet<String> = ws
                .files
                .packages()
                .iter()
                .filter_map(|p| p.strip_prefix(&below).map(|r| r.split('.').next().unwrap_or(r).to_string()))
                .collect();
            next.into_iter().map(|n| CompletionItem::new(n, ItemKind::Module).detail("package")).collect()
        }
        Some("rego") => vec![CompletionItem::new("v1", ItemKind::Keyword)],
        Some("input") => input_members(ws, "", "", &parts[1..]),
        _ => vec![],
    }
}

const BODY_KEYWORDS: &[&str] = &[
    "not", "some", "every", "in", "if", "contains", "else", "with", "as", "true", "false", "null", "input",
    "data",
];

fn names(
    ws: &Workspace<'_>,
    index: &FileIndex,
    package: &str,
    path: &str,
    text: &str,
    offset: usize,
) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> =
        BODY_KEYWORDS.iter().map(|k| CompletionItem::new(*k, ItemKind::Keyword)).collect();
    items.extend(
        index.imports.iter().filter(|i| i.path.first().is_some_and(|h| h != "rego" && h != "future")).map(
            |i| {
                CompletionItem::new(&i.alias, ItemKind::Module).detail(format!("import {}", i.path.join(".")))
            },
        ),
    );
    // The package's rules: this file's as written now, the others' as loaded.
    let mut rules = ws.files.rules_of(package, Some(path));
    for rule in &index.rules {
        rules.entry(rule.name.join(".")).or_insert(rule.params);
    }
    items.extend(rule_items(rules, package));
    items.extend(locals(text, offset).into_iter().map(|v| CompletionItem::new(v, ItemKind::Variable)));
    for b in builtins::all() {
        match b.name.split_once('.') {
            None => items.push(builtin_item(b, b.name)),
            Some((namespace, _)) => {
                items.push(CompletionItem::new(namespace, ItemKind::Module).detail("built-in functions"));
            }
        }
    }
    items
}

/// The variables the rule around `offset` declares before it: its function
/// parameters, `x :=`, `some x`, `some k, v in`, `every k, v in`.
fn locals(text: &str, offset: usize) -> BTreeSet<String> {
    // The rule starts at the last line before the cursor that starts at column 0
    // with a name (comments and blank lines are not rule starts).
    let before = &text[..offset.min(text.len())];
    let mut start = 0;
    let mut at = 0;
    for line in before.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && !line.starts_with("import ") {
            start = at;
        }
        at += line.len();
    }
    let rule = &before[start..];
    let mut out = BTreeSet::new();
    let ident = |s: &str| {
        let s = s.trim();
        (!s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s != "_")
            .then(|| s.to_string())
    };
    // Parameters: `name(a, b)` on the rule's first line.
    if let Some(open) = rule.lines().next().and_then(|l| l.find('(').map(|i| (l, i))) {
        let (line, i) = open;
        if let Some(close) = line[i..].find(')') {
            out.extend(line[i + 1..i + close].split(',').filter_map(ident));
        }
    }
    for (i, _) in rule.match_indices(":=") {
        let left = &rule[..i];
        let name_start =
            left.trim_end().rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |j| j + 1);
        out.extend(ident(&left[name_start..]));
    }
    for keyword in ["some ", "every "] {
        for (i, _) in rule.match_indices(keyword) {
            let declared = &rule[i + keyword.len()..];
            let end = declared.find([' ', '\n', '{']).map_or(declared.len(), |e| e);
            let list_end = declared.find(" in ").filter(|e| *e < declared.find('\n').unwrap_or(usize::MAX));
            let list = &declared[..list_end.unwrap_or(end)];
            out.extend(list.split(',').filter_map(ident));
        }
    }
    out
}

fn top_level(ws: &Workspace<'_>, index: &FileIndex, package: &str, path: &str) -> Vec<CompletionItem> {
    let mut items = vec![
        CompletionItem::new("import", ItemKind::Keyword),
        CompletionItem::new("default", ItemKind::Keyword),
        CompletionItem::new("deny", ItemKind::Snippet)
            .detail("deny contains result if { ... }")
            .doc("A finding: a message, or an object with `msg` and the `path` (JSON Pointer) of the value at fault.")
            .snippet("deny contains result if {\n\t$1\n\tresult := {\"msg\": \"$2\", \"path\": \"/$3\"}\n}"),
        CompletionItem::new("warn", ItemKind::Snippet)
            .detail("warn contains result if { ... }")
            .snippet("warn contains result if {\n\t$1\n\tresult := {\"msg\": \"$2\", \"path\": \"/$3\"}\n}"),
        CompletionItem::new("function", ItemKind::Snippet)
            .detail("name(args) if { ... }")
            .snippet("${1:name}(${2:x}) if {\n\t$0\n}"),
    ];
    if path.ends_with("_test.rego") {
        items.push(
            CompletionItem::new("test_", ItemKind::Snippet)
                .detail("test_name if { ... }")
                .snippet("test_${1:name} if {\n\t$0\n}"),
        );
    }
    if index.package.is_none() {
        items.push(CompletionItem::new("package", ItemKind::Keyword));
        items.push(policy_template(ws));
    }
    let mut rules = ws.files.rules_of(package, Some(path));
    for rule in &index.rules {
        rules.entry(rule.name.join(".")).or_insert(rule.params);
    }
    items.extend(rule_items(rules, package));
    items
}

/// A new policy: METADATA, package, import and a `deny` rule.
fn policy_template(ws: &Workspace<'_>) -> CompletionItem {
    let example_type = ws.shapes.types().next().unwrap_or("aws_s3_bucket").to_string();
    CompletionItem::new("policy", ItemKind::Snippet)
        .detail("a new policy with its METADATA")
        .snippet(format!(
            "# METADATA\n# title: ${{1:What the policy requires}}\n# description: ${{2:Why it matters and how to comply.}}\n\
             # custom:\n#   id: ${{3:ACME-001}}\n#   severity: ${{4|low,medium,high,critical|}}\n\
             #   enforcement: ${{5|advisory,mandatory,remediate,disabled|}}\n#   resources: [${{6:{example_type}}}]\n\
             package ${{7:acme.policy}}\n\nimport rego.v1\n\n\
             deny contains result if {{\n\t$0\n\tresult := {{\"msg\": \"$1\", \"path\": \"/\"}}\n}}\n"
        ))
}

const TOP_FIELDS: &[(&str, &str)] = &[
    ("title", "one line: what the policy requires"),
    ("description", "why it matters and how to comply"),
    ("related_resources", "links to the provider's documentation"),
    ("custom", "Vigil's fields: id, severity, enforcement, resources, controls, aliases"),
    ("scope", "what the METADATA block annotates (package, rule, document)"),
    ("authors", "who wrote the policy"),
    ("organizations", "who maintains it"),
];

const CUSTOM_FIELDS: &[(&str, &str)] = &[
    ("id", "the policy's id, used in findings, vigil.toml and suppressions"),
    ("severity", "low, medium, high or critical"),
    ("enforcement", "advisory (warning), mandatory (error, CI fails), remediate (fix first) or disabled"),
    ("resources", "the resource types the policy checks, in every format it covers"),
    ("controls", "compliance controls, by framework"),
    ("aliases", "the ids of the same check in other scanners (Checkov, Trivy)"),
    ("pack", "the pack the policy belongs to"),
];

fn metadata(ws: &Workspace<'_>, keys: &[String], key: Option<&str>) -> Vec<CompletionItem> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    match (keys.as_slice(), key) {
        ([], None) => fields(TOP_FIELDS),
        (["custom"], None) => fields(CUSTOM_FIELDS),
        (["custom"], Some("enforcement")) => {
            Enforcement::ALL.iter().map(|e| CompletionItem::new(e.as_str(), ItemKind::Value)).collect()
        }
        (["custom"], Some("severity")) => {
            Severity::ALL.iter().map(|s| CompletionItem::new(s.as_str(), ItemKind::Value)).collect()
        }
        (["custom"], Some("resources")) => ws
            .shapes
            .types()
            .map(|t| CompletionItem::new(t, ItemKind::Value).detail("in the workspace"))
            .collect(),
        // The frameworks of the framework files, and any other a loaded policy names.
        (["custom", "controls"], None) => {
            let mut names: Vec<CompletionItem> = ws
                .frameworks
                .list
                .iter()
                .map(|f| CompletionItem::new(f.id.clone(), ItemKind::Field).detail(f.title.clone()))
                .collect();
            let others: BTreeSet<String> = ws
                .policies
                .policies
                .iter()
                .flat_map(|p| p.meta.controls.keys().cloned())
                .filter(|k| !ws.frameworks.list.iter().any(|f| &f.id == k))
                .collect();
            names.extend(others.into_iter().map(|k| CompletionItem::new(k, ItemKind::Field)));
            names
        }
        // A framework's control ids, with their summaries.
        (["custom", "controls"], Some(framework)) => ws
            .frameworks
            .list
            .iter()
            .filter(|f| f.id == framework)
            .flat_map(|f| f.controls.iter())
            .map(|c| CompletionItem::new(c.id.clone(), ItemKind::Value).detail(c.title.clone()))
            .collect(),
        _ => vec![],
    }
}

/// A signature for signature help: the label, each parameter's label, the active
/// parameter, and the documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub label: String,
    pub parameters: Vec<String>,
    pub active: usize,
    pub documentation: Option<String>,
}

/// The signature of the call whose arguments the cursor is in: a built-in, or a
/// function of the workspace's packages.
pub fn signature_help(ws: &Workspace<'_>, text: &str, offset: usize) -> Option<Signature> {
    let (name, active) = complete::call_at(text, offset)?;
    if let Some(b) = builtins::lookup(&name) {
        let parameters: Vec<String> = b.params.iter().map(|p| format!("{}: {}", p.name, p.ty)).collect();
        let active = if b.variadic { 0 } else { active.min(parameters.len().saturating_sub(1)) };
        return Some(Signature {
            label: b.signature(),
            parameters,
            active,
            documentation: Some(b.description.to_string()),
        });
    }
    let index = vigil_rego::index_text(text);
    let (file, rule) = resolve_rule(ws, &index, text, &name)?;
    let params = rule_parameters(file, rule)?;
    Some(Signature {
        label: format!("{name}({})", params.join(", ")),
        active: active.min(params.len().saturating_sub(1)),
        parameters: params,
        documentation: None,
    })
}

/// The text of a function's parameters, as its head writes them.
fn rule_parameters(text: &str, name: TextRange) -> Option<Vec<String>> {
    let after = text.get(name.end as usize..)?;
    let open = after.strip_prefix('(')?;
    let close = open.find(')')?;
    Some(open[..close].split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
}

/// The definition of the rule `name` (as written in a file with `index`): the text
/// of the file that defines it and the range of its name there.
fn resolve_rule<'t>(
    ws: &'t Workspace<'_>,
    index: &FileIndex,
    text: &'t str,
    name: &str,
) -> Option<(&'t str, TextRange)> {
    let parts: Vec<&str> = name.split('.').collect();
    let package = index.package.as_ref().map(|(p, _)| p.join(".")).unwrap_or_default();
    let absolute = match parts.as_slice() {
        [single] => {
            if let Some(rule) = index.rules.iter().find(|r| r.name.join(".") == *single) {
                return Some((text, rule.range));
            }
            format!("{package}.{single}")
        }
        ["data", rest @ ..] => rest.join("."),
        [head, rest @ ..] => {
            let import = index.imports.iter().find(|i| i.alias == *head)?;
            let below: Vec<&str> =
                import.path.iter().skip(1).map(String::as_str).chain(rest.iter().copied()).collect();
            below.join(".")
        }
        [] => return None,
    };
    ws.files.files.iter().find_map(|(_, file, index)| {
        let package = index.package.as_ref()?.0.join(".");
        let rest = absolute.strip_prefix(&package)?.strip_prefix('.')?;
        let rule = index.rules.iter().find(|r| r.name.join(".") == rest)?;
        Some((&**file, rule.range))
    })
}

/// The card of the rule or function a reference under the cursor names (not its
/// own definition): its head and the comment above it, where it is defined, and,
/// for a policy's `deny`/`warn`, the policy's METADATA rendered.
fn rule_card(ws: &Workspace<'_>, path: &str, text: &str, offset: usize) -> Option<String> {
    let offset = u32::try_from(offset).ok()?;
    let found = ws.files.navigate(path, text, |files| navigate::definition(files, path, offset))?;
    let target = found.first()?;
    if target.path == path && target.range.start <= offset && offset <= target.range.end {
        return None; // the definition itself
    }
    let source: &str = if target.path == path {
        text
    } else {
        &ws.files.files.iter().find(|(p, _, _)| *p == target.path)?.1
    };
    let start = target.range.start as usize;
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
    let head = source[line_start..line_end].trim_end_matches('{').trim_end();
    // A definition is a rule head at the start of its line; anything else (a local
    // variable) has no card.
    let before = &source[line_start..start];
    if !before.is_empty() && before.trim_end() != "default" {
        return None;
    }
    let comment: Vec<&str> = source[..line_start]
        .lines()
        .rev()
        .take_while(|l| l.trim_start().starts_with('#') && !l.contains("METADATA"))
        .map(|l| l.trim_start().trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let line = source[..start].matches('\n').count() + 1;
    let mut card = format!("```rego\n{head}\n```");
    if !comment.is_empty() && comment.len() <= 12 {
        card.push_str(&format!("\n\n{}", comment.join("\n")));
    }
    let shown = target
        .path
        .strip_prefix(vigil_policy::BUILTIN_PREFIX)
        .map_or(target.path.clone(), |p| format!("{p} (built-in)"));
    card.push_str(&format!("\n\nDefined in `{shown}` line {line}."));
    let rule = &source[start..target.range.end as usize];
    if matches!(rule, "deny" | "warn") {
        if let Some(policy) = ws.policies.policies.iter().find(|p| p.meta.file == target.path) {
            card.push_str("\n\n---\n\n");
            card.push_str(&crate::features::policy_card(
                &policy.meta,
                policy.meta.enforcement,
                ws.frameworks,
            ));
        }
    }
    Some(card)
}

/// A hover in a policy file: a built-in (its signature and description), or an
/// `input.resource.values` reference (the values it takes in the workspace).
pub fn hover(ws: &Workspace<'_>, path: &str, text: &str, offset: usize) -> Option<(String, TextRange)> {
    let (parts, range) = complete::reference_at(text, offset)?;
    if let Some(card) = rule_card(ws, path, text, offset) {
        return Some((card, range));
    }
    let names: Vec<&str> = parts.iter().filter_map(Segment::name).collect();
    let dotted = names.join(".");
    if let Some(b) = builtins::lookup(&dotted) {
        return Some((format!("```rego\n{}\n```\n\n{}", b.signature(), b.description), range));
    }
    if let [Segment::Name(input), Segment::Name(resource), Segment::Name(values), rest @ ..] =
        parts.as_slice()
    {
        if input == "input" && resource == "resource" && values == "values" && !rest.is_empty() {
            let types = selected_types(ws, path, text);
            let shapes = ws.shapes.at(&types, rest);
            let attribute = rest.iter().filter_map(Segment::name).collect::<Vec<_>>().join(".");
            let scope =
                if types.is_empty() { "the workspace's resources".to_string() } else { types.join(", ") };
            if shapes.is_empty() {
                return Some((
                    format!("`{attribute}`: no resource of {scope} in the workspace sets it"),
                    range,
                ));
            }
            let mut merged = Shape::default();
            for s in &shapes {
                merged.resources += s.resources;
                for (v, n) in &s.values {
                    *merged.values.entry(v.clone()).or_default() += n;
                }
                merged.more_values |= s.more_values;
                for k in s.children.keys() {
                    merged.children.entry(k.clone()).or_default();
                }
            }
            let values = merged.summary();
            let body = if !values.is_empty() {
                values
            } else if !merged.children.is_empty() {
                format!("a block with {}", keys_preview(&merged))
            } else {
                "set, value known only after apply".to_string()
            };
            let n = merged.resources;
            let card = format!(
                "`{attribute}` in the workspace ({n} resource{} of {scope}): {body}",
                if n == 1 { "" } else { "s" }
            );
            return Some((card, range));
        }
    }
    None
}

/// The folds of a policy file (bodies, collections, comment runs, imports).
pub fn folding_ranges(text: &str) -> Vec<navigate::Fold> {
    vigil_rego::parse(text, None).tree.map(|t| navigate::folding_ranges(&t, text)).unwrap_or_default()
}

/// The ranges "expand selection" goes through at each offset, innermost first.
pub fn selection_ranges(text: &str, offsets: &[u32]) -> Vec<Vec<TextRange>> {
    let tree = vigil_rego::parse(text, None).tree;
    offsets
        .iter()
        .map(|o| tree.as_ref().map(|t| navigate::selection_ranges(t, text, *o)).unwrap_or_default())
        .collect()
}

/// The policy in `opa fmt`'s style; `None` for a file with a syntax error (it is
/// never formatted half-way).
pub fn format(text: &str) -> Option<String> {
    vigil_rego::format::format(text).ok()
}

/// A quick fix in a policy file: a title and its edits (byte ranges of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegoFix {
    pub title: String,
    pub edits: Vec<(TextRange, String)>,
    /// The fix that most likely is what the author meant.
    pub preferred: bool,
}

/// The quick fixes for the mistakes authors make most, at `range` of a policy file
/// whose diagnostics there are `diagnostics` (code and range): a misspelled
/// function (did you mean ...), a file using Rego v1 keywords that regorus cannot
/// read without `import rego.v1`, and `=` in a rule head where `:=` is meant. A fix
/// is offered only if the file it leaves parses (or, for a misspelling, names a
/// function that exists).
pub fn quick_fixes(
    ws: &Workspace<'_>,
    path: &str,
    text: &str,
    range: TextRange,
    diagnostics: &[(String, TextRange)],
) -> Vec<RegoFix> {
    let mut fixes = Vec::new();
    let index = vigil_rego::index_text(text);
    let package = index.package.as_ref().map(|(p, _)| p.join(".")).unwrap_or_default();
    for (code, at) in diagnostics {
        let written = text.get(at.as_usize()).unwrap_or_default();
        if code == vigil_policy::checks::UNDEFINED_FUNCTION {
            if let Some(better) = spelling(ws, &index, &package, path, written) {
                fixes.push(RegoFix {
                    title: format!("Change to `{better}`"),
                    edits: vec![(*at, better)],
                    preferred: true,
                });
            }
        }
    }
    // Keywords of Rego v1 without their import: `rego.v1` for a file in v1 syntax,
    // `future.keywords` for one in v0 syntax (`deny[msg] { ... }`).
    let parse_error = diagnostics.iter().any(|(code, _)| code == "policy-parse");
    let imports_keywords = index
        .imports
        .iter()
        .any(|i| i.path == ["rego", "v1"] || i.path.first().is_some_and(|h| h == "future"));
    if let (true, false, Some((_, package_range))) = (parse_error, imports_keywords, &index.package) {
        let end = package_range.end as usize;
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let fix = ["rego.v1", "future.keywords"].into_iter().find_map(|import| {
            let insert = format!("\n\nimport {import}");
            let fixed = format!("{}{insert}{}", &text[..line_end], &text[line_end..]);
            vigil_policy::checks::parses(path, &fixed).then_some((import, insert))
        });
        if let Some((import, insert)) = fix {
            let edit = (TextRange::from_usize(line_end, line_end), insert);
            fixes.push(RegoFix {
                title: format!("Add `import {import}`"),
                edits: vec![edit],
                preferred: true,
            });
        }
    }
    // `=` in a rule head (`allow = true`): `:=` says it is an assignment.
    if let Some(tree) = vigil_rego::parse(text, None).tree {
        let mut cursor = tree.walk();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.end_byte() < range.start as usize || node.start_byte() > range.end as usize {
                continue;
            }
            if node.kind() == "rule_head" || node.kind() == "else" {
                if let Some(op) = node.child_by_field_name("operator").filter(|o| o.kind() == "=") {
                    let at = TextRange::from_usize(op.start_byte(), op.end_byte());
                    let fixed = format!("{}:={}", &text[..op.start_byte()], &text[op.end_byte()..]);
                    if vigil_policy::checks::parses(path, &fixed) {
                        fixes.push(RegoFix {
                            title: "Use `:=` to assign".into(),
                            edits: vec![(at, ":=".into())],
                            preferred: false,
                        });
                    }
                }
            }
            // Rules are children of the file; heads of rules: two levels at most.
            if matches!(node.kind(), "source_file" | "rule") {
                stack.extend(node.children(&mut cursor));
            }
        }
    }
    fixes
}

/// The function a misspelled name most likely means: a built-in, or a rule of the
/// package it names (`lib.has_tagg` → `lib.has_tag`).
fn spelling(
    ws: &Workspace<'_>,
    index: &FileIndex,
    package: &str,
    path: &str,
    written: &str,
) -> Option<String> {
    if let Some((head, rest)) = written.split_once('.') {
        // Through an import: the rules of the imported package.
        if let Some(import) = index.imports.iter().find(|i| i.alias == head) {
            let imported = import.path.iter().skip(1).cloned().collect::<Vec<_>>().join(".");
            let rules = ws.files.rules_of(&imported, None);
            let found = builtins::did_you_mean(rest, rules.keys().map(String::as_str))?;
            return Some(format!("{head}.{found}"));
        }
    }
    let mut rules = ws.files.rules_of(package, Some(path));
    for rule in &index.rules {
        rules.entry(rule.name.join(".")).or_insert(rule.params);
    }
    let names = builtins::all().iter().map(|b| b.name).chain(rules.keys().map(String::as_str));
    builtins::did_you_mean(written, names).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_in_order_from_the_first_letter() {
        assert!(matches_prefix("server_side_encryption_configuration", "sse"));
        assert!(matches_prefix("Versioning", "ver"));
        assert!(!matches_prefix("versioning", "ers"));
        assert!(matches_prefix("anything", ""));
    }

    #[test]
    fn resources_as_written() {
        let inline =
            "# METADATA\n# custom:\n#   resources: [aws_s3_bucket, \"AWS::S3::Bucket\"]\npackage p\n";
        assert_eq!(written_resources(inline), ["aws_s3_bucket", "AWS::S3::Bucket"]);
        let list = "# METADATA\n# custom:\n#   resources:\n#     - apps/Deployment\n#     - v1/Pod\n#   id: X\npackage p\n";
        assert_eq!(written_resources(list), ["apps/Deployment", "v1/Pod"]);
        assert_eq!(written_resources("package p\n# resources: [x]\n"), Vec::<String>::new());
    }

    #[test]
    fn locals_of_the_rule_being_written() {
        let text = "package p\n\nf(a, b) := c if {\n\tc := a + b\n\tsome k, v in input.x\n\tevery i in [1] { i > 0 }\n\tx\n";
        let found: Vec<String> = locals(text, text.len()).into_iter().collect();
        assert_eq!(found, ["a", "b", "c", "i", "k", "v"]);
    }
}
