//! Property tests of the punctuation rules: every fix they offer changes only
//! punctuation or whitespace (never a letter, digit or Han character), and
//! applying every safe fix twice changes nothing the second time.
//!
//! `PROPTEST_CASES=10000 cargo test -p baogao-core --test punct_properties` for a long run.

use baogao_core::{analyze, fix, Config, DocumentKind};
use proptest::prelude::*;

const PUNCT_RULES: &[&str] = &[
    "heading-punct",
    "punct-dunhao",
    "punct-ellipsis",
    "punct-nested",
    "punct-ordinal",
    "punct-pair",
    "punct-repeat",
    "punct-width",
    "space-cjk",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一、".to_string()),
        Just("（一）".to_string()),
        Just("(二)".to_string()),
        Just("1.".to_string()),
        Just("推进改革".to_string()),
        Just("工作总结".to_string()),
        Just("Excel".to_string()),
        Just("8:30".to_string()),
        Just("https://a.cn/?a=1,2".to_string()),
        Just("𠀀".to_string()),
        Just("😀".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        "[甲乙丙，,；;：:！!？?（）()“”‘’\"'《》〈〉【】〔〕、。….—\\- \u{a0}\u{2002}\u{3000}等\n]{0,8}",
        any::<String>(),
    ]
}

fn report() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..50).prop_map(|v| v.concat())
}

/// Letters, digits and Han characters: what a punctuation fix must keep.
fn words(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Applies the first safe fix of every punctuation diagnostic that does not
/// overlap one before it.
fn fix_once(text: &str, config: &Config) -> String {
    let a = analyze(text, config);
    let mut edits: Vec<fix::Edit> = a
        .diagnostics
        .iter()
        .filter(|d| PUNCT_RULES.contains(&d.code))
        .filter_map(|d| {
            fix::quick_fixes(text, &a, config, d)
                .into_iter()
                .find(|f| f.safe)
        })
        .flat_map(|f| f.edits)
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut kept: Vec<fix::Edit> = Vec::new();
    for e in edits {
        if kept
            .last()
            .is_none_or(|k| k.range.end <= e.range.start && k.range.start < e.range.start)
        {
            kept.push(e);
        }
    }
    fix::apply(text, &kept)
}

proptest! {
    #[test]
    fn punctuation_fixes_change_only_punctuation(text in report(), md in any::<bool>()) {
        let config = Config::for_kind(if md { DocumentKind::Markdown } else { DocumentKind::PlainText });
        let a = analyze(&text, &config);
        for d in a.diagnostics.iter().filter(|d| PUNCT_RULES.contains(&d.code)) {
            for f in fix::quick_fixes(&text, &a, &config, d) {
                for e in &f.edits {
                    prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
                    let removed = &text[e.range.clone()];
                    prop_assert!(
                        words(removed).is_empty() && words(&e.replacement).is_empty(),
                        "{} fix {:?} touches words: {:?} → {:?}", d.code, f.title, removed, e.replacement
                    );
                }
            }
        }
    }

    #[test]
    fn applying_the_safe_fixes_converges(text in report()) {
        let config = Config::default();
        let mut current = text.clone();
        // Each round removes at least one finding; a few rounds reach a text
        // with nothing left to fix, and one more round changes nothing.
        for _ in 0..6 {
            let next = fix_once(&current, &config);
            if next == current {
                break;
            }
            prop_assert_eq!(words(&next), words(&current));
            current = next;
        }
        prop_assert_eq!(fix_once(&current, &config), current.clone(), "fixes do not converge on {:?}", text);
    }
}
