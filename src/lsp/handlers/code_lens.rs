//! `textDocument/codeLens`: the 字数 of each report and of each top-level
//! section, shown above its heading, because reports are written to length
//! limits. Turned off with the setting `codeLens.charCount = false`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command, Range};

use super::symbols::SectionChars;
use crate::lsp::convert::Encoding;
use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;
use crate::lsp::pipeline::views::{self, Part};

/// One part's lenses, lines counted from the part's first line.
struct PartLenses(Vec<CodeLens>);

/// The whole document's lenses.
struct Lenses(Vec<CodeLens>);

fn part_lenses(part: &Part, enc: Encoding) -> PartLenses {
    let chars = SectionChars::new(part.text, &part.analysis.outline);
    let mut out = Vec::new();
    let mut lens = |node: &baogao_core::Node, what: &str| {
        let at = part.at.position(node.section.start, enc);
        out.push(CodeLens {
            range: Range { start: at, end: at },
            command: Some(Command {
                title: format!("{what}字数 {}", chars.of(node)),
                // An empty command shows the count without making it clickable.
                command: String::new(),
                arguments: None,
            }),
            data: None,
        });
    };
    for root in &part.analysis.outline.roots {
        if matches!(root.kind, baogao_core::NodeKind::Title) {
            lens(root, "全篇");
            for child in &root.children {
                lens(child, "本节");
            }
        } else {
            lens(root, "本节");
        }
    }
    PartLenses(out)
}

/// One lens per report title and per top-level section, cached per
/// snapshot and computed (and counted) per chunk.
pub fn lenses(snapshot: &Snapshot, enc: Encoding) -> Vec<CodeLens> {
    let lenses = views::whole(snapshot, enc, || {
        let mut out = Vec::new();
        for (line, part) in views::parts(snapshot, enc, |p| part_lenses(p, enc)) {
            out.extend(part.0.iter().map(|l| {
                let mut l = l.clone();
                l.range.start.line += line;
                l.range.end.line += line;
                l
            }));
        }
        Lenses(out)
    });
    lenses.0.clone()
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
