//! Expand selection: the syntax around the cursor, from the name outwards.

use vigil_syntax::TextRange;

use crate::{Node, Tree};

/// The ranges around `offset`, innermost first, each holding the one before and
/// larger than it, the last the whole file. A cursor just after a name starts from
/// the name; in a string the content comes before the quoted string.
pub fn selection_ranges(tree: &Tree, text: &str, offset: u32) -> Vec<TextRange> {
    let at = (offset as usize).min(text.len());
    let root = tree.root_node();
    let mut out: Vec<TextRange> = Vec::new();
    let start = root.descendant_for_byte_range(at, at).map(|node| {
        if is_word(node) || at == 0 {
            return node;
        }
        root.descendant_for_byte_range(at - 1, at - 1)
            .filter(|n| is_word(*n) && n.end_byte() == at)
            .unwrap_or(node)
    });
    let mut node = start;
    while let Some(n) = node {
        if matches!(n.kind(), "string" | "raw_string" | "template_string") {
            let range = TextRange::from_node(&n);
            let quote = if n.kind() == "template_string" { 2 } else { 1 };
            if range.len() > quote + 1 {
                push(&mut out, TextRange::new(range.start + quote, range.end - 1));
            }
        }
        let range = TextRange::from_node(&n);
        push(&mut out, if n.parent().is_some() { trimmed(range, text, at) } else { range });
        node = n.parent();
    }
    push(&mut out, TextRange::from_usize(0, text.len()));
    out
}

/// A range without the whitespace at its ends (a query's range starts at the line
/// break before its first literal), unless the cursor is in that whitespace.
fn trimmed(range: TextRange, text: &str, at: usize) -> TextRange {
    let Some(body) = text.get(range.as_usize()) else { return range };
    let start = range.start + (body.len() - body.trim_start().len()) as u32;
    let end = range.end - (body.len() - body.trim_end().len()) as u32;
    if start < end && start as usize <= at && at <= end as usize {
        TextRange::new(start, end)
    } else {
        range
    }
}

fn is_word(node: Node<'_>) -> bool {
    matches!(node.kind(), "var" | "number" | "true" | "false" | "null" | "string" | "raw_string" | "comment")
}

/// Adds a range that holds the last one (widened to hold it, should a node of an
/// error's recovery not), skipping one equal to it.
fn push(out: &mut Vec<TextRange>, range: TextRange) {
    let range = match out.last() {
        Some(&last) if !range.contains_range(last) => range.cover(last),
        _ => range,
    };
    if out.last() != Some(&range) {
        out.push(range);
    }
}
