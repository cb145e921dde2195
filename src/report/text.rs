//! Terminal output: each finding as a miette diagnostic with its code snippet, then a summary
//! table by rule and severity (comfy-table), and where each rule is explained. Text is wrapped
//! to the terminal's width (`wrap`), never inside a code span; piped output is not wrapped.

use super::{wrap, ReportContext, Reporter};
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
    severity: &'static str,
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
        Some(Box::new(format!("{} [{}]", self.finding.rule, self.severity)))
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
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let handler = match ctx.width {
            Some(width) => handler
                .with_width(width)
                .with_word_separator(textwrap::WordSeparator::UnicodeBreakProperties)
                .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
                .with_break_words(false),
            None => handler.with_wrap_lines(false),
        };
        // Protected text only when it will be wrapped (see `wrap`).
        let protect = |text: &str| match ctx.width {
            Some(_) => wrap::protect(text),
            None => text.to_string(),
        };
        let zh = ctx.lang == Lang::Zh;
        for finding in &ctx.audit.findings {
            let meta = ctx.catalogue.get(finding.rule);
            let help = finding
                .help
                .as_ref()
                .map(|help| ctx.text(help).to_string())
                .or_else(|| Some(super::first_sentence(&meta.docs(ctx.lang).fix)));
            // miette labels the help "help:"; a Chinese report prints its own 修复方法 line.
            let (help, help_zh) = if zh {
                (None, help)
            } else {
                (help.map(|h| protect(&h)), None)
            };
            let title = protect(ctx.title(finding.rule));
            let diagnostic = FindingDiagnostic {
                finding,
                severity: finding.severity.label(ctx.lang),
                title: &title,
                heading: protect(&format!(
                    "{}:{}:{}: {}",
                    finding.path,
                    finding.line,
                    finding.column,
                    ctx.message(finding)
                )),
                help,
                source: finding.snippet.clone().map(|snippet| SnippetSource {
                    name: finding.path.to_string(),
                    snippet,
                }),
            };
            let mut rendered = String::new();
            handler
                .render_report(&mut rendered, &diagnostic)
                .map_err(|_| io::Error::other("cannot render a finding"))?;
            if let Some(width) = ctx.width {
                rendered = wrap::restore(&rendered);
                rendered = clip_quoted_lines(&rendered, width);
            }
            if let Some(help) = help_zh {
                let body = rendered.trim_end().len();
                rendered.truncate(body);
                rendered.push('\n');
                rendered.push_str(&wrap::fill_indented(&help, ctx.width, "  修复方法：", "    "));
                rendered.push_str("\n\n");
            }
            out.write_all(rendered.as_bytes())?;
        }
        if ctx.quiet {
            return Ok(());
        }
        let audit = ctx.audit;
        let mut lines = Vec::new();
        if !audit.findings.is_empty() {
            writeln!(out, "{}", summary_table(ctx))?;
            lines.push(explain_pointer(ctx));
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
            .join(if zh { "、" } else { ", " });
        let skipped = audit.summary.skipped.describe(zh);
        let timing = match (ctx.elapsed, zh) {
            (Some(s), false) => format!(" in {s:.2}s"),
            (Some(s), true) => format!("，用时 {s:.2} 秒"),
            (None, _) => String::new(),
        };
        if let Some(baseline) = &audit.summary.baseline {
            for entry in &baseline.stale {
                lines.push(if zh {
                    format!(
                        "失效基线条目：{} {}:{} {}（{}）",
                        entry.rule, entry.path, entry.line, entry.message, entry.fingerprint
                    )
                } else {
                    format!(
                        "stale baseline entry: {} {}:{} {} ({})",
                        entry.rule, entry.path, entry.line, entry.message, entry.fingerprint
                    )
                });
            }
        }
        lines.extend(super::comparison::text_block(ctx));
        if let Some(review) = &audit.review {
            lines.push(changelog_table(&review.changelog, zh));
        }
        let notes = super::scope_notes(ctx).join("");
        lines.push(if zh {
            format!(
                "发现问题 {} 个（{counts}），已豁免 {} 个；审计文件 {} 个、接口规范文件 {} 个、接口 {} 个，未审计 {skipped}{notes}{timing}",
                audit.summary.findings, audit.summary.suppressed, audit.summary.files, audit.summary.specs, audit.summary.operations
            )
        } else {
            format!(
                "{} ({counts}), {} suppressed; audited {}, {}, {}, not audited {skipped}{notes}{timing}",
                plural::s(audit.summary.findings, "finding"),
                audit.summary.suppressed,
                plural::s(audit.summary.files, "file"),
                plural::s(audit.summary.specs, "spec"),
                plural::s(audit.summary.operations, "operation")
            )
        });
        for line in lines {
            writeln!(out, "{}", wrap::fill(&line, ctx.width))?;
        }
        Ok(())
    }
}

