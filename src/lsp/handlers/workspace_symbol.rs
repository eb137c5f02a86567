//! `workspace/symbol`: the headings and report titles of every draft, open or
//! on disk. A query matches a heading's text by substring (letters ignore
//! case) or by pinyin initials (`gzzj` finds `工作总结`). Ranked: titles and
//! higher levels first, then matches at the start of the label, then
//! shorter names.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    Location, SymbolInformation, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use super::symbols;
use crate::lsp::convert;
use crate::lsp::ctx::Ctx;
use crate::lsp::naming::node_name;
use crate::lsp::pipeline;

/// At most this many results, so a one-letter query on a big folder stays fast.
const LIMIT: usize = 256;

/// How well `name` matches `query` (lower is better), or `None`.
fn score(name: &str, label: &str, query: &str, query_lower: &str) -> Option<u32> {
    if query.is_empty() {
        return Some(3);
    }
    if label.starts_with(query) {
        return Some(0);
    }
    if name.contains(query) {
        return Some(1);
    }
    if query.chars().all(|c| c.is_ascii_alphabetic()) {
        if name.to_lowercase().contains(query_lower) {
            return Some(1);
        }
        if crate::lsp::words::initials_match(label, query_lower) {
            return Some(2);
        }
    }
    None
}

/// A walk over outlines collecting the matches.
struct Search<'q> {
    query: &'q str,
    query_lower: &'q str,
    enc: convert::Encoding,
    /// Names of the headings above the current one.
    container: Vec<String>,
    /// (score, depth, name length, symbol)
    found: Vec<(u32, u8, usize, SymbolInformation)>,
}

impl Search<'_> {
    fn visit(
        &mut self,
        n: &baogao_core::Node,
        depth: u8,
        snap: &crate::lsp::pipeline::cache::Snapshot,
    ) {
        let text = &snap.text;
        let name = node_name(text, n);
        let label = text.get(n.label.clone()).unwrap_or("").trim();
        if let Some(s) = score(&name, label, self.query, self.query_lower) {
            #[allow(deprecated)]
            let symbol = SymbolInformation {
                name: name.clone(),
                kind: symbols::symbol_kind(n),
                tags: None,
                deprecated: None,
                location: Location::new(
                    snap.uri.clone(),
                    convert::range(snap.rope(), n.selection(), self.enc),
                ),
                container_name: self.container.last().cloned(),
            };
            self.found.push((s, depth, name.chars().count(), symbol));
        }
        self.container.push(name);
        for c in &n.children {
            self.visit(c, depth.saturating_add(1), snap);
        }
        self.container.pop();
    }
}

pub async fn symbol(
    ctx: &Arc<Ctx>,
    params: WorkspaceSymbolParams,
) -> jsonrpc::Result<Option<WorkspaceSymbolResponse>> {
    let query = params.query.trim().to_string();
    let query_lower = query.to_lowercase();
    let enc = ctx.session().encoding;
    // Open documents first (their buffers win), then drafts on disk.
    let mut snapshots = Vec::new();
    for uri in ctx.store.uris() {
        if let Ok(s) = pipeline::snapshot(ctx, &uri).await {
            snapshots.push(s);
        }
    }
    for (uri, s) in ctx.drafts.files() {
        if ctx.store.open_as(&uri).is_none() {
            snapshots.push(s);
        }
    }
    let mut search = Search {
        query: &query,
        query_lower: &query_lower,
        enc,
        container: Vec::new(),
        found: Vec::new(),
    };
    for snap in &snapshots {
        for n in &snap.analysis.outline.roots {
            search.visit(n, 0, snap);
        }
    }
    let mut found = search.found;
    found.sort_by_key(|(s, depth, len, _)| (*s, *depth, *len));
    found.truncate(LIMIT);
    let list: Vec<SymbolInformation> = found.into_iter().map(|(_, _, _, s)| s).collect();
    Ok(Some(WorkspaceSymbolResponse::Flat(list)))
}
