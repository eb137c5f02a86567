//! Writing help through the language server: completion (markers, section
//! snippets, skeletons, words), code actions, commands and semantic tokens.
//! In-process sessions over an in-memory duplex, plus black-box sessions of
//! the built binary for what depends on a fresh process (the dictionary).

mod support;
use support::client as lsp_client;
#[allow(unused_imports)]
use support::{Ending, TestServer};

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use support::offsets::apply;
use support::{pos, range, units, LspClient};

const REPORT: &str = include_str!("fixtures/lsp_report.txt");
const URI: &str = "file:///tmp/%E6%8A%A5%E5%91%8A.txt";

/// Client capabilities: one position encoding, snippets or not, versioned edits or not.
fn caps(encoding: &str, snippets: bool, document_changes: bool) -> Value {
    json!({
        "general": { "positionEncodings": [encoding] },
        "textDocument": {
            "completion": { "completionItem": { "snippetSupport": snippets } },
            "codeAction": { "codeActionLiteralSupport": { "codeActionKind": { "valueSet": [] } } },
            "semanticTokens": {
                "requests": { "full": true, "range": true },
                "tokenTypes": ["namespace", "keyword", "class", "enumMember"],
                "tokenModifiers": [],
                "formats": ["relative"]
            },
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": true }
        },
        "workspace": {
            "configuration": true,
            "workspaceEdit": { "documentChanges": document_changes }
        }
    })
}

fn start() -> TestServer {
    TestServer::in_process_with_buffer(1 << 16)
}

async fn started(capabilities: Value) -> TestServer {
    TestServer::started(capabilities, Value::Null).await
}

/// The edits of `uri` in a `WorkspaceEdit`, and the version they were made for.
fn edits_of(edit: &Value, uri: &str) -> (Vec<Value>, Option<i64>) {
    if let Some(changes) = edit["documentChanges"].as_array() {
        assert_eq!(changes.len(), 1, "{edit}");
        assert_eq!(changes[0]["textDocument"]["uri"], uri);
        (
            changes[0]["edits"].as_array().unwrap().clone(),
            changes[0]["textDocument"]["version"].as_i64(),
        )
    } else {
        (edit["changes"][uri].as_array().unwrap().clone(), None)
    }
}

async fn completion(client: &mut LspClient, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let result = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(line, character) }),
        )
        .await
        .expect("completion succeeds");
    let mut items = result["items"]
        .as_array()
        .expect("a completion list")
        .clone();
    // What an editor shows first: sorted by sortText.
    items.sort_by(|a, b| a["sortText"].as_str().cmp(&b["sortText"].as_str()));
    items
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

async fn code_actions(
    client: &mut LspClient,
    uri: &str,
    at: Value,
    diagnostics: Value,
    only: Option<Value>,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": diagnostics });
    if let Some(only) = only {
        context["only"] = only;
    }
    client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": at, "context": context }),
        )
        .await
        .expect("codeAction succeeds")
        .as_array()
        .unwrap()
        .clone()
}

