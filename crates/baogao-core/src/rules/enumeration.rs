//! `enumeration`: an `一是/二是/三是` sequence that skips, repeats or runs backwards.
//!
//! A list nested inside one item (`二是…一是…三是`) is its own sequence,
//! and a list that starts mid-way (an excerpt) is not a defect.

use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::heading::{chinese_numeral, Wanted};
use crate::{Diagnostic, Related, Severity};

const DOCS: &str = "做什么：检查段落中“一是……二是……三是”的序号是否连续。\n\n为什么：改稿时增删一项，后面的“X是”常常忘了顺延。\n\n示例：`一是……二是……四是……`\n\n改为：`一是……二是……三是……`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "enumeration",
    name: "“一是”序列",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    summary: "“一是、二是……”序列跳号、重复或倒序",
    summary_en: "A “一是、二是……” list skips, repeats or runs backwards",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// Renumber the diagnostic's `一是/二是` list from its item on.
fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let items = &cx.analysis.outline.enumerations;
    let Some(group) = items
        .iter()
        .find(|e| e.marker.range.start == d.range.start)
        .map(|e| e.group)
    else {
        return Vec::new();
    };
    let mut last: Option<u32> = None;
    let mut edits: Vec<Edit> = Vec::new();
    for e in items.iter().filter(|e| e.group == group) {
        let number = e.marker.number.unwrap_or(1);
        let want = last.map_or(number, |p| p + 1);
        let active = e.marker.range.start >= d.range.start;
        last = Some(if active { want } else { number });
        if active {
            edits.extend(e.marker.edits(
                cx.text,
                Wanted {
                    number: Some(want),
                    ..Wanted::default()
                },
            ));
        }
    }
    if edits.is_empty() {
        return Vec::new();
    }
    vec![Fix {
        title: "从此处起重排“一是、二是……”".to_string(),
        edits,
        safe: true,
    }]
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    // The last item seen in each group.
    let mut last: std::collections::HashMap<usize, &crate::Enumeration> =
        std::collections::HashMap::new();
    for item in &ctx.outline.enumerations {
        let Some(prev) = last.insert(item.group, item) else {
            continue;
        };
        let (Some(p), Some(n)) = (prev.marker.number, item.marker.number) else {
            continue;
        };
        // Most items follow their predecessor: name the numbers only for a finding.
        if n == p + 1 {
            continue;
        }
        let name = |v: u32| format!("{}是", chinese_numeral(v));
        let (before, want, here) = (name(p), name(p + 1), name(n));
        let message = if n > p + 1 {
            ctx.say(
                format!("序号跳跃：{before}之后应为{want}，此处为{here}"),
                || format!("Enumeration skips: after {before} expected {want}, found {here}"),
            )
        } else if n == p {
            ctx.say(
                format!("序号重复：{here}与上一项相同，应为{want}"),
                || format!("Enumeration repeats: {here} again; expected {want}"),
            )
        } else {
            ctx.say(
                format!("序号倒序：{before}之后出现{here}，应为{want}"),
                || format!("Enumeration runs backwards: {here} after {before}; expected {want}"),
            )
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: item.marker.range.clone(),
            message,
            related: vec![Related {
                range: prev.marker.range.clone(),
                message: format!("{}在此", name(p)),
            }],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn skip_repeat_and_backwards() {
        assert_eq!(
            check("enumeration", "一是甲。二是乙。四是丙。"),
            ["1:9 «四是» 序号跳跃：二是之后应为三是，此处为四是"]
        );
        assert_eq!(
            check("enumeration", "一是甲；二是乙；二是丙。"),
            ["1:9 «二是» 序号重复：二是与上一项相同，应为三是"]
        );
        assert_eq!(
            check("enumeration", "六是甲。七是乙。四是丙。"),
            ["1:9 «四是» 序号倒序：七是之后出现四是，应为八是"]
        );
    }

    #[test]
    fn fix_renumbers_from_the_item() {
        assert_eq!(
            check_fix("一是甲。二是乙。四是丙。五是丁。", "enumeration"),
            "一是甲。二是乙。三是丙。四是丁。"
        );
    }

    #[test]
    fn nested_lists_and_new_sections_restart() {
        let text =
            "一是甲。\n二是乙，一是丙，二是丁，三是戊。\n三是己。\n（一）新节\n一是庚。二是辛。\n";
        assert!(
            check("enumeration", text).is_empty(),
            "{:?}",
            check("enumeration", text)
        );
    }

    #[test]
    fn words_ending_in_a_numeral_are_not_items() {
        assert!(check("enumeration", "一是统一思想。二是唯一是从。三是加强。").is_empty());
    }
}
