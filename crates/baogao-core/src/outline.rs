//! The outline: report titles and numbered headings arranged in a tree.

use std::ops::Range;

use crate::heading::HeadingMarker;
use crate::DocumentKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A report's title line inside a compilation.
    Title,
    /// A numbered (or Markdown) heading.
    Heading(HeadingMarker),
    /// A standalone heading line that should carry a number but has none
    /// (`2023年工作思路` between `二、` and `（一）`).
    Unnumbered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Pre-order index of the node in the whole outline.
    pub id: usize,
    pub kind: NodeKind,
    /// Index into [`Outline::reports`].
    pub report: usize,
    /// Zero-based line of the node's first byte.
    pub line: usize,
    /// The title only: `交办任务全面推进` of `1.交办任务全面推进。粮食生产…`.
    pub label: Range<usize>,
    /// From the marker to the next heading of the same or a higher level.
    pub section: Range<usize>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn marker(&self) -> Option<&HeadingMarker> {
        match &self.kind {
            NodeKind::Heading(m) => Some(m),
            _ => None,
        }
    }

    /// Marker and label together: what an editor selects for this node.
    pub fn selection(&self) -> Range<usize> {
        let start = self
            .marker()
            .map_or(self.label.start, |m| m.range.start.min(self.label.start));
        start..self.label.end.max(start)
    }

    /// Visits this node and its descendants in pre-order.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }
}

/// One report of a compilation (a whole single report is one too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub range: Range<usize>,
    /// The title line, when the report has one.
    pub title: Option<Range<usize>>,
}

/// A `一是/二是` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumeration {
    pub marker: HeadingMarker,
    /// Items with the same group form one sequence; a nested list
    /// (`二是…一是…三是` inside one item) gets its own group.
    pub group: usize,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Top-level nodes of every report, in document order.
    pub roots: Vec<Node>,
    pub reports: Vec<Report>,
    pub enumerations: Vec<Enumeration>,
}

impl Outline {
    /// Visits every node in pre-order.
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        for n in &self.roots {
            n.walk(&mut f);
        }
    }

    /// The chain of nodes whose sections contain `offset`, outermost first.
    pub fn path_at(&self, offset: usize) -> Vec<&Node> {
        let mut path = Vec::new();
        let mut level = &self.roots;
        while let Some(n) = level
            .iter()
            .find(|n| n.section.start <= offset && offset < n.section.end)
        {
            path.push(n);
            level = &n.children;
        }
        path
    }
}

/// Builds the outline of `text`.
pub fn build(text: &str, _kind: DocumentKind) -> Outline {
    Outline {
        roots: Vec::new(),
        reports: vec![Report {
            range: 0..text.len(),
            title: None,
        }],
        enumerations: Vec::new(),
    }
}
