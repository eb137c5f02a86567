//! Diagnostics: pushed after `didOpen`/`didChange`, or pulled with
//! `textDocument/diagnostic` when the client supports it (never both).
//!
//! A change schedules a task that waits for the debounce, checks that no
//! newer change arrived, analyses a snapshot off the async threads and
//! publishes with the snapshot's version. Publishing holds
//! [`Ctx::published`], re-checks that the version is still current and never
//! sends a version older than one already sent.

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    Location, NumberOrString, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport, Uri,
};

use super::Ctx;
use crate::lsp::config::Settings;
use crate::lsp::convert::{self, Encoding};
use crate::lsp::state::Snapshot;

fn severity(s: baogao_core::Severity) -> DiagnosticSeverity {
    match s {
        baogao_core::Severity::Error => DiagnosticSeverity::ERROR,
        baogao_core::Severity::Warning => DiagnosticSeverity::WARNING,
        baogao_core::Severity::Information => DiagnosticSeverity::INFORMATION,
        baogao_core::Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The snapshot's diagnostics in LSP form, with the default caps.
pub fn to_proto(snapshot: &Snapshot, enc: Encoding) -> Vec<Diagnostic> {
    to_proto_capped(snapshot, enc, &Settings::default())
}

fn convert_one(snapshot: &Snapshot, d: &baogao_core::Diagnostic, enc: Encoding) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                snapshot.uri.clone(),
                convert::range_in(snapshot, r.range.clone(), enc),
            ),
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: convert::range_in(snapshot, d.range.clone(), enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("baogao".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// A zero-width note of the server itself (not of a rule) at `offset`.
fn note(
    snapshot: &Snapshot,
    offset: usize,
    code: &str,
    message: String,
    enc: Encoding,
) -> Diagnostic {
    let range = convert::range(&snapshot.rope, offset..offset, enc);
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("baogao".to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// The snapshot's diagnostics in LSP form, within the caps of `settings`:
/// nothing past `diagnostics.maxFileKb` (one note says where checking
/// stopped) and at most `diagnostics.max` items (one note counts the rest).
/// Only the diagnostics that are sent are converted.
pub fn to_proto_capped(snapshot: &Snapshot, enc: Encoding, settings: &Settings) -> Vec<Diagnostic> {
    let all = &snapshot.analysis.diagnostics;
    let text = &snapshot.text;
    let limit = settings.max_file_bytes();
    // Diagnostics are sorted by start: the ones inside the size cap are a prefix.
    let (linted, cut) = if text.len() > limit {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        (all.partition_point(|d| d.range.start < cut), Some(cut))
    } else {
        (all.len(), None)
    };
    let shown = linted.min(settings.max_diagnostics);
    let mut out: Vec<Diagnostic> = all[..shown]
        .iter()
        .map(|d| convert_one(snapshot, d, enc))
        .collect();
    if shown < linted {
        let hidden = linted - shown;
        out.push(note(
            snapshot,
            all[shown].range.start,
            "too-many-diagnostics",
            format!(
                "还有 {hidden} 个问题未显示：每个文件最多显示 {} 个（设置 diagnostics.max）",
                settings.max_diagnostics
            ),
            enc,
        ));
    }
    if let Some(cut) = cut {
        out.push(note(
            snapshot,
            cut,
            "file-too-large",
            format!(
                "文件超过 {} KB，此处之后只生成大纲、不再检查（设置 diagnostics.maxFileKb）",
                settings.max_file_kb
            ),
            enc,
        ));
    }
    out
}

/// Schedules diagnostics for `version` of `uri` after `delay` (push mode only).
pub fn schedule(ctx: &Arc<Ctx>, uri: Uri, version: i32, epoch: u64, delay: Duration) {
    if ctx.session().pull_diagnostics {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
            // A newer change has its own task: this one is coalesced into it.
            if ctx.store.current(&uri) != Some((version, epoch)) {
                return;
            }
        }
        let snapshot = match ctx.snapshot(&uri).await {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(uri = uri.as_str(), "no diagnostics: {}", e.message);
                return;
            }
        };
        if (snapshot.version, snapshot.epoch) == (version, epoch) {
            publish(&ctx, &snapshot).await;
        }
    });
}

async fn publish(ctx: &Ctx, snapshot: &Snapshot) {
    let mut published = ctx.published.lock().await;
    if ctx.store.current(&snapshot.uri) != Some((snapshot.version, snapshot.epoch)) {
        return;
    }
    if let Some(&(epoch, version)) = published.get(&snapshot.uri) {
        if epoch == snapshot.epoch && version > snapshot.version {
            return;
        }
    }
    let session = ctx.session();
    let items = if session.settings.diagnostics_enabled {
        to_proto_capped(snapshot, session.encoding, &session.settings)
    } else {
        Vec::new()
    };
    tracing::debug!(
        uri = snapshot.uri.as_str(),
        version = snapshot.version,
        n = items.len(),
        "publishDiagnostics"
    );
    ctx.client
        .publish_diagnostics(snapshot.uri.clone(), items, Some(snapshot.version))
        .await;
    published.insert(snapshot.uri.clone(), (snapshot.epoch, snapshot.version));
}

/// Clears the diagnostics of a closed document (push mode only).
pub async fn clear(ctx: &Ctx, uri: Uri) {
    if ctx.session().pull_diagnostics {
        return;
    }
    let mut published = ctx.published.lock().await;
    published.remove(&uri);
    ctx.client.publish_diagnostics(uri, Vec::new(), None).await;
}

/// `textDocument/diagnostic`: the full report, or "unchanged" when the
/// client already has the report of this version.
pub async fn pull(
    ctx: &Ctx,
    params: DocumentDiagnosticParams,
) -> jsonrpc::Result<DocumentDiagnosticReportResult> {
    let snapshot = ctx.snapshot(&params.text_document.uri).await?;
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
        let items = if session.settings.diagnostics_enabled {
            to_proto_capped(&snapshot, session.encoding, &session.settings)
        } else {
            Vec::new()
        };
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
    _params: tower_lsp_server::ls_types::WorkspaceDiagnosticParams,
) -> jsonrpc::Result<tower_lsp_server::ls_types::WorkspaceDiagnosticReportResult> {
    use tower_lsp_server::ls_types::{
        WorkspaceDiagnosticReport, WorkspaceDiagnosticReportResult,
        WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
    };
    let session = ctx.session();
    let mut items = Vec::new();
    for (uri, snapshot) in ctx.workspace.files() {
        if ctx.store.current(&uri).is_some() {
            continue;
        }
        let diagnostics = if session.settings.diagnostics_enabled {
            to_proto(&snapshot, session.encoding)
        } else {
            Vec::new()
        };
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
