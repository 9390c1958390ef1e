//! `vigil.toml`: policy directories, packs, enforcement overrides, excludes,
//! suppression rules. Every field is optional; an invalid file is reported at the
//! offending key and the defaults are used.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use vigil_policy::{Enforcement, PolicyMeta};
use vigil_syntax::{Diagnostic, TextRange};

/// The file name Vigil looks for, in the checked directory and its parents.
pub const CONFIG_FILE: &str = "vigil.toml";

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub policies: PoliciesSection,
    #[serde(default)]
    pub packs: BTreeMap<String, PackSection>,
    #[serde(default)]
    pub policy: BTreeMap<String, PolicySection>,
    #[serde(default)]
    pub scope: Vec<ScopeSection>,
    #[serde(default)]
    pub files: FilesSection,
    #[serde(default)]
    pub suppressions: SuppressionsSection,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PoliciesSection {
    /// Extra policy directories, relative to `vigil.toml`.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// Load the built-in packs.
    #[serde(default = "yes")]
    pub builtin: bool,
    /// Time limit for one rule on one resource, in milliseconds.
    #[serde(default = "default_time_limit")]
    pub time_limit_ms: u64,
}

impl Default for PoliciesSection {
    fn default() -> Self {
        PoliciesSection { dirs: vec![], builtin: true, time_limit_ms: default_time_limit() }
    }
}

fn yes() -> bool {
    true
}

fn default_time_limit() -> u64 {
    vigil_policy::DEFAULT_TIME_LIMIT.as_millis() as u64
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PackSection {
    pub enabled: Option<bool>,
    pub enforcement: Option<EnforcementValue>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PolicySection {
    pub enforcement: Option<EnforcementValue>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ScopeSection {
    /// Globs relative to `vigil.toml` (`legacy/**`, `**/*.k8s.yaml`).
    pub paths: Vec<String>,
    /// Enforcement of every policy for files in these paths.
    pub enforcement: Option<EnforcementValue>,
    /// Enforcement per policy id for files in these paths.
    #[serde(default)]
    pub policies: BTreeMap<String, EnforcementValue>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FilesSection {
    /// Globs of files not to check (`.gitignore` is always honoured).
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SuppressionsSection {
    /// Inline suppressions without a reason are not honoured.
    #[serde(default)]
    pub require_reason: bool,
    /// Whether inline suppressions may silence mandatory findings.
    #[serde(default = "yes")]
    pub allow_mandatory: bool,
}

impl Default for SuppressionsSection {
    fn default() -> Self {
        SuppressionsSection { require_reason: false, allow_mandatory: true }
    }
}

/// An enforcement level as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnforcementValue(pub Enforcement);

impl<'de> Deserialize<'de> for EnforcementValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Enforcement::parse(&s).map(EnforcementValue).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown enforcement level `{s}`: expected advisory, mandatory, remediate or disabled"
            ))
        })
    }
}

/// A resolved configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub raw: RawConfig,
    /// Path of `vigil.toml` relative to the workspace root ("" when there is none).
    pub file: String,
    scopes: Vec<(GlobSet, ScopeSection)>,
    excludes: Option<GlobSet>,
    /// Enforcement per policy id from the editor's settings: above everything else.
    pub overrides: BTreeMap<String, Enforcement>,
}

