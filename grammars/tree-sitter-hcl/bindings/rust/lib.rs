//! The HCL grammar Vigil parses Terraform with: tree-sitter-hcl 1.1.0's node names,
//! with HCL's operator precedence (postfix operators bind tightest, `? :` is
//! right-associative, `1e3` is a number). See the crate's README.md.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_hcl() -> *const ();
}

/// The tree-sitter language of this grammar.
// SAFETY: `tree_sitter_hcl` is the generated parser's constructor, which returns a
// pointer to a static `TSLanguage`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_hcl) };

/// The grammar's node types (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

#[cfg(test)]
mod tests {
    fn sexp(text: &str) -> String {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&super::LANGUAGE.into()).expect("the grammar loads");
        parser.parse(text, None).expect("a tree").root_node().to_sexp()
    }

    #[test]
    fn attribute_access_binds_tighter_than_and() {
        let tree = sexp("a = x && var.b\n");
        assert!(
            tree.contains("(binary_operation (variable_expr (identifier)) (variable_expr (identifier)) (get_attr (identifier)))"),
            "{tree}"
        );
    }
}
