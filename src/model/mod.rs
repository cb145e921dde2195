//! The model: what rules read, as types and queries only (the readers that build it are the
//! front ends, one layer up). `spec` holds one OpenAPI document (2.0, 3.0 or 3.1, with its
//! `$ref`'d files) normalised into one shape with positions; `inventory` is the interface list
//! (接口清单); `portfolio` is everything of the run that cross-file rules need; `logs` the
//! retention model of every configured log; `routes` gateway routes and grants, and `matching`
//! which operations they reach; `components` and `advisories` third-party dependencies and
//! their known vulnerabilities; `problems` what could not be read; `contract` each operation as
//! `review` compares it, and `change` two revisions matched.

pub mod advisories;
pub mod change;
pub mod components;
pub mod contract;
pub mod flow;
pub mod interface_id;
pub mod inventory;
pub mod level_inference;
pub mod lifecycle;
pub mod logs;
pub mod matching;
pub mod pfi;
pub mod places;
pub mod portfolio;
pub mod problems;
pub mod protections;
pub mod routes;
pub mod schema;
pub mod served;
pub mod spec;

pub use components::{Component, Ecosystem};
pub use inventory::InventoryEntry;
pub use logs::LogPolicy;
pub use portfolio::Portfolio;
pub use spec::{Level, Operation, Spec, SpecUnit, SpecVersion};
