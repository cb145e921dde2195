//! Two revisions of an estate side by side (`apiaudit review --base REV`): which spec files and
//! which operations are the same, what was added and removed, and which aspects of a matched
//! operation changed (the interface changelog, 接口变更清单). The change rules (CHG) read it.
//!
//! Spec files are paired by path, else (a renamed or moved file) by the operations they share.
//! Operations are matched by unified interface ID when the two carry the same ID and are the
//! same operation (same operationId, or same method and path, or neither has another
//! counterpart), else by operationId, else by method and path (path parameters' names aside)
//! within paired files. A spec file that does not load on one side hides its operations on
//! both: they are unknown, neither added nor removed.

use super::contract::{Contract, ShapeId, SpecContracts};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// An operation of one side: its spec (index in the side's list) and its place in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpIx {
    pub spec: u32,
    pub op: u32,
}

/// What changed in a matched operation, as the changelog names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    Method,
    Path,
    OperationId,
    Id,
    Level,
    Deprecation,
    Security,
    Protection,
    Servers,
    Parameters,
    RequestBody,
    Responses,
    SpecFile,
}

impl Aspect {
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Aspect::Method, false) => "method",
            (Aspect::Method, true) => "方法",
            (Aspect::Path, false) => "path",
            (Aspect::Path, true) => "路径",
            (Aspect::OperationId, false) => "operationId",
            (Aspect::OperationId, true) => "operationId",
            (Aspect::Id, false) => "ID",
            (Aspect::Id, true) => "识别码",
            (Aspect::Level, false) => "level",
            (Aspect::Level, true) => "级别",
            (Aspect::Deprecation, false) => "deprecation",
            (Aspect::Deprecation, true) => "废弃信息",
            (Aspect::Security, false) => "security",
            (Aspect::Security, true) => "安全要求",
            (Aspect::Protection, false) => "signature/second factor",
            (Aspect::Protection, true) => "签名/第二认证因子",
            (Aspect::Servers, false) => "servers",
            (Aspect::Servers, true) => "服务器地址",
            (Aspect::Parameters, false) => "parameters",
            (Aspect::Parameters, true) => "参数",
            (Aspect::RequestBody, false) => "request body",
            (Aspect::RequestBody, true) => "请求体",
            (Aspect::Responses, false) => "responses",
            (Aspect::Responses, true) => "响应",
            (Aspect::SpecFile, false) => "spec file",
            (Aspect::SpecFile, true) => "规范文件",
        }
    }
}

/// What happened to an operation between the two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    /// Deprecated by the change (it may have changed in other ways too).
    Deprecated,
    Changed,
}

impl ChangeKind {
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (ChangeKind::Added, false) => "added",
            (ChangeKind::Added, true) => "新增",
            (ChangeKind::Removed, false) => "removed",
            (ChangeKind::Removed, true) => "删除",
            (ChangeKind::Deprecated, false) => "deprecated",
            (ChangeKind::Deprecated, true) => "废弃",
            (ChangeKind::Changed, false) => "changed",
            (ChangeKind::Changed, true) => "变更",
        }
    }
}

/// An operation as one revision has it, for the changelog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationState {
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The unified interface ID.
    pub id: Option<String>,
    /// The declared level, as written.
    pub level: Option<String>,
    /// The inferred level.
    pub inferred_level: String,
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
    /// The root document of its spec, and the file and line of the operation.
    pub spec: String,
    pub file: String,
    pub line: u32,
}

impl OperationState {
    fn of(spec: &SpecContracts, op: &Contract) -> OperationState {
        let file = spec.file(op.at);
        OperationState {
            method: op.method.clone(),
            path: op.path.clone(),
            operation_id: op.operation_id.clone(),
            id: op.id.clone(),
            level: op.level.clone(),
            inferred_level: op.inferred_level.as_str().to_string(),
            deprecated: op.deprecated,
            sunset: op.sunset.clone(),
            spec: spec.spec.clone(),
            file: file.path.clone(),
            line: file.pos(op.at.span.start).line,
        }
    }

    /// The level to show: the declared one, else the inferred one marked so.
    pub fn level_label(&self, zh: bool) -> String {
        match &self.level {
            Some(level) => level.clone(),
            None if zh => format!("{}（推断）", self.inferred_level),
            None => format!("{} (inferred)", self.inferred_level),
        }
    }
}

