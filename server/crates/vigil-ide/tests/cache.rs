//! The per-resource verdict cache: a verdict is reused only while the resource and
//! the part of the stack its policy reads are unchanged, and an analysis with the
//! cache finds exactly what one without it finds.
#![allow(clippy::unwrap_used)]

mod common;

use vigil_ide::{evaluate_chunk_cached, finish, plan, Analysis, Config, Texts};
use vigil_model::SourceFile;
use vigil_policy::{PolicySet, PolicySource, ResultCache};

fn policy(id: &str, body: &str) -> PolicySource {
    let package = id.to_lowercase().replace('-', "_");
    PolicySource {
        path: format!("{package}.rego"),
        text: format!(
            "# METADATA\n# title: {id}\n# custom:\n#   id: {id}\n#   resources: [aws_s3_bucket]\n\
             package t.{package}\n\nimport data.vigil.lib\nimport rego.v1\n\n{body}\n"
        ),
        pack: "custom".into(),
    }
}

/// Three policies, one per kind of stack dependency.
fn policies() -> PolicySet {
    PolicySet::load(&sources(), vigil_policy::DEFAULT_TIME_LIMIT)
}

/// The libraries and the three policies.
fn sources() -> Vec<PolicySource> {
    let mut sources = common::library_sources();
    // Reads the resources that refer to the input bucket.
    sources.push(policy(
        "T-REF",
        "deny contains \"no logs are delivered here\" if {\n\
         \tnot _target\n}\n\n_target if {\n\tsome r in lib.input_referrers\n\tr.pointer == \"/target_bucket\"\n}",
    ));
    // Reads the resources of one type.
    sources.push(policy(
        "T-TYPE",
        "deny contains \"no versioning resource in the stack\" if {\n\
         \tcount(lib.stack_resources(\"aws_s3_bucket_versioning\")) == 0\n}",
    ));
    // Reads the whole stack.
    sources.push(policy(
        "T-ALL",
        "deny contains \"more than three resources\" if {\n\
         \tcount(data.vigil.stack.resources) > 3\n}",
    ));
    sources
}

fn workspace(target: &str, tag: &str) -> Vec<SourceFile> {
    let text = format!(
        "resource \"aws_s3_bucket\" \"a\" {{\n  bucket = \"acme-a\"\n  tags = {{ team = \"{tag}\" }}\n}}\n\n\
         resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"acme-b\"\n}}\n\n\
         resource \"aws_s3_bucket_logging\" \"l\" {{\n  bucket        = aws_s3_bucket.a.id\n  \
         target_bucket = aws_s3_bucket.{target}.id\n}}\n"
    );
    vec![SourceFile::new("main.tf".to_string(), text)]
}

fn analyze(files: &[SourceFile], policies: &PolicySet, cache: Option<&mut ResultCache>) -> Analysis {
    let model = vigil_model::load_workspace(files);
    let texts = Texts::new(files);
    let config = Config::default();
    let mut cache = cache;
    let chunks = plan(&model, 1)
        .iter()
        .map(|chunk| {
            let data = vigil_policy::StackData::new(&model.stacks[chunk.stack]);
            evaluate_chunk_cached(&model, chunk, &data, policies, &config, &texts, cache.as_deref_mut())
        })
        .collect();
    if let Some(c) = cache {
        c.rotate();
    }
    finish(&model, chunks, policies, &Config::default(), files, common::TODAY)
}

fn found(analysis: &Analysis) -> Vec<String> {
    let mut out: Vec<String> =
        analysis.findings.iter().map(|f| format!("{} {}", f.policy_id, f.address)).collect();
    out.sort();
    out
}

