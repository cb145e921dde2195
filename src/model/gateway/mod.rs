//! Front ends for gateway and permission configs: each looks at a file's name and content,
//! returns at once when the file is not its kind, and otherwise adds routes, grants, consumers
//! and policies, with positions, to the file's part of the portfolio. A config of its kind that
//! does not parse is a META001 finding at the position of the error, never a crash.
//!
//! - `kong`: Kong declarative config (`_format_version`), YAML or JSON.
//! - `scg`: Spring Cloud Gateway routes, YAML (nested or dotted keys) and `.properties`.
//! - `nginx`: `location` blocks that proxy (`proxy_pass` and the other `*_pass`).
//! - `grants`: `apiaudit-grants.{yaml,yml,json,csv}`.

pub mod grants;
pub mod kong;
pub mod nginx;
pub mod scg;

use super::routes::InlineIgnore;
use super::Portfolio;
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput};
use crate::source::{SourceFile, Span};

/// Runs every front end on one file.
pub fn extract(input: &FileInput, ctx: &Ctx<'_>, part: &mut Portfolio, out: &mut Vec<RawFinding>) {
    let before = (part.routes.len(), part.grants.len(), part.consumers.len());
    let mut problems = Vec::new();
    kong::extract(input, part, &mut problems);
    scg::extract(input, part);
    nginx::extract(input, part, &mut problems);
    grants::extract(input, part, &mut problems);
    spring_unparsable(input, &mut problems);
    if ctx.settings.rule_enabled("META001") {
        for (offset, what) in problems {
            out.push(unparsable(&input.file, offset, &what, ctx));
        }
    }
    let contributed =
        before != (part.routes.len(), part.grants.len(), part.consumers.len()) || !part.interfaces.is_empty();
    if contributed {
        keep_ignores(input, ctx, part);
    }
}

/// A Spring Boot `application*`/`bootstrap*` YAML file that does not parse: its gateway routes
/// and logging keys cannot be read, so the file is reported rather than passed over in silence
/// (an alias bomb or 100,000-deep nesting must not make a config invisible).
fn spring_unparsable(input: &FileInput, problems: &mut Vec<(usize, String)>) {
    let name = input.file_name();
    let spring = (name.starts_with("application") || name.starts_with("bootstrap"))
        && matches!(extension(&name), "yaml" | "yml");
    if !spring || input.structured().is_some() {
        return;
    }
    // Parsed again only on this rare path, for the message and position of the error.
    if let Err(error) = crate::parse::parse_structured(&input.file.text, crate::parse::Limits::default()) {
        problems.push((
            error.offset as usize,
            format!("the Spring Boot configuration does not parse: {}", error.message),
        ));
    }
}

/// A config of a kind apiaudit models that does not parse.
fn unparsable(file: &SourceFile, offset: usize, what: &str, ctx: &Ctx<'_>) -> RawFinding {
    let at = floor_char(&file.text, offset);
    let end = file.text[at..].find('\n').map_or(file.text.len(), |n| at + n);
    RawFinding::at(
        "META001",
        file,
        Span::new(at, end.max(at)),
        ctx.tr(format!("not audited: {what}"), format!("未能审计：{what}")),
    )
    .with_key_part("unparsable")
}

/// Inline `apiaudit:ignore` comments of a file that feeds portfolio rules, so that `merge`
/// can apply them as one scan does.
fn keep_ignores(input: &FileInput, ctx: &Ctx<'_>, part: &mut Portfolio) {
    for comment in &input.comments {
        let Some(reason) = &comment.reason else {
            continue;
        };
        let portfolio_rule = comment.rules.iter().any(|rule| {
            rule == "ALL"
                || ctx.catalogue.rules().iter().any(|meta| {
                    meta.scope == crate::catalogue::Scope::Portfolio && meta.code.starts_with(rule.as_str())
                })
        });
        if portfolio_rule {
            part.ignores.push(InlineIgnore {
                file: input.file.path.clone(),
                line: comment.line,
                rules: comment.rules.clone(),
                reason: reason.clone(),
            });
        }
    }
}

/// A YAML/JSON key compared the way Spring's relaxed binding and humans write it:
/// `default-filters`, `defaultFilters` and `default_filters` are one key.
pub(crate) fn relaxed(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The lower-cased extension of a file name.
pub(crate) fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// The largest char boundary at or before `offset` (error offsets come from several parsers).
pub(crate) fn floor_char(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
