//! The `baogao` package: the command line (`cli`), the project configuration
//! (`config`), report files on disk (`files`: walking and decoding) and the
//! language server (`lsp`) around the pure analysis core `baogao_core`. The
//! binary in `main.rs` only parses arguments.

pub mod chunked;
pub mod cli;
pub mod config;
pub mod files;
pub mod lsp;
pub mod paths;
pub mod registry_docs;
pub mod schema;
