//! The outline: report titles and numbered headings arranged in a tree.

use std::ops::Range;

use crate::heading::{
    scan_line, Bracket, Candidate, ChapterUnit, HeadingMarker, MarkerKind, MarkerParts,
    MarkerStarts, MarkerStyle, Separator,
};
use crate::markdown::Markdown;
use crate::DocumentKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A report's title line inside a compilation.
    Title,
    /// A numbered (or Markdown) heading.
    Heading(HeadingMarker),
    /// A standalone heading line that should carry a number but has none
    /// (`2023年工作思路` between `二、` and `（一）`).
    Unnumbered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Pre-order index of the node in the whole outline.
    pub id: usize,
    pub kind: NodeKind,
    /// Nesting rank: 0 for a title, then `#` depths, 第X章, and GB/T 9704 order.
    pub rank: u8,
    /// Index into [`Outline::reports`].
    pub report: usize,
    /// Zero-based line of the node's first byte.
    pub line: usize,
    /// The title only: `交办任务全面推进` of `1.交办任务全面推进。粮食生产…`.
    pub label: Range<usize>,
    /// From the marker to the next heading of the same or a higher level.
    pub section: Range<usize>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn marker(&self) -> Option<&HeadingMarker> {
        match &self.kind {
            NodeKind::Heading(m) => Some(m),
            _ => None,
        }
    }

    /// Marker and label together: what an editor selects for this node.
    pub fn selection(&self) -> Range<usize> {
        let start = self
            .marker()
            .map_or(self.label.start, |m| m.range.start.min(self.label.start));
        start..self.label.end.max(start)
    }

    /// Visits this node and its descendants in pre-order.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }
}

/// One report of a compilation (a whole single report is one too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub range: Range<usize>,
    /// The title line, when the report has one.
    pub title: Option<Range<usize>>,
}

/// A `一是/二是` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumeration {
    pub marker: HeadingMarker,
    /// Items with the same group form one sequence; a nested list
    /// (`二是…一是…三是` inside one item) gets its own group.
    pub group: usize,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Top-level nodes of every report, in document order.
    pub roots: Vec<Node>,
    pub reports: Vec<Report>,
    pub enumerations: Vec<Enumeration>,
}

impl Outline {
    /// Whether `other` has this outline's structure, wherever its pieces
    /// lie: the same reports (titled or not), nodes (kinds, ranks, markers
    /// as numbered and written, nesting) and enumerations. The outline's
    /// state after a text's last line follows from its structure alone, so
    /// an edit that keeps it decides nothing differently after it.
    pub(crate) fn same_shape(&self, other: &Outline) -> bool {
        fn marker_shape(m: &HeadingMarker) -> impl PartialEq + '_ {
            (m.kind, m.number, m.bracket, m.separator)
        }
        fn node_shape(a: &Node, b: &Node) -> bool {
            let kinds = match (&a.kind, &b.kind) {
                (NodeKind::Heading(x), NodeKind::Heading(y)) => marker_shape(x) == marker_shape(y),
                (NodeKind::Title, NodeKind::Title)
                | (NodeKind::Unnumbered, NodeKind::Unnumbered) => true,
                _ => false,
            };
            kinds
                && a.rank == b.rank
                && a.report == b.report
                && a.children.len() == b.children.len()
                && a.children
                    .iter()
                    .zip(&b.children)
                    .all(|(x, y)| node_shape(x, y))
        }
        self.reports.len() == other.reports.len()
            && self
                .reports
                .iter()
                .zip(&other.reports)
                .all(|(a, b)| a.title.is_some() == b.title.is_some())
            && self.roots.len() == other.roots.len()
            && self
                .roots
                .iter()
                .zip(&other.roots)
                .all(|(a, b)| node_shape(a, b))
            && self.enumerations.len() == other.enumerations.len()
            && self
                .enumerations
                .iter()
                .zip(&other.enumerations)
                .all(|(a, b)| {
                    marker_shape(&a.marker) == marker_shape(&b.marker) && a.group == b.group
                })
    }

    /// How this document writes markers of `kind`: like its first numbered
    /// marker of that kind with matching brackets, else the GB/T 9704 style
    /// ([`MarkerStyle::standard`]). Completion, promote and demote all use
    /// it, so a new marker looks like the ones already there.
    pub fn style_of(&self, kind: MarkerKind) -> MarkerStyle {
        let mut found = None;
        self.walk(|n| {
            if found.is_none() {
                found = n
                    .marker()
                    .filter(|m| {
                        m.kind == kind
                            && m.number.is_some()
                            && !matches!(m.bracket, Some(Bracket::Mixed | Bracket::HalfClosed))
                    })
                    .map(MarkerStyle::of);
            }
        });
        found.unwrap_or_else(|| MarkerStyle::standard(kind))
    }
}

impl Outline {
    /// Visits every node in pre-order.
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        for n in &self.roots {
            n.walk(&mut f);
        }
    }

    /// The chain of nodes whose sections contain `offset`, outermost first.
    pub fn path_at(&self, offset: usize) -> Vec<&Node> {
        let mut path = Vec::new();
        let mut level = &self.roots;
        while let Some(n) = level
            .iter()
            .find(|n| n.section.start <= offset && offset < n.section.end)
        {
            path.push(n);
            level = &n.children;
        }
        path
    }
}

