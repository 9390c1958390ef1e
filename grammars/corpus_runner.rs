//! The corpus runner of the grammars here: `test/corpus/*.txt` (tree-sitter's corpus
//! format, also run by `tree-sitter test`) without the tree-sitter CLI: each entry's
//! input must parse to exactly its expected tree. Included by each grammar's
//! `tests/corpus.rs` (`#[path]`), which names its language.

use std::path::Path;

struct Entry {
    name: String,
    input: String,
    expected: String,
}

/// Splits a corpus file into entries: `===` header with the name, the input, `---`,
/// the expected S-expression.
fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !line.starts_with("===") {
            continue;
        }
        let name = lines.next().unwrap_or_default().to_string();
        lines.next(); // the closing `===`
        let mut input = Vec::new();
        for l in lines.by_ref() {
            if l.len() >= 3 && l.bytes().all(|b| b == b'-') {
                break;
            }
            input.push(l);
        }
        let mut expected = Vec::new();
        while let Some(l) = lines.peek() {
            if l.starts_with("===") {
                break;
            }
            expected.push(*l);
            lines.next();
        }
        out.push(Entry {
            name,
            input: input.join("\n").trim().to_string() + "\n",
            expected: normalize(&expected.join(" ")),
        });
    }
    out
}

/// One line, single spaces, field names (`key:`) left out as `tree-sitter test` does.
fn normalize(sexp: &str) -> String {
    let spaced = sexp.replace('(', " (").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().filter(|t| !t.ends_with(':')).collect();
    tokens.join(" ").replace("( ", "(").replace(" )", ")")
}

/// Parses every entry of the `test/corpus/*.txt` files under `crate_dir` with
/// `language` and fails with every entry whose tree differs; at least `min` entries.
pub fn run(crate_dir: &str, language: tree_sitter::Language, min: usize) {
    let dir = Path::new(crate_dir).join("test/corpus");
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).expect("the grammar loads");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("test/corpus").flatten().map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a corpus file");
        for entry in entries(&text) {
            let tree = parser.parse(&entry.input, None).expect("a tree");
            let actual = normalize(&tree.root_node().to_sexp());
            if actual != entry.expected {
                failures.push(format!(
                    "{}: {}\n  input:    {}\n  expected: {}\n  actual:   {}",
                    file.display(),
                    entry.name,
                    entry.input.trim(),
                    entry.expected,
                    actual
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= min, "only {checked} corpus entries found in {}", dir.display());
    assert!(failures.is_empty(), "{} of {checked} entries differ:\n{}", failures.len(), failures.join("\n"));
}
