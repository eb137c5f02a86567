//! Word completion: the words of every open document, segmented with jieba.
//!
//! Editors treat a whole run of Chinese characters as one "word", so their
//! own word completion is useless for a report. Here the open documents are
//! cut into words with `jieba-rs`, counted, and offered when the characters
//! before the cursor begin one of them (any suffix of the run counts, so
//! `加强组` offers `组织`), or when the letters before the cursor are its
//! pinyin initials (`zz` offers `组织`), most frequent first.
//!
//! Phrases that recur (two or three adjacent words seen at least twice, such
//! as `网格化管理`) are offered whole beside the words.
//!
//! The dictionary (about 350 000 entries) is loaded once per process on a
//! thread of its own, started at the first need; until it is ready word
//! completion never waits and offers the continuations the document itself
//! repeats (`网格` → `网格化管理` when the text has it twice). Once it is ready, each session
//! that needed it is told so with a `baogao/dictionaryLoaded` notification
//! (params `{}`, sent once per session, at once when the dictionary was
//! already loaded): clients may ask for completion again, and tests wait for
//! it instead of polling.
//! Each document's words are cached per version; a request uses the cache
//! even when it is a few edits old and refreshes it in the background, so
//! only a document's first request segments it on the request path (off the
//! async threads).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use jieba_rs::Jieba;
use pinyin::ToPinyinMulti;
use ropey::Rope;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

static DICTIONARY: OnceLock<Jieba> = OnceLock::new();
static LOADING: AtomicBool = AtomicBool::new(false);
/// Woken when the dictionary is set.
static LOADED: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// `baogao/dictionaryLoaded`: the word dictionary is ready (see the module doc).
pub enum DictionaryLoaded {}

impl Notification for DictionaryLoaded {
    type Params = serde_json::Value;
    const METHOD: &'static str = "baogao/dictionaryLoaded";
}

/// Waits until the dictionary is loaded (forever if it never is).
async fn loaded() {
    let notified = LOADED.notified();
    tokio::pin!(notified);
    // Registered before the check, so a load in between is not missed.
    notified.as_mut().enable();
    if DICTIONARY.get().is_some() {
        return;
    }
    notified.await;
}
/// Resident set size of this process in KiB, from `/proc` where there is one.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Environment variable that delays the dictionary load by that many
/// milliseconds (at most a minute), so tests can watch the server work
/// without it.
pub const DELAY_VARIABLE: &str = "BAOGAO_DICTIONARY_DELAY_MS";

/// Starts loading the dictionary on a thread of its own, once per process.
pub fn start_loading() {
    if DICTIONARY.get().is_some() || LOADING.swap(true, Ordering::SeqCst) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("baogao-jieba".to_string())
        .spawn(|| {
            // A testing aid: hold the dictionary back to observe the loading window.
            if let Some(ms) = std::env::var(DELAY_VARIABLE)
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
            {
                std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
            }
            let before = rss_kib();
            let started = Instant::now();
            let jieba = Jieba::new();
            let elapsed = started.elapsed();
            let _ = DICTIONARY.set(jieba);
            LOADED.notify_waiters();
            let rss_kib = match (before, rss_kib()) {
                (Some(b), Some(a)) => a.saturating_sub(b),
                _ => 0,
            };
            tracing::info!(
                elapsed_ms = elapsed.as_millis() as u64,
                rss_kib,
                "jieba dictionary loaded"
            );
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the dictionary thread: {e}");
        LOADING.store(false, Ordering::SeqCst);
    }
}

/// The dictionary if it is loaded; otherwise starts loading it and returns `None`.
pub fn dictionary() -> Option<&'static Jieba> {
    let d = DICTIONARY.get();
    if d.is_none() {
        start_loading();
    }
    d
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        | '\u{30000}'..='\u{3134F}')
}

/// One word of a document.
#[derive(Debug)]
struct Word {
    text: String,
    count: u32,
    /// Per character, the set of possible pinyin initials (bit 0 = `a`).
    initials: Vec<u32>,
}

