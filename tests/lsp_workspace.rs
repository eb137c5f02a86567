//! The drafts folder, black-box over a temporary workspace: scanning,
//! files created, edited, deleted and renamed while the server runs (watched
//! by the server itself, or reported by the client), workspace symbols,
//! configuration from `baogao.toml` and from the client (including a broken
//! file, several workspace folders and nested files), a GBK-encoded draft,
//! pulled workspace diagnostics, the caps on drafts, and the allow-list fix.

mod support;

use std::path::Path;

use serde_json::{json, Value};

use support::offsets::apply;
use support::{capabilities, codes, uri_of, write, LspClient, TestServer};

async fn start(root: &Path, caps: Value, client_settings: Value) -> TestServer {
    TestServer::in_folders(&[root], caps, client_settings).await
}

/// Waits for a publish of `uri` whose codes satisfy `pred`.
async fn published(
    client: &mut LspClient,
    uri: &str,
    pred: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let what = format!("diagnostics of {uri}");
    let m = client
        .wait_for(&what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(&codes(&m["params"]))
        })
        .await;
    codes(&m["params"])
}

#[tokio::test]
async fn the_folder_is_scanned_watched_and_searched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let a = write(
        root,
        "a.txt",
        "XX局2023年工作总结\n\n一、工作总结\n（一）甲\n",
    );
    let b = write(
        root,
        "b.md",
        "# 报告\n\n## 一、基本情况\n\n## 三、存在问题\n",
    );
    // A GBK draft, as Chinese offices save them: decoded for analysis, never written.
    let (gbk, _, _) = encoding_rs::GBK.encode("一、主要工作\n（一）甲\n（三）乙\n");
    let c = root.join("sub/c.txt");
    std::fs::create_dir_all(c.parent().unwrap()).unwrap();
    std::fs::write(&c, &gbk).unwrap();
    write(root, "node_modules/x.txt", "XX\n");
    write(root, ".git/y.txt", "XX\n");
    write(root, "notes.rs", "XX\n");

    let mut client = start(root, capabilities("utf-16", false), Value::Null).await;
    assert_eq!(
        published(&mut client, &uri_of(&a), |c| !c.is_empty()).await,
        ["placeholder"]
    );
    assert_eq!(
        published(&mut client, &uri_of(&b), |c| !c.is_empty()).await,
        ["numbering-gap"]
    );
    assert_eq!(
        published(&mut client, &uri_of(&c), |c| !c.is_empty()).await,
        ["numbering-gap"]
    );
    assert_eq!(
        std::fs::read(&c).unwrap(),
        gbk.to_vec(),
        "the GBK file is untouched"
    );

    // Workspace symbols: by substring and by pinyin initials, from every draft.
    let found = client
        .request("workspace/symbol", json!({ "query": "工作" }))
        .await
        .unwrap();
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"一、工作总结") && names.contains(&"一、主要工作"),
        "{names:?}"
    );
    let found = client
        .request("workspace/symbol", json!({ "query": "jbqk" }))
        .await
        .unwrap();
    let first = &found[0];
    assert_eq!(first["name"], "一、基本情况");
    assert_eq!(first["location"]["uri"], uri_of(&b));

    // Created, edited, deleted and renamed while the server runs.
    let d = write(root, "d.txt", "一、甲\n（二）乙\n");
    assert_eq!(
        published(&mut client, &uri_of(&d), |c| !c.is_empty()).await,
        ["numbering-gap"]
    );
    write(root, "a.txt", "2023年工作总结\n\n一、工作总结\n（一）甲\n");
    published(&mut client, &uri_of(&a), |c| c.is_empty()).await;
    std::fs::remove_file(&b).unwrap();
    published(&mut client, &uri_of(&b), |c| c.is_empty()).await;
    let e = root.join("sub/e.txt");
    std::fs::rename(&c, &e).unwrap();
    published(&mut client, &uri_of(&c), |c| c.is_empty()).await;
    assert_eq!(
        published(&mut client, &uri_of(&e), |c| !c.is_empty()).await,
        ["numbering-gap"]
    );

    // An open document's buffer wins over the file on disk.
    client
        .open(&uri_of(&d), "plaintext", 1, "一、甲\n（一）乙\nXX\n")
        .await;
    assert_eq!(
        published(&mut client, &uri_of(&d), |c| c == ["placeholder"]).await,
        ["placeholder"]
    );
    write(root, "d.txt", "一、甲\n（三）乙\n");
    let symbols = client
        .request("workspace/symbol", json!({ "query": "乙" }))
        .await
        .unwrap();
    let for_d: Vec<&Value> = symbols
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["location"]["uri"] == uri_of(&d))
        .collect();
    assert_eq!(for_d.len(), 1);
    assert_eq!(for_d[0]["name"], "（一）乙", "the buffer, not the disk");
    // Closed again, it shows what is on disk.
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri_of(&d) } }),
        )
        .await;
    assert_eq!(
        published(&mut client, &uri_of(&d), |c| c == ["numbering-gap"]).await,
        ["numbering-gap"]
    );
    client.finish().await;
}

