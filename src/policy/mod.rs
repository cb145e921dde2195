//! Policy: the one place that turns what rules detected into what reports print, in one pass
//! (`settle`). It removes duplicates and sorts, computes fingerprints, settles each finding's
//! severity (catalogue default, data, config override), applies every kind of suppression
//! (`x-apiaudit-ignore` in specs, `apiaudit:ignore` comments), reports the suppressions that
//! suppressed nothing (META003), then narrows what is reported (`--changed-since`) and hides what
//! a baseline accepted. Output is the same whatever the thread count.

pub mod baseline;
pub mod changed;
pub mod compare;

use crate::catalogue::{Catalogue, RuleCode};
use crate::findings::{Finding, RawFinding, Suppression, SuppressionKind};
use crate::model::spec::SpecIgnore;
use crate::rules::meta::unused_suppression::{self, Unused};
use crate::rules::Ctx;
use crate::settings::{FailOn, Settings};
use crate::source::comments::IgnoreComment;
use crate::source::SourceFile;
use baseline::{Baseline, BaselineSummary};
use changed::{ChangedFiles, ChangedSummary};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Findings after policy, split into reported and suppressed, with what the gates did.
#[derive(Debug, Default, Clone)]
pub struct Settled {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Finding>,
    pub baseline: Option<BaselineSummary>,
    pub changed_since: Option<ChangedSummary>,
}

/// Every suppression of the run: the inline comments of each file, and the `x-apiaudit-ignore`
/// entries of each spec.
#[derive(Default)]
pub struct Suppressions {
    /// By file path: the file (for META003's evidence) and its comments.
    pub comments: HashMap<String, (Option<Arc<SourceFile>>, Vec<IgnoreComment>)>,
    /// By the path of the spec's root document.
    pub specs: HashMap<Arc<str>, SpecIgnores>,
}

/// The `x-apiaudit-ignore` entries of one spec.
#[derive(Default)]
pub struct SpecIgnores {
    pub document: Vec<SpecIgnore>,
    /// By operation (method, path).
    pub operations: HashMap<(String, String), Vec<SpecIgnore>>,
    /// By shared place (a component, a path item, a referenced file: `SpecPlace::key`).
    pub places: HashMap<String, Vec<SpecIgnore>>,
}

impl SpecIgnores {
    /// Every entry, in no particular order.
    fn all(&self) -> impl Iterator<Item = &SpecIgnore> {
        self.document
            .iter()
            .chain(self.operations.values().flatten())
            .chain(self.places.values().flatten())
    }
}

impl Suppressions {
    /// Adds the comments of one file (files are absorbed in path order).
    pub fn add_comments(
        &mut self,
        file: Option<Arc<SourceFile>>,
        path: String,
        comments: Vec<IgnoreComment>,
    ) {
        if !comments.is_empty() {
            self.comments.insert(path, (file, comments));
        }
    }
}

/// What narrows the report after the findings are settled.
#[derive(Default)]
pub struct Gate {
    /// `--baseline`: the file as given, and its entries.
    pub baseline: Option<(String, Baseline)>,
    /// `--changed-since`: the revision, and the files changed since.
    pub changed: Option<(String, ChangedFiles)>,
}

pub fn fingerprint(rule: RuleCode, rel: &str, key: &str) -> String {
    fingerprint_text(fingerprint_bits(rule, rel, key))
}

