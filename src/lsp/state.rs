//! Open documents and what the server knows about them.
//!
//! A [`Document`] is mutated only by the sync handlers, synchronously and in
//! the order the client sent the notifications. Everything else works on an
//! immutable [`Snapshot`]: the text of one version and its analysis, shared
//! through an `Arc`, so a slow analysis never holds a lock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use baogao_core::incremental::{self, Chunk};
use baogao_core::{Analysis, Config, DocumentKind};
use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::convert::{self, Encoding, RangeError};

/// One version of a document together with its analysis.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    /// Distinguishes two openings of the same URI.
    pub epoch: u64,
    pub rope: Rope,
    pub text: String,
    /// Line starts of `text`, for converting many offsets quickly.
    pub line_index: baogao_core::LineIndex,
    pub analysis: Analysis,
    /// The configuration the analysis was made with (fixes need the same).
    pub config: Config,
    /// For a large text, its analysis in chunks, so the next edit re-analyses one.
    pub chunks: Option<Arc<Vec<Chunk>>>,
}

/// Texts at least this long are analysed incrementally.
pub const INCREMENTAL_MIN: usize = 192 * 1024;

/// Full analysis of a large text, plus its chunks for the next edit.
fn full_chunked(text: &str, config: &Config) -> (Analysis, Option<Arc<Vec<Chunk>>>) {
    let full = baogao_core::analyze(text, config);
    let cuts = incremental::cut_points(text, config, &full, incremental::CHUNK_MIN);
    if cuts.is_empty() {
        return (full, None);
    }
    let chunks = incremental::analyze_chunks(text, config, &cuts);
    (full, Some(Arc::new(chunks)))
}

impl Snapshot {
    /// Analyses `input`. Pure CPU work: callers run it off the async threads.
    pub fn analyze(input: SnapshotInput) -> Snapshot {
        let text = input.rope.to_string();
        let config = &input.config;
        let (analysis, chunks) = if text.len() < INCREMENTAL_MIN {
            (baogao_core::analyze(&text, config), None)
        } else {
            match input.base {
                // Only the chunk the edits touched is analysed again.
                Some((chunks, Some((edit, inserted)))) => {
                    match incremental::reanalyze(&text, config, &chunks, edit, inserted) {
                        Some(new) => (incremental::merge(&text, &new), Some(Arc::new(new))),
                        None => full_chunked(&text, config),
                    }
                }
                Some((chunks, None)) => (incremental::merge(&text, &chunks), Some(chunks)),
                None => full_chunked(&text, config),
            }
        };
        let line_index = baogao_core::LineIndex::new(&text);
        Snapshot {
            chunks,
            line_index,
            uri: input.uri,
            version: input.version,
            epoch: input.epoch,
            rope: input.rope,
            text,
            analysis,
            config: input.config,
        }
    }
}

/// What is needed to analyse one version of a document.
#[derive(Debug, Clone)]
pub struct SnapshotInput {
    pub uri: Uri,
    pub version: i32,
    pub epoch: u64,
    pub rope: Rope,
    pub config: Config,
    /// The chunks of an earlier version and the edit since then (in that
    /// version's bytes, with the length of what replaced it).
    pub base: Option<(Arc<Vec<Chunk>>, Option<Edit>)>,
}

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

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub kind: DocumentKind,
    pub epoch: u64,
    /// The analysis of the current version, once computed.
    pub snapshot: Option<Arc<Snapshot>>,
    /// Chunks of the last analysed large version, and the edits since.
    pub base: Option<(Arc<Vec<Chunk>>, Option<Edit>)>,
}

/// Why a `didChange` was not applied.
#[derive(Debug)]
pub enum ChangeError {
    UnknownDocument,
    StaleVersion { current: i32, received: i32 },
    BadRange { index: usize, error: RangeError },
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::UnknownDocument => f.write_str("文档未打开，忽略此次修改"),
            ChangeError::StaleVersion { current, received } => write!(
                f,
                "修改的版本号 {received} 不大于当前版本 {current}，已忽略"
            ),
            ChangeError::BadRange { index, error } => {
                write!(
                    f,
                    "第 {} 处修改的范围无效（{error}），整批修改已忽略",
                    index + 1
                )
            }
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    docs: HashMap<Uri, Document>,
    next_epoch: u64,
}

/// Uri → Document, behind one short-lived lock.
#[derive(Debug, Default)]
pub struct DocumentStore {
    inner: Mutex<Inner>,
}

