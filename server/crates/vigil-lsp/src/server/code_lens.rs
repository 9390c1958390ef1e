//! `textDocument/codeLens`: lenses on resources and on policies.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use vigil_ide::features;

use super::Backend;
use crate::convert::Lines;

pub(super) async fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let Some((_, rel, Some(snapshot))) = backend.locate(&params.text_document.uri) else { return Ok(None) };
    let encoding = backend.lock().encoding;
    let Some(text) = snapshot.text(&rel) else { return Ok(None) };
    let lines = Lines::new(text, encoding);
    let lenses = catch_unwind(AssertUnwindSafe(|| {
        let mut lenses = features::resource_lenses(&snapshot.analysis, &rel);
        lenses.extend(features::policy_lenses(&snapshot.analysis, &snapshot.policies, &rel));
        lenses
    }))
    .unwrap_or_default();
    Ok(Some(
        lenses
            .into_iter()
            .map(|l| CodeLens {
                range: lines.range(l.range),
                command: Some(Command {
                    title: l.title,
                    command: l.command.as_ref().map_or(String::new(), |c| c.0.clone()),
                    arguments: l.command.map(|c| c.1),
                }),
                data: None,
            })
            .collect(),
    ))
}
