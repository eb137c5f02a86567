//! The drafts folder at work: report files on disk that are not open in the
//! editor.
//!
//! On `initialized` the workspace folders are scanned (in the background,
//! with `$/progress`) for reports matching the `files.include` /
//! `files.exclude` of the `baogao.toml` that applies to each (`.txt`,
//! `.md` and `.docx` by default; `.git`, `node_modules`, `target` and hidden folders
//! skipped, files over `files.max_size_kb` ignored). Each draft is decoded
//! (UTF-8, or GB18030/GBK; a `.docx` as one line per paragraph; never
//! written), analysed and its diagnostics
//! published through `pipeline::publish` or answered through
//! `workspace/diagnostic`. File events (from the client's
//! `workspace/didChangeWatchedFiles`, or from our own `notify` watcher when
//! the client cannot watch) keep them current; an open document's buffer
//! always wins over the file on disk. A `baogao.toml` change reloads that
//! file and re-checks what it applies to; a broken file keeps its last good
//! settings in force and is reported once. The state itself is `drafts.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use baogao_core::DocumentKind;
use ropey::Rope;
use tower_lsp_server::ls_types::{FileChangeType, FileEvent, MessageType, ProgressToken, Uri};

use super::ctx::Ctx;
use super::drafts::DiskFile;
use super::pipeline::{self, cache};
use crate::config::FILE_NAME;

pub use super::drafts::WATCH_REGISTRATION;
pub use super::uri::{path_to_uri, uri_to_path};

/// Shows the configuration errors met since the last call, each once.
async fn show_config_errors(ctx: &Ctx) {
    for e in ctx.drafts.take_errors() {
        ctx.client
            .show_message(MessageType::ERROR, format!("{e}（仍使用上一次有效的配置）"))
            .await;
    }
}

