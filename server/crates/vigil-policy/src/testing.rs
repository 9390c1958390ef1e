//! `vigil test`: run the `test_*` rules of `*_test.rego` files, like `opa test`.

use std::sync::OnceLock;

use regex::Regex;
use vigil_syntax::{Diagnostic, TextRange};

use crate::engine::{add_module, error_diagnostic, new_engine, package_of};
use crate::PolicySource;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    Pass,
    /// The rule is false or undefined.
    Fail,
    /// The rule could not be evaluated.
    Error(String),
}

#[derive(Debug, Clone)]
pub struct TestReport {
    /// `data.<package>.<rule>`
    pub name: String,
    pub file: String,
    /// The rule name's range.
    pub range: TextRange,
    pub outcome: TestOutcome,
}

fn test_rule_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)^(test_[A-Za-z0-9_]*)\b").expect("valid regex"))
}

/// Loads every module (policies, libraries and tests) into one engine and runs each
/// `test_*` rule of the test files whose name contains `filter` (all when `None`).
/// Modules that do not parse are reported as diagnostics and left out.
pub fn run_tests(sources: &[PolicySource], filter: Option<&str>) -> (Vec<TestReport>, Vec<Diagnostic>) {
    let mut engine = new_engine(crate::DEFAULT_TIME_LIMIT);
    let mut diagnostics = Vec::new();
    let mut loaded_tests = Vec::new();
    // Non-test modules first; a module that depends on one not yet added is retried.
    let (tests, modules): (Vec<&PolicySource>, Vec<&PolicySource>) =
        sources.iter().partition(|s| s.is_test());
    let mut pending = modules;
    for round in 0..2 {
        let mut failed = Vec::new();
        for m in pending {
            if let Err(e) = add_module(&mut engine, m) {
                failed.push((m, e));
            }
        }
        if round == 1 {
            for (m, e) in &failed {
                diagnostics.extend(crate::checks::parse_diagnostics(m, e));
            }
        }
        pending = failed.into_iter().map(|(m, _)| m).collect();
        if pending.is_empty() {
            break;
        }
    }
    for t in tests {
        match add_module(&mut engine, t) {
            Ok(()) => loaded_tests.push(t),
            Err(e) => diagnostics.extend(crate::checks::parse_diagnostics(t, &e)),
        }
    }
    diagnostics.extend(crate::checks::static_diagnostics(sources));
    diagnostics.sort();
    diagnostics.dedup();
    let mut reports = Vec::new();
    for t in loaded_tests {
        let Some((package, _)) = package_of(&t.text) else { continue };
        let mut seen = std::collections::HashSet::new();
        for m in test_rule_regex().captures_iter(&t.text) {
            let Some(rule) = m.get(1) else { continue };
            if !seen.insert(rule.as_str().to_string()) {
                continue;
            }
            let name = format!("data.{package}.{}", rule.as_str());
            if filter.is_some_and(|f| !name.contains(f) && !t.path.contains(f)) {
                continue;
            }
            engine.set_input(regorus::Value::new_object());
            let outcome = match crate::engine::guarded(|| engine.eval_rule(name.clone())) {
                Ok(Ok(regorus::Value::Bool(true))) => TestOutcome::Pass,
                Ok(Ok(_)) => TestOutcome::Fail,
                Ok(Err(e)) => {
                    TestOutcome::Error(error_diagnostic(&t.path, &t.text, "test", &format!("{e:#}")).message)
                }
                Err(_) => TestOutcome::Error("the policy engine panicked".into()),
            };
            reports.push(TestReport {
                name,
                file: t.path.clone(),
                range: TextRange::from_usize(rule.start(), rule.end()),
                outcome,
            });
        }
    }
    (reports, diagnostics)
}
