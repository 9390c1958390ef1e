//! The resource model: what each file would create, with a source map.
//!
//! Text in, data out: [`load_workspace`] takes the files of a workspace (path + text)
//! and returns the previewed resources of every stack and the problems found while
//! reading them. Nothing here reads the disk or the clock.

mod audit;
mod cloudformation;
mod detect;
mod kubernetes;
mod plan;
mod pulumi;
mod resource;
mod snode_values;
pub mod terraform;

pub use detect::{classify, FileKind};
pub use resource::{
    base_address, escape_token, pointer_is_at_or_under, JsonPointer, Mode, Origin, Resource, SourceKind,
    Span, Stack,
};
pub use vigil_syntax::{Diagnostic, DiagnosticSeverity, Limits, TextRange};

/// One input file: a workspace-relative `/`-separated path and its text, and its
/// syntax tree when the caller keeps one up to date (the language server reparses
/// incrementally as the user types).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    /// A tree-sitter tree of exactly `text`, and its language, if the caller has one.
    pub tree: Option<(vigil_syntax::Language, vigil_syntax::tree_sitter::Tree)>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { path: path.into(), text: text.into(), tree: None }
    }

    /// A file with its already parsed tree (which must be the tree of `text`).
    pub fn with_tree(
        path: impl Into<String>,
        text: impl Into<String>,
        tree: Option<(vigil_syntax::Language, vigil_syntax::tree_sitter::Tree)>,
    ) -> Self {
        SourceFile { path: path.into(), text: text.into(), tree }
    }

    /// A file read from disk as bytes: its text when it is UTF-8 (without a
    /// byte-order mark), else a binary file (a Lambda zip that `filebase64sha256()`
    /// reads), kept as data: see [`binary_content`].
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text),
            Err(e) => {
                use base64::Engine as _;
                let encoded = base64::engine::general_purpose::STANDARD.encode(e.as_bytes());
                format!("{BINARY_PREFIX}{encoded}")
            }
        };
        SourceFile::new(path, text)
    }

    /// Whether this is a binary file (not UTF-8 text), see [`SourceFile::from_bytes`].
    pub fn is_binary(&self) -> bool {
        self.text.starts_with(BINARY_PREFIX)
    }

    /// The caller's tree, when it is of `language` (a `.yaml` template written as
    /// JSON is read as JSON, and then a YAML tree does not apply).
    pub fn tree_for(&self, language: vigil_syntax::Language) -> Option<vigil_syntax::tree_sitter::Tree> {
        self.tree.as_ref().filter(|(l, _)| *l == language).map(|(_, t)| t.clone())
    }
}

/// How a binary file travels as text: this prefix, then its bytes in base64. The
/// model's maps of file texts (what `file()` and the like read) carry it unchanged,
/// and the file functions decode it, so the model needs no second kind of file and
/// stays text in, data out. No UTF-8 text file starts with it in practice (a NUL
/// then a Unicode noncharacter).
pub const BINARY_PREFIX: &str = "\u{0}\u{ffff}vigil-binary-base64:";

/// The bytes of a binary file's text (see [`SourceFile::from_bytes`]); `None` for
/// a text file, whose bytes are its text's.
pub fn binary_content(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let encoded = text.strip_prefix(BINARY_PREFIX)?;
    base64::engine::general_purpose::STANDARD.decode(encoded).ok()
}

/// The previewed resources of a set of files.
#[derive(Debug, Default, Clone)]
pub struct Model {
    pub stacks: Vec<Stack>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Model {
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.stacks.iter().flat_map(|s| s.resources.iter())
    }
}

