//! Fix-all and the refactors that restructure numbering.
//!
//! Each rule's quick fixes live in the rule's own file (its `fix`); this
//! module applies them: [`quick_fixes`] asks the rule of one diagnostic,
//! [`fix_all`] takes the safe fixes of every diagnostic until nothing
//! changes, and [`renumber_section`] and [`shift_level`] are the refactors
//! the user picks. Every edit touches heading markers or punctuation only;
//! titles and body text are never changed. Edits of one fix never overlap.

pub use crate::edit::{apply, Edit, Fix};
use crate::heading::{render_marker, MarkerStyle};
use crate::rules::{self, number_edit, renumber_edits, sequences, FixContext};
use crate::{Analysis, Config, Diagnostic, Node};

/// Quick fixes for one diagnostic of the analysis, from its rule's fix function.
pub fn quick_fixes(text: &str, analysis: &Analysis, config: &Config, d: &Diagnostic) -> Vec<Fix> {
    rules::fixes_for(&FixContext::new(text, analysis, config), d)
}

/// How many rounds fix-all runs at most.
const ROUNDS: usize = 8;

/// Every safe fix at once, as one list of non-overlapping edits.
///
/// A round takes the first safe fix of every diagnostic (from its rule's
/// `fix`) in order of where it starts, drops each fix that overlaps one taken
/// before it, applies the rest and analyses again. Numbering decides structure
/// in a few places (a marker glued to the text before it is a heading only
/// when it continues its sequence), and a fix dropped for overlapping is
/// taken in a later round, so rounds repeat until nothing changes (at most
/// [`ROUNDS`]). The result is returned as edits of the original text, one per
/// changed line span, which makes it idempotent.
pub fn fix_all(text: &str, analysis: &Analysis, config: &Config) -> Vec<Edit> {
    let mut current = match fix_all_once(text, analysis, config) {
        Some(edits) => apply(text, &edits),
        None => return Vec::new(),
    };
    for _ in 1..ROUNDS {
        let a = crate::analyze(&current, config);
        match fix_all_once(&current, &a, config) {
            Some(edits) => current = apply(&current, &edits),
            None => break,
        }
    }
    diff_lines(text, &current)
}

