//! `dup-paragraph`: a paragraph repeated, exactly or nearly, elsewhere in
//! the same text or in another draft of the folder.
//!
//! What a paragraph is and how it is fingerprinted is `paragraphs.rs`. Two
//! paragraphs are twins when their normalised texts are equal (a copy,
//! perhaps re-punctuated), share a run of [`RUN`](crate::paragraphs::RUN) characters, or share more
//! than [`SHARE_PERCENT`](crate::paragraphs::SHARE_PERCENT)% of the smaller one's 6-character grams (a copy
//! with a few words changed); candidates come from shared prints (hashing),
//! and the decision is made on the two texts ([`compare`]).
//!
//! Within one text the later copy is reported, pointing at the first. The
//! check runs over the whole text's paragraphs once its parts are analysed
//! ([`check_document`], called by `analyze` and by `incremental::merge`), so
//! chunked analysis finds the same twins; the registry's `check` does
//! nothing. Across files ([`elsewhere`]) every copy is reported, pointing at
//! the first twin of the other files; the caller (the CLI, the server)
//! knows which file that is.
//!
//! Not findings: a paragraph with [`BOILERPLATE`] copies or more (a set
//! passage every report of a compilation carries), headings, table-of-contents
//! entries, closing formulas and paragraphs under [`MIN_CHARS`](crate::paragraphs::MIN_CHARS) characters.

use std::ops::Range;

use super::{Category, RuleContext, RuleMeta};
use crate::paragraphs::{
    candidate_pairs, compare, Index, Likeness, Paragraph, Paragraphs, Scratch,
};
use crate::{excerpt, Config, Diagnostic, Language, Related, Severity};

const DOCS: &str = "做什么：找出在同一文件中，或在文件夹的另一份文稿中，重复出现的段落：完全相同（标点、空格不同也算），或大体相同（有 80 个字以上连续相同，或较短一段的大部分文字都在另一段里）。提示指向重复的另一处。\n\n为什么：照搬去年报告的一节、或在汇编里把同一段放进两篇报告，是写总结时最常见的疏漏，读者一眼就能看出来。每个单位都有的固定段落（一篇汇编里出现 4 次以上的同一段）、标题、目录、结尾套语（“以上报告…”“特此报告”）和 40 字以下的短段落不算。默认级别为“提示”：重复有时是有意的（引用上级文件的原文），且文件夹里的几稿本来就大段相同，需要人来判断。\n\n示例：`二、存在的问题` 下写了 `全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。`，`三、下步打算` 下又写了一遍 `全年共完成投资四十三亿元,同比增长百分之八,重点项目建设有序推进,群众满意度持续提升.`\n\n改为：删去其中一处，或按本节的内容改写。";

pub(crate) const RULE: RuleMeta = RuleMeta {
    code: "dup-paragraph",
    name: "段落重复",
    category: Category::Repetition,
    default_severity: Severity::Information,
    summary: "同一文件或文件夹内另一份文稿中完全相同或大体相同的段落",
    summary_en:
        "A paragraph repeated exactly or nearly, in the same file or another draft of the folder",
    docs: DOCS,
    check,
    fix: None,
    settings: &[],
};

/// A paragraph with this many copies (itself included) or more is
/// boilerplate, not a recycled passage: recycling gives two or three.
pub const BOILERPLATE: usize = 4;

/// Nothing: the check needs the whole text's paragraphs, which chunks do not
/// have, and runs in [`check_document`] once they are merged.
fn check(_: &RuleContext, _: &mut Vec<Diagnostic>) {}

fn say(config: &Config, zh: String, en: impl FnOnce() -> String) -> String {
    match config.language {
        Language::Zh => zh,
        Language::En => en(),
    }
}

fn message(
    config: &Config,
    likeness: Likeness,
    other_file: bool,
    twin: &str,
    more: usize,
) -> String {
    let quoted = excerpt(twin.trim());
    let (zh_where, en_where) = if other_file {
        ("另一份文稿中", "in another draft")
    } else {
        ("前文", "earlier")
    };
    let zh_more = if more > 0 {
        format!("（另有 {more} 处相似）")
    } else {
        String::new()
    };
    say(
        config,
        match likeness {
            Likeness::Exact => {
                format!("此段与{zh_where}一段相同：“{quoted}”{zh_more}；删去重复的一处，或改写")
            }
            Likeness::Near => format!(
                "此段与{zh_where}一段大体相同：“{quoted}”{zh_more}；核对是否照搬了旧文，删去或改写"
            ),
        },
        || {
            let more = if more > 0 {
                format!(" ({more} more similar)")
            } else {
                String::new()
            };
            match likeness {
                Likeness::Exact => format!(
                    "This paragraph repeats one {en_where}: “{quoted}”{more}; delete one copy or rewrite it"
                ),
                Likeness::Near => format!(
                    "This paragraph is nearly the same as one {en_where}: “{quoted}”{more}; check whether it was copied, then delete or rewrite it"
                ),
            }
        },
    )
}

