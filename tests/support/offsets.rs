//! Client-side positions, computed independently of the server: the line
//! ranges of a text as LSP counts them (`\n`, `\r\n`, `\r`), the UTF-8/16/32
//! position of a byte offset and back, and applying `TextEdit`s. Every test
//! that checks a position the server sent goes through these.

use serde_json::{json, Value};

/// `{line, character}`.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// `{start, end}`.
pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({ "start": pos(l1, c1), "end": pos(l2, c2) })
}

/// The length of `s` in the given position encoding (`utf-8`, `utf-16`, `utf-32`).
pub fn units(s: &str, encoding: &str) -> u32 {
    let n = match encoding {
        "utf-8" => s.len(),
        "utf-16" => s.encode_utf16().count(),
        _ => s.chars().count(),
    };
    n as u32
}

fn width(c: char, enc: &str) -> usize {
    match enc {
        "utf-8" => c.len_utf8(),
        "utf-16" => c.len_utf16(),
        _ => 1,
    }
}

/// Byte ranges of the lines of `text` as LSP counts them, without breaks.
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The position of a byte offset (on a char boundary) in `enc`.
pub fn position(text: &str, offset: usize, enc: &str) -> (u32, u32) {
    let ls = lines(text);
    let line = ls.iter().rposition(|&(s, _)| s <= offset).unwrap_or(0);
    let (s, e) = ls[line];
    let col: usize = text[s..offset.min(e)].chars().map(|c| width(c, enc)).sum();
    (line as u32, col as u32)
}

/// The position of a byte offset as JSON.
pub fn position_json(text: &str, offset: usize, enc: &str) -> Value {
    let (l, c) = position(text, offset, enc);
    pos(l, c)
}

/// The byte offset of a position, `None` when it is outside the text or
/// not on a character boundary (strict: for checking what the server sent).
pub fn offset(text: &str, pos: &Value, enc: &str) -> Option<usize> {
    let line = pos["line"].as_u64()? as usize;
    let col = pos["character"].as_u64()? as usize;
    let &(s, e) = lines(text).get(line)?;
    let mut units = 0;
    for (i, c) in text[s..e].char_indices() {
        if units == col {
            return Some(s + i);
        }
        units += width(c, enc);
        if units > col {
            return None;
        }
    }
    (units == col).then_some(e)
}

/// Asserts that `range` lies inside `text` on character boundaries, in
/// order, and round-trips through [`position`].
pub fn check_range(text: &str, range: &Value, enc: &str, what: &str) {
    let start = offset(text, &range["start"], enc)
        .unwrap_or_else(|| panic!("{what}: start {range} outside {text:?} ({enc})"));
    let end = offset(text, &range["end"], enc)
        .unwrap_or_else(|| panic!("{what}: end {range} outside {text:?} ({enc})"));
    assert!(start <= end, "{what}: reversed {range}");
    for (o, p) in [(start, &range["start"]), (end, &range["end"])] {
        let (l, c) = position(text, o, enc);
        assert_eq!(
            (json!(l), json!(c)),
            (p["line"].clone(), p["character"].clone()),
            "{what}: {range} does not round-trip in {text:?} ({enc})"
        );
    }
}

/// The byte offset of a position the server sent, which must be exact.
pub fn offset_of(text: &str, p: &Value, enc: &str) -> usize {
    offset(text, p, enc).unwrap_or_else(|| panic!("position {p} is not in {text:?} ({enc})"))
}

/// Applies LSP `TextEdit`s (non-overlapping) to `text`.
pub fn apply(text: &str, edits: &[Value], enc: &str) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"], enc),
                offset_of(text, &e["range"]["end"], enc),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, t);
    }
    out
}
