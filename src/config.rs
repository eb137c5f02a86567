//! `baogao.toml`: the project's configuration, shared by the CLI and the
//! language server.
//!
//! Precedence, lowest first: built-in defaults, `baogao.toml` (found by walking
//! up from the checked file, or at the workspace root), then the editor's
//! `baogao` settings. A broken file is reported with its path, line and key;
//! callers keep their last good configuration.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use baogao_core::{Bracket, Config, DocumentKind, Language, NumberingStyle, Separator, Severity};
use serde::Deserialize;
use toml::Spanned;

pub const FILE_NAME: &str = "baogao.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    placeholder: RawPlaceholder,
    #[serde(default)]
    numbering: RawNumbering,
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    messages: RawMessages,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholder {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumbering {
    style: Option<Spanned<String>>,
    bracket: Option<Spanned<String>>,
    separator: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    max_size_kb: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessages {
    language: Option<Spanned<String>>,
}

/// A key of `baogao.toml` outside `[rules]`, for the JSON Schema
/// (`baogao.schema.json`). Rule-specific keys are declared by the rules
/// themselves ([`baogao_core::RuleSetting`]); [`OTHER_KEYS`] lists the rest.
#[derive(Debug)]
pub struct KeyDoc {
    /// Dotted: `files.include` is `include` in the `[files]` table.
    pub key: &'static str,
    pub kind: KeyKind,
    /// The default as a TOML literal; `""` when unset.
    pub default: &'static str,
    /// One sentence, Chinese.
    pub doc: &'static str,
    /// The same sentence in English (`baogao init --lang en`).
    pub doc_en: &'static str,
}

/// The type of a key's value.
#[derive(Debug)]
pub enum KeyKind {
    StringList,
    /// One of the strings that [`accepted_values`] lists for the key.
    Choice,
    /// A whole number, at least 0.
    Count,
}

/// The keys that belong to no rule.
pub static OTHER_KEYS: &[KeyDoc] = &[
    KeyDoc {
        key: "files.include",
        kind: KeyKind::StringList,
        default: r#"["**/*.txt", "**/*.md", "**/*.docx"]"#,
        doc: "检查哪些文件：相对于 baogao.toml 所在文件夹的通配符，区分大小写",
        doc_en: "which files to check: globs relative to the folder of baogao.toml, case-sensitive",
    },
    KeyDoc {
        key: "files.exclude",
        kind: KeyKind::StringList,
        default: "[]",
        doc: "不检查的文件：通配符，优先于 include，例如 \"归档/**\"",
        doc_en: "files not to check: globs, over include, such as \"archive/**\"",
    },
    KeyDoc {
        key: "files.max_size_kb",
        kind: KeyKind::Count,
        default: "20480",
        doc: "语言服务器扫描文件夹时跳过大于此大小（KB）的文件",
        doc_en: "the language server skips larger files (in KB) when it scans a folder",
    },
    KeyDoc {
        key: "messages.language",
        kind: KeyKind::Choice,
        default: "\"zh\"",
        doc: "诊断信息的语言：zh 中文，en 英文",
        doc_en: "the language of messages: zh Chinese, en English",
    },
];

/// Every value the parser accepts for a key that takes one of a few strings
/// (aliases included), or `None` for other keys. The JSON Schema's `enum`s
/// come from here, so an editor never flags what baogao accepts.
pub fn accepted_values(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "numbering.style" => &["strict", "lenient"],
        "numbering.bracket" => &["auto", "full", "half"],
        "numbering.separator" => &["auto", "dot", "dunhao", "fullwidth-dot", ".", "、", "．"],
        "messages.language" => &["zh", "en"],
        _ => return None,
    })
}

/// The values `[rules]` takes for a rule.
pub const RULE_LEVELS: &[&str] = &["off", "hint", "information", "warning", "error"];

/// Short spellings `[rules]` also accepts: `info` for information, `warn` for warning.
pub const RULE_LEVEL_ALIASES: &[&str] = &["info", "warn"];

