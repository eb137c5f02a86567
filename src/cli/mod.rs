//! The `check` and `outline` commands (`rules` and `explain` are in [`rules`],
//! `init` in [`init`], `--fix` in [`fixes`], the machine formats in [`output`]).
//!
//! Streams: diagnostics (in any format), diffs, statistics and outlines go
//! to stdout; the summary line of `check` (`共 3 个文件，5 个警告，1 个提示`),
//! decoding notices and errors go to stderr, so `--format json` or `sarif`
//! output on stdout is always exactly one JSON document. `--quiet` leaves
//! only the findings (and errors).
//!
//! Exit codes: 0 when no warning or error was found (after `--fix`: remains);
//! 1 when at least one was (information, counted as 提示, and hints, counted
//! as 建议, do not count), or with `--diff` when something would be fixed;
//! 2 on usage or IO errors (a missing path, an unreadable or binary file, a
//! broken `baogao.toml`, a file that could not be written), which wins
//! over 1. Files that can be read are still checked and printed when
//! another one fails.

pub mod fixes;
pub mod help;
pub mod i18n;
pub mod init;
pub mod output;
pub mod render;
pub mod rules;

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baogao_core::{analyze, Analysis, Config, DocumentKind, Language, LineIndex, Node, Severity};
use serde::Serialize;

use crate::files::decode::{decode, Decoded, InputError};
use crate::files::{read_document, walk, Document};
use i18n::{error, t};