fn note(config: &Config, likeness: Likeness) -> String {
    match (config.language, likeness) {
        (Language::Zh, Likeness::Exact) => "相同的段落在此".into(),
        (Language::Zh, Likeness::Near) => "相似的段落在此".into(),
        (Language::En, Likeness::Exact) => "The same paragraph is here".into(),
        (Language::En, Likeness::Near) => "The similar paragraph is here".into(),
    }
}

/// A pair of twin paragraphs of one text, by index (earlier, later), and
/// how alike they are.
pub(crate) type Pair = (u32, u32, Likeness);

/// Reports the paragraphs of `text` that repeat an earlier one of it.
/// `known` are the twin pairs [`twin_pairs`] gives, when known already
/// (kept from the text's previous version by `incremental::prints_after`).
/// Returns the pairs; `None` when the rule is off.
pub(crate) fn check_document(
    text: &str,
    config: &Config,
    paragraphs: &Paragraphs,
    sorted_prints: &[u64],
    known: Option<Vec<Pair>>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Pair>> {
    let severity = config.severity_of(&RULE)?;
    let list = &paragraphs.list;
    if list.len() < 2 {
        return Some(Vec::new());
    }
    let twins = known.unwrap_or_else(|| twin_pairs(text, paragraphs, sorted_prints));
    let mut count: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for &(a, b, _) in &twins {
        *count.entry(a).or_default() += 1;
        *count.entry(b).or_default() += 1;
    }
    // Each later copy points at its first twin.
    for run in twins.chunk_by(|x, y| x.1 == y.1) {
        let (first, b, likeness) = run[0];
        let n = count.get(&b).copied().unwrap_or(0);
        if n + 1 >= BOILERPLATE {
            continue;
        }
        let twin = &list[first as usize];
        out.push(finding(
            config,
            severity,
            &list[b as usize],
            likeness,
            false,
            &text[twin.range.clone()],
            n - 1,
            vec![Related {
                range: twin.range.clone(),
                message: note(config, likeness),
            }],
        ));
    }
    Some(twins)
}

/// The twin pairs among the paragraphs of `text`, sorted by (later,
/// earlier): each candidate pair compared, except within a family that is
/// boilerplate already. What a report says depends on the pairs alone.
fn twin_pairs(text: &str, paragraphs: &Paragraphs, sorted_prints: &[u64]) -> Vec<Pair> {
    let list = &paragraphs.list;
    let mut scratch = Scratch::default();
    let mut twins: Vec<Pair> = Vec::new();
    // The number of twins of each paragraph so far.
    let mut count: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for (a, b) in candidate_pairs(paragraphs, sorted_prints) {
        // A paragraph with enough twins is boilerplate already: its family
        // needs no more comparing (a text of one passage copied many times).
        let known = |p: u32| count.get(&p).copied().unwrap_or(0) + 1 >= BOILERPLATE;
        if known(a) && known(b) {
            continue;
        }
        let (pa, pb) = (&list[a as usize], &list[b as usize]);
        if let Some(l) = compare(text, pa, text, pb, &mut scratch) {
            twins.push((a, b, l));
            *count.entry(a).or_default() += 1;
            *count.entry(b).or_default() += 1;
        }
    }
    twins.sort_unstable_by_key(|&(a, b, _)| (b, a));
    twins
}

#[allow(clippy::too_many_arguments)]
fn finding(
    config: &Config,
    severity: Severity,
    p: &Paragraph,
    likeness: Likeness,
    other_file: bool,
    twin: &str,
    more: usize,
    related: Vec<Related>,
) -> Diagnostic {
    Diagnostic {
        code: RULE.code,
        severity,
        range: p.range.clone(),
        message: message(config, likeness, other_file, twin, more).into(),
        related,
    }
}

/// One document as the cross-file check sees it.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    pub text: &'a str,
    pub paragraphs: &'a Paragraphs,
}

