//! HCL (Terraform) through tree-sitter-hcl. The tree is handed to the model layer,
//! which reads blocks and evaluates expressions from it.

use crate::{collect_syntax_errors, Limits, SyntaxError, TextRange};

pub struct HclFile {
    pub tree: Option<tree_sitter::Tree>,
    pub errors: Vec<SyntaxError>,
}

pub fn parse(text: &str) -> HclFile {
    parse_from(text, None, &Limits::default())
}

/// Reads `text`, using `tree` when the caller already parsed it (incrementally).
///
/// A syntax error never hides what it does not touch: when tree-sitter's recovery
/// loses top-level blocks that are fine on their own (a stray `}` or a bare word
/// swallows everything after it), the tree is that of the text with the broken items
/// blanked out (same offsets, so every range still points into `text`), and each
/// error is reported where it is, from the broken item parsed on its own.
pub fn parse_from(text: &str, tree: Option<tree_sitter::Tree>, limits: &Limits) -> HclFile {
    if let Some(error) = crate::too_deep(crate::Language::Hcl, text, limits) {
        return HclFile { tree: None, errors: vec![error] };
    }
    let tree = tree.or_else(|| crate::parse_checked(crate::Language::Hcl, text, None));
    let Some(parsed) = &tree else { return HclFile { tree, errors: Vec::new() } };
    let mut errors = collect_syntax_errors(parsed.root_node(), text);
    let split_headers: Vec<SyntaxError> = top_level_blocks(parsed)
        .filter(|b| !one_line_header(*b, text))
        .map(|b| SyntaxError {
            range: TextRange::from_node(&b.child(0).unwrap_or(b)),
            message: "syntax error: a block's type, labels and `{` must be on one line".to_string(),
        })
        .collect();
    if parsed.root_node().has_error() || !split_headers.is_empty() {
        if let Some(recovered) = recover(text, parsed) {
            return recovered;
        }
    }
    errors.extend(split_headers);
    errors.sort_by_key(|e| e.range.start);
    HclFile { tree, errors }
}

/// See [`parse_from`]: the recovered file, when its top-level items without errors
/// cover more of the file than `tree`'s do.
fn recover(text: &str, tree: &tree_sitter::Tree) -> Option<HclFile> {
    let mut blanked = text.to_string();
    let mut errors = Vec::new();
    let mut broken: Vec<std::ops::Range<usize>> = Vec::new();
    for item in top_level_items(text) {
        // Trailing blank lines and comments left out (a comment before the next
        // block is that block's): what is missing is missing where the text stops,
        // not at the next item.
        let piece = without_trailing_comments(text.get(item.clone())?);
        let alone = crate::parse_checked(crate::Language::Hcl, piece, None)?;
        if !alone.root_node().has_error() {
            continue;
        }
        crate::blank(&mut blanked, item.clone());
        broken.push(item.clone());
        let shift = item.start as u32;
        errors.extend(collect_syntax_errors(alone.root_node(), piece).into_iter().map(|e| SyntaxError {
            range: TextRange::new(e.range.start + shift, e.range.end + shift),
            message: e.message,
        }));
    }
    if errors.is_empty() {
        return None;
    }
    let repaired = crate::parse_checked(crate::Language::Hcl, &blanked, None)?;
    let (ours, theirs) = (clean_items(&repaired, &blanked), clean_items(tree, text));
    // On a tie (a few bytes of whitespace either way) tree-sitter's tree, which keeps
    // what parses inside the broken blocks too, unless one of its errors starts
    // outside them (on a block before the one being typed, spanning the whole file).
    let misplaced = || {
        collect_syntax_errors(tree.root_node(), text)
            .iter()
            .any(|e| !broken.iter().any(|b| (b.start..=b.end).contains(&(e.range.start as usize))))
    };
    let tie = ours <= theirs && ours + TIE_BYTES >= theirs;
    if (ours < theirs && !tie) || (tie && !misplaced()) {
        return None;
    }
    errors.truncate(crate::MAX_SYNTAX_ERRORS);
    Some(HclFile { tree: Some(repaired), errors })
}

/// How many bytes of clean items two trees may differ by and still read the same
/// items (whitespace is attached to the nodes differently).
const TIE_BYTES: usize = 16;

/// `piece` without trailing whitespace and whole-line `#`/`//` comments.
fn without_trailing_comments(mut piece: &str) -> &str {
    loop {
        piece = piece.trim_end();
        let last = piece.rfind('\n').map_or(0, |i| i + 1);
        let line = piece[last..].trim_start();
        if last == 0 || !(line.starts_with('#') || line.starts_with("//")) {
            return piece;
        }
        piece = &piece[..last];
    }
}

