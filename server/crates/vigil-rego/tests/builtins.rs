//! The table of built-in functions, held to what regorus can run.

use vigil_rego::builtins::{self, Builtin, Origin};

/// Names in regorus's table that policies do not call: they implement the `|`
/// and `&` operators.
fn internal(name: &str) -> bool {
    name.starts_with("__builtin_")
}

#[test]
fn every_regorus_builtin_has_an_entry_of_its_arity() {
    let mut missing = Vec::new();
    for (name, (_, arity)) in regorus::unstable::BUILTINS.iter() {
        if internal(name) {
            continue;
        }
        match builtins::lookup(name) {
            None => missing.push(name.to_string()),
            Some(b) => {
                assert_eq!(b.origin, Origin::Standard, "{name}");
                assert!(b.variadic || b.params.len() == usize::from(*arity), "{name}: regorus takes {arity}");
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn every_entry_runs_in_regorus_and_the_special_ones_are_marked() {
    let mut special = Vec::new();
    for b in builtins::all() {
        if regorus::unstable::BUILTINS.contains_key(b.name) {
            assert_eq!(b.origin, Origin::Standard, "{}", b.name);
        } else {
            assert_ne!(b.origin, Origin::Standard, "{} is not in regorus's table", b.name);
            special.push((b.name, b.origin));
        }
    }
    assert_eq!(
        special,
        [("print", Origin::Evaluator), ("set", Origin::Evaluator), ("vigil.is_unknown", Origin::Vigil)]
    );
}

/// Beyond the tables, the calls handled specially do run: `print`, `set()`, the
/// output-argument form of `walk` and of an ordinary built-in.
#[test]
fn the_special_forms_evaluate() {
    for (body, expected) in [
        ("x := set()", "[]"),
        ("x if { print(1, \"two\", [3]) }", "true"),
        ("x := n if { count([1, 2], n) }", "2"),
        ("x := [p | walk({\"a\": 1}, [p, _])]", "[[],[\"a\"]]"),
    ] {
        let mut engine = regorus::Engine::new();
        engine.add_policy("p.rego".into(), format!("package p\n{body}\n")).unwrap();
        let value = engine.eval_rule("data.p.x".into()).unwrap();
        assert_eq!(value.to_json_str().unwrap().replace([' ', '\n'], ""), expected, "{body}");
    }
}

#[test]
fn the_table_is_sorted_and_described_in_one_style() {
    let all = builtins::all();
    for pair in all.windows(2) {
        assert!(pair[0].name < pair[1].name, "{} then {}", pair[0].name, pair[1].name);
    }
    for b in all {
        let d = b.description;
        assert!(!d.is_empty() && !d.contains('\n') && d.chars().count() <= 100, "{}: {d:?}", b.name);
        assert!(!d.ends_with('.') && d.trim() == d, "{}: no final period or space: {d:?}", b.name);
        assert!(b.params.iter().all(|p| !p.name.is_empty() && !p.ty.is_empty()), "{}", b.name);
        assert!(!b.variadic || b.params.len() == 1, "{}: a variadic function repeats one parameter", b.name);
    }
}

#[test]
fn signatures() {
    let signature = |name: &str| builtins::lookup(name).map(Builtin::signature);
    for (name, expected) in [
        ("strings.replace_n", "strings.replace_n(patterns: object[string: string], value: string) -> string"),
        ("count", "count(collection: any<string, array[any], object[any: any], set[any]>) -> number"),
        ("time.now_ns", "time.now_ns() -> number"),
        ("object.get", "object.get(object: object[any: any], key: any, default: any) -> any"),
        ("print", "print(values: any...) -> boolean"),
        ("set", "set() -> set[any]"),
        ("vigil.is_unknown", "vigil.is_unknown(x: any) -> boolean"),
    ] {
        assert_eq!(signature(name).as_deref(), Some(expected));
    }
}

#[test]
fn lookup_knows_only_exact_names() {
    for name in ["", "strings", "strings.", "Count", "count ", "http.send", "crypto.x509.parse_certificates"]
    {
        assert_eq!(builtins::lookup(name), None, "{name:?}");
    }
    assert_eq!(builtins::lookup("abs").map(|b| b.name), Some("abs"));
    assert_eq!(builtins::lookup("walk").map(|b| b.name), Some("walk"));
}

#[test]
fn did_you_mean_suggests_close_names_only() {
    let rules = ["deny", "bucket_is_public", "has_tag"];
    let candidates = || builtins::all().iter().map(|b| b.name).chain(rules);
    for (typo, expected) in [
        ("strings.replace_m", Some("strings.replace_n")),
        ("sprintff", Some("sprintf")),
        ("Sprintf", Some("sprintf")),
        ("cuont", Some("count")),
        ("string.count", Some("strings.count")),
        ("bucket_is_publc", Some("bucket_is_public")),
        ("has_tags", Some("has_tag")),
        ("completely_unrelated", None),
        ("xy", None),
        ("http.send", None),
        // The exact name is no misspelling of itself.
        ("count", None),
    ] {
        assert_eq!(builtins::did_you_mean(typo, candidates()), expected, "{typo}");
    }
}

#[test]
fn arity_fits_the_output_argument_form_of_standard_builtins_only() {
    let fits = |name: &str| {
        let b = builtins::lookup(name).unwrap();
        (0..5).filter(|n| b.arity_fits(*n)).collect::<Vec<_>>()
    };
    assert_eq!(fits("count"), [1, 2]);
    assert_eq!(fits("time.now_ns"), [0, 1]);
    assert_eq!(fits("walk"), [1, 2]);
    assert_eq!(fits("print"), [0, 1, 2, 3, 4]);
    assert_eq!(fits("set"), [0]);
    assert_eq!(fits("vigil.is_unknown"), [1]);
}

#[test]
fn namespaces_are_the_parts_before_the_last_dot() {
    let namespaces: Vec<&str> = builtins::namespaces().collect();
    for expected in ["strings", "time", "object", "json", "net", "vigil", "base64", "base64url"] {
        assert!(namespaces.contains(&expected), "{expected} in {namespaces:?}");
    }
    assert!(!namespaces.contains(&"count") && !namespaces.contains(&"__builtin_sets"));
    assert!(namespaces.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
    // Every namespace has a function in it.
    for ns in &namespaces {
        let prefix = format!("{ns}.");
        assert!(builtins::all().iter().any(|b| b.name.starts_with(&prefix)), "{ns}");
    }
}
