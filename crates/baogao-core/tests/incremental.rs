//! Chunked and incremental analysis equal full analysis, exactly.
//! `PROPTEST_CASES=2000 cargo test -p baogao-core --test incremental` for a long run.

use baogao_core::incremental::{
    accept_cuts, analyze_chunks, analyze_in_chunks, analyze_range, analyze_run, candidate_cuts,
    chunk_ends_at_cut, cut_holds, cut_points, line_index, merge, merge_keeping_prints,
    prints_after, prints_of, reanalyze, runs, settle, Chunk, CutCheck, Piece,
};
use baogao_core::{analyze, Config, LineIndex};
use proptest::prelude::*;

const PARAGRAPH: &str =
    "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。";

/// Longer than a fragment file's excerpts (150 characters).
const LONG: &str = concat!(
    "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。",
    "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。",
    "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。",
    "全年共完成投资四十三亿元，同比增长百分之八，重点项目建设有序推进，群众满意度持续提升。",
);

/// Long enough to be compared (`dup-paragraph`), and a copy with words changed.
const RECYCLED: &str =
    "二是狠抓安全生产，开展隐患排查整治行动十二次，整改问题三百余处，全年未发生较大以上安全事故，形势总体平稳。";
const RECYCLED_NEAR: &str =
    "二是狠抓安全生产,开展隐患排查整治行动十五次,整改问题四百余处,全年未发生较大以上安全事故,形势总体平稳.";

/// Report-shaped blocks: titled, untitled restarts, defects, placeholders, enumerations.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(format!("XX县2023年工作总结\n\n一、主要工作\n（一）甲\n{PARAGRAPH}\n（三）乙\n{PARAGRAPH}\n")),
        Just(format!("一、基本情况\n{PARAGRAPH}\n二、存在问题\n一是认识不足；二是投入不够；四是机制不全。\n{PARAGRAPH}\n")),
        Just(format!("一、工作\n(一)甲\n（二）乙\n1、子\n2.子\n{PARAGRAPH}\n\n")),
        Just(format!("2023年工作思路\n\n（一）丁\n{PARAGRAPH}\n")),
        Just(format!("目录\n报告一\t1\n报告二\t3\n\n区教育局2024年上半年工作总结\n\n一、主要工作\n（）学前教育\n{PARAGRAPH}\n")),
        Just(format!("三、计划\n3\n\n、培训就业方面\n{PARAGRAPH}\n")),
        Just(format!("{PARAGRAPH}\n一、总结\nx月xx日完成20**年任务。\n{PARAGRAPH}\n")),
        "[一二三（）()、.。是XX\n甲乙]{0,12}".prop_map(|s| format!("{s}\n{PARAGRAPH}\n")),
        // Punctuation: house style per report, pairs over paragraphs, headings' ends.
        Just(format!("一、工作\n甲,乙,丙,丁,戊，己。\n（一）推进改革。\n（二）加强管理\n（三）抓好落实\n{PARAGRAPH}\n")),
        Just(format!("一、问题\n他说：“第一段。\n“第二段。”推进“放管\n服”改革，《条例》、《办法》...推进 改革 \n{PARAGRAPH}\n")),
        "[，,；;：:“”\"《》（）()、。…— \n甲乙]{0,16}".prop_map(|s| format!("{s}\n{PARAGRAPH}\n")),
        // Untitled reports after an intro ending with a colon; one announces
        // the count of the headings after it.
        Just(format!("{PARAGRAPH}现将一年来的主要工作情况汇报如下：\n一、主要工作\n{PARAGRAPH}\n")),
        Just(format!("{PARAGRAPH}主要做了以下三个方面的工作:\n一、甲\n{PARAGRAPH}\n二、乙\n{PARAGRAPH}\n")),
        Just(format!("{PARAGRAPH}各项工作取得新进展！\n一、做法\n{PARAGRAPH}\n")),
        // Windows line ends, and a lone carriage return.
        Just(format!("一、工作\r\n\r\n（一）甲\r\n{PARAGRAPH}\r\n\r\n二、计划\r{PARAGRAPH}\r\n")),
        // Recycled paragraphs, repeated in other chunks (or four times: boilerplate).
        Just(format!("一、问题\n{RECYCLED}\n{PARAGRAPH}\n")),
        Just(format!("二、打算\n{RECYCLED_NEAR}\n{PARAGRAPH}\n")),
        number_block(),
        // Long lines with no blank line between: a chunk of nothing else
        // would be taken for a fragment file (every line its own report).
        Just(format!("一、{LONG}\n{LONG}\n{LONG}\n")),
    ]
}

