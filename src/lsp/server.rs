//! `impl LanguageServer`: one line per method, delegating to `handlers::*`
//! through the panic guard.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult,
    DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeParams, Hover,
    HoverParams, InitializeParams, InitializeResult, InitializedParams,
};
use tower_lsp_server::LanguageServer;

use super::guard;
use super::handlers::{diagnostics, folding, hover, lifecycle, symbols, sync, Ctx};

#[derive(Debug)]
pub struct Server {
    ctx: Arc<Ctx>,
}

impl Server {
    pub fn new(ctx: Arc<Ctx>) -> Server {
        Server { ctx }
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard::request("initialize", async {
            lifecycle::initialize(&self.ctx, params)
        })
        .await
    }

    async fn initialized(&self, _: InitializedParams) {
        guard::notification("initialized", async {
            lifecycle::initialized(&self.ctx);
        })
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        guard::request("shutdown", async { lifecycle::shutdown(&self.ctx) }).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guard::notification("textDocument/didOpen", async {
            sync::did_open(&self.ctx, params);
        })
        .await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        guard::notification(
            "textDocument/didChange",
            sync::did_change(&self.ctx, params),
        )
        .await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guard::notification("textDocument/didClose", sync::did_close(&self.ctx, params)).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guard::notification("workspace/didChangeConfiguration", async {
            lifecycle::did_change_configuration(&self.ctx, params);
        })
        .await;
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guard::request(
            "textDocument/documentSymbol",
            symbols::document_symbol(&self.ctx, params),
        )
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        guard::request(
            "textDocument/foldingRange",
            folding::folding_range(&self.ctx, params),
        )
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guard::request("textDocument/hover", hover::hover(&self.ctx, params)).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        guard::request(
            "textDocument/diagnostic",
            diagnostics::pull(&self.ctx, params),
        )
        .await
    }
}
