//! Request and notification handlers, one file per feature; nothing else.
//!
//! Each handler takes the shared [`Ctx`](super::ctx::Ctx) and stays thin:
//! the road from a change to published diagnostics is `pipeline`, the drafts
//! folder is `workspace`. `server.rs` forwards to these through the guard.

pub mod code_action;
pub mod code_lens;
pub mod commands;
pub mod completion;
pub mod diagnostics;
pub mod document_text;
pub mod folding;
pub mod hover;
pub mod lifecycle;
pub mod semantic_tokens;
pub mod symbols;
pub mod sync;
pub mod workspace_symbol;

/// The views converted per chunk and reused across versions equal the views
/// of the same text viewed whole.
#[cfg(test)]
mod views_per_chunk {
    use std::sync::Arc;

    use baogao_core::Config;
    use ropey::Rope;

    use crate::lsp::convert::Encoding;
    use crate::lsp::pipeline::cache::{self, Snapshot, SnapshotInput, ViewStore};

    /// Reports of about 1 KB: titles, untitled restarts, enumerations,
    /// placeholders, astral characters (two UTF-16 units), CRLF lines.
    fn compilation() -> String {
        let paragraph = "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。";
        let mut out = String::new();
        for i in 0..600 {
            match i % 4 {
                0 => out.push_str(&format!("XX县{i}号2023年工作总结\n\n一、主要工作\n（一）𠀀甲😀\n{paragraph}一是认识到位；二是投入xx万元。\n（二）乙\r\n{paragraph}\n\n二、存在问题\n{paragraph}\n\n")),
                1 => out.push_str(&format!("一、基本情况\n{paragraph}\n1.子项20**年\n{paragraph}\n二、下步计划\n{paragraph}\n\n")),
                2 => out.push_str(&format!("第{i}篇 工作思路\n\n（一）丁\n{paragraph}\n（三）戊\n\n\n{paragraph}\n")),
                _ => out.push_str(&format!("一、总结\n{paragraph}\n（一）甲\n（1）细项\n{paragraph}\n\n")),
            }
        }
        out
    }

    fn input(text: &str, views: &Arc<ViewStore>, base: Option<cache::Base>) -> SnapshotInput {
        SnapshotInput {
            uri: "file:///big.txt".parse().unwrap(),
            version: 1,
            epoch: 1,
            rope: Rope::from_str(text),
            kind: baogao_core::DocumentKind::PlainText,
            base,
            draft: false,
            views: views.clone(),
        }
    }

    /// Every view of `snapshot`, as JSON.
    fn views(snapshot: &Snapshot, enc: Encoding) -> [serde_json::Value; 5] {
        [
            serde_json::to_value(super::symbols::response(snapshot, enc, true)).unwrap(),
            serde_json::to_value(super::symbols::response(snapshot, enc, false)).unwrap(),
            serde_json::to_value(super::folding::folding_ranges(snapshot, enc)).unwrap(),
            serde_json::to_value(super::code_lens::lenses(snapshot, enc)).unwrap(),
            serde_json::to_value(tower_lsp_server::ls_types::SemanticTokens {
                result_id: None,
                data: super::semantic_tokens::full_tokens(snapshot, enc)
                    .data
                    .to_vec(),
            })
            .unwrap(),
        ]
    }

    /// The same text analysed whole: no chunks, a fresh store.
    fn whole(text: &str) -> Snapshot {
        let mut s = cache::analyze(input(text, &Arc::default(), None), Config::default());
        s.chunks = None;
        s
    }

    #[test]
    fn chunked_views_equal_whole_views_after_edits() {
        let mut text = compilation();
        let store: Arc<ViewStore> = Arc::default();
        let mut snapshot = cache::analyze(input(&text, &store, None), Config::default());
        let chunks = snapshot.chunks.clone().expect("analysed in chunks");
        assert!(
            chunks.len() >= 3,
            "{} chunks of {} bytes",
            chunks.len(),
            text.len()
        );
        let encodings = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];
        let w = whole(&text);
        for enc in encodings {
            assert_eq!(views(&snapshot, enc), views(&w, enc), "{enc:?}");
        }
        // Edits inside chunks (the fast path: one chunk converted again) and
        // one that adds lines, so later chunks move down.
        let mut reused = 0;
        for (i, insert) in ["改", "\n（三）新增一节\n", "😀", "\n\n"]
            .iter()
            .enumerate()
        {
            let c = &snapshot.chunks.as_ref().unwrap()[1 + i % 2];
            let at = c.start + c.len / 2;
            let at = (at..).find(|&a| text.is_char_boundary(a)).unwrap();
            let at = at + text[at..].find('\n').unwrap() + 1;
            text.insert_str(at, insert);
            let base = (
                snapshot.chunks.clone().unwrap(),
                Some((at..at, insert.len())),
                snapshot.prints.clone(),
            );
            let old = snapshot.chunks.clone().unwrap();
            snapshot = cache::analyze(input(&text, &store, Some(base)), Config::default());
            let new = snapshot.chunks.clone().expect("still in chunks");
            reused += new
                .iter()
                .filter(|c| old.iter().any(|o| Arc::ptr_eq(&o.analysis, &c.analysis)))
                .count();
            let w = whole(&text);
            for enc in encodings {
                assert_eq!(views(&snapshot, enc), views(&w, enc), "edit {i}, {enc:?}");
            }
        }
        assert!(reused > 0, "unchanged chunks are reused");
    }
}
