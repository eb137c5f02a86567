//! `punct-repeat`: stops doubled (`，，`, `。。`) or clashing (`，。`, `：。`).
//!
//! Marks: `，` `、` `；` `：` `。` and `？` `！`. Any two of them side by side
//! are flagged, except `？` and `！` with each other: `？！`, `！？`, `！！`
//! and `？？` are the repeated and combined marks GB/T 15834-2011 (4.2.3,
//! 4.3.3) allows for emphasis. `……` and `——` are single marks, not stops.
//! A run of three or more `。` is a mistyped ellipsis, replaced by `……`
//! only when the user asks. Markdown code (fenced blocks and `inline`
//! spans) is never checked, nor are URLs: only full-width marks count, and
//! those never occur inside a URL.

use super::punct::Mark;
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, DocumentKind, Severity};

const DOCS: &str = "做什么：找出重复或冲突的标点：`，，` `。。` `、、` `，。` `；。` `：。` `。，` 等两个点号连用。\n\n为什么：两个点号连用是删改时留下的错误；一处停顿只用一个点号（GB/T 15834-2011）。问号、叹号的叠用和连用（`？！` `！！`）表示强烈语气，不算错误。\n\n示例：`全年完成投资12亿元，，同比增长8%。。`\n\n改为：`全年完成投资12亿元，同比增长8%。`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-repeat",
    name: "标点重复",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    summary: "两个点号连用：“，，”“。。”“，。”“：。”等",
    summary_en: "Doubled or clashing stops such as “，，”, “。。”, “，。” or “：。”",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// The stops, as [`is_stop`] matches them (a test keeps the two in step).
#[cfg(test)]
const MARKS: &str = "，、；：。？！";

/// How strongly a mark stops; of clashing marks the strongest stays.
fn strength(c: char) -> u8 {
    match c {
        '。' | '？' | '！' => 3,
        '；' => 2,
        '：' => 1,
        _ => 0,
    }
}

/// A run of two or more stops that needs fixing.
struct Run {
    range: std::ops::Range<usize>,
    /// The mark to keep, and its byte offset.
    keep: (char, usize),
    /// Three or more `。`: an ellipsis typed with periods.
    ellipsis: bool,
}

/// Byte ranges never checked: Markdown code. (URLs need no range: a URL is
/// ASCII, or percent-encoded, so a full-width stop is never inside one and
/// the ASCII `,,` or `..` of a URL is never looked at.)
fn skipped(text: &str, kind: DocumentKind) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if kind == DocumentKind::Markdown {
        let mut fence: Option<(usize, &str)> = None;
        let mut at = 0;
        for line in crate::text::split_lines_inclusive(text) {
            let t = line.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(*m));
            match (fence, marker) {
                (None, Some(m)) => fence = Some((at, m)),
                (Some((start, m)), Some(n)) if m == n => {
                    out.push(start..at + line.len());
                    fence = None;
                }
                (None, None) => {
                    // Inline code: a backtick run up to the next run of the same length.
                    let mut i = 0;
                    while let Some(s) = line[i..].find('`').map(|s| i + s) {
                        let n = line[s..].len() - line[s..].trim_start_matches('`').len();
                        let tick = &line[s..s + n];
                        match line[s + n..].find(tick).map(|e| s + n + e) {
                            Some(e) => {
                                out.push(at + s..at + e + n);
                                i = e + n;
                            }
                            None => break,
                        }
                    }
                }
                _ => {}
            }
            at += line.len();
        }
        if let Some((start, _)) = fence {
            out.push(start..text.len());
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// One of the stops `，、；：。？！` (a `match`: `str::contains` would search
/// per mark).
fn is_stop(c: char) -> bool {
    matches!(c, '，' | '、' | '；' | '：' | '。' | '？' | '！')
}

/// Runs of two or more stops, from the marks the punctuation rules share
/// (no scan of its own: a run is consecutive marks with no byte between).
fn runs(marks: &[Mark], text: &str, kind: DocumentKind) -> Vec<Run> {
    let skip = skipped(text, kind);
    let mut out = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        let first = marks[i];
        if !is_stop(first.c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < marks.len() && marks[j].at == marks[j - 1].end() && is_stop(marks[j].c) {
            j += 1;
        }
        let run = &marks[i..j];
        i = j;
        if run.len() < 2 || run.iter().all(|m| matches!(m.c, '？' | '！')) {
            continue;
        }
        let (start, end) = (first.at, run[run.len() - 1].end());
        let k = skip.partition_point(|r| r.end <= start);
        if skip.get(k).is_some_and(|r| r.start < end) {
            continue;
        }
        // The first of the strongest marks stays.
        let top = run.iter().map(|m| strength(m.c)).max().unwrap_or(0);
        let keep = run
            .iter()
            .find(|m| strength(m.c) == top)
            .map_or((first.c, first.at), |m| (m.c, m.at));
        out.push(Run {
            range: start..end,
            keep,
            ellipsis: run.len() >= 3 && run.iter().all(|m| m.c == '。'),
        });
    }
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for run in runs(ctx.marks(), ctx.text, ctx.config.kind) {
        // Three or more `。` are an ellipsis typed with periods: `punct-ellipsis`
        // reports and fixes those, so one finding is not reported twice.
        if run.ellipsis {
            continue;
        }
        let marks = &ctx.text[run.range.clone()];
        let keep = run.keep.0;
        let same = marks.chars().all(|c| c == keep);
        let shown = crate::excerpt(marks);
        let message = if run.ellipsis {
            ctx.say(
                format!("标点“{shown}”重复；如表示省略，应写作“……”"),
                || "Repeated “。”: write an ellipsis as “……”".to_string(),
            )
        } else if same && marks.chars().count() == 2 {
            ctx.say(
                format!("标点“{shown}”重复，应删去一个"),
                || format!("Repeated punctuation “{shown}”: delete one"),
            )
        } else if same {
            ctx.say(
                format!("标点“{shown}”重复，应只留一个"),
                || format!("Repeated punctuation “{shown}”: keep one"),
            )
        } else {
            ctx.say(
                format!("标点“{shown}”连用，应只留“{keep}”"),
                || format!("Clashing punctuation “{shown}”: keep only “{keep}”"),
            )
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: run.range,
            message,
            related: Vec::new(),
        });
    }
}

