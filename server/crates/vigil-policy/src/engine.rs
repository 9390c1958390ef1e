//! Loading policies into regorus with isolation, and evaluating them.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use regex::Regex;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::{Program, RegoVM};
use regorus::utils::limits::ExecutionTimerConfig;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vigil_model::{Resource, Stack};
use vigil_syntax::{Diagnostic, LineIndex, TextRange};

use crate::memo::{Memos, MEMO_INPUT_KEY};
use crate::metadata::{parse_metadata, PolicyMeta};
use crate::PolicySource;

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs policy-engine work so that a panic in it is caught and turned into a
/// diagnostic by the caller.
pub(crate) fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, Box<dyn std::any::Any + Send>> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result
}

/// Is the current panic one of the policy engine's, which Vigil contains and
/// reports as a diagnostic? A panic hook can use it to stay quiet about those.
pub fn panic_is_contained() -> bool {
    GUARDED.with(Cell::get)
}

/// Default wall-clock limit for one rule evaluation on one resource.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(2);

/// Rego with deeper literal nesting than this is refused before regorus parses it:
/// regorus's parse time doubles with each level.
pub(crate) const MAX_NESTING: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResultKind {
    Deny,
    Warn,
}

impl ResultKind {
    /// The rule's name: `deny` or `warn`.
    pub fn rule(self) -> &'static str {
        match self {
            ResultKind::Deny => "deny",
            ResultKind::Warn => "warn",
        }
    }
}

/// A loaded policy.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedPolicy {
    pub meta: PolicyMeta,
    pub(crate) kinds: Vec<ResultKind>,
    pub(crate) stack_deps: StackDeps,
    /// The policy may run on the VM: it uses no construct the VM is known to get
    /// wrong (see [`vm_unsafe`]).
    pub(crate) vm_safe: bool,
    /// A hash of the policy's text and of every library: what its verdicts depend on
    /// besides the resource and the stack. Cached verdicts are keyed by it, so that
    /// after an edit of one policy the others' verdicts are reused.
    pub(crate) fingerprint: u64,
}

/// What of `data.vigil.stack` a policy reads, from its text: the resources of some
/// types (`stack_resources("aws_s3_bucket_versioning")`, and
/// `stack_resource_at("aws_s3_bucket_acl", address)`, which returns one of them), the
/// resources that refer to the input resource (`input_referrers`), or anything.
/// Results are cached per resource; this says which part of the stack a cached result
/// depends on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct StackDeps {
    /// Reads the stack in a way the other fields do not describe.
    all: bool,
    types: Vec<String>,
    /// Types of `types` of whose resources the policy reads only these top-level
    /// attributes of `values` (see [`attribute_reads`]).
    attributes: Vec<(String, Vec<String>)>,
    referrers: bool,
}

impl StackDeps {
    const ALL: StackDeps =
        StackDeps { all: true, types: Vec::new(), attributes: Vec::new(), referrers: false };

    pub(crate) fn is_none(&self) -> bool {
        !self.all && self.types.is_empty() && !self.referrers
    }
}

pub(crate) fn stack_deps(text: &str) -> StackDeps {
    static LITERAL: OnceLock<Regex> = OnceLock::new();
    static AT_LITERAL: OnceLock<Regex> = OnceLock::new();
    let literal =
        LITERAL.get_or_init(|| Regex::new(r#"stack_resources\(\s*"([^"]+)"\s*\)"#).expect("valid regex"));
    let at_literal =
        AT_LITERAL.get_or_init(|| Regex::new(r#"stack_resource_at\(\s*"([^"]+)"\s*,"#).expect("valid regex"));
    // Comments (METADATA included) do not count.
    let code: String =
        text.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
    let calls = code.matches("stack_resources(").count();
    let mut types: Vec<String> = literal.captures_iter(&code).map(|c| c[1].to_string()).collect();
    let literal_calls = types.len();
    // A resource read by address, of a literal type, is one of the resources of that
    // type: the verdict depends on them as with `stack_resources` of the type. Any
    // other mention (a type that is not a literal, an import alias) reads anything.
    let at_calls = code.matches("stack_resource_at").count();
    types.extend(at_literal.captures_iter(&code).map(|c| c[1].to_string()));
    let at_literal_calls = types.len() - literal_calls;
    let other = code.contains("\"stack\"") || code.contains("vigil.stack") || code.contains("data.vigil[");
    if other || calls > literal_calls || at_calls > at_literal_calls {
        return StackDeps::ALL;
    }
    types.sort();
    types.dedup();
    let mask = code_mask(text);
    let attributes =
        types.iter().filter_map(|t| Some((t.clone(), attribute_reads(text, &mask, t)?))).collect();
    StackDeps { all: false, types, attributes, referrers: code.contains("input_referrers") }
}

/// The top-level attributes of `values` that a policy reads of the stack's resources
/// of type `ty`, when it reads nothing else of them: every `stack_resources("ty")`
/// call is the collection of a `some r in ...` and, in the brackets around it (the
/// rule or comprehension body, where `r` is bound), every other mention of `r` is
/// `r.values.<name>`. `None` in any other case (the policy then depends on all of
/// them). s3_access_logging, which reads other buckets' `logging` only, then keeps
/// its verdicts when another bucket's name changes.
/// `code` is [`code_mask`] of `text`.
fn attribute_reads(text: &str, code: &[bool], ty: &str) -> Option<Vec<String>> {
    static BINDING: OnceLock<Regex> = OnceLock::new();
    static IDENT: OnceLock<Regex> = OnceLock::new();
    let binding = BINDING.get_or_init(|| {
        Regex::new(r"some\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(?:lib\.)?$").expect("valid regex")
    });
    let ident = IDENT.get_or_init(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*").expect("valid regex"));
    let is_code = |at: usize| code.get(at).copied().unwrap_or(false);
    // Read by address: kept simple, the whole type.
    let at_call = format!("stack_resource_at(\"{ty}\"");
    if text.match_indices(&at_call).any(|(at, _)| is_code(at)) {
        return None;
    }
    let call = format!("stack_resources(\"{ty}\")");
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices(&call).filter(|(at, _)| is_code(*at)) {
        let var = binding.captures(&text[..at])?.get(1)?.as_str();
        let (open, close) = enclosing_brackets(text, code, at)?;
        // A rule's body: its head (before the brackets) may name `r` too.
        let open = match enclosing_brackets(text, code, open) {
            Some(_) => open,
            None => rule_start(text, open),
        };
        let scope = &text[open..close];
        let mut offset = 0;
        while let Some(found) = scope[offset..].find(var) {
            let start = offset + found;
            let end = start + var.len();
            offset = end;
            let absolute = open + start;
            let before = scope[..start].chars().next_back();
            let after = scope[end..].chars().next();
            let word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !word || !is_code(absolute) {
                continue;
            }
            if scope[..start].trim_end().ends_with("some") && scope[end..].trim_start().starts_with("in") {
                // The binding itself: its collection must be this call.
                let rest = scope[end..].trim_start()["in".len()..].trim_start();
                let rest = rest.strip_prefix("lib.").unwrap_or(rest);
                if !rest.starts_with(&call) {
                    return None;
                }
                continue;
            }
            let name = scope[end..].strip_prefix(".values.").and_then(|r| ident.find(r))?;
            names.insert(name.as_str().to_string());
        }
    }
    Some(names.into_iter().collect())
}

/// Where the rule whose body opens at byte `open` starts: the last line at or before
/// it that starts with a name (heads start in the first column; continuation lines of
/// a long head are indented or start with a bracket).
fn rule_start(text: &str, open: usize) -> usize {
    let mut start = text[..open].rfind('\n').map_or(0, |i| i + 1);
    loop {
        let first = text[start..].chars().next();
        if first.is_some_and(|c| c.is_ascii_alphabetic() || c == '_') || start == 0 {
            return start;
        }
        start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
}

/// Which bytes of `text` are code (not in a comment or a string literal).
fn code_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![true; text.len()];
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    for (at, c) in text.char_indices() {
        let blank = if comment {
            comment = c != '\n';
            comment
        } else if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            true
        } else {
            match c {
                '#' => {
                    comment = true;
                    true
                }
                '"' | '`' => {
                    quote = Some(c);
                    true
                }
                _ => false,
            }
        };
        if blank {
            mask[at..at + c.len_utf8()].fill(false);
        }
    }
    mask
}

/// The innermost `{...}` or `[...]` of code around byte `at`: (start, end) bytes.
fn enclosing_brackets(text: &str, code: &[bool], at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut open = None;
    for i in (0..at).rev() {
        if !code[i] {
            continue;
        }
        match bytes[i] {
            b'}' | b']' | b')' => depth += 1,
            b'{' | b'[' | b'(' if depth > 0 => depth -= 1,
            b'{' | b'[' => {
                open = Some(i);
                break;
            }
            _ => {}
        }
    }
    let open = open?;
    let mut depth = 0usize;
    for (i, b) in bytes.iter().enumerate().skip(open) {
        if !code[i] {
            continue;
        }
        match b {
            b'{' | b'[' | b'(' => depth += 1,
            b'}' | b']' | b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open, i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Results of policies on resources, reused while neither the resource nor the part
/// of the stack the policy reads changes. Entries not used by the latest analysis
/// are dropped by [`ResultCache::rotate`].
#[derive(Debug, Default)]
pub struct ResultCache {
    /// The latest analysis's entries (shared by the parts of a split cache).
    previous: Arc<HashMap<u64, CachedResult>>,
    current: HashMap<u64, CachedResult>,
    pub hits: usize,
    pub misses: usize,
}

#[derive(Debug, Clone)]
struct CachedResult {
    results: Vec<PolicyResult>,
    unknown: bool,
}

impl ResultCache {
    /// Ends an analysis: what it did not use is forgotten.
    pub fn rotate(&mut self) {
        self.previous = Arc::new(std::mem::take(&mut self.current));
    }

    /// Splits the cache into `n` parts for evaluations side by side: each reads every
    /// entry of the latest analysis and records its own; [`ResultCache::join`] puts
    /// them back together.
    pub fn split(&mut self, n: usize) -> Vec<ResultCache> {
        let mut parts: Vec<ResultCache> = (0..n.max(1))
            .map(|_| ResultCache { previous: self.previous.clone(), ..ResultCache::default() })
            .collect();
        parts[0].current = std::mem::take(&mut self.current);
        parts
    }

    /// Takes back the parts of [`ResultCache::split`]: their entries and counts.
    pub fn join(&mut self, parts: Vec<ResultCache>) {
        for part in parts {
            self.current.extend(part.current);
            self.hits += part.hits;
            self.misses += part.misses;
        }
    }

    fn get(&mut self, key: u64) -> Option<CachedResult> {
        let found = self.current.get(&key).or_else(|| self.previous.get(&key)).cloned();
        if let Some(r) = &found {
            self.current.insert(key, r.clone());
        }
        found
    }
}

/// What loading a policy set can reuse from an earlier load in the same process
/// (the language server keeps one, so that a policy edit does not parse the
/// built-in packs again): the engine holding the built-in packs' parsed modules,
/// and each source's METADATA as read (what a load does not use is dropped).
#[derive(Default)]
pub struct LoadCache {
    /// The engine of the built-in members (see [`BuiltinEngine`]).
    builtin: Option<BuiltinEngine>,
    metadata: HashMap<u64, ParsedMetadata>,
    /// The previous load's, until this one asks for them.
    metadata_before: HashMap<u64, ParsedMetadata>,
    /// The built-in packs compiled ahead of time, used when the sources are theirs.
    precompiled: Option<Arc<crate::Precompiled>>,
    /// The sources' indexes for the static checks.
    indexes: crate::checks::Indexes,
    /// The last text of each of the user's policy files that loaded without an
    /// error, by path: what a load uses while the file is broken; kept only when
    /// `keep_last_good` (the editor's choice: `vigil check` reports a broken file
    /// and never evaluates a version that is not on disk).
    last_good: HashMap<String, String>,
    keep_last_good: bool,
    /// The last two sets loaded, by a hash of their sources and time limit: a policy
    /// being typed goes back and forth between its broken text (loaded with its last
    /// good version, the set of before) and a good one.
    recent: Vec<(u64, PolicySet)>,
}

/// A hash of the built-in members and the time limit; the engine with them parsed;
/// the paths of those that parsed; the errors of the others; their memoized rules.
type BuiltinEngine = (u64, regorus::Engine, HashSet<String>, Vec<Diagnostic>, Memos);

/// A source's METADATA as [`parse_metadata`] read it, with its warnings.
type ParsedMetadata = (Result<Option<PolicyMeta>, Vec<Diagnostic>>, Vec<Diagnostic>);

impl LoadCache {
    /// A cache that starts from a precompiled policy set (see
    /// [`crate::precompile`]): a load of that set's sources, or of some of its
    /// policies with all its libraries, parses and compiles nothing. Bytes that are
    /// not such an artifact are ignored.
    pub fn with_precompiled(artifact: &[u8]) -> LoadCache {
        LoadCache { precompiled: crate::Precompiled::read(artifact).map(Arc::new), ..LoadCache::default() }
    }

    /// A cache whose loads use the last good version of a policy file that has
    /// errors now (see [`PolicySet::load_reusing`]).
    pub fn keeping_last_good(mut self) -> LoadCache {
        self.keep_last_good = true;
        self
    }

    /// Turns [`LoadCache::keeping_last_good`] on or off (off forgets the versions kept).
    pub fn set_keep_last_good(&mut self, keep: bool) {
        self.keep_last_good = keep;
        if !keep {
            self.last_good.clear();
        }
    }

    /// Keeps the texts of the user's policy files that loaded without an error
    /// (those of `failing` did not); forgets files no longer among `sources`.
    fn remember_good(&mut self, sources: &[PolicySource], failing: &HashSet<&str>) {
        self.last_good.retain(|path, _| sources.iter().any(|s| s.path == *path));
        for s in sources.iter().filter(|s| !s.is_builtin() && !s.is_test()) {
            if !failing.contains(s.path.as_str()) {
                self.last_good.insert(s.path.clone(), s.text.clone());
            }
        }
    }

    /// Whether [`LoadCache::with_precompiled`] was given a readable artifact.
    pub fn has_precompiled(&self) -> bool {
        self.precompiled.is_some()
    }

    fn metadata(&mut self, source: &PolicySource, package: &str, package_range: TextRange) -> ParsedMetadata {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&source.path, &source.text, &source.pack).hash(&mut h);
        let key = h.finish();
        if let Some(found) = self.metadata_before.remove(&key) {
            self.metadata.insert(key, found);
        }
        self.metadata
            .entry(key)
            .or_insert_with(|| {
                let mut warnings = Vec::new();
                let parsed = parse_metadata(
                    &source.path,
                    &source.text,
                    package,
                    package_range,
                    &source.pack,
                    &mut warnings,
                );
                (parsed, warnings)
            })
            .clone()
    }

    /// An engine with the stack module and `builtin`'s modules added, and the members
    /// that parsed (the errors of the others go to `diagnostics`); made once per
    /// set of built-in members.
    fn builtin_engine<'s>(
        &mut self,
        builtin: Vec<Member<'s>>,
        time_limit: Duration,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (regorus::Engine, Vec<Member<'s>>, Memos) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        time_limit.hash(&mut h);
        for m in &builtin {
            (&m.source.path, &m.source.text, m.policy.is_some()).hash(&mut h);
        }
        let key = h.finish();
        if self.builtin.as_ref().is_some_and(|(k, ..)| *k != key) {
            self.builtin = None;
        }
        let (_, engine, parsed, errors, memos) = self.builtin.get_or_insert_with(|| {
            let mut engine = policy_engine(time_limit);
            let mut errors = Vec::new();
            let memos = Memos::plan(builtin.iter().map(|m| m.source));
            let sources = builtin.iter().map(|m| Member { source: m.source, policy: None });
            let parsed = add_members(&mut engine, sources, &memos, &mut errors)
                .into_iter()
                .map(|m| m.source.path.clone())
                .collect();
            (key, engine, parsed, errors, memos)
        });
        diagnostics.extend(errors.iter().cloned());
        let members = builtin.into_iter().filter(|m| parsed.contains(&m.source.path)).collect();
        (engine.clone(), members, memos.clone())
    }
}

/// All valid policies, ready to evaluate; invalid ones are in `diagnostics`.
#[derive(Clone)]
pub struct PolicySet {
    pub policies: Vec<LoadedPolicy>,
    pub diagnostics: Vec<Diagnostic>,
    /// The compiled interpreter: evaluates the rules the VM program lacks, and
    /// finds the policy at fault when something fails.
    pub(crate) interpreter: Arc<Interpreter>,
    /// The policies' `deny`/`warn` rules compiled to regorus's virtual machine
    /// (RVM) bytecode, several times faster than the interpreter: one program, or
    /// two when the built-in packs come precompiled and other policies are
    /// compiled beside them (see [`crate::precompiled`]). A rule is in one at most.
    pub(crate) parts: Vec<VmProgram>,
    pub(crate) time_limit: Duration,
    /// The paths of the modules without METADATA (libraries), in order.
    pub(crate) libraries: Vec<String>,
    /// Tells sets apart, for the values of their memoized rules a [`StackData`]
    /// keeps (see [`crate::memo`]).
    pub(crate) id: u64,
    /// Policies evaluated in the last version that loaded (see
    /// [`LoadCache::last_good`]) because a file they are made of has errors now: by
    /// policy id, that file.
    pub stale: BTreeMap<String, String>,
}

/// A new [`PolicySet::id`].
pub(crate) fn next_set_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A hash of the libraries' paths and texts, in order.
pub(crate) fn libraries_hash(libraries: &[&PolicySource]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for l in libraries {
        (&l.path, &l.text).hash(&mut h);
    }
    h.finish()
}

/// A policy's [`LoadedPolicy::fingerprint`].
pub(crate) fn fingerprint(source: &PolicySource, libraries_hash: u64, time_limit: Duration) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&source.path, &source.text, libraries_hash, time_limit).hash(&mut h);
    h.finish()
}

/// The regorus interpreter of a policy set, made of its modules when first needed:
/// a set loaded from a precompiled artifact (see [`crate::precompiled`]) runs its
/// rules on the VM and needs the interpreter only for the rules the VM cannot run.
pub(crate) struct Interpreter {
    engine: OnceLock<regorus::Engine>,
    /// The modules (after the stack module), in the order they are added.
    pub(crate) members: Vec<PolicySource>,
    time_limit: Duration,
}

impl Interpreter {
    /// An interpreter already made.
    fn made(engine: regorus::Engine, members: Vec<PolicySource>, time_limit: Duration) -> Interpreter {
        Interpreter { engine: OnceLock::from(engine), members, time_limit }
    }

    /// An interpreter to make of these modules (which all parse and compile
    /// together) when first needed.
    pub(crate) fn deferred(members: Vec<PolicySource>, time_limit: Duration) -> Interpreter {
        Interpreter { engine: OnceLock::new(), members, time_limit }
    }

    pub(crate) fn engine(&self) -> &regorus::Engine {
        self.engine.get_or_init(|| {
            let mut engine = policy_engine(self.time_limit);
            let memos = Memos::plan(&self.members);
            for m in &self.members {
                let _ = add_rewritten(&mut engine, m, &memos);
            }
            // Compiled now, so that every copy shares the compiled modules.
            let _ = compile(&mut engine);
            engine
        })
    }

    /// Whether the engine has been made (for tests).
    #[cfg(test)]
    pub(crate) fn is_made(&self) -> bool {
        self.engine.get().is_some()
    }
}

/// One `deny`/`warn` result of a policy on a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyResult {
    /// Index into [`PolicySet::policies`].
    pub policy: usize,
    pub kind: ResultKind,
    pub message: String,
    pub path: Option<String>,
    pub fix: Vec<Value>,
    /// `safe` unless the policy marked the fix `unsafe`.
    pub fix_safe: bool,
}

#[derive(Debug, Default)]
pub struct EvalOutput {
    pub results: Vec<PolicyResult>,
    /// Problems of policies found while evaluating (runtime errors, timeouts, panics).
    pub diagnostics: Vec<Diagnostic>,
    /// Policies that were evaluated on the resource.
    pub evaluated: Vec<usize>,
    /// Policies whose results were dropped because they depended on unknown values.
    pub unknown: Vec<usize>,
}

fn package_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?m)^[ \t]*package[ \t]+([A-Za-z_][A-Za-z0-9_.]*(?:\["[^"\n]*"\])*)"#)
            .expect("valid regex")
    })
}

impl ResultKind {
    /// Does the module define this rule (a line starting with its name)?
    fn defined_in(self, text: &str) -> bool {
        static DENY: OnceLock<Regex> = OnceLock::new();
        static WARN: OnceLock<Regex> = OnceLock::new();
        let cell = match self {
            ResultKind::Deny => &DENY,
            ResultKind::Warn => &WARN,
        };
        cell.get_or_init(|| Regex::new(&format!(r"(?m)^[ \t]*{}\b", self.rule())).expect("valid regex"))
            .is_match(text)
    }
}

fn location_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"--> (.+):(\d+):(\d+)").expect("valid regex"))
}

