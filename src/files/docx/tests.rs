use super::fixture::*;
use super::*;

fn lines(bytes: &[u8]) -> Vec<String> {
    read(bytes)
        .expect("readable")
        .text
        .split('\n')
        .map(str::to_owned)
        .collect()
}

#[test]
fn sample_report_reads_as_word_displays_it() {
    let got = read(&sample_report()).unwrap();
    let want = [
        "XX县2024年工作总结",
        "一、总体情况",
        "今年共完成投资XX万元，同比增长\t5%。",
        "一、主要工作",
        "（一）甲项工作",
        "（二）乙项工作",
        "1. 第一小项",
        "2. 第二小项",
        "（三）丙项工作",
        "落实“三重一大”制度。",
        "（四）丁项工作",
        "二、存在问题",
        "详见第3页。",
        "项目",
        "金额",
        "道路",
        "XX万元",
        "资金缺口较大。",
        "文本框：○○单位",
        "见右侧说明。",
        "三、下一步计划",
        "（一）强化党建引领",
        "（二）推进重点项目",
        "附件说明",
        "（一）样式编号的标题",
    ];
    assert_eq!(got.text.split('\n').collect::<Vec<_>>(), want);
    assert_eq!(got.map.paragraphs, want.len());
    assert_eq!(
        got.map.headings,
        [
            StyledHeading {
                paragraph: 24,
                level: 1,
                numbered: false
            },
            StyledHeading {
                paragraph: 25,
                level: 2,
                numbered: true
            }
        ]
    );
}

#[test]
fn placeholder_split_across_runs_is_one_token() {
    let body = p_runs(&[r("X"), r("X万元"), r("和"), r("20"), r("**年")]);
    assert_eq!(lines(&docx(&body, None, None)), ["XX万元和20**年"]);
}

#[test]
fn tabs_and_breaks_are_whitespace_and_entities_resolve() {
    let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:t>A&amp;B&#x4E01;</w:t></w:r></w:p>"#;
    assert_eq!(lines(&docx(body, None, None)), ["甲\t乙 丙 A&B丁"]);
}

#[test]
fn nested_fields_show_the_outer_result_only() {
    let body = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>代码</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>结果</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>12</w:t></w:r></w:fldSimple></w:p>"#;
    assert_eq!(lines(&docx(body, None, None)), ["结果12"]);
}

#[test]
fn moved_text_counts_once() {
    let body = format!(
        r#"<w:p><w:moveFrom w:id="1" w:author="a">{}</w:moveFrom>{}<w:moveTo w:id="2" w:author="a">{}</w:moveTo></w:p>"#,
        r("旧处"),
        r("甲"),
        r("新处")
    );
    assert_eq!(lines(&docx(&body, None, None)), ["甲新处"]);
}

#[test]
fn deleted_mark_with_text_joins_the_next_paragraph() {
    let body = format!(
        r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>{}</w:p>{}"#,
        r("前半句"),
        p("后半句。")
    );
    assert_eq!(lines(&docx(&body, None, None)), ["前半句后半句。"]);
}

#[test]
fn lvl_restart_zero_keeps_counting_across_higher_levels() {
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="5">{}{}</w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="5"/></w:num>"#,
        lvl(0, "upperRoman", "%1.", ""),
        lvl(1, "lowerLetter", "%1.%2)", r#"<w:lvlRestart w:val="0"/>"#),
    );
    let body = [
        p_num(9, 0, "甲"),
        p_num(9, 1, "子"),
        p_num(9, 0, "乙"),
        p_num(9, 1, "丑"),
    ]
    .concat();
    assert_eq!(
        lines(&docx(&body, Some(&numbering), None)),
        ["I. 甲", "I.a) 子", "II. 乙", "II.b) 丑"]
    );
}

#[test]
fn lists_of_one_abstract_continue_each_other_and_num_zero_is_no_number() {
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(
            0,
            "decimalFullWidth",
            "%1．",
            r#"<w:suff w:val="nothing"/>"#
        ),
    );
    let body = [
        p_num(1, 0, "甲"),
        p_num(4, 0, "乙"),
        p_num(0, 0, "无编号"),
        p_num(1, 0, "丙"),
    ]
    .concat();
    assert_eq!(
        lines(&docx(&body, Some(&numbering), None)),
        ["１．甲", "２．乙", "无编号", "３．丙"]
    );
}

#[test]
fn style_linked_levels_and_bullets() {
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
        lvl(
            0,
            "ideographTraditional",
            "%1、",
            r#"<w:pStyle w:val="H1"/><w:suff w:val="nothing"/>"#
        ),
        lvl(
            1,
            "decimalEnclosedParen",
            "%2",
            r#"<w:pStyle w:val="H2"/><w:suff w:val="nothing"/>"#
        ),
    );
    let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="Heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="H1"/></w:style>"#;
    let body = [
        p_style("H1", "甲部"),
        p_style("H2", "细则"),
        p_style("H1", "乙部"),
        p_num(2, 0, "要点"),
    ]
    .concat();
    let got = read(&docx(&body, Some(&numbering), Some(styles))).unwrap();
    assert_eq!(
        got.text.split('\n').collect::<Vec<_>>(),
        ["甲、甲部", "⑴细则", "乙、乙部", "要点"]
    );
    assert_eq!(got.map.headings.len(), 3);
}

