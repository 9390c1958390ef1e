//! Folding ranges: what an editor lets the user collapse.

use vigil_syntax::{LineIndex, TextRange};

use crate::walk::preorder;
use crate::Tree;

/// A foldable region, delimiters included (the client decides whether the last line
/// stays visible).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoldKind {
    /// A body, a collection, a comprehension, a call's arguments.
    Region,
    /// A run of comment lines; a METADATA block is a run of its own.
    Comment,
    /// The imports.
    Imports,
}

/// The node kinds that fold when they span several lines.
const REGIONS: &[&str] = &[
    "query_block",
    "object",
    "set",
    "array",
    "array_comprehension",
    "set_comprehension",
    "object_comprehension",
    "arguments",
    "rule_args",
];

/// The file's folds, in the order of the text, at most one starting on a line (the
/// outermost: an editor shows one fold marker per line).
pub fn folding_ranges(tree: &Tree, text: &str) -> Vec<Fold> {
    let lines = LineIndex::new(text);
    let line = |offset: u32| lines.line_col(offset).line;
    let mut folds = Vec::new();
    // Comments alone on their lines, as (range, line, starts a METADATA block).
    let mut comments: Vec<(TextRange, u32, bool)> = Vec::new();
    preorder(tree.root_node(), |node, _, _| {
        let range = TextRange::from_node(&node);
        match node.kind() {
            "comment" => {
                let before = text.get(..range.start as usize).unwrap_or_default();
                let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
                if before.get(line_start..).is_some_and(|b| b.trim().is_empty()) {
                    let body = text.get(range.as_usize()).unwrap_or_default();
                    let metadata = body.trim_start_matches('#').trim() == "METADATA";
                    comments.push((range, line(range.start), metadata));
                }
                false
            }
            kind => {
                if REGIONS.contains(&kind) && line(range.start) < line(range.end) {
                    folds.push(Fold { range, kind: FoldKind::Region });
                }
                true
            }
        }
    });
    let mut run: Option<(TextRange, u32)> = None;
    let flush = |run: Option<(TextRange, u32)>, folds: &mut Vec<Fold>| {
        if let Some((range, last)) = run {
            if line(range.start) < last {
                folds.push(Fold { range, kind: FoldKind::Comment });
            }
        }
    };
    for (range, at, metadata) in comments {
        run = match run {
            Some((r, last)) if last + 1 == at && !metadata => Some((r.cover(range), at)),
            previous => {
                flush(previous, &mut folds);
                Some((range, at))
            }
        };
    }
    flush(run, &mut folds);
    // The imports: consecutive top-level imports, comments between them allowed.
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut group: Option<TextRange> = None;
    for child in root.children(&mut cursor) {
        match child.kind() {
            "import" => {
                let range = TextRange::from_node(&child);
                group = Some(group.map_or(range, |g| g.cover(range)));
            }
            "comment" | ";" => {}
            _ => {
                if let Some(g) = group.take() {
                    push_imports(&mut folds, g, &line);
                }
            }
        }
    }
    if let Some(g) = group {
        push_imports(&mut folds, g, &line);
    }
    folds.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut out: Vec<Fold> = Vec::with_capacity(folds.len());
    for fold in folds {
        if out.last().is_some_and(|last| line(last.range.start) == line(fold.range.start)) {
            continue;
        }
        out.push(fold);
    }
    out
}

fn push_imports(folds: &mut Vec<Fold>, range: TextRange, line: &dyn Fn(u32) -> u32) {
    if line(range.start) < line(range.end) {
        folds.push(Fold { range, kind: FoldKind::Imports });
    }
}