/// The files of one stack, to be read together by [`load_stack`].
#[derive(Debug, Clone)]
pub enum StackInput<'f> {
    /// A Terraform module: a directory's `.tf` and tfvars files.
    Terraform {
        dir: String,
        files: Vec<&'f SourceFile>,
    },
    CloudFormation(&'f SourceFile),
    Kubernetes(&'f SourceFile),
    /// A Pulumi YAML project: its program, stack configurations and preview outputs.
    Pulumi {
        dir: String,
        files: Vec<&'f SourceFile>,
    },
    /// `terraform show -json` of a plan.
    TerraformPlan(&'f SourceFile),
    /// Existing resources (audit mode): a Terraform state or a `kubectl get -o json` list.
    Audit(&'f SourceFile),
}

impl<'f> StackInput<'f> {
    /// A key that names the stack across analyses: its kind and directory or file.
    pub fn key(&self) -> String {
        match self {
            StackInput::Terraform { dir, .. } => format!("tf:{dir}"),
            StackInput::Pulumi { dir, .. } => format!("pulumi:{dir}"),
            StackInput::CloudFormation(f)
            | StackInput::Kubernetes(f)
            | StackInput::TerraformPlan(f)
            | StackInput::Audit(f) => format!("file:{}", f.path),
        }
    }

    /// The files the stack is read from.
    pub fn files(&self) -> Vec<&'f SourceFile> {
        match self {
            StackInput::Terraform { files, .. } | StackInput::Pulumi { files, .. } => files.clone(),
            StackInput::CloudFormation(f)
            | StackInput::Kubernetes(f)
            | StackInput::TerraformPlan(f)
            | StackInput::Audit(f) => vec![f],
        }
    }
}

/// How files are grouped into stacks.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Read Terraform state files and `kubectl get -o json` dumps as existing
    /// resources (`vigil check --audit`; the language server always does).
    pub audit: bool,
    /// The budgets stacks are read within (vigil.toml's `[limits]`; see
    /// [`load_stack_with`]).
    pub limits: vigil_syntax::Limits,
}

/// Groups files into stacks: Terraform files by directory (a directory is one
/// stack), each CloudFormation template and each Kubernetes file on its own. Files of
/// other kinds are skipped quietly; Helm templates get a notice. Stacks are
/// independent: a caller may load them in parallel.
pub fn plan_stacks(files: &[SourceFile]) -> (Vec<StackInput<'_>>, Vec<Diagnostic>) {
    plan_stacks_with(files, PlanOptions::default())
}

/// [`plan_stacks`] with options.
pub fn plan_stacks_with(
    files: &[SourceFile],
    options: PlanOptions,
) -> (Vec<StackInput<'_>>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut pulumi_dirs: std::collections::BTreeMap<String, Vec<&SourceFile>> = Default::default();
    let mut plans: Vec<&SourceFile> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut terraform_dirs: std::collections::BTreeMap<String, Vec<&SourceFile>> = Default::default();
    for file in files {
        match classify(&file.path, &file.text) {
            // The manifest belongs to the root module whose `.terraform` it is in.
            FileKind::TerraformModules => {
                let root = terraform::manifest_root(&file.path).unwrap_or("");
                terraform_dirs.entry(root.to_string()).or_default().push(file);
            }
            FileKind::Terraform | FileKind::TerraformVars => {
                terraform_dirs.entry(parent_dir(&file.path).to_string()).or_default().push(file);
            }
            FileKind::CloudFormation => inputs.push(StackInput::CloudFormation(file)),
            FileKind::Kubernetes => inputs.push(StackInput::Kubernetes(file)),
            FileKind::HelmTemplate => diagnostics.push(Diagnostic::info(
                file.path.clone(),
                TextRange::empty(0),
                "helm-template",
                "skipped: this looks like a Helm template (it contains `{{`); Vigil reads rendered manifests only (run `helm template` and check its output)",
            )),
            FileKind::Pulumi | FileKind::PulumiConfig | FileKind::PulumiPreview => {
                pulumi_dirs.entry(parent_dir(&file.path).to_string()).or_default().push(file);
            }
            FileKind::TerraformPlan => plans.push(file),
            FileKind::TerraformState | FileKind::KubernetesList if options.audit => {
                inputs.push(StackInput::Audit(file))
            }
            FileKind::TerraformState | FileKind::KubernetesList | FileKind::Other => {}
        }
    }
    // A `Pulumi.yaml` with `main: <dir>` takes the program written in that directory.
    let pulumi_projects = pulumi::project_dirs(pulumi_dirs);
    inputs.extend(pulumi_projects.into_iter().map(|(dir, files)| StackInput::Pulumi { dir, files }));
    let by_path: std::collections::HashMap<&str, &SourceFile> =
        files.iter().map(|f| (f.path.as_str(), f)).collect();
    inputs.extend(terraform_stacks(terraform_dirs, plans, &by_path));
    (inputs, diagnostics)
}

/// Terraform stacks: a directory is a root module unless another directory of the
/// workspace calls it as a local module; a root's stack also reads the `.tf` files
/// of the modules it calls (transitively).
///
/// A plan JSON goes with the root module that declares most of its resources (read
/// together: see `plan.rs`); a plan that matches none is a stack of its own.
fn terraform_stacks<'f>(
    dirs: std::collections::BTreeMap<String, Vec<&'f SourceFile>>,
    plans: Vec<&'f SourceFile>,
    by_path: &std::collections::HashMap<&str, &'f SourceFile>,
) -> Vec<StackInput<'f>> {
    let calls: std::collections::BTreeMap<&str, Vec<String>> = dirs
        .iter()
        .map(|(dir, files)| {
            let mut called: Vec<String> = files
                .iter()
                .filter(|f| f.path.ends_with(".tf"))
                .flat_map(|f| terraform::local_module_sources(&f.text))
                .filter_map(|source| terraform::join_source(dir, &source))
                .chain(
                    files
                        .iter()
                        .filter(|f| terraform::manifest_root(&f.path).is_some())
                        .flat_map(|f| terraform::manifest_dirs(dir, &f.text).into_values()),
                )
                .filter(|child| child != dir && dirs.contains_key(child))
                .collect();
            called.sort();
            called.dedup();
            (dir.as_str(), called)
        })
        .collect();
    let called: std::collections::BTreeSet<&str> = calls.values().flatten().map(String::as_str).collect();
    let mut out = Vec::new();
    for (dir, files) in &dirs {
        if called.contains(dir.as_str()) {
            continue;
        }
        let mut all = files.clone();
        let mut seen = std::collections::BTreeSet::from([dir.as_str()]);
        let mut todo: Vec<&str> =
            calls.get(dir.as_str()).map(|c| c.iter().map(String::as_str).collect()).unwrap_or_default();
        while let Some(child) = todo.pop() {
            if !seen.insert(child) {
                continue;
            }
            if let Some(child_files) = dirs.get(child) {
                all.extend(child_files.iter().filter(|f| f.path.ends_with(".tf")));
            }
            todo.extend(
                calls
                    .get(child)
                    .map(|c| c.iter().map(String::as_str).collect::<Vec<_>>())
                    .unwrap_or_default(),
            );
        }
        // The files the configuration reads with `file()` and the like.
        let mut data: Vec<&SourceFile> = all
            .iter()
            .filter(|f| f.path.ends_with(".tf"))
            .flat_map(|f| terraform::file_references(parent_dir(&f.path), dir, &f.text))
            .filter_map(|p| by_path.get(p.as_str()).copied())
            .collect();
        data.sort_by(|a, b| a.path.cmp(&b.path));
        data.dedup_by(|a, b| a.path == b.path);
        all.extend(data.into_iter().filter(|d| !d.path.ends_with(".tf") && !d.path.ends_with(".tfvars")));
        out.push(StackInput::Terraform { dir: dir.clone(), files: all });
    }
    for plan in plans {
        let declared = plan::declared_addresses(&plan.text);
        let best = out
            .iter_mut()
            .filter_map(|input| {
                let StackInput::Terraform { files, .. } = input else { return None };
                let score = files
                    .iter()
                    .filter(|f| f.path.ends_with(".tf"))
                    .flat_map(|f| terraform::declared_resources(&f.text))
                    .filter(|a| declared.binary_search(a).is_ok())
                    .count();
                (score > 0).then_some((score, files))
            })
            .max_by_key(|(score, _)| *score);
        match best {
            Some((_, files)) => files.push(plan),
            None => out.push(StackInput::TerraformPlan(plan)),
        }
    }
    out
}

