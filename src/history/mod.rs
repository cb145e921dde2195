//! `scan --history[=REV-RANGE]`: the secret rules over every blob of git history. A key deleted
//! in a later commit is still in every clone, so it must be rotated; the audit says so.
//!
//! One `git log --raw` walk (`source::git::HistoryWalk`) tells which commit brought which blob to
//! which path; each distinct blob is then read once from one `git cat-file --batch` stream and
//! scanned on the run's pool, as the stream delivers it, with the same rules and keyword
//! prefilter as the work tree (so nothing holds the whole history in memory). A blob found at
//! several paths is scanned once per kind of path (what the detectors' path limits, the test
//! paths and the file name decide), normally once; its findings are then placed at each path.
//!
//! Findings are kept per fingerprint (rule, root-relative path, the secret's digest), with the
//! oldest commit that holds them at that path; the fingerprint never depends on the commit, so
//! it equals the work tree's for the same secret at the same path, and one baseline entry
//! covers both. `merge` folds history into the work tree's findings: a secret found in both is
//! reported once, from the work tree, carrying its first commit; one that is only in history
//! gets the fix "rotate the credential".
//!
//! Rules: KEY001-KEY004 (private keys, key stores, passwords and secrets, vendor credentials),
//! plus any rule named by its code in `--select` that reads files. KEY005 and KEY006 (weak
//! cryptography and TLS settings) describe code that runs; in history they would report code
//! that no longer does, so they run there only when named.

use crate::catalogue::RuleCode;
use crate::discover::{self, Content};
use crate::error::AppError;
use crate::findings::{HistoryMark, Msg, RawFinding, Suppression, SuppressionKind};
use crate::input::{BinaryInput, FileInput};
use crate::progress::Progress;
pub use crate::report::result::HistorySummary;
use crate::rules::{Ctx, Rule, RULES};
use crate::settings::Settings;
use crate::source::git::{self, History, HistoryWalk, Object, Oid, Repo};
use crate::source::{Pos, SourceFile};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The rules that always run over history when enabled.
pub const HISTORY_RULES: [RuleCode; 4] = [
    RuleCode::KEY001,
    RuleCode::KEY002,
    RuleCode::KEY003,
    RuleCode::KEY004,
];

/// What scanning history found, before it is folded into the work tree's findings.
#[derive(Debug, Default)]
pub struct Scanned {
    /// One finding per fingerprint, with the oldest commit holding it; `in_head` is decided by
    /// `merge`.
    pub findings: Vec<(String, RawFinding)>,
    /// Fingerprints found in a blob at its path in HEAD's tree, and secret keys found in any
    /// blob of HEAD's tree: what is still checked out although the walk of the work tree may
    /// have left the file out (an ignored file that was force-added).
    pub head_fingerprints: HashSet<String>,
    pub head_secrets: HashSet<String>,
    /// META001 notes: a shallow clone, blobs too large to scan.
    pub notes: Vec<RawFinding>,
    pub summary: HistorySummary,
}

/// The rules run over history, given the run's selection.
pub fn rules_for(settings: &Settings) -> Vec<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .filter(|rule| {
            let code = rule.code();
            settings.rule_enabled(code)
                && (HISTORY_RULES.contains(&code) || settings.select.iter().any(|s| s == code.as_str()))
        })
        .collect()
}

/// A root of the run as git sees it: where it is in its repository.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    /// As reports show it (the walk's display path).
    pub(crate) display: String,
    /// From the repository's top, `/`-separated; empty for the top itself.
    pub(crate) prefix: String,
    /// A single file given as a root.
    pub(crate) file: bool,
}

