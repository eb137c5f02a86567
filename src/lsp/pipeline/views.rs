//! The views of a snapshot in LSP form (outline symbols, folding ranges,
//! semantic tokens, 字数 lenses), computed once per snapshot and, for a
//! text analysed in chunks, once per chunk.
//!
//! A chunk that an edit did not touch keeps its `Arc<Analysis>` from one
//! version to the next (`core::incremental::reanalyze`), and chunks start on
//! line starts, so its views, converted with lines counted from the chunk's
//! first line ([`convert::PartPositions`]), are reused as they are: the next
//! version shifts their lines and converts only the edited chunk. The
//! handlers say what a view is ([`Part`] in, any value out) and how the
//! parts join; this module says when to compute.
//!
//! Per-chunk views need the snapshot's analysis to be exactly the merge of
//! its chunks, which `core::incremental` guarantees for open documents. A
//! draft's outline may be amended after analysis (a `.docx`'s styled
//! headings), so drafts are always viewed whole.

use std::any::Any;
use std::sync::Arc;

use baogao_core::Analysis;

use super::cache::{Memo, Snapshot};
use crate::lsp::convert::{Encoding, PartPositions};

/// One part of a snapshot: the whole text, or one chunk.
pub struct Part<'a> {
    /// The part's text; the analysis's offsets are relative to it.
    pub text: &'a str,
    pub analysis: &'a Analysis,
    /// Conversions of the part's offsets to part-relative positions.
    pub at: PartPositions<'a>,
    memo: &'a Memo,
}

impl Part<'_> {
    /// A value derived from this part, computed once per chunk (or, for the
    /// whole text, once per snapshot).
    pub fn memo<T: Any + Send + Sync>(&self, enc: Encoding, compute: impl FnOnce() -> T) -> Arc<T> {
        self.memo.get_or_compute(tag(enc), compute)
    }
}

fn tag(enc: Encoding) -> u8 {
    match enc {
        Encoding::Utf8 => 0,
        Encoding::Utf16 => 1,
        Encoding::Utf32 => 2,
    }
}

/// A view of the whole snapshot, computed once per snapshot: a repeated
/// request costs a clone and the serialisation.
pub fn whole<T: Any + Send + Sync>(
    snapshot: &Snapshot,
    enc: Encoding,
    compute: impl FnOnce() -> T,
) -> Arc<T> {
    snapshot.memo.get_or_compute(tag(enc), compute)
}

/// `compute` of every part of `snapshot`, in text order, with the line each
/// part starts on: its chunks when it was analysed in chunks (each computed
/// once and reused by later versions while the chunk is unchanged), else the
/// whole text (once per snapshot).
pub fn parts<T: Any + Send + Sync>(
    snapshot: &Snapshot,
    enc: Encoding,
    compute: impl Fn(&Part) -> T,
) -> Vec<(u32, Arc<T>)> {
    let chunks = match &snapshot.chunks {
        Some(chunks) if !snapshot.draft => chunks,
        _ => {
            let part = Part {
                text: &snapshot.text,
                analysis: &snapshot.analysis,
                at: PartPositions::whole(snapshot),
                memo: &snapshot.memo,
            };
            // In the snapshot's memo, next to the [`whole`] views: a part's
            // value and a whole view must be of different types.
            return vec![(0, part.memo(enc, || compute(&part)))];
        }
    };
    let memos = snapshot.views.chunk_memos(chunks);
    chunks
        .iter()
        .zip(memos)
        .map(|(c, memo)| {
            let text = snapshot
                .text
                .get(c.start..c.start + c.len)
                .unwrap_or_default();
            let part = Part {
                text,
                analysis: &c.analysis,
                at: PartPositions::chunk(snapshot, c.start),
                memo: &memo,
            };
            (part.at.first_line(), part.memo(enc, || compute(&part)))
        })
        .collect()
}