/// Reads one stack, with the default budgets.
pub fn load_stack(input: &StackInput<'_>) -> (Stack, Vec<Diagnostic>) {
    load_stack_with(input, &vigil_syntax::Limits::default(), None)
}

/// [`load_stack`] within `limits` (vigil.toml's `[limits]`), reusing what `cache`
/// kept of an earlier read of the same stack: a Terraform root module's resource
/// blocks that did not change (see [`terraform::PreviewCache`]). The caller keeps
/// one cache per stack and calls [`terraform::PreviewCache::rotate`] after each read.
pub fn load_stack_with(
    input: &StackInput<'_>,
    limits: &vigil_syntax::Limits,
    cache: Option<&mut terraform::PreviewCache>,
) -> (Stack, Vec<Diagnostic>) {
    match input {
        StackInput::Terraform { dir, files } => terraform::load_module_cached(dir, files, limits, cache),
        StackInput::CloudFormation(file) => cloudformation::load(file, limits),
        StackInput::Kubernetes(file) => kubernetes::load(file, limits),
        StackInput::Pulumi { dir, files } => pulumi::load(dir, files, limits),
        StackInput::TerraformPlan(file) => plan::load(file, limits),
        StackInput::Audit(file) => audit::load(file, limits),
    }
}

/// Puts loaded stacks together in a stable order.
pub fn assemble(
    loaded: impl IntoIterator<Item = (Stack, Vec<Diagnostic>)>,
    mut diagnostics: Vec<Diagnostic>,
) -> Model {
    let mut model = Model::default();
    for (stack, diags) in loaded {
        model.stacks.push(stack);
        diagnostics.extend(diags);
    }
    model.stacks.sort_by(|a, b| a.id.cmp(&b.id));
    diagnostics.sort();
    model.diagnostics = diagnostics;
    model
}

