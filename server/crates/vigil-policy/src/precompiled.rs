//! Policy sets compiled ahead of time. Loading the built-in packs (METADATA, parsing,
//! compiling, the VM program) takes tens of milliseconds, on every start of the CLI
//! and of the language server. [`precompile`] loads them once, at build time
//! (vigil-workspace's build script), and keeps what the load found: each policy's
//! METADATA, rule kinds and stack dependencies, the diagnostics, and the VM program
//! in regorus's binary format. [`Precompiled::instantiate`] turns that back into the
//! same [`PolicySet`] when the sources are the ones it was made of (or a subset
//! leaving out policies, as `vigil.toml` disabling some does); the interpreter is
//! then made from the sources only when a rule needs it.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use regorus::rvm::program::DeserializationResult;
use regorus::rvm::Program;
use serde::{Deserialize, Serialize};
use vigil_syntax::{Diagnostic, DiagnosticSeverity, TextRange};

use crate::engine::{
    fingerprint, libraries_hash, Interpreter, LoadedPolicy, ResultKind, StackDeps, VmProgram,
    DEFAULT_TIME_LIMIT,
};
use crate::metadata::PolicyMeta;
use crate::{PolicySet, PolicySource};

/// The first bytes of an artifact; the digit changes with its layout.
const MAGIC: &[u8; 8] = b"VIGILPC3";

/// What loading the sources found, besides the VM program.
#[derive(Serialize, Deserialize)]
struct Header {
    /// Path and [`source_hash`] of each module the artifact was made of (tests
    /// excluded).
    sources: Vec<(String, u64)>,
    /// The modules without METADATA (libraries), in order.
    libraries: Vec<String>,
    /// The interpreter's modules, in order.
    members: Vec<String>,
    policies: Vec<PolicyRecord>,
    diagnostics: Vec<DiagnosticRecord>,
    /// Each VM program's entry points; the programs follow the header, in order.
    parts: Vec<PartRecord>,
}

/// What a VM program runs (see `VmProgram`).
#[derive(Serialize, Deserialize)]
struct PartRecord {
    /// (policy, kind, entry point).
    entries: Vec<(usize, ResultKind, usize)>,
    batches: Vec<(Vec<(usize, ResultKind)>, usize)>,
    /// (policy, entry point, key) of each memoized rule (see [`crate::memo`]).
    memos: Vec<(usize, usize, String)>,
}

#[derive(Serialize, Deserialize)]
struct PolicyRecord {
    meta: PolicyMeta,
    package_range: (u32, u32),
    kinds: Vec<ResultKind>,
    stack_deps: StackDeps,
    vm_safe: bool,
}

#[derive(Serialize, Deserialize)]
struct DiagnosticRecord {
    file: String,
    range: (u32, u32),
    severity: u8,
    code: String,
    message: String,
}

impl From<&Diagnostic> for DiagnosticRecord {
    fn from(d: &Diagnostic) -> Self {
        let severity = match d.severity {
            DiagnosticSeverity::Error => 0,
            DiagnosticSeverity::Warning => 1,
            DiagnosticSeverity::Info => 2,
        };
        DiagnosticRecord {
            file: d.file.clone(),
            range: (d.range.start, d.range.end),
            severity,
            code: d.code.clone(),
            message: d.message.clone(),
        }
    }
}

impl DiagnosticRecord {
    fn to_diagnostic(&self) -> Diagnostic {
        let severity = match self.severity {
            0 => DiagnosticSeverity::Error,
            1 => DiagnosticSeverity::Warning,
            _ => DiagnosticSeverity::Info,
        };
        Diagnostic {
            file: self.file.clone(),
            range: TextRange::new(self.range.0, self.range.1),
            severity,
            code: self.code.clone(),
            message: self.message.clone(),
        }
    }
}

/// What a source's verdicts depend on: its text and pack (the path is the key).
fn source_hash(source: &PolicySource) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&source.text, &source.pack).hash(&mut h);
    h.finish()
}