/// Longest label kept when a heading is glued to its body text with no
/// delimiter (counted in characters).
const LABEL_CAP: usize = 30;

/// A title line is at most this many characters.
pub(crate) const TITLE_MAX: usize = 60;

/// A line-long excerpt in a fragment file is at least this many characters.
pub(crate) const FRAGMENT_MIN: usize = 150;

/// Builds the outline of `text`; `md` (Markdown only) marks the code,
/// comments and front matter whose lines are not headings.
pub(crate) fn build(text: &str, kind: DocumentKind, md: Option<&Markdown>) -> Outline {
    build_indexed(text, kind, md, &crate::LineIndex::new(text))
}

/// [`build`] with the line index of `text` made already.
pub(crate) fn build_indexed(
    text: &str,
    kind: DocumentKind,
    md: Option<&Markdown>,
    line_index: &crate::LineIndex,
) -> Outline {
    let lines: Vec<Range<usize>> = (0..line_index.line_count())
        .map(|l| line_index.line_range(text, l))
        .collect();
    let mut b = Builder {
        text,
        line_index,
        report_roots: Vec::new(),
        nodes: Vec::new(),
        stack: Vec::new(),
        reports: vec![ReportState {
            start: 0,
            title: None,
            root_kind: None,
            has_content: false,
        }],
        enumerations: Vec::new(),
        enum_state: EnumState::default(),
        line: 0,
    };
    let fragments = is_fragment_file(text, &lines);
    let starts = MarkerStarts::new(text);
    let mut in_toc = false;
    let mut in_fence = false;
    let mut split_number: Option<HeadingMarker> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].clone();
        b.line = i;
        i += 1;
        let raw = &text[line.clone()];
        let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        if fragments {
            b.start_report(line.start, None);
        }
        let indent = line.start
            + (raw.len()
                - raw
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .len());
        if let Some(md) = md {
            // A line that starts inside code, a comment or front matter.
            if md.skips(indent) {
                continue;
            }
        } else if kind == DocumentKind::Markdown {
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                continue;
            }
        }
        // A table of contents lists titles with page numbers; none of it is structure.
        if is_toc_heading(trimmed) {
            in_toc = true;
            continue;
        }
        if in_toc {
            // An entry that lost its page number, before one that has it, is still an entry.
            if is_toc_entry(trimmed)
                || lines[i..]
                    .iter()
                    .map(|r| text[r.clone()].trim())
                    .find(|l| !l.is_empty())
                    .is_some_and(|next| is_toc_entry(next) && is_toc_like(trimmed))
            {
                continue;
            }
            in_toc = false;
        }
        let next = lines[i..]
            .iter()
            .map(|r| &text[r.clone()])
            .find(|l| !l.trim().is_empty());

        // Markdown ATX heading: `## 标题` or `## 一、标题`.
        let mut content_start = indent;
        let mut md_depth = None;
        if kind == DocumentKind::Markdown {
            let hashes = text[indent..line.end]
                .bytes()
                .take_while(|&c| c == b'#')
                .count();
            let after = text[indent + hashes..line.end].chars().next();
            if (1..=6).contains(&hashes) && after.is_none_or(|c| c == ' ' || c == '\t') {
                md_depth = Some(hashes as u8);
                content_start = indent + hashes;
                content_start += text[content_start..line.end].len()
                    - text[content_start..line.end].trim_start().len();
            }
        }

        // A number cut off from its separator by a page break: `3` / `、培训就业方面`.
        if let Some(mut m) = split_number.take() {
            let sep = text[content_start..line.end].chars().next().unwrap_or(' ');
            m.separator = match sep {
                '、' => Separator::Dunhao,
                '．' => Separator::FullDot,
                _ => Separator::Dot,
            };
            m.parts.separator = content_start..content_start + sep.len_utf8();
            let label_start = content_start + sep.len_utf8();
            let cands = scan_line(text, label_start..line.end, label_start, &starts);
            b.accept_line(line.start, vec![(m, label_start)], cands, line.end);
            continue;
        }
        if let Some(m) = split_number_at(trimmed, indent, next) {
            split_number = Some(m);
            continue;
        }

        let mut cands = scan_line(text, line.clone(), content_start, &starts);
        if let Some(md) = md {
            cands.retain(|c| !md.overlaps(&c.marker.range));
        }
        let starts_with_marker = cands.first().is_some_and(|c| c.at_line_start);

        if let Some(depth) = md_depth {
            let marker = HeadingMarker {
                kind: MarkerKind::Markdown(depth),
                number: Some(u32::from(depth)),
                bracket: None,
                separator: Separator::None,
                range: indent..indent + depth as usize,
                parts: MarkerParts {
                    prefix: indent..indent + depth as usize,
                    number: indent + depth as usize..indent + depth as usize,
                    separator: indent + depth as usize..indent + depth as usize,
                    ..MarkerParts::default()
                },
            };
            // `## 一、基本情况`: the numbered marker names the node, the `#` depth nests it.
            let (marker, label_from, rest) = match cands.first() {
                Some(c) if c.at_line_start && c.marker.kind != MarkerKind::Enumeration => {
                    let mut m = c.marker.clone();
                    m.parts.prefix = indent..m.range.start;
                    m.range.start = indent;
                    (m, c.marker.range.end, &cands[1..])
                }
                _ => (marker, content_start, &cands[..]),
            };
            let label_end = line.start + raw.trim_end_matches([' ', '#', '\t']).len();
            b.push_node(
                NodeKind::Heading(marker),
                10 + depth,
                line.start,
                line.start,
                label_from..label_end.max(label_from),
            );
            b.scan_enumerations(rest, line.end);
            continue;
        }

        if !starts_with_marker && md_depth.is_none() {
            let chars = trimmed.chars().count();
            if is_title(trimmed, chars, next) {
                b.start_report(line.start, Some(indent..indent + trimmed.len()));
                b.push_node(
                    NodeKind::Title,
                    0,
                    line.start,
                    line.start,
                    indent..indent + trimmed.len(),
                );
                continue;
            }
            if b.is_unnumbered_heading(trimmed, chars, next) {
                b.push_node(
                    NodeKind::Unnumbered,
                    MarkerKind::Chinese.rank(),
                    line.start,
                    line.start,
                    indent..indent + trimmed.len(),
                );
                continue;
            }
        }
        // Remember a trailing `…；二` whose `是` sits on the next line.
        let split_enum = split_enumeration_at(text, &line, next);
        b.accept_line(line.start, Vec::new(), cands, line.end);
        if let Some(m) = split_enum {
            b.push_enumeration(m, false);
        }
        b.reports.last_mut().expect("one report").has_content = true;
    }
    b.finish(text.len())
}

