//! Reading a workspace from disk: `vigil.toml` discovery, the files to check (walks
//! honouring `.gitignore`), policy sources (directories and the built-in packs
//! embedded at build time). Shared by the CLI and the language server; the core
//! crates never touch the disk.

pub mod builtin;
pub mod clock;

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use vigil_ide::config::CONFIG_FILE;
use vigil_ide::Config;
use vigil_model::SourceFile;
use vigil_policy::PolicySource;
use vigil_syntax::Diagnostic;

/// Extensions of files Vigil reads as infrastructure code. Terraform state files
/// (`tfstate`) are read for audit mode (`vigil check --audit`, the language server);
/// their backups (`.tfstate.backup`) are not. A walk honours `.gitignore`, which
/// often lists `*.tfstate`: a file named explicitly is read all the same.
const IAC_EXTENSIONS: &[&str] = &["tf", "tfvars", "yaml", "yml", "json", "template", "tfstate"];

/// The code of the error on a file read with bytes that are not UTF-8 replaced
/// (`vigil fix` does not write such a file: it would lose those bytes).
pub const ENCODING_ERROR: &str = "encoding";

pub struct Workspace {
    /// Paths of files are relative to this directory (files above it start with `..`).
    pub root: PathBuf,
    pub config: Config,
    pub config_text: String,
    pub files: Vec<SourceFile>,
    /// Files the user asked for, when they named files rather than directories:
    /// findings are reported for these only (their directories are still read).
    pub only: Option<HashSet<String>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of files that are not analysed but can carry diagnostics (vigil.toml, policies).
    pub extra_texts: Vec<SourceFile>,
    /// The directories whose files may be read and written, as canonical paths: the
    /// repository of each checked path (the nearest directory upwards with a `.git`),
    /// else the checked directory, and the root when a checked path is in no
    /// repository. A module an example calls with
    /// `source = "../.."` is read when it is inside; nothing outside is read, even
    /// through a symbolic link, and `vigil fix` writes nothing outside.
    pub boundaries: Vec<PathBuf>,
}

impl Workspace {
    /// A workspace rooted at `root` with no files read yet (the language server
    /// keeps its own files).
    pub fn empty(root: PathBuf, config: Config) -> Self {
        let boundaries = vec![root.canonicalize().unwrap_or(root.clone())];
        Workspace {
            root,
            config,
            config_text: String::new(),
            files: vec![],
            only: None,
            diagnostics: vec![],
            extra_texts: vec![],
            boundaries,
        }
    }

    /// The file to write for a workspace path: through symbolic links (a fix edits
    /// the linked file and the link stays a link), and only inside the boundaries.
    pub fn writable_path(&self, path: &str) -> Result<PathBuf> {
        let full = resolve(&self.root, path);
        let target = full.canonicalize().with_context(|| format!("cannot resolve {}", full.display()))?;
        if !inside(&self.boundaries, &target) {
            anyhow::bail!("{} is outside the repository; Vigil writes only inside it", target.display());
        }
        Ok(target)
    }
}

