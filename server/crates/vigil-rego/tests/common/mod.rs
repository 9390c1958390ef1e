//! What the crate's tests share: the repository's policy files.
#![allow(clippy::unwrap_used, dead_code)] // tests fail loudly; each test uses a part

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn rego_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rego_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rego") {
            out.push(path);
        }
    }
}

/// Every `.rego` under the repository's `dirs` (`policies`, `testdata`), by its path
/// from the repository's root, in order.
pub fn rego_sources(dirs: &[&str]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in dirs {
        rego_files(&repo_root().join(dir), &mut files);
    }
    assert!(files.len() >= 20, "only {} policy files found", files.len());
    files
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(repo_root()).unwrap().display().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// Every `.rego` under `policies/` and `testdata/`.
pub fn policies() -> Vec<(String, String)> {
    let files = rego_sources(&["policies", "testdata"]);
    assert!(files.len() >= 70, "only {} policy files found", files.len());
    files
}
