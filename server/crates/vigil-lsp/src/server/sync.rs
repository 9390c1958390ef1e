//! Keeping the state in step with the client: open documents and their edits,
//! saves, closes, watched files, configuration and workspace folders. Each change
//! schedules an analysis.

use std::path::PathBuf;
use std::sync::Mutex;

use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::{uri_path, Backend};
use crate::convert::apply_change;
use crate::state::{self, Document, Folder, State};

pub(super) async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let document = Document::new(doc.uri.as_str(), doc.version, &doc.text);
    backend.lock().docs.insert(doc.uri.to_string(), document);
    // After the document is known: changes to it may arrive while its folder is
    // scanned.
    let new_folder = backend.ensure_folder_for(&doc.uri).await;
    if new_folder {
        backend.load_settings().await;
    }
    backend.schedule();
}

pub(super) async fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    {
        let mut state = backend.lock();
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
    backend.schedule();
}

pub(super) async fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
    // The saved text becomes the disk's, in every folder that reads the file (a
    // module above example folders); vigil.toml and policies are read by the
    // analysis. Clients without file watching have no other way to say so.
    if let Some(path) = uri_path(&params.text_document.uri) {
        refresh_files(&backend.state, &backend.client, vec![path]).await;
    }
    backend.schedule();
}

pub(super) async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    backend.lock().docs.remove(uri.as_str());
    // Back to the disk's version of the file.
    if let Some(path) = uri_path(&uri) {
        refresh_files(&backend.state, &backend.client, vec![path]).await;
    }
    backend.schedule();
}

pub(super) async fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    // A deleted file is missing when read, and removed.
    let paths = params.changes.iter().filter_map(|c| uri_path(&c.uri)).collect();
    refresh_files(&backend.state, &backend.client, paths).await;
    backend.schedule();
}

pub(super) async fn did_change_configuration(backend: &Backend, _: DidChangeConfigurationParams) {
    backend.load_settings().await;
    backend.schedule();
}

pub(super) async fn did_change_workspace_folders(backend: &Backend, params: DidChangeWorkspaceFoldersParams) {
    {
        let mut state = backend.lock();
        for removed in params.event.removed {
            if let Some(p) = uri_path(&removed.uri) {
                let p = vigil_workspace::normalize(&p);
                state.folders.retain(|f| f.root != p);
            }
        }
        for added in params.event.added {
            if let Some(root) = uri_path(&added.uri).map(|p| vigil_workspace::normalize(&p)) {
                let (disk, notes) = state::scan(&root);
                state.folders.push(Folder::new(root, disk, notes));
            }
        }
    }
    backend.load_settings().await;
    backend.schedule();
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