/// The settings a project chose, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub rules: Vec<(String, Option<Severity>)>,
    pub placeholder_allow: Vec<String>,
    pub placeholder_patterns: Vec<String>,
    pub numbering: NumberingStyle,
    pub bracket: Option<Bracket>,
    pub separator: Option<Separator>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_size: u64,
    pub language: Language,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            rules: Vec::new(),
            placeholder_allow: Vec::new(),
            placeholder_patterns: Vec::new(),
            numbering: NumberingStyle::Strict,
            bracket: None,
            separator: None,
            include: vec!["**/*.txt".into(), "**/*.md".into(), "**/*.docx".into()],
            exclude: Vec::new(),
            max_size: 20 * 1024 * 1024,
            language: Language::Zh,
        }
    }
}

impl Settings {
    /// The core configuration for one document of `kind`.
    /// Whether a file found by walking a directory is a report to check:
    /// `relative` is its path from the configuration's folder.
    pub fn wants(&self, relative: &Path) -> bool {
        self.file_matcher().wants(relative)
    }

    pub fn core_config(&self, kind: DocumentKind) -> Config {
        Config {
            kind,
            rule_overrides: self.rules.clone(),
            placeholder_allow: self.placeholder_allow.clone(),
            placeholder_patterns: self.placeholder_patterns.clone(),
            numbering: self.numbering,
            preferred_bracket: self.bracket,
            preferred_separator: self.separator,
            language: self.language,
        }
    }

    /// The include/exclude globs compiled once, for checking many paths.
    pub fn file_matcher(&self) -> FileMatcher {
        let set = |globs: &[String]| {
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                if let Ok(g) = globset::Glob::new(g) {
                    b.add(g);
                }
            }
            b.build().unwrap_or_else(|_| globset::GlobSet::empty())
        };
        FileMatcher {
            include: set(&self.include),
            exclude: set(&self.exclude),
        }
    }

    /// Whether `relative` (a path inside the workspace, `/`-separated) is a report to check.
    pub fn matches(&self, relative: &str) -> bool {
        self.file_matcher().matches(relative)
    }
}

/// `files.include` minus `files.exclude`, compiled.
pub struct FileMatcher {
    include: globset::GlobSet,
    exclude: globset::GlobSet,
}

impl FileMatcher {
    /// Whether `relative` (`/`-separated, inside the configuration's folder) is a report to check.
    pub fn matches(&self, relative: &str) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }

    /// [`FileMatcher::matches`] for a path, whatever its separators.
    pub fn wants(&self, relative: &Path) -> bool {
        self.matches(&relative.to_string_lossy().replace('\\', "/"))
    }
}

/// A configuration error: where it is and what is wrong, in Chinese (its
/// `Display`) and in English ([`ConfigError::english`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub key: String,
    pub message: String,
    pub message_en: String,
}

impl ConfigError {
    /// `path:line: invalid configuration: "key": message`.
    pub fn english(&self) -> String {
        let key = if self.key.is_empty() {
            String::new()
        } else {
            format!("\"{}\": ", self.key)
        };
        let at = if self.line > 0 {
            format!("{}:{}", self.path.display(), self.line)
        } else {
            self.path.display().to_string()
        };
        format!("{at}: invalid configuration: {key}{}", self.message_en)
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = if self.key.is_empty() {
            String::new()
        } else {
            format!("“{}”：", self.key)
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}: 配置有误：{key}{}",
                self.path.display(),
                self.line,
                self.message
            )
        } else {
            write!(
                f,
                "{}: 配置有误：{key}{}",
                self.path.display(),
                self.message
            )
        }
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

fn parse_severity(s: &str) -> Option<Option<Severity>> {
    if s == "off" {
        Some(None)
    } else {
        Severity::parse(s).map(Some)
    }
}

