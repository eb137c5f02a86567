//! The drafts folder's state: the workspace folders, the report files found
//! in them with their analyses, and the `baogao.toml` files that apply.
//!
//! Each file is configured by the nearest `baogao.toml` above it, found the
//! way the command line finds it (`crate::config::find`), so in a multi-root
//! workspace every folder, and every subfolder with a file of its own, has
//! its own rules. Found files are cached here; a broken file keeps its last
//! good settings in force. Lookups read the disk on a cache miss, so callers
//! run them off the async threads. What is done with all this (scanning,
//! watching, reloading) is `workspace.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tower_lsp_server::ls_types::Uri;

use super::pipeline::cache::Snapshot;
use crate::config::{self, ConfigError};
use crate::paths;

/// The id of our dynamic file-watcher registration.
pub const WATCH_REGISTRATION: &str = "baogao/watchedFiles";

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
    /// Folder → the `baogao.toml` that applies there (`config::find`).
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// `baogao.toml` → its last good settings, with their `files` patterns compiled.
    loaded: HashMap<PathBuf, Loaded>,
    /// The `files` patterns of the defaults, compiled once.
    default_matcher: Option<Arc<Matcher>>,
    /// Configuration errors met and not yet shown to the user.
    errors: Vec<ConfigError>,
    /// The last configuration error shown, so it is shown once.
    shown_error: Option<ConfigError>,
    /// Our own watcher, when the client cannot watch files.
    watcher: Option<notify::RecommendedWatcher>,
    /// Numbers draft snapshots, so a later analysis always wins.
    next_epoch: u64,
}

#[derive(Debug, Clone)]
struct Loaded {
    settings: Arc<config::Settings>,
    matcher: Arc<Matcher>,
}

/// Compiled `files.include`/`files.exclude` (compiled once per file, not per path checked).
struct Matcher(config::FileMatcher);

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher")
    }
}

/// The workspace folders and the drafts found in them.
#[derive(Debug, Default)]
pub struct Drafts {
    inner: Mutex<Inner>,
}

