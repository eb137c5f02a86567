//! The client half of [`super::TestServer`]: Content-Length framing over any
//! async reader/writer (an in-memory duplex or a child process's stdio).
//!
//! A reader task parses every frame the server sends, answers the server's
//! own requests (`workspace/configuration` with [`LspClient::configuration`],
//! //! `workspace/applyEdit` with `{applied: true}`, anything else with `null`)
//! and queues the rest. Waiting is always for a specific message, with a
//! timeout; there are no sleeps. Every request id the test sends is
//! remembered until its answer is read, so the harness can check at the end
//! that nothing went unanswered.

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

type Writer = Arc<tokio::sync::Mutex<Box<dyn AsyncWrite + Unpin + Send>>>;

pub struct LspClient {
    writer: Writer,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages received while waiting for something else.
    stash: VecDeque<Value>,
    /// Every message the server sent, in order.
    pub log: Vec<Value>,
    next_id: i64,
    /// What `workspace/configuration` is answered with, per item.
    pub configuration: Arc<Mutex<Value>>,
    /// Ids of requests sent whose answer has not been read yet.
    pub unanswered: BTreeSet<String>,
}

/// Whether `m` is the server's `baogao/dictionaryLoaded` notification.
pub fn is_dictionary_loaded(m: &Value) -> bool {
    m["method"] == "baogao/dictionaryLoaded"
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

async fn write_frame(writer: &Writer, body: &[u8]) -> std::io::Result<()> {
    let mut w = writer.lock().await;
    w.write_all(&frame(body)).await?;
    w.flush().await
}

/// Reads one frame; `None` at end of input.
async fn read_frame<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    Some(body)
}