/// One line of the interface changelog (接口变更清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangelogEntry {
    pub change: ChangeKind,
    /// The operation in the working tree (at the base revision when removed).
    pub operation: OperationState,
    /// The operation at the base revision, for changed and deprecated operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<OperationState>,
    /// What changed, for changed and deprecated operations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aspects: Vec<Aspect>,
}

/// The two revisions, matched.
#[derive(Debug, Default)]
pub struct ChangeSet {
    pub base: Vec<Arc<SpecContracts>>,
    pub head: Vec<Arc<SpecContracts>>,
    /// Each base spec's counterpart in the head, and each head spec's in the base.
    pub base_file_pair: Vec<Option<u32>>,
    pub head_file_pair: Vec<Option<u32>>,
    /// Matched operations (base, head), in base order.
    pub pairs: Vec<(OpIx, OpIx)>,
    /// Base operations the head does not have, in base order.
    pub removed: Vec<OpIx>,
    /// Head operations the base did not have, in head order.
    pub added: Vec<OpIx>,
}

/// A path with its parameters' names blanked: `/a/{id}` and `/a/{accountId}` are one path.
pub fn path_template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push('{');
                }
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('}');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

fn method_path(op: &Contract) -> (String, String) {
    (op.method.clone(), path_template(&op.path))
}

/// The keys an operation is known by within its file, for pairing renamed files.
fn file_keys(op: &Contract) -> Vec<String> {
    let mut keys = vec![format!("mp {} {}", op.method, path_template(&op.path))];
    if let Some(id) = &op.operation_id {
        keys.push(format!("op {id}"));
    }
    if let Some(id) = &op.id {
        keys.push(format!("id {id}"));
    }
    keys
}

impl ChangeSet {
    pub fn base_op(&self, ix: OpIx) -> (&SpecContracts, &Contract) {
        side_op(&self.base, ix)
    }

    pub fn head_op(&self, ix: OpIx) -> (&SpecContracts, &Contract) {
        side_op(&self.head, ix)
    }

    /// Matches two revisions: `base` and `head` are each side's specs, in path order.
    pub fn compare(base: Vec<Arc<SpecContracts>>, head: Vec<Arc<SpecContracts>>) -> ChangeSet {
        let (base_file_pair, head_file_pair) = pair_files(&base, &head);
        let mut set = ChangeSet {
            base,
            head,
            base_file_pair,
            head_file_pair,
            ..ChangeSet::default()
        };
        set.match_operations();
        set
    }

    fn all_ops(side: &[Arc<SpecContracts>]) -> Vec<OpIx> {
        side.iter()
            .enumerate()
            .flat_map(|(spec, contracts)| {
                (0..contracts.operations.len()).map(move |op| OpIx {
                    spec: spec as u32,
                    op: op as u32,
                })
            })
            .collect()
    }

