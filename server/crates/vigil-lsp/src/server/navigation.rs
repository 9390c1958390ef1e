//! Navigation in `.rego` files: definition, references, rename, document and
//! workspace symbols, folding, selection ranges, semantic tokens and highlights.
//! The answers come from `vigil_rego::navigate` (through `vigil_ide::rego`), in byte
//! ranges of policy files named as the analysis names them; here they become URIs
//! and positions. The built-in packs are written out once as read-only files
//! (`vigil_workspace::builtin::materialize`) so that a definition in `vigil.lib`
//! opens; requests from those files are answered with the first folder's policies.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use vigil_ide::rego::navigate::{self, FoldKind as Fold, SymbolKind as Kind, TokenKind};
use vigil_syntax::TextRange;

use super::rego::policy_document;
use super::{file_uri, Backend};
use crate::convert::{Encoding, Lines};

/// Where the built-in packs are written out for editors: the user's cache, else the
/// temporary directory.
fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("vigil")
}

/// The directory the built-in packs are written to (made on first use).
pub(super) async fn builtin_root(backend: &Backend) -> Option<PathBuf> {
    if let Some(root) = backend.lock().builtin_root.clone() {
        return Some(root);
    }
    let root = tokio::task::spawn_blocking(|| vigil_workspace::builtin::materialize(&cache_dir()))
        .await
        .ok()?
        .map_err(|e| tracing::warn!("the built-in packs could not be written out for the editor: {e}"))
        .ok()?;
    backend.lock().builtin_root = Some(root.clone());
    Some(root)
}

/// Converts the policy files' paths and byte ranges of one request into URIs and
/// positions: user files relative to the folder's root, `builtin:` files in the
/// written-out packs.
struct Places {
    root: PathBuf,
    builtin: Option<PathBuf>,
    encoding: Encoding,
    texts: HashMap<String, String>,
}

impl Places {
    fn uri(&self, path: &str) -> Option<Uri> {
        match path.strip_prefix(vigil_policy::BUILTIN_PREFIX) {
            Some(rest) => Uri::from_file_path(self.builtin.as_ref()?.join(rest)),
            None => file_uri(&self.root, path),
        }
    }

    fn range(&self, path: &str, range: TextRange) -> Option<Range> {
        Some(Lines::new(self.texts.get(path)?, self.encoding).range(range))
    }

    fn location(&self, path: &str, range: TextRange) -> Option<Location> {
        Some(Location { uri: self.uri(path)?, range: self.range(path, range)? })
    }
}

/// A request's document: its path, current text, the workspace's policies, and how
/// to name places. `None` outside policy files.
struct Request {
    rel: String,
    text: String,
    snapshot: std::sync::Arc<crate::state::Snapshot>,
    places: Places,
}

async fn request(backend: &Backend, uri: &Uri) -> Option<Request> {
    let builtin = builtin_root(backend).await;
    let (rel, text, snapshot, encoding) = policy_document(backend, uri)?;
    let root = {
        let state = backend.lock();
        let folder = state.folder_of(&super::uri_path(uri).unwrap_or_default());
        folder.map(|i| state.folders[i].root.clone()).unwrap_or_default()
    };
    let mut texts: HashMap<String, String> =
        snapshot.policy_sources.iter().map(|s| (s.path.clone(), s.text.clone())).collect();
    texts.insert(rel.clone(), text.clone());
    Some(Request { rel, text, snapshot, places: Places { root, builtin, encoding, texts } })
}

impl Request {
    fn offset(&self, position: Position) -> u32 {
        Lines::new(&self.text, self.places.encoding).offset(position)
    }

