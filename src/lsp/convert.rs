//! The only place that converts between core byte offsets and LSP positions.
//!
//! Every conversion goes through a [`ropey::Rope`] and costs O(log n), so a
//! 10 MB single line is as cheap as a short one. Line breaks are those of
//! LSP (`\n`, `\r\n`, `\r`): ropey is built without `unicode_lines`.
//!
//! Inbound positions are forgiving, as the specification asks: a line past
//! the end of the text means the end of the text, a column past the end of a
//! line means the end of that line (before its line break), and a column that
//! falls inside a surrogate pair or a multi-byte character snaps back to the
//! start of that character. A range whose end comes before its start is the
//! one thing rejected.

use std::ops::Range;

use ropey::Rope;

use super::pipeline::cache::Snapshot;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// The unit `Position.character` is counted in, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks the first encoding the client lists that we support (the client
    /// orders them by preference); UTF-16 when it lists none we know.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(Encoding::from_kind)
            .unwrap_or_default()
    }

    fn from_kind(kind: &PositionEncodingKind) -> Option<Encoding> {
        match kind.as_str() {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    pub fn to_kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// Why a client range could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    Reversed { start: Position, end: Position },
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RangeError::Reversed { start, end } => write!(
                f,
                "范围的终点 {}:{} 在起点 {}:{} 之前",
                end.line, end.character, start.line, start.character
            ),
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Char index where the content of `line` ends, before its line break.
fn line_end_char(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_char(line);
    let mut end = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        rope.len_chars()
    };
    // At most "\r\n" has to be stripped.
    for _ in 0..2 {
        if end > start && matches!(rope.get_char(end - 1), Some('\n' | '\r')) {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

/// Char index of an LSP position, clamped and snapped as the module doc says.
fn char_of_position(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let end = line_end_char(rope, line);
    let column = pos.character as usize;
    match enc {
        Encoding::Utf32 => start.saturating_add(column).min(end),
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(start);
            let end_cu = rope.char_to_utf16_cu(end);
            // Inside a surrogate pair ropey returns the pair's char: a snap back.
            rope.utf16_cu_to_char(start_cu.saturating_add(column).min(end_cu))
        }
        Encoding::Utf8 => {
            let start_b = rope.char_to_byte(start);
            let end_b = rope.char_to_byte(end);
            // Inside a multi-byte char ropey returns that char: a snap back.
            rope.byte_to_char(start_b.saturating_add(column).min(end_b))
        }
    }
}

/// Byte offset of an LSP position (never fails; see the module doc).
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    rope.char_to_byte(char_of_position(rope, pos, enc))
}

/// Byte range of an LSP range; a reversed range is an error.
pub fn range_from_proto(
    rope: &Rope,
    range: tower_lsp_server::ls_types::Range,
    enc: Encoding,
) -> Result<Range<usize>, RangeError> {
    if (range.end.line, range.end.character) < (range.start.line, range.start.character) {
        return Err(RangeError::Reversed {
            start: range.start,
            end: range.end,
        });
    }
    let start = char_of_position(rope, range.start, enc);
    let end = char_of_position(rope, range.end, enc).max(start);
    Ok(rope.char_to_byte(start)..rope.char_to_byte(end))
}

/// LSP position of a byte offset. Offsets past the end clamp to it; an
/// offset inside a character snaps back to its first byte.
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let ch = rope.byte_to_char(offset);
    let line = rope.char_to_line(ch);
    let line_start = rope.line_to_char(line);
    let column = match enc {
        Encoding::Utf32 => ch - line_start,
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_start),
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(line_start),
    };
    Position::new(to_u32(line), to_u32(column))
}

