//! Python: FastAPI (`FastAPI()`, `APIRouter(prefix=)`, `@router.get(...)`, `include_router`,
//! `add_api_route`), Flask (`Flask()`, `Blueprint(url_prefix=)`, `@bp.route(methods=)`,
//! `@app.get`, `register_blueprint`, `add_url_rule`, Flask-RESTful `add_resource`), Django URL
//! confs (`urlpatterns` with `path`/`re_path`/`url`, `include(...)`) and Django REST
//! framework routers (`router.register('users', UserViewSet)`: the viewset actions that exist,
//! from its bases, mixins, methods and `@action`s) and class views (`View.as_view()`).
//!
//! Statements are read by line (continuation lines inside brackets belong to their
//! statement); `def` and `class` blocks by indentation.

use super::facts::{
    Annotation, Child, Class, ClassKind, Constant, Expr, FileFacts, Import, Method, Mount, OpInfo, Param,
    Route, Router, RouterKind, Value,
};
use super::finish::Found;
use super::index::Index;
use super::syntax::{http_method, Reader};
use crate::parse::code::Kind;

/// Creators of routers and what they make.
fn creator(name: &str) -> Option<(RouterKind, &'static str)> {
    Some(match name {
        "FastAPI" => (RouterKind::App, "fastapi"),
        "APIRouter" => (RouterKind::Router, "fastapi"),
        "Flask" => (RouterKind::App, "flask"),
        "Blueprint" => (RouterKind::Router, "flask"),
        "Api" => (RouterKind::Router, "flask-restful"),
        "DefaultRouter" | "SimpleRouter" | "ExtendedDefaultRouter" | "NestedSimpleRouter" => {
            (RouterKind::Router, "django-rest-framework")
        }
        _ => return None,
    })
}

/// Names of dependencies and decorators that carry authentication (evidence only).
fn is_security_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "auth",
        "login",
        "token",
        "current_user",
        "permission",
        "scope",
        "security",
        "jwt",
        "oauth",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

struct Block {
    name: String,
    indent: usize,
    class: bool,
}

