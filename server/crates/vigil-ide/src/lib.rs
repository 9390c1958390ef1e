//! The workspace façade: files, policies and configuration in; findings and
//! diagnostics out. Shared by the CLI and (later) the language server.
//!
//! Pure and synchronous. Work is split in chunks ([`plan`], [`evaluate_chunk`]) so
//! that a caller may run chunks in parallel; [`analyze`] runs them in order.

pub mod compliance;
pub mod config;
pub mod features;
pub mod rego;
pub mod remediate;
mod suppress;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Serialize;
use serde_json::Value;
use vigil_model::{Model, Resource, SourceFile, Stack};
use vigil_policy::{Enforcement, PolicySet, ResultKind, Severity};
use vigil_syntax::{Diagnostic, LineIndex, TextRange};

pub use config::Config;
pub use suppress::{is_valid_date, Dialect, Suppression};

/// A policy violation on a resource, placed on the text at fault.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub policy_id: String,
    pub title: String,
    pub severity: Severity,
    pub enforcement: Enforcement,
    pub message: String,
    pub address: String,
    pub resource_type: String,
    pub file: String,
    #[serde(skip)]
    pub range: TextRange,
    /// JSON Pointer into the resource's values, as the policy gave it.
    pub path: Option<String>,
    pub controls: BTreeMap<String, Vec<String>>,
    pub fix: Vec<Value>,
    pub fix_safe: bool,
    /// Set when an inline suppression silences this finding.
    pub suppressed: Option<String>,
    /// Where the value at fault came from, when it is a variable, a local or a
    /// parameter: the declaration, the tfvars line that sets it.
    #[serde(skip)]
    pub related: Vec<vigil_model::Origin>,
    /// Index of the stack and resource in the model.
    #[serde(skip)]
    pub origin: (usize, usize),
}

/// Which policies looked at a resource (for hovers and code lenses).
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceSummary {
    pub address: String,
    pub file: String,
    pub header: TextRange,
    /// Ids of the policies evaluated on it.
    pub evaluated: Vec<String>,
    /// Ids of the policies whose verdict depends on values known only after apply.
    pub unknown: Vec<String>,
}

/// The result of checking a workspace.
#[derive(Debug, Default)]
pub struct Analysis {
    /// One per evaluated resource, in model order.
    pub summaries: Vec<ResourceSummary>,
    /// Active findings, sorted by file, position and policy id.
    pub findings: Vec<Finding>,
    /// Findings silenced by an inline suppression.
    pub suppressed: Vec<Finding>,
    /// Problems in the inputs: syntax errors, invalid policies, config, suppressions.
    pub diagnostics: Vec<Diagnostic>,
    pub resources: usize,
    pub files: usize,
    /// What was read but not evaluated, and why (for the summary).
    pub not_evaluated: NotEvaluated,
}

/// What was read but not evaluated, by reason. Resources whose number of instances
/// is known only at apply time are among [`Analysis::resources`]; the resources of
/// modules that were not read are not known at all, so their calls are counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NotEvaluated {
    /// Resources whose `count` is known only at apply time.
    pub count_unknown: usize,
    /// Resources whose `for_each` is known only at apply time.
    pub for_each_unknown: usize,
    /// Module calls (one per instance of the calling module) whose `count` or
    /// `for_each` is not known before plan: their resources are read (for joins)
    /// but not evaluated.
    pub module_instances_unknown: usize,
    /// Registry and remote module calls `terraform init` has not downloaded.
    pub modules_not_downloaded: usize,
    /// Local module calls whose directory is not in the workspace (or outside it),
    /// and calls without a literal `source`.
    pub modules_not_found: usize,
    /// Helm templates, skipped (files).
    pub helm_templates: usize,
    /// Terraform state files and `kubectl` dumps not read without `--audit` (files;
    /// set by the CLI, which knows the option).
    pub audit_files: usize,
}

impl NotEvaluated {
    /// Resources that were read but not evaluated.
    pub fn resources(&self) -> usize {
        self.count_unknown + self.for_each_unknown
    }

    /// Module calls whose resources are not known.
    pub fn module_calls(&self) -> usize {
        self.module_instances_unknown + self.modules_not_downloaded + self.modules_not_found
    }

