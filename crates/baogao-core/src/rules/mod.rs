//! Diagnostic rules: one file per rule, listed in [`REGISTRY`].
//!
//! A rule reads the text and what the core found in it (outline,
//! placeholders) and appends diagnostics. The registry sets each
//! diagnostic's severity from the configuration afterwards.

mod enumeration;
mod heading_punct;
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
mod punct_pair;
mod punct_width;
mod space_cjk;

pub(crate) use numbering_bracket::bracket_findings;
pub(crate) use numbering_separator::separator_findings;

use crate::{
    Diagnostic, HeadingMarker, MarkerKind, Node, NodeKind, Outline, Placeholder, Related, Severity,
};

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
    /// Every punctuation and space character, for the punctuation rules.
    pub(crate) marks: std::cell::OnceCell<Vec<punct::Mark>>,
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

/// What a rule's fix function sees: the analysed text it fixes.
pub struct FixContext<'a> {
    pub text: &'a str,
    pub analysis: &'a crate::Analysis,
    pub config: &'a crate::Config,
}

/// Offers the fixes for one diagnostic of the rule, best first.
pub type FixFn = fn(&FixContext, &Diagnostic) -> Vec<crate::fix::Fix>;

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
    /// Each [`crate::fix::Fix`] says whether fix-all may apply it.
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
    enumeration::RULE,
    heading_punct::RULE,
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
    punct_pair::RULE,
    punct_width::RULE,
    space_cjk::RULE,
];

/// Looks a rule up by its code.
pub fn rule(code: &str) -> Option<&'static RuleMeta> {
    REGISTRY.iter().find(|r| r.code == code)
}

/// One item of a sibling sequence, with what the sequence expected there.
pub(crate) struct Step<'a> {
    pub node: &'a Node,
    /// The previous item of the same numbering system among the siblings.
    pub prev: Option<&'a Node>,
    /// The number the previous item stood for (its own, or the one it should have had).
    pub prev_number: Option<u32>,
    /// The number this item should carry.
    pub expected: u32,
    /// The sequence has a heading as parent (not a report's top level),
    /// so it must start at one.
    pub has_parent: bool,
}

/// The numbering system a node takes part in, if any.
fn sequence_kind(node: &Node) -> Option<MarkerKind> {
    match &node.kind {
        NodeKind::Heading(m) => match m.kind {
            // Articles (第X条) run on through chapters: see `article_steps`.
            MarkerKind::Markdown(_)
            | MarkerKind::Enumeration
            | MarkerKind::Chapter(crate::ChapterUnit::Article) => None,
            k => Some(k),
        },
        NodeKind::Unnumbered => Some(MarkerKind::Chinese),
        NodeKind::Title => None,
    }
}

/// Walks every sibling sequence of the outline: the children of each heading
/// and each report's top level, one sequence per numbering system.
/// A run of siblings of one numbering system: the children of a heading, or
/// a report's top level, or all 第X条 of a report.
pub struct Sequence<'a> {
    pub nodes: Vec<&'a Node>,
    /// Under a heading (not a report's top level), so it must start at one.
    pub has_parent: bool,
}

impl Sequence<'_> {
    /// The number each item should carry, keeping the first item's own number
    /// at a report's top level (an excerpt may start anywhere).
    pub fn expected_numbers(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            let own = n.marker().and_then(|m| m.number);
            let v = match (i, own) {
                (0, Some(v)) if !self.has_parent => v,
                (0, _) => 1,
                _ => out[i - 1] + 1,
            };
            out.push(v);
        }
        out
    }
}

/// Every sibling sequence of the outline, in document order of their first item.
pub fn sequences(outline: &Outline) -> Vec<Sequence<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < outline.roots.len() {
        let report = outline.roots[start].report;
        let end = outline.roots[start..]
            .iter()
            .position(|n| n.report != report)
            .map_or(outline.roots.len(), |p| start + p);
        let group: Vec<&Node> = outline.roots[start..end].iter().collect();
        split_by_kind(&group, false, &mut out);
        start = end;
    }
    outline.walk(|n| {
        let children: Vec<&Node> = n.children.iter().collect();
        split_by_kind(&children, !matches!(n.kind, NodeKind::Title), &mut out);
    });
    // 第X条 is numbered continuously through a whole document, across its chapters.
    let mut articles: Vec<Vec<&Node>> = Vec::new();
    outline.walk(|n| {
        if n.marker()
            .is_some_and(|m| m.kind == MarkerKind::Chapter(crate::ChapterUnit::Article))
        {
            match articles.last_mut() {
                Some(a) if a[0].report == n.report => a.push(n),
                _ => articles.push(vec![n]),
            }
        }
    });
    out.extend(articles.into_iter().map(|nodes| Sequence {
        nodes,
        has_parent: false,
    }));
    out
}

