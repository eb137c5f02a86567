//! Request and notification handlers, one file per feature.
//!
//! Each handler takes the shared [`Ctx`]; `server.rs` only forwards to them.

pub mod code_action;
pub mod code_lens;
pub mod commands;
pub mod completion;
pub mod diagnostics;
pub mod document_text;
pub mod edits;
pub mod folding;
pub mod hover;
pub mod lifecycle;
pub mod semantic_tokens;
pub mod symbols;
pub mod sync;
pub mod words;
pub mod workspace_symbol;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

use super::config::Settings;
use super::convert::Encoding;
use super::guard;
use super::state::{DocumentStore, Snapshot};

/// What `initialize` negotiated, plus the current settings.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub encoding: Encoding,
    pub hierarchical_symbols: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`); we never push.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    /// The client answers `workspace/configuration`.
    pub configuration_request: bool,
    pub markdown_hover: bool,
    /// The client accepts snippet syntax in completion items.
    pub snippet_support: bool,
    /// The client accepts versioned `documentChanges` in workspace edits.
    pub document_changes: bool,
    /// The client watches files for us when asked (dynamic registration of
    /// `workspace/didChangeWatchedFiles`); otherwise we watch the disk.
    pub watch_files: bool,
    /// The client shows `$/progress` for server-created tokens.
    pub work_done_progress: bool,
    /// The client supports `workspace/symbol`'s and resource operations in edits.
    pub create_files: bool,
    pub settings: Settings,
    /// Bumped whenever the settings change, so pulled results are not reused.
    pub settings_generation: u64,
}

/// State shared by every handler and background task.
#[derive(Debug)]
pub struct Ctx {
    pub client: Client,
    pub store: DocumentStore,
    session: RwLock<Arc<Session>>,
    /// Last published (epoch, version) per URI; held while publishing so
    /// that publications for one document leave in version order.
    pub published: tokio::sync::Mutex<HashMap<Uri, (u64, i32)>>,
    /// Set by `shutdown`; decides the exit code.
    pub shutdown_requested: Arc<AtomicBool>,
    /// Word lists of the open documents, for word completion.
    pub words: words::WordIndex,
    /// The drafts folder: report files on disk and their analyses.
    pub workspace: crate::lsp::workspace::Workspace,
}

impl Ctx {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Ctx {
        Ctx {
            client,
            store: DocumentStore::default(),
            session: RwLock::default(),
            published: tokio::sync::Mutex::default(),
            shutdown_requested,
            words: words::WordIndex::default(),
            workspace: crate::lsp::workspace::Workspace::default(),
        }
    }

    pub fn session(&self) -> Arc<Session> {
        self.session
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn update_session(&self, f: impl FnOnce(&mut Session)) {
        let mut guard = self
            .session
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut session = (**guard).clone();
        f(&mut session);
        *guard = Arc::new(session);
    }

    /// The analysis of the document's current version, computed off the
    /// async threads when it is not cached yet.
    pub async fn snapshot(&self, uri: &Uri) -> jsonrpc::Result<Arc<Snapshot>> {
        let session = self.session();
        let input = match self
            .store
            .snapshot_or_input(uri, |kind| session.settings.core_config(kind))
        {
            None => return Err(guard::unknown_document(uri)),
            Some(Ok(snapshot)) => return Ok(snapshot),
            Some(Err(input)) => input,
        };
        let snapshot = tokio::task::spawn_blocking(move || Snapshot::analyze(input))
            .await
            .map_err(|e| {
                tracing::error!("analysis failed: {e}");
                jsonrpc::Error {
                    code: jsonrpc::ErrorCode::InternalError,
                    message: "baogao 分析文档时出现内部错误".into(),
                    data: None,
                }
            })?;
        let snapshot = Arc::new(snapshot);
        self.store.store_snapshot(&snapshot);
        Ok(snapshot)
    }
}

/// The name an editor shows for a node: marker and label, as written.
pub fn node_name(text: &str, node: &baogao_core::Node) -> String {
    let label = text.get(node.label.clone()).unwrap_or("").trim();
    let marker = node
        .marker()
        .and_then(|m| text.get(m.range.clone()))
        .unwrap_or("")
        // `## 一、` names the node `一、…`: the hashes only nest it.
        .trim_start_matches(['#', ' ', '\t'])
        .trim();
    let name = match node.marker().map(|m| m.kind) {
        // `## ` carries no meaning in an outline; the label alone reads better.
        Some(baogao_core::MarkerKind::Markdown(_)) => label.to_string(),
        _ => format!("{marker}{label}"),
    };
    if name.is_empty() {
        // Clients reject symbols with an empty name.
        "（无标题）".to_string()
    } else {
        name
    }
}
