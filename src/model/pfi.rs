//! Personal financial information (个人金融信息, JR/T 0171-2020) in an operation: the
//! parameters and the request and response schema properties whose names the vocabulary
//! (`pfi-c3`, `pfi-c2`, `pfi-c1`) classifies, with where each is written.

use super::schema::{walk_properties_shallow, walk_properties_within};
use super::spec::{NodeRef, Operation, Response, Spec};
use crate::catalogue::vocabulary::{Lexicon, Vocabulary};
use crate::model::spec::ParamLocation;
use crate::source::Span;
use std::collections::{HashMap, HashSet};
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
    Parameter(ParamLocation),
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
            (Place::Parameter(location), true) => location.zh(),
            (Place::Request, false) => "request field".to_string(),
            (Place::Request, true) => "请求字段".to_string(),
            (Place::Response(status), false) => format!("response {status} field"),
            (Place::Response(status), true) => format!("响应 {status} 字段"),
            (Place::ResponseHeader(status), false) => format!("response {status} header"),
            (Place::ResponseHeader(status), true) => format!("响应 {status} 头"),
        }
    }
}

/// The classified fields of an operation: its parameters and response headers, and the
/// response-body properties first reached from it (a response schema shared by several
/// operations is walked once per spec; `response_fields` walks one operation's own). Request
/// bodies are read on demand (`request_fields`, `request_names`).
#[derive(Debug, Default, Clone)]
pub struct OpFields {
    pub fields: Vec<Field>,
}

/// How many properties one body walk reads at most: enough for any hand-written schema, and a
/// bound on vast expandable schemas (some public specs reach every object from every
/// response).
pub const MAX_PROPERTIES: usize = 4000;

/// Classifications of the names met in one spec (large specs repeat the same property names
/// in every response), and the response schemas already walked.
pub struct Classifier {
    lexicon: Arc<Lexicon>,
    names: HashMap<String, Option<(Category, String)>>,
    responses_walked: HashSet<NodeRef>,
}

impl Classifier {
    pub fn new(vocabulary: &Vocabulary) -> Classifier {
        Classifier {
            lexicon: vocabulary.lexicon(&TABLES),
            names: HashMap::new(),
            responses_walked: HashSet::new(),
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
    for parameter in &op.parameters {
        if parameter.location == ParamLocation::Body {
            continue;
        }
        if let Some((category, term)) = classifier.classify(&parameter.name) {
            // Findings point at the parameter object.
            let at = spec.resolve(parameter.node).unwrap_or(parameter.node);
            out.fields.push(Field {
                place: Place::Parameter(parameter.location.clone()),
                name: parameter.name.clone(),
                path: parameter.name.clone(),
                category,
                term,
                doc: at.doc,
                span: spec.span(at),
                schema: parameter.schema.or(Some(parameter.node)),
            });
        }
    }
    let mut walked = std::mem::take(&mut classifier.responses_walked);
    let mut budget = MAX_PROPERTIES;
    for response in &op.responses {
        for body in &response.bodies {
            if let Some(schema) = body.schema {
                let place = Place::Response(response.status.clone());
                walk_body(
                    spec,
                    schema,
                    place,
                    classifier,
                    &mut walked,
                    &mut budget,
                    &mut out.fields,
                    &mut |_| {},
                );
            }
        }
        response_headers(spec, response, classifier, &mut out.fields);
    }
    classifier.responses_walked = walked;
    out
}

/// The request-body schemas of an operation (3.x `requestBody`, 2.0 `in: body`).
fn request_schemas(op: &Operation) -> impl Iterator<Item = NodeRef> + '_ {
    op.parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Body)
        .filter_map(|p| p.schema)
        .chain(op.request_bodies.iter().filter_map(|b| b.schema))
}

/// One operation's classified request-body fields, within the property budget.
pub fn request_fields(spec: &Spec, op: &Operation, classifier: &mut Classifier) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut seen = HashSet::new();
    let mut budget = MAX_PROPERTIES;
    for schema in request_schemas(op) {
        walk_body(
            spec,
            schema,
            Place::Request,
            classifier,
            &mut seen,
            &mut budget,
            &mut fields,
            &mut |_| {},
        );
    }
    fields
}

/// The request-body property names of an operation, each once, at most `limit` read and
/// `max_depth` levels down.
pub fn request_names(spec: &Spec, op: &Operation, limit: usize, max_depth: usize) -> Vec<String> {
    let mut names = Vec::new();
    let mut unique = HashSet::new();
    let mut budget = limit;
    for schema in request_schemas(op) {
        walk_properties_shallow(spec, schema, max_depth, &mut budget, &mut |property| {
            if unique.insert(property.name.to_string()) {
                names.push(property.name.to_string());
            }
        });
    }
    names
}

/// One operation's own classified response fields (every schema it reaches, shared or not,
/// within the property budget): for rules that judge an operation by what it returns.
pub fn response_fields(spec: &Spec, op: &Operation, classifier: &mut Classifier) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut seen = HashSet::new();
    let mut budget = MAX_PROPERTIES;
    for response in &op.responses {
        for body in &response.bodies {
            if let Some(schema) = body.schema {
                let place = Place::Response(response.status.clone());
                walk_body(
                    spec,
                    schema,
                    place,
                    classifier,
                    &mut seen,
                    &mut budget,
                    &mut fields,
                    &mut |_| {},
                );
            }
        }
        response_headers(spec, response, classifier, &mut fields);
    }
    fields
}

/// The property names of an operation's successful responses, each once, at most `limit`
/// properties read and `max_depth` levels down.
pub fn response_names(spec: &Spec, op: &Operation, limit: usize, max_depth: usize) -> Vec<String> {
    let mut names = Vec::new();
    let mut unique = HashSet::new();
    let mut budget = limit;
    for response in &op.responses {
        if !(response.status.starts_with('2') || response.status == "default") {
            continue;
        }
        for body in &response.bodies {
            if let Some(schema) = body.schema {
                walk_properties_shallow(spec, schema, max_depth, &mut budget, &mut |property| {
                    if unique.insert(property.name.to_string()) {
                        names.push(property.name.to_string());
                    }
                });
            }
        }
    }
    names
}

fn response_headers(spec: &Spec, response: &Response, classifier: &mut Classifier, out: &mut Vec<Field>) {
    for (name, node) in &response.headers {
        if let Some((category, term)) = classifier.classify(name) {
            out.push(Field {
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

#[allow(clippy::too_many_arguments)]
fn walk_body(
    spec: &Spec,
    schema: NodeRef,
    place: Place,
    classifier: &mut Classifier,
    seen: &mut HashSet<NodeRef>,
    budget: &mut usize,
    out: &mut Vec<Field>,
    names: &mut dyn FnMut(&str),
) {
    let mut classified = HashSet::new();
    walk_properties_within(spec, schema, seen, budget, &mut |property| {
        names(property.name);
        // One field per written property.
        if !classified.insert((property.key_doc, property.key_span.start)) {
            return;
        }
        if let Some((category, term)) = classifier.classify(property.name) {
            out.push(Field {
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
