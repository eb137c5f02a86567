//! Automatic numbering and paragraph styles: `numbering.xml` and
//! `styles.xml` read into tables, and the counters that turn a paragraph's
//! `w:numPr` into the number Word displays.
//!
//! Resolution, as Word does it:
//! - a paragraph's `w:numPr` (`w:numId`, `w:ilvl`) wins; otherwise its
//!   style's (through `w:basedOn`), the level then being the one whose
//!   `w:pStyle` names the style, or 0. `w:numId` 0 means "no number".
//! - `w:num` → `w:abstractNum` (one `w:numStyleLink` followed), with
//!   `w:lvlOverride` replacing a level (`w:lvl`) or its start
//!   (`w:startOverride`, applied the first time that `w:num` is used).
//! - Counters belong to the abstract list, so two `w:num` of the same
//!   `w:abstractNum` continue each other; a `w:num` with overrides is a list
//!   of its own (Word's "restart numbering" makes exactly such a `w:num`).
//! - Using a level restarts the deeper ones unless their `w:lvlRestart`
//!   says otherwise (0: never; n: only when level n or a higher one is used).
//! - `w:lvlText` (`%1、`, `（%2）`, `%1.%2`) is rendered with each level's
//!   `w:numFmt`; `w:isLgl` shows the referenced levels as decimals; the
//!   `w:suff` after the number is kept as a space only after ASCII text
//!   (`1. 标题`), so that `一、主要工作` reads as Word shows it. Bullets
//!   (`w:numFmt` `bullet`) and `none` add no text.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
pub struct Level {
    pub start: Option<u32>,
    pub fmt: String,
    pub text: Option<String>,
    pub restart: Option<u32>,
    pub suff: Suffix,
    pub pstyle: Option<String>,
    pub is_lgl: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abs: String,
    start_overrides: HashMap<usize, u32>,
    level_overrides: HashMap<usize, Level>,
}

/// A paragraph style: its numbering, its parent, and its heading level.
#[derive(Debug, Clone, Default)]
pub struct Style {
    pub name: String,
    pub based_on: Option<String>,
    pub num_id: Option<String>,
    pub ilvl: Option<usize>,
    pub outline_lvl: Option<u8>,
}

