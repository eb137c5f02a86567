//! What the numbering rules share: the sibling sequences of an outline,
//! the one computation of the number each item should carry, and the
//! renumbering fix of `numbering-gap`, `-duplicate`, `-order` and `-missing`.

use std::collections::HashMap;

use super::FixContext;
use crate::edit::{Edit, Fix};
use crate::heading::{render_marker, Wanted};
use crate::{HeadingMarker, MarkerKind, Node, NodeKind, Outline, Related, Separator};

/// A run of siblings of one numbering system: the children of a heading, or
/// a report's top level, or all 第X条 of a report.
pub struct Sequence<'a> {
    pub nodes: Vec<&'a Node>,
    /// Under a heading (not a report's top level), so it must start at one.
    pub has_parent: bool,
}

impl Sequence<'_> {
    /// The number each item stands for: its own, or one more than the item
    /// before when it has none (an empty `（）`, an unnumbered heading).
    ///
    /// This is the one place that decides what a sequence counts; the
    /// checks ([`Step`]), the quick fixes, fix-all, the refactors and the
    /// completion of the next number all derive their numbers from it.
    pub fn effective_numbers(&self) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(self.nodes.len());
        for n in &self.nodes {
            let before = out.last().copied().unwrap_or(0);
            out.push(n.marker().and_then(|m| m.number).unwrap_or(before + 1));
        }
        out
    }

    /// The number the item before `from` stands for, which renumbering from
    /// `from` continues: at the start, zero under a heading (it starts at
    /// one) and one less than the first item at a report's top level (an
    /// excerpt may start anywhere).
    pub fn base(&self, from: usize) -> u32 {
        let effective = self.effective_numbers();
        match from.checked_sub(1) {
            Some(p) => effective.get(p).copied().unwrap_or(0),
            None if self.has_parent => 0,
            None => effective.first().copied().unwrap_or(1).saturating_sub(1),
        }
    }

    /// The number each item should carry if the whole sequence were
    /// renumbered in order (what fix-all converges to).
    pub fn expected_numbers(&self) -> Vec<u32> {
        let base = self.base(0);
        (1..=self.nodes.len() as u32).map(|k| base + k).collect()
    }
}

/// The numbering system a node takes part in, if any.
fn sequence_kind(node: &Node) -> Option<MarkerKind> {
    match &node.kind {
        NodeKind::Heading(m) => match m.kind {
            // Articles (第X条) run on through chapters: see `sequences`.
            MarkerKind::Markdown(_)
            | MarkerKind::Enumeration
            | MarkerKind::Chapter(crate::ChapterUnit::Article) => None,
            k => Some(k),
        },
        NodeKind::Unnumbered => Some(MarkerKind::Chinese),
        NodeKind::Title => None,
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
        split_by_kind(&outline.roots[start..end], false, None, &mut out);
        start = end;
    }
    // 第X条 is numbered continuously through a whole document, across its chapters.
    let mut articles: Vec<Vec<&Node>> = Vec::new();
    outline.walk(|n| {
        split_by_kind(
            &n.children,
            !matches!(n.kind, NodeKind::Title),
            Some(n),
            &mut out,
        );
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

fn split_by_kind<'a>(
    siblings: &'a [Node],
    has_parent: bool,
    parent: Option<&Node>,
    out: &mut Vec<Sequence<'a>>,
) {
    // Most nodes are leaves: nothing to split, nothing to allocate.
    if siblings.is_empty() {
        return;
    }
    // Chapters under 第X篇 may restart at one or run on from the part before
    // (第一篇 第1章 第2章 第二篇 第3章): they need not start at one.
    let part = parent
        .and_then(Node::marker)
        .is_some_and(|m| m.kind == MarkerKind::Chapter(crate::ChapterUnit::Part));
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
            .filter(|n| sequence_kind(n) == Some(kind))
            .collect();
        let chapters = kind == MarkerKind::Chapter(crate::ChapterUnit::Chapter);
        out.push(Sequence {
            nodes,
            has_parent: has_parent && !(part && chapters),
        });
    }
}

/// One item of a sibling sequence, with what the sequence expected there.
pub(crate) struct Step<'a> {
    pub node: &'a Node,
    /// The previous item of the same numbering system among the siblings.
    pub prev: Option<&'a Node>,
    /// The number the previous item stood for (its own, or the one it should have had).
    pub prev_number: Option<u32>,
    /// The number this item should carry: one after the item before.
    pub expected: u32,
    /// The sequence has a heading as parent (not a report's top level),
    /// so it must start at one.
    pub has_parent: bool,
}

/// Each item of each sequence with what the sequence expected there.
pub(crate) fn numbering_steps(outline: &Outline) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for seq in sequences(outline) {
        let effective = seq.effective_numbers();
        for (i, &node) in seq.nodes.iter().enumerate() {
            let prev_number = i.checked_sub(1).map(|p| effective[p]);
            steps.push(Step {
                node,
                prev: i.checked_sub(1).map(|p| seq.nodes[p]),
                prev_number,
                expected: prev_number.map_or(1, |p| p + 1),
                has_parent: seq.has_parent,
            });
        }
    }
    steps
}

/// The sequences of an analysis with an index from each item's start
/// (its marker, or its label when unnumbered) to its place.
pub(crate) struct SequenceIndex<'a> {
    pub sequences: Vec<Sequence<'a>>,
    at: HashMap<usize, (usize, usize)>,
}

