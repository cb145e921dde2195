//! Operation contracts: what callers and governance depend on in an operation, kept apart from
//! the spec's parse tree so that `review` can compare two revisions of an estate after both
//! were read (the trees are gone by then). A contract holds the operation's identity (method,
//! path, operationId, unified ID, level, deprecation), its effective security and the
//! protections beside it, its servers, and its inputs and outputs as schema shapes.
//!
//! Schemas become `Shape`s interned once per spec (a `$ref`'d schema shared by many operations
//! is one shape; a recursive schema is a cycle of shapes), so comparing two revisions walks
//! each pair of shapes once. `allOf` members are merged into one shape; `oneOf`/`anyOf`
//! alternatives contribute their properties as optional ones. Every shape, property, parameter
//! and response keeps where it is written, so a finding can point at it.

use super::level_inference::{analyse, declared_level};
use super::protections;
use super::spec::{NodeRef, Operation, SchemeKind, Spec, SpecVersion};
use super::Level;
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where something is written: one of the spec's files (an index of `SpecContracts::files`)
/// and a span of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub file: u32,
    pub span: Span,
}

/// A shape of `SpecContracts::shapes`.
pub type ShapeId = u32;

/// One schema, as far as callers depend on it.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub at: Option<Anchor>,
    /// The declared `type`s, sorted (one, or a 3.1 list); empty when none is declared.
    pub types: Vec<String>,
    /// The `enum` values as written; None without `enum`.
    pub enumeration: Option<Vec<String>>,
    pub required: Vec<String>,
    pub properties: Vec<Property>,
    /// An array's `items`.
    pub items: Option<ShapeId>,
}

#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    /// The property's key.
    pub at: Anchor,
    pub shape: ShapeId,
}

/// A parameter (path, query, header, cookie; 2.0 form data).
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    /// `in`, as written.
    pub location: String,
    pub required: bool,
    pub shape: Option<ShapeId>,
    pub at: Anchor,
}

/// The request body (3.x `requestBody`, 2.0 `in: body`): one shape per media type.
#[derive(Debug, Clone)]
pub struct Body {
    pub required: bool,
    pub shapes: Vec<(String, ShapeId)>,
    pub at: Anchor,
}

/// One response: its status, one shape per media type, where its status key is.
#[derive(Debug, Clone)]
pub struct Output {
    pub status: String,
    pub shapes: Vec<(String, ShapeId)>,
    pub at: Anchor,
}

/// How much a security scheme proves, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// A scheme no security scheme defines: it protects nothing as written.
    Undefined,
    /// A static value the caller presents: an API key, HTTP Basic.
    Static,
    /// Other HTTP schemes (bearer, digest), and kinds the spec does not know.
    Token,
    /// OAuth2, OpenID Connect, mutual TLS.
    Strong,
}

/// One scheme of a security requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeUse {
    pub name: String,
    /// The scheme's kind as a short label (`oauth2`, `apiKey`, `http basic`, `mutualTLS`).
    pub kind: String,
    pub strength: Strength,
    /// OAuth2 and OpenID Connect scopes, sorted.
    pub scopes: Vec<String>,
    /// Whether scopes mean anything for this kind.
    pub scoped: bool,
}