pub fn read(reader: &Reader<'_>, facts: &mut FileFacts) {
    let src = reader.src;
    let mut blocks: Vec<Block> = Vec::new();
    let mut decorators: Vec<Annotation> = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let end = statement_end(reader, i);
        let indent = src.indent(i);
        while blocks.last().is_some_and(|b| b.indent >= indent) {
            blocks.pop();
        }
        let scope = blocks
            .iter()
            .rev()
            .find(|b| !b.class)
            .map(|b| b.name.clone())
            .unwrap_or_default();
        let class_index = blocks
            .last()
            .filter(|b| b.class)
            .and_then(|b| facts.classes.iter().rposition(|c| c.name == b.name));
        if src.is(i, "@") {
            if let Some((annotation, _)) = reader.annotation(i) {
                let mut annotation = annotation;
                // `@router.get(...)`: keep the receiver as the first argument's key `@receiver`.
                if let Some(receiver) = receiver_of(reader, i + 1) {
                    annotation
                        .args
                        .insert(0, (Some("@receiver".into()), Value::Expr(Expr::lit(receiver))));
                }
                decorators.push(annotation);
            }
            i = end;
            continue;
        }
        let word = src.ident(i).unwrap_or("");
        match word {
            "import" => read_import(reader, i + 1, end, None, facts),
            "from" => {
                let mut j = i + 1;
                let mut module = String::new();
                while j < end && !src.is_ident(j, "import") {
                    module.push_str(src.text(j));
                    j += 1;
                }
                read_import(reader, j + 1, end, Some(module), facts);
            }
            "async" if src.is_ident(i + 1, "def") => {
                function(
                    reader,
                    i + 1,
                    indent,
                    std::mem::take(&mut decorators),
                    class_index,
                    &scope,
                    facts,
                );
                blocks.push(Block {
                    name: src.text(i + 2).to_string(),
                    indent,
                    class: false,
                });
            }
            "def" => {
                function(
                    reader,
                    i,
                    indent,
                    std::mem::take(&mut decorators),
                    class_index,
                    &scope,
                    facts,
                );
                blocks.push(Block {
                    name: src.text(i + 1).to_string(),
                    indent,
                    class: false,
                });
            }
            "class" => {
                let name = src.text(i + 1).to_string();
                let supers = if src.is(i + 2, "(") {
                    reader
                        .args(i + 2)
                        .into_iter()
                        .filter(|(s, _)| !src.is(s + 1, "="))
                        .filter_map(|(s, e)| {
                            let mut last = None;
                            for t in s..e {
                                if src.kind(t) == Some(Kind::Ident) {
                                    last = Some(src.text(t).to_string());
                                }
                                if src.is(t, "[") {
                                    break;
                                }
                            }
                            last
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let (line, column) = reader.pos(i);
                facts.classes.push(Class {
                    name: name.clone(),
                    outer: Vec::new(),
                    kind: ClassKind::Class,
                    line,
                    column,
                    annotations: std::mem::take(&mut decorators),
                    supers,
                    methods: Vec::new(),
                    fields: Vec::new(),
                    attributes: Vec::new(),
                });
                blocks.push(Block {
                    name,
                    indent,
                    class: true,
                });
            }
            _ => {
                decorators.clear();
                statement(reader, i, end, &scope, class_index, facts);
            }
        }
        i = end;
    }
}

/// The index after the statement that starts at `i`: the next token first on its line that is
/// not inside a bracket the statement opened.
fn statement_end(reader: &Reader<'_>, start: usize) -> usize {
    let src = reader.src;
    let mut j = start;
    loop {
        j = if matches!(src.text(j), "(" | "[" | "{") && src.kind(j) == Some(Kind::Punct) {
            src.after_group(j)
        } else {
            j + 1
        };
        if j >= src.len() || src.line_start(j) {
            return j.min(src.len()).max(start + 1);
        }
    }
}

/// `router` of `@router.get(`; None for a plain decorator.
fn receiver_of(reader: &Reader<'_>, at: usize) -> Option<String> {
    let src = reader.src;
    let mut parts = Vec::new();
    let mut i = at;
    while src.kind(i) == Some(Kind::Ident) {
        parts.push(src.text(i).to_string());
        if src.is(i + 1, ".") {
            i += 2;
        } else {
            break;
        }
    }
    (parts.len() >= 2).then(|| parts[..parts.len() - 1].join("."))
}

fn read_import(reader: &Reader<'_>, start: usize, end: usize, from: Option<String>, facts: &mut FileFacts) {
    let src = reader.src;
    let (start, end) = if src.is(start, "(") {
        (start + 1, src.partner(start).unwrap_or(end))
    } else {
        (start, end)
    };
    let mut i = start;
    while i < end {
        let mut dotted = String::new();
        while i < end && !src.is(i, ",") && !src.is_ident(i, "as") {
            dotted.push_str(src.text(i));
            i += 1;
        }
        let mut alias = dotted.rsplit('.').next().unwrap_or(&dotted).to_string();
        if src.is_ident(i, "as") {
            alias = src.text(i + 1).to_string();
            i += 2;
        }
        if !dotted.is_empty() {
            facts.imports.push(match &from {
                Some(module) => Import {
                    alias,
                    path: module.clone(),
                    member: dotted,
                },
                None => Import {
                    alias,
                    path: dotted,
                    member: String::new(),
                },
            });
        }
        i += 1;
    }
}

/// The router a name means in `scope`: a router of the scope or of the module, else an alias
/// of an imported router (created on first use).
fn router_for(
    reader: &Reader<'_>,
    name: &str,
    scope: &str,
    framework: &'static str,
    line: u32,
    facts: &mut FileFacts,
) -> usize {
    if let Some(found) = facts
        .routers
        .iter()
        .rposition(|r| r.name == name && r.scope == scope)
    {
        return found;
    }
    if let Some(found) = facts
        .routers
        .iter()
        .rposition(|r| r.name == name && r.scope.is_empty())
    {
        return found;
    }
    let _ = reader;
    // Not created here: a router imported from another module (`from app import app`), or a
    // parameter. It is a node of its own that stands for the imported one.
    facts.routers.push(Router {
        kind: RouterKind::Router,
        scope: String::new(),
        name: name.to_string(),
        prefix: Expr::default(),
        framework,
        line,
        alias: None,
    });
    let index = facts.routers.len() - 1;
    let head = name.split('.').next().unwrap_or(name);
    if let Some(import) = facts.imports.iter().find(|i| i.alias == head).cloned() {
        let (module, member) = if name.contains('.') {
            let member = name.rsplit('.').next().unwrap_or(name).to_string();
            let module = if import.member.is_empty() {
                import.path.clone()
            } else {
                format!("{}.{}", import.path, import.member)
            };
            (module, member)
        } else if import.member.is_empty() {
            (import.path.clone(), name.to_string())
        } else {
            (import.path.clone(), import.member.clone())
        };
        facts.routers[index].alias = Some(Child::Import { module, name: member });
    }
    index
}

/// A mount's child: a local router, an attribute of an imported module (`users.router`), an
/// imported name, or `include("app.urls")`.
fn child_of(
    reader: &Reader<'_>,
    (start, end): (usize, usize),
    scope: &str,
    facts: &FileFacts,
) -> Option<Child> {
    let src = reader.src;
    // `include(router.urls)`, `include("app.urls")`, `include((patterns, "ns"))`.
    if src.is_ident(start, "include") && src.is(start + 1, "(") {
        let args = reader.args(start + 1);
        let &(s, e) = args.first()?;
        if let Some(text) = src.string(s).and_then(|l| l.plain()) {
            return Some(Child::Import {
                module: text,
                name: "urlpatterns".into(),
            });
        }
        let inner = (s, e);
        let expr = reader.expr(inner)?;
        let name = super::router::name_of(&expr)?;
        let name = name.trim_end_matches(".urls").to_string();
        if let Some(r) = facts
            .routers
            .iter()
            .rposition(|r| r.name == name && (r.scope == scope || r.scope.is_empty()))
        {
            return Some(Child::Local(r));
        }
        return import_child(&name, facts, "urlpatterns");
    }
    let expr = reader.expr((start, end))?;
    let name = super::router::name_of(&expr)?;
    if let Some(r) = facts
        .routers
        .iter()
        .rposition(|r| r.name == name && (r.scope == scope || r.scope.is_empty()))
    {
        return Some(Child::Local(r));
    }
    import_child(&name, facts, "router")
}

fn import_child(name: &str, facts: &FileFacts, default_member: &str) -> Option<Child> {
    let head = name.split('.').next().unwrap_or(name);
    let import = facts.imports.iter().find(|i| i.alias == head)?;
    let base = if import.member.is_empty() {
        import.path.clone()
    } else {
        format!("{}.{}", import.path, import.member)
    };
    Some(match name.split_once('.') {
        Some((_, rest)) => {
            let (module_rest, member) = rest.rsplit_once('.').map_or(("", rest), |(m, n)| (m, n));
            let module = if module_rest.is_empty() {
                base
            } else {
                format!("{base}.{module_rest}")
            };
            Child::Import {
                module,
                name: member.to_string(),
            }
        }
        None if import.member.is_empty() => Child::Import {
            module: base,
            name: default_member.to_string(),
        },
        None => Child::Import {
            module: import.path.clone(),
            name: import.member.clone(),
        },
    })
}

fn list_texts(value: Option<&Value>) -> Vec<String> {
    value
        .map(|v| v.exprs().iter().filter_map(|e| e.literal()).collect())
        .unwrap_or_default()
}

/// A statement that is not a block: assignments (routers, constants, `urlpatterns`), calls
/// (`include_router`, `register_blueprint`, `register`, `add_url_rule`, `add_api_route`,
/// `add_resource`).
fn statement(
    reader: &Reader<'_>,
    i: usize,
    end: usize,
    scope: &str,
    class_index: Option<usize>,
    facts: &mut FileFacts,
) {
    let src = reader.src;
    let line = reader.line(i);
    // Assignments: `NAME = ...`, `NAME: type = ...`, `NAME += [...]`.
    if src.kind(i) == Some(Kind::Ident) {
        let mut eq = i + 1;
        if src.is(eq, ":") {
            while eq < end && !src.is(eq, "=") {
                eq += 1;
            }
        }
        let augmented = src.is(i + 1, "+") && src.is(i + 2, "=");
        if augmented {
            eq = i + 2;
        }
        if src.is(eq, "=") && !src.is(eq + 1, "=") && eq < end {
            let name = src.text(i).to_string();
            let value = (eq + 1, end);
            if let Some(class) = class_index {
                let value = reader.value(value);
                if let Some(expr) = value.exprs().first().filter(|_| matches!(value, Value::Expr(_))) {
                    let owner = facts.classes[class].name.clone();
                    facts.constants.push(Constant {
                        owner,
                        name: name.clone(),
                        value: (*expr).clone(),
                    });
                }
                facts.classes[class].attributes.push((name, value));
                return;
            }
            // A router creation.
            let mut call = value.0;
            while call + 2 < end && src.is(call + 1, ".") {
                call += 2;
            }
            if let Some((kind, framework)) = src.ident(call).and_then(creator) {
                if src.is(call + 1, "(") {
                    let mut prefix = Expr::default();
                    for range in reader.args(call + 1) {
                        let (key, range) = reader.keyword(range);
                        if matches!(key.as_deref(), Some("prefix" | "url_prefix" | "root_path")) {
                            prefix = reader.expr(range).unwrap_or_default();
                        }
                    }
                    facts.routers.push(Router {
                        kind,
                        scope: scope.to_string(),
                        name,
                        prefix,
                        framework,
                        line,
                        alias: None,
                    });
                    return;
                }
            }
            if name == "urlpatterns" {
                urlpatterns(reader, value, scope, augmented, line, facts);
                return;
            }
            if scope.is_empty() {
                if let Some(expr) = reader.expr(value) {
                    facts.constants.push(Constant {
                        owner: String::new(),
                        name,
                        value: expr,
                    });
                }
            }
            return;
        }
    }
    // Calls on a receiver: `X.method(args)`.
    let mut j = i;
    while src.kind(j) == Some(Kind::Ident) && src.is(j + 1, ".") && j + 2 < end {
        j += 2;
    }
    if j == i || !src.is(j + 1, "(") {
        return;
    }
    let receiver: String = (i..j)
        .map(|t| src.text(t))
        .collect::<String>()
        .trim_end_matches('.')
        .to_string();
    let method = src.text(j);
    let args = reader.args(j + 1);
    let keyword = |key: &str| {
        args.iter()
            .map(|&r| reader.keyword(r))
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, r)| r)
    };
    let positional: Vec<(usize, usize)> = args
        .iter()
        .map(|&r| reader.keyword(r))
        .filter(|(k, _)| k.is_none())
        .map(|(_, r)| r)
        .collect();
    match method {
        "include_router" | "register_blueprint" | "mount" => {
            let Some(&first) = positional.first() else { return };
            let Some(child) = child_of(reader, first, scope, facts) else {
                return;
            };
            let prefix = keyword("prefix")
                .or_else(|| keyword("url_prefix"))
                .and_then(|r| reader.expr(r))
                .unwrap_or_default();
            let (prefix, child) = if method == "mount" {
                // Starlette `app.mount("/sub", subapp)`.
                let (Some(&p), Some(&c)) = (positional.first(), positional.get(1)) else {
                    return;
                };
                let Some(child) = child_of(reader, c, scope, facts) else {
                    return;
                };
                (reader.expr(p).unwrap_or_default(), child)
            } else {
                (prefix, child)
            };
            let replaces = method == "register_blueprint" && keyword("url_prefix").is_some();
            let parent = router_for(reader, &receiver, scope, "fastapi", line, facts);
            facts.mounts.push(Mount {
                parent,
                prefix,
                child,
                line,
                replaces,
            });
        }
        "register" => {
            // DRF: `router.register(r'users', UserViewSet, basename='user')`.
            let (Some(&p), Some(&v)) = (positional.first(), positional.get(1)) else {
                return;
            };
            let Some(path) = reader.expr(p) else { return };
            let Some(view) = reader.expr(v).and_then(|e| super::router::name_of(&e)) else {
                return;
            };
            // DRF registers a viewset class; `blueprint.register(app, options)` (Flask) and
            // other `register` calls pass values.
            let class_like = view
                .rsplit('.')
                .next()
                .and_then(|name| name.chars().next())
                .is_some_and(|c| c.is_ascii_uppercase());
            if !class_like {
                return;
            }
            let router = router_for(reader, &receiver, scope, "django-rest-framework", line, facts);
            let (line, column) = reader.pos(i);
            facts.routes.push(Route {
                router,
                methods: vec!["@viewset".into()],
                path,
                handler: view,
                line,
                column,
                info: OpInfo::default(),
            });
        }
        "add_url_rule" | "add_api_route" | "add_api_websocket_route" => {
            if method == "add_api_websocket_route" {
                return;
            }
            let Some(&p) = positional.first() else { return };
            let Some(path) = reader.expr(p) else { return };
            let methods = keyword("methods")
                .map(|r| list_texts(Some(&reader.value(r))))
                .unwrap_or_default();
            let methods: Vec<String> = methods
                .iter()
                .filter_map(|m| http_method(m))
                .map(str::to_string)
                .collect();
            let handler = keyword("view_func")
                .or_else(|| keyword("endpoint"))
                .or_else(|| {
                    positional
                        .get(if method == "add_url_rule" { 2 } else { 1 })
                        .copied()
                })
                .or_else(|| positional.get(1).copied())
                .and_then(|r| reader.expr(r))
                .and_then(|e| super::router::name_of(&e))
                .unwrap_or_default();
            let framework = if method == "add_api_route" {
                "fastapi"
            } else {
                "flask"
            };
            let router = router_for(reader, &receiver, scope, framework, line, facts);
            let (line, column) = reader.pos(i);
            facts.routes.push(Route {
                router,
                methods: if methods.is_empty() {
                    vec!["GET".into()]
                } else {
                    methods
                },
                path,
                handler,
                line,
                column,
                info: OpInfo::default(),
            });
        }
        "add_resource" => {
            // Flask-RESTful: `api.add_resource(TodoList, '/todos', '/todos/')`.
            let Some(&v) = positional.first() else { return };
            let Some(view) = reader.expr(v).and_then(|e| super::router::name_of(&e)) else {
                return;
            };
            let router = router_for(reader, &receiver, scope, "flask-restful", line, facts);
            let (line, column) = reader.pos(i);
            for &p in positional.iter().skip(1) {
                if let Some(path) = reader.expr(p) {
                    facts.routes.push(Route {
                        router,
                        methods: vec!["@resource".into()],
                        path,
                        handler: view.clone(),
                        line,
                        column,
                        info: OpInfo::default(),
                    });
                }
            }
        }
        _ => {}
    }
}

