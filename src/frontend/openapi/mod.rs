//! The OpenAPI front end: recognises a spec by content (a top-level `openapi` or `swagger`
//! key), parses it, resolves every `$ref` (`resolve`: local pointers and relative files, never
//! URLs; a pure reference loop, SPEC003, told from a legal recursive schema) and normalises 2.0,
//! 3.0 and 3.1 into the one `Spec` shape (`normalise`; structural problems, SPEC004, collected on
//! the way). All references are resolved once, here, into a table; rules only look targets up.
//! The file's part of the portfolio gets an inventory entry per operation (with its inferred
//! level) and the OAuth scopes the spec defines; spec rules run on the loaded spec.

#[cfg(test)]
mod level_tests;
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
/// `openapi: 3.x` / `swagger: "2.0"` line in YAML, or the key with such a value in JSON; a
/// Spring `swagger:` or `openapi:` configuration block is not one.)
fn looks_like_spec_text(text: &str) -> bool {
    let head = &text[..floor_char_boundary(text, 64 * 1024)];
    head.lines().any(|line| {
        let line = line.trim_end();
        let json = line.trim_start().trim_start_matches('{').trim_start();
        let (key, value) = if let Some(rest) = line.strip_prefix("openapi:") {
            ("openapi", rest)
        } else if let Some(rest) = line.strip_prefix("swagger:") {
            ("swagger", rest)
        } else if let Some(rest) = json.strip_prefix("\"openapi\"") {
            // JSON: at the top of the object (no deeper indentation than two spaces).
            if line.len() - line.trim_start().len() > 2 {
                return false;
            }
            ("openapi", rest.trim_start().strip_prefix(':').unwrap_or(""))
        } else if let Some(rest) = json.strip_prefix("\"swagger\"") {
            if line.len() - line.trim_start().len() > 2 {
                return false;
            }
            ("swagger", rest.trim_start().strip_prefix(':').unwrap_or(""))
        } else {
            return false;
        };
        // The scalar after the colon: quoted, or up to a separator (`"2.0", "paths": {`).
        let value = value.trim_start();
        let value = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
            _ => value.split([',', '}', ' ', '#']).next().unwrap_or(""),
        };
        version_says_openapi(key, value.trim())
    })
}

/// Whether `openapi` holds a 3.x version string, or `swagger` holds 2.0.
fn version_says_openapi(key: &str, value: &str) -> bool {
    match key {
        "openapi" => value
            .strip_prefix("3.")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())),
        _ => value == "2.0",
    }
}

/// Whether a parsed document is an OpenAPI/Swagger document: `openapi` holds a 3.x version
/// string or `swagger` holds "2.0", and it has `paths`, `webhooks` or `components`. A Spring
/// configuration with a `swagger:` (springfox, knife4j) or `openapi:` settings block is a
/// configuration, not a spec.
pub fn is_openapi(tree: &Tree) -> bool {
    let root = tree.root();
    let version = |key: &str| {
        tree.get(root, key)
            .and_then(|node| tree.scalar_text(node))
            .is_some_and(|text| version_says_openapi(key, text.trim()))
    };
    (version("openapi") || version("swagger"))
        && ["paths", "webhooks", "components"]
            .iter()
            .any(|key| tree.get(root, key).is_some())
}

/// Cheap pre-check on the text before parsing: could this be an OpenAPI document? Only when
/// `openapi` or `swagger` appears as a mapping key (`openapi:`, `"openapi" :`, `'swagger':`,
/// at a line's start or after `{` or `,`), anywhere in the text: a JSON document may list its
/// top-level keys in any order. Generated code mentions "openapi-generator" in every file, and
/// parsing each of those as YAML cost more than the secret scan of the whole tree.
pub fn may_be_openapi(text: &str) -> bool {
    // `fix` asks about raw text, byte-order mark included.
    let bytes = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    [&b"openapi"[..], b"swagger"]
        .iter()
        .any(|word| memchr::memmem::find_iter(bytes, word).any(|at| is_key_at(bytes, at, word.len())))
}

