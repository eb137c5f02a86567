//! The `check` and `outline` commands (`rules` and `explain` are in [`rules`]).
//!
//! Streams: diagnostics (human or JSON) and outlines go to stdout; the
//! summary line of `check` (`共 3 个文件，5 个警告，1 个提示`), decoding
//! notices and errors go to stderr, so `--format json` output on stdout is
//! always exactly one JSON document.
//!
//! Exit codes: 0 when no warning or error was found; 1 when at least one
//! was (information, counted as 提示, and hints, counted as 建议, do not
//! count); 2 on usage or IO errors (a missing path, an unreadable or binary
//! file), which wins over 1. Files that can be read are still checked and
//! printed when another one fails.

pub mod render;
pub mod rules;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baogao_core::{analyze, Analysis, Config, DocumentKind, LineIndex, Node, Severity};
use serde::Serialize;

use crate::files::decode::InputError;
use crate::files::{read_document, walk, Document};

const AFTER_HELP_CHECK: &str = "\
输出：诊断写到标准输出，末尾的汇总行（如“共 3 个文件，5 个警告，1 个提示”）、解码提示和错误写到标准错误。
退出码：0 未发现警告或错误；1 发现警告或错误（“提示”“建议”级别不计）；2 用法错误或文件无法读取（不存在、二进制文件）。
JSON：一个数组，每项 {\"path\",\"line\",\"column\",\"end_line\",\"end_column\",\"severity\",\"code\",\"message\"}；行、列从 1 起，列按 Unicode 字符计，end 不含。
Word 文档（.docx）：行即段落（按文档顺序，表格中的段落也计入），列按显示的字符计（自动编号也计入），JSON 每项另有 \"paragraph\"。";

const AFTER_HELP_OUTLINE: &str = "\
JSON：节点数组，每项 {\"label\",\"marker\",\"level\",\"line\",\"column\",\"children\"}；marker 为原文编号（如“（一）”“1.”“##”，标题为空串），level 从 1 起，行、列从 1 起，列按 Unicode 字符计。
退出码：0 成功；2 用法错误或文件无法读取。";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP_CHECK)]
pub struct CheckArgs {
    /// Output format: human (rustc-like, with source lines) or json.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Report files, or directories to search for .txt, .md and .docx files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP_OUTLINE)]
pub struct OutlineArgs {
    /// Output format: human (indented tree) or json.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The report file.
    pub file: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// One diagnostic in `check --format json`. Field order is part of the format.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonDiagnostic {
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in Unicode scalar values.
    pub column: usize,
    pub end_line: usize,
    /// Exclusive.
    pub end_column: usize,
    /// `error`, `warning`, `information` or `hint`.
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    /// Word documents only: the 1-based paragraph (the same as `line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

/// One node in `outline --format json`. Field order is part of the format.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonNode {
    pub label: String,
    /// The marker as written (`（一）`, `1.`, `##`); empty for titles.
    pub marker: String,
    /// Depth in the tree, top level 1.
    pub level: usize,
    pub line: usize,
    pub column: usize,
    pub children: Vec<JsonNode>,
    /// Word documents only: the 1-based paragraph (the same as `line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

/// Counts by severity, for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    files: usize,
    unreadable: usize,
    errors: usize,
    warnings: usize,
    information: usize,
    hints: usize,
}

impl Counts {
    fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Information => self.information += 1,
            Severity::Hint => self.hints += 1,
        }
    }

    /// `共 3 个文件，5 个警告，1 个提示`.
    fn summary(&self) -> String {
        let mut s = format!("共 {} 个文件", self.files);
        let parts = [
            (self.errors, "错误"),
            (self.warnings, "警告"),
            (self.information, "提示"),
            (self.hints, "建议"),
        ];
        let mut any = false;
        for (n, word) in parts {
            if n > 0 {
                s.push_str(&format!("，{n} 个{word}"));
                any = true;
            }
        }
        if !any {
            s.push_str("，未发现问题");
        }
        if self.unreadable > 0 {
            s.push_str(&format!("；{} 个文件无法读取", self.unreadable));
        }
        s
    }

    fn exit_code(&self) -> ExitCode {
        if self.unreadable > 0 {
            ExitCode::from(2)
        } else if self.errors + self.warnings > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// The configuration of each file: the nearest `baogao.toml` above it, or the
/// defaults. A broken file is reported once; the reports under it are not checked.
#[derive(Default)]
struct Configs {
    loaded: std::collections::HashMap<PathBuf, Result<crate::config::Settings, ()>>,
    matchers: std::collections::HashMap<PathBuf, crate::config::FileMatcher>,
    default_matcher: Option<crate::config::FileMatcher>,
}

impl Configs {
    /// Whether `file`, found by walking `folder`, is a report to check: the
    /// `files` globs of its `baogao.toml` on its path from that file's
    /// folder, or the default globs on its path from `folder`.
    fn wanted(&mut self, folder: &Path, file: &Path) -> bool {
        let Some(config) = crate::config::find(file) else {
            let relative = file.strip_prefix(folder).unwrap_or(file);
            return self
                .default_matcher
                .get_or_insert_with(|| crate::config::Settings::default().file_matcher())
                .wants(relative);
        };
        let root = config.parent().map(Path::to_path_buf).unwrap_or_default();
        // The link itself, not its target, is what the globs see.
        let abs = match (file.parent(), file.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| file.to_path_buf()),
            _ => file.to_path_buf(),
        };
        let Ok(relative) = abs.strip_prefix(&root) else {
            return true;
        };
        let settings = self
            .loaded
            .entry(config.clone())
            .or_insert_with(|| crate::config::load(&config).map_err(|e| eprintln!("错误：{e}")));
        match settings {
            // The broken configuration is counted when the file is checked.
            Err(()) => true,
            Ok(s) => self
                .matchers
                .entry(config)
                .or_insert_with(|| s.file_matcher())
                .wants(relative),
        }
    }

    fn config_for(&mut self, path: &Path) -> Result<Config, ()> {
        let kind = DocumentKind::from_path(&path.to_string_lossy());
        let Some(file) = crate::config::find(path) else {
            return Ok(crate::config::Settings::default().core_config(kind));
        };
        let settings = self
            .loaded
            .entry(file.clone())
            .or_insert_with(|| crate::config::load(&file).map_err(|e| eprintln!("错误：{e}")));
        settings
            .as_ref()
            .map(|s| s.core_config(kind))
            .map_err(|_| ())
    }
}

/// Reads a report (text or `.docx`), printing the decoding notice or the
/// error on stderr.
fn load(path: &Path) -> Result<Document, InputError> {
    match read_document(path) {
        Ok(doc) => {
            if let Some(notice) = &doc.notice {
                eprintln!("{notice}");
            }
            Ok(doc)
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Err(e)
        }
    }
}

/// The JSON records of one file's diagnostics.
pub fn json_diagnostics(path: &str, text: &str, analysis: &Analysis) -> Vec<JsonDiagnostic> {
    let index = LineIndex::new(text);
    analysis
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = render::position(&index, text, d.range.start);
            let (end_line, end_column) =
                render::position(&index, text, d.range.end.max(d.range.start));
            JsonDiagnostic {
                path: path.to_owned(),
                line,
                column,
                end_line,
                end_column,
                severity: d.severity.as_str(),
                code: d.code,
                message: d.message.clone(),
                paragraph: None,
            }
        })
        .collect()
}