/// A finding whose twin is in another document: the diagnostic (without
/// related information, which needs that document's name), where the twin
/// is, and the note to show there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub diagnostic: Diagnostic,
    pub doc: u32,
    pub range: Range<usize>,
    pub note: String,
}

/// A twin in another document: (document, paragraph, how alike).
type Twin = (u32, u32, Likeness);

/// The twins other documents hold of a paragraph, by its text: what
/// [`elsewhere`] and [`twin_documents`] found for it, valid while the other
/// documents stay the same. An editor asks again after every keystroke, and
/// only the paragraph being typed in has changed: the others are answered
/// from here instead of from the index.
#[derive(Debug, Default)]
pub struct TwinCache {
    /// What the other documents were when the answers were found (the
    /// caller's count of their changes); another value empties the cache.
    generation: u64,
    answers: std::collections::HashMap<(u64, u32), Vec<Twin>>,
    /// Exact copies of a text in the other documents.
    copies_elsewhere: std::collections::HashMap<u64, usize>,
}

impl TwinCache {
    /// Keeps the answers if the other documents are still at `generation`.
    pub fn at(&mut self, generation: u64) -> &mut Self {
        if self.generation != generation {
            self.answers.clear();
            self.copies_elsewhere.clear();
            self.generation = generation;
        }
        self
    }

    /// Exact copies of the text `whole` in documents other than `doc`.
    fn copies_elsewhere(&mut self, index: &Index, doc: u32, whole: u64) -> usize {
        *self
            .copies_elsewhere
            .entry(whole)
            .or_insert_with(|| index.copies(whole) - index.copies_in(whole, doc))
    }
}

/// Exact copies of each text among the paragraphs of one document: each
/// distinct text hash with its count, sorted (a compilation of 37 copies
/// of one report has every text 37 times).
struct OwnCopies(Vec<(u64, usize)>);

impl OwnCopies {
    fn of(p: &Paragraphs) -> OwnCopies {
        let mut wholes: Vec<u64> = p.list.iter().map(|x| x.whole).collect();
        wholes.sort_unstable();
        OwnCopies(
            wholes
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len()))
                .collect(),
        )
    }

    fn of_text(&self, whole: u64) -> usize {
        self.0
            .binary_search_by_key(&whole, |e| e.0)
            .map_or(0, |i| self.0[i].1)
    }
}

/// The twins of paragraph `i` of `this` in other documents (at most enough
/// to call it boilerplate).
fn twins_elsewhere<'a>(
    doc: u32,
    this: Draft,
    i: usize,
    index: &Index,
    other: &impl Fn(u32) -> Option<Draft<'a>>,
    scratch: &mut Scratch,
    cache: &mut TwinCache,
) -> Vec<(u32, u32, Likeness)> {
    let p = &this.paragraphs.list[i];
    let out = match cache.answers.get(&(p.whole, p.chars)) {
        Some(known) => known.clone(),
        None => {
            let mut out = Vec::new();
            for c in index.candidates(doc, this.paragraphs, i) {
                let Some(d) = other(c.doc) else { continue };
                let Some(q) = d.paragraphs.list.get(c.para as usize) else {
                    continue;
                };
                if let Some(l) = compare(this.text, p, d.text, q, scratch) {
                    out.push((c.doc, c.para, l));
                }
                if out.len() + 1 >= BOILERPLATE {
                    break;
                }
            }
            cache.answers.insert((p.whole, p.chars), out.clone());
            out
        }
    };
    out
}

