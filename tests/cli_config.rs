//! `baogao.toml` as the CLI sees it: found by walking up from the checked
//! file, applied to rules and placeholders, and reported with file, line and
//! key (exit 2) when broken.

mod support;

use support::cli::{baogao, code, stderr, stdout};

/// Exit code, stdout and stderr of `baogao ARGS` in `dir`.
fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = baogao(dir, args);
    (code(&out), stdout(&out), stderr(&out))
}

const REPORT: &str = "XX联盟和XX县\n一、工作\n（一）甲\n（三）乙\n";

#[test]
fn documented_keys_change_rules_and_allow_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("drafts")).expect("mkdir");
    std::fs::write(dir.path().join("drafts/a.txt"), REPORT).expect("write");
    // No configuration: both placeholders and the gap.
    let (code, out, _) = run(dir.path(), &["check", "--format", "json", "drafts/a.txt"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(3));

    std::fs::write(
        dir.path().join("baogao.toml"),
        "[rules]\n\"numbering-gap\" = \"error\"\n[placeholder]\nallow = [\"XX联盟\"]\n",
    )
    .expect("write");
    let (_, out, _) = run(dir.path(), &["check", "--format", "json", "drafts/a.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let got: Vec<(String, String, u64)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").into(),
                d["severity"].as_str().unwrap_or("").into(),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("placeholder".into(), "warning".into(), 6),
            ("numbering-gap".into(), "error".into(), 1)
        ]
    );

    std::fs::write(
        dir.path().join("baogao.toml"),
        "[rules]\nplaceholder = \"off\"\n\"numbering-gap\" = \"off\"\n",
    )
    .expect("write");
    let (code, out, _) = run(dir.path(), &["check", "--format", "json", "drafts/a.txt"]);
    assert_eq!((code, out.trim()), (0, "[]"));
}

#[test]
fn broken_configuration_names_file_line_and_key_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), REPORT).expect("write");
    std::fs::write(
        dir.path().join("baogao.toml"),
        "# 团队配置\n[rules]\nplaceholder = \"loud\"\n",
    )
    .expect("write");
    let (code, out, err) = run(dir.path(), &["check", "a.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("baogao.toml:3: 配置有误：“rules.placeholder”"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["outline", "a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("baogao.toml:3"), "{err}");
}

#[test]
fn exclude_globs_apply_to_directory_walks() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("old")).expect("mkdir");
    std::fs::write(dir.path().join("a.txt"), "XX县\n").expect("write");
    std::fs::write(dir.path().join("old/b.txt"), "XX县\n").expect("write");
    std::fs::write(
        dir.path().join("baogao.toml"),
        "[files]\nexclude = [\"old/**\"]\n",
    )
    .expect("write");
    let (_, out, _) = run(dir.path(), &["check", "--format", "json", "."]);
    assert!(out.contains("a.txt") && !out.contains("b.txt"), "{out}");
    // A file named on the command line is always checked.
    let (_, out, _) = run(dir.path(), &["check", "--format", "json", "old/b.txt"]);
    assert!(out.contains("b.txt"), "{out}");
}