/// The package of a module and the range of its name.
pub(crate) fn package_of(text: &str) -> Option<(String, TextRange)> {
    let caps = package_regex().captures(text)?;
    let m = caps.get(1)?;
    Some((m.as_str().to_string(), TextRange::from_usize(m.start(), m.end())))
}

/// A VM running `program`. The execution timer stops runaway rules, as in the
/// interpreter; the VM's own instruction limit (25,000 by default, which a rule
/// scanning a large stack exceeds) is lifted.
fn new_vm(program: &Arc<Program>, time_limit: Duration) -> RegoVM {
    let mut vm = RegoVM::new();
    vm.load_program(program.clone());
    vm.set_execution_timer_config(Some(timer_config(time_limit)));
    vm.set_max_instructions(usize::MAX);
    vm
}

/// The execution timer of the engine and the VM: stops a rule running longer.
fn timer_config(limit: Duration) -> ExecutionTimerConfig {
    let check_interval = NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN);
    ExecutionTimerConfig { limit, check_interval }
}

/// A fresh engine with Vigil's builtins.
pub(crate) fn new_engine(time_limit: Duration) -> regorus::Engine {
    let mut engine = regorus::Engine::new();
    engine.set_execution_timer_config(timer_config(time_limit));
    // vigil.is_unknown(x): is x a placeholder for a value known only after apply?
    let is_unknown = |args: Vec<regorus::Value>| -> anyhow::Result<regorus::Value> {
        let unknown = match args.first() {
            Some(regorus::Value::String(s)) => s.starts_with("${") && s.ends_with('}'),
            _ => false,
        };
        Ok(regorus::Value::from(unknown))
    };
    // Registration only fails for a duplicate name, which cannot happen on a new engine.
    let _ = engine.add_extension("vigil.is_unknown".to_string(), 1, Box::new(is_unknown));
    engine
}

/// Turns a regorus error into a positioned diagnostic on `file`.
pub(crate) fn error_diagnostic(file: &str, text: &str, code: &str, error: &str) -> Diagnostic {
    let index = LineIndex::new(text);
    let range = location_regex()
        .captures(error)
        .and_then(|c| {
            let line: u32 = c.get(2)?.as_str().parse().ok()?;
            let col: u32 = c.get(3)?.as_str().parse().ok()?;
            let line_range = index.line_range(line.saturating_sub(1), text);
            let line_text = text.get(line_range.as_usize())?;
            let start = line_range.start + byte_of_column(line_text, col) as u32;
            Some(token_at(text, start, line_range.end))
        })
        .unwrap_or_default();
    Diagnostic::error(file, range, code, clean_error(error))
}

/// The byte offset in a line of regorus's 1-based column, which counts a tab as
/// four columns and every other character as its UTF-8 length.
fn byte_of_column(line: &str, col: u32) -> usize {
    let mut current = 1u32;
    for (i, c) in line.char_indices() {
        if current >= col {
            return i;
        }
        current += if c == '\t' { 4 } else { c.len_utf8() as u32 };
    }
    line.len()
}

/// The token at `start`: an identifier or reference, or the name before a `(`.
fn token_at(text: &str, start: u32, line_end: u32) -> TextRange {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let rest = text.get(start as usize..line_end as usize).unwrap_or("");
    if rest.starts_with('(') {
        let before = text.get(..start as usize).unwrap_or("");
        let name_len: usize = before.chars().rev().take_while(|c| is_ident(*c)).map(char::len_utf8).sum();
        if name_len > 0 {
            return TextRange::new(start - name_len as u32, start);
        }
    }
    let len = rest
        .find(|c: char| !is_ident(c))
        .unwrap_or(rest.len())
        .max(rest.chars().next().map_or(0, char::len_utf8));
    TextRange::new(start, start + len as u32)
}

/// regorus errors carry a source excerpt; keep the message line.
fn clean_error(error: &str) -> String {
    let lines: Vec<&str> = error.lines().collect();
    let message = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("error:").map(str::trim))
        .or_else(|| {
            lines
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|'))
        })
        .unwrap_or(error);
    message.to_string()
}

pub(crate) fn nesting_depth(text: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for c in text.chars() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '#' => in_comment = true,
            '"' => in_string = true,
            '[' | '{' | '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ']' | '}' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Adds a module to an engine, accepting Rego v1 and, failing that, v0.
/// Returns the error of the v1 attempt when neither parses.
pub(crate) fn add_module(engine: &mut regorus::Engine, source: &PolicySource) -> Result<(), String> {
    add_text(engine, source, &source.text)
}

/// [`add_module`] with `vigil.is_unknown(` calls rewritten for the stack module and
/// the module's rules in `memos` computed once per stack (see [`crate::memo`]);
/// error locations are given in the original text.
fn add_rewritten(engine: &mut regorus::Engine, source: &PolicySource, memos: &Memos) -> Result<(), String> {
    let memoized = memos.text(source);
    let text = memoized.as_deref().unwrap_or(&source.text);
    let unified = unify_fresh_assignments(text);
    let text = unified.as_deref().unwrap_or(text);
    match rewrite_unknown_calls(text) {
        Some(text) => add_text(engine, source, &text).map_err(|e| original_location(&source.text, &e)),
        None => add_text(engine, source, text),
    }
}

/// The text with each `:=` that declares a fresh local variable written ` =`
/// (`vigil_rego::assign`): regorus's VM binds an undefined value with `:=` and goes
/// on, where the interpreter fails the body; with `=` both fail it. Same length, so
/// every position stays. `None` when there is nothing to rewrite (or the text does not
/// parse: then the engine reports it as written).
fn unify_fresh_assignments(text: &str) -> Option<String> {
    if !text.contains(":=") {
        return None;
    }
    let parsed = vigil_rego::parse(text, None);
    let tree = parsed.tree.filter(|_| parsed.errors.is_empty())?;
    let ranges = vigil_rego::assign::fresh_colon_assignments(&tree, text);
    if ranges.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for r in ranges {
        out.replace_range(r.as_usize(), " =");
    }
    Some(out)
}

fn add_text(engine: &mut regorus::Engine, source: &PolicySource, text: &str) -> Result<(), String> {
    let depth = nesting_depth(text);
    if depth > MAX_NESTING {
        return Err(format!(
            "nesting too deep ({depth} levels; at most {MAX_NESTING}): refused to protect the engine"
        ));
    }
    // A function calling itself would overflow the evaluator's stack.
    if let Some(error) = crate::recursion::recursion_error(&source.path, text) {
        return Err(error);
    }
    // add_policy is atomic: a module that does not parse is not added.
    engine.set_rego_v0(false);
    let v1 = guarded(|| engine.add_policy(source.path.clone(), text.to_string()));
    let v1_error = match v1 {
        Ok(Ok(_)) => return Ok(()),
        Ok(Err(e)) => format!("{e:#}"),
        Err(_) => "the Rego parser panicked on this file".to_string(),
    };
    engine.set_rego_v0(true);
    let v0 = guarded(|| engine.add_policy(source.path.clone(), text.to_string()));
    engine.set_rego_v0(false);
    match v0 {
        Ok(Ok(_)) => Ok(()),
        _ => Err(v1_error),
    }
}

/// Does the module use a construct on which regorus 0.14's VM and interpreter
/// disagree? `r if { <loop that finds nothing> } else := v if {...}` is undefined
/// on the VM (the `else` is never tried; `vm_and_interpreter_disagree_on_else`
/// shows it). Such policies run on the interpreter.
pub(crate) fn vm_unsafe(text: &str) -> bool {
    static ELSE: OnceLock<Regex> = OnceLock::new();
    let re =
        ELSE.get_or_init(|| Regex::new(r"(^|[^A-Za-z0-9_.])else([^A-Za-z0-9_]|$)").expect("valid regex"));
    re.is_match(&code_only(text))
}