/// Fragment files hold unrelated excerpts, one per line: every line is long
/// and no blank line separates them. Each line is then checked on its own.
fn is_fragment_file(text: &str, lines: &[Range<usize>]) -> bool {
    // Blank lines may only trail; every line before them is a long excerpt.
    // Stops at the first short or blank line, so a normal report costs nothing.
    let Some(last) = lines
        .iter()
        .rposition(|r| !text[r.clone()].trim().is_empty())
    else {
        return false;
    };
    last >= 2
        && lines[..=last].iter().all(|r| {
            let l = &text[r.clone()];
            l.len() >= FRAGMENT_MIN
                && l.chars().take(FRAGMENT_MIN).count() == FRAGMENT_MIN
                && !l.trim().is_empty()
        })
}

fn is_toc_heading(trimmed: &str) -> bool {
    if trimmed.len() > 16 {
        return false;
    }
    let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    compact == "目录" || compact == "目次"
}

/// `title<TAB>page` or `title……page`.
pub(crate) fn is_toc_entry(trimmed: &str) -> bool {
    let body = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == trimmed.len() {
        return false;
    }
    body.ends_with('\t') || body.ends_with(['…', '.', '·', '．']) || body.ends_with("  ")
}

/// A short line with no sentence punctuation: what a TOC entry without its
/// page number looks like.
fn is_toc_like(trimmed: &str) -> bool {
    trimmed.chars().count() <= TITLE_MAX
        && !trimmed.contains(['。', '；', ';', '，', ',', '：', ':', '！', '？', '!', '?'])
}

/// Simplified and traditional names of a report.
const REPORT_WORDS: [&str; 18] = [
    "总结",
    "總結",
    "计划",
    "計劃",
    "計畫",
    "报告",
    "報告",
    "汇报",
    "匯報",
    "彙報",
    "述职",
    "述職",
    "打算",
    "要点",
    "要點",
    "工作思路",
    "情况",
    "情況",
];

/// Whether `s` ends with the name of a report, alone or followed by a short
/// note in brackets (`…总结（草稿）`: one to eight characters, none a closing
/// bracket) or, as a compilation numbers its pieces, by `篇` and one to three
/// numerals (`…工作总结篇一`, `…總結篇4`). By hand: the regex it replaces
/// cost every `check` run 1.9 M instructions to compile.
fn names_a_report(s: &str) -> bool {
    let named = |head: &str| REPORT_WORDS.iter().any(|w| head.ends_with(w));
    if named(s) {
        return true;
    }
    let mut before = s.char_indices().rev();
    match before.next() {
        Some((_, '）' | ')')) => {
            // `k` characters of the note lie between the bracket at `at` and the end.
            for (k, (at, c)) in before.take(9).enumerate() {
                if k >= 1 && matches!(c, '（' | '(') && named(&s[..at]) {
                    return true;
                }
                if matches!(c, '）' | ')') {
                    return false;
                }
            }
            false
        }
        Some(_) => {
            let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
            for (k, (at, c)) in s.char_indices().rev().take(4).enumerate() {
                if k >= 1 && c == '篇' && named(&s[..at]) {
                    return true;
                }
                if !numeral(c) {
                    return false;
                }
            }
            false
        }
        None => false,
    }
}

/// A report title: a short standalone line naming a report
/// (`XX县2023年工作总结及2024年工作计划`), not a sentence, not a collection
/// title (`…汇编`) and not a section heading that merely lacks its number
/// (which a `（一）` right below gives away).
pub(crate) fn is_title(trimmed: &str, chars: usize, next: Option<&str>) -> bool {
    if !(4..=TITLE_MAX).contains(&chars)
        || ["汇编", "匯編", "彙編"].iter().any(|w| trimmed.contains(w))
    {
        return false;
    }
    if trimmed.contains(['。', '；', ';', '，', ',', '：', ':', '！', '？', '!', '?']) {
        return false;
    }
    if !names_a_report(trimmed) {
        return false;
    }
    let next_starts_section = next
        .and_then(crate::heading::leading_marker)
        .is_some_and(|m| {
            matches!(
                m.kind,
                MarkerKind::ParenChinese
                    | MarkerKind::Arabic
                    | MarkerKind::ParenArabic
                    | MarkerKind::Circled
            )
        });
    !next_starts_section
}

