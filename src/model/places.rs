//! Where a node of a spec is written, for suppression (SPEC §7): inside one operation (its
//! method key and its object), or in a place that operations may share: a named component
//! (`#/components/<kind>/<name>`, 2.0 `#/definitions/<name>`, `#/parameters/<name>`,
//! `#/responses/<name>`), a path item (its own `parameters`, shared by its operations) or a
//! referenced file. The operations that reach a place are found through the `$ref`s between
//! places, once per spec and only when a finding needs them.
//!
//! An operation's `x-apiaudit-ignore` covers what is written in the operation and what only that
//! operation uses; a place several operations use is suppressed where it is written (an
//! `x-apiaudit-ignore` on the component, path item or file) or for the whole document.

use super::spec::{NodeRef, RefTarget, Spec};
use crate::source::Span;
use std::collections::HashMap;

/// What a place is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceKind {
    /// The operation of that index in `spec.operations`.
    Operation(usize),
    /// A path item: its own `parameters` belong to all its operations.
    PathItem,
    /// A named component.
    Component,
    /// A referenced file as a whole (where no finer place holds the node).
    File,
}

/// One place of a spec.
#[derive(Debug, Clone)]
pub struct Place {
    pub kind: PlaceKind,
    /// The object written there (where its `x-apiaudit-ignore` is read).
    pub node: NodeRef,
    pub doc: u32,
    /// Where it is written, from its key (an operation's method key) to the end of its object.
    pub span: Span,
    /// `#/components/parameters/AccountNo`, prefixed with the file's name outside the root
    /// document (`common.yaml#/components/schemas/Payee`).
    pub label: String,
}

impl Place {
    /// The key suppressions of the place are filed under: its file and pointer.
    pub fn key(&self, spec: &Spec) -> String {
        let file = &spec.docs[(self.doc as usize).min(spec.docs.len().saturating_sub(1))].file;
        format!(
            "{}#{}",
            file.path,
            self.label.split_once('#').map_or("", |(_, p)| p)
        )
    }
}

/// `~` and `/` escaped as a JSON pointer segment.
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The shared places of a spec (components, path items, referenced files), in document order.
pub fn shared_places(spec: &Spec) -> Vec<Place> {
    let mut out = Vec::new();
    for (index, doc) in spec.docs.iter().enumerate() {
        let doc_index = index as u32;
        let root = NodeRef {
            doc: doc_index,
            node: doc.tree.root(),
        };
        if !doc.tree.is_map(root.node) {
            continue;
        }
        let prefix = if index == 0 {
            String::new()
        } else {
            doc.file
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&doc.file.path)
                .to_string()
        };
        if index > 0 {
            out.push(Place {
                kind: PlaceKind::File,
                node: root,
                doc: doc_index,
                span: spec.span(root),
                label: format!("{prefix}#"),
            });
        }
        let named = |container: NodeRef, pointer: &str, out: &mut Vec<Place>| {
            if !doc.tree.is_map(container.node) {
                return;
            }
            for entry in doc.tree.entries(container.node) {
                if entry.key.starts_with("x-") {
                    continue;
                }
                let node = NodeRef {
                    doc: doc_index,
                    node: entry.value,
                };
                out.push(Place {
                    kind: PlaceKind::Component,
                    node,
                    doc: doc_index,
                    span: Span {
                        start: entry.key_span.start,
                        end: spec.span(node).end,
                    },
                    label: format!("{prefix}#{pointer}/{}", segment(&entry.key)),
                });
            }
        };
        if let Some(components) = doc.tree.get(root.node, "components") {
            if doc.tree.is_map(components) {
                for entry in doc.tree.entries(components) {
                    let kind = NodeRef {
                        doc: doc_index,
                        node: entry.value,
                    };
                    named(kind, &format!("/components/{}", segment(&entry.key)), &mut out);
                }
            }
        }
        for section in ["definitions", "parameters", "responses"] {
            if let Some(node) = doc.tree.get(root.node, section) {
                named(NodeRef { doc: doc_index, node }, &format!("/{section}"), &mut out);
            }
        }
        if let Some(paths) = doc.tree.get(root.node, "paths") {
            if doc.tree.is_map(paths) {
                for entry in doc.tree.entries(paths) {
                    let node = NodeRef {
                        doc: doc_index,
                        node: entry.value,
                    };
                    out.push(Place {
                        kind: PlaceKind::PathItem,
                        node,
                        doc: doc_index,
                        span: Span {
                            start: entry.key_span.start,
                            end: spec.span(node).end,
                        },
                        label: format!("{prefix}#/paths/{}", segment(&entry.key)),
                    });
                }
            }
        }
    }
    out
}

/// The places of a spec, to look up where a node is written and which operations reach it.
pub struct PlaceIndex {
    places: Vec<Place>,
    /// Per document, the indexes of its places by start.
    by_doc: Vec<Vec<usize>>,
    /// Per place, the innermost place that holds it.
    parent: Vec<Option<usize>>,
    /// Per place, the places that reference it (filled on first use).
    referrers: Option<Vec<Vec<usize>>>,
    /// The operations reaching a place, by place (filled on first use).
    users: HashMap<usize, Vec<usize>>,
}

