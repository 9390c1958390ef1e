//! Policies: loading Rego modules with their METADATA, isolating broken ones, and
//! evaluating them on previewed resources with regorus.
//!
//! Pure and synchronous: sources come in as text, results go out as data. Every
//! evaluation runs under `catch_unwind` and regorus's execution timer, so a panic or a
//! runaway rule is reported on its policy file and never takes anything else down.

pub mod checks;
mod engine;
mod explain;
pub mod framework;
mod memo;
mod metadata;
mod precompiled;
mod recursion;
mod testing;
mod vm_hazards;

pub use engine::{
    panic_is_contained, EvalOutput, LoadCache, PolicyResult, PolicySet, ResultCache, ResultKind, StackData,
    DEFAULT_TIME_LIMIT,
};
pub use explain::Explained;
pub use framework::{Framework, Frameworks};
pub use metadata::{Enforcement, PolicyMeta, Severity};
pub use precompiled::{precompile, Precompiled};
pub use testing::{run_tests, TestOutcome, TestReport};

/// One Rego file: its path (workspace-relative for user policies, `builtin:` prefixed
/// for the embedded packs), its text and the pack it belongs to.
#[derive(Debug, Clone)]
pub struct PolicySource {
    pub path: String,
    pub text: String,
    pub pack: String,
}

/// The start of the paths of the built-in packs' sources (`builtin:aws/s3/...`).
pub const BUILTIN_PREFIX: &str = "builtin:";

impl PolicySource {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }

    /// Whether this is a source of the built-in packs (not a file of the user's).
    pub fn is_builtin(&self) -> bool {
        self.path.starts_with(BUILTIN_PREFIX)
    }
}
