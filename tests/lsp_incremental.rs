//! A large compilation (over 1 MB) is analysed incrementally: after a burst
//! of edits the server's diagnostics and outline equal those of a fresh
//! session opened with the final text.

use baogao::lsp;
use serde_json::{json, Value};

#[path = "support/lsp_client.rs"]
mod lsp_client;
use lsp_client::{capabilities, LspClient};

const URI: &str = "file:///tmp/big-compilation.txt";
/// Kept small: the test suite runs a debug build, where each analysis of 1.2 MB is slow.
const EDITS: usize = 20;

async fn session() -> (LspClient, tokio::task::JoinHandle<lsp::Outcome>) {
    let (client_io, server_io) = tokio::io::duplex(1 << 22);
    let (r, w) = tokio::io::split(server_io);
    let server = tokio::spawn(lsp::serve(r, w));
    let (cr, cw) = tokio::io::split(client_io);
    let mut client = LspClient::new(cr, cw);
    client
        .initialize(
            capabilities("utf-16", false),
            json!({ "diagnostics": { "debounceMs": 0, "max": 100000, "maxFileKb": 100000 } }),
        )
        .await;
    (client, server)
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

#[tokio::test]
async fn edits_to_a_large_compilation_match_a_fresh_analysis() {
    let text = compilation();
    assert!(text.len() > 1 << 20);
    let (mut client, server) = session().await;
    client.open(URI, "plaintext", 1, &text).await;
    client.diagnostics(URI, Some(1)).await;
    // Edits deep inside the text: a character, a gap, a new line, a deletion.
    let lines: Vec<&str> = text.split('\n').collect();
    let mid = lines.len() / 2;
    let edits = [
        (mid + 5, 0, 0, "某"),
        (mid + 2, 0, 0, "(三)甲\n"),
        (mid + 40, 1, 1, "\n"),
        (mid + 80, 0, 1, ""),
    ];
    let mut expected = text
        .split('\n')
        .map(|l| l.chars().collect::<Vec<char>>())
        .collect::<Vec<_>>();
    for (i, (line, from, to, insert)) in edits.iter().enumerate() {
        let l = &expected[*line];
        let u = |c: usize| {
            l[..c.min(l.len())]
                .iter()
                .map(|c| c.len_utf16())
                .sum::<usize>()
        };
        let range = json!({ "start": { "line": line, "character": u(*from) }, "end": { "line": line, "character": u(*to) } });
        client
            .change(URI, i as i32 + 2, vec![(Some(range), insert)])
            .await;
        // Mirror the edit.
        let mut joined: String = expected
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        let line_start: usize = expected[..*line]
            .iter()
            .map(|l| l.iter().map(|c| c.len_utf8()).sum::<usize>() + 1)
            .sum();
        let b = |c: usize| {
            expected[*line][..c.min(expected[*line].len())]
                .iter()
                .map(|c| c.len_utf8())
                .sum::<usize>()
        };
        joined.replace_range(line_start + b(*from)..line_start + b(*to), insert);
        expected = joined.split('\n').map(|l| l.chars().collect()).collect();
    }
    let last = edits.len() as i32 + 1;
    let got = state(&mut client, last).await;
    let held = client
        .request(
            "baogao/documentText",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let final_text = held["text"].as_str().unwrap().to_string();
    assert_eq!(
        final_text,
        expected
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
    client.shutdown_and_exit().await;
    let _ = client.drain().await;
    let _ = server.await;

    let (mut fresh, server) = session().await;
    fresh.open(URI, "plaintext", 1, &final_text).await;
    let want = state(&mut fresh, 1).await;
    assert!(
        got.0
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "numbering-gap"),
        "the typed gap is found"
    );
    assert_eq!(got.0, want.0, "diagnostics");
    assert_eq!(got.1, want.1, "outline");
    fresh.shutdown_and_exit().await;
    let _ = fresh.drain().await;
    let _ = server.await;
}

#[tokio::test]
async fn a_random_burst_of_edits_matches_a_fresh_analysis() {
    let text = compilation();
    let (mut client, server) = session().await;
    client.open(URI, "plaintext", 1, &text).await;
    client.diagnostics(URI, Some(1)).await;
    let mut lines: Vec<Vec<char>> = text.split('\n').map(|l| l.chars().collect()).collect();
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
        let line = next(lines.len());
        let col = next(lines[line].len() + 1);
        let u16col: usize = lines[line][..col].iter().map(|c| c.len_utf16()).sum();
        let (end_col, insert) = match next(6) {
            0 => (col, "\n".to_string()),
            1 if col < lines[line].len() => (col + 1, String::new()),
            2 => (col, "一、".to_string()),
            3 => (col, "（五）".to_string()),
            4 => (col, "。".to_string()),
            _ => (col, "XX".to_string()),
        };
        let u16end: usize = lines[line][..end_col].iter().map(|c| c.len_utf16()).sum();
        let range = json!({ "start": { "line": line, "character": u16col }, "end": { "line": line, "character": u16end } });
        client
            .change(URI, version, vec![(Some(range), insert.as_str())])
            .await;
        // Mirror the edit on the lines.
        let mut l = lines[line].clone();
        let tail: Vec<char> = l.split_off(end_col);
        l.truncate(col);
        let mut joined: String =
            l.iter().collect::<String>() + &insert + &tail.iter().collect::<String>();
        joined = joined.replace('\r', "");
        let new: Vec<Vec<char>> = joined.split('\n').map(|s| s.chars().collect()).collect();
        lines.splice(line..=line, new);
    }
    let held = client
        .request(
            "baogao/documentText",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let got = state(&mut client, version).await;
    let final_text = held["text"].as_str().unwrap().to_string();
    assert_eq!(
        final_text,
        lines
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
    client.shutdown_and_exit().await;
    let _ = client.drain().await;
    let _ = server.await;

    let (mut fresh, server) = session().await;
    fresh.open(URI, "plaintext", 1, &final_text).await;
    let want = state(&mut fresh, 1).await;
    assert_eq!(got.0, want.0, "diagnostics");
    assert_eq!(got.1, want.1, "outline");
    fresh.shutdown_and_exit().await;
    let _ = fresh.drain().await;
    let _ = server.await;
}
