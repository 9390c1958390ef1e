//! The server's state: workspace folders, open documents, settings, and the last
//! analysis of each folder. Mutated under one lock; analysis reads a snapshot.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;
use vigil_ide::{Analysis, ChunkResult, Config};
use vigil_model::{Model, SourceFile, Stack};
use vigil_policy::{Enforcement, PolicySet, PolicySource};
use vigil_syntax::Diagnostic;

use crate::convert::Encoding;

/// Settings from `workspace/configuration` (section `vigil`), see docs/lsp.md.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub policy_dirs: Vec<String>,
    pub builtin_policies: bool,
    #[serde(deserialize_with = "map_or_empty_list")]
    pub enforcement: BTreeMap<String, String>,
    pub debounce_ms: u64,
    /// A policy file with errors keeps its last good version's verdicts (marked
    /// stale) instead of losing them while it is typed.
    pub keep_last_good_policies: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            policy_dirs: vec![],
            builtin_policies: true,
            enforcement: BTreeMap::new(),
            debounce_ms: 150,
            keep_last_good_policies: true,
        }
    }
}

/// The client capabilities the server respects.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClientSupport {
    pub configuration: bool,
    pub watch_registration: bool,
    pub work_done_progress: bool,
    pub code_lens_refresh: bool,
    pub code_description: bool,
    pub related_information: bool,
    pub markdown_hover: bool,
    pub preferred_actions: bool,
    /// The client resolves a code action's `edit` lazily (`codeAction/resolve`).
    pub resolve_edit: bool,
    /// The client shows a diagnostic's message in the hover itself (VS Code does),
    /// so a finding's hover card leaves it out: initialization option
    /// `diagnosticsInHover`.
    pub diagnostics_in_hover: bool,
    /// Completion items may be snippets (`$1` placeholders).
    pub snippets: bool,
}

