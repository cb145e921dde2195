//! SARIF 2.1.0 (`-f sarif`), the static-analysis interchange format GitHub code scanning and
//! GitLab ingest. Types come from `serde-sarif` (generated from the OASIS schema); a test
//! validates the demo bank's log against the official schema.
//!
//! - `tool.driver.rules`: one entry per rule that produced a result (reported or suppressed),
//!   from the catalogue: title, what it finds, why and how to fix (as text and Markdown), a link
//!   to its page, the default level, and tags (`security`, the family, the basis) plus GitHub's
//!   `security-severity`, so code scanning ranks alerts the way apiaudit does.
//! - results: `ruleId`/`ruleIndex`, `level`, the message, a location relative to the working
//!   directory (`uriBaseId` `%SRCROOT%`; run apiaudit from the repository root) with a region
//!   in Unicode code points (`columnKind`), the redacted evidence as a context region,
//!   `partialFingerprints`, and `suppressions` for suppressed findings (`inSource` for comments
//!   and `x-apiaudit-ignore`, `external` for the baseline).

use super::{ReportContext, Reporter};
use crate::catalogue::RuleCode;
use crate::catalogue::{Lang, RuleMeta};
use crate::findings::SuppressionKind;
use crate::findings::{Finding, Severity};
use serde_json::{json, Value};
use serde_sarif::sarif;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct SarifReporter;

/// Where the SARIF 2.1.0 schema is published (what GitHub's documentation uses).
pub const SCHEMA_URL: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base every relative artifact URI is resolved against: the directory apiaudit ran in.
pub const SRCROOT: &str = "%SRCROOT%";

fn level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Critical | Severity::High => sarif::ResultLevel::Error,
        Severity::Medium => sarif::ResultLevel::Warning,
        Severity::Low | Severity::Info => sarif::ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (a CVSS-like score: 9.0+ critical, 7.0+ high, 4.0+ medium).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// A report path as a URI reference: relative paths stay relative (percent-encoded where URIs
/// need it: spaces, non-ASCII file names), absolute ones become `file://` URIs.
fn uri(path: &str) -> (String, bool) {
    let encoded: String = path
        .split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if let Some(rest) = encoded.strip_prefix('/') {
        (format!("file:///{rest}"), false)
    } else {
        (encoded, true)
    }
}

/// Characters escaped in a path segment (RFC 3986 `pchar` keeps the rest).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

fn text(value: impl Into<String>) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(value.into())
        .build()
}

fn rule_descriptor(meta: &RuleMeta, ctx: &ReportContext<'_>) -> sarif::ReportingDescriptor {
    let docs = meta.docs(ctx.lang);
    let (why, fix, basis_word, colon) = match ctx.lang {
        Lang::En => ("Why it matters", "How to fix", "Basis", ": "),
        Lang::Zh => ("为何重要", "修复方法", "依据", "："),
    };
    let help_text = format!(
        "{}\n\n{why}{colon}{}\n\n{fix}{colon}{}\n\n{basis_word}{colon}{}",
        docs.what.trim(),
        docs.why.trim(),
        docs.fix.trim(),
        meta.clause(ctx.lang)
    );
    let help_markdown = format!(
        "{}\n\n**{why}**\n\n{}\n\n**{fix}**\n\n{}\n\n**{basis_word}**{colon}{}",
        docs.what.trim(),
        docs.why.trim(),
        docs.fix.trim(),
        meta.clause(ctx.lang)
    );
    let tags = vec![
        "security".to_string(),
        meta.family.clone(),
        format!("basis:{}", meta.basis.as_str()),
    ];
    let mut properties = BTreeMap::new();
    properties.insert(
        "security-severity".to_string(),
        json!(security_severity(meta.severity)),
    );
    properties.insert("basis".to_string(), json!(meta.basis.as_str()));
    properties.insert("clause".to_string(), json!(meta.clause(ctx.lang)));
    properties.insert("severity".to_string(), json!(meta.severity.as_str()));
    sarif::ReportingDescriptor::builder()
        .id(meta.code.to_string())
        .name(meta.name.clone())
        .short_description(text(docs.title.clone()))
        .full_description(text(docs.what.trim().to_string()))
        .help(
            sarif::MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .help_uri(super::rule_doc_url(ctx, meta.code.as_str()))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(json!(level_name(meta.severity)))
                .build(),
        )
        .properties(
            sarif::PropertyBag::builder()
                .tags(tags)
                .additional_properties(properties)
                .build(),
        )
        .build()
}

fn location(finding: &Finding) -> sarif::Location {
    let (uri, relative) = uri(&finding.path);
    let artifact = if relative {
        sarif::ArtifactLocation::builder()
            .uri(uri)
            .uri_base_id(SRCROOT.to_string())
            .build()
    } else {
        sarif::ArtifactLocation::builder().uri(uri).build()
    };
    let line = i64::from(finding.line.max(1));
    let column = i64::from(finding.column.max(1));
    let end_line = i64::from(finding.end_line).max(line);
    let end_column = if end_line == line {
        i64::from(finding.end_column).max(column)
    } else {
        i64::from(finding.end_column.max(1))
    };
    let region = sarif::Region::builder()
        .start_line(line)
        .start_column(column)
        .end_line(end_line)
        .end_column(end_column)
        .build();
    let mut physical = sarif::PhysicalLocation::builder()
        .artifact_location(artifact)
        .region(region)
        .build();
    if let Some(snippet) = &finding.snippet {
        let lines = snippet.text.lines().count().max(1) as i64;
        physical.context_region = Some(
            sarif::Region::builder()
                .start_line(i64::from(snippet.line.max(1)))
                .end_line(i64::from(snippet.line.max(1)) + lines - 1)
                .snippet(
                    sarif::ArtifactContent::builder()
                        .text(snippet.text.to_string())
                        .build(),
                )
                .build(),
        );
    }
    sarif::Location::builder().physical_location(physical).build()
}