/// The text with comments and string literals blanked (same length).
pub(crate) fn code_only(text: &str) -> String {
    let mask = code_mask(text);
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if mask[at] || c == '\n' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

const UNKNOWN_CALL: &str = "vigil.is_unknown(";
const UNKNOWN_REWRITTEN: &str = "data.vigil.is_unknown(";

/// The text with each `vigil.is_unknown(` call (outside strings and comments)
/// written `data.vigil.is_unknown(`; `None` when there is none.
fn rewrite_unknown_calls(text: &str) -> Option<String> {
    if !text.contains(UNKNOWN_CALL) {
        return None;
    }
    // Blanking keeps byte offsets, so positions in `code` are positions in `text`.
    let code = code_only(text);
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for (start, _) in code.match_indices(UNKNOWN_CALL) {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(UNKNOWN_REWRITTEN);
        last = start + UNKNOWN_CALL.len();
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// An error's `--> path:line:col` moved back from the rewritten text to `original`.
fn original_location(original: &str, error: &str) -> String {
    let Some(c) = location_regex().captures(error) else { return error.to_string() };
    let (Some(whole), Some(line), Some(col)) = (c.get(0), c.get(2), c.get(3)) else {
        return error.to_string();
    };
    let (Ok(line), Ok(col)) = (line.as_str().parse::<usize>(), col.as_str().parse::<usize>()) else {
        return error.to_string();
    };
    let Some(text) = original.lines().nth(line.saturating_sub(1)) else { return error.to_string() };
    let shift = UNKNOWN_REWRITTEN.len() - UNKNOWN_CALL.len();
    let mut moved = 0;
    for (k, (start, _)) in text.match_indices(UNKNOWN_CALL).enumerate() {
        // Where this call starts in the rewritten line (1-based, as regorus counts).
        if start + k * shift + 1 < col {
            moved += shift;
        }
    }
    let path = c.get(1).map_or("", |m| m.as_str());
    error.replacen(whole.as_str(), &format!("--> {path}:{line}:{}", col.saturating_sub(moved).max(1)), 1)
}

/// A module that parsed; `policy` is `None` for a library.
struct Member<'s> {
    source: &'s PolicySource,
    policy: Option<(PolicyMeta, Vec<ResultKind>)>,
}

/// The module that provides `data.vigil.stack`: the stack of the resource being
/// evaluated, which Vigil passes along with the input, so that the compiled engine
/// serves every stack (data added to an engine makes regorus compile it again).
/// It also defines `is_unknown`, which policies call as `vigil.is_unknown(x)` (the
/// call is rewritten to `data.vigil.is_unknown(x)`: the VM has no host functions).
const STACK_MODULE: &str = r#"package vigil

import rego.v1

stack := input["vigil.stack"]

is_unknown(x) := true if {
	is_string(x)
	startswith(x, "${")
	endswith(x, "}")
} else := false
"#;
const STACK_MODULE_PATH: &str = "vigil:stack.rego";

/// The input key [`STACK_MODULE`] reads.
const STACK_INPUT_KEY: &str = "vigil.stack";

/// Compiles the engine's modules (regorus analyses them all at once; one invalid
/// module fails every evaluation). When that fails, the module at fault is found
/// by the error's location or, failing that, by bisecting the members in order; it
/// is reported, left out, and the rest compiled again.
/// Returns the compiled engine and whether it is the one given (which may hold more
/// than the members: the module of rule groups), not one rebuilt from the members.
fn compile_members(
    mut engine: regorus::Engine,
    members: &mut Vec<Member<'_>>,
    memos: &Memos,
    time_limit: Duration,
    diagnostics: &mut Vec<Diagnostic>,
) -> (regorus::Engine, bool) {
    let mut given = true;
    loop {
        let error = match compile(&mut engine) {
            Ok(()) => return (engine, given),
            Err(e) => e,
        };
        given = false;
        let location = location_regex().captures(&error).and_then(|c| c.get(1)).map(|m| m.as_str());
        if location == Some(BATCH_PATH) {
            // The groups' fault (no member's): without them.
            engine = engine_with(members, memos, time_limit);
            continue;
        }
        let by_location = location.and_then(|path| members.iter().position(|m| m.source.path == path));
        let culprit = match by_location {
            Some(i) => Some((i, error.clone())),
            None => bisect(members, memos, time_limit),
        };
        let Some((index, error)) = culprit else {
            // Nothing to blame: the engine with the stack module alone fails.
            for m in members.drain(..) {
                diagnostics.push(error_diagnostic(&m.source.path, &m.source.text, "policy-compile", &error));
            }
            return (engine_with(&[], memos, time_limit), false);
        };
        let culprit = members.remove(index);
        diagnostics.push(error_diagnostic(
            &culprit.source.path,
            &culprit.source.text,
            "policy-compile",
            &original_location(&culprit.source.text, &error),
        ));
        engine = engine_with(members, memos, time_limit);
    }
}

/// The entry point in the VM program of each (policy, rule).
pub(crate) type Entries = HashMap<(usize, ResultKind), usize>;

/// The entry point in the VM program that runs a group of rules (in this order) at
/// once, returning their values as an array.
pub(crate) type Batches = HashMap<Vec<(usize, ResultKind)>, usize>;

/// A VM program of a policy set (none when nothing compiles to it).
#[derive(Default, Clone)]
pub(crate) struct VmProgram {
    pub(crate) program: Option<Arc<Program>>,
    /// The entry point of each (policy, rule) in `program`.
    pub(crate) entries: Entries,
    /// Entry points that run several rules at once (see [`rule_groups`]).
    pub(crate) batches: Batches,
    /// The memoized rules of the program's policies (see [`crate::memo`]): the
    /// policy, the entry point that computes the rule's value, and its key in the
    /// input.
    pub(crate) memos: Vec<(usize, usize, String)>,
}

impl VmProgram {
    /// The same program for a set whose policy `i` is now policy `new_index[i]`
    /// (an order-keeping renumbering, so that rule groups stay in order).
    pub(crate) fn renumbered(&self, new_index: &[usize]) -> VmProgram {
        let at = |p: usize| new_index.get(p).copied();
        VmProgram {
            program: self.program.clone(),
            entries: self.entries.iter().filter_map(|(&(p, k), &e)| Some(((at(p)?, k), e))).collect(),
            batches: self
                .batches
                .iter()
                .filter_map(|(rules, &e)| {
                    let rules: Option<Vec<(usize, ResultKind)>> =
                        rules.iter().map(|&(p, k)| Some((at(p)?, k))).collect();
                    Some((rules?, e))
                })
                .collect(),
            memos: self.memos.iter().filter_map(|(p, e, key)| Some((at(*p)?, *e, key.clone()))).collect(),
        }
    }
}

/// The package and path of the generated module that groups rules (see
/// [`rule_groups`]).
const BATCH_PACKAGE: &str = "vigil.internal_batch";
const BATCH_PATH: &str = "vigil:batch.rego";

/// The rules that run together on a resource: for each resource type a policy's
/// `resources` names (and for "any other type"), the VM rules (`rules`, in order) of
/// the policies selecting it. One VM run per group instead of one per rule lets the
/// rules share what their libraries compute (the VM's rule cache lasts one run):
/// the Kubernetes policies all walk the same containers.
fn rule_groups(
    policies: &[LoadedPolicy],
    rules: &[(usize, ResultKind, String)],
) -> Vec<Vec<(usize, ResultKind)>> {
    let mut kinds: BTreeSet<(&str, vigil_model::Mode)> = BTreeSet::new();
    for p in policies {
        for selector in &p.meta.resources {
            kinds.insert(match selector.strip_prefix("data.") {
                Some(t) => (t, vigil_model::Mode::Data),
                None => (selector.as_str(), vigil_model::Mode::Managed),
            });
        }
    }
    // "*" as a type selects only the policies for any type: those a type no policy
    // names gets.
    let groups: BTreeSet<Vec<(usize, ResultKind)>> = kinds
        .into_iter()
        .map(|(t, mode)| {
            rules
                .iter()
                .filter(|(p, _, _)| policies[*p].meta.selects(t, mode))
                .map(|(p, k, _)| (*p, *k))
                .collect()
        })
        .filter(|group: &Vec<_>| group.len() > 1)
        .collect();
    // In parts of at most BATCH_RULES rules: regorus's VM gives a rule 255 registers,
    // and an array of a few dozen rule values takes more (with 233 built-in policies,
    // the Kubernetes workloads' group made the whole program fail to compile, and
    // every policy ran on the interpreter). `run_vm` looks the parts up the same way.
    let parts: BTreeSet<Vec<(usize, ResultKind)>> = groups
        .iter()
        .flat_map(|g| g.chunks(BATCH_RULES).filter(|part| part.len() > 1).map(<[_]>::to_vec))
        .collect();
    parts.into_iter().collect()
}

/// The most rules one batch entry point runs (see [`rule_groups`]).
const BATCH_RULES: usize = 16;

/// The rules of part `part`'s groups, one per group: the array of the group's rule
/// values, named `g<part>_<i>`.
fn group_rules(part: usize, policies: &[LoadedPolicy], groups: &[Vec<(usize, ResultKind)>]) -> String {
    let mut text = String::new();
    for (i, group) in groups.iter().enumerate() {
        let refs: Vec<String> =
            group.iter().map(|&(p, k)| format!("data.{}.{}", policies[p].meta.package, k.rule())).collect();
        text.push_str(&format!("g{part}_{i} := [{}]\n", refs.join(", ")));
    }
    text
}

/// The policies of each VM program, as consecutive runs of policy indices: regorus's
/// VM gives a program's entry points one window of 255 registers, one each, so a
/// program takes at most [`PART_RULES`] rules (with their groups and memoized rules,
/// fewer than 255 entry points). With 233 built-in policies in one program, none
/// compiled and every policy ran on the interpreter.
fn part_slices(policies: &[LoadedPolicy]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut rules = 0;
    for (i, p) in policies.iter().enumerate() {
        let n = p.kinds.len();
        match out.last_mut() {
            Some(last) if rules + n <= PART_RULES => last.push(i),
            _ => {
                out.push(vec![i]);
                rules = 0;
            }
        }
        rules += n;
    }
    out
}

/// The most rules one VM program runs (see [`part_slices`]).
const PART_RULES: usize = 120;

/// The VM rules of the policies not `excluded`: (policy, kind, rule path).
fn vm_rules(policies: &[LoadedPolicy], excluded: &HashSet<usize>) -> Vec<(usize, ResultKind, String)> {
    policies
        .iter()
        .enumerate()
        .filter(|(i, p)| p.vm_safe && !excluded.contains(i))
        .flat_map(|(i, p)| {
            p.kinds.iter().map(move |&k| (i, k, format!("data.{}.{}", p.meta.package, k.rule())))
        })
        .collect()
}

/// The module of rule groups for these policies (all of them on the VM), every
/// part's, if any.
fn groups_module(policies: &[LoadedPolicy]) -> Option<String> {
    let mut text = String::new();
    for (part, slice) in part_slices(policies).iter().enumerate() {
        let excluded: HashSet<usize> = (0..policies.len()).filter(|i| !slice.contains(i)).collect();
        text.push_str(&group_rules(part, policies, &rule_groups(policies, &vm_rules(policies, &excluded))));
    }
    (!text.is_empty()).then(|| format!("package {BATCH_PACKAGE}\n{text}"))
}

/// Compiles the rules of the policies of `slice` (part `part`, see [`part_slices`])
/// to one RVM program. A policy the VM compiler does not support (such as `with`) or
/// would run differently from the interpreter (see [`vm_hazards`]) is left to the
/// interpreter: the program is compiled again without it. A library with such code
/// keeps every policy on the interpreter.
///
/// `in_engine` is the module of rule groups the engine was compiled with, if any
/// (made by [`groups_module`] before the policies were known to compile): when it
/// is still right, the engine is used as it is; otherwise a copy gets another.
fn compile_program(
    engine: &regorus::Engine,
    policies: &[LoadedPolicy],
    memos: &Memos,
    in_engine: Option<&str>,
    part: usize,
    slice: &[usize],
) -> VmProgram {
    let outside: HashSet<usize> = (0..policies.len()).filter(|i| !slice.contains(i)).collect();
    let mut excluded = outside.clone();
    let expected = in_engine.and_then(|_| groups_module(policies));
    loop {
        let rules = vm_rules(policies, &excluded);
        let Some((_, _, first)) = rules.first() else { return VmProgram::default() };
        let mut engine = engine.clone();
        let mut groups = rule_groups(policies, &rules);
        // The engine's module has these groups while no policy of the part was left
        // out and it is the module of these policies; otherwise theirs is a package
        // of its own.
        let in_module = excluded == outside && expected.is_some() && in_engine == expected.as_deref();
        let package = if in_module { BATCH_PACKAGE.to_string() } else { format!("{BATCH_PACKAGE}.again") };
        if !groups.is_empty()
            && !in_module
            && engine
                .add_policy(
                    format!("vigil:batch-{package}.rego"),
                    format!("package {package}\n{}", group_rules(part, policies, &groups)),
                )
                .is_err()
        {
            groups.clear();
        }
        let first: regorus::Rc<str> = first.as_str().into();
        let Ok(Ok(compiled)) = guarded(|| engine.compile_with_entrypoint(&first)) else {
            return VmProgram::default();
        };
        let mut names: Vec<String> = rules.iter().map(|(_, _, name)| name.clone()).collect();
        names.extend((0..groups.len()).map(|i| format!("data.{package}.g{part}_{i}")));
        // The memoized rules of the policies on the VM, after the groups.
        let on_vm: BTreeSet<usize> = rules.iter().map(|(p, _, _)| *p).collect();
        let memo_rules: Vec<(usize, String, String)> = on_vm
            .iter()
            .flat_map(|&p| {
                memos.rules_of(&policies[p].meta.file).iter().map(move |m| (p, m.entry(), m.key()))
            })
            .collect();
        names.extend(memo_rules.iter().map(|(_, entry, _)| entry.clone()));
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let policy_of = |file: &str| policies.iter().position(|p| p.meta.file == file);
        // The policy a rule (`data.<package>.<name>`) belongs to.
        let policy_of_rule = |rule: &str| {
            policies.iter().position(|p| {
                rule.strip_prefix("data.")
                    .and_then(|r| r.strip_prefix(p.meta.package.as_str()))
                    .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        let at_fault: Option<Vec<usize>> = match guarded(|| Compiler::compile_from_policy(&compiled, &names))
        {
            Ok(Ok(program)) => {
                let hazards = crate::vm_hazards::comprehension_hazards(&program);
                if hazards.is_empty() {
                    let entries =
                        rules.iter().enumerate().map(|(index, (p, k, _))| ((*p, *k), index)).collect();
                    let first_memo = rules.len() + groups.len();
                    let batches =
                        groups.into_iter().enumerate().map(|(i, group)| (group, rules.len() + i)).collect();
                    let memos = memo_rules
                        .into_iter()
                        .enumerate()
                        .map(|(i, (p, _, key))| (p, first_memo + i, key))
                        .collect();
                    return VmProgram { program: Some(program), entries, batches, memos };
                }
                hazards.iter().map(|rule| policy_of_rule(rule)).collect()
            }
            // The policy whose file the error is in; a library's error: no program.
            Ok(Err(e)) => location_regex()
                .captures(&e.to_string())
                .and_then(|c| c.get(1))
                .and_then(|path| policy_of(path.as_str()))
                .map(|p| vec![p]),
            Err(_) => None,
        };
        let Some(at_fault) = at_fault else { return VmProgram::default() };
        let before = excluded.len();
        excluded.extend(at_fault);
        if excluded.len() == before {
            return VmProgram::default();
        }
    }
}

/// A fresh engine with the stack module and these members (which all parse).
/// Adds each member's module to `engine`: the members whose module parsed; the
/// others are reported in `diagnostics`.
fn add_members<'s>(
    engine: &mut regorus::Engine,
    members: impl IntoIterator<Item = Member<'s>>,
    memos: &Memos,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Member<'s>> {
    let mut added = Vec::new();
    for member in members {
        let source = member.source;
        match add_rewritten(engine, source, memos) {
            Ok(()) => added.push(member),
            Err(e) => diagnostics.extend(crate::checks::parse_diagnostics(source, &e)),
        }
    }
    added
}

fn engine_with(members: &[Member<'_>], memos: &Memos, time_limit: Duration) -> regorus::Engine {
    let mut engine = policy_engine(time_limit);
    for m in members {
        let _ = add_rewritten(&mut engine, m.source, memos);
    }
    engine
}

/// A fresh engine with Vigil's builtins and the stack module.
fn policy_engine(time_limit: Duration) -> regorus::Engine {
    let mut engine = new_engine(time_limit);
    // `print` in a policy writes to stderr otherwise, once per resource and analysis
    // (the language server's log; `vigil check`'s terminal): kept instead, and read
    // only by `PolicySet::explain`. `vigil test` still prints.
    engine.set_gather_prints(true);
    // The module is a constant that parses.
    let _ = engine.add_policy(STACK_MODULE_PATH.to_string(), STACK_MODULE.to_string());
    engine
}

/// Compiles an engine's modules; the error text when they do not compile.
fn compile(engine: &mut regorus::Engine) -> Result<(), String> {
    match guarded(|| engine.eval_query("true".to_string(), false)) {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(format!("{e:#}")),
        Err(_) => Err("the policy engine panicked while compiling the policies".to_string()),
    }
}

/// The first member whose addition makes the engine fail to compile (the shortest
/// failing prefix), with the error of that prefix.
fn bisect(members: &[Member<'_>], memos: &Memos, time_limit: Duration) -> Option<(usize, String)> {
    let fails = |n: usize| compile(&mut engine_with(&members[..n], memos, time_limit)).err();
    let mut last_error = fails(members.len())?;
    let (mut ok, mut bad) = (0usize, members.len());
    if let Some(e) = fails(0) {
        return if members.is_empty() { None } else { Some((0, e)) };
    }
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        match fails(mid) {
            Some(e) => {
                bad = mid;
                last_error = e;
            }
            None => ok = mid,
        }
    }
    Some((bad - 1, last_error))
}

impl PolicySet {
    /// Loads policies and libraries (test files are skipped). A module that fails to
    /// parse or compile, or has invalid METADATA, is reported and left out; all
    /// others keep working.
    ///
    /// Linear: every module is parsed once into one engine, which is compiled once.
    /// Only when that compilation fails are the modules at fault looked for (by the
    /// error's location, else by bisection), reported and left out.
    pub fn load(sources: &[PolicySource], time_limit: Duration) -> PolicySet {
        Self::load_reusing(sources, time_limit, &mut LoadCache::default())
    }

    /// [`PolicySet::load`], reusing what `cache` kept of earlier loads (see
    /// [`LoadCache`]). The result is the same, except that with
    /// [`LoadCache::keeping_last_good`] a file of the user's with errors that
    /// loaded before (a policy or a library half typed in the
    /// editor) is loaded in its last good version: its diagnostics are the current
    /// text's, and the policies it makes or feeds are [`PolicySet::stale`] rather
    /// than gone.
    pub fn load_reusing(sources: &[PolicySource], time_limit: Duration, cache: &mut LoadCache) -> PolicySet {
        let set = Self::load_checked(sources, time_limit, cache);
        if !cache.keep_last_good {
            return set;
        }
        let failing: HashSet<&str> = set
            .diagnostics
            .iter()
            .filter(|d| d.severity == vigil_syntax::DiagnosticSeverity::Error)
            .map(|d| d.file.as_str())
            .collect();
        let replaced: Vec<(usize, &String)> = sources
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_builtin() && !s.is_test() && failing.contains(s.path.as_str()))
            .filter_map(|(i, s)| Some((i, cache.last_good.get(&s.path).filter(|good| **good != s.text)?)))
            .collect();
        if replaced.is_empty() {
            cache.remember_good(sources, &failing);
            return set;
        }
        let mut earlier = sources.to_vec();
        for (i, text) in &replaced {
            earlier[*i].text = (*text).clone();
        }
        let replaced: HashSet<&str> = replaced.iter().map(|(i, _)| sources[*i].path.as_str()).collect();
        let mut out = Self::load_checked(&earlier, time_limit, cache);
        // Diagnostics: the current texts', never the earlier versions'.
        out.diagnostics.retain(|d| !replaced.contains(d.file.as_str()));
        out.diagnostics
            .extend(set.diagnostics.iter().filter(|d| replaced.contains(d.file.as_str())).cloned());
        out.diagnostics.sort();
        // A policy is stale when its file is replaced, or reads a replaced library's package.
        let packages: Vec<(String, &str)> = earlier
            .iter()
            .filter(|s| replaced.contains(s.path.as_str()))
            .filter_map(|s| Some((format!("data.{}", package_of(&s.text)?.0), s.path.as_str())))
            .collect();
        for policy in &out.policies {
            let Some(source) = earlier.iter().find(|s| s.path == policy.meta.file) else { continue };
            let reads = packages
                .iter()
                .find(|(package, path)| *path == source.path || source.text.contains(package.as_str()));
            if let Some((_, path)) = reads {
                out.stale.insert(policy.meta.id.clone(), path.to_string());
            }
        }
        let failing_now: HashSet<&str> = out
            .diagnostics
            .iter()
            .filter(|d| d.severity == vigil_syntax::DiagnosticSeverity::Error)
            .map(|d| d.file.as_str())
            .collect();
        cache.remember_good(sources, &failing_now);
        out
    }

    /// [`PolicySet::load_reusing`] without keeping the last good versions; a set
    /// of the same sources as one of the last two is that set again.
    fn load_checked(sources: &[PolicySource], time_limit: Duration, cache: &mut LoadCache) -> PolicySet {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        time_limit.hash(&mut h);
        for s in sources {
            (&s.path, &s.text, &s.pack).hash(&mut h);
        }
        let key = h.finish();
        if let Some((_, set)) = cache.recent.iter().find(|(k, _)| *k == key) {
            return set.clone();
        }
        let set = Self::load_fresh(sources, time_limit, cache);
        if cache.recent.len() >= 2 {
            cache.recent.remove(0);
        }
        cache.recent.push((key, set.clone()));
        set
    }

    /// [`PolicySet::load_checked`] without looking at the recent sets.
    fn load_fresh(sources: &[PolicySource], time_limit: Duration, cache: &mut LoadCache) -> PolicySet {
        let mut set = Self::load_engine(sources, time_limit, cache);
        let checks = crate::checks::static_diagnostics_reusing(sources, &mut cache.indexes);
        // The engine's error ("could not find function", "expects 2 arguments") where
        // the check says more.
        let checked: HashSet<(&str, TextRange)> = checks.iter().map(|d| (d.file.as_str(), d.range)).collect();
        set.diagnostics.retain(|d| !checked.contains(&(d.file.as_str(), d.range)));
        set.diagnostics.extend(checks);
        set.diagnostics.sort();
        set.diagnostics.dedup();
        set
    }

    /// [`PolicySet::load_reusing`] but for the static checks of the sources.
    fn load_engine(sources: &[PolicySource], time_limit: Duration, cache: &mut LoadCache) -> PolicySet {
        if let Some(precompiled) = cache.precompiled.clone() {
            if let Some(set) = precompiled.instantiate(sources, time_limit) {
                return set;
            }
            // Some sources are not the artifact's (the user's policies): only those
            // are loaded, beside the precompiled ones.
            let beside = precompiled.instantiate_beside(sources, time_limit, |others| {
                Self::load_sources(others, time_limit, cache)
            });
            if let Some(set) = beside {
                return set;
            }
        }
        Self::load_sources(sources, time_limit, cache)
    }

    /// [`PolicySet::load_reusing`] without the precompiled set: every source is
    /// parsed (the built-in packs' modules at most once per cache) and compiled.
    fn load_sources(sources: &[PolicySource], time_limit: Duration, cache: &mut LoadCache) -> PolicySet {
        cache.metadata_before = std::mem::take(&mut cache.metadata);
        let mut diagnostics = Vec::new();
        let mut libraries = Vec::new();
        let mut candidates = Vec::new();
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut packages: HashSet<String> = HashSet::new();
        for source in sources.iter().filter(|s| !s.is_test()) {
            let Some((package, package_range)) = package_of(&source.text) else {
                diagnostics.push(Diagnostic::error(
                    &source.path,
                    TextRange::empty(0),
                    "policy-parse",
                    "no `package` declaration",
                ));
                continue;
            };
            let (parsed, warnings) = cache.metadata(source, &package, package_range);
            diagnostics.extend(warnings);
            let meta = match parsed {
                Ok(Some(meta)) => meta,
                Ok(None) => {
                    libraries.push(source);
                    continue;
                }
                Err(errors) => {
                    diagnostics.extend(errors);
                    continue;
                }
            };
            if let Some(first) = ids.get(&meta.id) {
                diagnostics.push(Diagnostic::error(
                    &source.path,
                    meta.package_range,
                    "policy-duplicate",
                    format!("policy id `{}` is already used by {first}", meta.id),
                ));
                continue;
            }
            if !packages.insert(meta.package.clone()) {
                diagnostics.push(Diagnostic::error(
                    &source.path,
                    meta.package_range,
                    "policy-duplicate",
                    format!(
                        "package `{}` is declared by another policy: one policy is one package",
                        meta.package
                    ),
                ));
                continue;
            }
            let kinds: Vec<ResultKind> = [ResultKind::Deny, ResultKind::Warn]
                .into_iter()
                .filter(|k| k.defined_in(&source.text))
                .collect();
            if kinds.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    &source.path,
                    meta.package_range,
                    "policy-no-rules",
                    "this policy defines no `deny` or `warn` rule",
                ));
                continue;
            }
            ids.insert(meta.id.clone(), source.path.clone());
            candidates.push((source, meta, kinds));
        }
        // A library (other than the built-in one, whose `stack_resources` is tracked
        // by name) that reads the stack makes every policy depend on all of it.
        let libraries_read_stack = libraries.iter().any(|l| {
            l.path.strip_prefix(crate::BUILTIN_PREFIX) != Some("lib/vigil.rego")
                && !stack_deps(&l.text).is_none()
        });
        let libraries_hash = libraries_hash(&libraries);
        let library_paths: Vec<String> = libraries.iter().map(|l| l.path.clone()).collect();
        // A library the VM could get wrong keeps every policy on the interpreter.
        let libraries_vm_safe = !libraries.iter().any(|l| vm_unsafe(&l.text));

        // Parse: the built-in packs' modules (or the engine that holds them, parsed
        // by an earlier load), then the others; in each, libraries first, then
        // policies, each on its own (a module that does not parse is never added).
        let ordered = libraries.into_iter().map(|source| Member { source, policy: None }).chain(
            candidates
                .into_iter()
                .map(|(source, meta, kinds)| Member { source, policy: Some((meta, kinds)) }),
        );
        let (builtin, others): (Vec<Member<'_>>, Vec<Member<'_>>) =
            ordered.partition(|m| m.source.is_builtin());
        let (mut engine, mut members, builtin_memos) =
            cache.builtin_engine(builtin, time_limit, &mut diagnostics);
        // The built-in modules as the cached engine has them; the others' memoized
        // rules may use any module.
        let builtin_paths: HashSet<&str> = members.iter().map(|m| m.source.path.as_str()).collect();
        let memos = builtin_memos.merged(
            &Memos::plan(members.iter().chain(&others).map(|m| m.source))
                .only(|path| !builtin_paths.contains(path)),
        );
        members.extend(add_members(&mut engine, others, &memos, &mut diagnostics));

        // The module of rule groups for the VM, made now (compiling it with the rest
        // costs less than compiling the lot again later), as if all policies compile.
        let vm_safe: HashMap<&str, bool> =
            members.iter().map(|m| (m.source.path.as_str(), !vm_unsafe(&m.source.text))).collect();
        let groups = if libraries_vm_safe {
            let mut provisional: Vec<LoadedPolicy> = members
                .iter()
                .filter_map(|m| {
                    m.policy.as_ref().map(|(meta, kinds)| LoadedPolicy {
                        meta: meta.clone(),
                        kinds: kinds.clone(),
                        stack_deps: StackDeps::default(),
                        vm_safe: vm_safe.get(m.source.path.as_str()).copied().unwrap_or(false),
                        fingerprint: 0,
                    })
                })
                .collect();
            provisional.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
            groups_module(&provisional)
        } else {
            None
        };
        let groups = groups.filter(|text| engine.add_policy(BATCH_PATH.to_string(), text.clone()).is_ok());

        // Compile all together; on failure leave out the module at fault and retry.
        let (mut engine, intact) =
            compile_members(engine, &mut members, &memos, time_limit, &mut diagnostics);
        let groups = groups.filter(|_| intact);
        let member_sources: Vec<PolicySource> = members.iter().map(|m| m.source.clone()).collect();

        // Errors that show only when a rule is evaluated (unknown functions, runtime
        // errors on every input): evaluate the policies on an empty input, all in one
        // query and, only if that fails, each on its own to find the ones at fault.
        let base = engine.clone();
        let refs: Vec<String> = members
            .iter()
            .filter_map(|m| m.policy.as_ref())
            .flat_map(|(meta, kinds)| kinds.iter().map(|k| format!("data.{}.{}", meta.package, k.rule())))
            .collect();
        engine.set_input(regorus::Value::new_object());
        let all_evaluate = refs.is_empty()
            || matches!(guarded(|| engine.eval_query(format!("[{}]", refs.join(", ")), false)), Ok(Ok(_)));
        engine = base.clone();
        let mut policies: Vec<LoadedPolicy> = Vec::new();
        for member in members {
            let Some((meta, kinds)) = member.policy else { continue };
            let source = member.source;
            engine.set_input(regorus::Value::new_object());
            let mut problem = None;
            for kind in kinds.iter().filter(|_| !all_evaluate) {
                let rule = format!("data.{}.{}", meta.package, kind.rule());
                problem = match guarded(|| engine.eval_rule(rule)) {
                    Ok(Ok(_)) => None,
                    Ok(Err(e)) => {
                        let text = format!("{e:#}");
                        Some(if is_timeout(&text) {
                            Diagnostic::error(
                                &source.path,
                                meta.package_range,
                                "policy-runtime",
                                timeout_message(&meta.id),
                            )
                        } else {
                            let text = original_location(&source.text, &text);
                            error_diagnostic(&source.path, &source.text, "policy-compile", &text)
                        })
                    }
                    Err(_) => {
                        engine = base.clone();
                        Some(Diagnostic::error(
                            &source.path,
                            meta.package_range,
                            "policy-panic",
                            panic_message(&meta.id),
                        ))
                    }
                };
                if problem.is_some() {
                    break;
                }
            }
            if let Some(d) = problem {
                diagnostics.push(d);
                continue;
            }
            let stack_deps = if libraries_read_stack { StackDeps::ALL } else { stack_deps(&source.text) };
            let vm_safe = vm_safe.get(source.path.as_str()).copied().unwrap_or(false);
            let fingerprint = fingerprint(source, libraries_hash, time_limit);
            policies.push(LoadedPolicy { meta, kinds, stack_deps, vm_safe, fingerprint });
        }
        policies.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        diagnostics.sort();
        let parts = if libraries_vm_safe {
            part_slices(&policies)
                .iter()
                .enumerate()
                .map(|(part, slice)| {
                    compile_program(&base, &policies, &memos, groups.as_deref(), part, slice)
                })
                .collect()
        } else {
            vec![VmProgram::default()]
        };
        let interpreter = Arc::new(Interpreter::made(base, member_sources, time_limit));
        PolicySet {
            policies,
            diagnostics,
            interpreter,
            parts,
            time_limit,
            libraries: library_paths,
            id: next_set_id(),
            stale: BTreeMap::new(),
        }
    }

    /// The same policies evaluated by the interpreter alone (no VM program): for
    /// differential tests of the two engines.
    pub fn interpreter_only(mut self) -> PolicySet {
        self.parts.clear();
        self
    }

    /// How many of the policies' rules run on the VM (the others on the interpreter).
    pub fn compiled_rules(&self) -> usize {
        self.parts.iter().map(|p| p.entries.len()).sum()
    }

    /// The rules that read a whole package of rules at each evaluation (see
    /// [`crate::vm_hazards::document_lookups`]): slow, and easily avoided.
    pub fn document_lookups(&self) -> Vec<String> {
        let found: BTreeSet<String> = self
            .parts
            .iter()
            .filter_map(|p| p.program.as_deref())
            .flat_map(crate::vm_hazards::document_lookups)
            .collect();
        found.into_iter().collect()
    }

    pub fn meta(&self, policy: usize) -> &PolicyMeta {
        &self.policies[policy].meta
    }

    /// Whether a policy may read any part of `data.vigil.stack` (so its verdicts are
    /// recomputed on every change in the stack), as opposed to the resources of
    /// literal types and the input's referrers.
    pub fn reads_whole_stack(&self, policy: usize) -> bool {
        self.policies.get(policy).is_some_and(|p| p.stack_deps.all)
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        self.policies.iter().position(|p| p.meta.id == id)
    }

    /// An evaluator for the resources of one stack (`data.vigil.stack` is that stack).
    pub fn evaluator(&self, stack: &Stack) -> StackEvaluator<'_> {
        self.evaluator_for(&StackData::new(stack))
    }

    /// An evaluator for the stack `data` was made of: threads evaluating chunks of
    /// one stack share its conversion.
    pub fn evaluator_for(&self, data: &StackData) -> StackEvaluator<'_> {
        let vms = self.parts.iter().map(|p| p.program.as_ref().map(|p| new_vm(p, self.time_limit))).collect();
        StackEvaluator { set: self, vms, engine: None, data: data.clone(), broken: HashSet::new() }
    }
}

