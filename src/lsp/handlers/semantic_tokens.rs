//! `textDocument/semanticTokens/full` and `/range`.
//!
//! The legend (token type index → name):
//!
//! | index | type | what |
//! |---|---|---|
//! | 0 | `namespace` | a report's title line |
//! | 1 | `keyword` | a heading's marker (`一、`, `（一）`, `1.`, `第一章`, `##`) |
//! | 2 | `class` | a heading's title text |
//! | 3 | `enumMember` | an `一是/二是` marker |
//! | 4 | `placeholder` (custom) | an unfilled placeholder (`XX`, `20**`) |
//!
//! Modifiers `level1` … `level5` (bits 0–4) give a marker's or label's depth
//! in the outline (deeper levels use `level5`). Tokens are split at line
//! breaks, since a token may not span lines, and positions are counted in
//! the negotiated encoding.

use std::sync::Arc;

use std::ops::Range;

use baogao_core::tokens::{tokens, TokenKind};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens,
    SemanticTokensFullOptions, SemanticTokensLegend, SemanticTokensOptions, SemanticTokensParams,
    SemanticTokensRangeParams, SemanticTokensRangeResult, SemanticTokensResult,
    SemanticTokensServerCapabilities,
};

use crate::lsp::convert::{self, Encoding};
use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;

/// Token types, in legend order.
pub const TYPES: [&str; 5] = ["namespace", "keyword", "class", "enumMember", "placeholder"];
/// Token modifiers, in legend order (bit i is `MODIFIERS[i]`).
pub const MODIFIERS: [&str; 5] = ["level1", "level2", "level3", "level4", "level5"];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.iter().map(|t| SemanticTokenType::new(t)).collect(),
        token_modifiers: MODIFIERS
            .iter()
            .map(|m| SemanticTokenModifier::new(m))
            .collect(),
    }
}

pub fn capability() -> SemanticTokensServerCapabilities {
    SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
        legend: legend(),
        range: Some(true),
        full: Some(SemanticTokensFullOptions::Bool(true)),
        ..SemanticTokensOptions::default()
    })
}

fn type_index(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Title => 0,
        TokenKind::HeadingMarker => 1,
        TokenKind::HeadingLabel => 2,
        TokenKind::EnumerationMarker => 3,
        TokenKind::Placeholder => 4,
    }
}

fn modifiers(kind: TokenKind, level: u8) -> u32 {
    match kind {
        TokenKind::HeadingMarker | TokenKind::HeadingLabel if level > 0 => 1 << (level.min(5) - 1),
        _ => 0,
    }
}

/// The snapshot's tokens (those touching `within`, when given), delta-encoded.
pub fn encode(
    snapshot: &Snapshot,
    enc: Encoding,
    within: Option<Range<usize>>,
) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for t in tokens(&snapshot.analysis) {
        if let Some(w) = &within {
            if t.range.end <= w.start || t.range.start >= w.end {
                continue;
            }
        }
        let token_type = type_index(t.kind);
        let token_modifiers_bitset = modifiers(t.kind, t.level);
        for (line, start, length) in convert::line_segments(&snapshot.rope, t.range.clone(), enc) {
            let delta_line = line - prev_line;
            let delta_start = if delta_line == 0 {
                start - prev_start
            } else {
                start
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length,
                token_type,
                token_modifiers_bitset,
            });
            prev_line = line;
            prev_start = start;
        }
    }
    out
}

pub async fn full(
    ctx: &Arc<Ctx>,
    params: SemanticTokensParams,
) -> jsonrpc::Result<Option<SemanticTokensResult>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    let data = encode(&snapshot, ctx.session().encoding, None);
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

pub async fn range(
    ctx: &Arc<Ctx>,
    params: SemanticTokensRangeParams,
) -> jsonrpc::Result<Option<SemanticTokensRangeResult>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    let enc = ctx.session().encoding;
    let within = convert::range_from_proto(&snapshot.rope, params.range, enc).map_err(|e| {
        jsonrpc::Error {
            code: jsonrpc::ErrorCode::InvalidParams,
            message: e.to_string().into(),
            data: None,
        }
    })?;
    let data = encode(&snapshot, enc, Some(within));
    Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}
