//! What the CLI's integration tests share.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `vigil` in `dir` with `args`, colours off.
pub fn vigil(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}
