//! Heading markers: the numbering grammar of Chinese reports.

use std::ops::Range;

use crate::edit::Edit;

/// The unit of a `第X章`-style heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChapterUnit {
    /// 第X编 / 第X篇 / 第X部分
    Part,
    /// 第X章
    Chapter,
    /// 第X节
    Section,
    /// 第X条 / 第X條
    Article,
}

/// Which numbering system a marker belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// Markdown ATX heading `#`…`######` with its depth.
    Markdown(u8),
    /// `第一章`, `第二节`, `第三部分`, `第四条`, `第1章`, `第壹章`, `第十條`.
    Chapter(ChapterUnit),
    /// `壹、` / `贰、` / `貳、`: financial numerals (大写数字), a level above
    /// `一、` as in traditional-script documents (壹、 一、 （一） 1. （1）).
    Capital,
    /// `Ⅰ、` / `Ⅱ.`: Roman numerals used as a level above `一、` (not GB/T 9704).
    Roman,
    /// `一、` (level 1 of GB/T 9704).
    Chinese,
    /// `（一）` / `(一)` / `㈠` / `一)` (level 2).
    ParenChinese,
    /// `1.` / `1、` / `1．` / `１．` / `⒈` (level 3).
    Arabic,
    /// `（1）` / `(1)` / `（１）` / `⑴` / `1)` (level 4).
    ParenArabic,
    /// `①`…`⑳` (level 5).
    Circled,
    /// `一是` / `二是`: tracked for numbering, not an outline node.
    Enumeration,
}

/// Bracket width of a bracketed marker, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bracket {
    /// `（一）`
    Full,
    /// `(一)`
    Half,
    /// `(一）` or `（一)`
    Mixed,
    /// Only the closing bracket: `1)`, `1）`, `一)`. Not GB/T 9704; the
    /// bracket fix adds the opening one.
    HalfClosed,
    /// Numeral and brackets (or dot) are one character: `⑴`, `㈠`, `⒈`.
    /// Not a bracket width: `numbering-bracket` leaves it alone.
    Enclosed,
}

impl Bracket {
    /// Full-width or half-width brackets as written, possibly mismatched or
    /// half-closed: what `numbering-bracket` compares (not `⑴`).
    pub fn is_written_pair(self) -> bool {
        self != Bracket::Enclosed
    }
}

/// What follows the number, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Separator {
    /// Nothing (bracketed, circled and chapter markers, enumerations).
    None,
    /// `、`
    Dunhao,
    /// `.`
    Dot,
    /// `．`
    FullDot,
    /// `，` or `,`
    Comma,
}

impl Separator {
    pub fn as_str(self) -> &'static str {
        match self {
            Separator::None => "",
            Separator::Dunhao => "、",
            Separator::Dot => ".",
            Separator::FullDot => "．",
            Separator::Comma => "，",
        }
    }
}

/// One heading marker found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMarker {
    pub kind: MarkerKind,
    /// The number written (1 for `一`, 3 for `（3）`); `None` for an empty ordinal `（）`.
    pub number: Option<u32>,
    /// Bracket width for bracketed kinds.
    pub bracket: Option<Bracket>,
    pub separator: Separator,
    /// Bytes of the marker as written, separator included (`（一）`, `1.`, `## `).
    pub range: Range<usize>,
    /// Where its parts lie, as the scanner found them: rewrites touch only these.
    pub parts: MarkerParts,
}

/// The byte ranges of a marker's parts. Each is empty, at the place it would
/// go, when the marker has no such part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkerParts {
    /// A Markdown `## ` before a numbered marker, or the whole `##` of a
    /// plain Markdown heading.
    pub prefix: Range<usize>,
    /// `（` or `(`.
    pub open: Option<Range<usize>>,
    /// The numeral (`一`, `12`, `①`); between the brackets for `（）`.
    pub number: Range<usize>,
    /// `）` or `)`.
    pub close: Option<Range<usize>>,
    /// What follows the number or bracket (`、`, `.`); on the next line for a
    /// number split from it by a page break (`3` / `、培训`).
    pub separator: Range<usize>,
}

impl MarkerParts {
    fn shift(&mut self, by: usize) {
        for r in [&mut self.prefix, &mut self.number, &mut self.separator]
            .into_iter()
            .chain(self.open.as_mut())
            .chain(self.close.as_mut())
        {
            *r = r.start + by..r.end + by;
        }
    }
}

/// What a marker should become; `None` keeps that part as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Wanted {
    pub number: Option<u32>,
    pub bracket: Option<Bracket>,
    pub separator: Option<Separator>,
}

impl MarkerKind {
    /// The five levels of GB/T 9704 in order (一、 （一） 1. （1） ①), for
    /// promoting, demoting and suggesting the next level. The one list.
    pub const LEVELS: [MarkerKind; 5] = [
        MarkerKind::Chinese,
        MarkerKind::ParenChinese,
        MarkerKind::Arabic,
        MarkerKind::ParenArabic,
        MarkerKind::Circled,
    ];

    /// The GB/T 9704 level one below this one (`一、` → `（一）`; `Ⅰ、` → `一、`).
    pub fn child(self) -> Option<MarkerKind> {
        if matches!(self, MarkerKind::Capital | MarkerKind::Roman) {
            return Some(MarkerKind::Chinese);
        }
        let i = Self::LEVELS.iter().position(|&k| k == self)?;
        Self::LEVELS.get(i + 1).copied()
    }

    /// The GB/T 9704 level one above this one (`（一）` → `一、`).
    pub fn parent(self) -> Option<MarkerKind> {
        let i = Self::LEVELS.iter().position(|&k| k == self)?;
        Self::LEVELS.get(i.checked_sub(1)?).copied()
    }

    /// Nesting rank: a heading nests under the nearest open heading of a lower rank.
    pub fn rank(self) -> u8 {
        match self {
            MarkerKind::Markdown(depth) => 10 + depth,
            MarkerKind::Chapter(ChapterUnit::Part) => 20,
            MarkerKind::Chapter(ChapterUnit::Chapter) => 21,
            MarkerKind::Chapter(ChapterUnit::Section) => 22,
            MarkerKind::Chapter(ChapterUnit::Article) => 23,
            MarkerKind::Capital => 28,
            MarkerKind::Roman => 29,
            MarkerKind::Chinese => 30,
            MarkerKind::ParenChinese => 31,
            MarkerKind::Arabic => 32,
            MarkerKind::ParenArabic => 33,
            MarkerKind::Circled => 34,
            MarkerKind::Enumeration => 40,
        }
    }

    /// Short name of the numbering system, used in messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Markdown(_) => "markdown",
            MarkerKind::Chapter(_) => "chapter",
            MarkerKind::Capital => "capital",
            MarkerKind::Roman => "roman",
            MarkerKind::Chinese => "chinese",
            MarkerKind::ParenChinese => "paren-chinese",
            MarkerKind::Arabic => "arabic",
            MarkerKind::ParenArabic => "paren-arabic",
            MarkerKind::Circled => "circled",
            MarkerKind::Enumeration => "enumeration",
        }
    }
}

impl HeadingMarker {
    /// Writes `number` in this marker's own style (brackets and separator as written).
    pub fn render(&self, number: u32) -> String {
        render_marker(self.kind, number, self.bracket, self.separator)
    }

