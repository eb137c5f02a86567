//! Text edits and fixes: the plain data every fix is made of.
//!
//! A leaf module: the heading grammar, the rules and fix-all all build
//! [`Edit`]s and [`Fix`]es, and none of them has to know the others for it.
//! Re-exported as `baogao_core::fix::{Edit, Fix, apply}`.

use std::ops::Range;

/// Replace `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    /// Whether two edits touch the same text: they share a byte, or they
    /// insert at the same place (the order of the two insertions would matter).
    pub fn overlaps(&self, other: &Edit) -> bool {
        let (a, b) = (&self.range, &other.range);
        (a.start < b.end && b.start < a.end)
            || (a.start == b.start && (a.is_empty() || b.is_empty()))
            || (a.is_empty() && b.start < a.start && a.start < b.end)
            || (b.is_empty() && a.start < b.start && b.start < a.end)
    }
}

/// A named set of edits, offered to the user as one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Chinese title shown in the editor's action list.
    pub title: String,
    pub edits: Vec<Edit>,
    /// Certain to be right, so fix-all (`source.fixAll.baogao`, `baogao check
    /// --fix`) may apply it without the user looking.
    pub safe: bool,
}

/// Applies non-overlapping edits to `text`. Overlapping or out-of-range edits
/// are skipped (the later of two overlapping edits loses), so the result is
/// always valid text.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at
            || e.range.start > e.range.end
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(r: Range<usize>) -> Edit {
        Edit {
            range: r,
            replacement: String::new(),
        }
    }

    #[test]
    fn overlap_counts_shared_bytes_and_insertions_at_one_place() {
        assert!(e(0..3).overlaps(&e(2..5)));
        assert!(!e(0..3).overlaps(&e(3..5)));
        assert!(e(3..3).overlaps(&e(3..3)));
        assert!(e(3..3).overlaps(&e(3..5)));
        assert!(e(4..4).overlaps(&e(3..5)));
        assert!(!e(5..5).overlaps(&e(3..5)));
    }

    #[test]
    fn apply_skips_bad_edits() {
        // A reversed range, as a buggy caller might build one.
        let mut bad = e(Range { start: 2, end: 1 });
        bad.replacement = "x".into();
        assert_eq!(apply("一二", &[e(1..2), bad, e(0..3)]), "二");
    }
}
