//! An advisory's severity in apiaudit's levels. OSV records carry CVSS vectors (`severity[]`,
//! scored here with RustSec's `cvss` crate); GitHub's exports also carry a label
//! (`database_specific.severity`: CRITICAL, HIGH, MODERATE, LOW). A CVSS v3 vector is
//! preferred, then v4, then v2, then the label; the qualitative scale of CVSS v3.1 maps the
//! score (9.0-10.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low, 0 info).

use crate::findings::Severity;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq)]
pub struct AdvisorySeverity {
    pub level: Severity,
    /// The CVSS base score, when the severity came from a vector or a number.
    pub score: Option<f64>,
}

impl AdvisorySeverity {
    /// From an OSV record's `severity` entries (type, score) and its database's label.
    pub fn from_osv<'a>(
        scores: impl Iterator<Item = (&'a str, &'a str)>,
        label: Option<&str>,
    ) -> Option<Self> {
        let mut best: Option<(u8, AdvisorySeverity)> = None;
        for (kind, score) in scores {
            let rank = match kind {
                "CVSS_V3" => 0,
                "CVSS_V4" => 1,
                "CVSS_V2" => 2,
                _ => continue,
            };
            let Some(parsed) = from_cvss(score) else {
                continue;
            };
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, parsed));
            }
        }
        best.map(|(_, s)| s)
            .or_else(|| label.and_then(AdvisorySeverity::from_label))
    }

    /// A database's label (GitHub, Ubuntu, ...).
    pub fn from_label(label: &str) -> Option<Self> {
        let level = match label.trim().to_ascii_lowercase().as_str() {
            "critical" => Severity::Critical,
            "high" | "important" => Severity::High,
            "moderate" | "medium" => Severity::Medium,
            "low" => Severity::Low,
            "negligible" | "none" => Severity::Info,
            _ => return None,
        };
        Some(AdvisorySeverity { level, score: None })
    }

    pub fn from_score(score: f64) -> Self {
        let level = if score >= 9.0 {
            Severity::Critical
        } else if score >= 7.0 {
            Severity::High
        } else if score >= 4.0 {
            Severity::Medium
        } else if score > 0.0 {
            Severity::Low
        } else {
            Severity::Info
        };
        AdvisorySeverity {
            level,
            score: Some(score),
        }
    }

    /// `critical 10.0` or `high` (`严重 10.0`, `高` in Chinese).
    pub fn describe(&self, lang: crate::catalogue::Lang) -> String {
        let level = match lang {
            crate::catalogue::Lang::En => self.level.as_str(),
            crate::catalogue::Lang::Zh => self.level.zh(),
        };
        match self.score {
            Some(score) => format!("{level} {score:.1}"),
            None => level.to_string(),
        }
    }
}

/// A CVSS vector (or, as some producers write, a bare number) scored.
fn from_cvss(text: &str) -> Option<AdvisorySeverity> {
    let text = text.trim();
    if let Ok(number) = text.parse::<f64>() {
        return (0.0..=10.0)
            .contains(&number)
            .then(|| AdvisorySeverity::from_score(number));
    }
    let cvss = cvss::Cvss::from_str(text).ok()?;
    let score = cvss.score();
    score.is_finite().then(|| AdvisorySeverity::from_score(score))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvss_vectors_map_to_levels() {
        let log4shell = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
        let s = AdvisorySeverity::from_osv([("CVSS_V3", log4shell)].into_iter(), None);
        assert_eq!(s.as_ref().map(|s| s.level), Some(Severity::Critical));
        assert_eq!(s.and_then(|s| s.score), Some(10.0));
        let medium = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H";
        let s = AdvisorySeverity::from_osv([("CVSS_V3", medium)].into_iter(), Some("HIGH"));
        assert_eq!(
            s.map(|s| s.level),
            Some(Severity::Medium),
            "the vector wins over the label"
        );
        let low = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N";
        let s = AdvisorySeverity::from_osv([("CVSS_V3", low)].into_iter(), None);
        assert_eq!(s.map(|s| s.level), Some(Severity::Low));
        let v2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";
        let s = AdvisorySeverity::from_osv([("CVSS_V2", v2)].into_iter(), None);
        assert_eq!(s.map(|s| s.level), Some(Severity::High));
    }

    #[test]
    fn v3_is_preferred_then_labels() {
        let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N";
        let v3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        let s = AdvisorySeverity::from_osv([("CVSS_V4", v4), ("CVSS_V3", v3)].into_iter(), None);
        assert_eq!(s.map(|s| s.level), Some(Severity::Critical));
        let s = AdvisorySeverity::from_osv(std::iter::empty(), Some("MODERATE"));
        assert_eq!(s.map(|s| s.level), Some(Severity::Medium));
        let s = AdvisorySeverity::from_osv([("CVSS_V3", "garbage")].into_iter(), None);
        assert_eq!(s, None);
        assert_eq!(AdvisorySeverity::from_osv(std::iter::empty(), None), None);
    }
}
