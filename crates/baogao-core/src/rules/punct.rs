//! What the punctuation rules share: which characters are Chinese text, the
//! places where punctuation is not prose (URLs, e-mail addresses, heading
//! markers, Markdown code), and the units a house style is measured over.
//!
//! Not a rule itself: the `punct-*`, `heading-punct` and `space-cjk` rules use it.

use std::ops::Range;

use super::RuleContext;

/// A Han character (CJK unified ideographs, extensions A–G, compatibility).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Full-width Chinese punctuation (and the quotes and dashes Chinese text uses).
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '…'
            | '—'
            | '·'
            | '～'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Han or full-width punctuation: text that is Chinese prose.
pub(crate) fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Sorted, disjoint byte ranges where punctuation is not prose.
#[derive(Debug, Default)]
pub(crate) struct Exempt {
    ranges: Vec<Range<usize>>,
}

impl Exempt {
    pub(crate) fn build(ctx: &RuleContext) -> Exempt {
        let text = ctx.text;
        let mut ranges = Vec::new();
        urls(text, &shared_scan(ctx).marks, &mut ranges);
        emails(text, &mut ranges);
        // Anti-scraping filler is `residue`'s finding, not marks to check.
        ranges.extend(ctx.jammers().iter().cloned());
        ctx.outline.walk(|n| {
            if let Some(m) = n.marker() {
                ranges.push(m.range.clone());
            }
        });
        for e in &ctx.outline.enumerations {
            ranges.push(e.marker.range.clone());
        }
        // A blank `【 】` or `（ ）` is the placeholder rule's finding, not
        // a spacing or pairing one.
        for p in ctx.placeholders {
            ranges.push(p.range.clone());
        }
        if ctx.config.kind == crate::DocumentKind::Markdown {
            match ctx.markdown {
                Some(md) => ranges.extend(md.skip.iter().cloned()),
                None => ranges.extend(crate::markdown::parse(text).skip),
            }
            table_rows(text, &mut ranges);
        }
        // Ranges of equal key are equal: an unstable sort merges the same.
        ranges.sort_unstable_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Exempt { ranges: merged }
    }

    /// Whether the byte at `at` lies in an exempt range.
    pub(crate) fn contains(&self, at: usize) -> bool {
        let i = self.ranges.partition_point(|r| r.end <= at);
        self.ranges.get(i).is_some_and(|r| r.start <= at)
    }

    /// [`Exempt::contains`] for positions asked in increasing order: one
    /// pass over the ranges, not a search of them for each position.
    pub(crate) fn walk(&self) -> ExemptWalk<'_> {
        ExemptWalk {
            ranges: &self.ranges,
            next: 0,
        }
    }

    /// Whether any byte of `range` lies in an exempt range.
    pub(crate) fn overlaps(&self, range: &Range<usize>) -> bool {
        let i = self.ranges.partition_point(|r| r.end <= range.start);
        self.ranges.get(i).is_some_and(|r| r.start < range.end)
    }
}

/// See [`Exempt::walk`].
pub(crate) struct ExemptWalk<'a> {
    ranges: &'a [Range<usize>],
    /// The first range that does not end at or before the last position asked.
    next: usize,
}

impl ExemptWalk<'_> {
    /// Whether the byte at `at` lies in an exempt range; `at` is at or
    /// after the position of the call before.
    pub(crate) fn contains(&mut self, at: usize) -> bool {
        while self.ranges.get(self.next).is_some_and(|r| r.end <= at) {
            self.next += 1;
        }
        self.ranges.get(self.next).is_some_and(|r| r.start <= at)
    }
}

fn is_url_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&c)
}

/// `http://…`, `https://…`, `www.…` up to the first character a URL cannot
/// hold. Each has a `:` or `.` at a fixed offset, so the marks of the shared
/// scan find them all without a search of the text for each.
fn urls(text: &str, marks: &[Mark], out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    for m in marks.iter().filter(|m| matches!(m.c, ':' | '.')) {
        let before = &bytes[..m.at];
        let start = match m.c {
            ':' if bytes[m.at..].starts_with(b"://") => {
                if before.ends_with(b"https") {
                    m.at - 5
                } else if before.ends_with(b"http") {
                    m.at - 4
                } else {
                    continue;
                }
            }
            '.' if before.ends_with(b"www") => m.at - 3,
            _ => continue,
        };
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|&&b| is_url_char(b))
                .count();
        out.push(start..end);
    }
}

