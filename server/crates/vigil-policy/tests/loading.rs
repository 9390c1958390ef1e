//! Loading many policies at once: one engine, compiled once; modules at fault are
//! found, reported at their line and left out, and every other policy still works.
#![allow(clippy::unwrap_used)] // tests fail loudly

use vigil_model::{Mode, Resource, SourceKind, Stack};
use vigil_policy::{PolicySet, PolicySource, DEFAULT_TIME_LIMIT};

fn policy(n: usize, body: &str) -> PolicySource {
    PolicySource {
        path: format!("p{n}.rego"),
        text: format!(
            "# METADATA\n# title: Policy {n}\n# custom:\n#   id: T-{n}\n#   resources: [aws_s3_bucket]\npackage t.p{n}\n\nimport rego.v1\n\n{body}\n"
        ),
        pack: "custom".into(),
    }
}

/// Fires on a public bucket, with its own id in the message.
fn good(n: usize) -> PolicySource {
    policy(n, &format!("deny contains \"public {n}\" if input.resource.values.acl == \"public-read\""))
}

fn bucket(address: &str, acl: &str) -> Resource {
    Resource {
        address: address.into(),
        r#type: "aws_s3_bucket".into(),
        name: address.into(),
        mode: Mode::Managed,
        source: SourceKind::Terraform,
        provider: "aws".into(),
        file: "main.tf".into(),
        values: serde_json::json!({"acl": acl}),
        references: Default::default(),
        unknown: vec![],
        header: Default::default(),
        range: Default::default(),
        source_map: Default::default(),
        instances_unknown: false,
    }
}

/// (file, 1-based line, code) of each diagnostic.
fn problems(set: &PolicySet, sources: &[PolicySource]) -> Vec<(String, usize, String)> {
    set.diagnostics
        .iter()
        .map(|d| {
            let text = &sources.iter().find(|s| s.path == d.file).unwrap().text;
            let line = text[..d.range.start as usize].matches('\n').count() + 1;
            (d.file.clone(), line, d.code.clone())
        })
        .collect()
}

#[test]
fn broken_modules_among_many_are_reported_at_their_line_and_all_others_work() {
    // Policies and a library that fail in each of regorus's phases: parsing,
    // compiling the modules together, and evaluating a rule.
    let broken = [
        (1000, "deny contains msg if {\n\tmsg := 1 + }\n}", 11, "policy-parse"),
        (1001, "deny contains x if { x := y }", 10, "policy-compile"),
        (
            1002,
            "deny contains msg if {\n\tmsg := undefined_function(input.resource)\n}",
            11,
            // The engine's "could not find function", said by the static check.
            "policy-undefined-function",
        ),
        (1003, "deny contains \"a\" if a\n\na if b\n\nb if a", 12, "policy-compile"),
        (1004, "deny contains \"x\" if true\n\ndeny := 1", 12, "policy-compile"),
        (1005, "deny contains \"x\" if {\n\t[a, b] := [1]\n}", 11, "policy-compile"),
    ];
    let mut sources: Vec<PolicySource> = Vec::new();
    let library = PolicySource {
        path: "lib.rego".into(),
        text: "package t.lib\n\nimport rego.v1\n\npublic(r) if r.values.acl == \"public-read\"\n".into(),
        pack: "custom".into(),
    };
    let broken_library = PolicySource {
        path: "broken_lib.rego".into(),
        text: "package t.broken_lib\n\nimport rego.v1\n\nf(x) := 1\n\nf(x, y) := 2\n".into(),
        pack: "custom".into(),
    };
    sources.push(library);
    sources.push(broken_library);
    for n in 0..200 {
        sources.push(good(n));
        if n % 30 == 20 {
            let (id, body, _, _) = broken[n / 30];
            sources.push(policy(id, body));
        }
    }
    // One policy that uses the library.
    sources.push(policy(
        500,
        "import data.t.lib\n\ndeny contains \"via library\" if lib.public(input.resource)",
    ));
    let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);

    let mut expected: Vec<(String, usize, String)> =
        broken.iter().map(|(id, _, line, code)| (format!("p{id}.rego"), *line, code.to_string())).collect();
    expected.push(("broken_lib.rego".into(), 7, "policy-compile".into()));
    expected.sort();
    let mut actual = problems(&set, &sources);
    actual.sort();
    assert_eq!(actual, expected);
    assert_eq!(set.policies.len(), 201, "every good policy loads");

    // Every good policy still evaluates, on one engine shared by the stack.
    let stack = Stack {
        id: "s".into(),
        source: SourceKind::Terraform,
        resources: vec![bucket("aws_s3_bucket.a", "public-read"), bucket("aws_s3_bucket.b", "private")],
        origins: Default::default(),
        providers: Default::default(),
    };
    let mut evaluator = set.evaluator(&stack);
    let public = evaluator.evaluate(&stack.resources[0], &|_| true);
    assert!(public.diagnostics.is_empty(), "{:?}", public.diagnostics);
    let mut messages: Vec<String> = public.results.iter().map(|r| r.message.clone()).collect();
    messages.sort();
    let mut want: Vec<String> = (0..200).map(|n| format!("public {n}")).collect();
    want.push("via library".into());
    want.sort();
    assert_eq!(messages, want);
    assert!(evaluator.evaluate(&stack.resources[1], &|_| true).results.is_empty());
}

