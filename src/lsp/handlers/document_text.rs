//! `baogao/documentText`: the text the server holds for a document.
//!
//! A tool and test aid, not an editor feature: params
//! `{"textDocument": {"uri": …}}`, result `{"version": n, "text": "…"}`, or
//! `InvalidParams` when the document is not open. Tests use it to check that
//! the server's copy is exactly the client's after any sequence of edits.

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use crate::lsp::ctx::Ctx;
use crate::lsp::guard;

pub const METHOD: &str = "baogao/documentText";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct DocumentText {
    pub version: i32,
    pub text: String,
}

pub fn document_text(ctx: &Ctx, params: DocumentTextParams) -> jsonrpc::Result<DocumentText> {
    let uri = params.text_document.uri;
    let (version, text) = ctx
        .store
        .text(&uri)
        .ok_or_else(|| guard::unknown_document(&uri))?;
    Ok(DocumentText { version, text })
}
