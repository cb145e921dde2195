//! The scan pipeline: discover -> read each file once -> front ends -> model -> rules ->
//! policy. Files are processed in parallel on a pool of `--jobs` threads; results are collected
//! in path order, the front ends finish what needs the whole run, the repository and portfolio
//! rules run once, and policy settles everything in one pass (`conclude`, which `merge` shares),
//! so the report does not depend on the thread count.

use crate::catalogue::{Catalogue, RuleCode, Scope};
use crate::discover::{self, Candidate, Content, FileSource, IndexBlobs, Origin, Skipped, SkippedFile};
use crate::error::AppError;
use crate::findings::RawFinding;
use crate::frontend::{self, Extraction, Pending, FRONT_ENDS};
use crate::input::{BinaryInput, FileInput};
use crate::model::change::ChangeSet;
use crate::model::contract::SpecContracts;
use crate::model::inventory::InventoryEntry;
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
    /// How many operations the file's specs have (their inventory entries are moved to
    /// `PerFile::interfaces` as the file finishes).
    pub(crate) operations: u64,
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
    run_compared(settings, catalogue, progress, gate, None)
}

/// A run of the working tree. With `base`, the operation contracts of another revision
/// (`review --base`), the change rules compare the two as well.
pub fn run_compared(
    settings: &Settings,
    catalogue: &Catalogue,
    progress: &Progress,
    gate: Gate,
    base: Option<&[Arc<SpecContracts>]>,
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
    let run = Run::new(settings, catalogue, base.is_some())?;
    // The advisory database loads while the files are processed; only DEP001 reads it.
    let database = settings
        .advisories
        .as_deref()
        .filter(|_| settings.rule_enabled(RuleCode::DEP001));
    let sizes: Vec<u64> = walk.files.iter().map(|file| file.size).collect();
    let file_ctx = run.file_ctx();
    let (advisories, outcomes) = run.pool.install(|| {
        rayon::join(
            || database.map(crate::frontend::osv::AdvisoryDb::load).transpose(),
            || {
                per_file(&sizes, progress, |index| {
                    let mut outcome =
                        process_guarded(&walk.files[index], &walk.blobs, &run.file_rules, &file_ctx);
                    crate::findings::share(&mut outcome.raw, settings.lang);
                    crate::model::inventory::share(&mut outcome.extraction.part.interfaces);
                    outcome
                })
            },
        )
    });
    timings::memory("files done");
    // `--history`: the secret rules over every blob of git history, on the same pool.
    let history = match settings.history {
        Some(_) => Some(crate::history::scan(settings, catalogue, &run.pool, progress)?),
        None => None,
    };
    progress.set_phase(Phase::Portfolio);
    let advisories = advisories.map_err(|error| AppError::Usage(error.0))?;
    let mut gathered = Gathered {
        skipped: walk.skipped,
        ..Gathered::default()
    };
    // What the walk itself could not take in (unreadable directories, special files, loops).
    let walk_problems: Vec<FileProblem> = gathered
        .skipped
        .iter()
        .cloned()
        .map(FileProblem::NotAudited)
        .collect();
    for rule in &run.file_rules {
        rule.check_problems(&walk_problems, &file_ctx, &mut gathered.raw);
    }
    gathered.collect(outcomes);
    timings::memory("gathered");
    if let Some(mut scanned) = history {
        gathered.summary.history = Some(scanned.summary.clone());
        gathered.raw.append(&mut scanned.notes);
        let only_in_history = crate::history::merge(&mut gathered.raw, scanned);
        gathered.raw.extend(only_in_history);
    }
    Ok(run.finish(gathered, gate, advisories, base))
}

/// The rules of a run and the pool it runs on.
pub(crate) struct Run<'a> {
    settings: &'a Settings,
    catalogue: &'a Catalogue,
    rules: Vec<&'static dyn Rule>,
    /// Spec and repository rules: they read each file.
    file_rules: Vec<&'static dyn Rule>,
    pub(crate) pool: rayon::ThreadPool,
}

