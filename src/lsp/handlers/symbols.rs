//! `textDocument/documentSymbol`: the outline of the report.
//!
//! Symbol kinds, chosen so that editors show distinct icons per level:
//!
//! | node                              | kind        |
//! |-----------------------------------|-------------|
//! | report title                      | Namespace   |
//! | `第X编/章/节/条`                  | Package     |
//! | `#`…`######` (Markdown)           | String      |
//! | `一、`                            | Module      |
//! | `（一）`                          | Class       |
//! | `1.`                              | Method      |
//! | `（1）`                           | Field       |
//! | `①`                               | EnumMember  |
//! | heading without a number          | Object      |
//!
//! `range` spans the node's section, `selectionRange` its marker and label;
//! `detail` gives the section's 字数. The outline is cached per snapshot and,
//! for a document analysed in chunks, converted per chunk (`pipeline::views`):
//! after an edit only the edited chunk is converted and counted again.

use std::sync::Arc;

use std::ops::Range;

use baogao_core::{MarkerKind, Node, NodeKind};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation,
    SymbolKind, Uri,
};

use crate::lsp::convert::Encoding;
use crate::lsp::ctx::Ctx;
use crate::lsp::naming::node_name;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;
use crate::lsp::pipeline::views::{self, Part};

pub fn symbol_kind(node: &Node) -> SymbolKind {
    match &node.kind {
        NodeKind::Title => SymbolKind::NAMESPACE,
        NodeKind::Unnumbered => SymbolKind::OBJECT,
        NodeKind::Heading(m) => match m.kind {
            MarkerKind::Chapter(_) => SymbolKind::PACKAGE,
            MarkerKind::Markdown(_) => SymbolKind::STRING,
            MarkerKind::Capital | MarkerKind::Roman => SymbolKind::NAMESPACE,
            MarkerKind::Chinese => SymbolKind::MODULE,
            MarkerKind::ParenChinese => SymbolKind::CLASS,
            MarkerKind::Arabic => SymbolKind::METHOD,
            MarkerKind::ParenArabic => SymbolKind::FIELD,
            MarkerKind::Circled => SymbolKind::ENUM_MEMBER,
            MarkerKind::Enumeration => SymbolKind::CONSTANT,
        },
    }
}

/// The selection clamped into the section, as clients require.
fn selection(node: &Node) -> Range<usize> {
    let section = &node.section;
    let sel = node.selection();
    let start = sel
        .start
        .clamp(section.start, section.end.max(section.start));
    let end = sel.end.clamp(start, section.end.max(start));
    start..end
}

/// 字数 of every section in one pass over the text.
///
/// Counting each section on its own costs the text length times the depth of
/// the outline (a 10 MB compilation took half a second); instead the text is
/// cut at every section boundary once and each section sums its pieces.
pub struct SectionChars {
    /// Sorted, distinct section boundaries.
    bounds: Vec<usize>,
    /// `prefix[i]`: 字数 of `text[..bounds[i]]`.
    prefix: Vec<usize>,
}

impl SectionChars {
    pub fn new(text: &str, outline: &baogao_core::Outline) -> SectionChars {
        let mut bounds = vec![0, text.len()];
        outline.walk(|n| {
            bounds.push(n.section.start.min(text.len()));
            bounds.push(n.section.end.min(text.len()));
        });
        bounds.sort_unstable();
        bounds.dedup();
        let mut prefix = Vec::with_capacity(bounds.len());
        let mut total = 0;
        let mut prev = 0;
        for &b in &bounds {
            total += baogao_core::count_chars(text.get(prev..b).unwrap_or(""));
            prefix.push(total);
            prev = b;
        }
        SectionChars { bounds, prefix }
    }

    fn at(&self, offset: usize) -> usize {
        match self.bounds.binary_search(&offset) {
            Ok(i) => self.prefix[i],
            // Not a boundary (cannot happen for a node's own range): clamp.
            Err(i) => self.prefix[i.saturating_sub(1).min(self.prefix.len() - 1)],
        }
    }

    /// 字数 of a node's section.
    pub fn of(&self, node: &Node) -> usize {
        self.at(node.section.end)
            .saturating_sub(self.at(node.section.start))
    }
}

fn nested(part: &Part, chars: &SectionChars, node: &Node, enc: Encoding) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = node
        .children
        .iter()
        .map(|c| nested(part, chars, c, enc))
        .collect();
    #[allow(deprecated)]
    DocumentSymbol {
        name: node_name(part.text, node),
        detail: Some(format!("{} 字", chars.of(node))),
        kind: symbol_kind(node),
        tags: None,
        deprecated: None,
        range: part.at.range(node.section.clone(), enc),
        selection_range: part.at.range(selection(node), enc),
        children: (!children.is_empty()).then_some(children),
    }
}

/// One part's symbols, lines counted from the part's first line.
struct PartSymbols(Vec<DocumentSymbol>);

/// The whole outline, hierarchical.
struct Nested(Vec<DocumentSymbol>);

/// The whole outline, flat.
struct Flat(Vec<SymbolInformation>);

fn shift(s: &mut DocumentSymbol, by: u32) {
    for r in [&mut s.range, &mut s.selection_range] {
        r.start.line += by;
        r.end.line += by;
    }
    for c in s.children.iter_mut().flatten() {
        shift(c, by);
    }
}

/// The outline as nested symbols, cached per snapshot and built from
/// per-chunk symbols (each chunk converted once, then shifted).
fn nested_symbols(snapshot: &Snapshot, enc: Encoding) -> Arc<Nested> {
    views::whole(snapshot, enc, || {
        let parts = views::parts(snapshot, enc, |part| {
            let chars = SectionChars::new(part.text, &part.analysis.outline);
            PartSymbols(
                part.analysis
                    .outline
                    .roots
                    .iter()
                    .map(|n| nested(part, &chars, n, enc))
                    .collect(),
            )
        });
        let mut out = Vec::with_capacity(parts.iter().map(|(_, p)| p.0.len()).sum());
        for (line, symbols) in parts {
            for s in &symbols.0 {
                let mut s = s.clone();
                if line > 0 {
                    shift(&mut s, line);
                }
                out.push(s);
            }
        }
        Nested(out)
    })
}

fn flat(
    uri: &Uri,
    symbol: &DocumentSymbol,
    container: Option<&str>,
    out: &mut Vec<SymbolInformation>,
) {
    #[allow(deprecated)]
    out.push(SymbolInformation {
        name: symbol.name.clone(),
        kind: symbol.kind,
        tags: None,
        deprecated: None,
        location: Location::new(uri.clone(), symbol.range),
        container_name: container.map(String::from),
    });
    for c in symbol.children.iter().flatten() {
        flat(uri, c, Some(&symbol.name), out);
    }
}

pub async fn document_symbol(
    ctx: &Arc<Ctx>,
    params: DocumentSymbolParams,
) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    let session = ctx.session();
    Ok(Some(response(
        &snapshot,
        session.encoding,
        session.hierarchical_symbols,
    )))
}

/// The outline of `snapshot`, nested or flat, from the cache.
pub fn response(snapshot: &Snapshot, enc: Encoding, hierarchical: bool) -> DocumentSymbolResponse {
    if hierarchical {
        DocumentSymbolResponse::Nested(nested_symbols(snapshot, enc).0.clone())
    } else {
        let symbols = views::whole(snapshot, enc, || {
            let mut out = Vec::new();
            for s in &nested_symbols(snapshot, enc).0 {
                flat(&snapshot.uri, s, None, &mut out);
            }
            Flat(out)
        });
        DocumentSymbolResponse::Flat(symbols.0.clone())
    }
}
