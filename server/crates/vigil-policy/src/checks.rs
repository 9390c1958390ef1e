//! What the editor and `vigil check` report on policy files beyond what regorus
//! says: every syntax error of a file that does not parse (regorus stops at the
//! first), `_test.rego` files that do not parse (the policy set leaves tests out),
//! calls to undefined functions or with the wrong number of arguments, at the
//! call, whether or not a rule ever runs (see `vigil_rego::check`), and references to
//! rules their package does not define (`vigil_rego::navigate::undefined_rules`).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use vigil_rego::index::FileIndex;

use vigil_syntax::{Diagnostic, LineIndex};

use crate::engine::{add_module, error_diagnostic, new_engine};
use crate::PolicySource;

/// The code of a call to an undefined function.
pub const UNDEFINED_FUNCTION: &str = "policy-undefined-function";

/// The code of a call with the wrong number of arguments.
pub const WRONG_ARITY: &str = "policy-wrong-arity";

/// The code of a literal argument of a type the built-in does not take.
pub const WRONG_TYPE: &str = "policy-type-error";

/// The code of a reference to a rule its package does not define (a warning: it
/// is legal Rego, always undefined).
pub const UNDEFINED_RULE: &str = "policy-undefined-rule";

/// Whether regorus has a built-in function of this dotted name (the table of
/// `vigil_rego::builtins`, which its tests hold to regorus's).
pub fn is_builtin(name: &str) -> bool {
    vigil_rego::builtins::lookup(name).is_some()
}

/// Whether a call of the built-in `name` with `arguments` arguments fits (`Err`
/// with the parameters it takes); `None` when there is no such built-in.
fn builtin_arity(name: &str, arguments: usize) -> Option<Result<(), usize>> {
    let builtin = vigil_rego::builtins::lookup(name)?;
    Some(if builtin.arity_fits(arguments) { Ok(()) } else { Err(builtin.params.len()) })
}

/// The diagnostics of a file regorus cannot parse (`error` is regorus's, which
/// stops at the first): every syntax error the tolerant parser finds, and
/// regorus's where that parser found none on its line (it knows rules the grammar
/// leaves to the compiler; where both see a problem the tolerant parser's is at the
/// token at fault, regorus's often at the next construct, with a message about it).
pub(crate) fn parse_diagnostics(source: &PolicySource, error: &str) -> Vec<Diagnostic> {
    let engine_error = error_diagnostic(&source.path, &source.text, "policy-parse", error);
    let lines = LineIndex::new(&source.text);
    let line = |r: &vigil_syntax::TextRange| lines.line_col(r.start).line;
    let mut out: Vec<Diagnostic> = vigil_rego::parse(&source.text, None)
        .errors
        .into_iter()
        .map(|e| Diagnostic::error(&source.path, e.range, "policy-parse", e.message))
        .collect();
    let engine_line = line(&engine_error.range);
    if !out.iter().any(|d| line(&d.range) == engine_line) {
        out.push(engine_error);
    }
    out.sort();
    out
}

/// The checks of the user's policy files (not the built-in packs', which their
/// tests hold to these): test files that do not parse; calls to undefined
/// functions, with the wrong number of arguments or literal arguments of the wrong
/// type; references to rules a package does not define; resolved across every source.
pub fn static_diagnostics(sources: &[PolicySource]) -> Vec<Diagnostic> {
    static_diagnostics_reusing(sources, &mut Indexes::default())
}

/// Each source's [`vigil_rego::index::FileIndex`] (and, for the user's files, the
/// tree it was read from, which the checks of references read) by a hash of its
/// text, kept between loads (the language server checks again on every policy edit:
/// reading the 80 files of the built-in packs took 14 ms).
#[derive(Default)]
pub struct Indexes {
    current: HashMap<u64, Arc<Indexed>>,
}

/// A file's index; its tree when the file is not the built-in packs'.
struct Indexed {
    index: FileIndex,
    tree: Option<vigil_rego::Tree>,
}

