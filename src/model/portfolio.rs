//! The portfolio: what cross-file rules need of the whole run (every interface of every spec,
//! and, as they land, gateway routes, grants and logs). It is serialisable because `merge`
//! rebuilds it from the JSON results of separate runs.

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
}

impl Portfolio {
    /// Adds what one file contributed. Files are absorbed in path order, so the result does not
    /// depend on the thread count.
    pub fn absorb(&mut self, part: Portfolio) {
        let Portfolio {
            interfaces,
            unreadable,
            logs,
        } = part;
        self.interfaces.extend(interfaces);
        self.unreadable.extend(unreadable);
        self.logs.extend(logs);
    }

    /// Puts every list in a stable order before portfolio rules run.
    pub fn sort(&mut self) {
        self.interfaces.sort_by(|a, b| {
            (&a.spec, a.line, &a.method, &a.path).cmp(&(&b.spec, b.line, &b.method, &b.path))
        });
        self.unreadable.sort();
        // Settles what needs several files (profiles, included files, defaults), then sorts.
        logs::finish(&mut self.logs);
    }
}
