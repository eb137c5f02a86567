//! `textDocument/codeAction`: quick fixes, fix-all, heading refactors and
//! the placeholder list.
//!
//! - `quickfix`: the core's fixes for each baogao diagnostic the client
//!   sends in the context (the first fix of each is preferred); a
//!   placeholder diagnostic gets the `baogao.listPlaceholders` command.
//! - `source.fixAll.baogao`: every safe fix as one edit, offered when asked
//!   for (`only` covers it) or, without `only`, whenever there is something
//!   to fix.
//! - `refactor.rewrite`: on a heading's line, renumber its section, promote
//!   or demote it.
//! - `source.baogao.listPlaceholders`: the placeholder list as a command.
//!
//! Everything is computed on the analysis of the document's current version,
//! and edits carry that version when the client supports versioned edits.

use std::sync::Arc;

use baogao_core::fix::{fix_all, quick_fixes, renumber_section, shift_level, Fix};
use baogao_core::{MarkerKind, NodeKind};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Command,
    Diagnostic, NumberOrString, Uri,
};

use super::commands::LIST_PLACEHOLDERS;
use crate::lsp::convert::{self, Encoding};
use crate::lsp::ctx::Ctx;
use crate::lsp::edits;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;
use crate::lsp::uri;

/// The kind of the fix-all action.
pub const FIX_ALL_KIND: &str = "source.fixAll.baogao";
/// The kind of the placeholder-list action outside a quick fix.
pub const LIST_PLACEHOLDERS_KIND: &str = "source.baogao.listPlaceholders";

/// The kinds this server produces, for the capability.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![
        CodeActionKind::QUICKFIX,
        CodeActionKind::REFACTOR_REWRITE,
        CodeActionKind::new(FIX_ALL_KIND),
        CodeActionKind::new(LIST_PLACEHOLDERS_KIND),
    ]
}

/// Whether a requested kind covers an action's kind (`source` covers
/// `source.fixAll.baogao`; kinds are dot-separated hierarchies).
fn covers(requested: &str, kind: &str) -> bool {
    requested.is_empty()
        || kind == requested
        || kind.starts_with(requested) && kind[requested.len()..].starts_with('.')
}

struct Builder<'a> {
    snapshot: &'a Snapshot,
    enc: Encoding,
    document_changes: bool,
    only: Option<Vec<String>>,
    out: Vec<CodeActionOrCommand>,
}

impl Builder<'_> {
    fn wants(&self, kind: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|r| covers(r, kind)))
    }

    fn push_fix(
        &mut self,
        fix: Fix,
        kind: CodeActionKind,
        diagnostics: Option<Vec<Diagnostic>>,
        preferred: bool,
    ) {
        if fix.edits.is_empty() {
            return;
        }
        let edit =
            edits::workspace_edit(self.snapshot, &fix.edits, self.enc, self.document_changes);
        self.out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title,
            kind: Some(kind),
            diagnostics,
            edit: Some(edit),
            is_preferred: preferred.then_some(true),
            ..CodeAction::default()
        }));
    }

    fn push_list_placeholders(
        &mut self,
        kind: CodeActionKind,
        diagnostics: Option<Vec<Diagnostic>>,
    ) {
        let n = self.snapshot.analysis.placeholders.len();
        let title = format!("列出本文的全部占位符（{n} 处）");
        self.out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: title.clone(),
            kind: Some(kind),
            diagnostics,
            command: Some(Command {
                title,
                command: LIST_PLACEHOLDERS.to_string(),
                arguments: Some(vec![serde_json::Value::String(
                    self.snapshot.uri.as_str().to_string(),
                )]),
            }),
            ..CodeAction::default()
        }));
    }
}

