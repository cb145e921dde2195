//! `apiaudit merge`: combines the JSON results of separate runs (one per repository, or one per
//! CI shard) into one report, in any format `scan` writes.
//!
//! Findings of file, spec and repository rules are taken as each run settled them. The
//! portfolio rules (ID003, LIFE003, LIFE004, RES002: those whose catalogue scope is
//! `portfolio`) are re-run on the merged inventory, routes, grants, consumers and scopes, and
//! their findings from the inputs are dropped, so the result is what one scan over every
//! repository together gives. Inline suppressions of portfolio findings travel in the JSON
//! (`estate.ignores`) and are applied again.
//!
//! Paths stay distinct per input: `LABEL=FILE` prefixes every path of that input with `LABEL/`
//! (for runs that scanned `.` inside each repository); unlabelled inputs keep their paths, and
//! when two of them name the same file, each is labelled with its file name (a note says so).

use super::{catalogue, io_error, open_output, ColorChoice, LangArg};
use crate::audit::{conclude, AuditReport, RunInfo, Summary};
use crate::catalogue::{Catalogue, RuleCode, Scope};
use crate::discover::SkippedFile;
use crate::error::AppError;
use crate::findings::Finding;
use crate::frontend::Pending;
use crate::model::routes::RouteEntry;
use crate::model::Portfolio;
use crate::policy::{self, Gate, Suppressions};
use crate::report::json::{JsonReport, SCHEMA};
use crate::report::{self, Format, ReportContext};
use crate::rules::{Ctx, Rule, RULES};
use crate::settings::{FailOn, Overrides, Settings};
use crate::source::comments::IgnoreComment;
use clap::Args;
use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON results of `apiaudit scan -f json`; LABEL=FILE prefixes that input's paths with LABEL/
    #[arg(required = true, value_name = "RESULT.json")]
    pub inputs: Vec<String>,
    /// Config file (severity overrides, rule selection, language)
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the output to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write FORMAT to FILE (repeatable)
    #[arg(long, value_name = "FORMAT=FILE")]
    pub report: Vec<String>,
    /// Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the
    /// config's [rules])
    #[arg(long, value_name = "SEVERITY", value_parser = super::FailOnParser)]
    pub fail_on: Option<String>,
    /// Rules to report: codes or family prefixes, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Rules to leave out: codes or family prefixes, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Language of messages and reports (default: en, or lang in the config's [report])
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Color the terminal output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print findings only, no summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Rectification tracking: fixed, new and still-open findings against an earlier JSON result
    #[arg(long, value_name = "PREVIOUS.json")]
    pub compare: Option<PathBuf>,
}

/// One input: its label (if any) and its report.
struct Input {
    name: String,
    label: Option<String>,
    report: JsonReport,
}

fn read_input(arg: &str) -> Result<(Option<String>, PathBuf), AppError> {
    if Path::new(arg).is_file() {
        return Ok((None, PathBuf::from(arg)));
    }
    match arg.split_once('=') {
        Some((label, file)) if !label.is_empty() && Path::new(file).is_file() => {
            Ok((Some(label.trim_matches('/').to_string()), PathBuf::from(file)))
        }
        _ => Err(AppError::Usage(format!("{arg}: no such result file"))),
    }
}

fn load(arg: &str) -> Result<Input, AppError> {
    let (label, path) = read_input(arg)?;
    let text = std::fs::read_to_string(&path).map_err(|error| AppError::Io {
        what: format!("cannot read {}", path.display()),
        error,
    })?;
    let report: JsonReport = serde_json::from_str(&text).map_err(|error| {
        AppError::Usage(format!(
            "{} is not an apiaudit JSON result (`scan -f json`): {error}",
            path.display()
        ))
    })?;
    if report.schema != SCHEMA {
        return Err(AppError::Usage(format!(
            "{} has schema `{}`; this apiaudit reads `{SCHEMA}`",
            path.display(),
            report.schema
        )));
    }
    let name = path
        .file_stem()
        .map_or_else(|| "input".to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Input { name, label, report })
}

