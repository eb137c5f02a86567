//! The drafts folder: report files on disk that are not open in the editor.
//!
//! On `initialized` the workspace folders are scanned (in the background,
//! with `$/progress`) for reports matching `baogao.toml`'s `files.include` /
//! `files.exclude` (`.txt` and `.md` by default; `.git`, `node_modules`,
//! `target` and hidden folders skipped, files over `files.max_size_kb`
//! ignored). Each draft is decoded (UTF-8, or GB18030/GBK, never written),
//! analysed and its diagnostics published or answered through
//! `workspace/diagnostic`. File events (from the client's
//! `workspace/didChangeWatchedFiles`, or from our own `notify` watcher when
//! the client cannot watch) keep them current; an open document's buffer
//! always wins over the file on disk. `baogao.toml` changes reload the
//! configuration; a broken file keeps the last good one in force.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use baogao_core::DocumentKind;
use ropey::Rope;
use tower_lsp_server::ls_types::{FileChangeType, FileEvent, MessageType, ProgressToken, Uri};

use super::handlers::Ctx;
use super::state::{Snapshot, SnapshotInput};
use crate::config::{self, ConfigError, FILE_NAME};

/// Folders never scanned.
const SKIPPED_DIRS: [&str; 3] = [".git", "node_modules", "target"];

/// A draft on disk with its analysis.
#[derive(Debug)]
pub struct DiskFile {
    pub path: PathBuf,
    pub snapshot: Arc<Snapshot>,
}

#[derive(Debug, Default)]
struct Inner {
    roots: Vec<PathBuf>,
    files: HashMap<Uri, DiskFile>,
    /// The last configuration error shown, so it is shown once.
    shown_error: Option<ConfigError>,
    /// Our own watcher, when the client cannot watch files.
    watcher: Option<notify::RecommendedWatcher>,
}

/// The workspace folders and the drafts found in them.
#[derive(Debug, Default)]
pub struct Workspace {
    inner: Mutex<Inner>,
}

impl Workspace {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        self.lock().roots = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.lock().roots.clone()
    }

    /// The analysed drafts (open or not), for workspace-wide requests.
    pub fn files(&self) -> Vec<(Uri, Arc<Snapshot>)> {
        self.lock()
            .files
            .iter()
            .map(|(u, f)| (u.clone(), f.snapshot.clone()))
            .collect()
    }

    pub fn file(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.lock().files.get(uri).map(|f| f.snapshot.clone())
    }

    fn insert(&self, uri: Uri, file: DiskFile) {
        self.lock().files.insert(uri, file);
    }

    fn remove(&self, uri: &Uri) -> bool {
        self.lock().files.remove(uri).is_some()
    }

    /// Whether `path` is a draft this workspace checks.
    fn wants(&self, matcher: &config::FileMatcher, path: &Path) -> bool {
        let roots = self.roots();
        roots.iter().any(|root| {
            path.strip_prefix(root).is_ok_and(|rel| {
                !rel.components().any(|c| {
                    let s = c.as_os_str().to_string_lossy();
                    SKIPPED_DIRS.contains(&s.as_ref()) || (s.starts_with('.') && s.len() > 1)
                }) && matcher.wants(rel)
            })
        })
    }
}

/// A `file://` URI's path.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let raw = uri.path().as_str();
    let decoded = percent_decode(raw)?;
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `file://` URI of a path, with non-ASCII bytes percent-encoded.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                s.push(*b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s.parse().ok()
}

/// The project settings in force: `baogao.toml` from the first workspace
/// root, or found by walking up from `near` when there is no root.
fn project_settings(ctx: &Ctx) -> config::Settings {
    ctx.session().settings.project.clone().unwrap_or_default()
}

/// Loads `baogao.toml` into the session. On error, tells the user once and
/// keeps the last good configuration. Returns whether the settings changed.
pub async fn load_config(ctx: &Arc<Ctx>) -> bool {
    let roots = ctx.workspace.roots();
    let path = roots
        .iter()
        .map(|r| r.join(FILE_NAME))
        .find(|p| p.is_file());
    let loaded = path.as_deref().map(config::load);
    match loaded {
        Some(Err(e)) => {
            let first_time = {
                let mut inner = ctx.workspace.lock();
                let new = inner.shown_error.as_ref() != Some(&e);
                inner.shown_error = Some(e.clone());
                new
            };
            tracing::warn!("{e}");
            if first_time {
                ctx.client
                    .show_message(MessageType::ERROR, format!("{e}（仍使用上一次有效的配置）"))
                    .await;
            }
            false
        }
        other => {
            ctx.workspace.lock().shown_error = None;
            let project = other.and_then(Result::ok);
            let mut changed = false;
            ctx.update_session(|s| {
                if s.settings.project != project {
                    s.settings.project = project;
                    s.settings_generation += 1;
                    changed = true;
                }
            });
            changed
        }
    }
}