impl Indexes {
    /// The indexes of `sources`; those of texts no longer among them are dropped.
    fn of(&mut self, sources: &[&PolicySource]) -> Vec<Arc<Indexed>> {
        let mut before = std::mem::take(&mut self.current);
        sources
            .iter()
            .map(|s| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (&s.text, s.is_builtin()).hash(&mut h);
                let key = h.finish();
                let indexed =
                    before.remove(&key).or_else(|| self.current.get(&key).cloned()).unwrap_or_else(|| {
                        let tree = vigil_rego::parse(&s.text, None).tree;
                        let index =
                            tree.as_ref().map(|t| vigil_rego::index::index(t, &s.text)).unwrap_or_default();
                        Arc::new(Indexed { index, tree: tree.filter(|_| !s.is_builtin()) })
                    });
                self.current.insert(key, indexed.clone());
                indexed
            })
            .collect()
    }
}

/// [`static_diagnostics`], reusing the files' indexes kept in `indexes`.
pub(crate) fn static_diagnostics_reusing(sources: &[PolicySource], indexes: &mut Indexes) -> Vec<Diagnostic> {
    // Only a user's files are checked: with none, the built-in packs are not even
    // indexed (233 files: most of a cold `vigil check`'s policy loading).
    if sources.iter().all(PolicySource::is_builtin) {
        return Vec::new();
    }
    // The built-in files a user's file can reach: those whose package (or a prefix of
    // it, two names or more: `vigil.lib` of `vigil.lib.kubernetes`) it names. Indexing
    // all 233 took most of a `vigil check` with a team's policies.
    let user: Vec<&str> = sources.iter().filter(|s| !s.is_builtin()).map(|s| s.text.as_str()).collect();
    let named = |package: &str| {
        let parts: Vec<&str> = package.split('.').collect();
        (2..=parts.len()).any(|n| {
            let prefix = parts[..n].join(".");
            user.iter().any(|t| t.contains(&prefix))
        })
    };
    let sources: Vec<&PolicySource> = sources
        .iter()
        .filter(|s| !s.is_builtin() || crate::engine::package_of(&s.text).is_some_and(|(p, _)| named(&p)))
        .collect();
    let mut out = Vec::new();
    for source in sources.iter().filter(|s| s.is_test() && !s.is_builtin()) {
        let mut engine = new_engine(crate::DEFAULT_TIME_LIMIT);
        if let Err(e) = add_module(&mut engine, source) {
            out.extend(parse_diagnostics(source, &e));
        }
    }
    let indexes = indexes.of(&sources);
    let files: Vec<(&str, &FileIndex)> =
        sources.iter().zip(&indexes).map(|(s, i)| (s.path.as_str(), &i.index)).collect();
    let builtin: HashSet<&str> = sources.iter().filter(|s| s.is_builtin()).map(|s| s.path.as_str()).collect();
    let problems = vigil_rego::check::check_calls(&files, &builtin_arity, &|path| !builtin.contains(path));
    out.extend(problems.into_iter().map(|p| {
        let code = match p.kind {
            vigil_rego::check::ProblemKind::UndefinedFunction => UNDEFINED_FUNCTION,
            vigil_rego::check::ProblemKind::WrongArity => WRONG_ARITY,
            vigil_rego::check::ProblemKind::WrongType => WRONG_TYPE,
        };
        Diagnostic::error(p.file, p.range, code, p.message)
    }));
    // References to rules that do not exist, in the user's files.
    let all: Vec<&FileIndex> = indexes.iter().map(|i| &i.index).collect();
    for (source, indexed) in sources.iter().zip(&indexes) {
        let Some(tree) = &indexed.tree else { continue };
        let (path, text, index) = (&source.path, &source.text, &indexed.index);
        let file = vigil_rego::navigate::File { path, text, tree, index };
        out.extend(
            vigil_rego::navigate::undefined_rules(&file, &all)
                .into_iter()
                .map(|u| Diagnostic::warning(&source.path, u.range, UNDEFINED_RULE, u.message)),
        );
    }
    out
}

/// Whether regorus reads `text` (as Rego v1, else v0): how the editor's quick
/// fixes make sure an edit leaves a policy that parses.
pub fn parses(path: &str, text: &str) -> bool {
    let source = PolicySource { path: path.to_string(), text: text.to_string(), pack: "custom".into() };
    add_module(&mut new_engine(crate::DEFAULT_TIME_LIMIT), &source).is_ok()
}