/// `3` alone on a line with `、标题` on the next: a number split by a page break.
fn split_number_at(trimmed: &str, indent: usize, next: Option<&str>) -> Option<HeadingMarker> {
    let next = next?.trim_start();
    if !next.starts_with(['、', '.', '．']) {
        return None;
    }
    let (kind, number) = if let Ok(n) = trimmed.parse::<u32>() {
        (MarkerKind::Arabic, n)
    } else {
        (
            MarkerKind::Chinese,
            crate::heading::parse_chinese_numeral(trimmed)?,
        )
    };
    let range = indent..indent + trimmed.len();
    (1..=99).contains(&number).then(|| HeadingMarker {
        kind,
        number: Some(number),
        bracket: None,
        separator: Separator::None,
        parts: MarkerParts {
            prefix: range.start..range.start,
            number: range.clone(),
            separator: range.end..range.end,
            ..MarkerParts::default()
        },
        range,
    })
}

/// `…；二` at the end of a line whose next line starts with `是`.
fn split_enumeration_at(
    text: &str,
    line: &Range<usize>,
    next: Option<&str>,
) -> Option<HeadingMarker> {
    if !next?.trim_start().starts_with('是') {
        return None;
    }
    let s = text[line.clone()].trim_end();
    let digits = s
        .chars()
        .rev()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let num_start = s.char_indices().rev().nth(digits - 1)?.0;
    let before = s[..num_start].chars().next_back()?;
    if !matches!(before, '。' | '；' | ';' | '，' | ',' | '：' | ':') {
        return None;
    }
    let number = crate::heading::parse_chinese_numeral(&s[num_start..])?;
    let range = line.start + num_start..line.start + s.len();
    Some(HeadingMarker {
        kind: MarkerKind::Enumeration,
        number: Some(number),
        bracket: None,
        separator: Separator::None,
        parts: MarkerParts {
            prefix: range.start..range.start,
            number: range.clone(),
            separator: range.end..range.end,
            ..MarkerParts::default()
        },
        range,
    })
}

struct FlatNode {
    kind: NodeKind,
    rank: u8,
    report: usize,
    /// Where the section starts: the line start for a line-start heading,
    /// the marker for a run-in one.
    start: usize,
    end: usize,
    label: Range<usize>,
    children: Vec<usize>,
    parent: Option<usize>,
    /// The number this node stands for: as written, or one more than the
    /// sibling before it when the number is missing (`（）`).
    effective: u32,
    /// Zero-based line of `start`.
    line: usize,
}

struct ReportState {
    start: usize,
    title: Option<Range<usize>>,
    /// Kind of the first numbered heading at the report's top level.
    root_kind: Option<MarkerKind>,
    has_content: bool,
}

#[derive(Default)]
struct EnumState {
    /// Innermost heading the current enumeration lives in.
    scope: Option<usize>,
    group: Option<usize>,
    /// The group a nested list returns to, with the line start of the item it nests in.
    outer: Option<usize>,
    last_line_start: usize,
    next_group: usize,
}

struct Builder<'a> {
    text: &'a str,
    line_index: &'a crate::LineIndex,
    /// Top-level nodes of the current report.
    report_roots: Vec<usize>,
    nodes: Vec<FlatNode>,
    stack: Vec<usize>,
    reports: Vec<ReportState>,
    enumerations: Vec<Enumeration>,
    enum_state: EnumState,
    /// The line being read: every node and enumeration pushed lies on it.
    line: usize,
}

