//! The lists of rules outside the code — the README's rule table, the VS Code
//! extension's `baogao.rules.*` settings and its README table, the Neovim
//! README's list — produced from [`baogao_core::REGISTRY`].
//! `tests/generated.rs` fails when a committed file differs, and rewrites
//! them with `BAOGAO_BLESS=1`.

use baogao_core::REGISTRY;
use serde_json::{json, Value};

use crate::config::RULE_LEVELS;
use crate::schema::families;

pub const BEGIN: &str = "<!-- rules:begin -->";
pub const END: &str = "<!-- rules:end -->";

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The rule table of the main README.
pub fn readme_table() -> String {
    let mut s = String::from(
        "| code | 名称 | category | default | fix | what it finds |\n|---|---|---|---|---|---|\n",
    );
    for r in REGISTRY {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.code,
            r.name,
            r.category.as_str(),
            r.default_severity.as_str(),
            yes_no(r.fixable()),
            r.summary_en
        ));
    }
    s
}

/// The `baogao.rules.*` rows of the VS Code README's settings table.
pub fn vscode_readme_table() -> String {
    let mut s = String::from("| setting | default | what it finds |\n|---|---|---|\n");
    for (family, codes) in families() {
        s.push_str(&format!(
            "| `baogao.rules.{family}-*` | `default` | every `{family}-…` rule at once ({}); a rule's own setting wins |\n",
            codes.len()
        ));
    }
    for r in REGISTRY {
        s.push_str(&format!(
            "| `baogao.rules.{}` | `default` ({}) | {} |\n",
            r.code,
            r.default_severity.as_str(),
            r.summary_en
        ));
    }
    s
}

/// The rule list of the Neovim README.
pub fn nvim_list() -> String {
    let mut s = String::new();
    for r in REGISTRY {
        s.push_str(&format!(
            "- `{}` ({}): {}\n",
            r.code,
            r.default_severity.as_str(),
            r.summary_en
        ));
    }
    for (family, codes) in families() {
        s.push_str(&format!(
            "- `'{family}-*'`: all of {} at once; a rule's own entry wins\n",
            codes
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    s
}

fn level_setting(description: String) -> Value {
    let mut levels = vec!["default"];
    levels.extend(RULE_LEVELS);
    json!({
        "type": "string",
        "enum": levels,
        "default": "default",
        "markdownDescription": description,
    })
}

/// The extension's `baogao.rules.*` settings, sorted by key: one per rule and
/// one per family (`baogao.rules.numbering-*`, sent to the server as the key
/// `numbering-*` of `rules`).
pub fn vscode_rule_settings() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = REGISTRY
        .iter()
        .map(|r| {
            (
                format!("baogao.rules.{}", r.code),
                level_setting(format!(
                    "`{}`（{}）：{}（默认：{}）。`default` 沿用 `baogao.toml` 或内置级别。",
                    r.code,
                    r.name,
                    r.summary,
                    r.default_severity.as_str()
                )),
            )
        })
        .collect();
    for (family, codes) in families() {
        out.push((
            format!("baogao.rules.{family}-*"),
            level_setting(format!(
                "所有 `{family}-…` 规则（{}）的级别；单条规则的设置优先。`default` 沿用 `baogao.toml` 或内置级别。",
                codes
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join("、")
            )),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The settings as lines of `package.json` inside `properties` (indented
/// eight spaces), each but the last followed by a comma.
pub fn vscode_rule_settings_text() -> String {
    let items: Vec<String> = vscode_rule_settings()
        .into_iter()
        .map(|(key, value)| {
            let body = serde_json::to_string_pretty(&value).expect("plain data");
            let body = body.replace('\n', "\n        ");
            format!("        {}: {body}", json!(key))
        })
        .collect();
    items.join(",\n")
}

/// `text` with what lies between the `begin` and `end` lines replaced by
/// `content`; `None` when a marker is missing.
pub fn replace_between(text: &str, begin: &str, end: &str, content: &str) -> Option<String> {
    let b = text.find(begin)? + begin.len();
    let e = b + text[b..].find(end)?;
    Some(format!("{}\n{content}{}", &text[..b], &text[e..]))
}

/// The lines of `package.json` holding the `baogao.rules.*` settings: the
/// byte range from the first such property to the end of the last one (its
/// closing brace), which must be contiguous.
pub fn package_json_rules_span(text: &str) -> Option<std::ops::Range<usize>> {
    const KEY: &str = "\n        \"baogao.rules.";
    let start = text.find(KEY)? + 1;
    let mut at = start;
    // Each property ends with a line of eight spaces and `}`.
    loop {
        let close = at + text[at..].find("\n        }")? + "\n        }".len();
        at = close;
        let rest = &text[at..];
        let next = rest.strip_prefix(',').unwrap_or(rest);
        if !next.starts_with(KEY) {
            return Some(start..close);
        }
        at += rest.len() - next.len() + 1;
    }
}
