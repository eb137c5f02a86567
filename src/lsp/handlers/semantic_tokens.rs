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
//!
//! The full tokens are cached per snapshot and converted per chunk
//! (`pipeline::views`): after an edit only the edited chunk is converted
//! again. Each full result has a result id, and `semanticTokens/full/delta`
//! answers with the one edit from a result sent earlier (the document's
//! view store keeps the last two).

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use baogao_core::tokens::{tokens, TokenKind};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensDeltaParams, SemanticTokensEdit, SemanticTokensFullDeltaResult,
    SemanticTokensFullOptions, SemanticTokensLegend, SemanticTokensOptions, SemanticTokensParams,
    SemanticTokensRangeParams, SemanticTokensRangeResult, SemanticTokensResult,
    SemanticTokensServerCapabilities,
};

use crate::lsp::convert::{self, Encoding, PartPositions};
use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;
use crate::lsp::pipeline::views::{self, Part};

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
        full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
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

/// Delta-encodes tokens given as (line, start, length, type, modifiers), in order.
fn delta_encode(
    absolute: impl Iterator<Item = [u32; 5]>,
    out: &mut Vec<SemanticToken>,
    prev: &mut (u32, u32),
) {
    for [line, start, length, token_type, token_modifiers_bitset] in absolute {
        let (prev_line, prev_start) = *prev;
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
        *prev = (line, start);
    }
}

/// The tokens of a part's analysis (those touching `within`, when given) as
/// (line from the part's first line, start, length, type, modifiers).
fn absolute(
    analysis: &baogao_core::Analysis,
    at: PartPositions,
    enc: Encoding,
    within: Option<Range<usize>>,
) -> Vec<[u32; 5]> {
    let mut out = Vec::new();
    for t in tokens(analysis) {
        if let Some(w) = &within {
            if t.range.end <= w.start || t.range.start >= w.end {
                continue;
            }
        }
        let token_type = type_index(t.kind);
        let modifiers = modifiers(t.kind, t.level);
        for (line, start, length) in at.line_segments(t.range.clone(), enc) {
            out.push([line, start, length, token_type, modifiers]);
        }
    }
    out
}

/// The snapshot's tokens (those touching `within`, when given), delta-encoded,
/// computed from its whole analysis.
pub fn encode(
    snapshot: &Snapshot,
    enc: Encoding,
    within: Option<Range<usize>>,
) -> Vec<SemanticToken> {
    let at = PartPositions::whole(snapshot);
    let mut out = Vec::new();
    let abs = absolute(&snapshot.analysis, at, enc, within);
    delta_encode(abs.into_iter(), &mut out, &mut (0, 0));
    out
}

/// One part's tokens, lines counted from the part's first line.
struct PartTokens(Vec<[u32; 5]>);

/// The whole document's tokens, delta-encoded, with their result id.
pub struct FullTokens {
    pub id: String,
    pub data: Arc<Vec<SemanticToken>>,
}

/// Result ids, unique in the process: an id names one result's data.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The full tokens of `snapshot`, cached per snapshot and converted per chunk.
pub fn full_tokens(snapshot: &Snapshot, enc: Encoding) -> Arc<FullTokens> {
    views::whole(snapshot, enc, || {
        let parts = views::parts(snapshot, enc, |p: &Part| {
            PartTokens(absolute(p.analysis, p.at, enc, None))
        });
        let mut data = Vec::with_capacity(parts.iter().map(|(_, p)| p.0.len()).sum());
        let mut prev = (0, 0);
        for (line, part) in &parts {
            let shifted = part.0.iter().map(|&[l, s, n, t, m]| [l + line, s, n, t, m]);
            delta_encode(shifted, &mut data, &mut prev);
        }
        FullTokens {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed).to_string(),
            data: Arc::new(data),
        }
    })
}

