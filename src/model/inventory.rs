//! The interface inventory (接口清单): one entry per operation of every spec and one per
//! operation the code of the run serves (`origin`), as JSON reports and `apiaudit inventory`
//! list it, and as portfolio rules and `merge` read it back.

use super::routes::{FlowPolicy, GrantRef, RouteRef};
use super::spec::{Operation, Spec};
use crate::settings::Settings;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;

/// Where an inventory entry comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// An operation a spec declares.
    #[default]
    Spec,
    /// An operation the code serves.
    Code,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryEntry {
    /// The spec (empty for code entries).
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub spec: Arc<str>,
    pub line: u32,
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    pub id: Option<String>,
    pub level: Option<String>,
    pub inferred_level: Option<String>,
    /// The words and fields that decided the inferred level.
    #[serde(default)]
    pub level_evidence: Vec<String>,
    pub deprecated: bool,
    pub sunset: Option<String>,
    pub security: Vec<String>,
    /// The spec's path relative to its scan root (what fingerprints hash); for code entries,
    /// the source file's.
    pub spec_rel: Arc<str>,
    /// The file and position of the operation (the spec itself, or a `$ref`'d file).
    pub file: Arc<str>,
    pub column: u32,
    /// Where the interface ID is written, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_position: Option<Box<IdPosition>>,
    /// Server URLs that apply (variables at their defaults; 2.0 `host` + `basePath`).
    #[serde(default)]
    pub servers: Arc<[String]>,
    /// The `x-rate-limit` in effect (the operation's own, else the document's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<Box<FlowPolicy>>,
    /// Gateway routes that reach the operation.
    #[serde(default)]
    pub routes: Vec<RouteRef>,
    /// Grants that name it.
    #[serde(default)]
    pub grants: Vec<GrantRef>,
    #[serde(default)]
    pub origin: Origin,
    /// For spec entries: whether the code of the spec's service serves the operation, null
    /// when that code is not in the run, or when nothing else serves it and a route of that code
    /// whose path is known only at run time might. Code entries are served by definition.
    #[serde(default)]
    pub served: Option<bool>,
    /// For code entries: the handler (`Class.method`, a function) and the framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The service the entry belongs to (its directory, or a `[services]` name), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<Arc<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdPosition {
    pub file: String,
    pub rel: String,
    pub line: u32,
    pub column: u32,
    /// Where the ID's value ends (ID003 highlights it; 0 in reports written before it was kept).
    #[serde(default)]
    pub end_line: u32,
    #[serde(default)]
    pub end_column: u32,
    /// The lines around the ID, for a finding's excerpt (not in the JSON inventory).
    #[serde(skip)]
    pub snippet: Option<crate::findings::Snippet>,
}

pub fn entry(
    spec: &Spec,
    op: &Operation,
    analysis: Option<&super::level_inference::OpAnalysis>,
    settings: &Settings,
) -> InventoryEntry {
    let ext = &settings.extensions;
    let op_file = &spec.docs[op.key_doc as usize].file;
    let pos = op_file.pos(op.key_span.start);
    let id_node = spec.get(op.node, &ext.interface_id);
    let id_position = id_node.map(|node| {
        let file = spec.file(node);
        let span = spec.span(node);
        let (at, end) = (file.pos(span.start), file.pos(span.end));
        Box::new(IdPosition {
            file: file.path.clone(),
            rel: file.rel.clone(),
            line: at.line,
            column: at.col,
            end_line: end.line,
            end_column: end.col,
            snippet: crate::findings::snippet_of(file, span),
        })
    });
    let inference = analysis.map(|a| &a.inference);
    let scalar = |key: &str| {
        spec.get(op.node, key)
            .and_then(|node| spec.tree(node).scalar_text(node.node))
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    };
    InventoryEntry {
        spec: spec.root_file().path.as_str().into(),
        line: pos.line,
        method: op.method.clone(),
        path: op.path.clone(),
        operation_id: op.operation_id.clone(),
        id: scalar(&ext.interface_id),
        level: scalar(&ext.level),
        inferred_level: inference.map(|i| i.level_in(settings.level_scheme).as_str().to_string()),
        level_evidence: inference.map_or_else(Vec::new, |i| {
            let zh = settings.lang == crate::catalogue::Lang::Zh;
            i.evidence.iter().map(|e| e.label(zh)).collect()
        }),
        deprecated: op.deprecated,
        // `x-sunset`, else the date a `Sunset` response header documents.
        sunset: super::lifecycle::sunset(spec, op, &ext.sunset).map(|(_, text)| text),
        security: security_labels(spec, op),
        spec_rel: spec.root_file().rel.as_str().into(),
        file: op_file.path.as_str().into(),
        column: pos.col,
        id_position,
        servers: super::matching::servers(spec, op).into(),
        rate_limit: super::flow::declared_limit(spec, op, &ext.rate_limit).map(Box::new),
        routes: Vec::new(),
        grants: Vec::new(),
        origin: Origin::Spec,
        served: None,
        handler: None,
        framework: None,
        service: None,
    }
}

/// Shares what the entries of one file repeat: one copy of each path and of each server list.
/// An estate's 125,000 entries otherwise hold as many copies of their specs' paths.
pub fn share(entries: &mut [InventoryEntry]) {
    use crate::findings::intern;
    let mut texts: HashSet<Arc<str>> = HashSet::new();
    let mut server_lists: HashSet<Arc<[String]>> = HashSet::new();
    for entry in entries {
        intern(&mut texts, &mut entry.spec);
        intern(&mut texts, &mut entry.spec_rel);
        intern(&mut texts, &mut entry.file);
        if let Some(service) = &mut entry.service {
            intern(&mut texts, service);
        }
        intern(&mut server_lists, &mut entry.servers);
    }
}

/// `scheme` or `scheme:scope` for every scheme of the effective security.
pub fn security_labels(spec: &Spec, op: &Operation) -> Vec<String> {
    let mut labels = Vec::new();
    if let Some(security) = spec.effective_security(op) {
        for requirement in &security.alternatives {
            for (scheme, scopes) in &requirement.schemes {
                if scopes.is_empty() {
                    labels.push(scheme.clone());
                } else {
                    labels.extend(scopes.iter().map(|scope| format!("{scheme}:{scope}")));
                }
            }
        }
    }
    labels.dedup();
    labels
}