    /// Moves every range of the marker `by` bytes later.
    pub fn shift(&mut self, by: usize) {
        self.range = self.range.start + by..self.range.end + by;
        self.parts.shift(by);
    }

    /// Where the rewritable body starts (after a Markdown `## `).
    pub(crate) fn body_start(&self) -> usize {
        self.parts
            .prefix
            .end
            .clamp(self.range.start, self.range.end)
    }

    /// The edits that turn this marker into what `wanted` asks for, one per
    /// part that changes: a number edit touches only the numeral, a bracket
    /// edit only a bracket character, a separator edit only the separator, so
    /// fixes of different parts of one marker never overlap.
    pub(crate) fn edits(&self, text: &str, wanted: Wanted) -> Vec<Edit> {
        let mut out = Vec::new();
        if matches!(self.kind, MarkerKind::Markdown(_)) {
            return out;
        }
        let p = &self.parts;
        let mut replace = |r: &Range<usize>, new: &str| {
            if text.get(r.clone()).is_some_and(|old| old != new) {
                out.push(Edit {
                    range: r.clone(),
                    replacement: new.to_string(),
                });
            }
        };
        let (open, close) = match wanted.bracket {
            Some(Bracket::Full) => (Some("（"), Some("）")),
            Some(Bracket::Half) => (Some("("), Some(")")),
            _ => (None, None),
        };
        if let (Some(r), Some(o)) = (&p.open, open) {
            replace(r, o);
        }
        if let Some(n) = wanted.number {
            let written = text.get(p.number.clone()).unwrap_or("");
            replace(&p.number, &numeral(self.kind, n, written));
        }
        if let (Some(r), Some(c)) = (&p.close, close) {
            replace(r, c);
        }
        if let Some(sep) = wanted.separator.filter(|_| {
            !matches!(
                self.kind,
                MarkerKind::Chapter(_) | MarkerKind::Circled | MarkerKind::Enumeration
            ) && self.bracket != Some(Bracket::Enclosed)
        }) {
            replace(&p.separator, sep.as_str());
        }
        out
    }

    /// What the marker becomes under `wanted`, as text (for messages).
    pub(crate) fn rewritten(&self, text: &str, wanted: Wanted) -> String {
        let body = self.body_start()..self.range.end;
        let edits = self.edits(text, wanted);
        let mut out = String::new();
        let mut at = body.start;
        for e in edits.iter().filter(|e| e.range.end <= body.end) {
            out.push_str(text.get(at..e.range.start).unwrap_or(""));
            out.push_str(&e.replacement);
            at = e.range.end;
        }
        out.push_str(text.get(at..body.end).unwrap_or(""));
        // A separator on the next line (a number split by a page break).
        if self.parts.separator.start > body.end {
            match edits.iter().find(|e| e.range.start > body.end) {
                Some(e) => out.push_str(&e.replacement),
                None => out.push_str(text.get(self.parts.separator.clone()).unwrap_or("")),
            }
        }
        out
    }
}

/// The numeral for `n` in the style `kind` uses, following the digits as written
/// (full-width digits, `壹贰` or `壹貳` numerals, one-character `⑴ ㈠ ⒈`).
fn numeral(kind: MarkerKind, n: u32, written: &str) -> String {
    let mut chars = written.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if is_enclosed(c) || kind == MarkerKind::Roman {
            return glyph(kind, n).map_or_else(|| n.to_string(), String::from);
        }
    }
    if written.chars().any(|c| FINANCIAL.iter().any(|f| f.0 == c)) {
        return financial_numeral(n, !written.contains(['贰', '叁', '陆']));
    }
    match kind {
        MarkerKind::Arabic | MarkerKind::ParenArabic => {
            if written.chars().any(|c| ('０'..='９').contains(&c)) {
                n.to_string()
                    .chars()
                    .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                    .collect()
            } else {
                n.to_string()
            }
        }
        MarkerKind::Circled => circled(n).map_or_else(|| n.to_string(), str::to_string),
        MarkerKind::Chapter(_)
            if written.chars().all(|c| c.is_ascii_digit()) && !written.is_empty() =>
        {
            n.to_string()
        }
        MarkerKind::Chapter(_)
            if written.chars().all(|c| ('０'..='９').contains(&c)) && !written.is_empty() =>
        {
            numeral(MarkerKind::Arabic, n, written)
        }
        _ => chinese_numeral(n),
    }
}

fn is_numeral_char(c: char) -> bool {
    is_chapter_numeral(c) || ('①'..='⑳').contains(&c) || is_enclosed(c) || roman_value(c).is_some()
}

/// `⑴`…`⒇`, `⒈`…`⒛`, `㈠`…`㈩`: numeral and brackets (or dot) in one character.
fn is_enclosed(c: char) -> bool {
    matches!(c as u32, 0x2474..=0x249B | 0x3220..=0x3229)
}

/// The kind and number of a one-character marker: `⑴` is `（1）`, `⒈` is
/// `1.`, `㈠` is `（一）`.
fn enclosed_value(c: char) -> Option<(MarkerKind, u32)> {
    let v = c as u32;
    match v {
        0x2474..=0x2487 => Some((MarkerKind::ParenArabic, v - 0x2474 + 1)),
        0x2488..=0x249B => Some((MarkerKind::Arabic, v - 0x2488 + 1)),
        0x3220..=0x3229 => Some((MarkerKind::ParenChinese, v - 0x3220 + 1)),
        _ => None,
    }
}

/// `Ⅰ`…`Ⅻ` (U+2160–216B).
fn roman_value(c: char) -> Option<u32> {
    let v = c as u32;
    (0x2160..=0x216B).contains(&v).then(|| v - 0x2160 + 1)
}

/// The one-character form of `n` for `kind` (`⑶`, `⒊`, `㈢`, `Ⅲ`, `③`).
fn glyph(kind: MarkerKind, n: u32) -> Option<char> {
    let (base, max) = match kind {
        MarkerKind::ParenArabic => (0x2474, 20),
        MarkerKind::Arabic => (0x2488, 20),
        MarkerKind::ParenChinese => (0x3220, 10),
        MarkerKind::Roman => (0x2160, 12),
        MarkerKind::Circled => (0x2460, 20),
        _ => return None,
    };
    (1..=max)
        .contains(&n)
        .then(|| char::from_u32(base + n - 1))
        .flatten()
}

/// The financial numerals (大写数字) of traditional and simplified text,
/// with the ordinary numeral each stands for. `两/兩` is not an ordinal.
const FINANCIAL: [(char, char); 13] = [
    ('壹', '一'),
    ('貳', '二'),
    ('贰', '二'),
    ('參', '三'),
    ('叁', '三'),
    ('肆', '四'),
    ('伍', '五'),
    ('陸', '六'),
    ('陆', '六'),
    ('柒', '七'),
    ('捌', '八'),
    ('玖', '九'),
    ('拾', '十'),
];

