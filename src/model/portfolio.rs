//! The portfolio: what cross-file rules need of the whole run (every interface of every spec,
//! the third-party components declared, gateway routes, grants, Kong consumers, OAuth scope
//! definitions and every configured log). Each file's front ends fill a part of it; parts are
//! absorbed in path order and completed by the front ends' `finish`.
//! It is serialisable because `merge` rebuilds it from the JSON results of separate runs.

use super::components::Component;
use super::contract::SpecContracts;
use super::inventory::InventoryEntry;
use super::logs::LogPolicy;
use super::routes::{Consumer, Grant, InlineIgnore, Route, ScopeDef};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Portfolio {
    pub interfaces: Vec<InventoryEntry>,
    /// Every configured log with its retention.
    #[serde(default)]
    pub logs: Vec<LogPolicy>,
    /// Third-party components declared in manifests and lock files.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Gateway routes (Kong, Spring Cloud Gateway, nginx).
    #[serde(default)]
    pub routes: Vec<Route>,
    /// Rows of `apiaudit-grants.{yaml,csv}`.
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Kong consumers and their ACL groups.
    #[serde(default)]
    pub consumers: Vec<Consumer>,
    /// OAuth scopes the specs define.
    #[serde(default)]
    pub scopes: Vec<ScopeDef>,
    /// Inline suppressions that may cover portfolio findings (for `merge`).
    #[serde(default)]
    pub ignores: Vec<InlineIgnore>,
    /// Operations the code of the run serves (inventory entries with `origin: "code"`).
    #[serde(default)]
    pub served: Vec<InventoryEntry>,
    /// What the route front end read and could not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_stats: Option<super::served::RouteStats>,
    /// Every spec's operation contracts, in path order: kept only when `review` compares two
    /// revisions (`Settings::contracts`).
    #[serde(skip)]
    pub contracts: Vec<Arc<SpecContracts>>,
}

impl Portfolio {
    /// Adds what one file contributed. Files are absorbed in path order, so the result does not
    /// depend on the thread count.
    pub fn absorb(&mut self, part: Portfolio) {
        let Portfolio {
            interfaces,
            logs,
            components,
            routes,
            grants,
            consumers,
            scopes,
            ignores,
            served,
            route_stats: _,
            contracts,
        } = part;
        self.interfaces.extend(interfaces);
        self.logs.extend(logs);
        self.components.extend(components);
        self.routes.extend(routes);
        self.grants.extend(grants);
        self.consumers.extend(consumers);
        self.scopes.extend(scopes);
        self.ignores.extend(ignores);
        self.served.extend(served);
        self.contracts.extend(contracts);
    }

    /// Puts every list in a stable order (stable sorts: entries with equal keys keep the path
    /// order they were absorbed in) and drops repeated entries.
    pub fn sort(&mut self) {
        self.sort_interfaces_and_routes();
        self.components.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.logs.sort_by(|a, b| {
            (&a.file, a.line, &a.name, &a.profile).cmp(&(&b.file, b.line, &b.name, &b.profile))
        });
        self.logs.dedup_by(|a, b| {
            a.file == b.file && a.line == b.line && a.name == b.name && a.profile == b.profile
        });
        self.consumers
            .sort_by(|a, b| (&a.at, &a.name).cmp(&(&b.at, &b.name)));
        self.scopes
            .sort_by(|a, b| (&a.at, &a.scope).cmp(&(&b.at, &b.scope)));
        self.scopes.dedup_by(|a, b| a.at == b.at && a.scope == b.scope);
        self.ignores.sort();
        self.ignores.dedup();
    }

    /// Interfaces, gateway routes and grants in a stable order: what linking routes and grants
    /// to operations reads.
    pub fn sort_interfaces_and_routes(&mut self) {
        self.interfaces.sort_by(|a, b| {
            (&a.spec, a.line, &a.method, &a.path).cmp(&(&b.spec, b.line, &b.method, &b.path))
        });
        self.routes
            .sort_by(|a, b| (&a.at, &a.name).cmp(&(&b.at, &b.name)));
        self.grants
            .sort_by(|a, b| (&a.at, &a.interface).cmp(&(&b.at, &b.interface)));
    }
}
