//! Calls to undefined functions, found across files at edit time.

#![allow(clippy::unwrap_used)] // tests fail loudly

use vigil_rego::check::check_calls;
use vigil_rego::index::FileIndex;

fn problems(files: &[(&str, &str)]) -> Vec<(String, String, String)> {
    let indexes: Vec<(&str, FileIndex)> =
        files.iter().map(|(p, t)| (*p, vigil_rego::index_text(t))).collect();
    let refs: Vec<(&str, &FileIndex)> = indexes.iter().map(|(p, i)| (*p, i)).collect();
    let builtins = [
        ("count", Some(1)),
        ("sprintf", Some(2)),
        ("strings.any_prefix_match", Some(2)),
        ("startswith", Some(2)),
        ("print", None),
    ];
    let arity = |n: &str, given: usize| {
        let (_, takes) = builtins.iter().find(|(b, _)| *b == n)?;
        Some(match takes {
            Some(t) if *t != given && *t + 1 != given => Err(*t),
            _ => Ok(()),
        })
    };
    check_calls(&refs, &arity, &|p| !p.starts_with("builtin:"))
        .into_iter()
        .map(|p| {
            let text = files.iter().find(|(f, _)| *f == p.file).unwrap().1;
            (p.file.clone(), text[p.range.as_usize()].to_string(), p.message)
        })
        .collect()
}

const LIB: &str =
    "package vigil.lib\n\nimport rego.v1\n\nhas_tag(r, t) if r.tags[t]\n\naws.bucket_of(r) := r.bucket\n";

#[test]
fn calls_resolve_to_builtins_rules_of_the_package_and_imports() {
    let policy = "package team.p\n\nimport data.vigil.lib\nimport data.vigil.lib.aws as a\nimport rego.v1\n\n\
                  deny contains m if {\n\tlib.has_tag(input, \"x\")\n\ta.bucket_of(input)\n\tdata.vigil.lib.has_tag(input, \"y\")\n\
                  \thelper(1)\n\tother(2)\n\tstrings.any_prefix_match(\"a\", [\"b\"])\n\tm := sprintf(\"%d\", [count([])])\n}\n\n\
                  helper(x) := x\n";
    let other = "package team.p\n\nimport rego.v1\n\nother(x) := x\n";
    assert_eq!(problems(&[("builtin:lib.rego", LIB), ("p.rego", policy), ("q.rego", other)]), vec![]);
}

#[test]
fn every_undefined_call_is_reported_where_it_is_written() {
    let policy = "package team.p\n\nimport data.vigil.lib\nimport rego.v1\n\n\
                  deny contains m if {\n\tlib.has_tagg(input, \"x\")\n\tundefined_fn(1)\n\tdata.nowhere.f(1)\n\
                  \tstrings.any_prefix_mach(\"a\", [\"b\"])\n\tm := \"x\"\n}\n";
    let found = problems(&[("builtin:lib.rego", LIB), ("p.rego", policy)]);
    let spans: Vec<&str> = found.iter().map(|(_, span, _)| span.as_str()).collect();
    assert_eq!(
        spans,
        ["lib.has_tagg", "undefined_fn", "data.nowhere.f", "strings.any_prefix_mach"],
        "{found:?}"
    );
    assert!(found[0].2.contains("package `vigil.lib` has no rule `has_tagg`"), "{}", found[0].2);
    assert!(found[1].2.contains("package `team.p`"), "{}", found[1].2);
    assert!(found[2].2.contains("`data.nowhere.f`"), "{}", found[2].2);
    assert!(found[3].2.contains("`strings` has no built-in"), "{}", found[3].2);
}

#[test]
fn unknown_heads_and_the_built_in_packs_are_not_reported() {
    // `x.f()` with `x` neither `data` nor an import: Vigil cannot place it.
    let policy = "package team.p\n\nimport rego.v1\n\nr if { x := {}; x.f(1) }\n";
    let broken_builtin = "package vigil.b\n\nimport rego.v1\n\nr if nope(1)\n";
    assert_eq!(problems(&[("p.rego", policy), ("builtin:b.rego", broken_builtin)]), vec![]);
}

#[test]
fn calls_with_the_wrong_number_of_arguments_are_reported() {
    let policy = "package team.p\n\nimport data.vigil.lib\nimport rego.v1\n\n\
                  deny contains m if {\n\tlib.has_tag(input)\n\tcount([], 1, 2)\n\tcount([], n)\n\thelper(1, 2)\n\tprint(1, 2, 3)\n\
                  \tm := sprintf(\"%d\", [helper(1)])\n}\n\nhelper(x) := x\n";
    let found = problems(&[("builtin:lib.rego", LIB), ("p.rego", policy)]);
    let found: Vec<(&str, &str)> = found.iter().map(|(_, span, m)| (span.as_str(), m.as_str())).collect();
    assert_eq!(
        found,
        [
            ("lib.has_tag", "`lib.has_tag` takes 2 arguments, not 1"),
            ("count", "`count` takes 1 argument, not 3"),
            ("helper", "`helper` takes 1 argument, not 2"),
        ]
    );
}

#[test]
fn literal_arguments_of_the_wrong_type_are_reported() {
    let policy = "package team.p\n\nimport rego.v1\n\ndeny contains m if {\n\tstartswith(input.x, 5)\n\tcount(\"abc\") > 1\n\tcount(7)\n\
                  \tconcat(\",\", {\"a\"})\n\tconcat(\",\", \"a\")\n\tsprintf(\"%d\", [1])\n\tm := lower(true)\n\tcount([], n)\n}\n";
    let index = vigil_rego::index_text(policy);
    // The real table of built-ins.
    let arity = |name: &str, given: usize| {
        let b = vigil_rego::builtins::lookup(name)?;
        Some(if b.arity_fits(given) { Ok(()) } else { Err(b.params.len()) })
    };
    let found: Vec<(String, String)> = check_calls(&[("p.rego", &index)], &arity, &|_| true)
        .into_iter()
        .map(|p| (policy[p.range.as_usize()].to_string(), p.message))
        .collect();
    let found: Vec<(&str, &str)> = found.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        found,
        [
            ("5", "`startswith` takes string as its 2nd argument (`base`), not a number"),
            ("7", "`count` takes any<string, array[any], object[any: any], set[any]> as its 1st argument (`collection`), not a number"),
            ("\"a\"", "`concat` takes any<array[string], set[string]> as its 2nd argument (`collection`), not a string"),
            ("true", "`lower` takes string as its 1st argument (`x`), not a boolean"),
        ]
    );
}
