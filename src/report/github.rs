//! GitHub workflow annotations (`-f github`): one `::error`/`::warning`/`::notice` command per
//! reported finding, which GitHub Actions shows on the pull request's diff and the run's
//! summary, then one notice with the totals. Paths are printed as findings carry them, so
//! run apiaudit from the repository root for the annotations to land on the right files.
//!
//! Escaping follows the runner's command syntax: in the message `%`, CR and LF are
//! percent-encoded; in property values `:` and `,` are too, since they delimit properties.

use super::{ReportContext, Reporter};
use crate::catalogue::Lang;
use crate::findings::{Finding, Severity};
use std::io::{self, Write};

pub struct GithubReporter;

/// The annotation level of a severity: errors for what fails a pipeline by default.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escapes the message part (after `::`).
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=`, `title=`).
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn annotation(finding: &Finding, ctx: &ReportContext<'_>) -> String {
    let mut properties = vec![format!("file={}", escape_property(&finding.path))];
    if finding.line > 0 {
        properties.push(format!("line={}", finding.line));
        properties.push(format!("col={}", finding.column.max(1)));
        if finding.end_line >= finding.line {
            properties.push(format!("endLine={}", finding.end_line));
        }
        // GitHub takes endColumn only on single-line annotations.
        if finding.end_line == finding.line && finding.end_column > finding.column {
            properties.push(format!("endColumn={}", finding.end_column));
        }
    }
    let mut title = format!("{} {}", finding.rule, ctx.title(finding.rule));
    if let Some(status) = super::comparison::status(ctx, finding) {
        title.push_str(match (status, ctx.lang) {
            ("new", Lang::En) => " (new)",
            ("new", Lang::Zh) => "（新增）",
            (_, Lang::En) => " (still open)",
            (_, Lang::Zh) => "（仍未整改）",
        });
    }
    properties.push(format!("title={}", escape_property(title.trim())));
    let fix = finding
        .help
        .as_ref()
        .map(|help| ctx.text(help).to_string())
        .or_else(|| {
            Some(super::first_sentence(
                &ctx.catalogue.get(finding.rule).docs(ctx.lang).fix,
            ))
        });
    let mut message = format!(
        "[{}] {}",
        super::severity_label(finding.severity, ctx.lang),
        ctx.message(finding)
    );
    if let Some(fix) = fix.filter(|f| !f.is_empty()) {
        let label = match ctx.lang {
            Lang::En => "Fix: ",
            Lang::Zh => "修复：",
        };
        message.push_str(&format!("\n{label}{fix}"));
    }
    format!(
        "::{} {}::{}",
        command(finding.severity),
        properties.join(","),
        escape_data(&message)
    )
}

impl Reporter for GithubReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        for finding in &ctx.audit.findings {
            writeln!(out, "{}", annotation(finding, ctx))?;
        }
        if ctx.quiet {
            return Ok(());
        }
        let summary = super::totals_sentence(ctx);
        writeln!(out, "::notice title=apiaudit::{}", escape_data(&summary))?;
        // Rectification: one notice with the counts per rule and the fixed findings.
        let block = super::comparison::text_block(ctx);
        if !block.is_empty() {
            let title = match ctx.lang {
                Lang::En => "apiaudit rectification",
                Lang::Zh => "apiaudit 整改情况",
            };
            writeln!(
                out,
                "::notice title={}::{}",
                escape_property(title),
                escape_data(&block.join("\n"))
            )?;
        }
        // A review: the interface changelog in one notice.
        if let Some(review) = &ctx.audit.review {
            let title = match ctx.lang {
                Lang::En => "apiaudit interface changelog",
                Lang::Zh => "apiaudit 接口变更清单",
            };
            let lines = super::changelog::lines(review, ctx.lang == Lang::Zh);
            writeln!(
                out,
                "::notice title={}::{}",
                escape_property(title),
                escape_data(&lines.join("\n"))
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_commands_and_properties() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // A message cannot start a new workflow command on a line of its own.
        assert!(!escape_data("x\n::set-output name=a::b").contains('\n'));
    }
}
