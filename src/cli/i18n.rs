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
            "{} is not a text file (it looks binary), skipped; save Word documents as .txt or .md first",
            p.display()
        ),
        InputError::Io(p, err) => format!("cannot read {}: {err}", p.display()),
    }
}

/// `错误：…` / `error: …` on stderr.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("{}{message}", t("错误：", "error: "));
}
