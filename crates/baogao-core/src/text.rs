//! Line index: converts byte offsets to (line, column) pairs and back.
//!
//! Line breaks are those of LSP: `\n`, `\r\n` and a lone `\r`. U+2028, U+0085
//! and form feeds are ordinary characters. Columns are counted in the chosen
//! [`PositionEncoding`]. Conversions never panic: offsets past the end clamp
//! to it, offsets inside a character snap back to its first byte, columns
//! past a line's end clamp to the end of the line.

/// The unit a column is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl PositionEncoding {
    fn width(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Utf32 => 1,
        }
    }
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` breaks once, after the `\n`.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            line_starts.push(i + 1);
        }
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// The index of a text made of pieces that each start on a line start,
    /// from the pieces' own indexes and where each starts: what
    /// [`LineIndex::new`] of the whole gives, without reading the text.
    pub fn join<'a>(
        parts: impl IntoIterator<Item = (usize, &'a LineIndex)>,
        len: usize,
    ) -> LineIndex {
        let mut line_starts = vec![0];
        for (at, part) in parts {
            // A piece's first line starts where the one before ended.
            let from = usize::from(line_starts.last() == Some(&at));
            line_starts.extend(part.line_starts[from..].iter().map(|s| s + at));
        }
        LineIndex { line_starts, len }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// Byte range of `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self
            .line_starts
            .get(line.min(self.line_starts.len() - 1) + 1)
            .copied()
            .unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        start..end
    }

    /// Zero-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// (line, column) of a byte offset, the column counted in `encoding`.
    pub fn position(
        &self,
        text: &str,
        offset: usize,
        encoding: PositionEncoding,
    ) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        // Every non-continuation byte starts a char, every 4-byte lead an
        // astral char that takes two UTF-16 units.
        (
            line,
            LineIndex::width(&text.as_bytes()[start..offset], encoding),
        )
    }

    /// The width in `encoding` of `bytes` (whole characters).
    fn width(bytes: &[u8], encoding: PositionEncoding) -> usize {
        // Counting bytes (not decoding chars) lets the compiler vectorise.
        let chars = || bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
        match encoding {
            PositionEncoding::Utf8 => bytes.len(),
            PositionEncoding::Utf16 => chars() + bytes.iter().filter(|&&b| b >= 0xF0).count(),
            PositionEncoding::Utf32 => chars(),
        }
    }

    /// Byte offset of (line, column). A line past the end gives the end of the
    /// text; a column past the line's end gives the end of the line; a column
    /// inside a character gives that character's start.
    pub fn offset(
        &self,
        text: &str,
        line: usize,
        column: usize,
        encoding: PositionEncoding,
    ) -> usize {
        if line >= self.line_starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            let w = encoding.width(c);
            if units + w > column {
                return range.start + i;
            }
            units += w;
        }
        range.end
    }
}

/// Converts many offsets of one text to positions, counting on from the
/// previous offset when the next lies after it on the same line. Findings
/// come sorted, and a paragraph of a report is one long line: converting
/// each from its line start would count the paragraph once per finding.
pub struct Positions<'a> {
    index: &'a LineIndex,
    text: &'a str,
    encoding: PositionEncoding,
    /// The last offset converted, its line and column.
    last: Option<(usize, usize, usize)>,
}

impl<'a> Positions<'a> {
    pub fn new(index: &'a LineIndex, text: &'a str, encoding: PositionEncoding) -> Self {
        Positions {
            index,
            text,
            encoding,
            last: None,
        }
    }

    /// (line, column) of `offset`, as [`LineIndex::position`] gives it.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if let Some((at, line, column)) = self.last {
            let next_line =
                (line + 1 < self.index.line_count()).then(|| self.index.line_start(line + 1));
            if offset >= at && next_line.is_none_or(|n| offset < n) {
                let column =
                    column + LineIndex::width(&self.text.as_bytes()[at..offset], self.encoding);
                self.last = Some((offset, line, column));
                return (line, column);
            }
        }
        let (line, column) = self.index.position(self.text, offset, self.encoding);
        self.last = Some((offset, line, column));
        (line, column)
    }

    /// Whether converting `offset` would count more than `limit` bytes.
    pub fn costs_more_than(&self, offset: usize, limit: usize) -> bool {
        let offset = offset.min(self.text.len());
        let from = match self.last {
            Some((at, line, _))
                if offset >= at
                    && (line + 1 >= self.index.line_count()
                        || offset < self.index.line_start(line + 1)) =>
            {
                at
            }
            _ => self.index.line_start(self.index.line_of(offset)),
        };
        offset - from > limit
    }
}

