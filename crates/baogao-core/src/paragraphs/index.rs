//! [`Index`]: the paragraphs of many documents by fingerprint, for twins
//! across files.
//!
//! Most documents of a workspace are drafts on disk that change rarely;
//! one or two are open and change at every keystroke. So the index keeps
//! the settled documents together in one sorted `base`, and each document
//! that was updated in place in a segment of its own (`live`): a keystroke
//! patches its document's segment, never the base, whose size is the whole
//! workspace's (a 10 MB compilation beside the report being typed). A
//! lookup reads the base and every live segment; there are at most
//! [`LIVE_MAX`] of them, the least recently updated going back to the base.

use std::ops::Range;
use std::sync::Arc;

use super::{Paragraphs, STOP};

/// Live segments kept at most: beyond, the least recently updated document
/// joins the base (one merge).
pub const LIVE_MAX: usize = 8;

/// A paragraph that shares prints with the one asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub doc: u32,
    pub para: u32,
    /// Exactly the same normalised text.
    pub exact: bool,
}

/// (print, document, paragraph) and (whole hash, document, paragraph)
/// triples, not yet sorted.
type Entries = (Vec<(u32, u32, u32)>, Vec<(u64, u32, u32)>);

/// Sorted (print, document, paragraph) and (whole hash, document,
/// paragraph) triples of some documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Segment {
    prints: Vec<(u32, u32, u32)>,
    wholes: Vec<(u64, u32, u32)>,
}

impl Segment {
    /// The entries of `p` (document `doc`), paragraphs `which` only.
    fn entries(doc: u32, p: &Paragraphs, which: impl Iterator<Item = u32>) -> Entries {
        let mut prints = Vec::new();
        let mut wholes = Vec::new();
        for i in which {
            wholes.push((p.list[i as usize].whole, doc, i));
            prints.extend(p.prints_of(i as usize).iter().map(|&h| (h, doc, i)));
        }
        // A paragraph's consecutive equal prints count once.
        prints.dedup();
        (prints, wholes)
    }

    fn add(&mut self, (prints, wholes): Entries) {
        merge_sorted(&mut self.prints, prints);
        merge_sorted(&mut self.wholes, wholes);
    }

    fn retain(&mut self, keep: impl Fn(u32, u32) -> bool) {
        self.prints.retain(|e| keep(e.1, e.2));
        self.wholes.retain(|e| keep(e.1, e.2));
    }

    fn of(doc: u32, p: &Paragraphs) -> Segment {
        let mut s = Segment::default();
        s.add(Segment::entries(doc, p, 0..p.list.len() as u32));
        s
    }

    /// The entries with print `h`.
    fn with_print(&self, h: u32) -> &[(u32, u32, u32)] {
        let lo = self.prints.partition_point(|e| e.0 < h);
        let hi = lo + self.prints[lo..].partition_point(|e| e.0 <= h);
        &self.prints[lo..hi]
    }

    /// The entries with whole hash `w`.
    fn with_whole(&self, w: u64) -> &[(u64, u32, u32)] {
        let lo = self.wholes.partition_point(|e| e.0 < w);
        let hi = lo + self.wholes[lo..].partition_point(|e| e.0 <= w);
        &self.wholes[lo..hi]
    }

    fn heap_bytes(&self) -> usize {
        self.prints.capacity() * std::mem::size_of::<(u32, u32, u32)>()
            + self.wholes.capacity() * std::mem::size_of::<(u64, u32, u32)>()
    }
}

/// The paragraphs an edit replaced: those of `old` (first range) that
/// gave way to those of `new` (second range), found as what lies between
/// the longest common head and tail of the two lists by text. A keystroke
/// gives one paragraph of each; an unchanged text, two empty ranges.
pub fn replaced(old: &Paragraphs, new: &Paragraphs) -> (Range<usize>, Range<usize>) {
    let key = |p: &super::Paragraph| (p.whole, p.chars);
    let (a, b) = (&old.list, &new.list);
    let head = a
        .iter()
        .zip(b)
        .take_while(|(x, y)| key(x) == key(y))
        .count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| key(x) == key(y))
        .count();
    (head..a.len() - tail, head..b.len() - tail)
}

/// The document number of an entry given up in place (see [`Live`]).
const DEAD: u32 = u32::MAX;

/// A document's own segment. A keystroke's replaced entries are marked
/// [`DEAD`] where they are (found by binary search) and its new ones go to
/// the small `delta`, so an edit of a 10 MB compilation costs its own
/// entries, not a pass over the document's; the two are merged once the
/// changes reach an eighth of the segment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Live {
    main: Segment,
    delta: Segment,
    dead: usize,
}

impl Live {
    fn of(doc: u32, p: &Paragraphs) -> Live {
        Live {
            main: Segment::of(doc, p),
            ..Live::default()
        }
    }

