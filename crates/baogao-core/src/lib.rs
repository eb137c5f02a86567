//! baogao-core: the pure analysis core of baogao.
//!
//! Text goes in, structure and diagnostics come out.
//! Every position is a byte offset into the analysed `&str`; converting to
//! lines and columns is the job of [`LineIndex`] (and, in the server, of the
//! protocol glue). The crate knows nothing of LSP, JSON, async runtimes or
//! files, and analysis never fails: a malformed report is normal input.

pub mod complete;
pub mod debug;
pub mod edit;
pub mod fix;
mod heading;
pub mod incremental;
mod markdown;
mod numerals;
mod outline;
pub mod paragraphs;
mod placeholder;
pub mod rules;
mod suppress;
mod text;
pub mod tokens;

use std::ops::Range;

pub use heading::{Bracket, ChapterUnit, HeadingMarker, MarkerKind, MarkerParts, Separator};
pub use outline::{Enumeration, Node, NodeKind, Outline, Report};
pub use placeholder::{Placeholder, PlaceholderShape};
pub use rules::{
    sequences, Category, FixContext, RuleMeta, RuleSetting, Sequence, SettingKind, REGISTRY,
};
pub use text::{excerpt, LineIndex, PositionEncoding, Positions};

/// What kind of file the text came from; Markdown enables `#` headings and
/// stops `**bold**` from being read as a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentKind {
    #[default]
    PlainText,
    Markdown,
}

impl DocumentKind {
    /// Guesses the kind from a file name or URI path (`.md`, `.markdown`).
    pub fn from_path(path: &str) -> DocumentKind {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            DocumentKind::Markdown
        } else {
            DocumentKind::PlainText
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "hint" => Some(Severity::Hint),
            "information" | "info" => Some(Severity::Information),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Language of diagnostic messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Zh,
    En,
}

/// How strictly numbering follows GB/T 9704.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberingStyle {
    /// Sub-levels start at one; `一.`, `一，` and `（一）、` are flagged.
    #[default]
    Strict,
    /// Sub-levels may start anywhere and non-standard separators pass;
    /// skips, repeats, reversals and mixing are still flagged.
    Lenient,
}

/// Settings that change what the analysis reports.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub kind: DocumentKind,
    /// Per-rule override: `None` turns the rule off, `Some(s)` sets its severity.
    /// A key is a rule's code or a glob over codes (`numbering-*`, `*`); see
    /// [`Config::severity_of`] for which wins. Rules not matched keep their
    /// default severity.
    pub rule_overrides: Vec<(String, Option<Severity>)>,
    /// Text that is never a placeholder (for example a product name `XX联盟`).
    pub placeholder_allow: Vec<String>,
    /// Extra placeholder patterns (regular expressions); invalid ones are ignored
    /// here (the configuration loader reports them).
    pub placeholder_patterns: Vec<String>,
    pub numbering: NumberingStyle,
    /// Bracket width the organisation uses; `None` follows each report's majority.
    pub preferred_bracket: Option<Bracket>,
    /// Separator for `1.`-level lists; `None` follows each list's majority.
    pub preferred_separator: Option<Separator>,
    pub language: Language,
}

impl Config {
    pub fn for_kind(kind: DocumentKind) -> Config {
        Config {
            kind,
            ..Config::default()
        }
    }

    /// The severity a rule reports at, or `None` when it is turned off.
    ///
    /// An override naming the rule's code beats every glob; among globs
    /// that match the code the longer pattern wins (`numbering-*` over `*`);
    /// at equal length, and among exact codes, the later one wins.
    pub fn severity_of(&self, meta: &RuleMeta) -> Option<Severity> {
        let mut best: Option<(usize, Option<Severity>)> = None;
        for (key, severity) in &self.rule_overrides {
            let rank = if key == meta.code {
                usize::MAX
            } else if is_glob(key) && glob_matches(key, meta.code) {
                key.len()
            } else {
                continue;
            };
            if best.is_none_or(|(r, _)| rank >= r) {
                best = Some((rank, *severity));
            }
        }
        best.map_or(Some(meta.default_severity), |(_, s)| s)
    }
}

/// Whether a `[rules]` key is a glob over codes rather than one code.
pub fn is_glob(key: &str) -> bool {
    key.contains(['*', '?'])
}

