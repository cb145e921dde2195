//! The audit report as Markdown (`-f markdown`), for a merge request, a wiki page or a GitHub
//! job summary (`--report markdown=$GITHUB_STEP_SUMMARY`). Same content as the HTML report
//! (see `document`), rendered by the template `templates/report.md.j2`.

use super::document::{Document, Evidence};
use super::{ReportContext, Reporter};
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Value};
use std::io::{self, Write};

pub struct MarkdownReporter;

const TEMPLATE: &str = include_str!("templates/report.md.j2");

/// Inline code whose fence is longer than any run of backticks inside it.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text that stays inside one table cell.
pub fn cell(text: &str) -> String {
    text.trim()
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Prose for HTML: escaped, with Markdown code spans (`like this`) as `<code>`.
pub fn prose_html(text: &str) -> String {
    let escape = |part: &str| minijinja::HtmlEscape(part).to_string();
    let parts: Vec<&str> = text.trim().split('`').collect();
    // An odd number of backticks is not a set of code spans: show the text as it is.
    if parts.len().is_multiple_of(2) {
        return escape(text.trim());
    }
    parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 && !part.is_empty() {
                format!("<code>{}</code>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect()
}

/// A paragraph of prose (catalogue docs are Markdown already).
fn text(value: &str) -> String {
    value.trim().to_string()
}

/// The evidence as a fenced block with line numbers; `>` marks the finding's lines.
fn evidence_block(value: Value) -> Result<String, minijinja::Error> {
    let evidence: Evidence = serde::Deserialize::deserialize(value)?;
    let mut body = String::new();
    for line in &evidence.lines {
        let marker = if line.marked { '>' } else { ' ' };
        body.push_str(&format!(
            "{marker}{:>width$} | {}{}{}\n",
            line.number,
            line.before,
            line.mark,
            line.after,
            width = evidence.width
        ));
    }
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    Ok(format!("{fence}text\n{body}{fence}"))
}

pub(crate) fn environment(
    template: &'static str,
    name: &'static str,
) -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("code", |s: &str| code(s));
    env.add_filter("cell", |s: &str| cell(s));
    env.add_filter("text", |s: &str| text(s));
    env.add_filter("evidence_block", evidence_block);
    env.add_filter("prose", |s: &str| Value::from_safe_string(prose_html(s)));
    env.add_template(name, template)?;
    Ok(env)
}

/// Renders a template; template errors are internal errors (the snapshot tests catch them).
pub(crate) fn render(template: &'static str, name: &'static str, context: Value) -> io::Result<String> {
    let env = environment(template, name).map_err(io::Error::other)?;
    env.get_template(name)
        .and_then(|template| template.render(context))
        .map_err(io::Error::other)
}

impl Reporter for MarkdownReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let document = Document::build(ctx);
        let text = render(TEMPLATE, "report.md.j2", Value::from(Serde(&document)))?;
        // Blank lines never come in threes in Markdown worth keeping.
        let mut previous_blank = 0;
        for line in text.lines() {
            let blank = line.trim().is_empty();
            previous_blank = if blank { previous_blank + 1 } else { 0 };
            if previous_blank < 2 {
                writeln!(out, "{}", line.trim_end())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(
            prose_html("use `a<b>` & go"),
            "use <code>a&lt;b&gt;</code> &amp; go"
        );
        assert_eq!(prose_html("odd ` tick"), "odd ` tick");
    }
}