    pub fn is_empty(&self) -> bool {
        *self == NotEvaluated::default()
    }

    /// Counts what the model read but did not evaluate, from its resources and its
    /// notes (`terraform-unknown-count`, `terraform-unknown-for-each`,
    /// `terraform-module`, `helm-template`), deduplicated as [`finish`] does.
    pub fn of(model: &Model) -> NotEvaluated {
        let mut out = NotEvaluated::default();
        let mut notes: Vec<&Diagnostic> = model.diagnostics.iter().collect();
        notes.sort();
        notes.dedup();
        let unknown_instances = |code: &str, file: &str, within: TextRange| {
            notes.iter().any(|d| d.code == code && d.file == file && within.contains_range(d.range))
        };
        for stack in &model.stacks {
            // A plan fills in the instances of a resource whose count the source
            // leaves unknown: those instances are evaluated.
            let filled: std::collections::HashSet<&str> = stack
                .resources
                .iter()
                .filter(|r| !r.instances_unknown && r.address.ends_with(']'))
                .map(|r| vigil_model::base_address(&r.address))
                .collect();
            for r in stack.resources.iter().filter(|r| r.instances_unknown) {
                if filled.contains(r.address.as_str()) {
                    continue;
                }
                if r.address.contains("[*].") {
                    // In a module whose call has an unknown count or for_each:
                    // counted with the call below.
                    continue;
                }
                if unknown_instances("terraform-unknown-count", &r.file, r.range) {
                    out.count_unknown += 1;
                } else {
                    out.for_each_unknown += 1;
                }
            }
        }
        // Notes on `count`/`for_each` outside every resource block are on module calls.
        let mut blocks: HashMap<&str, Vec<TextRange>> = HashMap::new();
        for r in model.resources().filter(|r| r.source == vigil_model::SourceKind::Terraform) {
            blocks.entry(r.file.as_str()).or_default().push(r.range);
        }
        let in_block = |d: &Diagnostic| {
            blocks.get(d.file.as_str()).is_some_and(|list| list.iter().any(|b| b.contains_range(d.range)))
        };
        // One note per call (a module read by several callers has it once).
        let mut calls: std::collections::HashSet<(&str, TextRange)> = Default::default();
        for d in &notes {
            match d.code.as_str() {
                "terraform-unknown-count" | "terraform-unknown-for-each" if !in_block(d) => {
                    out.module_instances_unknown += 1;
                }
                "terraform-module"
                    if d.severity != vigil_syntax::DiagnosticSeverity::Error
                        && calls.insert((d.file.as_str(), d.range)) =>
                {
                    if d.message.contains("terraform init") {
                        out.modules_not_downloaded += 1;
                    } else {
                        out.modules_not_found += 1;
                    }
                }
                "helm-template" => out.helm_templates += 1,
                _ => {}
            }
        }
        out
    }
}

