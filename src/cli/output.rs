//! The machine formats of `baogao check`: JSON Lines, SARIF 2.1.0 for code
//! scanning, GitHub Actions workflow commands, and the per-rule statistics.
//! (`json` and `human` are in `mod.rs` and `render.rs`.)

use baogao_core::{Language, Severity, REGISTRY};
use serde_json::{json, Value};

use super::JsonDiagnostic;

/// The SARIF schema this output follows.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF `level` of a severity (`note` for information and hints).
pub fn sarif_level(s: &str) -> &'static str {
    match s {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// A path as a relative URI reference (`/`-separated, `./` dropped, other
/// characters than unreserved ones percent-encoded as UTF-8).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The rules of the registry as SARIF `reportingDescriptor`s, in registry order.
pub fn sarif_rules(language: Language) -> Vec<Value> {
    REGISTRY
        .iter()
        .map(|r| {
            let summary = match language {
                Language::En => r.summary_en,
                Language::Zh => r.summary,
            };
            json!({
                "id": r.code,
                "shortDescription": { "text": summary },
                "fullDescription": { "text": summary },
                "help": { "text": r.docs, "markdown": r.docs },
                "defaultConfiguration": { "level": sarif_level(r.default_severity.as_str()) },
                "properties": { "category": r.category.as_str(), "fixable": r.fixable() },
            })
        })
        .collect()
}

/// One SARIF `result`.
/// Related locations are (path, line, column, message): a twin may be in another file.
pub fn sarif_result(d: &JsonDiagnostic, related: Vec<(String, usize, usize, String)>) -> Value {
    let index = REGISTRY.iter().position(|r| r.code == d.code);
    let location = |line: usize, column: usize, end_line: usize, end_column: usize| {
        json!({
            "artifactLocation": { "uri": uri(&d.path) },
            "region": {
                "startLine": line,
                "startColumn": column,
                "endLine": end_line,
                "endColumn": end_column,
            }
        })
    };
    let mut result = json!({
        "ruleId": d.code,
        "level": sarif_level(d.severity),
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": location(d.line, d.column, d.end_line, d.end_column)
        }],
    });
    if let Some(i) = index {
        result["ruleIndex"] = json!(i);
    }
    if !related.is_empty() {
        result["relatedLocations"] = related
            .into_iter()
            .enumerate()
            .map(|(id, (path, line, column, message))| {
                json!({
                    "id": id,
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&path) },
                        "region": { "startLine": line, "startColumn": column },
                    },
                    "message": { "text": message },
                })
            })
            .collect();
    }
    result
}

