//! Editor features as plain data: hover cards, code actions, code lenses. The
//! language server converts them to LSP; nothing here knows LSP.

use vigil_fix::TextEdit;
use vigil_model::SourceFile;
use vigil_policy::{Enforcement, Frameworks, PolicyMeta, PolicySet};
use vigil_syntax::{LineIndex, TextRange};

use crate::{Analysis, Finding};

/// The controls a policy names, per framework: the framework's title and each
/// control's one-line summary from its framework file (`frameworks`), or the bare
/// ids for a framework no file describes.
fn controls_section(meta: &PolicyMeta, frameworks: &Frameworks) -> String {
    if meta.controls.values().all(Vec::is_empty) {
        return String::new();
    }
    let mut out = String::from("\n\n**Controls**\n");
    for (key, ids) in &meta.controls {
        let framework = frameworks.list.iter().find(|f| &f.id == key);
        let name = framework.map_or(key.clone(), |f| format!("{} (`{key}`)", f.title));
        let controls: Vec<String> = ids
            .iter()
            .map(|id| match framework.and_then(|f| f.controls.iter().find(|c| &c.id == id)) {
                Some(c) => format!("**{id}** {}", c.title),
                None => format!("**{id}**"),
            })
            .collect();
        out.push_str(&format!("\n- {name}: {}", controls.join(" · ")));
    }
    out
}

/// The card of a control id under the cursor in a policy's METADATA: the control's
/// summary and framework, and the policy naming it.
pub fn control_card(framework: &str, control: &str, meta: &PolicyMeta, frameworks: &Frameworks) -> String {
    let f = frameworks.list.iter().find(|f| f.id == framework);
    let title = f
        .and_then(|f| f.controls.iter().find(|c| c.id == control))
        .map_or_else(|| "_Not a control the framework file lists._".to_string(), |c| c.title.clone());
    let framework_title = f.map_or(String::new(), |f| format!("{}\n\n", f.title));
    format!(
        "**{framework}** `{control}`: {title}\n\n{framework_title}Control of `{}` ({})",
        meta.id, meta.title
    )
}

fn links(meta: &PolicyMeta) -> String {
    if meta.related_resources.is_empty() {
        return String::new();
    }
    let items: Vec<String> =
        meta.related_resources.iter().map(|l| format!("[{}]({l})", short_link(l))).collect();
    format!("\n\nMore: {}", items.join(" · "))
}

fn short_link(url: &str) -> &str {
    url.trim_start_matches("https://").trim_start_matches("http://").split('/').next().unwrap_or(url)
}

/// The card of a policy: title, id, severity, enforcement, why, controls, links.
pub fn policy_card(meta: &PolicyMeta, enforcement: Enforcement, frameworks: &Frameworks) -> String {
    let aliases =
        if meta.aliases.is_empty() { String::new() } else { format!(" · also {}", meta.aliases.join(", ")) };
    format!(
        "**{}** `{}`\n\nseverity **{}** · {}{}\n\n{}{}{}",
        meta.title,
        meta.id,
        meta.severity.as_str(),
        enforcement.as_str(),
        aliases,
        meta.description,
        controls_section(meta, frameworks),
        links(meta)
    )
}

/// The card of a finding: the message first (unless the client shows it in the
/// hover already, `with_message` false), then the policy's card and the fix; with
/// `stale`, the policy file with errors whose last good version made the verdict
/// (see [`PolicySet::stale`]).
pub fn finding_card(
    finding: &Finding,
    meta: &PolicyMeta,
    with_message: bool,
    stale: Option<&str>,
    frameworks: &Frameworks,
) -> String {
    let fix = if finding.fix.is_empty() {
        String::new()
    } else if finding.fix_safe {
        "\n\n**Fix available**: use the quick fix (Ctrl+.).".to_string()
    } else {
        "\n\n**Fix available** (review it: it may change intended behaviour).".to_string()
    };
    let suppressed =
        finding.suppressed.as_ref().map(|r| format!("\n\n_Suppressed: {r}_")).unwrap_or_default();
    // A suppressed finding is no diagnostic: its message is nowhere else.
    let message = if with_message || finding.suppressed.is_some() {
        format!("{}\n\n---\n\n", finding.message)
    } else {
        String::new()
    };
    let stale = stale
        .map(|file| {
            format!("\n\n_Stale: `{file}` has errors; this verdict comes from its last version that loaded._")
        })
        .unwrap_or_default();
    format!(
        "{message}{}{fix}{suppressed}{stale}\n\n`{}` on `{}`",
        policy_card(meta, finding.enforcement, frameworks),
        finding.policy_id,
        finding.address
    )
}

