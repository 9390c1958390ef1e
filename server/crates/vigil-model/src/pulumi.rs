//! Pulumi YAML: programs (`Pulumi.yaml` with `runtime: yaml`, and its `Main.yaml` or
//! `Main.json`), stack configurations (`Pulumi.<stack>.yaml`), and `pulumi preview
//! --json` output, read per project directory into one stack.
//!
//! **Programs.** A program may be written as JSON: `Main.json` is read like
//! `Main.yaml` (ranges point into the JSON), and wins over a `Main.yaml` beside it,
//! as Pulumi looks for `Main.json` first. `Pulumi.yaml`'s `main:` may name the
//! directory that holds `Main.json`/`Main.yaml`; that program is read with the
//! project (its name, config and stacks) as one stack.
//!
//! **Resources.** Each entry of `resources:` (except `get:` reads of existing
//! resources) is a resource whose `values` are its `properties`, evaluated:
//! `${...}` interpolation and property access on config values, variables and
//! `${pulumi.stack}`/`${pulumi.project}`; variables in dependency order (a cycle is a
//! `cycle` diagnostic on the variable, its value unknown); the built-in functions
//! `fn::join`, `fn::split`, `fn::select`, `fn::toJSON`, `fn::toBase64`,
//! `fn::fromBase64` and `fn::secret` (its value is known). Unknown until deployment,
//! written `"${<expression>}"` in `values` and listed in `unknown`: outputs of
//! resources (`${bucket.arn}`, recorded in `references`), `fn::invoke` results,
//! `fn::readFile`, assets and archives, encrypted (`secure:`) config settings, config
//! without a value, `${pulumi.organization}`.
//!
//! **Types.** `type` is the canonical type token: `aws:s3:Bucket` and
//! `aws:s3/bucket:Bucket` are one type, written `aws:s3/bucket:Bucket` (the form
//! Pulumi itself uses in URNs and previews), so that policies match one form.
//! `provider` is the package (`aws`); `name` is the resource's key in the program.
//!
//! **Stacks.** The stacks of a directory are those of its `Pulumi.<stack>.yaml` files
//! and of its previews' URNs. Config values come from the stack's settings
//! (`<project>:<name>` or `<name>`), else the declared `default`. With one stack (or
//! none: config defaults, `${pulumi.stack}` unknown) the address of a resource is its
//! key (`siteBucket`); with two or more, the resources are read once per stack and
//! the address names the stack: `siteBucket (dev)`. References use the address of
//! the same stack. Where a value is read from a config setting, a config default or a
//! variable's literal, `Stack::origins["<address>#<pointer>"]` says where that literal
//! is written (the line a person must change: `Pulumi.dev.yaml` for the dev stack's
//! public ACL); `config.<name>` and `variables.<name>` say where each is declared and
//! set.
//!
//! **Previews.** A preview's steps give the resources it would create or keep
//! (`newState.type`, `newState.inputs`; the URN's last part is the name), except the
//! stack and providers (`pulumi:` types), components (`custom: false`: they create
//! nothing themselves) and resources being deleted or only read.
//! Beside a program, a previewed resource is the program's resource of the same
//! stack, name and type, and never a second one: the program's values win where they
//! are known, the preview's inputs fill in what the program left unknown (an
//! `fn::invoke` result, a file read), and ranges stay in the program. A previewed
//! resource the program does not have (and a preview without a program) is reported
//! in the preview file: its header is the step's `urn`, its range the step, and its
//! values the inputs, the engine's unknown marker and hidden secrets listed as
//! unknown.

mod eval;
mod preview;
mod program;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};
use vigil_syntax::{SNode, SValue, TextRange};

use crate::detect::FileKind;
use crate::resource::{escape_token, pointer_is_at_or_under, JsonPointer, Mode, Resource, Span};
use crate::{Diagnostic, Origin, SourceFile, SourceKind, Stack};

