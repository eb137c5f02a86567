//! `numbering-separator`: separators mixed among siblings, or a non-standard one.
//!

use super::{
    sequences, written, Category, FixContext, RuleContext, RuleMeta, RuleSetting, SettingKind,
};
use crate::edit::Fix;
use crate::heading::Wanted;
use crate::{
    Bracket, Config, Diagnostic, HeadingMarker, MarkerKind, Node, NumberingStyle, Separator,
    Severity,
};

const DOCS: &str = "做什么：同级编号的分隔符混用（`1、 2、 3. 4.`），或用了不规范的分隔符（`一.`、`一，`、`（一）、`）。\n\n为什么：GB/T 9704 的层次序数是“一、”“（一）”“1.”“（1）”；括号编号后不再加标点。\n\n示例：`1、……2、……3.……`\n\n改为：`1.……2.……3.……`（以同级多数写法为准）";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-separator",
    name: "分隔符不规范",
    category: Category::Numbering,
    default_severity: Severity::Information,
    summary: "同级编号分隔符混用，或使用“一.”“（一）、”等不规范写法",
    summary_en:
        "Separators mixed among siblings, or a non-standard one such as “一.” or “（一）、”",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[RuleSetting {
        key: "numbering.separator",
        kind: SettingKind::Choice(&["dot", "dunhao"]),
        default: "",
        doc:
            "“1.”级编号统一使用的分隔符（dot 点号“1.”、dunhao 顿号“1、”）；不设则以同级多数写法为准",
    }],
};

/// Markers whose separator is non-standard or in the minority among their
/// siblings, with the separator they should have.
/// The markers of `sequences` written with a non-standard separator, or
/// with a minority one among their siblings, each with the one it should have.
pub(crate) fn separator_findings<'a>(
    sequences: impl Iterator<Item = impl Iterator<Item = &'a Node> + Clone>,
    config: &Config,
) -> Vec<(&'a HeadingMarker, Separator)> {
    let strict = config.numbering == NumberingStyle::Strict;
    let mut out = Vec::new();
    for nodes in sequences {
        let markers = nodes.filter_map(|n| n.marker());
        for m in markers.clone() {
            match m.kind {
                MarkerKind::Chinese | MarkerKind::Capital
                    if strict && m.separator != Separator::Dunhao =>
                {
                    out.push((m, Separator::Dunhao))
                }
                MarkerKind::ParenChinese | MarkerKind::ParenArabic
                    if m.separator != Separator::None =>
                {
                    out.push((m, Separator::None))
                }
                _ => {}
            }
        }
        let arabic = markers
            .filter(|m| m.kind == MarkerKind::Arabic && m.bracket != Some(Bracket::Enclosed));
        let mut counts: Vec<(Separator, usize)> = Vec::new();
        for m in arabic.clone() {
            match counts.iter_mut().find(|(s, _)| *s == m.separator) {
                Some((_, c)) => *c += 1,
                None => counts.push((m.separator, 1)),
            }
        }
        let max = counts.iter().map(|(_, c)| *c).max().unwrap_or(0);
        let majority = counts.iter().find(|(_, c)| *c == max).map(|(s, _)| *s);
        if let Some(dominant) = config
            .preferred_separator
            .filter(|_| !counts.is_empty())
            .or(majority)
        {
            out.extend(
                arabic
                    .filter(|m| m.separator != dominant)
                    .map(|m| (m, dominant)),
            );
        }
    }
    out
}

fn wanted(separator: Separator) -> Wanted {
    Wanted {
        separator: Some(separator),
        ..Wanted::default()
    }
}