/// The ordinary numeral a financial numeral stands for (`貳` → `二`).
/// A `match` rather than a search of [`FINANCIAL`]: the scanner asks this of
/// nearly every character it looks at (a test keeps the two the same).
fn plain_numeral(c: char) -> Option<char> {
    Some(match c {
        '壹' => '一',
        '貳' | '贰' => '二',
        '參' | '叁' => '三',
        '肆' => '四',
        '伍' => '五',
        '陸' | '陆' => '六',
        '柒' => '七',
        '捌' => '八',
        '玖' => '九',
        '拾' => '十',
        _ => return None,
    })
}

/// `n` in financial numerals, traditional (`貳參陸`) or simplified (`贰叁陆`).
fn financial_numeral(n: u32, traditional: bool) -> String {
    chinese_numeral(n)
        .chars()
        .map(|c| {
            FINANCIAL
                .iter()
                .filter(|f| f.1 == c)
                .map(|f| f.0)
                .find(|f| traditional || !matches!(f, '貳' | '參' | '陸'))
                .unwrap_or(c)
        })
        .collect()
}

/// The parts of a marker the scanner matched as `s`, starting at byte `start`.
fn parts_of(s: &str, start: usize, kind: MarkerKind) -> MarkerParts {
    let skip_spaces = |mut i: usize| {
        while let Some(c) = s[i..].chars().next().filter(|c| matches!(c, ' ' | '　')) {
            i += c.len_utf8();
        }
        i
    };
    let mut i = 0;
    let open = s.chars().next().filter(|c| matches!(c, '（' | '('));
    let open = open.map(|c| {
        i += c.len_utf8();
        start..start + c.len_utf8()
    });
    if matches!(kind, MarkerKind::Chapter(_)) {
        i += '第'.len_utf8();
    }
    i = skip_spaces(i);
    let num_start = i;
    while let Some(c) = s[i..].chars().next().filter(|&c| is_numeral_char(c)) {
        i += c.len_utf8();
        if kind == MarkerKind::Circled || is_enclosed(c) || roman_value(c).is_some() {
            break;
        }
    }
    let number = start + num_start..start + i;
    // A half-closed `1)` has its close bracket too; its opening one would go
    // right before the number.
    let close = if open.is_some()
        || (matches!(kind, MarkerKind::ParenChinese | MarkerKind::ParenArabic)
            && s[i..].starts_with([')', '）']))
    {
        let j = skip_spaces(i);
        s[j..]
            .chars()
            .next()
            .filter(|c| matches!(c, '）' | ')'))
            .map(|c| {
                i = j + c.len_utf8();
                start + j..start + i
            })
    } else {
        None
    };
    let end = start + s.len();
    let separator = match kind {
        MarkerKind::Chapter(_) | MarkerKind::Circled | MarkerKind::Enumeration => end..end,
        _ => start + i..end,
    };
    let open = match (open, &close) {
        (None, Some(_)) => Some(number.start..number.start),
        (open, _) => open,
    };
    MarkerParts {
        prefix: start..start,
        open,
        number,
        close,
        separator,
    }
}

/// How markers of one kind are written: bracket width and separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerStyle {
    pub bracket: Option<Bracket>,
    pub separator: Separator,
}

impl MarkerStyle {
    /// The style `m` is written in.
    pub fn of(m: &HeadingMarker) -> MarkerStyle {
        MarkerStyle {
            bracket: m.bracket,
            separator: m.separator,
        }
    }

    /// The GB/T 9704 style of `kind`: `一、`, `（一）`, `1.`, `（1）`, `①`.
    /// Used when a document has no marker of that kind to copy.
    pub fn standard(kind: MarkerKind) -> MarkerStyle {
        let (bracket, separator) = match kind {
            MarkerKind::Chinese | MarkerKind::Capital | MarkerKind::Roman => {
                (None, Separator::Dunhao)
            }
            MarkerKind::Arabic => (None, Separator::Dot),
            MarkerKind::ParenChinese | MarkerKind::ParenArabic => {
                (Some(Bracket::Full), Separator::None)
            }
            _ => (None, Separator::None),
        };
        MarkerStyle { bracket, separator }
    }

    pub fn render(self, kind: MarkerKind, number: u32) -> String {
        render_marker(kind, number, self.bracket, self.separator)
    }
}

/// Writes a marker of `kind` for `number` with the given bracket width and separator.
pub fn render_marker(
    kind: MarkerKind,
    number: u32,
    bracket: Option<Bracket>,
    separator: Separator,
) -> String {
    let (open, close) = match bracket {
        Some(Bracket::Half) => ("(", ")"),
        Some(Bracket::HalfClosed) => ("", ")"),
        _ => ("（", "）"),
    };
    if bracket == Some(Bracket::Enclosed) {
        if let Some(g) = glyph(kind, number) {
            return g.to_string();
        }
    }
    match kind {
        MarkerKind::Markdown(depth) => "#".repeat(depth as usize),
        MarkerKind::Chapter(unit) => {
            let unit = match unit {
                ChapterUnit::Part => "部分",
                ChapterUnit::Chapter => "章",
                ChapterUnit::Section => "节",
                ChapterUnit::Article => "条",
            };
            format!("第{}{unit}", chinese_numeral(number))
        }
        MarkerKind::Chinese => format!("{}{}", chinese_numeral(number), separator.as_str()),
        MarkerKind::Capital => format!("{}{}", financial_numeral(number, true), separator.as_str()),
        MarkerKind::Roman => match glyph(kind, number) {
            Some(g) => format!("{g}{}", separator.as_str()),
            None => format!("{}{}", chinese_numeral(number), separator.as_str()),
        },
        MarkerKind::ParenChinese => format!(
            "{open}{}{close}{}",
            chinese_numeral(number),
            separator.as_str()
        ),
        MarkerKind::Arabic => format!("{number}{}", separator.as_str()),
        MarkerKind::ParenArabic => format!("{open}{number}{close}{}", separator.as_str()),
        MarkerKind::Circled => circled(number).map_or_else(|| format!("({number})"), String::from),
        MarkerKind::Enumeration => format!("{}是", chinese_numeral(number)),
    }
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// `1` → `一`, `12` → `十二`, `20` → `二十`, `35` → `三十五` (1..=99).
pub fn chinese_numeral(n: u32) -> String {
    match n {
        0 => "零".to_string(),
        1..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        20..=99 => {
            let mut s = format!("{}十", DIGITS[(n / 10) as usize]);
            if !n.is_multiple_of(10) {
                s.push(DIGITS[(n % 10) as usize]);
            }
            s
        }
        _ => n.to_string(),
    }
}

/// Parses a Chinese numeral of the forms used in headings (一 … 九十九),
/// also in financial numerals (`壹`, `貳拾`, `叁`), not mixing the two.
/// Returns `None` for anything else, such as `二七`, `十十` or `两`.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    // Financial numerals count only when every character is one (`貳拾`, not `貳十`).
    let financial = s.chars().any(|c| plain_numeral(c).is_some());
    let digit = |c: char| {
        DIGITS
            .iter()
            .position(|&d| d == c)
            .filter(|&v| v > 0)
            .map(|v| v as u32)
    };
    // No form is longer than three characters (`九十九`).
    let mut chars = ['\0'; 3];
    let mut len = 0;
    for c in s.chars() {
        let c = if financial { plain_numeral(c)? } else { c };
        *chars.get_mut(len)? = c;
        len += 1;
    }
    match &chars[..len] {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)?.checked_mul(10).filter(|&v| v >= 20)?),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?).filter(|&v| v >= 21),
        _ => None,
    }
}

