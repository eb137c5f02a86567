//! Fixes: text edits that repair numbering, and refactors that restructure it.
//!
//! Every edit touches heading markers only (numbers, brackets, separators);
//! titles and body text are never changed. Edits of one fix never overlap.

use std::ops::Range;

use crate::heading::{chinese_numeral, circled, render_marker};
use crate::rules::{self, sequences, FixContext, Sequence};
use crate::{
    Analysis, Bracket, Config, Diagnostic, HeadingMarker, MarkerKind, Node, NodeKind, Separator,
};

/// Replace `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A named set of edits, offered to the user as one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Chinese title shown in the editor's action list.
    pub title: String,
    pub edits: Vec<Edit>,
    /// Certain to be right, so fix-all (`source.fixAll.baogao`, `baogao check
    /// --fix`) may apply it without the user looking.
    pub safe: bool,
}

/// What a marker should become; `None` keeps that part as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wanted {
    pub number: Option<u32>,
    pub bracket: Option<Bracket>,
    pub separator: Option<Separator>,
}

/// The parts of a marker as written, as byte ranges in the text.
struct Parts {
    /// Where the rewritable body starts (after a Markdown `#` prefix).
    body: usize,
    open: Option<char>,
    number: Range<usize>,
    close: Option<char>,
    separator: Range<usize>,
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "一二三四五六七八九十百零〇".contains(c)
        || ('①'..='⑳').contains(&c)
}

fn parts(text: &str, m: &HeadingMarker) -> Parts {
    let s = &text[m.range.clone()];
    let lead = s.len() - s.trim_start_matches(['#', ' ', '\t', '　']).len();
    let body = m.range.start + lead;
    let rest = &text[body..m.range.end];
    let mut i = 0;
    let open = rest.chars().next().filter(|c| matches!(c, '（' | '('));
    if let Some(c) = open {
        i += c.len_utf8();
    }
    if m.kind == MarkerKind::Chapter(crate::ChapterUnit::Article)
        || matches!(m.kind, MarkerKind::Chapter(_))
    {
        i += '第'.len_utf8();
    }
    while rest[i..].starts_with([' ', '　']) {
        i += rest[i..].chars().next().map_or(1, char::len_utf8);
    }
    let num_start = i;
    while let Some(c) = rest[i..].chars().next().filter(|&c| is_numeral_char(c)) {
        i += c.len_utf8();
        if m.kind == MarkerKind::Circled {
            break;
        }
    }
    let number = body + num_start..body + i;
    while rest[i..].starts_with([' ', '　']) {
        i += rest[i..].chars().next().map_or(1, char::len_utf8);
    }
    let close = if open.is_some() {
        rest[i..].chars().next().filter(|c| matches!(c, '）' | ')'))
    } else {
        None
    };
    if let Some(c) = close {
        i += c.len_utf8();
    }
    let separator = if matches!(
        m.kind,
        MarkerKind::Chapter(_) | MarkerKind::Circled | MarkerKind::Markdown(_)
    ) {
        m.range.end..m.range.end
    } else {
        body + i..m.range.end
    };
    Parts {
        body,
        open,
        number,
        close,
        separator,
    }
}

/// The numeral for `n` in the style `kind` uses, following the digits as written.
fn numeral(kind: MarkerKind, n: u32, written: &str) -> String {
    match kind {
        MarkerKind::Arabic | MarkerKind::ParenArabic => {
            if written.chars().any(|c| ('０'..='９').contains(&c)) {
                n.to_string()
                    .chars()
                    .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                    .collect()
            } else {
                n.to_string()
            }
        }
        MarkerKind::Circled => circled(n).map_or_else(|| n.to_string(), str::to_string),
        MarkerKind::Chapter(_)
            if written.chars().all(|c| c.is_ascii_digit()) && !written.is_empty() =>
        {
            n.to_string()
        }
        _ => chinese_numeral(n),
    }
}

