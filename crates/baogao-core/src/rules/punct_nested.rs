//! `punct-nested`: a pair of quotes or title marks nested in a pair of the same kind.

use super::punct::PairFinding;
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, Severity};

const DOCS: &str = "做什么：找出同类标点套用同类标点：双引号里又用双引号（`““一网通办”平台”`），书名号里又用书名号（`《转发《…》的通知》`）。\n\n为什么：GB/T 15834-2011 规定引号里面还要用引号时，外面一层用双引号，里面一层用单引号；书名号里边还要用书名号时，外面一层用双书名号，里边一层用单书名号。\n\n示例：`推行““一网通办”平台”`，`《关于转发《实施办法》的通知》`\n\n改为：`推行“‘一网通办’平台”`，`《关于转发〈实施办法〉的通知》`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-nested",
    name: "同类标点套用",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    summary: "双引号内套双引号、书名号内套书名号，内层应为单引号、单书名号",
    summary_en: "Double quotes inside double quotes, or title marks inside title marks: the inner pair takes ‘’ or 〈〉",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for f in ctx.pairs().iter().cloned() {
        let PairFinding::Nested { open, close, kind } = f else {
            continue;
        };
        let (Some((o, c)), (oo, oc)) = (kind.inner(), kind.chars()) else {
            continue;
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: open..close + oc.len_utf8(),
            message: ctx.say(format!("{oo}{oc}里面的一层应为 {o}{c}"), || {
                format!("A pair inside {oo}{oc} takes {o}{c}")
            }),
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let text = cx.text;
    let (Some(first), Some(last)) = (
        text.get(d.range.clone()).and_then(|s| s.chars().next()),
        text.get(d.range.clone())
            .and_then(|s| s.chars().next_back()),
    ) else {
        return Vec::new();
    };
    let (o, c) = match first {
        '“' => ('‘', '’'),
        '《' => ('〈', '〉'),
        _ => return Vec::new(),
    };
    vec![Fix {
        title: format!("内层改为 {o}{c}"),
        edits: vec![
            Edit {
                range: d.range.start..d.range.start + first.len_utf8(),
                replacement: o.to_string(),
            },
            Edit {
                range: d.range.end - last.len_utf8()..d.range.end,
                replacement: c.to_string(),
            },
        ],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn nested_quotes_and_title_marks() {
        let text = "推行““一网通办”平台”，印发《关于转发《实施办法》的通知》。\n";
        assert_eq!(
            check("punct-nested", text),
            [
                "1:4 «“一网通办”» “”里面的一层应为 ‘’",
                "1:21 «《实施办法》» 《》里面的一层应为 〈〉"
            ]
        );
        assert_eq!(
            fixed("punct-nested", text),
            "推行“‘一网通办’平台”，印发《关于转发〈实施办法〉的通知》。\n"
        );
        assert!(check("punct-nested", "推行“‘一网通办’平台”和“两学一做”。\n").is_empty());
    }
}
