//! The resource model: what each file would create, with a source map.
//!
//! Text in, data out: [`load_workspace`] takes the files of a workspace (path + text)
//! and returns the previewed resources of every stack and the problems found while
//! reading them. Nothing here reads the disk or the clock.

mod cloudformation;
mod detect;
mod kubernetes;
mod resource;
mod snode_values;
pub mod terraform;

pub use detect::{classify, FileKind};
pub use resource::{
    escape_token, pointer_is_at_or_under, JsonPointer, Mode, Resource, SourceKind, Span, Stack,
};
pub use vigil_syntax::{Diagnostic, DiagnosticSeverity, TextRange};

/// One input file: a workspace-relative `/`-separated path and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { path: path.into(), text: text.into() }
    }
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

/// Reads every file: Terraform files are grouped by directory (a directory is one
/// stack), each CloudFormation template and each Kubernetes file is a stack of its own.
/// Files of other kinds are skipped quietly; Helm templates get a notice.
pub fn load_workspace(files: &[SourceFile]) -> Model {
    let mut model = Model::default();
    let mut terraform_dirs: std::collections::BTreeMap<String, Vec<&SourceFile>> = Default::default();
    for file in files {
        match classify(&file.path, &file.text) {
            FileKind::Terraform | FileKind::TerraformVars => {
                terraform_dirs.entry(parent_dir(&file.path).to_string()).or_default().push(file);
            }
            FileKind::CloudFormation => {
                let (stack, diagnostics) = cloudformation::load(file);
                model.stacks.push(stack);
                model.diagnostics.extend(diagnostics);
            }
            FileKind::Kubernetes => {
                let (stack, diagnostics) = kubernetes::load(file);
                model.stacks.push(stack);
                model.diagnostics.extend(diagnostics);
            }
            FileKind::HelmTemplate => model.diagnostics.push(Diagnostic::info(
                file.path.clone(),
                TextRange::empty(0),
                "helm-template",
                "skipped: this looks like a Helm template (it contains `{{`); Vigil reads rendered manifests only (run `helm template` and check its output)",
            )),
            FileKind::Other => {}
        }
    }
    for (dir, dir_files) in terraform_dirs {
        let (stack, diagnostics) = terraform::load_module(&dir, &dir_files);
        model.stacks.push(stack);
        model.diagnostics.extend(diagnostics);
    }
    model.stacks.sort_by(|a, b| a.id.cmp(&b.id));
    model.diagnostics.sort();
    model
}

/// The directory part of a `/`-separated path ("" for a top-level file).
pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}
