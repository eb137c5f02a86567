//! Property tests of the core: any text, however broken, analyses without
//! panicking; every range lies on character boundaries inside the text;
//! positions round-trip; fix-all is idempotent; tokens never overlap.
//!
//! `PROPTEST_CASES=10000 cargo test -p baogao-core --test properties` for a long run.

use baogao_core::{analyze, fix, tokens, Config, DocumentKind, LineIndex, PositionEncoding};
use proptest::prelude::*;

/// Pieces reports are made of, including the awkward ones.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一、".to_string()),
        Just("二、".to_string()),
        Just("（一）".to_string()),
        Just("(二)".to_string()),
        Just("（）".to_string()),
        Just("1.".to_string()),
        Just("2、".to_string()),
        Just("（3）".to_string()),
        Just("①".to_string()),
        Just("一是".to_string()),
        Just("三是".to_string()),
        Just("第一章".to_string()),
        Just("## ".to_string()),
        Just("XX".to_string()),
        Just("20**".to_string()),
        Just("x月xx日".to_string()),
        Just("工作总结".to_string()),
        Just("。".to_string()),
        Just("；".to_string()),
        Just("，，".to_string()),
        Just("？！".to_string()),
        Just("```\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("𠀀".to_string()),
        Just("😀".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{2028}".to_string()),
        Just("43.2".to_string()),
        Just("目录\n".to_string()),
        Just("```\n".to_string()),
        Just("`".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("---\n".to_string()),
        Just("    ".to_string()),
        Just("__".to_string()),
        Just("＿＿".to_string()),
        Just("[具体]".to_string()),
        Just("- [x] ".to_string()),
        Just("[甲](http://xx.cn)".to_string()),
        Just("g318xx".to_string()),
        Just("1XX32元".to_string()),
        Just("21.X%".to_string()),
        Just("〇〇".to_string()),
        "[一二三四五六七八九十（）()、.，。是第章xX*○某【】 \n]{0,6}",
        any::<String>(),
    ]
}

fn report() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

/// The text without what markers and stops are made of: fixes may change
/// only those, so every other character must survive, in order.
fn words(s: &str) -> String {
    // Fixes may change numerals (renumbering), punctuation and whitespace
    // (the punctuation rules); every letter and every other Han character
    // must survive, in order.
    s.chars()
        .filter(|c| {
            c.is_alphanumeric()
                && !"零一二三四五六七八九十百〇0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
                    .contains(*c)
        })
        .collect()
}

/// The edits of one fix lie in the text on character boundaries and never overlap.
fn well_formed(text: &str, f: &fix::Fix) -> bool {
    let mut edits: Vec<&fix::Edit> = f.edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.iter().all(|e| on_boundaries(text, &e.range))
        && edits.windows(2).all(|w| !w[0].overlaps(w[1]))
}

fn on_boundaries(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256), ..ProptestConfig::default() })]

    #[test]
    fn analysis_ranges_are_valid(text in report(), md in any::<bool>()) {
        let kind = if md { DocumentKind::Markdown } else { DocumentKind::PlainText };
        let a = analyze(&text, &Config::for_kind(kind));
        for d in &a.diagnostics {
            prop_assert!(on_boundaries(&text, &d.range), "{:?}", d);
            for r in &d.related {
                prop_assert!(on_boundaries(&text, &r.range));
            }
        }
        let mut ok = true;
        a.outline.walk(|n| {
            ok &= on_boundaries(&text, &n.label) && on_boundaries(&text, &n.section);
            ok &= n.section.start <= n.label.start && n.label.end <= n.section.end;
            for c in &n.children {
                ok &= n.section.start <= c.section.start && c.section.end <= n.section.end;
            }
        });
        prop_assert!(ok);
        let t = tokens::tokens(&a);
        for w in t.windows(2) {
            prop_assert!(w[0].range.end <= w[1].range.start);
        }
        prop_assert!(t.iter().all(|t| on_boundaries(&text, &t.range)));
    }

    #[test]
    fn fix_all_is_idempotent_and_keeps_the_words(text in report()) {
        let config = Config::default();
        let a = analyze(&text, &config);
        let once = fix::apply(&text, &fix::fix_all(&text, &a, &config));
        let b = analyze(&once, &config);
        let twice = fix::apply(&once, &fix::fix_all(&once, &b, &config));
        prop_assert_eq!(&twice, &once);
        prop_assert_eq!(words(&once), words(&text));
    }

    #[test]
    fn every_quick_fix_changes_only_markers(text in report(), md in any::<bool>()) {
        let config = Config::for_kind(if md { DocumentKind::Markdown } else { DocumentKind::PlainText });
        let a = analyze(&text, &config);
        // Numbering fixes; the punctuation rules' fixes have their own
        // property (tests/punct_properties.rs).
        let numbering = |code: &str| {
            baogao_core::rules::rule(code).is_some_and(|r| r.category == baogao_core::Category::Numbering)
        };
        for d in a.diagnostics.iter().filter(|d| numbering(d.code)) {
            for f in fix::quick_fixes(&text, &a, &config, d) {
                prop_assert!(well_formed(&text, &f), "{:?}", f);
                let fixed = fix::apply(&text, &f.edits);
                prop_assert_eq!(words(&fixed), words(&text), "{}", f.title);
            }
        }
        a.outline.walk(|n| {
            for f in [fix::renumber_section(&text, &a, n.id), fix::shift_level(&text, &a, n.id, true), fix::shift_level(&text, &a, n.id, false)].into_iter().flatten() {
                assert!(well_formed(&text, &f), "{f:?}");
                assert_eq!(words(&fix::apply(&text, &f.edits)), words(&text), "{}", f.title);
            }
        });
    }

    #[test]
    fn positions_round_trip(text in report()) {
        let idx = LineIndex::new(&text);
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let (line, col) = idx.position(&text, offset, enc);
                let back = idx.offset(&text, line, col, enc);
                // A position on a line break maps to the end of its line.
                let expected = if text[offset..].starts_with(['\n', '\r']) { back } else { offset };
                prop_assert_eq!(back, expected);
            }
        }
    }
}
