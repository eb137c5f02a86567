//! A large text's analysis on several threads: its chunks (cut where the
//! core's incremental analysis cuts, at clean report starts) are analysed
//! apart, to be merged by `incremental::merge*`, which the core's property
//! tests prove equal to the whole. Used by `check` for a large file and by
//! the server when a large document opens.
//!
//! Where to cut is guessed without the outline (built over the whole text,
//! it would hold up every thread): each thread takes a run of the text,
//! from a likely cut to the next run's start, and analyses it in pieces
//! up to each candidate cut, which the piece's own outline then confirms.
//! The runs are then settled in order; pieces no thread analysed from end
//! to end (after a run start that was no cut, which is rare) are analysed
//! afterwards, on every thread. The server, whose edits re-analyse one
//! chunk, wants the finer cuts of the whole text's outline instead
//! ([`planned`]).

use baogao_core::incremental::{self, Chunk, Piece};
use baogao_core::Config;

/// Texts at least this long are analysed on several threads.
pub const PARALLEL_MIN: usize = 128 * 1024;

/// The chunks of `text`, each piece at least `min` bytes (see
/// `incremental::analyze_run`), analysed on up to `threads` threads. `None`
/// when the text is too short or has no cut, or a thread failed: the
/// caller analyses it otherwise.
pub fn chunks(text: &str, config: &Config, threads: usize, min: usize) -> Option<Vec<Chunk>> {
    if threads < 2 || text.len() < PARALLEL_MIN {
        return None;
    }
    let runs = incremental::runs(text, config, threads);
    if runs.len() < 2 {
        return None;
    }
    let done: Option<Vec<_>> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .into_iter()
            .map(|run| scope.spawn(move || incremental::analyze_run(text, config, run, min)))
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    // A thread failed: analyse whole, as without threads.
    let done = done?;
    let pieces = incremental::settle(text, config, done);
    if pieces.len() < 2 {
        return None;
    }
    let missing: Vec<std::ops::Range<usize>> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Unanalysed(range) => Some(range.clone()),
            Piece::Analysed(_) => None,
        })
        .collect();
    let mut again = analyze_ranges(text, config, missing, threads)?.into_iter();
    pieces
        .into_iter()
        .map(|p| match p {
            Piece::Analysed(chunk) => Some(chunk),
            Piece::Unanalysed(_) => again.next(),
        })
        .collect()
}

/// The chunks `incremental::plan` cuts `text` into (at every clean report
/// start found from the whole text's outline, at least `min` apart): the
/// chunks `analyze_in_chunks` makes, for the server, whose next edit
/// re-analyses one of them (the cuts [`chunks`] guesses are fewer). On up to
/// `threads` threads when the text is long enough, else on this one. `None`
/// when the text has no cut or a thread failed.
pub fn planned(text: &str, config: &Config, threads: usize, min: usize) -> Option<Vec<Chunk>> {
    let ranges = incremental::plan(text, config, min);
    if ranges.len() < 2 {
        return None;
    }
    let threads = if text.len() < PARALLEL_MIN {
        1
    } else {
        threads
    };
    analyze_ranges(text, config, ranges, threads)
}

/// The chunks of `ranges` (in order), analysed on up to `threads` threads,
/// each taking consecutive ranges of about equal bytes. `None` when a
/// thread failed.
fn analyze_ranges(
    text: &str,
    config: &Config,
    ranges: Vec<std::ops::Range<usize>>,
    threads: usize,
) -> Option<Vec<Chunk>> {
    let total: usize = ranges.iter().map(|r| r.len()).sum();
    let share = total.div_ceil(threads.max(1));
    let mut groups: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new()];
    let mut filled = 0;
    for r in ranges {
        if filled >= share && groups.len() < threads {
            groups.push(Vec::new());
            filled = 0;
        }
        filled += r.len();
        if let Some(g) = groups.last_mut() {
            g.push(r);
        }
    }
    if groups.len() == 1 {
        // Nothing to share (or nothing at all): no thread to start.
        let group = groups.pop().unwrap_or_default();
        return Some(
            group
                .into_iter()
                .map(|r| incremental::analyze_range(text, config, r))
                .collect(),
        );
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|g| {
                scope.spawn(move || {
                    g.into_iter()
                        .map(|r| incremental::analyze_range(text, config, r))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok())
            .collect::<Option<Vec<Vec<_>>>>()
            .map(|parts| parts.into_iter().flatten().collect())
    })
}