impl<'a> SequenceIndex<'a> {
    pub fn new(outline: &'a Outline) -> SequenceIndex<'a> {
        let sequences = sequences(outline);
        let mut at = HashMap::new();
        for (s, seq) in sequences.iter().enumerate() {
            for (i, n) in seq.nodes.iter().enumerate() {
                at.entry(item_start(n)).or_insert((s, i));
            }
        }
        SequenceIndex { sequences, at }
    }

    /// The sequence and position of the item starting at `start`.
    pub fn find(&self, start: usize) -> Option<(&Sequence<'a>, usize)> {
        let &(s, i) = self.at.get(&start)?;
        Some((&self.sequences[s], i))
    }
}

fn item_start(n: &Node) -> usize {
    n.marker().map_or(n.label.start, |m| m.range.start)
}

/// The edit giving node `n` the number `v` (inserting `三、` before an
/// unnumbered heading); only the numeral of a marker changes.
pub(crate) fn number_edit(text: &str, n: &Node, v: u32) -> Option<Edit> {
    match &n.kind {
        NodeKind::Heading(m) => m
            .edits(
                text,
                Wanted {
                    number: Some(v),
                    ..Wanted::default()
                },
            )
            .pop(),
        NodeKind::Unnumbered => Some(Edit {
            range: n.label.start..n.label.start,
            replacement: render_marker(MarkerKind::Chinese, v, None, Separator::Dunhao),
        }),
        NodeKind::Title => None,
    }
}

/// Edits that renumber `seq` from item `from` on, continuing from the item before it.
pub(crate) fn renumber_edits(text: &str, seq: &Sequence, from: usize) -> Vec<Edit> {
    let base = seq.base(from);
    seq.nodes
        .iter()
        .skip(from)
        .zip(base + 1..)
        .filter_map(|(n, v)| number_edit(text, n, v))
        .collect()
}

/// Fill an empty ordinal, or renumber the sequence from the diagnostic's item.
pub(crate) fn fixes(cx: &FixContext, d: &crate::Diagnostic) -> Vec<Fix> {
    let text = cx.text;
    let mut fixes = Vec::new();
    let Some((seq, i)) = cx.sequences().find(d.range.start) else {
        return fixes;
    };
    let node = seq.nodes[i];
    let empty =
        node.marker().is_some_and(|m| m.number.is_none()) || node.kind == NodeKind::Unnumbered;
    if empty {
        let v = seq.effective_numbers()[i];
        if let Some(e) = number_edit(text, node, v) {
            let shown = match node.marker() {
                Some(m) => m.rewritten(
                    text,
                    Wanted {
                        number: Some(v),
                        ..Wanted::default()
                    },
                ),
                None => e.replacement.clone(),
            };
            fixes.push(Fix {
                title: format!("补上编号“{}”", shown.trim()),
                edits: vec![e],
                safe: true,
            });
        }
    }
    let edits = renumber_edits(text, seq, i);
    // A lone edit on an empty ordinal is the same as filling it in.
    if !(edits.is_empty() || empty && edits.len() == 1) {
        fixes.push(Fix {
            title: "从此处起重新编号".to_string(),
            edits,
            safe: true,
        });
    }
    fixes
}

/// The marker as written, trimmed.
pub(crate) fn written<'t>(text: &'t str, m: &HeadingMarker) -> &'t str {
    text[m.range.clone()].trim_matches(|c: char| c.is_whitespace() || c == '#')
}

/// `number` written in the style of `node`'s marker as written (`⑶`, `參、`,
/// `第三條`, `３．`), or as `三、` for an unnumbered heading.
pub(crate) fn styled(text: &str, node: &Node, number: u32) -> String {
    match node.marker() {
        Some(m) => m
            .rewritten(
                text,
                Wanted {
                    number: Some(number),
                    ..Wanted::default()
                },
            )
            .trim()
            .to_string(),
        None => render_marker(MarkerKind::Chinese, number, None, Separator::Dunhao),
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
            message: format!("“{}”在此", crate::text::excerpt(&text[prev.label.clone()])),
        }],
    }
}

/// Range a numbering diagnostic underlines: the marker.
pub(crate) fn marker_range(node: &Node) -> std::ops::Range<usize> {
    node.marker()
        .map_or_else(|| node.label.clone(), |m| m.range.clone())
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Config};

    fn numbers(text: &str) -> Vec<(Vec<u32>, Vec<u32>)> {
        let a = analyze(text, &Config::default());
        super::sequences(&a.outline)
            .iter()
            .map(|s| (s.effective_numbers(), s.expected_numbers()))
            .collect()
    }

    #[test]
    fn steps_hold_the_sequences_one_after_another() {
        // `numbering-separator` reads the sequences back from the steps.
        let text = "某局2024年工作总结\n一、甲\n（一）子\n1.丑\n2、寅\n（二）卯\n①辰\n二、乙\n（一）巳\n第一章 午\n第一条 未\n第二条 申\n\n某县2023年工作总结\n一、丙\n1.酉\n";
        let a = analyze(text, &Config::default());
        let ids = |nodes: &[&crate::Node]| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
        let want: Vec<Vec<usize>> = super::sequences(&a.outline)
            .iter()
            .map(|s| ids(&s.nodes))
            .collect();
        let steps = super::numbering_steps(&a.outline);
        let got: Vec<Vec<usize>> = steps
            .chunk_by(|_, next| next.prev.is_some())
            .map(|seq| seq.iter().map(|s| s.node.id).collect())
            .collect();
        assert!(want.len() > 5, "{want:?}");
        assert_eq!(got, want);
    }

    #[test]
    fn one_computation_of_numbers() {
        // Top level keeps its first number (an excerpt); a sub-level starts at one;
        // an empty ordinal counts as the one after the item before.
        assert_eq!(
            numbers("三、甲\n（二）子\n（）子\n（五）子\n五、乙\n"),
            [(vec![3, 5], vec![3, 4]), (vec![2, 3, 5], vec![1, 2, 3])]
        );
    }
}
