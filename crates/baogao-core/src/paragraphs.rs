//! Paragraphs and their fingerprints, for finding recycled text
//! (`dup-paragraph`, `rules/dup_paragraph.rs`).
//!
//! A paragraph is, in plain text, a non-blank line; in Markdown, a
//! paragraph, the text of a tight list item or a table cell as pulldown-cmark
//! gives it (code, HTML, headings and front matter are none). Left out:
//! headings the outline found standing on their own line (a run-in
//! heading's marker is cut off, its title and body stay), table-of-contents
//! entries, closing formulas (`以上报告…`, `特此报告`) and paragraphs under
//! [`MIN_CHARS`] characters, counted as 字数 ([`crate::count_chars`]).
//!
//! A paragraph is normalised to its letters, digits and Han characters
//! (punctuation and spaces dropped, full-width letters and digits folded to
//! ASCII, lower case), so a re-punctuated copy is an exact copy. It is kept
//! as numbers only: one 64-bit hash of the whole normalised text, and the
//! winnowed hashes of its [`GRAM`]-character grams (Schleimer, Wilkerson and
//! Aiken, 2003): of every [`WINDOW`] consecutive grams the smallest hash is
//! a print, so two paragraphs that share a run of [`GUARANTEE`] normalised
//! characters share a print. [`Index`] finds the paragraphs that share
//! prints by hashing, never by comparing every pair; [`compare`] decides on
//! the two texts whether they are twins.

use std::ops::Range;

use crate::markdown::Markdown;
use crate::{DocumentKind, NodeKind, Outline};

mod index;
pub use index::{replaced, Candidate, Index, LIVE_MAX};

/// Paragraphs shorter than this (in 字数) are never compared.
pub const MIN_CHARS: usize = 40;
/// Characters per gram.
pub const GRAM: usize = 6;
/// Grams per winnowing window.
pub const WINDOW: usize = 16;
/// A shared run of this many normalised characters always shares a print.
pub const GUARANTEE: usize = WINDOW + GRAM - 1;
/// A shared run of this many normalised characters makes two paragraphs twins.
pub const RUN: usize = 80;
/// Twins that share more than this share of the smaller one's grams (in
/// hundredths) are near twins even without a long run.
pub const SHARE_PERCENT: usize = 60;

/// A near twin by shared grams differs in words, not clauses: no run of
/// more than this many characters of the smaller paragraph is unshared.
pub const GAP_MAX: usize = 8;

/// One paragraph: where it is and its fingerprints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's bytes, a leading heading marker excluded.
    pub range: Range<usize>,
    /// Hash of the whole normalised text.
    pub whole: u64,
    /// Normalised characters (字数).
    pub chars: u32,
    /// Its prints in [`Paragraphs::prints`].
    pub prints: Range<u32>,
}

/// The paragraphs of one text, in order, with their prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraphs {
    pub list: Vec<Paragraph>,
    /// Winnowed gram hashes, paragraph after paragraph.
    pub prints: Vec<u32>,
}

impl Paragraphs {
    /// The prints of paragraph `i`.
    pub fn prints_of(&self, i: usize) -> &[u32] {
        let r = &self.list[i].prints;
        &self.prints[r.start as usize..r.end as usize]
    }

    /// Appends `other`, whose ranges are relative to `by`.
    pub fn extend_shifted(&mut self, other: &Paragraphs, by: usize) {
        let base = self.prints.len() as u32;
        self.prints.extend_from_slice(&other.prints);
        self.list.extend(other.list.iter().map(|p| Paragraph {
            range: p.range.start + by..p.range.end + by,
            prints: p.prints.start + base..p.prints.end + base,
            ..p.clone()
        }));
    }
}

/// The character a paragraph is compared by, or `None` for punctuation and
/// spaces. The common cases (ASCII, CJK ideographs, CJK and full-width
/// punctuation) avoid the Unicode tables.
#[inline]
fn fold(c: char) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase());
    }
    match u {
        0x4E00..=0x9FFF => Some(c),
        0x3000..=0x3004 | 0x3008..=0x3020 | 0x2000..=0x206F => None,
        0xFF01..=0xFF5E => {
            let a = char::from_u32(u - 0xFEE0)?;
            a.is_ascii_alphanumeric().then(|| a.to_ascii_lowercase())
        }
        _ => c.is_alphanumeric().then_some(c),
    }
}

/// The normalised characters of `s`, into `out` (cleared first).
pub fn normalise(s: &str, out: &mut Vec<char>) {
    out.clear();
    out.reserve(s.len() / 3);
    // The decoding of `for_each_folded`, which gives code points of chars.
    for_each_folded(s, |c| out.extend(char::from_u32(c)));
}

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

const BASE: u64 = 0x100_0000_01b3;
const WHOLE_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// `BASE` to the power `GRAM`, for removing the character leaving a gram.
const BASE_GRAM: u64 = {
    let mut p = 1u64;
    let mut i = 0;
    while i < GRAM {
        p = p.wrapping_mul(BASE);
        i += 1;
    }
    p
};

/// The hashes of every gram of `chars`, in order.
pub fn gram_hashes(chars: &[char], out: &mut Vec<u64>) {
    out.clear();
    let mut h = 0u64;
    for (i, &c) in chars.iter().enumerate() {
        h = h.wrapping_mul(BASE).wrapping_add(c as u64 + 1);
        if i >= GRAM {
            h = h.wrapping_sub((chars[i - GRAM] as u64 + 1).wrapping_mul(BASE_GRAM));
        }
        if i + 1 >= GRAM {
            out.push(mix(h));
        }
    }
}