/// A stack as policies see it (`data.vigil.stack`, `input.stack`) and the
/// fingerprints cached verdicts depend on, made once per stack and shared (cheap
/// clones, across threads) by its evaluators.
#[derive(Clone)]
pub struct StackData(Arc<StackDataInner>);

struct StackDataInner {
    /// Each resource as `input.resource` (shared with `stack`), with a hash of it
    /// and its address, by index in the stack.
    inputs: Vec<ResourceInput>,
    /// `input.stack`: id, source and, for Terraform, the providers' version constraints.
    info: regorus::Value,
    /// A hash of `info`, part of every cached verdict's key.
    info_hash: u64,
    /// `data.vigil.stack`, passed with every input.
    stack: regorus::Value,
    /// A hash of the stack's resources of each type, and of all of them.
    fingerprints: HashMap<String, u64>,
    whole: u64,
    /// A hash of the referrers of each address.
    referrer_fingerprints: HashMap<String, u64>,
    /// The indices in `inputs` of each type's resources.
    of_type: HashMap<String, Vec<usize>>,
    /// Hashes of some attributes of each type's resources, made when first asked for
    /// (see [`StackData::attribute_fingerprint`]).
    attribute_fingerprints: std::sync::Mutex<HashMap<(String, Vec<String>), u64>>,
    /// The values of memoized rules on this stack (see [`crate::memo`]), by the
    /// [`PolicySet::id`] of their set, computed when a resource first needs them.
    memos: std::sync::Mutex<HashMap<u64, MemoValues>>,
}