#[tokio::test]
async fn configuration_from_the_file_and_the_client() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let a = write(
        root,
        "a.txt",
        "XX联盟和XX县\n一、工作\n（一）甲\n（三）乙\n",
    );
    write(
        root,
        "baogao.toml",
        "[rules]\n\"numbering-gap\" = \"error\"\n[placeholder]\nallow = [\"XX联盟\"]\n",
    );
    let mut client = start(root, capabilities("utf-16", false), Value::Null).await;
    let uri = uri_of(&a);
    let m = client
        .wait_for("diagnostics of a.txt", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })
        .await;
    let got: Vec<(String, u64, u64)> = m["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    // XX联盟 is allowed; the gap is an error (1) by the file.
    assert_eq!(
        got,
        [
            ("placeholder".to_string(), 2, 5),
            ("numbering-gap".to_string(), 1, 0)
        ]
    );

    // A broken file: one message naming file, line and key; the last good configuration stays.
    write(
        root,
        "baogao.toml",
        "[rules]\n\"numbering-gap\" = \"loud\"\n",
    );
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri_of(&root.join("baogao.toml")), "type": 2 }] }),
        )
        .await;
    let msg = client
        .wait_for("showMessage", |m| m["method"] == "window/showMessage")
        .await;
    let text = msg["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("baogao.toml:2") && text.contains("rules.numbering-gap"),
        "{text}"
    );

    // Fixed: the new configuration applies without a restart.
    write(root, "baogao.toml", "[rules]\nplaceholder = \"off\"\n");
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri_of(&root.join("baogao.toml")), "type": 2 }] }),
        )
        .await;
    assert_eq!(
        published(&mut client, &uri, |c| c == ["numbering-gap"]).await,
        ["numbering-gap"]
    );

    // The editor's settings come above the file: placeholders back on, as errors.
    *client.configuration.lock().unwrap() = json!({ "rules": { "placeholder": "error" } });
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": null }),
        )
        .await;
    let m = client
        .wait_for("diagnostics with placeholders", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && codes(&m["params"]).len() == 3
        })
        .await;
    assert_eq!(m["params"]["diagnostics"][0]["severity"], 1);
    client.finish().await;
}

