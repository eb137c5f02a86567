//! Human output: rustc-like diagnostics whose caret underline lines up under
//! Chinese text, and the indented outline.
//!
//! Widths are display columns from `unicode-width` (a CJK character or an
//! emoji takes two, East Asian "ambiguous" characters such as `“` take one).
//! Tabs are expanded to the next multiple of [`TAB_STOP`] counted from the
//! start of the line, in the source line and under it alike. Other control
//! characters are shown as a space. Long lines (paragraphs of a thousand
//! characters are normal in reports) are cut to a window around the span,
//! marked with `...`, so that the underline is never broken by wrapping.

use std::fmt::Write as _;

use baogao_core::{Diagnostic, LineIndex, Node, NodeKind, PositionEncoding, Severity};
use unicode_width::UnicodeWidthChar;

pub const TAB_STOP: usize = 4;
/// Display columns of source shown at most.
pub const MAX_SOURCE_WIDTH: usize = 100;
/// Display columns of context kept before a span on a long line.
const LEFT_CONTEXT: usize = 30;
const ELLIPSIS: &str = "...";

/// One character as displayed: its text (tabs expanded) and width.
struct Cell {
    shown: String,
    width: usize,
}

/// The display width of one character (not a tab).
pub fn char_width(c: char) -> usize {
    if c.is_control() {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// The display width of `s` placed at the start of a line, tabs expanded.
#[cfg(test)]
pub fn display_width(s: &str) -> usize {
    cells(s).iter().map(|c| c.width).sum()
}

#[cfg(test)]
fn cells(line: &str) -> Vec<Cell> {
    cells_in(line, 0, usize::MAX).0
}

/// The cells of the characters `lo..hi` of `line` (tabs expanded from the
/// start of the line), and the display width of the whole line, counted
/// without laying it out. One pass, no allocation beyond the window.
fn cells_in(line: &str, lo: usize, hi: usize) -> (Vec<Cell>, usize) {
    let mut column = 0;
    let mut out = Vec::new();
    for (i, c) in line.chars().enumerate() {
        let width = if c == '\t' {
            TAB_STOP - column % TAB_STOP
        } else {
            char_width(c)
        };
        if (lo..hi).contains(&i) {
            let shown = if c == '\t' {
                " ".repeat(width)
            } else if c.is_control() {
                " ".into()
            } else {
                c.to_string()
            };
            out.push(Cell { shown, width });
        }
        column += width;
    }
    (out, column)
}

/// A source line cut to fit, and where the underline goes on it.
#[derive(Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub source: String,
    /// Display columns before the underline.
    pub indent: usize,
    /// Display columns of the underline (at least 1).
    pub width: usize,
}

/// Characters laid out on each side of the span's start at most: enough
/// for [`MAX_SOURCE_WIDTH`] columns unless the line is full of zero-width
/// characters, and few enough that a line of millions of characters (one
/// gigantic placeholder) costs one pass over it, not a cell per character.
const WINDOW_CHARS: usize = 4 * MAX_SOURCE_WIDTH;

/// Lays out `line` with the characters `start..end` (char indices, `end`
/// exclusive, clamped to the line) underlined.
pub fn excerpt(line: &str, start: usize, end: usize) -> Excerpt {
    let len = line.chars().count();
    let start = start.min(len);
    let end = end.clamp(start, len);
    let lo = start.saturating_sub(WINDOW_CHARS);
    let hi = start.saturating_add(WINDOW_CHARS).min(len);
    let (window, total) = cells_in(line, lo, hi);
    let cell = |i: usize| &window[i - lo];

    let (first, cut_left) = if total <= MAX_SOURCE_WIDTH {
        (lo, lo > 0)
    } else {
        let mut first = start;
        let mut width = 0;
        while first > lo && width + cell(first - 1).width <= LEFT_CONTEXT {
            first -= 1;
            width += cell(first).width;
        }
        (first, first > 0)
    };
    let mut source = String::new();
    let mut used = 0;
    if cut_left {
        source.push_str(ELLIPSIS);
        used += ELLIPSIS.len();
    }
    let mut indent = used;
    let mut width = 0;
    let mut last = first;
    while last < hi {
        let c = cell(last);
        if total > MAX_SOURCE_WIDTH && used + c.width > MAX_SOURCE_WIDTH {
            break;
        }
        if last < start {
            indent += c.width;
        } else if last < end {
            width += c.width;
        }
        source.push_str(&c.shown);
        used += c.width;
        last += 1;
    }
    if last < len {
        source.push_str(ELLIPSIS);
    }
    if start >= last && start < len {
        // The span starts beyond the window (only when the left context is
        // wider than the window, which cannot happen with these constants).
        indent = used;
    }
    Excerpt {
        source,
        indent,
        width: width.max(1),
    }
}

/// The word printed before `[code]`.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "info",
        Severity::Hint => "hint",
    }
}

