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
    Diagnostic, NumberOrString,
};

use super::commands::LIST_PLACEHOLDERS;
use super::{edits, Ctx};
use crate::lsp::convert::{self, Encoding};
use crate::lsp::state::Snapshot;

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
    let range = convert::range_from_proto(&snapshot.rope, d.range, enc).ok()?;
    let all = &snapshot.analysis.diagnostics;
    all.iter()
        .find(|c| c.code == code && c.range == range)
        .or_else(|| {
            all.iter()
                .find(|c| c.code == code && c.range.start == range.start)
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
            && convert::line_of(&snapshot.rope, n.selection().start) == line
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
    let snapshot = ctx.snapshot(&uri).await?;
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