/// The card of a resource header: every policy that looked at it and its verdict.
pub fn resource_card(
    analysis: &Analysis,
    policies: &PolicySet,
    file: &str,
    header: TextRange,
) -> Option<String> {
    let summary = analysis.summaries.iter().find(|s| s.file == file && s.header == header)?;
    let mut rows = Vec::new();
    for id in &summary.evaluated {
        let failed = analysis
            .findings
            .iter()
            .filter(|f| f.address == summary.address && f.file == file && &f.policy_id == id)
            .count();
        let suppressed = analysis
            .suppressed
            .iter()
            .any(|f| f.address == summary.address && f.file == file && &f.policy_id == id);
        let verdict = if failed > 0 {
            format!("✗ failed ({failed})")
        } else if suppressed {
            "~ suppressed".to_string()
        } else if summary.unknown.contains(id) {
            "? unknown until apply".to_string()
        } else {
            "✓ passed".to_string()
        };
        let title = policies.find(id).map(|i| policies.meta(i).title.clone());
        rows.push((verdict, id.clone(), title));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).reverse().then(a.1.cmp(&b.1)));
    let mut out = format!(
        "**{}**: {} polic{} evaluated\n\n| | policy |\n|---|---|\n",
        summary.address,
        rows.len(),
        if rows.len() == 1 { "y" } else { "ies" }
    );
    for (verdict, id, title) in rows {
        out.push_str(&format!(
            "| {verdict} | `{id}`{} |\n",
            title.map(|t| format!(" {t}")).unwrap_or_default()
        ));
    }
    Some(out)
}

/// What a code action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    FixAll,
    Ignore,
    Disable,
}

/// A code action: edits in one or more files.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub preferred: bool,
    pub edits: Vec<(String, Vec<TextEdit>)>,
    /// The policy id the action is about, for clients that group actions.
    pub policy_id: Option<String>,
}

/// Quick fixes, "ignore here" and "disable in vigil.toml" for the findings of `file`
/// that touch `range`.
/// `files` are the workspace's files (a fix may edit a tfvars file), `text` is
/// `file`'s.
#[allow(clippy::too_many_arguments)]
pub fn code_actions(
    files: &[SourceFile],
    policies: &PolicySet,
    analysis: &Analysis,
    file: &str,
    range: TextRange,
    text: &str,
    config_file: Option<(&str, &str)>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let touching: Vec<&Finding> = analysis
        .findings
        .iter()
        .filter(|f| f.file == file && f.range.start <= range.end && range.start <= f.range.end)
        .collect();
    for f in touching.iter().filter(|f| !f.fix.is_empty()) {
        // A fix that cannot be made, or that would not remove its finding, is not
        // offered.
        if let Ok(fix) = crate::remediate::fix_finding(files, policies, f) {
            let notes =
                if fix.notes.is_empty() { String::new() } else { format!(" — {}", fix.notes.join("; ")) };
            actions.push(Action {
                title: format!("Fix: {} ({}){notes}", fix_title(f), f.policy_id),
                kind: ActionKind::QuickFix,
                // The preferred action (auto-fix) is the fix of a remediate policy.
                preferred: f.enforcement == Enforcement::Remediate && f.fix_safe,
                edits: fix.files.into_iter().collect(),
                policy_id: Some(f.policy_id.clone()),
            });
        }
    }
    for f in &touching {
        if let Some(edit) = ignore_edit(f, text) {
            actions.push(Action {
                title: format!("Ignore {} here", f.policy_id),
                kind: ActionKind::Ignore,
                preferred: false,
                edits: vec![(file.to_string(), vec![edit])],
                policy_id: Some(f.policy_id.clone()),
            });
        }
    }
    let mut disabled = std::collections::BTreeSet::new();
    for f in &touching {
        if disabled.insert(f.policy_id.clone()) {
            let (config_path, config_text) = config_file.unwrap_or(("vigil.toml", ""));
            actions.push(Action {
                title: format!("Disable {} in vigil.toml", f.policy_id),
                kind: ActionKind::Disable,
                preferred: false,
                edits: vec![(config_path.to_string(), vec![disable_edit(config_text, &f.policy_id)])],
                policy_id: Some(f.policy_id.clone()),
            });
        }
    }
    actions
}

pub const FIX_ALL_TITLE: &str = "Fix all Vigil findings in file";

