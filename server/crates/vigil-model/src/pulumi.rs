//! Pulumi YAML: programs (`Pulumi.yaml` / `Main.yaml`: `resources`, `variables`,
//! `config`, `${...}` interpolation, `fn::` functions evaluated statically), stack
//! configurations (`Pulumi.<stack>.yaml`), and `pulumi preview --json` mapped back to
//! the program. Resources have the Pulumi type token as `type`.

use crate::detect::FileKind;
use crate::{Diagnostic, SourceFile, SourceKind, Stack};

/// The kind of a Pulumi file, from its lowercase name and its text; `None` when it is
/// not one.
pub(crate) fn classify(_lower_name: &str, _text: &str) -> Option<FileKind> {
    None
}

/// Reads one Pulumi project directory.
pub(crate) fn load(dir: &str, _files: &[&SourceFile]) -> (Stack, Vec<Diagnostic>) {
    (
        Stack {
            id: dir.to_string(),
            source: SourceKind::Pulumi,
            resources: vec![],
            origins: Default::default(),
        },
        vec![],
    )
}
