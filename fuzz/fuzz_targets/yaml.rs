//! The YAML reader: any text, no panic, every node and error in range (alias
//! expansion and depth are budgeted, so no blow-up either). Scalars resolve with the
//! core schema; the others are reached through the `preview` target (CloudFormation
//! and Kubernetes files).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = vigil_fuzz::text(data);
    let file = vigil_syntax::yaml::parse(&text);
    vigil_fuzz::check_syntax_errors(&text, &file.errors);
    for doc in &file.documents {
        vigil_fuzz::check_range(&text, doc.range, "document");
        if let Some(root) = &doc.root {
            vigil_fuzz::check_tree(&text, root);
        }
    }
});
