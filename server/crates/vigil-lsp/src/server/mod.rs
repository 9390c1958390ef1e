//! The protocol handlers, one module per method or family of methods; each method
//! of `LanguageServer` below hands its request to the module that answers it. What
//! the handlers share is here: the state, the scheduling of an analysis, the folder
//! and snapshot of a document, and conversions between URIs and paths.

mod analysis;
mod code_action;
mod code_lens;
mod commands;
mod diagnostics;
mod hover;
mod lifecycle;
mod navigation;
mod rego;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use self::analysis::run_analysis;
use crate::convert::Encoding;
use crate::state::{self, Folder, Snapshot, State};

/// The language server.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Bumped on every change; a pending analysis that sees a newer value gives way.
    generation: Arc<AtomicU64>,
}

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
            // A file of the built-in packs written out for the editor: read-only,
            // answered with the folders' policies (see `navigation`).
            if state.builtin_root.as_ref().is_some_and(|r| path.starts_with(r)) {
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
        state.folders.push(Folder::new(root, disk, notes));
        true
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(self, params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        lifecycle::initialized(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown().await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(self, params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        sync::did_save(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        sync::did_change_watched_files(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        sync::did_change_configuration(self, params).await
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        sync::did_change_workspace_folders(self, params).await
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::diagnostic(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::hover(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_action::code_action(self, params).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        code_action::code_action_resolve(self, action).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        rego::completion(self, params).await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        rego::signature_help(self, params).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        navigation::definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigation::references(self, params).await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        navigation::document_highlight(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        navigation::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        navigation::rename(self, params).await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        navigation::document_symbol(self, params).await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        navigation::workspace_symbol(self, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        navigation::folding_range(self, params).await
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        navigation::selection_range(self, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        navigation::semantic_tokens_full(self, params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        navigation::formatting(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        code_lens::code_lens(self, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        commands::execute_command(self, params).await
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

/// The word around byte `offset` of `text` (letters, digits and `-_.:`, as policy and
/// control ids are written), as a byte range; `None` when there is none.
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