/// How much of the file (in bytes) the top-level blocks and attributes a tree reads
/// without an error cover. Bytes, not items: a recovery that reads one whole block
/// beats one that reads a stray attribute out of the middle of a broken block.
fn clean_items(tree: &tree_sitter::Tree, text: &str) -> usize {
    top_level(tree)
        .filter(|n| !n.has_error())
        .filter(|n| match n.kind() {
            "block" => one_line_header(*n, text),
            kind => kind == "attribute",
        })
        .map(|n| n.byte_range().len())
        .sum()
}

/// The top-level nodes of the file's body.
fn top_level(tree: &tree_sitter::Tree) -> impl Iterator<Item = tree_sitter::Node<'_>> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let bodies: Vec<_> = root.named_children(&mut cursor).filter(|n| n.kind() == "body").collect();
    bodies.into_iter().flat_map(|body| {
        let mut cursor = body.walk();
        body.named_children(&mut cursor).collect::<Vec<_>>()
    })
}

fn top_level_blocks(tree: &tree_sitter::Tree) -> impl Iterator<Item = tree_sitter::Node<'_>> {
    top_level(tree).filter(|n| n.kind() == "block")
}

/// Whether a block's type, labels and `{` are on one line, as HCL requires (the
/// grammar lets newlines through, so `foo` on a line of its own would become the
/// type of the block below it).
fn one_line_header(block: tree_sitter::Node<'_>, text: &str) -> bool {
    let mut cursor = block.walk();
    let open = block.children(&mut cursor).find(|c| c.kind() == "block_start");
    open.and_then(|open| text.get(block.start_byte()..open.start_byte()))
        .is_none_or(|header| !header.contains('\n'))
}

/// The top-level items of an HCL file (blocks and attributes) as byte ranges, found
/// lexically: brackets, quoted templates with their interpolations, heredocs and
/// comments are skipped over, and an item ends at the newline that closes its last
/// bracket. An unclosed block ends where a line at column 0 starts another block
/// (`name "label" {`), as in formatted Terraform; a closing bracket with nothing open
/// is an item of its own. Used only to recover from syntax errors, so it need not
/// agree with the grammar on valid files (the parse decides).
fn top_level_items(text: &str) -> Vec<std::ops::Range<usize>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Ctx {
        Open(u8),
        Quoted,
        Interpolation,
    }
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut stack: Vec<Ctx> = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    let close = |items: &mut Vec<std::ops::Range<usize>>, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            items.push(s..end);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        let line_start = i == 0 || bytes[i - 1] == b'\n';
        if line_start
            && !stack.is_empty()
            && !matches!(stack.last(), Some(Ctx::Quoted))
            && text.get(i..).is_some_and(starts_block)
        {
            // Another top-level block while one is open: the open one was not closed.
            stack.clear();
            close(&mut items, &mut start, i);
        }
        if stack.last() == Some(&Ctx::Quoted) {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                    stack.push(Ctx::Interpolation);
                    i += 1;
                }
                // A quoted template ends at its line.
                b'\n' => {
                    stack.pop();
                    continue;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        if !b.is_ascii_whitespace() && start.is_none() {
            start = Some(i);
        }
        match b {
            b'#' => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                continue;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if let Some(end) = heredoc_end(text, i) {
                    i = end;
                    continue;
                }
            }
            b'"' => stack.push(Ctx::Quoted),
            b'{' | b'[' | b'(' => stack.push(Ctx::Open(b)),
            b'}' | b']' | b')' => {
                let opener = match b {
                    b'}' => b'{',
                    b']' => b'[',
                    _ => b'(',
                };
                match stack
                    .iter()
                    .rposition(|c| *c == Ctx::Open(opener) || (b == b'}' && *c == Ctx::Interpolation))
                {
                    Some(at) => stack.truncate(at),
                    // Nothing open: the stray closer is an item of its own.
                    None if stack.is_empty() => {
                        let begun = start.take().filter(|&s| s < i);
                        if let Some(s) = begun {
                            items.push(s..i);
                        }
                        items.push(i..i + 1);
                    }
                    None => {}
                }
            }
            b'\n' if stack.is_empty() => close(&mut items, &mut start, i + 1),
            _ => {}
        }
        i += 1;
    }
    close(&mut items, &mut start, bytes.len());
    items
}

/// The end of the line `at` is on (the index of its newline, or the text's end).
fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| at + p)
}

