//! `punct-pair`: paired marks that do not pair within a paragraph.
//!
//! Finds an unclosed or extra `“”` `‘’` `《》` `（）` `〔〕` `【】`, a closing
//! quote typed as an opening one, and ASCII `"`/`'` used as Chinese quotes.
//! The walk itself is [`super::punct::pairs`], shared with `punct-nested`.

use super::punct::PairFinding;
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{Diagnostic, Related, Severity};

const DOCS: &str = "做什么：检查一段之内成对的标点 `“”` `‘’` `《》` `（）` `〔〕` `【】` 是否配对：缺了后半、多了后半、后引号误打成前引号（`“脏、乱、差“`），以及用英文引号 `\"` `'` 充当中文引号。\n\n为什么：GB/T 15834-2011 规定引号、书名号、括号成对使用；不配对的标点是审稿必改的硬伤。跨段引用（每段开头用前引号，最后一段才用后引号）和分页断开的段落不算错；`1)` 这样的列表序号和表情符号也不算。\n\n示例：`整治各分场“脏、乱、差“的现象`，`推进\"放管服\"改革`\n\n改为：`整治各分场“脏、乱、差”的现象`，`推进“放管服”改革`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "punct-pair",
    name: "成对标点不配对",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    summary: "引号、书名号、括号在一段之内不配对，或用英文引号充当中文引号",
    summary_en: "Quotes, title marks or brackets that do not pair within a paragraph, or ASCII quotes used as Chinese ones",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

fn partner(c: char) -> char {
    match c {
        '“' => '”',
        '”' => '“',
        '‘' => '’',
        '’' => '‘',
        '《' => '》',
        '》' => '《',
        '（' | '(' => '）',
        '）' | ')' => '（',
        '〔' => '〕',
        '〕' => '〔',
        '【' => '】',
        '】' => '【',
        other => other,
    }
}

/// The Chinese name of a paired mark, so messages need not quote a quote.
fn name(c: char) -> &'static str {
    match c {
        '“' => "前引号",
        '”' => "后引号",
        '‘' => "前单引号",
        '’' => "后单引号",
        '《' => "前书名号",
        '》' => "后书名号",
        '（' | '(' => "前括号",
        '）' | ')' => "后括号",
        '〔' => "前六角括号",
        '〕' => "后六角括号",
        '【' => "前方头括号",
        '】' => "后方头括号",
        _ => "标点",
    }
}

