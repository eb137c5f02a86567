//! Placeholder tokens left in a draft: `XX县`, `20**年`, `x月xx日`, `××`, `○○`,
//! `___街道`, `20__年`, `1XX32元`, `【 】`, `（ ）`…
//!
//! Deliberate non-placeholders: `snake_case` and `__init__` (underscores
//! touching Latin letters), lines that are only underscores (rules), a blank
//! after a signing label (`签名：________`, `盖章：____`, to be signed on
//! paper), `3x3`/`7x24` (a single `x` between digits multiplies), road codes
//! (`X205`, but `g318xx县` holds the placeholder `xx`), Chinese-numeral years
//! (`二〇〇八`), footnote stars (`注*`), and in Markdown emphasis delimiters,
//! code, comments and link destinations.

use std::ops::Range;

use crate::markdown::Markdown;
use crate::{Config, DocumentKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceholderShape {
    /// A run of `x`/`X`/`×`/`＊`-like filler (`XX县`, `xx万元`).
    Filler,
    /// A year with filler digits: `20xx`, `20**`, `202x`.
    Year,
    /// A date with filler: `x月xx日`, `20xx年x月`.
    Date,
    /// A number with filler: `xx.xx`, `*.**`, `x.x`.
    Number,
    /// `○○`, `□□`.
    Symbol,
    /// `某某`.
    Someone,
    /// An editor's note such as `【待补充】` or `TODO`, an empty `【 】`, a
    /// template slot `[具体措施]`.
    Note,
    /// A blank to fill in: `___街道`, `__月`, `（  ）`.
    Blank,
    /// A number deleted before its unit: `约亩`, `总资金约万元`, `增长%`.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub range: Range<usize>,
    pub shape: PlaceholderShape,
}

impl PlaceholderShape {
    /// What the placeholder stands for, in Chinese.
    pub fn describe(self) -> &'static str {
        match self {
            PlaceholderShape::Filler => "待填写的名称或数字",
            PlaceholderShape::Year => "待填写的年份",
            PlaceholderShape::Date => "待填写的日期",
            PlaceholderShape::Number => "待填写的数值",
            PlaceholderShape::Symbol => "待填写的内容（符号占位）",
            PlaceholderShape::Someone => "待填写的人名或单位名",
            PlaceholderShape::Note => "待补充的内容",
            PlaceholderShape::Blank => "待填写的空白",
            PlaceholderShape::Missing => "缺失的数字",
        }
    }
}

fn is_x(c: char) -> bool {
    matches!(c, 'x' | 'X' | '×' | 'ｘ' | 'Ｘ')
}

/// Length in bytes of the run of chars at `at` satisfying `f`.
fn run_len(s: &str, at: usize, f: impl Fn(char) -> bool) -> usize {
    s[at..]
        .chars()
        .take_while(|&c| f(c))
        .map(char::len_utf8)
        .sum()
}

/// Matches one candidate pattern starting exactly at `at`, returning its end.
fn match_at(s: &str, at: usize) -> Option<usize> {
    let c = s[at..].chars().next()?;
    let filler = |i: usize| -> usize {
        match s[i..].chars().next() {
            Some(c) if is_x(c) => run_len(s, i, is_x),
            Some(c) if is_star(c) => run_len(s, i, is_star),
            _ => 0,
        }
    };
    match c {
        c if is_x(c) || is_star(c) => {
            let end = at + filler(at);
            // A decimal part: `xx.xx`, `*.**`.
            let dot = s[end..].chars().next().filter(|c| matches!(c, '.' | '．'));
            match dot.map(|d| end + d.len_utf8()) {
                Some(frac) if filler(frac) > 0 => Some(frac + filler(frac)),
                _ => Some(end),
            }
        }
        '○' | '〇' | '□' | '某' => {
            let n = run_len(s, at, |x| x == c);
            (n >= 2 * c.len_utf8()).then_some(at + n)
        }
        '【' => {
            let body = at + c.len_utf8();
            let inner: usize = s[body..]
                .chars()
                .take(16)
                .take_while(|&x| !matches!(x, '】' | '\r' | '\n'))
                .map(char::len_utf8)
                .sum();
            s[body + inner..]
                .starts_with('】')
                .then(|| body + inner + '】'.len_utf8())
        }
        'T' | 'F' => ["TODO", "TBD", "FIXME"]
            .iter()
            .find(|w| s[at..].starts_with(**w))
            .map(|w| at + w.len()),
        _ => None,
    }
}

