//! Remediation: a policy's `fix` (JSON Patch operations on a resource's values) as
//! the smallest text edits in the resource's own syntax, keeping formatting,
//! comments, quoting, indentation, line endings and key order.
//!
//! One mechanism for every syntax: the operations are applied one after another;
//! each is turned into edits of the current text by the syntax's module ([`hcl`],
//! [`yaml`], [`json`]), the edits are applied, and the files are read again so that
//! the next operation sees what the previous one made (two operations adding under
//! the same missing block make one block). The result is the difference between the
//! original texts and the final ones, as minimal edits per file.
//!
//! Pure and synchronous: texts in, edits out. Whether a fix really makes its finding
//! disappear is checked by the caller, who has the policies (`vigil-ide`).

mod hcl;
mod json;
mod yaml;

use std::collections::BTreeMap;

use serde_json::Value;
use vigil_model::{Resource, SourceFile, SourceKind, Stack};
use vigil_syntax::TextRange;

/// One text replacement: `range` of the original text becomes `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Why a fix cannot be made; said in logs and in `vigil fix`'s summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixError(pub String);

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FixError {}

fn err<T>(message: impl Into<String>) -> Result<T, FixError> {
    Err(FixError(message.into()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Add,
    Replace,
    Remove,
}

/// How an object value is written in HCL: as a nested block (`versioning { }`) or as
/// an attribute (`tags = { }`). Ops may say (`"hcl": "block"`); without it the shape
/// already in the file wins, else a block (see docs/policies.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HclShape {
    Block,
    Attribute,
}

/// One JSON Patch operation on a resource's `values`.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub kind: OpKind,
    /// The JSON Pointer as written (`/versioning/enabled`).
    pub pointer: String,
    /// Its reference tokens, unescaped (`~1` is `/`, `~0` is `~`).
    pub segments: Vec<String>,
    /// The value of `add` and `replace`.
    pub value: Option<Value>,
    pub hint: Option<HclShape>,
}

impl Op {
    /// The pointer of the first `n` segments.
    pub fn prefix(&self, n: usize) -> String {
        self.segments[..n].iter().map(|s| format!("/{}", vigil_model::escape_token(s))).collect()
    }
}

/// Reads a policy's `fix` list.
pub fn parse_ops(ops: &[Value]) -> Result<Vec<Op>, FixError> {
    if ops.is_empty() {
        return err("the fix has no operations");
    }
    ops.iter().map(parse_op).collect()
}

fn parse_op(op: &Value) -> Result<Op, FixError> {
    let kind = match op.get("op").and_then(Value::as_str) {
        Some("add") => OpKind::Add,
        Some("replace") => OpKind::Replace,
        Some("remove") => OpKind::Remove,
        Some(other) => return err(format!("unsupported fix operation `{other}` (add, replace, remove)")),
        None => return err(format!("a fix operation without `op`: {op}")),
    };
    let Some(pointer) = op.get("path").and_then(Value::as_str) else {
        return err(format!("a fix operation without `path`: {op}"));
    };
    if !pointer.starts_with('/') {
        return err(format!("fix path `{pointer}` is not a JSON Pointer (it must start with `/`)"));
    }
    let segments = pointer[1..].split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let value = op.get("value").cloned();
    if kind != OpKind::Remove && value.is_none() {
        return err(format!("fix operation `{pointer}` has no `value`"));
    }
    let hint = match op.get("hcl").and_then(Value::as_str) {
        Some("block") => Some(HclShape::Block),
        Some("attribute") => Some(HclShape::Attribute),
        Some(other) => return err(format!("unknown `hcl` hint `{other}` (block or attribute)")),
        None => None,
    };
    Ok(Op { kind, pointer: pointer.to_string(), segments, value, hint })
}

/// What one operation does to the files: edits of the current texts, by file.
#[derive(Debug, Default)]
pub(crate) struct OpEdits {
    pub files: BTreeMap<String, Vec<TextEdit>>,
    /// Said in the action's title when the edit is not where the finding is.
    pub note: Option<String>,
}

impl OpEdits {
    fn single(file: &str, edits: Vec<TextEdit>) -> Self {
        let mut files = BTreeMap::new();
        files.insert(file.to_string(), edits);
        OpEdits { files, note: None }
    }
}

/// A fix: edits of the original texts, by file, and where it edits when that is not
/// the finding's place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fix {
    pub files: BTreeMap<String, Vec<TextEdit>>,
    pub notes: Vec<String>,
}

impl Fix {
    pub fn is_empty(&self) -> bool {
        self.files.values().all(Vec::is_empty)
    }
}

