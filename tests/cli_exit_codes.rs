//! The exit codes of README's table, one row per path through the command
//! line: 0 clean, 1 findings (or something `--diff` would fix), 2 usage and
//! IO errors, which win over 1. Each row runs the real binary in a folder of
//! its own.

mod support;

use std::path::Path;

use baogao::files::docx::fixture;
use support::cli::{baogao_io, code, stderr, stdout, write};

/// Only a fixable finding (a gap: （三） becomes （二））.
const FIXABLE: &str = "一、总结\n（一）甲\n（三）乙\n";
/// Only an unfixable finding (a placeholder).
const UNFIXABLE: &str = "XX县工作总结\n";
const CLEAN: &str = "一、总结\n（一）甲\n（二）乙\n";
/// Information only (mixed brackets), which does not count.
const INFORMATION: &str = "一、总结\n（一）甲\n(二)乙\n";

struct Row {
    what: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    args: &'static [&'static str],
    stdin: Option<&'static [u8]>,
    code: i32,
}

const fn row(
    what: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    args: &'static [&'static str],
    code: i32,
) -> Row {
    Row {
        what,
        files,
        args,
        stdin: None,
        code,
    }
}

const ROWS: &[Row] = &[
    row(
        "clean",
        &[("a.txt", CLEAN.as_bytes())],
        &["check", "a.txt"],
        0,
    ),
    row(
        "information only",
        &[("a.txt", INFORMATION.as_bytes())],
        &["check", "a.txt"],
        0,
    ),
    row(
        "a warning",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "a.txt"],
        1,
    ),
    row(
        "a clean folder",
        &[("d/a.txt", CLEAN.as_bytes())],
        &["check", "d"],
        0,
    ),
    row(
        "findings in a folder",
        &[
            ("d/a.txt", CLEAN.as_bytes()),
            ("d/b.md", UNFIXABLE.as_bytes()),
        ],
        &["check", "d"],
        1,
    ),
    row("file not found", &[], &["check", "missing.txt"], 2),
    row(
        "not found beside findings",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "a.txt", "missing.txt"],
        2,
    ),
    row(
        "unreadable (a file used as a folder)",
        &[("a.txt", CLEAN.as_bytes())],
        &["check", "a.txt/b.txt"],
        2,
    ),
    row(
        "binary",
        &[("a.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")],
        &["check", "a.txt"],
        2,
    ),
    row(
        "a damaged .docx",
        &[("a.docx", b"PK\x03\x04\0\0\x08\0")],
        &["check", "a.docx"],
        2,
    ),
    row(
        "broken baogao.toml",
        &[
            ("a.txt", CLEAN.as_bytes()),
            ("baogao.toml", b"[rules]\nnope = \"off\"\n"),
        ],
        &["check", "a.txt"],
        2,
    ),
    row(
        "broken --config",
        &[
            ("a.txt", CLEAN.as_bytes()),
            ("x.toml", b"[numbering]\nstyle = 1\n"),
        ],
        &["check", "--config", "x.toml", "a.txt"],
        2,
    ),
    row(
        "bad --select code",
        &[("a.txt", CLEAN.as_bytes())],
        &["check", "--select", "numbering-gapp", "a.txt"],
        2,
    ),
    row(
        "bad --ignore family",
        &[("a.txt", CLEAN.as_bytes())],
        &["check", "--ignore", "nothing-*", "a.txt"],
        2,
    ),
    row("an unknown option", &[], &["check", "--nope", "a.txt"], 2),
    row("no path", &[], &["check"], 2),
    row("no command", &[], &[], 2),
    row(
        "--fix with --diff",
        &[("a.txt", FIXABLE.as_bytes())],
        &["check", "--fix", "--diff", "a.txt"],
        2,
    ),
    row(
        "--unsafe-fixes alone",
        &[("a.txt", FIXABLE.as_bytes())],
        &["check", "--unsafe-fixes", "a.txt"],
        2,
    ),
    row(
        "--diff with changes",
        &[("a.txt", FIXABLE.as_bytes())],
        &["check", "--diff", "a.txt"],
        1,
    ),
    row(
        "--diff without changes",
        &[("a.txt", CLEAN.as_bytes())],
        &["check", "--diff", "a.txt"],
        0,
    ),
    row(
        "--diff with unfixable findings only",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "--diff", "a.txt"],
        0,
    ),
    row(
        "--diff of a missing file",
        &[("a.txt", FIXABLE.as_bytes())],
        &["check", "--diff", "a.txt", "missing.txt"],
        2,
    ),
    row(
        "--fix fixes everything",
        &[("a.txt", FIXABLE.as_bytes())],
        &["check", "--fix", "a.txt"],
        0,
    ),
    row(
        "--fix leaves findings",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "--fix", "a.txt"],
        1,
    ),
    row(
        "--statistics with findings",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "--statistics", "a.txt"],
        1,
    ),
    row(
        "--quiet with findings",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "-q", "a.txt"],
        1,
    ),
    row(
        "--format sarif with findings",
        &[("a.txt", UNFIXABLE.as_bytes())],
        &["check", "--format", "sarif", "a.txt"],
        1,
    ),
    Row {
        what: "stdin clean",
        files: &[],
        args: &["check", "-"],
        stdin: Some(CLEAN.as_bytes()),
        code: 0,
    },
    Row {
        what: "stdin with findings",
        files: &[],
        args: &["check", "-", "--stdin-filename", "a.md"],
        stdin: Some(UNFIXABLE.as_bytes()),
        code: 1,
    },
    Row {
        what: "stdin binary",
        files: &[],
        args: &["check", "-"],
        stdin: Some(b"\x7fELF\x02\x01\x01\0\0\0\0\0"),
        code: 2,
    },
    Row {
        what: "--fix on stdin fixes everything",
        files: &[],
        args: &["check", "--fix", "-"],
        stdin: Some(FIXABLE.as_bytes()),
        code: 0,
    },
    Row {
        what: "--diff on stdin with changes",
        files: &[],
        args: &["check", "--diff", "-"],
        stdin: Some(FIXABLE.as_bytes()),
        code: 1,
    },
    Row {
        what: "stdin named twice",
        files: &[],
        args: &["check", "-", "-"],
        stdin: Some(CLEAN.as_bytes()),
        code: 2,
    },
    row(
        "--stdin-filename without -",
        &[("a.txt", CLEAN.as_bytes())],
        &["check", "--stdin-filename", "a.txt", "a.txt"],
        2,
    ),
    row(
        "outline",
        &[("a.txt", FIXABLE.as_bytes())],
        &["outline", "a.txt"],
        0,
    ),
    row(
        "outline of a missing file",
        &[],
        &["outline", "missing.txt"],
        2,
    ),
    row(
        "outline of a folder",
        &[("d/a.txt", CLEAN.as_bytes())],
        &["outline", "d"],
        2,
    ),
    row("rules", &[], &["rules"], 0),
    row("explain", &[], &["explain", "numbering-gap"], 0),
    row(
        "explain an unknown code",
        &[],
        &["explain", "numbering-gapp"],
        2,
    ),
    row("init", &[], &["init"], 0),
    row(
        "init over an existing baogao.toml",
        &[("baogao.toml", b"")],
        &["init"],
        2,
    ),
    row("an unknown --lang", &[], &["--lang", "fr", "rules"], 2),
];

