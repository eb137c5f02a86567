//! In-process language server sessions over an in-memory duplex: the same
//! `serve` as `baogao lsp`, driven by a JSON-RPC client as an editor would.

#[allow(dead_code)]
use baogao::lsp;
mod support;
#[allow(unused_imports)]
use support::{Ending, TestServer};

use serde_json::{json, Value};

use support::{capabilities, find_symbol, pos, range, symbol_names, units};

const REPORT: &str = include_str!("fixtures/lsp_report.txt");
const URI: &str = "file:///tmp/%E6%8A%A5%E5%91%8A.txt";
const ENCODINGS: [&str; 3] = ["utf-8", "utf-16", "utf-32"];

fn start() -> TestServer {
    TestServer::in_process_with_buffer(1 << 16)
}

async fn started(encoding: &str, options: Value) -> TestServer {
    TestServer::started(capabilities(encoding, false), options).await
}

/// Line `n` of `text` without its line break.
fn line(text: &str, n: usize) -> &str {
    text.lines().nth(n).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_negotiates_each_position_encoding() {
    for encoding in ENCODINGS {
        let mut client = start();
        let result = client
            .initialize(capabilities(encoding, false), Value::Null)
            .await;
        let caps = &result["capabilities"];
        assert_eq!(caps["positionEncoding"], encoding);
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
        assert_eq!(caps["documentSymbolProvider"], true);
        assert_eq!(caps["foldingRangeProvider"], true);
        assert_eq!(caps["hoverProvider"], true);
        assert!(caps.get("diagnosticProvider").is_none());
        assert_eq!(result["serverInfo"]["name"], "baogao");
        client.finish().await;
    }
    // No preference, or only unknown ones: UTF-16, as the specification says.
    for general in [json!({}), json!({ "positionEncodings": ["utf-7"] })] {
        let mut client = start();
        let result = client
            .initialize(json!({ "general": general }), Value::Null)
            .await;
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        client.finish().await;
    }
}

/// Opens a document of headings only, edits it with Chinese, emoji and 𠀀 in
/// each encoding, and reads the text back from the outline: every line is a
/// heading, so the symbol names are the lines and each selection ends at
/// its line's end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_in_every_encoding() {
    for enc in ENCODINGS {
        let mut client = started(enc, Value::Null).await;
        let uri = "file:///tmp/edit.txt";
        client
            .open(
                uri,
                "plaintext",
                1,
                "一、总体情况😀\n（一）𠀀工作\n（二）其他\n",
            )
            .await;
        client.diagnostics(uri, Some(1)).await;

        let c = units("（一）𠀀", enc);
        client
            .change(uri, 2, vec![(Some(range(1, c, 1, c)), "甲")])
            .await;
        let (s, e) = (units("（二）", enc), units("（二）其他", enc));
        client
            .change(uri, 3, vec![(Some(range(2, s, 2, e)), "其它🎉")])
            .await;
        let (s, e) = (units("一、总体情况", enc), units("一、总体情况😀", enc));
        client
            .change(
                uri,
                4,
                vec![
                    (Some(range(0, s, 0, e)), ""),
                    (Some(range(3, 0, 3, 0)), "1.新增"),
                ],
            )
            .await;
        client.diagnostics(uri, Some(4)).await;

        let expected = "一、总体情况\n（一）𠀀甲工作\n（二）其它🎉\n1.新增";
        let symbols = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await
            .unwrap();
        assert_eq!(symbol_names(&symbols).join("\n"), expected, "{enc}");
        for (i, text) in expected.lines().enumerate() {
            let s = find_symbol(&symbols, text).unwrap();
            let i = i as u32;
            assert_eq!(
                s["selectionRange"],
                range(i, 0, i, units(text, enc)),
                "{enc} {text}"
            );
        }
        let last = find_symbol(&symbols, "（二）其它🎉").unwrap();
        assert_eq!(last["range"]["start"], pos(2, 0));
        assert_eq!(last["children"][0]["name"], "1.新增");
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols_follow_the_outline() {
    let mut client = started("utf-16", Value::Null).await;
    client.open(URI, "plaintext", 1, REPORT).await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let roots = symbols.as_array().unwrap();
    assert_eq!(roots.len(), 1);
    let title = &roots[0];
    assert_eq!(title["name"], "XX县卫生健康局2023年工作总结");
    assert_eq!(title["kind"], 3, "a report title is a Namespace");
    let names: Vec<&str> = title["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["一、主要工作", "二、存在问题"]);
    let first = find_symbol(&symbols, "（一）大力开展卫生创建工作").unwrap();
    assert_eq!(first["kind"], 5, "（一） is a Class");
    assert_eq!(first["selectionRange"], range(3, 0, 3, 13));
    // The section runs to its last line with content before the next heading.
    assert_eq!(
        first["range"],
        range(3, 0, 4, units(line(REPORT, 4), "utf-16"))
    );
    let gap = find_symbol(&symbols, "（三）加强疾病防控").unwrap();
    let items: Vec<&str> = gap["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["1.做好疫苗接种", "2.加强监测"]);
    assert_eq!(gap["children"][0]["kind"], 6, "1. is a Method");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flat_symbols_without_hierarchy_support() {
    let mut client = start();
    client
        .initialize(json!({ "textDocument": {} }), Value::Null)
        .await;
    client.open(URI, "plaintext", 1, REPORT).await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let list = symbols.as_array().unwrap();
    assert_eq!(list.len(), 7);
    assert!(list.iter().all(|s| s.get("children").is_none()));
    let item = list
        .iter()
        .find(|s| s["name"] == "2.加强监测")
        .expect("flat list has 2.加强监测");
    assert_eq!(item["containerName"], "（三）加强疾病防控");
    assert_eq!(item["location"]["uri"], URI);
    assert_eq!(item["location"]["range"]["start"], pos(8, 0));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_carry_code_source_version_and_related() {
    for enc in ENCODINGS {
        let mut client = started(enc, Value::Null).await;
        client.open(URI, "plaintext", 7, REPORT).await;
        let published = client.diagnostics(URI, Some(7)).await;
        let diags = published["diagnostics"].as_array().unwrap();
        let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert_eq!(
            codes,
            ["placeholder", "placeholder", "numbering-gap"],
            "{enc}"
        );
        assert!(diags.iter().all(|d| d["source"] == "baogao"));
        assert!(diags.iter().all(|d| d["severity"] == 2));

        let body = line(REPORT, 4);
        let before = &body[..body.find("XX").unwrap()];
        let c = units(before, enc);
        assert_eq!(diags[1]["range"], range(4, c, 4, c + 2), "{enc}");

        let gap = &diags[2];
        assert_eq!(gap["range"]["start"], pos(6, 0));
        let related = &gap["relatedInformation"][0];
        assert_eq!(related["message"], "（一）在此");
        assert_eq!(related["location"]["uri"], URI);
        assert_eq!(related["location"]["range"]["start"], pos(3, 0));
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_follow_edits_and_clear_on_close() {
    let mut client = started("utf-16", Value::Null).await;
    client.open(URI, "plaintext", 1, REPORT).await;
    client.diagnostics(URI, Some(1)).await;
    // Fill the gap: （三） becomes （二）.
    client
        .change(URI, 2, vec![(Some(range(6, 1, 6, 2)), "二")])
        .await;
    let published = client.diagnostics(URI, Some(2)).await;
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["placeholder", "placeholder"]);

    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let cleared = client
        .wait_for("cleared diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == URI
                && m["params"]["diagnostics"] == json!([])
        })
        .await;
    assert!(cleared["params"].get("version").is_none_or(Value::is_null));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_are_coalesced_and_never_go_back_in_version() {
    let mut client = started("utf-16", Value::Null).await;
    client.open(URI, "plaintext", 1, REPORT).await;
    client.diagnostics(URI, Some(1)).await;
    for v in 2..=41 {
        client
            .change(URI, v, vec![(Some(range(12, 0, 12, 0)), "字")])
            .await;
    }
    client.diagnostics(URI, Some(41)).await;
    // A round trip after the last publication, for any straggler to show.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(11, 0) }),
        )
        .await
        .unwrap();
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("二、存在问题"));
    let versions: Vec<i64> = client
        .published(URI)
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    assert_eq!(versions.last(), Some(&41));
    assert!(
        versions.len() < 10,
        "edits were not coalesced: {versions:?}"
    );
    // The text has 40 more characters on line 12.
    let folding = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    assert!(!folding.as_array().unwrap().is_empty());
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos(11, 1) }),
        )
        .await
        .unwrap();
    let expected = baogao_core::count_chars("二、存在问题\n经费不足。\n") + 40;
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains(&format!("字数：{expected}")),
        "{hover}"
    );
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folding_ranges_one_per_section() {
    let mut client = started("utf-16", Value::Null).await;
    client.open(URI, "plaintext", 1, REPORT).await;
    let folding = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let mut lines: Vec<(i64, i64)> = folding
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_i64().unwrap(),
                f["endLine"].as_i64().unwrap(),
            )
        })
        .collect();
    lines.sort_unstable();
    // Single-line sections (1. and 2.) do not fold; blank lines stay outside.
    assert_eq!(lines, [(0, 12), (2, 8), (3, 4), (6, 8), (11, 12)]);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_heading_and_on_placeholder() {
    for enc in ENCODINGS {
        let mut client = started(enc, Value::Null).await;
        client.open(URI, "plaintext", 1, REPORT).await;
        let hover = client
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": pos(3, 2) }),
            )
            .await
            .unwrap();
        let text = hover["contents"]["value"].as_str().unwrap();
        assert_eq!(hover["contents"]["kind"], "markdown");
        assert!(
            text.contains("一、主要工作 › （一）大力开展卫生创建工作"),
            "{text}"
        );
        let start = REPORT.find("（一）").unwrap();
        let end = REPORT.find("（三）").unwrap();
        let count = baogao_core::count_chars(&REPORT[start..end]);
        assert!(text.contains(&format!("字数：{count}")), "{text}");
        assert!(text.contains("下级标题：0 个"), "{text}");
        assert!(text.contains("占位符：1 处（`XX`）"), "{text}");
        let heading = units("（一）大力开展卫生创建工作", enc);
        assert_eq!(hover["range"], range(3, 0, 3, heading), "{enc}");

        let parent = client
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": pos(2, 0) }),
            )
            .await
            .unwrap();
        let parent = parent["contents"]["value"].as_str().unwrap();
        assert!(parent.contains("下级标题：2 个（各级共 4 个）"), "{parent}");

        let body = line(REPORT, 4);
        let c = units(&body[..body.find("XX").unwrap()], enc);
        let hover = client
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": pos(4, c + 1) }),
            )
            .await
            .unwrap();
        let text = hover["contents"]["value"].as_str().unwrap();
        assert!(text.contains("占位符"), "{text}");
        assert!(text.contains("待填写"), "{text}");
        assert!(text.contains("还有 2 处"), "{text}");
        assert_eq!(hover["range"], range(4, c, 4, c + 2), "{enc}");

        // Body text that is neither heading nor placeholder: no hover.
        let none = client
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": pos(12, 1) }),
            )
            .await
            .unwrap();
        assert_eq!(none, Value::Null);
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_diagnostics_replace_push() {
    let mut client = start();
    let result = client
        .initialize(capabilities("utf-16", true), Value::Null)
        .await;
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "baogao"
    );
    client.open(URI, "plaintext", 1, REPORT).await;
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"].as_array().unwrap().len(), 3);
    let id = report["resultId"].clone();
    let again = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
        )
        .await
        .unwrap();
    assert_eq!(again["kind"], "unchanged");
    client
        .change(URI, 2, vec![(Some(range(6, 1, 6, 2)), "二")])
        .await;
    let changed = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
        )
        .await
        .unwrap();
    assert_eq!(changed["kind"], "full");
    assert_eq!(changed["items"].as_array().unwrap().len(), 2);
    assert!(client.published(URI).is_empty(), "pull mode never pushes");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_from_initialization_options_and_configuration() {
    let options = json!({
        "diagnostics": { "debounceMs": 0 },
        "rules": { "placeholder": "off", "numbering-gap": "error" }
    });
    let mut client = started("utf-16", options).await;
    client.open(URI, "plaintext", 1, REPORT).await;
    let published = client.diagnostics(URI, Some(1)).await;
    let diags = published["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "numbering-gap");
    assert_eq!(diags[0]["severity"], 1);
    client.finish().await;

    // The `baogao` section of workspace/configuration, null-tolerant.
    let mut client = start();
    *client.configuration.lock().unwrap() = json!({
        "diagnostics": { "debounceMs": null },
        "rules": { "numbering-gap": "off" }
    });
    client
        .initialize(capabilities("utf-16", false), Value::Null)
        .await;
    client
        .wait_for("the started message", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("已启动"))
        })
        .await;
    client.open(URI, "plaintext", 1, REPORT).await;
    let published = client.diagnostics(URI, Some(1)).await;
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["placeholder", "placeholder"]);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markdown_documents_are_served() {
    let mut client = started("utf-16", Value::Null).await;
    let uri = "file:///tmp/plan.md";
    client
        .open(
            uri,
            "markdown",
            1,
            "# 工作计划\n\n## 一、目标\n\n内容XX。\n",
        )
        .await;
    let published = client.diagnostics(uri, Some(1)).await;
    assert!(published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "placeholder"));
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    assert!(!symbols.as_array().unwrap().is_empty());
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_outcomes() {
    // shutdown + exit: 0.
    let client = started("utf-16", Value::Null).await;
    client.finish().await;

    // exit without shutdown: 1.
    let client = started("utf-16", Value::Null).await;
    let ended = client.end(Ending::ExitOnly).await.outcome.unwrap();
    assert_eq!(
        ended,
        lsp::Outcome::Exit {
            after_shutdown: false
        }
    );
    assert_eq!(ended.exit_code(), 1);

    // End of input: a clean stop.
    let client = started("utf-16", Value::Null).await;
    let ended = client.end(Ending::CloseInput).await.outcome.unwrap();
    assert_eq!(
        ended,
        lsp::Outcome::EndOfInput {
            after_shutdown: false
        }
    );
    assert_eq!(ended.exit_code(), 0);

    // Requests after shutdown are invalid.
    let mut client = started("utf-16", Value::Null).await;
    client.shut_down().await;
    let err = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32600);
    assert_eq!(client.end(Ending::ShutdownExit).await.code, 0);
}