async fn command(client: &mut LspClient, name: &str, arguments: Value) -> Result<Value, Value> {
    client
        .request(
            "workspace/executeCommand",
            json!({ "command": name, "arguments": arguments }),
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capabilities_are_advertised() {
    let mut client = start();
    let result = client
        .initialize(caps("utf-16", true, true), Value::Null)
        .await;
    let c = &result["capabilities"];
    let triggers: Vec<&str> = c["completionProvider"]["triggerCharacters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for t in ["（", "(", "、", ".", "。", "，", "0", "5", "9"] {
        assert!(triggers.contains(&t), "{t} in {triggers:?}");
    }
    assert_eq!(
        c["executeCommandProvider"]["commands"],
        json!(["baogao.listPlaceholders", "baogao.fixAll", "baogao.stats"])
    );
    let kinds = &c["codeActionProvider"]["codeActionKinds"];
    assert!(kinds
        .as_array()
        .unwrap()
        .contains(&json!("source.fixAll.baogao")));
    let legend = &c["semanticTokensProvider"]["legend"];
    assert_eq!(
        legend["tokenTypes"],
        json!(["namespace", "keyword", "class", "enumMember", "placeholder"])
    );
    assert_eq!(
        legend["tokenModifiers"],
        json!(["level1", "level2", "level3", "level4", "level5"])
    );
    assert_eq!(
        c["semanticTokensProvider"]["full"],
        json!({ "delta": true })
    );
    assert_eq!(c["semanticTokensProvider"]["range"], true);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_marker_first_at_line_start() {
    for enc in ["utf-8", "utf-16"] {
        let mut client = started(caps(enc, true, true)).await;
        let text = "一、主要工作😀\n（一）抓好𠀀落实。\n（二）加强监测。正文。\n\n（";
        client.open(URI, "plaintext", 1, text).await;
        // On the empty line after （二）…
        let items = completion(&mut client, URI, 3, 0).await;
        assert_eq!(items[0]["label"], "（三）", "{:?}", labels(&items));
        assert_eq!(items[0]["preselect"], true);
        assert_eq!(items[0]["textEdit"]["range"], range(3, 0, 3, 0));
        assert_eq!(items[0]["textEdit"]["newText"], "（三）");
        assert_eq!(items[0]["kind"], 14, "a marker is a Keyword");
        // Sections follow the markers, numbered as the next （三）.
        assert!(labels(&items).contains(&"（三）存在的问题"));
        // After a typed `（` the item replaces it.
        let items = completion(&mut client, URI, 4, units("（", enc)).await;
        assert_eq!(items[0]["label"], "（三）");
        assert_eq!(
            items[0]["textEdit"]["range"],
            range(4, 0, 4, units("（", enc))
        );
        assert!(items[0]["filterText"].as_str().unwrap().starts_with('（'));
        // After a sentence in the paragraph: the next 一是 list item.
        let end = units("（二）加强监测。正文。", enc);
        let items = completion(&mut client, URI, 2, end).await;
        assert!(labels(&items).contains(&"一是"), "{:?}", labels(&items));
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snippets_or_plain_text_by_capability() {
    let text = "一、主要工作\n（一）甲\n（二）乙\n二、存在问题\n";
    for snippets in [true, false] {
        let mut client = started(caps("utf-16", snippets, false)).await;
        client.open(URI, "plaintext", 1, text).await;
        let items = completion(&mut client, URI, 4, 0).await;
        assert_eq!(items[0]["label"], "三、");
        let section = items
            .iter()
            .find(|i| i["label"].as_str().unwrap().starts_with("三、存在的问题"))
            .expect("a section snippet");
        let new_text = section["textEdit"]["newText"].as_str().unwrap();
        assert_eq!(section["kind"], 15, "a section is a Snippet");
        if snippets {
            assert_eq!(section["insertTextFormat"], 2);
            assert!(
                new_text.starts_with("三、${1:存在的问题}\n（一）${2:"),
                "{new_text}"
            );
        } else {
            assert_eq!(section["insertTextFormat"], 1);
            assert!(!new_text.contains("${"), "{new_text}");
            assert!(new_text.starts_with("三、存在的问题\n（一）"), "{new_text}");
        }
        // A bare marker is plain text either way.
        assert_eq!(items[0]["insertTextFormat"], 1);
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skeletons_in_an_empty_document() {
    let mut client = started(caps("utf-16", true, true)).await;
    client.open(URI, "plaintext", 1, "").await;
    let items = completion(&mut client, URI, 0, 0).await;
    let skeletons: Vec<&Value> = items
        .iter()
        .filter(|i| i["label"].as_str().unwrap().starts_with("报告框架："))
        .collect();
    assert_eq!(skeletons.len(), 6, "{:?}", labels(&items));
    assert_eq!(items[0]["label"], "报告框架：年度工作总结及工作计划");
    let year = items[0]["detail"].as_str().unwrap();
    assert!(year.ends_with("年工作计划"), "{year}");
    let body = items[0]["textEdit"]["newText"].as_str().unwrap();
    assert!(body.starts_with("${1:单位名称}"), "{body}");
    assert!(body.contains("年工作总结}\n（一）${"), "{body}");
    // The years are this year's and the next (the summary and the plan).
    let this: i32 = year[..4].parse().unwrap();
    assert!(body.contains(&format!("{this}年工作总结")));
    assert!(body.contains(&format!("{}年工作计划", this + 1)));
    assert!(this >= 2025);
    assert_eq!(items[0]["documentation"]["kind"], "plaintext");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fix_renumbers_only_numbers() {
    for enc in ["utf-8", "utf-16"] {
        for document_changes in [true, false] {
            let mut client = started(caps(enc, true, document_changes)).await;
            client.open(URI, "plaintext", 1, REPORT).await;
            let published = client.diagnostics(URI, Some(1)).await;
            let gap = published["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["code"] == "numbering-gap")
                .expect("the fixture has a gap")
                .clone();
            let actions =
                code_actions(&mut client, URI, gap["range"].clone(), json!([gap]), None).await;
            let fix = actions
                .iter()
                .find(|a| a["kind"] == "quickfix")
                .expect("a quick fix");
            assert_eq!(fix["isPreferred"], true);
            assert_eq!(fix["diagnostics"][0]["code"], "numbering-gap");
            let (edits, version) = edits_of(&fix["edit"], URI);
            assert_eq!(version, document_changes.then_some(1));
            let fixed = apply(REPORT, &edits, enc);
            assert_eq!(
                fixed,
                REPORT.replace("（三）加强疾病防控", "（二）加强疾病防控"),
                "{enc}"
            );
            // Placeholders get the list command, never an edit.
            let ph = published["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["code"] == "placeholder")
                .unwrap()
                .clone();
            let actions = code_actions(
                &mut client,
                URI,
                ph["range"].clone(),
                json!([ph]),
                Some(json!(["quickfix"])),
            )
            .await;
            assert_eq!(actions.len(), 1, "{actions:?}");
            assert!(actions[0].get("edit").is_none());
            assert_eq!(actions[0]["command"]["command"], "baogao.listPlaceholders");
            assert_eq!(actions[0]["command"]["arguments"], json!([URI]));
            client.finish().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_as_a_source_action_and_as_a_command() {
    let text = "一、工作\n(一)甲\n（三）乙\n（四）丁\n二、问题\n四、计划\n";
    let expected = "一、工作\n（一）甲\n（二）乙\n（三）丁\n二、问题\n三、计划\n";
    let mut client = started(caps("utf-16", true, true)).await;
    client.open(URI, "plaintext", 1, text).await;
    for only in [json!(["source.fixAll"]), json!(["source"])] {
        let actions =
            code_actions(&mut client, URI, range(0, 0, 0, 0), json!([]), Some(only)).await;
        let kinds: Vec<&Value> = actions.iter().map(|a| &a["kind"]).collect();
        assert_eq!(kinds, [&json!("source.fixAll.baogao")], "{actions:?}");
        let (edits, version) = edits_of(&actions[0]["edit"], URI);
        assert_eq!(version, Some(1));
        let fixed = apply(text, &edits, "utf-16");
        assert_eq!(fixed, expected);
    }
    // Not offered when only quick fixes are asked for.
    let actions = code_actions(
        &mut client,
        URI,
        range(0, 0, 0, 0),
        json!([]),
        Some(json!(["quickfix"])),
    )
    .await;
    assert!(actions.is_empty(), "{actions:?}");
    // Offered unasked when there is something to fix.
    let actions = code_actions(&mut client, URI, range(0, 0, 0, 0), json!([]), None).await;
    assert!(actions.iter().any(|a| a["kind"] == "source.fixAll.baogao"));

    // The command sends the same edit through workspace/applyEdit.
    let result = command(&mut client, "baogao.fixAll", json!([URI]))
        .await
        .unwrap();
    let request = client
        .wait_for("workspace/applyEdit", |m| {
            m["method"] == "workspace/applyEdit"
        })
        .await;
    let (edits, version) = edits_of(&request["params"]["edit"], URI);
    assert_eq!(version, Some(1));
    assert_eq!(result, json!({ "applied": edits.len() }));
    assert_eq!(apply(text, &edits, "utf-16"), expected);

    // Applying it (as the editor would) leaves nothing to fix.
    client.change(URI, 2, vec![(None, expected)]).await;
    let result = command(&mut client, "baogao.fixAll", json!([URI]))
        .await
        .unwrap();
    assert_eq!(result, json!({ "applied": 0 }));
    let actions = code_actions(
        &mut client,
        URI,
        range(0, 0, 0, 0),
        json!([]),
        Some(json!(["source.fixAll.baogao"])),
    )
    .await;
    assert!(actions.is_empty(), "{actions:?}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refactors_renumber_promote_and_demote() {
    let text = "一、工作\n（一）甲\n（二）乙\n（三）丙\n二、问题\n（一）丁\n（三）戊\n";
    let mut client = started(caps("utf-16", true, false)).await;
    client.open(URI, "plaintext", 1, text).await;

    let refactors = |actions: &[Value]| -> Vec<(String, String)> {
        actions
            .iter()
            .filter(|a| a["kind"] == "refactor.rewrite")
            .map(|a| {
                let (edits, _) = edits_of(&a["edit"], URI);
                (
                    a["title"].as_str().unwrap().to_string(),
                    apply(text, &edits, "utf-16"),
                )
            })
            .collect()
    };

    // On （二）乙: promote and demote (no section to renumber under it).
    let actions = code_actions(
        &mut client,
        URI,
        range(2, 1, 2, 1),
        json!([]),
        Some(json!(["refactor"])),
    )
    .await;
    let got = refactors(&actions);
    let promote = got
        .iter()
        .find(|(t, _)| t.contains("升为上一级"))
        .expect("promote");
    assert_eq!(
        promote.1,
        "一、工作\n（一）甲\n二、乙\n（一）丙\n三、问题\n（一）丁\n（三）戊\n"
    );
    let demote = got
        .iter()
        .find(|(t, _)| t.contains("降为下一级"))
        .expect("demote");
    assert_eq!(
        demote.1,
        "一、工作\n（一）甲\n1.乙\n（二）丙\n二、问题\n（一）丁\n（三）戊\n"
    );

    // On 二、问题: renumber its section (only the numbers change).
    let actions = code_actions(&mut client, URI, range(4, 0, 4, 0), json!([]), None).await;
    let got = refactors(&actions);
    let renumber = got
        .iter()
        .find(|(t, _)| t.starts_with("重新编号"))
        .expect("renumber section");
    assert_eq!(
        renumber.1,
        "一、工作\n（一）甲\n（二）乙\n（三）丙\n二、问题\n（一）丁\n（二）戊\n"
    );
    // Not on a body line.
    let body = "一、工作\n正文内容。\n";
    client.open("file:///tmp/b.txt", "plaintext", 1, body).await;
    let actions = code_actions(
        &mut client,
        "file:///tmp/b.txt",
        range(1, 2, 1, 2),
        json!([]),
        Some(json!(["refactor"])),
    )
    .await;
    assert!(actions.is_empty(), "{actions:?}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_answer_and_reject_bad_arguments() {
    for enc in ["utf-8", "utf-16"] {
        let mut client = started(caps(enc, true, true)).await;
        client.open(URI, "plaintext", 1, REPORT).await;
        let list = command(&mut client, "baogao.listPlaceholders", json!([URI]))
            .await
            .unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!(list[0]["text"], "XX");
        assert_eq!(list[0]["range"], range(0, 0, 0, 2));
        assert_eq!(list[0]["description"], "待填写的名称或数字");
        // `今年完成𠀀项创建任务😀，投入XX万元。`: after the astral characters.
        let line4 = REPORT.lines().nth(4).unwrap();
        let col = units(&line4[..line4.find("XX").unwrap()], enc);
        assert_eq!(list[1]["range"], range(4, col, 4, col + 2));
        for p in list {
            assert!(!p["description"].as_str().unwrap().is_empty());
        }
        // The object form of the argument works too.
        let stats = command(&mut client, "baogao.stats", json!([{ "uri": URI }]))
            .await
            .unwrap();
        let chars = REPORT.chars().filter(|c| c.is_alphanumeric()).count();
        assert_eq!(
            stats,
            json!({ "placeholders": 2, "chars": chars, "headings": 6 })
        );

        for (name, args) in [
            ("baogao.stats", json!([])),
            ("baogao.stats", json!([42])),
            ("baogao.listPlaceholders", json!(["not a uri at all \u{0}"])),
            ("baogao.fixAll", json!([{ "path": URI }])),
            ("baogao.nope", json!([URI])),
        ] {
            let e = command(&mut client, name, args.clone()).await.unwrap_err();
            assert_eq!(e["code"], -32602, "{name} {args}: {e}");
        }
        let e = command(
            &mut client,
            "baogao.stats",
            json!(["file:///tmp/never-opened.txt"]),
        )
        .await
        .unwrap_err();
        assert!(
            e["message"].as_str().unwrap().contains("never-opened"),
            "{e}"
        );
        // Missing `arguments` altogether.
        let e = client
            .request(
                "workspace/executeCommand",
                json!({ "command": "baogao.stats" }),
            )
            .await
            .unwrap_err();
        assert_eq!(e["code"], -32602, "{e}");
        // The server is still there.
        command(&mut client, "baogao.stats", json!([URI]))
            .await
            .unwrap();
        client.finish().await;
    }
}

/// Decodes semantic tokens into (line, start, length, type, modifiers).
fn decode(data: &Value) -> Vec<(u32, u32, u32, u32, u32)> {
    let data: Vec<u32> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as u32)
        .collect();
    assert_eq!(data.len() % 5, 0);
    let (mut line, mut start) = (0, 0);
    data.chunks(5)
        .map(|c| {
            if c[0] > 0 {
                line += c[0];
                start = c[1];
            } else {
                start += c[1];
            }
            (line, start, c[2], c[3], c[4])
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semantic_tokens_decode_in_each_encoding() {
    let text =
        "𠀀😀XX局2023年工作总结\n\n一、😀主要𠀀XX工作\n（一）甲😀乙。一是𠀀，二是xx。\n1.丙\n";
    const NS: u32 = 0;
    const KW: u32 = 1;
    const CLASS: u32 = 2;
    const ENUM: u32 = 3;
    const PH: u32 = 4;
    for enc in ["utf-8", "utf-16", "utf-32"] {
        let mut client = started(caps(enc, true, true)).await;
        client.open(URI, "plaintext", 1, text).await;
        let full = client
            .request(
                "textDocument/semanticTokens/full",
                json!({ "textDocument": { "uri": URI } }),
            )
            .await
            .unwrap();
        let got = decode(&full["data"]);
        // (line, text before the token on its line, token text, type, modifiers)
        let expected: Vec<(u32, &str, &str, u32, u32)> = vec![
            (0, "", "𠀀😀", NS, 0),
            (0, "𠀀😀", "XX", PH, 0),
            (0, "𠀀😀XX", "局2023年工作总结", NS, 0),
            (2, "", "一、", KW, 1 << 1),
            (2, "一、", "😀主要𠀀", CLASS, 1 << 1),
            (2, "一、😀主要𠀀", "XX", PH, 0),
            (2, "一、😀主要𠀀XX", "工作", CLASS, 1 << 1),
            (3, "", "（一）", KW, 1 << 2),
            (3, "（一）", "甲😀乙", CLASS, 1 << 2),
            (3, "（一）甲😀乙。", "一是", ENUM, 0),
            (3, "（一）甲😀乙。一是𠀀，", "二是", ENUM, 0),
            (3, "（一）甲😀乙。一是𠀀，二是", "xx", PH, 0),
            (4, "", "1.", KW, 1 << 3),
            (4, "1.", "丙", CLASS, 1 << 3),
        ];
        let expected: Vec<(u32, u32, u32, u32, u32)> = expected
            .into_iter()
            .map(|(l, before, tok, ty, m)| (l, units(before, enc), units(tok, enc), ty, m))
            .collect();
        assert_eq!(got, expected, "{enc}");

        // A range request returns the tokens of those lines only, with
        // deltas starting from the first of them.
        let part = client
            .request(
                "textDocument/semanticTokens/range",
                json!({ "textDocument": { "uri": URI }, "range": range(3, 0, 4, 0) }),
            )
            .await
            .unwrap();
        let got = decode(&part["data"]);
        let lines: Vec<u32> = got.iter().map(|t| t.0).collect();
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(lines.iter().all(|&l| l == 3), "{got:?}");
        assert_eq!(&got[..], &expected[7..12]);
        client.finish().await;
    }
}

fn spawn_binary() -> TestServer {
    spawn_binary_with(&[])
}

fn spawn_binary_with(env: &[(&str, &str)]) -> TestServer {
    TestServer::binary(&["lsp"], env)
}

fn word_items(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .filter(|i| i["sortText"].as_str().unwrap().starts_with('1'))
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

/// A fresh process: the dictionary loads in the background while completion
/// requests and edits keep being answered at once, then word completion
/// offers the document's words by suffix and by pinyin initials.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn word_completion_after_the_dictionary_loads_over_stdio() {
    let mut client = spawn_binary();
    client
        .initialize(caps("utf-16", true, true), Value::Null)
        .await;
    let text = "一、主要工作\n加强组织领导，强化组织保障，完善组织体系。\n加强组";
    client.open(URI, "plaintext", 1, text).await;
    let at = units("加强组", "utf-16");
    let mut slowest = Duration::ZERO;
    let mut version = 1;
    // Until the server says the dictionary is loaded, every round of edits
    // and requests is answered at once (no sleeping: each round waits for
    // its answers only); after it, the next request offers the words.
    let mut loaded = false;
    let items = loop {
        // Edits go on while the dictionary loads: each is seen by the next request.
        version += 1;
        client
            .change(
                URI,
                version,
                vec![(Some(range(0, 2, 1, 0)), &format!("工作{version}\n")[..])],
            )
            .await;
        let asked = Instant::now();
        let items = completion(&mut client, URI, 2, at).await;
        slowest = slowest.max(asked.elapsed());
        let symbols = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": URI } }),
            )
            .await
            .unwrap();
        assert_eq!(
            symbols[0]["name"],
            format!("一、工作{version}"),
            "the edit is applied"
        );
        if loaded {
            break items;
        }
        loaded = client
            .take_received(lsp_client::is_dictionary_loaded)
            .is_some();
    };
    assert!(
        slowest < Duration::from_secs(5),
        "a completion request waited {slowest:?}"
    );
    let words = word_items(&items);
    assert_eq!(words[0], "组织", "{words:?}");
    let item = items.iter().find(|i| i["label"] == "组织").unwrap();
    // It replaces the typed `组` only, and comes after the structural items.
    assert_eq!(item["textEdit"]["range"], range(2, 2, 2, 3));
    assert_eq!(item["textEdit"]["newText"], "组织");
    assert_eq!(item["filterText"], "组织");
    assert!(item["detail"].as_str().unwrap().contains("3"), "{item}");
    let first_word = items.iter().position(|i| i["label"] == "组织").unwrap();
    assert!(items[..first_word]
        .iter()
        .all(|i| i["sortText"].as_str().unwrap().starts_with('0')));

    // Pinyin initials: `zz` offers 组织 over the typed letters.
    version += 1;
    client
        .change(URI, version, vec![(Some(range(2, 0, 2, 3)), "完善zz")])
        .await;
    let items = completion(&mut client, URI, 2, units("完善zz", "utf-16")).await;
    let item = items
        .iter()
        .find(|i| i["label"] == "组织")
        .unwrap_or_else(|| panic!("{:?}", labels(&items)));
    assert_eq!(item["textEdit"]["range"], range(2, 2, 2, 4));
    assert_eq!(item["filterText"], "zz");

    // Words of the other open documents count too.
    client
        .open(
            "file:///tmp/other.txt",
            "plaintext",
            1,
            "全面深化改革，推进改革落地。",
        )
        .await;
    // Completing in it once segments it on the request path (a document's
    // first completion does); from then on its words are offered elsewhere.
    let other = completion(
        &mut client,
        "file:///tmp/other.txt",
        0,
        units("全面深化改革", "utf-16"),
    )
    .await;
    assert!(!other.is_empty());
    version += 1;
    client
        .change(URI, version, vec![(Some(range(2, 0, 2, 4)), "深化改")])
        .await;
    let items = completion(&mut client, URI, 2, units("深化改", "utf-16")).await;
    assert_eq!(
        word_items(&items).first(),
        Some(&"深化改革"),
        "{:?}",
        labels(&items)
    );
    client.finish().await;
}

/// The built binary answers completion and code actions over stdio as the
/// in-process server does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_and_fixes_over_stdio() {
    let mut client = spawn_binary();
    client
        .initialize(caps("utf-8", false, false), Value::Null)
        .await;
    let text = "一、主要工作\n（一）甲。\n（二）乙。\n";
    client.open(URI, "plaintext", 1, text).await;
    let items = completion(&mut client, URI, 3, 0).await;
    assert_eq!(items[0]["label"], "（三）");
    assert!(items.iter().all(|i| i["insertTextFormat"] == 1));

    client
        .change(URI, 2, vec![(Some(range(2, 0, 2, 9)), "（四）")])
        .await;
    let published = client.diagnostics(URI, Some(2)).await;
    let gap = published["diagnostics"][0].clone();
    assert_eq!(gap["code"], "numbering-gap");
    let actions = code_actions(&mut client, URI, gap["range"].clone(), json!([gap]), None).await;
    let (edits, version) = edits_of(&actions[0]["edit"], URI);
    assert_eq!(version, None);
    assert_eq!(
        apply("一、主要工作\n（一）甲。\n（四）乙。\n", &edits, "utf-8"),
        text
    );
    client.finish().await;
}

/// The first completion item at the end of each text (a new line after the
/// last), as an editor would show it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_item_at_many_positions() {
    let cases: [(&str, &str); 8] = [
        ("一、工作\n（一）甲。\n（二）乙。正文。\n", "（三）"),
        (
            "一、工作\n（一）甲\n1.子项。正文\n2.子项。正文\n3.子项\n",
            "4.",
        ),
        ("一、工作\n（一）甲\n1、子项。正文\n2、子项\n", "3、"),
        ("一、工作\n(一)甲\n(二)乙。正文。\n", "(三)"),
        ("一、工作情况\n正文。\n二、存在问题\n正文。\n", "三、"),
        ("第一章 总则\n第一条 目的。\n第二条 范围。\n", "第三条"),
        ("一、工作\n（一）甲\n（1）子项\n（2）子项\n", "（3）"),
        ("XX局2024年工作总结\n\n", "一、"),
    ];
    let mut client = started(caps("utf-16", true, true)).await;
    for (i, (text, first)) in cases.iter().enumerate() {
        let uri = format!("file:///tmp/case{i}.txt");
        client.open(&uri, "plaintext", 1, text).await;
        let line = text.matches('\n').count() as u32;
        let items = completion(&mut client, &uri, line, 0).await;
        assert_eq!(
            items.first().map(|i| i["label"].as_str().unwrap()),
            Some(*first),
            "{text:?}: {:?}",
            labels(&items)
        );
    }
    client.finish().await;
}

/// The preferred quick fix of each kind of numbering diagnostic, applied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preferred_quick_fixes_applied() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "numbering-bracket",
            "一、工作\n（一）甲\n(二)乙\n（三）丙\n",
            "一、工作\n（一）甲\n（二）乙\n（三）丙\n",
        ),
        (
            "numbering-missing",
            "一、工作\n（一）甲\n（）乙\n（三）丙\n",
            "一、工作\n（一）甲\n（二）乙\n（三）丙\n",
        ),
        (
            "numbering-duplicate",
            "一、工作\n（一）甲\n（二）乙\n（二）丙\n（三）丁\n",
            "一、工作\n（一）甲\n（二）乙\n（三）丙\n（四）丁\n",
        ),
        (
            "enumeration",
            "一、工作\n（一）甲。一是加强领导，三是狠抓落实，四是完善机制。\n",
            "一、工作\n（一）甲。一是加强领导，二是狠抓落实，三是完善机制。\n",
        ),
    ];
    let mut client = started(caps("utf-16", true, true)).await;
    for (i, (code, text, expected)) in cases.iter().enumerate() {
        let uri = format!("file:///tmp/fix{i}.txt");
        client.open(&uri, "plaintext", 1, text).await;
        let published = client.diagnostics(&uri, Some(1)).await;
        let d = published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == *code)
            .unwrap_or_else(|| panic!("{code} in {published}"))
            .clone();
        let actions = code_actions(
            &mut client,
            &uri,
            d["range"].clone(),
            json!([d]),
            Some(json!(["quickfix"])),
        )
        .await;
        let preferred = actions
            .iter()
            .find(|a| a["isPreferred"] == true)
            .unwrap_or_else(|| panic!("{code}: {actions:?}"));
        let (edits, _) = edits_of(&preferred["edit"], &uri);
        assert_eq!(
            apply(text, &edits, "utf-16"),
            *expected,
            "{code}: {preferred}"
        );
    }
    client.finish().await;
}

/// While the dictionary is held back, completion and edits are answered at
/// once (structural items only); the words arrive when it is loaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_never_wait_for_the_dictionary() {
    let hold = Duration::from_millis(1500);
    let mut client = spawn_binary_with(&[("BAOGAO_DICTIONARY_DELAY_MS", "1500")]);
    let started = Instant::now();
    client
        .initialize(caps("utf-16", true, true), Value::Null)
        .await;
    client
        .open(URI, "plaintext", 1, "一、工作\n加强组织领导。\n加强组")
        .await;
    let at = units("加强组", "utf-16");
    let mut answered_while_loading = 0;
    let mut version = 1;
    while started.elapsed() < hold / 2 {
        let asked = Instant::now();
        let items = completion(&mut client, URI, 2, at).await;
        assert!(
            asked.elapsed() < hold / 3,
            "completion waited {:?}",
            asked.elapsed()
        );
        assert!(word_items(&items).is_empty(), "{:?}", labels(&items));
        assert!(!items.is_empty(), "structural items are there");
        version += 1;
        client
            .change(URI, version, vec![(Some(range(0, 2, 0, 4)), "总结")])
            .await;
        client
            .change(URI, version + 1, vec![(Some(range(0, 2, 0, 4)), "工作")])
            .await;
        version += 1;
        answered_while_loading += 1;
    }
    assert!(answered_while_loading > 0);
    client.dictionary_loaded().await;
    let items = completion(&mut client, URI, 2, at).await;
    assert_eq!(
        word_items(&items).first(),
        Some(&"组织"),
        "{:?}",
        labels(&items)
    );
    assert!(started.elapsed() >= hold);
    client.finish().await;
}

/// The first completion after start-up, while the dictionary still loads,
/// offers the phrases the document itself repeats; once it has loaded, the
/// recurring phrase is still offered whole beside jieba's words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_completion_offers_the_documents_own_phrases() {
    let mut client = spawn_binary_with(&[("BAOGAO_DICTIONARY_DELAY_MS", "1500")]);
    client
        .initialize(caps("utf-16", true, true), Value::Null)
        .await;
    let text = "一、工作\n网格化管理全面推开，网格化管理覆盖全镇。\n网格";
    client.open(URI, "plaintext", 1, text).await;
    let at = units("网格", "utf-16");
    let items = completion(&mut client, URI, 2, at).await;
    assert_eq!(
        word_items(&items).first(),
        Some(&"网格化管理"),
        "{:?}",
        labels(&items)
    );
    client.dictionary_loaded().await;
    let items = completion(&mut client, URI, 2, at).await;
    assert!(
        word_items(&items).contains(&"网格化管理"),
        "{:?}",
        labels(&items)
    );
    client.finish().await;
}

#[tokio::test]
async fn code_lenses_count_each_report_and_top_level_section() {
    let text = "XX局2023年工作总结\n\n一、工作😀\n正文十个字，共十个字。\n二、问题\n三个字\n";
    let mut client = started(caps("utf-16", true, true)).await;
    client.open(URI, "plaintext", 1, text).await;
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let got: Vec<(u64, String)> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["command"]["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // 字数 counts CJK characters, letters and digits, not punctuation, spaces or emoji.
    assert_eq!(
        got,
        [
            (0, "全篇字数 30".to_string()),
            (2, "本节字数 12".to_string()),
            (4, "本节字数 6".to_string())
        ]
    );
    client.finish().await;

    // The setting turns them off.
    let mut client = start();
    client
        .initialize(
            caps("utf-16", true, true),
            json!({ "codeLens": { "charCount": false } }),
        )
        .await;
    client.open(URI, "plaintext", 1, text).await;
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    assert_eq!(lenses, json!([]));
    client.finish().await;
}