/// The fix for `ops` on the resource `address` defined in `file`, given the files of
/// its stack (others are ignored). The operations are applied in order, reading the
/// stack again after each; every file still parses afterwards, else an error.
pub fn fix(files: &[SourceFile], file: &str, address: &str, ops: &[Value]) -> Result<Fix, FixError> {
    let ops = parse_ops(ops)?;
    // The files the resource's stack is read from.
    let originals: BTreeMap<String, String> =
        stack_files(files, file).into_iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    let mut texts = originals.clone();
    let mut notes = Vec::new();
    for op in &ops {
        let current: Vec<SourceFile> =
            texts.iter().map(|(p, t)| SourceFile::new(p.clone(), t.clone())).collect();
        let (stack, resource) = find_resource(&current, file, address)?;
        if resource.is_unknown_path(&op.pointer) {
            return err(format!(
                "`{}` is known only after apply; it cannot be fixed in the source",
                op.pointer
            ));
        }
        let text = texts.get(&resource.file).map(String::as_str).unwrap_or("");
        if resource.source == SourceKind::Pulumi && resource.file.ends_with(".json") {
            return err(
                "this resource is read from a `pulumi preview --json` output; fix the program instead",
            );
        }
        // A value written elsewhere (a Pulumi stack's config): edited there.
        let written_at =
            stack.origins.get(&format!("{}#{}", resource.address, op.pointer)).and_then(|o| o.first());
        if let (Some(origin), SourceKind::Pulumi, OpKind::Add | OpKind::Replace) =
            (written_at, resource.source, op.kind)
        {
            if let (Some(origin_text), Some(value)) = (texts.get(&origin.file), op.value.as_ref()) {
                let edits = yaml::replace_written(origin_text, origin.range, value)?;
                let line = origin_text[..origin.range.start as usize].matches('\n').count() + 1;
                let note = format!("sets it where it is written, {}:{line}", origin.file);
                if !notes.contains(&note) {
                    notes.push(note);
                }
                let Some(t) = texts.get_mut(&origin.file) else {
                    return err("internal: a text went missing");
                };
                *t = apply_checked(t, &edits)?;
                continue;
            }
        }
        let edits = match resource.source {
            SourceKind::Terraform => hcl::edit(&stack, &resource, op, &texts)?,
            // Read as the model reads it: a CloudFormation template that looks like JSON
            // is JSON whatever its extension; a manifest only by its extension.
            SourceKind::CloudFormation if is_json(&resource.file, text) => {
                OpEdits::single(&resource.file, json::edit(&resource, op, text)?)
            }
            SourceKind::Kubernetes if resource.file.ends_with(".json") => {
                OpEdits::single(&resource.file, json::edit(&resource, op, text)?)
            }
            _ => OpEdits::single(&resource.file, yaml::edit(&resource, op, text)?),
        };
        if let Some(note) = edits.note {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        for (path, file_edits) in edits.files {
            let Some(text) = texts.get_mut(&path) else {
                return err(format!("the fix edits {path}, which is not in the workspace"));
            };
            *text = apply_checked(text, &file_edits)?;
        }
    }
    // Every edited file must still parse.
    for (path, text) in &texts {
        if originals.get(path) != Some(text) {
            if let Some(message) = syntax_error(path, text) {
                return err(format!("the fix would leave {path} unparseable ({message})"));
            }
        }
    }
    let files = texts
        .iter()
        .filter_map(|(path, text)| {
            let original = originals.get(path)?;
            (original != text).then(|| (path.clone(), diff_edits(original, text)))
        })
        .collect();
    Ok(Fix { files, notes })
}

/// The files of the stack `file` belongs to (a Terraform root also reads the
/// modules it calls, and a plan beside it).
pub fn stack_files<'f>(files: &'f [SourceFile], file: &str) -> Vec<&'f SourceFile> {
    let (inputs, _) = vigil_model::plan_stacks(files);
    inputs
        .iter()
        .map(|input| input.files())
        .find(|stack| stack.iter().any(|f| f.path == file))
        .unwrap_or_default()
}

fn find_resource(files: &[SourceFile], file: &str, address: &str) -> Result<(Stack, Resource), FixError> {
    let model = vigil_model::load_workspace(files);
    for stack in model.stacks {
        // By address: a finding may be reported where its value was written (a
        // module call, a local) rather than in the resource's own file.
        if let Some(r) = stack.resources.iter().find(|r| r.address == address) {
            let r = r.clone();
            return Ok((stack, r));
        }
    }
    err(format!("resource {address} is no longer in the stack of {file}"))
}

