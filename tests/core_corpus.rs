//! Checks over the real compilations in `../shared/corpus`, as a user's files.
//! Skipped, loudly, when that folder is absent; with `BAOGAO_REQUIRE_CORPUS=1`
//! (set by `.ci/run` when the folder is there) its absence fails instead.

use std::path::PathBuf;

use baogao_core::{analyze, Config, DocumentKind, NodeKind, PlaceholderShape};

fn corpus() -> Option<Vec<(String, String)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("BAOGAO_REQUIRE_CORPUS").is_none(),
            "BAOGAO_REQUIRE_CORPUS is set but {} cannot be read",
            dir.display()
        );
        eprintln!(
            "SKIPPED: {} is absent; corpus checks did not run",
            dir.display()
        );
        return None;
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("corpus is UTF-8"),
            )
        })
        .collect();
    files.sort();
    Some(files)
}

fn file<'a>(files: &'a [(String, String)], prefix: &str) -> &'a str {
    &files
        .iter()
        .find(|(n, _)| n.starts_with(prefix))
        .expect("corpus file present")
        .1
}

#[test]
fn placeholders_sit_on_placeholder_characters() {
    let Some(files) = corpus() else { return };
    for (name, text) in &files {
        let a = analyze(text, &Config::for_kind(DocumentKind::PlainText));
        for p in &a.placeholders {
            let token = &text[p.range.clone()];
            if p.shape == PlaceholderShape::Missing {
                // A deleted number: the quantity word and the unit left behind.
                assert!(
                    token.ends_with(|c| "亩户元人次米顷里%％".contains(c)),
                    "{name}: deleted number on {token:?}"
                );
                continue;
            }
            assert!(
                token
                    .chars()
                    .any(|c| "xX×*＊ｘＸ○〇□某【[(（_＿TF具".contains(c)),
                "{name}: placeholder on {token:?}"
            );
            assert!(
                !token.chars().any(|c| c.is_whitespace()),
                "{name}: {token:?}"
            );
        }
        assert!(
            a.placeholders.len() > 50,
            "{name}: only {} placeholders",
            a.placeholders.len()
        );
    }
}

#[test]
fn untitled_compilation_splits_into_its_21_reports() {
    let Some(files) = corpus() else { return };
    let text = file(&files, "002_");
    let a = analyze(text, &Config::default());
    assert_eq!(a.outline.reports.len(), 21);
    // No numbering diagnostic sits on the first heading of a report.
    for r in &a.outline.reports[1..] {
        let first = a
            .outline
            .roots
            .iter()
            .find(|n| n.section.start >= r.range.start)
            .expect("report has a heading");
        assert!(
            !a.diagnostics.iter().any(|d| d.code.starts_with("numbering")
                && d.range.start == first.section.start.max(d.range.start)
                && d.range.start < first.label.end),
            "numbering diagnostic at the report boundary {:?}",
            &text[first.label.clone()]
        );
    }
}

#[test]
fn known_defects_of_the_compilation_are_found() {
    let Some(files) = corpus() else { return };
    let text = file(&files, "002_");
    let a = analyze(text, &Config::default());
    let idx = baogao_core::LineIndex::new(text);
    let lines = |code: &str| -> Vec<usize> {
        a.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| idx.line_of(d.range.start) + 1)
            .collect()
    };
    let missing = lines("numbering-missing");
    assert_eq!(
        missing.len(),
        22,
        "21 empty ordinals and one unnumbered heading: {missing:?}"
    );
    for line in [723, 951, 1245, 1299] {
        assert!(
            missing.contains(&line),
            "line {line} not flagged: {missing:?}"
        );
    }
    assert_eq!(lines("numbering-separator"), [351, 355]);
    // Page-split `3` / `、培训就业方面` is not a gap.
    assert!(!lines("numbering-gap").contains(&785));
    let unnumbered: Vec<_> = {
        let mut v = Vec::new();
        a.outline.walk(|n| {
            if n.kind == NodeKind::Unnumbered {
                v.push(&text[n.label.clone()])
            }
        });
        v
    };
    assert_eq!(unnumbered, ["2023年工作思路"]);
}

#[test]
fn fragments_raise_no_sequence_diagnostics_across_lines() {
    let Some(files) = corpus() else { return };
    for prefix in ["000_", "001_"] {
        let text = file(&files, prefix);
        let a = analyze(text, &Config::default());
        let numbering: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("numbering"))
            .map(|d| &d.message)
            .collect();
        assert!(numbering.is_empty(), "{prefix}: {numbering:?}");
        assert_eq!(
            a.outline.reports.len(),
            text.lines().filter(|l| !l.trim().is_empty()).count()
        );
    }
    // The backwards enumeration in 001 line 17 (七是 → 四是) is found.
    let text = file(&files, "001_");
    let a = analyze(text, &Config::default());
    let idx = baogao_core::LineIndex::new(text);
    let en: Vec<usize> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "enumeration")
        .map(|d| idx.line_of(d.range.start) + 1)
        .collect();
    assert_eq!(en, [17]);
}

