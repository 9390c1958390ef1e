//! The Rego formatter: every policy of the repository formats to a fixed point and
//! to the same policy (same tokens, comments and tree; regorus still reads it), each
//! construct is laid out as `opa fmt` lays it out (snapshots: input, then output),
//! and no input, however deep or long, overflows the stack.

#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use vigil_rego::format::format;
use vigil_rego::Node;

// ---------------------------------------------------------------------------------
// The same policy

/// What formatting must keep: the named nodes of the tree (pre-order kinds), its
/// tokens and comments in order (strings, numbers and names by their text), and the
/// imports with the comments on their lines, as a sorted list (imports are sorted).
/// Whitespace, `;` terminators and trailing commas are not compared.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    kinds: Vec<&'static str>,
    tokens: Vec<String>,
    imports: Vec<String>,
}

fn shape(text: &str) -> Shape {
    let parsed = vigil_rego::parse(text, None);
    assert!(parsed.errors.is_empty(), "{:?} in\n{text}", parsed.errors);
    let tree = parsed.tree.unwrap();
    let mut out = Shape { kinds: Vec::new(), tokens: Vec::new(), imports: Vec::new() };
    let import_rows: Vec<usize> = {
        let mut cursor = tree.root_node().walk();
        let rows = tree
            .root_node()
            .children(&mut cursor)
            .filter(|n| n.kind() == "import")
            .map(|n| n.start_position().row)
            .collect();
        rows
    };
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        let whole = matches!(node.kind(), "string" | "raw_string" | "template_string" | "comment");
        let leaf = whole || node.child_count() == 0;
        let mut descend = !leaf;
        if node.kind() == "import" {
            out.imports.push(leaves(node, text).join(" "));
            descend = false;
        } else if node.kind() == "comment" {
            let comment = node.utf8_text(text.as_bytes()).unwrap().trim_end().to_string();
            if import_rows.contains(&node.start_position().row) {
                out.imports.push(comment);
            } else {
                out.tokens.push(comment);
            }
        } else if node.kind() == ";" || (node.kind() == "," && ends_collection(node)) {
        } else {
            if node.is_named() {
                out.kinds.push(node.kind());
            }
            if leaf {
                out.tokens.push(node.utf8_text(text.as_bytes()).unwrap().to_string());
            }
        }
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                out.imports.sort();
                return out;
            }
        }
    }
}