fn is_opening(c: char) -> bool {
    matches!(c, '“' | '‘' | '《' | '（' | '(' | '〔' | '【')
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for f in ctx.pairs().iter().cloned() {
        let (range, message, related) = match f {
            PairFinding::Nested { .. } => continue,
            PairFinding::Flipped { at, written, meant } => (
                at..at + written.len_utf8(),
                ctx.say(
                    format!(
                        "此处的{} {written} 应为{} {meant}，否则本段不配对",
                        name(written),
                        name(meant)
                    ),
                    || format!("{written} faces the wrong way: use {meant} so the paragraph's marks pair up"),
                ),
                Vec::new(),
            ),
            PairFinding::Unmatched { at, c } => (
                at..at + c.len_utf8(),
                if is_opening(c) {
                    ctx.say(
                        format!("{} {c} 在本段没有对应的{} {}", name(c), name(partner(c)), partner(c)),
                        || format!("{c} is not closed by {} in this paragraph", partner(c)),
                    )
                } else {
                    ctx.say(
                        format!("多余的{} {c}：本段没有与之配对的{}", name(c), name(partner(c))),
                        || format!("Extra {c}: no {} opens it in this paragraph", partner(c)),
                    )
                },
                Vec::new(),
            ),
            PairFinding::Ascii { at, c, close } => {
                let (o, cl) = if c == '"' { ('“', '”') } else { ('‘', '’') };
                match close {
                    Some(end) => (
                        at..end + 1,
                        ctx.say(
                            format!("英文引号 {c} 用作中文引号，应为 {o}…{cl}"),
                            || format!("ASCII {c} used as Chinese quotes: use {o}…{cl}"),
                        ),
                        vec![Related {
                            range: end..end + 1,
                            message: ctx.say("配对的引号在此".into(), || "its partner is here".into()).to_string(),
                        }],
                    ),
                    None => (
                        at..at + 1,
                        ctx.say(
                            format!("英文引号 {c} 用在中文里，应为中文引号 {o} 或 {cl}"),
                            || format!("ASCII {c} in Chinese text: use {o} or {cl}"),
                        ),
                        Vec::new(),
                    ),
                }
            }
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range,
            message,
            related,
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let text = cx.text;
    let Some(first) = text.get(d.range.clone()).and_then(|s| s.chars().next()) else {
        return Vec::new();
    };
    let edit = |at: usize, len: usize, to: char| Edit {
        range: at..at + len,
        replacement: to.to_string(),
    };
    match first {
        '"' | '\'' if d.range.len() > 1 => {
            let (o, c) = if first == '"' {
                ('“', '”')
            } else {
                ('‘', '’')
            };
            vec![Fix {
                title: format!("改为“{o}…{c}”"),
                edits: vec![edit(d.range.start, 1, o), edit(d.range.end - 1, 1, c)],
                safe: true,
            }]
        }
        // Only a mark facing the wrong way has a certain fix.
        '“' | '”' | '‘' | '’' | '《' | '》' if pairs_flipped(cx, d.range.start) => {
            let meant = partner(first);
            vec![Fix {
                title: format!("改为“{meant}”"),
                edits: vec![edit(d.range.start, first.len_utf8(), meant)],
                safe: true,
            }]
        }
        _ => Vec::new(),
    }
}

/// Whether the walk found the mark at `at` facing the wrong way. The walk's
/// wrong-way marks are computed once per analysis, not once per diagnostic.
fn pairs_flipped(cx: &FixContext, at: usize) -> bool {
    let flipped = cx.shared(RULE.code, || {
        cx.rule_context()
            .pairs()
            .iter()
            .filter_map(|f| match f {
                PairFinding::Flipped { at, .. } => Some(*at),
                _ => None,
            })
            .collect::<Vec<usize>>()
    });
    flipped.binary_search(&at).is_ok()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, fixed};

    #[test]
    fn a_closing_quote_typed_as_an_opening_one() {
        let text = "整治各分场“脏、乱、差“的现象。\n";
        assert_eq!(
            check("punct-pair", text),
            ["1:12 «“» 此处的前引号 “ 应为后引号 ”，否则本段不配对"]
        );
        assert_eq!(
            fixed("punct-pair", text),
            "整治各分场“脏、乱、差”的现象。\n"
        );
    }

    #[test]
    fn unclosed_and_extra_marks() {
        assert_eq!(
            check(
                "punct-pair",
                "学习《条例》和《办法，效果好。\n带动“群雁”齐飞”。\n"
            ),
            [
                "1:8 «《» 前书名号 《 在本段没有对应的后书名号 》",
                "2:9 «”» 多余的后引号 ”：本段没有与之配对的前引号"
            ]
        );
        assert_eq!(
            fixed("punct-pair", "带动“群雁”齐飞”。\n"),
            "带动“群雁”齐飞”。\n",
            "no certain fix for an extra mark"
        );
    }

    #[test]
    fn ascii_quotes_in_chinese_text() {
        let text = "提出\"要动能\"的思路。\n";
        assert_eq!(
            check("punct-pair", text),
            ["1:3 «\"要动能\"» 英文引号 \" 用作中文引号，应为 “…”"]
        );
        assert_eq!(fixed("punct-pair", text), "提出“要动能”的思路。\n");
        assert_eq!(check("punct-pair", "落实'四个到位“要求。\n").len(), 2);
        assert!(check("punct-pair", "He said \"yes\" and it's fine.\n").is_empty());
    }

    #[test]
    fn quotations_over_paragraphs_page_breaks_and_list_markers() {
        // Each paragraph of a long quotation reopens with “; only the last closes.
        assert!(check("punct-pair", "他说：“第一段。\n“第二段。\n“第三段。”\n").is_empty());
        // A paragraph split by a page break closes on the next line.
        assert!(check("punct-pair", "推进“放管\n服”改革。\n").is_empty());
        assert!(check("punct-pair", "措施有:1)宣传;2)培训;a)其他。笑:)\n").is_empty());
        assert!(check("punct-pair", "（一）总体（含二期）情况\n").is_empty());
    }
}