/// Reports the paragraphs of document `doc` (`this`, already analysed
/// with `diagnostics`) that have a twin in another document of `index`;
/// `other` gives the documents by number. A paragraph already reported as
/// a repeat within its own text is not reported again.
pub fn elsewhere<'a>(
    config: &Config,
    doc: u32,
    this: Draft,
    diagnostics: &[Diagnostic],
    index: &Index,
    other: impl Fn(u32) -> Option<Draft<'a>>,
    cache: &mut TwinCache,
) -> Vec<Elsewhere> {
    let Some(severity) = config.severity_of(&RULE) else {
        return Vec::new();
    };
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    // Copies are counted in this document as it is and, once per state of
    // the others, in them (the index holds this document as it was
    // published last, which may be older).
    let own = OwnCopies::of(this.paragraphs);
    for (i, p) in this.paragraphs.list.iter().enumerate() {
        let from = diagnostics.partition_point(|d| d.range.start < p.range.start);
        let reported = diagnostics[from..]
            .iter()
            .take_while(|d| d.range.start == p.range.start)
            .any(|d| d.code == RULE.code && d.range == p.range);
        if reported {
            continue;
        }
        // Boilerplate by its exact copies alone needs no twins looked up:
        // the twins found and the copies here together are at least the
        // copies (a compilation of 37 copies of one report: every paragraph).
        let copies = cache.copies_elsewhere(index, doc, p.whole) + own.of_text(p.whole);
        if copies >= BOILERPLATE {
            continue;
        }
        let twins = twins_elsewhere(doc, this, i, index, &other, &mut scratch, cache);
        // Copies of it in all, counted here: the exact twins found are copies.
        let exact_elsewhere = twins.iter().filter(|t| t.2 == Likeness::Exact).count();
        let here = copies.saturating_sub(exact_elsewhere).max(1);
        let Some(&(d, q, likeness)) = twins.first() else {
            continue;
        };
        if twins.len() + here >= BOILERPLATE {
            continue;
        }
        let Some(draft) = other(d) else { continue };
        let Some(twin) = draft.paragraphs.list.get(q as usize) else {
            continue;
        };
        out.push(Elsewhere {
            diagnostic: finding(
                config,
                severity,
                p,
                likeness,
                true,
                &draft.text[twin.range.clone()],
                twins.len() - 1,
                Vec::new(),
            ),
            doc: d,
            range: twin.range.clone(),
            note: note(config, likeness),
        });
    }
    out
}

/// The documents that hold a twin of a paragraph of `this` (document
/// `doc`): the ones whose cross-file findings change when `this` does.
pub fn twin_documents<'a>(
    doc: u32,
    this: Draft,
    index: &Index,
    other: impl Fn(u32) -> Option<Draft<'a>>,
    cache: &mut TwinCache,
) -> Vec<u32> {
    let mut out: Vec<u32> = twin_places(doc, this, index, other, cache)
        .into_iter()
        .map(|t| t.0)
        .collect();
    out.dedup();
    out
}

/// Whether a change of document `doc` can change the findings of a
/// paragraph with text `whole` in another document: not when that text is
/// boilerplate without `doc` (it has [`BOILERPLATE`] copies elsewhere, so
/// it is no finding before the change nor after it).
pub fn may_change_findings(index: &Index, doc: u32, whole: u64) -> bool {
    index.copies(whole) - index.copies_in(whole, doc) < BOILERPLATE
}

/// The paragraphs of other documents that are twins of a paragraph of
/// `this`, sorted: (document, paragraph, how alike). Two calls that give the
/// same list leave every other document's cross-file findings as they were.
pub fn twin_places<'a>(
    doc: u32,
    this: Draft,
    index: &Index,
    other: impl Fn(u32) -> Option<Draft<'a>>,
    cache: &mut TwinCache,
) -> Vec<(u32, u32, Likeness)> {
    twin_places_of(
        doc,
        this,
        0..this.paragraphs.list.len(),
        index,
        other,
        cache,
    )
}

