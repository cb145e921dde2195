//! The position-aware document tree every structured file becomes: an arena of nodes, each with
//! its byte span. YAML aliases share nodes (the tree is a DAG), so walkers that follow every
//! edge must bound their work; `Tree::walk` does.

use crate::source::Span;
use std::sync::Arc;

pub type NodeId = u32;

/// Text of keys and scalars. Short texts are interned per document (keys repeat thousands of
/// times in a large spec), so a clone is a reference-count bump.
pub type Text = Arc<str>;

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Text,
    pub key_span: Span,
    pub value: NodeId,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as written (`1`, `1.0`, `1e3`), so nothing is lost to float conversion.
    Number(Text),
    Str(Text),
    Seq(Box<[NodeId]>),
    Map(Box<[Entry]>),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug)]
pub struct Tree {
    nodes: Vec<Node>,
    roots: Vec<NodeId>,
    /// Keys that appear twice in one mapping (the later one wins, as in JSON parsers).
    pub duplicates: Vec<(Text, Span)>,
}

static NULL_NODE: Node = Node {
    span: Span { start: 0, end: 0 },
    value: Value::Null,
};

impl Tree {
    pub(crate) fn new(nodes: Vec<Node>, roots: Vec<NodeId>, duplicates: Vec<(Text, Span)>) -> Self {
        Tree {
            nodes,
            roots,
            duplicates,
        }
    }

    /// Keeps every span inside a text of `len` bytes (a parser fed a terminated copy may end
    /// a node one byte past the original).
    pub(crate) fn clamp_spans(&mut self, len: usize) {
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        for node in self.nodes.iter_mut() {
            node.span.start = node.span.start.min(len);
            node.span.end = node.span.end.min(len);
            if let Value::Map(entries) = &mut node.value {
                for entry in entries.iter_mut() {
                    entry.key_span.start = entry.key_span.start.min(len);
                    entry.key_span.end = entry.key_span.end.min(len);
                }
            }
        }
        for (_, span) in &mut self.duplicates {
            span.start = span.start.min(len);
            span.end = span.end.min(len);
        }
    }

    /// The first document's root.
    pub fn root(&self) -> NodeId {
        self.roots.first().copied().unwrap_or(0)
    }

    /// Every document of a multi-document YAML stream.
    pub fn roots(&self) -> &[NodeId] {
        &self.roots
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        self.nodes.get(id as usize).unwrap_or(&NULL_NODE)
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.node(id).span
    }

    pub fn entries(&self, id: NodeId) -> &[Entry] {
        match &self.node(id).value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.node(id).value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self, id: NodeId) -> bool {
        matches!(self.node(id).value, Value::Map(_))
    }

    pub fn is_seq(&self, id: NodeId) -> bool {
        matches!(self.node(id).value, Value::Seq(_))
    }

    /// The entry for `key` in a mapping (the last one when a key repeats).
    pub fn entry(&self, map: NodeId, key: &str) -> Option<&Entry> {
        self.entries(map).iter().rev().find(|entry| &*entry.key == key)
    }

    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entry(map, key).map(|entry| entry.value)
    }

    /// Text of a string or number scalar.
    pub fn str(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).value {
            Value::Str(text) | Value::Number(text) => Some(text),
            _ => None,
        }
    }

    /// Text of any scalar, booleans and null included.
    pub fn scalar_text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).value {
            Value::Str(text) | Value::Number(text) => Some(text),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            Value::Null => Some(""),
            _ => None,
        }
    }

    pub fn get_str(&self, map: NodeId, key: &str) -> Option<&str> {
        self.get(map, key).and_then(|id| self.str(id))
    }

    pub fn bool(&self, id: NodeId) -> Option<bool> {
        match &self.node(id).value {
            Value::Bool(value) => Some(*value),
            Value::Str(text) => match text.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn number(&self, id: NodeId) -> Option<f64> {
        match &self.node(id).value {
            Value::Number(text) | Value::Str(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// Resolves a JSON pointer (`/components/schemas/Pet`, `~0`/`~1` escapes, percent-decoded
    /// by the caller) from the first document's root.
    pub fn pointer(&self, pointer: &str) -> Option<NodeId> {
        let mut current = self.root();
        if pointer.is_empty() {
            return Some(current);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            current = match &self.node(current).value {
                Value::Map(_) => self.get(current, &token)?,
                Value::Seq(items) => *items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// Visits every node reachable from `start` once (aliases are visited once), depth first,
    /// handing the visitor the node and the key or index path that reached it first.
    pub fn walk(&self, start: NodeId, mut visit: impl FnMut(NodeId)) {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            let Some(flag) = seen.get_mut(id as usize) else {
                continue;
            };
            if *flag {
                continue;
            }
            *flag = true;
            visit(id);
            match &self.node(id).value {
                Value::Map(entries) => stack.extend(entries.iter().rev().map(|entry| entry.value)),
                Value::Seq(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_structured, Limits};

    #[test]
    fn pointer_resolves_escapes_and_indexes() {
        let tree = parse_structured(r#"{"a/b": {"c~d": [1, {"e": "x"}]}}"#, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let id = tree.pointer("/a~1b/c~0d/1/e").unwrap_or(u32::MAX);
        assert_eq!(tree.str(id), Some("x"));
        assert_eq!(tree.pointer(""), Some(tree.root()));
        assert_eq!(tree.pointer("/missing"), None);
    }
}
