//! `number-approx`: a 概数 written with a 顿号 or in digits: `三、四天` for
//! `三四天`, `3、4个` for `三四个`, `20几人` for `二十几人`.
//!
//! Two adjacent numerals joined by `、` are a 概数 only when a measure word
//! or a magnitude follows (`天`, `个`, `人`, `次`, `十`, `万`…). Ordinals and
//! enumerations keep their 顿号: after `第`, `周`, `星期`, `初` (`第二、三批`,
//! `每周一、四`), before words that name items rather than count them
//! (`二、三产业`, `一、二等奖`, `三、四月`, `一、二年级`, `一、二线城市`), in a
//! list of three (`一、二、三产`), and heading markers (`三、四个坚持` at a
//! line start is the heading `三、`). A run of digits before `几` is a
//! round number (`20几`, `100几`), spelt out as a counting numeral.

use super::punct::{char_at, char_before, is_han};
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::numerals::{ascii_to_count, count_to_chinese, is_numeral_char, unit_digit};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出用顿号隔开或用阿拉伯数字写的概数：`三、四天`、`七、八十人`、`3、4个`、`20几人`、`几10万`。只在两个相邻的数后面跟着量词或“十、百、千、万、亿”时才算概数；`第二、三批`、`每周一、四`、`二、三产业`、`一、二等奖`、`三、四月`、`一、二年级`、`一、二、三产增加值`和开头的序号（`三、四个坚持`）是列举，不报。\n\n为什么：GB/T 15835-2011 第4.2.2条规定，数字连用表示的概数、含“几”的概数应采用汉字数字（示例：`三四个月`、`四十五六岁`、`二十几`、`一百几十`）；GB/T 15834-2011 第4.5.3.5条规定，相邻两数字连用表示概数时不用顿号，用了顿号就成了列举（“三、四天”读作“三天和四天”）。\n\n示例：`连续三、四天`、`每户3、4个人`、`20几人`\n\n改为：`连续三四天`、`每户三四个人`、`二十几人`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "number-approx",
    name: "概数写法",
    category: Category::Numbers,
    default_severity: Severity::Warning,
    summary: "概数用汉字且不加顿号（三四天、二十几人），不写“三、四天”“20几人”",
    summary_en:
        "An approximate number is written in Chinese numerals without 、 (三四天, 二十几人)",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// Measure words and magnitudes after which two joined numerals count
/// something (a 概数), longest first where one is a prefix of another.
const MEASURES: &[&str] = &[
    "十", "百", "千", "万", "亿", "个", "天", "岁", "次", "人", "名", "位", "家", "户", "项", "条",
    "种", "所", "座", "件", "遍", "回", "趟", "场", "倍", "成", "斤", "吨", "亩", "公里", "公斤",
    "公顷", "里", "米", "元", "块", "辆", "台", "套", "间", "张", "本", "页", "篇", "句", "小时",
    "分钟", "周", "点", "只", "头", "棵", "株", "片", "处", "支", "份", "年",
];

/// After these, a measure names an item or a period, not a count:
/// `一、二年级`, `三、四年度`, `一、二点钟`… (`点钟` is a time, still a count).
const NOT_AFTER_MEASURE: &[(&str, &str)] = &[("年", "级度份"), ("点", "评位")];

/// Before the first numeral, these make it an ordinal or a day:
/// `第二、三批`, `每周一、四`, `星期一、二`, `初一、二`, `高一、二`.
const ORDINAL_BEFORE: &str = "第周期拜初高号";

/// One 概数: where it is (`三、四`, `20几`), and the edit that fixes it.
struct Finding {
    range: std::ops::Range<usize>,
    edit: Edit,
    /// `20几`, not `三、四`.
    ji: bool,
}

fn measure_after(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    MEASURES.iter().any(|m| {
        rest.strip_prefix(m).is_some_and(|tail| {
            let next = tail.chars().next();
            !NOT_AFTER_MEASURE
                .iter()
                .any(|(w, bad)| w == m && next.is_some_and(|n| bad.contains(n)))
        })
    })
}

