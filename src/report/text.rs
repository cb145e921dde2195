//! Terminal output: each finding as a miette diagnostic with its code snippet, then a summary
//! table by rule and severity (comfy-table).

use super::{ReportContext, Reporter};
use crate::catalogue::Lang;
use crate::catalogue::RuleCode;
use crate::findings::plural;
use crate::findings::{Finding, Severity, Snippet};
use comfy_table::{presets, Cell, ContentArrangement, Table};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

pub struct TextReporter;

/// A snippet as miette source: the text starts at `snippet.line`, not line 1.
struct SnippetSource {
    name: String,
    snippet: Snippet,
}

impl SourceCode for SnippetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .snippet
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.snippet.line.saturating_sub(1) as usize,
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    title: &'a str,
    heading: String,
    help: Option<String>,
    source: Option<SnippetSource>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} [{}]",
            self.finding.rule, self.finding.severity
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium => miette::Severity::Warning,
            Severity::Low | Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = &self.source.as_ref()?.snippet;
        let label = LabeledSpan::new(
            Some(self.title.to_string()),
            snippet.offset as usize,
            snippet.length as usize,
        );
        Some(Box::new(std::iter::once(label)))
    }
}

impl Reporter for TextReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let theme = if ctx.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(110)
            .with_context_lines(1);
        let zh = ctx.lang == Lang::Zh;
        for finding in &ctx.audit.findings {
            let meta = ctx.catalogue.get(finding.rule);
            let help = finding
                .help
                .as_ref()
                .map(|help| ctx.text(help).to_string())
                .or_else(|| Some(super::first_sentence(&meta.docs(ctx.lang).fix)));
            let diagnostic = FindingDiagnostic {
                finding,
                title: ctx.title(finding.rule),
                heading: format!(
                    "{}:{}:{}: {}",
                    finding.path,
                    finding.line,
                    finding.column,
                    ctx.message(finding)
                ),
                help,
                source: finding.snippet.clone().map(|snippet| SnippetSource {
                    name: finding.path.clone(),
                    snippet,
                }),
            };
            let mut rendered = String::new();
            handler
                .render_report(&mut rendered, &diagnostic)
                .map_err(|_| io::Error::other("cannot render a finding"))?;
            out.write_all(rendered.as_bytes())?;
        }
        if ctx.quiet {
            return Ok(());
        }
        let audit = ctx.audit;
        if !audit.findings.is_empty() {
            writeln!(out, "{}", summary_table(ctx))?;
        }
        let counts = Severity::ALL
            .iter()
            .map(|s| {
                let n = audit.summary.by_severity.get(*s);
                if zh {
                    format!("{} {n}", s.zh())
                } else {
                    format!("{n} {s}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let skipped = audit.summary.skipped.describe(zh);
        let timing = ctx.elapsed.map(|s| format!(" in {s:.2}s")).unwrap_or_default();
        if let Some(baseline) = &audit.summary.baseline {
            for entry in &baseline.stale {
                if zh {
                    writeln!(
                        out,
                        "失效基线条目：{} {}:{} {}（{}）",
                        entry.rule, entry.path, entry.line, entry.message, entry.fingerprint
                    )?;
                } else {
                    writeln!(
                        out,
                        "stale baseline entry: {} {}:{} {} ({})",
                        entry.rule, entry.path, entry.line, entry.message, entry.fingerprint
                    )?;
                }
            }
        }
        for line in super::comparison::text_block(ctx) {
            writeln!(out, "{line}")?;
        }
        if let Some(review) = &audit.review {
            writeln!(out, "{}", changelog_table(&review.changelog, zh))?;
        }
        let notes = super::scope_notes(ctx).join("");
        if zh {
            writeln!(
                out,
                "发现问题 {} 个（{counts}），已抑制 {} 个；审计文件 {} 个、接口文档 {} 个、接口 {} 个，未审计 {skipped}{notes}{timing}",
                audit.summary.findings, audit.summary.suppressed, audit.summary.files, audit.summary.specs, audit.summary.operations
            )
        } else {
            writeln!(
                out,
                "{} ({counts}), {} suppressed; audited {}, {}, {}, not audited {skipped}{notes}{timing}",
                plural::s(audit.summary.findings, "finding"),
                audit.summary.suppressed,
                plural::s(audit.summary.files, "file"),
                plural::s(audit.summary.specs, "spec"),
                plural::s(audit.summary.operations, "operation")
            )
        }
    }
}

/// The interface changelog of a review (接口变更清单).
fn changelog_table(entries: &[crate::model::change::ChangelogEntry], zh: bool) -> String {
    if entries.is_empty() {
        return (if zh {
            "接口变更清单：本次变更未改动任何接口。"
        } else {
            "Interface changelog: no operation was added, removed or changed."
        })
        .to_string();
    }
    // One line per operation, not a table: IDs, paths and locations are too long for columns
    // of a terminal's width and would be cut mid-word.
    let mut out = String::from(if zh {
        "接口变更清单"
    } else {
        "Interface changelog (接口变更清单)"
    });
    for row in super::changelog::rows(entries, zh) {
        let id = if row.id.is_empty() { "—" } else { row.id.as_str() };
        out.push_str(&format!(
            "\n  [{}] {} {}  {id}  {}  {}",
            row.change, row.method, row.path, row.level, row.location
        ));
        if !row.what.is_empty() {
            out.push_str(&format!("\n      {}", row.what));
        }
    }
    out
}

fn summary_table(ctx: &ReportContext<'_>) -> Table {
    let zh = ctx.lang == Lang::Zh;
    let mut by_rule: BTreeMap<RuleCode, (Severity, usize)> = BTreeMap::new();
    for finding in &ctx.audit.findings {
        let entry = by_rule.entry(finding.rule).or_insert((finding.severity, 0));
        entry.0 = entry.0.max(finding.severity);
        entry.1 += 1;
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(110);
    if zh {
        table.set_header(vec!["规则", "说明", "级别", "数量"]);
    } else {
        table.set_header(vec!["rule", "title", "severity", "count"]);
    }
    for (rule, (severity, count)) in by_rule {
        let title = ctx.catalogue.get(rule).docs(ctx.lang).title.clone();
        let severity = if zh {
            severity.zh().to_string()
        } else {
            severity.to_string()
        };
        table.add_row(vec![
            Cell::new(rule),
            Cell::new(title),
            Cell::new(severity),
            Cell::new(count),
        ]);
    }
    table
}