impl Config {
    /// Parses `vigil.toml`. On error, returns the defaults and a positioned diagnostic.
    pub fn parse(file: &str, text: &str) -> (Config, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let range = e.span().map_or(TextRange::default(), |s| TextRange::from_usize(s.start, s.end));
                diagnostics.push(Diagnostic::error(
                    file,
                    range,
                    "config",
                    format!("invalid {CONFIG_FILE}: {}", e.message()),
                ));
                RawConfig::default()
            }
        };
        let mut scopes = Vec::new();
        for scope in &raw.scope {
            match build_globs(&scope.paths) {
                Ok(set) => scopes.push((set, scope.clone())),
                Err(e) => diagnostics.push(Diagnostic::error(file, find_in(text, &e.0), "config", e.1)),
            }
        }
        let excludes = match build_globs(&raw.files.exclude) {
            Ok(set) => Some(set),
            Err(e) => {
                diagnostics.push(Diagnostic::error(file, find_in(text, &e.0), "config", e.1));
                None
            }
        };
        (Config { raw, file: file.to_string(), scopes, excludes, overrides: BTreeMap::new() }, diagnostics)
    }

    /// The directory of `vigil.toml`, relative to the workspace root.
    pub fn base_dir(&self) -> &str {
        vigil_model::parent_dir(&self.file)
    }

    fn relative<'p>(&self, path: &'p str) -> &'p str {
        let base = self.base_dir();
        if base.is_empty() {
            path
        } else {
            path.strip_prefix(base).map_or(path, |p| p.trim_start_matches('/'))
        }
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.excludes.as_ref().is_some_and(|g| g.is_match(self.relative(path)))
    }

    /// Whether the policy is disabled for every file whatever its METADATA says:
    /// its pack has `enabled = false` and no editor override, scope or
    /// `[policy.<id>]` entry (which all take precedence) enables it. Such a policy
    /// need not even be loaded.
    pub fn disabled_everywhere(&self, id: &str, pack: &str) -> bool {
        let enables = |e: Option<Enforcement>| e.is_some_and(|e| e != Enforcement::Disabled);
        self.raw.packs.get(pack).is_some_and(|p| p.enabled == Some(false))
            && !enables(self.overrides.get(id).copied())
            && !enables(self.raw.policy.get(id).and_then(|p| p.enforcement).map(|e| e.0))
            && !self
                .raw
                .scope
                .iter()
                .any(|s| enables(s.enforcement.map(|e| e.0)) || enables(s.policies.get(id).map(|e| e.0)))
    }

    /// The enforcement of a policy for a file. Precedence, highest first: the
    /// editor's settings (`overrides`), a scope's
    /// per-policy level, a scope's level, `[policy.<id>]`, `[packs.<name>]`
    /// (`enabled = false` disables), the policy's METADATA. Later scopes win over
    /// earlier ones.
    pub fn enforcement(&self, meta: &PolicyMeta, file: &str) -> Enforcement {
        if let Some(e) = self.overrides.get(&meta.id) {
            return *e;
        }
        let rel = self.relative(file);
        for (globs, scope) in self.scopes.iter().rev() {
            if globs.is_match(rel) {
                if let Some(e) = scope.policies.get(&meta.id) {
                    return e.0;
                }
                if let Some(e) = scope.enforcement {
                    return e.0;
                }
            }
        }
        if let Some(e) = self.raw.policy.get(&meta.id).and_then(|p| p.enforcement) {
            return e.0;
        }
        if let Some(pack) = self.raw.packs.get(&meta.pack) {
            if pack.enabled == Some(false) {
                return Enforcement::Disabled;
            }
            if let Some(e) = pack.enforcement {
                return e.0;
            }
        }
        meta.enforcement
    }

    /// Ids used in `[policy.<id>]` and scopes that match no loaded policy.
    pub fn check_policy_ids(&self, text: &str, known: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let ids = self.raw.policy.keys().chain(self.raw.scope.iter().flat_map(|s| s.policies.keys()));
        for id in ids {
            if !known(id) {
                out.push(Diagnostic::warning(
                    &self.file,
                    find_in(text, id),
                    "config",
                    format!("no policy has the id `{id}`"),
                ));
            }
        }
        out
    }
}

fn build_globs(patterns: &[String]) -> Result<GlobSet, (String, String)> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| (p.clone(), format!("invalid glob `{p}`: {e}")))?;
        builder.add(glob);
        // `dir/**` also matches `dir` itself; `name` matches at any depth like .gitignore.
        if !p.contains('/') {
            if let Ok(g) = Glob::new(&format!("**/{p}")) {
                builder.add(g);
            }
        }
    }
    builder.build().map_err(|e| (String::new(), e.to_string()))
}

/// The range of the first occurrence of `needle` in the text (for positioning).
fn find_in(text: &str, needle: &str) -> TextRange {
    if needle.is_empty() {
        return TextRange::default();
    }
    text.find(needle).map_or(TextRange::default(), |i| TextRange::from_usize(i, i + needle.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, pack: &str) -> PolicyMeta {
        PolicyMeta {
            id: id.into(),
            title: "t".into(),
            description: String::new(),
            severity: vigil_policy::Severity::Low,
            enforcement: Enforcement::Advisory,
            resources: vec![],
            controls: Default::default(),
            aliases: vec![],
            related_resources: vec![],
            pack: pack.into(),
            package: "p".into(),
            file: "f".into(),
            package_range: TextRange::default(),
        }
    }

    #[test]
    fn precedence_scope_policy_pack_metadata() {
        let text = r#"
[packs.aws]
enforcement = "mandatory"
[packs.kubernetes]
enabled = false
[policy.A]
enforcement = "remediate"
[[scope]]
paths = ["legacy/**"]
enforcement = "advisory"
policies = { B = "disabled" }
"#;
        let (config, diags) = Config::parse("vigil.toml", text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.enforcement(&meta("A", "aws"), "main.tf"), Enforcement::Remediate);
        assert_eq!(config.enforcement(&meta("B", "aws"), "main.tf"), Enforcement::Mandatory);
        assert_eq!(config.enforcement(&meta("B", "aws"), "legacy/a/main.tf"), Enforcement::Disabled);
        assert_eq!(config.enforcement(&meta("A", "aws"), "legacy/main.tf"), Enforcement::Advisory);
        assert_eq!(config.enforcement(&meta("C", "kubernetes"), "k.yaml"), Enforcement::Disabled);
        assert_eq!(config.enforcement(&meta("C", "gcp"), "k.yaml"), Enforcement::Advisory);
    }

    #[test]
    fn errors_are_positioned() {
        let text = "[policy.A]\nenforcement = \"strict\"\n";
        let (_, diags) = Config::parse("vigil.toml", text);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("unknown enforcement level `strict`"), "{}", diags[0].message);
        assert_eq!(&text[diags[0].range.as_usize()], "\"strict\"");
        let (_, diags) = Config::parse("vigil.toml", "[files]\nexclud = []\n");
        assert!(diags[0].message.contains("unknown field `exclud`"), "{}", diags[0].message);
        assert_eq!(diags[0].range.start, 8);
    }
}