/// `urlpatterns = [path('api/', include(router.urls)), path('x/', View.as_view()), ...]`.
fn urlpatterns(
    reader: &Reader<'_>,
    (start, end): (usize, usize),
    scope: &str,
    augmented: bool,
    line: u32,
    facts: &mut FileFacts,
) {
    let src = reader.src;
    // `urlpatterns += [...]` adds to the list already read.
    let _ = augmented;
    let router = match facts
        .routers
        .iter()
        .rposition(|r| r.name == "urlpatterns" && r.scope == scope)
    {
        Some(r) => r,
        None => {
            facts.routers.push(Router {
                kind: RouterKind::Router,
                scope: scope.to_string(),
                name: "urlpatterns".into(),
                prefix: Expr::default(),
                framework: "django",
                line,
                alias: None,
            });
            facts.routers.len() - 1
        }
    };
    // The list may be built from calls (`[...] + router.urls`).
    let mut i = start;
    while i < end {
        if src.is(i, "[") {
            for (s, e) in reader.args(i) {
                url_entry(reader, (s, e), router, scope, facts);
            }
            i = src.after_group(i);
            continue;
        }
        // `+ router.urls`: the router's routes at the root.
        if src.kind(i) == Some(Kind::Ident) && src.is(i + 1, ".") && src.is_ident(i + 2, "urls") {
            let name = src.text(i);
            if let Some(r) = facts.routers.iter().rposition(|r| r.name == name) {
                facts.mounts.push(Mount {
                    parent: router,
                    prefix: Expr::default(),
                    child: Child::Local(r),
                    line,
                    replaces: false,
                });
            }
            i += 3;
            continue;
        }
        i += 1;
    }
}