impl<'a> Run<'a> {
    /// The enabled rules; the change rules only when two revisions are compared.
    pub(crate) fn new(
        settings: &'a Settings,
        catalogue: &'a Catalogue,
        change: bool,
    ) -> Result<Run<'a>, AppError> {
        let rules: Vec<&'static dyn Rule> = RULES
            .iter()
            .copied()
            .filter(|rule| settings.rule_enabled(rule.code()) && (change || rule.scope() != Scope::Change))
            .collect();
        let file_rules = rules
            .iter()
            .copied()
            .filter(|rule| matches!(rule.scope(), Scope::Spec | Scope::Repo))
            .collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(settings.jobs)
            .build()
            .map_err(|error| AppError::Internal(format!("cannot start worker threads: {error}")))?;
        Ok(Run {
            settings,
            catalogue,
            rules,
            file_rules,
            pool,
        })
    }

    pub(crate) fn file_rules(&self) -> &[&'static dyn Rule] {
        &self.file_rules
    }

    /// What the per-file phase reads besides a file.
    pub(crate) fn file_ctx(&self) -> Ctx<'a> {
        Ctx {
            settings: self.settings,
            catalogue: self.catalogue,
            advisories: None,
        }
    }

    /// The run's tail on what the per-file phase gathered: `conclude`, then the report.
    pub(crate) fn finish(
        self,
        gathered: Gathered,
        gate: Gate,
        advisories: Option<crate::frontend::osv::AdvisoryDb>,
        base: Option<&[Arc<SpecContracts>]>,
    ) -> AuditReport {
        let settings = self.settings;
        let ctx = Ctx {
            advisories: advisories.as_ref(),
            ..self.file_ctx()
        };
        let Gathered {
            mut summary,
            raw,
            portfolio,
            pending,
            suppressions,
            mut skipped,
        } = gathered;
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        summary.skipped = Skipped::of(&skipped);
        let (portfolio, settled) = self.pool.install(|| {
            conclude_compared(
                portfolio,
                pending,
                raw,
                &suppressions,
                gate,
                &self.rules,
                &ctx,
                base,
            )
        });
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
            rules_run: self.rules.iter().map(|r| r.code()).collect(),
            run: RunInfo::from_settings(settings),
            comparison: None,
            review: None,
        };
        report.summary.baseline = settled.baseline;
        report.summary.changed_since = settled.changed_since;
        report.recount();
        report
    }
}

/// What the per-file phase gave: each file's outcome, and its findings and inventory entries
/// moved into two lists for the whole run, all in the files' order.
pub(crate) struct PerFile {
    outcomes: Vec<FileOutcome>,
    raw: Vec<RawFinding>,
    interfaces: Vec<InventoryEntry>,
}

/// Files of at least this size are audited one after another (`per_file`).
const LARGE_FILE: u64 = 16 << 20;

/// The run's findings and inventory entries as files finish, each with its file's index.
#[derive(Default)]
struct Pooled {
    raw: Blocks<RawFinding>,
    raw_files: Vec<u32>,
    interfaces: Blocks<InventoryEntry>,
    interface_files: Vec<u32>,
}

/// A list that grows a block at a time. A `Vec` grows by moving to a buffer twice as large,
/// with both resident while it copies: late in an estate's run, that is 70 MB of findings.
struct Blocks<T> {
    blocks: Vec<Vec<T>>,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { blocks: Vec::new() }
    }
}

impl<T> Blocks<T> {
    const BLOCK: usize = 1 << 14;

    fn extend(&mut self, items: Vec<T>) {
        for item in items {
            match self.blocks.last_mut() {
                Some(block) if block.len() < block.capacity() => block.push(item),
                _ => {
                    let mut block = Vec::with_capacity(Self::BLOCK);
                    block.push(item);
                    self.blocks.push(block);
                }
            }
        }
    }

    /// One list, each block freed as soon as it is moved.
    fn into_vec(self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.blocks.iter().map(Vec::len).sum());
        for block in self.blocks {
            all.extend(block);
        }
        all
    }
}

