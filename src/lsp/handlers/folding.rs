//! `textDocument/foldingRange`: one range per section.
//!
//! A fold starts on the heading's line and ends on the section's last line
//! with content, so blank lines before the next heading stay visible. A
//! section that fits on one line has nothing to fold.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

use crate::lsp::convert::Encoding;
use crate::lsp::ctx::Ctx;
use crate::lsp::naming::node_name;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;
use crate::lsp::pipeline::views::{self, Part};

/// One part's folds, lines counted from the part's first line.
struct PartFolds(Vec<FoldingRange>);

/// The whole document's folds.
struct Folds(Vec<FoldingRange>);

fn part_folds(part: &Part) -> PartFolds {
    let mut out = Vec::new();
    part.analysis.outline.walk(|node| {
        let start_line = part.at.line_of(node.section.start);
        let Some(end_line) = part.at.last_content_line(node.section.clone()) else {
            return;
        };
        if end_line > start_line {
            out.push(FoldingRange {
                start_line,
                start_character: None,
                end_line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(node_name(part.text, node)),
            });
        }
    });
    PartFolds(out)
}

/// The folds of `snapshot`, cached per snapshot and computed per chunk.
/// Lines do not depend on the encoding; the cache is keyed by it all the same.
pub fn folding_ranges(snapshot: &Snapshot, enc: Encoding) -> Vec<FoldingRange> {
    let folds = views::whole(snapshot, enc, || {
        let mut out = Vec::new();
        for (line, part) in views::parts(snapshot, enc, part_folds) {
            out.extend(part.0.iter().map(|f| FoldingRange {
                start_line: f.start_line + line,
                end_line: f.end_line + line,
                ..f.clone()
            }));
        }
        Folds(out)
    });
    folds.0.clone()
}

pub async fn folding_range(
    ctx: &Arc<Ctx>,
    params: FoldingRangeParams,
) -> jsonrpc::Result<Option<Vec<FoldingRange>>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    Ok(Some(folding_ranges(&snapshot, ctx.session().encoding)))
}
