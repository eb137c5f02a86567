//! `numbering-bracket`: half-width and full-width brackets mixed in one report.
//!

use super::{written, Category, FixContext, RuleContext, RuleMeta, RuleSetting, SettingKind};
use crate::edit::{Edit, Fix};
use crate::heading::Wanted;
use crate::{Bracket, Config, Diagnostic, HeadingMarker, Outline, Severity};

const DOCS: &str = "做什么：同一篇报告的括号编号混用全角 `（一）` 与半角 `(一)`，一个编号两边括号宽度不同 `(一）`，或只有右括号 `1)`、`一)`（按本篇多数宽度补上左括号）。`⑴`、`㈠` 这类单字符编号不在此列。\n\n为什么：公文格式要求统一；混用显得粗糙。以本篇报告自己的多数写法为准，只标出少数派。\n\n示例：`（一）……(二)……（三）`\n\n改为：`（一）……（二）……（三）`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-bracket",
    name: "括号宽度不一致",
    category: Category::Numbering,
    default_severity: Severity::Information,
    summary: "同一篇报告的编号括号全角半角混用",
    summary_en: "Full-width and half-width brackets mixed in one report's numbering",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[RuleSetting {
        key: "numbering.bracket",
        kind: SettingKind::Choice(&["full", "half"]),
        default: "",
        doc: "单位统一的编号括号宽度（full 全角“（一）”、half 半角“(一)”）；不设则以每篇报告的多数写法为准",
    }],
};

/// Bracketed markers whose width differs from their report's dominant width,
/// with the width they should have.
pub(crate) fn bracket_findings<'a>(
    outline: &'a Outline,
    config: &Config,
) -> Vec<(&'a HeadingMarker, Bracket)> {
    let mut by_report: Vec<Vec<&HeadingMarker>> = vec![Vec::new(); outline.reports.len()];
    outline.walk(|n| {
        if let (Some(m), Some(list)) = (
            n.marker()
                .filter(|m| m.bracket.is_some_and(Bracket::is_written_pair)),
            by_report.get_mut(n.report),
        ) {
            list.push(m);
        }
    });
    let mut out = Vec::new();
    for markers in by_report {
        let count = |b: Bracket| markers.iter().filter(|m| m.bracket == Some(b)).count();
        let (full, half) = (count(Bracket::Full), count(Bracket::Half));
        // The most used width wins; on a tie, the one used first.
        let first_pure = markers.iter().find_map(|m| {
            m.bracket
                .filter(|b| matches!(b, Bracket::Full | Bracket::Half))
        });
        let majority = match full.cmp(&half) {
            std::cmp::Ordering::Greater => Bracket::Full,
            std::cmp::Ordering::Less => Bracket::Half,
            std::cmp::Ordering::Equal => first_pure.unwrap_or(Bracket::Full),
        };
        let dominant = config
            .preferred_bracket
            .filter(|b| *b != Bracket::Mixed)
            .unwrap_or(majority);
        out.extend(
            markers
                .into_iter()
                .filter(|m| m.bracket != Some(dominant))
                .map(|m| (m, dominant)),
        );
    }
    out
}

fn wanted(bracket: Bracket) -> Wanted {
    Wanted {
        bracket: Some(bracket),
        ..Wanted::default()
    }
}

