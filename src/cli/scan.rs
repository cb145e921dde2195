//! `apiaudit scan`: the main job. Runs the audit, then narrows what is reported
//! (`--changed-since`, `--baseline`), records a baseline when asked, and writes every output of
//! the run (`-f`/`-o` plus any `--report FORMAT=FILE`) from the same result.

use super::progress::{self, Indicator};
use super::{catalogue, io_error, open_output, ColorChoice, LangArg};
use crate::catalogue::Lang;
use crate::error::AppError;
use crate::findings::SuppressionKind;
use crate::policy::{baseline::Baseline, changed::ChangedFiles, Gate};
use crate::progress::timings::{self, Stage};
use crate::progress::Progress;
use crate::report::{self, Format, ReportContext};
use crate::settings::{FailOn, HistoryScope, Overrides, Settings};
use crate::source::git;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directories or files to audit
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the output to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write FORMAT to FILE (repeatable), e.g. --report sarif=out.sarif --report html=audit.html
    #[arg(long, value_name = "FORMAT=FILE")]
    pub report: Vec<String>,
    /// Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the
    /// config's [rules])
    #[arg(long, value_name = "SEVERITY", value_parser = super::FailOnParser)]
    pub fail_on: Option<String>,
    /// Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Report only findings not in this baseline
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the findings of this run as a baseline
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Language of messages and reports (default: en, or lang in the config's [report])
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
    /// Also list every file that was not audited, and why (on standard error)
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Apply no ignore file (.gitignore, .ignore, .apiauditignore); scan.exclude still applies
    #[arg(long)]
    pub no_ignore: bool,
    /// Accept a run that finds nothing to audit (otherwise exit code 2)
    #[arg(long)]
    pub allow_empty: bool,
    /// Local OSV advisory database (directory or zip) for DEP001
    #[arg(long, value_name = "PATH")]
    pub advisories: Option<PathBuf>,
    /// Report only findings in files changed since REV (git)
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Also scan git history for secrets (KEY001-KEY004): every blob reachable from any ref, or
    /// only the commits of REV-RANGE (e.g. --history=origin/main..HEAD)
    #[arg(
        long,
        value_name = "REV-RANGE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = ""
    )]
    pub history: Option<String>,
    /// Rectification tracking: fixed, new and still-open findings against an earlier JSON result
    #[arg(long, value_name = "PREVIOUS.json")]
    pub compare: Option<PathBuf>,
}

/// Reads an earlier JSON result for `--compare`; a bad file is a usage error.
pub(crate) fn read_earlier(
    path: &std::path::Path,
) -> Result<(String, crate::policy::compare::EarlierReport), AppError> {
    let text = std::fs::read_to_string(path).map_err(|error| AppError::Io {
        what: format!("cannot read {}", path.display()),
        error,
    })?;
    let report = crate::policy::compare::EarlierReport::parse(&text, crate::report::json::SCHEMA).map_err(
        |error| {
            AppError::Usage(format!(
                "{} is not an apiaudit JSON result: {error}",
                path.display()
            ))
        },
    )?;
    Ok((path.display().to_string(), report))
}

/// Where a run's report goes: the main format to `-o` (or standard output), and each
/// `--report FORMAT=FILE`.
pub(crate) struct Outputs<'a> {
    pub format: Format,
    pub output: Option<&'a PathBuf>,
    pub extra: &'a [(Format, PathBuf)],
    pub color: ColorChoice,
    pub quiet: bool,
}

impl Outputs<'_> {
    /// Writes every output of the run from the same result.
    pub(crate) fn write(
        &self,
        audit: &crate::audit::AuditReport,
        catalogue: &crate::catalogue::Catalogue,
        lang: Lang,
        started: Instant,
    ) -> Result<(), AppError> {
        let stdout_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let elapsed = started.elapsed().as_secs_f64();
        let main_ctx = ReportContext {
            audit,
            catalogue,
            lang,
            color: self.format == Format::Text && self.color.enabled(stdout_terminal),
            quiet: self.quiet,
            width: (self.format == Format::Text)
                .then(|| report::wrap::output_width(stdout_terminal))
                .flatten(),
            elapsed: stdout_terminal.then_some(elapsed),
        };
        let write =
            |format: Format, path: Option<&PathBuf>, ctx: &ReportContext<'_>| -> Result<(), AppError> {
                let reporter = report::reporter(format);
                let mut out = open_output(path)?;
                let what = path.map_or("standard output".to_string(), |p| p.display().to_string());
                reporter.write(ctx, &mut out).map_err(io_error(&what))?;
                out.flush().map_err(io_error(&what))
            };
        write(self.format, self.output, &main_ctx)?;
        for (format, path) in self.extra {
            let ctx = ReportContext {
                color: false,
                width: None,
                elapsed: None,
                quiet: false,
                ..main_ctx
            };
            write(*format, Some(path), &ctx)?;
        }
        Ok(())
    }
}

