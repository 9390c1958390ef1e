//! What is being typed at the cursor of a policy file, for completion, signature
//! help and hovers: read from the text around the cursor rather than from the tree,
//! because while a name is half typed (`input.resource.values.`) the tree is an
//! ERROR node there. The workspace (resources, packages, built-ins) fills in the
//! candidates elsewhere: this module only says where the cursor is.

use vigil_syntax::TextRange;

/// One part of a dotted reference: a name (`values`, or `["tags"]` written with
/// brackets), or any other bracket (`[_]`, `[0]`, `[i]`): an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Name(String),
    Element,
}

impl Segment {
    pub fn name(&self) -> Option<&str> {
        match self {
            Segment::Name(n) => Some(n),
            Segment::Element => None,
        }
    }
}

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// Inside a string or an ordinary comment: nothing to complete.
    Nothing,
    /// A member of a dotted reference: `input.resource.values.ver|` has the parts
    /// `input`, `resource`, `values` before the member being typed, `ver`.
    Member { parts: Vec<Segment>, prefix: String },
    /// A bare name in an expression (a rule body, a rule's value or arguments).
    Name { prefix: String },
    /// A name at the start of a line outside every rule: a rule head or a keyword.
    TopLevel { prefix: String },
    /// The path of an `import`: `import data.vigil.|`.
    Import { parts: Vec<Segment>, prefix: String },
    /// A line of a METADATA block: `keys` are the enclosing keys (`custom`), `key`
    /// is set when the cursor is in the value of that key.
    Metadata { keys: Vec<String>, key: Option<String>, prefix: String },
}

/// What is typed at `offset`, and the range of the partial word there (what a
/// completion replaces).
pub fn context(text: &str, offset: usize) -> (Context, TextRange) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let word_start =
        offset - before.chars().rev().take_while(|c| is_name_char(*c)).map(char::len_utf8).sum::<usize>();
    let range = TextRange::from_usize(word_start, offset);
    let prefix = text[word_start..offset].to_string();
    if let Some(comment) = comment_start(before) {
        // METADATA values are words with `-`, `.`, `:` and `/` in them: control ids
        // (`SC-28`, `2.1.4`, `baseline:privileged`), frameworks, resource types.
        let value_char = |c: char| is_name_char(c) || matches!(c, '-' | '.' | ':' | '/');
        let word_start =
            offset - before.chars().rev().take_while(|c| value_char(*c)).map(char::len_utf8).sum::<usize>();
        let range = TextRange::from_usize(word_start, offset);
        let prefix = text[word_start..offset].to_string();
        return match metadata_context(text, line_start, &before[comment..], prefix) {
            Some(c) => (c, range),
            None => (Context::Nothing, range),
        };
    }
    if in_string(before) {
        return (Context::Nothing, range);
    }
    let parts = dotted_parts(&text[line_start..word_start]);
    let trimmed = before.trim_start();
    if let Some(rest) = trimmed.strip_prefix("import") {
        if rest.starts_with(char::is_whitespace) && !rest.contains(" as ") {
            return (Context::Import { parts: parts.unwrap_or_default(), prefix }, range);
        }
    }
    // After a dot that follows a call or a literal: nothing Vigil can name.
    let Some(parts) = parts else { return (Context::Nothing, range) };
    if !parts.is_empty() {
        return (Context::Member { parts, prefix }, range);
    }
    let top = depth(&text[..line_start]) == 0 && before.len() == prefix.len();
    if top {
        (Context::TopLevel { prefix }, range)
    } else {
        (Context::Name { prefix }, range)
    }
}

/// The whole dotted reference under the cursor (for hovers): `input.resource.values.acl`
/// with the cursor anywhere in `values` gives the parts up to `values` and its range.
pub fn reference_at(text: &str, offset: usize) -> Option<(Vec<Segment>, TextRange)> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let end =
        offset + text[offset..].chars().take_while(|c| is_name_char(*c)).map(char::len_utf8).sum::<usize>();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..end];
    if comment_start(before).is_some() || in_string(before) {
        return None;
    }
    let start =
        end - before.chars().rev().take_while(|c| is_name_char(*c)).map(char::len_utf8).sum::<usize>();
    if start == end {
        return None;
    }
    let mut parts = dotted_parts(&text[line_start..start])?;
    parts.push(Segment::Name(text[start..end].to_string()));
    Some((parts, TextRange::from_usize(start, end)))
}