/// The per-file phase over `sizes.len()` files, in parallel on the current pool, largest
/// first; the outcomes in the files' order.
pub(crate) fn per_file(
    sizes: &[u64],
    progress: &Progress,
    process: impl Fn(usize) -> FileOutcome + Sync,
) -> PerFile {
    // Largest files first: one 47 MB spec started last keeps one thread busy while the others
    // idle. Outcomes are put back in path order below.
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(sizes[index]));
    // Each file's findings and inventory entries join the run's lists as soon as the file is
    // done, so that the memory the file held is free for the next one; gathering them from
    // every outcome at the end would hold an estate's findings twice while they were copied.
    let pooled = std::sync::Mutex::new(Pooled::default());
    let run = |index: usize| {
        let mut outcome = process(index);
        progress.audited(outcome.spec);
        let raw = std::mem::take(&mut outcome.raw);
        let interfaces = std::mem::take(&mut outcome.extraction.part.interfaces);
        outcome.operations = interfaces.len() as u64;
        if !raw.is_empty() || !interfaces.is_empty() {
            let file = u32::try_from(index).unwrap_or(u32::MAX);
            let mut pooled = pooled.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            pooled.raw_files.extend(std::iter::repeat_n(file, raw.len()));
            pooled.raw.extend(raw);
            pooled
                .interface_files
                .extend(std::iter::repeat_n(file, interfaces.len()));
            pooled.interfaces.extend(interfaces);
        }
        (index, outcome)
    };
    // The largest files one at a time, on one thread while the others take the rest: a spec's
    // parse tree and model take several times its size, and two such files at once would make
    // the run's peak the sum of theirs rather than the largest.
    let (large, rest): (Vec<usize>, Vec<usize>) =
        order.into_iter().partition(|&index| sizes[index] >= LARGE_FILE);
    // One file per job: rayon otherwise hands each thread a contiguous run of the list to
    // walk alone, and with the largest files first one run holds most of the work while the
    // other threads have nothing to steal.
    let (mut done, rest) = rayon::join(
        || large.into_iter().map(&run).collect::<Vec<_>>(),
        || rest.into_par_iter().with_max_len(1).map(&run).collect::<Vec<_>>(),
    );
    done.extend(rest);
    done.sort_by_key(|(index, _)| *index);
    let Pooled {
        raw,
        raw_files,
        interfaces,
        interface_files,
    } = pooled
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (mut raw, mut interfaces) = (raw.into_vec(), interfaces.into_vec());
    // Into the files' order, each file's own order kept (stable), in place.
    policy::permute(&mut raw, order_by_file(&raw_files));
    policy::permute(&mut interfaces, order_by_file(&interface_files));
    PerFile {
        outcomes: done.into_iter().map(|(_, outcome)| outcome).collect(),
        raw,
        interfaces,
    }
}

/// The positions of a list in the order of their files (stable).
fn order_by_file(files: &[u32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&position| files[position]);
    order
}

/// What the per-file phase gave, put together in path order, for the run's tail.
#[derive(Default)]
pub(crate) struct Gathered {
    pub(crate) summary: Summary,
    pub(crate) raw: Vec<RawFinding>,
    pub(crate) portfolio: Portfolio,
    pub(crate) pending: Pending,
    pub(crate) suppressions: Suppressions,
    /// The files not audited (or only lossily read), with the reasons.
    pub(crate) skipped: Vec<SkippedFile>,
}

impl Gathered {
    /// Adds what the per-file phase gave, in path order.
    pub(crate) fn collect(&mut self, per_file: PerFile) {
        let PerFile {
            outcomes,
            raw,
            interfaces,
        } = per_file;
        // Taken over whole rather than copied: these are the estate's largest lists.
        append_whole(&mut self.raw, raw);
        append_whole(&mut self.portfolio.interfaces, interfaces);
        for outcome in outcomes {
            self.skipped.extend(outcome.skipped);
            self.summary.files += u64::from(outcome.audited);
            self.summary.specs += u64::from(outcome.spec);
            self.summary.operations += outcome.operations;
            self.portfolio.absorb(outcome.extraction.part);
            self.pending.absorb(outcome.extraction.pending);
            if let Some((file, path, list)) = outcome.comments {
                self.suppressions.add_comments(file, path, list);
            }
            if let Some((spec, ignores)) = outcome.spec_ignores {
                self.suppressions.specs.insert(spec, ignores);
            }
        }
    }
}