/// The repositories holding `roots`, each with the roots inside it, in the order given;
/// `what` names the feature that needs git in errors.
pub(crate) fn repositories(roots: &[PathBuf], what: &str) -> Result<Vec<(Repo, Vec<Root>)>, AppError> {
    let usage = |error: git::GitError| AppError::Usage(format!("{what}: {error}"));
    let mut repos: Vec<(Repo, Vec<Root>)> = Vec::new();
    for root in roots {
        let repo = Repo::discover(root).map_err(usage)?.ok_or_else(|| {
            AppError::Usage(format!("{what}: {} is not in a git repository", root.display()))
        })?;
        let absolute = root.canonicalize().unwrap_or_else(|_| root.clone());
        let prefix = absolute
            .strip_prefix(&repo.top)
            .map(discover::slash)
            .unwrap_or_default();
        let entry = Root {
            display: discover::slash(root),
            prefix: if prefix == "." { String::new() } else { prefix },
            file: root.is_file(),
        };
        match repos.iter_mut().find(|(known, _)| known.top == repo.top) {
            Some((_, roots)) => roots.push(entry),
            None => repos.push((repo, vec![entry])),
        }
    }
    Ok(repos)
}

impl Root {
    /// The root-relative path of a repository path under this root.
    pub(crate) fn rel<'a>(&self, path: &'a str) -> Option<&'a str> {
        if self.file {
            return (path == self.prefix).then(|| path.rsplit('/').next().unwrap_or(path));
        }
        if self.prefix.is_empty() {
            return Some(path);
        }
        path.strip_prefix(self.prefix.as_str())?.strip_prefix('/')
    }

    /// The path reports show for a root-relative path (as the work tree's walk shows it).
    pub(crate) fn display_path(&self, rel: &str) -> String {
        if self.file {
            self.display.clone()
        } else if self.display == "." || self.display.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{}", self.display.trim_end_matches('/'), rel)
        }
    }
}

/// A blob at one path, with the oldest commit that put it there.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    root: usize,
    path: u32,
    commit: u32,
}

/// The occurrences of one blob that scan alike, scanned once.
#[derive(Debug)]
struct Group {
    occurrences: Vec<Occurrence>,
}

/// Scans the history of the repositories holding the run's roots.
pub fn scan(
    settings: &Settings,
    catalogue: &crate::catalogue::Catalogue,
    pool: &rayon::ThreadPool,
    progress: &Progress,
) -> Result<Scanned, AppError> {
    let Some(scope) = &settings.history else {
        return Ok(Scanned::default());
    };
    let rules = rules_for(settings);
    // The detectors run for the history rules only (not for KEY005/KEY006 unless named).
    let history_settings = Settings {
        select: rules
            .iter()
            .map(|rule| rule.code().as_str().to_string())
            .collect(),
        ignore: Vec::new(),
        ..settings.clone()
    };
    let ctx = Ctx {
        settings: &history_settings,
        catalogue,
        advisories: None,
    };
    let usage = |error: git::GitError| AppError::Usage(format!("--history: {error}"));
    let repos = repositories(&settings.roots, "--history")?;
    let mut scanned = Scanned {
        summary: HistorySummary {
            range: scope.range.clone(),
            rules: rules
                .iter()
                .map(|rule| rule.code().as_str().to_string())
                .collect(),
            ..HistorySummary::default()
        },
        ..Scanned::default()
    };
    let mut best: BTreeMap<String, Candidate> = BTreeMap::new();
    for (repo, roots) in &repos {
        let job = RepoJob {
            repo,
            roots,
            range: scope.range.clone(),
            notes: settings.rule_enabled(RuleCode::META001),
        };
        scan_repo(&job, &rules, &ctx, pool, progress, &mut scanned, &mut best).map_err(usage)?;
    }
    scanned.findings = best
        .into_iter()
        .map(|(fingerprint, candidate)| (fingerprint, candidate.finding))
        .collect();
    Ok(scanned)
}

/// The finding kept for a fingerprint so far, and how old it is.
struct Candidate {
    time: i64,
    /// Walk order (later = older, for equal times), per repository.
    order: u32,
    finding: RawFinding,
}

impl Candidate {
    fn older_than(&self, other: &Candidate) -> bool {
        let key = |c: &Candidate| {
            (
                c.time,
                std::cmp::Reverse(c.order),
                c.finding.location.start,
                c.finding.message.en.clone(),
            )
        };
        key(self) < key(other)
    }
}

