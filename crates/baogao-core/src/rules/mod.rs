//! Diagnostic rules: one file per rule, listed in [`REGISTRY`].
//!
//! A rule reads the text and what the core found in it (outline,
//! placeholders) and appends diagnostics. The registry sets each
//! diagnostic's severity from the configuration afterwards. A rule's quick
//! fixes live next to its check; fix-all (`crate::fix`) takes the safe ones
//! of every diagnostic, so a new fixable rule needs nothing outside its file.
//!
//! # Adding a rule
//!
//! 1. Create `rules/<code with _>.rs` (`punct-repeat` → `punct_repeat.rs`)
//!    from the skeleton below.
//! 2. Add `mod <file>;` here and `<file>::RULE,` to [`REGISTRY`], keeping it
//!    sorted by code (a test checks it).
//!
//! That is all: `baogao rules`, `baogao explain`, the README table, hover,
//! `[rules]` validation (including `"<family>-*"` globs), quick fixes and
//! fix-all all read the registry. Checklist for the file:
//!
//! - `DOCS` has the four sections 做什么： 为什么： 示例： 改为： (a test checks it).
//! - Messages say what to do, in Chinese and English (`ctx.say`), and quote
//!   the text only through [`crate::excerpt`].
//! - Fix edits touch markers or punctuation only, never words, and never
//!   overlap; set `safe: true` only when fix-all may apply it unseen. Rewrite
//!   heading markers with `HeadingMarker::edits` (it touches only the part
//!   that changes), never by re-parsing the marker's text.
//! - Do not `use crate::fix` (tests/architecture.rs fails on the cycle); a
//!   fix test uses `test_support::check_fix`, a fix-all test goes in `fix.rs`.
//! - Tests: `test_support::check(code, text)` for the diagnostics,
//!   `check_fix(text, code)` for the first fix's result.
//!
//! ```text
//! //! `my-rule`: one line on what it finds.
//!
//! use super::{Category, FixContext, RuleContext, RuleMeta};
//! use crate::edit::{Edit, Fix};
//! use crate::{Diagnostic, Severity};
//!
//! const DOCS: &str = "做什么：……\n\n为什么：……\n\n示例：`……`\n\n改为：`……`";
//!
//! pub(super) const RULE: RuleMeta = RuleMeta {
//!     code: "my-rule",
//!     name: "中文短名",
//!     category: Category::Punctuation,
//!     default_severity: Severity::Warning,
//!     summary: "一句话说明",
//!     summary_en: "One sentence",
//!     docs: DOCS,
//!     check,
//!     fix: Some(fix), // or None
//!     settings: &[],
//! };
//!
//! fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
//!     // push Diagnostic { code: RULE.code, severity: RULE.default_severity, … }
//! }
//!
//! fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
//!     vec![Fix { title: "……".into(), edits: vec![Edit { range: d.range.clone(), replacement: String::new() }], safe: true }]
//! }
//!
//! #[cfg(test)]
//! mod tests {
//!     use crate::rules::test_support::{check, check_fix};
//!
//!     #[test]
//!     fn finds_it() {
//!         assert_eq!(check("my-rule", "原文"), ["1:1 «…» 消息"]);
//!         assert_eq!(check_fix("原文", "my-rule"), "改后");
//!     }
//! }
//! ```

mod attachment;
mod count_mismatch;
mod date_format;
mod date_invalid;
mod docno;
pub mod dup_paragraph;
mod dup_word;
mod enumeration;
mod heading_punct;
mod number_approx;
mod number_range;
mod number_year;
mod number_zero;
mod numbering;
mod numbering_bracket;
mod numbering_duplicate;
mod numbering_gap;
mod numbering_missing;
mod numbering_order;
mod numbering_separator;
mod placeholder;
pub(crate) mod punct;
mod punct_dunhao;
mod punct_ellipsis;
mod punct_nested;
mod punct_ordinal;
mod punct_pair;
mod punct_repeat;
mod punct_width;
mod residue;
mod space_cjk;
mod year_mismatch;

pub(crate) use numbering::{
    marker_range, number_edit, numbering_steps, related_prev, renumber_edits, styled, written,
    SequenceIndex, Step,
};
pub use numbering::{sequences, Sequence};

use crate::edit::Fix;
use crate::{Diagnostic, Node, Outline, Placeholder, Related, Severity};