/// The number, date and format rules' patterns (issue 13), in report-shaped
/// blocks: titles with years and a stale heading year, 概数, attachments and
/// references to them, doubled words, 发文字号, dates, 〇/零 years, ranges,
/// years without 年, announced counts with lists, residue.
fn number_blocks() -> Vec<String> {
    vec![
        format!("XX县2023年工作总结和2024年工作计划\n\n一、2023年工作完成情况\n{PARAGRAPH}\n二、2024年工作计划\n（一）2022年工作打算\n{PARAGRAPH}\n"),
        format!("XX局2023年工作总结\n\n一、2021年主要工作\n{PARAGRAPH}\n二、2024年工作打算\n{PARAGRAPH}\n"),
        format!("一、2019年工作打算\n连续三、四天，约七、八十人，每户3、4个人，共20几人，投资几10万元。\n{PARAGRAPH}\n"),
        format!("一、问题\n推动二、三产业融合，一、二、三产增加值，每周一、四晚，第二、三批。\n{PARAGRAPH}\n"),
        format!("请各单位(附件1)报送，名单见附件3。\n\n附件：1、实施方案。\n      2、责任分工表；\n\n{PARAGRAPH}\n"),
        format!("附件：1.实施方案\n\n2023年5月6日\n{PARAGRAPH}\n"),
        format!("附件:\n\n1.参会单位名单\n\n2.实施方案\n\n附件2\n{PARAGRAPH}\n"),
        format!("二是开展开展专项行动，积极打造打造品牌，抓住着力点和和突破口，一件一件抓，点对点对接，研究研究。\n{PARAGRAPH}\n"),
        format!("根据《方案》（岸政办[2014]41号）和京政发（2023）第005号，2023年2月30日召开。\n{PARAGRAPH}\n"),
        format!("2022年完成。2022以来，23年5月开工，2023上半年，23年底竣工。\n{PARAGRAPH}\n"),
        format!("一、做法\n主要有以下三个方面：一是甲；二是乙；三是丙；四是丁。\n存在四点不足：一是甲；二是乙；三是丙。\n{PARAGRAPH}\n"),
        format!("发放党建%2B社会救助物资##图片##，成效明显[图片]。\n阅读全文\n{PARAGRAPH}\n"),
        // A report's closing date: the last line, after the signature.
        format!("二零二三年五月，二○二四年，增长15～30%，投资9～16亿元。\n{PARAGRAPH}\nXX县人民政府\n2023.5.6\n"),
    ]
}

fn number_block() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(number_blocks()),
        "[一二三四、几0-9年附件：:.。开展和\n]{0,16}".prop_map(|s| format!("{s}\n{PARAGRAPH}\n")),
    ]
}

/// The blocks above do make the findings the property is meant to cover,
/// and a text of them is cut into chunks.
#[test]
fn number_blocks_make_their_findings_and_chunks() {
    let text = number_blocks().concat().repeat(2);
    let full = analyze(&text, &config());
    for code in [
        "year-mismatch",
        "number-approx",
        "attachment",
        "dup-word",
        "docno",
        "date-format",
        "date-invalid",
        "number-zero",
        "number-range",
        "number-year",
        "count-mismatch",
        "residue",
    ] {
        assert!(
            full.diagnostics.iter().any(|d| d.code == code),
            "no {code} finding"
        );
    }
    let cuts = cut_points(&text, &config(), &full, 1);
    assert!(cuts.len() >= 2, "{cuts:?}");
    assert_eq!(
        merge(&text, &config(), &analyze_chunks(&text, &config(), &cuts)),
        full
    );
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 1..12).prop_map(|v| v.concat())
}