/// An operation as `review` compares it.
#[derive(Debug, Clone)]
pub struct Contract {
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    /// The unified interface ID (`x-api-id`), as written.
    pub id: Option<String>,
    /// The declared level (`x-api-level`), as written.
    pub level: Option<String>,
    /// The inferred level in the configured scheme.
    pub inferred_level: Level,
    pub deprecated: bool,
    /// `x-sunset`, or a `Sunset` response header's date, as written.
    pub sunset: Option<String>,
    /// The method key.
    pub at: Anchor,
    /// The path's key under `paths`.
    pub path_at: Option<Anchor>,
    pub id_at: Option<Anchor>,
    pub level_at: Option<Anchor>,
    /// The effective security's alternatives (each a set of schemes that apply together);
    /// None when neither the operation nor the document declares `security`.
    pub security: Option<Vec<Vec<SchemeUse>>>,
    /// Where the effective `security` is written (the operation's, else the document's).
    pub security_at: Option<Anchor>,
    /// Declared A3, or inferred fund-moving (as AUTH004 decides).
    pub fund_moving: bool,
    /// The request signature, mutual TLS scheme and second factor declared, by name.
    pub signature: Option<String>,
    pub mutual_tls: Option<String>,
    pub second_factor: Option<String>,
    /// Server URLs that apply, with where each is written (3.x: the operation's, else its
    /// path's, else the document's, variables at their defaults; 2.0: `schemes` with `host`
    /// and `basePath`).
    pub servers: Vec<(String, Anchor)>,
    pub parameters: Vec<Input>,
    pub body: Option<Body>,
    pub responses: Vec<Output>,
}

impl Contract {
    /// The level that governs the operation: the declared one when it is a level, else the
    /// inferred one.
    pub fn level(&self) -> Level {
        self.level
            .as_deref()
            .and_then(Level::parse)
            .unwrap_or(self.inferred_level)
    }
}

/// The contracts of one spec (a root document with its `$ref`'d files).
#[derive(Debug, Clone, Default)]
pub struct SpecContracts {
    /// The spec's files: the root document first, then the files its references reach.
    pub files: Vec<Arc<SourceFile>>,
    /// The root document's path, as reports show it.
    pub spec: String,
    /// The `paths` key of the root document.
    pub paths_at: Option<Anchor>,
    /// False when the file claims to be a spec but could not be read as one (SPEC001): its
    /// operations are unknown, not gone.
    pub loaded: bool,
    pub shapes: Vec<Shape>,
    pub operations: Vec<Contract>,
}

impl SpecContracts {
    /// A spec file that did not load: its operations are unknown.
    pub fn unloaded(file: Arc<SourceFile>) -> SpecContracts {
        SpecContracts {
            spec: file.path.clone(),
            files: vec![file],
            ..SpecContracts::default()
        }
    }

    pub fn file(&self, anchor: Anchor) -> &SourceFile {
        &self.files[(anchor.file as usize).min(self.files.len().saturating_sub(1))]
    }

    pub fn shape(&self, id: ShapeId) -> &Shape {
        // Ids come from this spec's own table; an empty default stands in for none.
        static EMPTY: Shape = Shape {
            at: None,
            types: Vec::new(),
            enumeration: None,
            required: Vec::new(),
            properties: Vec::new(),
            items: None,
        };
        self.shapes.get(id as usize).unwrap_or(&EMPTY)
    }
}

/// Schemas deeper than this (through properties and items) are not followed: a deeper
/// difference is not a contract anyone reviews by hand, and hostile nesting stays bounded.
const MAX_DEPTH: usize = 48;

/// The contracts of every operation of a loaded spec.
pub fn contracts(spec: &Spec, settings: &Settings) -> SpecContracts {
    let analyses = analyse(spec, settings);
    let root = spec.root_file();
    let mut builder = Builder {
        spec,
        shapes: Vec::new(),
        memo: HashMap::new(),
        depth: 0,
    };
    let paths_node = spec.get(spec.root, "paths");
    let operations = spec
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let inferred = analyses
                .get(index)
                .map_or(Level::A1, |a| a.inference.level_in(settings.level_scheme));
            let declared = declared_level(spec, op, settings);
            let moving = analyses
                .get(index)
                .is_some_and(|a| a.inference.level == Level::A3);
            let effective = declared.unwrap_or(inferred);
            builder.contract(
                op,
                inferred,
                declared == Some(Level::A3) || (moving && effective >= Level::A2),
                paths_node,
                settings,
            )
        })
        .collect::<Vec<Contract>>();
    // A path or method written twice (SPEC004 reports the duplicate key) is one operation to its
    // callers: the one JSON and YAML readers keep, the last. Counting each copy would report
    // copies as added or removed.
    let mut seen = HashSet::new();
    let mut operations: Vec<Contract> = operations
        .into_iter()
        .rev()
        .filter(|op| seen.insert((op.method.clone(), op.path.clone())))
        .collect();
    operations.reverse();
    SpecContracts {
        files: spec.docs.iter().map(|doc| doc.file.clone()).collect(),
        spec: root.path.clone(),
        paths_at: spec
            .key_ref(spec.root, "paths")
            .map(|span| Anchor { file: 0, span }),
        loaded: true,
        shapes: builder.shapes,
        operations,
    }
}

