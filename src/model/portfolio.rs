//! The portfolio: what cross-file rules need of the whole run (every interface of every spec,
//! and, as they land, gateway routes, grants and logs). It is serialisable because `merge`
//! rebuilds it from the JSON results of separate runs.

use super::inventory::InventoryEntry;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Portfolio {
    pub interfaces: Vec<InventoryEntry>,
    /// Files that could not be read: (path, rel, reason).
    pub unreadable: Vec<(String, String, String)>,
}