/// LSP range of a byte range (see [`position`]).
/// The position of a byte offset through a snapshot's line index: the same
/// result as [`position`], without walking the rope, which makes converting
/// many diagnostics at once cheap. Far into a very long line (a 10 MB line),
/// counting from the line start would cost more than the rope's O(log n).
pub fn position_in(snapshot: &Snapshot, offset: usize, enc: Encoding) -> Position {
    let text = snapshot.text.as_str();
    let index = &snapshot.line_index;
    let offset = offset.min(text.len());
    if offset - index.line_start(index.line_of(offset)) > 4096 {
        return position(snapshot.rope(), offset, enc);
    }
    let core = match enc {
        Encoding::Utf8 => baogao_core::PositionEncoding::Utf8,
        Encoding::Utf16 => baogao_core::PositionEncoding::Utf16,
        Encoding::Utf32 => baogao_core::PositionEncoding::Utf32,
    };
    let (line, column) = index.position(text, offset, core);
    Position::new(to_u32(line), to_u32(column))
}

/// Converts many offsets of one snapshot at once: counting on from the
/// previous offset of the same line (see `baogao_core::Positions`), through
/// the rope far into a very long line, as [`position_in`] does.
pub struct Converter<'a> {
    snapshot: &'a Snapshot,
    enc: Encoding,
    positions: baogao_core::Positions<'a>,
}

impl<'a> Converter<'a> {
    pub fn new(snapshot: &'a Snapshot, enc: Encoding) -> Self {
        let core = match enc {
            Encoding::Utf8 => baogao_core::PositionEncoding::Utf8,
            Encoding::Utf16 => baogao_core::PositionEncoding::Utf16,
            Encoding::Utf32 => baogao_core::PositionEncoding::Utf32,
        };
        Converter {
            snapshot,
            enc,
            positions: baogao_core::Positions::new(&snapshot.line_index, &snapshot.text, core),
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.enc
    }

    pub fn position(&mut self, offset: usize) -> Position {
        if self.positions.costs_more_than(offset, 4096) {
            return position(self.snapshot.rope(), offset, self.enc);
        }
        let (line, column) = self.positions.position(offset);
        Position::new(to_u32(line), to_u32(column))
    }
}

/// [`range`] through a snapshot's line index.
pub fn range_in(
    snapshot: &Snapshot,
    range: Range<usize>,
    enc: Encoding,
) -> tower_lsp_server::ls_types::Range {
    let start = position_in(snapshot, range.start, enc);
    let end = position_in(snapshot, range.end.max(range.start), enc);
    tower_lsp_server::ls_types::Range::new(start, end)
}

pub fn range(rope: &Rope, range: Range<usize>, enc: Encoding) -> tower_lsp_server::ls_types::Range {
    let start = position(rope, range.start, enc);
    let end = position(rope, range.end.max(range.start), enc);
    tower_lsp_server::ls_types::Range::new(start, end)
}

/// One line's piece of a byte range: (line, start column, length), both
/// counted in `enc`. Semantic tokens, whose items may not span lines, are
/// split this way ([`PartPositions::line_segments`]); line breaks are not
/// part of any segment, and empty segments are left out.
pub type LineSegment = (u32, u32, u32);

/// Positions in one part of a snapshot's text: the whole text, or a chunk
/// of it that starts on a line start, with lines counted from the part's
/// first line and offsets relative to the part. A chunk's columns do not
/// depend on what comes before it, so views converted this way stay right
/// for as long as the chunk is unchanged, wherever it moves: a later version
/// only shifts their lines. Conversions go through the snapshot's line index
/// ([`position_in`]), never walking the rope for a short line.
#[derive(Clone, Copy)]
pub struct PartPositions<'a> {
    snapshot: &'a Snapshot,
    start: usize,
    first_line: u32,
}