impl DocumentStore {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere must not make every later request fail.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Opens (or re-opens) a document and returns its epoch.
    pub fn open(&self, uri: Uri, version: i32, kind: DocumentKind, text: &str) -> u64 {
        let mut inner = self.lock();
        inner.next_epoch += 1;
        let epoch = inner.next_epoch;
        inner.docs.insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version,
                kind,
                epoch,
                snapshot: None,
                base: None,
            },
        );
        epoch
    }

    /// Applies a batch of changes in order, all or nothing, and returns the
    /// new version. A reversed range rejects the whole batch.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> Result<i32, ChangeError> {
        let mut inner = self.lock();
        let doc = inner
            .docs
            .get_mut(uri)
            .ok_or(ChangeError::UnknownDocument)?;
        if version <= doc.version {
            return Err(ChangeError::StaleVersion {
                current: doc.version,
                received: version,
            });
        }
        // Cloning a rope is O(1); edits go to the copy until all succeed.
        let mut rope = doc.rope.clone();
        let mut base = doc.base.clone();
        for (index, change) in changes.iter().enumerate() {
            match change.range {
                None => {
                    rope = Rope::from_str(&change.text);
                    base = None;
                }
                Some(range) => {
                    let bytes = convert::range_from_proto(&rope, range, enc)
                        .map_err(|error| ChangeError::BadRange { index, error })?;
                    if let Some((_, edit)) = &mut base {
                        *edit = Some(compose(
                            edit.take(),
                            bytes.start,
                            bytes.end,
                            change.text.len(),
                        ));
                    }
                    let start = rope.byte_to_char(bytes.start);
                    let end = rope.byte_to_char(bytes.end);
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                }
            }
        }
        doc.rope = rope;
        doc.version = version;
        doc.snapshot = None;
        doc.base = base;
        Ok(version)
    }

    pub fn close(&self, uri: &Uri) -> bool {
        self.lock().docs.remove(uri).is_some()
    }

    /// The URIs of every open document.
    pub fn uris(&self) -> Vec<Uri> {
        self.lock().docs.keys().cloned().collect()
    }

    /// Every open document's URI, version, epoch and text (an O(1) rope clone).
    pub fn ropes(&self) -> Vec<(Uri, i32, u64, Rope)> {
        self.lock()
            .docs
            .iter()
            .map(|(uri, d)| (uri.clone(), d.version, d.epoch, d.rope.clone()))
            .collect()
    }

    /// The current version and text of a document (`baogao/documentText`).
    pub fn text(&self, uri: &Uri) -> Option<(i32, String)> {
        let inner = self.lock();
        let doc = inner.docs.get(uri)?;
        Some((doc.version, doc.rope.to_string()))
    }

    /// The current version and epoch of a document.
    pub fn current(&self, uri: &Uri) -> Option<(i32, u64)> {
        self.lock().docs.get(uri).map(|d| (d.version, d.epoch))
    }

    /// Either the analysis of the current version, or what is needed to compute it.
    pub fn snapshot_or_input(
        &self,
        uri: &Uri,
        config: impl FnOnce(DocumentKind) -> Config,
    ) -> Option<Result<Arc<Snapshot>, SnapshotInput>> {
        let inner = self.lock();
        let doc = inner.docs.get(uri)?;
        Some(match &doc.snapshot {
            Some(s) => Ok(s.clone()),
            None => Err(SnapshotInput {
                uri: uri.clone(),
                version: doc.version,
                epoch: doc.epoch,
                rope: doc.rope.clone(),
                config: config(doc.kind),
                base: doc.base.clone(),
            }),
        })
    }

    /// Caches a snapshot if it is still the document's current version.
    pub fn store_snapshot(&self, snapshot: &Arc<Snapshot>) {
        let mut inner = self.lock();
        if let Some(doc) = inner.docs.get_mut(&snapshot.uri) {
            if doc.epoch == snapshot.epoch && doc.version == snapshot.version {
                doc.snapshot = Some(snapshot.clone());
                doc.base = snapshot.chunks.clone().map(|c| (c, None));
            }
        }
    }

    /// Drops every cached analysis (after a configuration change).
    pub fn invalidate_all(&self) {
        for doc in self.lock().docs.values_mut() {
            doc.snapshot = None;
            // Chunks made with the old configuration are no base for the new one.
            doc.base = None;
        }
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
