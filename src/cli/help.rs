//! Help text in English for `--lang en`: the help is written in Chinese on
//! the arguments themselves, and replaced here, by argument id, before
//! parsing when the command line asks for English.

use std::ffi::OsString;

/// Whether the command line asks for English (`--lang en`, `--lang=en`),
/// looked at before parsing so that `--help` is in English too.
pub fn wants_english(argv: &[OsString]) -> bool {
    let args: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter().enumerate().any(|(i, a)| {
        a.strip_prefix("--lang=")
            .is_some_and(|v| v.starts_with("en"))
            || a == "--lang" && args.get(i + 1).is_some_and(|v| v.starts_with("en"))
    })
}

/// (subcommand, argument id, English help); an empty id is the command's own `about`.
const ENGLISH: &[(&str, &str, &str)] = &[
    ("", "", "Checks Chinese work reports: outline, placeholders and numbering (CLI and language server)"),
    ("", "stdio", "Start the language server on stdio (what vscode-languageclient appends)"),
    ("", "log_level", "Log level for stderr (error, warn, info, debug, trace); overrides BAOGAO_LOG"),
    ("", "lang", "Language of the output: zh (Chinese, the default) or en; overrides messages.language"),
    ("check", "", "Check reports and print diagnostics (--fix fixes them)"),
    ("check", "format", "Output format: human (source line and caret), json, jsonl (one per line), sarif (SARIF 2.1.0), github (GitHub Actions annotations)"),
    ("check", "fix", "Apply the safe fixes (the editor's fix-all) and report how many were fixed and remain; on standard input, print the fixed text"),
    ("check", "diff", "Print the fixes as a unified diff and write nothing (exit 1 when there is something to fix)"),
    ("check", "unsafe_fixes", "Also apply fixes that are not certain (the first fix of each remaining finding); with --fix or --diff"),
    ("check", "stdin_filename", "Name of standard input (path -): shown in the output, picks .md/.txt and the baogao.toml"),
    ("check", "statistics", "Count the findings per rule (most first) instead of listing them"),
    ("check", "quiet", "Print findings only: no summary line, no decoding notices"),
    ("check", "select", "Check only these rules: codes or families, comma-separated, such as placeholder,numbering-*"),
    ("check", "ignore", "Do not check these rules: codes or families, comma-separated"),
    ("check", "config", "Use this configuration file instead of looking for baogao.toml"),
    ("check", "no_config", "Read no baogao.toml; use the defaults"),
    ("check", "color", "Colours: auto (on a terminal, unless NO_COLOR is set), always, never"),
    ("check", "paths", "Report files, or directories to search for .txt, .md and .docx files; - reads standard input"),
    ("outline", "", "Print the outline of a report"),
    ("outline", "format", "Output format: human (indented tree) or json"),
    ("outline", "stdin_filename", "Name of standard input (file -): picks .md/.txt and the baogao.toml"),
    ("outline", "file", "The report file; - reads standard input"),
    ("rules", "", "List every rule: code, category, default severity, fixable, summary"),
    ("rules", "format", "Output format: human (table) or json"),
    ("explain", "", "Show a rule's documentation, example and settings (baogao explain numbering-gap)"),
    ("explain", "code", "Rule code such as numbering-gap (baogao rules lists them)"),
    ("init", "", "Write a commented baogao.toml with every key at its default"),
    ("init", "dir", "Folder to create baogao.toml in (the current one by default); an existing file is never overwritten"),
    ("lsp", "", "Start the language server on stdio"),
];

const AFTER_HELP_CHECK_EN: &str = "\
Output: diagnostics on stdout; the summary line, decoding notices and errors on stderr.
Exit codes: 0 no warning or error; 1 warnings or errors (information and hints do not count), or with --diff something to fix; 2 usage errors, unreadable or unwritable files, a broken baogao.toml.
JSON: an array of {\"path\",\"line\",\"column\",\"end_line\",\"end_column\",\"severity\",\"code\",\"message\"}; lines and columns 1-based, columns in Unicode characters, end exclusive. jsonl: one per line.
Standard input: give - as the path and name it with --stdin-filename.
Word documents (.docx): a line is a paragraph (in document order, table paragraphs included), columns count the displayed characters (automatic numbers included), JSON records have a \"paragraph\" too; --fix and --diff never write a .docx.";

const AFTER_HELP_OUTLINE_EN: &str = "\
JSON: an array of nodes {\"label\",\"marker\",\"level\",\"line\",\"column\",\"children\"}; marker is the numbering as written (such as “（一）”, “1.”, “##”; empty for titles), level from 1, lines and columns 1-based, columns in Unicode characters.
Exit codes: 0 success; 2 usage errors or an unreadable file.";

/// The command with English help when `english`.
pub fn localize(mut command: clap::Command, english: bool) -> clap::Command {
    if !english {
        return command;
    }
    for (sub, id, help) in ENGLISH {
        let edit = |c: clap::Command| {
            if id.is_empty() {
                c.about(*help)
            } else {
                c.mut_arg(*id, |a| a.help(*help))
            }
        };
        if sub.is_empty() {
            command = edit(command);
        } else {
            command = command.mut_subcommand(*sub, edit);
        }
    }
    command
        .mut_subcommand("check", |c| c.after_help(AFTER_HELP_CHECK_EN))
        .mut_subcommand("outline", |c| c.after_help(AFTER_HELP_OUTLINE_EN))
        .mut_subcommand("rules", |c| c.after_help(super::rules::AFTER_HELP_RULES_EN))
        .mut_subcommand("explain", |c| {
            c.after_help(super::rules::AFTER_HELP_EXPLAIN_EN)
        })
}