/// The edit that turns marker `m` into what `wanted` asks for, if anything changes.
pub fn rewrite(text: &str, m: &HeadingMarker, wanted: Wanted) -> Option<Edit> {
    if matches!(m.kind, MarkerKind::Markdown(_)) {
        return None;
    }
    let p = parts(text, m);
    let written_number = &text[p.number.clone()];
    let number = match (wanted.number, m.number) {
        (Some(n), _) => numeral(m.kind, n, written_number),
        (None, _) => written_number.to_string(),
    };
    let body = &text[p.body..m.range.end];
    let mut out = String::new();
    let bracket = wanted.bracket.or(m.bracket);
    let (open, close) = match (bracket, p.open, p.close) {
        (Some(Bracket::Full), Some(_), _) => (Some('（'), Some('）')),
        (Some(Bracket::Half), Some(_), _) => (Some('('), Some(')')),
        (_, o, c) => (o, c),
    };
    if let Some(o) = open {
        out.push(o);
    }
    if matches!(m.kind, MarkerKind::Chapter(_)) {
        out.push('第');
    }
    out.push_str(&number);
    if let Some(c) = close {
        out.push(c);
    }
    if matches!(m.kind, MarkerKind::Chapter(_)) {
        out.push_str(&text[p.number.end..m.range.end]);
    } else {
        match wanted.separator {
            Some(sep) => out.push_str(sep.as_str()),
            None => out.push_str(&text[p.separator.clone()]),
        }
    }
    (out != body).then_some(Edit {
        range: p.body..m.range.end,
        replacement: out,
    })
}

/// What `m` becomes under `wanted`, as text (for messages).
pub fn rewritten(text: &str, m: &HeadingMarker, wanted: Wanted) -> String {
    match rewrite(text, m, wanted) {
        Some(e) => e.replacement,
        None => text[parts(text, m).body..m.range.end].to_string(),
    }
}

/// Applies non-overlapping edits to `text`. Overlapping or out-of-range edits
/// are skipped (the later of two overlapping edits loses), so the result is
/// always valid text.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Edits that renumber `seq` from item `from` on, continuing from the item before it.
fn renumber_from(text: &str, seq: &Sequence, from: usize, edits: &mut Vec<Edit>) {
    let mut prev = if from == 0 {
        if seq.has_parent {
            0
        } else {
            seq.expected_numbers()
                .first()
                .copied()
                .unwrap_or(1)
                .saturating_sub(1)
        }
    } else {
        effective_number(seq, from - 1)
    };
    for n in &seq.nodes[from..] {
        prev += 1;
        if let Some(e) = number_edit(text, n, prev) {
            edits.push(e);
        }
    }
}

/// The number item `i` stands for: as written, or as the sequence expects when it has none.
fn effective_number(seq: &Sequence, i: usize) -> u32 {
    let mut last = 0;
    for (j, n) in seq.nodes.iter().enumerate().take(i + 1) {
        last = match n.marker().and_then(|m| m.number) {
            Some(v) => v,
            None => last + 1,
        };
        if j == 0 && last == 0 {
            last = 1;
        }
    }
    last
}

/// The edit giving node `n` the number `v` (inserting `三、` before an unnumbered heading).
fn number_edit(text: &str, n: &Node, v: u32) -> Option<Edit> {
    match &n.kind {
        NodeKind::Heading(m) => rewrite(
            text,
            m,
            Wanted {
                number: Some(v),
                ..Wanted::default()
            },
        ),
        NodeKind::Unnumbered => Some(Edit {
            range: n.label.start..n.label.start,
            replacement: render_marker(MarkerKind::Chinese, v, None, Separator::Dunhao),
        }),
        NodeKind::Title => None,
    }
}

fn find_in_sequences<'a>(
    seqs: &'a [Sequence<'a>],
    start: usize,
) -> Option<(&'a Sequence<'a>, usize)> {
    seqs.iter().find_map(|s| {
        s.nodes
            .iter()
            .position(|n| n.marker().map_or(n.label.start, |m| m.range.start) == start)
            .map(|i| (s, i))
    })
}

/// Quick fixes for one diagnostic of the analysis, from its rule's fix function.
pub fn quick_fixes(text: &str, analysis: &Analysis, config: &Config, d: &Diagnostic) -> Vec<Fix> {
    let Some(fix) = rules::rule(d.code).and_then(|r| r.fix) else {
        return Vec::new();
    };
    fix(
        &FixContext {
            text,
            analysis,
            config,
        },
        d,
    )
}