/// What reading one object of the stream gave.
enum Read {
    /// Scanned: its size, and what it held.
    Scanned(u64, BlobOutcome),
    TooLarge(Oid),
    /// Not in the repository (a partial clone), or not a blob.
    Missing,
}

/// What one blob gave.
#[derive(Default)]
struct BlobOutcome {
    found: Vec<(String, Candidate)>,
    head_fingerprints: Vec<String>,
    head_secrets: Vec<String>,
}

/// One repository to scan, with the roots of the run inside it.
struct RepoJob<'a> {
    repo: &'a Repo,
    roots: &'a [Root],
    range: Option<String>,
    /// Whether META001 runs (the notes on what history could not cover).
    notes: bool,
}

fn scan_repo(
    job: &RepoJob<'_>,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
    pool: &rayon::ThreadPool,
    progress: &Progress,
    scanned: &mut Scanned,
    best: &mut BTreeMap<String, Candidate>,
) -> Result<(), git::GitError> {
    let (repo, roots) = (job.repo, job.roots);
    let settings = ctx.settings;
    let whole = roots.iter().any(|root| root.prefix.is_empty());
    let walk = HistoryWalk {
        range: job.range.clone(),
        pathspecs: if whole {
            Vec::new()
        } else {
            roots.iter().map(|root| root.prefix.clone()).collect()
        },
    };
    let history = walk.run(repo)?;
    let summary = &mut scanned.summary;
    summary.repositories += 1;
    summary.commits += history.commits.len() as u64;
    if repo.shallow {
        summary.shallow = true;
        if job.notes {
            for root in roots {
                scanned.notes.push(shallow_note(repo, root)?);
            }
        }
    }
    // Which blobs to read, in the walk's order (newest first: git keeps the newest version of a
    // file whole and older ones as deltas against it, so its delta cache serves what follows).
    let mut occurrences: HashMap<Oid, Vec<Occurrence>> = HashMap::new();
    let mut order: Vec<Oid> = Vec::new();
    for change in &history.changes {
        let path = history.path(change);
        let Some(root) = roots.iter().position(|root| root.rel(path).is_some()) else {
            continue;
        };
        let list = occurrences.entry(change.blob).or_default();
        if list.is_empty() {
            order.push(change.blob);
        }
        list.push(Occurrence {
            root,
            path: change.path,
            commit: change.commit,
        });
    }
    // HEAD's files: what is still checked out, whatever ignore files told the tree's walk.
    let head: HashSet<(Oid, u32)> = match repo.list_tree("HEAD") {
        Ok(entries) => {
            let ids: HashMap<&str, u32> = history
                .paths
                .iter()
                .enumerate()
                .map(|(index, path)| (path.as_str(), index as u32))
                .collect();
            entries
                .iter()
                .filter_map(|entry| ids.get(entry.path.as_str()).map(|id| (entry.oid, *id)))
                .collect()
        }
        // No HEAD yet (a repository without commits on its branch): nothing is checked out.
        Err(_) => HashSet::new(),
    };
    let groups: HashMap<Oid, Vec<Group>> = occurrences
        .into_iter()
        .map(|(oid, list)| (oid, group(list, roots, &history, ctx)))
        .collect();
    let counts = progress.counts();
    progress.set_total(counts.total + order.len() as u64);
    // Blobs over the size limit are read past by the stream, never held.
    let stream = git::BlobStream::start(repo, order, settings.max_file_size)?;
    let failure: Mutex<Option<git::GitError>> = Mutex::new(None);
    let read: Vec<Read> = pool.install(|| {
        stream
            .par_bridge()
            .filter_map(|item| {
                progress.audited(false);
                match item {
                    Ok((oid, Object::Bytes(kind, bytes))) if kind == "blob" => {
                        let size = bytes.len() as u64;
                        let list = groups.get(&oid)?;
                        let outcome = scan_blob(oid, bytes, list, roots, &history, &head, rules, ctx);
                        Some(Read::Scanned(size, outcome))
                    }
                    Ok((oid, Object::TooLarge(_))) => Some(Read::TooLarge(oid)),
                    Ok(_) => Some(Read::Missing),
                    Err(error) => {
                        let mut slot = failure.lock().unwrap_or_else(|poison| poison.into_inner());
                        slot.get_or_insert(error);
                        None
                    }
                }
            })
            .collect()
    });
    if let Some(error) = failure.into_inner().unwrap_or_else(|poison| poison.into_inner()) {
        return Err(error);
    }
    let mut outcomes = Vec::with_capacity(read.len());
    let mut too_large: BTreeMap<(usize, u32), u64> = BTreeMap::new();
    for item in read {
        match item {
            Read::Scanned(size, outcome) => {
                summary.blobs += 1;
                summary.bytes += size;
                outcomes.push(outcome);
            }
            Read::TooLarge(oid) => {
                summary.too_large += 1;
                for group in groups.get(&oid).into_iter().flatten() {
                    for occurrence in &group.occurrences {
                        *too_large.entry((occurrence.root, occurrence.path)).or_insert(0) += 1;
                    }
                }
            }
            Read::Missing => summary.missing += 1,
        }
    }
    if job.notes {
        for ((root, path), count) in too_large {
            scanned
                .notes
                .push(too_large_note(&roots[root], &history, path, count, ctx));
        }
    }
    // Each repository's commits are numbered from 0: the order only breaks ties of time within
    // one repository, and fingerprints of two repositories' roots differ by path anyway.
    for outcome in outcomes {
        scanned.head_fingerprints.extend(outcome.head_fingerprints);
        scanned.head_secrets.extend(outcome.head_secrets);
        for (fingerprint, candidate) in outcome.found {
            match best.get(&fingerprint) {
                Some(known) if !candidate.older_than(known) => {}
                _ => {
                    best.insert(fingerprint, candidate);
                }
            }
        }
    }
    Ok(())
}