fn url_entry(reader: &Reader<'_>, (s, e): (usize, usize), router: usize, scope: &str, facts: &mut FileFacts) {
    let src = reader.src;
    if !(src.is_ident(s, "path") || src.is_ident(s, "re_path") || src.is_ident(s, "url"))
        || !src.is(s + 1, "(")
    {
        return;
    }
    let args = reader.args(s + 1);
    let (Some(&p), Some(&t)) = (args.first(), args.get(1)) else {
        return;
    };
    let Some(path) = reader.expr(p) else { return };
    let line = reader.line(s);
    if src.is_ident(t.0, "include") {
        if let Some(child) = child_of(reader, t, scope, facts) {
            facts.mounts.push(Mount {
                parent: router,
                prefix: path,
                child,
                line,
                replaces: false,
            });
        }
        return;
    }
    // `View.as_view()` (a class view) or `views.function`.
    let _ = e;
    let mut k = t.0;
    let mut dotted = Vec::new();
    while src.kind(k) == Some(Kind::Ident) && k < t.1 {
        dotted.push(src.text(k).to_string());
        if src.is(k + 1, ".") {
            k += 2;
        } else {
            break;
        }
    }
    let Some(last) = dotted.last().cloned() else {
        return;
    };
    // `admin.site.urls` and other third-party URL confs given as `x.urls`.
    if last == "urls" {
        return;
    }
    let (methods, handler) = if last == "as_view" && dotted.len() >= 2 {
        (vec!["@view".to_string()], dotted[dotted.len() - 2].clone())
    } else {
        (vec!["ANY".to_string()], dotted.join("."))
    };
    let (line, column) = reader.pos(s);
    facts.routes.push(Route {
        router,
        methods,
        path,
        handler,
        line,
        column,
        info: OpInfo::default(),
    });
}

