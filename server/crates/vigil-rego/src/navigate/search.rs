//! What the name under the cursor is, across the workspace's files, and where it is
//! defined and used: go to definition, find references, document highlights, and
//! the occurrences a rename edits.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use vigil_syntax::TextRange;

use super::analysis::{analyze, Analysis, NameKind};
use super::{File, Highlight, Location};
use crate::index::Path;

/// Every place the definition of the name at `offset` in the file `path` is: all the
/// heads of a rule or function (in every file of its package), the `package` lines
/// of a package (or of the packages below a path that only prefixes packages), the
/// declaration of a local variable.
pub fn definition(files: &[File<'_>], path: &str, offset: u32) -> Vec<Location> {
    let ws = Workspace::new(files);
    let Some(file) = ws.position(path) else { return Vec::new() };
    let Some(found) = ws.target_at(file, offset) else { return Vec::new() };
    let mut out: Vec<Location> =
        ws.definitions(&found.target).into_iter().map(|(f, range)| ws.location(f, range)).collect();
    sort_locations(&mut out);
    out
}

/// Every occurrence, in every file, of the rule, function or package at `offset`
/// (through unqualified names, import aliases and `data.` paths), or of the local
/// variable there within its rule. With `include_declaration`, the definitions too.
pub fn references(files: &[File<'_>], path: &str, offset: u32, include_declaration: bool) -> Vec<Location> {
    let ws = Workspace::new(files);
    let Some(file) = ws.position(path) else { return Vec::new() };
    let Some(found) = ws.target_at(file, offset) else { return Vec::new() };
    let mut out: Vec<Location> = ws
        .occurrences(&found.target, None)
        .into_iter()
        .filter(|o| include_declaration || !o.declaration)
        .map(|o| ws.location(o.file, o.range))
        .collect();
    sort_locations(&mut out);
    out
}

/// Every occurrence, in the file `path`, of the local variable or the rule at
/// `offset`; `write` where it is declared or defined. `files` is the workspace, so
/// that a rule of the package defined in another file is told from a variable.
pub fn document_highlights(files: &[File<'_>], path: &str, offset: u32) -> Vec<Highlight> {
    let ws = Workspace::new(files);
    let Some(file) = ws.position(path) else { return Vec::new() };
    let Some(found) = ws.target_at(file, offset) else { return Vec::new() };
    let mut out: Vec<Highlight> = ws
        .occurrences(&found.target, Some(file))
        .into_iter()
        .map(|o| Highlight { range: o.range, write: o.write })
        .collect();
    out.sort_by_key(|h| (h.range.start, h.range.end));
    out.dedup_by_key(|h| h.range);
    out
}

fn sort_locations(locations: &mut Vec<Location>) {
    locations
        .sort_by(|a, b| (&a.path, a.range.start, a.range.end).cmp(&(&b.path, b.range.start, b.range.end)));
    locations.dedup();
}

/// What a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A local variable: its file and its index in that file's analysis.
    Local { file: usize, var: usize },
    /// A rule or function, by its absolute path below `data` (or a prefix of the
    /// paths of rules with dotted names, `a` of `a.b := 1`).
    Rule(Path),
    /// A package, or a prefix of packages' paths.
    Package(Path),
}

/// The target under the cursor and the name there.
pub(crate) struct Found {
    pub target: Target,
    pub range: TextRange,
}

/// One occurrence of a target.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Occurrence {
    pub file: usize,
    pub range: TextRange,
    /// A definition: a rule head, a `package` line, a variable's declaration.
    pub declaration: bool,
    /// A definition or an assignment.
    pub write: bool,
    /// Whether the text there is the name (not an alias bound by `as`).
    pub renamable: bool,
    /// An unqualified use of a rule (`f(x)`): a local of the same name would capture it.
    pub bare: bool,
    /// The rule it is written in, an index in its file's [`Analysis::rules`].
    pub rule: Option<usize>,
}

/// The files, with each one's analysis made when first needed.
pub(crate) struct Workspace<'w, 'a> {
    pub files: &'w [File<'a>],
    /// Each package's rules, by the first part of their names.
    package_rules: HashMap<Path, HashSet<String>>,
    analyses: Vec<OnceCell<Analysis>>,
}

