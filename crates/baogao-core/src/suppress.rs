//! Suppression comments in Markdown: `<!-- baogao-disable-next-line placeholder -->`
//! silences the named rules (all rules when none is named) on the next line;
//! `<!-- baogao-disable … -->` … `<!-- baogao-enable -->` silences a block.

use crate::{Diagnostic, LineIndex};

struct Suppression {
    /// Lines covered, half-open.
    lines: std::ops::Range<usize>,
    /// Rule codes; empty means every rule.
    codes: Vec<String>,
}

fn parse(text: &str, idx: &LineIndex) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Vec<String>)> = None;
    for line in 0..idx.line_count() {
        let s = text[idx.line_range(text, line)].trim();
        let Some(body) = s.strip_prefix("<!--").and_then(|b| b.strip_suffix("-->")) else {
            continue;
        };
        let mut words = body.split_whitespace();
        let directive = words.next().unwrap_or("");
        let codes: Vec<String> = words
            .flat_map(|w| w.split(','))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        match directive {
            "baogao-disable-next-line" => out.push(Suppression {
                lines: line + 1..line + 2,
                codes,
            }),
            "baogao-disable-line" => out.push(Suppression {
                lines: line..line + 1,
                codes,
            }),
            "baogao-disable" => open = Some((line, codes)),
            "baogao-enable" => {
                if let Some((start, codes)) = open.take() {
                    out.push(Suppression {
                        lines: start..line,
                        codes,
                    });
                }
            }
            _ => {}
        }
    }
    if let Some((start, codes)) = open {
        out.push(Suppression {
            lines: start..usize::MAX,
            codes,
        });
    }
    out
}

/// Drops the diagnostics that a suppression comment covers.
pub(crate) fn apply(text: &str, diagnostics: &mut Vec<Diagnostic>) {
    if !text.contains("baogao-") {
        return;
    }
    let idx = LineIndex::new(text);
    let rules = parse(text, &idx);
    if rules.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let line = idx.line_of(d.range.start);
        !rules.iter().any(|r| {
            r.lines.contains(&line) && (r.codes.is_empty() || r.codes.iter().any(|c| c == d.code))
        })
    });
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Config, DocumentKind};

    fn codes(text: &str) -> Vec<&'static str> {
        analyze(text, &Config::for_kind(DocumentKind::Markdown))
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn next_line_and_blocks() {
        assert_eq!(
            codes("<!-- baogao-disable-next-line placeholder -->\nXX县\nXX市\n"),
            ["placeholder"]
        );
        assert!(codes("<!-- baogao-disable-next-line -->\nXX县\n").is_empty());
        assert_eq!(
            codes("<!-- baogao-disable-next-line numbering-gap -->\nXX县\n"),
            ["placeholder"]
        );
        assert!(
            codes("<!-- baogao-disable placeholder -->\nXX\nxx\n<!-- baogao-enable -->\n")
                .is_empty()
        );
        assert_eq!(
            codes("<!-- baogao-disable placeholder -->\nXX\n<!-- baogao-enable -->\nxx\n"),
            ["placeholder"]
        );
    }

    #[test]
    fn plain_text_has_no_comments() {
        let text = "<!-- baogao-disable-next-line -->\nXX县\n";
        assert_eq!(analyze(text, &Config::default()).diagnostics.len(), 1);
    }
}