/// Parses and validates the text of a `baogao.toml`.
pub fn parse(path: &Path, source: &str) -> Result<Settings, ConfigError> {
    let err = |span: Option<std::ops::Range<usize>>,
               key: &str,
               message: String,
               message_en: String| ConfigError {
        path: path.to_path_buf(),
        line: span.map_or(0, |s| line_of(source, s.start)),
        key: key.to_string(),
        message,
        message_en,
    };
    let raw: Raw = toml::from_str(source).map_err(|e| {
        // The TOML parser's own words, in English in both languages.
        let message = e.message().trim().to_string();
        let key = message.split('`').nth(1).unwrap_or("").to_string();
        err(e.span(), &key, message.clone(), message)
    })?;
    let mut s = Settings::default();
    // In the order written: among globs of equal length the later wins.
    let mut rules: Vec<_> = raw.rules.into_iter().collect();
    rules.sort_by_key(|(code, _)| code.span().start);
    for (code, level) in rules {
        let key = code.get_ref();
        let known = if baogao_core::is_glob(key) {
            baogao_core::REGISTRY
                .iter()
                .any(|r| baogao_core::glob_matches(key, r.code))
        } else {
            baogao_core::rules::rule(key).is_some()
        };
        if !known {
            let codes: Vec<&str> = baogao_core::REGISTRY.iter().map(|r| r.code).collect();
            let mut families: Vec<String> = baogao_core::REGISTRY
                .iter()
                .filter(|r| r.family() != r.code)
                .map(|r| format!("{}-*", r.family()))
                .collect();
            families.dedup();
            families.push("*".to_string());
            let (what, what_en) = if baogao_core::is_glob(key) {
                ("这个规则组不匹配任何规则", "this family matches no rule")
            } else {
                ("没有这条规则", "no such rule")
            };
            return Err(err(
                Some(code.span()),
                &format!("rules.{key}"),
                format!(
                    "{what}；可用的规则：{}；规则组：{}",
                    codes.join("、"),
                    families.join("、")
                ),
                format!(
                    "{what_en}; rules: {}; families: {}",
                    codes.join(", "),
                    families.join(", ")
                ),
            ));
        }
        let Some(sev) = parse_severity(level.get_ref()) else {
            return Err(err(
                Some(level.span()),
                &format!("rules.{}", code.get_ref()),
                format!(
                    "“{}”不是有效级别；可用：off、hint、information、warning、error",
                    level.get_ref()
                ),
                format!(
                    "\"{}\" is no level; use off, hint, information, warning or error",
                    level.get_ref()
                ),
            ));
        };
        s.rules.push((code.into_inner(), sev));
    }
    s.placeholder_allow = raw.placeholder.allow;
    for p in raw.placeholder.patterns {
        if let Err(e) = regex::Regex::new(p.get_ref()) {
            let first = e
                .to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string();
            return Err(err(
                Some(p.span()),
                "placeholder.patterns",
                format!("正则表达式“{}”无效：{first}", p.get_ref()),
                format!("invalid regular expression \"{}\": {first}", p.get_ref()),
            ));
        }
        s.placeholder_patterns.push(p.into_inner());
    }
    if let Some(v) = raw.numbering.style {
        s.numbering = match v.get_ref().as_str() {
            "strict" => NumberingStyle::Strict,
            "lenient" => NumberingStyle::Lenient,
            other => {
                return Err(err(
                    Some(v.span()),
                    "numbering.style",
                    format!("“{other}”无效；可用：strict、lenient"),
                    format!("\"{other}\" is not valid; use strict or lenient"),
                ))
            }
        };
    }
    if let Some(v) = raw.numbering.bracket {
        s.bracket = match v.get_ref().as_str() {
            "auto" => None,
            "full" => Some(Bracket::Full),
            "half" => Some(Bracket::Half),
            other => {
                return Err(err(
                    Some(v.span()),
                    "numbering.bracket",
                    format!("“{other}”无效；可用：auto、full、half"),
                    format!("\"{other}\" is not valid; use auto, full or half"),
                ))
            }
        };
    }
    if let Some(v) = raw.numbering.separator {
        s.separator = match v.get_ref().as_str() {
            "auto" => None,
            "." | "dot" => Some(Separator::Dot),
            "、" | "dunhao" => Some(Separator::Dunhao),
            "．" | "fullwidth-dot" => Some(Separator::FullDot),
            other => {
                return Err(err(
                    Some(v.span()),
                    "numbering.separator",
                    format!("“{other}”无效；可用：auto、dot、dunhao、fullwidth-dot"),
                    format!("\"{other}\" is not valid; use auto, dot, dunhao or fullwidth-dot"),
                ))
            }
        };
    }
    let check_globs = |globs: &[Spanned<String>], key: &str| -> Result<Vec<String>, ConfigError> {
        globs
            .iter()
            .map(|g| {
                globset::Glob::new(g.get_ref())
                    .map(|_| g.get_ref().clone())
                    .map_err(|e| {
                        err(
                            Some(g.span()),
                            key,
                            format!("通配符“{}”无效：{}", g.get_ref(), e.kind()),
                            format!("invalid glob \"{}\": {}", g.get_ref(), e.kind()),
                        )
                    })
            })
            .collect()
    };
    if let Some(include) = raw.files.include {
        s.include = check_globs(&include, "files.include")?;
    }
    s.exclude = check_globs(&raw.files.exclude, "files.exclude")?;
    if let Some(kb) = raw.files.max_size_kb {
        s.max_size = kb * 1024;
    }
    if let Some(v) = raw.messages.language {
        s.language = match v.get_ref().as_str() {
            "zh" => Language::Zh,
            "en" => Language::En,
            other => {
                return Err(err(
                    Some(v.span()),
                    "messages.language",
                    format!("“{other}”无效；可用：zh、en"),
                    format!("\"{other}\" is not valid; use zh or en"),
                ))
            }
        };
    }
    Ok(s)
}

