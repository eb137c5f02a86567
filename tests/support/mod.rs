//! The one harness for language server tests: [`TestServer`] runs a session
//! in-process (the same `lsp::serve` as `baogao lsp`, over an in-memory
//! duplex) or as the built binary over stdio, and dereferences to its
//! [`LspClient`]. A session must be ended explicitly ([`TestServer::finish`]
//! for the orderly `shutdown` + `exit`, [`TestServer::end`] for the other
//! endings under test); its `Drop` then checks that the ending was clean
//! (shutdown answered, exit sent, the server task or process ended) and that
//! every request the test sent got its answer. Offsets and positions on the
//! client side live in [`offsets`].
#![allow(dead_code, unused_imports)]

pub mod cli;
pub mod client;
pub mod mirror;
pub mod offsets;

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::Stdio;

use serde_json::{json, Value};
use tokio::process::Child;
use tokio::task::JoinHandle;

pub use client::{capabilities, find_symbol, frame, symbol_names, LspClient, TIMEOUT};
pub use offsets::{pos, range, units};

/// What runs the server.
enum Running {
    InProcess(JoinHandle<baogao::lsp::Outcome>),
    Binary(Child),
    Ended,
}

/// How a test ends its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown` (answered with `null`), then `exit`.
    ShutdownExit,
    /// `exit` without `shutdown`.
    ExitOnly,
    /// The client closes its output without `exit`.
    CloseInput,
    /// `shutdown`, then the client closes its output.
    ShutdownCloseInput,
}

/// How the session ended.
#[derive(Debug)]
pub struct Ended {
    /// The exit code: the process's, or what `run` maps the in-process outcome to.
    pub code: i32,
    /// The in-process outcome (`None` for the binary).
    pub outcome: Option<baogao::lsp::Outcome>,
    /// What the server sent after the test stopped reading.
    pub rest: Vec<Value>,
}

pub struct TestServer {
    client: LspClient,
    running: Running,
    /// The ending the test chose, once the session is over.
    ended: Option<Ending>,
    shutdown_answered: bool,
    exit_sent: bool,
}

impl TestServer {
    /// An in-process session with an in-memory duplex of `buffer` bytes.
    pub fn in_process_with_buffer(buffer: usize) -> TestServer {
        let (client_io, server_io) = tokio::io::duplex(buffer);
        let (server_read, server_write) = tokio::io::split(server_io);
        let server = tokio::spawn(baogao::lsp::serve(server_read, server_write));
        let (client_read, client_write) = tokio::io::split(client_io);
        TestServer::new(
            LspClient::new(client_read, client_write),
            Running::InProcess(server),
        )
    }

    /// An in-process session (not yet initialized).
    pub fn in_process() -> TestServer {
        TestServer::in_process_with_buffer(1 << 20)
    }