/// A `def` at `at`: a route when its decorators register it, a method of the enclosing class.
fn function(
    reader: &Reader<'_>,
    at: usize,
    indent: usize,
    decorators: Vec<Annotation>,
    class_index: Option<usize>,
    scope: &str,
    facts: &mut FileFacts,
) {
    let src = reader.src;
    let _ = indent;
    let Some(name) = src.ident(at + 1).map(str::to_string) else {
        return;
    };
    let (line, column) = reader.pos(at + 1);
    let params = if src.is(at + 2, "(") {
        params(reader, at + 2)
    } else {
        Vec::new()
    };
    let mut returns = Vec::new();
    let mut k = src.after_group(at + 2);
    if src.is(k, "-") && src.is(k + 1, ">") {
        k += 2;
        while k < src.len() && !src.is(k, ":") {
            if let Some(ident) = src.ident(k) {
                returns.push(ident.to_string());
            }
            k += 1;
        }
    }
    if let Some(class) = class_index {
        facts.classes[class].methods.push(Method {
            name: name.clone(),
            line,
            column,
            annotations: decorators.clone(),
            params: params.clone(),
            returns: returns.clone(),
        });
    }
    let security: Vec<String> = decorators
        .iter()
        .filter(|d| is_security_name(&d.name))
        .filter(|d| !route_decorator(d))
        .map(|d| format!("@{}", d.name))
        .collect();
    for decorator in &decorators {
        if !route_decorator(decorator) {
            continue;
        }
        let receiver = decorator
            .arg("@receiver")
            .and_then(|v| v.text())
            .unwrap_or_default();
        let positional: Vec<&Value> = decorator
            .args
            .iter()
            .filter(|(k, _)| k.is_none())
            .map(|(_, v)| v)
            .collect();
        let Some(path) = positional
            .first()
            .and_then(|v| v.exprs().first().map(|e| (*e).clone()))
        else {
            continue;
        };
        let verb = decorator.name.as_str();
        let (methods, framework): (Vec<String>, &'static str) = match verb {
            "route" | "api_route" => {
                let listed: Vec<String> = list_texts(decorator.arg("methods"))
                    .iter()
                    .filter_map(|m| http_method(m))
                    .map(str::to_string)
                    .collect();
                let framework = if verb == "api_route" { "fastapi" } else { "flask" };
                (
                    if listed.is_empty() {
                        vec!["GET".into()]
                    } else {
                        listed
                    },
                    framework,
                )
            }
            _ => match http_method(verb) {
                Some(m) => (vec![m.to_string()], "fastapi"),
                None => continue,
            },
        };
        let known = facts
            .routers
            .iter()
            .rposition(|r| r.name == receiver && (r.scope == scope || r.scope.is_empty()))
            .map(|r| facts.routers[r].framework);
        let framework = known.unwrap_or(
            if framework == "fastapi" && !imports(facts, "fastapi") && imports(facts, "flask") {
                "flask"
            } else {
                framework
            },
        );
        let router = router_for(reader, &receiver, scope, framework, line, facts);
        let mut info = OpInfo::default();
        let text = |key: &str| decorator.arg(key).and_then(|v| v.text());
        info.summary = text("summary").or_else(|| text("name"));
        info.operation_id = text("operation_id");
        info.tags = list_texts(decorator.arg("tags"));
        info.deprecated = decorator.arg("deprecated").and_then(|v| v.as_bool()) == Some(true);
        info.response_type = decorator
            .arg("response_model")
            .and_then(|v| v.exprs().first().and_then(|e| super::router::name_of(e)))
            .map(|n| n.rsplit('.').next().unwrap_or(&n).to_string());
        info.security = security.clone();
        for param in &params {
            for annotation in &param.annotations {
                if matches!(annotation.name.as_str(), "Depends" | "Security") {
                    let target = annotation
                        .value()
                        .and_then(|v| v.exprs().first().and_then(|e| super::router::name_of(e)))
                        .unwrap_or_default();
                    if is_security_name(&target) || annotation.name == "Security" {
                        info.security.push(format!("{}({target})", annotation.name));
                    }
                }
            }
            let path_text = path.literal().unwrap_or_default();
            let in_path = path_text.contains(&format!("{{{}", param.name))
                || path_text.contains(&format!(":{}>", param.name));
            if param.annotations.is_empty()
                && !in_path
                && !matches!(param.name.as_str(), "self" | "request" | "db" | "session")
            {
                match param.ty.first().map(String::as_str) {
                    Some(
                        "str" | "int" | "float" | "bool" | "Optional" | "List" | "list" | "date" | "datetime"
                        | "UUID",
                    )
                    | None => info.query.push(param.name.clone()),
                    Some(ty)
                        if ty.chars().next().is_some_and(char::is_uppercase)
                            && info.request_type.is_none() =>
                    {
                        info.request_type = Some(ty.to_string());
                    }
                    _ => {}
                }
            }
        }
        if info.response_type.is_none() {
            info.response_type = returns
                .iter()
                .find(|t| {
                    t.chars().next().is_some_and(char::is_uppercase)
                        && !matches!(
                            t.as_str(),
                            "List" | "Optional" | "Dict" | "Any" | "Response" | "JSONResponse"
                        )
                })
                .cloned();
        }
        let (dl, dc) = (decorator.line, decorator.column);
        facts.routes.push(Route {
            router,
            methods,
            path,
            handler: name.clone(),
            line: dl,
            column: dc,
            info,
        });
    }
}