/// "Fix all Vigil findings in file": the safe fixes of the file's findings, applied
/// one after another and checked like quick fixes.
pub fn fix_all(
    files: &[SourceFile],
    policies: &PolicySet,
    analysis: &Analysis,
    file: &str,
) -> Option<Action> {
    let findings: Vec<&Finding> = analysis
        .findings
        .iter()
        .filter(|f| f.file == file && f.fix_safe && !f.fix.is_empty() && f.suppressed.is_none())
        .collect();
    if findings.is_empty() {
        return None;
    }
    let outcome = crate::remediate::fix_findings(files, policies, &findings);
    let edits = outcome.edits(files);
    (!edits.is_empty()).then(|| Action {
        title: FIX_ALL_TITLE.to_string(),
        kind: ActionKind::FixAll,
        preferred: false,
        edits,
        policy_id: None,
    })
}

fn fix_title(f: &Finding) -> String {
    let ops: Vec<String> = f
        .fix
        .iter()
        .filter_map(|op| {
            let path = op.get("path")?.as_str()?;
            let attr = path.rsplit('/').next().unwrap_or(path);
            match op.get("op")?.as_str()? {
                "remove" => Some(format!("remove {attr}")),
                _ => Some(format!("set {attr} = {}", op.get("value")?)),
            }
        })
        .collect();
    if ops.is_empty() {
        f.title.clone()
    } else {
        ops.join(", ")
    }
}