#[tokio::test]
async fn client_watching_and_pulled_workspace_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let a = write(root, "a.txt", "XX县\n");
    let mut caps = capabilities("utf-16", true);
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    caps["window"] = json!({ "workDoneProgress": true });
    let mut client = start(root, caps, Value::Null).await;
    // The server asks the client to watch the drafts, and reports scan progress.
    let reg = client
        .wait_for("registerCapability", |m| {
            m["method"] == "client/registerCapability"
        })
        .await;
    assert_eq!(
        reg["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    client
        .wait_for("progress end", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;

    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .await
        .unwrap();
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["uri"], uri_of(&a));
    assert_eq!(items[0]["items"][0]["code"], "placeholder");

    // The client reports a new draft; pulled, it is there.
    let b = write(root, "b.txt", "一、甲\n（二）乙\n");
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri_of(&b), "type": 1 }] }),
        )
        .await;
    let mut found = false;
    for _ in 0..100 {
        let report = client
            .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
            .await
            .unwrap();
        if report["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["uri"] == uri_of(&b))
        {
            found = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(found, "b.txt appears in workspace diagnostics");
    // Pull mode never pushes.
    assert!(client
        .log
        .iter()
        .all(|m| m["method"] != "textDocument/publishDiagnostics"));
    client.finish().await;
}

#[tokio::test]
async fn a_placeholder_look_alike_can_be_allowed_from_the_editor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let a = write(root, "a.txt", "加入XX联盟。\n");
    write(root, "baogao.toml", "[rules]\nplaceholder = \"warning\"\n");
    let mut client = start(root, capabilities("utf-16", false), Value::Null).await;
    let uri = uri_of(&a);
    client.open(&uri, "plaintext", 1, "加入XX联盟。\n").await;
    let d = client.diagnostics(&uri, Some(1)).await;
    let diag = d["diagnostics"][0].clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diag["range"], "context": { "diagnostics": [diag] } }),
        )
        .await
        .unwrap();
    let allow = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").contains("允许列表"))
        .expect("an allow-list action");
    assert_eq!(
        allow["title"],
        "将“XX联盟”加入 baogao.toml 的允许列表（不再视为占位符）"
    );
    let edits = &allow["edit"]["changes"][uri_of(&root.join("baogao.toml"))];
    assert_eq!(edits[0]["newText"], "[placeholder]\nallow = [\"XX联盟\"]\n");
    assert_eq!(edits[0]["range"]["start"]["line"], 2);
    client.finish().await;
}

/// Sixty placeholder lines: sixty diagnostics unless capped.
fn sixty_placeholders() -> String {
    "XX县。\n".repeat(60)
}

/// A draft that is not open is published under the user's caps, with the
/// same summary notes as an open document (it used to get the defaults: 60
/// diagnostics with `diagnostics.max = 10`).
#[tokio::test]
async fn drafts_are_published_with_the_users_caps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let many = write(root, "many.txt", &sixty_placeholders());
    // 2 KiB of text, then a placeholder past the 1 KiB cap.
    let long_text = format!("{}XX县。\n", "正文。\n".repeat(200));
    let long = write(root, "long.txt", &long_text);
    let settings = json!({ "diagnostics": { "max": 10, "maxFileKb": 1 } });
    let mut client = start(root, capabilities("utf-16", false), settings).await;
    let draft = published(&mut client, &uri_of(&many), |c| !c.is_empty()).await;
    assert_eq!(draft.len(), 11, "{draft:?}");
    assert_eq!(draft[10], "too-many-diagnostics");
    assert_eq!(
        published(&mut client, &uri_of(&long), |c| !c.is_empty()).await,
        ["file-too-large"]
    );
    // Open, the same file publishes the same.
    client
        .open(&uri_of(&many), "plaintext", 1, &sixty_placeholders())
        .await;
    let open = codes(&client.diagnostics(&uri_of(&many), Some(1)).await);
    assert_eq!(open, draft);
    // Pulled, drafts are capped too.
    client.finish().await;
    let mut caps = capabilities("utf-16", true);
    caps["window"] = json!({ "workDoneProgress": true });
    let mut pull = start(root, caps, json!({ "diagnostics": { "max": 10 } })).await;
    // The scan has ended when its progress ends.
    pull.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    })
    .await;
    let report = pull
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .await
        .unwrap();
    let many_report = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == uri_of(&many))
        .expect("many.txt is reported")
        .clone();
    assert_eq!(many_report["items"].as_array().unwrap().len(), 11);
    pull.finish().await;
}