fn imports(facts: &FileFacts, module: &str) -> bool {
    facts
        .imports
        .iter()
        .any(|i| i.path == module || i.path.starts_with(&format!("{module}.")))
}

fn route_decorator(decorator: &Annotation) -> bool {
    decorator.arg("@receiver").is_some()
        && (matches!(decorator.name.as_str(), "route" | "api_route")
            || http_method(&decorator.name).is_some_and(|m| {
                m.eq_ignore_ascii_case(&decorator.name)
                    && decorator.name.chars().all(|c| c.is_ascii_lowercase())
            }))
}

/// Parameters `name: Type = Depends(x)`; the default's call is kept as an annotation.
fn params(reader: &Reader<'_>, open: usize) -> Vec<Param> {
    let src = reader.src;
    let mut out = Vec::new();
    for (s, e) in reader.args(open) {
        let Some(name) = src.ident(s).map(str::to_string) else {
            continue;
        };
        let mut ty = Vec::new();
        let mut annotations = Vec::new();
        let mut k = s + 1;
        if src.is(k, ":") {
            k += 1;
            while k < e && !src.is(k, "=") {
                if let Some(t) = src.ident(k) {
                    if t != "None" {
                        ty.push(t.to_string());
                    }
                }
                k += 1;
            }
        }
        if src.is(k, "=") && src.kind(k + 1) == Some(Kind::Ident) {
            let mut call = k + 1;
            while src.is(call + 1, ".") && src.kind(call + 2) == Some(Kind::Ident) {
                call += 2;
            }
            if src.is(call + 1, "(") {
                let mut annotation = Annotation {
                    name: src.text(call).to_string(),
                    args: Vec::new(),
                    line: reader.line(call),
                    column: 0,
                };
                for range in reader.args(call + 1) {
                    let (key, range) = reader.keyword(range);
                    annotation.args.push((key, reader.value(range)));
                }
                annotations.push(annotation);
            }
        }
        // `Annotated[User, Depends(get_current_user)]`.
        for t in s..e {
            if (src.is_ident(t, "Depends") || src.is_ident(t, "Security"))
                && src.is(t + 1, "(")
                && !annotations
                    .iter()
                    .any(|a: &Annotation| a.line == reader.line(t) && a.name == src.text(t))
            {
                let mut annotation = Annotation {
                    name: src.text(t).to_string(),
                    args: Vec::new(),
                    line: reader.line(t),
                    column: 0,
                };
                for range in reader.args(t + 1) {
                    let (key, range) = reader.keyword(range);
                    annotation.args.push((key, reader.value(range)));
                }
                if !annotations.contains(&annotation) {
                    annotations.push(annotation);
                }
            }
        }
        out.push(Param {
            name,
            annotations,
            ty,
        });
    }
    out
}

