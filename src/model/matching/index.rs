//! The documented paths of every operation in a segment trie (templates under one wildcard
//! child), so that each route path tests only the operations under its literal prefix.

use super::glob::*;
use super::pattern::*;
use super::servers::{base_path, host, host_key};
use super::SAMPLES;
use crate::model::inventory::InventoryEntry;
use std::collections::{BTreeSet, HashMap};

#[derive(Default)]
pub(super) struct TrieNode {
    pub(super) children: HashMap<Box<str>, u32>,
    pub(super) wild: Option<u32>,
    pub(super) forms: Vec<u32>,
}

/// Documented paths of every operation, in a segment trie.
pub(super) struct Index {
    pub(super) nodes: Vec<TrieNode>,
    /// (interface index, documented path).
    pub(super) forms: Vec<(u32, String)>,
    /// For each form with templates, the path with sample values in them (for regexes).
    pub(super) samples: Vec<Box<[String]>>,
    /// Forms with a template mixed with literal text in one segment: the trie (which files
    /// every templated segment under one wildcard) over-approximates them, so they are tested.
    pub(super) mixed: Vec<bool>,
    /// Forms by upstream host key.
    pub(super) by_host: HashMap<String, std::collections::HashSet<u32>>,
    pub(super) by_id: HashMap<String, Vec<u32>>,
    pub(super) by_operation_id: HashMap<String, Vec<u32>>,
}

impl Index {
    pub(super) fn new(interfaces: &[InventoryEntry]) -> Index {
        let mut index = Index {
            nodes: vec![TrieNode::default()],
            forms: Vec::new(),
            samples: Vec::new(),
            mixed: Vec::new(),
            by_host: HashMap::new(),
            by_id: HashMap::new(),
            by_operation_id: HashMap::new(),
        };
        for (i, entry) in interfaces.iter().enumerate() {
            let i = i as u32;
            let mut paths = BTreeSet::new();
            paths.insert(normalise(&entry.path));
            let mut hosts = BTreeSet::new();
            for url in entry.servers.iter() {
                paths.insert(normalise(&join(&base_path(url), &entry.path)));
                if let Some(host) = host(url) {
                    hosts.insert(host_key(&host));
                }
            }
            for path in paths {
                let form = index.forms.len() as u32;
                index.insert(&path, form);
                for host in &hosts {
                    index.by_host.entry(host.clone()).or_default().insert(form);
                }
                let samples: Box<[String]> = if path.contains('{') {
                    SAMPLES.iter().map(|sample| concrete(&path, sample)).collect()
                } else {
                    Box::new([])
                };
                index.samples.push(samples);
                index.mixed.push(
                    segments(&path)
                        .iter()
                        .any(|s| is_template(s) && !is_pure_template(s)),
                );
                index.forms.push((i, path));
            }
            if let Some(id) = entry.id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
                index.by_id.entry(id.to_string()).or_default().push(i);
            }
            if let Some(op) = entry.operation_id.as_deref() {
                index.by_operation_id.entry(op.to_string()).or_default().push(i);
            }
        }
        index
    }

    pub(super) fn insert(&mut self, path: &str, form: u32) {
        let mut node = 0usize;
        for segment in segments(path) {
            let next = if is_template(segment) {
                self.nodes[node].wild
            } else {
                self.nodes[node].children.get(segment).copied()
            };
            node = match next {
                Some(next) => next as usize,
                None => {
                    let id = self.nodes.len() as u32;
                    self.nodes.push(TrieNode::default());
                    if is_template(segment) {
                        self.nodes[node].wild = Some(id);
                    } else {
                        self.nodes[node].children.insert(segment.into(), id);
                    }
                    id as usize
                }
            };
        }
        self.nodes[node].forms.push(form);
    }

    /// Nodes reached by walking whole segments (a template segment follows only the wildcard).
    pub(super) fn walk(&self, segs: &[&str]) -> Vec<usize> {
        let mut current = vec![0usize];
        for segment in segs {
            let mut next = Vec::new();
            for &node in &current {
                let node = &self.nodes[node];
                if !is_template(segment) {
                    if let Some(&child) = node.children.get(*segment) {
                        next.push(child as usize);
                    }
                } else {
                    next.extend(node.children.values().map(|&c| c as usize));
                }
                if let Some(wild) = node.wild {
                    next.push(wild as usize);
                }
            }
            if next.is_empty() {
                return next;
            }
            current = next;
        }
        current
    }

    pub(super) fn subtree(&self, start: usize, out: &mut Vec<u32>) {
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            let node = &self.nodes[node];
            out.extend(&node.forms);
            stack.extend(node.children.values().map(|&c| c as usize));
            stack.extend(node.wild.map(|w| w as usize));
        }
    }

    /// Forms that may start with a string prefix.
    pub(super) fn prefix_candidates(&self, prefix: &str) -> Vec<u32> {
        let segs = segments(prefix);
        let (last, full) = segs.split_last().unwrap_or((&"", &[]));
        let mut out = Vec::new();
        for node in self.walk(full) {
            let node = &self.nodes[node];
            for (key, &child) in &node.children {
                if key.starts_with(last) {
                    self.subtree(child as usize, &mut out);
                }
            }
            if let Some(wild) = node.wild {
                self.subtree(wild as usize, &mut out);
            }
        }
        out
    }

    pub(super) fn candidates(&self, matcher: &Matcher) -> Vec<u32> {
        match matcher {
            Matcher::Prefix(prefix) => self.prefix_candidates(prefix),
            Matcher::Exact(exact) => self
                .walk(&segments(exact))
                .into_iter()
                .flat_map(|n| self.nodes[n].forms.iter().copied())
                .collect(),
            Matcher::Regex {
                pieces: Some((pieces, ends)),
                ..
            } => {
                let mut current = vec![0usize];
                for piece in pieces {
                    let mut next = Vec::new();
                    for &node in &current {
                        let node = &self.nodes[node];
                        match piece {
                            Piece::Lit(literal) => {
                                next.extend(node.children.get(literal.as_str()).map(|&c| c as usize))
                            }
                            Piece::Any => next.extend(node.children.values().map(|&c| c as usize)),
                        }
                        next.extend(node.wild.map(|w| w as usize));
                    }
                    current = next;
                    if current.is_empty() {
                        break;
                    }
                }
                let mut out = Vec::new();
                for node in current {
                    if *ends {
                        out.extend(&self.nodes[node].forms);
                    } else {
                        self.subtree(node, &mut out);
                    }
                }
                out
            }
            Matcher::Regex { literal, .. } => {
                self.prefix_candidates(if literal.is_empty() { "/" } else { literal })
            }
            Matcher::Pattern { literal, .. } => {
                let segs: Vec<&str> = literal.iter().map(String::as_str).collect();
                let mut out = Vec::new();
                for node in self.walk(&segs) {
                    self.subtree(node, &mut out);
                }
                out
            }
        }
    }
}