/// The non-ASCII literals a candidate can start with, found together by one
/// multi-literal (Teddy) search: one `memmem` pass each over Han text,
/// whose bytes are all common, costs several times as much.
fn wide_starts() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        // The literals alone: a regex of them cost every `check` run
        // 0.3 M instructions to compile, for the same packed search.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            // Its packed search does the work: no DFA to build as well.
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(["×", "ｘ", "Ｘ", "＊", "○○", "〇〇", "□□", "某某", "【"])
            .expect("wide starts")
    })
}

/// Every candidate, leftmost first and non-overlapping, like a regex `find_iter`.
///
/// Where a literal a candidate starts with (`x`, `X`, `*`, `T`, `FIXME`
/// and [`wide_starts`]) is next is searched for lazily, each search from
/// the end of the last candidate, so a run of thirty million `X` is one
/// candidate found with a handful of searches, not thirty million start
/// positions held in memory. The searches may report more than where a
/// literal starts (a search for the next of several literals finds the
/// leftmost of them): [`match_at`] only matches where one does.
fn candidates(s: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = s.as_bytes();
    let fixme = memchr::memmem::Finder::new("FIXME");
    let wide = wide_starts();
    let find = move |k: usize, from: usize| -> Option<usize> {
        let rest = &bytes[from..];
        match k {
            0 => memchr::memchr3(b'x', b'X', b'*', rest),
            1 => memchr::memchr(b'T', rest),
            2 => fixme.find(rest),
            _ => {
                return wide
                    .find(aho_corasick::Input::new(s).span(from..s.len()))
                    .map(|m| m.start())
            }
        }
        .map(|i| from + i)
    };
    let mut next: [Option<usize>; 4] = std::array::from_fn(|k| find(k, 0));
    let mut at = 0;
    std::iter::from_fn(move || loop {
        for (k, n) in next.iter_mut().enumerate() {
            if n.is_some_and(|p| p < at) {
                *n = find(k, at);
            }
        }
        let i = next.iter().flatten().min().copied()?;
        for (k, n) in next.iter_mut().enumerate() {
            if *n == Some(i) {
                // Every search finds character starts, so the next one is
                // past the character at `i` (a `str` search must start at
                // a character boundary).
                let from = i + s[i..].chars().next().map_or(1, char::len_utf8);
                *n = find(k, from);
            }
        }
        if let Some(end) = match_at(s, i) {
            at = end;
            return Some(i..end);
        }
    })
}

/// The most common Chinese surnames: `张某某` names a person anonymously.
fn is_surname(c: char) -> bool {
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
        .contains(c)
}

fn is_filler(c: char) -> bool {
    matches!(c, 'x' | 'X' | '×' | 'ｘ' | 'Ｘ' | '*' | '＊')
}

fn is_star(c: char) -> bool {
    matches!(c, '*' | '＊')
}