/// Whether the pinyin initials of consecutive characters of `text` spell
/// `query` (lowercase ASCII letters): `gzzj` matches `2023年工作总结`.
pub fn initials_match(text: &str, query: &str) -> bool {
    let q: Vec<u8> = query.bytes().filter(u8::is_ascii_lowercase).collect();
    if q.is_empty() || q.len() != query.len() {
        return false;
    }
    let initials = initials_of(text);
    initials.windows(q.len()).any(|w| {
        w.iter()
            .zip(&q)
            .all(|(set, b)| set & (1 << (b - b'a')) != 0)
    })
}

fn initials_of(word: &str) -> Vec<u32> {
    word.chars()
        .map(|c| {
            c.to_pinyin_multi().map_or(0, |m| {
                m.into_iter()
                    .filter_map(|p| p.first_letter().bytes().next())
                    .filter(u8::is_ascii_lowercase)
                    .fold(0u32, |acc, b| acc | 1 << (b - b'a'))
            })
        })
        .collect()
}

/// Longest recurring phrase offered, in characters.
const MAX_PHRASE: usize = 8;

/// The words (two or more Chinese characters) of `text` with their counts,
/// and the phrases that recur: two or three adjacent words, with no
/// punctuation between them, that occur at least twice (`网格化管理` is
/// `网格化` + `管理` to jieba, but a report repeats it whole).
fn segment(jieba: &Jieba, text: &str) -> Vec<Word> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    let mut phrases: HashMap<&str, u32> = HashMap::new();
    // Byte ranges of the last two Han tokens that touch the current one.
    let mut run: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for token in jieba.cut(text, true) {
        let w = token.word;
        let range = at..at + w.len();
        at = range.end;
        if !w.chars().all(is_han) {
            run.clear();
            continue;
        }
        if w.chars().nth(1).is_some() {
            *counts.entry(w).or_default() += 1;
        }
        run.push(range.clone());
        if run.len() > 3 {
            run.remove(0);
        }
        for start in run.iter().rev().skip(1).map(|r| r.start) {
            let phrase = &text[start..range.end];
            if phrase.chars().count() <= MAX_PHRASE {
                *phrases.entry(phrase).or_default() += 1;
            }
        }
    }
    for (phrase, n) in phrases {
        if n >= 2 && !counts.contains_key(phrase) {
            counts.insert(phrase, n);
        }
    }
    counts
        .into_iter()
        .map(|(w, count)| Word {
            text: w.to_string(),
            count,
            initials: initials_of(w),
        })
        .collect()
}

/// Before the dictionary is ready: the continuations of the typed run that
/// recur in the document itself (the text after each occurrence of its last
/// one or two characters, up to the next non-Han character, at most
/// [`MAX_PHRASE`] characters, seen at least twice), so the first request
/// after start-up is useful.
fn document_words(text: &str, typed: &Typed) -> Vec<WordMatch> {
    let Typed::Han(run) = typed else {
        return Vec::new();
    };
    let run_text = &text[run.clone()];
    let tail_start = run_text.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    let tail = &run_text[tail_start..];
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for (at, _) in text.match_indices(tail) {
        if at == run.start + tail_start {
            continue;
        }
        let rest = &text[at..];
        let len: usize = rest
            .chars()
            .take_while(|&c| is_han(c))
            .take(MAX_PHRASE)
            .map(char::len_utf8)
            .sum();
        // Every prefix longer than the tail is a candidate; the longest
        // recurring ones win below.
        let mut end = tail.len();
        for c in rest[tail.len()..len].chars() {
            end += c.len_utf8();
            *counts.entry(&rest[..end]).or_default() += 1;
        }
    }
    let mut out: Vec<WordMatch> = counts
        .into_iter()
        .filter(|&(w, n)| n >= 2 && w.chars().count() >= 2)
        .map(|(w, count)| WordMatch {
            word: w.to_string(),
            count,
            replace: run.start + tail_start..run.end,
            filter: w.to_string(),
        })
        .collect();
    // A continuation as frequent as a longer one adds nothing: keep the longest.
    let all = out.clone();
    out.retain(|m| {
        !all.iter().any(|o| {
            o.word.len() > m.word.len() && o.word.starts_with(&m.word) && o.count == m.count
        })
    });
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    out.truncate(MAX_WORDS);
    out
}

