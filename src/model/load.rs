//! Loading a spec: resolve every `$ref` (local pointers and relative files, never URLs), tell a
//! pure reference loop (SPEC003) from a legal recursive schema, and normalise 2.0, 3.0 and 3.1
//! into the one `Spec` shape. Structural problems (SPEC004) are collected on the way.
//!
//! All references are resolved once, here, into a table; rules only look targets up.

use super::spec::*;
use crate::discover::{self, Content};
use crate::findings::Msg;
use crate::parse::{self, Limits, NodeId, Tree, Value};
use crate::settings::Settings;
use crate::source::{join_display, SourceFile, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const MAX_REF_HOPS: usize = 64;

/// Keys whose values are data, not spec structure: a `$ref` inside is text, not a reference.
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Where referenced files come from: the disk, or (for fuzzing and tests) memory.
pub trait FileSource {
    /// The canonical form of a path, or None when no such file exists.
    fn canonical(&self, path: &Path) -> Option<PathBuf>;
    fn read(&self, path: &Path, limit: u64) -> Content;
}

/// Files on disk, read with the same bounds as discovery.
pub struct Disk;

impl FileSource for Disk {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }

    fn read(&self, path: &Path, limit: u64) -> Content {
        discover::read(path, limit)
    }
}

struct Loader<'a> {
    settings: &'a Settings,
    files: &'a dyn FileSource,
    docs: Vec<Doc>,
    by_path: HashMap<PathBuf, Result<u32, Msg>>,
    problems: Vec<Problem>,
    refs: HashMap<NodeRef, RefTarget>,
}

/// Loads a spec from its parsed root document; referenced files come from disk.
pub fn load(file: Arc<SourceFile>, tree: Tree, settings: &Settings) -> SpecUnit {
    load_with(file, tree, settings, &Disk)
}

