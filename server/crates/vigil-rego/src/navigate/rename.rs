//! Renaming a rule, a function or a local variable, everywhere it is used, or
//! saying why not. A rename that would change what a policy means (a new name that
//! a local would capture, or that another rule already has) is refused rather than
//! written: the user then picks another name, which is cheaper than a silent bug.

use std::collections::HashSet;

use vigil_syntax::{LineIndex, TextRange};

use super::search::{Found, Occurrence, Target, Workspace};
use super::{Edit, File};

/// Rules Vigil reads by name: renaming one makes the policy stop reporting (or stop
/// offering its fix), and naming a helper so makes it report.
pub const CONTRACT_RULES: &[&str] = &["deny", "warn", "fix"];

/// The start of the paths of the built-in packs' files (`vigil_policy::BUILTIN_PREFIX`,
/// which this crate cannot name): they are not the user's to edit.
pub const READ_ONLY_PREFIX: &str = "builtin:";

/// Rego's keywords and literals: never a name.
const KEYWORDS: &[&str] = &[
    "package", "import", "as", "default", "if", "else", "contains", "some", "every", "in", "with", "not",
    "true", "false", "null",
];

/// The name under the cursor if it can be renamed (the range a client pre-selects),
/// else why not. `is_builtin` tells built-in functions by their dotted names.
pub fn prepare_rename(
    files: &[File<'_>],
    path: &str,
    offset: u32,
    is_builtin: &dyn Fn(&str) -> bool,
) -> Result<TextRange, String> {
    let ws = Workspace::new(files);
    plan(&ws, path, offset, is_builtin).map(|p| p.found.range)
}

/// The edits that rename the rule, function or local variable at `offset` to
/// `new_name`: every definition and use of a rule across the files (through an
/// alias only the rule's own part changes), every occurrence of a variable within
/// its rule. Refused, with the reason, for built-ins, keywords, packages, rules Vigil
/// reads by name, names defined in the built-in packs, names that are not
/// identifiers, and names that would clash with a rule or capture a use.
pub fn rename(
    files: &[File<'_>],
    path: &str,
    offset: u32,
    new_name: &str,
    is_builtin: &dyn Fn(&str) -> bool,
) -> Result<Vec<Edit>, String> {
    let ws = Workspace::new(files);
    let plan = plan(&ws, path, offset, is_builtin)?;
    check_new_name(new_name, is_builtin)?;
    if new_name == plan.old_name {
        return Ok(Vec::new());
    }
    match &plan.found.target {
        Target::Local { file, var } => check_local(&ws, *file, *var, new_name)?,
        Target::Rule(rule) => check_rule(&ws, rule, &plan.occurrences, new_name)?,
        Target::Package(_) => {}
    }
    let mut edits: Vec<Edit> = plan
        .occurrences
        .iter()
        .filter(|o| o.renamable)
        .map(|o| Edit {
            path: ws.files[o.file].path.to_string(),
            range: o.range,
            new_text: new_name.to_string(),
        })
        .collect();
    edits.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
    edits.dedup_by(|a, b| a.path == b.path && a.range == b.range);
    Ok(edits)
}

struct Plan {
    found: Found,
    old_name: String,
    occurrences: Vec<Occurrence>,
}

/// What would be renamed, or why nothing can be.
fn plan(
    ws: &Workspace<'_, '_>,
    path: &str,
    offset: u32,
    is_builtin: &dyn Fn(&str) -> bool,
) -> Result<Plan, String> {
    let file =
        ws.position(path).ok_or_else(|| format!("`{path}` is not one of the workspace's policy files"))?;
    let Some(found) = ws.target_at(file, offset) else {
        return Err(nothing_here(&ws.files[file], offset, is_builtin));
    };
    let text = ws.files[file].text;
    let old_name = text.get(found.range.as_usize()).unwrap_or_default().to_string();
    match &found.target {
        Target::Package(package) => {
            return Err(format!(
                "`data.{}` is a package: rename it by editing the `package` line of its files and the imports that name it",
                package.join(".")
            ));
        }
        Target::Rule(rule) => {
            let definitions = ws.definitions(&found.target);
            let Some(&(def_file, _)) = definitions.first() else {
                let name = rule.get(ws.package_of(file).len()..).map(|p| p.join(".")).unwrap_or_default();
                if is_builtin(&name) || is_builtin(&old_name) {
                    return Err(format!("`{old_name}` is a built-in function: it cannot be renamed"));
                }
                return Err(format!(
                    "no policy file defines `data.{}`: there is nothing to rename (is the file that defines it open in the workspace?)",
                    rule.join(".")
                ));
            };
            let depth = rule.len() - ws.package_of(def_file).len();
            if depth == 1 && CONTRACT_RULES.contains(&old_name.as_str()) {
                return Err(format!(
                    "`{old_name}` is part of Vigil's policy contract (Vigil reads the rules {} by name): renamed, the policy would stop reporting",
                    contract_list()
                ));
            }
        }
        Target::Local { .. } => {}
    }
    let occurrences = ws.occurrences(&found.target, None);
    if let Some(o) = occurrences.iter().find(|o| ws.files[o.file].path.starts_with(READ_ONLY_PREFIX)) {
        return Err(format!(
            "`{old_name}` is defined or used in {}, a file of Vigil's built-in policies, which cannot be edited",
            ws.files[o.file].path
        ));
    }
    if !occurrences.iter().any(|o| o.renamable && o.range == found.range) {
        return Err(format!(
            "`{old_name}` here is an alias bound by `import ... as`: rename the import's alias instead"
        ));
    }
    Ok(Plan { found, old_name, occurrences })
}

/// Why there is nothing to rename at `offset`.
fn nothing_here(file: &File<'_>, offset: u32, is_builtin: &dyn Fn(&str) -> bool) -> String {
    let generic = "there is no rule, function or variable here to rename".to_string();
    let root = file.tree.root_node();
    let at = (offset as usize).min(file.text.len());
    let Some(leaf) = root.descendant_for_byte_range(at, at) else { return generic };
    let leaf_text = file.text.get(leaf.start_byte()..leaf.end_byte()).unwrap_or_default();
    if KEYWORDS.contains(&leaf_text) {
        return format!(
            "`{leaf_text}` is a keyword of Rego: only rules, functions and variables can be renamed"
        );
    }
    if leaf.kind() == "var" {
        if leaf_text == "input" || leaf_text == "data" {
            return format!("`{leaf_text}` is a document Rego provides: it cannot be renamed");
        }
        if leaf_text == "_" {
            return "`_` is the wildcard: each `_` is a variable of its own, without a name".to_string();
        }
        // `strings.replace_n`: the name of the call around the cursor.
        let called = leaf
            .parent()
            .filter(|p| p.kind() == "ref_dot")
            .and_then(|p| p.parent())
            .or_else(|| leaf.parent().filter(|p| p.kind() == "ref"))
            .map(|r| file.text.get(r.start_byte()..r.end_byte()).unwrap_or_default());
        if is_builtin(leaf_text) || called.is_some_and(is_builtin) {
            return format!("`{}` is a built-in function: it cannot be renamed", called.unwrap_or(leaf_text));
        }
        if leaf.parent().is_some_and(|p| p.kind() == "ref_dot") {
            return format!("`{leaf_text}` is a field of a value, not a name Vigil can rename");
        }
    }
    generic
}

fn contract_list() -> String {
    CONTRACT_RULES.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
}

/// The new name must be a name Rego reads as a plain identifier.
fn check_new_name(new_name: &str, is_builtin: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let mut chars = new_name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "`{new_name}` is not a Rego name: use letters, digits and `_`, not starting with a digit"
        ));
    }
    if new_name == "_" {
        return Err("`_` is the wildcard, not a name".to_string());
    }
    if KEYWORDS.contains(&new_name) {
        return Err(format!("`{new_name}` is a keyword of Rego"));
    }
    if new_name == "input" || new_name == "data" {
        return Err(format!(
            "`{new_name}` is a document Rego provides: a rule or variable named so would hide it"
        ));
    }
    if is_builtin(new_name) {
        return Err(format!(
            "`{new_name}` is a built-in function: a rule or variable named so would hide it"
        ));
    }
    Ok(())
}

