//! Reading a report from disk: bytes to text, never writing anything back.
//!
//! The core does no IO; this module turns a file's bytes into the `String`
//! the core analyses. It is shared by the CLI and the language
//! server, which can call [`decode`] on bytes it already holds.
//!
//! Decoding, in order:
//! 1. UTF-8 with a BOM: the BOM is stripped, so offsets and columns count
//!    from the first real character.
//! 2. UTF-16 with a BOM (Notepad's "Unicode"): decoded.
//! 3. Valid UTF-8 without NUL bytes: taken as is.
//! 4. Anything that looks binary (a NUL byte, or many control bytes): refused.
//! 5. Otherwise GB18030 (a superset of GBK and GB2312), and the caller is
//!    told through [`Decoded::notice`].
//!
//! Line breaks (`\n`, `\r\n`, a lone `\r`) are kept exactly as written; the
//! core's `LineIndex` understands all three.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    /// UTF-8 starting with a byte order mark (stripped from the text).
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8, decoded as GB18030 (covers GBK and GB2312).
    Gb18030,
}

impl SourceEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8（带 BOM）",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
        }
    }
}

/// A report's text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text without any byte order mark, line breaks as written.
    pub text: String,
    pub encoding: SourceEncoding,
    /// Byte sequences that could not be decoded and became U+FFFD.
    pub replaced: usize,
}

impl Decoded {
    /// What the user should be told about the decoding, if anything
    /// (`None` for plain or BOM-prefixed UTF-8).
    pub fn notice(&self, path: &Path) -> Option<String> {
        self.notice_in(path, false)
    }

    /// [`Decoded::notice`] in English when `en`.
    pub fn notice_in(&self, path: &Path, en: bool) -> Option<String> {
        let shown = path.display();
        if en {
            return match self.encoding {
                SourceEncoding::Utf8 | SourceEncoding::Utf8Bom => None,
                SourceEncoding::Utf16Le | SourceEncoding::Utf16Be => Some(format!(
                    "note: {shown} decoded as {}",
                    self.encoding.name()
                )),
                SourceEncoding::Gb18030 if self.replaced == 0 => {
                    Some(format!("note: {shown} decoded as GB18030"))
                }
                SourceEncoding::Gb18030 => Some(format!(
                    "note: {shown} decoded as GB18030; {} undecodable byte sequence(s) replaced with �",
                    self.replaced
                )),
            };
        }
        match self.encoding {
            SourceEncoding::Utf8 | SourceEncoding::Utf8Bom => None,
            SourceEncoding::Utf16Le | SourceEncoding::Utf16Be => {
                Some(format!("提示：{shown} 按 {} 解码", self.encoding.name()))
            }
            SourceEncoding::Gb18030 if self.replaced == 0 => {
                Some(format!("提示：{shown} 按 GB18030 解码"))
            }
            SourceEncoding::Gb18030 => Some(format!(
                "提示：{shown} 按 GB18030 解码，其中 {} 处字节无法识别，已替换为 �",
                self.replaced
            )),
        }
    }
}

/// Why a report could not be read.
#[derive(Debug)]
pub enum InputError {
    NotFound(PathBuf),
    IsDirectory(PathBuf),
    /// The file looks like a binary file (an image, a `.docx`, a program).
    Binary(PathBuf),
    /// A Word document that cannot be read (corrupt, encrypted, `.doc`…).
    Docx(PathBuf, super::docx::DocxError),
    Io(PathBuf, io::Error),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound(p) => write!(f, "找不到文件或目录：{}", p.display()),
            InputError::IsDirectory(p) => {
                write!(f, "{} 是目录，请指定一个报告文件", p.display())
            }
            InputError::Binary(p) => write!(
                f,
                "{} 不是文本文件（看起来是二进制文件），已跳过；\
                 Word 文档请另存为 .docx、.txt 或 .md",
                p.display()
            ),
            InputError::Docx(p, e) => write!(f, "无法读取 {}：{e}", p.display()),
            InputError::Io(p, e) => write!(f, "无法读取 {}：{e}", p.display()),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
}

