//! `date-invalid`: a date that does not exist (`2023年2月30日`, `2023年13月`)
//! or a weekday that does not match its date (`2024年5月1日（星期二）`).
//!
//! Dates are read in Arabic digits and in Chinese numerals
//! (`二〇二三年二月三十日`). A month is judged only next to a year or a day
//! (`13月` alone may be a count); 2月29日 only when the date has its year.
//! The weekday is computed here (Gregorian calendar), no date library.

use std::ops::Range;

use super::{Category, RuleContext, RuleMeta};
use crate::numerals::{parse_any, parse_digits};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出不存在的日期（`2023年2月30日`、`2023年13月`、平年的`2月29日`）和与日期对不上的星期（`2024年5月1日（星期二）`，那天是星期三），阿拉伯数字和汉字数字（`二〇二三年二月三十日`）都查。\n\n为什么：日期错误会让公文失去效力依据，GB/T 15835-2011 对日期的写法有规定，但写错的日期任何写法都救不了；星期由日期算出，不需要联网。只有写了年份的日期才按平年闰年判断2月29日；单独的`13月`可能是计数，不报。\n\n示例：`2023年2月30日召开`、`2024年5月1日（星期二）`\n\n改为：`2023年2月28日召开`（核对原始材料）、`2024年5月1日（星期三）`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "date-invalid",
    name: "日期不存在",
    category: Category::Numbers,
    default_severity: Severity::Warning,
    summary: "日期不存在（2月30日、13月），或星期与日期不符",
    summary_en:
        "A date that does not exist (30 February, month 13), or a weekday that does not match it",
    docs: DOCS,
    check,
    fix: None,
    settings: &[],
};

/// One date as written, in bytes of the window it was read from: the
/// whole of it and its year, month, day and weekday numerals.
struct Written {
    whole: Range<usize>,
    y: Option<Range<usize>>,
    m: Range<usize>,
    d: Option<Range<usize>>,
    w: Option<Range<usize>>,
}

/// The end of exactly `n` characters of `class` from `at`.
fn run_of(s: &str, at: usize, n: usize, class: impl Fn(char) -> bool) -> Option<usize> {
    let mut end = at;
    let mut chars = s[at..].chars();
    for _ in 0..n {
        let c = chars.next().filter(|&c| class(c))?;
        end += c.len_utf8();
    }
    Some(end)
}

fn skip_spaces(s: &str, at: usize) -> usize {
    at + s.as_bytes()[at..]
        .iter()
        .take_while(|&&b| b == b' ')
        .count()
}

/// A number at `at` of one of the lengths `digits` (ASCII digits) or
/// `numerals` (`一`…`十`), tried in that order (digits first, each list
/// longest first), the first for which `then` accepts what follows: its
/// range and where `then` says the match ends.
fn number_at(
    s: &str,
    at: usize,
    digits: &[usize],
    numerals: &[usize],
    then: impl Fn(usize) -> Option<usize>,
) -> Option<(Range<usize>, usize)> {
    let digit_ends = digits
        .iter()
        .filter_map(|&n| run_of(s, at, n, |c| c.is_ascii_digit()));
    let numeral_ends = numerals
        .iter()
        .filter_map(|&n| run_of(s, at, n, crate::heading::is_one_to_ten));
    digit_ends
        .chain(numeral_ends)
        .find_map(|end| then(end).map(|after| (at..end, after)))
}

