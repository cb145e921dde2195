//! LIFE: the interface lifecycle. A deprecated operation must say when it goes and what
//! replaces it (LIFE001), must not stay published past that date (LIFE002), and once retired
//! must lose its routes, grants and OAuth scopes (LIFE003); routes and grants must reach an
//! interface some spec still defines (LIFE004), and must no longer be served by code (LIFE005).
//! The last three need the whole estate: every spec, gateway and grants config and the code of
//! the run, or of the results `merge` combines.

pub mod deprecated_permission_not_revoked;
pub mod deprecated_still_served;
pub mod deprecation_without_sunset;
pub mod orphaned_route_or_grant;
pub mod published_after_sunset;

use crate::catalogue::RuleCode;
use crate::findings::{Msg, OperationRef, RawFinding, Snippet};
use crate::model::routes::{At, OperationKey};
use crate::model::{InventoryEntry, Portfolio};
use std::collections::HashMap;

/// Finds inventory entries by the key routes and grants carry.
pub(crate) struct ByKey<'p> {
    map: HashMap<(&'p str, &'p str, &'p str), usize>,
    portfolio: &'p Portfolio,
}

impl<'p> ByKey<'p> {
    pub fn new(portfolio: &'p Portfolio) -> Self {
        let map = portfolio
            .interfaces
            .iter()
            .enumerate()
            .map(|(i, e)| ((&*e.spec, e.method.as_str(), e.path.as_str()), i))
            .collect();
        ByKey { map, portfolio }
    }

    pub fn get(&self, key: &OperationKey) -> Option<(usize, &'p InventoryEntry)> {
        let index = *self
            .map
            .get(&(key.spec.as_str(), key.method.as_str(), key.path.as_str()))?;
        Some((index, &self.portfolio.interfaces[index]))
    }
}

/// `POST /v1/transfers (OPC…; specs/pay.yaml:31)`.
pub(crate) fn describe(entry: &InventoryEntry) -> String {
    match &entry.id {
        Some(id) => format!(
            "{} {} ({id}; {}:{})",
            entry.method, entry.path, entry.file, entry.line
        ),
        None => format!("{} {} ({}:{})", entry.method, entry.path, entry.file, entry.line),
    }
}

/// The first few items, and how many more there are.
pub(crate) fn some_of(items: &[String]) -> Msg {
    const SHOWN: usize = 3;
    let shown = items.iter().take(SHOWN).cloned().collect::<Vec<_>>();
    let more = items.len().saturating_sub(SHOWN);
    if more == 0 {
        Msg::new(shown.join(", "), shown.join("、"))
    } else {
        Msg::new(
            format!("{} and {more} more", shown.join(", ")),
            format!("{} 等另外 {more} 个", shown.join("、")),
        )
    }
}

pub(crate) fn operation_ref(entry: &InventoryEntry) -> OperationRef {
    OperationRef {
        method: entry.method.clone(),
        path: entry.path.clone(),
        id: entry.id.clone(),
        level: entry.level.clone(),
    }
}

/// A portfolio finding at a route, grant or policy: position and the snippet captured when the
/// config was read.
pub(crate) fn finding_at(
    rule: RuleCode,
    at: &At,
    snippet: Option<&Snippet>,
    message: crate::findings::Msg,
) -> RawFinding {
    let mut finding = RawFinding::at_pos(rule, &at.file, &at.rel, at.pos(), message);
    finding.snippet = snippet.cloned();
    if let Some(snippet) = snippet {
        finding.key = snippet.text.trim().chars().take(200).collect();
    }
    finding
}
