//! `baogao rules` and `baogao explain`: the rule registry on the terminal.
//!
//! Everything here is read from [`baogao_core::REGISTRY`]; nothing about a
//! rule is written down a second time.

use std::fmt::Write as _;
use std::process::ExitCode;

use baogao_core::{RuleMeta, SettingKind, REGISTRY};
use serde::Serialize;

use super::i18n::{self, t};
use super::render::char_width;
use super::Format;

pub const AFTER_HELP_RULES: &str = "\
JSON：一个数组，每项 {\"code\",\"category\",\"default_severity\",\"fixable\",\"summary\",\"docs\"}，按规则代码排序。
在 baogao.toml 的 [rules] 中按代码设置级别：off、hint、information、warning、error。";

pub const AFTER_HELP_EXPLAIN: &str = "\
退出码：0 成功；2 没有这条规则（会列出可用的规则代码）。";

pub const AFTER_HELP_RULES_EN: &str = "\
JSON: an array of {\"code\",\"category\",\"default_severity\",\"fixable\",\"summary\",\"docs\"}, sorted by code; with --lang en \"summary\" is the English sentence, \"docs\" stay Chinese.
Set a rule's level by its code in the [rules] table of baogao.toml: off, hint, information, warning, error.";

pub const AFTER_HELP_EXPLAIN_EN: &str = "\
Exit codes: 0 success; 2 no such rule (the rule codes are listed).";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP_RULES)]
pub struct RulesArgs {
    /// 输出格式：human（表格）或 json
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP_EXPLAIN)]
pub struct ExplainArgs {
    /// 规则代码，如 numbering-gap（baogao rules 列出全部）
    pub code: String,
}

/// One rule in `rules --format json`. Field order is part of the format.
#[derive(Debug, Serialize)]
pub struct JsonRule {
    pub code: &'static str,
    pub category: &'static str,
    pub default_severity: &'static str,
    pub fixable: bool,
    pub summary: &'static str,
    pub docs: &'static str,
}

