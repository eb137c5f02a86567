//! `impl LanguageServer`: one line per method, delegating to `handlers::*`
//! through the panic guard (`tests/lsp_architecture.rs` checks that every
//! method goes through `guard::request` or `guard::notification`).

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CodeLens, CodeLensParams, CompletionParams,
    CompletionResponse, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReportResult, DocumentSymbolParams,
    DocumentSymbolResponse, ExecuteCommandParams, FoldingRange, FoldingRangeParams, Hover,
    HoverParams, InitializeParams, InitializeResult, InitializedParams, SemanticTokensDeltaParams,
    SemanticTokensFullDeltaResult, SemanticTokensParams, SemanticTokensRangeParams,
    SemanticTokensRangeResult, SemanticTokensResult, WorkspaceDiagnosticParams,
    WorkspaceDiagnosticReportResult, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::LanguageServer;

use super::ctx::Ctx;
use super::guard;
use super::handlers::{
    code_action, code_lens, commands, completion, diagnostics, document_text, folding, hover,
    lifecycle, semantic_tokens, symbols, sync, workspace_symbol,
};

#[derive(Debug)]
pub struct Server {
    ctx: Arc<Ctx>,
}

impl Server {
    pub fn new(ctx: Arc<Ctx>) -> Server {
        Server { ctx }
    }

    /// `baogao/documentText` (a custom request; see `handlers/document_text.rs`).
    pub async fn document_text(
        &self,
        params: document_text::DocumentTextParams,
    ) -> Result<document_text::DocumentText> {
        guard::request(document_text::METHOD, async {
            document_text::document_text(&self.ctx, params)
        })
        .await
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

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        guard::notification("workspace/didChangeWatchedFiles", async {
            lifecycle::did_change_watched_files(&self.ctx, params);
        })
        .await;
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        guard::request(
            "workspace/symbol",
            workspace_symbol::symbol(&self.ctx, params),
        )
        .await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        guard::request(
            "workspace/diagnostic",
            diagnostics::pull_workspace(&self.ctx, params),
        )
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        guard::request(
            "textDocument/codeLens",
            code_lens::code_lens(&self.ctx, params),
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

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        guard::request(
            "textDocument/completion",
            completion::completion(&self.ctx, params),
        )
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard::request(
            "textDocument/codeAction",
            code_action::code_action(&self.ctx, params),
        )
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        guard::request(
            "workspace/executeCommand",
            commands::execute_command(&self.ctx, params),
        )
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        guard::request(
            "textDocument/semanticTokens/full",
            semantic_tokens::full(&self.ctx, params),
        )
        .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        guard::request(
            "textDocument/semanticTokens/full/delta",
            semantic_tokens::full_delta(&self.ctx, params),
        )
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        guard::request(
            "textDocument/semanticTokens/range",
            semantic_tokens::range(&self.ctx, params),
        )
        .await
    }
}