/// Reads and decodes the report at `path`. Only reads; never writes.
pub fn read_report(path: &Path) -> Result<Decoded, InputError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => InputError::NotFound(path.to_path_buf()),
        _ if path.is_dir() => InputError::IsDirectory(path.to_path_buf()),
        _ => InputError::Io(path.to_path_buf(), e),
    })?;
    decode(bytes).map_err(|DecodeError::Binary| InputError::Binary(path.to_path_buf()))
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a report's bytes (see the module documentation for the order).
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    // A zip (`.docx`, even a damaged one) or an OLE file (`.doc`, `.wps`) is
    // never text, though its first bytes may pass for it.
    if super::docx::sniff(&bytes) != super::docx::Sniff::Other {
        return Err(DecodeError::Binary);
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        if let Ok(text) = std::str::from_utf8(rest) {
            if !rest.contains(&0) {
                return Ok(Decoded {
                    text: text.to_owned(),
                    encoding: SourceEncoding::Utf8Bom,
                    replaced: 0,
                });
            }
        }
    }
    for (bom, encoding, source) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE, SourceEncoding::Utf16Le),
        (b"\xFE\xFF", encoding_rs::UTF_16BE, SourceEncoding::Utf16Be),
    ] {
        if bytes.starts_with(bom) && bytes.len().is_multiple_of(2) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
            if !had_errors && !looks_binary_text(&text) {
                return Ok(Decoded {
                    text: text.into_owned(),
                    encoding: source,
                    replaced: 0,
                });
            }
        }
    }
    if !bytes.contains(&0) {
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    text,
                    encoding: SourceEncoding::Utf8,
                    replaced: 0,
                })
            }
            Err(e) => return decode_legacy(e.into_bytes()),
        }
    }
    Err(DecodeError::Binary)
}

/// Bytes that are not UTF-8: refuse binaries, otherwise read GB18030.
fn decode_legacy(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if looks_binary(&bytes) {
        return Err(DecodeError::Binary);
    }
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut replaced = 0;
    let mut input = &bytes[..];
    loop {
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(input.len())
            .unwrap_or(input.len() * 4 + 16);
        text.reserve(needed);
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut text, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(_, _) => {
                text.push('\u{FFFD}');
                replaced += 1;
            }
        }
    }
    // Mostly undecodable: not a Chinese text in any encoding we know.
    if replaced * 10 > text.chars().count().max(1) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text,
        encoding: SourceEncoding::Gb18030,
        replaced,
    })
}

/// A NUL byte anywhere, or more than one in twenty bytes being a control
/// byte other than tab, line feed, carriage return, form feed and escape.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B) || b == 0x7F)
        .count();
    controls * 20 > bytes.len()
}

fn looks_binary_text(text: &str) -> bool {
    text.contains('\0')
}

/// Why text could not be written back in a file's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodeError {
    /// The file had bytes that decoded to U+FFFD: writing would lose them.
    LossyDecode,
}

/// Encodes `text` for writing back to a file that was read as `decoded`:
/// the same encoding (a GB18030 file stays GB18030), the byte order mark
/// again when there was one, and the file's line breaks (when the original
/// used `\r\n` throughout, a bare `\n` in `text` becomes `\r\n`).
/// Refused when the original had undecodable bytes, which would be lost.
pub fn encode_like(decoded: &Decoded, text: &str) -> Result<Vec<u8>, EncodeError> {
    if decoded.replaced > 0 {
        return Err(EncodeError::LossyDecode);
    }
    let crlf = decoded.text.contains("\r\n") && !has_bare_lf(&decoded.text);
    let text: std::borrow::Cow<str> = if crlf && has_bare_lf(text) {
        let mut out = String::with_capacity(text.len() + 16);
        let mut prev = '\0';
        for c in text.chars() {
            if c == '\n' && prev != '\r' {
                out.push('\r');
            }
            out.push(c);
            prev = c;
        }
        out.into()
    } else {
        text.into()
    };
    Ok(match decoded.encoding {
        SourceEncoding::Utf8 => text.as_bytes().to_vec(),
        SourceEncoding::Utf8Bom => {
            let mut out = UTF8_BOM.to_vec();
            out.extend_from_slice(text.as_bytes());
            out
        }
        SourceEncoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            text.encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
            out
        }
        SourceEncoding::Utf16Be => {
            let mut out = vec![0xFE, 0xFF];
            text.encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_be_bytes()));
            out
        }
        SourceEncoding::Gb18030 => {
            // GB18030 maps every Unicode scalar value, so nothing is unmappable.
            let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
            bytes.into_owned()
        }
    })
}