impl From<&RuleMeta> for JsonRule {
    fn from(r: &RuleMeta) -> JsonRule {
        JsonRule {
            code: r.code,
            category: r.category.as_str(),
            default_severity: r.default_severity.as_str(),
            fixable: r.fixable(),
            summary: if i18n::en() { r.summary_en } else { r.summary },
            docs: r.docs,
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}

/// The table of `baogao rules`: one row per rule, columns aligned by display width.
pub fn table() -> String {
    let en = i18n::en();
    let header = if en {
        ["code", "category", "default", "fixable", "summary"]
    } else {
        ["代码", "类别", "默认级别", "可修复", "说明"]
    };
    let rows: Vec<[String; 5]> = REGISTRY
        .iter()
        .map(|r| {
            [
                r.code.to_string(),
                if en {
                    r.category.as_str()
                } else {
                    r.category.name()
                }
                .to_string(),
                r.default_severity.as_str().to_string(),
                if r.fixable() {
                    t("是", "yes")
                } else {
                    t("否", "no")
                }
                .to_string(),
                if en { r.summary_en } else { r.summary }.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(cell);
            } else {
                l.push_str(&pad(cell, widths[i]));
                l.push_str("  ");
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// What `baogao explain CODE` prints.
pub fn explanation(r: &RuleMeta) -> String {
    if i18n::en() {
        return explanation_en(r);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}（{}）", r.name, r.code);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "类别：{}（{}）",
        r.category.name(),
        r.category.as_str()
    );
    let _ = writeln!(out, "默认级别：{}", r.default_severity.as_str());
    let _ = writeln!(
        out,
        "可修复：{}",
        if r.fixable() {
            "是（快速修复；安全的修复也由“修复全部”应用）"
        } else {
            "否"
        }
    );
    let _ = writeln!(out, "说明：{}", r.summary);
    let _ = writeln!(out);
    for paragraph in r.docs.trim().split("\n\n") {
        let _ = writeln!(out, "{}", paragraph.trim());
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "设置（baogao.toml）：");
    let _ = writeln!(
        out,
        "  [rules] \"{}\" = \"{}\"   # off、hint、information、warning、error",
        r.code,
        r.default_severity.as_str()
    );
    for s in r.settings {
        let values = match s.kind {
            SettingKind::StringList => "字符串数组".to_string(),
            SettingKind::Choice(choices) => crate::config::accepted_values(s.key)
                .unwrap_or(choices)
                .join("、"),
        };
        let default = if s.default.is_empty() {
            "不设".to_string()
        } else {
            s.default.to_string()
        };
        let _ = writeln!(
            out,
            "  {}：{}（可选：{values}；默认：{default}）",
            s.key, s.doc
        );
    }
    out
}

/// `baogao explain CODE --lang en`: the headers, summary and settings in
/// English; the documentation itself exists in Chinese only, and says so.
fn explanation_en(r: &RuleMeta) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.code);
    let _ = writeln!(out);
    let _ = writeln!(out, "Category: {}", r.category.as_str());
    let _ = writeln!(out, "Default severity: {}", r.default_severity.as_str());
    let _ = writeln!(
        out,
        "Fixable: {}",
        if r.fixable() {
            "yes (a quick fix; safe fixes are also applied by fix-all and --fix)"
        } else {
            "no"
        }
    );
    let _ = writeln!(out, "Summary: {}", r.summary_en);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Documentation (in Chinese only: what it does 做什么, why 为什么, example 示例, use instead 改为):"
    );
    let _ = writeln!(out);
    for paragraph in r.docs.trim().split("\n\n") {
        let _ = writeln!(out, "{}", paragraph.trim());
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Settings (baogao.toml):");
    let _ = writeln!(
        out,
        "  [rules] \"{}\" = \"{}\"   # off, hint, information, warning, error",
        r.code,
        r.default_severity.as_str()
    );
    for s in r.settings {
        let values = match s.kind {
            SettingKind::StringList => "an array of strings".to_string(),
            SettingKind::Choice(choices) => crate::config::accepted_values(s.key)
                .unwrap_or(choices)
                .join(", "),
        };
        let default = if s.default.is_empty() {
            "unset".to_string()
        } else {
            s.default.to_string()
        };
        let _ = writeln!(
            out,
            "  {}: {} (values: {values}; default: {default})",
            s.key,
            i18n::setting_doc(s)
        );
    }
    out
}

/// The known code closest to `code`, when one is close enough to be a typo.
pub fn did_you_mean(code: &str) -> Option<&'static str> {
    let code = code.to_lowercase();
    REGISTRY
        .iter()
        .map(|r| (edit_distance(&code, r.code), r.code))
        .filter(|&(d, known)| d <= 2.max(known.len() / 4) || known.starts_with(code.as_str()))
        .min()
        .map(|(_, known)| known)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

fn print(text: &str) -> ExitCode {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            i18n::error(format!(
                "{}{e}",
                t("无法写出结果：", "cannot write the results: ")
            ));
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

pub fn rules(args: &RulesArgs) -> ExitCode {
    i18n::from_config_at(std::path::Path::new("."));
    match args.format {
        Format::Human => print(&table()),
        Format::Json => {
            let rules: Vec<JsonRule> = REGISTRY.iter().map(JsonRule::from).collect();
            let mut s = serde_json::to_string_pretty(&rules).expect("rules JSON is plain data");
            s.push('\n');
            print(&s)
        }
    }
}

pub fn explain(args: &ExplainArgs) -> ExitCode {
    i18n::from_config_at(std::path::Path::new("."));
    if let Some(r) = baogao_core::rules::rule(args.code.trim()) {
        return print(&explanation(r));
    }
    let known: Vec<&str> = REGISTRY.iter().map(|r| r.code).collect();
    let en = i18n::en();
    match (did_you_mean(&args.code), en) {
        (Some(guess), false) => eprintln!(
            "错误：没有规则“{}”；你是不是要找“{guess}”？可用的规则：{}",
            args.code,
            known.join("、")
        ),
        (None, false) => eprintln!(
            "错误：没有规则“{}”；可用的规则：{}（baogao rules 查看说明）",
            args.code,
            known.join("、")
        ),
        (Some(guess), true) => eprintln!(
            "error: no rule \"{}\"; did you mean \"{guess}\"? Rules: {}",
            args.code,
            known.join(", ")
        ),
        (None, true) => eprintln!(
            "error: no rule \"{}\"; rules: {} (baogao rules describes them)",
            args.code,
            known.join(", ")
        ),
    }
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_rule() {
        assert_eq!(did_you_mean("numbering-gaps"), Some("numbering-gap"));
        assert_eq!(did_you_mean("placeholdr"), Some("placeholder"));
        assert_eq!(did_you_mean("Numbering-Order"), Some("numbering-order"));
        assert_eq!(did_you_mean("zzz"), None);
    }

    #[test]
    fn table_has_a_row_per_rule() {
        assert_eq!(table().lines().count(), REGISTRY.len() + 1);
    }
}
