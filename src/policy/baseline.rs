//! Baselines: findings a team has accepted for now, recorded by fingerprint (`--write-baseline`)
//! and hidden from later runs (`--baseline`), so a pipeline can gate on new findings only.
//!
//! Matching is by fingerprint alone (SPEC §4): a fingerprint hashes the rule, the root-relative
//! path and the finding's content (the line's text, the operation's method and path, or a keyed
//! digest of a secret), never its line number, so moving code keeps a finding matched, while a
//! second, different secret on a baselined line has another fingerprint and is reported. Each
//! baseline entry hides at most one finding (identical findings in one file carry `-1`, `-2`
//! suffixes), and entries that match nothing any more are listed as stale, so the baseline can
//! be pruned. Entries of rules that did not run, or of files outside `--changed-since`, are
//! neither matched nor stale: this run could not have seen them.

use crate::catalogue::Lang;
use crate::findings::{Finding, Suppression, SuppressionKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const SCHEMA: &str = "apiaudit-baseline/v1";

/// One accepted finding. Only `fingerprint` matches; the rest is for people reading the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub line: u32,
    #[serde(default)]
    pub message: String,
}

impl BaselineEntry {
    pub fn of(finding: &Finding, lang: Lang) -> Self {
        BaselineEntry {
            fingerprint: finding.fingerprint.clone(),
            rule: finding.rule.to_string(),
            path: finding.path.to_string(),
            line: finding.line,
            message: finding.message.get(lang).to_string(),
        }
    }
}

/// The baseline file. A JSON result of `scan -f json` reads as a baseline too: both have
/// `findings[].fingerprint`, and other keys are ignored.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    #[serde(default)]
    pub schema: String,
    pub findings: Vec<BaselineEntry>,
}

/// What applying a baseline did, for the reports (`summary.baseline` in JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineSummary {
    /// The baseline file as given on the command line.
    pub file: String,
    /// Entries in the file.
    pub entries: u64,
    /// Findings of this run that the baseline hid.
    pub suppressed: u64,
    /// Entries that matched no finding of this run (fixed, or their code was deleted).
    pub stale: Vec<BaselineEntry>,
}

