//! Incremental analysis of large texts: the text is cut at report starts into
//! chunks that are analysed on their own, and an edit re-analyses only the
//! chunk it touches, shifting the others.
//!
//! A cut is only made where analysing the two sides apart gives exactly the
//! result of analysing the whole: at a report start on a line start, after a
//! line that is a plain paragraph (long and ending with `。`, `！` or a colon),
//! so no look-ahead decision (titles, unnumbered headings, split numbers) can
//! depend on the other side. Markdown (code fences) and fragment files are never cut,
//! nor is a chunk cut off that, alone, would look like a fragment file.
//! What depends on the whole text (paragraphs repeated in another chunk,
//! `dup-paragraph`) is decided by [`merge`] over every chunk's paragraph
//! prints, so an edit re-hashes only its chunk.
//! `tests/incremental.rs` checks the equality against full analysis.

use crate::rules::dup_paragraph::Pair;
use std::ops::Range;
use std::sync::Arc;

use crate::{Analysis, Config, DocumentKind, LineIndex, Node, Outline};

/// Chunks are at least this long. An edit re-analyses one chunk, so its
/// cost follows this size; below it the fixed cost of a chunk (its outline,
/// its merge) starts to count.
pub const CHUNK_MIN: usize = 4 * 1024;

/// The pieces a thread analyses a run in ([`analyze_run`]) are at least
/// this long: each piece costs a check of its end, and one analysed up to
/// what turns out no cut is analysed again, while their length does not
/// change what analysing them costs; so they are far longer than chunks.
pub const PIECE_MIN: usize = 64 * 1024;

/// One analysed piece of a text; offsets in `analysis` are relative to
/// `start`. Its analysis is the piece's own (no twins found across pieces:
/// [`merge`] finds them).
#[derive(Debug, Clone)]
pub struct Chunk {
    pub start: usize,
    pub len: usize,
    pub analysis: Arc<Analysis>,
    /// The line index of the chunk's text, made for its analysis: the
    /// whole text's comes from them ([`line_index`]) without reading it.
    pub lines: Arc<LineIndex>,
}

/// The line index of the text `chunks` cover (of length `len`): equal to
/// `LineIndex::new` of it, since every chunk starts on a line start.
pub fn line_index(chunks: &[Chunk], len: usize) -> LineIndex {
    LineIndex::join(chunks.iter().map(|c| (c.start, &*c.lines)), len)
}

/// Whether the cut at `at` (a report start) keeps both sides independent.
fn clean_cut(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() || !text.is_char_boundary(at) || text.as_bytes()[at - 1] != b'\n'
    {
        return false;
    }
    let before = text[..at].trim_end();
    let last_line = before.rsplit(['\n', '\r']).next().unwrap_or("").trim();
    if last_line.chars().count() < 40 {
        return false;
    }
    // A sentence's stop: no title or heading, no number split off.
    if last_line.ends_with(['。', '！', '!']) {
        return true;
    }
    // The intro an untitled report's first heading follows
    // (`现将工作情况汇报如下：`). A count it announces (`以下三个方面：`) is
    // only ever checked against a list in its own report (`count-mismatch`).
    last_line.ends_with(['：', ':'])
}

/// Byte length of the first `n` non-blank lines of `text` (with what precedes them).
fn first_lines_end(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if !line.trim().is_empty() {
            seen += 1;
            if seen == n {
                return at;
            }
        }
    }
    at
}

/// Whether a chunk on either side of `cut` could be taken for a fragment
/// file (every line a long excerpt, each its own report) when analysed
/// apart, though the whole text is none: the one before, from `prev`, or
/// the one after, whose first two lines tell (one short line is enough).
fn fragment_shaped_around(text: &str, prev: usize, cut: usize) -> bool {
    let head_end = cut + first_lines_end(&text[cut..], 2);
    may_be_fragments(&text[prev..cut]) || may_be_fragments(&text[cut..head_end])
}

/// Whether `text` could be a fragment file (the outline's
/// `is_fragment_file`: every line up to the last text a long excerpt).
/// Lines are taken at `\n` only, so each holds whole lines of the
/// outline's: a short or blank one here, before text, makes one there.
/// Stops at the first such line, so a report costs a line or two.
fn may_be_fragments(text: &str) -> bool {
    let mut at = 0;
    for line in text.split('\n') {
        at += line.len() + 1;
        let blank = line.trim().is_empty();
        if blank
            || line.chars().take(crate::outline::FRAGMENT_MIN).count()
                < crate::outline::FRAGMENT_MIN
        {
            let text_follows = !blank || text.get(at..).is_some_and(|rest| !rest.trim().is_empty());
            return !text_follows;
        }
    }
    true
}

/// Where to cut `text`, given its full analysis: clean report starts at least `min` apart.
pub fn cut_points(text: &str, config: &Config, analysis: &Analysis, min: usize) -> Vec<usize> {
    cuts_in(text, config, &analysis.outline, min)
}

