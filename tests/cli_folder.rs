//! `baogao check FOLDER` checks its files in parallel and prints exactly
//! what checking them one by one, in the walk's sorted order, prints.

use std::path::Path;
use std::process::{Command, Output};

use baogao_core::incremental::{self, Piece};

fn run(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .args(paths)
        .output()
        .expect("run baogao")
}

/// Everything before the summary line (the last line of stderr).
fn without_summary(stderr: &[u8]) -> String {
    let s = String::from_utf8(stderr.to_vec()).expect("UTF-8");
    let mut lines: Vec<&str> = s.lines().collect();
    lines.pop();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Drafts with and without findings, one in GB18030 (a notice on stderr),
/// one binary (an error), one `--fix`-able.
fn drafts(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    for i in 0..40 {
        let name = format!("d{i:02}.txt");
        let path = dir.join(&name);
        match i {
            7 => {
                let (bytes, _, _) = encoding_rs::GB18030
                    .encode("一、主要工作\n今年XX县完成投资5亿元。\n（三）乙\n");
                std::fs::write(&path, bytes).unwrap();
            }
            13 => std::fs::write(&path, [0u8, 159, 146, 150, 0, 1, 2]).unwrap(),
            _ => {
                let body = match i % 3 {
                    0 => format!("第{i}份报告\n\n一、主要工作\n（一）甲\n（三）乙,丙。\n"),
                    1 => "一、总结\n全年完成任务。\n二、计划\n".to_string(),
                    _ => format!("一、问题{i}\nx月xx日完成20**年任务。\n三、措施\n"),
                };
                std::fs::write(&path, body).unwrap();
            }
        }
        paths.push(path);
    }
    paths
}

#[test]
fn a_folder_prints_what_its_files_print_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let paths = drafts(dir.path());
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--format", "jsonl"],
        &["check", "--format", "github"],
    ] {
        let folder = run(args, &[dir.path()]);
        let (mut out, mut err) = (Vec::new(), String::new());
        for p in &paths {
            let one = run(args, &[p]);
            out.extend_from_slice(&one.stdout);
            err.push_str(&without_summary(&one.stderr));
        }
        assert_eq!(
            String::from_utf8_lossy(&folder.stdout),
            String::from_utf8_lossy(&out),
            "{args:?}"
        );
        assert_eq!(without_summary(&folder.stderr), err, "{args:?}");
        assert!(err.contains("GB18030"), "{err}");
        assert_eq!(
            folder.status.code(),
            Some(2),
            "the binary file is unreadable"
        );
    }
    // JSON and SARIF are one document: the same findings in the same order
    // as naming the files one after another.
    for format in ["json", "sarif"] {
        let args = ["check", "--format", format];
        let named: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let folder = run(&args, &[dir.path()]);
        let listed = run(&args, &named);
        assert_eq!(folder.stdout, listed.stdout, "{format}");
        let summary = String::from_utf8_lossy(&folder.stderr);
        assert!(summary.contains("共 39 个文件"), "{summary}");
    }
}

#[test]
fn fixes_in_a_folder_are_written_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let paths = drafts(dir.path());
    let copy = tempfile::tempdir().unwrap();
    for p in &paths {
        std::fs::copy(p, copy.path().join(p.file_name().unwrap())).unwrap();
    }
    let folder = run(&["check", "--fix", "--color", "never"], &[dir.path()]);
    let mut err = String::new();
    for p in &paths {
        let one = run(
            &["check", "--fix", "--color", "never"],
            &[&copy.path().join(p.file_name().unwrap())],
        );
        err.push_str(&without_summary(&one.stderr));
    }
    let rename = |s: &str| s.replace(&copy.path().display().to_string(), "DIR");
    assert_eq!(
        rename(&without_summary(&folder.stderr).replace(&dir.path().display().to_string(), "DIR")),
        rename(&err)
    );
    for p in &paths {
        let a = std::fs::read(p).unwrap();
        let b = std::fs::read(copy.path().join(p.file_name().unwrap())).unwrap();
        assert_eq!(a, b, "{} fixed the same way", p.display());
    }
    let summary = String::from_utf8_lossy(&folder.stderr);
    assert!(summary.contains("已修复"), "{summary}");
}