const AFTER_HELP_CHECK: &str = "\
输出：诊断写到标准输出，末尾的汇总行（如“共 3 个文件，5 个警告，1 个提示”）、解码提示和错误写到标准错误。
退出码：0 未发现警告或错误；1 发现警告或错误（“提示”“建议”级别不计），--diff 时有可修复的内容；2 用法错误、文件无法读取或写入、baogao.toml 有误。
JSON：一个数组，每项 {\"path\",\"line\",\"column\",\"end_line\",\"end_column\",\"severity\",\"code\",\"message\"}，有相关位置时另有 \"related\"（[{\"path\",\"line\",\"column\",\"message\"}]，如重复段落在另一文件中的位置）；行、列从 1 起，列按 Unicode 字符计，end 不含。jsonl 每行一项。
标准输入：路径写 -，用 --stdin-filename 给出文件名（决定 .md/.txt 和所用的 baogao.toml）。
Word 文档（.docx）：行即段落（按文档顺序，表格中的段落也计入），列按显示的字符计（自动编号也计入），JSON 每项另有 \"paragraph\"；--fix、--diff 不写入 .docx。";

const AFTER_HELP_OUTLINE: &str = "\
JSON：节点数组，每项 {\"label\",\"marker\",\"level\",\"line\",\"column\",\"children\"}；marker 为原文编号（如“（一）”“1.”“##”，标题为空串），level 从 1 起，行、列从 1 起，列按 Unicode 字符计。
退出码：0 成功；2 用法错误或文件无法读取。";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP_CHECK)]
pub struct CheckArgs {
    /// 输出格式：human（带原文和下划线）、json、jsonl（每行一项）、sarif（SARIF 2.1.0）、github（GitHub Actions 注释）
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// 应用安全的修复（与编辑器的“修复全部”相同），报告修复和剩余的问题数；标准输入时把修复后的文本写到标准输出
    #[arg(long)]
    pub fix: bool,
    /// 以统一差异格式显示修复，不写入文件（有可修复内容时退出码为 1）
    #[arg(long)]
    pub diff: bool,
    /// 也应用不保证安全的修复（每个剩余问题的第一个修复），与 --fix 或 --diff 一起使用
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// 标准输入（路径 -）的文件名：用于输出、判断 .md/.txt 和查找 baogao.toml
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// 按规则统计问题数（从多到少），代替逐条输出
    #[arg(long)]
    pub statistics: bool,
    /// 只输出问题，不输出汇总行和解码提示
    #[arg(short, long)]
    pub quiet: bool,
    /// 只检查这些规则：代码或规则组，逗号分隔，如 placeholder,numbering-*
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// 不检查这些规则：代码或规则组，逗号分隔
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// 使用这个配置文件，不再按文件查找 baogao.toml
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// 不读取任何 baogao.toml，全部用默认设置
    #[arg(long)]
    pub no_config: bool,
    /// 彩色输出：auto（终端且未设置 NO_COLOR 时）、always、never
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// 报告文件，或要在其中查找 .txt、.md、.docx 文件的目录；- 表示标准输入
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP_OUTLINE)]
pub struct OutlineArgs {
    /// 输出格式：human（缩进的树）或 json
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// 标准输入（文件 -）的文件名：判断 .md/.txt 和查找 baogao.toml
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// 报告文件；- 表示标准输入
    pub file: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Jsonl,
    Sarif,
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto`: stdout is a terminal and `NO_COLOR` is unset or empty.
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
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
    /// Other places that make the finding true (the sibling before a gap,
    /// the twin of a repeated paragraph, perhaps in another file).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonRelated>,
}

/// One related place of a [`JsonDiagnostic`].
#[derive(Debug, Serialize, PartialEq, Eq, Clone)]
pub struct JsonRelated {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
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
    /// `--fix`: findings fixed; `--diff`: files that would change.
    fixed: usize,
    changed_files: usize,
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

    fn total(&self) -> usize {
        self.errors + self.warnings + self.information + self.hints
    }

    fn merge(&mut self, other: &Counts) {
        self.files += other.files;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.information += other.information;
        self.hints += other.hints;
        self.fixed += other.fixed;
        self.changed_files += other.changed_files;
    }

    /// `共 3 个文件，5 个警告，1 个提示`.
    fn summary(&self) -> String {
        let en = i18n::en();
        let mut s = if en {
            format!(
                "{} file{}",
                self.files,
                if self.files == 1 { "" } else { "s" }
            )
        } else {
            format!("共 {} 个文件", self.files)
        };
        let mut any = false;
        for (n, sev) in [
            (self.errors, Severity::Error),
            (self.warnings, Severity::Warning),
            (self.information, Severity::Information),
            (self.hints, Severity::Hint),
        ] {
            if n > 0 {
                let word = output::severity_word(sev);
                s.push_str(&if en {
                    format!(", {n} {word}")
                } else {
                    format!("，{n} 个{word}")
                });
                any = true;
            }
        }
        if !any {
            s.push_str(t("，未发现问题", ", no problems found"));
        }
        if self.unreadable > 0 {
            s.push_str(&if en {
                format!("; {} could not be read or written", self.unreadable)
            } else {
                format!("；{} 个文件无法读取", self.unreadable)
            });
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

/// `--select` and `--ignore`: codes or families (`numbering-*`) checked
/// against the registry, turned into overrides that switch rules off.
#[derive(Default)]
struct RuleFilter {
    off: Vec<(String, Option<Severity>)>,
}

impl RuleFilter {
    fn new(select: &[String], ignore: &[String]) -> Result<RuleFilter, String> {
        let known = |key: &str| {
            baogao_core::REGISTRY.iter().any(|r| {
                r.code == key || baogao_core::is_glob(key) && baogao_core::glob_matches(key, r.code)
            })
        };
        for key in select.iter().chain(ignore) {
            if !known(key) {
                let codes: Vec<&str> = baogao_core::REGISTRY.iter().map(|r| r.code).collect();
                return Err(format!(
                    "{}“{key}”{}{}",
                    t("没有规则或规则组", "no rule or family "),
                    t("；可用的规则：", "; rules: "),
                    codes.join(t("、", ", "))
                ));
            }
        }
        let matches = |keys: &[String], code: &str| {
            keys.iter()
                .any(|k| k == code || baogao_core::is_glob(k) && baogao_core::glob_matches(k, code))
        };
        let off = baogao_core::REGISTRY
            .iter()
            .filter(|r| (!select.is_empty() && !matches(select, r.code)) || matches(ignore, r.code))
            .map(|r| (r.code.to_string(), None))
            .collect();
        Ok(RuleFilter { off })
    }
}

/// The configuration of each file: `--config`'s file, the defaults with
/// `--no-config`, else the nearest `baogao.toml` above it. A broken file is
/// reported once; the reports under it are not checked.
#[derive(Default)]
struct Configs {
    loaded: std::collections::HashMap<PathBuf, Result<crate::config::Settings, ()>>,
    matchers: std::collections::HashMap<PathBuf, crate::config::FileMatcher>,
    default_matcher: Option<crate::config::FileMatcher>,
    /// `--config PATH` (Some(Some)) or `--no-config` (Some(None)).
    forced: Option<Option<PathBuf>>,
    /// Appended to every file's rule overrides (`--select`, `--ignore`).
    filter: RuleFilter,
    /// `--lang`, over `messages.language`.
    language: Option<Language>,
}

fn load_settings(path: &Path) -> Result<crate::config::Settings, ()> {
    crate::config::load(path).map_err(|e| {
        if i18n::en() {
            error(e.english());
        } else {
            error(e);
        }
    })
}

impl Configs {
    /// The `baogao.toml` in force for a file or folder, if any.
    fn file_for(&self, path: &Path) -> Option<PathBuf> {
        match &self.forced {
            Some(forced) => forced.clone(),
            None => crate::config::find(path),
        }
    }

    /// Whether `file`, found by walking `folder`, is a report to check: the
    /// `files` globs of its `baogao.toml` on its path from that file's
    /// folder, or the default globs on its path from `folder`.
    fn wanted(&mut self, folder: &Path, file: &Path) -> bool {
        let Some(config) = self.file_for(file) else {
            let relative = file.strip_prefix(folder).unwrap_or(file);
            return self
                .default_matcher
                .get_or_insert_with(|| crate::config::Settings::default().file_matcher())
                .wants(relative);
        };
        let root = config
            .parent()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
            .unwrap_or_default();
        // The link itself, not its target, is what the globs see.
        let abs = match (file.parent(), file.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| file.to_path_buf()),
            _ => file.to_path_buf(),
        };
        let relative = match abs.strip_prefix(&root) {
            Ok(r) => r.to_path_buf(),
            // `--config` elsewhere: the globs see the path from the folder walked.
            Err(_) if self.forced.is_some() => {
                file.strip_prefix(folder).unwrap_or(file).to_path_buf()
            }
            Err(_) => return true,
        };
        let settings = self
            .loaded
            .entry(config.clone())
            .or_insert_with(|| load_settings(&config));
        match settings {
            // The broken configuration is counted when the file is checked.
            Err(()) => true,
            Ok(s) => self
                .matchers
                .entry(config)
                .or_insert_with(|| s.file_matcher())
                .wants(&relative),
        }
    }

    /// The settings in force for `path` (defaults when there is no file).
    fn settings_for(&mut self, path: &Path) -> Result<crate::config::Settings, ()> {
        let Some(file) = self.file_for(path) else {
            return Ok(crate::config::Settings::default());
        };
        self.loaded
            .entry(file.clone())
            .or_insert_with(|| load_settings(&file))
            .clone()
    }

    fn config_for(&mut self, path: &Path) -> Result<Config, ()> {
        let kind = DocumentKind::from_path(&path.to_string_lossy());
        let mut config = self.settings_for(path)?.core_config(kind);
        config
            .rule_overrides
            .extend(self.filter.off.iter().cloned());
        if let Some(l) = self.language {
            config.language = l;
        }
        Ok(config)
    }
}

/// [`load`], with the notice or error added to `err` instead of printed.
fn load_into(path: &Path, quiet: bool, err: &mut String) -> Result<Document, InputError> {
    match read_document(path) {
        Ok(doc) => {
            let notice = if i18n::en() {
                &doc.notice_en
            } else {
                &doc.notice
            };
            if let Some(notice) = notice {
                if !quiet {
                    err.push_str(&format!("{notice}\n"));
                }
            }
            Ok(doc)
        }
        Err(e) => {
            err.push_str(&format!(
                "{}{}\n",
                t("错误：", "error: "),
                i18n::input_error(&e)
            ));
            Err(e)
        }
    }
}

/// Reads a report (text or `.docx`), printing the decoding notice (unless
/// `quiet`) or the error on stderr.
fn load(path: &Path, quiet: bool) -> Result<Document, InputError> {
    match read_document(path) {
        Ok(doc) => {
            let notice = if i18n::en() {
                &doc.notice_en
            } else {
                &doc.notice
            };
            if let Some(notice) = notice {
                if !quiet {
                    eprintln!("{notice}");
                }
            }
            Ok(doc)
        }
        Err(e) => {
            error(i18n::input_error(&e));
            Err(e)
        }
    }
}

/// What standard input held.
enum Stdin {
    /// Text, decoded like a file (GB18030 and BOMs included), with its bytes.
    Text(Vec<u8>, Decoded),
    /// A Word document (found by its content, whatever the name), read by
    /// paragraph as from a file, with its bytes.
    Word(Vec<u8>, Document),
}

/// Reads standard input as a report named `shown`, printing the decoding
/// notice (unless `quiet`) or the error on stderr.
fn read_stdin(shown: &Path, quiet: bool) -> Result<Stdin, ()> {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        error(format!(
            "{}{e}",
            t("无法读取标准输入：", "cannot read standard input: ")
        ));
        return Err(());
    }
    if crate::files::docx::sniff(&bytes) != crate::files::docx::Sniff::Other {
        return match crate::files::document_from_bytes(shown, bytes.clone()) {
            Ok(doc) if doc.paragraphs.is_some() => Ok(Stdin::Word(bytes, doc)),
            Ok(_) => {
                error(i18n::input_error(&InputError::Binary(shown.to_path_buf())));
                Err(())
            }
            Err(e) => {
                error(i18n::input_error(&e));
                Err(())
            }
        };
    }
    match decode(bytes.clone()) {
        Ok(d) => {
            if let Some(notice) = d.notice_in(shown, i18n::en()) {
                if !quiet {
                    eprintln!("{notice}");
                }
            }
            Ok(Stdin::Text(bytes, d))
        }
        Err(_) => {
            error(i18n::input_error(&InputError::Binary(shown.to_path_buf())));
            Err(())
        }
    }
}

/// `--fix`/`--diff` on a Word document: said on stderr unless `quiet`.
fn cannot_fix_word(shown: &str, quiet: bool) {
    if !quiet {
        eprintln!(
            "{}{shown}",
            t(
                "无法修复 .docx 文件（baogao 不写入 Word 文档）：",
                "cannot fix a .docx file (baogao does not write Word documents): "
            )
        );
    }
}

/// The path a file on standard input stands for: `--stdin-filename`, or
/// `-` in the current folder.
fn stdin_path(name: Option<&PathBuf>) -> PathBuf {
    name.cloned().unwrap_or_else(|| PathBuf::from("-"))
}

/// The JSON records of one file's diagnostics.
pub fn json_diagnostics(path: &str, text: &str, analysis: &Analysis) -> Vec<JsonDiagnostic> {
    let index = LineIndex::new(text);
    analysis
        .diagnostics
        .iter()
        .map(|d| json_diagnostic(path, text, &index, d))
        .collect()
}

fn json_diagnostic(
    path: &str,
    text: &str,
    index: &LineIndex,
    d: &baogao_core::Diagnostic,
) -> JsonDiagnostic {
    let (line, column) = render::position(index, text, d.range.start);
    let (end_line, end_column) = render::position(index, text, d.range.end.max(d.range.start));
    let related = d
        .related
        .iter()
        .map(|r| {
            let (line, column) = render::position(index, text, r.range.start);
            JsonRelated {
                path: path.to_owned(),
                line,
                column,
                message: r.message.clone(),
            }
        })
        .collect();
    JsonDiagnostic {
        path: path.to_owned(),
        line,
        column,
        end_line,
        end_column,
        severity: d.severity.as_str(),
        code: d.code,
        message: d.message.to_string(),
        paragraph: None,
        related,
    }
}

/// A file checked, kept until every file is read: a paragraph's twin may be
/// in a file read later (`dup-paragraph` across files).
struct Checked {
    shown: String,
    text: String,
    analysis: Analysis,
    config: Config,
    /// A Word document: lines are paragraphs.
    paragraphs: bool,
    /// Line starts of `text`: joined from the chunks' when it was analysed
    /// in chunks, else found on the thread that analysed it, so the output
    /// (on the main thread, after every file) does not scan the text again.
    lines: LineIndex,
}

/// A finding whose related place is in another file.
struct Elsewhere {
    diagnostic: baogao_core::Diagnostic,
    related: JsonRelated,
}

/// The findings of each file whose twin is in another file of the run
/// (`dup-paragraph`), found by hashing every file's paragraphs into one index.
fn across_files(checked: &[Checked]) -> Vec<Vec<Elsewhere>> {
    use baogao_core::paragraphs::Index;
    use baogao_core::rules::dup_paragraph::{elsewhere, Draft};
    let mut out: Vec<Vec<Elsewhere>> = checked.iter().map(|_| Vec::new()).collect();
    if checked.len() < 2 {
        return out;
    }
    let mut index = Index::default();
    for (i, c) in checked.iter().enumerate() {
        index.insert(i as u32, &c.analysis.paragraphs);
    }
    let draft = |i: u32| {
        checked.get(i as usize).map(|c| Draft {
            text: &c.text,
            paragraphs: &c.analysis.paragraphs,
        })
    };
    for (i, c) in checked.iter().enumerate() {
        let Some(this) = draft(i as u32) else {
            continue;
        };
        for e in elsewhere(
            &c.config,
            i as u32,
            this,
            &c.analysis.diagnostics,
            &index,
            draft,
            // Other documents for each `this`: no answers to share.
            &mut baogao_core::rules::dup_paragraph::TwinCache::default(),
        ) {
            let Some(twin) = checked.get(e.doc as usize) else {
                continue;
            };
            let (line, column) = render::position(&twin.lines, &twin.text, e.range.start);
            out[i].push(Elsewhere {
                diagnostic: e.diagnostic,
                related: JsonRelated {
                    path: twin.shown.clone(),
                    line,
                    column,
                    message: e.note,
                },
            });
        }
    }
    out
}

/// Characters in whole-character `bytes`: every byte but continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Where the findings go, format by format.
struct Sink {
    format: CheckFormat,
    color: bool,
    /// Findings are not printed (`--statistics`, `--diff`, `--fix` on stdin).
    silent: bool,
    printing: bool,
    json: output::JsonArray,
    sarif: Vec<serde_json::Value>,
    statistics: BTreeMap<&'static str, usize>,
}

impl Sink {
    fn write(&mut self, out: &mut impl std::io::Write, s: &str) {
        // A closed pipe (`| head`) stops the printing, not the count.
        if self.printing {
            self.printing = out.write_all(s.as_bytes()).is_ok();
        }
    }

    fn file(&mut self, out: &mut impl std::io::Write, checked: &Checked, elsewhere: &[Elsewhere]) {
        let Checked {
            shown,
            text,
            analysis,
            paragraphs,
            lines: index,
            ..
        } = checked;
        let (shown, text, paragraphs) = (shown.as_str(), text.as_str(), *paragraphs);
        // The file's own findings and those pointing into other files, in order.
        let mut items: Vec<(&baogao_core::Diagnostic, Option<&JsonRelated>)> = analysis
            .diagnostics
            .iter()
            .map(|d| (d, None))
            .chain(elsewhere.iter().map(|e| (&e.diagnostic, Some(&e.related))))
            .collect();
        if !elsewhere.is_empty() {
            items.sort_by_key(|item| item.0.order_key());
        }
        for (d, _) in &items {
            *self.statistics.entry(d.code).or_default() += 1;
        }
        if self.silent || items.is_empty() {
            return;
        }
        let json = |d: &baogao_core::Diagnostic, other: Option<&JsonRelated>| {
            let mut j = json_diagnostic(shown, text, index, d);
            j.related.extend(other.cloned());
            j
        };
        match self.format {
            CheckFormat::Json => {
                // Findings come sorted by start: positions count on from the last.
                let utf32 = baogao_core::PositionEncoding::Utf32;
                let mut starts = baogao_core::Positions::new(index, text, utf32);
                let mut ends = baogao_core::Positions::new(index, text, utf32);
                let mut places = baogao_core::Positions::new(index, text, utf32);
                let one_based = |(line, column): (usize, usize)| (line + 1, column + 1);
                let mut path = Vec::new();
                output::json_string(&mut path, shown);
                let mut other_path = Vec::new();
                for (d, other) in &items {
                    let (line, column) = starts.position(d.range.start);
                    let end = d.range.end.max(d.range.start);
                    // Most findings end on their line: count on from the start.
                    let next_line = index.line_start(line + 1);
                    let end = if text.is_char_boundary(d.range.start)
                        && text.is_char_boundary(end)
                        && (end < next_line || line + 1 >= index.line_count())
                    {
                        (
                            line,
                            column + chars_in(&text.as_bytes()[d.range.start..end]),
                        )
                    } else {
                        ends.position(end)
                    };
                    let (start, end) = (one_based((line, column)), one_based(end));
                    if let Some(r) = other {
                        other_path.clear();
                        output::json_string(&mut other_path, &r.path);
                    }
                    let record = output::JsonRecord {
                        path: &path,
                        start,
                        end,
                        severity: d.severity.as_str(),
                        code: d.code,
                        message: &d.message,
                        paragraph: paragraphs.then_some(start.0),
                    };
                    let mine = d.related.iter().map(|r| {
                        let (line, column) = one_based(places.position(r.range.start));
                        (path.as_slice(), line, column, r.message.as_str())
                    });
                    let theirs = other
                        .iter()
                        .map(|r| (other_path.as_slice(), r.line, r.column, r.message.as_str()));
                    self.json.push(&record, mine.chain(theirs));
                }
            }
            CheckFormat::Sarif => {
                for (d, other) in &items {
                    let j = json(d, *other);
                    let related = j
                        .related
                        .iter()
                        .map(|r| (r.path.clone(), r.line, r.column, r.message.clone()))
                        .collect();
                    self.sarif.push(output::sarif_result(&j, related));
                }
            }
            CheckFormat::Jsonl | CheckFormat::Github => {
                let mut block = String::new();
                for (d, other) in &items {
                    let mut j = json(d, *other);
                    if self.format == CheckFormat::Jsonl {
                        j.paragraph = paragraphs.then_some(j.line);
                        block.push_str(&serde_json::to_string(&j).expect("plain data"));
                    } else {
                        block.push_str(&output::github_line(&j));
                    }
                    block.push('\n');
                }
                self.write(out, &block);
            }
            CheckFormat::Human => {
                let mut block = String::new();
                for (d, other) in &items {
                    render::diagnostic_styled(
                        &mut block, shown, text, index, d, paragraphs, self.color,
                    );
                    if let Some(r) = other {
                        render::note_elsewhere(
                            &mut block,
                            text,
                            index,
                            d,
                            paragraphs,
                            &r.path,
                            (r.line, r.column),
                            &r.message,
                        );
                    }
                    block.push('\n');
                }
                self.write(out, &block);
            }
        }
    }
}

pub fn check(args: &CheckArgs) -> ExitCode {
    // The CLI's own language: --lang, else the configuration of the first input.
    match (&args.config, args.no_config) {
        (Some(file), _) => i18n::from_file(file),
        (None, true) => {}
        (None, false) => {
            let first = match args.paths.first() {
                Some(p) if p.as_os_str() == "-" => stdin_path(args.stdin_filename.as_ref()),
                Some(p) => p.clone(),
                None => PathBuf::from("."),
            };
            i18n::from_config_at(&first);
        }
    }
    let usage = |message: &str| {
        error(message);
        ExitCode::from(2)
    };
    if args.unsafe_fixes && !args.fix && !args.diff {
        return usage(t(
            "--unsafe-fixes 需要与 --fix 或 --diff 一起使用",
            "--unsafe-fixes needs --fix or --diff",
        ));
    }
    if args.fix && args.diff {
        return usage(t(
            "--fix 与 --diff 不能同时使用",
            "--fix and --diff cannot be combined",
        ));
    }
    let stdin_inputs = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_inputs > 1 {
        return usage(t(
            "标准输入（-）只能给一次",
            "standard input (-) can be named only once",
        ));
    }
    if args.stdin_filename.is_some() && stdin_inputs == 0 {
        return usage(t(
            "--stdin-filename 需要以 - 作为路径（从标准输入读取）",
            "--stdin-filename needs - among the paths (read standard input)",
        ));
    }
    let filter = match RuleFilter::new(&args.select, &args.ignore) {
        Ok(f) => f,
        Err(message) => return usage(&message),
    };
    let mut configs = Configs {
        filter,
        forced: match (&args.config, args.no_config) {
            (Some(p), _) => Some(Some(p.clone())),
            (None, true) => Some(None),
            (None, false) => None,
        },
        language: i18n_flag(),
        ..Configs::default()
    };
    if let Some(p) = &args.config {
        match load_settings(p) {
            Ok(s) => {
                configs.loaded.insert(p.clone(), Ok(s));
            }
            Err(()) => return ExitCode::from(2),
        }
    }

    let mut counts = Counts::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let fixing_stdin = args.fix && stdin_inputs == 1;
    let mut sink = Sink {
        format: args.format,
        color: args.format == CheckFormat::Human && args.color.enabled(),
        silent: args.statistics || args.diff || fixing_stdin,
        printing: true,
        json: output::JsonArray::default(),
        sarif: Vec::new(),
        statistics: BTreeMap::new(),
    };
    let fixing = args.fix || args.diff;
    let mut checked: Vec<Checked> = Vec::new();
    // `--diff`: a Word document's warnings or errors, which no diff fixes.
    let mut unfixable_findings = false;
    let (named, from_stdin): (Vec<PathBuf>, bool) = (
        args.paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect(),
        stdin_inputs == 1,
    );
    if from_stdin {
        let name = stdin_path(args.stdin_filename.as_ref());
        let shown = name.display().to_string();
        match (configs.config_for(&name), read_stdin(&name, args.quiet)) {
            (Ok(config), Ok(Stdin::Word(bytes_in, doc))) => {
                // Never fixed: `--fix` passes the document through unchanged,
                // `--diff` shows no change; its findings count all the same.
                counts.files += 1;
                if fixing {
                    cannot_fix_word(&shown, args.quiet);
                }
                if args.fix && out.write_all(&bytes_in).is_err() {
                    sink.printing = false;
                }
                let analysis = analyze(&doc.text, &config);
                for d in &analysis.diagnostics {
                    counts.add(d.severity);
                    if fixing && matches!(d.severity, Severity::Error | Severity::Warning) {
                        unfixable_findings = true;
                    }
                }
                let word = Checked {
                    shown: shown.clone(),
                    lines: LineIndex::new(&doc.text),
                    text: doc.text,
                    analysis,
                    config,
                    paragraphs: true,
                };
                sink.file(&mut out, &word, &[]);
            }
            (Ok(config), Ok(Stdin::Text(bytes_in, decoded))) => {
                counts.files += 1;
                let text = decoded.text.as_str();
                if fixing {
                    let before = analyze(text, &config).diagnostics.len();
                    let fixed = fixes::fixed_text(text, &config, args.unsafe_fixes);
                    let after = analyze(&fixed, &config);
                    counts.fixed += before.saturating_sub(after.diagnostics.len());
                    if args.diff {
                        let diff = fixes::unified_diff(&shown, text, &fixed);
                        if !diff.is_empty() {
                            counts.changed_files += 1;
                        }
                        sink.write(&mut out, &diff);
                    } else {
                        // The same encoding, BOM and line breaks as the input.
                        // Undecodable bytes would be lost: the input goes out unchanged.
                        let bytes = match crate::files::decode::encode_like(&decoded, &fixed) {
                            Ok(bytes) => bytes,
                            Err(_) => {
                                error(format!(
                                    "{shown}: {}",
                                    fixes::WriteError::Encode(
                                        crate::files::decode::EncodeError::LossyDecode,
                                    )
                                ));
                                counts.unreadable += 1;
                                bytes_in
                            }
                        };
                        if out.write_all(&bytes).is_err() {
                            sink.printing = false;
                        }
                    }
                    for d in &after.diagnostics {
                        counts.add(d.severity);
                    }
                    checked.push(Checked {
                        shown: shown.clone(),
                        lines: LineIndex::new(&fixed),
                        text: fixed.clone(),
                        analysis: after,
                        config: config.clone(),
                        paragraphs: false,
                    });
                } else {
                    let analysis = analyze(text, &config);
                    for d in &analysis.diagnostics {
                        counts.add(d.severity);
                    }
                    checked.push(Checked {
                        shown: shown.clone(),
                        text: text.to_string(),
                        lines: LineIndex::new(text),
                        analysis,
                        config: config.clone(),
                        paragraphs: false,
                    });
                }
            }
            _ => counts.unreadable += 1,
        }
    }
    let found = if named.is_empty() {
        Vec::new()
    } else {
        walk::collect(&named, |folder, file| configs.wanted(folder, file))
    };
    // Configurations are resolved in order (they are cached, and a broken
    // one is reported once); the files are then read, analysed and rendered
    // in parallel, and their output is written in the order of the walk.
    let jobs: Vec<Result<(PathBuf, Config), String>> = found
        .into_iter()
        .map(|entry| match entry {
            Ok(path) => match configs.config_for(&path) {
                Ok(config) => Ok((path, config)),
                Err(()) => Err(String::new()),
            },
            Err(e) => Err(i18n::input_error(&e)),
        })
        .collect();
    let check_one = |job: &Result<(PathBuf, Config), String>| {
        let mut run = FileRun::new();
        match job {
            Ok((path, config)) => check_file(path, config, args, &mut run),
            Err(message) => {
                if !message.is_empty() {
                    run.error(message);
                }
                run.counts.unreadable += 1;
            }
        }
        run
    };
    // Cores a single file may use for its own chunks: all of them when it
    // is the only file, none spare when files already fill the cores.
    let cores = cores();
    CHUNK_THREADS.store(
        (cores / jobs.len().max(1)).max(1),
        std::sync::atomic::Ordering::Relaxed,
    );
    in_parallel(&jobs, check_one, |run| {
        eprint!("{}", run.err);
        sink.write(&mut out, &String::from_utf8_lossy(&run.out));
        counts.merge(&run.counts);
        unfixable_findings |= run.unfixable_findings;
        checked.extend(run.checked);
    });

    // Twins across files, once every file is known; then the output, file by file.
    let elsewhere = across_files(&checked);
    for (c, e) in checked.iter().zip(&elsewhere) {
        for x in e {
            counts.add(x.diagnostic.severity);
        }
        sink.file(&mut out, c, e);
    }
    // The process ends soon: freeing every text, outline and finding one by
    // one would only delay it.
    std::mem::forget((checked, elsewhere));

    let finished = if args.statistics {
        let rows = output::statistics(&sink.statistics);
        match args.format {
            CheckFormat::Json | CheckFormat::Sarif => {
                let v: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|(code, n)| serde_json::json!({ "code": code, "count": n }))
                    .collect();
                serde_json::to_string_pretty(&v).map(|s| (s + "\n").into_bytes())
            }
            CheckFormat::Jsonl => Ok(rows
                .iter()
                .map(|(code, n)| serde_json::json!({ "code": code, "count": n }).to_string() + "\n")
                .collect::<String>()
                .into_bytes()),
            _ => Ok(output::statistics_table(&rows).into_bytes()),
        }
    } else if args.diff || fixing_stdin {
        Ok(Vec::new())
    } else {
        match args.format {
            CheckFormat::Json => Ok(std::mem::take(&mut sink.json).finish()),
            CheckFormat::Sarif => serde_json::to_string_pretty(&output::sarif_log(
                std::mem::take(&mut sink.sarif),
                i18n::language(),
            ))
            .map(|s| (s + "\n").into_bytes()),
            _ => Ok(Vec::new()),
        }
    };
    let finished = finished.expect("plain data serializes");
    if let Err(e) = out.write_all(&finished).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(format!(
                "{}{e}",
                t("无法写出结果：", "cannot write the results: ")
            ));
            return ExitCode::from(2);
        }
    }
    if !args.quiet {
        let mut summary = counts.summary();
        if args.fix {
            summary.push_str(&if i18n::en() {
                format!("; fixed {}, {} remaining", counts.fixed, counts.total())
            } else {
                format!(
                    "；已修复 {} 个问题，剩余 {} 个",
                    counts.fixed,
                    counts.total()
                )
            });
        } else if args.diff {
            summary.push_str(&if i18n::en() {
                format!(
                    "; {} file(s) would be fixed ({} findings)",
                    counts.changed_files, counts.fixed
                )
            } else {
                format!(
                    "；{} 个文件可修复（{} 个问题）",
                    counts.changed_files, counts.fixed
                )
            });
        }
        eprintln!("{summary}");
    }
    if args.diff && counts.unreadable == 0 {
        return if counts.changed_files > 0 || unfixable_findings {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    counts.exit_code()
}

/// Checks one file found by walking: reads it, fixes it when asked, and
/// renders its findings into `run` (nothing is printed here: files are
/// checked in parallel and printed in order).
fn check_file(path: &Path, config: &Config, args: &CheckArgs, run: &mut FileRun) {
    let fixing = args.fix || args.diff;
    let shown = path.display().to_string();
    // A Word document (refused by `fixes::read`, which reads text only)
    // is never written: it is checked below like any other file.
    let fixable = if fixing {
        match fixes::read(path) {
            Ok(f) => Some(f),
            Err(InputError::Binary(_)) => None,
            Err(e) => {
                run.error(i18n::input_error(&e));
                run.counts.unreadable += 1;
                return;
            }
        }
    } else {
        None
    };
    if let Some(file) = fixable {
        if let Some(notice) = file.decoded.notice_in(path, i18n::en()) {
            if !args.quiet {
                run.note(&notice);
            }
        }
        run.counts.files += 1;
        let text = file.decoded.text.as_str();
        let before = analyze(text, config);
        let fixed = fixes::fixed_text(text, config, args.unsafe_fixes);
        let after = analyze(&fixed, config);
        let changed = fixed != text;
        if args.diff {
            if changed {
                run.counts.changed_files += 1;
                run.counts.fixed += before
                    .diagnostics
                    .len()
                    .saturating_sub(after.diagnostics.len());
                run.write(&fixes::unified_diff(
                    &shown.replace('\\', "/"),
                    text,
                    &fixed,
                ));
            }
            for d in &before.diagnostics {
                run.counts.add(d.severity);
            }
            run.file(&shown, text.to_string(), before, None, config, false);
            return;
        }
        if changed {
            if let Err(e) = fixes::write_back(&file, &fixed) {
                run.error(format!("{shown}: {e}"));
                run.counts.unreadable += 1;
                for d in &before.diagnostics {
                    run.counts.add(d.severity);
                }
                run.file(&shown, text.to_string(), before, None, config, false);
                return;
            }
            run.counts.changed_files += 1;
            run.counts.fixed += before
                .diagnostics
                .len()
                .saturating_sub(after.diagnostics.len());
        }
        for d in &after.diagnostics {
            run.counts.add(d.severity);
        }
        run.file(&shown, fixed, after, None, config, false);
        return;
    }
    let Ok(doc) = load_into(path, args.quiet, &mut run.err) else {
        run.counts.unreadable += 1;
        return;
    };
    run.counts.files += 1;
    let paragraphs = doc.paragraphs.is_some();
    if fixing && paragraphs && !args.quiet {
        run.note(&format!(
            "{}{shown}",
            t(
                "无法修复 .docx 文件（baogao 不写入 Word 文档）：",
                "cannot fix a .docx file (baogao does not write Word documents): "
            )
        ));
    }
    let (analysis, lines) = analyze_file(&doc.text, config);
    for d in &analysis.diagnostics {
        run.counts.add(d.severity);
        if fixing && paragraphs && matches!(d.severity, Severity::Error | Severity::Warning) {
            run.unfixable_findings = true;
        }
    }
    run.file(&shown, doc.text, analysis, lines, config, paragraphs);
}

/// What checking one file produced, printed once the files before it are.
struct FileRun {
    /// What goes to stderr (notices and errors), in order.
    err: String,
    /// What goes to stdout.
    out: Vec<u8>,
    counts: Counts,
    unfixable_findings: bool,
    /// The files checked, printed once twins across files are known.
    checked: Vec<Checked>,
}

impl FileRun {
    fn new() -> FileRun {
        FileRun {
            err: String::new(),
            out: Vec::new(),
            counts: Counts::default(),
            unfixable_findings: false,
            checked: Vec::new(),
        }
    }

    /// `错误：…` / `error: …`, as [`error`] prints it.
    fn error(&mut self, message: impl std::fmt::Display) {
        self.err
            .push_str(&format!("{}{message}\n", t("错误：", "error: ")));
    }

    /// A line on stderr.
    fn note(&mut self, line: &str) {
        self.err.push_str(line);
        self.err.push('\n');
    }

    fn write(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Keeps a file checked for the output, which waits for every file.
    fn file(
        &mut self,
        shown: &str,
        text: String,
        analysis: Analysis,
        lines: Option<LineIndex>,
        config: &Config,
        paragraphs: bool,
    ) {
        self.checked.push(Checked {
            shown: shown.to_string(),
            lines: lines.unwrap_or_else(|| LineIndex::new(&text)),
            text,
            analysis,
            config: config.clone(),
            paragraphs,
        });
    }
}

/// Threads `check` uses: `BAOGAO_THREADS` when set to a positive number,
/// else every core.
fn cores() -> usize {
    std::env::var("BAOGAO_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// How many threads one file's analysis may use (set by `check`).
static CHUNK_THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// `analyze(text, config)`, on several threads for a large text that is
/// the only one being checked (`crate::chunked`), with the text's line
/// index when it was analysed in chunks (joined from theirs).
fn analyze_file(text: &str, config: &Config) -> (Analysis, Option<LineIndex>) {
    match analyze_chunked(text, config) {
        Some((analysis, lines)) => (analysis, Some(lines)),
        None => (analyze(text, config), None),
    }
}

/// [`analyze_file`] in chunks; `None` where the text is analysed whole.
fn analyze_chunked(text: &str, config: &Config) -> Option<(Analysis, LineIndex)> {
    use baogao_core::incremental;
    let threads = CHUNK_THREADS.load(std::sync::atomic::Ordering::Relaxed);
    let chunks = crate::chunked::chunks(text, config, threads, incremental::PIECE_MIN)?;
    let lines = incremental::line_index(&chunks, text.len());
    Some((incremental::merge_owned(text, config, chunks), lines))
}

/// Runs `work` on every job on all cores and hands each result to `done`
/// in the jobs' order, as soon as the ones before it are done.
fn in_parallel<J: Sync, R: Send>(
    jobs: &[J],
    work: impl Fn(&J) -> R + Sync,
    mut done: impl FnMut(R),
) {
    let threads = cores().min(jobs.len());
    if threads <= 1 {
        for job in jobs {
            done(work(job));
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                if send.send((i, work(job))).is_err() {
                    break;
                }
            });
        }
        drop(send);
        // Results arrive in any order; each waits for the ones before it.
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, result) in receive {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                done(result);
                due += 1;
            }
        }
    });
}

/// `--lang`, as set by `main`.
fn i18n_flag() -> Option<Language> {
    LANG_FLAG.get().copied()
}

/// `--lang`, as set by `main` (for [`i18n::from_config_at`]).
pub(crate) fn lang_flag() -> Option<Language> {
    i18n_flag()
}

static LANG_FLAG: std::sync::OnceLock<Language> = std::sync::OnceLock::new();

/// Called by `main` with `--lang`: the CLI's words and the diagnostics'
/// messages in that language, whatever `messages.language` says.
pub fn set_language_flag(language: Language) {
    let _ = LANG_FLAG.set(language);
    i18n::set(language);
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
    let from_stdin = args.file.as_os_str() == "-";
    if args.stdin_filename.is_some() && !from_stdin {
        error(t(
            "--stdin-filename 需要以 - 作为文件（从标准输入读取）",
            "--stdin-filename needs - as the file (read standard input)",
        ));
        return ExitCode::from(2);
    }
    let path = if from_stdin {
        stdin_path(args.stdin_filename.as_ref())
    } else {
        args.file.clone()
    };
    i18n::from_config_at(&path);
    let mut configs = Configs {
        language: i18n_flag(),
        ..Configs::default()
    };
    let Ok(config) = configs.config_for(&path) else {
        return ExitCode::from(2);
    };
    let doc = if from_stdin {
        match read_stdin(&path, false) {
            Ok(Stdin::Text(_, d)) => Document {
                text: d.text,
                notice: None,
                notice_en: None,
                paragraphs: None,
            },
            Ok(Stdin::Word(_, d)) => d,
            Err(()) => return ExitCode::from(2),
        }
    } else {
        match load(&path, false) {
            Ok(d) => d,
            Err(_) => return ExitCode::from(2),
        }
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
                eprintln!(
                    "{}{}{}",
                    t("提示：", "note: "),
                    path.display(),
                    t(" 中没有找到标题或编号", " has no headings or numbering")
                );
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
            error(format!(
                "{}{e}",
                t("无法写出结果：", "cannot write the results: ")
            ));
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
            related: Vec::new(),
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
