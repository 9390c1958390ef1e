//! Fix application (`vigil_fix::fix`): a fuzzed file, one of its resources and a fix
//! operation on one of the resource's own paths. No panic; a fix that is made has its
//! edits in range, leaves the file parseable, and reads back as the value it set.
//!
//! The first byte chooses the file's syntax and the operation, the second the
//! resource and the path; the rest is the file's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use vigil_model::{PlanOptions, SourceFile};
use vigil_syntax::Limits;

/// The file names by syntax: Terraform, YAML (CloudFormation, a manifest or a Pulumi
/// program by content), JSON (a template or a manifest by content).
const PATHS: [&str; 3] = ["main.tf", "main.yaml", "main.json"];

fuzz_target!(|data: &[u8]| {
    let [choice, pick, rest @ ..] = data else { return };
    let path = PATHS[usize::from(*choice) % PATHS.len()];
    let op_choice = usize::from(*choice) / PATHS.len();
    let text = vigil_fuzz::text(rest);
    let files = vec![SourceFile::new(path, text.clone())];
    // The file is read under a lowered preview budget first, as the `preview` target
    // reads files: one that needs more work than that is the preview's to fuzz, not
    // the fix's (which reads the stack again under the default budget, 20 million
    // steps, seconds per read, after each operation).
    let limits = Limits { preview_steps: 1_000_000, ..Limits::default() };
    let (inputs, diagnostics) = vigil_model::plan_stacks_with(&files, PlanOptions { audit: false, limits });
    let loaded: Vec<_> = inputs.iter().map(|input| vigil_model::load_stack_with(input, &limits, None)).collect();
    let model = vigil_model::assemble(loaded, diagnostics);
    if model.diagnostics.iter().any(|d| d.code == "preview-budget") {
        return;
    }
    let resources: Vec<_> = model.resources().filter(|r| r.file == path && !r.instances_unknown).collect();
    if resources.is_empty() {
        return;
    }
    let resource = resources[usize::from(*pick) % resources.len()];
    // Not the paths that name the resource (a manifest's kind and name): changing them
    // makes another resource, which cannot read back.
    let pointers: Vec<&String> =
        resource.source_map.keys().filter(|p| !p.is_empty() && !IDENTITY.contains(&p.as_str())).collect();
    let Some(op) = operation(op_choice, &pointers, usize::from(*pick) / resources.len().max(1)) else {
        return;
    };
    let Ok(fix) = vigil_fix::fix(&files, path, &resource.address, std::slice::from_ref(&op)) else { return };
    let mut fixed = text.clone();
    for (file, edits) in &fix.files {
        assert_eq!(file, path, "the fix edits a file that is not the resource's");
        for e in edits {
            vigil_fuzz::check_range(&text, e.range, "fix edit");
        }
        fixed = vigil_fix::apply(&text, edits);
        if let Some(message) = vigil_fix::syntax_error(path, &fixed) {
            panic!("the fixed file does not parse ({message}):\n{fixed}\nop: {op}");
        }
    }
    // Text with control characters YAML and JSON forbid (NUL, ...) is read somehow,
    // but what a key placed among them means is anyone's guess: no read-back there.
    if !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        read_back(path, &fixed, &resource.address, &op);
    }
});

const IDENTITY: [&str; 6] =
    ["/kind", "/apiVersion", "/metadata", "/metadata/name", "/metadata/namespace", "/metadata/generateName"];

/// Values that have broken writers before: template sequences, quotes, backslashes,
/// line breaks, YAML indicators, non-ASCII text, and a few shapes.
fn values() -> [Value; 14] {
    [
        json!("private"),
        json!(true),
        json!(12345),
        json!("$${x}"),
        json!("${var.x} %{ if a }"),
        json!("say \"hi\" \\ back"),
        json!("line one\nline two"),
        json!("- a: {b}"),
        json!("# not a comment"),
        json!("é🙂\u{7f}"),
        json!("yes"),
        json!("0644"),
        json!({"enabled": true}),
        json!(["a", 1]),
    ]
}

/// One JSON Patch operation on one of the resource's paths.
fn operation(choice: usize, pointers: &[&String], pick: usize) -> Option<Value> {
    let pointer = pointers.get(pick % pointers.len().max(1))?;
    let values = values();
    let value = values[choice % values.len()].clone();
    Some(match (choice / values.len()) % 4 {
        0 => json!({"op": "replace", "path": pointer, "value": value}),
        1 => json!({"op": "remove", "path": pointer}),
        2 => json!({"op": "add", "path": format!("{pointer}/fuzz_key"), "value": value}),
        _ => json!({"op": "add", "path": "/fuzz_top", "value": value}),
    })
}

/// A scalar set by `replace` or `add` reads back as itself.
fn read_back(path: &str, fixed: &str, address: &str, op: &Value) {
    let (Some(pointer), Some(value)) = (op["path"].as_str(), op.get("value")) else { return };
    if !(value.is_string() || value.is_boolean() || value.is_number()) {
        return;
    }
    let model = vigil_model::load_workspace(&[SourceFile::new(path, fixed)]);
    let Some(resource) = model.resources().find(|r| r.address == address) else {
        panic!("the fixed file lost {address}:\n{fixed}\nop: {op}");
    };
    if resource.unknown.iter().any(|u| pointer.starts_with(u.as_str())) {
        return;
    }
    let read = resource.values.pointer(pointer);
    assert_eq!(read, Some(value), "the fix does not read back:\n{fixed}\nop: {op}");
}