/// `①` … `⑳` for 1..=20.
pub fn circled(n: u32) -> Option<&'static str> {
    const CIRCLED: [&str; 20] = [
        "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱",
        "⑲", "⑳",
    ];
    CIRCLED.get((n as usize).wrapping_sub(1)).copied()
}

/// The value of a circled digit character.
pub fn circled_value(c: char) -> Option<u32> {
    let v = c as u32;
    (0x2460..=0x2473).contains(&v).then(|| v - 0x2460 + 1)
}

/// A marker the scanner found, before the outline decides whether it is a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub marker: HeadingMarker,
    /// Nothing but whitespace (or a Markdown `#` prefix) before it on its line.
    pub at_line_start: bool,
    /// Preceded by sentence-ending punctuation, a space or a closing quote or
    /// bracket: a mid-line marker in such a place reads as a run-in heading.
    pub after_boundary: bool,
    /// Preceded by a comma or `、` (only enumerations accept that).
    pub after_comma: bool,
    /// The character before the marker is a CJK character (glued to text).
    pub glued_to_cjk: bool,
    /// The character after the marker is a CJK character or an opening quote.
    pub followed_by_text: bool,
}

/// `一`…`十`: the numerals of a heading marker, a month or a day.
pub(crate) fn is_one_to_ten(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn is_numeral(c: char) -> bool {
    is_one_to_ten(c) || plain_numeral(c).is_some()
}

/// Length of the run of chars from `at` that satisfy `f`, at most `max` of them.
fn run(s: &str, at: usize, max: usize, f: impl Fn(char) -> bool) -> usize {
    let mut end = at;
    for (n, c) in s[at..].chars().enumerate() {
        if n == max || !f(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

fn skip_space(s: &str, at: usize) -> usize {
    match s[at..].chars().next() {
        Some(c @ (' ' | '　')) => at + c.len_utf8(),
        _ => at,
    }
}

/// Whether the character `s[from..to]` is repeated right after it.
fn doubled(s: &str, from: usize, to: usize) -> bool {
    s[to..].starts_with(&s[from..to])
}

/// A character of the number in `第X章`: Chinese, financial, ASCII or full-width.
fn is_chapter_numeral(c: char) -> bool {
    is_numeral(c) || matches!(c, '百' | '零' | '〇' | '0'..='9' | '０'..='９')
}

/// Matches one marker pattern starting exactly at `at` (the grammar the
/// scanner knows), returning its end.
fn match_at(s: &str, at: usize) -> Option<usize> {
    let c = s[at..].chars().next()?;
    let next_is = |i: usize, f: &dyn Fn(char) -> bool| {
        s[i..]
            .chars()
            .next()
            .filter(|&c| f(c))
            .map(|c| i + c.len_utf8())
    };
    match c {
        '（' | '(' => {
            let inner = skip_space(s, at + c.len_utf8());
            let num_end = run(s, inner, 3, is_numeral);
            let (end, seps): (usize, &[char]) = if num_end > inner {
                (num_end, &['、', '.', '．', ',', '，'])
            } else {
                let d = run(s, inner, 2, |c| {
                    c.is_ascii_digit() || ('０'..='９').contains(&c)
                });
                (d, if d > inner { &['、', '.', '．'] } else { &[] })
            };
            let close = next_is(skip_space(s, end), &|c| c == ')' || c == '）')?;
            // A separator doubled (`（一）,,,`) is punctuation of the text, not
            // part of the marker: a fix that removed it would expose the next.
            Some(
                next_is(close, &|c| seps.contains(&c))
                    .filter(|&e| !doubled(s, close, e))
                    .unwrap_or(close),
            )
        }
        '0'..='9' => {
            let end = run(s, at, 3, |c| c.is_ascii_digit());
            next_is(end, &|c| matches!(c, '.' | '．' | '、'))
        }
        '０'..='９' => {
            let end = run(s, at, 3, |c| ('０'..='９').contains(&c));
            next_is(end, &|c| matches!(c, '.' | '．' | '、'))
        }
        '①'..='⑳' => Some(at + c.len_utf8()),
        c if is_enclosed(c) => Some(at + c.len_utf8()),
        c if roman_value(c).is_some() => {
            next_is(at + c.len_utf8(), &|c| matches!(c, '、' | '.' | '．'))
        }
        '第' => {
            let num = run(s, at + c.len_utf8(), 4, is_chapter_numeral);
            if num == at + c.len_utf8() {
                return None;
            }
            ["章", "节", "節", "部分", "条", "條", "编", "編", "篇"]
                .iter()
                .find(|u| s[num..].starts_with(**u))
                .map(|u| num + u.len())
        }
        c if is_numeral(c) => {
            let end = run(s, at, 3, is_numeral);
            next_is(end, &|c| matches!(c, '是' | '、' | '.' | '．' | ',' | '，'))
                .filter(|&e| !doubled(s, end, e))
        }
        _ => None,
    }
}

/// The three-byte character that ends right before byte `end` (a character
/// boundary of valid UTF-8 `bytes`), decoded without re-validating it.
fn three_byte_char_before(bytes: &[u8], end: usize) -> Option<char> {
    let at = end.checked_sub(3)?;
    let [lead, b1, b2] = [bytes[at], bytes[at + 1], bytes[at + 2]];
    if !(0xE0..=0xEF).contains(&lead) {
        return None;
    }
    char::from_u32(u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F))
}

/// Where marker-shaped text may start in a whole text, found with SIMD
/// `memmem` per literal: far faster than walking CJK text char by char.
pub(crate) struct MarkerStarts(Vec<usize>);

impl MarkerStarts {
    pub(crate) fn new(text: &str) -> MarkerStarts {
        let bytes = text.as_bytes();
        let mut v: Vec<usize> = Vec::new();
        // Bracketed, chapter and circled markers start with a distinctive literal.
        v.extend(memchr::memchr_iter(b'(', bytes));
        v.extend(memchr::memmem::find_iter(bytes, "第".as_bytes()));
        // `一、`, `二是`, `3.` end with a separator: find those and walk back over
        // the numerals (at most three, as the grammar allows). Commas are only
        // separators at a line's start, which `scan_line` tries itself.
        let back = |t: usize| {
            let (start, n) = match t.checked_sub(1).map(|i| bytes[i]) {
                Some(b'0'..=b'9') => {
                    let mut start = t;
                    let mut n = 0;
                    while n < 3 && start >= 1 && bytes[start - 1].is_ascii_digit() {
                        start -= 1;
                        n += 1;
                    }
                    (start, n)
                }
                // Numerals and full-width digits are three bytes each, so
                // only a continuation byte before `t` can end one.
                Some(0x80..=0xBF) => {
                    let walk = |f: fn(char) -> bool| {
                        let mut start = t;
                        let mut n = 0;
                        while n < 3 && three_byte_char_before(bytes, start).is_some_and(f) {
                            start -= 3;
                            n += 1;
                        }
                        (start, n)
                    };
                    match walk(is_numeral) {
                        (_, 0) => walk(|c| ('０'..='９').contains(&c)),
                        found => found,
                    }
                }
                _ => (t, 0),
            };
            (n > 0).then_some(start)
        };
        for t in memchr::memchr_iter(b'.', bytes) {
            v.extend(back(t));
        }
        for t in memchr::memmem::find_iter(bytes, "是".as_bytes()) {
            v.extend(back(t));
        }
        // The other literals all start with E2, E3 or EF: one pass finds
        // them all (these bytes only ever lead a character).
        for i in memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes) {
            let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                continue;
            };
            match (bytes[i], b1, b2) {
                // `（`; ①…⑳ and ⑴…⒇ (E2 91 A0–BF), ⒈…⒛ (E2 92 80–9B),
                // ㈠…㈩ (E3 88 A0–A9), Ⅰ…Ⅻ (E2 85 A0–AB).
                (0xEF, 0xBC, 0x88)
                | (0xE2, 0x91, 0xA0..=0xBF)
                | (0xE2, 0x92, 0x80..=0x9B)
                | (0xE3, 0x88, 0xA0..=0xA9)
                | (0xE2, 0x85, 0xA0..=0xAB) => v.push(i),
                // The separators `、` and `．`.
                (0xE3, 0x80, 0x81) | (0xEF, 0xBC, 0x8E) => v.extend(back(i)),
                _ => {}
            }
        }
        v.sort_unstable();
        v.dedup();
        MarkerStarts(v)
    }

    /// Leftmost-first matches within `range`, like a regex `find_iter` over it
    /// (the caller skips overlaps).
    fn matches_in<'a>(
        &'a self,
        text: &'a str,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        let from = self.0.partition_point(|&i| i < range.start);
        let s = &text[..range.end];
        self.0[from..]
            .iter()
            .take_while(move |&&i| i < range.end)
            .filter_map(move |&i| match_at(s, i).map(|e| i..e))
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '。' | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '？'
            | '!'
            | '?'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '】'
            | '》'
            | '〕'
            | '…'
    ) || c.is_whitespace()
}

