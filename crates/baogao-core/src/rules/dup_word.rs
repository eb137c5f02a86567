//! `dup-word`: a word written twice by accident: `开展开展`, `积极打造打造`,
//! `宣传活动宣传活动`, and doubled function characters (`着力点和和突破口`).
//!
//! Decided without a dictionary, in one pass over the Han runs of the text.
//! A doubled run `XX` is a finding when:
//! - `X` has 2–4 characters and is not a reduplication: numeral + measure
//!   (`一件一件`, `一步一步`), one of the verbs that reduplicate in speech
//!   (`研究研究`, `商量商量`), `V着V着`, the tail of an ABA term from a closed
//!   list (`点对点对接`, `面对面`, `心连心`; not a pattern: `应对应对` has the
//!   shape of `点对点对` and is a doubling), or a doubled pair (`哈哈哈哈`);
//! - or `X` is one character from a closed list of function characters that
//!   never reduplicate (`和`, `与`, `及`, `的`, `在`, `是`…), not part of AABB
//!   (`的的确确`, `是是非非`) or numeral + measure (`一对对`), and not the seam
//!   of two words (`目的的`, `但是是否`, `参与与`, `导向向`), each character
//!   with the neighbours that make such a seam.
//!
//! Any other single character is never reported: `天天`, `人人`, `常常` and
//! place names with a doubled character are words. jieba is not used: its
//! dictionary costs 0.15 s and 33 MB per process, which the CLI and a folder
//! of drafts cannot afford, and it cuts `研究研究` as two words all the same.

use super::punct::is_han;
use super::{Category, FixContext, RuleContext, RuleMeta};
use crate::edit::{Edit, Fix};
use crate::numerals::is_numeral_char;
use crate::{excerpt, Diagnostic, Severity};

const DOCS: &str = "做什么：找出误写了两遍的词：`开展开展`、`积极打造打造`、`宣传活动宣传活动`，以及重复的虚词`着力点和和突破口`、`工作的的成效`。重叠式不报：数量词重叠（`一件一件`、`一步一步`、`一次次`）、口语里可以重叠的动词（`研究研究`、`讨论讨论`、`商量商量`）、`走着走着`、`点对点对接`、`面对面`、`手拉手`这类ABA式、`实实在在`、`的的确确`这类AABB式。单个汉字只在“和、与、及、的、在、是”等从不重叠的虚词重复时才报，`天天`、`人人`、`常常`和含叠字的地名不报；两个词相接时的重字也不报（`目的的`、`但是是否`、`参与与监督`、`由问题导向向目标导向转变`）。\n\n为什么：改稿时复制粘贴、输入法联想最容易留下重复的词，读者一眼就能看出，是审稿必查的硬伤。判断不用 jieba 分词：词典加载要 0.15 秒、33 MB 内存，命令行和草稿文件夹承担不起；jieba 本身也把`研究研究`切成两个“研究”，分不出重叠和误写。本规则只看汉字串里紧挨着重复的 1–4 个字，再排除上面的重叠式。\n\n示例：`要积极打造打造特色品牌`、`抓住着力点和和突破口`\n\n改为：`要积极打造特色品牌`、`抓住着力点和突破口`（删去一个；是否真是误写请自己判断，不在一键修复之列）";

pub(super) const RULE: RuleMeta = RuleMeta {
    code: "dup-word",
    name: "词语误重复",
    category: Category::Repetition,
    default_severity: Severity::Warning,
    summary: "同一个词误写了两遍（开展开展、和和），重叠式（研究研究、一件一件）除外",
    summary_en: "A word written twice by accident (开展开展, 和和); reduplication (研究研究, 一件一件) is fine",
    docs: DOCS,
    check,
    fix: Some(fix),
    settings: &[],
};

/// Verbs that reduplicate as ABAB in speech (`研究研究` = study it a bit).
const ABAB_VERBS: &[&str] = &[
    "研究", "讨论", "商量", "学习", "考虑", "了解", "交流", "休息", "活动", "锻炼", "打扫", "收拾",
    "检查", "整理", "准备", "体验", "尝试", "比较", "思考", "琢磨", "打听", "介绍", "分析", "总结",
    "清理", "反思", "调查", "请示", "汇报", "沟通", "熟悉", "放松", "提高", "改进", "考察", "热闹",
    "高兴", "溜达", "比划", "意思", "表示", "照顾", "提醒", "批评", "议论", "打扮", "暖和", "凉快",
    "轻松", "舒服", "很多", "好多", "许多", "雪白", "通红", "冰凉", "火热", "笔直", "漆黑", "碧绿",
];