    fn match_operations(&mut self) {
        let base_ops = Self::all_ops(&self.base);
        let head_ops = Self::all_ops(&self.head);
        let mut base_taken: HashSet<OpIx> = HashSet::new();
        let mut head_taken: HashSet<OpIx> = HashSet::new();
        let mut pairs: Vec<(OpIx, OpIx)> = Vec::new();

        // Structural counterparts within paired files: by operationId, by method and path.
        let index = |side: &[Arc<SpecContracts>], ops: &[OpIx]| {
            let mut by_op_id: HashMap<(u32, String), Vec<OpIx>> = HashMap::new();
            let mut by_method_path: HashMap<(u32, (String, String)), Vec<OpIx>> = HashMap::new();
            let mut by_id: HashMap<String, Vec<OpIx>> = HashMap::new();
            for &ix in ops {
                let (_, op) = side_op(side, ix);
                if let Some(id) = &op.operation_id {
                    by_op_id.entry((ix.spec, id.clone())).or_default().push(ix);
                }
                by_method_path
                    .entry((ix.spec, method_path(op)))
                    .or_default()
                    .push(ix);
                if let Some(id) = &op.id {
                    by_id.entry(id.clone()).or_default().push(ix);
                }
            }
            (by_op_id, by_method_path, by_id)
        };
        let (base_by_op_id, base_by_mp, base_by_id) = index(&self.base, &base_ops);
        let (head_by_op_id, head_by_mp, head_by_id) = index(&self.head, &head_ops);

        // Whether `op` (of a file paired with `other_file`) has a counterpart there other than
        // `except`, by operationId or method and path.
        let has_counterpart = |op: &Contract,
                               other_file: Option<u32>,
                               by_op_id: &HashMap<(u32, String), Vec<OpIx>>,
                               by_mp: &HashMap<(u32, (String, String)), Vec<OpIx>>,
                               except: OpIx| {
            let Some(file) = other_file else {
                return false;
            };
            let by_id = op
                .operation_id
                .as_ref()
                .and_then(|id| by_op_id.get(&(file, id.clone())))
                .is_some_and(|list| list.iter().any(|ix| *ix != except));
            by_id
                || by_mp
                    .get(&(file, method_path(op)))
                    .is_some_and(|list| list.iter().any(|ix| *ix != except))
        };

        // 1. The unified ID, when it pairs the same operation.
        for &b in &base_ops {
            let (_, base_op) = side_op(&self.base, b);
            let Some(id) = &base_op.id else {
                continue;
            };
            let (Some([_]), Some([h])) = (
                base_by_id.get(id).map(Vec::as_slice),
                head_by_id.get(id).map(Vec::as_slice),
            ) else {
                continue;
            };
            let h = *h;
            let (_, head_op) = side_op(&self.head, h);
            let same = (base_op.operation_id.is_some() && base_op.operation_id == head_op.operation_id)
                || method_path(base_op) == method_path(head_op);
            let moved = !has_counterpart(
                base_op,
                self.base_file_pair[b.spec as usize],
                &head_by_op_id,
                &head_by_mp,
                h,
            ) && !has_counterpart(
                head_op,
                self.head_file_pair[h.spec as usize],
                &base_by_op_id,
                &base_by_mp,
                b,
            );
            if same || moved {
                pairs.push((b, h));
                base_taken.insert(b);
                head_taken.insert(h);
            }
        }
        // 2. operationId, then 3. method and path, within paired files.
        for by_method_path in [false, true] {
            for &b in &base_ops {
                if base_taken.contains(&b) {
                    continue;
                }
                let Some(file) = self.base_file_pair[b.spec as usize] else {
                    continue;
                };
                let (_, base_op) = side_op(&self.base, b);
                let candidates = if by_method_path {
                    head_by_mp.get(&(file, method_path(base_op)))
                } else {
                    base_op
                        .operation_id
                        .as_ref()
                        .and_then(|id| head_by_op_id.get(&(file, id.clone())))
                };
                let free: Vec<OpIx> = candidates
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|h| !head_taken.contains(h))
                    .collect();
                if let [h] = free.as_slice() {
                    if !by_method_path
                        && self.renamed_in_place(b, *h, file, &head_by_mp, &base_by_op_id, &head_taken)
                    {
                        continue;
                    }
                    pairs.push((b, *h));
                    base_taken.insert(b);
                    head_taken.insert(*h);
                }
            }
        }
        pairs.sort();
        // A spec that did not load on one side: its operations are unknown on the other.
        let unknown_base =
            |ix: &OpIx| self.base_file_pair[ix.spec as usize].is_some_and(|h| !self.head[h as usize].loaded);
        let unknown_head =
            |ix: &OpIx| self.head_file_pair[ix.spec as usize].is_some_and(|b| !self.base[b as usize].loaded);
        self.removed = base_ops
            .iter()
            .copied()
            .filter(|ix| !base_taken.contains(ix) && !unknown_base(ix))
            .collect();
        self.added = head_ops
            .iter()
            .copied()
            .filter(|ix| !head_taken.contains(ix) && !unknown_head(ix))
            .collect();
        self.pairs = pairs;
    }

    /// Whether base operation `b`, which shares its operationId with `h`, is still served at its
    /// method and path in head file `file` by an operation renamed to an operationId the base
    /// does not know: the old name was given to a new operation (`h`) and the operation itself
    /// stayed. Its method and path, which callers use, are then the stronger evidence.
    fn renamed_in_place(
        &self,
        b: OpIx,
        h: OpIx,
        file: u32,
        head_by_mp: &HashMap<(u32, (String, String)), Vec<OpIx>>,
        base_by_op_id: &HashMap<(u32, String), Vec<OpIx>>,
        head_taken: &HashSet<OpIx>,
    ) -> bool {
        let (_, base_op) = side_op(&self.base, b);
        head_by_mp
            .get(&(file, method_path(base_op)))
            .into_iter()
            .flatten()
            .filter(|other| **other != h && !head_taken.contains(*other))
            .any(|other| {
                let (_, other) = side_op(&self.head, *other);
                other
                    .operation_id
                    .as_ref()
                    .is_none_or(|id| !base_by_op_id.contains_key(&(b.spec, id.clone())))
            })
    }

    /// The interface changelog: added, removed, deprecated and changed operations, in that
    /// order, each kind in the order of its spec and line.
    pub fn changelog(&self) -> Vec<ChangelogEntry> {
        let mut entries: Vec<ChangelogEntry> = Vec::new();
        for &ix in &self.added {
            let (spec, op) = self.head_op(ix);
            entries.push(ChangelogEntry {
                change: ChangeKind::Added,
                operation: OperationState::of(spec, op),
                was: None,
                aspects: Vec::new(),
            });
        }
        for &ix in &self.removed {
            let (spec, op) = self.base_op(ix);
            entries.push(ChangelogEntry {
                change: ChangeKind::Removed,
                operation: OperationState::of(spec, op),
                was: None,
                aspects: Vec::new(),
            });
        }
        for &(b, h) in &self.pairs {
            let aspects = self.aspects(b, h);
            if aspects.is_empty() {
                continue;
            }
            let (base_spec, base) = self.base_op(b);
            let (head_spec, head) = self.head_op(h);
            let change = if head.deprecated && !base.deprecated {
                ChangeKind::Deprecated
            } else {
                ChangeKind::Changed
            };
            entries.push(ChangelogEntry {
                change,
                operation: OperationState::of(head_spec, head),
                was: Some(OperationState::of(base_spec, base)),
                aspects,
            });
        }
        entries.sort_by(|a, b| {
            (
                a.change,
                &a.operation.spec,
                &a.operation.file,
                a.operation.line,
                &a.operation.method,
            )
                .cmp(&(
                    b.change,
                    &b.operation.spec,
                    &b.operation.file,
                    b.operation.line,
                    &b.operation.method,
                ))
        });
        entries
    }

    /// The aspects in which a matched operation differs, in the changelog's order.
    pub fn aspects(&self, base: OpIx, head: OpIx) -> Vec<Aspect> {
        let (bs, b) = self.base_op(base);
        let (hs, h) = self.head_op(head);
        let mut out = Vec::new();
        if b.method != h.method {
            out.push(Aspect::Method);
        }
        if b.path != h.path {
            out.push(Aspect::Path);
        }
        if b.operation_id != h.operation_id {
            out.push(Aspect::OperationId);
        }
        if b.id != h.id {
            out.push(Aspect::Id);
        }
        if b.level != h.level {
            out.push(Aspect::Level);
        }
        if b.deprecated != h.deprecated || b.sunset != h.sunset {
            out.push(Aspect::Deprecation);
        }
        if b.security != h.security {
            out.push(Aspect::Security);
        }
        if (
            b.signature.is_some(),
            b.mutual_tls.is_some(),
            b.second_factor.is_some(),
        ) != (
            h.signature.is_some(),
            h.mutual_tls.is_some(),
            h.second_factor.is_some(),
        ) {
            out.push(Aspect::Protection);
        }
        let urls = |c: &Contract| c.servers.iter().map(|(url, _)| url.clone()).collect::<Vec<_>>();
        if urls(b) != urls(h) {
            out.push(Aspect::Servers);
        }
        let mut shapes = ShapeEq::new(bs, hs);
        let params_equal = b.parameters.len() == h.parameters.len()
            && b.parameters.iter().all(|bp| {
                h.parameters.iter().any(|hp| {
                    hp.name == bp.name
                        && hp.location == bp.location
                        && hp.required == bp.required
                        && match (bp.shape, hp.shape) {
                            (Some(x), Some(y)) => shapes.equal(x, y),
                            (None, None) => true,
                            _ => false,
                        }
                })
            });
        if !params_equal {
            out.push(Aspect::Parameters);
        }
        let bodies_equal = match (&b.body, &h.body) {
            (None, None) => true,
            (Some(x), Some(y)) => x.required == y.required && shapes.media_equal(&x.shapes, &y.shapes),
            _ => false,
        };
        if !bodies_equal {
            out.push(Aspect::RequestBody);
        }
        let responses_equal = b.responses.len() == h.responses.len()
            && b.responses.iter().all(|br| {
                h.responses
                    .iter()
                    .any(|hr| hr.status == br.status && shapes.media_equal(&br.shapes, &hr.shapes))
            });
        if !responses_equal {
            out.push(Aspect::Responses);
        }
        if bs.spec != hs.spec {
            out.push(Aspect::SpecFile);
        }
        out
    }
}

