//! `vigil`: check infrastructure code against policies, and test policies.

mod check;
mod closed_pipe;
mod fix_cmd;
mod output;
mod report_cmd;
mod test_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "vigil",
    version,
    about = "Policy-as-code for Terraform, CloudFormation, Kubernetes and Pulumi",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check infrastructure files against the policies (exit 1 on a mandatory finding).
    Check(CheckArgs),
    /// Apply the fixes of findings (of `remediate` policies, or all with --all).
    Fix(FixArgs),
    /// Print a compliance report: every control of a framework, the policies mapped to
    /// it with their pass/fail counts on the checked paths, and the controls no policy
    /// covers.
    Report(ReportArgs),
    /// Run the `test_*` rules of `*_test.rego` files, like `opa test`.
    Test(TestArgs),
    /// Run the language server on stdin/stdout (for editors).
    Lsp(LspArgs),
}

#[derive(clap::Args)]
pub struct LspArgs {
    /// Talk over stdin/stdout (the default and only transport; accepted because
    /// vscode-languageclient passes it).
    #[arg(long)]
    pub stdio: bool,
    /// Log level of the messages written to stderr.
    #[arg(long, default_value = "info", value_parser = ["error", "warn", "info", "debug", "trace"])]
    pub log_level: String,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show only findings of this severity or higher.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// Show only findings with these enforcement levels (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub enforcement: Vec<EnforcementArg>,
    /// Extra policy directory (repeatable), in addition to vigil.toml's `policies.dirs`.
    #[arg(long = "policy-dir")]
    pub policy_dirs: Vec<PathBuf>,
    /// Do not load the built-in policy packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// Use this configuration file instead of looking for vigil.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Also list suppressed findings and informational notes (text format).
    #[arg(long, short)]
    pub verbose: bool,
    /// Colours in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit 0 when no infrastructure file was found (by default that is exit 2: a
    /// mistyped path or an empty folder must not pass a CI run).
    #[arg(long)]
    pub allow_empty: bool,
    /// Exit 0/1 by the findings even when an input file has a syntax, encoding or
    /// read error (by default such a check exits 3: it could not read everything).
    #[arg(long)]
    pub allow_input_errors: bool,
    /// Print how long each phase took (stderr).
    #[arg(long)]
    pub timings: bool,
    /// Also check existing resources: Terraform state files (`*.tfstate`, format
    /// version 4) and `kubectl get -o json` lists; findings point into them.
    #[arg(long)]
    pub audit: bool,
    /// Run only the policies mapped to this compliance framework: cis-aws,
    /// cis-azure, cis-gcp, cis-kubernetes, nist, pci, pss (or its profiles
    /// pss-baseline, pss-restricted), or a framework file's id or name.
    #[arg(long, value_name = "NAME")]
    pub framework: Option<String>,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// Files or directories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// The framework: cis-aws, cis-azure, cis-gcp, cis-kubernetes, nist, pci, pss,
    /// pss-baseline, pss-restricted, or a framework file's id or name.
    #[arg(long, value_name = "NAME")]
    pub framework: String,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Also load policies (and `frameworks/*.yaml` files) from this directory (repeatable).
    #[arg(long = "policy-dir")]
    pub policy_dirs: Vec<PathBuf>,
    /// Do not load the built-in policy packs and frameworks.
    #[arg(long)]
    pub no_builtin: bool,
    /// Path to vigil.toml (default: discovered upward from the first path).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Also check existing resources: Terraform state files and `kubectl get -o json`
    /// lists.
    #[arg(long)]
    pub audit: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    Json,
    /// One self-contained HTML page.
    Html,
}

#[derive(clap::Args)]
pub struct FixArgs {
    /// Files or directories to fix (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Fix the findings of every policy, not only of `remediate` ones.
    #[arg(long)]
    pub all: bool,
    /// Only the findings of this policy (repeatable).
    #[arg(long = "policy", value_name = "ID")]
    pub policy: Vec<String>,
    /// Also apply fixes their policy marks unsafe (they may change intended behaviour).
    #[arg(long)]
    pub r#unsafe: bool,
    /// Print the changes as a unified diff and write nothing (exit 1 if there are any).
    #[arg(long)]
    pub diff: bool,
    /// Extra policy directory (repeatable), in addition to vigil.toml's `policies.dirs`.
    #[arg(long = "policy-dir")]
    pub policy_dirs: Vec<PathBuf>,
    /// Do not load the built-in policy packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// Use this configuration file instead of looking for vigil.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct TestArgs {
    /// Files or directories with `.rego` files (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Run only tests whose name or file contains this text.
    #[arg(long)]
    pub run: Option<String>,
    /// Print every test, not only failures.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnforcementArg {
    Advisory,
    Mandatory,
    Remediate,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    // The policy engine's parser uses errors to backtrack; with RUST_BACKTRACE set
    // (common among developers) every such error would capture a backtrace, which
    // made loading policies twice as slow. Library errors are never shown with a
    // backtrace, so they need none; panics keep theirs.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    // Panics inside the policy engine are contained and reported as diagnostics on
    // the policy; any other panic is a bug and is printed as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !vigil_policy::panic_is_contained() {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    // Parsing and evaluation run on threads of a known stack size (see
    // THREAD_STACK): the main work on one of its own, the parallel parts in rayon's.
    let stack = vigil_workspace::THREAD_STACK;
    let _ = rayon::ThreadPoolBuilder::new().stack_size(stack).build_global();
    let work =
        std::thread::Builder::new().name("vigil".to_string()).stack_size(stack).spawn(move || {
            match cli.command {
                Command::Check(args) => check::run(&args),
                Command::Fix(args) => fix_cmd::run(&args),
                Command::Report(args) => report_cmd::run(&args),
                Command::Test(args) => test_cmd::run(&args),
                Command::Lsp(args) => vigil_lsp::run_stdio(&args.log_level).map(|()| 0),
            }
        });
    let result = match work.map(|thread| thread.join()) {
        Ok(Ok(result)) => result,
        // The panic was printed by the hook; as an uncaught panic exits.
        Ok(Err(_)) => return ExitCode::from(101),
        Err(e) => Err(anyhow::anyhow!("cannot start a thread: {e}")),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