/// The numerals joined by the 顿号 at `at`, as a 概数.
fn joined(text: &str, at: usize, markers: &[usize]) -> Option<Finding> {
    let sep_end = at + "、".len();
    let (a, b) = (char_before(text, at)?, char_at(text, sep_end)?);
    let a_start = at - a.len_utf8();
    let b_end = sep_end + b.len_utf8();
    let digits = a.is_ascii_digit() && b.is_ascii_digit();
    let (va, vb) = if digits {
        (a.to_digit(10)?, b.to_digit(10)?)
    } else {
        (unit_digit(a)?, unit_digit(b)?)
    };
    if va == 0 || vb != va + 1 {
        return None;
    }
    // `四十五、六岁`: the tens before the first numeral belong to it.
    let mut start = a_start;
    if !digits {
        let head = &text[..a_start];
        let tens = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_numeral_char(c))
            .last()
            .map_or(a_start, |(i, _)| i);
        if tens < a_start && !head.ends_with(['十', '百', '千', '万']) {
            // `二七、八`: digits read one by one, not a count.
            return None;
        }
        start = tens;
    }
    // In prose: after a Han character or a comma, not at a line start or
    // after a stop, where `三、` is a heading marker.
    let before = char_before(text, start)?;
    if !(is_han(before) || "，,（(“".contains(before)) || ORDINAL_BEFORE.contains(before) {
        return None;
    }
    if digits && char_before(text, a_start).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if !measure_after(text, b_end) || markers.binary_search(&start).is_ok() {
        return None;
    }
    let edit = if digits {
        Edit {
            range: a_start..b_end,
            replacement: format!("{}{}", count_to_chinese(va), count_to_chinese(vb)),
        }
    } else {
        Edit {
            range: at..sep_end,
            replacement: String::new(),
        }
    };
    Some(Finding {
        range: start..b_end,
        edit,
        ji: false,
    })
}

/// `20几` and `几10`: digits next to the `几` at `at`.
fn with_ji(text: &str, at: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let head = &text[..at];
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let from = at - digits;
        let s = &text[from..at];
        let round = s
            .parse::<u32>()
            .is_ok_and(|n| n >= 10 && n % 10 == 0 && n < 100_000);
        let before = char_before(text, from);
        if round && !before.is_some_and(|c| c.is_ascii_alphanumeric() || ".%_-/".contains(c)) {
            if let Some(cn) = ascii_to_count(s) {
                out.push(Finding {
                    range: from..at + "几".len(),
                    edit: Edit {
                        range: from..at,
                        replacement: cn,
                    },
                    ji: true,
                });
            }
        }
    }
    let after = at + "几".len();
    let rest = &text[after..];
    let len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let magnitude = match &rest[..len] {
        "10" => Some("十"),
        "100" => Some("百"),
        "1000" => Some("千"),
        "10000" => Some("万"),
        _ => None,
    };
    if let Some(m) = magnitude {
        if !rest[len..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.') {
            out.push(Finding {
                range: at..after + len,
                edit: Edit {
                    range: after..after + len,
                    replacement: m.into(),
                },
                ji: true,
            });
        }
    }
    out
}

fn findings(ctx: &RuleContext) -> Vec<Finding> {
    let text = ctx.text;
    let bytes = text.as_bytes();
    let exempt = ctx.exempt();
    let mut markers = Vec::new();
    ctx.outline.walk(|n| {
        if let Some(m) = n.marker() {
            markers.push(m.range.start);
        }
    });
    markers.extend(
        ctx.outline
            .enumerations
            .iter()
            .map(|e| e.marker.range.start),
    );
    markers.sort_unstable();
    // `、` is a mark the shared scan found: no pass of its own for it.
    let mut out: Vec<Finding> = ctx
        .marks()
        .iter()
        .filter(|m| m.c == '、')
        .filter_map(|m| joined(text, m.at, &markers))
        .collect();
    for at in memchr::memmem::find_iter(bytes, "几".as_bytes()) {
        out.extend(with_ji(text, at));
    }
    out.retain(|f| !exempt.overlaps(&f.range));
    out.sort_by_key(|f| f.range.start);
    out.dedup_by(|b, a| b.range.start < a.range.end);
    out
}