/// A map, also accepting `[]`: Neovim's JSON encoder writes an empty Lua table as
/// an empty list.
fn map_or_empty_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum MapOrList {
        Map(BTreeMap<String, String>),
        List(Vec<serde_json::Value>),
    }
    match MapOrList::deserialize(d)? {
        MapOrList::Map(m) => Ok(m),
        MapOrList::List(l) if l.is_empty() => Ok(BTreeMap::new()),
        MapOrList::List(_) => Err(serde::de::Error::custom("`enforcement` must map policy ids to levels")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_accept_neovims_empty_tables() {
        let s: super::Settings =
            serde_json::from_value(serde_json::json!({"enforcement": [], "policyDirs": []})).unwrap();
        assert!(s.enforcement.is_empty());
        assert!(s.builtin_policies);
        let s: super::Settings =
            serde_json::from_value(serde_json::json!({"enforcement": {"X": "disabled"}})).unwrap();
        assert_eq!(s.enforcement["X"], "disabled");
    }

    /// A stack big enough to be evaluated in parts gives what one evaluation of it
    /// gives, and the parts' verdicts are all kept: a second run reuses every one.
    #[test]
    fn a_big_stack_evaluated_in_parts_equals_one_evaluation() {
        let mut text = String::new();
        for n in 0..300 {
            let acl = if n % 7 == 0 { "public-read" } else { "private" };
            text.push_str(&format!(
                "resource \"aws_s3_bucket\" \"b{n}\" {{\n  bucket = \"b-{n}\"\n  acl    = \"{acl}\"\n}}\n"
            ));
        }
        let files = vec![SourceFile::new("main.tf", text)];
        let (inputs, _) = vigil_model::plan_stacks(&files);
        let (stack, _) = vigil_model::load_stack(&inputs[0]);
        let model = Model { stacks: vec![stack], diagnostics: vec![] };
        let policies =
            PolicySet::load(&vigil_workspace::builtin::sources(), vigil_policy::DEFAULT_TIME_LIMIT);
        let config = Config::default();
        let texts = vigil_ide::Texts::new(&files);
        let data = vigil_policy::StackData::new(&model.stacks[0]);
        let count = model.stacks[0].resources.len();
        let whole = vigil_ide::Chunk { stack: 0, resources: 0..count, stop: None, order: None };
        let one = vigil_ide::evaluate_chunk_cached(&model, &whole, &data, &policies, &config, &texts, None);
        let mut cache = vigil_policy::ResultCache::default();
        let parts = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap()
            .install(|| super::evaluate_stack(&model, &data, &policies, &config, &texts, &mut cache));
        let key = |f: &vigil_ide::Finding| format!("{:?}", f);
        let sorted = |r: &ChunkResult| {
            let mut v: Vec<String> = r.findings.iter().map(key).collect();
            v.sort();
            v
        };
        assert!(one.findings.len() >= 300 / 7, "{}", one.findings.len());
        assert_eq!(sorted(&parts), sorted(&one));
        assert_eq!(parts.summaries.len(), count);
        assert_eq!(cache.hits, 0);
        let evaluated = cache.misses;
        assert!(evaluated >= count, "{evaluated}");
        cache.rotate();
        (cache.hits, cache.misses) = (0, 0);
        let again = super::evaluate_stack(&model, &data, &policies, &config, &texts, &mut cache);
        assert_eq!(sorted(&again), sorted(&one));
        assert_eq!((cache.hits, cache.misses), (evaluated, 0));
    }

    /// A file above a folder belongs to the folder whose analysis reads it; a file
    /// inside a folder to the deepest such; a new Terraform file beside a module the
    /// folder reads belongs to it too; other files above to none.
    #[test]
    fn folder_of_prefers_the_folder_that_reads_the_file() {
        let folder = |root: &str, files: &[&str]| {
            let disk = files.iter().map(|f| (f.to_string(), std::sync::Arc::from(""))).collect();
            super::Folder::new(root.into(), disk, Vec::new())
        };
        let mut state = super::State::new();
        state.folders.push(folder("/repo/examples/complete", &["../../main.tf", "main.tf"]));
        let of = |s: &super::State, p: &str| s.folder_of(std::path::Path::new(p));
        assert_eq!(of(&state, "/repo/main.tf"), Some(0));
        assert_eq!(of(&state, "/repo/examples/complete/../../main.tf"), Some(0));
        assert_eq!(of(&state, "/repo/outputs.tf"), Some(0));
        assert_eq!(of(&state, "/repo/README.md"), None);
        assert_eq!(of(&state, "/repo/other/main.tf"), None);
        assert_eq!(state.folders[0].name_of(std::path::Path::new("/repo/main.tf")), "../../main.tf");
        // With the repository open too, its files are its own; the example still
        // reads the module, and an open module overlays both.
        state.folders.push(folder("/repo", &["main.tf", "examples/complete/main.tf"]));
        assert_eq!(of(&state, "/repo/main.tf"), Some(1));
        assert_eq!(of(&state, "/repo/examples/complete/main.tf"), Some(0));
        let readers = state.readers_of(std::path::Path::new("/repo/main.tf"));
        assert_eq!(readers, [(0, "../../main.tf".to_string()), (1, "main.tf".to_string())]);
    }

    /// A workspace folder that is a module's `examples/complete`: the scan reads the
    /// module above it inside the repository (named `../../main.tf`) and the zip its
    /// code hashes, as bytes.
    #[test]
    fn scan_reads_the_module_an_example_calls_and_binary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("examples/complete")).unwrap();
        std::fs::write(
            repo.join("main.tf"),
            "resource \"aws_lambda_function\" \"f\" {\n  source_code_hash = filebase64sha256(\"${path.module}/lambda.zip\")\n}\n",
        )
        .unwrap();
        std::fs::write(repo.join("lambda.zip"), [0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]).unwrap();
        std::fs::write(
            repo.join("examples/complete/main.tf"),
            "module \"this\" {\n  source = \"../..\"\n}\n",
        )
        .unwrap();
        let (disk, _) = super::scan(&repo.join("examples/complete"));
        let paths: Vec<&str> = disk.keys().map(String::as_str).collect();
        assert_eq!(paths, ["../../lambda.zip", "../../main.tf", "main.tf"]);
        assert_eq!(
            vigil_model::binary_content(&disk["../../lambda.zip"]),
            Some(vec![0x50, 0x4b, 3, 4, 0xff, 0])
        );
    }
}

