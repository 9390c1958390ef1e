//! Assignments the policy engine may run as unifications.
//!
//! In Rego, `x := e` fails the body when `e` is undefined. regorus 0.14's virtual
//! machine binds the undefined value instead and goes on, so that `x := obj.missing`
//! followed by `not startswith(x, "a")`, `sprintf("%v", [x])` or `{"a": x}` holds
//! where its interpreter (and OPA) fail the rule; its `x = e` fails as it should. For
//! a variable that `:=` declares fresh, `x = e` means the same: it binds `x` to `e`,
//! and fails when `e` is undefined. [`fresh_colon_assignments`] finds the `:=` of such
//! assignments, so that the engine can write them `=` (same length: no position moves).

use std::collections::HashSet;

use vigil_syntax::TextRange;

use crate::{walk, Node, Tree};

/// The ranges of the `:=` operators of assignments in queries whose left side is a
/// variable the rule does not mention before (not a parameter, not declared by `some`,
/// not assigned twice) and that names no rule of the file and no import. Where `:=`
/// would be refused (a variable declared twice), it is left as written, so the error
/// stays.
pub fn fresh_colon_assignments(tree: &Tree, text: &str) -> Vec<TextRange> {
    let index = crate::index::index(tree, text);
    let mut taken: HashSet<String> = ["input", "data", "_"].iter().map(|s| s.to_string()).collect();
    taken.extend(index.rules.iter().filter_map(|r| r.name.first().cloned()));
    taken.extend(index.imports.iter().map(|i| i.alias.clone()));
    let mut out = Vec::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for rule in root.named_children(&mut cursor).filter(|n| n.kind() == "rule") {
        // Every `:=` assignment of a plain variable in the rule's bodies.
        let mut assignments: Vec<(Node<'_>, Node<'_>)> = Vec::new();
        walk::preorder(rule, |node, _, _| {
            if node.kind() == "assignment" {
                let operator = node.child_by_field_name("operator");
                let left = node.child_by_field_name("left");
                if let (Some(op), Some(left)) = (operator, left) {
                    if &text[op.byte_range()] == ":=" && left.kind() == "var" {
                        assignments.push((left, op));
                    }
                }
            }
            true
        });
        for (left, op) in &assignments {
            let name = &text[left.byte_range()];
            if taken.contains(name) {
                continue;
            }
            let twice = assignments.iter().filter(|(l, _)| &text[l.byte_range()] == name).count() > 1;
            if twice || mentioned_before(rule, text, name, left.start_byte()) {
                continue;
            }
            out.push(TextRange::from_usize(op.start_byte(), op.end_byte()));
        }
    }
    out
}

/// Whether `name` is written as a variable in `rule` before `at` (a parameter, a
/// `some`, an earlier use). The head's value and key (`f(x) := y`, `deny contains
/// msg`) are what the body computes, not bindings: not counted.
fn mentioned_before(rule: Node<'_>, text: &str, name: &str, at: usize) -> bool {
    let mut found = false;
    walk::preorder(rule, |node, field, ancestors| {
        if found || node.start_byte() >= at {
            return false;
        }
        let in_head = ancestors.last().is_some_and(|p| matches!(p.kind(), "rule_head" | "else"));
        if in_head && matches!(field, Some("value" | "key")) {
            return false;
        }
        if node.kind() == "var" && &text[node.byte_range()] == name {
            found = true;
        }
        true
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(text: &str) -> String {
        let tree = crate::parse(text, None).tree.unwrap();
        let mut out = text.to_string();
        for r in fresh_colon_assignments(&tree, text) {
            out.replace_range(r.as_usize(), " =");
        }
        out
    }

    #[test]
    fn fresh_variables_are_unified_and_the_rest_kept() {
        let text = "package p\n\nimport data.lib\nimport rego.v1\n\nlimit := 3\n\nf(x) := y if {\n\ty := x.a\n\tz := [v | some v in y; w := v.b; w > 1]\n\tcount(z) > 0\n}\n\ndeny contains msg if {\n\tsome c in input.cs\n\tc := 1\n\tlimit := 4\n\tlib := 2\n\tmsg := sprintf(\"%v\", [c])\n\tk := 1\n\tk := 2\n}\n";
        let out = rewritten(text);
        // Rule heads keep `:=`; fresh locals (also in a comprehension) become `=`.
        assert!(out.contains("limit := 3\n") && out.contains("f(x) := y if"), "{out}");
        assert!(
            out.contains("\ty  = x.a\n") && out.contains("\tz  = [v | some v in y; w  = v.b; w > 1]"),
            "{out}"
        );
        assert!(out.contains("\tmsg  = sprintf"), "{out}");
        // `some c` declared it, a rule and an import are named so, declared twice: kept.
        assert!(
            out.contains("\tc := 1\n") && out.contains("\tlimit := 4\n") && out.contains("\tlib := 2\n"),
            "{out}"
        );
        assert!(out.contains("\tk := 1\n\tk := 2\n"), "{out}");
        assert_eq!(out.len(), text.len());
    }
}