/// The largest char boundary at or below `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `text.split_inclusive('\n')`, found with the `memchr` crate: std's
/// `char` searcher is a word-at-a-time loop several times slower on a
/// whole text.
pub(crate) fn split_lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// How many characters of a token a message quotes.
pub const EXCERPT_CHARS: usize = 16;

/// The text a message quotes: `s` itself when it is short, else its first
/// [`EXCERPT_CHARS`] characters and `…`, so a line of thirty million `X`
/// does not make a thirty-megabyte message. Never cuts inside a character.
pub fn excerpt(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..cut])),
        None => std::borrow::Cow::Borrowed(s),
    }
}

/// Tokens a forum's anti-scraping filler (`q( T7 ]! z0 K% u`) is made
/// of, at the least, before it is taken for one: prose, code and lists of
/// initials have fewer, or no marks among them.
const JAMMER_TOKENS: usize = 6;

/// Where a forum's anti-scraping filler was copied along with the text:
/// runs of at least [`JAMMER_TOKENS`] tokens of one or two printable ASCII
/// characters, one space apart, with at least three different ASCII marks
/// and two tokens holding a letter or digit among them (`8 ]) w$ c1 H: j7
/// s( n`). A token starts the line, follows a space or a non-ASCII
/// character (`完成任务。3 q(`) and ends at a space or the line's end, so a
/// list marker glued to its text (`Y 1.总体情况`) is not one.
pub(crate) fn jammers(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Lines are read whole, once: each from the first space found in it.
    let mut read_to = 0;
    for space in memchr::memchr_iter(b' ', b) {
        if space < read_to {
            continue;
        }
        let start = memchr::memrchr(b'\n', &b[..space]).map_or(0, |i| i + 1);
        let end = memchr::memchr2(b'\n', b'\r', &b[space..]).map_or(b.len(), |i| space + i);
        jammers_in_line(b, start..end, &mut out);
        read_to = end;
    }
    out
}

/// [`jammers`] in the line `line` (without its line break).
fn jammers_in_line(b: &[u8], line: std::ops::Range<usize>, out: &mut Vec<std::ops::Range<usize>>) {
    let printable = |c: u8| (0x21..=0x7E).contains(&c);
    // The run being read: where it starts, its tokens, where it ends.
    let mut run: Option<(usize, usize, usize)> = None;
    let mut from = line.start;
    loop {
        let to = memchr::memchr(b' ', &b[from..line.end]).map_or(line.end, |i| from + i);
        let piece = &b[from..to];
        let token = (1..=2).contains(&piece.len()) && piece.iter().all(|&c| printable(c));
        match &mut run {
            Some((_, tokens, end)) if token => {
                *tokens += 1;
                *end = to;
            }
            _ => {
                jammer_found(b, run.take(), out);
                // A run starts with a whole token, or with the ASCII end of
                // a piece of text (`完成任务。3`).
                let tail = piece.iter().rev().take_while(|&&c| printable(c)).count();
                if token {
                    run = Some((from, 1, to));
                } else if (1..=2).contains(&tail)
                    && piece.len() > tail
                    && piece[piece.len() - tail - 1] >= 0x80
                {
                    run = Some((to - tail, 1, to));
                }
            }
        }
        if to >= line.end {
            break;
        }
        from = to + 1;
    }
    jammer_found(b, run, out);
}

