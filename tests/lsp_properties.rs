//! Property test through the server: random edit sequences applied with
//! `didChange` leave the server holding exactly the text a plain `String`
//! gets from the same edits, in UTF-8, UTF-16 and UTF-32 positions; every
//! range the server sends back (diagnostics, related information, document
//! symbols) lies inside the document on character boundaries, and its
//! positions round-trip through byte offsets.
//!
//! `BAOGAO_LSP_PROPERTY_CASES` sets the number of sequences per encoding
//! (default 200; the long run uses 10,000 or more).

use baogao::lsp;
#[path = "support/lsp_client.rs"]
mod lsp_client;

use serde_json::{json, Value};

use lsp_client::{capabilities, LspClient};

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

/// Byte ranges of the lines of `text` as LSP counts them, without breaks.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

fn width(c: char, enc: &str) -> usize {
    match enc {
        "utf-8" => c.len_utf8(),
        "utf-16" => c.len_utf16(),
        _ => 1,
    }
}

/// The position of a byte offset (on a char boundary) in `enc`.
fn position(text: &str, offset: usize, enc: &str) -> (u32, u32) {
    let ls = lines(text);
    let line = ls.iter().rposition(|&(s, _)| s <= offset).unwrap_or(0);
    let (s, e) = ls[line];
    let col: usize = text[s..offset.min(e)].chars().map(|c| width(c, enc)).sum();
    (line as u32, col as u32)
}

/// The byte offset of a position, `None` when it is outside the text or
/// not on a character boundary.
fn offset(text: &str, pos: &Value, enc: &str) -> Option<usize> {
    let line = pos["line"].as_u64()? as usize;
    let col = pos["character"].as_u64()? as usize;
    let &(s, e) = lines(text).get(line)?;
    let mut units = 0;
    for (i, c) in text[s..e].char_indices() {
        if units == col {
            return Some(s + i);
        }
        units += width(c, enc);
        if units > col {
            return None;
        }
    }
    (units == col).then_some(e)
}

fn check_range(text: &str, range: &Value, enc: &str, what: &str) {
    let start = offset(text, &range["start"], enc)
        .unwrap_or_else(|| panic!("{what}: start {range} outside {text:?} ({enc})"));
    let end = offset(text, &range["end"], enc)
        .unwrap_or_else(|| panic!("{what}: end {range} outside {text:?} ({enc})"));
    assert!(start <= end, "{what}: reversed {range}");
    for (o, p) in [(start, &range["start"]), (end, &range["end"])] {
        let (l, c) = position(text, o, enc);
        assert_eq!(
            (json!(l), json!(c)),
            (p["line"].clone(), p["character"].clone()),
            "{what}: {range} does not round-trip in {text:?} ({enc})"
        );
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
    let (client_io, server_io) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_io);
    let server = tokio::spawn(lsp::serve(server_read, server_write));
    let (client_read, client_write) = tokio::io::split(client_io);
    let mut client = LspClient::new(client_read, client_write);
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
    client.shutdown_and_exit().await;
    let _ = tokio::time::timeout(lsp_client::TIMEOUT, server).await;
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