    /// Runs `f` on the workspace's policy files with this document's current text.
    fn files<R>(&self, f: impl FnOnce(&[navigate::File<'_>]) -> R) -> Option<R> {
        let (files, _) = self.snapshot.rego();
        catch_unwind(AssertUnwindSafe(|| files.navigate(&self.rel, &self.text, f))).ok().flatten()
    }
}

fn is_builtin(name: &str) -> bool {
    vigil_policy::checks::is_builtin(name)
}

fn locations(places: &Places, found: Vec<navigate::Location>) -> Vec<Location> {
    found.into_iter().filter_map(|l| places.location(&l.path, l.range)).collect()
}

pub(super) async fn definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    let Some(r) = request(backend, &at.text_document.uri).await else { return Ok(None) };
    let offset = r.offset(at.position);
    let found = r.files(|files| navigate::definition(files, &r.rel, offset)).unwrap_or_default();
    let found = locations(&r.places, found);
    Ok((!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)))
}

pub(super) async fn references(backend: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let Some(r) = request(backend, &at.text_document.uri).await else { return Ok(None) };
    let offset = r.offset(at.position);
    let declaration = params.context.include_declaration;
    let found = r.files(|files| navigate::references(files, &r.rel, offset, declaration)).unwrap_or_default();
    Ok(Some(locations(&r.places, found)))
}

pub(super) async fn document_highlight(
    backend: &Backend,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let at = params.text_document_position_params;
    let Some(r) = request(backend, &at.text_document.uri).await else { return Ok(None) };
    let offset = r.offset(at.position);
    let found = r.files(|files| navigate::document_highlights(files, &r.rel, offset)).unwrap_or_default();
    Ok(Some(
        found
            .into_iter()
            .filter_map(|h| {
                Some(DocumentHighlight {
                    range: r.places.range(&r.rel, h.range)?,
                    kind: Some(if h.write {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                })
            })
            .collect(),
    ))
}

fn refused(message: String) -> Error {
    Error { code: ErrorCode::InvalidRequest, message: message.into(), data: None }
}

pub(super) async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(r) = request(backend, &params.text_document.uri).await else { return Ok(None) };
    let offset = r.offset(params.position);
    match r.files(|files| navigate::prepare_rename(files, &r.rel, offset, &is_builtin)) {
        Some(Ok(range)) => Ok(r.places.range(&r.rel, range).map(PrepareRenameResponse::Range)),
        Some(Err(why)) => Err(refused(why)),
        None => Ok(None),
    }
}

pub(super) async fn rename(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let at = params.text_document_position;
    let Some(r) = request(backend, &at.text_document.uri).await else { return Ok(None) };
    let offset = r.offset(at.position);
    let edits = match r.files(|files| navigate::rename(files, &r.rel, offset, &params.new_name, &is_builtin))
    {
        Some(Ok(edits)) => edits,
        Some(Err(why)) => return Err(refused(why)),
        None => return Ok(None),
    };
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for e in edits {
        let (Some(uri), Some(range)) = (r.places.uri(&e.path), r.places.range(&e.path, e.range)) else {
            continue;
        };
        changes.entry(uri).or_default().push(TextEdit { range, new_text: e.new_text });
    }
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }))
}

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Package => SymbolKind::PACKAGE,
        Kind::Import => SymbolKind::MODULE,
        Kind::Rule => SymbolKind::PROPERTY,
        Kind::Function => SymbolKind::FUNCTION,
        Kind::Test => SymbolKind::METHOD,
        Kind::Default => SymbolKind::CONSTANT,
    }
}

pub(super) async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(r) = request(backend, &params.text_document.uri).await else { return Ok(None) };
    let found = r
        .files(|files| {
            files.iter().find(|f| f.path == r.rel).map(navigate::document_symbols).unwrap_or_default()
        })
        .unwrap_or_default();
    #[allow(deprecated)] // `deprecated` is a required field of the type
    let symbols = found
        .into_iter()
        .filter_map(|s| {
            Some(DocumentSymbol {
                name: s.name,
                detail: s.container,
                kind: symbol_kind(s.kind),
                tags: None,
                deprecated: None,
                range: r.places.range(&r.rel, s.range)?,
                selection_range: r.places.range(&r.rel, s.name_range)?,
                children: None,
            })
        })
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

