//! Heading markers: the numbering grammar of Chinese reports.

use std::ops::Range;

/// The unit of a `第X章`-style heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChapterUnit {
    /// 第X编 / 第X篇 / 第X部分
    Part,
    /// 第X章
    Chapter,
    /// 第X节
    Section,
    /// 第X条
    Article,
}

/// Which numbering system a marker belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// Markdown ATX heading `#`…`######` with its depth.
    Markdown(u8),
    /// `第一章`, `第二节`, `第三部分`, `第四条`.
    Chapter(ChapterUnit),
    /// `一、` (level 1 of GB/T 9704).
    Chinese,
    /// `（一）` / `(一)` (level 2).
    ParenChinese,
    /// `1.` / `1、` / `1．` (level 3).
    Arabic,
    /// `（1）` / `(1)` (level 4).
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
}

impl MarkerKind {
    /// Nesting rank: a heading nests under the nearest open heading of a lower rank.
    pub fn rank(self) -> u8 {
        match self {
            MarkerKind::Markdown(depth) => 10 + depth,
            MarkerKind::Chapter(ChapterUnit::Part) => 20,
            MarkerKind::Chapter(ChapterUnit::Chapter) => 21,
            MarkerKind::Chapter(ChapterUnit::Section) => 22,
            MarkerKind::Chapter(ChapterUnit::Article) => 23,
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
        _ => ("（", "）"),
    };
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
            if n % 10 != 0 {
                s.push(DIGITS[(n % 10) as usize]);
            }
            s
        }
        _ => n.to_string(),
    }
}

/// Parses a Chinese numeral of the forms used in headings (一 … 九十九).
/// Returns `None` for anything else, such as `二七` or `十十`.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
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
