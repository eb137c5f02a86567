//! Property test through the server: random edit sequences applied with
//! `didChange` leave the server holding exactly the text a plain `String`
//! gets from the same edits, in UTF-8, UTF-16 and UTF-32 positions; every
//! range the server sends back (diagnostics, related information, document
//! symbols) lies inside the document on character boundaries, and its
//! positions round-trip through byte offsets.
//!
//! `BAOGAO_LSP_PROPERTY_CASES` sets the number of sequences per encoding
//! (default 200; the long run uses 10,000 or more).

mod support;
#[allow(unused_imports)]
use support::{Ending, TestServer};

use serde_json::{json, Value};

use support::capabilities;
use support::offsets::{check_range, offset, position};

/// Pieces random texts are made of: headings, placeholders, astral
/// characters, every LSP line break, NUL.
const PIECES: &[&str] = &[
    "一、",
    "（二）",
    "3.",
    "(4)",
    "①",
    "XX",
    "20**年",
    "某某",
    "工作",
    "报告",
    "。",
    "，",
    "𠀀",
    "😀",
    "a",
    "Z",
    "7",
    " ",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "é",
    "第一章",
    "一是",
    "二是",
    "#",
    "总结\n",
];

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
    fn text(&mut self, max_pieces: usize) -> String {
        (0..self.below(max_pieces + 1))
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }
}

fn check_symbols(text: &str, symbols: &Value, enc: &str) {
    for s in symbols.as_array().into_iter().flatten() {
        check_range(text, &s["range"], enc, "symbol range");
        check_range(text, &s["selectionRange"], enc, "symbol selection");
        check_symbols(text, &s["children"], enc);
    }
}

async fn run(enc: &str, cases: usize, seed: u64) {
    let mut client = TestServer::in_process();
    let mut caps = capabilities(enc, false);
    caps["textDocument"]["documentSymbol"] = json!({ "hierarchicalDocumentSymbolSupport": true });
    client
        .initialize(caps, json!({ "diagnostics": { "debounceMs": 0 } }))
        .await;
    let mut rng = Rng(seed);
    for case in 0..cases {
        let uri = format!("file:///prop/{case}.txt");
        let mut text = rng.text(30);
        client.open(&uri, "plaintext", 1, &text).await;
        let edits = 1 + rng.below(8);
        for v in 0..edits {
            // Two char boundaries, in order.
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let mut a = bounds[rng.below(bounds.len())];
            let mut b = bounds[rng.below(bounds.len())];
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            if rng.below(3) == 0 {
                b = a;
            }
            let new_text = rng.text(3);
            let (sl, sc) = position(&text, a, enc);
            let (el, ec) = position(&text, b, enc);
            // A position between \r and \n is not a position: the range
            // would be written as the end of the line, so skip such edits.
            if offset(&text, &json!({"line": sl, "character": sc}), enc) != Some(a)
                || offset(&text, &json!({"line": el, "character": ec}), enc) != Some(b)
            {
                continue;
            }
            let range = json!({ "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } });
            text.replace_range(a..b, &new_text);
            client
                .change(&uri, v as i32 + 2, vec![(Some(range), new_text.as_str())])
                .await;
        }
        let held = client
            .request(
                "baogao/documentText",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await
            .expect("documentText");
        assert_eq!(held["text"], json!(text), "case {case} ({enc})");
        let version = held["version"].as_i64().unwrap() as i32;
        let published = client.diagnostics(&uri, Some(version)).await;
        for d in published["diagnostics"].as_array().unwrap() {
            check_range(&text, &d["range"], enc, "diagnostic");
            for r in d["relatedInformation"].as_array().into_iter().flatten() {
                check_range(&text, &r["location"]["range"], enc, "related");
            }
        }
        if case % 4 == 0 {
            let symbols = client
                .request(
                    "textDocument/documentSymbol",
                    json!({ "textDocument": { "uri": uri } }),
                )
                .await
                .expect("documentSymbol");
            check_symbols(&text, &symbols, enc);
        }
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
        client.log.clear();
    }
    client.finish().await;
}

fn cases() -> usize {
    std::env::var("BAOGAO_LSP_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_through_the_server_match_a_string_utf8() {
    run("utf-8", cases(), 0x1234_5678_9abc_def1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_through_the_server_match_a_string_utf16() {
    run("utf-16", cases(), 0x0fed_cba9_8765_4321).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_through_the_server_match_a_string_utf32() {
    run("utf-32", cases(), 0x5555_aaaa_3333_cccc).await;
}
