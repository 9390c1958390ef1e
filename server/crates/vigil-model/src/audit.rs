//! Audit mode: existing resources from a Terraform state (format version 4) or a
//! `kubectl get -o json` list; findings point into the state or dump file.

use crate::{Diagnostic, SourceFile, SourceKind, Stack};

/// Whether a text is a Terraform state file.
pub(crate) fn is_terraform_state(_text: &str) -> bool {
    false
}

/// Whether a JSON text is a `kubectl get -o json` list.
pub(crate) fn is_kubernetes_list(_text: &str) -> bool {
    false
}

/// Reads the resources of a state file or a list dump.
pub(crate) fn load(file: &SourceFile) -> (Stack, Vec<Diagnostic>) {
    (
        Stack {
            id: file.path.clone(),
            source: SourceKind::Terraform,
            resources: vec![],
            origins: Default::default(),
        },
        vec![],
    )
}
