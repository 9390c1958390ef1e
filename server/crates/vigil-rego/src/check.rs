//! Checks across the workspace's policy files that the policy engine makes only when
//! a rule runs: a call to a function no file defines and no built-in provides, or
//! with the wrong number of arguments, is an error at the call, at edit time,
//! whether or not a resource ever reaches the rule (the engine reports it only
//! then, on the `package` line).

use std::collections::{HashMap, HashSet};

use vigil_syntax::TextRange;

use crate::index::FileIndex;

/// A problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub range: TextRange,
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A call to a function that no file defines and no built-in provides.
    UndefinedFunction,
    /// A call with more or fewer arguments than the function takes (regorus
    /// refuses the call when it runs).
    WrongArity,
    /// A literal argument of a type the built-in does not take (`startswith(x, 1)`):
    /// regorus fails the rule when it runs.
    WrongType,
}

/// Whether a call of a built-in with that many arguments fits: `Ok`, or `Err`
/// with the number of parameters it takes.
pub type BuiltinArity = Result<(), usize>;

/// Every call, in the files `report` selects, to a function that is neither a
/// built-in (`builtin` says, for a dotted name and a number of arguments, whether
/// the call fits; `None` for a name that is no built-in) nor defined by a rule of `files` (all the policy files
/// the engine loads, so that names resolve across them), and every call with the
/// wrong number of arguments.
pub fn check_calls(
    files: &[(&str, &FileIndex)],
    builtin: &dyn Fn(&str, usize) -> Option<BuiltinArity>,
    report: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    // Each rule's parameter counts (`None` for a rule that is not a function).
    let mut defined: HashMap<String, Vec<Option<usize>>> = HashMap::new();
    let mut packages: HashSet<String> = HashSet::new();
    for (_, index) in files {
        let Some((package, _)) = &index.package else { continue };
        let package = package.join(".");
        for rule in &index.rules {
            defined.entry(format!("{package}.{}", rule.name.join("."))).or_default().push(rule.params);
        }
        packages.insert(package);
    }
    let mut problems = Vec::new();
    for (file, index) in files.iter().filter(|(f, _)| report(f)) {
        let package = index.package.as_ref().map(|(p, _)| p.join(".")).unwrap_or_default();
        let mut problem = |range: TextRange, kind, message| {
            problems.push(Problem { file: file.to_string(), range, kind, message })
        };
        for call in &index.calls {
            let name = call.function.join(".");
            if let Some(fits) = builtin(&name, call.arguments) {
                if let Err(n) = fits {
                    problem(call.range, ProblemKind::WrongArity, arity_message(&name, n, call.arguments));
                }
                for (message, range) in literal_types(&name, call) {
                    problem(range, ProblemKind::WrongType, message);
                }
                continue;
            }
            let Some(absolute) = resolve(&call.function, &package, index) else {
                // `strings.any_prefix_mach(...)`: a built-in namespace, no such built-in.
                let namespace = &call.function[0];
                if call.function.len() > 1 && BUILTIN_NAMESPACES.contains(&namespace.as_str()) {
                    problem(
                        call.range,
                        ProblemKind::UndefinedFunction,
                        format!("undefined function `{name}`: `{namespace}` has no built-in of that name"),
                    );
                }
                continue;
            };
            if let Some(definitions) = defined.get(&absolute) {
                // Definitions that disagree are the compiler's to report.
                let params: HashSet<Option<usize>> = definitions.iter().copied().collect();
                if let [Some(n)] = params.into_iter().collect::<Vec<_>>()[..] {
                    if n != call.arguments {
                        problem(call.range, ProblemKind::WrongArity, arity_message(&name, n, call.arguments));
                    }
                }
                continue;
            }
            let message = if call.function.len() == 1 {
                format!("undefined function `{name}`: no built-in and no rule of package `{package}` has that name")
            } else {
                let owner = packages
                    .iter()
                    .filter(|p| absolute.starts_with(&format!("{p}.")))
                    .max_by_key(|p| p.len());
                match owner {
                    Some(p) => format!(
                        "undefined function `{name}`: package `{p}` has no rule `{}`",
                        &absolute[p.len() + 1..]
                    ),
                    None => format!(
                        "undefined function `{name}`: no loaded policy file declares `data.{absolute}`"
                    ),
                }
            };
            problem(call.range, ProblemKind::UndefinedFunction, message);
        }
    }
    problems
}

