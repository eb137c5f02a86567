//! Word documents end to end: `baogao check` and `baogao outline` on
//! `.docx` files built by `baogao::files::docx::fixture` (no binary fixture
//! is committed), bad Word files, folders mixing `.txt` and `.docx`, and the
//! language server's drafts folder.

mod support;

use baogao::files::docx::fixture;
use serde_json::{json, Value};

use support::{capabilities, uri_of, TestServer};

use support::cli::{baogao, baogao_io, stderr, stdout};

fn folder_with_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.docx"), fixture::sample_report()).unwrap();
    dir
}

#[test]
fn check_human_names_paragraphs_and_quotes_them() {
    let dir = folder_with_report();
    let before = std::fs::read(dir.path().join("报告.docx")).unwrap();
    let out = baogao(dir.path(), &["check", "报告.docx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(shown.contains("第3段 | 今年共完成投资XX万元"), "{shown}");
    insta::assert_snapshot!("docx_check_human", shown);
    assert_eq!(
        std::fs::read(dir.path().join("报告.docx")).unwrap(),
        before,
        "nothing is ever written to a .docx"
    );
}

#[test]
fn check_json_has_paragraphs_and_keeps_its_fields() {
    let dir = folder_with_report();
    let out = baogao(dir.path(), &["check", "--format", "json", "报告.docx"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let items = json.as_array().unwrap();
    assert!(!items.is_empty());
    for d in items {
        // serde_json's map sorts its keys: the set is what is checked here
        // (the order is `cli::tests::json_field_order_is_fixed`).
        // `related` is there only when the finding has related places.
        let keys: Vec<&str> = d
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "related")
            .collect();
        assert_eq!(
            keys,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "line",
                "message",
                "paragraph",
                "path",
                "severity"
            ]
        );
        assert_eq!(d["paragraph"], d["line"]);
    }
    // The placeholder split across runs is one token, in paragraph 3 at
    // the characters Word shows.
    let xx = items
        .iter()
        .find(|d| d["code"] == "placeholder" && d["line"] == 3)
        .expect("XX万元 found");
    assert_eq!(
        (xx["column"].as_u64(), xx["end_column"].as_u64()),
        (Some(8), Some(10))
    );
    insta::assert_json_snapshot!("docx_check_json", json);
    // A text file keeps the JSON it had: no `paragraph`.
    std::fs::write(dir.path().join("a.txt"), "一、甲\nXX县\n").unwrap();
    let out = baogao(dir.path(), &["check", "--format", "json", "a.txt"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json[0].get("paragraph").is_none());
}

#[test]
fn outline_shows_automatic_numbers_by_paragraph() {
    let dir = folder_with_report();
    let out = baogao(dir.path(), &["outline", "报告.docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let human = stdout(&out);
    assert!(human.contains("第4段    一、主要工作"), "{human}");
    assert!(human.contains("（二）乙项工作"), "{human}");
    insta::assert_snapshot!("docx_outline_human", human);
    let out = baogao(dir.path(), &["outline", "--format", "json", "报告.docx"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("docx_outline_json", json);
}

#[test]
fn bad_word_files_exit_2_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut truncated = fixture::sample_report();
    truncated.truncate(truncated.len() / 2);
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("坏.docx", truncated, "已损坏"),
        ("假.docx", b"PK\x03\x04 garbage".to_vec(), "已损坏"),
        (
            "表.docx",
            fixture::zip(&[("xl/workbook.xml", b"<x/>")]),
            "不是 Word 文档",
        ),
        (
            "密.docx",
            fixture::ole(&["EncryptionInfo", "EncryptedPackage"]),
            "密码",
        ),
        ("旧.doc", fixture::ole(&["WordDocument"]), "另存为 .docx"),
        ("旧.wps", fixture::ole(&["WordDocument"]), "另存为 .docx"),
    ];
    for (name, bytes, reason) in &cases {
        std::fs::write(root.join(name), bytes).unwrap();
        for command in ["check", "outline"] {
            let out = baogao(root, &[command, name]);
            assert_eq!(out.status.code(), Some(2), "{command} {name}");
            let err = stderr(&out);
            assert!(err.contains(name) && err.contains(reason), "{name}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
}

#[test]
fn fix_and_diff_check_a_docx_but_never_write_it() {
    let dir = folder_with_report();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "一、总结\n（一）甲\n（三）乙\n").unwrap();
    let before = std::fs::read(root.join("报告.docx")).unwrap();
    for mode in ["--fix", "--diff"] {
        let out = baogao(root, &["check", mode, "报告.docx"]);
        let err = stderr(&out);
        assert!(
            err.contains("无法修复 .docx 文件（baogao 不写入 Word 文档）：报告.docx"),
            "{mode}: {err}"
        );
        assert_eq!(out.status.code(), Some(1), "{mode}: findings remain; {err}");
        assert_eq!(
            std::fs::read(root.join("报告.docx")).unwrap(),
            before,
            "{mode}"
        );
    }
    // `--fix` still prints the document's findings by paragraph.
    let out = baogao(root, &["check", "--fix", "报告.docx"]);
    assert!(stdout(&out).contains("第3段 | "), "{}", stdout(&out));
    // Beside a text file, the text file is fixed and the document left alone.
    let out = baogao(root, &["check", "--fix", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read(root.join("报告.docx")).unwrap(), before);
    assert_ne!(
        std::fs::read_to_string(root.join("a.txt")).unwrap(),
        "一、总结\n（一）甲\n（三）乙\n"
    );
    let out = baogao(root, &["--lang", "en", "check", "--diff", "报告.docx"]);
    assert!(
        stderr(&out)
            .contains("cannot fix a .docx file (baogao does not write Word documents): 报告.docx"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_docx_on_standard_input_is_read_by_paragraph() {
    let dir = folder_with_report();
    let root = dir.path();
    let bytes = fixture::sample_report();
    let from_file = baogao(root, &["check", "--format", "json", "报告.docx"]);
    let file_records: Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert!(file_records.as_array().is_some_and(|a| !a.is_empty()));
    // Named by --stdin-filename, and unnamed (found by its content): the
    // same records as the file's, paragraphs included.
    for args in [
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "报告.docx",
        ][..],
        &["check", "--format", "json", "-"][..],
    ] {
        let out = baogao_io(root, args, Some(&bytes), &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let mut records: Value = serde_json::from_slice(&out.stdout).unwrap();
        let shown = if args.len() > 4 { "报告.docx" } else { "-" };
        for r in records.as_array_mut().unwrap() {
            assert_eq!(r["path"], shown);
            assert!(r["paragraph"].is_u64(), "{r}");
            r["path"] = json!("报告.docx");
            // Related places are in the same document, named the same way.
            let related = r.get_mut("related").and_then(Value::as_array_mut);
            for rel in related.into_iter().flatten() {
                assert_eq!(rel["path"], shown);
                rel["path"] = json!("报告.docx");
            }
        }
        assert_eq!(records, file_records, "{args:?}");
    }
    // Human output names paragraphs; outline reads it too.
    let out = baogao_io(
        root,
        &["check", "-", "--stdin-filename", "报告.docx"],
        Some(&bytes),
        &[],
    );
    assert!(stdout(&out).contains("第3段 | "), "{}", stdout(&out));
    let file = baogao(root, &["outline", "--format", "json", "报告.docx"]);
    let piped = baogao_io(
        root,
        &["outline", "--format", "json", "-"],
        Some(&bytes),
        &[],
    );
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert_eq!(piped.stdout, file.stdout);
    // A damaged one is refused with the reason, as a file is.
    let out = baogao_io(
        root,
        &["check", "-", "--stdin-filename", "坏.docx"],
        Some(b"PK\x03\x04\0\0\x08\0"),
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("坏.docx") && stderr(&out).contains("损坏"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fix_on_standard_input_passes_a_docx_through_and_says_why() {
    let dir = folder_with_report();
    let root = dir.path();
    let bytes = fixture::sample_report();
    let args = ["check", "--fix", "-", "--stdin-filename", "报告.docx"];
    let out = baogao_io(root, &args, Some(&bytes), &[]);
    // The document goes out as it came in, never re-written.
    assert_eq!(out.stdout, bytes);
    let err = stderr(&out);
    assert!(
        err.contains("无法修复 .docx 文件（baogao 不写入 Word 文档）：报告.docx"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(1), "its findings remain: {err}");
    // --diff: no diff, the same note and exit code.
    let out = baogao_io(
        root,
        &["check", "--diff", "-", "--stdin-filename", "报告.docx"],
        Some(&bytes),
        &[],
    );
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("无法修复 .docx 文件"),
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));
    // In English.
    let out = baogao_io(
        root,
        &["--lang", "en", "check", "--fix", "-"],
        Some(&bytes),
        &[],
    );
    assert!(
        stderr(&out).contains("cannot fix a .docx file (baogao does not write Word documents): -"),
        "{}",
        stderr(&out)
    );
    // --quiet: nothing on stderr but errors, the same bytes and exit code.
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    let out = baogao_io(root, &quiet, Some(&bytes), &[]);
    assert_eq!(stderr(&out), "");
    assert_eq!(out.stdout, bytes);
    assert_eq!(out.status.code(), Some(1));
    let out = baogao(root, &["check", "--fix", "-q", "报告.docx"]);
    assert_eq!(stderr(&out), "");
    assert!(
        stdout(&out).contains("warning[placeholder]"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn docx_paragraphs_in_colour_and_in_jsonl() {
    let dir = folder_with_report();
    let out = baogao(dir.path(), &["check", "--color", "always", "报告.docx"]);
    let shown = stdout(&out);
    assert!(shown.contains("第3段 | 今年共完成投资XX万元"), "{shown}");
    assert!(shown.contains("\x1b["), "coloured: {shown}");
    let out = baogao(dir.path(), &["check", "--format", "jsonl", "报告.docx"]);
    for line in stdout(&out).lines() {
        let j: Value = serde_json::from_str(line).unwrap();
        assert_eq!(j["paragraph"], j["line"], "{line}");
    }
    let out = baogao(dir.path(), &["check", "--format", "sarif", "报告.docx"]);
    let _: Value = serde_json::from_slice(&out.stdout).expect("one SARIF document");
    let out = baogao(dir.path(), &["check", "--format", "github", "报告.docx"]);
    assert!(stdout(&out).starts_with("::"), "{}", stdout(&out));
}

#[test]
fn folders_find_docx_beside_txt_and_md() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "一、甲\n（二）乙\n").unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/b.docx"), fixture::sample_report()).unwrap();
    std::fs::write(root.join("c.doc"), fixture::ole(&["WordDocument"])).unwrap();
    let out = baogao(root, &["check", "--format", "json", "."]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: std::collections::BTreeSet<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["./a.txt", "./sub/b.docx"]
    );
    // `.doc` is not in the default globs: not taken from a folder.
    assert!(!stderr(&out).contains("c.doc"));
    assert!(stderr(&out).starts_with("共 2 个文件"), "{}", stderr(&out));
    // `[files]` decides: without `**/*.docx` the Word file is left out.
    std::fs::write(
        root.join("baogao.toml"),
        "[files]\ninclude = [\"**/*.txt\"]\n",
    )
    .unwrap();
    let out = baogao(root, &["check", "."]);
    assert!(stderr(&out).starts_with("共 1 个文件"), "{}", stderr(&out));
}

async fn published_for(client: &mut TestServer, uri: &str) -> Value {
    let m = client
        .wait_for(&format!("diagnostics of {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
        })
        .await;
    m["params"]["diagnostics"].clone()
}

#[tokio::test]
async fn drafts_folder_reads_docx_by_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let path = root.join("报告.docx");
    std::fs::write(&path, fixture::sample_report()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let uri = uri_of(&path);
    let styled = root.join("sub/标题.docx");
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(&styled, fixture::heading_styles_report()).unwrap();
    let mut client =
        TestServer::in_folders(&[root], capabilities("utf-16", false), Value::Null).await;
    let diagnostics = published_for(&mut client, &uri).await;
    let xx = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "placeholder" && d["range"]["start"]["line"] == 2)
        .unwrap_or_else(|| panic!("XX万元 in paragraph 3: {diagnostics}"));
    assert_eq!(xx["range"]["start"]["character"], 7);
    // Headings, automatic numbers included, are workspace symbols.
    let found = client
        .request("workspace/symbol", json!({ "query": "主要工作" }))
        .await
        .unwrap();
    let hit = found
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["location"]["uri"] == uri)
        .unwrap_or_else(|| panic!("{found}"));
    assert_eq!(hit["name"], "一、主要工作");
    assert_eq!(hit["location"]["range"]["start"]["line"], 3);
    // A heading style without a number is a heading too.
    let found = client
        .request("workspace/symbol", json!({ "query": "存在不足" }))
        .await
        .unwrap();
    let hit = found
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["location"]["uri"] == uri_of(&styled))
        .unwrap_or_else(|| panic!("{found}"));
    assert_eq!(hit["location"]["range"]["start"]["line"], 4);
    // An editor opening the file sends its zip bytes as text: ignored, the
    // draft's diagnostics stand, and closing it changes nothing.
    let garbage = String::from_utf8_lossy(&before).into_owned();
    client.open(&uri, "plaintext", 1, &garbage).await;
    let symbols = client
        .request("workspace/symbol", json!({ "query": "乙项" }))
        .await
        .unwrap();
    assert!(
        symbols
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["location"]["uri"] == uri),
        "{symbols}"
    );
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    assert_eq!(std::fs::read(&path).unwrap(), before, "never written");
    client.finish().await;
}
