//! Heading-style paragraphs without a number in the outline.
//!
//! The core finds headings by their numbers (and a few unnumbered ones by
//! context); a Word paragraph of style `Heading 1`/`标题 1` is a heading
//! whatever its text. The core has no hook for that, so the outline the
//! command line shows gets those paragraphs added here: as
//! [`NodeKind::Unnumbered`] nodes, nested by their style's level (a title
//! node does not count as a level), in paragraph order.

use std::collections::HashSet;

use baogao_core::{Node, NodeKind};

use super::ParagraphMap;

/// Adds the unnumbered heading-style paragraphs of `map` that the core's
/// outline does not have yet to `roots`, and renumbers the node ids.
pub fn add_styled_headings(text: &str, roots: &mut Vec<Node>, map: &ParagraphMap) {
    let mut known = HashSet::new();
    for r in roots.iter() {
        r.walk(&mut |n| {
            known.insert(n.line);
        });
    }
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    for h in map.headings.iter().filter(|h| !h.numbered) {
        let line = h.paragraph.saturating_sub(1);
        let (Some(&start), false) = (starts.get(line), known.contains(&line)) else {
            continue;
        };
        let end = starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let label = start + lead..start + raw.trim_end().len();
        if label.is_empty() {
            continue;
        }
        let node = Node {
            id: 0,
            kind: NodeKind::Unnumbered,
            rank: 10 + h.level,
            report: 0,
            line,
            label,
            section: start..end,
            children: Vec::new(),
        };
        insert(roots, node, usize::from(h.level.max(1)));
    }
    let mut next = 0;
    for r in roots.iter_mut() {
        renumber(r, &mut next);
    }
}

fn insert(list: &mut Vec<Node>, mut node: Node, level: usize) {
    let pos = list.partition_point(|n| n.line < node.line);
    if pos > 0 {
        let before = &mut list[pos - 1];
        let title = matches!(before.kind, NodeKind::Title);
        if title || level > 1 {
            node.report = before.report;
            let level = if title { level } else { level - 1 };
            return insert(&mut before.children, node, level);
        }
        node.report = before.report;
    } else if let Some(after) = list.get(pos) {
        node.report = after.report;
    }
    list.insert(pos, node);
}

fn renumber(node: &mut Node, next: &mut usize) {
    node.id = *next;
    *next += 1;
    for c in &mut node.children {
        renumber(c, next);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    #[test]
    fn unnumbered_heading_styles_join_the_outline() {
        let doc = super::super::read(&heading_styles_report()).unwrap();
        let analysis = baogao_core::analyze(&doc.text, &baogao_core::Config::default());
        let mut roots = analysis.outline.roots.clone();
        add_styled_headings(&doc.text, &mut roots, &doc.map);
        let mut shown = Vec::new();
        fn walk(n: &Node, depth: usize, text: &str, out: &mut Vec<String>) {
            out.push(format!("{}{}", "  ".repeat(depth), &text[n.label.clone()]));
            for c in &n.children {
                walk(c, depth + 1, text, out);
            }
        }
        for r in &roots {
            walk(r, 0, &doc.text, &mut shown);
        }
        assert_eq!(
            shown[..4],
            [
                "XX局2024年工作总结",
                "  工作回顾",
                "    主要成绩",
                "    存在不足",
            ]
        );
        // The last one the core already has (as it reads a short closing
        // line): it is not added twice.
        assert_eq!(shown.iter().filter(|s| s.trim() == "下一步打算").count(), 1);
        let mut ids = Vec::new();
        for r in &roots {
            r.walk(&mut |n| ids.push(n.id));
        }
        assert_eq!(ids, (0..ids.len()).collect::<Vec<_>>());
    }
}