#[test]
fn every_range_is_inside_the_text_on_char_boundaries() {
    let Some(files) = corpus() else { return };
    for (name, text) in &files {
        let a = analyze(text, &Config::default());
        for d in &a.diagnostics {
            assert!(
                d.range.start <= d.range.end && d.range.end <= text.len(),
                "{name}"
            );
            assert!(
                text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
                "{name}"
            );
        }
        a.outline.walk(|n| {
            for r in [&n.label, &n.section] {
                assert!(
                    r.start <= r.end
                        && r.end <= text.len()
                        && text.is_char_boundary(r.start)
                        && text.is_char_boundary(r.end),
                    "{name}"
                );
            }
            assert!(
                n.section.start <= n.label.start && n.label.end <= n.section.end,
                "{name}: label outside section"
            );
        });
    }
}

/// Every clean cut of each real compilation (at the smallest chunk length, so
/// every one is taken) keeps the analysis exact: the chunks merge to the full
/// analysis, and an edit in each chunk re-analyses to a fresh analysis.
#[test]
fn chunked_analysis_of_real_compilations_equals_the_full_one() {
    use baogao_core::incremental::{analyze_chunks, cut_points, merge, reanalyze};
    let Some(files) = corpus() else { return };
    let config = Config::for_kind(DocumentKind::PlainText);
    for (name, text) in &files {
        let full = analyze(text, &config);
        let cuts = cut_points(text, &config, &full, 1);
        let chunks = analyze_chunks(text, &config, &cuts);
        assert_eq!(merge(text, &config, &chunks), full, "{name}");
        let mut fast = 0;
        for c in chunks.iter().skip(1) {
            // At the end of a line in the middle of the chunk.
            let middle = (c.start + c.len / 2..)
                .find(|&i| text.is_char_boundary(i))
                .expect("a boundary");
            let Some(at) = text[middle..c.start + c.len].find('\n').map(|i| middle + i) else {
                continue;
            };
            let new_text = format!("{}某。{}", &text[..at], &text[at..]);
            let Some(new) = reanalyze(&new_text, &config, &chunks, at..at, "某。".len()) else {
                continue;
            };
            assert_eq!(
                merge(&new_text, &config, &new),
                analyze(&new_text, &config),
                "{name}: edit at {at}"
            );
            fast += 1;
        }
        eprintln!(
            "{name}: {} clean cuts, {fast} edits re-analysed one chunk",
            cuts.len()
        );
        // The untitled compilation's reports start after their intros.
        if name.starts_with("002") {
            assert!(fast >= cuts.len() / 2, "{name}: {fast} of {}", cuts.len());
        }
    }
}

/// The cuts `baogao check` finds without the outline (candidates, each
/// checked against the cut kept before it) are, at the smallest spacing,
/// every clean cut of each real compilation; and the runs it gives threads,
/// each analysed apart and settled, merge to the full analysis.
#[test]
fn candidate_cuts_of_real_compilations_are_their_cuts() {
    use baogao_core::incremental::{
        analyze_range, analyze_run, candidate_cuts, cut_holds, cut_points, merge, runs, settle,
        Piece, CHUNK_MIN,
    };
    let Some(files) = corpus() else { return };
    let config = Config::for_kind(DocumentKind::PlainText);
    for (name, text) in &files {
        let full = analyze(text, &config);
        let mut kept = Vec::new();
        for cut in candidate_cuts(text, &config, 1) {
            if cut_holds(text, &config, kept.last().copied().unwrap_or(0), cut) {
                kept.push(cut);
            }
        }
        assert_eq!(kept, cut_points(text, &config, &full, 1), "{name}");
        for count in [2, 3] {
            let done = runs(text, &config, count)
                .into_iter()
                .map(|run| analyze_run(text, &config, run, CHUNK_MIN))
                .collect();
            let chunks: Vec<_> = settle(text, &config, done)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Analysed(chunk) => chunk,
                    Piece::Unanalysed(range) => analyze_range(text, &config, range),
                })
                .collect();
            assert_eq!(merge(text, &config, &chunks), full, "{name}, {count} runs");
            eprintln!(
                "{name}: {} cuts, {} chunks in {count} runs",
                kept.len(),
                chunks.len()
            );
        }
    }
}