/// The literal arguments of a call of a built-in whose type its parameter does not
/// take, with a message and the argument's range.
fn literal_types(name: &str, call: &crate::index::Call) -> Vec<(String, TextRange)> {
    let Some(builtin) = crate::builtins::lookup(name) else { return vec![] };
    if builtin.variadic {
        return vec![];
    }
    let ordinal = |i: usize| match i {
        0 => "1st".to_string(),
        1 => "2nd".to_string(),
        2 => "3rd".to_string(),
        n => format!("{}th", n + 1),
    };
    call.literals
        .iter()
        .zip(builtin.params)
        .enumerate()
        .filter_map(|(i, (literal, param))| {
            let (kind, range) = (*literal)?;
            (!takes(param.ty, kind)).then(|| {
                let message = format!(
                    "`{name}` takes {} as its {} argument (`{}`), not {} {kind}",
                    param.ty,
                    ordinal(i),
                    param.name,
                    if kind.starts_with(['a', 'o']) { "an" } else { "a" }
                );
                (message, range)
            })
        })
        .collect()
}

/// Whether a value of the type `kind` fits the parameter type `ty` (OPA's notation:
/// `string`, `array[string]`, `any<string, set[string]>`, `object[string: any]`);
/// a type Vigil cannot read fits.
fn takes(ty: &str, kind: &str) -> bool {
    let ty = ty.trim();
    if ty == "any" {
        return true;
    }
    if let Some(alternatives) = ty.strip_prefix("any<").and_then(|t| t.strip_suffix('>')) {
        // The alternatives, split at the commas outside brackets.
        let mut depth = 0usize;
        let mut start = 0;
        let mut parts = Vec::new();
        for (i, c) in alternatives.char_indices() {
            match c {
                '<' | '[' => depth += 1,
                '>' | ']' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    parts.push(&alternatives[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&alternatives[start..]);
        return parts.iter().any(|p| takes(p, kind));
    }
    let base = ty.split(['[', '<']).next().unwrap_or(ty);
    match base {
        "string" | "number" | "boolean" | "null" | "array" | "set" | "object" => base == kind,
        _ => true,
    }
}

fn arity_message(name: &str, takes: usize, given: usize) -> String {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    format!("`{name}` takes {takes} {}, not {given}", plural(takes))
}

/// The path below `data` that a call's function names, seen from a file of
/// `package`: `f` is the package's own, `data.x.f` is absolute, `lib.f` goes
/// through `import data.vigil.lib`. `None` when it names nothing in `data` (a
/// name Vigil cannot place: the call is not checked).
fn resolve(function: &[String], package: &str, index: &FileIndex) -> Option<String> {
    let (first, rest) = function.split_first()?;
    if first == "data" {
        return (!rest.is_empty()).then(|| rest.join("."));
    }
    if let Some(import) = index.imports.iter().find(|i| i.alias == *first) {
        let (root, below) = import.path.split_first()?;
        if root != "data" {
            return None;
        }
        let mut path: Vec<&str> = below.iter().map(String::as_str).collect();
        path.extend(rest.iter().map(String::as_str));
        return Some(path.join("."));
    }
    if rest.is_empty() {
        return Some(format!("{package}.{first}"));
    }
    // A dotted name whose head is neither `data` nor an import: a built-in namespace
    // (or a rule of the package, whose value cannot be called).
    None
}

/// The namespaces of OPA's built-in functions (`strings.replace_n`, `time.now_ns`).
const BUILTIN_NAMESPACES: &[&str] = &[
    "array",
    "base64",
    "base64url",
    "bits",
    "crypto",
    "glob",
    "graph",
    "graphql",
    "hex",
    "http",
    "io",
    "json",
    "net",
    "numbers",
    "object",
    "opa",
    "providers",
    "rand",
    "regex",
    "rego",
    "semver",
    "strings",
    "time",
    "units",
    "urlquery",
    "uuid",
    "yaml",
];