/// Loads `sources` (with the default time limit; the limit is not part of the
/// artifact) and returns the artifact [`Precompiled::read`] reads.
pub fn precompile(sources: &[PolicySource]) -> Result<Vec<u8>, String> {
    let set = PolicySet::load(sources, DEFAULT_TIME_LIMIT);
    let header = Header {
        sources: sources.iter().filter(|s| !s.is_test()).map(|s| (s.path.clone(), source_hash(s))).collect(),
        libraries: set.libraries.clone(),
        members: set.interpreter.members.iter().map(|m| m.path.clone()).collect(),
        policies: set
            .policies
            .iter()
            .map(|p| PolicyRecord {
                meta: p.meta.clone(),
                package_range: (p.meta.package_range.start, p.meta.package_range.end),
                kinds: p.kinds.clone(),
                stack_deps: p.stack_deps.clone(),
                vm_safe: p.vm_safe,
            })
            .collect(),
        diagnostics: set.diagnostics.iter().map(DiagnosticRecord::from).collect(),
        parts: set
            .parts
            .iter()
            .map(|part| PartRecord {
                entries: part.entries.iter().map(|(&(p, k), &e)| (p, k, e)).collect(),
                batches: part.batches.iter().map(|(rules, &e)| (rules.clone(), e)).collect(),
                memos: part.memos.clone(),
            })
            .collect(),
    };
    let header = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + header.len());
    out.extend_from_slice(MAGIC);
    let len = u32::try_from(header.len()).map_err(|_| "header too large".to_string())?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&header);
    // Each program, its length first (0: the part has none).
    for part in &set.parts {
        let program = match &part.program {
            Some(program) => program.serialize_binary()?,
            None => Vec::new(),
        };
        let len = u32::try_from(program.len()).map_err(|_| "program too large".to_string())?;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&program);
    }
    Ok(out)
}

/// A precompiled policy set, read (see the module documentation).
pub struct Precompiled {
    header: Header,
    /// [`Header::sources`] by path.
    known: HashMap<String, u64>,
    /// The program of each of [`Header::parts`].
    programs: Vec<Option<Arc<Program>>>,
}

