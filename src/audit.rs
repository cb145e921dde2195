//! The scan pipeline: discover -> read and parse each file once -> model -> rules -> policy.
//! Files are processed in parallel on a pool of `--jobs` threads; results are collected in
//! path order and sorted by policy, so the report does not depend on the thread count.

use crate::catalogue::Catalogue;
use crate::discover::{self, Candidate, Content, Skipped};
use crate::error::AppError;
use crate::findings::{Finding, RawFinding};
use crate::model::{inventory, load, Portfolio};
use crate::parse::{self, Limits};
use crate::policy::baseline::BaselineSummary;
use crate::policy::changed::ChangedSummary;
use crate::policy::{self, inline, Settled};
use crate::progress::{Phase, Progress};
use crate::rules::{BinaryInput, Ctx, FileInput, Rule, RULES};
use crate::settings::Settings;
use crate::source::SourceFile;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Totals of a run (SPEC §4 `summary`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub files: u64,
    pub specs: u64,
    pub operations: u64,
    pub findings: u64,
    pub by_severity: BTreeMap<String, u64>,
    pub suppressed: u64,
    pub skipped: Skipped,
    /// Third-party components declared in the run.
    #[serde(default)]
    pub components: u64,
    /// The advisory database DEP001 used, when one was configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisories: Option<crate::deps::osv::DbStats>,
    /// What `--baseline` hid and which of its entries are stale, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    /// What `--changed-since` left out, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_since: Option<ChangedSummary>,
}

/// Facts about the run that reports print in their scope section.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// The audit date (`settings.today`), ISO 8601.
    pub date: String,
    /// The configured institution code, when set.
    pub institution: Option<String>,
    /// The config file used, when any.
    pub config: Option<String>,
    /// Base URL of the rule pages (`docs/rules/<CODE>.md`), for links in SARIF and reports.
    pub docs_url: String,
    /// Minimum log retention in days, and for transaction logs (`[retention]`).
    pub retention_min_days: u32,
    pub transaction_retention_min_days: u32,
}

impl RunInfo {
    pub fn from_settings(settings: &Settings) -> Self {
        RunInfo {
            date: settings.today.format("%Y-%m-%d").to_string(),
            institution: settings.institution.clone(),
            config: settings.config_path.as_deref().map(relative_to_cwd),
            docs_url: settings.docs_url.clone(),
            retention_min_days: settings.retention_min_days,
            transaction_retention_min_days: settings.transaction_retention_min_days,
        }
    }
}

/// Everything a run found, ready for the reporters.
#[derive(Debug, Clone, Default)]
pub struct AuditReport {
    pub roots: Vec<String>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Finding>,
    /// Everything the run found besides findings: the interface inventory, and what the other
    /// front ends extracted.
    pub portfolio: Portfolio,
    /// Codes of the rules that ran.
    pub rules_run: Vec<String>,
    pub run: RunInfo,
}

impl AuditReport {
    /// Recomputes the finding counts after findings moved (baseline, `--changed-since`).
    pub fn recount(&mut self) {
        self.summary.findings = self.findings.len() as u64;
        self.summary.suppressed = self.suppressed.len() as u64;
        self.summary.by_severity = policy::by_severity(&self.findings)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v as u64))
            .collect();
    }
}

/// What processing one file gave.
#[derive(Default)]
struct FileOutcome {
    raw: Vec<RawFinding>,
    /// What the file contributes to the portfolio (interfaces, routes, logs, ...).
    part: Portfolio,
    comments: Option<(String, Vec<inline::IgnoreComment>)>,
    skipped: Skipped,
    audited: bool,
    spec: bool,
}

pub fn run(settings: &Settings, catalogue: &Catalogue) -> Result<AuditReport, AppError> {
    run_with_progress(settings, catalogue, &Progress::default())
}

