//! The client's copy of an open document, edited alongside the server's:
//! tests send random edits through [`Mirror::edit`] and compare what the
//! server holds and reports with a fresh session on [`Mirror::text`].

use serde_json::json;

use super::client::LspClient;

/// The text as lines of characters, and the position encoding in use.
pub struct Mirror {
    pub lines: Vec<Vec<char>>,
    /// Columns in UTF-8 bytes (else UTF-16 units).
    pub utf8: bool,
}

impl Mirror {
    pub fn new(text: &str, utf8: bool) -> Mirror {
        Mirror {
            lines: text.split('\n').map(|l| l.chars().collect()).collect(),
            utf8,
        }
    }

    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Replaces characters `from..to` of `line` with `insert`, in the server
    /// (document `uri`, new `version`) and here. Past a line's end a column
    /// means the end, as the server clamps it.
    pub async fn edit(
        &mut self,
        client: &mut LspClient,
        uri: &str,
        version: i32,
        (line, from, to): (usize, usize, usize),
        insert: &str,
    ) {
        let l = &self.lines[line];
        let (from, to) = (from.min(l.len()), to.min(l.len()));
        let units = |c: usize| -> usize {
            l[..c]
                .iter()
                .map(|c| {
                    if self.utf8 {
                        c.len_utf8()
                    } else {
                        c.len_utf16()
                    }
                })
                .sum()
        };
        let range = json!({
            "start": { "line": line, "character": units(from) },
            "end": { "line": line, "character": units(to) },
        });
        client
            .change(uri, version, vec![(Some(range), insert)])
            .await;
        let joined: String =
            l[..from].iter().collect::<String>() + insert + &l[to..].iter().collect::<String>();
        let new: Vec<Vec<char>> = joined.split('\n').map(|s| s.chars().collect()).collect();
        self.lines.splice(line..=line, new);
    }
}
