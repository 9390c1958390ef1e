//! `vigil check`.

use std::io::IsTerminal;

use anyhow::Result;
use rayon::prelude::*;
use vigil_ide::{evaluate_chunk_cached, finish, plan, Analysis, Finding, Texts};
use vigil_policy::{Enforcement, Frameworks, PolicySet, Severity};
use vigil_syntax::DiagnosticSeverity;

use crate::output::{self, Report};
use vigil_workspace as workspace;

use crate::{CheckArgs, EnforcementArg, Format, SeverityArg};

/// Resources above which a progress bar is shown (on a terminal only).
const PROGRESS_THRESHOLD: usize = 2000;

/// The codes of errors that mean an input file was not read whole (exit 3).
const INPUT_ERRORS: &[&str] =
    &["syntax", "io", workspace::ENCODING_ERROR, "evaluation-budget", "preview-budget"];

/// What a run reads and computes before it reports: shared by `vigil check` and
/// `vigil report`.
pub struct Inputs<'a> {
    pub paths: &'a [std::path::PathBuf],
    pub config: Option<&'a std::path::Path>,
    pub policy_dirs: &'a [std::path::PathBuf],
    pub no_builtin: bool,
    pub audit: bool,
    /// Only the policies mapped to this framework (or profile) run.
    pub framework: Option<&'a str>,
    pub show_progress: bool,
    pub timings: bool,
}

pub struct Gathered {
    pub ws: workspace::Workspace,
    pub sources: Vec<vigil_policy::PolicySource>,
    pub policies: PolicySet,
    pub model: vigil_model::Model,
    pub analysis: Analysis,
    /// The frameworks known to the run (read only when one was asked for).
    pub frameworks: Frameworks,
}

