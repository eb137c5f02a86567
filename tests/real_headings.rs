//! Hand-marked outlines of the heading fixtures (`tests/fixtures/real_headings*`):
//! every expected heading must be found at its depth, and nothing else.
//!
//! Each `.outline` line is `<line> <depth spaces><marker as written>`, with
//! `《标题》` for a report title; depth 0 is a report title or a `#` heading.

use baogao_core::{analyze, Config, DocumentKind, Node, NodeKind};

fn outline_lines(name: &str) -> (Vec<String>, Vec<String>) {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("fixture");
    // `.outline`, not `.expect`: `real_*.expect` are the placeholder marks.
    let expect = std::fs::read_to_string(format!("{dir}/{name}.outline"))
        .or_else(|_| {
            std::fs::read_to_string(format!("{dir}/{}.outline", name.trim_end_matches(".txt")))
        })
        .expect("expectation");
    let a = analyze(&text, &Config::for_kind(DocumentKind::from_path(name)));
    fn walk(text: &str, n: &Node, depth: usize, out: &mut Vec<String>) {
        let marker = match &n.kind {
            NodeKind::Title => "《标题》".to_string(),
            NodeKind::Unnumbered => "〈无编号〉".to_string(),
            NodeKind::Heading(m) => text[m.range.clone()].trim().to_string(),
        };
        out.push(format!("{} {}{marker}", n.line + 1, " ".repeat(depth)));
        for c in &n.children {
            walk(text, c, depth + 1, out);
        }
    }
    let mut got = Vec::new();
    for n in &a.outline.roots {
        walk(&text, n, 0, &mut got);
    }
    let want = expect
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    (want, got)
}

fn check(name: &str) {
    let (want, got) = outline_lines(name);
    let found = want.iter().filter(|w| got.contains(w)).count();
    let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
    eprintln!(
        "{name}: recall {found}/{} , extra {}",
        want.len(),
        extra.len()
    );
    assert_eq!(
        got,
        want,
        "{name}: recall {found}/{}, extra {extra:?}",
        want.len()
    );
}

#[test]
fn simplified_plain_text() {
    check("real_headings.txt");
}

#[test]
fn traditional_plain_text() {
    check("real_headings_traditional.txt");
}

#[test]
fn simplified_and_traditional_markdown() {
    check("real_headings.md");
}