    /// Replaces the entries of paragraphs `changed` of `old` by those of `new`.
    fn replace(&mut self, doc: u32, old: &Paragraphs, new: &Paragraphs, changed: &[u32]) {
        let (prints, wholes) = Segment::entries(doc, old, changed.iter().copied());
        self.dead += give_up(&mut self.main.prints, &mut self.delta.prints, prints);
        self.dead += give_up(&mut self.main.wholes, &mut self.delta.wholes, wholes);
        self.delta
            .add(Segment::entries(doc, new, changed.iter().copied()));
        let changes = self.dead + self.delta.prints.len() + self.delta.wholes.len();
        if changes > (self.main.prints.len() + self.main.wholes.len()) / 8 {
            self.main.retain(|d, _| d != DEAD);
            let delta = std::mem::take(&mut self.delta);
            self.main.add((delta.prints, delta.wholes));
            self.dead = 0;
        }
    }
}

/// Gives up `entries`: each is marked [`DEAD`] where it stands in the
/// sorted `main` (its key, the first field, keeps the order), or, when it
/// was added since the last merge, removed from the sorted `delta`.
/// Returns how many were marked.
fn give_up<K: Ord + Copy>(
    main: &mut [(K, u32, u32)],
    delta: &mut Vec<(K, u32, u32)>,
    entries: Vec<(K, u32, u32)>,
) -> usize {
    let mut dead = 0;
    for e in entries {
        let lo = main.partition_point(|x| x.0 < e.0);
        match main[lo..]
            .iter_mut()
            .take_while(|x| x.0 == e.0)
            .find(|x| **x == e)
        {
            Some(x) => {
                x.1 = DEAD;
                dead += 1;
            }
            None => {
                if let Ok(i) = delta.binary_search(&e) {
                    delta.remove(i);
                }
            }
        }
    }
    dead
}

