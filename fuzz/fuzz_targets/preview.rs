//! The preview of a workspace: a few files (`//- /path` lines start each; the default
//! is `main.tf`) grouped into stacks and read, as `vigil check --audit` and the
//! language server do. No panic, no runaway memory or time, every range in its file.
//!
//! The budgets are lowered (as a `vigil.toml` `[limits]` table may): hitting them is
//! as well tested, and each input stays cheap enough for the fuzzer to try many.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_model::PlanOptions;
use vigil_syntax::Limits;

fuzz_target!(|data: &[u8]| {
    let files = vigil_fuzz::files(&vigil_fuzz::text(data));
    let limits = Limits {
        instances: 200,
        module_tree_instances: 2_000,
        function_value_mib: 1,
        setproduct_elements: 5_000,
        preview_steps: 1_000_000,
        ..Limits::default()
    };
    let (inputs, diagnostics) = vigil_model::plan_stacks_with(&files, PlanOptions { audit: true, limits });
    let loaded: Vec<_> =
        inputs.iter().map(|input| vigil_model::load_stack_with(input, &limits, None)).collect();
    let model = vigil_model::assemble(loaded, diagnostics);
    vigil_fuzz::check_model(&files, &model);
});
