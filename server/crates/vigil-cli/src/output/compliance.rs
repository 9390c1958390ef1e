//! `vigil report`'s formats: Markdown, JSON and one self-contained HTML page.

use serde::Serialize;
use vigil_ide::compliance::{ComplianceReport, ControlStatus, PolicyTally};

/// What a report says besides the controls: what was checked.
#[derive(Debug, Serialize)]
pub struct Scope {
    pub paths: Vec<String>,
    pub files: usize,
    pub resources: usize,
    /// Errors in the inputs (files not read whole, broken policies): the counts may
    /// miss what those files hold.
    pub input_errors: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    scope: &'a Scope,
    #[serde(flatten)]
    report: &'a ComplianceReport,
}

pub fn json(report: &ComplianceReport, scope: &Scope) -> String {
    let mut out = serde_json::to_string_pretty(&Document { scope, report }).unwrap_or_default();
    out.push('\n');
    out
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// "infra (1 file, 3 resources)".
fn checked(scope: &Scope) -> String {
    format!(
        "{} ({}, {})",
        if scope.paths.is_empty() { ".".to_string() } else { scope.paths.join(", ") },
        plural(scope.files, "file"),
        plural(scope.resources, "resource")
    )
}

fn tally(t: &PolicyTally) -> String {
    let mut parts = vec![format!("{} passed", t.passed), format!("{} failed", t.failed)];
    if t.suppressed > 0 {
        parts.push(format!("{} suppressed", t.suppressed));
    }
    if t.unknown > 0 {
        parts.push(format!("{} unknown until apply", t.unknown));
    }
    parts.join(", ")
}

fn summary_line(report: &ComplianceReport) -> String {
    let t = &report.totals;
    format!(
        "{} controls: {} failing, {} passing, {} covered but no resource checked, {} not covered by any policy, {} outside infrastructure code",
        t.controls, t.failing, t.passing, t.no_resources, t.not_covered, t.outside_iac
    )
}

/// Markdown cells hold no `|` and no line break.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn markdown(report: &ComplianceReport, scope: &Scope) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", report.title));
    if let Some(url) = &report.url {
        out.push_str(&format!("Framework: `{}` ({url})  \n", report.framework));
    } else {
        out.push_str(&format!("Framework: `{}`  \n", report.framework));
    }
    out.push_str(&format!("Checked: {}\n\n", checked(scope)));
    if scope.input_errors > 0 {
        out.push_str(&format!(
            "> {} input errors: some files were not read whole; `vigil check` shows them.\n\n",
            scope.input_errors
        ));
    }
    out.push_str(&format!("{}.\n\n", summary_line(report)));
    out.push_str("| control | status | summary | policies |\n|---|---|---|---|\n");
    for c in &report.controls {
        let policies =
            c.policies.iter().map(|t| format!("`{}` {}", t.id, tally(t))).collect::<Vec<_>>().join("<br>");
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&c.id),
            c.status.label(),
            cell(&c.title),
            if policies.is_empty() { "—".to_string() } else { policies }
        ));
    }
    let failing: Vec<_> = report.controls.iter().filter(|c| c.status == ControlStatus::Fail).collect();
    if !failing.is_empty() {
        out.push_str("\n## Failing controls\n\n");
        for c in failing {
            out.push_str(&format!("- **{}** {}\n", c.id, c.title));
            for t in c.policies.iter().filter(|t| t.failed > 0) {
                out.push_str(&format!("  - `{}` {} ({})\n", t.id, t.title, tally(t)));
            }
        }
    }
    if !report.unknown_citations.is_empty() {
        out.push_str("\n## Controls cited by policies but not in the framework file\n\n");
        for (policy, control) in &report.unknown_citations {
            out.push_str(&format!("- `{policy}` cites `{control}`\n"));
        }
    }
    out
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn html(report: &ComplianceReport, scope: &Scope) -> String {
    let mut rows = String::new();
    for c in &report.controls {
        let policies = c
            .policies
            .iter()
            .map(|t| {
                format!(
                    "<code>{}</code> {} <span class=\"n\">{}</span>",
                    esc(&t.id),
                    esc(&t.title),
                    esc(&tally(t))
                )
            })
            .collect::<Vec<_>>()
            .join("<br>");
        let status = serde_json::to_value(c.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        rows.push_str(&format!(
            "<tr class=\"{status}\"><td>{}</td><td><span class=\"s\">{}</span></td><td>{}</td><td>{}</td></tr>\n",
            esc(&c.id),
            esc(c.status.label()),
            esc(&c.title),
            if policies.is_empty() { "—".to_string() } else { policies }
        ));
    }
    let unknown: String = report
        .unknown_citations
        .iter()
        .map(|(p, c)| format!("<li><code>{}</code> cites <code>{}</code></li>", esc(p), esc(c)))
        .collect();
    let unknown = if unknown.is_empty() {
        String::new()
    } else {
        format!("<h2>Controls cited by policies but not in the framework file</h2><ul>{unknown}</ul>")
    };
    let errors = if scope.input_errors > 0 {
        format!("<p class=\"warn\">{} input errors: some files were not read whole; <code>vigil check</code> shows them.</p>", scope.input_errors)
    } else {
        String::new()
    };
    let link = report.url.as_ref().map(|u| format!(" (<a href=\"{0}\">{0}</a>)", esc(u))).unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }}
.s {{ font-weight: 600; white-space: nowrap; }}
.fail .s {{ color: #b00020; }} .pass .s {{ color: #1b7f3b; }}
.not-covered .s, .no-resources .s {{ color: #8a6d00; }} .outside-iac {{ color: #777; }}
.n {{ color: #555; }} .warn {{ color: #b00020; }}
</style></head><body>
<h1>{title}</h1>
<p>Framework: <code>{framework}</code>{link}<br>Checked: {checked}</p>
{errors}<p>{summary}.</p>
<table><thead><tr><th>control</th><th>status</th><th>summary</th><th>policies</th></tr></thead><tbody>
{rows}</tbody></table>
{unknown}
</body></html>
"#,
        title = esc(&report.title),
        framework = esc(&report.framework),
        checked = esc(&checked(scope)),
        summary = esc(&summary_line(report)),
    )
}
