//! One file, many spellings of its URI: a client may open a draft by a URI
//! that is not the one the server made from its path (`file:///C:/…` for
//! VS Code's `file:///c%3A/…` on Windows, `file://localhost/…`, encoded
//! ASCII). The open buffer still wins over the file on disk, and closing it
//! leaves one entry in the problems list, not two. (The Windows spellings
//! themselves are unit-tested in `src/paths.rs`; here the server's use of
//! them, with spellings Linux has too.)

mod support;

use serde_json::{json, Value};

use support::{capabilities, codes, uri_of, write, TestServer};

/// `file:///tmp/x/a.txt` as `file://localhost/tmp/x/%61.txt`.
fn other_spelling(uri: &str) -> String {
    let spelled = uri.replacen("file:///", "file://localhost/", 1);
    let (dir, name) = spelled.rsplit_once('/').expect("a path");
    let mut chars = name.chars();
    let first = chars.next().expect("a name");
    format!("{dir}/%{:02X}{}", first as u32, chars.as_str())
}

#[tokio::test]
async fn pulled_workspace_diagnostics_skip_a_draft_open_by_another_spelling() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", "XX县\n");
    let mut client =
        TestServer::in_folders(&[dir.path()], capabilities("utf-16", true), Value::Null).await;
    let draft = uri_of(&a);
    let opened = other_spelling(&draft);
    assert_ne!(opened, draft);
    // Scanned: the draft is there.
    let mut seen = false;
    for _ in 0..200 {
        let report = client
            .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
            .await
            .unwrap();
        if report["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["uri"] == draft)
        {
            seen = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(seen, "the draft is scanned");
    client
        .open(&opened, "plaintext", 1, "一、甲\n（二）乙\n")
        .await;
    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .await
        .unwrap();
    let uris: Vec<&Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["uri"])
        .collect();
    assert!(uris.is_empty(), "the open buffer wins: {uris:?}");
    // The buffer is what is pulled for the document.
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": opened } }),
        )
        .await
        .unwrap();
    assert_eq!(pulled["items"][0]["code"], "numbering-gap");
    client.finish().await;
}

#[tokio::test]
async fn closing_a_draft_open_by_another_spelling_leaves_one_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", "XX县\n");
    // The client watches files (the one event is the one sent below): the
    // server's own disk watcher would report the write below whenever its
    // thread gets to it, possibly after the close, a second reading of the file.
    let mut caps = capabilities("utf-16", false);
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut client = TestServer::in_folders(&[dir.path()], caps, Value::Null).await;
    let draft = uri_of(&a);
    let opened = other_spelling(&draft);
    client
        .wait_for("the draft's diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == draft
        })
        .await;
    client
        .open(&opened, "plaintext", 1, "一、甲\n（二）乙\n")
        .await;
    client
        .wait_for("the buffer's diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == opened
                && codes(&m["params"]) == ["numbering-gap"]
        })
        .await;
    // An edit on disk while it is open publishes nothing for the draft.
    write(dir.path(), "a.txt", "XX市\n");
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": draft, "type": 2 }] }),
        )
        .await;
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": opened } }),
        )
        .await;
    // The client's spelling is cleared; the draft's URI shows the disk.
    client
        .wait_for("the opened spelling cleared", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == opened
                && m["params"]["diagnostics"] == json!([])
        })
        .await;
    let last = client
        .wait_for("the draft again", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == draft
                && codes(&m["params"]) == ["placeholder"]
        })
        .await;
    // Nothing for the draft was published between the open and the close.
    let log = &client.log;
    let open_at = log
        .iter()
        .position(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == opened
        })
        .expect("published for the buffer");
    let last_at = log.iter().rposition(|m| *m == last).expect("logged");
    let between: Vec<&Value> = log[open_at..last_at]
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == draft)
        .collect();
    assert!(between.is_empty(), "{between:?}");
    client.finish().await;
}
