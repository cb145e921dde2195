//! `apiaudit init`: write a fully commented config.

use crate::error::AppError;
use crate::settings::config::INIT_TEMPLATE;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the config
    #[arg(default_value = "apiaudit.toml")]
    pub path: PathBuf,
    /// Overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InitArgs) -> Result<ExitCode, AppError> {
    if args.path.as_os_str() == "-" {
        print!("{INIT_TEMPLATE}");
        return Ok(ExitCode::SUCCESS);
    }
    if args.path.exists() && !args.force {
        return Err(AppError::Usage(format!(
            "{} exists; use --force to overwrite it",
            args.path.display()
        )));
    }
    std::fs::write(&args.path, INIT_TEMPLATE).map_err(|error| AppError::Io {
        what: format!("cannot write {}", args.path.display()),
        error,
    })?;
    eprintln!("wrote {}", args.path.display());
    Ok(ExitCode::SUCCESS)
}
