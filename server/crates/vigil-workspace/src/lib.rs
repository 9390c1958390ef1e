//! Reading a workspace from disk: `vigil.toml` discovery, the files to check (walks
//! honouring `.gitignore`), policy sources (directories and the built-in packs
//! embedded at build time). Shared by the CLI and the language server; the core
//! crates never touch the disk.

pub mod builtin;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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

pub struct Workspace {
    /// Paths of files are relative to this directory.
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
}

impl Workspace {
    /// A workspace rooted at `root` with no files read yet (the language server
    /// keeps its own files).
    pub fn empty(root: PathBuf, config: Config) -> Self {
        Workspace {
            root,
            config,
            config_text: String::new(),
            files: vec![],
            only: None,
            diagnostics: vec![],
            extra_texts: vec![],
        }
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

/// Reads a file as UTF-8 text without a byte-order mark.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Reads the files under `paths`. The root (what paths in reports are relative to)
/// is `root` when given, else the directory of the `vigil.toml` found from the first
/// path upwards, else the current directory.
pub fn load(paths: &[PathBuf], config_path: Option<&Path>, root: Option<&Path>) -> Result<Workspace> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let paths: Vec<PathBuf> =
        if paths.is_empty() { vec![cwd.clone()] } else { paths.iter().map(|p| cwd.join(p)).collect() };
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
        Some(p) => Some(cwd.join(p)),
        None => find_config(&first_dir),
    };
    let root = match (&config_file, root) {
        (_, Some(root)) => root.to_path_buf(),
        (Some(c), None) if config_path.is_none() => c.parent().map(Path::to_path_buf).unwrap_or(cwd.clone()),
        _ => cwd.clone(),
    };
    let root = root.canonicalize().unwrap_or(root);
    let mut diagnostics = Vec::new();
    let mut extra_texts = Vec::new();
    let (config, config_text) = match &config_file {
        Some(path) => {
            let text = read_text(path)?;
            let rel = relative(&root, &path.canonicalize().unwrap_or(path.clone()));
            let (config, diags) = Config::parse(&rel, &text);
            diagnostics.extend(diags);
            extra_texts.push(SourceFile::new(rel, text.clone()));
            (config, text)
        }
        None => (Config::default(), String::new()),
    };

    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut only: Option<HashSet<String>> = None;
    let mut add = |path: &Path, files: &mut Vec<SourceFile>, diagnostics: &mut Vec<Diagnostic>| {
        let path = path.canonicalize().unwrap_or(path.to_path_buf());
        let rel = relative(&root, &path);
        if !seen.insert(rel.clone()) || config.is_excluded(&rel) {
            return;
        }
        match read_text(&path) {
            Ok(text) => files.push(SourceFile::new(rel, text)),
            Err(e) => diagnostics.push(Diagnostic::error(rel, Default::default(), "io", format!("{e:#}"))),
        }
    };
    for p in &paths {
        if p.is_file() {
            let canonical = p.canonicalize().unwrap_or(p.clone());
            only.get_or_insert_with(HashSet::new).insert(relative(&root, &canonical));
            add(p, &mut files, &mut diagnostics);
            // A Terraform file is read with its whole module (variables, tfvars, locals),
            // the local modules it calls, and what `terraform init` downloaded.
            if p.extension().is_some_and(|e| e == "tf" || e == "tfvars") {
                if let Some(dir) = p.parent() {
                    for file in module_closure(dir).into_iter().chain(terraform_init_files(dir)) {
                        add(&file, &mut files, &mut diagnostics);
                    }
                }
            }
            continue;
        }
        if only.is_some() {
            // A directory given after files: report everything in it too.
            only = None;
        }
        let walker = ignore::WalkBuilder::new(p).hidden(true).git_ignore(true).require_git(false).build();
        let mut module_dirs = std::collections::BTreeSet::new();
        for entry in walker.flatten() {
            let path = entry.path();
            if !path.is_file() || path.components().any(|c| c.as_os_str() == ".terraform") {
                continue;
            }
            if path.extension().and_then(|e| e.to_str()).is_some_and(|e| IAC_EXTENSIONS.contains(&e)) {
                if path.extension().is_some_and(|e| e == "tf") {
                    if let Some(dir) = path.parent() {
                        module_dirs.insert(dir.to_path_buf());
                    }
                }
                add(path, &mut files, &mut diagnostics);
            }
        }
        // `.terraform` is skipped by the walk (and usually gitignored), but the modules
        // `terraform init` downloaded are what the code calls.
        for dir in module_dirs {
            for file in terraform_init_files(&dir) {
                add(&file, &mut files, &mut diagnostics);
            }
        }
    }
    // Files the Terraform code reads with `file()` and the like (templates, scripts,
    // policies), whatever their extension.
    let referenced: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".tf"))
        .flat_map(|f| {
            let dir = vigil_model::parent_dir(&f.path);
            vigil_model::terraform::file_references(dir, dir, &f.text)
        })
        .collect();
    for rel in referenced {
        let path = root.join(&rel);
        if path.is_file() && path.starts_with(&root) {
            add(&path, &mut files, &mut diagnostics);
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Workspace { root, config, config_text, files, only, diagnostics, extra_texts })
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

/// The Terraform files of a module directory and of the local modules it calls,
/// transitively.
fn module_closure(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let d = d.canonicalize().unwrap_or(d);
        if !seen.insert(d.clone()) || seen.len() > 64 {
            continue;
        }
        for file in terraform_files(&d) {
            if file.extension().is_some_and(|e| e == "tf") {
                if let Ok(text) = std::fs::read_to_string(&file) {
                    todo.extend(
                        vigil_model::terraform::local_module_sources(&text).iter().map(|s| d.join(s)),
                    );
                }
            }
            out.push(file);
        }
    }
    out
}

