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
