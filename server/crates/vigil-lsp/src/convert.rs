//! Byte offsets ↔ LSP positions in the negotiated encoding.

use tower_lsp_server::ls_types::{Position, Range};
use vigil_syntax::tree_sitter::{InputEdit, Point};
use vigil_syntax::{LineIndex, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A text with its line index, for conversions.
pub struct Lines<'t> {
    pub text: &'t str,
    pub index: LineIndex,
    pub encoding: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        Lines { text, index: LineIndex::new(text), encoding }
    }

    pub fn position(&self, offset: u32) -> Position {
        let lc = self.index.line_col(offset);
        let character = match self.encoding {
            Encoding::Utf8 => lc.col,
            Encoding::Utf16 => self.index.utf16_col(offset, self.text),
        };
        Position { line: lc.line, character }
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range { start: self.position(range.start), end: self.position(range.end) }
    }

    /// The byte offset of a position (clamped to its line).
    pub fn offset(&self, position: Position) -> u32 {
        let line = self.index.line_range(position.line, self.text);
        let content = self.text.get(line.as_usize()).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in content.char_indices() {
            if units >= position.character {
                return line.start + i as u32;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Utf16 => c.len_utf16() as u32,
            };
        }
        line.end
    }

    pub fn text_range(&self, range: Range) -> TextRange {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        TextRange::new(a.min(b), a.max(b))
    }
}

/// Applies one content change to a rope, with positions in `encoding`, and returns
/// the same change as a tree-sitter edit (bytes and points), for incremental reparse.
pub fn apply_change(rope: &mut ropey::Rope, range: Range, text: &str, encoding: Encoding) -> InputEdit {
    let to_char = |p: Position| -> usize {
        let line = (p.line as usize).min(rope.len_lines().saturating_sub(1));
        let line_start = rope.line_to_char(line);
        let line_slice = rope.line(line);
        // Do not walk past the line's terminator.
        let mut content_chars = line_slice.len_chars();
        while content_chars > 0 && matches!(line_slice.char(content_chars - 1), '\n' | '\r') {
            content_chars -= 1;
        }
        let col = match encoding {
            Encoding::Utf8 => {
                let line_byte = rope.line_to_byte(line);
                let target = (line_byte + p.character as usize).min(rope.len_bytes());
                rope.byte_to_char(target) - line_start
            }
            Encoding::Utf16 => {
                let start_cu = rope.char_to_utf16_cu(line_start);
                let target = (start_cu + p.character as usize).min(rope.len_utf16_cu());
                rope.utf16_cu_to_char(target) - line_start
            }
        };
        line_start + col.min(content_chars)
    };
    let (start, end) = if (range.start.line as usize) >= rope.len_lines() {
        (rope.len_chars(), rope.len_chars())
    } else {
        let (a, b) = (to_char(range.start), to_char(range.end));
        (a.min(b), a.max(b))
    };
    let start_byte = rope.char_to_byte(start);
    let old_end_byte = rope.char_to_byte(end);
    let start_position = point(rope, start_byte);
    let old_end_position = point(rope, old_end_byte);
    rope.remove(start..end);
    rope.insert(start, text);
    let new_end_byte = start_byte + text.len();
    InputEdit {
        start_byte,
        old_end_byte,
        new_end_byte,
        start_position,
        old_end_position,
        new_end_position: point(rope, new_end_byte),
    }
}

