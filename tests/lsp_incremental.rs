//! A large compilation (over 1 MB) is analysed incrementally: after a burst
//! of edits the server's diagnostics and outline equal those of a fresh
//! session opened with the final text.

use serde_json::{json, Value};

mod support;
use support::mirror::Mirror;
use support::{capabilities, LspClient};
#[allow(unused_imports)]
use support::{Ending, TestServer};

const URI: &str = "file:///tmp/big-compilation.txt";
/// Kept small: the test suite runs a debug build, where each analysis of 1.2 MB is slow.
const EDITS: usize = 20;

async fn session() -> TestServer {
    TestServer::started(
        capabilities("utf-16", false),
        json!({ "diagnostics": { "debounceMs": 0, "max": 100000, "maxFileKb": 100000 } }),
    )
    .await
}

fn compilation() -> String {
    let paragraph =
        "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。";
    let report = format!(
        "一、2022年工作进展和成效\n\n(一)大力开展卫生创建工作\n\n1.完成xx市省级卫生城市届满复审工作。\n\n{paragraph}\n\n二、存在的问题\n\n{paragraph}\n\n"
    );
    report.repeat((1 << 20) / report.len() + 200)
}

async fn state(client: &mut LspClient, version: i32) -> (Value, Value) {
    let d = client.diagnostics(URI, Some(version)).await["diagnostics"].clone();
    let s = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    (d, s)
}

/// Checks that the server holds the mirrored text, ends the session, and
/// compares its diagnostics and outline with a fresh session's on that text.
/// Returns the diagnostics.
async fn matches_fresh(mut client: TestServer, version: i32, mirror: &Mirror) -> Value {
    let got = state(&mut client, version).await;
    let held = client
        .request(
            "baogao/documentText",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let final_text = mirror.text();
    assert_eq!(held["text"].as_str(), Some(final_text.as_str()));
    client.finish().await;

    let mut fresh = session().await;
    fresh.open(URI, "plaintext", 1, &final_text).await;
    let want = state(&mut fresh, 1).await;
    assert_eq!(got.0, want.0, "diagnostics");
    assert_eq!(got.1, want.1, "outline");
    fresh.finish().await;
    got.0
}

#[tokio::test]
async fn edits_to_a_large_compilation_match_a_fresh_analysis() {
    let text = compilation();
    assert!(text.len() > 1 << 20);
    let mut client = session().await;
    client.open(URI, "plaintext", 1, &text).await;
    client.diagnostics(URI, Some(1)).await;
    let mut mirror = Mirror::new(&text, false);
    // Edits deep inside the text: a character, a gap, a new line, a deletion.
    let mid = mirror.lines.len() / 2;
    let edits = [
        (mid + 5, 0, 0, "某"),
        (mid + 2, 0, 0, "(三)甲\n"),
        (mid + 40, 1, 1, "\n"),
        (mid + 80, 0, 1, ""),
    ];
    for (i, (line, from, to, insert)) in edits.iter().enumerate() {
        mirror
            .edit(&mut client, URI, i as i32 + 2, (*line, *from, *to), insert)
            .await;
    }
    let diagnostics = matches_fresh(client, edits.len() as i32 + 1, &mirror).await;
    assert!(
        diagnostics
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "numbering-gap"),
        "the typed gap is found"
    );
}

#[tokio::test]
async fn a_random_burst_of_edits_matches_a_fresh_analysis() {
    let text = compilation();
    let mut client = session().await;
    client.open(URI, "plaintext", 1, &text).await;
    client.diagnostics(URI, Some(1)).await;
    let mut mirror = Mirror::new(&text, false);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let mut version = 1;
    for _ in 0..EDITS {
        version += 1;
        let line = next(mirror.lines.len());
        let len = mirror.lines[line].len();
        let col = next(len + 1);
        let (end, insert) = match next(6) {
            0 => (col, "\n"),
            1 if col < len => (col + 1, ""),
            2 => (col, "一、"),
            3 => (col, "（五）"),
            4 => (col, "。"),
            _ => (col, "XX"),
        };
        mirror
            .edit(&mut client, URI, version, (line, col, end), insert)
            .await;
    }
    matches_fresh(client, version, &mirror).await;
}
