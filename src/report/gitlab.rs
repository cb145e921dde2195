//! GitLab Code Quality (`-f gitlab`): the CodeClimate-style JSON array GitLab reads from a job's
//! `artifacts:reports:codequality` and shows in merge requests and pipelines. One issue per
//! reported finding; the fingerprint is apiaudit's, so GitLab can tell new findings from old
//! ones between branches. Paths must be relative to the repository root: run apiaudit from it.

use super::{ReportContext, Reporter};
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
        let issues: Vec<Issue<'_>> = ctx
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
                        "{} {}: {}",
                        finding.rule,
                        ctx.title(finding.rule),
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
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
        writeln!(out)
    }
}
