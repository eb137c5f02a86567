//! The road's data, free of any session: a [`Snapshot`] (one version of a
//! text and its analysis, shared through an `Arc` so a slow analysis never
//! holds a lock), [`analyze`] with the incremental threshold, the per-document
//! [`Cache`] (the current snapshot, and the chunks of the last large analysis
//! with the edits since, folded by [`compose`]) and the [`PublishLog`] that
//! keeps publications in version order. Only `pipeline` and the document
//! store touch these; see `pipeline/mod.rs` for the road itself.

use std::any::{Any, TypeId};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use baogao_core::incremental::{self, Chunk};
use baogao_core::{Analysis, Config};
use ropey::Rope;
use tower_lsp_server::ls_types::{SemanticToken, Uri};

/// One version of a document together with its analysis.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    /// Distinguishes two openings of the same URI.
    pub epoch: u64,
    /// The text as a rope ([`Snapshot::rope`]): given for an open document,
    /// made on demand for a draft, which is rarely asked anything (300
    /// drafts would hold their text twice).
    rope: std::sync::OnceLock<Rope>,
    pub text: String,
    /// Line starts of `text`, for converting many offsets quickly.
    pub line_index: baogao_core::LineIndex,
    pub analysis: Analysis,
    /// The configuration the analysis was made with (fixes need the same).
    pub config: Config,
    /// For a large text, its analysis in chunks, so the next edit re-analyses one.
    pub chunks: Option<Arc<Vec<Chunk>>>,
    /// With the chunks, the sorted prints of the whole text's paragraphs,
    /// which the next edit updates instead of sorting them all again.
    pub prints: Option<Arc<incremental::SortedPrints>>,
    /// A draft on disk (published without a version), not an open document.
    pub draft: bool,
    /// The views of this version (symbols, folding, tokens…), once asked for.
    pub memo: Memo,
    /// The document's views per chunk, shared by its versions (`pipeline::views`).
    pub views: Arc<ViewStore>,
}

impl Snapshot {
    /// The text as a rope, for conversions that walk it.
    pub fn rope(&self) -> &Rope {
        self.rope.get_or_init(|| Rope::from_str(&self.text))
    }
}

/// Values derived from one analysis (a snapshot's or a chunk's), each
/// computed at most once: keyed by their type and a tag (the views use the
/// position encoding).
#[derive(Default)]
pub struct Memo {
    /// A handful of values (a few views per encoding): a list searched in
    /// order costs less than hashing a key, and every chunk's memo is asked
    /// on each publication.
    values: Mutex<Vec<MemoEntry>>,
}

type MemoEntry = ((TypeId, u8), Arc<dyn Any + Send + Sync>);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in one view must not make every later request fail.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Memo {
    /// The value of type `T` for `tag`, computed by `compute` the first time
    /// (outside the lock: two racing requests may both compute it, and the
    /// first to finish is kept).
    pub fn get_or_compute<T: Any + Send + Sync>(
        &self,
        tag: u8,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let key = (TypeId::of::<T>(), tag);
        let found = |values: &[MemoEntry]| {
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        };
        if let Some(v) = found(&lock(&self.values)) {
            if let Ok(v) = v.downcast::<T>() {
                return v;
            }
        }
        let value = Arc::new(compute());
        let mut values = lock(&self.values);
        let kept = found(&values).unwrap_or_else(|| {
            values.push((key, value.clone()));
            value.clone()
        });
        kept.downcast::<T>().unwrap_or(value)
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} values)", lock(&self.values).len())
    }
}

/// What one open document's views keep across versions: a [`Memo`] per
/// chunk analysis (an unchanged chunk keeps its `Arc<Analysis>` from version
/// to version, so its views are reused, shifted by whole lines), and the last
/// semantic tokens sent, for `semanticTokens/full/delta`.
#[derive(Default)]
pub struct ViewStore {
    /// Keyed by the address of the chunk's analysis, which the entry keeps alive.
    /// In text order, as last asked for: the next version's chunks are
    /// nearly the same ones in the same order, found by a forward search.
    chunks: Mutex<Vec<(usize, ChunkEntry)>>,
    /// The last results sent, newest last, by result id.
    sent_tokens: Mutex<VecDeque<(String, Arc<Vec<SemanticToken>>)>>,
}

