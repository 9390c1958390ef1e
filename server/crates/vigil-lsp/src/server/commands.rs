//! `workspace/executeCommand`: `vigil.listFindings`, `vigil.restart`, and the
//! policy editor's `vigil.runTests` (a test file's tests, or one) and
//! `vigil.evaluate` (a policy on one resource: its results, prints and input).

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::{file_uri, Backend};
use crate::convert::{Encoding, Lines};
use crate::state::{self, Snapshot};

/// A folder's root and its last analysis.
type FolderSnapshot = (PathBuf, Option<Arc<Snapshot>>);

pub(super) async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    match params.command.as_str() {
        "vigil.listFindings" => {
            let filter = params.arguments.first().and_then(Value::as_str).map(str::to_string);
            let (encoding, folders): (Encoding, Vec<FolderSnapshot>) = {
                let s = backend.lock();
                (s.encoding, s.folders.iter().map(|f| (f.root.clone(), f.last.clone())).collect())
            };
            let mut out = Vec::new();
            for (root, snapshot) in folders {
                let Some(snapshot) = snapshot else { continue };
                for f in &snapshot.analysis.findings {
                    if filter.as_ref().is_some_and(|id| *id != f.policy_id && *id != f.address) {
                        continue;
                    }
                    let Some(text) = snapshot.text(&f.file) else { continue };
                    let Some(uri) = file_uri(&root, &f.file) else { continue };
                    out.push(json!({
                        "uri": uri,
                        "range": Lines::new(text, encoding).range(f.range),
                        "message": f.message,
                        "policyId": f.policy_id,
                        "address": f.address,
                        "severity": f.severity,
                        "enforcement": f.enforcement,
                    }));
                }
            }
            Ok(Some(Value::Array(out)))
        }
        "vigil.restart" => {
            let roots: Vec<PathBuf> = backend.lock().folders.iter().map(|f| f.root.clone()).collect();
            for root in roots {
                let scan_root = root.clone();
                let (disk, notes) =
                    tokio::task::spawn_blocking(move || state::scan(&scan_root)).await.unwrap_or_default();
                let mut s = backend.lock();
                if let Some(f) = s.folders.iter_mut().find(|f| f.root == root) {
                    f.disk = disk;
                    f.notes = notes;
                    f.cache = Default::default();
                }
            }
            backend.schedule();
            Ok(None)
        }
        "vigil.runTests" => run_tests(backend, &params.arguments).await,
        "vigil.evaluate" => evaluate(backend, &params.arguments).await,
        other => Err(Error::invalid_params(format!("unknown command {other}"))),
    }
}

/// The document URI argument of a command, its folder-relative path and the
/// folder's last snapshot.
fn document(backend: &Backend, arguments: &[Value]) -> Result<(Uri, String, Arc<Snapshot>)> {
    let uri: Uri = arguments
        .first()
        .and_then(Value::as_str)
        .and_then(|u| u.parse().ok())
        .ok_or_else(|| Error::invalid_params("the first argument is the document's URI"))?;
    match backend.locate(&uri) {
        Some((_, rel, Some(snapshot))) => Ok((uri, rel, snapshot)),
        _ => Err(Error::invalid_params("the document is in no analysed folder yet")),
    }
}