/// The nearest `baogao.toml` at or above `start` (a file or a directory),
/// up to the root of its file system, drive (`C:\`) or share
/// (`\\server\share\`): `crate::paths::ancestors`.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        match start.parent()? {
            p if p.as_os_str().is_empty() => PathBuf::from("."),
            p => p.to_path_buf(),
        }
    };
    crate::paths::ancestors(&crate::paths::canonical(&start))
        .into_iter()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The `messages.language` a `baogao.toml` asks for, read even from a file
/// that fails validation (so its errors can be told in its language), or
/// `None` when the file is no TOML or does not say.
pub fn language_of(path: &Path) -> Option<Language> {
    let source = std::fs::read_to_string(path).ok()?;
    let value: toml::Table = toml::from_str(&source).ok()?;
    match value.get("messages")?.get("language")?.as_str()? {
        "en" => Some(Language::En),
        "zh" => Some(Language::Zh),
        _ => None,
    }
}

/// Loads a `baogao.toml` from disk.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let source = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: 0,
        key: String::new(),
        message: format!("无法读取：{e}"),
        message_en: format!("cannot read: {e}"),
    })?;
    parse(path, &source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Settings, ConfigError> {
        parse(Path::new("baogao.toml"), s)
    }

    #[test]
    fn the_documented_keys() {
        let s = p("[rules]\nplaceholder = \"off\"\n\"numbering-gap\" = \"error\"\n[placeholder]\nallow = [\"XX联盟\"]\n").expect("valid");
        // In the order written, which decides between globs of equal length.
        assert_eq!(
            s.rules,
            [
                ("placeholder".to_string(), None),
                ("numbering-gap".to_string(), Some(Severity::Error))
            ]
        );
        assert_eq!(s.placeholder_allow, ["XX联盟"]);
        let c = s.core_config(DocumentKind::PlainText);
        let d = baogao_core::analyze("XX联盟\n一、甲\n（一）乙\n（三）丙\n", &c).diagnostics;
        assert_eq!(
            d.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(),
            [("numbering-gap", Severity::Error)]
        );
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = p("[rules]\nplaceholder = \"loud\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "rules.placeholder"));
        assert!(
            e.to_string()
                .starts_with("baogao.toml:2: 配置有误：“rules.placeholder”："),
            "{e}"
        );
        let e = p("\n\n[rules]\nno-such-rule = \"off\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (4, "rules.no-such-rule"));
        let e = p("[placeholder]\npatterns = [\"(\"]\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = p("[rules\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = p("[numbering]\nstyel = \"strict\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert_eq!(e.key, "styel");
    }

    /// The key list of the JSON Schema is what the parser reads: every
    /// accepted value parses, a value outside the list does not, and the
    /// defaults written down are the defaults in force.
    #[test]
    fn schema_key_list_matches_the_parser() {
        for key in OTHER_KEYS.iter().map(|k| k.key).chain([
            "numbering.style",
            "numbering.bracket",
            "numbering.separator",
        ]) {
            let (table, name) = key.split_once('.').unwrap();
            if let Some(values) = accepted_values(key) {
                for v in values {
                    p(&format!("[{table}]\n{name} = \"{v}\"\n"))
                        .unwrap_or_else(|e| panic!("{key} = {v}: {e}"));
                }
                assert!(p(&format!("[{table}]\n{name} = \"nonsense\"\n")).is_err());
            }
        }
        for k in OTHER_KEYS {
            let (table, name) = k.key.split_once('.').unwrap();
            let given = p(&format!("[{table}]\n{name} = {}\n", k.default)).unwrap();
            let given = if k.key == "files.max_size_kb" {
                Settings {
                    max_size: Settings::default().max_size,
                    ..given
                }
            } else {
                given
            };
            assert_eq!(given, Settings::default(), "{}", k.key);
        }
        assert_eq!(
            p("[files]\nmax_size_kb = 20480\n").unwrap().max_size,
            Settings::default().max_size
        );
        for level in RULE_LEVELS.iter().chain(RULE_LEVEL_ALIASES) {
            p(&format!("[rules]\nplaceholder = \"{level}\"\n")).unwrap();
        }
    }

    #[test]
    fn rule_groups() {
        let s = p(
            "[rules]\n\"*\" = \"hint\"\n\"numbering-*\" = \"off\"\n\"numbering-gap\" = \"error\"\n",
        )
        .expect("valid");
        let c = s.core_config(DocumentKind::PlainText);
        let d =
            baogao_core::analyze("XX县\n一、甲\n（一）乙\n（三）丙\n（三）丁\n", &c).diagnostics;
        assert_eq!(
            d.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(),
            [
                ("placeholder", Severity::Hint),
                ("numbering-gap", Severity::Error)
            ]
        );
        let e = p("[rules]\n\"nothing-*\" = \"off\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "rules.nothing-*"));
        assert!(e.to_string().contains("这个规则组不匹配任何规则"), "{e}");
        let e = p("[rules]\nnumbering = \"off\"\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("没有这条规则；可用的规则：attachment、count-mismatch、")
                && e.to_string().contains("规则组：")
                && e.to_string().contains("numbering-*、")
                && e.to_string().ends_with("、*"),
            "{e}"
        );
    }

    #[test]
    fn globs_and_styles() {
        let s = p("[files]\ninclude = [\"drafts/**/*.txt\"]\nexclude = [\"drafts/old/**\"]\n[numbering]\nstyle = \"lenient\"\nbracket = \"full\"\nseparator = \"dot\"\n[messages]\nlanguage = \"en\"\n").expect("valid");
        assert!(s.matches("drafts/a/b.txt"));
        assert!(!s.matches("drafts/old/b.txt"));
        assert!(!s.matches("other/b.txt"));
        assert_eq!(
            (s.numbering, s.bracket, s.separator, s.language),
            (
                NumberingStyle::Lenient,
                Some(Bracket::Full),
                Some(Separator::Dot),
                Language::En
            )
        );
    }
}