/// Rewrite one marker's brackets, or every inconsistent bracket of the document.
fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let text = cx.text;
    // Each finding as (marker start, width), sorted, computed once per analysis.
    let findings = cx.shared(RULE.code, || {
        let mut v: Vec<(usize, Bracket)> = bracket_findings(&cx.analysis.outline, cx.config)
            .into_iter()
            .map(|(m, b)| (m.range.start, b))
            .collect();
        v.sort_unstable_by_key(|f| f.0);
        v
    });
    let marker = |start: usize| {
        cx.sequences()
            .find(start)
            .and_then(|(s, i)| s.nodes[i].marker())
    };
    let Ok(i) = findings.binary_search_by_key(&d.range.start, |f| f.0) else {
        return Vec::new();
    };
    let Some(m) = marker(d.range.start).filter(|m| m.range == d.range) else {
        return Vec::new();
    };
    let mut fixes = Vec::new();
    let edits = m.edits(text, wanted(findings[i].1));
    if !edits.is_empty() {
        fixes.push(Fix {
            title: format!("改为“{}”", m.rewritten(text, wanted(findings[i].1))),
            edits,
            safe: true,
        });
    }
    if findings.len() > 1 {
        let all: Vec<Edit> = findings
            .iter()
            .filter_map(|&(start, b)| marker(start).map(|m| m.edits(text, wanted(b))))
            .flatten()
            .collect();
        fixes.push(Fix {
            title: "统一全篇括号宽度".to_string(),
            edits: all,
            safe: true,
        });
    }
    fixes
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for (m, dominant) in bracket_findings(ctx.outline, ctx.config) {
        let fixed = m.rewritten(ctx.text, wanted(dominant));
        let w = written(ctx.text, m);
        let message = if m.bracket == Some(Bracket::HalfClosed) {
            ctx.say(
                format!("缺少左括号：“{w}”应为“{fixed}”"),
                || format!("Opening bracket missing: “{w}” should be “{fixed}”"),
            )
        } else if m.bracket == Some(Bracket::Mixed) {
            ctx.say(
                format!("括号不配对：“{w}”应为“{fixed}”"),
                || format!("Mismatched brackets: “{w}” should be “{fixed}”"),
            )
        } else {
            let (zh, en) = if dominant == Bracket::Full {
                ("全角", "full-width")
            } else {
                ("半角", "half-width")
            };
            let whose = if ctx.config.preferred_bracket.is_some() {
                "规定使用"
            } else {
                "本篇多用"
            };
            ctx.say(
                format!("括号宽度不一致：{whose}{zh}括号，“{w}”应为“{fixed}”"),
                || format!("Bracket width differs: use {en} brackets; “{w}” should be “{fixed}”"),
            )
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: m.range.clone(),
            message,
            related: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn minority_width_is_flagged() {
        let text = "一、工作\n（一）甲\n(二)乙\n（三）丙\n二、问题\n（一）丁\n";
        assert_eq!(
            check("numbering-bracket", text),
            ["3:1 «(二)» 括号宽度不一致：本篇多用全角括号，“(二)”应为“（二）”"]
        );
    }

    #[test]
    fn mismatched_pair_is_flagged() {
        let text = "一、工作\n(一）甲\n";
        assert_eq!(
            check("numbering-bracket", text),
            ["2:1 «(一）» 括号不配对：“(一）”应为“（一）”"]
        );
    }

    #[test]
    fn fixes_touch_only_the_brackets() {
        assert_eq!(
            check_fix(
                "一、工作\n（一）甲\n(二)乙\n（三）丙\n",
                "numbering-bracket"
            ),
            "一、工作\n（一）甲\n（二）乙\n（三）丙\n"
        );
        assert_eq!(
            check_fix("一、工作\n(一）甲\n", "numbering-bracket"),
            "一、工作\n（一）甲\n"
        );
    }

    #[test]
    fn half_closed_markers_get_their_opening_bracket() {
        let text = "一、工作\n（一）甲\n1)子\n2）丑\n二)乙\n";
        assert_eq!(
            check("numbering-bracket", text),
            [
                "3:1 «1)» 缺少左括号：“1)”应为“（1）”",
                "4:1 «2）» 缺少左括号：“2）”应为“（2）”",
                "5:1 «二)» 缺少左括号：“二)”应为“（二）”"
            ]
        );
        assert_eq!(
            check_fix(text, "numbering-bracket"),
            "一、工作\n（一）甲\n（1）子\n2）丑\n二)乙\n"
        );
        assert_eq!(
            check_fix("一、工作\n（一）甲\n二）乙\n", "numbering-bracket"),
            "一、工作\n（一）甲\n（二）乙\n"
        );
        // In a half-width report the opening bracket is half-width too.
        assert_eq!(
            check_fix("一、工作\n(一)甲\n1)子\n", "numbering-bracket"),
            "一、工作\n(一)甲\n(1)子\n"
        );
    }

    #[test]
    fn one_character_markers_have_no_bracket_width() {
        let text = "一、工作\n㈠甲\n⑴子\n⑵丑\n(二)乙\n(1)寅\n";
        assert!(check("numbering-bracket", text).is_empty());
    }

    #[test]
    fn consistent_half_width_is_fine_and_reports_are_separate() {
        let text = "一、工作\n(一)甲\n(二)乙\n\n一、另一篇\n（一）丙\n（二）丁\n";
        assert!(check("numbering-bracket", text).is_empty());
    }
}
