//! The Vigil language server: the only crate that knows LSP and async.
//!
//! Handlers convert in, call the workspace façade (`vigil-ide`), convert out. Document
//! changes are applied in order under a short lock; analysis runs on an immutable
//! snapshot in the blocking pool, debounced, and its diagnostics are published only
//! when the document's version still matches the snapshot's.

mod convert;
mod framing;
mod logging;
mod server;
mod state;

use std::io::IsTerminal;

pub use server::Backend;

/// Runs the server on stdin/stdout until the client says `exit`. Logs at
/// `log_level` and above go to stderr; warnings and errors also reach the client as
/// `window/logMessage`.
pub fn run_stdio(log_level: &str) -> anyhow::Result<()> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_new(format!("vigil={log_level},vigil_lsp={log_level}"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .with(logging::ClientLayer::new(tx))
        .try_init();
    // Workers of a known stack size (see vigil_workspace::THREAD_STACK); the rayon pool
    // that evaluates big stacks too (the CLI, which runs this, has made it already).
    let stack = vigil_workspace::THREAD_STACK;
    let _ = rayon::ThreadPoolBuilder::new().stack_size(stack).build_global();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().thread_stack_size(stack).enable_all().build()?;
    runtime.block_on(async {
        let (service, socket) = tower_lsp_server::LspService::build(|client| {
            tokio::spawn(logging::forward(rx, client.clone()));
            Backend::new(client)
        })
        .finish();
        let input = framing::checked(tokio::io::stdin());
        tower_lsp_server::Server::new(input, tokio::io::stdout(), socket).serve(service).await;
    });
    // After `exit` the reader of stdin may still be blocked in a read the runtime
    // cannot interrupt: do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

/// Serves a connection (in tests: an in-memory pipe), reading only well-formed
/// messages from it (see `framing`).
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = tower_lsp_server::LspService::build(Backend::new).finish();
    tower_lsp_server::Server::new(framing::checked(input), output, socket).serve(service).await;
}
