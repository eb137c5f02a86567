//! The language of the command line's own words (summaries, errors, help):
//! Chinese unless `--lang en`, or `messages.language = "en"` in the
//! `baogao.toml` in force, asks for English. Set once at start-up.

use std::sync::atomic::{AtomicBool, Ordering};

use baogao_core::Language;

static ENGLISH: AtomicBool = AtomicBool::new(false);

/// Chooses the language of everything printed from now on.
pub fn set(language: Language) {
    ENGLISH.store(language == Language::En, Ordering::Relaxed);
}

pub fn language() -> Language {
    if en() {
        Language::En
    } else {
        Language::Zh
    }
}

/// Whether the CLI speaks English.
pub fn en() -> bool {
    ENGLISH.load(Ordering::Relaxed)
}

/// `zh` or `en`, whichever is in force.
pub fn t(zh: &'static str, en: &'static str) -> &'static str {
    if self::en() {
        en
    } else {
        zh
    }
}

/// Parses `--lang`'s value.
pub fn parse(value: &str) -> Option<Language> {
    match value {
        "zh" | "zh-CN" | "zh_CN" => Some(Language::Zh),
        "en" | "en-US" | "en_US" => Some(Language::En),
        _ => None,
    }
}

/// An input error in the CLI's language.
pub fn input_error(e: &crate::files::decode::InputError) -> String {
    use crate::files::decode::InputError;
    if !en() {
        return e.to_string();
    }
    match e {
        InputError::NotFound(p) => format!("no such file or directory: {}", p.display()),
        InputError::IsDirectory(p) => format!("{} is a directory; name a report file", p.display()),
        InputError::Binary(p) => format!(
            "{} is not a text file (it looks binary), skipped; save Word documents as .docx, .txt or .md first",
            p.display()
        ),
        InputError::Docx(p, e) => {
            use crate::files::docx::DocxError;
            let why = match e {
                DocxError::Corrupt(why) => {
                    // The reasons come from the zip reader, in English, but one.
                    let why = if why == "不是 zip 格式" {
                        "not a zip archive"
                    } else {
                        why
                    };
                    format!("the Word document is damaged and cannot be unzipped ({why})")
                }
                DocxError::NotWord => {
                    "this is a zip archive but no Word document (word/document.xml is missing)"
                        .to_owned()
                }
                DocxError::Encrypted => {
                    "the document is password-protected; remove the password in Word/WPS and save it as .docx"
                        .to_owned()
                }
                DocxError::Legacy => {
                    "this is an old Word (.doc) or WPS (.wps) document; save it as .docx in Word/WPS"
                        .to_owned()
                }
                DocxError::TooLarge { part, size } => format!(
                    "the document's {part} inflates to {} MB, over the {} MB limit; refused",
                    size >> 20,
                    crate::files::docx::MAX_PART_BYTES >> 20
                ),
            };
            format!("cannot read {}: {why}", p.display())
        }
        InputError::Io(p, err) => format!("cannot read {}: {err}", p.display()),
    }
}

/// `错误：…` / `error: …` on stderr.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("{}{message}", t("错误：", "error: "));
}

/// The English of the rules' `baogao.toml` settings (the core documents
/// them in Chinese), by key. A test checks every setting has one.
const SETTING_DOCS_EN: &[(&str, &str)] = &[
    (
        "numbering.bracket",
        "the bracket width all numbering uses (full: full-width “（一）”, half: half-width “(一)”); unset, each report's majority decides",
    ),
    (
        "numbering.separator",
        "the separator all “1.”-level numbers use (dot: “1.”, dunhao: “1、”); unset, the majority among siblings decides",
    ),
    (
        "numbering.style",
        "strict: sub-numbering must start at one; lenient: it may start anywhere (excerpts)",
    ),
    (
        "placeholder.allow",
        "words that are not placeholders, such as the product name “XX联盟”",
    ),
    (
        "placeholder.patterns",
        "more placeholder regular expressions, such as “【待定】”",
    ),
];

/// A rule setting's one-sentence documentation in the CLI's language.
pub fn setting_doc(s: &baogao_core::RuleSetting) -> &'static str {
    if !en() {
        return s.doc;
    }
    SETTING_DOCS_EN
        .iter()
        .find(|(k, _)| *k == s.key)
        .map_or(s.doc, |(_, doc)| doc)
}

/// Sets the CLI's language from the `baogao.toml` in force at `path` (a file
/// or folder), unless `--lang` chose already. A broken file is left for the
/// command to report.
pub fn from_config_at(path: &std::path::Path) {
    if let Some(file) = crate::config::find(path) {
        from_file(&file);
    }
}

/// [`from_config_at`] for a named `baogao.toml` (`--config`): the language
/// it asks for, read even from a file that fails validation, so that its
/// errors are told in that language.
pub fn from_file(file: &std::path::Path) {
    if super::lang_flag().is_some() {
        return;
    }
    if let Some(l) = crate::config::language_of(file) {
        set(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_setting_has_english() {
        for r in baogao_core::REGISTRY {
            for s in r.settings {
                assert!(
                    SETTING_DOCS_EN.iter().any(|(k, _)| *k == s.key),
                    "{}: add its English to SETTING_DOCS_EN",
                    s.key
                );
            }
        }
    }
}
