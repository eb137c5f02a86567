//! Feeds arbitrary bytes to the language server as its stdin, after a valid
//! `initialize`/`initialized`/`didOpen` prelude. The first byte picks the
//! mode: even, the rest is the raw stream (framing, headers, bodies all
//! fuzzed); odd, the rest is split at NUL bytes into bodies that are framed
//! with a correct `Content-Length` (so the JSON-RPC and handler layers are
//! reached more often). The session must end without a panic escaping
//! (handler panics are caught by the server's guard and would show up as an
//! `InternalError` answer; the target fails on those too).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tokio::io::AsyncReadExt;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

const PRELUDE: [&str; 3] = [
    r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-16"]},"textDocument":{"documentSymbol":{"hierarchicalDocumentSymbolSupport":true}}},"initializationOptions":{"diagnostics":{"debounceMs":0}}}}"#,
    r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///f.txt","languageId":"plaintext","version":1,"text":"XX县2023年工作总结\n一、主要工作\n（一）甲𠀀\n（三）乙😀\r\n1.丙\r2.丁\n一是…三是\n"}}}"#,
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut input: Vec<u8> = PRELUDE.iter().flat_map(|m| frame(m.as_bytes())).collect();
    if mode % 2 == 0 {
        input.extend_from_slice(rest);
    } else {
        for body in rest.split(|&b| b == 0) {
            input.extend_from_slice(&frame(body));
        }
    }
    let (mut out_read, out_write) = tokio::io::duplex(1 << 16);
    runtime().block_on(async move {
        let reader = tokio::spawn(async move {
            let mut out = Vec::new();
            let _ = out_read.read_to_end(&mut out).await;
            out
        });
        let _ = baogao::lsp::serve(&input[..], out_write).await;
        let out = reader.await.expect("reader");
        let out = String::from_utf8_lossy(&out);
        assert!(
            !out.contains("内部错误"),
            "a handler panicked: {}",
            &out[out.find("内部错误").unwrap().saturating_sub(300)..]
        );
    });
});
