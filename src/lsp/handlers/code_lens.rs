//! `textDocument/codeLens`: the 字数 of each report and of each top-level
//! section, shown above its heading, because reports are written to length
//! limits. Turned off with the setting `codeLens.charCount = false`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command, Range};

use crate::lsp::convert;
use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;

/// One lens per report title and per top-level section.
pub fn lenses(snapshot: &Snapshot, enc: convert::Encoding) -> Vec<CodeLens> {
    let text = &snapshot.text;
    let mut out = Vec::new();
    let mut lens = |node: &baogao_core::Node, what: &str| {
        let count = baogao_core::count_chars(text.get(node.section.clone()).unwrap_or(""));
        let at = convert::position(&snapshot.rope, node.section.start, enc);
        out.push(CodeLens {
            range: Range { start: at, end: at },
            command: Some(Command {
                title: format!("{what}字数 {count}"),
                // An empty command shows the count without making it clickable.
                command: String::new(),
                arguments: None,
            }),
            data: None,
        });
    };
    for root in &snapshot.analysis.outline.roots {
        if matches!(root.kind, baogao_core::NodeKind::Title) {
            lens(root, "全篇");
            for child in &root.children {
                lens(child, "本节");
            }
        } else {
            lens(root, "本节");
        }
    }
    out
}

pub async fn code_lens(
    ctx: &Arc<Ctx>,
    params: CodeLensParams,
) -> jsonrpc::Result<Option<Vec<CodeLens>>> {
    let session = ctx.session();
    if !session.settings.char_count_lens {
        return Ok(Some(Vec::new()));
    }
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    Ok(Some(lenses(&snapshot, session.encoding)))
}