fn side_op(side: &[Arc<SpecContracts>], ix: OpIx) -> (&SpecContracts, &Contract) {
    let spec = &side[ix.spec as usize];
    (spec, &spec.operations[ix.op as usize])
}

/// Pairs spec files: by path, then the remaining ones by the operations they share (at least
/// half of the larger file's), best pairs first.
fn pair_files(
    base: &[Arc<SpecContracts>],
    head: &[Arc<SpecContracts>],
) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let mut base_pair: Vec<Option<u32>> = vec![None; base.len()];
    let mut head_pair: Vec<Option<u32>> = vec![None; head.len()];
    let head_by_path: HashMap<&str, u32> = head
        .iter()
        .enumerate()
        .map(|(index, spec)| (spec.spec.as_str(), index as u32))
        .collect();
    for (index, spec) in base.iter().enumerate() {
        if let Some(&h) = head_by_path.get(spec.spec.as_str()) {
            base_pair[index] = Some(h);
            head_pair[h as usize] = Some(index as u32);
        }
    }
    let keys =
        |spec: &SpecContracts| -> HashSet<String> { spec.operations.iter().flat_map(file_keys).collect() };
    let head_keys: Vec<Option<HashSet<String>>> = head
        .iter()
        .enumerate()
        .map(|(index, spec)| (head_pair[index].is_none() && spec.loaded).then(|| keys(spec)))
        .collect();
    let mut candidates: Vec<(usize, u32, u32)> = Vec::new();
    for (b, spec) in base.iter().enumerate() {
        if base_pair[b].is_some() || !spec.loaded || spec.operations.is_empty() {
            continue;
        }
        let ops: Vec<Vec<String>> = spec.operations.iter().map(file_keys).collect();
        for (h, theirs) in head_keys.iter().enumerate() {
            let Some(theirs) = theirs else {
                continue;
            };
            let shared = ops
                .iter()
                .filter(|keys| keys.iter().any(|key| theirs.contains(key)))
                .count();
            let larger = spec.operations.len().max(head[h].operations.len());
            if shared > 0 && shared * 2 >= larger {
                candidates.push((shared, b as u32, h as u32));
            }
        }
    }
    // Most shared first; ties in path order.
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, b, h) in candidates {
        if base_pair[b as usize].is_none() && head_pair[h as usize].is_none() {
            base_pair[b as usize] = Some(h);
            head_pair[h as usize] = Some(b);
        }
    }
    (base_pair, head_pair)
}

