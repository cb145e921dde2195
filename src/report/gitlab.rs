//! GitLab Code Quality (`-f gitlab`): the CodeClimate-style JSON array GitLab reads from a job's
//! `artifacts:reports:codequality` and shows in merge requests and pipelines. One issue per
//! reported finding; the fingerprint is apiaudit's, so GitLab can tell new findings from old
//! ones between branches. Paths must be relative to the repository root: run apiaudit from it.

use super::{ReportContext, Reporter};
use crate::catalogue::Lang;
use crate::findings::Severity;
use serde::Serialize;
use std::io::{self, Write};

pub struct GitlabReporter;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    content: Content,
    categories: [&'static str; 1],
    engine_name: &'static str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location<'a>,
    /// `new` or `still-open` against the earlier result of `--compare` (GitLab ignores it).
    #[serde(skip_serializing_if = "Option::is_none")]
    apiaudit_status: Option<&'static str>,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// CodeClimate severities: info, minor, major, critical, blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

impl Reporter for GitlabReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut issues: Vec<Issue<'_>> = ctx
            .audit
            .findings
            .iter()
            .map(|finding| {
                let meta = ctx.catalogue.get(finding.rule);
                let fix = finding
                    .help
                    .as_ref()
                    .map(|help| ctx.text(help).to_string())
                    .unwrap_or_else(|| meta.docs(ctx.lang).fix.trim().to_string());
                let clause = meta.clause(ctx.lang).to_string();
                let body = [fix, clause, super::rule_doc_url(ctx, finding.rule.as_str())]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                Issue {
                    kind: "issue",
                    check_name: finding.rule.as_str(),
                    description: format!(
                        "{} {}{}{}",
                        finding.rule,
                        ctx.title(finding.rule),
                        if ctx.lang == Lang::Zh { "：" } else { ": " },
                        ctx.message(finding)
                    ),
                    content: Content { body },
                    categories: ["Security"],
                    engine_name: "apiaudit",
                    fingerprint: &finding.fingerprint,
                    severity: severity(finding.severity),
                    location: Location {
                        path: &finding.path,
                        lines: Lines {
                            begin: finding.line.max(1),
                            end: finding.end_line.max(finding.line).max(1),
                        },
                    },
                    apiaudit_status: super::comparison::status(ctx, finding),
                }
            })
            .collect();
        // Rectification (`--compare`): one info issue on the earlier result with the counts per
        // rule and the fixed findings, since Code Quality has no other place for them.
        if let Some(comparison) = &ctx.audit.comparison {
            issues.push(Issue {
                kind: "issue",
                check_name: "apiaudit-rectification",
                description: super::comparison::headline(comparison, ctx.lang),
                content: Content {
                    body: super::comparison::text_block(ctx).join("\n"),
                },
                categories: ["Security"],
                engine_name: "apiaudit",
                fingerprint: "apiaudit-rectification",
                severity: "info",
                location: Location {
                    path: &comparison.previous,
                    lines: Lines { begin: 1, end: 1 },
                },
                apiaudit_status: None,
            });
        }
        // A review (`review --base`): the interface changelog as one info issue on the first
        // changed spec, for the same reason.
        let changelog_body = ctx
            .audit
            .review
            .as_ref()
            .map(|review| super::changelog::lines(review, ctx.lang == Lang::Zh));
        if let (Some(review), Some(lines)) = (&ctx.audit.review, &changelog_body) {
            if let Some(first) = review.changelog.first() {
                issues.push(Issue {
                    kind: "issue",
                    check_name: "apiaudit-changelog",
                    description: lines[0].clone(),
                    content: Content {
                        body: lines.join("\n"),
                    },
                    categories: ["Security"],
                    engine_name: "apiaudit",
                    fingerprint: "apiaudit-changelog",
                    severity: "info",
                    location: Location {
                        path: &first.operation.file,
                        lines: Lines { begin: 1, end: 1 },
                    },
                    apiaudit_status: None,
                });
            }
        }
        serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
        writeln!(out)
    }
}