impl LspClient {
    pub fn new<R, W>(reader: R, writer: W) -> LspClient
    where
        R: tokio::io::AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let writer: Writer = Arc::new(tokio::sync::Mutex::new(Box::new(writer)));
        let configuration = Arc::new(Mutex::new(Value::Null));
        let (tx, incoming) = mpsc::unbounded_channel();
        let reply_writer = writer.clone();
        let config = configuration.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(reader);
            while let Some(body) = read_frame(&mut reader).await {
                let Ok(msg) = serde_json::from_slice::<Value>(&body) else {
                    let _ = tx.send(json!({ "unparsable": String::from_utf8_lossy(&body) }));
                    continue;
                };
                if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method")) {
                    let result = if method == "workspace/configuration" {
                        let n = msg["params"]["items"].as_array().map_or(0, Vec::len);
                        let value = config.lock().unwrap().clone();
                        Value::Array(vec![value; n])
                    } else if method == "workspace/applyEdit" {
                        // The edit itself stays in the log for the test to apply.
                        json!({ "applied": true })
                    } else {
                        Value::Null
                    };
                    let reply = json!({ "jsonrpc": "2.0", "id": id, "result": result });
                    let _ = write_frame(&reply_writer, reply.to_string().as_bytes()).await;
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            writer,
            incoming,
            stash: VecDeque::new(),
            log: Vec::new(),
            next_id: 0,
            configuration,
            unanswered: BTreeSet::new(),
        }
    }

    /// Sends raw bytes (for malformed input).
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().await;
        w.write_all(bytes).await.expect("write to server");
        w.flush().await.expect("flush to server");
    }

    pub async fn send(&mut self, msg: &Value) {
        if let (Some(id), Some(_)) = (msg.get("id"), msg.get("method")) {
            self.unanswered.insert(id.to_string());
        }
        write_frame(&self.writer, msg.to_string().as_bytes())
            .await
            .expect("write to server");
    }

    /// Closes the write side: the server sees end of input.
    pub async fn close_input(&mut self) {
        let mut w = self.writer.lock().await;
        let _ = w.shutdown().await;
        // A child's stdin closes only when dropped.
        *w = Box::new(tokio::io::sink());
    }

    async fn next_message(&mut self) -> Option<Value> {
        let msg = tokio::time::timeout(TIMEOUT, self.incoming.recv())
            .await
            .expect("timed out waiting for the server")?;
        if msg.get("method").is_none() {
            if let Some(id) = msg.get("id") {
                self.unanswered.remove(&id.to_string());
            }
        }
        self.log.push(msg.clone());
        Some(msg)
    }

    /// Waits for the first message (stashed or new) that `pred` accepts.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.stash.iter().position(&pred) {
            return self.stash.remove(i).unwrap();
        }
        loop {
            let Some(msg) = self.next_message().await else {
                panic!("server closed its output while waiting for {what}");
            };
            if pred(&msg) {
                return msg;
            }
            self.stash.push_back(msg);
        }
    }

    /// The first message already received (stashed or waiting in the
    /// channel) that `pred` accepts, without waiting for more.
    pub fn take_received(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        while let Ok(msg) = self.incoming.try_recv() {
            if msg.get("method").is_none() {
                if let Some(id) = msg.get("id") {
                    self.unanswered.remove(&id.to_string());
                }
            }
            self.log.push(msg.clone());
            self.stash.push_back(msg);
        }
        let i = self.stash.iter().position(&pred)?;
        self.stash.remove(i)
    }

    /// Waits for the server's `baogao/dictionaryLoaded` notification (sent
    /// once per session, after the first request that needed the word
    /// dictionary, as soon as it is loaded).
    pub async fn dictionary_loaded(&mut self) -> Value {
        self.wait_for("baogao/dictionaryLoaded", is_dictionary_loaded)
            .await
    }

    /// Sends a request; returns `Ok(result)` or `Err(error)`.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        let reply = self
            .wait_for(method, |m| {
                m.get("id") == Some(&json!(id)) && m.get("method").is_none()
            })
            .await;
        match reply.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(reply.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    /// `initialize` + `initialized` with the given capabilities and options.
    pub async fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": capabilities,
                    "initializationOptions": options,
                    "clientInfo": { "name": "baogao-tests" }
                }),
            )
            .await
            .expect("initialize succeeds");
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, language_id: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": language_id, "version": version, "text": text
            }}),
        )
        .await;
    }

    /// `didChange` with `(range, text)` pairs; `None` replaces the whole text.
    pub async fn change(&mut self, uri: &str, version: i32, changes: Vec<(Option<Value>, &str)>) {
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(range, text)| match range {
                Some(range) => json!({ "range": range, "text": text }),
                None => json!({ "text": text }),
            })
            .collect();
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
        .await;
    }

    /// Waits for `publishDiagnostics` of `uri` (for `version`, when given).
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i32>) -> Value {
        let what = format!("publishDiagnostics {uri} v{version:?}");
        self.wait_for(&what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        })
        .await["params"]
            .clone()
    }

    /// Every `publishDiagnostics` received so far (stashed or logged).
    pub fn published(&self, uri: &str) -> Vec<Value> {
        self.log
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .collect()
    }

    /// `shutdown` then `exit`.
    pub async fn shutdown_and_exit(&mut self) {
        let r = self.request("shutdown", Value::Null).await;
        assert_eq!(r, Ok(Value::Null));
        self.notify("exit", Value::Null).await;
    }

    /// Waits until the server closes its output, returning what came before.
    pub async fn drain(&mut self) -> Vec<Value> {
        let mut rest: Vec<Value> = self.stash.drain(..).collect();
        while let Some(m) = self.next_message().await {
            rest.push(m);
        }
        rest
    }
}

/// Client capabilities for one position encoding, hierarchical symbols,
/// Markdown hover and (optionally) pull diagnostics.
pub fn capabilities(encoding: &str, pull: bool) -> Value {
    let mut caps = json!({
        "general": { "positionEncodings": [encoding] },
        "textDocument": {
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
            "foldingRange": { "lineFoldingOnly": true }
        },
        "workspace": { "configuration": true }
    });
    if pull {
        caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    }
    caps
}

/// Symbol names in pre-order, from a nested or a flat response.
pub fn symbol_names(symbols: &Value) -> Vec<String> {
    fn walk(s: &Value, out: &mut Vec<String>) {
        out.push(s["name"].as_str().unwrap_or_default().to_string());
        if let Some(children) = s["children"].as_array() {
            for c in children {
                walk(c, out);
            }
        }
    }
    let mut out = Vec::new();
    for s in symbols.as_array().into_iter().flatten() {
        walk(s, &mut out);
    }
    out
}

/// Finds a symbol by name anywhere in a nested response.
pub fn find_symbol<'a>(symbols: &'a Value, name: &str) -> Option<&'a Value> {
    for s in symbols.as_array()? {
        if s["name"] == name {
            return Some(s);
        }
        if let Some(found) = find_symbol(&s["children"], name) {
            return Some(found);
        }
    }
    None
}
