//! Placeholder tokens left in a draft: `XX县`, `20**年`, `x月xx日`, `××`, `○○`…

use std::ops::Range;

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
    /// An editor's note such as `【待补充】` or `TODO`.
    Note,
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
        '○' | '□' | '某' => {
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

/// The literals a candidate can start with. Each is searched with SIMD
/// `memmem`, far faster than walking CJK text character by character.
const STARTS: [&str; 12] = [
    "x", "X", "*", "×", "ｘ", "Ｘ", "＊", "○○", "□□", "某某", "【", "T",
];

/// Every candidate, leftmost first and non-overlapping, like a regex `find_iter`.
fn candidates(s: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut starts: Vec<usize> = Vec::new();
    for lit in STARTS {
        starts.extend(memchr::memmem::find_iter(s.as_bytes(), lit.as_bytes()));
    }
    starts.extend(memchr::memmem::find_iter(s.as_bytes(), b"FIXME"));
    starts.sort_unstable();
    starts.dedup();
    let mut at = 0;
    starts.into_iter().filter_map(move |i| {
        if i < at {
            return None;
        }
        let end = match_at(s, i)?;
        at = end;
        Some(i..end)
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

/// Finds every placeholder token in `text`, sorted by offset.
pub fn scan(text: &str, config: &Config) -> Vec<Placeholder> {
    let emphasis = if config.kind == DocumentKind::Markdown {
        markdown_emphasis(text)
    } else {
        Vec::new()
    };
    let allowed: Vec<std::ops::Range<usize>> = config
        .placeholder_allow
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| text.match_indices(w.as_str()).map(|(i, m)| i..i + m.len()))
        .collect();
    let mut out: Vec<Placeholder> = Vec::new();
    for m in candidates(text) {
        // A year's digits before the filler belong to the token: `20xx`, `202x`.
        let digits = text.as_bytes()[..m.start]
            .iter()
            .rev()
            .take(3)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let range = m.start - digits..m.end;
        if out
            .last()
            .is_some_and(|p: &Placeholder| p.range.end > range.start)
        {
            continue;
        }
        let token = &text[range.clone()];
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        let Some(shape) = classify(token, before, after, &text[..range.start]) else {
            continue;
        };
        if emphasis
            .iter()
            .any(|e| e.start <= range.start && range.end <= e.end)
        {
            continue;
        }
        if allowed
            .iter()
            .any(|a| a.start <= range.start && range.end <= a.end)
        {
            continue;
        }
        out.push(Placeholder { range, shape });
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

/// Decides whether a regex candidate is a placeholder, and of what shape.
fn classify(
    token: &str,
    before: Option<char>,
    after: Option<char>,
    preceding: &str,
) -> Option<PlaceholderShape> {
    let first = token.chars().next()?;
    match first {
        '○' | '□' => return Some(PlaceholderShape::Symbol),
        // `张某某` is an anonymised name, not a gap.
        '某' => return (!before.is_some_and(is_surname)).then_some(PlaceholderShape::Someone),
        '【' => {
            let inner = &token['【'.len_utf8()..token.len() - '】'.len_utf8()];
            let note = ["待", "补充", "填写", "TODO", "XX", "xx"]
                .iter()
                .any(|k| inner.contains(k));
            return note.then_some(PlaceholderShape::Note);
        }
        'T' | 'F' => {
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            return (!latin(before) && !latin(after)).then_some(PlaceholderShape::Note);
        }
        _ => {}
    }
    let digits = token.chars().take_while(char::is_ascii_digit).count();
    let filler = &token[digits..];
    let stars_only = filler.chars().all(|c| is_star(c) || c == '.' || c == '．');
    let has_latin_x = filler.chars().any(|c| matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ'));
    let is_ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let is_digit =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    // Part of a number, code or URL: `3x3`, `X205`, `www.xx.com`, `7+X`.
    if is_digit(after) {
        return None;
    }
    if digits == 0
        && before.is_some_and(|c| {
            matches!(
                c,
                '+' | '-' | '=' | '/' | '@' | '.' | '_' | ':' | '\\' | '^'
            )
        })
    {
        return None;
    }
    if digits == 0 && is_digit(before) && !stars_only {
        return None;
    }
    if digits > 0 && before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
        return None;
    }
    if has_latin_x && (is_ascii_word(before) || is_ascii_word(after)) {
        return None;
    }
    let filler_len = filler.chars().filter(|&c| is_filler(c)).count();
    if stars_only && digits == 0 {
        // Markdown bullets and rules, and `3*4`.
        let line_prefix = preceding.rsplit(['\n', '\r']).next().unwrap_or("");
        if line_prefix.trim().is_empty()
            && (after.is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
                || filler_len >= 3 && after.is_none_or(|c| c == '\n' || c == '\r'))
        {
            return None;
        }
        if is_digit(before) && is_digit(after) {
            return None;
        }
    }
    if filler == "×" {
        // A multiplication sign between numbers or words, not a gap.
        let texty = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace());
        if !(texty(before) || before.is_none()) || !texty(after) || is_digit(before) {
            return None;
        }
    }
    if filler.chars().filter(|&c| is_filler(c)).count() == 1
        && matches!(filler, "X" | "Ｘ")
        && after.is_some_and(|c| matches!(c, '光' | '射' | '线' | '型'))
    {
        return None;
    }
    if digits > 0 {
        // `20xx`, `202x`, `20**`: a year. Other digit-filler mixes (`5x`) are ambiguous.
        return (digits + filler_len == 4 && !filler.contains(['.', '．']))
            .then_some(PlaceholderShape::Year);
    }
    if filler.contains(['.', '．']) {
        return Some(PlaceholderShape::Number);
    }
    Some(PlaceholderShape::Filler)
}

/// `x月xx日`, `20xx年x月`: neighbouring fillers joined by date units become one date.
fn merge_dates(text: &str, found: Vec<Placeholder>) -> Vec<Placeholder> {
    let mut out: Vec<Placeholder> = Vec::with_capacity(found.len());
    for p in found {
        if let Some(last) = out.last_mut() {
            let between = &text[last.range.end.min(p.range.start)..p.range.start];
            let datey = matches!(
                last.shape,
                PlaceholderShape::Year | PlaceholderShape::Filler | PlaceholderShape::Date
            ) && matches!(p.shape, PlaceholderShape::Filler | PlaceholderShape::Year);
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

    fn found(text: &str) -> Vec<&str> {
        scan(text, &Config::default())
            .into_iter()
            .map(|p| &text[p.range])
            .collect()
    }

    fn candidate_regex() -> regex::Regex {
        regex::Regex::new(concat!(
            r"(?:[xX×ｘＸ]+|[*＊]+)(?:[.．](?:[xX×ｘＸ]+|[*＊]+))?",
            r"|○{2,}|□{2,}|某{2,}",
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
    fn markdown_emphasis_and_bullets_are_not_placeholders() {
        let md = Config::for_kind(DocumentKind::Markdown);
        let text = "* 要点\n**重点工作**完成了\n***\nxx万元**xx亿元**";
        let got: Vec<&str> = scan(text, &md)
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
        let got: Vec<&str> = scan(text, &config)
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
        let got: Vec<&str> = scan(text, &config)
            .into_iter()
            .map(|p| &text[p.range])
            .collect();
        assert_eq!(got, ["XX"]);
        assert_eq!(scan(text, &config)[0].range.start, "XX联盟和".len());
    }
}
