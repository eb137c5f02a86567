//! `heading-punct`: standalone headings of one level that disagree on their
//! trailing punctuation, within one report.
//!
//! Only headings on a line of their own count (`（一）定期开展爱国卫生运动。`);
//! run-in headings (`1.标题。正文…`) end their title with a stop by nature.

use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, MarkerKind, Node, Severity};

const DOCS: &str = "做什么：同一篇报告里同一级的独立成行标题，末尾有的加句号、有的不加（`（一）大力开展卫生创建工作` 与 `（一）定期开展爱国卫生运动。`）；标出少数派，并说明多数怎么写。\n\n为什么：标题末尾是否加标点，各单位习惯不同，但一篇报告之内同级标题应当一致。以本篇本级多数写法为准；多少相当时只在本级第一个标题处提示一次。标题后接正文的“run-in”写法（`1.标题。正文……`）不在检查之列。\n\n示例：`（一）加强党的建设` … `（二）推进乡村振兴。` … `（三）抓好安全生产`\n\n改为：`（二）推进乡村振兴`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "heading-punct",
    name: "标题末尾标点不一致",
    category: Category::Punctuation,
    default_severity: Severity::Information,
    summary: "同一篇报告同级独立标题末尾标点不一致",
    summary_en:
        "Standalone headings of one level in one report disagree on their trailing punctuation",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// How a standalone heading ends: `None` for no mark.
fn ending(ctx: &RuleContext, n: &Node) -> Option<Option<char>> {
    let m = n.marker()?;
    if matches!(m.kind, MarkerKind::Markdown(_) | MarkerKind::Enumeration) || n.label.is_empty() {
        return None;
    }
    let text = ctx.text;
    let line_start = text[..m.range.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..m.range.start].trim().is_empty() {
        return None;
    }
    // memchr: a run-in heading's line is a whole paragraph.
    let line_end = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[n.label.end..])
        .map_or(text.len(), |i| n.label.end + i);
    let rest = text[n.label.end..line_end].trim_end();
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Some(None),
        (Some(c @ ('。' | '.' | '；' | ';' | '：' | ':' | '，' | ',' | '！' | '!')), None) => {
            Some(Some(c))
        }
        _ => None,
    }
}

/// The class an ending counts in: full- and half-width forms of one mark together.
fn class(c: Option<char>) -> Option<char> {
    c.map(|c| match c {
        '.' => '。',
        ';' => '；',
        ':' => '：',
        ',' => '，',
        '!' => '！',
        c => c,
    })
}

fn describe(c: Option<char>) -> String {
    match c {
        None => "不加标点".into(),
        Some(c) => format!("以“{c}”结尾"),
    }
}

/// One level of one report: its standalone headings with their endings, the
/// ending most of them use, and whether another ending is as common.
struct Level<'a> {
    heads: Vec<(&'a Node, Option<char>)>,
    counts: Vec<(Option<char>, usize)>,
    major: Option<char>,
    tie: bool,
}

fn levels<'a>(ctx: &RuleContext<'a>) -> Vec<Level<'a>> {
    // The walk visits reports one after another, and a report has only a few
    // levels: a short search among the current report's levels finds a
    // heading's own, with no hashing.
    let mut keys: Vec<(usize, MarkerKind)> = Vec::new();
    let mut report_from = 0;
    let mut out: Vec<Level> = Vec::new();
    ctx.outline.walk(|n| {
        if let (Some(end), Some(m)) = (ending(ctx, n), n.marker()) {
            if keys.get(report_from).is_some_and(|k| k.0 != n.report) {
                report_from = keys.len();
            }
            let key = (n.report, m.kind);
            let i = match keys[report_from..].iter().position(|k| *k == key) {
                Some(i) => report_from + i,
                None => {
                    keys.push(key);
                    out.push(Level {
                        heads: Vec::new(),
                        counts: Vec::new(),
                        major: None,
                        tie: false,
                    });
                    out.len() - 1
                }
            };
            out[i].heads.push((n, end));
        }
    });
    for level in &mut out {
        for (_, e) in &level.heads {
            match level.counts.iter_mut().find(|(c, _)| *c == class(*e)) {
                Some(x) => x.1 += 1,
                None => level.counts.push((class(*e), 1)),
            }
        }
        level.counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        level.major = level.counts[0].0;
        level.tie = level.counts.len() > 1 && level.counts[1].1 == level.counts[0].1;
    }
    out.retain(|l| l.counts.len() > 1);
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for level in levels(ctx) {
        let summary = level
            .counts
            .iter()
            .map(|(c, n)| format!("{n} 个{}", describe(*c)))
            .collect::<Vec<_>>()
            .join("、");
        if level.tie {
            let (n, _) = level.heads[0];
            out.push(Diagnostic {
                code: RULE.code,
                severity: RULE.default_severity,
                range: n.label.clone(),
                message: ctx.say(
                    format!("本篇同级标题末尾标点不统一（{summary}），请统一"),
                    || {
                        "Headings of this level end differently in this report: make them agree"
                            .into()
                    },
                ),
                related: Vec::new(),
            });
            continue;
        }
        for &(n, e) in &level.heads {
            if class(e) == level.major {
                continue;
            }
            out.push(Diagnostic {
                code: RULE.code,
                severity: RULE.default_severity,
                range: flagged_range(n, e),
                message: ctx.say(
                    format!(
                        "本篇同级标题多数{}（{summary}），此处{}",
                        describe(level.major),
                        describe(e)
                    ),
                    || "Most headings of this level in this report end differently".into(),
                ),
                related: Vec::new(),
            });
        }
    }
}