/// Finds `vigil.toml` in `start` or its parents.
fn find_config(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// A `/`-separated path relative to root (or the path itself when outside it).
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// How reports name a file: `/`-separated and relative to `root`, with leading `..`
/// when it is above it (`../../main.tf`, the module an example calls), absolute only
/// when the two share no directory below the filesystem's root. Both paths are
/// absolute and [`normalize`]d.
pub fn display_name(root: &Path, path: &Path) -> String {
    let slashed = |p: &Path| p.to_string_lossy().replace('\\', "/");
    if let Ok(rel) = path.strip_prefix(root) {
        return slashed(rel);
    }
    let common = root.components().zip(path.components()).take_while(|(a, b)| a == b).count();
    if !root.components().take(common).any(|c| matches!(c, Component::Normal(_))) {
        return slashed(path);
    }
    let mut out = PathBuf::new();
    for _ in root.components().skip(common) {
        out.push("..");
    }
    for c in path.components().skip(common) {
        out.push(c);
    }
    slashed(&out)
}

/// `path` without `.` and `..` components, resolved lexically: Terraform joins a
/// module's `source` to its caller's directory this way, and a symbolic link keeps
/// its own path (a linked `providers.tf` belongs to the directory of the link).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The absolute path of a workspace path (`main.tf`, `../../main.tf`), normalised.
pub fn resolve(root: &Path, path: &str) -> PathBuf {
    normalize(&root.join(path))
}

/// Whether a canonical path is inside one of the boundaries.
fn inside(boundaries: &[PathBuf], canonical: &Path) -> bool {
    boundaries.iter().any(|b| canonical.starts_with(b))
}

/// The repository of a checked path (the nearest directory upwards with `.git`, a
/// directory or a worktree's file), else the checked directory itself; canonical.
/// Found from the path as written: a checked link that leads elsewhere does not
/// widen the boundary to where it leads.
fn boundary_of(path: &Path) -> PathBuf {
    let dir = if path.is_dir() { path } else { path.parent().unwrap_or(path) };
    let found = repository_of(path).unwrap_or(dir);
    found.canonicalize().unwrap_or(found.to_path_buf())
}

/// The nearest directory at or above `path` with a `.git`.
fn repository_of(path: &Path) -> Option<&Path> {
    let dir = if path.is_dir() { path } else { path.parent().unwrap_or(path) };
    dir.ancestors().find(|d| d.join(".git").exists())
}

/// Reads a file as UTF-8 text without a byte-order mark (a regular file of at most
/// [`MAX_FILE`] bytes, see [`read_regular`]).
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_regular(path, MAX_FILE).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Files that Terraform functions read (`filebase64sha256("lambda.zip")`) larger than
/// this are not read: what is computed from them stays unknown, which never produces
/// a finding, and the editor does not copy and hash them on every keystroke.
const MAX_DATA_FILE: u64 = 16 * 1024 * 1024;

/// The stack size of every thread that parses or evaluates (the CLI's main work, the
/// rayon and tokio workers): the readers' nesting budget (`[limits] nesting`, at most
/// 200 levels) is checked against this size, not against what the environment
/// (`RUST_MIN_STACK`, `ulimit -s`) gives threads.
pub const THREAD_STACK: usize = 16 * 1024 * 1024;

/// No file is read past this size: a file that is larger (or grows while it is read)
/// is reported, not read. The same ceiling as a message the language server accepts.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum NotRead {
    /// Its real path (this one) is outside the boundaries (see [`Workspace::boundaries`]).
    Outside(PathBuf),
    /// It is not a regular file: a FIFO, a device such as `/dev/zero`, a socket, a
    /// directory (named here). Reading one could block forever or never end.
    NotRegular(&'static str),
    /// It is larger than the limit (both in bytes).
    TooLarge { size: u64, limit: u64 },
    /// It could not be opened or read (a missing file is `ErrorKind::NotFound`).
    Io(std::io::Error),
}

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotRead::Outside(target) => {
                write!(f, "it leads to {}, outside the repository (or workspace folder)", target.display())
            }
            NotRead::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            NotRead::TooLarge { size, limit } => {
                let mib = |n: u64| n.div_ceil(1024 * 1024);
                write!(f, "it is larger than {} MiB ({} MiB)", limit / 1024 / 1024, mib(*size))
            }
            NotRead::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NotRead {}

/// What kind of file, for [`NotRead::NotRegular`].
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Reads a regular file of at most `limit` bytes, following symbolic links. Anything
/// else is refused before it is opened: opening a FIFO blocks until a writer comes,
/// and `/dev/zero` never ends. The type is checked again on the open file (it may have
/// been replaced in between), and no more than `limit` bytes are read even if the file
/// grows. Every read of the workspace goes through here: the walk of `vigil check`
/// and the language server's, `vigil.toml`, policies, the files Terraform reads.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, NotRead> {
    use std::io::Read as _;
    let check = |meta: std::fs::Metadata| -> Result<u64, NotRead> {
        if !meta.is_file() {
            return Err(NotRead::NotRegular(kind_of(meta.file_type())));
        }
        if meta.len() > limit {
            return Err(NotRead::TooLarge { size: meta.len(), limit });
        }
        Ok(meta.len())
    };
    check(std::fs::metadata(path).map_err(NotRead::Io)?)?;
    let file = std::fs::File::open(path).map_err(NotRead::Io)?;
    let size = check(file.metadata().map_err(NotRead::Io)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(NotRead::Io)?;
    if bytes.len() as u64 > limit {
        return Err(NotRead::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Reads a file of the workspace as [`Workspace`] reads it: only when its real path
/// is inside `boundaries` (see [`boundaries`]), and through [`read_regular`].
pub fn read_inside(path: &Path, boundaries: &[PathBuf], limit: u64) -> Result<Vec<u8>, NotRead> {
    if let Ok(target) = path.canonicalize() {
        if !inside(boundaries, &target) {
            return Err(NotRead::Outside(target));
        }
    }
    read_regular(path, limit)
}

/// How a file is read.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// Infrastructure code: UTF-8 text, else an error on the file.
    Code,
    /// A file Terraform functions read: text or bytes (see `SourceFile::from_bytes`).
    Data,
}

/// The files read so far, named relative to the root, kept inside the boundaries.
struct Reader<'a> {
    root: &'a Path,
    boundaries: &'a [PathBuf],
    config: &'a Config,
    seen: HashSet<String>,
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    /// Module directories already read (canonical), so that links cannot loop.
    module_dirs: HashSet<PathBuf>,
    /// The `.tf` files read, by directory name: indexes into `files`.
    tf_by_dir: std::collections::HashMap<String, Vec<usize>>,
}

impl Reader<'_> {
    /// Reads the file at an absolute `path` unless it was read already, is excluded,
    /// or is outside the boundaries (a note then).
    fn add(&mut self, path: &Path, how: Read) {
        let path = normalize(path);
        let rel = display_name(self.root, &path);
        if !self.seen.insert(rel.clone()) || self.config.is_excluded(&rel) {
            return;
        }
        let limit = match how {
            Read::Data => MAX_DATA_FILE,
            _ => (self.config.limits().file_mib as u64).saturating_mul(1024 * 1024),
        };
        let bytes = match read_inside(&path, self.boundaries, limit) {
            Ok(bytes) => bytes,
            Err(NotRead::Outside(target)) => {
                self.diagnostics.push(outside_note(&rel, &path, &target));
                return;
            }
            Err(NotRead::TooLarge { .. }) if how == Read::Data => {
                self.diagnostics.push(Diagnostic::info(
                    rel,
                    Default::default(),
                    "io",
                    format!(
                        "not read: larger than {} MiB; what Terraform functions compute from it is unknown",
                        MAX_DATA_FILE / 1024 / 1024
                    ),
                ));
                return;
            }
            Err(e) => {
                let message = match &e {
                    NotRead::TooLarge { .. } => {
                        format!("not read: {e} ({})", vigil_syntax::Limits::hint("file_mib"))
                    }
                    NotRead::NotRegular(_) => format!("not read: {e}"),
                    _ => format!("cannot read it: {e}"),
                };
                self.diagnostics.push(Diagnostic::error(rel, Default::default(), "io", message));
                return;
            }
        };
        // Code with a stray byte that is not UTF-8 (a Latin-1 `é` in a comment) is
        // read with U+FFFD in its place, so that the rest of the file is still
        // checked; the error says where, and `vigil fix` leaves the file alone.
        // Bytes with NUL in them are a binary file, not text.
        let bytes = match std::str::from_utf8(&bytes) {
            Err(e) if how == Read::Code && !bytes.contains(&0) => {
                // Offsets are into the text, which loses a leading BOM.
                let at = e.valid_up_to() - if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
                self.diagnostics.push(Diagnostic::error(
                    rel.clone(),
                    vigil_model::TextRange::from_usize(at, at + '\u{fffd}'.len_utf8()),
                    ENCODING_ERROR,
                    format!(
                        "not UTF-8: byte 0x{:02X} here (and any others like it) is read as U+FFFD; \
                         Terraform and the YAML readers reject such a file, and `vigil fix` does \
                         not edit it until it is UTF-8",
                        bytes.get(e.valid_up_to()).copied().unwrap_or_default()
                    ),
                ));
                String::from_utf8_lossy(&bytes).into_owned().into_bytes()
            }
            _ => bytes,
        };
        let file = SourceFile::from_bytes(rel.clone(), bytes);
        if how == Read::Code && file.is_binary() {
            self.diagnostics.push(Diagnostic::error(
                rel,
                Default::default(),
                "io",
                "not read: it is not UTF-8 text",
            ));
            return;
        }
        if file.path.ends_with(".tf") {
            let dir = vigil_model::parent_dir(&file.path).to_string();
            self.tf_by_dir.entry(dir).or_default().push(self.files.len());
        }
        self.files.push(file);
    }

    /// Reads Terraform module directories and the local modules they call
    /// (`source = "./..."` or `"../..."`), transitively, inside the boundaries: an
    /// example calling `../..` reads the module above the checked folder. A call
    /// whose directory is outside gets the model's note (its resources unread).
    fn add_modules(&mut self, dirs: impl IntoIterator<Item = PathBuf>) {
        let mut todo: Vec<PathBuf> = dirs.into_iter().collect();
        while let Some(dir) = todo.pop() {
            let dir = normalize(&dir);
            let Ok(canonical) = dir.canonicalize() else { continue };
            if !inside(self.boundaries, &canonical)
                || self.module_dirs.len() > 4096
                || !self.module_dirs.insert(canonical)
            {
                continue;
            }
            for file in terraform_files(&dir) {
                self.add(&file, Read::Code);
            }
            let name = display_name(self.root, &dir);
            for &i in self.tf_by_dir.get(&name).into_iter().flatten() {
                let sources = vigil_model::terraform::local_module_sources(&self.files[i].text);
                todo.extend(sources.iter().map(|s| dir.join(s)));
            }
        }
    }

    /// `.terraform/modules/modules.json` of a root module and the `.tf` files of the
    /// modules it lists (what `terraform init` downloaded), inside the boundaries.
    fn add_terraform_init(&mut self, dir: &Path) {
        let manifest = dir.join(vigil_model::terraform::MANIFEST);
        let Some(text) = read_inside(&manifest, self.boundaries, MAX_FILE)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            return;
        };
        self.add(&manifest, Read::Code);
        for module_dir in vigil_model::terraform::manifest_dirs("", &text).values() {
            let module_dir = normalize(&dir.join(module_dir));
            if module_dir.canonicalize().is_ok_and(|c| inside(self.boundaries, &c)) {
                for file in terraform_files(&module_dir)
                    .into_iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "tf"))
                {
                    self.add(&file, Read::Code);
                }
            }
        }
    }
}

