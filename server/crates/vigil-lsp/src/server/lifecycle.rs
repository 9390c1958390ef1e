//! The session's start and end: `initialize` (what the client supports, what the
//! server offers), `initialized` (file watchers, settings, the first scan) and
//! `shutdown`; and the `vigil` settings of each folder, read from the client.

use std::path::PathBuf;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{uri_path, Backend};
use crate::convert::Encoding;
use crate::state::{self, ClientSupport, Folder, Settings};

/// The files Vigil reads, watched when the client can register watchers.
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

pub(super) async fn initialize(backend: &Backend, params: InitializeParams) -> Result<InitializeResult> {
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
        let mut state = backend.lock();
        state.encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        state.pull_diagnostics = pull;
        state.client = support;
        for root in roots {
            state.folders.push(Folder::new(root, Default::default(), Vec::new()));
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
            // Rego: members after a dot, METADATA values after a colon or a bracket.
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![".".into(), ":".into(), "[".into()]),
                ..Default::default()
            }),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_highlight_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                SemanticTokensOptions {
                    legend: super::navigation::token_legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    ..Default::default()
                },
            )),
            document_formatting_provider: Some(OneOf::Left(true)),
            signature_help_provider: Some(SignatureHelpOptions {
                trigger_characters: Some(vec!["(".into(), ",".into()]),
                ..Default::default()
            }),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![
                    "vigil.listFindings".into(),
                    "vigil.restart".into(),
                    "vigil.runTests".into(),
                    "vigil.evaluate".into(),
                ],
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

pub(super) async fn initialized(backend: &Backend, _: InitializedParams) {
    // Watch the files Vigil reads (when the client can register watchers).
    let watchers = WATCHED
        .iter()
        .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String((*g).to_string()), kind: None })
        .collect();
    let registration = Registration {
        id: "vigil-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
    };
    let support = backend.lock().client;
    if support.watch_registration {
        if let Err(e) = backend.client.register_capability(vec![registration]).await {
            tracing::info!("file watching not registered: {e}");
        }
    }
    backend.load_settings().await;
    // Scan the workspace folders, with progress.
    let roots: Vec<PathBuf> = backend.lock().folders.iter().map(|f| f.root.clone()).collect();
    let token = NumberOrString::String("vigil-scan".into());
    let progress = if support.work_done_progress {
        match backend.client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                backend
                    .client
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
        if let Some(folder) = backend.lock().folders.iter_mut().find(|f| f.root == root) {
            folder.disk = disk;
            folder.notes = notes;
        }
    }
    if let Some(p) = progress {
        p.finish_with_message("done").await;
    }
    backend.lock().ready = true;
    // Documents opened during the scan that no folder reads get their own.
    let open: Vec<Uri> = backend.lock().docs.keys().filter_map(|k| k.parse().ok()).collect();
    let mut added = false;
    for uri in open {
        added |= backend.ensure_folder_for(&uri).await;
    }
    if added {
        backend.load_settings().await;
    }
    backend.schedule();
}

pub(super) async fn shutdown() -> Result<()> {
    Ok(())
}

impl Backend {
    /// Reads the `vigil` settings of each folder from the client.
    pub(super) async fn load_settings(&self) {
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
        snippets: document
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
        // An initialization option, not a capability (see `initialize`).
        diagnostics_in_hover: false,
    }
}