/// Every file path an input names.
fn paths_of(report: &JsonReport) -> BTreeSet<&str> {
    let mut paths = BTreeSet::new();
    for finding in report.findings.iter().chain(&report.suppressed) {
        paths.insert(&*finding.path);
    }
    for entry in &report.inventory {
        paths.insert(&*entry.spec);
        paths.insert(&*entry.file);
    }
    for entry in &report.routes {
        match entry {
            RouteEntry::Route(route) => paths.insert(route.at.file.as_str()),
            RouteEntry::Grant(grant) => paths.insert(grant.at.file.as_str()),
        };
    }
    paths.extend(report.logs.iter().map(|log| log.file.as_str()));
    paths.extend(report.components.iter().map(|component| component.file.as_str()));
    paths.remove("");
    paths
}

/// Prefixes every path of an input with `label/`.
fn relabel(report: &mut JsonReport, label: &str) {
    let prefix = |path: &mut String| {
        if !path.is_empty() {
            *path = format!("{label}/{path}");
        }
    };
    for root in &mut report.roots {
        prefix(root);
    }
    let prefix_shared = |path: &mut std::sync::Arc<str>| {
        if !path.is_empty() {
            *path = format!("{label}/{path}").into();
        }
    };
    for finding in report.findings.iter_mut().chain(report.suppressed.iter_mut()) {
        prefix_shared(&mut finding.path);
    }
    for entry in &mut report.inventory {
        prefix_shared(&mut entry.spec);
        prefix_shared(&mut entry.file);
        // A service directory is a path; a `[services]` name is not.
        if let Some(service) = entry.service.as_mut().filter(|s| !s.starts_with("service ")) {
            prefix_shared(service);
        }
        if let Some(at) = &mut entry.id_position {
            prefix(&mut at.file);
        }
        if let Some(policy) = &mut entry.rate_limit {
            prefix(&mut policy.at.file);
            if let Some(at) = &mut policy.limit_at {
                prefix(&mut at.file);
            }
            policy.id = format!("{label}/{}", policy.id);
        }
    }
    for entry in &mut report.routes {
        match entry {
            RouteEntry::Route(route) => {
                prefix(&mut route.at.file);
                if let Some(acl) = &mut route.acl {
                    prefix(&mut acl.at.file);
                }
                for policy in &mut route.policies {
                    prefix(&mut policy.at.file);
                    if let Some(at) = &mut policy.limit_at {
                        prefix(&mut at.file);
                    }
                    policy.id = format!("{label}/{}", policy.id);
                }
            }
            RouteEntry::Grant(grant) => prefix(&mut grant.at.file),
        }
    }
    for consumer in &mut report.estate.consumers {
        prefix(&mut consumer.at.file);
    }
    for scope in &mut report.estate.scopes {
        prefix(&mut scope.spec);
        prefix(&mut scope.at.file);
    }
    for ignore in &mut report.estate.ignores {
        prefix(&mut ignore.file);
    }
    for log in &mut report.logs {
        prefix(&mut log.file);
        prefix(&mut log.evidence.file);
        for setting in &mut log.evidence.settings {
            prefix(&mut setting.file);
        }
    }
    for component in &mut report.components {
        prefix(&mut component.file);
    }
}

/// Labels unlabelled inputs by file name when two of them name the same file.
fn keep_paths_distinct(inputs: &mut [Input]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut clash = false;
    for (index, input) in inputs.iter().enumerate() {
        if input.label.is_some() {
            continue;
        }
        for path in paths_of(&input.report) {
            if let Some(&other) = seen.get(path) {
                if other != index {
                    clash = true;
                }
            } else {
                seen.insert(path.to_string(), index);
            }
        }
    }
    if !clash {
        return;
    }
    let mut used: BTreeSet<String> = inputs.iter().filter_map(|i| i.label.clone()).collect();
    for input in inputs.iter_mut().filter(|i| i.label.is_none()) {
        let mut label = input.name.clone();
        let mut n = 2;
        while used.contains(&label) {
            label = format!("{}-{n}", input.name);
            n += 1;
        }
        used.insert(label.clone());
        eprintln!(
            "note: inputs name the same files; the paths of {}.json are prefixed with `{label}/` (use LABEL=FILE to choose)",
            input.name
        );
        input.label = Some(label);
    }
}

