//! `dup-paragraph` across the files of the workspace: opening or editing one
//! document makes a finding appear or disappear in another draft, with
//! related information pointing at the other file.

mod support;

use serde_json::{json, Value};

use support::{capabilities, codes, range, uri_of, write, LspClient, TestServer};

const RECYCLED: &str = "开展安全隐患排查整治行动十二次，整改问题三百余处，全年未发生较大以上生产安全事故，安全形势总体平稳。";

/// Waits for a publication of `uri` whose `dup-paragraph` count is `n`.
async fn dups(client: &mut LspClient, uri: &str, n: usize) -> Vec<Value> {
    let what = format!("{n} dup-paragraph findings in {uri}");
    let m = client
        .wait_for(&what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && codes(&m["params"])
                    .iter()
                    .filter(|c| *c == "dup-paragraph")
                    .count()
                    == n
        })
        .await;
    m["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "dup-paragraph")
        .cloned()
        .collect()
}

/// Last year's report (holding [`RECYCLED`]) and this year's (not yet),
/// as drafts of a workspace `root` a server was started on: their URIs and
/// the server.
async fn last_and_this_years_drafts(root: &std::path::Path) -> (String, String, TestServer) {
    let old = write(
        root,
        "2022年总结.txt",
        &format!("一、工作总结\n{RECYCLED}\n二、工作计划\n持续开展隐患排查，确保全年不发生较大事故，守牢安全生产底线。\n"),
    );
    let new = write(root, "2023年总结.txt", "一、工作总结\n今年工作有序推进。\n");
    let client = TestServer::in_folders(
        &[root],
        capabilities("utf-16", false),
        json!({ "diagnostics": { "debounceMs": 0 } }),
    )
    .await;
    (uri_of(&old), uri_of(&new), client)
}

#[tokio::test]
async fn a_twin_in_another_draft_appears_and_disappears() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old_uri, new_uri, mut client) = last_and_this_years_drafts(dir.path()).await;
    dups(&mut client, &old_uri, 0).await;
    dups(&mut client, &new_uri, 0).await;

    // Recycling last year's paragraph in the open buffer (re-punctuated,
    // one number changed) makes the finding appear in both files.
    let text = format!(
        "一、工作总结\n{}\n",
        RECYCLED.replace("十二次", "十五次").replace('，', ",")
    );
    client.open(&new_uri, "plaintext", 1, &text).await;
    let here = dups(&mut client, &new_uri, 1).await;
    let there = dups(&mut client, &old_uri, 1).await;
    assert!(
        here[0]["message"]
            .as_str()
            .unwrap()
            .contains("另一份文稿中一段大体相同"),
        "{here:?}"
    );
    assert_eq!(here[0]["severity"], 3, "information");
    assert_eq!(
        here[0]["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );
    let related = &here[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], old_uri.as_str());
    assert_eq!(
        related["location"]["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );
    assert_eq!(related["message"], "相似的段落在此");
    assert_eq!(
        there[0]["relatedInformation"][0]["location"]["uri"],
        new_uri.as_str()
    );

    // Rewriting the paragraph makes both go.
    client
        .change(
            &new_uri,
            2,
            vec![(
                Some(range(1, 0, 1, 60)),
                "今年新建应急避难场所三处，组织防汛演练五次。",
            )],
        )
        .await;
    dups(&mut client, &new_uri, 0).await;
    dups(&mut client, &old_uri, 0).await;

    // Typing it back, then closing the document: the draft on disk (without
    // the copy) is what counts again.
    client.change(&new_uri, 3, vec![(None, &text)]).await;
    dups(&mut client, &new_uri, 1).await;
    dups(&mut client, &old_uri, 1).await;
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": new_uri } }),
        )
        .await;
    dups(&mut client, &old_uri, 0).await;
    client.finish().await;
}

/// Keystrokes in an open buffer change another draft's findings only
/// through the paragraphs they replace: a copy typed on (near now), copies
/// added until the text is boilerplate there, then removed again.
#[tokio::test]
async fn the_other_drafts_findings_follow_the_typed_paragraphs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (other_uri, open_uri, mut client) = last_and_this_years_drafts(dir.path()).await;
    dups(&mut client, &other_uri, 0).await;
    let text = |copies: usize| {
        let mut t = "一、工作总结\n今年工作有序推进。\n".to_string();
        for _ in 0..copies {
            t += RECYCLED;
            t.push('\n');
        }
        t
    };
    client.open(&open_uri, "plaintext", 1, &text(1)).await;
    let here = dups(&mut client, &open_uri, 1).await;
    assert!(
        here[0]["message"].as_str().unwrap().contains("相同"),
        "{here:?}"
    );
    dups(&mut client, &other_uri, 1).await;
    // Typing inside the copy: a near copy now, on both sides.
    client
        .change(&open_uri, 2, vec![(Some(range(2, 3, 2, 3)), "全面")])
        .await;
    let here = dups(&mut client, &open_uri, 1).await;
    assert!(
        here[0]["message"].as_str().unwrap().contains("大体相同"),
        "{here:?}"
    );
    let there = client
        .wait_for("a near twin in the other draft", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == other_uri.as_str()
                && m["params"]["diagnostics"].as_array().is_some_and(|ds| {
                    ds.iter().any(|d| {
                        d["code"] == "dup-paragraph"
                            && d["message"]
                                .as_str()
                                .is_some_and(|t| t.contains("大体相同"))
                    })
                })
        })
        .await;
    assert_eq!(
        codes(&there["params"])
            .iter()
            .filter(|c| *c == "dup-paragraph")
            .count(),
        1
    );
    // Four exact copies in all: boilerplate in the other draft; the three
    // typed ones are still repeats of each other within the buffer.
    client.change(&open_uri, 3, vec![(None, &text(3))]).await;
    dups(&mut client, &open_uri, 2).await;
    dups(&mut client, &other_uri, 0).await;
    // Back to one copy: a finding on each side again.
    client.change(&open_uri, 4, vec![(None, &text(1))]).await;
    dups(&mut client, &open_uri, 1).await;
    dups(&mut client, &other_uri, 1).await;
    client.finish().await;
}