/// `numbering.xml` and `styles.xml`, read.
#[derive(Debug, Default)]
pub struct Tables {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
    pub styles: HashMap<String, Style>,
    /// The style with `w:default="1"` of type paragraph (`Normal`).
    pub default_style: Option<String>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

/// `w:val` of an on/off element: absent, `1`, `true`, `on` mean on.
pub fn on(e: &BytesStart<'_>) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

fn num(e: &BytesStart<'_>) -> Option<u32> {
    val(e)?.trim().parse().ok()
}

impl Tables {
    /// Reads `numbering.xml`; malformed parts are read as far as they go.
    pub fn read_numbering(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        let mut abs: Option<(String, Abstract)> = None;
        let mut num_def: Option<(String, Num)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        let mut in_ppr = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    match e.name().as_ref() {
                        "w:abstractNum" => {
                            abs = attr(&e, "abstractNumId").map(|id| {
                                (
                                    id,
                                    Abstract {
                                        levels: vec![None; LEVELS],
                                        ..Abstract::default()
                                    },
                                )
                            });
                        }
                        "w:num" => {
                            num_def = attr(&e, "numId").map(|id| (id, Num::default()));
                        }
                        "w:abstractNumId" => {
                            if let (Some((_, n)), Some(v)) = (num_def.as_mut(), val(&e)) {
                                n.abs = v;
                            }
                        }
                        "w:numStyleLink" => {
                            if let Some((_, a)) = abs.as_mut() {
                                a.num_style_link = val(&e);
                            }
                        }
                        "w:lvlOverride" => {
                            override_lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                        }
                        "w:startOverride" => {
                            if let (Some((_, n)), Some(l), Some(v)) =
                                (num_def.as_mut(), override_lvl, num(&e))
                            {
                                n.start_overrides.insert(l, v);
                            }
                        }
                        "w:lvl" => {
                            level = attr(&e, "ilvl")
                                .and_then(|v| v.parse().ok())
                                .filter(|&l: &usize| l < LEVELS)
                                .map(|l| {
                                    (
                                        l,
                                        Level {
                                            fmt: "decimal".into(),
                                            ..Level::default()
                                        },
                                    )
                                });
                        }
                        "w:pPr" => in_ppr = true,
                        name if level.is_some() && !in_ppr => {
                            let (_, l) = level.as_mut().expect("checked");
                            match name {
                                "w:start" => l.start = num(&e),
                                "w:numFmt" => {
                                    // `custom` (Word 2010, in mc:Choice) is
                                    // followed by its fallback.
                                    if let Some(v) = val(&e) {
                                        if v != "custom" {
                                            l.fmt = v;
                                        }
                                    }
                                }
                                "w:lvlText" => l.text = Some(val(&e).unwrap_or_default()),
                                "w:lvlRestart" => l.restart = num(&e),
                                "w:isLgl" => l.is_lgl = on(&e),
                                "w:pStyle" => l.pstyle = val(&e),
                                "w:suff" => {
                                    l.suff = match val(&e).as_deref() {
                                        Some("space") => Suffix::Space,
                                        Some("nothing") => Suffix::Nothing,
                                        _ => Suffix::Tab,
                                    }
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.name().as_ref() {
                    "w:abstractNum" => {
                        if let Some((id, a)) = abs.take() {
                            self.abstracts.insert(id, a);
                        }
                    }
                    "w:num" => {
                        if let Some((id, n)) = num_def.take() {
                            self.nums.insert(id, n);
                        }
                    }
                    "w:lvlOverride" => override_lvl = None,
                    "w:pPr" => in_ppr = false,
                    "w:lvl" => {
                        if let Some((i, l)) = level.take() {
                            if let Some((_, n)) = num_def.as_mut() {
                                if let Some(o) = override_lvl {
                                    n.level_overrides.insert(o, l);
                                }
                            } else if let Some((_, a)) = abs.as_mut() {
                                a.levels[i] = Some(l);
                            }
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// Reads `styles.xml` (paragraph styles only).
    pub fn read_styles(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        let mut style: Option<(String, Style)> = None;
        let mut skip_depth = 0usize;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            let (e, is_start) = match &event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if e.name().as_ref() == "w:style" {
                        if let Some((id, s)) = style.take() {
                            self.styles.insert(id, s);
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            if skip_depth > 0 {
                if is_start {
                    skip_depth += 1;
                }
                continue;
            }
            match e.name().as_ref() {
                "w:style" => {
                    let paragraph = attr(e, "type").is_none_or(|t| t == "paragraph");
                    style = attr(e, "styleId").filter(|_| paragraph).map(|id| {
                        if attr(e, "default").is_some_and(|d| d == "1" || d == "true") {
                            self.default_style = Some(id.clone());
                        }
                        (id, Style::default())
                    });
                    if style.is_none() && is_start {
                        skip_depth = 1;
                    }
                }
                // Old properties of a tracked change are not the style's.
                "w:pPrChange" | "w:rPr" if is_start => skip_depth = 1,
                name => {
                    if let Some((_, s)) = style.as_mut() {
                        match name {
                            "w:name" => s.name = val(e).unwrap_or_default(),
                            "w:basedOn" => s.based_on = val(e),
                            "w:numId" => s.num_id = val(e),
                            "w:ilvl" => s.ilvl = val(e).and_then(|v| v.parse().ok()),
                            "w:outlineLvl" => s.outline_lvl = val(e).and_then(|v| v.parse().ok()),
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    /// The heading level (1-based) of a paragraph style: `heading N`,
    /// `标题 N`, or an outline level below 9, through `w:basedOn`.
    pub fn heading_level(&self, style_id: &str) -> Option<u8> {
        let mut id = style_id;
        for _ in 0..16 {
            let s = self.styles.get(id)?;
            let name = s.name.trim().to_lowercase();
            for prefix in ["heading", "标题"] {
                if let Some(rest) = name.strip_prefix(prefix) {
                    if let Ok(n) = rest.trim().parse::<u8>() {
                        if (1..=9).contains(&n) {
                            return Some(n);
                        }
                    }
                }
            }
            if let Some(l) = s.outline_lvl.filter(|&l| l < 9) {
                return Some(l + 1);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// The numbering a style gives its paragraphs (through `w:basedOn`).
    fn style_numbering(&self, style_id: &str) -> (Option<String>, Option<usize>) {
        let mut id = style_id;
        let (mut num_id, mut ilvl) = (None, None);
        for _ in 0..16 {
            let Some(s) = self.styles.get(id) else { break };
            if num_id.is_none() {
                num_id = s.num_id.clone();
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
            match &s.based_on {
                Some(b) if num_id.is_none() || ilvl.is_none() => id = b,
                _ => break,
            }
        }
        (num_id, ilvl)
    }

    /// The abstract list id of a `w:num`, one `w:numStyleLink` followed.
    fn abstract_of(&self, num_id: &str) -> Option<&str> {
        let n = self.nums.get(num_id)?;
        let a = self.abstracts.get(&n.abs)?;
        if let Some(link) = &a.num_style_link {
            let (Some(linked), _) = self.style_numbering(link) else {
                return Some(&n.abs);
            };
            if let Some(l) = self.nums.get(&linked) {
                if self.abstracts.contains_key(&l.abs) {
                    return Some(&l.abs);
                }
            }
        }
        Some(&n.abs)
    }

    fn level(&self, num_id: &str, abs: &str, ilvl: usize) -> Option<&Level> {
        if let Some(l) = self
            .nums
            .get(num_id)
            .and_then(|n| n.level_overrides.get(&ilvl))
        {
            return Some(l);
        }
        self.abstracts.get(abs)?.levels.get(ilvl)?.as_ref()
    }
}

/// The counters of a document's lists, advanced paragraph by paragraph.
#[derive(Debug, Default)]
pub struct Counters {
    values: HashMap<String, [Option<u32>; LEVELS]>,
    /// The `w:num`s already met, so a start override applies once.
    started: HashSet<String>,
}

impl Counters {
    /// The number shown before a paragraph with this style and direct
    /// numbering, advancing the counters; `None` for no number or a bullet.
    pub fn next(
        &mut self,
        tables: &Tables,
        style: Option<&str>,
        num_id: Option<&str>,
        ilvl: Option<usize>,
    ) -> Option<String> {
        let (style_num, style_ilvl) = style.map_or((None, None), |s| tables.style_numbering(s));
        let num_id = num_id.map(str::to_owned).or(style_num)?;
        if num_id.trim() == "0" {
            return None;
        }
        let abs = tables.abstract_of(&num_id)?.to_owned();
        let ilvl = ilvl
            .or(style_ilvl)
            .or_else(|| {
                let style = style?;
                (0..LEVELS).find(|&l| {
                    tables
                        .level(&num_id, &abs, l)
                        .is_some_and(|lv| lv.pstyle.as_deref() == Some(style))
                })
            })
            .unwrap_or(0)
            .min(LEVELS - 1);
        let def = tables.level(&num_id, &abs, ilvl)?.clone();
        let n = tables.nums.get(&num_id)?;
        let own_list = !n.start_overrides.is_empty() || !n.level_overrides.is_empty();
        let key = if own_list {
            format!("num:{num_id}")
        } else {
            format!("abs:{abs}")
        };
        let first_use = self.started.insert(num_id.clone());
        let values = self.values.entry(key).or_insert([None; LEVELS]);
        if first_use {
            for (l, &s) in &n.start_overrides {
                if *l < LEVELS {
                    // The next use of that level shows the override.
                    values[*l] = Some(s.saturating_sub(1));
                }
            }
        }
        let start = |l: usize| {
            n.level_overrides
                .get(&l)
                .and_then(|lv| lv.start)
                .or_else(|| tables.level(&num_id, &abs, l).and_then(|lv| lv.start))
                .unwrap_or(0)
        };
        values[ilvl] = Some(match values[ilvl] {
            None => def.start.unwrap_or(0),
            Some(v) => v.saturating_add(1),
        });
        for (m, slot) in values.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = tables.level(&num_id, &abs, m).and_then(|lv| lv.restart);
            // Omitted: restart after any higher level; 0: never; n: after
            // level n (1-based) or a higher one.
            let restarts = restart.is_none_or(|r| r != 0 && ilvl < r as usize);
            if restarts {
                *slot = None;
            }
        }
        if matches!(def.fmt.as_str(), "bullet" | "none") {
            return None;
        }
        let template = def.text.clone().unwrap_or_default();
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1).min(LEVELS - 1);
                    let value = values[l].unwrap_or_else(|| start(l));
                    let fmt = tables
                        .level(&num_id, &abs, l)
                        .map_or("decimal", |lv| lv.fmt.as_str());
                    let fmt = if def.is_lgl { "decimal" } else { fmt };
                    out.push_str(&format_number(fmt, value));
                    continue;
                }
            }
            out.push(c);
        }
        if out.is_empty() {
            return None;
        }
        if def.suff != Suffix::Nothing && out.ends_with(|c: char| c.is_ascii() && c != ' ') {
            out.push(' ');
        }
        Some(out)
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// `n` in Chinese counting: 一 … 十、十一 … 二十、一百零一、一千.
fn chinese_counting(n: u32, zero: char, digits: &[char; 10], units: [char; 3]) -> String {
    if n == 0 {
        return zero.to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, units[2]),
        ((n / 100) % 10, units[1]),
        ((n / 10) % 10, units[0]),
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, (d, unit)) in parts.iter().enumerate() {
        if *d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push(zero);
            pending_zero = false;
        }
        // 十一, not 一十一, when ten is the highest place.
        if !(i == 2 && *d == 1 && out.is_empty()) {
            out.push(digits[*d as usize]);
        }
        out.push(*unit);
    }
    let ones = n % 10;
    if ones > 0 {
        if pending_zero {
            out.push(zero);
        }
        out.push(digits[ones as usize]);
    }
    out
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    // Word repeats the letter: a … z, aa … zz.
    let letter = (base + ((n - 1) % 26) as u8) as char;
    letter.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

fn roman(mut n: u32, upper: bool) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    if upper {
        out
    } else {
        out.to_lowercase()
    }
}

fn from_table(n: u32, first: u32, count: u32) -> Option<char> {
    (1..=count)
        .contains(&n)
        .then(|| char::from_u32(first + n - 1))
        .flatten()
}

/// `n` in a `w:numFmt`; unknown formats fall back to decimal.
pub fn format_number(fmt: &str, n: u32) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => chinese_counting(n, '〇', &CN_DIGITS, ['十', '百', '千']),
        "chineseLegalSimplified" => chinese_counting(
            n,
            '零',
            &['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
            ['拾', '佰', '仟'],
        ),
        "ideographLegalTraditional" => chinese_counting(
            n,
            '零',
            &['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'],
            ['拾', '佰', '仟'],
        ),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| CN_DIGITS[d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "ideographTraditional" => {
            const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            if n == 0 {
                n.to_string()
            } else {
                STEMS[((n - 1) % 10) as usize].to_string()
            }
        }
        "ideographZodiac" => {
            const BRANCHES: [char; 12] = [
                '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
            ];
            if n == 0 {
                n.to_string()
            } else {
                BRANCHES[((n - 1) % 12) as usize].to_string()
            }
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            // ① … ⑳, then ㉑ … ㉟, ㊱ … ㊿; beyond, the plain number.
            from_table(n, 0x2460, 20)
                .or_else(|| {
                    (21..=35)
                        .contains(&n)
                        .then(|| char::from_u32(0x3251 + n - 21))
                        .flatten()
                })
                .or_else(|| {
                    (36..=50)
                        .contains(&n)
                        .then(|| char::from_u32(0x32B1 + n - 36))
                        .flatten()
                })
                .map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" => {
            from_table(n, 0x2474, 20).map_or_else(|| format!("({n})"), String::from)
        }
        "decimalEnclosedFullstop" => {
            from_table(n, 0x2488, 20).map_or_else(|| format!("{n}."), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperRoman" => roman(n, true),
        "lowerRoman" => roman(n, false),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_word_shows_them() {
        let cases = [
            ("chineseCounting", 1, "一"),
            ("chineseCounting", 10, "十"),
            ("chineseCounting", 11, "十一"),
            ("chineseCounting", 20, "二十"),
            ("chineseCountingThousand", 101, "一百〇一"),
            ("chineseCountingThousand", 110, "一百一十"),
            ("chineseCountingThousand", 1005, "一千〇五"),
            ("chineseLegalSimplified", 12, "拾贰"),
            ("ideographTraditional", 2, "乙"),
            ("ideographTraditional", 11, "甲"),
            ("decimal", 7, "7"),
            ("decimalEnclosedCircle", 1, "①"),
            ("decimalEnclosedCircle", 20, "⑳"),
            ("decimalEnclosedCircle", 21, "㉑"),
            ("decimalEnclosedCircle", 51, "51"),
            ("decimalFullWidth", 12, "１２"),
            ("decimalEnclosedParen", 3, "⑶"),
            ("decimalEnclosedParen", 21, "(21)"),
            ("upperRoman", 4, "IV"),
            ("lowerRoman", 9, "ix"),
            ("lowerLetter", 1, "a"),
            ("lowerLetter", 27, "aa"),
            ("upperLetter", 2, "B"),
            ("decimalZero", 3, "03"),
            ("somethingNew", 5, "5"),
        ];
        for (fmt, n, want) in cases {
            assert_eq!(format_number(fmt, n), want, "{fmt} {n}");
        }
    }
}