fn has_bare_lf(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_is_kept_as_is() {
        let d = decode("一、总结\r\n（一）成效\n".as_bytes().to_vec()).unwrap();
        assert_eq!(d.text, "一、总结\r\n（一）成效\n");
        assert_eq!(d.encoding, SourceEncoding::Utf8);
        assert_eq!(d.notice(Path::new("a.txt")), None);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("XX县".as_bytes());
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "XX县");
        assert_eq!(d.encoding, SourceEncoding::Utf8Bom);
        assert_eq!(d.notice(Path::new("a.txt")), None);
    }

    #[test]
    fn gbk_is_decoded_as_gb18030_and_announced() {
        let source = "一、工作总结\r\n今年完成XX县任务。𠀀\r\n";
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(source);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(bytes.into_owned()).unwrap();
        assert_eq!(d.text, source);
        assert_eq!(d.encoding, SourceEncoding::Gb18030);
        assert_eq!(
            d.notice(Path::new("报告.txt")).as_deref(),
            Some("提示：报告.txt 按 GB18030 解码")
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "二、计划".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "二、计划");
        assert_eq!(d.encoding, SourceEncoding::Utf16Le);
    }

    #[test]
    fn binaries_are_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec();
        assert_eq!(decode(png), Err(DecodeError::Binary));
        // Valid UTF-8 with NUL bytes is not a report either.
        assert_eq!(decode(b"abc\0def".to_vec()), Err(DecodeError::Binary));
        // Many control bytes, no NUL, not UTF-8.
        let noise: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { 0xFF })
            .collect();
        assert_eq!(decode(noise), Err(DecodeError::Binary));
    }

    #[test]
    fn zips_and_ole_files_are_never_text() {
        // A damaged zip starting with `PK` used to be read as text.
        assert_eq!(
            decode(b"PK\x03\x04 broken".to_vec()),
            Err(DecodeError::Binary)
        );
        let ole = crate::files::docx::fixture::ole(&["WordDocument"]);
        assert_eq!(decode(ole), Err(DecodeError::Binary));
        // Text that merely starts with the letters is text.
        assert!(decode("PK赛总结".as_bytes().to_vec()).is_ok());
    }

    #[test]
    fn empty_file_is_empty_text() {
        assert_eq!(decode(Vec::new()).unwrap().text, "");
    }

    #[test]
    fn errors_speak_chinese_and_name_the_file() {
        let e = InputError::Binary(PathBuf::from("图.png"));
        assert!(e.to_string().contains("图.png"));
        assert!(e.to_string().contains("二进制"));
    }

    #[test]
    fn encode_like_round_trips_every_encoding() {
        let source = "一、工作总结\r\n今年完成XX县任务。𠀀\r\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(source);
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(source.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        source
            .encode_utf16()
            .for_each(|u| le.extend_from_slice(&u.to_le_bytes()));
        for bytes in [source.as_bytes().to_vec(), gb.into_owned(), bom, le] {
            let d = decode(bytes.clone()).unwrap();
            assert_eq!(encode_like(&d, &d.text).unwrap(), bytes, "{:?}", d.encoding);
        }
        // CRLF throughout stays CRLF when the new text brings a bare LF.
        let d = decode(source.as_bytes().to_vec()).unwrap();
        let out = encode_like(&d, "一、总结\n二、计划\r\n").unwrap();
        assert_eq!(out, "一、总结\r\n二、计划\r\n".as_bytes());
        // Undecodable bytes would be lost: refused.
        let lossy = Decoded { replaced: 1, ..d };
        assert_eq!(encode_like(&lossy, "x"), Err(EncodeError::LossyDecode));
    }
}