#[test]
fn the_stack_reaches_policies_through_data_vigil_stack() {
    let sources = vec![policy(
        1,
        "deny contains sprintf(\"%d buckets, %s\", [count(data.vigil.stack.resources), data.vigil.stack.id]) if true",
    )];
    let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    for n in [1usize, 3] {
        let stack = Stack {
            id: format!("stack{n}"),
            source: SourceKind::Terraform,
            resources: (0..n).map(|i| bucket(&format!("aws_s3_bucket.b{i}"), "private")).collect(),
            origins: Default::default(),
            providers: Default::default(),
        };
        let out = set.evaluator(&stack).evaluate(&stack.resources[0], &|_| true);
        let messages: Vec<&str> = out.results.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(messages, vec![format!("{n} buckets, stack{n}")]);
    }
}

/// Policies read the providers' version constraints as `input.stack.providers`, and a
/// verdict cached for a resource is not reused once they change (the resource is the
/// same, but an omitted setting may now mean something else).
#[test]
fn provider_constraints_reach_policies_and_key_cached_verdicts() {
    let sources = vec![policy(
        1,
        "deny contains sprintf(\"aws %s\", [concat(\" \", input.stack.providers.aws)]) if input.stack.providers.aws",
    )];
    let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    let mut cache = vigil_policy::ResultCache::default();
    let mut messages = |providers: &[&str]| {
        let mut stack = Stack {
            id: "s".into(),
            source: SourceKind::Terraform,
            resources: vec![bucket("aws_s3_bucket.a", "private")],
            origins: Default::default(),
            providers: Default::default(),
        };
        if !providers.is_empty() {
            stack.providers.insert("aws".into(), providers.iter().map(|p| p.to_string()).collect());
        }
        let out = set.evaluator(&stack).evaluate_cached(&stack.resources[0], &|_| true, Some(&mut cache));
        out.results.into_iter().map(|r| r.message).collect::<Vec<_>>()
    };
    assert_eq!(messages(&["~> 4.0"]), ["aws ~> 4.0"]);
    assert_eq!(messages(&["~> 5.0"]), ["aws ~> 5.0"]);
    assert!(messages(&[]).is_empty());
}

/// A rule that runs long (here 20,000 iterations: more than the VM's default limit of
/// 25,000 instructions) runs to the end on the VM, like on the interpreter; only the
/// time limit stops rules.
#[test]
fn long_rules_run_to_the_end_on_the_vm() {
    let sources = vec![policy(
        1,
        "deny contains \"counted\" if count([x | some x in numbers.range(1, 20000); x > 0]) == 20000",
    )];
    let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    assert_eq!(set.compiled_rules(), 1, "the rule runs on the VM");
    let stack = Stack {
        id: "s".into(),
        source: SourceKind::Terraform,
        resources: vec![bucket("aws_s3_bucket.a", "private")],
        origins: Default::default(),
        providers: Default::default(),
    };
    let out = set.evaluator(&stack).evaluate(&stack.resources[0], &|_| true);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.results.iter().map(|r| r.message.as_str()).collect::<Vec<_>>(), vec!["counted"]);
}