/// One note per kind of source (Terraform, CloudFormation, Kubernetes, Pulumi) whose
/// resources were read but to which no loaded policy applies: no policy's
/// `resources` selects any of their types (or every policy that does is disabled for
/// their files). The note is on the kind's first file.
pub fn uncovered_kinds(model: &Model, policies: &PolicySet, config: &Config) -> Vec<Diagnostic> {
    use vigil_model::SourceKind;
    let mut selected: HashMap<(&str, vigil_model::Mode), bool> = HashMap::new();
    let mut notes = Vec::new();
    for kind in
        [SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::Kubernetes, SourceKind::Pulumi]
    {
        let mut resources = 0usize;
        let mut files: std::collections::BTreeSet<&str> = Default::default();
        let mut types: std::collections::BTreeSet<&str> = Default::default();
        let mut covered = false;
        for r in model.resources().filter(|r| r.source == kind) {
            resources += 1;
            files.insert(r.file.as_str());
            types.insert(r.r#type.as_str());
            let any = *selected
                .entry((r.r#type.as_str(), r.mode))
                .or_insert_with(|| policies.policies.iter().any(|p| p.meta.selects(&r.r#type, r.mode)));
            if any
                && policies.policies.iter().any(|p| {
                    p.meta.selects(&r.r#type, r.mode)
                        && config.enforcement(&p.meta, &r.file) != Enforcement::Disabled
                })
            {
                covered = true;
                break;
            }
        }
        let Some(first) = files.first() else { continue };
        if covered {
            continue;
        }
        let name = match kind {
            SourceKind::Terraform => "Terraform",
            SourceKind::CloudFormation => "CloudFormation",
            SourceKind::Kubernetes => "Kubernetes",
            SourceKind::Pulumi => "Pulumi",
        };
        let shown: Vec<&str> = types.iter().take(3).copied().collect();
        let more = if types.len() > shown.len() { ", ..." } else { "" };
        notes.push(Diagnostic::info(
            first.to_string(),
            TextRange::empty(0),
            "no-policy",
            format!(
                "no loaded policy applies to {name} resources: the {resources} resource{} in {} file{} (types: {}{more}) {} read but not checked",
                if resources == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if resources == 1 { "is" } else { "are" },
            ),
        ));
    }
    notes
}

/// A unit of evaluation: some resources of one stack.
#[derive(Debug, Clone)]
pub struct Chunk {
    pub stack: usize,
    pub resources: Range<usize>,
    /// Set by the caller (which owns the clock) to [`Stop::Time`] when the policies
    /// have spent the stack's budget of time
    /// ([`vigil_syntax::Limits::stack_eval_seconds`]), or to [`Stop::Memory`] when the
    /// process holds more memory than [`vigil_syntax::Limits::memory_mib`]: resources
    /// left then are not evaluated, and an `evaluation-budget` error says how many.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicU8>>,
    /// When set, `resources` are positions in this order of the stack's resources
    /// (indices into it), not indices: [`plan`] puts a Terraform root module's own
    /// resources first, so that a stack that runs out of time loses module
    /// instances, not the resources the user wrote at the top.
    pub order: Option<std::sync::Arc<[usize]>>,
}

impl Chunk {
    /// The indices of the chunk's resources in the stack, in evaluation order.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.resources.clone().map(|at| self.order.as_ref().and_then(|o| o.get(at).copied()).unwrap_or(at))
    }
}

/// The order in which a stack's resources are evaluated (see [`Chunk::order`]): the
/// root module's own resources first; `None` when that is the stack's order.
pub fn evaluation_order(stack: &Stack) -> Option<std::sync::Arc<[usize]>> {
    let in_module = |r: &vigil_model::Resource| r.address.starts_with("module.");
    stack.resources.windows(2).any(|w| in_module(&w[0]) && !in_module(&w[1])).then(|| {
        let (root, modules): (Vec<usize>, Vec<usize>) =
            (0..stack.resources.len()).partition(|&at| !in_module(&stack.resources[at]));
        root.into_iter().chain(modules).collect()
    })
}

/// Splits the model's resources into at most `parts` chunks per stack, each stack's
/// root-module resources first (see [`Chunk::order`]).
pub fn plan(model: &Model, parts: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    for (i, stack) in model.stacks.iter().enumerate() {
        let n = stack.resources.len();
        if n == 0 {
            continue;
        }
        let order = evaluation_order(stack);
        let size = n.div_ceil(parts.max(1)).max(64);
        let mut start = 0;
        while start < n {
            let end = (start + size).min(n);
            chunks.push(Chunk { stack: i, resources: start..end, stop: None, order: order.clone() });
            start = end;
        }
    }
    chunks
}

/// The texts of the files, by path.
pub struct Texts<'a>(HashMap<&'a str, &'a str>);

impl<'a> Texts<'a> {
    pub fn new(files: &'a [SourceFile]) -> Self {
        Texts(files.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect())
    }

    pub fn get(&self, path: &str) -> &'a str {
        self.0.get(path).copied().unwrap_or("")
    }
}

/// Evaluates the policies on one chunk of resources.
pub fn evaluate_chunk(
    model: &Model,
    chunk: &Chunk,
    policies: &PolicySet,
    config: &Config,
    texts: &Texts<'_>,
) -> ChunkResult {
    let data = vigil_policy::StackData::new(&model.stacks[chunk.stack]);
    evaluate_chunk_cached(model, chunk, &data, policies, config, texts, None)
}

/// [`evaluate_chunk`] with the chunk's stack as policies see it made once by the
/// caller (`StackData::new(&model.stacks[chunk.stack])`, shared by the stack's
/// chunks), reusing the results of an earlier analysis when `cache` is given: a
/// policy's verdict on a resource is recomputed only when the resource, or the part
/// of its stack the policy reads, changed. The caller owns the cache (one per stack)
/// and calls [`vigil_policy::ResultCache::rotate`] after each analysis.
pub fn evaluate_chunk_cached(
    model: &Model,
    chunk: &Chunk,
    data: &vigil_policy::StackData,
    policies: &PolicySet,
    config: &Config,
    texts: &Texts<'_>,
    mut cache: Option<&mut vigil_policy::ResultCache>,
) -> ChunkResult {
    let stack: &Stack = &model.stacks[chunk.stack];
    let mut evaluator = policies.evaluator_for(data);
    let mut findings = Vec::new();
    let mut diagnostics = Vec::new();
    let mut summaries = Vec::new();
    let mut unevaluated: Option<Unevaluated> = None;
    let results_budget = config.limits().results;
    for (position, index) in chunk.resources.clone().zip(chunk.indices()) {
        let Some(resource) = stack.resources.get(index) else { continue };
        if resource.instances_unknown {
            continue;
        }
        let stop = chunk.stop.as_ref().map_or(0, |s| s.load(std::sync::atomic::Ordering::Relaxed));
        if stop != 0 {
            let why = if stop == Stop::Memory as u8 { Stop::Memory } else { Stop::Time };
            unevaluated
                .get_or_insert(Unevaluated { stack: chunk.stack, why, position, index, count: 0 })
                .count += 1;
            continue;
        }
        let filter = |meta: &vigil_policy::PolicyMeta| {
            config.enforcement(meta, &resource.file) != Enforcement::Disabled
        };
        let mut output = evaluator.evaluate_at(index, resource, &filter, cache.as_deref_mut());
        diagnostics.extend(output.diagnostics);
        diagnostics.extend(keep_results(&mut output.results, resource, policies, results_budget));
        let ids = |list: &[usize]| list.iter().map(|&p| policies.meta(p).id.clone()).collect::<Vec<_>>();
        summaries.push((
            index,
            ResourceSummary {
                address: resource.address.clone(),
                file: resource.file.clone(),
                header: resource.header,
                evaluated: ids(&output.evaluated),
                unknown: ids(&output.unknown),
            },
        ));
        for result in output.results {
            let meta = policies.meta(result.policy);
            let enforcement = match (result.kind, config.enforcement(meta, &resource.file)) {
                (ResultKind::Warn, Enforcement::Disabled) => continue,
                (ResultKind::Warn, _) => Enforcement::Advisory,
                (_, e) => e,
            };
            let text = texts.get(&resource.file);
            let path = result.path.as_deref().unwrap_or("");
            let range = resource.finding_range(path, text);
            // A value written elsewhere (a module call's argument, a local, a for_each
            // map entry, a Pulumi stack's config): the finding goes where it is written,
            // with the resource as related information.
            let (file, range, related) = match redirect(stack, resource, path) {
                Some(origin) => (
                    origin.file.clone(),
                    origin.range,
                    vec![vigil_model::Origin {
                        file: resource.file.clone(),
                        range,
                        note: format!("used by {} here", resource.address),
                    }],
                ),
                None => (
                    resource.file.clone(),
                    range,
                    origins_of(
                        stack,
                        module_prefix(&resource.address),
                        text.get(range.as_usize()).unwrap_or(""),
                    ),
                ),
            };
            findings.push(Finding {
                policy_id: meta.id.clone(),
                title: meta.title.clone(),
                severity: meta.severity,
                enforcement,
                message: result.message,
                address: resource.address.clone(),
                resource_type: resource.r#type.clone(),
                file,
                range,
                path: result.path,
                controls: meta.controls.clone(),
                fix: result.fix,
                fix_safe: result.fix_safe,
                suppressed: None,
                related,
                origin: (chunk.stack, index),
            });
        }
    }
    if chunk.order.is_some() {
        summaries.sort_by_key(|s: &(usize, ResourceSummary)| s.0);
    }
    let summaries = summaries.into_iter().map(|(_, s)| s).collect();
    ChunkResult { findings, diagnostics, summaries, unevaluated: unevaluated.into_iter().collect() }
}

/// Keeps at most `budget` results of each policy on a resource (the first, in the
/// evaluator's order); a warning for each policy that produced more.
fn keep_results(
    results: &mut Vec<vigil_policy::PolicyResult>,
    resource: &vigil_model::Resource,
    policies: &PolicySet,
    budget: usize,
) -> Vec<Diagnostic> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    results.retain(|r| {
        let n = counts.entry(r.policy).or_default();
        *n += 1;
        *n <= budget
    });
    counts
        .into_iter()
        .filter(|&(_, n)| n > budget)
        .map(|(policy, n)| {
            Diagnostic::warning(
                resource.file.clone(),
                resource.header,
                "result-budget",
                format!(
                    "policy `{}` produced {n} results on `{}`: the first {budget} are reported ({})",
                    policies.meta(policy).id,
                    resource.address,
                    vigil_syntax::Limits::hint("results")
                ),
            )
        })
        .collect()
}

/// Why a stack's evaluation was stopped (the value of [`Chunk::stop`]; 0 is "go on").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Stop {
    Time = 1,
    Memory = 2,
}

/// Resources of a stack that the policies did not evaluate: a budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unevaluated {
    pub stack: usize,
    pub why: Stop,
    /// The first of them in evaluation order (its position, its index in the stack).
    pub position: usize,
    pub index: usize,
    pub count: usize,
}

/// One `evaluation-budget` error per stack that ran out of time (its chunks' counts
/// together), at the first resource left: the check did not see all.
pub fn budget_diagnostics(model: &Model, unevaluated: &[Unevaluated], config: &Config) -> Vec<Diagnostic> {
    let mut by_stack: BTreeMap<usize, Unevaluated> = BTreeMap::new();
    for u in unevaluated {
        by_stack
            .entry(u.stack)
            .and_modify(|m| {
                m.count += u.count;
                if u.position < m.position {
                    (m.position, m.index) = (u.position, u.index);
                }
                if u.why == Stop::Memory {
                    m.why = Stop::Memory;
                }
            })
            .or_insert(*u);
    }
    let limits = config.limits();
    by_stack
        .values()
        .filter_map(|u| {
            let resource = model.stacks.get(u.stack)?.resources.get(u.index)?;
            let (what, key) = match u.why {
                Stop::Time => (
                    format!(
                        "the policies took longer than {} s on this stack (Vigil's budget per stack)",
                        limits.stack_eval_seconds
                    ),
                    "stack_eval_seconds",
                ),
                Stop::Memory => (
                    format!(
                        "Vigil held more than {} MiB of memory while the policies ran on this stack",
                        limits.memory_mib
                    ),
                    "memory_mib",
                ),
            };
            Some(Diagnostic::error(
                resource.file.clone(),
                resource.header,
                "evaluation-budget",
                format!(
                    "{what}: {} of its resources were not evaluated, from `{}` on ({})",
                    u.count,
                    resource.address,
                    vigil_syntax::Limits::hint(key)
                ),
            ))
        })
        .collect()
}

/// Where the value at `path` is written when not in the resource itself (the model
/// records it as `<address>#<pointer>`; the deepest such attribute at or above
/// `path`).
fn redirect<'s>(
    stack: &'s Stack,
    resource: &vigil_model::Resource,
    path: &str,
) -> Option<&'s vigil_model::Origin> {
    let mut prefix = path.trim_end_matches('/');
    loop {
        if let Some(origin) =
            stack.origins.get(&format!("{}#{prefix}", resource.address)).and_then(|o| o.first())
        {
            return Some(origin);
        }
        match prefix.rfind('/') {
            Some(i) if !prefix.is_empty() => prefix = &prefix[..i],
            _ => return None,
        }
    }
}

