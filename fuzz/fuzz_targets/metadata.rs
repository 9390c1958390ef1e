//! Policy loading: a Rego module's METADATA block (and, when the input is a whole
//! module, its Rego: the recursion check and regorus's parser). No panic or abort,
//! every diagnostic in the module's text.
//!
//! An input that does not say `package` is the YAML of a METADATA block: it is
//! written as the comment block of a small policy.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use vigil_policy::{PolicySet, PolicySource};

fuzz_target!(|data: &[u8]| {
    let input = vigil_fuzz::text(data);
    let text = if input.contains("package") { input } else { policy_with_metadata(&input) };
    let path = "policies/fuzz.rego";
    let source = PolicySource { path: path.to_string(), text: text.clone(), pack: "fuzz".to_string() };
    let set = PolicySet::load(&[source], Duration::from_secs(1));
    for d in &set.diagnostics {
        if d.file == path {
            vigil_fuzz::check_range(&text, d.range, &format!("diagnostic `{}`", d.message));
        }
    }
});

fn policy_with_metadata(yaml: &str) -> String {
    let mut text = String::from("# METADATA\n");
    for line in yaml.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("package fuzz.policy\n\nimport rego.v1\n\ndeny contains msg if {\n  input.resource.values.acl == \"public-read\"\n  msg := \"public\"\n}\n");
    text
}
