//! `numbering-duplicate`: the same number twice among siblings.
//!

use super::{marker_range, styled, Category, RuleContext, RuleMeta};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：同级编号重复（`（三）（三）`）。\n\n为什么：重复的编号让读者和审稿人无法准确引用条目。\n\n示例：`2.……2.……`\n\n改为：`2.……3.……`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-duplicate",
    name: "编号重复",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    summary: "同级编号重复出现",
    summary_en: "A number repeated among sibling headings",
    docs: DOCS,
    check,
    fix: Some(super::numbering::fixes),
    settings: &[],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for step in ctx.steps() {
        let (Some(prev), Some(number)) = (step.prev, step.node.marker().and_then(|m| m.number))
        else {
            continue;
        };
        if Some(number) != step.prev_number {
            continue;
        }
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: marker_range(step.node),
            message: {
                let (here, want) = (
                    styled(ctx.text, step.node, number),
                    styled(ctx.text, step.node, step.expected),
                );
                ctx.say(
                    format!("编号重复：{here}与上一项相同，应为{want}"),
                    || format!("Duplicate number: {here} repeats the item before; expected {want}"),
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
    fn repeated_number() {
        let text = "一、工作\n1.甲。正文\n2.乙。正文\n2.丙。正文\n";
        assert_eq!(
            check("numbering-duplicate", text),
            ["4:1 «2.» 编号重复：2.与上一项相同，应为3."]
        );
    }

    #[test]
    fn same_number_under_different_parents_is_fine() {
        let text = "一、工作\n（一）甲\n二、问题\n（一）乙\n";
        assert!(check("numbering-duplicate", text).is_empty());
    }
}
