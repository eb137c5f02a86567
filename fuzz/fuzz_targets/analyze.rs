//! Feeds arbitrary bytes to the whole core: analysis in both document kinds,
//! fix-all (whose result must analyse again and be stable), completion at
//! every interesting offset, tokens and position conversions.
#![no_main]

use baogao_core::{analyze, complete, fix, tokens, Config, DocumentKind, LineIndex, PositionEncoding};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    for kind in [DocumentKind::PlainText, DocumentKind::Markdown] {
        let config = Config::for_kind(kind);
        let a = analyze(text, &config);
        for d in &a.diagnostics {
            assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
            for f in fix::quick_fixes(text, &a, &config, d) {
                let _ = fix::apply(text, &f.edits);
            }
        }
        let fixed = fix::apply(text, &fix::fix_all(text, &a, &config));
        let b = analyze(&fixed, &config);
        assert!(fix::fix_all(&fixed, &b, &config).is_empty(), "fix-all is not idempotent");
        let _ = tokens::tokens(&a);
        let ctx = complete::CompletionContext { year: 2026 };
        for offset in [0, text.len() / 2, text.len()] {
            let _ = complete::complete(text, &a, offset, &ctx);
        }
        a.outline.walk(|n| {
            let _ = fix::renumber_section(text, &a, n.id);
            let _ = fix::shift_level(text, &a, n.id, true);
            let _ = fix::shift_level(text, &a, n.id, false);
        });
    }
    let idx = LineIndex::new(text);
    for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
        let (l, c) = idx.position(text, text.len() / 3, enc);
        let _ = idx.offset(text, l, c + 7, enc);
    }
});
