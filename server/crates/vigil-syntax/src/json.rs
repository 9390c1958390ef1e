//! JSON through tree-sitter-json: a tolerant parse into an [`SNode`] tree.

use crate::{collect_syntax_errors, node_text, Limits, SEntry, SNode, SValue, SyntaxError, TextRange};

#[derive(Debug, Clone)]
pub struct JsonFile {
    /// The top-level value, when there is one.
    pub root: Option<SNode>,
    pub errors: Vec<SyntaxError>,
}

pub fn parse(text: &str) -> JsonFile {
    parse_from(text, None, &Limits::default())
}

/// Reads `text`, using `tree` when the caller already parsed it (incrementally).
pub fn parse_from(text: &str, tree: Option<tree_sitter::Tree>, limits: &Limits) -> JsonFile {
    if let Some(error) = crate::too_deep(crate::Language::Json, text, limits) {
        return JsonFile { root: None, errors: vec![error] };
    }
    // tree-sitter-json has no `+` in exponents (`1e+21`, as Go writes large floats in
    // plan JSON): it parses a copy with those read as `0` (the same number, at the same
    // offsets); values and errors are taken from the text itself.
    let masked = mask_plus_exponents(text);
    let tree = match &masked {
        Some(masked) => crate::parse_checked(crate::Language::Json, masked, None),
        None => tree.or_else(|| crate::parse_checked(crate::Language::Json, text, None)),
    };
    let Some(tree) = tree else {
        return JsonFile { root: None, errors: vec![] };
    };
    if tree.root_node().has_error() {
        let base = masked.as_deref().unwrap_or(text);
        if let Some((tree, working, left_out)) = recover(base) {
            let errors = left_out
                .into_iter()
                .map(|(range, message)| SyntaxError { range, message: message.to_string() })
                .collect();
            return JsonFile { root: root_of(&tree, &working), errors };
        }
    }
    let errors = collect_syntax_errors(tree.root_node(), text);
    JsonFile { root: root_of(&tree, text), errors }
}

/// The top-level value of a parsed text.
fn root_of(tree: &tree_sitter::Tree, text: &str) -> Option<SNode> {
    let root_node = tree.root_node();
    let mut cursor = root_node.walk();
    let root = root_node
        .named_children(&mut cursor)
        .find(|n| n.kind() != "comment" && !n.is_error())
        .and_then(|n| convert(n, text));
    root
}

