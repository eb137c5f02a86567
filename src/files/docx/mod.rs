//! Word documents (`.docx`): the text of the paragraphs as Word displays
//! them, one line per paragraph, for the core to analyse as a plain-text
//! report. Read only; nothing is ever written to a `.docx`.
//!
//! What is read (`word/document.xml`, or the main part named in
//! `[Content_Types].xml`):
//! - body paragraphs in document order; paragraphs inside tables row by
//!   row, cell by cell; text boxes (`w:txbxContent`, the `mc:Choice` copy
//!   only, never its VML fallback), each text box paragraph before the
//!   paragraph it is anchored in; content controls (`w:sdt`).
//! - runs joined, so `X` + `X万元` is one token `XX万元`; `w:tab` as a tab,
//!   `w:br` and `w:cr` as a space (a paragraph stays one line).
//! - fields: the result is shown, the code (`w:instrText`, and everything
//!   between `begin` and `separate`) is not.
//! - tracked changes as if accepted: `w:ins`/`w:moveTo` kept, `w:del`,
//!   `w:delText`, `w:moveFrom` dropped; a paragraph whose mark was deleted
//!   joins the next one (and takes no number).
//! - hidden text (`w:vanish`) dropped.
//! - automatic numbering rendered in front of the paragraph ([`numbering`]),
//!   so `（二）乙项工作` reads as displayed; paragraphs of heading styles
//!   (`Heading 1`, `标题 1`, an outline level) are listed in
//!   [`ParagraphMap::headings`].
//!
//! Not read: headers and footers, comments (`comments.xml`), footnotes and
//! endnotes (their reference marks are dropped too), deleted table rows
//! (their text is kept), drawings' alternative text, embedded objects.
//!
//! Bad input is refused with [`DocxError`] and never panics: a corrupt zip,
//! a zip that is no Word document, a password-protected document (an OLE
//! compound file holding `EncryptedPackage`), a `.doc`/`.wps` (OLE), and any
//! part larger than [`MAX_PART_BYTES`] once inflated (checked against the
//! size the zip declares before inflating, and again while inflating).

pub mod fixture;
pub mod numbering;
pub mod outline;

use std::fmt;
use std::io::{Cursor, Read};
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use quick_xml::Reader;

use numbering::{Counters, Tables};

/// The largest part (`document.xml`, `numbering.xml`, `styles.xml`) read,
/// inflated. A 1000-page report's `document.xml` is about 20 MB.
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// What the bytes of a file are, by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniff {
    /// `PK\x03\x04` or an empty zip: `.docx`, `.xlsx`, `.zip`…
    Zip,
    /// An OLE compound file: `.doc`, `.wps`, `.xls`, or an encrypted `.docx`.
    Ole,
    Other,
}

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

pub fn sniff(bytes: &[u8]) -> Sniff {
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        Sniff::Zip
    } else if bytes.starts_with(OLE_MAGIC) {
        Sniff::Ole
    } else {
        Sniff::Other
    }
}

/// Why a Word document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a readable zip (truncated, damaged, or not a zip at all).
    Corrupt(String),
    /// A zip without a Word main document (`word/document.xml`).
    NotWord,
    /// Password-protected.
    Encrypted,
    /// An OLE file: Word 97–2003 `.doc` or WPS `.wps`.
    Legacy,
    /// A part larger than [`MAX_PART_BYTES`] inflated.
    TooLarge { part: String, size: u64 },
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Corrupt(why) => write!(f, "Word 文档已损坏，无法解压（{why}）"),
            DocxError::NotWord => f.write_str("这是一个压缩包，但不是 Word 文档（缺少 word/document.xml）"),
            DocxError::Encrypted => f.write_str("文档已设置打开密码，请在 Word/WPS 中取消密码后另存为 .docx"),
            DocxError::Legacy => f.write_str(
                "这是旧版 Word（.doc）或 WPS（.wps）文档，无法直接读取；请在 Word/WPS 中另存为 .docx",
            ),
            DocxError::TooLarge { part, size } => write!(
                f,
                "文档中的 {part} 解压后有 {} MB，超过上限 {} MB，已拒绝读取",
                size >> 20,
                MAX_PART_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for DocxError {}

/// A heading-style paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledHeading {
    /// 1-based paragraph number (= line).
    pub paragraph: usize,
    /// 1 for `Heading 1`/`标题 1`.
    pub level: u8,
    /// Whether automatic numbering put a number in front of it.
    pub numbered: bool,
}

/// Where the lines of the text came from: line `n` is paragraph `n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphMap {
    /// Paragraphs (lines) in the text.
    pub paragraphs: usize,
    /// Paragraphs of heading styles, in order.
    pub headings: Vec<StyledHeading>,
}

/// A document's text: paragraphs joined with `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxText {
    pub text: String,
    pub map: ParagraphMap,
}

/// Where the time of [`read_timed`] went.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Opening the zip and inflating the parts.
    pub unzip: Duration,
    /// Parsing the XML into text.
    pub xml: Duration,
}