/// The edits that turn `old` into `new`: at most one, replacing what lies
/// between their common start and their common end (positions and counts
/// are in the integer array, five per token).
pub fn diff(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == old.len() && prefix == new.len() {
        return Vec::new();
    }
    let units = |n: usize| u32::try_from(n * 5).unwrap_or(u32::MAX);
    vec![SemanticTokensEdit {
        start: units(prefix),
        delete_count: units(old.len() - prefix - suffix),
        data: Some(new[prefix..new.len() - suffix].to_vec()),
    }]
}

pub async fn full(
    ctx: &Arc<Ctx>,
    params: SemanticTokensParams,
) -> jsonrpc::Result<Option<SemanticTokensResult>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    let full = full_tokens(&snapshot, ctx.session().encoding);
    snapshot
        .views
        .sent_tokens(full.id.clone(), full.data.clone());
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: Some(full.id.clone()),
        data: full.data.to_vec(),
    })))
}

pub async fn full_delta(
    ctx: &Arc<Ctx>,
    params: SemanticTokensDeltaParams,
) -> jsonrpc::Result<Option<SemanticTokensFullDeltaResult>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    let full = full_tokens(&snapshot, ctx.session().encoding);
    let result = match snapshot.views.tokens_sent_as(&params.previous_result_id) {
        Some(old) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
            result_id: Some(full.id.clone()),
            edits: diff(&old, &full.data),
        }),
        // Unknown or forgotten: the whole result.
        None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
            result_id: Some(full.id.clone()),
            data: full.data.to_vec(),
        }),
    };
    snapshot
        .views
        .sent_tokens(full.id.clone(), full.data.clone());
    Ok(Some(result))
}

pub async fn range(
    ctx: &Arc<Ctx>,
    params: SemanticTokensRangeParams,
) -> jsonrpc::Result<Option<SemanticTokensRangeResult>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    let enc = ctx.session().encoding;
    let within = convert::range_from_proto(snapshot.rope(), params.range, enc).map_err(|e| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(delta_line: u32, delta_start: u32, length: u32) -> SemanticToken {
        SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    /// Applies edits to the integer array, as a client does.
    fn apply(old: &[SemanticToken], edits: &[SemanticTokensEdit]) -> Vec<u32> {
        let ints = |v: &[SemanticToken]| -> Vec<u32> {
            v.iter()
                .flat_map(|t| {
                    [
                        t.delta_line,
                        t.delta_start,
                        t.length,
                        t.token_type,
                        t.token_modifiers_bitset,
                    ]
                })
                .collect()
        };
        let mut out = ints(old);
        for e in edits.iter().rev() {
            let (start, n) = (e.start as usize, e.delete_count as usize);
            out.splice(
                start..start + n,
                ints(e.data.as_deref().unwrap_or_default()),
            );
        }
        out
    }

    #[test]
    fn a_delta_turns_the_old_tokens_into_the_new() {
        let cases: [(Vec<SemanticToken>, Vec<SemanticToken>); 6] = [
            (vec![t(0, 0, 2), t(1, 0, 3)], vec![t(0, 0, 2), t(1, 0, 3)]),
            (vec![t(0, 0, 2), t(1, 0, 3)], vec![t(0, 0, 2), t(2, 0, 3)]),
            (vec![], vec![t(0, 0, 2)]),
            (vec![t(0, 0, 2)], vec![]),
            (
                vec![t(0, 0, 2), t(1, 0, 3), t(1, 0, 3)],
                vec![t(0, 0, 2), t(1, 0, 3)],
            ),
            (
                vec![t(0, 1, 2), t(1, 0, 3)],
                vec![t(1, 0, 3), t(0, 1, 2), t(1, 0, 3)],
            ),
        ];
        for (old, new) in cases {
            let edits = diff(&old, &new);
            assert_eq!(apply(&old, &edits), apply(&new, &[]), "{old:?} -> {new:?}");
            assert_eq!(edits.is_empty(), old == new);
            assert!(edits.len() <= 1);
        }
    }
}
