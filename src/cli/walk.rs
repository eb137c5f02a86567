//! Which files `baogao check` reads.
//!
//! A path named on the command line is checked whatever its extension. A
//! directory is searched recursively for `.txt` and `.md` files (any letter
//! case), in sorted order, skipping hidden entries (names starting with `.`)
//! and the `target` and `node_modules` directories. Symbolic links to files
//! are followed; symbolic links to directories are not (no cycles).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::input::InputError;

/// Extensions of the files a directory search picks up.
pub const EXTENSIONS: &[&str] = &["txt", "md"];
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Expands `paths` into files, in order, each at most once. Problems (a
/// missing path, an unreadable directory) are returned in place.
pub fn collect(paths: &[PathBuf]) -> Vec<Result<PathBuf, InputError>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.push(Err(InputError::NotFound(path.clone())));
            }
            Err(e) => out.push(Err(InputError::Io(path.clone(), e))),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut out, &mut seen),
            Ok(_) => {
                if seen.insert(path.clone()) {
                    out.push(Ok(path.clone()));
                }
            }
        }
    }
    out
}

fn is_report(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn walk_dir(dir: &Path, out: &mut Vec<Result<PathBuf, InputError>>, seen: &mut HashSet<PathBuf>) {
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
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk_dir(&path, out, seen);
            }
        } else if is_report(&path) {
            // A symbolic link counts when it leads to a regular file.
            let is_file = file_type.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file());
            if is_file && seen.insert(path.clone()) {
                out.push(Ok(path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursion_is_sorted_and_skips_hidden_and_build_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (p, body) in [
            ("b.txt", "b"),
            ("a.MD", "a"),
            ("notes.docx", "x"),
            ("sub/c.txt", "c"),
            ("sub/deeper/d.md", "d"),
            (".hidden/e.txt", "e"),
            (".f.txt", "f"),
            ("target/g.txt", "g"),
            ("node_modules/h.md", "h"),
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
        let found: Vec<String> = collect(&[root.to_path_buf()])
            .into_iter()
            .map(|r| {
                r.unwrap()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(found, ["a.MD", "b.txt", "sub/c.txt", "sub/deeper/d.md"]);
    }

    #[test]
    fn named_files_are_taken_whatever_their_extension_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("报告.text");
        fs::write(&file, "x").unwrap();
        let missing = dir.path().join("无.txt");
        let got = collect(&[file.clone(), missing.clone(), file.clone()]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap(), &file);
        assert!(matches!(&got[1], Err(InputError::NotFound(p)) if p == &missing));
    }
}
