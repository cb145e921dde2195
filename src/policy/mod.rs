//! Policy: the one place that turns what rules detected into what reports print. It settles
//! each finding's severity (catalogue default, data, config override), computes fingerprints,
//! applies suppressions (inline comments, `x-apiaudit-ignore`, baselines), removes
//! duplicates and sorts, so output is the same whatever the thread count.

pub mod baseline;
pub mod changed;
pub mod inline;

use crate::catalogue::Catalogue;
use crate::findings::{Basis, Finding, RawFinding, Severity, Suppression};
use crate::model::Spec;
use crate::settings::{FailOn, Settings};
use inline::IgnoreComment;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Findings after policy, split into reported and suppressed.
#[derive(Debug, Default, Clone)]
pub struct Settled {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Finding>,
}

/// Marks findings about operations whose spec suppresses the rule (`x-apiaudit-ignore` on the
/// operation or the document).
pub fn apply_spec_ignores(spec: &Spec, findings: &mut [RawFinding]) {
    // Indexed once: a spec of 100,000 operations has as many findings of one rule, and a linear
    // search per finding made this quadratic.
    let mut by_operation: HashMap<(&str, &str), &[(String, String)]> = HashMap::new();
    if spec.operations.iter().any(|op| !op.ignores.is_empty()) {
        for op in &spec.operations {
            by_operation
                .entry((op.method.as_str(), op.path.as_str()))
                .or_insert(op.ignores.as_slice());
        }
    } else if spec.ignores.is_empty() {
        return;
    }
    for finding in findings.iter_mut() {
        let operation_ignores = finding.operation.as_ref().and_then(|operation| {
            by_operation
                .get(&(operation.method.as_str(), operation.path.as_str()))
                .copied()
        });
        let matched = operation_ignores
            .into_iter()
            .flatten()
            .chain(spec.ignores.iter())
            .find(|(rule, _)| finding.rule.starts_with(rule.as_str()));
        if let Some((_, reason)) = matched {
            finding.suppressed = Some(Suppression {
                kind: "spec".into(),
                reason: reason.clone(),
            });
        }
    }
}

pub fn fingerprint(rule: &str, rel: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update([0]);
    hasher.update(rel.as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Settles raw findings into the report's findings.
pub fn settle(
    mut raw: Vec<RawFinding>,
    comments: &HashMap<String, Vec<IgnoreComment>>,
    settings: &Settings,
    catalogue: &Catalogue,
) -> Settled {
    // In parallel (stable, so the order is the same whatever the thread count): a run over a
    // whole spec directory settles hundreds of thousands of findings after the parallel phase.
    raw.par_sort_by(|a, b| {
        (&a.location.path, a.location.start, a.rule, &a.message).cmp(&(
            &b.location.path,
            b.location.start,
            b.rule,
            &b.message,
        ))
    });
    raw.dedup_by(|a, b| {
        a.rule == b.rule
            && a.location.path == b.location.path
            && a.location.start == b.location.start
            && a.message == b.message
    });
    let bases: Vec<String> = raw
        .par_iter()
        .map(|finding| fingerprint(finding.rule, &finding.location.rel, &finding.key))
        .collect();
    // Numbering repeats is serial (it depends on order); building the findings is not.
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let fingerprints: Vec<String> = bases
        .into_iter()
        .map(|base| {
            let count = occurrences.entry(base.clone()).or_insert(0);
            let fingerprint = if *count == 0 {
                base
            } else {
                format!("{base}-{count}")
            };
            *count += 1;
            fingerprint
        })
        .collect();
    let settled_findings: Vec<Finding> = raw
        .into_par_iter()
        .zip(fingerprints)
        .map(|(finding, fingerprint)| {
            let meta = catalogue.get(finding.rule);
            let default = meta.map_or(Severity::Medium, |m| m.severity);
            let severity = settings
                .severity
                .get(finding.rule)
                .copied()
                .or(finding.severity)
                .unwrap_or(default);
            let line = finding.location.start.line;
            let inline_suppression = comments
                .get(&finding.location.path)
                .and_then(|list| list.iter().find(|c| c.covers(finding.rule, line)))
                .map(|comment| Suppression {
                    kind: "inline".into(),
                    reason: comment.reason.clone().unwrap_or_default(),
                });
            let suppression = finding.suppressed.clone().or(inline_suppression);
            Finding {
                rule: finding.rule.to_string(),
                severity,
                title: meta.map_or_else(String::new, |m| m.docs(settings.lang).title.clone()),
                message: finding.message,
                path: finding.location.path,
                line: finding.location.start.line,
                column: finding.location.start.col,
                end_line: finding.location.end.line,
                end_column: finding.location.end.col,
                basis: meta.map_or(Basis::Practice, |m| m.basis),
                operation: finding.operation,
                fingerprint,
                help: finding.help,
                snippet: finding.snippet,
                suppression,
            }
        })
        .collect();
    let (suppressed, findings) = settled_findings
        .into_iter()
        .partition(|finding| finding.suppression.is_some());
    Settled { findings, suppressed }
}

/// Counts by severity, every severity present.
pub fn by_severity(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> = Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for finding in findings {
        *counts.entry(finding.severity.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Whether the run fails (exit 1) under `--fail-on`.
pub fn fails(findings: &[Finding], fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::At(threshold) => findings.iter().any(|f| f.severity >= threshold),
    }
}
