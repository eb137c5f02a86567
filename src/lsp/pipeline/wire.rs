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

/// JSON with its line numbers left out, to be written with every line
/// shifted by the same amount ([`Json::template`], [`Json::fill`]): a
/// chunk's findings, written once, stay right wherever the chunk moves.
#[derive(Debug, Default)]
pub struct Template {
    bytes: Vec<u8>,
    /// (offset in `bytes`, line relative to the shift).
    holes: Vec<(usize, u32)>,
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

    pub fn into_template(self) -> Template {
        Template {
            bytes: self.out,
            holes: self.holes.unwrap_or_default(),
        }
    }

    /// Writes `t` with `shift` added to each of its lines.
    pub fn fill(&mut self, t: &Template, shift: u32) {
        let mut from = 0;
        for &(at, line) in &t.holes {
            self.out.extend_from_slice(&t.bytes[from..at]);
            self.number(i64::from(line) + i64::from(shift));
            from = at;
        }
        self.out.extend_from_slice(&t.bytes[from..]);
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
        let mut t = Json::template();
        t.diagnostic_head(range, 2, "placeholder", "“XX”");
        t.related(&mut true, "file:///a.txt", range, "此处");
        let t = t.into_template();
        for shift in [0, 7, 100_000] {
            let shifted = RangeJson {
                start: Position::new(shift, 3),
                end: Position::new(12 + shift, 0),
            };
            let mut want = Json::with_capacity(0);
            want.diagnostic_head(shifted, 2, "placeholder", "“XX”");
            want.related(&mut true, "file:///a.txt", shifted, "此处");
            let mut got = Json::with_capacity(0);
            got.fill(&t, shift);
            assert_eq!(got.out, want.out, "{shift}");
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