/// What [`recover`] makes of a broken file: the tree, the text it was parsed from, and
/// where each member was left out (or a `,` is missing), with the message.
type Recovered = (tree_sitter::Tree, String, Vec<(TextRange, &'static str)>);

/// At most this many members are left out of a broken file to read the rest.
const MAX_LEFT_OUT_MEMBERS: usize = 8;

/// A broken file read as the JSON around its broken members, for JSON written one
/// member per line and indented (templates people edit; generated JSON is valid): a
/// member (`"key": ...` on its own line) whose lines, up to the next line indented as
/// much or less, do not close what they open or leave a string open is where the text
/// is unfinished. The innermost such members are left out (blanked: same offsets,
/// with a `,` before one that would then be trailing) until the text parses; `None`
/// when that does not make it parse. Returns the tree, the text it was parsed from,
/// and the first line of each member left out.
fn recover(text: &str) -> Option<Recovered> {
    let mut working = text.to_string();
    let mut left_out = Vec::new();
    for _ in 0..MAX_LEFT_OUT_MEMBERS {
        // A member after a finished one with no `,` between them (the next thing typed
        // after a `}`): read with the `,` (the line break before it written `,`: the
        // same offsets), and said where it goes.
        let Some(broken) = innermost_broken_member(&working) else {
            let at = missing_comma(&working)?;
            left_out.push((
                TextRange::from_usize(at, at),
                "syntax error: a `,` is missing here, before the next member",
            ));
            working.replace_range(at..at + 1, ",");
            let tree = crate::parse_checked(crate::Language::Json, &working, None)?;
            if !tree.root_node().has_error() {
                return Some((tree, working, left_out));
            }
            continue;
        };
        let first_line_end = working[broken.start..].find('\n').map_or(broken.end, |n| broken.start + n);
        let line = &working[broken.start..first_line_end.min(broken.end)];
        let first = broken.start + (line.len() - line.trim_start().len());
        left_out.push((
            TextRange::from_usize(first, broken.start + line.trim_end().len()),
            "syntax error: this member is not finished JSON (a bracket, a quote or its value is missing); \
             the rest of the file is read without it",
        ));
        crate::blank(&mut working, broken.clone());
        // A `,` before the member, now trailing before a closing bracket, goes too.
        let before = working[..broken.start].trim_end();
        let after = working[broken.end..].trim_start();
        if before.ends_with(',') && after.starts_with(['}', ']']) {
            let comma = before.len() - 1;
            crate::blank(&mut working, comma..comma + 1);
        }
        let tree = crate::parse_checked(crate::Language::Json, &working, None)?;
        if !tree.root_node().has_error() {
            return Some((tree, working, left_out));
        }
    }
    None
}

/// Where a `,` is missing between two members (see [`recover`]): the line break (or
/// space) after the last character of the line before a member line that ends neither
/// with `{`, `[`, `,` nor `:`.
fn missing_comma(text: &str) -> Option<usize> {
    let mut previous: Option<(usize, &str)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            if let Some((start, before)) = previous {
                let end = before.trim_end();
                if trimmed.starts_with('"') && !end.ends_with(['{', '[', ',', ':']) {
                    let gap = start + end.len();
                    if text.as_bytes().get(gap).is_some_and(|b| b.is_ascii_whitespace()) {
                        return Some(gap);
                    }
                }
            }
            previous = Some((at, line));
        }
        at += line.len();
    }
    None
}

/// The byte range of the innermost member (see [`recover`]) that does not close what
/// it opens, or leaves a string open, within its lines.
fn innermost_broken_member(text: &str) -> Option<std::ops::Range<usize>> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let is_member = |line: &str| line.trim_start().starts_with('"');
    let mut found: Option<std::ops::Range<usize>> = None;
    for (i, &(start, line)) in lines.iter().enumerate() {
        if !is_member(line) {
            continue;
        }
        let d = indent(line);
        // The member's lines: to the next line indented as much or less, a closing
        // bracket at its own indentation included.
        let mut end = start + line.len();
        for &(at, next) in &lines[i + 1..] {
            if next.trim().is_empty() {
                end = at + next.len();
                continue;
            }
            let n = indent(next);
            if n < d || (n == d && !next.trim_start().starts_with(['}', ']'])) {
                break;
            }
            end = at + next.len();
            if n == d {
                break;
            }
        }
        if !balanced(&text[start..end]) || !has_value(&text[start..end]) {
            // Innermost: a later broken member inside this one replaces it.
            match &found {
                Some(r) if r.start <= start && end <= r.end => found = Some(start..end),
                Some(_) => {}
                None => found = Some(start..end),
            }
        }
    }
    found
}

/// Whether a member's text (`"key": value`, see [`recover`]) has its `:` after the
/// key and a value after that.
fn has_value(member: &str) -> bool {
    let trimmed = member.trim_start();
    let Some(rest) = trimmed.strip_prefix('"') else { return false };
    let mut escaped = false;
    let mut key_end = None;
    for (i, c) in rest.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => {
                key_end = Some(i + 1);
                break;
            }
            (false, '\n') => return false,
            _ => {}
        }
    }
    let Some(after_key) = key_end.and_then(|i| rest.get(i..)) else { return false };
    let Some(value) = after_key.trim_start().strip_prefix(':') else { return false };
    !value.trim().trim_end_matches(',').trim().is_empty()
}