struct Builder<'a> {
    spec: &'a Spec,
    shapes: Vec<Shape>,
    memo: HashMap<NodeRef, ShapeId>,
    depth: usize,
}

impl Builder<'_> {
    fn anchor(&self, node: NodeRef) -> Anchor {
        Anchor {
            file: node.doc,
            span: self.spec.span(node),
        }
    }

    fn scalar(&self, owner: NodeRef, key: &str) -> Option<(String, Anchor)> {
        let node = self.spec.get(owner, key)?;
        let text = self.spec.tree(node).scalar_text(node.node)?.trim();
        (!text.is_empty()).then(|| (text.to_string(), self.anchor(node)))
    }

    fn contract(
        &mut self,
        op: &Operation,
        inferred_level: Level,
        fund_moving: bool,
        paths_node: Option<NodeRef>,
        settings: &Settings,
    ) -> Contract {
        let spec = self.spec;
        let ext = &settings.extensions;
        let id = self.scalar(op.node, &ext.interface_id);
        let level = self.scalar(op.node, &ext.level);
        let parameters = op
            .parameters
            .iter()
            .filter(|p| !matches!(p.location, super::spec::ParamLocation::Body))
            .map(|p| Input {
                name: p.name.clone(),
                location: p.location.as_str().to_string(),
                required: p.required,
                shape: p.schema.map(|schema| self.shape(schema)),
                at: self.anchor(p.node),
            })
            .collect();
        let body = self.body(op);
        let responses = self.responses(op);
        Contract {
            method: op.method.clone(),
            path: op.path.clone(),
            operation_id: op.operation_id.clone(),
            id: id.as_ref().map(|(text, _)| text.clone()),
            level: level.as_ref().map(|(text, _)| text.clone()),
            inferred_level,
            deprecated: op.deprecated,
            sunset: super::lifecycle::sunset(spec, op, &ext.sunset).map(|(_, text)| text),
            at: Anchor {
                file: op.key_doc,
                span: op.key_span,
            },
            path_at: paths_node.and_then(|paths| {
                let doc = spec.resolve(paths)?.doc;
                spec.key_ref(paths, &op.path)
                    .map(|span| Anchor { file: doc, span })
            }),
            id_at: id.map(|(_, at)| at),
            level_at: level.map(|(_, at)| at),
            security: self.security(op),
            security_at: self.security_at(op),
            fund_moving,
            signature: protections::declared_signature(spec, op, &settings.vocabulary),
            mutual_tls: protections::mutual_tls(spec, op),
            second_factor: protections::second_factor(spec, op, &settings.vocabulary),
            servers: self.servers(op),
            parameters,
            body,
            responses,
        }
    }

    fn security(&self, op: &Operation) -> Option<Vec<Vec<SchemeUse>>> {
        let spec = self.spec;
        let security = spec.effective_security(op)?;
        Some(
            security
                .alternatives
                .iter()
                .map(|alternative| {
                    let mut uses: Vec<SchemeUse> = alternative
                        .schemes
                        .iter()
                        .map(|(name, scopes)| {
                            let (kind, strength, scoped) = match spec.scheme(name).map(|s| &s.kind) {
                                None => ("undefined".to_string(), Strength::Undefined, false),
                                Some(SchemeKind::ApiKey { .. }) => ("apiKey".into(), Strength::Static, false),
                                Some(SchemeKind::Http { scheme }) if scheme == "basic" => {
                                    ("http basic".into(), Strength::Static, false)
                                }
                                Some(SchemeKind::Http { scheme }) => {
                                    (format!("http {scheme}"), Strength::Token, false)
                                }
                                Some(SchemeKind::OAuth2 { .. }) => ("oauth2".into(), Strength::Strong, true),
                                Some(SchemeKind::OpenIdConnect) => {
                                    ("openIdConnect".into(), Strength::Strong, true)
                                }
                                Some(SchemeKind::MutualTls) => ("mutualTLS".into(), Strength::Strong, false),
                                Some(SchemeKind::Other(other)) => (other.clone(), Strength::Token, false),
                            };
                            let mut scopes = scopes.clone();
                            scopes.sort();
                            scopes.dedup();
                            SchemeUse {
                                name: name.clone(),
                                kind,
                                strength,
                                scopes,
                                scoped,
                            }
                        })
                        .collect();
                    uses.sort_by(|a, b| a.name.cmp(&b.name));
                    uses
                })
                .collect(),
        )
    }

    fn security_at(&self, op: &Operation) -> Option<Anchor> {
        let spec = self.spec;
        let owner = if op.security.is_some() { op.node } else { spec.root };
        let doc = spec.resolve(owner)?.doc;
        spec.key_ref(owner, "security")
            .map(|span| Anchor { file: doc, span })
    }

    fn servers(&self, op: &Operation) -> Vec<(String, Anchor)> {
        let spec = self.spec;
        if spec.version == SpecVersion::Swagger2 {
            // 2.0: the operation's `schemes`, else the document's; without any, the scheme is
            // the one the document was fetched with, which the spec does not say.
            let Some((host, _)) = self.scalar(spec.root, "host") else {
                return Vec::new();
            };
            let base = spec.get_str(spec.root, "basePath").unwrap_or("");
            let list = spec
                .get(op.node, "schemes")
                .or_else(|| spec.get(spec.root, "schemes"));
            let Some(list) = list else {
                return Vec::new();
            };
            return spec
                .items(list)
                .into_iter()
                .filter_map(|item| {
                    let scheme = spec.str(item)?;
                    Some((format!("{scheme}://{host}{base}"), self.anchor(item)))
                })
                .collect();
        }
        for owner in [op.node, op.path_item, spec.root] {
            let Some(list) = spec.get(owner, "servers") else {
                continue;
            };
            let urls: Vec<(String, Anchor)> = super::matching::server_list(spec, list)
                .into_iter()
                .map(|(url, node)| (url, self.anchor(node)))
                .collect();
            if !urls.is_empty() {
                return urls;
            }
        }
        Vec::new()
    }

    fn body(&mut self, op: &Operation) -> Option<Body> {
        let spec = self.spec;
        if spec.version == SpecVersion::Swagger2 {
            let parameter = op
                .parameters
                .iter()
                .find(|p| matches!(p.location, super::spec::ParamLocation::Body))?;
            return Some(Body {
                required: parameter.required,
                shapes: parameter
                    .schema
                    .map(|s| ("application/json".to_string(), self.shape(s)))
                    .into_iter()
                    .collect(),
                at: self.anchor(parameter.node),
            });
        }
        let node = spec.get(op.node, "requestBody")?;
        let required = spec.get_bool(node, "required").unwrap_or(false);
        let shapes = op
            .request_bodies
            .iter()
            .filter_map(|body| Some((body.media_type.clone(), self.shape(body.schema?))))
            .collect();
        Some(Body {
            required,
            shapes,
            at: self.anchor(node),
        })
    }

    fn responses(&mut self, op: &Operation) -> Vec<Output> {
        let spec = self.spec;
        let Some(node) = spec.get(op.node, "responses") else {
            return Vec::new();
        };
        let doc = spec.resolve(node).map_or(node.doc, |n| n.doc);
        op.responses
            .iter()
            .map(|response| {
                let shapes = response
                    .bodies
                    .iter()
                    .filter_map(|body| Some((body.media_type.clone(), self.shape(body.schema?))))
                    .collect();
                let at = spec
                    .key_ref(node, &response.status)
                    .map(|span| Anchor { file: doc, span })
                    .unwrap_or_else(|| self.anchor(node));
                Output {
                    status: response.status.clone(),
                    shapes,
                    at,
                }
            })
            .collect()
    }

    /// The shape of a schema node, interned: each resolved node is one shape.
    fn shape(&mut self, node: NodeRef) -> ShapeId {
        let spec = self.spec;
        let Some(node) = spec.resolve(node) else {
            // A reference that does not resolve (SPEC002): a shape that says nothing.
            return self.push(Shape::default());
        };
        if let Some(id) = self.memo.get(&node) {
            return *id;
        }
        let id = self.push(Shape {
            at: Some(self.anchor(node)),
            ..Shape::default()
        });
        self.memo.insert(node, id);
        if self.depth >= MAX_DEPTH || !spec.tree(node).is_map(node.node) {
            return id;
        }
        self.depth += 1;
        let mut shape = Shape {
            at: Some(self.anchor(node)),
            ..Shape::default()
        };
        if let Some(kind) = spec.get(node, "type") {
            let tree = spec.tree(kind);
            if tree.is_seq(kind.node) {
                shape.types = spec
                    .items(kind)
                    .into_iter()
                    .filter_map(|item| spec.str(item).map(str::to_string))
                    .collect();
            } else if let Some(text) = tree.scalar_text(kind.node) {
                shape.types.push(text.to_string());
            }
        }
        if let Some(values) = spec.get(node, "enum") {
            shape.enumeration = Some(
                spec.items(values)
                    .into_iter()
                    .map(|item| {
                        let tree = spec.tree(item);
                        // `null` as a word: its scalar text is empty, as an empty string's is.
                        if matches!(tree.node(item.node).value, crate::parse::Value::Null) {
                            return "null".to_string();
                        }
                        tree.scalar_text(item.node)
                            .map_or_else(|| "…".to_string(), str::to_string)
                    })
                    .collect(),
            );
        }
        if let Some(list) = spec.get(node, "required") {
            shape.required = spec
                .items(list)
                .into_iter()
                .filter_map(|item| spec.str(item).map(str::to_string))
                .collect();
        }
        if let Some(properties) = spec.get(node, "properties") {
            let doc = spec.resolve(properties).map_or(properties.doc, |p| p.doc);
            for (name, key_span, value) in spec.entries(properties) {
                let child = self.shape(value);
                shape.properties.push(Property {
                    name: name.to_string(),
                    at: Anchor {
                        file: doc,
                        span: key_span,
                    },
                    shape: child,
                });
            }
        }
        if let Some(items) = spec.get(node, "items") {
            shape.items = Some(self.shape(items));
        }
        for (combinator, merged_required) in [("allOf", true), ("oneOf", false), ("anyOf", false)] {
            let Some(list) = spec.get(node, combinator) else {
                continue;
            };
            let mut member_types = Vec::new();
            for member in spec.items(list) {
                let member = self.shape(member);
                // A member still being built (a schema that contains itself through allOf)
                // adds what it has so far.
                let member = self.shapes[member as usize].clone();
                member_types.extend(member.types.iter().cloned());
                for property in member.properties {
                    if !shape.properties.iter().any(|p| p.name == property.name) {
                        shape.properties.push(property);
                    }
                }
                if merged_required {
                    shape.required.extend(member.required);
                    if shape.enumeration.is_none() {
                        shape.enumeration = member.enumeration;
                    }
                }
                if shape.items.is_none() {
                    shape.items = member.items;
                }
            }
            if shape.types.is_empty() {
                shape.types = member_types;
            }
        }
        shape.types.sort();
        shape.types.dedup();
        shape.required.sort();
        shape.required.dedup();
        self.depth -= 1;
        self.shapes[id as usize] = shape;
        id
    }

    fn push(&mut self, shape: Shape) -> ShapeId {
        self.shapes.push(shape);
        (self.shapes.len() - 1) as ShapeId
    }
}
