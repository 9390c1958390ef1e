//! What the fuzz targets share: the invariants they check on every input, and the
//! multi-file input format of the targets that read a workspace.
//!
//! A target panics (and libFuzzer saves the input as a crash) when the code under test
//! panics, overflows the stack, or breaks one of these invariants:
//!
//! - every byte range Vigil reports (syntax errors, diagnostics, resource ranges and
//!   their source maps, origins, fix edits) lies inside the text it names and starts
//!   and ends on character boundaries (output converts them to lines and columns, the
//!   language server to UTF-16 positions, and `&text[range]` panics on anything else);
//! - a fix that is made leaves every file it edits parseable, and reads back as the
//!   value it set.

use std::collections::BTreeMap;

use vigil_model::{Model, SourceFile};
use vigil_syntax::{Diagnostic, SNode, SValue, SyntaxError, TextRange};

/// The text of a fuzz input: invalid UTF-8 is replaced (the CLI reads such a file as
/// binary data; the parsers only ever see text).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Panics unless `range` is a range of `text` whose ends are character boundaries.
pub fn check_range(text: &str, range: TextRange, what: &str) {
    let (start, end) = (range.start as usize, range.end as usize);
    assert!(start <= end, "{what}: range {start}..{end} is reversed");
    assert!(end <= text.len(), "{what}: range {start}..{end} ends past the text ({} bytes)", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: range {start}..{end} is not on character boundaries"
    );
}

pub fn check_syntax_errors(text: &str, errors: &[SyntaxError]) {
    for e in errors {
        check_range(text, e.range, &format!("syntax error `{}`", e.message));
        assert!(!e.message.is_empty(), "a syntax error without a message at {:?}", e.range);
    }
}

/// Checks every node of a YAML or JSON tree (iteratively: the tree may be deep).
pub fn check_tree(text: &str, root: &SNode) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        check_range(text, node.range, "node");
        match &node.value {
            SValue::Seq(items) => stack.extend(items),
            SValue::Map(entries) => {
                for e in entries {
                    check_range(text, e.key_range, &format!("key `{}`", e.key));
                    check_range(text, e.range, &format!("entry `{}`", e.key));
                    stack.push(&e.value);
                }
            }
            SValue::Tagged(_, inner) => stack.push(inner),
            SValue::Null | SValue::Bool(_) | SValue::Int(_) | SValue::Float(_) | SValue::String(_) => {}
        }
    }
}

/// Splits a fuzz input into files, as the repository's multi-file fixtures are
/// written: a line `//- /path` starts a file. Text before the first such line (or the
/// whole input, when there is none) is `main.tf`. Paths are kept relative and
/// `/`-separated, and at most 8 files are read.
pub fn files(input: &str) -> Vec<SourceFile> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut path = String::from("main.tf");
    let mut body = String::new();
    for line in input.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("//- ") {
            files.entry(std::mem::take(&mut path)).or_default().push_str(&body);
            body.clear();
            path = clean_path(name.trim_end_matches(['\n', '\r']));
        } else {
            body.push_str(line);
        }
    }
    files.entry(path).or_default().push_str(&body);
    files.into_iter().filter(|(_, t)| !t.is_empty()).take(8).map(|(p, t)| SourceFile::new(p, t)).collect()
}

fn clean_path(name: &str) -> String {
    let parts: Vec<&str> =
        name.split('/').filter(|p| !p.is_empty() && *p != "." && *p != ".." && !p.contains('\\')).collect();
    if parts.is_empty() {
        "main.tf".to_string()
    } else {
        parts.join("/")
    }
}

/// Panics unless a diagnostic's range is in its file (when the file is one of
/// `files`: a module that is not found is reported at its call, in a file that is).
pub fn check_diagnostics(files: &[SourceFile], diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.message.is_empty(), "a diagnostic without a message: {d:?}");
        if let Some(text) = text_of(files, &d.file) {
            check_range(text, d.range, &format!("diagnostic `{}` in {}", d.message, d.file));
        }
    }
}

/// Every range of a model: diagnostics, resources, their source maps and origins.
pub fn check_model(files: &[SourceFile], model: &Model) {
    check_diagnostics(files, &model.diagnostics);
    for stack in &model.stacks {
        for r in &stack.resources {
            let Some(text) = text_of(files, &r.file) else {
                panic!("resource {} is in {}, which is not an input file", r.address, r.file);
            };
            check_range(text, r.range, &format!("resource {}", r.address));
            check_range(text, r.header, &format!("header of {}", r.address));
            for (pointer, span) in &r.source_map {
                check_range(text, span.value, &format!("{}#{pointer}", r.address));
                if let Some(key) = span.key {
                    check_range(text, key, &format!("key of {}#{pointer}", r.address));
                }
            }
        }
        for (name, origins) in &stack.origins {
            for o in origins {
                if let Some(text) = text_of(files, &o.file) {
                    check_range(text, o.range, &format!("origin of {name} in {}", o.file));
                }
            }
        }
    }
}

pub fn text_of<'f>(files: &'f [SourceFile], path: &str) -> Option<&'f str> {
    files.iter().find(|f| f.path == path).map(|f| f.text.as_str())
}

#[cfg(test)]
mod tests {
    use super::files;

    #[test]
    fn files_are_split_at_headers() {
        let f = files("a = 1\n//- /mod/x.tf\nb = 2\n//- /../../etc/y.yaml\nc: 3\n");
        let names: Vec<(&str, &str)> = f.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect();
        assert_eq!(names, [("etc/y.yaml", "c: 3\n"), ("main.tf", "a = 1\n"), ("mod/x.tf", "b = 2\n")]);
        assert_eq!(files("x")[0].path, "main.tf");
    }
}
