//! Rego understanding for Vigil's policy editor: an error-tolerant syntax tree of a
//! policy file (tree-sitter, `grammars/tree-sitter-rego`) and its syntax errors,
//! every one of them, where they are.
//!
//! Pure and synchronous like the rest of the core: text in, data out. The policy
//! engine (`vigil-policy`) still compiles and evaluates policies with regorus; this
//! crate reads what regorus cannot while a policy is half typed.

pub mod assign;
pub mod builtins;
pub mod check;
pub mod complete;
pub mod format;
pub mod index;
pub mod navigate;
mod walk;

use vigil_syntax::{Language, Limits, SyntaxError};

pub use vigil_syntax::tree_sitter::{self, Node, Tree};

/// A parsed policy file.
pub struct Parsed {
    /// `None` only for a file nested deeper than the readers' ceiling.
    pub tree: Option<Tree>,
    /// Every syntax error (up to a cap per file), in the order of the text.
    pub errors: Vec<SyntaxError>,
}

/// Parses a policy file. With `old` (the previous tree, already adjusted with
/// `Tree::edit` for the changes) only what changed is parsed again.
pub fn parse(text: &str, old: Option<&Tree>) -> Parsed {
    let limits = Limits::default();
    if let Some(error) = vigil_syntax::too_deep(Language::Rego, text, &limits) {
        return Parsed { tree: None, errors: vec![error] };
    }
    let tree = vigil_syntax::parse_tree(Language::Rego, text, old);
    let errors =
        tree.as_ref().map(|t| vigil_syntax::collect_syntax_errors(t.root_node(), text)).unwrap_or_default();
    Parsed { tree, errors }
}

/// A file's declarations and calls (see [`index::index`]); empty for a file too
/// deep to parse.
pub fn index_text(text: &str) -> index::FileIndex {
    parse(text, None).tree.map(|t| index::index(&t, text)).unwrap_or_default()
}