/// [`cut_points`] from the outline alone, which is all it reads.
fn cuts_in(text: &str, config: &Config, outline: &Outline, min: usize) -> Vec<usize> {
    if config.kind == DocumentKind::Markdown {
        return Vec::new();
    }
    // A fragment file makes every line a report; its detection is global.
    if outline.reports.len() > 1
        && outline
            .reports
            .iter()
            .all(|r| !text[r.range.clone()].contains('\n'))
    {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    let mut last = 0;
    for r in outline.reports.iter().skip(1) {
        let at = r.range.start;
        if at - last >= min
            && text.len() - at >= min / 2
            && clean_cut(text, at)
            && !fragment_shaped_around(text, last, at)
        {
            cuts.push(at);
            last = at;
        }
    }
    cuts
}

/// Analyses a text in chunks from the start, without a full analysis first:
/// the cuts [`cut_points`] would make come from the outline, which is cheap
/// next to the rules. `None` when there is no clean cut (analyse it whole).
/// [`merge`] of the chunks equals [`analyze`] of the text.
pub fn analyze_in_chunks(text: &str, config: &Config, min: usize) -> Option<Vec<Chunk>> {
    if config.kind == DocumentKind::Markdown {
        return None;
    }
    let outline = crate::outline::build(text, config.kind, None);
    let cuts = cuts_in(text, config, &outline, min);
    (!cuts.is_empty()).then(|| analyze_chunks(text, config, &cuts))
}

/// The byte ranges `text` can be analysed in apart (clean report starts at
/// least `min` apart, from its outline alone), for a caller that analyses
/// them at once, each with [`analyze_range`], then [`merge`]s them: the
/// result equals `analyze(text, config)`. Empty when the text cannot be cut.
pub fn plan(text: &str, config: &Config, min: usize) -> Vec<Range<usize>> {
    if config.kind == DocumentKind::Markdown {
        return Vec::new();
    }
    let outline = crate::outline::build(text, config.kind, None);
    let cuts = cuts_in(text, config, &outline, min);
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut bounds = vec![0];
    bounds.extend_from_slice(&cuts);
    bounds.push(text.len());
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Where `text` may be cut, proposed without its outline (over a large
/// text the outline is a fifth of the analysis, and would be built before
/// any chunk could start): starts of lines that could start a report (a
/// title, or a heading numbered one, which starts a report when the top
/// level restarts), after a line that makes a clean cut (a long sentence
/// or intro), at least `min` apart. A candidate is a guess that
/// [`cut_holds`] decides; a wrong one only costs its check. Empty for
/// Markdown and for text that may be a fragment file (one report per line:
/// decided over the whole text, so never cut).
pub fn candidate_cuts(text: &str, config: &Config, min: usize) -> Vec<usize> {
    if config.kind == DocumentKind::Markdown || may_be_fragments(text) {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    scan_candidates(text, min..text.len(), min, Guess::Lower, |at, _| {
        cuts.push(at);
        true
    });
    cuts
}

/// Splits `text` into up to `count` runs of about equal bytes, for threads
/// that analyse one each ([`analyze_run`]) before [`settle`] puts them
/// together. Every run but the first starts at a candidate cut near where
/// an even split falls, the surest one found: a title (which starts a
/// report whatever precedes it), else a top-level heading numbered one,
/// else any. It stays a guess until the run before has checked it, and a
/// wrong one costs most of its run. A single run when the text cannot be
/// cut.
pub fn runs(text: &str, config: &Config, count: usize) -> Vec<Range<usize>> {
    if config.kind == DocumentKind::Markdown || count < 2 || may_be_fragments(text) {
        return std::iter::once(0..text.len()).collect();
    }
    // How far past an even split a surer guess is looked for.
    const NEAR: usize = 256 * 1024;
    let share = text.len().div_ceil(count);
    let mut starts = vec![0];
    for j in 1..count {
        let from = (j * share).max(starts[starts.len() - 1] + 1);
        let mut best: Option<(usize, Guess)> = None;
        scan_candidates(
            text,
            from..(from + share / 2).min(text.len()),
            1,
            Guess::Lower,
            |at, guess| {
                if best.is_none_or(|(_, b)| guess < b) {
                    best = Some((at, guess));
                }
                guess != Guess::Title && (best.is_none() || at < from + NEAR)
            },
        );
        if let Some((at, _)) = best {
            starts.push(at);
        }
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The candidates a thread checks for `run` (one of [`runs`]), in order
/// from its start, with what they are: those at least `min` apart inside
/// it, then the next run's start, which only this run can tell a cut.
/// Only surer guesses than for [`candidate_cuts`] (titles and top-level
/// headings): the thread analyses up to each before its check, on the
/// guess that it holds.
fn run_candidates(text: &str, run: Range<usize>, min: usize) -> Vec<(usize, Guess)> {
    let mut cuts = Vec::new();
    let lines = run.start + min.max(1)..run.end;
    scan_candidates(text, lines, min, Guess::TopLevel, |at, guess| {
        cuts.push((at, guess));
        true
    });
    if run.end < text.len() {
        let guess = guess_line(text, run.end, line_end(text, run.end));
        cuts.push((run.end, guess.unwrap_or(Guess::Lower)));
    }
    cuts
}

/// What a candidate's line is, from the surest guess to the least sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Guess {
    /// A title: after a clean line it always starts a report.
    Title,
    /// A heading numbered one at a level no report nests under another
    /// (`一、`, `第一章`, `壹、`, `Ⅰ、`): a report starts there when the top
    /// level restarts, which under a title it does not.
    TopLevel,
    /// Any other heading numbered one (`（一）`, `1.`), usually a section's
    /// first.
    Lower,
}

/// Calls `found` with each candidate starting in `lines` (line starts at
/// least `min` apart, none in the last `min / 2` bytes of the text) no
/// less sure than `loosest`, while it returns true.
fn scan_candidates(
    text: &str,
    lines: Range<usize>,
    min: usize,
    loosest: Guess,
    mut found: impl FnMut(usize, Guess) -> bool,
) {
    let bytes = text.as_bytes();
    let step = min.max(1);
    // Where the next candidate's line may start at the earliest.
    let mut from = lines.start.max(1);
    let end = lines.end.min(text.len().saturating_sub(min / 2));
    while from < end {
        let at = if bytes[from - 1] == b'\n' {
            from
        } else {
            match memchr::memchr(b'\n', &bytes[from..]) {
                Some(i) => from + i + 1,
                None => break,
            }
        };
        if at >= end {
            break;
        }
        let line_end = line_end(text, at);
        // The line before ends a sentence: most lines fail here, cheaply.
        let after_sentence = text[..at]
            .trim_end()
            .ends_with(['。', '！', '!', '：', ':']);
        let guess = after_sentence
            .then(|| guess_line(text, at, line_end))
            .flatten()
            .filter(|&g| g <= loosest && clean_cut(text, at));
        match guess {
            Some(guess) => {
                if !found(at, guess) {
                    return;
                }
                from = at + step;
            }
            None => from = line_end + 1,
        }
    }
}

/// End of the line starting at `at`, before its break (`\n`, `\r\n` or
/// `\r`, as [`LineIndex`] breaks lines).
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i)
}

/// The heading marker the line starting at `at` opens with, if any.
fn line_marker(text: &str, at: usize, end: usize) -> Option<crate::HeadingMarker> {
    let trimmed = text[at..end].trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    // A marker is a few characters: a long run-in heading's line is not
    // scanned whole.
    let mut head = trimmed.len().min(48);
    while !trimmed.is_char_boundary(head) {
        head -= 1;
    }
    crate::heading::leading_marker(&trimmed[..head])
}

/// Whether the line `at..end` could start a report, and how sure that is.
/// Only the outline knows (whether the top level restarts depends on what
/// came before); this only has to let through every line that the cuts
/// worth having start at, and few others.
fn guess_line(text: &str, at: usize, end: usize) -> Option<Guess> {
    let trimmed = text[at..end].trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return None;
    }
    if let Some(m) = line_marker(text, at, end) {
        if m.number != Some(1) || m.kind == crate::MarkerKind::Enumeration {
            return None;
        }
        return Some(if m.kind.rank() <= crate::MarkerKind::Chinese.rank() {
            Guess::TopLevel
        } else {
            Guess::Lower
        });
    }
    let chars = trimmed.chars().take(crate::outline::TITLE_MAX + 1).count();
    if chars > crate::outline::TITLE_MAX {
        return None;
    }
    // The next non-blank line tells a title from a heading missing its number.
    let mut next_at = end;
    let next = loop {
        let Some(i) = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[next_at..]) else {
            break None;
        };
        next_at += i + 1;
        let line = &text[next_at..line_end(text, next_at)];
        if !line.trim().is_empty() {
            break Some(line);
        }
    };
    crate::outline::is_title(trimmed, chars, next).then_some(Guess::Title)
}

/// Whether `cut` (a line start) is a cut [`plan`] could make, given that
/// `prev`, before it, is one (or 0): a report starts at `cut` in the whole
/// text, after a clean line, and neither side of it could be taken for a
/// fragment file (each would be analysed as one). Analysing from a cut
/// equals analysing from the start, so the outline from `prev` over the
/// first two lines after `cut` (all it reads of them) decides.
pub fn cut_holds(text: &str, config: &Config, prev: usize, cut: usize) -> bool {
    cut_holds_replaying(text, config, prev, cut, prev)
}

/// [`cut_holds`] for the end of `chunk`, analysed from a cut, read from
/// the chunk's own outline: its last report that starts the way a cut
/// does (a title, or a heading numbered one at a line start, after which
/// the outline's state is what it is at the start of a text) is where the
/// outline need be asked again from, not the chunk's start.
pub fn chunk_ends_at_cut(text: &str, config: &Config, chunk: &Chunk) -> bool {
    let (prev, cut) = (chunk.start, chunk.start + chunk.len);
    let replay = chunk
        .analysis
        .outline
        .reports
        .iter()
        .rev()
        .map(|r| (prev + r.range.start, r.title.is_some()))
        .find(|&(at, titled)| starts_afresh(text, at, titled))
        .map_or(prev, |(at, _)| at);
    cut_holds_replaying(text, config, prev, cut, replay)
}

/// Whether a report starting at `at` leaves the outline as a text
/// starting there would: it starts at a line start, with its title or a
/// heading numbered one (not with the number of a heading split over two
/// lines, nor run in after text).
fn starts_afresh(text: &str, at: usize, titled: bool) -> bool {
    if at > 0 && !matches!(text.as_bytes()[at - 1], b'\n' | b'\r') {
        return false;
    }
    titled
        || line_marker(text, at, line_end(text, at))
            .is_some_and(|m| m.number == Some(1) && m.kind != crate::MarkerKind::Enumeration)
}

/// [`cut_holds`], asking the outline from `replay` (`prev`, or a report
/// start after it that leaves the outline as `prev` does).
fn cut_holds_replaying(
    text: &str,
    config: &Config,
    prev: usize,
    cut: usize,
    replay: usize,
) -> bool {
    if config.kind == DocumentKind::Markdown || prev >= cut || !clean_cut(text, cut) {
        return false;
    }
    if fragment_shaped_around(text, prev, cut) {
        return false;
    }
    let head_end = cut + first_lines_end(&text[cut..], 2);
    // A title after a clean line starts a report whatever precedes that
    // line (a paragraph line leaves no table of contents open, no number
    // split off, a report with content): the outline over the three lines
    // decides it, and the outline from `prev` is only needed for the top
    // level restarting.
    let before = text[..cut].trim_end();
    let paragraph = before.rfind(['\n', '\r']).map_or(0, |i| i + 1).max(prev);
    let local = crate::outline::build(&text[paragraph..head_end], config.kind, None);
    if local
        .reports
        .iter()
        .any(|r| r.range.start == cut - paragraph && r.title.is_some())
    {
        return true;
    }
    // From a later report start, unless the lines from there could be
    // taken for a fragment file (from `prev` they cannot, as checked).
    let from = if replay > prev && replay < cut && !may_be_fragments(&text[replay..head_end]) {
        replay
    } else {
        prev
    };
    let outline = crate::outline::build(&text[from..head_end], config.kind, None);
    outline.reports.iter().any(|r| r.range.start == cut - from)
}

/// A candidate cut checked ([`cut_holds`]) against an earlier cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CutCheck {
    pub cut: usize,
    /// The cut (or 0) it was checked against, taken to be one.
    pub against: usize,
    pub holds: bool,
}

