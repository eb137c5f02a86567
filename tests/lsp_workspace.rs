//! The drafts folder, black-box over a temporary workspace: scanning,
//! files created, edited, deleted and renamed while the server runs (watched
//! by the server itself, or reported by the client), workspace symbols,
//! configuration from `baogao.toml` and from the client (including a broken
//! file), a GBK-encoded draft, and pulled workspace diagnostics.

use std::path::Path;

use baogao::lsp;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

#[path = "support/lsp_client.rs"]
mod lsp_client;
use lsp_client::{capabilities, LspClient};

/// The URI the server uses for a path (one conversion, shared with the server).
fn uri_of(path: &Path) -> String {
    lsp::workspace::path_to_uri(path)
        .expect("a file URI")
        .as_str()
        .to_string()
}

async fn start(
    root: &Path,
    caps: Value,
    client_settings: Value,
) -> (LspClient, JoinHandle<lsp::Outcome>) {
    let (client_io, server_io) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_io);
    let server = tokio::spawn(lsp::serve(server_read, server_write));
    let (client_read, client_write) = tokio::io::split(client_io);
    let mut client = LspClient::new(client_read, client_write);
    *client.configuration.lock().unwrap() = client_settings;
    client
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri_of(root),
                "workspaceFolders": [{ "uri": uri_of(root), "name": "drafts" }],
                "capabilities": caps,
            }),
        )
        .await
        .expect("initialize");
    client.notify("initialized", json!({})).await;
    (client, server)
}

fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
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

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, text).expect("write draft");
    p
}

async fn finish(mut client: LspClient, server: JoinHandle<lsp::Outcome>) {
    client.shutdown_and_exit().await;
    let _ = client.drain().await;
    let _ = server.await;
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

    let (mut client, server) = start(root, capabilities("utf-16", false), Value::Null).await;
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
    finish(client, server).await;
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
    let (mut client, server) = start(root, capabilities("utf-16", false), Value::Null).await;
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
    finish(client, server).await;
}

#[tokio::test]
async fn client_watching_and_pulled_workspace_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let a = write(root, "a.txt", "XX县\n");
    let mut caps = capabilities("utf-16", true);
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    caps["window"] = json!({ "workDoneProgress": true });
    let (mut client, server) = start(root, caps, Value::Null).await;
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
    finish(client, server).await;
}

#[tokio::test]
async fn a_placeholder_look_alike_can_be_allowed_from_the_editor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let a = write(root, "a.txt", "加入XX联盟。\n");
    write(root, "baogao.toml", "[rules]\nplaceholder = \"warning\"\n");
    let (mut client, server) = start(root, capabilities("utf-16", false), Value::Null).await;
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
    finish(client, server).await;
}