/// An open document, with its syntax tree kept up to date incrementally.
pub struct Document {
    pub version: i32,
    pub rope: ropey::Rope,
    pub tree: Option<(vigil_syntax::Language, vigil_syntax::tree_sitter::Tree)>,
}

impl Document {
    pub fn new(uri: &str, version: i32, text: &str) -> Self {
        let tree = vigil_syntax::Language::of_path(uri)
            .and_then(|l| vigil_syntax::parse_tree(l, text, None).map(|t| (l, t)));
        Document { version, rope: ropey::Rope::from_str(text), tree }
    }

    /// Reparses after edits (already applied to the tree with `Tree::edit`).
    pub fn reparse(&mut self, full: bool) {
        let text = self.rope.to_string();
        self.tree = self.tree.take().and_then(|(l, old)| {
            vigil_syntax::parse_tree(l, &text, if full { None } else { Some(&old) }).map(|t| (l, t))
        });
    }
}

/// A workspace folder: its files on disk (relative paths) and its last analysis.
pub struct Folder {
    pub root: PathBuf,
    pub disk: BTreeMap<String, Arc<str>>,
    /// What the last scan said of the files it did not read whole (see [`scan`]).
    pub notes: Vec<Diagnostic>,
    pub settings: Settings,
    pub last: Option<Arc<Snapshot>>,
    pub cache: Arc<std::sync::Mutex<Cache>>,
    /// The last run of each test file's tests (`vigil.runTests`), by path.
    pub tests: BTreeMap<String, TestRun>,
}

/// What a run of a test file's tests found, and the file's text then: its results
/// stand (as lenses and diagnostics) while the text is the same.
pub struct TestRun {
    pub text: String,
    pub reports: Vec<vigil_policy::TestReport>,
}

/// What an analysis saw and found.
pub struct Snapshot {
    pub files: Vec<SourceFile>,
    /// Versions of the open documents whose text was used.
    pub versions: HashMap<String, i32>,
    pub analysis: Analysis,
    pub policies: Arc<PolicySet>,
    pub config: Config,
    pub config_text: String,
    /// Texts of policy files and vigil.toml (diagnostics may point into them).
    pub extra: Vec<SourceFile>,
    /// The previewed stacks (what the policy editor completes `input` paths from).
    pub stacks: Vec<Stack>,
    /// Every policy source loaded, the built-in packs' too.
    pub policy_sources: Vec<PolicySource>,
    /// The compliance frameworks whose controls hovers name.
    pub frameworks: Arc<vigil_policy::Frameworks>,
    /// What the policy editor resolves names and `input` paths with, made when a
    /// `.rego` request first needs it.
    rego: std::sync::OnceLock<(vigil_ide::rego::PolicyFiles, vigil_ide::rego::Shapes)>,
}

impl Snapshot {
    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.iter().chain(self.extra.iter()).find(|f| f.path == path).map(|f| f.text.as_str())
    }

    /// The policy files' declarations and the resources' shapes (see [`vigil_ide::rego`]).
    pub fn rego(&self) -> &(vigil_ide::rego::PolicyFiles, vigil_ide::rego::Shapes) {
        self.rego.get_or_init(|| {
            (
                vigil_ide::rego::PolicyFiles::new(&self.policy_sources),
                vigil_ide::rego::Shapes::of(&self.stacks),
            )
        })
    }

    /// The policy editor's view of the workspace.
    pub fn rego_workspace(&self) -> vigil_ide::rego::Workspace<'_> {
        let (files, shapes) = self.rego();
        vigil_ide::rego::Workspace { files, policies: &self.policies, shapes, frameworks: &self.frameworks }
    }
}

/// Resources per part, at least, when a stack is evaluated in parts side by side.
const MIN_PART: usize = 64;

