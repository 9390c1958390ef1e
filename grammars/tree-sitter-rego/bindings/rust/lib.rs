//! The Rego grammar Vigil's policy editor parses with: error-tolerant, v1 and v0.
//! See the crate's README.md.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_rego() -> *const ();
}

/// The tree-sitter language of this grammar.
// SAFETY: `tree_sitter_rego` is the generated parser's constructor, which returns a
// pointer to a static `TSLanguage`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_rego) };

/// The grammar's node types (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// Highlight queries, in Neovim's capture names (`queries/highlights.scm`).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// Scopes, definitions and references (`queries/locals.scm`).
pub const LOCALS_QUERY: &str = include_str!("../../queries/locals.scm");

/// Foldable nodes (`queries/folds.scm`).
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");
