//! The built-in policy packs, embedded at build time from `policies/`.

use vigil_policy::PolicySource;

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// The embedded modules; the pack is the first folder (`aws`, `kubernetes`, `lib`).
pub fn sources() -> Vec<PolicySource> {
    BUILTIN_POLICIES
        .iter()
        .map(|(path, text)| PolicySource {
            path: format!("builtin:{path}"),
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