/// What a thread makes of one run of a text ([`runs`]): the checks of its
/// candidates, each against the last that held (the first against the
/// run's start, taken for a cut), and the chunks between those that held,
/// up to the next run's start if that held.
#[derive(Debug, Clone)]
pub struct RunAnalysis {
    pub checks: Vec<CutCheck>,
    pub chunks: Vec<Chunk>,
}

/// Analyses one run of `text` ([`runs`]), taking its start for a cut: up
/// to each candidate, on the guess that it holds, which the chunk's own
/// outline then tells ([`chunk_ends_at_cut`]). After a candidate that did
/// not hold, the next is taken only twice as far from the last cut, so a
/// stretch with no cut costs about its length, not its square.
pub fn analyze_run(text: &str, config: &Config, run: Range<usize>, min: usize) -> RunAnalysis {
    let mut checks = Vec::new();
    let mut chunks = Vec::new();
    if config.kind == DocumentKind::Markdown {
        // Never cut: only a run of the whole text is of use.
        if run == (0..text.len()) {
            chunks.push(analyze_range(text, config, run));
        }
        return RunAnalysis { checks, chunks };
    }
    let mut last = run.start;
    let mut reach = 0;
    // Under a title the top level never restarts a report (the title stays
    // the outline's outermost node up to the next title, which starts a
    // titled report again): once a titled report is seen, only titles are
    // worth analysing up to.
    let mut titled = run.start > 0
        && guess_line(text, run.start, line_end(text, run.start)) == Some(Guess::Title);
    for (cut, guess) in run_candidates(text, run.clone(), min) {
        // The next run's start is always checked: no other run can.
        let next_run = cut == run.end;
        if !next_run && (cut - last < reach || (titled && guess != Guess::Title)) {
            continue;
        }
        let chunk = analyze_range(text, config, last..cut);
        let holds = chunk_ends_at_cut(text, config, &chunk);
        titled |= chunk
            .analysis
            .outline
            .reports
            .iter()
            .any(|r| r.title.is_some());
        checks.push(CutCheck {
            cut,
            against: last,
            holds,
        });
        if holds {
            titled |= guess == Guess::Title;
            chunks.push(chunk);
            last = cut;
            reach = 0;
        } else {
            reach = 2 * (cut - last);
        }
    }
    if run.end == text.len() {
        chunks.push(analyze_range(text, config, last..run.end));
    }
    RunAnalysis { checks, chunks }
}

