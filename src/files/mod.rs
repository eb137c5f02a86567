//! Report files on disk, shared by the command line and the language server:
//! [`walk`] selects the reports under a folder (the `files.include` /
//! `files.exclude` globs of `baogao.toml`, hidden entries, `node_modules` and
//! `target` skipped) and [`decode`] turns a file's bytes into text (UTF-8
//! with or without BOM, UTF-16 with BOM, GB18030; binaries refused).

pub mod decode;
pub mod walk;
