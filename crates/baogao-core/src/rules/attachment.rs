//! `attachment`: a 附件说明 not in the GB/T 9704-2012 form, and body
//! references to an attachment the 附件说明 does not list.
//!
//! A 附件说明 is a line starting `附件：` (or `附件:`), with the first name
//! after the colon or on the next line, and the further names numbered on
//! the lines after it (`2.名单`), numbered from one without gaps. Each name
//! is numbered `1.` (not `1、`, `（1）`, `1)`), ends with no punctuation, and a
//! single attachment has no number. The colon's width is left to
//! `punct-width`, which judges it by the report's own house style.
//!
//! A reference (`见附件3`, `附件3` heading an attachment page) is checked
//! only in a report that has a 附件说明, against the numbers it lists; a
//! reference to another document's attachment (`《方案》附件2`) is not.

use super::punct::{char_before, is_han};
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::numerals::{count_to_chinese, parse_count};
use crate::{excerpt, Diagnostic, Related, Severity};

const DOCS: &str = "做什么：找出不合格式的附件说明：序号用了`1、`、`（1）`、`1)`，附件名称后加了标点（`附件：1、方案。`），只有一个附件却编了序号（`附件：1.方案`）；以及正文提到、附件说明却没有列出的附件（附件说明只列了两个，正文写“见附件3”）。冒号的全角半角由 punct-width 按本篇的标点风格检查。\n\n为什么：GB/T 9704-2012 第7.3.4条规定，公文如有附件，在正文下空一行左空二字编排“附件”二字，后标全角冒号和附件名称；如有多个附件，使用阿拉伯数字标注附件顺序号（如“附件：1.XXXXX”）；附件名称后不加标点符号。正文、附件说明和附件本身的序号要一致，漏列或多提一个附件是常见的硬伤。\n\n示例：`附件：1、实施方案。`（下一行`2、责任分工表。`）、只有一个附件时的`附件：1.实施方案`\n\n改为：`附件：1.实施方案`（下一行`2.责任分工表`）、`附件：实施方案`";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "attachment",
    name: "附件说明格式",
    category: Category::Format,
    default_severity: Severity::Warning,
    summary: "附件说明写作“附件：1.名称”，名称后不加标点，只有一个附件不编号；正文提到的附件要在附件说明里列出",
    summary_en: "An attachment note reads 附件：1.名称 with no end punctuation and no number for a single attachment; attachments the text refers to are listed",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// One attachment named in a 附件说明.
struct Item {
    /// The number, where written: its value, the range of the marker (with
    /// the spaces after it) and whether it is written `1.`/`1．`.
    number: Option<(u32, std::ops::Range<usize>, bool)>,
    /// From the marker (or the name) to the end of the name's punctuation.
    range: std::ops::Range<usize>,
    /// Punctuation after the name.
    trailing: Option<std::ops::Range<usize>>,
}

/// A 附件说明: the line with `附件：` and its items.
struct Note {
    line: std::ops::Range<usize>,
    /// The word `附件` that starts it.
    word: usize,
    end: usize,
    items: Vec<Item>,
}

const SPACES: &[char] = &[' ', '\t', '\u{3000}', '\u{a0}'];

/// `1.`, `1、`, `1．`, `1)`, `（1）`, `(1)` at the start of `s`: the number,
/// the marker's length with the spaces after it, and whether it is `1.`.
fn item_marker(s: &str) -> Option<(u32, usize, bool)> {
    let (open, body) = match s.strip_prefix(['（', '(']) {
        Some(rest) => (s.len() - rest.len(), rest),
        None => (0, s),
    };
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let n: u32 = body[..digits].parse().ok()?;
    let after = &body[digits..];
    let sep = after.chars().next()?;
    let ok = if open > 0 {
        matches!(sep, '）' | ')')
    } else {
        matches!(sep, '.' | '．' | '、' | '）' | ')')
    };
    if !ok {
        return None;
    }
    // `1.5亿元` is a number, not a marker.
    let rest = &after[sep.len_utf8()..];
    if sep == '.' && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let spaces = rest.len() - rest.trim_start_matches(SPACES).len();
    let len = open + digits + sep.len_utf8() + spaces;
    Some((n, len, open == 0 && matches!(sep, '.' | '．')))
}

