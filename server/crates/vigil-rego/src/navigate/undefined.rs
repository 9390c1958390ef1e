//! References to rules that do not exist: `lib.is_publc` (not called) where
//! `import data.vigil.lib` names a package that has no rule `is_publc`, or
//! `data.acme.names.alowed`. Regorus reads such a reference as undefined, silently:
//! the rule using it never holds and the policy never fires. Only a path that goes
//! into a package some file declares is checked (`data.vigil.stack`, data no policy
//! defines and `with` targets, which may mock any document, are not); calls are
//! `crate::check`'s.

use std::collections::{HashMap, HashSet};

use vigil_syntax::TextRange;

use super::analysis::{analyze, NameKind};
use super::File;
use crate::index::FileIndex;

/// A reference to a rule a package does not define: where its missing part is
/// written, and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undefined {
    pub range: TextRange,
    pub message: String,
}

/// Every reference of `file` into a package of `all` (every policy file's index,
/// `file`'s included) that names neither a rule nor a package below it.
pub fn undefined_rules(file: &File<'_>, all: &[&FileIndex]) -> Vec<Undefined> {
    // Package → the first parts of its rules' names; every package path and prefix.
    let mut rules: HashMap<String, HashSet<&str>> = HashMap::new();
    let mut prefixes: HashSet<String> = HashSet::new();
    for index in all {
        let Some((package, _)) = &index.package else { continue };
        let name = package.join(".");
        for i in 1..package.len() {
            prefixes.insert(package[..i].join("."));
        }
        rules
            .entry(name)
            .or_default()
            .extend(index.rules.iter().filter_map(|r| r.name.first().map(String::as_str)));
    }
    let own_package = file.index.package.as_ref().map(|(p, _)| p.join(".")).unwrap_or_default();
    let is_package_rule = |name: &str| rules.get(&own_package).is_some_and(|r| r.contains(name));
    let analysis = analyze(file.tree, file.text, file.index, &is_package_rule);
    let mut out = Vec::new();
    for name in analysis.names.iter().filter(|n| n.kind == NameKind::Use) {
        // The longest package the path goes into.
        let Some(depth) = (1..name.path.len()).rev().find(|i| rules.contains_key(&name.path[..*i].join(".")))
        else {
            continue;
        };
        let package = name.path[..depth].join(".");
        let next = &name.path[depth];
        let below = format!("{package}.{next}");
        if rules.get(&package).is_some_and(|r| r.contains(next.as_str()))
            || prefixes.contains(&below)
            || rules.contains_key(&below)
        {
            continue;
        }
        let Some(Some(span)) = name.spans.get(depth) else { continue };
        let start = span.range.start as usize;
        let end =
            name.spans.iter().rev().find_map(|s| s.as_ref()).map_or(span.range.end, |s| s.range.end) as usize;
        // A call is `check`'s; a `with` target may mock anything.
        let first = name.spans.iter().find_map(|s| s.as_ref()).map_or(start, |s| s.range.start as usize);
        let after = file.text.get(end..).unwrap_or_default().trim_start();
        let before = file.text.get(..first).unwrap_or_default();
        let before = before.strip_suffix("data.").unwrap_or(before).trim_end();
        if after.starts_with('(') || before.ends_with("with") {
            continue;
        }
        out.push(Undefined {
            range: span.range,
            message: format!("undefined rule `{next}`: package `{package}` has no rule of that name (the reference is always undefined)"),
        });
    }
    out
}