/// What a finding underlines: the odd mark, or the title that lacks one.
fn flagged_range(n: &Node, e: Option<char>) -> std::ops::Range<usize> {
    match e {
        Some(c) => n.label.end..n.label.end + c.len_utf8(),
        None => n.label.clone(),
    }
}

/// The fix of every flagged heading, as (the range flagged, title, edit),
/// computed once per analysis.
fn all_fixes(ctx: &RuleContext) -> Vec<(std::ops::Range<usize>, String, Edit)> {
    let mut out = Vec::new();
    for level in levels(ctx) {
        if level.tie {
            continue;
        }
        for &(n, e) in &level.heads {
            if class(e) == level.major {
                continue;
            }
            let flagged = flagged_range(n, e);
            let (title, edit) = match (e, level.major) {
                (Some(_), None) => (
                    "删去标题末尾的标点".to_string(),
                    Edit {
                        range: flagged.clone(),
                        replacement: String::new(),
                    },
                ),
                (Some(_), Some(c)) => (
                    format!("改为“{c}”"),
                    Edit {
                        range: flagged.clone(),
                        replacement: c.to_string(),
                    },
                ),
                (None, Some(c)) => (
                    format!("标题末尾加“{c}”"),
                    Edit {
                        range: n.label.end..n.label.end,
                        replacement: c.to_string(),
                    },
                ),
                (None, None) => continue,
            };
            out.push((flagged, title, edit));
        }
    }
    out
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let all = cx.shared(RULE.code, || all_fixes(&cx.rule_context()));
    all.iter()
        .find(|(flagged, ..)| *flagged == d.range)
        .map(|(_, title, edit)| Fix {
            title: title.clone(),
            edits: vec![edit.clone()],
            safe: true,
        })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn the_minority_of_a_level_is_flagged() {
        let text = "一、工作\n（一）加强党的建设\n正文。\n（二）推进乡村振兴。\n正文。\n（三）抓好安全生产\n正文。\n";
        assert_eq!(
            check("heading-punct", text),
            ["4:10 «。» 本篇同级标题多数不加标点（2 个不加标点、1 个以“。”结尾），此处以“。”结尾"]
        );
        assert_eq!(fixed("heading-punct", text), text.replace("振兴。", "振兴"));
        let text = "一、工作\n（一）加强党的建设。\n正文。\n（二）推进乡村振兴\n正文。\n（三）抓好安全生产。\n正文。\n";
        assert_eq!(
            fixed("heading-punct", text),
            text.replace("振兴\n", "振兴。\n")
        );
    }

    #[test]
    fn a_tie_is_flagged_once_and_run_in_headings_are_exempt() {
        let text = "一、工作\n（一）甲项工作\n（二）乙项工作。\n";
        assert_eq!(check("heading-punct", text).len(), 1);
        assert!(check(
            "heading-punct",
            "一、工作\n1.甲项工作。正文。\n2.乙项工作\n3.丙项工作\n"
        )
        .is_empty());
    }
}