#[derive(Debug)]
struct Entry {
    version: i32,
    epoch: u64,
    words: Arc<Vec<Word>>,
    refreshing: bool,
}

type Entries = Arc<Mutex<HashMap<Uri, Entry>>>;

/// Per-document word lists, keyed by URI, and whether this session was told
/// that the dictionary is loaded.
#[derive(Debug, Default)]
pub struct WordIndex {
    docs: Entries,
    announced: AtomicBool,
}

fn lock(docs: &Entries) -> MutexGuard<'_, HashMap<Uri, Entry>> {
    docs.lock().unwrap_or_else(PoisonError::into_inner)
}

impl WordIndex {
    /// The dictionary if it is loaded; otherwise starts loading it and
    /// returns `None`. Either way, the first call of a session arranges for
    /// `baogao/dictionaryLoaded` to be sent once it is ready.
    fn dictionary(&self, client: &Client) -> Option<&'static Jieba> {
        let d = dictionary();
        if !self.announced.swap(true, Ordering::SeqCst) {
            let client = client.clone();
            tokio::spawn(async move {
                loaded().await;
                client
                    .send_notification::<DictionaryLoaded>(serde_json::json!({}))
                    .await;
            });
        }
        d
    }
}

/// What the cursor has typed of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// A run of Chinese characters, with its byte range.
    Han(Range<usize>),
    /// A run of ASCII letters (pinyin initials), with its byte range.
    Letters(Range<usize>),
}

/// Longest run considered, in characters.
const MAX_RUN: usize = 12;

/// The run of Chinese characters or of ASCII letters just before `offset`.
pub fn typed_before(text: &str, offset: usize) -> Option<Typed> {
    let offset = (0..=offset.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..offset];
    let last = before.chars().next_back()?;
    let han = is_han(last);
    if !han && !last.is_ascii_alphabetic() {
        return None;
    }
    let mut start = offset;
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        let same = if han {
            is_han(c)
        } else {
            c.is_ascii_alphabetic()
        };
        if !same || n == MAX_RUN {
            break;
        }
        start = i;
    }
    if !han {
        // Letters glued to digits or to a Latin word are not pinyin initials.
        if before[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return None;
        }
        return Some(Typed::Letters(start..offset));
    }
    Some(Typed::Han(start..offset))
}

/// One word to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    pub word: String,
    pub count: u32,
    /// The bytes the word replaces (what was typed of it).
    pub replace: Range<usize>,
    /// What the editor should filter on.
    pub filter: String,
}

/// How many words one request offers.
const MAX_WORDS: usize = 30;

