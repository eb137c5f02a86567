//! Writing help: the next heading number, section snippets, report
//! skeletons and common section titles, for a cursor at a byte offset.
//!
//! Snippet bodies use the TextMate/LSP snippet syntax (`${1:默认}`); every
//! suggestion also carries a plain-text form for editors without snippets.

use std::ops::Range;

use crate::heading::{chinese_numeral, MarkerStyle as Style};
use crate::{Analysis, MarkerKind, Node, NodeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuggestionKind {
    /// The next heading marker (`（三）`).
    Marker,
    /// The next `X是` of an enumeration.
    Enumeration,
    /// A numbered section with sub-items.
    Section,
    /// A whole report outline for an empty document.
    Skeleton,
    /// A common title after a marker.
    Title,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// What the list shows (`（三）`, `存在的问题`).
    pub label: String,
    /// One-line explanation.
    pub detail: String,
    /// Text to insert with snippet tabstops.
    pub snippet: String,
    /// The same text without tabstops.
    pub plain: String,
    /// Bytes the insertion replaces (what the user already typed of it).
    pub replace: Range<usize>,
}

/// Facts from outside the text.
#[derive(Debug, Clone, Copy)]
pub struct CompletionContext {
    /// The current calendar year, used when the document names none.
    pub year: i32,
}

/// A snippet body under construction: literal text and numbered tabstops.
#[derive(Default)]
struct Body {
    snippet: String,
    plain: String,
    next: u32,
}

impl Body {
    fn text(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            if matches!(c, '$' | '}' | '\\') {
                self.snippet.push('\\');
            }
            self.snippet.push(c);
        }
        self.plain.push_str(s);
        self
    }

    fn stop(&mut self, default: &str) -> &mut Self {
        self.next += 1;
        self.snippet.push_str(&format!("${{{}:", self.next));
        for c in default.chars() {
            if matches!(c, '$' | '}' | '\\') {
                self.snippet.push('\\');
            }
            self.snippet.push(c);
        }
        self.snippet.push('}');
        self.plain.push_str(default);
        self
    }

    fn line(&mut self, s: &str) -> &mut Self {
        self.text(s).text("\n")
    }
}

/// How the document writes markers of `kind` (see [`crate::Outline::style_of`]).
fn style_for(analysis: &Analysis, kind: MarkerKind) -> Style {
    analysis.outline.style_of(kind)
}

/// The style a marker's next sibling is written in: its own, unless its
/// brackets are broken (`(一）`, a half-closed `1)`), then the document's.
fn own_style(analysis: &Analysis, m: &crate::HeadingMarker) -> Style {
    match m.bracket {
        Some(crate::Bracket::Mixed | crate::Bracket::HalfClosed) => style_for(analysis, m.kind),
        _ => Style::of(m),
    }
}

/// The number `n` stands for among its siblings (its own, or the one after
/// the sibling before when it has none), from the one computation in
/// [`crate::Sequence::effective_numbers`].
fn effective_number(seqs: &[crate::Sequence], n: &Node) -> u32 {
    seqs.iter()
        .find_map(|s| {
            let i = s.nodes.iter().position(|x| x.id == n.id)?;
            s.effective_numbers().get(i).copied()
        })
        .or_else(|| n.marker().and_then(|m| m.number))
        .unwrap_or(0)
}

/// The chain of headings the cursor writes under: the last heading that
/// starts before `offset`, and its ancestors, outermost first.
fn context_path(analysis: &Analysis, offset: usize) -> Vec<&Node> {
    let mut path: Vec<&Node> = Vec::new();
    let mut level = &analysis.outline.roots;
    while let Some(n) = level.iter().rev().find(|n| n.section.start < offset) {
        path.push(n);
        level = &n.children;
    }
    path
}