fn config() -> Config {
    Config::default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256), ..ProptestConfig::default() })]

    #[test]
    fn chunks_merge_to_the_full_analysis(text in text()) {
        let full = analyze(&text, &config());
        let cuts = cut_points(&text, &config(), &full, 1);
        let chunks = analyze_chunks(&text, &config(), &cuts);
        prop_assert_eq!(merge(&text, &config(), &chunks), full);
        prop_assert_eq!(line_index(&chunks, text.len()), LineIndex::new(&text));
    }

    /// The first analysis of a large document, in chunks from the start, cuts
    /// where the full analysis would and merges to it.
    #[test]
    fn chunks_from_the_outline_alone_are_the_same(text in text()) {
        let full = analyze(&text, &config());
        let cuts = cut_points(&text, &config(), &full, 1);
        match analyze_in_chunks(&text, &config(), 1) {
            None => prop_assert!(cuts.is_empty()),
            Some(chunks) => {
                let starts: Vec<usize> = chunks.iter().skip(1).map(|c| c.start).collect();
                prop_assert_eq!(starts, cuts);
                prop_assert_eq!(merge(&text, &config(), &chunks), full);
            }
        }
    }

    #[test]
    fn an_edit_reanalyses_one_chunk_to_the_same_result(text in text(), at in any::<prop::sample::Index>(), what in 0usize..10) {
        let full = analyze(&text, &config());
        let cuts = cut_points(&text, &config(), &full, 1);
        let chunks = analyze_chunks(&text, &config(), &cuts);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let start = boundaries[at.index(boundaries.len())];
        let (end, insert) = match what {
            0 => (start, "一、"),
            1 => (start, "\n"),
            2 => (start, "XX"),
            3 => (start, "（二）"),
            4 => (boundaries.iter().copied().find(|&b| b > start).unwrap_or(start), ""),
            5 => (start, "附件：1、方案。\n"),
            6 => (start, "2022年工作打算\n"),
            7 => (start, "三、四"),
            8 => (start, "开展开展"),
            _ => (start, "。"),
        };
        let new_text = format!("{}{}{}", &text[..start], insert, &text[end..]);
        if let Some(new_chunks) = reanalyze(&new_text, &config(), &chunks, start..end, insert.len()) {
            let fresh = analyze(&new_text, &config());
            prop_assert_eq!(&merge(&new_text, &config(), &new_chunks), &fresh);
            prop_assert_eq!(line_index(&new_chunks, new_text.len()), LineIndex::new(&new_text));
            // The prints kept from the version before, updated, are the new
            // version's, and the merge from them is the fresh analysis.
            let (_, old_prints) = merge_keeping_prints(&text, &config(), &chunks, None);
            let prints = prints_after(&chunks, &new_chunks, &old_prints, &new_text, start..end, insert.len());
            let fresh_prints = prints_of(&fresh);
            prop_assert_eq!(prints.as_ref().map(|p| p.sorted()), Some(fresh_prints.sorted()));
            // The twin pairs come along unless the edit changed a paragraph
            // that has a twin candidate.
            let (merged, kept) = merge_keeping_prints(&new_text, &config(), &new_chunks, prints);
            prop_assert_eq!(merged, fresh.clone());
            prop_assert_eq!(kept.sorted(), fresh_prints.sorted());
            prop_assert!(kept.knows_pairs());
        }
    }
}

#[test]
fn a_typical_edit_takes_the_fast_path() {
    // Forty reports of the compilation's shape, cut into chunks of about 2 KB.
    let report = format!(
        "一、2022年工作进展和成效\n\n(一)大力开展卫生创建工作\n\n1.完成xx市省级卫生城市届满复审工作。\n\n{PARAGRAPH}\n\n二、存在的问题\n\n{PARAGRAPH}\n\n"
    );
    let text = report.repeat(40);
    let full = analyze(&text, &config());
    let cuts = cut_points(&text, &config(), &full, 2 * 1024);
    assert!(cuts.len() >= 3, "{cuts:?}");
    let chunks = analyze_chunks(&text, &config(), &cuts);
    // Type a character in the middle of a paragraph of the second chunk, then a gap.
    for (needle, skip, insert) in [(PARAGRAPH, 3, "某"), ("\n\n(一)", 2, "(三)甲\n")] {
        let from = cuts[1] + text[cuts[1]..].find('\n').expect("a line") + 1;
        let from = from + text[from..].find('\n').expect("a second line") + 1;
        let at = text[from..].find(needle).expect("found") + from + skip;
        let new_text = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let new_chunks =
            reanalyze(&new_text, &config(), &chunks, at..at, insert.len()).expect("fast path");
        assert_eq!(
            merge(&new_text, &config(), &new_chunks),
            analyze(&new_text, &config())
        );
    }
}

