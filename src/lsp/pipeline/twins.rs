//! The workspace's paragraphs, for `dup-paragraph` across files: the
//! current snapshot of every open document and draft, numbered, and the
//! core's [`Index`] of their paragraph prints. [`Twins::track`] makes a
//! snapshot the current one of its URI (when it is published) and answers
//! which other documents gain or lose a twin, so `pipeline::publish`
//! republishes them; [`Twins::elsewhere`] gives a snapshot's findings whose
//! twin is in another file, with the related location there.
//!
//! Nothing is copied: the snapshots are the ones the store and the drafts
//! hold, and the index keeps 12 bytes per print.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use baogao_core::paragraphs::{self, Index};
use baogao_core::rules::dup_paragraph::{self, Draft};
use tower_lsp_server::ls_types::{DiagnosticRelatedInformation, Location, Uri};

use super::cache::Snapshot;
use crate::lsp::convert::{self, Encoding};

/// A twin's place in another document: (slot, paragraph, how alike).
type Place = (u32, u32, baogao_core::paragraphs::Likeness);

/// The order of [`dup_paragraph::twin_places`]' lists.
fn place_key(p: &Place) -> (u32, u32, bool) {
    (p.0, p.1, p.2 == baogao_core::paragraphs::Likeness::Near)
}

#[derive(Debug, Default)]
struct Inner {
    slots: HashMap<Uri, u32>,
    docs: Vec<Option<Arc<Snapshot>>>,
    free: Vec<u32>,
    /// Shared with readers that work outside the lock (copied on write).
    index: Arc<Index>,
    /// Bumped whenever a document is tracked or forgotten.
    changes: u64,
    /// Per slot, how many of `changes` were its own, and the twins its
    /// paragraphs have in the others (valid while the others stay put).
    own_changes: HashMap<u32, u64>,
    caches: HashMap<u32, dup_paragraph::TwinCache>,
}

impl Inner {
    /// Whether a document other than `slot` is tracked: without one there
    /// is no twin elsewhere to look for (one open report, no drafts).
    fn others_than(&self, slot: u32) -> bool {
        self.docs
            .iter()
            .enumerate()
            .any(|(i, d)| d.is_some() && i != slot as usize)
    }

    fn draft(&self, slot: u32) -> Option<Draft<'_>> {
        let s = self.docs.get(slot as usize)?.as_ref()?;
        Some(Draft {
            text: &s.text,
            paragraphs: &s.analysis.paragraphs,
        })
    }

    /// Keeps `slot`'s answers when it is an open document (typed in, asked
    /// again and again); a draft on disk is asked once per change of its
    /// file, which does not pay for the memory.
    fn keep_cache(&mut self, slot: u32, cache: dup_paragraph::TwinCache) {
        let open = self
            .docs
            .get(slot as usize)
            .and_then(Option::as_ref)
            .is_some_and(|s| !s.draft);
        if open {
            self.caches.insert(slot, cache);
        }
    }

    /// How many times documents other than `slot` changed.
    fn others_generation(&self, slot: u32) -> u64 {
        self.changes - self.own_changes.get(&slot).copied().unwrap_or(0)
    }

    /// The twins other documents hold of the paragraphs of `slot`.
    fn twin_places(&mut self, slot: u32) -> Vec<Place> {
        match self.docs.get(slot as usize).cloned().flatten() {
            Some(s) => self.twin_places_of(slot, &s, 0..s.analysis.paragraphs.list.len()),
            None => Vec::new(),
        }
    }

    /// The twins other documents hold of the paragraphs `which` of
    /// `snapshot`, the document in `slot` (now or before this change).
    fn twin_places_of(
        &mut self,
        slot: u32,
        snapshot: &Snapshot,
        which: Range<usize>,
    ) -> Vec<Place> {
        if which.is_empty() {
            return Vec::new();
        }
        let generation = self.others_generation(slot);
        let mut cache = self.caches.remove(&slot).unwrap_or_default();
        let this = Draft {
            text: &snapshot.text,
            paragraphs: &snapshot.analysis.paragraphs,
        };
        let found = dup_paragraph::twin_places_of(
            slot,
            this,
            which,
            &self.index,
            |i| self.draft(i),
            cache.at(generation),
        );
        self.keep_cache(slot, cache);
        found
    }

    /// The URIs of the documents named in `places`.
    fn uris_of<'p>(&self, places: impl IntoIterator<Item = &'p Place>) -> Vec<Uri> {
        let mut slots: Vec<u32> = places.into_iter().map(|p| p.0).collect();
        slots.sort_unstable();
        slots.dedup();
        slots
            .into_iter()
            .filter_map(|i| Some(self.docs.get(i as usize)?.as_ref()?.uri.clone()))
            .collect()
    }
}

/// A finding whose twin is in another document, ready for the client.
#[derive(Debug, Clone)]
pub struct Elsewhere {
    pub diagnostic: baogao_core::Diagnostic,
    pub related: DiagnosticRelatedInformation,
}

/// The paragraphs of every open document and draft (see the module docs).
#[derive(Debug, Default)]
pub struct Twins {
    inner: Mutex<Inner>,
}

