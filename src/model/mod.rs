//! The model: what the rules read. `spec` holds one OpenAPI document (2.0, 3.0 or 3.1, with its
//! `$ref`'d files) normalised into one shape with positions; `load` builds it; `inventory` is
//! the interface list (接口清单); `portfolio` is everything of the run that cross-file rules need; `logs` the
//! retention model of every configured log.

pub mod components;
pub mod flow;
pub mod gateway;
pub mod inventory;
pub mod level_inference;
pub mod lifecycle;
pub mod load;
pub mod logs;
pub mod matching;
pub mod pfi;
pub mod portfolio;
pub mod routes;
pub mod schema;
pub mod spec;

use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput};

pub use components::{Component, Ecosystem};
pub use inventory::InventoryEntry;
pub use logs::LogPolicy;
pub use portfolio::Portfolio;
pub use spec::{Level, NodeRef, Operation, Spec, SpecUnit, SpecVersion};

/// Reads what one text file contributes to the portfolio besides specs (gateway routes, grants,
/// log policies, dependency declarations): each front end looks at the file's name or content
/// and returns at once when the file is not its kind. Problems become findings in `out`.
pub fn extract(input: &FileInput, ctx: &Ctx<'_>, part: &mut Portfolio, out: &mut Vec<RawFinding>) {
    logs::extract(input, ctx, part, out);
    crate::deps::extract(input, ctx, part, out);
    gateway::extract(input, ctx, part, out);
}