/// The head of an ABA term (`点对点`, `面对面`, `心连心`, `手拉手`,
/// `背靠背`, `肩并肩`, `实打实`): `点对点对接` doubles `点对` but is the term
/// and `对接`. A closed list: `应对应对` has the same shape and is a doubling.
const ABA_HEADS: &[&str] = &[
    "点对", "面对", "心连", "手拉", "手牵", "背靠", "肩并", "实打", "门对", "户对", "人对", "村对",
    "硬碰", "心贴", "脸贴", "肩挑", "屋连", "根连",
];

/// Function characters that never reduplicate, with the neighbours that
/// make a seam of two words instead: the characters before the pair that
/// end a word with it (`目的` + `的`), and after it that start one (`的` +
/// `的确`). `对`, `为`, `把`, `就`, `还` are left out: too many words end and
/// start with them (`面对对手`, `作为为民`, `把把关`, `也就就业`, `偿还还款`).
const FUNCTION: &[(char, &str, &str)] = &[
    ('和', "总缓温平祥柔调饱随融谦人暖共附应總緩溫調飽隨謙應", ""),
    ('与', "参给赋授干", ""),
    ('及', "涉普以波危顾论触提企惠遍来累殃不", ""),
    ('的', "目标端有", "确士"),
    (
        '在',
        "现正存实所自内外潜好健旨意志重贵关乐住現實潛貴關樂",
        "",
    ),
    ('是', "求为似要若為", "否非"),
    ('将', "大猛干主名老悍强武良", "就"),
    ('被', "", "子褥"),
    ('从', "服随侍仆盲顺听适无", ""),
    (
        '向',
        "方导指走转趋面倾意去动取志风流双定横纵反正一偏航逆内外",
        "",
    ),
    ('以', "可所予加难得用借足据何赖给", "上下来后前及便免外内"),
    ('并', "合兼吞归一相肩", "入列存举行重轨购"),
    ('或', "抑间偶", ""),
    ('其', "尤极与及何若任顺莫不", ""),
    ('于', "终由", ""),
    ('由', "理自缘事来经", ""),
    ('而', "从进因然反继故既", ""),
    ('之', "总反久加要随言", ""),
    ('且', "而并况姑暂尚苟", ""),
    ('都', "首京古故国成建定迁", ""),
    ('也', "", ""),
    // Traditional script.
    ('與', "參給賦授干", ""),
    ('於', "終由", ""),
    ('從', "服隨侍僕盲順聽適無", ""),
    ('將', "大猛幹主名老悍強武良", "就"),
    ('並', "合兼吞歸一相肩", "入列存舉行重軌購"),
];

/// A doubled run: the first and the second copy.
struct Found {
    first: std::ops::Range<usize>,
    second: std::ops::Range<usize>,
}

/// Whether the doubled `X` (`run[i..i + len]` twice) is a duplication.
fn doubled(run: &[(usize, char)], i: usize, len: usize) -> bool {
    let x: Vec<char> = run[i..i + len].iter().map(|&(_, c)| c).collect();
    let at = |j: usize| run.get(j).map(|&(_, c)| c);
    if len == 1 {
        let c = x[0];
        let Some(&(_, before, after)) = FUNCTION.iter().find(|(f, _, _)| *f == c) else {
            return false;
        };
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 2);
        // AABB: the pair is AA or BB of `的的确确`, `和和美美`, `是是非非`.
        let aabb_first = next.is_some_and(|n| at(i + 3) == Some(n) && n != c);
        let aabb_second = i >= 2 && prev.is_some_and(|p| at(i - 2) == Some(p) && p != c);
        if aabb_first || aabb_second {
            return false;
        }
        // Numeral + measure (`一对对`), or a seam of two words.
        if prev.is_some_and(|p| is_numeral_char(p) || before.contains(p))
            || next.is_some_and(|n| after.contains(n))
        {
            return false;
        }
        return true;
    }
    if x.iter().all(|&c| c == x[0]) || is_numeral_char(x[0]) || "几每半".contains(x[0]) {
        return false;
    }
    if len == 2 {
        let word: String = x.iter().collect();
        let w = word.as_str();
        if ABAB_VERBS.contains(&w) || ABA_HEADS.contains(&w) || matches!(x[1], '着' | '著') {
            return false;
        }
    }
    true
}

/// Up to `n` Han characters right before `at`, nearest last.
fn han_before(text: &str, at: usize, n: usize) -> Vec<(usize, char)> {
    let mut v: Vec<(usize, char)> = text[..at]
        .char_indices()
        .rev()
        .take(n)
        .take_while(|&(_, c)| is_han(c))
        .collect();
    v.reverse();
    v
}

