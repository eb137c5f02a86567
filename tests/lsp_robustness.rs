//! Bad input: the server answers with an error or ignores the message, and
//! keeps serving. Each test ends with a request that must still succeed.

mod support;
#[allow(unused_imports)]
use support::{Ending, TestServer};

use serde_json::{json, Value};

use support::{capabilities, frame, pos, range, symbol_names, units, LspClient};

const URI: &str = "file:///tmp/robust.txt";
const TEXT: &str = "一、总体情况\n（一）𠀀工作😀\n（二）其他\n";

fn start() -> TestServer {
    TestServer::in_process_with_buffer(1 << 16)
}

async fn opened(encoding: &str) -> TestServer {
    let mut client = start();
    client
        .initialize(capabilities(encoding, false), Value::Null)
        .await;
    client.open(URI, "plaintext", 5, TEXT).await;
    client.diagnostics(URI, Some(5)).await;
    client
}

/// The document's text, read back from its outline (every line is a heading).
async fn text_of(client: &mut LspClient, uri: &str) -> String {
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("documentSymbol succeeds");
    symbol_names(&symbols).join("\n")
}

async fn wait_log(client: &mut LspClient, needle: &str) -> String {
    let msg = client
        .wait_for(needle, |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(needle))
        })
        .await;
    msg["params"]["message"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_initialize_are_rejected() {
    let mut client = start();
    let err = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32002, "ServerNotInitialized");
    let err = client.request("shutdown", Value::Null).await.unwrap_err();
    assert_eq!(err["code"], -32002);
    // Notifications before initialize are dropped.
    client.open(URI, "plaintext", 1, TEXT).await;
    client
        .initialize(capabilities("utf-16", false), Value::Null)
        .await;
    let err = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(0, 0) }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32602, "the early didOpen was not applied");
    // A second initialize is an invalid request.
    let err = client
        .request("initialize", json!({ "capabilities": {} }))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32600);
    client.open(URI, "plaintext", 1, TEXT).await;
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_versions_are_ignored() {
    let mut client = opened("utf-16").await;
    for stale in [5, 3, -1] {
        client
            .change(URI, stale, vec![(Some(range(0, 0, 0, 0)), "坏")])
            .await;
        wait_log(&mut client, &format!("版本号 {stale} 不大于当前版本 5")).await;
    }
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    client
        .change(URI, 6, vec![(Some(range(2, 3, 2, 5)), "其它")])
        .await;
    client.diagnostics(URI, Some(6)).await;
    assert_eq!(
        text_of(&mut client, URI).await,
        "一、总体情况\n（一）𠀀工作😀\n（二）其它"
    );
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranges_past_the_end_clamp() {
    let mut client = opened("utf-16").await;
    // A column past the end of line 0, and a range starting past the last line.
    client
        .change(
            URI,
            6,
            vec![
                (Some(range(0, 999, 0, 1000)), "甲"),
                (Some(range(99, 5, 120, 0)), "1.末尾"),
            ],
        )
        .await;
    client.diagnostics(URI, Some(6)).await;
    assert_eq!(
        text_of(&mut client, URI).await,
        "一、总体情况甲\n（一）𠀀工作😀\n（二）其他\n1.末尾"
    );
    // Positions past the end in requests clamp too.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(2, 4000) }),
        )
        .await
        .unwrap();
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("（二）其他"));
    let beyond = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(4000, 0) }),
        )
        .await;
    assert!(beyond.is_ok());
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reversed_ranges_reject_the_whole_change() {
    let mut client = opened("utf-16").await;
    client
        .change(
            URI,
            6,
            vec![
                (Some(range(0, 0, 0, 0)), "甲"),
                (Some(range(1, 4, 1, 2)), "乙"),
            ],
        )
        .await;
    let shown = client
        .wait_for("showMessage", |m| m["method"] == "window/showMessage")
        .await;
    assert_eq!(shown["params"]["type"], 1);
    assert!(shown["params"]["message"]
        .as_str()
        .unwrap()
        .contains("第 2 处修改的范围无效"));
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    // The version did not advance: 6 is still accepted.
    client
        .change(URI, 6, vec![(Some(range(0, 0, 0, 0)), "")])
        .await;
    client.diagnostics(URI, Some(6)).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_inside_a_surrogate_pair_snap_to_its_start() {
    let mut client = opened("utf-16").await;
    // Line 1 is （一）𠀀工作😀: 𠀀 takes UTF-16 columns 3 and 4.
    client
        .change(URI, 6, vec![(Some(range(1, 4, 1, 4)), "甲")])
        .await;
    client.diagnostics(URI, Some(6)).await;
    assert_eq!(
        text_of(&mut client, URI).await,
        "一、总体情况\n（一）甲𠀀工作😀\n（二）其他"
    );
    // A range that ends inside 😀 keeps 😀 whole.
    let emoji = units("（一）甲𠀀工作", "utf-16");
    client
        .change(URI, 7, vec![(Some(range(1, emoji - 2, 1, emoji + 1)), "")])
        .await;
    client.diagnostics(URI, Some(7)).await;
    assert_eq!(
        text_of(&mut client, URI).await,
        "一、总体情况\n（一）甲𠀀😀\n（二）其他"
    );
    client.finish().await;

    // The same inside multi-byte UTF-8 characters.
    let mut client = opened("utf-8").await;
    client
        .change(URI, 6, vec![(Some(range(1, 11, 1, 11)), "甲")])
        .await;
    client.diagnostics(URI, Some(6)).await;
    assert_eq!(
        text_of(&mut client, URI).await,
        "一、总体情况\n（一）甲𠀀工作😀\n（二）其他"
    );
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_uris_are_errors_or_ignored() {
    let mut client = opened("utf-16").await;
    let other = "file:///tmp/never-opened.txt";
    client
        .change(other, 2, vec![(Some(range(0, 0, 0, 0)), "x")])
        .await;
    wait_log(&mut client, "文档未打开").await;
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": other } }),
        )
        .await;
    for (method, params) in [
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": other } }),
        ),
        (
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": other } }),
        ),
        (
            "textDocument/hover",
            json!({ "textDocument": { "uri": other }, "position": pos(0, 0) }),
        ),
    ] {
        let err = client.request(method, params).await.unwrap_err();
        assert_eq!(err["code"], -32602, "{method}");
        assert!(err["message"].as_str().unwrap().contains("文档未打开"));
    }
    // Not a URI at all, and missing params.
    let err = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "not a uri" } }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    let err = client
        .request("textDocument/hover", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_megabyte_single_line() {
    let mut client = start();
    // Raise the size cap so that the placeholder at the very end is checked.
    client
        .initialize(
            capabilities("utf-16", false),
            json!({ "diagnostics": { "maxFileKb": 20480 } }),
        )
        .await;
    let uri = "file:///tmp/huge.txt";
    let mut text = String::from("一、开头\n");
    let unit = "汉字ab😀𠀀，\u{0}";
    while text.len() < 10 << 20 {
        text.push_str(unit);
    }
    text.push_str("XX县");
    client.open(uri, "plaintext", 1, &text).await;
    let published = client.diagnostics(uri, Some(1)).await;
    let diags = published["diagnostics"].as_array().unwrap();
    let line = &text[text.find('\n').unwrap() + 1..];
    let end = units(line, "utf-16");
    let last = &diags.last().expect("the placeholder at the end")["range"];
    assert_eq!(last["start"], pos(1, end - units("XX县", "utf-16")));
    // An edit at the far end of the line and a hover in the middle.
    client
        .change(uri, 2, vec![(Some(range(1, end, 1, end)), "尾")])
        .await;
    client.diagnostics(uri, Some(2)).await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": pos(1, end / 2) }),
        )
        .await;
    assert!(hover.is_ok());
    // A small document is still served.
    client.open(URI, "plaintext", 1, TEXT).await;
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_content_and_control_characters() {
    let mut client = opened("utf-16").await;
    let uri = "file:///tmp/binary.txt";
    let text =
        "一、\u{0}\u{1}标题\u{7f}\n\u{0}\u{0}\u{0}XX\u{feff}\u{fffd}\u{2028}\u{85}\r\r\n\u{0}";
    client.open(uri, "plaintext", 1, text).await;
    client.diagnostics(uri, Some(1)).await;
    for method in ["textDocument/documentSymbol", "textDocument/foldingRange"] {
        let r = client
            .request(method, json!({ "textDocument": { "uri": uri } }))
            .await;
        assert!(r.is_ok(), "{method}: {r:?}");
    }
    for line in 0..5 {
        for character in [0, 1, 2, 3, 9] {
            let r = client
                .request(
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": uri }, "position": pos(line, character) }),
                )
                .await;
            assert!(r.is_ok(), "{line}:{character}: {r:?}");
        }
    }
    client
        .change(uri, 2, vec![(Some(range(1, 1, 1, 2)), "\u{0}")])
        .await;
    client.diagnostics(uri, Some(2)).await;
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_messages() {
    let mut client = opened("utf-16").await;
    // Not JSON, invalid UTF-8, a header without Content-Length: each is
    // dropped (and logged to stderr) instead of ending the session.
    client.send_raw(&frame(b"{not json")).await;
    client.send_raw(&frame(b"\xff\xfe{}")).await;
    client.send_raw(b"X-Garbage: 1\r\n\r\n").await;
    // JSON, but not a JSON-RPC message.
    client.send_raw(&frame(b"[1,2,3]")).await;
    // Wrong parameter types for a notification and a request.
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": "seven" } }),
        )
        .await;
    let err = client
        .request("textDocument/foldingRange", json!({ "textDocument": 42 }))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    // An unknown method.
    let err = client
        .request("baogao/unknown", Value::Null)
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32601);
    assert_eq!(text_of(&mut client, URI).await, TEXT.trim_end());
    client.finish().await;
}