/// A chunk's analysis (kept alive, so its address stays its key) and memo.
type ChunkEntry = (Arc<Analysis>, Arc<Memo>);

/// How many semantic-token results are kept for deltas.
const SENT_KEPT: usize = 2;

impl ViewStore {
    /// The memo of each of `chunks`' analyses, in order, under one lock;
    /// the memos of chunks that are not among them are forgotten.
    pub fn chunk_memos(&self, chunks: &[Chunk]) -> Vec<Arc<Memo>> {
        let mut kept = lock(&self.chunks);
        let mut old: Vec<Option<(usize, ChunkEntry)>> = kept.drain(..).map(Some).collect();
        let mut from = 0;
        for c in chunks {
            let key = Arc::as_ptr(&c.analysis) as usize;
            let same = |o: &Option<(usize, ChunkEntry)>| o.as_ref().is_some_and(|(k, _)| *k == key);
            let at = old[from..]
                .iter()
                .position(same)
                .map(|i| from + i)
                .or_else(|| old[..from].iter().position(same));
            let entry = match at.and_then(|i| old[i].take()) {
                Some((_, entry)) => {
                    from = at.map_or(from, |i| i + 1);
                    entry
                }
                None => (c.analysis.clone(), Arc::new(Memo::default())),
            };
            kept.push((key, entry));
        }
        kept.iter().map(|(_, (_, memo))| memo.clone()).collect()
    }

    /// Remembers the semantic tokens sent under `id`.
    pub fn sent_tokens(&self, id: String, data: Arc<Vec<SemanticToken>>) {
        let mut sent = lock(&self.sent_tokens);
        sent.retain(|(i, _)| *i != id);
        sent.push_back((id, data));
        while sent.len() > SENT_KEPT {
            sent.pop_front();
        }
    }

    /// The semantic tokens sent under `id`, if still kept.
    pub fn tokens_sent_as(&self, id: &str) -> Option<Arc<Vec<SemanticToken>>> {
        lock(&self.sent_tokens)
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, d)| d.clone())
    }
}

impl std::fmt::Debug for ViewStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ViewStore({} chunks)", lock(&self.chunks).len())
    }
}

/// Texts at least this long are analysed incrementally.
pub const INCREMENTAL_MIN: usize = 64 * 1024;

/// A large text analysed once, in chunks when it has clean cuts (found from
/// its outline), with the chunks kept for the next edit: on every core when
/// it is long enough (`crate::chunked::planned`; opening a 10 MB
/// compilation took one core's second).
fn full_chunked(text: &str, config: &Config) -> Analysed {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    match crate::chunked::planned(text, config, threads, incremental::CHUNK_MIN) {
        Some(chunks) => merged(text, config, Arc::new(chunks), None),
        None => (baogao_core::analyze(text, config), None, None),
    }
}

/// An analysis, with its chunks and their sorted prints when made in chunks.
type Analysed = (
    Analysis,
    Option<Arc<Vec<Chunk>>>,
    Option<Arc<incremental::SortedPrints>>,
);

/// The merge of `chunks`, from the sorted prints of the whole when known.
fn merged(
    text: &str,
    config: &Config,
    chunks: Arc<Vec<Chunk>>,
    prints: Option<incremental::SortedPrints>,
) -> Analysed {
    let (analysis, prints) = incremental::merge_keeping_prints(text, config, &chunks, prints);
    (analysis, Some(chunks), Some(Arc::new(prints)))
}

