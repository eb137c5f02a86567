//! `textDocument/completion`: the core's writing help, then words.
//!
//! The core's suggestions (next marker, section snippets, report skeletons,
//! titles, next `X是`) come first, in the core's order (its first is its
//! best); the document's and the workspace's words follow (see
//! [`super::words`]). Every item carries a `textEdit` over what it replaces,
//! so the editor never guesses the word boundary of Chinese text.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use baogao_core::complete::{complete, CompletionContext, Suggestion, SuggestionKind};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::lsp::convert;
use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;
use crate::lsp::words;

/// Characters that open the completion list by themselves.
pub fn trigger_characters() -> Vec<String> {
    ["（", "(", "、", ".", "。", "，"]
        .into_iter()
        .map(String::from)
        .chain(('0'..='9').map(String::from))
        .collect()
}

/// The calendar year now, in China Standard Time (UTC+8): reports are
/// written for Chinese offices, and a summary written on the evening of
/// 31 December in UTC is already a plan for the new year in Beijing.
pub fn current_year() -> i32 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 8 * 3600;
    year_of_day((secs / 86_400) as i64)
}

/// The proleptic Gregorian year of a day counted from 1970-01-01.
fn year_of_day(days: i64) -> i32 {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

fn kind(k: SuggestionKind) -> CompletionItemKind {
    match k {
        SuggestionKind::Marker | SuggestionKind::Enumeration => CompletionItemKind::KEYWORD,
        SuggestionKind::Section | SuggestionKind::Skeleton => CompletionItemKind::SNIPPET,
        SuggestionKind::Title => CompletionItemKind::TEXT,
    }
}

/// One core suggestion as a completion item; `rank` orders the list.
fn item(
    s: Suggestion,
    rank: usize,
    text: &str,
    rope: &ropey::Rope,
    enc: convert::Encoding,
    snippets: bool,
) -> CompletionItem {
    let typed = text.get(s.replace.clone()).unwrap_or("");
    // The editor filters on what was typed over the edit's range: keep it
    // matching even when the typed text is not a prefix (`3` → `（三）`).
    let filter = if s.label.starts_with(typed) || s.plain.starts_with(typed) {
        s.label.clone()
    } else {
        format!("{typed}{}", s.label)
    };
    let as_snippet = snippets && s.snippet != s.plain;
    let preview = matches!(s.kind, SuggestionKind::Section | SuggestionKind::Skeleton);
    CompletionItem {
        kind: Some(kind(s.kind)),
        detail: Some(s.detail),
        documentation: preview.then(|| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::PlainText,
                value: s.plain.clone(),
            })
        }),
        sort_text: Some(format!("0{rank:04}")),
        filter_text: Some(filter),
        preselect: (rank == 0).then_some(true),
        insert_text_format: Some(if as_snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: convert::range(rope, s.replace, enc),
            new_text: if as_snippet { s.snippet } else { s.plain },
        })),
        label: s.label,
        ..CompletionItem::default()
    }
}

pub async fn completion(
    ctx: &Arc<Ctx>,
    params: CompletionParams,
) -> jsonrpc::Result<Option<CompletionResponse>> {
    let at = params.text_document_position;
    let uri = at.text_document.uri;
    let snapshot = pipeline::snapshot(ctx, &uri).await?;
    let session = ctx.session();
    let enc = session.encoding;
    let rope = snapshot.rope();
    let text = &snapshot.text;
    let offset = convert::offset(rope, at.position, enc);
    let context = CompletionContext {
        year: current_year(),
    };
    let mut items: Vec<CompletionItem> = complete(text, &snapshot.analysis, offset, &context)
        .into_iter()
        .enumerate()
        .map(|(rank, s)| item(s, rank, text, rope, enc, session.snippet_support))
        .collect();
    let structural: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
    let open = ctx.store.ropes();
    let found = words::complete(&ctx.words, &ctx.client, open, &uri, text, offset).await;
    items.extend(
        found
            .into_iter()
            .filter(|m| !structural.contains(&m.word))
            .enumerate()
            .map(|(rank, m)| CompletionItem {
                kind: Some(CompletionItemKind::TEXT),
                detail: Some(format!("词语 · 出现 {} 次", m.count)),
                sort_text: Some(format!("1{rank:04}")),
                filter_text: Some(m.filter),
                insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: convert::range(rope, m.replace, enc),
                    new_text: m.word.clone(),
                })),
                label: m.word,
                ..CompletionItem::default()
            }),
    );
    // Suggestions depend on what is typed next: ask again as the user types.
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: true,
        items,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_days() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(-1), 1969);
        // 2024-12-31 and 2025-01-01.
        assert_eq!(year_of_day(20_088), 2024);
        assert_eq!(year_of_day(20_089), 2025);
        // 2000-02-29.
        assert_eq!(year_of_day(11_016), 2000);
        assert!(current_year() >= 2025);
    }
}
