//! `baogao check --fix`, `--diff` and `--unsafe-fixes`: the fixed text, a
//! unified diff of it, and the careful write back to disk.
//!
//! A write is atomic: the new bytes go to a temporary file in the same
//! folder, which takes the original's permissions, and is renamed over the
//! file. The text is encoded back as it was read (`files::decode::encode_like`:
//! a GB18030 file stays GB18030, a BOM stays, CRLF stays CRLF). Right before
//! the rename the file is read again; if its bytes, length or modification
//! time differ from what was read, nothing is written.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use baogao_core::fix::{apply, fix_all, quick_fixes, Edit};
use baogao_core::{analyze, Config};

use crate::files::decode::{decode, encode_like, DecodeError, Decoded, EncodeError, InputError};

/// Rounds of unsafe fixes at most, as in fix-all.
const ROUNDS: usize = 8;

/// The text with every safe fix applied (fix-all, as in the editor), then,
/// with `unsafe_fixes`, the first fix of each remaining diagnostic,
/// non-overlapping, round after round until nothing changes.
pub fn fixed_text(text: &str, config: &Config, unsafe_fixes: bool) -> String {
    let analysis = analyze(text, config);
    let mut current = apply(text, &fix_all(text, &analysis, config));
    if unsafe_fixes {
        for _ in 0..ROUNDS {
            let a = analyze(&current, config);
            let mut taken: Vec<Edit> = Vec::new();
            for d in &a.diagnostics {
                let Some(f) = quick_fixes(&current, &a, config, d).into_iter().next() else {
                    continue;
                };
                if f.edits.iter().any(|e| taken.iter().any(|t| t.overlaps(e))) {
                    continue;
                }
                taken.extend(f.edits);
            }
            let next = apply(&current, &taken);
            if next == current {
                break;
            }
            current = next;
        }
    }
    current
}

/// A file as read for fixing: its bytes and metadata, to notice a change
/// on disk before writing, and its text.
pub struct ReadFile {
    pub path: PathBuf,
    bytes: Vec<u8>,
    len: u64,
    modified: Option<SystemTime>,
    permissions: fs::Permissions,
    pub decoded: Decoded,
}