/// What a rule sees: the text and what the core found in it.
pub struct RuleContext<'a> {
    pub config: &'a crate::Config,
    pub text: &'a str,
    pub outline: &'a Outline,
    pub placeholders: &'a [Placeholder],
    /// Each item of every sibling sequence, computed once for all numbering rules.
    pub(crate) steps: std::cell::OnceCell<Vec<Step<'a>>>,
    /// Where punctuation is not prose, computed once for the punctuation rules.
    pub(crate) exempt: std::cell::OnceCell<punct::Exempt>,
    /// Every punctuation and space character, for the punctuation rules,
    /// and every run of ASCII digits, for the number and date rules: one
    /// pass over the bytes for both.
    pub(crate) scan: std::cell::OnceCell<punct::Scan>,
    /// The pair walk, shared by `punct-pair` and `punct-nested`.
    pub(crate) pairs: std::cell::OnceCell<Vec<punct::PairFinding>>,
    /// The Markdown parse `analyze` made, when the text is Markdown; the
    /// punctuation rules parse again when a fix runs without it.
    pub(crate) markdown: Option<&'a crate::markdown::Markdown>,
    /// A forum's anti-scraping filler (`crate::text::jammers`): reported by
    /// `residue`, skipped by the punctuation rules. Given by `analyze`, which
    /// found it for the placeholder scan; found on first use otherwise.
    pub(crate) jammers: std::cell::OnceCell<Vec<std::ops::Range<usize>>>,
}

/// What kind of defect a rule finds; `baogao rules` groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Filler left in the text (`XX`, `20**年`).
    Placeholder,
    /// Heading numbers and 序次语 (`（三）` after `（一）`).
    Numbering,
    /// Punctuation marks (GB/T 15834-2011).
    Punctuation,
    /// Numbers and dates (GB/T 15835-2011).
    Numbers,
    /// Document format (GB/T 9704-2012): 发文字号, 附件, 成文日期.
    Format,
    /// Repeated or recycled text.
    Repetition,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Placeholder => "placeholder",
            Category::Numbering => "numbering",
            Category::Punctuation => "punctuation",
            Category::Numbers => "numbers",
            Category::Format => "format",
            Category::Repetition => "repetition",
        }
    }

    /// Chinese name shown in `baogao rules`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Placeholder => "占位符",
            Category::Numbering => "编号",
            Category::Punctuation => "标点",
            Category::Numbers => "数字与日期",
            Category::Format => "公文格式",
            Category::Repetition => "重复",
        }
    }
}

/// What a rule's fix function sees: the analysed text it fixes, and the
/// computations several fixes share, made on first use and kept while
/// fix-all asks for the fixes of every diagnostic of one analysis.
pub struct FixContext<'a> {
    pub text: &'a str,
    pub analysis: &'a crate::Analysis,
    pub config: &'a crate::Config,
    sequences: std::cell::OnceCell<SequenceIndex<'a>>,
    /// Computations of one rule, keyed by its code (see [`FixContext::shared`]).
    shared: std::cell::RefCell<Vec<(&'static str, std::rc::Rc<dyn std::any::Any>)>>,
}

impl<'a> FixContext<'a> {
    pub fn new(text: &'a str, analysis: &'a crate::Analysis, config: &'a crate::Config) -> Self {
        FixContext {
            text,
            analysis,
            config,
            sequences: std::cell::OnceCell::new(),
            shared: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The sibling sequences of the analysis, indexed by item start.
    pub(crate) fn sequences(&self) -> &SequenceIndex<'a> {
        self.sequences
            .get_or_init(|| SequenceIndex::new(&self.analysis.outline))
    }

    /// A rule context over the analysed text, for a fix that recomputes its
    /// rule's findings (cache what it needs with [`FixContext::shared`]).
    pub fn rule_context(&self) -> RuleContext<'a> {
        RuleContext::new(
            self.config,
            self.text,
            &self.analysis.outline,
            &self.analysis.placeholders,
        )
    }

    /// A value a rule's fixes compute once per analysis (what every marker
    /// should become, say), made by `make` on first use under `key` (the
    /// rule's code). It must not borrow the analysis: store offsets.
    pub fn shared<T: 'static>(
        &self,
        key: &'static str,
        make: impl FnOnce() -> T,
    ) -> std::rc::Rc<T> {
        if let Some(v) = self
            .shared
            .borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.clone().downcast::<T>().ok())
        {
            return v;
        }
        let v = std::rc::Rc::new(make());
        self.shared.borrow_mut().push((key, v.clone()));
        v
    }
}

/// Offers the fixes for one diagnostic of the rule, best first.
pub type FixFn = fn(&FixContext, &Diagnostic) -> Vec<Fix>;

