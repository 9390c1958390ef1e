//! Architecture invariants: only the language-server crate knows LSP and async, and
//! the core is pure (no file IO, clock, threads or process access).

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use std::path::Path;

const CORE_CRATES: &[&str] =
    &["vigil-syntax", "vigil-model", "vigil-policy", "vigil-fix", "vigil-ide", "vigil-rego"];
const FORBIDDEN_DEPENDENCIES: &[&str] = &[
    "tokio",
    "tower-lsp",
    "tower-lsp-server",
    "lsp-types",
    "ls-types",
    "async-std",
    "futures",
    "rayon",
    "indicatif",
];
const FORBIDDEN_CALLS: &[&str] = &[
    "std::fs",
    "std::thread",
    "std::process",
    "std::time::SystemTime",
    "std::time::Instant",
    "std::env::current_dir",
    "std::env::var",
    "Instant::now",
    "SystemTime::now",
    "println!",
    "eprintln!",
];

fn crates_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn core_crates_do_not_depend_on_lsp_async_or_threads() {
    for name in CORE_CRATES {
        let manifest = std::fs::read_to_string(crates_dir().join(name).join("Cargo.toml")).unwrap();
        let deps = manifest.split("[dependencies]").nth(1).unwrap_or("").split("\n[").next().unwrap_or("");
        for line in deps.lines() {
            let dep = line.split(['=', '.', ' ']).next().unwrap_or("").trim();
            assert!(
                !FORBIDDEN_DEPENDENCIES.contains(&dep),
                "{name} depends on {dep}: only the LSP crate and the CLI may"
            );
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // `src/tests/` holds unit-test modules (`#[cfg(test)] mod tests;`).
            if path.file_name().is_some_and(|n| n != "tests") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_sources_do_no_io_clock_or_threads() {
    for name in CORE_CRATES {
        let mut files = Vec::new();
        rust_files(&crates_dir().join(name).join("src"), &mut files);
        assert!(!files.is_empty());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Unit tests may print and read.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code = if file.file_name().is_some_and(|n| n == "tests.rs") { "" } else { code };
            for call in FORBIDDEN_CALLS {
                assert!(
                    !code.contains(call),
                    "{} uses {call}: the core takes text and returns data",
                    file.display()
                );
            }
        }
    }
}
