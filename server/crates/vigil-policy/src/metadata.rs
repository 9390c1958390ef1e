//! The METADATA annotation block, parsed by us: regorus drops comments.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use vigil_syntax::{yaml, Diagnostic, LineIndex, SNode, SValue, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Enforcement {
    Advisory,
    Mandatory,
    Remediate,
    Disabled,
}

impl Enforcement {
    pub const ALL: [Enforcement; 4] =
        [Enforcement::Advisory, Enforcement::Mandatory, Enforcement::Remediate, Enforcement::Disabled];

    pub fn as_str(self) -> &'static str {
        match self {
            Enforcement::Advisory => "advisory",
            Enforcement::Mandatory => "mandatory",
            Enforcement::Remediate => "remediate",
            Enforcement::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Enforcement> {
        Enforcement::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a policy says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub enforcement: Enforcement,
    /// Resource types evaluated; `data.<type>` selects Terraform data sources.
    pub resources: Vec<String>,
    pub controls: BTreeMap<String, Vec<String>>,
    pub aliases: Vec<String>,
    pub related_resources: Vec<String>,
    pub pack: String,
    /// Rego package, e.g. `vigil.aws.s3.versioning`.
    pub package: String,
    /// The policy file and the range of its `package` line.
    pub file: String,
    #[serde(skip)]
    pub package_range: TextRange,
}

impl PolicyMeta {
    /// Does the selector match this resource?
    pub fn selects(&self, r#type: &str, mode: vigil_model::Mode) -> bool {
        self.resources.iter().any(|sel| match mode {
            vigil_model::Mode::Managed => sel == r#type || sel == "*",
            vigil_model::Mode::Data => sel.strip_prefix("data.").is_some_and(|t| t == r#type || t == "*"),
        })
    }

    pub fn has_alias(&self, id: &str) -> bool {
        self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }
}

/// The `custom` fields Vigil understands.
const CUSTOM_FIELDS: &[&str] = &["id", "severity", "enforcement", "resources", "controls", "aliases", "pack"];
const TOP_FIELDS: &[&str] = &[
    "title",
    "description",
    "related_resources",
    "custom",
    "scope",
    "schemas",
    "authors",
    "organizations",
    "entrypoint",
];

/// The METADATA of a module: `Ok(None)` for a library (no `custom.id`), `Err` with
/// positioned diagnostics when the block is invalid. Warnings (unknown fields) are
/// pushed to `warnings`.
pub fn parse_metadata(
    file: &str,
    text: &str,
    package: &str,
    package_range: TextRange,
    pack: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<PolicyMeta>, Vec<Diagnostic>> {
    let Some(block) = find_block(text, package_range.start) else { return Ok(None) };
    let parsed = yaml::parse(&block.yaml);
    let map_range = |r: TextRange| block.map_range(r);
    if let Some(e) = parsed.errors.first() {
        return Err(vec![Diagnostic::error(
            file,
            map_range(e.range),
            "policy-metadata",
            format!("METADATA is not valid YAML: {}", e.message),
        )]);
    }
    let Some(root) = parsed.documents.into_iter().find_map(|d| d.root) else { return Ok(None) };
    let custom = root.get("custom");
    let Some(custom) = custom else { return Ok(None) };
    let Some(id_node) = custom.get("id") else { return Ok(None) };

    let mut errors = Vec::new();
    let err = |errors: &mut Vec<Diagnostic>, node: &SNode, msg: String| {
        errors.push(Diagnostic::error(file, map_range(node.range), "policy-metadata", msg));
    };
    for e in root.entries() {
        if !TOP_FIELDS.contains(&e.key.as_str()) {
            warnings.push(Diagnostic::warning(
                file,
                map_range(e.key_range),
                "policy-metadata",
                format!("unknown METADATA field `{}`", e.key),
            ));
        }
    }
    for e in custom.entries() {
        if !CUSTOM_FIELDS.contains(&e.key.as_str()) {
            warnings.push(Diagnostic::warning(
                file,
                map_range(e.key_range),
                "policy-metadata",
                format!("unknown METADATA field `custom.{}` (known: {})", e.key, CUSTOM_FIELDS.join(", ")),
            ));
        }
    }
    let id = match id_node.as_str() {
        Some(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) => {
            id.to_string()
        }
        _ => {
            err(
                &mut errors,
                id_node,
                "`custom.id` must be a string of letters, digits, `-`, `_` or `.`".into(),
            );
            String::new()
        }
    };
    let title = match root.get("title") {
        Some(t) => match t.as_str() {
            Some(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => {
                err(&mut errors, t, "`title` must be a non-empty string".into());
                String::new()
            }
        },
        None => {
            errors.push(Diagnostic::error(
                file,
                map_range(id_node.range),
                "policy-metadata",
                "METADATA needs a `title`".to_string(),
            ));
            String::new()
        }
    };
    let description = root.get("description").and_then(SNode::as_str).unwrap_or("").trim().to_string();
    let severity = match custom.get("severity") {
        None => Severity::Medium,
        Some(n) => match n.as_str().and_then(Severity::parse) {
            Some(s) => s,
            None => {
                err(&mut errors, n, "`custom.severity` must be one of low, medium, high, critical".into());
                Severity::Medium
            }
        },
    };
    let enforcement = match custom.get("enforcement") {
        None => Enforcement::Advisory,
        Some(n) => match n.as_str().and_then(Enforcement::parse) {
            Some(e) => e,
            None => {
                err(
                    &mut errors,
                    n,
                    "`custom.enforcement` must be one of advisory, mandatory, remediate, disabled".into(),
                );
                Enforcement::Advisory
            }
        },
    };
    let resources = match custom.get("resources") {
        None => {
            errors.push(Diagnostic::error(
                file,
                map_range(id_node.range),
                "policy-metadata",
                "`custom.resources` is required: the resource types this policy evaluates".to_string(),
            ));
            vec![]
        }
        Some(n) => match string_list(n) {
            Some(list) if !list.is_empty() => list,
            _ => {
                err(&mut errors, n, "`custom.resources` must be a non-empty list of resource types".into());
                vec![]
            }
        },
    };
    let mut controls = BTreeMap::new();
    if let Some(n) = custom.get("controls") {
        match &n.value {
            SValue::Map(entries) => {
                for e in entries {
                    match string_list(&e.value) {
                        Some(list) => {
                            controls.insert(e.key.clone(), list);
                        }
                        None => err(
                            &mut errors,
                            &e.value,
                            format!("controls of `{}` must be a list of control ids", e.key),
                        ),
                    }
                }
            }
            _ => err(&mut errors, n, "`custom.controls` must map frameworks to lists of control ids".into()),
        }
    }
    let aliases = match custom.get("aliases") {
        None => vec![],
        Some(n) => string_list(n).unwrap_or_else(|| {
            err(&mut errors, n, "`custom.aliases` must be a list of ids".into());
            vec![]
        }),
    };
    let related_resources = match root.get("related_resources") {
        None => vec![],
        Some(SNode { value: SValue::Seq(items), .. }) => items
            .iter()
            .filter_map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .or_else(|| i.get("ref").and_then(SNode::as_str).map(str::to_string))
            })
            .collect(),
        Some(n) => {
            err(&mut errors, n, "`related_resources` must be a list".into());
            vec![]
        }
    };
    let pack = custom.get("pack").and_then(SNode::as_str).unwrap_or(pack).to_string();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(PolicyMeta {
        id,
        title,
        description,
        severity,
        enforcement,
        resources,
        controls,
        aliases,
        related_resources,
        pack,
        package: package.to_string(),
        file: file.to_string(),
        package_range,
    }))
}

fn string_list(node: &SNode) -> Option<Vec<String>> {
    match &node.value {
        SValue::Seq(items) => items.iter().map(scalar).collect(),
        _ => scalar(node).map(|s| vec![s]),
    }
}

fn scalar(node: &SNode) -> Option<String> {
    match &node.value {
        SValue::String(s) => Some(s.clone()),
        SValue::Int(i) => Some(i.to_string()),
        SValue::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// The METADATA comment block as YAML, with the way back to source offsets.
struct Block {
    yaml: String,
    /// For each YAML line: the source offset its first character comes from.
    line_offsets: Vec<u32>,
    yaml_index: LineIndex,
}

impl Block {
    fn map_range(&self, r: TextRange) -> TextRange {
        let map = |offset: u32| {
            let lc = self.yaml_index.line_col(offset);
            self.line_offsets.get(lc.line as usize).map_or(0, |start| start + lc.col)
        };
        TextRange::new(map(r.start), map(r.end).max(map(r.start)))
    }
}

/// The first `# METADATA` block before `limit` (the package line).
fn find_block(text: &str, limit: u32) -> Option<Block> {
    let mut offset = 0usize;
    let mut in_block = false;
    let mut yaml = String::new();
    let mut line_offsets = Vec::new();
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start as u32 >= limit {
            break;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if !in_block {
            if trimmed == "# METADATA" || trimmed == "#METADATA" {
                in_block = true;
            }
            continue;
        }
        let Some(hash) = trimmed.strip_prefix('#') else { break };
        let indent = content.len() - trimmed.len();
        let skip = if hash.starts_with(' ') { 2 } else { 1 };
        let body = &content[indent + skip.min(content.len() - indent)..];
        line_offsets.push((start + indent + skip) as u32);
        // A lone CR would end a line for the YAML reader but not for this map of
        // lines: it is read as a space (same length, so the map lines up).
        yaml.push_str(&body.replace('\r', " "));
        yaml.push('\n');
    }
    if !in_block {
        return None;
    }
    let yaml_index = LineIndex::new(&yaml);
    Some(Block { yaml, line_offsets, yaml_index })
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing: a lone CR in a METADATA line shifted the lines of every
    /// diagnostic after it (and the text output then cut a character).
    #[test]
    fn a_lone_cr_in_metadata_keeps_positions() {
        let text = "# METADATA\n# a: b\r{{{\n# ééé: 1\npackage p\n";
        let block = find_block(text, text.find("package").unwrap() as u32).unwrap();
        assert_eq!(block.yaml.lines().count(), 2, "{:?}", block.yaml);
        assert!(!block.yaml.contains('\r'));
    }

    use super::*;

    fn parse(text: &str) -> (Result<Option<PolicyMeta>, Vec<Diagnostic>>, Vec<Diagnostic>) {
        let package_at = text.find("package").unwrap() as u32;
        let mut warnings = vec![];
        let r = parse_metadata(
            "p.rego",
            text,
            "x",
            TextRange::new(package_at, package_at + 9),
            "pack",
            &mut warnings,
        );
        (r, warnings)
    }

    #[test]
    fn reads_all_fields() {
        let text = "# METADATA\n# title: T\n# description: D\n# related_resources:\n#   - https://x\n# custom:\n#   id: VGL-1\n#   severity: high\n#   enforcement: mandatory\n#   resources: [a, \"AWS::S3::Bucket\"]\n#   controls:\n#     NIST: [\"AC-3\"]\n#   aliases: [CKV_AWS_1]\npackage x\n";
        let (r, w) = parse(text);
        let m = r.unwrap().unwrap();
        assert!(w.is_empty());
        assert_eq!(
            (m.id.as_str(), m.severity, m.enforcement),
            ("VGL-1", Severity::High, Enforcement::Mandatory)
        );
        assert_eq!(m.resources, vec!["a", "AWS::S3::Bucket"]);
        assert_eq!(m.controls["NIST"], vec!["AC-3"]);
        assert_eq!(m.related_resources, vec!["https://x"]);
    }

    #[test]
    fn errors_point_into_the_comment() {
        let text = "# METADATA\n# title: T\n# custom:\n#   id: VGL-1\n#   severity: severe\n#   resources: [a]\npackage x\n";
        let (r, _) = parse(text);
        let errors = r.unwrap_err();
        let at = text.find("severe").unwrap() as u32;
        assert_eq!(errors[0].range, TextRange::new(at, at + 6));
    }

    #[test]
    fn a_module_without_id_is_a_library() {
        let (r, _) = parse("# METADATA\n# title: helpers\npackage x\n");
        assert_eq!(r.unwrap(), None);
        let (r, _) = parse("package x\n");
        assert_eq!(r.unwrap(), None);
    }
}