pub fn check(args: &CheckArgs) -> ExitCode {
    let mut counts = Counts::default();
    let mut json = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut printing = true;
    let mut configs = Configs::default();
    let found = walk::collect(&args.paths, |folder, file| configs.wanted(folder, file));
    for entry in found {
        let path = match entry {
            Ok(path) => path,
            Err(e) => {
                eprintln!("错误：{e}");
                counts.unreadable += 1;
                continue;
            }
        };
        let Ok(config) = configs.config_for(&path) else {
            counts.unreadable += 1;
            continue;
        };
        let Ok(doc) = load(&path) else {
            counts.unreadable += 1;
            continue;
        };
        counts.files += 1;
        let paragraphs = doc.paragraphs.is_some();
        let text = doc.text.as_str();
        let analysis = analyze(text, &config);
        for d in &analysis.diagnostics {
            counts.add(d.severity);
        }
        let shown = path.display().to_string();
        match args.format {
            Format::Json => json.extend(json_diagnostics(&shown, text, &analysis).into_iter().map(
                |j| JsonDiagnostic {
                    paragraph: paragraphs.then_some(j.line),
                    ..j
                },
            )),
            Format::Human if printing && !analysis.diagnostics.is_empty() => {
                let index = LineIndex::new(text);
                let mut block = String::new();
                for d in &analysis.diagnostics {
                    render::diagnostic_in(&mut block, &shown, text, &index, d, paragraphs);
                    block.push('\n');
                }
                // A closed pipe (`| head`) stops the printing, not the count.
                printing = out.write_all(block.as_bytes()).is_ok();
            }
            Format::Human => {}
        }
    }
    if let Format::Json = args.format {
        let written = serde_json::to_writer_pretty(&mut out, &json)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out));
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("错误：无法写出结果：{e}");
                return ExitCode::from(2);
            }
        }
    }
    let _ = out.flush();
    eprintln!("{}", counts.summary());
    counts.exit_code()
}