/// Evaluates the one stack of `model`; a big one in parts side by side (each with
/// its part of `cache`), so that a keystroke in a big file that changes what a
/// policy reads of the stack re-evaluates on every core.
fn evaluate_stack(
    model: &Model,
    data: &vigil_policy::StackData,
    policies: &PolicySet,
    config: &Config,
    texts: &vigil_ide::Texts<'_>,
    cache: &mut vigil_policy::ResultCache,
) -> ChunkResult {
    let count = model.stacks.first().map_or(0, |s| s.resources.len());
    let parts = (count / MIN_PART).clamp(1, rayon::current_num_threads().max(1));
    let size = count.div_ceil(parts).max(1);
    let mut caches = cache.split(parts);
    let limits = config.limits();
    let clock = vigil_workspace::clock::StackClock::new(1, limits.stack_eval_time())
        .with_memory_budget(limits.memory_mib);
    let stop = Some(clock.start(0));
    let order = model.stacks.first().and_then(vigil_ide::evaluation_order);
    let results: Vec<ChunkResult> = clock.watch(|| {
        caches
            .par_iter_mut()
            .enumerate()
            .map(|(i, part)| {
                let chunk = vigil_ide::Chunk {
                    stack: 0,
                    resources: (i * size).min(count)..((i + 1) * size).min(count),
                    stop: stop.clone(),
                    order: order.clone(),
                };
                vigil_ide::evaluate_chunk_cached(model, &chunk, data, policies, config, texts, Some(part))
            })
            .collect()
    });
    cache.join(caches);
    let mut all = ChunkResult::default();
    for r in results {
        all.findings.extend(r.findings);
        all.diagnostics.extend(r.diagnostics);
        all.summaries.extend(r.summaries);
        all.unevaluated.extend(r.unevaluated);
    }
    all.diagnostics.extend(vigil_ide::budget_diagnostics(model, &all.unevaluated, config));
    all
}

/// A stack as last read and evaluated: (hash of its inputs, model, diagnostics, findings).
/// A stack's findings (valid for the hash of its files, policies and config) and
/// its model (valid for the hash of its files alone).
type CachedStack = (u64, u64, Stack, Vec<Diagnostic>, ChunkResult);

/// Results reused between analyses: the policy set (by a hash of its sources),
/// each stack's model (by a hash of its files) and findings (by a hash of its files,
/// policies and config), and each policy's verdicts (keyed by the policy's own
/// fingerprint, so an edit of one policy re-evaluates that policy only).
pub struct Cache {
    policies: Option<(u64, Arc<PolicySet>)>,
    /// The framework files read (by a hash of their texts), and their problems.
    frameworks: Option<(u64, Arc<vigil_policy::Frameworks>, Vec<Diagnostic>)>,
    /// What the next policy load reuses: the built-in packs compiled at build time,
    /// the built-in packs parsed, METADATA read, and the last good version of each
    /// policy file, used while it is half typed.
    loads: vigil_policy::LoadCache,
    stacks: HashMap<String, CachedStack>,
    /// Per stack: each policy's verdict on each resource, and the previewed blocks.
    results: HashMap<String, StackMemo>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            policies: None,
            frameworks: None,
            loads: vigil_workspace::builtin::load_cache().keeping_last_good(),
            stacks: HashMap::new(),
            results: HashMap::new(),
        }
    }
}

/// What a stack's next analysis can reuse of its last one when its files changed:
/// each policy's verdict on each resource, and a Terraform root module's previewed
/// resource blocks that an edit did not touch.
#[derive(Default)]
struct StackMemo {
    verdicts: vigil_policy::ResultCache,
    preview: vigil_model::terraform::PreviewCache,
    /// The stack as policies see it, for the hash of its files.
    data: Option<(u64, vigil_policy::StackData)>,
}

pub struct State {
    pub encoding: Encoding,
    pub folders: Vec<Folder>,
    pub docs: HashMap<String, Document>,
    /// Where the built-in packs are written out for the editor (made on first use).
    pub builtin_root: Option<PathBuf>,
    /// What was last published for each URI (diagnostics and document version):
    /// unchanged diagnostics are not sent again, and files whose diagnostics are
    /// gone are cleared.
    pub published: HashMap<String, (Vec<tower_lsp_server::ls_types::Diagnostic>, Option<i32>)>,
    pub pull_diagnostics: bool,
    /// What the client said it supports.
    pub client: ClientSupport,
    /// False until the first scan of the workspace folders is done: analysing before
    /// would report problems (undeclared variables) that are not there.
    pub ready: bool,
    /// Files a refresh did not read (a FIFO, a link out of the workspace), reported
    /// once each until they are read again.
    pub unreadable: std::collections::HashSet<PathBuf>,
}

