//! `textDocument/codeAction` (quick fixes, ignores, fix-all) and `codeAction/resolve`
//! (the edit of a fix-all computed when the user picks it).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use vigil_ide::features::{self, ActionKind};

use super::{file_uri, Backend};
use crate::convert::{Encoding, Lines};
use crate::state::Snapshot;

pub(super) async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    if let Some(actions) = super::rego::code_actions(backend, &params) {
        return Ok(Some(actions));
    }
    let Some(current) = backend.current_snapshot(&uri) else { return Ok(None) };
    let Some((rel, snapshot, encoding, root)) = current else { return Ok(Some(vec![])) };
    let only = params.context.only.clone();
    let (preferred_support, resolve_edit) = {
        let s = backend.lock();
        (s.client.preferred_actions, s.client.resolve_edit)
    };
    let wants = |kind: &CodeActionKind| {
        only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let fix_all_kind = CodeActionKind::new("source.fixAll.vigil");
    // Fixing a whole file re-evaluates every fix: a client that can resolve the
    // edit later gets it on demand (when the user picks the action), unless it
    // asked for fix-all explicitly (on save).
    let fix_all_lazily = resolve_edit && only.is_none();
    let guarded = catch_unwind(AssertUnwindSafe(|| {
        let text = snapshot.text(&rel)?;
        let lines = Lines::new(text, encoding);
        // Ranges from the request may be in bytes (Neovim 0.7.2): use the true
        // range from each diagnostic's data when there is one.
        let mut range = lines.text_range(params.range);
        for d in &params.context.diagnostics {
            if let Some(r) = d
                .data
                .as_ref()
                .and_then(|v| v.get("range"))
                .and_then(|r| serde_json::from_value::<Range>(r.clone()).ok())
            {
                range = range.cover(lines.text_range(r));
            }
        }
        let config = (!snapshot.config_text.is_empty())
            .then_some((vigil_ide::config::CONFIG_FILE, snapshot.config_text.as_str()));
        let mut actions = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            actions = features::code_actions(
                &snapshot.files,
                &snapshot.policies,
                &snapshot.analysis,
                &rel,
                range,
                text,
                config.or(Some((vigil_ide::config::CONFIG_FILE, ""))),
            );
        }
        if wants(&fix_all_kind) && !fix_all_lazily {
            actions.extend(features::fix_all(&snapshot.files, &snapshot.policies, &snapshot.analysis, &rel));
        }
        Some(actions)
    }));
    let Some(actions) = guarded.ok().flatten() else { return Ok(Some(vec![])) };
    let mut out = Vec::new();
    for action in actions {
        let kind = match action.kind {
            ActionKind::QuickFix | ActionKind::Ignore | ActionKind::Disable => CodeActionKind::QUICKFIX,
            ActionKind::FixAll => fix_all_kind.clone(),
        };
        let diagnostics: Vec<_> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| matches!(&d.code, Some(NumberOrString::String(c)) if Some(c) == action.policy_id.as_ref()))
            .cloned()
            .collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: action.title,
            kind: Some(kind),
            diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
            edit: Some(workspace_edit(&snapshot, &root, encoding, &action.edits)),
            is_preferred: (action.preferred && preferred_support).then_some(true),
            ..Default::default()
        }));
    }
    let fixable = |f: &&vigil_ide::Finding| f.file == rel && f.fix_safe && !f.fix.is_empty();
    if fix_all_lazily && wants(&fix_all_kind) && snapshot.analysis.findings.iter().any(|f| fixable(&f)) {
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: features::FIX_ALL_TITLE.to_string(),
            kind: Some(fix_all_kind),
            data: Some(json!({"fixAll": uri})),
            ..Default::default()
        }));
    }
    Ok(Some(out))
}

pub(super) async fn code_action_resolve(backend: &Backend, mut action: CodeAction) -> Result<CodeAction> {
    let Some(uri) = action
        .data
        .as_ref()
        .and_then(|d| d.get("fixAll"))
        .and_then(|u| serde_json::from_value::<Uri>(u.clone()).ok())
    else {
        return Ok(action);
    };
    let Some(Some((rel, snapshot, encoding, root))) = backend.current_snapshot(&uri) else {
        return Ok(action);
    };
    let fixed = catch_unwind(AssertUnwindSafe(|| {
        features::fix_all(&snapshot.files, &snapshot.policies, &snapshot.analysis, &rel)
    }));
    let edits = fixed.ok().flatten().map(|a| a.edits).unwrap_or_default();
    action.edit = Some(workspace_edit(&snapshot, &root, encoding, &edits));
    Ok(action)
}

/// Edits of workspace-relative files as an LSP workspace edit, positions in the
/// snapshot's texts.
fn workspace_edit(
    snapshot: &Snapshot,
    root: &Path,
    encoding: Encoding,
    edits: &[(String, Vec<vigil_fix::TextEdit>)],
) -> WorkspaceEdit {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (path, file_edits) in edits {
        let file_text = snapshot.text(path).unwrap_or("");
        let lines = Lines::new(file_text, encoding);
        let Some(uri) = file_uri(root, path) else { continue };
        changes.entry(uri).or_default().extend(
            file_edits.iter().map(|e| TextEdit { range: lines.range(e.range), new_text: e.new_text.clone() }),
        );
    }
    WorkspaceEdit { changes: Some(changes), ..Default::default() }
}