/// 1-based (line, column) of a byte offset, the column in scalar values.
pub fn position(index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
    let (line, column) = index.position(text, offset, PositionEncoding::Utf32);
    (line + 1, column + 1)
}

/// Writes one diagnostic:
///
/// ```text
/// 报告.txt:3:7: warning[placeholder]: 占位符“XX”尚未填写
///   |
/// 3 | 😀𠀀一、XX县工作总结
///   |         ^^^^
///   = note: 报告.txt:1:1: …
/// ```
pub fn diagnostic(out: &mut String, path: &str, text: &str, index: &LineIndex, d: &Diagnostic) {
    diagnostic_styled(out, path, text, index, d, false, false);
}

/// [`diagnostic`], for a Word document when `paragraphs` (each line of the
/// text a paragraph): the quoted line is labelled `第12段`.
///
/// ```text
/// 报告.docx:12:7: warning[placeholder]: 占位符“XX”尚未填写
///        |
/// 第12段 | 今年共完成投资XX万元
///        |               ^^
/// ```
pub fn diagnostic_in(
    out: &mut String,
    path: &str,
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
    paragraphs: bool,
) {
    diagnostic_styled(out, path, text, index, d, paragraphs, false);
}

/// ANSI colour of a severity's label and underline.
fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Information => "\x1b[1;34m",
        Severity::Hint => "\x1b[1;36m",
    }
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";

/// [`diagnostic_in`], with ANSI colours when `color` is set (`--color`).
pub fn diagnostic_styled(
    out: &mut String,
    path: &str,
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
    paragraphs: bool,
    color: bool,
) {
    let (on, bold, off) = if color {
        (severity_color(d.severity), BOLD, RESET)
    } else {
        ("", "", "")
    };
    let (line, column) = position(index, text, d.range.start);
    let _ = writeln!(
        out,
        "{bold}{path}:{line}:{column}:{off} {on}{}[{}]{off}: {bold}{}{off}",
        severity_label(d.severity),
        d.code,
        d.message
    );
    let range = index.line_range(text, line - 1);
    let source = text.get(range.clone()).unwrap_or("");
    let start = column - 1;
    let (end_line, end_column) = position(index, text, d.range.end.max(d.range.start));
    let end = if end_line == line {
        end_column - 1
    } else {
        source.chars().count()
    };
    let shown = excerpt(source, start, end);
    let label = if paragraphs {
        paragraph_label(line)
    } else {
        line.to_string()
    };
    let gutter = " ".repeat(display_width_of(&label));
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{label} | {}", shown.source);
    let _ = writeln!(
        out,
        "{gutter} | {}{on}{}{off}",
        " ".repeat(shown.indent),
        "^".repeat(shown.width)
    );
    for r in &d.related {
        let (l, c) = position(index, text, r.range.start);
        let _ = writeln!(out, "{gutter} = note: {path}:{l}:{c}: {}", r.message);
    }
}

/// A note of `d` (rendered just before) that points into another file:
/// `= note: 另一份.txt:3:1: 相同的段落在此`, under the same gutter.
#[allow(clippy::too_many_arguments)]
pub fn note_elsewhere(
    out: &mut String,
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
    paragraphs: bool,
    path: &str,
    (line, column): (usize, usize),
    message: &str,
) {
    let (own, _) = position(index, text, d.range.start);
    let label = if paragraphs {
        format!("第{own}段")
    } else {
        own.to_string()
    };
    let gutter = " ".repeat(display_width_of(&label));
    let _ = writeln!(out, "{gutter} = note: {path}:{line}:{column}: {message}");
}

fn display_width_of(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The marker as written (`（一）`, `1.`, `##`), empty for titles and
/// unnumbered headings.
pub fn marker_text<'t>(text: &'t str, node: &Node) -> &'t str {
    node.marker()
        .and_then(|m| text.get(m.range.clone()))
        .map_or("", str::trim)
}

/// The node's label, trimmed.
pub fn label_text<'t>(text: &'t str, node: &Node) -> &'t str {
    text.get(node.label.clone()).map_or("", str::trim)
}

/// Where a node starts: its marker, or its label when it has none.
pub fn node_start(node: &Node) -> usize {
    node.selection().start
}

/// Writes the outline as an indented tree, one node a line:
///
/// ```text
///    3  一、主要工作
///    5    （一）强化党建引领
/// ```
pub fn outline(out: &mut String, text: &str, index: &LineIndex, roots: &[Node]) {
    outline_in(out, text, index, roots, false);
}

/// [`outline`], for a Word document when `paragraphs`: `第3段  一、主要工作`.
pub fn outline_in(
    out: &mut String,
    text: &str,
    index: &LineIndex,
    roots: &[Node],
    paragraphs: bool,
) {
    let last_line = {
        let mut max = 0;
        for r in roots {
            r.walk(&mut |n| max = max.max(position(index, text, node_start(n)).0));
        }
        max
    };
    let width = last_line.to_string().len().max(3);
    let mut report = None;
    for root in roots {
        if report.is_some_and(|r| r != root.report) {
            out.push('\n');
        }
        report = Some(root.report);
        outline_node(out, text, index, root, 0, width, paragraphs);
    }
}

