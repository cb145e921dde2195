//! Rectification tracking (整改情况, `--compare PREVIOUS.json`): this run's findings against an
//! earlier JSON result, matched by fingerprint as baselines are (SPEC §4), so a finding that only
//! moved is still the same finding. Each earlier finding matches at most one finding of this run.
//!
//! - fixed: in the earlier result, not reported now (and not merely suppressed now);
//! - accepted: in the earlier result, suppressed now (inline, in the spec, or by a baseline);
//! - new: reported now, not in the earlier result;
//! - still open: in both.
//!
//! Earlier findings of rules that did not run this time are left out: this run could not have
//! seen them.

use crate::catalogue::RuleCode;
use crate::findings::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One finding of the earlier result, as much as the comparison needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earlier {
    pub fingerprint: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub line: u32,
    #[serde(default)]
    pub message: String,
}

/// The earlier JSON result (`scan -f json` or `merge -f json`); other keys are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct EarlierReport {
    #[serde(default)]
    pub schema: String,
    pub findings: Vec<Earlier>,
}

impl EarlierReport {
    /// Reads a JSON result whose schema is `schema` (the JSON reporter's, `apiaudit/v1`).
    pub fn parse(text: &str, schema: &str) -> Result<EarlierReport, String> {
        let report: EarlierReport = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if !report.schema.is_empty() && report.schema != schema {
            return Err(format!(
                "schema `{}` is not an apiaudit JSON result (`{schema}`)",
                report.schema
            ));
        }
        Ok(report)
    }
}

/// The trend of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTrend {
    pub rule: String,
    pub previous: u64,
    pub current: u64,
    pub fixed: u64,
    pub new: u64,
    pub still_open: u64,
    pub accepted: u64,
}

/// The `comparison` section of the JSON result, and what every format shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The earlier result as given on the command line.
    pub previous: String,
    pub previous_findings: u64,
    pub fixed: u64,
    pub new: u64,
    pub still_open: u64,
    pub accepted: u64,
    pub by_rule: Vec<RuleTrend>,
    /// The earlier findings fixed since, in report order.
    pub fixed_findings: Vec<Earlier>,
    /// Fingerprints of this run's findings that are new (the rest are still open).
    #[serde(skip)]
    pub new_fingerprints: HashSet<String>,
}

impl Comparison {
    /// Compares this run's findings (and suppressed ones) with an earlier result.
    pub fn new(
        previous: &str,
        earlier: &EarlierReport,
        findings: &[Finding],
        suppressed: &[Finding],
        rules_run: &[RuleCode],
    ) -> Comparison {
        let ran: HashSet<String> = rules_run.iter().map(ToString::to_string).collect();
        let in_scope: Vec<&Earlier> = earlier
            .findings
            .iter()
            .filter(|entry| ran.is_empty() || ran.contains(&entry.rule))
            .collect();
        let mut unmatched: HashMap<&str, Vec<&Earlier>> = HashMap::new();
        for entry in &in_scope {
            unmatched
                .entry(entry.fingerprint.as_str())
                .or_default()
                .push(entry);
        }
        let mut trends: BTreeMap<String, RuleTrend> = BTreeMap::new();
        let mut comparison = Comparison {
            previous: previous.to_string(),
            previous_findings: in_scope.len() as u64,
            ..Comparison::default()
        };
        for entry in &in_scope {
            trend(&mut trends, &entry.rule).previous += 1;
        }
        for finding in findings {
            let rule = trend(&mut trends, &finding.rule.to_string());
            rule.current += 1;
            let matched = unmatched
                .get_mut(finding.fingerprint.as_str())
                .and_then(Vec::pop)
                .is_some();
            if matched {
                rule.still_open += 1;
                comparison.still_open += 1;
            } else {
                rule.new += 1;
                comparison.new += 1;
                comparison.new_fingerprints.insert(finding.fingerprint.clone());
            }
        }
        for finding in suppressed {
            if unmatched
                .get_mut(finding.fingerprint.as_str())
                .and_then(Vec::pop)
                .is_some()
            {
                trend(&mut trends, &finding.rule.to_string()).accepted += 1;
                comparison.accepted += 1;
            }
        }
        // What is left unmatched was fixed; listed in the earlier report's order.
        let left: HashSet<*const Earlier> = unmatched
            .values()
            .flatten()
            .map(|entry| *entry as *const Earlier)
            .collect();
        for entry in &in_scope {
            if left.contains(&(*entry as *const Earlier)) {
                trend(&mut trends, &entry.rule).fixed += 1;
                comparison.fixed += 1;
                comparison.fixed_findings.push((*entry).clone());
            }
        }
        comparison.by_rule = trends.into_values().collect();
        comparison
    }

    /// Whether a finding of this run is new since the earlier result.
    pub fn is_new(&self, finding: &Finding) -> bool {
        self.new_fingerprints.contains(&finding.fingerprint)
    }
}

fn trend<'a>(trends: &'a mut BTreeMap<String, RuleTrend>, rule: &str) -> &'a mut RuleTrend {
    trends.entry(rule.to_string()).or_insert_with(|| RuleTrend {
        rule: rule.to_string(),
        ..RuleTrend::default()
    })
}