/// A keystroke in a paragraph without twins keeps the twin pairs found
/// within the text, renumbered; one in a paragraph with a twin, or that
/// gives a paragraph one, has them found again. Either way the merge is the
/// fresh analysis.
#[test]
fn twin_pairs_come_along_unless_the_edit_touches_a_twin() {
    // Reports of their own paragraphs; the first and the fourth share one.
    let twin = "今年以来我们坚持问题导向，聚焦群众急难愁盼问题，推动各项民生实事落地见效，取得了明显成效。";
    let topics = [
        (
            "农田水利",
            "新修渠道二十公里，灌溉面积扩大到三万亩，旱涝保收能力明显增强",
        ),
        (
            "城市管理",
            "整治背街小巷四十条，新增停车位八百个，市容环境得到群众普遍认可",
        ),
        (
            "教育卫生",
            "新建幼儿园三所，改造乡镇卫生院五家，基本公共服务水平稳步提高",
        ),
        (
            "安全生产",
            "排查企业隐患一千二百处，整改率达到百分之百，全年未发生较大事故",
        ),
        (
            "招商引资",
            "签约项目十六个，到位资金九亿元，新落地规上工业企业七家以上",
        ),
        (
            "生态环境",
            "关停散乱污企业十一家，空气优良天数比例提升四个百分点以上",
        ),
    ];
    let report = |n: usize| {
        let (name, done) = topics[n - 1];
        let extra = if n == 1 || n == 4 {
            twin
        } else {
            "其他事项另行报告。"
        };
        format!(
            "一、{name}工作进展情况\n\n{name}工作按照年初计划稳步推进，{done}。\n\n{extra}\n\n二、{name}下一步打算\n\n继续抓好{name}各项任务落实，确保全年目标圆满完成，{name}工作再上新台阶、取得新成效。\n\n"
        )
    };
    let text: String = (1..=6).map(report).collect();
    let full = analyze(&text, &config());
    assert_eq!(
        full.diagnostics
            .iter()
            .filter(|d| d.code == "dup-paragraph")
            .count(),
        1,
        "{:?}",
        full.diagnostics
    );
    let cuts = cut_points(&text, &config(), &full, 1);
    assert!(cuts.len() >= 4, "{cuts:?}");
    let chunks = analyze_chunks(&text, &config(), &cuts);
    let (_, prints) = merge_keeping_prints(&text, &config(), &chunks, None);
    assert!(prints.knows_pairs());
    let in_report = |n: usize, needle: &str, skip: usize| {
        let head = text
            .find(&format!("一、{}", topics[n - 1].0))
            .expect("report");
        head + text[head..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in report {n}"))
            + skip
    };
    for (at, end, insert, carried) in [
        // In an ordinary paragraph of the second report, of the fifth, of the first.
        (in_report(2, "工作按照", 6), None, "某", true),
        (in_report(5, "继续", 3), None, "甲乙", true),
        (in_report(1, "继续", 3), None, "某", true),
        // In the fourth report's copy: the pair goes.
        (in_report(4, "今年以来", 6), None, "某", false),
        // The third report's paragraph becomes a copy of the twin: a pair comes.
        (
            in_report(3, "其他事项", 0),
            Some(in_report(3, "其他事项", "其他事项另行报告。".len())),
            twin,
            false,
        ),
        // A character deleted from an ordinary paragraph.
        (
            in_report(6, "工作按照", 3),
            Some(in_report(6, "工作按照", 6)),
            "",
            true,
        ),
    ] {
        let end = end.unwrap_or(at);
        let new_text = format!("{}{}{}", &text[..at], insert, &text[end..]);
        let new_chunks = reanalyze(&new_text, &config(), &chunks, at..end, insert.len())
            .unwrap_or_else(|| panic!("fast path for {insert:?} at {at}"));
        let after = prints_after(
            &chunks,
            &new_chunks,
            &prints,
            &new_text,
            at..end,
            insert.len(),
        )
        .expect("one chunk changed");
        assert_eq!(after.knows_pairs(), carried, "{insert:?} at {at}");
        let fresh = analyze(&new_text, &config());
        let (merged, _) = merge_keeping_prints(&new_text, &config(), &new_chunks, Some(after));
        assert_eq!(merged, fresh, "{insert:?} at {at}");
    }
}

/// An edit in the first lines of a chunk, which decide whether it starts a
/// report, re-analyses that chunk alone when the outline still starts a
/// report there, and gives up when it no longer does.
#[test]
fn an_edit_at_a_chunk_head_asks_the_outline_again() {
    let report =
        format!("一、2022年工作进展和成效\n\n{PARAGRAPH}\n\n二、存在的问题\n\n{PARAGRAPH}\n\n");
    let text = report.repeat(12);
    let full = analyze(&text, &config());
    let cuts = cut_points(&text, &config(), &full, 1);
    assert!(cuts.len() >= 5, "{cuts:?}");
    let chunks = analyze_chunks(&text, &config(), &cuts);
    let head = cuts[2];
    let last = *cuts.last().expect("cuts");
    let label = head + "一、20".len();
    let paragraph = head + text[head..].find(PARAGRAPH).expect("a paragraph") + 3;
    for (at, end, insert, fast) in [
        // In the heading's title, in the paragraph after it.
        (label, label, "某", true),
        (paragraph, paragraph, "某", true),
        // A title above the last chunk's heading; above one with a chunk
        // after it, the title's report takes in that chunk's restart too.
        (last, last, "XX县2023年工作总结\n\n", true),
        (head, head, "XX县2023年工作总结\n\n", false),
        // The top level no longer restarts: the chunk joins the one before.
        (head, head + "一".len(), "三", false),
    ] {
        let new_text = format!("{}{}{}", &text[..at], insert, &text[end..]);
        let new = reanalyze(&new_text, &config(), &chunks, at..end, insert.len());
        assert_eq!(new.is_some(), fast, "{insert:?} at {at}");
        if let Some(new) = new {
            assert_eq!(
                merge(&new_text, &config(), &new),
                analyze(&new_text, &config()),
                "{insert:?} at {at}"
            );
        }
    }
}

/// An edit that leaves a chunk of long lines only (which, analysed apart,
/// would be a fragment file, every line a report) re-analyses the text.
#[test]
fn an_edit_that_leaves_a_chunk_of_long_lines_only_is_not_taken_apart() {
    let long = PARAGRAPH.repeat(4);
    let report = format!("一、2022年工作进展和成效\n\n{PARAGRAPH}\n\n");
    // The last chunk: no chunk after it to ask about its end.
    let run_in = format!("一、总体情况。{long}\n短行\n{long}\n{long}\n");
    let text = format!("{}{run_in}", report.repeat(3));
    let full = analyze(&text, &config());
    let cuts = cut_points(&text, &config(), &full, 1);
    let at = report.len() * 3;
    assert!(cuts.contains(&at), "{cuts:?}");
    let chunks = analyze_chunks(&text, &config(), &cuts);
    // Delete the short line: the chunk is long lines only.
    let short = at + run_in.find("短行\n").expect("the short line");
    let end = short + "短行\n".len();
    let new_text = format!("{}{}", &text[..short], &text[end..]);
    if let Some(new) = reanalyze(&new_text, &config(), &chunks, short..end, 0) {
        assert_eq!(
            merge(&new_text, &config(), &new),
            analyze(&new_text, &config())
        );
    }
}

/// Markdown blocks: fences (closed, unclosed, tilde), indented code, inline
/// code, comments, headings and placeholders inside and outside code.
fn md_block() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(format!("## 一、主要工作\n\n{PARAGRAPH}XX。\n\n")),
        Just("```\n一、代码里的 XX\n（一）xx\n```\n\n".to_string()),
        Just("```text\n二、没有闭合的代码块 XX\n\n".to_string()),
        Just("~~~\n（二）波浪线 xx\n~~~\n\n".to_string()),
        Just("    三、缩进代码 XX\n\n".to_string()),
        Just(format!(
            "见 `XX` 与[XX县](http://xx.cn/XX)。{PARAGRAPH}\n\n"
        )),
        Just("<!-- 四、注释 XX -->\n\n".to_string()),
        Just("<!-- baogao-disable-next-line placeholder -->\nXX县\n\n".to_string()),
        Just(format!("（一）甲\n{PARAGRAPH}\n（三）乙__个\n\n")),
        "[一二（）`~#\n XX_*]{0,12}".prop_map(|s| format!("{s}\n{PARAGRAPH}\n\n")),
    ]
}

