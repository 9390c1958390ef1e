//! `vigil.toml`: policy directories, packs, enforcement overrides, excludes,
//! suppression rules, budgets. Every field is optional; each invalid setting is
//! reported at the offending key and left out, and the rest of the file applies.

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
    #[serde(default)]
    pub limits: LimitsSection,
}

/// `[limits]`: the budgets of [`vigil_syntax::Limits`], under the same names; what
/// is not set keeps its default.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    pub nesting: Option<Budget>,
    pub yaml_alias_values: Option<Budget>,
    pub instances: Option<Budget>,
    pub module_tree_instances: Option<Budget>,
    pub function_value_mib: Option<Budget>,
    pub setproduct_elements: Option<Budget>,
    pub preview_steps: Option<Budget>,
    pub stack_eval_seconds: Option<Budget>,
    pub file_mib: Option<Budget>,
    pub memory_mib: Option<Budget>,
    pub results: Option<Budget>,
}

impl LimitsSection {
    /// The budgets, defaults where unset.
    pub fn resolve(&self) -> vigil_syntax::Limits {
        let d = vigil_syntax::Limits::default();
        let or = |v: Option<Budget>, default: usize| v.map_or(default, |b| b.0);
        vigil_syntax::Limits {
            nesting: or(self.nesting, d.nesting),
            yaml_alias_values: or(self.yaml_alias_values, d.yaml_alias_values),
            instances: or(self.instances, d.instances),
            module_tree_instances: or(self.module_tree_instances, d.module_tree_instances),
            function_value_mib: or(self.function_value_mib, d.function_value_mib),
            setproduct_elements: or(self.setproduct_elements, d.setproduct_elements),
            preview_steps: or(self.preview_steps, d.preview_steps),
            stack_eval_seconds: or(self.stack_eval_seconds, d.stack_eval_seconds),
            file_mib: or(self.file_mib, d.file_mib),
            memory_mib: or(self.memory_mib, d.memory_mib),
            results: or(self.results, d.results),
        }
    }
}

/// A budget as written: a positive whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget(pub usize);

impl<'de> Deserialize<'de> for Budget {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        usize::try_from(n).ok().filter(|n| *n > 0).map(Budget).ok_or_else(|| {
            serde::de::Error::custom(format!("a budget must be a positive whole number, got {n}"))
        })
    }
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
    /// When set, the only policies a run evaluates (`--framework`: those mapped to
    /// the framework); every other policy is disabled, whatever else says.
    pub only: Option<std::collections::BTreeSet<String>>,
}

impl Config {
    /// Parses `vigil.toml`. Each error is reported where it is, and only what it
    /// touches is left out: the line of a bad setting, or the whole table of a bad
    /// table header (so that its settings do not fall into the table before it).
    /// The rest of the file applies: a second mistake must not bring back a policy
    /// the file disables.
    pub fn parse(file: &str, text: &str) -> (Config, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut kept = text.to_string();
        let raw: RawConfig = loop {
            let e = match toml::from_str(&kept) {
                Ok(raw) => break raw,
                Err(e) => e,
            };
            let range = e.span().map_or(TextRange::default(), |s| TextRange::from_usize(s.start, s.end));
            diagnostics.push(Diagnostic::error(
                file,
                range,
                "config",
                format!("invalid {CONFIG_FILE}: {}", e.message()),
            ));
            // Each round blanks at least one more line; a file that still does not
            // read after as many rounds as it has errors worth reporting is not used.
            let Some(blanked) = blank_around(&kept, range.as_usize()).filter(|_| diagnostics.len() < 20)
            else {
                break RawConfig::default();
            };
            kept = blanked;
        };
        let nesting = raw.limits.nesting.map(|b| b.0);
        if let Some(n) = nesting.filter(|n| *n > vigil_syntax::Limits::MAX_NESTING) {
            diagnostics.push(Diagnostic::error(
                file,
                find_key(text, "nesting"),
                "config",
                format!(
                    "`nesting = {n}` is above {}, the most Vigil's readers can take safely: {} is used",
                    vigil_syntax::Limits::MAX_NESTING,
                    vigil_syntax::Limits::MAX_NESTING
                ),
            ));
        }
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
        (
            Config { raw, file: file.to_string(), scopes, excludes, overrides: BTreeMap::new(), only: None },
            diagnostics,
        )
    }

