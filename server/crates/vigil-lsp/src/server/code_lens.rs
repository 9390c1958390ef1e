//! `textDocument/codeLens`: lenses on resources, on policies (findings, "Evaluate on
//! resource…") and on tests (run them, and how they went).

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use vigil_ide::features;

use super::Backend;
use crate::convert::Lines;

pub(super) async fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = &params.text_document.uri;
    // A test file: its tests, run or to run (on the document's current text).
    if let Some((rel, text, _, encoding)) = super::rego::policy_document(backend, uri) {
        if rel.ends_with("_test.rego") {
            let lines = Lines::new(&text, encoding);
            let lenses = {
                let state = backend.lock();
                let run = state
                    .folder_of(&super::uri_path(uri).unwrap_or_default())
                    .and_then(|i| state.folders[i].tests.get(&rel))
                    .filter(|run| run.text == text);
                catch_unwind(AssertUnwindSafe(|| {
                    features::test_lenses(uri.as_str(), &text, run.map(|r| r.reports.as_slice()))
                }))
                .unwrap_or_default()
            };
            return Ok(Some(lenses.into_iter().map(|l| lens(&lines, l)).collect()));
        }
    }
    let Some((_, rel, Some(snapshot))) = backend.locate(uri) else { return Ok(None) };
    let encoding = backend.lock().encoding;
    let Some(text) = snapshot.text(&rel) else { return Ok(None) };
    let lines = Lines::new(text, encoding);
    let lenses = catch_unwind(AssertUnwindSafe(|| {
        let mut lenses = features::resource_lenses(&snapshot.analysis, &rel);
        lenses.extend(features::policy_lenses(&snapshot.analysis, &snapshot.policies, &rel));
        lenses.extend(features::evaluate_lenses(&snapshot.policies, &rel, uri.as_str()));
        lenses
    }))
    .unwrap_or_default();
    Ok(Some(lenses.into_iter().map(|l| lens(&lines, l)).collect()))
}

fn lens(lines: &Lines<'_>, l: features::Lens) -> CodeLens {
    CodeLens {
        range: lines.range(l.range),
        command: Some(Command {
            title: l.title,
            command: l.command.as_ref().map_or(String::new(), |c| c.0.clone()),
            arguments: l.command.map(|c| c.1),
        }),
        data: None,
    }
}
