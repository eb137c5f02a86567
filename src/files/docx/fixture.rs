//! Builds `.docx` files for tests (no binary fixture is committed): the
//! XML is written here and zipped with the `zip` crate, the way Word lays
//! out its parts. Also a stand-in OLE compound file for `.doc`, `.wps` and
//! password-protected documents (the signature and the directory names are
//! what the reader looks at).

use std::io::{Cursor, Write};

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A zip of these parts (deflated).
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(*name, options).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A `.docx` whose `w:body` holds `body`, with optional `numbering.xml` and
/// `styles.xml` contents (inside their root elements).
pub fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let numbering = numbering.map(|n| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W_NS}>{n}</w:numbering>"#
        )
    });
    let styles = styles.map(|s| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W_NS}>{s}</w:styles>"#
        )
    });
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ];
    if let Some(n) = &numbering {
        parts.push(("word/numbering.xml", n.as_bytes()));
    }
    if let Some(s) = &styles {
        parts.push(("word/styles.xml", s.as_bytes()));
    }
    zip(&parts)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run of text.
pub fn r(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// A paragraph of one run.
pub fn p(text: &str) -> String {
    format!("<w:p>{}</w:p>", r(text))
}

/// A paragraph of these runs (each already XML).
pub fn p_runs(runs: &[String]) -> String {
    format!("<w:p>{}</w:p>", runs.concat())
}

/// A paragraph with automatic numbering `numId`/`ilvl`.
pub fn p_num(num_id: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{}</w:p>"#,
        r(text)
    )
}

/// A paragraph of a style.
pub fn p_style(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}</w:p>"#,
        r(text)
    )
}

/// A table of rows of cells of paragraphs' text.
pub fn table(rows: &[&[&str]]) -> String {
    let mut out = String::from(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>"#);
    for row in rows {
        out.push_str("<w:tr>");
        for cell in *row {
            out.push_str(r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>"#);
            out.push_str(&p(cell));
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// One level of an abstract list.
pub fn lvl(ilvl: u32, fmt: &str, text: &str, extra: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>"#
    )
}

/// The GB/T 9704 list as Chinese templates set it up: 一、 （一） 1. （1） ①,
/// as abstract list 0, numbered `numId` 1; `numId` 2 is the same list
/// restarted at （一） (`w:startOverride`), `numId` 3 a list of its own whose
/// first level is overridden to start at 三、.
pub fn gbt_numbering() -> String {
    let none = r#"<w:suff w:val="nothing"/>"#;
    format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{}{}{}{}{}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="chineseCountingThousand"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl></w:lvlOverride></w:num>"#,
        lvl(0, "chineseCounting", "%1、", none),
        lvl(1, "chineseCounting", "（%2）", none),
        lvl(2, "decimal", "%3.", ""),
        lvl(3, "decimal", "（%4）", none),
        lvl(4, "decimalEnclosedCircle", "%5", none),
    )
}

/// `Heading 1`/`标题 2` styles, the second numbered through list 1 at level 1.
pub fn heading_styles() -> String {
    r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="c1"><w:name w:val="Strong"/></w:style>"#
        .to_string()
}

/// A report structured by heading styles alone, no number anywhere.
pub fn heading_styles_report() -> Vec<u8> {
    let body = [
        p("XX局2024年工作总结"),
        p_style("1", "工作回顾"),
        p_style("2", "主要成绩"),
        p("今年完成了各项任务。"),
        p_style("2", "存在不足"),
        p_style("1", "下一步打算"),
    ]
    .concat();
    let styles = heading_styles().replace(
        r#"<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>"#,
        "",
    );
    docx(&body, None, Some(&styles))
}

/// A stand-in OLE compound file: the signature, then directory entries
/// named (UTF-16LE) as given, e.g. `WordDocument` for a `.doc`,
/// `EncryptedPackage` for a password-protected `.docx`.
pub fn ole(streams: &[&str]) -> Vec<u8> {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(512, 0);
    for name in streams {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        bytes.extend_from_slice(&entry);
    }
    bytes.resize(bytes.len().max(1536), 0);
    bytes
}

/// A report touching every feature of the reader: manual and automatic
/// numbering at two levels, a restart and an override, heading styles with
/// and without a number, a placeholder split across runs, tracked changes,
/// a table, fields, a text box, hidden text and a footnote reference.
pub fn sample_report() -> Vec<u8> {
    let body = [
        p("XX县2024年工作总结"),
        // Manual numbering, as typed.
        p("一、总体情况"),
        p_runs(&[
            r("今年共完成投资"),
            r("X"),
            r("X万元"),
            r("，同比增长"),
            "<w:r><w:tab/></w:r>".into(),
            r("5%。"),
        ]),
        // Automatic numbering, Chinese counting at two levels.
        p_num(1, 0, "主要工作"),
        p_num(1, 1, "甲项工作"),
        p_num(1, 1, "乙项工作"),
        p_num(1, 2, "第一小项"),
        p_num(1, 2, "第二小项"),
        p_num(1, 1, "丙项工作"),
        // Tracked changes: the insertion counts, the deletion does not.
        format!(
            r#"<w:p>{}<w:ins w:id="1" w:author="a">{}</w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>（已删除）</w:delText></w:r></w:del>{}</w:p>"#,
            r("落实"),
            r("“三重一大”"),
            r("制度。")
        ),
        // A paragraph deleted whole (its mark too) takes no number.
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr><w:del w:id="4" w:author="a"><w:r><w:delText>删掉的一项</w:delText></w:r></w:del></w:p>"#.into(),
        p_num(1, 1, "丁项工作"),
        p_num(1, 0, "存在问题"),
        // A field: the result shows, the code does not.
        format!(
            r#"<w:p>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>{}</w:p>"#,
            r("详见第"),
            r("3"),
            r("页。")
        ),
        table(&[&["项目", "金额"], &["道路", "XX万元"]]),
        // Hidden text and a footnote reference are not displayed.
        format!(
            r#"<w:p>{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>{}</w:p>"#,
            r("资金缺口较大"),
            r("。")
        ),
        // A text box: the drawing's copy, not its VML fallback.
        format!(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}</w:p>"#,
            p("文本框：○○单位"),
            p("文本框：○○单位"),
            r("见右侧说明。")
        ),
        // Restarted list: 三、 from the override, then （一） again.
        p_num(3, 0, "下一步计划"),
        p_num(2, 1, "强化党建引领"),
        p_num(2, 1, "推进重点项目"),
        // Heading styles: one without a number, one numbered by its style.
        p_style("1", "附件说明"),
        p_style("2", "样式编号的标题"),
    ]
    .concat();
    docx(&body, Some(&gbt_numbering()), Some(&heading_styles()))
}
