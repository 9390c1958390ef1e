//! The preview of a workspace: a few files (`//- /path` lines start each; the default
//! is `main.tf`) grouped into stacks and read, as `vigil check` does. No panic, no
//! runaway memory or time (budgets), every range in its file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = vigil_fuzz::files(&vigil_fuzz::text(data));
    // Any file but Terraform's may be read as JSON (a template by its content).
    let tf = |path: &str| path.ends_with(".tf") || path.ends_with(".tfvars");
    if files.iter().any(|f| {
        (!tf(&f.path) && vigil_fuzz::json_string_spans_a_line(&f.text))
            || vigil_fuzz::splits_a_char_at_4096(&f.text)
    }) {
        return;
    }
    let (inputs, diagnostics) = vigil_model::plan_stacks(&files);
    let loaded: Vec<_> = inputs.iter().map(vigil_model::load_stack).collect();
    let model = vigil_model::assemble(loaded, diagnostics);
    vigil_fuzz::check_model(&files, &model);
});