/// For a heredoc opening at `at` (`<<EOF` or `<<-EOF` ending its line): where its
/// closing line ends (before the newline). `None` when `<<` does not open a heredoc
/// there, and when the heredoc is never closed: one being typed would otherwise take
/// every block after it (Terraform rejects it; the blocks after it are still read).
fn heredoc_end(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at + 2..)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    let (ident, after) = rest.split_at(len);
    let newline = after.find('\n')?;
    if ident.is_empty() || !after[..newline].trim().is_empty() {
        return None;
    }
    let mut pos = text.len() - after.len() + newline + 1;
    for line in text[pos..].split_inclusive('\n') {
        if line.trim() == ident {
            return Some(pos + line.trim_end_matches(['\n', '\r']).len());
        }
        pos += line.len();
    }
    None
}

/// Whether `text` starts with a block header: a name, labels (quoted or bare), `{`.
fn starts_block(text: &str) -> bool {
    let line = text.split('\n').next().unwrap_or("");
    let word =
        |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(s.len());
    if !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let mut rest = line[word(line)..].trim_start();
    loop {
        if rest.starts_with('{') {
            return true;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let Some(end) = quoted.find('"') else { return false };
            rest = quoted[end + 1..].trim_start();
        } else {
            let n = word(rest);
            if n == 0 {
                return false;
            }
            rest = rest[n..].trim_start();
        }
    }
}

#[cfg(test)]
mod tests {
    /// A long string is a few tokens, not one per character (a 50 MB string took
    /// 10 GB of tree); a heredoc's lines too. Tokens are counted in the parser's log.
    #[test]
    fn long_strings_are_few_tokens() {
        let long = "a b".repeat(10_000);
        for text in [
            format!("x = \"{long}\"\n"),
            format!("x = \"{long}${{1}}{long}\\n{long}\"\n"),
            format!("x = <<EOT\n{long}\n{long} ${{1}}\nEOT\n"),
        ] {
            let tokens = std::rc::Rc::new(std::cell::Cell::new(0usize));
            let mut parser = crate::parser(crate::Language::Hcl).unwrap();
            let counter = tokens.clone();
            parser.set_logger(Some(Box::new(move |_, message: &str| {
                if message.starts_with("lexed_lookahead") {
                    counter.set(counter.get() + 1);
                }
            })));
            let tree = parser.parse(&text, None).unwrap();
            assert!(!tree.root_node().has_error(), "{}", tree.root_node().to_sexp());
            assert!(tokens.get() < 40, "{} tokens", tokens.get());
        }
    }

    use super::*;

    /// The top-level blocks read without an error (their headers' text), and where
    /// the errors are (line, text).
    fn read(text: &str) -> (Vec<String>, Vec<(usize, String)>) {
        let file = parse(text);
        let tree = file.tree.unwrap();
        let root = tree.root_node();
        let mut blocks = Vec::new();
        let mut cursor = root.walk();
        for body in root.named_children(&mut cursor).filter(|n| n.kind() == "body") {
            let mut c = body.walk();
            for block in body.named_children(&mut c).filter(|n| n.kind() == "block" && !n.has_error()) {
                let header = &text[block.start_byte()..block.end_byte()];
                blocks.push(header.lines().next().unwrap_or("").trim_end_matches(" {").to_string());
            }
        }
        let errors = file
            .errors
            .iter()
            .map(|e| {
                let line = text[..e.range.start as usize].matches('\n').count() + 1;
                (line, text[e.range.start as usize..e.range.end as usize].to_string())
            })
            .collect();
        (blocks, errors)
    }

    const BUCKET: &str =
        "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n  acl    = \"public-read\"\n}\n";
    const VOLUME: &str = "resource \"aws_ebs_volume\" \"v\" {\n  size = 10\n}\n";

    /// What tree-sitter's recovery loses after a stray brace or a bare word, or
    /// inside a block being typed, is read again; each error is where it is.
    #[test]
    fn a_syntax_error_does_not_hide_the_blocks_it_does_not_touch() {
        let expected = vec![
            "resource \"aws_s3_bucket\" \"a\"".to_string(),
            "resource \"aws_ebs_volume\" \"v\"".to_string(),
        ];
        for (broken, line, at) in [
            ("}\n", 1, "}"),
            ("foo\n", 1, "foo"),
            ("locals {\n  x = \n}\n", 2, "x ="),
            ("resource \"aws_iam_user\" \"u\" {\n  name = \"half\n\n", 2, ""),
            ("resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n\n", 2, ""),
        ] {
            let text = format!("{broken}{BUCKET}{VOLUME}");
            let (blocks, errors) = read(&text);
            assert_eq!(blocks, expected, "{text}");
            assert!(!errors.is_empty(), "{text}");
            assert_eq!(errors[0].0, line, "{text}: {errors:?}");
            assert!(errors[0].1.starts_with(at), "{text}: {errors:?}");
            // The same in the middle and at the end of the file.
            for text in [format!("{BUCKET}{broken}{VOLUME}"), format!("{BUCKET}{VOLUME}{broken}")] {
                assert_eq!(read(&text).0, expected, "{text}");
                assert!(!read(&text).1.is_empty(), "{text}");
            }
        }
    }