fn is_json(path: &str, text: &str) -> bool {
    path.ends_with(".json") || text.trim_start().starts_with('{')
}

/// The first syntax error of a file in the syntax its name says.
pub fn syntax_error(path: &str, text: &str) -> Option<String> {
    // By extension: a `.yaml` file in JSON syntax is also YAML.
    let errors = if path.ends_with(".tf") || path.ends_with(".tfvars") {
        vigil_syntax::hcl::parse(text).errors
    } else if path.ends_with(".json") {
        vigil_syntax::json::parse(text).errors
    } else if path.ends_with(".yaml") || path.ends_with(".yml") {
        vigil_syntax::yaml::parse(text).errors
    } else {
        vec![]
    };
    errors.first().map(|e| e.message.clone())
}

/// Applies non-overlapping edits to a text; overlapping or out-of-range edits are an
/// error (a bug in a syntax module, never a silent corruption).
fn apply_checked(text: &str, edits: &[TextEdit]) -> Result<String, FixError> {
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut pos = 0usize;
    for e in &sorted {
        let (start, end) = (e.range.start as usize, e.range.end as usize);
        if start < pos || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return err("internal: overlapping or misplaced edits");
        }
        pos = end;
    }
    Ok(apply(text, &sorted))
}

/// Applies non-overlapping edits to a text (edits that overlap an earlier one are
/// skipped).
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted = edits.to_vec();
    // By position only: insertions at one place keep their order.
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for e in sorted {
        let (start, end) = (e.range.start as usize, e.range.end as usize);
        if start < pos || end > text.len() {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&e.new_text);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The edits that turn `old` into `new`: a line diff, each changed hunk trimmed to
/// the bytes that differ.
pub fn diff_edits(old: &str, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::configure().algorithm(similar::Algorithm::Myers).diff_lines(old, new);
    let mut edits = Vec::new();
    // Each group of consecutive changed lines is one edit.
    for group in diff.grouped_ops(0) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
        let start = line_offset(&diff, first.old_range().start, true);
        let end = line_offset(&diff, last.old_range().end, true);
        let new_start = line_offset(&diff, first.new_range().start, false);
        let new_end = line_offset(&diff, last.new_range().end, false);
        let (mut a, mut b) = (&old[start..end], &new[new_start..new_end]);
        // Trim what the group's two sides share at both ends.
        let prefix = common_prefix(a, b);
        a = &a[prefix..];
        b = &b[prefix..];
        let suffix = common_suffix(a, b);
        let (a_len, b_len) = (a.len() - suffix, b.len() - suffix);
        edits.push(TextEdit {
            range: TextRange::from_usize(start + prefix, start + prefix + a_len),
            new_text: b[..b_len].to_string(),
        });
    }
    edits
}

fn line_offset(diff: &similar::TextDiff<'_, '_, '_, str>, line: usize, old: bool) -> usize {
    let lines = if old { diff.old_slices() } else { diff.new_slices() };
    lines[..line].iter().map(|l| l.len()).sum()
}

/// The length of the common prefix, not cutting a word (`false` → `true` is one
/// word replaced, not `fals` → `tru`).
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            n = i;
            break;
        }
        n = i + x.len_utf8();
    }
    while n > 0 && word_at(a, n) && (word_at(&a[n..], 0) || word_at(&b[n..], 0)) {
        n = a[..n].char_indices().next_back().map_or(0, |(i, _)| i);
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    // Not inside a word: back off while the cut would split one.
    let ends_word = |s: &str, cut: usize| s[..cut].chars().next_back().is_some_and(is_word);
    while n > 0
        && a[a.len() - n..].chars().next().is_some_and(is_word)
        && (ends_word(a, a.len() - n) || ends_word(b, b.len() - n))
    {
        let tail = &a[a.len() - n..];
        n -= tail.chars().next().map_or(n, char::len_utf8);
    }
    n
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the character ending at byte `end` of `s` (when `end` > 0), or starting at
/// byte 0 (when `end` is 0), is a word character.
fn word_at(s: &str, end: usize) -> bool {
    if end == 0 {
        s.chars().next().is_some_and(is_word)
    } else {
        s[..end].chars().next_back().is_some_and(is_word)
    }
}

/// The newline the text uses.
pub(crate) fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The start of the line holding byte `at`.
pub(crate) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding byte `at`, after its newline (or the text's end).
pub(crate) fn line_end_after_newline(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The leading whitespace of the line holding byte `at`.
pub(crate) fn indent_at(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests;