impl Precompiled {
    /// Reads an artifact [`precompile`] wrote; `None` when it is not one (or one of
    /// another layout or regorus version): sources are then loaded as usual.
    pub fn read(bytes: &[u8]) -> Option<Precompiled> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let (len, rest) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
        let (header, mut rest) = (rest.get(..len)?, rest.get(len..)?);
        let header: Header = serde_json::from_slice(header).ok()?;
        let mut programs = Vec::with_capacity(header.parts.len());
        for _ in &header.parts {
            let (len, after) = rest.split_first_chunk::<4>()?;
            let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
            let (program, after) = (after.get(..len)?, after.get(len..)?);
            rest = after;
            programs.push(if program.is_empty() {
                None
            } else {
                match Program::deserialize_binary(program).ok()? {
                    DeserializationResult::Complete(program) => Some(Arc::new(program)),
                    DeserializationResult::Partial(_) => return None,
                }
            });
        }
        if !rest.is_empty() {
            return None;
        }
        let known = header.sources.iter().cloned().collect();
        Some(Precompiled { header, known, programs })
    }

    /// Whether the artifact was made of this module, as it is now.
    fn made_of(&self, source: &PolicySource) -> bool {
        self.known.get(&source.path) == Some(&source_hash(source))
    }

    /// The set [`PolicySet::load`] makes of `sources` when only some of them are the
    /// artifact's (the built-in packs beside a team's own policies): the artifact's
    /// policies come from it, `load` loads the others with the artifact's libraries,
    /// and the two sets are joined. `None` when the others could change what the
    /// artifact's policies do, or read them, and so must be compiled with them: a
    /// package equal to, inside or above one of the artifact's (or `vigil.stack`),
    /// a reference into the artifact's policies' packages, a library that reads the
    /// stack or that the VM could get wrong (both change every policy's handling),
    /// or a policy id the artifact already uses.
    pub fn instantiate_beside(
        &self,
        sources: &[PolicySource],
        time_limit: Duration,
        load: impl FnOnce(&[PolicySource]) -> PolicySet,
    ) -> Option<PolicySet> {
        let modules: Vec<&PolicySource> = sources.iter().filter(|s| !s.is_test()).collect();
        let (ours, others): (Vec<&PolicySource>, Vec<&PolicySource>) =
            modules.iter().copied().partition(|s| self.made_of(s));
        if ours.is_empty() || others.is_empty() {
            return None;
        }
        let our_packages: Vec<String> =
            ours.iter().filter_map(|s| crate::engine::package_of(&s.text)).map(|(p, _)| p).collect();
        let policy_packages: Vec<&str> =
            self.header.policies.iter().map(|p| p.meta.package.as_str()).collect();
        for other in &others {
            let Some((package, _)) = crate::engine::package_of(&other.text) else { continue };
            if our_packages.iter().map(String::as_str).chain(["vigil.stack"]).any(|p| nested(&package, p))
                || data_refs(&other.text).any(|r| policy_packages.iter().any(|p| nested(r, p)))
            {
                return None;
            }
        }
        let ours_set = self.instantiate_modules(&ours, time_limit)?;
        let library_paths: HashSet<&str> = ours_set.libraries.iter().map(String::as_str).collect();
        let our_paths: HashSet<&str> = ours.iter().map(|s| s.path.as_str()).collect();
        let theirs: Vec<PolicySource> = modules
            .iter()
            .filter(|s| !our_paths.contains(s.path.as_str()) || library_paths.contains(s.path.as_str()))
            .map(|s| (*s).clone())
            .collect();
        let theirs_set = load(&theirs);
        let their_libraries: Vec<&PolicySource> =
            others.iter().copied().filter(|s| theirs_set.libraries.contains(&s.path)).collect();
        if their_libraries.iter().any(|l| crate::engine::vm_unsafe(&l.text))
            || their_libraries.iter().any(|l| !crate::engine::stack_deps(&l.text).is_none())
        {
            return None;
        }
        let ids: HashSet<&str> = ours_set.policies.iter().map(|p| p.meta.id.as_str()).collect();
        if theirs_set.policies.iter().any(|p| ids.contains(p.meta.id.as_str())) {
            return None;
        }
        Some(join(ours_set, theirs_set, &modules, time_limit))
    }

    /// The policy set [`PolicySet::load`] makes of `sources`, when every source
    /// (tests aside) is one the artifact was made of, unchanged, and every library
    /// it was made with is among them; `None` otherwise.
    pub fn instantiate(&self, sources: &[PolicySource], time_limit: Duration) -> Option<PolicySet> {
        let sources: Vec<&PolicySource> = sources.iter().filter(|s| !s.is_test()).collect();
        self.instantiate_modules(&sources, time_limit)
    }

    /// [`Precompiled::instantiate`] of modules (no tests among them).
    fn instantiate_modules(&self, sources: &[&PolicySource], time_limit: Duration) -> Option<PolicySet> {
        let mut present: HashMap<&str, &PolicySource> = HashMap::new();
        for &source in sources {
            if !self.made_of(source) || present.insert(source.path.as_str(), source).is_some() {
                return None;
            }
        }
        let library_paths: HashSet<&str> = self.header.libraries.iter().map(String::as_str).collect();
        if library_paths.iter().any(|l| !present.contains_key(l)) {
            return None;
        }
        // In the order of `sources`, as loading hashes them.
        let libraries: Vec<&PolicySource> =
            sources.iter().copied().filter(|s| library_paths.contains(s.path.as_str())).collect();
        let libraries_hash = libraries_hash(&libraries);

        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut policies = Vec::new();
        for (old, record) in self.header.policies.iter().enumerate() {
            let Some(source) = present.get(record.meta.file.as_str()) else { continue };
            index.insert(old, policies.len());
            let mut meta = record.meta.clone();
            meta.package_range = TextRange::new(record.package_range.0, record.package_range.1);
            policies.push(LoadedPolicy {
                meta,
                kinds: record.kinds.clone(),
                stack_deps: record.stack_deps.clone(),
                vm_safe: record.vm_safe,
                fingerprint: fingerprint(source, libraries_hash, time_limit),
            });
        }
        let diagnostics = self
            .header
            .diagnostics
            .iter()
            .filter(|d| present.contains_key(d.file.as_str()))
            .map(DiagnosticRecord::to_diagnostic)
            .collect();
        let parts = self
            .header
            .parts
            .iter()
            .zip(&self.programs)
            .map(|(part, program)| {
                let entries =
                    part.entries.iter().filter_map(|&(p, k, e)| Some(((*index.get(&p)?, k), e))).collect();
                let batches = part
                    .batches
                    .iter()
                    .filter_map(|(rules, e)| {
                        let rules: Option<Vec<(usize, ResultKind)>> =
                            rules.iter().map(|&(p, k)| Some((*index.get(&p)?, k))).collect();
                        Some((rules?, *e))
                    })
                    .collect();
                let memos = part
                    .memos
                    .iter()
                    .filter_map(|(p, e, key)| Some((*index.get(p)?, *e, key.clone())))
                    .collect();
                VmProgram { program: program.clone(), entries, batches, memos }
            })
            .collect();
        let members = self
            .header
            .members
            .iter()
            .filter_map(|path| present.get(path.as_str()).map(|s| (*s).clone()))
            .collect();
        Some(PolicySet {
            policies,
            diagnostics,
            interpreter: Arc::new(Interpreter::deferred(members, time_limit)),
            parts,
            time_limit,
            libraries: self.header.libraries.clone(),
            id: crate::engine::next_set_id(),
            stale: Default::default(),
        })
    }
}

