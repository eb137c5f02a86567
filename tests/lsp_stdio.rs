//! Black-box tests: spawn the built `baogao` binary and speak JSON-RPC over
//! its stdio with Content-Length framing, exactly as an editor does.

mod support;
use support::client as lsp_client;
#[allow(unused_imports)]
use support::{Ending, TestServer};

use serde_json::{json, Value};

use support::{capabilities, find_symbol, pos, range, symbol_names, units};

const REPORT: &str = include_str!("fixtures/lsp_report.txt");
const URI: &str = "file:///tmp/%E6%8A%A5%E5%91%8A.txt";

fn spawn(args: &[&str]) -> TestServer {
    TestServer::binary(args, &[("BAOGAO_LOG", "debug")])
}

/// Nothing but JSON-RPC came out of stdout.
fn assert_only_json_rpc(messages: &[Value]) {
    for m in messages {
        assert!(m.get("unparsable").is_none(), "stdout carried {m}");
        assert_eq!(m["jsonrpc"], "2.0", "{m}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_editing_session_over_stdio() {
    for enc in ["utf-8", "utf-16", "utf-32"] {
        let mut client = spawn(&["lsp"]);
        let init = client
            .initialize(capabilities(enc, false), Value::Null)
            .await;
        assert_eq!(init["capabilities"]["positionEncoding"], enc);

        client.open(URI, "plaintext", 1, REPORT).await;
        let published = client.diagnostics(URI, Some(1)).await;
        assert_eq!(published["diagnostics"].as_array().unwrap().len(), 3);

        // Type into the gap heading: （三）加强疾病防控 → （二）加强𠀀疾病防控😀.
        let (s, e) = (units("（", enc), units("（三", enc));
        client
            .change(URI, 2, vec![(Some(range(6, s, 6, e)), "二")])
            .await;
        let c = units("（二）加强", enc);
        client
            .change(URI, 3, vec![(Some(range(6, c, 6, c)), "𠀀")])
            .await;
        let end = units("（二）加强𠀀疾病防控", enc);
        client
            .change(URI, 4, vec![(Some(range(6, end, 6, end)), "😀")])
            .await;
        let published = client.diagnostics(URI, Some(4)).await;
        let codes: Vec<&str> = published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["placeholder", "placeholder"], "{enc}");

        let symbols = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": URI } }),
            )
            .await
            .unwrap();
        let heading = "（二）加强𠀀疾病防控😀";
        let s = find_symbol(&symbols, heading)
            .unwrap_or_else(|| panic!("{heading} not in {:?}", symbol_names(&symbols)));
        assert_eq!(s["selectionRange"], range(6, 0, 6, units(heading, enc)));
        assert_eq!(
            symbol_names(&symbols)[..4],
            [
                "XX县卫生健康局2023年工作总结",
                "一、主要工作",
                "（一）大力开展卫生创建工作",
                heading
            ]
        );

        let folding = client
            .request(
                "textDocument/foldingRange",
                json!({ "textDocument": { "uri": URI } }),
            )
            .await
            .unwrap();
        assert_eq!(folding.as_array().unwrap().len(), 5);

        let hover = client
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": pos(6, 1) }),
            )
            .await
            .unwrap();
        let text = hover["contents"]["value"].as_str().unwrap();
        assert!(
            text.contains(&format!("一、主要工作 › {heading}")),
            "{text}"
        );

        assert_only_json_rpc(&client.log);
        let ended = client.finish().await;
        assert_only_json_rpc(&ended.rest);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes() {
    // exit without shutdown: 1.
    let mut client = spawn(&["lsp"]);
    client
        .initialize(capabilities("utf-16", false), Value::Null)
        .await;
    assert_eq!(client.end(Ending::ExitOnly).await.code, 1);

    // exit before initialize: no shutdown either.
    let client = spawn(&["lsp"]);
    assert_eq!(client.end(Ending::ExitOnly).await.code, 1);

    // End of input, with a document open: a clean exit.
    let mut client = spawn(&["lsp"]);
    client
        .initialize(capabilities("utf-16", false), Value::Null)
        .await;
    client.open(URI, "plaintext", 1, REPORT).await;
    client.diagnostics(URI, Some(1)).await;
    assert_eq!(client.end(Ending::CloseInput).await.code, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_flags_start_the_server() {
    for args in [
        &["--stdio"][..],
        &["lsp", "--stdio"],
        &["--log-level", "trace", "lsp"],
    ] {
        let mut client = spawn(args);
        let err = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": URI } }),
            )
            .await
            .unwrap_err();
        assert_eq!(err["code"], -32002, "{args:?}: not initialized yet");
        client
            .initialize(capabilities("utf-32", false), Value::Null)
            .await;
        client.open(URI, "plaintext", 1, REPORT).await;
        client.diagnostics(URI, Some(1)).await;
        assert_only_json_rpc(&client.log);
        let ended = client.finish().await;
        assert_only_json_rpc(&ended.rest);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_over_stdio_keeps_the_server_alive() {
    let mut client = spawn(&["lsp"]);
    client
        .initialize(capabilities("utf-16", false), Value::Null)
        .await;
    client.open(URI, "plaintext", 1, REPORT).await;
    client.diagnostics(URI, Some(1)).await;
    client.send_raw(&lsp_client::frame(b"{oops")).await;
    // Reversed, stale, past the end, inside a surrogate pair (line 4 has 𠀀).
    client
        .change(URI, 2, vec![(Some(range(3, 5, 3, 1)), "x")])
        .await;
    client
        .change(URI, 1, vec![(Some(range(0, 0, 0, 0)), "x")])
        .await;
    client
        .change(URI, 3, vec![(Some(range(12, 99, 12, 120)), "！")])
        .await;
    client
        .change(URI, 4, vec![(Some(range(4, 5, 4, 5)), "甲")])
        .await;
    client.diagnostics(URI, Some(4)).await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(3, 0) }),
        )
        .await
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    // 甲 landed before 𠀀 in the （一） section; ！ went to the end of line 12.
    let section = "（一）大力开展卫生创建工作\n今年完成甲𠀀项创建任务😀，投入XX万元。";
    assert!(
        text.contains(&format!("字数：{}", baogao_core::count_chars(section))),
        "{text}"
    );
    client.finish().await;
}

/// A session over std streams, framed as an editor frames it: `initialize`,
/// then (once it is answered: the server drops what comes before)
/// `initialized` and a document, then `shutdown`, then `exit`.
fn session_frames() -> [Vec<u8>; 4] {
    let frames = |messages: &[Value]| -> Vec<u8> {
        messages
            .iter()
            .flat_map(|m| lsp_client::frame(m.to_string().as_bytes()))
            .collect()
    };
    let initialize = frames(&[json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
           "params": {"processId": null, "rootUri": null, "capabilities": {},
                      "initializationOptions": {"diagnostics": {"debounceMs": 0}}}})]);
    let opening = frames(&[
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "plaintext", "version": 1, "text": REPORT}}}),
    ]);
    let shutdown = frames(&[json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})]);
    let exit = frames(&[json!({"jsonrpc": "2.0", "method": "exit"})]);
    [initialize, opening, shutdown, exit]
}