/// `.terraform/modules/modules.json` of a root module and the `.tf` files of the
/// modules it lists (what `terraform init` downloaded).
fn terraform_init_files(dir: &Path) -> Vec<PathBuf> {
    let manifest = dir.join(vigil_model::terraform::MANIFEST);
    let Ok(text) = std::fs::read_to_string(&manifest) else { return vec![] };
    let mut out = vec![manifest];
    for module_dir in vigil_model::terraform::manifest_dirs("", &text).values() {
        out.extend(
            terraform_files(&dir.join(module_dir))
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "tf")),
        );
    }
    out
}

/// All `.rego` files under a directory (tests included), as policy sources.
pub fn rego_sources(root: &Path, dir: &Path, pack_default: &str) -> Result<Vec<PolicySource>> {
    let mut out = Vec::new();
    if dir.is_file() {
        let rel = relative(root, &dir.canonicalize().unwrap_or(dir.to_path_buf()));
        out.push(PolicySource { path: rel, text: read_text(dir)?, pack: pack_default.to_string() });
        return Ok(out);
    }
    if !dir.is_dir() {
        anyhow::bail!("policy directory {} does not exist", dir.display());
    }
    let walker = ignore::WalkBuilder::new(dir).hidden(true).git_ignore(true).require_git(false).build();
    for entry in walker.flatten() {
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rego") {
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
            out.push(PolicySource { path: relative(root, &canonical), text: read_text(path)?, pack });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Built-in packs (unless disabled) plus policy directories; a module on disk
/// replaces a built-in one with the same package (for developing the packs).
pub fn policy_sources(ws: &Workspace, extra_dirs: &[PathBuf], builtin: bool) -> Result<Vec<PolicySource>> {
    let cwd = std::env::current_dir()?;
    let mut user = Vec::new();
    let base = ws.root.join(ws.config.base_dir());
    for dir in &ws.config.raw.policies.dirs {
        let path = base.join(dir);
        let name =
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "custom".into());
        user.extend(rego_sources(&ws.root, &path, &name)?);
    }
    for dir in extra_dirs {
        let path = cwd.join(dir);
        let name =
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "custom".into());
        user.extend(rego_sources(&ws.root, &path, &name)?);
    }
    if !builtin || !ws.config.raw.policies.builtin {
        return Ok(user);
    }
    let packages: HashSet<String> = user.iter().filter_map(|s| package_name(&s.text)).collect();
    let mut sources: Vec<PolicySource> = builtin::sources()
        .into_iter()
        .filter(|s| package_name(&s.text).is_none_or(|p| !packages.contains(&p)))
        .collect();
    sources.extend(user);
    Ok(sources)
}

fn package_name(text: &str) -> Option<String> {
    text.lines().find_map(|l| l.trim().strip_prefix("package ").map(|p| p.trim().to_string()))
}
