//! Terraform's built-in functions, evaluated through the public API.
//!
//! Each case is an expression written as `locals { x = <expr> }` and read back from
//! `resource "null_resource" "r" { v = local.x }`. Expected values are what
//! `terraform console` prints (as JSON); where that is not obvious, a comment says
//! why. A value known only after apply is written [`UNKNOWN`] and must be listed in
//! the resource's `unknown` pointers. Error cases must give a `terraform-eval`
//! diagnostic and leave the value unknown, never panic.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use serde_json::{json, Value};
use vigil_model::{load_workspace, SourceFile};

/// How a value known only after apply appears in the expected values.
const UNKNOWN: &str = "(known after apply)";

struct Evaluated {
    value: Value,
    /// `code: message` of every diagnostic.
    diagnostics: Vec<String>,
}

/// Evaluates `expr` in a module where `var.u` is a variable without a value.
fn evaluate(expr: &str) -> Evaluated {
    let text = format!(
        "variable \"u\" {{}}\n\nlocals {{\n  x = {expr}\n}}\n\nresource \"null_resource\" \"r\" {{\n  v = local.x\n}}\n"
    );
    let model = load_workspace(&[SourceFile::new("main.tf", text)]);
    let diagnostics = model.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
    let Some(r) = model.resources().find(|r| r.address == "null_resource.r") else {
        return Evaluated { value: json!("<no resource>"), diagnostics };
    };
    let mut value = r.values.get("v").cloned().unwrap_or(Value::Null);
    for pointer in &r.unknown {
        if pointer == "/v" {
            value = json!(UNKNOWN);
        } else if let Some(inner) = pointer.strip_prefix("/v") {
            if let Some(slot) = value.pointer_mut(inner) {
                *slot = json!(UNKNOWN);
            }
        }
    }
    Evaluated { value, diagnostics }
}