#[test]
fn bad_input_is_refused_with_the_reason() {
    assert!(matches!(
        read(b"PK\x03\x04 this is not really a zip"),
        Err(DocxError::Corrupt(_))
    ));
    let mut truncated = sample_report();
    truncated.truncate(truncated.len() / 2);
    assert!(matches!(read(&truncated), Err(DocxError::Corrupt(_))));
    let xlsx = zip(&[("xl/workbook.xml", b"<workbook/>")]);
    assert_eq!(read(&xlsx), Err(DocxError::NotWord));
    assert_eq!(
        read(&ole(&["Root Entry", "EncryptionInfo", "EncryptedPackage"])),
        Err(DocxError::Encrypted)
    );
    assert_eq!(
        read(&ole(&["Root Entry", "WordDocument", "1Table"])),
        Err(DocxError::Legacy)
    );
    assert!(DocxError::Legacy.to_string().contains("另存为 .docx"));
    assert!(matches!(read(b"plain text"), Err(DocxError::Corrupt(_))));
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    // 200 MB of zeros deflate to about 200 KB; the declared size is checked
    // first, so nothing near 200 MB is ever allocated.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..200 {
        std::io::Write::write_all(&mut w, &chunk).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 4 << 20);
    match read(&bomb) {
        Err(DocxError::TooLarge { part, size }) => {
            assert_eq!(part, "word/document.xml");
            assert_eq!(size, 200 << 20);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_xml_is_read_as_far_as_it_goes() {
    let doc = zip(&[(
        "word/document.xml",
        "<w:document><w:body><w:p><w:r><w:t>一、总结</w:t></w:r></w:p><w:p><w:r><w:t>未完"
            .as_bytes(),
    )]);
    assert_eq!(lines(&doc), ["一、总结", "未完"]);
    let doc = zip(&[("word/document.xml", b"\xFF\xFE<\0")]);
    assert!(read(&doc).is_ok());
}

/// A 200-page report: about 30 paragraphs a page, automatic numbering at
/// three levels, a table every ten pages, placeholders here and there.
fn two_hundred_pages() -> Vec<u8> {
    let mut body = String::new();
    body.push_str(&p("XX市2024年度工作总结"));
    for page in 0..200 {
        if page % 20 == 0 {
            body.push_str(&p_num(1, 0, "重点工作推进情况"));
        }
        if page % 4 == 0 {
            body.push_str(&p_num(1, 1, "强化统筹协调"));
        }
        for i in 0..28 {
            if i % 7 == 0 {
                body.push_str(&p_num(1, 2, "完善工作机制。"));
            }
            body.push_str(&p_runs(&[
                r("全年累计完成固定资产投资"),
                r(if i % 9 == 0 { "X" } else { "12" }),
                r(if i % 9 == 0 { "X亿元" } else { "3亿元" }),
                r("，同比增长8.5%，其中重点项目完成投资占比超过六成，为全市经济平稳运行提供了有力支撑。"),
            ]));
        }
        if page % 10 == 9 {
            body.push_str(&table(&[
                &["指标", "完成值"],
                &["投资", "12.3亿元"],
                &["税收", "4.5亿元"],
            ]));
        }
    }
    docx(&body, Some(&gbt_numbering()), Some(&heading_styles()))
}

#[test]
#[ignore = "timing: cargo test --release --lib two_hundred -- --ignored --nocapture"]
fn two_hundred_pages_timing() {
    let bytes = two_hundred_pages();
    if let Ok(out) = std::env::var("BAOGAO_DOCX_OUT") {
        std::fs::write(out, &bytes).unwrap();
    }
    let runs = 5;
    let (mut unzip, mut xml, mut analysis) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut text = DocxText::default();
    for _ in 0..runs {
        let (t, timings) = read_timed(&bytes).unwrap();
        let started = Instant::now();
        let a = baogao_core::analyze(&t.text, &baogao_core::Config::default());
        analysis += started.elapsed();
        assert!(!a.diagnostics.is_empty());
        unzip += timings.unzip;
        xml += timings.xml;
        text = t;
    }
    let n = runs as u32;
    println!(
        "200 pages: {} KB docx, {} paragraphs, {} chars; unzip {:?}, XML {:?}, analysis {:?} (mean of {runs})",
        bytes.len() / 1024,
        text.map.paragraphs,
        text.text.chars().count(),
        unzip / n,
        xml / n,
        analysis / n
    );
}

#[test]
fn damaged_documents_never_panic() {
    let good = sample_report();
    // Cut anywhere, or with bytes flipped anywhere: an error or some text,
    // never a panic.
    for cut in (0..good.len()).step_by(97) {
        let _ = read(&good[..cut]);
    }
    let mut seed = 0x2545_f491_u32;
    for _ in 0..300 {
        let mut bytes = good.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let i = seed as usize % bytes.len();
            bytes[i] = (seed >> 8) as u8;
        }
        let _ = read(&bytes);
    }
}