/// `input["vigil.memo"]` for one stack and policy set, and the keys computed so far.
struct MemoValues {
    value: regorus::Value,
    done: HashSet<String>,
}

/// A resource as policies see it (`input.resource`) and a hash of that.
struct ResourceInput {
    address: String,
    value: regorus::Value,
    hash: u64,
}

impl ResourceInput {
    fn new(resource: &Resource) -> ResourceInput {
        let input = resource.to_input();
        let hash = hash_str(&input.to_string());
        ResourceInput { address: resource.address.clone(), value: regorus::Value::from(input), hash }
    }
}

impl StackData {
    /// The input document of the stack's resource at `index` as the interpreter
    /// reads it (`input.resource`, `input.stack`, and the stack `data.vigil.stack`
    /// is made of); `None` past the end.
    pub(crate) fn input_of(&self, index: usize) -> Option<regorus::Value> {
        let resource = self.0.inputs.get(index)?;
        let mut input = regorus::Value::new_object();
        if let Ok(map) = input.as_object_mut() {
            map.insert(regorus::Value::from("resource"), resource.value.clone());
            map.insert(regorus::Value::from("stack"), self.0.info.clone());
            map.insert(regorus::Value::from(STACK_INPUT_KEY), self.0.stack.clone());
        }
        Some(input)
    }

    pub fn new(stack: &Stack) -> StackData {
        // Each resource converted once; the lists below share the converted values.
        let inputs: Vec<ResourceInput> = stack.resources.iter().map(ResourceInput::new).collect();
        let mut by_type: BTreeMap<&str, Vec<&ResourceInput>> = BTreeMap::new();
        let mut of_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (r, input)) in stack.resources.iter().zip(&inputs).enumerate() {
            by_type.entry(r.r#type.as_str()).or_default().push(input);
            of_type.entry(r.r#type.clone()).or_default().push(i);
        }
        let fingerprints: HashMap<String, u64> = by_type
            .iter()
            .map(|(t, list)| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                list.iter().for_each(|input| input.hash.hash(&mut h));
                (t.to_string(), h.finish())
            })
            .collect();
        // In type order: a HashMap's iteration order differs between instances.
        let mut sorted: Vec<(&String, &u64)> = fingerprints.iter().collect();
        sorted.sort();
        let whole = hash_str(&format!("{sorted:?}"));
        // Who refers to whom, reversed: address -> the attributes that name it.
        let mut referrers: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for r in &stack.resources {
            for (pointer, addresses) in &r.references {
                for a in addresses {
                    referrers.entry(a.as_str()).or_default().push(
                        serde_json::json!({"address": r.address, "type": r.r#type, "pointer": pointer}),
                    );
                }
            }
        }
        let referrer_fingerprints = referrers
            .iter()
            .map(|(a, list)| (a.to_string(), hash_str(&Value::Array(list.clone()).to_string())))
            .collect();
        let mut data = regorus::Value::from(serde_json::json!({
            "id": stack.id, "source": stack.source, "referrers": referrers,
        }));
        if let Ok(map) = data.as_object_mut() {
            let list = |inputs: &mut dyn Iterator<Item = &ResourceInput>| {
                regorus::Value::from(inputs.map(|i| i.value.clone()).collect::<Vec<_>>())
            };
            map.insert(regorus::Value::from("resources"), list(&mut inputs.iter()));
            let mut types = regorus::Value::new_object();
            if let Ok(types_map) = types.as_object_mut() {
                for (t, of_type) in &by_type {
                    types_map.insert(regorus::Value::from(*t), list(&mut of_type.iter().copied()));
                }
            }
            map.insert(regorus::Value::from("by_type"), types);
        }
        let info = serde_json::json!({"id": stack.id, "source": stack.source, "providers": stack.providers});
        // Every cached verdict depends on `input.stack` (a provider's version
        // constraint decides what an omitted setting means).
        let info_hash = hash_str(&info.to_string());
        let stack_value = with_by_address(data, stack);
        StackData(Arc::new(StackDataInner {
            inputs,
            info: regorus::Value::from(info),
            info_hash,
            stack: stack_value,
            fingerprints,
            whole,
            referrer_fingerprints,
            of_type,
            attribute_fingerprints: Default::default(),
            memos: Default::default(),
        }))
    }

    /// A hash of the addresses of the resources of type `ty` and of the `names`
    /// attributes of their values (what a policy with [`attribute_reads`] depends on).
    fn attribute_fingerprint(&self, ty: &str, names: &[String]) -> u64 {
        let key = (ty.to_string(), names.to_vec());
        let mut memo = self.0.attribute_fingerprints.lock().unwrap_or_else(|p| p.into_inner());
        *memo.entry(key).or_insert_with(|| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for &i in self.0.of_type.get(ty).map(Vec::as_slice).unwrap_or(&[]) {
                let Some(input) = self.0.inputs.get(i) else { continue };
                input.address.hash(&mut h);
                for name in names {
                    let value = &input.value["values"][name.as_str()];
                    serde_json::to_string(value).unwrap_or_default().hash(&mut h);
                }
            }
            h.finish()
        })
    }
}

/// Adds `by_address` (address -> resource) to a converted `data.vigil.stack`, sharing
/// the values of its `resources` (no second copy). An address that several resources
/// share (no loader makes such a stack) is left out, so a lookup never hides one.
fn with_by_address(mut data: regorus::Value, stack: &Stack) -> regorus::Value {
    let mut index: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (i, r) in stack.resources.iter().enumerate() {
        index.entry(r.address.as_str()).and_modify(|v| *v = None).or_insert(Some(i));
    }
    let mut by_address = regorus::Value::new_object();
    if let (Ok(resources), Ok(map)) = (data["resources"].as_array(), by_address.as_object_mut()) {
        for (address, i) in index {
            if let Some(r) = i.and_then(|i| resources.get(i)) {
                map.insert(regorus::Value::from(address), r.clone());
            }
        }
    }
    if let Ok(map) = data.as_object_mut() {
        map.insert(regorus::Value::from("by_address"), by_address);
    }
    data
}

/// Evaluates policies on the resources of one stack. Not shared between threads:
/// each worker makes its own (engines are cheap to clone).
pub struct StackEvaluator<'s> {
    set: &'s PolicySet,
    /// Runs the rules compiled to the set's programs, one per part.
    vms: Vec<Option<RegoVM>>,
    /// A copy of the set's compiled interpreter (cheap: the compiled policies are
    /// shared), taken when first needed.
    engine: Option<regorus::Engine>,
    data: StackData,
    /// Policies that failed at runtime: reported once, then skipped.
    broken: HashSet<usize>,
}

/// The addresses a resource is referred to by: its own, and without the instance key
/// (`aws_s3_bucket.logs[0]` is also `aws_s3_bucket.logs`).
fn own_addresses(address: &str) -> impl Iterator<Item = &str> {
    let base = vigil_model::base_address(address);
    std::iter::once(address).chain((base != address).then_some(base))
}