/// Finds every placeholder token in `text`, sorted by offset. `md` (Markdown
/// only) marks code, comments and link destinations, where nothing is a
/// placeholder, and emphasis delimiters. `filler` is a forum's
/// anti-scraping filler (`crate::text::jammers`), `residue`'s finding.
pub(crate) fn scan(
    text: &str,
    config: &Config,
    md: Option<&Markdown>,
    filler: &[std::ops::Range<usize>],
) -> Vec<Placeholder> {
    let mut emphasis = if config.kind == DocumentKind::Markdown {
        markdown_emphasis(text)
    } else {
        Vec::new()
    };
    if let Some(md) = md {
        emphasis.extend(md.emphasis.iter().cloned());
    }
    let allowed: Vec<std::ops::Range<usize>> = config
        .placeholder_allow
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| text.match_indices(w.as_str()).map(|(i, m)| i..i + m.len()))
        .collect();
    let mut found: Vec<Placeholder> = Vec::new();
    for m in candidates(text) {
        let first = text[m.clone()].chars().next().unwrap_or(' ');
        let hit = if is_filler(first) {
            classify_filler(text, m)
        } else {
            let before = text[..m.start].chars().next_back();
            let after = text[m.end..].chars().next();
            classify(&text[m.clone()], before, after).map(|shape| (m, shape))
        };
        if let Some((range, shape)) = hit {
            found.push(Placeholder { range, shape });
        }
    }
    blanks(text, &mut found);
    missing_numbers(text, &mut found);
    template_fields(text, &mut found);
    found.sort_by(|a, b| (a.range.start, b.range.end).cmp(&(b.range.start, a.range.end)));
    let mut out: Vec<Placeholder> = Vec::with_capacity(found.len());
    for p in found {
        let range = &p.range;
        if out.last().is_some_and(|l| l.range.end > range.start)
            || emphasis
                .iter()
                .any(|e| e.start <= range.start && range.end <= e.end)
            || allowed
                .iter()
                .any(|a| a.start <= range.start && range.end <= a.end)
            || filler
                .iter()
                .any(|f| f.start <= range.start && range.end <= f.end)
            || md.is_some_and(|md| md.overlaps(range))
        {
            continue;
        }
        out.push(p);
    }
    let mut out = merge_dates(text, out);
    // The organisation's own patterns (`【待定】`, `＿＿`), from the configuration.
    for pattern in &config.placeholder_patterns {
        let Ok(re) = regex::Regex::new(pattern) else {
            continue;
        };
        for m in re.find_iter(text).filter(|m| !m.is_empty()) {
            let r = m.range();
            let taken = out
                .iter()
                .any(|p| p.range.start < r.end && r.start < p.range.end);
            let allowed_here = allowed.iter().any(|a| a.start <= r.start && r.end <= a.end);
            if !taken && !allowed_here {
                out.push(Placeholder {
                    range: r,
                    shape: PlaceholderShape::Note,
                });
            }
        }
    }
    if !config.placeholder_patterns.is_empty() {
        out.sort_by_key(|p| p.range.start);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Units a number stands before: `*个`, `x.8万元`, `21.X%`.
fn is_unit(c: char) -> bool {
    "%‰％万亿千百元角人户个次项件家所台辆套栋座条米亩吨年月日号期届名位天批场处间份株头只余多"
        .contains(c)
}

/// Latin units glued to a filler: `XXkg`, `XXkm`, `xxm²`.
fn latin_unit_at(s: &str) -> bool {
    [
        "kWh", "kW", "MW", "km", "kg", "mm", "cm", "m²", "m³", "m2", "m3", "ml", "mL", "t", "m",
        "g",
    ]
    .iter()
    .any(|u| {
        s.strip_prefix(u)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// A Chinese numeral, so `○○`/`〇〇` between them is a zero (`二〇〇八`).
fn is_cjk_numeral(c: char) -> bool {
    "〇○零一二三四五六七八九十百".contains(c)
}

/// Decides whether a run of `x`/`*` filler at `m` is a placeholder, and
/// which bytes it covers: the digits of a year or of a partly hidden number
/// belong to it (`20xx`, `20*年`, `1XX32元`, `21.X%`, `x.8万元`).
fn classify_filler(text: &str, m: Range<usize>) -> Option<(Range<usize>, PlaceholderShape)> {
    let bytes = text.as_bytes();
    let filler = &text[m.clone()];
    let stars_only = filler.chars().all(|c| is_star(c) || c == '.' || c == '．');
    let has_latin_x = filler.chars().any(|c| matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ'));
    let filler_len = filler.chars().filter(|&c| is_filler(c)).count();
    let has_dot = filler.contains(['.', '．']);
    let is_ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let is_digit =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let texty = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace());

    // Digits before the filler, maybe with a decimal point (`21.X`).
    let lead_digits = bytes[..m.start]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let mut start = m.start - lead_digits;
    let mut lead_dot = false;
    if lead_digits == 0
        && !has_dot
        && m.start >= 2
        && bytes[m.start - 1] == b'.'
        && bytes[m.start - 2].is_ascii_digit()
    {
        let d = bytes[..m.start - 1]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        start = m.start - 1 - d;
        lead_dot = true;
    }
    let before = text[..start].chars().next_back();
    // A code glued to the filler: `g318xx县` is the road g318 and `xx县`.
    if lead_digits > 0 && before.is_some_and(|c| c.is_ascii_alphabetic()) {
        let after = text[m.end..].chars().next();
        return (texty(after) && !stars_only).then(|| {
            let shape = if has_dot {
                PlaceholderShape::Number
            } else {
                PlaceholderShape::Filler
            };
            (m, shape)
        });
    }
    // Digits and filler after it: `1XX32`, `x.8`.
    let digit_or_filler = |c: char| c.is_ascii_digit() || is_filler(c);
    let mut end = m.end + run_len(text, m.end, digit_or_filler);
    if !has_dot && !lead_dot {
        let dot = text[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '．'));
        if let Some(d) = dot {
            let frac = run_len(text, end + d.len_utf8(), digit_or_filler);
            if frac > 0 {
                end += d.len_utf8() + frac;
            }
        }
    }
    let tail = &text[m.end..end];
    let tail_digits = tail.bytes().any(|b| b.is_ascii_digit());
    let after = text[end..].chars().next();
    if is_digit(after) {
        return None;
    }
    if lead_digits > 0 || lead_dot || tail_digits {
        // Part of a code or a Latin word: `A20x`, `1.20xx`, `20xxA`.
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        // A single `x`, `×` or `*` between digits multiplies: `3x3`, `7x24`, `3*4`.
        if filler_len == 1
            && !has_dot
            && lead_digits > 0
            && tail.starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let lead_only = !lead_dot && !tail_digits && !has_dot && tail.is_empty();
        // `20xx`, `202x`, `20**`, and before `年` also `20x`, `20*`.
        if lead_only
            && (lead_digits + filler_len == 4
                || (2..4).contains(&(lead_digits + filler_len))
                    && lead_digits >= 2
                    && after == Some('年'))
        {
            return Some((start..end, PlaceholderShape::Year));
        }
        let numeric_unit = after.is_some_and(|c| "%‰％万亿千百元".contains(c));
        let number = if lead_digits == 0 && !lead_dot {
            // `X00万元`: only before a unit of money or a percentage, as
            // `X205` is a road code.
            numeric_unit
        } else {
            after.is_some_and(is_unit)
                || (filler_len >= 2 || has_dot || lead_dot) && after.is_some_and(is_cjk)
        };
        return number.then_some((start..end, PlaceholderShape::Number));
    }
    let end = m.end;
    // Part of a number, code or URL: `X205`, `www.xx.com`, `7+X`.
    let half_width_label = |i: usize| {
        // `截至:XX`, `联系人:XX` use `:` as punctuation; `http:x`, `10:xx` don't.
        text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii_alphanumeric())
    };
    if before.is_some_and(|c| matches!(c, '+' | '-' | '=' | '/' | '@' | '.' | '_' | '\\' | '^'))
        || before == Some(':') && !half_width_label(start - 1)
    {
        return None;
    }
    if is_digit(before) && !stars_only {
        return None;
    }
    if has_latin_x
        && (is_ascii_word(before) || is_ascii_word(after) && !latin_unit_at(&text[end..]))
    {
        return None;
    }
    let line_prefix = || text[..start].rsplit(['\n', '\r']).next().unwrap_or("");
    if stars_only {
        // Markdown bullets and rules, and `3*4`.
        if line_prefix().trim().is_empty()
            && (after.is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
                || filler_len >= 3 && after.is_none_or(|c| c == '\n' || c == '\r'))
        {
            return None;
        }
        if is_digit(before) && is_digit(after) {
            return None;
        }
        // A footnote mark: `注*`, `*注`.
        if filler_len == 1 && (before == Some('注') || after == Some('注')) {
            return None;
        }
    }
    if filler == "×" {
        // A multiplication sign between numbers or words, not a gap.
        if !(texty(before) || before.is_none()) || !texty(after) || is_digit(before) {
            return None;
        }
    }
    if filler_len == 1
        && matches!(filler, "X" | "Ｘ")
        && after.is_some_and(|c| matches!(c, '光' | '射' | '线' | '型'))
    {
        return None;
    }
    // A task-list box: `- [x] 已完成`.
    if filler_len == 1
        && before == Some('[')
        && after == Some(']')
        && text[..start - 1]
            .rsplit(['\n', '\r'])
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '+'))
            .is_empty()
    {
        return None;
    }
    let shape = if has_dot {
        PlaceholderShape::Number
    } else {
        PlaceholderShape::Filler
    };
    Some((start..end, shape))
}

