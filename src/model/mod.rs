//! The model: what the rules read. `spec` holds one OpenAPI document (2.0, 3.0 or 3.1, with its
//! `$ref`'d files) normalised into one shape with positions; `load` builds it; `inventory` is
//! the interface list (接口清单); `portfolio` is everything of the run that cross-file rules need.

pub mod inventory;
pub mod load;
pub mod portfolio;
pub mod schema;
pub mod spec;

pub use inventory::InventoryEntry;
pub use portfolio::Portfolio;
pub use spec::{Level, NodeRef, Operation, Spec, SpecUnit, SpecVersion};