/// Matches the typed run against word lists (summing counts across documents).
fn matches(text: &str, typed: &Typed, lists: &[Arc<Vec<Word>>]) -> Vec<WordMatch> {
    // word → (rank key, count, replace, filter)
    let mut found: HashMap<&str, (usize, u32, Range<usize>, String)> = HashMap::new();
    match typed {
        Typed::Han(run) => {
            let run_text = &text[run.clone()];
            // Longer suffixes first: `加强组` tries `加强组`, `强组`, then `组`.
            let suffixes: Vec<usize> = run_text.char_indices().map(|(i, _)| i).collect();
            for list in lists {
                for w in list.iter() {
                    let rank = suffixes.iter().enumerate().find_map(|(rank, &i)| {
                        let suffix = &run_text[i..];
                        (w.text.len() > suffix.len() && w.text.starts_with(suffix))
                            .then_some((rank, run.start + i))
                    });
                    if let Some((rank, start)) = rank {
                        let e = found
                            .entry(w.text.as_str())
                            .or_insert_with(|| (rank, 0, start..run.end, w.text.clone()));
                        e.1 += w.count;
                    }
                }
            }
        }
        Typed::Letters(run) => {
            let letters: Vec<u8> = text[run.clone()]
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .collect();
            if letters.len() < 2 {
                return Vec::new();
            }
            for list in lists {
                for w in list.iter() {
                    if w.initials.len() < letters.len()
                        || !letters
                            .iter()
                            .zip(&w.initials)
                            .all(|(&l, &set)| set & (1 << (l - b'a')) != 0)
                    {
                        continue;
                    }
                    let e = found.entry(w.text.as_str()).or_insert_with(|| {
                        // The typed letters, then the first reading of the rest.
                        let mut filter = String::from_utf8_lossy(&letters).into_owned();
                        for set in &w.initials[letters.len()..] {
                            if *set != 0 {
                                filter.push((b'a' + set.trailing_zeros() as u8) as char);
                            }
                        }
                        // Exact length first, then longer words.
                        let rank = usize::from(w.initials.len() != letters.len());
                        (rank, 0, run.clone(), filter)
                    });
                    e.1 += w.count;
                }
            }
        }
    }
    let mut out: Vec<(usize, WordMatch)> = found
        .into_iter()
        .map(|(word, (rank, count, replace, filter))| {
            (
                rank,
                WordMatch {
                    word: word.to_string(),
                    count,
                    replace,
                    filter,
                },
            )
        })
        .collect();
    out.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.word.cmp(&b.word))
    });
    out.truncate(MAX_WORDS);
    out.into_iter().map(|(_, m)| m).collect()
}

/// Refreshes the cached words of a document in the background.
fn refresh(docs: &Entries, jieba: &'static Jieba, uri: Uri, version: i32, epoch: u64, rope: Rope) {
    let docs = docs.clone();
    tokio::task::spawn_blocking(move || {
        let words = Arc::new(segment(jieba, &rope.to_string()));
        let mut docs = lock(&docs);
        if let Some(e) = docs.get_mut(&uri) {
            e.refreshing = false;
            // A refresh of an older version must not replace a newer one.
            if e.epoch != epoch || e.version < version {
                e.version = version;
                e.epoch = epoch;
                e.words = words;
            }
        }
    });
}