/// What a load produced, as far as a user can tell: the policies, every diagnostic,
/// and the messages on a public and a private bucket.
fn outcome(set: &PolicySet) -> (Vec<String>, Vec<String>, Vec<String>) {
    let stack = Stack {
        id: "s".into(),
        source: SourceKind::Terraform,
        resources: vec![bucket("aws_s3_bucket.a", "public-read"), bucket("aws_s3_bucket.b", "private")],
        origins: Default::default(),
        providers: Default::default(),
    };
    let ids = set.policies.iter().map(|p| p.meta.id.clone()).collect();
    let diagnostics = set
        .diagnostics
        .iter()
        .map(|d| format!("{}:{:?} {} {}", d.file, d.range, d.code, d.message))
        .collect();
    let mut evaluator = set.evaluator(&stack);
    let mut messages: Vec<String> = stack
        .resources
        .iter()
        .flat_map(|r| evaluator.evaluate(r, &|_| true).results)
        .map(|r| format!("{} {}", set.policies[r.policy].meta.id, r.message))
        .collect();
    messages.sort();
    (ids, diagnostics, messages)
}

/// The language server loads the policy set again on every policy edit, reusing the
/// built-in packs' parsed modules and every METADATA block read: each load of a
/// sequence (user policies edited, broken, taking a built-in's id; a built-in
/// changed; back to the start) equals a load from scratch.
#[test]
fn loads_reusing_earlier_ones_equal_loads_from_scratch() {
    let builtin = |n: usize, body: &str| {
        let mut p = policy(n, body);
        p.path = format!("builtin:aws/p{n}/policy.rego");
        p.pack = "aws".into();
        p
    };
    let library = PolicySource {
        path: "builtin:lib/acl.rego".into(),
        text: "package vigil.lib.acl\n\nimport rego.v1\n\npublic(acl) if acl in {\"public-read\", \"public-read-write\"}\n"
            .into(),
        pack: "lib".into(),
    };
    let uses_library = "import data.vigil.lib.acl\n\ndeny contains \"library says public\" if acl.public(input.resource.values.acl)";
    let base = vec![
        library.clone(),
        builtin(1, uses_library),
        good(2),
        builtin(3, "deny contains \"builtin 3\" if input.resource.values.acl == \"private\""),
        builtin(4, "deny contains msg if {\n\tmsg := 1 + }\n}"),
        good(5),
    ];
    let mut states = vec![base.clone()];
    let mut edited = base.clone();
    edited[2] = policy(2, "deny contains \"edited 2\" if input.resource.values.acl == \"public-read\"");
    states.push(edited.clone());
    edited[5] = policy(5, "deny contains x if { x := y }");
    states.push(edited.clone());
    // A user policy with a built-in's id: the first one loaded keeps it.
    let mut taken = policy(3, "deny contains \"user 3\" if true");
    taken.path = "user3.rego".into();
    edited.push(taken);
    states.push(edited.clone());
    let mut builtin_changed = base.clone();
    builtin_changed[3] =
        builtin(3, "deny contains \"builtin 3 changed\" if input.resource.values.acl == \"private\"");
    states.push(builtin_changed);
    states.push(base.clone());
    // The built-in library broken: its policy goes, the rest stays.
    let mut broken_library = base.clone();
    broken_library[0].text.push_str("\nbroken if {\n");
    states.push(broken_library);
    states.push(base);

    let mut cache = vigil_policy::LoadCache::default();
    for (step, sources) in states.iter().enumerate() {
        let reused = PolicySet::load_reusing(sources, DEFAULT_TIME_LIMIT, &mut cache);
        let fresh = PolicySet::load(sources, DEFAULT_TIME_LIMIT);
        let (ids, diagnostics, messages) = outcome(&reused);
        assert_eq!(
            (ids.clone(), diagnostics, messages.clone()),
            {
                let f = outcome(&fresh);
                (f.0, f.1, f.2)
            },
            "step {step}"
        );
        assert!(!messages.is_empty() && ids.len() >= 3, "step {step}: {ids:?} {messages:?}");
    }
}

