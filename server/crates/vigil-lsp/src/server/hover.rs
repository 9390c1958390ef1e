//! `textDocument/hover`: a resource header's policies and findings, a finding's
//! card; in a policy file, a built-in function, an `input.resource.values` path
//! (the values it takes in the workspace), a policy or control id.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use vigil_ide::features;
use vigil_syntax::TextRange;

use super::{word_at, Backend};
use crate::convert::Lines;

pub(super) async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let uri = params.text_document_position_params.text_document.uri;
    let Some((_, rel, Some(snapshot))) = backend.locate(&uri) else { return Ok(None) };
    let (encoding, message) = {
        let state = backend.lock();
        (state.encoding, !state.client.diagnostics_in_hover)
    };
    let guarded = catch_unwind(AssertUnwindSafe(|| {
        let text = snapshot.text(&rel)?;
        let lines = Lines::new(text, encoding);
        let offset = lines.offset(params.text_document_position_params.position);
        let a = &snapshot.analysis;
        // A resource header: the table of its policies, then the findings placed on it.
        if let Some(s) =
            a.summaries.iter().find(|s| s.file == rel && s.header.start <= offset && offset <= s.header.end)
        {
            let mut card = features::resource_card(a, &snapshot.policies, &rel, s.header)?;
            for f in a.findings.iter().filter(|f| f.file == rel && f.range == s.header) {
                if let Some(meta) = snapshot.policies.find(&f.policy_id).map(|i| snapshot.policies.meta(i)) {
                    card.push_str("\n\n---\n\n");
                    card.push_str(&features::finding_card(
                        f,
                        meta,
                        message,
                        snapshot.policies.stale.get(&f.policy_id).map(String::as_str),
                        &snapshot.frameworks,
                    ));
                }
            }
            return Some((card, s.header, lines.range(s.header)));
        }
        // A finding under the cursor.
        if let Some(f) = a
            .findings
            .iter()
            .chain(&a.suppressed)
            .find(|f| f.file == rel && f.range.start <= offset && offset <= f.range.end)
        {
            let meta = snapshot.policies.find(&f.policy_id).map(|i| snapshot.policies.meta(i))?;
            return Some((
                features::finding_card(
                    f,
                    meta,
                    message,
                    snapshot.policies.stale.get(&f.policy_id).map(String::as_str),
                    &snapshot.frameworks,
                ),
                f.range,
                lines.range(f.range),
            ));
        }
        // A built-in, an `input.resource.values` path; a policy or control id in a policy file.
        if rel.ends_with(".rego") {
            if let Some((card, range)) =
                vigil_ide::rego::hover(&snapshot.rego_workspace(), &rel, text, offset as usize)
            {
                return Some((card, range, lines.range(range)));
            }
            let (start, end) = word_at(text, offset as usize)?;
            let word = &text[start..end];
            let range = TextRange::from_usize(start, end);
            if let Some(i) = snapshot.policies.find(word) {
                let meta = snapshot.policies.meta(i);
                let card = features::policy_card(
                    meta,
                    snapshot.config.enforcement(meta, &rel),
                    &snapshot.frameworks,
                );
                return Some((card, range, lines.range(range)));
            }
            let policy = snapshot.policies.policies.iter().find(|p| p.meta.file == rel)?;
            let framework = policy
                .meta
                .controls
                .iter()
                .find(|(_, ids)| ids.iter().any(|c| c == word.trim_matches('"')))?;
            let card = features::control_card(
                framework.0,
                word.trim_matches('"'),
                &policy.meta,
                &snapshot.frameworks,
            );
            return Some((card, range, lines.range(range)));
        }
        None
    }));
    let markdown = backend.lock().client.markdown_hover;
    Ok(guarded.ok().flatten().map(|(card, _, range)| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if markdown { MarkupKind::Markdown } else { MarkupKind::PlainText },
            value: card,
        }),
        range: Some(range),
    }))
}
