//! Machine-readable JSON: findings, suppressed findings, diagnostics, summary.
//!
//! Written as it is serialised (borrowed structs straight to the writer): at 100,000
//! resources a tree of `serde_json::Value`s and the whole text in memory cost more
//! than the rest of the report.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use vigil_ide::Finding;
use vigil_policy::{Enforcement, Severity};

use super::{Locator, Position, Report};

#[derive(Serialize)]
struct Output<'a> {
    version: &'static str,
    findings: Vec<FindingOut<'a>>,
    suppressed: Vec<FindingOut<'a>>,
    diagnostics: Vec<DiagnosticOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    policy_id: &'a str,
    title: &'a str,
    severity: Severity,
    enforcement: Enforcement,
    message: &'a str,
    address: &'a str,
    resource_type: &'a str,
    file: &'a str,
    path: &'a Option<String>,
    range: FindingRange,
    controls: &'a BTreeMap<String, Vec<String>>,
    fix: &'a [Value],
    fix_safety: &'static str,
    suppressed: &'a Option<String>,
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct FindingRange {
    start: LineColumn,
    end: LineColumn,
    byte_start: u32,
    byte_end: u32,
}

#[derive(Serialize)]
struct LineColumn {
    line: u32,
    column: u32,
}

impl From<Position> for LineColumn {
    fn from(p: Position) -> Self {
        LineColumn { line: p.line, column: p.column }
    }
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    note: &'a str,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    file: &'a str,
    severity: &'static str,
    code: &'a str,
    message: &'a str,
    range: Span,
}

#[derive(Serialize)]
struct Span {
    start: LineColumn,
    end: LineColumn,
}

#[derive(Serialize)]
struct Summary {
    findings: usize,
    mandatory: usize,
    suppressed: usize,
    resources: usize,
    files: usize,
    policies: usize,
    not_evaluated: NotEvaluated,
}

#[derive(Serialize)]
struct NotEvaluated {
    resources: usize,
    count_unknown: usize,
    for_each_unknown: usize,
    module_calls: usize,
    module_instances_unknown: usize,
    modules_not_downloaded: usize,
    modules_not_found: usize,
    helm_templates: usize,
    audit_files: usize,
}

fn finding_out<'a>(locator: &Locator<'_>, f: &'a Finding) -> FindingOut<'a> {
    let (start, end) = locator.positions(&f.file, f.range, false);
    FindingOut {
        policy_id: &f.policy_id,
        title: &f.title,
        severity: f.severity,
        enforcement: f.enforcement,
        message: &f.message,
        address: &f.address,
        resource_type: &f.resource_type,
        file: &f.file,
        path: &f.path,
        range: FindingRange {
            start: start.into(),
            end: end.into(),
            byte_start: f.range.start,
            byte_end: f.range.end,
        },
        controls: &f.controls,
        fix: &f.fix,
        fix_safety: if f.fix_safe { "safe" } else { "unsafe" },
        suppressed: &f.suppressed,
        related: f
            .related
            .iter()
            .map(|o| {
                let (start, _) = locator.positions(&o.file, o.range, false);
                Related { file: &o.file, line: start.line, column: start.column, note: &o.note }
            })
            .collect(),
    }
}

/// Writes the report, pretty-printed, with a final newline.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let locator = Locator::new(report.files);
    let a = report.analysis;
    let diagnostics = a
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = locator.positions(&d.file, d.range, false);
            DiagnosticOut {
                file: &d.file,
                severity: d.severity.as_str(),
                code: &d.code,
                message: &d.message,
                range: Span { start: start.into(), end: end.into() },
            }
        })
        .collect();
    let n = &a.not_evaluated;
    let output = Output {
        version: env!("CARGO_PKG_VERSION"),
        findings: a.findings.iter().map(|f| finding_out(&locator, f)).collect(),
        suppressed: a.suppressed.iter().map(|f| finding_out(&locator, f)).collect(),
        diagnostics,
        summary: Summary {
            findings: a.findings.len(),
            mandatory: a.findings.iter().filter(|f| f.enforcement == Enforcement::Mandatory).count(),
            suppressed: a.suppressed.len(),
            resources: a.resources,
            files: a.files,
            policies: report.policy_count,
            not_evaluated: NotEvaluated {
                resources: n.resources(),
                count_unknown: n.count_unknown,
                for_each_unknown: n.for_each_unknown,
                module_calls: n.module_calls(),
                module_instances_unknown: n.module_instances_unknown,
                modules_not_downloaded: n.modules_not_downloaded,
                modules_not_found: n.modules_not_found,
                helm_templates: n.helm_templates,
                audit_files: n.audit_files,
            },
        },
    };
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &output)?;
    out.write_all(b"\n")?;
    out.flush()
}