impl Twins {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes `snapshot` the current one of its URI. Returns the other
    /// documents that had or now have a twin of one of its paragraphs:
    /// their findings may have changed.
    pub fn track(&self, snapshot: &Arc<Snapshot>) -> Vec<Uri> {
        let mut inner = self.lock();
        let slot = match inner.slots.get(&snapshot.uri) {
            Some(&slot) => slot,
            None => {
                let slot = inner.free.pop().unwrap_or(inner.docs.len() as u32);
                if slot as usize == inner.docs.len() {
                    inner.docs.push(None);
                }
                inner.slots.insert(snapshot.uri.clone(), slot);
                slot
            }
        };
        if inner.docs[slot as usize]
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, snapshot))
        {
            return Vec::new();
        }
        let others = inner.others_than(slot);
        let previous = inner.docs[slot as usize].clone();
        // Only the paragraphs the edit replaced can change what the other
        // documents find (a keystroke replaces one): their twins before the
        // edit and after it are compared, not every paragraph's.
        let (gone, added) = match &previous {
            Some(p) => paragraphs::replaced(&p.analysis.paragraphs, &snapshot.analysis.paragraphs),
            None => (0..0, 0..snapshot.analysis.paragraphs.list.len()),
        };
        let before = match &previous {
            Some(p) if others => inner.twin_places_of(slot, p, gone),
            _ => Vec::new(),
        };
        let index = Arc::make_mut(&mut inner.index);
        match &previous {
            Some(p) => index.update(slot, &p.analysis.paragraphs, &snapshot.analysis.paragraphs),
            None => index.insert(slot, &snapshot.analysis.paragraphs),
        }
        inner.docs[slot as usize] = Some(snapshot.clone());
        inner.changes += 1;
        *inner.own_changes.entry(slot).or_default() += 1;
        let after = if others {
            inner.twin_places_of(slot, snapshot, added)
        } else {
            Vec::new()
        };
        // Both lists are sorted: the places in one of them only.
        let mut changed: Vec<Place> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < before.len() || j < after.len() {
            match (before.get(i), after.get(j)) {
                (Some(x), Some(y)) if x == y => (i, j) = (i + 1, j + 1),
                (Some(x), Some(y)) if place_key(x) < place_key(y) => {
                    changed.push(*x);
                    i += 1;
                }
                (Some(x), None) => {
                    changed.push(*x);
                    i += 1;
                }
                (_, Some(y)) => {
                    changed.push(*y);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        // A twin that is boilerplate without this document is no finding
        // there, before or after (a compilation holding many copies).
        changed.retain(|&(d, q, _)| {
            let whole = inner
                .docs
                .get(d as usize)
                .and_then(Option::as_ref)
                .and_then(|s| s.analysis.paragraphs.list.get(q as usize))
                .map(|p| p.whole);
            whole.is_some_and(|w| dup_paragraph::may_change_findings(&inner.index, slot, w))
        });
        let mut affected = inner.uris_of(&changed);
        affected.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        affected.dedup();
        affected.retain(|u| u != &snapshot.uri);
        affected
    }

    /// Forgets `uri` (closed and no draft, or a draft gone). Returns the
    /// documents that had a twin in it.
    pub fn forget(&self, uri: &Uri) -> Vec<Uri> {
        let mut inner = self.lock();
        let Some(slot) = inner.slots.remove(uri) else {
            return Vec::new();
        };
        let places = inner.twin_places(slot);
        let affected = inner.uris_of(&places);
        Arc::make_mut(&mut inner.index).remove(slot);
        inner.docs[slot as usize] = None;
        inner.free.push(slot);
        inner.changes += 1;
        inner.own_changes.remove(&slot);
        inner.caches.remove(&slot);
        affected
    }

    /// The findings of `snapshot` whose twin is in another tracked
    /// document, with the related location there in `enc`.
    pub fn elsewhere(&self, snapshot: &Snapshot, enc: Encoding) -> Vec<Elsewhere> {
        // What the lookup reads is taken under the lock (the index and the
        // documents are shared, not copied) and the lookup runs outside it:
        // a large draft published again must not hold up a keystroke.
        let (slot, generation, mut cache, index, docs) = {
            let mut inner = self.lock();
            if inner.index.is_empty() {
                return Vec::new();
            }
            let slot = inner.slots.get(&snapshot.uri).copied().unwrap_or(u32::MAX);
            if !inner.others_than(slot) {
                return Vec::new();
            }
            let generation = inner.others_generation(slot);
            let cache = inner.caches.remove(&slot).unwrap_or_default();
            (
                slot,
                generation,
                cache,
                inner.index.clone(),
                inner.docs.clone(),
            )
        };
        let draft = |i: u32| {
            let s = docs.get(i as usize)?.as_ref()?;
            Some(Draft {
                text: &s.text,
                paragraphs: &s.analysis.paragraphs,
            })
        };
        let this = Draft {
            text: &snapshot.text,
            paragraphs: &snapshot.analysis.paragraphs,
        };
        let found = dup_paragraph::elsewhere(
            &snapshot.config,
            slot,
            this,
            &snapshot.analysis.diagnostics,
            &index,
            draft,
            cache.at(generation),
        );
        {
            let mut inner = self.lock();
            // Kept only if nobody changed a document meanwhile.
            if inner.others_generation(slot) == generation {
                inner.keep_cache(slot, cache);
            }
        }
        found
            .into_iter()
            .filter_map(|e| {
                let other = docs.get(e.doc as usize)?.as_ref()?;
                Some(Elsewhere {
                    related: DiagnosticRelatedInformation {
                        location: Location::new(
                            other.uri.clone(),
                            convert::range_in(other, e.range, enc),
                        ),
                        message: e.note,
                    },
                    diagnostic: e.diagnostic,
                })
            })
            .collect()
    }

    /// Bytes of the index, for the memory budget.
    pub fn index_bytes(&self) -> usize {
        self.lock().index.heap_bytes()
    }
}
