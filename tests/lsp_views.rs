//! The views of a large document (outline, folding, semantic tokens and
//! their deltas, 字数 lenses), cached per version and converted per chunk,
//! equal a fresh session's on the same text after random edits, in UTF-16
//! and UTF-8.

use serde_json::{json, Value};

mod support;
use support::mirror::Mirror;
use support::{capabilities, LspClient, TestServer};

const URI: &str = "file:///tmp/views-compilation.txt";

async fn session(encoding: &str) -> TestServer {
    let mut caps = capabilities(encoding, false);
    caps["textDocument"]["semanticTokens"] = json!({
        "requests": { "full": { "delta": true }, "range": true },
        "tokenTypes": [], "tokenModifiers": [], "formats": ["relative"]
    });
    TestServer::started(
        caps,
        json!({ "diagnostics": { "debounceMs": 0, "max": 100000, "maxFileKb": 100000 } }),
    )
    .await
}

/// About 225 KB (over the incremental threshold, so chunks are used) of
/// reports: titles, untitled restarts, enumerations, placeholders, astral
/// characters (two UTF-16 units, four UTF-8 bytes), CRLF line ends.
fn compilation() -> String {
    let p =
        "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。";
    let mut out = String::new();
    for i in 0..560 {
        out.push_str(&match i % 4 {
            0 => format!("XX县2023年第{i}份工作总结\n\n一、主要工作\n（一）𠀀甲😀\n{p}一是认识到位；二是投入xx万元。\n（二）乙\r\n{p}\n\n二、存在问题\n{p}\n\n"),
            1 => format!("一、基本情况\n{p}\n1.子项20**年\n{p}\n二、下步计划\n{p}\n\n"),
            2 => format!("第{i}篇 工作思路\n\n（一）丁\n{p}\n（三）戊\n\n\n{p}\n"),
            _ => format!("一、总结\n{p}\n（一）甲\n（1）细项\n{p}\n\n"),
        });
    }
    out
}

/// The integer array of a semantic tokens result.
fn ints(tokens: &Value) -> Vec<u64> {
    tokens["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

async fn request(client: &mut LspClient, method: &str) -> Value {
    client
        .request(method, json!({ "textDocument": { "uri": URI } }))
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// Every view, each asked twice (the second from the cache, the same).
async fn views(client: &mut LspClient) -> Vec<Value> {
    let mut out = Vec::new();
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/codeLens",
    ] {
        let first = request(client, method).await;
        assert_eq!(request(client, method).await, first, "{method} repeated");
        out.push(first);
    }
    let tokens = request(client, "textDocument/semanticTokens/full").await;
    let again = request(client, "textDocument/semanticTokens/full").await;
    assert_eq!(ints(&again), ints(&tokens), "semanticTokens repeated");
    out.push(json!(ints(&tokens)));
    out
}

/// Applies a `semanticTokens/full/delta` answer to the client's tokens.
fn apply_delta(tokens: &mut Vec<u64>, answer: &Value) {
    if answer.get("data").is_some() {
        *tokens = ints(answer);
        return;
    }
    let mut edits: Vec<&Value> = answer["edits"].as_array().expect("edits").iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64()));
    for e in edits {
        let start = e["start"].as_u64().unwrap() as usize;
        let n = e["deleteCount"].as_u64().unwrap() as usize;
        let data: Vec<u64> = e["data"]
            .as_array()
            .map(|d| d.iter().map(|v| v.as_u64().unwrap()).collect())
            .unwrap_or_default();
        tokens.splice(start..start + n, data);
    }
}

async fn edits_keep_every_view_equal_to_a_fresh_sessions(encoding: &str) {
    let text = compilation();
    assert!(text.len() > 192 * 1024, "{} bytes", text.len());
    let mut client = session(encoding).await;
    client.open(URI, "plaintext", 1, &text).await;
    client.diagnostics(URI, Some(1)).await;
    // The views of the first version fill the per-chunk caches.
    views(&mut client).await;
    let first = request(&mut client, "textDocument/semanticTokens/full").await;
    let mut tokens = ints(&first);
    let mut result_id = first["resultId"].as_str().expect("a result id").to_string();
    let mut mirror = Mirror::new(&text, encoding == "utf-8");
    let mut seed = 0x2545_F491_4F6C_DD1Du64 ^ encoding.len() as u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let mut version = 1;
    for round in 0..2 {
        for i in 0..8 {
            version += 1;
            let line = next(mirror.lines.len());
            let len = mirror.lines[line].len();
            let col = next(len + 1);
            let (end, insert) = match next(7) {
                0 => (col, "\n"),
                1 if col < len => (col + 1, ""),
                2 => (col, "（二）新的一节\n"),
                3 => (col, "😀"),
                4 => (col, "一、"),
                5 => (col, "XX"),
                _ => (col, "改"),
            };
            mirror
                .edit(&mut client, URI, version, (line, col, end), insert)
                .await;
            if i % 4 == 3 {
                // Views of intermediate versions: some chunks cached, some edited.
                client.diagnostics(URI, Some(version)).await;
                let answer = client
                    .request(
                        "textDocument/semanticTokens/full/delta",
                        json!({ "textDocument": { "uri": URI }, "previousResultId": result_id }),
                    )
                    .await
                    .expect("delta");
                apply_delta(&mut tokens, &answer);
                result_id = answer["resultId"]
                    .as_str()
                    .expect("a result id")
                    .to_string();
                request(&mut client, "textDocument/documentSymbol").await;
                request(&mut client, "textDocument/codeLens").await;
            }
        }
        // The last edit of the round (i = 7) waited for its diagnostics.
        let got = views(&mut client).await;
        let final_text = mirror.text();
        let mut fresh = session(encoding).await;
        fresh.open(URI, "plaintext", 1, &final_text).await;
        fresh.diagnostics(URI, Some(1)).await;
        let want = views(&mut fresh).await;
        fresh.finish().await;
        let names = [
            "documentSymbol",
            "foldingRange",
            "codeLens",
            "semanticTokens",
        ];
        for ((g, w), name) in got.iter().zip(&want).zip(names) {
            assert!(
                g == w,
                "{encoding}, round {round}: {name} differs from a fresh session's"
            );
        }
        // The client's tokens, kept up to date by deltas alone, are the fresh ones.
        assert!(
            json!(tokens) == want[3],
            "{encoding}, round {round}: deltas"
        );
    }
    client.finish().await;
}

#[tokio::test]
async fn edits_keep_every_view_equal_to_a_fresh_sessions_in_utf16() {
    edits_keep_every_view_equal_to_a_fresh_sessions("utf-16").await;
}

#[tokio::test]
async fn edits_keep_every_view_equal_to_a_fresh_sessions_in_utf8() {
    edits_keep_every_view_equal_to_a_fresh_sessions("utf-8").await;
}

/// A delta from the current result is empty; an unknown result id gets the
/// whole result.
#[tokio::test]
async fn deltas_from_the_same_or_an_unknown_result() {
    let mut client = session("utf-16").await;
    let text = "一、总结\n（一）甲XX\n全年完成任务。\n二、计划\n";
    client.open(URI, "plaintext", 1, text).await;
    let full = request(&mut client, "textDocument/semanticTokens/full").await;
    let id = full["resultId"].as_str().expect("a result id").to_string();
    let same = client
        .request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
        )
        .await
        .unwrap();
    assert_eq!(same["edits"], json!([]));
    let unknown = client
        .request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": { "uri": URI }, "previousResultId": "no-such-id" }),
        )
        .await
        .unwrap();
    assert_eq!(ints(&unknown), ints(&full));
    client.finish().await;
}