/// A function calling itself (directly or through others) once aborted the process
/// with a stack overflow, in `vigil check` and in `vigil test`: it is refused when
/// loaded, at the call, and everything else keeps working.
#[test]
fn recursive_functions_are_refused_at_the_call_not_run() {
    let recursive =
        policy(2, "f(x) := y if {\n\ty := g(x + 1)\n}\n\ng(x) := f(x)\n\ndeny contains \"r\" if f(1) > 0");
    let sources = vec![good(1), recursive.clone()];
    let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
    assert_eq!(problems(&set, &sources), vec![("p2.rego".to_string(), 14, "policy-parse".to_string())]);
    assert!(set.diagnostics[0].message.contains("recursion: f → g → f"), "{}", set.diagnostics[0].message);
    assert_eq!(set.policies.len(), 1);

    let test = PolicySource {
        path: "p2_test.rego".into(),
        text: "package t.p2_test\n\nimport rego.v1\n\nh(x) := h(x)\n\ntest_h if h(1) == 1\n".into(),
        pack: "custom".into(),
    };
    let (reports, diagnostics) = vigil_policy::run_tests(&[good(1), test], None);
    assert!(reports.is_empty(), "{reports:?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].message.contains("recursion: h → h"), "{:?}", diagnostics[0]);
}

/// The static checks hold for every built-in policy, library and test read as the
/// user's own files (no call to an undefined function, every test parses), and
/// find what they should in a broken one: each undefined call at the call, every
/// syntax error of a test file.
#[test]
fn static_checks_pass_the_built_in_packs_and_find_every_problem() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../policies");
    let mut dirs = vec![root.clone()];
    let mut sources = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rego") {
                let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).unwrap();
                sources.push(PolicySource { path: rel, text, pack: "packs".into() });
            }
        }
    }
    assert!(sources.len() > 70 && sources.iter().any(|s| s.is_test()));
    assert_eq!(vigil_policy::checks::static_diagnostics(&sources), vec![]);

    let mut broken = sources.clone();
    broken.push(PolicySource {
        path: "team/p.rego".into(),
        text: "package team.p\n\nimport data.vigil.lib\nimport rego.v1\n\nr if {\n\tlib.nope(1)\n\tundefined_fn(2)\n\tcount([], 2, 3)\n\tlib.no_such_rule\n\tdata.vigil.lib.missing[_]\n\tdata.vigil.stack.resources[_]\n\tlib.is_false(false) with data.vigil.lib.mocked as 1\n\tdata.team.p.r\n\tstartswith(\"x\", 1)\n}\n"
            .into(),
        pack: "team".into(),
    });
    broken.push(PolicySource {
        path: "team/p_test.rego".into(),
        text: "package team.p_test\n\nimport rego.v1\n\ntest_a if {\n\tx := [1, 2\n}\n\ntest_b if {\n\ty := {1,\n}\n"
            .into(),
        pack: "team".into(),
    });
    let found = vigil_policy::checks::static_diagnostics(&broken);
    let at = |d: &vigil_syntax::Diagnostic| {
        let text = &broken.iter().find(|s| s.path == d.file).unwrap().text;
        (d.file.clone(), d.code.clone(), text[..d.range.start as usize].matches('\n').count() + 1)
    };
    let places: Vec<_> = found.iter().map(at).collect();
    let undefined = |line| ("team/p.rego".to_string(), "policy-undefined-function".to_string(), line);
    assert!(places.contains(&undefined(7)) && places.contains(&undefined(8)), "{found:?}");
    let arity = ("team/p.rego".to_string(), "policy-wrong-arity".to_string(), 9);
    assert!(places.contains(&arity), "{found:?}");
    let undefined_rules: Vec<usize> =
        places.iter().filter(|p| p.1 == "policy-undefined-rule").map(|p| p.2).collect();
    assert_eq!(undefined_rules, [10, 11], "{found:?}");
    let types = ("team/p.rego".to_string(), "policy-type-error".to_string(), 15);
    assert!(places.contains(&types), "{found:?}");
    let test_errors: Vec<_> = places.iter().filter(|p| p.0 == "team/p_test.rego").collect();
    assert!(test_errors.len() >= 2 && test_errors.iter().all(|p| p.1 == "policy-parse"), "{found:?}");
    assert!(test_errors.iter().any(|p| p.2 >= 9), "the second test's error is reported too: {found:?}");
}