fn run(dir: &Path, r: &Row) -> std::process::Output {
    for (name, bytes) in r.files {
        write(dir, name, bytes);
    }
    baogao_io(dir, r.args, r.stdin, &[])
}

#[test]
fn every_documented_path_exits_with_its_code() {
    let mut wrong = Vec::new();
    for r in ROWS {
        let dir = tempfile::tempdir().unwrap();
        let out = run(dir.path(), r);
        if code(&out) != r.code {
            wrong.push(format!(
                "{}: exit {} (expected {})\n{}{}",
                r.what,
                code(&out),
                r.code,
                stdout(&out),
                stderr(&out)
            ));
        }
        assert!(!stderr(&out).contains("panicked"), "{}", r.what);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_word_document_under_fix_and_diff() {
    // Never written: --fix and --diff check it, and its findings count
    // (it cannot be fixed, so they stand), from a file or standard input.
    let dir = tempfile::tempdir().unwrap();
    let report = fixture::sample_report();
    write(dir.path(), "报告.docx", &report);
    for args in [
        &["check", "--fix", "报告.docx"][..],
        &["check", "--diff", "报告.docx"][..],
    ] {
        let out = baogao_io(dir.path(), args, None, &[]);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
    }
    for args in [
        &["check", "--fix", "-", "--stdin-filename", "报告.docx"][..],
        &["check", "--diff", "-"][..],
    ] {
        let out = baogao_io(dir.path(), args, Some(&report), &[]);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
    }
    // A clean document exits 0 under --fix: nothing needed fixing.
    let clean = fixture::docx(&fixture::p("一、总结"), None, None);
    write(dir.path(), "clean.docx", &clean);
    let out = baogao_io(dir.path(), &["check", "--fix", "clean.docx"], None, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("无法修复 .docx 文件"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn quiet_keeps_findings_and_errors_only() {
    let dir = tempfile::tempdir().unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(UNFIXABLE);
    write(dir.path(), "gbk.txt", &gbk);
    write(dir.path(), "a.txt", FIXABLE);
    // Errors stay, and so does the exit code; the summary and notices go.
    let out = baogao_io(
        dir.path(),
        &["check", "-q", "gbk.txt", "missing.txt"],
        None,
        &[],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(!err.contains("GB18030") && !err.contains("共 "), "{err}");
    assert!(
        stdout(&out).contains("warning[placeholder]"),
        "{}",
        stdout(&out)
    );
    // --fix -q: the remaining findings, no summary.
    let out = baogao_io(
        dir.path(),
        &["check", "--fix", "-q", "gbk.txt", "a.txt"],
        None,
        &[],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    assert!(
        stdout(&out).contains("warning[placeholder]"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("numbering-gap"), "{}", stdout(&out));
    // --diff -q: the diff only; stdin --fix -q: the fixed text only.
    write(dir.path(), "a.txt", FIXABLE);
    let out = baogao_io(dir.path(), &["check", "--diff", "-q", "a.txt"], None, &[]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).contains("+（二）乙"), "{}", stdout(&out));
    let out = baogao_io(dir.path(), &["check", "--fix", "-q", "-"], Some(&gbk), &[]);
    assert_eq!(stderr(&out), "");
    assert_eq!(out.stdout, gbk.to_vec());
}