impl Builder<'_> {
    fn report(&self) -> usize {
        self.reports.len() - 1
    }

    fn close_until(&mut self, rank: u8, at: usize) {
        while let Some(&top) = self.stack.last() {
            if self.nodes[top].rank < rank {
                break;
            }
            self.nodes[top].end = at;
            self.stack.pop();
        }
    }

    fn start_report(&mut self, at: usize, title: Option<Range<usize>>) {
        let current = self.reports.last().expect("one report");
        let empty = !current.has_content && self.report_roots.is_empty();
        self.close_until(0, at);
        if empty {
            let r = self.reports.last_mut().expect("one report");
            r.start = at.min(r.start);
            r.title = title;
        } else {
            self.reports.push(ReportState {
                start: at,
                title,
                root_kind: None,
                has_content: false,
            });
        }
        self.enum_state.scope = None;
        self.enum_state.group = None;
    }

    /// Siblings a new node of `rank` would join, after closing deeper nodes.
    fn would_be_parent(&self, rank: u8) -> Option<usize> {
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|&n| self.nodes[n].rank < rank)
    }

    fn siblings(&self, parent: Option<usize>) -> Vec<usize> {
        match parent {
            Some(p) => self.nodes[p].children.clone(),
            None => {
                let r = self.report();
                (0..self.nodes.len())
                    .filter(|&n| self.nodes[n].parent.is_none() && self.nodes[n].report == r)
                    .collect()
            }
        }
    }

    /// The last sibling of `kind` under `parent`, with the number it stands for.
    fn last_sibling_of_kind(
        &self,
        kind: MarkerKind,
        parent: Option<usize>,
    ) -> Option<(&HeadingMarker, u32)> {
        let sibs = self.siblings(parent);
        sibs.iter()
            .rev()
            .filter_map(|&s| match &self.nodes[s].kind {
                NodeKind::Heading(m) if m.kind == kind => Some((m, self.nodes[s].effective)),
                _ => None,
            })
            .next()
    }

    fn push_node(
        &mut self,
        kind: NodeKind,
        rank: u8,
        start: usize,
        line_start: usize,
        label: Range<usize>,
    ) -> usize {
        let _ = line_start;
        // The top level restarting at one starts a new report when no title says so.
        if let NodeKind::Heading(m) = &kind {
            let rs = self.reports.last().expect("one report");
            if m.number == Some(1)
                && rs.root_kind == Some(m.kind)
                && self
                    .would_be_parent(rank)
                    .is_none_or(|p| matches!(self.nodes[p].kind, NodeKind::Title))
            {
                let parent = self.would_be_parent(rank);
                if self.last_sibling_of_kind(m.kind, parent).is_some() && parent.is_none() {
                    self.start_report(start, None);
                }
            }
        }
        self.close_until(rank, start);
        let parent = self.stack.last().copied();
        let report = self.report();
        if let NodeKind::Heading(m) = &kind {
            let rs = self.reports.last_mut().expect("one report");
            if rs.root_kind.is_none()
                && parent.is_none_or(|p| matches!(self.nodes[p].kind, NodeKind::Title))
            {
                rs.root_kind = Some(m.kind);
            }
        }
        if matches!(kind, NodeKind::Unnumbered) {
            let rs = self.reports.last_mut().expect("one report");
            rs.root_kind.get_or_insert(MarkerKind::Chinese);
        }
        let effective = match &kind {
            NodeKind::Heading(m) => m.number.unwrap_or_else(|| {
                self.last_sibling_of_kind(m.kind, parent)
                    .map_or(1, |(_, e)| e + 1)
            }),
            _ => 0,
        };
        let id = self.nodes.len();
        self.nodes.push(FlatNode {
            effective,
            kind,
            rank,
            report,
            start,
            end: start,
            label,
            children: Vec::new(),
            parent,
            line: self.line,
        });
        match parent {
            Some(p) => self.nodes[p].children.push(id),
            None => self.report_roots.push(id),
        }
        self.stack.push(id);
        self.reports.last_mut().expect("one report").has_content = true;
        id
    }

    /// Decides which candidates of one line are headings, pushes them and sets their labels.
    /// `forced` are markers already known to be headings (a page-split number) with their label start.
    fn accept_line(
        &mut self,
        line_start: usize,
        forced: Vec<(HeadingMarker, usize)>,
        cands: Vec<Candidate>,
        line_end: usize,
    ) {
        // (node id or enumeration, marker range, label start)
        let mut accepted: Vec<(Option<usize>, Range<usize>, usize)> = Vec::new();
        for (m, label_start) in forced {
            let range = m.range.clone();
            let rank = m.kind.rank();
            let id = self.push_node(NodeKind::Heading(m), rank, line_start, line_start, 0..0);
            accepted.push((Some(id), range, label_start));
        }
        for c in cands {
            let kind = c.marker.kind;
            if kind == MarkerKind::Enumeration {
                if c.at_line_start || c.after_boundary || c.after_comma {
                    let range = c.marker.range.clone();
                    self.push_enumeration(c.marker, c.at_line_start);
                    accepted.push((None, range.clone(), range.end));
                }
                continue;
            }
            if !self.accepts(&c) {
                continue;
            }
            let range = c.marker.range.clone();
            let start = if c.at_line_start {
                line_start
            } else {
                range.start
            };
            let id = self.push_node(
                NodeKind::Heading(c.marker),
                kind.rank(),
                start,
                line_start,
                0..0,
            );
            accepted.push((Some(id), range.clone(), range.end));
        }
        for i in 0..accepted.len() {
            let Some(id) = accepted[i].0 else { continue };
            let from = accepted[i].2;
            let until = accepted.get(i + 1).map_or(line_end, |a| a.1.start);
            self.nodes[id].label = label_range(self.text, from, until.max(from));
        }
    }

    fn accepts(&self, c: &Candidate) -> bool {
        let m = &c.marker;
        if c.at_line_start {
            return match m.kind {
                // `第一条` needs a space or the end of the line after it (`第一条路` is prose).
                MarkerKind::Chapter(ChapterUnit::Article) => self.text[m.range.end..]
                    .chars()
                    .next()
                    .is_none_or(|ch| ch.is_whitespace()),
                MarkerKind::ParenChinese | MarkerKind::ParenArabic if m.number.is_none() => true,
                _ => true,
            };
        }
        if matches!(
            m.kind,
            MarkerKind::Chapter(_) | MarkerKind::Capital | MarkerKind::Roman
        ) {
            return false;
        }
        if m.kind == MarkerKind::Circled {
            return true;
        }
        // `一.`, `一，` and `（）` are only headings at the start of a line.
        let odd_separator = m.kind == MarkerKind::Chinese && m.separator != Separator::Dunhao;
        if odd_separator {
            return false;
        }
        // `。三、四季度` and `一、二级公路` list numbers, they do not head a section.
        if m.kind == MarkerKind::Chinese
            && self.text[m.range.end..]
                .chars()
                .next()
                .is_some_and(|ch| "一二三四五六七八九十".contains(ch))
        {
            return false;
        }
        if c.after_boundary {
            return m.number.is_some() || c.followed_by_text;
        }
        if m.number.is_none() || m.kind == MarkerKind::Chinese || !c.glued_to_cjk {
            return false;
        }
        // Glued to the previous text: a heading only if it continues the sequence
        // (`…无2.计划开工项目`), or starts one right under the current heading (`计划(一)做好…`).
        let n = m.number.unwrap_or(0);
        let parent = self.would_be_parent(m.kind.rank());
        match self.last_sibling_of_kind(m.kind, parent) {
            // Brackets mark a heading clearly enough to accept a small skip
            // (`…不足（四）人才短缺` after `（二）`), which `numbering-gap` then reports.
            Some((_, prev)) if m.bracket.is_some() => n > prev && n <= prev + 3,
            Some((_, prev)) => prev + 1 == n,
            None => {
                n == 1
                    && c.followed_by_text
                    && parent.is_some()
                    && parent == self.stack.last().copied()
            }
        }
    }

    fn push_enumeration(&mut self, marker: HeadingMarker, at_line_start: bool) {
        let scope = self.stack.last().copied();
        let line = self.line;
        debug_assert_eq!(line, self.line_index.line_of(marker.range.start));
        let line_start = self.line_index.line_start(line);
        let st = &mut self.enum_state;
        if st.scope != scope {
            st.scope = scope;
            st.group = None;
            st.outer = None;
        }
        if at_line_start {
            if let Some(outer) = st.outer.take() {
                st.group = Some(outer);
            }
        }
        let restart = marker.number == Some(1);
        if st.group.is_none() || restart {
            if restart
                && !at_line_start
                && st.group.is_some()
                && st.outer.is_none()
                && st.last_line_start == line_start
            {
                st.outer = st.group;
            }
            st.group = Some(st.next_group);
            st.next_group += 1;
        }
        st.last_line_start = line_start;
        let group = st.group.unwrap_or(0);
        self.enumerations.push(Enumeration {
            marker,
            group,
            line,
        });
    }

    fn scan_enumerations(&mut self, cands: &[Candidate], _line_end: usize) {
        for c in cands {
            if c.marker.kind == MarkerKind::Enumeration && (c.after_boundary || c.after_comma) {
                self.push_enumeration(c.marker.clone(), false);
            }
        }
    }

    /// `2023年工作思路` standing alone between `二、…（四）` and `（一）`: a top-level
    /// heading whose number is missing.
    fn is_unnumbered_heading(&self, trimmed: &str, chars: usize, next: Option<&str>) -> bool {
        if !(2..=20).contains(&chars)
            || trimmed.contains([
                '。', '；', ';', '，', ',', '：', ':', '！', '？', '!', '?', '、',
            ])
        {
            return false;
        }
        let next_is_first = next.is_some_and(|n| {
            let n = n.trim_start();
            n.starts_with("（一）")
                || n.starts_with("(一)")
                || n.starts_with("（）")
                || n.starts_with("()")
        });
        if !next_is_first {
            return false;
        }
        let open_top = self.stack.iter().copied().find(|&n| matches!(&self.nodes[n].kind, NodeKind::Heading(m) if m.kind == MarkerKind::Chinese));
        open_top.is_some_and(|t| {
            self.nodes[t].children.iter().any(|&c| matches!(&self.nodes[c].kind, NodeKind::Heading(m) if m.kind == MarkerKind::ParenChinese))
        })
    }

    fn finish(mut self, len: usize) -> Outline {
        self.close_until(0, len);
        let text = self.text;
        let trim_end = |end: usize, start: usize| start + text[start..end].trim_end().len();
        let reports_n = self.reports.len();
        let mut reports = Vec::with_capacity(reports_n);
        for (i, r) in self.reports.iter().enumerate() {
            let end = self.reports.get(i + 1).map_or(len, |n| n.start);
            reports.push(Report {
                range: r.start..trim_end(end, r.start.min(end)),
                title: r.title.clone(),
            });
        }
        let roots: Vec<usize> = (0..self.nodes.len())
            .filter(|&n| self.nodes[n].parent.is_none())
            .collect();
        let mut next_id = 0;
        let mut out = Vec::with_capacity(roots.len());
        for r in roots {
            out.push(self.to_node(r, &mut next_id, &trim_end));
        }
        Outline {
            roots: out,
            reports,
            enumerations: self.enumerations,
        }
    }

    fn to_node(
        &self,
        i: usize,
        next_id: &mut usize,
        trim_end: &impl Fn(usize, usize) -> usize,
    ) -> Node {
        let n = &self.nodes[i];
        let id = *next_id;
        *next_id += 1;
        let line = n.line;
        debug_assert_eq!(line, self.line_index.line_of(n.start));
        let children: Vec<Node> = n
            .children
            .iter()
            .map(|&c| self.to_node(c, next_id, trim_end))
            .collect();
        // A section holds its label and its children, whatever trimming did.
        let end = trim_end(n.end, n.start)
            .max(n.label.end)
            .max(children.last().map_or(0, |c| c.section.end));
        Node {
            id,
            kind: n.kind.clone(),
            rank: n.rank,
            report: n.report,
            line,
            label: n.label.clone(),
            section: n.start..end,
            children,
        }
    }
}

