//! Terraform: a directory of `.tf` files (plus `terraform.tfvars` and
//! `*.auto.tfvars`) is one module; its `resource` and `data` blocks become
//! resources whose values are evaluated with the module's variables and locals.

mod eval;
mod functions;
mod types;
mod value;

use std::collections::{BTreeMap, HashMap, HashSet};

use vigil_syntax::tree_sitter::Node;
use vigil_syntax::{hcl, node_text, Diagnostic, Limits, TextRange};

pub use eval::{collection_of, is_literal, named_children};
pub use value::Val;

use crate::resource::{escape_token, JsonPointer, Mode, Resource, SourceKind, Span, Stack};
use crate::SourceFile;
use eval::{first_named, LocalDef, ModuleCtx, Scope};

/// Arguments that configure how Terraform handles a resource, not what it creates.
const META_ARGUMENTS: &[&str] =
    &["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"];

/// The warning that `meta` (`count`, `for_each`, at `node`) makes more instances
/// than [`Limits::instances`] (at most that many instances of one resource, module
/// call or dynamic block are evaluated), so that the ones past it are not silently
/// unchecked.
fn over_budget(
    ctx: &ModuleCtx<'_, '_>,
    file: &str,
    node: &Node<'_>,
    meta: &str,
    n: usize,
) -> Option<Diagnostic> {
    let max = ctx.limits.instances;
    if n <= max || ctx.speculative {
        return None;
    }
    let message = format!(
        "`{meta}` makes {n} instances: only the first {max} are checked (Vigil's instance budget \
         per resource, module call or dynamic block); the other {} are not ({})",
        n - max,
        Limits::hint("instances")
    );
    Some(if ctx.read_input() {
        Diagnostic::info(file, TextRange::from_node(node), "instance-budget", message)
    } else {
        Diagnostic::warning(file, TextRange::from_node(node), "instance-budget", message)
    })
}

struct Parsed<'f> {
    file: &'f SourceFile,
    tree: Option<vigil_syntax::tree_sitter::Tree>,
    is_vars: bool,
}

/// A variable's default expression, with its text and file.
type VarDefault<'a> = (Node<'a>, &'a str, &'a str);

struct ResourceBlock<'a> {
    mode: Mode,
    r#type: String,
    name: String,
    block: Node<'a>,
    text: &'a str,
    file: &'a str,
}

/// Arguments of a `module` block that are not input variables.
const MODULE_META: &[&str] = &["source", "version", "count", "for_each", "providers", "depends_on"];

/// Module calls nested deeper than this are not followed.
const MAX_MODULE_DEPTH: usize = 16;

/// An input variable set by a module call, and where the caller wrote it (a finding
/// on a value that comes from there belongs there).
struct Input {
    value: Val,
    origin: crate::Origin,
    /// The caller computed it from its own inputs (see `ModuleCtx::inputs`).
    from_input: bool,
    /// The argument (file, range) and the scope the caller reads it in.
    read_at: (String, TextRange, Scope),
}

/// What reading a module (and the modules it calls) produces.
#[derive(Default)]
struct Out {
    /// `terraform init`'s module manifest: module key (`a.b`) → directory.
    manifest: BTreeMap<String, String>,
    diagnostics: Vec<Diagnostic>,
    resources: Vec<Resource>,
    origins: BTreeMap<String, Vec<crate::Origin>>,
    /// `required_providers` version constraints, by provider local name.
    providers: BTreeMap<String, Vec<String>>,
    /// The strings of sensitive variables' values, kept out of every message.
    secrets: Vec<String>,
    /// Module instances and the resource instances in them read so far, against
    /// [`Limits::module_tree_instances`], and whether running out was said. (The
    /// root module's own resources are bounded by [`Limits::instances`] each and
    /// always read.)
    instances: usize,
    out_of_instances: bool,
}

impl Out {
    /// How many of the `n` instances of `what` (its `count`/`for_each` or header at
    /// `range`) the module tree's budget of instances still has room for; counts
    /// them. Running out is said once, where it happens: a chain of modules each
    /// called with `count = 10` makes 10^16 instances, which is not a plan.
    fn room_for(&mut self, limits: &Limits, file: &str, range: TextRange, what: &str, n: usize) -> usize {
        let room = limits.module_tree_instances.saturating_sub(self.instances).min(n);
        self.instances += room;
        if room < n && !self.out_of_instances {
            self.out_of_instances = true;
            self.diagnostics.push(Diagnostic::warning(
                file,
                range,
                "instance-budget",
                format!(
                    "`{what}` takes the modules this root module calls past {} module and resource \
                     instances (Vigil's budget per module tree): {} of its instances and the \
                     instances read after them are not checked ({})",
                    limits.module_tree_instances,
                    n - room,
                    Limits::hint("module_tree_instances")
                ),
            ));
        }
        room
    }
}

/// Reads the root module in `dir`. `files` holds its `.tf` and tfvars files and those
/// of the local modules it calls (`source = "./..."` / `"../..."`), which are read
/// with the inputs of each call: their resources are addressed
/// `module.<name>[<key>].<type>.<name>` and their outputs feed `module.<name>.<output>`.
pub fn load_module(dir: &str, files: &[&SourceFile]) -> (Stack, Vec<Diagnostic>) {
    load_module_cached(dir, files, &Limits::default(), None)
}

/// [`load_module`], reusing from `cache` the previewed resource blocks of the root
/// module that an edit cannot have changed (see [`PreviewCache`]).
pub fn load_module_cached(
    dir: &str,
    files: &[&SourceFile],
    limits: &Limits,
    cache: Option<&mut PreviewCache>,
) -> (Stack, Vec<Diagnostic>) {
    let mut out = Out::default();
    let mut by_dir: BTreeMap<String, Vec<Parsed<'_>>> = BTreeMap::new();
    let (hcl, others): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().copied().partition(|f| f.path.ends_with(".tf") || f.path.ends_with(".tfvars"));
    let files = hcl;
    let (manifests, others): (Vec<&SourceFile>, Vec<&SourceFile>) =
        others.into_iter().partition(|f| manifest_root(&f.path).is_some());
    // Plans of this configuration; any other file is one it reads with `file()`.
    let (plans, data): (Vec<&SourceFile>, Vec<&SourceFile>) = others
        .into_iter()
        .partition(|f| f.path.ends_with(".json") && crate::plan::is_terraform_plan(&f.text));
    let data: HashMap<String, &str> = data.iter().map(|f| (f.path.clone(), f.text.as_str())).collect();
    for m in &manifests {
        out.manifest.extend(manifest_dirs(dir, &m.text));
    }
    for file in files {
        let result = hcl::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Hcl), limits);
        out.diagnostics.extend(result.errors.iter().map(|e| e.to_diagnostic(&file.path)));
        let is_vars = file.path.ends_with(".tfvars");
        by_dir.entry(crate::parent_dir(&file.path).to_string()).or_default().push(Parsed {
            file,
            tree: result.tree,
            is_vars,
        });
    }
    for parsed in by_dir.values_mut() {
        // terraform.tfvars first, then *.auto.tfvars in lexical order: later ones win.
        parsed.sort_by_key(|p| {
            (
                p.is_vars,
                !p.file.path.ends_with("/terraform.tfvars") && p.file.path != "terraform.tfvars",
                p.file.path.clone(),
            )
        });
    }
    let mut chain = vec![dir.to_string()];
    let trees: HashMap<String, (Node<'_>, &str)> = by_dir
        .values()
        .flatten()
        .filter_map(|p| Some((p.file.path.clone(), (p.tree.as_ref()?.root_node(), p.file.text.as_str()))))
        .collect();
    let env = Env {
        by_dir: &by_dir,
        trees: &trees,
        data: &data,
        root: dir,
        limits: *limits,
        work: Default::default(),
    };
    let blocks = cache.map(|cache| {
        let context = BlockContext::new(dir, &by_dir, &data, &manifests, limits);
        (cache, context)
    });
    instance(&env, &mut out, dir, "", "", None, None, false, &mut chain, blocks);
    if !out.secrets.is_empty() {
        for d in &mut out.diagnostics {
            d.message = types::redact(&d.message, &out.secrets);
        }
    }
    // A plan of this configuration: its values fill what the source leaves unknown.
    for plan in plans {
        let (resources, diagnostics) = crate::plan::resources(plan, limits);
        out.diagnostics.extend(diagnostics);
        let leftovers = crate::plan::merge(&mut out.resources, resources);
        out.resources.extend(leftovers);
    }
    (
        Stack {
            id: dir.to_string(),
            source: SourceKind::Terraform,
            resources: out.resources,
            origins: out.origins,
            providers: out
                .providers
                .into_iter()
                .map(|(name, mut constraints)| {
                    constraints.sort();
                    constraints.dedup();
                    (name, constraints)
                })
                .collect(),
        },
        out.diagnostics,
    )
}

