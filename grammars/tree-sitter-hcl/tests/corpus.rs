//! Runs `test/corpus/*.txt` without the tree-sitter CLI (see `../../corpus_runner.rs`).

#[path = "../../corpus_runner.rs"]
mod corpus_runner;

#[test]
fn corpus_entries_parse_to_their_expected_trees() {
    corpus_runner::run(env!("CARGO_MANIFEST_DIR"), vigil_tree_sitter_hcl::LANGUAGE.into(), 30);
}