/// `# vigil:ignore <ID> <reason>` on its own line above the finding, at that line's
/// indentation. None for JSON, which has no comments.
pub fn ignore_edit(f: &Finding, text: &str) -> Option<TextEdit> {
    if f.file.ends_with(".json") {
        return None;
    }
    let index = LineIndex::new(text);
    let line = index.line_col(f.range.start).line;
    let line_range = index.line_range(line, text);
    let content = text.get(line_range.as_usize())?;
    let mut indent: String = content.chars().take_while(|c| c.is_whitespace()).collect();
    // A YAML sequence item (`- name: x`): the comment goes at the dash's column.
    if content.trim_start().starts_with("- ") {
        indent = content[..content.len() - content.trim_start().len()].to_string();
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Some(TextEdit {
        range: TextRange::empty(line_range.start),
        new_text: format!("{indent}# vigil:ignore {} <reason>{newline}", f.policy_id),
    })
}

/// Adds `[policy."ID"] enforcement = "disabled"` to vigil.toml (or sets it).
pub fn disable_edit(config_text: &str, id: &str) -> TextEdit {
    let header = format!("[policy.\"{id}\"]");
    if let Some(at) = config_text.find(&header) {
        // Replace the section's enforcement line if there is one, else add it.
        let after = at + header.len();
        let section_end = config_text[after..].find("\n[").map_or(config_text.len(), |i| after + i);
        if let Some(rel) = config_text[after..section_end].find("enforcement") {
            let start = after + rel;
            let end = config_text[start..].find('\n').map_or(config_text.len(), |i| start + i);
            return TextEdit {
                range: TextRange::from_usize(start, end),
                new_text: "enforcement = \"disabled\"".into(),
            };
        }
        return TextEdit {
            range: TextRange::from_usize(after, after),
            new_text: "\nenforcement = \"disabled\"".into(),
        };
    }
    let sep = if config_text.is_empty() || config_text.ends_with("\n\n") {
        ""
    } else if config_text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    TextEdit {
        range: TextRange::from_usize(config_text.len(), config_text.len()),
        new_text: format!("{sep}{header}\nenforcement = \"disabled\"\n"),
    }
}

/// A code lens: a line of text above a range, optionally running a command.
#[derive(Debug, Clone, PartialEq)]
pub struct Lens {
    pub range: TextRange,
    pub title: String,
    /// (command id, arguments as JSON)
    pub command: Option<(String, Vec<serde_json::Value>)>,
}

/// "✓ N passed · ✗ M failed" above each resource header of `file`.
pub fn resource_lenses(analysis: &Analysis, file: &str) -> Vec<Lens> {
    analysis
        .summaries
        .iter()
        .filter(|s| s.file == file && !s.evaluated.is_empty())
        .map(|s| {
            let failed: std::collections::BTreeSet<&str> = analysis
                .findings
                .iter()
                .filter(|f| f.file == file && f.address == s.address)
                .map(|f| f.policy_id.as_str())
                .collect();
            let unknown = s.unknown.iter().filter(|u| !failed.contains(u.as_str())).count();
            let passed = s
                .evaluated
                .iter()
                .filter(|id| !failed.contains(id.as_str()) && !s.unknown.contains(id))
                .count();
            let mut title = format!("✓ {passed} passed · ✗ {} failed", failed.len());
            if unknown > 0 {
                title.push_str(&format!(" · ? {unknown} unknown"));
            }
            Lens {
                range: s.header,
                title,
                command: Some(("vigil.showFindings".into(), vec![serde_json::json!(s.address)])),
            }
        })
        .collect()
}

/// "N findings in workspace" above the package line of each policy defined in `file`.
pub fn policy_lenses(analysis: &Analysis, policies: &PolicySet, file: &str) -> Vec<Lens> {
    policies
        .policies
        .iter()
        .filter(|p| p.meta.file == file)
        .map(|p| {
            let n = analysis.findings.iter().filter(|f| f.policy_id == p.meta.id).count();
            Lens {
                range: p.meta.package_range,
                title: format!("{n} finding{} in workspace", if n == 1 { "" } else { "s" }),
                command: Some(("vigil.showFindings".into(), vec![serde_json::json!(p.meta.id)])),
            }
        })
        .collect()
}

/// "Evaluate on resource…" above each policy of `file`: the client's command
/// `vigil.evaluatePolicy` with the document `doc` (as the client names it), which
/// asks the server's `vigil.evaluate` for the resources, lets the user pick one and
/// shows what `vigil.evaluate` says of it.
pub fn evaluate_lenses(policies: &PolicySet, file: &str, doc: &str) -> Vec<Lens> {
    policies
        .policies
        .iter()
        .filter(|p| p.meta.file == file)
        .map(|p| Lens {
            range: p.meta.package_range,
            title: "Evaluate on resource…".into(),
            command: Some(("vigil.evaluatePolicy".into(), vec![serde_json::json!(doc)])),
        })
        .collect()
}

/// The lenses of a test file (`doc`, as the client names it, with `text`): "Run
/// tests" on its package and "Run" on each `test_` rule, or, once `reports` say how
/// they went, "✓ 4 passed" / "✗ 1 failed · 3 passed" and each test's outcome.
pub fn test_lenses(doc: &str, text: &str, reports: Option<&[vigil_policy::TestReport]>) -> Vec<Lens> {
    use vigil_policy::TestOutcome;
    let index = vigil_rego::index_text(text);
    let Some((package, package_range)) = index.package else { return vec![] };
    let package = package.join(".");
    let command = |name: Option<&str>| {
        let mut args = vec![serde_json::json!(doc)];
        args.extend(name.map(|n| serde_json::json!(n)));
        Some(("vigil.runTests".to_string(), args))
    };
    let title = match reports {
        None => "▶ Run tests".to_string(),
        Some(reports) => {
            let passed = reports.iter().filter(|r| r.outcome == TestOutcome::Pass).count();
            let failed = reports.len() - passed;
            match (failed, passed) {
                (0, n) => format!("✓ {n} passed"),
                (f, 0) => format!("✗ {f} failed"),
                (f, n) => format!("✗ {f} failed · {n} passed"),
            }
        }
    };
    let mut lenses = vec![Lens { range: package_range, title, command: command(None) }];
    let mut seen = std::collections::HashSet::new();
    for rule in index.rules.iter().filter(|r| r.name.len() == 1 && r.name[0].starts_with("test_")) {
        if !seen.insert(&rule.name[0]) {
            continue;
        }
        let name = format!("data.{package}.{}", rule.name[0]);
        let title = match reports.and_then(|r| r.iter().find(|t| t.name == name)).map(|r| &r.outcome) {
            None => "▶ Run".to_string(),
            Some(TestOutcome::Pass) => "✓ passed".to_string(),
            Some(TestOutcome::Fail) => "✗ failed".to_string(),
            Some(TestOutcome::Error(_)) => "✗ error".to_string(),
        };
        lenses.push(Lens { range: rule.range, title, command: command(Some(&name)) });
    }
    lenses
}

/// Failed tests as diagnostics on their names (`test-failed`).
pub fn test_diagnostics(reports: &[vigil_policy::TestReport]) -> Vec<vigil_syntax::Diagnostic> {
    use vigil_policy::TestOutcome;
    reports
        .iter()
        .filter_map(|r| {
            let short = r.name.rsplit('.').next().unwrap_or(&r.name);
            let message = match &r.outcome {
                TestOutcome::Pass => return None,
                TestOutcome::Fail => format!("test `{short}` failed: the rule is false or undefined"),
                TestOutcome::Error(e) => format!("test `{short}` could not run: {e}"),
            };
            Some(vigil_syntax::Diagnostic::error(&r.file, r.range, "test-failed", message))
        })
        .collect()
}
