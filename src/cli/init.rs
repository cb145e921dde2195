//! `apiaudit init`: write a fully commented config.

use super::LangArg;
use crate::error::AppError;
use crate::settings::config::INIT_TEMPLATE;
use crate::settings::template_zh::INIT_TEMPLATE_ZH;
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
    /// Language of the comments
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

pub fn run(args: InitArgs) -> Result<ExitCode, AppError> {
    let template = match args.lang {
        LangArg::En => INIT_TEMPLATE,
        LangArg::Zh => INIT_TEMPLATE_ZH,
    };
    if args.path.as_os_str() == "-" {
        print!("{template}");
        return Ok(ExitCode::SUCCESS);
    }
    if args.path.exists() && !args.force {
        return Err(AppError::Usage(format!(
            "{} exists; use --force to overwrite it",
            args.path.display()
        )));
    }
    std::fs::write(&args.path, template).map_err(|error| AppError::Io {
        what: format!("cannot write {}", args.path.display()),
        error,
    })?;
    eprintln!("wrote {}", args.path.display());
    Ok(ExitCode::SUCCESS)
}