/// Whether the word at `at..at + len` is a mapping key: optionally quoted, followed by `:`, and
/// preceded on its line by nothing but blanks, `{` or `,`.
fn is_key_at(bytes: &[u8], at: usize, len: usize) -> bool {
    let quote = at
        .checked_sub(1)
        .map(|i| bytes[i])
        .filter(|b| matches!(b, b'"' | b'\''));
    let mut after = at + len;
    if let Some(quote) = quote {
        if bytes.get(after) != Some(&quote) {
            return false;
        }
        after += 1;
    }
    let colon = bytes[after..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_some_and(|b| *b == b':');
    let start = at - usize::from(quote.is_some());
    let before = bytes[..start].iter().rev().find(|b| !matches!(b, b' ' | b'\t'));
    colon && matches!(before, None | Some(b'\n' | b'\r' | b'{' | b','))
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
        place_ignores: Vec::new(),
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
                help: Msg::new(
                    format!("keep one `{key}`: parsers silently keep the last and drop the others, so tools may read different values"),
                    format!("只保留一个 `{key}`：解析器会静默保留最后一个、丢弃其余的，不同工具读到的值可能不同"),
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
    // Suppressions written on shared places, read once the operations are known.
    let mut builder = Normaliser {
        spec: &spec,
        settings,
        problems: Vec::new(),
    };
    let place_ignores = builder.place_ignores();
    problems.append(&mut builder.problems);
    spec.place_ignores = place_ignores;
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
            message: {
                let zh = crate::parse::zh_error(&error.message);
                Msg::new(error.message, zh)
            },
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

    #[test]
    fn openapi_is_claimed_only_as_a_key() {
        for spec in [
            "openapi: 3.0.3\n",
            "# comment\nswagger: '2.0'\n",
            "{\"info\": {}, \"paths\": {}, \"openapi\" : \"3.1.0\"}",
            "{\n  \"swagger\": \"2.0\"\n}",
            "'openapi': 3.0.0\n",
            "{openapi: 3.0.0, paths: {}}",
            "\u{feff}swagger: '2.0'\n",
        ] {
            assert!(may_be_openapi(spec), "{spec}");
        }
        for other in [
            "# Generated by openapi-generator https://openapi-generator.tech\n",
            "The version of the OpenAPI document: 1.0 (openapi: see below)\n",
            "import swagger_client\n",
            "url = \"https://example.com/openapi.json\"\n",
        ] {
            assert!(!may_be_openapi(other), "{other}");
        }
    }

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
                    text: (*text).into(),
                    encoding: crate::source::Encoding::UTF8,
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
        // Spring settings blocks, even in a file that does not parse.
        assert!(!looks_like_spec_text("swagger:\n  enabled: true\n  title: [\n"));
        assert!(!looks_like_spec_text(
            "openapi:\n  gateway:\n    url: x\n  sign: [\n"
        ));
        assert!(!looks_like_spec_text("{\n  \"swagger\": {\"enabled\": true,\n"));
        assert!(looks_like_spec_text("swagger: '2.0'\npaths: [\n"));
        assert!(looks_like_spec_text(
            "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\n"
        ));
    }

    #[test]
    fn a_spec_holds_a_version_and_paths_webhooks_or_components() {
        let is = |text: &str| {
            let tree = parse::parse_structured(text, Limits::default()).unwrap_or_else(|e| panic!("{e:?}"));
            is_openapi(&tree)
        };
        assert!(is("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"));
        assert!(is(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n"
        ));
        assert!(is("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"));
        assert!(is("swagger: 2.0\npaths: {}\n"));
        assert!(is("{\"openapi\": \"3.0.1\", \"components\": {}}"));
        // Spring configuration blocks and other versions are not specs.
        assert!(!is("swagger:\n  enabled: true\npaths: [/v1]\n"));
        assert!(!is("openapi:\n  gateway: {url: x}\ncomponents: {scan: x}\n"));
        assert!(!is("swagger: '1.2'\npaths: {}\n"));
        assert!(!is("openapi: 4.0.0\npaths: {}\n"));
        assert!(!is("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"));
    }
}