/// The module part of a resource address (`module.a.module.b["x"].`), "" at the root.
fn module_prefix(address: &str) -> &str {
    let mut end = 0;
    while address[end..].starts_with("module.") {
        let name_start = end + "module.".len();
        let mut depth = 0i32;
        let mut next = None;
        for (i, c) in address[name_start..].char_indices() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                '.' if depth == 0 => {
                    next = Some(name_start + i + 1);
                    break;
                }
                _ => {}
            }
        }
        match next {
            Some(n) => end = n,
            None => break,
        }
    }
    &address[..end]
}

/// The definitions of the variables, locals and parameters an expression names
/// (variables of the module `prefix` names).
fn origins_of(stack: &Stack, prefix: &str, expression: &str) -> Vec<vigil_model::Origin> {
    static NAMES: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        regex::Regex::new(
            r"\b(?:var|local)\.[A-Za-z_][A-Za-z0-9_-]*|!Ref\s+[A-Za-z0-9]+|\bRef\W+[A-Za-z0-9]+|\$\{(?:config\.)?[A-Za-z_][A-Za-z0-9_-]*",
        )
        .expect("valid regex")
    });
    let mut out = Vec::new();
    for m in names.find_iter(expression) {
        let key = m.as_str();
        // Pulumi: `${name}` and `${config.name}` name a config value or a variable.
        if let Some(name) = key.strip_prefix("${") {
            let name = name.strip_prefix("config.").unwrap_or(name);
            for k in [format!("config.{name}"), format!("variables.{name}")] {
                out.extend(stack.origins.get(&k).into_iter().flatten().cloned());
            }
            continue;
        }
        let key = if key.contains("Ref") {
            format!("Ref {}", key.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or(""))
        } else {
            format!("{prefix}{key}")
        };
        if let Some(list) = stack.origins.get(&key) {
            out.extend(list.iter().cloned());
        }
    }
    out
}

