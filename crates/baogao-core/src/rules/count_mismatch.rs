//! `count-mismatch`: an announced count the list after it does not match:
//! `主要有以下三个方面：一是…二是…三是…四是…`.
//!
//! Reported only when certain: the announcement is a counting numeral (two
//! or more) with `个方面`, `方面`, `点`, `项` or `条`, followed within a few
//! characters by `：` (or it ends a heading's title), and the list starts
//! right there, at its first item (`一是`, or a heading numbered one), and
//! is numbered without gaps. The list is the `一是` group up to the next
//! heading, or the run of sibling headings of the first item's kind.

use super::{Category, RuleContext, RuleMeta};
use crate::numerals::{count_to_chinese, parse_count};
use crate::{excerpt, Diagnostic, MarkerKind, Node, Related, Severity};

const DOCS: &str = "做什么：找出前文宣布的条数与后面实际列出的条数不一致：`主要有以下三个方面：一是……二是……三是……四是……`，`（二）存在三点不足`下面列了`1.`到`4.`四条。只在宣布语（“三个方面”“四点”“五项”“两条”）紧接冒号或就是标题，且清单紧跟其后、从第一项起连续编号时才报。\n\n为什么：改稿时增删了条目却没改总述，是审稿最常见的硬伤之一；GB/T 9704-2012 的层次序数要求结构清楚，总分对应是其基本要求。\n\n示例：`存在三点不足：一是……二是……三是……四是……`\n\n改为：`存在四点不足：一是……二是……三是……四是……`（或合并、删去一项）";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "count-mismatch",
    name: "总述条数与清单不符",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    summary: "“以下三个方面”之后列出的条数与宣布的不一致",
    summary_en: "A list after “the following three points” has a different number of items",
    docs: DOCS,
    check,
    fix: None,
    settings: &[],
};

fn is_count_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '两'
    )
}

/// Announcements in `window`, leftmost first and not overlapping: one to
/// three numerals (`三`, `十二`) then 个方面/方面/点/项/条. Returns the
/// match's range and the numerals' range, relative to `window`. (By hand,
/// not a regex: compiling one cost more than a whole report's check.)
fn announcements(window: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    const WORDS: [&str; 5] = ["个方面", "方面", "点", "项", "条"];
    let mut out = Vec::new();
    let mut from = 0;
    for (at, c) in window.char_indices() {
        if at < from || !is_count_numeral(c) {
            continue;
        }
        // The longest run of up to three numerals that a word follows
        // (each numeral has three bytes).
        let count = window[at..]
            .chars()
            .take_while(|&c| is_count_numeral(c))
            .take(3)
            .count();
        let found = (1..=count).rev().map(|k| at + 3 * k).find_map(|end| {
            WORDS
                .iter()
                .find(|w| window[end..].starts_with(**w))
                .map(|w| (end, end + w.len()))
        });
        if let Some((numerals_end, end)) = found {
            out.push((at..end, at..numerals_end));
            from = end;
        }
    }
    out
}

/// Where the announced list must begin: after `at`, skipping spaces and
/// line breaks and one `：` or `。`.
fn list_start(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let t = rest.trim_start();
    let t = t
        .strip_prefix(['：', ':', '。'])
        .map_or(t, |s| s.trim_start());
    at + rest.len() - t.len()
}

/// The items of the list that starts at `start`: their numbers and ranges.
fn list_at(
    ctx: &RuleContext,
    start: usize,
    bounds: &[usize],
) -> Option<Vec<(u32, std::ops::Range<usize>)>> {
    let enums = &ctx.outline.enumerations;
    let i = enums.partition_point(|e| e.marker.range.start < start);
    if let Some(first) = enums.get(i).filter(|e| e.marker.range.start == start) {
        if first.marker.number != Some(1) {
            return None;
        }
        // Up to the next heading after the first item.
        let bound = bounds[bounds.partition_point(|&b| b <= start)..]
            .first()
            .copied()
            .unwrap_or(usize::MAX);
        let items = enums[i..]
            .iter()
            .filter(|e| e.group == first.group && e.marker.range.start < bound)
            .map(|e| Some((e.marker.number?, e.marker.range.clone())))
            .collect::<Option<Vec<_>>>()?;
        return Some(items);
    }
    let (siblings, at) = sibling_list(&ctx.outline.roots, start)?;
    let first = siblings[at].marker()?;
    if first.number != Some(1) {
        return None;
    }
    let report = siblings[at].report;
    siblings[at..]
        .iter()
        .take_while(|n| n.report == report)
        .map_while(|n| n.marker().filter(|m| m.kind == first.kind))
        .map(|m| Some((m.number?, m.range.clone())))
        .collect()
}