/// The cuts of `text` among checked candidates (ascending; checked in runs,
/// each run from a start taken to be a cut): in order, a check made against
/// the cut kept last stands, and any other (its run's start was no cut, or
/// a cut its run dropped was kept here) is made again against that one,
/// after a failed one only twice as far from it. Every cut kept is one
/// [`cut_points`] makes at the smallest spacing, so the chunks between
/// them merge to `analyze(text)`.
pub fn accept_cuts(text: &str, config: &Config, checks: &[CutCheck]) -> Vec<usize> {
    let mut kept = Vec::new();
    let mut last = 0;
    let mut reach = 0;
    for check in checks {
        let holds = if check.against == last {
            check.holds
        } else if check.cut - last >= reach {
            let holds = cut_holds(text, config, last, check.cut);
            reach = if holds { 0 } else { 2 * (check.cut - last) };
            holds
        } else {
            false
        };
        if holds {
            kept.push(check.cut);
            last = check.cut;
            reach = 0;
        }
    }
    kept
}

/// A piece of a text between two cuts that [`settle`] kept.
#[derive(Debug, Clone)]
pub enum Piece {
    /// As a thread analysed it.
    Analysed(Chunk),
    /// Still to analyse ([`analyze_range`]): no thread analysed from its
    /// start to its end (a run started at what was no cut).
    Unanalysed(Range<usize>),
}

