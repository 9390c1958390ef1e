//! Every built-in policy: its `_test.rego` passes, each bad fixture produces exactly
//! the marked findings of that policy, each good fixture produces none.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use std::path::{Path, PathBuf};

use common::{actual_marks, library_sources, render, repo_root, strip_markers, TODAY};
use vigil_ide::{analyze, Config};
use vigil_model::SourceFile;
use vigil_policy::{
    precompile, run_tests, PolicySet, PolicySource, Precompiled, TestOutcome, DEFAULT_TIME_LIMIT,
};

/// The built-in policies' folders; with `VIGIL_POLICIES` set, only those whose path
/// contains it (`VIGIL_POLICIES=aws/rds_ cargo nextest run -p vigil-ide --test policies`),
/// for checking one policy while writing it.
fn policy_dirs() -> Vec<PathBuf> {
    let filter = std::env::var("VIGIL_POLICIES").unwrap_or_default();
    let mut dirs = all_policy_dirs();
    dirs.retain(|d| d.to_string_lossy().contains(&filter));
    dirs
}

fn all_policy_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for pack in std::fs::read_dir(repo_root().join("policies")).unwrap() {
        let pack = pack.unwrap().path();
        if !pack.is_dir() || pack.ends_with("lib") || pack.ends_with("frameworks") {
            continue;
        }
        for policy in std::fs::read_dir(&pack).unwrap() {
            let policy = policy.unwrap().path();
            if policy.join("policy.rego").is_file() {
                dirs.push(policy);
            }
        }
    }
    dirs.sort();
    dirs
}

fn source(path: &Path, pack: &str) -> PolicySource {
    PolicySource {
        path: path.display().to_string(),
        text: std::fs::read_to_string(path).unwrap(),
        pack: pack.into(),
    }
}