/// The core diagnostic a client diagnostic stands for: same code and range,
/// or else same code and start (the client may hold a slightly older copy).
fn core_diagnostic<'a>(
    snapshot: &'a Snapshot,
    d: &Diagnostic,
    enc: Encoding,
) -> Option<&'a baogao_core::Diagnostic> {
    if d.source.as_deref().is_some_and(|s| s != "baogao") {
        return None;
    }
    let Some(NumberOrString::String(code)) = &d.code else {
        return None;
    };
    let range = convert::range_from_proto(snapshot.rope(), d.range, enc).ok()?;
    let all = &snapshot.analysis.diagnostics;
    all.iter()
        .find(|c| c.code == code && c.range == range)
        .or_else(|| {
            all.iter()
                .find(|c| c.code == code && c.range.start == range.start)
        })
}

/// The text to allow for a placeholder: the token and the (at most two)
/// Chinese characters after it, such as `XX联盟`; a token ending a word takes
/// the two before it instead.
fn allow_word(text: &str, range: std::ops::Range<usize>) -> Option<String> {
    let han = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
    let token = text.get(range.clone())?;
    let after: String = text
        .get(range.end..)?
        .chars()
        .take_while(han)
        .take(2)
        .collect();
    if !after.is_empty() {
        return Some(format!("{token}{after}"));
    }
    let before: String = text
        .get(..range.start)?
        .chars()
        .rev()
        .take_while(han)
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!before.is_empty()).then(|| format!("{before}{token}"))
}

/// `baogao.toml` with `word` added to `[placeholder] allow`, as an insertion
/// into the file's current text (or into an empty file): the byte offset
/// where the text goes, and the text. Positions are made from the offset in
/// the negotiated encoding by the caller.
pub fn allow_list_edit(current: &str, word: &str) -> (usize, String) {
    let quoted = format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""));
    // (byte offset of the line start, line without its `\n`)
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for l in current.split('\n') {
        lines.push((start, l));
        start += l.len() + 1;
    }
    let section = lines.iter().position(|(_, l)| l.trim() == "[placeholder]");
    if let Some(sec) = section {
        let end = lines[sec + 1..]
            .iter()
            .position(|(_, l)| l.trim_start().starts_with('['))
            .map_or(lines.len(), |p| sec + 1 + p);
        for &(at, l) in lines.iter().take(end).skip(sec + 1) {
            let t = l.trim_start();
            if t.starts_with("allow") {
                if let Some(open) = l.find('[') {
                    // Insert as the first element, just after `[`.
                    let rest = l[open + 1..].trim_start();
                    let sep = if rest.starts_with(']') { "" } else { ", " };
                    return (at + open + 1, format!("{quoted}{sep}"));
                }
            }
        }
        let next_line = lines.get(sec + 1).map_or(current.len(), |&(at, _)| at);
        let lead = if sec + 1 < lines.len() { "" } else { "\n" };
        return (next_line, format!("{lead}allow = [{quoted}]\n"));
    }
    let lead = if current.is_empty() || current.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    (
        current.len(),
        format!("{lead}[placeholder]\nallow = [{quoted}]\n"),
    )
}

/// The `baogao.toml` an allow-list fix for `document` edits: the nearest one
/// above it (the one that applies to it), else the one its workspace folder
/// would have (or the first folder's). Reads the disk: call off the runtime.
fn allow_list_file(ctx: &Ctx, document: &Uri) -> Option<std::path::PathBuf> {
    let path = uri::uri_to_path(document);
    if let Some(found) = path.as_deref().and_then(crate::config::find) {
        return Some(found);
    }
    let root = path
        .as_deref()
        .and_then(|p| ctx.drafts.root_of(p))
        .or_else(|| ctx.drafts.roots().into_iter().next())?;
    Some(root.join(crate::config::FILE_NAME))
}

