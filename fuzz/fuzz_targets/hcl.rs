//! The HCL reader (`vigil_syntax::hcl::parse`): any text, no panic, errors in range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = vigil_fuzz::text(data);
    let file = vigil_syntax::hcl::parse(&text);
    vigil_fuzz::check_syntax_errors(&text, &file.errors);
    if let Some(tree) = &file.tree {
        // The tree is of the text as given (broken items blanked, offsets kept).
        assert!(tree.root_node().end_byte() <= text.len(), "the tree ends past the text");
    }
});