fn result(finding: &Finding, rule_index: i64, ctx: &ReportContext<'_>) -> sarif::Result {
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("apiaudit/v1".to_string(), finding.fingerprint.clone());
    let mut properties = BTreeMap::new();
    properties.insert("severity".to_string(), json!(finding.severity.as_str()));
    properties.insert("basis".to_string(), json!(finding.basis.as_str()));
    if let Some(op) = &finding.operation {
        properties.insert(
            "operation".to_string(),
            serde_json::to_value(op.as_ref()).unwrap_or(Value::Null),
        );
    }
    if let Some(commit) = &finding.commit {
        properties.insert("commit".to_string(), json!(commit));
        properties.insert("commit_date".to_string(), json!(finding.commit_date));
        properties.insert("in_head".to_string(), json!(finding.in_head));
    }
    let mut built = sarif::Result::builder()
        .rule_id(finding.rule.to_string())
        .rule_index(rule_index)
        .level(level(finding.severity))
        .message(
            sarif::Message::builder()
                .text(ctx.message(finding).to_string())
                .build(),
        )
        .locations(vec![location(finding)])
        .partial_fingerprints(fingerprints)
        .properties(
            sarif::PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        )
        .build();
    if let Some(suppression) = &finding.suppression {
        let kind = if suppression.kind == SuppressionKind::Baseline {
            json!("external")
        } else {
            json!("inSource")
        };
        built.suppressions = Some(vec![sarif::Suppression::builder()
            .kind(kind)
            .status(json!("accepted"))
            .justification(suppression.reason.clone())
            .build()]);
    }
    built
}

impl Reporter for SarifReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let audit = ctx.audit;
        let all: Vec<&Finding> = audit.findings.iter().chain(&audit.suppressed).collect();
        // One descriptor per rule that fired, in code order; results point at it by index.
        let mut fired: Vec<RuleCode> = all.iter().map(|f| f.rule).collect();
        fired.sort_unstable();
        fired.dedup();
        let rules: Vec<sarif::ReportingDescriptor> = fired
            .iter()
            .map(|code| rule_descriptor(ctx.catalogue.get(*code), ctx))
            .collect();
        let index_of = |code: RuleCode| fired.binary_search(&code).map_or(-1, |i| i as i64);
        let mut results: Vec<(&Finding, sarif::Result)> = all
            .iter()
            .map(|finding| {
                let mut built = result(finding, index_of(finding.rule), ctx);
                // Rectification (`--compare`): new or unchanged since the earlier result.
                if let Some(comparison) = &audit.comparison {
                    let state = if comparison.is_new(finding) {
                        "new"
                    } else {
                        "unchanged"
                    };
                    built.baseline_state = Some(json!(state));
                }
                (*finding, built)
            })
            .collect();
        results.sort_by(|a, b| a.0.sort_key(ctx.lang).cmp(&b.0.sort_key(ctx.lang)));
        let driver = sarif::ToolComponent::builder()
            .name("apiaudit".to_string())
            .version(env!("CARGO_PKG_VERSION").to_string())
            .semantic_version(env!("CARGO_PKG_VERSION").to_string())
            .information_uri(super::rule_doc_url(ctx, "README"))
            .rules(rules)
            .build();
        let mut run = sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .results(results.into_iter().map(|(_, r)| r).collect::<Vec<_>>())
            .column_kind(json!("unicodeCodePoints"))
            .language(match ctx.lang {
                Lang::En => "en-US".to_string(),
                Lang::Zh => "zh-CN".to_string(),
            })
            .build();
        // The counts per rule and the fixed findings go in the run's properties: fixed findings
        // as `absent` results would be shown as alerts by code-scanning services; so does a
        // review's changelog.
        let mut properties = BTreeMap::new();
        // A review: what was compared and the interface changelog.
        if let Some(review) = &audit.review {
            properties.insert(
                "apiaudit/review".to_string(),
                serde_json::to_value(review).unwrap_or(Value::Null),
            );
            properties.insert(
                "apiaudit/reviewSummary".to_string(),
                json!(super::changelog::sentence(review, ctx.lang == Lang::Zh)),
            );
        }
        if let Some(comparison) = &audit.comparison {
            properties.insert(
                "apiaudit/comparison".to_string(),
                serde_json::to_value(comparison).unwrap_or(Value::Null),
            );
            properties.insert(
                "apiaudit/comparisonSummary".to_string(),
                json!(super::comparison::headline(comparison, ctx.lang)),
            );
        }
        if !properties.is_empty() {
            run.properties = Some(
                sarif::PropertyBag::builder()
                    .additional_properties(properties)
                    .build(),
            );
        }
        let log = sarif::Sarif::builder()
            .schema(SCHEMA_URL.to_string())
            .version(json!("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("specs/a b.yaml"), ("specs/a%20b.yaml".into(), true));
        assert!(!uri("/abs/接口.yaml").1);
        assert!(uri("/abs/接口.yaml").0.starts_with("file:///abs/%E6"));
    }
}
