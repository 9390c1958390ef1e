//! Before → after fixtures for every syntax (insta inline snapshots).

mod hcl;
mod json;
mod yaml;

use serde_json::Value;
use vigil_model::SourceFile;

/// Applies `ops` on `address` in a workspace of (path, text) files; returns the
/// texts of the files the fix changed, each under a `--- path` line.
pub(crate) fn fix_files(files: &[(&str, &str)], address: &str, ops: Value) -> String {
    let sources: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    let model = vigil_model::load_workspace(&sources);
    let resource = model.resources().find(|r| r.address == address).unwrap_or_else(|| {
        panic!("no resource {address} in {:?}", model.resources().map(|r| &r.address).collect::<Vec<_>>())
    });
    let fix = crate::fix(&sources, &resource.file, address, ops.as_array().expect("an array of ops"))
        .unwrap_or_else(|e| panic!("no fix: {e}"));
    let mut out = String::new();
    for (path, edits) in &fix.files {
        let text = files.iter().find(|(p, _)| p == path).map(|(_, t)| *t).expect("a known file");
        out.push_str(&format!("--- {path}\n{}", crate::apply(text, edits)));
    }
    for note in &fix.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

/// One file: the fixed text.
pub(crate) fn fix_one(path: &str, text: &str, address: &str, ops: Value) -> String {
    let out = fix_files(&[(path, text)], address, ops);
    out.strip_prefix(&format!("--- {path}\n")).map(str::to_string).unwrap_or(out)
}

/// The error a fix gives.
pub(crate) fn fix_error(path: &str, text: &str, address: &str, ops: Value) -> String {
    let sources = vec![SourceFile::new(path, text)];
    match crate::fix(&sources, path, address, ops.as_array().expect("an array of ops")) {
        Ok(fix) => panic!("expected an error, got {fix:?}"),
        Err(e) => e.0,
    }
}
