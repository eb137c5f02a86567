//! `punct-ordinal`: a 顿号 after a 序次语 in running text (`第一、`, `①、`).
//!
//! Owns the punctuation after ordinals that are not heading markers;
//! `numbering-separator` owns the separators of heading markers (`（一）、`),
//! and markers are exempt here, so no finding is reported twice.

use super::punct::char_at;
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：找出正文序次语后误用的顿号：`第一、`、`第二、` 应为 `第一，`、`第二，`；`①、` 应为 `①`。\n\n为什么：GB/T 15834-2011 规定“第一”“第二”“首先”“其次”等序次语之后用逗号；带圈数字本身已是序号，后面不再加标点。`第一、二季度`、`第一、第二批` 这样列举序数的写法不报；作为标题编号的 `（一）、` 由 numbering-separator 负责。\n\n示例：`第一、要加强学习。第二、要改进作风。`\n\n改为：`第一，要加强学习。第二，要改进作风。`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-ordinal",
    name: "序次语后的标点",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    summary: "“第一、”“①、”等序次语后误用顿号",
    summary_en: "A 顿号 after an ordinal such as 第一 or ①: use a comma, or nothing after ①",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// A `match`, not `str::contains`: that searches the string for each 顿号.
fn is_numeral(c: char) -> bool {
    crate::heading::is_one_to_ten(c)
}

fn is_circled(c: char) -> bool {
    ('①'..='⑳').contains(&c) || ('⑴'..='⒇').contains(&c)
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let exempt = ctx.exempt();
    for m in ctx.marks().iter().filter(|m| m.c == '、') {
        // Cheap test first: most 顿号 follow a word, not an ordinal.
        let last = super::punct::char_before(text, m.at);
        if !last.is_some_and(|c| is_numeral(c) || is_circled(c))
            || exempt.contains(m.at)
            || exempt.contains(m.at.saturating_sub(1))
        {
            continue;
        }
        let before = &text[..m.at];
        let after = char_at(text, m.end());
        // Listing ordinals (`第一、二季度`, `第一、第二批`) is not a 序次语.
        if after.is_none_or(|c| is_numeral(c) || c == '第' || c == '\n' || c == '\r') {
            continue;
        }
        let mut rev = before.chars().rev();
        let last = rev.next();
        let ordinal = match last {
            Some(c) if is_circled(c) => Some(c.to_string()),
            Some(c) if is_numeral(c) => {
                let numeral: String = std::iter::once(c)
                    .chain(rev.clone().take_while(|&c| is_numeral(c)))
                    .collect();
                let rest = rev.nth(numeral.chars().count() - 1);
                let lead = before[..m.at - numeral.len()]
                    .trim_end_matches('第')
                    .chars()
                    .next_back();
                // `第一、` at a sentence start, not `一、` (a heading) or `统一、`.
                (rest == Some('第') && lead.is_none_or(|l| !super::punct::is_han(l)))
                    .then(|| format!("第{}", numeral.chars().rev().collect::<String>()))
            }
            _ => None,
        };
        let Some(ordinal) = ordinal else {
            continue;
        };
        let circled = last.is_some_and(is_circled);
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: m.at..m.end(),
            message: if circled {
                ctx.say(
                    format!("带圈序号“{ordinal}”后不加顿号"),
                    || format!("No 顿号 after the circled number “{ordinal}”"),
                )
            } else {
                ctx.say(
                    format!("序次语“{ordinal}”后应用逗号“，”，不用顿号"),
                    || format!("After the ordinal “{ordinal}” use a comma “，”, not a 顿号"),
                )
            },
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let circled = cx.text[..d.range.start]
        .chars()
        .next_back()
        .is_some_and(is_circled);
    let (title, replacement) = if circled {
        ("删去顿号", "")
    } else {
        ("改为逗号“，”", "，")
    };
    vec![Fix {
        title: title.into(),
        edits: vec![Edit {
            range: d.range.clone(),
            replacement: replacement.into(),
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn is_numeral_is_the_ten_numerals() {
        let all: String = ('\u{3000}'..='\u{9fff}')
            .filter(|&c| super::is_numeral(c))
            .collect();
        assert_eq!(all, "一七三九二五八六十四");
    }

    #[test]
    fn ordinals_in_running_text() {
        let text = "一、工作\n第一、要加强学习。第二、要改进作风。\n";
        assert_eq!(
            check("punct-ordinal", text),
            [
                "2:3 «、» 序次语“第一”后应用逗号“，”，不用顿号",
                "2:12 «、» 序次语“第二”后应用逗号“，”，不用顿号"
            ]
        );
        assert_eq!(
            fixed("punct-ordinal", text),
            "一、工作\n第一，要加强学习。第二，要改进作风。\n"
        );
    }

    #[test]
    fn listed_ordinals_headings_and_words_are_left_alone() {
        let text = "一、工作\n完成第一、二季度任务，第一、第二批名单，统一、规范管理。\n二、问题\n";
        assert!(check("punct-ordinal", text).is_empty());
    }
}