/// The pieces `text` is cut into, from what threads made of its runs (in
/// the order of [`runs`]): their checks are accepted in order
/// ([`accept_cuts`]), and each piece between two cuts kept is a thread's
/// chunk if one analysed it. [`merge`] of the chunks, once the others are
/// analysed, equals `analyze(text)`.
pub fn settle(text: &str, config: &Config, runs: Vec<RunAnalysis>) -> Vec<Piece> {
    let checks: Vec<CutCheck> = runs.iter().flat_map(|r| r.checks.iter().copied()).collect();
    let mut bounds = vec![0];
    bounds.extend(accept_cuts(text, config, &checks));
    bounds.push(text.len());
    let mut analysed = runs.into_iter().flat_map(|r| r.chunks).peekable();
    bounds
        .windows(2)
        .map(|w| {
            while analysed.peek().is_some_and(|c| c.start < w[0]) {
                analysed.next();
            }
            match analysed.next_if(|c| c.start == w[0] && c.len == w[1] - w[0]) {
                Some(chunk) => Piece::Analysed(chunk),
                None => Piece::Unanalysed(w[0]..w[1]),
            }
        })
        .collect()
}

/// One chunk of a [`plan`], analysed.
pub fn analyze_range(text: &str, config: &Config, range: Range<usize>) -> Chunk {
    let piece = &text[range.clone()];
    let lines = LineIndex::new(piece);
    Chunk {
        start: range.start,
        len: range.len(),
        analysis: Arc::new(crate::analyze_local_indexed(piece, config, &lines)),
        lines: Arc::new(lines),
    }
}

/// Analyses `text` in the chunks `cuts` make.
pub fn analyze_chunks(text: &str, config: &Config, cuts: &[usize]) -> Vec<Chunk> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(text.len());
    bounds
        .windows(2)
        .map(|w| analyze_range(text, config, w[0]..w[1]))
        .collect()
}

fn shift_range(r: &mut Range<usize>, by: usize) {
    r.start += by;
    r.end += by;
}

fn shift_node(n: &mut Node, by: usize, lines: usize, ids: usize, reports: usize) {
    n.id += ids;
    n.report += reports;
    n.line += lines;
    shift_range(&mut n.label, by);
    shift_range(&mut n.section, by);
    if let crate::NodeKind::Heading(m) = &mut n.kind {
        m.shift(by);
    }
    for c in &mut n.children {
        shift_node(c, by, lines, ids, reports);
    }
}

/// The analysis of the whole text (made with `config`), from its chunks.
pub fn merge(text: &str, config: &Config, chunks: &[Chunk]) -> Analysis {
    merge_keeping_prints(text, config, chunks, None).0
}

/// The sorted prints of a whole text's paragraphs, which the search for
/// twins within it reads: kept from one version to the next
/// ([`prints_after`]), they spare every keystroke a sort of them all.
/// With them, the twin pairs within the text once a merge has found them,
/// carried to the next version when its edit cannot change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedPrints {
    sorted: Vec<u64>,
    /// `None` until found, and while `dup-paragraph` is off.
    pairs: Option<Vec<Pair>>,
}

impl SortedPrints {
    /// The prints, each `print << 32 | paragraph`, sorted.
    pub fn sorted(&self) -> &[u64] {
        &self.sorted
    }

    /// Whether the twin pairs within the text are known.
    pub fn knows_pairs(&self) -> bool {
        self.pairs.is_some()
    }
}

/// The prints of `analysis`'s paragraphs, sorted.
pub fn prints_of(analysis: &Analysis) -> SortedPrints {
    SortedPrints {
        sorted: crate::paragraphs::sorted_prints(&analysis.paragraphs),
        pairs: None,
    }
}

/// [`merge`] with the sorted prints of the whole, when known (from
/// [`prints_after`]), and those prints, for the next version.
pub fn merge_keeping_prints(
    text: &str,
    config: &Config,
    chunks: &[Chunk],
    prints: Option<SortedPrints>,
) -> (Analysis, SortedPrints) {
    merge_parts(
        text,
        config,
        chunks
            .iter()
            .map(|c| (c.start, c.lines.line_count(), Part::Shared(&c.analysis)))
            .collect(),
        prints,
    )
}

/// The sorted prints of the text `new` covers, from those of `old` (of
/// which `new` replaced exactly one chunk, as [`reanalyze`] does after the
/// edit that replaced the bytes `edited` of the old text with `inserted`
/// bytes, giving `new_text`): the replaced chunk's entries go, its new ones come in, the later
/// chunks' paragraphs are renumbered; one pass, no sort. The twin pairs
/// come along renumbered when the paragraphs the edit changed have no twin
/// candidate before or after it ([`pairs_after`]). `None` when more than
/// one chunk differs.
pub fn prints_after(
    old: &[Chunk],
    new: &[Chunk],
    prints: &SortedPrints,
    new_text: &str,
    edited: Range<usize>,
    inserted: usize,
) -> Option<SortedPrints> {
    if old.len() != new.len() {
        return None;
    }
    let mut changed = None;
    for (k, (a, b)) in old.iter().zip(new).enumerate() {
        if !Arc::ptr_eq(&a.analysis, &b.analysis) {
            if changed.is_some() {
                return None;
            }
            changed = Some(k);
        }
    }
    let Some(k) = changed else {
        return Some(prints.clone());
    };
    let count = |c: &Chunk| c.analysis.paragraphs.list.len() as u64;
    let first: u64 = old[..k].iter().map(count).sum();
    let (gone, came) = (count(&old[k]), count(&new[k]));
    let mut fresh = crate::paragraphs::sorted_prints(&new[k].analysis.paragraphs);
    for x in &mut fresh {
        *x += first;
    }
    let mut fresh = fresh.into_iter().peekable();
    let mut out = Vec::with_capacity(prints.sorted.len() + fresh.len());
    for &x in &prints.sorted {
        let paragraph = x & 0xffff_ffff;
        let x = if paragraph < first {
            x
        } else if paragraph < first + gone {
            continue;
        } else {
            // A later chunk's paragraph: after every new one, as before.
            x - gone + came
        };
        while let Some(y) = fresh.next_if(|&y| y < x) {
            out.push(y);
        }
        out.push(x);
    }
    out.extend(fresh);
    let pairs = prints.pairs.as_ref().and_then(|pairs| {
        let edit = Edited {
            chunk: k,
            first: first as u32,
            range: edited,
            inserted,
            text: new_text,
        };
        pairs_after(old, new, edit, &prints.sorted, &out, pairs)
    });
    Some(SortedPrints { sorted: out, pairs })
}