fn check_local(ws: &Workspace<'_, '_>, file: usize, var: usize, new_name: &str) -> Result<(), String> {
    let analysis = ws.analysis(file);
    let Some(v) = analysis.vars.get(var) else { return Ok(()) };
    if let Some(other) = analysis.vars_named(v.rule, new_name).next() {
        return Err(format!(
            "the rule already has a variable `{new_name}` ({}): the two would become one",
            place(ws, file, other.decl)
        ));
    }
    let package = ws.package_of(file);
    if analysis.bindings.iter().any(|b| b.alias == new_name) {
        return Err(format!("`{new_name}` is an import alias of this file: the variable would hide it"));
    }
    if ws.is_package_rule(package, new_name) {
        return Err(format!(
            "package `{}` has a rule `{new_name}`: the variable would hide it (or, unified, become it)",
            package.join(".")
        ));
    }
    Ok(())
}

fn check_rule(
    ws: &Workspace<'_, '_>,
    rule: &[String],
    occurrences: &[Occurrence],
    new_name: &str,
) -> Result<(), String> {
    let Some((_, parent)) = rule.split_last() else { return Ok(()) };
    let mut renamed = parent.to_vec();
    renamed.push(new_name.to_string());
    if ws.has_rule(&renamed) {
        return Err(format!("`data.{}` is already defined: the rules would merge", renamed.join(".")));
    }
    if ws.files.iter().any(|f| f.index.package.as_ref().is_some_and(|(p, _)| p.starts_with(&renamed))) {
        return Err(format!("`data.{}` is a package: the rule would clash with it", renamed.join(".")));
    }
    let definitions = ws.definitions(&Target::Rule(rule.to_vec()));
    let top_level = definitions.iter().any(|&(f, _)| ws.package_of(f).len() + 1 == rule.len());
    if top_level && CONTRACT_RULES.contains(&new_name) {
        return Err(format!(
            "`{new_name}` is part of Vigil's policy contract (Vigil reads the rules {} by name): a rule of that name would report",
            contract_list()
        ));
    }
    // A use written unqualified becomes the new name in the rule it is in, where a
    // local or an import of that name would capture it.
    let mut checked: HashSet<(usize, Option<usize>)> = HashSet::new();
    for o in occurrences.iter().filter(|o| o.renamable && (o.bare || o.declaration)) {
        if !checked.insert((o.file, o.rule)) {
            continue;
        }
        let analysis = ws.analysis(o.file);
        if analysis.bindings.iter().any(|b| b.alias == new_name) {
            return Err(format!(
                "`{new_name}` is an import alias in {}, where the rule is named unqualified: the alias would hide it",
                ws.files[o.file].path
            ));
        }
        let local = o.rule.filter(|_| o.bare).and_then(|r| analysis.vars_named(r, new_name).next());
        if let Some(var) = local {
            return Err(format!(
                "the rule at {} has a variable `{new_name}`, which would capture the renamed use there",
                place(ws, o.file, var.decl)
            ));
        }
    }
    Ok(())
}

/// `path:line:column` (1-based, in characters) of an offset, for messages.
fn place(ws: &Workspace<'_, '_>, file: usize, range: TextRange) -> String {
    let f = &ws.files[file];
    let index = LineIndex::new(f.text);
    let line = index.line_col(range.start).line + 1;
    let column = index.char_col(range.start, f.text) + 1;
    format!("{}:{line}:{column}", f.path)
}
