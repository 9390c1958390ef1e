//! Embeds the built-in policy packs (`policies/**.rego`, tests excluded) and framework
//! files (`policies/frameworks/*.yaml`) in the binary,
//! and the policy set they make, compiled ahead of time (`vigil_policy::precompile`),
//! so that a process does not parse and compile them on every start.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rego")
            && !path.to_string_lossy().ends_with("_test.rego")
        {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("../../../policies");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut code = String::from("/// (path under policies/, text) of each built-in policy module.\npub static BUILTIN_POLICIES: &[(&str, &str)] = &[\n");
    let mut sources = Vec::new();
    for f in &files {
        if let Some(parent) = f.parent() {
            println!("cargo:rerun-if-changed={}", parent.display());
        }
        let rel = f.strip_prefix(&root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let _ = writeln!(code, "    ({rel:?}, include_str!({:?})),", f.display().to_string());
        // As `builtin::sources` names them; an artifact made of other names or texts
        // is not used (loading then parses and compiles as usual).
        let text = std::fs::read_to_string(f).expect("read a built-in policy");
        let pack = rel.split('/').next().unwrap_or("builtin").to_string();
        sources.push(vigil_policy::PolicySource {
            path: format!("{}{rel}", vigil_policy::BUILTIN_PREFIX),
            text,
            pack,
        });
    }
    code.push_str("];\n");
    // The framework files (policies/frameworks/*.yaml).
    code.push_str("/// (path under policies/, text) of each built-in framework file.\npub static BUILTIN_FRAMEWORKS: &[(&str, &str)] = &[\n");
    let frameworks = root.join("frameworks");
    println!("cargo:rerun-if-changed={}", frameworks.display());
    let mut framework_files: Vec<PathBuf> = std::fs::read_dir(&frameworks)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    framework_files.sort();
    for f in &framework_files {
        let rel = f.strip_prefix(&root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let _ = writeln!(code, "    ({rel:?}, include_str!({:?})),", f.display().to_string());
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let artifact = vigil_policy::precompile(&sources).unwrap_or_else(|e| {
        println!("cargo:warning=the built-in packs are not precompiled: {e}");
        Vec::new()
    });
    std::fs::write(out_dir.join("builtin.vpc"), artifact).expect("write the precompiled packs");
    code.push_str(
        "/// The built-in packs' policy set, compiled at build time (`vigil_policy::precompile`).\n\
         pub static PRECOMPILED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin.vpc\"));\n",
    );
    std::fs::write(out_dir.join("builtin_policies.rs"), code).expect("write generated file");
}
