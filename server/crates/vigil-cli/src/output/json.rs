//! Machine-readable JSON: findings, suppressed findings, diagnostics, summary.

use serde_json::{json, Value};
use vigil_ide::Finding;

use super::{Locator, Report};

pub fn finding_json(locator: &Locator<'_>, f: &Finding) -> Value {
    let (start, end) = locator.positions(&f.file, f.range, false);
    json!({
        "policy_id": f.policy_id,
        "title": f.title,
        "severity": f.severity,
        "enforcement": f.enforcement,
        "message": f.message,
        "address": f.address,
        "resource_type": f.resource_type,
        "file": f.file,
        "path": f.path,
        "range": {
            "start": {"line": start.line, "column": start.column},
            "end": {"line": end.line, "column": end.column},
            "byte_start": f.range.start,
            "byte_end": f.range.end,
        },
        "controls": f.controls,
        "fix": f.fix,
        "fix_safety": if f.fix_safe { "safe" } else { "unsafe" },
        "suppressed": f.suppressed,
        "related": f.related.iter().map(|o| {
            let (start, _) = locator.positions(&o.file, o.range, false);
            json!({"file": o.file, "line": start.line, "column": start.column, "note": o.note})
        }).collect::<Vec<_>>(),
    })
}

pub fn render(report: &Report<'_>) -> String {
    let locator = Locator::new(report.files);
    let a = report.analysis;
    let diagnostics: Vec<Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = locator.positions(&d.file, d.range, false);
            json!({
                "file": d.file,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "range": {"start": {"line": start.line, "column": start.column}, "end": {"line": end.line, "column": end.column}},
            })
        })
        .collect();
    let value = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "findings": a.findings.iter().map(|f| finding_json(&locator, f)).collect::<Vec<_>>(),
        "suppressed": a.suppressed.iter().map(|f| finding_json(&locator, f)).collect::<Vec<_>>(),
        "diagnostics": diagnostics,
        "summary": {
            "findings": a.findings.len(),
            "mandatory": a.findings.iter().filter(|f| f.enforcement == vigil_policy::Enforcement::Mandatory).count(),
            "suppressed": a.suppressed.len(),
            "resources": a.resources,
            "files": a.files,
            "policies": report.policy_count,
            "not_evaluated": {
                "resources": a.not_evaluated.resources(),
                "count_unknown": a.not_evaluated.count_unknown,
                "for_each_unknown": a.not_evaluated.for_each_unknown,
                "module_calls": a.not_evaluated.module_calls(),
                "module_instances_unknown": a.not_evaluated.module_instances_unknown,
                "modules_not_downloaded": a.not_evaluated.modules_not_downloaded,
                "modules_not_found": a.not_evaluated.modules_not_found,
                "helm_templates": a.not_evaluated.helm_templates,
                "audit_files": a.not_evaluated.audit_files,
            },
        },
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
