//! JSON (`-f json`), schema `apiaudit/v1` (SPEC §4). Keys are fixed; more may be added.

use super::{ReportContext, Reporter};
use crate::audit::Summary;
use crate::findings::Finding;
use crate::model::routes::{Consumer, InlineIgnore, RouteEntry, ScopeDef};
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
    /// Gateway routes and grants, each with the operations it reaches (SPEC §4).
    #[serde(default)]
    pub routes: Vec<RouteEntry>,
    /// What else `merge` needs to re-run the portfolio rules.
    #[serde(default)]
    pub estate: Estate,
}

/// Kong consumers, OAuth scope definitions and inline suppressions of portfolio findings.
#[derive(Debug, Default, Serialize, Deserialize)]
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
            routes: audit
                .portfolio
                .routes
                .iter()
                .map(|route| RouteEntry::Route(Box::new(route.clone())))
                .chain(
                    audit
                        .portfolio
                        .grants
                        .iter()
                        .map(|grant| RouteEntry::Grant(Box::new(grant.clone()))),
                )
                .collect(),
            estate: Estate {
                consumers: audit.portfolio.consumers.clone(),
                scopes: audit.portfolio.scopes.clone(),
                ignores: audit.portfolio.ignores.clone(),
            },
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
        writeln!(out)
    }
}
