//! The policies run on regorus's VM (bytecode) with the interpreter as fallback; both
//! must give the same findings and diagnostics. Every workspace under testdata/ and
//! every built-in policy's fixtures are analysed both ways and compared.
#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use common::*;
use vigil_ide::{analyze, config::Config};

fn dirs_with_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "fixtures") {
                out.push(path.clone());
            }
            dirs_with_files(&path, out);
        }
    }
}

#[test]
fn the_vm_and_the_interpreter_agree_on_every_fixture() {
    let vm = builtin_policies();
    assert!(
        vm.compiled_rules() >= vm.policies.len(),
        "every built-in policy runs on the VM: {} rules for {} policies",
        vm.compiled_rules(),
        vm.policies.len()
    );
    assert_eq!(
        vm.document_lookups(),
        Vec::<String>::new(),
        "built-in rules that read a whole package at each evaluation (import the rule by name)"
    );
    let interpreter = builtin_policies().interpreter_only();
    assert_eq!(interpreter.compiled_rules(), 0);
    let root = repo_root();
    let mut roots: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("testdata"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs_with_files(&root.join("policies"), &mut roots);
    roots.sort();
    let mut compared = 0;
    for dir in roots {
        let mut files = Vec::new();
        files_under(&dir, &dir, &mut files);
        let a = analyze(&files, &vm, &Config::default(), TODAY);
        let b = analyze(&files, &interpreter, &Config::default(), TODAY);
        let shown = |x: &vigil_ide::Analysis| {
            let mut lines: Vec<String> = finding_lines(&files, x).lines().map(String::from).collect();
            lines.extend(x.findings.iter().map(|f| format!("{} {} {}", f.policy_id, f.address, f.message)));
            lines.extend(x.diagnostics.iter().map(|d| format!("{d:?}")));
            lines.sort();
            lines
        };
        let (sa, sb) = (shown(&a), shown(&b));
        if sa != sb {
            let only_vm: Vec<&String> = sa.iter().filter(|l| !sb.contains(l)).collect();
            let only_interpreter: Vec<&String> = sb.iter().filter(|l| !sa.contains(l)).collect();
            panic!("{}: VM only {only_vm:#?}\ninterpreter only {only_interpreter:#?}", dir.display());
        }
        compared += a.findings.len();
    }
    assert!(compared > 100, "only {compared} findings compared");
}
