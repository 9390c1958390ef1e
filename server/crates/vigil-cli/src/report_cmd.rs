//! `vigil report`: a compliance report of the checked paths against one framework.

use anyhow::Result;
use vigil_syntax::DiagnosticSeverity;

use crate::check::{self, Inputs};
use crate::output::compliance::{self as render, Scope};
use crate::{ReportArgs, ReportFormat};

pub fn run(args: &ReportArgs) -> Result<u8> {
    let g = check::gather(&Inputs {
        paths: &args.paths,
        config: args.config.as_deref(),
        policy_dirs: &args.policy_dirs,
        no_builtin: args.no_builtin,
        audit: args.audit,
        framework: Some(&args.framework),
        show_progress: false,
        timings: false,
    })?;
    let Some(selection) = g.frameworks.select(&args.framework) else {
        anyhow::bail!("unknown framework `{}`", args.framework);
    };
    let report = vigil_ide::compliance::compliance_report(&selection, &g.policies, &g.model, &g.analysis);
    let errors: Vec<_> =
        g.analysis.diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error).collect();
    // The report is the document; what kept it from being complete goes to stderr.
    for d in &errors {
        eprintln!("error: {}: {}", d.file, d.message);
    }
    let scope = Scope {
        paths: args.paths.iter().map(|p| p.display().to_string()).collect(),
        files: g.analysis.files,
        resources: g.analysis.resources,
        input_errors: errors.len(),
    };
    let text = match args.format {
        ReportFormat::Md => render::markdown(&report, &scope),
        ReportFormat::Json => render::json(&report, &scope),
        ReportFormat::Html => render::html(&report, &scope),
    };
    crate::closed_pipe::print(&text)?;
    // A report is not a gate (`vigil check --framework` is): 0 unless the setup is
    // broken, there was nothing to check, or an input was not read whole.
    Ok(check::problem_exit(&g, &args.paths, false, false).unwrap_or(0))
}
