//! `space-cjk`: stray whitespace in Chinese text: an ASCII space between two
//! Chinese characters, whitespace at a line's end, a line of only whitespace.
//!
//! Not stray: a space after a heading's title or after a full stop (a
//! flattened paragraph break), and the layouts [`spaces_are_layout`] knows.

use super::punct::{char_at, char_before, is_chinese, is_han, lines_at, shared_scan};
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, DocumentKind, Severity};

const DOCS: &str = "做什么：找出中文里多余的空白：两个汉字（或汉字与中文标点）之间的英文空格（`推进 改革`、`完成 ;核发`），行尾空白，以及只有空白（含不换行空格 U+00A0、半角空格 U+2002）的行。\n\n为什么：中文行文不用空格分词；这些空白多是从网页、PDF 复制或排版对齐留下的，打印和转换格式时会变成莫名的空隙。标题与正文之间、句末标点之后（转换时压平的分段）的空格，人名列表、字距拉开的标题（`工 作 总 结`）、短行（署名、日期对齐）、Markdown 表格和代码，以及 Markdown 行尾表示换行的两个空格不在检查之列；行首缩进不检查。\n\n示例：`全面推进 改革`，行尾留有空格\n\n改为：`全面推进改革`，删去行尾空格";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "space-cjk",
    name: "多余空白",
    category: Category::Punctuation,
    default_severity: Severity::Hint,
    summary: "汉字之间的英文空格、行尾空白、只有空白的行",
    summary_en:
        "An ASCII space between Chinese characters, trailing whitespace, or a whitespace-only line",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// Lines whose spaces are deliberate: name lists (`张三 李四 王五`), letter-spaced
/// titles (`工 作 总 结`), and short lines (signatures, dates, aligned cells).
fn spaces_are_layout(line: &str) -> bool {
    let chars = line.trim().chars().count();
    if chars <= 12 {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    // A label may lead the list: `参会人员：张三 李四 王五`.
    let names = words.len() >= 3
        && words[1..]
            .iter()
            .all(|w| w.chars().count() <= 4 && w.chars().all(is_han));
    let han = line.chars().filter(|&c| is_han(c)).count();
    let spaced = line.split(' ').filter(|w| w.chars().count() == 1).count();
    names || (han > 0 && spaced * 2 >= han)
}

fn push(
    ctx: &RuleContext,
    out: &mut Vec<Diagnostic>,
    range: std::ops::Range<usize>,
    zh: &str,
    en: &str,
) {
    out.push(Diagnostic {
        code: RULE.code,
        severity: RULE.default_severity,
        range,
        message: ctx.say(zh.into(), || en.into()),
        related: Vec::new(),
    });
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let exempt = ctx.exempt();
    let markdown = ctx.config.kind == DocumentKind::Markdown;
    // A space after a heading's title separates it from its body text in
    // flattened drafts (`（一）体系日臻完善 完成《规划》`): not stray.
    let mut labels = Vec::new();
    ctx.outline.walk(|n| labels.push(n.label.clone()));
    labels.sort_unstable_by_key(|r| r.start);
    let in_label = |at: usize| {
        let i = labels.partition_point(|r| r.start <= at);
        i > 0 && at <= labels[i - 1].end
    };
    let scanned = shared_scan(ctx);
    // The spaces the scan found say which lines hold one, so no line is
    // searched for a space; `next_space` is the first at or after the line.
    let spaces: Vec<usize> = scanned
        .marks
        .iter()
        .filter(|m| m.c == ' ')
        .map(|m| m.at)
        .collect();
    let mut next_space = 0;
    for line in lines_at(text, &scanned.newlines) {
        let s = &text[line.clone()];
        // The cheap test first: few lines start with `|`.
        if s.is_empty() || s.trim_start().starts_with('|') && exempt.overlaps(&line) {
            continue;
        }
        let body = s.trim_end_matches(|c: char| c.is_whitespace());
        if body.is_empty() {
            // An empty paragraph of a Word export keeps its first-line
            // indent (`　　`): not a pad worth a finding.
            if !exempt.contains(line.start) && !s.chars().all(|c| c == '\u{3000}') {
                push(
                    ctx,
                    out,
                    line.clone(),
                    "空白行里有空格等不可见字符，应删去",
                    "A blank line holds whitespace: remove it",
                );
            }
            continue;
        }
        let tail = line.start + body.len()..line.end;
        let hard_break = markdown
            && text[tail.clone()].len() >= 2
            && text[tail.clone()].bytes().all(|b| b == b' ');
        if !tail.is_empty() && !hard_break && !exempt.contains(tail.start) {
            push(
                ctx,
                out,
                tail,
                "行尾有多余空白，应删去",
                "Trailing whitespace: remove it",
            );
        }
        while spaces.get(next_space).is_some_and(|&at| at < line.start) {
            next_space += 1;
        }
        let has_space = spaces
            .get(next_space)
            .is_some_and(|&at| at < line.start + body.len());
        if !has_space || spaces_are_layout(body) {
            continue;
        }
        let start = line.start + (body.len() - body.trim_start().len());
        let mut at = start;
        let end = line.start + body.len();
        while let Some(i) = memchr::memchr(b' ', &text.as_bytes()[at..end]) {
            let run_start = at + i;
            let run_end = run_start + text[run_start..end].len()
                - text[run_start..end].trim_start_matches(' ').len();
            at = run_end;
            // Also the space after a marker: `第一条 为了规范工作` is the
            // standard layout of an article.
            if exempt.contains(run_start) || exempt.contains(run_start.saturating_sub(1)) {
                continue;
            }
            let left = char_before(text, run_start);
            let right = char_at(text, run_end);
            let right_ok = right.is_some_and(is_chinese)
                || (right.is_some_and(|c| matches!(c, ',' | ';' | ':'))
                    && char_at(text, run_end + 1).is_some_and(is_han));
            // After a full stop the space stands for a paragraph break that
            // a conversion flattened; removing it or not changes nothing.
            let after_stop = left.is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '：'));
            if left.is_some_and(is_chinese)
                && right_ok
                && !after_stop
                && !(in_label(run_start) && right.is_some_and(is_han))
            {
                push(
                    ctx,
                    out,
                    run_start..run_end,
                    "中文之间多了空格，应删去",
                    "A space between Chinese characters: remove it",
                );
            }
        }
    }
}

fn fix(_cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    vec![Fix {
        title: "删去多余空白".into(),
        edits: vec![Edit {
            range: d.range.clone(),
            replacement: String::new(),
        }],
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn stray_spaces_trailing_whitespace_and_blank_lines() {
        let text = "我们全面推进 改革，并完成 ;核发工作任务。 \n\u{a0}\u{2002}\n正文继续。\n";
        assert_eq!(
            check("space-cjk", text),
            [
                "1:7 « » 中文之间多了空格，应删去",
                "1:14 « » 中文之间多了空格，应删去",
                "1:23 « » 行尾有多余空白，应删去",
                "2:1 «\u{a0}\u{2002}» 空白行里有空格等不可见字符，应删去"
            ]
        );
        assert_eq!(
            fixed("space-cjk", text),
            "我们全面推进改革，并完成;核发工作任务。\n\n正文继续。\n"
        );
    }

    #[test]
    fn layout_spaces_are_left_alone() {
        let text = "工 作 总 结\n参会人员：张三 李四 王五 赵六 钱七 孙八\n王　芳\n　　正文缩进不算。\nWord 和 Excel 文档里的 English words 不算。\n";
        assert_eq!(check("space-cjk", text), Vec::<String>::new());
    }
}
