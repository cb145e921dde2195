//! `$ref` resolution: every reference of every document (documents loaded on the way
//! included) resolved once into the spec's table, local pointers and relative files (never
//! URLs); a pure reference loop (SPEC003) is told from a legal recursive schema.

use super::{is_data_key, Loader, MAX_REF_HOPS};
use crate::discover::Content;
use crate::findings::Msg;
use crate::model::spec::*;
use crate::parse::{self, Limits, NodeId, Value};
use crate::source::{join_display, SourceFile};
use std::path::PathBuf;
use std::sync::Arc;

impl Loader<'_> {
    /// Finds every `$ref` in every document (documents loaded on the way included) and
    /// resolves it to its final target.
    pub(super) fn resolve_all(&mut self) {
        let mut next_doc = 0usize;
        while next_doc < self.docs.len() {
            let doc = next_doc as u32;
            next_doc += 1;
            let sites = self.ref_sites(doc);
            for (site, value_node, target) in sites {
                let at = NodeRef { doc, node: site };
                let resolved = self.follow(at, &target);
                let file = self.docs[doc as usize].file.clone();
                let span = self.docs[doc as usize].tree.span(value_node);
                let entry = match resolved {
                    Ok(Some(node)) => RefTarget::Node(node),
                    Ok(None) => RefTarget::Remote,
                    Err(Failure::Unresolved(reason)) => {
                        self.problems.push(Problem::UnresolvedRef {
                            file,
                            span,
                            target: target.clone(),
                            reason,
                        });
                        RefTarget::Unresolved
                    }
                    Err(Failure::Cycle(chain, members)) => {
                        // One finding per loop, at its first member; a reference that merely
                        // leads into a loop is not reported again.
                        let position =
                            |at: &NodeRef| (at.doc, self.docs[at.doc as usize].tree.span(at.node).start);
                        let first = members.iter().min_by_key(|m| position(m)).copied();
                        if first == Some(at) || members.is_empty() {
                            self.problems.push(Problem::RefCycle { file, span, chain });
                        }
                        RefTarget::Unresolved
                    }
                };
                self.refs.insert(at, entry);
            }
        }
    }

    /// `$ref` nodes of a document: (mapping node, `$ref` value node, target text). Values of
    /// data keys (examples, defaults, extensions) are skipped.
    fn ref_sites(&self, doc: u32) -> Vec<(NodeId, NodeId, String)> {
        let tree = &self.docs[doc as usize].tree;
        let mut sites = Vec::new();
        let mut seen = vec![false; tree.len()];
        // (node, inside an `examples` map: its entries' `value` is data)
        let mut stack: Vec<(NodeId, bool)> = tree.roots().iter().map(|&root| (root, false)).collect();
        while let Some((id, in_examples)) = stack.pop() {
            match seen.get_mut(id as usize) {
                Some(flag) if !*flag => *flag = true,
                _ => continue,
            }
            match &tree.node(id).value {
                Value::Map(entries) => {
                    if let Some(entry) = entries.iter().rev().find(|e| &*e.key == "$ref") {
                        if let Some(target) = tree.str(entry.value) {
                            sites.push((id, entry.value, target.to_string()));
                        }
                    }
                    for entry in entries.iter().rev() {
                        if is_data_key(&entry.key) || (in_examples && &*entry.key == "value") {
                            continue;
                        }
                        stack.push((entry.value, false));
                        if &*entry.key == "examples" {
                            for &child in tree.entries(entry.value).iter().map(|e| &e.value) {
                                stack.push((child, true));
                            }
                        }
                    }
                }
                Value::Seq(items) => stack.extend(items.iter().rev().map(|&item| (item, false))),
                _ => {}
            }
        }
        sites.sort_unstable();
        sites
    }

    /// Follows a reference and the references its target makes, to a node that is none.
    fn follow(&mut self, start: NodeRef, target: &str) -> Result<Option<NodeRef>, Failure> {
        // The `$ref` mappings met, in order: a repeat closes a loop.
        let mut visited: Vec<NodeRef> = vec![start];
        let mut chain = vec![target.to_string()];
        let mut from_doc = start.doc;
        let mut current_target = target.to_string();
        for _ in 0..MAX_REF_HOPS {
            let Some(node) = self.resolve_one(from_doc, &current_target)? else {
                return Ok(None);
            };
            let tree = &self.docs[node.doc as usize].tree;
            let next = tree
                .get(node.node, "$ref")
                .and_then(|value| tree.str(value))
                .map(str::to_string);
            let Some(next) = next else {
                return Ok(Some(node));
            };
            if let Some(first) = visited.iter().position(|&seen| seen == node) {
                return Err(Failure::Cycle(chain, visited.split_off(first)));
            }
            visited.push(node);
            chain.push(next.clone());
            from_doc = node.doc;
            current_target = next;
        }
        Err(Failure::Cycle(chain, Vec::new()))
    }

    /// Resolves one reference text from a document: file part, then JSON pointer.
    fn resolve_one(&mut self, from_doc: u32, target: &str) -> Result<Option<NodeRef>, Failure> {
        if target.contains("://") || target.starts_with("//") {
            return Ok(None);
        }
        let (file_part, fragment) = match target.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (target, ""),
        };
        let doc = if file_part.is_empty() {
            from_doc
        } else {
            self.load_external(from_doc, file_part)
                .map_err(Failure::Unresolved)?
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(Failure::Unresolved(Msg::new(
                format!("`#{pointer}` is a plain-name fragment; only JSON pointers (`#/...`) are supported"),
                format!("`#{pointer}` 是锚点名称片段，仅支持 JSON 指针（`#/...`）"),
            )));
        }
        let tree = &self.docs[doc as usize].tree;
        match tree.pointer(&pointer) {
            Some(node) => Ok(Some(NodeRef { doc, node })),
            None => {
                let file = &self.docs[doc as usize].file.path;
                Err(Failure::Unresolved(Msg::new(
                    format!("`{file}` has no `{pointer}`"),
                    format!("`{file}` 中不存在 `{pointer}`"),
                )))
            }
        }
    }

    fn load_external(&mut self, from_doc: u32, relative: &str) -> Result<u32, Msg> {
        let relative = percent_decode(relative);
        let from = self.docs[from_doc as usize].file.clone();
        let base = from.fs_path.parent().map(PathBuf::from).unwrap_or_default();
        let fs_path = base.join(&relative);
        let canonical = self.files.canonical(&fs_path).ok_or_else(|| {
            Msg::new(
                format!("file `{relative}` not found"),
                format!("文件 `{relative}` 不存在"),
            )
        })?;
        if let Some(known) = self.by_path.get(&canonical) {
            return known.clone();
        }
        let result = self.read_external(&from, &relative, fs_path);
        self.by_path.insert(canonical, result.clone());
        result
    }

    fn read_external(&mut self, from: &SourceFile, relative: &str, fs_path: PathBuf) -> Result<u32, Msg> {
        let path = join_display(&from.path, relative);
        let rel = join_display(&from.rel, relative);
        let (text, encoding) = match self.files.read(&fs_path, self.settings.max_spec_size) {
            Content::Text { text, encoding } => (text, encoding),
            Content::Undecodable {
                text,
                invalid_at,
                why,
            } => {
                let file = Arc::new(SourceFile::new(path, rel, fs_path, text));
                self.problems.push(Problem::Unparsable {
                    file,
                    offset: invalid_at as u32,
                    message: Msg::new(format!("not decoded: {why}"), format!("未能解码：{why}")),
                });
                return Err(Msg::new(
                    format!("`{relative}` is in no encoding apiaudit could determine"),
                    format!("`{relative}` 的字符编码无法确定"),
                ));
            }
            Content::Binary(_) => {
                return Err(Msg::new(
                    format!("`{relative}` is a binary file"),
                    format!("`{relative}` 是二进制文件"),
                ))
            }
            Content::TooLarge { .. } => {
                return Err(Msg::new(
                    format!("`{relative}` is larger than scan.max-spec-size"),
                    format!("`{relative}` 超过 scan.max-spec-size"),
                ))
            }
            Content::Unreadable(reason) => {
                return Err(Msg::new(
                    format!("`{relative}` cannot be read: {reason}"),
                    format!("`{relative}` 无法读取：{reason}"),
                ))
            }
        };
        let file = Arc::new(SourceFile::decoded(path, rel, fs_path, text, encoding));
        match parse::parse_structured(&file.text, Limits::default()) {
            Ok(tree) => {
                let index = self.docs.len() as u32;
                self.docs.push(Doc {
                    file,
                    tree: Arc::new(tree),
                });
                Ok(index)
            }
            Err(error) => {
                self.problems.push(Problem::Unparsable {
                    file,
                    offset: error.offset,
                    message: Msg::same(error.message),
                });
                Err(Msg::new(
                    format!("`{relative}` does not parse"),
                    format!("`{relative}` 无法解析"),
                ))
            }
        }
    }
}

enum Failure {
    Unresolved(Msg),
    /// The chain of targets, and the `$ref` mappings that form the loop.
    Cycle(Vec<String>, Vec<NodeRef>),
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