impl Baseline {
    /// The findings of a run as a baseline, in report order.
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>, lang: Lang) -> Self {
        Baseline {
            schema: SCHEMA.into(),
            findings: findings
                .into_iter()
                .map(|finding| BaselineEntry::of(finding, lang))
                .collect(),
        }
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if !baseline.schema.is_empty()
            && baseline.schema != SCHEMA
            && baseline.schema != crate::findings::RESULT_SCHEMA
        {
            return Err(format!(
                "unknown schema `{}` (expected `{SCHEMA}`)",
                baseline.schema
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Moves the findings this baseline covers from `findings` to `suppressed`, and lists the
    /// entries that match nothing. `in_scope` says whether this run could have reported an
    /// entry (its rule ran, its file was examined); entries out of scope are never stale.
    pub fn apply(
        &self,
        file: &str,
        findings: &mut Vec<Finding>,
        suppressed: &mut Vec<Finding>,
        lang: Lang,
        mut in_scope: impl FnMut(&BaselineEntry) -> bool,
    ) -> BaselineSummary {
        let mut unused: HashMap<&str, usize> = HashMap::new();
        for entry in &self.findings {
            *unused.entry(entry.fingerprint.as_str()).or_insert(0) += 1;
        }
        let mut kept = Vec::with_capacity(findings.len());
        let mut hidden = 0u64;
        for mut finding in findings.drain(..) {
            match unused.get_mut(finding.fingerprint.as_str()) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    hidden += 1;
                    finding.suppression = Some(Suppression {
                        kind: SuppressionKind::Baseline,
                        reason: format!("in baseline {file}"),
                    });
                    suppressed.push(finding);
                }
                _ => kept.push(finding),
            }
        }
        *findings = kept;
        // A finding suppressed inline or in the spec still "uses" its entry: it exists.
        for finding in suppressed.iter() {
            let by_baseline = finding
                .suppression
                .as_ref()
                .is_some_and(|s| s.kind == SuppressionKind::Baseline);
            if !by_baseline {
                if let Some(count) = unused.get_mut(finding.fingerprint.as_str()) {
                    *count = count.saturating_sub(1);
                }
            }
        }
        suppressed.sort_by(|a, b| a.sort_key(lang).cmp(&b.sort_key(lang)));
        // The last entries of a fingerprint are the unused ones (suffixes grow in file order).
        let mut remaining = unused;
        let mut stale: Vec<BaselineEntry> = Vec::new();
        for entry in self.findings.iter().rev() {
            if let Some(count) = remaining.get_mut(entry.fingerprint.as_str()) {
                if *count > 0 {
                    *count -= 1;
                    if in_scope(entry) {
                        stale.push(entry.clone());
                    }
                }
            }
        }
        stale.reverse();
        BaselineSummary {
            file: file.to_string(),
            entries: self.findings.len() as u64,
            suppressed: hidden,
            stale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::RuleCode;
    use crate::findings::{Basis, Severity};

    fn finding(rule: &str, line: u32, fingerprint: &str) -> Finding {
        Finding {
            rule: RuleCode::parse(rule).unwrap_or(RuleCode::ID001),
            severity: Severity::High,
            message: crate::findings::Msg::same(format!("{rule} at {line}")),
            path: "app/config.py".into(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            basis: Basis::Practice,
            operation: None,
            fingerprint: fingerprint.into(),
            help: None,
            snippet: None,
            suppression: None,
            commit: None,
            commit_date: None,
            in_head: None,
        }
    }

    fn apply(baseline: &Baseline, findings: &mut Vec<Finding>) -> (Vec<Finding>, BaselineSummary) {
        let mut suppressed = Vec::new();
        let summary = baseline.apply("b.json", findings, &mut suppressed, Lang::En, |_| true);
        (suppressed, summary)
    }

    #[test]
    fn a_second_secret_on_a_baselined_line_is_reported() {
        // Secret findings fingerprint a keyed digest of the secret: two secrets on one line
        // have two fingerprints, whatever the line number or text.
        let first = crate::policy::fingerprint(RuleCode::KEY003, "app/config.py", "digest-of-first-secret");
        let second = crate::policy::fingerprint(RuleCode::KEY003, "app/config.py", "digest-of-second-secret");
        assert_ne!(first, second);
        let baseline = Baseline::from_findings(&[finding("KEY003", 7, &first)], Lang::En);
        let mut findings = vec![finding("KEY003", 7, &first), finding("KEY003", 7, &second)];
        let (suppressed, summary) = apply(&baseline, &mut findings);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].fingerprint, second);
        assert_eq!(suppressed.len(), 1);
        assert_eq!(summary.suppressed, 1);
        assert!(summary.stale.is_empty());
    }

    #[test]
    fn a_moved_finding_stays_matched() {
        let print = crate::policy::fingerprint(RuleCode::ID001, "specs/a.yaml", "GET /v1/rates");
        let baseline = Baseline::from_findings(&[finding("ID001", 10, &print)], Lang::En);
        let mut findings = vec![finding("ID001", 42, &print)];
        let (suppressed, summary) = apply(&baseline, &mut findings);
        assert!(findings.is_empty());
        assert_eq!(suppressed[0].line, 42);
        assert_eq!(
            suppressed[0].suppression.as_ref().map(|s| s.kind),
            Some(SuppressionKind::Baseline)
        );
        assert!(summary.stale.is_empty());
    }

    #[test]
    fn each_entry_hides_one_finding_and_unused_entries_are_stale() {
        let baseline = Baseline::from_findings(
            &[
                finding("ID001", 1, "aaaa"),
                finding("ID001", 2, "aaaa-1"),
                finding("CLS001", 3, "bbbb"),
            ],
            Lang::En,
        );
        // The second identical finding was removed: `aaaa-1` is stale; `bbbb` was fixed.
        let mut findings = vec![finding("ID001", 1, "aaaa"), finding("ID002", 5, "cccc")];
        let (suppressed, summary) = apply(&baseline, &mut findings);
        assert_eq!(suppressed.len(), 1);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, RuleCode::ID002);
        let stale: Vec<&str> = summary.stale.iter().map(|e| e.fingerprint.as_str()).collect();
        assert_eq!(stale, ["aaaa-1", "bbbb"]);
        // Out of scope (say, CLS did not run): not stale.
        let mut findings = vec![finding("ID001", 1, "aaaa"), finding("ID001", 2, "aaaa-1")];
        let mut suppressed = Vec::new();
        let summary = baseline.apply("b.json", &mut findings, &mut suppressed, Lang::En, |e| {
            e.rule != "CLS001"
        });
        assert!(summary.stale.is_empty());
        assert_eq!(summary.suppressed, 2);
    }

    #[test]
    fn an_inline_suppressed_finding_is_not_stale() {
        let baseline = Baseline::from_findings(&[finding("ID001", 1, "aaaa")], Lang::En);
        let mut findings = Vec::new();
        let mut inline = finding("ID001", 1, "aaaa");
        inline.suppression = Some(Suppression {
            kind: SuppressionKind::Inline,
            reason: "r".into(),
        });
        let mut suppressed = vec![inline];
        let summary = baseline.apply("b.json", &mut findings, &mut suppressed, Lang::En, |_| true);
        assert!(summary.stale.is_empty());
        assert_eq!(summary.suppressed, 0);
    }

    #[test]
    fn reads_its_own_output_and_json_results() {
        let baseline = Baseline::from_findings(&[finding("ID001", 1, "aaaa")], Lang::En);
        let again = Baseline::parse(&baseline.to_json()).unwrap_or_default();
        assert_eq!(again.findings, baseline.findings);
        let result = r#"{"schema": "apiaudit/v1", "summary": {}, "findings": [{"fingerprint": "x", "rule": "ID001"}]}"#;
        assert_eq!(Baseline::parse(result).map(|b| b.findings.len()), Ok(1));
        assert!(Baseline::parse(r#"{"schema": "other", "findings": []}"#).is_err());
        assert!(Baseline::parse("not json").is_err());
    }
}
