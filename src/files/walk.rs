//! Which files under a folder are reports: one walk for the command line and
//! the language server, so both check the same files.
//!
//! A folder is searched recursively, in sorted order. Entries are never
//! entered or taken when [`is_skipped`]: hidden names (starting with `.`:
//! `.git`, `.vscode`, `.f.txt`), Word's owner files (`~$a.docx`),
//! `node_modules` and `target`. Each file left
//! is offered to a selector, normally [`FileMatcher::wants`] on its path
//! relative to the folder of the `baogao.toml` in force (`files.include`,
//! `**/*.txt`, `**/*.md` and `**/*.docx` by default, minus `files.exclude`; globs match
//! case-sensitively). Symbolic links to files are followed; symbolic links
//! to folders are not (no cycles).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::decode::InputError;
use crate::config::FileMatcher;

/// Folder names never searched, besides hidden ones.
pub const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// Whether an entry of this name is never searched or taken: hidden names
/// (`.git`, `.vscode`, `.draft.txt`, WPS's `.~报告.docx`), Word's owner
/// files (`~$报告.docx`, left beside a document while it is open),
/// `node_modules` and `target`.
pub fn is_skipped(name: &str) -> bool {
    (name.starts_with('.') && name != "." && name != "..")
        || name.starts_with("~$")
        || SKIPPED_DIRS.contains(&name)
}

/// Every report under `root` that `matcher` selects (paths relative to
/// `root`), sorted. Unreadable folders are left out. This is the language
/// server's scan of a workspace folder.
pub fn walk(root: &Path, matcher: &FileMatcher) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk_dir(root, &mut out, &mut HashSet::new(), &mut |file| {
        file.strip_prefix(root).is_ok_and(|rel| matcher.wants(rel))
    });
    out.into_iter().filter_map(Result::ok).collect()
}

/// Every file under `root` that a walk visits (skipped and hidden folders
/// left out), sorted: the language server's scan, which then selects each
/// file by the `baogao.toml` that applies to it.
pub fn walk_all(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk_dir(root, &mut out, &mut HashSet::new(), &mut |_| true);
    let mut files: Vec<PathBuf> = out.into_iter().filter_map(Result::ok).collect();
    files.sort();
    files
}

/// Expands command-line `paths` into files, in order, each at most once.
/// A named file is taken whatever its name; a folder is walked and each file
/// found is taken when `select(folder, file)` says so. Problems (a missing
/// path, an unreadable folder) are returned in place.
pub fn collect(
    paths: &[PathBuf],
    mut select: impl FnMut(&Path, &Path) -> bool,
) -> Vec<Result<PathBuf, InputError>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.push(Err(InputError::NotFound(path.clone())));
            }
            Err(e) => out.push(Err(InputError::Io(path.clone(), e))),
            Ok(meta) if meta.is_dir() => {
                walk_dir(path, &mut out, &mut seen, &mut |file| select(path, file));
            }
            Ok(_) => {
                if seen.insert(path.clone()) {
                    out.push(Ok(path.clone()));
                }
            }
        }
    }
    out
}

fn walk_dir(
    dir: &Path,
    out: &mut Vec<Result<PathBuf, InputError>>,
    seen: &mut HashSet<PathBuf>,
    select: &mut dyn FnMut(&Path) -> bool,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Err(InputError::Io(dir.to_path_buf(), e)));
            return;
        }
    };
    let mut children = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => children.push(entry),
            Err(e) => out.push(Err(InputError::Io(dir.to_path_buf(), e))),
        }
    }
    children.sort_by_key(|e| e.file_name());
    for entry in children {
        if is_skipped(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk_dir(&path, out, seen, select);
        } else {
            // A symbolic link counts when it leads to a regular file.
            let is_file = file_type.is_file()
                || file_type.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_file());
            if is_file && select(&path) && seen.insert(path.clone()) {
                out.push(Ok(path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for p in files {
            let path = dir.path().join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        dir
    }

    fn relative(root: &Path, found: Vec<PathBuf>) -> Vec<String> {
        found
            .into_iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    fn settings(toml: &str) -> Settings {
        crate::config::parse(Path::new("baogao.toml"), toml).unwrap()
    }

    /// A folder where the command line and the server chose differently: the
    /// CLI took any `.txt`/`.md` by extension (`a.MD` too without a
    /// `baogao.toml`, `周报.report` never even when `files.include` named
    /// it), the server what the globs chose but never a symbolic link to a
    /// file. Both now call this walk, so one list comes out.
    const MIXED: &[&str] = &[
        "b.txt",
        "a.MD",
        "notes.docx",
        "周报.report",
        "sub/c.txt",
        "sub/deeper/d.md",
        ".hidden/e.txt",
        ".f.txt",
        ".git/g.txt",
        ".vscode/h.md",
        "target/i.txt",
        "node_modules/j.md",
        "sub/node_modules/k.md",
        "old/l.txt",
        "~$notes.docx",
    ];

    #[test]
    fn default_globs_skip_hidden_and_build_folders() {
        let dir = tree(MIXED);
        let root = dir.path();
        let want = [
            "b.txt",
            "notes.docx",
            "old/l.txt",
            "sub/c.txt",
            "sub/deeper/d.md",
        ];
        let matcher = Settings::default().file_matcher();
        assert_eq!(relative(root, walk(root, &matcher)), want);
        // The command line's walk of the same folder gives the same list.
        let cli = collect(&[root.to_path_buf()], |folder, file| {
            matcher.wants(file.strip_prefix(folder).unwrap())
        });
        let cli: Vec<PathBuf> = cli.into_iter().map(Result::unwrap).collect();
        assert_eq!(relative(root, cli), want);
    }

    #[test]
    fn include_and_exclude_globs_choose() {
        let dir = tree(MIXED);
        let root = dir.path();
        let s = settings(
            "[files]\ninclude = [\"**/*.report\", \"**/*.txt\", \"**/*.MD\"]\nexclude = [\"old/**\"]\n",
        );
        assert_eq!(
            relative(root, walk(root, &s.file_matcher())),
            ["a.MD", "b.txt", "sub/c.txt", "周报.report"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_followed_links_to_folders_are_not() {
        let dir = tree(&["real/a.txt"]);
        let root = dir.path();
        std::os::unix::fs::symlink(root.join("real/a.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("loop")).unwrap();
        let found = walk(root, &Settings::default().file_matcher());
        assert_eq!(relative(root, found), ["link.txt", "real/a.txt"]);
    }

    #[test]
    fn named_files_are_taken_whatever_their_extension_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("报告.text");
        fs::write(&file, "x").unwrap();
        let missing = dir.path().join("无.txt");
        let got = collect(&[file.clone(), missing.clone(), file.clone()], |_, _| false);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap(), &file);
        assert!(matches!(&got[1], Err(InputError::NotFound(p)) if p == &missing));
    }
}
