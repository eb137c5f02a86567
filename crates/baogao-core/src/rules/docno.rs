//! `docno`: a 发文字号 not in the GB/T 9704-2012 form `国办发〔2023〕5号`.
//!
//! A 发文字号 is recognised by its shape: a 机关代字 (at least two Han or
//! placeholder characters) directly before a bracketed year, directly
//! followed by the serial number and `号`. The number and `号` are what make
//! it certain: an ordinary bracketed year (`标准(2017)》`) is never followed
//! by them. The 代字 is not matched against a list of endings: real ones end
//! in any character (`发改投资〔2023〕`, `教基〔2023〕`, `建标〔2023〕`).

use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出不合 GB/T 9704-2012 格式的发文字号：年份用了方括号、圆括号或其他括号（`国办发[2023]5号`、`(2023)`、`【2023】`），年份没有写全（`〔23〕`），序号加了“第”或虚位的0（`第5号`、`005号`）。公告、通告的编号（`中国人民银行公告〔2023〕第5号`）保留“第”。\n\n为什么：GB/T 9704-2012 第7.2.4条规定，发文字号由发文机关代字、年份和发文顺序号组成；年份、发文顺序号用阿拉伯数字标注，年份应标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位（即1不编为01）。\n\n示例：`岸政办[2014]41号`、`京政发（2023）第005号`\n\n改为：`岸政办〔2014〕41号`、`京政发〔2023〕5号`（年份不全的 `〔23〕` 需要自己补全，不自动修改）";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "docno",
    name: "发文字号格式",
    category: Category::Format,
    default_severity: Severity::Warning,
    summary: "发文字号的年份用六角括号〔〕括入并写全，序号不加“第”、不编虚位",
    summary_en: "A document number puts the full year in 〔〕 and its serial number has no 第 and no leading zeros",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// The parts of one 发文字号's bracketed year and number, in bytes.
struct Shape {
    open: std::ops::Range<usize>,
    year: std::ops::Range<usize>,
    close: std::ops::Range<usize>,
    di: Option<std::ops::Range<usize>>,
    num: std::ops::Range<usize>,
}

const OPENS: [char; 8] = ['[', '［', '(', '（', '【', '〔', '﹝', '〖'];
const CLOSES: [char; 8] = [']', '］', ')', '）', '】', '〕', '﹞', '〗'];

/// Every `(年份)第?序号号` in `text`, in order: an opening bracket, a year
/// (`2023`, `23`, `20xx`, `xxxx`), a closing bracket, `第` perhaps, a
/// serial number in digits or fillers (`5`, `x`, `×`, `*`) and `号`. Read
/// backwards from each `号`, which allows exactly one reading; by hand, not a
/// regex, whose compile cost every `check` run 1.1 M instructions.
fn shapes(text: &str) -> Vec<Shape> {
    let mut out = Vec::new();
    for h in memchr::memmem::find_iter(text.as_bytes(), "号".as_bytes()) {
        let head = &text[..h];
        let digit = |c: char| c.is_ascii_digit();
        let filler = |c: char| matches!(c, 'x' | 'X' | '×' | '*');
        let class: fn(char) -> bool = match head.chars().next_back() {
            Some(c) if digit(c) => |c| c.is_ascii_digit(),
            Some(c) if filler(c) => |c| matches!(c, 'x' | 'X' | '×' | '*'),
            _ => continue,
        };
        let num_start = head.trim_end_matches(class).len();
        let (di, close_end) = match head[..num_start].strip_suffix('第') {
            Some(rest) => (Some(rest.len()..num_start), rest.len()),
            None => (None, num_start),
        };
        let Some(close) = head[..close_end]
            .chars()
            .next_back()
            .filter(|c| CLOSES.contains(c))
        else {
            continue;
        };
        let close = close_end - close.len_utf8()..close_end;
        let before = &text[..close.start];
        let year_ok = |y: &[u8]| match y {
            [a, b, c, d] => {
                let digits = [c, d].iter().all(|b| b.is_ascii_digit());
                let fill = |b: &&u8| matches!(b, b'x' | b'X' | b'*');
                (matches!((a, b), (b'1', b'9') | (b'2', b'0')) && digits)
                    || (*a == b'2' && *b == b'0' && [c, d].iter().all(fill))
                    || [a, b, c, d].iter().all(fill)
            }
            [a, b] => a.is_ascii_digit() && b.is_ascii_digit(),
            _ => false,
        };
        let year = [4, 2].into_iter().find_map(|n| {
            let at = before.len().checked_sub(n)?;
            if !before.is_char_boundary(at) || !year_ok(&before.as_bytes()[at..]) {
                return None;
            }
            let open = before[..at].chars().next_back()?;
            OPENS
                .contains(&open)
                .then(|| (at - open.len_utf8()..at, at..close.start))
        });
        let Some((open, year)) = year else {
            continue;
        };
        out.push(Shape {
            open,
            year,
            close,
            di,
            num: num_start..h,
        });
    }
    out
}

