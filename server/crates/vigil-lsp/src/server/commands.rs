//! `workspace/executeCommand`: `vigil.listFindings` and `vigil.restart`.

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
        other => Err(Error::invalid_params(format!("unknown command {other}"))),
    }
}