/// One round of fix-all: the edits of the safe fixes that do not overlap,
/// or `None` when there are none.
fn fix_all_once(text: &str, analysis: &Analysis, config: &Config) -> Option<Vec<Edit>> {
    let cx = FixContext::new(text, analysis, config);
    // Taken edits by (start, end); they never overlap, so their ends are in
    // order too, and the ones a range could overlap are the last few that
    // start at or before its end.
    let mut taken: std::collections::BTreeMap<(usize, usize), Edit> = Default::default();
    let clashes = |taken: &std::collections::BTreeMap<(usize, usize), Edit>, e: &Edit| {
        taken
            .range(..=(e.range.end, usize::MAX))
            .rev()
            .take_while(|(_, t)| t.range.end >= e.range.start)
            .any(|(_, t)| t.overlaps(e))
    };
    // Diagnostics come sorted by start, and each fix starts at its
    // diagnostic, so fixes are taken in order of where they start.
    for d in &analysis.diagnostics {
        // A diagnostic whose text an earlier fix already changes waits for
        // the next round (its fix, for a renumbered sequence, would be long).
        let at = Edit {
            range: d.range.clone(),
            replacement: String::new(),
        };
        if !d.range.is_empty() && clashes(&taken, &at) {
            continue;
        }
        let Some(f) = rules::fixes_for(&cx, d).into_iter().find(|f| f.safe) else {
            continue;
        };
        if f.edits.iter().any(|e| clashes(&taken, e)) {
            continue;
        }
        for e in f.edits {
            taken.insert((e.range.start, e.range.end), e);
        }
    }
    let taken: Vec<Edit> = taken.into_values().collect();
    let changed = apply(text, &taken) != text;
    changed.then_some(taken)
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
            edits.extend(renumber_edits(text, &seq, 0));
        }
    }
    (!edits.is_empty()).then(|| Fix {
        title: format!(
            "重新编号“{}”下的各级标题",
            crate::excerpt(&text[node.label.clone()])
        ),
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
    let target = if promote {
        m.kind.parent()?
    } else {
        m.kind.child()?
    };
    let style: MarkerStyle = analysis.outline.style_of(target);
    let parent_seq = seqs.iter().find_map(|s| {
        s.nodes
            .iter()
            .position(|p| p.children.iter().any(|c| c.id == id))
            .map(|j| (s, j))
    });
    // The number it takes in the sequence it joins.
    let new_number = if promote {
        // It follows its parent among the parent's siblings.
        parent_seq.map_or(1, |(s, j)| s.base(j + 1) + 1)
    } else {
        // It becomes the last child of the sibling before it.
        let prev = i.checked_sub(1).map(|p| seq.nodes[p])?;
        let last = prev.children.iter().rev().find_map(|c| {
            c.marker()
                .filter(|o| o.kind == target)
                .and_then(|o| o.number)
        });
        last.unwrap_or(0) + 1
    };
    let label = crate::excerpt(&text[node.label.clone()]);
    let mut edits = vec![Edit {
        range: m.body_start()..m.range.end,
        replacement: render_marker(target, new_number, style.bracket, style.separator),
    }];
    // The sequence it leaves closes up behind it; when promoted, its later
    // siblings sit under it and start again at one.
    let base = if promote { 0 } else { seq.base(i) };
    for (n, v) in seq.nodes[i + 1..].iter().zip(base + 1..) {
        edits.extend(number_edit(text, n, v));
    }
    if promote {
        // The parent's later siblings move down by one.
        if let Some((s, j)) = parent_seq {
            for (n, v) in s.nodes[j + 1..].iter().zip(new_number + 1..) {
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

    #[test]
    fn fix_all_removes_doubled_stops_but_not_after_a_number() {
        // `一、、二` may be a separator typed twice: removing one would make
        // a heading, so punct-repeat's fix is not safe there.
        for (text, want) in [
            ("一、工作\n完成，，任务。。\n", "一、工作\n完成，任务。\n"),
            ("一、甲\n一、、二\n", "一、甲\n一、、二\n"),
        ] {
            assert_eq!(fixed_all(text), want);
        }
    }

    #[test]
    fn one_style_lookup_for_new_markers() {
        use crate::heading::MarkerStyle;
        use crate::{Bracket, MarkerKind, Separator};
        let style = |text: &str, kind| analyze(text, &Config::default()).outline.style_of(kind);
        // Nothing to copy: the GB/T 9704 style, full-width brackets.
        assert_eq!(
            style("一、工作\n", MarkerKind::ParenChinese),
            MarkerStyle {
                bracket: Some(Bracket::Full),
                separator: Separator::None
            }
        );
        assert_eq!(
            style("一、工作\n", MarkerKind::Arabic).separator,
            Separator::Dot
        );
        // The document's own numbered marker, skipping an empty `()` and a mixed `(二）`.
        let text = "一、工作\n()甲\n(二）乙\n(三)丙\n1、子\n";
        assert_eq!(
            style(text, MarkerKind::ParenChinese).bracket,
            Some(Bracket::Half)
        );
        assert_eq!(style(text, MarkerKind::Arabic).separator, Separator::Dunhao);
        // Demoting copies it too.
        let text = "一、工作\n（一）甲\n（二）乙\n1、子\n二、问题\n";
        let a = analyze(text, &Config::default());
        let second = &a.outline.roots[0].children[1];
        let demoted = shift_level(text, &a, second.id, false).expect("demote");
        assert_eq!(
            apply(text, &demoted.edits),
            "一、工作\n（一）甲\n1、乙\n1、子\n二、问题\n"
        );
    }
}