#[test]
fn verdicts_are_reused_only_while_what_the_policy_reads_is_unchanged() {
    let policies = policies();
    assert!(policies.diagnostics.is_empty(), "{:?}", policies.diagnostics);
    let mut cache = ResultCache::default();

    let first = workspace("b", "x");
    let a = analyze(&first, &policies, Some(&mut cache));
    assert_eq!(
        found(&a),
        ["T-REF aws_s3_bucket.a", "T-TYPE aws_s3_bucket.a", "T-TYPE aws_s3_bucket.b"],
        "{:#?}",
        a.findings
    );
    assert_eq!((cache.hits, cache.misses), (0, 6));

    // Nothing changed: every verdict is reused.
    let again = analyze(&first, &policies, Some(&mut cache));
    assert_eq!(found(&again), found(&a));
    assert_eq!((cache.hits, cache.misses), (6, 6));

    // The logging resource now delivers to bucket a: the referrers of both buckets
    // changed (T-REF re-evaluated on both), the stack changed (T-ALL on both), no
    // versioning resource appeared (T-TYPE reused).
    let retargeted = workspace("a", "x");
    let b = analyze(&retargeted, &policies, Some(&mut cache));
    assert_eq!(found(&b), ["T-REF aws_s3_bucket.b", "T-TYPE aws_s3_bucket.a", "T-TYPE aws_s3_bucket.b"]);
    assert_eq!((cache.hits, cache.misses), (6 + 2, 6 + 4));
    assert_eq!(found(&b), found(&analyze(&retargeted, &policies, None)));

    // A tag on bucket a changes bucket a only: on bucket b, T-REF and T-TYPE are
    // reused (T-ALL is not: it reads every resource).
    let tagged = workspace("a", "y");
    let c = analyze(&tagged, &policies, Some(&mut cache));
    assert_eq!(found(&c), found(&b));
    assert_eq!((cache.hits, cache.misses), (8 + 2, 10 + 4));
}

/// A resource read by its address (`lib.stack_resource_at("type", address)`) counts as
/// a read of the resources of its type: when it changes, verdicts that read it are
/// recomputed, though what refers to the input resource is the same.
#[test]
fn a_resource_read_by_address_is_a_dependency() {
    let mut sources = common::library_sources();
    sources.push(policy(
        "T-AT",
        "deny contains \"the ACL of this bucket is private\" if {\n\
         \tsome ref in lib.input_referrers\n\
         \tacl := lib.stack_resource_at(\"aws_s3_bucket_acl\", ref.address)\n\
         \tacl.values.acl == \"private\"\n}",
    ));
    let policies = PolicySet::load(&sources, vigil_policy::DEFAULT_TIME_LIMIT);
    assert!(policies.diagnostics.is_empty(), "{:?}", policies.diagnostics);
    assert!(!policies.reads_whole_stack(policies.find("T-AT").unwrap()));
    let files = |acl: &str| {
        vec![SourceFile::new(
            "main.tf".to_string(),
            format!(
                "resource \"aws_s3_bucket\" \"a\" {{\n  bucket = \"acme-a\"\n}}\n\n\
                 resource \"aws_s3_bucket_acl\" \"a\" {{\n  bucket = aws_s3_bucket.a.id\n  acl    = \"{acl}\"\n}}\n"
            ),
        )]
    };
    let mut cache = ResultCache::default();
    assert_eq!(found(&analyze(&files("private"), &policies, Some(&mut cache))), ["T-AT aws_s3_bucket.a"]);
    assert_eq!((cache.hits, cache.misses), (0, 1));
    // Only the ACL's value changed: the verdict on the bucket is recomputed.
    let public = analyze(&files("public-read"), &policies, Some(&mut cache));
    assert_eq!(found(&public), Vec::<String>::new());
    assert_eq!((cache.hits, cache.misses), (0, 2));
    assert_eq!(found(&public), found(&analyze(&files("public-read"), &policies, None)));
    // Nothing changed: reused.
    analyze(&files("public-read"), &policies, Some(&mut cache));
    assert_eq!((cache.hits, cache.misses), (1, 2));
}