impl StackEvaluator<'_> {
    /// Evaluates the policies that select this resource and pass `filter`.
    ///
    /// A resource with unknown values is evaluated twice, with the unknowns absent
    /// and with them as opaque placeholders; a result is kept only if both worlds
    /// produce it and its path is not at or under an unknown value.
    pub fn evaluate(&mut self, resource: &Resource, filter: &dyn Fn(&PolicyMeta) -> bool) -> EvalOutput {
        self.evaluate_cached(resource, filter, None)
    }

    /// [`StackEvaluator::evaluate`], reusing and filling `cache`.
    pub fn evaluate_cached(
        &mut self,
        resource: &Resource,
        filter: &dyn Fn(&PolicyMeta) -> bool,
        cache: Option<&mut ResultCache>,
    ) -> EvalOutput {
        self.evaluate_with(resource, None, filter, cache)
    }

    /// [`StackEvaluator::evaluate_cached`] for the resource at `index` in the stack
    /// the evaluator's [`StackData`] was made of: its input was converted then.
    pub fn evaluate_at(
        &mut self,
        index: usize,
        resource: &Resource,
        filter: &dyn Fn(&PolicyMeta) -> bool,
        cache: Option<&mut ResultCache>,
    ) -> EvalOutput {
        self.evaluate_with(resource, Some(index), filter, cache)
    }

    fn evaluate_with(
        &mut self,
        resource: &Resource,
        index: Option<usize>,
        filter: &dyn Fn(&PolicyMeta) -> bool,
        mut cache: Option<&mut ResultCache>,
    ) -> EvalOutput {
        let mut output = EvalOutput::default();
        let selected: Vec<usize> = (0..self.set.policies.len())
            .filter(|&i| !self.broken.contains(&i))
            .filter(|&i| {
                let meta = &self.set.policies[i].meta;
                meta.selects(&resource.r#type, resource.mode) && filter(meta)
            })
            .collect();
        if selected.is_empty() {
            return output;
        }
        output.evaluated = selected.clone();
        let converted;
        let input = match index.and_then(|i| self.data.0.inputs.get(i)) {
            Some(input) if input.address == resource.address => input,
            _ => {
                converted = ResourceInput::new(resource);
                &converted
            }
        };
        let (input, resource_hash) = (input.value.clone(), input.hash);
        // Cached verdicts first; only the others are evaluated.
        let keys: HashMap<usize, u64> =
            selected.iter().map(|&p| (p, self.cache_key(p, resource_hash, &resource.address))).collect();
        let mut results = Vec::new();
        let mut unknown = Vec::new();
        let mut todo = Vec::new();
        for &p in &selected {
            match cache.as_deref_mut().and_then(|c| c.get(keys[&p])) {
                Some(hit) => {
                    // The verdict may come from an earlier policy set, where the
                    // policy had another index.
                    results.extend(hit.results.into_iter().map(|r| PolicyResult { policy: p, ..r }));
                    if hit.unknown {
                        unknown.push(p);
                    }
                }
                None => todo.push(p),
            }
        }
        if let Some(c) = cache.as_deref_mut() {
            c.hits += selected.len() - todo.len();
            c.misses += todo.len();
        }
        if !todo.is_empty() {
            let (fresh, fresh_unknown) =
                self.evaluate_worlds(resource, &input, &todo, &mut output.diagnostics);
            if let Some(c) = cache {
                for &p in todo.iter().filter(|p| !self.broken.contains(p)) {
                    let entry = CachedResult {
                        results: fresh.iter().filter(|r| r.policy == p).cloned().collect(),
                        unknown: fresh_unknown.contains(&p),
                    };
                    c.current.insert(keys[&p], entry);
                }
            }
            results.extend(fresh);
            unknown.extend(fresh_unknown);
        }
        unknown.sort_unstable();
        output.unknown = unknown;
        results.sort_by(|a, b| {
            (&self.set.policies[a.policy].meta.id, a.kind, &a.path, &a.message).cmp(&(
                &self.set.policies[b.policy].meta.id,
                b.kind,
                &b.path,
                &b.message,
            ))
        });
        results.dedup();
        output.results = results;
        output
    }

    fn cache_key(&self, policy: usize, resource_hash: u64, address: &str) -> u64 {
        let deps = &self.set.policies[policy].stack_deps;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.set.policies[policy].fingerprint, resource_hash, self.data.0.info_hash).hash(&mut h);
        if deps.all {
            self.data.0.whole.hash(&mut h);
        } else {
            for t in &deps.types {
                match deps.attributes.iter().find(|(a, _)| a == t) {
                    Some((_, names)) => self.data.attribute_fingerprint(t, names).hash(&mut h),
                    None => self.data.0.fingerprints.get(t).copied().unwrap_or(0).hash(&mut h),
                }
            }
            if deps.referrers {
                for a in own_addresses(address) {
                    self.data.0.referrer_fingerprints.get(a).copied().unwrap_or(0).hash(&mut h);
                }
            }
        }
        h.finish()
    }

    /// Evaluates policies in the worlds the resource's unknowns call for; returns the
    /// results that hold in every world, and the policies whose verdict depends on
    /// unknown values.
    fn evaluate_worlds(
        &mut self,
        resource: &Resource,
        input: &regorus::Value,
        selected: &[usize],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<PolicyResult>, Vec<usize>) {
        let placeholder_world = self.run(selected, input, diagnostics);
        let mut fired: HashSet<usize> = placeholder_world.iter().map(|r| r.policy).collect();
        let mut results: Vec<PolicyResult> = if resource.unknown.is_empty() {
            placeholder_world
        } else {
            let mut absent_input = resource.to_input();
            let mut pointers = resource.unknown.clone();
            pointers.sort_by(|a, b| b.cmp(a));
            if let Some(values) = absent_input.get_mut("values") {
                for p in &pointers {
                    remove_pointer(values, p);
                }
            }
            let absent_world = self.run(selected, &regorus::Value::from(absent_input), diagnostics);
            fired.extend(absent_world.iter().map(|r| r.policy));
            let keys: HashSet<(usize, ResultKind, String)> = absent_world.iter().map(result_key).collect();
            placeholder_world.into_iter().filter(|r| keys.contains(&result_key(r))).collect()
        };
        results.retain(|r| !r.path.as_deref().is_some_and(|p| resource.is_unknown_path(p)));
        // A policy that fired in some world but not in the final results depends on
        // values known only after apply.
        let unknown = fired.into_iter().filter(|p| !results.iter().any(|r| r.policy == *p)).collect();
        (results, unknown)
    }

    fn run(
        &mut self,
        selected: &[usize],
        resource_input: &regorus::Value,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<PolicyResult> {
        let memo = self.memo_values(selected);
        let mut input = regorus::Value::new_object();
        if let Ok(map) = input.as_object_mut() {
            map.insert(regorus::Value::from("resource"), resource_input.clone());
            map.insert(regorus::Value::from("stack"), self.data.0.info.clone());
            map.insert(regorus::Value::from(STACK_INPUT_KEY), self.data.0.stack.clone());
            if let Some(memo) = memo {
                map.insert(regorus::Value::from(MEMO_INPUT_KEY), memo);
            }
        }
        let rules: Vec<(usize, ResultKind)> = selected
            .iter()
            .filter(|p| !self.broken.contains(p))
            .flat_map(|&p| self.set.policies[p].kinds.iter().map(move |&k| (p, k)))
            .collect();
        let mut results = Vec::new();
        // The rules compiled to a VM program run there; the others in the interpreter.
        let mut rules = rules;
        for part in 0..self.set.parts.len() {
            if self.vms.get(part).is_none_or(Option::is_none) {
                continue;
            }
            let entries = &self.set.parts[part].entries;
            let (compiled, rest): (Vec<_>, Vec<_>) =
                rules.into_iter().partition(|rule| entries.contains_key(rule));
            rules = rest;
            if !compiled.is_empty() {
                rules.extend(self.run_vm(part, &compiled, &input, &mut results, diagnostics));
            }
        }
        if rules.is_empty() {
            results.retain(|r| !self.broken.contains(&r.policy));
            return results;
        }
        self.interpreter().set_input(input.clone());
        // Fast path: every rule in one query, so that library rules the policies share
        // are computed once per resource. On any error or panic, fall back to one
        // query per rule to find (and report) the policy at fault.
        if let Some(values) = self.eval_batch(&rules, &input) {
            for (&(policy, kind), value) in rules.iter().zip(values) {
                push_results(&mut results, policy, kind, value);
            }
            results.retain(|r| !self.broken.contains(&r.policy));
            return results;
        }
        for (policy, kind) in rules {
            if self.broken.contains(&policy) {
                continue;
            }
            let loaded = &self.set.policies[policy];
            let rule = format!("data.{}.{}", loaded.meta.package, kind.rule());
            let engine = self.interpreter();
            match guarded(|| engine.eval_rule(rule)) {
                Ok(Ok(v)) => {
                    push_results(&mut results, policy, kind, serde_json::to_value(&v).unwrap_or(Value::Null))
                }
                Ok(Err(e)) => diagnostics.push(self.failed(policy, Some(format!("{e:#}")))),
                Err(_) => {
                    diagnostics.push(self.failed(policy, None));
                    self.reset(&input);
                }
            }
        }
        results.retain(|r| !self.broken.contains(&r.policy));
        results
    }

    /// Runs rules compiled to the VM program of `part`, one entry point each.
    fn run_vm(
        &mut self,
        part: usize,
        rules: &[(usize, ResultKind)],
        input: &regorus::Value,
        results: &mut Vec<PolicyResult>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<(usize, ResultKind)> {
        let mut retry = Vec::new();
        let set = self.set;
        let program = &set.parts[part];
        let Some(vm) = self.vms[part].as_mut() else { return rules.to_vec() };
        vm.set_input(input.clone());
        // Each part of the group in one run (see `rule_groups`); on any failure, the
        // part's rules one by one (which finds the rule at fault).
        let mut single: Vec<(usize, ResultKind)> = Vec::new();
        for chunk in rules.chunks(BATCH_RULES) {
            let Some(&entry) = program.batches.get(chunk) else {
                single.extend_from_slice(chunk);
                continue;
            };
            let Some(vm) = self.vms[part].as_mut() else { return rules.to_vec() };
            match guarded(|| vm.execute_entry_point_by_index(entry)) {
                Ok(Ok(v)) => match serde_json::to_value(&v) {
                    Ok(Value::Array(values)) if values.len() == chunk.len() => {
                        for (&(policy, kind), value) in chunk.iter().zip(values) {
                            push_results(results, policy, kind, value);
                        }
                        continue;
                    }
                    _ => {}
                },
                Ok(Err(_)) => {}
                Err(_) => self.renew_vm(part, input),
            }
            single.extend_from_slice(chunk);
        }
        for &(policy, kind) in &single {
            if self.broken.contains(&policy) {
                continue;
            }
            let Some(&entry) = program.entries.get(&(policy, kind)) else { continue };
            let Some(vm) = self.vms[part].as_mut() else { return rules.to_vec() };
            match guarded(|| vm.execute_entry_point_by_index(entry)) {
                Ok(Ok(v)) => {
                    push_results(results, policy, kind, serde_json::to_value(&v).unwrap_or(Value::Null))
                }
                Ok(Err(e)) => {
                    let text = format!("{e:#}");
                    if is_timeout(&text) {
                        diagnostics.push(self.failed(policy, Some(text)));
                    } else {
                        // The interpreter is the reference: a rule the VM cannot
                        // finish runs there, which reports a real error itself.
                        retry.push((policy, kind));
                    }
                }
                Err(_) => {
                    retry.push((policy, kind));
                    self.renew_vm(part, input);
                }
            }
        }
        retry
    }

    /// The values of the memoized rules of the `selected` policies on this stack
    /// (`input["vigil.memo"]`), computed on the VM when first asked for: once per
    /// stack and set, shared by the threads that evaluate its chunks. A rule the VM
    /// cannot compute is left out: the policy then computes it for each resource.
    fn memo_values(&self, selected: &[usize]) -> Option<regorus::Value> {
        let set = self.set;
        let wanted: Vec<(usize, usize, &str)> = set
            .parts
            .iter()
            .enumerate()
            .flat_map(|(part, program)| {
                program
                    .memos
                    .iter()
                    .filter(|(p, _, _)| selected.contains(p))
                    .map(move |(_, entry, key)| (part, *entry, key.as_str()))
            })
            .collect();
        if wanted.is_empty() {
            return None;
        }
        let data = self.data.clone();
        let mut all = data.0.memos.lock().unwrap_or_else(|p| p.into_inner());
        let values = all
            .entry(set.id)
            .or_insert_with(|| MemoValues { value: regorus::Value::new_object(), done: HashSet::new() });
        let mut input = regorus::Value::new_object();
        if let Ok(map) = input.as_object_mut() {
            map.insert(regorus::Value::from(STACK_INPUT_KEY), data.0.stack.clone());
        }
        // A rule computed once for the stack reads all of it: its time limit grows with
        // the stack (the rule limit per 10,000 resources, at most 30 times it).
        let scale = (1 + data.0.inputs.len() / 10_000).min(30) as u32;
        let time_limit = set.time_limit.saturating_mul(scale);
        for (part, entry, key) in wanted {
            if !values.done.insert(key.to_string()) {
                continue;
            }
            let Some(program) = &set.parts[part].program else { continue };
            let mut vm = new_vm(program, time_limit);
            vm.set_input(input.clone());
            // On an error or a panic the rule is left out: the policy then computes it
            // for each resource.
            if let Ok(Ok(value)) = guarded(|| vm.execute_entry_point_by_index(entry)) {
                let mut wrapped = regorus::Value::new_object();
                if let (false, Ok(map)) = (value == regorus::Value::Undefined, wrapped.as_object_mut()) {
                    map.insert(regorus::Value::from("v"), value);
                }
                if let Ok(map) = values.value.as_object_mut() {
                    map.insert(regorus::Value::from(key), wrapped);
                }
            }
        }
        Some(values.value.clone())
    }

    /// After a panic the VM may be left half-way: a fresh one, with the input.
    fn renew_vm(&mut self, part: usize, input: &regorus::Value) {
        if let Some(program) = &self.set.parts[part].program {
            let mut vm = new_vm(program, self.set.time_limit);
            vm.set_input(input.clone());
            self.vms[part] = Some(vm);
        }
    }

    /// A policy failed at runtime (`error`) or panicked (`None`): it is reported on
    /// its package line and skipped for the rest of the run.
    fn failed(&mut self, policy: usize, error: Option<String>) -> Diagnostic {
        self.broken.insert(policy);
        let meta = &self.set.policies[policy].meta;
        let (code, message) = match error {
            Some(text) if is_timeout(&text) => ("policy-runtime", timeout_message(&meta.id)),
            Some(text) => ("policy-runtime", format!("policy `{}` failed: {}", meta.id, clean_error(&text))),
            None => ("policy-panic", panic_message(&meta.id)),
        };
        Diagnostic::error(&meta.file, meta.package_range, code, message)
    }

    /// Evaluates all rules in one query: `None` when anything goes wrong.
    fn eval_batch(&mut self, rules: &[(usize, ResultKind)], input: &regorus::Value) -> Option<Vec<Value>> {
        if rules.is_empty() {
            return Some(vec![]);
        }
        let refs: Vec<String> = rules
            .iter()
            .map(|&(p, k)| format!("data.{}.{}", self.set.policies[p].meta.package, k.rule()))
            .collect();
        let query = format!("[{}]", refs.join(", "));
        let engine = self.interpreter();
        match guarded(|| engine.eval_query(query, false)) {
            Ok(Ok(out)) => {
                let value = out.result.into_iter().next()?.expressions.into_iter().next()?.value;
                match serde_json::to_value(&value).ok()? {
                    Value::Array(items) if items.len() == rules.len() => Some(items),
                    _ => None,
                }
            }
            Ok(Err(_)) => None,
            Err(_) => {
                self.reset(input);
                None
            }
        }
    }

    /// After a panic the engine may be left half-way: start again from a clean
    /// copy, which has no input: give it the resource's again.
    fn reset(&mut self, input: &regorus::Value) {
        self.engine = None;
        self.interpreter().set_input(input.clone());
    }

    /// The evaluator's copy of the set's interpreter.
    fn interpreter(&mut self) -> &mut regorus::Engine {
        let set = self.set;
        self.engine.get_or_insert_with(|| set.interpreter.engine().clone())
    }
}

fn push_results(results: &mut Vec<PolicyResult>, policy: usize, kind: ResultKind, value: Value) {
    let items = match value {
        Value::Array(items) => items,
        Value::Null => vec![],
        Value::String(s) if s == "<undefined>" => vec![],
        other => vec![other],
    };
    results.extend(items.into_iter().filter_map(|item| parse_result(policy, kind, item)));
}

fn hash_str(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn is_timeout(error: &str) -> bool {
    let lower = error.to_ascii_lowercase();
    lower.contains("time limit")
        || lower.contains("timed out")
        || lower.contains("execution time")
        || lower.contains("timeout")
}

fn timeout_message(id: &str) -> String {
    format!("policy `{id}` was stopped: one evaluation ran longer than the time limit (policies.time_limit_ms); it is skipped for the rest of this run")
}

fn panic_message(id: &str) -> String {
    format!(
        "policy `{id}` crashed the policy engine (a regorus panic); it is skipped for the rest of this run"
    )
}

fn result_key(r: &PolicyResult) -> (usize, ResultKind, String) {
    (r.policy, r.kind, r.path.clone().unwrap_or_else(|| r.message.clone()))
}

fn parse_result(policy: usize, kind: ResultKind, item: Value) -> Option<PolicyResult> {
    match item {
        Value::String(message) => {
            Some(PolicyResult { policy, kind, message, path: None, fix: vec![], fix_safe: true })
        }
        Value::Object(mut map) => {
            let message = match map.remove("msg") {
                Some(Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => String::from("policy violation"),
            };
            let path = match map.remove("path") {
                Some(Value::String(p)) if p.is_empty() || p.starts_with('/') => Some(p),
                Some(Value::Array(tokens)) => Some(
                    tokens
                        .iter()
                        .map(|t| match t {
                            Value::String(s) => format!("/{}", vigil_model::escape_token(s)),
                            other => format!("/{other}"),
                        })
                        .collect(),
                ),
                _ => None,
            };
            let fix = match map.remove("fix") {
                Some(Value::Array(ops)) => ops,
                Some(op @ Value::Object(_)) => vec![op],
                _ => vec![],
            };
            let fix_safe = !matches!(map.get("fix_safety"), Some(Value::String(s)) if s == "unsafe");
            Some(PolicyResult { policy, kind, message, path, fix, fix_safe })
        }
        _ => None,
    }
}

/// Removes the value at a JSON Pointer: object keys disappear, list elements
/// become null (so that the other elements keep their indexes).
fn remove_pointer(value: &mut Value, pointer: &str) {
    if pointer.is_empty() {
        *value = Value::Object(Default::default());
        return;
    }
    let (parent, last) = match pointer.rfind('/') {
        Some(i) => (&pointer[..i], &pointer[i + 1..]),
        None => return,
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Some(item) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// What a policy reads of the stack's resources of a type: only some attributes
    /// when every read is `some r in stack_resources("T")` then `r.values.<name>` in
    /// the rule (head included) or comprehension; else everything.
    #[test]
    fn attribute_reads_are_found_only_where_they_are_certain() {
        let reads = |body: &str| {
            let text = format!("package p\n\nimport rego.v1\n\n{body}\n");
            attribute_reads(&text, &code_mask(&text), "T")
        };
        let names = |list: &[&str]| Some(list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            reads("targets contains n if {\n\tsome r in lib.stack_resources(\"T\")\n\tn := r.values.logging.target\n}"),
            names(&["logging"])
        );
        // Two rules, a comprehension, a comment and a string naming r, `r` reused
        // for another collection in another rule.
        assert_eq!(
            reads(
                "a if {\n\tsome r in stack_resources(\"T\")\n\tr.values.acl == \"r.address\" # r.address\n}\n\n\
                 b := [x | some r in lib.stack_resources(\"T\"); x := r.values.name]\n\n\
                 c if {\n\tsome r in input_referrers\n\tr.address == \"x\"\n}"
            ),
            names(&["acl", "name"])
        );
        assert_eq!(reads("a if {\n\tsome r in stack_resources(\"U\")\n\tr.address\n}"), names(&[]));
        for body in [
            // The head names r.
            "names contains r.address if {\n\tsome r in stack_resources(\"T\")\n}",
            // r read whole, by index, by another field, passed on.
            "a if {\n\tsome r in stack_resources(\"T\")\n\tr.address == \"x\"\n}",
            "a if {\n\tsome r in stack_resources(\"T\")\n\tr.values[\"acl\"] == \"x\"\n}",
            "a if {\n\tsome r in stack_resources(\"T\")\n\tr.values == {}\n}",
            "a if {\n\tsome r in stack_resources(\"T\")\n\tf(r)\n}",
            // r bound to something else too in the same body.
            "a if {\n\tsome r in stack_resources(\"T\")\n\tsome r in input_referrers\n\tr.values.x\n}",
            // Other forms of reading the list.
            "a if count(stack_resources(\"T\")) > 1",
            "a if {\n\tevery r in stack_resources(\"T\") {\n\t\tr.values.x\n\t}\n}",
            "a if {\n\tsome i, r in stack_resources(\"T\")\n\tr.values.x\n}",
            "a if {\n\tsome r in stack_resources(\"T\")\n\tr.values.x\n\tstack_resource_at(\"T\", \"a\")\n}",
        ] {
            assert_eq!(reads(body), None, "{body}");
        }
        // The built-in access logging policy reads other buckets' `logging` only.
        let logging = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../policies/aws/s3_access_logging/policy.rego"
        ))
        .unwrap();
        assert_eq!(attribute_reads(&logging, &code_mask(&logging), "aws_s3_bucket"), names(&["logging"]));
    }

    fn library(n: usize, body: &str) -> PolicySource {
        PolicySource {
            path: format!("lib{n}.rego"),
            text: format!("package t.lib\n\nimport rego.v1\n\n{body}\n"),
            pack: "custom".into(),
        }
    }

    fn policy(n: usize, body: &str) -> PolicySource {
        PolicySource {
            path: format!("p{n}.rego"),
            text: format!(
                "# METADATA\n# title: P{n}\n# custom:\n#   id: T-{n}\n#   resources: [t]\npackage t.p{n}\n\nimport rego.v1\n\n{body}\n"
            ),
            pack: "custom".into(),
        }
    }

    fn resource() -> Resource {
        Resource {
            address: "t.a".into(),
            r#type: "t".into(),
            name: "a".into(),
            mode: vigil_model::Mode::Managed,
            source: vigil_model::SourceKind::Terraform,
            provider: "t".into(),
            file: "main.tf".into(),
            values: serde_json::json!({"v": "${t.b.id}", "w": "x"}),
            references: Default::default(),
            unknown: vec![],
            header: Default::default(),
            range: Default::default(),
            source_map: Default::default(),
            instances_unknown: false,
        }
    }

    fn messages(set: &PolicySet) -> Vec<String> {
        let stack = Stack {
            id: "s".into(),
            source: vigil_model::SourceKind::Terraform,
            resources: vec![resource()],
            origins: Default::default(),
            providers: Default::default(),
        };
        let out = set.evaluator(&stack).evaluate(&stack.resources[0], &|_| true);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let mut m: Vec<String> = out.results.into_iter().map(|r| r.message).collect();
        m.sort();
        m
    }

    /// The rule `deny contains v if { some v in [1, 2]; count([1 | v == 1]) == 0 }`
    /// on regorus's VM directly, with no input.
    fn raw_vm_result(body: &str) -> regorus::Value {
        let mut engine = regorus::Engine::new();
        engine.add_policy("c.rego".into(), format!("package c\n\nimport rego.v1\n\n{body}\n")).unwrap();
        let compiled = engine.compile_with_entrypoint(&"data.c.deny".into()).unwrap();
        let program = Compiler::compile_from_policy(&compiled, &["data.c.deny"]).unwrap();
        assert_eq!(
            crate::vm_hazards::comprehension_hazards(&program).into_iter().collect::<Vec<_>>(),
            vec!["data.c.deny".to_string()]
        );
        let mut vm = RegoVM::new();
        vm.load_program(program);
        vm.execute_entry_point_by_index(0).unwrap()
    }

    /// regorus 0.14.1's VM hands a condition failing in a comprehension to the loop
    /// around it: `v == 2` is skipped instead of counting nothing. When this test
    /// fails, regorus has fixed it: `vm_hazards` can go.
    #[test]
    fn vm_and_interpreter_disagree_on_a_comprehension_in_a_loop() {
        let body = "deny contains v if { some v in [1, 2]; count([1 | v == 1]) == 0 }";
        let empty: std::collections::BTreeSet<regorus::Value> = Default::default();
        assert_eq!(raw_vm_result(body), regorus::Value::from(empty));
        // Vigil finds the hazard and keeps the policy on the interpreter.
        let sources = [
            policy(1, "deny contains sprintf(\"%v\", [v]) if { some v in [1, 2]; count([1 | v == 1]) == 0 }"),
            policy(2, "deny contains \"plain\" if true"),
        ];
        let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.compiled_rules(), 1, "the policy with the hazard runs on the interpreter");
        assert_eq!(messages(&set), vec!["2", "plain"]);
        // In a library, whichever policy calls it: no policy runs on the VM.
        let sources = [
            library(1, "twos(xs) := [v | some v in xs; count([1 | v == 1]) == 0]"),
            policy(1, "import data.t.lib\n\ndeny contains sprintf(\"%v\", [lib.twos([1, 2])]) if true"),
            policy(2, "deny contains \"plain\" if true"),
        ];
        let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.compiled_rules(), 0);
        assert_eq!(messages(&set), vec!["[2]", "plain"]);
        // A comprehension in a function called from the loop is not exposed.
        let sources = [policy(1, "_none(v) := count([1 | v == 1]) == 0\n\ndeny contains sprintf(\"%v\", [v]) if { some v in [1, 2]; _none(v) }")];
        let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert_eq!(set.compiled_rules(), 1);
        assert_eq!(messages(&set), vec!["2"]);
    }

    #[test]
    fn evaluate_at_uses_the_stacks_conversion_only_for_the_same_resource() {
        let sources = [policy(1, "deny contains input.resource.values.w if true")];
        let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        let mut other = resource();
        other.address = "t.other".into();
        other.values = serde_json::json!({"w": "other"});
        let stack = Stack {
            id: "s".into(),
            source: vigil_model::SourceKind::Terraform,
            resources: vec![resource(), other],
            origins: Default::default(),
            providers: Default::default(),
        };
        let mut evaluator = set.evaluator(&stack);
        let message = |out: EvalOutput| out.results.into_iter().map(|r| r.message).collect::<Vec<_>>();
        let all = |_: &PolicyMeta| true;
        assert_eq!(message(evaluator.evaluate_at(0, &stack.resources[0], &all, None)), vec!["x"]);
        assert_eq!(message(evaluator.evaluate_at(1, &stack.resources[1], &all, None)), vec!["other"]);
        // A resource that is not the one at that index is converted afresh.
        assert_eq!(message(evaluator.evaluate_at(1, &stack.resources[0], &all, None)), vec!["x"]);
        assert_eq!(message(evaluator.evaluate_at(7, &stack.resources[1], &all, None)), vec!["other"]);
    }

    #[test]
    fn rules_of_a_resource_run_as_one_group_also_when_a_policy_is_left_out() {
        let ok = |n| policy(n, &format!("deny contains \"p{n}\" if input.resource.values.w == \"x\""));
        // Compiled with the group module made up front.
        let set = PolicySet::load(&[ok(1), ok(2)], DEFAULT_TIME_LIMIT);
        assert_eq!((set.compiled_rules(), set.parts[0].batches.len()), (2, 1));
        assert_eq!(messages(&set), vec!["p1", "p2"]);
        // A policy failing on every input is left out after that module was compiled:
        // the groups are made again, in a package of their own.
        let failing = policy(3, "deny contains x if { x := 1 / 0 }");
        let set = PolicySet::load(&[ok(1), failing.clone(), ok(2)], DEFAULT_TIME_LIMIT);
        assert_eq!(set.diagnostics.len(), 1, "{:?}", set.diagnostics);
        assert_eq!((set.compiled_rules(), set.parts[0].batches.len()), (2, 1));
        assert_eq!(messages(&set), vec!["p1", "p2"]);
        // A policy that does not compile: the engine is rebuilt without the module.
        let broken = policy(4, "deny contains x if { x := undefined_function(1) }");
        let set = PolicySet::load(&[ok(1), broken, ok(2), failing], DEFAULT_TIME_LIMIT);
        assert_eq!(set.diagnostics.len(), 2, "{:?}", set.diagnostics);
        assert_eq!((set.compiled_rules(), set.parts[0].batches.len()), (2, 1));
        assert_eq!(messages(&set), vec!["p1", "p2"]);
    }

    #[test]
    fn rules_read_through_a_package_alias_are_document_lookups() {
        let sources = [
            library(1, "r := 1\n\nf(x) := x"),
            policy(1, "import data.t.lib as l\n\ndeny contains \"alias\" if l.r == 1"),
            policy(2, "import data.t.lib.r\n\ndeny contains \"by name\" if { r == 1; data.t.lib.f(1) == 1 }"),
        ];
        let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(messages(&set), vec!["alias", "by name"]);
        assert_eq!(set.document_lookups(), vec!["data.t.p1.deny".to_string()]);
    }

    /// A set compiled ahead of time is the set loading makes: the same policies,
    /// diagnostics and entry points, the same results, the interpreter made only
    /// when a rule needs it; with a policy left out it serves the others; sources
    /// it was not made of are loaded as usual.
    #[test]
    fn a_precompiled_set_is_the_set_loading_makes() {
        let sources = vec![
            library(1, "helper(x) := x == \"x\""),
            policy(1, "deny contains \"one\" if data.t.lib.helper(input.resource.values.w)"),
            policy(
                2,
                "_y if { some x in [3]; x == 2 } else := true if { true }\n\ndeny contains \"else\" if _y",
            ),
            policy(3, "deny contains \"three\" if true\n\nwarn contains \"three\" if true"),
            policy(4, "deny contains \"four\" if { y }"),
        ];
        let artifact = crate::precompile(&sources).unwrap();
        let precompiled = crate::Precompiled::read(&artifact).unwrap();
        let loaded = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        let set = precompiled.instantiate(&sources, DEFAULT_TIME_LIMIT).unwrap();
        assert!(!set.interpreter.is_made());
        assert_eq!(set.policies, loaded.policies);
        assert_eq!(set.diagnostics, loaded.diagnostics);
        assert_eq!(set.diagnostics.len(), 1, "{:?}", set.diagnostics);
        assert_eq!(
            (&set.parts[0].entries, &set.parts[0].batches),
            (&loaded.parts[0].entries, &loaded.parts[0].batches)
        );
        assert_eq!(set.compiled_rules(), 3);
        assert_eq!(messages(&set), ["else", "one", "three", "three"]);
        assert_eq!(messages(&set), messages(&loaded));
        assert!(set.interpreter.is_made(), "the `else` policy runs on the interpreter");

        // Without policy 3 (disabled in vigil.toml): the same as loading the rest.
        let subset: Vec<PolicySource> = sources.iter().filter(|s| s.path != "p3.rego").cloned().collect();
        let set = precompiled.instantiate(&subset, Duration::from_secs(5)).unwrap();
        let loaded = PolicySet::load(&subset, Duration::from_secs(5));
        assert_eq!((&set.policies, &set.diagnostics), (&loaded.policies, &loaded.diagnostics));
        assert_eq!(messages(&set), ["else", "one"]);

        // Another text, another module, a library missing: not served from it.
        let mut edited = sources.clone();
        edited[3].text.push_str("\ndeny contains \"more\" if true\n");
        let mut more = sources.clone();
        more.push(policy(5, "deny contains \"five\" if true"));
        let no_library = sources[1..].to_vec();
        for other in [&edited, &more, &no_library] {
            assert!(precompiled.instantiate(other, DEFAULT_TIME_LIMIT).is_none());
            let mut cache = LoadCache::with_precompiled(&artifact);
            let set = PolicySet::load_reusing(other, DEFAULT_TIME_LIMIT, &mut cache);
            assert_eq!(set.policies, PolicySet::load(other, DEFAULT_TIME_LIMIT).policies);
        }
        assert!(messages(&PolicySet::load_reusing(&edited, DEFAULT_TIME_LIMIT, &mut LoadCache::default()))
            .contains(&"more".to_string()));

        // Through a load cache; bytes that are not an artifact are ignored.
        let mut cache = LoadCache::with_precompiled(&artifact);
        assert!(cache.has_precompiled());
        assert!(!PolicySet::load_reusing(&sources, DEFAULT_TIME_LIMIT, &mut cache).interpreter.is_made());
        for bad in [&b""[..], b"VIGILPC1", b"VIGILPC1\xff\xff\xff\xff{", &artifact[..artifact.len() - 1]] {
            assert!(!LoadCache::with_precompiled(bad).has_precompiled());
        }
    }

    /// A team's policies beside the precompiled packs: only theirs are compiled, and
    /// the set is the one loading everything together makes (same policies and
    /// fingerprints, diagnostics, libraries and results). Sources that could change
    /// what the precompiled policies do, or read them, are compiled with them.
    #[test]
    fn policies_loaded_beside_a_precompiled_set_are_the_set_loading_makes() {
        let precompiled = vec![
            library(1, "helper(x) := x == \"x\""),
            policy(1, "deny contains \"one\" if data.t.lib.helper(input.resource.values.w)"),
            policy(
                2,
                "_y if { some x in [3]; x == 2 } else := true if { true }\n\ndeny contains \"else\" if _y",
            ),
            policy(3, "deny contains \"three\" if true\n\nwarn contains \"three\" if true"),
        ];
        let artifact = crate::precompile(&precompiled).unwrap();
        let theirs = |n: usize, package: &str, id: &str, body: &str| {
            PolicySource {
            path: format!("team/p{n}.rego"),
            text: format!(
                "# METADATA\n# title: U{n}\n# custom:\n#   id: {id}\n#   resources: [t]\npackage {package}\n\nimport rego.v1\n\n{body}\n"
            ),
            pack: "team".into(),
        }
        };
        let team_library = PolicySource {
            path: "team/lib.rego".into(),
            text: "package u.lib\n\nimport rego.v1\n\nis_x(v) := v == \"x\"\n".into(),
            pack: "team".into(),
        };
        let joined = |extra: Vec<PolicySource>| {
            let mut sources = precompiled.clone();
            sources.extend(extra);
            let set = PolicySet::load_reusing(
                &sources,
                DEFAULT_TIME_LIMIT,
                &mut LoadCache::with_precompiled(&artifact),
            );
            (set, PolicySet::load(&sources, DEFAULT_TIME_LIMIT))
        };

        let (set, loaded) = joined(vec![
            team_library.clone(),
            theirs(1, "u.a", "A-1", "deny contains \"a\" if data.u.lib.is_x(input.resource.values.w)"),
            theirs(2, "u.b", "U-2", "deny contains \"b\" if data.t.lib.helper(input.resource.values.w)"),
            theirs(3, "u.c", "U-3", "deny contains \"c\" if {"),
        ]);
        assert_eq!(set.parts.len(), 2, "the team's policies are compiled beside the precompiled ones");
        assert!(!set.interpreter.is_made());
        assert_eq!(set.policies, loaded.policies);
        assert_eq!(
            set.policies.iter().map(|p| p.meta.id.as_str()).collect::<Vec<_>>(),
            ["A-1", "T-1", "T-2", "T-3", "U-2"]
        );
        assert_eq!(set.diagnostics, loaded.diagnostics);
        assert_eq!(set.diagnostics.iter().map(|d| d.file.as_str()).collect::<Vec<_>>(), ["team/p3.rego"]);
        assert_eq!(set.libraries, loaded.libraries);
        assert_eq!(set.compiled_rules(), loaded.compiled_rules());
        assert_eq!(messages(&set), ["a", "b", "else", "one", "three", "three"]);
        assert_eq!(messages(&set), messages(&loaded));

        // Loaded together instead: a package in, above or equal to the precompiled
        // ones', a reference to their policies, a library reading the stack, an id
        // they use. The results stay those of loading everything together.
        let stack_library = PolicySource {
            text: "package u.lib\n\nimport rego.v1\n\nn := count(data.vigil.stack.resources)\n".into(),
            ..team_library.clone()
        };
        for extra in [
            vec![theirs(1, "t.lib", "U-1", "deny contains \"in t.lib\" if true")],
            vec![theirs(1, "t", "U-1", "deny contains \"above\" if true")],
            vec![theirs(1, "t.p1.more", "U-1", "deny contains \"inside\" if true")],
            vec![theirs(1, "u.a", "U-1", "deny contains \"reads\" if count(data.t.p1.deny) > 0")],
            vec![stack_library, theirs(1, "u.a", "U-1", "deny contains \"n\" if data.u.lib.n > 0")],
            vec![theirs(1, "u.a", "T-1", "deny contains \"same id\" if true")],
        ] {
            let mut sources = precompiled.clone();
            sources.extend(extra);
            let cache = LoadCache::with_precompiled(&artifact);
            let precompiled = cache.precompiled.as_deref().unwrap();
            assert!(
                precompiled
                    .instantiate_beside(&sources, DEFAULT_TIME_LIMIT, |s| PolicySet::load(
                        s,
                        DEFAULT_TIME_LIMIT
                    ))
                    .is_none(),
                "{:?}",
                sources.last().map(|s| &s.text)
            );
            let set = PolicySet::load_reusing(
                &sources,
                DEFAULT_TIME_LIMIT,
                &mut LoadCache::with_precompiled(&artifact),
            );
            let loaded = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
            assert_eq!((&set.policies, &set.diagnostics), (&loaded.policies, &loaded.diagnostics));
            assert_eq!(messages(&set), messages(&loaded));
        }
    }

    /// regorus 0.14.1's VM never tries the `else` of a rule whose first body is a loop
    /// that finds nothing. When this test fails, regorus has fixed it: drop the
    /// `else` exclusion of `vm_unsafe`.
    #[test]
    fn vm_and_interpreter_disagree_on_else() {
        let sources = [
            policy(
                1,
                "_y if { some x in [3]; x == 2 } else := true if { true }\n\ndeny contains \"else\" if _y",
            ),
            policy(2, "deny contains \"plain\" if true"),
        ];
        let mut set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.compiled_rules(), 1, "the policy with `else` runs on the interpreter");
        assert_eq!(messages(&set), vec!["else", "plain"]);
        // Forced onto the VM, the `else` policy loses its finding.
        set.policies.iter_mut().for_each(|p| p.vm_safe = true);
        let all: Vec<usize> = (0..set.policies.len()).collect();
        let compiled =
            compile_program(set.interpreter.engine(), &set.policies, &Memos::default(), None, 0, &all);
        set.parts = vec![compiled];
        assert_eq!(set.compiled_rules(), 2);
        assert_eq!(messages(&set), vec!["plain"]);
    }

    /// A program's entry points share one window of 255 registers in regorus's VM:
    /// 200 policies of two rules each (400 entry points) are compiled in parts of at
    /// most `PART_RULES` rules, every rule on the VM, and the precompiled artifact
    /// keeps the parts.
    #[test]
    fn many_policies_are_compiled_in_parts_and_all_run_on_the_vm() {
        let sources: Vec<PolicySource> = (0..200)
            .map(|n| {
                policy(n, &format!("deny contains \"d{n:03}\" if input.resource.address != \"\"\n\nwarn contains \"w{n:03}\" if true"))
            })
            .collect();
        let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.compiled_rules(), 400);
        assert_eq!(set.parts.len(), 4);
        let all = messages(&set);
        assert_eq!(all.len(), 400);
        assert_eq!(messages(&set.clone().interpreter_only()), all);
        let artifact = crate::precompile(&sources).unwrap();
        let served =
            crate::Precompiled::read(&artifact).unwrap().instantiate(&sources, DEFAULT_TIME_LIMIT).unwrap();
        assert_eq!(served.compiled_rules(), 400);
        assert_eq!(messages(&served), all);
    }

    /// regorus 0.14.1's VM binds `x := <undefined>` and goes on (the interpreter, like
    /// OPA, fails the body), so these rules would report on the VM; Vigil writes such
    /// `:=` as `=` (`vigil_rego::assign`), which both fail. A variable declared twice
    /// keeps its `:=` and its error.
    #[test]
    fn an_undefined_assignment_fails_the_body_on_both_engines() {
        let body = "_o := {\"a\": 1}\n\n_g(v) := true if v == 2\n\n\
            deny contains \"sprintf\" if { x := _o.missing; msg := sprintf(\"%v\", [x]) }\n\n\
            deny contains \"object\" if { x := _o.missing; y := {\"a\": x} }\n\n\
            deny contains \"not\" if { x := input.resource.values.nothing; not x == \"a\" }\n\n\
            deny contains \"function\" if { x := _g(1); not x }\n\n\
            deny contains \"comprehension\" if { good := _o.good; not 1 in {g | some g in good} }\n\n\
            deny contains msg if { v := _o.a; msg := sprintf(\"defined %v\", [v]) }";
        let set = PolicySet::load(&[policy(1, body)], DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.compiled_rules(), 1, "the policy runs on the VM");
        assert_eq!(messages(&set), vec!["defined 1"]);
        assert_eq!(messages(&set.clone().interpreter_only()), vec!["defined 1"]);
        let twice = policy(2, "deny contains \"x\" if { k := 1; k := 2 }");
        let set = PolicySet::load(std::slice::from_ref(&twice), DEFAULT_TIME_LIMIT);
        assert_eq!(set.diagnostics.len(), 1, "{:?}", set.diagnostics);
    }

    #[test]
    fn is_unknown_calls_work_on_both_engines_and_errors_keep_their_columns() {
        let body = "deny contains \"unknown\" if vigil.is_unknown(input.resource.values.v)\n\ndeny contains \"known\" if { not vigil.is_unknown(input.resource.values.w) }\n\ndeny contains \"value\" if { vigil.is_unknown(input.resource.values.w) == false }\n\n# vigil.is_unknown( in a comment\ndeny contains \"vigil.is_unknown(x)\" if true";
        let set = PolicySet::load(&[policy(1, body)], DEFAULT_TIME_LIMIT);
        assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
        assert_eq!(set.compiled_rules(), 1);
        let want = vec!["known", "unknown", "value", "vigil.is_unknown(x)"];
        assert_eq!(messages(&set), want);
        assert_eq!(messages(&set.clone().interpreter_only()), want);
        // An error after a rewritten call on the same line points at the original text.
        let broken = policy(2, "deny contains \"x\" if { vigil.is_unknown(input.a); y }");
        let set = PolicySet::load(std::slice::from_ref(&broken), DEFAULT_TIME_LIMIT);
        let d = &set.diagnostics[0];
        assert_eq!(&broken.text[d.range.as_usize()], "y", "{d:?}");
    }

    #[test]
    fn bisection_finds_the_module_whose_addition_breaks_compilation() {
        // lib4 redefines lib1's function with another arity: the set compiles up to lib3.
        let sources: Vec<PolicySource> = (0..7)
            .map(|n| match n {
                1 => library(n, "f(x) := x"),
                4 => library(n, "f(x, y) := x"),
                _ => library(n, &format!("v{n} := {n}")),
            })
            .collect();
        let members: Vec<Member<'_>> = sources.iter().map(|source| Member { source, policy: None }).collect();
        let (index, error) = bisect(&members, &Memos::default(), DEFAULT_TIME_LIMIT).unwrap();
        assert_eq!(index, 4);
        assert!(error.contains("previously defined with 1 arguments"), "{error}");
        // The error names the module, so loading finds it without bisecting.
        assert!(error.contains("lib4.rego:5:1"), "{error}");
        assert!(bisect(&members[..4], &Memos::default(), DEFAULT_TIME_LIMIT).is_none());
    }

    #[test]
    fn a_module_at_fault_is_left_out_and_the_rest_compiles() {
        let sources: Vec<PolicySource> = (0..5)
            .map(|n| match n {
                0 => library(n, "g(x) := x"),
                2 => library(n, "g(x, y) := y"),
                _ => library(n, &format!("v{n} := {n}")),
            })
            .collect();
        let mut members: Vec<Member<'_>> =
            sources.iter().map(|source| Member { source, policy: None }).collect();
        let engine = engine_with(&members, &Memos::default(), DEFAULT_TIME_LIMIT);
        let mut diagnostics = Vec::new();
        let (mut engine, _) =
            compile_members(engine, &mut members, &Memos::default(), DEFAULT_TIME_LIMIT, &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].file, "lib2.rego");
        assert_eq!(members.len(), 4);
        assert_eq!(engine.eval_rule("data.t.lib.v4".into()).unwrap(), regorus::Value::from(4));
    }
}