/// The call whose arguments the cursor is in: the function's dotted name and the
/// index of the argument at the cursor (for signature help).
pub fn call_at(text: &str, offset: usize) -> Option<(String, usize)> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    // Back to the unclosed `(`, counting commas at its level; within 2,000 bytes.
    let window_start = floor_char_boundary(text, offset.saturating_sub(2_000));
    let window = &text[window_start..offset];
    let code = code_mask(window);
    let mut level = 0usize;
    let mut commas = 0usize;
    for (i, c) in window.char_indices().rev() {
        if !code[i] {
            continue;
        }
        match c {
            ')' | ']' | '}' => level += 1,
            // The cursor is in a collection (or a body): its commas are not the call's.
            '[' | '{' if level == 0 => commas = 0,
            '(' | '[' | '{' if level > 0 => level -= 1,
            '(' => {
                let name_end = window[..i].trim_end().len();
                let name: String = window[..name_end]
                    .chars()
                    .rev()
                    .take_while(|c| is_name_char(*c) || *c == '.')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let name = name.trim_start_matches('.');
                return (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()))
                    .then(|| (name.to_string(), commas));
            }
            ',' if level == 0 => commas += 1,
            '\n' if level == 0 && window[..i].trim_end().ends_with(['{', '}']) => return None,
            _ => {}
        }
    }
    None
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a `#` comment starts on a line (outside strings), if it does.
fn comment_start(line: &str) -> Option<usize> {
    let mask = code_mask(line);
    // The `#` that opens a comment is not code itself, but what precedes it is.
    line.char_indices().find(|(i, c)| *c == '#' && (*i == 0 || mask[*i - 1])).map(|(i, _)| i)
}

/// Whether the end of `line` is inside a string or a raw string.
fn in_string(line: &str) -> bool {
    let mask = code_mask(line);
    !line.is_empty() && !mask.get(line.len()).copied().unwrap_or(true)
}

/// For each byte of `text` (and one past its end), whether it is code: outside
/// strings, raw strings and comments. The byte opening a string or a comment is not
/// code either.
fn code_mask(text: &str) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut mask = vec![true; bytes.len() + 1];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                let closed = i < bytes.len() && bytes[i] == b'"';
                mask[start..end].iter_mut().for_each(|m| *m = false);
                if !closed {
                    mask[end.min(bytes.len())] = false;
                }
                i = end;
            }
            b'`' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
                let closed = i < bytes.len();
                let end = (i + 1).min(bytes.len());
                mask[start..end].iter_mut().for_each(|m| *m = false);
                if !closed {
                    mask[bytes.len()] = false;
                }
                i = end;
            }
            b'#' => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                mask[i..end].iter_mut().for_each(|m| *m = false);
                if end == bytes.len() {
                    mask[end] = false;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    mask
}

