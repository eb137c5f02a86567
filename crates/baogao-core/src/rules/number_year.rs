//! `number-year`: a year without `年` (`2022以来`) or abridged to two digits
//! (`23年5月`).
//!
//! A bare four-digit year is reported only before a closed list of words
//! that need `年` (以来, 以前, 以后, 至今, 期间, 底, 初, 末, 上半年, 下半年,
//! 全年, 一季度…第四季度), so names (`2022深圳全球招商大会`) and ranges
//! (`2022至2023年`) pass. A two-digit year is reported only before a month
//! (`23年5月`) or 年底/年初/年末/上半年/下半年 (not 以来: `10年以来` is a
//! duration), and only when the report's own four-digit years make the
//! century certain: they all lie in one century, within ten years of it.

use super::punct::style_units;
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出漏写“年”的年份（`2022以来`、`2023上半年`）和简写成两位的年份（`23年5月`）。两位年份只在本篇报告其他年份能确定世纪时才报（本篇写了`2022年`、`2023年`，`23年5月`就是2023年5月）。\n\n为什么：GB/T 15835-2011 第5.2.1条规定，年份不能简写，`2023年`不写作`23年`；年份后漏了“年”，“2022以来”读起来像一个数量。只在“以来、以前、以后、至今、期间、底、初、末、上半年、下半年、全年、季度”之前检查漏写的“年”，`2022深圳全球招商大会`这样的名称不报。\n\n示例：`2022以来`、`23年5月`\n\n改为：`2022年以来`、`2023年5月`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "number-year",
    name: "年份漏写或简写",
    category: Category::Numbers,
    default_severity: Severity::Warning,
    summary: "年份后漏写“年”（2022以来），或年份简写为两位（23年5月）",
    summary_en: "A year without 年 (2022以来) or abridged to two digits (23年5月)",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// The words after a bare year that need `年` (the 季度 forms are matched
/// by [`quarter`]).
const BARE_WORDS: [&str; 11] = [
    "以来",
    "以前",
    "以后",
    "至今",
    "期间",
    "底",
    "初",
    "末",
    "上半年",
    "下半年",
    "全年",
];

/// `第一季度`, `一季度`, `1季度` (after the year's digits): its length in bytes.
fn quarter(after: &str) -> Option<usize> {
    let rest = after.strip_prefix('第').unwrap_or(after);
    let skipped = after.len() - rest.len();
    let c = rest.chars().next()?;
    if !matches!(c, '一' | '二' | '三' | '四' | '1'..='4') {
        return None;
    }
    let tail = &rest[c.len_utf8()..];
    tail.starts_with("季度")
        .then(|| skipped + c.len_utf8() + "季度".len())
}

/// After `23年`: a month (`5月`) or 年底/底/初/末/上半年/下半年.
fn short_tail(after: &str) -> Option<Option<u32>> {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) && after[digits..].starts_with('月') {
        return Some(after[..digits].parse().ok());
    }
    let after =
        after.strip_prefix('年').map_or(
            after,
            |rest| {
                if rest.starts_with('底') {
                    rest
                } else {
                    after
                }
            },
        );
    ["底", "初", "末", "上半年", "下半年"]
        .iter()
        .any(|w| after.starts_with(w))
        .then_some(None)
}

/// What one finding inserts, where, and the year range it is about.
struct Finding {
    range: std::ops::Range<usize>,
    at: usize,
    insert: String,
    short: bool,
}

fn before_ok(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|b| !(b.is_ascii_alphanumeric() || "._-/:：·第近满约超共计连续每".contains(b)))
}