/// miette wraps the messages but quotes source lines as they are: a quoted line (and its
/// label line) wider than the terminal is cut at the width, with `…`. The snippet's
/// `╭─[path:line:col]` header loses the start of its path instead (the heading above it
/// holds the whole path).
fn clip_quoted_lines(rendered: &str, width: usize) -> String {
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if let Some(clipped) = clip_snippet_header(body, width) {
            out.push_str(&clipped);
            if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        let quoted = body
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start()
            .starts_with(['│', '·', '┆', ':', '|']);
        if !quoted || textwrap::core::display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let mut used = 0;
        let line_start = out.len();
        let mut cut_at = body.len();
        let mut chars = body.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c == '\u{1b}' {
                // An ANSI sequence takes no column: copy it through whole.
                out.push(c);
                for (_, next) in chars.by_ref() {
                    out.push(next);
                    if next.is_ascii_alphabetic() {
                        break;
                    }
                }
                continue;
            }
            let w = textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
            if used + w + 1 > width {
                cut_at = at;
                break;
            }
            used += w;
            out.push(c);
        }
        // Never half a code span, pointer or URL: cut before it instead (`out` holds the
        // line's bytes as they are up to the cut).
        if let Some(run) = wrap::protected_ranges(body)
            .into_iter()
            .find(|r| r.start < cut_at && cut_at < r.end)
        {
            out.truncate(line_start + run.start);
        }
        out.push('…');
        if body.contains('\u{1b}') {
            out.push_str("\u{1b}[0m");
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// A `╭─[path:line:col]` header wider than `width`, with `…` for the start of its path; none
/// when it fits or is not one (or is coloured: the generic clipping handles that).
fn clip_snippet_header(body: &str, width: usize) -> Option<String> {
    let columns = textwrap::core::display_width(body);
    if columns <= width || body.contains('\u{1b}') {
        return None;
    }
    let open = body.find("╭─[")? + "╭─[".len();
    let close = body.rfind(']').filter(|&close| close > open)?;
    let location = &body[open..close];
    // Columns to drop from the location, plus one for the `…` put in their place.
    let excess = columns - width + 1;
    let mut dropped = 0;
    let cut = location
        .char_indices()
        .find(|&(_, c)| {
            let done = dropped >= excess;
            dropped += textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
            done
        })
        .map(|(at, _)| at)?;
    Some(format!(
        "{}…{}{}",
        &body[..open],
        &location[cut..],
        &body[close..]
    ))
}

/// Where to read more: `apiaudit explain` for the first rule reported, and the rule pages.
fn explain_pointer(ctx: &ReportContext<'_>) -> String {
    let code = ctx
        .audit
        .findings
        .first()
        .map_or("ID001".to_string(), |finding| finding.rule.to_string());
    let docs = super::rule_doc_url(ctx, &code);
    match ctx.lang {
        Lang::En => format!(
            "Each rule in full (what, why, how to fix, examples): `apiaudit explain CODE`, e.g. `apiaudit explain {code}`; rule pages: {docs}"
        ),
        Lang::Zh => format!(
            "规则详解（检查内容、为何重要、修复方法、示例）：`apiaudit explain 规则编号`，如 `apiaudit explain {code}`；规则文档：{docs}"
        ),
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
        .set_content_arrangement(if ctx.width.is_some() {
            ContentArrangement::Dynamic
        } else {
            ContentArrangement::Disabled
        });
    if let Some(width) = ctx.width {
        table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    }
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