/// DRF viewset actions: (action, method, detail).
const ACTIONS: [(&str, &str, bool); 6] = [
    ("list", "GET", false),
    ("create", "POST", false),
    ("retrieve", "GET", true),
    ("update", "PUT", true),
    ("partial_update", "PATCH", true),
    ("destroy", "DELETE", true),
];

/// The actions bases give (DRF viewsets, mixins, generic views).
fn base_actions(base: &str) -> &'static [&'static str] {
    match base {
        "ModelViewSet" => &[
            "list",
            "create",
            "retrieve",
            "update",
            "partial_update",
            "destroy",
        ],
        "ReadOnlyModelViewSet" => &["list", "retrieve"],
        "ListModelMixin" => &["list"],
        "CreateModelMixin" => &["create"],
        "RetrieveModelMixin" => &["retrieve"],
        "UpdateModelMixin" => &["update", "partial_update"],
        "DestroyModelMixin" => &["destroy"],
        _ => &[],
    }
}

/// Methods generic class views answer.
fn view_methods(base: &str) -> &'static [&'static str] {
    match base {
        "ListAPIView" => &["GET"],
        "CreateAPIView" => &["POST"],
        "RetrieveAPIView" => &["GET"],
        "DestroyAPIView" => &["DELETE"],
        "UpdateAPIView" => &["PUT", "PATCH"],
        "ListCreateAPIView" => &["GET", "POST"],
        "RetrieveUpdateAPIView" => &["GET", "PUT", "PATCH"],
        "RetrieveDestroyAPIView" => &["GET", "DELETE"],
        "RetrieveUpdateDestroyAPIView" => &["GET", "PUT", "PATCH", "DELETE"],
        _ => &[],
    }
}

