//! HCL (Terraform) through tree-sitter-hcl. The tree is handed to the model layer,
//! which reads blocks and evaluates expressions from it.

use crate::{collect_syntax_errors, SyntaxError};

pub struct HclFile {
    pub tree: Option<tree_sitter::Tree>,
    pub errors: Vec<SyntaxError>,
}

pub fn parse(text: &str) -> HclFile {
    parse_from(text, None)
}

/// Reads `text`, using `tree` when the caller already parsed it (incrementally).
pub fn parse_from(text: &str, tree: Option<tree_sitter::Tree>) -> HclFile {
    let tree = tree.or_else(|| crate::parse_tree(crate::Language::Hcl, text, None));
    let errors = tree.as_ref().map(|t| collect_syntax_errors(t.root_node(), text)).unwrap_or_default();
    HclFile { tree, errors }
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_in_one_block_keeps_the_others() {
        let text = "resource \"a\" \"b\" {\n  x = \n}\nresource \"c\" \"d\" {\n  y = 1\n}\n";
        let file = super::parse(text);
        assert!(!file.errors.is_empty());
        let tree = file.tree.unwrap();
        let sexp = tree.root_node().to_sexp();
        assert!(
            sexp.contains("(attribute (identifier) (expression (literal_value (numeric_lit))))"),
            "{sexp}"
        );
    }
}