/// Every case evaluates to its value without a diagnostic.
fn check_values(cases: &[(&str, Value)]) {
    let mut failures = Vec::new();
    for (expr, want) in cases {
        let got = evaluate(expr);
        if &got.value != want || !got.diagnostics.is_empty() {
            failures.push(format!("{expr}\n    want {want}\n    got  {} {:?}", got.value, got.diagnostics));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every case is a Terraform error: a `terraform-eval` diagnostic whose message
/// contains the given text, and an unknown value.
fn check_errors(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (expr, message) in cases {
        let got = evaluate(expr);
        let reported =
            got.diagnostics.iter().any(|d| d.starts_with("terraform-eval: ") && d.contains(message));
        if got.value != json!(UNKNOWN) || !reported {
            failures.push(format!(
                "{expr}\n    want error containing {message:?}\n    got  {} {:?}",
                got.value, got.diagnostics
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn string_functions() {
    check_values(&[
        (r#"chomp("hello\n")"#, json!("hello")),
        (r#"chomp("hello\r\n")"#, json!("hello")),
        (r#"chomp("hello\n\n")"#, json!("hello")),
        (r#"chomp("hel\nlo")"#, json!("hel\nlo")),
        // Every newline is followed by the indentation, the last one too.
        (
            r#""items: ${indent(2, "[\n  foo,\n  bar,\n]\n")}""#,
            json!("items: [\n    foo,\n    bar,\n  ]\n  "),
        ),
        (r#"join(", ", ["foo", "bar", "baz"])"#, json!("foo, bar, baz")),
        (r#"join(", ", ["foo"])"#, json!("foo")),
        (r#"join("-", ["a"], ["b", "c"])"#, json!("a-b-c")),
        (r#"join(",", [1, true])"#, json!("1,true")),
        (r#"lower("HELLO")"#, json!("hello")),
        (r#"lower("АЛЛО!")"#, json!("алло!")),
        (r#"upper("hello")"#, json!("HELLO")),
        (r#"upper("алло!")"#, json!("АЛЛО!")),
        // Go's ToUpper maps one character to one: ß has no single upper case.
        (r#"upper("straße")"#, json!("STRAßE")),
        (r#"title("hello world")"#, json!("Hello World")),
        (r#"title("hello-world foo_bar")"#, json!("Hello-World Foo_bar")),
        // Title case of a digraph is not its upper case.
        (r#"title("ǆemal")"#, json!("ǅemal")),
        (r#"replace("1 + 2 + 3", "+", "-")"#, json!("1 - 2 - 3")),
        (r#"replace("hello world", "/w.*d/", "everybody")"#, json!("hello everybody")),
        (r#"replace("abc", "/(a)(b)/", "$2$1")"#, json!("bac")),
        (r#"replace("a.b.c", "/[.]/", "$$")"#, json!("a$b$c")),
        (r#"replace("abc", "", "-")"#, json!("-a-b-c-")),
        (r#"split(",", "foo,bar,baz")"#, json!(["foo", "bar", "baz"])),
        (r#"split(",", "foo")"#, json!(["foo"])),
        // strings.Split of an empty string is one empty string.
        (r#"split(",", "")"#, json!([""])),
        (r#"strrev("hello")"#, json!("olleh")),
        (r#"strrev("a☃")"#, json!("☃a")),
        (r#"strrev("🇫🇷🇩🇪")"#, json!("🇩🇪🇫🇷")),
        // Combining marks stay with their letter.
        ("strrev(\"noe\u{301}l\")", json!("le\u{301}on")),
        (r#"substr("hello world", 1, 4)"#, json!("ello")),
        (r#"substr("🤔🤷", 0, 1)"#, json!("🤔")),
        (r#"substr("hello world", -5, -1)"#, json!("world")),
        (r#"substr("hello world", 6, 10)"#, json!("world")),
        (r#"substr("hello", 10, 2)"#, json!("")),
        (r#"substr("日本語", 1, 1)"#, json!("本")),
        // go-cty quirk: with a negative offset, a length of 0 takes the rest.
        (r#"substr("hello", -1, 0)"#, json!("o")),
        (r#"substr("hello", -10, 2)"#, json!("he")),
        (r#"trim("?!hello?!", "!?")"#, json!("hello")),
        (r#"trim("foobar", "far")"#, json!("oob")),
        (r#"trimprefix("helloworld", "hello")"#, json!("world")),
        (r#"trimprefix("helloworld", "cat")"#, json!("helloworld")),
        (r#"trimsuffix("helloworld", "world")"#, json!("hello")),
        (r#"trimspace("  hello\n\n")"#, json!("hello")),
        (r#"startswith("hello world", "hello")"#, json!(true)),
        (r#"startswith("hello world", "world")"#, json!(false)),
        (r#"endswith("hello world", "world")"#, json!(true)),
        (r#"strcontains("hello world", "wor")"#, json!(true)),
        (r#"strcontains("hello world", "wod")"#, json!(false)),
        (r#"length("hello")"#, json!(5)),
        // Two characters: an emoji and one followed by a variation selector.
        (r#"length("👾🕹️")"#, json!(2)),
        (r#"length("日本語")"#, json!(3)),
    ]);
}

#[test]
fn format_and_formatlist() {
    check_values(&[
        (r#"format("Hello, %s!", "Ander")"#, json!("Hello, Ander!")),
        (r#"format("There are %d lights", 4)"#, json!("There are 4 lights")),
        (r#"format("%.2f", 3.14159)"#, json!("3.14")),
        (r#"format("%5.1f|", 3.14159)"#, json!("  3.1|")),
        (r#"format("%f", 10)"#, json!("10.000000")),
        (r#"format("%e", 1000)"#, json!("1.000000e+03")),
        (r#"format("%g", 0.5)"#, json!("0.5")),
        (r#"format("%t", true)"#, json!("true")),
        (r#"format("%t", "false")"#, json!("false")),
        (r#"format("%q", "a\"b")"#, json!("\"a\\\"b\"")),
        (r#"format("%q", "<b>")"#, json!("\"\\u003cb\\u003e\"")),
        (r#"format("%v", "s")"#, json!("s")),
        (r#"format("%v", [1, "a"])"#, json!("[1,\"a\"]")),
        (r#"format("%v", {b = 2, a = 1})"#, json!("{\"a\":1,\"b\":2}")),
        (r#"format("%v", true)"#, json!("true")),
        (r#"format("%v", null)"#, json!("null")),
        // go-cty formats numbers for %v with %g.
        (r#"format("%v", 1000000)"#, json!("1e+06")),
        (r#"format("%v", 12.5)"#, json!("12.5")),
        (r#"format("%#v", "a")"#, json!("\"a\"")),
        (r#"format("100%%")"#, json!("100%")),
        (r#"format("%03d", 7)"#, json!("007")),
        (r#"format("%+d", 7)"#, json!("+7")),
        (r#"format("%-5d|", 7)"#, json!("7    |")),
        (r#"format("%x %X %o %b", 255, 255, 8, 5)"#, json!("ff FF 10 101")),
        (r#"format("%#x", 255)"#, json!("0xff")),
        (r#"format("%-5s|", "ab")"#, json!("ab   |")),
        (r#"format("%5s|", "ab")"#, json!("   ab|")),
        (r#"format("%.2s", "hello")"#, json!("he")),
        (r#"format("%4s", "💃🏿")"#, json!("   💃🏿")),
        (r#"format("%[2]s %[1]s", "a", "b")"#, json!("b a")),
        (r#"format("%d", "12")"#, json!("12")),
        (r#"format("%.3g", 3.14159)"#, json!("3.14")),
        (r#"format("%08.3f", -3.14159)"#, json!("-003.142")),
        // Halves round to even.
        (r#"format("%.0f %.0f", 2.5, 3.5)"#, json!("2 4")),
        (r#"format("%v", 123456789)"#, json!("1.23456789e+08")),
        // A width taken from an argument is not evaluated.
        (r#"format("%*d", 5, 1)"#, json!(UNKNOWN)),
        (r#"format("%s", 1.5)"#, json!("1.5")),
        (
            r#"formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])"#,
            json!(["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"]),
        ),
        (
            r#"formatlist("%s, %s%s", "Salutations", ["Valentina", "Ander"], "!")"#,
            json!(["Salutations, Valentina!", "Salutations, Ander!"]),
        ),
        (r#"formatlist("%s=%d", ["a", "b"], [1, 2])"#, json!(["a=1", "b=2"])),
        (r#"formatlist("%s", [])"#, json!([])),
        (r#"formatlist("x")"#, json!(["x"])),
    ]);
    // A value over Vigil's budget (hostile input) is an error, not 100 MB kept.
    check_errors(&[
        (r#"formatlist("%099999s", range(200))"#, "Vigil's budget for one value"),
        ("setproduct(range(400), range(300))", "more than 100000 elements"),
    ]);
}

#[test]
fn regular_expressions() {
    check_values(&[
        (r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#, json!("aaabbbccc")),
        (r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#, json!(["2019", "02", "01"])),
        (
            r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#,
            json!({"authority": "terraform.io", "scheme": "https"}),
        ),
        // A group inside a group that did not match is null.
        (r#"regex("a(x(b))?", "a")"#, json!([null, null])),
        (r#"regexall("[a-z]+", "1234abcd5678efgh9")"#, json!(["abcd", "efgh"])),
        (r#"length(regexall("[a-z]+", "1234abcd5678efgh9"))"#, json!(2)),
        (r#"length(regexall("[a-z]+", "123456789")) > 0"#, json!(false)),
        (r#"regexall("(\\w)=(\\d)", "a=1 b=2")"#, json!([["a", "1"], ["b", "2"]])),
        // RE2's \d is ASCII digits only.
        (r#"regexall("\\d", "1٣2")"#, json!(["1", "2"])),
        (r#"regex("(?i)HELLO", "say hello")"#, json!("hello")),
        // Go ignores an empty match right after a match.
        (r#"regexall("a*", "baaab")"#, json!(["", "aaa", ""])),
        (r#"regexall("", "ab")"#, json!(["", "", ""])),
        (r#"regex("(?P<a>x)|(?P<b>y)", "y")"#, json!({"a": null, "b": "y"})),
        // A brace that starts no repetition is a literal in RE2.
        (r#"replace("x{y}", "/{y}/", "z")"#, json!("xz")),
        (r#"regex("[[:alpha:]]+", "12ab3")"#, json!("ab")),
        (r##"replace("a1b22", "/\\d+/", "#")"##, json!("a#b#")),
        (r#"replace("key=value", "/(?P<k>\\w+)=(?P<v>\\w+)/", "$v=$k")"#, json!("value=key")),
    ]);
}

#[test]
fn collection_functions() {
    check_values(&[
        (r#"alltrue(["true", true])"#, json!(true)),
        ("alltrue([true, false])", json!(false)),
        ("alltrue([])", json!(true)),
        ("anytrue([null, true])", json!(true)),
        (r#"anytrue(["true"])"#, json!(true)),
        ("anytrue([true, false])", json!(true)),
        ("anytrue([])", json!(false)),
        (r#"chunklist(["a", "b", "c", "d", "e"], 2)"#, json!([["a", "b"], ["c", "d"], ["e"]])),
        (r#"chunklist(["a", "b", "c", "d", "e"], 1)"#, json!([["a"], ["b"], ["c"], ["d"], ["e"]])),
        (r#"chunklist(["a", "b"], 0)"#, json!([["a", "b"]])),
        (r#"coalesce("a", "b")"#, json!("a")),
        (r#"coalesce("", "b")"#, json!("b")),
        ("coalesce(1, 2)", json!(1)),
        (r#"coalesce(null, "x")"#, json!("x")),
        // The arguments unify to string.
        (r#"coalesce(1, "hello")"#, json!("1")),
        (r#"coalesce(["a", "b"]...)"#, json!("a")),
        (r#"coalescelist(["a", "b"], ["c", "d"])"#, json!(["a", "b"])),
        (r#"coalescelist([], ["c", "d"])"#, json!(["c", "d"])),
        (r#"compact(["a", "", "b", null, "c"])"#, json!(["a", "b", "c"])),
        (r#"concat(["a", ""], ["b", "c"])"#, json!(["a", "", "b", "c"])),
        (r#"contains(["a", "b", "c"], "a")"#, json!(true)),
        (r#"contains(["a", "b", "c"], "d")"#, json!(false)),
        // A number is not equal to a string.
        (r#"contains(["1"], 1)"#, json!(false)),
        (r#"distinct(["a", "b", "a", "c", "d", "b"])"#, json!(["a", "b", "c", "d"])),
        // Equal values of other kinds are repeats too (numbers by value, maps and
        // lists by content); the first occurrence keeps its place.
        ("distinct([2, 1, 2.0, 1])", json!([2, 1])),
        (r#"distinct([{a = 1}, {a = 2}, {a = 1}])"#, json!([{"a": 1}, {"a": 2}])),
        (r#"distinct([[1, "x"], [1, "y"], [1, "x"]])"#, json!([[1, "x"], [1, "y"]])),
        (r#"length(toset([for i in range(1000) : tostring(i % 7)]))"#, json!(7)),
        (r#"element(["a", "b", "c"], 1)"#, json!("b")),
        (r#"element(["a", "b", "c"], 3)"#, json!("a")),
        (r#"element(["a", "b", "c"], length(["a", "b", "c"]) - 1)"#, json!("c")),
        (r#"flatten([["a", "b"], [], ["c"]])"#, json!(["a", "b", "c"])),
        (r#"flatten([[["a", "b"], []], ["c"]])"#, json!(["a", "b", "c"])),
        (r#"index(["a", "b", "c"], "b")"#, json!(1)),
        ("keys({a = 1, c = 2, d = 3})", json!(["a", "c", "d"])),
        ("length([])", json!(0)),
        (r#"length(["a", "b"])"#, json!(2)),
        (r#"length({"a" = "b"})"#, json!(1)),
        (r#"lookup({a = "ay", b = "bee"}, "a", "what?")"#, json!("ay")),
        (r#"lookup({a = "ay", b = "bee"}, "c", "what?")"#, json!("what?")),
        (
            r#"matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])"#,
            json!(["i-abc", "i-def"]),
        ),
        (r#"matchkeys(["a", "b"], [1, 2], [])"#, json!([])),
        (r#"merge({a = "b", c = "d"}, {e = "f", c = "z"})"#, json!({"a": "b", "c": "z", "e": "f"})),
        (r#"merge({a = "b"}, {a = [1, 2], c = "z"}, {d = 3})"#, json!({"a": [1, 2], "c": "z", "d": 3})),
        (r#"merge(null, {a = 1})"#, json!({"a": 1})),
        ("merge()", json!({})),
        ("one([])", Value::Null),
        (r#"one(["hello"])"#, json!("hello")),
        ("range(3)", json!([0, 1, 2])),
        ("range(1, 4)", json!([1, 2, 3])),
        ("range(1, 8, 2)", json!([1, 3, 5, 7])),
        ("range(4, 1)", json!([4, 3, 2])),
        ("range(10, 5, -2)", json!([10, 8, 6])),
        ("range(-3)", json!([0, -1, -2])),
        ("range(0)", json!([])),
        // Terraform adds with 512-bit precision, not with floats.
        ("range(0, 1, 0.25)", json!([0, 0.25, 0.5, 0.75])),
        ("range(0, 0.3, 0.1)", json!([0, 0.1, 0.2])),
        ("sum([0.1, 0.2])", json!(0.3)),
        ("reverse([1, 2, 3])", json!([3, 2, 1])),
        (r#"slice(["a", "b", "c", "d"], 1, 3)"#, json!(["b", "c"])),
        (r#"slice(["a", "b"], 2, 2)"#, json!([])),
        (r#"sort(["e", "d", "a", "x"])"#, json!(["a", "d", "e", "x"])),
        // sort() takes a list of strings: numbers become strings, sorted lexically.
        ("sort([3, 10, 1])", json!(["1", "10", "3"])),
        ("sum([10, 13, 6, 4.5])", json!(33.5)),
        (r#"sum(["1", 2])"#, json!(3)),
        (
            r#"transpose({"a" = ["1", "2"], "b" = ["2", "3"]})"#,
            json!({"1": ["a"], "2": ["a", "b"], "3": ["b"]}),
        ),
        ("values({a = 3, c = 2, d = 1})", json!([3, 2, 1])),
        (r#"zipmap(["a", "b"], [1, 2])"#, json!({"a": 1, "b": 2})),
        (r#"zipmap(["a", "a"], [1, 2])"#, json!({"a": 2})),
    ]);
}

#[test]
fn set_functions() {
    check_values(&[
        (r#"setintersection(["a", "b"], ["b", "c"], ["b", "d"])"#, json!(["b"])),
        (r#"setsubtract(["a", "b", "c"], ["a", "c"])"#, json!(["b"])),
        (r#"setunion(["a", "b"], ["b", "c"], ["d"])"#, json!(["a", "b", "c", "d"])),
        (r#"setsymmetricdifference(["a", "b"], ["b", "c"])"#, json!(["a", "c"])),
        // Numbers and strings unify to strings.
        (r#"setunion(["b"], [1])"#, json!(["1", "b"])),
        ("setunion([3, 1], [2, 10])", json!([1, 2, 3, 10])),
        (
            r#"setproduct(["development", "staging", "production"], ["app1", "app2"])"#,
            json!([
                ["development", "app1"],
                ["development", "app2"],
                ["staging", "app1"],
                ["staging", "app2"],
                ["production", "app1"],
                ["production", "app2"]
            ]),
        ),
        (r#"setproduct(["a"], [])"#, json!([])),
        (r#"toset(["c", "b", "b"])"#, json!(["b", "c"])),
        (r#"toset(["a", "b", 3])"#, json!(["3", "a", "b"])),
        ("toset([true, false, true])", json!([false, true])),
        (r#"length(toset(["a", "a"]))"#, json!(1)),
        // Sets of objects are ordered by go-cty's serialization of their elements.
        ("toset([{a = 1}, {a = 0}])", json!([{"a": 0}, {"a": 1}])),
        (r#"distinct([1, "1"])"#, json!(["1"])),
    ]);
}

#[test]
fn encoding_functions() {
    check_values(&[
        (r#"base64encode("Hello World")"#, json!("SGVsbG8gV29ybGQ=")),
        (r#"base64decode("SGVsbG8gV29ybGQ=")"#, json!("Hello World")),
        (r#"base64encode("☃")"#, json!("4piD")),
        (r#"jsonencode({"hello" = "world"})"#, json!(r#"{"hello":"world"}"#)),
        (r#"jsonencode({b = 1, a = [true, null, 1.5]})"#, json!(r#"{"a":[true,null,1.5],"b":1}"#)),
        // Go's encoding/json escapes HTML characters.
        (r#"jsonencode(["<b>&"])"#, json!(r#"["\u003cb\u003e\u0026"]"#)),
        (r#"jsonencode("a\nb")"#, json!(r#""a\nb""#)),
        ("jsonencode(100000000000000000000)", json!("100000000000000000000")),
        (r#"jsondecode("{\"hello\": \"world\"}")"#, json!({"hello": "world"})),
        (r#"jsondecode("true")"#, json!(true)),
        (r#"jsondecode("[1, 2.5, null]")"#, json!([1, 2.5, null])),
        (r#"yamlencode({"a" = "b", "c" = "d"})"#, json!("\"a\": \"b\"\n\"c\": \"d\"\n")),
        (
            r#"yamlencode({"foo" = [1, 2, 3], "bar" = "baz"})"#,
            json!("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"),
        ),
        (
            r#"yamlencode({"foo" = [1, {"a" = "b", "c" = "d"}, 3], "bar" = "baz"})"#,
            json!("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"),
        ),
        (r#"yamlencode({a = {b = true, c = null}})"#, json!("\"a\":\n  \"b\": true\n  \"c\": null\n")),
        (r#"yamlencode([[1, 2], []])"#, json!("- - 1\n  - 2\n- []\n")),
        // A plain scalar at the top ends the document explicitly.
        ("yamlencode(true)", json!("true\n...\n")),
        (r#"yamlencode("x")"#, json!("\"x\"\n")),
        ("yamlencode(null)", json!("null\n...\n")),
        ("yamlencode({})", json!("{}\n")),
        // go-yaml escapes tabs and characters outside the Basic Multilingual Plane.
        (r#"yamlencode({k = "a\tb😀"})"#, json!("\"k\": \"a\\tb\\U0001F600\"\n")),
        // Multi-line strings are written as literal blocks: not computed here.
        (r#"yamlencode("multi\nline")"#, json!(UNKNOWN)),
        (r#"yamldecode("hello: world")"#, json!({"hello": "world"})),
        (r#"yamldecode("true")"#, json!(true)),
        (r#"yamldecode("- a\n- 2\n- null")"#, json!(["a", 2, null])),
        // YAML 1.1 booleans, as go-cty-yaml reads them.
        (r#"yamldecode("a: yes\nb: off")"#, json!({"a": true, "b": false})),
        (
            r#"yamldecode("a:\n  b: [1, \"x\"]\n  c: {d: e}\nf:\n- g: 1\n  h: 'it''s'")"#,
            json!({"a": {"b": [1, "x"], "c": {"d": "e"}}, "f": [{"g": 1, "h": "it's"}]}),
        ),
        (
            r##"yamldecode("# comment\nport: 8080 # trailing\nname: \"web\"")"##,
            json!({"name": "web", "port": 8080}),
        ),
        // go-cty-yaml: underscores in numbers, decimal leading zeros, hex stays a string,
        // a date becomes a timestamp.
        (
            r#"yamldecode("a: 1_000\nb: 012\nc: 0x1F\nd: 2024-01-02\ne: ~\nf: .5")"#,
            json!({"a": 1000, "b": 12, "c": "0x1F", "d": "2024-01-02T00:00:00Z", "e": null, "f": 0.5}),
        ),
        (
            r#"yamldecode("---\n- - a\n  - b\n- c: d\n  e: f\n...\n")"#,
            json!([["a", "b"], {"c": "d", "e": "f"}]),
        ),
        (
            r#"yamldecode("key:\n- a\n- b\nurl: http://x.y/z?a=b")"#,
            json!({"key": ["a", "b"], "url": "http://x.y/z?a=b"}),
        ),
        // Outside the subset Vigil reads: anchors, block scalars.
        (r#"yamldecode("a: &x 1\nb: *x")"#, json!(UNKNOWN)),
        (r#"yamldecode("a: |\n  text\n")"#, json!(UNKNOWN)),
        (r#"urlencode("Hello World!")"#, json!("Hello+World%21")),
        (r#"urlencode("☃")"#, json!("%E2%98%83")),
        (
            r#"urlencode("foo:bar@localhost?foo=bar&bar=baz")"#,
            json!("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"),
        ),
        (
            r#"csvdecode("a,b,c\n1,2,3\n4,5,6")"#,
            json!([{"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "5", "c": "6"}]),
        ),
        (
            r#"csvdecode("name,note\n\"x, y\",\"say \"\"hi\"\"\"\n")"#,
            json!([{"name": "x, y", "note": "say \"hi\""}]),
        ),
        (r#"csvdecode("a,b")"#, json!([])),
        (r#"csvdecode("a,b\r\n\r\n1,\"2\r\n3\"\r\n")"#, json!([{"a": "1", "b": "2\n3"}])),
        (r#"textencodebase64("Hello World", "UTF-16LE")"#, json!("SABlAGwAbABvACAAVwBvAHIAbABkAA==")),
        (r#"textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")"#, json!("Hello World")),
        (r#"textencodebase64("Hello", "UTF-8")"#, json!("SGVsbG8=")),
        (r#"textencodebase64("Hello", "UTF-32")"#, json!(UNKNOWN)),
        // Go's decoder ignores newlines and does not check trailing bits.
        (r#"base64decode("YR==\n")"#, json!("a")),
    ]);
}

#[test]
fn hash_functions() {
    check_values(&[
        (r#"md5("hello world")"#, json!("5eb63bbbe01eeed093cb22bb8f5acdc3")),
        (r#"sha1("hello world")"#, json!("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")),
        (r#"sha256("hello world")"#, json!("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")),
        (
            r#"sha512("hello world")"#,
            json!(
                "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd8\
                 30e81f605dcf7dc5542e93ae9cd76f"
            ),
        ),
        (r#"base64sha256("hello world")"#, json!("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")),
        (
            r#"base64sha512("hello world")"#,
            json!("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="),
        ),
        (r#"uuidv5("dns", "www.terraform.io")"#, json!("a5008fae-b28c-5ba5-96cd-82b4c53552d6")),
        (r#"uuidv5("url", "https://www.terraform.io/")"#, json!("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")),
        (
            r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#,
            json!("a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
        ),
        (
            r#"uuidv5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "www.terraform.io")"#,
            json!("a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
        ),
    ]);
}

#[test]
fn numeric_functions() {
    check_values(&[
        ("abs(23)", json!(23)),
        ("abs(0)", json!(0)),
        ("abs(-12.4)", json!(12.4)),
        ("ceil(5)", json!(5)),
        ("ceil(5.1)", json!(6)),
        ("floor(5)", json!(5)),
        ("floor(4.9)", json!(4)),
        ("floor(-4.1)", json!(-5)),
        ("log(50, 10)", json!(1.6989700043360185)),
        ("log(16, 2)", json!(4)),
        ("log(1, 10)", json!(0)),
        ("max(12, 54, 3)", json!(54)),
        ("max([12, 54, 3]...)", json!(54)),
        ("min(12, 54, 3)", json!(3)),
        (r#"min("4", 5)"#, json!(4)),
        (r#"parseint("100", 10)"#, json!(100)),
        (r#"parseint("FF", 16)"#, json!(255)),
        (r#"parseint("-10", 16)"#, json!(-16)),
        (r#"parseint("11111111", 2)"#, json!(255)),
        // Above base 36 lower and upper case are different digits.
        (r#"parseint("aA", 62)"#, json!(656)),
        (r#"parseint("12", 10) + 1"#, json!(13)),
        ("pow(3, 2)", json!(9)),
        ("pow(4, 0)", json!(1)),
        ("pow(2, -1)", json!(0.5)),
        ("signum(-13)", json!(-1)),
        ("signum(0)", json!(0)),
        ("signum(344)", json!(1)),
    ]);
}

#[test]
fn network_functions() {
    check_values(&[
        (r#"cidrhost("10.12.112.0/20", 16)"#, json!("10.12.112.16")),
        (r#"cidrhost("10.12.112.0/20", 268)"#, json!("10.12.113.12")),
        (r#"cidrhost("10.0.0.0/24", -1)"#, json!("10.0.0.255")),
        (r#"cidrhost("10.0.0.0/24", -256)"#, json!("10.0.0.0")),
        (r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#, json!("fd00:fd12:3456:7890::22")),
        // The host bits of the prefix are ignored.
        (r#"cidrhost("10.0.0.9/24", 2)"#, json!("10.0.0.2")),
        (r#"cidrnetmask("172.16.0.0/12")"#, json!("255.240.0.0")),
        (r#"cidrnetmask("10.0.0.0/32")"#, json!("255.255.255.255")),
        (r#"cidrsubnet("10.0.0.0/16", 8, 2)"#, json!("10.0.2.0/24")),
        (r#"cidrsubnet("172.16.0.0/12", 4, 2)"#, json!("172.18.0.0/16")),
        (r#"cidrsubnet("10.1.2.0/24", 4, 15)"#, json!("10.1.2.240/28")),
        (r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#, json!("fd00:fd12:3456:7800:a200::/72")),
        (r#"cidrsubnet("10.0.0.0/8", 0, 0)"#, json!("10.0.0.0/8")),
        (
            r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
            json!(["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]),
        ),
        (
            r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#,
            json!([
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ]),
        ),
        (r#"cidrsubnets("10.0.0.0/8")"#, json!([])),
        // A larger subnet after a smaller one is aligned to its own size.
        (r#"cidrsubnets("10.0.0.0/8", 8, 4)"#, json!(["10.0.0.0/16", "10.16.0.0/12"])),
        (r#"cidrhost("::/0", 1)"#, json!("::1")),
        (r#"cidrsubnet("2001:db8::/32", 32, 1)"#, json!("2001:db8:0:1::/64")),
        // Terraform keeps Go's old IPv4 parser: leading zeros are decimal.
        (r#"cidrhost("010.0.0.0/8", 1)"#, json!("10.0.0.1")),
        (r#"cidrnetmask("0.0.0.0/0")"#, json!("0.0.0.0")),
        (
            r#"[for i in range(3) : cidrsubnet("10.0.0.0/16", 8, i)]"#,
            json!(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]),
        ),
    ]);
}

#[test]
fn type_conversion_functions() {
    check_values(&[
        (r#"tostring("hello")"#, json!("hello")),
        ("tostring(1)", json!("1")),
        ("tostring(1.5)", json!("1.5")),
        ("tostring(true)", json!("true")),
        ("tostring(null)", Value::Null),
        ("tonumber(1)", json!(1)),
        (r#"tonumber("1")"#, json!(1)),
        (r#"tonumber("-2.5e2")"#, json!(-250)),
        ("tonumber(null)", Value::Null),
        ("tobool(true)", json!(true)),
        (r#"tobool("true")"#, json!(true)),
        ("tobool(null)", Value::Null),
        (r#"tolist(["a", "b", "c"])"#, json!(["a", "b", "c"])),
        // The elements unify to one type: strings.
        (r#"tolist(["a", "b", 3])"#, json!(["a", "b", "3"])),
        (r#"toset(["a", "b", "c"])"#, json!(["a", "b", "c"])),
        (r#"tomap({"a" = 1, "b" = 2})"#, json!({"a": 1, "b": 2})),
        (r#"tomap({"a" = "foo", "b" = true})"#, json!({"a": "foo", "b": "true"})),
        (r#"sensitive("x")"#, json!("x")),
        (r#"nonsensitive(sensitive("x"))"#, json!("x")),
        (r#"try(tonumber("x"), 0)"#, json!(0)),
        (r#"can(regex("^a", "abc"))"#, json!(true)),
        (r#"can(regex("^z", "abc"))"#, json!(false)),
        // type() is for the console; Vigil does not model types.
        ("type(1)", json!(UNKNOWN)),
    ]);
}

#[test]
fn date_and_time_functions() {
    check_values(&[
        (r#"formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")"#, json!("02 Jan 2018 23:12 UTC")),
        (
            r#"formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")"#,
            json!("Tuesday, 02-Jan-18 23:12:01 UTC"),
        ),
        (
            r#"formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")"#,
            json!("Tue, 02 Jan 2018 23:12:01 -0800"),
        ),
        (r#"formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")"#, json!("Jan 02, 2018")),
        (r#"formatdate("HH:mmaa", "2018-01-02T23:12:01Z")"#, json!("11:12pm")),
        (r#"formatdate("h'h'mm", "2018-01-02T23:12:01-08:00")"#, json!("23h12")),
        (
            r#"formatdate("YYYY-MM-DD'T'hh:mm:ssZ", "2024-02-29T08:05:09+05:30")"#,
            json!("2024-02-29T08:05:09+05:30"),
        ),
        (r#"formatdate("D/M/YY Z", "2009-03-04T05:06:07Z")"#, json!("4/3/09 Z")),
        (r#"timeadd("2017-11-22T00:00:00Z", "10m")"#, json!("2017-11-22T00:10:00Z")),
        (r#"timeadd("2017-11-22T00:00:00Z", "-1h")"#, json!("2017-11-21T23:00:00Z")),
        (r#"timeadd("2017-12-31T23:30:00+01:00", "1h30m")"#, json!("2018-01-01T01:00:00+01:00")),
        (r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")"#, json!(0)),
        (r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")"#, json!(-1)),
        (r#"timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z")"#, json!(1)),
        (r#"timecmp("2017-11-22T01:00:00+01:00", "2017-11-22T00:00:00Z")"#, json!(0)),
        (r#"timeadd("2017-11-22T00:00:00.5Z", "1.5s")"#, json!("2017-11-22T00:00:02Z")),
        (r#"formatdate("EEE", "2000-01-01T00:00:00Z")"#, json!("Sat")),
        // Known only when applied.
        ("timestamp()", json!(UNKNOWN)),
        ("plantimestamp()", json!(UNKNOWN)),
        ("uuid()", json!(UNKNOWN)),
        (r#"bcrypt("secret")"#, json!(UNKNOWN)),
    ]);
}

#[test]
fn path_and_file_functions() {
    check_values(&[
        (r#"abspath("/a/b/../c/")"#, json!("/a/c")),
        (r#"basename("foo/bar/baz.txt")"#, json!("baz.txt")),
        (r#"basename("/")"#, json!("/")),
        (r#"basename("foo/")"#, json!("foo")),
        (r#"dirname("foo/bar/baz.txt")"#, json!("foo/bar")),
        (r#"dirname("foo")"#, json!(".")),
        (r#"dirname("/foo")"#, json!("/")),
        (r#"pathexpand("/etc/hosts")"#, json!("/etc/hosts")),
        // These depend on the machine running Terraform or on files not read.
        (r#"abspath("relative")"#, json!(UNKNOWN)),
        (r#"pathexpand("~/.ssh/id_rsa")"#, json!(UNKNOWN)),
        (r#"file("${path.module}/hello.txt")"#, json!(UNKNOWN)),
        (r#"fileexists("hello.txt")"#, json!(UNKNOWN)),
        (r#"filebase64("hello.bin")"#, json!(UNKNOWN)),
        (r#"fileset(path.module, "*.tf")"#, json!(UNKNOWN)),
        (r#"templatefile("t.tftpl", { name = "x" })"#, json!(UNKNOWN)),
        (r#"filesha256("hello.txt")"#, json!(UNKNOWN)),
    ]);
}

#[test]
fn unknown_arguments_make_unknown_results_unless_terraform_knows_better() {
    check_values(&[
        ("upper(var.u)", json!(UNKNOWN)),
        (r#"join(",", ["a", var.u])"#, json!(UNKNOWN)),
        (r#"format("%s", var.u)"#, json!(UNKNOWN)),
        ("jsonencode({a = var.u})", json!(UNKNOWN)),
        (r#"toset(["a", var.u])"#, json!(UNKNOWN)),
        (r#"sort(["b", var.u])"#, json!(UNKNOWN)),
        (r#"flatten([["a"], var.u])"#, json!(UNKNOWN)),
        ("cidrsubnet(var.u, 8, 1)", json!(UNKNOWN)),
        (r#"formatdate("YYYY", var.u)"#, json!(UNKNOWN)),
        (r#"coalesce(var.u, "x")"#, json!(UNKNOWN)),
        // A number before an unknown that might be a string could become "1".
        ("coalesce(1, var.u)", json!(UNKNOWN)),
        (r#"index([var.u, "b"], "b")"#, json!(UNKNOWN)),
        (r#"contains([var.u], "a")"#, json!(UNKNOWN)),
        ("alltrue([var.u, false])", json!(UNKNOWN)),
        ("merge(var.u, {a = 1})", json!(UNKNOWN)),
        // Known although something inside is unknown.
        (r#"length([var.u, "a"])"#, json!(2)),
        (r#"coalesce("x", var.u)"#, json!("x")),
        (r#"lookup({a = var.u, b = 1}, "b")"#, json!(1)),
        (r#"element([var.u, "b"], 1)"#, json!("b")),
        (r#"index(["a", var.u], "a")"#, json!(0)),
        (r#"contains(["a", var.u], "a")"#, json!(true)),
        ("alltrue([false, var.u])", json!(false)),
        ("anytrue([true, var.u])", json!(true)),
        ("keys({a = var.u, b = 1})", json!(["a", "b"])),
        (r#"slice([var.u, "a", "b"], 1, 3)"#, json!(["a", "b"])),
        // Known structure, unknown elements.
        ("merge({a = var.u}, {b = 1})", json!({"a": UNKNOWN, "b": 1})),
        (r#"concat([var.u], ["a"])"#, json!([UNKNOWN, "a"])),
        ("values({a = var.u, b = 1})", json!([UNKNOWN, 1])),
        ("reverse([var.u, 1])", json!([1, UNKNOWN])),
        (r#"zipmap(["a", "b"], [1, var.u])"#, json!({"a": 1, "b": UNKNOWN})),
        (r#"coalescelist([var.u], ["a"])"#, json!([UNKNOWN])),
        (r#"tolist(["a", var.u])"#, json!(["a", UNKNOWN])),
        (r#"formatlist("%s!", ["a", var.u])"#, json!(["a!", UNKNOWN])),
        ("one([var.u])", json!(UNKNOWN)),
        (r#"sensitive({a = var.u})"#, json!({"a": UNKNOWN})),
    ]);
}

#[test]
fn errors_are_diagnostics_and_unknown_values() {
    check_errors(&[
        // Wrong types and null.
        ("upper([])", "string required"),
        ("upper(null)", "must not be null"),
        ("abs(\"x\")", "a number is required"),
        ("length(1)", "argument must be a string, a collection type"),
        (r#"join(",", "a")"#, "list of any single type required"),
        (r#"keys("a")"#, "must have map or object type"),
        ("merge(1)", "arguments must be maps or objects"),
        (r#"concat("a")"#, "all arguments must be lists or tuples"),
        (r#"compact("x")"#, "list of any single type required"),
        (r#"tostring([])"#, "cannot convert tuple to string"),
        (r#"tonumber("x")"#, "cannot convert \"x\" to number"),
        (r#"tobool("x")"#, "cannot convert \"x\" to bool"),
        ("tobool(1)", "cannot convert number to bool"),
        ("tolist({a = 1})", "cannot convert object to list of any single type"),
        ("tomap([1])", "cannot convert tuple to map of any single type"),
        ("tolist([1, true])", "cannot convert tuple to list of any single type"),
        (r#"coalesce(1, true)"#, "all arguments must have the same type"),
        (r#"parseint(12, 10)"#, "first argument must be a string, not number"),
        ("signum(0.5)", "whole number"),
        (r#"substr("abc", 1.5, 1)"#, "whole number"),
        // Wrong arity.
        (r#"upper("a", "b")"#, "expects 1 argument, got 2"),
        ("lookup({})", "expects at least 2 arguments, got 1"),
        (r#"cidrhost("10.0.0.0/8")"#, "expects 2 arguments, got 1"),
        // Values Terraform rejects.
        ("element([], 0)", "cannot use element function with an empty list"),
        (r#"element(["a"], -1)"#, "cannot use element function with a negative index"),
        (r#"slice(["a"], 1, 0)"#, "start index must not be greater than end index"),
        (r#"slice(["a"], 0, 2)"#, "end index must not be greater than the length of the list"),
        (r#"lookup({}, "k")"#, "no attribute \"k\""),
        (r#"index(["a"], "z")"#, "item not found"),
        ("one([1, 2])", "either zero or one elements"),
        ("sum([])", "cannot sum an empty list"),
        (r#"chunklist(["a"], -1)"#, "the size argument must be positive"),
        ("range(0, 1, 0)", "step must not be zero"),
        ("range(1, 0, 1)", "end must be greater than start when step is positive"),
        ("range(0, 2000)", "more than 1024 values were generated"),
        (r#"zipmap(["a"], [1, 2])"#, "number of keys (1) does not match number of values (2)"),
        ("coalesce(null)", "no non-null, non-empty-string arguments"),
        ("coalescelist([], [])", "no non-null arguments"),
        (r#"parseint("12", 2)"#, "cannot parse \"12\" as a base 2 integer"),
        (r#"parseint("1", 63)"#, "base must be a whole number between 2 and 62 inclusive"),
        (r#"indent(-1, "x")"#, "must not be negative"),
        (r#"regex("[a-z]+", "53453453")"#, "pattern did not match any part of the given string"),
        (r#"regex("(", "x")"#, "invalid regexp pattern"),
        (r#"regex("(a)(?P<b>b)", "ab")"#, "cannot mix both named and unnamed capture groups"),
        (r#"replace("x", "/(/", "y")"#, "error parsing regexp"),
        (r#"format("%d", "x")"#, "a number is required"),
        (r#"format("%d", 1.5)"#, "an integer is required"),
        (r#"format("%s")"#, "not enough arguments for \"%s\" at 0: need index 1 but have 0 total"),
        (r#"format("%z", 1)"#, "unsupported format verb 'z' in \"%z\" at offset 0"),
        (r#"format("%s", [])"#, "string required"),
        (r#"format("%s", null)"#, "null value cannot be formatted"),
        (r#"formatlist("%s %s", ["a", "b"], ["c"])"#, "argument 2 has length 1, which is inconsistent"),
        (r#"jsondecode("{")"#, "EOF"),
        (r#"jsondecode("{\"a\": 1, \"a\": 2}")"#, "duplicate \"a\" property in JSON object"),
        (r#"base64decode("!!")"#, "failed to decode base64 data"),
        (r#"csvdecode("a,a\n1,2")"#, "duplicate column name \"a\""),
        (r#"csvdecode("a,b\n1")"#, "CSV parse error on line 2: wrong number of fields"),
        (r#"csvdecode("")"#, "missing header line"),
        (r#"yamldecode("a: .nan")"#, "floating point NaN is not supported"),
        (r#"textencodebase64("☃", "ISO-8859-1")"#, "cannot be represented in ISO-8859-1"),
        (r#"cidrhost("10.0.0.0/24", 256)"#, "prefix of 24 does not accommodate a host numbered 256"),
        (r#"cidrhost("not-a-cidr", 1)"#, "invalid CIDR address: not-a-cidr"),
        (r#"cidrsubnet("10.0.0.0/16", 20, 0)"#, "insufficient address space to extend prefix of 16 by 20"),
        (
            r#"cidrsubnet("10.0.0.0/16", 2, 4)"#,
            "prefix extension of 2 does not accommodate a subnet numbered 4",
        ),
        (r#"cidrnetmask("fd00::/8")"#, "IPv6 addresses cannot have a netmask"),
        (r#"cidrsubnets("10.0.0.0/24", 1, 1, 1)"#, "not enough remaining address space"),
        (r#"cidrsubnets("10.0.0.0/24", 0)"#, "must extend prefix by at least one bit"),
        (r#"formatdate("YYY", "2018-01-02T23:12:01Z")"#, "year must either be \"YY\" or \"YYYY\""),
        (r#"formatdate("YYYY", "2018-01-02")"#, "not a valid RFC3339 timestamp"),
        (r#"formatdate("YYYY", "2018-02-30T00:00:00Z")"#, "not a valid RFC3339 timestamp"),
        (r#"timeadd("2017-11-22T00:00:00Z", "1d")"#, "unknown unit \"d\" in duration"),
        (r#"uuidv5("bogus", "x")"#, "doesn't support namespace bogus"),
        (r#"pathexpand("~user/x")"#, "cannot expand user-specific home dir"),
        (r#"setproduct(["a"])"#, "at least two arguments are required"),
        (r#"list("a")"#, "the \"list\" function was deprecated"),
        ("log(-1, 10)", "not a number"),
    ]);
}

/// Terraform's own documented examples of try() and can(), which eval.rs handles
/// because their arguments are evaluated lazily.
#[test]
fn try_and_can_catch_errors_from_functions() {
    check_values(&[
        (r#"try(regex("^z", "abc"), "no match")"#, json!("no match")),
        (r#"try(jsondecode("{"), {})"#, json!({})),
        (r#"can(cidrhost("10.0.0.0/24", 300))"#, json!(false)),
        (r#"try(upper(var.u), "x")"#, json!(UNKNOWN)),
    ]);
}
