//! Round-trip benchmark of the language server, spoken to over stdio as an
//! editor would: initialize, didOpen → first diagnostics, 1,000 single-character
//! incremental edits at random places (Chinese characters, newlines, deletions)
//! → diagnostics of that version, request latencies, peak RSS.
//!
//! `cargo bench --bench lsp -- [REPORT] [EDITS]` (default: the 272 KB corpus
//! compilation when `../shared/corpus` exists, else a generated text of that
//! size; 1,000 edits). The debounce is set to zero through initializationOptions.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baogao"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("baogao starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(v) = serde_json::from_slice(&body) {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
            }
        });
        Server {
            child,
            stdin,
            rx,
            next_id: 0,
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its answer, answering server requests on the way.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|v| v.get("id") == Some(&json!(id)) && v.get("method").is_none())
    }

    fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("server answers within 60 s");
            if want(&v) {
                return v;
            }
            // workspace/configuration and other server requests: answer null.
            if let (Some(id), Some(_)) = (v.get("id"), v.get("method")) {
                let id = id.clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
        }
    }

    fn diagnostics_of(&mut self, version: i64) -> usize {
        let v = self.wait(|v| {
            v.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && v.pointer("/params/version").and_then(Value::as_i64) == Some(version)
        });
        v.pointer("/params/diagnostics")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }

    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// A small deterministic generator, so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn report_text(arg: Option<String>) -> (String, String) {
    if let Some(path) = arg.filter(|a| !a.starts_with('-')) {
        return (
            std::fs::read_to_string(&path).expect("readable report"),
            path,
        );
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("002_") {
                return (
                    std::fs::read_to_string(e.path()).expect("UTF-8"),
                    e.path().display().to_string(),
                );
            }
        }
    }
    let unit = "一、2022年工作进展和成效\n\n(一)大力开展卫生创建工作\n\n1.完成xx市省级卫生城市届满复审工作。一是市政府印发通知,二是市爱卫办下发文件,全年完成投资43.2万元。\n\n";
    (
        unit.repeat(272_000 / unit.len()),
        "generated 272 KB".to_string(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (text, name) = report_text(args.first().cloned());
    let edits: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let uri = "file:///bench/report.txt";
    let mut s = Server::start();

    let t = Instant::now();
    s.request("initialize", json!({
        "processId": null,
        "rootUri": null,
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}},
        "initializationOptions": {"diagnostics": {"debounceMs": 0}}
    }));
    let init_ms = t.elapsed().as_secs_f64() * 1e3;
    s.notify("initialized", json!({}));

    let t = Instant::now();
    s.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}));
    let first = s.diagnostics_of(1);
    let open_ms = t.elapsed().as_secs_f64() * 1e3;

    // Edits: a mirror of the text as lines of chars, to pick valid UTF-16 positions.
    let mut lines: Vec<Vec<char>> = text.split('\n').map(|l| l.chars().collect()).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut lat = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let line = rng.below(lines.len());
        let col = rng.below(lines[line].len() + 1);
        let u16col: usize = lines[line][..col].iter().map(|c| c.len_utf16()).sum();
        let (range, new_text) = match rng.below(10) {
            0 => {
                let rest = lines[line].split_off(col);
                lines.insert(line + 1, rest);
                ((line, u16col, line, u16col), "\n".to_string())
            }
            1 | 2 if col < lines[line].len() => {
                let c = lines[line].remove(col);
                ((line, u16col, line, u16col + c.len_utf16()), String::new())
            }
            _ => {
                let c = ['报', '告', '、', '。', 'X', '一', '（', '𠀀'][rng.below(8)];
                lines[line].insert(col, c);
                ((line, u16col, line, u16col), c.to_string())
            }
        };
        let t = Instant::now();
        s.notify("textDocument/didChange", json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": range.0, "character": range.1}, "end": {"line": range.2, "character": range.3}}, "text": new_text}]
        }));
        s.diagnostics_of(version);
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    lat.sort_by(|a, b| a.total_cmp(b));

    let time = |s: &mut Server, method: &str, params: Value| {
        let mut v: Vec<f64> = (0..20)
            .map(|_| {
                let t = Instant::now();
                s.request(method, params.clone());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        (percentile(&v, 0.5), percentile(&v, 0.95))
    };
    let doc = json!({"textDocument": {"uri": uri}});
    let symbols = time(&mut s, "textDocument/documentSymbol", doc.clone());
    let folding = time(&mut s, "textDocument/foldingRange", doc.clone());
    let tokens = time(&mut s, "textDocument/semanticTokens/full", doc.clone());
    let mid = lines.len() / 2;
    let completion = time(
        &mut s,
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": mid, "character": 0}}),
    );
    let rss = s.peak_rss_kb();
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    let _ = s.child.wait();

    println!(
        "report: {name} ({} bytes), {} diagnostics on open",
        text.len(),
        first
    );
    println!("initialize: {init_ms:.1} ms");
    println!("didOpen → diagnostics: {open_ms:.1} ms");
    println!(
        "{edits} edits → diagnostics (debounce 0): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&lat, 0.5),
        percentile(&lat, 0.95),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0)
    );
    for (n, (p50, p95)) in [
        ("documentSymbol", symbols),
        ("foldingRange", folding),
        ("semanticTokens/full", tokens),
        ("completion", completion),
    ] {
        println!("{n}: p50 {p50:.2} ms, p95 {p95:.2} ms");
    }
    println!("peak RSS: {:.1} MB", rss as f64 / 1024.0);
}