fn findings(ctx: &RuleContext) -> Vec<Finding> {
    let text = ctx.text;
    let exempt = ctx.exempt();
    let digits = ctx.digits();
    let mut out = Vec::new();
    let mut from = 0;
    for unit in style_units(ctx) {
        // The digit runs of this unit: a year is a whole run (an alphanumeric
        // before it is refused by `before_ok`, a digit after it is no word).
        let lo = from + digits[from..].partition_point(|r| r.start < unit.start);
        let hi = lo + digits[lo..].partition_point(|r| r.end <= unit.end);
        from = hi;
        let runs = &digits[lo..hi];
        let body = &text[unit.clone()];
        let century_digits = |r: &std::ops::Range<usize>| {
            matches!(&text.as_bytes()[r.start..r.start + 2], b"19" | b"20")
        };
        let mut years: Option<(u32, u32)> = None;
        for r in runs {
            let len = r.len();
            // `2023` then a word, or the quarter `20231季度` whose digit
            // belongs to the word.
            if !(len == 4 || len == 5) || !century_digits(r) {
                continue;
            }
            let year_end = r.start + 4;
            let after = &text[year_end..unit.end];
            if len == 4 && after.starts_with('年') && before_ok(body, r.start - unit.start) {
                if let Ok(y) = text[r.start..year_end].parse::<u32>() {
                    years = Some(years.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y))));
                }
                continue;
            }
            let word = if len == 4 {
                BARE_WORDS
                    .iter()
                    .find(|w| after.starts_with(**w))
                    .map(|w| w.len())
                    .or_else(|| quarter(after))
            } else {
                quarter(after)
            };
            let Some(word_len) = word else { continue };
            let range = r.start..year_end;
            if !before_ok(text, r.start) || exempt.overlaps(&range) {
                continue;
            }
            // `底`, `初`, `末` alone only end the phrase: not `2023初步`, `2023底线`.
            let word = &after[..word_len];
            let next = after[word_len..].chars().next();
            if matches!(word, "底" | "初" | "末")
                && next.is_some_and(|n| super::punct::is_han(n) && !"前以起开至到的".contains(n))
            {
                continue;
            }
            out.push(Finding {
                range,
                at: year_end,
                insert: "年".into(),
                short: false,
            });
        }
        // The century the report's own years are in, when they agree.
        let Some((min, max)) = years else { continue };
        if min / 100 != max / 100 {
            continue;
        }
        let century = min / 100 * 100;
        for r in runs.iter().filter(|r| r.len() == 2) {
            let Some(after) = text[r.end..unit.end].strip_prefix('年') else {
                continue;
            };
            let Some(month) = short_tail(after) else {
                continue;
            };
            if !before_ok(text, r.start) {
                continue;
            }
            if month.is_some_and(|m| !(1..=12).contains(&m)) {
                continue;
            }
            let Ok(yy) = text[r.clone()].parse::<u32>() else {
                continue;
            };
            let full = century + yy;
            if full + 10 < min || full > max + 10 {
                continue;
            }
            out.push(Finding {
                range: r.start..r.end + "年".len(),
                at: r.start,
                insert: (century / 100).to_string(),
                short: true,
            });
        }
    }
    out.sort_by_key(|f| f.range.start);
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for f in findings(ctx) {
        let s = &ctx.text[f.range.clone()];
        let q = excerpt(s);
        let (zh, en) = if f.short {
            let want = format!("{}{s}", f.insert);
            (
                format!("年份不能简写：“{q}”应写作“{want}”"),
                format!("Do not abridge the year: write “{want}” for “{q}”"),
            )
        } else {
            (
                format!("年份“{q}”后漏了“年”，应写作“{s}年”"),
                format!("The year “{q}” lacks 年: write “{s}年”"),
            )
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: f.range,
            message: ctx.say(zh, || en),
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let all = cx.shared(RULE.code, || findings(&cx.rule_context()));
    let Some(f) = all.iter().find(|f| f.range == d.range) else {
        return Vec::new();
    };
    vec![Fix {
        title: if f.short {
            "写全年份".into()
        } else {
            "补上“年”".into()
        },
        edits: vec![Edit {
            range: f.at..f.at,
            replacement: f.insert.clone(),
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn bare_years() {
        assert_eq!(
            check("number-year", "2022以来,我局\n"),
            ["1:1 «2022» 年份“2022”后漏了“年”，应写作“2022年”"]
        );
        let text = "2022以来，2023上半年，2023第一季度，2022年以来。\n";
        assert_eq!(check("number-year", text).len(), 3);
        assert_eq!(
            fixed("number-year", text),
            "2022年以来，2023年上半年，2023年第一季度，2022年以来。\n"
        );
        for ok in [
            "2022深圳全球招商大会\n",
            "2022至2023年\n",
            "第2022期间\n",
            "2023初步统计，2023底线\n",
            "增长12022以来\n",
            "见https://a.cn/2022以来\n",
        ] {
            assert!(check("number-year", ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn two_digit_years_when_the_century_is_certain() {
        let text = "2022年完成。23年5月开工，23年底竣工。\n";
        assert_eq!(
            check("number-year", text),
            [
                "1:9 «23年» 年份不能简写：“23年”应写作“2023年”",
                "1:17 «23年» 年份不能简写：“23年”应写作“2023年”"
            ]
        );
        assert_eq!(
            fixed("number-year", text),
            "2022年完成。2023年5月开工，2023年底竣工。\n"
        );
        assert!(check("number-year", &fixed("number-year", text)).is_empty());
        for unsure in [
            // No full year in the report.
            "23年5月开工。\n",
            // Years of two centuries.
            "1998年、2022年，23年5月\n",
            // Far from the report's years.
            "2022年，98年5月\n",
            // A duration, not a year.
            "2022年，工作10年以来，近10年5月\n",
        ] {
            assert!(check("number-year", unsure).is_empty(), "{unsure}");
        }
    }
}
