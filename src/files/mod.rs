//! Report files on disk, shared by the command line and the language server:
//! [`walk`] selects the reports under a folder (the `files.include` /
//! `files.exclude` globs of `baogao.toml`, hidden entries, `node_modules` and
//! `target` skipped) and [`decode`] turns a file's bytes into text (UTF-8
//! with or without BOM, UTF-16 with BOM, GB18030; binaries refused);
//! [`docx`] reads Word documents, one line per paragraph; [`read_document`]
//! is the one entry point that chooses between them.

pub mod decode;
pub mod docx;
pub mod walk;

use std::io;
use std::path::Path;

use decode::{DecodeError, InputError};
pub use docx::ParagraphMap;

/// A report's text as the core analyses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub text: String,
    /// What the user should be told about the reading (an encoding).
    pub notice: Option<String>,
    /// The same in English.
    pub notice_en: Option<String>,
    /// For a Word document: line `n` of `text` is paragraph `n`.
    pub paragraphs: Option<ParagraphMap>,
}

/// Reads the report at `path`: a Word document (`.docx`, found by its
/// content) or a text file. Only reads; never writes.
pub fn read_document(path: &Path) -> Result<Document, InputError> {
    if let Some(text) = read_plain_utf8(path) {
        return Ok(Document {
            text,
            notice: None,
            notice_en: None,
            paragraphs: None,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => InputError::NotFound(path.to_path_buf()),
        _ if path.is_dir() => InputError::IsDirectory(path.to_path_buf()),
        _ => InputError::Io(path.to_path_buf(), e),
    })?;
    document_from_bytes(path, bytes)
}

/// Files at least this long are first read as plain UTF-8 by [`read_plain_utf8`].
const STREAMED_MIN: u64 = 64 * 1024;

/// A large file that [`decode::decode`] would take as it is (UTF-8 without
/// BOM or NUL, no zip or OLE file), read block by block straight into its
/// text: no second copy of the bytes, and a vectorised validation (std's
/// `from_utf8` was a fifth of the work of checking one large file).
/// `None` for anything else, or on any error: the caller reads it the
/// ordinary way, which explains errors and decodes other encodings.
fn read_plain_utf8(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    if len < STREAMED_MIN {
        return None;
    }
    let mut text = String::with_capacity(usize::try_from(len).ok()?);
    let mut buf = vec![0u8; 128 * 1024];
    // Bytes of a character cut by the end of the last block.
    let mut carry = 0;
    let mut first = true;
    loop {
        let mut filled = carry;
        while filled < buf.len() {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        let end = filled < buf.len();
        let data = &buf[..filled];
        if first {
            first = false;
            if docx::sniff(data) != docx::Sniff::Other
                || [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"]
                    .iter()
                    .any(|bom| data.starts_with(bom))
            {
                return None;
            }
        }
        // Up to the last whole character (all of it at the end of the file).
        let cut = if end {
            filled
        } else {
            let lead = (filled.saturating_sub(3)..filled)
                .rev()
                .find(|&i| (data[i] as i8) >= -0x40)
                .unwrap_or(filled);
            let width = match data.get(lead) {
                Some(b) if *b >= 0xF0 => 4,
                Some(b) if *b >= 0xE0 => 3,
                Some(b) if *b >= 0xC0 => 2,
                _ => 1,
            };
            if lead + width > filled {
                lead
            } else {
                filled
            }
        };
        let whole = &data[..cut];
        // memchr's vector search: `contains` is a word-at-a-time loop that
        // cost as much as the UTF-8 validation.
        if memchr::memchr(0, whole).is_some() {
            return None;
        }
        match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(whole) {
            Some(std::borrow::Cow::Borrowed(s)) => text.push_str(s),
            _ => return None,
        }
        if end {
            return Some(text);
        }
        buf.copy_within(cut..filled, 0);
        carry = filled - cut;
    }
}

/// Whether the path names a Word or WPS document by its extension.
pub fn is_word_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["docx", "docm", "dotx", "doc", "wps"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// [`read_document`] on bytes already read from `path`.
pub fn document_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Document, InputError> {
    // A zip or OLE file that is no readable Word document is explained as
    // such when its name says Word, and refused as binary otherwise.
    let word = |e| {
        if is_word_path(path) {
            InputError::Docx(path.to_path_buf(), e)
        } else {
            InputError::Binary(path.to_path_buf())
        }
    };
    match docx::sniff(&bytes) {
        docx::Sniff::Zip => {
            let d = docx::read(&bytes).map_err(word)?;
            return Ok(Document {
                text: d.text,
                notice: None,
                notice_en: None,
                paragraphs: Some(d.map),
            });
        }
        docx::Sniff::Ole => return Err(word(docx::ole_error(&bytes))),
        docx::Sniff::Other => {}
    }
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(DecodeError::Binary) if is_word_path(path) => {
            return Err(word(if is_docx {
                docx::DocxError::Corrupt("不是 zip 格式".into())
            } else {
                docx::DocxError::Legacy
            }))
        }
        Err(DecodeError::Binary) => return Err(InputError::Binary(path.to_path_buf())),
    };
    Ok(Document {
        notice: decoded.notice(path),
        notice_en: decoded.notice_in(path, true),
        text: decoded.text,
        paragraphs: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_documents_are_found_by_content_and_explained_by_name() {
        let p = Path::new;
        let report = docx::fixture::sample_report();
        // A real .docx is read whatever its name.
        let d = document_from_bytes(p("报告.txt"), report.clone()).unwrap();
        assert!(d.text.starts_with("XX县2024年工作总结\n一、总体情况\n"));
        assert!(d.paragraphs.is_some());
        // A damaged zip: a Word name gets the reason, another name "binary".
        let broken = b"PK\x03\x04\0\0\x08\0".to_vec();
        assert!(matches!(
            document_from_bytes(p("a.docx"), broken.clone()),
            Err(InputError::Docx(_, docx::DocxError::Corrupt(_)))
        ));
        assert!(matches!(
            document_from_bytes(p("a.md"), broken),
            Err(InputError::Binary(_))
        ));
        let doc = docx::fixture::ole(&["WordDocument"]);
        assert!(matches!(
            document_from_bytes(p("旧.WPS"), doc.clone()),
            Err(InputError::Docx(_, docx::DocxError::Legacy))
        ));
        assert!(matches!(
            document_from_bytes(p("表.xls"), doc),
            Err(InputError::Binary(_))
        ));
        // Large files read block by block decode as their bytes do.
        let dir = tempfile::tempdir().unwrap();
        let big = "一、总结😀\n".repeat(30_000);
        let mut samples: Vec<Vec<u8>> = Vec::new();
        for shift in 0..4 {
            // Characters of 1 to 4 bytes cut by the block ends.
            samples.push(["a".repeat(shift).as_bytes(), big.as_bytes()].concat());
        }
        let mut cut_at_end = big.as_bytes().to_vec();
        cut_at_end.extend_from_slice(&"😀".as_bytes()[..2]);
        samples.push(cut_at_end);
        let mut nul = big.as_bytes().to_vec();
        nul[200_000] = 0;
        samples.push(nul);
        samples.push([&b"\xEF\xBB\xBF"[..], big.as_bytes()].concat());
        let (gb, _, _) = encoding_rs::GB18030.encode(&big);
        samples.push(gb.into_owned());
        for (i, bytes) in samples.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.txt"));
            std::fs::write(&path, &bytes).unwrap();
            let streamed = read_document(&path).map_err(|e| e.to_string());
            let whole = document_from_bytes(&path, bytes).map_err(|e| e.to_string());
            assert_eq!(streamed, whole, "sample {i}");
        }
        // Text stays text, with no paragraph map.
        let t = document_from_bytes(p("a.txt"), "一、总结\n".into()).unwrap();
        assert_eq!((t.text.as_str(), t.paragraphs), ("一、总结\n", None));
    }
}