/// Whether `part` closes every bracket it opens (and no more), with no string left
/// open at the end of a line. A trailing `,` is allowed.
fn balanced(part: &str) -> bool {
    let mut depth: i64 = 0;
    for line in part.lines() {
        let (mut in_string, mut escaped) = (false, false);
        for c in line.chars() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth -= 1;
                    if depth < 0 {
                        return false;
                    }
                }
                _ => {}
            }
        }
        if in_string {
            return false;
        }
    }
    depth == 0
}

/// `text` with the `+` of every number's exponent (outside strings) written `0`;
/// `None` when there is none.
fn mask_plus_exponents(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut plus = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                // A string left open ends at its line, as tree-sitter reads it.
                (false, b'\n') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'+' if i >= 2
                && matches!(bytes[i - 1], b'e' | b'E')
                && (bytes[i - 2].is_ascii_digit() || bytes[i - 2] == b'.')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) =>
            {
                plus.push(i)
            }
            _ => {}
        }
    }
    if plus.is_empty() {
        return None;
    }
    let mut masked = bytes.to_vec();
    for i in plus {
        masked[i] = b'0';
    }
    // Only an ASCII byte was replaced by another.
    String::from_utf8(masked).ok()
}

fn convert(node: tree_sitter::Node<'_>, text: &str) -> Option<SNode> {
    let range = TextRange::from_node(&node);
    let value = match node.kind() {
        "object" => {
            let mut cursor = node.walk();
            let mut entries = Vec::new();
            for pair in node.named_children(&mut cursor).filter(|n| n.kind() == "pair") {
                let (Some(key), Some(value)) =
                    (pair.child_by_field_name("key"), pair.child_by_field_name("value"))
                else {
                    continue;
                };
                let Some(value) = convert(value, text) else { continue };
                entries.push(SEntry {
                    key: string_value(key, text),
                    key_range: TextRange::from_node(&key),
                    value,
                    range: TextRange::from_node(&pair),
                });
            }
            SValue::Map(entries)
        }
        "array" => {
            let mut cursor = node.walk();
            let items = node
                .named_children(&mut cursor)
                .filter(|n| n.kind() != "comment")
                .filter_map(|n| convert(n, text))
                .collect();
            SValue::Seq(items)
        }
        "string" => SValue::String(string_value(node, text)),
        "number" => number(node_text(&node, text)),
        "true" => SValue::Bool(true),
        "false" => SValue::Bool(false),
        "null" => SValue::Null,
        _ => return None,
    };
    Some(SNode::new(value, range))
}

pub(crate) fn number(text: &str) -> SValue {
    if let Ok(i) = text.parse::<i64>() {
        SValue::Int(i)
    } else if let Ok(f) = text.parse::<f64>() {
        SValue::Float(f)
    } else {
        SValue::String(text.to_string())
    }
}

/// Decodes a JSON string literal node (quotes and escapes).
fn string_value(node: tree_sitter::Node<'_>, text: &str) -> String {
    let raw = node_text(&node, text);
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    unescape(inner)
}

