//! The policy editor: `textDocument/completion`, `textDocument/signatureHelp` and
//! quick fixes in `.rego` files (the data comes from `vigil_ide::rego`; here it is converted).
//! The document's current text is read, not the last analysed one: completion
//! follows every keystroke, analyses follow the debounce.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use vigil_ide::rego::{self as ide, ItemKind};

use super::Backend;
use crate::convert::{Encoding, Lines};
use crate::state::Snapshot;

/// A `.rego` document's folder-relative path, current text and the folder's last
/// snapshot; `None` for other documents or before the first analysis.
///
/// A file of the built-in packs as written out for the editor (see
/// `navigation::builtin_root`) is `builtin:<path>` of the first folder's policies.
pub(super) fn policy_document(
    backend: &Backend,
    uri: &Uri,
) -> Option<(String, String, Arc<Snapshot>, Encoding)> {
    let (rel, snapshot) = match backend.locate(uri) {
        Some((_, rel, snapshot)) => (rel, snapshot),
        None => {
            let path = super::uri_path(uri)?;
            let state = backend.lock();
            let rest = path.strip_prefix(state.builtin_root.as_ref()?).ok()?;
            let rel = format!("{}{}", vigil_policy::BUILTIN_PREFIX, rest.to_string_lossy());
            (rel, state.folders.iter().find_map(|f| f.last.clone()))
        }
    };
    if !rel.ends_with(".rego") {
        return None;
    }
    let snapshot = snapshot?;
    let state = backend.lock();
    let text = match state.docs.get(uri.as_str()) {
        Some(doc) => doc.rope.to_string(),
        None => match snapshot.text(&rel) {
            Some(text) => text.to_string(),
            None => snapshot.policy_sources.iter().find(|s| s.path == rel)?.text.clone(),
        },
    };
    Some((rel, text, snapshot, state.encoding))
}

pub(super) async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    let Some((rel, text, snapshot, encoding)) = policy_document(backend, &position.text_document.uri) else {
        return Ok(None);
    };
    let snippets = backend.lock().client.snippets;
    let answer = catch_unwind(AssertUnwindSafe(|| {
        let lines = Lines::new(&text, encoding);
        let offset = lines.offset(position.position) as usize;
        let (items, range) = ide::completion(&snapshot.rego_workspace(), &rel, &text, offset);
        let range = lines.range(range);
        let items: Vec<CompletionItem> = items
            .into_iter()
            .filter(|i| snippets || !i.snippet || i.kind != ItemKind::Snippet)
            .map(|i| {
                let (text, format) = match (&i.insert, i.snippet && snippets) {
                    (Some(insert), true) => (insert.clone(), InsertTextFormat::SNIPPET),
                    // Without snippets, a call is its name: the user types the rest.
                    _ => (i.label.clone(), InsertTextFormat::PLAIN_TEXT),
                };
                CompletionItem {
                    label: i.label,
                    kind: Some(kind(i.kind)),
                    detail: i.detail,
                    documentation: i.documentation.map(|d| {
                        Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: d })
                    }),
                    insert_text_format: Some(format),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: text })),
                    ..Default::default()
                }
            })
            .collect();
        items
    }));
    Ok(answer.ok().map(|items| CompletionResponse::List(CompletionList { is_incomplete: false, items })))
}

fn kind(kind: ItemKind) -> CompletionItemKind {
    match kind {
        ItemKind::Keyword => CompletionItemKind::KEYWORD,
        ItemKind::Snippet => CompletionItemKind::SNIPPET,
        ItemKind::Rule => CompletionItemKind::PROPERTY,
        ItemKind::Function => CompletionItemKind::FUNCTION,
        ItemKind::Builtin => CompletionItemKind::FUNCTION,
        ItemKind::Module => CompletionItemKind::MODULE,
        ItemKind::Field => CompletionItemKind::FIELD,
        ItemKind::Value => CompletionItemKind::VALUE,
        ItemKind::Variable => CompletionItemKind::VARIABLE,
    }
}

pub(super) async fn signature_help(
    backend: &Backend,
    params: SignatureHelpParams,
) -> Result<Option<SignatureHelp>> {
    let position = params.text_document_position_params;
    let Some((_, text, snapshot, encoding)) = policy_document(backend, &position.text_document.uri) else {
        return Ok(None);
    };
    let answer = catch_unwind(AssertUnwindSafe(|| {
        let lines = Lines::new(&text, encoding);
        let offset = lines.offset(position.position) as usize;
        ide::signature_help(&snapshot.rego_workspace(), &text, offset)
    }));
    Ok(answer.ok().flatten().map(|s| SignatureHelp {
        signatures: vec![SignatureInformation {
            label: s.label,
            documentation: s.documentation.map(Documentation::String),
            parameters: Some(
                s.parameters
                    .into_iter()
                    .map(|p| ParameterInformation { label: ParameterLabel::Simple(p), documentation: None })
                    .collect(),
            ),
            active_parameter: u32::try_from(s.active).ok(),
        }],
        active_signature: Some(0),
        active_parameter: u32::try_from(s.active).ok(),
    }))
}

/// The quick fixes of a policy file (`None` for other documents): did you mean,
/// `import rego.v1`, `:=` (see [`vigil_ide::rego::quick_fixes`]).
pub(super) fn code_actions(backend: &Backend, params: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let uri = &params.text_document.uri;
    let (rel, text, snapshot, encoding) = policy_document(backend, uri)?;
    let wanted =
        params.context.only.as_ref().is_none_or(|only| only.iter().any(|k| k.as_str() == "quickfix"));
    if !wanted {
        return Some(vec![]);
    }
    let lines = Lines::new(&text, encoding);
    let diagnostics: Vec<(String, vigil_syntax::TextRange)> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(code)) => Some((code.clone(), lines.text_range(d.range))),
            _ => None,
        })
        .collect();
    let range = lines.text_range(params.range);
    let fixes = catch_unwind(AssertUnwindSafe(|| {
        ide::quick_fixes(&snapshot.rego_workspace(), &rel, &text, range, &diagnostics)
    }))
    .unwrap_or_default();
    Some(
        fixes
            .into_iter()
            .map(|f| {
                let edits = f
                    .edits
                    .iter()
                    .map(|(r, t)| TextEdit { range: lines.range(*r), new_text: t.clone() })
                    .collect();
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: f.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    is_preferred: Some(f.preferred),
                    edit: Some(WorkspaceEdit {
                        changes: Some(std::collections::HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
            })
            .collect(),
    )
}
