use crate::TextRange;

/// Maps byte offsets to lines and columns. Lines end at `\n`, `\r\n` or a lone
/// `\r` (as in LSP, YAML and the editors); a `\r` before `\n` belongs to the line's
/// end, not its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

/// A zero-based line and a zero-based column counted in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0u32];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        LineIndex { line_starts, len: u32::try_from(text.len()).unwrap_or(u32::MAX) }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Line and byte column of an offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        LineCol { line: line as u32, col: offset - self.line_starts[line] }
    }

    /// Byte offset of a line's start (clamped).
    pub fn line_start(&self, line: u32) -> u32 {
        self.line_starts.get(line as usize).copied().unwrap_or(self.len)
    }

    /// The byte range of a line's text, without its line terminator.
    pub fn line_range(&self, line: u32, text: &str) -> TextRange {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end as usize - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// Zero-based column of an offset counted in Unicode scalar values.
    pub fn char_col(&self, offset: u32, text: &str) -> u32 {
        let lc = self.line_col(offset);
        let start = self.line_starts[lc.line as usize] as usize;
        text.get(start..start + lc.col as usize).map_or(lc.col, |s| s.chars().count() as u32)
    }

    /// Zero-based column of an offset counted in UTF-16 code units.
    pub fn utf16_col(&self, offset: u32, text: &str) -> u32 {
        let lc = self.line_col(offset);
        let start = self.line_starts[lc.line as usize] as usize;
        text.get(start..start + lc.col as usize)
            .map_or(lc.col, |s| s.chars().map(char::len_utf16).sum::<usize>() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(2), LineCol { line: 1, col: 0 });
        assert_eq!(index.line_range(0, text), TextRange::new(0, 1));
        assert_eq!(index.line_range(1, text), TextRange::new(2, 3));
        assert_eq!(index.line_col(5), LineCol { line: 2, col: 0 });
        let lines: Vec<&str> = crate::lines(text).collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        assert_eq!(crate::lines("x\r\n\ry\n").collect::<Vec<_>>(), ["x", "", "y"]);
        assert_eq!(crate::lines("").count(), 0);
    }

    #[test]
    fn columns_in_bytes_chars_and_utf16() {
        let text = "a\r\né😀x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(index.line_col(x), LineCol { line: 1, col: 6 });
        assert_eq!(index.char_col(x, text), 2);
        assert_eq!(index.utf16_col(x, text), 3);
        assert_eq!(index.line_range(0, text), TextRange::new(0, 1));
        assert_eq!(index.line_col(999), LineCol { line: 2, col: 0 });
    }
}