/// What [`evaluate_chunk`] produces.
#[derive(Debug, Default, Clone)]
pub struct ChunkResult {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub summaries: Vec<ResourceSummary>,
    /// What the stack's time budget left out (see [`budget_diagnostics`]).
    pub unevaluated: Vec<Unevaluated>,
}

/// Applies inline suppressions, collects every diagnostic, and sorts.
#[allow(clippy::too_many_arguments)]
pub fn finish(
    model: &Model,
    chunks: Vec<ChunkResult>,
    policies: &PolicySet,
    config: &Config,
    files: &[SourceFile],
    today: &str,
) -> Analysis {
    let mut findings = Vec::new();
    let mut diagnostics = Vec::new();
    let mut summaries = Vec::new();
    let mut unevaluated = Vec::new();
    for c in chunks {
        findings.extend(c.findings);
        diagnostics.extend(c.diagnostics);
        summaries.extend(c.summaries);
        unevaluated.extend(c.unevaluated);
    }
    diagnostics.extend(budget_diagnostics(model, &unevaluated, config));
    diagnostics.extend(model.diagnostics.iter().cloned());
    diagnostics.extend(policies.diagnostics.iter().cloned());
    let mut by_file: BTreeMap<&str, Vec<Suppression>> = BTreeMap::new();
    let mut indexes: HashMap<&str, LineIndex> = HashMap::new();
    let policy_known = |id: &str| {
        policies.policies.iter().any(|p| p.meta.id.eq_ignore_ascii_case(id) || p.meta.has_alias(id))
    };
    for file in files {
        let index = LineIndex::new(&file.text);
        let found = suppress::parse(&file.text, &index);
        for s in &found {
            if let Some(date) = &s.bad_date {
                diagnostics.push(Diagnostic::warning(
                    &file.path,
                    s.range,
                    "suppression",
                    format!("invalid expiry date `{date}`: write YYYY-MM-DD; this suppression is ignored"),
                ));
            }
            if let Some(until) = &s.until {
                if until.as_str() < today {
                    diagnostics.push(Diagnostic::warning(
                        &file.path,
                        s.range,
                        "suppression-expired",
                        format!(
                            "this suppression of {} expired on {until}: the finding is reported again",
                            s.ids.join(", ")
                        ),
                    ));
                }
            }
            if s.reason.is_none() && config.raw.suppressions.require_reason {
                diagnostics.push(Diagnostic::warning(&file.path, s.range, "suppression", "a reason is required after the id (vigil.toml: suppressions.require_reason); this suppression is ignored"));
            }
            if s.dialect == Dialect::Vigil {
                for id in s.ids.iter().filter(|id| !policy_known(id)) {
                    diagnostics.push(Diagnostic::warning(
                        &file.path,
                        s.range,
                        "suppression",
                        format!("no policy has the id or alias `{id}`"),
                    ));
                }
            }
        }
        if !found.is_empty() {
            by_file.insert(file.path.as_str(), found);
            indexes.insert(file.path.as_str(), index);
        }
    }
    // State files and cluster dumps record what exists: editing them changes nothing,
    // so their findings offer no fix (files classified once, only those with fixes).
    let mut records: HashMap<&str, bool> = HashMap::new();
    let mut active = Vec::new();
    let mut suppressed = Vec::new();
    for mut finding in findings {
        let resource = &model.stacks[finding.origin.0].resources[finding.origin.1];
        if !finding.fix.is_empty() {
            let record = *records.entry(resource.file.as_str()).or_insert_with(|| {
                files.iter().find(|f| f.path == resource.file).is_some_and(|f| {
                    matches!(
                        vigil_model::classify(&f.path, &f.text),
                        vigil_model::FileKind::TerraformState | vigil_model::FileKind::KubernetesList
                    )
                })
            });
            if record {
                finding.fix.clear();
            }
        }
        let meta = policies.find(&finding.policy_id).map(|i| policies.meta(i));
        let matching = by_file.get(finding.file.as_str()).and_then(|list| {
            let index = indexes.get(finding.file.as_str())?;
            list.iter().find(|s| {
                let id_matches = s.ids.iter().any(|id| {
                    let alias = meta.is_some_and(|m| m.has_alias(id));
                    match s.dialect {
                        Dialect::Vigil => id.eq_ignore_ascii_case(&finding.policy_id) || alias,
                        _ => alias,
                    }
                });
                let usable = s.until.as_deref().is_none_or(|u| u >= today)
                    && s.bad_date.is_none()
                    && (s.reason.is_some() || !config.raw.suppressions.require_reason);
                id_matches && usable && applies_to(s, &finding, resource, index)
            })
        });
        match matching {
            Some(s)
                if finding.enforcement == Enforcement::Mandatory
                    && !config.raw.suppressions.allow_mandatory =>
            {
                diagnostics.push(Diagnostic::warning(&finding.file, s.range, "suppression", format!("{} is mandatory and vigil.toml does not allow suppressing mandatory policies (suppressions.allow_mandatory = false)", finding.policy_id)));
                active.push(finding);
            }
            Some(s) => {
                finding.suppressed =
                    Some(s.reason.clone().unwrap_or_else(|| "suppressed inline".to_string()));
                suppressed.push(finding);
            }
            None => active.push(finding),
        }
    }
    let key =
        |f: &Finding| (f.file.clone(), f.range.start, f.range.end, f.policy_id.clone(), f.message.clone());
    active.sort_by_key(key);
    suppressed.sort_by_key(key);
    // One module read by several callers: a literal inside it at fault is one finding.
    active.dedup_by(|a, b| key(a) == key(b));
    suppressed.dedup_by(|a, b| key(a) == key(b));
    diagnostics.sort();
    diagnostics.dedup();
    Analysis {
        summaries,
        findings: active,
        suppressed,
        diagnostics,
        resources: model.resources().count(),
        files: files.len(),
        not_evaluated: NotEvaluated::of(model),
    }
}

/// Does a suppression comment cover this finding? It does when its target line is
/// the finding's line, the resource header's line, or the first line of a block
/// that contains the finding; a Checkov skip anywhere inside the resource covers
/// the whole resource, as in Checkov.
fn applies_to(s: &Suppression, finding: &Finding, resource: &Resource, index: &LineIndex) -> bool {
    let line = |offset: u32| index.line_col(offset).line;
    if s.dialect == Dialect::Checkov && resource.range.contains_range(s.range) {
        return true;
    }
    if s.target_line == line(finding.range.start) || s.target_line == line(resource.header.start) {
        return true;
    }
    resource.source_map.values().any(|span| {
        let start = span.key.map_or(span.value.start, |k| k.start);
        line(start) == s.target_line && TextRange::new(start, span.value.end).contains_range(finding.range)
    })
}

/// Checks files end to end, in one thread.
pub fn analyze(files: &[SourceFile], policies: &PolicySet, config: &Config, today: &str) -> Analysis {
    let model = vigil_model::load_workspace(files);
    let texts = Texts::new(files);
    let chunks =
        plan(&model, 1).iter().map(|chunk| evaluate_chunk(&model, chunk, policies, config, &texts)).collect();
    finish(&model, chunks, policies, config, files, today)
}
