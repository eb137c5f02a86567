//! Core edits (byte ranges) as an LSP `WorkspaceEdit` for one document.

use std::collections::HashMap;

use baogao_core::fix::Edit;
use tower_lsp_server::ls_types::{
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit,
    WorkspaceEdit,
};

use crate::lsp::convert::{self, Encoding};
use crate::lsp::pipeline::cache::Snapshot;

/// The edits as `TextEdit`s of the snapshot's text, in text order.
pub fn text_edits(snapshot: &Snapshot, edits: &[Edit], enc: Encoding) -> Vec<TextEdit> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    sorted
        .into_iter()
        .map(|e| TextEdit {
            range: convert::range(snapshot.rope(), e.range.clone(), enc),
            new_text: e.replacement.clone(),
        })
        .collect()
}

/// A `WorkspaceEdit` of the snapshot's document: versioned `documentChanges`
/// when the client supports them (so an edit computed for an older version
/// is refused rather than misapplied), plain `changes` otherwise.
pub fn workspace_edit(
    snapshot: &Snapshot,
    edits: &[Edit],
    enc: Encoding,
    document_changes: bool,
) -> WorkspaceEdit {
    let edits = text_edits(snapshot, edits, enc);
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: snapshot.uri.clone(),
                    version: Some(snapshot.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(snapshot.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}