/// Analyses `input` with `config`. Pure CPU work: callers run it off the
/// async threads. A text of [`INCREMENTAL_MIN`] bytes or more is analysed in
/// chunks, and with a base only the chunk the edits touched is analysed again.
pub fn analyze(input: SnapshotInput, config: Config) -> Snapshot {
    // Exactly as long as the text (`to_string` grows by doubling).
    let mut text = String::with_capacity(input.rope.len_bytes());
    for chunk in input.rope.chunks() {
        text.push_str(chunk);
    }
    let (analysis, chunks, prints) = if text.len() < INCREMENTAL_MIN {
        (baogao_core::analyze(&text, &config), None, None)
    } else {
        match input.base {
            // Only the chunk the edits touched is analysed again.
            Some((chunks, Some((edit, inserted)), prints)) => {
                match incremental::reanalyze(&text, &config, &chunks, edit.clone(), inserted) {
                    Some(new) => {
                        let prints = prints.and_then(|p| {
                            incremental::prints_after(&chunks, &new, &p, &text, edit, inserted)
                        });
                        merged(&text, &config, Arc::new(new), prints)
                    }
                    None => full_chunked(&text, &config),
                }
            }
            Some((chunks, None, prints)) => {
                merged(&text, &config, chunks, prints.map(|p| (*p).clone()))
            }
            None => full_chunked(&text, &config),
        }
    };
    let line_index = match &chunks {
        // Joined from the chunks' own: no pass over the text.
        Some(chunks) => incremental::line_index(chunks, text.len()),
        None => baogao_core::LineIndex::new(&text),
    };
    Snapshot {
        chunks,
        prints,
        line_index,
        uri: input.uri,
        version: input.version,
        epoch: input.epoch,
        rope: if input.draft {
            std::sync::OnceLock::new()
        } else {
            std::sync::OnceLock::from(input.rope)
        },
        text,
        analysis,
        config,
        draft: input.draft,
        memo: Memo::default(),
        views: input.views,
    }
}

/// What is needed to analyse one version of a document.
#[derive(Debug, Clone)]
pub struct SnapshotInput {
    pub uri: Uri,
    pub version: i32,
    pub epoch: u64,
    pub rope: Rope,
    pub kind: baogao_core::DocumentKind,
    /// The chunks of an earlier version and the edit since then (in that
    /// version's bytes, with the length of what replaced it).
    pub base: Option<Base>,
    pub draft: bool,
    /// The document's view store (a fresh one for a draft).
    pub views: Arc<ViewStore>,
}

/// The chunks of an earlier version and the edit since then.
pub type Base = (
    Arc<Vec<Chunk>>,
    Option<Edit>,
    Option<Arc<incremental::SortedPrints>>,
);

/// An edit in the bytes of a base text: the range replaced and the new length.
pub type Edit = (std::ops::Range<usize>, usize);

/// Folds a further edit (`start..end` replaced by `inserted` bytes, in the
/// current text) into the edit since the base, keeping it in base bytes.
pub fn compose(prev: Option<Edit>, start: usize, end: usize, inserted: usize) -> Edit {
    match prev {
        None => (start..end, inserted),
        Some((old, len)) => {
            let (a, b) = (old.start, old.end);
            let union_start = a.min(start);
            let union_end = (a + len).max(end);
            // Past the edited region, current bytes are base bytes shifted.
            let base_end = if end > a + len {
                end - (a + len) + b
            } else {
                b
            };
            let new_len = union_end - union_start + inserted - (end - start);
            (union_start..base_end.max(union_start), new_len)
        }
    }
}

/// What the road knows of one open document's text: its current snapshot,
/// once analysed, and the base for the next incremental analysis.
#[derive(Debug, Default, Clone)]
pub struct Cache {
    snapshot: Option<Arc<Snapshot>>,
    base: Option<Base>,
    views: Arc<ViewStore>,
}

impl Cache {
    /// The analysis of the current version, if there is one.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.clone()
    }

    /// The base for analysing the current version.
    pub fn base(&self) -> Option<Base> {
        self.base.clone()
    }

    /// The views kept across versions (dropped with the configuration).
    pub fn views(&self) -> Arc<ViewStore> {
        self.views.clone()
    }

    /// A copy to apply one batch of changes to, all or nothing.
    pub fn begin_batch(&self) -> Batch {
        Batch {
            base: self.base.clone(),
        }
    }

    /// The batch was applied: the cached snapshot is of an older version.
    pub fn commit(&mut self, batch: Batch) {
        self.snapshot = None;
        self.base = batch.base;
    }

    /// Keeps `snapshot` as the current analysis (the caller checked that it
    /// is of the current version) and its chunks as the next base.
    pub fn store(&mut self, snapshot: &Arc<Snapshot>) {
        self.snapshot = Some(snapshot.clone());
        self.base = snapshot
            .chunks
            .clone()
            .map(|c| (c, None, snapshot.prints.clone()));
    }

    /// Forgets everything (after a configuration change: chunks made with
    /// the old configuration are no base for the new one).
    pub fn invalidate(&mut self) {
        *self = Cache::default();
    }
}

