//! JUnit XML: one test suite per file, one failing test case per finding. A test
//! case is named after the policy and the resource; when a policy reports the same
//! resource more than once, the attribute (or line) tells the cases apart, as CI
//! dashboards key test history by name.

use std::collections::BTreeMap;

use super::Report;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            // Not characters XML 1.0 allows, even escaped.
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report<'_>) -> String {
    let locator = super::Locator::new(report.files);
    // file → (resource address → findings)
    let mut files: BTreeMap<&str, BTreeMap<String, Vec<&vigil_ide::Finding>>> = BTreeMap::new();
    for f in &report.analysis.findings {
        files.entry(&f.file).or_default().entry(f.address.clone()).or_default().push(f);
    }
    let total: usize = report.analysis.findings.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"vigil\" tests=\"{total}\" failures=\"{total}\">\n"));
    for (file, resources) in &files {
        let failures: usize = resources.values().map(Vec::len).sum();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{failures}\" failures=\"{failures}\">\n",
            escape(file)
        ));
        let mut names = std::collections::HashSet::new();
        for (address, findings) in resources {
            for f in findings {
                let (start, _) = locator.positions(&f.file, f.range, false);
                let mut name = format!("{} {address}", f.policy_id);
                if findings.iter().filter(|g| g.policy_id == f.policy_id).count() > 1 {
                    match &f.path {
                        Some(path) if !path.is_empty() => name.push_str(&format!(" {path}")),
                        _ => name.push_str(&format!(" line {}:{}", start.line, start.column)),
                    }
                }
                // Still the same (two messages on one attribute): numbered.
                let base = name.clone();
                let mut n = 1;
                while !names.insert(name.clone()) {
                    n += 1;
                    name = format!("{base} #{n}");
                }
                out.push_str(&format!(
                    "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}:{}:{} {} [{}; {}]</failure>\n    </testcase>\n",
                    escape(&name),
                    escape(file),
                    escape(file),
                    start.line,
                    escape(&f.message),
                    f.enforcement.as_str(),
                    escape(file),
                    start.line,
                    start.column,
                    escape(&f.title),
                    f.severity.as_str(),
                    f.enforcement.as_str(),
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
