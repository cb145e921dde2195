//! One OpenAPI document, normalised: Swagger 2.0, OpenAPI 3.0 and 3.1 all become the same
//! operations, parameters, bodies, responses, security requirements and servers, each pointing
//! back at the node (file, line, column) it came from.

use crate::catalogue::RuleCode;
use crate::findings::{Msg, OperationRef, RawFinding};
use crate::parse::{NodeId, Tree};
use crate::source::{SourceFile, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// A node of one of the spec's documents (the root document is 0; `$ref`'d files follow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeRef {
    pub doc: u32,
    pub node: NodeId,
}

#[derive(Debug)]
pub struct Doc {
    pub file: Arc<SourceFile>,
    /// Shared with the file's other front ends (`FileInput::structured`).
    pub tree: Arc<Tree>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl SpecVersion {
    pub fn label(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "2.0",
            SpecVersion::OpenApi30 => "3.0",
            SpecVersion::OpenApi31 => "3.1",
        }
    }
}

/// Security level of JR/T 0185-2020 chapter 6 (A3: the three-tier refinement of A2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    A1,
    A2,
    A3,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_uppercase().as_str() {
            "A1" => Some(Level::A1),
            "A2" => Some(Level::A2),
            "A3" => Some(Level::A3),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::A1 => "A1",
            Level::A2 => "A2",
            Level::A3 => "A3",
        }
    }

    /// The level as the standard sees it: A3 counts as A2.
    pub fn standard(self) -> Level {
        match self {
            Level::A3 => Level::A2,
            other => other,
        }
    }
}

/// Where a parameter or an API key goes (`in:`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Query,
    Path,
    Header,
    Cookie,
    /// OpenAPI 2.0 only.
    Body,
    /// OpenAPI 2.0 only.
    FormData,
    /// A value no version allows (reported by SPEC004), kept as written.
    Other(Box<str>),
}

impl ParamLocation {
    pub fn parse(text: &str) -> ParamLocation {
        match text {
            "query" => ParamLocation::Query,
            "path" => ParamLocation::Path,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            "body" => ParamLocation::Body,
            "formData" => ParamLocation::FormData,
            other => ParamLocation::Other(other.into()),
        }
    }

    /// As written in a spec.
    pub fn as_str(&self) -> &str {
        match self {
            ParamLocation::Query => "query",
            ParamLocation::Path => "path",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Body => "body",
            ParamLocation::FormData => "formData",
            ParamLocation::Other(text) => text,
        }
    }
}

impl ParamLocation {
    /// The parameter's kind in the terms of docs/zh-glossary.md (路径参数, 查询参数 ...).
    pub fn zh(&self) -> String {
        match self {
            ParamLocation::Query => "查询参数".into(),
            ParamLocation::Path => "路径参数".into(),
            ParamLocation::Header => "请求头参数".into(),
            ParamLocation::Cookie => "Cookie 参数".into(),
            ParamLocation::Body => "请求体参数".into(),
            ParamLocation::FormData => "表单参数".into(),
            ParamLocation::Other(text) => format!("`{text}` 参数"),
        }
    }
}

impl std::fmt::Display for ParamLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    /// `required: true` (what a caller must send; `review` compares it).
    pub required: bool,
    pub node: NodeRef,
    pub schema: Option<NodeRef>,
}

#[derive(Debug, Clone)]
pub struct MediaBody {
    /// The media type (`application/json`); 2.0 bodies are JSON.
    pub media_type: String,
    pub node: NodeRef,
    pub schema: Option<NodeRef>,
}

#[derive(Debug, Clone)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    pub bodies: Vec<MediaBody>,
    /// Example values (`example`, `examples.*.value`, 2.0 `examples.<mime>`).
    pub examples: Vec<NodeRef>,
    pub headers: Vec<(String, NodeRef)>,
}

