//! The portfolio: what cross-file rules need of the whole run (every interface of every spec,
//! the third-party components declared, and, as they land, gateway routes, grants and logs).
//! It is serialisable because `merge` rebuilds it from the JSON results of separate runs.

use super::components::Component;
use super::inventory::InventoryEntry;
use super::logs::{self, LogPolicy};
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
        } = part;
        self.interfaces.extend(interfaces);
        self.unreadable.extend(unreadable);
        self.logs.extend(logs);
        self.components.extend(components);
        self.poms.extend(poms);
    }

    /// Puts every list in a stable order before portfolio rules run (completing what needs
    /// the whole run first: Maven POMs are resolved into components here).
    pub fn sort(&mut self) {
        crate::deps::finish(self);
        self.components.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.interfaces.sort_by(|a, b| {
            (&a.spec, a.line, &a.method, &a.path).cmp(&(&b.spec, b.line, &b.method, &b.path))
        });
        self.unreadable.sort();
        // Settles what needs several files (profiles, included files, defaults), then sorts.
        logs::finish(&mut self.logs);
    }
}
