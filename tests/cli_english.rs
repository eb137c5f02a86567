//! `--lang en` and `messages.language = "en"` leave no Chinese on the
//! command line's own words: what remains is quoted report text (the
//! excerpts of findings, the Chinese forms a rule's English summary names,
//! the rule documentation, which exists in Chinese only and says so).

mod support;

use baogao_core::REGISTRY;
use support::cli::{baogao, baogao_io, code, stderr, stdout, write};

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The text with every “…” quotation, every `…` span and every given
/// quoted sentence removed.
fn unquoted(text: &str, quoted: &[&str]) -> String {
    let mut text = text.to_string();
    for q in quoted {
        text = text.replace(q, "");
    }
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn assert_english(what: &str, text: &str, quoted: &[&str]) {
    let left = unquoted(text, quoted);
    let han: Vec<&str> = left.lines().filter(|l| l.chars().any(is_han)).collect();
    assert!(
        han.is_empty(),
        "{what}: Chinese left in\n{}",
        han.join("\n")
    );
}

/// The English summaries of the rules (they name Chinese forms).
fn summaries() -> Vec<&'static str> {
    REGISTRY.iter().map(|r| r.summary_en).collect()
}

#[test]
fn help_of_every_command_is_english() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["", "check", "outline", "rules", "explain", "init", "lsp"] {
        let mut args = vec!["--lang", "en"];
        if !sub.is_empty() {
            args.push(sub);
        }
        args.push("--help");
        let out = baogao(dir.path(), &args);
        assert_eq!(code(&out), 0, "{sub}");
        // Chinese forms named as examples are quoted (“（一）”).
        assert_english(&format!("{sub} --help"), &stdout(&out), &[]);
    }
}

#[test]
fn check_summary_errors_and_notices_are_english() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "一、总结\n（一）甲\n（三）乙\nXX县\n");
    let (gbk, _, _) = encoding_rs::GBK.encode("一、总结\n");
    write(dir.path(), "gbk.txt", &gbk);
    let out = baogao(
        dir.path(),
        &["--lang", "en", "check", "a.txt", "gbk.txt", "missing.txt"],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("decoded as GB18030"), "{err}");
    assert!(err.contains("no such file or directory"), "{err}");
    assert_english("check stderr", &err, &[]);
    // The findings' messages are English around their quotations (excerpts
    // of the report follow `:` or sit in the source lines).
    let out = baogao(
        dir.path(),
        &["--lang", "en", "check", "--format", "json", "a.txt"],
    );
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for r in records.as_array().unwrap() {
        let m = r["message"].as_str().unwrap();
        assert!(m.starts_with(|c: char| c.is_ascii_uppercase()), "{m}");
    }
    // --fix's summary and --diff's.
    for mode in ["--fix", "--diff"] {
        let out = baogao(dir.path(), &["--lang", "en", "check", mode, "a.txt"]);
        assert_english(mode, &stderr(&out), &[]);
    }
    // Usage errors.
    for args in [
        &["--lang", "en", "check", "--select", "nope", "a.txt"][..],
        &["--lang", "en", "check", "--fix", "--diff", "a.txt"][..],
        &["--lang", "en", "check", "-", "-"][..],
        &["--lang", "en", "explain", "numbering-gapp"][..],
    ] {
        let out = baogao_io(dir.path(), args, Some(b""), &[]);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_english(&format!("{args:?}"), &stderr(&out), &[]);
    }
}

#[test]
fn baogao_toml_errors_are_english_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "一、总结\n");
    let broken = [
        "[rules]\nnope = \"off\"\n",
        "[rules]\nplaceholder = \"loud\"\n",
        "[numbering]\nstyle = \"x\"\n",
        "[numbering]\nbracket = \"x\"\n",
        "[numbering]\nseparator = \"x\"\n",
        "[placeholder]\npatterns = [\"(\"]\n",
        "[files]\ninclude = [\"[\"]\n",
        "[messages]\nlanguage = \"fr\"\n",
        "[unknown]\n",
    ];
    for text in broken {
        write(dir.path(), "baogao.toml", text);
        let out = baogao(dir.path(), &["--lang", "en", "check", "a.txt"]);
        assert_eq!(code(&out), 2, "{text}");
        let err = stderr(&out);
        assert!(err.contains("invalid configuration"), "{text}: {err}");
        assert_english(text, &err, &[]);
        // In Chinese by default.
        let out = baogao(dir.path(), &["check", "a.txt"]);
        assert!(
            stderr(&out).contains("配置有误"),
            "{text}: {}",
            stderr(&out)
        );
    }
    // A broken file that asks for English is reported in English.
    write(
        dir.path(),
        "baogao.toml",
        "[messages]\nlanguage = \"en\"\n[numbering]\nstyle = \"x\"\n",
    );
    let out = baogao(dir.path(), &["check", "a.txt"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("\"numbering.style\": \"x\" is not valid; use strict or lenient"),
        "{}",
        stderr(&out)
    );
    assert_english("broken en file", &stderr(&out), &[]);
}

#[test]
fn rules_explain_and_init_are_english() {
    let dir = tempfile::tempdir().unwrap();
    let summaries = summaries();
    let out = baogao(dir.path(), &["--lang", "en", "rules"]);
    let table = stdout(&out);
    assert!(table.starts_with("code "), "{table}");
    assert_english("rules", &table, &summaries);
    let out = baogao(dir.path(), &["--lang", "en", "rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules[0]["summary"], REGISTRY[0].summary_en);
    // messages.language in the folder's baogao.toml does the same.
    write(dir.path(), "baogao.toml", "[messages]\nlanguage = \"en\"\n");
    assert_eq!(stdout(&baogao(dir.path(), &["rules"])), table);
    std::fs::remove_file(dir.path().join("baogao.toml")).unwrap();

    for r in REGISTRY {
        let out = baogao(dir.path(), &["--lang", "en", "explain", r.code]);
        let text = stdout(&out);
        let (head, rest) = text
            .split_once("Documentation (in Chinese only")
            .unwrap_or_else(|| panic!("{}: {text}", r.code));
        assert_english(r.code, head, &[r.summary_en]);
        let settings = rest
            .split_once("Settings (baogao.toml):")
            .expect("settings")
            .1;
        assert_english(&format!("{} settings", r.code), settings, &[]);
    }

    let out = baogao(dir.path(), &["--lang", "en", "init"]);
    assert_eq!(code(&out), 0);
    assert_english("init stderr", &stderr(&out), &[]);
    let toml = std::fs::read_to_string(dir.path().join("baogao.toml")).unwrap();
    assert_english("init template", &toml, &summaries);
    // Still the defaults: the English template parses to the same settings.
    let zh = tempfile::tempdir().unwrap();
    baogao(zh.path(), &["init"]);
    let zh_toml = std::fs::read_to_string(zh.path().join("baogao.toml")).unwrap();
    let values = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split(" #").next().unwrap().trim_end().to_string())
            .collect()
    };
    assert_eq!(values(&toml), values(&zh_toml));
}

#[test]
fn outline_words_are_english() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "正文\n");
    let out = baogao(dir.path(), &["--lang", "en", "outline", "a.txt"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("has no headings"), "{}", stderr(&out));
    assert_english("outline", &stderr(&out), &[]);
    write(dir.path(), "baogao.toml", "[messages]\nlanguage = \"en\"\n");
    let out = baogao(dir.path(), &["outline", "a.txt"]);
    assert!(stderr(&out).contains("has no headings"), "{}", stderr(&out));
}