/// In the editor, a policy or a library being typed has errors most of the time: its
/// last good version keeps working (its findings marked stale) while the errors are
/// reported on the text as it is now; `vigil check` (no `keeping_last_good`) never
/// evaluates a version that is not the file's.
#[test]
fn a_broken_file_keeps_its_last_good_version_in_the_editor() {
    let library = PolicySource {
        path: "lib/acl.rego".into(),
        text: "package team.lib.acl\n\nimport rego.v1\n\npublic(acl) if acl in {\"public-read\", \"public-read-write\"}\n"
            .into(),
        pack: "custom".into(),
    };
    let uses_library = policy(
        1,
        "import data.team.lib.acl\n\ndeny contains \"library says public\" if acl.public(input.resource.values.acl)",
    );
    let good_sources = vec![library.clone(), uses_library.clone(), good(2), good(3)];
    let mut cache = vigil_policy::LoadCache::default().keeping_last_good();
    let start = PolicySet::load_reusing(&good_sources, DEFAULT_TIME_LIMIT, &mut cache);
    let (_, diagnostics, before) = outcome(&start);
    assert_eq!(diagnostics, Vec::<String>::new());
    assert_eq!(before, ["T-1 library says public", "T-2 public 2", "T-3 public 3"]);
    assert!(start.stale.is_empty());

    // Policy 2 half typed (a parse error on line 11), policy 3 calling a function that
    // does not exist yet: both keep their findings, stale; the errors are the current text's.
    let mut typing = good_sources.clone();
    typing[2] = policy(2, "deny contains \"public 2\" if input.resource.values.acl == ");
    typing[3] = policy(3, "deny contains \"public 3\" if is_public(input.resource.values.acl)");
    let set = PolicySet::load_reusing(&typing, DEFAULT_TIME_LIMIT, &mut cache);
    let (_, _, messages) = outcome(&set);
    assert_eq!(messages, before);
    assert_eq!(
        set.stale.iter().map(|(id, file)| format!("{id} {file}")).collect::<Vec<_>>(),
        ["T-2 p2.rego", "T-3 p3.rego"]
    );
    let found = problems(&set, &typing);
    assert!(
        found.iter().any(|(f, line, code)| f == "p2.rego" && *line == 10 && code == "policy-parse"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(f, _, code)| f == "p3.rego" && code == "policy-undefined-function"),
        "{found:?}"
    );

    // The library half typed: the policy that imports it still works, stale.
    let mut broken_library = good_sources.clone();
    broken_library[0].text.push_str("\nprivate(acl) if {\n");
    let set = PolicySet::load_reusing(&broken_library, DEFAULT_TIME_LIMIT, &mut cache);
    assert_eq!(outcome(&set).2, before);
    assert_eq!(set.stale.get("T-1").map(String::as_str), Some("lib/acl.rego"));
    assert!(
        problems(&set, &broken_library).iter().all(|(f, _, _)| f == "lib/acl.rego"),
        "{:?}",
        set.diagnostics
    );

    // Fixed: nothing stale; a file that never loaded has no last good version.
    let mut fixed = good_sources.clone();
    fixed.push(policy(4, "deny contains \"four\" if {"));
    let set = PolicySet::load_reusing(&fixed, DEFAULT_TIME_LIMIT, &mut cache);
    assert!(set.stale.is_empty());
    assert_eq!(outcome(&set).2, before);
    assert_eq!(problems(&set, &fixed).iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["p4.rego"]);

    // The CLI's cache: the broken file is left out, its findings gone.
    let set = PolicySet::load_reusing(&typing, DEFAULT_TIME_LIMIT, &mut vigil_policy::LoadCache::default());
    assert!(set.stale.is_empty());
    assert_eq!(outcome(&set).2, ["T-1 library says public"]);
}