/// Previewed `resource` and `data` blocks of a root module, kept between two reads
/// of it (the language server keeps one per stack), so that an edit previews again
/// only the blocks it can have changed.
///
/// A block's preview (its instances, their origins and the diagnostics its
/// evaluation reported) is reused while its own text and everything else it can
/// read are unchanged: the text of the stack's other files (modules, tfvars, files
/// that `file()` reads), and in the root module's `.tf` files every top-level node
/// but the other `resource`/`data` blocks (of which only the addresses count) and
/// comments, with its position (origins point into locals and variables). A reused
/// block that moved is shifted to its new place. A block whose preview points at
/// text that key does not pin (another resource block) is not kept, nor are the
/// blocks of a module with a cycle of locals (whose values depend on which reader
/// comes first). Entries the latest read did not use are dropped by
/// [`PreviewCache::rotate`].
#[derive(Debug, Default)]
pub struct PreviewCache {
    previous: HashMap<u64, CachedBlock>,
    current: HashMap<u64, CachedBlock>,
    pub hits: usize,
    pub misses: usize,
}

impl PreviewCache {
    /// Ends a read: what it did not use is forgotten.
    pub fn rotate(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    /// The preview of the block `key` names, moved to start at `start`.
    fn get(&mut self, key: u64, start: u32) -> Option<CachedBlock> {
        let found = self.current.get(&key).or_else(|| self.previous.get(&key))?;
        let mut block = found.clone();
        block.move_to(start);
        self.current.insert(key, block.clone());
        Some(block)
    }
}

#[derive(Debug, Clone)]
struct CachedBlock {
    file: String,
    /// Where the block was when this was made.
    span: TextRange,
    resources: Vec<Resource>,
    origins: Vec<(String, Vec<crate::Origin>)>,
    /// Reported while expanding the block (`count`/`for_each`).
    diagnostics: Vec<Diagnostic>,
    /// Reported by the evaluator while reading the block.
    eval_diagnostics: Vec<Diagnostic>,
    /// The preview steps it took (reusing it takes as many: the budget runs out
    /// where it would without the cache).
    steps: usize,
}

impl CachedBlock {
    /// Every range of the preview, with its file (to move them, or to look at them).
    fn ranges(&mut self, mut f: impl FnMut(&str, &mut TextRange)) {
        for r in &mut self.resources {
            f(&r.file, &mut r.header);
            f(&r.file, &mut r.range);
            for span in r.source_map.values_mut() {
                if let Some(key) = &mut span.key {
                    f(&r.file, key);
                }
                f(&r.file, &mut span.value);
            }
        }
        for (_, origins) in &mut self.origins {
            for o in origins {
                f(&o.file, &mut o.range);
            }
        }
        for d in self.diagnostics.iter_mut().chain(self.eval_diagnostics.iter_mut()) {
            f(&d.file, &mut d.range);
        }
    }

    /// Moves the ranges inside the block with it (same text, now at `start`).
    fn move_to(&mut self, start: u32) {
        let (file, span) = (self.file.clone(), self.span);
        if span.start == start {
            return;
        }
        self.ranges(|f, range| {
            if f == file && span.contains_range(*range) {
                range.start = range.start - span.start + start;
                range.end = range.end - span.start + start;
            }
        });
        self.span = TextRange::new(start, start + span.len());
    }
}

/// What the previews of a root module's blocks depend on besides their own text
/// (see [`PreviewCache`]): a hash of it, and the ranges whose text and position it
/// pins.
struct BlockContext {
    hash: u64,
    /// Root module `.tf` files: the ranges of the top-level nodes in the hash.
    pinned: HashMap<String, Vec<TextRange>>,
    /// Files whose whole text is in the hash.
    whole: HashSet<String>,
}

impl BlockContext {
    fn new(
        dir: &str,
        by_dir: &BTreeMap<String, Vec<Parsed<'_>>>,
        data: &HashMap<String, &str>,
        manifests: &[&SourceFile],
        limits: &Limits,
    ) -> Self {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut pinned: HashMap<String, Vec<TextRange>> = HashMap::new();
        let mut whole = HashSet::new();
        // A block previewed with other budgets may have other instances.
        (dir, limits).hash(&mut h);
        for (d, parsed) in by_dir {
            for p in parsed {
                let (path, text) = (p.file.path.as_str(), p.file.text.as_str());
                path.hash(&mut h);
                let root = p.tree.as_ref().map(|t| t.root_node());
                let Some(root) = root.filter(|_| d == dir && !p.is_vars) else {
                    text.hash(&mut h);
                    whole.insert(path.to_string());
                    continue;
                };
                let ranges = pinned.entry(path.to_string()).or_default();
                let mut pin = |node: Node<'_>, h: &mut std::collections::hash_map::DefaultHasher| {
                    let range = TextRange::from_node(&node);
                    (range.start, node_text(&node, text)).hash(h);
                    ranges.push(range);
                };
                for top in named_children(root) {
                    if top.kind() != "body" {
                        pin(top, &mut h);
                        continue;
                    }
                    for node in named_children(top) {
                        match node.kind() {
                            "comment" => {}
                            "block" => {
                                let (kind, labels) = block_header(node, text);
                                if matches!(kind.as_str(), "resource" | "data") && labels.len() == 2 {
                                    (kind, labels).hash(&mut h);
                                } else {
                                    pin(node, &mut h);
                                }
                            }
                            _ => pin(node, &mut h),
                        }
                    }
                }
            }
        }
        let mut others: Vec<(&String, &&str)> = data.iter().collect();
        others.sort();
        for (path, text) in others {
            (path, text).hash(&mut h);
            whole.insert(path.clone());
        }
        // `terraform init`'s manifests say where modules are.
        for m in manifests {
            (&m.path, &m.text).hash(&mut h);
        }
        BlockContext { hash: h.finish(), pinned, whole }
    }

