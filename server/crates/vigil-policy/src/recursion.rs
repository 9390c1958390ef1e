//! Recursion between functions of a module, found before regorus sees it.
//!
//! Rego forbids recursion (OPA rejects it as `rego_recursion_error`). regorus 0.14
//! detects a rule that depends on itself while evaluating, but not a function that
//! calls itself: its interpreter recurses until the thread's stack overflows, which
//! aborts the whole process (`vigil check`, `vigil test`, the language server). So
//! a module whose functions call each other in a cycle is refused when it is added,
//! with the call that closes the cycle as the error's place.
//!
//! The module is read lexically, as formatted Rego is written: a rule or function
//! head starts at column 0 and its bodies run to the next head. Only calls of the
//! module's own functions by name (`f(x)`, or `data.<package>.f(x)`) are followed, so
//! a cycle through another module or an import alias is left to regorus; nothing
//! that is not a call can make a false cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

/// One definition of a function: its name and where its text (head and bodies) is.
struct Definition {
    name: String,
    range: std::ops::Range<usize>,
    /// Where the head's name is, from the range's start.
    name_at: usize,
}

/// A regorus-style error (`error: ...` then `--> path:line:col`) for the first
/// cycle of function calls in `text`, at the call that closes it; `None` without one.
pub(crate) fn recursion_error(path: &str, text: &str) -> Option<String> {
    let code = crate::engine::code_only(text);
    let definitions = definitions(&code);
    let functions: BTreeSet<&str> = definitions.iter().map(|d| d.name.as_str()).collect();
    if functions.is_empty() {
        return None;
    }
    let package = crate::engine::package_of(text).map(|(p, _)| p).unwrap_or_default();
    // Calls of the module's functions: caller -> [(callee, offset of the call)].
    let mut calls: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for d in &definitions {
        let body = &code[d.range.clone()];
        for (callee, at) in called_names(body, &package) {
            // The head's own name is the definition, not a call.
            if at == d.name_at {
                continue;
            }
            if let Some(&callee) = functions.get(callee) {
                calls.entry(d.name.as_str()).or_default().push((callee, d.range.start + at));
            }
        }
    }
    let (cycle, at) = first_cycle(&functions, &calls)?;
    let before = text.get(..at)?;
    let line = before.matches('\n').count() + 1;
    // Columns as regorus counts them (a tab is four), which error locations use.
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column =
        1 + before[line_start..].chars().map(|c| if c == '\t' { 4 } else { c.len_utf8() }).sum::<usize>();
    let path_text = cycle.join(" → ");
    Some(format!(
        "error: recursion: {path_text}: Rego does not allow a function to call itself, directly or \
         through others (OPA's rego_recursion_error), and evaluating it would exhaust the stack\n \
         --> {path}:{line}:{column}\n"
    ))
}

/// The functions defined in `code` (comments and strings blanked): heads at column 0
/// with an argument list, each up to the next head.
fn definitions(code: &str) -> Vec<Definition> {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    let head = HEAD.get_or_init(|| {
        Regex::new(r"(?m)^(?:default\s+)?([A-Za-z_][A-Za-z0-9_]*)(\s*\()?").expect("valid regex")
    });
    let mut heads: Vec<(usize, Option<(String, usize)>)> = Vec::new();
    for caps in head.captures_iter(code) {
        let (Some(all), Some(name)) = (caps.get(0), caps.get(1)) else { continue };
        if matches!(name.as_str(), "package" | "import" | "else") {
            continue;
        }
        heads.push((
            all.start(),
            caps.get(2).map(|_| (name.as_str().to_string(), name.start() - all.start())),
        ));
    }
    let mut out = Vec::new();
    for (i, (start, name)) in heads.iter().enumerate() {
        let end = heads.get(i + 1).map_or(code.len(), |(next, _)| *next);
        if let Some((name, name_at)) = name {
            out.push(Definition { name: name.clone(), range: *start..end, name_at: *name_at });
        }
    }
    out
}