/// Where an edit fell, for [`pairs_after`].
struct Edited<'a> {
    /// The one chunk it changed, and the number of its first paragraph.
    chunk: usize,
    first: u32,
    /// The old text's bytes it replaced, and how many came instead.
    range: Range<usize>,
    inserted: usize,
    /// The new text.
    text: &'a str,
}

/// One version of a text for [`pairs_after`]: its chunks, the number of
/// each chunk's first paragraph, its sorted prints.
struct Version<'a> {
    chunks: &'a [Chunk],
    firsts: Vec<u32>,
    sorted: &'a [u64],
}

impl<'a> Version<'a> {
    fn new(chunks: &'a [Chunk], sorted: &'a [u64]) -> Version<'a> {
        let mut firsts = Vec::with_capacity(chunks.len());
        let mut n = 0u32;
        for c in chunks {
            firsts.push(n);
            n += c.analysis.paragraphs.list.len() as u32;
        }
        Version {
            chunks,
            firsts,
            sorted,
        }
    }

    /// Paragraph `g` of the whole: its chunk and its number there.
    fn locate(&self, g: u32) -> (usize, usize) {
        let k = self.firsts.partition_point(|&f| f <= g) - 1;
        (k, (g - self.firsts[k]) as usize)
    }

    /// The paragraphs holding print `h`: their entries in `sorted`.
    fn run(&self, h: u32) -> &'a [u64] {
        let h = u64::from(h);
        let from = self.sorted.partition_point(|&x| x >> 32 < h);
        let to = self.sorted.partition_point(|&x| x >> 32 <= h);
        &self.sorted[from..to]
    }

    /// The paragraphs whose whole text hashes to `whole`.
    fn copies(&self, whole: u64) -> Vec<u32> {
        let mut out = Vec::new();
        for (c, first) in self.chunks.iter().zip(&self.firsts) {
            for (i, p) in c.analysis.paragraphs.list.iter().enumerate() {
                if p.whole == whole {
                    out.push(first + i as u32);
                }
            }
        }
        out
    }
}