/// Fill an empty ordinal, or renumber the sequence from the diagnostic's item
/// (`numbering-gap`, `-duplicate`, `-order`, `-missing`).
pub(crate) fn numbering_fixes(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let (text, outline) = (cx.text, &cx.analysis.outline);
    let mut fixes = Vec::new();
    let seqs = sequences(outline);
    if let Some((seq, i)) = find_in_sequences(&seqs, d.range.start) {
        let node = seq.nodes[i];
        let empty =
            node.marker().is_some_and(|m| m.number.is_none()) || node.kind == NodeKind::Unnumbered;
        if empty {
            let v = effective_number(seq, i);
            if let Some(e) = number_edit(text, node, v) {
                fixes.push(Fix {
                    title: format!("补上编号“{}”", e.replacement.trim()),
                    edits: vec![e],
                    safe: true,
                });
            }
        }
        let mut edits = Vec::new();
        renumber_from(text, seq, i, &mut edits);
        // A lone edit on an empty ordinal is the same as filling it in.
        if !(edits.is_empty() || empty && edits.len() == 1) {
            fixes.push(Fix {
                title: "从此处起重新编号".to_string(),
                edits,
                safe: true,
            });
        }
    }
    fixes
}

/// Rewrite one bracket, or every inconsistent bracket of the document (`numbering-bracket`).
pub(crate) fn bracket_fixes(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let (text, outline, config) = (cx.text, &cx.analysis.outline, cx.config);
    let mut fixes = Vec::new();
    for (m, bracket) in rules::bracket_findings(outline, config) {
        if m.range == d.range {
            if let Some(e) = rewrite(
                text,
                m,
                Wanted {
                    bracket: Some(bracket),
                    ..Wanted::default()
                },
            ) {
                fixes.push(Fix {
                    title: format!("改为“{}”", e.replacement),
                    edits: vec![e],
                    safe: true,
                });
            }
            let all: Vec<Edit> = rules::bracket_findings(outline, config)
                .into_iter()
                .filter_map(|(m, b)| {
                    rewrite(
                        text,
                        m,
                        Wanted {
                            bracket: Some(b),
                            ..Wanted::default()
                        },
                    )
                })
                .collect();
            if all.len() > 1 {
                fixes.push(Fix {
                    title: "统一全篇括号宽度".to_string(),
                    edits: all,
                    safe: true,
                });
            }
        }
    }
    fixes
}

/// Rewrite one separator (`numbering-separator`).
pub(crate) fn separator_fixes(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let (text, outline, config) = (cx.text, &cx.analysis.outline, cx.config);
    let mut fixes = Vec::new();
    for (m, sep) in rules::separator_findings(outline, config) {
        if m.range == d.range {
            if let Some(e) = rewrite(
                text,
                m,
                Wanted {
                    separator: Some(sep),
                    ..Wanted::default()
                },
            ) {
                fixes.push(Fix {
                    title: format!("改为“{}”", e.replacement),
                    edits: vec![e],
                    safe: true,
                });
            }
        }
    }
    fixes
}

/// Renumber a `一是/二是` list from the diagnostic's item (`enumeration`).
pub(crate) fn enumeration_fixes(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    enumeration_edits(cx.analysis, Some(d.range.start))
        .map(|edits| Fix {
            title: "从此处起重排“一是、二是……”".to_string(),
            edits,
            safe: true,
        })
        .into_iter()
        .collect()
}

/// Renumbers `一是/二是` groups (all of them, or the one containing `from` from that item on).
fn enumeration_edits(analysis: &Analysis, from: Option<usize>) -> Option<Vec<Edit>> {
    let items = &analysis.outline.enumerations;
    let group = from.and_then(|f| {
        items
            .iter()
            .find(|e| e.marker.range.start == f)
            .map(|e| e.group)
    });
    let mut last: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    let mut edits = Vec::new();
    for e in items {
        if group.is_some_and(|g| g != e.group) {
            continue;
        }
        let number = e.marker.number.unwrap_or(1);
        let want = match last.get(&e.group) {
            Some(p) => p + 1,
            None => number,
        };
        let active = from.is_none_or(|f| e.marker.range.start >= f);
        last.insert(e.group, if active { want } else { number });
        if active && want != number {
            let r = e.marker.range.clone();
            edits.push(Edit {
                range: r.start..r.end - '是'.len_utf8(),
                replacement: chinese_numeral(want),
            });
        }
    }
    (!edits.is_empty()).then_some(edits)
}