/// Whether one dotted path is the other or lies inside it.
fn nested(a: &str, b: &str) -> bool {
    let inside =
        |x: &str, y: &str| x.strip_prefix(y).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
    inside(a, b) || inside(b, a)
}

/// The dotted paths after each `data.` in a module's text (`data.x.y[z]` gives
/// `x.y`).
fn data_refs(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("data.").filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            return None;
        }
        let rest = &text[at + "data.".len()..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len());
        Some(rest[..end].trim_end_matches('.'))
    })
}

/// The set of `ours` (precompiled) and `theirs` (loaded beside it, with `ours`'s
/// libraries), as loading `modules` together makes it: policies ordered by id,
/// fingerprints over every library, diagnostics sorted, the interpreter of all
/// modules (made when first needed), one VM program each.
fn join(ours: PolicySet, theirs: PolicySet, modules: &[&PolicySource], time_limit: Duration) -> PolicySet {
    let our_libraries: HashSet<&str> = ours.libraries.iter().map(String::as_str).collect();
    let libraries: Vec<&PolicySource> = modules
        .iter()
        .copied()
        .filter(|s| our_libraries.contains(s.path.as_str()) || theirs.libraries.contains(&s.path))
        .collect();
    let hash = libraries_hash(&libraries);
    let by_path: HashMap<&str, &PolicySource> = modules.iter().map(|s| (s.path.as_str(), *s)).collect();

    // Both sets are ordered by id: merged, each keeps its order.
    let mut tagged: Vec<(bool, usize, LoadedPolicy)> = ours
        .policies
        .into_iter()
        .enumerate()
        .map(|(i, p)| (false, i, p))
        .chain(theirs.policies.into_iter().enumerate().map(|(i, p)| (true, i, p)))
        .collect();
    tagged.sort_by(|a, b| a.2.meta.id.cmp(&b.2.meta.id));
    let mut our_index = vec![usize::MAX; tagged.iter().filter(|t| !t.0).count()];
    let mut their_index = vec![usize::MAX; tagged.len() - our_index.len()];
    let mut policies = Vec::with_capacity(tagged.len());
    for (new, (is_theirs, old, mut policy)) in tagged.into_iter().enumerate() {
        let index = if is_theirs { &mut their_index } else { &mut our_index };
        index[old] = new;
        if let Some(source) = by_path.get(policy.meta.file.as_str()) {
            policy.fingerprint = fingerprint(source, hash, time_limit);
        }
        policies.push(policy);
    }
    let parts = ours
        .parts
        .iter()
        .map(|p| p.renumbered(&our_index))
        .chain(theirs.parts.iter().map(|p| p.renumbered(&their_index)))
        .collect();
    let mut diagnostics = ours.diagnostics;
    diagnostics.extend(theirs.diagnostics.into_iter().filter(|d| !our_libraries.contains(d.file.as_str())));
    diagnostics.sort();
    let members = ours
        .interpreter
        .members
        .iter()
        .chain(theirs.interpreter.members.iter().filter(|m| !our_libraries.contains(m.path.as_str())))
        .cloned()
        .collect();
    PolicySet {
        policies,
        diagnostics,
        interpreter: Arc::new(Interpreter::deferred(members, time_limit)),
        parts,
        time_limit,
        libraries: libraries.iter().map(|l| l.path.clone()).collect(),
        id: crate::engine::next_set_id(),
        stale: Default::default(),
    }
}
