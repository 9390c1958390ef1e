//! The Rego syntax tree: every policy of the repository parses without an error, a
//! half-typed file reports every error where it is and keeps the rules around it,
//! and no prefix of a policy (what a file is while it is typed) breaks the parser.

#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

/// The kinds of the named nodes of a tree, depth first (without recursion).
fn kinds(node: vigil_rego::Node<'_>) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    loop {
        if cursor.node().is_named() {
            out.push(cursor.node().kind());
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

#[test]
fn every_policy_of_the_repository_parses_without_an_error() {
    let mut failures = Vec::new();
    let mut rules = 0;
    for (path, text) in common::policies() {
        let parsed = vigil_rego::parse(&text, None);
        let tree = parsed.tree.unwrap();
        if tree.root_node().has_error() || !parsed.errors.is_empty() {
            failures.push(format!("{}: {:?}", path, parsed.errors));
        }
        rules += kinds(tree.root_node()).iter().filter(|k| **k == "rule").count();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rules > 500, "only {rules} rules read");
}

#[test]
fn every_syntax_error_is_reported_and_the_rules_around_them_are_kept() {
    let text = "package p\n\nimport rego.v1\n\ndeny contains msg if {\n\tx := input.\n\tmsg := \"a\"\n}\n\nallow if {\n\tinput.y ==\n}\n\nok := 1\n\nf(x) := y if {\n\ty := count(x\n}\n\nlast if true\n";
    let parsed = vigil_rego::parse(text, None);
    let lines: Vec<usize> =
        parsed.errors.iter().map(|e| text[..e.range.start as usize].matches('\n').count() + 1).collect();
    assert_eq!(lines, vec![6, 11, 17], "{:?}", parsed.errors);
    let tree = parsed.tree.unwrap();
    let heads: Vec<&str> = kinds(tree.root_node()).into_iter().filter(|k| *k == "rule_head").collect();
    assert_eq!(heads.len(), 5, "every rule is still there");
}

/// The tree-sitter point (row, byte column) of a byte offset.
fn point(text: &str, at: usize) -> vigil_rego::tree_sitter::Point {
    let before = &text[..at];
    let row = before.matches('\n').count();
    vigil_rego::tree_sitter::Point { row, column: at - before.rfind('\n').map_or(0, |n| n + 1) }
}

/// Each prefix of a policy at every 7th byte, as it is while being typed: the tree
/// covers the text (only whitespace outside it), errors lie inside it, and the tree
/// parsed incrementally from the previous prefix's is the tree parsed afresh.
#[test]
fn every_prefix_of_a_policy_parses_incrementally_and_covers_the_text() {
    let (_, text) =
        common::policies().into_iter().find(|(p, _)| p.ends_with("s3_public_acl/policy.rego")).unwrap();
    let mut old: Option<(vigil_rego::Tree, usize)> = None;
    let mut checked = 0;
    for end in (0..=text.len()).step_by(7).filter(|e| text.is_char_boundary(*e)) {
        let prefix = &text[..end];
        let fresh = vigil_rego::parse(prefix, None);
        let tree = fresh.tree.unwrap();
        let root = tree.root_node();
        assert!(prefix[..root.start_byte()].trim().is_empty(), "{end}");
        assert!(prefix[root.end_byte().min(end)..].trim().is_empty(), "{end}: text after the tree");
        for e in &fresh.errors {
            assert!(e.range.end as usize <= end, "{e:?} past the end of {end} bytes");
        }
        if let Some((mut previous, previous_end)) = old.take() {
            previous.edit(&vigil_rego::tree_sitter::InputEdit {
                start_byte: previous_end,
                old_end_byte: previous_end,
                new_end_byte: end,
                start_position: point(prefix, previous_end),
                old_end_position: point(prefix, previous_end),
                new_end_position: point(prefix, end),
            });
            let incremental = vigil_rego::parse(prefix, Some(&previous)).tree.unwrap();
            assert_eq!(incremental.root_node().to_sexp(), root.to_sexp(), "at {end}");
            checked += 1;
        }
        old = Some((tree, end));
    }
    assert!(checked > 500, "{checked}");
}