/// `run`, counting files walked and audited and specs parsed in `progress`.
pub fn run_with_progress(
    settings: &Settings,
    catalogue: &Catalogue,
    progress: &Progress,
) -> Result<AuditReport, AppError> {
    progress.set_phase(Phase::Walking);
    let walk = discover::walk_with_progress(settings, progress)?;
    progress.set_total(walk.files.len() as u64);
    progress.set_phase(Phase::Auditing);
    let rules: Vec<&dyn Rule> = RULES
        .iter()
        .copied()
        .filter(|rule| settings.rule_enabled(rule.code()))
        .collect();
    let file_ctx = Ctx {
        settings,
        catalogue,
        advisories: None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
        .map_err(|error| AppError::Internal(format!("cannot start worker threads: {error}")))?;
    // The advisory database loads while the files are processed; only DEP001 reads it.
    let database = settings
        .advisories
        .as_deref()
        .filter(|_| settings.rule_enabled("DEP001"));
    let (advisories, outcomes) = pool.install(|| {
        rayon::join(
            || database.map(crate::deps::AdvisoryDb::load).transpose(),
            || -> Vec<FileOutcome> {
                // Largest files first: one 47 MB spec started last keeps one thread busy while
                // the others idle. Outcomes are put back in path order below.
                let mut order: Vec<usize> = (0..walk.files.len()).collect();
                order.sort_by_key(|&index| std::cmp::Reverse(walk.files[index].size));
                // One file per job: rayon otherwise hands each thread a contiguous run of the
                // list to walk alone, and with the largest files first one run holds most of
                // the work while the other threads have nothing to steal.
                let mut done: Vec<(usize, FileOutcome)> = order
                    .into_par_iter()
                    .with_max_len(1)
                    .map(|index| {
                        let outcome = process_guarded(&walk.files[index], &rules, &file_ctx);
                        progress.audited(outcome.spec);
                        (index, outcome)
                    })
                    .collect();
                done.sort_by_key(|(index, _)| *index);
                done.into_iter().map(|(_, outcome)| outcome).collect()
            },
        )
    });
    progress.set_phase(Phase::Portfolio);
    let advisories = advisories.map_err(|error| AppError::Usage(error.0))?;
    let ctx = Ctx {
        advisories: advisories.as_ref(),
        ..file_ctx
    };

    let mut summary = Summary {
        skipped: walk.skipped,
        ..Summary::default()
    };
    let mut raw = Vec::new();
    let mut portfolio = Portfolio::default();
    let mut comments = HashMap::new();
    for (path, reason) in &walk.errors {
        portfolio
            .unreadable
            .push((path.clone(), path.clone(), reason.clone()));
    }
    for outcome in outcomes {
        summary.skipped.add(&outcome.skipped);
        summary.files += u64::from(outcome.audited);
        summary.specs += u64::from(outcome.spec);
        summary.operations += outcome.part.interfaces.len() as u64;
        raw.extend(outcome.raw);
        portfolio.absorb(outcome.part);
        if let Some((path, list)) = outcome.comments {
            if !list.is_empty() {
                comments.insert(path, list);
            }
        }
    }
    portfolio.sort();
    summary.components = portfolio.components.len() as u64;
    summary.advisories = advisories.as_ref().map(|db| db.stats.clone());
    for rule in &rules {
        rule.check_portfolio(&portfolio, &ctx, &mut raw);
    }
    let Settled { findings, suppressed } =
        pool.install(|| policy::settle(raw, &comments, settings, catalogue));
    summary.findings = findings.len() as u64;
    summary.suppressed = suppressed.len() as u64;
    summary.by_severity = policy::by_severity(&findings)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v as u64))
        .collect();
    Ok(AuditReport {
        roots: settings.roots.iter().map(|r| r.display().to_string()).collect(),
        summary,
        findings,
        suppressed,
        portfolio,
        rules_run: rules.iter().map(|r| r.code().to_string()).collect(),
        run: RunInfo::from_settings(settings),
    })
}

/// A path as reports show it: relative to the working directory when it lies below it (config
/// discovery canonicalises), so reports do not depend on where the checkout sits.
fn relative_to_cwd(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    shown.display().to_string().replace('\\', "/")
}

/// One bad file must not end the run: a panic becomes a finding on that file.
fn process_guarded(candidate: &Candidate, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
    match catch_unwind(AssertUnwindSafe(|| process(candidate, rules, ctx))) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            let mut outcome = FileOutcome::default();
            outcome.part.unreadable.push((
                candidate.path.clone(),
                candidate.rel.clone(),
                format!("internal error while auditing this file, please report it: {detail}"),
            ));
            outcome
        }
    }
}