fn md_text() -> impl Strategy<Value = String> {
    prop::collection::vec(md_block(), 1..12).prop_map(|v| v.concat())
}

fn md_config() -> Config {
    Config::for_kind(baogao_core::DocumentKind::Markdown)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(128), ..ProptestConfig::default() })]

    /// A fence opened by an edit changes everything after it, so Markdown is
    /// never cut and an edit always falls back to full analysis.
    #[test]
    fn markdown_chunks_and_edits_equal_the_full_analysis(text in md_text(), at in any::<prop::sample::Index>(), what in 0usize..4) {
        let full = analyze(&text, &md_config());
        let cuts = cut_points(&text, &md_config(), &full, 1);
        let chunks = analyze_chunks(&text, &md_config(), &cuts);
        prop_assert_eq!(merge(&text, &md_config(), &chunks), full);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let start = boundaries[at.index(boundaries.len())];
        let insert = ["```\n", "`", "<!--", "XX"][what];
        let new_text = format!("{}{}{}", &text[..start], insert, &text[start..]);
        if let Some(new_chunks) = reanalyze(&new_text, &md_config(), &chunks, start..start, insert.len()) {
            prop_assert_eq!(merge(&new_text, &md_config(), &new_chunks), analyze(&new_text, &md_config()));
        }
    }
}

#[test]
fn opening_a_fence_hides_the_headings_after_it() {
    let text = format!("## 一、甲\n\n{PARAGRAPH}\n\n## 二、乙\n\nXX县\n");
    let before = analyze(&text, &md_config());
    assert_eq!(before.outline.roots.len(), 2);
    let at = text.find("## 二").expect("second heading");
    let new_text = format!("{}```\n{}", &text[..at], &text[at..]);
    let after = analyze(&new_text, &md_config());
    assert_eq!(after.outline.roots.len(), 1);
    assert!(after.placeholders.is_empty());
    let cuts = cut_points(&text, &md_config(), &before, 1);
    assert!(cuts.is_empty(), "Markdown is never cut");
}

