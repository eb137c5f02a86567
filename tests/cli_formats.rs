//! `baogao check --format jsonl|sarif|github`, `--statistics`, `--quiet`,
//! `--select`/`--ignore`, `--config`/`--no-config`, `--color`, `--lang`,
//! and `baogao init`; the documented exit codes of each path.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use support::cli::{baogao_env, code, stderr, stdout, write};

/// Two placeholders, a gap (warnings) and mixed brackets (information).
const REPORT: &str = "XX县工作总结\n一、总结\n（一）甲\n（三）乙\n(四)丙\n今年XX。\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "报告 一.txt", REPORT);
    dir
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(out), stderr(out)))
}

fn codes(out: &Output) -> Vec<String> {
    let mut v: Vec<String> = json_of(out)
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn sarif_is_a_2_1_0_log_with_rules_and_regions() {
    let dir = setup();
    let out = baogao_env(
        dir.path(),
        &["check", "--format", "sarif", "报告 一.txt"],
        &[],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let log = json_of(&out);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .ends_with("sarif-schema-2.1.0.json"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "baogao");
    let rules = driver["rules"].as_array().unwrap();
    let registry: Vec<&str> = baogao_core::REGISTRY.iter().map(|r| r.code).collect();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, registry);
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(r["help"]["text"].as_str().unwrap().contains("示例"), "{r}");
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "{results:?}");
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], id);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "%E6%8A%A5%E5%91%8A%20%E4%B8%80.txt"
        );
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k}: {region}");
        }
    }
    // 今年XX。: XX is characters 3..5 of line 6 (1-based, end exclusive).
    let last = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 6)
        .unwrap();
    assert_eq!(last["ruleId"], "placeholder");
    let region = &last["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(3), Some(5))
    );
    // The gap names the sibling before it.
    let gap = results
        .iter()
        .find(|r| r["ruleId"] == "numbering-gap")
        .unwrap();
    assert_eq!(
        gap["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    // A clean run is a log with no results, exit 0.
    write(dir.path(), "clean.txt", "一、总结\n");
    let out = baogao_env(
        dir.path(),
        &["check", "--format", "sarif", "clean.txt"],
        &[],
    );
    assert_eq!(code(&out), 0);
    assert_eq!(json_of(&out)["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn github_format_prints_workflow_commands() {
    let dir = setup();
    let out = baogao_env(
        dir.path(),
        &["check", "--format", "github", "报告 一.txt"],
        &[],
    );
    assert_eq!(code(&out), 1);
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines.contains(&"::warning file=报告 一.txt,line=4,col=1,endLine=4,endColumn=4,title=baogao(numbering-gap)::编号跳跃：（一）之后应为（二），此处为（三）".to_string()), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice file=报告 一.txt,line=5,")
                && l.contains("title=baogao(numbering-bracket)::")),
        "{lines:?}"
    );
    assert!(lines
        .iter()
        .all(|l| l.starts_with("::warning ") || l.starts_with("::notice ")));
}

#[test]
fn jsonl_is_one_json_record_per_line_with_the_json_fields() {
    let dir = setup();
    let out = baogao_env(
        dir.path(),
        &["check", "--format", "jsonl", "报告 一.txt"],
        &[],
    );
    let json = baogao_env(
        dir.path(),
        &["check", "--format", "json", "报告 一.txt"],
        &[],
    );
    let from_lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(from_lines), json_of(&json));
    assert_eq!(code(&out), 1);
}

#[test]
fn statistics_count_per_rule_most_first() {
    let dir = setup();
    let out = baogao_env(dir.path(), &["check", "--statistics", "报告 一.txt"], &[]);
    assert_eq!(code(&out), 1);
    let rows: Vec<Vec<String>> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    assert_eq!(rows[0][..2], ["2".to_string(), "placeholder".to_string()]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1][1], "numbering-bracket");
    assert_eq!(rows[2][1], "numbering-gap");
    let out = baogao_env(
        dir.path(),
        &["check", "--statistics", "--format", "json", "报告 一.txt"],
        &[],
    );
    assert_eq!(
        json_of(&out)[0],
        serde_json::json!({"code": "placeholder", "count": 2})
    );
}