/// Reads a `.docx` from its bytes.
pub fn read(bytes: &[u8]) -> Result<DocxText, DocxError> {
    read_timed(bytes).map(|(d, _)| d)
}

/// The error for an OLE compound file: encrypted OOXML or a legacy document.
pub fn ole_error(bytes: &[u8]) -> DocxError {
    let encrypted: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if memchr_find(bytes, &encrypted) {
        DocxError::Encrypted
    } else {
        DocxError::Legacy
    }
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// [`read`], timing the unzip and the XML apart.
pub fn read_timed(bytes: &[u8]) -> Result<(DocxText, Timings), DocxError> {
    match sniff(bytes) {
        Sniff::Ole => return Err(ole_error(bytes)),
        Sniff::Other => return Err(DocxError::Corrupt("不是 zip 格式".into())),
        Sniff::Zip => {}
    }
    let started = Instant::now();
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Corrupt(e.to_string()))?;
    let main = match part(&mut archive, "word/document.xml")? {
        Some(xml) => xml,
        None => {
            let name = part(&mut archive, "[Content_Types].xml")?
                .and_then(|types| main_part_name(&types))
                .ok_or(DocxError::NotWord)?;
            part(&mut archive, &name)?.ok_or(DocxError::NotWord)?
        }
    };
    let numbering = part(&mut archive, "word/numbering.xml")?;
    let styles = part(&mut archive, "word/styles.xml")?;
    let unzip = started.elapsed();
    let started = Instant::now();
    let mut tables = Tables::default();
    if let Some(xml) = &styles {
        tables.read_styles(xml);
    }
    if let Some(xml) = &numbering {
        tables.read_numbering(xml);
    }
    let text = document_text(&main, &tables);
    Ok((
        text,
        Timings {
            unzip,
            xml: started.elapsed(),
        },
    ))
}

/// The main document's part name from `[Content_Types].xml`.
fn main_part_name(types: &str) -> Option<String> {
    let mut reader = Reader::from_str(types);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Override" => {
                let mut name = None;
                let mut main = false;
                for a in e.attributes().flatten() {
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap_or_default();
                    match a.key.local_name().as_ref() {
                        "PartName" => name = Some(v.trim_start_matches('/').to_owned()),
                        "ContentType" => {
                            main = v.contains("wordprocessingml.document.main+xml")
                                || v.contains("ms-word.document.macroEnabled.main+xml")
                                || v.contains("wordprocessingml.template.main+xml")
                        }
                        _ => {}
                    }
                }
                if main {
                    return name;
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// One part of the zip as text, `None` when absent; refused when larger
/// than [`MAX_PART_BYTES`] inflated.
fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
            return Err(DocxError::Encrypted)
        }
        Err(e) => return Err(DocxError::Corrupt(e.to_string())),
    };
    let declared = file.size();
    if declared > MAX_PART_BYTES {
        return Err(DocxError::TooLarge {
            part: name.to_owned(),
            size: declared,
        });
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    // The declared size may lie: never inflate past the cap.
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocxError::Corrupt(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge {
            part: name.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(Some(xml_text(bytes)))
}

/// XML bytes as text: UTF-8 (a BOM stripped), or UTF-16 with a BOM.
fn xml_text(bytes: Vec<u8>) -> String {
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return enc.decode_without_bom_handling(rest).0.into_owned();
        }
    }
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(rest) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(rest).into_owned(),
    }
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    /// Depth of its `w:p`.
    depth: usize,
    /// Depth of its own `w:pPr` while inside it.
    ppr: Option<usize>,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    outline_lvl: Option<u8>,
    mark_deleted: bool,
    run_hidden: bool,
    in_text: bool,
}

/// Elements whose content is never displayed.
const SKIPPED: &[&str] = &[
    "w:del",
    "w:moveFrom",
    "w:instrText",
    "w:delInstrText",
    "w:delText",
    "w:pPrChange",
    "w:rPrChange",
    "w:sectPrChange",
    "w:tblPrChange",
    "w:trPrChange",
    "w:tcPrChange",
    "w:tblGridChange",
    "w:numberingChange",
    "mc:Fallback",
    "w:footnoteReference",
    "w:endnoteReference",
    "w:commentReference",
];

struct Builder<'t> {
    tables: &'t Tables,
    counters: Counters,
    lines: Vec<String>,
    headings: Vec<StyledHeading>,
    /// Text of paragraphs whose mark was deleted, waiting for the next one.
    carried: String,
}

impl Builder<'_> {
    fn finish(&mut self, p: Para) {
        if p.mark_deleted {
            self.carried.push_str(&p.text);
            return;
        }
        let style = p.style.as_deref().or(self.tables.default_style.as_deref());
        let number = self
            .counters
            .next(self.tables, style, p.num_id.as_deref(), p.ilvl);
        let level = p
            .outline_lvl
            .filter(|&l| l < 9)
            .map(|l| l + 1)
            .or_else(|| style.and_then(|s| self.tables.heading_level(s)));
        let mut line = number.clone().unwrap_or_default();
        line.push_str(&std::mem::take(&mut self.carried));
        line.push_str(&p.text);
        // A paragraph is one line, whatever its text nodes held.
        let line = line.replace(['\n', '\r', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}'], " ");
        self.lines.push(line);
        if let Some(level) = level {
            self.headings.push(StyledHeading {
                paragraph: self.lines.len(),
                level,
                numbered: number.is_some(),
            });
        }
    }
}

