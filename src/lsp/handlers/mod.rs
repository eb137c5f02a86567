//! Request and notification handlers, one file per feature; nothing else.
//!
//! Each handler takes the shared [`Ctx`](super::ctx::Ctx) and stays thin:
//! the road from a change to published diagnostics is `pipeline`, the drafts
//! folder is `workspace`. `server.rs` forwards to these through the guard.

pub mod code_action;
pub mod code_lens;
pub mod commands;
pub mod completion;
pub mod diagnostics;
pub mod document_text;
pub mod folding;
pub mod hover;
pub mod lifecycle;
pub mod semantic_tokens;
pub mod symbols;
pub mod sync;
pub mod workspace_symbol;