/// `name@host.domain`: ASCII on both sides of an `@`.
fn emails(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    for at in memchr::memchr_iter(b'@', bytes) {
        let start = at - bytes[..at].iter().rev().take_while(|&&b| local(b)).count();
        let end = at
            + 1
            + bytes[at + 1..]
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                .count();
        if start < at && end > at + 1 {
            out.push(start..end);
        }
    }
}

/// The rows of Markdown tables: their cells are aligned by hand.
fn table_rows(text: &str, out: &mut Vec<Range<usize>>) {
    let mut offset = 0;
    for line in crate::text::split_lines_inclusive(text) {
        if line.trim_start().starts_with('|') {
            out.push(offset..offset + line.len());
        }
        offset += line.len();
    }
}

/// One punctuation or space character of the text, found by [`scan_marks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub at: usize,
    pub c: char,
}

impl Mark {
    pub(crate) fn end(self) -> usize {
        self.at + self.c.len_utf8()
    }
}

const ASCII_MARKS: &[u8] = b",;:!?()\"'.- \t";

/// `ASCII_MARKS` as a table, one lookup per byte.
const IS_ASCII_MARK: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < ASCII_MARKS.len() {
        t[ASCII_MARKS[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether the punctuation rules look at `c`.
fn is_mark(c: char) -> bool {
    (c.is_ascii() && ASCII_MARKS.contains(&(c as u8)))
        || is_cjk_punct(c)
        || matches!(
            c,
            '，' | '；' | '：' | '！' | '？' | '（' | '）' | '\u{a0}' | '\u{2002}' | '\u{3000}'
        )
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that can start a mark: an ASCII byte,
/// or the lead byte C2, E2, E3 or EF of every non-ASCII mark.
///
/// Two comparisons find the lead bytes: `w | 21 == E3` holds for C2, C3, E2
/// and E3, and `w == EF` for EF. Each is a zero-byte test of their
/// difference, `(d - 1) & !d`, which also flags a byte of 01 when the
/// borrow of a zero byte below reaches it: the first difference has its
/// low bit clear, so never 01, and the second is 01 only for EE. So the
/// flagged bytes are those, plus some C3 and EE: all ASCII or lead bytes
/// (a continuation byte is never flagged), so each flagged byte starts a
/// character, which [`scan_word`] decodes and checks.
fn mark_starts(w: u64) -> u64 {
    let lead_c2_e3 = (w | (LO * 0x21)) ^ (LO * 0xE3);
    let lead_ef = w ^ (LO * 0xEF);
    HI & (!w | (lead_c2_e3.wrapping_sub(LO) & !lead_c2_e3) | (lead_ef.wrapping_sub(LO) & !lead_ef))
}

/// Every punctuation and space character, in order, in one pass over the
/// bytes. Eight bytes are tested at a time for what can start a mark, so
/// Han text (lead bytes E4–E9 and continuation bytes) is skipped without
/// decoding; the punctuation rules together cost one scan, not one each.
pub(crate) fn scan_marks(text: &str) -> Vec<Mark> {
    scan(text).marks
}

/// What [`scan`] finds: the marks, the runs of ASCII digits, and the line
/// breaks.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub marks: Vec<Mark>,
    pub digits: Vec<Range<usize>>,
    /// The byte offset of every `\n`, in order: the rules that walk lines
    /// take them from here instead of searching each line for its end.
    pub newlines: Vec<usize>,
}

/// The marks (see [`scan_marks`]), every maximal run of ASCII digits and
/// every line break, from the same candidate bytes.
pub(crate) fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let mut out = Scan {
        marks: Vec::with_capacity(b.len() / 16),
        digits: Vec::new(),
        newlines: Vec::new(),
    };
    let whole = b.len() - b.len() % 8;
    let mut base = 0;
    while base < whole {
        let word = u64::from_le_bytes(b[base..base + 8].try_into().expect("eight bytes"));
        let starts = mark_starts(word);
        if starts != 0 {
            scan_word(b, base, starts, &mut out);
        }
        base += 8;
    }
    // The last bytes, padded with continuation bytes (never a candidate).
    let mut last = [0x80u8; 8];
    last[..b.len() - whole].copy_from_slice(&b[whole..]);
    scan_word(b, whole, mark_starts(u64::from_le_bytes(last)), &mut out);
    out
}

/// Looks at each candidate byte of the word at `base`; `starts` has the
/// high bit of each set. A character that runs past the word's end is read
/// whole: its continuation bytes are never candidates of the next word.
/// Inlined: a call per eight bytes costs more than the test of most words.
#[inline(always)]
fn scan_word(b: &[u8], base: usize, mut starts: u64, out: &mut Scan) {
    while starts != 0 {
        let at = base + (starts.trailing_zeros() / 8) as usize;
        starts &= starts - 1;
        let x = b[at];
        if x < 0x80 {
            if x.is_ascii_digit() {
                match out.digits.last_mut() {
                    Some(run) if run.end == at => run.end = at + 1,
                    _ => out.digits.push(at..at + 1),
                }
            } else if IS_ASCII_MARK[usize::from(x)] {
                out.marks.push(Mark {
                    at,
                    c: char::from(x),
                });
            } else if x == b'\n' {
                out.newlines.push(at);
            }
            continue;
        }
        let c = if x < 0xE0 {
            (u32::from(x & 0x1F) << 6) | u32::from(b[at + 1] & 0x3F)
        } else {
            (u32::from(x & 0x0F) << 12)
                | (u32::from(b[at + 1] & 0x3F) << 6)
                | u32::from(b[at + 2] & 0x3F)
        };
        if let Some(c) = char::from_u32(c).filter(|&c| is_mark(c)) {
            out.marks.push(Mark { at, c });
        }
    }
}

/// The units a house style is measured over: each report, and the text
/// before the first one. Chunked analysis cuts at report starts, so a unit
/// never spans two chunks.
pub(crate) fn style_units(ctx: &RuleContext) -> Vec<Range<usize>> {
    let reports = &ctx.outline.reports;
    let mut units = Vec::with_capacity(reports.len() + 1);
    let first = reports.first().map_or(ctx.text.len(), |r| r.range.start);
    if first > 0 {
        units.push(0..first);
    }
    for (i, r) in reports.iter().enumerate() {
        let end = reports.get(i + 1).map_or(ctx.text.len(), |n| n.range.start);
        units.push(r.range.start..end.max(r.range.start));
    }
    if units.is_empty() {
        units.push(0..ctx.text.len());
    }
    units
}

/// The lines of `range` as byte ranges without their line break.
pub(crate) fn lines(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = range.start;
    crate::text::split_lines_inclusive(&text[range]).scan(base, |at, line| {
        let start = *at;
        *at += line.len();
        let body = line.trim_end_matches(['\n', '\r']).len();
        Some(start..start + body)
    })
}

/// The shared scan of the text (see [`scan`]), made once per analysis.
pub(crate) fn shared_scan<'a>(ctx: &'a RuleContext) -> &'a Scan {
    ctx.scan.get_or_init(|| scan(ctx.text))
}

