//! `number-range`: a range whose first number lost the unit that changes its
//! value: `15～30%` for `15%～30%`, `9～16亿` for `9亿～16亿`.
//!
//! Only `%`, `‰` and the magnitudes `万`, `亿` (`万亿`, `千万`, `百万`) are
//! repeated: without them the first number reads as a different value.
//! Units of measure (`100～150kg`, `1-10月`, `2023-2025年`, `3～5元`) are
//! written once, as GB/T 15835-2011 allows. For `3～5万元` the fix inserts
//! the magnitude only (`3万～5万元`), which already makes both values
//! unambiguous; the standard's own example writes `13万元～17万元`.

use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出数值范围中前一个数漏掉的百分号或“万”“亿”：`15～30%`、`9～16亿`、`5-6亿`。连接号可以是`～`、`~`、`—`、`-`或“至”。\n\n为什么：GB/T 15835-2011 第4.1.3条（数值范围）规定，用浪纹线连接的两个百分数、以“万”“亿”为单位的数，前一个数的“%”和“万”“亿”不能省略：`15～30%`会读成“15到30%”，`9～16亿`会读成“9到16亿”。计量单位（`100～150kg`）和月份、年份的范围（`1-10月`、`2023-2025年`）不受此限，不报。修改时只补“%”或“万”“亿”，`3～5万元`改为`3万～5万元`。\n\n示例：`增长15～30%`、`投资9～16亿元`\n\n改为：`增长15%～30%`、`投资9亿～16亿元`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "number-range",
    name: "数值范围前项漏单位",
    category: Category::Numbers,
    default_severity: Severity::Information,
    summary: "数值范围的前一个数也要写“%”或“万”“亿”（15%～30%、9亿～16亿）",
    summary_en: "The first number of a range keeps its % or 万/亿 (15%～30%, 9亿～16亿)",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

const CONNECTORS: [char; 8] = ['～', '~', '〜', '—', '－', '-', '–', '至'];
/// In this order: `万亿` before `万`.
const UNITS: [&str; 8] = ["%", "％", "‰", "万亿", "千万", "百万", "亿", "万"];

/// The end of a number that starts a digit run at `at`: the run, and a
/// decimal part when one follows (`1.5`).
fn number_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let run = |i: usize| i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = run(at);
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        run(end + 1)
    } else {
        end
    }
}

fn skip_spaces(text: &str, at: usize) -> usize {
    at + text.as_bytes()[at..]
        .iter()
        .take_while(|&&c| c == b' ')
        .count()
}

/// A range starting with the digit run at `start`: `15 ～ 30%`. Returns
/// where the first number ends, the unit, and where the range ends.
fn range_at(text: &str, start: usize) -> Option<(usize, &'static str, usize)> {
    let a_end = number_end(text, start);
    let mut at = skip_spaces(text, a_end);
    let c = text[at..].chars().next()?;
    if !CONNECTORS.contains(&c) {
        return None;
    }
    at = skip_spaces(text, at + c.len_utf8());
    if !text.as_bytes().get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    at = number_end(text, at);
    let unit = UNITS.iter().find(|u| text[at..].starts_with(**u))?;
    Some((a_end, unit, at + unit.len()))
}

/// Each range found: where the unit goes, the unit, and the whole range.
fn ranges<'t>(
    text: &str,
    digits: &[std::ops::Range<usize>],
) -> Vec<(usize, &'t str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut next = 0;
    for run in digits {
        if run.start < next {
            continue;
        }
        let Some((a_end, unit, end)) = range_at(text, run.start) else {
            continue;
        };
        next = end;
        // Part of a code, a date or a longer number (`G15-20万`, `2023-5-10%`).
        let before = text[..run.start].chars().next_back();
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || "./-:_～~".contains(b)) {
            continue;
        }
        out.push((a_end, unit, run.start..end));
    }
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let exempt = ctx.exempt();
    for (at, unit, range) in ranges(ctx.text, ctx.digits()) {
        if exempt.overlaps(&range) {
            continue;
        }
        let q = excerpt(&ctx.text[range.clone()]);
        let want = format!(
            "{}{unit}{}",
            &ctx.text[range.start..at],
            &ctx.text[at..range.end]
        );
        let want = excerpt(&want);
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range,
            message: ctx.say(
                format!("数值范围“{q}”的前一个数也要带“{unit}”：“{want}”"),
                || format!("The first number of the range “{q}” needs its “{unit}” too: “{want}”"),
            ),
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let all = cx.shared(RULE.code, || {
        ranges(cx.text, &super::punct::scan(cx.text).digits)
            .into_iter()
            .map(|(at, unit, r)| (at, unit.to_string(), r))
            .collect::<Vec<_>>()
    });
    let Some((at, unit, _)) = all.iter().find(|r| r.2 == d.range) else {
        return Vec::new();
    };
    let (at, unit) = (*at, unit.clone());
    vec![Fix {
        title: format!("前一个数补上“{unit}”"),
        edits: vec![Edit {
            range: at..at,
            replacement: unit.to_string(),
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn percent_and_magnitudes() {
        assert_eq!(
            check("number-range", "增长15～30%。\n"),
            ["1:3 «15～30%» 数值范围“15～30%”的前一个数也要带“%”：“15%～30%”"]
        );
        let text = "投资9～16亿元，5-6亿，3至5万人，1.5~2.5%，1—2万亿。\n";
        assert_eq!(check("number-range", text).len(), 5);
        assert_eq!(
            fixed("number-range", text),
            "投资9亿～16亿元，5亿-6亿，3万至5万人，1.5%~2.5%，1万亿—2万亿。\n"
        );
        assert!(check("number-range", &fixed("number-range", text)).is_empty());
    }

    #[test]
    fn units_of_measure_dates_and_codes_pass() {
        for ok in [
            "1-10月，2023-2025年，100～150kg，3～5元\n",
            "15%～30%，9亿～16亿\n",
            "G15-20万，2023-5-10%\n",
            "见https://x.cn/a?b=1-2%\n",
        ] {
            assert!(check("number-range", ok).is_empty(), "{ok}");
        }
    }
}
