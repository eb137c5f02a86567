//! `baogao`: command line entry. Parses arguments and hands over to the CLI
//! commands (`check`, `outline`, `rules`, `explain`, `init`) or to the
//! language server (`lsp`).

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
    /// 在标准输入输出上启动语言服务器（vscode-languageclient 会加上这个参数）
    #[arg(long, global = true)]
    stdio: bool,
    /// 标准错误的日志级别（error、warn、info、debug、trace），优先于 BAOGAO_LOG
    #[arg(long, global = true)]
    log_level: Option<String>,
    /// 输出语言：zh（中文，默认）或 en，优先于 baogao.toml 的 messages.language
    #[arg(long, global = true, value_name = "zh|en")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// 检查报告并输出诊断（--fix 修复）
    Check(cli::CheckArgs),
    /// 显示报告的大纲
    Outline(cli::OutlineArgs),
    /// 列出全部规则：代码、类别、默认级别、能否修复、说明
    Rules(cli::rules::RulesArgs),
    /// 显示一条规则的说明、示例和设置（如 baogao explain numbering-gap）
    Explain(cli::rules::ExplainArgs),
    /// 创建带注释的 baogao.toml，每个键都写着默认值
    Init(cli::init::InitArgs),
    /// 在标准输入输出上启动语言服务器
    Lsp,
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let english = cli::help::wants_english(&argv);
    if english {
        cli::set_language_flag(baogao_core::Language::En);
    }
    let command = cli::help::localize(<Args as clap::CommandFactory>::command(), english);
    let matches = command.get_matches_from(argv);
    let args = match <Args as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    if let Some(lang) = &args.lang {
        match cli::i18n::parse(lang) {
            Some(l) => cli::set_language_flag(l),
            None => {
                cli::i18n::error(format!(
                    "{}“{lang}”{}",
                    cli::i18n::t("不支持的语言", "unsupported language "),
                    cli::i18n::t("；可用：zh、en", "; use zh or en")
                ));
                return ExitCode::from(2);
            }
        }
    }
    match args.command {
        Some(Command::Check(a)) => cli::check(&a),
        Some(Command::Outline(a)) => cli::outline(&a),
        Some(Command::Rules(a)) => cli::rules::rules(&a),
        Some(Command::Explain(a)) => cli::rules::explain(&a),
        Some(Command::Init(a)) => cli::init::init(&a),
        Some(Command::Lsp) => lsp::run(args.log_level.as_deref()),
        None if args.stdio => lsp::run(args.log_level.as_deref()),
        None => {
            cli::i18n::error(cli::i18n::t(
                "请指定子命令：check、outline、rules、explain、init 或 lsp（baogao --help 查看用法）",
                "name a command: check, outline, rules, explain, init or lsp (see baogao --help)",
            ));
            ExitCode::from(2)
        }
    }
}