/// The complete messages at the start of `bytes`, a stream of frames, and
/// the length they take.
fn messages_in(bytes: &[u8]) -> (Vec<Value>, usize) {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(end) = bytes[at..].windows(4).position(|w| w == b"\r\n\r\n") {
        let headers = std::str::from_utf8(&bytes[at..at + end]).unwrap();
        let len: usize = headers
            .trim()
            .strip_prefix("Content-Length: ")
            .unwrap_or_else(|| panic!("headers {headers:?}"))
            .parse()
            .unwrap();
        let body = at + end + 4;
        if bytes.len() < body + len {
            break;
        }
        out.push(serde_json::from_slice(&bytes[body..body + len]).unwrap());
        at = body + len;
    }
    (out, at)
}

/// Every message of `bytes`, which ends with a whole frame.
fn all_messages(bytes: &[u8]) -> Vec<Value> {
    let (messages, len) = messages_in(bytes);
    assert_eq!(len, bytes.len(), "a cut frame at the end");
    assert_only_json_rpc(&messages);
    messages
}

fn answered(messages: &[Value], id: u64) -> bool {
    messages
        .iter()
        .any(|m| m["id"] == id && m.get("result").is_some())
}

fn published(messages: &[Value]) -> bool {
    messages.iter().any(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == URI
            && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
    })
}

