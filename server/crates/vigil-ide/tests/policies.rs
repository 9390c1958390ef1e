//! Every built-in policy: its `_test.rego` passes, each bad fixture produces exactly
//! the marked findings of that policy, each good fixture produces none.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use std::collections::{BTreeMap, BTreeSet};
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
fn every_builtin_policy_has_tests_and_good_and_bad_fixtures() {
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
        // Which formats: `every_policy_covers_every_format_of_its_cloud`.
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

/// The METADATA of every built-in policy, with its folder (loaded together once).
fn all_policies() -> Vec<(PathBuf, vigil_policy::PolicyMeta)> {
    let dirs = all_policy_dirs();
    let mut sources = library_sources();
    for dir in &dirs {
        sources.push(source(
            &dir.join("policy.rego"),
            dir.parent().unwrap().file_name().unwrap().to_str().unwrap(),
        ));
    }
    let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
    assert!(set.diagnostics.is_empty(), "{:#?}", set.diagnostics);
    assert_eq!(set.policies.len(), dirs.len());
    (0..set.policies.len())
        .map(|i| {
            let meta = set.meta(i).clone();
            (Path::new(&meta.file).parent().unwrap().to_path_buf(), meta)
        })
        .collect()
}

fn builtin_frameworks() -> vigil_policy::Frameworks {
    let dir = repo_root().join("policies/frameworks");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    let (frameworks, problems) = vigil_policy::Frameworks::load(&files);
    assert!(problems.is_empty(), "{problems:#?}");
    frameworks
}

/// Every policy names at least one control, and every control it names is listed by
/// the framework file of that framework (`policies/frameworks/*.yaml`); each file
/// lists each control once, with a one-line summary.
#[test]
fn every_policy_names_controls_that_its_frameworks_list() {
    let frameworks = builtin_frameworks();
    let ids: Vec<&str> = frameworks.list.iter().map(|f| f.id.as_str()).collect();
    for expected in [
        "CIS-AWS-Foundations-3.0",
        "CIS-Kubernetes-1.9",
        "CIS-Azure-Foundations-2.1",
        "CIS-GCP-Foundations-3.0",
        "NIST-800-53-r5",
        "PCI-DSS-4.0",
        "Kubernetes-Pod-Security-Standards",
    ] {
        assert!(ids.contains(&expected), "no framework file for {expected}: {ids:?}");
    }
    for f in &frameworks.list {
        assert!(f.controls.len() >= 10, "{}: only {} controls", f.file, f.controls.len());
        for c in &f.controls {
            assert!(
                !c.title.contains('\n') && c.title.len() <= 120,
                "{}: {} is not one short line",
                f.file,
                c.id
            );
        }
    }
    for name in
        ["pss-baseline", "pss-restricted", "cis-aws", "cis-kubernetes", "cis-azure", "cis-gcp", "nist", "pci"]
    {
        assert!(frameworks.select(name).is_some(), "--framework {name} selects nothing");
    }
    let policies = all_policies();
    let mut failures = Vec::new();
    for (dir, meta) in &policies {
        if meta.controls.values().all(Vec::is_empty) {
            failures.push(format!("{}: names no control", dir.display()));
        }
        for key in meta.controls.keys() {
            if !ids.contains(&key.as_str()) {
                failures.push(format!("{}: no framework file for `{key}`", dir.display()));
            }
        }
    }
    for (policy, framework, control) in frameworks.unknown_citations(policies.iter().map(|(_, m)| m)) {
        failures.push(format!("{policy}: `{control}` is not a control of {framework}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An alias is another tool's id for the same check: one policy at most may carry it
/// (else a `#checkov:skip=` would silence two different checks), once.
#[test]
fn aliases_are_unique_across_policies() {
    let alias =
        regex::Regex::new(r"^(CKV2?_[A-Z0-9]+_[0-9]+|(AWS|AZU|GCP|KSV|KCV|DS|GIT)-[0-9]{4})$").unwrap();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut failures = Vec::new();
    for (_, meta) in all_policies() {
        for a in &meta.aliases {
            if !alias.is_match(a) {
                failures.push(format!("{}: `{a}` is not a Checkov or Trivy id", meta.id));
            }
            if let Some(other) = owner.insert(a.to_uppercase(), meta.id.clone()) {
                failures.push(format!("`{a}` is an alias of both {other} and {}", meta.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The formats a resource type belongs to.
fn format_of(r#type: &str) -> &'static str {
    if r#type.contains("::") {
        "cloudformation"
    } else if r#type.contains(':') {
        "pulumi"
    } else if r#type.contains('_') || r#type.starts_with("data.") {
        "terraform"
    } else {
        "kubernetes"
    }
}

/// The format of a fixture file.
fn fixture_format(name: &str) -> Option<&'static str> {
    if name.ends_with(".tf") {
        Some("terraform")
    } else if name.contains(".cfn.") {
        Some("cloudformation")
    } else if name.contains(".pulumi.") {
        Some("pulumi")
    } else if name.contains(".k8s.") {
        Some("kubernetes")
    } else {
        None
    }
}

/// Policies that cannot cover a format of their cloud, and why.
const FORMAT_EXCEPTIONS: &[(&str, &str, &str)] = &[
    ("VGL-AWS-IAM-002", "cloudformation", "CloudFormation has no resource for the account password policy"),
    ("VGL-AWS-IAM-003", "cloudformation", "CloudFormation has no resource for the account password policy"),
];

/// Every policy checks every format of its cloud (AWS: Terraform, CloudFormation,
/// Pulumi; Azure and GCP: Terraform, Pulumi; Kubernetes: manifests, the Terraform
/// provider, Pulumi), with a good and a bad fixture for each format its METADATA
/// names; the packs are as broad as issue 13 asks. Prints the counts.
#[test]
fn every_policy_covers_every_format_of_its_cloud() {
    let expected: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("aws", &["cloudformation", "pulumi", "terraform"][..]),
        ("azure", &["pulumi", "terraform"][..]),
        ("gcp", &["pulumi", "terraform"][..]),
        ("kubernetes", &["kubernetes", "pulumi", "terraform"][..]),
    ]);
    let minimum = BTreeMap::from([("aws", 70), ("azure", 25), ("gcp", 25), ("kubernetes", 30)]);
    let mut counts: BTreeMap<(String, &str), usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (dir, meta) in all_policies() {
        let cloud = dir.parent().unwrap().file_name().unwrap().to_string_lossy().to_string();
        let named: BTreeSet<&str> = meta.resources.iter().map(|t| format_of(t)).collect();
        let fixtures: Vec<String> = std::fs::read_dir(dir.join("fixtures"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        for format in expected.get(cloud.as_str()).copied().unwrap_or_default() {
            let excused = FORMAT_EXCEPTIONS.iter().any(|(id, f, _)| *id == meta.id && f == format);
            if !named.contains(format) && !excused {
                failures.push(format!("{}: no {format} resource type in METADATA", dir.display()));
            }
        }
        for format in &named {
            for kind in ["good", "bad"] {
                if !fixtures.iter().any(|f| f.starts_with(kind) && fixture_format(f) == Some(format)) {
                    failures.push(format!("{}: no {kind} {format} fixture", dir.display()));
                }
            }
            *counts.entry((cloud.clone(), format)).or_default() += 1;
        }
        *counts.entry((cloud.clone(), "policies")).or_default() += 1;
    }
    for (cloud, min) in &minimum {
        let n = counts.get(&(cloud.to_string(), "policies")).copied().unwrap_or(0);
        if n < *min {
            failures.push(format!("{cloud}: {n} policies, fewer than {min}"));
        }
    }
    let total: usize = counts.iter().filter(|((_, f), _)| *f == "policies").map(|(_, n)| n).sum();
    println!("{total} built-in policies");
    for ((cloud, format), n) in &counts {
        println!("{cloud:<11} {format:<15} {n}");
    }
    if total < 150 {
        failures.push(format!("{total} built-in policies, fewer than 150"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
