//! `year-mismatch`: a section heading whose year the report's title does not
//! name: `（二）2022年工作打算` in `2023年工作总结和2024年工作计划`.
//!
//! A report is a title node and what follows it up to the next report. The
//! title's years (`2023年`, `二〇二三年`, `2021—2025年`) are the allowed years,
//! widened by what such a report also covers: a 总结 titled with one year
//! plans the next (`2023年工作总结` → `三、2024年工作打算`), a 计划 titled with
//! one year reviews the one before, a 报告 or 规划 does both. A heading is
//! checked only when it starts with a year and names the work of that year
//! (`2022年工作打算`, `二〇二二年重点工作`, `2022年上半年工作总结`), at the
//! top levels (`一、`, `（一）`, `第一章`, unnumbered section lines). A report
//! without a title, or whose title names no year, is not checked: in a
//! compilation the years of one report say nothing of the others.

use super::{Category, RuleContext, RuleMeta};
use crate::numerals::{leading_year, years_named};
use crate::{excerpt, Diagnostic, MarkerKind, NodeKind, Severity};

const DOCS: &str = "做什么：找出年份与本篇报告标题对不上的层次标题：标题是`2023年工作总结和2024年工作计划`，正文里却有`（二）2022年工作打算`。只看以年份开头、说的是该年工作的一、二级标题（`2022年工作打算`、`二〇二二年重点工作`、`2022年上半年工作总结`）。标题只写一年时，总结可以有下一年的打算（`2023年工作总结`里的`三、2024年工作计划`），计划可以回顾上一年，报告、规划两者都可以；没有标题或标题里没有年份的报告（汇编里常见）不检查。\n\n为什么：套用往年的稿子改写时，最容易漏改小标题里的年份；这是提示，不一定是错：请对照标题核对年份。\n\n示例：标题`2023年工作总结和2024年工作计划`下的`（二）2022年工作打算`\n\n改为：`（二）2024年工作打算`（或改正标题）";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "year-mismatch",
    name: "小标题年份与报告标题不符",
    category: Category::Numbers,
    default_severity: Severity::Hint,
    summary: "层次标题里的年份不在报告标题所写的年份之内",
    summary_en: "A section heading names a year the report's title does not",
    docs: DOCS,
    check,
    fix: None,
    settings: &[],
};

/// After a heading's year (and `年`, `年度`, a half or a quarter), what
/// makes it the title of that year's work.
const WORK: &[&str] = &[
    "工作", "重点", "主要", "计划", "打算", "思路", "安排", "总结", "目标", "任务", "要点",
];

