//! `punct-width`: a half-width mark in a report written with full-width
//! punctuation, or the other way round.
//!
//! The house style is measured per report (each report of a compilation, each
//! line of a fragment file) and per class (stops `，；：！？` apart from brackets
//! `（）`), so a compilation that mixes styles is judged report by report.
//! A class is judged only when one width has at least four times as many
//! marks as the other (and at least four): a report that mixes evenly has no
//! house style to hold it to.

use super::punct::{char_at, char_before, is_chinese, is_han, style_units, Mark};
use super::{Category, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：同一篇报告里，全角标点为主时找出混入的半角“, ; : ( ) ! ?”，半角为主时找出混入的全角标点。\n\n为什么：GB/T 15834-2011 要求中文文本使用全角标点；一篇报告内宽度不一致，审稿人一眼就能看出。风格按每篇报告自己的多数写法判断（汇编里各篇可以不同），比例、时间（`1:1`、`8:30`）、小数、网址、邮箱、英文和代码不在检查之列。\n\n示例：`完成投资12亿元,同比增长5%。`（本篇其余都用“，”）\n\n改为：`完成投资12亿元，同比增长5%。`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-width",
    name: "标点宽度不一致",
    category: Category::Punctuation,
    default_severity: Severity::Information,
    summary: "半角标点混入以全角为主的报告，或全角混入以半角为主的报告",
    summary_en: "A half-width mark in a report written with full-width punctuation, or the reverse",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// A mark's counterpart of the other width, its name, and its class.
fn counterpart(c: char) -> Option<(char, &'static str, Class)> {
    Some(match c {
        ',' => ('，', "逗号", Class::Stop),
        ';' => ('；', "分号", Class::Stop),
        ':' => ('：', "冒号", Class::Stop),
        '!' => ('！', "叹号", Class::Stop),
        '?' => ('？', "问号", Class::Stop),
        '(' => ('（', "括号", Class::Bracket),
        ')' => ('）', "括号", Class::Bracket),
        '，' => (',', "逗号", Class::Stop),
        '；' => (';', "分号", Class::Stop),
        '：' => (':', "冒号", Class::Stop),
        '！' => ('!', "叹号", Class::Stop),
        '？' => ('?', "问号", Class::Stop),
        '（' => ('(', "括号", Class::Bracket),
        '）' => (')', "括号", Class::Bracket),
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Stop,
    Bracket,
}

/// Whether a half-width mark stands in Chinese prose (not in a number, a
/// time, a Latin phrase or an emoticon).
fn in_chinese_prose(text: &str, m: Mark) -> bool {
    let prev = char_before(text, m.at);
    let after = m.end();
    let next = char_at(text, after);
    let next_word = text[after..].trim_start_matches(' ').chars().next();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    match m.c {
        // Ratios, times, thousands: `1:1`, `8:30`, `1,000`.
        ',' | ':' | ';' if digit(prev) && digit(next) => false,
        // Emoticons `:)` `:-(`.
        ':' | ';' if matches!(next, Some(')' | '(' | '-' | 'P' | 'D')) => false,
        '(' => {
            // A bracket is Chinese when it holds Han text or sits against it;
            // its partner is looked for within 80 characters of the line.
            let window: usize = text[after..]
                .chars()
                .take_while(|&c| c != '\n')
                .take(81)
                .map(char::len_utf8)
                .sum();
            let Some(close) = text[after..after + window].find(')') else {
                return false;
            };
            let inner = &text[after..after + close];
            inner.chars().count() <= 80
                && (inner.chars().any(is_han)
                    || prev.is_some_and(is_han)
                    || char_at(text, after + close + 1).is_some_and(is_han))
        }
        ')' => {
            let window: usize = text[..m.at]
                .chars()
                .rev()
                .take_while(|&c| c != '\n')
                .take(81)
                .map(char::len_utf8)
                .sum();
            let line_start = m.at - window;
            let Some(open) = text[line_start..m.at].rfind('(') else {
                return false;
            };
            let inner = &text[line_start + open + 1..m.at];
            inner.chars().count() <= 80
                && (inner.chars().any(is_han)
                    || next.is_some_and(is_han)
                    || char_before(text, line_start + open).is_some_and(is_han))
        }
        _ => prev.is_some_and(is_chinese) || next_word.is_some_and(is_chinese),
    }
}

/// Each mark in `unit` that counts for the style, with its width (half?) and class.
fn counted(ctx: &RuleContext, unit: std::ops::Range<usize>) -> Vec<(Mark, bool, Class)> {
    let marks = ctx.marks();
    let from = marks.partition_point(|m| m.at < unit.start);
    let exempt = ctx.exempt();
    marks[from..]
        .iter()
        .take_while(|m| m.at < unit.end)
        .filter_map(|&m| {
            let (_, _, class) = counterpart(m.c)?;
            if exempt.contains(m.at) {
                return None;
            }
            let half = m.c.is_ascii();
            (!half || in_chinese_prose(ctx.text, m)).then_some((m, half, class))
        })
        .collect()
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let all = ctx.marks();
    for unit in style_units(ctx) {
        // Nothing can be flagged in a unit without one full-width mark
        // (a half-width report, such as a scraped compilation): skip the
        // context tests of its many half-width marks.
        let from = all.partition_point(|m| m.at < unit.start);
        let any_full = all[from..]
            .iter()
            .take_while(|m| m.at < unit.end)
            .any(|m| !m.c.is_ascii() && counterpart(m.c).is_some());
        if !any_full {
            continue;
        }
        let marks = counted(ctx, unit);
        for class in [Class::Stop, Class::Bracket] {
            let half = marks.iter().filter(|m| m.2 == class && m.1).count();
            let full = marks.iter().filter(|m| m.2 == class && !m.1).count();
            let flag_half = full >= 4 && full >= 4 * half;
            let flag_full = half >= 4 && half >= 4 * full;
            if !(flag_half && half > 0 || flag_full && full > 0) {
                continue;
            }
            for &(m, is_half, _) in marks.iter().filter(|m| m.2 == class) {
                if is_half != flag_half {
                    continue;
                }
                let Some((want, name, _)) = counterpart(m.c) else {
                    continue;
                };
                let (width, style) = if is_half {
                    ("半角", "全角")
                } else {
                    ("全角", "半角")
                };
                out.push(Diagnostic {
                    code: RULE.code,
                    severity: RULE.default_severity,
                    range: m.at..m.end(),
                    message: ctx.say(
                        format!(
                            "{width}{name}“{}”与本篇{style}风格不一致，应为“{want}”",
                            m.c
                        ),
                        || {
                            let (w, s) = if is_half {
                                ("Half-width", "full-width")
                            } else {
                                ("Full-width", "half-width")
                            };
                            format!(
                                "{w} “{}” in a report written with {s} punctuation: use “{want}”",
                                m.c
                            )
                        },
                    ),
                    related: Vec::new(),
                });
            }
        }
    }
}

fn fix(cx: &super::FixContext, d: &Diagnostic) -> Vec<Fix> {
    let Some(c) = cx.text.get(d.range.clone()).and_then(|s| s.chars().next()) else {
        return Vec::new();
    };
    let Some((want, _, _)) = counterpart(c) else {
        return Vec::new();
    };
    let mut end = d.range.end;
    // A full-width stop carries its own space: `推进, 改革` → `推进，改革`.
    if c.is_ascii() && c != '(' {
        end += cx.text[end..].len() - cx.text[end..].trim_start_matches(' ').len();
    }
    vec![Fix {
        title: format!("改为“{want}”"),
        edits: vec![Edit {
            range: d.range.start..end,
            replacement: want.to_string(),
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn flags_the_minority_width_of_each_report() {
        let text = "甲，乙，丙，丁，戊,己。\n";
        assert_eq!(
            check("punct-width", text),
            ["1:10 «,» 半角逗号“,”与本篇全角风格不一致，应为“，”"]
        );
        assert_eq!(fixed("punct-width", text), "甲，乙，丙，丁，戊，己。\n");
        assert_eq!(
            fixed("punct-width", "甲，乙，丙，丁，戊, 己。\n"),
            "甲，乙，丙，丁，戊，己。\n"
        );
        // A half-width report: the full-width comma is the odd one.
        assert_eq!(
            check("punct-width", "甲,乙,丙,丁,戊，己。\n"),
            ["1:10 «，» 全角逗号“，”与本篇半角风格不一致，应为“,”"]
        );
    }

    #[test]
    fn a_report_without_a_clear_style_is_left_alone() {
        assert!(check("punct-width", "甲，乙,丙，丁,戊。\n").is_empty());
        assert!(check("punct-width", "甲,乙,丙,丁,戊,己。\n").is_empty());
    }

    #[test]
    fn style_is_per_report() {
        // Two reports of a compilation, one full-width, one half-width: nothing to flag.
        let text = "一、甲\n甲，乙，丙，丁，戊。\n二、乙\n丙。\n\n一、丙\n甲,乙,丙,丁,戊。\n二、丁\n丁。\n";
        assert!(check("punct-width", text).is_empty());
    }

    #[test]
    fn numbers_times_urls_latin_and_markers_are_exempt() {
        let text =
            "比例1:1，时间8:30，共1,000人，见https://a.cn/?a=1,2，Excel,Word，很好，(一)好。\n";
        assert!(check("punct-width", text).is_empty());
    }

    #[test]
    fn brackets_are_judged_apart_from_stops() {
        let text = "甲（一期），乙（二期），丙（三期），丁（四期），戊(五期)。\n";
        assert_eq!(
            check("punct-width", text),
            [
                "1:26 «(» 半角括号“(”与本篇全角风格不一致，应为“（”",
                "1:29 «)» 半角括号“)”与本篇全角风格不一致，应为“）”"
            ]
        );
    }
}
