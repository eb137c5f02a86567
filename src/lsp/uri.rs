//! The server's one road from URIs to paths and back: [`crate::paths`]
//! applied to `ls_types::Uri`. Open documents keep the URI the client sent
//! (it is the one its diagnostics must carry); drafts found on disk get the
//! URI [`path_to_uri`] makes (VS Code's spelling). The two meet through
//! [`key`]: one file, one key, however the client spelled its URI
//! (`file:///c%3A/…` or `file:///C:/…`, any case on Windows).

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::Uri;

/// A `file:` URI's path on this platform; `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    crate::paths::uri_to_path(uri.as_str())
}

/// The `file:` URI of an absolute path, as VS Code spells it.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    crate::paths::path_to_uri(path)?.parse().ok()
}

/// What names one file for every spelling of its URI: the path's comparison
/// key for a `file:` URI, the URI itself otherwise (`untitled:`…).
pub fn key(uri: &Uri) -> String {
    match uri_to_path(uri) {
        Some(path) => crate::paths::key(&path),
        None => uri.as_str().to_owned(),
    }
}
