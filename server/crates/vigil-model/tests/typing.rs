//! Half-typed input, as the editor sees it on every keystroke (issue 11 item 3):
//! every `resource`/`data` block of every built-in Terraform fixture is typed again
//! character by character, and at each step the blocks before and after the cursor
//! must still be read, with the same values, and every syntax error must lie in the
//! text typed so far (not on a block after it).
//!
//! Findings follow from the previewed resources, so comparing resources is what
//! "keep their findings" needs, at a fraction of the cost of evaluating policies on
//! every keystroke. Keystrokes inside a word or a run of spaces are skipped (each
//! reads as the one before it); the fixtures are shared between two threads.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use vigil_model::{load_workspace, DiagnosticSeverity, SourceFile};

fn fixtures(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "tf")
            && path.components().any(|c| c.as_os_str() == "fixtures")
        {
            out.push(path);
        }
    }
}

/// The fixture text without its `^^^ ID` annotation lines (see the policy fixture
/// tests), which are not HCL.
fn strip_annotations(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start_matches([' ', '\t', '#']).starts_with('^'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Top-level `resource` and `data` blocks: byte range and address.
fn blocks(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let Some(tree) = vigil_syntax::hcl::parse(text).tree else { return vec![] };
    let root = tree.root_node();
    let mut out = Vec::new();
    let mut cursor = root.walk();
    for body in root.named_children(&mut cursor).filter(|n| n.kind() == "body") {
        let mut c = body.walk();
        for block in body.named_children(&mut c).filter(|n| n.kind() == "block") {
            let header = &text[block.byte_range()];
            let words: Vec<&str> =
                header.split(['{', '\n']).next().unwrap_or("").split_whitespace().collect();
            let address = match words.as_slice() {
                ["resource", t, n, ..] => format!("{}.{}", t.trim_matches('"'), n.trim_matches('"')),
                ["data", t, n, ..] => format!("data.{}.{}", t.trim_matches('"'), n.trim_matches('"')),
                _ => continue,
            };
            out.push((block.byte_range(), address));
        }
    }
    out
}

/// Resources by base address (instances folded in) → their values.
fn read(text: &str) -> (BTreeMap<String, Vec<serde_json::Value>>, Vec<vigil_model::Diagnostic>) {
    let model = load_workspace(&[SourceFile::new("main.tf", text)]);
    let mut out: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for r in model.resources() {
        let base = r.address.split('[').next().unwrap_or(&r.address).to_string();
        out.entry(base).or_default().push(r.values.clone());
    }
    (out, model.diagnostics)
}

#[test]
fn typing_a_block_never_hides_the_others() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../policies");
    let mut files = Vec::new();
    fixtures(&root, &mut files);
    files.sort();
    assert!(files.len() > 30, "{} fixtures under {}", files.len(), root.display());
    let steps = std::sync::atomic::AtomicUsize::new(0);
    let (odd, even): (Vec<_>, Vec<_>) = files.iter().enumerate().partition(|(i, _)| i % 2 == 1);
    std::thread::scope(|s| {
        for half in [odd, even] {
            let steps = &steps;
            s.spawn(move || {
                for (_, path) in half {
                    steps.fetch_add(type_every_block(path), std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    let steps = steps.into_inner();
    assert!(steps > 10_000, "{steps} keystrokes");
}

/// Types each block of the fixture at `path` again (see the module docs); returns
/// how many keystrokes were checked.
fn type_every_block(path: &Path) -> usize {
    let mut steps = 0;
    {
        let text = strip_annotations(&std::fs::read_to_string(path).unwrap());
        let all = blocks(&text);
        for (range, address) in &all {
            let (range, address) = (range.clone(), address.clone());
            let (before, block, after) = (&text[..range.start], &text[range.clone()], &text[range.end..]);
            // What the other blocks read when this one is not there at all.
            let (others, _) = read(&format!("{before}{after}"));
            // Blocks that read this one may read it half typed: only presence counts.
            let reads_it = |other: &str| {
                all.iter().any(|(r, a)| a == other && text[r.clone()].contains(address.as_str()))
            };
            for (k, c) in block.char_indices().skip(1) {
                // Inside a word, one more letter reads as the one before did (an
                // identifier, a number or a string being typed): the first and the
                // last position of each word are typed, the ones between skipped.
                // The same for a run of spaces (indentation).
                let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
                let space = |c: char| c == ' ' || c == '\t';
                let last = block[..k].chars().next_back();
                if last.is_some_and(word) && word(c) || last.is_some_and(space) && space(c) {
                    continue;
                }
                steps += 1;
                let typed = format!("{before}{}{after}", &block[..k]);
                let (now, diagnostics) = read(&typed);
                for (other, values) in &others {
                    let Some(got) = now.get(other) else {
                        let keep = std::env::temp_dir().join("vigil-typing-failure.tf");
                        let _ = std::fs::write(&keep, &typed);
                        panic!(
                            "{}: typing `{address}` up to {k} hides `{other}` (the text: {})",
                            path.display(),
                            keep.display()
                        )
                    };
                    assert!(
                        got == values || reads_it(other) || other == &address,
                        "{}: typing `{address}` up to {k} changes `{other}`:\n{typed}",
                        path.display()
                    );
                }
                // The typed text and the blank space after it (where a missing `}` is).
                let cursor = before.len() + k + (after.len() - after.trim_start().len());
                for d in diagnostics
                    .iter()
                    .filter(|d| d.severity == DiagnosticSeverity::Error && d.code == "syntax")
                {
                    assert!(
                        (d.range.start as usize) >= before.len() && (d.range.start as usize) <= cursor,
                        "{}: typing `{address}` up to {k}: error {:?} at {} is outside the typed text {}..{cursor}:\n{typed}",
                        path.display(),
                        d.message,
                        d.range.start,
                        before.len()
                    );
                }
            }
        }
    }
    steps
}

/// The Kubernetes fixtures as one multi-document stream, each document typed again
/// between the others: the documents before and after it keep their resources and
/// values, and syntax errors lie in the text typed so far. (tree-sitter-yaml gives
/// up on a whole document, and on the ones after it, at one line that does not fit:
/// a half-typed key, a wrong indentation.)
#[test]
fn typing_a_manifest_document_never_hides_the_others() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../policies/kubernetes");
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        for name in ["good.k8s.yaml", "bad.k8s.yaml"] {
            let path = entry.path().join("fixtures").join(name);
            if path.is_file() {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut documents: Vec<String> = Vec::new();
    for path in &paths {
        let text = strip_annotations(&std::fs::read_to_string(path).unwrap());
        for doc in text.split("\n---\n") {
            let doc = doc.trim_start_matches("---\n").trim_end();
            if !doc.is_empty() {
                documents.push(format!("{doc}\n"));
            }
        }
    }
    assert!(documents.len() >= 10, "{} documents", documents.len());
    // A handful at a time: the document typed and its neighbours.
    let read_yaml = |text: &str| {
        let model = load_workspace(&[SourceFile::new("all.yaml", text)]);
        let mut out: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        for r in model.resources() {
            out.entry(r.address.clone()).or_default().push(r.values.clone());
        }
        (out, model.diagnostics)
    };
    let mut steps = 0;
    for (i, doc) in documents.iter().enumerate() {
        let window = |range: std::ops::Range<usize>| {
            documents[range].iter().map(|d| format!("---\n{d}")).collect::<String>()
        };
        let before = window(i.saturating_sub(2)..i) + "---\n";
        let after = window(i + 1..(i + 3).min(documents.len()));
        let (others, _) = read_yaml(&format!("{before}{after}"));
        assert!(!others.is_empty() || documents.len() < 2);
        steps += type_between(&format!("document {i}"), &before, doc, &after, &others, &read_yaml);
    }
    assert!(steps > 1_000, "{steps} keystrokes");
}

/// The CloudFormation (YAML and JSON) and Pulumi YAML fixtures: each resource (a key
/// under `Resources:`/`resources:`, a member of `"Resources"`) typed again, keystroke by keystroke, in its file: the
/// other resources keep their values, and syntax errors lie in the text typed so far.
#[test]
fn typing_a_template_resource_never_hides_the_others() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../policies");
    let mut paths = Vec::new();
    for pack in std::fs::read_dir(&root).unwrap().flatten() {
        for policy in std::fs::read_dir(pack.path()).into_iter().flatten().flatten() {
            for entry in std::fs::read_dir(policy.path().join("fixtures")).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.ends_with(".cfn.yaml")
                    || name.ends_with(".pulumi.yaml")
                    || name.ends_with(".cfn.json")
                {
                    paths.push(entry.path());
                }
            }
        }
    }
    paths.sort();
    assert!(paths.len() >= 20, "{} templates", paths.len());
    let mut steps = 0;
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = strip_annotations(&std::fs::read_to_string(path).unwrap());
        let read_yaml = |text: &str| {
            let model = load_workspace(&[SourceFile::new(name.clone(), text)]);
            let mut out: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
            for r in model.resources() {
                out.entry(r.address.clone()).or_default().push(r.values.clone());
            }
            (out, model.diagnostics)
        };
        for unit in resource_units(&text) {
            let (before, block, after) = (&text[..unit.start], &text[unit.clone()], &text[unit.end..]);
            let (others, _) = read_yaml(&format!("{before}{after}"));
            let label = format!("{}: resource at {}", path.display(), unit.start);
            steps += type_between(&label, before, block, after, &others, &read_yaml);
        }
    }
    assert!(steps > 1_000, "{steps} keystrokes");
}

/// The byte ranges of the resources of a template: each key indented two spaces
/// under a top-level `Resources:`/`resources:`, with the lines below it; in JSON,
/// each member of `"Resources"`, from its `"Name": {` line to its closing line.
fn resource_units(text: &str) -> Vec<std::ops::Range<usize>> {
    if text.trim_start().starts_with('{') {
        let mut units = Vec::new();
        let (mut start, mut at) = (None::<usize>, 0);
        for line in text.split_inclusive('\n') {
            if line.starts_with("    \"") && line.trim_end().ends_with('{') {
                start = Some(at);
            } else if line.starts_with("    }") {
                if let Some(s) = start.take() {
                    units.push(s..at + line.len());
                }
            }
            at += line.len();
        }
        return units;
    }
    let mut units = Vec::new();
    let (mut inside, mut start, mut at) = (false, None::<usize>, 0);
    for line in text.split_inclusive('\n') {
        let top = !line.starts_with([' ', '#', '\n']);
        let key = line.starts_with("  ") && !line[2..].starts_with([' ', '#', '\n']);
        if top || (inside && key) {
            if let Some(s) = start.take() {
                units.push(s..at);
            }
        }
        if top {
            inside = matches!(line.trim_end(), "Resources:" | "resources:");
        } else if inside && key {
            start = Some(at);
        }
        at += line.len();
    }
    if let Some(s) = start {
        units.push(s..at);
    }
    units
}

/// What a YAML file's resources read: values by address, and the diagnostics.
type Read = (BTreeMap<String, Vec<serde_json::Value>>, Vec<vigil_model::Diagnostic>);

/// Types `block` again between `before` and `after`, keystroke by keystroke (the inside
/// of words and runs of spaces skipped): at each step every resource of `others` (what
/// the file reads without the block) keeps its values, and syntax errors lie in the
/// typed text. Returns how many keystrokes were checked.
fn type_between(
    label: &str,
    before: &str,
    block: &str,
    after: &str,
    others: &BTreeMap<String, Vec<serde_json::Value>>,
    read: &dyn Fn(&str) -> Read,
) -> usize {
    let mut steps = 0;
    for (k, c) in block.char_indices().skip(1) {
        let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        let last = block[..k].chars().next_back();
        if last.is_some_and(word) && word(c) || last == Some(' ') && c == ' ' {
            continue;
        }
        steps += 1;
        let typed_part = &block[..k];
        let newline = if typed_part.ends_with('\n') { "" } else { "\n" };
        let typed = format!("{before}{typed_part}{newline}{after}");
        let (now, diagnostics) = read(&typed);
        for (address, values) in others {
            let got = now.get(address).map(Vec::as_slice).unwrap_or_default();
            // The typed block may be another instance of the same address.
            assert!(
                values.iter().all(|v| got.contains(v)),
                "{label}: typing up to {k} hides or changes `{address}`:\n{typed}"
            );
        }
        let end = before.len() + k + newline.len();
        // The separator just before the typed text (a `,` in JSON that the half-typed
        // member leaves dangling) is where that error is.
        let start = before.trim_end().len().saturating_sub(1);
        for d in diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error && d.code == "syntax")
        {
            assert!(
                (d.range.start as usize) >= start && (d.range.start as usize) <= end,
                "{label}: typing up to {k}: error {:?} at {} is outside the typed text {}..{end}:\n{typed}",
                d.message,
                d.range.start,
                before.len()
            );
        }
    }
    steps
}
