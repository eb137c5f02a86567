//! `punct-dunhao`: a 顿号 between adjacent items in 书名号 or 引号.

use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：找出紧挨着的书名号或引号并列成分之间的顿号：`《宪法》、《监察法》`，`“三严三实”、“两学一做”`。\n\n为什么：GB/T 15834-2011 规定标有引号或书名号的并列成分之间通常不用顿号；若有括注等其他成分插在中间（`《宪法》（2018年修正）、《监察法》`），才用顿号，这种情况不报。\n\n示例：`学习《宪法》、《监察法》`\n\n改为：`学习《宪法》《监察法》`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-dunhao",
    name: "并列书名号引号间的顿号",
    category: Category::Punctuation,
    default_severity: Severity::Information,
    summary: "紧挨着的书名号、引号并列成分之间不用顿号",
    summary_en: "No 顿号 between adjacent items in title marks or quotes",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let exempt = ctx.exempt();
    let bytes = ctx.text.as_bytes();
    for m in ctx.marks().iter().filter(|m| m.c == '、') {
        // Cheap test first: most 顿号 stand between words, not quotes. The
        // four marks are three bytes each: compare bytes, decode nothing.
        let b = match bytes.get(m.at.saturating_sub(3)..m.at) {
            Some(s) if s == "》".as_bytes() => '》',
            Some(s) if s == "”".as_bytes() => '”',
            _ => continue,
        };
        let a = match bytes.get(m.end()..m.end() + 3) {
            Some(s) if s == "《".as_bytes() => '《',
            Some(s) if s == "“".as_bytes() => '“',
            _ => continue,
        };
        if exempt.contains(m.at) {
            continue;
        }
        let what = if b == '》' && a == '《' {
            "书名号"
        } else {
            "引号"
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: m.at..m.end(),
            message: ctx.say(
                format!("并列的{what}之间不用顿号，应删去"),
                || "No 顿号 between adjacent quoted or titled items: remove it".into(),
            ),
            related: Vec::new(),
        });
    }
}

fn fix(_cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    vec![Fix {
        title: "删去顿号".into(),
        edits: vec![Edit {
            range: d.range.clone(),
            replacement: String::new(),
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn dunhao_between_titles_and_quotes() {
        let text = "学习《宪法》、《监察法》，落实“三严三实”、“两学一做”。\n";
        assert_eq!(
            check("punct-dunhao", text),
            [
                "1:7 «、» 并列的书名号之间不用顿号，应删去",
                "1:22 «、» 并列的引号之间不用顿号，应删去"
            ]
        );
        assert_eq!(
            fixed("punct-dunhao", text),
            "学习《宪法》《监察法》，落实“三严三实”“两学一做”。\n"
        );
        // A 括注 between them keeps the 顿号.
        assert!(check("punct-dunhao", "《宪法》（2018年修正）、《监察法》\n").is_empty());
        // At the text's edges, and next to other marks.
        assert!(check("punct-dunhao", "、《甲》、").is_empty());
        assert!(check("punct-dunhao", "》、").is_empty());
        assert_eq!(check("punct-dunhao", "“甲”、《乙》").len(), 1);
        assert!(check("punct-dunhao", "（甲）、“乙”〉、〈").is_empty());
    }
}
