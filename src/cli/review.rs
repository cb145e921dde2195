//! `apiaudit review --base REV`: what a change does to the interfaces, for a merge request.
//! Audits the estate at REV (read from git) and the working tree, and reports the change
//! rules' findings (CHG), the findings the change introduced, and the interface changelog, in
//! any format (`-f comment` is the Markdown made to be posted on the merge request). Exit codes
//! follow `--fail-on`, as for `scan`.

use super::progress::{self, Indicator};
use super::scan::{read_baseline, Outputs};
use super::{catalogue, ColorChoice, LangArg};
use crate::catalogue::Lang;
use crate::error::AppError;
use crate::policy::Gate;
use crate::progress::Progress;
use crate::report::Format;
use crate::settings::{FailOn, Overrides, Settings};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Directories or files to review (in a git work tree)
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The revision to compare with (the merge request's target branch, e.g. origin/main); the
    /// estate is compared from where the branch forked from it
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format (`comment`: a Markdown summary to post on the merge request)
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the output to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write FORMAT to FILE (repeatable), e.g. --report comment=review.md --report sarif=review.sarif
    #[arg(long, value_name = "FORMAT=FILE")]
    pub report: Vec<String>,
    /// Exit with 1 when a reported finding is at or above this severity
    #[arg(long, value_name = "SEVERITY", value_parser = ["critical", "high", "medium", "low", "info", "never"])]
    pub fail_on: Option<String>,
    /// Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Also hide the findings in this baseline
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Language of messages and reports
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Worker threads (default: the number of CPUs)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Color the terminal output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Do not show a progress indicator
    #[arg(long)]
    pub no_progress: bool,
    /// Print findings only, no summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Local OSV advisory database (directory or zip) for DEP001
    #[arg(long, value_name = "PATH")]
    pub advisories: Option<PathBuf>,
}

pub fn run(args: ReviewArgs) -> Result<ExitCode, AppError> {
    let started = Instant::now();
    let catalogue = catalogue()?;
    let extra = super::report_outputs(args.output.as_ref(), &args.report)?;
    let baseline = read_baseline(args.baseline.as_ref())?;
    let overrides = Overrides {
        config: args.config.clone(),
        roots: args.paths.clone(),
        jobs: args.jobs,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.as_deref().and_then(FailOn::parse),
        lang: args.lang.map(Into::into),
        advisories: args.advisories.clone(),
        history: None,
        no_ignore: false,
        allow_empty: false,
    };
    let settings = Settings::resolve(&overrides, &catalogue)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build_global()
        .ok();
    let progress = Arc::new(Progress::default());
    let indicator = progress::wanted(args.no_progress, args.quiet)
        .then(|| Indicator::start(progress.clone(), settings.lang == Lang::Zh));
    let gate = Gate {
        baseline,
        changed: None,
    };
    let result = crate::review::review(&settings, &catalogue, &progress, &args.base, gate);
    if let Some(indicator) = indicator {
        indicator.finish();
    }
    let audit = result?;
    let outputs = Outputs {
        format: args.format,
        output: args.output.as_ref(),
        extra: &extra,
        color: args.color,
        quiet: args.quiet,
    };
    outputs.write(&audit, &catalogue, settings.lang, started)?;
    Ok(if crate::policy::fails(&audit.findings, settings.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