/// The sibling list holding the node whose marker starts at `start`.
fn sibling_list(nodes: &[Node], start: usize) -> Option<(&[Node], usize)> {
    for (i, n) in nodes.iter().enumerate() {
        if n.marker().is_some_and(|m| m.range.start == start) {
            return Some((nodes, i));
        }
        if n.section.start <= start && start < n.section.end.max(n.section.start + 1) {
            if let Some(found) = sibling_list(&n.children, start) {
                return Some(found);
            }
        }
    }
    None
}

/// The end of the line holding byte `at`.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i)
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let mut bounds: Vec<usize> = Vec::new();
    let mut labels: Vec<std::ops::Range<usize>> = Vec::new();
    ctx.outline.walk(|n| {
        if let Some(m) = n.marker() {
            if m.kind != MarkerKind::Enumeration {
                bounds.push(m.range.start);
            }
            // Headings only: a report title (`关于三项工作的报告`) announces no list.
            labels.push(n.label.clone());
        }
    });
    // A list never runs past its report: report starts bound it too.
    bounds.extend(ctx.outline.reports.iter().map(|r| r.range.start));
    labels.sort_by_key(|l| l.start);
    bounds.sort_unstable();
    let mut seen = Vec::new();
    // Where an announcement can be: in a heading's title, or in the twenty
    // characters before a colon. Searching only there keeps the pattern,
    // which starts with a Han numeral, off most of the text.
    let mut windows: Vec<(std::ops::Range<usize>, usize)> = labels
        .iter()
        .map(|l| (l.clone(), line_end(text, l.end)))
        .collect();
    // Both colons are marks the shared scan found: no passes of their own
    // (full-width ones first, as the windows' stable sort below saw them).
    let marks = ctx.marks();
    let colons = ['：', ':']
        .into_iter()
        .flat_map(|colon| marks.iter().filter(move |m| m.c == colon).map(|m| m.at));
    for c in colons {
        let line_start = text[..c].rfind('\n').map_or(0, |i| i + 1);
        let from = text[line_start..c]
            .char_indices()
            .rev()
            .take(20)
            .last()
            .map_or(c, |(i, _)| line_start + i);
        windows.push((from..c, line_end(text, c)));
    }
    windows.sort_by_key(|w| w.0.start);
    for (searched, line_end) in windows {
        let line = searched.start..line_end;
        for (all, n) in announcements(&text[searched]) {
            let (start, end) = (line.start + all.start, line.start + all.end);
            // Part of a longer numeral or an ordinal (`第三点`, `十三五项目`).
            if text[..start]
                .chars()
                .next_back()
                .is_some_and(|b| b == '第' || "〇零一二三四五六七八九十百两".contains(b))
            {
                continue;
            }
            let Some(count) =
                parse_count(&text[line.start + n.start..line.start + n.end]).filter(|&v| v >= 2)
            else {
                continue;
            };
            // Ends a heading's title, or a colon follows within a few characters.
            let label = labels[..labels.partition_point(|l| l.start <= start)]
                .last()
                .filter(|l| end <= l.end);
            let after = if let Some(l) = label {
                let tail = &text[end..l.end];
                if tail.chars().count() > 12 || tail.contains(['，', ',', '；', ';', '。']) {
                    continue;
                }
                l.end
            } else {
                let tail = &text[end..line.end];
                let Some(colon) = tail.find(['：', ':']) else {
                    continue;
                };
                let gap = &tail[..colon];
                if gap.chars().count() > 12
                    || gap.contains(['，', ',', '；', ';', '。', '！', '？', '、'])
                {
                    continue;
                }
                end + colon
            };
            let at = list_start(text, after);
            // The list starts in the announcement's report.
            let report = |x: usize| {
                ctx.outline
                    .reports
                    .iter()
                    .position(|r| r.range.contains(&x))
            };
            if report(at) != report(start) {
                continue;
            }
            let Some(items) = list_at(ctx, at, &bounds) else {
                continue;
            };
            // Numbered without gaps from one: otherwise the numbering rules speak.
            if items
                .iter()
                .enumerate()
                .any(|(i, (v, _))| *v != i as u32 + 1)
            {
                continue;
            }
            let found = items.len() as u32;
            if found == count || seen.contains(&start) {
                continue;
            }
            seen.push(start);
            let q = excerpt(&text[start..end]);
            let (related_item, note) = if found > count {
                (&items[count as usize].1, "多出的一项")
            } else {
                (&items[items.len() - 1].1, "最后一项")
            };
            out.push(Diagnostic {
                code: RULE.code,
                severity: RULE.default_severity,
                range: start..end,
                message: ctx.say(
                    format!(
                        "前文说“{q}”，后面列了{}项，请核对条数或修改总述",
                        if found == 2 { "两".into() } else { count_to_chinese(found) }
                    ),
                    || format!("“{q}” announces {count} items but the list has {found}: check the count"),
                ),
                related: vec![Related {
                    range: related_item.clone(),
                    message: ctx
                        .say(format!("{note}在此"), || {
                            if found > count { "The extra item is here" } else { "The last item is here" }.into()
                        })
                        .to_string(),
                }],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    #[test]
    fn enumerations_after_a_colon() {
        assert_eq!(
            check(
                "count-mismatch",
                "主要有以下三个方面：一是甲；二是乙；三是丙；四是丁。\n"
            ),
            ["1:6 «三个方面» 前文说“三个方面”，后面列了四项，请核对条数或修改总述"]
        );
        assert_eq!(
            check("count-mismatch", "存在四点不足：一是甲；二是乙；三是丙。\n"),
            ["1:3 «四点» 前文说“四点”，后面列了三项，请核对条数或修改总述"]
        );
        assert!(check(
            "count-mismatch",
            "主要有以下三个方面：一是甲；二是乙；三是丙。\n"
        )
        .is_empty());
    }

    #[test]
    fn headings_after_an_announcement() {
        let text = "一、主要做法\n今年重点抓了以下三项工作：\n（一）甲\n（二）乙\n（三）丙\n（四）丁\n二、问题\n";
        assert_eq!(
            check("count-mismatch", text),
            ["2:9 «三项» 前文说“三项”，后面列了四项，请核对条数或修改总述"]
        );
        let label = "一、总结\n（一）存在三点不足\n1.甲。\n2.乙。\n（二）计划\n";
        assert_eq!(
            check("count-mismatch", label),
            ["2:6 «三点» 前文说“三点”，后面列了两项，请核对条数或修改总述"]
        );
    }

    #[test]
    fn not_certain_is_not_reported() {
        for ok in [
            // No colon: the count is not announcing the next words.
            "完成三项工作，一是甲；二是乙。\n",
            // An ordinal.
            "第三点：一是甲；二是乙。\n",
            // The list does not start right after the colon.
            "有以下三个方面：首先，一是甲；二是乙。\n",
            // Starts mid-way or has a gap.
            "有三点：二是甲；三是乙。\n",
            "有三点：一是甲；三是乙；四是丙；五是丁。\n",
            "“十三五”项目：一是甲；二是乙。\n",
            // A report title, and a list that belongs to the next report.
            "关于做好三项工作的报告\n一、甲\n二、乙\n三、丙\n四、丁\n",
        ] {
            assert!(check("count-mismatch", ok).is_empty(), "{ok}");
        }
    }
}