/// The title part of a run-in heading: up to `。：；`, the next marker or the
/// end of the line, capped when glued to body text.
fn label_range(text: &str, from: usize, until: usize) -> Range<usize> {
    let s = &text[from..until];
    let lead = s.len() - s.trim_start().len();
    let s = s.trim_start();
    let start = from + lead;
    // A label is at most LABEL_CAP characters, so once a character past the
    // cap that trimming cannot drop comes before any delimiter, the first
    // LABEL_CAP + 1 characters decide it: the rest of a long line is never read.
    let mut end_rel = s.len();
    for (k, (i, c)) in s.char_indices().enumerate() {
        if matches!(c, '。' | '：' | ':' | '；' | ';' | '！' | '？' | '!' | '?') {
            end_rel = i;
            break;
        }
        if k == LABEL_CAP && !c.is_whitespace() {
            let head = &s[..i + c.len_utf8()];
            let cut = head
                .char_indices()
                .find(|&(j, c)| matches!(c, '，' | ',') && j >= 6)
                .map_or(i, |(j, _)| j);
            return start..start + cut;
        }
    }
    start..start + capped_label(s[..end_rel].trim_end()).len()
}

/// `label` cut to LABEL_CAP characters, at its first comma when that comes early enough.
fn capped_label(label: &str) -> &str {
    if label.chars().count() <= LABEL_CAP {
        return label;
    }
    let comma = label
        .char_indices()
        .find(|&(i, c)| matches!(c, '，' | ',') && i >= 6)
        .map(|(i, _)| i);
    match comma {
        Some(i) if label[..i].chars().count() <= LABEL_CAP => &label[..i],
        _ => {
            let cut = label
                .char_indices()
                .nth(LABEL_CAP)
                .map_or(label.len(), |(i, _)| i);
            &label[..cut]
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Config, Node, NodeKind};

    /// The hand-written test of a report's name says what the regex it
    /// replaced said, on every ending built from its pieces.
    #[test]
    fn report_names_as_the_regex_read_them() {
        let re = regex::Regex::new(concat!(
            r"(?:总结|總結|计划|計劃|計畫|报告|報告|汇报|匯報|彙報|述职|述職|打算|要点|要點",
            r"|工作思路|情况|情況)",
            r"(?:[（(][^）)]{1,8}[）)]|篇[一二三四五六七八九十0-9]{1,3})?$",
        ))
        .unwrap();
        let pieces = [
            "总结",
            "總結",
            "工作思路",
            "思路",
            "情況",
            "（",
            "(",
            "）",
            ")",
            "篇",
            "一",
            "十",
            "4",
            "0",
            "草稿",
            "a",
            "县",
            "",
            "要",
            "点",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut checked = 0;
        for _ in 0..60_000 {
            let mut s = String::new();
            for _ in 0..1 + (seed % 6) as usize {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(super::names_a_report(&s), re.is_match(&s), "{s:?}");
            checked += usize::from(re.is_match(&s));
        }
        assert!(
            checked > 1000,
            "the endings exercise both answers: {checked}"
        );
    }

    /// `depth marker` of every node, in order.
    fn shape(text: &str) -> Vec<String> {
        let a = analyze(text, &Config::default());
        let mut out = Vec::new();
        fn walk(text: &str, n: &Node, d: usize, out: &mut Vec<String>) {
            let m = match &n.kind {
                NodeKind::Heading(m) => text[m.range.clone()].trim().to_string(),
                NodeKind::Title => "《标题》".into(),
                NodeKind::Unnumbered => "〈〉".into(),
            };
            out.push(format!("{d}{m}"));
            for c in &n.children {
                walk(text, c, d + 1, out);
            }
        }
        for n in &a.outline.roots {
            walk(text, n, 0, &mut out);
        }
        out
    }

    /// `label_range` as first written: it reads the whole rest of the line.
    fn reference_label_range(text: &str, from: usize, until: usize) -> std::ops::Range<usize> {
        let s = &text[from..until];
        let lead = s.len() - s.trim_start().len();
        let s = s.trim_start();
        let start = from + lead;
        let end_rel = s
            .find(['。', '：', ':', '；', ';', '！', '？', '!', '?'])
            .unwrap_or(s.len());
        let mut label = s[..end_rel].trim_end();
        if label.chars().count() > super::LABEL_CAP {
            let comma = label
                .char_indices()
                .find(|&(i, c)| matches!(c, '，' | ',') && i >= 6)
                .map(|(i, _)| i);
            label = match comma {
                Some(i) if label[..i].chars().count() <= super::LABEL_CAP => &label[..i],
                _ => {
                    let cut = label
                        .char_indices()
                        .nth(super::LABEL_CAP)
                        .map_or(label.len(), |(i, _)| i);
                    &label[..cut]
                }
            };
        }
        start..start + label.len()
    }

    proptest::proptest! {
        #[test]
        fn bounded_label_matches_the_whole_line_reading(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("推进工作".to_string()),
                proptest::strategy::Just("𠀀😀".to_string()),
                "[甲乙丙一二1a，,。：:；;！？!? \u{3000}\u{a0}\t\r]{0,12}",
            ], 0..12),
            lead in "[ \u{3000}\u{a0}]{0,3}",
        ) {
            let text = format!("{lead}{}", pieces.concat());
            for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)).take(4) {
                proptest::prop_assert_eq!(
                    super::label_range(&text, from, text.len()),
                    reference_label_range(&text, from, text.len())
                );
            }
        }
    }

    #[test]
    fn label_past_the_cap_is_cut_at_an_early_comma_or_the_cap() {
        let long = format!("{}，{}", "甲".repeat(10), "乙".repeat(40));
        assert_eq!(
            super::label_range(&long, 0, long.len()),
            reference_label_range(&long, 0, long.len())
        );
        assert_eq!(super::label_range(&long, 0, long.len()), 0.."甲".len() * 10);
        let spaced = format!("{}{}。", "甲".repeat(30), " ".repeat(5));
        assert_eq!(
            super::label_range(&spaced, 0, spaced.len()),
            0.."甲".len() * 30
        );
    }

    #[test]
    fn one_character_markers_nest_like_their_written_forms() {
        assert_eq!(
            shape("一、甲\n㈠乙\n⒈丙\n⑴丁\n⑵戊\n⒉己\n㈡庚\n"),
            ["0一、", "1㈠", "2⒈", "3⑴", "3⑵", "2⒉", "1㈡"]
        );
        // ⑴ and （2） are one level and one sequence: no gap, no restart.
        let a = analyze("一、甲\n⑴乙\n（2）丙\n", &Config::default());
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        assert_eq!(shape("一、甲\n⑴乙\n（2）丙\n"), ["0一、", "1⑴", "1（2）"]);
    }

    #[test]
    fn roman_and_financial_numerals_head_the_chinese_level() {
        assert_eq!(
            shape("Ⅰ、甲\n一、乙\n二、丙\nⅡ、丁\n一、戊\n"),
            ["0Ⅰ、", "1一、", "1二、", "0Ⅱ、", "1一、"]
        );
        assert_eq!(
            shape("壹、甲\n一、乙\n貳、丙\n一、丁\n"),
            ["0壹、", "1一、", "0貳、", "1一、"]
        );
        // Mid-line they are prose: `。Ⅱ、` and `，壹、` head nothing.
        assert_eq!(shape("一、甲。Ⅱ、乙\n"), ["0一、"]);
    }

    #[test]
    fn traditional_titles_and_numbered_compilation_pieces() {
        for title in [
            "某縣2023年工作總結",
            "某局2024年工作計畫",
            "某局2024年工作計劃",
            "某局述職報告",
            "某鎮上半年工作匯報",
            "某鎮上半年工作彙報",
            "2024年工作要點",
            "個人年度工作總結篇一",
            "个人年度工作总结篇4",
        ] {
            let text = format!("{title}\n\n一、甲\n");
            assert_eq!(shape(&text), ["0《标题》", "1一、"], "{title}");
        }
        assert_eq!(shape("某縣工作總結匯編\n\n一、甲\n"), ["0一、"]);
    }

    #[test]
    fn toc_entry_without_its_page_number_is_still_an_entry() {
        let text = "目录\n一、基本情况\t1\n二、主要做法\n三、下步打算\t5\n\n某局2024年工作总结\n一、基本情况\n";
        assert_eq!(shape(text), ["0《标题》", "1一、"]);
        // After the last entry the body starts again.
        let text = "目录\n一、甲\t1\n二、乙\t2\n一、甲\n二、乙\n";
        assert_eq!(shape(text), ["0一、", "0二、"]);
    }

    #[test]
    fn chapters_run_on_through_parts() {
        let text =
            "第一篇 总结\n第1章 回顾\n一、甲\n第2章 成效\n第二篇 计划\n第3章 目标\n第4章 措施\n";
        assert_eq!(
            shape(text),
            [
                "0第一篇",
                "1第1章",
                "2一、",
                "1第2章",
                "0第二篇",
                "1第3章",
                "1第4章"
            ]
        );
        let a = analyze(text, &Config::default());
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        // Restarting at one under each part is fine too.
        let a = analyze(
            "第一篇 甲\n第一章 乙\n第二篇 丙\n第一章 丁\n",
            &Config::default(),
        );
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    }

    #[test]
    fn decimal_headings_and_keycaps_make_no_noise() {
        let text = "一、甲\n1.1 总体目标\n1.2 主要任务\n10.4 保障措施\n1️⃣ 做强品牌\n2️⃣ 拓展市场\n";
        let a = analyze(text, &Config::default());
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        assert_eq!(shape(text), ["0一、"]);
    }

    #[test]
    fn traditional_run_in_and_enumerations_work_as_simplified() {
        let text = "現將工作總結如下: 一、點面結合 （一）幹線公路 1、續建項目。一是加快進度，二是確保質量。\n";
        assert_eq!(shape(text), ["0一、", "1（一）", "21、"]);
        let a = analyze(text, &Config::default());
        assert_eq!(a.outline.enumerations.len(), 2);
    }
}