/// A tree-sitter point: row and byte column (rows end at `\n`).
fn point(rope: &ropey::Rope, byte: usize) -> Point {
    let byte = byte.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(byte);
    let line = rope.char_to_line(char_idx);
    Point { row: line, column: byte - rope.line_to_byte(line) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_positions_round_trip() {
        let text = "a😀é\r\nx = \"☕\"\n";
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let lines = Lines::new(text, encoding);
            for offset in [0u32, 1, 5, 7, 9, 13] {
                if text.is_char_boundary(offset as usize) {
                    assert_eq!(lines.offset(lines.position(offset)), offset, "{encoding:?} {offset}");
                }
            }
        }
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.position(7), Position { line: 0, character: 4 });
    }

    #[test]
    fn incremental_reparse_matches_a_full_parse() {
        use vigil_syntax::{parse_tree, Language};
        let text = "resource \"a\" \"b\" {\n  x = \"é😀\"\n  y = [1, 2]\n}\n";
        let mut rope = ropey::Rope::from_str(text);
        let mut tree = parse_tree(Language::Hcl, text, None).unwrap();
        let p = |line, character| Position { line, character };
        let edits = [
            (Range { start: p(1, 7), end: p(1, 7) }, "z"),
            (Range { start: p(2, 7), end: p(2, 8) }, "42, 43"),
            (Range { start: p(3, 1), end: p(3, 1) }, "\nresource \"c\" \"d\" {}"),
            (Range { start: p(0, 0), end: p(1, 0) }, ""),
        ];
        for (range, new_text) in edits {
            let edit = apply_change(&mut rope, range, new_text, Encoding::Utf16);
            tree.edit(&edit);
            let current = rope.to_string();
            tree = parse_tree(Language::Hcl, &current, Some(&tree)).unwrap();
            let fresh = parse_tree(Language::Hcl, &current, None).unwrap();
            assert_eq!(
                tree.root_node().to_sexp(),
                fresh.root_node().to_sexp(),
                "after {new_text:?}: {current}"
            );
        }
    }

    /// A position inside a character (between the two UTF-16 units of an emoji,
    /// between the bytes of `é`) is read as that character's start; past the end of
    /// its line, as the line's end; past the last line, as the end of the text. No
    /// edit splits a character, and the tree-sitter edit stays on char boundaries.
    #[test]
    fn positions_inside_a_character_are_clamped_to_its_start() {
        let p = |line, character| Position { line, character };
        let change = |text: &str, range: Range, new_text: &str, encoding| {
            let mut rope = ropey::Rope::from_str(text);
            let edit = apply_change(&mut rope, range, new_text, encoding);
            let after = rope.to_string();
            assert!(text.is_char_boundary(edit.start_byte) && text.is_char_boundary(edit.old_end_byte));
            assert!(after.is_char_boundary(edit.new_end_byte), "{after:?}");
            after
        };
        let utf16 = Encoding::Utf16;
        // `a😀b`: the emoji is units 1 and 2; 2 is between them.
        assert_eq!(change("a😀b\n", Range { start: p(0, 0), end: p(0, 2) }, "A", utf16), "A😀b\n");
        assert_eq!(change("a😀b\n", Range { start: p(0, 2), end: p(0, 3) }, "x", utf16), "axb\n");
        assert_eq!(change("a😀b\n", Range { start: p(0, 2), end: p(0, 2) }, "x", utf16), "ax😀b\n");
        // `é` is bytes 0 and 1; 1 is between them.
        let utf8 = Encoding::Utf8;
        assert_eq!(change("é!\n", Range { start: p(0, 1), end: p(0, 3) }, "e", utf8), "e\n");
        // Past the line's end, past the text's end.
        assert_eq!(change("ab\ncd\n", Range { start: p(0, 99), end: p(0, 99) }, "!", utf16), "ab!\ncd\n");
        assert_eq!(change("ab\n", Range { start: p(9, 0), end: p(9, 4) }, "z", utf16), "ab\nz");
        assert_eq!(change("ab\ncd", Range { start: p(1, 1), end: p(7, 7) }, "", utf16), "ab\nc");
    }

    #[test]
    fn incremental_changes_in_utf16() {
        let mut rope = ropey::Rope::from_str("a😀b\nline two\n");
        let p = |line, character| Position { line, character };
        apply_change(&mut rope, Range { start: p(0, 3), end: p(0, 4) }, "B", Encoding::Utf16);
        apply_change(&mut rope, Range { start: p(1, 0), end: p(1, 4) }, "LINE", Encoding::Utf16);
        assert_eq!(rope.to_string(), "a😀B\nLINE two\n");
    }
}