pub fn run(args: MergeArgs) -> Result<ExitCode, AppError> {
    let catalogue = catalogue()?;
    let extra_outputs = super::report_outputs(args.output.as_ref(), &args.report)?;
    let overrides = Overrides {
        config: args.config.clone(),
        roots: Vec::new(),
        jobs: None,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.as_deref().and_then(FailOn::parse),
        lang: args.lang.map(Into::into),
        advisories: None,
        history: None,
        ..Overrides::default()
    };
    let settings = Settings::resolve(&overrides, &catalogue)?;
    let earlier = args
        .compare
        .as_deref()
        .map(super::scan::read_earlier)
        .transpose()?;
    let started = std::time::Instant::now();
    let mut inputs = args
        .inputs
        .iter()
        .map(|arg| load(arg))
        .collect::<Result<Vec<_>, _>>()?;
    keep_paths_distinct(&mut inputs);
    // The findings of each input keep the language they were written in.
    for input in &inputs {
        if input.report.tool.lang != settings.lang {
            eprintln!(
                "note: {}.json is in `{}`; its messages stay in that language in the merged report (re-run its scan with --lang {})",
                input.name,
                input.report.tool.lang.as_str(),
                settings.lang.as_str()
            );
        }
    }
    for input in &mut inputs {
        if let Some(label) = input.label.clone() {
            relabel(&mut input.report, &label);
        }
    }
    let read = started.elapsed();
    let mut audit = merge(
        inputs.into_iter().map(|i| i.report).collect(),
        &settings,
        &catalogue,
    );
    if let Some((file, earlier)) = &earlier {
        audit.comparison = Some(crate::policy::compare::Comparison::new(
            file,
            earlier,
            &audit.findings,
            &audit.suppressed,
            &audit.rules_run,
        ));
    }
    let merged = started.elapsed() - read;
    let stdout_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let main_ctx = ReportContext {
        audit: &audit,
        catalogue: &catalogue,
        lang: settings.lang,
        color: args.format == Format::Text && args.color.enabled(stdout_terminal),
        quiet: args.quiet,
        width: (args.format == Format::Text)
            .then(|| report::wrap::output_width(stdout_terminal))
            .flatten(),
        elapsed: None,
    };
    let write = |format: Format, path: Option<&PathBuf>, ctx: &ReportContext<'_>| -> Result<(), AppError> {
        let reporter = report::reporter(format);
        let mut out = open_output(path)?;
        let what = path.map_or("standard output".to_string(), |p| p.display().to_string());
        reporter.write(ctx, &mut out).map_err(io_error(&what))?;
        out.flush().map_err(io_error(&what))
    };
    write(args.format, args.output.as_ref(), &main_ctx)?;
    for (format, path) in &extra_outputs {
        let ctx = ReportContext {
            color: false,
            width: None,
            ..main_ctx
        };
        write(*format, Some(path), &ctx)?;
    }
    // Phase timings for benchmarks and CI diagnostics (never in the report itself).
    if std::env::var_os("APIAUDIT_TIMINGS").is_some() {
        eprintln!(
            "timings: read inputs {:.2} s, link + portfolio rules {:.2} s, write reports {:.2} s",
            read.as_secs_f64(),
            merged.as_secs_f64(),
            (started.elapsed() - read - merged).as_secs_f64()
        );
    }
    Ok(if policy::fails(&audit.findings, settings.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Merges results (paths already distinct) into one audit, re-running the portfolio rules
/// through the tail every run shares (`audit::conclude`).
pub fn merge(reports: Vec<JsonReport>, settings: &Settings, catalogue: &Catalogue) -> AuditReport {
    // The estate-wide rules are re-run on the merged portfolio. Dependency rules are not: they
    // need the advisory database each run was given, so their findings are kept as settled.
    let rerun = |code: RuleCode| {
        RULES
            .iter()
            .any(|rule| rule.code() == code && rule.scope() == Scope::Portfolio)
            && catalogue.get(code).family != "deps"
    };
    let mut portfolio = Portfolio::default();
    let mut summary = Summary::default();
    let mut findings: Vec<Finding> = Vec::new();
    let mut suppressed: Vec<Finding> = Vec::new();
    let mut roots = Vec::new();
    // Components of the runs that had no advisory database: DEP002 is stated once for them all.
    let mut unchecked = Vec::new();
    // A finding is kept when its rule is selected and is not recomputed here.
    let keep = |finding: &Finding| {
        settings.rule_enabled(finding.rule) && !rerun(finding.rule) && finding.rule != RuleCode::DEP002
    };
    let settle_severity = |mut finding: Finding| {
        if let Some(severity) = settings.severity.get(&finding.rule) {
            finding.severity = *severity;
        }
        finding
    };
    let mut skipped = Vec::new();
    for report in reports {
        roots.extend(report.roots);
        if report
            .findings
            .iter()
            .chain(&report.suppressed)
            .any(|f| f.rule == RuleCode::DEP002)
        {
            unchecked.extend(report.components.iter().cloned());
        }
        summary.files += report.summary.files;
        summary.specs += report.summary.specs;
        summary.operations += report.summary.operations;
        summary.skipped.add(&report.summary.skipped);
        if let Some(routes) = &report.summary.routes {
            summary.routes.get_or_insert_with(Default::default).add(routes);
        }
        skipped.extend(report.skipped.iter().map(SkippedFile::from_view));
        findings.extend(report.findings.into_iter().filter(keep).map(settle_severity));
        suppressed.extend(report.suppressed.into_iter().filter(keep).map(settle_severity));
        for entry in report.inventory {
            match entry.origin {
                crate::model::inventory::Origin::Spec => portfolio.interfaces.push(entry),
                crate::model::inventory::Origin::Code => portfolio.served.push(entry),
            }
        }
        for entry in report.routes {
            match entry {
                RouteEntry::Route(route) => portfolio.routes.push(*route),
                RouteEntry::Grant(grant) => portfolio.grants.push(*grant),
            }
        }
        portfolio.logs.extend(report.logs);
        portfolio.components.extend(report.components);
        portfolio.consumers.extend(report.estate.consumers);
        portfolio.scopes.extend(report.estate.scopes);
        portfolio.ignores.extend(report.estate.ignores);
    }
    let ctx = Ctx {
        settings,
        catalogue,
        advisories: None,
    };
    let rules: Vec<&dyn Rule> = RULES
        .iter()
        .copied()
        .filter(|rule| rerun(rule.code()) && settings.rule_enabled(rule.code()))
        .collect();
    let mut raw = Vec::new();
    if settings.rule_enabled(RuleCode::DEP002) {
        unchecked.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        unchecked.dedup();
        crate::rules::deps::components_not_checked::report_unchecked(&unchecked, &mut raw);
    }
    // The inline suppressions of portfolio findings travel in the inputs.
    let mut suppressions = Suppressions::default();
    for ignore in &portfolio.ignores {
        suppressions
            .comments
            .entry(ignore.file.clone())
            .or_insert_with(|| (None, Vec::new()))
            .1
            .push(IgnoreComment {
                line: ignore.line,
                lines: match ignore.covers {
                    Some(line) => line..=line,
                    None => ignore.line..=ignore.line.saturating_add(1),
                },
                rules: ignore.rules.clone(),
                reason: Some(ignore.reason.clone()),
                span: crate::source::Span::default(),
            });
    }
    let (portfolio, settled) = conclude(
        portfolio,
        Pending::default(),
        raw,
        &suppressions,
        Gate::default(),
        &rules,
        &ctx,
    );
    findings.extend(settled.findings);
    suppressed.extend(settled.suppressed);
    for list in [&mut findings, &mut suppressed] {
        list.sort_by(|a, b| a.sort_key(settings.lang).cmp(&b.sort_key(settings.lang)));
        list.dedup_by(|a, b| a.sort_key(settings.lang) == b.sort_key(settings.lang));
    }
    roots.sort();
    roots.dedup();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    // Counted like a scan's: the components the merged portfolio holds.
    summary.components = portfolio.components.len() as u64;
    let mut audit = AuditReport {
        roots,
        summary,
        findings,
        suppressed,
        skipped,
        portfolio,
        rules_run: RULES
            .iter()
            .filter(|rule| settings.rule_enabled(rule.code()) && rule.scope() != Scope::Change)
            .map(|rule| rule.code())
            .collect(),
        run: RunInfo::from_settings(settings),
        comparison: None,
        review: None,
    };
    audit.recount();
    audit
}