/// The twin pairs of the new text from those of the old (`pairs`, of the
/// old chunks `old` with the sorted prints `old_sorted`), when the edit
/// cannot have changed them, renumbered; `None` otherwise. A paragraph of
/// the edited chunk is kept when the new chunk has it with the same bytes
/// (moved by the edit's length when after it); the others went or came.
/// The pairs of the kept paragraphs stay when
/// - no pair has a paragraph that went;
/// - a paragraph that came is no twin of any paragraph sharing a print or
///   its whole text with it (compared as `dup_paragraph` compares);
/// - each print and whole text of a paragraph that went or came is shared
///   by too many paragraphs to count ([`paragraphs::STOP`]) in both
///   versions or in neither, or by fewer than two kept ones: the candidate
///   pairs among the kept paragraphs are then the same.
///
/// The pairs are then the same candidate pairs compared on the same texts
/// in the same order, and the boilerplate families they make the same.
fn pairs_after(
    old: &[Chunk],
    new: &[Chunk],
    edit: Edited<'_>,
    old_sorted: &[u64],
    new_sorted: &[u64],
    pairs: &[Pair],
) -> Option<Vec<Pair>> {
    use crate::paragraphs::{compare, Scratch, STOP};
    // More changed paragraphs or partners than this: compare them all again.
    const MOST: usize = 8;
    const PARTNERS: usize = 32;
    let k = edit.chunk;
    let (a, b) = (&old[k].analysis.paragraphs, &new[k].analysis.paragraphs);
    let at = old[k].start;
    let from = edit.range.start.checked_sub(at)?;
    let to = edit.range.end.checked_sub(at)?;
    // The new number of each old paragraph of the chunk that was kept.
    let mut kept: Vec<Option<u32>> = vec![None; a.list.len()];
    let mut matched = vec![false; b.list.len()];
    let mut j = 0;
    for (i, p) in a.list.iter().enumerate() {
        // Touching the edit (text typed at either end joins the paragraph).
        if p.range.end >= from && p.range.start <= to {
            continue;
        }
        let moved = if p.range.end < from {
            p.range.clone()
        } else {
            p.range.start - to + from + edit.inserted..p.range.end - to + from + edit.inserted
        };
        while j < b.list.len() && b.list[j].range.start < moved.start {
            j += 1;
        }
        if let Some(q) = b.list.get(j) {
            if q.range == moved
                && q.whole == p.whole
                && q.chars == p.chars
                && a.prints_of(i) == b.prints_of(j)
            {
                kept[i] = Some(j as u32);
                matched[j] = true;
                j += 1;
            }
        }
    }
    let gone: Vec<usize> = (0..a.list.len()).filter(|&i| kept[i].is_none()).collect();
    let came: Vec<usize> = (0..b.list.len()).filter(|&j| !matched[j]).collect();
    if gone.len() + came.len() > MOST {
        return None;
    }
    let first = edit.first;
    let gone_set: Vec<u32> = gone.iter().map(|&i| first + i as u32).collect();
    let came_set: Vec<u32> = came.iter().map(|&j| first + j as u32).collect();
    if pairs
        .iter()
        .any(|&(x, y, _)| gone_set.contains(&x) || gone_set.contains(&y))
    {
        return None;
    }
    let (before, after) = (Version::new(old, old_sorted), Version::new(new, new_sorted));
    // How many paragraphs of a run changed, in the version it is of.
    let changed_in = |run: &[u64], changed: &[u32]| {
        run.iter()
            .filter(|&&x| changed.contains(&((x & 0xffff_ffff) as u32)))
            .count()
    };
    let same_side = |old_len: usize, new_len: usize, kept: usize| {
        kept < 2 || (old_len <= STOP) == (new_len <= STOP)
    };
    let prints: Vec<u32> = gone
        .iter()
        .flat_map(|&i| a.prints_of(i).iter().copied())
        .chain(came.iter().flat_map(|&j| b.prints_of(j).iter().copied()))
        .collect();
    for &h in &prints {
        let (r0, r1) = (before.run(h), after.run(h));
        let kept = r0.len() - changed_in(r0, &gone_set);
        if r1.len() - changed_in(r1, &came_set) != kept || !same_side(r0.len(), r1.len(), kept) {
            return None;
        }
    }
    let wholes: Vec<u64> = gone
        .iter()
        .map(|&i| a.list[i].whole)
        .chain(came.iter().map(|&j| b.list[j].whole))
        .collect();
    for &w in &wholes {
        let (c0, c1) = (before.copies(w), after.copies(w));
        let changed = |c: &[u32], set: &[u32]| c.iter().filter(|x| set.contains(x)).count();
        let kept = c0.len() - changed(&c0, &gone_set);
        if c1.len() - changed(&c1, &came_set) != kept || !same_side(c0.len(), c1.len(), kept) {
            return None;
        }
    }
    // A paragraph that came, compared with every paragraph that may be its twin.
    let chunk_text = |v: &Version<'_>, c: usize| {
        let c = &v.chunks[c];
        edit.text.get(c.start..c.start + c.len)
    };
    let mut scratch = Scratch::default();
    for &j in &came {
        let q = &b.list[j];
        let mut partners: Vec<u32> = after.copies(q.whole);
        for &h in b.prints_of(j) {
            let run = after.run(h);
            if run.len() <= STOP {
                partners.extend(run.iter().map(|&x| (x & 0xffff_ffff) as u32));
            }
        }
        partners.sort_unstable();
        partners.dedup();
        partners.retain(|&g| g != first + j as u32);
        if partners.len() > PARTNERS {
            return None;
        }
        let q_text = chunk_text(&after, k)?;
        for g in partners {
            let (c, i) = after.locate(g);
            let other = &after.chunks[c].analysis.paragraphs.list[i];
            if compare(q_text, q, chunk_text(&after, c)?, other, &mut scratch).is_some() {
                return None;
            }
        }
    }
    let (old_len, new_len) = (a.list.len() as u32, b.list.len() as u32);
    let renumber = |x: u32| -> Option<u32> {
        if x < first {
            Some(x)
        } else if x < first + old_len {
            kept[(x - first) as usize].map(|j| first + j)
        } else {
            Some(x - old_len + new_len)
        }
    };
    pairs
        .iter()
        .map(|&(x, y, l)| Some((renumber(x)?, renumber(y)?, l)))
        .collect()
}

/// [`merge`] of chunks no longer needed: what only they hold is moved
/// into the whole, not copied.
pub fn merge_owned(text: &str, config: &Config, chunks: Vec<Chunk>) -> Analysis {
    merge_parts(
        text,
        config,
        chunks
            .into_iter()
            .map(|c| {
                let part = match Arc::try_unwrap(c.analysis) {
                    Ok(a) => Part::Owned(a),
                    Err(shared) => Part::Owned((*shared).clone()),
                };
                (c.start, c.lines.line_count(), part)
            })
            .collect(),
        None,
    )
    .0
}

/// One chunk's analysis for [`merge_parts`]: lent, or given.
enum Part<'a> {
    Shared(&'a Analysis),
    Owned(Analysis),
}

/// The lists of one chunk's analysis: copied when lent, taken when given.
type Lists = (
    Vec<Node>,
    Vec<crate::Report>,
    Vec<crate::Enumeration>,
    Vec<crate::Placeholder>,
    Vec<crate::Diagnostic>,
);

impl Part<'_> {
    fn lists(&mut self) -> Lists {
        use std::mem::take;
        match self {
            Part::Shared(a) => (
                a.outline.roots.clone(),
                a.outline.reports.clone(),
                a.outline.enumerations.clone(),
                a.placeholders.clone(),
                a.diagnostics.clone(),
            ),
            Part::Owned(a) => (
                take(&mut a.outline.roots),
                take(&mut a.outline.reports),
                take(&mut a.outline.enumerations),
                take(&mut a.placeholders),
                take(&mut a.diagnostics),
            ),
        }
    }

    fn get(&self) -> &Analysis {
        match self {
            Part::Shared(a) => a,
            Part::Owned(a) => a,
        }
    }
}

