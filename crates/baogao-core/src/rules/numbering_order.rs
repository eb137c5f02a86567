//! `numbering-order`: a sequence that runs backwards among siblings.
//!

use super::{marker_range, styled, Category, RuleContext, RuleMeta};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：同级编号倒退（`（五）`之后是`（二）`）。\n\n为什么：倒序通常是段落调换位置后忘了改号。\n\n示例：`（五）……（二）……`\n\n改为：`（五）……（六）……`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-order",
    name: "编号倒序",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    summary: "同级编号比上一项小",
    summary_en: "A number smaller than the sibling before it",
    docs: DOCS,
    check,
    fix: Some(super::numbering::fixes),
    settings: &[],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for step in ctx.steps() {
        let (Some(prev), Some(number), Some(prev_number)) = (
            step.prev,
            step.node.marker().and_then(|m| m.number),
            step.prev_number,
        ) else {
            continue;
        };
        if number >= prev_number {
            continue;
        }
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: marker_range(step.node),
            message: {
                let before = styled(ctx.text, step.node, prev_number);
                let (here, want) = (
                    styled(ctx.text, step.node, number),
                    styled(ctx.text, step.node, step.expected),
                );
                ctx.say(
                    format!("编号倒序：{before}之后出现{here}，应为{want}"),
                    || format!("Numbering runs backwards: {here} after {before}; expected {want}"),
                )
            },
            related: ctx.related_prev(prev),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    #[test]
    fn backwards_number() {
        let text = "一、工作\n（五）甲\n（二）乙\n";
        assert_eq!(
            check("numbering-order", text),
            ["3:1 «（二）» 编号倒序：（五）之后出现（二），应为（六）"]
        );
    }

    #[test]
    fn top_level_restart_is_a_new_report_not_a_defect() {
        let text = "一、甲\n二、乙\n三、丙\n\n一、丁\n二、戊\n";
        assert!(check("numbering-order", text).is_empty());
    }
}