/// Reads, decodes and analyses one draft (blocking: run it off the async
/// threads). `None` when it is no draft of the workspace, cannot be read, is
/// binary or too large.
fn analyse_file(ctx: &Ctx, path: &Path, uri: &Uri) -> Option<DiskFile> {
    // An open document's buffer stands for its file: a second analysis
    // of the file would only double the memory (a 10 MB compilation open).
    // Closing it reads the file again (`closed`).
    if !ctx.drafts.wants(path) || ctx.store.open_as(uri).is_some() {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > ctx.drafts.max_size(path) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    // A `.docx` is read as its paragraphs, one line each (line = paragraph).
    let decoded = crate::files::document_from_bytes(path, bytes).ok()?;
    let kind = DocumentKind::from_path(&path.to_string_lossy());
    let config = pipeline::config_for(ctx, uri, kind);
    let mut snapshot = cache::analyze(
        cache::SnapshotInput {
            uri: uri.clone(),
            version: 0,
            epoch: ctx.drafts.next_epoch(),
            rope: Rope::from_str(&decoded.text),
            kind,
            base: None,
            draft: true,
            views: Default::default(),
        },
        config,
    );
    // Heading-style paragraphs of a `.docx` are headings, numbered or not.
    if let Some(map) = &decoded.paragraphs {
        crate::files::docx::outline::add_styled_headings(
            &snapshot.text,
            &mut snapshot.analysis.outline.roots,
            map,
        );
    }
    Some(DiskFile {
        path: path.to_path_buf(),
        snapshot: Arc::new(snapshot),
    })
}

/// Scans the workspace folders and publishes the drafts' diagnostics (of the
/// drafts not known yet only, when `only_new`).
pub async fn scan(ctx: &Arc<Ctx>, progress: bool, only_new: bool) {
    let roots = ctx.drafts.roots();
    if roots.is_empty() {
        return;
    }
    let wanted: Vec<PathBuf> = {
        let c = ctx.clone();
        tokio::task::spawn_blocking(move || {
            super::drafts::walk(&roots)
                .into_iter()
                .filter(|p| c.drafts.wants(p))
                .filter(|p| !only_new || path_to_uri(p).is_none_or(|u| c.drafts.file(&u).is_none()))
                .collect()
        })
        .await
        .unwrap_or_default()
    };
    show_config_errors(ctx).await;
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
        reload(ctx, path, &uri).await;
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
/// diagnostics; a draft that can no longer be read (or is no longer wanted)
/// is forgotten. Returns whether the draft is now known.
async fn reload(ctx: &Arc<Ctx>, path: PathBuf, uri: &Uri) -> bool {
    // Decided now, before any await: a file event for an open document
    // must not be analysed once the document closes meanwhile (closing
    // reads the file itself, `closed`, and it would be published twice).
    if ctx.store.open_as(uri).is_some() {
        ctx.drafts.remove(uri);
        return false;
    }
    let c = ctx.clone();
    let u = uri.clone();
    let file = tokio::task::spawn_blocking(move || analyse_file(&c, &path, &u))
        .await
        .ok()
        .flatten();
    match file {
        Some(file) => {
            let snapshot = file.snapshot.clone();
            ctx.drafts.insert(uri.clone(), file);
            // Opened while the file was read: the buffer stands for it, and
            // the draft, kept, would hold a second copy of a large text and
            // its paragraphs for good. `opened` removes the draft after the
            // document is open, this after the draft is in: either way no
            // draft is left.
            if ctx.store.open_as(uri).is_some() {
                ctx.drafts.remove(uri);
                return false;
            }
            pipeline::publish(ctx, &snapshot).await;
            true
        }
        None => {
            forget(ctx, uri).await;
            false
        }
    }
}

/// Drops a draft and clears its published diagnostics (unless the document is
/// open, whose buffer's diagnostics stand).
async fn forget(ctx: &Arc<Ctx>, uri: &Uri) {
    if ctx.drafts.remove(uri) && ctx.store.open_as(uri).is_none() {
        pipeline::clear(ctx, uri.clone()).await;
    }
}

/// Re-analyses every draft (after a configuration change) and republishes.
pub async fn reanalyse_all(ctx: &Arc<Ctx>) {
    for (uri, path) in ctx.drafts.paths() {
        reload(ctx, path, &uri).await;
    }
}

/// Applies file events: created and changed drafts are re-read, deleted ones
/// dropped (and their diagnostics cleared); a `baogao.toml` event reloads
/// that file and re-checks everything.
pub async fn file_events(ctx: &Arc<Ctx>, events: Vec<FileEvent>) {
    let mut configs = Vec::new();
    for ev in events {
        let Some(path) = uri_to_path(&ev.uri) else {
            continue;
        };
        if path.file_name().is_some_and(|n| n == FILE_NAME) {
            configs.push(path);
            continue;
        }
        let uri = path_to_uri(&path).unwrap_or(ev.uri.clone());
        if ev.typ == FileChangeType::DELETED {
            forget(ctx, &uri).await;
            continue;
        }
        reload(ctx, path, &uri).await;
    }
    if !configs.is_empty() {
        config_reloaded(ctx, configs).await;
    }
    refresh_pull(ctx).await;
}

/// After `baogao.toml` files changed: reload them, re-check open documents
/// and drafts.
pub async fn config_reloaded(ctx: &Arc<Ctx>, files: Vec<PathBuf>) {
    let c = ctx.clone();
    let _ = tokio::task::spawn_blocking(move || {
        for file in &files {
            c.drafts.config_changed(file);
        }
    })
    .await;
    show_config_errors(ctx).await;
    ctx.update_session(|s| s.settings_generation += 1);
    ctx.store.invalidate_all();
    pipeline::schedule_all_open(ctx);
    reanalyse_all(ctx).await;
    // A new `baogao.toml` may bring drafts in that were not wanted before.
    scan(ctx, false, true).await;
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
/// draft of the workspace.
/// A document was opened: the draft of its file, if any, is dropped (its
/// buffer stands for it until it is closed, see [`closed`]).
pub fn opened(ctx: &Ctx, uri: &Uri) {
    if let Some((_, draft)) = draft_of(uri) {
        ctx.drafts.remove(&draft);
    }
}

/// The file of a document and its draft's URI: the one made from its path
/// (as the scan made it), whatever spelling the client opened it by.
fn draft_of(uri: &Uri) -> Option<(PathBuf, Uri)> {
    let path = uri_to_path(uri)?;
    let draft = path_to_uri(&path).unwrap_or_else(|| uri.clone());
    Some((path, draft))
}

pub async fn closed(ctx: &Arc<Ctx>, uri: &Uri) -> bool {
    // The client's spelling, when another, is cleared.
    let Some((path, draft)) = draft_of(uri) else {
        return false;
    };
    let known = reload(ctx, path, &draft).await;
    if known && draft != *uri {
        pipeline::clear(ctx, uri.clone()).await;
    }
    known
}

/// Starts our own watcher over the roots, for clients that cannot watch.
pub fn watch_disk(ctx: &Arc<Ctx>) {
    use notify::Watcher;
    let roots = ctx.drafts.roots();
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
    ctx.drafts.set_watcher(watcher);
    let ctx = ctx.clone();
    tokio::spawn(async move {
        while let Some(events) = rx.recv().await {
            file_events(&ctx, events).await;
        }
    });
}
