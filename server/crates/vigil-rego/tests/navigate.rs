//! Navigation in policy files: one check per feature on fixtures, rendered as
//! `path:line:column  text` and snapshotted; properties on every policy of the
//! repository (tokens sorted and disjoint, selections nested, no panic on any
//! prefix of a file).
//!
//! Fixtures hold several files, each after a `//- path` line. A cursor is written
//! as a snippet of the text with `$0` where the cursor is: `lib.has_t$0ag(`.

#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use std::fmt::Write as _;

use vigil_rego::index::FileIndex;
use vigil_rego::navigate::{self, Edit, File, Location, TokenKind};
use vigil_rego::Tree;
use vigil_syntax::{LineIndex, TextRange};

struct Fixture {
    files: Vec<(String, String, Tree, FileIndex)>,
}

impl Fixture {
    fn new(fixture: &str) -> Self {
        let mut files = Vec::new();
        for chunk in fixture.split("//- ").filter(|c| !c.trim().is_empty()) {
            let (path, text) = chunk.split_once('\n').unwrap();
            files.push(Self::file(path.trim(), text));
        }
        Fixture { files }
    }

    fn file(path: &str, text: &str) -> (String, String, Tree, FileIndex) {
        let tree = vigil_rego::parse(text, None).tree.unwrap();
        let index = vigil_rego::index::index(&tree, text);
        (path.to_string(), text.to_string(), tree, index)
    }

    fn files(&self) -> Vec<File<'_>> {
        self.files.iter().map(|(path, text, tree, index)| File { path, text, tree, index }).collect()
    }

    fn text(&self, path: &str) -> &str {
        &self.files.iter().find(|f| f.0 == path).unwrap_or_else(|| panic!("no file {path}")).1
    }

    /// The offset a cursor snippet (`lib.has_t$0ag(`) marks in `path`; the snippet
    /// must occur once.
    fn cursor(&self, path: &str, snippet: &str) -> u32 {
        let text = self.text(path);
        let bar = snippet.find("$0").unwrap();
        let plain = snippet.replace("$0", "");
        let found: Vec<usize> = text.match_indices(&plain).map(|(i, _)| i).collect();
        assert_eq!(found.len(), 1, "snippet {snippet:?} occurs {} times in {path}", found.len());
        (found[0] + bar) as u32
    }

    /// `path:line:column  text` (1-based line and character column).
    fn place(&self, path: &str, range: TextRange) -> String {
        let text = self.text(path);
        let index = LineIndex::new(text);
        let line = index.line_col(range.start).line + 1;
        let column = index.char_col(range.start, text) + 1;
        format!("{path}:{line}:{column}  {}", &text[range.as_usize()])
    }

    fn locations(&self, locations: &[Location]) -> String {
        locations.iter().map(|l| format!("    {}\n", self.place(&l.path, l.range))).collect()
    }
}

const BUILTINS: &[&str] =
    &["count", "sprintf", "startswith", "concat", "object.get", "strings.replace_n", "is_string"];

fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

const WORKSPACE: &str = r#"
//- policies/lib/lib.rego
package vigil.lib

import rego.v1

has_tag(r, t) if r.tags[t]

has_tag(r, t) if r.labels[t]

is_false(x) if x == false
//- policies/team/p.rego
package team.p

import data.vigil.lib
import data.vigil.lib.is_false
import data.vigil.lib as l
import rego.v1

deny contains msg if {
	lib.has_tag(input, "x")
	l.has_tag(input, "y")
	data.vigil.lib.has_tag(input, "z")
	is_false(input.v)
	helper(1) > limit
	msg := sprintf("%v", [limit])
}

helper(x) := x + limit
//- policies/team/q.rego
package team.p

import rego.v1

limit := 3
//- policies/team/p_test.rego
package team.p_test

import data.team.p
import rego.v1

test_deny if {
	count(p.deny) == 1 with input as {}
	data.team.p.limit == 3
	p.helper(2) == 5
}
"#;

const LOCALS: &str = r#"
//- locals.rego
package locals

import rego.v1

f(a, [b, c]) := d if {
	d := a + b + c
}

r contains y if {
	some x
	x = 1
	some i, v in input.items
	every k, w in input.m {
		k == w
		v == w
	}
	ys := [z | some z in input.l; z > i]
	u = 4
	u == 4
	y := {q: n | some q, n in ys; n > x}
}

g(a) := b if {
	b := a
} else := a if {
	b := 2
	a > b
}

limit := 3

h(limit) := limit + 1

k := limit * 2
"#;