/// The item written in `text[range]` (a line's content, trimmed).
fn item(text: &str, range: std::ops::Range<usize>) -> Item {
    let s = &text[range.clone()];
    let number = item_marker(s).map(|(n, len, dot)| (n, range.start..range.start + len, dot));
    let name_start = number.as_ref().map_or(range.start, |(_, m, _)| m.end);
    let name = text[name_start..range.end].trim_end_matches(SPACES);
    let bare = name.trim_end_matches(['。', '；', ';', '，', ',', '、', '.', '．']);
    let trailing = (bare.len() < name.len() && !bare.is_empty())
        .then(|| name_start + bare.len()..name_start + name.len());
    Item {
        number,
        range: range.start..name_start + name.len(),
        trailing,
    }
}

/// Line ranges of `text` from `at` on, without their line breaks.
fn lines_from(text: &str, at: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    crate::text::split_lines_inclusive(&text[at..]).scan(at, |pos, l| {
        let start = *pos;
        *pos += l.len();
        Some(start..start + l.trim_end_matches(['\n', '\r']).len())
    })
}

/// The content of a line without its indentation and trailing spaces.
fn content(text: &str, line: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[line.clone()];
    let t = s.trim_start_matches(SPACES);
    let start = line.start + s.len() - t.len();
    start..start + t.trim_end_matches(SPACES).len()
}

/// The notes among the `附件` at `words`.
fn notes(text: &str, words: &[usize]) -> Vec<Note> {
    let mut out = Vec::new();
    for &at in words {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..at].trim_start_matches(SPACES).is_empty() {
            continue;
        }
        let after = &text[at + "附件".len()..];
        let t = after.trim_start_matches(SPACES);
        let Some(rest) = t.strip_prefix(['：', ':']) else {
            continue;
        };
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line_end = line_end - usize::from(text[..line_end].ends_with('\r'));
        let first_at = text.len() - rest.len();
        let first = content(text, &(first_at..line_end));
        // Several names on one line (`附件：1、甲；2、乙`): not a form to rewrite.
        let one_line = &text[first.clone()];
        let several = one_line.char_indices().skip(1).any(|(i, c)| {
            "；;，, 　".contains(c)
                && item_marker(one_line[i + c.len_utf8()..].trim_start())
                    .is_some_and(|(n, _, _)| n == 2)
        });
        if several {
            continue;
        }
        let mut items = Vec::new();
        let mut end = line_end;
        let mut broken = false;
        if !first.is_empty() {
            items.push(item(text, first));
        }
        let numbered = items.first().is_none_or(|i: &Item| i.number.is_some());
        if numbered {
            // Further names on the next lines, numbered on from the first.
            let mut blank = 0;
            for line in lines_from(text, line_end).skip(1) {
                let c = content(text, &line);
                if c.is_empty() {
                    blank += 1;
                    if blank > 1 {
                        break;
                    }
                    continue;
                }
                blank = 0;
                let expected = items.len() as u32 + 1;
                match item_marker(&text[c.clone()]) {
                    Some((n, _, _)) if n == expected => {
                        items.push(item(text, c));
                        end = line.end;
                    }
                    // A number out of sequence: not a list to judge.
                    Some(_) => {
                        broken = true;
                        break;
                    }
                    None => break,
                }
            }
        }
        // Numbered from one without gaps, or a single unnumbered name.
        let from_one = items
            .iter()
            .enumerate()
            .all(|(k, i)| i.number.as_ref().is_none_or(|(n, _, _)| *n == k as u32 + 1));
        if items.is_empty() || !from_one || broken {
            continue;
        }
        out.push(Note {
            line: line_start..line_end,
            word: at,
            end,
            items,
        });
    }
    out
}

/// What is wrong with one item and the edits that fix it.
fn problems(note: &Note, it: &Item) -> (Problems, Vec<Edit>) {
    let mut p = Vec::new();
    let mut edits = Vec::new();
    let single = note.items.len() == 1;
    if let Some((n, marker, dot)) = &it.number {
        if single {
            p.push((
                "只有一个附件，不编序号",
                "a single attachment has no number",
            ));
            edits.push(Edit {
                range: marker.clone(),
                replacement: String::new(),
            });
        } else if !dot {
            p.push(("序号后用圆点“.”", "a dot after the number"));
            edits.push(Edit {
                range: marker.clone(),
                replacement: format!("{n}."),
            });
        }
    }
    if let Some(t) = &it.trailing {
        p.push(("附件名称后不加标点", "no punctuation after the name"));
        edits.push(Edit {
            range: t.clone(),
            replacement: String::new(),
        });
    }
    (p, edits)
}

