//! Chinese numerals, both ways: digit by digit as years are written
//! (`二〇二三` ↔ 2023) and counting (`十二`, `二十三`, `一百零五`, `两`).
//!
//! The heading grammar's renderer [`crate::heading::chinese_numeral`]
//! (1..=99) is reused here for counts below one hundred.

use crate::heading::chinese_numeral;

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A Chinese digit's value, `〇` and `零` both zero.
pub(crate) fn digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' => Some(0),
        _ => DIGITS.iter().position(|&d| d == c).map(|v| v as u32),
    }
}

/// Something typed for the zero of a year written in Chinese digits
/// (`二零二三`, `二○二三`, `二0二三`, `二O二三`): everything but `〇`.
pub(crate) fn is_wrong_zero(c: char) -> bool {
    matches!(
        c,
        '零' | '○' | '◯' | '⭕' | 'O' | 'o' | 'Ο' | 'ο' | 'О' | 'о' | 'Ｏ' | 'ｏ' | '0' | '０'
    )
}

/// `二〇二三` → 2023: a run of Chinese digits read digit by digit. With
/// `lenient_zero`, the look-alikes of [`is_wrong_zero`] count as zero too.
pub(crate) fn parse_digits(s: &str, lenient_zero: bool) -> Option<u32> {
    let mut n: u32 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = digit(c).or_else(|| (lenient_zero && is_wrong_zero(c)).then_some(0))?;
        n = n.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(n)
}

/// 2023 → `二〇二三`: a number written digit by digit, as years are.
pub(crate) fn digits_to_chinese(n: u32) -> String {
    n.to_string()
        .bytes()
        .map(|b| DIGITS[(b - b'0') as usize])
        .collect()
}

/// A counting numeral's value: `十二` 12, `二十三` 23, `一百零五` 105,
/// `两千` 2000, `三百一十` 310, `一万零八` 10008. `None` for digit-by-digit
/// runs (`二七`) and malformed or shorthand ones (`十十`, `一百五`).
///
/// The value is read leniently, then the numeral must be exactly how
/// [`count_to_chinese`] writes it (`两` allowed before 百, 千, 万 and alone).
pub(crate) fn parse_count(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || chars.len() > 16 {
        return None;
    }
    let (mut total, mut section, mut num) = (0u32, 0u32, None::<u32>);
    for (i, &c) in chars.iter().enumerate() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                total = total.checked_add((section + num.unwrap_or(0)).checked_mul(10_000)?)?;
                section = 0;
                num = None;
                continue;
            }
            '两' => {
                let next = chars.get(i + 1);
                if !(chars.len() == 1 || matches!(next, Some('百' | '千' | '万'))) {
                    return None;
                }
                num = Some(2);
                continue;
            }
            _ => {
                num = Some(digit(c)?);
                continue;
            }
        };
        section += num.take().unwrap_or(1) * unit;
    }
    let n = total + section + num.unwrap_or(0);
    let canonical: String = s.replace('两', "二");
    (count_to_chinese(n) == canonical).then_some(n)
}

/// 105 → `一百零五`, 12 → `十二`, 110 → `一百一十`, 10008 → `一万零八`,
/// as counts are written (below 10⁸).
pub(crate) fn count_to_chinese(n: u32) -> String {
    match n {
        0 => "零".into(),
        1..=99 => chinese_numeral(n),
        100..=9999 => below_wan(n),
        10_000..=99_999_999 => {
            let (high, low) = (n / 10_000, n % 10_000);
            let mut s = count_to_chinese(high);
            s.push('万');
            if low > 0 {
                if low < 1000 {
                    s.push('零');
                }
                s.push_str(&below_wan(low));
            }
            s
        }
        _ => n.to_string(),
    }
}

/// 1..=9999 with every place named (`一十` after a higher place).
fn below_wan(n: u32) -> String {
    let mut s = String::new();
    let mut gap = false;
    for (place, name) in [
        (1000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ] {
        let d = n / place % 10;
        if d == 0 {
            gap = !s.is_empty();
            continue;
        }
        if gap {
            s.push('零');
            gap = false;
        }
        s.push(DIGITS[d as usize]);
        s.extend(name);
    }
    s
}

/// A number written in ASCII digits, full-width digits, Chinese digits
/// read digit by digit, or a counting numeral: `12`, `１２`, `十二`.
pub(crate) fn parse_any(s: &str) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    if !s.is_empty() && s.chars().all(|c| ('０'..='９').contains(&c)) {
        return s.chars().try_fold(0u32, |n, c| {
            n.checked_mul(10)?.checked_add(c as u32 - '０' as u32)
        });
    }
    parse_count(s)
}

/// A single counting digit: `一`…`九` 1..=9 and `两` 2 (no zero), the
/// numerals a 概数 joins (`三四天`, `一两个`).
pub(crate) fn unit_digit(c: char) -> Option<u32> {
    match c {
        '两' => Some(2),
        '〇' | '零' => None,
        _ => digit(c),
    }
}

/// Whether `c` can be part of a Chinese numeral (`二十三`, `两千`, `二〇二三`).
pub(crate) fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿' | '两')
}

/// `20` → `二十`: ASCII digits as a counting numeral, the way a 概数 is
/// written (`20几` → `二十几`). `None` for an empty run, a leading zero or
/// a number too large to be a count.
pub(crate) fn ascii_to_count(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > 8 || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().map(count_to_chinese)
}