fn process(candidate: &Candidate, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
    let settings = ctx.settings;
    let mut outcome = FileOutcome::default();
    let read_limit = settings.max_spec_size.max(settings.max_file_size);
    if candidate.size > read_limit {
        outcome.skipped.too_large = 1;
        return outcome;
    }
    let (text, invalid_utf8_at) = match discover::read(&candidate.fs_path, read_limit) {
        Content::Text {
            text,
            invalid_utf8_at,
        } => (text, invalid_utf8_at),
        Content::Binary(bytes) => {
            outcome.skipped.binary = 1;
            let input = BinaryInput {
                path: candidate.path.clone(),
                rel: candidate.rel.clone(),
                bytes,
            };
            for rule in rules {
                rule.check_binary(&input, ctx, &mut outcome.raw);
            }
            return outcome;
        }
        Content::TooLarge => {
            outcome.skipped.too_large = 1;
            return outcome;
        }
        Content::Unreadable(reason) => {
            outcome.skipped.unreadable = 1;
            outcome
                .part
                .unreadable
                .push((candidate.path.clone(), candidate.rel.clone(), reason));
            return outcome;
        }
    };
    let file = Arc::new(SourceFile::new(
        candidate.path.clone(),
        candidate.rel.clone(),
        candidate.fs_path.clone(),
        text,
    ));
    let is_large = file.text.len() as u64 > settings.max_file_size;
    let mut spec_found = false;
    if load::may_be_openapi(&file.text) {
        spec_found = audit_spec(&file, invalid_utf8_at, rules, ctx, &mut outcome);
    }
    if is_large && !spec_found {
        outcome.skipped.too_large = 1;
        return outcome;
    }
    outcome.audited = true;
    outcome.spec = spec_found;
    let input = FileInput::new(file);
    // The model (logs, components, gateways) only feeds rules other than the KEY family; a
    // secrets-only run (`--select KEY`) skips it; a run of no rule (`sbom`) is for the model.
    if rules.is_empty() || rules.iter().any(|rule| !rule.code().starts_with("KEY")) {
        crate::model::extract(&input, ctx, &mut outcome.part, &mut outcome.raw);
    }
    for rule in rules {
        rule.check_file(&input, ctx, &mut outcome.raw);
    }
    // Secrets stay masked in every finding of the file, not only in the KEY rules' own.
    let secrets: Vec<&str> = input
        .found_secrets()
        .filter_map(|(start, end)| input.file.text.get(start..end))
        .flat_map(crate::findings::secret_pieces)
        .collect();
    if !secrets.is_empty() {
        for finding in &mut outcome.raw {
            finding.mask(&secrets);
        }
    }
    outcome.comments = Some((input.file.path.clone(), input.comments));
    outcome
}

/// Parses a candidate spec and runs the spec rules. Returns whether it was a spec.
fn audit_spec(
    file: &Arc<SourceFile>,
    invalid_utf8_at: Option<usize>,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
    outcome: &mut FileOutcome,
) -> bool {
    let unit = if let Some(offset) = invalid_utf8_at {
        if !looks_like_spec_text(&file.text) {
            return false;
        }
        load::parse_error_unit(
            file.clone(),
            parse::ParseError::new("invalid UTF-8: the file is not valid UTF-8 text", offset),
        )
    } else {
        match parse::parse_structured(&file.text, Limits::default()) {
            Ok(tree) if load::is_openapi(&tree) => load::load(file.clone(), tree, ctx.settings),
            Ok(_) => return false,
            Err(error) => {
                if !looks_like_spec_text(&file.text) {
                    return false;
                }
                load::parse_error_unit(file.clone(), error)
            }
        }
    };
    let mut found = Vec::new();
    for rule in rules {
        rule.check_load(&unit.problems, ctx, &mut found);
    }
    if let Some(spec) = &unit.spec {
        for rule in rules {
            rule.check_spec(spec, ctx, &mut found);
        }
        policy::apply_spec_ignores(spec, &mut found);
        let analyses = crate::model::level_inference::analyse(spec, ctx.settings);
        outcome.part.interfaces = spec
            .operations
            .iter()
            .enumerate()
            .map(|(index, op)| inventory::entry(spec, op, analyses.get(index), ctx.settings))
            .collect();
        outcome.part.scopes = crate::model::matching::scope_defs(spec);
    }
    outcome.raw.extend(found);
    true
}

/// For text that does not parse: does it still say it is an OpenAPI document? (A top-level
/// `openapi:`/`swagger:` line in YAML, or the key in JSON.)
fn looks_like_spec_text(text: &str) -> bool {
    let head = &text[..floor_char(text, text.len().min(64 * 1024))];
    head.lines().any(|line| {
        let line = line.trim_end();
        line.starts_with("openapi:")
            || line.starts_with("swagger:")
            || line.starts_with("\"openapi\":")
            || line.starts_with("\"swagger\":")
            || line.trim_start().starts_with("{\"openapi\"")
            || line.trim_start().starts_with("{\"swagger\"")
            || ((line.starts_with("  \"openapi\"") || line.starts_with("  \"swagger\""))
                && line.contains(':'))
    })
}

fn floor_char(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
