//! JSON (`-f json`), schema `apiaudit/v1` (SPEC §4). Keys are fixed; more may be added.

use super::{ReportContext, Reporter};
use crate::catalogue::Lang;
use crate::discover::SkippedView;
use crate::findings::{Finding, FindingView};
use crate::model::routes::{Consumer, InlineIgnore, RouteEntry, ScopeDef};
use crate::model::{Component, InventoryEntry, LogPolicy};
use crate::report::result::Summary;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

pub use crate::findings::RESULT_SCHEMA as SCHEMA;

#[derive(Debug, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    /// The language of the document's texts (messages, titles, fixes).
    #[serde(default)]
    pub lang: Lang,
}

impl Tool {
    pub fn new(lang: Lang) -> Tool {
        Tool {
            name: "apiaudit".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            lang,
        }
    }
}

/// The JSON document as `merge` reads it back (the reporter below writes it).
#[derive(Debug, Deserialize)]
pub struct JsonReport {
    pub schema: String,
    pub tool: Tool,
    pub roots: Vec<String>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Finding>,
    /// Files not audited, with the reason (SPEC §2).
    #[serde(default)]
    pub skipped: Vec<SkippedView>,
    pub inventory: Vec<InventoryEntry>,
    /// Every configured log with its computed retention (docs/logging.md).
    #[serde(default)]
    pub logs: Vec<LogPolicy>,
    /// Third-party components declared in manifests and lock files (SBOM-like).
    #[serde(default)]
    pub components: Vec<Component>,
    /// Gateway routes and grants, each with the operations it reaches (SPEC §4).
    #[serde(default)]
    pub routes: Vec<RouteEntry>,
    /// What else `merge` needs to re-run the portfolio rules.
    #[serde(default)]
    pub estate: Estate,
}

/// Kong consumers, OAuth scope definitions and inline suppressions of portfolio findings.
#[derive(Debug, Default, Deserialize)]
pub struct Estate {
    #[serde(default)]
    pub consumers: Vec<Consumer>,
    #[serde(default)]
    pub scopes: Vec<ScopeDef>,
    #[serde(default)]
    pub ignores: Vec<InlineIgnore>,
}

pub struct JsonReporter;

impl Reporter for JsonReporter {
    /// Writes what `serde_json::to_writer_pretty` would write for a [`JsonReport`], byte for
    /// byte, without copying the report first; the long arrays (findings, inventory) are
    /// serialised in parallel batches on the run's thread pool, since a whole API directory
    /// gives hundreds of megabytes of them.
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let audit = ctx.audit;
        let portfolio = &audit.portfolio;
        let routes: Vec<RouteEntry> = portfolio
            .routes
            .iter()
            .map(|route| RouteEntry::Route(Box::new(route.clone())))
            .chain(
                portfolio
                    .grants
                    .iter()
                    .map(|grant| RouteEntry::Grant(Box::new(grant.clone()))),
            )
            .collect();
        let estate = EstateRef {
            consumers: &portfolio.consumers,
            scopes: &portfolio.scopes,
            ignores: &portfolio.ignores,
        };
        let tool = Tool::new(ctx.lang);
        // Each finding is viewed in the report's language as it is written, not all at once
        // beforehand: an estate's views alone would take tens of megabytes.
        let view = viewer(ctx);
        out.write_all(b"{\n")?;
        field(out, "schema", &SCHEMA, false)?;
        field(out, "tool", &tool, false)?;
        field(out, "roots", &audit.roots, false)?;
        field(out, "summary", &audit.summary, false)?;
        array_field(out, "findings", &audit.findings, view)?;
        array_field(out, "suppressed", &audit.suppressed, view)?;
        array_field(out, "skipped", &audit.skipped, |file| file.view(ctx.lang))?;
        // Spec operations, then the operations code serves (`origin`).
        let inventory: Vec<&crate::model::InventoryEntry> =
            portfolio.interfaces.iter().chain(&portfolio.served).collect();
        array_field(out, "inventory", &inventory, same)?;
        array_field(out, "logs", &portfolio.logs, same)?;
        array_field(out, "components", &portfolio.components, same)?;
        array_field(out, "routes", &routes, same)?;
        if let Some(comparison) = &audit.comparison {
            field(out, "comparison", comparison, false)?;
        }
        if let Some(review) = &audit.review {
            field(out, "review", review, false)?;
        }
        field(out, "estate", &estate, true)?;
        out.write_all(b"}\n")
    }
}