/// The date written at `at` of `s`, read as the regex
/// `(?:(年份) *年 *)?(月) *月(?: *(日) *[日号])?(?: *[（(]? *(?:星期|周|礼拜)(星期几) *[）)]?)?`
/// (years `[0-9]{4}` or `[一二][〇零○O0一二三四五六七八九]{3}`, months of one or two
/// digits or numerals up to 十, days of one or two digits or up to three
/// numerals) would read it: each part as long as it can be with what
/// follows still matching. By hand: the regex cost every `check` run
/// 2.3 M instructions to compile.
fn written_at(s: &str, at: usize) -> Option<Written> {
    // The month and its 月, from `from`: the end after 月.
    let month = |from: usize| {
        number_at(s, from, &[2, 1], &[2, 1], |end| {
            let after = skip_spaces(s, end);
            s[after..]
                .starts_with('月')
                .then_some(after + '月'.len_utf8())
        })
    };
    let year_digit = |c: char| {
        matches!(
            c,
            '〇' | '零'
                | '○'
                | 'O'
                | '0'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
        )
    };
    let years = [
        run_of(s, at, 4, |c| c.is_ascii_digit()),
        run_of(s, at, 1, |c| matches!(c, '一' | '二')).and_then(|e| run_of(s, e, 3, year_digit)),
    ];
    let with_year = years.into_iter().flatten().find_map(|y_end| {
        let after = skip_spaces(s, y_end);
        let after = after + s[after..].starts_with('年').then_some('年'.len_utf8())?;
        let (m, end) = month(skip_spaces(s, after))?;
        Some((Some(at..y_end), m, end))
    });
    let (y, m, mut end) = match with_year {
        Some(found) => found,
        None => {
            let (m, end) = month(at)?;
            (None, m, end)
        }
    };
    let d = {
        let from = skip_spaces(s, end);
        number_at(s, from, &[2, 1], &[3, 2, 1], |d_end| {
            let after = skip_spaces(s, d_end);
            s[after..]
                .starts_with(['日', '号'])
                .then_some(after + '日'.len_utf8())
        })
    };
    let d = d.map(|(d, after)| {
        end = after;
        d
    });
    let w = {
        let mut i = skip_spaces(s, end);
        if s[i..].starts_with(['（', '(']) {
            i += s[i..].chars().next().map_or(0, char::len_utf8);
        }
        let i = skip_spaces(s, i);
        ["星期", "周", "礼拜"]
            .iter()
            .find(|word| s[i..].starts_with(**word))
            .and_then(|word| {
                let at = i + word.len();
                let e = run_of(s, at, 1, |c| {
                    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '日' | '天')
                })?;
                let mut after = skip_spaces(s, e);
                if s[after..].starts_with(['）', ')']) {
                    after += s[after..].chars().next().map_or(0, char::len_utf8);
                }
                Some((at..e, after))
            })
    };
    let w = w.map(|(w, after)| {
        end = after;
        w
    });
    Some(Written {
        whole: at..end,
        y,
        m,
        d,
        w,
    })
}

/// The dates of `s` from its start, leftmost first and never overlapping,
/// as the regex of [`written_at`] would find them one after another.
fn written(s: &str) -> impl Iterator<Item = Written> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = s[from..]
            .char_indices()
            .find_map(|(i, _)| written_at(s, from + i))?;
        from = found.whole.end;
        Some(found)
    })
}

fn leap(y: u32) -> bool {
    y.is_multiple_of(4) && !y.is_multiple_of(100) || y.is_multiple_of(400)
}