/// The JSON tree of an outline.
pub fn json_outline(text: &str, roots: &[Node]) -> Vec<JsonNode> {
    fn node(text: &str, index: &LineIndex, n: &Node, level: usize) -> JsonNode {
        let (line, column) = render::position(index, text, render::node_start(n));
        JsonNode {
            label: render::label_text(text, n).to_owned(),
            marker: render::marker_text(text, n).to_owned(),
            level,
            line,
            column,
            children: n
                .children
                .iter()
                .map(|c| node(text, index, c, level + 1))
                .collect(),
            paragraph: None,
        }
    }
    let index = LineIndex::new(text);
    roots.iter().map(|n| node(text, &index, n, 1)).collect()
}

pub fn outline(args: &OutlineArgs) -> ExitCode {
    let Ok(config) = Configs::default().config_for(&args.file) else {
        return ExitCode::from(2);
    };
    let Ok(doc) = load(&args.file) else {
        return ExitCode::from(2);
    };
    let paragraphs = doc.paragraphs.is_some();
    let text = doc.text.as_str();
    let analysis = analyze(text, &config);
    let mut roots = analysis.outline.roots.clone();
    if let Some(map) = &doc.paragraphs {
        crate::files::docx::outline::add_styled_headings(text, &mut roots, map);
    }
    let roots = &roots;
    let shown = match args.format {
        Format::Json => {
            let mut nodes = json_outline(text, roots);
            if paragraphs {
                with_paragraphs(&mut nodes);
            }
            let mut s = serde_json::to_string_pretty(&nodes).expect("outline JSON is plain data");
            s.push('\n');
            s
        }
        Format::Human => {
            if roots.is_empty() {
                eprintln!("提示：{} 中没有找到标题或编号", args.file.display());
            }
            let mut s = String::new();
            render::outline_in(&mut s, text, &LineIndex::new(text), roots, paragraphs);
            s
        }
    };
    let mut out = std::io::stdout().lock();
    let written = out.write_all(shown.as_bytes()).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("错误：无法写出结果：{e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// A Word document's outline: every node's paragraph is its line.
fn with_paragraphs(nodes: &mut [JsonNode]) {
    for n in nodes {
        n.paragraph = Some(n.line);
        with_paragraphs(&mut n.children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_only_what_was_found() {
        let mut c = Counts {
            files: 3,
            ..Counts::default()
        };
        assert_eq!(c.summary(), "共 3 个文件，未发现问题");
        assert_eq!(c.exit_code(), ExitCode::SUCCESS);
        c.information = 1;
        assert_eq!(c.exit_code(), ExitCode::SUCCESS);
        for _ in 0..5 {
            c.add(Severity::Warning);
        }
        assert_eq!(c.summary(), "共 3 个文件，5 个警告，1 个提示");
        assert_eq!(c.exit_code(), ExitCode::from(1));
        c.unreadable = 1;
        assert_eq!(
            c.summary(),
            "共 3 个文件，5 个警告，1 个提示；1 个文件无法读取"
        );
        assert_eq!(c.exit_code(), ExitCode::from(2));
    }

    #[test]
    fn json_field_order_is_fixed() {
        let d = JsonDiagnostic {
            path: "a.txt".into(),
            line: 1,
            column: 2,
            end_line: 1,
            end_column: 4,
            severity: "warning",
            code: "placeholder",
            message: "m".into(),
            paragraph: None,
        };
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"path":"a.txt","line":1,"column":2,"end_line":1,"end_column":4,"severity":"warning","code":"placeholder","message":"m"}"#
        );
        // A Word document's records end with the paragraph.
        let d = JsonDiagnostic {
            paragraph: Some(1),
            ..d
        };
        assert!(serde_json::to_string(&d)
            .unwrap()
            .ends_with(r#""message":"m","paragraph":1}"#));
        let n = JsonNode {
            label: "总结".into(),
            marker: "一、".into(),
            level: 1,
            line: 1,
            column: 1,
            children: vec![],
            paragraph: None,
        };
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"{"label":"总结","marker":"一、","level":1,"line":1,"column":1,"children":[]}"#
        );
    }
}