/// The note on a file that is not read because it leads outside the boundaries.
fn outside_note(rel: &str, path: &Path, target: &Path) -> Diagnostic {
    let what = match std::fs::read_link(path) {
        Ok(link) => format!("it is a symbolic link to {}, which is", link.display()),
        Err(_) => format!("it is at {},", target.display()),
    };
    Diagnostic::info(
        rel.to_string(),
        Default::default(),
        "outside-workspace",
        format!("not read: {what} outside the repository (or workspace folder); Vigil reads and fixes only files inside it"),
    )
}

/// The directories whose files may be read when `paths` are checked with paths named
/// relative to `root` (see [`Workspace::boundaries`]), as canonical paths.
pub fn boundaries(paths: &[PathBuf], root: &Path) -> Vec<PathBuf> {
    let mut boundaries: Vec<PathBuf> = paths.iter().map(|p| boundary_of(p)).collect();
    // The root (the working directory, or vigil.toml's) bounds what is read only when
    // a checked path is in no repository: a repository is the boundary itself, and a
    // working directory above it (`vigil check repo` from the parent) must not let
    // its links reach files beside it.
    if paths.iter().any(|p| repository_of(p).is_none()) {
        boundaries.push(root.canonicalize().unwrap_or(root.to_path_buf()));
    }
    boundaries.sort();
    boundaries.dedup();
    boundaries
}

