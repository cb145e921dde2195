//! The OpenAPI front end: recognises a spec by content (a top-level `openapi` or `swagger`
//! key), parses it, resolves every `$ref` (`resolve`: local pointers and relative files, never
//! URLs; a pure reference loop, SPEC003, told from a legal recursive schema) and normalises 2.0,
//! 3.0 and 3.1 into the one `Spec` shape (`normalise`; structural problems, SPEC004, collected on
//! the way). All references are resolved once, here, into a table; rules only look targets up.
//! The file's part of the portfolio gets an inventory entry per operation (with its inferred
//! level) and the OAuth scopes the spec defines; spec rules run on the loaded spec.

mod normalise;
mod resolve;

use super::{Extraction, FrontEnd, Pending};
use crate::discover::FileSource;
use crate::findings::Msg;
use crate::input::FileInput;
use crate::model::spec::*;
use crate::model::{contract, inventory, level_inference, matching, Portfolio};
use crate::parse::{self, Limits, Tree};
use crate::progress::timings::{self, Stage};
use crate::settings::Settings;
use crate::source::{floor_char_boundary, SourceFile};
use normalise::Normaliser;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// OpenAPI 2.0, 3.0 and 3.1 documents, YAML or JSON, any file name.
pub struct OpenApi;

impl FrontEnd for OpenApi {
    fn claims(&self, input: &FileInput) -> bool {
        may_be_openapi(&input.file.text)
    }

    fn reads_large_files(&self) -> bool {
        true
    }

    /// The summary counts specs and operations whatever rules run.
    fn needed_without_model_rules(&self) -> bool {
        true
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        let Some(unit) = read_spec(input, settings) else {
            return;
        };
        if let Some(spec) = &unit.spec {
            let analyses = level_inference::analyse(spec, settings);
            let _inventory = timings::phase(Stage::Inventory);
            out.part.interfaces = spec
                .operations
                .iter()
                .enumerate()
                .map(|(index, op)| inventory::entry(spec, op, analyses.get(index), settings))
                .collect();
            out.part.scopes = matching::scope_defs(spec);
        }
        if settings.contracts {
            out.part.contracts.push(Arc::new(match &unit.spec {
                Some(spec) => contract::contracts(spec, settings),
                None => contract::SpecContracts::unloaded(unit.file.clone()),
            }));
        }
        out.spec = Some(unit);
    }

    /// Links every gateway route and grant of the run to the operations it reaches, once every
    /// spec and gateway config is in.
    fn finish(&self, portfolio: &mut Portfolio, _pending: &mut Pending, _settings: &Settings) {
        portfolio.sort_interfaces_and_routes();
        matching::link(portfolio);
    }
}

/// Parses and loads a candidate spec; None when the file is YAML/JSON but not a spec, or does
/// not parse and does not say it is one.
fn read_spec(input: &FileInput, settings: &Settings) -> Option<SpecUnit> {
    let file = &input.file;
    if let Some(offset) = input.invalid_utf8_at {
        if !looks_like_spec_text(&file.text) {
            return None;
        }
        return Some(parse_error_unit(
            file.clone(),
            parse::ParseError::new("invalid UTF-8: the file is not valid UTF-8 text", offset),
        ));
    }
    let parse_phase = timings::phase(Stage::Parse);
    let parsed = parse::parse_structured(&file.text, Limits::default()).map(Arc::new);
    drop(parse_phase);
    input.share_structured(parsed.as_ref().ok());
    match parsed {
        Ok(tree) if is_openapi(&tree) => Some(load_with(file.clone(), tree, settings, input.files())),
        Ok(_) => None,
        Err(error) => looks_like_spec_text(&file.text).then(|| parse_error_unit(file.clone(), error)),
    }
}

/// For text that does not parse: does it still say it is an OpenAPI document? (A top-level
/// `openapi:`/`swagger:` line in YAML, or the key in JSON.)
fn looks_like_spec_text(text: &str) -> bool {
    let head = &text[..floor_char_boundary(text, 64 * 1024)];
    head.lines().any(|line| {
        let line = line.trim_end();
        line.starts_with("openapi:")
            || line.starts_with("swagger:")
            || line.starts_with("\"openapi\":")
            || line.starts_with("\"swagger\":")
            || line.trim_start().starts_with("{\"openapi\"")
            || line.trim_start().starts_with("{\"swagger\"")
            || ((line.starts_with("  \"openapi\"") || line.starts_with("  \"swagger\""))
                && line.contains(':'))
    })
}

