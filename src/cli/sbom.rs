//! `apiaudit sbom`: the third-party components of the scanned trees as a CycloneDX 1.5 JSON
//! SBOM. It reads the same manifests and lock files as `scan` (with the same config and
//! ignores) but runs no rule. Meant to become `inventory --format cyclonedx`.

use super::{catalogue, io_error, open_output};
use crate::error::AppError;
use crate::settings::{Overrides, Settings};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SbomArgs {
    /// Directories or files to read
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the SBOM to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: the number of CPUs)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

pub fn run(args: SbomArgs) -> Result<ExitCode, AppError> {
    let catalogue = catalogue()?;
    let overrides = Overrides {
        config: args.config.clone(),
        roots: args.paths.clone(),
        jobs: args.jobs,
        // Components only: no rule runs, no advisory database is read.
        select: Some(Vec::new()),
        ..Overrides::default()
    };
    let settings = Settings::resolve(&overrides, &catalogue)?;
    let audit = crate::audit::run(&settings, &catalogue)?;
    let mut out = open_output(args.output.as_ref())?;
    let what = args
        .output
        .as_ref()
        .map_or("standard output".to_string(), |p| p.display().to_string());
    crate::report::cyclonedx::write_cyclonedx(&audit.portfolio.components, &mut out)
        .map_err(io_error(&what))?;
    out.flush().map_err(io_error(&what))?;
    Ok(ExitCode::SUCCESS)
}