/// What is wrong with one 发文字号, and the edits that fix the safe part.
struct Finding {
    range: std::ops::Range<usize>,
    edits: Vec<Edit>,
    problems: Vec<(&'static str, &'static str)>,
    /// The whole corrected form, when every problem has a fix.
    want: Option<String>,
}

fn findings(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for shape in shapes(text) {
        let Shape {
            open,
            year,
            close,
            di,
            num,
        } = shape;
        let agency = text[..open.start]
            .chars()
            .rev()
            .take(2)
            .filter(|&ch| super::punct::is_han(ch) || matches!(ch, 'x' | 'X' | '×' | '*'))
            .count();
        if agency < 2 {
            continue;
        }
        let mut edits = Vec::new();
        let mut problems = Vec::new();
        if &text[open.clone()] != "〔" || &text[close.clone()] != "〕" {
            problems.push(("年份应用六角括号“〔〕”括入", "put the year in 〔〕"));
            for (r, want) in [(&open, "〔"), (&close, "〕")] {
                if &text[r.clone()] != want {
                    edits.push(Edit {
                        range: r.clone(),
                        replacement: want.into(),
                    });
                }
            }
        }
        let year = &text[year];
        if year.len() == 2 {
            problems.push(("年份应写全（如2023）", "write the year in full (2023)"));
        }
        // 公告、通告 numbers keep their 第 (`中国人民银行公告〔2023〕第5号`).
        let notice = text[..open.start].ends_with("公告") || text[..open.start].ends_with("通告");
        if let Some(di) = di.filter(|_| !notice) {
            problems.push(("序号前不加“第”", "no 第 before the serial number"));
            edits.push(Edit {
                range: di,
                replacement: String::new(),
            });
        }
        let digits = &text[num.clone()];
        let zeros = digits.len() - digits.trim_start_matches('0').len();
        if digits.bytes().all(|b| b.is_ascii_digit()) && zeros > 0 && zeros < digits.len() {
            problems.push((
                "序号不编虚位（不写前导0）",
                "no leading zeros in the serial number",
            ));
            edits.push(Edit {
                range: num.start..num.start + zeros,
                replacement: String::new(),
            });
        }
        if problems.is_empty() {
            continue;
        }
        let want = (year.len() == 4).then(|| {
            let n = &digits[if zeros < digits.len() { zeros } else { 0 }..];
            format!("〔{year}〕{n}号")
        });
        out.push(Finding {
            range: open.start..num.end + "号".len(),
            edits,
            problems,
            want,
        });
    }
    out
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for f in findings(ctx.text) {
        let quoted = excerpt(&ctx.text[f.range.clone()]);
        let zh: Vec<&str> = f.problems.iter().map(|p| p.0).collect();
        let en: Vec<&str> = f.problems.iter().map(|p| p.1).collect();
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: f.range.clone(),
            message: ctx.say(
                match &f.want {
                    Some(w) => format!(
                        "发文字号“{quoted}”不合格式：{}，应为“{}”",
                        zh.join("，"),
                        excerpt(w)
                    ),
                    None => format!("发文字号“{quoted}”不合格式：{}", zh.join("，")),
                },
                || match &f.want {
                    Some(w) => format!(
                        "Document number “{quoted}”: {}; write “{}”",
                        en.join("; "),
                        excerpt(w)
                    ),
                    None => format!("Document number “{quoted}”: {}", en.join("; ")),
                },
            ),
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let all = cx.shared(RULE.code, || findings(cx.text));
    let Some(f) = all
        .iter()
        .find(|f| f.range == d.range)
        .filter(|f| !f.edits.is_empty())
    else {
        return Vec::new();
    };
    vec![Fix {
        title: "改为 GB/T 9704 发文字号格式".into(),
        edits: f.edits.clone(),
        safe: true,
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, fixed};

    /// The backward reading finds what the regex it replaced found, on
    /// texts built from the pieces of a 发文字号 and their near misses.
    #[test]
    fn shapes_as_the_regex_found_them() {
        let re = regex::Regex::new(concat!(
            r"(?P<open>[\[［(（【〔﹝〖])",
            r"(?P<year>(?:19|20)[0-9]{2}|[0-9]{2}|20[xX*]{2}|[xX*]{4})",
            r"(?P<close>[\]］)）】〕﹞〗])",
            r"(?P<di>第)?",
            r"(?P<num>[0-9]+|[xX×*]+)号",
        ))
        .unwrap();
        let slots: [&[&str]; 7] = [
            &["国办发", "发", "a", "", "号"],
            &["[", "〔", "（", "(", "〖", "【", "﹝", "", "x"],
            &["2023", "1999", "23", "20xx", "xxxx", "20", "3", "", "2x23"],
            &["]", "〕", "）", "﹞", "〗", "", "〔"],
            &["第", "", "第第"],
            &["5", "005", "x", "×", "*", "", "5x", "〕5"],
            &["号", "", "号号"],
        ];
        let mut found = 0;
        for s in crate::rules::test_support::generated_texts(&slots, 3, 50_000) {
            let want: Vec<_> = re
                .captures_iter(&s)
                .map(|c| {
                    let r = |n: &str| c.name(n).map(|m| m.range());
                    (r("open"), r("year"), r("close"), r("di"), r("num"))
                })
                .collect();
            let got: Vec<_> = super::shapes(&s)
                .into_iter()
                .map(|x| (Some(x.open), Some(x.year), Some(x.close), x.di, Some(x.num)))
                .collect();
            assert_eq!(got, want, "{s:?}");
            found += want.len();
        }
        assert!(found > 1000, "the texts hold numbers: {found}");
    }

    #[test]
    fn brackets_number_and_zeros() {
        assert_eq!(
            check("docno", "根据《方案》(岸政办[2014]41号),对\n"),
            ["1:11 «[2014]41号» 发文字号“[2014]41号”不合格式：年份应用六角括号“〔〕”括入，应为“〔2014〕41号”"]
        );
        assert_eq!(
            check_fix("《通知》（京政发（2023）第005号）。\n", "docno"),
            "《通知》（京政发〔2023〕5号）。\n"
        );
        assert_eq!(
            check("docno", "国办发【2023】5号\n"),
            ["1:4 «【2023】5号» 发文字号“【2023】5号”不合格式：年份应用六角括号“〔〕”括入，应为“〔2023〕5号”"]
        );
        assert_eq!(
            fixed("docno", "国办发〔2023〕第5号、国办函[2022]07号\n"),
            "国办发〔2023〕5号、国办函〔2022〕7号\n"
        );
        let once = fixed("docno", "国办发〔2023〕第5号、国办函[2022]07号\n");
        assert!(check("docno", &once).is_empty(), "the fix converges");
    }

    #[test]
    fn english_message() {
        let config = crate::Config {
            language: crate::Language::En,
            ..crate::Config::default()
        };
        let a = crate::analyze("岸政办[2014]041号\n", &config);
        let d: Vec<&str> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "docno")
            .map(|d| &*d.message)
            .collect();
        assert_eq!(
            d,
            ["Document number “[2014]041号”: put the year in 〔〕; no leading zeros in the serial number; write “〔2014〕41号”"]
        );
    }

    #[test]
    fn short_year_is_reported_without_a_year_fix() {
        assert_eq!(
            check("docno", "国办发〔23〕5号\n"),
            ["1:4 «〔23〕5号» 发文字号“〔23〕5号”不合格式：年份应写全（如2023）"]
        );
        assert_eq!(fixed("docno", "国办发[23]5号\n"), "国办发〔23〕5号\n");
    }

    #[test]
    fn correct_forms_placeholders_and_ordinary_brackets_pass() {
        for ok in [
            "(x爱卫办〔2022〕x号)\n",
            "(x人常〔2022〕xx号)\n",
            "国办发〔2023〕5号\n",
            "《大中小微企业划分标准(2017)》和\n",
            "增长(2023)，共5号楼\n",
            "国办发〔2023〕0号\n",
            "中国人民银行公告〔2023〕第5号\n",
        ] {
            assert!(check("docno", ok).is_empty(), "{ok}");
        }
    }
}