/// The allow-list fix edits `baogao.toml` in the negotiated encoding, and the
/// open buffer of `baogao.toml` (unsaved changes included) rather than the
/// file on disk.
#[tokio::test]
async fn the_allow_list_fix_uses_the_negotiated_encoding_and_the_open_buffer() {
    for enc in ["utf-8", "utf-16", "utf-32"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let a = write(root, "a.txt", "加入XX联盟。\n");
        // No `[placeholder]` section and no final line break: the fix appends
        // at the end of a last line full of wide characters.
        let on_disk = "[rules]\nplaceholder = \"warning\" # 说明：𠀀𠀁占位符";
        let toml = write(root, "baogao.toml", on_disk);
        let mut client = start(root, capabilities(enc, false), Value::Null).await;
        let uri = uri_of(&a);
        client.open(&uri, "plaintext", 1, "加入XX联盟。\n").await;
        let d = client.diagnostics(&uri, Some(1)).await;
        let diag = d["diagnostics"][0].clone();
        let ask = json!({ "textDocument": { "uri": uri }, "range": diag["range"], "context": { "diagnostics": [diag] } });
        let allow_edits = |actions: &Value| -> Vec<Value> {
            let allow = actions
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["title"].as_str().unwrap_or("").contains("允许列表"))
                .expect("an allow-list action");
            allow["edit"]["changes"][uri_of(&toml)]
                .as_array()
                .expect("an edit of baogao.toml")
                .clone()
        };
        let actions = client
            .request("textDocument/codeAction", ask.clone())
            .await
            .unwrap();
        let fixed = apply(on_disk, &allow_edits(&actions), enc);
        assert_eq!(
            fixed,
            format!("{on_disk}\n[placeholder]\nallow = [\"XX联盟\"]\n"),
            "{enc}"
        );

        // Open with unsaved changes: the edit is of the buffer.
        let buffer = "# 𠀀 项目配置\n[placeholder]\nallow = [\"𠀀甲\"] # 已有\n";
        client.open(&uri_of(&toml), "toml", 1, buffer).await;
        let actions = client
            .request("textDocument/codeAction", ask)
            .await
            .unwrap();
        let fixed = apply(buffer, &allow_edits(&actions), enc);
        assert_eq!(
            fixed, "# 𠀀 项目配置\n[placeholder]\nallow = [\"XX联盟\", \"𠀀甲\"] # 已有\n",
            "{enc}"
        );
        client.finish().await;
    }
}

/// Each workspace folder's `baogao.toml` applies to its own drafts and open
/// documents, and the nearest `baogao.toml` above a file wins (it used to be
/// the first folder's file for everything).
#[tokio::test]
async fn each_folder_and_subfolder_has_its_own_configuration() {
    let one = tempfile::tempdir().expect("tempdir");
    let two = tempfile::tempdir().expect("tempdir");
    let text = "XX县\n一、甲\n（三）乙\n";
    write(
        one.path(),
        "baogao.toml",
        "[rules]\nplaceholder = \"off\"\n",
    );
    let a = write(one.path(), "a.txt", text);
    let b = write(two.path(), "b.txt", text);
    write(
        two.path(),
        "nested/baogao.toml",
        "[rules]\n\"numbering-gap\" = \"off\"\n",
    );
    let c = write(two.path(), "nested/c.txt", text);
    let mut client = TestServer::in_folders(
        &[one.path(), two.path()],
        capabilities("utf-16", false),
        Value::Null,
    )
    .await;
    assert_eq!(
        published(&mut client, &uri_of(&a), |c| !c.is_empty()).await,
        ["numbering-gap"]
    );
    assert_eq!(
        published(&mut client, &uri_of(&b), |c| !c.is_empty()).await,
        ["placeholder", "numbering-gap"]
    );
    assert_eq!(
        published(&mut client, &uri_of(&c), |c| !c.is_empty()).await,
        ["placeholder"]
    );
    // Open documents follow the same files.
    for (path, expected) in [
        (&a, vec!["numbering-gap"]),
        (&b, vec!["placeholder", "numbering-gap"]),
        (&c, vec!["placeholder"]),
    ] {
        client.open(&uri_of(path), "plaintext", 1, text).await;
        let got = codes(&client.diagnostics(&uri_of(path), Some(1)).await);
        assert_eq!(got, expected, "{}", path.display());
    }
    // The nested file changes: only its folder's documents change.
    write(two.path(), "nested/baogao.toml", "[rules]\n");
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri_of(&two.path().join("nested/baogao.toml")), "type": 2 }] }),
        )
        .await;
    assert_eq!(
        published(&mut client, &uri_of(&c), |c| c.len() == 2).await,
        ["placeholder", "numbering-gap"]
    );
    client.finish().await;
}
