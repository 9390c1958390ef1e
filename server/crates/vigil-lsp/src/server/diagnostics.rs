//! Findings and input problems as LSP diagnostics: converted for the publishing
//! analysis and for pull diagnostics (`textDocument/diagnostic`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use vigil_policy::Enforcement;
use vigil_syntax::DiagnosticSeverity as Sev;

use super::{file_uri, uri_path, Backend};
use crate::convert::{Encoding, Lines};
use crate::state::{ClientSupport, Snapshot};

pub(super) async fn diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let items = backend.file_diagnostics(&params.text_document.uri);
    Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
        },
    )))
}

impl Backend {
    fn file_diagnostics(&self, uri: &Uri) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
        let Some((_, rel, Some(snapshot))) = self.locate(uri) else { return vec![] };
        let encoding = self.lock().encoding;
        let (support, root) = {
            let s = self.lock();
            let root = s.folder_of(&uri_path(uri).unwrap_or_default()).map(|i| s.folders[i].root.clone());
            (s.client, root.unwrap_or_default())
        };
        diagnostics_by_file(&snapshot, encoding, support, &root).remove(&rel).unwrap_or_default()
    }
}

/// Every finding and input problem of a snapshot, as LSP diagnostics per file.
pub(super) fn diagnostics_by_file(
    snapshot: &Snapshot,
    encoding: Encoding,
    support: ClientSupport,
    root: &Path,
) -> HashMap<String, Vec<tower_lsp_server::ls_types::Diagnostic>> {
    let mut out: HashMap<String, Vec<tower_lsp_server::ls_types::Diagnostic>> = HashMap::new();
    let mut lines_cache: HashMap<String, Lines<'_>> = HashMap::new();
    for f in &snapshot.analysis.findings {
        let Some(text) = snapshot.text(&f.file) else { continue };
        let lines = lines_cache.entry(f.file.clone()).or_insert_with(|| Lines::new(text, encoding));
        let range = lines.range(f.range);
        let meta = snapshot.policies.find(&f.policy_id).map(|i| snapshot.policies.meta(i));
        let href = meta
            .and_then(|m| m.related_resources.first())
            .and_then(|l| l.parse::<Uri>().ok())
            .filter(|_| support.code_description);
        // Where the value came from: the variable's declaration, the tfvars line.
        let related: Vec<DiagnosticRelatedInformation> = f
            .related
            .iter()
            .filter(|_| support.related_information)
            .filter_map(|o| {
                let text = snapshot.text(&o.file)?;
                Some(DiagnosticRelatedInformation {
                    location: Location {
                        uri: file_uri(root, &o.file)?,
                        range: Lines::new(text, encoding).range(o.range),
                    },
                    message: o.note.clone(),
                })
            })
            .collect();
        out.entry(f.file.clone()).or_default().push(tower_lsp_server::ls_types::Diagnostic {
            range,
            severity: Some(severity(f.enforcement)),
            code: Some(NumberOrString::String(f.policy_id.clone())),
            code_description: href.map(|href| CodeDescription { href }),
            source: Some("vigil".into()),
            message: format!("{} [{}]", f.message, f.address),
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            // The true range (and the fix) travel with the diagnostic: Neovim 0.7.2
            // sends byte columns back in code action contexts.
            data: Some(json!({"policyId": f.policy_id, "address": f.address, "range": range, "fix": f.fix})),
        });
    }
    for d in &snapshot.analysis.diagnostics {
        // A file not read (a link out of the folder, a FIFO) has no text: what is said
        // of it as a whole sits at its start.
        let text = match snapshot.text(&d.file) {
            Some(text) => text,
            None if d.range.start == 0
                && d.range.end == 0
                && matches!(
                    d.code.as_str(),
                    "outside-workspace" | "io" | vigil_workspace::ENCODING_ERROR
                ) =>
            {
                ""
            }
            None => continue,
        };
        let lines = lines_cache.entry(d.file.clone()).or_insert_with(|| Lines::new(text, encoding));
        out.entry(d.file.clone()).or_default().push(input_problem(d, lines));
    }
    // Policy files and vigil.toml with no problems left still get an empty list.
    for f in &snapshot.extra {
        out.entry(f.path.clone()).or_default();
    }
    out
}

/// A problem in an input file (a syntax error, an invalid policy, a config error).
pub(super) fn input_problem(
    d: &vigil_syntax::Diagnostic,
    lines: &Lines<'_>,
) -> tower_lsp_server::ls_types::Diagnostic {
    tower_lsp_server::ls_types::Diagnostic {
        range: lines.range(d.range),
        severity: Some(match d.severity {
            Sev::Error => DiagnosticSeverity::ERROR,
            Sev::Warning => DiagnosticSeverity::WARNING,
            Sev::Info => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.code.clone())),
        source: Some("vigil".into()),
        message: d.message.clone(),
        ..Default::default()
    }
}

fn severity(e: Enforcement) -> DiagnosticSeverity {
    match e {
        Enforcement::Mandatory => DiagnosticSeverity::ERROR,
        Enforcement::Remediate => DiagnosticSeverity::INFORMATION,
        _ => DiagnosticSeverity::WARNING,
    }
}
