//! End-to-end tests of `baogao check` and `baogao outline`: exit codes, JSON
//! shape and positions, input decoding, directory recursion and the human
//! caret underline. They run the real binary.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;

use support::cli::{code, fixture, run, stderr, stdout, write};

/// `baogao ARGS` in the package folder.
fn baogao(args: &[&str]) -> Output {
    run(args, &[])
}

fn check_json(paths: &[&Path]) -> (Output, Vec<Value>) {
    let out = run(&["check", "--format", "json"], paths);
    let value: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(&out),
            stderr(&out)
        )
    });
    let Value::Array(items) = value else {
        panic!("check JSON is not an array: {value}")
    };
    (out, items)
}

fn outline_json(path: &Path) -> Vec<Value> {
    let out = run(&["outline", "--format", "json"], &[path]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    match serde_json::from_slice(&out.stdout).expect("outline JSON") {
        Value::Array(items) => items,
        other => panic!("outline JSON is not an array: {other}"),
    }
}

fn with_code<'a>(items: &'a [Value], code: &str) -> Vec<&'a Value> {
    items.iter().filter(|d| d["code"] == code).collect()
}

// ---------------------------------------------------------------- exit codes

#[test]
fn clean_report_exits_zero_with_summary_on_stderr() {
    let out = run(&["check"], &[&fixture("cli_clean.txt")]);
    assert_eq!(code(&out), 0, "stdout:\n{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out).trim_end(), "共 1 个文件，未发现问题");
}

#[test]
fn placeholder_exits_one() {
    let (out, items) = check_json(&[&fixture("cli_placeholder.txt")]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let found = with_code(&items, "placeholder");
    assert_eq!(found.len(), 1, "{items:?}");
    // 今年XX县: "XX" is characters 3 and 4 of line 2.
    assert_eq!(found[0]["line"], 2);
    assert_eq!(found[0]["column"], 3);
    assert_eq!(found[0]["end_line"], 2);
    assert_eq!(found[0]["end_column"], 5);
    assert_eq!(found[0]["severity"], "warning");
    assert!(stderr(&out).contains("1 个警告"), "{}", stderr(&out));
}

#[test]
fn numbering_gap_exits_one() {
    let (out, items) = check_json(&[&fixture("cli_gap.txt")]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let gaps = with_code(&items, "numbering-gap");
    assert_eq!(gaps.len(), 1, "{items:?}");
    // On （三）, line 3.
    assert_eq!(gaps[0]["line"], 3);
    assert_eq!(gaps[0]["column"], 1);
    assert_eq!(gaps[0]["severity"], "warning");
}

#[test]
fn missing_path_exits_two() {
    let missing = Path::new("tests/fixtures/没有这个文件.txt");
    let out = run(&["check"], &[missing]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("找不到文件或目录"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("没有这个文件.txt"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_path_is_a_usage_error() {
    assert_eq!(code(&baogao(&["check"])), 2);
    assert_eq!(code(&baogao(&["check", "--format", "xml", "a.txt"])), 2);
}

#[test]
fn binary_file_exits_two_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let png = write(
        dir.path(),
        "图.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0",
    );
    let out = run(&["check"], &[&png]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("二进制"), "{}", stderr(&out));
    assert!(stderr(&out).contains("图.txt"), "{}", stderr(&out));

    let (out, items) = check_json(&[&png, &fixture("cli_placeholder.txt")]);
    assert_eq!(code(&out), 2, "IO errors win over warnings");
    assert!(
        stderr(&out).contains("1 个文件无法读取"),
        "{}",
        stderr(&out)
    );
    assert!(items
        .iter()
        .all(|d| d["path"].as_str().unwrap().ends_with("cli_placeholder.txt")));
}

#[test]
fn binary_without_nul_bytes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let noise: Vec<u8> = (0..400u32)
        .map(|i| if i % 4 == 0 { 0x02 } else { 0xFF })
        .collect();
    let path = write(dir.path(), "noise.txt", noise);
    let out = run(&["check"], &[&path]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("二进制"), "{}", stderr(&out));
}

// ---------------------------------------------------------------- JSON shape

const CHECK_FIELDS: [&str; 8] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "severity",
    "code",
    "message",
];

#[test]
fn check_json_records_have_exactly_the_stable_fields_in_order() {
    let (out, items) = check_json(&[
        &fixture("cli_placeholder.txt"),
        &fixture("cli_gap.txt"),
        &fixture("cli_clean.txt"),
    ]);
    assert_ne!(code(&out), 2);
    assert!(!items.is_empty(), "expected diagnostics");
    let text = stdout(&out);
    for item in &items {
        let obj = item.as_object().unwrap();
        // `related` is there only when the finding has related places.
        let mut keys: Vec<&str> = obj
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "related")
            .collect();
        keys.sort_unstable();
        let mut want = CHECK_FIELDS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(item[k].as_u64().unwrap() >= 1, "{k} is 1-based: {item}");
        }
        assert!(
            ["error", "warning", "information", "hint"]
                .contains(&item["severity"].as_str().unwrap()),
            "{item}"
        );
        assert!(item["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Field order as printed.
    let first = &text[text.find('{').unwrap()..text.find('}').unwrap()];
    let positions: Vec<usize> = CHECK_FIELDS
        .iter()
        .map(|f| first.find(&format!("\"{f}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}

#[test]
fn clean_report_json_is_an_empty_array() {
    let (out, items) = check_json(&[&fixture("cli_clean.txt")]);
    assert_eq!(code(&out), 0);
    assert!(items.is_empty(), "{items:?}");
}

#[test]
fn columns_count_unicode_scalar_values() {
    let dir = tempfile::tempdir().unwrap();
    // 😀 (outside the BMP: two UTF-16 units), 𠀀 (CJK extension B, also
    // outside the BMP), 一, 、 — then XX at characters 5 and 6 of line 2.
    let path = write(
        dir.path(),
        "宽字符.txt",
        "情况说明\n😀𠀀一、XX县完成任务。\n",
    );
    let (out, items) = check_json(&[&path]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let found = with_code(&items, "placeholder");
    assert_eq!(found.len(), 1, "{items:?}");
    let d = found[0];
    assert_eq!(d["path"], path.display().to_string());
    assert_eq!(
        (&d["line"], &d["column"], &d["end_line"], &d["end_column"]),
        (&json!(2), &json!(5), &json!(2), &json!(7))
    );
}

// ---------------------------------------------------------------- decoding

#[test]
fn gbk_file_is_announced_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, unmappable) =
        encoding_rs::GBK.encode("一、主要工作\n今年XX县完成固定资产投资5亿元。\n");
    assert!(!unmappable);
    let path = write(dir.path(), "gbk.txt", &bytes);
    let out = run(&["check"], &[&path]);
    assert_ne!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("提示：{} 按 GB18030 解码", path.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes.as_ref());
}

#[test]
fn gbk_file_is_checked_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::GBK.encode("一、主要工作\n今年XX县完成固定资产投资5亿元。\n");
    let path = write(dir.path(), "gbk.txt", &bytes);
    let (out, items) = check_json(&[&path]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let found = with_code(&items, "placeholder");
    assert_eq!(found.len(), 1, "{items:?}");
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&json!(2), &json!(3))
    );
    assert!(found[0]["message"].as_str().unwrap().contains("XX"));
}

#[test]
fn bom_and_crlf_keep_positions_right() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("一、主要工作\r\n今年XX县完成任务。\r\n".as_bytes());
    let path = write(dir.path(), "bom.txt", &bytes);

    let out = run(&["check"], &[&path]);
    assert!(
        !stderr(&out).contains("解码"),
        "no notice for UTF-8 with BOM"
    );

    let (out, items) = check_json(&[&path]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let found = with_code(&items, "placeholder");
    assert_eq!(found.len(), 1, "{items:?}");
    assert_eq!(
        (
            &found[0]["line"],
            &found[0]["column"],
            &found[0]["end_column"]
        ),
        (&json!(2), &json!(3), &json!(5))
    );

    let nodes = outline_json(&path);
    assert_eq!(nodes.len(), 1, "{nodes:?}");
    assert_eq!(nodes[0]["marker"], "一、");
    assert_eq!(nodes[0]["label"], "主要工作", "no BOM, no CR in labels");
    assert_eq!(
        (&nodes[0]["line"], &nodes[0]["column"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

// ---------------------------------------------------------------- directories

#[test]
fn directories_are_searched_for_txt_and_md() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let clean = std::fs::read(fixture("cli_clean.txt")).unwrap();
    let dirty = std::fs::read(fixture("cli_placeholder.txt")).unwrap();
    write(root, "a.txt", &clean);
    write(root, "sub/b.md", &dirty);
    write(root, "sub/c.rtf", &dirty);
    write(root, ".hidden/d.txt", &dirty);
    write(root, "target/e.txt", &dirty);
    write(root, "node_modules/f.md", &dirty);

    let out = run(&["check"], &[root]);
    assert!(
        stderr(&out).starts_with("共 2 个文件"),
        "only a.txt and sub/b.md: {}",
        stderr(&out)
    );
}

/// A folder walk takes what `files.include` selects, as the language server
/// does: a `.report` file the globs name is checked (the CLI took only
/// `.txt`/`.md` by extension before), an upper-case `.MD` the default globs
/// do not name is not.
#[test]
fn directories_are_searched_by_the_include_globs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let dirty = std::fs::read(fixture("cli_placeholder.txt")).unwrap();
    write(root, "周报.report", &dirty);
    write(root, "b.MD", &dirty);
    write(root, "c.txt", &dirty);
    let out = run(&["check"], &[root]);
    assert!(stderr(&out).starts_with("共 1 个文件"), "{}", stderr(&out));
    write(
        root,
        "baogao.toml",
        "[files]\ninclude = [\"**/*.report\", \"**/*.txt\"]\n",
    );
    let (_, items) = check_json(&[root]);
    let mut paths: Vec<&str> = items.iter().map(|d| d["path"].as_str().unwrap()).collect();
    paths.dedup();
    let want: Vec<String> = ["c.txt", "周报.report"]
        .iter()
        .map(|f| root.join(f).display().to_string())
        .collect();
    assert_eq!(paths, want);
}

#[test]
fn directory_results_name_the_files_found() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let clean = std::fs::read(fixture("cli_clean.txt")).unwrap();
    let dirty = std::fs::read(fixture("cli_placeholder.txt")).unwrap();
    write(root, "a.txt", &clean);
    write(root, "sub/b.md", &dirty);
    write(root, "sub/z.txt", &dirty);
    write(root, ".hidden/d.txt", &dirty);
    write(root, "target/e.txt", &dirty);

    let (out, items) = check_json(&[root]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let paths: Vec<&str> = items.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let b = root.join("sub/b.md").display().to_string();
    let z = root.join("sub/z.txt").display().to_string();
    assert!(
        paths.contains(&b.as_str()) && paths.contains(&z.as_str()),
        "{paths:?}"
    );
    assert!(paths.iter().all(|p| *p == b || *p == z), "{paths:?}");
    // Sorted: every record of b.md before those of z.txt.
    let first_z = paths.iter().position(|p| *p == z).unwrap();
    assert!(paths[first_z..].iter().all(|p| *p == z), "{paths:?}");
}

#[test]
fn markdown_bold_is_not_a_placeholder() {
    let (out, items) = check_json(&[&fixture("cli_report.md")]);
    assert_eq!(code(&out), 0, "{items:?}");
    assert!(with_code(&items, "placeholder").is_empty(), "{items:?}");
}

// ---------------------------------------------------------------- human output

/// The diagnostics blocks of a human `check`: (header, source, carets).
fn blocks(text: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.contains("]: ") && !line.starts_with(' ') {
            let source = lines[i + 2];
            let carets = lines[i + 3];
            out.push((line.to_string(), source.to_string(), carets.to_string()));
        }
    }
    out
}

/// Splits `3 | text` into its gutter width and text.
fn after_gutter(line: &str) -> (usize, &str) {
    let bar = line.find(" | ").expect("gutter");
    (bar, &line[bar + 3..])
}

#[test]
fn human_carets_line_up_under_chinese_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "对齐.txt",
        "情况说明\n😀𠀀一、XX县完成任务。\n\t今年xx万元已拨付。\n",
    );
    let out = run(&["check"], &[&path]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let text = stdout(&out);
    let found: Vec<_> = blocks(&text)
        .into_iter()
        .filter(|(h, _, _)| h.contains("warning[placeholder]: "))
        .collect();
    assert_eq!(found.len(), 2, "{text}");

    // Line 2: the prefix 😀𠀀一、 is 8 columns wide.
    let (header, source, carets) = &found[0];
    assert!(
        header.starts_with(&format!("{}:2:5: warning[placeholder]: ", path.display())),
        "{header}"
    );
    let (gutter, shown) = after_gutter(source);
    assert_eq!(shown, "😀𠀀一、XX县完成任务。");
    let (caret_gutter, underline) = after_gutter(carets);
    assert_eq!(gutter, caret_gutter);
    let indent = underline.len() - underline.trim_start().len();
    assert_eq!(indent, "😀𠀀一、".width());
    assert_eq!(indent, 8);
    assert_eq!(underline.trim(), "^^");

    // Line 3: a tab expands to 4 columns, then 今年 takes 4 more.
    let (header, source, carets) = &found[1];
    assert!(header.contains(":3:4: warning[placeholder]: "), "{header}");
    let (_, shown) = after_gutter(source);
    assert_eq!(shown, "    今年xx万元已拨付。");
    let (_, underline) = after_gutter(carets);
    let indent = underline.len() - underline.trim_start().len();
    assert_eq!(indent, "    今年".width());
    assert_eq!(underline.trim(), "^^");
}

#[test]
fn human_output_of_every_diagnostic_is_aligned() {
    let out = run(
        &["check"],
        &[&fixture("cli_gap.txt"), &fixture("cli_placeholder.txt")],
    );
    let text = stdout(&out);
    let all = blocks(&text);
    assert!(all.len() >= 2, "{text}");
    for (header, source, carets) in all {
        // path:line:col: severity[code]: message
        let mut parts = header.split("]: ").next().unwrap().split(':');
        let _path = parts.next().unwrap();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let column: usize = parts.next().unwrap().parse().unwrap();
        let (gutter, shown) = after_gutter(&source);
        assert_eq!(source[..gutter].trim(), line.to_string());
        let prefix: String = shown.chars().take(column - 1).collect();
        let (_, underline) = after_gutter(&carets);
        let indent = underline.len() - underline.trim_start_matches(' ').len();
        assert_eq!(indent, prefix.width(), "{header}\n{source}\n{carets}");
        assert!(underline.trim_start().chars().all(|c| c == '^'));
    }
}

// ---------------------------------------------------------------- outline

/// (marker, label, level, line, column) of a node and its children.
fn shape(node: &Value) -> Value {
    json!({
        "marker": node["marker"],
        "label": node["label"],
        "level": node["level"],
        "line": node["line"],
        "column": node["column"],
        "children": node["children"].as_array().unwrap().iter().map(shape).collect::<Vec<_>>(),
    })
}

#[test]
fn outline_json_nests_the_gb_levels() {
    let nodes = outline_json(&fixture("cli_outline.txt"));
    let got: Vec<Value> = nodes.iter().map(shape).collect();
    let leaf = |marker: &str, label: &str, level: u32, line: u32| json!({"marker": marker, "label": label, "level": level, "line": line, "column": 1, "children": []});
    let want = json!([
        {
            "marker": "一、", "label": "主要工作完成情况", "level": 1, "line": 1, "column": 1,
            "children": [
                {
                    "marker": "（一）", "label": "强化党建引领", "level": 2, "line": 2, "column": 1,
                    "children": [
                        leaf("1.", "抓实理论学习", 3, 3),
                        leaf("2.", "加强基层组织", 3, 4),
                    ]
                },
                leaf("（二）", "推动产业发展", 2, 5),
            ]
        },
        {
            "marker": "二、", "label": "下一步工作计划", "level": 1, "line": 6, "column": 1,
            // A skipped level: 1. directly under 二、.
            "children": [leaf("1.", "持续抓好项目建设", 2, 7)]
        }
    ]);
    assert_eq!(Value::Array(got), want);
}

#[test]
fn outline_json_nodes_have_exactly_the_stable_fields() {
    let nodes = outline_json(&fixture("cli_outline.txt"));
    assert!(!nodes.is_empty());
    fn visit(n: &Value) {
        let mut keys: Vec<&str> = n.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["children", "column", "label", "level", "line", "marker"]
        );
        n["children"].as_array().unwrap().iter().for_each(visit);
    }
    nodes.iter().for_each(visit);
}

#[test]
fn outline_json_of_markdown_uses_hashes_as_markers() {
    let nodes = outline_json(&fixture("cli_report.md"));
    fn find<'a>(nodes: &'a [Value], marker: &str, label: &str) -> Option<&'a Value> {
        nodes.iter().find_map(|n| {
            if n["marker"] == marker && n["label"] == label {
                Some(n)
            } else {
                find(n["children"].as_array().unwrap(), marker, label)
            }
        })
    }
    let work = find(&nodes, "##", "主要工作").unwrap_or_else(|| panic!("{nodes:?}"));
    assert_eq!((&work["line"], &work["column"]), (&json!(3), &json!(1)));
    let key = find(work["children"].as_array().unwrap(), "###", "重点项目")
        .unwrap_or_else(|| panic!("{nodes:?}"));
    assert_eq!(key["level"].as_u64(), work["level"].as_u64().map(|l| l + 1));
    assert!(find(&nodes, "##", "下一步计划").is_some(), "{nodes:?}");
}

#[test]
fn outline_human_is_an_indented_tree_with_line_numbers() {
    let out = run(&["outline"], &[&fixture("cli_outline.txt")]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let want = "  1  一、主要工作完成情况\n  2    （一）强化党建引领\n  3      1.抓实理论学习\n  4      2.加强基层组织\n  5    （二）推动产业发展\n  6  二、下一步工作计划\n  7    1.持续抓好项目建设\n";
    assert_eq!(text, want);
}

#[test]
fn outline_of_a_missing_file_or_a_directory_exits_two() {
    let out = baogao(&["outline", "tests/fixtures/没有这个文件.txt"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("找不到"), "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["outline"], &[dir.path()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("是目录"), "{}", stderr(&out));
}

#[test]
fn outline_of_a_binary_file_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.md", b"PK\x03\x04\0\0\x08\0\x08\0");
    let out = run(&["outline", "--format", "json"], &[&path]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("二进制"), "{}", stderr(&out));
}

// ---------------------------------------------------------------- defects

/// The closing summary is a whole line: stderr ends with a newline after it,
/// in every format and whatever was found.
#[test]
fn summary_line_ends_with_a_newline() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean.txt", "一、总结\n");
    let dirty = write(dir.path(), "dirty.txt", "一、甲\n（一）乙\n（三）XX\n");
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let missing = dir.path().join("无.txt");
    for (args, paths) in [
        (&["check"][..], vec![clean.as_path()]),
        (&["check"][..], vec![dirty.as_path()]),
        (&["check", "--format", "json"][..], vec![dirty.as_path()]),
        (&["check"][..], vec![empty.as_path()]),
        (&["check"][..], vec![missing.as_path(), clean.as_path()]),
    ] {
        let out = run(args, &paths);
        let err = stderr(&out);
        assert!(err.ends_with('\n'), "{args:?} {paths:?}: {err:?}");
        let last = err.trim_end_matches('\n').lines().last().unwrap_or("");
        assert!(last.starts_with("共 "), "{args:?}: {err:?}");
    }
}

/// Peak resident memory of a finished run, in KiB, from `/usr/bin/time -v`
/// (exact), or `None` where that tool is missing.
fn peak_rss_kib(args: &[&str], path: &Path) -> Option<(u64, Output)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let out = Command::new(time)
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .arg(path)
        .output()
        .expect("run baogao under /usr/bin/time");
    let err = String::from_utf8_lossy(&out.stderr);
    let kib = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())?;
    Some((kib, out))
}

/// A single line of 30 million `X` (one gigantic placeholder) used to put the
/// whole line into the caret underline's layout, a cell per character: about
/// 2 GB peak and a minute in a debug build. The quoted source line and the
/// carets are a window around the finding now, so printing the findings adds
/// little to what the analysis itself needs (`outline` runs the same
/// analysis and prints nothing of the line), and every line of output but
/// the message (the core's, capped there) stays short.
#[test]
fn a_gigantic_placeholder_line_is_shown_as_an_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let size = 30_000_000;
    let mut text = "X".repeat(size);
    text.push('\n');
    let path = write(dir.path(), "巨.txt", &text);
    drop(text);
    let (Some((check_kib, out)), Some((analysis_kib, _))) = (
        peak_rss_kib(&["check"], &path),
        peak_rss_kib(&["outline"], &path),
    ) else {
        eprintln!("SKIPPED: /usr/bin/time is missing, peak memory not measured");
        return;
    };
    let shown = stdout(&out);
    assert!(
        shown.contains("[placeholder]"),
        "{}",
        &shown[..shown.len().min(500)]
    );
    let mut lines = shown.lines();
    let message = lines.next().unwrap_or("").len();
    for line in lines {
        assert!(line.len() <= 1024, "a line of {} bytes", line.len());
    }
    assert!(
        shown.len() <= message + 4096,
        "{} bytes of output",
        shown.len()
    );
    let carets = shown.lines().map(|l| l.matches('^').count()).max();
    assert!(carets.is_some_and(|n| (1..=200).contains(&n)), "{carets:?}");
    let (check, analysis) = (check_kib * 1024, analysis_kib * 1024);
    eprintln!(
        "peak RSS for a {} MB line: check {} MB, outline (analysis only) {} MB",
        size >> 20,
        check >> 20,
        analysis >> 20
    );
    assert!(
        check <= analysis + 2 * size as u64,
        "check peaks at {} MB, the analysis alone at {} MB",
        check >> 20,
        analysis >> 20
    );
    // Within a small multiple of the input on any input (the placeholder
    // scan held eight bytes per `X` before: 270 MB here); 32 MB is the
    // process itself.
    let bound = 4 * size as u64 + (32 << 20);
    assert!(
        check <= bound && analysis <= bound,
        "peak {} MB (check) / {} MB (outline) for a {} MB input",
        check >> 20,
        analysis >> 20,
        size >> 20
    );
    assert!(message <= 200, "the message quotes {message} bytes");
}

// ---------------------------------------------------------------- rules and explain

#[test]
fn rules_lists_every_rule_of_the_registry() {
    let out = baogao(&["rules"]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let table = stdout(&out);
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(rows.len(), baogao_core::REGISTRY.len(), "{table}");
    for (row, rule) in rows.iter().zip(baogao_core::REGISTRY) {
        assert!(row.starts_with(rule.code), "{row}");
        assert!(row.contains(rule.category.name()), "{row}");
        assert!(row.contains(rule.default_severity.as_str()), "{row}");
        assert!(row.ends_with(rule.summary), "{row}");
    }
}

#[test]
fn rules_json_has_code_category_severity_fixable_summary_docs() {
    let out = baogao(&["rules", "--format", "json"]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let expected: Vec<Value> = baogao_core::REGISTRY
        .iter()
        .map(|r| {
            json!({
                "code": r.code,
                "category": r.category.as_str(),
                "default_severity": r.default_severity.as_str(),
                "fixable": r.fixable(),
                "summary": r.summary,
                "docs": r.docs,
            })
        })
        .collect();
    assert_eq!(value, Value::Array(expected));
    // Field order is part of the format.
    let text = stdout(&out);
    let mut at = 0;
    for k in [
        "code",
        "category",
        "default_severity",
        "fixable",
        "summary",
        "docs",
    ] {
        at += text[at..].find(&format!("\"{k}\"")).expect(k);
    }
}

#[test]
fn explain_prints_a_rules_documentation_and_settings() {
    for rule in baogao_core::REGISTRY {
        let out = baogao(&["explain", rule.code]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.starts_with(&format!("{}（{}）\n", rule.name, rule.code)),
            "{text}"
        );
        for part in [
            rule.summary,
            rule.category.name(),
            rule.default_severity.as_str(),
            "做什么",
            "为什么",
            "示例",
            "改为",
        ] {
            assert!(text.contains(part), "{}: no {part} in\n{text}", rule.code);
        }
        for s in rule.settings {
            assert!(text.contains(s.key) && text.contains(s.doc), "{text}");
        }
    }
}

#[test]
fn explain_an_unknown_code_exits_2_with_a_suggestion() {
    let out = baogao(&["explain", "numbering-gaps"]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("没有规则“numbering-gaps”"), "{err}");
    assert!(err.contains("你是不是要找“numbering-gap”"), "{err}");
    let out = baogao(&["explain", "zzz"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    for rule in baogao_core::REGISTRY {
        assert!(err.contains(rule.code), "{err}");
    }
}

// ---------------------------------------------------------------- dup-paragraph across files

const RECYCLED: &str = "开展安全隐患排查整治行动十二次，整改问题三百余处，全年未发生较大以上生产安全事故，安全形势总体平稳。";

/// A folder of two drafts where this year's recycles last year's paragraph
/// (re-punctuated, one number changed): each file points at the other.
#[test]
fn a_paragraph_recycled_from_another_draft_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "2022年总结.txt",
        format!("一、工作总结\n{RECYCLED}\n二、工作计划\n持续开展隐患排查，确保全年不发生较大事故，守牢安全生产底线。\n"),
    );
    let recycled = RECYCLED.replace("十二次", "十五次").replace('，', ",");
    let new = write(
        dir.path(),
        "2023年总结.txt",
        format!("一、工作总结\n{recycled}\n"),
    );
    let (out, items) = check_json(&[dir.path()]);
    assert_eq!(code(&out), 0, "information only: {}", stderr(&out));
    let dups = with_code(&items, "dup-paragraph");
    assert_eq!(dups.len(), 2, "{items:?}");
    let (o, n) = (old.display().to_string(), new.display().to_string());
    for (d, here, there) in [(dups[0], &o, &n), (dups[1], &n, &o)] {
        assert_eq!(d["path"], here.as_str());
        assert_eq!(d["line"], 2);
        assert_eq!(d["severity"], "information");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("另一份文稿中一段大体相同"),
            "{d}"
        );
        assert_eq!(
            d["related"],
            json!([{ "path": there, "line": 2, "column": 1, "message": "相似的段落在此" }])
        );
    }
    // Human output: a note line names the other file; SARIF: a related location in it.
    let human = stdout(&run(&["check", "--color", "never"], &[&new, &old]));
    assert!(
        human.contains(&format!("= note: {o}:2:1: 相似的段落在此")),
        "{human}"
    );
    let sarif: Value =
        serde_json::from_slice(&run(&["check", "--format", "sarif"], &[&new, &old]).stdout)
            .unwrap();
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"][0];
    assert!(
        related["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .contains("2022"),
        "{related}"
    );
    // Each file alone has no twin; switched off, none either.
    let (_, alone) = check_json(&[&new]);
    assert!(with_code(&alone, "dup-paragraph").is_empty());
    let off = run(
        &["check", "--format", "json", "--ignore", "dup-paragraph"],
        &[dir.path()],
    );
    assert!(!stdout(&off).contains("dup-paragraph"));
}