/// For each cursor, where `definition` leads.
fn definitions(fixture: &Fixture, cursors: &[(&str, &str)]) -> String {
    let files = fixture.files();
    let mut out = String::new();
    for (path, snippet) in cursors {
        let offset = fixture.cursor(path, snippet);
        let found = navigate::definition(&files, path, offset);
        writeln!(out, "{path} {snippet}").unwrap();
        out.push_str(&fixture.locations(&found));
    }
    out
}

#[test]
fn definition_through_every_form_of_name() {
    let fixture = Fixture::new(WORKSPACE);
    let p = "policies/team/p.rego";
    let t = "policies/team/p_test.rego";
    insta::assert_snapshot!(definitions(
        &fixture,
        &[
            (p, "lib.has_t$0ag(input, \"x\")"),
            (p, "l.has_t$0ag(input"),
            (p, "data.vigil.lib.has_t$0ag"),
            (p, "is_fal$0se(input.v)"),
            (p, "help$0er(1)"),
            (p, "> lim$0it"),
            (p, "l$0ib.has_tag(input, \"x\")"),
            (p, "import data.vigil.l$0ib\n"),
            (p, "import data.vigil.lib.is_f$0alse"),
            (p, "data.vig$0il.lib.has_tag"),
            (t, "p.de$0ny"),
            (t, "count($0p.deny)"),
            (t, "data.team.p.lim$0it"),
            (t, "p.hel$0per(2)"),
            (t, "import data.team.$0p"),
            (t, "coun$0t(p.deny)"),
        ]
    ));
}

#[test]
fn definition_of_local_variables() {
    let fixture = Fixture::new(LOCALS);
    let l = "locals.rego";
    insta::assert_snapshot!(definitions(
        &fixture,
        &[
            (l, "d := a$0 + b"),
            (l, "a + b$0 + c"),
            (l, "$0d := a"),
            (l, "x$0 = 1"),
            (l, "k$0 == w"),
            (l, "v$0 == w"),
            (l, "z$0 > i"),
            (l, "z > i$0]"),
            (l, "u$0 == 4"),
            (l, "contains y$0 if"),
            (l, "n$0 > x"),
            (l, "n > x$0}"),
            (l, "in ys$0;"),
            (l, "a$0 > b"),
            (l, "a > b$0\n"),
        ]
    ));
}

