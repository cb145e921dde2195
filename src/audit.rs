//! The scan pipeline: discover -> read each file once -> front ends -> model -> rules ->
//! policy. Files are processed in parallel on a pool of `--jobs` threads; results are collected
//! in path order, the front ends finish what needs the whole run, the repository and portfolio
//! rules run once, and policy settles everything in one pass (`conclude`, which `merge` shares),
//! so the report does not depend on the thread count.

use crate::catalogue::{Catalogue, RuleCode, Scope};
use crate::discover::{self, Candidate, Content, IndexBlobs, Origin, Skipped, SkippedFile};
use crate::error::AppError;
use crate::findings::RawFinding;
use crate::frontend::{self, Extraction, Pending, FRONT_ENDS};
use crate::input::{BinaryInput, FileInput};
use crate::model::problems::FileProblem;
use crate::model::routes::InlineIgnore;
use crate::model::Portfolio;
use crate::policy::{self, Gate, Settled, SpecIgnores, Suppressions};
use crate::progress::timings::{self, Stage};
use crate::progress::{Phase, Progress};
pub use crate::report::result::{AuditReport, RunInfo, Summary};
use crate::rules::{Ctx, Rule, RULES};
use crate::settings::Settings;
use crate::source::shape::{self, Shape};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// What processing one file gave.
#[derive(Default)]
pub(crate) struct FileOutcome {
    pub(crate) raw: Vec<RawFinding>,
    /// What the front ends read from the file.
    pub(crate) extraction: Extraction,
    /// The file's `apiaudit:ignore` comments (with the file, for META003's evidence).
    pub(crate) comments: Option<(
        Option<Arc<SourceFile>>,
        String,
        Vec<crate::source::comments::IgnoreComment>,
    )>,
    /// The `x-apiaudit-ignore` entries of the spec the file is, by its path.
    pub(crate) spec_ignores: Option<(Arc<str>, SpecIgnores)>,
    /// Set when the file was not audited (or only lossily read), with the reason.
    pub(crate) skipped: Option<SkippedFile>,
    pub(crate) audited: bool,
    pub(crate) spec: bool,
}

pub fn run(settings: &Settings, catalogue: &Catalogue) -> Result<AuditReport, AppError> {
    run_with_progress(settings, catalogue, &Progress::default(), Gate::default())
}