    /// Where tree-sitter's own recovery keeps every other block, its tree stays.
    #[test]
    fn a_tree_that_lost_nothing_is_kept() {
        let text = format!("resource \"a\" \"b\" {{\n  x = \n  y = 1\n}}\n{VOLUME}");
        let original = crate::parse_tree(crate::Language::Hcl, &text, None).unwrap();
        let file = parse(&text);
        assert_eq!(file.tree.unwrap().root_node().to_sexp(), original.root_node().to_sexp());
        assert_eq!(file.errors, collect_syntax_errors(original.root_node(), &text));
    }

    #[test]
    fn top_level_items_skip_strings_heredocs_comments_and_interpolations() {
        let text = concat!(
            "locals {\n  a = \"}\"\n  b = \"${ {x = \"}\"}.x }\" # }\n  // }\n  /* } */\n",
            "  c = <<-EOT\n    }\n  EOT\n}\n",
            "x = [\n  1,\n]\n",
            "}\n",
            "y = 2\n",
            "resource \"r\" \"unclosed\" {\n  z = 1\n",
            "data \"d\" \"next\" {\n}\n",
        );
        let items: Vec<&str> = top_level_items(text).into_iter().map(|r| text[r].trim_end()).collect();
        assert_eq!(items.len(), 6, "{items:#?}");
        assert!(items[0].starts_with("locals {") && items[0].ends_with("EOT\n}"), "{items:#?}");
        assert_eq!(&items[1..4], ["x = [\n  1,\n]", "}", "y = 2"]);
        assert_eq!(items[4], "resource \"r\" \"unclosed\" {\n  z = 1");
        assert_eq!(items[5], "data \"d\" \"next\" {\n}");
    }

    /// A block being typed deep inside (five braces open) before another block: the
    /// error is on it, not on the file's first block, though both trees read the
    /// blocks around it.
    #[test]
    fn an_unclosed_nested_block_is_where_the_error_is() {
        let first = "variable \"v\" {\n  type = list(string)\n}\n\n";
        let typing = "resource \"a\" \"b\" {\n  spec {\n    template {\n      spec {\n        container {\n          name = \"x\"\n\n";
        let text = format!("{first}{typing}resource \"c\" \"d\" {{\n  x = 1\n}}\n");
        let file = parse(&text);
        assert!(!file.errors.is_empty());
        assert!(file.errors.iter().all(|e| e.range.start as usize >= first.len()), "{:?}", file.errors);
    }

    /// The comment above a block being typed is not where its error is.
    #[test]
    fn an_error_does_not_start_on_the_comment_above_it() {
        let text = "# A block being typed.\nresource \"a\" \"b\" {\n  spec {\n    x = 1\n";
        let file = parse(text);
        assert!(!file.errors.is_empty());
        let at = text.find("resource").unwrap();
        assert!(file.errors.iter().all(|e| e.range.start as usize >= at), "{:?}", file.errors);
    }

    /// A heredoc being typed (not closed yet) does not take the blocks after it.
    #[test]
    fn an_unclosed_heredoc_keeps_the_blocks_after_it() {
        let text = "resource \"a\" \"b\" {\n  policy = <<-EOT\n\ndata \"d\" \"next\" {\n  x = 1\n}\n";
        let items: Vec<&str> = top_level_items(text).into_iter().map(|r| text[r].trim_end()).collect();
        assert_eq!(items.last(), Some(&"data \"d\" \"next\" {\n  x = 1\n}"), "{items:#?}");
        let sexp = parse(text).tree.unwrap().root_node().to_sexp();
        assert!(
            sexp.contains("(attribute (identifier) (expression (literal_value (numeric_lit))))"),
            "{sexp}"
        );
    }

    #[test]
    fn error_in_one_block_keeps_the_others() {
        let text = "resource \"a\" \"b\" {\n  x = \n}\nresource \"c\" \"d\" {\n  y = 1\n}\n";
        let file = super::parse(text);
        assert!(!file.errors.is_empty());
        let tree = file.tree.unwrap();
        let sexp = tree.root_node().to_sexp();
        assert!(
            sexp.contains("(attribute (identifier) (expression (literal_value (numeric_lit))))"),
            "{sexp}"
        );
    }
}