/// The edits of one `didChange` batch, folded into the base's edit.
#[derive(Debug)]
pub struct Batch {
    base: Option<Base>,
}

impl Batch {
    /// `start..end` (bytes of the current text) was replaced by `inserted` bytes.
    pub fn edited(&mut self, start: usize, end: usize, inserted: usize) {
        if let Some((_, edit, _)) = &mut self.base {
            *edit = Some(compose(edit.take(), start, end, inserted));
        }
    }

    /// The whole text was replaced: no base is left.
    pub fn replaced(&mut self) {
        self.base = None;
    }
}

/// The last publication per URI: whether it was of a draft, and its epoch
/// and version. Held (behind the async mutex in `Ctx`) for the whole of a
/// publication, so that publications for one URI leave in order and never go
/// back in version. Drafts and open documents number their epochs apart, so
/// only publications of the same kind and epoch are compared.
#[derive(Debug, Default)]
pub struct PublishLog {
    sent: HashMap<Uri, (bool, u64, i32)>,
}

impl PublishLog {
    /// Whether a publication of `snapshot` would go back in version.
    pub fn is_stale(&self, snapshot: &Snapshot) -> bool {
        self.sent
            .get(&snapshot.uri)
            .is_some_and(|&(draft, epoch, version)| {
                draft == snapshot.draft && epoch == snapshot.epoch && version > snapshot.version
            })
    }

    pub fn record(&mut self, snapshot: &Snapshot) {
        self.sent.insert(
            snapshot.uri.clone(),
            (snapshot.draft, snapshot.epoch, snapshot.version),
        );
    }

    pub fn forget(&mut self, uri: &Uri) {
        self.sent.remove(uri);
    }
}

#[cfg(test)]
mod compose_tests {
    use super::compose;

    /// Random edits folded into one keep `base[..start] + new[start..start+len] + base[end..] == new`.
    #[test]
    fn composed_edits_describe_the_whole_change() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        for _ in 0..2000 {
            let base: Vec<u8> = (0..next(40) + 1).map(|i| b'a' + (i % 26) as u8).collect();
            let mut cur = base.clone();
            let mut edit = None;
            for _ in 0..next(6) + 1 {
                let s = next(cur.len() + 1);
                let e = s + next(cur.len() - s + 1);
                let ins: Vec<u8> = (0..next(4)).map(|_| b'A' + next(26) as u8).collect();
                cur.splice(s..e, ins.iter().copied());
                edit = Some(compose(edit, s, e, ins.len()));
            }
            let (range, len) = edit.expect("an edit");
            let mut rebuilt = base[..range.start].to_vec();
            rebuilt.extend_from_slice(&cur[range.start..range.start + len]);
            rebuilt.extend_from_slice(&base[range.end..]);
            assert_eq!(rebuilt, cur);
        }
    }
}

#[cfg(test)]
mod publish_log_tests {
    use super::*;

    fn snapshot(draft: bool, epoch: u64, version: i32) -> Snapshot {
        let input = SnapshotInput {
            uri: "file:///a.txt".parse().unwrap(),
            version,
            epoch,
            rope: Rope::from_str("一、甲\n"),
            kind: baogao_core::DocumentKind::PlainText,
            base: None,
            draft,
            views: Arc::default(),
        };
        analyze(input, Config::default())
    }

    /// Never back in version within one opening; a draft and an open
    /// document with the same epoch number are not compared.
    #[test]
    fn versions_only_go_forward_within_one_opening() {
        let mut log = PublishLog::default();
        log.record(&snapshot(false, 1, 5));
        assert!(log.is_stale(&snapshot(false, 1, 4)));
        assert!(!log.is_stale(&snapshot(false, 1, 5)));
        assert!(!log.is_stale(&snapshot(false, 2, 1)), "a new opening");
        assert!(!log.is_stale(&snapshot(true, 1, 0)), "the file on disk");
        log.forget(&"file:///a.txt".parse().unwrap());
        assert!(!log.is_stale(&snapshot(false, 1, 4)));
    }
}