fn attr_val(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The displayed text of `document.xml`, one line per paragraph. A broken
/// part is read as far as it goes.
pub fn document_text(xml: &str, tables: &Tables) -> DocxText {
    let mut reader = Reader::from_str(xml);
    let mut r = DocReader {
        b: Builder {
            tables,
            counters: Counters::default(),
            lines: Vec::new(),
            headings: Vec::new(),
            carried: String::new(),
        },
        stack: Vec::new(),
        fields: Vec::new(),
        depth: 0,
        skip: None,
    };
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) => r.open(&e, true),
            Ok(Event::Empty(e)) => r.open(&e, false),
            Ok(Event::End(e)) => r.close(e.name().as_ref()),
            Ok(Event::Text(t)) => {
                if let Some(p) = r.text_target() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(p) = r.text_target() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(g)) => {
                if let Some(p) = r.text_target() {
                    if let Ok(Some(c)) = g.resolve_char_ref() {
                        p.text.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&g) {
                        p.text.push_str(s);
                    }
                }
            }
            Ok(_) => {}
        }
    }
    let mut b = r.b;
    // A document cut short: what was read still counts.
    while let Some(p) = r.stack.pop() {
        b.finish(p);
    }
    if !b.carried.is_empty() {
        let text = std::mem::take(&mut b.carried);
        b.lines.push(text);
    }
    DocxText {
        text: b.lines.join("\n"),
        map: ParagraphMap {
            paragraphs: b.lines.len(),
            headings: b.headings,
        },
    }
}

struct DocReader<'t> {
    b: Builder<'t>,
    /// Paragraphs open (a text box's paragraph inside its anchor's).
    stack: Vec<Para>,
    /// Complex fields open: whether each is past its `separate`.
    fields: Vec<bool>,
    depth: usize,
    /// The depth of the skipped element being passed over.
    skip: Option<usize>,
}

impl DocReader<'_> {
    fn visible(&self) -> bool {
        self.skip.is_none() && self.fields.iter().all(|&r| r)
    }

    /// The paragraph that text read now belongs to, if it is displayed.
    fn text_target(&mut self) -> Option<&mut Para> {
        if !self.visible() {
            return None;
        }
        self.stack.last_mut().filter(|p| p.in_text && !p.run_hidden)
    }

    fn open(&mut self, e: &quick_xml::events::BytesStart<'_>, start: bool) {
        let d = self.depth;
        if start {
            self.depth += 1;
        }
        if self.skip.is_some() {
            return;
        }
        let name = e.name();
        let name = name.as_ref();
        let visible = self.visible();
        if name == "w:p" {
            let p = Para {
                depth: d,
                ..Para::default()
            };
            if start {
                self.stack.push(p);
            } else {
                self.b.finish(p);
            }
            return;
        }
        if name == "w:fldChar" {
            match attr_val(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        *f = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            }
            return;
        }
        let skipped = start && SKIPPED.contains(&name);
        let Some(p) = self.stack.last_mut() else {
            if skipped {
                self.skip = Some(d);
            }
            return;
        };
        if let Some(ppr) = p.ppr {
            // Inside the paragraph's own properties.
            match name {
                "w:pStyle" => p.style = attr_val(e, "val"),
                "w:numId" => p.num_id = attr_val(e, "val"),
                "w:ilvl" => p.ilvl = attr_val(e, "val").and_then(|v| v.parse().ok()),
                "w:outlineLvl" => p.outline_lvl = attr_val(e, "val").and_then(|v| v.parse().ok()),
                // `w:pPr/w:rPr/w:del`: the paragraph mark was deleted.
                "w:del" if d == ppr + 2 => p.mark_deleted = true,
                _ => {}
            }
        } else {
            let shown = visible && !p.run_hidden;
            match name {
                "w:pPr" if start && d == p.depth + 1 => p.ppr = Some(d),
                "w:r" => p.run_hidden = false,
                "w:vanish" => p.run_hidden = numbering::on(e),
                "w:t" if start => p.in_text = true,
                "w:tab" | "w:ptab" if shown => p.text.push('\t'),
                "w:br" | "w:cr" if shown => p.text.push(' '),
                "w:noBreakHyphen" if shown => p.text.push('-'),
                _ => {}
            }
        }
        if skipped {
            self.skip = Some(d);
        }
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        if let Some(s) = self.skip {
            if self.depth == s {
                self.skip = None;
            }
            return;
        }
        match name {
            "w:p" => {
                if let Some(p) = self.stack.pop() {
                    self.b.finish(p);
                }
            }
            "w:pPr" => {
                let depth = self.depth;
                if let Some(p) = self.stack.last_mut().filter(|p| p.ppr == Some(depth)) {
                    p.ppr = None;
                }
            }
            "w:t" => {
                if let Some(p) = self.stack.last_mut() {
                    p.in_text = false;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
