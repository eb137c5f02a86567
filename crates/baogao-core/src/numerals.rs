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
}
