//! The protocol handlers.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};
use vigil_ide::features::{self, ActionKind};
use vigil_model::SourceFile;
use vigil_policy::Enforcement;
use vigil_syntax::{DiagnosticSeverity as Sev, TextRange};

use crate::convert::{apply_change, Encoding, Lines};
use crate::state::{self, ClientSupport, Document, Folder, Input, Settings, Snapshot, State};

/// A folder's root and its last analysis.
type FolderSnapshot = (PathBuf, Option<Arc<Snapshot>>);

/// The language server.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Bumped on every change; a pending analysis that sees a newer value gives way.
    generation: Arc<AtomicU64>,
}

const WATCHED: &[&str] = &[
    "**/*.tf",
    "**/*.tfvars",
    "**/*.yaml",
    "**/*.yml",
    "**/*.json",
    "**/*.rego",
    "**/*.tfstate",
    "**/vigil.toml",
];

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend { client, state: Arc::new(Mutex::new(State::new())), generation: Arc::new(AtomicU64::new(0)) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Schedules an analysis after the debounce delay; a later change supersedes it.
    fn schedule(&self) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (state, client, counter) = (self.state.clone(), self.client.clone(), self.generation.clone());
        let debounce = {
            let s = state.lock().unwrap_or_else(|p| p.into_inner());
            if !s.ready {
                return; // the end of the initial scan schedules the first analysis
            }
            s.folders.first().map_or(150, |f| f.settings.debounce_ms)
        };
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(debounce)).await;
            if counter.load(Ordering::SeqCst) != generation {
                return;
            }
            run_analysis(state, client, counter, generation).await;
        });
    }

    /// The folder, relative path and snapshot for a document URI.
    fn locate(&self, uri: &Uri) -> Option<(usize, String, Option<Arc<Snapshot>>)> {
        let path = uri_path(uri)?;
        let state = self.lock();
        let folder = state.folder_of(&path)?;
        let rel = state.folders[folder].name_of(&path);
        Some((folder, rel, state.folders[folder].last.clone()))
    }

    /// The last snapshot of `uri`'s folder (`None` when there is none), and `None`
    /// inside when it did not see the document's current version: edits computed on
    /// an older text would land in the wrong place. With the document's path in the
    /// folder, the position encoding and the folder's root.
    #[allow(clippy::type_complexity)]
    fn current_snapshot(&self, uri: &Uri) -> Option<Option<(String, Arc<Snapshot>, Encoding, PathBuf)>> {
        let (folder, rel, snapshot) = self.locate(uri)?;
        let snapshot = snapshot?;
        let s = self.lock();
        let stale = s
            .docs
            .get(uri.as_str())
            .is_some_and(|d| snapshot.versions.get(&rel).is_some_and(|v| *v != d.version));
        Some((!stale).then(|| (rel, snapshot.clone(), s.encoding, s.folders[folder].root.clone())))
    }

    /// Gives a document outside every folder a folder of its own (its vigil.toml or git
    /// root, else its directory), scanned outside the state lock: a big folder walked
    /// under it kept every request waiting.
    async fn ensure_folder_for(&self, uri: &Uri) -> bool {
        let Some(path) = uri_path(uri) else { return false };
        {
            let state = self.lock();
            // Before the first scan, folders do not know the files they read above
            // their roots (a module above an example folder): the scan's end decides.
            if !state.ready || state.folder_of(&path).is_some() {
                return false;
            }
        }
        // A file outside every workspace folder: its vigil.toml or git root, else its directory.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = dir
            .ancestors()
            .find(|d| d.join("vigil.toml").is_file() || d.join(".git").exists())
            .map(Path::to_path_buf)
            .unwrap_or(dir);
        let root = vigil_workspace::normalize(&root);
        let scan_root = root.clone();
        let (disk, notes) =
            tokio::task::spawn_blocking(move || state::scan(&scan_root)).await.unwrap_or_default();
        let mut state = self.lock();
        // Another open of a file there may have made the folder meanwhile.
        if state.folders.iter().any(|f| f.root == root) || state.folder_of(&path).is_some() {
            return false;
        }
        state.folders.push(Folder {
            root,
            disk,
            notes,
            settings: Settings::default(),
            last: None,
            cache: Default::default(),
        });
        true
    }
}

