//! `baogao check -` (standard input, `--stdin-filename`) and `--fix`,
//! `--diff`, `--unsafe-fixes`: what is written, in which encoding, with which
//! permissions, and when nothing is written. They run the real binary.

mod support;

use support::cli::{baogao_io, code, json_array, stderr, stdout, write};

/// A placeholder (not fixable) and a gap (fixable: （三） becomes （二））.
const REPORT: &str = "XX县工作总结\n一、总结\n（一）甲\n（三）乙\n";
const FIXED: &str = "XX县工作总结\n一、总结\n（一）甲\n（二）乙\n";
/// Only fixable findings.
const FIXABLE: &str = "一、总结\n（一）甲\n（三）乙\n";

// ---------------------------------------------------------------- stdin

#[test]
fn stdin_is_checked_and_named_by_stdin_filename() {
    let dir = tempfile::tempdir().unwrap();
    let out = baogao_io(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "drafts/a.txt",
        ],
        Some(REPORT.as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let items = json_array(&out);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|d| d["path"] == "drafts/a.txt"));
    // Without a name it is "-".
    let out = baogao_io(
        dir.path(),
        &["check", "--format", "json", "-"],
        Some(REPORT.as_bytes()),
        &[],
    );
    assert_eq!(json_array(&out)[0]["path"], "-");
    // A clean text exits 0.
    let out = baogao_io(
        dir.path(),
        &["check", "-"],
        Some("一、总结\n".as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn stdin_filename_picks_the_format_and_the_baogao_toml() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "sub/baogao.toml",
        "[rules]\nplaceholder = \"off\"\n",
    );
    let text = "**XX**\n一、总结\n";
    // As Markdown in sub/: bold is not a placeholder, and placeholders are off anyway.
    let out = baogao_io(
        dir.path(),
        &["check", "-", "--stdin-filename", "sub/a.md"],
        Some(text.as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // As plain text in sub/: still off through sub/baogao.toml.
    let out = baogao_io(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "sub/a.txt",
        ],
        Some("XX县\n".as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // As plain text at the top: the placeholder is found.
    let out = baogao_io(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "a.txt",
        ],
        Some("XX县\n".as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json_array(&out)[0]["code"], "placeholder");
    // The outline of Markdown on stdin has `#` markers; as text it has none.
    let md = "# 一级\n\n## 二级\n";
    let out = baogao_io(
        dir.path(),
        &[
            "outline",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "a.md",
        ],
        Some(md.as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let tree = json_array(&out);
    assert_eq!(tree[0]["marker"], "#");
    assert_eq!(tree[0]["children"][0]["marker"], "##");
    let out = baogao_io(
        dir.path(),
        &["outline", "--format", "json", "-"],
        Some(md.as_bytes()),
        &[],
    );
    assert!(json_array(&out).is_empty());
}

#[test]
fn stdin_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = baogao_io(dir.path(), &["check", "-", "-"], Some(b""), &[]);
    assert_eq!(code(&out), 2);
    let f = write(dir.path(), "a.txt", "x\n");
    let out = baogao_io(
        dir.path(),
        &["check", "--stdin-filename", "b.txt", f.to_str().unwrap()],
        None,
        &[],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--stdin-filename"),
        "{}",
        stderr(&out)
    );
    // Binary input is refused.
    let out = baogao_io(
        dir.path(),
        &["check", "-"],
        Some(b"\x89PNG\r\n\x1a\n\0\0"),
        &[],
    );
    assert_eq!(code(&out), 2);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text_in_the_input_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = REPORT.replace('\n', "\r\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&crlf);
    let out = baogao_io(
        dir.path(),
        &["check", "--fix", "-", "--stdin-filename", "a.txt"],
        Some(&gb),
        &[],
    );
    // The placeholder remains.
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let fixed_crlf = FIXED.replace('\n', "\r\n");
    let (want, _, _) = encoding_rs::GB18030.encode(&fixed_crlf);
    assert_eq!(out.stdout, want.into_owned());
    assert!(
        stderr(&out).contains("已修复 1 个问题，剩余 1 个"),
        "{}",
        stderr(&out)
    );
    // Everything fixed: exit 0.
    let out = baogao_io(
        dir.path(),
        &["check", "--fix", "-"],
        Some(FIXABLE.as_bytes()),
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "一、总结\n（一）甲\n（二）乙\n");
}

// ---------------------------------------------------------------- --fix on files

#[test]
fn fix_keeps_gb18030_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = REPORT.replace('\n', "\r\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&crlf);
    let path = write(dir.path(), "报告.txt", &gb);
    let out = baogao_io(
        dir.path(),
        &["check", "--fix", "--format", "json", "报告.txt"],
        None,
        &[],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // What remains is reported: the placeholder.
    let items = json_array(&out);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["code"], "placeholder");
    assert!(
        stderr(&out).contains("已修复 1 个问题，剩余 1 个"),
        "{}",
        stderr(&out)
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "still GB18030, not UTF-8"
    );
    let (text, _, errors) = encoding_rs::GB18030.decode(&bytes);
    assert!(!errors);
    assert_eq!(text, FIXED.replace('\n', "\r\n"));
    // A second run has nothing left to fix and leaves the bytes alone.
    let out = baogao_io(dir.path(), &["check", "--fix", "报告.txt"], None, &[]);
    assert!(stderr(&out).contains("已修复 0 个问题"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn fix_keeps_the_bom_and_exits_0_when_all_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(FIXABLE.as_bytes());
    let path = write(dir.path(), "a.txt", &bytes);
    let out = baogao_io(dir.path(), &["check", "--fix", "a.txt"], None, &[]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let mut want = b"\xEF\xBB\xBF".to_vec();
    want.extend_from_slice("一、总结\n（一）甲\n（二）乙\n".as_bytes());
    assert_eq!(std::fs::read(&path).unwrap(), want);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", FIXABLE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = baogao_io(dir.path(), &["check", "--fix", "."], None, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.txt"]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "一、总结\n（一）甲\n（二）乙\n"
    );
}

#[test]
fn a_file_changed_between_read_and_write_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", FIXABLE);
    let out = baogao_io(
        dir.path(),
        &["check", "--fix", "a.txt"],
        None,
        &[("BAOGAO_TEST_WRITE_BEFORE_RENAME", "另一个程序写的\n")],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("文件在读取后被修改过"),
        "{}",
        stderr(&out)
    );
    // The other program's text is there, the fix is not.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{FIXABLE}另一个程序写的\n")
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", REPORT);
    let out = baogao_io(dir.path(), &["check", "--diff", "a.txt"], None, &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,4 +1,4 @@\n XX县工作总结\n 一、总结\n （一）甲\n-（三）乙\n+（二）乙\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), REPORT);
    // Nothing to fix (only the placeholder): exit 0, no output.
    write(dir.path(), "b.txt", "XX县\n");
    let out = baogao_io(dir.path(), &["check", "--diff", "b.txt"], None, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    // --fix and --diff together, --unsafe-fixes alone: usage errors.
    assert_eq!(
        code(&baogao_io(
            dir.path(),
            &["check", "--fix", "--diff", "a.txt"],
            None,
            &[]
        )),
        2
    );
    assert_eq!(
        code(&baogao_io(
            dir.path(),
            &["check", "--unsafe-fixes", "a.txt"],
            None,
            &[]
        )),
        2
    );
    // A missing file: 2.
    assert_eq!(
        code(&baogao_io(
            dir.path(),
            &["check", "--diff", "none.txt"],
            None,
            &[]
        )),
        2
    );
}

#[test]
fn unsafe_fixes_apply_what_fix_all_leaves() {
    let dir = tempfile::tempdir().unwrap();
    // A doubled comma after a digit may be a marker's separator: not safe.
    let path = write(dir.path(), "a.txt", "总产量达到3，，同比增长。\n");
    let out = baogao_io(dir.path(), &["check", "--fix", "a.txt"], None, &[]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "总产量达到3，，同比增长。\n"
    );
    let out = baogao_io(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "a.txt"],
        None,
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "总产量达到3，同比增长。\n"
    );
}

#[cfg(unix)]
#[test]
fn fix_through_a_symbolic_link_rewrites_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = write(dir.path(), "real/a.txt", FIXABLE);
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = baogao_io(dir.path(), &["check", "--fix", "link.txt"], None, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "一、总结\n（一）甲\n（二）乙\n"
    );
}

#[test]
fn fix_summary_in_english() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", REPORT);
    let out = baogao_io(
        dir.path(),
        &["--lang", "en", "check", "--fix", "a.txt"],
        None,
        &[],
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("fixed 1, 1 remaining"),
        "{}",
        stderr(&out)
    );
}