#[test]
fn quiet_prints_findings_only() {
    let dir = setup();
    let (gb, _, _) = encoding_rs::GB18030.encode(REPORT);
    write(dir.path(), "gb.txt", &gb);
    let out = baogao_env(dir.path(), &["check", "--quiet", "gb.txt"], &[]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "", "no summary, no decoding notice");
    assert!(stdout(&out).contains("warning[placeholder]"));
    let out = baogao_env(dir.path(), &["check", "gb.txt"], &[]);
    assert!(stderr(&out).contains("GB18030"));
}

#[test]
fn select_and_ignore_take_codes_and_families() {
    let dir = setup();
    let f = "报告 一.txt";
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(f);
        baogao_env(dir.path(), &args, &[])
    };
    assert_eq!(
        codes(&run(&[])),
        ["numbering-bracket", "numbering-gap", "placeholder"]
    );
    assert_eq!(codes(&run(&["--select", "placeholder"])), ["placeholder"]);
    assert_eq!(
        codes(&run(&["--select", "numbering-*"])),
        ["numbering-bracket", "numbering-gap"]
    );
    assert_eq!(codes(&run(&["--ignore", "numbering-*"])), ["placeholder"]);
    assert_eq!(
        codes(&run(&[
            "--select",
            "numbering-*,placeholder",
            "--ignore",
            "numbering-gap"
        ])),
        ["numbering-bracket", "placeholder"]
    );
    // Only information left: exit 0.
    assert_eq!(code(&run(&["--select", "numbering-bracket"])), 0);
    // Unknown codes are usage errors.
    let out = run(&["--select", "nothing"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nothing"), "{}", stderr(&out));
    assert_eq!(code(&run(&["--ignore", "nothing-*"])), 2);
}

#[test]
fn config_and_no_config() {
    let dir = setup();
    let f = "报告 一.txt";
    write(
        dir.path(),
        "baogao.toml",
        "[rules]\nplaceholder = \"off\"\n",
    );
    write(
        dir.path(),
        "other.toml",
        "[rules]\n\"numbering-*\" = \"off\"\n",
    );
    write(dir.path(), "broken.toml", "[rules\n");
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(f);
        baogao_env(dir.path(), &args, &[])
    };
    assert_eq!(codes(&run(&[])), ["numbering-bracket", "numbering-gap"]);
    assert_eq!(
        codes(&run(&["--no-config"])),
        ["numbering-bracket", "numbering-gap", "placeholder"]
    );
    assert_eq!(codes(&run(&["--config", "other.toml"])), ["placeholder"]);
    let out = run(&["--config", "broken.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("broken.toml:1"), "{}", stderr(&out));
    assert_eq!(code(&run(&["--config", "missing.toml"])), 2);
    assert_eq!(code(&run(&["--config", "other.toml", "--no-config"])), 2);
}

#[test]
fn color_always_never_and_no_color() {
    let dir = setup();
    let f = "报告 一.txt";
    let out = baogao_env(dir.path(), &["check", "--color", "always", f], &[]);
    assert!(
        stdout(&out).contains("\x1b[1;33mwarning[placeholder]\x1b[0m"),
        "{}",
        stdout(&out)
    );
    let out = baogao_env(dir.path(), &["check", "--color", "never", f], &[]);
    assert!(!stdout(&out).contains('\x1b'));
    // auto: not a terminal here, and NO_COLOR: never coloured.
    let out = baogao_env(dir.path(), &["check", f], &[("NO_COLOR", "1")]);
    assert!(!stdout(&out).contains('\x1b'));
    let out = baogao_env(dir.path(), &["check", "--color", "auto", f], &[]);
    assert!(!stdout(&out).contains('\x1b'));
    assert_eq!(
        code(&baogao_env(
            dir.path(),
            &["check", "--color", "sometimes", f],
            &[]
        )),
        2
    );
}

#[test]
fn english_with_lang_en_or_messages_language() {
    let dir = setup();
    let f = "报告 一.txt";
    let out = baogao_env(dir.path(), &["--lang", "en", "check", f], &[]);
    assert!(stdout(&out).contains("Placeholder"), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with("1 file, 3 warnings, 1 notes"),
        "{}",
        stderr(&out)
    );
    let out = baogao_env(dir.path(), &["check", "--lang=en", "missing.txt"], &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("error: no such file or directory"),
        "{}",
        stderr(&out)
    );
    let out = baogao_env(dir.path(), &["--lang", "en", "check", "--help"], &[]);
    assert!(
        stdout(&out).contains("Apply the safe fixes"),
        "{}",
        stdout(&out)
    );
    let out = baogao_env(dir.path(), &["check", "--help"], &[]);
    assert!(stdout(&out).contains("应用安全的修复"), "{}", stdout(&out));
    // messages.language in baogao.toml.
    write(dir.path(), "baogao.toml", "[messages]\nlanguage = \"en\"\n");
    let out = baogao_env(dir.path(), &["check", f], &[]);
    assert!(stderr(&out).starts_with("1 file,"), "{}", stderr(&out));
    assert!(stdout(&out).contains("Placeholder"), "{}", stdout(&out));
    // --lang wins over the file.
    let out = baogao_env(dir.path(), &["--lang", "zh", "check", f], &[]);
    assert!(stderr(&out).starts_with("共 1 个文件"), "{}", stderr(&out));
    assert_eq!(
        code(&baogao_env(dir.path(), &["--lang", "fr", "check", f], &[])),
        2
    );
}

#[test]
fn init_writes_a_commented_default_config_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = baogao_env(dir.path(), &["init"], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("baogao.toml")).unwrap();
    assert!(text.starts_with("# "));
    for r in baogao_core::REGISTRY {
        assert!(text.contains(&format!("\"{}\"", r.code)), "{}", r.code);
    }
    // It parses, and checking with it is checking with the defaults.
    write(dir.path(), "a.txt", REPORT);
    let with = baogao_env(dir.path(), &["check", "--format", "json", "a.txt"], &[]);
    let without = baogao_env(
        dir.path(),
        &["check", "--format", "json", "--no-config", "a.txt"],
        &[],
    );
    assert_eq!(code(&with), 1, "{}", stderr(&with));
    assert_eq!(json_of(&with), json_of(&without));
    // A second init refuses.
    let before = text.clone();
    let out = baogao_env(dir.path(), &["init"], &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("已存在"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("baogao.toml")).unwrap(),
        before
    );
    // Into a named folder.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    assert_eq!(code(&baogao_env(dir.path(), &["init", "sub"], &[])), 0);
    assert!(dir.path().join("sub/baogao.toml").is_file());
    assert_eq!(
        code(&baogao_env(dir.path(), &["init", "no/such/dir"], &[])),
        2
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = setup();
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "a.txt"],
        &["check", "--no-such-flag", "a.txt"],
        &["outline"],
        &["nonsense"],
        &[],
    ] {
        let out = baogao_env(dir.path(), args, &[]);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
}

/// The SARIF of a run with findings in several files validates against the
/// SARIF 2.1.0 schema (`tests/sarif-schema.sh` puts it in
/// `target/sarif-schema/`; Python's `jsonschema` validates). Skipped, loudly,
/// without them; failing then when `BAOGAO_REQUIRE_SARIF_SCHEMA` is set.
#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = root.join("target/sarif-schema/sarif-2.1.0-rtm.5.json");
    let required = std::env::var_os("BAOGAO_REQUIRE_SARIF_SCHEMA").is_some();
    let python = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status();
    if !schema.is_file() || !python.is_ok_and(|s| s.success()) {
        assert!(
            !required,
            "no SARIF schema at {} or no python3 jsonschema",
            schema.display()
        );
        eprintln!("SKIPPED: run tests/sarif-schema.sh to validate SARIF against its schema");
        return;
    }
    let out = baogao_env(
        root,
        &["check", "--format", "sarif", "examples", "tests/fixtures"],
        &[],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let results = json_of(&out)["runs"][0]["results"]
        .as_array()
        .unwrap()
        .len();
    assert!(results > 20, "{results}");
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "out.sarif", &out.stdout);
    let check = Command::new("python3")
        .args([
            "-c",
            "import json,sys,jsonschema\n\
             s=json.load(open(sys.argv[1])); d=json.load(open(sys.argv[2]))\n\
             errs=list(jsonschema.validators.validator_for(s)(s).iter_errors(d))\n\
             [print(e.json_path, e.message[:300]) for e in errs[:20]]\n\
             sys.exit(1 if errs else 0)",
        ])
        .arg(&schema)
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "SARIF does not validate:\n{}",
        stdout(&check)
    );
}
