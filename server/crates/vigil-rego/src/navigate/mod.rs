//! Navigation in policy files, as plain data for any client: outline and symbol
//! search, folding, expand selection, semantic tokens, highlights, go to definition,
//! find references and rename. Everything is in byte offsets; the language server
//! converts to positions (and to LSP's types) at its edge.
//!
//! Names resolve as the policy engine resolves them (see [`crate::check`]): a bare
//! `f` in a body is a local if the rule declares it, else a rule of the file's
//! package (defined in any file of that package); `lib.f` goes through
//! `import data.vigil.lib`, `p.deny` through `import data.x as p`, and
//! `data.x.y.f` is absolute. Locals are scoped as Rego scopes them (see
//! `analysis.rs`). Features that read names across files take all the workspace's
//! policy files, so that a rule is found wherever its package is written.
//!
//! Every walk of a tree goes through a cursor (`crate::walk`): no recursion, whatever
//! the nesting.

mod analysis;
mod folding;
mod rename;
mod search;
mod selection;
mod symbols;
mod tokens;
mod undefined;

use std::collections::HashSet;

use vigil_syntax::TextRange;

use crate::index::FileIndex;
use crate::Tree;

pub use folding::{folding_ranges, Fold, FoldKind};
pub use rename::{prepare_rename, rename, CONTRACT_RULES, READ_ONLY_PREFIX};
pub use search::{definition, document_highlights, references};
pub use selection::selection_ranges;
pub use symbols::{document_symbols, workspace_symbols, Symbol, SymbolKind};
pub use tokens::{semantic_tokens, Modifiers, Token, TokenKind};
pub use undefined::{undefined_rules, Undefined};

/// A policy file as the features read it: its text, its tree (from
/// [`crate::parse`]) and its index (from [`crate::index::index`]) of that text.
#[derive(Clone, Copy)]
pub struct File<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub tree: &'a Tree,
    pub index: &'a FileIndex,
}

/// A range in a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub path: String,
    pub range: TextRange,
}

/// An occurrence of a name in the file being edited; `write` where it is declared,
/// defined or assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Highlight {
    pub range: TextRange,
    pub write: bool,
}

/// A replacement of a range of a file's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub path: String,
    pub range: TextRange,
    pub new_text: String,
}

/// The rules of the package of the file `path`, in every file, by the first part of
/// their names: what [`semantic_tokens`] needs to tell a rule defined in another
/// file of the package from a variable.
pub fn package_rule_names(files: &[File<'_>], path: &str) -> HashSet<String> {
    let package_of = |f: &File<'_>| f.index.package.as_ref().map(|(p, _)| p.clone()).unwrap_or_default();
    let Some(file) = files.iter().find(|f| f.path == path) else { return HashSet::new() };
    let package = package_of(file);
    files
        .iter()
        .filter(|f| package_of(f) == package)
        .flat_map(|f| f.index.rules.iter().filter_map(|r| r.name.first().cloned()))
        .collect()
}
