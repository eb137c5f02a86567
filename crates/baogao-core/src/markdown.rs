//! Markdown structure that changes what the analysis sees: the byte ranges
//! that are code, comments, link destinations or front matter (placeholders
//! and headings there are not the report's text), and the delimiters of
//! emphasis (`**重点**`, `__重点__`), which are not placeholders either.
//!
//! Parsed with pulldown-cmark (CommonMark), so fences, indented code and
//! HTML blocks end where a Markdown renderer ends them, and every range is an
//! exact byte range of the analysed text.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// What the Markdown parser found that the analysis must step around.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Markdown {
    /// Sorted, non-overlapping byte ranges that are not report text: code
    /// spans, fenced and indented code blocks, HTML comments (except
    /// baogao's own `<!-- baogao-… -->` suppression comments), link and
    /// image destinations, link reference definitions, front matter and
    /// task-list markers (`[x]`).
    pub skip: Vec<Range<usize>>,
    /// Byte ranges of emphasis delimiters (`*`, `**`, `_`, `__`).
    pub emphasis: Vec<Range<usize>>,
    /// The text blocks, in order: paragraphs, the text of tight list items
    /// (up to a nested list), table cells. Headings, code and HTML are none.
    pub blocks: Vec<Block>,
}

/// A block of running text, as `paragraphs.rs` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub range: Range<usize>,
    /// A tight list item: the range starts at its marker (`- `, `1. `).
    pub item: bool,
}

impl Markdown {
    /// Whether `at` lies inside a skipped range.
    pub fn skips(&self, at: usize) -> bool {
        let i = self.skip.partition_point(|r| r.end <= at);
        self.skip.get(i).is_some_and(|r| r.start <= at)
    }

    /// Whether any byte of `range` lies inside a skipped range.
    pub fn overlaps(&self, range: &Range<usize>) -> bool {
        let i = self.skip.partition_point(|r| r.end <= range.start);
        self.skip.get(i).is_some_and(|r| r.start < range.end)
    }
}

fn is_comment(html: &str) -> bool {
    let t = html.trim_start();
    t.starts_with("<!--") && !t["<!--".len()..].trim_start().starts_with("baogao-")
}

/// Parses `text` as CommonMark (with front matter, tables and task lists).
pub(crate) fn parse(text: &str) -> Markdown {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS;
    let mut skip: Vec<Range<usize>> = Vec::new();
    let mut emphasis = Vec::new();
    // Open links: (link range, end of the last event inside the link text).
    let mut links: Vec<(Range<usize>, usize, bool)> = Vec::new();
    let mut blocks = Vec::new();
    // Open list items: (range, whether a paragraph was inside, where a nested list starts).
    let mut items: Vec<(Range<usize>, bool, Option<usize>)> = Vec::new();
    let mut iter = Parser::new_ext(text, options).into_offset_iter();
    for (event, range) in iter.by_ref() {
        if let Some(l) = links.last_mut() {
            if !matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
                l.1 = l.1.max(range.end);
            }
        }
        match &event {
            Event::Start(Tag::Paragraph) => {
                if let Some(i) = items.last_mut() {
                    i.1 = true;
                }
                blocks.push(Block {
                    range: range.clone(),
                    item: false,
                });
            }
            Event::Start(Tag::TableCell) => blocks.push(Block {
                range: range.clone(),
                item: false,
            }),
            Event::Start(Tag::Item) => items.push((range.clone(), false, None)),
            Event::Start(Tag::List(_)) => {
                if let Some(i) = items.last_mut() {
                    i.2.get_or_insert(range.start);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((r, paragraph, nested)) = items.pop() {
                    if !paragraph {
                        blocks.push(Block {
                            range: r.start..nested.unwrap_or(r.end),
                            item: true,
                        });
                    }
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) | Event::Code(_) => {
                skip.push(range);
            }
            Event::TaskListMarker(_) => skip.push(range),
            Event::Start(Tag::HtmlBlock) if is_comment(&text[range.clone()]) => {
                skip.push(range);
            }
            Event::InlineHtml(html) if is_comment(&html) => skip.push(range),
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. }) => {
                let whole = matches!(link_type, LinkType::Autolink | LinkType::Email);
                links.push((range.clone(), range.start + 1, whole));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((link, inner_end, whole)) = links.pop() {
                    let link_end = link.end;
                    if whole {
                        skip.push(link);
                    } else if inner_end + 1 < link.end {
                        // `](destination "title")`, `][label]`: not text.
                        skip.push(inner_end..link.end);
                    }
                    if let Some(outer) = links.last_mut() {
                        outer.1 = outer.1.max(link_end);
                    }
                }
            }
            Event::Start(Tag::Emphasis) => delimiters(text, &range, 1, &mut emphasis),
            Event::Start(Tag::Strong) => delimiters(text, &range, 2, &mut emphasis),
            _ => {}
        }
    }
    for (_, def) in iter.reference_definitions().iter() {
        skip.push(def.span.clone());
    }
    skip.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(skip.len());
    for r in skip {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    emphasis.sort_by_key(|r: &Range<usize>| r.start);
    blocks.sort_by_key(|b: &Block| b.range.start);
    Markdown {
        skip: merged,
        emphasis,
        blocks,
    }
}

