//! Placeholder tokens left in a draft: `XX县`, `20**年`, `x月xx日`, `××`, `○○`…

use std::ops::Range;

use crate::Config;

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

/// Finds every placeholder token in `text`, sorted by offset.
pub fn scan(_text: &str, _config: &Config) -> Vec<Placeholder> {
    Vec::new()
}