/// libuv (Neovim, VS Code) gives a child socket pairs as stdin and stdout,
/// where Python and most clients give pipes: the server reads and writes
/// both on its own thread, and ends the session as over pipes.
#[cfg(unix)]
#[test]
fn a_session_over_socket_pairs() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    let (mut to_server, server_in) = UnixStream::pair().unwrap();
    let (mut from_server, server_out) = UnixStream::pair().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_baogao"))
        .arg("lsp")
        .stdin(std::process::Stdio::from(std::os::fd::OwnedFd::from(
            server_in,
        )))
        .stdout(std::process::Stdio::from(std::os::fd::OwnedFd::from(
            server_out,
        )))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let [initialize, opening, shutdown, exit] = session_frames();
    let mut out = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let mut read_until = |out: &mut Vec<u8>, done: fn(&[Value]) -> bool| {
        while !done(&messages_in(out).0) {
            let n = from_server.read(&mut buf).unwrap();
            assert!(n > 0, "the server stopped early: {:?}", messages_in(out).0);
            out.extend_from_slice(&buf[..n]);
        }
    };
    to_server.write_all(&initialize).unwrap();
    read_until(&mut out, |m| answered(m, 1));
    to_server.write_all(&opening).unwrap();
    read_until(&mut out, published);
    to_server.write_all(&shutdown).unwrap();
    read_until(&mut out, |m| answered(m, 2));
    to_server.write_all(&exit).unwrap();
    from_server.read_to_end(&mut out).unwrap();
    let status = child.wait().unwrap();
    let messages = all_messages(&out);
    assert!(status.success(), "{status:?} {messages:?}");
    assert!(
        answered(&messages, 1) && answered(&messages, 2),
        "{messages:?}"
    );
}

/// stdin a file (`baogao lsp < session`), and stdout the same pipe as
/// stderr: read and written by threads of their own, answered alike, every
/// message in turn.
#[test]
fn a_session_from_a_file_and_into_a_pipe_shared_with_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("session");
    // Read from a file, the rest follows the initialize request at once:
    // each message is handled in turn, as a scripted session expects.
    std::fs::write(&input, session_frames().concat()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_baogao"))
        .arg("lsp")
        .env("BAOGAO_LOG", "off")
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let messages = all_messages(&out.stdout);
    assert!(
        answered(&messages, 1) && answered(&messages, 2),
        "{messages:?}"
    );
    #[cfg(unix)]
    {
        use std::io::Read;
        let (mut read, write) = std::io::pipe().unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_baogao"))
            .arg("lsp")
            .env("BAOGAO_LOG", "off")
            .stdin(std::fs::File::open(&input).unwrap())
            .stdout(write.try_clone().unwrap())
            .stderr(write)
            .spawn()
            .unwrap();
        let mut out = Vec::new();
        read.read_to_end(&mut out).unwrap();
        assert_eq!(child.wait().unwrap().code(), Some(0));
        let messages = all_messages(&out);
        assert!(
            answered(&messages, 1) && answered(&messages, 2),
            "{messages:?}"
        );
    }
}
