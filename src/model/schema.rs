//! Walking schemas: the property names a schema carries, through `$ref`, `allOf`/`oneOf`/
//! `anyOf`, array `items` and `additionalProperties`. Recursive schemas are legal, so every walk
//! remembers where it has been and stops at a fixed depth.

use super::spec::{NodeRef, Spec};
use crate::source::Span;
use std::collections::HashSet;

/// One property met while walking a schema.
pub struct Property<'a> {
    /// Dotted path from the walked schema (`account.cardNo`, `items[].balance`).
    pub path: &'a str,
    pub name: &'a str,
    /// Where the property's name is written.
    pub key_doc: u32,
    pub key_span: Span,
    /// The property's own schema (resolved when it was a reference).
    pub schema: NodeRef,
}

const MAX_DEPTH: usize = 24;

/// Calls `visit` for every property reachable from `schema`, each (schema node, path) once.
pub fn walk_properties(spec: &Spec, schema: NodeRef, visit: &mut dyn FnMut(&Property<'_>)) {
    let mut seen = HashSet::new();
    let mut budget = usize::MAX;
    walk(
        spec,
        schema,
        String::new(),
        0,
        MAX_DEPTH,
        &mut seen,
        &mut budget,
        visit,
    );
}

/// `walk_properties` with the caller's record of schemas already walked (schemas in `seen` are
/// not walked again, so a spec-wide set visits every schema once however many operations
/// reach it) and a budget of properties, after which the walk stops.
pub fn walk_properties_within(
    spec: &Spec,
    schema: NodeRef,
    seen: &mut HashSet<NodeRef>,
    budget: &mut usize,
    visit: &mut dyn FnMut(&Property<'_>),
) {
    walk(spec, schema, String::new(), 0, MAX_DEPTH, seen, budget, visit);
}

/// `walk_properties_within` that goes at most `max_depth` levels down (a level is a property,
/// a composition or an array), for a quick look at what a body is about.
pub fn walk_properties_shallow(
    spec: &Spec,
    schema: NodeRef,
    max_depth: usize,
    budget: &mut usize,
    visit: &mut dyn FnMut(&Property<'_>),
) {
    let mut seen = HashSet::new();
    walk(
        spec,
        schema,
        String::new(),
        0,
        max_depth.min(MAX_DEPTH),
        &mut seen,
        budget,
        visit,
    );
}

#[allow(clippy::too_many_arguments)]
fn walk(
    spec: &Spec,
    schema: NodeRef,
    prefix: String,
    depth: usize,
    max_depth: usize,
    seen: &mut HashSet<NodeRef>,
    budget: &mut usize,
    visit: &mut dyn FnMut(&Property<'_>),
) {
    if depth > max_depth || *budget == 0 {
        return;
    }
    let Some(schema) = spec.resolve(schema) else {
        return;
    };
    if !seen.insert(schema) {
        return;
    }
    if let Some(properties) = spec.get(schema, "properties") {
        let Some(resolved) = spec.resolve(properties) else {
            return;
        };
        for (name, key_span, property) in spec.entries(resolved) {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let path = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            let target = spec.resolve(property).unwrap_or(property);
            visit(&Property {
                path: &path,
                name,
                key_doc: resolved.doc,
                key_span,
                schema: target,
            });
            walk(spec, target, path, depth + 1, max_depth, seen, budget, visit);
        }
    }
    for combinator in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = spec.get(schema, combinator) {
            for part in spec.items(list) {
                walk(
                    spec,
                    part,
                    prefix.clone(),
                    depth + 1,
                    max_depth,
                    seen,
                    budget,
                    visit,
                );
            }
        }
    }
    for nested in ["items", "additionalProperties"] {
        if let Some(inner) = spec.get(schema, nested) {
            if spec.tree(inner).is_map(inner.node) || spec.resolve(inner) != Some(inner) {
                let path = if prefix.is_empty() {
                    "[]".to_string()
                } else {
                    format!("{prefix}[]")
                };
                walk(spec, inner, path, depth + 1, max_depth, seen, budget, visit);
            }
        }
    }
}