/// Word completions at `offset` of `current` (whose text is `text`), from
/// the words of `docs` (every open document's URI, version, epoch and text).
pub async fn complete(
    index: &WordIndex,
    client: &Client,
    docs: Vec<(Uri, i32, u64, Rope)>,
    current: &Uri,
    text: &str,
    offset: usize,
) -> Vec<WordMatch> {
    let Some(typed) = typed_before(text, offset) else {
        return Vec::new();
    };
    let Some(jieba) = index.dictionary(client) else {
        // Loading: offer what the document itself repeats, never wait.
        let text = text.to_string();
        return tokio::task::spawn_blocking(move || document_words(&text, &typed))
            .await
            .unwrap_or_default();
    };
    let entries = &index.docs;
    let mut lists = Vec::with_capacity(docs.len());
    let mut missing_current = None;
    {
        let mut index = lock(entries);
        index.retain(|uri, _| docs.iter().any(|(u, ..)| u == uri));
        for (uri, version, epoch, rope) in docs {
            match index.get_mut(&uri) {
                Some(e) => {
                    lists.push(e.words.clone());
                    let stale = e.epoch != epoch || e.version != version;
                    if stale && !e.refreshing {
                        e.refreshing = true;
                        refresh(entries, jieba, uri, version, epoch, rope);
                    }
                }
                None if &uri == current => missing_current = Some((uri, version, epoch, rope)),
                None => {
                    index.insert(
                        uri.clone(),
                        Entry {
                            version: -1,
                            epoch,
                            words: Arc::default(),
                            refreshing: true,
                        },
                    );
                    refresh(entries, jieba, uri, version, epoch, rope);
                }
            }
        }
    }
    // The document being edited is segmented now, the first time only.
    if let Some((uri, version, epoch, rope)) = missing_current {
        if let Ok(words) =
            tokio::task::spawn_blocking(move || Arc::new(segment(jieba, &rope.to_string()))).await
        {
            lists.push(words.clone());
            lock(entries).entry(uri).or_insert(Entry {
                version,
                epoch,
                words,
                refreshing: false,
            });
        }
    }
    let text = text.to_string();
    tokio::task::spawn_blocking(move || matches(&text, &typed, &lists))
        .await
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_runs() {
        let t = "一、加强组";
        assert_eq!(typed_before(t, t.len()), Some(Typed::Han(6..t.len())));
        let t = "工作，zz";
        assert_eq!(
            typed_before(t, t.len()),
            Some(Typed::Letters(t.len() - 2..t.len()))
        );
        assert_eq!(typed_before("PM2zz", 5), None);
        assert_eq!(typed_before("工作。", "工作。".len()), None);
        assert_eq!(typed_before("", 0), None);
        // Inside a character: snapped back.
        assert_eq!(typed_before("组织", 4), Some(Typed::Han(0..3)));
    }

    fn list(words: &[(&str, u32)]) -> Arc<Vec<Word>> {
        Arc::new(
            words
                .iter()
                .map(|(w, c)| Word {
                    text: w.to_string(),
                    count: *c,
                    initials: initials_of(w),
                })
                .collect(),
        )
    }

    #[test]
    fn suffixes_and_initials_ranked_by_count() {
        let lists = [
            list(&[("组织", 3), ("组织领导", 5), ("强化", 1), ("加强", 9)]),
            list(&[("组织", 4)]),
        ];
        let t = "加强组";
        let got = matches(t, &typed_before(t, t.len()).unwrap(), &lists);
        let words: Vec<(&str, u32)> = got.iter().map(|m| (m.word.as_str(), m.count)).collect();
        assert_eq!(words, [("组织", 7), ("组织领导", 5)]);
        assert_eq!(got[0].replace, 6..9);

        let t = "，zz";
        let got = matches(t, &typed_before(t, t.len()).unwrap(), &lists);
        assert_eq!(got[0].word, "组织");
        assert_eq!(got[0].filter, "zz");
        assert_eq!(got[1].word, "组织领导");
        assert_eq!(got[1].filter, "zzld");
        // `jq` is 加强 (and 加 has no other reading starting with q).
        let t = "jq";
        let got = matches(t, &typed_before(t, t.len()).unwrap(), &lists);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].word, "加强");
    }

    #[test]
    fn recurring_phrases_are_offered_whole() {
        let jieba = Jieba::new();
        let text = "网格化管理全面推开，网格化管理覆盖全镇。";
        let words = Arc::new(segment(&jieba, text));
        let phrase = words.iter().find(|w| w.text == "网格化管理");
        assert_eq!(phrase.map(|w| w.count), Some(2), "{words:?}");
        // A phrase seen once is not offered.
        assert!(!words.iter().any(|w| w.text == "全面推开"), "{words:?}");
        let t = "网格";
        let got = matches(t, &typed_before(t, t.len()).unwrap(), &[words]);
        assert!(got.iter().any(|m| m.word == "网格化管理"), "{got:?}");
    }

    #[test]
    fn before_the_dictionary_the_document_offers_what_it_repeats() {
        let text = "网格化管理全面推开，网格化管理覆盖全镇。\n网格";
        let got = document_words(text, &typed_before(text, text.len()).unwrap());
        let words: Vec<(&str, u32)> = got.iter().map(|m| (m.word.as_str(), m.count)).collect();
        assert_eq!(words, [("网格化管理", 2)]);
        assert_eq!(&text[got[0].replace.clone()], "网格");
        assert!(document_words(
            "加强组织领导。\n加强组",
            &typed_before("加强组织领导。\n加强组", 31).unwrap()
        )
        .is_empty());
    }
}
