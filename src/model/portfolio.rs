//! The portfolio: what cross-file rules need of the whole run (every interface of every spec,
//! the third-party components declared, gateway routes, grants, Kong consumers, OAuth scope
//! definitions and every configured log).
//! It is serialisable because `merge` rebuilds it from the JSON results of separate runs.

use super::components::Component;
use super::inventory::InventoryEntry;
use super::logs::{self, LogPolicy};
use super::routes::{Consumer, Grant, InlineIgnore, Route, ScopeDef};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Portfolio {
    pub interfaces: Vec<InventoryEntry>,
    /// Files that could not be read: (path, rel, reason).
    pub unreadable: Vec<(String, String, String)>,
    /// Every configured log with its retention.
    #[serde(default)]
    pub logs: Vec<LogPolicy>,
    /// Third-party components declared in manifests and lock files.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Maven POMs as read, resolved against each other into `components` by `sort`.
    #[serde(skip)]
    pub poms: Vec<crate::deps::maven::Pom>,
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
}

impl Portfolio {
    /// Adds what one file contributed. Files are absorbed in path order, so the result does not
    /// depend on the thread count.
    pub fn absorb(&mut self, part: Portfolio) {
        let Portfolio {
            interfaces,
            unreadable,
            logs,
            components,
            poms,
            routes,
            grants,
            consumers,
            scopes,
            ignores,
        } = part;
        self.interfaces.extend(interfaces);
        self.unreadable.extend(unreadable);
        self.logs.extend(logs);
        self.components.extend(components);
        self.poms.extend(poms);
        self.routes.extend(routes);
        self.grants.extend(grants);
        self.consumers.extend(consumers);
        self.scopes.extend(scopes);
        self.ignores.extend(ignores);
    }

    /// Puts every list in a stable order before portfolio rules run, completing what needs the
    /// whole run first: Maven POMs are resolved into components, log policies settled across
    /// files, and routes and grants linked to the operations they reach.
    pub fn sort(&mut self) {
        crate::deps::finish(self);
        self.components.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.interfaces.sort_by(|a, b| {
            (&a.spec, a.line, &a.method, &a.path).cmp(&(&b.spec, b.line, &b.method, &b.path))
        });
        self.unreadable.sort();
        // Settles what needs several files (profiles, included files, defaults), then sorts.
        logs::finish(&mut self.logs);
        self.routes
            .sort_by(|a, b| (&a.at, &a.name).cmp(&(&b.at, &b.name)));
        self.grants
            .sort_by(|a, b| (&a.at, &a.interface).cmp(&(&b.at, &b.interface)));
        self.consumers
            .sort_by(|a, b| (&a.at, &a.name).cmp(&(&b.at, &b.name)));
        self.scopes
            .sort_by(|a, b| (&a.at, &a.scope).cmp(&(&b.at, &b.scope)));
        self.scopes.dedup_by(|a, b| a.at == b.at && a.scope == b.scope);
        self.ignores.sort();
        self.ignores.dedup();
        super::matching::link(self);
    }
}