/// Loads a spec, reading referenced files through `files`.
pub fn load_with(file: Arc<SourceFile>, tree: Tree, settings: &Settings, files: &dyn FileSource) -> SpecUnit {
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

impl Loader<'_> {
    /// Finds every `$ref` in every document (documents loaded on the way included) and
    /// resolves it to its final target.
    fn resolve_all(&mut self) {
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
        let text = match self.files.read(&fs_path, self.settings.max_spec_size) {
            Content::Text {
                text,
                invalid_utf8_at,
            } => {
                if let Some(at) = invalid_utf8_at {
                    let file = Arc::new(SourceFile::new(path, rel, fs_path, text));
                    self.problems.push(Problem::Unparsable {
                        file,
                        offset: at as u32,
                        message: Msg::new("invalid UTF-8", "不是有效的 UTF-8 文本"),
                    });
                    return Err(Msg::new(
                        format!("`{relative}` is not valid UTF-8"),
                        format!("`{relative}` 不是有效的 UTF-8 文本"),
                    ));
                }
                text
            }
            Content::Binary(_) => {
                return Err(Msg::new(
                    format!("`{relative}` is a binary file"),
                    format!("`{relative}` 是二进制文件"),
                ))
            }
            Content::TooLarge => {
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
        let file = Arc::new(SourceFile::new(path, rel, fs_path, text));
        match parse::parse_structured(&file.text, Limits::default()) {
            Ok(tree) => {
                let index = self.docs.len() as u32;
                self.docs.push(Doc { file, tree });
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

/// Builds the version-independent shape from the resolved documents.
struct Normaliser<'a> {
    spec: &'a Spec,
    settings: &'a Settings,
    problems: Vec<Problem>,
}

type Normalised = (
    SpecVersion,
    Vec<Operation>,
    Vec<Server>,
    Option<Security>,
    Vec<SecurityScheme>,
    Vec<(String, String)>,
);

impl Normaliser<'_> {
    fn structure(&mut self, at: NodeRef, message: Msg) {
        self.problems.push(Problem::Structure {
            file: self.spec.doc(at).file.clone(),
            span: self.spec.span(at),
            message,
        });
    }

    fn structure_span(&mut self, doc: u32, span: Span, message: Msg) {
        self.problems.push(Problem::Structure {
            file: self.spec.docs[doc as usize].file.clone(),
            span,
            message,
        });
    }

    fn normalise(&mut self) -> Normalised {
        let spec = self.spec;
        let root = spec.root;
        let version = self.version(root);
        if !spec.tree(root).is_map(root.node) {
            self.structure(
                root,
                Msg::new("the document root is not a mapping", "文档根节点不是映射（对象）"),
            );
            return (version, Vec::new(), Vec::new(), None, Vec::new(), Vec::new());
        }
        self.check_info(root);
        let servers = self.document_servers(root, version);
        let schemes = self.schemes(root, version);
        let security = spec.get(root, "security").map(|node| self.security(node));
        let ignores = self.ignores(root);
        let mut operations = Vec::new();
        match spec.get(root, "paths") {
            Some(paths) if spec.tree(paths).is_map(paths.node) => {
                for (path, key_span, item) in spec.entries(paths) {
                    if path.starts_with("x-") {
                        continue;
                    }
                    if !path.starts_with('/') {
                        self.structure_span(
                            paths.doc,
                            key_span,
                            Msg::new(
                                format!("path `{path}` does not start with `/`"),
                                format!("路径 `{path}` 未以 `/` 开头"),
                            ),
                        );
                    }
                    self.path_item(path, item, version, &servers, &mut operations);
                }
            }
            Some(paths) => self.structure(
                paths,
                Msg::new("`paths` is not a mapping", "`paths` 不是映射（对象）"),
            ),
            None => {
                if version != SpecVersion::OpenApi31 {
                    self.structure_span(
                        0,
                        Span::default(),
                        Msg::new("the document has no `paths`", "文档缺少 `paths`"),
                    );
                }
            }
        }
        if let Some(security) = &security {
            self.check_requirements(security, &schemes);
        }
        for op in &operations {
            if let Some(security) = &op.security {
                self.check_requirements(security, &schemes);
            }
        }
        (version, operations, servers, security, schemes, ignores)
    }

    fn version(&mut self, root: NodeRef) -> SpecVersion {
        let spec = self.spec;
        if let Some(node) = spec.get(root, "swagger") {
            let text = spec.tree(node).scalar_text(node.node).unwrap_or("");
            if text != "2.0" {
                self.structure(
                    node,
                    Msg::new(
                        format!("`swagger: {text}` is not a supported version (2.0)"),
                        format!("`swagger: {text}` 不是受支持的版本（2.0）"),
                    ),
                );
            }
            return SpecVersion::Swagger2;
        }
        let Some(node) = spec.get(root, "openapi") else {
            return SpecVersion::OpenApi30;
        };
        let text = spec.tree(node).scalar_text(node.node).unwrap_or("");
        if text.starts_with("3.1") {
            SpecVersion::OpenApi31
        } else {
            let valid = text.starts_with("3.0");
            if !valid {
                self.structure(
                    node,
                    Msg::new(
                        format!("`openapi: {text}` is not a supported version (3.0.x, 3.1.x); read as 3.0"),
                        format!("`openapi: {text}` 不是受支持的版本（3.0.x、3.1.x），按 3.0 读取"),
                    ),
                );
            }
            SpecVersion::OpenApi30
        }
    }

    fn check_info(&mut self, root: NodeRef) {
        let spec = self.spec;
        match spec.get(root, "info") {
            None => self.structure_span(
                0,
                spec.span(root).min_start(),
                Msg::new("the document has no `info`", "文档缺少 `info`"),
            ),
            Some(info) if !spec.tree(info).is_map(info.node) => self.structure(
                info,
                Msg::new("`info` is not a mapping", "`info` 不是映射（对象）"),
            ),
            Some(info) => {
                let key = spec.key_ref(root, "info").unwrap_or_else(|| spec.span(info));
                for field in ["title", "version"] {
                    if spec.get(info, field).is_none() {
                        self.structure_span(
                            root.doc,
                            key,
                            Msg::new(
                                format!("`info` has no `{field}`"),
                                format!("`info` 缺少 `{field}`"),
                            ),
                        );
                    }
                }
            }
        }
    }

    fn document_servers(&mut self, root: NodeRef, version: SpecVersion) -> Vec<Server> {
        let spec = self.spec;
        if version != SpecVersion::Swagger2 {
            return self.servers(root);
        }
        let Some(host_node) = spec.get(root, "host") else {
            return Vec::new();
        };
        let host = spec.str(host_node).unwrap_or("");
        let base = spec.get_str(root, "basePath").unwrap_or("");
        let schemes: Vec<String> = spec
            .get(root, "schemes")
            .map(|node| {
                spec.items(node)
                    .iter()
                    .filter_map(|&item| spec.str(item).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let schemes = if schemes.is_empty() {
            vec!["https".to_string()]
        } else {
            schemes
        };
        let node = spec.get(root, "schemes").unwrap_or(host_node);
        schemes
            .into_iter()
            .map(|scheme| Server {
                url: format!("{scheme}://{host}{base}"),
                node,
            })
            .collect()
    }

    fn servers(&mut self, owner: NodeRef) -> Vec<Server> {
        let spec = self.spec;
        let Some(list) = spec.get(owner, "servers") else {
            return Vec::new();
        };
        spec.items(list)
            .into_iter()
            .filter_map(|server| {
                let url_node = spec.get(server, "url")?;
                Some(Server {
                    url: spec.str(url_node)?.to_string(),
                    node: url_node,
                })
            })
            .collect()
    }

    fn schemes(&mut self, root: NodeRef, version: SpecVersion) -> Vec<SecurityScheme> {
        let spec = self.spec;
        let container = match version {
            SpecVersion::Swagger2 => spec.get(root, "securityDefinitions"),
            _ => spec
                .get(root, "components")
                .and_then(|c| spec.get(c, "securitySchemes")),
        };
        let Some(container) = container else {
            return Vec::new();
        };
        let mut schemes = Vec::new();
        for (name, _, node) in spec.entries(container) {
            let Some(node) = spec.resolve(node) else {
                continue;
            };
            let kind_text = spec.get_str(node, "type").unwrap_or("").to_string();
            let kind = match kind_text.as_str() {
                "apiKey" => SchemeKind::ApiKey {
                    location: spec.get_str(node, "in").unwrap_or("").to_string(),
                    name: spec.get_str(node, "name").unwrap_or("").to_string(),
                },
                "http" => SchemeKind::Http {
                    scheme: spec.get_str(node, "scheme").unwrap_or("").to_ascii_lowercase(),
                },
                "basic" => SchemeKind::Http {
                    scheme: "basic".into(),
                },
                "oauth2" => SchemeKind::OAuth2 {
                    flows: self.flows(node, version),
                },
                "openIdConnect" => SchemeKind::OpenIdConnect,
                "mutualTLS" => SchemeKind::MutualTls,
                other => SchemeKind::Other(other.to_string()),
            };
            schemes.push(SecurityScheme {
                name: name.to_string(),
                kind,
                node,
            });
        }
        schemes
    }

    fn flows(&mut self, scheme: NodeRef, version: SpecVersion) -> Vec<OAuthFlow> {
        let spec = self.spec;
        let scopes_of = |owner: NodeRef| -> Vec<String> {
            spec.get(owner, "scopes")
                .map(|scopes| {
                    spec.entries(scopes)
                        .into_iter()
                        .map(|(k, _, _)| k.to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        if version == SpecVersion::Swagger2 {
            let name = match spec.get_str(scheme, "flow").unwrap_or("") {
                "application" => "clientCredentials",
                "accessCode" => "authorizationCode",
                other => other,
            }
            .to_string();
            let node = spec.get(scheme, "flow").unwrap_or(scheme);
            return vec![OAuthFlow {
                name,
                scopes: scopes_of(scheme),
                node,
            }];
        }
        let Some(flows) = spec.get(scheme, "flows") else {
            return Vec::new();
        };
        spec.entries(flows)
            .into_iter()
            .filter(|(name, _, _)| !name.starts_with("x-"))
            .map(|(name, _, node)| OAuthFlow {
                name: name.to_string(),
                scopes: scopes_of(node),
                node,
            })
            .collect()
    }

    fn security(&mut self, node: NodeRef) -> Security {
        let spec = self.spec;
        let alternatives = spec
            .items(node)
            .into_iter()
            .map(|alternative| Requirement {
                schemes: spec
                    .entries(alternative)
                    .into_iter()
                    .map(|(name, _, scopes)| {
                        let scopes = spec
                            .items(scopes)
                            .into_iter()
                            .filter_map(|scope| spec.str(scope).map(str::to_string))
                            .collect();
                        (name.to_string(), scopes)
                    })
                    .collect(),
            })
            .collect();
        if !spec.tree(node).is_seq(node.node) {
            self.structure(
                node,
                Msg::new(
                    "`security` is not a list of requirements",
                    "`security` 不是安全要求列表",
                ),
            );
        }
        Security { alternatives, node }
    }

    fn check_requirements(&mut self, security: &Security, schemes: &[SecurityScheme]) {
        for requirement in &security.alternatives {
            for (name, _) in &requirement.schemes {
                if !schemes.iter().any(|scheme| &scheme.name == name) {
                    self.structure(
                        security.node,
                        Msg::new(
                            format!("security requirement names `{name}`, which no security scheme defines"),
                            format!("安全要求引用的 `{name}` 未在任何安全方案中定义"),
                        ),
                    );
                }
            }
        }
    }

    fn ignores(&mut self, owner: NodeRef) -> Vec<(String, String)> {
        let spec = self.spec;
        let ext = &self.settings.extensions.ignore;
        let Some(node) = spec.get(owner, ext) else {
            return Vec::new();
        };
        let mut ignores = Vec::new();
        let file = spec.doc(node).file.clone();
        for (rule, key_span, reason) in spec.entries(node) {
            let reason_text = spec
                .tree(reason)
                .scalar_text(reason.node)
                .unwrap_or("")
                .trim()
                .to_string();
            if reason_text.is_empty() {
                self.problems.push(Problem::BadSuppression {
                    file: file.clone(),
                    span: key_span,
                    message: Msg::new(
                        format!("`{rule}` is suppressed without a reason; the suppression is not applied"),
                        format!("豁免 `{rule}` 未注明理由，该豁免不生效"),
                    ),
                });
                continue;
            }
            ignores.push((rule.to_string(), reason_text));
        }
        if !spec.tree(node).is_map(node.node) {
            self.problems.push(Problem::BadSuppression {
                file,
                span: spec.span(node),
                message: Msg::new(
                    format!("`{ext}` must map rule codes to reasons, e.g. {{ID001: \"reason\"}}"),
                    format!("`{ext}` 应为“规则代码: 理由”的映射，例如 {{ID001: \"理由\"}}"),
                ),
            });
        }
        ignores
    }

    fn path_item(
        &mut self,
        path: &str,
        item_ref: NodeRef,
        version: SpecVersion,
        document_servers: &[Server],
        operations: &mut Vec<Operation>,
    ) {
        let spec = self.spec;
        let Some(item) = spec.resolve(item_ref) else {
            return;
        };
        if !spec.tree(item).is_map(item.node) {
            self.structure(
                item,
                Msg::new(
                    format!("path item `{path}` is not a mapping"),
                    format!("路径项 `{path}` 不是映射（对象）"),
                ),
            );
            return;
        }
        let shared_parameters = self.parameters(item, version);
        let item_servers = self.servers(item);
        for (method, key_span, op_node) in spec.entries(item) {
            if !METHODS.contains(&method) {
                continue;
            }
            let Some(op) = spec.resolve(op_node) else {
                continue;
            };
            if !spec.tree(op).is_map(op.node) {
                let shown = method.to_uppercase();
                self.structure(
                    op,
                    Msg::new(
                        format!("operation `{shown} {path}` is not a mapping"),
                        format!("接口 `{shown} {path}` 不是映射（对象）"),
                    ),
                );
                continue;
            }
            let mut parameters = shared_parameters.clone();
            for parameter in self.parameters(op, version) {
                parameters.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
                parameters.push(parameter);
            }
            let mut request_bodies = Vec::new();
            if version == SpecVersion::Swagger2 {
                for parameter in parameters.iter().filter(|p| p.location == "body") {
                    request_bodies.push(MediaBody {
                        media_type: "application/json".into(),
                        node: parameter.node,
                        schema: parameter.schema,
                    });
                }
            } else if let Some(body) = spec.get(op, "requestBody") {
                request_bodies = self.bodies(body);
            }
            let responses = self.responses(op, (item.doc, key_span), path, method, version);
            let mut servers = self.servers(op);
            if servers.is_empty() {
                servers = item_servers.clone();
            }
            if servers.is_empty() {
                servers = document_servers.to_vec();
            }
            let tags = spec
                .get(op, "tags")
                .map(|tags| {
                    spec.items(tags)
                        .into_iter()
                        .filter_map(|t| spec.str(t).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let security = spec.get(op, "security").map(|node| self.security(node));
            let ignores = self.ignores(op);
            operations.push(Operation {
                method: method.to_ascii_uppercase(),
                path: path.to_string(),
                node: op,
                key_doc: item.doc,
                key_span,
                path_item: item,
                operation_id: spec.get_str(op, "operationId").map(str::to_string),
                summary: spec.get_str(op, "summary").map(str::to_string),
                description: spec.get_str(op, "description").map(str::to_string),
                tags,
                deprecated: spec.get_bool(op, "deprecated").unwrap_or(false),
                parameters,
                request_bodies,
                responses,
                security,
                servers,
                ignores,
            });
        }
    }

    fn parameters(&mut self, owner: NodeRef, version: SpecVersion) -> Vec<Parameter> {
        let spec = self.spec;
        let Some(list) = spec.get(owner, "parameters") else {
            return Vec::new();
        };
        if !spec.tree(list).is_seq(list.node) && spec.resolve(list).is_some() {
            self.structure(
                list,
                Msg::new("`parameters` is not a list", "`parameters` 不是列表"),
            );
            return Vec::new();
        }
        let valid_locations: &[&str] = match version {
            SpecVersion::Swagger2 => &["query", "header", "path", "formData", "body"],
            _ => &["query", "header", "path", "cookie"],
        };
        let mut parameters = Vec::new();
        for item in spec.items(list) {
            let Some(node) = spec.resolve(item) else {
                continue;
            };
            if !spec.tree(node).is_map(node.node) {
                self.structure(
                    node,
                    Msg::new("a parameter is not a mapping", "参数不是映射（对象）"),
                );
                continue;
            }
            let name = spec.get_str(node, "name").map(str::to_string);
            let location = spec.get_str(node, "in").map(str::to_string);
            let Some(name) = name else {
                self.structure(node, Msg::new("a parameter has no `name`", "参数缺少 `name`"));
                continue;
            };
            let Some(location) = location else {
                self.structure(
                    node,
                    Msg::new(
                        format!("parameter `{name}` has no `in`"),
                        format!("参数 `{name}` 缺少 `in`"),
                    ),
                );
                continue;
            };
            if !valid_locations.contains(&location.as_str()) {
                let at = spec.get(node, "in").unwrap_or(node);
                self.structure(
                    at,
                    Msg::new(
                        format!(
                            "parameter `{name}` has `in: {location}`, not valid in OpenAPI {} ({})",
                            version.label(),
                            valid_locations.join(", ")
                        ),
                        format!(
                            "参数 `{name}` 的 `in: {location}` 在 OpenAPI {} 中无效（可选：{}）",
                            version.label(),
                            valid_locations.join("、")
                        ),
                    ),
                );
            }
            let required = spec.get_bool(node, "required").unwrap_or(false);
            if location == "path" && !required {
                self.structure(
                    node,
                    Msg::new(
                        format!("path parameter `{name}` must have `required: true`"),
                        format!("路径参数 `{name}` 必须声明 `required: true`"),
                    ),
                );
            }
            let schema = match (version, location.as_str()) {
                (SpecVersion::Swagger2, "body") => {
                    let schema = spec.get(node, "schema");
                    if schema.is_none() {
                        self.structure(
                            node,
                            Msg::new(
                                format!("body parameter `{name}` has no `schema`"),
                                format!("body 参数 `{name}` 缺少 `schema`"),
                            ),
                        );
                    }
                    schema
                }
                (SpecVersion::Swagger2, _) => Some(node),
                _ => spec.get(node, "schema").or_else(|| {
                    spec.get(node, "content").and_then(|content| {
                        spec.entries(content)
                            .first()
                            .and_then(|(_, _, media)| spec.get(*media, "schema"))
                    })
                }),
            };
            parameters.push(Parameter {
                name,
                location,
                required,
                node,
                schema,
            });
        }
        parameters
    }

    fn bodies(&mut self, body: NodeRef) -> Vec<MediaBody> {
        let spec = self.spec;
        let Some(body) = spec.resolve(body) else {
            return Vec::new();
        };
        let Some(content) = spec.get(body, "content") else {
            return Vec::new();
        };
        spec.entries(content)
            .into_iter()
            .map(|(media_type, _, media)| MediaBody {
                media_type: media_type.to_string(),
                node: media,
                schema: spec.get(media, "schema"),
            })
            .collect()
    }

    fn responses(
        &mut self,
        op: NodeRef,
        (key_doc, key_span): (u32, Span),
        path: &str,
        method: &str,
        version: SpecVersion,
    ) -> Vec<Response> {
        let spec = self.spec;
        let Some(responses) = spec.get(op, "responses") else {
            if version != SpecVersion::OpenApi31 {
                let shown = method.to_uppercase();
                self.structure_span(
                    key_doc,
                    key_span,
                    Msg::new(
                        format!("operation `{shown} {path}` has no `responses`"),
                        format!("接口 `{shown} {path}` 缺少 `responses`"),
                    ),
                );
            }
            return Vec::new();
        };
        if !spec.tree(responses).is_map(responses.node) && spec.resolve(responses).is_some() {
            self.structure(
                responses,
                Msg::new("`responses` is not a mapping", "`responses` 不是映射（对象）"),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for (status, key_span, response) in spec.entries(responses) {
            if status.starts_with("x-") {
                continue;
            }
            if !is_status_key(status) {
                self.structure_span(
                    responses.doc,
                    key_span,
                    Msg::new(
                        format!(
                            "response key `{status}` is not a status code, a range like `4XX`, or `default`"
                        ),
                        format!("响应键 `{status}` 不是状态码、`4XX` 形式的范围或 `default`"),
                    ),
                );
            }
            let Some(node) = spec.resolve(response) else {
                continue;
            };
            let mut bodies = Vec::new();
            let mut examples = Vec::new();
            if version == SpecVersion::Swagger2 {
                if let Some(schema) = spec.get(node, "schema") {
                    bodies.push(MediaBody {
                        media_type: "application/json".into(),
                        node,
                        schema: Some(schema),
                    });
                }
                if let Some(map) = spec.get(node, "examples") {
                    examples.extend(spec.entries(map).into_iter().map(|(_, _, value)| value));
                }
            } else {
                bodies = self.bodies(node);
                for body in &bodies {
                    examples.extend(media_examples(spec, body.node));
                }
            }
            let headers = spec
                .get(node, "headers")
                .map(|headers| {
                    spec.entries(headers)
                        .into_iter()
                        .map(|(name, _, header)| (name.to_string(), header))
                        .collect()
                })
                .unwrap_or_default();
            out.push(Response {
                status: status.to_string(),
                node,
                key_doc: responses.doc,
                key_span,
                bodies,
                examples,
                headers,
            });
        }
        out
    }
}

/// Example values of a media type object (3.x): `example` and `examples.*.value`.
fn media_examples(spec: &Spec, media: NodeRef) -> Vec<NodeRef> {
    let mut out = Vec::new();
    if let Some(example) = spec.get(media, "example") {
        out.push(example);
    }
    if let Some(examples) = spec.get(media, "examples") {
        for (_, _, example) in spec.entries(examples) {
            if let Some(value) = spec.get(example, "value") {
                out.push(value);
            }
        }
    }
    out
}

fn is_status_key(key: &str) -> bool {
    if key == "default" {
        return true;
    }
    let bytes = key.as_bytes();
    bytes.len() == 3
        && matches!(bytes[0], b'1'..=b'5')
        && ((bytes[1].is_ascii_digit() && bytes[2].is_ascii_digit())
            || (matches!(bytes[1], b'X' | b'x') && matches!(bytes[2], b'X' | b'x')))
}

trait MinStart {
    fn min_start(self) -> Span;
}

impl MinStart for Span {
    fn min_start(self) -> Span {
        Span {
            start: self.start,
            end: self.start,
        }
    }
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

    #[test]
    fn status_keys() {
        for ok in ["200", "4XX", "default", "5xx"] {
            assert!(is_status_key(ok));
        }
        for bad in ["20", "600", "ok", "2X0"] {
            assert!(!is_status_key(bad));
        }
    }
}
