//! The JSON Schema of `baogao.toml` (`baogao.schema.json`), produced from the
//! rule registry (one `[rules]` property per code, each rule's settings) and
//! from `config.rs`'s list of the other keys, so it cannot drift from either.
//! `tests/generated.rs` fails when the committed file differs.

use std::collections::BTreeMap;

use baogao_core::{SettingKind, REGISTRY};
use serde_json::{json, Map, Value};

use crate::config::{accepted_values, KeyKind, OTHER_KEYS, RULE_LEVELS, RULE_LEVEL_ALIASES};

/// A `[rules]` key naming several rules at once: it contains a glob
/// character (`"numbering-*"`).
pub const RULE_GLOB_PATTERN: &str = "[*?\\[]";

/// A TOML literal as JSON; `None` for `""` (unset).
fn toml_literal(literal: &str) -> Option<Value> {
    if literal.is_empty() {
        return None;
    }
    let table: toml::Table = toml::from_str(&format!("v = {literal}"))
        .unwrap_or_else(|e| panic!("default {literal:?} is not a TOML value: {e}"));
    Some(serde_json::to_value(&table["v"]).expect("a TOML value is JSON"))
}

/// One key's schema.
fn property(
    key: &str,
    list: bool,
    choices: &[&str],
    count: bool,
    default: &str,
    doc: String,
) -> Value {
    let mut p = Map::new();
    if list {
        p.insert("type".into(), json!("array"));
        p.insert("items".into(), json!({ "type": "string" }));
    } else if count {
        p.insert("type".into(), json!("integer"));
        p.insert("minimum".into(), json!(0));
    } else {
        p.insert("type".into(), json!("string"));
        let values = accepted_values(key).unwrap_or(choices);
        p.insert("enum".into(), json!(values));
    }
    if let Some(d) = toml_literal(default) {
        p.insert("default".into(), d);
    }
    p.insert("description".into(), json!(doc));
    Value::Object(p)
}

/// The families of rules that share a code prefix (`numbering`), with their codes.
pub fn families() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in REGISTRY.iter().filter(|r| r.family() != r.code) {
        match out.iter_mut().find(|(f, _)| *f == r.family()) {
            Some((_, codes)) => codes.push(r.code),
            None => out.push((r.family(), vec![r.code])),
        }
    }
    out
}

/// Table descriptions, Chinese.
fn table_doc(table: &str) -> &'static str {
    match table {
        "files" => "检查哪些文件",
        "messages" => "诊断信息",
        "numbering" => "编号规则的设置",
        "placeholder" => "占位符规则的设置",
        _ => "",
    }
}

/// The schema, as JSON.
pub fn schema() -> Value {
    let mut tables: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for k in OTHER_KEYS {
        let (table, name) = k.key.split_once('.').expect("dotted key");
        let (list, count) = match k.kind {
            KeyKind::StringList => (true, false),
            KeyKind::Choice => (false, false),
            KeyKind::Count => (false, true),
        };
        tables.entry(table).or_default().insert(
            name.into(),
            property(k.key, list, &[], count, k.default, k.doc.to_string()),
        );
    }
    for r in REGISTRY {
        for s in r.settings {
            let (table, name) = s.key.split_once('.').expect("dotted key");
            let (list, choices) = match s.kind {
                SettingKind::StringList => (true, &[][..]),
                SettingKind::Choice(c) => (false, c),
            };
            let doc = format!("{}（规则 {}）", s.doc, r.code);
            tables.entry(table).or_default().insert(
                name.into(),
                property(s.key, list, choices, false, s.default, doc),
            );
        }
    }
    let mut properties = Map::new();
    for (table, keys) in tables {
        properties.insert(
            table.into(),
            json!({
                "type": "object",
                "description": table_doc(table),
                "properties": keys,
                "additionalProperties": false,
            }),
        );
    }
    let mut rules = Map::new();
    for r in REGISTRY {
        rules.insert(
            r.code.into(),
            json!({
                "$ref": "#/definitions/level",
                "description": format!("{}：{}（默认 {}）", r.name, r.summary, r.default_severity.as_str()),
            }),
        );
    }
    for (family, codes) in families() {
        rules.insert(
            format!("{family}-*"),
            json!({
                "$ref": "#/definitions/level",
                "description": format!("所有 {family}-… 规则（{}）的级别；单条规则的设置优先", codes.join("、")),
            }),
        );
    }
    properties.insert(
        "rules".into(),
        json!({
            "type": "object",
            "description": "各规则的级别：规则代码或通配符（如 \"numbering-*\"）= off、hint、information、warning、error",
            "properties": rules,
            "patternProperties": { RULE_GLOB_PATTERN: { "$ref": "#/definitions/level" } },
            "additionalProperties": false,
        }),
    );
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "baogao.toml",
        "description": "baogao（中文工作报告检查）的项目配置；放在报告文件夹的根目录",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "definitions": {
            "level": {
                "type": "string",
                "enum": RULE_LEVELS.iter().chain(RULE_LEVEL_ALIASES).collect::<Vec<_>>(),
                "description": "off 关闭；hint 建议；information（或 info）提示；warning（或 warn）警告；error 错误",
            }
        }
    })
}

/// The schema as committed: pretty JSON with a final newline.
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).expect("the schema is plain data");
    s.push('\n');
    s
}