    /// The cache key of a block with this text in `file`.
    fn key(&self, file: &str, text: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.hash, file, text).hash(&mut h);
        h.finish()
    }

    /// Whether every range of a block's preview lies in the block itself or in text
    /// the key pins: only then does moving the block with its text keep it right.
    fn pins(&self, block: &mut CachedBlock) -> bool {
        let mut ok = true;
        let (file, span) = (block.file.clone(), block.span);
        block.ranges(|f, range| {
            let range = *range;
            ok &= (f == file && span.contains_range(range))
                || self.whole.contains(f)
                || self.pinned.get(f).is_some_and(|pins| pins.iter().any(|p| p.contains_range(range)));
        });
        ok
    }
}

/// The local module directories a root module's files call, found by a quick look
/// at the text (`source = "./..."`), for grouping files into stacks.
pub fn local_module_sources(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_module = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("module ") || t.starts_with("module\"") {
            in_module = true;
        } else if in_module {
            if let Some(rest) = t.strip_prefix("source") {
                let value = rest.trim_start().strip_prefix('=').map(str::trim).unwrap_or("");
                let value = value.trim_matches('"');
                if value.starts_with("./") || value.starts_with("../") {
                    out.push(value.to_string());
                }
                in_module = false;
            } else if t == "}" {
                in_module = false;
            }
        }
    }
    out
}

/// The `resource "T" "N"` and `data "T" "N"` blocks a text declares, as addresses,
/// from a quick look at the text (for matching a plan to its configuration).
pub fn declared_resources(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        let (data, rest) = if let Some(r) = t.strip_prefix("resource") {
            (false, r)
        } else if let Some(r) = t.strip_prefix("data") {
            (true, r)
        } else {
            continue;
        };
        let labels: Vec<&str> = rest.split('"').collect();
        // ` "T" "N" {` splits into [" ", T, " ", N, " {"].
        if labels.len() >= 5 && labels[0].trim().is_empty() && labels[2].trim().is_empty() {
            let address = format!("{}.{}", labels[1], labels[3]);
            out.push(if data { format!("data.{address}") } else { address });
        }
    }
    out
}

/// Where `terraform init` writes its module manifest, under a root module.
pub const MANIFEST: &str = ".terraform/modules/modules.json";

/// The root module directory of a module manifest path (`infra/.terraform/modules/
/// modules.json` → `infra`); `None` for any other path.
pub fn manifest_root(path: &str) -> Option<&str> {
    if path == MANIFEST {
        return Some("");
    }
    path.strip_suffix(MANIFEST)?.strip_suffix('/')
}

/// The module directories of a `.terraform/modules/modules.json` manifest, by module
/// key (`logs`, `logs.inner`), relative to the workspace (the manifest's `Dir` is
/// relative to the root module `dir`).
pub fn manifest_dirs(dir: &str, text: &str) -> BTreeMap<String, String> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else { return BTreeMap::new() };
    json.get("Modules")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let key = m.get("Key")?.as_str()?;
            let module_dir = m.get("Dir")?.as_str()?;
            if key.is_empty() {
                return None; // the root module itself
            }
            let joined = join_source(dir, &format!("./{}", module_dir.trim_start_matches("./")))?;
            Some((key.to_string(), joined))
        })
        .collect()
}

/// The workspace paths a module's text reads with `file()`, `templatefile()` and the
/// like, when written as literals (`"${path.module}/policy.json"`, `"files/x.sh"`):
/// the stack reads them too.
pub fn file_references(dir: &str, root: &str, text: &str) -> Vec<String> {
    const FUNCTIONS: &[&str] = &[
        "file(",
        "fileexists(",
        "filebase64(",
        "filemd5(",
        "filesha1(",
        "filesha256(",
        "filesha512(",
        "filebase64sha256(",
        "filebase64sha512(",
        "templatefile(",
    ];
    let mut out = Vec::new();
    for f in FUNCTIONS {
        let mut rest = text;
        while let Some(i) = rest.find(f) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + f.len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let Some(arg) = rest.trim_start().strip_prefix('"').and_then(|a| a.split('"').next()) else {
                continue;
            };
            let path = if let Some(p) = arg.strip_prefix("${path.module}/") {
                join_source(dir, &format!("./{p}"))
            } else if let Some(p) = arg.strip_prefix("${path.root}/") {
                join_source(root, &format!("./{p}"))
            } else if arg.contains("${") || arg.starts_with('/') {
                None
            } else {
                join_source(root, &format!("./{}", arg.trim_start_matches("./")))
            };
            out.extend(path);
        }
    }
    out
}

/// `dir` joined with a relative `source`, normalised (`a/b` + `../c` = `a/c`). Above
/// the report's root a relative path keeps its leading `..` (`examples/x` +
/// `../../..` = `..`: a module read from outside the checked folder, named as the
/// walker names its files); `None` when it leaves an absolute path's `/`.
pub fn join_source(dir: &str, source: &str) -> Option<String> {
    let absolute = dir.starts_with('/');
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => return None,
            ".." => parts.push(".."),
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    Some(if absolute { format!("/{joined}") } else { joined })
}

/// How a `count` or `for_each` expands: instance suffixes (`[0]`, `["k"]`) with their
/// scopes; `None` when the number of instances is known only at apply time.
enum Expansion {
    Single,
    Count(Vec<(String, Scope)>),
    ForEach(Vec<(String, Val, Scope)>),
    Unknown(Vec<String>),
    Invalid,
}