/// The largest char boundary of `text` at or below `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl<'a> PartPositions<'a> {
    /// The whole text of `snapshot`.
    pub fn whole(snapshot: &'a Snapshot) -> PartPositions<'a> {
        PartPositions {
            snapshot,
            start: 0,
            first_line: 0,
        }
    }

    /// The chunk of `snapshot`'s text that starts at byte `start` (a line
    /// start, as every chunk cut is).
    pub fn chunk(snapshot: &'a Snapshot, start: usize) -> PartPositions<'a> {
        let start = start.min(snapshot.text.len());
        let line = snapshot.line_index.line_of(start);
        debug_assert_eq!(
            snapshot.line_index.line_start(line),
            start,
            "a chunk starts a line"
        );
        PartPositions {
            snapshot,
            start,
            first_line: to_u32(line),
        }
    }

    /// The line of the snapshot this part starts on.
    pub fn first_line(&self) -> u32 {
        self.first_line
    }

    fn relative(&self, p: Position) -> Position {
        Position::new(p.line.saturating_sub(self.first_line), p.character)
    }

    /// The position of a part-relative byte offset (see [`position`]).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        self.relative(position_in(self.snapshot, self.start + offset, enc))
    }

    /// The range of a part-relative byte range (see [`range`]).
    pub fn range(&self, r: Range<usize>, enc: Encoding) -> tower_lsp_server::ls_types::Range {
        let start = self.position(r.start, enc);
        let end = self.position(r.end.max(r.start), enc);
        tower_lsp_server::ls_types::Range::new(start, end)
    }

    /// The line of a part-relative byte offset (see [`line_of`]).
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = (self.start + offset).min(self.snapshot.text.len());
        to_u32(self.snapshot.line_index.line_of(offset)).saturating_sub(self.first_line)
    }

    /// The line of the last non-blank character in a part-relative range,
    /// or `None` when it holds only whitespace (see [`last_content_line`]).
    pub fn last_content_line(&self, r: Range<usize>) -> Option<u32> {
        let text = self.snapshot.text.as_str();
        let start = floor_boundary(text, self.start + r.start);
        let end = floor_boundary(text, self.start + r.end).max(start);
        let content = text[start..end].trim_end();
        // The last character's first byte is on its line.
        let last = content.char_indices().next_back()?.0;
        Some(to_u32(self.snapshot.line_index.line_of(start + last)).saturating_sub(self.first_line))
    }

    /// A part-relative byte range split per line (see [`line_segments`]).
    pub fn line_segments(&self, r: Range<usize>, enc: Encoding) -> Vec<LineSegment> {
        let text = self.snapshot.text.as_str();
        let index = &self.snapshot.line_index;
        let start = floor_boundary(text, self.start + r.start);
        let end = floor_boundary(text, self.start + r.end).max(start);
        let (first, last) = (index.line_of(start), index.line_of(end));
        let mut out = Vec::with_capacity(last - first + 1);
        for line in first..=last {
            let content = index.line_range(text, line);
            let (from, to) = (start.max(content.start), end.min(content.end));
            if to <= from {
                continue;
            }
            let a = position_in(self.snapshot, from, enc);
            let b = position_in(self.snapshot, to, enc);
            out.push((
                a.line.saturating_sub(self.first_line),
                a.character,
                b.character - a.character,
            ));
        }
        out
    }
}