impl State {
    pub fn new() -> Self {
        State {
            encoding: Encoding::Utf16,
            folders: vec![],
            docs: HashMap::new(),
            builtin_root: None,
            published: Default::default(),
            pull_diagnostics: false,
            ready: false,
            client: ClientSupport::default(),
            unreadable: Default::default(),
        }
    }

    /// The folder a path belongs to: the one whose analysis reads it (the module
    /// above an `examples/complete` folder, named `../../main.tf` there), preferring
    /// the deepest root containing it; else the deepest root containing it; else a
    /// folder that reads other Terraform files of its directory (a new file in the
    /// module above), the nearest. `None` when no folder reads it.
    pub fn folder_of(&self, path: &Path) -> Option<usize> {
        let path = vigil_workspace::normalize(path);
        self.folders
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let rel = f.name_of(&path);
                let known = f.disk.contains_key(&rel);
                let inside = path.starts_with(&f.root);
                let module_file = !known && !inside && f.reads_directory_of(&rel);
                let ups = rel.split('/').take_while(|c| *c == "..").count();
                (known || inside || module_file)
                    .then_some((i, (known, inside, std::cmp::Reverse(ups), f.root.components().count())))
            })
            .max_by_key(|(_, key)| *key)
            .map(|(i, _)| i)
    }

    /// The folders whose analysis reads `path` (an open document's text replaces
    /// the disk's in each), with its name in each: its folder, and other folders
    /// that read it as a module above their root.
    pub fn readers_of(&self, path: &Path) -> Vec<(usize, String)> {
        let path = vigil_workspace::normalize(path);
        let primary = self.folder_of(&path);
        self.folders
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let rel = f.name_of(&path);
                (primary == Some(i) || f.disk.contains_key(&rel)).then_some((i, rel))
            })
            .collect()
    }
}

impl Folder {
    /// A folder with what its scan read (`disk`, `notes`), default settings and no
    /// analysis yet.
    pub fn new(root: PathBuf, disk: BTreeMap<String, Arc<str>>, notes: Vec<Diagnostic>) -> Self {
        Folder {
            root,
            disk,
            notes,
            settings: Settings::default(),
            last: None,
            cache: Default::default(),
            tests: BTreeMap::new(),
        }
    }

    /// How this folder's analysis names a file (an absolute path): relative to the
    /// root, with leading `..` above it.
    pub fn name_of(&self, path: &Path) -> String {
        vigil_workspace::display_name(&self.root, &vigil_workspace::normalize(path))
    }

    /// Whether `rel` is a Terraform file above the root in a directory whose
    /// Terraform files this folder reads (a module it calls).
    fn reads_directory_of(&self, rel: &str) -> bool {
        let terraform = rel.ends_with(".tf") || rel.ends_with(".tfvars");
        let Some((dir, _)) = rel.rsplit_once('/') else { return false };
        if !terraform || !rel.starts_with("../") {
            return false;
        }
        let prefix = format!("{dir}/");
        self.disk
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .any(|(k, _)| !k[prefix.len()..].contains('/') && k.ends_with(".tf"))
    }
}

/// The text of a file as the analysis reads it (UTF-8 text, else a binary file's
/// marked base64, see `SourceFile::from_bytes`), read as the scan reads files: only
/// inside `boundaries`, only a regular file (a FIFO would block the server, a link to
/// `/dev/zero` fill its memory), at most `vigil_workspace::MAX_FILE` bytes.
pub fn read_file(path: &Path, boundaries: &[PathBuf]) -> Result<Arc<str>, vigil_workspace::NotRead> {
    let bytes = vigil_workspace::read_inside(path, boundaries, vigil_workspace::MAX_FILE)?;
    Ok(Arc::from(SourceFile::from_bytes("", bytes).text))
}

