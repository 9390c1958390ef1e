//! A nesting budget checked before parsing. Parsers, the converters after them, the
//! Terraform evaluator and the policy engine all walk nested values recursively; a
//! file nested thousands of levels deep (10,000 `[` in a CloudFormation template,
//! 3,000 indented YAML mappings, 10,000 nested `.tf` blocks) overflowed the stack and
//! aborted the process, and tree-sitter-yaml's scanner asserts past about 250 levels
//! of indentation. Real files nest a few dozen levels at most, so a file deeper than
//! [`Limits::nesting`] is not read: it gets one positioned error instead.

use crate::{Language, Limits, SyntaxError, TextRange};

/// The error for a file nested deeper than `limits.nesting` (never more than
/// [`Limits::MAX_NESTING`]), at the first place it goes deeper; `None` for every
/// other file.
pub fn too_deep(language: Language, text: &str, limits: &Limits) -> Option<SyntaxError> {
    let max = limits.nesting.min(Limits::MAX_NESTING);
    let at = match language {
        Language::Json | Language::Hcl | Language::Rego => bracket_depth_exceeded(text, language, max),
        Language::Yaml => yaml_depth_exceeded(text, max),
    }?;
    // One character wide.
    let width = text.get(at..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
    Some(SyntaxError {
        range: TextRange::from_usize(at, at + width),
        message: format!(
            "nesting deeper than {max} levels here: this file is not read (a budget that keeps hostile \
             input from exhausting the reader; {})",
            Limits::hint("nesting")
        ),
    })
}

/// Where brackets outside strings and comments first open more than `max` levels;
/// `${`/`%{` in an HCL string and `{` in a Rego template string (`$"..."`) open one
/// too.
fn bracket_depth_exceeded(text: &str, language: Language, max: usize) -> Option<usize> {
    let (hcl, rego) = (language == Language::Hcl, language == Language::Rego);
    let bytes = text.as_bytes();
    // In a Rego template string.
    let mut template = false;
    // Open brackets; `true` marks a template interpolation (its `}` returns to the
    // string around it).
    let mut open: Vec<bool> = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                b'$' | b'%' if hcl && bytes.get(i + 1) == Some(&b'{') => {
                    open.push(true);
                    in_string = false;
                    i += 1;
                }
                b'{' if template => {
                    open.push(true);
                    in_string = false;
                    if open.len() > max {
                        return Some(i);
                    }
                }
                // A quoted string ends at its line, in HCL and for tree-sitter-json
                // (JSON has no line breaks in strings; its reader ends one there).
                b'\n' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                template = rego && i > 0 && bytes[i - 1] == b'$';
            }
            // A raw string (which may span lines).
            b'`' if rego => {
                i = bytes[i + 1..].iter().position(|&c| c == b'`').map_or(bytes.len(), |p| i + 1 + p)
            }
            b'#' if hcl || rego => {
                i = bytes[i..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |p| i + p)
            }
            b'/' if hcl && bytes.get(i + 1) == Some(&b'/') => {
                i = bytes[i..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |p| i + p);
            }
            b'/' if hcl && bytes.get(i + 1) == Some(&b'*') => {
                i = text.get(i + 2..).and_then(|t| t.find("*/")).map_or(bytes.len(), |p| i + 2 + p + 1);
            }
            b'{' | b'[' | b'(' => {
                open.push(false);
                if open.len() > max {
                    return Some(i);
                }
            }
            // The end of an interpolation returns to its string.
            b'}' | b']' | b')' => in_string = open.pop() == Some(true),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where YAML first nests more than `max` levels: block indentation levels (with the
/// `- ` of sequences written on one line) plus flow brackets.
fn yaml_depth_exceeded(text: &str, max: usize) -> Option<usize> {
    let mut indents: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in crate::lines(text) {
        // Where the line starts: past the break before it (`\n`, `\r\n` or `\r`).
        let start = at + text.get(at..).and_then(|t| t.find(line)).unwrap_or(0);
        at = start + line.len();
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        while indents.last().is_some_and(|&i| i >= indent) {
            indents.pop();
        }
        indents.push(indent);
        let mut rest = content;
        let mut dashes = 0;
        while let Some(r) = rest.strip_prefix("- ") {
            dashes += 1;
            rest = r.trim_start_matches(' ');
        }
        let mut flow = 0usize;
        let mut deepest = 0usize;
        let mut quote: Option<char> = None;
        for c in rest.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    flow += 1;
                    deepest = deepest.max(flow);
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        if indents.len() + dashes + deepest > max {
            return Some(start + indent);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_files_are_refused_where_they_go_too_deep() {
        let deep_json = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let e = too_deep(Language::Json, &deep_json, &Limits::default()).unwrap();
        assert_eq!(e.range.start as usize, 6 + Limits::default().nesting - 1);

        let deep_hcl =
            format!("resource \"a\" \"b\" {{\n{}{}}}\n", "b {\n".repeat(5_000), "}\n".repeat(5_000));
        assert!(too_deep(Language::Hcl, &deep_hcl, &Limits::default()).is_some());
        let interpolated = format!("x = \"${{{}1{}}}\"\n", "[".repeat(200), "]".repeat(200));
        assert!(too_deep(Language::Hcl, &interpolated, &Limits::default()).is_some());

        let deep_yaml: String = (0..3_000).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        let e = too_deep(Language::Yaml, &deep_yaml, &Limits::default()).unwrap();
        assert!(deep_yaml[e.range.start as usize..].starts_with("k100:"), "{e:?}");
        let flow = format!("a: {}{}\n", "[".repeat(150), "]".repeat(150));
        assert!(too_deep(Language::Yaml, &flow, &Limits::default()).is_some());
        let deep_rego = format!("package p\n\nx := {}1{}\n", "[".repeat(5_000), "]".repeat(5_000));
        let e = too_deep(Language::Rego, &deep_rego, &Limits::default()).unwrap();
        assert_eq!(e.range.start as usize, 16 + Limits::default().nesting);
        let template = format!("package p\n\nx := $\"{}1{}\"\n", "{".repeat(200), "}".repeat(200));
        assert!(too_deep(Language::Rego, &template, &Limits::default()).is_some());
    }

    /// Found by fuzzing: a JSON string is read to its line's end, as the reader does
    /// (a quote left open no longer hides 10,000 `[` after it, which overflowed the
    /// stack), and the YAML error sits on its line's first character, whole, with
    /// any line breaks before it.
    #[test]
    fn strings_end_at_the_line_and_yaml_errors_sit_exactly() {
        let json = format!("{{\"a\": \"open\n{}", "[".repeat(10_000));
        assert!(too_deep(Language::Json, &json, &Limits::default()).is_some());
        for newline in ["\n", "\r\n", "\r"] {
            let deep: String =
                (0..150).map(|i| format!("{}é{i}:{newline}", "  ".repeat(i))).collect::<Vec<_>>().concat();
            let e = too_deep(Language::Yaml, &deep, &Limits::default()).unwrap();
            assert_eq!(&deep[e.range.as_usize()], "é", "{newline:?}");
            assert!(deep[e.range.start as usize..].starts_with("é100:"), "{newline:?}");
        }
    }

    /// The budget is the configured one, up to the readers' own ceiling.
    #[test]
    fn the_nesting_budget_is_configurable_up_to_its_ceiling() {
        let json = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let raised = Limits { nesting: 150, ..Limits::default() };
        assert!(too_deep(Language::Json, &json(140), &Limits::default()).is_some());
        assert_eq!(too_deep(Language::Json, &json(140), &raised), None);
        let e = too_deep(Language::Json, &json(160), &raised).unwrap();
        assert!(e.message.contains("deeper than 150") && e.message.contains("`nesting`"), "{}", e.message);
        let unbounded = Limits { nesting: usize::MAX, ..Limits::default() };
        let e = too_deep(Language::Json, &json(1_000), &unbounded).unwrap();
        assert_eq!(e.range.start as usize, Limits::MAX_NESTING);
    }

    /// Brackets in strings and comments, and ordinary nesting, are not depth.
    #[test]
    fn real_files_are_not_too_deep() {
        let hcl = format!(
            "# {}\nlocals {{\n  a = \"{}\"\n  b = [[[{{ c = 1 }}]]]\n  /* {} */\n}}\n",
            "[".repeat(500),
            "(".repeat(500),
            "{".repeat(500)
        );
        assert_eq!(too_deep(Language::Hcl, &hcl, &Limits::default()), None);
        let json = format!("{{\"a\": \"{}\", \"b\": [[{{}}]]}}", "[".repeat(500));
        assert_eq!(too_deep(Language::Json, &json, &Limits::default()), None);
        let rego = format!(
            "package p\n\n# {}\nx := \"{}\"\ny := `{}\n{}`\nz := [[{{\"a\": (1)}}]]\n",
            "[".repeat(500),
            "{".repeat(500),
            "(".repeat(500),
            "[".repeat(500)
        );
        assert_eq!(too_deep(Language::Rego, &rego, &Limits::default()), None);
        let yaml = format!(
            "a:\n  b:\n    - - c: \"{}\"\n        d: [1, {{e: 2}}]\n  # {}\nf: |\n  x\n    y\n",
            "[".repeat(500),
            "[".repeat(500)
        );
        assert_eq!(too_deep(Language::Yaml, &yaml, &Limits::default()), None);
    }
}