impl<'w, 'a> Workspace<'w, 'a> {
    pub fn new(files: &'w [File<'a>]) -> Self {
        let mut package_rules: HashMap<Path, HashSet<String>> = HashMap::new();
        for file in files {
            let package = file.index.package.as_ref().map(|(p, _)| p.clone()).unwrap_or_default();
            package_rules
                .entry(package)
                .or_default()
                .extend(file.index.rules.iter().filter_map(|r| r.name.first().cloned()));
        }
        Workspace { files, package_rules, analyses: files.iter().map(|_| OnceCell::new()).collect() }
    }

    pub fn position(&self, path: &str) -> Option<usize> {
        self.files.iter().position(|f| f.path == path)
    }

    pub fn package_of(&self, file: usize) -> &[String] {
        self.files.get(file).and_then(|f| f.index.package.as_ref()).map_or(&[], |(p, _)| p.as_slice())
    }

    /// Whether `name` is a rule of `package` in any file.
    pub fn is_package_rule(&self, package: &[String], name: &str) -> bool {
        self.package_rules.get(package).is_some_and(|r| r.contains(name))
    }

    pub fn analysis(&self, file: usize) -> &Analysis {
        self.analyses[file].get_or_init(|| {
            let f = &self.files[file];
            let rules = self.package_rules.get(self.package_of(file));
            analyze(f.tree, f.text, f.index, &|name| rules.is_some_and(|r| r.contains(name)))
        })
    }

    pub fn location(&self, file: usize, range: TextRange) -> Location {
        Location { path: self.files[file].path.to_string(), range }
    }

    pub fn target_at(&self, file: usize, offset: u32) -> Option<Found> {
        let text_len = u32::try_from(self.files.get(file)?.text.len()).unwrap_or(u32::MAX);
        let offset = offset.min(text_len);
        let analysis = self.analysis(file);
        if let Some(occ) = analysis.local_at(offset) {
            return Some(Found { target: Target::Local { file, var: occ.var }, range: occ.range });
        }
        let (name, part) = analysis.name_at(offset)?;
        let range = name.spans.get(part).copied().flatten()?.range;
        let path = name.path.get(..=part)?;
        Some(Found { target: self.classify(path, name.kind), range })
    }

    /// A path is a rule when some file defines a rule there (or below, for a rule with
    /// a dotted name), else a package when some file's package is there or below;
    /// a path that names neither keeps the kind of where it is written.
    fn classify(&self, path: &[String], kind: NameKind) -> Target {
        let is_package = matches!(kind, NameKind::Package | NameKind::Import)
            || self.files.iter().any(|f| f.index.package.as_ref().is_some_and(|(p, _)| p.starts_with(path)));
        if !self.has_rule(path) && is_package {
            Target::Package(path.to_vec())
        } else {
            Target::Rule(path.to_vec())
        }
    }

    /// Whether a rule is defined at `path` or below it (within a dotted rule name).
    pub fn has_rule(&self, path: &[String]) -> bool {
        self.files.iter().any(|f| {
            let package = f.index.package.as_ref().map_or(&[][..], |(p, _)| p.as_slice());
            package.len() < path.len()
                && path.starts_with(package)
                && f.index.rules.iter().any(|r| r.name.starts_with(&path[package.len()..]))
        })
    }

    /// Where a target is defined: for a rule, its heads at `path` (else, for a
    /// prefix of dotted names, the heads below it).
    pub fn definitions(&self, target: &Target) -> Vec<(usize, TextRange)> {
        match target {
            Target::Local { file, var } => {
                self.analysis(*file).vars.get(*var).map(|v| vec![(*file, v.decl)]).unwrap_or_default()
            }
            Target::Rule(path) if path.is_empty() => Vec::new(),
            Target::Rule(path) => {
                let mut exact = Vec::new();
                let mut below = Vec::new();
                for file in 0..self.files.len() {
                    let package = self.package_of(file);
                    if package.len() >= path.len() || !path.starts_with(package) {
                        continue;
                    }
                    for name in &self.analysis(file).names {
                        if name.kind != NameKind::RuleHead || !name.path.starts_with(path) {
                            continue;
                        }
                        if let Some(span) = name.spans.get(path.len() - 1).copied().flatten() {
                            let list = if name.path.len() == path.len() { &mut exact } else { &mut below };
                            list.push((file, span.range));
                        }
                    }
                }
                if exact.is_empty() {
                    below
                } else {
                    exact
                }
            }
            Target::Package(path) => {
                let lines = |exact: bool| -> Vec<(usize, TextRange)> {
                    self.files
                        .iter()
                        .enumerate()
                        .filter_map(|(i, f)| {
                            let (package, range) = f.index.package.as_ref()?;
                            let hit = if exact { package == path } else { package.starts_with(path) };
                            hit.then_some((i, *range))
                        })
                        .collect()
                };
                let exact = lines(true);
                if exact.is_empty() {
                    lines(false)
                } else {
                    exact
                }
            }
        }
    }

    /// Every occurrence of a target, in `only` or in every file.
    pub fn occurrences(&self, target: &Target, only: Option<usize>) -> Vec<Occurrence> {
        let mut out = Vec::new();
        match target {
            Target::Local { file, var } => {
                if only.is_some_and(|o| o != *file) {
                    return out;
                }
                let analysis = self.analysis(*file);
                let decl = analysis.vars.get(*var).map(|v| (v.decl, v.rule));
                for occ in analysis.locals.iter().filter(|o| o.var == *var) {
                    out.push(Occurrence {
                        file: *file,
                        range: occ.range,
                        declaration: decl.is_some_and(|(d, _)| d == occ.range),
                        write: occ.write,
                        renamable: true,
                        bare: false,
                        rule: decl.map(|(_, r)| r),
                    });
                }
            }
            Target::Rule(path) | Target::Package(path) if path.is_empty() => {}
            Target::Rule(path) | Target::Package(path) => {
                let declaring =
                    if matches!(target, Target::Rule(_)) { NameKind::RuleHead } else { NameKind::Package };
                let files = match only {
                    Some(f) => f..f + 1,
                    None => 0..self.files.len(),
                };
                for file in files {
                    for name in &self.analysis(file).names {
                        if !name.path.starts_with(path) {
                            continue;
                        }
                        let Some(span) = name.spans.get(path.len() - 1).copied().flatten() else { continue };
                        let declaration = name.kind == declaring;
                        out.push(Occurrence {
                            file,
                            range: span.range,
                            declaration,
                            write: declaration,
                            renamable: span.renamable,
                            bare: name.bare == Some(path.len() - 1),
                            rule: name.rule,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|o| (o.file, o.range.start, o.range.end));
        out.dedup_by_key(|o| (o.file, o.range));
        out
    }
}
