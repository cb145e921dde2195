//! `apiaudit review --base REV`: what a change does to the interfaces. The estate at REV is
//! read from git (never checked out: `tree`) and goes through the same per-file phase, front
//! ends, model and rules as the working tree; the working tree is then audited with the change
//! rules comparing the two (`audit::run_compared`).
//!
//! The base is the merge base of REV and HEAD in each repository (what a branch changed is
//! measured from where it forked, as `--changed-since` does). The report keeps the change
//! rules' findings and the findings whose fingerprints the base did not have; the others are
//! counted, not listed. `ReviewInfo` carries the interface changelog (接口变更清单) and the
//! counts. `inventory --base` reads the same comparison without running rules.

mod tree;

use crate::audit::{self, guarded, per_file, AuditReport, FileName, FileOutcome, Gathered};
use crate::catalogue::Catalogue;
use crate::discover::{Content, FileSource};
use crate::error::AppError;
use crate::model::change::{ChangeKind, ChangeSet};
use crate::model::InventoryEntry;
use crate::policy::baseline::Baseline;
use crate::policy::Gate;
use crate::progress::{Phase, Progress};
use crate::report::result::ReviewInfo;
use crate::settings::Settings;
use crate::source::git::GitError;
use std::sync::Arc;
use tree::{BaseFile, GitTree};

/// The two revisions, each audited, and matched.
pub struct Compared {
    pub base: AuditReport,
    pub head: AuditReport,
    pub change: ChangeSet,
    /// The revision as given, and the commit compared with in each repository.
    pub rev: String,
    pub commits: Vec<String>,
}

/// Audits the estate at `rev` and the working tree (whose report `gate` narrows), and matches
/// their operations. A revision that is not a commit is a usage error that names it.
pub fn compare(
    settings: &Settings,
    catalogue: &Catalogue,
    progress: &Progress,
    rev: &str,
    gate: Gate,
) -> Result<Compared, AppError> {
    let settings = Settings {
        contracts: true,
        ..settings.clone()
    };
    let (base, commits) = audit_base(&settings, catalogue, progress, rev)?;
    let head = audit::run_compared(
        &settings,
        catalogue,
        progress,
        gate,
        Some(&base.portfolio.contracts),
    )?;
    let change = ChangeSet::compare(base.portfolio.contracts.clone(), head.portfolio.contracts.clone());
    Ok(Compared {
        base,
        head,
        change,
        rev: rev.to_string(),
        commits,
    })
}

/// `review`: the working tree's report, with the change rules' findings and only the other
/// findings the base did not have, and the changelog.
pub fn review(
    settings: &Settings,
    catalogue: &Catalogue,
    progress: &Progress,
    rev: &str,
    gate: Gate,
) -> Result<AuditReport, AppError> {
    let Compared {
        base,
        mut head,
        change,
        rev,
        commits,
    } = compare(settings, catalogue, progress, rev, gate)?;
    // What the base already had is not the change's doing: hidden by fingerprint, as a
    // baseline hides it; the base's findings the head no longer has are the fixed ones.
    let known = Baseline::from_findings(&base.findings, settings.lang);
    let mut already = Vec::new();
    let applied = known.apply(&rev, &mut head.findings, &mut already, settings.lang, |_| true);
    let changelog = change.changelog();
    // Operations as the changelog counts them (a path written twice is one).
    let operations = |report: &AuditReport| {
        report
            .portfolio
            .contracts
            .iter()
            .map(|spec| spec.operations.len() as u64)
            .sum::<u64>()
    };
    let count = |kind: ChangeKind| changelog.iter().filter(|entry| entry.change == kind).count() as u64;
    head.review = Some(ReviewInfo {
        base: rev.clone(),
        commits,
        base_operations: operations(&base),
        operations: operations(&head),
        added: count(ChangeKind::Added),
        removed: count(ChangeKind::Removed),
        deprecated: count(ChangeKind::Deprecated),
        changed: count(ChangeKind::Changed),
        new_findings: head.findings.len() as u64,
        unchanged_findings: applied.suppressed,
        fixed_findings: applied.stale.len() as u64,
        changelog,
    });
    head.recount();
    Ok(head)
}