pub(super) async fn workspace_symbol(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    // Each folder's policies (the built-in packs once).
    let builtin = builtin_root(backend).await;
    let (encoding, folders) = {
        let s = backend.lock();
        (
            s.encoding,
            s.folders.iter().filter_map(|f| Some((f.root.clone(), f.last.clone()?))).collect::<Vec<_>>(),
        )
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (root, snapshot) in folders {
        let texts: HashMap<String, String> =
            snapshot.policy_sources.iter().map(|s| (s.path.clone(), s.text.clone())).collect();
        let places = Places { root, builtin: builtin.clone(), encoding, texts };
        let Some(first) = snapshot.policy_sources.first() else { continue };
        let found = catch_unwind(AssertUnwindSafe(|| {
            snapshot
                .rego()
                .0
                .navigate(&first.path, &first.text, |files| navigate::workspace_symbols(files, &params.query))
        }))
        .ok()
        .flatten()
        .unwrap_or_default();
        #[allow(deprecated)] // `deprecated` is a required field of the type
        for (path, s) in found {
            let Some(location) = places.location(&path, s.name_range) else { continue };
            if !seen.insert((location.uri.to_string(), s.name_range)) {
                continue;
            }
            out.push(SymbolInformation {
                name: s.name,
                kind: symbol_kind(s.kind),
                tags: None,
                deprecated: None,
                location,
                container_name: s.container,
            });
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Flat(out)))
}

pub(super) async fn folding_range(
    backend: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some((_, text, _, encoding)) = policy_document(backend, &params.text_document.uri) else {
        return Ok(None);
    };
    let lines = Lines::new(&text, encoding);
    let folds = catch_unwind(AssertUnwindSafe(|| vigil_ide::rego::folding_ranges(&text))).unwrap_or_default();
    Ok(Some(
        folds
            .into_iter()
            .map(|f| {
                let range = lines.range(f.range);
                FoldingRange {
                    start_line: range.start.line,
                    end_line: range.end.line,
                    kind: Some(match f.kind {
                        Fold::Region => FoldingRangeKind::Region,
                        Fold::Comment => FoldingRangeKind::Comment,
                        Fold::Imports => FoldingRangeKind::Imports,
                    }),
                    ..Default::default()
                }
            })
            .collect(),
    ))
}

pub(super) async fn selection_range(
    backend: &Backend,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let Some((_, text, _, encoding)) = policy_document(backend, &params.text_document.uri) else {
        return Ok(None);
    };
    let lines = Lines::new(&text, encoding);
    let offsets: Vec<u32> = params.positions.iter().map(|p| lines.offset(*p)).collect();
    let all = catch_unwind(AssertUnwindSafe(|| vigil_ide::rego::selection_ranges(&text, &offsets)))
        .unwrap_or_else(|_| vec![vec![]; offsets.len()]);
    let out = params
        .positions
        .into_iter()
        .zip(all)
        .map(|(p, ranges)| {
            // Innermost first: each the parent of the one before.
            let mut selection: Option<SelectionRange> = None;
            for range in ranges.into_iter().rev() {
                selection =
                    Some(SelectionRange { range: lines.range(range), parent: selection.map(Box::new) });
            }
            selection.unwrap_or(SelectionRange { range: Range { start: p, end: p }, parent: None })
        })
        .collect();
    Ok(Some(out))
}

/// The semantic token types, in the order of the legend (`TokenKind::ALL`): rules as
/// `property`, which every theme colours.
pub(super) fn token_legend() -> SemanticTokensLegend {
    let types = TokenKind::ALL
        .iter()
        .map(|k| match k {
            TokenKind::Namespace => SemanticTokenType::NAMESPACE,
            TokenKind::Function => SemanticTokenType::FUNCTION,
            TokenKind::Rule => SemanticTokenType::PROPERTY,
            TokenKind::Parameter => SemanticTokenType::PARAMETER,
            TokenKind::Variable => SemanticTokenType::VARIABLE,
            TokenKind::Keyword => SemanticTokenType::KEYWORD,
            TokenKind::String => SemanticTokenType::STRING,
            TokenKind::Number => SemanticTokenType::NUMBER,
            TokenKind::Comment => SemanticTokenType::COMMENT,
            TokenKind::Operator => SemanticTokenType::OPERATOR,
        })
        .collect();
    SemanticTokensLegend {
        token_types: types,
        token_modifiers: vec![SemanticTokenModifier::DECLARATION, SemanticTokenModifier::DEFAULT_LIBRARY],
    }
}

pub(super) async fn semantic_tokens_full(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let Some(r) = request(backend, &params.text_document.uri).await else { return Ok(None) };
    let tokens = r
        .files(|files| {
            let file = files.iter().find(|f| f.path == r.rel)?;
            let rules = navigate::package_rule_names(files, &r.rel);
            Some(navigate::semantic_tokens(file.tree, file.text, &is_builtin, &|n| rules.contains(n)))
        })
        .flatten()
        .unwrap_or_default();
    let lines = Lines::new(&r.text, r.places.encoding);
    let mut data = Vec::with_capacity(tokens.len());
    let (mut line, mut character) = (0u32, 0u32);
    for t in tokens {
        let range = lines.range(t.range);
        if range.end.line != range.start.line || range.end.character <= range.start.character {
            continue; // tokens are single-line; an empty one says nothing
        }
        let kind = TokenKind::ALL.iter().position(|k| *k == t.kind).unwrap_or(0) as u32;
        let modifiers = u32::from(t.modifiers.declaration) | (u32::from(t.modifiers.default_library) << 1);
        let delta_line = range.start.line - line;
        let delta_start =
            if delta_line == 0 { range.start.character - character } else { range.start.character };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: range.end.character - range.start.character,
            token_type: kind,
            token_modifiers_bitset: modifiers,
        });
        (line, character) = (range.start.line, range.start.character);
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data })))
}