    /// The budgets of this configuration (`[limits]`).
    pub fn limits(&self) -> vigil_syntax::Limits {
        self.raw.limits.resolve()
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
        if self.only.as_ref().is_some_and(|only| !only.contains(id)) {
            return true;
        }
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

    /// The enforcement of a policy for a file. Precedence, highest first: a run
    /// limited to some policies (`only`) disables the others; the editor's settings (`overrides`), a scope's
    /// per-policy level, a scope's level, `[policy.<id>]`, `[packs.<name>]`
    /// (`enabled = false` disables), the policy's METADATA. Later scopes win over
    /// earlier ones.
    pub fn enforcement(&self, meta: &PolicyMeta, file: &str) -> Enforcement {
        if self.only.as_ref().is_some_and(|only| !only.contains(&meta.id)) {
            return Enforcement::Disabled;
        }
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

/// `text` without the lines `range` touches (offsets kept: each blanked byte is a
/// space). A table header's whole table goes with it. `None` when nothing is left
/// to blank.
fn blank_around(text: &str, range: std::ops::Range<usize>) -> Option<String> {
    let start = text.get(..range.start.min(text.len()))?.rfind('\n').map_or(0, |i| i + 1);
    let end_of_line = |at: usize| text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
    let mut end = end_of_line(range.end.max(start).min(text.len()));
    if text[start..].trim_start().starts_with('[') {
        // Up to the next header.
        let mut at = end;
        while at < text.len() {
            let line_end = end_of_line(at + 1);
            if text[at + 1..line_end].trim_start().starts_with('[') {
                break;
            }
            at = line_end;
        }
        end = at;
    }
    let mut out = text.as_bytes().to_vec();
    let mut changed = false;
    for b in &mut out[start..end] {
        if !matches!(*b, b'\n' | b' ') {
            *b = b' ';
            changed = true;
        }
    }
    // Only ASCII was written over whole lines' bytes: still UTF-8.
    changed.then(|| String::from_utf8_lossy(&out).into_owned())
}

/// The range of key `key` at the start of a line (for positioning).
fn find_key(text: &str, key: &str) -> TextRange {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) {
            let start = at + line.len() - trimmed.len();
            return TextRange::from_usize(start, start + key.len());
        }
        at += line.len();
    }
    TextRange::default()
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

    /// Two mistakes are two errors, and what they do not touch still applies: a
    /// disabled pack stays disabled.
    #[test]
    fn every_error_is_reported_and_the_rest_applies() {
        let text = "[packs.kubernetes]\nenabled = false\n\n[policy.A]\nenforcement = \"strict\"\n\n[polcy.B]\nenforcement = \"advisory\"\n\n[files]\nexclude = [\"legacy/**\"]\nexclud = 1\n";
        let (config, diags) = Config::parse("vigil.toml", text);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(diags.len(), 3, "{messages:?}");
        assert!(messages[0].contains("unknown enforcement level `strict`"), "{messages:?}");
        assert_eq!(&text[diags[1].range.as_usize()], "polcy", "{messages:?}");
        assert_eq!(&text[diags[2].range.as_usize()], "exclud", "{messages:?}");
        assert_eq!(config.enforcement(&meta("C", "kubernetes"), "k.yaml"), Enforcement::Disabled);
        assert!(config.is_excluded("legacy/main.tf"));
        // The bad header's settings did not fall into the table before it.
        assert_eq!(config.enforcement(&meta("A", "aws"), "main.tf"), Enforcement::Advisory);
        assert_eq!(config.raw.policy.keys().collect::<Vec<_>>(), ["A"], "{:?}", config.raw.policy);
        // A syntax error is reported too, and the rest still applies.
        let (config, diags) = Config::parse("vigil.toml", "[packs.aws]\nenabled = false\nx = = 1\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(config.enforcement(&meta("C", "aws"), "main.tf"), Enforcement::Disabled);
    }

    #[test]
    fn limits_are_read_checked_and_defaulted() {
        let (config, diags) =
            Config::parse("vigil.toml", "[limits]\ninstances = 50000\nyaml_alias_values = 10\n");
        assert!(diags.is_empty(), "{diags:?}");
        let limits = config.limits();
        assert_eq!((limits.instances, limits.yaml_alias_values), (50_000, 10));
        assert_eq!(limits.nesting, vigil_syntax::Limits::default().nesting);
        let text = "[limits]\nnesting = 5000\ninstances = 0\nsetproduct = 1\n";
        let (config, diags) = Config::parse("vigil.toml", text);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(diags.len(), 3, "{messages:?}");
        assert!(messages[0].contains("positive whole number, got 0"), "{messages:?}");
        assert!(messages[1].contains("unknown field `setproduct`"), "{messages:?}");
        assert!(messages[2].contains("`nesting = 5000` is above 200"), "{messages:?}");
        assert_eq!(&text[diags[2].range.as_usize()], "nesting");
        assert_eq!(config.limits().nesting, 5000, "resolved as written; the readers cap it");
        assert_eq!(config.limits().instances, vigil_syntax::Limits::default().instances);
    }
}