/// Every safe fix at once, as one list of non-overlapping edits: each numbering
/// sequence renumbered in order, empty ordinals filled, brackets and separators
/// made consistent, `一是` lists renumbered.
///
/// Numbering decides structure in a few places (a marker glued to the text
/// before it is a heading only when it continues its sequence), so one round
/// of fixes can reveal another. Fix-all repeats until nothing changes and
/// returns the result as edits of the original text, one per changed line
/// span, which makes it idempotent.
pub fn fix_all(text: &str, analysis: &Analysis, config: &Config) -> Vec<Edit> {
    let mut current = apply(text, &fix_all_once(text, analysis, config));
    for _ in 0..4 {
        let a = crate::analyze(&current, config);
        let edits = fix_all_once(&current, &a, config);
        if edits.is_empty() {
            break;
        }
        current = apply(&current, &edits);
    }
    diff_lines(text, &current)
}

/// Edits turning `old` into `new` when both have the same line breaks (fixes
/// never add or remove one): per differing line, the part between the common
/// prefix and suffix.
fn diff_lines(old: &str, new: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut a = 0;
    for (lo, ln) in old.split_inclusive('\n').zip(new.split_inclusive('\n')) {
        if lo != ln {
            let prefix = lo
                .char_indices()
                .zip(ln.chars())
                .take_while(|((_, x), y)| x == y)
                .last()
                .map_or(0, |((i, x), _)| i + x.len_utf8());
            let suffix = lo[prefix..]
                .chars()
                .rev()
                .zip(ln[prefix..].chars().rev())
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| x.len_utf8())
                .sum::<usize>();
            edits.push(Edit {
                range: a + prefix..a + lo.len() - suffix,
                replacement: ln[prefix..ln.len() - suffix].to_string(),
            });
        }
        a += lo.len();
    }
    edits
}

fn fix_all_once(text: &str, analysis: &Analysis, config: &Config) -> Vec<Edit> {
    let outline = &analysis.outline;
    let mut wanted: std::collections::HashMap<usize, (&HeadingMarker, Wanted)> =
        std::collections::HashMap::new();
    let mut edits = Vec::new();
    for seq in sequences(outline) {
        for (n, v) in seq.nodes.iter().zip(seq.expected_numbers()) {
            match &n.kind {
                NodeKind::Heading(m) => {
                    if m.number != Some(v) {
                        wanted
                            .entry(m.range.start)
                            .or_insert((m, Wanted::default()))
                            .1
                            .number = Some(v);
                    }
                }
                NodeKind::Unnumbered => edits.extend(number_edit(text, n, v)),
                NodeKind::Title => {}
            }
        }
    }
    for (m, b) in rules::bracket_findings(outline, config) {
        wanted
            .entry(m.range.start)
            .or_insert((m, Wanted::default()))
            .1
            .bracket = Some(b);
    }
    for (m, s) in rules::separator_findings(outline, config) {
        wanted
            .entry(m.range.start)
            .or_insert((m, Wanted::default()))
            .1
            .separator = Some(s);
    }
    edits.extend(
        wanted
            .into_values()
            .filter_map(|(m, w)| rewrite(text, m, w)),
    );
    edits.extend(enumeration_edits(analysis, None).unwrap_or_default());
    edits.sort_by_key(|e| e.range.start);
    edits
}

/// Renumbers every sequence inside the section of node `id` (its children and below).
pub fn renumber_section(text: &str, analysis: &Analysis, id: usize) -> Option<Fix> {
    let node = find_node(analysis, id)?;
    let mut ids = std::collections::HashSet::new();
    node.walk(&mut |n| {
        ids.insert(n.id);
    });
    let mut edits = Vec::new();
    for seq in sequences(&analysis.outline) {
        let inside = seq.nodes.iter().all(|n| ids.contains(&n.id) && n.id != id);
        if inside && seq.has_parent {
            renumber_from(text, &seq, 0, &mut edits);
        }
    }
    (!edits.is_empty()).then(|| Fix {
        title: format!("重新编号“{}”下的各级标题", &text[node.label.clone()]),
        edits,
        // A refactor the user picks, never part of fix-all.
        safe: false,
    })
}

pub fn find_node(analysis: &Analysis, id: usize) -> Option<&Node> {
    let mut found = None;
    analysis.outline.walk(|n| {
        if n.id == id {
            found = Some(n);
        }
    });
    found
}