/// Reads `path` for fixing.
pub fn read(path: &Path) -> Result<ReadFile, InputError> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound(path.to_path_buf()),
        _ => InputError::Io(path.to_path_buf(), e),
    })?;
    if meta.is_dir() {
        return Err(InputError::IsDirectory(path.to_path_buf()));
    }
    let bytes = fs::read(path).map_err(|e| InputError::Io(path.to_path_buf(), e))?;
    // A Word document (zip or OLE) is no text to fix: the caller reads it
    // with `read_document` and only checks it.
    if !matches!(
        crate::files::docx::sniff(&bytes),
        crate::files::docx::Sniff::Other
    ) {
        return Err(InputError::Binary(path.to_path_buf()));
    }
    let decoded = decode(bytes.clone())
        .map_err(|DecodeError::Binary| InputError::Binary(path.to_path_buf()))?;
    Ok(ReadFile {
        path: path.to_path_buf(),
        bytes,
        len: meta.len(),
        modified: meta.modified().ok(),
        permissions: meta.permissions(),
        decoded,
    })
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk after it was read.
    Changed,
    Encode(EncodeError),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = super::i18n::t;
        match self {
            WriteError::Changed => f.write_str(t(
                "文件在读取后被修改过，未写入修复",
                "the file changed on disk after it was read; fixes not written",
            )),
            WriteError::Encode(EncodeError::LossyDecode) => f.write_str(t(
                "文件中有无法识别的字节，写回会丢失它们，未写入修复",
                "the file has undecodable bytes that a write would lose; fixes not written",
            )),
            WriteError::Io(e) => write!(f, "{}{e}", t("无法写入：", "cannot write: ")),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

/// Writes `text` over the file, atomically, in the file's encoding, BOM and
/// line breaks, with its permissions; refused when the file changed since
/// it was read.
pub fn write_back(file: &ReadFile, text: &str) -> Result<(), WriteError> {
    let bytes = encode_like(&file.decoded, text).map_err(WriteError::Encode)?;
    // Through a symbolic link, the file it leads to is replaced, not the link.
    let target = fs::canonicalize(&file.path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.baogao-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        drop(f);
        fs::set_permissions(&tmp, file.permissions.clone())?;
        test_hook(&target);
        if !unchanged(file, &target) {
            return Err(WriteError::Changed);
        }
        fs::rename(&tmp, &target)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether the file on disk is still what was read: same length,
/// modification time and bytes.
fn unchanged(file: &ReadFile, target: &Path) -> bool {
    let Ok(meta) = fs::metadata(target) else {
        return false;
    };
    meta.len() == file.len
        && meta.modified().ok() == file.modified
        && fs::read(target).is_ok_and(|b| b == file.bytes)
}

/// Tests only (debug builds): `BAOGAO_TEST_WRITE_BEFORE_RENAME=text` appends
/// `text` to the file right before the check, as another program would.
fn test_hook(target: &Path) {
    if cfg!(debug_assertions) {
        if let Ok(extra) = std::env::var("BAOGAO_TEST_WRITE_BEFORE_RENAME") {
            if let Ok(mut f) = fs::OpenOptions::new().append(true).open(target) {
                let _ = f.write_all(extra.as_bytes());
            }
        }
    }
}

/// Lines of context around each change in [`unified_diff`].
const CONTEXT: usize = 3;

/// A unified diff (`--- a/path`, `+++ b/path`, `@@ -l,n +l,n @@`) from
/// `old` to `new`; empty when they are equal. Fixes keep the number of
/// lines, so lines are compared in pairs; otherwise the differing middle
/// (after the common first and last lines) is one change.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // Changes as (old range, new range) of line indices.
    let mut changes: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    if a.len() == b.len() {
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                let start = i;
                while i < a.len() && a[i] != b[i] {
                    i += 1;
                }
                changes.push((start..i, start..i));
            } else {
                i += 1;
            }
        }
    } else {
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..]
            .iter()
            .rev()
            .zip(b[prefix..].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        changes.push((prefix..a.len() - suffix, prefix..b.len() - suffix));
    }
    // Group changes whose context touches into hunks.
    let mut hunks: Vec<Vec<usize>> = Vec::new();
    for (i, (r, _)) in changes.iter().enumerate() {
        match hunks.last_mut() {
            Some(h) if changes[*h.last().expect("non-empty")].0.end + 2 * CONTEXT >= r.start => {
                h.push(i)
            }
            _ => hunks.push(vec![i]),
        }
    }
    let path = path.trim_start_matches('/');
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let line = |out: &mut String, sign: char, l: &str| {
        out.push(sign);
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    for h in hunks {
        let (first, last) = (&changes[h[0]], &changes[*h.last().expect("non-empty")]);
        let a_start = first.0.start.saturating_sub(CONTEXT);
        let b_start = first.1.start.saturating_sub(CONTEXT);
        let a_end = (last.0.end + CONTEXT).min(a.len());
        let b_end = (last.1.end + CONTEXT).min(b.len());
        let header = |start: usize, end: usize| {
            let n = end - start;
            let shown = if n == 0 { start } else { start + 1 };
            format!("{shown},{n}")
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            header(a_start, a_end),
            header(b_start, b_end)
        ));
        let mut at = a_start;
        for &c in &h {
            let (ra, rb) = &changes[c];
            for l in &a[at..ra.start] {
                line(&mut out, ' ', l);
            }
            for l in &a[ra.clone()] {
                line(&mut out, '-', l);
            }
            for l in &b[rb.clone()] {
                line(&mut out, '+', l);
            }
            at = ra.end;
        }
        for l in &a[at..a_end] {
            line(&mut out, ' ', l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_of_one_changed_line_has_three_lines_of_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n";
        assert_eq!(
            unified_diff("a.txt", old, new),
            "--- a/a.txt\n+++ b/a.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
        assert_eq!(unified_diff("a.txt", old, old), "");
    }

    #[test]
    fn far_apart_changes_are_two_hunks_and_a_missing_newline_is_marked() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect::<String>() + "end";
        let new = old.replacen("2\n", "two\n", 1).replace("end", "END");
        let d = unified_diff("b.md", &old, &new);
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"), "{d}");
        assert!(
            d.ends_with("-end\n\\ No newline at end of file\n+END\n\\ No newline at end of file\n"),
            "{d}"
        );
    }

    #[test]
    fn diff_when_the_line_count_changes() {
        let d = unified_diff("c.txt", "a\nb\nc\n", "a\nc\n");
        assert_eq!(d, "--- a/c.txt\n+++ b/c.txt\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    }
}