/// Whether a parsed document is an OpenAPI/Swagger document (a top-level `openapi` or
/// `swagger` key).
pub fn is_openapi(tree: &Tree) -> bool {
    let root = tree.root();
    tree.get(root, "openapi").is_some() || tree.get(root, "swagger").is_some()
}

/// Cheap pre-check on the text before parsing: could this be an OpenAPI document?
pub fn may_be_openapi(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"openapi").is_some()
        || memchr::memmem::find(text.as_bytes(), b"swagger").is_some()
}

pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
pub(super) const MAX_REF_HOPS: usize = 64;

/// Keys whose values are data, not spec structure: a `$ref` inside is text, not a reference.
pub(super) fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const") || key.starts_with("x-")
}

pub(super) struct Loader<'a> {
    pub(super) settings: &'a Settings,
    pub(super) files: &'a dyn FileSource,
    pub(super) docs: Vec<Doc>,
    pub(super) by_path: HashMap<PathBuf, Result<u32, Msg>>,
    pub(super) problems: Vec<Problem>,
    pub(super) refs: HashMap<NodeRef, RefTarget>,
}

/// Loads a spec from its parsed root document; referenced files come from disk.
pub fn load(file: Arc<SourceFile>, tree: impl Into<Arc<Tree>>, settings: &Settings) -> SpecUnit {
    load_with(file, tree, settings, &crate::discover::Disk)
}

/// Loads a spec, reading referenced files through `files`.
pub fn load_with(
    file: Arc<SourceFile>,
    tree: impl Into<Arc<Tree>>,
    settings: &Settings,
    files: &dyn FileSource,
) -> SpecUnit {
    let tree = tree.into();
    let mut loader = Loader {
        settings,
        files,
        docs: Vec::new(),
        by_path: HashMap::new(),
        problems: Vec::new(),
        refs: HashMap::new(),
    };
    let canonical = files
        .canonical(&file.fs_path)
        .unwrap_or_else(|| file.fs_path.clone());
    loader.by_path.insert(canonical, Ok(0));
    loader.docs.push(Doc {
        file: file.clone(),
        tree,
    });
    loader.resolve_all();
    let mut spec = Spec {
        docs: std::mem::take(&mut loader.docs),
        version: SpecVersion::OpenApi30,
        root: NodeRef { doc: 0, node: 0 },
        operations: Vec::new(),
        servers: Vec::new(),
        security: None,
        schemes: Vec::new(),
        ignores: Vec::new(),
        refs: std::mem::take(&mut loader.refs),
        analysis: std::sync::OnceLock::new(),
    };
    spec.root = NodeRef {
        doc: 0,
        node: spec.docs[0].tree.root(),
    };
    let mut problems = std::mem::take(&mut loader.problems);
    for doc in &spec.docs {
        for (key, span) in &doc.tree.duplicates {
            problems.push(Problem::Structure {
                file: doc.file.clone(),
                span: *span,
                message: Msg::new(
                    format!("key `{key}` appears twice in the same mapping; the last one is used"),
                    format!("同一映射中键 `{key}` 出现两次，仅最后一个生效"),
                ),
            });
        }
    }
    let mut builder = Normaliser {
        spec: &spec,
        settings,
        problems: Vec::new(),
    };
    let (version, operations, servers, security, schemes, ignores) = builder.normalise();
    problems.append(&mut builder.problems);
    spec.version = version;
    spec.operations = operations;
    spec.servers = servers;
    spec.security = security;
    spec.schemes = schemes;
    spec.ignores = ignores;
    SpecUnit {
        file,
        problems,
        spec: Some(spec),
    }
}