/// One alternative of a security requirement: all of its schemes apply together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub schemes: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct Security {
    /// Empty means "no security" (`security: []`).
    pub alternatives: Vec<Requirement>,
    pub node: NodeRef,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    ApiKey { location: ParamLocation, name: String },
    Http { scheme: String },
    OAuth2 { flows: Vec<OAuthFlow> },
    OpenIdConnect,
    MutualTls,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// 3.x names (`implicit`, `password`, `clientCredentials`, `authorizationCode`); 2.0's
    /// `application` and `accessCode` are mapped to the last two.
    pub name: String,
    pub scopes: Vec<String>,
    pub node: NodeRef,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SchemeKind,
    pub node: NodeRef,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub node: NodeRef,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub node: NodeRef,
    /// The method key (`post:`), where operation findings point.
    pub key_doc: u32,
    pub key_span: Span,
    pub path_item: NodeRef,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub request_bodies: Vec<MediaBody>,
    pub responses: Vec<Response>,
    /// The operation's own `security`, if it has one.
    pub security: Option<Security>,
    /// `x-apiaudit-ignore` entries.
    pub ignores: Vec<SpecIgnore>,
}

/// One `x-apiaudit-ignore` entry: a rule code or prefix and the reason, where it is written.
#[derive(Debug, Clone)]
pub struct SpecIgnore {
    pub rule: String,
    pub reason: String,
    pub file: Arc<SourceFile>,
    /// The entry's key.
    pub span: Span,
}

/// Where a `$ref` leads.
#[derive(Debug, Clone)]
pub enum RefTarget {
    Node(NodeRef),
    /// A URL: never fetched.
    Remote,
    Unresolved,
}

#[derive(Debug)]
pub struct Spec {
    pub docs: Vec<Doc>,
    pub version: SpecVersion,
    pub root: NodeRef,
    pub operations: Vec<Operation>,
    pub servers: Vec<Server>,
    pub security: Option<Security>,
    pub schemes: Vec<SecurityScheme>,
    /// Document-level `x-apiaudit-ignore`.
    pub ignores: Vec<SpecIgnore>,
    /// `x-apiaudit-ignore` of shared places (components, path items, referenced files), by
    /// the place's key (`model::places`).
    pub place_ignores: Vec<(String, Vec<SpecIgnore>)>,
    /// Every `$ref` node of every document, resolved to its final (non-ref) target.
    pub refs: HashMap<NodeRef, RefTarget>,
    /// Level inference and personal-information fields per operation, computed on first use
    /// (`level_inference::analyse`).
    pub analysis: std::sync::OnceLock<Vec<super::level_inference::OpAnalysis>>,
}

/// What the loader gives a spec rule: problems found while loading, and the spec if it parsed.
#[derive(Debug)]
pub struct SpecUnit {
    pub file: Arc<SourceFile>,
    pub problems: Vec<Problem>,
    pub spec: Option<Spec>,
}

/// Problems found while loading, each reported by the rule of its kind.
#[derive(Debug, Clone)]
pub enum Problem {
    /// SPEC001: the file does not parse.
    Unparsable {
        file: Arc<SourceFile>,
        offset: u32,
        message: Msg,
    },
    /// SPEC002.
    UnresolvedRef {
        file: Arc<SourceFile>,
        span: Span,
        target: String,
        reason: Msg,
    },
    /// SPEC003: the chain of references, in order, back to where it loops.
    RefCycle {
        file: Arc<SourceFile>,
        span: Span,
        chain: Vec<String>,
    },
    /// SPEC004, with the fix for this problem.
    Structure {
        file: Arc<SourceFile>,
        span: Span,
        message: Msg,
        help: Msg,
    },
    /// META002: an `x-apiaudit-ignore` entry without a reason or naming no rule.
    BadSuppression {
        file: Arc<SourceFile>,
        span: Span,
        message: Msg,
    },
}

impl Spec {
    pub fn doc(&self, at: NodeRef) -> &Doc {
        &self.docs[(at.doc as usize).min(self.docs.len().saturating_sub(1))]
    }

    pub fn tree(&self, at: NodeRef) -> &Tree {
        &self.doc(at).tree
    }

    pub fn file(&self, at: NodeRef) -> &SourceFile {
        &self.doc(at).file
    }

    pub fn root_file(&self) -> &SourceFile {
        &self.docs[0].file
    }

    pub fn span(&self, at: NodeRef) -> Span {
        self.tree(at).span(at.node)
    }

