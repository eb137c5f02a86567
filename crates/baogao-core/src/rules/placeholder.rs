//! `placeholder`: filler left in the text.
//!

use super::{Category, RuleContext, RuleMeta, RuleSetting, SettingKind};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：找出尚未填写的占位符，如 `XX县`、`20**年`、`x月xx日`、`××`、`○○`、`某某`、`【待补充】`。\n\n为什么：占位符是送审稿被退回的头号原因。\n\n示例：`全县共完成投资xx亿元`\n\n改为：`全县共完成投资12.5亿元`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "placeholder",
    name: "占位符未填写",
    category: Category::Placeholder,
    default_severity: Severity::Warning,
    summary: "文中留有 XX、**、x月xx日、××、○○、某某 等尚未填写的占位符",
    summary_en: "Unfilled placeholders such as XX, 20**年, x月xx日, ××, ○○, 某某",
    docs: DOCS,
    check,
    fix: None,
    settings: &[
        RuleSetting {
            key: "placeholder.allow",
            kind: SettingKind::StringList,
            default: "[]",
            doc: "不是占位符的词语，例如产品名“XX联盟”",
        },
        RuleSetting {
            key: "placeholder.patterns",
            kind: SettingKind::StringList,
            default: "[]",
            doc: "额外的占位符正则表达式，例如“【待定】”",
        },
    ],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for p in ctx.placeholders {
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: p.range.clone(),
            message: {
                let token = crate::excerpt(&ctx.text[p.range.clone()]);
                ctx.say(format!("占位符“{token}”尚未填写"), || {
                    format!("Placeholder “{token}” has not been filled in")
                })
            },
            related: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    #[test]
    fn flags_each_token_with_its_exact_range() {
        assert_eq!(
            check(
                "placeholder",
                "一、基本情况\n全县xx个乡镇，20**年x月xx日完成。"
            ),
            [
                "2:3 «xx» 占位符“xx”尚未填写",
                "2:9 «20**年x月xx日» 占位符“20**年x月xx日”尚未填写"
            ]
        );
        assert_eq!(
            check("placeholder", "x月xx日召开，20xx年工作总结"),
            [
                "1:1 «x月xx日» 占位符“x月xx日”尚未填写",
                "1:9 «20xx» 占位符“20xx”尚未填写"
            ]
        );
    }

    #[test]
    fn long_tokens_are_quoted_in_part() {
        let text = format!("共{}项", "X".repeat(100_000));
        let got = check("placeholder", &text);
        assert_eq!(got.len(), 1);
        assert!(
            got[0].ends_with(&format!("占位符“{}…”尚未填写", "X".repeat(16))),
            "{}",
            &got[0][got[0].len() - 60..]
        );
    }

    #[test]
    fn no_false_alarms_on_codes_and_grades() {
        assert!(check(
            "placeholder",
            "县道X205改造，建成5G基站，PM2.5下降，Ⅲ类水质，A级景区，7+X。"
        )
        .is_empty());
    }
}