/// Verdicts are keyed by the policy's own text (and the libraries'): after an edit of
/// one policy, and with a policy added before the others (indexes shift), only the
/// edited and the new policy are evaluated again, and the findings are those of a
/// fresh analysis.
#[test]
fn after_a_policy_edit_only_that_policy_is_evaluated_again() {
    let base = policies();
    let files = workspace("b", "x");
    let mut cache = ResultCache::default();
    let a = analyze(&files, &base, Some(&mut cache));
    assert_eq!((cache.hits, cache.misses), (0, 6));

    let mut sources = sources();
    // T-REF's message edited.
    let t_ref = sources.iter_mut().find(|s| s.path.starts_with("t_ref")).unwrap();
    t_ref.text = t_ref.text.replace("delivered here", "delivered here (edited)");
    // Sorted before the others by id: every other policy's index changes.
    sources.push(policy("T-AAA", "deny contains \"new\" if input.resource.values.bucket == \"acme-b\""));
    let edited = PolicySet::load(&sources, vigil_policy::DEFAULT_TIME_LIMIT);
    assert!(edited.diagnostics.is_empty(), "{:?}", edited.diagnostics);
    let b = analyze(&files, &edited, Some(&mut cache));
    // T-TYPE and T-ALL reused on both buckets; T-REF (edited) and T-AAA (new) evaluated.
    assert_eq!((cache.hits, cache.misses), (4, 6 + 4));
    let fresh = analyze(&files, &edited, None);
    let messages = |x: &Analysis| {
        let mut m: Vec<String> =
            x.findings.iter().map(|f| format!("{} {} {}", f.policy_id, f.address, f.message)).collect();
        m.sort();
        m
    };
    assert_eq!(messages(&b), messages(&fresh));
    assert_ne!(messages(&b), messages(&a));
    assert!(messages(&b).contains(&"T-REF aws_s3_bucket.a no logs are delivered here (edited)".to_string()));
}

/// A policy that reads only one attribute of the other resources of a type (here the
/// buckets' `logging`) keeps its verdicts when another attribute of another bucket
/// changes, and re-evaluates when that attribute, or the set of buckets, changes.
#[test]
fn a_policy_reading_one_attribute_of_a_type_depends_on_that_attribute_only() {
    let mut sources = common::library_sources();
    sources.push(policy(
        "T-ATTR",
        "deny contains \"nothing logs here\" if {\n\tnot input.resource.values.bucket in _targets\n}\n\n\
         _targets contains name if {\n\tsome r in lib.stack_resources(\"aws_s3_bucket\")\n\
         \tname := r.values.logging.target_bucket\n}",
    ));
    let policies = PolicySet::load(&sources, vigil_policy::DEFAULT_TIME_LIMIT);
    assert!(policies.diagnostics.is_empty(), "{:?}", policies.diagnostics);
    let files = |a_name: &str, b_target: &str, extra: bool| {
        let mut text = format!(
            "resource \"aws_s3_bucket\" \"a\" {{\n  bucket = \"{a_name}\"\n}}\n\n\
             resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"acme-b\"\n  logging {{\n    target_bucket = \"{b_target}\"\n  }}\n}}\n\n\
             resource \"aws_s3_bucket\" \"c\" {{\n  bucket = \"acme-c\"\n}}\n"
        );
        if extra {
            text.push_str("\nresource \"aws_s3_bucket\" \"d\" {\n  bucket = \"acme-d\"\n}\n");
        }
        vec![SourceFile::new("main.tf".to_string(), text)]
    };
    let mut cache = ResultCache::default();
    let step = |files: &[SourceFile], cache: &mut ResultCache| {
        let (hits, misses) = (cache.hits, cache.misses);
        let with = analyze(files, &policies, Some(cache));
        assert_eq!(found(&with), found(&analyze(files, &policies, None)));
        (found(&with), cache.hits - hits, cache.misses - misses)
    };
    let (first, _, misses) = step(&files("acme-a", "acme-c", false), &mut cache);
    assert_eq!(first, ["T-ATTR aws_s3_bucket.a", "T-ATTR aws_s3_bucket.b"]);
    assert_eq!(misses, 3);
    // Bucket a renamed: only a's verdict is computed again.
    let (renamed, hits, misses) = step(&files("acme-a2", "acme-c", false), &mut cache);
    assert_eq!(renamed, ["T-ATTR aws_s3_bucket.a", "T-ATTR aws_s3_bucket.b"]);
    assert_eq!((hits, misses), (2, 1));
    // b now logs to a: every verdict is computed again, and a has a target now.
    let (retargeted, hits, misses) = step(&files("acme-a2", "acme-a2", false), &mut cache);
    assert_eq!(retargeted, ["T-ATTR aws_s3_bucket.b", "T-ATTR aws_s3_bucket.c"]);
    assert_eq!((hits, misses), (0, 3));
    // A bucket added: the others' verdicts are computed again too.
    let (added, hits, misses) = step(&files("acme-a2", "acme-a2", true), &mut cache);
    assert_eq!(added, ["T-ATTR aws_s3_bucket.b", "T-ATTR aws_s3_bucket.c", "T-ATTR aws_s3_bucket.d"]);
    assert_eq!((hits, misses), (0, 4));
}