/// A setting of `baogao.toml` that belongs to one rule: its TOML key, the
/// type of its value, the default as a TOML literal, and what it does.
/// The JSON Schema and `baogao init` are produced from these.
#[derive(Debug)]
pub struct RuleSetting {
    /// Dotted key: `placeholder.allow` is `allow` in the `[placeholder]` table.
    pub key: &'static str,
    pub kind: SettingKind,
    /// The default, as it would be written in `baogao.toml`.
    pub default: &'static str,
    /// One sentence, Chinese.
    pub doc: &'static str,
}

/// The type of a setting's value.
#[derive(Debug)]
pub enum SettingKind {
    StringList,
    /// One of these strings.
    Choice(&'static [&'static str]),
}

/// A rule: its identity, documentation, check and fix, written once in the
/// rule's own file and listed once in [`REGISTRY`].
pub struct RuleMeta {
    /// Stable code, used in configuration, JSON output and LSP `code`.
    pub code: &'static str,
    /// Short Chinese name.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// What it checks, one Chinese sentence.
    pub summary: &'static str,
    /// The same sentence in English, for `messages.language = "en"`.
    pub summary_en: &'static str,
    /// The rule's documentation (做什么 / 为什么 / 示例 / 改为), shown by
    /// `baogao explain` and hover; Markdown.
    pub docs: &'static str,
    pub check: fn(&RuleContext, &mut Vec<Diagnostic>),
    /// Quick fixes for one of its diagnostics; `None` when the rule has none.
    /// Each [`Fix`] says whether fix-all may apply it.
    pub fix: Option<FixFn>,
    /// The `baogao.toml` settings this rule reads, beyond its severity.
    pub settings: &'static [RuleSetting],
}

impl RuleMeta {
    pub fn fixable(&self) -> bool {
        self.fix.is_some()
    }

    /// The rule's family: its code up to the first `-` (`numbering-gap` →
    /// `numbering`), which `[rules]` can switch at once with `"numbering-*"`.
    pub fn family(&self) -> &'static str {
        self.code.split('-').next().unwrap_or(self.code)
    }
}

/// Every rule, sorted by code. Keep it sorted: a test fails otherwise.
pub static REGISTRY: &[RuleMeta] = &[
    attachment::RULE,
    count_mismatch::RULE,
    date_format::RULE,
    date_invalid::RULE,
    docno::RULE,
    dup_paragraph::RULE,
    dup_word::RULE,
    enumeration::RULE,
    heading_punct::RULE,
    number_approx::RULE,
    number_range::RULE,
    number_year::RULE,
    number_zero::RULE,
    numbering_bracket::RULE,
    numbering_duplicate::RULE,
    numbering_gap::RULE,
    numbering_missing::RULE,
    numbering_order::RULE,
    numbering_separator::RULE,
    placeholder::RULE,
    punct_dunhao::RULE,
    punct_ellipsis::RULE,
    punct_nested::RULE,
    punct_ordinal::RULE,
    punct_pair::RULE,
    punct_repeat::RULE,
    punct_width::RULE,
    residue::RULE,
    space_cjk::RULE,
    year_mismatch::RULE,
];

/// The fixes the rule of diagnostic `d` offers for it, best first.
pub fn fixes_for(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    rule(d.code)
        .and_then(|r| r.fix)
        .map_or_else(Vec::new, |fix| fix(cx, d))
}

/// Looks a rule up by its code.
pub fn rule(code: &str) -> Option<&'static RuleMeta> {
    REGISTRY.iter().find(|r| r.code == code)
}

impl<'a> RuleContext<'a> {
    pub fn new(
        config: &'a crate::Config,
        text: &'a str,
        outline: &'a Outline,
        placeholders: &'a [Placeholder],
    ) -> Self {
        RuleContext {
            config,
            text,
            outline,
            placeholders,
            steps: std::cell::OnceCell::new(),
            exempt: std::cell::OnceCell::new(),
            scan: std::cell::OnceCell::new(),
            markdown: None,
            pairs: std::cell::OnceCell::new(),
            jammers: std::cell::OnceCell::new(),
        }
    }

    /// Where the text holds a forum's anti-scraping filler.
    pub(crate) fn jammers(&self) -> &[std::ops::Range<usize>] {
        self.jammers.get_or_init(|| crate::text::jammers(self.text))
    }

    /// The numbering steps of the outline, shared by the numbering rules.
    pub(crate) fn steps(&self) -> &[Step<'a>] {
        self.steps.get_or_init(|| numbering_steps(self.outline))
    }