/// Decides whether a non-filler candidate (`○○`, `某某`, `【…】`, `TODO`) is a placeholder.
fn classify(token: &str, before: Option<char>, after: Option<char>) -> Option<PlaceholderShape> {
    let first = token.chars().next()?;
    match first {
        // `二〇〇八年`: zeros of a year in Chinese numerals.
        '○' | '〇' => (!before.is_some_and(is_cjk_numeral)
            && !after.is_some_and(is_cjk_numeral))
        .then_some(PlaceholderShape::Symbol),
        '□' => Some(PlaceholderShape::Symbol),
        // `张某某` is an anonymised name, not a gap.
        '某' => (!before.is_some_and(is_surname)).then_some(PlaceholderShape::Someone),
        '【' => {
            let inner = &token['【'.len_utf8()..token.len() - '】'.len_utf8()];
            let note = inner.trim().is_empty() || is_note(inner);
            note.then_some(PlaceholderShape::Note)
        }
        'T' | 'F' => {
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            (!latin(before) && !latin(after)).then_some(PlaceholderShape::Note)
        }
        _ => None,
    }
}

/// Words that make a bracketed text an editor's note: `【待补充】`, `[具体措施]`.
fn is_note(inner: &str) -> bool {
    [
        "待", "补充", "填写", "TODO", "XX", "xx", "具体", "名称", "此处",
    ]
    .iter()
    .any(|k| inner.contains(k))
}

/// Words a quantity follows (`约`, `共计`, `增长`), longest first.
const QUANTIFIERS: [&str; 19] = [
    "共计", "累计", "合计", "总计", "新增", "达到", "超过", "增长", "下降", "提高", "提升", "减少",
    "投资", "投入", "应到", "实到", "共", "约", "达",
];

