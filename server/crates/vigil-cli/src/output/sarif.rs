//! SARIF 2.1.0 for code scanning: one rule per policy (with help text), one result
//! per finding with its region, and partial fingerprints that survive line shifts.

use serde_json::{json, Value};
use vigil_ide::Finding;
use vigil_policy::{Enforcement, Severity};
use vigil_syntax::DiagnosticSeverity;

use super::{fingerprint, Locator, Report};

fn level(f: &Finding) -> &'static str {
    match f.enforcement {
        Enforcement::Mandatory => "error",
        Enforcement::Remediate => "note",
        _ => "warning",
    }
}

/// GitHub's `security-severity` scale (0–10).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Low => "3.0",
        Severity::Medium => "5.5",
        Severity::High => "8.0",
        Severity::Critical => "9.5",
    }
}

fn region(locator: &Locator<'_>, file: &str, range: vigil_syntax::TextRange) -> Value {
    let (start, end) = locator.positions(file, range, true);
    json!({"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column.max(start.column)})
}

pub fn render(report: &Report<'_>) -> String {
    let locator = Locator::new(report.files);
    let policies = &report.policies.policies;
    let rules: Vec<Value> = policies
        .iter()
        .map(|p| {
            let m = &p.meta;
            let controls: Vec<String> = m.controls.iter().flat_map(|(k, v)| v.iter().map(move |c| format!("{k}:{c}"))).collect();
            let mut help = format!("{}\n\n{}", m.title, m.description);
            if !controls.is_empty() {
                help.push_str(&format!("\n\nControls: {}", controls.join(", ")));
            }
            let mut markdown = format!("**{}**\n\n{}", m.title, m.description);
            if !controls.is_empty() {
                markdown.push_str(&format!("\n\nControls: `{}`", controls.join("`, `")));
            }
            for link in &m.related_resources {
                markdown.push_str(&format!("\n\n- <{link}>"));
            }
            let mut tags = vec!["security".to_string(), m.pack.clone()];
            tags.extend(controls.iter().cloned());
            let mut rule = json!({
                "id": m.id,
                "name": m.package,
                "shortDescription": {"text": m.title},
                "fullDescription": {"text": if m.description.is_empty() { m.title.clone() } else { m.description.clone() }},
                "help": {"text": help, "markdown": markdown},
                "defaultConfiguration": {"level": match m.enforcement { Enforcement::Mandatory => "error", Enforcement::Remediate => "note", _ => "warning" }},
                "properties": {"tags": tags, "security-severity": security_severity(m.severity), "precision": "high"},
            });
            if let Some(uri) = m.related_resources.first() {
                rule["helpUri"] = json!(uri);
            }
            rule
        })
        .collect();
    let results: Vec<Value> = report
        .analysis
        .findings
        .iter()
        .chain(report.analysis.suppressed.iter())
        .map(|f| {
            let mut result = json!({
                "ruleId": f.policy_id,
                "level": level(f),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                        "region": region(&locator, &f.file, f.range),
                    },
                    "logicalLocations": [{"fullyQualifiedName": f.address, "kind": "resource"}],
                }],
                "partialFingerprints": {"vigilFindingHash/v1": fingerprint(f)},
                "properties": {"severity": f.severity, "enforcement": f.enforcement, "path": f.path},
            });
            if let Some(i) = policies.iter().position(|p| p.meta.id == f.policy_id) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(reason) = &f.suppressed {
                result["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = report
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity != DiagnosticSeverity::Info)
        .map(|d| {
            json!({
                "level": if d.severity == DiagnosticSeverity::Error { "error" } else { "warning" },
                "message": {"text": format!("{}: {}", d.code, d.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": d.file, "uriBaseId": "%SRCROOT%"},
                    "region": region(&locator, &d.file, d.range),
                }}],
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vigil",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/vigil-dev/vigil",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": format!("file://{}/", report.root.display())}},
            "results": results,
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notifications}],
        }],
    });
    let mut s = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    s.push('\n');
    s
}