/// A quick fix adding the placeholder-looking word to the allow-list of the
/// document's `baogao.toml`. The edit is of the file's open buffer when the
/// editor has it open (unsaved changes included), else of the file on disk,
/// read off the async threads.
async fn allow_word_action(
    ctx: &Arc<Ctx>,
    snapshot: &Snapshot,
    range: std::ops::Range<usize>,
    d: &Diagnostic,
    enc: Encoding,
) -> Option<CodeAction> {
    use tower_lsp_server::ls_types::{TextEdit, WorkspaceEdit};
    let word = allow_word(&snapshot.text, range)?;
    let c = ctx.clone();
    let document = snapshot.uri.clone();
    let (path, exists) = tokio::task::spawn_blocking(move || {
        let path = allow_list_file(&c, &document)?;
        let exists = path.is_file();
        Some((path, exists))
    })
    .await
    .ok()??;
    // The editor's buffer of that file, under the URI the editor opened it by.
    let uri = match ctx.store.open_as(&uri::path_to_uri(&path)?) {
        Some(open) => open,
        None => uri::path_to_uri(&path)?,
    };
    let open = ctx.store.text(&uri).map(|(_, text)| text);
    if open.is_none() && !exists && !ctx.session().create_files {
        return None;
    }
    let current = match open.clone() {
        Some(text) => text,
        None if exists => {
            let p = path.clone();
            tokio::task::spawn_blocking(move || std::fs::read_to_string(p))
                .await
                .ok()?
                .ok()?
        }
        None => String::new(),
    };
    let (at, new_text) = allow_list_edit(&current, &word);
    let rope = ropey::Rope::from_str(&current);
    let position = convert::position(&rope, at, enc);
    let range = tower_lsp_server::ls_types::Range {
        start: position,
        end: position,
    };
    let edit = if open.is_some() || exists {
        WorkspaceEdit {
            changes: Some(
                [(uri, vec![TextEdit { range, new_text }])]
                    .into_iter()
                    .collect(),
            ),
            ..WorkspaceEdit::default()
        }
    } else {
        use tower_lsp_server::ls_types::{
            CreateFile, DocumentChangeOperation, DocumentChanges,
            OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit,
        };
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: None,
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![tower_lsp_server::ls_types::OneOf::Left(TextEdit {
                        range,
                        new_text,
                    })],
                }),
            ])),
            ..WorkspaceEdit::default()
        }
    };
    Some(CodeAction {
        title: format!("将“{word}”加入 baogao.toml 的允许列表（不再视为占位符）"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit),
        ..CodeAction::default()
    })
}

/// The numbered heading whose marker is on `line`, innermost first.
fn heading_on_line(snapshot: &Snapshot, line: u32) -> Option<&baogao_core::Node> {
    let mut found = None;
    snapshot.analysis.outline.walk(|n| {
        let numbered = n
            .marker()
            .is_some_and(|m| !matches!(m.kind, MarkerKind::Markdown(_) | MarkerKind::Enumeration));
        if numbered
            && matches!(n.kind, NodeKind::Heading(_))
            && convert::line_of(snapshot.rope(), n.selection().start) == line
        {
            found = Some(n);
        }
    });
    found
}