/// `vigil.runTests [uri, name?]`: runs the tests of a test file (or the one named,
/// `data.<package>.test_x`) on the workspace's policies with the file's current
/// text; the results become the file's lenses and its failed tests diagnostics,
/// and are returned (`passed`, `failed`, each test's outcome).
async fn run_tests(backend: &Backend, arguments: &[Value]) -> Result<Option<LSPAny>> {
    let (uri, rel, snapshot) = document(backend, arguments)?;
    let name = arguments.get(1).and_then(Value::as_str).map(str::to_string);
    let text = super::rego::policy_document(backend, &uri)
        .map(|d| d.1)
        .ok_or_else(|| Error::invalid_params("not a policy file"))?;
    let mut sources = snapshot.policy_sources.clone();
    match sources.iter_mut().find(|s| s.path == rel) {
        Some(s) => s.text = text.clone(),
        None => sources.push(vigil_policy::PolicySource {
            path: rel.clone(),
            text: text.clone(),
            pack: "custom".into(),
        }),
    }
    let (filter, file) = (name.clone().unwrap_or_else(|| rel.clone()), rel.clone());
    let reports = tokio::task::spawn_blocking(move || {
        let (reports, _) = vigil_policy::run_tests(&sources, Some(&filter));
        reports.into_iter().filter(|r| r.file == file).collect::<Vec<_>>()
    })
    .await
    .map_err(|_| Error::internal_error())?;
    let reports: Vec<_> = match &name {
        Some(n) => reports.into_iter().filter(|r| r.name == *n).collect(),
        None => reports,
    };
    let answer = json!({
        "passed": reports.iter().filter(|r| r.outcome == vigil_policy::TestOutcome::Pass).count(),
        "failed": reports.iter().filter(|r| r.outcome != vigil_policy::TestOutcome::Pass).count(),
        "tests": reports.iter().map(|r| json!({
            "name": r.name,
            "outcome": match &r.outcome {
                vigil_policy::TestOutcome::Pass => "passed",
                vigil_policy::TestOutcome::Fail => "failed",
                vigil_policy::TestOutcome::Error(_) => "error",
            },
            "message": match &r.outcome { vigil_policy::TestOutcome::Error(e) => Some(e.clone()), _ => None },
        })).collect::<Vec<_>>(),
    });
    let refresh = {
        let mut s = backend.lock();
        let refresh = s.client.code_lens_refresh;
        let Some(i) = s.folder_of(&super::uri_path(&uri).unwrap_or_default()) else {
            return Ok(Some(answer));
        };
        let tests = &mut s.folders[i].tests;
        // One test run again: the others' results stand if the text is the same.
        let mut merged = match (tests.remove(&rel), &name) {
            (Some(run), Some(_)) if run.text == text => run.reports,
            _ => vec![],
        };
        merged.retain(|r| !reports.iter().any(|n| n.name == r.name));
        merged.extend(reports);
        merged.sort_by_key(|r| r.range.start);
        tests.insert(rel, state::TestRun { text, reports: merged });
        refresh
    };
    backend.schedule();
    if refresh {
        let _ = backend.client.code_lens_refresh().await;
    }
    Ok(Some(answer))
}

/// `vigil.evaluate [uri, address?, stack?]`: without an address, the resources the
/// policy of the document selects (for the client to offer); with one, the policy
/// evaluated on that resource (see [`vigil_policy::Explained`]).
async fn evaluate(backend: &Backend, arguments: &[Value]) -> Result<Option<LSPAny>> {
    let (_, rel, snapshot) = document(backend, arguments)?;
    let Some(policy) = snapshot.policies.policies.iter().position(|p| p.meta.file == rel) else {
        return Err(Error::invalid_params(format!(
            "{rel} is not a loaded policy (a library, a test, or a policy with errors)"
        )));
    };
    let meta = &snapshot.policies.policies[policy].meta;
    let address = arguments.get(1).and_then(Value::as_str);
    let stack_id = arguments.get(2).and_then(Value::as_str);
    let Some(address) = address else {
        let resources: Vec<Value> = snapshot
            .stacks
            .iter()
            .flat_map(|s| s.resources.iter().map(move |r| (s, r)))
            .filter(|(_, r)| meta.selects(&r.r#type, r.mode))
            .map(|(s, r)| json!({"address": r.address, "type": r.r#type, "file": r.file, "stack": s.id}))
            .collect();
        return Ok(Some(json!({"policy": meta.id, "resources": resources})));
    };
    let found = snapshot.stacks.iter().find_map(|s| {
        if stack_id.is_some_and(|id| id != s.id) {
            return None;
        }
        Some((s, s.resources.iter().position(|r| r.address == address)?))
    });
    let Some((stack, index)) = found else {
        return Err(Error::invalid_params(format!("no resource {address} in the workspace")));
    };
    let snapshot = snapshot.clone();
    let stack = stack.clone();
    let explained = tokio::task::spawn_blocking(move || {
        let data = vigil_policy::StackData::new(&stack);
        snapshot.policies.explain(policy, &data, index)
    })
    .await
    .map_err(|_| Error::internal_error())?;
    Ok(explained.map(|e| serde_json::to_value(e).unwrap_or_default()))
}
