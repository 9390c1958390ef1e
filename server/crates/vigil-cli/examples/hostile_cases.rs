//! Writes issue 11's hostile cases (`tests/hostile/cases.rs`) as folders, so that a
//! release `vigil check` can be timed on each (`bench/hostile.sh`):
//!
//! ```text
//! cargo run --release --example hostile_cases -p vigil-cli -- DIR
//! ```
//!
//! `DIR/<case name>/` gets the case's files byte for byte, and the symbolic link the
//! case's test makes (`tests/hostile.rs`), plus three files for the bench:
//!
//! - `.args`: the case's arguments of `vigil check` after the folder, one per line;
//! - `.row`: the row of issue 11's table the case stands for;
//! - `.dir`: the folder to check, relative to the case's and checked from inside it as
//!   the test does (`.`, or `ws` for the symlink case, whose link points outside it).
//!
//! A case's folder must not exist yet: files left from another run would be checked
//! with it.

#[path = "../../../../tests/hostile/cases.rs"]
mod cases;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cases::Case;

fn main() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        bail!("usage: hostile_cases DIR (writes every hostile case into DIR/<case name>/)");
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    // Absolute, as the links the test makes are.
    let dir = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
    for case in cases::all() {
        write_case(&dir.join(case.name), &case).with_context(|| format!("writing the case {}", case.name))?;
    }
    Ok(())
}

fn write_case(root: &Path, case: &Case) -> Result<()> {
    if root.exists() {
        bail!("{} exists already (give a new or empty DIR)", root.display());
    }
    for (path, bytes) in &case.files {
        write(&root.join(path), bytes)?;
    }
    let mut checked = ".";
    if case.name == "symlink_out_of_the_workspace" {
        // As its test: `ws/pod.yaml` links to `outside/pod.yaml`, and `ws` is checked.
        checked = "ws";
        let link = root.join("ws/pod.yaml");
        std::os::unix::fs::symlink(root.join("outside/pod.yaml"), &link)
            .with_context(|| format!("linking {}", link.display()))?;
    }
    let args: String = case.args.iter().map(|arg| format!("{arg}\n")).collect();
    write(&root.join(".args"), args.as_bytes())?;
    write(&root.join(".row"), format!("{}\n", case.row).as_bytes())?;
    write(&root.join(".dir"), format!("{checked}\n").as_bytes())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