fn expand(
    ctx: &ModuleCtx<'_, '_>,
    count: Option<Node<'_>>,
    for_each: Option<Node<'_>>,
    text: &str,
    file: &str,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expansion {
    if let Some(count) = count {
        let (value, refs) = ctx.eval_top(count, text, file, &Scope::default());
        return match value {
            Val::Unknown(_) => {
                unknown_note(ctx, file, &count, "count", what, &refs, diagnostics);
                Expansion::Unknown(refs)
            }
            v => match v.to_num() {
                Some(n) if n >= 0.0 => {
                    diagnostics.extend(over_budget(ctx, file, &count, "count", n as usize));
                    Expansion::Count(
                        (0..(n as usize).min(ctx.limits.instances))
                            .map(|i| {
                                (
                                    format!("[{i}]"),
                                    Scope { count_index: Some(Val::Num(i as f64)), ..Scope::default() },
                                )
                            })
                            .collect(),
                    )
                }
                _ => {
                    let message = format!("`count` must be a non-negative number, got {}", v.type_name());
                    let range = TextRange::from_node(&count);
                    diagnostics.push(if ctx.read_input() || ctx.speculative {
                        Diagnostic::info(file, range, "terraform-eval", message)
                    } else {
                        Diagnostic::error(file, range, "terraform-eval", message)
                    });
                    Expansion::Invalid
                }
            },
        };
    }
    let Some(for_each) = for_each else { return Expansion::Single };
    let (value, refs) = ctx.eval_top(for_each, text, file, &Scope::default());
    let pairs: Option<Vec<(String, Val)>> = match value {
        Val::Map(map) => Some(map.into_iter().collect()),
        Val::List(items) => items.into_iter().map(|v| v.to_str().map(|k| (k, v))).collect(),
        _ => None,
    };
    match pairs {
        Some(pairs) => Expansion::ForEach({
            diagnostics.extend(over_budget(ctx, file, &for_each, "for_each", pairs.len()));
            pairs
                .into_iter()
                .take(ctx.limits.instances)
                .map(|(k, v)| {
                    let suffix = format!("[{}]", serde_json::Value::String(k.clone()));
                    let key = Val::Str(k.clone());
                    let each_at = Some(ModuleCtx::element_at(
                        file,
                        TextRange::from_node(&for_each),
                        &key,
                        &Scope::default(),
                    ));
                    let scope = Scope {
                        each: Some((key.clone(), v)),
                        each_refs: refs.clone(),
                        each_at,
                        ..Scope::default()
                    };
                    (suffix, key, scope)
                })
                .collect()
        }),
        None => {
            unknown_note(ctx, file, &for_each, "for_each", what, &refs, diagnostics);
            Expansion::Unknown(refs)
        }
    }
}

/// The note that `what` is not evaluated because its `count` or `for_each`
/// (`meta`, at `node`), which read `refs`, is unknown. In a module whose own
/// instances are unknown (`speculative`), the module call has the note instead.
fn unknown_note(
    ctx: &ModuleCtx<'_, '_>,
    file: &str,
    node: &Node<'_>,
    meta: &str,
    what: &str,
    refs: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if ctx.speculative {
        return;
    }
    diagnostics.push(Diagnostic::info(
        file,
        TextRange::from_node(node),
        &format!("terraform-unknown-{}", meta.replace('_', "-")),
        format!("`{what}` is not evaluated: its `{meta}` {}", unknown_because(ctx, refs)),
    ));
}

/// Why a `count` or `for_each` that read `refs` is unknown, for the note saying
/// that its resource is not evaluated.
fn unknown_because(ctx: &ModuleCtx<'_, '_>, refs: &[String]) -> String {
    let data: Vec<&str> = refs.iter().filter(|r| r.starts_with("data.")).map(String::as_str).collect();
    if let Some(first) = data.first() {
        let more = if data.len() > 1 { format!(" and {} more", data.len() - 1) } else { String::new() };
        format!("depends on data sources (`{first}`{more}), which Terraform reads when it plans and Vigil does not")
    } else if ctx.read_input() {
        "depends on input variables this configuration does not set".to_string()
    } else {
        "is known only at apply time".to_string()
    }
}

/// What every module instance of a stack reads: the parsed `.tf` files by directory,
/// the other files `file()` may read, and the root module's directory.
struct Env<'f> {
    by_dir: &'f BTreeMap<String, Vec<Parsed<'f>>>,
    /// Every parsed file of the stack by path: its tree's root and text.
    trees: &'f HashMap<String, (Node<'f>, &'f str)>,
    data: &'f HashMap<String, &'f str>,
    root: &'f str,
    limits: Limits,
    /// The preview's work so far, for every module instance.
    work: std::rc::Rc<eval::Work>,
}

/// A `module` block of the module being read.
struct ModuleCall<'a> {
    name: String,
    block: Node<'a>,
    text: &'a str,
    file: &'a str,
}

