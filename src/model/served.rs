//! Operations served by code: what the route front ends found, one per method and path, and
//! its inventory entry (`origin: "code"`) with the level its words and request/response types
//! show (`level_inference`), as a spec's operation has.

use super::inventory::{InventoryEntry, Origin};
use super::level_inference::{infer_code, Subject};
use crate::settings::Settings;
use std::sync::Arc;

/// One operation served by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServedOperation {
    /// Upper case; `ANY` for a handler without a method restriction.
    pub method: String,
    /// The full path a client calls, context path included, in OpenAPI form.
    pub path: String,
    /// The context path included in `path` (empty when there is none).
    pub context: String,
    /// The file that declares the mapping, its path relative to the scan root, and where.
    pub file: String,
    pub rel: String,
    pub line: u32,
    pub column: u32,
    /// `Class.method`, or the handler function.
    pub handler: String,
    /// `spring`, `jax-rs`, `express`, `fastapi`, `gin`, ...
    pub framework: String,
    pub summary: Option<String>,
    pub operation_id: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    /// Security annotations or dependencies, as written (evidence only).
    pub security: Vec<String>,
    pub query: Vec<String>,
    /// Field names of the request and response types (one class deep).
    pub request_fields: Vec<String>,
    pub response_fields: Vec<String>,
}

/// The inventory entry of a served operation.
pub fn entry(op: &ServedOperation, settings: &Settings) -> InventoryEntry {
    let subject = Subject {
        method: if op.method == "ANY" { "GET" } else { &op.method },
        path: op.path.strip_prefix(op.context.as_str()).unwrap_or(&op.path),
        operation_id: op
            .operation_id
            .as_deref()
            .or_else(|| op.handler.rsplit('.').next()),
        summary: op.summary.as_deref(),
        tags: &op.tags,
        query: op.query.iter().map(String::as_str).collect(),
        delegated: None,
    };
    let inference = infer_code(
        &subject,
        op.request_fields.clone(),
        op.response_fields.clone(),
        settings,
    );
    InventoryEntry {
        spec: "".into(),
        line: op.line,
        method: op.method.clone(),
        path: op.path.clone(),
        operation_id: op.operation_id.clone(),
        id: None,
        level: None,
        inferred_level: Some(inference.level_in(settings.level_scheme).as_str().to_string()),
        level_evidence: {
            let zh = settings.lang == crate::catalogue::Lang::Zh;
            inference.evidence.iter().map(|e| e.label(zh)).collect()
        },
        deprecated: op.deprecated,
        sunset: None,
        security: op.security.clone(),
        spec_rel: op.rel.as_str().into(),
        file: op.file.as_str().into(),
        column: op.column,
        id_position: None,
        // The context path is the base path the code's paths are served under.
        servers: if op.context.is_empty() {
            Arc::new([])
        } else {
            Arc::new([op.context.clone()])
        },
        rate_limit: None,
        routes: Vec::new(),
        grants: Vec::new(),
        origin: Origin::Code,
        served: Some(true),
        handler: Some(op.handler.clone()),
        framework: Some(op.framework.clone()),
        service: None,
    }
}

/// Counts of what the route front end read (JSON `summary.routes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RouteStats {
    /// Source files read for routes.
    pub files: u64,
    /// Of those, files with parts that could not be read (unterminated literals, unbalanced
    /// brackets), and how many such parts.
    pub incomplete_files: u64,
    pub unread_parts: u64,
    /// Operations served.
    pub operations: u64,
    /// Mappings whose path uses a name that could not be resolved (listed with `${name}`).
    pub unresolved: u64,
}

impl RouteStats {
    /// Adds another run's counts (`merge`).
    pub fn add(&mut self, other: &RouteStats) {
        self.files += other.files;
        self.incomplete_files += other.incomplete_files;
        self.unread_parts += other.unread_parts;
        self.operations += other.operations;
        self.unresolved += other.unresolved;
    }
}