/// Reads the workspace and the policies, previews and evaluates (only the policies
/// of `inputs.framework`, when given); findings are limited to the files asked for.
pub fn gather(inputs: &Inputs<'_>) -> Result<Gathered> {
    let started = std::time::Instant::now();
    let last = std::cell::Cell::new(started);
    let report_time = |name: &str, took: std::time::Duration| {
        if inputs.timings {
            eprintln!("{name:<18} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    };
    let mut phase = |name: &str| {
        let now = std::time::Instant::now();
        report_time(name, now - last.get());
        last.set(now);
    };
    let mut ws = workspace::load(inputs.paths, inputs.config, None)?;
    phase("read files");
    let mut unread = Vec::new();
    let sources = workspace::policy_sources(&ws, inputs.policy_dirs, !inputs.no_builtin, &mut unread)?;
    ws.diagnostics.extend(unread);
    let time_limit = std::time::Duration::from_millis(ws.config.raw.policies.time_limit_ms);
    let options = vigil_model::PlanOptions { audit: inputs.audit, limits: ws.config.limits() };
    // Loading the policies and previewing the resources do not depend on each other:
    // side by side (with --timings, each phase's own time; they overlap).
    let ((policies, load_took), (model, preview_took)) = rayon::join(
        || {
            let start = std::time::Instant::now();
            (
                PolicySet::load_reusing(&sources, time_limit, &mut workspace::builtin::load_cache()),
                start.elapsed(),
            )
        },
        || {
            let start = std::time::Instant::now();
            parse_shared_modules(&mut ws.files, options);
            (preview(&ws.files, options), start.elapsed())
        },
    );
    report_time("load policies", load_took);
    report_time("preview resources", preview_took);
    last.set(std::time::Instant::now());
    let disabled = workspace::disabled_builtin_ids(&ws);
    let known = |id: &str| policies.find(id).is_some() || disabled.iter().any(|d| d == id);
    let config_warnings = ws.config.check_policy_ids(&ws.config_text, &known);
    ws.diagnostics.extend(config_warnings);
    let mut frameworks = Frameworks::default();
    if let Some(name) = inputs.framework {
        let mut unread = Vec::new();
        let files = workspace::framework_files(&ws, inputs.policy_dirs, !inputs.no_builtin, &mut unread);
        let (loaded, problems) = Frameworks::load(&files);
        ws.diagnostics.extend(unread);
        ws.diagnostics.extend(problems);
        let Some(selection) = loaded.select(name) else {
            anyhow::bail!(
                "unknown framework `{name}`; known: {}",
                if loaded.list.is_empty() {
                    "none (no framework files)".to_string()
                } else {
                    loaded.choices().join(", ")
                }
            );
        };
        ws.config.only = Some(vigil_ide::compliance::policies_of(&selection, &policies));
        frameworks = loaded;
    }
    let today = jiff::Zoned::now().date().to_string();

    let mut analysis = evaluate(&ws, &model, &policies, &today, inputs.show_progress, &mut phase);
    let audited = audit_files(&ws.files);
    if !inputs.audit {
        analysis.not_evaluated.audit_files = audited.len();
        analysis.diagnostics.extend(audited.iter().map(|(path, what)| {
            vigil_model::Diagnostic::info(
                path.to_string(),
                vigil_model::TextRange::empty(0),
                "audit-skipped",
                format!("skipped: this is {what} (existing resources); `vigil check --audit` checks it"),
            )
        }));
    }
    analysis.diagnostics.append(&mut ws.diagnostics);
    analysis.diagnostics.sort();
    if let Some(only) = &ws.only {
        analysis.findings.retain(|f| only.contains(&f.file));
        analysis.suppressed.retain(|f| only.contains(&f.file));
        analysis.summaries.retain(|s| only.contains(&s.file));
    }
    Ok(Gathered { ws, sources, policies, model, analysis, frameworks })
}

/// The exit code for problems that are not findings: 2 for a broken setup (config,
/// policies, framework files), 2 when there was nothing to check (unless
/// `allow_empty`), 3 when an input file was not read whole (unless
/// `allow_input_errors`).
pub fn problem_exit(
    g: &Gathered,
    paths: &[std::path::PathBuf],
    allow_empty: bool,
    allow_input_errors: bool,
) -> Option<u8> {
    let broken_setup = g.analysis.diagnostics.iter().any(|d| {
        d.severity == DiagnosticSeverity::Error
            && (d.code == "config" || d.code == "framework" || d.code.starts_with("policy-"))
    });
    if broken_setup {
        return Some(2);
    }
    // Nothing to check: a mistyped path or an empty folder must not look like a pass.
    let nothing =
        !g.ws.files.iter().any(|f| vigil_model::classify(&f.path, &f.text) != vigil_model::FileKind::Other);
    if nothing && !allow_empty {
        eprintln!(
            "error: no infrastructure files (Terraform, CloudFormation, Kubernetes, Pulumi) under {}: \
             nothing was checked; `--allow-empty` exits 0",
            if paths.is_empty() {
                ".".to_string()
            } else {
                paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            }
        );
        return Some(2);
    }
    // A file that could not be read whole: the check did not see everything, and a CI
    // run must not pass over it.
    let unread = g
        .analysis
        .diagnostics
        .iter()
        .any(|d| d.severity == DiagnosticSeverity::Error && INPUT_ERRORS.contains(&d.code.as_str()));
    if unread && !allow_input_errors {
        return Some(3);
    }
    None
}

/// The texts findings may point into: the workspace's files and the user's policies.
pub fn all_texts(g: &Gathered) -> Vec<vigil_model::SourceFile> {
    g.ws.files
        .iter()
        .chain(&g.ws.extra_texts)
        .cloned()
        .chain(
            g.sources
                .iter()
                .filter(|s| !s.is_builtin())
                .map(|s| vigil_model::SourceFile::new(s.path.clone(), s.text.clone())),
        )
        .collect()
}

pub fn run(args: &CheckArgs) -> Result<u8> {
    let show_progress = std::io::stderr().is_terminal() && args.format == Format::Text;
    let mut g = gather(&Inputs {
        paths: &args.paths,
        config: args.config.as_deref(),
        policy_dirs: &args.policy_dirs,
        no_builtin: args.no_builtin,
        audit: args.audit,
        framework: args.framework.as_deref(),
        show_progress,
        timings: args.timings,
    })?;
    let reported = std::time::Instant::now();
    let min_severity = args.severity.map(|s| match s {
        SeverityArg::Low => Severity::Low,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::High => Severity::High,
        SeverityArg::Critical => Severity::Critical,
    });
    let enforcements: Vec<Enforcement> = args
        .enforcement
        .iter()
        .map(|e| match e {
            EnforcementArg::Advisory => Enforcement::Advisory,
            EnforcementArg::Mandatory => Enforcement::Mandatory,
            EnforcementArg::Remediate => Enforcement::Remediate,
        })
        .collect();
    let keep = |f: &Finding| {
        min_severity.is_none_or(|m| f.severity >= m)
            && (enforcements.is_empty() || enforcements.contains(&f.enforcement))
    };
    g.analysis.findings.retain(keep);
    g.analysis.suppressed.retain(keep);

    let texts = all_texts(&g);
    let all_texts: Vec<&vigil_model::SourceFile> = texts.iter().collect();
    let report = Report {
        analysis: &g.analysis,
        policies: &g.policies,
        files: &all_texts,
        root: &g.ws.root,
        policy_count: g.ws.config.only.as_ref().map_or(g.policies.policies.len(), |only| only.len()),
    };
    let rendered = match args.format {
        Format::Text => output::text::render(&report, args.verbose, color(args.color)),
        // Streamed: at 100,000 resources the text alone is over 100 MB.
        Format::Json => {
            crate::closed_pipe::tolerate(output::json::write(&report, &mut std::io::stdout().lock()))?;
            String::new()
        }
        Format::Sarif => output::sarif::render(&report),
        Format::Junit => output::junit::render(&report),
    };
    if args.timings {
        eprintln!("{:<18} {:>8.1} ms", "suppress & report", reported.elapsed().as_secs_f64() * 1000.0);
    }
    crate::closed_pipe::print(&rendered)?;
    if let Some(code) = problem_exit(&g, &args.paths, args.allow_empty, args.allow_input_errors) {
        return Ok(code);
    }
    Ok(u8::from(g.analysis.findings.iter().any(|f| f.enforcement == Enforcement::Mandatory)))
}

/// Previews the workspace's resources and evaluates the policies on them, in parallel,
/// with a progress bar on long runs when `show_progress` (for `vigil fix`). State
/// files and `kubectl` dumps are not read.
pub fn analyze(
    ws: &workspace::Workspace,
    policies: &PolicySet,
    today: &str,
    show_progress: bool,
) -> Analysis {
    let model =
        preview(&ws.files, vigil_model::PlanOptions { limits: ws.config.limits(), ..Default::default() });
    evaluate(ws, &model, policies, today, show_progress, &mut |_| {})
}

/// Parses once, in parallel, the Terraform files that several stacks read (a module
/// that a root and its `examples/*` call), which each stack would otherwise parse
/// again; the trees go with the files.
fn parse_shared_modules(files: &mut [vigil_model::SourceFile], options: vigil_model::PlanOptions) {
    let shared: std::collections::HashSet<String> = {
        let (inputs, _) = vigil_model::plan_stacks_with(files, options);
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        for input in inputs.iter().filter(|i| matches!(i, vigil_model::StackInput::Terraform { .. })) {
            for f in input.files() {
                *seen.entry(f.path.as_str()).or_default() += 1;
            }
        }
        seen.into_iter()
            .filter(|(path, n)| *n > 1 && (path.ends_with(".tf") || path.ends_with(".tfvars")))
            .map(|(path, _)| path.to_string())
            .collect()
    };
    files.par_iter_mut().filter(|f| f.tree.is_none() && shared.contains(&f.path)).for_each(|f| {
        let language = vigil_syntax::Language::Hcl;
        f.tree = vigil_syntax::parse_tree(language, &f.text, None).map(|tree| (language, tree));
    });
}

/// The workspace's resources, previewed (stacks in parallel).
fn preview(files: &[vigil_model::SourceFile], options: vigil_model::PlanOptions) -> vigil_model::Model {
    let (stack_inputs, model_diagnostics) = vigil_model::plan_stacks_with(files, options);
    let loaded: Vec<_> =
        stack_inputs.par_iter().map(|i| vigil_model::load_stack_with(i, &options.limits, None)).collect();
    vigil_model::assemble(loaded, model_diagnostics)
}

/// Evaluates the policies on a previewed model, in parallel, with a progress bar on
/// long runs when `show_progress`.
fn evaluate(
    ws: &workspace::Workspace,
    model: &vigil_model::Model,
    policies: &PolicySet,
    today: &str,
    show_progress: bool,
    phase: &mut dyn FnMut(&str),
) -> Analysis {
    let texts = Texts::new(&ws.files);
    let chunks = plan(model, rayon::current_num_threads() * 2);
    let limits = ws.config.limits();
    let clock = workspace::clock::StackClock::new(model.stacks.len(), limits.stack_eval_time())
        .with_memory_budget(limits.memory_mib);
    // Each stack as policies see it: made by its first chunk, shared by the others,
    // dropped after its last (so that only the stacks in flight are held).
    let stack_data: Vec<std::sync::Mutex<Option<vigil_policy::StackData>>> =
        model.stacks.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let pending: Vec<std::sync::atomic::AtomicUsize> =
        model.stacks.iter().map(|_| std::sync::atomic::AtomicUsize::new(0)).collect();
    for chunk in &chunks {
        pending[chunk.stack].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    let total: usize = model.resources().count();
    let bar = (show_progress && total >= PROGRESS_THRESHOLD).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} checking {pos}/{len} resources [{bar:30}] {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let results: Vec<_> = clock.watch(|| {
        chunks
            .par_iter()
            .map(|chunk| {
                let data = {
                    let mut slot = stack_data[chunk.stack].lock().unwrap_or_else(|p| p.into_inner());
                    slot.get_or_insert_with(|| vigil_policy::StackData::new(&model.stacks[chunk.stack]))
                        .clone()
                };
                let chunk = vigil_ide::Chunk { stop: Some(clock.start(chunk.stack)), ..chunk.clone() };
                let out = evaluate_chunk_cached(model, &chunk, &data, policies, &ws.config, &texts, None);
                drop(data);
                if pending[chunk.stack].fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1 {
                    *stack_data[chunk.stack].lock().unwrap_or_else(|p| p.into_inner()) = None;
                }
                if let Some(bar) = &bar {
                    bar.inc(chunk.resources.len() as u64);
                }
                out
            })
            .collect()
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    phase("evaluate");
    let mut analysis = finish(model, results, policies, &ws.config, &ws.files, today);
    // Kinds of resources no policy applies to: one note each (`-v`), so that a pass
    // on them is not mistaken for a check.
    analysis.diagnostics.extend(vigil_ide::uncovered_kinds(model, policies, &ws.config));
    analysis
}

/// The state files and `kubectl` dumps among `files`, with what they are. Without
/// `--audit` they get a note (shown with `--verbose` and in JSON), so that checking
/// one does not look like a pass.
fn audit_files(files: &[vigil_model::SourceFile]) -> Vec<(&str, &'static str)> {
    files
        .iter()
        .filter_map(|f| match vigil_model::classify(&f.path, &f.text) {
            vigil_model::FileKind::TerraformState => Some((f.path.as_str(), "a Terraform state")),
            vigil_model::FileKind::KubernetesList => Some((f.path.as_str(), "a `kubectl get -o json` list")),
            _ => None,
        })
        .collect()
}

fn color(choice: crate::ColorChoice) -> bool {
    match choice {
        crate::ColorChoice::Always => true,
        crate::ColorChoice::Never => false,
        crate::ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly

    use super::*;

    /// testdata/realworld: each module that a root and its examples call is parsed
    /// once up front, the files only one stack reads are not, and the preview is the
    /// same as without the trees.
    #[test]
    fn files_several_stacks_read_are_parsed_once_up_front() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../testdata/realworld");
        let ws = workspace::load(&[root], None, None).unwrap();
        let options = vigil_model::PlanOptions::default();
        let mut files = ws.files.clone();
        parse_shared_modules(&mut files, options);
        let parsed: Vec<&str> = files.iter().filter(|f| f.tree.is_some()).map(|f| f.path.as_str()).collect();
        assert!(parsed.iter().any(|p| p.ends_with("aws-vpc/main.tf")), "{parsed:?}");
        assert!(!parsed.iter().any(|p| p.contains("/examples/")), "{parsed:?}");
        let with = preview(&files, options);
        let without = preview(&ws.files, options);
        assert_eq!(with.stacks.len(), without.stacks.len());
        for (a, b) in with.stacks.iter().zip(&without.stacks) {
            assert_eq!(a.resources, b.resources, "{}", a.id);
        }
        assert_eq!(with.diagnostics, without.diagnostics);
    }
}