/// Keeps the run `(start, tokens, end)` if it is filler, not prose.
fn jammer_found(
    b: &[u8],
    run: Option<(usize, usize, usize)>,
    out: &mut Vec<std::ops::Range<usize>>,
) {
    let Some((start, tokens, end)) = run else {
        return;
    };
    if tokens < JAMMER_TOKENS {
        return;
    }
    let body = &b[start..end];
    let mut marks = [false; 128];
    for &c in body.iter().filter(|c| c.is_ascii_punctuation()) {
        marks[usize::from(c)] = true;
    }
    let distinct = marks.iter().filter(|&&m| m).count();
    let with_alphanumeric = body
        .split(|&c| c == b' ')
        .filter(|t| t.iter().any(u8::is_ascii_alphanumeric))
        .count();
    if distinct >= 3 && with_alphanumeric >= 2 {
        out.push(start..end);
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::excerpt;

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(excerpt("XX县"), "XX县");
        assert_eq!(excerpt(""), "");
        let sixteen = "一二三四五六七八九十一二三四五六";
        assert_eq!(excerpt(sixteen), sixteen);
    }

    #[test]
    fn long_text_is_cut_after_sixteen_characters() {
        assert_eq!(
            excerpt("一二三四五六七八九十一二三四五六七"),
            "一二三四五六七八九十一二三四五六…"
        );
        // Astral characters (four bytes in UTF-8) are never split.
        let astral = "𠀀".repeat(20);
        assert_eq!(excerpt(&astral), format!("{}…", "𠀀".repeat(16)));
        let mixed = "a😀".repeat(10);
        assert_eq!(excerpt(&mixed), format!("{}…", "a😀".repeat(8)));
        let huge = "X".repeat(1_000_000);
        assert_eq!(excerpt(&huge).chars().count(), 17);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lines_inclusive_is_std_split_inclusive() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "一、总结\r\n推进𠀀改革😀，完成 xx。\n\n（一）甲乙\r\n末行",
            "\r\r\n\r",
            "末行无换行😀",
        ] {
            let got: Vec<&str> = split_lines_inclusive(text).collect();
            let want: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn positions_counted_on_equal_positions_from_line_starts() {
        let text = "一、总结\r\n推进𠀀改革😀，完成 xx。\n\n（一）甲乙\r\n末行";
        let index = LineIndex::new(text);
        for encoding in [
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ] {
            let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
            // In order, then shuffled back and forth.
            let mut order = offsets.clone();
            offsets.reverse();
            order.extend(offsets.iter().step_by(3));
            order.extend([5, 40, 6, 7, 0, text.len()]);
            let mut positions = Positions::new(&index, text, encoding);
            for o in order {
                assert_eq!(
                    positions.position(o),
                    index.position(text, o, encoding),
                    "{o} {encoding:?}"
                );
            }
        }
    }

    const TEXT: &str = "一、总结\r\n𠀀😀ab\rxx\n\u{2028}末";

    #[test]
    fn lines_break_on_lf_crlf_and_cr_only() {
        let idx = LineIndex::new(TEXT);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(&TEXT[idx.line_range(TEXT, 0)], "一、总结");
        assert_eq!(&TEXT[idx.line_range(TEXT, 1)], "𠀀😀ab");
        assert_eq!(&TEXT[idx.line_range(TEXT, 2)], "xx");
        assert_eq!(&TEXT[idx.line_range(TEXT, 3)], "\u{2028}末");
    }

    #[test]
    fn columns_in_each_encoding() {
        let idx = LineIndex::new(TEXT);
        let b = TEXT.find('b').unwrap();
        assert_eq!(idx.position(TEXT, b, PositionEncoding::Utf8), (1, 9));
        assert_eq!(idx.position(TEXT, b, PositionEncoding::Utf16), (1, 5));
        assert_eq!(idx.position(TEXT, b, PositionEncoding::Utf32), (1, 3));
        for enc in [
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ] {
            let (l, c) = idx.position(TEXT, b, enc);
            assert_eq!(idx.offset(TEXT, l, c, enc), b);
        }
    }

    #[test]
    fn bad_positions_clamp_and_snap() {
        let idx = LineIndex::new(TEXT);
        let line1 = idx.line_start(1);
        // Inside the surrogate pair of 𠀀: snaps to its start.
        assert_eq!(idx.offset(TEXT, 1, 1, PositionEncoding::Utf16), line1);
        // Past the end of the line: the end of the line, before "\r".
        assert_eq!(
            idx.offset(TEXT, 1, 99, PositionEncoding::Utf16),
            TEXT.find("\rxx").unwrap()
        );
        // Past the last line: end of text.
        assert_eq!(idx.offset(TEXT, 40, 0, PositionEncoding::Utf16), TEXT.len());
        // An offset inside a multi-byte character snaps back.
        assert_eq!(idx.position(TEXT, 1, PositionEncoding::Utf16), (0, 0));
        assert_eq!(idx.position(TEXT, 10_000, PositionEncoding::Utf32), (3, 2));
    }
}