/// The kind of a Pulumi file, from its lowercase name and its text; `None` when it is
/// not one. Cheap: lines are looked at, nothing is parsed.
///
/// - `pulumi.yaml` with `runtime: yaml` (or `runtime: {name: yaml}`): a program;
/// - `pulumi.<stack>.yaml` with a top-level `config:`: a stack configuration;
/// - any other YAML file with `runtime: yaml` and `resources:` (a one-file program,
///   such as a policy's `bad.pulumi.yaml` fixture), and `main.yaml` whose top-level
///   `resources:` have Pulumi type tokens (`type: aws:s3:Bucket`): a program;
/// - `main.json` with `resources` that have Pulumi type tokens: a program written as
///   JSON;
/// - JSON with `steps` whose URNs start `urn:pulumi:`: a preview.
pub(crate) fn classify(lower_name: &str, text: &str) -> Option<FileKind> {
    if lower_name.ends_with(".json") {
        if lower_name == "main.json" && text.contains("\"resources\"") && has_json_type_token(text) {
            return Some(FileKind::Pulumi);
        }
        return preview::is_preview(text).then_some(FileKind::PulumiPreview);
    }
    let stem = lower_name.strip_suffix(".yaml").or_else(|| lower_name.strip_suffix(".yml"))?;
    if stem == "pulumi" {
        return runtime_is_yaml(text).then_some(FileKind::Pulumi);
    }
    if let Some(stack) = stem.strip_prefix("pulumi.") {
        return (!stack.is_empty() && has_top_level_key(text, "config")).then_some(FileKind::PulumiConfig);
    }
    let resources = has_top_level_key(text, "resources");
    if resources && (runtime_is_yaml(text) || (stem == "main" && has_type_token(text))) {
        return Some(FileKind::Pulumi);
    }
    None
}

/// Top-level lines (not indented, not comments), with the BOM removed.
fn top_level_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    vigil_syntax::lines(text.trim_start_matches('\u{feff}'))
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']) && !l.is_empty())
}

fn has_top_level_key(text: &str, key: &str) -> bool {
    top_level_lines(text).any(|(_, l)| key_value(l, key).is_some())
}

/// The value after `key:` on a line, without a trailing comment or quotes.
fn key_value<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    let rest = line.strip_prefix(key)?.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let value = rest.split(" #").next().unwrap_or("").trim();
    Some(value.trim_matches(['"', '\'']))
}

/// `runtime: yaml`, `runtime: {name: yaml}` or `runtime:` with `name: yaml` under it.
fn runtime_is_yaml(text: &str) -> bool {
    let lines: Vec<&str> = vigil_syntax::lines(text.trim_start_matches('\u{feff}')).collect();
    for (i, line) in top_level_lines(text) {
        let Some(value) = key_value(line, "runtime") else { continue };
        if value == "yaml" {
            return true;
        }
        if value.starts_with('{') {
            return value.replace([' ', '"', '\''], "").contains("name:yaml");
        }
        if value.is_empty() {
            return lines
                .iter()
                .skip(i + 1)
                .take_while(|l| l.is_empty() || l.starts_with([' ', '\t']))
                .any(|l| key_value(l.trim_start(), "name") == Some("yaml"));
        }
        return false;
    }
    false
}

/// A `type: package:module:Type` line (CloudFormation writes `Type: AWS::S3::Bucket`,
/// Kubernetes `type: ClusterIP`).
fn has_type_token(text: &str) -> bool {
    vigil_syntax::lines(text).filter_map(|l| key_value(l.trim_start(), "type")).any(|token| {
        let parts: Vec<&str> = token.split(':').collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
    })
}