pub async fn code_action(
    ctx: &Arc<Ctx>,
    params: CodeActionParams,
) -> jsonrpc::Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let snapshot = pipeline::snapshot(ctx, &uri).await?;
    let session = ctx.session();
    let enc = session.encoding;
    let text = snapshot.text.as_str();
    let analysis = &snapshot.analysis;
    let config = &snapshot.config;
    let mut b = Builder {
        snapshot: &snapshot,
        enc,
        document_changes: session.document_changes,
        only: params
            .context
            .only
            .map(|o| o.iter().map(|k| k.as_str().to_string()).collect()),
        out: Vec::new(),
    };

    // Quick fixes for the diagnostics in the context.
    let mut placeholder_diagnostics = Vec::new();
    for d in &params.context.diagnostics {
        let Some(core) = core_diagnostic(&snapshot, d, enc) else {
            continue;
        };
        if core.code == "placeholder" {
            placeholder_diagnostics.push(d.clone());
            if b.wants(CodeActionKind::QUICKFIX.as_str()) {
                if let Some(action) =
                    allow_word_action(ctx, &snapshot, core.range.clone(), d, enc).await
                {
                    b.out.push(CodeActionOrCommand::CodeAction(action));
                }
            }
            continue;
        }
        if b.wants(CodeActionKind::QUICKFIX.as_str()) {
            let fixes = quick_fixes(text, analysis, config, core);
            for (i, fix) in fixes.into_iter().enumerate() {
                b.push_fix(fix, CodeActionKind::QUICKFIX, Some(vec![d.clone()]), i == 0);
            }
        }
    }
    if !placeholder_diagnostics.is_empty() && b.wants(CodeActionKind::QUICKFIX.as_str()) {
        b.push_list_placeholders(CodeActionKind::QUICKFIX, Some(placeholder_diagnostics));
    }

    // Every safe fix at once: when asked for, or (without `only`) when there
    // is anything to fix.
    if b.wants(FIX_ALL_KIND) {
        let all = fix_all(text, analysis, config);
        b.push_fix(
            Fix {
                title: format!("修正全部编号问题（{} 处）", all.len()),
                edits: all,
                safe: true,
            },
            CodeActionKind::new(FIX_ALL_KIND),
            None,
            false,
        );
    }

    // Refactors of the heading on the cursor's line.
    if b.wants(CodeActionKind::REFACTOR_REWRITE.as_str()) {
        if let Some(node) = heading_on_line(&snapshot, params.range.start.line) {
            let id = node.id;
            let fixes = [
                renumber_section(text, analysis, id),
                shift_level(text, analysis, id, true),
                shift_level(text, analysis, id, false),
            ];
            for fix in fixes.into_iter().flatten() {
                b.push_fix(fix, CodeActionKind::REFACTOR_REWRITE, None, false);
            }
        }
    }

    // The placeholder list, for a "next placeholder" jump.
    if !analysis.placeholders.is_empty() && b.wants(LIST_PLACEHOLDERS_KIND) {
        b.push_list_placeholders(CodeActionKind::new(LIST_PLACEHOLDERS_KIND), None);
    }

    Ok(Some(b.out))
}

#[cfg(test)]
mod tests {
    #[test]
    fn allow_list_edits_keep_the_file_valid() {
        let apply = |current: &str, word: &str| {
            let (at, text) = super::allow_list_edit(current, word);
            let mut out = current.to_string();
            out.insert_str(at, &text);
            out
        };
        assert_eq!(apply("", "XX联盟"), "[placeholder]\nallow = [\"XX联盟\"]\n");
        assert_eq!(
            apply("[rules]\nplaceholder = \"warning\"", "XX联盟"),
            "[rules]\nplaceholder = \"warning\"\n[placeholder]\nallow = [\"XX联盟\"]\n"
        );
        assert_eq!(
            apply("[placeholder]\nallow = [\"甲\"]\n", "XX联盟"),
            "[placeholder]\nallow = [\"XX联盟\", \"甲\"]\n"
        );
        assert_eq!(
            apply("[placeholder]\nallow = []\n", "XX联盟"),
            "[placeholder]\nallow = [\"XX联盟\"]\n"
        );
        assert_eq!(
            apply("[placeholder]\npatterns = []\n[rules]\n", "XX联盟"),
            "[placeholder]\nallow = [\"XX联盟\"]\npatterns = []\n[rules]\n"
        );
        for text in [
            "",
            "[placeholder]\nallow = [\"甲\"]\n",
            "[placeholder]\npatterns = []\n",
        ] {
            let out = apply(text, "X\"X");
            crate::config::parse(std::path::Path::new("baogao.toml"), &out)
                .expect("still valid TOML");
        }
        assert_eq!(
            super::allow_word("XX联盟和XX县", 0..2).as_deref(),
            Some("XX联盟")
        );
        assert_eq!(
            super::allow_word("公司某某", 6..12).as_deref(),
            Some("公司某某")
        );
    }

    use super::covers;

    #[test]
    fn kind_hierarchy() {
        assert!(covers("source", "source.fixAll.baogao"));
        assert!(covers("source.fixAll", "source.fixAll.baogao"));
        assert!(covers("source.fixAll.baogao", "source.fixAll.baogao"));
        assert!(!covers("source.fix", "source.fixAll.baogao"));
        assert!(!covers("quickfix", "source.fixAll.baogao"));
        assert!(covers("refactor", "refactor.rewrite"));
        assert!(covers("", "quickfix"));
    }
}
