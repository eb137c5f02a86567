//! Expected-values test of the placeholder scanner on drafts shaped like real
//! reports (`tests/fixtures/real_*.expect`): every expected placeholder is
//! marked `⟦…⟧` in the `.expect` file, which is the fixture (`.txt` or `.md`,
//! also used by the snapshot tests) with the marks added. Recall and precision
//! are computed here, not by eye, and must both be 1.

use std::ops::Range;

use baogao_core::{analyze, Config, DocumentKind};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

/// The text without marks, and the marked byte ranges in it.
fn unmark(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(marked.len());
    let mut open = Vec::new();
    let mut ranges = Vec::new();
    for c in marked.chars() {
        match c {
            '⟦' => open.push(text.len()),
            '⟧' => ranges.push(open.pop().expect("balanced marks")..text.len()),
            _ => text.push(c),
        }
    }
    assert!(open.is_empty(), "unbalanced marks");
    ranges.sort_by_key(|r| r.start);
    (text, ranges)
}

#[test]
fn placeholders_match_the_marked_expectations() {
    let mut expects: Vec<_> = std::fs::read_dir(FIXTURES)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "expect")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("real_"))
        })
        .collect();
    expects.sort();
    assert!(!expects.is_empty());
    let (mut hits, mut false_alarms, mut misses) = (0, Vec::new(), Vec::new());
    for path in &expects {
        let marked = std::fs::read_to_string(path).expect("readable");
        let (text, want) = unmark(&marked);
        let fixture = ["txt", "md"]
            .iter()
            .map(|e| path.with_extension(e))
            .find(|p| p.exists())
            .expect("the fixture beside the .expect file");
        let on_disk = std::fs::read_to_string(&fixture).expect("readable");
        assert_eq!(
            on_disk,
            text,
            "{} differs from its marks",
            fixture.display()
        );
        let kind = DocumentKind::from_path(&fixture.to_string_lossy());
        // What the user sees: diagnostics, after suppression comments.
        let got: Vec<Range<usize>> = analyze(&text, &Config::for_kind(kind))
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "placeholder")
            .map(|d| d.range)
            .collect();
        let line = |at: usize| text[..at].matches('\n').count() + 1;
        let name = fixture.file_name().unwrap_or_default().to_string_lossy();
        for r in &got {
            if want.contains(r) {
                hits += 1;
            } else {
                false_alarms.push(format!("{name}:{} «{}»", line(r.start), &text[r.clone()]));
            }
        }
        for r in want.iter().filter(|r| !got.contains(r)) {
            misses.push(format!("{name}:{} «{}»", line(r.start), &text[r.clone()]));
        }
    }
    let recall = hits as f64 / (hits + misses.len()) as f64;
    let precision = hits as f64 / (hits + false_alarms.len()).max(1) as f64;
    eprintln!(
        "placeholders: {hits} found, {} missed, {} false alarms; recall {recall:.2}, precision {precision:.2}",
        misses.len(),
        false_alarms.len()
    );
    assert!(
        misses.is_empty() && false_alarms.is_empty(),
        "missed: {misses:#?}\nfalse alarms: {false_alarms:#?}"
    );
}