/// The version and text the server holds (`baogao/documentText`).
async fn held(client: &mut LspClient, uri: &str) -> (i64, String) {
    let r = client
        .request(
            "baogao/documentText",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("baogao/documentText succeeds");
    (
        r["version"].as_i64().unwrap(),
        r["text"].as_str().unwrap().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_text_is_what_the_client_holds() {
    let mut client = opened("utf-16").await;
    assert_eq!(held(&mut client, URI).await, (5, TEXT.to_string()));
    // Duplicate and stale versions change nothing.
    for v in [5, 5, 4] {
        client
            .change(URI, v, vec![(Some(range(0, 0, 0, 0)), "坏")])
            .await;
    }
    assert_eq!(held(&mut client, URI).await, (5, TEXT.to_string()));
    // didChange for a closed document changes nothing and reopening starts afresh.
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    client
        .change(URI, 6, vec![(Some(range(0, 0, 0, 0)), "坏")])
        .await;
    let err = client
        .request(
            "baogao/documentText",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    client.open(URI, "plaintext", 1, TEXT).await;
    assert_eq!(held(&mut client, URI).await, (1, TEXT.to_string()));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_right_after_an_edit_see_the_edit() {
    let mut client = start();
    // A long debounce: the request must not wait for (or use) stale diagnostics.
    client
        .initialize(
            capabilities("utf-16", false),
            json!({ "diagnostics": { "debounceMs": 5000 } }),
        )
        .await;
    client.open(URI, "plaintext", 1, TEXT).await;
    client.diagnostics(URI, Some(1)).await;
    client
        .change(URI, 2, vec![(Some(range(2, 3, 2, 5)), "新增内容")])
        .await;
    assert_eq!(
        text_of(&mut client, URI).await,
        "一、总体情况\n（一）𠀀工作😀\n（二）新增内容"
    );
    client
        .change(URI, 3, vec![(Some(range(2, 0, 2, 0)), "XX")])
        .await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(2, 1) }),
        )
        .await
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("占位符"),
        "{hover}"
    );
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_content_length_and_lone_surrogates() {
    let mut client = opened("utf-16").await;
    // Too short a Content-Length: the rest of the body is dropped, the
    // session goes on at the next header.
    let body = json!({ "jsonrpc": "2.0", "method": "$/noop" }).to_string();
    client
        .send_raw(format!("Content-Length: 7\r\n\r\n{body}").as_bytes())
        .await;
    // Lone surrogates are not text: the message is dropped as malformed,
    // in didChange and in didOpen alike.
    let change = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/robust.txt","version":9},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"\ud800"}]}}"#;
    client.send_raw(&frame(change.as_bytes())).await;
    let open = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/lone.txt","languageId":"plaintext","version":1,"text":"a\udc00b"}}}"#;
    client.send_raw(&frame(open.as_bytes())).await;
    assert_eq!(held(&mut client, URI).await, (5, TEXT.to_string()));
    // A NUL byte is text like any other.
    client
        .change(URI, 6, vec![(Some(range(0, 1, 0, 1)), "\u{0}")])
        .await;
    let expected = TEXT.replacen("一", "一\u{0}", 1);
    assert_eq!(held(&mut client, URI).await, (6, expected));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_headings_half_binary_and_cancel() {
    let mut client = opened("utf-16").await;
    // 100,000 headings.
    let uri = "file:///tmp/headings.txt";
    let mut text = String::new();
    for i in 1..=100_000 {
        text.push_str(&format!("{i}.标题\n"));
    }
    client.open(uri, "plaintext", 1, &text).await;
    let published = client.diagnostics(uri, Some(1)).await;
    assert!(published["diagnostics"].as_array().unwrap().len() <= 1001);
    // A slow request, cancelled at once: it is answered (result or
    // RequestCancelled) and the server goes on.
    client
        .send(
            &json!({ "jsonrpc": "2.0", "id": 9001, "method": "textDocument/documentSymbol",
            "params": { "textDocument": { "uri": uri } } }),
        )
        .await;
    client
        .notify("$/cancelRequest", json!({ "id": 9001 }))
        .await;
    let answer = client.wait_for("answer to 9001", |m| m["id"] == 9001).await;
    assert!(
        answer.get("result").is_some() || answer["error"]["code"] == -32800,
        "{answer}"
    );
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    // `1.`…`99.` are headings (three-digit numbers are not).
    assert_eq!(symbol_names(&symbols).len(), 99);
    // Half binary: every byte value that is a char, with a report after it.
    let uri = "file:///tmp/half-binary.txt";
    let binary: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    let text = format!("{binary}\n一、工作\n（一）甲\n（三）乙\n");
    client.open(uri, "plaintext", 1, &text).await;
    client.diagnostics(uri, Some(1)).await;
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let r = client
            .request(method, json!({ "textDocument": { "uri": uri } }))
            .await;
        assert!(r.is_ok(), "{method}: {r:?}");
    }
    assert_eq!(held(&mut client, uri).await, (1, text));
    assert_eq!(held(&mut client, URI).await, (5, TEXT.to_string()));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caps_on_size_and_count() {
    let mut client = start();
    client
        .initialize(
            capabilities("utf-16", false),
            json!({ "diagnostics": { "max": 3, "maxFileKb": 1 } }),
        )
        .await;
    // Ten placeholders in the first KiB, ten more after it.
    let line = "XX县完成工作。\n";
    let mut text = line.repeat(10);
    while text.len() < 1024 {
        text.push_str("内容\n");
    }
    text.push_str(&line.repeat(10));
    client.open(URI, "plaintext", 1, &text).await;
    let published = client.diagnostics(URI, Some(1)).await;
    let diags = published["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "placeholder",
            "placeholder",
            "placeholder",
            "too-many-diagnostics",
            "file-too-large"
        ]
    );
    assert!(diags[3]["message"]
        .as_str()
        .unwrap()
        .starts_with("还有 7 个问题未显示"));
    assert_eq!(diags[3]["range"]["start"], pos(3, 0));
    assert!(diags[4]["message"].as_str().unwrap().contains("1 KB"));
    // The outline still covers the text past the cap.
    let symbols = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert!(symbols.is_ok());
    client.finish().await;
}