/// Reads the files under `paths`. The root (what paths in reports are relative to)
/// is `root` when given, else the directory of the `vigil.toml` found from the first
/// path upwards, else the current directory.
pub fn load(paths: &[PathBuf], config_path: Option<&Path>, root: Option<&Path>) -> Result<Workspace> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![normalize(&cwd)]
    } else {
        paths.iter().map(|p| normalize(&cwd.join(p))).collect()
    };
    for p in &paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    let first = &paths[0];
    let first_dir = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or(cwd.clone())
    };
    let config_file = match config_path {
        Some(p) => Some(normalize(&cwd.join(p))),
        None => find_config(&first_dir),
    };
    let root = match (&config_file, root) {
        (_, Some(root)) => cwd.join(root),
        (Some(c), None) if config_path.is_none() => c.parent().map(Path::to_path_buf).unwrap_or(cwd.clone()),
        _ => cwd.clone(),
    };
    // Lexical, like the paths under it: a root reached through a symbolic link keeps
    // the link's path.
    let root = normalize(&root);
    let boundaries = boundaries(&paths, &root);
    let mut diagnostics = Vec::new();
    let mut extra_texts = Vec::new();
    let (config, config_text) = match &config_file {
        Some(path) => {
            let text = read_text(path)?;
            let rel = display_name(&root, path);
            let (config, diags) = Config::parse(&rel, &text);
            diagnostics.extend(diags);
            extra_texts.push(SourceFile::new(rel, text.clone()));
            (config, text)
        }
        None => (Config::default(), String::new()),
    };

    let mut reader = Reader {
        root: &root,
        boundaries: &boundaries,
        config: &config,
        seen: HashSet::new(),
        files: Vec::new(),
        diagnostics: Vec::new(),
        module_dirs: HashSet::new(),
        tf_by_dir: Default::default(),
    };
    let mut only: Option<HashSet<String>> = None;
    let mut module_dirs = std::collections::BTreeSet::new();
    for p in &paths {
        if p.is_file() {
            only.get_or_insert_with(HashSet::new).insert(display_name(&root, p));
            reader.add(p, Read::Code);
            // A Terraform file is read with its whole module (variables, tfvars, locals),
            // the local modules it calls, and what `terraform init` downloaded.
            if p.extension().is_some_and(|e| e == "tf" || e == "tfvars") {
                if let Some(dir) = p.parent() {
                    module_dirs.insert(dir.to_path_buf());
                }
            }
            continue;
        }
        if only.is_some() {
            // A directory given after files: report everything in it too.
            only = None;
        }
        // Symbolic links are followed (a linked directory is walked, a linked file
        // keeps the link's path); the walk stops at a link back to a directory it is
        // in, and does not enter a link that leads outside the boundaries.
        let outside: Arc<Mutex<Vec<(PathBuf, PathBuf)>>> = Arc::default();
        let (bounds, found) = (boundaries.clone(), outside.clone());
        let walker = ignore::WalkBuilder::new(p)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .follow_links(true)
            .filter_entry(move |entry| {
                if !entry.path_is_symlink() {
                    return true;
                }
                let Ok(target) = entry.path().canonicalize() else { return true };
                if inside(&bounds, &target) {
                    return true;
                }
                let relevant = target.is_dir() || has_iac_extension(entry.path());
                if relevant {
                    found
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((entry.path().to_path_buf(), target));
                }
                false
            })
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            if !path.is_file() || path.components().any(|c| c.as_os_str() == ".terraform") {
                continue;
            }
            if has_iac_extension(path) {
                if path.extension().is_some_and(|e| e == "tf") {
                    if let Some(dir) = path.parent() {
                        module_dirs.insert(dir.to_path_buf());
                    }
                }
                reader.add(path, Read::Code);
            }
        }
        let outside = std::mem::take(&mut *outside.lock().unwrap_or_else(|e| e.into_inner()));
        for (link, target) in outside {
            let link = normalize(&link);
            let rel = display_name(&root, &link);
            if reader.seen.insert(rel.clone()) {
                reader.diagnostics.push(outside_note(&rel, &link, &target));
            }
        }
    }
    // `.terraform` is skipped by the walk (and usually gitignored), but the modules
    // `terraform init` downloaded are what the code calls.
    for dir in &module_dirs {
        reader.add_terraform_init(dir);
    }
    reader.add_modules(module_dirs);
    // Files the Terraform code reads with `file()` and the like (templates, scripts,
    // policies, zips), whatever their extension.
    let referenced: Vec<PathBuf> = reader
        .files
        .iter()
        .filter(|f| f.path.ends_with(".tf"))
        .flat_map(|f| {
            let dir = vigil_model::parent_dir(&f.path);
            vigil_model::terraform::file_references(dir, dir, &f.text)
        })
        .map(|rel| resolve(&root, &rel))
        .collect();
    for path in referenced {
        if path.is_file() {
            reader.add(&path, Read::Data);
        }
    }
    let mut files = reader.files;
    diagnostics.extend(reader.diagnostics);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Workspace { root, config, config_text, files, only, diagnostics, extra_texts, boundaries })
}