/// `inventory --base`: the working tree's inventory with each entry marked added, changed or
/// deprecated (unchanged ones unmarked), then the base's entries the working tree no longer
/// has, marked removed.
pub fn inventory_changes(compared: &Compared) -> Vec<(Option<ChangeKind>, InventoryEntry)> {
    let changelog = compared.change.changelog();
    let key = |spec: &str, method: &str, path: &str| (spec.to_string(), method.to_string(), path.to_string());
    let mut marks = std::collections::HashMap::new();
    for entry in &changelog {
        let op = &entry.operation;
        if entry.change != ChangeKind::Removed {
            marks.insert(key(&op.spec, &op.method, &op.path), entry.change);
        }
    }
    let mut out: Vec<(Option<ChangeKind>, InventoryEntry)> = compared
        .head
        .portfolio
        .interfaces
        .iter()
        .map(|entry| {
            let mark = marks.get(&key(&entry.spec, &entry.method, &entry.path)).copied();
            (mark, entry.clone())
        })
        .collect();
    for entry in changelog
        .iter()
        .filter(|entry| entry.change == ChangeKind::Removed)
    {
        let op = &entry.operation;
        if let Some(found) = compared.base.portfolio.interfaces.iter().find(|candidate| {
            *candidate.spec == *op.spec && candidate.method == op.method && candidate.path == op.path
        }) {
            out.push((Some(ChangeKind::Removed), found.clone()));
        }
    }
    out
}

/// Audits the estate at `rev` (the merge base of `rev` and HEAD in each repository holding a
/// root): its report, and the commits read.
fn audit_base(
    settings: &Settings,
    catalogue: &Catalogue,
    progress: &Progress,
    rev: &str,
) -> Result<(AuditReport, Vec<String>), AppError> {
    progress.set_phase(Phase::Walking);
    let repos = crate::history::repositories(&settings.roots, "review --base")?;
    let mut files: Vec<(Arc<GitTree>, BaseFile)> = Vec::new();
    let mut commits = Vec::new();
    for (repo, roots) in &repos {
        let commit = repo
            .resolve_commit(rev)
            .map_err(|GitError(message)| AppError::Usage(format!("review --base: {message}")))?;
        let base = repo
            .merge_base_with_head(&commit)
            .map_err(|error| AppError::Usage(format!("review --base: {error}")))?
            .unwrap_or(commit);
        commits.push(base.to_hex());
        let (tree, listed) = tree::base_files(repo, roots, &base, settings)?;
        files.extend(listed.into_iter().map(|file| (tree.clone(), file)));
    }
    files.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    files.dedup_by(|a, b| a.1.path == b.1.path);
    progress.set_total(files.len() as u64);
    progress.set_phase(Phase::Auditing);
    let run = audit::Run::new(settings, catalogue, false)?;
    let database = settings
        .advisories
        .as_deref()
        .filter(|_| settings.rule_enabled(crate::catalogue::RuleCode::DEP001));
    let ctx = run.file_ctx();
    let rules = run.file_rules();
    let sizes: Vec<u64> = files.iter().map(|(_, file)| file.size).collect();
    let (advisories, outcomes) = run.pool.install(|| {
        rayon::join(
            || database.map(crate::frontend::osv::AdvisoryDb::load).transpose(),
            || {
                per_file(&sizes, progress, |index| {
                    let (tree, file) = &files[index];
                    guarded(&file.path, &file.rel, rules, &ctx, || {
                        process(tree, file, rules, &ctx)
                    })
                })
            },
        )
    });
    let advisories = advisories.map_err(|error| AppError::Usage(error.0))?;
    let mut gathered = Gathered::default();
    gathered.collect(outcomes);
    let report = run.finish(gathered, Gate::default(), advisories, None);
    Ok((report, commits))
}

/// The per-file phase for one file of the revision, read from its blob and bounded as the
/// same file in the work tree would be.
fn process(
    tree: &Arc<GitTree>,
    file: &BaseFile,
    rules: &[&'static dyn crate::rules::Rule],
    ctx: &crate::rules::Ctx<'_>,
) -> FileOutcome {
    let settings = ctx.settings;
    // Over every limit: not read at all.
    let content = if file.size > settings.max_spec_size.max(settings.max_file_size) {
        Content::TooLarge {
            size: file.size,
            head: Vec::new(),
        }
    } else {
        match tree.blob(&file.oid) {
            Ok(Some(bytes)) => audit::blob_content(bytes, &file.rel, ctx.settings),
            Ok(None) => Content::Unreadable(
                "the repository does not have this file's contents at the base revision".to_string(),
            ),
            Err(error) => Content::Unreadable(error.to_string()),
        }
    };
    let name = FileName {
        path: &file.path,
        rel: &file.rel,
        fs_path: &file.tree_path,
    };
    let files: Arc<dyn FileSource> = tree.clone();
    audit::audit_content(name, content, Some(files), rules, ctx)
}
