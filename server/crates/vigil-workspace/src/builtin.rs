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

/// The embedded modules as (pack, text), without copying them.
pub fn texts() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN_POLICIES.iter().map(|(path, text)| (pack_of(path), *text))
}

fn pack_of(path: &str) -> &str {
    path.split('/').next().unwrap_or("builtin")
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
}