/// Whether a walk reads this file as infrastructure code (by its extension).
pub fn has_iac_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| IAC_EXTENSIONS.contains(&e))
}

/// The `.tf` files, `terraform.tfvars` and `*.auto.tfvars` of a directory.
fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            p.is_file()
                && (name.ends_with(".tf") || name == "terraform.tfvars" || name.ends_with(".auto.tfvars"))
        })
        .collect();
    out.sort();
    out
}

/// All `.rego` files under a directory (tests included), as policy sources. A file
/// that cannot be read (not UTF-8 text, a FIFO, a link to a device, too large) is an
/// `io` error in `unread` and the others are read: one bad file never takes every
/// policy away. A directory that does not exist is an error.
pub fn rego_sources(
    root: &Path,
    dir: &Path,
    pack_default: &str,
    unread: &mut Vec<Diagnostic>,
) -> Result<Vec<PolicySource>> {
    let mut out = Vec::new();
    let mut read = |path: &Path, rel: String| match read_text(path) {
        Ok(text) => Some(text),
        Err(e) => {
            unread.push(Diagnostic::error(rel, Default::default(), "io", format!("policy not read: {e:#}")));
            None
        }
    };
    if dir.is_file() {
        let rel = relative(root, &dir.canonicalize().unwrap_or(dir.to_path_buf()));
        if let Some(text) = read(dir, rel.clone()) {
            out.push(PolicySource { path: rel, text, pack: pack_default.to_string() });
        }
        return Ok(out);
    }
    if !dir.is_dir() {
        anyhow::bail!("policy directory {} does not exist", dir.display());
    }
    let walker = ignore::WalkBuilder::new(dir).hidden(true).git_ignore(true).require_git(false).build();
    for entry in walker.flatten() {
        let path = entry.path();
        let rego = path.extension().is_some_and(|e| e == "rego");
        // A `.rego` that is not a regular file (a FIFO, a link to a device) is
        // reported by `read`, not skipped as if it were not there.
        if rego && !path.is_dir() {
            let canonical = path.canonicalize().unwrap_or(path.to_path_buf());
            // The pack is the first folder under the policy directory.
            let under = path.strip_prefix(dir).unwrap_or(path);
            let pack = match under.components().count() {
                0 | 1 => pack_default.to_string(),
                _ => under
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .unwrap_or_default(),
            };
            // Reported under its own name (a link's target may be anything).
            if let Some(text) = read(path, relative(root, path)) {
                out.push(PolicySource { path: relative(root, &canonical), text, pack });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Built-in packs (unless disabled) plus policy directories; a module on disk
/// replaces a built-in one with the same package (for developing the packs). Policy
/// files that could not be read are errors in `unread` (see [`rego_sources`]).
pub fn policy_sources(
    ws: &Workspace,
    extra_dirs: &[PathBuf],
    builtin: bool,
    unread: &mut Vec<Diagnostic>,
) -> Result<Vec<PolicySource>> {
    let cwd = std::env::current_dir()?;
    let mut user = Vec::new();
    let base = ws.root.join(ws.config.base_dir());
    for dir in &ws.config.raw.policies.dirs {
        let path = base.join(dir);
        let name =
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "custom".into());
        user.extend(rego_sources(&ws.root, &path, &name, unread)?);
    }
    for dir in extra_dirs {
        let path = cwd.join(dir);
        let name =
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "custom".into());
        user.extend(rego_sources(&ws.root, &path, &name, unread)?);
    }
    if !builtin || !ws.config.raw.policies.builtin {
        return Ok(user);
    }
    let packages: HashSet<String> = user.iter().filter_map(|s| package_name(&s.text)).collect();
    let mut sources: Vec<PolicySource> = builtin::sources()
        .into_iter()
        .filter(|s| package_name(&s.text).is_none_or(|p| !packages.contains(&p)))
        .filter(|s| !builtin_id(&s.text).is_some_and(|id| ws.config.disabled_everywhere(id, &s.pack)))
        .collect();
    sources.extend(user);
    Ok(sources)
}

/// The framework files of a run, as (path, text): the built-in ones (unless built-in
/// policies are off), then every `frameworks/*.yaml` (or `.yml`) under the policy
/// directories of `vigil.toml` and of `extra_dirs`, in that order, so that a team's
/// file with a built-in framework's id replaces it. Files that could not be read are
/// errors in `unread`.
pub fn framework_files(
    ws: &Workspace,
    extra_dirs: &[PathBuf],
    builtin: bool,
    unread: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut out =
        if builtin && ws.config.raw.policies.builtin { builtin::framework_files() } else { Vec::new() };
    let base = ws.root.join(ws.config.base_dir());
    let cwd = std::env::current_dir().unwrap_or_default();
    let dirs = ws
        .config
        .raw
        .policies
        .dirs
        .iter()
        .map(|d| base.join(d))
        .chain(extra_dirs.iter().map(|d| cwd.join(d)));
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(&dir).hidden(true).git_ignore(true).require_git(false).build();
        for entry in walker.flatten() {
            let path = entry.path();
            let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            let in_frameworks = path.parent().and_then(|p| p.file_name()).is_some_and(|n| n == "frameworks");
            if yaml && in_frameworks && !path.is_dir() {
                let rel = relative(&ws.root, path);
                match read_text(path) {
                    Ok(text) => found.push((rel, text)),
                    Err(e) => unread.push(Diagnostic::error(
                        rel,
                        Default::default(),
                        "io",
                        format!("framework file not read: {e:#}"),
                    )),
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    out
}

/// The ids of the built-in policies `vigil.toml` disables everywhere, which
/// [`policy_sources`] does not load (a disabled pack costs nothing): they are still
/// policies `vigil.toml` may name.
pub fn disabled_builtin_ids(ws: &Workspace) -> Vec<String> {
    builtin::texts()
        .filter_map(|(pack, text)| builtin_id(text).filter(|id| ws.config.disabled_everywhere(id, pack)))
        .map(str::to_string)
        .collect()
}

/// The METADATA `id:` of a built-in policy (their METADATA is ours: one `#   id: X` line).
fn builtin_id(text: &str) -> Option<&str> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .find_map(|l| l.trim_start_matches('#').trim().strip_prefix("id:"))
        .map(|id| id.trim().trim_matches('"'))
}

fn package_name(text: &str) -> Option<String> {
    text.lines().find_map(|l| l.trim().strip_prefix("package ").map(|p| p.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_to_the_root_with_dots_above_it() {
        let root = Path::new("/repo/examples/complete");
        assert_eq!(display_name(root, Path::new("/repo/examples/complete/main.tf")), "main.tf");
        assert_eq!(display_name(root, Path::new("/repo/main.tf")), "../../main.tf");
        assert_eq!(display_name(root, Path::new("/repo/modules/x/a.tf")), "../../modules/x/a.tf");
        assert_eq!(display_name(root, Path::new("/elsewhere/a.tf")), "/elsewhere/a.tf");
        assert_eq!(
            normalize(Path::new("/repo/examples/complete/./../../main.tf")),
            Path::new("/repo/main.tf")
        );
        assert_eq!(normalize(Path::new("/../a")), Path::new("/a"));
        assert_eq!(resolve(root, "../../main.tf"), Path::new("/repo/main.tf"));
    }

    /// Only regular files are read, and never past the limit: a FIFO would block the
    /// reader until a writer comes, `/dev/zero` never ends. Each read runs on a
    /// thread of its own so that a regression fails here instead of hanging.
    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_never_past_the_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().canonicalize().unwrap();
        let fifo = dir.join("pipe.tf");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let zero = dir.join("zero.tf");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let file = dir.join("main.tf");
        std::fs::write(&file, "x".repeat(100)).unwrap();
        let read = |path: &Path, limit: u64, inside: Option<Vec<PathBuf>>| {
            let (tx, rx) = std::sync::mpsc::channel();
            let path = path.to_path_buf();
            std::thread::spawn(move || {
                let result = match inside {
                    Some(boundaries) => read_inside(&path, &boundaries, limit),
                    None => read_regular(&path, limit),
                };
                let _ = tx.send(result.map_err(|e| e.to_string()));
            });
            rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the read did not return")
        };
        assert_eq!(read(&fifo, MAX_FILE, None), Err("it is a FIFO (named pipe), not a regular file".into()));
        assert_eq!(read(&zero, MAX_FILE, None), Err("it is a device, not a regular file".into()));
        assert_eq!(read(&dir, MAX_FILE, None), Err("it is a directory, not a regular file".into()));
        assert_eq!(read(&file, 100, None).map(|b| b.len()), Ok(100));
        assert!(read(&file, 99, None).is_err_and(|e| e.starts_with("it is larger than")));
        // Inside a workspace, the link leads out of it before it is a device.
        let boundaries = boundaries(std::slice::from_ref(&dir), &dir);
        assert_eq!(
            read(&zero, MAX_FILE, Some(boundaries.clone())),
            Err("it leads to /dev/zero, outside the repository (or workspace folder)".into())
        );
        assert!(read(&fifo, MAX_FILE, Some(boundaries)).is_err());
        // The walk of `vigil check` reads the file, notes the link, and passes over
        // the FIFO.
        let ws = load(std::slice::from_ref(&dir), None, Some(&dir)).unwrap();
        let names: Vec<&str> = ws.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["main.tf"]);
        let notes: Vec<(&str, &str)> =
            ws.diagnostics.iter().map(|d| (d.file.as_str(), d.code.as_str())).collect();
        assert_eq!(notes, [("zero.tf", "outside-workspace")]);
    }

    /// `vigil fix` writes through `writable_path`: a link inside resolves to its
    /// target, a link leading outside the repository is refused.
    #[cfg(unix)]
    #[test]
    fn writable_paths_stay_inside_the_boundaries() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("shared")).unwrap();
        std::fs::write(repo.join("shared/a.tf"), "").unwrap();
        std::fs::write(tmp.path().join("outside.tf"), "").unwrap();
        std::os::unix::fs::symlink("shared/a.tf", repo.join("a.tf")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("outside.tf"), repo.join("out.tf")).unwrap();
        let ws = load(std::slice::from_ref(&repo), None, Some(&repo)).unwrap();
        let names: Vec<&str> = ws.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["a.tf", "shared/a.tf"]);
        assert_eq!(ws.diagnostics.len(), 1, "{:?}", ws.diagnostics);
        let canonical = repo.canonicalize().unwrap();
        assert_eq!(ws.writable_path("a.tf").unwrap(), canonical.join("shared/a.tf"));
        assert!(ws.writable_path("out.tf").is_err());
        assert!(ws.writable_path("../outside.tf").is_err());
    }
}