/// Reads one instance of the module in `dir` (the root when `inputs` is `None`),
/// adding its resources (addresses prefixed with `prefix`) to `out`; returns its
/// outputs.
#[allow(clippy::too_many_arguments)]
fn instance<'f, 'p>(
    env: &Env<'f>,
    out: &mut Out,
    dir: &str,
    prefix: &str,
    key: &str,
    inputs: Option<&BTreeMap<String, Input>>,
    parent: Option<&'p ModuleCtx<'f, 'p>>,
    speculative: bool,
    chain: &mut Vec<String>,
    mut cache: Option<(&mut PreviewCache, BlockContext)>,
) -> BTreeMap<String, Val> {
    let no_files = Vec::new();
    let parsed = env.by_dir.get(dir).unwrap_or(&no_files);
    let mut ctx = ModuleCtx::new(dir.to_string());
    ctx.data = Some(env.data);
    ctx.stack_files = Some(env.trees);
    ctx.speculative = speculative;
    ctx.root_dir = env.root.to_string();
    ctx.limits = env.limits;
    ctx.work = env.work.clone();
    let mut blocks: Vec<ResourceBlock<'_>> = Vec::new();
    let mut calls: Vec<ModuleCall<'_>> = Vec::new();
    let mut outputs: Vec<(String, Node<'_>, &str, &str)> = Vec::new();
    let mut var_defaults: Vec<(String, Option<VarDefault<'_>>, TextRange, &str, types::Declaration)> =
        Vec::new();
    let mut seen_locals: HashSet<String> = HashSet::new();
    for p in parsed.iter().filter(|p| !p.is_vars) {
        let Some(tree) = &p.tree else { continue };
        let text = p.file.text.as_str();
        let file = p.file.path.as_str();
        ctx.files.insert(file.to_string(), (tree.root_node(), text));
        for block in top_level(tree.root_node(), "block") {
            let (kind, labels) = block_header(block, text);
            match (kind.as_str(), labels.as_slice()) {
                ("resource", [t, n]) | ("data", [t, n]) => {
                    let mode = if kind == "data" { Mode::Data } else { Mode::Managed };
                    blocks.push(ResourceBlock {
                        mode,
                        r#type: t.clone(),
                        name: n.clone(),
                        block,
                        text,
                        file,
                    });
                }
                ("module", [name]) => calls.push(ModuleCall { name: name.clone(), block, text, file }),
                ("output", [name]) => {
                    let value = body_of(block)
                        .map(attributes)
                        .unwrap_or_default()
                        .into_iter()
                        .find(|(n, _, _)| node_text(n, text) == "value")
                        .map(|(_, expr, _)| expr);
                    if let Some(expr) = value {
                        outputs.push((name.clone(), expr, text, file));
                    }
                }
                ("variable", [name]) => {
                    out.origins.entry(format!("{prefix}var.{name}")).or_default().push(crate::Origin {
                        file: file.to_string(),
                        range: header_range(block, text),
                        note: format!("variable `{name}` is declared here"),
                    });
                    let default = body_of(block)
                        .map(|b| attributes(b))
                        .unwrap_or_default()
                        .into_iter()
                        .find(|(n, _, _)| node_text(n, text) == "default")
                        .map(|(_, expr, _)| (expr, text, file));
                    // `type`, `nullable` and `sensitive`.
                    let attrs: Vec<(Node<'_>, Node<'_>)> = body_of(block)
                        .map(attributes)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(n, e, _)| (n, e))
                        .collect();
                    let (decl, problems) = types::Declaration::read(&attrs, text, &|e| {
                        ctx.eval_top(e, text, file, &Scope::default()).0
                    });
                    out.diagnostics.extend(
                        problems.into_iter().map(|p| {
                            Diagnostic::warning(file, p.range, "terraform-variable-type", p.message)
                        }),
                    );
                    var_defaults.push((name.clone(), default, header_range(block, text), file, decl));
                }
                ("terraform", []) => {
                    let Some(body) = body_of(block) else { continue };
                    let required = named_children(body)
                        .into_iter()
                        .filter(|c| c.kind() == "block" && block_header(*c, text).0 == "required_providers");
                    for providers in required {
                        for (name_node, expr, _) in body_of(providers).map(attributes).unwrap_or_default() {
                            // `aws = { source = "...", version = "~> 5.0" }`, or the
                            // older `aws = "~> 5.0"`.
                            let constraint = match ctx.eval_top(expr, text, file, &Scope::default()).0 {
                                Val::Str(s) => Some(s),
                                Val::Map(m) => match m.get("version") {
                                    Some(Val::Str(s)) => Some(s.clone()),
                                    _ => None,
                                },
                                _ => None,
                            };
                            if let Some(c) = constraint {
                                out.providers
                                    .entry(node_text(&name_node, text).to_string())
                                    .or_default()
                                    .push(c);
                            }
                        }
                    }
                }
                ("locals", []) => {
                    for (name_node, expr, _) in body_of(block).map(attributes).unwrap_or_default() {
                        let name = node_text(&name_node, text).to_string();
                        if !seen_locals.insert(name.clone()) {
                            out.diagnostics.push(Diagnostic::error(
                                file,
                                TextRange::from_node(&name_node),
                                "terraform-duplicate",
                                format!("local value `{name}` is defined more than once"),
                            ));
                            continue;
                        }
                        ctx.locals.insert(
                            name,
                            LocalDef { expr, text, file, name_range: TextRange::from_node(&name_node) },
                        );
                    }
                }
                _ => {}
            }
        }
    }
    for b in &blocks {
        let address = match b.mode {
            Mode::Managed => format!("{}.{}", b.r#type, b.name),
            Mode::Data => format!("data.{}.{}", b.r#type, b.name),
        };
        ctx.resources.insert(address);
    }
    // Variables: a module call's arguments, else defaults (root: overridden by
    // tfvars); without either they are unknown. Values are converted to the declared
    // type; one Terraform rejects is reported where it is written and is unknown.
    let mut declared_defaults: HashMap<String, Option<Val>> = HashMap::new();
    let accept =
        |decl: &types::Declaration, name: &str, value, default: Option<&Val>, at: (&str, TextRange)| {
            decl.accept(name, value, default)
                .map_err(|message| Diagnostic::warning(at.0, at.1, "terraform-variable-type", message))
        };
    for (name, default, declared, file, decl) in &var_defaults {
        let given = inputs.and_then(|i| i.get(name));
        let default = default.map(|(expr, text, file)| {
            let value = ctx.eval_top(expr, text, file, &Scope::default()).0;
            decl.default_value(name, value).unwrap_or_else(|message| {
                let range = TextRange::from_node(&expr);
                out.diagnostics.push(Diagnostic::warning(file, range, "terraform-variable-type", message));
                Val::Unknown(format!("var.{name}"))
            })
        });
        let value = match (given, &default) {
            (Some(input), _) => {
                out.origins.entry(format!("{prefix}var.{name}")).or_default().push(input.origin.clone());
                ctx.input_origins.insert(name.clone(), input.origin.clone());
                let at = (input.origin.file.as_str(), input.origin.range);
                accept(decl, name, input.value.clone(), default.as_ref(), at).unwrap_or_else(|mut d| {
                    if input.from_input {
                        // The caller computed the value from inputs Vigil does not know.
                        d.severity = vigil_syntax::DiagnosticSeverity::Info;
                        d.message.push_str(
                            " (with a value that depends on input variables this configuration does not set)",
                        );
                    }
                    out.diagnostics.push(d);
                    Val::Unknown(format!("var.{name}"))
                })
            }
            (None, Some(value)) => value.clone(),
            (None, None) => {
                if inputs.is_some() {
                    out.diagnostics.push(Diagnostic::warning(
                        *file,
                        *declared,
                        "terraform-missing-input",
                        format!(
                            "`{}` does not set variable `{name}`, which has no default: its value is unknown",
                            prefix.trim_end_matches('.')
                        ),
                    ));
                }
                Val::Unknown(format!("var.{name}"))
            }
        };
        ctx.variables.insert(name.clone(), value);
        declared_defaults.insert(name.clone(), default);
    }
    let mut set_by_tfvars: HashSet<String> = HashSet::new();
    if let Some(inputs) = inputs {
        for (name, input) in inputs {
            if !ctx.variables.contains_key(name) {
                out.diagnostics.push(Diagnostic::warning(
                    input.origin.file.clone(),
                    input.origin.range,
                    "terraform-undeclared-variable",
                    format!("the module in `{dir}` declares no variable `{name}`"),
                ));
            }
        }
    } else {
        // What the tfvars files set is the configuration's; the root's other
        // variables are its inputs (see `ModuleCtx::inputs` below).
        for p in parsed.iter().filter(|p| p.is_vars) {
            let Some(tree) = &p.tree else { continue };
            let text = p.file.text.as_str();
            let root_body = top_level_body(tree.root_node());
            for (name_node, expr, _) in root_body.map(attributes).unwrap_or_default() {
                let name = node_text(&name_node, text).to_string();
                if !ctx.variables.contains_key(&name) && !var_defaults.is_empty() {
                    out.diagnostics.push(Diagnostic::warning(
                        p.file.path.clone(),
                        TextRange::from_node(&name_node),
                        "terraform-undeclared-variable",
                        format!("`{name}` is set here but no `variable \"{name}\"` block declares it"),
                    ));
                }
                let mut value = ctx.eval_top(expr, text, &p.file.path, &Scope::default()).0;
                let decl = var_defaults.iter().find(|v| v.0 == name).map(|v| &v.4);
                if let (Some(decl), Some(default)) = (decl, declared_defaults.get(&name)) {
                    let at = (p.file.path.as_str(), TextRange::from_node(&expr));
                    value = accept(decl, &name, value, default.as_ref(), at).unwrap_or_else(|d| {
                        out.diagnostics.push(d);
                        Val::Unknown(format!("var.{name}"))
                    });
                }
                let file_name = p.file.path.rsplit('/').next().unwrap_or(&p.file.path).to_string();
                out.origins.entry(format!("var.{name}")).or_default().push(crate::Origin {
                    file: p.file.path.clone(),
                    range: TextRange::from_node(&name_node).cover(TextRange::from_node(&expr)),
                    note: format!("`{name}` is set in {file_name}"),
                });
                set_by_tfvars.insert(name.clone());
                ctx.variables.insert(name, value);
            }
        }
    }
    for (name, .., decl) in &var_defaults {
        if let Some(value) = ctx.variables.get(name).filter(|_| decl.sensitive) {
            types::strings_in(value, &mut out.secrets);
        }
    }

    // Which variables are inputs Vigil does not know the real value of: a root's
    // variables that no tfvars file sets, a module's variables its caller computed
    // from such inputs.
    if let Some(inputs) = inputs {
        ctx.parent = parent;
        ctx.input_exprs = inputs.iter().map(|(n, i)| (n.clone(), i.read_at.clone())).collect();
    }
    ctx.inputs = match inputs {
        Some(inputs) => inputs.iter().filter(|(_, i)| i.from_input).map(|(n, _)| n.clone()).collect(),
        None => var_defaults.iter().map(|v| v.0.clone()).filter(|n| !set_by_tfvars.contains(n)).collect(),
    };

    // Module calls, those whose arguments use other modules' outputs after them.
    let mut pending: Vec<ModuleCall<'_>> = calls;
    while !pending.is_empty() {
        let names: Vec<String> = pending.iter().map(|c| c.name.clone()).collect();
        let ready = pending
            .iter()
            .position(|c| {
                let body = &c.text[c.block.byte_range()];
                !names.iter().any(|n| *n != c.name && body.contains(&format!("module.{n}")))
            })
            .unwrap_or(0);
        let call = pending.remove(ready);
        let value = module_call(env, out, &ctx, dir, prefix, key, &call, chain);
        ctx.modules.insert(call.name.clone(), value);
        // Locals read before this module's outputs were known are read again.
        ctx.reset_locals();
    }

    let mut addresses: HashSet<String> = HashSet::new();
    let mut fresh: Vec<(u64, CachedBlock)> = Vec::new();
    for b in &blocks {
        let local_base = match b.mode {
            Mode::Managed => format!("{}.{}", b.r#type, b.name),
            Mode::Data => format!("data.{}.{}", b.r#type, b.name),
        };
        let base = format!("{prefix}{local_base}");
        let header = header_range(b.block, b.text);
        if !addresses.insert(base.clone()) {
            out.diagnostics.push(Diagnostic::error(
                b.file,
                header,
                "terraform-duplicate",
                format!("`{local_base}` is declared more than once"),
            ));
            continue;
        }
        let Some((cache, context)) = cache.as_mut() else {
            preview_block(&ctx, out, b, &base, header, prefix);
            continue;
        };
        let span = TextRange::from_node(&b.block);
        let key = context.key(b.file, &b.text[span.as_usize()]);
        let hit = cache.get(key, span.start).filter(|hit| ctx.work.take(hit.steps, ctx.limits.preview_steps));
        if let Some(hit) = hit {
            cache.hits += 1;
            out.resources.extend(hit.resources);
            out.origins.extend(hit.origins);
            out.diagnostics.extend(hit.diagnostics);
            ctx.diagnostics.borrow_mut().extend(hit.eval_diagnostics);
            continue;
        }
        cache.misses += 1;
        let (resources, diagnostics, eval_diagnostics, steps) =
            (out.resources.len(), out.diagnostics.len(), ctx.diagnostics.borrow().len(), ctx.work.used());
        let origins = preview_block(&ctx, out, b, &base, header, prefix);
        let mut entry = CachedBlock {
            file: b.file.to_string(),
            span,
            resources: out.resources[resources..].to_vec(),
            origins: origins
                .into_iter()
                .filter_map(|k| Some((k.clone(), out.origins.get(&k)?.clone())))
                .collect(),
            diagnostics: out.diagnostics[diagnostics..].to_vec(),
            eval_diagnostics: ctx.diagnostics.borrow()[eval_diagnostics..].to_vec(),
            steps: ctx.work.used() - steps,
        };
        // A block read past the budget is unknown because of what came before it.
        if !ctx.out_of_steps() && context.pins(&mut entry) {
            fresh.push((key, entry));
        }
    }
    if let Some((cache, _)) = cache {
        // Locals in a cycle get values that depend on which reader came first:
        // nothing read in such a module is kept.
        if !ctx.diagnostics.borrow().iter().any(|d| d.code == "cycle") {
            cache.current.extend(fresh);
        }
    }
    let mut values = BTreeMap::new();
    for (name, expr, text, file) in outputs {
        values.insert(name, ctx.eval_top(expr, text, file, &Scope::default()).0);
    }
    out.diagnostics.extend(ctx.diagnostics.take());
    values
}

/// Previews one `resource` or `data` block of a module: its instances' resources,
/// their origins (returns the keys it added to `out.origins`) and diagnostics.
fn preview_block(
    ctx: &ModuleCtx<'_, '_>,
    out: &mut Out,
    b: &ResourceBlock<'_>,
    base: &str,
    header: TextRange,
    prefix: &str,
) -> Vec<String> {
    let mut origins = Vec::new();
    let Some(body) = body_of(b.block) else {
        out.resources.push(new_resource(b, base.to_string(), header, Default::default()));
        return origins;
    };
    let attrs = attributes(body);
    let meta = |name: &str| attrs.iter().find(|(n, _, _)| node_text(n, b.text) == name).map(|(_, e, _)| *e);
    let mut instances: Vec<(String, Scope, bool)> =
        match expand(ctx, meta("count"), meta("for_each"), b.text, b.file, base, &mut out.diagnostics) {
            Expansion::Single => vec![(base.to_string(), Scope::default(), false)],
            Expansion::Count(list) => {
                list.into_iter().map(|(s, scope)| (format!("{base}{s}"), scope, false)).collect()
            }
            Expansion::ForEach(list) => {
                list.into_iter().map(|(s, _, scope)| (format!("{base}{s}"), scope, false)).collect()
            }
            // One resource standing for an unknown number of instances: in the
            // stack for joins, never evaluated itself.
            Expansion::Unknown(refs) => vec![(
                base.to_string(),
                Scope {
                    count_index: Some(Val::Unknown("count.index".into())),
                    each: Some((Val::Unknown("each.key".into()), Val::Unknown("each.value".into()))),
                    each_refs: refs,
                    speculative: true,
                    ..Scope::default()
                },
                true,
            )],
            Expansion::Invalid => vec![],
        };
    if !prefix.is_empty() {
        let room = out.room_for(&ctx.limits, b.file, header, base, instances.len());
        instances.truncate(room);
    }
    for (address, scope, instances_unknown) in instances {
        let mut body_out = BodyOut::default();
        let values = body_values(ctx, body, b.text, b.file, &scope, "", true, &mut body_out);
        let mut unknown = Vec::new();
        let json = Val::Map(values).to_json("", &mut unknown);
        unknown.extend(body_out.unknown);
        unknown.sort();
        unknown.dedup();
        for (pointer, origin) in body_out.redirects {
            let key = format!("{address}#{pointer}");
            origins.push(key.clone());
            out.origins.insert(key, vec![origin]);
        }
        let mut resource = new_resource(b, address, header, body_out.source_map);
        resource.values = json;
        // Addresses inside a module are the module's own: make them absolute.
        resource.references = body_out
            .references
            .into_iter()
            .map(|(p, refs)| (p, refs.into_iter().map(|r| format!("{prefix}{r}")).collect()))
            .collect();
        resource.unknown = unknown;
        resource.instances_unknown = instances_unknown || ctx.speculative;
        out.resources.push(resource);
    }
    origins
}

/// Reads the instances of a `module` block; returns the value of `module.<name>`:
/// its outputs (a list of them with `count`, a map with `for_each`), or unknown for
/// a module that is not in the workspace.
#[allow(clippy::too_many_arguments)]
fn module_call<'f, 'p>(
    env: &Env<'f>,
    out: &mut Out,
    ctx: &'p ModuleCtx<'f, 'p>,
    dir: &str,
    prefix: &str,
    parent_key: &str,
    call: &ModuleCall<'_>,
    chain: &mut Vec<String>,
) -> Val {
    let unknown = || Val::Unknown(format!("module.{}", call.name));
    let header = header_range(call.block, call.text);
    let attrs = body_of(call.block).map(attributes).unwrap_or_default();
    let find =
        |name: &str| attrs.iter().find(|(n, _, _)| node_text(n, call.text) == name).map(|(_, e, _)| *e);
    let source = find("source").map(|e| ctx.eval_top(e, call.text, call.file, &Scope::default()).0);
    let Some(Val::Str(source)) = source else {
        out.diagnostics.push(Diagnostic::warning(
            call.file,
            header,
            "terraform-module",
            format!("module `{}` has no literal `source`: its outputs are unknown", call.name),
        ));
        return unknown();
    };
    let local = source.starts_with("./") || source.starts_with("../");
    let module_key =
        if parent_key.is_empty() { call.name.clone() } else { format!("{parent_key}.{}", call.name) };
    // Where `terraform init` put it, else the local path.
    let child = out
        .manifest
        .get(&module_key)
        .cloned()
        .or_else(|| local.then(|| join_source(dir, &source)).flatten())
        .filter(|d| env.by_dir.contains_key(d));
    let Some(child) = child else {
        let why = if local {
            "is not in the workspace"
        } else {
            "is not a local module and `terraform init` has not downloaded it (.terraform/modules)"
        };
        out.diagnostics.push(Diagnostic::info(
            call.file,
            header,
            "terraform-module",
            format!(
                "module `{}`: `{source}` {why}; its resources are not checked and its outputs are unknown",
                call.name
            ),
        ));
        return unknown();
    };
    if chain.contains(&child) || chain.len() > MAX_MODULE_DEPTH {
        out.diagnostics.push(Diagnostic::error(
            call.file,
            header,
            "terraform-module",
            format!("module `{}` calls `{child}`, which is already being read: a cycle", call.name),
        ));
        return unknown();
    }
    let what = format!("{prefix}module.{}", call.name);
    let expansion =
        expand(ctx, find("count"), find("for_each"), call.text, call.file, &what, &mut out.diagnostics);
    // `module.x` is a list of the instances' outputs with `count`, a map with `for_each`.
    let (is_count, is_for_each) =
        (matches!(expansion, Expansion::Count(_)), matches!(expansion, Expansion::ForEach(_)));
    let mut instances: Vec<(String, Option<Val>, Scope)> = match expansion {
        Expansion::Single => vec![(String::new(), None, Scope::default())],
        Expansion::Count(list) => list.into_iter().map(|(s, scope)| (s, None, scope)).collect(),
        Expansion::ForEach(list) => list.into_iter().map(|(s, k, scope)| (s, Some(k), scope)).collect(),
        // An unknown number of instances: read once with the unknowns, so that its
        // resources are in the stack as `module.x[*].…` (for joins; never evaluated
        // themselves) and its errors are notes; `module.x` stays unknown.
        Expansion::Unknown(refs) => vec![(
            "[*]".to_string(),
            None,
            Scope {
                count_index: Some(Val::Unknown("count.index".into())),
                each: Some((Val::Unknown("each.key".into()), Val::Unknown("each.value".into()))),
                each_refs: refs,
                speculative: true,
                ..Scope::default()
            },
        )],
        Expansion::Invalid => return unknown(),
    };
    let room = out.room_for(&ctx.limits, call.file, header, &what, instances.len());
    instances.truncate(room);
    let speculative = ctx.speculative || instances.first().is_some_and(|(_, _, scope)| scope.speculative);
    let mut as_list = Vec::new();
    let mut as_map = BTreeMap::new();
    let mut single = Val::Map(BTreeMap::new());
    for (suffix, key, scope) in instances {
        let mut inputs = BTreeMap::new();
        for (name_node, expr, _) in &attrs {
            let name = node_text(name_node, call.text);
            if MODULE_META.contains(&name) {
                continue;
            }
            let value = ctx.eval_top(*expr, call.text, call.file, &scope).0;
            let from_input = ctx.read_input();
            let literal = ctx.trace_literal(call.file, TextRange::from_node(expr), &scope);
            // A value passed straight through (`var.x` of a module that got it from
            // its own caller) belongs where it was first written.
            let written = node_text(expr, call.text).trim();
            let origin =
                written.strip_prefix("var.").and_then(|v| ctx.input_origins.get(v)).cloned().unwrap_or_else(
                    || crate::Origin {
                        file: call.file.to_string(),
                        range: TextRange::from_node(expr),
                        note: format!("`{name}` is set by module `{}` here", call.name),
                    },
                );
            // Otherwise the literal it reads, when not the argument itself.
            let origin = match &literal {
                Some((f, r)) if origin.file == call.file && origin.range == TextRange::from_node(expr) => {
                    crate::Origin { file: f.clone(), range: *r, note: origin.note }
                }
                _ => origin,
            };
            inputs.insert(
                name.to_string(),
                Input {
                    value,
                    origin,
                    from_input,
                    read_at: (call.file.to_string(), TextRange::from_node(expr), scope.clone()),
                },
            );
        }
        chain.push(child.clone());
        let outputs = instance(
            env,
            out,
            &child,
            &format!("{prefix}module.{}{suffix}.", call.name),
            &module_key,
            Some(&inputs),
            Some(ctx),
            speculative,
            chain,
            None,
        );
        chain.pop();
        let value = Val::Map(outputs);
        match key {
            Some(k) => {
                as_map.insert(k.to_str().unwrap_or_default(), value);
            }
            None if is_count => as_list.push(value),
            None => single = value,
        }
    }
    if speculative {
        unknown()
    } else if is_for_each {
        Val::Map(as_map)
    } else if is_count {
        Val::List(as_list)
    } else {
        single
    }
}

fn new_resource(
    b: &ResourceBlock<'_>,
    address: String,
    header: TextRange,
    source_map: BTreeMap<JsonPointer, Span>,
) -> Resource {
    Resource {
        address,
        r#type: b.r#type.clone(),
        name: b.name.clone(),
        mode: b.mode,
        source: SourceKind::Terraform,
        provider: b.r#type.split('_').next().unwrap_or("").to_string(),
        file: b.file.to_string(),
        values: serde_json::Value::Object(Default::default()),
        references: BTreeMap::new(),
        unknown: vec![],
        header,
        range: TextRange::from_node(&b.block),
        source_map,
        instances_unknown: false,
    }
}

#[derive(Default)]
struct BodyOut {
    source_map: BTreeMap<JsonPointer, Span>,
    /// Values written as `var.x` where `x` came from a module call: where it was set.
    redirects: BTreeMap<JsonPointer, crate::Origin>,
    references: BTreeMap<JsonPointer, Vec<String>>,
    unknown: Vec<JsonPointer>,
}

/// The values of a block body: attributes, then nested blocks grouped by type.
#[allow(clippy::too_many_arguments)]
fn body_values(
    ctx: &ModuleCtx<'_, '_>,
    body: Node<'_>,
    text: &str,
    file: &str,
    scope: &Scope,
    pointer: &str,
    top: bool,
    out: &mut BodyOut,
) -> BTreeMap<String, Val> {
    let mut values = BTreeMap::new();
    for (name_node, expr, attr) in attributes(body) {
        let name = node_text(&name_node, text);
        if top && META_ARGUMENTS.contains(&name) {
            continue;
        }
        let child = format!("{pointer}/{}", escape_token(name));
        let (value, refs) = ctx.eval_top(expr, text, file, scope);
        out.source_map.insert(
            child.clone(),
            Span { key: Some(TextRange::from_node(&name_node)), value: TextRange::from_node(&expr) },
        );
        map_literal(expr, text, &child, out);
        if !refs.is_empty() {
            out.references.insert(child.clone(), refs);
        }
        // Where the value is written, when not here: the module call that passed it
        // in, or the literal a local, `each.value` or an iterator reads.
        let input = node_text(&expr, text).trim().strip_prefix("var.").and_then(|v| ctx.input_origins.get(v));
        if let Some(origin) = input {
            out.redirects.insert(child.clone(), origin.clone());
        } else if let Some((written_file, range)) = ctx.trace(file, TextRange::from_node(&expr), scope) {
            out.redirects.insert(
                child.clone(),
                crate::Origin { file: written_file, range, note: format!("`{name}` is written here") },
            );
        }
        let _ = attr;
        values.insert(name.to_string(), value);
    }
    // Nested blocks, in order, grouped by type; `dynamic` blocks expand in place.
    let mut groups: Vec<(String, Vec<BlockItem<'_>>)> = Vec::new();
    let mut unknown_kinds: Vec<(String, Node<'_>)> = Vec::new();
    for block in named_children(body).into_iter().filter(|c| c.kind() == "block") {
        let (kind, labels) = block_header(block, text);
        if top && META_ARGUMENTS.contains(&kind.as_str()) {
            continue;
        }
        let (kind, items) = if kind == "dynamic" {
            let Some(label) = labels.first() else { continue };
            match expand_dynamic(ctx, block, label, text, file, scope) {
                Some(items) => (label.clone(), items),
                None => {
                    unknown_kinds.push((label.clone(), block));
                    continue;
                }
            }
        } else {
            (kind, vec![BlockItem { block, body: body_of(block), scope: None }])
        };
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.extend(items),
            None => groups.push((kind, items)),
        }
    }
    for (kind, list) in groups {
        if unknown_kinds.iter().any(|(k, _)| *k == kind) {
            continue;
        }
        let base = format!("{pointer}/{}", escape_token(&kind));
        let mut items = Vec::new();
        let repeated = list.len() > 1;
        for (i, item) in list.iter().enumerate() {
            let item_pointer = if repeated { format!("{base}/{i}") } else { base.clone() };
            let ident = first_named(item.block).map(|n| TextRange::from_node(&n));
            out.source_map
                .insert(item_pointer.clone(), Span { key: ident, value: TextRange::from_node(&item.block) });
            let item_scope = item.scope.as_ref().unwrap_or(scope);
            let inner = item
                .body
                .map(|b| body_values(ctx, b, text, file, item_scope, &item_pointer, false, out))
                .unwrap_or_default();
            items.push(Val::Map(inner));
        }
        if repeated {
            values.insert(kind, Val::List(items));
        } else if let Some(item) = items.pop() {
            values.insert(kind, item);
        }
    }
    // A dynamic block over values known only at apply time: the blocks of its type
    // are unknown as a whole.
    for (kind, block) in unknown_kinds {
        let child = format!("{pointer}/{}", escape_token(&kind));
        out.source_map.insert(
            child.clone(),
            Span {
                key: first_named(block).map(|n| TextRange::from_node(&n)),
                value: TextRange::from_node(&block),
            },
        );
        values.insert(kind.clone(), Val::Unknown(format!("dynamic \"{kind}\"")));
    }
    values
}

/// One nested block to read: a written block, or one instance of a `dynamic` block's
/// `content` with its iterator bound.
struct BlockItem<'t> {
    /// The block findings point at: the written block, or the `dynamic` block.
    block: Node<'t>,
    body: Option<Node<'t>>,
    scope: Option<Scope>,
}

/// The instances of `dynamic "label" { for_each = ..., iterator = ..., content {} }`;
/// `None` when its `for_each` is known only at apply time.
fn expand_dynamic<'t>(
    ctx: &ModuleCtx<'_, '_>,
    block: Node<'t>,
    label: &str,
    text: &str,
    file: &str,
    scope: &Scope,
) -> Option<Vec<BlockItem<'t>>> {
    let body = body_of(block)?;
    let attrs = attributes(body);
    let find = |name: &str| attrs.iter().find(|(n, _, _)| node_text(n, text) == name).map(|(_, e, _)| *e);
    let for_each = find("for_each")?;
    let iterator =
        find("iterator").map(|e| node_text(&e, text).trim().to_string()).unwrap_or_else(|| label.to_string());
    let content = named_children(body)
        .into_iter()
        .filter(|c| c.kind() == "block")
        .find(|b| block_header(*b, text).0 == "content")?;
    let (value, _) = ctx.eval_top(for_each, text, file, scope);
    let pairs: Vec<(Val, Val)> = match value {
        Val::Map(map) => map.into_iter().map(|(k, v)| (Val::Str(k), v)).collect(),
        Val::List(items) => items.into_iter().enumerate().map(|(i, v)| (Val::Num(i as f64), v)).collect(),
        Val::Null => vec![],
        _ => return None,
    };
    ctx.diagnostics.borrow_mut().extend(over_budget(ctx, file, &for_each, "for_each", pairs.len()));
    Some(
        pairs
            .into_iter()
            .take(ctx.limits.instances)
            .map(|(key, value)| {
                let at = ModuleCtx::element_at(file, TextRange::from_node(&for_each), &key, scope);
                let mut it = BTreeMap::new();
                it.insert("key".to_string(), key);
                it.insert("value".to_string(), value);
                let mut item_scope = scope.with(&[(iterator.clone(), Val::Map(it))]);
                item_scope.vars_at.push((iterator.clone(), at));
                BlockItem { block: content, body: body_of(content), scope: Some(item_scope) }
            })
            .collect(),
    )
}

/// Maps the elements of a literal list or object to their own text.
fn map_literal(expr: Node<'_>, text: &str, pointer: &str, out: &mut BodyOut) {
    let Some(collection) = named_children(expr)
        .into_iter()
        .next()
        .filter(|c| c.kind() == "collection_value" && named_children(expr).len() == 1)
    else {
        return;
    };
    let Some(inner) = first_named(collection) else { return };
    match inner.kind() {
        "tuple" => {
            for (i, item) in
                named_children(inner).into_iter().filter(|c| c.kind() == "expression").enumerate()
            {
                let child = format!("{pointer}/{i}");
                out.source_map.insert(child.clone(), Span { key: None, value: TextRange::from_node(&item) });
                map_literal(item, text, &child, out);
            }
        }
        "object" => {
            for elem in named_children(inner).into_iter().filter(|c| c.kind() == "object_elem") {
                let (Some(k), Some(v)) = (elem.child_by_field_name("key"), elem.child_by_field_name("val"))
                else {
                    continue;
                };
                let raw = node_text(&k, text).trim();
                let key = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
                let child = format!("{pointer}/{}", escape_token(key));
                out.source_map.insert(
                    child.clone(),
                    Span { key: Some(TextRange::from_node(&k)), value: TextRange::from_node(&v) },
                );
                map_literal(v, text, &child, out);
            }
        }
        _ => {}
    }
}

fn top_level_body(root: Node<'_>) -> Option<Node<'_>> {
    named_children(root).into_iter().find(|c| c.kind() == "body")
}

fn top_level<'t>(root: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    top_level_body(root)
        .map(|b| named_children(b).into_iter().filter(|c| c.kind() == kind).collect())
        .unwrap_or_default()
}

fn body_of(block: Node<'_>) -> Option<Node<'_>> {
    named_children(block).into_iter().find(|c| c.kind() == "body")
}

/// (name, expression, attribute) of each attribute of a body.
fn attributes(body: Node<'_>) -> Vec<(Node<'_>, Node<'_>, Node<'_>)> {
    named_children(body)
        .into_iter()
        .filter(|c| c.kind() == "attribute")
        .filter_map(|attr| {
            let children = named_children(attr);
            let name = children.iter().find(|c| c.kind() == "identifier")?;
            let expr = children.iter().find(|c| c.kind() == "expression")?;
            Some((*name, *expr, attr))
        })
        .collect()
}

/// A block's type and labels (`resource`, ["aws_s3_bucket", "b"]).
fn block_header(block: Node<'_>, text: &str) -> (String, Vec<String>) {
    let mut kind = String::new();
    let mut labels = Vec::new();
    for (i, child) in named_children(block).into_iter().enumerate() {
        match child.kind() {
            "identifier" if i == 0 => kind = node_text(&child, text).to_string(),
            "identifier" => labels.push(node_text(&child, text).to_string()),
            "string_lit" => {
                let raw = node_text(&child, text);
                labels.push(raw.trim_matches('"').to_string());
            }
            _ => break,
        }
    }
    (kind, labels)
}

/// From the block type to the end of its last label.
fn header_range(block: Node<'_>, _text: &str) -> TextRange {
    let start = block.start_byte();
    let mut end = block.start_byte();
    for child in named_children(block) {
        match child.kind() {
            "identifier" | "string_lit" => end = child.end_byte(),
            _ => break,
        }
    }
    TextRange::from_usize(start, end)
}
