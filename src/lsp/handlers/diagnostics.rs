//! `textDocument/diagnostic` and `workspace/diagnostic`, for clients that
//! pull diagnostics (they are then never pushed). The reports carry the same
//! items, under the same caps, as `pipeline::publish` would push.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
    WorkspaceDiagnosticParams, WorkspaceDiagnosticReport, WorkspaceDiagnosticReportResult,
    WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
};

use crate::lsp::ctx::Ctx;
use crate::lsp::pipeline;

/// `textDocument/diagnostic`: the full report, or "unchanged" when the
/// client already has the report of this version.
pub async fn pull(
    ctx: &Arc<Ctx>,
    params: DocumentDiagnosticParams,
) -> jsonrpc::Result<DocumentDiagnosticReportResult> {
    let snapshot = pipeline::snapshot(ctx, &params.text_document.uri).await?;
    pipeline::track(ctx, &snapshot).await;
    let session = ctx.session();
    let result_id = format!(
        "{}-{}-{}",
        snapshot.epoch, snapshot.version, session.settings_generation
    );
    let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        })
    } else {
        let items = pipeline::items(ctx, &snapshot, session.encoding, &session.settings);
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}

/// `workspace/diagnostic`: full reports for the drafts on disk that are not
/// open (open documents are pulled one by one with `textDocument/diagnostic`).
pub async fn pull_workspace(
    ctx: &Ctx,
    _params: WorkspaceDiagnosticParams,
) -> jsonrpc::Result<WorkspaceDiagnosticReportResult> {
    let session = ctx.session();
    let mut items = Vec::new();
    for (uri, snapshot) in ctx.drafts.files() {
        if ctx.store.open_as(&uri).is_some() {
            continue;
        }
        let diagnostics = pipeline::items(ctx, &snapshot, session.encoding, &session.settings);
        items.push(WorkspaceDocumentDiagnosticReport::Full(
            WorkspaceFullDocumentDiagnosticReport {
                uri,
                version: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items: diagnostics,
                },
            },
        ));
    }
    Ok(WorkspaceDiagnosticReportResult::Report(
        WorkspaceDiagnosticReport { items },
    ))
}