/// `"type": "package:module:Type"` in JSON.
fn has_json_type_token(text: &str) -> bool {
    text.match_indices("\"type\"").any(|(i, key)| {
        let rest = text[i + key.len()..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else { return false };
        let Some(rest) = rest.trim_start().strip_prefix('"') else { return false };
        let token = rest.split('"').next().unwrap_or("");
        let parts: Vec<&str> = token.split(':').collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
    })
}

/// The file names that make one program together; other program files (one-file
/// programs) are programs of their own.
fn is_project_file(lower_name: &str) -> bool {
    matches!(lower_name, "pulumi.yaml" | "pulumi.yml") || is_main_file(lower_name)
}

/// `Main.yaml` or `Main.json`: the program of a project.
fn is_main_file(lower_name: &str) -> bool {
    matches!(lower_name, "main.yaml" | "main.yml" | "main.json")
}

/// Groups a workspace's Pulumi files (by directory) into projects: a `Pulumi.yaml`
/// whose `main:` names another directory of the workspace takes the program file
/// (`Main.json`/`Main.yaml`) found there, so that the program is read with its project.
pub(crate) fn project_dirs(
    mut dirs: BTreeMap<String, Vec<&SourceFile>>,
) -> BTreeMap<String, Vec<&SourceFile>> {
    let moves: Vec<(String, String)> = dirs
        .iter()
        .filter_map(|(dir, files)| {
            let project = files.iter().find(|f| {
                matches!(file_name(&f.path).to_ascii_lowercase().as_str(), "pulumi.yaml" | "pulumi.yml")
            })?;
            let main = top_level_lines(&project.text).find_map(|(_, l)| key_value(l, "main"))?;
            let target = join_dir(dir, main)?;
            (target != *dir && dirs.contains_key(&target)).then(|| (target, dir.clone()))
        })
        .collect();
    for (from, to) in moves {
        let Some(files) = dirs.remove(&from) else { continue };
        let (program, rest): (Vec<&SourceFile>, Vec<&SourceFile>) =
            files.into_iter().partition(|f| is_main_file(&file_name(&f.path).to_ascii_lowercase()));
        dirs.entry(to).or_default().extend(program);
        if !rest.is_empty() {
            dirs.insert(from, rest);
        }
    }
    dirs
}

/// `dir` joined with a relative directory (`infra`, `./infra/`, `../x`); `None` when
/// it is absolute or leaves the workspace.
fn join_dir(dir: &str, relative: &str) -> Option<String> {
    if relative.is_empty() || relative.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Reads one Pulumi project directory (rules in the module doc).
pub(crate) fn load(
    dir: &str,
    files: &[&SourceFile],
    limits: &vigil_syntax::Limits,
) -> (Stack, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut project_files = Vec::new();
    let mut groups: Vec<Vec<&SourceFile>> = Vec::new();
    let mut configs = Vec::new();
    let mut preview_files = Vec::new();
    for file in files {
        let lower = file_name(&file.path).to_ascii_lowercase();
        match classify(&lower, &file.text) {
            Some(FileKind::Pulumi) if is_project_file(&lower) => project_files.push(*file),
            Some(FileKind::Pulumi) => groups.push(vec![*file]),
            Some(FileKind::PulumiConfig) => {
                configs.push(program::read_stack_config(file, limits, &mut diagnostics))
            }
            Some(FileKind::PulumiPreview) => preview_files.push(*file),
            _ => {}
        }
    }
    // Pulumi reads `Main.json` when there is one, and `Main.yaml` only otherwise.
    let lower_names: Vec<String> =
        project_files.iter().map(|f| file_name(&f.path).to_ascii_lowercase()).collect();
    if let Some(json) = lower_names.iter().position(|n| n == "main.json") {
        let json_path = project_files[json].path.clone();
        let mut i = 0;
        project_files.retain(|f| {
            let skipped = matches!(lower_names[i].as_str(), "main.yaml" | "main.yml");
            i += 1;
            if skipped {
                diagnostics.push(Diagnostic::info(
                    f.path.clone(),
                    TextRange::empty(0),
                    "pulumi-program",
                    format!(
                        "not read: Pulumi runs {json_path} when a project has both Main.json and Main.yaml"
                    ),
                ));
            }
            !skipped
        });
    }
    // `Pulumi.yaml` first: its `name` is the project's.
    project_files.sort_by_key(|f| !file_name(&f.path).to_ascii_lowercase().starts_with("pulumi."));
    if !project_files.is_empty() {
        groups.insert(0, project_files);
    }
    let programs: Vec<program::Program<'_>> =
        groups.iter().map(|g| program::read_program(g, limits, &mut diagnostics)).collect();
    let mut previewed = Vec::new();
    for file in &preview_files {
        let (resources, diags) = preview::read(file, limits);
        previewed.extend(resources);
        diagnostics.extend(diags);
    }

    let mut stack_names: BTreeSet<String> = previewed.iter().map(|p| p.stack.clone()).collect();
    if !programs.is_empty() {
        stack_names.extend(configs.iter().map(|c| c.name.clone()));
    }
    let per_stack = stack_names.len() >= 2;
    let stacks: Vec<Option<&str>> = if stack_names.is_empty() {
        vec![None]
    } else {
        stack_names.iter().map(|s| Some(s.as_str())).collect()
    };

    let mut stack = Stack {
        id: dir.to_string(),
        source: SourceKind::Pulumi,
        resources: vec![],
        origins: Default::default(),
        providers: Default::default(),
    };
    let mut taken: BTreeSet<String> = BTreeSet::new();
    // (stack, URN name) → index of the program's resource, for the previews.
    let mut by_urn: HashMap<(Option<String>, String), usize> = HashMap::new();
    for program in &programs {
        add_declaration_origins(program, &configs, &mut stack.origins);
        for &stack_name in &stacks {
            let mut addresses = HashMap::new();
            for r in program.resources.iter().filter(|r| !r.get) {
                let mut address = address_of(&r.name, stack_name, per_stack);
                if taken.contains(&address) {
                    address = format!("{address} [{}]", file_name(&program.files[r.file].0.path));
                }
                taken.insert(address.clone());
                addresses.insert(r.name.clone(), address);
            }
            let config = configs.iter().find(|c| Some(c.name.as_str()) == stack_name);
            let mut ev = eval::Evaluator::new(program, config, stack_name, &addresses);
            ev.check_all();
            for r in program.resources.iter().filter(|r| !r.get) {
                let Some(address) = addresses.get(&r.name) else { continue };
                let file = program.files[r.file].0;
                let (values, unknown, references) = match &r.properties {
                    Some(props) => ev.properties(props, r.file),
                    None => (Value::Object(Map::new()), vec![], BTreeMap::new()),
                };
                let mut source_map = BTreeMap::new();
                let mut written = Vec::new();
                if let Some(props) = &r.properties {
                    map_source(props, "", None, &mut source_map);
                    ev.written_values(props, "", &mut written);
                }
                for (pointer, w) in written {
                    stack.origins.insert(
                        format!("{address}#{pointer}"),
                        vec![Origin { file: w.file, range: w.node.range, note: w.note }],
                    );
                }
                by_urn.insert((stack_name.map(str::to_string), r.urn_name.clone()), stack.resources.len());
                stack.resources.push(Resource {
                    address: address.clone(),
                    r#type: r.r#type.clone(),
                    name: r.name.clone(),
                    mode: Mode::Managed,
                    source: SourceKind::Pulumi,
                    provider: r.r#type.split(':').next().unwrap_or("").to_string(),
                    file: file.path.clone(),
                    values,
                    references,
                    unknown,
                    header: r.key_range,
                    range: r.range,
                    source_map,
                    instances_unknown: false,
                });
            }
            diagnostics.extend(ev.diagnostics);
        }
    }

    for p in previewed {
        let matched = by_urn
            .get(&(Some(p.stack.clone()), p.urn_name.clone()))
            .copied()
            .filter(|&i| stack.resources[i].r#type == p.resource.r#type);
        match matched {
            Some(i) => fill_unknowns(&mut stack.resources[i], &p.resource),
            None => {
                let mut resource = p.resource;
                let mut address = address_of(&p.urn_name, Some(&p.stack), per_stack);
                if taken.contains(&address) {
                    address = format!("{address} [{}]", resource.r#type);
                }
                if !taken.insert(address.clone()) {
                    continue; // the same resource in two previews of one stack
                }
                resource.address = address;
                stack.resources.push(resource);
            }
        }
    }
    diagnostics.sort();
    diagnostics.dedup();
    (stack, diagnostics)
}

/// `siteBucket`, or `siteBucket (dev)` when the directory has several stacks.
fn address_of(name: &str, stack: Option<&str>, per_stack: bool) -> String {
    match stack {
        Some(stack) if per_stack => format!("{name} ({stack})"),
        _ => name.to_string(),
    }
}

/// `config.<name>`: its declaration and the stack settings; `variables.<name>`: its
/// definition.
fn add_declaration_origins(
    program: &program::Program<'_>,
    configs: &[program::StackConfig<'_>],
    origins: &mut BTreeMap<String, Vec<Origin>>,
) {
    let path = |file: usize| program.files[file].0.path.clone();
    // A block mapping's range runs to the next line: end at its last character.
    let trimmed = |text: &str, range: TextRange| {
        let written = text.get(range.as_usize()).unwrap_or("");
        TextRange::new(range.start, range.start + written.trim_end().len() as u32)
    };
    for (name, decl) in &program.config {
        origins.entry(format!("config.{name}")).or_default().push(Origin {
            file: path(decl.file),
            range: decl.key_range,
            note: format!("config `{name}` is declared here"),
        });
        for config in configs {
            if let Some(setting) = config.setting(program.project.as_deref(), name) {
                origins.entry(format!("config.{name}")).or_default().push(Origin {
                    file: config.file.path.clone(),
                    range: trimmed(&config.file.text, setting.key_range.cover(setting.value.range)),
                    note: format!(
                        "`{name}` is set for stack `{}` in {}",
                        config.name,
                        file_name(&config.file.path)
                    ),
                });
            }
        }
    }
    for (name, def) in &program.variables {
        origins.entry(format!("variables.{name}")).or_default().push(Origin {
            file: path(def.file),
            range: def.key_range,
            note: format!("variable `{name}` is defined here"),
        });
    }
}

/// Every written property value by pointer: the key and the value's text. A
/// function call is one value (its arguments are not values of the resource).
fn map_source(node: &SNode, pointer: &str, key: Option<TextRange>, out: &mut BTreeMap<JsonPointer, Span>) {
    if !pointer.is_empty() {
        out.insert(pointer.to_string(), Span { key, value: node.range });
    }
    match &node.value {
        SValue::Map(entries) if eval::function_call(node).is_none() => {
            for e in entries {
                map_source(&e.value, &format!("{pointer}/{}", escape_token(&e.key)), Some(e.key_range), out);
            }
        }
        SValue::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                map_source(item, &format!("{pointer}/{i}"), None, out);
            }
        }
        _ => {}
    }
}

/// The program's unknown values that the preview resolved (with the preview's own
/// unknowns inside them still unknown).
fn fill_unknowns(resource: &mut Resource, previewed: &Resource) {
    let mut still = Vec::new();
    for pointer in std::mem::take(&mut resource.unknown) {
        let value =
            (!previewed.is_unknown_path(&pointer)).then(|| previewed.values.pointer(&pointer)).flatten();
        match (value.cloned(), resource.values.pointer_mut(&pointer)) {
            (Some(value), Some(slot)) => {
                *slot = value;
                still.extend(
                    previewed.unknown.iter().filter(|u| pointer_is_at_or_under(u, &pointer)).cloned(),
                );
            }
            _ => still.push(pointer),
        }
    }
    still.sort();
    still.dedup();
    resource.unknown = still;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_by_name_and_lines() {
        let program = "name: site\nruntime: yaml\nresources:\n  b:\n    type: aws:s3:Bucket\n";
        assert_eq!(classify("pulumi.yaml", program), Some(FileKind::Pulumi));
        assert_eq!(classify("pulumi.yaml", "name: s\nruntime:\n  name: yaml\n"), Some(FileKind::Pulumi));
        assert_eq!(classify("pulumi.yaml", "name: s\nruntime: {name: yaml}\n"), Some(FileKind::Pulumi));
        assert_eq!(classify("pulumi.yaml", "name: s\nruntime: nodejs\n"), None);
        assert_eq!(classify("bad.pulumi.yaml", program), Some(FileKind::Pulumi));
        assert_eq!(
            classify("main.yaml", "resources:\n  b:\n    type: \"aws:s3/bucket:Bucket\"\n"),
            Some(FileKind::Pulumi)
        );
        assert_eq!(classify("main.yaml", "resources:\n- deployment.yaml\n"), None);
        assert_eq!(
            classify("pulumi.dev.yaml", "config:\n  aws:region: us-east-1\n"),
            Some(FileKind::PulumiConfig)
        );
        assert_eq!(classify("pulumi.dev.yaml", "encryptionsalt: x\n"), None);
        assert_eq!(
            classify("preview.json", r#"{"steps":[{"urn":"urn:pulumi:dev::p::t::n","newState":{}}]}"#),
            Some(FileKind::PulumiPreview)
        );
        assert_eq!(classify("plan.json", r#"{"format_version":"1.2"}"#), None);
        assert_eq!(
            classify("main.json", r#"{"resources": {"b": {"type" : "aws:s3:Bucket"}}}"#),
            Some(FileKind::Pulumi)
        );
        assert_eq!(classify("main.json", r#"{"resources": {"b": {"type": "Bucket"}}}"#), None);
        assert_eq!(classify("other.json", r#"{"resources": {"b": {"type": "aws:s3:Bucket"}}}"#), None);
    }

    #[test]
    fn main_directories_join_their_project() {
        assert_eq!(join_dir("site", "infra/").as_deref(), Some("site/infra"));
        assert_eq!(join_dir("", "./infra").as_deref(), Some("infra"));
        assert_eq!(join_dir("a/b", "../c").as_deref(), Some("a/c"));
        assert_eq!(join_dir("", "../c"), None);
        assert_eq!(join_dir("a", "/abs"), None);
    }
}
