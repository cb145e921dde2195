//! Personal financial information (个人金融信息, JR/T 0171-2020) in an operation: the
//! parameters and the request and response schema properties whose names the vocabulary
//! (`pfi-c3`, `pfi-c2`, `pfi-c1`) classifies, with where each is written.

use super::schema::walk_properties;
use super::spec::{NodeRef, Operation, Spec};
use crate::catalogue::vocabulary::{Lexicon, Vocabulary};
use crate::source::Span;
use std::collections::HashMap;
use std::sync::Arc;

/// The JR/T 0171 categories, most sensitive last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    C1,
    C2,
    C3,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::C1 => "C1",
            Category::C2 => "C2",
            Category::C3 => "C3",
        }
    }
}

/// The tables, most sensitive first (the order `classify` reads the lexicon's hits in).
pub const TABLES: [&str; 3] = ["pfi-c3", "pfi-c2", "pfi-c1"];

/// The category of a field or parameter name and the term that decided it: the most sensitive
/// category among the terms the name contains (`cardNoAndPin` is C3).
pub fn classify(vocabulary: &Vocabulary, name: &str) -> Option<(Category, String)> {
    classify_with(&vocabulary.lexicon(&TABLES), name)
}

fn classify_with(lexicon: &Lexicon, name: &str) -> Option<(Category, String)> {
    lexicon
        .scan(name)
        .into_iter()
        .min_by_key(|hit| hit.table)
        .map(|hit| {
            let category = match hit.table {
                0 => Category::C3,
                1 => Category::C2,
                _ => Category::C1,
            };
            (category, hit.term)
        })
}

/// Where a field is carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A parameter, by its `in` (`path`, `query`, `header`, `cookie`, 2.0 `formData`).
    Parameter(String),
    /// A request-body property (also a 2.0 `in: body` schema).
    Request,
    /// A response-body property, by status.
    Response(String),
    /// A response header, by status.
    ResponseHeader(String),
}

/// A classified field of an operation.
#[derive(Debug, Clone)]
pub struct Field {
    pub place: Place,
    /// The name as written.
    pub name: String,
    /// Dotted path from the body (`data.account.cardNo`), or the parameter name.
    pub path: String,
    pub category: Category,
    /// The vocabulary term that classified it.
    pub term: String,
    /// Where the name is written.
    pub doc: u32,
    pub span: Span,
    /// The field's schema (a parameter's `schema`, or the parameter itself in 2.0), to read
    /// masks and types from.
    pub schema: Option<NodeRef>,
}

impl Field {
    pub fn place_label(&self, zh: bool) -> String {
        match (&self.place, zh) {
            (Place::Parameter(location), false) => format!("{location} parameter"),
            (Place::Parameter(location), true) => format!("{location} 参数"),
            (Place::Request, false) => "request field".to_string(),
            (Place::Request, true) => "请求字段".to_string(),
            (Place::Response(status), false) => format!("response {status} field"),
            (Place::Response(status), true) => format!("响应 {status} 字段"),
            (Place::ResponseHeader(status), false) => format!("response {status} header"),
            (Place::ResponseHeader(status), true) => format!("响应 {status} 头"),
        }
    }
}

/// Every property name met while walking an operation's bodies (for level inference), and
/// the classified fields among them and its parameters.
#[derive(Debug, Default, Clone)]
pub struct OpFields {
    pub fields: Vec<Field>,
    /// Request-body property names, each once.
    pub request_names: Vec<String>,
    /// Response-body property names (2xx and default), each once.
    pub response_names: Vec<String>,
}

/// How many properties one body walk reads at most: enough for any hand-written schema, and a
/// bound on vast expandable schemas (some public specs reach every object from every
/// response).
const MAX_PROPERTIES: usize = 4000;

/// Classifications of the names met in one spec: large specs repeat the same property names in
/// every response.
pub struct Classifier {
    lexicon: Arc<Lexicon>,
    names: HashMap<String, Option<(Category, String)>>,
}

impl Classifier {
    pub fn new(vocabulary: &Vocabulary) -> Classifier {
        Classifier {
            lexicon: vocabulary.lexicon(&TABLES),
            names: HashMap::new(),
        }
    }

    pub fn classify(&mut self, name: &str) -> Option<(Category, String)> {
        if let Some(known) = self.names.get(name) {
            return known.clone();
        }
        let found = classify_with(&self.lexicon, name);
        self.names.insert(name.to_string(), found.clone());
        found
    }
}

pub fn op_fields(spec: &Spec, op: &Operation, classifier: &mut Classifier) -> OpFields {
    let mut out = OpFields::default();
    let mut request_seen = std::collections::HashSet::new();
    let mut response_seen = std::collections::HashSet::new();
    for parameter in &op.parameters {
        if parameter.location == "body" {
            if let Some(schema) = parameter.schema {
                walk_body(
                    spec,
                    schema,
                    Place::Request,
                    classifier,
                    &mut out,
                    &mut request_seen,
                    true,
                );
            }
            continue;
        }
        if let Some((category, term)) = classifier.classify(&parameter.name) {
            // Findings point at the parameter object.
            let at = spec.resolve(parameter.node).unwrap_or(parameter.node);
            let span = spec.span(at);
            out.fields.push(Field {
                place: Place::Parameter(parameter.location.clone()),
                name: parameter.name.clone(),
                path: parameter.name.clone(),
                category,
                term,
                doc: at.doc,
                span,
                schema: parameter.schema.or(Some(parameter.node)),
            });
        }
    }
    for body in &op.request_bodies {
        if let Some(schema) = body.schema {
            walk_body(
                spec,
                schema,
                Place::Request,
                classifier,
                &mut out,
                &mut request_seen,
                true,
            );
        }
    }
    for response in &op.responses {
        for body in &response.bodies {
            if let Some(schema) = body.schema {
                let success = response.status.starts_with('2') || response.status == "default";
                walk_body(
                    spec,
                    schema,
                    Place::Response(response.status.clone()),
                    classifier,
                    &mut out,
                    &mut response_seen,
                    success,
                );
            }
        }
        for (name, node) in &response.headers {
            if let Some((category, term)) = classifier.classify(name) {
                out.fields.push(Field {
                    place: Place::ResponseHeader(response.status.clone()),
                    name: name.clone(),
                    path: name.clone(),
                    category,
                    term,
                    doc: node.doc,
                    span: spec.span(*node),
                    schema: spec.get(*node, "schema").or(Some(*node)),
                });
            }
        }
    }
    out
}

fn walk_body(
    spec: &Spec,
    schema: NodeRef,
    place: Place,
    classifier: &mut Classifier,
    out: &mut OpFields,
    seen: &mut std::collections::HashSet<String>,
    collect_names: bool,
) {
    let mut count = 0usize;
    let mut classified = std::collections::HashSet::new();
    walk_properties(spec, schema, &mut |property| {
        count += 1;
        if count > MAX_PROPERTIES {
            return;
        }
        if collect_names && seen.insert(property.name.to_string()) {
            match place {
                Place::Request => out.request_names.push(property.name.to_string()),
                _ => out.response_names.push(property.name.to_string()),
            }
        }
        // One field per written property: a schema reached twice is reported once.
        if !classified.insert((property.key_doc, property.key_span.start)) {
            return;
        }
        if let Some((category, term)) = classifier.classify(property.name) {
            out.fields.push(Field {
                place: place.clone(),
                name: property.name.to_string(),
                path: property.path.to_string(),
                category,
                term,
                doc: property.key_doc,
                span: property.key_span,
                schema: Some(property.schema),
            });
        }
    });
}