fn leaves(node: Node<'_>, text: &str) -> Vec<String> {
    if node.child_count() == 0 {
        return vec![node.utf8_text(text.as_bytes()).unwrap().to_string()];
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children.into_iter().filter(|c| c.kind() != "comment").flat_map(|c| leaves(c, text)).collect()
}

fn ends_collection(comma: Node<'_>) -> bool {
    let mut next = comma.next_sibling();
    while next.is_some_and(|n| n.kind() == "comment") {
        next = next.and_then(|n| n.next_sibling());
    }
    next.is_none_or(|n| matches!(n.kind(), "]" | ")" | "}"))
}

/// Whether regorus reads a policy, as v1 and as v0.
fn regorus_reads(text: &str) -> [bool; 2] {
    [false, true].map(|v0| {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(v0);
        engine.add_policy("policy.rego".into(), text.into()).is_ok()
    })
}

/// Formats `input` and checks the guarantees: formatting again changes nothing,
/// the output is the same policy, and regorus reads it whenever it read the input.
fn formatted(input: &str) -> String {
    let out = format(input).unwrap_or_else(|e| panic!("{e:?} formatting\n{input}"));
    assert!(out.ends_with('\n') && !out.ends_with("\n\n"), "one final newline:\n{out}");
    let again = format(&out).unwrap();
    assert_eq!(again, out, "formatting is not idempotent for\n{input}");
    assert_eq!(shape(&out), shape(input), "formatting changed the policy\n{input}\ninto\n{out}");
    let (before, after) = (regorus_reads(input), regorus_reads(&out));
    for (b, a) in before.into_iter().zip(after) {
        assert!(!b || a, "regorus no longer reads the formatted policy:\n{out}");
    }
    out
}

/// A snapshot of a case: the input, then what it formats to.
fn case(input: &str) -> String {
    format!("{input}\n~~~~~~~~~~~~~~~~~~~~ formatted ~~~~~~~~~~~~~~~~~~~~\n{}", formatted(input))
}

#[test]
fn every_policy_formats_to_a_fixed_point_and_the_same_policy() {
    let mut regorus_read = 0;
    for (name, text) in common::policies() {
        let out = std::panic::catch_unwind(|| formatted(&text)).unwrap_or_else(|_| panic!("{name}"));
        assert!(!out.contains(" \n"), "{name}: trailing spaces");
        regorus_read += usize::from(regorus_reads(&text)[0]);
    }
    assert!(regorus_read >= 70, "regorus read only {regorus_read} policies");
}

/// Indentation is the formatter's to choose: a policy with none, with spaces instead
/// of tabs, or with trailing blanks formats as the policy does.
#[test]
fn indentation_and_trailing_blanks_do_not_matter() {
    let mut checked = 0;
    for (name, text) in common::policies() {
        // Raw strings may span lines: their indentation is text.
        if text.contains('`') {
            continue;
        }
        let expected = format(&text).unwrap();
        // (Not after METADATA lines, whose trailing blanks are YAML.)
        let flat: String = text
            .lines()
            .map(|l| if l.starts_with('#') { format!("{l}\n") } else { format!("{} \t\n", l.trim_start()) })
            .collect();
        assert_eq!(format(&flat).unwrap(), expected, "{name} without indentation");
        let spaces: String = text.lines().map(|l| format!("{}\n", l.replace('\t', "    "))).collect();
        assert_eq!(format(&spaces).unwrap(), expected, "{name} indented with spaces");
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(format(&crlf).unwrap(), expected, "{name} with CRLF line ends");
        checked += 1;
    }
    assert!(checked > 50, "only {checked} policies checked");
}

/// Comments may sit between any two lines: a policy with a comment at the end of
/// every line, or on a line of its own above every line, formats (to a fixed point,
/// the same policy) all the same.
#[test]
fn comments_on_every_line_are_kept() {
    for (name, text) in common::policies() {
        let tree = vigil_rego::parse(&text, None).tree.unwrap();
        let inside_text = |at: usize| {
            let node = tree.root_node().descendant_for_byte_range(at, at + 1);
            node.is_some_and(|n| matches!(n.kind(), "raw_string" | "template_string" | "comment"))
        };
        let mut trailing = String::new();
        let mut own_line = String::new();
        let mut line_start = true;
        for (i, c) in text.char_indices() {
            if line_start && !inside_text(i) && !text[i..].trim_start().starts_with("with ") {
                own_line.push_str("# own line\n");
            }
            if c == '\n' && i > 0 && !inside_text(i - 1) && !inside_text(i) {
                trailing.push_str(" # trailing");
            }
            trailing.push(c);
            own_line.push(c);
            line_start = c == '\n';
        }
        for variant in [trailing, own_line] {
            std::panic::catch_unwind(|| formatted(&variant)).unwrap_or_else(|_| panic!("{name}"));
        }
    }
}

// ---------------------------------------------------------------------------------
// Each construct

#[test]
fn package_and_imports_are_grouped_and_sorted() {
    insta::assert_snapshot!(
        "package_and_imports",
        case(
            "# A comment above the package.\n\n\n# METADATA\n# title: t\npackage   a.b.c\nimport rego.v1\n\
             import data.z   # zed\nimport data.a as x\nimport input.q\n\n\nimport data.z\n\
             # the group below is sorted on its own\nimport future.keywords.in\nimport data.y\n\
             allow:=true\n"
        )
    );
}

#[test]
fn operators_and_assignments_get_single_spaces() {
    insta::assert_snapshot!(
        "operators",
        case(
            "package p\n\nallow if {\nx:=1+2*3-4/5%6\ny  =  a==b\nz := -x\nu := - 1\ns := a - -b\n\
             a!=b;a<b;a<=b;a>b;a>=b\nc := x|y&z\nk,v in xs\nnot x in xs\nnot   input.deny\n\
             q := x in xs\n}\n"
        )
    );
}

#[test]
fn rule_heads() {
    insta::assert_snapshot!(
        "rule_heads",
        case(
            "package p\nimport rego.v1\ndefault  allow:=false\nf(x,y):=z if {z:=x+y}\n\
             deny contains msg if {msg:=\"m\"}\np.q.r:=1\np.q[\"s\"]  :=  2\nobj[k]:=v if {some k,v in input}\n\
             g( a ) = 1 if a\nh(\n  a,\n  b\n) := a + b\n"
        )
    );
}

#[test]
fn bodies_are_one_literal_per_line_and_keep_blank_lines() {
    insta::assert_snapshot!(
        "bodies",
        case(
            "package p\n\nallow if {\n\n  a; b\n      c\n\n\n\n  d\n\n}\n\nsingle if input.x\n\n\
             next_line if\n    input.y\n\nbraced if { input.z }\n"
        )
    );
}

#[test]
fn one_line_rules_written_together_stay_together() {
    insta::assert_snapshot!(
        "one_liners",
        case(
            "package p\nimport rego.v1\na := 1\nb := 2\nallow if a\nallow if b\ndefault d := false\nd if a\n\
             e := 1 # one\nf := 2\n\ng := [1,\n2]\nh := 3\n"
        )
    );
}

#[test]
fn else_chains() {
    insta::assert_snapshot!(
        "else",
        case(
            "package p\nimport rego.v1\nx := 1 if { input.a } else := 2 if { input.b } else := 3\n\
             y := 1 if input.a\nelse := 2\nz := 1 if {\n  input.a\n}\n# why\nelse := 2\n"
        )
    );
}

#[test]
fn collections_stay_on_one_line_or_keep_the_lines_written() {
    insta::assert_snapshot!(
        "collections",
        case(
            "package p\nx := [1,2,3,]\ny := [\n  1, 2,\n  3\n]\nz := {\"a\":1, \"b\" :2}\n\
             o := {\"resource\": {\n\"a\": 1,\n\"b\": [1,\n2],\n}}\ns := {1,2}\ne := [ ]\neo := { }\nes := set( )\n\
             nested := [[1, 2], {\"k\": [3]}, {4}]\n"
        )
    );
}

#[test]
fn calls_and_arguments() {
    insta::assert_snapshot!(
        "calls",
        case(
            "package p\nc := count( x )\nm := sprintf(\"%s %s\",\n  [a, b])\n\
             n := object.get(input, [\"a\", \"b\"], {\n   \"default\": true,\n})\no := f( g( h( 1 ) ) )\n\
             r := f(x).y[0]\n"
        )
    );
}

#[test]
fn comprehensions() {
    insta::assert_snapshot!(
        "comprehensions",
        case(
            "package p\na := [x|some x in xs]\nb := {x|some x in xs; x > 1}\nc := {k:v|some k, v in obj}\n\
             d := [x |\nsome x in xs\nx > 1]\ne := {k: v | some k, v in obj\n  v > 1\n}\n\
             f := {x: y |\n  some x in xs\n  y := [z | some z in x\n    z > 1]\n}\n"
        )
    );
}

#[test]
fn some_every_and_with() {
    insta::assert_snapshot!(
        "some_every_with",
        case(
            "package p\nimport rego.v1\nallow if {\nsome  x  in  xs\nsome i,y in ys\nsome z\n\
             every k,v in xs {k==v}\nevery x in xs {\nx > 1\nx < 5\n}\n\
             z := y   with   input as {}  with data.q as 1\nr := p.deny with input as {\"a\": 1}\n     with data.x as 2\n}\n"
        )
    );
}

#[test]
fn comments_stay_where_they_are_written() {
    insta::assert_snapshot!(
        "comments",
        case(
            "package p # the package\n\nimport rego.v1 # v1\n\n# before a rule\n\n# above a rule\n\
             allow if { # after a brace\n  input.x # trailing   \n  # on its own line\n  input.y\n\n  # at the end\n\n} # after a rule\n\
             x := [1, # one\n  2,\n  # before three\n  3,\n  # at the end\n]\ny := a + # a continuation\n  b\n\
             f(a, # first\n b) := 1\ngrouped := [1, 2 # inside\n]\n# near the end\n\n# at the end of the file\n"
        )
    );
}

/// METADATA is YAML in comments: its indentation and trailing spaces are content.
#[test]
fn metadata_blocks_are_kept_byte_for_byte() {
    let metadata = "# METADATA\n# title: Test\n# description: |\n#   multi   \n#     indented\t\n# custom:\n#   id: X  \n";
    let input =
        format!("{metadata}package p\n\n# METADATA\n#  scope: rule\n#  title:  spaced  \nallow := true\n");
    let out = formatted(&input);
    assert!(out.starts_with(metadata), "{out}");
    assert!(out.contains("# METADATA\n#  scope: rule\n#  title:  spaced  \nallow := true\n"), "{out}");
    // Other comments lose their trailing blanks, as `opa fmt` writes them.
    assert_eq!(formatted("package p\n\n# note   \nx := 1\n"), "package p\n\n# note\nx := 1\n");
}

#[test]
fn scalars_are_kept_verbatim() {
    insta::assert_snapshot!(
        "scalars",
        case(
            "package p\ns := \"a\\tb\\\"c\\u00e9\"\nr := `raw\n  string\there`\nt := $\"hello {input.name} {x+1}\"\n\
             u := $`multi\n  {input.y}`\nn := [1e3, 0.5, 12, -3, 1E-7, .5]\nb := [true, false, null]\n"
        )
    );
}

#[test]
fn v0_policies_stay_v0() {
    insta::assert_snapshot!(
        "v0",
        case(
            "package p\ndeny[msg] {\ninput.x\nmsg:=\"a\"\n}\np { a } { b }\nq = x { x := 1 } else = y { y := 2 }\n\
             v[x] = y { y := x }\nw { true }\na = 1\nb = 2\n"
        )
    );
}

#[test]
fn refs_and_parentheses_are_tight() {
    insta::assert_snapshot!(
        "refs_and_parentheses",
        case(
            "package p\nx := input.a[ 0 ].b[ \"c\" ][_]\ny := ( a+b ) / 2\nz := f( ( a+b ) / 2 )\n\
             w := -( 1 )\nv := [1, 2][ i ]\nu := {\"a\": 1}.a\n"
        )
    );
}

/// `{x,}` after `if` is a set (a body would be `{x}`), and `{` then a line break
/// is an empty body (`{}` would be an empty object): both are kept.
#[test]
fn braces_that_would_change_meaning_are_kept() {
    assert_eq!(formatted("package p\nb if {x,}\n"), "package p\n\nb if {x,}\n");
    assert_eq!(formatted("package p\ne if {\n}\n"), "package p\n\ne if {\n}\n");
    assert_eq!(formatted("package p\ns := {x,}\n"), "package p\n\ns := {x,}\n");
}

#[test]
fn the_output_ends_with_one_newline() {
    assert_eq!(formatted("package p\nx := 1"), "package p\n\nx := 1\n");
    assert_eq!(formatted("package p\n\n\nx := 1\n\n\n\n"), "package p\n\nx := 1\n");
    assert_eq!(formatted("\n\n  package p   \n"), "package p\n");
    assert_eq!(format("").unwrap(), "");
}

#[test]
fn a_file_with_a_syntax_error_is_refused_at_its_first_error() {
    let text = "package p\n\nallow if {\n\tx := input.\n}\n\nbad if {\n\tinput.y ==\n}\n";
    let error = format(text).unwrap_err();
    let line = text[..error.range.start as usize].matches('\n').count() + 1;
    assert_eq!(line, 4, "{error:?}");
    assert!(!error.message.is_empty());

    let deep = format!("package p\n\nx := {}1{}\n", "[".repeat(150), "]".repeat(150));
    let error = format(&deep).unwrap_err();
    assert!(error.message.contains("nesting"), "{error:?}");
}

/// The parser caps bracket nesting; chains without brackets are as deep as they are
/// long. Both format on a thread with Rust's default 2 MiB stack.
#[test]
fn deep_and_long_input_does_not_overflow_the_stack() {
    let cases = vec![
        format!("package p\n\nx := {}1{}\n", "[".repeat(99), "]".repeat(99)),
        format!("package p\n\nx := {}1{}\n", "(1 + ".repeat(99), ")".repeat(99)),
        format!("package p\n\nx := {}1{}\n", "{\"a\": ".repeat(99), "}".repeat(99)),
        format!("package p\n\nx := {}1{}\n", "[y | y := ".repeat(99), "]".repeat(99)),
        format!("package p\n\nx if {{\n{}true\n{}}}\n", "every x in xs {\n".repeat(98), "}\n".repeat(98)),
        format!("package p\n\nx := {}1{}\n", "[-(a + {\"k\": f(".repeat(24), ")})]".repeat(24)),
        format!("package p\n\nx := {}\n", vec!["1"; 100_000].join(" + ")),
        format!("package p\n\nx := {}1\n", "- ".repeat(20_000)),
        format!("package p\n\nx := f(1){}\n", ".g(1)".repeat(20_000)),
        format!("package p\n\nx := a{}\n", "[0]".repeat(50_000)),
        format!("package p\n\nx := {}\n", vec!["a"; 20_000].join(" in ")),
    ];
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            cases
                .iter()
                .map(|text| format(text).map(|out| out.len()).map_err(|e| e.message))
                .collect::<Vec<_>>()
        })
        .unwrap();
    for result in handle.join().unwrap() {
        assert!(result.is_ok(), "{result:?}");
    }
}

/// Principle 9: a byte order mark, emoji, CJK and Cyrillic text come through.
#[test]
fn unicode_and_a_byte_order_mark_are_kept() {
    let text = "\u{feff}package p\n\na  :=  \"é😀中\" # ünï 😀\nb := {\"ключ\": \"値\"}\n";
    assert_eq!(formatted(text), "\u{feff}package p\n\na := \"é😀中\" # ünï 😀\nb := {\"ключ\": \"値\"}\n");
}
