//! JSON (`-f json`), schema `apiaudit/v1` (SPEC §4). Keys are fixed; more may be added.

use super::{ReportContext, Reporter};
use crate::audit::Summary;
use crate::findings::Finding;
use crate::model::{Component, InventoryEntry, LogPolicy};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

pub const SCHEMA: &str = "apiaudit/v1";

#[derive(Debug, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// The JSON document, also what `merge` reads back.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonReport {
    pub schema: String,
    pub tool: Tool,
    pub roots: Vec<String>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Finding>,
    pub inventory: Vec<InventoryEntry>,
    /// Every configured log with its computed retention (docs/logging.md).
    #[serde(default)]
    pub logs: Vec<LogPolicy>,
    /// Third-party components declared in manifests and lock files (SBOM-like).
    #[serde(default)]
    pub components: Vec<Component>,
}

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let audit = ctx.audit;
        let report = JsonReport {
            schema: SCHEMA.into(),
            tool: Tool {
                name: "apiaudit".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            roots: audit.roots.clone(),
            summary: audit.summary.clone(),
            findings: audit.findings.clone(),
            suppressed: audit.suppressed.clone(),
            inventory: audit.portfolio.interfaces.clone(),
            logs: audit.portfolio.logs.clone(),
            components: audit.portfolio.components.clone(),
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
        writeln!(out)
    }
}
