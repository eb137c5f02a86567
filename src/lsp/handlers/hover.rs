//! `textDocument/hover` on a heading or on a placeholder.
//!
//! On a heading's line: the heading's path (`二、存在问题 › （一）…`), the
//! section's 字数 (CJK characters, letters and digits), its sub-headings and
//! the placeholders inside. On a placeholder: what it stands for and how
//! many placeholders the report still has.

use std::sync::Arc;

use std::fmt::Write;
use std::ops::Range;

use baogao_core::{Node, Placeholder};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::lsp::convert::{self, Encoding};
use crate::lsp::ctx::Ctx;
use crate::lsp::naming::node_name;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;

/// How many placeholders a heading's hover lists by name.
const LISTED_PLACEHOLDERS: usize = 5;

fn placeholder_at(placeholders: &[Placeholder], offset: usize) -> Option<&Placeholder> {
    placeholders
        .iter()
        .find(|p| p.range.start <= offset && offset < p.range.end)
        .or_else(|| {
            placeholders
                .iter()
                .find(|p| p.range.end == offset && p.range.start < offset)
        })
}

fn inside<'a>(placeholders: &'a [Placeholder], range: &Range<usize>) -> Vec<&'a Placeholder> {
    placeholders
        .iter()
        .filter(|p| range.start <= p.range.start && p.range.start < range.end)
        .collect()
}

fn bold(markdown: bool, s: &str) -> String {
    if markdown {
        format!("**{s}**")
    } else {
        s.to_string()
    }
}

fn code(markdown: bool, s: &str) -> String {
    if markdown {
        // Backticks inside would end the code span; a report hardly has any.
        format!("`{}`", s.replace('`', "'"))
    } else {
        format!("“{s}”")
    }
}

fn placeholder_hover(snapshot: &Snapshot, p: &Placeholder, markdown: bool) -> String {
    let analysis = &snapshot.analysis;
    let report = analysis
        .outline
        .reports
        .iter()
        .find(|r| r.range.start <= p.range.start && p.range.start < r.range.end)
        .map_or(0..snapshot.text.len(), |r| r.range.clone());
    let remaining = inside(&analysis.placeholders, &report).len().max(1);
    let text = snapshot.text.get(p.range.clone()).unwrap_or("");
    format!(
        "{} {}\n\n{}。本篇报告还有 {remaining} 处占位符待填写（含此处）。",
        bold(markdown, "占位符"),
        code(markdown, text),
        p.shape.describe(),
    )
}

fn heading_hover(snapshot: &Snapshot, path: &[&Node], markdown: bool) -> String {
    let text = &snapshot.text;
    let node = path[path.len() - 1];
    let trail: Vec<String> = path.iter().map(|n| node_name(text, n)).collect();
    let body = text.get(node.section.clone()).unwrap_or("");
    let mut descendants = 0;
    node.walk(&mut |_| descendants += 1);
    descendants -= 1;
    let placeholders = inside(&snapshot.analysis.placeholders, &node.section);

    let mut out = bold(markdown, &trail.join(" › "));
    out.push_str("\n\n");
    let _ = writeln!(out, "- 字数：{}", baogao_core::count_chars(body));
    if descendants == node.children.len() {
        let _ = writeln!(out, "- 下级标题：{} 个", node.children.len());
    } else {
        let _ = writeln!(
            out,
            "- 下级标题：{} 个（各级共 {descendants} 个）",
            node.children.len()
        );
    }
    if placeholders.is_empty() {
        out.push_str("- 占位符：无\n");
    } else {
        let listed: Vec<String> = placeholders
            .iter()
            .take(LISTED_PLACEHOLDERS)
            .map(|p| code(markdown, text.get(p.range.clone()).unwrap_or("")))
            .collect();
        let more = if placeholders.len() > LISTED_PLACEHOLDERS {
            "等"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- 占位符：{} 处（{}{more}）",
            placeholders.len(),
            listed.join("、")
        );
    }
    out
}

/// The hover at `offset`, with the byte range it is about.
pub fn hover_at(
    snapshot: &Snapshot,
    offset: usize,
    markdown: bool,
) -> Option<(String, Range<usize>)> {
    let analysis = &snapshot.analysis;
    if let Some(p) = placeholder_at(&analysis.placeholders, offset) {
        return Some((placeholder_hover(snapshot, p, markdown), p.range.clone()));
    }
    let rope = snapshot.rope();
    let line = convert::line_of(rope, offset);
    // Hover on the heading's own line only (indentation included), not on its body.
    let mut start = None;
    analysis.outline.walk(|n| {
        if start.is_none() && convert::line_of(rope, n.section.start) == line {
            start = Some(n.section.start);
        }
    });
    let mut path = analysis.outline.path_at(start?);
    while path
        .last()
        .is_some_and(|n| convert::line_of(rope, n.section.start) != line)
    {
        path.pop();
    }
    let node = path.last()?;
    Some((heading_hover(snapshot, &path, markdown), node.selection()))
}

pub async fn hover(ctx: &Arc<Ctx>, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
    let at = params.text_document_position_params;
    let snapshot = pipeline::snapshot(ctx, &at.text_document.uri).await?;
    let session = ctx.session();
    let enc: Encoding = session.encoding;
    let offset = convert::offset(snapshot.rope(), at.position, enc);
    let markdown = session.markdown_hover;
    Ok(
        hover_at(&snapshot, offset, markdown).map(|(value, range)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: if markdown {
                    MarkupKind::Markdown
                } else {
                    MarkupKind::PlainText
                },
                value,
            }),
            range: Some(convert::range(snapshot.rope(), range, enc)),
        }),
    )
}