#[test]
fn a_paragraph_recycled_in_another_chunk_is_found_after_the_merge() {
    let report = format!(
        "一、2022年工作进展和成效\n\n(一)大力开展卫生创建工作\n\n{PARAGRAPH}\n\n二、存在的问题\n\n{PARAGRAPH}\n\n"
    );
    let text = format!(
        "{}一、问题\n{RECYCLED}\n{PARAGRAPH}\n\n{}二、打算\n{RECYCLED_NEAR}\n{PARAGRAPH}\n",
        report.repeat(2),
        report.repeat(30)
    );
    let full = analyze(&text, &config());
    let dups: Vec<_> = full
        .diagnostics
        .iter()
        .filter(|d| d.code == "dup-paragraph")
        .collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert_eq!(&text[dups[0].range.clone()], RECYCLED_NEAR);
    assert_eq!(&text[dups[0].related[0].range.clone()], RECYCLED);
    let cuts = cut_points(&text, &config(), &full, 2 * 1024);
    assert!(cuts.len() >= 2, "{cuts:?}");
    assert!(dups[0].related[0].range.end < cuts[0] && dups[0].range.start > cuts[1]);
    let chunks = analyze_chunks(&text, &config(), &cuts);
    assert!(chunks.iter().all(|c| c
        .analysis
        .diagnostics
        .iter()
        .all(|d| d.code != "dup-paragraph")));
    assert_eq!(merge(&text, &config(), &chunks), full);
    // Rewriting the copy (in the last chunk) makes the finding go, on the fast path.
    let at = text.rfind("整改问题四百余处").expect("the copy");
    let new_text = format!("{}另行{}", &text[..at], &text[at..]);
    let new_text = new_text.replacen("隐患排查整治行动十五次", "防汛演练", 1);
    let edit_start = text[..at].rfind("隐患").expect("start");
    let removed = "隐患排查整治行动十五次,".len();
    let inserted = "防汛演练,另行".len();
    let new_chunks = reanalyze(
        &new_text,
        &config(),
        &chunks,
        edit_start..edit_start + removed,
        inserted,
    )
    .expect("fast path");
    let merged = merge(&new_text, &config(), &new_chunks);
    assert_eq!(merged, analyze(&new_text, &config()));
    assert!(merged.diagnostics.iter().all(|d| d.code != "dup-paragraph"));
}

/// An untitled report starts after its intro's colon, and is cut there, even
/// when the intro announces a count: that is checked only against a list in
/// its own report, on either side.
#[test]
fn reports_after_a_colon_are_cut() {
    let intro =
        format!("{PARAGRAPH}现将一年来的主要工作情况汇报如下：\n一、主要工作\n{PARAGRAPH}\n");
    let counted = format!(
        "{PARAGRAPH}主要做了以下三个方面的工作：\n一、甲\n{PARAGRAPH}\n二、乙\n{PARAGRAPH}\n"
    );
    let counted_in = format!(
        "{PARAGRAPH}现将主要情况汇报如下：\n一、做法\n{PARAGRAPH}主要做了以下三个方面的工作：\n（一）甲\n{PARAGRAPH}\n（二）乙\n{PARAGRAPH}\n"
    );
    let text = format!("{intro}{intro}{counted}{intro}{counted_in}");
    let full = analyze(&text, &config());
    let mismatches = full
        .diagnostics
        .iter()
        .filter(|d| d.code == "count-mismatch");
    // The count is checked only in the report whose list follows inside it.
    assert_eq!(mismatches.count(), 1, "{:?}", full.diagnostics);
    let cuts = cut_points(&text, &config(), &full, 1);
    let counted_at = 2 * intro.len() + counted.find("一、").expect("a heading");
    let second_at = intro.len() + intro.find("一、").expect("a heading");
    assert!(cuts.contains(&second_at), "{cuts:?}");
    assert!(cuts.contains(&counted_at), "{cuts:?}");
    assert_eq!(
        merge(&text, &config(), &analyze_chunks(&text, &config(), &cuts)),
        full
    );
}

/// A report of long lines with no blank line between, analysed apart, would
/// be taken for a fragment file (each line its own report), which the whole
/// text is not: it is not cut off.
#[test]
fn a_chunk_that_would_look_like_a_fragment_file_is_not_cut_off() {
    let text =
        format!("一、{LONG}\n{LONG}\n{LONG}\n一、{LONG}\n{LONG}\n{LONG}\n二、甲\n{PARAGRAPH}\n");
    let full = analyze(&text, &config());
    assert_eq!(full.outline.reports.len(), 2, "the top level restarts");
    assert_eq!(cut_points(&text, &config(), &full, 1), Vec::<usize>::new());
    // After a short line, the second report's start is a cut.
    let text = format!("一、甲\n{LONG}\n{LONG}\n一、乙\n{LONG}\n{LONG}\n二、丙\n{PARAGRAPH}\n");
    let full = analyze(&text, &config());
    let cuts = cut_points(&text, &config(), &full, 1);
    assert_eq!(cuts, [text.find("一、乙").expect("the restart")]);
    assert_eq!(
        merge(&text, &config(), &analyze_chunks(&text, &config(), &cuts)),
        full
    );
}

/// The candidates kept by checking each against the last kept, in order.
fn kept_in_order(text: &str, candidates: &[usize]) -> Vec<usize> {
    let mut kept = Vec::new();
    let mut last = 0;
    for &cut in candidates {
        if cut_holds(text, &config(), last, cut) {
            kept.push(cut);
            last = cut;
        }
    }
    kept
}