fn days_in(month: u32, year: Option<u32>) -> u32 {
    match month {
        2 => match year {
            Some(y) if !leap(y) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 0 = Sunday … 6 = Saturday (Sakamoto's method, Gregorian calendar).
pub(crate) fn weekday(y: u32, m: u32, d: u32) -> u32 {
    const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    (y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d) % 7
}

const WEEKDAYS: [&str; 7] = ["日", "一", "二", "三", "四", "五", "六"];
const WEEKDAYS_EN: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn is_digitish(c: char) -> bool {
    c.is_ascii_digit()
        || "〇零○一二三四五六七八九十百两".contains(c)
        || matches!(c, '.' | '/' | '-')
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    // Each `月`, with the run of numerals before it and a short stretch of
    // the line after it: the pattern runs on that window only.
    for p in memchr::memmem::find_iter(text.as_bytes(), "月".as_bytes()) {
        let head = &text[..p];
        let run = head.len()
            - head
                .trim_end_matches(|c: char| {
                    c.is_ascii_digit() || c == ' ' || "年〇零○O0一二三四五六七八九十".contains(c)
                })
                .len();
        // The pattern needs a numeral (then spaces) right before `月`: most
        // `月` of a report (`岁月`, `月度`) end here, before any regex.
        if run == 0 {
            continue;
        }
        let mut base = p - run.min(48);
        while !text.is_char_boundary(base) {
            base += 1;
        }
        let mut end = (p + 64).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if let Some(nl) = text[p..end].find('\n') {
            end = p + nl;
        }
        let window = &text[base..end];
        let Some(c) = written(window).find(|c| base + c.whole.start <= p && p < base + c.whole.end)
        else {
            continue;
        };
        let whole = &window[c.whole.clone()];
        let m = &window[c.m.clone()];
        let y = c.y.clone().map(|r| &window[r]);
        let first = c.y.as_ref().unwrap_or(&c.m).start;
        // Part of a longer number (`12023年`, `1.12月`): not a date.
        if text[..base + first]
            .chars()
            .next_back()
            .is_some_and(is_digitish)
        {
            continue;
        }
        let year = match y {
            Some(y) => match parse_digits(y, true).or_else(|| y.parse().ok()) {
                Some(v) => Some(v),
                None => continue,
            },
            None => None,
        };
        let Some(month) = parse_any(m) else {
            continue;
        };
        let day = match c.d.clone() {
            Some(d) => match parse_any(&window[d]) {
                Some(v) => Some(v),
                None => continue,
            },
            None => None,
        };
        if year.is_none() && day.is_none() {
            continue;
        }
        let q = excerpt(whole.trim_end());
        let range = base + c.whole.start..base + c.whole.start + whole.trim_end().len();
        let mut push = |zh: String, en: String| {
            out.push(Diagnostic {
                code: RULE.code,
                severity: RULE.default_severity,
                range: range.clone(),
                message: ctx.say(zh, || en),
                related: Vec::new(),
            })
        };
        if !(1..=12).contains(&month) {
            push(
                format!("日期“{q}”不存在：没有{month}月，请核对"),
                format!("Date “{q}” does not exist: there is no month {month}"),
            );
            continue;
        }
        let Some(day) = day else { continue };
        let max = days_in(month, year);
        if day == 0 || day > max {
            let zh = match year {
                Some(yv) => format!("日期“{q}”不存在：{yv}年{month}月只有{max}天，请核对"),
                None => format!("日期“{q}”不存在：{month}月最多{max}天，请核对"),
            };
            push(
                zh,
                format!("Date “{q}” does not exist: month {month} has {max} days"),
            );
            continue;
        }
        let (Some(yv), Some(w)) = (year, c.w.clone().map(|r| &window[r])) else {
            continue;
        };
        if !(1583..=9999).contains(&yv) {
            continue;
        }
        let claimed = match w {
            "天" => 0,
            s => WEEKDAYS.iter().position(|&x| x == s).unwrap_or(0) as u32,
        };
        let real = weekday(yv, month, day);
        if claimed != real {
            push(
                format!(
                    "星期与日期不符：{yv}年{month}月{day}日是星期{}，不是星期{}",
                    WEEKDAYS[real as usize], w
                ),
                format!(
                    "Wrong weekday: {yv}-{month:02}-{day:02} is a {}, not a {}",
                    WEEKDAYS_EN[real as usize], WEEKDAYS_EN[claimed as usize]
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::weekday;
    use crate::rules::test_support::check;

    /// The hand-written reading finds the dates the regex it replaced found,
    /// with the same parts, on texts built from the pieces of dates.
    #[test]
    fn dates_as_the_regex_read_them() {
        let re = regex::Regex::new(concat!(
            r"(?:(?P<y>[0-9]{4}|[一二][〇零○O0一二三四五六七八九]{3}) *年 *)?",
            r"(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,2}) *月",
            r"(?: *(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3}) *[日号])?",
            r"(?: *[（(]? *(?:星期|周|礼拜)(?P<w>[一二三四五六日天]) *[）)]?)?",
        ))
        .unwrap();
        let slots: [&[&str]; 9] = [
            &["2023", "二〇二三", "二○二O", "12023", "1", "", "一二", "年"],
            &[" ", "", "年", "年 ", "  年"],
            &["12", "1", "123", "十二", "十", "十二十", "", " 5"],
            &["月", " 月", "", "月月"],
            &["30", "3", " 三十", "三十一", "二十九日", "", "1234"],
            &["日", "号", " 日", "", "年"],
            &["（", "(", " ", "", "（ "],
            &["星期", "周", "礼拜", "星", ""],
            &["二", "日", "天", "七", "二）", "三 )", "", "一 "],
        ];
        let mut found = 0;
        for s in crate::rules::test_support::generated_texts(&slots, 2, 60_000) {
            let want: Vec<_> = re
                .captures_iter(&s)
                .map(|c| {
                    let r = |n: &str| c.name(n).map(|m| m.range());
                    (c.get(0).map(|m| m.range()), r("y"), r("m"), r("d"), r("w"))
                })
                .collect();
            let got: Vec<_> = super::written(&s)
                .map(|c| (Some(c.whole), c.y, Some(c.m), c.d, c.w))
                .collect();
            assert_eq!(got, want, "{s:?}");
            found += want.len();
        }
        assert!(found > 20_000, "the texts hold dates: {found}");
    }

    #[test]
    fn weekdays_are_computed() {
        assert_eq!(weekday(2024, 5, 1), 3);
        assert_eq!(weekday(2023, 1, 1), 0);
        assert_eq!(weekday(2000, 2, 29), 2);
        assert_eq!(weekday(1949, 10, 1), 6);
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(
            check("date-invalid", "于2023年2月30日召开。\n"),
            ["1:2 «2023年2月30日» 日期“2023年2月30日”不存在：2023年2月只有28天，请核对"]
        );
        assert_eq!(
            check("date-invalid", "2023年13月，\n"),
            ["1:1 «2023年13月» 日期“2023年13月”不存在：没有13月，请核对"]
        );
        assert_eq!(
            check("date-invalid", "二〇二三年二月三十日\n"),
            ["1:1 «二〇二三年二月三十日» 日期“二〇二三年二月三十日”不存在：2023年2月只有28天，请核对"]
        );
        assert_eq!(
            check("date-invalid", "4月31日前完成\n"),
            ["1:1 «4月31日» 日期“4月31日”不存在：4月最多30天，请核对"]
        );
        assert_eq!(check("date-invalid", "2023年2月29日").len(), 1);
        assert!(check("date-invalid", "2024年2月29日、2月29日、2000年2月29日").is_empty());
        assert_eq!(check("date-invalid", "1900年2月29日").len(), 1);
    }

    #[test]
    fn wrong_weekdays() {
        assert_eq!(
            check("date-invalid", "2024年5月1日（星期二）上午\n"),
            ["1:1 «2024年5月1日（星期二）» 星期与日期不符：2024年5月1日是星期三，不是星期二"]
        );
        assert!(check(
            "date-invalid",
            "2024年5月1日（星期三）、2024年5月5日周日、2024年5月4日(周六)\n"
        )
        .is_empty());
        assert_eq!(check("date-invalid", "二〇二四年五月一日星期一").len(), 1);
    }

    #[test]
    fn not_dates() {
        for ok in [
            "13月份\n",
            "连续13月\n",
            "1-10月，12月31日，1.12月\n",
            "12023年13月\n",
            "x月xx日、20xx年13月\n",
            "5月1日周边\n",
        ] {
            assert!(check("date-invalid", ok).is_empty(), "{ok}");
        }
    }
}