/// `list` followed by `rest`, without copying `rest` when `list` is empty (the usual case).
fn append_whole<T>(list: &mut Vec<T>, rest: Vec<T>) {
    if list.is_empty() {
        *list = rest;
    } else {
        list.extend(rest);
    }
}

/// The tail every run shares, `scan` and `merge` alike: the front ends finish what needs the
/// whole run, the rules that read the whole run check it (repository rules once per scan,
/// portfolio rules also in `merge`), and policy settles every finding in one pass.
pub fn conclude(
    portfolio: Portfolio,
    pending: Pending,
    raw: Vec<RawFinding>,
    suppressions: &Suppressions,
    gate: Gate,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> (Portfolio, Settled) {
    conclude_compared(portfolio, pending, raw, suppressions, gate, rules, ctx, None)
}

/// `conclude`; with `base`, another revision's operation contracts (`review --base`), the
/// change rules compare it with this run's.
#[allow(clippy::too_many_arguments)]
fn conclude_compared(
    mut portfolio: Portfolio,
    pending: Pending,
    mut raw: Vec<RawFinding>,
    suppressions: &Suppressions,
    gate: Gate,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
    base: Option<&[Arc<SpecContracts>]>,
) -> (Portfolio, Settled) {
    let portfolio_phase = timings::phase(Stage::Portfolio);
    frontend::finish(&mut portfolio, pending, ctx.settings);
    let change = base.map(|base| ChangeSet::compare(base.to_vec(), portfolio.contracts.clone()));
    for rule in rules {
        match rule.scope() {
            Scope::Spec => {}
            Scope::Repo => rule.check_repository(&portfolio, ctx, &mut raw),
            Scope::Portfolio => rule.check_portfolio(&portfolio, ctx, &mut raw),
            Scope::Change => {
                if let Some(change) = &change {
                    rule.check_change(change, ctx, &mut raw);
                }
            }
        }
    }
    drop(portfolio_phase);
    timings::memory("portfolio done");
    let _settle = timings::phase(Stage::Settle);
    let settled = policy::settle(raw, suppressions, gate, ctx.settings, ctx.catalogue);
    timings::memory("settled");
    (portfolio, settled)
}

fn process_guarded(
    candidate: &Candidate,
    blobs: &IndexBlobs,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> FileOutcome {
    guarded(&candidate.path, &candidate.rel, rules, ctx, || {
        process(candidate, blobs, rules, ctx)
    })
}

/// One bad file must not end the run: a panic becomes a finding on that file.
pub(crate) fn guarded(
    path: &str,
    rel: &str,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
    process: impl FnOnce() -> FileOutcome,
) -> FileOutcome {
    match catch_unwind(AssertUnwindSafe(process)) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            not_audited(
                SkippedFile::failed(path, rel, Shape::of_name(rel), &detail),
                rules,
                ctx,
            )
        }
    }
}

/// A file that was not audited: a problem for the repository rules (META001), and an entry of
/// the run's `skipped` list.
pub(crate) fn not_audited(file: SkippedFile, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
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
    Some(size_limit(&candidate.rel, head, settings))
}

/// `scan.max-file-size`, or `scan.max-spec-size` for a file that looks like a spec.
fn size_limit(rel: &str, head: Option<&[u8]>, settings: &Settings) -> u64 {
    let shape = match head {
        Some(head) => Shape::of(rel, head),
        None => Shape::of_name(rel),
    };
    if shape == Shape::Spec {
        settings.max_spec_size.max(settings.max_file_size)
    } else {
        settings.max_file_size
    }
}

/// The contents of a git blob (a file tracked but absent from the work tree, a file of the
/// base revision), bounded as a walked file of that name and head would be.
pub(crate) fn blob_content(bytes: Vec<u8>, rel: &str, settings: &Settings) -> Content {
    let size = bytes.len() as u64;
    if size > size_limit(rel, None, settings) && size > size_limit(rel, Some(&bytes), settings) {
        let head = bytes[..bytes.len().min(64 * 1024)].to_vec();
        return Content::TooLarge { size, head };
    }
    discover::classify(bytes, settings.encoding_hint(rel))
}