/// Whether `code` matches `pattern`, where `*` stands for any run of
/// characters (none included) and `?` for exactly one.
pub fn glob_matches(pattern: &str, code: &str) -> bool {
    let (p, c): (Vec<char>, Vec<char>) = (pattern.chars().collect(), code.chars().collect());
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < c.len() {
        if i < p.len() && (p[i] == '?' || p[i] == c[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&x| x == '*')
}

/// A diagnostic's message: text that is written once and then only read.
pub type Message = std::sync::Arc<str>;

/// A place the user should look at, with the byte range it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule code such as `placeholder` or `numbering-gap`.
    pub code: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    /// Concise Chinese message that says what to do. Shared, not copied:
    /// merging a large text's chunks copies every finding on each keystroke.
    pub message: Message,
    /// Other places that make this diagnostic true (the sibling before a gap).
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// The order diagnostics are listed in: by start, then end, then code.
    /// `analyze` sorts by it, and so does anything that merges more in.
    pub fn order_key(&self) -> (usize, usize, &'static str) {
        (self.range.start, self.range.end, self.code)
    }
}

/// Everything the core knows about one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    pub outline: Outline,
    pub placeholders: Vec<Placeholder>,
    /// Diagnostics sorted by start offset, then by code.
    pub diagnostics: Vec<Diagnostic>,
    /// The paragraphs and their fingerprints (`dup-paragraph`, within the
    /// text and, in the server and `baogao check DIR`, across files).
    pub paragraphs: paragraphs::Paragraphs,
}

/// Analyses a whole text. Never fails and never panics on any `&str`.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    let mut analysis = analyze_local(text, config);
    finish(text, config, &mut analysis, None);
    analysis
}

/// What the whole text decides once its parts are analysed (the same for
/// one analysis and for chunks merged by `incremental::merge`): paragraphs
/// repeated within the text, then Markdown's suppression comments. The
/// twins are found from the paragraphs' sorted prints (`prints`:
/// `paragraphs::sorted_prints` of them, when known already, with the twin
/// pairs when those are known too), which are returned for the next edit
/// with the pairs.
pub(crate) fn finish(
    text: &str,
    config: &Config,
    analysis: &mut Analysis,
    prints: Option<(Vec<u64>, Option<Vec<rules::dup_paragraph::Pair>>)>,
) -> (Vec<u64>, Option<Vec<rules::dup_paragraph::Pair>>) {
    let (prints, known) =
        prints.unwrap_or_else(|| (paragraphs::sorted_prints(&analysis.paragraphs), None));
    let start = analysis.diagnostics.len();
    let pairs = rules::dup_paragraph::check_document(
        text,
        config,
        &analysis.paragraphs,
        &prints,
        known,
        &mut analysis.diagnostics,
    );
    if analysis.diagnostics.len() > start {
        analysis.diagnostics.sort_by_key(Diagnostic::order_key);
    }
    if config.kind == DocumentKind::Markdown {
        suppress::apply(text, &mut analysis.diagnostics);
    }
    (prints, pairs)
}

/// Everything one piece of text decides on its own: structure, rules, paragraphs.
pub(crate) fn analyze_local(text: &str, config: &Config) -> Analysis {
    analyze_local_indexed(text, config, &LineIndex::new(text))
}

/// [`analyze_local`] with the line index of `text` made already.
pub(crate) fn analyze_local_indexed(text: &str, config: &Config, lines: &LineIndex) -> Analysis {
    // Markdown: code, comments and link destinations are not report text.
    let md = (config.kind == DocumentKind::Markdown).then(|| markdown::parse(text));
    let outline = outline::build_indexed(text, config.kind, md.as_ref(), lines);
    // Found once: the placeholder scan skips it, and so do the rules.
    let filler = text::jammers(text);
    let placeholders = placeholder::scan(text, config, md.as_ref(), &filler);
    let mut diagnostics = Vec::new();
    let mut ctx = rules::RuleContext::new(config, text, &outline, &placeholders);
    ctx.markdown = md.as_ref();
    ctx.jammers = std::cell::OnceCell::from(filler);
    for rule in REGISTRY {
        let Some(severity) = config.severity_of(rule) else {
            continue;
        };
        let start = diagnostics.len();
        (rule.check)(&ctx, &mut diagnostics);
        for d in &mut diagnostics[start..] {
            d.severity = severity;
        }
    }
    // Fingerprinted only for the one rule that reads them.
    let paragraphs = if config.severity_of(&rules::dup_paragraph::RULE).is_some() {
        paragraphs::build(text, config.kind, &outline, md.as_ref())
    } else {
        paragraphs::Paragraphs::default()
    };
    diagnostics.sort_by_key(Diagnostic::order_key);
    Analysis {
        outline,
        placeholders,
        diagnostics,
        paragraphs,
    }
}