/// Finds marker candidates in one line. `line_start` is the line's byte offset
/// in the text; `content_start` is where the line's content begins (after
/// indentation and any Markdown `#` prefix). Candidates are in order.
pub(crate) fn scan_line(
    text: &str,
    line: std::ops::Range<usize>,
    content_start: usize,
    starts: &MarkerStarts,
) -> Vec<Candidate> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let mut at = 0;
    // A line may open with `一，`, which the separator search does not see.
    let first = match_at(&text[..line.end], content_start)
        .or_else(|| match_half_closed(&text[..line.end], content_start))
        .filter(|_| content_start < line.end)
        .map(|e| content_start..e);
    for m in first
        .into_iter()
        .chain(starts.matches_in(text, line.clone()))
    {
        let m = m.start - line.start..m.end - line.start;
        if m.start < at {
            continue;
        }
        at = m.end;
        let start = line.start + m.start;
        let end = line.start + m.end;
        let before = text[line.start..start].chars().next_back();
        let after = text[end..line.end].chars().next();
        let Some(marker) = parse_marker(&s[m], start..end, before, after) else {
            continue;
        };
        out.push(Candidate {
            at_line_start: start <= content_start,
            after_boundary: before.is_some_and(is_boundary),
            after_comma: before.is_some_and(|c| matches!(c, '，' | ',' | '、')),
            glued_to_cjk: before.is_some_and(is_cjk),
            followed_by_text: after.is_some_and(|c| {
                is_cjk(c) || matches!(c, '“' | '‘' | '《' | '「' | '（' | '(' | '【')
            }),
            marker,
        });
    }
    out
}

/// Parses the text of one regex match into a marker, rejecting the traps:
/// decimals (`43.2`), numbers inside longer numbers, `第1.`, URLs, `二七、`.
fn parse_marker(
    s: &str,
    range: Range<usize>,
    before: Option<char>,
    after: Option<char>,
) -> Option<HeadingMarker> {
    let mut m = parse_marker_kind(s, range.clone(), before, after)?;
    m.parts = parts_of(s, range.start, m.kind);
    Some(m)
}

/// The kind, number, bracket and separator of a marker (see [`parse_marker`]).
fn parse_marker_kind(
    s: &str,
    range: Range<usize>,
    before: Option<char>,
    after: Option<char>,
) -> Option<HeadingMarker> {
    let first = s.chars().next()?;
    let last = s.chars().next_back()?;
    let sep_of = |c: char| match c {
        '、' => Separator::Dunhao,
        '.' => Separator::Dot,
        '．' => Separator::FullDot,
        '，' | ',' => Separator::Comma,
        _ => Separator::None,
    };
    if before == Some('第') {
        return None;
    }
    if first == '第' {
        let unit_start = s.find(['章', '节', '節', '部', '条', '條', '编', '編', '篇'])?;
        let num = &s['第'.len_utf8()..unit_start];
        let number = digits_value(num).or_else(|| parse_chinese_numeral(num))?;
        let unit = match &s[unit_start..] {
            "章" => ChapterUnit::Chapter,
            "节" | "節" => ChapterUnit::Section,
            "条" | "條" => ChapterUnit::Article,
            _ => ChapterUnit::Part,
        };
        return Some(HeadingMarker {
            kind: MarkerKind::Chapter(unit),
            number: Some(number),
            bracket: None,
            separator: Separator::None,
            parts: MarkerParts::default(),
            range,
        });
    }
    if let Some((kind, v)) = enclosed_value(first) {
        return Some(HeadingMarker {
            kind,
            number: Some(v),
            bracket: Some(Bracket::Enclosed),
            separator: if kind == MarkerKind::Arabic {
                Separator::Dot
            } else {
                Separator::None
            },
            parts: MarkerParts::default(),
            range,
        });
    }
    if let Some(v) = roman_value(first) {
        return Some(HeadingMarker {
            kind: MarkerKind::Roman,
            number: Some(v),
            bracket: None,
            separator: sep_of(last),
            parts: MarkerParts::default(),
            range,
        });
    }
    // Half-closed `1)`, `1）`, `一)` (the scanner finds them at a line's start only).
    if matches!(last, ')' | '）') && !matches!(first, '（' | '(') {
        let num = &s[..s.len() - last.len_utf8()];
        let (kind, number) = if let Some(n) = digits_value(num) {
            (MarkerKind::ParenArabic, n)
        } else {
            (MarkerKind::ParenChinese, parse_chinese_numeral(num)?)
        };
        return (1..=99).contains(&number).then_some(HeadingMarker {
            kind,
            number: Some(number),
            bracket: Some(Bracket::HalfClosed),
            separator: Separator::None,
            parts: MarkerParts::default(),
            range,
        });
    }
    if let Some(v) = circled_value(first) {
        return Some(HeadingMarker {
            kind: MarkerKind::Circled,
            number: Some(v),
            bracket: None,
            separator: Separator::None,
            parts: MarkerParts::default(),
            range,
        });
    }
    if first == '（' || first == '(' {
        let close_at = s.find([')', '）'])?;
        let close = s[close_at..].chars().next()?;
        let bracket = match (first, close) {
            ('（', '）') => Bracket::Full,
            ('(', ')') => Bracket::Half,
            _ => Bracket::Mixed,
        };
        let inner = s[first.len_utf8()..close_at].trim_matches([' ', '　']);
        let separator = sep_of(last);
        if inner.is_empty() {
            // An empty ordinal reads as a heading only when a title follows.
            return after.is_some_and(is_cjk).then_some(HeadingMarker {
                kind: MarkerKind::ParenChinese,
                number: None,
                bracket: Some(bracket),
                separator,
                parts: MarkerParts::default(),
                range,
            });
        }
        if inner
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            let number = digits_value(inner).filter(|&n| n > 0)?;
            return Some(HeadingMarker {
                kind: MarkerKind::ParenArabic,
                number: Some(number),
                bracket: Some(bracket),
                separator,
                parts: MarkerParts::default(),
                range,
            });
        }
        let number = parse_chinese_numeral(inner)?;
        return Some(HeadingMarker {
            kind: MarkerKind::ParenChinese,
            number: Some(number),
            bracket: Some(bracket),
            separator,
            parts: MarkerParts::default(),
            range,
        });
    }
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        // Part of a longer number, a version, a URL or a decimal.
        if before.is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '．' | '/' | '-' | '_' | '%' | '+')
        }) || after.is_some_and(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '%' | '．')
        }) {
            return None;
        }
        // `1.XX镇重点项目表` at a line's start is a heading; `v1.Beta` is not.
        if after.is_some_and(|c| c.is_ascii_alphabetic())
            && before.is_some_and(|c| !c.is_whitespace())
        {
            return None;
        }
        let number =
            digits_value(&s[..s.len() - last.len_utf8()]).filter(|&n| (1..=99).contains(&n))?;
        return Some(HeadingMarker {
            kind: MarkerKind::Arabic,
            number: Some(number),
            bracket: None,
            separator: sep_of(last),
            parts: MarkerParts::default(),
            range,
        });
    }
    // Chinese numeral followed by 是 or a separator.
    if before.is_some_and(|c| {
        is_numeral(c) || matches!(c, '〇' | '零' | '百' | '第' | '周' | '星' | '期')
    }) {
        return None;
    }
    let num = &s[..s.len() - last.len_utf8()];
    let number = parse_chinese_numeral(num)?;
    if last == '是' {
        return Some(HeadingMarker {
            kind: MarkerKind::Enumeration,
            number: Some(number),
            bracket: None,
            separator: Separator::None,
            parts: MarkerParts::default(),
            range,
        });
    }
    // `一.5` or `一,二` are not headings.
    if after.is_some_and(|c| c.is_ascii_digit() || is_one_to_ten(c)) && last != '、' {
        return None;
    }
    let capital = num.chars().any(|c| plain_numeral(c).is_some());
    Some(HeadingMarker {
        kind: if capital {
            MarkerKind::Capital
        } else {
            MarkerKind::Chinese
        },
        number: Some(number),
        bracket: None,
        separator: sep_of(last),
        parts: MarkerParts::default(),
        range,
    })
}

