//! Inline suppressions: `# vigil:ignore <ID> <reason> [until=YYYY-MM-DD]`, and the
//! dialects users already have: `#checkov:skip=<ID>[:reason]`,
//! `#trivy:ignore:<ID>[:exp:YYYY-MM-DD]` and `#tfsec:ignore:<ID>`, which apply when
//! the policy lists that id in its `aliases`.

use std::sync::OnceLock;

use regex::Regex;
use vigil_syntax::{LineIndex, TextRange};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialect {
    Vigil,
    Checkov,
    Trivy,
}

#[derive(Debug, Clone)]
pub struct Suppression {
    pub dialect: Dialect,
    pub ids: Vec<String>,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`; the suppression stops applying after that day.
    pub until: Option<String>,
    /// The comment's range.
    pub range: TextRange,
    /// The line it applies to: its own when it trails code, else the next code line.
    pub target_line: u32,
    /// A malformed `until=` value.
    pub bad_date: Option<String>,
}

fn comment_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:#|//)\s*(vigil:ignore|checkov:skip=|trivy:ignore:|tfsec:ignore:)([^\r\n]*)")
            .expect("valid regex")
    })
}

/// Finds the suppression comments of a file.
pub fn parse(text: &str, index: &LineIndex) -> Vec<Suppression> {
    let mut out = Vec::new();
    for caps in comment_regex().captures_iter(text) {
        let (Some(whole), Some(kind), Some(rest)) = (caps.get(0), caps.get(1), caps.get(2)) else { continue };
        let line = index.line_col(whole.start() as u32).line;
        let line_range = index.line_range(line, text);
        let before = text.get(line_range.start as usize..whole.start()).unwrap_or("");
        // `#` inside a string is not a comment: require only whitespace before it, or
        // code that does not leave a quote open.
        if before.matches('"').count() % 2 == 1 {
            continue;
        }
        let target_line = if before.trim().is_empty() { next_code_line(text, index, line) } else { line };
        let rest = rest.as_str().trim();
        let mut s = Suppression {
            dialect: Dialect::Vigil,
            ids: vec![],
            reason: None,
            until: None,
            range: TextRange::from_usize(whole.start(), whole.end()),
            target_line,
            bad_date: None,
        };
        match kind.as_str() {
            "vigil:ignore" => {
                let mut words = rest.split_whitespace();
                let Some(ids) = words.next() else { continue };
                s.ids = ids.split(',').filter(|i| !i.is_empty()).map(str::to_string).collect();
                let mut reason = Vec::new();
                for w in words {
                    match w.strip_prefix("until=") {
                        Some(date) => set_date(&mut s, date),
                        None => reason.push(w),
                    }
                }
                let reason = reason.join(" ");
                s.reason = (!reason.is_empty()).then_some(reason);
            }
            "checkov:skip=" => {
                s.dialect = Dialect::Checkov;
                let (id, reason) = rest.split_once(':').unwrap_or((rest, ""));
                s.ids = vec![id.trim().to_string()];
                s.reason = (!reason.trim().is_empty()).then(|| reason.trim().to_string());
            }
            _ => {
                s.dialect = Dialect::Trivy;
                let mut parts = rest.split_whitespace().next().unwrap_or("").split(':');
                let id = parts.next().unwrap_or("");
                s.ids = vec![id.trim_start_matches("AVD-").trim_start_matches("avd-").to_string()];
                let tail: Vec<&str> = parts.collect();
                if let Some(i) = tail.iter().position(|p| *p == "exp") {
                    set_date(&mut s, tail.get(i + 1).copied().unwrap_or(""));
                }
                let reason = rest.split_once(char::is_whitespace).map(|(_, r)| r.trim().to_string());
                s.reason = reason.filter(|r| !r.is_empty());
            }
        }
        if !s.ids.is_empty() {
            out.push(s);
        }
    }
    out
}

fn set_date(s: &mut Suppression, date: &str) {
    if is_valid_date(date) {
        s.until = Some(date.to_string());
    } else {
        s.bad_date = Some(date.to_string());
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(_), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else { return false };
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// The first line after `line` that is neither blank nor only a comment.
fn next_code_line(text: &str, index: &LineIndex, line: u32) -> u32 {
    let mut l = line + 1;
    while (l as usize) < index.line_count() {
        let content = text.get(index.line_range(l, text).as_usize()).unwrap_or("").trim();
        if !(content.is_empty() || content.starts_with('#') || content.starts_with("//")) {
            return l;
        }
        l += 1;
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_dialects() {
        let text = "# vigil:ignore VGL-1,VGL-2 legacy bucket until=2027-01-31\nresource \"a\" \"b\" {\n  acl = \"x\" #checkov:skip=CKV_AWS_20:it is fine\n  #trivy:ignore:AVD-AWS-0086:exp:2020-01-01\n\n  v = 1\n}\n";
        let index = LineIndex::new(text);
        let s = parse(text, &index);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].ids, vec!["VGL-1", "VGL-2"]);
        assert_eq!(s[0].reason.as_deref(), Some("legacy bucket"));
        assert_eq!(s[0].until.as_deref(), Some("2027-01-31"));
        assert_eq!(s[0].target_line, 1);
        assert_eq!(
            (s[1].dialect.clone(), s[1].ids[0].as_str(), s[1].target_line),
            (Dialect::Checkov, "CKV_AWS_20", 2)
        );
        assert_eq!(s[1].reason.as_deref(), Some("it is fine"));
        assert_eq!(
            (s[2].ids[0].as_str(), s[2].until.as_deref(), s[2].target_line),
            ("AWS-0086", Some("2020-01-01"), 5)
        );
    }
}