/// The year a summary talks about: the first `20xx年` of the report's title,
/// else the current year.
fn summary_year(text: &str, analysis: &Analysis, offset: usize, ctx: &CompletionContext) -> i32 {
    let report = analysis
        .outline
        .reports
        .iter()
        .rev()
        .find(|r| r.range.start <= offset);
    let title = report
        .and_then(|r| r.title.clone())
        .map(|t| &text[t])
        .unwrap_or("");
    let year = title.find('年').and_then(|i| {
        let digits: String = title[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
    });
    year.unwrap_or(ctx.year)
}

/// What to offer at `offset`.
pub fn complete(
    text: &str,
    analysis: &Analysis,
    offset: usize,
    ctx: &CompletionContext,
) -> Vec<Suggestion> {
    let offset = crate::text::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let typed_start = line_start + (prefix.len() - prefix.trim_start().len());
    let typed = &text[typed_start..offset];
    let mut out = Vec::new();

    // An empty document: whole report skeletons.
    let content = text.trim();
    if analysis.outline.roots.is_empty() && content.chars().count() <= typed.chars().count() + 20 {
        skeletons(
            summary_year(text, analysis, offset, ctx),
            typed_start..offset,
            &mut out,
        );
        return out;
    }

    // Right after a complete marker: common titles for that level.
    if let Some(m) = crate::heading::leading_marker(typed).filter(|m| m.range.end == typed.len()) {
        titles(
            m.kind,
            summary_year(text, analysis, offset, ctx),
            offset..offset,
            &mut out,
        );
        return out;
    }

    let at_line_start = typed.chars().count() <= 3
        && typed
            .chars()
            .all(|c| "（(）)、.．0123456789一二三四五六七八九十".contains(c));
    let after_period = prefix.trim_end().ends_with('。');
    if at_line_start || after_period {
        let replace = if at_line_start {
            typed_start..offset
        } else {
            offset..offset
        };
        markers(analysis, offset, replace.clone(), &mut out);
        if at_line_start {
            sections(text, analysis, offset, ctx, replace, &mut out);
        }
    }
    if !at_line_start {
        enumeration(analysis, line_start, offset, &mut out);
    }
    out
}

fn markers(analysis: &Analysis, offset: usize, replace: Range<usize>, out: &mut Vec<Suggestion>) {
    let path = context_path(analysis, offset);
    let mut push = |label: String, detail: String| {
        if !out.iter().any(|s| s.label == label) {
            out.push(Suggestion {
                kind: SuggestionKind::Marker,
                snippet: label.clone(),
                plain: label.clone(),
                label,
                detail,
                replace: replace.clone(),
            });
        }
    };
    let numbered = |n: &&Node| {
        n.marker().is_some_and(|m| {
            m.number.is_some()
                && !matches!(m.kind, MarkerKind::Markdown(_) | MarkerKind::Enumeration)
        }) || n.kind == NodeKind::Unnumbered
    };
    let headings: Vec<&Node> = path.iter().copied().filter(numbered).collect();
    // One pass over the outline, like `style_for`'s.
    let seqs = crate::rules::sequences(&analysis.outline);
    // The innermost heading's next sibling first, then its first child, then the ancestors' next.
    if let Some(inner) = headings.last() {
        let number = effective_number(&seqs, inner);
        let (kind, style) = match inner.marker() {
            Some(m) => (m.kind, own_style(analysis, m)),
            None => (
                MarkerKind::Chinese,
                style_for(analysis, MarkerKind::Chinese),
            ),
        };
        push(style.render(kind, number + 1), "同级下一项".to_string());
        if let Some(child) = kind.child() {
            let has_child = inner
                .children
                .iter()
                .any(|c| c.marker().is_some_and(|m| m.kind == child));
            if !has_child {
                push(
                    style_for(analysis, child).render(child, 1),
                    "下一级第一项".to_string(),
                );
            }
        }
    }
    for n in headings.iter().rev().skip(1) {
        if let Some(m) = n.marker() {
            push(
                own_style(analysis, m).render(m.kind, effective_number(&seqs, n) + 1),
                "上级下一项".to_string(),
            );
        }
    }
    if headings.is_empty() {
        push(
            style_for(analysis, MarkerKind::Chinese).render(MarkerKind::Chinese, 1),
            "第一个一级标题".to_string(),
        );
    }
}

fn enumeration(analysis: &Analysis, line_start: usize, offset: usize, out: &mut Vec<Suggestion>) {
    let last = analysis
        .outline
        .enumerations
        .iter()
        .rev()
        .find(|e| e.marker.range.end <= offset && e.marker.range.start >= line_start);
    let next = last.and_then(|e| e.marker.number).map_or(1, |n| n + 1);
    let label = format!("{}是", chinese_numeral(next));
    out.push(Suggestion {
        kind: SuggestionKind::Enumeration,
        snippet: label.clone(),
        plain: label.clone(),
        detail: if last.is_some() {
            "本段下一项".to_string()
        } else {
            "开始“一是、二是”列举".to_string()
        },
        label,
        replace: offset..offset,
    });
}

/// The sections people write, by family: (name, title, sub-item defaults).
/// `{Y}` is the summary year, `{Y1}` the plan year after it.
const SECTIONS: [(&str, &str, [&str; 3]); 6] = [
    ("基本情况", "基本情况", ["总体情况", "主要指标", "工作基础"]),
    (
        "主要工作及成效",
        "{Y}年主要工作及成效",
        ["强化组织领导", "狠抓工作落实", "提升服务水平"],
    ),
    (
        "特色亮点",
        "特色亮点",
        ["创新工作机制", "打造特色品牌", "形成典型经验"],
    ),
    (
        "存在的问题",
        "存在的问题",
        ["思想认识有待提高", "工作机制有待完善", "保障能力有待加强"],
    ),
    (
        "下一步工作计划",
        "{Y1}年工作计划",
        ["聚焦中心任务", "补齐短板弱项", "加强队伍建设"],
    ),
    (
        "意见和建议",
        "意见和建议",
        ["加大政策支持", "强化要素保障", "完善考核机制"],
    ),
];

fn sections(
    text: &str,
    analysis: &Analysis,
    offset: usize,
    ctx: &CompletionContext,
    replace: Range<usize>,
    out: &mut Vec<Suggestion>,
) {
    let year = summary_year(text, analysis, offset, ctx);
    // The section sits where the first marker suggestion would: the next number at that level.
    let Some(first) = out
        .iter()
        .find(|s| s.kind == SuggestionKind::Marker)
        .map(|s| s.label.clone())
    else {
        return;
    };
    let Some(marker) = crate::heading::leading_marker(&first) else {
        return;
    };
    let sub = marker.kind.child();
    for (name, title, items) in SECTIONS {
        let title = title
            .replace("{Y}", &year.to_string())
            .replace("{Y1}", &(year + 1).to_string());
        let mut b = Body::default();
        b.text(&first).stop(&title).text("\n");
        if let Some(sub) = sub {
            let style = style_for(analysis, sub);
            for (i, item) in items.iter().enumerate() {
                b.text(&style.render(sub, i as u32 + 1))
                    .stop(item)
                    .text("。")
                    .stop("具体内容")
                    .text("\n");
            }
        }
        out.push(Suggestion {
            kind: SuggestionKind::Section,
            label: format!("{first}{title}"),
            detail: format!("插入“{name}”一节"),
            snippet: b.snippet,
            plain: b.plain,
            replace: replace.clone(),
        });
    }
}

fn titles(kind: MarkerKind, year: i32, replace: Range<usize>, out: &mut Vec<Suggestion>) {
    let y = year.to_string();
    let y1 = (year + 1).to_string();
    let list: Vec<String> = match kind {
        MarkerKind::Chinese | MarkerKind::Chapter(_) | MarkerKind::Markdown(_) => vec![
            format!("{y}年工作总结"),
            "工作完成情况".into(),
            "重点工作完成情况".into(),
            "工作开展情况".into(),
            "基本情况".into(),
            "特色亮点".into(),
            "主要做法".into(),
            "主要经验和亮点".into(),
            "存在的问题".into(),
            "存在的主要问题".into(),
            "存在的困难和问题".into(),
            format!("{y1}年工作计划"),
            "下一步工作计划".into(),
            "下一步工作打算".into(),
            "工作思路".into(),
            "意见和建议".into(),
        ],
        _ => [
            "加强", "强化", "持续", "聚焦", "开展", "抓好", "做好", "推进", "深化",
        ]
        .iter()
        .map(|v| format!("{v}…"))
        .collect(),
    };
    for t in list {
        let (snippet, plain) = match t.strip_suffix('…') {
            Some(verb) => {
                let mut b = Body::default();
                b.text(verb)
                    .stop("重点工作")
                    .text("，")
                    .stop("确保取得实效");
                (b.snippet, b.plain)
            }
            None => (t.clone(), t.clone()),
        };
        out.push(Suggestion {
            kind: SuggestionKind::Title,
            detail: "常用标题".into(),
            label: t,
            snippet,
            plain,
            replace: replace.clone(),
        });
    }
}

fn skeletons(year: i32, replace: Range<usize>, out: &mut Vec<Suggestion>) {
    let y = year.to_string();
    let y1 = (year + 1).to_string();
    let half = format!("{y}年上半年工作总结");
    type Outline<'a> = (&'a str, String, Vec<(&'a str, Vec<&'a str>)>);
    let list: Vec<Outline> = vec![
        (
            "年度工作总结及工作计划",
            format!("{y}年工作总结及{y1}年工作计划"),
            vec![
                (
                    "{Y}年工作总结",
                    vec!["强化组织领导", "狠抓重点任务", "提升服务水平"],
                ),
                (
                    "{Y1}年工作计划",
                    vec!["聚焦中心任务", "补齐短板弱项", "加强队伍建设"],
                ),
            ],
        ),
        (
            "总结→问题→计划",
            format!("{y}年工作总结"),
            vec![
                (
                    "{Y}年工作总结",
                    vec!["强化组织领导", "狠抓重点任务", "提升服务水平"],
                ),
                ("存在的问题", vec!["思想认识有待提高", "工作机制有待完善"]),
                ("{Y1}年工作计划", vec!["聚焦中心任务", "补齐短板弱项"]),
            ],
        ),
        (
            "基本情况→主要做法→存在问题→下步打算",
            format!("{y}年工作情况汇报"),
            vec![
                ("基本情况", vec!["总体情况", "主要指标"]),
                ("主要做法", vec!["创新工作机制", "狠抓工作落实"]),
                ("存在的问题", vec!["思想认识有待提高", "保障能力有待加强"]),
                ("下一步工作打算", vec!["聚焦中心任务", "加强队伍建设"]),
            ],
        ),
        (
            "半年工作总结",
            half,
            vec![
                (
                    "上半年工作开展情况",
                    vec!["重点任务推进情况", "主要指标完成情况"],
                ),
                ("存在的问题", vec!["进度不平衡", "保障不到位"]),
                ("下半年工作打算", vec!["抓好重点任务", "确保完成全年目标"]),
            ],
        ),
        (
            "述职报告",
            format!("{y}年度述职报告"),
            vec![
                (
                    "加强学习，提高素质",
                    vec!["加强政治理论学习", "加强业务知识学习"],
                ),
                ("履职尽责情况", vec!["抓好分管工作", "推动重点任务落实"]),
                ("廉洁自律情况", vec!["严守政治纪律", "落实廉洁从政规定"]),
                ("存在的不足", vec!["理论学习不够深入", "工作创新不够"]),
                ("今后努力方向", vec!["加强学习", "改进作风"]),
            ],
        ),
        (
            "调研报告",
            "关于XX的调研报告".to_string(),
            vec![
                ("基本情况", vec!["总体情况", "主要特点"]),
                ("主要做法和成效", vec!["主要做法", "取得的成效"]),
                ("存在的问题", vec!["问题一", "问题二"]),
                ("对策建议", vec!["建议一", "建议二"]),
            ],
        ),
    ];
    for (name, title, parts) in list {
        let mut b = Body::default();
        b.stop("单位名称")
            .text(&title)
            .text("\n\n")
            .stop("开头段：简述总体情况。现将有关情况报告如下：")
            .text("\n");
        for (i, (section, items)) in parts.iter().enumerate() {
            let section = section.replace("{Y}", &y).replace("{Y1}", &y1);
            b.text(&Style::standard(MarkerKind::Chinese).render(MarkerKind::Chinese, i as u32 + 1))
                .stop(&section)
                .text("\n");
            for (j, item) in items.iter().enumerate() {
                b.text(
                    &Style::standard(MarkerKind::ParenChinese)
                        .render(MarkerKind::ParenChinese, j as u32 + 1),
                )
                .stop(item)
                .text("。")
                .stop("具体内容")
                .text("\n");
            }
        }
        b.line("")
            .stop("单位名称")
            .text("\n")
            .stop(&format!("{y1}年1月1日"));
        out.push(Suggestion {
            kind: SuggestionKind::Skeleton,
            label: format!("报告框架：{name}"),
            detail: title.clone(),
            snippet: b.snippet,
            plain: b.plain,
            replace: replace.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config};

    const CTX: CompletionContext = CompletionContext { year: 2026 };

    fn labels(text: &str) -> Vec<String> {
        let a = analyze(text, &Config::default());
        complete(text, &a, text.len(), &CTX)
            .into_iter()
            .map(|s| s.label)
            .collect()
    }

    #[test]
    fn next_number_continues_the_document_style() {
        assert_eq!(
            labels("一、工作\n(一)甲\n(二)乙。正文。\n")[..3],
            ["(三)", "1.", "二、"]
        );
        assert_eq!(
            labels("一、工作\n（一）甲\n1、子项。正文\n2、子项\n")[..3],
            ["3、", "（1）", "（二）"]
        );
        assert_eq!(
            labels("一、工作\n（一）甲\n1、子项。正文\n2、子项\n（")[0],
            "3、"
        );
    }

    #[test]
    fn next_number_keeps_one_character_and_capital_forms() {
        assert_eq!(labels("一、工作\n㈠甲\n⑴子。正文\n")[..3], ["⑵", "①", "㈡"]);
        assert_eq!(labels("一、工作\n⒈子项。正文\n")[0], "⒉");
        assert_eq!(labels("壹、甲\n貳、乙。正文\n")[..2], ["參、", "一、"]);
        assert_eq!(labels("Ⅰ、甲\nⅡ、乙。正文\n")[..2], ["Ⅲ、", "一、"]);
        // A half-closed `1)` is continued in the document's bracket style.
        assert_eq!(labels("一、工作\n1)子项。正文\n")[0], "（2）");
    }

    #[test]
    fn an_unnumbered_heading_counts_as_the_number_it_should_have() {
        let text = "一、总结\n（一）甲\n二、做法\n（一）乙\n\n2023年工作思路\n\n（一）丁\n";
        let a = analyze(text, &Config::default());
        let offset = text.find("\n\n（一）丁").expect("the heading") + 1;
        let got: Vec<String> = complete(text, &a, offset, &CTX)
            .into_iter()
            .map(|s| s.label)
            .collect();
        assert_eq!(got.first().map(String::as_str), Some("四、"), "{got:?}");
    }

    #[test]
    fn section_snippets_fit_the_level_and_year() {
        let text =
            "XX局2023年工作总结及2024年工作计划\n\n一、2023年工作总结\n（一）甲\n二、存在问题\n";
        let a = analyze(text, &Config::default());
        let offset = text.len();
        let s = complete(text, &a, offset, &CTX);
        let plan = s
            .iter()
            .find(|s| s.detail == "插入“下一步工作计划”一节")
            .expect("plan section");
        assert!(
            plan.label.starts_with("三、2024年工作计划"),
            "{}",
            plan.label
        );
        assert!(
            plan.snippet
                .starts_with("三、${1:2024年工作计划}\n（一）${2:"),
            "{}",
            plan.snippet
        );
        assert!(plan.plain.contains("（二）补齐短板弱项。具体内容"));
    }

    #[test]
    fn empty_document_offers_skeletons_with_years() {
        let a = analyze("", &Config::default());
        let s = complete("", &a, 0, &CTX);
        assert_eq!(s.len(), 6);
        assert!(s.iter().all(|s| s.kind == SuggestionKind::Skeleton));
        assert!(
            s[0].plain
                .contains("一、2026年工作总结\n（一）强化组织领导。"),
            "{}",
            s[0].plain
        );
        assert!(s[0].plain.contains("二、2027年工作计划"));
        // The plain form analyses cleanly: a skeleton never ships a numbering defect.
        let skeleton = &s[2].plain;
        let d = analyze(skeleton, &Config::default()).diagnostics;
        assert!(d.iter().all(|d| d.code == "placeholder"), "{d:?}");
    }

    #[test]
    fn titles_after_a_marker_and_enumeration_inside_a_paragraph() {
        let l = labels("一、工作\n二、");
        assert!(
            l.contains(&"2027年工作计划".to_string()) && l.contains(&"存在的问题".to_string()),
            "{l:?}"
        );
        assert_eq!(
            labels("一、工作\n一是加强领导，二是")[..0],
            [] as [String; 0]
        );
        let l = labels("一、工作\n（一）甲\n一是加强领导，");
        assert_eq!(l, ["二是"]);
    }
}