/// What `baogao check` makes of `text` on threads that each take one of
/// `runs`: each thread's run analysed, then settled, the pieces no thread
/// analysed analysed, all merged. Also the cuts made.
fn analyzed_in_runs(
    text: &str,
    runs: &[std::ops::Range<usize>],
    min: usize,
) -> (baogao_core::Analysis, Vec<usize>) {
    let done = runs
        .iter()
        .map(|run| analyze_run(text, &config(), run.clone(), min))
        .collect();
    let chunks: Vec<Chunk> = settle(text, &config(), done)
        .into_iter()
        .map(|piece| match piece {
            Piece::Analysed(chunk) => chunk,
            Piece::Unanalysed(range) => analyze_range(text, &config(), range),
        })
        .collect();
    let cuts = chunks.iter().skip(1).map(|c| c.start).collect();
    (merge(text, &config(), &chunks), cuts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256), ..ProptestConfig::default() })]

    /// Candidates found without the outline and kept by their checks are
    /// clean report starts, and at the smallest spacing every one there
    /// is; a chunk's own outline tells its end a cut exactly as the
    /// outline from its start does.
    #[test]
    fn candidates_kept_by_their_checks_are_the_cuts(text in text(), min in prop::sample::select(vec![1usize, 64, 300, 1000])) {
        let full = analyze(&text, &config());
        let cuts = cut_points(&text, &config(), &full, 1);
        let candidates = candidate_cuts(&text, &config(), min);
        let kept = kept_in_order(&text, &candidates);
        prop_assert!(kept.iter().all(|c| cuts.contains(c)), "{:?} not all in {:?}", kept, cuts);
        if min == 1 {
            prop_assert_eq!(&kept, &cuts);
        }
        prop_assert_eq!(merge(&text, &config(), &analyze_chunks(&text, &config(), &kept)), full);
        let mut last = 0;
        for &cut in &candidates {
            let chunk = analyze_range(&text, &config(), last..cut);
            let holds = cut_holds(&text, &config(), last, cut);
            prop_assert_eq!(chunk_ends_at_cut(&text, &config(), &chunk), holds, "{}..{}", last, cut);
            if holds {
                last = cut;
            }
        }
        // Checked at once against the candidate before each, then accepted.
        let guessed: Vec<CutCheck> = candidates
            .iter()
            .enumerate()
            .map(|(k, &cut)| {
                let against = if k == 0 { 0 } else { candidates[k - 1] };
                CutCheck { cut, against, holds: cut_holds(&text, &config(), against, cut) }
            })
            .collect();
        let accepted = accept_cuts(&text, &config(), &guessed);
        prop_assert!(accepted.iter().all(|c| cuts.contains(c)), "{:?} not all in {:?}", accepted, cuts);
    }

    /// Runs started anywhere a candidate is (a cut or not), analysed apart
    /// and settled as `baogao check` does on threads, merge to the full
    /// analysis, cut at clean report starts only; so do the runs `runs`
    /// picks.
    #[test]
    fn runs_analysed_apart_and_settled_equal_the_full_analysis(
        text in text(),
        starts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        min in prop::sample::select(vec![1usize, 300, 4096]),
        count in 2usize..5,
    ) {
        let full = analyze(&text, &config());
        let cuts = cut_points(&text, &config(), &full, 1);
        let candidates = candidate_cuts(&text, &config(), 1);
        let mut bounds = vec![0];
        if !candidates.is_empty() {
            bounds.extend(starts.iter().map(|i| candidates[i.index(candidates.len())]));
        }
        bounds.sort_unstable();
        bounds.dedup();
        bounds.push(text.len());
        let guessed: Vec<_> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
        let picked = runs(&text, &config(), count);
        prop_assert_eq!(picked.first().map(|r| r.start), Some(0));
        prop_assert_eq!(picked.last().map(|r| r.end), Some(text.len()));
        prop_assert!(picked.windows(2).all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
        for runs in [guessed, picked] {
            let (merged, made) = analyzed_in_runs(&text, &runs, min);
            prop_assert!(made.iter().all(|c| cuts.contains(c)), "{:?} not all in {:?}", made, cuts);
            prop_assert_eq!(&merged, &full);
        }
    }
}