/// A large compilation checked alone is analysed in chunks on every core;
/// what it prints is what one thread prints, in every format.
#[test]
fn a_large_file_on_several_threads_prints_what_one_thread_prints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("汇编.txt");
    // Reports of their own (each closes with a long sentence and a period,
    // where chunks may be cut), with defects in each: about 300 KB.
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&format!(
            "城关镇片区{i}工作总结\n\n一、主要工作\n全年XX县完成投资{i}亿元，同比增长15～30%，推进 改革，开展开展调研，重点项目建设有序推进，群众满意度持续提升。\n（一）甲\n（三）乙,丙。\n二、下一步打算\n一是加强学习；二是推进落实；四是强化保障，确保全年各项工作任务全面完成、取得明显实效。\n\n"
        ));
    }
    // The text does split (else the test would prove nothing).
    let pieces = pieces_on_two_threads(&text);
    assert!(pieces.len() >= 3, "{} pieces", pieces.len());
    assert!(pieces.iter().all(|p| matches!(p, Piece::Analysed(_))));
    prints_on_two_threads_what_one_thread_prints(
        &path,
        &text,
        &["human", "json", "jsonl", "sarif", "github"],
    );
}

/// The pieces `baogao check` cuts `text` into on two threads.
fn pieces_on_two_threads(text: &str) -> Vec<Piece> {
    let config = baogao_core::Config::default();
    let done = incremental::runs(text, &config, 2)
        .into_iter()
        .map(|run| incremental::analyze_run(text, &config, run, incremental::PIECE_MIN))
        .collect();
    incremental::settle(text, &config, done)
}

/// `text`, written at `path` and checked in each format, prints the same
/// with `BAOGAO_THREADS=2` as with 1 (which analyses it whole).
fn prints_on_two_threads_what_one_thread_prints(path: &Path, text: &str, formats: &[&str]) {
    assert!(text.len() > 128 * 1024, "large enough to be cut");
    std::fs::write(path, text).unwrap();
    for format in formats {
        let run = |threads: &str| {
            Command::new(env!("CARGO_BIN_EXE_baogao"))
                .args(["check", "--format", format])
                .arg(path)
                .env("BAOGAO_THREADS", threads)
                .env("NO_COLOR", "1")
                .output()
                .expect("run baogao")
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(one.status.code(), Some(1), "{format}");
        assert!(one.stdout.len() > 10_000, "{format}: findings expected");
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(one.stderr, two.stderr, "{format}");
    }
}

/// Untitled reports, each after an intro ending with a colon, where the top
/// level restarts: where the threads' runs start is only guessed (no title
/// says so), and a section's `（一）` after a sentence is guessed too.
fn untitled_report(i: usize) -> String {
    format!(
        "全年工作稳步推进，重点项目建设有序推进，群众满意度持续提升，现将第{i}片区有关情况汇报如下：\n一、基本情况\n全年XX县完成投资{i}亿元，同比增长15～30%，推进 改革，开展开展调研，重点项目建设有序推进，群众满意度持续提升。\n（一）甲\n一是加强学习；二是推进落实；四是强化保障，确保全年各项工作任务全面完成、取得明显实效。\n（三）乙,丙。\n二、下一步打算\n加强队伍建设，注重营造氛围，确保全年各项工作任务全面完成、取得明显实效。\n\n"
    )
}

/// An untitled compilation, cut at guessed report starts, prints what
/// one thread prints.
#[test]
fn a_large_untitled_compilation_on_two_threads_prints_what_one_thread_prints() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..500).map(untitled_report).collect();
    let pieces = pieces_on_two_threads(&text);
    assert!(pieces.len() >= 4, "{} pieces", pieces.len());
    assert!(pieces.iter().all(|p| matches!(p, Piece::Analysed(_))));
    prints_on_two_threads_what_one_thread_prints(
        &dir.path().join("汇编.txt"),
        &text,
        &["json", "human"],
    );
}

/// When the second thread's run starts at a guess that is no report start
/// (a `（一）` section deep in one long report, the only guess near the
/// middle), what it analysed is dropped and the rest analysed again: the
/// output is still what one thread prints.
#[test]
fn a_large_file_whose_second_run_starts_at_no_cut_prints_what_one_thread_prints() {
    let dir = tempfile::tempdir().unwrap();
    let mut text: String = (0..300).map(untitled_report).collect();
    text.push_str("一、总体情况\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "（一）第{i}项\n全年XX县完成投资{i}亿元，同比增长15～30%，重点项目建设有序推进，群众满意度持续提升。\n"
        ));
    }
    let pieces = pieces_on_two_threads(&text);
    assert!(
        pieces.iter().any(|p| matches!(p, Piece::Unanalysed(_))),
        "the guess is wrong"
    );
    assert!(matches!(pieces[0], Piece::Analysed(_)));
    prints_on_two_threads_what_one_thread_prints(&dir.path().join("汇编.txt"), &text, &["json"]);
}
