//! The preview cache (`load_stack_with`): a root module read again after an edit,
//! reusing the blocks the edit did not change, must equal a fresh read of the edited
//! files, resource for resource, origin for origin, diagnostic for diagnostic.
#![allow(clippy::unwrap_used)] // tests fail loudly

use std::path::{Path, PathBuf};

use vigil_model::terraform::PreviewCache;
use vigil_model::{load_stack, load_stack_with, plan_stacks, Diagnostic, SourceFile, Stack, StackInput};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn files_under(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(root, &path, out);
        } else {
            let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(SourceFile::from_bytes(name, std::fs::read(&path).unwrap()));
        }
    }
}

/// Whether `input` is a Terraform stack, holding the file `only` when given.
fn selected(input: &StackInput<'_>, only: Option<&str>) -> bool {
    match input {
        StackInput::Terraform { files, .. } => only.is_none_or(|path| files.iter().any(|f| f.path == path)),
        _ => false,
    }
}

/// The Terraform stacks of `files` (those holding `only` when given), each read with
/// the cache, rotated as the server does.
fn read(
    files: &[SourceFile],
    only: Option<&str>,
    caches: &mut Vec<(String, PreviewCache)>,
) -> Vec<(Stack, Vec<Diagnostic>)> {
    let (inputs, _) = plan_stacks(files);
    let mut out = Vec::new();
    for input in inputs.iter().filter(|i| selected(i, only)) {
        let key = input.key();
        let at = match caches.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                caches.push((key, PreviewCache::default()));
                caches.len() - 1
            }
        };
        let cache = &mut caches[at].1;
        let (stack, diagnostics) = load_stack_with(input, &Default::default(), Some(cache));
        cache.rotate();
        out.push((stack, normalized(diagnostics)));
    }
    out
}

fn fresh(files: &[SourceFile], only: Option<&str>) -> Vec<(Stack, Vec<Diagnostic>)> {
    let (inputs, _) = plan_stacks(files);
    inputs
        .iter()
        .filter(|i| selected(i, only))
        .map(|input| {
            let (stack, diagnostics) = load_stack(input);
            (stack, normalized(diagnostics))
        })
        .collect()
}

/// Diagnostics as their consumers see them: sorted, each once.
fn normalized(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort();
    diagnostics.dedup();
    diagnostics
}

fn assert_same(cached: &[(Stack, Vec<Diagnostic>)], fresh: &[(Stack, Vec<Diagnostic>)], what: &str) {
    assert_eq!(cached.len(), fresh.len(), "{what}: number of stacks");
    for ((cs, cd), (fs, fd)) in cached.iter().zip(fresh) {
        assert_eq!(cs.id, fs.id, "{what}");
        assert_eq!(cs.resources.len(), fs.resources.len(), "{what}: resources of {}", fs.id);
        for (c, f) in cs.resources.iter().zip(&fs.resources) {
            assert_eq!(c, f, "{what}: {} differs from a fresh read", f.address);
        }
        assert_eq!(cs.origins, fs.origins, "{what}: origins of {}", fs.id);
        assert_eq!(cd, fd, "{what}: diagnostics of {}", fs.id);
    }
}

/// Edits of one file: byte offset, bytes removed, text inserted. A line break before
/// each top-level block (moving what follows), a character typed into the first
/// string of lines spread over the file, and lines deleted (syntax errors included).
fn edits(text: &str, per_file: usize) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let step = (lines.len() / 12).max(1);
    for (i, line) in lines.iter().enumerate() {
        let top_level = !line.starts_with(' ') && !line.starts_with('}') && !line.trim().is_empty();
        if top_level && i % 2 == 0 {
            out.push((offset, 0, "\n"));
        }
        if i % step == 0 {
            if let Some(q) = line.find('"') {
                out.push((offset + q + 1, 0, "z"));
            }
        }
        if i % (step * 3) == 1 {
            out.push((offset, line.len(), ""));
        }
        offset += line.len();
    }
    // At most `per_file`, spread over the file: the tests stay cheap in debug builds.
    let keep = out.len().div_ceil(per_file).max(1);
    out.into_iter().skip(keep / 2).step_by(keep).collect()
}

/// Every Terraform root module under `top`, each of its `.tf` files edited in up to
/// `per_file` places: after each edit the cached read equals a fresh one, and so
/// does reading the original again (entries the edit did not use come back).
/// Returns the number of edits checked and the cache's hits and misses.
fn edit_everywhere(top: &str, per_file: usize) -> (usize, usize, usize) {
    let root = repo_root();
    let mut checked = 0;
    let mut files = Vec::new();
    files_under(&root, &root.join(top), &mut files);
    let mut caches = Vec::new();
    assert_same(&read(&files, None, &mut caches), &fresh(&files, None), top);
    for index in 0..files.len() {
        let path = files[index].path.clone();
        if !path.ends_with(".tf") {
            continue;
        }
        let only = Some(path.as_str());
        let original = fresh(&files, only);
        for (at, removed, inserted) in edits(&files[index].text.clone(), per_file) {
            let mut edited = files.clone();
            let text = &mut edited[index].text;
            text.replace_range(at..at + removed, inserted);
            let what = format!("{path} edited at byte {at} ({removed} removed, {inserted:?})");
            assert_same(&read(&edited, only, &mut caches), &fresh(&edited, only), &what);
            assert_same(&read(&files, only, &mut caches), &original, &format!("{what}, then undone"));
            checked += 1;
        }
    }
    let hits = caches.iter().map(|(_, c)| c.hits).sum();
    let misses = caches.iter().map(|(_, c)| c.misses).sum();
    (checked, hits, misses)
}

