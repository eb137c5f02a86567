//! `numbering-missing`: a heading whose number is missing.
//!

use super::{marker_range, styled, Category, RuleContext, RuleMeta};
use crate::{Diagnostic, NodeKind, Severity};

const DOCS: &str = "做什么：括号里没有序号（`（）主要工作完成情况`），或一级标题夹在有编号的同级标题之间却没有编号。\n\n为什么：转换格式或删改时丢了序号，审稿人会退回。\n\n示例：`（）主要工作完成情况`\n\n改为：`（一）主要工作完成情况`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-missing",
    name: "编号缺失",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    summary: "编号括号内为空，或标题缺少编号",
    summary_en: "An empty bracket where a number belongs, or a heading without its number",
    docs: DOCS,
    check,
    fix: Some(super::numbering::fixes),
    settings: &[],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for step in ctx.steps() {
        // Most steps are numbered headings: rendering the wanted marker only
        // for the ones reported keeps the rule from rewriting every marker.
        let want = || styled(ctx.text, step.node, step.expected);
        let message = match &step.node.kind {
            NodeKind::Heading(m) if m.number.is_none() => {
                let want = want();
                ctx.say(
                    format!("编号缺失：括号内没有序号，应为{want}"),
                    || format!("Missing number: the brackets are empty; expected {want}"),
                )
            }
            NodeKind::Unnumbered => {
                let want = want();
                let label = crate::excerpt(&ctx.text[step.node.label.clone()]);
                ctx.say(
                    format!("标题缺少编号：应为“{want}{label}”"),
                    || format!("Heading has no number: expected “{want}{label}”"),
                )
            }
            _ => continue,
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: marker_range(step.node),
            message,
            related: step.prev.map(|p| ctx.related_prev(p)).unwrap_or_default(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    #[test]
    fn empty_ordinal() {
        let text = "一、工作\n（一）甲\n（）乙\n（三）丙\n";
        assert_eq!(
            check("numbering-missing", text),
            ["3:1 «（）» 编号缺失：括号内没有序号，应为（二）"]
        );
        assert!(check("numbering-gap", text).is_empty());
    }

    #[test]
    fn unnumbered_top_level_heading() {
        let text = "一、总结\n（一）甲\n二、做法\n（一）乙\n（二）丙\n\n2023年工作思路\n\n（一）丁\n（二）戊\n";
        assert_eq!(
            check("numbering-missing", text),
            ["7:1 «2023年工作思路» 标题缺少编号：应为“三、2023年工作思路”"]
        );
        assert!(check("numbering-duplicate", text).is_empty());
        assert!(check("numbering-order", text).is_empty());
    }
}