/// Reads every file into stacks of previewed resources, one stack after the other.
pub fn load_workspace(files: &[SourceFile]) -> Model {
    let (inputs, diagnostics) = plan_stacks(files);
    assemble(inputs.iter().map(load_stack), diagnostics)
}

/// The directory part of a `/`-separated path ("" for a top-level file). Paths of
/// files outside the report's root start with `..` (`../../main.tf` → `../..`), or
/// are absolute when they share nothing with it.
pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::terraform::join_source;
    use super::{binary_content, parent_dir, SourceFile};

    #[test]
    fn paths_above_the_root_keep_their_leading_dots() {
        assert_eq!(join_source("a/b", "../c").as_deref(), Some("a/c"));
        assert_eq!(join_source("examples/complete", "../..").as_deref(), Some(""));
        assert_eq!(join_source("", "../..").as_deref(), Some("../.."));
        assert_eq!(join_source("../..", "./modules/x").as_deref(), Some("../../modules/x"));
        assert_eq!(join_source("../../modules/x", "../y").as_deref(), Some("../../modules/y"));
        assert_eq!(join_source("../..", "..").as_deref(), Some("../../.."));
        assert_eq!(join_source("a", "../../../b").as_deref(), Some("../../b"));
        assert_eq!(join_source("/repo/x", "../y").as_deref(), Some("/repo/y"));
        assert_eq!(join_source("/repo", "../../y"), None);
        assert_eq!(parent_dir("../../main.tf"), "../..");
        assert_eq!(parent_dir("main.tf"), "");
    }

    #[test]
    fn binary_files_travel_as_text() {
        let text = SourceFile::from_bytes("a.txt", "\u{feff}hé".as_bytes().to_vec());
        assert_eq!((text.text.as_str(), text.is_binary()), ("hé", false));
        assert_eq!(binary_content(&text.text), None);
        let zip = SourceFile::from_bytes("a.zip", vec![0x50, 0x4b, 0xff, 0x00]);
        assert!(zip.is_binary());
        assert_eq!(binary_content(&zip.text), Some(vec![0x50, 0x4b, 0xff, 0x00]));
    }
}
