//! `numbering-gap`: a number skipped among siblings.
//!
//! A report's top level may start anywhere: excerpts and fragments start mid-sequence.

use super::{marker_range, styled, Category, RuleContext, RuleMeta, RuleSetting, SettingKind};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：同级编号跳号（`（三）`之后是`（五）`），或某标题下的编号不从一开始。\n\n为什么：跳号说明漏写了一节或删改后没有重排。\n\n示例：`（三）……（五）……`\n\n改为：`（三）……（四）……`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "numbering-gap",
    name: "编号跳跃",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    summary: "同级编号跳号，或下级编号不从一开始",
    summary_en: "A number skipped among siblings, or a sub-level that does not start at one",
    docs: DOCS,
    check,
    fix: Some(super::numbering::fixes),
    settings: &[RuleSetting {
        key: "numbering.style",
        kind: SettingKind::Choice(&["strict", "lenient"]),
        default: "\"strict\"",
        doc: "strict：下级编号必须从一开始；lenient：允许下级从任意编号开始（节选稿）",
    }],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for step in ctx.steps() {
        let Some(number) = step.node.marker().and_then(|m| m.number) else {
            continue;
        };
        if number <= step.expected {
            continue;
        }
        let here = styled(ctx.text, step.node, number);
        let want = styled(ctx.text, step.node, step.expected);
        let (message, related) = match step.prev {
            Some(prev) => {
                let before = styled(
                    ctx.text,
                    prev,
                    step.prev_number.unwrap_or(step.expected - 1),
                );
                (
                    ctx.say(
                        format!("编号跳跃：{before}之后应为{want}，此处为{here}"),
                        || format!("Numbering skips: after {before} expected {want}, found {here}"),
                    ),
                    ctx.related_prev(prev),
                )
            }
            None if step.has_parent && !ctx.lenient() => (
                ctx.say(
                    format!("编号跳跃：此级编号应从{want}开始，此处为{here}"),
                    || format!("Numbering should start at {want} here, found {here}"),
                ),
                Vec::new(),
            ),
            None => continue,
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: marker_range(step.node),
            message,
            related,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    #[test]
    fn new_marker_forms_are_checked_in_their_own_form() {
        let text = "一、主要工作\n⑴甲\n⑵乙\n⑷丙\n二、问题\n⒈丁\n⒊戊\n";
        assert_eq!(
            check("numbering-gap", text),
            [
                "4:1 «⑷» 编号跳跃：⑵之后应为⑶，此处为⑷",
                "7:1 «⒊» 编号跳跃：⒈之后应为⒉，此处为⒊"
            ]
        );
        let text = "壹、甲\n貳、乙\n肆、丙\n";
        assert_eq!(
            check("numbering-gap", text),
            ["3:1 «肆、» 编号跳跃：貳、之后应为參、，此处为肆、"]
        );
        let text = "第一章 總則\n第一條 甲\n第二條 乙\n第二章 附則\n第四條 丙\n";
        assert_eq!(
            check("numbering-gap", text),
            ["5:1 «第四條» 编号跳跃：第二條之后应为第三條，此处为第四條"]
        );
    }

    #[test]
    fn skipped_number_among_siblings() {
        let text = "一、主要工作\n（一）甲\n（二）乙\n（三）丙\n（五）丁\n二、问题\n";
        assert_eq!(
            check("numbering-gap", text),
            ["5:1 «（五）» 编号跳跃：（三）之后应为（四），此处为（五）"]
        );
    }

    #[test]
    fn child_sequence_must_start_at_one() {
        let text = "一、主要工作\n（二）乙\n（三）丙\n";
        assert_eq!(
            check("numbering-gap", text),
            ["2:1 «（二）» 编号跳跃：此级编号应从（一）开始，此处为（二）"]
        );
    }

    #[test]
    fn fragments_and_report_restarts_are_fine() {
        // Starts mid-sequence at the top level, then a second report restarts at 一、.
        let text = "（三）丙\n（四）丁\n三、计划\n四、打算\n\n一、基本情况\n二、问题\n";
        assert!(check("numbering-gap", text).is_empty());
    }

    #[test]
    fn page_split_number_is_joined() {
        let text = "一、工作\n1、甲方面\n2、乙方面\n3\n\n、培训就业方面\n4、丁方面\n";
        assert!(check("numbering-gap", text).is_empty());
    }
}