/// A year written in four ASCII or Chinese digits at the start of `s`
/// (`2023年`, `二〇二三年`, `二○二三年` with a look-alike zero), with the
/// byte length it takes. Only years 1900..=2099.
pub(crate) fn leading_year(s: &str) -> Option<(u32, usize)> {
    let end = s.char_indices().nth(4).map_or(s.len(), |(i, _)| i);
    let head = &s[..end];
    if head.chars().count() != 4 {
        return None;
    }
    let y = if head.bytes().all(|b| b.is_ascii_digit()) {
        head.parse().ok()?
    } else {
        parse_digits(head, true)?
    };
    // Not part of a longer number (`20231`, `二〇二三四`).
    let next = s[end..].chars().next();
    if next.is_some_and(|c| c.is_ascii_digit() || digit(c).is_some() || is_wrong_zero(c)) {
        return None;
    }
    (1900..=2099).contains(&y).then_some((y, end))
}

/// The years `s` names with `年` after them: `2023年`, `二〇二三年`, and
/// ranges `2021—2025年`, `2021至2025年` (one inclusive range each).
pub(crate) fn years_named(s: &str) -> Vec<std::ops::RangeInclusive<u32>> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in s.char_indices() {
        let after_digit = prev.is_some_and(|p| p.is_ascii_digit() || digit(p).is_some());
        prev = Some(c);
        if i < skip_to || after_digit {
            continue;
        }
        let Some((y, len)) = leading_year(&s[i..]) else {
            continue;
        };
        let rest = &s[i + len..];
        if rest.starts_with('年') {
            out.push(y..=y);
            skip_to = i + len;
            continue;
        }
        let Some(tail) = rest.strip_prefix(['-', '－', '—', '–', '~', '～', '至', '到'])
        else {
            continue;
        };
        let tail = tail.strip_prefix('—').unwrap_or(tail);
        if let Some((z, zlen)) = leading_year(tail) {
            if tail[zlen..].starts_with('年') && y <= z {
                out.push(y..=z);
                skip_to = s.len() - tail.len() + zlen;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_digit_by_digit() {
        assert_eq!(parse_digits("二〇二三", false), Some(2023));
        assert_eq!(parse_digits("一九九八", false), Some(1998));
        assert_eq!(parse_digits("二零二三", false), Some(2023));
        assert_eq!(parse_digits("二○二三", false), None);
        assert_eq!(parse_digits("二○二三", true), Some(2023));
        assert_eq!(parse_digits("二0二O", true), Some(2020));
        assert_eq!(parse_digits("二十", false), None);
        assert_eq!(parse_digits("", false), None);
        assert_eq!(digits_to_chinese(2023), "二〇二三");
        assert_eq!(digits_to_chinese(1900), "一九〇〇");
        for y in [1949, 2000, 2023, 2100] {
            assert_eq!(parse_digits(&digits_to_chinese(y), false), Some(y));
        }
    }

    #[test]
    fn counting_numerals() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("一百二十三", 123),
            ("两", 2),
            ("两百", 200),
            ("两千零二十三", 2023),
            ("三千零五", 3005),
            ("一万", 10_000),
            ("一万零八", 10_008),
            ("十二万", 120_000),
            ("零", 0),
        ];
        for (s, n) in cases {
            if n != 0 {
                assert_eq!(parse_count(s), Some(n), "{s}");
            }
        }
        for bad in [
            "二七",
            "十十",
            "两十",
            "一百五",
            "零五",
            "百",
            "一百零",
            "五零",
            "",
            "二〇二三",
        ] {
            assert_eq!(parse_count(bad), None, "{bad}");
        }
    }

    #[test]
    fn rendering_round_trips() {
        for n in 1..=9999 {
            let s = count_to_chinese(n);
            assert_eq!(parse_count(&s), Some(n), "{n} → {s}");
        }
        assert_eq!(count_to_chinese(105), "一百零五");
        assert_eq!(count_to_chinese(1010), "一千零一十");
        assert_eq!(count_to_chinese(12), "十二");
        assert_eq!(parse_any("12"), Some(12));
        assert_eq!(parse_any("１２"), Some(12));
        assert_eq!(parse_any("十二"), Some(12));
        assert_eq!(parse_any("x"), None);
    }
    #[test]
    fn approximate_numbers_and_years() {
        assert_eq!(unit_digit('三'), Some(3));
        assert_eq!(unit_digit('两'), Some(2));
        assert_eq!(unit_digit('〇'), None);
        assert_eq!(unit_digit('十'), None);
        assert!(is_numeral_char('十') && is_numeral_char('两') && !is_numeral_char('几'));
        assert_eq!(ascii_to_count("20").as_deref(), Some("二十"));
        assert_eq!(ascii_to_count("10").as_deref(), Some("十"));
        assert_eq!(ascii_to_count("100").as_deref(), Some("一百"));
        assert_eq!(ascii_to_count("3").as_deref(), Some("三"));
        for bad in ["", "05", "x1", "123456789"] {
            assert_eq!(ascii_to_count(bad), None, "{bad}");
        }
        assert_eq!(leading_year("2023年工作"), Some((2023, 4)));
        assert_eq!(leading_year("二〇二三年"), Some((2023, 12)));
        assert_eq!(leading_year("二○二三年"), Some((2023, 12)));
        assert_eq!(leading_year("二零二四年"), Some((2024, 12)));
        assert_eq!(leading_year("2023"), Some((2023, 4)));
        for bad in ["20231年", "1850年", "二十二年", "12年", ""] {
            assert_eq!(leading_year(bad), None, "{bad}");
        }
        assert_eq!(
            years_named("2023年工作总结和2024年工作计划"),
            [2023..=2023, 2024..=2024]
        );
        assert_eq!(years_named("二〇二三年度总结"), [2023..=2023]);
        assert_eq!(years_named("2021—2025年规划"), [2021..=2025]);
        assert_eq!(years_named("2021至2025年规划"), [2021..=2025]);
        assert_eq!(years_named("第20231年"), []);
        assert_eq!(years_named("2023工作"), []);
        assert_eq!(years_named("12023年"), []);
    }
}