#[test]
fn there_are_at_least_thirty_builtin_policies_each_complete() {
    let dirs = all_policy_dirs();
    assert!(dirs.len() >= 30, "only {} built-in policies", dirs.len());
    for dir in &dirs {
        assert!(dir.join("policy_test.rego").is_file(), "{} has no policy_test.rego", dir.display());
        let fixtures: Vec<String> = std::fs::read_dir(dir.join("fixtures"))
            .unwrap_or_else(|_| panic!("{} has no fixtures/", dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(fixtures.iter().any(|f| f.starts_with("bad")), "{} has no bad fixture", dir.display());
        assert!(fixtures.iter().any(|f| f.starts_with("good")), "{} has no good fixture", dir.display());
        assert!(fixtures.iter().any(|f| f.ends_with(".tf")), "{} has no Terraform fixture", dir.display());
        if dir.parent().unwrap().ends_with("aws") {
            assert!(
                fixtures.iter().any(|f| f.contains(".cfn.")),
                "{} has no CloudFormation fixture",
                dir.display()
            );
        }
    }
}

#[test]
fn every_policy_passes_its_rego_tests() {
    let mut failures = Vec::new();
    for dir in policy_dirs() {
        let mut sources = library_sources();
        sources.push(source(&dir.join("policy.rego"), "test"));
        sources.push(source(&dir.join("policy_test.rego"), "test"));
        let (reports, diagnostics) = run_tests(&sources, None);
        if !diagnostics.is_empty() {
            failures.push(format!("{}: {diagnostics:?}", dir.display()));
        }
        if reports.is_empty() {
            failures.push(format!("{}: no tests", dir.display()));
        }
        for r in reports.iter().filter(|r| r.outcome != TestOutcome::Pass) {
            failures.push(format!("{}: {} {:?}", dir.display(), r.name, r.outcome));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Also checks the packs compiled ahead of time (as the binary embeds them): each
/// policy served alone from the artifact of all of them gives the same findings.
#[test]
fn every_policy_fires_exactly_on_its_bad_fixtures() {
    let mut failures = Vec::new();
    let policy_source = |dir: &Path| {
        source(&dir.join("policy.rego"), dir.parent().unwrap().file_name().unwrap().to_str().unwrap())
    };
    let mut all = library_sources();
    all.extend(policy_dirs().iter().map(|dir| policy_source(dir)));
    let precompiled = Precompiled::read(&precompile(&all).unwrap()).unwrap();
    for dir in policy_dirs() {
        let mut sources = library_sources();
        sources.push(policy_source(&dir));
        let policies = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        let served = precompiled.instantiate(&sources, DEFAULT_TIME_LIMIT).unwrap();
        assert_eq!(served.policies, policies.policies, "{}", dir.display());
        if !policies.diagnostics.is_empty() || policies.policies.len() != 1 {
            failures.push(format!("{}: policy does not load: {:?}", dir.display(), policies.diagnostics));
            continue;
        }
        let id = policies.policies[0].meta.id.clone();
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir.join("fixtures")).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for fixture in entries {
            let name = fixture.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&fixture).unwrap();
            let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
            let (stripped, expected) = strip_markers(&name, &lines);
            let files = vec![SourceFile::new(name.clone(), stripped)];
            let analysis = analyze(&files, &policies, &Config::default(), TODAY);
            let from_artifact = analyze(&files, &served, &Config::default(), TODAY);
            if from_artifact.findings != analysis.findings {
                failures.push(format!("{}/{name}: the precompiled policy finds otherwise", dir.display()));
            }
            let actual = actual_marks(&files, &analysis);
            if name.starts_with("bad") && expected.is_empty() {
                failures.push(format!("{}/{name}: a bad fixture without markers", dir.display()));
            }
            if expected.iter().any(|m| m.4 != id) {
                failures.push(format!("{}/{name}: markers name another policy than {id}", dir.display()));
            }
            if actual != expected {
                failures.push(format!(
                    "{}/{name}:\n--- expected\n{}--- actual\n{}--- messages\n{:?}\n",
                    dir.display(),
                    render(&files, &expected),
                    render(&files, &actual),
                    analysis.findings.iter().map(|f| (&f.address, &f.path, &f.message)).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// For every built-in policy that gives a fix: on each bad fixture, every finding's
/// fix is offered (checked: the file parses and the finding is gone), fixing all of
/// them leaves no finding of the policy that has a fix, and fixing again changes
/// nothing.
#[test]
fn every_fix_of_every_policy_removes_its_finding_and_is_idempotent() {
    let mut failures = Vec::new();
    let mut fixed = 0;
    for dir in policy_dirs() {
        let mut sources = library_sources();
        sources.push(source(
            &dir.join("policy.rego"),
            dir.parent().unwrap().file_name().unwrap().to_str().unwrap(),
        ));
        let policies = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir.join("fixtures")).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for fixture in entries.iter().filter(|f| f.file_name().unwrap().to_string_lossy().starts_with("bad"))
        {
            let name = fixture.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(fixture).unwrap();
            let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
            let (stripped, _) = strip_markers(&name, &lines);
            let files = vec![SourceFile::new(name.clone(), stripped)];
            let analysis = analyze(&files, &policies, &Config::default(), TODAY);
            let with_fix: Vec<&vigil_ide::Finding> =
                analysis.findings.iter().filter(|f| !f.fix.is_empty()).collect();
            for f in &with_fix {
                if let Err(e) = vigil_ide::remediate::fix_finding(&files, &policies, f) {
                    failures.push(format!(
                        "{}/{name}: {} at {}: fix not offered: {e}",
                        dir.display(),
                        f.policy_id,
                        f.address
                    ));
                }
            }
            if with_fix.is_empty() {
                continue;
            }
            let outcome = vigil_ide::remediate::fix_findings(&files, &policies, &with_fix);
            let Some(after) = outcome.texts.get(&name) else {
                failures.push(format!("{}/{name}: fixing changed nothing", dir.display()));
                continue;
            };
            fixed += 1;
            if let Some(e) = vigil_fix::syntax_error(&name, after) {
                failures
                    .push(format!("{}/{name}: the fixed file does not parse: {e}\n{after}", dir.display()));
            }
            let again = vec![SourceFile::new(name.clone(), after.clone())];
            let analysis = analyze(&again, &policies, &Config::default(), TODAY);
            let left: Vec<&vigil_ide::Finding> =
                analysis.findings.iter().filter(|f| !f.fix.is_empty()).collect();
            if !left.is_empty() {
                failures.push(format!(
                    "{}/{name}: findings left after fixing: {:?}\n{after}",
                    dir.display(),
                    left.iter().map(|f| (&f.address, &f.path)).collect::<Vec<_>>()
                ));
            }
            let twice = vigil_ide::remediate::fix_findings(&again, &policies, &left);
            if !twice.texts.is_empty() {
                failures.push(format!("{}/{name}: fixing twice changed the file again", dir.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if std::env::var_os("VIGIL_POLICIES").is_none() {
        assert!(fixed >= 20, "only {fixed} bad fixtures were fixed");
    }
}

/// Editor latency depends on it: a built-in policy reads the stack only through
/// `lib.stack_resources("literal type")` and `lib.input_referrers`, so its verdicts
/// are reused while those do not change. (A policy joining trails of its own type
/// is the one exception.)
#[test]
fn builtin_policies_read_the_stack_narrowly() {
    let mut sources = library_sources();
    for dir in all_policy_dirs() {
        sources.push(source(
            &dir.join("policy.rego"),
            dir.parent().unwrap().file_name().unwrap().to_str().unwrap(),
        ));
    }
    let policies = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
    let broad: Vec<&str> = (0..policies.policies.len())
        .filter(|&i| policies.reads_whole_stack(i))
        .map(|i| policies.meta(i).id.as_str())
        .collect();
    assert_eq!(broad, ["VGL-AWS-CLOUDTRAIL-001"], "policies that re-evaluate on every change in their stack");
}