/// `--baseline FILE`, read: the file as given and its entries.
pub(crate) fn read_baseline(path: Option<&PathBuf>) -> Result<Option<(String, Baseline)>, AppError> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|error| AppError::Io {
        what: format!("cannot read baseline {}", path.display()),
        error,
    })?;
    let baseline = Baseline::parse(&text).map_err(|error| {
        AppError::Usage(format!("{} is not an apiaudit baseline: {error}", path.display()))
    })?;
    Ok(Some((path.display().to_string(), baseline)))
}

pub fn run(args: ScanArgs) -> Result<ExitCode, AppError> {
    let started = Instant::now();
    timings::init();
    let setup = timings::phase(Stage::Setup);
    let catalogue = catalogue()?;
    if args.write_baseline.is_some() && args.changed_since.is_some() {
        return Err(AppError::Usage(
            "--write-baseline records every finding of the estate; it cannot be combined with --changed-since"
                .into(),
        ));
    }
    let extra_outputs = super::report_outputs(args.output.as_ref(), &args.report)?;
    // Read the baseline before the run: a bad file is a usage error, not a late surprise.
    let baseline = read_baseline(args.baseline.as_ref())?;
    let earlier = args.compare.as_deref().map(read_earlier).transpose()?;
    let overrides = Overrides {
        config: args.config.clone(),
        roots: args.paths.clone(),
        jobs: args.jobs,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.as_deref().and_then(FailOn::parse),
        lang: args.lang.map(Into::into),
        advisories: args.advisories.clone(),
        history: args.history.as_ref().map(|range| HistoryScope {
            range: (!range.is_empty()).then(|| range.clone()),
        }),
        no_ignore: args.no_ignore,
        allow_empty: args.allow_empty,
    };
    let settings = Settings::resolve(&overrides, &catalogue)?;
    drop(setup);
    // Work outside the audit proper (writing the reports) keeps to `-j` as well.
    // (Fails only when a pool already exists: a second run in the same process.)
    rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build_global()
        .ok();
    // Ask git first: a bad revision should fail before a long run, not after it.
    let changed = match &args.changed_since {
        Some(rev) => Some((
            rev.clone(),
            ChangedFiles::new(git::changed_files(&settings.roots, rev)?),
        )),
        None => None,
    };
    let progress = Arc::new(Progress::default());
    let indicator = progress::wanted(args.no_progress, args.quiet)
        .then(|| Indicator::start(progress.clone(), settings.lang == Lang::Zh));
    let gate = Gate { baseline, changed };
    let result = crate::audit::run_with_progress(&settings, &catalogue, &progress, gate);
    if let Some(indicator) = indicator {
        indicator.finish();
    }
    let mut audit = result?;
    if let Some((file, earlier)) = &earlier {
        audit.comparison = Some(crate::policy::compare::Comparison::new(
            file,
            earlier,
            &audit.findings,
            &audit.suppressed,
            &audit.rules_run,
        ));
    }
    if let Some(path) = &args.write_baseline {
        // The new baseline keeps what the old one hid: it records the estate's accepted findings.
        let accepted = audit.findings.iter().chain(audit.suppressed.iter().filter(|f| {
            f.suppression
                .as_ref()
                .is_some_and(|s| s.kind == SuppressionKind::Baseline)
        }));
        let mut entries: Vec<&crate::findings::Finding> = accepted.collect();
        entries.sort_by(|a, b| a.sort_key(settings.lang).cmp(&b.sort_key(settings.lang)));
        let text = Baseline::from_findings(entries, settings.lang).to_json();
        std::fs::write(path, text).map_err(io_error(&format!("cannot write baseline {}", path.display())))?;
    }
    let outputs = Outputs {
        format: args.format,
        output: args.output.as_ref(),
        extra: &extra_outputs,
        color: args.color,
        quiet: args.quiet,
    };
    timings::memory("report start");
    let report_phase = timings::phase(Stage::Report);
    outputs.write(&audit, &catalogue, settings.lang, started)?;
    if args.verbose {
        super::skipped::print(&audit, settings.lang).map_err(io_error("standard error"))?;
    }
    drop(report_phase);
    timings::print(started);
    let code = if crate::policy::fails(&audit.findings, settings.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: freeing a large estate's findings one by one takes longer (half a
    // second for an API directory) than the operating system takes to reclaim the memory.
    std::mem::forget(audit);
    Ok(code)
}