/// Counts 字数 as Chinese offices do: CJK characters, letters and digits;
/// whitespace and punctuation are not counted.
pub fn count_chars(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod config_tests {
    use super::*;

    #[test]
    fn english_messages_and_overrides() {
        let text = "一、工作\n（一）甲\n（三）乙\nXX县\n";
        let config = Config {
            language: Language::En,
            rule_overrides: vec![
                ("placeholder".into(), None),
                ("numbering-gap".into(), Some(Severity::Error)),
            ],
            ..Config::default()
        };
        let d = analyze(text, &config).diagnostics;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(
            &*d[0].message,
            "Numbering skips: after （一） expected （二）, found （三）"
        );
        assert_eq!(d[0].related[0].message, "（一） is here");
    }

    fn severity(overrides: &[(&str, Option<Severity>)], code: &str) -> Option<Severity> {
        let config = Config {
            rule_overrides: overrides.iter().map(|(k, s)| (k.to_string(), *s)).collect(),
            ..Config::default()
        };
        config.severity_of(rules::rule(code).expect("a rule"))
    }

    #[test]
    fn globs_match_codes() {
        assert!(glob_matches("*", "numbering-gap"));
        assert!(glob_matches("numbering-*", "numbering-gap"));
        assert!(glob_matches("numbering-???", "numbering-gap"));
        assert!(glob_matches("*-gap", "numbering-gap"));
        assert!(glob_matches("n*g*p", "numbering-gap"));
        assert!(!glob_matches("numbering-*", "placeholder"));
        assert!(!glob_matches("numbering-??", "numbering-gap"));
        assert!(!glob_matches("numbering", "numbering-gap"));
        assert!(is_glob("*") && is_glob("a?") && !is_glob("numbering-gap"));
    }

    #[test]
    fn rule_groups_and_their_precedence() {
        use Severity::*;
        // Existing exact keys keep working, the later of two winning.
        assert_eq!(severity(&[("placeholder", None)], "placeholder"), None);
        assert_eq!(
            severity(
                &[("placeholder", None), ("placeholder", Some(Error))],
                "placeholder"
            ),
            Some(Error)
        );
        // Unmatched rules keep their default.
        assert_eq!(
            severity(&[("numbering-*", None)], "placeholder"),
            Some(Warning)
        );
        assert_eq!(severity(&[("numbering-*", None)], "numbering-gap"), None);
        // An exact code beats any glob, before or after it.
        for o in [
            [("numbering-gap", Some(Error)), ("numbering-*", None)],
            [("numbering-*", None), ("numbering-gap", Some(Error))],
        ] {
            assert_eq!(severity(&o, "numbering-gap"), Some(Error));
            assert_eq!(severity(&o, "numbering-order"), None);
        }
        // The longer glob wins, wherever it stands.
        for o in [
            [("*", Some(Hint)), ("numbering-*", Some(Error))],
            [("numbering-*", Some(Error)), ("*", Some(Hint))],
        ] {
            assert_eq!(severity(&o, "numbering-gap"), Some(Error));
            assert_eq!(severity(&o, "enumeration"), Some(Hint));
        }
        // At equal length the later wins.
        assert_eq!(
            severity(&[("*-gap", None), ("numb*", Some(Error))], "numbering-gap"),
            Some(Error)
        );
        assert_eq!(
            severity(&[("numb*", Some(Error)), ("*-gap", None)], "numbering-gap"),
            None
        );
    }

    #[test]
    fn lenient_numbering_and_preferred_styles() {
        let text = "一、工作\n(二)甲\n(三)乙\n一.问题\n";
        let codes = |c: &Config| {
            analyze(text, c)
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&Config::default()),
            ["numbering-gap", "numbering-separator"]
        );
        let lenient = Config {
            numbering: NumberingStyle::Lenient,
            ..Config::default()
        };
        assert!(codes(&lenient).is_empty());
        let full = Config {
            preferred_bracket: Some(Bracket::Full),
            numbering: NumberingStyle::Lenient,
            ..Config::default()
        };
        assert_eq!(codes(&full), ["numbering-bracket", "numbering-bracket"]);
    }
}