/// The doubled run of `len` characters at `at`, if its bytes repeat and
/// every character of it is Han: the run with its Han neighbours (two on
/// each side) and where the first copy starts in it.
fn window(text: &str, at: usize, len: usize) -> Option<(Vec<(usize, char)>, usize)> {
    let b = text.as_bytes();
    let n = 3 * len;
    if at + 2 * n > b.len() || b[at..at + n] != b[at + n..at + 2 * n] {
        return None;
    }
    let mut run = han_before(text, at, 2);
    let i = run.len();
    for (k, c) in text.get(at..at + 2 * n)?.char_indices() {
        if !is_han(c) || c.len_utf8() != 3 {
            return None;
        }
        run.push((at + k, c));
    }
    run.extend(
        text[at + 2 * n..]
            .char_indices()
            .take(2)
            .take_while(|&(_, c)| is_han(c))
            .map(|(k, c)| (at + 2 * n + k, c)),
    );
    Some((run, i))
}

/// Doubled runs, left to right, the longest `X` first at each character.
///
/// One pass over the bytes finds the candidates: where the last `2d`
/// characters of a run of Han characters (d = 1…4) are `X X` with `X` of
/// `d` characters, compared as bytes. Only the candidates are decoded and
/// judged (Han outside the Basic Multilingual Plane is not looked at).
fn found(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut free = 0;
    for at in candidates(text) {
        if at < free {
            continue;
        }
        for len in (1..=4).rev() {
            let Some((run, i)) = window(text, at, len) else {
                continue;
            };
            if doubled(&run, i, len) {
                let n = 3 * len;
                out.push(Found {
                    first: at..at + n,
                    second: at + n..at + 2 * n,
                });
                free = at + 2 * n;
                break;
            }
        }
    }
    out
}