/// Rewrite one separator.
fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    // Each finding as (marker start, separator), sorted, computed once per analysis.
    let findings = cx.shared(RULE.code, || {
        let all = sequences(&cx.analysis.outline);
        let nodes = all.iter().map(|s| s.nodes.iter().copied());
        let mut v: Vec<(usize, Separator)> = separator_findings(nodes, cx.config)
            .into_iter()
            .map(|(m, s)| (m.range.start, s))
            .collect();
        v.sort_unstable_by_key(|f| f.0);
        v
    });
    let Ok(i) = findings.binary_search_by_key(&d.range.start, |f| f.0) else {
        return Vec::new();
    };
    let Some(m) = cx
        .sequences()
        .find(d.range.start)
        .and_then(|(s, j)| s.nodes[j].marker())
        .filter(|m| m.range == d.range)
    else {
        return Vec::new();
    };
    let w = wanted(findings[i].1);
    let edits = m.edits(cx.text, w);
    if edits.is_empty() {
        return Vec::new();
    }
    vec![Fix {
        title: format!("改为“{}”", m.rewritten(cx.text, w)),
        edits,
        safe: true,
    }]
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    // The shared numbering steps hold the sequences one after another, each
    // starting at the step with no item before it: no second walk of the outline.
    let sequences = ctx
        .steps()
        .chunk_by(|_, next| next.prev.is_some())
        .map(|seq| seq.iter().map(|step| step.node));
    for (m, sep) in separator_findings(sequences, ctx.config) {
        let w = written(ctx.text, m);
        let fixed = m.rewritten(ctx.text, wanted(sep));
        let s = sep.as_str();
        let message = match m.kind {
            MarkerKind::Chinese | MarkerKind::Capital => ctx.say(
                format!("分隔符不规范：“{w}”应为“{fixed}”"),
                || format!("Non-standard separator: “{w}” should be “{fixed}”"),
            ),
            MarkerKind::Arabic => ctx.say(
                format!("分隔符不一致：同级编号多用“{s}”，“{w}”应为“{fixed}”"),
                || format!("Mixed separators: siblings use “{s}”; “{w}” should be “{fixed}”"),
            ),
            _ => ctx.say(
                format!("括号编号后不加标点：“{w}”应为“{fixed}”"),
                || format!("No punctuation after a bracketed number: “{w}” should be “{fixed}”"),
            ),
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
    fn mixed_separators_flag_the_minority() {
        let text = "（一）党建\n1、甲。\n2、乙。\n3.丙。\n4.丁。\n5.戊。\n";
        assert_eq!(
            check("numbering-separator", text),
            [
                "2:1 «1、» 分隔符不一致：同级编号多用“.”，“1、”应为“1.”",
                "3:1 «2、» 分隔符不一致：同级编号多用“.”，“2、”应为“2.”"
            ]
        );
    }

    #[test]
    fn non_standard_separators() {
        let text = "一.基本情况\n（一）、甲\n二，问题\n";
        assert_eq!(
            check("numbering-separator", text),
            [
                "1:1 «一.» 分隔符不规范：“一.”应为“一、”",
                "2:1 «（一）、» 括号编号后不加标点：“（一）、”应为“（一）”",
                "3:1 «二，» 分隔符不规范：“二，”应为“二、”"
            ]
        );
    }

    #[test]
    fn fixes_touch_only_the_separator() {
        assert_eq!(
            check_fix("（一）党建\n1、甲\n2.乙\n3.丙\n", "numbering-separator"),
            "（一）党建\n1.甲\n2.乙\n3.丙\n"
        );
        assert_eq!(
            check_fix("一.基本情况\n", "numbering-separator"),
            "一、基本情况\n"
        );
        assert_eq!(
            check_fix("一、甲\n（一）、乙\n", "numbering-separator"),
            "一、甲\n（一）乙\n"
        );
    }

    #[test]
    fn enclosed_dots_and_financial_numerals() {
        // `⒈` carries its dot: not counted, not rewritten.
        assert!(check("numbering-separator", "一、甲\n⒈子\n⒉丑\n3、寅\n").is_empty());
        assert_eq!(
            check("numbering-separator", "壹.甲\n貳、乙\n"),
            ["1:1 «壹.» 分隔符不规范：“壹.”应为“壹、”"]
        );
    }

    #[test]
    fn consistent_lists_are_fine() {
        assert!(check(
            "numbering-separator",
            "一、甲\n1、a项\n2、b项\n二、乙\n1.c项\n2.d项\n"
        )
        .is_empty());
    }
}