/// The last character of one of [`QUANTIFIERS`] (a test keeps them in step).
fn ends_quantifier(c: char) -> bool {
    matches!(
        c,
        '计' | '增'
            | '到'
            | '过'
            | '长'
            | '降'
            | '高'
            | '升'
            | '少'
            | '资'
            | '入'
            | '共'
            | '约'
            | '达'
    )
}

/// The quantity words that may stand right before `人` (`共人`, `应到人`);
/// after the others `人` starts a word (`投资人`, `达人`).
const HEADCOUNT: [&str; 8] = ["共计", "累计", "合计", "总计", "应到", "实到", "共", "约"];

/// Units that need a number before them, with the characters that would
/// make them part of a word instead (`元素`, `亩产`, `户籍`, `人次` is a unit).
const NUMBER_UNITS: [(&str, &str); 14] = [
    ("万平方米", ""),
    ("平方米", ""),
    ("万人次", ""),
    ("人次", ""),
    ("万元", ""),
    ("亿元", ""),
    ("万人", ""),
    ("万户", ""),
    ("公顷", ""),
    ("公里", "程"),
    ("元", "素宝旦月年首气件器帅老宇宵代"),
    ("亩", "产均"),
    ("户", "籍口型主外内数均"),
    ("人", "数员民才口力事均次工们性身心群家士物生格品手选头"),
];

/// Numbers deleted from a sentence, leaving the word before and the unit:
/// `计划征收土地约亩`, `总成本约亿元`, `同比增长%`. Narrow on purpose: only
/// a quantity word right before a unit that cannot stand alone, and `%`
/// right after such a word or `为`/`至`/`到` (not `增速%`, a table header,
/// nor `%2B`, URL residue).
fn missing_numbers(text: &str, out: &mut Vec<Placeholder>) {
    // `%` is rare: find it first, then look at the word before it.
    let bytes = text.as_bytes();
    let mut percents: Vec<(usize, usize)> =
        memchr::memchr_iter(b'%', bytes).map(|i| (i, 1)).collect();
    percents.extend(memchr::memmem::find_iter(bytes, "％".as_bytes()).map(|i| (i, "％".len())));
    for (i, len) in percents {
        let before = &text[..i];
        let quantified =
            QUANTIFIERS.iter().any(|q| before.ends_with(q)) || before.ends_with(['为', '至', '到']);
        // `%2B` is URL residue.
        let after = text[i + len..].chars().next();
        if quantified && !after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            out.push(Placeholder {
                range: i..i + len,
                shape: PlaceholderShape::Missing,
            });
        }
    }
    // Each unit is found by its first character, all eight in one SIMD
    // multi-literal pass (eight `memmem` passes over Han text, whose bytes
    // are all common, cost seven times as much), then the word before it
    // is compared with the quantity words.
    static UNIT_STARTS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let unit_starts = UNIT_STARTS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            // Its packed search does the work: no DFA to build as well.
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(["万", "平", "人", "亿", "公", "元", "亩", "户"])
            .expect("unit starts")
    });
    for i in unit_starts.find_iter(text).map(|m| m.start()) {
        // Most anchors (`人`, `元` in words) follow no quantity word: one
        // `match` on the character before rejects them.
        if !text[..i].chars().next_back().is_some_and(ends_quantifier) {
            continue;
        }
        let Some((unit, not_before)) = NUMBER_UNITS.iter().find(|(u, _)| text[i..].starts_with(u))
        else {
            continue;
        };
        let Some(q) = QUANTIFIERS.iter().copied().find(|q| text[..i].ends_with(q)) else {
            continue;
        };
        let whole = i - q.len()..i + unit.len();
        let after = text[whole.end..].chars().next();
        if after.is_some_and(|c| not_before.contains(c)) || *unit == "人" && !HEADCOUNT.contains(&q)
        {
            continue;
        }
        let before = text[..whole.start].chars().next_back();
        // The last character of a word: `签约户`, `公共户外`, `发达`, `到达`.
        let word_end = match q {
            "约" => "签节制公预条合履违邀契特相婚大",
            "共" => "公总一中同社统",
            "达" => "到送抵传表下转直通发畅雷腾马",
            // `责任落实到人`, `压实到人` assign work; `应到人、实到人` count heads.
            "实到" => "落压夯做坐核证真切扎充",
            _ => "",
        };
        if before.is_some_and(|c| word_end.contains(c)) {
            continue;
        }
        out.push(Placeholder {
            range: whole,
            shape: PlaceholderShape::Missing,
        });
    }
}

