//! Semantic classification of a report's text, for highlighting.

use std::ops::Range;

use crate::{Analysis, NodeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A report's title line.
    Title,
    /// A heading's marker (`一、`, `（一）`, `1.`…).
    HeadingMarker,
    /// A heading's title text.
    HeadingLabel,
    /// An `一是/二是` marker.
    EnumerationMarker,
    /// An unfilled placeholder.
    Placeholder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
    /// Depth of the heading in the outline, 1 at the top (0 for other tokens).
    pub level: u8,
}

/// Every token, sorted by start, never overlapping (a placeholder inside a
/// heading label splits the label around it).
pub fn tokens(analysis: &Analysis) -> Vec<Token> {
    let mut out = Vec::new();
    fn walk(n: &crate::Node, depth: u8, out: &mut Vec<Token>) {
        match &n.kind {
            NodeKind::Title => out.push(Token {
                range: n.label.clone(),
                kind: TokenKind::Title,
                level: depth,
            }),
            NodeKind::Heading(m) => {
                out.push(Token {
                    range: m.range.clone(),
                    kind: TokenKind::HeadingMarker,
                    level: depth,
                });
                out.push(Token {
                    range: n.label.clone(),
                    kind: TokenKind::HeadingLabel,
                    level: depth,
                });
            }
            NodeKind::Unnumbered => out.push(Token {
                range: n.label.clone(),
                kind: TokenKind::HeadingLabel,
                level: depth,
            }),
        }
        for c in &n.children {
            walk(c, depth.saturating_add(1), out);
        }
    }
    for n in &analysis.outline.roots {
        walk(n, 1, &mut out);
    }
    for e in &analysis.outline.enumerations {
        out.push(Token {
            range: e.marker.range.clone(),
            kind: TokenKind::EnumerationMarker,
            level: 0,
        });
    }
    out.retain(|t| !t.range.is_empty());
    out.sort_by_key(|t| (t.range.start, t.range.end));
    // Placeholders win over what they sit in: cut the enclosing token around them.
    let mut result: Vec<Token> = Vec::with_capacity(out.len() + analysis.placeholders.len());
    let mut ph = analysis.placeholders.iter().peekable();
    for t in out {
        if result.last().is_some_and(|l| l.range.end > t.range.start) {
            continue;
        }
        let mut start = t.range.start;
        while let Some(p) = ph.peek() {
            if p.range.start >= t.range.end {
                break;
            }
            let p = ph.next().expect("peeked");
            if p.range.start < t.range.start {
                // In body text before this token: a token of its own.
                result.push(Token {
                    range: p.range.clone(),
                    kind: TokenKind::Placeholder,
                    level: 0,
                });
                continue;
            }
            if p.range.start < start {
                continue;
            }
            if p.range.start > start {
                result.push(Token {
                    range: start..p.range.start,
                    ..t.clone()
                });
            }
            let end = p.range.end.min(t.range.end);
            result.push(Token {
                range: p.range.start..end,
                kind: TokenKind::Placeholder,
                level: 0,
            });
            start = end;
        }
        if start < t.range.end {
            result.push(Token {
                range: start..t.range.end,
                ..t
            });
        }
    }
    // Placeholders outside any heading.
    for p in ph {
        result.push(Token {
            range: p.range.clone(),
            kind: TokenKind::Placeholder,
            level: 0,
        });
    }
    result.sort_by_key(|t| (t.range.start, t.range.end));
    result.dedup_by(|b, a| b.range.start < a.range.end);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config};

    #[test]
    fn placeholders_in_body_text_between_tokens_survive() {
        let text = "（一）甲。一是乙，二是xx。\n1.丙\n";
        let a = analyze(text, &Config::default());
        let kinds: Vec<TokenKind> = tokens(&a).into_iter().map(|t| t.kind).collect();
        assert!(kinds.contains(&TokenKind::Placeholder), "{kinds:?}");
    }

    #[test]
    fn markers_labels_and_placeholders() {
        let text = "一、XX县工作\n（一）甲。一是乙，二是xx。\n";
        let a = analyze(text, &Config::default());
        let got: Vec<(String, TokenKind, u8)> = tokens(&a)
            .into_iter()
            .map(|t| (text[t.range].to_string(), t.kind, t.level))
            .collect();
        assert_eq!(
            got,
            [
                ("一、".into(), TokenKind::HeadingMarker, 1),
                ("XX".into(), TokenKind::Placeholder, 0),
                ("县工作".into(), TokenKind::HeadingLabel, 1),
                ("（一）".into(), TokenKind::HeadingMarker, 2),
                ("甲".into(), TokenKind::HeadingLabel, 2),
                ("一是".into(), TokenKind::EnumerationMarker, 0),
                ("二是".into(), TokenKind::EnumerationMarker, 0),
                ("xx".into(), TokenKind::Placeholder, 0),
            ]
        );
    }
}
