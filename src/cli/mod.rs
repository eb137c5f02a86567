//! The `check` and `outline` commands. (Being written.)

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct OutlineArgs {
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    pub file: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn check(_args: &CheckArgs) -> ExitCode {
    ExitCode::from(2)
}

pub fn outline(_args: &OutlineArgs) -> ExitCode {
    ExitCode::from(2)
}