/// GB/T 9704 levels in order, for promoting and demoting.
const LEVELS: [MarkerKind; 5] = [
    MarkerKind::Chinese,
    MarkerKind::ParenChinese,
    MarkerKind::Arabic,
    MarkerKind::ParenArabic,
    MarkerKind::Circled,
];

/// Moves heading `id` one level up (`promote`) or down: its marker changes to
/// the neighbouring level's style, and both the sequence it leaves and the one
/// it joins are renumbered.
pub fn shift_level(text: &str, analysis: &Analysis, id: usize, promote: bool) -> Option<Fix> {
    let seqs = sequences(&analysis.outline);
    let (seq, i) = seqs
        .iter()
        .find_map(|s| s.nodes.iter().position(|n| n.id == id).map(|i| (s, i)))?;
    let node = seq.nodes[i];
    let m = node.marker()?;
    let level = LEVELS.iter().position(|&k| k == m.kind)?;
    let target = if promote {
        LEVELS.get(level.checked_sub(1)?)?
    } else {
        LEVELS.get(level + 1)?
    };
    let style_from = |kind: MarkerKind| -> (Option<Bracket>, Separator) {
        let mut found = None;
        analysis.outline.walk(|n| {
            if found.is_none() {
                if let Some(o) = n.marker().filter(|o| o.kind == kind) {
                    found = Some((o.bracket, o.separator));
                }
            }
        });
        found.unwrap_or(match kind {
            MarkerKind::Chinese => (None, Separator::Dunhao),
            MarkerKind::Arabic => (None, Separator::Dot),
            MarkerKind::Circled => (None, Separator::None),
            _ => (Some(m.bracket.unwrap_or(Bracket::Full)), Separator::None),
        })
    };
    let (bracket, separator) = style_from(*target);
    // The number it takes in the sequence it joins.
    let new_number = if promote {
        // It follows its parent among the parent's siblings.
        let parent_seq = seqs.iter().find_map(|s| {
            s.nodes
                .iter()
                .position(|p| p.children.iter().any(|c| c.id == id))
                .map(|j| (s, j))
        });
        parent_seq.map_or(1, |(s, j)| effective_number(s, j) + 1)
    } else {
        // It becomes the last child of the sibling before it.
        let prev = i.checked_sub(1).map(|p| seq.nodes[p])?;
        let last = prev.children.iter().rev().find_map(|c| {
            c.marker()
                .filter(|o| o.kind == *target)
                .and_then(|o| o.number)
        });
        last.unwrap_or(0) + 1
    };
    let label = &text[node.label.clone()];
    let mut edits = vec![Edit {
        range: parts(text, m).body..m.range.end,
        replacement: render_marker(*target, new_number, bracket, separator),
    }];
    // The sequence it leaves closes up behind it.
    let mut v = if i == 0 {
        if seq.has_parent {
            0
        } else {
            effective_number(seq, 0).saturating_sub(1)
        }
    } else {
        effective_number(seq, i - 1)
    };
    let later: Vec<&Node> = seq.nodes[i + 1..].to_vec();
    if promote {
        // Later siblings now sit under the promoted heading and start again at one.
        v = 0;
    }
    for n in later {
        v += 1;
        edits.extend(number_edit(text, n, v));
    }
    if promote {
        // The parent's later siblings move down by one.
        if let Some((s, j)) = seqs.iter().find_map(|s| {
            s.nodes
                .iter()
                .position(|p| p.children.iter().any(|c| c.id == id))
                .map(|j| (s, j))
        }) {
            let mut v = new_number;
            for n in &s.nodes[j + 1..] {
                v += 1;
                edits.extend(number_edit(text, n, v));
            }
        }
    }
    let verb = if promote {
        "升为上一级"
    } else {
        "降为下一级"
    };
    Some(Fix {
        title: format!("将“{label}”{verb}"),
        edits,
        safe: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config};

    fn fixed_all(text: &str) -> String {
        let a = analyze(text, &Config::default());
        apply(text, &fix_all(text, &a, &Config::default()))
    }

    fn first_fix(text: &str, code: &str) -> String {
        let a = analyze(text, &Config::default());
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .expect("diagnostic");
        let fixes = quick_fixes(text, &a, &Config::default(), d);
        apply(text, &fixes.last().expect("a fix").edits)
    }

    #[test]
    fn renumber_from_a_gap_changes_only_numbers() {
        let text = "一、工作\n（一）甲。正文（五）不动\n（二）乙\n（四）丙\n（五）丁\n";
        assert_eq!(
            first_fix(text, "numbering-gap"),
            "一、工作\n（一）甲。正文（五）不动\n（二）乙\n（三）丙\n（四）丁\n"
        );
    }

    #[test]
    fn fill_empty_ordinal() {
        let text = "一、工作\n(一)甲\n()乙\n(三)丙\n";
        let a = analyze(text, &Config::default());
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == "numbering-missing")
            .expect("diagnostic");
        let fixes = quick_fixes(text, &a, &Config::default(), d);
        assert_eq!(fixes[0].title, "补上编号“(二)”");
        assert_eq!(
            apply(text, &fixes[0].edits),
            "一、工作\n(一)甲\n(二)乙\n(三)丙\n"
        );
    }

    #[test]
    fn brackets_and_separators() {
        assert_eq!(
            first_fix(
                "一、工作\n（一）甲\n(二)乙\n（三）丙\n",
                "numbering-bracket"
            ),
            "一、工作\n（一）甲\n（二）乙\n（三）丙\n"
        );
        assert_eq!(
            first_fix("（一）党建\n1、甲\n2.乙\n3.丙\n", "numbering-separator"),
            "（一）党建\n1.甲\n2.乙\n3.丙\n"
        );
        assert_eq!(
            first_fix("一.基本情况\n", "numbering-separator"),
            "一、基本情况\n"
        );
        assert_eq!(
            first_fix("一、甲\n（一）、乙\n", "numbering-separator"),
            "一、甲\n（一）乙\n"
        );
    }

    #[test]
    fn fix_all_is_one_consistent_edit_and_idempotent() {
        let text = "XX局工作总结\n\n一、工作\n（一）甲\n(三)乙\n（三）丙\n（）丁\n1、子\n2.子\n2.子\n二.问题\n一是甲。二是乙。四是丙。\n四、计划\n";
        let once = fixed_all(text);
        assert_eq!(
            once,
            "XX局工作总结\n\n一、工作\n（一）甲\n（二）乙\n（三）丙\n（四）丁\n1.子\n2.子\n3.子\n二、问题\n一是甲。二是乙。三是丙。\n三、计划\n"
        );
        assert_eq!(fixed_all(&once), once);
        let a = analyze(&once, &Config::default());
        let left: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code != "placeholder")
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn doubled_punctuation_after_a_marker_is_text() {
        // Found by fuzzing: `（二）,,,` lost one comma per fix-all.
        let text = "一、工作\n（一）甲\n（二）,,,乙\n（四）丙\n一、、二\n";
        let once = fixed_all(text);
        assert_eq!(
            once,
            "一、工作\n（一）甲\n（二）,,,乙\n（三）丙\n一、、二\n"
        );
        assert_eq!(fixed_all(&once), once);
    }

    #[test]
    fn unnumbered_heading_gets_its_number() {
        let text =
            "一、总结\n（一）甲\n二、做法\n（一）乙\n（二）丙\n\n2023年工作思路\n\n（一）丁\n";
        assert_eq!(
            first_fix(text, "numbering-missing"),
            text.replace("\n2023年", "\n三、2023年")
        );
    }

    #[test]
    fn renumber_a_section_and_shift_levels() {
        let text = "一、工作\n（一）甲\n（三）乙\n1.子\n3.子\n二、问题\n";
        let a = analyze(text, &Config::default());
        let top = &a.outline.roots[0];
        let fix = renumber_section(text, &a, top.id).expect("fix");
        assert_eq!(
            apply(text, &fix.edits),
            "一、工作\n（一）甲\n（二）乙\n1.子\n2.子\n二、问题\n"
        );

        let text = "一、工作\n（一）甲\n（二）乙\n（三）丙\n二、问题\n";
        let a = analyze(text, &Config::default());
        let second = &a.outline.roots[0].children[1];
        let promoted = shift_level(text, &a, second.id, true).expect("promote");
        assert_eq!(
            apply(text, &promoted.edits),
            "一、工作\n（一）甲\n二、乙\n（一）丙\n三、问题\n"
        );
        let demoted = shift_level(text, &a, second.id, false).expect("demote");
        assert_eq!(
            apply(text, &demoted.edits),
            "一、工作\n（一）甲\n1.乙\n（二）丙\n二、问题\n"
        );
    }
}
