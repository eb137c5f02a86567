//! `initialize`, `initialized`, `shutdown`, configuration changes and
//! watched-file events (the last two are handed to `workspace` in a task of
//! their own, under the guard).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions,
    CompletionOptions, ConfigurationItem, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeConfigurationParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, ExecuteCommandOptions, FileSystemWatcher,
    FoldingRangeProviderCapability, GlobPattern, HoverProviderCapability, InitializeParams,
    InitializeResult, MarkupKind, MessageType, OneOf, Registration, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};

use super::{code_action, commands, completion, semantic_tokens};
use crate::lsp::config::Settings;
use crate::lsp::convert::Encoding;
use crate::lsp::ctx::Ctx;
use crate::lsp::{guard, pipeline, uri, workspace};

/// The folders to scan: the workspace folders, else the root URI.
#[allow(deprecated)]
fn workspace_roots(params: &InitializeParams) -> Vec<std::path::PathBuf> {
    let mut roots: Vec<std::path::PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri::uri_to_path(&f.uri))
        .collect();
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(uri::uri_to_path));
    }
    roots.retain(|r| r.is_dir());
    roots
}

pub fn initialize(ctx: &Ctx, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
    let caps: &ClientCapabilities = &params.capabilities;
    let text = caps.text_document.as_ref();
    let encoding = Encoding::negotiate(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let pull_diagnostics = text.and_then(|t| t.diagnostic.as_ref()).is_some();
    let settings = Settings::from_json(params.initialization_options.as_ref());
    ctx.update_session(|s| {
        s.encoding = encoding;
        s.hierarchical_symbols = text
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|d| d.hierarchical_document_symbol_support)
            .unwrap_or(false);
        s.pull_diagnostics = pull_diagnostics;
        s.diagnostic_refresh = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        s.configuration_request = caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        s.markdown_hover = text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_none_or(|formats| formats.contains(&MarkupKind::Markdown));
        s.snippet_support = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        s.document_changes = caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        s.watch_files = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        s.create_files = caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| {
                ops.contains(&tower_lsp_server::ls_types::ResourceOperationKind::Create)
            });
        s.work_done_progress = caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        s.settings = settings;
    });
    ctx.drafts.set_roots(workspace_roots(&params));
    tracing::info!(
        client = params.client_info.as_ref().map(|c| c.name.as_str()),
        ?encoding,
        pull_diagnostics,
        "initialize"
    );

    Ok(InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.to_kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(completion::trigger_characters()),
                resolve_provider: Some(false),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(code_action::kinds()),
                resolve_provider: Some(false),
                ..CodeActionOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: commands::all(),
                ..ExecuteCommandOptions::default()
            }),
            semantic_tokens_provider: Some(semantic_tokens::capability()),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            diagnostic_provider: pull_diagnostics.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("baogao".to_string()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: true,
                    ..DiagnosticOptions::default()
                })
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "baogao".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    })
}

/// Fetches the configuration in a task of its own: a handler that awaits
/// the client would hold up the end of the session.
pub fn initialized(ctx: &Arc<Ctx>) {
    let ctx = ctx.clone();
    tokio::spawn(guard::notification(
        "initialized (background)",
        async move {
            // Documents opened before the settings arrived are checked again with them.
            let from_client =
                ctx.session().configuration_request && fetch_configuration(&ctx).await;
            if from_client {
                ctx.store.invalidate_all();
                reschedule_open(&ctx);
            }
            // The drafts folder: a watch on its files, then a scan (each file's
            // `baogao.toml` is found and read as its drafts are analysed).
            watch(&ctx).await;
            let progress = ctx.session().work_done_progress;
            workspace::scan(&ctx, progress, false).await;
            // The word-completion dictionary (about 33 MB) loads on a thread of
            // its own at the first completion request, not here: a session that
            // never completes never pays for it.
            ctx.client
                .log_message(MessageType::INFO, "baogao 语言服务器已启动")
                .await;
        },
    ));
}

/// Asks the client for the `baogao` settings; returns whether they changed.
async fn fetch_configuration(ctx: &Ctx) -> bool {
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("baogao".to_string()),
    };
    match ctx.client.configuration(vec![item]).await {
        Ok(values) => {
            let value = values.into_iter().next();
            let mut changed = false;
            ctx.update_session(|s| {
                let before = s.settings.clone();
                s.settings.merge(value.as_ref());
                // Unchanged settings keep pulled results valid.
                if s.settings != before {
                    s.settings_generation += 1;
                    changed = true;
                }
            });
            changed
        }
        Err(e) => {
            tracing::warn!("workspace/configuration failed: {e}");
            false
        }
    }
}

/// Re-checks every open document (after the settings changed).
fn reschedule_open(ctx: &Arc<Ctx>) {
    if ctx.session().pull_diagnostics {
        return;
    }
    pipeline::schedule_all_open(ctx);
}

/// Asks the client to watch the drafts and `baogao.toml`, or watches the disk ourselves.
async fn watch(ctx: &Arc<Ctx>) {
    if ctx.drafts.roots().is_empty() {
        return;
    }
    if ctx.session().watch_files {
        let watchers = ["**/*.txt", "**/*.md", "**/*.markdown", "**/baogao.toml"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: workspace::WATCH_REGISTRATION.to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        match ctx.client.register_capability(vec![registration]).await {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!("the client would not watch files ({e}); watching the disk instead")
            }
        }
    }
    workspace::watch_disk(ctx);
}

pub fn did_change_configuration(ctx: &Arc<Ctx>, params: DidChangeConfigurationParams) {
    let ctx = ctx.clone();
    tokio::spawn(guard::notification(
        "workspace/didChangeConfiguration (background)",
        async move { apply_configuration(&ctx, params).await },
    ));
}

async fn apply_configuration(ctx: &Arc<Ctx>, params: DidChangeConfigurationParams) {
    if ctx.session().configuration_request {
        fetch_configuration(ctx).await;
    } else {
        ctx.update_session(|s| {
            s.settings.merge(Some(&params.settings));
            s.settings_generation += 1;
        });
    }
    ctx.store.invalidate_all();
    workspace::reanalyse_all(ctx).await;
    let session = ctx.session();
    if session.pull_diagnostics {
        if session.diagnostic_refresh {
            if let Err(e) = ctx.client.workspace_diagnostic_refresh().await {
                tracing::warn!("workspace/diagnostic/refresh failed: {e}");
            }
        }
        return;
    }
    pipeline::schedule_all_open(ctx);
}

/// `workspace/didChangeWatchedFiles`: the drafts and `baogao.toml` files the
/// client reports are re-read in a task of their own (a notification handler
/// must not hold up the next message), under the panic guard like every handler.
pub fn did_change_watched_files(ctx: &Arc<Ctx>, params: DidChangeWatchedFilesParams) {
    // Decided now, in the messages' order: the file of an open document is
    // its buffer until it closes (closing reads the file). Left to the task,
    // a close arriving meanwhile would have the file read and published twice.
    let mut changes = params.changes;
    changes.retain(|ev| {
        ev.uri.path().as_str().ends_with(crate::config::FILE_NAME)
            || ctx.store.open_as(&ev.uri).is_none()
    });
    if changes.is_empty() {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(guard::notification(
        "workspace/didChangeWatchedFiles (background)",
        async move { workspace::file_events(&ctx, changes).await },
    ));
}

pub fn shutdown(ctx: &Ctx) -> jsonrpc::Result<()> {
    ctx.shutdown_requested.store(true, Ordering::SeqCst);
    tracing::info!("shutdown");
    Ok(())
}
