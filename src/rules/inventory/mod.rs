//! INV: the interface inventory against the code. What code serves must be declared in a spec
//! (INV001: otherwise it has no unified ID, no declared level and no spec rule sees it), and
//! what a spec declares must be served by its service's code (INV002: otherwise the spec is
//! stale). Served operations come from the route front end (`frontend::routes`); the matching
//! of code and specs is `model::matching::served`.

pub mod undeclared_served_interface;
pub mod unserved_declared_interface;

use crate::model::InventoryEntry;

/// `POST /v1/transfers` served by `TransferController.create` (`src/.../TransferController.java:41`).
pub(crate) fn code_location(entry: &InventoryEntry) -> String {
    format!("{}:{}", entry.file, entry.line)
}

/// Whether a served path is one of the endpoints frameworks add (`[routes] framework-endpoints`),
/// with or without its context path.
pub(crate) fn is_framework_endpoint(entry: &InventoryEntry, endpoints: &globset::GlobSet) -> bool {
    if endpoints.is_match(&entry.path) {
        return true;
    }
    entry
        .servers
        .first()
        .and_then(|context| entry.path.strip_prefix(context.as_str()))
        .is_some_and(|rest| endpoints.is_match(if rest.is_empty() { "/" } else { rest }))
}