/// [`Estate`] by reference.
#[derive(Serialize)]
struct EstateRef<'a> {
    consumers: &'a [Consumer],
    scopes: &'a [ScopeDef],
    ignores: &'a [InlineIgnore],
}

/// One member of the top-level object, at indentation level 1.
fn field(out: &mut dyn Write, key: &str, value: &impl Serialize, last: bool) -> io::Result<()> {
    write!(out, "  \"{key}\": ")?;
    out.write_all(&pretty_at(value, 1)?)?;
    out.write_all(if last { b"\n" } else { b",\n" })
}

/// A finding as JSON writes it: in the report's language, with its rule's title.
fn viewer<'a>(ctx: &'a ReportContext<'a>) -> impl Fn(&'a Finding) -> FindingView<'a> + Sync + Send + Copy {
    move |finding| finding.view(ctx.lang, ctx.title(finding.rule))
}

/// An element written as it is.
fn same<T>(item: &T) -> &T {
    item
}

/// An array member of the top-level object, its elements (each as `view` shows it) at level 2.
/// A helper thread serialises batches of elements in parallel while this one writes the
/// previous batch.
fn array_field<'a, T: Sync, V: Serialize>(
    out: &mut dyn Write,
    key: &str,
    items: &'a [T],
    view: impl Fn(&'a T) -> V + Sync + Send,
) -> io::Result<()> {
    const BATCH: usize = 4096;
    const PIECE: usize = 64;
    write!(out, "  \"{key}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[],\n");
    }
    out.write_all(b"[\n")?;
    std::thread::scope(|scope| -> io::Result<()> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<io::Result<Vec<Vec<u8>>>>(2);
        let view = &view;
        scope.spawn(move || {
            for (batch_index, batch) in items.chunks(BATCH).enumerate() {
                let pieces = batch
                    .par_chunks(PIECE)
                    .enumerate()
                    .map(|(piece_index, piece)| {
                        let mut text = Vec::new();
                        for (offset, item) in piece.iter().enumerate() {
                            if batch_index + piece_index + offset > 0 {
                                text.extend_from_slice(b",\n");
                            }
                            text.extend_from_slice(b"    ");
                            text.extend_from_slice(&pretty_at(&view(item), 2)?);
                        }
                        Ok(text)
                    })
                    .collect();
                // The writer stopped (a write failed): nothing more to do.
                if sender.send(pieces).is_err() {
                    break;
                }
            }
        });
        for pieces in receiver {
            for piece in pieces? {
                out.write_all(&piece)?;
            }
        }
        Ok(())
    })?;
    out.write_all(b"\n  ],\n")
}

/// `value` pretty-printed as it appears at indentation `level` (two spaces each): every line
/// after the first indented. JSON strings hold no raw line breaks, so every `\n` is a line.
fn pretty_at(value: &impl Serialize, level: usize) -> io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    let breaks = text.iter().filter(|&&byte| byte == b'\n').count();
    if breaks == 0 {
        return Ok(text);
    }
    let mut indented = Vec::with_capacity(text.len() + breaks * 2 * level);
    for (index, line) in text.split(|&byte| byte == b'\n').enumerate() {
        if index > 0 {
            indented.push(b'\n');
            indented.resize(indented.len() + 2 * level, b' ');
        }
        indented.extend_from_slice(line);
    }
    Ok(indented)
}