/// The opening and closing delimiters of an emphasis span, when they are
/// really `*`/`_` runs at both ends of `range`.
fn delimiters(text: &str, range: &Range<usize>, n: usize, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    if range.end < range.start + 2 * n || range.end > bytes.len() {
        return;
    }
    let open = range.start..range.start + n;
    let close = range.end - n..range.end;
    let is_delim = |r: &Range<usize>| bytes[r.clone()].iter().all(|&b| b == b'*' || b == b'_');
    if is_delim(&open) && is_delim(&close) {
        out.push(open);
        out.push(close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(text: &str) -> Vec<&str> {
        parse(text).skip.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn code_comments_links_and_front_matter_are_skipped() {
        assert_eq!(skipped("见`XX`处\n"), ["`XX`"]);
        assert_eq!(
            skipped("正文\n\n```\n一、XX\n```\n\n后文\n"),
            ["```\n一、XX\n```"]
        );
        assert_eq!(skipped("正文\n\n    一、XX\n\n后文\n"), ["一、XX\n"]);
        assert_eq!(skipped("甲<!-- XX -->乙\n"), ["<!-- XX -->"]);
        assert_eq!(
            skipped("<!-- 一、XX\n二、xx -->\n\n正文\n"),
            ["<!-- 一、XX\n二、xx -->\n"]
        );
        assert!(skipped("<!-- baogao-disable-next-line -->\nXX\n").is_empty());
        assert_eq!(
            skipped("见[XX县](http://xx.cn/XX \"XX\")。\n"),
            ["](http://xx.cn/XX \"XX\")"]
        );
        assert_eq!(skipped("见<http://xx.cn>。\n"), ["<http://xx.cn>"]);
        assert_eq!(
            skipped("---\ntitle: XX\n---\n\n正文\n"),
            ["---\ntitle: XX\n---"]
        );
        assert_eq!(skipped("- [x] 完成\n"), ["[x]"]);
        assert_eq!(
            skipped("[甲]: http://xx.cn\n\n见[甲]\n"),
            ["[甲]: http://xx.cn"]
        );
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        let text = "正文\n\n```\n一、XX\n\n二、xx\n";
        assert_eq!(skipped(text), [&text["正文\n\n".len()..]]);
    }

    #[test]
    fn emphasis_delimiters() {
        let text = "**重点**与 __要点__。和*提示*";
        let md = parse(text);
        let got: Vec<&str> = md.emphasis.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, ["**", "**", "__", "__", "*", "*"]);
    }

    #[test]
    fn lookups() {
        let md = Markdown {
            skip: vec![2..4, 8..10],
            ..Markdown::default()
        };
        assert!(!md.skips(1) && md.skips(2) && md.skips(3) && !md.skips(4) && md.skips(9));
        assert!(md.overlaps(&(0..3)) && !md.overlaps(&(4..8)) && md.overlaps(&(9..12)));
    }
}
