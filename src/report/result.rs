//! The result of a run as every reporter reads it: totals, settled findings, what was
//! suppressed, the portfolio (inventory, logs, routes, components) and facts about the run.
//! `audit` builds it; `merge` rebuilds it from JSON results.

use crate::catalogue::RuleCode;
use crate::discover::{Skipped, SkippedFile};
use crate::findings::{Finding, Severity};
use crate::model::Portfolio;
use crate::policy::{baseline::BaselineSummary, changed::ChangedSummary};
use crate::settings::Settings;
use serde::{Deserialize, Serialize};

/// Totals of a run (SPEC §4 `summary`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub files: u64,
    pub specs: u64,
    pub operations: u64,
    pub findings: u64,
    pub by_severity: SeverityCounts,
    pub suppressed: u64,
    pub skipped: Skipped,
    /// Third-party components declared in the run.
    #[serde(default)]
    pub components: u64,
    /// The advisory database DEP001 used, when one was configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisories: Option<crate::frontend::osv::DbStats>,
    /// What `--baseline` hid and which of its entries are stale, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    /// What `--changed-since` left out, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_since: Option<ChangedSummary>,
    /// What `--history` covered, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistorySummary>,
    /// What the route front end read of the source code, and what it could not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<crate::model::served::RouteStats>,
}

/// What the history scan covered (`summary.history` in JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySummary {
    /// The revision range scanned; absent when every ref was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// Repositories whose history was read.
    pub repositories: u64,
    /// Commits walked.
    pub commits: u64,
    /// Distinct blobs read and scanned, and their bytes.
    pub blobs: u64,
    pub bytes: u64,
    /// Blobs over `scan.max-file-size`, not scanned (a META001 per path says where).
    pub too_large: u64,
    /// Blobs the repository does not have (a partial clone), not scanned.
    pub missing: u64,
    /// A shallow clone: commits before its boundary are not in it and were not scanned.
    pub shallow: bool,
    /// The rules run over history.
    pub rules: Vec<String>,
}

/// What `review --base REV` compared and found (`review` in JSON): the base revision, the
/// interface changelog, and how the findings of the working tree compare with the base's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInfo {
    /// The revision as given.
    pub base: String,
    /// The commit compared with, per repository (the merge base of the revision and HEAD).
    pub commits: Vec<String>,
    /// Operations at the base revision and in the working tree.
    pub base_operations: u64,
    pub operations: u64,
    /// Changelog counts.
    pub added: u64,
    pub removed: u64,
    pub deprecated: u64,
    pub changed: u64,
    /// Findings of the working tree the base did not have (reported), that it had already
    /// (not reported), and findings of the base the working tree no longer has (fixed).
    pub new_findings: u64,
    pub unchanged_findings: u64,
    pub fixed_findings: u64,
    /// The interface changelog (接口变更清单).
    pub changelog: Vec<crate::model::change::ChangelogEntry>,
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
    /// Files not audited, each with its reason (SPEC §2), sorted by path.
    pub skipped: Vec<SkippedFile>,
    /// Everything the run found besides findings: the interface inventory, and what the other
    /// front ends extracted.
    pub portfolio: Portfolio,
    /// Codes of the rules that ran.
    pub rules_run: Vec<RuleCode>,
    pub run: RunInfo,
    /// Rectification against an earlier result (`--compare`), when one was given.
    pub comparison: Option<crate::policy::compare::Comparison>,
    /// What `review --base` compared, when the run is a review.
    pub review: Option<ReviewInfo>,
}

/// Findings per severity (SPEC §4 `summary.by_severity`), keys in text order as JSON lists
/// them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub critical: u64,
    pub high: u64,
    pub info: u64,
    pub low: u64,
    pub medium: u64,
}

impl SeverityCounts {
    pub fn of(findings: &[Finding]) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for finding in findings {
            *counts.get_mut(finding.severity) += 1;
        }
        counts
    }

    pub fn get(&self, severity: Severity) -> u64 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn get_mut(&mut self, severity: Severity) -> &mut u64 {
        match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }
}

impl AuditReport {
    /// Recomputes the finding counts after findings moved (baseline, `--changed-since`).
    pub fn recount(&mut self) {
        self.summary.findings = self.findings.len() as u64;
        self.summary.suppressed = self.suppressed.len() as u64;
        self.summary.by_severity = SeverityCounts::of(&self.findings);
    }
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
