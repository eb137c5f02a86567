//! `numbering-separator`: separators mixed among siblings, or a non-standard one.
//!
//! 做什么：同级编号的分隔符混用（`1、 2、 3. 4.`），或用了不规范的分隔符（`一.`、`一，`、`（一）、`）。
//! 为什么：GB/T 9704 的层次序数是“一、”“（一）”“1.”“（1）”；括号编号后不再加标点。
//! 示例：`1、……2、……3.……`
//! 改为：`1.……2.……3.……`（以同级多数写法为准）

use super::{numbering_steps, written, RuleContext, RuleMeta};
use crate::{Diagnostic, MarkerKind, Separator, Severity};

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-separator",
    name: "分隔符不规范",
    default_severity: Severity::Information,
    summary: "同级编号分隔符混用，或使用“一.”“（一）、”等不规范写法",
    check,
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let steps = numbering_steps(ctx.outline);
    let mut arabic_groups: Vec<Vec<&crate::HeadingMarker>> = Vec::new();
    for step in &steps {
        let Some(m) = step.node.marker() else {
            continue;
        };
        let fixed = match m.kind {
            MarkerKind::Chinese if m.separator != Separator::Dunhao => Some(
                m.number
                    .map(|n| m.render(n).replace(m.separator.as_str(), "、"))
                    .unwrap_or_default(),
            ),
            MarkerKind::ParenChinese | MarkerKind::ParenArabic
                if m.separator != Separator::None =>
            {
                let w = written(ctx.text, m);
                Some(
                    w.trim_end_matches(['、', '.', '．', '，', ','])
                        .to_string(),
                )
            }
            _ => None,
        };
        if let Some(fixed) = fixed {
            let w = written(ctx.text, m);
            let message = if m.kind == MarkerKind::Chinese {
                format!("分隔符不规范：“{w}”应为“{fixed}”")
            } else {
                format!("括号编号后不加标点：“{w}”应为“{fixed}”")
            };
            out.push(Diagnostic {
                code: RULE.code,
                severity: RULE.default_severity,
                range: m.range.clone(),
                message,
                related: Vec::new(),
            });
        }
        if m.kind == MarkerKind::Arabic {
            // Steps of one sequence are consecutive and the first has no `prev`.
            if step.prev.is_none() || arabic_groups.is_empty() {
                arabic_groups.push(Vec::new());
            }
            if let Some(g) = arabic_groups.last_mut() {
                g.push(m);
            }
        }
    }
    for group in arabic_groups {
        let mut counts: Vec<(Separator, usize)> = Vec::new();
        for m in &group {
            match counts.iter_mut().find(|(s, _)| *s == m.separator) {
                Some((_, c)) => *c += 1,
                None => counts.push((m.separator, 1)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        // The most used separator wins; on a tie, the one used first.
        let max = counts.iter().map(|(_, c)| *c).max().unwrap_or(0);
        let Some(&(dominant, _)) = counts.iter().find(|(_, c)| *c == max) else {
            continue;
        };
        for m in group.iter().filter(|m| m.separator != dominant) {
            let w = written(ctx.text, m);
            let fixed = m
                .number
                .map(|n| format!("{n}{}", dominant.as_str()))
                .unwrap_or_default();
            out.push(Diagnostic {
                code: RULE.code,
                severity: RULE.default_severity,
                range: m.range.clone(),
                message: format!(
                    "分隔符不一致：同级编号多用“{}”，“{w}”应为“{fixed}”",
                    dominant.as_str()
                ),
                related: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

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
    fn consistent_lists_are_fine() {
        assert!(check(
            "numbering-separator",
            "一、甲\n1、a项\n2、b项\n二、乙\n1.c项\n2.d项\n"
        )
        .is_empty());
    }
}