/// `textDocument/formatting`: the policy in `opa fmt`'s style (see
/// `vigil_rego::format`), as one edit of the lines that change; a file with a
/// syntax error is left as it is.
pub(super) async fn formatting(
    backend: &Backend,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    let Some((_, text, _, encoding)) = policy_document(backend, &params.text_document.uri) else {
        return Ok(None);
    };
    let formatted = catch_unwind(AssertUnwindSafe(|| vigil_ide::rego::format(&text))).ok().flatten();
    let Some(formatted) = formatted else { return Ok(Some(vec![])) };
    if formatted == text {
        return Ok(Some(vec![]));
    }
    // The changed middle, whole lines: the cursor stays where the text does not move.
    let prefix = common_lines(text.lines().zip(formatted.lines()));
    let start: usize = text.split_inclusive('\n').take(prefix).map(str::len).sum();
    let new_start: usize = formatted.split_inclusive('\n').take(prefix).map(str::len).sum();
    let suffix = common_lines(
        text[start..].split_inclusive('\n').rev().zip(formatted[new_start..].split_inclusive('\n').rev()),
    );
    let end =
        text.len() - text[start..].split_inclusive('\n').rev().take(suffix).map(str::len).sum::<usize>();
    let new_end = formatted.len()
        - formatted[new_start..].split_inclusive('\n').rev().take(suffix).map(str::len).sum::<usize>();
    let lines = Lines::new(&text, encoding);
    Ok(Some(vec![TextEdit {
        range: lines.range(TextRange::from_usize(start, end)),
        new_text: formatted[new_start..new_end].to_string(),
    }]))
}

fn common_lines<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    pairs.take_while(|(a, b)| a == b).count()
}
