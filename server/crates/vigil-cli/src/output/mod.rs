//! Output formats of `vigil check`.

pub mod compliance;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use vigil_ide::Analysis;
use vigil_model::SourceFile;
use vigil_policy::PolicySet;
use vigil_syntax::{LineIndex, TextRange};

pub struct Report<'a> {
    pub analysis: &'a Analysis,
    pub policies: &'a PolicySet,
    /// Texts of every file a finding or diagnostic may point into.
    pub files: &'a [&'a SourceFile],
    pub root: &'a Path,
    pub policy_count: usize,
}

/// 1-based line and column (columns in characters, or UTF-16 units for SARIF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

pub struct Locator<'a> {
    /// Each file's text and line index, made when first asked for (most files of a
    /// big workspace have no finding).
    files: HashMap<&'a str, (&'a str, OnceLock<LineIndex>)>,
}

impl<'a> Locator<'a> {
    pub fn new(files: &[&'a SourceFile]) -> Self {
        Locator {
            files: files.iter().map(|f| (f.path.as_str(), (f.text.as_str(), OnceLock::new()))).collect(),
        }
    }

    pub fn text(&self, file: &str) -> Option<&'a str> {
        self.files.get(file).map(|(t, _)| *t)
    }

    /// Start and end positions; `utf16` selects UTF-16 columns instead of characters.
    pub fn positions(&self, file: &str, range: TextRange, utf16: bool) -> (Position, Position) {
        let Some((text, index)) = self.files.get(file) else {
            return (Position { line: 1, column: 1 }, Position { line: 1, column: 1 });
        };
        let index = index.get_or_init(|| LineIndex::new(text));
        let pos = |offset: u32| {
            let lc = index.line_col(offset);
            let column = if utf16 { index.utf16_col(offset, text) } else { index.char_col(offset, text) };
            Position { line: lc.line + 1, column: column + 1 }
        };
        (pos(range.start), pos(range.end))
    }

    pub fn index(&self, file: &str) -> Option<&LineIndex> {
        self.files.get(file).map(|(text, index)| index.get_or_init(|| LineIndex::new(text)))
    }
}

/// A stable fingerprint of a finding that survives edits elsewhere in the file:
/// policy, file, resource address and attribute path, not line numbers.
pub fn fingerprint(f: &vigil_ide::Finding) -> String {
    // FNV-1a, 64 bits: stable across Rust versions, unlike DefaultHasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        f.policy_id.as_str(),
        f.file.as_str(),
        f.address.as_str(),
        f.path.as_deref().unwrap_or(""),
        if f.path.is_none() { f.message.as_str() } else { "" },
    ] {
        for b in part.bytes().chain(std::iter::once(0u8)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Text from the checked files or policies made safe for a terminal: control
/// characters (an ESC starting an escape sequence, BEL, a lone CR) become `?`, one
/// per byte, so that byte ranges into the text stay valid; newlines, tabs and the CR
/// of a CRLF stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |(i, c): (usize, char)| {
        c.is_control() && c != '\n' && c != '\t' && !(c == '\r' && text.as_bytes().get(i + 1) == Some(&b'\n'))
    };
    if !text.char_indices().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if bad((i, c)) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
