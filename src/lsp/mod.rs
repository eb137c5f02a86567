//! The language server: `baogao lsp` (or `--stdio`) speaks LSP on stdio.
//!
//! [`run`] sets up logging to stderr and a tokio runtime, [`serve`] runs one
//! session over any reader/writer pair (stdio in production, an in-memory
//! duplex in tests) and reports how it ended, which [`run`] maps to the exit
//! code the specification asks for: 0 after `shutdown` then `exit`, 1 for an
//! `exit` without `shutdown`, 0 when the input simply ends.
//!
//! Nothing but JSON-RPC is written to stdout.

mod config;
mod convert;
mod ctx;
mod drafts;
mod edits;
mod framing;
mod guard;
mod handlers;
mod naming;
mod outbox;
mod pipeline;
mod server;
mod state;
mod stdio;
mod transport;
mod uri;
mod words;
pub mod workspace;

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{ExitedError, LspService};
use tower_service::Service;

use self::ctx::Ctx;
use self::server::Server;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `shutdown`, then `exit`: the orderly end.
    Exit { after_shutdown: bool },
    /// The input ended without an `exit` notification.
    EndOfInput { after_shutdown: bool },
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Exit {
                after_shutdown: false,
            } => 1,
            Outcome::Exit {
                after_shutdown: true,
            }
            | Outcome::EndOfInput { .. } => 0,
        }
    }
}

/// Starts the server on stdio and returns the process exit code.
pub fn run(log_level: Option<&str>) -> ExitCode {
    init_tracing(log_level);
    // One thread runs the session (the analyses of keystrokes included),
    // reading stdin and writing stdout too where they are pipes or sockets
    // (`stdio::direct`); otherwise stdin and stdout have threads of their
    // own. Long analyses (large files, the workspace's drafts) run in the
    // blocking pool. A multi-threaded runtime made every message wake
    // several threads in turn (work stealing), which cost more than a
    // keystroke's analysis; so did handing each message from a reader
    // thread and to a writer thread.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_name("baogao-lsp")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("baogao: 无法启动异步运行时：{e}");
            return ExitCode::from(2);
        }
    };
    let outcome = runtime.block_on(async {
        match stdio::direct() {
            Some((input, output)) => serve_with(input, outbox::spawn(output)).await,
            None => serve_with(tokio::io::stdin(), outbox::spawn_stdout()).await,
        }
    });
    tracing::info!(?outcome, "language server stopped");
    // A stdin reader thread may wait for input forever, and an analysis
    // of a huge document may still be running: do not wait.
    runtime.shutdown_timeout(Duration::from_millis(100));
    ExitCode::from(outcome.exit_code())
}

fn init_tracing(log_level: Option<&str>) {
    use tracing_subscriber::EnvFilter;
    let directive = log_level
        .map(String::from)
        .or_else(|| std::env::var("BAOGAO_LOG").ok())
        .unwrap_or_else(|| "warn".to_string());
    let filter = EnvFilter::try_new(&directive).unwrap_or_else(|_| {
        eprintln!("baogao: 无法识别的日志级别 {directive:?}，改用 warn");
        EnvFilter::new("warn")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Builds the service; `shutdown` sets the returned flag.
/// With an `outbox`, diagnostics bypass tower-lsp-server's client (see
/// `outbox.rs`); without one they go through it.
fn service(
    outbox: Option<outbox::Outbox>,
) -> (
    LspService<Server>,
    tower_lsp_server::ClientSocket,
    Arc<AtomicBool>,
) {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) =
        LspService::build(move |client| Server::new(Arc::new(Ctx::new(client, flag, outbox))))
            .custom_method(handlers::document_text::METHOD, Server::document_text)
            .finish();
    (service, socket, shutdown)
}

/// Serves one session over `input`/`output` until `exit` or end of input.
pub async fn serve<I, O>(input: I, output: O) -> Outcome
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Send + 'static,
{
    serve_with(input, outbox::spawn(output)).await
}

/// [`serve`] with the output already set up (the process's stdout is
/// written by a thread of its own: `outbox::spawn_stdout`).
async fn serve_with<I>(input: I, (outbox, writer): (outbox::Outbox, outbox::Writer)) -> Outcome
where
    I: AsyncRead + Unpin,
{
    let (service, socket, shutdown) = service(Some(outbox.clone()));
    let exit = Arc::new(AtomicBool::new(false));
    let stopping = Arc::new(Notify::new());
    let service = WatchExit {
        inner: service,
        exit: exit.clone(),
        stopping: stopping.clone(),
    };
    let serving = transport::serve(input, service, socket, outbox, stopping.clone());
    let mut serving = Box::pin(serving);
    // After `exit` or the end of input the client's answers are no longer
    // read: a handler awaiting one would hang the process. Give the rest a
    // moment to flush, then stop anyway.
    tokio::select! {
        () = &mut serving => {}
        () = stopping.notified() => {
            if tokio::time::timeout(STOP_GRACE, &mut serving).await.is_err() {
                tracing::warn!("handlers still running at exit; stopping anyway");
            }
        }
    }
    drop(serving);
    if tokio::time::timeout(STOP_GRACE, writer.finish())
        .await
        .is_err()
    {
        tracing::warn!("output still being written at exit; stopping anyway");
    }
    let after_shutdown = shutdown.load(Ordering::SeqCst);
    if exit.load(Ordering::SeqCst) {
        Outcome::Exit { after_shutdown }
    } else {
        if !after_shutdown {
            tracing::warn!("input ended without shutdown and exit");
        }
        Outcome::EndOfInput { after_shutdown }
    }
}

/// How long handlers may run on after `exit` or the end of input.
const STOP_GRACE: Duration = Duration::from_millis(500);

/// Passes every message through and notes whether `exit` arrived, which
/// tower-lsp-server does not report.
struct WatchExit<S> {
    inner: S,
    exit: Arc<AtomicBool>,
    stopping: Arc<Notify>,
}

impl<S> Service<Request> for WatchExit<S>
where
    S: Service<
        Request,
        Response = Option<Response>,
        Error = ExitedError,
        Future = Pin<Box<dyn Future<Output = Result<Option<Response>, ExitedError>> + Send>>,
    >,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == "exit" {
            self.exit.store(true, Ordering::SeqCst);
            self.stopping.notify_one();
        }
        self.inner.call(req)
    }
}