/// A heading numbered one after a paragraph is a candidate, but under a
/// title, under a chapter, or a level below the top it starts no report:
/// its check fails and it is dropped, and the check of the next one, made
/// on the guess that the dropped one held, is made again.
#[test]
fn a_candidate_that_starts_no_report_is_dropped() {
    let at = |text: &str, s: &str| text.find(s).expect(s);
    for (text, not_cuts) in [
        (
            format!("XX县2023年工作总结\n\n一、甲\n{PARAGRAPH}\n一、乙\n{PARAGRAPH}\n一、丙\n{PARAGRAPH}\n"),
            vec!["一、乙", "一、丙"],
        ),
        // The line before restarts the top level too, if only the three
        // lines are read.
        (
            format!("XX县2023年工作总结\n\n一、{PARAGRAPH}\n一、乙\n{PARAGRAPH}\n"),
            vec!["一、乙"],
        ),
        (
            format!("第一章 总则\n一、甲\n{PARAGRAPH}\n一、乙\n{PARAGRAPH}\n"),
            vec!["一、乙"],
        ),
        (format!("一、甲\n{PARAGRAPH}\n（一）乙\n{PARAGRAPH}\n"), vec!["（一）乙"]),
    ] {
        let full = analyze(&text, &config());
        assert_eq!(full.outline.reports.len(), 1, "{text}");
        assert!(cut_points(&text, &config(), &full, 1).is_empty(), "{text}");
        let candidates = candidate_cuts(&text, &config(), 1);
        let wrong: Vec<usize> = not_cuts.iter().map(|s| at(&text, s)).collect();
        assert_eq!(candidates, wrong, "{text}");
        for &cut in &wrong {
            assert!(!cut_holds(&text, &config(), 0, cut), "{text}");
            let chunk = analyze_range(&text, &config(), 0..cut);
            assert!(!chunk_ends_at_cut(&text, &config(), &chunk), "{text}");
        }
        // A run started at each is settled into one piece, analysed again.
        let mut bounds = vec![0];
        bounds.extend(&wrong);
        bounds.push(text.len());
        let guessed: Vec<_> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
        let (merged, made) = analyzed_in_runs(&text, &guessed, 1);
        assert!(made.is_empty(), "{text}");
        assert_eq!(merged, full, "{text}");
    }
    // Under the title, `一、丙` restarts the top level of the text from
    // `一、乙` on: the guess made there is wrong, and is not taken.
    let text = format!(
        "XX县2023年工作总结\n\n一、甲\n{PARAGRAPH}\n一、乙\n{PARAGRAPH}\n一、丙\n{PARAGRAPH}\n"
    );
    let (second, third) = (at(&text, "一、乙"), at(&text, "一、丙"));
    assert!(cut_holds(&text, &config(), second, third));
    let guessed = [
        CutCheck {
            cut: second,
            against: 0,
            holds: false,
        },
        CutCheck {
            cut: third,
            against: second,
            holds: true,
        },
    ];
    assert!(accept_cuts(&text, &config(), &guessed).is_empty());
    // Without the title the top level restarts at each: both are cuts.
    let untitled = &text[at(&text, "一、甲")..];
    let candidates = candidate_cuts(untitled, &config(), 1);
    assert_eq!(candidates.len(), 2);
    assert_eq!(kept_in_order(untitled, &candidates), candidates);
}

/// A run that starts at what is no cut (a section's `（一）`, whose outline
/// from there never sees the top level restart) makes every check of its
/// thread wrong: the run before tells its start no cut, the checks are made
/// again, and the pieces no thread analysed are analysed afterwards.
#[test]
fn a_run_started_at_no_cut_is_checked_again() {
    let report = format!("一、甲\n{PARAGRAPH}\n（一）乙\n{PARAGRAPH}\n二、丙\n{PARAGRAPH}\n");
    let text = report.repeat(6);
    let full = analyze(&text, &config());
    let cuts = cut_points(&text, &config(), &full, 1);
    assert_eq!(cuts.len(), 5, "{cuts:?}");
    let wrong = report.len() + report.find("（一）").expect("a section");
    let runs = [0..wrong, wrong..text.len()];
    let done: Vec<_> = runs
        .iter()
        .map(|run| analyze_run(&text, &config(), run.clone(), 1))
        .collect();
    assert!(!done[0].checks.last().expect("the second run's start").holds);
    assert!(
        done[1].checks.iter().all(|c| !c.holds),
        "{:?}",
        done[1].checks
    );
    let pieces = settle(&text, &config(), done);
    assert!(matches!(pieces[0], Piece::Analysed(_)));
    assert!(pieces.iter().any(|p| matches!(p, Piece::Unanalysed(_))));
    // The checks made again find cuts after the wrong start (those its
    // thread, after failing, skipped are not asked about).
    let (merged, made) = analyzed_in_runs(&text, &runs, 1);
    assert!(made.iter().all(|c| cuts.contains(c)), "{made:?}");
    assert!(made.iter().filter(|&&c| c > wrong).count() >= 2, "{made:?}");
    assert_eq!(merged, full);
}

/// Under a title the top level never restarts a report, so once a thread
/// has seen a titled report it analyses up to titles only: a `一、` after
/// an intro inside each titled report costs one wasted piece, not one
/// each.
#[test]
fn after_a_title_only_titles_are_analysed_up_to() {
    let report = |i: usize| {
        format!("XX县{i}号2023年工作总结\n\n一、甲\n{PARAGRAPH}现将有关情况汇报如下：\n一、乙\n{PARAGRAPH}\n")
    };
    let text: String = (0..20).map(report).collect();
    let full = analyze(&text, &config());
    let cuts = cut_points(&text, &config(), &full, 1);
    assert_eq!(cuts.len(), 19, "{cuts:?}");
    let done = analyze_run(&text, &config(), 0..text.len(), 1);
    let failed = done.checks.iter().filter(|c| !c.holds).count();
    assert_eq!(failed, 1, "{:?}", done.checks);
    // The next title, too near after the waste, is skipped.
    let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
    let (merged, made) = analyzed_in_runs(&text, &whole, 1);
    assert_eq!(made, cuts[1..]);
    assert_eq!(merged, full);
}