/// The value of a run of ASCII or full-width digits, mixed or not (`１2` is
/// 12); `None` when empty, when any other character is in it, or on overflow.
fn digits_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |v, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        v.checked_mul(10)?.checked_add(d)
    })
}

/// A half-closed `1)`, `1）` or `一)` at `at`, which only a line's start
/// may hold (mid-line `U12)` and `（见附件1)` are not markers).
fn match_half_closed(s: &str, at: usize) -> Option<usize> {
    let c = s[at..].chars().next()?;
    let end = if c.is_ascii_digit() {
        run(s, at, 2, |c| c.is_ascii_digit())
    } else if ('０'..='９').contains(&c) {
        run(s, at, 2, |c| ('０'..='９').contains(&c))
    } else if is_numeral(c) {
        run(s, at, 3, is_numeral)
    } else {
        return None;
    };
    let close = s[end..]
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | '）'))?;
    Some(end + close.len_utf8())
}

/// The marker a string starts with (after indentation), if any.
pub(crate) fn leading_marker(s: &str) -> Option<HeadingMarker> {
    let content = s.len() - s.trim_start().len();
    scan_line(s, 0..s.len(), content, &MarkerStarts::new(s))
        .into_iter()
        .next()
        .filter(|c| c.at_line_start)
        .map(|c| c.marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marker starts as found before, one search per literal.
    fn reference_marker_starts(text: &str) -> MarkerStarts {
        let bytes = text.as_bytes();
        let mut v: Vec<usize> = Vec::new();
        // Bracketed, chapter and circled markers start with a distinctive literal.
        v.extend(memchr::memchr_iter(b'(', bytes));
        for lit in ["（", "第"] {
            v.extend(memchr::memmem::find_iter(bytes, lit.as_bytes()));
        }
        // ①…⑳ and ⑴…⒇ (E2 91 A0–BF), ⒈…⒛ (E2 92 80–9B), ㈠…㈩ (E3 88
        // A0–A9), Ⅰ…Ⅻ (E2 85 A0–AB).
        for (lead, third) in [
            (b"\xE2\x91", 0xA0..=0xBF),
            (b"\xE2\x92", 0x80..=0x9B),
            (b"\xE3\x88", 0xA0..=0xA9),
            (b"\xE2\x85", 0xA0..=0xAB),
        ] {
            v.extend(
                memchr::memmem::find_iter(bytes, lead)
                    .filter(|&i| bytes.get(i + 2).is_some_and(|b| third.contains(b))),
            );
        }
        // `一、`, `二是`, `3.` end with a separator: find those and walk back over
        // the numerals (at most three, as the grammar allows). Commas are only
        // separators at a line's start, which `scan_line` tries itself.
        let mut back = |t: usize| {
            // Numerals and full-width digits are three bytes each.
            let walk = |f: fn(char) -> bool| {
                let mut start = t;
                let mut n = 0;
                while n < 3
                    && start >= 3
                    && text
                        .get(start - 3..start)
                        .and_then(|c| c.chars().next())
                        .is_some_and(f)
                {
                    start -= 3;
                    n += 1;
                }
                (start, n)
            };
            let (mut start, mut n) = walk(is_numeral);
            if n == 0 {
                (start, n) = walk(|c| ('０'..='９').contains(&c));
            }
            if n == 0 {
                while n < 3 && start >= 1 && bytes[start - 1].is_ascii_digit() {
                    start -= 1;
                    n += 1;
                }
            }
            if n > 0 {
                v.push(start);
            }
        };
        for t in memchr::memchr_iter(b'.', bytes) {
            back(t);
        }
        for lit in ["、", "是", "．"] {
            for t in memchr::memmem::find_iter(bytes, lit.as_bytes()) {
                back(t);
            }
        }
        v.sort_unstable();
        v.dedup();
        MarkerStarts(v)
    }

    /// Pieces of report text around markers: numerals, separators, brackets,
    /// enclosed forms, look-alikes, wide and astral characters, line breaks.
    fn marker_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("一、"),
            Just("（一）"),
            Just("(二)"),
            Just("1."),
            Just("１２．"),
            Just("（1）"),
            Just("①"),
            Just("⑴"),
            Just("㈠"),
            Just("Ⅲ、"),
            Just("第一章"),
            Just("第十二条"),
            Just("一是"),
            Just("二是"),
            Just("首先"),
            Just("壹拾、"),
            Just("推进工作"),
            Just("43.2亩"),
            Just("𠀀"),
            Just("😀"),
            Just(" "),
            Just("\u{3000}"),
            Just("\u{a0}"),
            Just("\r\n"),
            Just("\n"),
            Just("…"),
            Just("“"),
        ]
        .prop_map(str::to_string);
        let chars = "[一二三四五六七八九十百零〇壹貳贰參叁肆伍陸陆柒捌玖拾0-9０-９、.．,，是第章条节（）()①⑳⑴⒇⒈⒛㈠㈩Ⅰ-Ⅻ甲 \u{3000}\n]{0,6}";
        proptest::collection::vec(prop_oneof![piece, chars.prop_map(|s| s)], 0..24)
            .prop_map(|v| v.concat())
    }

    /// `parse_chinese_numeral` as first written, by way of a `Vec` and a `String`.
    fn reference_parse_chinese_numeral(s: &str) -> Option<u32> {
        if s.chars().any(|c| plain_numeral(c).is_some()) {
            let plain: Option<String> = s.chars().map(plain_numeral).collect();
            return reference_parse_chinese_numeral(&plain?);
        }
        let digit = |c: char| {
            DIGITS
                .iter()
                .position(|&d| d == c)
                .filter(|&v| v > 0)
                .map(|v| v as u32)
        };
        let chars: Vec<char> = s.chars().collect();
        match chars.as_slice() {
            [c] if *c == '十' => Some(10),
            [c] => digit(*c),
            ['十', u] => Some(10 + digit(*u)?),
            [t, '十'] => Some(digit(*t)?.checked_mul(10).filter(|&v| v >= 20)?),
            [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?).filter(|&v| v >= 21),
            _ => None,
        }
    }

    /// Full-width digits made ASCII, then `str::parse`: what `digits_value` replaces.
    fn reference_digits_value(s: &str) -> Option<u32> {
        let ascii: String = s
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        ascii.parse::<u32>().ok()
    }

    proptest::proptest! {
        #[test]
        fn marker_starts_match_the_reference_on_generated_text(text in marker_text()) {
            proptest::prop_assert_eq!(MarkerStarts::new(&text).0, reference_marker_starts(&text).0);
        }

        #[test]
        fn numerals_parse_as_the_reference_does(
            s in "[一二三四五六七八九十百零〇两壹貳贰參叁肆伍陸陆柒捌玖拾甲0-9０-９]{0,5}"
        ) {
            proptest::prop_assert_eq!(parse_chinese_numeral(&s), reference_parse_chinese_numeral(&s));
            // `+` and `-` would parse with `str::parse` but never reach it: the grammar matches digits only.
            proptest::prop_assert_eq!(digits_value(&s), reference_digits_value(&s));
        }
    }

    #[test]
    fn character_classes_match_their_written_definitions() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                plain_numeral(c),
                FINANCIAL.iter().find(|f| f.0 == c).map(|f| f.1),
                "{c}"
            );
            assert_eq!(
                is_chapter_numeral(c),
                "一二三四五六七八九十百零〇0123456789０１２３４５６７８９".contains(c)
                    || FINANCIAL.iter().any(|f| f.0 == c),
                "{c}"
            );
            assert_eq!(
                is_numeral_char(c),
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十百零〇".contains(c)
                    || FINANCIAL.iter().any(|f| f.0 == c)
                    || ('①'..='⑳').contains(&c)
                    || is_enclosed(c)
                    || roman_value(c).is_some(),
                "{c}"
            );
        }
    }

    #[test]
    fn digits_value_rejects_what_parse_rejects() {
        assert_eq!(digits_value(""), None);
        assert_eq!(digits_value("4294967296"), None);
        assert_eq!(digits_value("４２９４９６７２９５"), Some(u32::MAX));
        assert_eq!(digits_value("1２"), Some(12));
        assert_eq!(parse_chinese_numeral("貳拾"), Some(20));
        assert_eq!(parse_chinese_numeral("貳十"), None);
        assert_eq!(parse_chinese_numeral("九十九一"), None);
    }

    #[test]
    fn marker_starts_match_one_search_per_literal() {
        let texts = [
            "一、总结\r\n（一）甲乙。二是丙，三是丁；1.戊 2．己 ３．庚 四．辛\n",
            "①甲⑳乙⑴丙⒇丁⒈戊⒛己㈠庚㈩辛Ⅰ壬Ⅻ癸\u{2160}\u{216B}\u{2460}\u{249B}\u{249C}\u{3229}\u{322A}",
            "第一章 总则 第1条 (1) （２） 十一、 一百二十三、 𠀀、😀是 “引号”、…… —— ・ ．",
            "末尾\u{E2}",
            "、",
            "是",
            "１２３４、",
            "",
        ];
        for text in texts {
            assert_eq!(
                MarkerStarts::new(text).0,
                reference_marker_starts(text).0,
                "{text:?}"
            );
        }
        let corpus = include_str!("../../../tests/fixtures/real_headings.txt");
        assert_eq!(
            MarkerStarts::new(corpus).0,
            reference_marker_starts(corpus).0
        );
    }

    /// The grammar `next_match` hand-codes for speed, as a regular expression.
    fn marker_regex() -> &'static regex::Regex {
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| {
            regex::Regex::new(concat!(
                r"[（(][ 　]?[一二三四五六七八九十壹貳贰參叁肆伍陸陆柒捌玖拾]{1,3}[ 　]?[)）][、.．,，]?",
                r"|[（(][ 　]?[0-9０-９]{1,2}[ 　]?[)）][、.．]?",
                r"|[（(][ 　]?[)）]",
                r"|[一二三四五六七八九十壹貳贰參叁肆伍陸陆柒捌玖拾]{1,3}(?:是|[、.．,，])",
                r"|[0-9]{1,3}[.．、]",
                r"|[０-９]{1,3}[.．、]",
                r"|[①-⑳⑴-⒛㈠-㈩]",
                r"|[Ⅰ-Ⅻ][、.．]",
                r"|第[一二三四五六七八九十百零〇0-9０-９壹貳贰參叁肆伍陸陆柒捌玖拾]{1,4}(?:章|节|節|部分|条|條|编|編|篇)",
            ))
            .expect("marker regex is valid")
        })
    }

    fn marker(s: &str) -> HeadingMarker {
        leading_marker(s).expect("a marker")
    }

    fn kind_number(s: &str) -> Option<(MarkerKind, Option<u32>, Option<Bracket>)> {
        leading_marker(s).map(|m| (m.kind, m.number, m.bracket))
    }

    #[test]
    fn markers_of_real_drafts_sit_at_their_gb_level() {
        use Bracket::{Enclosed, HalfClosed};
        use MarkerKind::*;
        let cases: [(&str, MarkerKind, u32, Option<Bracket>); 16] = [
            ("⑶甲", ParenArabic, 3, Some(Enclosed)),
            ("⒇甲", ParenArabic, 20, Some(Enclosed)),
            ("⒌甲", Arabic, 5, Some(Enclosed)),
            ("㈢甲", ParenChinese, 3, Some(Enclosed)),
            ("１２．甲", Arabic, 12, None),
            ("３、甲", Arabic, 3, None),
            ("1)甲", ParenArabic, 1, Some(HalfClosed)),
            ("12）甲", ParenArabic, 12, Some(HalfClosed)),
            ("三)甲", ParenChinese, 3, Some(HalfClosed)),
            ("Ⅳ、甲", Roman, 4, None),
            ("貳拾、甲", Capital, 20, None),
            ("参拾、甲", Chinese, 0, None),
            ("叁、甲", Capital, 3, None),
            ("第十條 甲", Chapter(ChapterUnit::Article), 10, None),
            ("第１章 甲", Chapter(ChapterUnit::Chapter), 1, None),
            ("第壹章 甲", Chapter(ChapterUnit::Chapter), 1, None),
        ];
        for (s, kind, n, bracket) in cases {
            if n == 0 {
                // `参` is not a numeral (only `參`/`叁` are).
                assert_eq!(kind_number(s), None, "{s}");
                continue;
            }
            assert_eq!(kind_number(s), Some((kind, Some(n), bracket)), "{s}");
        }
        assert_eq!(
            kind_number("第二節 甲").map(|k| k.0),
            Some(Chapter(ChapterUnit::Section))
        );
        assert_eq!(kind_number("一是甲").map(|k| k.0), Some(Enumeration));
    }

    #[test]
    fn look_alikes_are_not_markers() {
        for s in [
            "两、甲",
            "兩是甲",
            "Ⅲ类水质",
            "1.1 总体目标",
            "1️⃣ 做强品牌",
            "U12)",
            "1。标题",
            "首先，甲",
        ] {
            assert_eq!(kind_number(s), None, "{s}");
        }
        // Half-closed only at a line's start.
        let s = "见附件1)所列";
        let starts = MarkerStarts::new(s);
        assert!(scan_line(s, 0..s.len(), 0, &starts).is_empty());
    }

    #[test]
    fn numerals_are_rewritten_as_written() {
        let renumber = |s: &str, n: u32| {
            let m = marker(s);
            crate::edit::apply(
                s,
                &m.edits(
                    s,
                    Wanted {
                        number: Some(n),
                        ..Wanted::default()
                    },
                ),
            )
        };
        assert_eq!(renumber("⑴甲", 3), "⑶甲");
        assert_eq!(renumber("⒈甲", 2), "⒉甲");
        assert_eq!(renumber("㈠甲", 4), "㈣甲");
        assert_eq!(renumber("Ⅰ、甲", 2), "Ⅱ、甲");
        assert_eq!(renumber("貳、甲", 3), "參、甲");
        assert_eq!(renumber("贰、甲", 3), "叁、甲");
        assert_eq!(renumber("１．甲", 12), "１２．甲");
        assert_eq!(renumber("第貳章 甲", 3), "第參章 甲");
        assert_eq!(renumber("1)甲", 2), "2)甲");
        // A half-closed marker gets its opening bracket; `⒈` keeps its dot.
        let s = "1)甲";
        let m = marker(s);
        let w = Wanted {
            bracket: Some(Bracket::Full),
            ..Wanted::default()
        };
        assert_eq!(crate::edit::apply(s, &m.edits(s, w)), "（1）甲");
        assert_eq!(m.rewritten(s, w), "（1）");
        let s = "⒈甲";
        let w = Wanted {
            separator: Some(Separator::Dunhao),
            ..Wanted::default()
        };
        assert!(marker(s).edits(s, w).is_empty());
        assert_eq!(
            render_marker(
                MarkerKind::ParenArabic,
                2,
                Some(Bracket::Enclosed),
                Separator::None
            ),
            "⑵"
        );
        assert_eq!(
            render_marker(MarkerKind::Capital, 2, None, Separator::Dunhao),
            "貳、"
        );
    }

    #[test]
    fn parts_are_where_the_scanner_found_them() {
        let s = "( 二 ）、甲";
        let m = marker(s);
        let p = &m.parts;
        assert_eq!(p.open.clone().map(|r| &s[r]), Some("("));
        assert_eq!(&s[p.number.clone()], "二");
        assert_eq!(p.close.clone().map(|r| &s[r]), Some("）"));
        assert_eq!(&s[p.separator.clone()], "、");
        let s = "第十二章 总则";
        assert_eq!(&s[marker(s).parts.number.clone()], "十二");
        let s = "（）甲";
        let m = marker(s);
        assert!(m.parts.number.is_empty() && m.parts.number.start == "（".len());
    }

    #[test]
    fn number_bracket_and_separator_edits_never_overlap() {
        let s = "(一）、甲";
        let m = marker(s);
        let part = |w: Wanted| m.edits(s, w);
        let number = part(Wanted {
            number: Some(2),
            ..Wanted::default()
        });
        let bracket = part(Wanted {
            bracket: Some(Bracket::Full),
            ..Wanted::default()
        });
        let separator = part(Wanted {
            separator: Some(Separator::None),
            ..Wanted::default()
        });
        let all: Vec<&Edit> = number.iter().chain(&bracket).chain(&separator).collect();
        assert_eq!(all.len(), 3, "{all:?}");
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} {b:?}");
            }
        }
        let edits: Vec<Edit> = all.into_iter().cloned().collect();
        assert_eq!(crate::edit::apply(s, &edits), "（二）甲");
        assert_eq!(
            m.rewritten(
                s,
                Wanted {
                    number: Some(2),
                    bracket: Some(Bracket::Full),
                    separator: Some(Separator::None)
                }
            ),
            "（二）"
        );
    }

    #[test]
    fn hand_written_matcher_agrees_with_the_regex() {
        let samples = [
            "一、总结（一）甲(二) 乙( 三 )丙（）丁()戊1.己2、庚3．辛（1）壬(12)癸①子⑳丑第一章寅第12条卯第三部分",
            "2022.年43.2亩，第1.期，一二三四、，二七、永红，十一、二十是三十五．每周一、四晚，统一、举一反三、",
            "（十一）、（１２）（1２）(一）（１)，一是二是十是九十九是一百、",
            "⑴甲⒇乙⒈丙⒛丁㈠戊㈩己Ⅰ、庚Ⅻ.辛Ⅲ类１．壬１２、癸壹、貳是第壹章第十條第１章第二節参拾、(貳)",
        ];
        let corpus = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/compilation_untitled.txt"
        ))
        .unwrap_or_default();
        for s in samples.iter().copied().chain(corpus.lines()) {
            // Mid-line `一，` is never a heading, so the fast scan does not look for it.
            let want: Vec<_> = marker_regex()
                .find_iter(s)
                .filter(|m| {
                    m.start() == 0
                        || !m.as_str().ends_with(['，', ','])
                        || m.as_str().starts_with(['（', '('])
                })
                .map(|m| m.range())
                .collect();
            let starts = MarkerStarts::new(s);
            let mut got: Vec<std::ops::Range<usize>> = Vec::new();
            let first = match_at(s, 0).map(|e| 0..e);
            for m in first.into_iter().chain(starts.matches_in(s, 0..s.len())) {
                if got.last().is_none_or(|l| m.start >= l.end) {
                    got.push(m);
                }
            }
            assert_eq!(got, want, "{s}");
        }
    }
}
