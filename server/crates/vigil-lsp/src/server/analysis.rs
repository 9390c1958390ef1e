//! The analysis of every folder on a snapshot, in the blocking pool, and what it
//! publishes: diagnostics (or a refresh for pull clients), a code lens refresh and the
//! `vigil/status` notification.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;
use vigil_model::SourceFile;
use vigil_policy::Enforcement;
use vigil_syntax::DiagnosticSeverity as Sev;

use super::diagnostics::diagnostics_by_file;
use super::{file_uri, uri_path};
use crate::state::{self, Document, Input, State};

/// Runs the analysis of every folder and publishes the results.
pub(super) async fn run_analysis(
    state: Arc<Mutex<State>>,
    client: Client,
    counter: Arc<AtomicU64>,
    generation: u64,
) {
    let inputs: Vec<(usize, Input)> = {
        let s = state.lock().unwrap_or_else(|p| p.into_inner());
        // Each open document overlays its file in every folder that reads it.
        let mut overlays: HashMap<usize, Vec<(String, &Document)>> = HashMap::new();
        for (uri, doc) in &s.docs {
            let Some(path) = uri.parse::<Uri>().ok().and_then(|u| uri_path(&u)) else { continue };
            for (i, rel) in s.readers_of(&path) {
                overlays.entry(i).or_default().push((rel, doc));
            }
        }
        s.folders
            .iter()
            .enumerate()
            .map(|(i, folder)| {
                let mut files: BTreeMap<String, SourceFile> = folder
                    .disk
                    .iter()
                    .map(|(k, v)| (k.clone(), SourceFile::new(k.clone(), v.to_string())))
                    .collect();
                let mut versions = HashMap::new();
                let mut open_rego = Vec::new();
                for (rel, doc) in overlays.remove(&i).unwrap_or_default() {
                    versions.insert(rel.clone(), doc.version);
                    if rel.ends_with(".rego") {
                        open_rego.push(SourceFile::new(rel, doc.rope.to_string()));
                    } else if rel.ends_with(vigil_ide::config::CONFIG_FILE) {
                        // vigil.toml is read from disk by the analysis.
                    } else {
                        // The document's tree, kept up to date with each edit, spares
                        // the model a full parse.
                        let file = SourceFile::with_tree(rel.clone(), doc.rope.to_string(), doc.tree.clone());
                        files.insert(rel, file);
                    }
                }
                let tests = folder
                    .tests
                    .iter()
                    .filter(|(rel, run)| {
                        let now = open_rego.iter().find(|f| f.path == **rel).map(|f| f.text.as_str());
                        now.or_else(|| folder.disk.get(*rel).map(|t| &**t)) == Some(run.text.as_str())
                    })
                    .flat_map(|(_, run)| vigil_ide::features::test_diagnostics(&run.reports))
                    .collect();
                let files: Vec<SourceFile> = files.into_values().collect();
                (
                    i,
                    Input {
                        root: folder.root.clone(),
                        files,
                        versions,
                        settings: folder.settings.clone(),
                        open_rego,
                        cache: folder.cache.clone(),
                        notes: folder.notes.clone(),
                        tests,
                        early: None,
                    },
                )
            })
            .collect()
    };
    // Open policy files get their own diagnostics as soon as the policies are loaded
    // (then the workspace is evaluated with them): what a policy author waits for.
    let (early_tx, mut early_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut inputs = inputs;
    for (i, input) in &mut inputs {
        if input.open_rego.is_empty() {
            continue;
        }
        let texts: Vec<(String, String)> =
            input.open_rego.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
        let (tx, root, versions, folder) = (early_tx.clone(), input.root.clone(), input.versions.clone(), *i);
        input.early = Some(Box::new(move |found: Vec<vigil_syntax::Diagnostic>| {
            let _ = tx.send(Early { folder, root, texts, versions, found });
        }));
    }
    drop(early_tx);
    let day = today();
    let started = std::time::Instant::now();
    let analysis = tokio::task::spawn_blocking(move || {
        inputs
            .into_iter()
            .map(|(i, input)| (i, catch_unwind(AssertUnwindSafe(|| state::analyze(input, &day)))))
            .collect::<Vec<_>>()
    });
    tokio::pin!(analysis);
    let results = loop {
        tokio::select! {
            results = &mut analysis => break results,
            Some(early) = early_rx.recv() => publish_early(&state, &client, &counter, generation, early).await,
        }
    };
    let Ok(results) = results else {
        client.log_message(MessageType::ERROR, "vigil: the analysis task failed").await;
        return;
    };
    tracing::debug!("analysis took {:?}", started.elapsed());
    if counter.load(Ordering::SeqCst) != generation {
        // Superseded: a newer analysis will publish.
        return;
    }
    let mut publish: Vec<(Uri, Vec<tower_lsp_server::ls_types::Diagnostic>, Option<i32>)> = Vec::new();
    let mut status =
        json!({"findings": 0, "mandatory": 0, "advisory": 0, "remediate": 0, "files": 0, "policyErrors": 0});
    let pull;
    let support;
    {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        pull = s.pull_diagnostics;
        support = s.client;
        let encoding = s.encoding;
        let mut now_published = std::collections::HashSet::new();
        let mut published_at: HashMap<String, usize> = HashMap::new();
        for (i, result) in results {
            let snapshot = match result {
                Ok(snapshot) => Arc::new(snapshot),
                Err(_) => {
                    tracing::error!("the analysis panicked; keeping the previous results");
                    continue;
                }
            };
            let Some(folder) = s.folders.get(i) else { continue };
            let root = folder.root.clone();
            let by_file = diagnostics_by_file(&snapshot, encoding, support, &root);
            for (path, diags) in by_file {
                let Some(uri) = file_uri(&root, &path) else { continue };
                let key = uri.to_string();
                // Only for the version the analysis saw; a newer one gets its own.
                let version = snapshot.versions.get(&path).copied();
                if let (Some(v), Some(doc)) = (version, s.docs.get(&key)) {
                    if doc.version != v {
                        continue;
                    }
                }
                // A file several folders read (a module above example folders) gets
                // the union of their diagnostics.
                match published_at.get(&key) {
                    Some(&at) => {
                        let (_, existing, existing_version): &mut (_, Vec<_>, Option<i32>) = &mut publish[at];
                        for d in diags {
                            if !existing.contains(&d) {
                                existing.push(d);
                            }
                        }
                        *existing_version = existing_version.or(version);
                    }
                    None => {
                        published_at.insert(key.clone(), publish.len());
                        publish.push((uri, diags, version));
                    }
                }
                now_published.insert(key);
            }
            let a = &snapshot.analysis;
            let count = |e: Enforcement| a.findings.iter().filter(|f| f.enforcement == e).count();
            status["findings"] = json!(status["findings"].as_u64().unwrap_or(0) + a.findings.len() as u64);
            status["mandatory"] =
                json!(status["mandatory"].as_u64().unwrap_or(0) + count(Enforcement::Mandatory) as u64);
            status["advisory"] =
                json!(status["advisory"].as_u64().unwrap_or(0) + count(Enforcement::Advisory) as u64);
            status["remediate"] =
                json!(status["remediate"].as_u64().unwrap_or(0) + count(Enforcement::Remediate) as u64);
            status["files"] = json!(status["files"].as_u64().unwrap_or(0) + a.files as u64);
            let policy_errors = a
                .diagnostics
                .iter()
                .filter(|d| d.code.starts_with("policy-") && d.severity == Sev::Error)
                .count();
            status["policyErrors"] =
                json!(status["policyErrors"].as_u64().unwrap_or(0) + policy_errors as u64);
            if let Some(folder) = s.folders.get_mut(i) {
                folder.last = Some(snapshot);
            }
        }
        // Files that had diagnostics and have none now are cleared.
        for old in s.published.keys().filter(|u| !now_published.contains(*u)) {
            if let Ok(uri) = old.parse::<Uri>() {
                publish.push((uri, vec![], None));
            }
        }
        // Diagnostics a file already has (same version) are not sent again: an edit
        // in one file does not re-send the workspace.
        let before = std::mem::take(&mut s.published);
        publish.retain(|(uri, diags, version)| {
            before
                .get(uri.as_str())
                .is_none_or(|(sent, sent_version)| sent != diags || sent_version != version)
        });
        s.published = before.into_iter().filter(|(u, _)| now_published.contains(u)).collect();
        for (uri, diags, version) in &publish {
            if diags.is_empty() && !now_published.contains(uri.as_str()) {
                s.published.remove(uri.as_str());
            } else {
                s.published.insert(uri.to_string(), (diags.clone(), *version));
            }
        }
    }
    tracing::debug!("diagnostics converted after {:?}", started.elapsed());
    if pull {
        let _ = client.workspace_diagnostic_refresh().await;
    } else {
        for (uri, diags, version) in publish {
            client.publish_diagnostics(uri, diags, version).await;
        }
    }
    if support.code_lens_refresh {
        let _ = client.code_lens_refresh().await;
    }
    client.send_notification::<StatusNotification>(status).await;
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// `vigil/status`: counts for a status bar.
enum StatusNotification {}

impl notification::Notification for StatusNotification {
    type Params = Value;
    const METHOD: &'static str = "vigil/status";
}

/// The diagnostics of the open policy files of one folder, known once its policies
/// are loaded (see `Input::early`).
struct Early {
    folder: usize,
    root: std::path::PathBuf,
    /// The open policy files' texts (path, text) and the versions the analysis saw.
    texts: Vec<(String, String)>,
    versions: HashMap<String, i32>,
    found: Vec<vigil_syntax::Diagnostic>,
}

/// Publishes the open policy files' diagnostics before the analysis ends, where
/// they changed, unless a newer analysis is on its way or the client pulls.
async fn publish_early(
    state: &Mutex<State>,
    client: &Client,
    counter: &AtomicU64,
    generation: u64,
    early: Early,
) {
    if counter.load(Ordering::SeqCst) != generation {
        return;
    }
    let mut publish = Vec::new();
    {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        if s.pull_diagnostics || s.folders.get(early.folder).is_none() {
            return;
        }
        let encoding = s.encoding;
        for (path, text) in &early.texts {
            let Some(uri) = file_uri(&early.root, path) else { continue };
            let version = early.versions.get(path).copied();
            if s.docs.get(uri.as_str()).is_some_and(|d| Some(d.version) != version) {
                continue;
            }
            let lines = crate::convert::Lines::new(text, encoding);
            let diags: Vec<_> = early
                .found
                .iter()
                .filter(|d| d.file == *path)
                .map(|d| super::diagnostics::input_problem(d, &lines))
                .collect();
            if s.published.get(uri.as_str()).is_some_and(|(sent, v)| *sent == diags && *v == version) {
                continue;
            }
            s.published.insert(uri.to_string(), (diags.clone(), version));
            publish.push((uri, diags, version));
        }
    }
    for (uri, diags, version) in publish {
        client.publish_diagnostics(uri, diags, version).await;
    }
}