/// Structural equality of shapes across the two revisions. A pair met again while it is
/// being compared (a recursive schema) counts as equal, so cycles end; each pair is compared
/// once.
pub struct ShapeEq<'a> {
    base: &'a SpecContracts,
    head: &'a SpecContracts,
    known: HashMap<(ShapeId, ShapeId), bool>,
}

impl<'a> ShapeEq<'a> {
    pub fn new(base: &'a SpecContracts, head: &'a SpecContracts) -> Self {
        ShapeEq {
            base,
            head,
            known: HashMap::new(),
        }
    }

    /// Bodies by media type: the same media types, with equal shapes.
    pub fn media_equal(&mut self, base: &[(String, ShapeId)], head: &[(String, ShapeId)]) -> bool {
        base.len() == head.len()
            && base.iter().all(|(media, b)| {
                head.iter()
                    .find(|(other, _)| other == media)
                    .is_some_and(|(_, h)| self.equal(*b, *h))
            })
    }

    pub fn equal(&mut self, b: ShapeId, h: ShapeId) -> bool {
        if let Some(known) = self.known.get(&(b, h)) {
            return *known;
        }
        // Assumed equal while being compared: a cycle that reaches it again adds nothing.
        self.known.insert((b, h), true);
        let (base, head) = (self.base.shape(b), self.head.shape(h));
        let mut equal = base.types == head.types
            && base.enumeration == head.enumeration
            && base.required == head.required
            && base.properties.len() == head.properties.len()
            && base.items.is_some() == head.items.is_some();
        if equal {
            for property in &base.properties {
                let Some(other) = head.properties.iter().find(|p| p.name == property.name) else {
                    equal = false;
                    break;
                };
                if !self.equal(property.shape, other.shape) {
                    equal = false;
                    break;
                }
            }
        }
        if equal {
            if let (Some(x), Some(y)) = (base.items, head.items) {
                equal = self.equal(x, y);
            }
        }
        self.known.insert((b, h), equal);
        equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_names_do_not_count() {
        assert_eq!(path_template("/a/{id}/b/{x}"), "/a/{}/b/{}");
        assert_eq!(path_template("/a/{accountId}"), path_template("/a/{id}"));
        assert_ne!(path_template("/a/{id}"), path_template("/b/{id}"));
    }
}
