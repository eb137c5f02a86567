//! `textDocument/foldingRange`: one range per section.
//!
//! A fold starts on the heading's line and ends on the section's last line
//! with content, so blank lines before the next heading stay visible. A
//! section that fits on one line has nothing to fold.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

use crate::lsp::convert;
use crate::lsp::ctx::Ctx;
use crate::lsp::naming::node_name;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;

pub fn folding_ranges(snapshot: &Snapshot) -> Vec<FoldingRange> {
    let rope = &snapshot.rope;
    let mut out = Vec::new();
    snapshot.analysis.outline.walk(|node| {
        let start_line = convert::line_of(rope, node.section.start);
        let Some(end_line) = convert::last_content_line(rope, node.section.clone()) else {
            return;
        };
        if end_line > start_line {
            out.push(FoldingRange {
                start_line,
                start_character: None,
                end_line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(node_name(&snapshot.text, node)),
            });
        }
    });
    out
}

pub async fn folding_range(
    ctx: &Arc<Ctx>,
    params: FoldingRangeParams,
) -> jsonrpc::Result<Option<Vec<FoldingRange>>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    Ok(Some(folding_ranges(&snapshot)))
}
