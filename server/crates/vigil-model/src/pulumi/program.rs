//! Reading a Pulumi YAML program (`Pulumi.yaml` with `Main.yaml` or `Main.json`, or
//! one program file) and stack configurations (`Pulumi.<stack>.yaml`) into their parts.

use std::collections::{BTreeMap, HashMap};

use vigil_syntax::{Diagnostic, SEntry, SNode, SValue, TextRange};

use crate::SourceFile;

/// A program: its files and what they declare. Config values, variables and
/// resources share one namespace.
pub(super) struct Program<'f> {
    /// The program's files with their parsed trees; declarations point into them by
    /// index.
    pub files: Vec<(&'f SourceFile, SNode)>,
    /// `name:` of `Pulumi.yaml`: the namespace of the project's config keys.
    pub project: Option<String>,
    pub config: BTreeMap<String, ConfigDecl>,
    pub variables: BTreeMap<String, Def>,
    /// Variable names in the order they are written.
    pub variable_order: Vec<String>,
    pub resources: Vec<ResourceDef>,
    /// Resource name → index in `resources`.
    pub resource_index: HashMap<String, usize>,
    pub outputs: Vec<Def>,
}

/// A variable or output.
pub(super) struct Def {
    pub file: usize,
    pub key_range: TextRange,
    pub node: SNode,
}

/// A `config:` declaration (`name: {type, default}` or `name: value`).
pub(super) struct ConfigDecl {
    pub file: usize,
    pub key_range: TextRange,
    pub default: Option<SNode>,
    pub r#type: Option<String>,
}

/// A `resources:` entry.
pub(super) struct ResourceDef {
    /// The key under `resources:`, by which the program refers to it.
    pub name: String,
    /// The name in the resource's URN: `name:` when the entry sets one, else the key.
    pub urn_name: String,
    pub file: usize,
    pub key_range: TextRange,
    pub range: TextRange,
    /// The canonical type token (`aws:s3/bucket:Bucket`).
    pub r#type: String,
    pub properties: Option<SNode>,
    /// `get:` reads an existing resource: it is not created, so not previewed.
    pub get: bool,
}

/// `Pulumi.<stack>.yaml`: the settings under its `config:`.
pub(super) struct StackConfig<'f> {
    pub name: String,
    pub file: &'f SourceFile,
    pub settings: Vec<SEntry>,
}

impl StackConfig<'_> {
    /// The setting of a config value: `<project>:<name>` (or a namespaced name as
    /// written), else `<name>`.
    pub(super) fn setting(&self, project: Option<&str>, name: &str) -> Option<&SEntry> {
        let find = |key: &str| self.settings.iter().rev().find(|e| e.key == key);
        if name.contains(':') {
            return find(name);
        }
        project.and_then(|p| find(&format!("{p}:{name}"))).or_else(|| find(name))
    }
}

/// The first document of a YAML file (or the value of a JSON one: `Main.json`), with
/// its syntax errors as diagnostics.
pub(super) fn parse_yaml(
    file: &SourceFile,
    limits: &vigil_syntax::Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SNode> {
    if file.path.to_ascii_lowercase().ends_with(".json") {
        let parsed =
            vigil_syntax::json::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Json), limits);
        diagnostics.extend(parsed.errors.iter().map(|e| e.to_diagnostic(&file.path)));
        return parsed.root;
    }
    let parsed =
        vigil_syntax::yaml::parse_from(&file.text, file.tree_for(vigil_syntax::Language::Yaml), limits);
    diagnostics.extend(parsed.errors.iter().map(|e| e.to_diagnostic(&file.path)));
    parsed.documents.into_iter().find_map(|d| d.root)
}