/// Splits a blob's occurrences into groups that scan alike: same file name, same test-path
/// status and same detectors skipped by path. With a rule other than the KEY family (named in
/// `--select`), whose reading may depend on the whole path, each path is its own group.
fn group(list: Vec<Occurrence>, roots: &[Root], history: &History, ctx: &Ctx<'_>) -> Vec<Group> {
    let settings = ctx.settings;
    let key_only = settings.select.iter().all(|code| code.starts_with("KEY"));
    let mut groups: Vec<(String, Group)> = Vec::new();
    for occurrence in list {
        let path = history
            .paths
            .get(occurrence.path as usize)
            .map_or("", String::as_str);
        let rel = roots[occurrence.root].rel(path).unwrap_or(path);
        let class = if key_only {
            let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
            format!(
                "{name}\0{}\0{:?}",
                settings.test_paths.is_match(rel),
                settings.detectors.skipped_at(rel)
            )
        } else {
            rel.to_string()
        };
        match groups.iter_mut().find(|(known, _)| *known == class) {
            Some((_, group)) => group.occurrences.push(occurrence),
            None => groups.push((
                class,
                Group {
                    occurrences: vec![occurrence],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

#[allow(clippy::too_many_arguments)]
fn scan_blob(
    oid: Oid,
    bytes: Vec<u8>,
    groups: &[Group],
    roots: &[Root],
    history: &History,
    head: &HashSet<(Oid, u32)>,
    rules: &[&dyn Rule],
    ctx: &Ctx<'_>,
) -> BlobOutcome {
    let mut outcome = BlobOutcome::default();
    let mut bytes = Some(bytes);
    for (index, group) in groups.iter().enumerate() {
        let Some(first) = group.occurrences.first() else {
            continue;
        };
        // The last group takes the bytes; others copy them (a blob at two kinds of path).
        let content = if index + 1 == groups.len() {
            bytes.take().unwrap_or_default()
        } else {
            bytes.clone().unwrap_or_default()
        };
        let root = &roots[first.root];
        let repo_path = history.paths.get(first.path as usize).map_or("", String::as_str);
        let rel = root.rel(repo_path).unwrap_or(repo_path).to_string();
        let path = root.display_path(&rel);
        let found = findings_in(content, &path, &rel, rules, ctx);
        if found.is_empty() {
            continue;
        }
        for occurrence in &group.occurrences {
            let Some(commit) = history.commits.get(occurrence.commit as usize) else {
                continue;
            };
            let root = &roots[occurrence.root];
            let repo_path = history
                .paths
                .get(occurrence.path as usize)
                .map_or("", String::as_str);
            let rel = root.rel(repo_path).unwrap_or(repo_path).to_string();
            let path: Arc<str> = root.display_path(&rel).into();
            let shared_rel: Arc<str> = rel.as_str().into();
            let in_head = head.contains(&(oid, occurrence.path));
            for finding in &found {
                let mut finding = finding.clone();
                finding.location.path = path.clone();
                finding.location.rel = shared_rel.clone();
                finding.history = Some(Box::new(HistoryMark {
                    commit: commit.id.to_hex(),
                    date: commit.date.clone(),
                    in_head: false,
                    from_blob: true,
                }));
                let fingerprint = crate::policy::fingerprint(finding.rule, &rel, &finding.key);
                if in_head {
                    outcome.head_fingerprints.push(fingerprint.clone());
                    if finding.key.starts_with("secret:") {
                        outcome.head_secrets.push(finding.key.clone());
                    }
                }
                outcome.found.push((
                    fingerprint,
                    Candidate {
                        time: commit.time,
                        order: occurrence.commit,
                        finding,
                    },
                ));
            }
        }
    }
    outcome
}

/// The findings of the history rules in one blob's content, read as a file at `path`.
fn findings_in(bytes: Vec<u8>, path: &str, rel: &str, rules: &[&dyn Rule], ctx: &Ctx<'_>) -> Vec<RawFinding> {
    let mut out = Vec::new();
    match discover::classify(bytes, ctx.settings.encoding_hint(rel)) {
        Content::Binary(bytes) => {
            let input = BinaryInput {
                path: path.to_string(),
                rel: rel.to_string(),
                bytes,
            };
            for rule in rules {
                rule.check_binary(&input, ctx, &mut out);
            }
        }
        Content::Text { text, encoding } => {
            let file = Arc::new(SourceFile::decoded(
                path.to_string(),
                rel.to_string(),
                PathBuf::from(path),
                text,
                encoding,
            ));
            let input = FileInput::new(file);
            for rule in rules {
                rule.check_file(&input, ctx, &mut out);
            }
            input.mask_found_secrets(&mut out);
            // The blob's own `apiaudit:ignore` comments apply to it, as in the work tree: one
            // that META002 would reject (no reason, unknown rule) suppresses nothing.
            for finding in &mut out {
                let line = finding.location.start.line;
                if let Some(comment) = input.comments.iter().find(|c| {
                    c.covers(finding.rule.as_str(), line) && crate::policy::applies(c, ctx.catalogue)
                }) {
                    finding.suppressed = Some(Suppression {
                        kind: SuppressionKind::Inline,
                        reason: comment.reason.clone().unwrap_or_default(),
                    });
                }
            }
        }
        // History reads what the text rules can: a blob in no known encoding, lossily.
        Content::Undecodable { text, .. } => {
            let file = Arc::new(SourceFile::new(
                path.to_string(),
                rel.to_string(),
                PathBuf::from(path),
                text,
            ));
            let input = FileInput::new(file);
            for rule in rules {
                rule.check_file(&input, ctx, &mut out);
            }
            input.mask_found_secrets(&mut out);
        }
        Content::TooLarge { .. } | Content::Unreadable(_) => {}
    }
    out
}

/// META001 on a root whose repository is a shallow clone.
fn shallow_note(repo: &Repo, root: &Root) -> Result<RawFinding, git::GitError> {
    let boundary = repo.shallow_boundary()?;
    let cut: Vec<String> = boundary.iter().map(|id| id.to_hex()[..10].to_string()).collect();
    let cut = cut.join(", ");
    Ok(RawFinding::at_pos(
        RuleCode::META001,
        &root.display,
        "",
        Pos { line: 1, col: 1 },
        Msg::new(
            format!(
                "history not fully audited: this is a shallow clone, cut at {cut}; secrets committed before that were not scanned (fetch the full history with `git fetch --unshallow` and scan again)"
            ),
            format!(
                "历史未完整审计：当前为浅克隆，截止于 {cut}；此前提交的密钥未被扫描（请用 `git fetch --unshallow` 获取完整历史后重新扫描）"
            ),
        ),
    )
    .with_key("history-shallow"))
}

/// META001 on a path whose versions in history were too large to scan.
fn too_large_note(root: &Root, history: &History, path: u32, count: u64, ctx: &Ctx<'_>) -> RawFinding {
    let repo_path = history.paths.get(path as usize).map_or("", String::as_str);
    let rel = root.rel(repo_path).unwrap_or(repo_path);
    let limit = ctx.settings.max_file_size / crate::settings::MIB;
    RawFinding::at_pos(
        RuleCode::META001,
        &root.display_path(rel),
        rel,
        Pos { line: 1, col: 1 },
        Msg::new(
            format!("not audited in history: {count} version(s) of this file are larger than scan.max-file-size ({limit} MiB)"),
            format!("历史中未审计：该文件有 {count} 个版本大于 scan.max-file-size（{limit} MiB）"),
        ),
    )
    .with_key("history-too-large")
}

/// The fix of a secret that is only in history.
pub fn rotate_help() -> Msg {
    Msg::new(
        "rotate the credential; rewriting history does not revoke it",
        "轮换该凭据；改写 Git 历史并不能使其失效",
    )
}

/// Folds history into the work tree's findings: a work-tree finding whose fingerprint history
/// also has carries its first commit (and is still in HEAD); the other history findings are
/// returned, with `in_head` saying whether their secret is still checked out (at any path) and,
/// when it is not, the fix to rotate it.
pub fn merge(tree: &mut [RawFinding], scanned: Scanned) -> Vec<RawFinding> {
    let mut history: HashMap<String, RawFinding> = scanned.findings.into_iter().collect();
    let mut tree_fingerprints = HashSet::new();
    let mut tree_secrets: HashSet<String> = HashSet::new();
    for finding in tree.iter_mut() {
        if finding.key.starts_with("secret:") {
            tree_secrets.insert(finding.key.clone());
        }
        let fingerprint = crate::policy::fingerprint(finding.rule, &finding.location.rel, &finding.key);
        if let Some(found) = history.get(&fingerprint) {
            finding.history = found.history.clone().map(|mark| {
                Box::new(HistoryMark {
                    in_head: true,
                    from_blob: false,
                    ..*mark
                })
            });
        }
        tree_fingerprints.insert(fingerprint);
    }
    let mut rest: Vec<(String, RawFinding)> = history
        .drain()
        .filter(|(fingerprint, _)| !tree_fingerprints.contains(fingerprint))
        .collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    rest.into_iter()
        .map(|(fingerprint, mut finding)| {
            let in_head = scanned.head_fingerprints.contains(&fingerprint)
                || (finding.key.starts_with("secret:")
                    && (tree_secrets.contains(&finding.key) || scanned.head_secrets.contains(&finding.key)));
            if let Some(mark) = &mut finding.history {
                mark.in_head = in_head;
            }
            if !in_head {
                finding.help = Some(Arc::new(rotate_help()));
            }
            finding
        })
        .collect()
}

/// Where a path is shown: used by tests of roots.
#[cfg(test)]
fn root_at(display: &str, prefix: &str, file: bool) -> Root {
    Root {
        display: display.into(),
        prefix: prefix.into(),
        file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_map_repository_paths_as_the_tree_walk_does() {
        let top = root_at(".", "", false);
        assert_eq!(top.rel("a/b.txt"), Some("a/b.txt"));
        assert_eq!(top.display_path("a/b.txt"), "a/b.txt");
        let sub = root_at("repo/svc", "svc", false);
        assert_eq!(sub.rel("svc/app.yml"), Some("app.yml"));
        assert_eq!(sub.rel("svcx/app.yml"), None);
        assert_eq!(sub.rel("other/app.yml"), None);
        assert_eq!(sub.display_path("app.yml"), "repo/svc/app.yml");
        let file = root_at("repo/.env", ".env", true);
        assert_eq!(file.rel(".env"), Some(".env"));
        assert_eq!(file.rel("x/.env"), None);
        assert_eq!(file.display_path(".env"), "repo/.env");
    }

    #[test]
    fn only_secret_rules_run_over_history_unless_named() {
        let settings = Settings::default();
        let mut codes: Vec<RuleCode> = rules_for(&settings).iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        assert_eq!(codes, HISTORY_RULES);
        let named = Settings {
            select: vec!["KEY".into(), "KEY005".into()],
            ..Settings::default()
        };
        let codes: Vec<RuleCode> = rules_for(&named).iter().map(|r| r.code()).collect();
        assert!(codes.contains(&RuleCode::KEY005) && !codes.contains(&RuleCode::KEY006));
    }

    fn raw(rule: RuleCode, rel: &str, key: &str, commit: &str) -> RawFinding {
        let mut finding =
            RawFinding::at_pos(rule, rel, rel, Pos { line: 3, col: 1 }, Msg::same("m")).with_key(key);
        if !commit.is_empty() {
            finding.history = Some(Box::new(HistoryMark {
                commit: commit.into(),
                date: "2024-01-02T03:04:05+08:00".into(),
                in_head: false,
                from_blob: true,
            }));
        }
        finding
    }

    #[test]
    fn merge_marks_work_tree_findings_and_keeps_history_only_ones() {
        let in_both = raw(RuleCode::KEY003, "app.yml", "secret:aaa", "c1");
        let moved = raw(RuleCode::KEY003, "old.yml", "secret:bbb", "c2");
        let gone = raw(RuleCode::KEY004, "gone.env", "secret:ccc", "c3");
        let fp = |f: &RawFinding| crate::policy::fingerprint(f.rule, &f.location.rel, &f.key);
        let scanned = Scanned {
            findings: vec![
                (fp(&in_both), in_both.clone()),
                (fp(&moved), moved.clone()),
                (fp(&gone), gone.clone()),
            ],
            ..Scanned::default()
        };
        let mut tree = vec![
            raw(RuleCode::KEY003, "app.yml", "secret:aaa", ""),
            raw(RuleCode::KEY003, "new.yml", "secret:bbb", ""),
        ];
        let rest = merge(&mut tree, scanned);
        let mark = tree[0].history.clone().unwrap_or_else(|| panic!("marked"));
        assert_eq!(
            (mark.commit.as_str(), mark.in_head, mark.from_blob),
            ("c1", true, false)
        );
        assert!(
            tree[1].history.is_none(),
            "new.yml has no history of its own in this case"
        );
        assert_eq!(rest.len(), 2);
        let by_path = |p: &str| {
            rest.iter()
                .find(|f| &*f.location.rel == p)
                .unwrap_or_else(|| panic!("{p}"))
        };
        // Moved: still checked out elsewhere, so nothing to rotate yet beyond the rule's fix.
        assert_eq!(by_path("old.yml").history.as_ref().map(|m| m.in_head), Some(true));
        assert_eq!(by_path("old.yml").help, None);
        assert_eq!(
            by_path("gone.env").history.as_ref().map(|m| m.in_head),
            Some(false)
        );
        assert_eq!(by_path("gone.env").help.as_deref(), Some(&rotate_help()));
    }
}
