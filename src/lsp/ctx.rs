//! The session context every handler and background task shares: the
//! client, the open documents, what `initialize` negotiated and the current
//! settings, the publication log, the word index and the drafts folder. Each
//! field's type lives with the module that guards it; this module only holds
//! them together.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};

use tower_lsp_server::Client;

use super::config::Settings;
use super::convert::Encoding;
use super::drafts::Drafts;
use super::pipeline::cache::PublishLog;
use super::pipeline::twins::Twins;
use super::state::DocumentStore;
use super::words::WordIndex;

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
    /// Where diagnostics are sent when the session has one (`outbox.rs`).
    pub outbox: Option<crate::lsp::outbox::Outbox>,
    pub store: DocumentStore,
    session: RwLock<Arc<Session>>,
    /// What was published per URI; held for the whole of a publication
    /// (only `pipeline::publish` and `pipeline::clear` take it).
    pub published: tokio::sync::Mutex<PublishLog>,
    /// Set by `shutdown`; decides the exit code.
    pub shutdown_requested: Arc<AtomicBool>,
    /// Word lists of the open documents, for word completion.
    pub words: WordIndex,
    /// The drafts folder: report files on disk, their analyses and the
    /// `baogao.toml` files that apply to them.
    pub drafts: Drafts,
    /// Every published document's paragraphs, for twins across files.
    pub twins: Twins,
    /// Documents to publish again once typing pauses (their twins in a
    /// document being edited changed), and how many times one was added.
    pub republish: std::sync::Mutex<(Vec<tower_lsp_server::ls_types::Uri>, u64)>,
}

impl Ctx {
    pub fn new(
        client: Client,
        shutdown_requested: Arc<AtomicBool>,
        outbox: Option<crate::lsp::outbox::Outbox>,
    ) -> Ctx {
        Ctx {
            client,
            outbox,
            store: DocumentStore::default(),
            session: RwLock::default(),
            published: tokio::sync::Mutex::default(),
            shutdown_requested,
            words: WordIndex::default(),
            drafts: Drafts::default(),
            twins: Twins::default(),
            republish: std::sync::Mutex::default(),
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
}