/// [`fold`] of each ASCII byte as a code point, 0 for none (NUL is no
/// letter or digit).
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Calls `f` with each character of `s.chars().filter_map(fold)` as a code
/// point, decoding the UTF-8 itself: ASCII goes through a table and a
/// three-byte character (Han, CJK and full-width punctuation: nearly all of
/// a report) is put together from its bytes; only the rest goes through
/// `chars()`. Inlined into its caller, so `f` costs no call.
#[inline(always)]
fn for_each_folded(s: &str, mut f: impl FnMut(u32)) {
    let mut rest = s.as_bytes();
    loop {
        // Runs of Han characters, nearly all of a report, take this loop
        // alone. `c` is the code point if `lead` begins a three-byte
        // character (1110xxxx 10xxxxxx 10xxxxxx: subtracting the tag bits
        // once is masking them). No other character of valid UTF-8 gives a
        // number in the Han block: an ASCII or two-byte lead (0xxxxxxx,
        // 110xxxxx) one below 0x40 or wrapped around, whatever follows it,
        // a four-byte lead (11110xxx) one of 0x10000 or more. So the Han
        // test needs no test of the lead.
        while let [lead, b1, b2, ref tail @ ..] = *rest {
            let c = ((u32::from(lead) << 12) + (u32::from(b1) << 6) + u32::from(b2))
                .wrapping_sub((0xE0 << 12) + (0x80 << 6) + 0x80);
            if c.wrapping_sub(0x4E00) > 0x9FFF - 0x4E00 {
                break;
            }
            // Han U+4E00..U+9FFF folds to itself.
            rest = tail;
            f(c);
        }
        let [lead, ref after @ ..] = *rest else {
            return;
        };
        if lead < 0x80 {
            rest = after;
            let c = ASCII_FOLD[usize::from(lead)];
            // 0 is no normalised character (NUL is no letter or digit).
            if c != 0 {
                f(u32::from(c));
            }
            continue;
        }
        if let (0xE0..=0xEF, [b1, b2, ref tail @ ..]) = (lead, after) {
            rest = tail;
            let c =
                (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if let Some(c) = char::from_u32(c).and_then(fold) {
                f(u32::from(c));
            }
            continue;
        }
        let at = s.len() - rest.len();
        let c = s[at..].chars().next().unwrap_or_default();
        rest = &rest[c.len_utf8()..];
        if let Some(c) = fold(c) {
            f(u32::from(c));
        }
    }
}

/// [`fingerprint_with`] in one pass over the characters, keeping only the
/// last [`WINDOW`] grams: for paragraphs too long to buffer (a 30 MB line of
/// `X` would take 4 bytes per character twice). The same prints and hashes
/// (test `fingerprint_matches_the_reference`, where it is the reference).
fn fingerprint_streaming(s: &str, prints: &mut Vec<u32>) -> Option<(u64, u32)> {
    let mut whole = 0u64;
    let mut ring = [0u64; GRAM];
    let mut buf = [u32::MAX; WINDOW];
    let mut min_i = 0usize;
    let mut last: Option<u32> = None;
    let mut n = 0usize;
    let mut h = 0u64;
    let start = prints.len();
    let mut emit = |x: u32, prints: &mut Vec<u32>| {
        if last != Some(x) {
            prints.push(x);
            last = Some(x);
        }
    };
    for c in s.chars().filter_map(fold) {
        let v = c as u64 + 1;
        whole = whole.wrapping_mul(WHOLE_BASE).wrapping_add(v);
        h = h.wrapping_mul(BASE).wrapping_add(v);
        let slot = n % GRAM;
        if n >= GRAM {
            h = h.wrapping_sub(ring[slot].wrapping_mul(BASE_GRAM));
        }
        ring[slot] = v;
        n += 1;
        if n < GRAM {
            continue;
        }
        let g = n - GRAM;
        let hash = (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32;
        let r = g % WINDOW;
        buf[r] = hash;
        let moved = if g == 0 {
            min_i = r;
            true
        } else if min_i == r {
            // The minimum left the window: the newest of the smallest now.
            let mut m = r;
            for k in 1..WINDOW {
                let i = (r + WINDOW - k) % WINDOW;
                if buf[i] < buf[m] {
                    m = i;
                }
            }
            min_i = m;
            true
        } else if hash < buf[min_i] {
            min_i = r;
            true
        } else {
            false
        };
        if g + 1 >= WINDOW && (moved || g + 1 == WINDOW) {
            emit(buf[min_i], prints);
        }
    }
    if n < MIN_CHARS {
        prints.truncate(start);
        return None;
    }
    if n + 1 - GRAM < WINDOW {
        // Shorter than one window: its smallest gram is its print.
        emit(buf[min_i], prints);
    }
    Some((mix(whole ^ n as u64), n as u32))
}

/// Paragraphs longer than this (in bytes) are fingerprinted without buffers.
const BUFFERED_MAX: usize = 1 << 20;

/// `s.chars().filter_map(fold)` as code points, into `out` (cleared first).
#[cfg(test)]
fn fold_into(s: &str, out: &mut Vec<u32>) {
    out.clear();
    for_each_folded(s, |c| out.push(c));
}

/// Buffers [`fingerprint_with`] reuses from paragraph to paragraph. They
/// only grow: their old contents are overwritten, never cleared.
#[derive(Default)]
struct Fingerprinting {
    /// The paragraph's normalised characters.
    chars: Vec<u32>,
    /// The hash of each of its grams.
    grams: Vec<u32>,
}

/// Fingerprints one paragraph's text: appends its prints to `prints` and
/// returns (whole hash, characters), `None` when it is too short.
#[cfg(test)]
fn fingerprint(s: &str, prints: &mut Vec<u32>) -> Option<(u64, u32)> {
    fingerprint_with(s, prints, &mut Fingerprinting::default())
}

/// [`fingerprint`] with reused buffers: the whole hash and the rolling hash
/// of every [`GRAM`] characters (as in [`gram_hashes`], kept as the upper
/// half of a multiplicative hash), winnowed (see [`winnow`]).
fn fingerprint_with(s: &str, prints: &mut Vec<u32>, f: &mut Fingerprinting) -> Option<(u64, u32)> {
    // Every normalised character takes at least one byte.
    if s.len() < MIN_CHARS {
        return None;
    }
    if s.len() > BUFFERED_MAX {
        return fingerprint_streaming(s, prints);
    }
    // At most one normalised character per byte; grown once, not zeroed per
    // paragraph (every slot read below was written for this paragraph).
    if f.chars.len() < s.len() {
        f.chars.resize(s.len(), 0);
    }
    let mut n = 0;
    let slots = &mut f.chars[..s.len()];
    for_each_folded(s, |c| {
        slots[n] = c;
        n += 1;
    });
    if n < MIN_CHARS {
        return None;
    }
    let chars = &f.chars[..n];
    let gram = |h: u64| (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32;
    let (mut whole, mut h) = (0u64, 0u64);
    for &c in &chars[..GRAM] {
        let v = u64::from(c) + 1;
        whole = whole.wrapping_mul(WHOLE_BASE).wrapping_add(v);
        h = h.wrapping_mul(BASE).wrapping_add(v);
    }
    if f.grams.len() < n + 1 - GRAM {
        f.grams.resize(n + 1 - GRAM, 0);
    }
    let (first, grams) = f.grams[..n + 1 - GRAM]
        .split_first_mut()
        .expect("n >= GRAM");
    *first = gram(h);
    for ((out, &c), &gone) in grams.iter_mut().zip(&chars[GRAM..]).zip(chars) {
        let v = u64::from(c) + 1;
        whole = whole.wrapping_mul(WHOLE_BASE).wrapping_add(v);
        h = h
            .wrapping_mul(BASE)
            .wrapping_add(v)
            .wrapping_sub((u64::from(gone) + 1).wrapping_mul(BASE_GRAM));
        *out = gram(h);
    }
    winnow(&f.grams[..n + 1 - GRAM], prints);
    Some((mix(whole ^ n as u64), n as u32))
}

/// Appends the prints of the gram hashes `g`.
///
/// Of every [`WINDOW`] consecutive gram hashes the smallest (the newest of
/// equal smallest) is the window's minimum; it is kept until it leaves the
/// window (then the window is scanned again), and a print is taken whenever
/// the minimum moves, so every full window's minimum hash is a print. A
/// print equal to the one before is not repeated (a run of one character
/// gives one print).
fn winnow(g: &[u32], prints: &mut Vec<u32>) {
    // The first full window, or the whole paragraph if shorter.
    let Some((mut min, mut at)) = g[..g.len().min(WINDOW)].iter().enumerate().fold(
        None,
        |m: Option<(u32, usize)>, (k, &x)| match m {
            Some((y, _)) if y < x => m,
            _ => Some((x, k)),
        },
    ) else {
        return;
    };
    prints.push(min);
    // How many more grams the minimum stays in the window.
    let mut left = at + 1;
    for (i, &x) in g.iter().enumerate().skip(WINDOW) {
        if x < min {
            // Never a repeat: the last print is the old minimum.
            (min, left) = (x, WINDOW);
            prints.push(x);
            continue;
        }
        left -= 1;
        if left == 0 {
            // The minimum left the window: the newest of the smallest now.
            let window: &[u32; WINDOW] = g[i + 1 - WINDOW..=i].try_into().expect("WINDOW grams");
            let m = *window.iter().min().expect("WINDOW > 0");
            at = window.iter().rposition(|&y| y == m).expect("m is in it");
            if m != min {
                prints.push(m);
            }
            (min, left) = (m, at + 1);
        }
    }
}

/// Closing formulas, never recycled text even when long.
const CLOSINGS: &[&str] = &["以上", "特此", "专此", "此致", "妥否", "当否"];

/// Whether a paragraph is a closing formula (`以上报告，请审阅。`).
fn is_closing(s: &str) -> bool {
    CLOSINGS.iter().any(|c| s.starts_with(c)) && s.chars().count() < 2 * MIN_CHARS
}

/// Heading starts the outline found: (line start of the marker or title,
/// where the paragraph's text begins, where the heading's title ends,
/// whether the whole line is the heading).
fn heading_starts(outline: &Outline) -> Vec<(usize, usize, usize, bool)> {
    let mut out = Vec::new();
    outline.walk(|n| {
        let sel = n.selection();
        match &n.kind {
            NodeKind::Heading(m) => out.push((sel.start, m.range.end, n.label.end, false)),
            NodeKind::Title | NodeKind::Unnumbered => {
                out.push((sel.start, sel.start, n.label.end, true))
            }
        }
    });
    out.sort_by_key(|h| h.0);
    out
}

/// Splits `text` into its paragraphs and fingerprints them.
pub(crate) fn build(
    text: &str,
    kind: DocumentKind,
    outline: &Outline,
    md: Option<&Markdown>,
) -> Paragraphs {
    let headings = heading_starts(outline);
    let mut out = Paragraphs::default();
    let mut fingerprinting = Fingerprinting::default();
    let mut add = |start: usize, end: usize, item: bool| {
        let Some(raw) = text.get(start..end) else {
            return;
        };
        let lead = raw.len() - raw.trim_start().len();
        let mut start = start + lead;
        let end = start + raw.trim().len();
        if item {
            start += list_marker_len(&text[start..end]);
        }
        let trimmed = &text[start..end];
        if trimmed.is_empty()
            || crate::outline::is_toc_entry(trimmed)
            || is_closing(trimmed.trim_start_matches(['“', '"', '（', '(']))
        {
            return;
        }
        let i = headings.partition_point(|h| h.0 < start);
        if let Some(&(at, body, label_end, alone)) = headings.get(i) {
            if at == start {
                // A heading alone on its line (its title may be capped
                // short of the line's end): nothing after it but more
                // words without a stop.
                let rest = text.get(label_end.min(end)..end).unwrap_or("");
                if alone
                    || !rest.chars().any(|c| fold(c).is_some())
                    || !rest.contains(['。', '，', '；', '：', '！', '？', ',', ';', ':', '!', '?'])
                {
                    return;
                }
                start = body.clamp(start, end);
            }
        }
        let first = out.prints.len() as u32;
        if let Some((whole, chars)) =
            fingerprint_with(&text[start..end], &mut out.prints, &mut fingerprinting)
        {
            out.list.push(Paragraph {
                range: start..end,
                whole,
                chars,
                prints: first..out.prints.len() as u32,
            });
        }
    };
    match (kind, md) {
        (DocumentKind::Markdown, Some(md)) => {
            for b in &md.blocks {
                add(b.range.start, b.range.end, b.item);
            }
        }
        _ => {
            let mut at = 0;
            for line in crate::text::split_lines_inclusive(text) {
                add(at, at + line.len(), false);
                at += line.len();
            }
        }
    }
    out
}

/// Length of a Markdown list marker (`- `, `* `, `1. `, `2) `) at the start of `s`.
fn list_marker_len(s: &str) -> usize {
    let b = s.as_bytes();
    let n = match b.first() {
        Some(b'-' | b'*' | b'+') => 1,
        Some(c) if c.is_ascii_digit() => {
            let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
            match b.get(d) {
                Some(b'.' | b')') => d + 1,
                _ => return 0,
            }
        }
        _ => return 0,
    };
    let spaces = b[n..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    if spaces == 0 && n < b.len() {
        return 0;
    }
    n + spaces
}

/// How two paragraphs resemble each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same normalised text: a copy, perhaps re-punctuated.
    Exact,
    /// A shared run of [`RUN`] characters, or more than [`SHARE_PERCENT`]
    /// percent of the smaller paragraph's grams shared with no unshared
    /// run longer than [`GAP_MAX`] (a few words changed, no clause rewritten).
    Near,
}

/// Reusable buffers for [`compare`].
#[derive(Default)]
pub struct Scratch {
    a: Vec<char>,
    b: Vec<char>,
    ga: Vec<u64>,
    gb: Vec<u64>,
    /// The longer paragraph's grams by hash (see [`GramTable`]).
    long_grams: GramTable,
    /// The shorter paragraph's distinct grams.
    short_grams: GramTable,
    /// Per diagonal: the last gram of the shorter one matched on it, and the run's length.
    diagonals: Vec<(u32, u32)>,
}

/// Whether paragraph `a` of `a_text` and `b` of `b_text` are twins, decided
/// on the texts.
pub fn compare(
    a_text: &str,
    a: &Paragraph,
    b_text: &str,
    b: &Paragraph,
    s: &mut Scratch,
) -> Option<Likeness> {
    if a.whole == b.whole && a.chars == b.chars {
        return Some(Likeness::Exact);
    }
    // The answer depends only on the two normalised texts, which the whole
    // hashes and lengths name: an editor re-analysing after each keystroke
    // asks the same pairs again, and a comparison costs tens of thousands
    // of instructions. The memo is bounded and only ever gives the answer
    // the comparison itself would.
    // The answer does not depend on the order (see `compare_texts`).
    let key = if (a.whole, a.chars) <= (b.whole, b.chars) {
        (a.whole, a.chars, b.whole, b.chars)
    } else {
        (b.whole, b.chars, a.whole, a.chars)
    };
    if let Some(known) = memo().lock().ok().and_then(|m| m.get(&key).copied()) {
        return known;
    }
    let answer = compare_texts(a_text, a, b_text, b, s);
    if let Ok(mut m) = memo().lock() {
        if m.len() >= MEMO_MAX {
            m.clear();
        }
        m.insert(key, answer);
    }
    answer
}

type MemoKey = (u64, u32, u64, u32);

/// Comparisons remembered before the memo starts again (about 3 MB).
const MEMO_MAX: usize = 65_536;

fn memo() -> &'static std::sync::Mutex<std::collections::HashMap<MemoKey, Option<Likeness>>> {
    static MEMO: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<MemoKey, Option<Likeness>>>,
    > = std::sync::OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// Where the grams of one paragraph are, by hash: an open-addressing table
/// of the last gram with each hash, each gram linked to the one before
/// with the same hash. Built in one pass and asked in one probe, where the
/// sorted list it replaced cost a sort and a binary search per gram
/// (`check` of a 272 KB report spent 5.7 M instructions comparing twins).
#[derive(Default)]
struct GramTable {
    /// A gram's position, or `NONE`.
    slots: Vec<u32>,
    /// Per gram: the previous gram with the same hash, or `NONE`.
    before: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl GramTable {
    /// The table of `grams` (hashes already mixed, so their low bits are the slot).
    fn fill(&mut self, grams: &[u64]) {
        let mask = Self::mask(grams.len());
        self.slots.clear();
        self.slots.resize(mask + 1, NONE);
        self.before.clear();
        self.before.resize(grams.len(), NONE);
        for (j, &h) in grams.iter().enumerate() {
            let k = Self::slot(&self.slots, grams, mask, h);
            self.before[j] = self.slots[k];
            self.slots[k] = j as u32;
        }
    }

    /// At most half full.
    fn mask(n: usize) -> usize {
        (2 * n).next_power_of_two().max(16) - 1
    }

    /// The slot holding `h`, or the empty one where it would go.
    fn slot(slots: &[u32], grams: &[u64], mask: usize, h: u64) -> usize {
        let mut k = h as usize & mask;
        loop {
            let e = slots[k];
            if e == NONE || grams[e as usize] == h {
                return k;
            }
            k = (k + 1) & mask;
        }
    }

    /// The last gram with hash `h`, or `NONE`.
    fn last(&self, grams: &[u64], h: u64) -> u32 {
        self.slots[Self::slot(&self.slots, grams, self.slots.len() - 1, h)]
    }
}

fn compare_texts(
    a_text: &str,
    a: &Paragraph,
    b_text: &str,
    b: &Paragraph,
    s: &mut Scratch,
) -> Option<Likeness> {
    normalise(a_text.get(a.range.clone())?, &mut s.a);
    normalise(b_text.get(b.range.clone())?, &mut s.b);
    if s.a.len() < GRAM || s.b.len() < GRAM {
        return None;
    }
    // The shorter one's grams are looked for in the longer one's; of two
    // as long, the first in character order, so that the answer does not
    // depend on which is asked about (an edit's new paragraph is compared
    // with the rest in one order, the whole text's pairs in another).
    let (short, long) = if (s.a.len(), &s.a) <= (s.b.len(), &s.b) {
        (&s.a, &s.b)
    } else {
        (&s.b, &s.a)
    };
    gram_hashes(short, &mut s.ga);
    gram_hashes(long, &mut s.gb);
    s.long_grams.fill(&s.gb);
    // The longest diagonal of consecutive equal grams (a shared run), and
    // the characters of the shorter one that no shared gram covers.
    let need = (RUN + 1 - GRAM) as u32;
    let n = s.ga.len();
    s.diagonals.clear();
    s.diagonals.resize(n + s.gb.len(), (u32::MAX, 0));
    let mut covered_to = 0usize;
    let mut gap = 0usize;
    for (i, &h) in s.ga.iter().enumerate() {
        let mut any = false;
        let mut j = s.long_grams.last(&s.gb, h);
        while j != NONE {
            let at = j as usize;
            j = s.long_grams.before[at];
            // Hashes can collide: a run extends only over equal characters.
            if short[i..i + GRAM] != long[at..at + GRAM] {
                continue;
            }
            any = true;
            let d = &mut s.diagonals[at + n - i];
            let len = if i > 0 && d.0 == i as u32 - 1 {
                d.1 + 1
            } else {
                1
            };
            *d = (i as u32, len);
            if len >= need {
                return Some(Likeness::Near);
            }
        }
        if any {
            gap = gap.max(i.saturating_sub(covered_to));
            covered_to = i + GRAM;
        }
    }
    gap = gap.max(short.len().saturating_sub(covered_to));
    if gap > GAP_MAX {
        return None;
    }
    // Distinct grams of the shorter one, and how many the longer one has.
    s.short_grams.fill(&s.ga);
    let (mut distinct, mut shared) = (0, 0);
    for (i, &h) in s.ga.iter().enumerate() {
        // The last gram with its hash stands for all of them.
        if s.short_grams.last(&s.ga, h) == i as u32 {
            distinct += 1;
            shared += usize::from(s.long_grams.last(&s.gb, h) != NONE);
        }
    }
    (shared * 100 > distinct * SHARE_PERCENT).then_some(Likeness::Near)
}

/// A paragraph with this many prints or fewer is a candidate twin on one
/// shared print; others need two (within one text).
pub const FEW: usize = 6;

/// Prints shared by more paragraphs than this are too common to point at a
/// twin (a set phrase, boilerplate); they find no candidates.
pub const STOP: usize = 16;

/// Sorts `print << 32 | paragraph` values, pushed paragraph after
/// paragraph, as `sort_unstable` would: a stable radix sort on the print
/// (three passes of 11, 11 and 10 bits) keeps each print's paragraphs in
/// the ascending order they were pushed in. A large text has millions.
fn sort_by_print(v: &mut Vec<u64>) {
    if v.len() < 4096 {
        v.sort_unstable();
        return;
    }
    const SHIFTS: [u32; 3] = [32, 43, 54];
    let mut counts = [[0usize; 2048]; 3];
    for &x in v.iter() {
        for (c, shift) in counts.iter_mut().zip(SHIFTS) {
            c[(x >> shift) as usize & 2047] += 1;
        }
    }
    let mut from = std::mem::take(v);
    let mut to = vec![0u64; from.len()];
    for (c, shift) in counts.iter_mut().zip(SHIFTS) {
        // Every value in one bucket: this digit orders nothing.
        if c.contains(&from.len()) {
            continue;
        }
        let mut at = 0;
        for n in c.iter_mut() {
            let here = *n;
            *n = at;
            at += here;
        }
        for &x in &from {
            let bucket = &mut c[(x >> shift) as usize & 2047];
            to[*bucket] = x;
            *bucket += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *v = from;
}

/// `print << 32 | paragraph` for every print of `p`, sorted, each
/// paragraph once per print: what [`candidate_pairs`] groups.
pub(crate) fn sorted_prints(p: &Paragraphs) -> Vec<u64> {
    let mut prints: Vec<u64> = Vec::with_capacity(p.prints.len());
    for (i, _) in p.list.iter().enumerate() {
        for &h in p.prints_of(i) {
            prints.push(u64::from(h) << 32 | i as u64);
        }
    }
    sort_by_print(&mut prints);
    prints.dedup();
    prints
}

/// Pairs of paragraphs of one text that may be twins (`a < b`): exact
/// copies, and paragraphs sharing an uncommon print, as
/// [`Index::candidates`] has it, found from the sorted prints (`sorted`,
/// [`sorted_prints`] of `p`) in one pass.
pub(crate) fn candidate_pairs(p: &Paragraphs, sorted: &[u64]) -> Vec<(u32, u32)> {
    let mut wholes: Vec<(u64, u32)> = p
        .list
        .iter()
        .enumerate()
        .map(|(i, x)| (x.whole, i as u32))
        .collect();
    wholes.sort_unstable();
    let mut pairs: Vec<u64> = Vec::new();
    let mut exact: Vec<(u32, u32)> = Vec::new();
    for run in wholes.chunk_by(|a, b| a.0 == b.0) {
        if run.len() > 1 && run.len() <= STOP {
            for (k, a) in run.iter().enumerate() {
                for b in &run[k + 1..] {
                    exact.push((a.1, b.1));
                }
            }
        }
    }
    for run in sorted.chunk_by(|a, b| a >> 32 == b >> 32) {
        if run.len() < 2 || run.len() > STOP {
            continue;
        }
        for (k, a) in run.iter().enumerate() {
            for b in &run[k + 1..] {
                pairs.push((a & 0xffff_ffff) << 32 | (b & 0xffff_ffff));
            }
        }
    }
    // Two shared prints, or one when either paragraph has few (a big text
    // of near copies would otherwise compare every pair of a family).
    pairs.sort_unstable();
    let mut out = exact;
    for run in pairs.chunk_by(|a, b| a == b) {
        let (a, b) = ((run[0] >> 32) as u32, (run[0] & 0xffff_ffff) as u32);
        let few = p
            .prints_of(a as usize)
            .len()
            .min(p.prints_of(b as usize).len())
            <= FEW;
        if run.len() >= 2 || few {
            out.push((a, b));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The buffers of [`compare_texts_sorted`].
    #[derive(Default)]
    struct SortedScratch {
        a: Vec<char>,
        b: Vec<char>,
        ga: Vec<u64>,
        gb: Vec<u64>,
        sorted: Vec<(u64, u32)>,
        distinct: Vec<u64>,
        diagonals: Vec<(u32, u32)>,
    }

    /// The comparison `compare_texts` replaced, on sorted grams: the reference.
    fn compare_texts_sorted(
        a_text: &str,
        a: &Paragraph,
        b_text: &str,
        b: &Paragraph,
        s: &mut SortedScratch,
    ) -> Option<Likeness> {
        normalise(a_text.get(a.range.clone())?, &mut s.a);
        normalise(b_text.get(b.range.clone())?, &mut s.b);
        if s.a.len() < GRAM || s.b.len() < GRAM {
            return None;
        }
        let (short, long) = if (s.a.len(), &s.a) <= (s.b.len(), &s.b) {
            (&s.a, &s.b)
        } else {
            (&s.b, &s.a)
        };
        gram_hashes(short, &mut s.ga);
        gram_hashes(long, &mut s.gb);
        s.sorted.clear();
        s.sorted
            .extend(s.gb.iter().enumerate().map(|(j, h)| (*h, j as u32)));
        s.sorted.sort_unstable();
        // The longest diagonal of consecutive equal grams (a shared run), and
        // the characters of the shorter one that no shared gram covers.
        let need = (RUN + 1 - GRAM) as u32;
        let n = s.ga.len();
        s.diagonals.clear();
        s.diagonals.resize(n + s.gb.len(), (u32::MAX, 0));
        let mut covered_to = 0usize;
        let mut gap = 0usize;
        for (i, &h) in s.ga.iter().enumerate() {
            let lo = s.sorted.partition_point(|e| e.0 < h);
            let mut any = false;
            for &(_, j) in s.sorted[lo..].iter().take_while(|e| e.0 == h) {
                // Hashes can collide: a run extends only over equal characters.
                if short[i..i + GRAM] != long[j as usize..j as usize + GRAM] {
                    continue;
                }
                any = true;
                let d = &mut s.diagonals[j as usize + n - i];
                let len = if i > 0 && d.0 == i as u32 - 1 {
                    d.1 + 1
                } else {
                    1
                };
                *d = (i as u32, len);
                if len >= need {
                    return Some(Likeness::Near);
                }
            }
            if any {
                gap = gap.max(i.saturating_sub(covered_to));
                covered_to = i + GRAM;
            }
        }
        gap = gap.max(short.len().saturating_sub(covered_to));
        if gap > GAP_MAX {
            return None;
        }
        // Distinct grams of the shorter one, and how many the longer one has.
        s.distinct.clear();
        s.distinct.extend_from_slice(&s.ga);
        s.distinct.sort_unstable();
        s.distinct.dedup();
        let shared = s
            .distinct
            .iter()
            .filter(|h| {
                let lo = s.sorted.partition_point(|e| e.0 < **h);
                s.sorted.get(lo).is_some_and(|e| e.0 == **h)
            })
            .count();
        (shared * 100 > s.distinct.len() * SHARE_PERCENT).then_some(Likeness::Near)
    }

    /// The table-based comparison decides every pair as the sorted one did:
    /// paragraphs built from few words, so that runs, shares and gaps vary.
    #[test]
    fn compare_decides_as_the_sorted_comparison() {
        let words = [
            "推进",
            "改革",
            "工作",
            "全面",
            "乡村振兴",
            "深化",
            "落实",
            "的",
            "和",
            "2023",
            "年",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut s, mut r) = (Scratch::default(), SortedScratch::default());
        let mut near = 0;
        for _ in 0..3000 {
            let a: String = (0..40 + next(60))
                .map(|_| words[next(words.len())])
                .collect();
            // The other: a copy with some words changed, or another paragraph.
            let b: String = if next(2) == 0 {
                let mut t = a.clone();
                for _ in 0..next(8) {
                    let at = t
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(next(t.chars().count()))
                        .unwrap_or(0);
                    t.insert_str(at, words[next(words.len())]);
                }
                t
            } else {
                (0..40 + next(60))
                    .map(|_| words[next(words.len())])
                    .collect()
            };
            let (pa, pb) = (para(&a), para(&b));
            let got = compare_texts(&a, &pa, &b, &pb, &mut s);
            assert_eq!(
                got,
                compare_texts_sorted(&a, &pa, &b, &pb, &mut r),
                "{a} | {b}"
            );
            // Either way round: an edit's new paragraph is compared with
            // the others in one order, the whole text's pairs in the other.
            assert_eq!(got, compare_texts(&b, &pb, &a, &pa, &mut s), "{b} | {a}");
            near += usize::from(got.is_some());
        }
        assert!((300..2700).contains(&near), "both answers come up: {near}");
    }

    #[test]
    fn prints_sort_as_sort_unstable_sorts_them() {
        // Pushed paragraph after paragraph, as `candidate_pairs` pushes them:
        // few distinct prints, repeats within a paragraph, prints of every width.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut v = Vec::new();
        for i in 0..3000u64 {
            for _ in 0..(i % 7) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let h = match seed % 3 {
                    0 => seed >> 32,
                    1 => (seed >> 32) % 50,
                    _ => (seed >> 32) & 0xffc0_0000,
                };
                v.push(h << 32 | i);
            }
        }
        let mut expected = v.clone();
        expected.sort_unstable();
        sort_by_print(&mut v);
        assert_eq!(v, expected);
    }
    use crate::{analyze, Config};

    fn paragraphs(text: &str, kind: DocumentKind) -> Vec<String> {
        let a = analyze(text, &Config::for_kind(kind));
        a.paragraphs
            .list
            .iter()
            .map(|p| text[p.range.clone()].to_string())
            .collect()
    }

    const BODY: &str = "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升，各项工作取得新进展。";

    #[test]
    fn plain_text_paragraphs_are_lines_without_headings() {
        let text = format!(
            "某县2023年工作总结\n\n一、主要工作\n（一）强化项目建设，推进重点工程。{BODY}\n{BODY}\n短句。\n以上报告，请审阅。{BODY}\n"
        );
        let got = paragraphs(&text, DocumentKind::PlainText);
        // The title and the standalone heading are gone, the run-in heading
        // loses its marker, the short line and the closing formula are skipped.
        assert_eq!(
            got,
            [
                format!("强化项目建设，推进重点工程。{BODY}"),
                BODY.to_string()
            ]
        );
    }

    #[test]
    fn table_of_contents_lines_are_not_paragraphs() {
        let long = "某某县某某局关于二〇二三年全面推进乡村振兴和城乡融合发展工作情况的总结报告";
        let text = format!("目录\n{long}\t1\n\n{long}\n一、甲\n{BODY}\n");
        assert_eq!(paragraphs(&text, DocumentKind::PlainText), [BODY]);
    }

    #[test]
    fn markdown_paragraphs_items_and_cells_but_no_code() {
        let text = format!(
            "---\ntitle: {BODY}\n---\n\n## 一、主要工作\n\n{BODY}\n续行。\n\n- {BODY}\n- 短\n\n```\n{BODY}\n```\n\n| {BODY} | 短 |\n|---|---|\n\n    {BODY}\n"
        );
        let got = paragraphs(&text, DocumentKind::Markdown);
        assert_eq!(
            got,
            [
                format!("{BODY}\n续行。"),
                BODY.to_string(),
                BODY.to_string()
            ]
        );
    }

    #[test]
    fn repunctuated_copies_hash_the_same() {
        let other = BODY.replace('，', ",").replace('。', ".");
        let text = format!("{BODY}\n{other}\n");
        let a = analyze(&text, &Config::default());
        let l = &a.paragraphs.list;
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].whole, l[1].whole);
        assert_eq!(a.paragraphs.prints_of(0), a.paragraphs.prints_of(1));
    }

    /// Texts where decoding, folding and hashing can go wrong: astral
    /// characters, emoji, full-width forms, CRLF, Latin-1 letters, and the
    /// edges of the Han block.
    fn tricky_texts() -> Vec<String> {
        let mut t: Vec<String> = [
            "２０２３年度ＡＢＣ工作报告，完成产值１２．５亿元，同比增长１５％。\r\n",
            "𠀀𠀁𪚥测试😀😀項目建設，ABC def\tXYZ 123！＠＃ｚ",
            "\u{4DFF}\u{4E00}\u{9FFF}\u{A000}\u{3000}\u{3004}\u{3005}\u{3007}\u{3021}\u{2000}\u{206F}\u{2070}",
            "\u{FF00}\u{FF01}\u{FF10}\u{FF19}\u{FF21}\u{FF3A}\u{FF41}\u{FF5A}\u{FF5E}\u{FF5F}\u{FFE5}",
            "café Über ñ ß É Ω ж ١٢٣ ⅷ ① ㈠ ＿ \u{0} \u{7F} \u{80} \u{7FF} \u{800} \u{FFFF} \u{10000} \u{10FFFF}",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        t.push(BODY.repeat(3));
        t.push(format!("{BODY}\r\n𠀀{BODY}😀ＡＢＣ{BODY}"));
        // Repeated grams give equal hashes within a window.
        t.push("的".repeat(70));
        t.push("研究研究工作工作".repeat(12));
        t.push(format!("{}{}", "甲乙".repeat(30), "丙".repeat(30)));
        t
    }

    #[test]
    fn byte_fold_matches_chars_fold() {
        let mut got = Vec::new();
        for text in tricky_texts() {
            fold_into(&text, &mut got);
            let want: Vec<u32> = text.chars().filter_map(fold).map(u32::from).collect();
            assert_eq!(got, want, "{text:?}");
        }
        // Every code point after a Han character, and before bytes that
        // would make a Han code point of a shorter character's bytes if the
        // Han test looked at the lead wrongly (`next_folded`).
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for text in [
                format!("一{c}"),
                format!("{c}一"),
                format!("{c}\u{FFFF}a"),
                format!("{c}a"),
            ] {
                fold_into(&text, &mut got);
                let want: Vec<u32> = text.chars().filter_map(fold).map(u32::from).collect();
                assert_eq!(got, want, "{c:?}");
            }
        }
    }

    #[test]
    fn fingerprint_matches_the_reference() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut texts = tricky_texts();
        for len in [30, 39, 40, 41, 45, 50, 60, 100, 300] {
            for alphabet in [3, 40, 5000] {
                let text: String = (0..len)
                    .map(|_| match next(10) {
                        0 => '，',
                        1 => 'Ａ',
                        2 => '𠀀',
                        _ => char::from_u32(0x4E00 + next(alphabet) as u32).unwrap(),
                    })
                    .collect();
                texts.push(text);
            }
        }
        for text in texts {
            let (mut got, mut want) = (Vec::new(), Vec::new());
            let a = fingerprint(&text, &mut got);
            let b = fingerprint_streaming(&text, &mut want);
            assert_eq!(a, b, "{text:?}");
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// Any shared run of `GUARANTEE` characters shares a print, whatever surrounds it.
    #[test]
    fn winnowing_guarantees_a_shared_print() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut han = |n: usize| -> String {
            (0..n)
                .map(|_| char::from_u32(0x4E00 + next(400) as u32).unwrap())
                .collect()
        };
        for _ in 0..300 {
            let shared = han(GUARANTEE);
            let (a1, a2, b1, b2) = (han(30), han(20), han(7), han(55));
            let a = format!("{a1}{shared}{a2}");
            let b = format!("{b1}{shared}{b2}");
            let (mut pa, mut pb) = (Vec::new(), Vec::new());
            fingerprint(&a, &mut pa).unwrap();
            fingerprint(&b, &mut pb).unwrap();
            assert!(pa.iter().any(|h| pb.contains(h)), "{a}\n{b}");
        }
    }

    fn para(text: &str) -> Paragraph {
        let mut p = Vec::new();
        let (whole, chars) = fingerprint(text, &mut p).expect("long enough");
        Paragraph {
            range: 0..text.len(),
            whole,
            chars,
            prints: 0..p.len() as u32,
        }
    }

    #[test]
    fn twins_exact_near_and_not() {
        let mut s = Scratch::default();
        let cmp = |a: &str, b: &str, s: &mut Scratch| compare(a, &para(a), b, &para(b), s);
        let a = format!("{BODY}{BODY}");
        assert_eq!(
            cmp(&a, &a.replace('，', ","), &mut s),
            Some(Likeness::Exact)
        );
        // A few words changed: most grams are shared.
        let changed = a
            .replacen("四十三", "五十一", 1)
            .replacen("持续", "不断", 1);
        assert_eq!(cmp(&a, &changed, &mut s), Some(Likeness::Near));
        // One long shared run in otherwise different paragraphs.
        let long_run = &a;
        let x = format!("今年以来我们围绕中心服务大局扎实开展各项工作取得明显成效。{long_run}");
        let y = format!("{long_run}下一步将继续深化改革创新完善体制机制推动高质量发展再上新台阶。");
        assert_eq!(cmp(&x, &y, &mut s), Some(Likeness::Near));
        // A shared set phrase is not enough.
        let p = "坚持以习近平新时代中国特色社会主义思想为指导，全面推进城乡环境卫生整治，开展爱国卫生运动。";
        // Most grams shared, but a clause rewritten: not a near twin.
        let opening = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，";
        let (o1, o2) = (
            format!("{opening}扎实推进乡村全面振兴。"),
            format!("{opening}着力提升防灾减灾能力。"),
        );
        assert_eq!(cmp(&o1, &o2, &mut s), None);
        let q = "坚持以习近平新时代中国特色社会主义思想为指导，认真落实各项惠民政策，持续改善群众生产生活条件。";
        assert_eq!(cmp(p, q, &mut s), None);
    }
}
