//! JSON written by hand for the one message sent after every keystroke,
//! `publishDiagnostics` (`super::publication_frame`): the same JSON as
//! serde gives the LSP types (field names, escapes, `null`s left out), with
//! none of their allocations.

use tower_lsp_server::ls_types::{Position, Range};

/// A range, as LSP writes it.
#[derive(Debug, Clone, Copy)]
pub struct RangeJson {
    pub start: Position,
    pub end: Position,
}

impl From<Range> for RangeJson {
    fn from(r: Range) -> Self {
        RangeJson {
            start: r.start,
            end: r.end,
        }
    }
}

/// A JSON text being written.
pub struct Json {
    out: Vec<u8>,
    /// For a [`Template`]: where each line number goes, and its value,
    /// instead of writing it.
    holes: Option<Vec<(usize, u32)>>,
}

/// Items of a JSON array with their line numbers left out, to be written
/// with every line shifted by the same amount ([`Json::template`],
/// [`Json::fill`]): a chunk's findings, written once, stay right wherever
/// the chunk moves.
#[derive(Debug, Default)]
pub struct Template {
    bytes: Vec<u8>,
    /// (offset in `bytes`, line relative to the shift).
    holes: Vec<(usize, u32)>,
    /// Where each item starts in `bytes` (items have no commas between them).
    items: Vec<usize>,
}

impl Json {
    pub fn with_capacity(n: usize) -> Json {
        Json {
            out: Vec::with_capacity(n),
            holes: None,
        }
    }

    /// A JSON text whose line numbers are holes, for [`Json::into_template`].
    pub fn template() -> Json {
        Json {
            out: Vec::new(),
            holes: Some(Vec::new()),
        }
    }

    /// In a template, the next item starts here.
    pub fn item(&mut self, items: &mut Vec<usize>) {
        items.push(self.out.len());
    }

    pub fn into_template(self, items: Vec<usize>) -> Template {
        Template {
            bytes: self.out,
            holes: self.holes.unwrap_or_default(),
            items,
        }
    }

    /// Writes `t`'s items `which`, separated by commas, with `shift` added
    /// to each of their lines.
    pub fn fill(&mut self, t: &Template, which: std::ops::Range<usize>, shift: u32) {
        let Some(&start) = t.items.get(which.start) else {
            return;
        };
        let end = t.items.get(which.end).copied().unwrap_or(t.bytes.len());
        let next_item = |i: usize| t.items.get(i).copied().unwrap_or(usize::MAX);
        let mut item = which.start + 1;
        let mut hole = t.holes.partition_point(|h| h.0 < start);
        let mut from = start;
        loop {
            let at = t.holes.get(hole).map_or(end, |h| h.0.min(end));
            // Commas before the items that start up to `at`.
            while next_item(item) <= at && next_item(item) < end {
                self.out.extend_from_slice(&t.bytes[from..next_item(item)]);
                self.out.push(b',');
                from = next_item(item);
                item += 1;
            }
            self.out.extend_from_slice(&t.bytes[from..at]);
            from = at;
            if at == end {
                break;
            }
            self.number(i64::from(t.holes[hole].1) + i64::from(shift));
            hole += 1;
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// Bytes that are JSON already.
    pub fn raw(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
    }

    pub fn number(&mut self, n: i64) {
        let mut buf = itoa::Buffer::new();
        self.out.extend_from_slice(buf.format(n).as_bytes());
    }

    /// A string, escaped as serde_json escapes it: `"`, `\` and control
    /// characters; everything else (Chinese included) as it is.
    pub fn string(&mut self, s: &str) {
        self.out.push(b'"');
        let b = s.as_bytes();
        let mut from = 0;
        for (i, &c) in b.iter().enumerate() {
            let escape: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0C => b"\\f",
                0..=0x1F => {
                    self.out.extend_from_slice(&b[from..i]);
                    let hex = b"0123456789abcdef";
                    self.out.extend_from_slice(b"\\u00");
                    self.out.push(hex[usize::from(c >> 4)]);
                    self.out.push(hex[usize::from(c & 15)]);
                    from = i + 1;
                    continue;
                }
                _ => continue,
            };
            self.out.extend_from_slice(&b[from..i]);
            self.out.extend_from_slice(escape);
            from = i + 1;
        }
        self.out.extend_from_slice(&b[from..]);
        self.out.push(b'"');
    }

    fn position(&mut self, p: Position) {
        self.raw(br#"{"line":"#);
        match &mut self.holes {
            Some(holes) => holes.push((self.out.len(), p.line)),
            None => self.number(i64::from(p.line)),
        }
        self.raw(br#","character":"#);
        self.number(i64::from(p.character));
        self.raw(b"}");
    }

    fn range(&mut self, r: RangeJson) {
        self.raw(br#"{"start":"#);
        self.position(r.start);
        self.raw(br#","end":"#);
        self.position(r.end);
        self.raw(b"}");
    }

    /// A diagnostic of baogao up to its message, the object left open for
    /// `relatedInformation`.
    pub fn diagnostic_head(&mut self, range: RangeJson, severity: u8, code: &str, message: &str) {
        self.raw(br#"{"range":"#);
        self.range(range);
        self.raw(br#","severity":"#);
        self.number(i64::from(severity));
        self.raw(br#","code":"#);
        self.string(code);
        self.raw(br#","source":"baogao","message":"#);
        self.string(message);
    }

    /// One item of `relatedInformation` (`first` says whether a comma goes before).
    pub fn related(
        &mut self,
        first: &mut bool,
        uri: &str,
        range: impl Into<RangeJson>,
        message: &str,
    ) {
        if !*first {
            self.raw(b",");
        }
        *first = false;
        self.raw(br#"{"location":{"uri":"#);
        self.string(uri);
        self.raw(br#","range":"#);
        self.range(range.into());
        self.raw(br#"},"message":"#);
        self.string(message);
        self.raw(b"}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_fills_in_its_shifted_lines() {
        let range = RangeJson {
            start: Position::new(0, 3),
            end: Position::new(12, 0),
        };
        let write = |j: &mut Json, range: RangeJson, n: usize| {
            j.diagnostic_head(range, 2, "placeholder", &format!("“XX”{n}"));
            j.related(&mut true, "file:///a.txt", range, "此处");
            j.raw(b"}");
        };
        let mut t = Json::template();
        let mut items = Vec::new();
        for n in 0..4 {
            t.item(&mut items);
            write(&mut t, range, n);
        }
        let t = t.into_template(items);
        assert_eq!(t.items.len(), 4);
        for shift in [0, 7, 100_000] {
            let shifted = RangeJson {
                start: Position::new(shift, 3),
                end: Position::new(12 + shift, 0),
            };
            for which in [0..4, 0..1, 1..3, 3..4, 2..2] {
                let mut want = Json::with_capacity(0);
                for n in which.clone() {
                    if n > which.start {
                        want.raw(b",");
                    }
                    write(&mut want, shifted, n);
                }
                let mut got = Json::with_capacity(0);
                got.fill(&t, which.clone(), shift);
                assert_eq!(
                    String::from_utf8(got.out).unwrap(),
                    String::from_utf8(want.out).unwrap(),
                    "{shift} {which:?}"
                );
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "",
            "报告",
            "引号\"与\\反斜杠",
            "换行\n回车\r制表\t",
            "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
            "𠀀😀 emoji",
            "末尾\\",
        ] {
            let mut j = Json::with_capacity(0);
            j.string(s);
            assert_eq!(
                String::from_utf8(j.out).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        }
    }
}