/// Field names of a template left in the text instead of a value, right
/// before the unit: `总面积约为具体面积平方公里`, `常住人口约具体人数人`.
fn template_fields(text: &str, out: &mut Vec<Placeholder>) {
    const FIELDS: [&str; 6] = ["面积", "人数", "数量", "数字", "金额", "数值"];
    for i in memchr::memmem::find_iter(text.as_bytes(), "具体".as_bytes()) {
        let body = i + "具体".len();
        // Up to four more characters of the field name: `具体小组数量`.
        let mut ends = vec![body];
        let mut at = body;
        for c in text[body..].chars().take(4) {
            if !is_cjk(c) {
                break;
            }
            at += c.len_utf8();
            ends.push(at);
        }
        let field_end = ends.iter().rev().copied().find(|&e| {
            FIELDS.iter().any(|f| text[..e].ends_with(f)) && {
                let next = text[e..].chars().next();
                next.is_some_and(is_unit) || text[e..].starts_with("平方")
            }
        });
        if let Some(end) = field_end {
            out.push(Placeholder {
                range: i..end,
                shape: PlaceholderShape::Note,
            });
        }
    }
}

/// Labels after which a blank is meant to be signed on paper, not filled in.
const SIGNING: [&str; 5] = ["签名", "签字", "签章", "盖章", "签发人"];

/// Blanks: runs of `_`/`＿` (`___街道`, `20__年`, `__月__日`), brackets
/// holding only spaces (`（  ）`, `(  )`), and template slots (`[具体措施]`).
fn blanks(text: &str, out: &mut Vec<Placeholder>) {
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = memchr::memchr_iter(b'_', bytes).collect();
    starts.extend(memchr::memmem::find_iter(bytes, "＿".as_bytes()));
    starts.sort_unstable();
    let is_rule_char = |c: char| c == '_' || c == '＿';
    let mut at = 0;
    for i in starts {
        if i < at {
            continue;
        }
        let n = run_len(text, i, is_rule_char);
        at = i + n;
        if text[i..at].chars().count() < 2 {
            continue;
        }
        let before = text[..i].chars().next_back();
        let after = text[at..].chars().next();
        // `snake_case`, `__init__`.
        if before.is_some_and(|c| c.is_ascii_alphabetic())
            || after.is_some_and(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        let line_start = text[..i].rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |p| at + p);
        let line = &text[line_start..line_end];
        // A rule drawn with underscores.
        if line.chars().all(|c| is_rule_char(c) || c.is_whitespace()) {
            continue;
        }
        let label = text[line_start..i].trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '：' | ':' | '（' | '）' | '(' | ')')
        });
        if SIGNING.iter().any(|s| label.ends_with(s)) {
            continue;
        }
        let digits = bytes[..i]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if (1..=3).contains(&digits) && after == Some('年') {
            out.push(Placeholder {
                range: i - digits..at,
                shape: PlaceholderShape::Year,
            });
        } else {
            out.push(Placeholder {
                range: i..at,
                shape: PlaceholderShape::Blank,
            });
        }
    }
    // `（  ）`, `(  )`: brackets holding only spaces. At a heading position
    // they are an empty ordinal, which the numbering rules report.
    let mut opens: Vec<usize> = memchr::memchr_iter(b'(', bytes).collect();
    opens.extend(memchr::memmem::find_iter(bytes, "（".as_bytes()));
    opens.extend(memchr::memchr_iter(b'[', bytes));
    opens.sort_unstable();
    for i in opens {
        let open = text[i..].chars().next().unwrap_or(' ');
        let body = i + open.len_utf8();
        if open == '[' {
            let inner: usize = text[body..]
                .chars()
                .take(16)
                .take_while(|&c| !matches!(c, ']' | '[' | '\r' | '\n'))
                .map(char::len_utf8)
                .sum();
            let close = body + inner;
            let slot = text[close..].starts_with(']')
                && !text[close + 1..].starts_with(['(', '[', ':'])
                && !text[..i].ends_with('!')
                && text[body..close].chars().any(is_cjk)
                && is_note(&text[body..close]);
            if slot {
                out.push(Placeholder {
                    range: i..close + 1,
                    shape: PlaceholderShape::Note,
                });
            }
            continue;
        }
        let spaces = run_len(text, body, |c| c == ' ' || c == '\u{3000}');
        // `f(  )` is code, not a blank.
        let code = text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if spaces == 0 || code {
            continue;
        }
        let close_at = body + spaces;
        let Some(close) = text[close_at..]
            .chars()
            .next()
            .filter(|c| matches!(c, ')' | '）'))
        else {
            continue;
        };
        let prefix = text[..i].rsplit(['\n', '\r']).next().unwrap_or("");
        let heading_position = prefix.trim().is_empty()
            || prefix
                .trim_end()
                .ends_with(['。', '；', ';', '：', ':', '！', '？']);
        if !heading_position {
            out.push(Placeholder {
                range: i..close_at + close.len_utf8(),
                shape: PlaceholderShape::Blank,
            });
        }
    }
}

