//! `baogao`: command line entry. Parses arguments and hands over to the CLI
//! commands (`check`, `outline`, `rules`, `explain`) or to the language server (`lsp`).

use baogao::{cli, lsp};

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "baogao",
    version,
    about = "中文工作报告检查工具：大纲、占位符与编号诊断（CLI 与语言服务器）"
)]
struct Args {
    /// Start the language server on stdio (what vscode-languageclient appends).
    #[arg(long, global = true)]
    stdio: bool,
    /// Log level for stderr (error, warn, info, debug, trace); overrides BAOGAO_LOG.
    #[arg(long, global = true)]
    log_level: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports and print diagnostics.
    Check(cli::CheckArgs),
    /// Print the outline of a report.
    Outline(cli::OutlineArgs),
    /// 列出全部规则：代码、类别、默认级别、能否修复、说明
    Rules(cli::rules::RulesArgs),
    /// 显示一条规则的说明、示例和设置（如 baogao explain numbering-gap）
    Explain(cli::rules::ExplainArgs),
    /// Start the language server on stdio.
    Lsp,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Check(a)) => cli::check(&a),
        Some(Command::Outline(a)) => cli::outline(&a),
        Some(Command::Rules(a)) => cli::rules::rules(&a),
        Some(Command::Explain(a)) => cli::rules::explain(&a),
        Some(Command::Lsp) => lsp::run(args.log_level.as_deref()),
        None if args.stdio => lsp::run(args.log_level.as_deref()),
        None => {
            eprintln!("baogao: 请指定子命令：check、outline、rules、explain 或 lsp（baogao --help 查看用法）");
            ExitCode::from(2)
        }
    }
}
