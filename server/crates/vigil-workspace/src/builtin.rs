//! The built-in policy packs, embedded at build time from `policies/`.

use vigil_policy::PolicySource;

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// The embedded modules; the pack is the first folder (`aws`, `kubernetes`, `lib`).
pub fn sources() -> Vec<PolicySource> {
    BUILTIN_POLICIES
        .iter()
        .map(|(path, text)| PolicySource {
            path: format!("{}{path}", vigil_policy::BUILTIN_PREFIX),
            text: (*text).to_string(),
            pack: pack_of(path).to_string(),
        })
        .collect()
}

/// The embedded framework files as (`builtin:frameworks/<name>.yaml`, text).
pub fn framework_files() -> Vec<(String, String)> {
    BUILTIN_FRAMEWORKS
        .iter()
        .map(|(path, text)| (format!("{}{path}", vigil_policy::BUILTIN_PREFIX), (*text).to_string()))
        .collect()
}

/// The embedded modules as (pack, text), without copying them.
pub fn texts() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN_POLICIES.iter().map(|(path, text)| (pack_of(path), *text))
}

fn pack_of(path: &str) -> &str {
    path.split('/').next().unwrap_or("builtin")
}

/// The built-in packs written out as read-only files under `dir` (once per
/// version of the packs: a directory named by a hash of their texts), so that an
/// editor can open them (go to definition into `vigil.lib`); returns the directory
/// `builtin:<path>` maps to. Files already there are left as they are.
pub fn materialize(dir: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    BUILTIN_POLICIES.hash(&mut h);
    let root = dir.join(format!("builtin-{:016x}", h.finish()));
    for (path, text) in BUILTIN_POLICIES {
        let file = root.join(path);
        if file.is_file() {
            continue;
        }
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, text)?;
        let mut permissions = std::fs::metadata(&file)?.permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&file, permissions)?;
    }
    Ok(root)
}

/// A [`vigil_policy::LoadCache`] holding the built-in packs compiled at build time:
/// loading them (all, or without the policies `vigil.toml` disables) parses and
/// compiles nothing.
pub fn load_cache() -> vigil_policy::LoadCache {
    vigil_policy::LoadCache::with_precompiled(PRECOMPILED)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly

    use vigil_policy::{PolicySet, Precompiled, DEFAULT_TIME_LIMIT};

    /// The build script compiled the packs `sources` embeds: a load of them (and of
    /// them without a disabled policy) comes from the artifact, and is the set that
    /// loading them from their texts makes.
    #[test]
    fn the_precompiled_packs_are_the_embedded_ones() {
        let precompiled =
            Precompiled::read(super::PRECOMPILED).expect("the build script precompiled the packs");
        let sources = super::sources();
        let set = precompiled.instantiate(&sources, DEFAULT_TIME_LIMIT).expect("made of these sources");
        let loaded = PolicySet::load(&sources, DEFAULT_TIME_LIMIT);
        assert!(set.policies.len() >= 30, "{}", set.policies.len());
        assert_eq!(set.policies, loaded.policies);
        assert_eq!(set.diagnostics, loaded.diagnostics);
        assert_eq!(set.compiled_rules(), loaded.compiled_rules());
        let without: Vec<_> =
            sources.into_iter().filter(|s| !s.path.ends_with("aws/s3_public_acl/policy.rego")).collect();
        let set = precompiled.instantiate(&without, DEFAULT_TIME_LIMIT).expect("a policy left out");
        assert_eq!(set.policies.len() + 1, loaded.policies.len());
        assert_eq!(set.policies, PolicySet::load(&without, DEFAULT_TIME_LIMIT).policies);
        assert!(super::load_cache().has_precompiled());
    }

    /// The packs written out for editors: every source, read-only, written once.
    #[test]
    fn the_packs_are_written_out_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = super::materialize(dir.path()).unwrap();
        for source in super::sources() {
            let path = root.join(source.path.strip_prefix(vigil_policy::BUILTIN_PREFIX).unwrap());
            assert_eq!(std::fs::read_to_string(&path).unwrap(), source.text);
            assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
        }
        assert_eq!(super::materialize(dir.path()).unwrap(), root);
    }
}