/// The year a heading's label starts with, when the label names that
/// year's work: `2022年工作打算` → 2022.
fn heading_year(label: &str) -> Option<u32> {
    let (y, len) = leading_year(label)?;
    let rest = label[len..].strip_prefix('年')?;
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    let rest = ["上半年", "下半年", "全年"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let rest = ["一季度", "二季度", "三季度", "四季度"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    WORK.iter().any(|w| rest.starts_with(w)).then_some(y)
}

/// The years a report titled `title` may name in its headings, or `None`
/// when the title names no year.
fn allowed(title: &str) -> Option<Vec<std::ops::RangeInclusive<u32>>> {
    let named = years_named(title);
    let (&first, &last) = (named.first()?.start(), named.last()?.end());
    let (lo, hi) = named.iter().fold((first, last), |(lo, hi), r| {
        (lo.min(*r.start()), hi.max(*r.end()))
    });
    let mut out = named.clone();
    // One year (or one range) named: what the kind of report also covers.
    if named.len() == 1 {
        let summary = ["总结", "回顾", "述职", "情况"]
            .iter()
            .any(|w| title.contains(w));
        let plan = ["计划", "打算", "要点", "安排", "思路", "谋划"]
            .iter()
            .any(|w| title.contains(w));
        let both = ["报告", "汇报", "规划", "纲要"]
            .iter()
            .any(|w| title.contains(w));
        if summary || both {
            out.push(hi + 1..=hi + 1);
        }
        if plan || both {
            out.push(lo.saturating_sub(1)..=lo.saturating_sub(1));
        }
    }
    Some(out)
}

fn top_level(kind: &NodeKind) -> bool {
    match kind {
        NodeKind::Unnumbered => true,
        NodeKind::Heading(m) => matches!(
            m.kind,
            MarkerKind::Chinese
                | MarkerKind::ParenChinese
                | MarkerKind::Chapter(_)
                | MarkerKind::Capital
                | MarkerKind::Roman
                | MarkerKind::Markdown(_)
        ),
        NodeKind::Title => false,
    }
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let reports: Vec<Option<(String, Vec<std::ops::RangeInclusive<u32>>)>> = ctx
        .outline
        .reports
        .iter()
        .map(|r| {
            let t = text.get(r.title.clone()?)?;
            Some((excerpt(t.trim()).into_owned(), allowed(t)?))
        })
        .collect();
    if reports.iter().all(Option::is_none) {
        return;
    }
    ctx.outline.walk(|n| {
        if !top_level(&n.kind) {
            return;
        }
        let Some(Some((title, years))) = reports.get(n.report) else {
            return;
        };
        let Some(label) = text.get(n.label.clone()) else {
            return;
        };
        let Some(y) = heading_year(label.trim_start()) else {
            return;
        };
        if years.iter().any(|r| r.contains(&y)) {
            return;
        }
        let at = n.label.start + (label.len() - label.trim_start().len());
        let (_, len) = leading_year(&text[at..]).unwrap_or((y, 0));
        let range = at..at + len + "年".len();
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range,
            message: ctx.say(
                format!("小标题写的是{y}年，本篇标题是“{title}”，请核对年份"),
                || format!("This heading names {y}, but the report's title is “{title}”: check the year"),
            ),
            related: Vec::new(),
        });
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    const BODY: &str = "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进。";

    #[test]
    fn a_heading_year_the_title_does_not_name() {
        let text = format!(
            "XX县2023年工作总结和2024年工作计划\n一、2023年工作完成情况\n{BODY}\n（一）甲\n{BODY}\n二、2024年工作计划\n（一）乙\n{BODY}\n（二）2022年工作打算\n{BODY}\n"
        );
        assert_eq!(
            check("year-mismatch", &text),
            ["9:4 «2022年» 小标题写的是2022年，本篇标题是“XX县2023年工作总结和202…”，请核对年份"]
        );
    }

    #[test]
    fn what_one_year_titles_also_cover() {
        for ok in [
            format!("XX局2023年工作总结\n一、2023年主要工作\n{BODY}\n二、2024年工作打算\n{BODY}\n"),
            format!("XX局2024年工作计划\n一、2023年工作回顾\n{BODY}\n二、2024年重点工作\n{BODY}\n"),
            format!(
                "二〇二三年政府工作报告\n一、2022年工作回顾\n{BODY}\n二、2024年工作安排\n{BODY}\n"
            ),
            format!(
                "XX市2021—2025年发展规划\n一、2020年工作基础\n{BODY}\n二、2023年目标任务\n{BODY}\n"
            ),
        ] {
            assert!(check("year-mismatch", &ok).is_empty(), "{ok}");
        }
        let stale = format!("XX局2023年工作总结\n一、2021年主要工作\n{BODY}\n");
        assert_eq!(check("year-mismatch", &stale).len(), 1);
        let chinese = format!("XX局2024年工作计划\n一、二〇二一年工作要点\n{BODY}\n");
        assert_eq!(
            check("year-mismatch", &chinese),
            ["2:3 «二〇二一年» 小标题写的是2021年，本篇标题是“XX局2024年工作计划”，请核对年份"]
        );
    }

    #[test]
    fn untitled_reports_and_other_headings_say_nothing() {
        for ok in [
            // No title: an untitled report of a compilation.
            format!("一、2023年工作完成情况\n{BODY}\n二、2019年工作打算\n{BODY}\n"),
            // A title without a year.
            format!("XX县农业农村局工作总结\n一、2019年工作打算\n{BODY}\n"),
            // A heading that does not name a year's work, and a lower level.
            format!("XX局2023年工作总结\n一、2019年以来的变化\n{BODY}\n（一）甲\n1.2019年工作打算\n{BODY}\n"),
        ] {
            assert!(check("year-mismatch", &ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn each_report_has_its_own_title() {
        let text = format!(
            "XX局2023年工作总结\n一、2023年主要工作\n{BODY}\n\nXX委2021年工作总结\n一、2021年主要工作\n{BODY}\n二、2023年工作打算\n{BODY}\n"
        );
        assert_eq!(check("year-mismatch", &text).len(), 1, "{text}");
    }

    #[test]
    fn english_message() {
        let config = crate::Config {
            language: crate::Language::En,
            ..crate::Config::default()
        };
        let text = format!("XX局2023年工作总结\n一、2021年主要工作\n{BODY}\n");
        let a = crate::analyze(&text, &config);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == "year-mismatch")
            .expect("found");
        assert_eq!(
            &*d.message,
            "This heading names 2021, but the report's title is “XX局2023年工作总结”: check the year"
        );
    }
}