/// What regorus says of broken policies reaches the user as a message: never its
/// Rust debug output (`Span { .. }`, `Value::String(..)`, source paths).
#[test]
fn broken_policies_get_messages_without_rust_debug_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../policies");
    let library = |rel: &str| PolicySource {
        path: format!("lib/{rel}"),
        text: std::fs::read_to_string(root.join("lib").join(rel)).unwrap(),
        pack: "lib".into(),
    };
    let policy = std::fs::read_to_string(root.join("aws/s3_public_acl/policy.rego")).unwrap();
    let debug = regex::Regex::new(
        r"Span ?\{|Ref<|Rc<|Arc<|Value::|Expr::|\bSome\(|\bOk\(|\bErr\(|\bNumber\(|\bString\(|\bVar\(|src/|\.rs:\d",
    )
    .unwrap();
    let mutations: &[&str] = &[
        "", ")", "(", "{", "}", "[", "]", ":=", "=", " with ", " some ", "\"", " in ", " not ", "x.", "1 +",
        "`", "#", "\n", "!", "else", "contains",
    ];
    let mut seen = 0;
    for (n, insert) in mutations.iter().enumerate() {
        for cut in (0..policy.len()).step_by(policy.len() / 9 + 1) {
            let at = (cut + n * 7).min(policy.len());
            let at = (0..=at).rev().find(|i| policy.is_char_boundary(*i)).unwrap();
            let end = if insert.is_empty() { (at + 1).min(policy.len()) } else { at };
            let end = (end..=policy.len()).find(|i| policy.is_char_boundary(*i)).unwrap();
            let text = format!("{}{}{}", &policy[..at], insert, &policy[end..]);
            let sources = vec![
                library("vigil.rego"),
                PolicySource { path: "p.rego".into(), text, pack: "custom".into() },
            ];
            let set = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
            for d in &set.diagnostics {
                seen += 1;
                assert!(!debug.is_match(&d.message), "{insert:?} at {at}: {}", d.message);
                assert!(!d.message.contains('\n'), "{insert:?} at {at}: {}", d.message);
            }
        }
    }
    assert!(seen > 50, "{seen} diagnostics");
}

/// `vigil.evaluate`: one policy on one resource, with what `print` wrote and the
/// raw results, for its author.
#[test]
fn a_policy_is_explained_on_one_resource() {
    let p = policy(
        1,
        "deny contains {\"msg\": \"public\", \"path\": \"/acl\"} if {\n\tprint(\"acl is\", input.resource.values.acl)\n\tinput.resource.values.acl == \"public-read\"\n}",
    );
    let set = PolicySet::load(&[p, good(2)], DEFAULT_TIME_LIMIT);
    let stack = Stack {
        id: "s".into(),
        source: SourceKind::Terraform,
        resources: vec![bucket("aws_s3_bucket.a", "public-read"), bucket("aws_s3_bucket.b", "private")],
        origins: Default::default(),
        providers: Default::default(),
    };
    let data = vigil_policy::StackData::new(&stack);
    let policy = set.find("T-1").unwrap();
    let public = set.explain(policy, &data, 0).unwrap();
    assert_eq!(public.address, "aws_s3_bucket.a");
    assert_eq!(public.deny, Some(serde_json::json!([{"msg": "public", "path": "/acl"}])));
    assert_eq!(public.warn, None);
    assert_eq!(public.prints.len(), 1);
    assert!(public.prints[0].ends_with("acl is public-read"), "{:?}", public.prints);
    assert_eq!(public.input["values"]["acl"], "public-read");
    let private = set.explain(policy, &data, 1).unwrap();
    assert_eq!(private.deny, Some(serde_json::json!([])));
    assert!(set.explain(policy, &data, 2).is_none());
}

/// regorus's parser takes time exponential in the nesting of arrays (each `[` is
/// tried as a comprehension, then again as an array): 35 levels once hung the load
/// (found by the `metadata` fuzz target, in the parse that plans memoized rules). A
/// policy nested past the budget is refused at once, with every other policy loaded.
#[test]
fn deeply_nested_collections_are_refused_before_regorus_parses_them() {
    for text in ["[".repeat(35) + "1", "[".repeat(30) + "1" + &"]".repeat(30)] {
        let deep = policy(2, &format!("deny contains \"deep\" if {{\n\tx := {text}\n}}"));
        let set = PolicySet::load(&[good(1), deep], DEFAULT_TIME_LIMIT);
        assert_eq!(set.policies.iter().map(|p| p.meta.id.as_str()).collect::<Vec<_>>(), ["T-1"]);
        assert!(set.diagnostics.iter().any(|d| d.file == "p2.rego"), "{:?}", set.diagnostics);
    }
}