/// A reference `附件3` (`附件三`, `附件1-3`) at `at`: the numbers it names.
fn reference(text: &str, at: usize) -> Option<(std::ops::Range<usize>, Vec<u32>)> {
    let after = at + "附件".len();
    let rest = text[after..].trim_start_matches(SPACES);
    let from = text.len() - rest.len();
    let ascii = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (first, len) = if ascii > 0 {
        (rest[..ascii].parse().ok()?, ascii)
    } else {
        let han = rest
            .char_indices()
            .take_while(|&(_, c)| "一二三四五六七八九十".contains(c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        // `附件二维码`: a numeral glued to more Han is not a number.
        if rest[han..].chars().next().is_some_and(is_han) {
            return None;
        }
        (parse_count(&rest[..han])?, han)
    };
    let mut numbers = vec![first];
    let mut end = from + len;
    let tail = &text[end..];
    if let Some(t) = tail.strip_prefix(['-', '～', '~', '至', '—', '－']) {
        let d = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if d > 0 {
            if let Ok(last) = t[..d].parse::<u32>() {
                numbers.push(last);
                end = text.len() - t.len() + d;
            }
        }
    }
    Some((at..end, numbers))
}

/// What is wrong with a note's item, in Chinese and English.
type Problems = Vec<(&'static str, &'static str)>;

struct Findings {
    /// An item, its problems and the edits that fix them.
    format: Vec<(std::ops::Range<usize>, Problems, Vec<Edit>)>,
    /// A reference, the number not listed, the note's line, how many it lists.
    unlisted: Vec<(std::ops::Range<usize>, u32, std::ops::Range<usize>, usize)>,
}

fn findings(ctx: &RuleContext) -> Findings {
    let text = ctx.text;
    let exempt = ctx.exempt();
    // Every `附件`, found once for the notes and the references.
    let words: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), "附件".as_bytes()).collect();
    let all = notes(text, &words);
    let mut out = Findings {
        format: Vec::new(),
        unlisted: Vec::new(),
    };
    for note in &all {
        // In a URL or Markdown code (a numbered name is a heading marker to
        // the outline: only the word itself tells).
        if exempt.contains(note.word) {
            continue;
        }
        for it in &note.items {
            let (p, edits) = problems(note, it);
            if !p.is_empty() {
                out.format.push((it.range.clone(), p, edits));
            }
        }
    }
    if all.is_empty() {
        return out;
    }
    let report_of = |x: usize| {
        ctx.outline
            .reports
            .iter()
            .position(|r| r.range.contains(&x))
    };
    for &at in &words {
        if all.iter().any(|n| n.line.start <= at && at < n.end) {
            continue;
        }
        // Another document's attachment: `《方案》附件2`, `“通知”附件2`.
        if char_before(text, at).is_some_and(|c| matches!(c, '》' | '”' | '〉')) {
            continue;
        }
        let Some((range, numbers)) = reference(text, at) else {
            continue;
        };
        let report = report_of(at);
        let Some(note) = all.iter().find(|n| report_of(n.line.start) == report) else {
            continue;
        };
        let listed = note.items.len();
        if let Some(&bad) = numbers.iter().find(|&&n| n == 0 || n as usize > listed) {
            if !exempt.overlaps(&range) {
                out.unlisted.push((range, bad, note.line.clone(), listed));
            }
        }
    }
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let text = ctx.text;
    let f = findings(ctx);
    for (range, problems, edits) in f.format {
        let q = excerpt(&text[range.clone()]);
        let fixed = {
            let mut e = edits.clone();
            for x in &mut e {
                x.range.start -= range.start;
                x.range.end -= range.start;
            }
            crate::edit::apply(&text[range.clone()], &e)
        };
        let zh: Vec<&str> = problems.iter().map(|p| p.0).collect();
        let en: Vec<&str> = problems.iter().map(|p| p.1).collect();
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range,
            message: ctx.say(
                format!(
                    "附件说明“{q}”不合格式：{}，应为“{}”",
                    zh.join("，"),
                    excerpt(&fixed)
                ),
                || {
                    format!(
                        "Attachment note “{q}”: {}; write “{}”",
                        en.join("; "),
                        excerpt(&fixed)
                    )
                },
            ),
            related: Vec::new(),
        });
    }
    for (range, n, line, listed) in f.unlisted {
        let q = excerpt(&text[range.clone()]);
        let count = if listed == 2 {
            "两".into()
        } else {
            count_to_chinese(listed as u32)
        };
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range,
            message: ctx.say(
                format!("附件说明只列了{count}个附件，没有“附件{n}”：请核对“{q}”或补列附件"),
                || format!("The attachment note lists {listed}, not attachment {n}: check “{q}” or list it"),
            ),
            related: vec![Related {
                range: line,
                message: ctx.say("附件说明在此".into(), || "The attachment note is here".into()).to_string(),
            }],
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let f = cx.shared(RULE.code, || findings(&cx.rule_context()).format);
    let Some((_, _, edits)) = f.iter().find(|(r, _, _)| *r == d.range) else {
        return Vec::new();
    };
    vec![Fix {
        title: "改为 GB/T 9704 附件说明格式".into(),
        edits: edits.clone(),
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, fixed};

    #[test]
    fn numbers_and_end_punctuation() {
        let text = "正文。\n\n附件：1、实施方案。\n      2、责任分工表；\n\nXX县人民政府\n";
        assert_eq!(
            check("attachment", text),
            [
                "3:4 «1、实施方案。» 附件说明“1、实施方案。”不合格式：序号后用圆点“.”，附件名称后不加标点，应为“1.实施方案”",
                "4:7 «2、责任分工表；» 附件说明“2、责任分工表；”不合格式：序号后用圆点“.”，附件名称后不加标点，应为“2.责任分工表”"
            ]
        );
        assert_eq!(
            fixed("attachment", text),
            "正文。\n\n附件：1.实施方案\n      2.责任分工表\n\nXX县人民政府\n"
        );
        assert!(check("attachment", &fixed("attachment", text)).is_empty());
        assert_eq!(
            check_fix("附件:（1）方案\n（2）名单\n", "attachment"),
            "附件:1.方案\n（2）名单\n"
        );
    }

    #[test]
    fn a_single_attachment_has_no_number() {
        assert_eq!(
            check("attachment", "附件：1.实施方案\n"),
            ["1:4 «1.实施方案» 附件说明“1.实施方案”不合格式：只有一个附件，不编序号，应为“实施方案”"]
        );
        assert_eq!(
            check_fix("附件：1. 实施方案\n", "attachment"),
            "附件：实施方案\n"
        );
    }

    #[test]
    fn names_on_the_lines_after_the_colon() {
        let text = "附件:\n\n1.参会单位名单\n\n2.实施方案(代拟稿)\n\n2020年10月21日\n";
        assert!(check("attachment", text).is_empty());
        let refs = format!("请各单位(附件1)报送，名单见附件3。\n{text}\n附件1\n参会单位名单\n");
        assert_eq!(
            check("attachment", &refs),
            ["1:16 «附件3» 附件说明只列了两个附件，没有“附件3”：请核对“附件3”或补列附件"]
        );
    }

    #[test]
    fn what_is_not_a_note_or_a_reference() {
        for ok in [
            // Mid-line, not a note; references without a note.
            "财务核算附件不全，见附件5。\n",
            // Another document's attachment.
            "附件：方案\n按《通知》附件2执行。\n",
            "附件：1.甲\n2.乙\n详见附件二维码。\n",
            // Correct forms.
            "附件：1.甲\n      2.乙\n见附件1、附件2。\n",
            "附件：实施方案\n",
            "附件：1．甲\n2．乙\n",
            // Several names on one line, and a numbering that skips.
            "附件：1、甲；2、乙。\n",
            "附件：1、甲\n3、乙\n",
        ] {
            assert!(
                check("attachment", ok).is_empty(),
                "{ok}: {:?}",
                check("attachment", ok)
            );
        }
    }

    #[test]
    fn english_messages() {
        let config = crate::Config {
            language: crate::Language::En,
            ..crate::Config::default()
        };
        let a = crate::analyze("见附件2。\n附件：1.方案。\n", &config);
        let m: Vec<&str> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "attachment")
            .map(|d| &*d.message)
            .collect();
        assert_eq!(
            m,
            [
                "The attachment note lists 1, not attachment 2: check “附件2” or list it",
                "Attachment note “1.方案。”: a single attachment has no number; no punctuation after the name; write “方案”"
            ]
        );
    }
}