/// The dotted parts written right before a member being typed: `input.resource.`
/// gives `input`, `resource`; `x["a"][_].` gives `x`, `a`, an element. `Some(vec![])`
/// when nothing dotted precedes (a bare name), `None` after a dot that follows
/// something other than a name (a call, a literal).
fn dotted_parts(before: &str) -> Option<Vec<Segment>> {
    let Some(rest) = before.strip_suffix('.') else {
        return Some(vec![]);
    };
    let mut parts = Vec::new();
    let mut rest = rest;
    loop {
        if let Some(inner) = rest.strip_suffix(']') {
            // A bracket: back to its `[` (no nesting of brackets inside keys).
            let open = inner.rfind('[')?;
            let key = inner[open + 1..].trim();
            let name =
                key.strip_prefix('"').and_then(|k| k.strip_suffix('"')).filter(|k| !k.contains(['"', '\\']));
            parts.push(match name {
                Some(n) => Segment::Name(n.to_string()),
                None => Segment::Element,
            });
            rest = &inner[..open];
            continue;
        }
        let name_len: usize = rest.chars().rev().take_while(|c| is_name_char(*c)).map(char::len_utf8).sum();
        if name_len == 0 || rest[rest.len() - name_len..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        parts.push(Segment::Name(rest[rest.len() - name_len..].to_string()));
        rest = &rest[..rest.len() - name_len];
        match rest.strip_suffix('.') {
            Some(r) => rest = r,
            None => break,
        }
    }
    parts.reverse();
    Some(parts)
}

/// The nesting of brackets at the end of `text` (strings and comments skipped):
/// 0 outside every rule body and collection.
fn depth(text: &str) -> usize {
    let mask = code_mask(text);
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if !mask[i] {
            continue;
        }
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// The context of a comment line that belongs to a METADATA block (the comment
/// lines above it, up to one that says `METADATA`), with the YAML keys enclosing
/// the cursor.
fn metadata_context(text: &str, line_start: usize, comment: &str, prefix: String) -> Option<Context> {
    // The block: contiguous comment lines above, the first saying `# METADATA`.
    let mut lines_above: Vec<&str> = Vec::new();
    let mut end = line_start;
    let mut found = false;
    while end > 0 {
        let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..end - 1].trim_end_matches('\r');
        let Some(body) = line.trim_start().strip_prefix('#') else { break };
        if body.trim() == "METADATA" {
            found = true;
            break;
        }
        lines_above.push(body);
        end = start;
    }
    if !found && comment.trim_start_matches('#').trim() != "METADATA" {
        return None;
    }
    let body = comment.strip_prefix('#').unwrap_or(comment);
    if body.trim() == "METADATA" {
        return None;
    }
    let indent = |s: &str| s.len() - s.trim_start().len();
    let own_indent = indent(body);
    // The enclosing keys: lines above with less indentation, ending in `key:`.
    let mut keys = Vec::new();
    let mut limit = own_indent;
    for line in &lines_above {
        let i = indent(line);
        if i < limit && !line.trim().is_empty() && !line.trim_start().starts_with('-') {
            if let Some((key, value)) = line.trim().split_once(':') {
                if value.trim().is_empty() {
                    keys.push(key.trim().to_string());
                }
                limit = i;
            }
        }
    }
    keys.reverse();
    let written = body.trim_start();
    let key = written.split_once(':').map(|(k, _)| k.trim().to_string()).filter(|k| !k.contains(['[', '"']));
    Some(Context::Metadata { keys, key, prefix })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context at `|` in `marked`, and the partial word's text.
    fn at(marked: &str) -> (Context, String) {
        let offset = marked.find('|').unwrap_or(marked.len());
        let text = marked.replacen('|', "", 1);
        let (context, range) = context(&text, offset);
        (context, text[range.as_usize()].to_string())
    }

    fn names(parts: &[&str]) -> Vec<Segment> {
        parts
            .iter()
            .map(|p| if *p == "*" { Segment::Element } else { Segment::Name(p.to_string()) })
            .collect()
    }

    #[test]
    fn members_of_dotted_references() {
        let body = "package p\n\ndeny contains m if {\n\tinput.resource.values.ver|\n}\n";
        assert_eq!(
            at(body),
            (
                Context::Member { parts: names(&["input", "resource", "values"]), prefix: "ver".into() },
                "ver".into()
            )
        );
        let bracketed = "package p\n\nr if input.resource.values[\"tags\"].rules[_].|";
        assert_eq!(
            at(bracketed).0,
            Context::Member {
                parts: names(&["input", "resource", "values", "tags", "rules", "*"]),
                prefix: "".into()
            }
        );
        assert_eq!(at("package p\n\nr if f(x).|").0, Context::Nothing);
    }

    #[test]
    fn names_top_level_imports_strings_and_comments() {
        assert_eq!(
            at("package p\n\ndeny contains m if {\n\tcou|\n}\n").0,
            Context::Name { prefix: "cou".into() }
        );
        assert_eq!(at("package p\n\nde|").0, Context::TopLevel { prefix: "de".into() });
        assert_eq!(at("package p\n\nr := co|").0, Context::Name { prefix: "co".into() });
        assert_eq!(
            at("package p\n\nimport data.vigil.|").0,
            Context::Import { parts: names(&["data", "vigil"]), prefix: "".into() }
        );
        assert_eq!(at("package p\n\nr := \"input.reso|\"").0, Context::Nothing);
        assert_eq!(at("package p\n\n# input.reso|").0, Context::Nothing);
    }

    #[test]
    fn metadata_keys_and_values() {
        let block = "# METADATA\n# title: T\n# custom:\n#   enforcement: adv|\n#   id: X\npackage p\n";
        assert_eq!(
            at(block).0,
            Context::Metadata {
                keys: vec!["custom".into()],
                key: Some("enforcement".into()),
                prefix: "adv".into()
            }
        );
        let key =
            "# METADATA\n# custom:\n#   controls:\n#     NIST-800-53-r5: [\"AC-3\"]\n#   sev|\npackage p\n";
        assert_eq!(
            at(key).0,
            Context::Metadata { keys: vec!["custom".into()], key: None, prefix: "sev".into() }
        );
        assert_eq!(
            at("# METADATA\n# ti|\npackage p\n").0,
            Context::Metadata { keys: vec![], key: None, prefix: "ti".into() }
        );
    }

    #[test]
    fn calls_and_their_argument_index() {
        let text = "r if {\n\tx := sprintf(\"%s (%d)\", [a, count(b)])\n}";
        let at = |marker: &str| call_at(text, text.find(marker).unwrap());
        assert_eq!(at("\"%s"), Some(("sprintf".into(), 0)));
        assert_eq!(at("a, c"), Some(("sprintf".into(), 1)));
        assert_eq!(at("b)"), Some(("count".into(), 0)));
        assert_eq!(
            call_at("r if { strings.replace_n({\"a\": \"b\"}, ", 38),
            Some(("strings.replace_n".into(), 1))
        );
        assert_eq!(call_at("r if { x := [1, 2", 17), None);
    }

    #[test]
    fn references_under_the_cursor() {
        let text = "r if input.resource.values[\"acl\"] == \"x\"\ns if input.resource.values.acl";
        let (parts, range) = reference_at(text, text.rfind("acl").unwrap() + 1).unwrap();
        assert_eq!(parts, names(&["input", "resource", "values", "acl"]));
        assert_eq!(&text[range.as_usize()], "acl");
        let (parts, _) = reference_at(text, text.find("values").unwrap()).unwrap();
        assert_eq!(parts, names(&["input", "resource", "values"]));
        assert_eq!(reference_at(text, text.find("\"x").unwrap() + 1), None);
    }
}