    /// Where punctuation is not prose (URLs, e-mail, markers, code).
    pub(crate) fn exempt(&self) -> &punct::Exempt {
        self.exempt.get_or_init(|| punct::Exempt::build(self))
    }

    /// What the pair walk found, computed once for both pair rules.
    pub(crate) fn pairs(&self) -> &[punct::PairFinding] {
        self.pairs.get_or_init(|| punct::pairs(self))
    }

    /// Every punctuation and space character of the text, in order.
    pub(crate) fn marks(&self) -> &[punct::Mark] {
        &self.scan.get_or_init(|| punct::scan(self.text)).marks
    }

    /// Every maximal run of ASCII digits, in order (`2023` of `2023年`).
    pub(crate) fn digits(&self) -> &[std::ops::Range<usize>] {
        &self.scan.get_or_init(|| punct::scan(self.text)).digits
    }

    /// Picks the message in the configured language.
    pub fn say(&self, zh: String, en: impl FnOnce() -> String) -> crate::Message {
        match self.config.language {
            crate::Language::Zh => zh.into(),
            crate::Language::En => en().into(),
        }
    }

    pub fn lenient(&self) -> bool {
        self.config.numbering == crate::NumberingStyle::Lenient
    }

    /// A related note pointing at the previous sibling: `（三）在此`.
    pub fn related_prev(&self, prev: &Node) -> Vec<Related> {
        let mut r = related_prev(self.text, prev);
        if self.config.language == crate::Language::En {
            for x in &mut r {
                x.message = format!("{} is here", x.message.trim_end_matches("在此"));
            }
        }
        r
    }
}

#[cfg(test)]
mod registry_tests {
    use super::REGISTRY;

    #[test]
    fn registry_is_sorted_and_codes_are_unique() {
        for pair in REGISTRY.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "REGISTRY must be sorted by code with no repeats: {} before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in REGISTRY {
            for section in ["做什么：", "为什么：", "示例：", "改为："] {
                assert!(r.docs.contains(section), "{} docs lack {section}", r.code);
            }
            assert!(
                !r.summary.is_empty() && !r.summary_en.is_empty(),
                "{}",
                r.code
            );
            assert!(
                r.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}: codes are lowercase words joined by '-'",
                r.code
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{analyze, Config};

    /// The text after applying the first fix of every diagnostic of one rule
    /// (non-overlapping, in order), as a user clicking each would get it.
    pub fn fixed(code: &str, text: &str) -> String {
        let config = Config::default();
        let analysis = analyze(text, &config);
        let cx = super::FixContext::new(text, &analysis, &config);
        let mut edits: Vec<crate::edit::Edit> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| super::fixes_for(&cx, d).into_iter().next())
            .flat_map(|f| f.edits)
            .collect();
        edits.sort_by_key(|e| e.range.start);
        edits.dedup_by(|b, a| b.range.start < a.range.end);
        crate::edit::apply(text, &edits)
    }

    /// Diagnostics of one rule as `line:column «text» message`, 1-based, columns in characters.
    pub fn check(code: &str, text: &str) -> Vec<String> {
        let analysis = analyze(text, &Config::default());
        let idx = crate::LineIndex::new(text);
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| {
                let (l, c) = idx.position(text, d.range.start, crate::PositionEncoding::Utf32);
                format!(
                    "{}:{} «{}» {}",
                    l + 1,
                    c + 1,
                    &text[d.range.clone()],
                    d.message
                )
            })
            .collect()
    }

    /// The text after applying the first fix of the first `code` diagnostic
    /// (the fix fix-all would take).
    pub fn check_fix(text: &str, code: &str) -> String {
        let config = Config::default();
        let a = analyze(text, &config);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no {code} diagnostic in {text:?}"));
        let fixes = super::fixes_for(&super::FixContext::new(text, &a, &config), d);
        let first = fixes.first().unwrap_or_else(|| panic!("no fix for {d:?}"));
        crate::edit::apply(text, &first.edits)
    }

    /// `n` texts, each one to `groups` groups of one piece from every slot
    /// in turn, the pieces picked by a fixed xorshift sequence: the same
    /// texts on every run, for comparing a hand-written reading with the
    /// regex it replaced.
    pub fn generated_texts(slots: &[&[&str]], groups: usize, n: usize) -> Vec<String> {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        (0..n)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..1 + next(groups) {
                    for slot in slots {
                        s.push_str(slot[next(slot.len())]);
                    }
                }
                s
            })
            .collect()
    }
}