    /// Follows `$ref` (already resolved at load time); a node that is no reference is itself.
    pub fn resolve(&self, at: NodeRef) -> Option<NodeRef> {
        match self.refs.get(&at) {
            Some(RefTarget::Node(target)) => Some(*target),
            Some(RefTarget::Remote | RefTarget::Unresolved) => None,
            None => Some(at),
        }
    }

    /// A key of a mapping node (the node itself is resolved first).
    pub fn get(&self, map: NodeRef, key: &str) -> Option<NodeRef> {
        let map = self.resolve(map)?;
        self.tree(map)
            .get(map.node, key)
            .map(|node| NodeRef { doc: map.doc, node })
    }

    /// The key's own position (for findings on a key rather than its value).
    pub fn key_ref(&self, map: NodeRef, key: &str) -> Option<Span> {
        let map = self.resolve(map)?;
        self.tree(map).entry(map.node, key).map(|entry| entry.key_span)
    }

    pub fn str(&self, at: NodeRef) -> Option<&str> {
        self.tree(at).str(at.node)
    }

    pub fn get_str(&self, map: NodeRef, key: &str) -> Option<&str> {
        self.get(map, key).and_then(|at| self.str(at))
    }

    pub fn get_bool(&self, map: NodeRef, key: &str) -> Option<bool> {
        self.get(map, key).and_then(|at| self.tree(at).bool(at.node))
    }

    /// Entries of a mapping (resolved), as (key, key span, value).
    pub fn entries(&self, map: NodeRef) -> Vec<(&str, Span, NodeRef)> {
        let Some(map) = self.resolve(map) else {
            return Vec::new();
        };
        self.tree(map)
            .entries(map.node)
            .iter()
            .map(|entry| {
                (
                    &*entry.key,
                    entry.key_span,
                    NodeRef {
                        doc: map.doc,
                        node: entry.value,
                    },
                )
            })
            .collect()
    }

    pub fn items(&self, seq: NodeRef) -> Vec<NodeRef> {
        let Some(seq) = self.resolve(seq) else {
            return Vec::new();
        };
        self.tree(seq)
            .items(seq.node)
            .iter()
            .map(|&node| NodeRef { doc: seq.doc, node })
            .collect()
    }

    /// A finding on a node.
    pub fn finding(&self, rule: RuleCode, at: NodeRef, message: Msg) -> RawFinding {
        RawFinding::at(rule, self.file(at), self.span(at), message)
    }

    /// A finding on a span of a node's file (a key rather than its value).
    pub fn finding_span(&self, rule: RuleCode, doc: u32, span: Span, message: Msg) -> RawFinding {
        let file = &self.docs[(doc as usize).min(self.docs.len().saturating_sub(1))].file;
        RawFinding::at(rule, file, span, message)
    }

    /// A finding about an operation, at `at` (or the operation's method key).
    pub fn op_finding(
        &self,
        rule: RuleCode,
        op: &Operation,
        at: Option<NodeRef>,
        message: Msg,
        extensions: &crate::settings::Extensions,
    ) -> RawFinding {
        let finding = match at {
            Some(at) => self.finding(rule, at, message),
            None => self.finding_span(rule, op.key_doc, op.key_span, message),
        };
        finding.with_operation(self.op_ref(op, extensions))
    }

    pub fn op_ref(&self, op: &Operation, extensions: &crate::settings::Extensions) -> OperationRef {
        OperationRef {
            method: op.method.clone(),
            path: op.path.clone(),
            id: self
                .get_str(op.node, &extensions.interface_id)
                .map(str::to_string),
            level: self
                .get(op.node, &extensions.level)
                .and_then(|at| self.tree(at).scalar_text(at.node))
                .map(str::to_string),
        }
    }

    /// The security that applies to an operation: its own, else the document's.
    pub fn effective_security<'a>(&'a self, op: &'a Operation) -> Option<&'a Security> {
        op.security.as_ref().or(self.security.as_ref())
    }

    pub fn scheme(&self, name: &str) -> Option<&SecurityScheme> {
        self.schemes.iter().find(|scheme| scheme.name == name)
    }
}