/// Everything an analysis of one folder needs, copied out of the state.
pub struct Input {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    pub versions: HashMap<String, i32>,
    pub settings: Settings,
    pub open_rego: Vec<SourceFile>,
    pub cache: Arc<std::sync::Mutex<Cache>>,
    /// The folder's scan notes (see [`scan`]).
    pub notes: Vec<Diagnostic>,
    /// Failed tests of the test runs whose files are unchanged since.
    pub tests: Vec<Diagnostic>,
    /// Called once the policies are loaded, with the problems of the open policy
    /// files, so that a policy's own diagnostics are shown before the workspace is
    /// evaluated again with it.
    pub early: Option<Box<dyn FnOnce(Vec<Diagnostic>) + Send>>,
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Reads the folder's files from disk: the same walk as `vigil check`. Also returns
/// what the walk says of the files it did not read, or read in part (a link out of
/// the repository, a FIFO, a file too large, bytes that are not UTF-8), so that the
/// editor shows it too.
pub fn scan(root: &Path) -> (BTreeMap<String, Arc<str>>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let Ok(ws) = vigil_workspace::load(&[root.to_path_buf()], None, Some(root)) else { return (out, vec![]) };
    for f in ws.files {
        out.insert(f.path, Arc::from(f.text));
    }
    let notes = ws
        .diagnostics
        .into_iter()
        .filter(|d| matches!(d.code.as_str(), "outside-workspace" | "io" | vigil_workspace::ENCODING_ERROR))
        .collect();
    (out, notes)
}

/// Runs the analysis of one folder (in the blocking pool).
pub fn analyze(mut input: Input, today: &str) -> Snapshot {
    let started = std::time::Instant::now();
    let config_path = input.root.join(vigil_ide::config::CONFIG_FILE);
    let (mut config, config_diagnostics, config_text) = match vigil_workspace::read_text(&config_path) {
        Ok(text) => {
            let (c, d) = Config::parse(vigil_ide::config::CONFIG_FILE, &text);
            (c, d, text)
        }
        Err(_) => (Config::default(), vec![], String::new()),
    };
    for (id, level) in &input.settings.enforcement {
        if let Some(e) = Enforcement::parse(level) {
            config.overrides.insert(id.clone(), e);
        }
    }
    // Policies: built-in packs, vigil.toml's and the settings' directories, with the
    // open .rego documents' unsaved text.
    let mut ws = vigil_workspace::Workspace::empty(input.root.clone(), config.clone());
    ws.config.raw.policies.dirs.extend(input.settings.policy_dirs.iter().cloned());
    let mut unread = Vec::new();
    let builtin = input.settings.builtin_policies;
    let mut sources: Vec<PolicySource> = match vigil_workspace::policy_sources(&ws, &[], builtin, &mut unread)
    {
        Ok(sources) => sources,
        // A policy directory that does not exist: said, and the others still load
        // (before, the folder lost every policy, the built-in packs too).
        Err(e) => {
            unread.push(Diagnostic::error(
                vigil_ide::config::CONFIG_FILE,
                Default::default(),
                "io",
                format!("{e:#}"),
            ));
            let base = ws.root.join(ws.config.base_dir());
            ws.config.raw.policies.dirs.retain(|d| base.join(d).exists());
            vigil_workspace::policy_sources(&ws, &[], builtin, &mut unread).unwrap_or_default()
        }
    };
    for doc in &input.open_rego {
        match sources.iter_mut().find(|s| s.path == doc.path) {
            Some(s) => s.text = doc.text.clone(),
            None => {
                let pack = doc.path.split('/').next().unwrap_or("custom").to_string();
                sources.push(PolicySource { path: doc.path.clone(), text: doc.text.clone(), pack })
            }
        }
    }
    let policy_hash = hash_of(&sources.iter().map(|s| (&s.path, &s.text)).collect::<Vec<_>>());
    // The compliance frameworks (hover names each control): built-in and the policy
    // directories' `frameworks/*.yaml`, parsed again only when one changed.
    let framework_files = vigil_workspace::framework_files(&ws, &[], builtin, &mut unread);
    let (frameworks, framework_diagnostics) = {
        let hash = hash_of(&framework_files);
        let mut cache = input.cache.lock().unwrap_or_else(|p| p.into_inner());
        match &cache.frameworks {
            Some((h, f, d)) if *h == hash => (f.clone(), d.clone()),
            _ => {
                let (f, d) = vigil_policy::Frameworks::load(&framework_files);
                let f = Arc::new(f);
                cache.frameworks = Some((hash, f.clone(), d.clone()));
                (f, d)
            }
        }
    };
    let time_limit = std::time::Duration::from_millis(config.raw.policies.time_limit_ms);
    let policies = {
        let mut cache = input.cache.lock().unwrap_or_else(|p| p.into_inner());
        match &cache.policies {
            Some((h, set)) if *h == policy_hash => set.clone(),
            _ => {
                cache.loads.set_keep_last_good(input.settings.keep_last_good_policies);
                let set = Arc::new(PolicySet::load_reusing(&sources, time_limit, &mut cache.loads));
                cache.policies = Some((policy_hash, set.clone()));
                set
            }
        }
    };
    tracing::debug!("policies ready after {:?}", started.elapsed());
    if let Some(early) = input.early.take() {
        let open: std::collections::HashSet<&str> = input.open_rego.iter().map(|f| f.path.as_str()).collect();
        let mut found: Vec<Diagnostic> =
            policies.diagnostics.iter().filter(|d| open.contains(d.file.as_str())).cloned().collect();
        found.extend(input.tests.iter().filter(|d| open.contains(d.file.as_str())).cloned());
        early(found);
    }
    let config_hash = hash_of(&(&config_text, &input.settings.enforcement.iter().collect::<Vec<_>>()));
    let files: Vec<SourceFile> = input.files.into_iter().filter(|f| !config.is_excluded(&f.path)).collect();
    let limits = config.limits();

    // Stacks: reuse the model and findings of a stack whose files did not change.
    // The editor also shows findings in state files and cluster dumps (audit mode).
    let (stack_inputs, plan_diagnostics) =
        vigil_model::plan_stacks_with(&files, vigil_model::PlanOptions { audit: true, limits });
    let keyed: Vec<(String, u64, u64, &vigil_model::StackInput<'_>)> = stack_inputs
        .iter()
        .map(|s| {
            let texts: Vec<(&str, &str)> =
                s.files().iter().map(|f| (f.path.as_str(), f.text.as_str())).collect();
            let key = s.key();
            // A stack read within other budgets may read differently.
            let model_hash = hash_of(&(&texts, limits));
            (key, hash_of(&(model_hash, policy_hash, config_hash)), model_hash, s)
        })
        .collect();
    let (cached, result_caches): (HashMap<String, CachedStack>, HashMap<String, StackMemo>) = {
        let mut cache = input.cache.lock().unwrap_or_else(|p| p.into_inner());
        (std::mem::take(&mut cache.stacks), std::mem::take(&mut cache.results))
    };
    let result_caches: HashMap<String, std::sync::Mutex<StackMemo>> =
        result_caches.into_iter().map(|(k, v)| (k, std::sync::Mutex::new(v))).collect();
    let texts_all = vigil_ide::Texts::new(&files);
    let new_results: std::sync::Mutex<HashMap<String, StackMemo>> = Default::default();
    let results: Vec<(String, u64, u64, Stack, Vec<Diagnostic>, ChunkResult)> = keyed
        .par_iter()
        .map(|(key, hash, model_hash, stack_input)| {
            let previous = cached.get(key);
            if let Some((h, _, stack, diags, result)) = previous {
                if h == hash {
                    return (key.clone(), *hash, *model_hash, stack.clone(), diags.clone(), result.clone());
                }
            }
            let mut memo: StackMemo = result_caches
                .get(key)
                .map(|m| std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner())))
                .unwrap_or_default();
            // Files unchanged (a policy or the configuration changed): the model is
            // reused and only evaluated again. Otherwise the blocks an edit did not
            // touch are reused.
            let (stack, diags) = match previous {
                Some((_, m, stack, diags, _)) if m == model_hash => (stack.clone(), diags.clone()),
                _ => {
                    let read = vigil_model::load_stack_with(stack_input, &limits, Some(&mut memo.preview));
                    let preview = &mut memo.preview;
                    tracing::debug!(
                        "stack {key}: {} blocks reused, {} previewed",
                        preview.hits,
                        preview.misses
                    );
                    (preview.hits, preview.misses) = (0, 0);
                    preview.rotate();
                    read
                }
            };
            let single = Model { stacks: vec![stack], diagnostics: vec![] };
            let results = &mut memo.verdicts;
            let data = match &memo.data {
                Some((h, data)) if h == model_hash => data.clone(),
                _ => {
                    let data = vigil_policy::StackData::new(&single.stacks[0]);
                    memo.data = Some((*model_hash, data.clone()));
                    data
                }
            };
            let result = evaluate_stack(&single, &data, &policies, &config, &texts_all, results);
            tracing::debug!(
                "stack {key}: {} cached verdicts reused, {} evaluated",
                results.hits,
                results.misses
            );
            results.hits = 0;
            results.misses = 0;
            results.rotate();
            new_results.lock().unwrap_or_else(|p| p.into_inner()).insert(key.clone(), memo);
            let stack = single.stacks.into_iter().next().unwrap_or_else(|| Stack {
                id: key.clone(),
                source: vigil_model::SourceKind::Terraform,
                resources: vec![],
                origins: Default::default(),
                providers: Default::default(),
            });
            (key.clone(), *hash, *model_hash, stack, diags, result)
        })
        .collect();
    tracing::debug!("stacks read and evaluated after {:?}", started.elapsed());
    let mut model = Model { stacks: vec![], diagnostics: plan_diagnostics };
    let mut chunks = Vec::new();
    let mut new_cache = HashMap::new();
    for (index, (key, hash, model_hash, stack, diags, mut result)) in results.into_iter().enumerate() {
        for f in &mut result.findings {
            f.origin.0 = index;
        }
        new_cache.insert(key, (hash, model_hash, stack.clone(), diags.clone(), result.clone()));
        model.stacks.push(stack);
        model.diagnostics.extend(diags);
        chunks.push(result);
    }
    model.diagnostics.sort();
    {
        let mut cache = input.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.stacks = new_cache;
        // Unchanged stacks keep their result caches; evaluated ones have new ones.
        let mut kept: HashMap<String, StackMemo> = result_caches
            .into_iter()
            .map(|(k, m)| (k, m.into_inner().unwrap_or_else(|p| p.into_inner())))
            .collect();
        kept.extend(new_results.into_inner().unwrap_or_else(|p| p.into_inner()));
        kept.retain(|k, _| cache.stacks.contains_key(k));
        cache.results = kept;
    }
    let mut analysis = vigil_ide::finish(&model, chunks, &policies, &config, &files, today);
    tracing::debug!("finished after {:?}", started.elapsed());
    analysis.diagnostics.extend(config_diagnostics);
    analysis.diagnostics.extend(input.notes.iter().cloned());
    analysis.diagnostics.extend(input.tests);
    analysis.diagnostics.extend(unread);
    analysis.diagnostics.extend(framework_diagnostics);
    let disabled = vigil_workspace::disabled_builtin_ids(&ws);
    let known = |id: &str| policies.find(id).is_some() || disabled.iter().any(|d| d == id);
    analysis.diagnostics.extend(config.check_policy_ids(&config_text, &known));
    let mut extra: Vec<SourceFile> = sources
        .iter()
        .filter(|s| !s.is_builtin())
        .map(|s| SourceFile::new(s.path.clone(), s.text.clone()))
        .collect();
    if !config_text.is_empty() {
        extra.push(SourceFile::new(vigil_ide::config::CONFIG_FILE, config_text.clone()));
    }
    Snapshot {
        files,
        versions: input.versions,
        analysis,
        policies,
        config,
        config_text,
        extra,
        stacks: model.stacks,
        policy_sources: sources,
        frameworks,
        rego: Default::default(),
    }
}