/// The whole SARIF log of one run.
pub fn sarif_log(results: Vec<Value>, language: Language) -> Value {
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "baogao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": sarif_rules(language),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A workflow-command property value: `%`, CR, LF, `:` and `,` escaped.
pub fn github_property(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// A workflow-command message: `%`, CR and LF escaped.
pub fn github_message(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// One GitHub Actions annotation:
/// `::warning file=a.txt,line=3,col=1,endLine=3,endColumn=4,title=baogao(numbering-gap)::…`.
pub fn github_line(d: &JsonDiagnostic) -> String {
    let command = match d.severity {
        "error" => "error",
        "warning" => "warning",
        _ => "notice",
    };
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        github_property(&d.path.replace('\\', "/")),
        d.line,
        d.column,
        d.end_line,
        d.end_column,
        github_property(&format!("baogao({})", d.code)),
        github_message(&d.message)
    )
}

/// Findings per rule, most frequent first, then by code.
pub fn statistics(
    counts: &std::collections::BTreeMap<&'static str, usize>,
) -> Vec<(&'static str, usize)> {
    let mut rows: Vec<(&str, usize)> = counts.iter().map(|(c, n)| (*c, *n)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rows
}

/// The statistics table: count, code, name, whether `--fix` can fix it.
pub fn statistics_table(rows: &[(&'static str, usize)]) -> String {
    let width = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (code, n) in rows {
        let rule = baogao_core::rules::rule(code);
        let name = match (rule, super::i18n::en()) {
            (Some(r), false) => r.name,
            (Some(r), true) => r.summary_en,
            (None, _) => "",
        };
        let fix = if rule.is_some_and(|r| r.fixable()) {
            "[*] "
        } else {
            "    "
        };
        out.push_str(&format!("{n:>5}  {code:<width$}  {fix}{name}\n"));
    }
    out
}

/// `check --format json`'s array, written record by record exactly as
/// `serde_json::to_string_pretty` writes a `Vec` of [`JsonDiagnostic`]s,
/// without building them: a large file has tens of thousands of findings.
#[derive(Default)]
pub struct JsonArray {
    out: Vec<u8>,
    items: usize,
}

/// One record of a [`JsonArray`]: a [`JsonDiagnostic`] by reference, the
/// path already escaped ([`json_string`]) since every record repeats it.
pub struct JsonRecord<'a> {
    pub path: &'a [u8],
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub severity: &'a str,
    pub code: &'a str,
    pub message: &'a str,
    pub paragraph: Option<usize>,
}

/// A related place of a [`JsonRecord`]: the escaped path, line, column, message.
pub type JsonPlace<'a> = (&'a [u8], usize, usize, &'a str);

impl JsonArray {
    pub fn push<'a>(
        &mut self,
        r: &JsonRecord<'_>,
        related: impl IntoIterator<Item = JsonPlace<'a>>,
    ) {
        let o = &mut self.out;
        o.extend_from_slice(if self.items == 0 { b"[\n" } else { b",\n" });
        self.items += 1;
        o.extend_from_slice(b"  {\n    \"path\": ");
        o.extend_from_slice(r.path);
        o.extend_from_slice(b",\n    \"line\": ");
        push_number(o, r.start.0);
        o.extend_from_slice(b",\n    \"column\": ");
        push_number(o, r.start.1);
        o.extend_from_slice(b",\n    \"end_line\": ");
        push_number(o, r.end.0);
        o.extend_from_slice(b",\n    \"end_column\": ");
        push_number(o, r.end.1);
        o.extend_from_slice(b",\n    \"severity\": ");
        json_string(o, r.severity);
        o.extend_from_slice(b",\n    \"code\": ");
        json_string(o, r.code);
        o.extend_from_slice(b",\n    \"message\": ");
        json_string(o, r.message);
        if let Some(p) = r.paragraph {
            o.extend_from_slice(b",\n    \"paragraph\": ");
            push_number(o, p);
        }
        let mut first = true;
        for (path, line, column, message) in related {
            o.extend_from_slice(if first {
                b",\n    \"related\": [\n      {\n        \"path\": "
            } else {
                b",\n      {\n        \"path\": "
            });
            first = false;
            o.extend_from_slice(path);
            o.extend_from_slice(b",\n        \"line\": ");
            push_number(o, line);
            o.extend_from_slice(b",\n        \"column\": ");
            push_number(o, column);
            o.extend_from_slice(b",\n        \"message\": ");
            json_string(o, message);
            o.extend_from_slice(b"\n      }");
        }
        if !first {
            o.extend_from_slice(b"\n    ]");
        }
        o.extend_from_slice(b"\n  }");
    }

    /// The whole array and a line break.
    pub fn finish(mut self) -> Vec<u8> {
        if self.items == 0 {
            return b"[]\n".to_vec();
        }
        self.out.extend_from_slice(b"\n]\n");
        self.out
    }
}

/// A number as JSON writes it.
fn push_number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A string as serde_json writes it (quoted; `"`, `\\` and control characters escaped).
pub fn json_string(out: &mut Vec<u8>, s: &str) {
    // Without an early exit the test vectorises.
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if !plain {
        serde_json::to_writer(&mut *out, s).expect("a string serializes");
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Severity word for the summary line.
pub fn severity_word(s: Severity) -> &'static str {
    super::i18n::t(
        match s {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Information => "提示",
            Severity::Hint => "建议",
        },
        match s {
            Severity::Error => "errors",
            Severity::Warning => "warnings",
            Severity::Information => "notes",
            Severity::Hint => "hints",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> JsonDiagnostic {
        JsonDiagnostic {
            path: "汇编/a,b.txt".into(),
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 4,
            severity: "warning",
            code: "numbering-gap",
            message: "编号跳跃：100%\n下一行".into(),
            paragraph: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn github_commands_escape_properties_and_message() {
        assert_eq!(
            github_line(&d()),
            "::warning file=汇编/a%2Cb.txt,line=3,col=1,endLine=3,endColumn=4,title=baogao(numbering-gap)::编号跳跃：100%25%0A下一行"
        );
    }

    #[test]
    fn json_array_writes_what_serde_json_writes() {
        let plain = d();
        let mut full = d();
        full.message = "引号\"与\\、\t".into();
        full.paragraph = Some(3);
        full.related = vec![
            super::super::JsonRelated {
                path: "b\"c.txt".into(),
                line: 1,
                column: 2,
                message: "在此".into(),
            },
            super::super::JsonRelated {
                path: "汇编/a,b.txt".into(),
                line: 10,
                column: 200,
                message: "m".into(),
            },
        ];
        assert_eq!(JsonArray::default().finish(), b"[]\n");
        let mut array = JsonArray::default();
        for j in [&plain, &full] {
            let mut path = Vec::new();
            json_string(&mut path, &j.path);
            let paths: Vec<Vec<u8>> = j
                .related
                .iter()
                .map(|r| {
                    let mut p = Vec::new();
                    json_string(&mut p, &r.path);
                    p
                })
                .collect();
            let record = JsonRecord {
                path: &path,
                start: (j.line, j.column),
                end: (j.end_line, j.end_column),
                severity: j.severity,
                code: j.code,
                message: &j.message,
                paragraph: j.paragraph,
            };
            array.push(
                &record,
                j.related
                    .iter()
                    .zip(&paths)
                    .map(|(r, p)| (p.as_slice(), r.line, r.column, r.message.as_str())),
            );
        }
        let expected = serde_json::to_string_pretty(&[plain, full]).unwrap() + "\n";
        assert_eq!(String::from_utf8(array.finish()).unwrap(), expected);
    }

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(uri("./a b/报.txt"), "a%20b/%E6%8A%A5.txt");
        assert_eq!(uri("dir\\x.md"), "dir/x.md");
    }

    #[test]
    fn statistics_sort_by_count_then_code() {
        let mut m = std::collections::BTreeMap::new();
        m.insert("placeholder", 2);
        m.insert("numbering-gap", 2);
        m.insert("enumeration", 5);
        assert_eq!(
            statistics(&m),
            [("enumeration", 5), ("numbering-gap", 2), ("placeholder", 2)]
        );
    }
}