/// A stack whose time has run out is not evaluated further, and an error says
/// from where and how many resources were left (`[limits] stack_eval_seconds`).
#[test]
fn resources_past_the_stack_deadline_are_reported_not_evaluated() {
    let files = workspace("b", "x");
    let policies = policies();
    let model = vigil_model::load_workspace(&files);
    let texts = Texts::new(&files);
    let config = Config::default();
    let data = vigil_policy::StackData::new(&model.stacks[0]);
    let run = |stop: bool| {
        let stop = Some(std::sync::Arc::new(std::sync::atomic::AtomicU8::new(stop as u8)));
        let chunk = vigil_ide::Chunk { stop, ..plan(&model, 1).remove(0) };
        evaluate_chunk_cached(&model, &chunk, &data, &policies, &config, &texts, None)
    };
    let on_time = run(false);
    assert!(!on_time.findings.is_empty());
    assert!(on_time.diagnostics.iter().all(|d| d.code != "evaluation-budget"), "{:?}", on_time.diagnostics);
    let late = run(true);
    assert!(late.findings.is_empty(), "{:?}", late.findings);
    assert_eq!(late.unevaluated.len(), 1, "{:?}", late.unevaluated);
    let budget = vigil_ide::budget_diagnostics(&model, &late.unevaluated, &config);
    assert_eq!(budget.len(), 1, "{budget:?}");
    assert!(
        budget[0].message.contains("3 of its resources were not evaluated, from `aws_s3_bucket.a` on"),
        "{}",
        budget[0].message
    );
    assert!(budget[0].message.contains("`stack_eval_seconds`"), "{}", budget[0].message);
}

/// A stack whose time runs out gets one `evaluation-budget` error, however many
/// chunks it was split into, and its root module's own resources are evaluated
/// first (module instances are what a cut leaves out), also when the module's
/// resources come first in the stack.
#[test]
fn the_stack_budget_is_one_error_and_cuts_module_instances_first() {
    let mut module = String::new();
    for i in 0..150 {
        module.push_str(&format!("resource \"aws_s3_bucket\" \"m{i}\" {{\n  bucket = \"m-{i}\"\n}}\n"));
    }
    let files = vec![
        SourceFile::new("modules/store/main.tf".to_string(), module),
        SourceFile::new(
            "main.tf".to_string(),
            "module \"store\" {\n  source = \"./modules/store\"\n}\n\n\
             resource \"aws_s3_bucket\" \"root\" {\n  bucket = \"root\"\n}\n"
                .to_string(),
        ),
    ];
    let policies = policies();
    let model = vigil_model::load_workspace(&files);
    let stack = &model.stacks[0];
    let root = stack.resources.iter().position(|r| r.address == "aws_s3_bucket.root").unwrap();
    assert!(root > 0, "the module's resources come first in the stack: {}", stack.resources[0].address);
    let chunks = plan(&model, 2);
    assert!(chunks.len() >= 2, "{}", chunks.len());
    assert_eq!(chunks[0].indices().next(), Some(root), "the root module's resource is evaluated first");
    let mut all: Vec<usize> = chunks.iter().flat_map(|c| c.indices().collect::<Vec<_>>()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..stack.resources.len()).collect::<Vec<_>>(), "every resource in one chunk");

    let texts = Texts::new(&files);
    let config = Config::default();
    let data = vigil_policy::StackData::new(stack);
    let stop = Some(std::sync::Arc::new(std::sync::atomic::AtomicU8::new(vigil_ide::Stop::Time as u8)));
    let results: Vec<_> = chunks
        .into_iter()
        .map(|c| {
            let chunk = vigil_ide::Chunk { stop: stop.clone(), ..c };
            evaluate_chunk_cached(&model, &chunk, &data, &policies, &config, &texts, None)
        })
        .collect();
    assert!(results.iter().all(|r| r.diagnostics.iter().all(|d| d.code != "evaluation-budget")));
    let analysis = finish(&model, results, &policies, &config, &files, "2026-01-01");
    let budget: Vec<_> = analysis.diagnostics.iter().filter(|d| d.code == "evaluation-budget").collect();
    assert_eq!(budget.len(), 1, "{budget:?}");
    assert!(
        budget[0].message.contains("151 of its resources were not evaluated, from `aws_s3_bucket.root` on"),
        "{}",
        budget[0].message
    );
    assert_eq!(budget[0].file, "main.tf");
}
