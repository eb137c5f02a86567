//! `didOpen`, `didChange` and `didClose`.
//!
//! The document is mutated before the first `.await` of each handler, so
//! edits land in the order the client sent them; only then are diagnostics
//! scheduled and messages sent.

use std::sync::Arc;
use std::time::Duration;

use baogao_core::DocumentKind;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, MessageType,
};

use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;
use crate::lsp::state::ChangeError;
use crate::lsp::workspace;

/// Markdown when the client says so or the path ends in `.md`; plain text otherwise.
fn document_kind(language_id: &str, uri_path: &str) -> DocumentKind {
    if matches!(language_id, "markdown" | "mdx") {
        DocumentKind::Markdown
    } else {
        DocumentKind::from_path(uri_path)
    }
}

/// A Word document: an editor that opens one holds its zip bytes, not the
/// text, so the buffer is ignored and the draft read from disk (one line
/// per paragraph) stays what is analysed.
fn is_word_document(uri: &tower_lsp_server::ls_types::Uri) -> bool {
    crate::files::is_word_path(std::path::Path::new(uri.path().as_str()))
}

pub fn did_open(ctx: &Arc<Ctx>, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    if is_word_document(&doc.uri) {
        tracing::debug!(uri = doc.uri.as_str(), "didOpen of a Word document ignored");
        return;
    }
    let kind = document_kind(&doc.language_id, doc.uri.path().as_str());
    let epoch = ctx
        .store
        .open(doc.uri.clone(), doc.version, kind, &doc.text);
    tracing::debug!(
        uri = doc.uri.as_str(),
        version = doc.version,
        ?kind,
        "didOpen"
    );
    workspace::opened(ctx, &doc.uri);
    // The first diagnostics come without a debounce.
    pipeline::schedule(ctx, doc.uri, doc.version, epoch, Duration::ZERO);
}

pub async fn did_change(ctx: &Arc<Ctx>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    if is_word_document(&uri) {
        return;
    }
    let version = params.text_document.version;
    let session = ctx.session();
    let result = ctx
        .store
        .change(&uri, version, &params.content_changes, session.encoding);
    // Everything below may await: the document is already up to date.
    match result {
        Ok(version) => {
            if let Some((current, epoch)) = ctx.store.current(&uri) {
                if current == version {
                    pipeline::schedule(ctx, uri, version, epoch, session.settings.debounce);
                }
            }
        }
        Err(error) => {
            tracing::warn!(uri = uri.as_str(), version, "didChange ignored: {error}");
            let message = format!("baogao：{}（{}）", error, uri.as_str());
            let typ = match error {
                ChangeError::BadRange { .. } => MessageType::ERROR,
                _ => MessageType::WARNING,
            };
            ctx.client.log_message(typ, &message).await;
            if matches!(error, ChangeError::BadRange { .. }) {
                ctx.client.show_message(typ, message).await;
            }
        }
    }
}

pub async fn did_close(ctx: &Arc<Ctx>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if !ctx.store.close(&uri) {
        tracing::warn!(
            uri = uri.as_str(),
            "didClose for a document that is not open"
        );
        return;
    }
    // A draft of the workspace falls back to its file on disk, whose
    // diagnostics stay listed; anything else is cleared.
    if !workspace::closed(ctx, &uri).await {
        pipeline::clear(ctx, uri).await;
    }
}