/// Reads a candidate once: from the work tree, or from the index's blob.
fn read_candidate(candidate: &Candidate, blobs: &IndexBlobs, settings: &Settings) -> Content {
    let hint = settings.encoding_hint(&candidate.rel);
    let limit = limit_for(candidate, None, settings);
    let content = match candidate.origin {
        Origin::Index { repo, oid } => {
            return match blobs.read(repo, &oid) {
                Ok(bytes) => blob_content(bytes, &candidate.rel, settings),
                Err(error) => Content::Unreadable(format!(
                    "tracked but not in the work tree, and its blob cannot be read: {error}"
                )),
            }
        }
        Origin::WorkTree | Origin::Named => discover::read(&candidate.fs_path, limit, hint),
    };
    // Over the limit for other files, but its first bytes say it is a spec: its own limit.
    if let Content::TooLarge { size, head } = &content {
        let spec_limit = limit_for(candidate, Some(head), settings);
        if spec_limit.is_some_and(|spec_limit| *size <= spec_limit) && spec_limit != limit {
            return discover::read(&candidate.fs_path, spec_limit, hint);
        }
    }
    content
}

fn process(candidate: &Candidate, blobs: &IndexBlobs, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> FileOutcome {
    let read = timings::phase(Stage::Read);
    let content = read_candidate(candidate, blobs, ctx.settings);
    drop(read);
    let file = FileName {
        path: &candidate.path,
        rel: &candidate.rel,
        fs_path: &candidate.fs_path,
    };
    audit_content(file, content, None, rules, ctx)
}

/// The names of a file being audited: as reported, relative to its root, and where its
/// neighbours are looked for.
pub(crate) struct FileName<'a> {
    pub(crate) path: &'a str,
    pub(crate) rel: &'a str,
    pub(crate) fs_path: &'a std::path::Path,
}

/// The per-file phase on what reading a file gave. The file's neighbours (`$ref`'d files,
/// includes) come from `files`, or the disk.
pub(crate) fn audit_content(
    name: FileName<'_>,
    content: Content,
    files: Option<Arc<dyn FileSource>>,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> FileOutcome {
    let settings = ctx.settings;
    let FileName { path, rel, fs_path } = name;
    let (file, lossy) = match content {
        Content::Text { text, encoding } => (
            SourceFile::decoded(
                path.to_string(),
                rel.to_string(),
                fs_path.to_path_buf(),
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
            let file = SourceFile::new(path.to_string(), rel.to_string(), fs_path.to_path_buf(), text);
            (
                file,
                Some((invalid_at, SkippedFile::undecodable(path, rel, shape, &why))),
            )
        }
        Content::Binary(bytes) => {
            let input = BinaryInput {
                path: path.to_string(),
                rel: rel.to_string(),
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
        return audit_text(Arc::new(file), None, files, rules, ctx);
    };
    // Read lossily: the rules still run on what could be read, and the gap is reported.
    let mut outcome = audit_text(Arc::new(file), Some(invalid_at), files, rules, ctx);
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

/// The per-file phase for a text file: every front end that claims it, then the rules. The
/// file's neighbours (`$ref`'d files, includes) come from `files`, or the disk.
pub(crate) fn audit_text(
    file: Arc<SourceFile>,
    invalid_utf8_at: Option<usize>,
    files: Option<Arc<dyn FileSource>>,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> FileOutcome {
    let settings = ctx.settings;
    let mut outcome = FileOutcome::default();
    let mut input = FileInput::new(file);
    input.invalid_utf8_at = invalid_utf8_at;
    input.files = files;
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
            let before = found.len();
            rule.check_spec(spec, ctx, &mut found);
            // The other language's texts go as each rule finishes rather than when the file
            // does: the largest specs have tens of thousands of findings.
            for finding in &mut found[before..] {
                finding.compact(ctx.settings.lang);
            }
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
    // Moved rather than copied when it is the file's first (a large spec's are tens of MB).
    if outcome.raw.is_empty() {
        outcome.raw = found;
    } else {
        outcome.raw.extend(found);
    }
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