/// [`twin_places`] of the paragraphs `which` of `this` only: what an edit
/// that replaced those paragraphs changes for the other documents.
pub fn twin_places_of<'a>(
    doc: u32,
    this: Draft,
    which: Range<usize>,
    index: &Index,
    other: impl Fn(u32) -> Option<Draft<'a>>,
    cache: &mut TwinCache,
) -> Vec<(u32, u32, Likeness)> {
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for i in which {
        let twins = twins_elsewhere(doc, this, i, index, &other, &mut scratch, cache);
        out.extend(twins);
    }
    out.sort_unstable_by_key(|t| (t.0, t.1, t.2 == Likeness::Near));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::check;
    use crate::{analyze, DocumentKind};

    const A: &str = "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升，各项工作取得新进展。";
    const B: &str = "二是狠抓安全生产，开展隐患排查整治行动十二次，整改问题三百余处，全年未发生较大以上安全事故，形势总体平稳。";

    #[test]
    fn an_exact_copy_points_at_the_first() {
        let text = format!("一、成绩\n{A}\n二、问题\n{B}\n三、打算\n{A}\n");
        assert_eq!(
            check("dup-paragraph", &text),
            [format!(
                "6:1 «{A}» 此段与前文一段相同：“全年共完成投资四十三亿元，同比增…”；删去重复的一处，或改写"
            )]
        );
        let a = analyze(&text, &Config::default());
        let d = a.diagnostics.iter().find(|d| d.code == RULE.code).unwrap();
        assert_eq!(d.severity, Severity::Information);
        assert_eq!(&text[d.related[0].range.clone()], A);
        assert_eq!(d.related[0].message, "相同的段落在此");
    }

    #[test]
    fn a_repunctuated_copy_with_words_changed_is_a_near_twin() {
        let near = A
            .replace('，', ",")
            .replace('。', ".")
            .replace("四十三", "五十")
            .replace("持续", "不断");
        let text = format!("{A}\n{B}\n{near}\n");
        let got = check("dup-paragraph", &text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("3:1 «全年共完成投资五十亿元"), "{got:?}");
        assert!(got[0].contains("大体相同"), "{got:?}");
    }

    #[test]
    fn headings_short_lines_and_boilerplate_are_not_findings() {
        let heading =
            "一、2022年工作总结暨2023年工作计划及全面推进高质量发展的主要举措和具体安排意见";
        let text = format!("{heading}\n{A}\n{heading}\n{B}\n特此报告。\n特此报告。\n");
        assert!(check("dup-paragraph", &text).is_empty());
        // The same passage in four reports of a compilation is boilerplate.
        let four = format!("{A}\n{B}\n").repeat(4);
        assert!(check("dup-paragraph", &four).is_empty());
        let three = format!("{A}\n{B}\n").repeat(3);
        assert_eq!(check("dup-paragraph", &three).len(), 4);
    }

    #[test]
    fn markdown_code_is_not_a_paragraph() {
        let text = format!("{A}\n\n```\n{A}\n```\n\n`{A}`\n");
        let a = analyze(&text, &Config::for_kind(DocumentKind::Markdown));
        let d: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == RULE.code)
            .collect();
        // The inline code span is part of a paragraph, the fence is not.
        assert_eq!(d.len(), 1);
        assert!(text[d[0].range.clone()].starts_with('`'));
    }

    #[test]
    fn english_and_switched_off() {
        let text = format!("{A}\n{A}\n");
        let en = Config {
            language: Language::En,
            ..Config::default()
        };
        let d = analyze(&text, &en).diagnostics;
        assert!(d[0]
            .message
            .starts_with("This paragraph repeats one earlier"));
        assert_eq!(d[0].related[0].message, "The same paragraph is here");
        let off = Config {
            rule_overrides: vec![("dup-*".into(), None)],
            ..Config::default()
        };
        assert!(analyze(&text, &off).diagnostics.is_empty());
    }

    #[test]
    fn twins_in_other_documents() {
        let config = Config::default();
        let t0 = format!("一、成绩\n{A}\n{B}\n");
        let near = B.replace("十二次", "十五次").replace('，', ",");
        let t1 = format!("一、问题\n{near}\n");
        let t2 = "一、其他\n今年以来我们围绕中心服务大局，扎实开展各项工作，取得了明显成效，得到上级充分肯定。\n".to_string();
        let texts = [t0, t1, t2];
        let analyses: Vec<_> = texts.iter().map(|t| analyze(t, &config)).collect();
        let mut index = Index::default();
        for (i, a) in analyses.iter().enumerate() {
            index.insert(i as u32, &a.paragraphs);
        }
        let draft = |i: u32| {
            Some(Draft {
                text: &texts[i as usize],
                paragraphs: &analyses.get(i as usize)?.paragraphs,
            })
        };
        let found = elsewhere(
            &config,
            0,
            draft(0).unwrap(),
            &analyses[0].diagnostics,
            &index,
            draft,
            &mut TwinCache::default(),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].doc, 1);
        assert_eq!(&texts[1][found[0].range.clone()], near);
        assert_eq!(&texts[0][found[0].diagnostic.range.clone()], B);
        assert!(found[0]
            .diagnostic
            .message
            .contains("另一份文稿中一段大体相同"));
        assert_eq!(found[0].note, "相似的段落在此");
        assert_eq!(
            twin_documents(
                1,
                draft(1).unwrap(),
                &index,
                draft,
                &mut TwinCache::default()
            ),
            [0]
        );
        assert!(twin_documents(
            2,
            draft(2).unwrap(),
            &index,
            draft,
            &mut TwinCache::default()
        )
        .is_empty());
    }
}