/// Reads, decodes and analyses one draft. `None` when it cannot be read, is
/// binary or too large.
fn analyse_file(
    ctx: &Ctx,
    path: &Path,
    uri: &Uri,
    settings: &config::Settings,
) -> Option<DiskFile> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > settings.max_size {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let decoded = crate::files::decode::decode(bytes).ok()?;
    let kind = DocumentKind::from_path(&path.to_string_lossy());
    let config = ctx.session().settings.core_config(kind);
    let snapshot = Snapshot::analyze(SnapshotInput {
        uri: uri.clone(),
        version: 0,
        epoch: 0,
        rope: Rope::from_str(&decoded.text),
        config,
        base: None,
    });
    Some(DiskFile {
        path: path.to_path_buf(),
        snapshot: Arc::new(snapshot),
    })
}

/// Every draft under the roots, sorted.
fn walk(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                    stack.push(e.path());
                }
            } else if ft.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Scans the workspace folders and publishes the drafts' diagnostics.
pub async fn scan(ctx: &Arc<Ctx>, progress: bool) {
    let roots = ctx.workspace.roots();
    if roots.is_empty() {
        return;
    }
    let settings = project_settings(ctx);
    let candidates: Vec<PathBuf> = {
        let roots = roots.clone();
        tokio::task::spawn_blocking(move || walk(&roots))
            .await
            .unwrap_or_default()
    };
    let matcher = settings.file_matcher();
    let wanted: Vec<PathBuf> = candidates
        .into_iter()
        .filter(|p| ctx.workspace.wants(&matcher, p))
        .collect();
    let token = ProgressToken::String("baogao/scan".to_string());
    let bar = if progress
        && !wanted.is_empty()
        && ctx
            .client
            .create_work_done_progress(token.clone())
            .await
            .is_ok()
    {
        Some(
            ctx.client
                .progress(token, "baogao：检查文件夹中的报告")
                .with_percentage(0)
                .begin()
                .await,
        )
    } else {
        None
    };
    let total = wanted.len();
    for (i, path) in wanted.into_iter().enumerate() {
        let Some(uri) = path_to_uri(&path) else {
            continue;
        };
        reload(ctx, path, &uri, settings.clone()).await;
        if let Some(bar) = &bar {
            if i % 16 == 0 || i + 1 == total {
                bar.report_with_message(
                    format!("{}/{total}", i + 1),
                    ((i + 1) * 100 / total.max(1)) as u32,
                )
                .await;
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_with_message(format!("已检查 {total} 个文件"))
            .await;
    }
}

/// Re-reads and analyses one draft off the async threads and publishes its
/// diagnostics; a draft that can no longer be read is forgotten. Returns
/// whether the draft is now known.
async fn reload(ctx: &Arc<Ctx>, path: PathBuf, uri: &Uri, settings: config::Settings) -> bool {
    let c = ctx.clone();
    let u = uri.clone();
    let file = tokio::task::spawn_blocking(move || analyse_file(&c, &path, &u, &settings))
        .await
        .ok()
        .flatten();
    match file {
        Some(file) => {
            ctx.workspace.insert(uri.clone(), file);
            publish(ctx, uri).await;
            true
        }
        None => {
            forget(ctx, uri).await;
            false
        }
    }
}

/// Drops a draft and clears its published diagnostics (unless the document is
/// open, whose buffer's diagnostics stand, or the client pulls them).
async fn forget(ctx: &Ctx, uri: &Uri) {
    if ctx.workspace.remove(uri)
        && ctx.store.current(uri).is_none()
        && !ctx.session().pull_diagnostics
    {
        ctx.client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
    }
}

/// Publishes a draft's diagnostics unless the document is open (the open
/// buffer's diagnostics win) or the client pulls them.
pub async fn publish(ctx: &Ctx, uri: &Uri) {
    let session = ctx.session();
    if session.pull_diagnostics || ctx.store.current(uri).is_some() {
        return;
    }
    let Some(snapshot) = ctx.workspace.file(uri) else {
        return;
    };
    let items = if session.settings.diagnostics_enabled {
        super::handlers::diagnostics::to_proto(&snapshot, session.encoding)
    } else {
        Vec::new()
    };
    ctx.client
        .publish_diagnostics(uri.clone(), items, None)
        .await;
}

/// Re-analyses every draft (after a configuration change) and republishes.
pub async fn reanalyse_all(ctx: &Arc<Ctx>) {
    let settings = project_settings(ctx);
    let files: Vec<(Uri, PathBuf)> = ctx
        .workspace
        .lock()
        .files
        .iter()
        .map(|(u, f)| (u.clone(), f.path.clone()))
        .collect();
    for (uri, path) in files {
        reload(ctx, path, &uri, settings.clone()).await;
    }
}

/// Applies file events: created and changed drafts are re-read, deleted ones
/// dropped (and their diagnostics cleared); a `baogao.toml` event reloads the
/// configuration and re-checks everything.
pub async fn file_events(ctx: &Arc<Ctx>, events: Vec<FileEvent>) {
    let mut config_changed = false;
    for ev in events {
        let Some(path) = uri_to_path(&ev.uri) else {
            continue;
        };
        if path.file_name().is_some_and(|n| n == FILE_NAME) {
            config_changed = true;
            continue;
        }
        let uri = path_to_uri(&path).unwrap_or(ev.uri.clone());
        if ev.typ == FileChangeType::DELETED {
            forget(ctx, &uri).await;
            continue;
        }
        let settings = project_settings(ctx);
        if !ctx.workspace.wants(&settings.file_matcher(), &path) {
            continue;
        }
        reload(ctx, path, &uri, settings).await;
    }
    if config_changed {
        config_reloaded(ctx).await;
    }
    refresh_pull(ctx).await;
}

/// After `baogao.toml` changed: reload, re-check open documents and drafts.
pub async fn config_reloaded(ctx: &Arc<Ctx>) {
    if !load_config(ctx).await {
        return;
    }
    ctx.store.invalidate_all();
    let session = ctx.session();
    if !session.pull_diagnostics {
        for uri in ctx.store.uris() {
            if let Some((version, epoch)) = ctx.store.current(&uri) {
                super::handlers::diagnostics::schedule(
                    ctx,
                    uri,
                    version,
                    epoch,
                    std::time::Duration::ZERO,
                );
            }
        }
    }
    reanalyse_all(ctx).await;
}

async fn refresh_pull(ctx: &Ctx) {
    let session = ctx.session();
    if session.pull_diagnostics && session.diagnostic_refresh {
        if let Err(e) = ctx.client.workspace_diagnostic_refresh().await {
            tracing::warn!("workspace/diagnostic/refresh failed: {e}");
        }
    }
}

/// A closed document falls back to its file on disk: re-read it so its
/// diagnostics stay in the problems list. Returns false when it is not a
/// draft of the workspace (its diagnostics are then cleared).
pub async fn closed(ctx: &Arc<Ctx>, uri: &Uri) -> bool {
    let Some(path) = uri_to_path(uri) else {
        return false;
    };
    let settings = project_settings(ctx);
    if !ctx.workspace.wants(&settings.file_matcher(), &path) {
        return false;
    }
    reload(ctx, path, uri, settings).await
}

/// Starts our own watcher over the roots, for clients that cannot watch.
pub fn watch_disk(ctx: &Arc<Ctx>) {
    use notify::Watcher;
    let roots = ctx.workspace.roots();
    if roots.is_empty() {
        return;
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<FileEvent>>();
    let handler = move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        let typ = match event.kind {
            notify::EventKind::Create(_) => FileChangeType::CREATED,
            notify::EventKind::Modify(_) => FileChangeType::CHANGED,
            notify::EventKind::Remove(_) => FileChangeType::DELETED,
            _ => return,
        };
        let events: Vec<FileEvent> = event
            .paths
            .iter()
            .filter_map(|p| {
                // A rename reports the old path (now missing) and the new one.
                let typ = if typ == FileChangeType::CHANGED && !p.exists() {
                    FileChangeType::DELETED
                } else {
                    typ
                };
                path_to_uri(p).map(|uri| FileEvent { uri, typ })
            })
            .collect();
        let _ = tx.send(events);
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!("cannot watch the workspace: {e}");
            return;
        }
    };
    for root in &roots {
        if let Err(e) = watcher.watch(root, notify::RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {e}", root.display());
        }
    }
    ctx.workspace.lock().watcher = Some(watcher);
    let ctx = ctx.clone();
    tokio::spawn(async move {
        while let Some(events) = rx.recv().await {
            file_events(&ctx, events).await;
        }
    });
}

/// The id of our dynamic file-watcher registration.
pub const WATCH_REGISTRATION: &str = "baogao/watchedFiles";