/// Zero-based line of a byte offset (clamped to the text).
pub fn line_of(rope: &Rope, offset: usize) -> u32 {
    to_u32(rope.byte_to_line(offset.min(rope.len_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The rope-walking originals of `PartPositions::line_segments` and
    // `::last_content_line`, kept as their reference.

    /// Splits a byte range into one segment per line it touches, for protocols
    /// (semantic tokens) whose items may not span lines. Line breaks are not part
    /// of any segment; empty segments are left out.
    fn line_segments(rope: &Rope, range: Range<usize>, enc: Encoding) -> Vec<LineSegment> {
        let len = rope.len_bytes();
        let start = rope.byte_to_char(range.start.min(len));
        let end = rope.byte_to_char(range.end.min(len)).max(start);
        let first = rope.char_to_line(start);
        let last = rope.char_to_line(end);
        let mut out = Vec::with_capacity(last - first + 1);
        for line in first..=last {
            let from = start.max(rope.line_to_char(line));
            let to = end.min(line_end_char(rope, line));
            if to <= from {
                continue;
            }
            let a = position(rope, rope.char_to_byte(from), enc);
            let b = position(rope, rope.char_to_byte(to), enc);
            out.push((a.line, a.character, b.character - a.character));
        }
        out
    }

    /// Zero-based line of the last non-blank character in `range`, or `None`
    /// when the range holds only whitespace. Folding uses it to leave trailing
    /// blank lines outside a section's fold.
    fn last_content_line(rope: &Rope, range: Range<usize>) -> Option<u32> {
        let start = rope.byte_to_char(range.start.min(rope.len_bytes()));
        let mut ch = rope.byte_to_char(range.end.min(rope.len_bytes()));
        while ch > start {
            ch -= 1;
            if !rope.char(ch).is_whitespace() {
                return Some(to_u32(rope.char_to_line(ch)));
            }
        }
        None
    }

    const TEXT: &str = "一、总结\r\n𠀀😀ab\rxx\n\u{2028}末\u{85}尾";

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn lsp_line_breaks_only() {
        let rope = Rope::from_str(TEXT);
        assert_eq!(rope.len_lines(), 4);
        // U+2028 and U+0085 are not line breaks.
        let end = offset(&rope, pos(3, 99), Encoding::Utf32);
        assert_eq!(end, TEXT.len());
        assert_eq!(position(&rope, TEXT.len(), Encoding::Utf32), pos(3, 4));
    }

    #[test]
    fn columns_round_trip_in_every_encoding() {
        let rope = Rope::from_str(TEXT);
        let b = TEXT.find('b').unwrap();
        for (enc, col) in [
            (Encoding::Utf8, 9),
            (Encoding::Utf16, 5),
            (Encoding::Utf32, 3),
        ] {
            assert_eq!(position(&rope, b, enc), pos(1, col));
            assert_eq!(offset(&rope, pos(1, col), enc), b);
        }
        for (i, _) in TEXT.char_indices() {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let p = position(&rope, i, enc);
                let back = offset(&rope, p, enc);
                // Line breaks map to the end of their line's content.
                assert!(back == i || TEXT[back..i].chars().all(|c| c == '\r' || c == '\n'));
            }
        }
    }

    #[test]
    fn bad_positions_clamp_and_snap() {
        let rope = Rope::from_str(TEXT);
        let line1 = TEXT.find('𠀀').unwrap();
        // Inside the surrogate pair of 𠀀.
        assert_eq!(offset(&rope, pos(1, 1), Encoding::Utf16), line1);
        // Inside the UTF-8 bytes of 𠀀 and of 一.
        assert_eq!(offset(&rope, pos(1, 2), Encoding::Utf8), line1);
        assert_eq!(offset(&rope, pos(0, 1), Encoding::Utf8), 0);
        // Past the end of a line, and past the last line.
        assert_eq!(
            offset(&rope, pos(1, 99), Encoding::Utf16),
            TEXT.find("\rxx").unwrap()
        );
        assert_eq!(offset(&rope, pos(0, 99), Encoding::Utf8), "一、总结".len());
        assert_eq!(offset(&rope, pos(40, 0), Encoding::Utf16), TEXT.len());
        assert_eq!(
            offset(&rope, pos(u32::MAX, u32::MAX), Encoding::Utf8),
            TEXT.len()
        );
        // Offsets inside a character, and past the end.
        assert_eq!(position(&rope, 1, Encoding::Utf16), pos(0, 0));
        assert_eq!(position(&rope, 10_000, Encoding::Utf16), pos(3, 4));
    }

    #[test]
    fn reversed_ranges_are_rejected() {
        let rope = Rope::from_str(TEXT);
        let r = tower_lsp_server::ls_types::Range::new(pos(1, 2), pos(1, 1));
        assert!(range_from_proto(&rope, r, Encoding::Utf16).is_err());
        let r = tower_lsp_server::ls_types::Range::new(pos(1, 1), pos(1, 1));
        assert_eq!(
            range_from_proto(&rope, r, Encoding::Utf16),
            Ok(TEXT.find('𠀀').unwrap()..TEXT.find('𠀀').unwrap())
        );
    }

    #[test]
    fn negotiation_follows_client_order() {
        let kinds = [PositionEncodingKind::UTF32, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&kinds)), Encoding::Utf32);
        let kinds = [PositionEncodingKind::new("utf-7")];
        assert_eq!(Encoding::negotiate(Some(&kinds)), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn segments_split_at_line_breaks() {
        let text = "𠀀甲\r\n乙丙\n\n丁";
        let rope = Rope::from_str(text);
        let all = 0..text.len();
        assert_eq!(
            line_segments(&rope, all.clone(), Encoding::Utf16),
            vec![(0, 0, 3), (1, 0, 2), (3, 0, 1)]
        );
        assert_eq!(
            line_segments(&rope, all, Encoding::Utf8),
            vec![(0, 0, 7), (1, 0, 6), (3, 0, 3)]
        );
        let yi = text.find('乙').unwrap();
        assert_eq!(
            line_segments(&rope, 4..yi + 3, Encoding::Utf32),
            vec![(0, 1, 1), (1, 0, 1)]
        );
        assert!(line_segments(&rope, 0..0, Encoding::Utf8).is_empty());
    }

    #[test]
    fn trailing_blank_lines_are_not_content() {
        let text = "一、甲\n内容\n\n  \n二、乙";
        let rope = Rope::from_str(text);
        let end = text.find("二").unwrap();
        assert_eq!(last_content_line(&rope, 0..end), Some(1));
        assert_eq!(last_content_line(&rope, 7..7), None);
    }

    fn snapshot_of(text: &str) -> Snapshot {
        crate::lsp::pipeline::cache::analyze(
            crate::lsp::pipeline::cache::SnapshotInput {
                uri: "file:///t.txt".parse().unwrap(),
                version: 1,
                epoch: 1,
                rope: Rope::from_str(text),
                kind: baogao_core::DocumentKind::PlainText,
                base: None,
                draft: false,
                views: Default::default(),
            },
            baogao_core::Config::default(),
        )
    }

    /// The line-index conversions of a part equal the rope's, for the whole
    /// text and for every part starting on a line (lines shifted).
    #[test]
    fn part_positions_equal_the_ropes() {
        let text = "𠀀甲\r\n乙丙\n\n丁 \r \n  \n\r戊😀x\r\n\n己";
        let snapshot = snapshot_of(text);
        let rope = snapshot.rope();
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let line_starts: Vec<usize> = (0..rope.len_lines())
            .map(|l| rope.line_to_byte(l))
            .collect();
        for &start in &line_starts {
            let part = PartPositions::chunk(&snapshot, start);
            let line0 = line_of(rope, start);
            for &a in bounds.iter().filter(|&&a| a >= start) {
                assert_eq!(part.line_of(a - start), line_of(rope, a) - line0);
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let r = a - start..b - start;
                    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                        let want: Vec<LineSegment> = line_segments(rope, a..b, enc)
                            .into_iter()
                            .map(|(l, c, n)| (l - line0, c, n))
                            .collect();
                        assert_eq!(
                            part.line_segments(r.clone(), enc),
                            want,
                            "{a}..{b} from {start}"
                        );
                        let p = position(rope, b, enc);
                        assert_eq!(
                            part.position(b - start, enc),
                            Position::new(p.line - line0, p.character)
                        );
                    }
                    assert_eq!(
                        part.last_content_line(r),
                        last_content_line(rope, a..b).map(|l| l - line0),
                        "{a}..{b} from {start}"
                    );
                }
            }
        }
        assert_eq!(PartPositions::whole(&snapshot).first_line(), 0);
    }
}