/// The lines of the whole text as byte ranges without their line break:
/// what [`lines`] gives for `0..text.len()`, from the line breaks `newlines`
/// (a [`Scan`]'s) instead of a search for each line's end.
pub(crate) fn lines_at<'a>(
    text: &'a str,
    newlines: &'a [usize],
) -> impl Iterator<Item = Range<usize>> + 'a {
    let bytes = text.as_bytes();
    let last_start = newlines.last().map_or(0, |&nl| nl + 1);
    let unterminated = (last_start < text.len()).then_some(text.len());
    let mut start = 0;
    newlines
        .iter()
        .copied()
        .chain(unterminated)
        .map(move |end| {
            let line_start = start;
            start = end + 1;
            let mut body_end = end;
            while body_end > line_start && matches!(bytes[body_end - 1], b'\r' | b'\n') {
                body_end -= 1;
            }
            line_start..body_end
        })
}

/// Paired marks: what a paragraph's pairs say when walked with a stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PairFinding {
    /// A balanced pair inside a pair of the same kind (`““一网通办”平台”`):
    /// the inner one should be `‘’` or `〈〉`.
    Nested {
        open: usize,
        close: usize,
        kind: PairKind,
    },
    /// One mark of the wrong direction (`“脏、乱、差“`): turning it makes the
    /// paragraph balance.
    Flipped {
        at: usize,
        written: char,
        meant: char,
    },
    /// A mark without its partner in the paragraph.
    Unmatched { at: usize, c: char },
    /// ASCII `"` or `'` used as Chinese quotes; `close` is the closing one
    /// when they pair up.
    Ascii {
        at: usize,
        c: char,
        close: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairKind {
    Double,
    Single,
    Book,
    Paren,
    Tortoise,
    Lenticular,
}

impl PairKind {
    fn of(c: char) -> Option<(PairKind, bool)> {
        Some(match c {
            '“' => (PairKind::Double, true),
            '”' => (PairKind::Double, false),
            '‘' => (PairKind::Single, true),
            '’' => (PairKind::Single, false),
            '《' => (PairKind::Book, true),
            '》' => (PairKind::Book, false),
            '（' | '(' => (PairKind::Paren, true),
            '）' | ')' => (PairKind::Paren, false),
            '〔' => (PairKind::Tortoise, true),
            '〕' => (PairKind::Tortoise, false),
            '【' => (PairKind::Lenticular, true),
            '】' => (PairKind::Lenticular, false),
            _ => return None,
        })
    }

    /// The marks of this kind, opening and closing.
    pub(crate) fn chars(self) -> (char, char) {
        match self {
            PairKind::Double => ('“', '”'),
            PairKind::Single => ('‘', '’'),
            PairKind::Book => ('《', '》'),
            PairKind::Paren => ('（', '）'),
            PairKind::Tortoise => ('〔', '〕'),
            PairKind::Lenticular => ('【', '】'),
        }
    }

    /// What a pair of this kind becomes when nested in one of its own kind.
    pub(crate) fn inner(self) -> Option<(char, char)> {
        match self {
            PairKind::Double => Some(('‘', '’')),
            PairKind::Book => Some(('〈', '〉')),
            _ => None,
        }
    }
}

const KINDS: [PairKind; 6] = [
    PairKind::Double,
    PairKind::Single,
    PairKind::Book,
    PairKind::Paren,
    PairKind::Tortoise,
    PairKind::Lenticular,
];

/// A `)` that ends a list number (`1)`, `a)`, `一）`, `①)`) or an emoticon
/// (`:)`), not a bracket pair.
fn is_list_close(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let mut chars = before.char_indices().rev();
    let Some((_, c)) = chars.next() else {
        return false;
    };
    if matches!(c, ':' | ';' | '^' | '-') {
        return true;
    }
    let numeral = |c: char| {
        c.is_ascii_alphanumeric() || crate::heading::is_one_to_ten(c) || ('①'..='⑳').contains(&c)
    };
    if !numeral(c) {
        return false;
    }
    // At most two more numeral characters, then a line start, a space or punctuation.
    for _ in 0..3 {
        match chars.next() {
            None => return true,
            Some((_, l)) if numeral(l) => continue,
            Some((_, l)) => return l.is_whitespace() || is_cjk_punct(l) || ":;.,".contains(l),
        }
    }
    false
}

/// Walks each paragraph's paired marks. A paragraph is a line of plain text,
/// or a run of non-blank lines of Markdown. A quotation that runs over
/// several paragraphs (each reopening with `“`, GB/T 15834-2011 4.1.3.4) and a
/// paragraph split by a page break (its closing mark on the next one) are not
/// findings.
pub(crate) fn pairs(ctx: &RuleContext) -> Vec<PairFinding> {
    let text = ctx.text;
    let mut exempt = ctx.exempt().walk();
    let scanned = shared_scan(ctx);
    let marks = &scanned.marks[..];
    let markdown = ctx.config.kind == crate::DocumentKind::Markdown;
    // Paragraph ranges.
    let mut paras: Vec<Range<usize>> = Vec::new();
    for line in lines_at(text, &scanned.newlines) {
        let blank = text[line.clone()].trim_start().is_empty();
        match paras.last_mut() {
            Some(p)
                if markdown
                    && !blank
                    && p.end + 1 >= line.start
                    && !text[p.clone()].trim().is_empty() =>
            {
                p.end = line.end;
            }
            _ if blank => {}
            _ => paras.push(line),
        }
    }
    let mut out = Vec::new();
    let mut from = 0;
    // Per kind: the unclosed opens of the previous paragraph, which a page
    // break may have cut from their closing marks.
    let mut carried: Vec<Vec<(usize, char)>> = vec![Vec::new(); KINDS.len()];
    // Reused per paragraph: each kind's marks, and the ASCII quotes.
    let mut events: Vec<Vec<(usize, char, bool)>> = vec![Vec::new(); KINDS.len()];
    let mut quotes: Vec<Mark> = Vec::new();
    for (pi, para) in paras.iter().enumerate() {
        // The paragraph's marks: a step past each mark, not a search per
        // paragraph (most paragraphs are a line with a few marks).
        while marks.get(from).is_some_and(|m| m.at < para.start) {
            from += 1;
        }
        let first = from;
        while marks.get(from).is_some_and(|m| m.at < para.end) {
            from += 1;
        }
        events.iter_mut().for_each(Vec::clear);
        quotes.clear();
        let mut any = false;
        for m in &marks[first..from] {
            if m.c == '"' || m.c == '\'' {
                if !exempt.contains(m.at) {
                    quotes.push(*m);
                }
                continue;
            }
            let Some((kind, open)) = PairKind::of(m.c) else {
                continue;
            };
            if exempt.contains(m.at)
                || !open && kind == PairKind::Paren && is_list_close(text, m.at)
            {
                continue;
            }
            let ki = KINDS.iter().position(|&k| k == kind).unwrap_or(0);
            events[ki].push((m.at, m.c, open));
            any = true;
        }
        if any || carried.iter().any(|c| !c.is_empty()) {
            let next = paras.get(pi + 1).map(|n| text[n.clone()].trim_start());
            // A page break cuts a sentence: the paragraph does not end a sentence.
            let cut = !text[para.clone()].trim_end().ends_with([
                '。', '！', '？', '；', '”', '…', '.', ';', '!', '?', '：', ':',
            ]);
            for (ki, &kind) in KINDS.iter().enumerate() {
                let carry_in = std::mem::take(&mut carried[ki]);
                let closed = walk_pairs(
                    kind,
                    &events[ki],
                    !carry_in.is_empty(),
                    next,
                    cut,
                    &mut carried[ki],
                    &mut out,
                );
                if !closed {
                    out.extend(
                        carry_in
                            .into_iter()
                            .map(|(at, c)| PairFinding::Unmatched { at, c }),
                    );
                }
            }
        }
        if !quotes.is_empty() {
            ascii_quotes(text, &quotes, &mut out);
        }
    }
    for (at, c) in carried.into_iter().flatten() {
        out.push(PairFinding::Unmatched { at, c });
    }
    out.sort_by_key(|f| match f {
        PairFinding::Nested { open, .. } => *open,
        PairFinding::Flipped { at, .. }
        | PairFinding::Unmatched { at, .. }
        | PairFinding::Ascii { at, .. } => *at,
    });
    out
}

/// Walks one paragraph's marks of one kind. `continues`: the paragraph
/// before left marks open across a page break. Returns whether this
/// paragraph's extra closing marks closed them.
fn walk_pairs(
    kind: PairKind,
    events: &[(usize, char, bool)],
    continues: bool,
    next: Option<&str>,
    cut: bool,
    carry: &mut Vec<(usize, char)>,
    out: &mut Vec<PairFinding>,
) -> bool {
    if events.is_empty() {
        return false;
    }
    let balanced = |flip: Option<usize>| {
        let mut depth: i32 = 0;
        let mut max = 0;
        for (i, e) in events.iter().enumerate() {
            let open = e.2 != (flip == Some(i));
            depth += if open { 1 } else { -1 };
            if depth < 0 {
                return None;
            }
            max = max.max(depth);
        }
        (depth == 0).then_some(max)
    };
    if balanced(None).is_some() {
        if kind.inner().is_some() {
            let mut stack: Vec<usize> = Vec::new();
            for &(at, _, open) in events {
                if open {
                    stack.push(at);
                } else if let Some(o) = stack.pop() {
                    if !stack.is_empty() {
                        out.push(PairFinding::Nested {
                            open: o,
                            close: at,
                            kind,
                        });
                    }
                }
            }
        }
        return false;
    }
    let (open_c, _) = kind.chars();
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut extra: Vec<(usize, char)> = Vec::new();
    for &(at, c, open) in events {
        if open {
            stack.push((at, c));
        } else if stack.pop().is_none() {
            extra.push((at, c));
        }
    }
    // The paragraph before ended inside a pair: these closing marks are its.
    let closed = continues && !extra.is_empty();
    if closed {
        extra.clear();
    }
    // One mark typed the wrong way round, for the marks whose two directions
    // differ: turning it balances the paragraph.
    if !closed && matches!(kind, PairKind::Double | PairKind::Single | PairKind::Book) {
        let candidates: Vec<usize> = (0..events.len())
            .filter(|&i| balanced(Some(i)) == Some(1))
            .collect();
        if let [i] = candidates[..] {
            let (at, written, open) = events[i];
            let (o, c) = kind.chars();
            let meant = if open { c } else { o };
            out.push(PairFinding::Flipped { at, written, meant });
            return false;
        }
    }
    for (at, c) in extra {
        out.push(PairFinding::Unmatched { at, c });
    }
    if !stack.is_empty() {
        let reopens = kind == PairKind::Double && next.is_some_and(|n| n.starts_with('“'));
        let split = cut && next.is_some_and(|n| !n.starts_with(open_c));
        if reopens {
            // A quotation over paragraphs: the next one reopens it.
        } else if split {
            *carry = stack;
        } else {
            out.extend(
                stack
                    .into_iter()
                    .map(|(at, c)| PairFinding::Unmatched { at, c }),
            );
        }
    }
    closed
}

fn ascii_quotes(text: &str, marks: &[Mark], out: &mut Vec<PairFinding>) {
    for q in ['"', '\''] {
        let quotes: Vec<usize> = marks.iter().filter(|m| m.c == q).map(|m| m.at).collect();
        if quotes.is_empty() {
            continue;
        }
        let chinese = |at: usize| {
            char_before(text, at).is_some_and(is_chinese)
                || char_at(text, at + 1).is_some_and(is_chinese)
        };
        if quotes.len().is_multiple_of(2) {
            for pair in quotes.chunks(2) {
                let inner = &text[pair[0] + 1..pair[1]];
                if inner.chars().any(is_han) && (chinese(pair[0]) || chinese(pair[1])) {
                    out.push(PairFinding::Ascii {
                        at: pair[0],
                        c: q,
                        close: Some(pair[1]),
                    });
                }
            }
        } else {
            for &at in &quotes {
                if chinese(at) {
                    out.push(PairFinding::Ascii {
                        at,
                        c: q,
                        close: None,
                    });
                }
            }
        }
    }
}

/// The character before byte `at`, if any.
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character at byte `at`, if any.
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config, DocumentKind};

    fn exempt(text: &str, kind: DocumentKind) -> Exempt {
        let config = Config::for_kind(kind);
        let a = analyze(text, &config);
        let ctx = RuleContext::new(&config, text, &a.outline, &a.placeholders);
        Exempt::build(&ctx)
    }

    #[test]
    fn the_scan_finds_the_marks_and_digits_a_char_by_char_walk_finds() {
        // Every kind of byte sequence next to every other, at every offset
        // of the eight-byte stride: ASCII runs, Han, astral characters,
        // two-byte Latin, NBSP, and the marks of every lead byte.
        let pieces = [
            "，", "。", "a1", "2023", " ", "推进", "𠀀", "é", "\u{a0}", "·", "“", "”", "…", "—",
            "、", "（", ")", "\u{3000}", "～", "★", "\n", "12:30", "《", "〉", "😀",
        ];
        let mut seed = 7u32;
        for len in 0..200 {
            let mut text = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let (slow, digits, newlines) = scan_by_chars(&text);
            let found = scan(&text);
            assert_eq!(found.marks, slow, "{text:?}");
            assert_eq!(found.digits, digits, "{text:?}");
            assert_eq!(found.newlines, newlines, "{text:?}");
        }
    }

    /// What [`scan`] finds, found one character at a time.
    fn scan_by_chars(text: &str) -> (Vec<Mark>, Vec<Range<usize>>, Vec<usize>) {
        let marks = text
            .char_indices()
            .filter(|&(_, c)| is_mark(c))
            .map(|(at, c)| Mark { at, c })
            .collect();
        let mut digits: Vec<Range<usize>> = Vec::new();
        for (at, _) in text.char_indices().filter(|(_, c)| c.is_ascii_digit()) {
            match digits.last_mut() {
                Some(r) if r.end == at => r.end = at + 1,
                _ => digits.push(at..at + 1),
            }
        }
        let newlines = text.match_indices('\n').map(|(at, _)| at).collect();
        (marks, digits, newlines)
    }

    proptest::proptest! {
        /// Characters of every UTF-8 length and of every lead byte the
        /// word test looks at (C2, C3, E2, E3, EF) or must pass over (the
        /// Han leads E4–E9, ED, F0), at every offset of the eight-byte word.
        #[test]
        fn the_scan_is_a_char_by_char_walk(
            text in "[a1 ,.:;!?()\"'\\-\t\r\n\u{a0}·éÿ\u{2002}\u{2003}—…“”‘’\u{3000}、。《》〈〉【】〔〕「」『』ぁ㐀推进改革\u{d7ff}\u{e000}\u{fb00}，；：！？（）～\u{ff61}\u{ffff}𠀀😀]{0,40}",
            any_text in proptest::prelude::any::<String>(),
        ) {
            for t in [&text, &any_text] {
                let found = scan(t);
                let (marks, digits, newlines) = scan_by_chars(t);
                proptest::prop_assert_eq!(&found.marks, &marks, "{:?}", t);
                proptest::prop_assert_eq!(&found.digits, &digits, "{:?}", t);
                proptest::prop_assert_eq!(&found.newlines, &newlines, "{:?}", t);
            }
        }
    }

    #[test]
    fn the_walk_of_exempt_ranges_is_contains() {
        let exempt = Exempt {
            ranges: vec![0..1, 3..5, 5..6, 9..12, 20..21],
        };
        let mut walk = exempt.walk();
        for at in [0, 0, 1, 2, 3, 4, 5, 5, 6, 8, 9, 11, 12, 19, 20, 21, 30] {
            assert_eq!(walk.contains(at), exempt.contains(at), "{at}");
        }
        let mut walk = exempt.walk();
        assert!(walk.contains(10) && !walk.contains(12) && walk.contains(20));
        assert!(!Exempt::default().walk().contains(0));
    }

    #[test]
    fn urls_from_the_marks_are_the_urls_a_search_finds() {
        for text in [
            "见https://a.gov.cn/x?a=1,2，和http://b.cn。",
            "www.a.cn/wwww.b.cn，httphttps://c.cn:80/、ahttp://d",
            "http:/不是，https:不是，ww.不是，www.",
            "https://http://www.x",
            "推进𠀀改革😀www.中文.cn\nhttp://\r\n",
            "",
        ] {
            let bytes = text.as_bytes();
            let mut want: Vec<Range<usize>> = Vec::new();
            for needle in ["http://", "https://", "www."] {
                for start in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
                    let len = bytes[start..]
                        .iter()
                        .take_while(|&&b| is_url_char(b))
                        .count();
                    want.push(start..start + len);
                }
            }
            let mut got = Vec::new();
            urls(text, &scan(text).marks, &mut got);
            want.sort_by_key(|r| (r.start, r.end));
            got.sort_by_key(|r| (r.start, r.end));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn lines_at_the_scanned_breaks_are_the_lines() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "\r\n\r",
            "一、总结\r\n推进𠀀改革😀，完成 xx。\n\n（一）甲乙\r\r\n末行\r",
            "末行无换行😀",
        ] {
            let want: Vec<Range<usize>> = lines(text, 0..text.len()).collect();
            let got: Vec<Range<usize>> = lines_at(text, &scan(text).newlines).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn urls_emails_markers_and_code_are_exempt() {
        let text = "一、网址https://a.gov.cn/x?a=1,2，邮箱ab.c@x.cn。\n";
        let e = exempt(text, DocumentKind::PlainText);
        assert!(e.contains(0), "the marker");
        let comma = text.find("1,2").unwrap() + 1;
        assert!(e.contains(comma), "inside the URL");
        assert!(!e.contains(text.find('，').unwrap()), "after the URL");
        assert!(e.contains(text.find('@').unwrap()));
        let md = "正文`a,b`，\n```\n甲,乙\n```\n见[链接](http://x,y)。\n";
        let e = exempt(md, DocumentKind::Markdown);
        assert!(e.contains(md.find("a,b").unwrap() + 1));
        assert!(e.contains(md.find("甲,乙").unwrap() + 3));
        assert!(!e.contains(md.find('，').unwrap()));
    }
}
