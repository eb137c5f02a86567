//! `punct-ellipsis`: ellipses and dashes in forms GB/T 15834 does not use.

use super::punct::{char_at, char_before, is_chinese};
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：找出不规范的省略号和破折号：`...`、`。。。`、单个 `…` 应为 `……`；两个连字符 `--` 应为破折号 `——`；省略号后再加“等”（`……等`）。\n\n为什么：GB/T 15834-2011 规定省略号是居中的六个点 `……`，破折号占两个字 `——`，省略号不与“等”“等等”连用。单个 `—` 是连接号（一字线，如 `古猿—猿人`），不报。\n\n示例：`加强宣传...`，`推进改革--全面深化`，`水、电、路……等设施`\n\n改为：`加强宣传……`，`推进改革——全面深化`，`水、电、路等设施`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-ellipsis",
    name: "省略号破折号不规范",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    summary: "省略号写成“...”“。。。”“…”，破折号写成“--”，或省略号后又加“等”",
    summary_en: "An ellipsis written as ... or 。。。 or a single …, a dash as --, or an ellipsis followed by 等",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

fn push(
    ctx: &RuleContext,
    out: &mut Vec<Diagnostic>,
    range: std::ops::Range<usize>,
    zh: String,
    en: &str,
) {
    out.push(Diagnostic {
        code: RULE.code,
        severity: RULE.default_severity,
        range,
        message: ctx.say(zh, || en.to_string()),
        related: Vec::new(),
    });
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let exempt = ctx.exempt();
    let marks = ctx.marks();
    let mut i = 0;
    while i < marks.len() {
        let m = marks[i];
        // Most marks are none of these: skipping them one by one lands
        // where skipping their run would.
        if !matches!(m.c, '.' | '。' | '…' | '-') {
            i += 1;
            continue;
        }
        // A run of the same mark, contiguous in the text.
        let mut j = i + 1;
        while j < marks.len() && marks[j].c == m.c && marks[j].at == marks[j - 1].end() {
            j += 1;
        }
        let run = m.at..marks[j - 1].end();
        let n = j - i;
        i = j;
        // Shorter runs match no arm below: no need to ask where they are.
        let long_enough = match m.c {
            '.' | '。' => n >= 3,
            '-' => n >= 2,
            _ => true,
        };
        if !long_enough || exempt.contains(run.start) {
            continue;
        }
        let chinese_around = || {
            char_before(text, run.start).is_some_and(is_chinese)
                || char_at(text, run.end).is_some_and(is_chinese)
        };
        match m.c {
            '.' if n >= 3 && chinese_around() => push(
                ctx,
                out,
                run,
                "省略号应为“……”，不用英文句点".into(),
                "Write the ellipsis as ……, not with full stops",
            ),
            '。' if n >= 3 => push(
                ctx,
                out,
                run,
                "省略号应为“……”，不用句号".into(),
                "Write the ellipsis as ……, not with 。",
            ),
            // A table of contents' leader: `标题……………5`.
            '…' if text[run.end..]
                .split(['\n', '\r'])
                .next()
                .is_some_and(|rest| {
                    !rest.is_empty() && rest.trim().bytes().all(|b| b.is_ascii_digit())
                }) => {}
            '…' => {
                if text[run.end..].starts_with('等') {
                    push(
                        ctx,
                        out,
                        run,
                        "省略号不与“等”连用，删去省略号".into(),
                        "An ellipsis is not followed by 等: remove the ellipsis",
                    );
                } else if n % 2 == 1 {
                    push(
                        ctx,
                        out,
                        run,
                        "省略号应为两个“…”连写：“……”".into(),
                        "An ellipsis is two … in a row: ……",
                    );
                }
            }
            '-' if n >= 2
                && char_before(text, run.start).is_some_and(is_chinese)
                && char_at(text, run.end).is_some_and(is_chinese) =>
            {
                push(
                    ctx,
                    out,
                    run,
                    "破折号应为“——”，不用连字符".into(),
                    "Write the dash as ——, not with hyphens",
                );
            }
            _ => {}
        }
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let Some(written) = cx.text.get(d.range.clone()) else {
        return Vec::new();
    };
    let (title, replacement) =
        if written.starts_with('…') && cx.text[d.range.end..].starts_with('等') {
            ("删去省略号", String::new())
        } else if written.starts_with('-') {
            ("改为“——”", "——".to_string())
        } else if written.starts_with('…') {
            ("改为“……”", "…".repeat(written.chars().count() + 1))
        } else {
            ("改为“……”", "……".to_string())
        };
    vec![Fix {
        title: title.into(),
        edits: vec![Edit {
            range: d.range.clone(),
            replacement,
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn ellipsis_and_dash_forms() {
        let text = "加强宣传...推进。。。落实…改革--全面，水、电、路……等设施。\n";
        assert_eq!(check("punct-ellipsis", text).len(), 5);
        assert_eq!(
            fixed("punct-ellipsis", text),
            "加强宣传……推进……落实……改革——全面，水、电、路等设施。\n"
        );
    }

    #[test]
    fn right_forms_and_connectors_are_left_alone() {
        assert!(check(
            "punct-ellipsis",
            "加强宣传……古猿—猿人，见www.a.cn/...，v1.2...3，1-10月，…………\n"
        )
        .is_empty());
    }
}