/// Parses and loads a candidate spec file, or explains why it is none.
pub fn parse_error_unit(file: Arc<SourceFile>, error: parse::ParseError) -> SpecUnit {
    SpecUnit {
        problems: vec![Problem::Unparsable {
            file: file.clone(),
            offset: error.offset,
            message: Msg::same(error.message),
        }],
        file,
        spec: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Content;
    use crate::model::spec::ParamLocation;
    use std::path::Path;

    /// Referenced files in memory, by absolute path.
    struct Files(Vec<(&'static str, &'static str)>);

    impl FileSource for Files {
        fn canonical(&self, path: &Path) -> Option<PathBuf> {
            let mut parts: Vec<&str> = Vec::new();
            let text = path.to_string_lossy().into_owned();
            for part in text.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    other => parts.push(other),
                }
            }
            let canonical = format!("/{}", parts.join("/"));
            self.0
                .iter()
                .any(|(name, _)| *name == canonical)
                .then(|| PathBuf::from(canonical))
        }

        fn read(&self, path: &Path, _limit: u64) -> Content {
            let wanted = path.to_string_lossy();
            match self.0.iter().find(|(name, _)| *name == wanted) {
                Some((_, text)) => Content::Text {
                    text: (*text).to_string(),
                    invalid_utf8_at: None,
                },
                None => Content::Unreadable("no such file".into()),
            }
        }
    }

    fn load_text(text: &str, others: Vec<(&'static str, &'static str)>) -> SpecUnit {
        let file = Arc::new(SourceFile::new(
            "api/root.yaml".into(),
            "api/root.yaml".into(),
            PathBuf::from("/api/root.yaml"),
            text.into(),
        ));
        let tree = parse::parse_structured(&file.text, Limits::default()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(is_openapi(&tree));
        let mut files = vec![("/api/root.yaml", "")];
        files.extend(others);
        load_with(file, tree, &Settings::default(), &Files(files))
    }

    #[test]
    fn local_and_file_references_resolve() {
        let unit = load_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/accounts/{id}:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Id'\n        - $ref: 'common.yaml#/Page'\n      responses:\n        '200': {description: ok}\ncomponents:\n  parameters:\n    Id: {name: id, in: path, required: true, schema: {type: string}}\n",
            vec![("/api/common.yaml", "Page: {name: page, in: query, schema: {type: integer}}\n")],
        );
        assert!(unit.problems.is_empty(), "{:#?}", unit.problems);
        let spec = unit.spec.unwrap_or_else(|| panic!("no spec"));
        assert_eq!(spec.version, SpecVersion::OpenApi30);
        let op = &spec.operations[0];
        assert_eq!(
            (op.method.as_str(), op.path.as_str()),
            ("GET", "/v1/accounts/{id}")
        );
        let params: Vec<(&str, &ParamLocation)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), &p.location))
            .collect();
        assert_eq!(
            params,
            [("id", &ParamLocation::Path), ("page", &ParamLocation::Query)]
        );
    }

    #[test]
    fn a_missing_target_is_an_unresolved_reference() {
        let unit = load_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n",
            Vec::new(),
        );
        assert!(
            unit.problems.iter().any(|p| matches!(p, Problem::UnresolvedRef { target, .. } if target == "#/components/responses/Gone")),
            "{:#?}",
            unit.problems
        );
    }

    #[test]
    fn a_pure_reference_loop_is_a_cycle_and_a_recursive_schema_is_not() {
        let unit = load_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    Node:\n      type: object\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n",
            Vec::new(),
        );
        let cycles: Vec<&Problem> = unit
            .problems
            .iter()
            .filter(|p| matches!(p, Problem::RefCycle { .. }))
            .collect();
        assert!(!cycles.is_empty(), "{:#?}", unit.problems);
        assert!(
            cycles.iter().all(|p| match p {
                Problem::RefCycle { chain, .. } => !chain.iter().any(|link| link.contains("Node")),
                _ => true,
            }),
            "{cycles:#?}"
        );
    }

    #[test]
    fn a_swagger_body_parameter_is_the_request_body() {
        let unit = load_text(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /api\npaths:\n  /transfers:\n    post:\n      parameters:\n        - {name: body, in: body, schema: {type: object}}\n      responses:\n        '200': {description: ok}\n",
            Vec::new(),
        );
        let spec = unit.spec.unwrap_or_else(|| panic!("no spec"));
        assert_eq!(spec.version, SpecVersion::Swagger2);
        assert_eq!(spec.operations[0].request_bodies.len(), 1);
        assert_eq!(spec.operations[0].parameters[0].location, ParamLocation::Body);
    }

    #[test]
    fn a_repeated_key_is_a_structure_problem() {
        let unit = load_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: one\n      operationId: two\n      responses:\n        '200': {description: ok}\n",
            Vec::new(),
        );
        assert!(
            unit.problems.iter().any(|p| matches!(p, Problem::Structure { message, .. } if message.en.contains("`operationId` appears twice"))),
            "{:#?}",
            unit.problems
        );
    }

    #[test]
    fn text_that_does_not_parse_still_says_it_is_a_spec() {
        assert!(looks_like_spec_text("openapi: 3.0.3\npaths:\n  /a: [\n"));
        assert!(looks_like_spec_text("{\"swagger\": \"2.0\", \"paths\": {"));
        assert!(!looks_like_spec_text(
            "server:\n  port: 8080\n# openapi docs at /v3/api-docs\n"
        ));
    }
}