/// Where a doubled run may start, in order (see [`found`]).
fn candidates(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    // The last four characters of the current run of Han characters, each
    // as its three bytes in one number (older runs may linger in it).
    let mut ring = [0u32; 4];
    // How many Han characters the current run has before `at`.
    let mut n = 0usize;
    let mut at = 0;
    // A Han character has three bytes: fewer left end the search.
    while let Some(&[lead, b1, b2]) = b.get(at..at + 3) {
        // U+3400..U+9FFF and U+F900..U+FAFF: Han, by its first two bytes
        // (a mark such as `，` or `、` ends the run).
        let han = match lead {
            0xE4..=0xE9 => true,
            0xE3 => b1 >= 0x90,
            0xEF => (0xA4..=0xAB).contains(&b1),
            _ => false,
        };
        if han {
            let code = u32::from_be_bytes([0, lead, b1, b2]);
            // `X X` ends here only if this character equals the one `d`
            // before it, so one equal to none of the last four ends none.
            if ring.contains(&code) {
                let end = at + 3;
                for d in 1..=4 {
                    let x = 3 * d;
                    if n + 1 >= 2 * d && b[end - 2 * x..end - x] == b[end - x..end] {
                        starts.push(end - 2 * x);
                    }
                }
            }
            ring[n & 3] = code;
            n += 1;
            at += 3;
            continue;
        }
        n = 0;
        at += match lead {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 1,
        };
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

fn check(ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let exempt = ctx.exempt();
    for f in found(ctx.text) {
        let whole = f.first.start..f.second.end;
        if exempt.overlaps(&whole) {
            continue;
        }
        let w = excerpt(&ctx.text[f.first.clone()]);
        let q = excerpt(&ctx.text[whole.clone()]);
        out.push(Diagnostic {
            code: RULE.code,
            severity: RULE.default_severity,
            range: whole,
            message: ctx.say(
                format!("“{w}”重复了（“{q}”），删去一个"),
                || format!("“{w}” is written twice (“{q}”): delete one"),
            ),
            related: Vec::new(),
        });
    }
}

fn fix(cx: &FixContext, d: &Diagnostic) -> Vec<Fix> {
    let text = cx.text;
    let Some(s) = text.get(d.range.clone()) else {
        return Vec::new();
    };
    // The diagnostic covers both copies: the second starts half-way.
    let half = d.range.start + s.len() / 2;
    if s.len() % 2 != 0
        || !text.is_char_boundary(half)
        || text[d.range.start..half] != text[half..d.range.end]
    {
        return Vec::new();
    }
    vec![Fix {
        title: format!("删去重复的“{}”", excerpt(&text[half..d.range.end])),
        edits: vec![Edit {
            range: half..d.range.end,
            replacement: String::new(),
        }],
        safe: false,
    }]
}

#[cfg(test)]
mod tests {
    use super::candidates;
    use crate::rules::test_support::{check, check_fix};

    /// The candidate search this one replaced: a streak per `d` of
    /// characters equal to the one `d` before.
    fn reference_candidates(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut starts = Vec::new();
        let mut ring = [0u32; 4];
        let mut streak = [0usize; 5];
        let mut n = 0usize;
        let mut at = 0;
        while at < b.len() {
            let lead = b[at];
            let han = at + 3 <= b.len()
                && match lead {
                    0xE4..=0xE9 => true,
                    0xE3 => b[at + 1] >= 0x90,
                    0xEF => (0xA4..=0xAB).contains(&b[at + 1]),
                    _ => false,
                };
            if han {
                let code = u32::from_be_bytes([0, lead, b[at + 1], b[at + 2]]);
                for (d, run) in streak.iter_mut().enumerate().skip(1) {
                    if n >= d && ring[(n - d) & 3] == code {
                        *run += 1;
                        if *run >= d {
                            starts.push(at + 3 - 6 * d);
                        }
                    } else {
                        *run = 0;
                    }
                }
                ring[n & 3] = code;
                n += 1;
                at += 3;
                continue;
            }
            n = 0;
            streak = [0; 5];
            at += match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
                _ => 1,
            };
        }
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    #[test]
    fn candidates_match_the_streak_search() {
        let mut texts: Vec<String> = [
            "开展开展",
            "积极打造打造特色",
            "宣传活动宣传活动",
            "和和",
            "哈哈哈哈哈哈哈哈哈",
            "一件一件",
            "研究研究工作工作",
            "甲乙甲乙甲乙甲",
            "甲乙丙丁甲乙丙丁甲乙丙丁",
            "的，的的\r\n的的",
            "𠀀𠀀𠀀开展𠀀开展",
            "😀和和😀",
            "ＡＡ和和ａａ",
            "１２１２年年",
            "\u{3400}\u{3400}\u{4DBF}\u{4DBF}\u{F900}\u{F900}\u{FAFF}\u{FAFF}\u{3000}\u{3000}",
            "〇〇",
            "开展开",
            "开",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Random runs over a small alphabet double often, with stale
        // characters of an earlier run in the ring.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let alphabet: Vec<char> = "甲乙丙和的，𠀀Ａa\n".chars().collect();
        for _ in 0..300 {
            let text: String = (0..40)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            texts.push(text);
        }
        for text in texts {
            assert_eq!(candidates(&text), reference_candidates(&text), "{text:?}");
        }
    }

    #[test]
    fn doubled_words() {
        assert_eq!(
            check("dup-word", "二是开展开展专项行动。\n"),
            ["1:3 «开展开展» “开展”重复了（“开展开展”），删去一个"]
        );
        assert_eq!(
            check_fix("要积极打造打造特色品牌。\n", "dup-word"),
            "要积极打造特色品牌。\n"
        );
        assert_eq!(
            check_fix("组织宣传活动宣传活动十场。\n", "dup-word"),
            "组织宣传活动十场。\n"
        );
        assert_eq!(
            check_fix("抓住着力点和和突破口。\n", "dup-word"),
            "抓住着力点和突破口。\n"
        );
        for dup in [
            "完成完成了任务\n",
            "积极应对应对风险\n",
            "各街道街道办\n",
            "工作的的成效\n",
            "即将将开工\n",
        ] {
            assert_eq!(check("dup-word", dup).len(), 1, "{dup}");
        }
    }

    #[test]
    fn reduplication_is_not_an_error() {
        for ok in [
            "要研究研究再定。\n",
            "大家商量商量。\n",
            "一件一件抓落实，一步一步推进，一事一事解决，一次次走访。\n",
            "天天向上，人人参与，常常提醒。\n",
            "推进点对点对接，面对面交流，心连心服务，手拉手帮扶。\n",
            "实实在在，的的确确，是是非非，和和美美。\n",
            "共建共治共享。\n",
            "走着走着就到了，快著快著來。\n",
            "哈哈哈哈\n",
            "实现目的的手段，但是是否可行，公众参与与监督。\n",
            "由问题导向向目标导向转变，可以以村为单位，一并并入。\n",
            "他的的确是好人，一对对新人。\n",
            "双双镇，哈哈村。\n",
        ] {
            assert!(
                check("dup-word", ok).is_empty(),
                "{ok}: {:?}",
                check("dup-word", ok)
            );
        }
    }

    #[test]
    fn the_fix_is_not_safe() {
        let text = "开展开展活动。\n";
        let config = crate::Config::default();
        let a = crate::analyze(text, &config);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == "dup-word")
            .expect("found");
        let fixes = super::fix(&super::FixContext::new(text, &a, &config), d);
        assert!(!fixes[0].safe);
    }

    #[test]
    fn english_message() {
        let config = crate::Config {
            language: crate::Language::En,
            ..crate::Config::default()
        };
        let a = crate::analyze("开展开展活动。\n", &config);
        assert_eq!(
            &*a.diagnostics[0].message,
            "“开展” is written twice (“开展开展”): delete one"
        );
    }
}
