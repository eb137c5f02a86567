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