/// The names called in `body` (`f(` or `data.<package>.f(`), with their offsets.
fn called_names<'b>(body: &'b str, package: &str) -> Vec<(&'b str, usize)> {
    static CALL: OnceLock<Regex> = OnceLock::new();
    let call = CALL.get_or_init(|| {
        Regex::new(r"(^|[^A-Za-z0-9_.])((?:data\.[A-Za-z0-9_.]+\.)?[A-Za-z_][A-Za-z0-9_]*)\s*\(")
            .expect("valid regex")
    });
    call.captures_iter(body)
        .filter_map(|caps| {
            let whole = caps.get(2)?;
            let name = whole.as_str();
            let name = match name.strip_prefix("data.") {
                Some(rest) => rest.strip_prefix(package)?.strip_prefix('.')?,
                None => name,
            };
            (!name.contains('.')).then_some((name, whole.start()))
        })
        .collect()
}

/// The first cycle of calls (in name order, for stable errors) as the names along
/// it (the first again at the end), and the offset of the call that closes it.
fn first_cycle<'a>(
    functions: &BTreeSet<&'a str>,
    calls: &BTreeMap<&'a str, Vec<(&'a str, usize)>>,
) -> Option<(Vec<&'a str>, usize)> {
    // Iterative depth-first search: state 1 = on the path, 2 = done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for &root in functions {
        if state.contains_key(root) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(root, 0)];
        state.insert(root, 1);
        while let Some(&(node, next)) = path.last() {
            let edges = calls.get(node).map(Vec::as_slice).unwrap_or_default();
            let Some(&(callee, at)) = edges.get(next) else {
                state.insert(node, 2);
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match state.get(callee) {
                Some(1) => {
                    let from = path.iter().position(|(n, _)| *n == callee).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    cycle.push(callee);
                    return Some((cycle, at));
                }
                Some(_) => {}
                None => {
                    state.insert(callee, 1);
                    path.push((callee, 0));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::recursion_error;

    fn module(body: &str) -> String {
        format!("package t.p\n\nimport rego.v1\n\n{body}\n")
    }

    #[test]
    fn a_function_calling_itself_is_found_at_the_call() {
        let text = module("f(x) := y if {\n\ty := f(x + 1)\n}\n\ndeny contains \"r\" if f(1) > 0");
        let error = recursion_error("p.rego", &text).unwrap();
        assert!(error.contains("recursion: f → f"), "{error}");
        assert!(error.contains("--> p.rego:6:10"), "{error}");
    }

    #[test]
    fn cycles_through_other_functions_and_full_references_are_found() {
        let text = module(
            "a(x) := b(x)\n\nb(x) := c(x) if x > 0\n\nb(x) := 0 if x <= 0\n\nc(x) := data.t.p.a(x - 1)",
        );
        let error = recursion_error("p.rego", &text).unwrap();
        assert!(error.contains("recursion: a → b → c → a"), "{error}");
        assert!(error.contains("--> p.rego:11:9"), "{error}");
    }

    /// Names that are not calls of the module's own functions make no cycle: a rule
    /// read by name, a builtin, a function of another package, calls in comments
    /// and strings, a function whose name a variable or object key repeats.
    #[test]
    fn what_is_not_a_cycle_is_not_reported() {
        for body in [
            "f(x) := count(x)\n\ng(x) := f(x) + 1",
            "r := 1\n\nf(x) := x + r\n\ndeny contains \"d\" if f(r) > 0",
            "f(x) := data.other.f(x)",
            "# f(x) := f(x)\nf(x) := \"f(x)\"",
            "f(x) := y if {\n\tf := 1\n\ty := {\"f\": f}\n}",
            "f(x) := x\n\ndefault g(_) := 0\n\ng(x) := f(x)",
            "f(x) := 1 if {\n\tx > 0\n} else := f2(x)\n\nf2(x) := 2",
        ] {
            let text = module(body);
            assert_eq!(recursion_error("p.rego", &text), None, "{body}");
        }
    }
}