#[test]
fn references_across_files_through_aliases_and_data_paths() {
    let fixture = Fixture::new(WORKSPACE);
    let files = fixture.files();
    let mut out = String::new();
    for (path, snippet, declarations) in [
        ("policies/lib/lib.rego", "has_t$0ag(r, t) if r.tags", true),
        ("policies/lib/lib.rego", "has_t$0ag(r, t) if r.tags", false),
        ("policies/team/q.rego", "lim$0it", true),
        ("policies/lib/lib.rego", "package vigil.l$0ib", true),
        ("policies/team/p.rego", "helper($0x)", true),
    ] {
        let offset = fixture.cursor(path, snippet);
        writeln!(out, "{path} {snippet} (declarations: {declarations})").unwrap();
        out.push_str(&fixture.locations(&navigate::references(&files, path, offset, declarations)));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn document_highlights_of_locals_and_rules() {
    let fixture = Fixture::new(LOCALS);
    let files = fixture.files();
    let mut out = String::new();
    for snippet in
        ["some $0x", "v$0 == w", "$0ys :=", "$0r contains", "b := $0a\n}", "$0limit := 3", "h($0limit)"]
    {
        let offset = fixture.cursor("locals.rego", snippet);
        writeln!(out, "{snippet}").unwrap();
        for h in navigate::document_highlights(&files, "locals.rego", offset) {
            let kind = if h.write { "write" } else { "read" };
            writeln!(out, "    {} ({kind})", fixture.place("locals.rego", h.range)).unwrap();
        }
    }
    insta::assert_snapshot!(out);
}

fn render_edits(fixture: &Fixture, edits: &[Edit]) -> String {
    let mut out = String::new();
    for e in edits {
        writeln!(out, "    {} -> {}", fixture.place(&e.path, e.range), e.new_text).unwrap();
    }
    // Then each file edited, as the edits leave it.
    let mut paths: Vec<&str> = edits.iter().map(|e| e.path.as_str()).collect();
    paths.dedup();
    for path in paths {
        let mut text = fixture.text(path).to_string();
        for e in edits.iter().filter(|e| e.path == path).rev() {
            text.replace_range(e.range.as_usize(), &e.new_text);
        }
        writeln!(out, "--- {path}\n{text}").unwrap();
    }
    out
}

#[test]
fn rename_a_function_across_files_and_aliases() {
    let fixture = Fixture::new(WORKSPACE);
    let files = fixture.files();
    let path = "policies/team/p.rego";
    let offset = fixture.cursor(path, "l.has_t$0ag(input");
    let range = navigate::prepare_rename(&files, path, offset, &is_builtin).unwrap();
    assert_eq!(&fixture.text(path)[range.as_usize()], "has_tag");
    let edits = navigate::rename(&files, path, offset, "tagged", &is_builtin).unwrap();
    insta::assert_snapshot!(render_edits(&fixture, &edits));
}

#[test]
fn rename_a_rule_imported_by_name_renames_its_unqualified_uses() {
    let fixture = Fixture::new(WORKSPACE);
    let files = fixture.files();
    let path = "policies/lib/lib.rego";
    let offset = fixture.cursor(path, "is_f$0alse(x)");
    let edits = navigate::rename(&files, path, offset, "is_off", &is_builtin).unwrap();
    insta::assert_snapshot!(render_edits(&fixture, &edits));
}

#[test]
fn rename_a_local_variable_within_its_scope() {
    let fixture = Fixture::new(LOCALS);
    let files = fixture.files();
    let offset = fixture.cursor("locals.rego", "v$0 == w");
    let edits = navigate::rename(&files, "locals.rego", offset, "item", &is_builtin).unwrap();
    insta::assert_snapshot!(render_edits(&fixture, &edits));
}

#[test]
fn rename_refusals_say_why() {
    let fixture = Fixture::new(&format!(
        "{WORKSPACE}//- builtin:lib/extra.rego\npackage vigil.extra\n\nimport rego.v1\n\npinned(x) := x\n\
         //- policies/team/r.rego\npackage team.r\n\nimport data.vigil.extra\nimport rego.v1\n\n\
         deny contains m if {{\n\tm := extra.pinned(1)\n\tlocal := 2\n\tuse(local)\n}}\n\nuse(x) := x\n"
    ));
    let files = fixture.files();
    let p = "policies/team/p.rego";
    let r = "policies/team/r.rego";
    let mut out = String::new();
    for (path, snippet, new_name) in [
        (p, "deny contains msg $0if", "x"),
        (p, "co$0ntains msg", "x"),
        (p, "$0deny contains", "refuse"),
        (p, "sprin$0tf(", "x"),
        (p, "is_false(in$0put.v)", "x"),
        (p, "l$0ib.has_tag(input, \"x\")", "x"),
        (p, "package team$0.p", "x"),
        (p, "$0helper(1)", "1helper"),
        (p, "$0helper(1)", "some"),
        (p, "$0helper(1)", "count"),
        (p, "$0helper(1)", "input"),
        (p, "$0helper(1)", "limit"),
        (p, "$0helper(1)", "warn"),
        (p, "$0msg := sprintf", "limit"),
        (r, "extra.pin$0ned", "kept"),
        (r, "$0use(local)", "local"),
        (r, "$0local := 2", "m"),
    ] {
        let offset = fixture.cursor(path, snippet);
        let prepared = navigate::prepare_rename(&files, path, offset, &is_builtin);
        let renamed = navigate::rename(&files, path, offset, new_name, &is_builtin);
        let result = match (&prepared, renamed) {
            (Err(why), _) => format!("prepare refused: {why}"),
            (Ok(_), Err(why)) => format!("refused: {why}"),
            (Ok(_), Ok(edits)) => format!("renamed ({} edits)", edits.len()),
        };
        writeln!(out, "{snippet} -> {new_name}\n    {result}").unwrap();
    }
    insta::assert_snapshot!(out);
}

const OUTLINE: &str = r#"
//- policy.rego
# METADATA
# title: Buckets are private
# custom:
#   id: VGL-TEST-001
package vigil.test.outline

import data.vigil.lib
import data.vigil.lib.kubernetes as k8s
import rego.v1

default allow := false

# A note on deny.
# It spans two lines.
deny contains msg if {
	input.a
	msg := "a"
}

deny contains msg if {
	some x in input.xs
	every y in x.ys {
		y > 1
	}
	msg := sprintf("%v", [
		x,
	])
}

deny contains "c" if input.c

f(a, b) := {
	"sum": a + b,
	"all": [n | some n in [a, b]],
}

r.s["t"] := 1

test_f if f(1, 2).sum == 3
"#;

#[test]
fn document_symbols_list_every_definition() {
    let fixture = Fixture::new(OUTLINE);
    let files = fixture.files();
    let mut out = String::new();
    for s in navigate::document_symbols(&files[0]) {
        let whole = &fixture.text("policy.rego")[s.range.as_usize()];
        let first_line = whole.lines().next().unwrap_or_default();
        writeln!(
            out,
            "{:?} {} (in {:?})  {}  [{}]",
            s.kind,
            s.name,
            s.container,
            fixture.place("policy.rego", s.name_range),
            first_line
        )
        .unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn workspace_symbols_match_qualified_names_loosely() {
    let fixture = Fixture::new(WORKSPACE);
    let files = fixture.files();
    let mut out = String::new();
    for query in ["has", "TEAM.P.LIM", "tpdeny", "nothing-like-this"] {
        writeln!(out, "{query:?}").unwrap();
        for (path, s) in navigate::workspace_symbols(&files, query) {
            writeln!(
                out,
                "    {:?} {:?}.{}  {}",
                s.kind,
                s.container,
                s.name,
                fixture.place(&path, s.name_range)
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn folding_ranges_of_bodies_collections_comments_and_imports() {
    let fixture = Fixture::new(OUTLINE);
    let (_, text, tree, _) = &fixture.files[0];
    let index = LineIndex::new(text);
    let mut out = String::new();
    for fold in navigate::folding_ranges(tree, text) {
        let (start, end) =
            (index.line_col(fold.range.start).line + 1, index.line_col(fold.range.end).line + 1);
        let first = text[fold.range.as_usize()].lines().next().unwrap_or_default();
        writeln!(out, "{:?} {start}-{end}  {first}", fold.kind).unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn selection_ranges_grow_from_the_name_to_the_file() {
    let fixture = Fixture::new(OUTLINE);
    let (_, text, tree, _) = &fixture.files[0];
    let mut out = String::new();
    for snippet in ["[n | some $0n in", "msg := \"$0a\"", "sprintf(\"%v\", [\n\t\tx$0,"] {
        let offset = fixture.cursor("policy.rego", snippet);
        writeln!(out, "{snippet:?}").unwrap();
        for range in navigate::selection_ranges(tree, text, offset) {
            let selected = &text[range.as_usize()];
            let shown: String = selected.chars().take(60).collect::<String>().replace('\n', "⏎");
            let more = if selected.chars().count() > 60 { "…" } else { "" };
            writeln!(out, "    {range:?}  {shown}{more}").unwrap();
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn semantic_tokens_tell_rules_functions_parameters_and_variables() {
    let text = "package vigil.test\n\nimport data.vigil.lib\nimport data.vigil.lib.names\nimport rego.v1\n\n\
                limit := 3\n\n\
                # A function.\nf(a) := b if {\n\tb := a + limit\n\tlib.has_tag(input.resource, \"x\")\n\t\
                strings.replace_n({}, `raw\nline`)\n\tc := count([z | some z in a])\n\tc > other + count(names)\n}\n\n\
                t := $\"n {limit}\" if { data.vigil.lib.x; not false }\n";
    let tree = vigil_rego::parse(text, None).tree.unwrap();
    let tokens = navigate::semantic_tokens(&tree, text, &is_builtin, &|name| name == "other");
    let index = LineIndex::new(text);
    let mut out = String::new();
    for t in tokens {
        let lc = index.line_col(t.range.start);
        let mut modifiers = String::new();
        if t.modifiers.declaration {
            modifiers.push_str(" declaration");
        }
        if t.modifiers.default_library {
            modifiers.push_str(" default_library");
        }
        writeln!(
            out,
            "{}:{} {:?} {:?}{modifiers}",
            lc.line + 1,
            lc.col + 1,
            &text[t.range.as_usize()],
            t.kind
        )
        .unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn crlf_line_breaks_and_wide_characters_keep_ranges_on_the_names() {
    let crlf = format!("//- wide.rego\n# 🙂 日本語 é\n{}", LOCALS.split_once("locals.rego\n").unwrap().1)
        .replace('\n', "\r\n")
        .replace("input.items", "input[\"🙂\"].items");
    let fixture = Fixture::new(&crlf);
    let files = fixture.files();
    let (_, text, tree, _) = &fixture.files[0];
    for (snippet, name) in
        [("v$0 == w", "v"), ("u$0 == 4", "u"), ("h($0limit)", "limit"), ("\"🙂\"].it$0ems", "")]
    {
        let offset = fixture.cursor("wide.rego", snippet);
        let found = navigate::document_highlights(&files, "wide.rego", offset);
        assert_eq!(found.len() >= 2, !name.is_empty(), "{snippet}: {found:?}");
        for h in found {
            assert_eq!(&text[h.range.as_usize()], name);
        }
    }
    for t in navigate::semantic_tokens(tree, text, &is_builtin, &|_| false) {
        assert!(!text[t.range.as_usize()].contains(['\r', '\n']), "{t:?}");
    }
}

// ---------------------------------------------------------------------------
// Properties on the repository's policies

fn policy_files() -> Vec<(String, String)> {
    common::rego_sources(&["policies"])
}

#[test]
fn semantic_tokens_are_sorted_disjoint_and_single_line_on_every_policy() {
    for (path, text) in policy_files() {
        let tree = vigil_rego::parse(&text, None).tree.unwrap();
        let tokens = navigate::semantic_tokens(&tree, &text, &is_builtin, &|_| false);
        assert!(!tokens.is_empty(), "{path}");
        let mut end = 0;
        for t in &tokens {
            assert!(t.range.start >= end && !t.range.is_empty(), "{path}: {t:?} overlaps or is empty");
            let body = &text[t.range.as_usize()];
            assert!(!body.contains(['\n', '\r']), "{path}: {t:?} spans lines");
            end = t.range.end;
        }
        // Every local of a rule is a variable or a parameter, never left uncoloured:
        // a sample, `some r in` declares `r` wherever it is written.
        for (i, _) in text.match_indices("some r in") {
            let start = (i + 5) as u32;
            let token = tokens.iter().find(|t| t.range.start == start);
            assert!(
                token.is_some_and(|t| t.kind == TokenKind::Variable && t.modifiers.declaration),
                "{path}: `some r` at {start} is {token:?}"
            );
        }
    }
}

#[test]
fn selection_ranges_are_nested_on_every_policy() {
    for (path, text) in policy_files() {
        let tree = vigil_rego::parse(&text, None).tree.unwrap();
        for k in 0..=10 {
            let offset = (text.len() * k / 10) as u32;
            let ranges = navigate::selection_ranges(&tree, &text, offset);
            assert_eq!(ranges.last(), Some(&TextRange::from_usize(0, text.len())), "{path} at {offset}");
            assert!(ranges[0].start <= offset && offset <= ranges[0].end, "{path} at {offset}: {ranges:?}");
            for pair in ranges.windows(2) {
                assert!(
                    pair[1].contains_range(pair[0]) && pair[1] != pair[0],
                    "{path} at {offset}: {ranges:?}"
                );
            }
        }
    }
}

#[test]
fn the_policies_navigate_as_one_workspace() {
    // Every use of a rule of a library resolves to its definition, from any file.
    let policies = policy_files();
    let parsed: Vec<(String, String, Tree, FileIndex)> =
        policies.iter().map(|(path, text)| Fixture::file(path, text)).collect();
    let fixture = Fixture { files: parsed };
    let files = fixture.files();
    let (path, text) =
        policies.iter().find(|(p, t)| p.ends_with("policy.rego") && t.contains("lib.is_false(")).unwrap();
    let offset = (text.find("lib.is_false(").unwrap() + 6) as u32;
    let found = navigate::definition(&files, path, offset);
    assert!(!found.is_empty() && found.iter().all(|l| l.path.starts_with("policies/lib/")), "{found:?}");
    let uses = navigate::references(&files, &found[0].path, found[0].range.start, false);
    assert!(uses.len() > 3, "{uses:?}");
    for l in &uses {
        assert_eq!(&fixture.text(&l.path)[l.range.as_usize()], "is_false", "{l:?}");
    }
}

#[test]
fn no_feature_panics_on_any_prefix_of_a_policy() {
    for (path, text) in policy_files() {
        for k in 1..=20 {
            let mut cut = text.len() * k / 20;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let prefix = &text[..cut];
            let (p, t, tree, index) = Fixture::file(&path, prefix);
            let file = File { path: &p, text: &t, tree: &tree, index: &index };
            let files = [file];
            let _ = navigate::document_symbols(&file);
            let _ = navigate::workspace_symbols(&files, "a");
            let _ = navigate::folding_ranges(&tree, &t);
            let _ = navigate::semantic_tokens(&tree, &t, &is_builtin, &|_| false);
            for j in 0..=3 {
                let offset = (t.len() * j / 3) as u32;
                let _ = navigate::selection_ranges(&tree, &t, offset);
                let _ = navigate::document_highlights(&files, &p, offset);
                let _ = navigate::definition(&files, &p, offset);
                let _ = navigate::references(&files, &p, offset, true);
                let _ = navigate::prepare_rename(&files, &p, offset, &is_builtin);
                let _ = navigate::rename(&files, &p, offset, "renamed", &is_builtin);
            }
        }
    }
}