/// Reads the files of one program (`Pulumi.yaml` and `Main.yaml`/`Main.json` together).
pub(super) fn read_program<'f>(
    files: &[&'f SourceFile],
    limits: &vigil_syntax::Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Program<'f> {
    let mut program = Program {
        files: Vec::new(),
        project: None,
        config: BTreeMap::new(),
        variables: BTreeMap::new(),
        variable_order: Vec::new(),
        resources: Vec::new(),
        resource_index: HashMap::new(),
        outputs: Vec::new(),
    };
    for file in files {
        if let Some(root) = parse_yaml(file, limits, diagnostics) {
            if !matches!(root.value, SValue::Map(_)) {
                diagnostics.push(Diagnostic::error(
                    file.path.clone(),
                    root.range,
                    "pulumi-program",
                    "a Pulumi YAML program is a mapping with `resources:`, `variables:`, `config:` and `outputs:`",
                ));
                continue;
            }
            program.files.push((file, root));
        }
    }
    // What each name of the shared namespace is, for duplicates.
    let mut names: HashMap<String, &'static str> = HashMap::new();
    let mut declare = |name: &str,
                       kind: &'static str,
                       path: &str,
                       range: TextRange,
                       diags: &mut Vec<Diagnostic>| {
        if let Some(previous) = names.get(name) {
            diags.push(Diagnostic::error(
                path,
                range,
                "pulumi-duplicate",
                format!("`{name}` is declared again (it is already a {previous}): config values, variables and resources share one namespace, so each name must be unique"),
            ));
            return false;
        }
        names.insert(name.to_string(), kind);
        true
    };
    for (index, (file, root)) in program.files.iter().enumerate() {
        if program.project.is_none() {
            program.project = root.get("name").and_then(SNode::as_str).map(str::to_string);
        }
        for section in ["config", "configuration"] {
            for e in root.get(section).map(SNode::entries).unwrap_or_default() {
                if !declare(&e.key, "config value", &file.path, e.key_range, diagnostics) {
                    continue;
                }
                program.config.insert(e.key.clone(), config_decl(index, e));
            }
        }
        for e in root.get("variables").map(SNode::entries).unwrap_or_default() {
            if !declare(&e.key, "variable", &file.path, e.key_range, diagnostics) {
                continue;
            }
            program.variable_order.push(e.key.clone());
            program
                .variables
                .insert(e.key.clone(), Def { file: index, key_range: e.key_range, node: e.value.clone() });
        }
        for e in root.get("outputs").map(SNode::entries).unwrap_or_default() {
            program.outputs.push(Def { file: index, key_range: e.key_range, node: e.value.clone() });
        }
        let Some(resources) = root.get("resources") else { continue };
        if !matches!(resources.value, SValue::Map(_) | SValue::Null) {
            diagnostics.push(Diagnostic::error(
                file.path.clone(),
                resources.range,
                "pulumi-resource",
                "`resources:` is a mapping of resource names to `{type, properties}`",
            ));
            continue;
        }
        for e in resources.entries() {
            if !declare(&e.key, "resource", &file.path, e.key_range, diagnostics) {
                continue;
            }
            let Some(token) = e.value.get("type").and_then(SNode::as_str) else {
                diagnostics.push(Diagnostic::error(
                    file.path.clone(),
                    e.key_range,
                    "pulumi-resource",
                    format!("resource `{}` has no `type`: give it the Pulumi type token of what it creates (e.g. `aws:s3/bucket:Bucket`)", e.key),
                ));
                continue;
            };
            if !token.contains(':') {
                diagnostics.push(Diagnostic::warning(
                    file.path.clone(),
                    e.value.get("type").map_or(e.key_range, |t| t.range),
                    "pulumi-resource",
                    format!("`{token}` is not a Pulumi type token (`package:module:Type`, e.g. `aws:s3/bucket:Bucket`)"),
                ));
            }
            program.resource_index.insert(e.key.clone(), program.resources.len());
            program.resources.push(ResourceDef {
                name: e.key.clone(),
                urn_name: e.value.get("name").and_then(SNode::as_str).unwrap_or(&e.key).to_string(),
                file: index,
                key_range: e.key_range,
                range: e.range,
                r#type: canonical_type(token),
                properties: e.value.get("properties").cloned(),
                get: e.value.get("get").is_some(),
            });
        }
    }
    program
}

fn config_decl(file: usize, e: &SEntry) -> ConfigDecl {
    const SCHEMA_KEYS: [&str; 6] = ["type", "default", "value", "secret", "description", "items"];
    let structured = e.value.entries().iter().any(|k| SCHEMA_KEYS.contains(&k.key.as_str()));
    if structured {
        ConfigDecl {
            file,
            key_range: e.key_range,
            default: e.value.get("default").or_else(|| e.value.get("value")).cloned(),
            r#type: e.value.get("type").and_then(SNode::as_str).map(str::to_string),
        }
    } else {
        // `name: value` is short for `name: {default: value}`.
        ConfigDecl { file, key_range: e.key_range, default: Some(e.value.clone()), r#type: None }
    }
}

/// Reads `Pulumi.<stack>.yaml`.
pub(super) fn read_stack_config<'f>(
    file: &'f SourceFile,
    limits: &vigil_syntax::Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> StackConfig<'f> {
    let root = parse_yaml(file, limits, diagnostics);
    let settings =
        root.as_ref().and_then(|r| r.get("config")).map(|c| c.entries().to_vec()).unwrap_or_default();
    StackConfig { name: stack_name(&file.path).to_string(), file, settings }
}

/// `dir/Pulumi.dev.yaml` → `dev`.
pub(super) fn stack_name(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.get(7..).filter(|_| stem.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("pulumi."))).unwrap_or(stem)
}

/// The canonical form of a type token: `aws:s3:Bucket` is `aws:s3/bucket:Bucket`
/// (the module gets the type's name with a lowercase first letter), as Pulumi
/// resolves it; tokens that already name the module file, and others, are kept.
pub(super) fn canonical_type(token: &str) -> String {
    let parts: Vec<&str> = token.split(':').collect();
    match parts.as_slice() {
        [package, module, name]
            if !package.is_empty()
                && !module.is_empty()
                && !module.contains('/')
                && !name.is_empty()
                && *package != "pulumi" =>
        {
            let mut chars = name.chars();
            let lower: String =
                chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
            format!("{package}:{module}/{lower}:{name}")
        }
        _ => token.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_tokens_are_canonical() {
        assert_eq!(canonical_type("aws:s3:Bucket"), "aws:s3/bucket:Bucket");
        assert_eq!(canonical_type("aws:s3/bucket:Bucket"), "aws:s3/bucket:Bucket");
        assert_eq!(canonical_type("aws:ec2:SecurityGroup"), "aws:ec2/securityGroup:SecurityGroup");
        assert_eq!(canonical_type("kubernetes:core/v1:Service"), "kubernetes:core/v1:Service");
        assert_eq!(canonical_type("pulumi:providers:aws"), "pulumi:providers:aws");
        assert_eq!(canonical_type("random:index:RandomPet"), "random:index/randomPet:RandomPet");
        assert_eq!(canonical_type("Bucket"), "Bucket");
    }

    #[test]
    fn stack_names_come_from_the_file_name() {
        assert_eq!(stack_name("a/Pulumi.dev.yaml"), "dev");
        assert_eq!(stack_name("pulumi.Prod-EU.yml"), "Prod-EU");
        assert_eq!(stack_name("Pulumi.org.team.yaml"), "org.team");
    }
}
