//! `number-zero`: the zero of a year written in Chinese digits typed as
//! `零`, `○`, `O`, `o` or `0` instead of `〇` (U+3007): `二零二三年`.
//!
//! Only in a year: exactly four Chinese digits read one by one, starting
//! with 一 or 二, directly before `年`. Counting numerals (`一百零五`) keep
//! their 零.

use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::numerals::{digit, digits_to_chinese, is_wrong_zero, parse_digits};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出用汉字数字逐位书写的年份里写错的“〇”：`二零二三年`、`二○二三年`（圆圈符号）、`二O二三年`（字母O）、`二0二三年`（阿拉伯数字0）。\n\n为什么：GB/T 15835-2011 第5.1.3条规定，用汉字数字书写的年份中，“0”用“〇”（U+3007）表示，不用“零”；圆圈“○”、字母“O”和阿拉伯数字“0”只是形近，检索、排版时都会出错。只查紧挨“年”字的四位汉字年份，“一百零五”这样的数量不受影响。\n\n示例：`二零二三年五月`、`二○二四年`\n\n改为：`二〇二三年五月`、`二〇二四年`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "number-zero",
    name: "汉字年份中的〇",
    category: Category::Numbers,
    default_severity: Severity::Warning,
    summary: "汉字数字书写的年份中，零写作“〇”，不用“零”“○”“O”或“0”",
    summary_en: "The zero of a year in Chinese digits is 〇, not 零, ○, O or 0",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// Each year with a wrong zero: the range of its four digits. Found from
/// each `年` backwards, so text without years costs one `memchr` pass.
fn years(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), "年".as_bytes()) {
        let head = text[..at].trim_end_matches(' ');
        let mut chars = head.char_indices().rev();
        let mut start = head.len();
        let mut n = 0;
        for (i, c) in chars.by_ref() {
            if digit(c).is_none() && !is_wrong_zero(c) || n == 4 {
                break;
            }
            start = i;
            n += 1;
        }
        if n != 4 {
            continue;
        }
        let digits = &head[start..];
        // Starts with 一 or 二, and is not part of a longer numeral or word.
        if !digits.starts_with(['一', '二']) {
            continue;
        }
        let before = head[..start].chars().next_back();
        if before.is_some_and(|c| {
            digit(c).is_some()
                || is_wrong_zero(c)
                || c.is_alphanumeric() && !super::punct::is_han(c)
                || "十百千万两".contains(c)
        }) {
            continue;
        }
        if !digits.chars().any(|c| c != '〇' && is_wrong_zero(c)) {
            continue;
        }
        out.push(start..head.len());
    }
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for range in years(ctx.text) {
        let s = &ctx.text[range.clone()];
        let wrong: String = s.chars().filter(|&c| is_wrong_zero(c)).take(1).collect();
        let want = parse_digits(s, true).map_or_else(
            || {
                s.chars()
                    .map(|c| if is_wrong_zero(c) { '〇' } else { c })
                    .collect()
            },
            digits_to_chinese,
        );
        let q = excerpt(s);
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range,
            message: ctx.say(
                format!("年份“{q}”中的“{wrong}”应写作“〇”：“{want}”"),
                || format!("The zero of the year “{q}” is 〇: “{want}”"),
            ),
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let Some(s) = cx.text.get(d.range.clone()) else {
        return Vec::new();
    };
    let edits: Vec<Edit> = s
        .char_indices()
        .filter(|&(_, c)| is_wrong_zero(c))
        .map(|(i, c)| Edit {
            range: d.range.start + i..d.range.start + i + c.len_utf8(),
            replacement: "〇".into(),
        })
        .collect();
    if edits.is_empty() {
        return Vec::new();
    }
    vec![Fix {
        title: "零改为“〇”".into(),
        edits,
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn wrong_zeros_in_years() {
        assert_eq!(
            check("number-zero", "二零二三年五月\n"),
            ["1:1 «二零二三» 年份“二零二三”中的“零”应写作“〇”：“二〇二三”"]
        );
        let text = "二○二三年、二0二三年、二O一O年、一九九零年，二〇二三年\n";
        assert_eq!(check("number-zero", text).len(), 4);
        assert_eq!(
            fixed("number-zero", text),
            "二〇二三年、二〇二三年、二〇一〇年、一九九〇年，二〇二三年\n"
        );
        assert!(check("number-zero", &fixed("number-zero", text)).is_empty());
    }

    #[test]
    fn only_years() {
        for ok in [
            "一百零五年\n",
            "二〇二三年\n",
            "2020年\n",
            "十二零五年\n",
            "二零二三\n",
        ] {
            assert!(check("number-zero", ok).is_empty(), "{ok}");
        }
    }
}