fn split_by_kind<'a>(siblings: &[&'a Node], has_parent: bool, out: &mut Vec<Sequence<'a>>) {
    let mut kinds: Vec<MarkerKind> = Vec::new();
    for n in siblings {
        if let Some(k) = sequence_kind(n) {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    for kind in kinds {
        let nodes = siblings
            .iter()
            .copied()
            .filter(|n| sequence_kind(n) == Some(kind))
            .collect();
        out.push(Sequence { nodes, has_parent });
    }
}

/// Each item of each sequence with what the sequence expected there: the
/// item after the one before (whose number counts as written, or as expected
/// when it had none).
pub(crate) fn numbering_steps(outline: &Outline) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for seq in sequences(outline) {
        let mut prev: Option<&Node> = None;
        let mut last: Option<u32> = None;
        for n in seq.nodes {
            let expected = last.map_or(1, |l| l + 1);
            steps.push(Step {
                node: n,
                prev,
                prev_number: last,
                expected,
                has_parent: seq.has_parent,
            });
            last = Some(n.marker().and_then(|m| m.number).unwrap_or(expected));
            prev = Some(n);
        }
    }
    steps
}

/// The marker as written, trimmed.
pub(crate) fn written<'t>(text: &'t str, m: &HeadingMarker) -> &'t str {
    text[m.range.clone()].trim_matches(|c: char| c.is_whitespace() || c == '#')
}

/// `number` written in the style of `node`'s marker (or as `三、` for an unnumbered heading).
pub(crate) fn styled(node: &Node, number: u32) -> String {
    match node.marker() {
        Some(m) => m.render(number),
        None => crate::heading::render_marker(
            MarkerKind::Chinese,
            number,
            None,
            crate::Separator::Dunhao,
        ),
    }
}

/// A related note pointing at the previous sibling: `（三）在此`.
pub(crate) fn related_prev(text: &str, prev: &Node) -> Vec<Related> {
    match prev.marker() {
        Some(m) => vec![Related {
            range: m.range.clone(),
            message: format!("{}在此", written(text, m)),
        }],
        None => vec![Related {
            range: prev.label.clone(),
            message: format!("“{}”在此", &text[prev.label.clone()]),
        }],
    }
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
            marks: std::cell::OnceCell::new(),
        }
    }

    /// The numbering steps of the outline, shared by the numbering rules.
    pub(crate) fn steps(&self) -> &[Step<'a>] {
        self.steps.get_or_init(|| numbering_steps(self.outline))
    }

    /// Where punctuation is not prose (URLs, e-mail, markers, code).
    pub(crate) fn exempt(&self) -> &punct::Exempt {
        self.exempt.get_or_init(|| punct::Exempt::build(self))
    }

    /// Every punctuation and space character of the text, in order.
    pub(crate) fn marks(&self) -> &[punct::Mark] {
        self.marks.get_or_init(|| punct::scan_marks(self.text))
    }

    /// Picks the message in the configured language.
    pub fn say(&self, zh: String, en: impl FnOnce() -> String) -> String {
        match self.config.language {
            crate::Language::Zh => zh,
            crate::Language::En => en(),
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

/// Range a numbering diagnostic underlines: the marker.
pub(crate) fn marker_range(node: &Node) -> std::ops::Range<usize> {
    node.marker()
        .map_or_else(|| node.label.clone(), |m| m.range.clone())
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
        let mut edits: Vec<crate::fix::Edit> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| {
                crate::fix::quick_fixes(text, &analysis, &config, d)
                    .into_iter()
                    .next()
            })
            .flat_map(|f| f.edits)
            .collect();
        edits.sort_by_key(|e| e.range.start);
        edits.dedup_by(|b, a| b.range.start < a.range.end);
        crate::fix::apply(text, &edits)
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
}