impl PlaceIndex {
    pub fn new(spec: &Spec) -> PlaceIndex {
        let mut places = shared_places(spec);
        for (index, op) in spec.operations.iter().enumerate() {
            let node_span = spec.span(op.node);
            // From the method key to the end of the object, when both are in one file.
            let span = if op.key_doc == op.node.doc {
                Span {
                    start: op.key_span.start.min(node_span.start),
                    end: node_span.end,
                }
            } else {
                node_span
            };
            places.push(Place {
                kind: PlaceKind::Operation(index),
                node: op.node,
                doc: op.node.doc,
                span,
                label: format!("{} {}", op.method, op.path),
            });
        }
        let mut by_doc = vec![Vec::new(); spec.docs.len()];
        for (index, place) in places.iter().enumerate() {
            if let Some(list) = by_doc.get_mut(place.doc as usize) {
                list.push(index);
            }
        }
        let mut parent = vec![None; places.len()];
        for list in &mut by_doc {
            // Outer places first among those starting together, so that the innermost one is
            // found last.
            list.sort_by_key(|&i| (places[i].span.start, std::cmp::Reverse(places[i].span.end)));
            // Places nest or are disjoint: the open places form a stack.
            let mut open: Vec<usize> = Vec::new();
            for &index in list.iter() {
                let span = places[index].span;
                while open.last().is_some_and(|&top| places[top].span.end < span.end) {
                    open.pop();
                }
                parent[index] = open.last().copied();
                open.push(index);
            }
        }
        PlaceIndex {
            places,
            by_doc,
            parent,
            referrers: None,
            users: HashMap::new(),
        }
    }

    pub fn place(&self, index: usize) -> &Place {
        &self.places[index]
    }

    /// The innermost place holding the byte `offset` of document `doc`.
    pub fn innermost(&self, doc: u32, offset: u32) -> Option<usize> {
        let list = self.by_doc.get(doc as usize)?;
        let upto = list.partition_point(|&i| self.places[i].span.start <= offset);
        // The last place to start at or before the offset holds it, or one of its ancestors
        // does: places nest or are disjoint.
        let mut at = upto.checked_sub(1).map(|i| list[i]);
        while let Some(index) = at {
            if offset <= self.places[index].span.end {
                return Some(index);
            }
            at = self.parent[index];
        }
        None
    }

    /// The operations (indexes of `spec.operations`) whose own places reach `place` through
    /// `$ref`s, in order.
    pub fn users(&mut self, spec: &Spec, place: usize) -> Vec<usize> {
        if let Some(found) = self.users.get(&place) {
            return found.clone();
        }
        if self.referrers.is_none() {
            self.referrers = Some(self.link(spec));
        }
        let referrers = self.referrers.as_ref().map_or(&[][..], Vec::as_slice);
        let mut seen = vec![false; self.places.len()];
        let mut stack = vec![place];
        let mut ops = Vec::new();
        while let Some(at) = stack.pop() {
            if std::mem::replace(&mut seen[at], true) {
                continue;
            }
            if let PlaceKind::Operation(op) = self.places[at].kind {
                ops.push(op);
            }
            stack.extend(referrers[at].iter().copied().filter(|&r| !seen[r]));
        }
        ops.sort_unstable();
        self.users.insert(place, ops.clone());
        ops
    }

    /// Who references whom: each `$ref` links the place it is written in to the place of its
    /// target; an operation also uses its path item.
    fn link(&self, spec: &Spec) -> Vec<Vec<usize>> {
        let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); self.places.len()];
        // In document order, so that the result does not depend on the map's order.
        let mut refs: Vec<(&NodeRef, &NodeRef)> = spec
            .refs
            .iter()
            .filter_map(|(from, to)| match to {
                RefTarget::Node(target) => Some((from, target)),
                _ => None,
            })
            .collect();
        refs.sort_unstable();
        for (from, to) in refs {
            let Some(source) = self.innermost(from.doc, spec.span(*from).start) else {
                continue;
            };
            let Some(target) = self.innermost(to.doc, spec.span(*to).start) else {
                continue;
            };
            if source != target && !referrers[target].contains(&source) {
                referrers[target].push(source);
            }
        }
        for (index, place) in self.places.iter().enumerate() {
            if !matches!(place.kind, PlaceKind::Operation(_)) {
                continue;
            }
            if let Some(item) = self.enclosing_path_item(index) {
                if !referrers[item].contains(&index) {
                    referrers[item].push(index);
                }
            }
        }
        referrers
    }

    /// The path item an operation's place lies in.
    fn enclosing_path_item(&self, op_place: usize) -> Option<usize> {
        let mut at = self.parent[op_place];
        while let Some(index) = at {
            if self.places[index].kind == PlaceKind::PathItem {
                return Some(index);
            }
            at = self.parent[index];
        }
        None
    }
}