/// The URI of a file an analysis names relative to its folder's root: `..` resolved
/// (`../../main.tf`, the module above an example folder, is `file:///repo/main.tf`).
fn file_uri(root: &Path, path: &str) -> Option<Uri> {
    Uri::from_file_path(vigil_workspace::resolve(root, path))
}

/// The path of a `file:` URI.
fn uri_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.to_path_buf())
}

/// Re-reads files from disk into every folder that reads them (after a save, a close
/// or a watched-file event): binary files as `SourceFile::from_bytes` text, a
/// missing file removed. Policies and `vigil.toml` are read by the analysis itself.
/// A file the scan would not read either (outside the folders' repositories, not a
/// regular file, too large) is removed too, and reported once.
async fn refresh_files(state: &Mutex<State>, client: &Client, paths: Vec<PathBuf>) {
    let (roots, paths): (Vec<PathBuf>, Vec<PathBuf>) = {
        let s = state.lock().unwrap_or_else(|p| p.into_inner());
        let paths = paths.into_iter().filter(|p| !s.readers_of(p).is_empty()).collect();
        (s.folders.iter().map(|f| f.root.clone()).collect(), paths)
    };
    let read = tokio::task::spawn_blocking(move || {
        // What the scan of each folder may read.
        let boundaries: Vec<PathBuf> = roots
            .iter()
            .flat_map(|root| vigil_workspace::boundaries(std::slice::from_ref(root), root))
            .collect();
        paths
            .into_iter()
            .map(|p| {
                let text = state::read_file(&p, &boundaries);
                (p, text)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    let mut reports = Vec::new();
    {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        for (path, text) in read {
            let text = match text {
                Ok(text) => {
                    s.unreadable.remove(&path);
                    Some(text)
                }
                Err(vigil_workspace::NotRead::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    s.unreadable.remove(&path);
                    None
                }
                Err(e) => {
                    if s.unreadable.insert(path.clone()) {
                        reports.push(format!("vigil: {} is not read: {e}", path.display()));
                    }
                    None
                }
            };
            if path.extension().is_some_and(|e| e == "rego")
                || path.file_name().is_some_and(|n| n == vigil_ide::config::CONFIG_FILE)
            {
                continue;
            }
            let code = vigil_workspace::has_iac_extension(&path);
            for (i, rel) in s.readers_of(&path) {
                let Some(folder) = s.folders.get_mut(i) else { continue };
                match &text {
                    // A file the analysis reads, or infrastructure code new to it.
                    Some(t) if code || folder.disk.contains_key(&rel) => {
                        folder.disk.insert(rel, t.clone());
                    }
                    Some(_) => {}
                    None => {
                        folder.disk.remove(&rel);
                    }
                }
            }
        }
    }
    for report in reports {
        tracing::info!("{report}");
        client.log_message(MessageType::WARNING, report).await;
    }
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// Runs the analysis of every folder and publishes the results.
async fn run_analysis(state: Arc<Mutex<State>>, client: Client, counter: Arc<AtomicU64>, generation: u64) {
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
                    },
                )
            })
            .collect()
    };
    let day = today();
    let started = std::time::Instant::now();
    let results = tokio::task::spawn_blocking(move || {
        inputs
            .into_iter()
            .map(|(i, input)| (i, catch_unwind(AssertUnwindSafe(|| state::analyze(input, &day)))))
            .collect::<Vec<_>>()
    })
    .await;
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

/// `vigil/status`: counts for a status bar.
enum StatusNotification {}

impl notification::Notification for StatusNotification {
    type Params = Value;
    const METHOD: &'static str = "vigil/status";
}

fn severity(e: Enforcement) -> DiagnosticSeverity {
    match e {
        Enforcement::Mandatory => DiagnosticSeverity::ERROR,
        Enforcement::Remediate => DiagnosticSeverity::INFORMATION,
        _ => DiagnosticSeverity::WARNING,
    }
}

/// Every finding and input problem of a snapshot, as LSP diagnostics per file.
fn diagnostics_by_file(
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
        out.entry(d.file.clone()).or_default().push(tower_lsp_server::ls_types::Diagnostic {
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
        });
    }
    // Policy files and vigil.toml with no problems left still get an empty list.
    for f in &snapshot.extra {
        out.entry(f.path.clone()).or_default();
    }
    out
}