/// A `\\uXXXX` code that is a high surrogate, completed by the `\\uXXXX` low surrogate
/// that follows in `chars` (JSON-style pairs spell one character in two escapes):
/// the pair's code point, the low escape consumed; otherwise `code` unchanged.
pub(crate) fn surrogate_pair(code: u32, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> u32 {
    if !(0xD800..0xDC00).contains(&code) {
        return code;
    }
    let mut look = chars.clone();
    if look.next() == Some('\\') && look.next() == Some('u') {
        let low: String = look.by_ref().take(4).collect();
        if let Ok(low @ 0xDC00..=0xDFFF) = u32::from_str_radix(&low, 16) {
            *chars = look;
            return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
    }
    code
}

/// Decodes backslash escapes as JSON, YAML and HCL strings write them (`\n`, `\t`,
/// `\"`, `\uXXXX` with surrogate pairs, `\UXXXXXXXX`); unknown escapes are kept.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('0') => out.push('\0'),
            Some('/') => out.push('/'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                out.push(char::from_u32(surrogate_pair(code, &mut chars)).unwrap_or('\u{FFFD}'));
            }
            Some('U') => {
                let hex: String = chars.by_ref().take(8).collect();
                out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_pairs_are_one_character_and_lone_ones_stay_replaced() {
        assert_eq!(unescape(r"a\ud83d\ude00b"), "a\u{1F600}b");
        assert_eq!(unescape(r"\ud83d x"), "\u{FFFD} x");
        assert_eq!(unescape(r"\ud83d\u0041"), "\u{FFFD}A");
    }

    #[test]
    fn parses_with_ranges_and_escapes() {
        let text = r#"{"a": [1, 2.5, "x\"y\u00e9"], "b": {"c": null, "d": true}}"#;
        let file = parse(text);
        assert!(file.errors.is_empty());
        let root = file.root.unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(&text[a.range.as_usize()], r#"[1, 2.5, "x\"y\u00e9"]"#);
        let SValue::Seq(items) = &a.value else { panic!() };
        assert_eq!(items[2].value, SValue::String("x\"yé".into()));
        assert_eq!(root.get("b").unwrap().get("d").unwrap().value, SValue::Bool(true));
    }

    #[test]
    fn broken_json_keeps_what_parses() {
        let file = parse(r#"{"a": 1, "b": , "c": 3}"#);
        assert!(!file.errors.is_empty());
        let root = file.root.unwrap();
        assert_eq!(root.get("c").unwrap().value, SValue::Int(3));
    }

    /// Exponents with a `+` are valid JSON (Go writes `1e+21` in plan JSON): read as
    /// numbers, with every value after them, and a `+` inside a string left alone.
    #[test]
    fn exponents_with_a_plus_are_numbers() {
        let file = parse(r#"{"a": 1e+3, "b": "2e+5", "c": [-1.5E+2, 7], "d": true}"#);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let root = file.root.unwrap();
        assert_eq!(root.get("a").unwrap().value, SValue::Float(1000.0));
        assert_eq!(root.get("b").unwrap().value, SValue::String("2e+5".into()));
        let SValue::Seq(items) = &root.get("c").unwrap().value else { panic!("not a list") };
        assert_eq!(items[0].value, SValue::Float(-150.0));
        assert_eq!(root.get("d").unwrap().value, SValue::Bool(true));
        // A `+` that is not an exponent's is still an error.
        assert!(!parse(r#"{"a": +3}"#).errors.is_empty());
        assert!(!parse(r#"{"a": 1e+}"#).errors.is_empty());
    }

    /// A member being typed (or one whose `,` is not typed yet) in indented JSON is
    /// reported on its line, and every other member is read: tree-sitter read the
    /// members after it as part of it, or dropped them.
    #[test]
    fn a_half_typed_member_hides_no_other() {
        let text = "{\n  \"Resources\": {\n    \"A\": {\n      \"Type\": \"AWS::S3::Bu\n    \"B\": {\n      \"Type\": \"x\"\n    }\n  }\n}\n";
        let file = parse(text);
        let resources = file.root.as_ref().unwrap().get("Resources").unwrap();
        assert!(resources.get("A").is_none());
        assert_eq!(resources.get("B").unwrap().get("Type").unwrap().as_str(), Some("x"));
        assert!(!file.errors.is_empty());
        let a = text.find("\"A\"").unwrap();
        let b = text.find("\"B\"").unwrap();
        assert!(file.errors.iter().all(|e| (a..b).contains(&(e.range.start as usize))), "{:?}", file.errors);

        let text = "{\n  \"A\": {\n    \"T\": 1\n  }\n  \"B\": 2\n}\n";
        let file = parse(text);
        let root = file.root.as_ref().unwrap();
        assert_eq!(root.get("A").unwrap().get("T").unwrap().value, SValue::Int(1));
        assert_eq!(root.get("B").unwrap().value, SValue::Int(2));
        assert_eq!(file.errors.len(), 1, "{:?}", file.errors);
        assert!(file.errors[0].message.contains("`,` is missing"), "{}", file.errors[0].message);
        assert_eq!(file.errors[0].range.start as usize, text.find("}\n  \"B").unwrap() + 1);
    }
}
