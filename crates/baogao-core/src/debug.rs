//! A plain-text rendering of an analysis, for snapshot tests and debugging.

use std::fmt::Write;

use crate::{Analysis, LineIndex, Node, NodeKind, PositionEncoding};

/// Renders the outline as an indented tree and the diagnostics one per line,
/// with 1-based lines and columns counted in characters.
pub fn render(text: &str, analysis: &Analysis) -> String {
    let idx = LineIndex::new(text);
    let mut out = String::new();
    for (i, r) in analysis.outline.reports.iter().enumerate() {
        let (l, _) = idx.position(text, r.range.start, PositionEncoding::Utf32);
        let title = r.title.clone().map_or("（无标题）", |t| &text[t]);
        let _ = writeln!(out, "report {i} @{}: {title}", l + 1);
    }
    for n in &analysis.outline.roots {
        render_node(text, &idx, n, 0, &mut out);
    }
    for e in &analysis.outline.enumerations {
        let _ = writeln!(
            out,
            "enum {} g{} @{}",
            &text[e.marker.range.clone()],
            e.group,
            e.line + 1
        );
    }
    for d in &analysis.diagnostics {
        let (l, c) = idx.position(text, d.range.start, PositionEncoding::Utf32);
        let _ = writeln!(
            out,
            "{}:{} {}[{}] {} «{}»",
            l + 1,
            c + 1,
            d.severity.as_str(),
            d.code,
            d.message,
            &text[d.range.clone()]
        );
    }
    out
}

fn render_node(text: &str, idx: &LineIndex, n: &Node, depth: usize, out: &mut String) {
    let marker = match &n.kind {
        NodeKind::Title => "《标题》".to_string(),
        NodeKind::Unnumbered => "〈无编号〉".to_string(),
        NodeKind::Heading(m) => text[m.range.clone()].trim().to_string(),
    };
    let end_line = idx.line_of(n.section.end) + 1;
    let _ = writeln!(
        out,
        "{}{marker} {} [{}-{}]",
        "  ".repeat(depth),
        &text[n.label.clone()],
        n.line + 1,
        end_line
    );
    for c in &n.children {
        render_node(text, idx, c, depth + 1, out);
    }
}