/// [`merge`], from each chunk's start, number of lines and analysis.
fn merge_parts(
    text: &str,
    config: &Config,
    parts: Vec<(usize, usize, Part<'_>)>,
    prints: Option<SortedPrints>,
) -> (Analysis, SortedPrints) {
    let mut out = Analysis::default();
    let total = |len: fn(&Analysis) -> usize| parts.iter().map(|(_, _, p)| len(p.get())).sum();
    out.outline.roots.reserve(total(|a| a.outline.roots.len()));
    out.outline
        .reports
        .reserve(total(|a| a.outline.reports.len()));
    out.outline
        .enumerations
        .reserve(total(|a| a.outline.enumerations.len()));
    out.placeholders.reserve(total(|a| a.placeholders.len()));
    out.diagnostics.reserve(total(|a| a.diagnostics.len()));
    out.paragraphs
        .list
        .reserve(total(|a| a.paragraphs.list.len()));
    out.paragraphs
        .prints
        .reserve(total(|a| a.paragraphs.prints.len()));
    let (mut ids, mut groups) = (0, 0);
    // The line each chunk starts on: a chunk's last line is the next one's first.
    let mut next_line = 0;
    for (by, line_count, mut part) in parts {
        let (roots, reports_of, enumerations, placeholders, diagnostics) = part.lists();
        let lines = next_line;
        next_line += line_count - 1;
        let reports = out.outline.reports.len();
        let mut count = 0;
        for mut n in roots {
            shift_node(&mut n, by, lines, ids, reports);
            n.walk(&mut |_| count += 1);
            out.outline.roots.push(n);
        }
        ids += count;
        for mut r in reports_of {
            shift_range(&mut r.range, by);
            if let Some(t) = &mut r.title {
                shift_range(t, by);
            }
            out.outline.reports.push(r);
        }
        let mut max_group = 0;
        for mut e in enumerations {
            e.marker.shift(by);
            e.line += lines;
            max_group = max_group.max(e.group + 1);
            e.group += groups;
            out.outline.enumerations.push(e);
        }
        groups += max_group;
        for mut p in placeholders {
            shift_range(&mut p.range, by);
            out.placeholders.push(p);
        }
        for mut d in diagnostics {
            shift_range(&mut d.range, by);
            for r in &mut d.related {
                shift_range(&mut r.range, by);
            }
            out.diagnostics.push(d);
        }
        out.paragraphs.extend_shifted(&part.get().paragraphs, by);
    }
    let (sorted, pairs) =
        crate::finish(text, config, &mut out, prints.map(|p| (p.sorted, p.pairs)));
    (out, SortedPrints { sorted, pairs })
}

/// Re-analyses after an edit. `old` are the chunks of the text before the
/// edit, `edited` the edited bytes in the old text and `inserted` the length
/// of what replaced them. Returns `None` when the edit touches a cut (or the
/// cut is no longer clean), and the caller must analyse the whole text.
pub fn reanalyze(
    new_text: &str,
    config: &Config,
    old: &[Chunk],
    edited: Range<usize>,
    inserted: usize,
) -> Option<Vec<Chunk>> {
    if old.len() < 2 {
        return None;
    }
    // The chunk holding the edit; an edit on a cut or in the line before it
    // could change it. Text inserted at a cut starts the chunk after it.
    let last = old.len() - 1;
    let i = old.iter().enumerate().position(|(k, c)| {
        edited.start >= c.start
            && edited.end <= c.start + c.len
            && (edited.start < c.start + c.len || k == last)
    })?;
    let c = &old[i];
    let delta = inserted as isize - (edited.end - edited.start) as isize;
    let new_len = usize::try_from(c.len as isize + delta).ok()?;
    let end = c.start + new_len;
    if end > new_text.len() || !new_text.is_char_boundary(end) {
        return None;
    }
    // The cuts around the chunk must still be clean in the new text.
    if i > 0 && !clean_cut(new_text, c.start) {
        return None;
    }
    if i + 1 < old.len() && !clean_cut(new_text, end) {
        return None;
    }
    // Whether the chunk starts a report (a title, or the top level restarting)
    // is decided on its first two lines and what precedes them: an edit there
    // has the cut checked again from the chunk before.
    let head_end = c.start + first_lines_end(&new_text[c.start..end], 2);
    if i > 0 && edited.start < head_end && !cut_holds(new_text, config, old[i - 1].start, c.start) {
        return None;
    }
    // Analysed apart, a chunk of long lines only would be a fragment file.
    if may_be_fragments(&new_text[c.start..end]) {
        return None;
    }
    let edited_chunk = analyze_range(new_text, config, c.start..end);
    let same_outline = c
        .analysis
        .outline
        .same_shape(&edited_chunk.analysis.outline);
    // The next chunk must still start a report. An edit that left the
    // chunk's outline as it was (typing in a paragraph) leaves the
    // outline's decision there as it was too.
    if i + 1 < old.len() && !same_outline && !chunk_ends_at_cut(new_text, config, &edited_chunk) {
        return None;
    }
    let mut out = Vec::with_capacity(old.len());
    out.extend(old[..i].iter().cloned());
    out.push(edited_chunk);
    for later in &old[i + 1..] {
        out.push(Chunk {
            start: usize::try_from(later.start as isize + delta).ok()?,
            len: later.len,
            analysis: later.analysis.clone(),
            lines: later.lines.clone(),
        });
    }
    Some(out)
}