/// `x月xx日`, `20xx年x月`: neighbouring fillers joined by date units become one date.
fn merge_dates(text: &str, found: Vec<Placeholder>) -> Vec<Placeholder> {
    let mut out: Vec<Placeholder> = Vec::with_capacity(found.len());
    for p in found {
        if let Some(last) = out.last_mut() {
            let between = &text[last.range.end.min(p.range.start)..p.range.start];
            let datey = matches!(
                last.shape,
                PlaceholderShape::Year
                    | PlaceholderShape::Filler
                    | PlaceholderShape::Date
                    | PlaceholderShape::Blank
            ) && matches!(
                p.shape,
                PlaceholderShape::Filler | PlaceholderShape::Year | PlaceholderShape::Blank
            );
            let unit_after = text[p.range.end..].starts_with(['月', '日', '号']);
            if datey && (between == "月" || between == "年" && unit_after) {
                last.range.end = p.range.end;
                last.shape = PlaceholderShape::Date;
                continue;
            }
        }
        out.push(p);
    }
    // A date takes its closing unit: `x月xx日`.
    for p in &mut out {
        if p.shape == PlaceholderShape::Date {
            if let Some(c) = text[p.range.end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '月' | '日' | '号'))
            {
                p.range.end += c.len_utf8();
            }
        }
    }
    out
}