/// The fingerprint as a number: the first 8 bytes of the digest, big-endian. Settling an
/// estate holds one per finding, and a number takes no allocation.
fn fingerprint_bits(rule: RuleCode, rel: &str, key: &str) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(rel.as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// A fingerprint's 16 hex digits.
fn fingerprint_text(bits: u64) -> String {
    format!("{bits:016x}")
}

/// Whether a suppression's rule list (codes, family prefixes or `ALL`) names `rule`.
fn names(rules: &[String], rule: RuleCode) -> bool {
    rules
        .iter()
        .any(|r| r == "ALL" || rule.as_str().starts_with(r.as_str()))
}

/// Whether an inline suppression is applied at all: it gives a reason and names only known
/// rules. One that META002 rejects suppresses nothing, on its own line or the next.
pub fn applies(comment: &IgnoreComment, catalogue: &Catalogue) -> bool {
    comment.reason.is_some() && comment.rules.iter().all(|rule| catalogue.is_selector(rule))
}

/// The suppression that covers a raw finding, if any, marking the suppression used.
/// A raw finding as the report shows it: its severity and basis decided, its fingerprint
/// numbered (`repeat` earlier findings share its `base`).
fn settle_one(
    finding: RawFinding,
    base: u64,
    repeat: usize,
    settings: &Settings,
    catalogue: &Catalogue,
) -> Finding {
    let fingerprint = if repeat == 0 {
        fingerprint_text(base)
    } else {
        format!("{}-{repeat}", fingerprint_text(base))
    };
    let meta = catalogue.get(finding.rule);
    let severity = settings
        .severity
        .get(&finding.rule)
        .copied()
        .or(finding.severity)
        .unwrap_or(meta.severity);
    Finding {
        rule: finding.rule,
        severity,
        message: finding.message,
        path: finding.location.path,
        line: finding.location.start.line,
        column: finding.location.start.col,
        end_line: finding.location.end.line,
        end_column: finding.location.end.col,
        basis: meta.basis,
        operation: finding.operation,
        fingerprint,
        help: finding.help,
        snippet: finding.snippet,
        suppression: finding.suppressed,
        commit: finding.history.as_ref().map(|mark| mark.commit.clone()),
        commit_date: finding.history.as_ref().map(|mark| mark.date.clone()),
        in_head: finding.history.as_ref().map(|mark| mark.in_head),
    }
}

/// Puts `items` in `order` (`order[i]` is the position of the item that goes to `i`, each
/// position once), in place: one swap per misplaced item, following the permutation's cycles.
pub(crate) fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut current = start;
        while order[current] != current {
            let next = order[current];
            order[current] = current;
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

/// The commit of a history finding, to order findings that differ only by it.
fn history_commit(finding: &RawFinding) -> Option<&str> {
    finding.history.as_ref().map(|mark| mark.commit.as_str())
}

/// The suppression that covers a raw finding, if any, marking the suppression used.
fn suppression_of(
    finding: &RawFinding,
    suppressions: &Suppressions,
    used: &Used,
    catalogue: &Catalogue,
) -> Option<Suppression> {
    if let Some(ignores) = finding
        .spec
        .as_ref()
        .and_then(|spec| suppressions.specs.get(spec))
    {
        {
            // An operation's entries cover what is written in it and what only it uses; a
            // place several operations share is suppressed where it is written.
            let on_place = finding
                .place
                .as_ref()
                .and_then(|place| ignores.places.get(&place.key))
                .into_iter()
                .flatten();
            let on_operation = finding
                .operation
                .as_ref()
                .filter(|_| !finding.place.as_ref().is_some_and(|place| place.shared))
                .and_then(|operation| {
                    ignores
                        .operations
                        .get(&(operation.method.clone(), operation.path.clone()))
                })
                .into_iter()
                .flatten();
            let matched = on_place
                .chain(on_operation)
                .chain(ignores.document.iter())
                .find(|ignore| names(std::slice::from_ref(&ignore.rule), finding.rule));
            if let Some(ignore) = matched {
                used.mark_spec(ignore);
                return Some(Suppression {
                    kind: SuppressionKind::Spec,
                    reason: ignore.reason.clone(),
                });
            }
        }
    }
    let line = finding.location.start.line;
    let (_, comments) = suppressions.comments.get(&*finding.location.path)?;
    let (index, comment) = comments
        .iter()
        .enumerate()
        .find(|(_, c)| c.covers(finding.rule.as_str(), line) && applies(c, catalogue))?;
    used.mark_comment(&finding.location.path, index);
    Some(Suppression {
        kind: SuppressionKind::Inline,
        reason: comment.reason.clone().unwrap_or_default(),
    })
}

/// Which suppressions suppressed something: one flag per comment and per spec entry.
struct Used {
    comments: HashMap<String, Vec<AtomicBool>>,
    specs: HashMap<(String, u32), AtomicBool>,
}

impl Used {
    fn new(suppressions: &Suppressions) -> Used {
        let comments = suppressions
            .comments
            .iter()
            .map(|(path, (_, list))| {
                (
                    path.clone(),
                    list.iter().map(|_| AtomicBool::new(false)).collect(),
                )
            })
            .collect();
        let specs = suppressions
            .specs
            .values()
            .flat_map(SpecIgnores::all)
            .map(|ignore| {
                (
                    (ignore.file.path.clone(), ignore.span.start),
                    AtomicBool::new(false),
                )
            })
            .collect();
        Used { comments, specs }
    }

    fn mark_comment(&self, path: &str, index: usize) {
        if let Some(flag) = self.comments.get(path).and_then(|flags| flags.get(index)) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    fn mark_spec(&self, ignore: &SpecIgnore) {
        if let Some(flag) = self.specs.get(&(ignore.file.path.clone(), ignore.span.start)) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    fn comment_used(&self, path: &str, index: usize) -> bool {
        self.comments
            .get(path)
            .and_then(|flags| flags.get(index))
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    fn spec_used(&self, ignore: &SpecIgnore) -> bool {
        self.specs
            .get(&(ignore.file.path.clone(), ignore.span.start))
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
}

/// Settles raw findings into the report's findings, in one pass.
pub fn settle(
    mut raw: Vec<RawFinding>,
    suppressions: &Suppressions,
    gate: Gate,
    settings: &Settings,
    catalogue: &Catalogue,
) -> Settled {
    let used = Used::new(suppressions);
    if !suppressions.comments.is_empty() || !suppressions.specs.is_empty() {
        raw.par_iter_mut().for_each(|finding| {
            // A blob of history had its own comments applied when it was scanned; the work
            // tree's comments say nothing about it.
            let from_blob = finding.history.as_ref().is_some_and(|mark| mark.from_blob);
            if finding.suppressed.is_none() && !from_blob {
                finding.suppressed = suppression_of(finding, suppressions, &used, catalogue);
            }
        });
        if settings.rule_enabled(RuleCode::META003) {
            let ctx = Ctx {
                settings,
                catalogue,
                advisories: None,
            };
            let mut unused = unused_suppressions(suppressions, &used, &ctx);
            for finding in &mut unused {
                finding.suppressed = suppression_of(finding, suppressions, &used, catalogue);
            }
            raw.extend(unused);
        }
    }
    // In parallel (stable, so the order is the same whatever the thread count): a run over a
    // whole spec directory settles hundreds of thousands of findings after the parallel phase.
    // Ties are broken by the message in the report's language, as reports list them.
    let lang = settings.lang;
    // The positions are sorted, not the findings: a parallel merge sort of the findings
    // themselves takes a second buffer as large as the list.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (a, b) = (&raw[a], &raw[b]);
        (&a.location.path, a.location.start, a.rule, a.message.get(lang))
            .cmp(&(&b.location.path, b.location.start, b.rule, b.message.get(lang)))
            .then_with(|| history_commit(a).cmp(&history_commit(b)))
    });
    permute(&mut raw, order);
    // A finding of history and one of the work tree on the same line are two findings (the
    // same secret in both was merged into one before).
    raw.dedup_by(|a, b| {
        a.rule == b.rule
            && a.location.path == b.location.path
            && a.location.start == b.location.start
            && a.message.get(lang) == b.message.get(lang)
            && a.history == b.history
    });
    let bases: Vec<u64> = raw
        .par_iter()
        .map(|finding| fingerprint_bits(finding.rule, &finding.location.rel, &finding.key))
        .collect();
    // Numbering repeats is serial: it depends on order.
    let repeats: Vec<usize> = {
        let mut occurrences: HashMap<u64, usize> = HashMap::with_capacity(bases.len());
        bases
            .iter()
            .map(|base| {
                let count = occurrences.entry(*base).or_insert(0);
                *count += 1;
                *count - 1
            })
            .collect()
    };
    // Converted in place: a settled finding is no larger than a raw one, so the standard
    // library's in-place collection writes each into the raw list's own memory. Collecting
    // into a second list (even a chunk at a time) held both at once: about 100 MB more for an
    // estate of 365,000 findings.
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .zip(bases.into_iter().zip(repeats))
        .map(|(finding, (base, repeat))| settle_one(finding, base, repeat, settings, catalogue))
        .collect();
    // Taken out in place: an estate's findings are not copied into a second list.
    let mut suppressed: Vec<Finding> = findings
        .extract_if(.., |finding| finding.suppression.is_some())
        .collect();
    let mut settled = Settled::default();
    let rules_run = |rule: &str| RuleCode::parse(rule).is_some_and(|code| settings.rule_enabled(code));
    match gate.changed {
        Some((rev, mut files)) => {
            let hidden =
                changed::restrict(&mut findings, &mut files) + changed::restrict(&mut suppressed, &mut files);
            if let Some((file, baseline)) = &gate.baseline {
                settled.baseline =
                    Some(
                        baseline.apply(file, &mut findings, &mut suppressed, lang, |entry| {
                            rules_run(&entry.rule) && files.contains(&entry.path)
                        }),
                    );
            }
            settled.changed_since = Some(ChangedSummary {
                rev,
                files: files.len() as u64,
                hidden,
            });
        }
        None => {
            if let Some((file, baseline)) = &gate.baseline {
                settled.baseline =
                    Some(
                        baseline.apply(file, &mut findings, &mut suppressed, lang, |entry| {
                            rules_run(&entry.rule)
                        }),
                    );
            }
        }
    }
    settled.findings = findings;
    settled.suppressed = suppressed;
    settled
}

/// META003: suppressions that suppressed nothing. Ones META002 rejected (no reason, an unknown
/// rule) are that rule's concern, and ones whose rules did not run (`--select`, `--ignore`) could not have
/// suppressed anything this run: neither is reported. Suppressions carried in `merge` inputs
/// (no file) were judged by their own scan.
fn unused_suppressions(suppressions: &Suppressions, used: &Used, ctx: &Ctx<'_>) -> Vec<RawFinding> {
    let settings = ctx.settings;
    let ran = |rules: &[String]| {
        RuleCode::ALL
            .iter()
            .any(|code| settings.rule_enabled(*code) && names(rules, *code))
    };
    let mut unused = Vec::new();
    let mut paths: Vec<&String> = suppressions.comments.keys().collect();
    paths.sort();
    for path in paths {
        let (file, comments) = &suppressions.comments[path];
        let Some(file) = file else {
            continue;
        };
        for (index, comment) in comments.iter().enumerate() {
            if !applies(comment, ctx.catalogue) || used.comment_used(path, index) || !ran(&comment.rules) {
                continue;
            }
            unused.push(Unused::Comment {
                file,
                span: comment.span,
                rules: comment.rules.join(","),
            });
        }
    }
    let mut specs: Vec<(&Arc<str>, &SpecIgnores)> = suppressions.specs.iter().collect();
    specs.sort_by(|a, b| a.0.cmp(b.0));
    for (_, ignores) in specs {
        let mut entries: Vec<&SpecIgnore> = ignores.all().collect();
        entries.sort_by(|a, b| (&a.file.path, a.span.start).cmp(&(&b.file.path, b.span.start)));
        for ignore in entries {
            if used.spec_used(ignore) || !ran(std::slice::from_ref(&ignore.rule)) {
                continue;
            }
            unused.push(Unused::SpecEntry {
                file: &ignore.file,
                span: ignore.span,
                rule: &ignore.rule,
            });
        }
    }
    let mut out = Vec::new();
    unused_suppression::report(&unused, &mut out);
    out
}

/// Whether the run fails (exit 1) under `--fail-on`.
pub fn fails(findings: &[Finding], fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::At(threshold) => findings.iter().any(|f| f.severity >= threshold),
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_puts_items_in_order() {
        // Every permutation of five items (cycles of every length, fixed points).
        let mut order: Vec<usize> = (0..5).collect();
        let mut count = 0;
        loop {
            let items: Vec<char> = "abcde".chars().collect();
            let expected: Vec<char> = order.iter().map(|&i| items[i]).collect();
            let mut permuted = items.clone();
            permute(&mut permuted, order.clone());
            assert_eq!(permuted, expected, "{order:?}");
            count += 1;
            // Next permutation in lexicographic order.
            let Some(i) = (0..4).rev().find(|&i| order[i] < order[i + 1]) else {
                break;
            };
            let j = (i + 1..5).rev().find(|&j| order[j] > order[i]).unwrap_or(i);
            order.swap(i, j);
            order[i + 1..].reverse();
        }
        assert_eq!(count, 120);
    }
}