fn outline_node(
    out: &mut String,
    text: &str,
    index: &LineIndex,
    node: &Node,
    depth: usize,
    width: usize,
    paragraphs: bool,
) {
    let (line, _) = position(index, text, node_start(node));
    let marker = marker_text(text, node);
    let label = label_text(text, node);
    let gap = match node.marker().map(|m| m.kind) {
        Some(baogao_core::MarkerKind::Markdown(_)) => " ",
        _ => "",
    };
    let shown = match node.kind {
        NodeKind::Title => format!("《{label}》"),
        _ => format!("{marker}{gap}{label}"),
    };
    let indent = "  ".repeat(depth);
    if paragraphs {
        let label = paragraph_label(line);
        let pad = (width + 4).saturating_sub(display_width_of(&label));
        let _ = writeln!(out, "{}{label}  {indent}{shown}", " ".repeat(pad));
    } else {
        let _ = writeln!(out, "{line:>width$}  {indent}{shown}");
    }
    for child in &node.children {
        outline_node(out, text, index, child, depth + 1, width, paragraphs);
    }
}

/// `第3段`, or `¶3` in English: a Word document's line is its paragraph.
fn paragraph_label(line: usize) -> String {
    if super::i18n::en() {
        format!("¶{line}")
    } else {
        format!("第{line}段")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baogao_core::Related;

    #[test]
    fn cjk_emoji_and_extension_b_are_two_columns() {
        assert_eq!(display_width("一"), 2);
        assert_eq!(display_width("😀"), 2);
        assert_eq!(display_width("𠀀"), 2);
        assert_eq!(display_width("（一）"), 6);
        assert_eq!(display_width("ab"), 2);
    }

    #[test]
    fn tabs_expand_to_the_next_stop() {
        assert_eq!(display_width("\t"), 4);
        assert_eq!(display_width("a\t"), 4);
        assert_eq!(display_width("一\t"), 4);
        assert_eq!(display_width("一二\t"), 8);
        let e = excerpt("一\tXX", 2, 4);
        assert_eq!(e.source, "一  XX");
        assert_eq!(e.indent, 4);
        assert_eq!(e.width, 2);
    }

    #[test]
    fn underline_sits_under_the_span() {
        let e = excerpt("😀𠀀一、XX县", 4, 6);
        assert_eq!(e.indent, 8);
        assert_eq!(e.width, 2);
        // An empty span at the end of the line still gets one caret.
        let e = excerpt("一、", 2, 2);
        assert_eq!((e.indent, e.width), (4, 1));
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let line = format!("{}XX县{}", "长".repeat(300), "文".repeat(300));
        let e = excerpt(&line, 300, 302);
        assert!(e.source.starts_with("..."));
        assert!(e.source.ends_with("..."));
        assert!(display_width(&e.source) <= MAX_SOURCE_WIDTH + 2 * ELLIPSIS.len());
        // The underline still sits under "XX".
        let before: String = e.source.chars().take_while(|&c| c != 'X').collect();
        assert_eq!(e.indent, display_width(&before));
        assert_eq!(e.width, 2);
    }

    #[test]
    fn diagnostic_block_is_rustc_like() {
        let text = "标题\n😀𠀀一、XX县\n";
        let index = LineIndex::new(text);
        let start = text.find("XX").unwrap();
        let d = Diagnostic {
            code: "placeholder",
            severity: Severity::Warning,
            range: start..start + 2,
            message: "占位符“XX”尚未填写".into(),
            related: vec![Related {
                range: 0..3,
                message: "见此".into(),
            }],
        };
        let mut out = String::new();
        diagnostic(&mut out, "a.txt", text, &index, &d);
        assert_eq!(
            out,
            "a.txt:2:5: warning[placeholder]: 占位符“XX”尚未填写\n  |\n2 | 😀𠀀一、XX县\n  |         ^^\n  = note: a.txt:1:1: 见此\n"
        );
    }

    #[test]
    fn spans_over_several_lines_underline_to_the_end_of_the_first() {
        let text = "一、总结\r\n二、计划\r\n";
        let index = LineIndex::new(text);
        let d = Diagnostic {
            code: "numbering-gap",
            severity: Severity::Information,
            range: 0..text.len(),
            message: "m".into(),
            related: vec![],
        };
        let mut out = String::new();
        diagnostic(&mut out, "b.txt", text, &index, &d);
        assert!(out.starts_with("b.txt:1:1: info[numbering-gap]: m\n"));
        assert!(out.contains("\n1 | 一、总结\n  | ^^^^^^^^\n"), "{out}");
    }
}
