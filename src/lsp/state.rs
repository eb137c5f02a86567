//! Open documents: URI → text (a rope), version, kind and epoch.
//!
//! A [`Document`] is mutated only by the sync handlers, synchronously and in
//! the order the client sent the notifications. What is known about its
//! analysis is the road's [`Cache`], which this store keeps next to the text
//! it describes but never interprets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use baogao_core::DocumentKind;
use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::convert::{self, Encoding, RangeError};
use super::pipeline::cache::{Cache, Snapshot, SnapshotInput};

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub kind: DocumentKind,
    pub epoch: u64,
    /// The road's cache of this document (owned by `pipeline`).
    pub cache: Cache,
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
    /// The file each open document is, by `uri::key`: its URI as opened.
    by_key: HashMap<String, Uri>,
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
        let key = super::uri::key(&uri);
        let mut inner = self.lock();
        inner.next_epoch += 1;
        let epoch = inner.next_epoch;
        inner.by_key.insert(key, uri.clone());
        inner.docs.insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version,
                kind,
                epoch,
                cache: Cache::default(),
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
        let mut batch = doc.cache.begin_batch();
        for (index, change) in changes.iter().enumerate() {
            match change.range {
                None => {
                    rope = Rope::from_str(&change.text);
                    batch.replaced();
                }
                Some(range) => {
                    let bytes = convert::range_from_proto(&rope, range, enc)
                        .map_err(|error| ChangeError::BadRange { index, error })?;
                    batch.edited(bytes.start, bytes.end, change.text.len());
                    let start = rope.byte_to_char(bytes.start);
                    let end = rope.byte_to_char(bytes.end);
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                }
            }
        }
        doc.rope = rope;
        doc.version = version;
        doc.cache.commit(batch);
        Ok(version)
    }

    pub fn close(&self, uri: &Uri) -> bool {
        let key = super::uri::key(uri);
        let mut inner = self.lock();
        if inner.by_key.get(&key) == Some(uri) {
            inner.by_key.remove(&key);
        }
        inner.docs.remove(uri).is_some()
    }

    /// The URI under which the file `uri` names is open: `uri` itself, or
    /// another spelling of the same file (`file:///C:/x.md` for
    /// `file:///c%3A/x.md`, any case on Windows). For drafts, whose URIs are
    /// made from their paths, to find the open buffer that wins over them.
    pub fn open_as(&self, uri: &Uri) -> Option<Uri> {
        {
            let inner = self.lock();
            if inner.docs.contains_key(uri) {
                return Some(uri.clone());
            }
            if inner.by_key.is_empty() {
                return None;
            }
        }
        let key = super::uri::key(uri);
        let inner = self.lock();
        inner
            .by_key
            .get(&key)
            .filter(|u| inner.docs.contains_key(*u))
            .cloned()
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
    pub fn snapshot_or_input(&self, uri: &Uri) -> Option<Result<Arc<Snapshot>, SnapshotInput>> {
        let inner = self.lock();
        let doc = inner.docs.get(uri)?;
        Some(match doc.cache.snapshot() {
            Some(s) => Ok(s),
            None => Err(SnapshotInput {
                uri: uri.clone(),
                version: doc.version,
                epoch: doc.epoch,
                rope: doc.rope.clone(),
                kind: doc.kind,
                base: doc.cache.base(),
                draft: false,
                views: doc.cache.views(),
            }),
        })
    }

    /// Caches a snapshot if it is still the document's current version.
    pub fn store_snapshot(&self, snapshot: &Arc<Snapshot>) {
        let mut inner = self.lock();
        if let Some(doc) = inner.docs.get_mut(&snapshot.uri) {
            if doc.epoch == snapshot.epoch && doc.version == snapshot.version {
                doc.cache.store(snapshot);
            }
        }
    }

    /// Drops every cached analysis (after a configuration change).
    pub fn invalidate_all(&self) {
        for doc in self.lock().docs.values_mut() {
            doc.cache.invalidate();
        }
    }
}