/// Merges `new` (sorted here) into the sorted `old`.
fn merge_sorted<T: Ord + Copy>(old: &mut Vec<T>, mut new: Vec<T>) {
    new.sort_unstable();
    if new.is_empty() {
        return;
    }
    if old.is_empty() {
        *old = new;
        return;
    }
    let mut out = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old[i] <= new[j] {
            out.push(old[i]);
            i += 1;
        } else {
            out.push(new[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&old[i..]);
    out.extend_from_slice(&new[j..]);
    *old = out;
}

/// The paragraphs of many documents by fingerprint (see the module docs).
/// Cloning is cheap: the segments are shared until written.
#[derive(Debug, Clone, Default)]
pub struct Index {
    base: Arc<Segment>,
    /// (document, its segment), least recently updated first.
    live: Vec<(u32, Arc<Live>)>,
}

impl Index {
    /// Every segment; their entries of documents [`DEAD`] do not count.
    fn segments(&self) -> impl Iterator<Item = &Segment> {
        std::iter::once(&*self.base).chain(self.live.iter().flat_map(|(_, s)| [&s.main, &s.delta]))
    }

    /// Adds (or replaces) the paragraphs of document `doc`, into the base.
    pub fn insert(&mut self, doc: u32, p: &Paragraphs) {
        self.remove(doc);
        Arc::make_mut(&mut self.base).add(Segment::entries(doc, p, 0..p.list.len() as u32));
    }

    /// Replaces the paragraphs of document `doc`, `old` by `new` (what it
    /// had and has now): the document gets a segment of its own, and when
    /// only a few paragraphs changed in place (a keystroke), only their
    /// entries in it are replaced. Lookups answer as after [`Index::insert`].
    pub fn update(&mut self, doc: u32, old: &Paragraphs, new: &Paragraphs) {
        const FEW_CHANGED: usize = 64;
        let Some(at) = self.live.iter().position(|(d, _)| *d == doc) else {
            // First update: out of the base (once), into a segment of its own.
            self.remove(doc);
            self.live.push((doc, Arc::new(Live::of(doc, new))));
            if self.live.len() > LIVE_MAX {
                let (_, oldest) = self.live.remove(0);
                let mut s = Arc::unwrap_or_clone(oldest);
                s.main.retain(|d, _| d != DEAD);
                let base = Arc::make_mut(&mut self.base);
                base.add((s.main.prints, s.main.wholes));
                base.add((s.delta.prints, s.delta.wholes));
            }
            return;
        };
        let mut entry = self.live.remove(at);
        let segment = Arc::make_mut(&mut entry.1);
        // Paragraphs of equal text have equal prints: the changed ones lie
        // between the common head and tail.
        let (gone, added) = replaced(old, new);
        let in_place = gone == added;
        let changed: Vec<u32> = gone.map(|i| i as u32).collect();
        if !in_place || changed.len() > FEW_CHANGED {
            *segment = Live::of(doc, new);
        } else if !changed.is_empty() {
            segment.replace(doc, old, new, &changed);
        }
        // Most recently updated last.
        self.live.push(entry);
    }

    /// Forgets document `doc`.
    pub fn remove(&mut self, doc: u32) {
        if let Some(at) = self.live.iter().position(|(d, _)| *d == doc) {
            self.live.remove(at);
        }
        if self.base.wholes.iter().any(|e| e.1 == doc) {
            Arc::make_mut(&mut self.base).retain(|d, _| d != doc);
        }
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.segments()
            .all(|s| s.wholes.iter().all(|e| e.1 == DEAD))
    }

    /// Bytes held, for the memory budget.
    pub fn heap_bytes(&self) -> usize {
        self.segments().map(Segment::heap_bytes).sum()
    }

    /// How many paragraphs (in every document) have this exact text.
    pub fn copies(&self, whole: u64) -> usize {
        self.segments()
            .map(|s| s.with_whole(whole).iter().filter(|e| e.1 != DEAD).count())
            .sum()
    }

    /// How many paragraphs of document `doc` have this exact text.
    pub fn copies_in(&self, whole: u64, doc: u32) -> usize {
        self.segments()
            .map(|s| s.with_whole(whole).iter().filter(|e| e.1 == doc).count())
            .sum()
    }

    /// The paragraphs of other documents than `doc` that may be twins of
    /// paragraph `i` of `p` (in `doc`), by document and paragraph: the
    /// exact copies, and those sharing an uncommon print.
    pub fn candidates(&self, doc: u32, p: &Paragraphs, i: usize) -> Vec<Candidate> {
        let para = &p.list[i];
        let mut out: Vec<Candidate> = Vec::new();
        for s in self.segments() {
            out.extend(
                s.with_whole(para.whole)
                    .iter()
                    .filter(|e| e.1 != doc && e.1 != DEAD)
                    .map(|e| Candidate {
                        doc: e.1,
                        para: e.2,
                        exact: true,
                    }),
            );
        }
        let mut shared: Vec<(u32, u32)> = Vec::new();
        let mut own = p.prints_of(i).to_vec();
        own.sort_unstable();
        own.dedup();
        for &h in &own {
            let runs: Vec<&[(u32, u32, u32)]> = self.segments().map(|s| s.with_print(h)).collect();
            // Common to too many paragraphs (of any document): no pointer.
            let live = |e: &&(u32, u32, u32)| e.1 != DEAD;
            if runs
                .iter()
                .map(|r| r.iter().filter(live).count())
                .sum::<usize>()
                > STOP
            {
                continue;
            }
            for r in runs {
                shared.extend(
                    r.iter()
                        .filter(live)
                        .filter(|e| e.1 != doc)
                        .map(|e| (e.1, e.2)),
                );
            }
        }
        shared.sort_unstable();
        shared.dedup();
        for (d, q) in shared {
            if !out.iter().any(|c| c.doc == d && c.para == q) {
                out.push(Candidate {
                    doc: d,
                    para: q,
                    exact: false,
                });
            }
        }
        out.sort_by_key(|c| (c.doc, c.para));
        out
    }

    /// Every entry, sorted, whatever segment holds it: what lookups see.
    #[cfg(test)]
    fn flattened(&self) -> Segment {
        let mut all = Segment::default();
        for s in self.segments() {
            all.add((s.prints.clone(), s.wholes.clone()));
        }
        all.retain(|d, _| d != DEAD);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config, DocumentKind};

    const BODY: &str = "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升，各项工作取得新进展。";

    fn build(t: &str) -> Paragraphs {
        let outline = crate::outline::build(t, DocumentKind::PlainText, None);
        super::super::build(t, DocumentKind::PlainText, &outline, None)
    }

    fn para(words: &str) -> String {
        format!("{words}全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。")
    }

    #[test]
    fn updates_answer_as_an_insert_does() {
        let texts = [
            format!("{}\n{}\n{}\n", para("一"), para("二"), para("三")),
            format!("{}\n{}\n{}\n", para("一"), para("二改"), para("三")),
            format!("{}\n{}\n", para("一"), para("三")),
            String::new(),
        ];
        let other = build(&texts[0]);
        // Every sequence of versions of document 1, with document 0 beside it.
        for seq in [&[0, 1, 2, 1][..], &[1, 0], &[0, 0, 3, 2], &[2, 1, 1, 0, 3]] {
            let mut updated = Index::default();
            updated.insert(0, &other);
            let mut last = build(&texts[seq[0]]);
            updated.insert(1, &last);
            for &v in &seq[1..] {
                let new = build(&texts[v]);
                updated.update(1, &last, &new);
                last = new;
            }
            let mut inserted = Index::default();
            inserted.insert(0, &other);
            inserted.insert(1, &last);
            assert_eq!(updated.flattened(), inserted.flattened(), "{seq:?}");
            for i in 0..last.list.len() {
                assert_eq!(
                    updated.candidates(1, &last, i),
                    inserted.candidates(1, &last, i)
                );
                let w = last.list[i].whole;
                assert_eq!(updated.copies(w), inserted.copies(w));
            }
        }
    }

    /// Keystrokes in a large document replace its entries in place (marked
    /// dead, new ones aside) until they are merged: lookups answer as after
    /// an insert at every step, merged or not.
    #[test]
    fn keystrokes_in_a_large_document_answer_as_an_insert_does() {
        let version = |edits: &[usize]| {
            let mut t = String::new();
            for i in 0..120 {
                let times = edits.iter().filter(|&&e| e == i).count();
                t += &para(&format!("{i}{}", "改".repeat(times)));
                t.push('\n');
            }
            build(&t)
        };
        let other = version(&[]);
        let mut index = Index::default();
        index.insert(0, &other);
        let mut edits = Vec::new();
        let mut last = version(&edits);
        index.insert(1, &last);
        let mut merged = 0;
        for step in 0..40 {
            edits.push((step * 37) % 120);
            let new = version(&edits);
            index.update(1, &last, &new);
            last = new;
            let live = &index.live.last().unwrap().1;
            if live.dead == 0 && live.delta.wholes.is_empty() {
                merged += 1;
            }
            let mut inserted = Index::default();
            inserted.insert(0, &other);
            inserted.insert(1, &last);
            assert_eq!(index.flattened(), inserted.flattened(), "step {step}");
            for i in 0..last.list.len() {
                assert_eq!(
                    index.candidates(1, &last, i),
                    inserted.candidates(1, &last, i)
                );
                assert_eq!(
                    index.candidates(0, &other, i),
                    inserted.candidates(0, &other, i)
                );
                let w = last.list[i].whole;
                assert_eq!(index.copies(w), inserted.copies(w));
                assert_eq!(index.copies_in(w, 1), inserted.copies_in(w, 1));
            }
        }
        assert!(merged > 0 && merged < 40, "merged {merged} times of 40");
    }

    #[test]
    fn the_least_recently_updated_document_goes_back_to_the_base() {
        let a = build(&format!("{}\n", para("一")));
        let b = build(&format!("{}\n", para("二")));
        let mut index = Index::default();
        for doc in 0..(LIVE_MAX as u32 + 2) {
            index.insert(doc, &a);
            index.update(doc, &a, &b);
        }
        assert_eq!(index.live.len(), LIVE_MAX);
        assert_eq!(
            index.live[0].0, 2,
            "documents 0 and 1 went back to the base"
        );
        let mut inserted = Index::default();
        for doc in 0..(LIVE_MAX as u32 + 2) {
            inserted.insert(doc, &b);
        }
        assert_eq!(index.flattened(), inserted.flattened());
        assert_eq!(index.copies(b.list[0].whole), LIVE_MAX + 2);
        index.remove(0);
        index.remove(5);
        assert_eq!(index.copies(b.list[0].whole), LIVE_MAX);
    }

    #[test]
    fn replaced_paragraphs_lie_between_the_common_head_and_tail() {
        let v = |words: &[&str]| build(&words.iter().map(|w| para(w) + "\n").collect::<String>());
        let abc = v(&["一", "二", "三"]);
        assert_eq!(replaced(&abc, &abc), (3..3, 3..3));
        assert_eq!(replaced(&abc, &v(&["一", "二改", "三"])), (1..2, 1..2));
        assert_eq!(replaced(&abc, &v(&["一", "三"])), (1..2, 1..1));
        assert_eq!(replaced(&abc, &v(&["一", "二", "新", "三"])), (2..2, 2..3));
        assert_eq!(replaced(&v(&["一", "一"]), &v(&["一"])), (1..2, 1..1));
        assert_eq!(replaced(&Paragraphs::default(), &abc), (0..0, 0..3));
    }

    #[test]
    fn candidates_in_other_documents_only() {
        let text = format!("{BODY}\n");
        let a = analyze(&text, &Config::default());
        let mut index = Index::default();
        index.insert(0, &a.paragraphs);
        index.insert(1, &a.paragraphs);
        index.insert(2, &Paragraphs::default());
        let c = index.candidates(0, &a.paragraphs, 0);
        assert_eq!(
            c,
            [Candidate {
                doc: 1,
                para: 0,
                exact: true
            }]
        );
        assert_eq!(index.copies(a.paragraphs.list[0].whole), 2);
        index.remove(1);
        assert!(index.candidates(0, &a.paragraphs, 0).is_empty());
        index.insert(0, &Paragraphs::default());
        assert!(index.is_empty());
    }
}
