//! rustc/ruff-style text: a header per finding, the source with carets, notes.

use annotate_snippets::{Level, Renderer, Snippet};
use rayon::prelude::*;
use vigil_ide::Finding;
use vigil_policy::Enforcement;
use vigil_syntax::{Diagnostic, DiagnosticSeverity, TextRange};

use super::{visible, Locator, Report};

pub fn render(report: &Report<'_>, verbose: bool, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let locator = Locator::new(report.files);
    let mut out = String::new();
    for d in report.analysis.diagnostics.iter().filter(|d| verbose || d.severity != DiagnosticSeverity::Info)
    {
        out.push_str(&diagnostic(&renderer, &locator, d));
        out.push_str("\n\n");
    }
    // Rendering a finding is most of the report's time: on every core, in order.
    let suppressed: &[Finding] = if verbose { &report.analysis.suppressed } else { &[] };
    let rendered: Vec<String> = report
        .analysis
        .findings
        .par_iter()
        .map(|f| (f, false))
        .chain(suppressed.par_iter().map(|f| (f, true)))
        .map(|(f, suppressed)| finding(&renderer, &locator, f, suppressed))
        .collect();
    for text in rendered {
        out.push_str(&text);
        out.push_str("\n\n");
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn level(enforcement: Enforcement) -> Level {
    match enforcement {
        Enforcement::Mandatory => Level::Error,
        Enforcement::Remediate => Level::Info,
        _ => Level::Warning,
    }
}

/// The lines around a range and the range made relative to them.
fn excerpt(
    text: &str,
    locator: &Locator<'_>,
    file: &str,
    range: TextRange,
) -> Option<(String, usize, std::ops::Range<usize>)> {
    let index = locator.index(file)?;
    let first = index.line_col(range.start).line;
    let last = index.line_col(range.end).line;
    let start = index.line_start(first) as usize;
    let end = index.line_range(last, text).end as usize;
    let source = text.get(start..end)?;
    // On whole characters, whatever the range (a range that split one made the
    // snippet renderer panic).
    let mut lo = (range.start as usize).saturating_sub(start).min(source.len());
    let mut hi = (range.end as usize).saturating_sub(start).min(source.len()).max(lo);
    while !source.is_char_boundary(lo) {
        lo -= 1;
    }
    while !source.is_char_boundary(hi) {
        hi += 1;
    }
    // Tabs as four spaces: the snippet renderer shows a tab as spaces but counts it
    // as no column under it, so marks on a tab-indented line (every Rego policy)
    // sat left of their text.
    let shift = |at: usize| at + 3 * source[..at].matches('\t').count();
    Some((source.replace('\t', "    "), first as usize + 1, shift(lo)..shift(hi)))
}

fn finding(renderer: &Renderer, locator: &Locator<'_>, f: &Finding, suppressed: bool) -> String {
    let lvl = if suppressed { Level::Note } else { level(f.enforcement) };
    let (start, _) = locator.positions(&f.file, f.range, false);
    let origin = visible(&f.file).into_owned();
    let location = format!("{origin}:{}:{}", start.line, start.column);
    let mut notes = vec![format!(
        "resource: {} · severity: {} · {}",
        visible(&f.address),
        f.severity.as_str(),
        f.enforcement.as_str()
    )];
    if !f.controls.is_empty() {
        let controls: Vec<String> = f.controls.iter().map(|(k, v)| format!("{k} {}", v.join(", "))).collect();
        notes.push(format!("controls: {}", controls.join("; ")));
    }
    if !f.fix.is_empty() {
        notes.push(format!(
            "fix available{}",
            if f.fix_safe { "" } else { " (unsafe: review before applying)" }
        ));
    }
    for o in &f.related {
        let (at, _) = locator.positions(&o.file, o.range, false);
        notes.push(format!(
            "value from {}:{}:{}: {}",
            visible(&o.file),
            at.line,
            at.column,
            visible(&o.note)
        ));
    }
    if let Some(reason) = &f.suppressed {
        notes.push(format!("suppressed: {}", visible(reason)));
    }
    let title = visible(&f.message);
    let label = visible(&f.title);
    let mut message = lvl.title(&title).id(&f.policy_id);
    let text = locator.text(&f.file).unwrap_or("");
    let snippet = excerpt(text, locator, &f.file, f.range)
        .map(|(s, line, span)| (visible(&s).into_owned(), line, span));
    if let Some((source, line, span)) = &snippet {
        message = message.snippet(
            Snippet::source(source)
                .line_start(*line)
                .origin(&origin)
                .fold(true)
                .annotation(Level::Error.span(span.clone()).label(&label)),
        );
    }
    for n in &notes {
        message = message.footer(Level::Note.title(n));
    }
    let mut rendered = renderer.render(message).to_string();
    if snippet.is_none() {
        rendered.push_str(&format!("\n  --> {location}"));
    }
    rendered
}

fn diagnostic(renderer: &Renderer, locator: &Locator<'_>, d: &Diagnostic) -> String {
    let lvl = match d.severity {
        DiagnosticSeverity::Error => Level::Error,
        DiagnosticSeverity::Warning => Level::Warning,
        DiagnosticSeverity::Info => Level::Info,
    };
    let (start, _) = locator.positions(&d.file, d.range, false);
    let origin = visible(&d.file).into_owned();
    let location = format!("{origin}:{}:{}", start.line, start.column);
    let title = visible(&d.message);
    let mut message = lvl.title(&title).id(&d.code);
    let text = locator.text(&d.file).unwrap_or("");
    let snippet = excerpt(text, locator, &d.file, d.range)
        .filter(|(s, _, _)| !s.is_empty())
        .map(|(s, line, span)| (visible(&s).into_owned(), line, span));
    if let Some((source, line, span)) = &snippet {
        message = message.snippet(
            Snippet::source(source)
                .line_start(*line)
                .origin(&origin)
                .fold(true)
                .annotation(Level::Error.span(span.clone())),
        );
    }
    let mut rendered = renderer.render(message).to_string();
    if snippet.is_none() {
        rendered.push_str(&format!("\n  --> {location}"));
    }
    rendered
}

pub fn summary(report: &Report<'_>) -> String {
    let a = report.analysis;
    let count = |e: Enforcement| a.findings.iter().filter(|f| f.enforcement == e).count();
    let errors = a.diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error).count();
    let mut parts = Vec::new();
    for (e, name) in [
        (Enforcement::Mandatory, "mandatory"),
        (Enforcement::Advisory, "advisory"),
        (Enforcement::Remediate, "remediate"),
    ] {
        let n = count(e);
        if n > 0 {
            parts.push(format!("{n} {name}"));
        }
    }
    let findings = if a.findings.is_empty() {
        "No findings".to_string()
    } else {
        format!(
            "{} finding{} ({})",
            a.findings.len(),
            if a.findings.len() == 1 { "" } else { "s" },
            parts.join(", ")
        )
    };
    let mut line = format!(
        "{findings} in {} resource{} from {} file{}, {} polic{}",
        a.resources,
        if a.resources == 1 { "" } else { "s" },
        a.files,
        if a.files == 1 { "" } else { "s" },
        report.policy_count,
        if report.policy_count == 1 { "y" } else { "ies" }
    );
    if !a.suppressed.is_empty() {
        line.push_str(&format!("; {} suppressed", a.suppressed.len()));
    }
    let not_evaluated = not_evaluated(&a.not_evaluated);
    if !not_evaluated.is_empty() {
        line.push_str("; ");
        line.push_str(&not_evaluated);
    }
    if errors > 0 {
        line.push_str(&format!("; {errors} error{} in the inputs", if errors == 1 { "" } else { "s" }));
    }
    line.push('.');
    line
}

/// What was not evaluated and why, as a clause of the summary: "3 resources not
/// evaluated (count not known before plan: 2, for_each not known before plan:
/// 1), 1 module not downloaded (run terraform init)"; empty when everything was.
pub fn not_evaluated(n: &vigil_ide::NotEvaluated) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if n.resources() > 0 {
        let mut why = Vec::new();
        for (count, reason) in [
            (n.count_unknown, "count not known before plan"),
            (n.for_each_unknown, "for_each not known before plan"),
        ] {
            if count > 0 {
                why.push(format!("{reason}: {count}"));
            }
        }
        parts.push(format!(
            "{} not evaluated ({})",
            plural(n.resources(), "resource", "resources"),
            why.join(", ")
        ));
    }
    for (count, one, many) in [
        (
            n.module_instances_unknown,
            "module call with count or for_each not known before plan (its resources not evaluated)",
            "module calls with count or for_each not known before plan (their resources not evaluated)",
        ),
        (
            n.modules_not_downloaded,
            "module not downloaded (run terraform init)",
            "modules not downloaded (run terraform init)",
        ),
        (n.modules_not_found, "module not found in the workspace", "modules not found in the workspace"),
        (
            n.helm_templates,
            "Helm template skipped (check the output of helm template)",
            "Helm templates skipped (check the output of helm template)",
        ),
        (
            n.audit_files,
            "state file or kubectl dump not read (use --audit)",
            "state files or kubectl dumps not read (use --audit)",
        ),
    ] {
        if count > 0 {
            parts.push(plural(count, one, many));
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_whole_characters() {
        let file = vigil_model::SourceFile::new("a.tf", "x = \"ééé\"\ny = 1\n");
        let locator = Locator::new(&[&file]);
        // Starts and ends inside the second `é`.
        let (source, line, span) = excerpt(&file.text, &locator, "a.tf", TextRange::new(8, 9)).unwrap();
        assert_eq!((source.as_str(), line), ("x = \"ééé\"", 1));
        assert_eq!(&source[span], "é");
    }

    /// Marks stay under their text on tab-indented lines.
    #[test]
    fn excerpts_expand_tabs_under_their_marks() {
        let file = vigil_model::SourceFile::new("p.rego", "package p\n\nr if {\n\t\tx := f(1)\n}\n");
        let locator = Locator::new(&[&file]);
        let at = file.text.find("f(1)").unwrap() as u32;
        let (source, line, span) =
            excerpt(&file.text, &locator, "p.rego", TextRange::new(at, at + 1)).unwrap();
        assert_eq!((source.as_str(), line), ("        x := f(1)", 4));
        assert_eq!(&source[span], "f");
    }
}
