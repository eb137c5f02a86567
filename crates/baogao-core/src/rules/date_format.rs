//! `date-format`: the 成文日期 that closes a report, after its signature
//! line, written in another form than `2023年5月6日`.
//!
//! Only the last non-blank line of a report is looked at, and only when it
//! is a date and nothing else and the line before it looks like a signature
//! (a short line of Han text without closing punctuation). Dates in the
//! body (`2023.5.6`, `2023-05-06`) are left alone.

use std::sync::OnceLock;

use super::punct::{is_han, style_units};
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::numerals::{parse_any, parse_digits};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：检查报告末尾落款下一行的成文日期是否写成`2023年5月6日`：`2023.5.6`、`2023-05-06`、`2023/5/6`、`2023年05月06日`、`二〇二三年五月六日`都改为`2023年5月6日`。只看报告最后一行，且上一行像落款（不带句末标点的短行）。\n\n为什么：GB/T 9704-2012 第7.3.5.1条规定，成文日期用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（即1不编为01）。正文中的日期不在此列。\n\n示例：`XX县人民政府`下一行`2023.5.6`\n\n改为：`2023年5月6日`（汉字日期`二〇二三年五月六日`也改为阿拉伯数字，需确认后修改）";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "date-format",
    name: "成文日期格式",
    category: Category::Format,
    default_severity: Severity::Information,
    summary: "落款的成文日期用阿拉伯数字写全年、月、日，月、日不编虚位（2023年5月6日）",
    summary_en: "The date under the signature is written 2023年5月6日: Arabic digits, full year, no leading zeros",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

fn pattern() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(concat!(
            r"^(?:(?P<y>[0-9]{4}) *(?P<s>[.\-/．]) *(?P<m>[0-9]{1,2}) *(?P<s2>[.\-/．]) *(?P<d>[0-9]{1,2})",
            r"|(?P<y2>[0-9]{4}|[一二][〇零○O0一二三四五六七八九]{3}) *年 *(?P<m2>[0-9]{1,2}|[一二三四五六七八九十]{1,2}) *月 *(?P<d2>[0-9]{1,2}|[一二三四五六七八九十]{1,3}) *日)$",
        ))
        .expect("date line pattern")
    })
}

struct Finding {
    range: std::ops::Range<usize>,
    want: String,
    safe: bool,
}

/// A signature: a short line of Han text that does not end a sentence.
fn is_signature(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=40).contains(&n)
        && s.chars().any(is_han)
        && !s.ends_with([
            '。', '；', ';', '，', ',', '：', ':', '！', '？', '!', '?', '…',
        ])
}

fn findings(ctx: &RuleContext) -> Vec<Finding> {
    let text = ctx.text;
    let mut out = Vec::new();
    for unit in style_units(ctx) {
        // The last two non-blank lines, read backwards from the unit's end.
        let mut last: Vec<std::ops::Range<usize>> = Vec::new();
        let mut end = unit.end;
        while last.len() < 2 && end > unit.start {
            let start = text[unit.start..end]
                .rfind('\n')
                .map_or(unit.start, |i| unit.start + i + 1);
            let line = start..start + text[start..end].trim_end_matches(['\n', '\r']).len();
            if !text[line.clone()].trim().is_empty() {
                last.insert(0, line);
            }
            end = start.saturating_sub(1).max(unit.start);
            if start == unit.start {
                break;
            }
        }
        let [sig, date] = &last[..] else { continue };
        if !is_signature(&text[sig.clone()]) {
            continue;
        }
        let s = &text[date.clone()];
        let trimmed = s.trim();
        let start = date.start + (s.len() - s.trim_start().len());
        let range = start..start + trimmed.len();
        // What the anchored pattern needs: a digit or 一/二 first, a digit
        // or 日 last (no compile for a report that ends otherwise).
        let plausible = trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '一' || c == '二')
            && trimmed.ends_with(|c: char| c.is_ascii_digit() || c == '日');
        if !plausible {
            continue;
        }
        let Some(c) = pattern().captures(trimmed) else {
            continue;
        };
        let (y, m, d, chinese) =
            if let (Some(y), Some(m), Some(d)) = (c.name("y"), c.name("m"), c.name("d")) {
                if c.name("s").map(|x| x.as_str()) != c.name("s2").map(|x| x.as_str()) {
                    continue;
                }
                (
                    y.as_str().parse::<u32>().ok(),
                    parse_any(m.as_str()),
                    parse_any(d.as_str()),
                    false,
                )
            } else if let (Some(y), Some(m), Some(d)) = (c.name("y2"), c.name("m2"), c.name("d2")) {
                let chinese = !y.as_str().bytes().all(|b| b.is_ascii_digit())
                    || !m.as_str().bytes().all(|b| b.is_ascii_digit())
                    || !d.as_str().bytes().all(|b| b.is_ascii_digit());
                let year = y
                    .as_str()
                    .parse::<u32>()
                    .ok()
                    .or_else(|| parse_digits(y.as_str(), true));
                (year, parse_any(m.as_str()), parse_any(d.as_str()), chinese)
            } else {
                continue;
            };
        let (Some(y), Some(m), Some(d)) = (y, m, d) else {
            continue;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            continue;
        }
        let want = format!("{y}年{m}月{d}日");
        if want == trimmed {
            continue;
        }
        out.push(Finding {
            range,
            want,
            safe: !chinese,
        });
    }
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for f in findings(ctx) {
        let q = excerpt(&ctx.text[f.range.clone()]);
        let want = &f.want;
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: f.range,
            message: ctx.say(
                format!("成文日期“{q}”应写作“{want}”（阿拉伯数字，年月日标全，不编虚位）"),
                || format!("Write the date under the signature as “{want}”, not “{q}”"),
            ),
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
        title: format!("改为“{}”", f.want),
        edits: vec![Edit {
            range: f.range.clone(),
            replacement: f.want.clone(),
        }],
        safe: f.safe,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn date_under_the_signature() {
        let text = "一、工作\n完成任务。\nXX县人民政府\n2023.5.6\n";
        assert_eq!(
            check("date-format", text),
            ["4:1 «2023.5.6» 成文日期“2023.5.6”应写作“2023年5月6日”（阿拉伯数字，年月日标全，不编虚位）"]
        );
        assert_eq!(
            check_fix(text, "date-format"),
            "一、工作\n完成任务。\nXX县人民政府\n2023年5月6日\n"
        );
        for (date, want) in [
            ("2023-05-06", "2023年5月6日"),
            ("2023年05月06日", "2023年5月6日"),
            ("二〇二三年五月六日", "2023年5月6日"),
            ("  2023/5/16  ", "2023年5月16日"),
        ] {
            let t = format!("正文。\n县委办公室\n{date}\n");
            assert_eq!(check("date-format", &t).len(), 1, "{date}");
            assert!(check_fix(&t, "date-format").contains(want), "{date}");
        }
    }

    #[test]
    fn only_a_closing_date_after_a_signature() {
        for ok in [
            "正文。\nXX县人民政府\n2023年5月6日\n",
            // Not after a signature.
            "正文在2023.5.6完成。\n2023.5.6\n",
            // In the body.
            "县委办公室\n2023.5.6\n正文继续。\n",
            // Mixed separators.
            "县委办公室\n2023.5-6\n",
        ] {
            assert!(check("date-format", ok).is_empty(), "{ok}");
        }
    }
}