// The cache is used in each; most edits here move or change what every block may
// read, so most blocks are previewed again (`unchanged_blocks_are_reused_where_they_now_are`
// checks what is reused). Three tests so that they run side by side.

#[test]
fn cached_reads_equal_fresh_reads_after_edits_of_the_example() {
    let (checked, hits, misses) = edit_everywhere("testdata/example", 3);
    assert!(checked > 8 && hits > 10 && misses > 0, "{checked} edits, {hits} hits, {misses} misses");
}

#[test]
fn cached_reads_equal_fresh_reads_after_edits_of_the_preview_cases() {
    let (checked, hits, misses) = edit_everywhere("testdata/preview", 3);
    assert!(checked > 12 && hits > 5 && misses > 0, "{checked} edits, {hits} hits, {misses} misses");
}

#[test]
fn cached_reads_equal_fresh_reads_after_edits_of_public_modules() {
    // Their resources are mostly in called modules, whose blocks are not kept (only
    // a root module's are): here the cache is checked for correctness, not use.
    let (checked, hits, misses) = edit_everywhere("testdata/realworld", 1);
    assert!(checked > 50 && misses > 0, "{checked} edits, {hits} hits, {misses} misses");
}

fn main_tf(text: &str) -> Vec<SourceFile> {
    vec![
        SourceFile::new("main.tf", text),
        SourceFile::new(
            "variables.tf",
            "variable \"env\" {\n  default = \"prod\"\n}\n\nlocals {\n  acl = \"private\"\n}\n",
        ),
    ]
}

const MAIN: &str = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a-${var.env}\"\n  acl    = local.acl\n}\n\n\
                    resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-${var.env}\"\n  acl    = local.acl\n}\n";

/// A block that did not change is reused, moved to its new place; one that reads a
/// local whose definition changed is not.
#[test]
fn unchanged_blocks_are_reused_where_they_now_are() {
    let mut caches = Vec::new();
    read(&main_tf(MAIN), None, &mut caches);
    // A character typed into the first bucket's name: the second is reused, one
    // byte further.
    let edited = main_tf(&MAIN.replacen("\"a-", "\"ax-", 1));
    let cached = read(&edited, None, &mut caches);
    assert_eq!((caches[0].1.hits, caches[0].1.misses), (1, 3));
    assert_same(&cached, &fresh(&edited, None), "typed into a");
    let b = &cached[0].0.resources[1];
    assert_eq!(b.header.start as usize, MAIN.find("resource \"aws_s3_bucket\" \"b\"").unwrap() + 1);
    assert_eq!(&edited[0].text[b.source_map["/bucket"].value.as_usize()], "\"b-${var.env}\"");

    // The local both read changes in another file: neither is reused.
    let mut changed = main_tf(&MAIN.replacen("\"a-", "\"ax-", 1));
    changed[1].text = changed[1].text.replace("\"private\"", "\"public-read\"");
    let before = caches[0].1.hits;
    let cached = read(&changed, None, &mut caches);
    assert_eq!(caches[0].1.hits, before);
    assert_same(&cached, &fresh(&changed, None), "local changed");
    assert_eq!(cached[0].0.resources[1].values["acl"], "public-read");
}

/// Under a preview budget that runs out (`[limits] preview_steps`), a reused block
/// counts the steps it took when it was read: the budget runs out where it does
/// without the cache, and the blocks read past it (unknown) are not kept.
#[test]
fn reused_blocks_spend_the_preview_budget_as_a_fresh_read_does() {
    let text = "resource \"x_y\" \"h\" {\n  count = 3\n  v     = length([for i in range(1000) : \"h${i}\"])\n}\n\n\
                resource \"x_y\" \"m\" {\n  count = 10\n  v     = length([for i in range(1000) : \"m${i}\"])\n}\n";
    let limits = vigil_model::Limits { preview_steps: 40_000, ..Default::default() };
    let read_with = |text: &str, cache: Option<&mut PreviewCache>| {
        let files = [SourceFile::new("main.tf", text)];
        let (inputs, _) = plan_stacks(&files);
        assert_eq!(inputs.len(), 1);
        let (stack, diagnostics) = load_stack_with(&inputs[0], &limits, cache);
        (stack, normalized(diagnostics))
    };
    let known = |stack: &Stack| stack.resources.iter().filter(|r| r.unknown.is_empty()).count();
    let mut cache = PreviewCache::default();
    let first = read_with(text, Some(&mut cache));
    cache.rotate();
    // The budget runs out in `m`: `h`'s 3 instances and a few of `m`'s are known.
    assert!((4..13).contains(&known(&first.0)), "{} known", known(&first.0));
    assert_eq!(first.1.iter().filter(|d| d.code == "preview-budget").count(), 1, "{:?}", first.1);

    // `m` edited: `h` is reused, and `m` runs out of budget where it did.
    let edited = text.replace("\"m${i}\"", "\"n${i}\"");
    let cached = read_with(&edited, Some(&mut cache));
    assert_eq!((cache.hits, cache.misses), (1, 3), "h reused, m read twice");
    assert_same(&[cached], &[read_with(&edited, None)], "m edited under a budget");
}
