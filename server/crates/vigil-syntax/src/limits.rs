//! Budgets that keep hostile or runaway input from exhausting the stack, memory or
//! time of the process that reads it. Each is generous for real code; a team whose
//! code needs more raises it in `vigil.toml`'s `[limits]` table, whose keys are the
//! field names here. Every message that reports a budget names its key
//! ([`Limits::hint`]).
//!
//! They live in the lowest crate so that one value, resolved once from the
//! configuration, reaches every reader (syntax, the Terraform preview) unchanged.

/// The budgets of one analysis (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Levels of nesting (brackets, blocks, indentation) a file may reach; a deeper
    /// file is not read. At most [`Limits::MAX_NESTING`]: past it the readers
    /// themselves are at risk.
    pub nesting: usize,
    /// Values (a node, or 64 bytes of string) YAML aliases may copy into one
    /// document.
    pub yaml_alias_values: usize,
    /// Instances of one Terraform resource, module call or dynamic block.
    pub instances: usize,
    /// Module instances, and resource instances in them, of the modules one
    /// Terraform root module calls (transitively), all together.
    pub module_tree_instances: usize,
    /// Size in MiB of one value a Terraform function returns.
    pub function_value_mib: usize,
    /// Elements `setproduct` may make.
    pub setproduct_elements: usize,
    /// Steps the Terraform preview of one stack may take, all its module instances
    /// together: a step is an expression evaluated, or an element (or 64 bytes of
    /// string) of a value an expression makes or a reference copies.
    pub preview_steps: usize,
    /// Seconds the policies may take on one stack, all its resources together
    /// (each rule on each resource also stops after `[policies] time_limit_ms`): a
    /// policy that joins every resource with every other one is quadratic.
    pub stack_eval_seconds: usize,
    /// Size in MiB of one file `vigil check` reads (the language server reads at most
    /// 64 MiB, the size of the largest message it accepts).
    pub file_mib: usize,
    /// MiB of memory the process may hold while policies run: past it, the stacks
    /// being evaluated stop (read where the system tells a process's resident
    /// memory, Linux's `/proc`; elsewhere not enforced).
    pub memory_mib: usize,
    /// Results (findings) one policy may produce on one resource.
    pub results: usize,
}

impl Limits {
    /// The most `nesting` may be raised to.
    pub const MAX_NESTING: usize = 200;

    /// How to raise the budget `key`, for the end of a message.
    pub fn hint(key: &str) -> String {
        format!("raise `{key}` in the `[limits]` table of vigil.toml if your code needs more")
    }

    /// [`Limits::stack_eval_seconds`] as a duration.
    pub fn stack_eval_time(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.stack_eval_seconds as u64)
    }

    /// [`Limits::function_value_mib`] in bytes.
    pub fn function_value_bytes(&self) -> usize {
        self.function_value_mib.saturating_mul(1024 * 1024)
    }
}

/// The default [`Limits::preview_steps`].
const PREVIEW_STEPS: usize = 20_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            nesting: 100,
            yaml_alias_values: 100_000,
            instances: 10_000,
            module_tree_instances: 100_000,
            function_value_mib: 16,
            setproduct_elements: 100_000,
            preview_steps: PREVIEW_STEPS,
            stack_eval_seconds: 300,
            file_mib: 64,
            memory_mib: 4096,
            results: 1000,
        }
    }
}
