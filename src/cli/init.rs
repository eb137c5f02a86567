//! `baogao init`: writes a commented `baogao.toml` with every key at its
//! default, produced from the registry (each rule's severity and settings)
//! and `config::OTHER_KEYS`, so it lists exactly the keys baogao reads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use baogao_core::REGISTRY;

use super::i18n::{error, t};
use crate::config::{accepted_values, FILE_NAME, OTHER_KEYS};

#[derive(clap::Args)]
pub struct InitArgs {
    /// 在哪个文件夹中创建 baogao.toml（默认当前文件夹）；已有的文件不会被覆盖
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// The text of a fresh `baogao.toml`, its comments in the CLI's language.
pub fn template() -> String {
    let en = super::i18n::en();
    let mut out = String::new();
    out.push_str(t(
        "# baogao 的配置文件：每个键都写着默认值，按需修改。\n",
        "# baogao's configuration: every key is written at its default; change what you need.\n",
    ));
    out.push_str(t(
        "# 完整说明：baogao explain <规则代码>；键的列表与取值见 baogao.schema.json。\n\n",
        "# More: baogao explain <rule code>; the keys and their values are in baogao.schema.json.\n\n",
    ));
    out.push_str("[rules]\n");
    out.push_str(t(
        "# 每条规则的级别：off、hint、information、warning、error；\n",
        "# Each rule's level: off, hint, information, warning, error;\n",
    ));
    out.push_str(t(
        "# 也可以一次设置一组规则，如 \"numbering-*\" = \"off\"（单独写出的规则优先）。\n",
        "# a family at once too, such as \"numbering-*\" = \"off\" (a rule named alone wins).\n",
    ));
    if en {
        // The language of the messages themselves, for a project that asked for English.
        out.push_str("# (Set messages.language = \"en\" below for English messages.)\n");
    }
    let width = REGISTRY.iter().map(|r| r.code.len() + 2).max().unwrap_or(0);
    for r in REGISTRY {
        let key = format!("\"{}\"", r.code);
        let level = format!("\"{}\"", r.default_severity.as_str());
        if en {
            out.push_str(&format!("{key:<width$} = {level:<13} # {}\n", r.summary_en));
        } else {
            out.push_str(&format!(
                "{key:<width$} = {level:<13} # {}：{}\n",
                r.name, r.summary
            ));
        }
    }
    // Every other key, by table: the rules' settings, then the rest.
    let mut tables: BTreeMap<&str, Vec<(String, String, String)>> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for r in REGISTRY {
        for s in r.settings {
            if seen.insert(s.key) {
                let doc = if en {
                    format!("{} (rule {})", super::i18n::setting_doc(s), r.code)
                } else {
                    format!("{}（规则 {}）", s.doc, r.code)
                };
                tables
                    .entry(s.key.split_once('.').expect("dotted").0)
                    .or_default()
                    .push((s.key.to_string(), literal(s.key, s.default), doc));
            }
        }
    }
    for k in OTHER_KEYS {
        if seen.insert(k.key) {
            tables
                .entry(k.key.split_once('.').expect("dotted").0)
                .or_default()
                .push((
                    k.key.to_string(),
                    literal(k.key, k.default),
                    if en { k.doc_en } else { k.doc }.to_string(),
                ));
        }
    }
    for (table, keys) in tables {
        out.push_str(&format!("\n[{table}]\n"));
        for (key, value, doc) in keys {
            let name = key.split_once('.').expect("dotted").1;
            out.push_str(&format!("# {doc}\n"));
            if let Some(values) = accepted_values(&key) {
                out.push_str(&if en {
                    format!("# values: {}\n", values.join(", "))
                } else {
                    format!("# 可用：{}\n", values.join("、"))
                });
            }
            out.push_str(&format!("{name} = {value}\n"));
        }
    }
    out
}

/// The default of a key as TOML: unset keys that take `auto` are written so.
fn literal(key: &str, default: &str) -> String {
    if default.is_empty() {
        if accepted_values(key).is_some_and(|v| v.contains(&"auto")) {
            return "\"auto\"".into();
        }
        return "\"\"".into();
    }
    default.to_string()
}

pub fn init(args: &InitArgs) -> ExitCode {
    super::i18n::from_config_at(&args.dir);
    let path = args.dir.join(FILE_NAME);
    if path.exists() {
        error(format!(
            "{}{}",
            path.display(),
            t(" 已存在，未覆盖", " already exists; not overwritten")
        ));
        return ExitCode::from(2);
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, template().as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("{}{}", t("已创建 ", "created "), path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            error(format!("{}: {e}", path.display()));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse, Settings};

    #[test]
    fn template_parses_to_the_defaults_and_names_every_key() {
        let text = template();
        let s = parse(std::path::Path::new(FILE_NAME), &text).expect("template parses");
        assert_eq!(
            Settings {
                rules: Vec::new(),
                ..s.clone()
            },
            Settings::default()
        );
        for (code, level) in &s.rules {
            let r = baogao_core::rules::rule(code).expect("a rule");
            assert_eq!(*level, Some(r.default_severity), "{code}");
        }
        assert_eq!(s.rules.len(), REGISTRY.len());
        for k in OTHER_KEYS {
            let name = k.key.split_once('.').unwrap().1;
            assert!(text.contains(&format!("\n{name} = ")), "{}", k.key);
        }
        for r in REGISTRY {
            for st in r.settings {
                let name = st.key.split_once('.').unwrap().1;
                assert!(text.contains(&format!("\n{name} = ")), "{}", st.key);
            }
        }
    }
}