/// Delete every mark of the run but the one to keep (or write `……`).
fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let text = cx.text;
    // The runs of the text, found once per analysis (fix-all asks for each).
    let all = cx.shared(RULE.code, || {
        runs(&super::punct::scan_marks(text), text, cx.config.kind)
    });
    let Some(run) = all
        .binary_search_by_key(&d.range.start, |r| r.range.start)
        .ok()
        .map(|i| &all[i])
        .filter(|r| r.range == d.range)
    else {
        return Vec::new();
    };
    let (keep, at) = run.keep;
    let mut edits = Vec::new();
    if run.range.start < at {
        edits.push(Edit {
            range: run.range.start..at,
            replacement: String::new(),
        });
    }
    let after = at + keep.len_utf8();
    if after < run.range.end {
        edits.push(Edit {
            range: after..run.range.end,
            replacement: String::new(),
        });
    }
    // After a numeral or a closing bracket the run may be a marker's
    // separator typed twice (`一、、`): removing one would make a heading,
    // so fix-all leaves it to the user.
    let before = text[..run.range.start].chars().next_back();
    let marker_like = before.is_some_and(|c| {
        c.is_ascii_digit() || "一二三四五六七八九十）)".contains(c) || ('①'..='⑳').contains(&c)
    });
    let mut fixes = vec![Fix {
        title: format!("只留一个“{keep}”"),
        edits,
        safe: !run.ellipsis && !marker_like,
    }];
    if run.ellipsis {
        fixes.insert(
            0,
            Fix {
                title: "改为省略号“……”".to_string(),
                edits: vec![Edit {
                    range: run.range.clone(),
                    replacement: "……".to_string(),
                }],
                safe: false,
            },
        );
    }
    fixes
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn is_stop_is_the_list_of_marks() {
        assert!(super::MARKS.chars().all(super::is_stop));
        let all = ('\u{3000}'..='\u{ffff}')
            .filter(|&c| super::is_stop(c))
            .count();
        assert_eq!(all, super::MARKS.chars().count());
    }
    use crate::{analyze, Config, DocumentKind};

    #[test]
    fn doubled_and_clashing_stops() {
        assert_eq!(
            check("punct-repeat", "完成投资12亿元，，同比增长。。"),
            [
                "1:9 «，，» 标点“，，”重复，应删去一个",
                "1:15 «。。» 标点“。。”重复，应删去一个"
            ]
        );
        assert_eq!(
            check("punct-repeat", "甲，。乙；。丙：。丁。，戊、、己"),
            [
                "1:2 «，。» 标点“，。”连用，应只留“。”",
                "1:5 «；。» 标点“；。”连用，应只留“。”",
                "1:8 «：。» 标点“：。”连用，应只留“。”",
                "1:11 «。，» 标点“。，”连用，应只留“。”",
                "1:14 «、、» 标点“、、”重复，应删去一个"
            ]
        );
        // An ellipsis typed with periods belongs to punct-ellipsis.
        assert!(check("punct-repeat", "甲。。。。。。").is_empty());
        assert_eq!(
            crate::rules::test_support::check("punct-ellipsis", "甲。。。。。。").len(),
            1
        );
    }

    #[test]
    fn emphasis_and_single_marks_are_fine() {
        for text in [
            "真的吗？！好！？对！！谁？？",
            "等等……还有——",
            "一、工作。二、问题；三、计划：",
            "半角,,不算",
            "他说：“好。”",
        ] {
            assert!(check("punct-repeat", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn code_and_urls_are_not_checked() {
        // The full-width marks end the URL; its own `,,` and `..` are ASCII.
        assert_eq!(
            check("punct-repeat", "见https://example.com/a,,b..c，，页"),
            ["1:29 «，，» 标点“，，”重复，应删去一个"]
        );
        let md = "正文，，\n\n```\n代码，，\n```\n\n行内`a，，b`和``c，，` ``。\n";
        let a = analyze(
            md,
            &Config {
                kind: DocumentKind::Markdown,
                ..Config::default()
            },
        );
        let found: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "punct-repeat")
            .map(|d| d.range.start)
            .collect();
        assert_eq!(found, [md.find("，，").unwrap()]);
    }

    #[test]
    fn fix_keeps_the_strongest_mark() {
        assert_eq!(check_fix("甲，，乙", "punct-repeat"), "甲，乙");
        assert_eq!(check_fix("甲，。乙", "punct-repeat"), "甲。乙");
        assert_eq!(check_fix("甲。，乙", "punct-repeat"), "甲。乙");
        assert_eq!(check_fix("甲，；，乙", "punct-repeat"), "甲；乙");
        // `甲。。。` is punct-ellipsis's: see its tests.
    }
}