/// The 概数 with the word after it, as written and as it should be:
/// `三、四天` and `三四天`, for the message.
fn quoted(text: &str, f: &Finding) -> (String, String) {
    let (start, e) = (f.range.start, &f.edit.range);
    let end = f.range.end + text[f.range.end..].chars().next().map_or(0, char::len_utf8);
    let now = format!(
        "{}{}{}",
        &text[start..e.start],
        f.edit.replacement,
        &text[e.end..end]
    );
    (
        excerpt(&text[start..end]).into_owned(),
        excerpt(&now).into_owned(),
    )
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for f in findings(ctx) {
        let (was, now) = quoted(ctx.text, &f);
        let digits = ctx.text[f.range.clone()]
            .bytes()
            .any(|b| b.is_ascii_digit());
        let (zh, en) = if f.ji {
            (
                format!("含“几”的概数用汉字数字：“{was}”应写作“{now}”"),
                format!("An approximate number with 几 is written in Chinese numerals: “{now}” for “{was}”"),
            )
        } else if digits {
            (
                format!("相邻两数连用的概数用汉字数字、不加顿号：“{was}”应写作“{now}”"),
                format!("Two adjacent numbers for an approximate count are Chinese numerals without 、: “{now}” for “{was}”"),
            )
        } else {
            (
                format!("相邻两数连用的概数不加顿号：“{was}”应写作“{now}”"),
                format!(
                    "Two adjacent numbers for an approximate count take no 、: “{now}” for “{was}”"
                ),
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
    let now = format!(
        "{}{}{}",
        &cx.text[f.range.start..f.edit.range.start],
        f.edit.replacement,
        &cx.text[f.edit.range.end..f.range.end]
    );
    vec![Fix {
        title: format!("改为“{}”", excerpt(&now)),
        edits: vec![f.edit.clone()],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, fixed};

    #[test]
    fn numerals_joined_by_a_dunhao() {
        assert_eq!(
            check("number-approx", "连续三、四天加班。\n"),
            ["1:3 «三、四» 相邻两数连用的概数不加顿号：“三、四天”应写作“三四天”"]
        );
        assert_eq!(
            check_fix("连续三、四天加班。\n", "number-approx"),
            "连续三四天加班。\n"
        );
        assert_eq!(
            fixed(
                "number-approx",
                "约七、八十人，四十五、六岁，一、两个月，两、三万元。\n"
            ),
            "约七八十人，四十五六岁，一两个月，两三万元。\n"
        );
        assert_eq!(
            check("number-approx", "每户3、4个人。\n"),
            ["1:3 «3、4» 相邻两数连用的概数用汉字数字、不加顿号：“3、4个”应写作“三四个”"]
        );
        assert_eq!(
            check_fix("每户3、4个人。\n", "number-approx"),
            "每户三四个人。\n"
        );
    }

    #[test]
    fn numbers_with_ji() {
        assert_eq!(
            check("number-approx", "共有20几人参加。\n"),
            ["1:3 «20几» 含“几”的概数用汉字数字：“20几人”应写作“二十几人”"]
        );
        assert_eq!(
            fixed("number-approx", "来了100几人，投资几10万元，10几天。\n"),
            "来了一百几人，投资几十万元，十几天。\n"
        );
        for ok in [
            "第2023几\n",
            "共25几\n",
            "型号A20几\n",
            "几105个\n",
            "二十几人\n",
        ] {
            assert!(check("number-approx", ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn enumerations_and_ordinals_keep_the_dunhao() {
        for ok in [
            "推动二、三产业融合发展。\n",
            "一、二、三产增加值分别增长。\n",
            "获一、二等奖的作品。\n",
            "第二、三批试点。\n",
            "每周一、四晚住夜。\n",
            "星期一、二值班。\n",
            "三、四月份降雨偏少。\n",
            "小学一、二年级学生。\n",
            "一、二线城市。\n",
            "三、四个坚持\n",
            "二、四天\n",
            "一是甲。二、三天\n",
            "第3、4个\n",
            "13、4天\n",
            "二七、八天\n",
        ] {
            assert!(check("number-approx", ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn english_message() {
        let config = crate::Config {
            language: crate::Language::En,
            ..crate::Config::default()
        };
        let a = crate::analyze("连续三、四天。\n", &config);
        assert_eq!(
            &*a.diagnostics[0].message,
            "Two adjacent numbers for an approximate count take no 、: “三四天” for “三、四天”"
        );
    }
}