/// Expands the DRF viewset registrations, class views and Flask-RESTful resources into their
/// operations, from the classes they name.
pub fn expand(index: &mut Index, found: &mut Vec<Found>) {
    let mut out = Vec::with_capacity(found.len());
    for item in found.drain(..) {
        let Some(kind) = item.methods.first().filter(|m| m.starts_with('@')).cloned() else {
            out.push(item);
            continue;
        };
        let class_name = item
            .handler
            .rsplit('.')
            .next()
            .unwrap_or(&item.handler)
            .to_string();
        let Some(id) = index.find_class(&class_name, item.file) else {
            // The class is not in the run: every method, as Django would route them.
            out.push(Found {
                methods: vec!["ANY".into()],
                ..item
            });
            continue;
        };
        let hierarchy = index.hierarchy(id);
        let mut defined: Vec<(String, Method, usize)> = Vec::new();
        let mut bases: Vec<String> = Vec::new();
        let mut lookup = "pk".to_string();
        for &h in hierarchy.iter().rev() {
            let class = index.class(h).clone();
            bases.extend(class.supers.iter().cloned());
            for method in class.methods {
                defined.retain(|(n, _, _)| *n != method.name);
                defined.push((method.name.clone(), method, h.0));
            }
            for (attr, value) in &class.attributes {
                if attr == "lookup_field" || attr == "lookup_url_kwarg" {
                    if let Some(text) = value.text() {
                        lookup = text;
                    }
                }
            }
        }
        let push = |methods: Vec<String>,
                    path: Result<String, String>,
                    handler: String,
                    at: (usize, u32, u32),
                    out: &mut Vec<Found>| {
            out.push(Found {
                methods,
                path,
                handler,
                file: at.0,
                line: at.1,
                column: at.2,
                framework: "django-rest-framework",
                ..item.clone()
            });
        };
        match kind.as_str() {
            "@viewset" => {
                let mut actions: Vec<&str> = Vec::new();
                for base in &bases {
                    actions.extend(base_actions(base));
                }
                for (name, _, _) in &defined {
                    if let Some((action, _, _)) = ACTIONS.iter().find(|(a, _, _)| a == name) {
                        actions.push(action);
                    }
                }
                for (action, method, detail) in ACTIONS {
                    if !actions.contains(&action) {
                        continue;
                    }
                    let path = map_path(&item.path, |p| {
                        if detail {
                            super::paths::join([p, &format!("{{{lookup}}}")])
                        } else {
                            p.to_string()
                        }
                    });
                    push(
                        vec![method.into()],
                        path,
                        format!("{class_name}.{action}"),
                        (item.file, item.line, item.column),
                        &mut out,
                    );
                }
                for (name, method, declared_in) in &defined {
                    let Some(action) = method.annotations.iter().find(|a| a.name == "action") else {
                        continue;
                    };
                    let detail = action.arg("detail").and_then(|v| v.as_bool()).unwrap_or(false);
                    let url_path = action
                        .arg("url_path")
                        .and_then(|v| v.text())
                        .unwrap_or_else(|| name.clone());
                    let methods: Vec<String> = list_texts(action.arg("methods"))
                        .iter()
                        .filter_map(|m| http_method(m))
                        .map(str::to_string)
                        .collect();
                    let path = map_path(&item.path, |p| {
                        if detail {
                            super::paths::join([p, &format!("{{{lookup}}}"), url_path.as_str()])
                        } else {
                            super::paths::join([p, url_path.as_str()])
                        }
                    });
                    push(
                        if methods.is_empty() {
                            vec!["GET".into()]
                        } else {
                            methods
                        },
                        path,
                        format!("{class_name}.{name}"),
                        (*declared_in, action.line, action.column),
                        &mut out,
                    );
                }
            }
            _ => {
                // A class view or a Flask-RESTful resource: the HTTP methods it defines or
                // its generic bases give.
                let mut methods: Vec<String> = defined
                    .iter()
                    .filter_map(|(n, _, _)| {
                        http_method(n).filter(|m| {
                            m.eq_ignore_ascii_case(n) && n.chars().all(|c| c.is_ascii_lowercase())
                        })
                    })
                    .map(str::to_string)
                    .collect();
                for base in &bases {
                    methods.extend(view_methods(base).iter().map(|m| m.to_string()));
                }
                methods.retain(|m| m != "OPTIONS" && m != "HEAD");
                methods.sort();
                methods.dedup();
                let drf = bases
                    .iter()
                    .any(|b| b.ends_with("APIView") || b.ends_with("ViewSet"));
                let framework = if kind == "@resource" {
                    "flask-restful"
                } else if drf {
                    "django-rest-framework"
                } else {
                    "django"
                };
                out.push(Found {
                    methods: if methods.is_empty() {
                        vec!["ANY".into()]
                    } else {
                        methods
                    },
                    framework,
                    handler: class_name.clone(),
                    ..item
                });
            }
        }
    }
    *found = out;
}

/// Applies `f` to a path, known or not.
fn map_path(path: &super::paths::Resolved, f: impl Fn(&str) -> String) -> super::paths::Resolved {
    match path {
        Ok(p) => Ok(f(p)),
        Err(p) => Err(f(p)),
    }
}
