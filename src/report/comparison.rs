//! Rectification tracking (`--compare`) as the formats print it: one headline, a per-rule table
//! and the list of fixed findings, in the report's language. Each format places these where it
//! can (text: after the findings; GitHub: notices; GitLab: an info issue; JUnit: a test suite;
//! SARIF: `baselineState` and run properties; Markdown/HTML: the 整改情况 section).

use super::ReportContext;
use crate::catalogue::Lang;
use crate::findings::plural;
use crate::policy::compare::{Comparison, Earlier};

/// "Rectification since PREVIOUS.json: 3 fixed, 1 new, 5 still open (1 accepted)".
pub fn headline(comparison: &Comparison, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let mut text = format!(
                "Rectification since {}: {} fixed, {} new, {} still open",
                comparison.previous, comparison.fixed, comparison.new, comparison.still_open
            );
            if comparison.accepted > 0 {
                text.push_str(&format!(" ({} now suppressed)", comparison.accepted));
            }
            text
        }
        Lang::Zh => {
            let mut text = format!(
                "整改情况（对比 {}）：已整改 {} 个，新增 {} 个，仍未整改 {} 个",
                comparison.previous, comparison.fixed, comparison.new, comparison.still_open
            );
            if comparison.accepted > 0 {
                text.push_str(&format!("（另有 {} 个已豁免）", comparison.accepted));
            }
            text
        }
    }
}

/// Column headings of the per-rule table.
pub fn columns(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::En => ["rule", "previous", "now", "fixed", "new", "still open"],
        Lang::Zh => ["规则", "上次", "本次", "已整改", "新增", "仍未整改"],
    }
}

/// One line of a fixed finding: `fixed: ID001 api.yaml:12 message`.
pub fn fixed_line(entry: &Earlier, lang: Lang) -> String {
    let label = match lang {
        Lang::En => "fixed",
        Lang::Zh => "已整改",
    };
    format!(
        "{label}: {} {}:{} {}",
        entry.rule, entry.path, entry.line, entry.message
    )
}

/// The trend of a rule as words: `3 → 1 (−2)`.
pub fn trend(previous: u64, current: u64) -> String {
    let delta = current as i64 - previous as i64;
    let sign = match delta {
        d if d > 0 => format!("+{d}"),
        0 => "±0".to_string(),
        d => format!("−{}", -d),
    };
    format!("{previous} → {current} ({sign})")
}

/// The whole block as plain text lines (text and GitHub formats).
pub fn text_block(ctx: &ReportContext<'_>) -> Vec<String> {
    let Some(comparison) = &ctx.audit.comparison else {
        return Vec::new();
    };
    let mut lines = vec![headline(comparison, ctx.lang)];
    let [rule, previous, now, fixed, new, open] = columns(ctx.lang);
    lines.push(format!(
        "  {rule:<10} {previous:>8} {now:>8} {fixed:>8} {new:>8} {open:>10}"
    ));
    for trend in &comparison.by_rule {
        lines.push(format!(
            "  {:<10} {:>8} {:>8} {:>8} {:>8} {:>10}",
            trend.rule, trend.previous, trend.current, trend.fixed, trend.new, trend.still_open
        ));
    }
    for entry in &comparison.fixed_findings {
        lines.push(format!("  {}", fixed_line(entry, ctx.lang)));
    }
    lines
}

/// Whether a finding of this run is new, still open, or (no comparison) unknown.
pub fn status(ctx: &ReportContext<'_>, finding: &crate::findings::Finding) -> Option<&'static str> {
    ctx.audit
        .comparison
        .as_ref()
        .map(|c| if c.is_new(finding) { "new" } else { "still-open" })
}

/// The 整改情况 section of the audit report (Markdown and HTML), language-resolved.
#[derive(Debug, serde::Serialize)]
pub struct Section {
    pub heading: &'static str,
    pub intro: String,
    pub headline: String,
    pub columns: [&'static str; 8],
    pub rows: Vec<TrendRow>,
    pub fixed_heading: &'static str,
    pub fixed: Vec<FixedRow>,
    pub no_fixed: &'static str,
}

#[derive(Debug, serde::Serialize)]
pub struct TrendRow {
    pub rule: String,
    pub title: String,
    pub previous: u64,
    pub current: u64,
    pub fixed: u64,
    pub new: u64,
    pub still_open: u64,
    pub trend: String,
}

#[derive(Debug, serde::Serialize)]
pub struct FixedRow {
    pub rule: String,
    pub location: String,
    pub message: String,
}

/// The section, when the run was compared with an earlier result.
pub fn section(ctx: &ReportContext<'_>) -> Option<Section> {
    let comparison = ctx.audit.comparison.as_ref()?;
    let zh = ctx.lang == Lang::Zh;
    let [rule, previous, now, fixed, new, open] = columns(ctx.lang);
    Some(Section {
        heading: if zh {
            "整改情况"
        } else {
            "Rectification (整改情况)"
        },
        intro: if zh {
            format!(
                "与上次审计结果 {} 逐条比对（按指纹匹配，问题位置移动不影响匹配）：上次 {} 个问题中已整改 {} 个、仍未整改 {} 个、已豁免 {} 个；本次新增 {} 个。",
                comparison.previous,
                comparison.previous_findings,
                comparison.fixed,
                comparison.still_open,
                comparison.accepted,
                comparison.new
            )
        } else {
            format!(
                "Compared finding by finding with the earlier result {} (matched by fingerprint, so a finding that only moved is the same finding): of its {}, {} {} fixed, {} still open and {} suppressed now; {} {} new.",
                comparison.previous,
                plural::s(comparison.previous_findings, "finding"),
                comparison.fixed,
                plural::are(comparison.fixed),
                comparison.still_open,
                comparison.accepted,
                comparison.new,
                plural::are(comparison.new)
            )
        },
        headline: headline(comparison, ctx.lang),
        columns: [
            rule,
            if zh { "说明" } else { "title" },
            previous,
            now,
            fixed,
            new,
            open,
            if zh { "趋势" } else { "trend" },
        ],
        rows: comparison
            .by_rule
            .iter()
            .map(|t| TrendRow {
                rule: t.rule.clone(),
                title: crate::catalogue::RuleCode::parse(&t.rule)
                    .map(|code| ctx.title(code).to_string())
                    .unwrap_or_default(),
                previous: t.previous,
                current: t.current,
                fixed: t.fixed,
                new: t.new,
                still_open: t.still_open,
                trend: trend(t.previous, t.current),
            })
            .collect(),
        fixed_heading: if zh {
            "已整改的问题"
        } else {
            "Fixed findings"
        },
        fixed: comparison
            .fixed_findings
            .iter()
            .map(|e| FixedRow {
                rule: e.rule.clone(),
                location: format!("{}:{}", e.path, e.line),
                message: e.message.clone(),
            })
            .collect(),
        no_fixed: if zh {
            "自上次审计以来没有已整改的问题。"
        } else {
            "Nothing was fixed since the earlier result."
        },
    })
}