/// Byte ranges of the delimiters of Markdown emphasis (`*重点*`, `**重点**`) on single lines.
fn markdown_emphasis(text: &str) -> Vec<std::ops::Range<usize>> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(\*{1,3})[^*\s\r\n](?:[^*\r\n]*?[^*\s\r\n])?(\*{1,3})")
            .expect("emphasis regex is valid")
    });
    let mut delimiters = Vec::new();
    for c in re.captures_iter(text) {
        if let (Some(open), Some(close)) = (c.get(1), c.get(2)) {
            if open.len() == close.len() {
                delimiters.push(open.range());
                delimiters.push(close.range());
            }
        }
    }
    delimiters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_quantifier_is_the_last_characters_of_the_quantity_words() {
        let mut last: Vec<char> = QUANTIFIERS
            .iter()
            .filter_map(|q| q.chars().last())
            .collect();
        last.sort_unstable();
        last.dedup();
        let all: Vec<char> = ('\u{4e00}'..='\u{9fff}')
            .filter(|&c| ends_quantifier(c))
            .collect();
        assert_eq!(all, last);
    }

    fn found(text: &str) -> Vec<&str> {
        scan(text, &Config::default(), None, &[])
            .into_iter()
            .map(|p| &text[p.range])
            .collect()
    }

    fn candidate_regex() -> regex::Regex {
        regex::Regex::new(concat!(
            r"(?:[xX×ｘＸ]+|[*＊]+)(?:[.．](?:[xX×ｘＸ]+|[*＊]+))?",
            r"|○{2,}|〇{2,}|□{2,}|某{2,}",
            r"|【[^】\r\n]{0,16}】",
            r"|TODO|TBD|FIXME",
        ))
        .expect("placeholder regex is valid")
    }

    #[test]
    fn hand_written_scanner_agrees_with_the_regex() {
        let samples = [
            "XX县xx万元20xx年**市第**届×某某某○○□□□【待补充】【】【很长很长很长很长很长很长很长很长很长】TODO TBD FIXME Tx F",
            "xx.xx *.** x.*X．ｘｘＸＸ＊＊＊○□某【\n】x. *",
            "𠀀××😀ｘ\r\n○○○〇〇□某某某某【𠀀】TODOFIXMEFIXM TTBD ＊*x【【】",
            "某某\r\n某\n某某，○○○○○○【1234567890123456】【12345678901234567】Ｘ",
            "ＸFIXMEx某𪚥某某×",
        ];
        for s in samples {
            let want: Vec<_> = candidate_regex().find_iter(s).map(|m| m.range()).collect();
            let got: Vec<_> = candidates(s).collect();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn finds_the_shapes_reports_leave_behind() {
        assert_eq!(found("XX县xx万元"), ["XX", "xx"]);
        assert_eq!(found("20xx年工作总结，20**年"), ["20xx", "20**"]);
        assert_eq!(found("于x月xx日召开"), ["x月xx日"]);
        assert_eq!(found("增长xx.xx亿元，*.**%"), ["xx.xx", "*.**"]);
        assert_eq!(found("××单位○○同志□□某某"), ["××", "○○", "□□", "某某"]);
        assert_eq!(
            found("XXX同志：【待补充】TODO"),
            ["XXX", "【待补充】", "TODO"]
        );
        assert_eq!(found("x爱卫办〔2022〕x号"), ["x", "x"]);
        assert_eq!(found("第**届，*栋，掌上*app，*A级"), ["**", "*", "*", "*"]);
        assert_eq!(found("ＸＸ市＊＊"), ["ＸＸ", "＊＊"]);
    }

    #[test]
    fn leaves_real_text_alone() {
        for text in [
            "index",
            "7+X",
            "县道X205、省道S351",
            "A级景区",
            "Ⅲ类水质",
            "5G基站",
            "LED屏",
            "PM2.5",
            "APP",
            "U12",
            "3x3篮球",
            "面积3×4米",
            "X光机",
            "薛某、张某",
            "二〇二三年",
            "www.xx.com",
            "Xbox",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn blanks_numbers_and_codes_from_real_drafts() {
        assert_eq!(found("___街道是___区区委驻地"), ["___", "___"]);
        assert_eq!(found("20__年，党的__大精神"), ["20__", "__"]);
        assert_eq!(found("__月__日召开"), ["__月__日"]);
        assert_eq!(found("截至:XX月底,共计:XXX人"), ["XX", "XXX"]);
        assert_eq!(found("时间:XX月XX日"), ["XX月XX日"]);
        assert_eq!(found("20*年度新建项目*个，20x年"), ["20*", "*", "20x"]);
        assert_eq!(found("x.8万元，增长x%，比增21.X%"), ["x.8", "x", "21.X"]);
        assert_eq!(found("国道g318xx县城区"), ["xx"]);
        assert_eq!(found("总值1XX32元，投资X00万元"), ["1XX32", "X00"]);
        assert_eq!(found("药剂XXkg，河道XXkm"), ["XX", "XX"]);
        assert_eq!(found("〇〇村和○○村"), ["〇〇", "○○"]);
        assert_eq!(
            found("单位【 】，共（ ）人，(  )家"),
            ["【 】", "（ ）", "(  )"]
        );
        assert_eq!(found("措施包括[具体措施]。"), ["[具体措施]"]);
        assert_eq!(
            found("征收土地约亩，总成本约亿元，增长%。"),
            ["约亩", "约亿元", "%"]
        );
    }

    #[test]
    fn real_text_that_looks_like_a_blank() {
        for text in [
            "字段 user_name 与 dept__id，入口 __init__",
            "______________",
            "述职人签名：________",
            "单位（盖章）：____",
            "二〇〇八年、二○○九年",
            "注*：快报数",
            "3x3篮球、7x24小时、3*4米",
            "县道X205",
            "（ ）学前教育",
            "调用f(  )函数",
            "- [x] 已完成",
            "[甲](http://a.cn)",
            "10:xx",
            "节约用水，到达现场，送达文书，元旦前提高亩产，户籍人口，新增户外广告",
            "完成率100%，党建%2B社会，增速%",
            "投资人、美食达人、新增人口、共人民、约人员、责任落实到人、压实到人",
            "家庭医生签约户，公共户外，新增户数，提高户均和亩均收入，新增元宇宙",
            "具体人数以实际为准，具体时间另行通知，具体数量待定",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn markdown_emphasis_and_bullets_are_not_placeholders() {
        let md = Config::for_kind(DocumentKind::Markdown);
        let text = "* 要点\n**重点工作**完成了\n***\nxx万元**xx亿元**";
        let got: Vec<&str> = scan(text, &md, None, &[])
            .into_iter()
            .map(|p| &text[p.range])
            .collect();
        assert_eq!(got, ["xx", "xx"]);
        // In plain text the same stars are left-over placeholders.
        assert_eq!(found("**重点工作**完成了"), ["**", "**"]);
    }

    #[test]
    fn configured_patterns_add_placeholders() {
        let config = Config {
            placeholder_patterns: vec!["【待定】".into(), "(".into(), "＿{2,}".into()],
            ..Config::default()
        };
        let text = "时间【待定】，地点＿＿＿，XX县";
        let got: Vec<&str> = scan(text, &config, None, &[])
            .into_iter()
            .map(|p| &text[p.range])
            .collect();
        assert_eq!(got, ["【待定】", "＿＿＿", "XX"]);
    }

    #[test]
    fn allow_list_wins() {
        let config = Config {
            placeholder_allow: vec!["XX联盟".into()],
            ..Config::default()
        };
        let text = "XX联盟和XX县";
        let got: Vec<&str> = scan(text, &config, None, &[])
            .into_iter()
            .map(|p| &text[p.range])
            .collect();
        assert_eq!(got, ["XX"]);
        assert_eq!(
            scan(text, &config, None, &[])[0].range.start,
            "XX联盟和".len()
        );
    }
}