    /// The built binary, `baogao <args>`, with extra environment variables.
    pub fn binary(args: &[&str], env: &[(&str, &str)]) -> TestServer {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_baogao"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn baogao");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        TestServer::new(LspClient::new(stdout, stdin), Running::Binary(child))
    }

    fn new(client: LspClient, running: Running) -> TestServer {
        TestServer {
            client,
            running,
            ended: None,
            shutdown_answered: false,
            exit_sent: false,
        }
    }

    /// An in-process session initialized with `capabilities` and `options`.
    pub async fn started(capabilities: Value, options: Value) -> TestServer {
        let mut server = TestServer::in_process();
        server.initialize(capabilities, options).await;
        server
    }

    /// An in-process session whose workspace folders are `roots`, with
    /// `client_settings` as the answer to `workspace/configuration`.
    pub async fn in_folders(roots: &[&Path], caps: Value, client_settings: Value) -> TestServer {
        let mut server = TestServer::in_process();
        *server.configuration.lock().unwrap() = client_settings;
        let folders: Vec<Value> = roots
            .iter()
            .enumerate()
            .map(|(i, r)| json!({ "uri": uri_of(r), "name": format!("folder{i}") }))
            .collect();
        server
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": roots.first().map(|r| uri_of(r)),
                    "workspaceFolders": folders,
                    "capabilities": caps,
                }),
            )
            .await
            .expect("initialize");
        server.notify("initialized", json!({})).await;
        server
    }

    /// Sends `shutdown` (it must be answered with `null`); the session is
    /// then ended with [`Ending::ShutdownExit`] without asking again.
    pub async fn shut_down(&mut self) {
        let r = self.client.request("shutdown", Value::Null).await;
        assert_eq!(r, Ok(Value::Null), "shutdown is answered with null");
        self.shutdown_answered = true;
    }

    /// `shutdown`, `exit`, and the server must stop with exit code 0.
    pub async fn finish(self) -> Ended {
        let ended = self.end(Ending::ShutdownExit).await;
        assert_eq!(ended.code, 0, "{:?}", ended.outcome);
        ended
    }

    /// Ends the session as `how` says and waits for the server to stop,
    /// reading everything it still sends.
    pub async fn end(mut self, how: Ending) -> Ended {
        if matches!(how, Ending::ShutdownExit | Ending::ShutdownCloseInput)
            && !self.shutdown_answered
        {
            self.shut_down().await;
        }
        if matches!(how, Ending::ShutdownExit | Ending::ExitOnly) {
            self.client.notify("exit", Value::Null).await;
            self.exit_sent = true;
        } else {
            self.client.close_input().await;
        }
        let rest = self.client.drain().await;
        let (code, outcome) = match std::mem::replace(&mut self.running, Running::Ended) {
            Running::InProcess(task) => {
                let outcome = tokio::time::timeout(TIMEOUT, task)
                    .await
                    .expect("the server task stops")
                    .expect("the server task does not panic");
                (i32::from(outcome.exit_code()), Some(outcome))
            }
            Running::Binary(mut child) => {
                let status = tokio::time::timeout(TIMEOUT, child.wait())
                    .await
                    .expect("baogao exits")
                    .expect("wait for baogao");
                (status.code().unwrap_or(-1), None)
            }
            Running::Ended => unreachable!("a session ends once"),
        };
        self.ended = Some(how);
        Ended {
            code,
            outcome,
            rest,
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let Some(how) = self.ended else {
            panic!("the test dropped its session without ending it: call finish().await");
        };
        assert!(
            matches!(self.running, Running::Ended),
            "the server is still running"
        );
        if how == Ending::ShutdownExit {
            assert!(self.shutdown_answered && self.exit_sent, "unclean shutdown");
        }
        assert!(
            self.client.unanswered.is_empty(),
            "requests never answered: {:?}",
            self.client.unanswered
        );
    }
}

impl Deref for TestServer {
    type Target = LspClient;
    fn deref(&self) -> &LspClient {
        &self.client
    }
}

impl DerefMut for TestServer {
    fn deref_mut(&mut self) -> &mut LspClient {
        &mut self.client
    }
}

/// The URI the server uses for a path (one conversion, shared with the server).
pub fn uri_of(path: &Path) -> String {
    baogao::lsp::workspace::path_to_uri(path)
        .expect("a file URI")
        .as_str()
        .to_string()
}

/// Writes `text` to `dir/name`, creating folders. The file appears whole
/// (written aside, then renamed), so a server watching the disk never reads
/// it half-written.
pub fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    let parent = p.parent().expect("a folder").to_path_buf();
    std::fs::create_dir_all(&parent).expect("mkdir");
    let aside = parent.join(format!(".{}.tmp", p.file_name().unwrap().to_string_lossy()));
    std::fs::write(&aside, text).expect("write file");
    std::fs::rename(&aside, &p).expect("rename file");
    p
}

/// The codes of a `publishDiagnostics` params object.
pub fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