/// The capabilities the server adapts to.
fn client_support(caps: &ClientCapabilities) -> ClientSupport {
    let workspace = caps.workspace.as_ref();
    let document = caps.text_document.as_ref();
    let diagnostics = document.and_then(|t| t.publish_diagnostics.as_ref());
    ClientSupport {
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        watch_registration: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        code_lens_refresh: workspace
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
        code_description: diagnostics.and_then(|p| p.code_description_support).unwrap_or(false),
        related_information: diagnostics.and_then(|p| p.related_information).unwrap_or(false),
        markdown_hover: document
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        preferred_actions: document
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.is_preferred_support)
            .unwrap_or(false),
        resolve_edit: document
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        // An initialization option, not a capability (see `initialize`).
        diagnostics_in_hover: false,
    }
}

fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || "-_.:".contains(c);
    let start = text[..offset.min(text.len())]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset.min(text.len())..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some((start, end))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let pull = caps.text_document.as_ref().and_then(|t| t.diagnostic.as_ref()).is_some()
            && caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
        let mut support = client_support(caps);
        support.diagnostics_in_hover = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("diagnosticsInHover"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|f| uri_path(&f.uri))
            .map(|p| vigil_workspace::normalize(&p))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(root) = params.root_uri.as_ref().and_then(uri_path) {
                roots.push(vigil_workspace::normalize(&root));
            }
        }
        {
            let mut state = self.lock();
            state.encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            state.pull_diagnostics = pull;
            state.client = support;
            for root in roots {
                state.folders.push(Folder {
                    root,
                    disk: Default::default(),
                    notes: Vec::new(),
                    settings: Settings::default(),
                    last: None,
                    cache: Default::default(),
                });
            }
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::new("source.fixAll.vigil"),
                    ]),
                    resolve_provider: Some(true),
                    ..Default::default()
                })),
                code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec!["vigil.listFindings".into(), "vigil.restart".into()],
                    ..Default::default()
                }),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("vigil".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        ..Default::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "vigil".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Watch the files Vigil reads (when the client can register watchers).
        let watchers = WATCHED
            .iter()
            .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String((*g).to_string()), kind: None })
            .collect();
        let registration = Registration {
            id: "vigil-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers })
                .ok(),
        };
        let support = self.lock().client;
        if support.watch_registration {
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                tracing::info!("file watching not registered: {e}");
            }
        }
        self.load_settings().await;
        // Scan the workspace folders, with progress.
        let roots: Vec<PathBuf> = self.lock().folders.iter().map(|f| f.root.clone()).collect();
        let token = NumberOrString::String("vigil-scan".into());
        let progress = if support.work_done_progress {
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "Vigil: reading the workspace")
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };
        let total = roots.len().max(1);
        for (i, root) in roots.into_iter().enumerate() {
            let scan_root = root.clone();
            let (disk, notes) =
                tokio::task::spawn_blocking(move || state::scan(&scan_root)).await.unwrap_or_default();
            if let Some(p) = &progress {
                p.report_with_message(
                    format!("{} ({} files)", root.display(), disk.len()),
                    ((i + 1) * 100 / total) as u32,
                )
                .await;
            }
            if let Some(folder) = self.lock().folders.iter_mut().find(|f| f.root == root) {
                folder.disk = disk;
                folder.notes = notes;
            }
        }
        if let Some(p) = progress {
            p.finish_with_message("done").await;
        }
        self.lock().ready = true;
        // Documents opened during the scan that no folder reads get their own.
        let open: Vec<Uri> = self.lock().docs.keys().filter_map(|k| k.parse().ok()).collect();
        let mut added = false;
        for uri in open {
            added |= self.ensure_folder_for(&uri).await;
        }
        if added {
            self.load_settings().await;
        }
        self.schedule();
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let document = Document::new(doc.uri.as_str(), doc.version, &doc.text);
        self.lock().docs.insert(doc.uri.to_string(), document);
        // After the document is known: changes to it may arrive while its folder is
        // scanned.
        let new_folder = self.ensure_folder_for(&doc.uri).await;
        if new_folder {
            self.load_settings().await;
        }
        self.schedule();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        {
            let mut state = self.lock();
            let encoding = state.encoding;
            let Some(doc) = state.docs.get_mut(params.text_document.uri.as_str()) else { return };
            if params.text_document.version <= doc.version {
                tracing::warn!("ignoring an out-of-order change (version {})", params.text_document.version);
                return;
            }
            let mut full = false;
            for change in params.content_changes {
                match change.range {
                    Some(range) => {
                        let edit = apply_change(&mut doc.rope, range, &change.text, encoding);
                        if let Some((_, tree)) = doc.tree.as_mut() {
                            tree.edit(&edit);
                        }
                    }
                    None => {
                        doc.rope = ropey::Rope::from_str(&change.text);
                        full = true;
                    }
                }
            }
            // Incremental reparse: tree-sitter reuses the unchanged parts.
            doc.reparse(full);
            doc.version = params.text_document.version;
        }
        self.schedule();
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // The saved text becomes the disk's, in every folder that reads the file (a
        // module above example folders); vigil.toml and policies are read by the
        // analysis. Clients without file watching have no other way to say so.
        if let Some(path) = uri_path(&params.text_document.uri) {
            refresh_files(&self.state, &self.client, vec![path]).await;
        }
        self.schedule();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.lock().docs.remove(uri.as_str());
        // Back to the disk's version of the file.
        if let Some(path) = uri_path(&uri) {
            refresh_files(&self.state, &self.client, vec![path]).await;
        }
        self.schedule();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        // A deleted file is missing when read, and removed.
        let paths = params.changes.iter().filter_map(|c| uri_path(&c.uri)).collect();
        refresh_files(&self.state, &self.client, paths).await;
        self.schedule();
    }

    async fn did_change_configuration(&self, _: DidChangeConfigurationParams) {
        self.load_settings().await;
        self.schedule();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut state = self.lock();
            for removed in params.event.removed {
                if let Some(p) = uri_path(&removed.uri) {
                    let p = vigil_workspace::normalize(&p);
                    state.folders.retain(|f| f.root != p);
                }
            }
            for added in params.event.added {
                if let Some(root) = uri_path(&added.uri).map(|p| vigil_workspace::normalize(&p)) {
                    let (disk, notes) = state::scan(&root);
                    state.folders.push(Folder {
                        root,
                        disk,
                        notes,
                        settings: Settings::default(),
                        last: None,
                        cache: Default::default(),
                    });
                }
            }
        }
        self.load_settings().await;
        self.schedule();
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let items = self.file_diagnostics(&params.text_document.uri);
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
            },
        )))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some((_, rel, Some(snapshot))) = self.locate(&uri) else { return Ok(None) };
        let (encoding, message) = {
            let state = self.lock();
            (state.encoding, !state.client.diagnostics_in_hover)
        };
        let guarded = catch_unwind(AssertUnwindSafe(|| {
            let text = snapshot.text(&rel)?;
            let lines = Lines::new(text, encoding);
            let offset = lines.offset(params.text_document_position_params.position);
            let a = &snapshot.analysis;
            // A resource header: the table of its policies, then the findings placed on it.
            if let Some(s) = a
                .summaries
                .iter()
                .find(|s| s.file == rel && s.header.start <= offset && offset <= s.header.end)
            {
                let mut card = features::resource_card(a, &snapshot.policies, &rel, s.header)?;
                for f in a.findings.iter().filter(|f| f.file == rel && f.range == s.header) {
                    if let Some(meta) =
                        snapshot.policies.find(&f.policy_id).map(|i| snapshot.policies.meta(i))
                    {
                        card.push_str("\n\n---\n\n");
                        card.push_str(&features::finding_card(f, meta, message));
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
                return Some((features::finding_card(f, meta, message), f.range, lines.range(f.range)));
            }
            // A policy or control id in a policy file.
            if rel.ends_with(".rego") {
                let (start, end) = word_at(text, offset as usize)?;
                let word = &text[start..end];
                let range = TextRange::from_usize(start, end);
                if let Some(i) = snapshot.policies.find(word) {
                    let meta = snapshot.policies.meta(i);
                    let card = features::policy_card(meta, snapshot.config.enforcement(meta, &rel));
                    return Some((card, range, lines.range(range)));
                }
                let policy = snapshot.policies.policies.iter().find(|p| p.meta.file == rel)?;
                let framework = policy
                    .meta
                    .controls
                    .iter()
                    .find(|(_, ids)| ids.iter().any(|c| c == word.trim_matches('"')))?;
                let card = format!(
                    "**{}** `{}`\n\n{}\n\nControl of `{}` ({})",
                    framework.0,
                    word.trim_matches('"'),
                    features::framework_summary(framework.0),
                    policy.meta.id,
                    policy.meta.title
                );
                return Some((card, range, lines.range(range)));
            }
            None
        }));
        let markdown = self.lock().client.markdown_hover;
        Ok(guarded.ok().flatten().map(|(card, _, range)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: if markdown { MarkupKind::Markdown } else { MarkupKind::PlainText },
                value: card,
            }),
            range: Some(range),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some(current) = self.current_snapshot(&uri) else { return Ok(None) };
        let Some((rel, snapshot, encoding, root)) = current else { return Ok(Some(vec![])) };
        let only = params.context.only.clone();
        let (preferred_support, resolve_edit) = {
            let s = self.lock();
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
                actions.extend(features::fix_all(
                    &snapshot.files,
                    &snapshot.policies,
                    &snapshot.analysis,
                    &rel,
                ));
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

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let Some(uri) = action
            .data
            .as_ref()
            .and_then(|d| d.get("fixAll"))
            .and_then(|u| serde_json::from_value::<Uri>(u.clone()).ok())
        else {
            return Ok(action);
        };
        let Some(Some((rel, snapshot, encoding, root))) = self.current_snapshot(&uri) else {
            return Ok(action);
        };
        let fixed = catch_unwind(AssertUnwindSafe(|| {
            features::fix_all(&snapshot.files, &snapshot.policies, &snapshot.analysis, &rel)
        }));
        let edits = fixed.ok().flatten().map(|a| a.edits).unwrap_or_default();
        action.edit = Some(workspace_edit(&snapshot, &root, encoding, &edits));
        Ok(action)
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some((_, rel, Some(snapshot))) = self.locate(&params.text_document.uri) else { return Ok(None) };
        let encoding = self.lock().encoding;
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

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            "vigil.listFindings" => {
                let filter = params.arguments.first().and_then(Value::as_str).map(str::to_string);
                let (encoding, folders): (Encoding, Vec<FolderSnapshot>) = {
                    let s = self.lock();
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
                let roots: Vec<PathBuf> = self.lock().folders.iter().map(|f| f.root.clone()).collect();
                for root in roots {
                    let scan_root = root.clone();
                    let (disk, notes) = tokio::task::spawn_blocking(move || state::scan(&scan_root))
                        .await
                        .unwrap_or_default();
                    let mut s = self.lock();
                    if let Some(f) = s.folders.iter_mut().find(|f| f.root == root) {
                        f.disk = disk;
                        f.notes = notes;
                        f.cache = Default::default();
                    }
                }
                self.schedule();
                Ok(None)
            }
            other => Err(Error::invalid_params(format!("unknown command {other}"))),
        }
    }
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

    /// Reads the `vigil` settings of each folder from the client.
    async fn load_settings(&self) {
        let roots: Vec<PathBuf> = self.lock().folders.iter().map(|f| f.root.clone()).collect();
        let items: Vec<ConfigurationItem> = roots
            .iter()
            .map(|r| ConfigurationItem { scope_uri: Uri::from_file_path(r), section: Some("vigil".into()) })
            .collect();
        if items.is_empty() || !self.lock().client.configuration {
            return;
        }
        let Ok(values) = self.client.configuration(items).await else { return };
        let mut state = self.lock();
        for (root, value) in roots.iter().zip(values) {
            let settings = if value.is_null() {
                Settings::default()
            } else {
                match serde_json::from_value::<Settings>(value) {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::warn!("invalid vigil settings: {e}");
                        Settings::default()
                    }
                }
            };
            if let Some(f) = state.folders.iter_mut().find(|f| &f.root == root) {
                if f.settings != settings {
                    f.cache = Default::default();
                }
                f.settings = settings;
            }
        }
    }
}