/// `run`, counting files walked and audited and specs parsed in `progress`; `gate` narrows what
/// is reported (`--changed-since`, `--baseline`).
pub fn run_with_progress(
    settings: &Settings,
    catalogue: &Catalogue,
    progress: &Progress,
    gate: Gate,
) -> Result<AuditReport, AppError> {
    progress.set_phase(Phase::Walking);
    let walk = {
        let _walk = timings::phase(Stage::Walk);
        discover::walk_with_progress(settings, progress)?
    };
    if !walk.empty_roots.is_empty() && !settings.allow_empty {
        return Err(AppError::Usage(format!(
            "nothing to audit in {}: no file found there (an empty directory, or every file excluded or ignored); check the path, or pass --allow-empty to accept an empty run",
            walk.empty_roots
                .iter()
                .map(|root| format!("`{root}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    progress.set_total(walk.files.len() as u64);
    progress.set_phase(Phase::Auditing);
    let rules: Vec<&dyn Rule> = RULES
        .iter()
        .copied()
        .filter(|rule| settings.rule_enabled(rule.code()))
        .collect();
    // Spec and repository rules read each file; portfolio rules only the whole run.
    let file_rules: Vec<&dyn Rule> = rules
        .iter()
        .copied()
        .filter(|rule| rule.scope() != Scope::Portfolio)
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
        .filter(|_| settings.rule_enabled(RuleCode::DEP001));
    let (advisories, outcomes) = pool.install(|| {
        rayon::join(
            || database.map(crate::frontend::osv::AdvisoryDb::load).transpose(),
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
                        let mut outcome =
                            process_guarded(&walk.files[index], &walk.blobs, &file_rules, &file_ctx);
                        crate::findings::share(&mut outcome.raw, settings.lang);
                        progress.audited(outcome.spec);
                        (index, outcome)
                    })
                    .collect();
                done.sort_by_key(|(index, _)| *index);
                done.into_iter().map(|(_, outcome)| outcome).collect()
            },
        )
    });
    // `--history`: the secret rules over every blob of git history, on the same pool.
    let history = match settings.history {
        Some(_) => Some(crate::history::scan(settings, catalogue, &pool, progress)?),
        None => None,
    };
    progress.set_phase(Phase::Portfolio);
    let advisories = advisories.map_err(|error| AppError::Usage(error.0))?;
    let ctx = Ctx {
        advisories: advisories.as_ref(),
        ..file_ctx
    };

    let mut summary = Summary::default();
    let mut skipped = walk.skipped;
    let mut raw = Vec::new();
    let mut portfolio = Portfolio::default();
    let mut pending = Pending::default();
    let mut suppressions = Suppressions::default();
    // What the walk itself could not take in (unreadable directories, special files, loops).
    let walk_problems: Vec<FileProblem> = skipped.iter().cloned().map(FileProblem::NotAudited).collect();
    for rule in &file_rules {
        rule.check_problems(&walk_problems, &ctx, &mut raw);
    }
    for outcome in outcomes {
        skipped.extend(outcome.skipped);
        summary.files += u64::from(outcome.audited);
        summary.specs += u64::from(outcome.spec);
        summary.operations += outcome.extraction.part.interfaces.len() as u64;
        raw.extend(outcome.raw);
        portfolio.absorb(outcome.extraction.part);
        pending.absorb(outcome.extraction.pending);
        if let Some((file, path, list)) = outcome.comments {
            suppressions.add_comments(file, path, list);
        }
        if let Some((spec, ignores)) = outcome.spec_ignores {
            suppressions.specs.insert(spec, ignores);
        }
    }
    if let Some(mut scanned) = history {
        summary.history = Some(scanned.summary.clone());
        raw.append(&mut scanned.notes);
        let only_in_history = crate::history::merge(&mut raw, scanned);
        raw.extend(only_in_history);
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    summary.skipped = Skipped::of(&skipped);
    let (portfolio, settled) =
        pool.install(|| conclude(portfolio, pending, raw, &suppressions, gate, &rules, &ctx));
    summary.components = portfolio.components.len() as u64;
    summary.routes = portfolio.route_stats.clone();
    summary.advisories = advisories.as_ref().map(|db| db.stats.clone());
    let mut report = AuditReport {
        roots: settings.roots.iter().map(|r| r.display().to_string()).collect(),
        summary,
        findings: settled.findings,
        suppressed: settled.suppressed,
        skipped,
        portfolio,
        rules_run: rules.iter().map(|r| r.code()).collect(),
        run: RunInfo::from_settings(settings),
        comparison: None,
    };
    report.summary.baseline = settled.baseline;
    report.summary.changed_since = settled.changed_since;
    report.recount();
    Ok(report)
}

/// The tail every run shares, `scan` and `merge` alike: the front ends finish what needs the
/// whole run, the rules that read the whole run check it (repository rules once per scan,
/// portfolio rules also in `merge`), and policy settles every finding in one pass.
pub fn conclude(
    mut portfolio: Portfolio,
    pending: Pending,
    mut raw: Vec<RawFinding>,
    suppressions: &Suppressions,
    gate: Gate,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> (Portfolio, Settled) {
    let portfolio_phase = timings::phase(Stage::Portfolio);
    frontend::finish(&mut portfolio, pending, ctx.settings);
    for rule in rules {
        match rule.scope() {
            Scope::Spec => {}
            Scope::Repo => rule.check_repository(&portfolio, ctx, &mut raw),
            Scope::Portfolio => rule.check_portfolio(&portfolio, ctx, &mut raw),
        }
    }
    drop(portfolio_phase);
    let _settle = timings::phase(Stage::Settle);
    let settled = policy::settle(raw, suppressions, gate, ctx.settings, ctx.catalogue);
    (portfolio, settled)
}

/// One bad file must not end the run: a panic becomes a finding on that file.
fn process_guarded(
    candidate: &Candidate,
    blobs: &IndexBlobs,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> FileOutcome {
    match catch_unwind(AssertUnwindSafe(|| process(candidate, blobs, rules, ctx))) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            let shape = Shape::of_name(&candidate.rel);
            not_audited(
                SkippedFile::failed(&candidate.path, &candidate.rel, shape, &detail),
                rules,
                ctx,
            )
        }
    }
}

/// A file that was not audited: a problem for the repository rules (META001), and an entry of
/// the run's `skipped` list.
fn not_audited(file: SkippedFile, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let problems = [FileProblem::NotAudited(file)];
    for rule in rules {
        rule.check_problems(&problems, ctx, &mut outcome.raw);
    }
    let [FileProblem::NotAudited(file)] = problems else {
        return outcome;
    };
    outcome.skipped = Some(file);
    outcome
}

/// The size above which a walked file is not read: `scan.max-file-size`, or `scan.max-spec-size`
/// for a file that looks like a spec (by name; by content once its head is read). A file named
/// on the command line has none.
fn limit_for(candidate: &Candidate, head: Option<&[u8]>, settings: &Settings) -> Option<u64> {
    if candidate.origin == Origin::Named {
        return None;
    }
    let shape = match head {
        Some(head) => Shape::of(&candidate.rel, head),
        None => Shape::of_name(&candidate.rel),
    };
    Some(if shape == Shape::Spec {
        settings.max_spec_size.max(settings.max_file_size)
    } else {
        settings.max_file_size
    })
}

/// Reads a candidate once: from the work tree, or from the index's blob.
fn read_candidate(candidate: &Candidate, blobs: &IndexBlobs, settings: &Settings) -> Content {
    let hint = settings.encoding_hint(&candidate.rel);
    let limit = limit_for(candidate, None, settings);
    let content = match candidate.origin {
        Origin::Index { repo, oid } => match blobs.read(repo, &oid) {
            Ok(bytes) if limit.is_some_and(|limit| bytes.len() as u64 > limit) => {
                let size = bytes.len() as u64;
                let head = bytes[..bytes.len().min(64 * 1024)].to_vec();
                Content::TooLarge { size, head }
            }
            Ok(bytes) => discover::classify(bytes, hint),
            Err(error) => Content::Unreadable(format!(
                "tracked but not in the work tree, and its blob cannot be read: {error}"
            )),
        },
        Origin::WorkTree | Origin::Named => discover::read(&candidate.fs_path, limit, hint),
    };
    // Over the limit for other files, but its first bytes say it is a spec: its own limit.
    if let Content::TooLarge { size, head } = &content {
        let spec_limit = limit_for(candidate, Some(head), settings);
        if spec_limit.is_some_and(|spec_limit| *size <= spec_limit) && spec_limit != limit {
            return match candidate.origin {
                Origin::Index { .. } => content,
                Origin::WorkTree | Origin::Named => discover::read(&candidate.fs_path, spec_limit, hint),
            };
        }
    }
    content
}

fn process(candidate: &Candidate, blobs: &IndexBlobs, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
    let settings = ctx.settings;
    let (path, rel) = (&candidate.path, &candidate.rel);
    let read = timings::phase(Stage::Read);
    let content = read_candidate(candidate, blobs, settings);
    drop(read);
    let (file, lossy) = match content {
        Content::Text { text, encoding } => (
            SourceFile::decoded(
                path.clone(),
                rel.clone(),
                candidate.fs_path.clone(),
                text,
                encoding,
            ),
            None,
        ),
        Content::Undecodable {
            text,
            invalid_at,
            why,
        } => {
            let shape = Shape::of(rel, text.as_bytes());
            let file = SourceFile::new(path.clone(), rel.clone(), candidate.fs_path.clone(), text);
            (
                file,
                Some((invalid_at, SkippedFile::undecodable(path, rel, shape, &why))),
            )
        }
        Content::Binary(bytes) => {
            let input = BinaryInput {
                path: path.clone(),
                rel: rel.clone(),
                bytes,
            };
            return audit_binary(&input, rules, ctx);
        }
        Content::TooLarge { size, head } => {
            let shape = Shape::of(rel, &head);
            let (limit, setting) = if shape == Shape::Spec {
                (
                    settings.max_spec_size.max(settings.max_file_size),
                    "scan.max-spec-size",
                )
            } else {
                (settings.max_file_size, "scan.max-file-size")
            };
            return not_audited(
                SkippedFile::too_large(path, rel, shape, size, limit, setting),
                rules,
                ctx,
            );
        }
        Content::Unreadable(reason) => {
            return not_audited(
                SkippedFile::unreadable(path, rel, Shape::of_name(rel), &reason),
                rules,
                ctx,
            );
        }
    };
    let Some((invalid_at, skipped)) = lossy else {
        return audit_text(Arc::new(file), None, rules, ctx);
    };
    // Read lossily: the rules still run on what could be read, and the gap is reported.
    let mut outcome = audit_text(Arc::new(file), Some(invalid_at), rules, ctx);
    let reported = not_audited(skipped, rules, ctx);
    outcome.raw.extend(reported.raw);
    outcome.skipped = reported.skipped;
    outcome.audited = false;
    outcome
}

/// The per-file phase for a binary file: key stores are found by their magic bytes or name;
/// any other binary file is reported as not audited.
pub(crate) fn audit_binary(input: &BinaryInput, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
    let name = input.rel.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    if shape::key_store(&name, &input.bytes).is_none() {
        let shape = Shape::of(&input.rel, &input.bytes);
        let mut outcome = not_audited(SkippedFile::binary(&input.path, &input.rel, shape), rules, ctx);
        for rule in rules {
            rule.check_binary(input, ctx, &mut outcome.raw);
        }
        return outcome;
    }
    let mut outcome = FileOutcome {
        audited: true,
        ..FileOutcome::default()
    };
    for rule in rules {
        rule.check_binary(input, ctx, &mut outcome.raw);
    }
    outcome
}

/// The per-file phase for a text file: every front end that claims it, then the rules.
pub(crate) fn audit_text(
    file: Arc<SourceFile>,
    invalid_utf8_at: Option<usize>,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> FileOutcome {
    let settings = ctx.settings;
    let mut outcome = FileOutcome::default();
    let mut input = FileInput::new(file);
    input.invalid_utf8_at = invalid_utf8_at;
    // The model (logs, components, gateways) only feeds rules other than the KEY family; a
    // secrets-only run (`--select KEY`) reads specs only; a run of no rule (`sbom`) is for the
    // model.
    let model_wanted = rules.is_empty() || rules.iter().any(|rule| rule.code().prefix() != "KEY");
    let mut extraction = Extraction::default();
    let model = timings::phase(Stage::Model);
    for front_end in FRONT_ENDS {
        let wanted = model_wanted || front_end.needed_without_model_rules();
        if wanted && front_end.claims(&input) {
            front_end.extract(&input, settings, &mut extraction);
        }
    }
    drop(model);
    let spec_found = extraction.spec.is_some();
    outcome.audited = true;
    outcome.spec = spec_found;
    let rules_phase = timings::phase(Stage::Rules);
    if let Some(unit) = extraction.spec.take() {
        check_spec(&unit, rules, ctx, &mut outcome);
    }
    for rule in rules {
        rule.check_problems(&extraction.problems, ctx, &mut outcome.raw);
    }
    for rule in rules {
        rule.check_file(&input, ctx, &mut outcome.raw);
    }
    // Secrets stay masked in every finding of the file, not only in the KEY rules' own.
    input.mask_found_secrets(&mut outcome.raw);
    drop(rules_phase);
    let part = &extraction.part;
    let contributed = !part.routes.is_empty()
        || !part.grants.is_empty()
        || !part.consumers.is_empty()
        || !part.interfaces.is_empty();
    if contributed {
        keep_portfolio_ignores(&input, ctx.catalogue, &mut extraction.part);
    }
    outcome.extraction = extraction;
    let kept_file = (!input.comments.is_empty()).then(|| input.file.clone());
    outcome.comments = Some((kept_file, input.file.path.clone(), input.comments));
    outcome
}

/// Runs the spec rules on a loaded spec (or its load problems), and records its
/// `x-apiaudit-ignore` entries for policy.
fn check_spec(unit: &crate::model::SpecUnit, rules: &[&dyn Rule], ctx: &Ctx<'_>, outcome: &mut FileOutcome) {
    let mut found = Vec::new();
    for rule in rules {
        rule.check_load(&unit.problems, ctx, &mut found);
    }
    if let Some(spec) = &unit.spec {
        for rule in rules {
            rule.check_spec(spec, ctx, &mut found);
        }
        crate::rules::places::attribute(spec, &mut found);
        if spec.operations.iter().any(|op| !op.ignores.is_empty())
            || !spec.ignores.is_empty()
            || !spec.place_ignores.is_empty()
        {
            let mut ignores = SpecIgnores {
                document: spec.ignores.clone(),
                places: spec.place_ignores.iter().cloned().collect(),
                ..SpecIgnores::default()
            };
            for op in &spec.operations {
                // The first operation of a method and path holds its entries.
                ignores
                    .operations
                    .entry((op.method.clone(), op.path.clone()))
                    .or_insert_with(|| op.ignores.clone());
            }
            let name: Arc<str> = Arc::from(unit.file.path.as_str());
            for finding in &mut found {
                finding.spec = Some(name.clone());
            }
            outcome.spec_ignores = Some((name, ignores));
        }
    }
    outcome.raw.extend(found);
}

/// Inline `apiaudit:ignore` comments of a file that feeds portfolio rules, so that `merge`
/// can apply them as one scan does.
fn keep_portfolio_ignores(input: &FileInput, catalogue: &Catalogue, part: &mut Portfolio) {
    for comment in &input.comments {
        let Some(reason) = &comment.reason else {
            continue;
        };
        // A suppression META002 rejects suppresses nothing, in merge either.
        if !comment.rules.iter().all(|rule| catalogue.is_selector(rule)) {
            continue;
        }
        let portfolio_rule = comment.rules.iter().any(|rule| {
            rule == "ALL"
                || catalogue.rules().iter().any(|meta| {
                    meta.scope == Scope::Portfolio && meta.code.as_str().starts_with(rule.as_str())
                })
        });
        if portfolio_rule {
            part.ignores.push(InlineIgnore {
                file: input.file.path.clone(),
                line: comment.line,
                covers: Some(*comment.lines.start()),
                rules: comment.rules.clone(),
                reason: reason.clone(),
            });
        }
    }
}
