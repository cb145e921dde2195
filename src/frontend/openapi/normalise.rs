//! Normalisation: OpenAPI 2.0, 3.0 and 3.1 documents, with their references resolved, into the
//! one version-independent `Spec` shape (operations, parameters, bodies, responses, security,
//! servers); structural problems (SPEC004) are collected on the way.

use super::METHODS;
use crate::findings::Msg;
use crate::model::spec::*;
use crate::settings::Settings;
use crate::source::Span;

/// Whether an `x-apiaudit-ignore` key names at least one rule (`ALL`, a family prefix, a code).
fn known_selector(selector: &str) -> bool {
    selector == "ALL"
        || !selector.is_empty()
            && crate::catalogue::RuleCode::ALL
                .iter()
                .any(|code| code.as_str().starts_with(selector))
}

/// Builds the version-independent shape from the resolved documents.
pub(super) struct Normaliser<'a> {
    pub(super) spec: &'a Spec,
    pub(super) settings: &'a Settings,
    pub(super) problems: Vec<Problem>,
}

type Normalised = (
    SpecVersion,
    Vec<Operation>,
    Vec<Server>,
    Option<Security>,
    Vec<SecurityScheme>,
    Vec<SpecIgnore>,
);

impl Normaliser<'_> {
    /// A structural problem at a node, with the fix for this problem.
    fn structure(&mut self, at: NodeRef, message: Msg, help: Msg) {
        self.problems.push(Problem::Structure {
            file: self.spec.doc(at).file.clone(),
            span: self.spec.span(at),
            message,
            help,
        });
    }

    fn structure_span(&mut self, doc: u32, span: Span, message: Msg, help: Msg) {
        self.problems.push(Problem::Structure {
            file: self.spec.docs[doc as usize].file.clone(),
            span,
            message,
            help,
        });
    }

    pub(super) fn normalise(&mut self) -> Normalised {
        let spec = self.spec;
        let root = spec.root;
        let version = self.version(root);
        if !spec.tree(root).is_map(root.node) {
            self.structure(
                root,
                Msg::new("the document root is not a mapping", "文档根节点不是映射（对象）"),
                Msg::new(
                    "write the document as a mapping with `openapi` (or `swagger`), `info` and `paths` at the top level",
                    "文档应为映射，顶层包含 `openapi`（或 `swagger`）、`info` 和 `paths`",
                ),
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
                            Msg::new(
                                format!("write the path as `/{path}`: paths are relative to the server URL and start with `/`"),
                                format!("改写为 `/{path}`：路径相对于服务器地址，须以 `/` 开头"),
                            ),
                        );
                    }
                    self.path_item(path, item, version, &mut operations);
                }
            }
            Some(paths) => self.structure(
                paths,
                Msg::new("`paths` is not a mapping", "`paths` 不是映射（对象）"),
                Msg::new(
                    "write `paths` as a mapping from each path (`/v1/accounts`) to its path item",
                    "`paths` 应为从路径（如 `/v1/accounts`）到路径项的映射",
                ),
            ),
            None => {
                if version != SpecVersion::OpenApi31 {
                    self.structure_span(
                        0,
                        Span::default(),
                        Msg::new("the document has no `paths`", "文档缺少 `paths`"),
                        Msg::new(
                            "add `paths` (`paths: {}` for a document that only defines components): before OpenAPI 3.1 it is required",
                            "添加 `paths`（仅定义组件的文档写 `paths: {}`）：OpenAPI 3.1 之前该字段为必填",
                        ),
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
                    Msg::new("write `swagger: \"2.0\"`", "写为 `swagger: \"2.0\"`"),
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
                    Msg::new(
                        "declare the version the document follows, e.g. `openapi: 3.0.3` or `openapi: 3.1.0`",
                        "声明文档实际遵循的版本，如 `openapi: 3.0.3` 或 `openapi: 3.1.0`",
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
                Msg::new(
                    "add `info` with `title` and `version` (the version of these interfaces, not of OpenAPI)",
                    "添加 `info`，包含 `title` 和 `version`（接口本身的版本，而非 OpenAPI 版本）",
                ),
            ),
            Some(info) if !spec.tree(info).is_map(info.node) => self.structure(
                info,
                Msg::new("`info` is not a mapping", "`info` 不是映射（对象）"),
                Msg::new(
                    "write `info` as a mapping with `title` and `version`",
                    "`info` 应为映射，包含 `title` 和 `version`",
                ),
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
                            if field == "title" {
                                Msg::new(
                                    "add `info.title`: the name of this set of interfaces",
                                    "添加 `info.title`：这组接口的名称",
                                )
                            } else {
                                Msg::new(
                                    "add `info.version`: the version of these interfaces (e.g. `1.2.0`), which application parties are told of when it changes",
                                    "添加 `info.version`：这组接口的版本（如 `1.2.0`），变更时据此告知应用方",
                                )
                            },
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
                    location: ParamLocation::parse(spec.get_str(node, "in").unwrap_or("")),
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
                Msg::new(
                    "write `security` as a list of requirements, e.g. `security: [{oauth2: [payments]}]`",
                    "`security` 应为安全要求列表，如 `security: [{oauth2: [payments]}]`",
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
                        Msg::new(
                            format!("define `{name}` under `components.securitySchemes` (2.0: `securityDefinitions`), or correct the name"),
                            format!("在 `components.securitySchemes`（2.0 为 `securityDefinitions`）中定义 `{name}`，或更正名称"),
                        ),
                    );
                }
            }
        }
    }

    /// The `x-apiaudit-ignore` entries of every shared place (`model::places`), by its key.
    pub(super) fn place_ignores(&mut self) -> Vec<(String, Vec<SpecIgnore>)> {
        let spec = self.spec;
        let mut out = Vec::new();
        for place in crate::model::places::shared_places(spec) {
            // Only objects carry extensions; `get` would follow a `$ref` to another place.
            if spec.refs.contains_key(&place.node) || !spec.tree(place.node).is_map(place.node.node) {
                continue;
            }
            let ignores = self.ignores(place.node);
            if !ignores.is_empty() {
                out.push((place.key(spec), ignores));
            }
        }
        out
    }

    fn ignores(&mut self, owner: NodeRef) -> Vec<SpecIgnore> {
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
            if !known_selector(rule) {
                self.problems.push(Problem::BadSuppression {
                    file: file.clone(),
                    span: key_span,
                    message: Msg::new(
                        format!("`{ext}` names unknown rule `{rule}`; the suppression is not applied"),
                        format!("`{ext}` 引用了不存在的规则 `{rule}`，该豁免不生效"),
                    ),
                });
                continue;
            }
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
            ignores.push(SpecIgnore {
                rule: rule.to_string(),
                reason: reason_text,
                file: file.clone(),
                span: key_span,
            });
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
                Msg::new(
                    "write the path item as a mapping from methods (`get`, `post`, ...) to operations",
                    "路径项应为从方法（`get`、`post` 等）到接口定义的映射",
                ),
            );
            return;
        }
        let shared_parameters = self.parameters(item, version);
        self.servers(item);
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
                    Msg::new(
                        "write the operation as a mapping with at least its `responses`",
                        "接口定义应为映射，至少包含 `responses`",
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
                for parameter in parameters.iter().filter(|p| p.location == ParamLocation::Body) {
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
            // Servers of operations and path items are structure-checked as they are read.
            self.servers(op);
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
                tags,
                deprecated: spec.get_bool(op, "deprecated").unwrap_or(false),
                parameters,
                request_bodies,
                responses,
                security,
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
                Msg::new(
                    "write `parameters` as a list of parameter objects or `$ref`s",
                    "`parameters` 应为参数对象或 `$ref` 组成的列表",
                ),
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
                    Msg::new(
                        "write each parameter as a mapping with `name` and `in`, or as a `$ref`",
                        "每个参数应为包含 `name` 和 `in` 的映射，或 `$ref` 引用",
                    ),
                );
                continue;
            }
            let name = spec.get_str(node, "name").map(str::to_string);
            let location = spec.get_str(node, "in").map(str::to_string);
            let Some(name) = name else {
                self.structure(
                    node,
                    Msg::new("a parameter has no `name`", "参数缺少 `name`"),
                    Msg::new(
                        "give the parameter its `name` as it is sent (case matters for query and path parameters)",
                        "为参数填写实际传输时的 `name`（查询参数和路径参数区分大小写）",
                    ),
                );
                continue;
            };
            let Some(location) = location else {
                self.structure(
                    node,
                    Msg::new(
                        format!("parameter `{name}` has no `in`"),
                        format!("参数 `{name}` 缺少 `in`"),
                    ),
                    Msg::new(
                        format!(
                            "say where `{name}` is sent: `in: {}`",
                            valid_locations.join("`, `in: ")
                        ),
                        format!(
                            "写明 `{name}` 的传输位置：`in: {}`",
                            valid_locations.join("`、`in: ")
                        ),
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
                    match (version, location.as_str()) {
                        (SpecVersion::Swagger2, _) => Msg::new(
                            format!("use one of {} for `{name}`; cookies cannot be described in 2.0 (send the value in a header)", valid_locations.join(", ")),
                            format!("`{name}` 的位置应为 {} 之一；2.0 无法描述 Cookie（改用请求头传输）", valid_locations.join("、")),
                        ),
                        (_, "body" | "formData") => Msg::new(
                            format!("from OpenAPI 3.0 on a request body is the operation's `requestBody` (form fields as its `application/x-www-form-urlencoded` schema): move `{name}` there"),
                            format!("OpenAPI 3.0 起请求体应写在接口的 `requestBody` 中（表单字段写在 `application/x-www-form-urlencoded` 模式中）：将 `{name}` 移入"),
                        ),
                        _ => Msg::new(
                            format!("use one of {} for `{name}`", valid_locations.join(", ")),
                            format!("`{name}` 的位置应为 {} 之一", valid_locations.join("、")),
                        ),
                    },
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
                    Msg::new(
                        format!("add `required: true` to `{name}`: a path parameter is always present"),
                        format!("为 `{name}` 添加 `required: true`：路径参数总是必需的"),
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
                            Msg::new(
                                format!(
                                    "give the body parameter `{name}` a `schema` describing the request body"
                                ),
                                format!("为 body 参数 `{name}` 添加描述请求体的 `schema`"),
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
                location: ParamLocation::parse(&location),
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
                    Msg::new(
                        "list at least the success response, e.g. `responses: {\"200\": {description: OK}}`, and the errors callers must handle",
                        "至少列出成功响应，如 `responses: {\"200\": {description: OK}}`，以及调用方需要处理的错误响应",
                    ),
                );
            }
            return Vec::new();
        };
        if !spec.tree(responses).is_map(responses.node) && spec.resolve(responses).is_some() {
            self.structure(
                responses,
                Msg::new("`responses` is not a mapping", "`responses` 不是映射（对象）"),
                Msg::new(
                    "write `responses` as a mapping from status codes (`\"200\"`, `4XX`, `default`) to responses",
                    "`responses` 应为从状态码（`\"200\"`、`4XX`、`default`）到响应的映射",
                ),
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
                    Msg::new(
                        format!("use a status code (`\"200\"`), a range (`4XX`) or `default` instead of `{status}`"),
                        format!("将 `{status}` 改为状态码（`\"200\"`）、范围（`4XX`）或 `default`"),
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
    fn status_keys() {
        for ok in ["200", "4XX", "default", "5xx"] {
            assert!(is_status_key(ok));
        }
        for bad in ["20", "600", "ok", "2X0"] {
            assert!(!is_status_key(bad));
        }
    }
}