impl Drafts {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        self.lock().roots = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.lock().roots.clone()
    }

    /// The workspace folder `path` lies in (the innermost one), compared
    /// as the platform compares paths (`crate::paths`: case ignored on Windows).
    pub fn root_of(&self, path: &Path) -> Option<PathBuf> {
        self.lock()
            .roots
            .iter()
            .filter(|r| paths::is_within(path, r))
            .max_by_key(|r| r.as_os_str().len())
            .cloned()
    }

    /// The analysed drafts (open or not), for workspace-wide requests.
    pub fn files(&self) -> Vec<(Uri, Arc<Snapshot>)> {
        self.lock()
            .files
            .iter()
            .map(|(u, f)| (u.clone(), f.snapshot.clone()))
            .collect()
    }

    /// Every draft's URI and path.
    pub fn paths(&self) -> Vec<(Uri, PathBuf)> {
        self.lock()
            .files
            .iter()
            .map(|(u, f)| (u.clone(), f.path.clone()))
            .collect()
    }

    pub fn file(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.lock().files.get(uri).map(|f| f.snapshot.clone())
    }

    pub fn insert(&self, uri: Uri, file: DiskFile) {
        self.lock().files.insert(uri, file);
    }

    pub fn remove(&self, uri: &Uri) -> bool {
        self.lock().files.remove(uri).is_some()
    }

    /// A new epoch for a draft's snapshot.
    pub fn next_epoch(&self) -> u64 {
        let mut inner = self.lock();
        inner.next_epoch += 1;
        inner.next_epoch
    }

    pub fn set_watcher(&self, watcher: notify::RecommendedWatcher) {
        self.lock().watcher = Some(watcher);
    }

    /// The `baogao.toml` settings that apply to `path` (the nearest file
    /// above it), `None` when there is none. Reads the disk on a cache miss.
    pub fn project_for(&self, path: &Path) -> Option<Arc<config::Settings>> {
        self.applying(path).map(|(_, l)| l.settings)
    }

    /// The `baogao.toml` that applies to `path` and its settings.
    fn applying(&self, path: &Path) -> Option<(PathBuf, Loaded)> {
        let dir = path.parent()?.to_path_buf();
        let cached = self.lock().found.get(&dir).cloned();
        let file = match cached {
            Some(file) => file,
            None => {
                let file = config::find(path);
                self.lock().found.insert(dir, file.clone());
                file
            }
        }?;
        let loaded = self.lock().loaded.get(&file).cloned();
        let loaded = match loaded {
            Some(l) => l,
            None => {
                self.load(&file);
                self.lock().loaded.get(&file).cloned()?
            }
        };
        Some((file, loaded))
    }

    /// (Re)loads one `baogao.toml`; on error the last good settings stay and
    /// the error waits to be shown.
    fn load(&self, file: &Path) {
        let result = config::load(file);
        let mut inner = self.lock();
        match result {
            Ok(settings) => {
                let matcher = Arc::new(Matcher(settings.file_matcher()));
                let loaded = Loaded {
                    settings: Arc::new(settings),
                    matcher,
                };
                inner.loaded.insert(file.to_path_buf(), loaded);
                if inner
                    .shown_error
                    .as_ref()
                    .is_some_and(|e| e.path.as_path() == file)
                {
                    inner.shown_error = None;
                }
            }
            Err(e) => {
                tracing::warn!("{e}");
                inner.errors.push(e);
            }
        }
    }

    /// A `baogao.toml` changed, appeared or went away: forget where files
    /// were found (a new one may now be nearer) and reload this one.
    pub fn config_changed(&self, file: &Path) {
        // `config::find` returns canonical paths: key the cache the same way.
        let file = match (file.parent(), file.file_name()) {
            (Some(dir), Some(name)) => paths::canonical(dir).join(name),
            _ => file.to_path_buf(),
        };
        let file = file.as_path();
        {
            let mut inner = self.lock();
            inner.found.clear();
            if !file.is_file() {
                inner.loaded.remove(file);
                return;
            }
        }
        self.load(file);
    }

    /// The errors to show now: each new one once.
    pub fn take_errors(&self) -> Vec<ConfigError> {
        let mut inner = self.lock();
        let errors = std::mem::take(&mut inner.errors);
        let mut out = Vec::new();
        for e in errors {
            if inner.shown_error.as_ref() != Some(&e) {
                inner.shown_error = Some(e.clone());
                out.push(e);
            }
        }
        out
    }

    /// Whether `path` is a draft this workspace checks: inside a workspace
    /// folder, not in a skipped folder, and wanted by the `files` patterns of
    /// the `baogao.toml` that applies to it (relative to its folder).
    pub fn wants(&self, path: &Path) -> bool {
        let Some(root) = self.root_of(path) else {
            return false;
        };
        let Some(rel) = paths::relative(path, &root) else {
            return false;
        };
        let skipped = rel.components().any(|c| {
            let s = c.as_os_str().to_string_lossy();
            crate::files::walk::is_skipped(&s)
        });
        if skipped {
            return false;
        }
        match self.applying(path) {
            // Patterns are relative to the folder of the file that sets them.
            Some((file, loaded)) => {
                let dir = file.parent().unwrap_or(Path::new(""));
                let canonical = paths::canonical(path);
                let rel = paths::relative(&canonical, dir).unwrap_or(rel);
                loaded.matcher.0.wants(&rel)
            }
            None => {
                let matcher = {
                    let mut inner = self.lock();
                    inner
                        .default_matcher
                        .get_or_insert_with(|| {
                            Arc::new(Matcher(config::Settings::default().file_matcher()))
                        })
                        .clone()
                };
                matcher.0.wants(&rel)
            }
        }
    }

    /// The largest draft read, in bytes, for `path`.
    pub fn max_size(&self, path: &Path) -> u64 {
        self.project_for(path)
            .map_or_else(|| config::Settings::default().max_size, |s| s.max_size)
    }
}

/// Every file under the roots, sorted: the shared walk of `crate::files`,
/// so the editor and `baogao check DIR` skip the same folders.
pub fn walk(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = roots
        .iter()
        .flat_map(|r| crate::files::walk::walk_all(r))
        .collect();
    out.sort();
    out.dedup();
    out
}
