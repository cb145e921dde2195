//! JavaScript and TypeScript: Express (`express()`, `express.Router()`, `app.get(path, h)`,
//! `router.route(path).get(h).post(h)`, `app.use('/prefix', router)`), Koa routers
//! (`new Router({prefix})`, `router.prefix()`, `app.use(router.routes())`) and NestJS
//! (`@Controller('cats')` classes with `@Get(':id')` methods, `app.setGlobalPrefix('api')`).
//!
//! Routers cross files through `require`/`import` and `module.exports`/`export`; a function
//! whose parameter receives an app or router (`module.exports = (app) => { app.get(...) }`)
//! registers its routes on whatever router it is called with. A method call is a route only on
//! a receiver known to be an app or router, with a path and a handler: `axios.get('/api/x')`
//! and `app.get('env')` are not routes.

use super::facts::{
    Annotation, Child, Class, ClassKind, ContextSetting, Expr, FileFacts, Import, Method, Mount, OpInfo,
    Param, Route, Router, RouterKind, Value,
};
use super::finish::{ContextKind, Found};
use super::index::Index;
use super::spring::merge;
use super::syntax::{http_method, Reader};
use crate::parse::code::Kind;
use std::collections::HashMap;

/// Module names whose default export or `Router` creates routers.
const ROUTER_MODULES: &[&str] = &[
    "express",
    "koa",
    "koa-router",
    "@koa/router",
    "express-promise-router",
];

/// Parameter names that receive an app or router.
const ROUTER_PARAMS: &[&str] = &["app", "router", "api", "server", "routes", "r"];

/// A function's body: its name (empty when anonymous) and parameters.
struct Function {
    name: String,
    params: Vec<String>,
    close: usize,
}

pub fn read(reader: &Reader<'_>, facts: &mut FileFacts) {
    let src = reader.src;
    let functions = functions(reader);
    let mut stack: Vec<Function> = Vec::new();
    let mut decorators: Vec<Annotation> = Vec::new();
    let mut i = 0;
    while i < src.len() {
        while stack.last().is_some_and(|f| f.close <= i) {
            stack.pop();
        }
        if let Some(function) = functions.get(&i) {
            stack.push(Function {
                name: function.0.clone(),
                params: function.1.clone(),
                close: src.partner(i).unwrap_or(src.len()),
            });
        }
        let scope = stack
            .iter()
            .rev()
            .find(|f| !f.name.is_empty())
            .map(|f| f.name.clone())
            .unwrap_or_default();
        if src.is(i, "@") {
            if let Some((annotation, next)) = reader.annotation(i) {
                decorators.push(annotation);
                i = next;
                continue;
            }
        }
        if src.is_ident(i, "class") && src.kind(i + 1) == Some(Kind::Ident) && !src.is(i.wrapping_sub(1), ".")
        {
            i = class(reader, i, std::mem::take(&mut decorators), facts);
            continue;
        }
        if !matches!(src.ident(i), Some("export" | "default" | "abstract" | "declare")) {
            decorators.clear();
        }
        match src.ident(i) {
            Some("import") if !src.is(i + 1, "(") && !src.is(i.wrapping_sub(1), ".") => {
                i = import(reader, i, facts);
                continue;
            }
            Some("const" | "let" | "var") => declaration(reader, i, &scope, facts),
            Some("module" | "exports" | "export") => export(reader, i, &scope, facts),
            _ => {}
        }
        if src.kind(i) == Some(Kind::Ident) && src.is(i + 1, ".") && !src.is(i.wrapping_sub(1), ".") {
            call(reader, i, &scope, &stack, facts);
        }
        // `require('./routes')(app)`, `routes(app)`: a function that registers routes (only
        // once there is a router to pass).
        if !facts.routers.is_empty()
            && src.kind(i) == Some(Kind::Ident)
            && src.is(i + 1, "(")
            && !src.is(i.wrapping_sub(1), ".")
        {
            router_arguments(reader, i, &scope, facts);
        }
        i += 1;
    }
    // A default-exported function exports its parameter routers.
    let defaults: Vec<usize> = facts
        .routers
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(&r.kind, RouterKind::Param { function, .. } if function == "default"))
        .map(|(index, _)| index)
        .collect();
    facts
        .exports
        .extend(defaults.into_iter().map(|index| ("default".to_string(), index)));
}

/// Function bodies by the index of their `{`: (name, parameter names).
fn functions(reader: &Reader<'_>) -> HashMap<usize, (String, Vec<String>)> {
    let src = reader.src;
    let mut out = HashMap::new();
    for i in 0..src.len() {
        // `function name(params) {` / `function (params) {`
        if src.is_ident(i, "function") {
            let (name_at, open) = if src.kind(i + 1) == Some(Kind::Ident) {
                (Some(i + 1), i + 2)
            } else {
                (None, i + 1)
            };
            if !src.is(open, "(") {
                continue;
            }
            let body = body_after(reader, src.after_group(open));
            if let Some(body) = body {
                let name = name_at
                    .map(|n| src.text(n).to_string())
                    .unwrap_or_else(|| assigned_name(reader, i));
                out.insert(body, (name, param_names(reader, open)));
            }
        }
        // `(params) => {` and `param => {`
        if src.is(i, "=>") && src.is(i + 1, "{") {
            let (start, params) = if src.is(i.wrapping_sub(1), ")") {
                let open = src.partner(i - 1).unwrap_or(i);
                (open, param_names(reader, open))
            } else if src.kind(i.wrapping_sub(1)) == Some(Kind::Ident) {
                (i - 1, vec![src.text(i - 1).to_string()])
            } else {
                continue;
            };
            // `async (app) => {`
            let start = if src.is_ident(start.wrapping_sub(1), "async") {
                start - 1
            } else {
                start
            };
            out.insert(i + 1, (assigned_name(reader, start), params));
        }
    }
    out
}

/// The `{` of a body after a parameter list (a TypeScript return type may come first).
fn body_after(reader: &Reader<'_>, mut at: usize) -> Option<usize> {
    let src = reader.src;
    let limit = at + 24;
    while at < limit.min(src.len()) {
        if src.is(at, "{") {
            // `: { a: string }` return types are rare; the first `{` is the body.
            return Some(at);
        }
        if src.is(at, ";") || src.is(at, "=>") {
            return None;
        }
        at += 1;
    }
    None
}

/// The name a function expression starting at `at` is assigned to: `const name =`,
/// `name:`, `module.exports =` / `export default` (`default`), `exports.name =`.
fn assigned_name(reader: &Reader<'_>, at: usize) -> String {
    let src = reader.src;
    if at == 0 {
        return String::new();
    }
    let before = at - 1;
    if src.is_ident(before, "default") && src.is_ident(before.wrapping_sub(1), "export") {
        return "default".into();
    }
    if src.is(before, "=") || src.is(before, ":") {
        let name_at = before.wrapping_sub(1);
        if src.is_ident(name_at, "exports") && src.is_ident(name_at.wrapping_sub(2), "module") {
            return "default".into();
        }
        if let Some(name) = src.ident(name_at) {
            return name.to_string();
        }
    }
    String::new()
}

fn param_names(reader: &Reader<'_>, open: usize) -> Vec<String> {
    reader
        .args(open)
        .into_iter()
        .map(|(s, _)| reader.src.ident(s).unwrap_or("").to_string())
        .collect()
}

/// `import x from 'm'`, `import { a as b } from 'm'`, `import * as ns from 'm'`.
fn import(reader: &Reader<'_>, at: usize, facts: &mut FileFacts) -> usize {
    let src = reader.src;
    let mut j = at + 1;
    let mut names: Vec<(String, String)> = Vec::new();
    // `import type {...}`
    if src.is_ident(j, "type") {
        j += 1;
    }
    while j < src.len() && !src.is_ident(j, "from") && src.kind(j) != Some(Kind::Str) {
        if src.is(j, "{") {
            let close = src.partner(j).unwrap_or(j);
            for (s, e) in reader.args(j) {
                let member = src.text(s).to_string();
                let alias = if e > s + 2 && src.is_ident(s + 1, "as") {
                    src.text(s + 2).to_string()
                } else {
                    member.clone()
                };
                names.push((alias, member));
            }
            j = close + 1;
            continue;
        }
        if src.is(j, "*") && src.is_ident(j + 1, "as") {
            names.push((src.text(j + 2).to_string(), String::new()));
            j += 3;
            continue;
        }
        if let Some(ident) = src.ident(j) {
            names.push((ident.to_string(), "default".to_string()));
        }
        j += 1;
    }
    if src.is_ident(j, "from") {
        j += 1;
    }
    let module = src.string(j).and_then(|l| l.plain()).unwrap_or_default();
    for (alias, member) in names {
        facts.imports.push(Import {
            alias,
            path: module.clone(),
            member,
        });
    }
    j + 1
}

/// The module a `require('m')` at `at` names.
fn required(reader: &Reader<'_>, at: usize) -> Option<String> {
    let src = reader.src;
    (src.is_ident(at, "require") && src.is(at + 1, "("))
        .then(|| src.string(at + 2).and_then(|l| l.plain()))
        .flatten()
}

/// `const app = express()`, `const router = express.Router()`, `const r = new Router({prefix})`,
/// `const x = require('m')`, `const { Router } = require('express')`, `const v1 = app.route(...)`.
fn declaration(reader: &Reader<'_>, at: usize, scope: &str, facts: &mut FileFacts) {
    let src = reader.src;
    let line = reader.line(at);
    // Destructuring a require: `const { a, b: c } = require('m')`.
    if src.is(at + 1, "{") {
        let close = src.partner(at + 1).unwrap_or(at + 1);
        if src.is(close + 1, "=") {
            if let Some(module) = required(reader, close + 2) {
                for (s, e) in reader.args(at + 1) {
                    let member = src.text(s).to_string();
                    let alias = if e > s + 2 && src.is(s + 1, ":") {
                        src.text(s + 2).to_string()
                    } else {
                        member.clone()
                    };
                    facts.imports.push(Import {
                        alias,
                        path: module.clone(),
                        member,
                    });
                }
            }
        }
        return;
    }
    let Some(name) = src.ident(at + 1).map(str::to_string) else {
        return;
    };
    let mut eq = at + 2;
    // TypeScript annotations: `const app: Express = express()`.
    if src.is(eq, ":") {
        while eq < src.len() && !src.is(eq, "=") && !src.is(eq, ";") {
            eq += 1;
        }
    }
    if !src.is(eq, "=") {
        return;
    }
    let mut value = eq + 1;
    if src.is_ident(value, "await") {
        value += 1;
    }
    if let Some(module) = required(reader, value) {
        // `require('m').Router()` creates a router; otherwise it is an import.
        let after = src.after_group(value + 1);
        if src.is(after, ".") && src.is_ident(after + 1, "Router") {
            push_router(
                facts,
                RouterKind::Router,
                scope,
                &name,
                Expr::default(),
                "express",
                line,
            );
            return;
        }
        facts.imports.push(Import {
            alias: name,
            path: module,
            member: String::new(),
        });
        return;
    }
    let is_new = src.is_ident(value, "new");
    let callee_at = if is_new { value + 1 } else { value };
    // The callee: `express`, `express.Router`, `Router`, `Koa`, `KoaRouter`.
    let mut callee = Vec::new();
    let mut k = callee_at;
    while src.kind(k) == Some(Kind::Ident) {
        callee.push(src.text(k).to_string());
        if src.is(k + 1, ".") {
            k += 2;
        } else {
            break;
        }
    }
    if !src.is(k + 1, "(") {
        // A string constant.
        if scope.is_empty() {
            let end = statement_end(reader, value);
            if let Some(expr) = reader.expr((value, end)) {
                facts.constants.push(super::facts::Constant {
                    owner: String::new(),
                    name,
                    value: expr,
                });
            }
        }
        return;
    }
    let Some(last) = callee.last().map(String::as_str) else {
        return;
    };
    let module_of = |alias: &str| {
        facts
            .imports
            .iter()
            .find(|i| i.alias == alias)
            .map(|i| i.path.clone())
    };
    let head_module = callee.first().and_then(|h| module_of(h));
    let from_router_module = head_module
        .as_deref()
        .is_some_and(|m| ROUTER_MODULES.contains(&m));
    let (kind, framework) = match last {
        "Router" if callee.len() > 1 || from_router_module || is_new => (
            RouterKind::Router,
            if head_module.as_deref().is_some_and(|m| m.contains("koa")) {
                "koa"
            } else {
                "express"
            },
        ),
        _ if callee.len() == 1 && from_router_module => {
            let module = head_module.clone().unwrap_or_default();
            if module.contains("router") {
                (RouterKind::Router, "koa")
            } else if module == "koa" {
                (RouterKind::App, "koa")
            } else {
                (RouterKind::App, "express")
            }
        }
        // `app.route('/book')` returns a route object: its methods are routes on that path.
        "route" if callee.len() == 2 => {
            let receiver = &callee[0];
            if let Some(parent) = find_router(facts, receiver, scope) {
                let args = reader.args(k + 1);
                if let Some(path) = args.first().and_then(|&r| reader.expr(r)) {
                    let index = push_router(
                        facts,
                        RouterKind::Router,
                        scope,
                        &name,
                        Expr::default(),
                        "express",
                        line,
                    );
                    facts.mounts.push(Mount {
                        parent,
                        prefix: path,
                        child: Child::Local(index),
                        line,
                        replaces: false,
                    });
                }
            }
            return;
        }
        _ => return,
    };
    // Koa: `new Router({ prefix: '/api' })`.
    let mut prefix = Expr::default();
    if let Some(&first) = reader.args(k + 1).first() {
        if let Some(p) = reader
            .value(first)
            .get("prefix")
            .and_then(|v| v.exprs().first().map(|e| (*e).clone()))
        {
            prefix = p;
        }
    }
    push_router(facts, kind, scope, &name, prefix, framework, line);
}

fn statement_end(reader: &Reader<'_>, start: usize) -> usize {
    let src = reader.src;
    let mut j = start;
    while j < src.len() && !src.is(j, ";") && !(j > start && src.line_start(j)) {
        j = if matches!(src.text(j), "(" | "[" | "{") && src.kind(j) == Some(Kind::Punct) {
            src.after_group(j)
        } else {
            j + 1
        };
    }
    j
}

fn push_router(
    facts: &mut FileFacts,
    kind: RouterKind,
    scope: &str,
    name: &str,
    prefix: Expr,
    framework: &'static str,
    line: u32,
) -> usize {
    facts.routers.push(Router {
        kind,
        scope: scope.to_string(),
        name: name.to_string(),
        prefix,
        framework,
        line,
        alias: None,
    });
    facts.routers.len() - 1
}

fn find_router(facts: &FileFacts, name: &str, scope: &str) -> Option<usize> {
    facts
        .routers
        .iter()
        .rposition(|r| r.name == name && r.scope == scope)
        .or_else(|| {
            facts
                .routers
                .iter()
                .rposition(|r| r.name == name && r.scope.is_empty())
        })
}

/// The router a receiver names: one created here, a parameter of the enclosing function that
/// receives a router, or an imported app (`const app = require('./app')`).
fn receiver(facts: &mut FileFacts, name: &str, scope: &str, stack: &[Function], line: u32) -> Option<usize> {
    if let Some(found) = find_router(facts, name, scope) {
        return Some(found);
    }
    // A parameter of the innermost named function that has it.
    for function in stack.iter().rev() {
        if let Some(index) = function.params.iter().position(|p| p == name) {
            if function.name.is_empty() && !ROUTER_PARAMS.contains(&name) {
                return None;
            }
            if !ROUTER_PARAMS.contains(&name) && !name.to_ascii_lowercase().contains("router") {
                return None;
            }
            let function_name = if function.name.is_empty() {
                scope.to_string()
            } else {
                function.name.clone()
            };
            facts.routers.push(Router {
                kind: RouterKind::Param {
                    function: function_name.clone(),
                    index,
                },
                scope: function_name,
                name: name.to_string(),
                prefix: Expr::default(),
                framework: "express",
                line,
                alias: None,
            });
            return Some(facts.routers.len() - 1);
        }
    }
    let import = facts.imports.iter().find(|i| i.alias == name)?.clone();
    if !import.path.starts_with('.') {
        return None;
    }
    facts.routers.push(Router {
        kind: RouterKind::Router,
        scope: String::new(),
        name: name.to_string(),
        prefix: Expr::default(),
        framework: "express",
        line,
        alias: Some(Child::Import {
            module: import.path.clone(),
            name: if import.member.is_empty() {
                "default".into()
            } else {
                import.member.clone()
            },
        }),
    });
    Some(facts.routers.len() - 1)
}

/// A call on a receiver at `at`: `r.get(path, h)`, `r.route(path).get(h)`, `r.use(...)`,
/// `r.prefix(p)`, `app.setGlobalPrefix(p)`.
fn call(reader: &Reader<'_>, at: usize, scope: &str, stack: &[Function], facts: &mut FileFacts) {
    let src = reader.src;
    let name = src.text(at);
    let Some(method) = src.ident(at + 2) else { return };
    if !src.is(at + 3, "(") {
        return;
    }
    let line = reader.line(at);
    if method == "setGlobalPrefix" {
        if let Some(path) = reader
            .args(at + 3)
            .first()
            .and_then(|&r| reader.expr(r))
            .and_then(|e| e.literal())
        {
            facts.contexts.push(ContextSetting {
                scope: "nest",
                path,
                profile: None,
                activates: Vec::new(),
                line,
            });
        }
        return;
    }
    let verb = match method {
        "all" => Some("ANY"),
        "del" => Some("DELETE"),
        _ => http_method(method).filter(|m| m.to_ascii_lowercase() == method),
    };
    let wanted = verb.is_some() || matches!(method, "route" | "use" | "prefix");
    if !wanted {
        return;
    }
    let args = reader.args(at + 3);
    if verb.is_some() && args.len() < 2 {
        return;
    }
    let Some(router) = receiver(facts, name, scope, stack, line) else {
        return;
    };
    match (verb, method) {
        (Some(verb), _) => {
            let paths = reader.value(args[0]);
            let handler = handler_name(reader, *args.last().unwrap_or(&args[0]));
            for path in paths.exprs() {
                let (line, column) = reader.pos(at);
                facts.routes.push(Route {
                    router,
                    methods: vec![verb.to_string()],
                    path: path.clone(),
                    handler: handler.clone(),
                    line,
                    column,
                    info: OpInfo::default(),
                });
            }
        }
        (None, "route") => {
            // `router.route('/x').get(h).post(h)`.
            let Some(path) = args.first().and_then(|&r| reader.expr(r)) else {
                return;
            };
            let mut k = src.after_group(at + 3);
            while src.is(k, ".") && src.kind(k + 1) == Some(Kind::Ident) && src.is(k + 2, "(") {
                let chained = src.text(k + 1);
                let verb = if chained == "all" {
                    Some("ANY")
                } else {
                    http_method(chained).filter(|m| m.to_ascii_lowercase() == chained)
                };
                if let Some(verb) = verb {
                    let chained_args = reader.args(k + 2);
                    let handler = chained_args
                        .last()
                        .map(|&r| handler_name(reader, r))
                        .unwrap_or_default();
                    let (line, column) = reader.pos(k + 1);
                    facts.routes.push(Route {
                        router,
                        methods: vec![verb.to_string()],
                        path: path.clone(),
                        handler,
                        line,
                        column,
                        info: OpInfo::default(),
                    });
                }
                k = src.after_group(k + 2);
            }
        }
        (None, "prefix") => {
            if let Some(prefix) = args.first().and_then(|&r| reader.expr(r)) {
                facts.routers[router].prefix = prefix;
            }
        }
        (None, _) => {
            // `app.use('/prefix', a, b, router)`, `app.use(router.routes())`.
            // The first argument is a path when it is a string expression that is not itself a
            // router (`'/api'`, `API + '/accounts'`, `BASE`).
            let is_path = |range: (usize, usize)| {
                if src.kind(range.0) == Some(Kind::Str) || matches!(reader.value(range), Value::List(_)) {
                    return true;
                }
                match reader.expr(range) {
                    Some(expr) if expr.0.iter().any(|p| matches!(p, super::facts::Piece::Lit(_))) => true,
                    Some(expr) => {
                        range.1 == range.0 + 1
                            && expr.name().is_some_and(|n| {
                                find_router(facts, n, scope).is_none()
                                    && !facts.imports.iter().any(|i| i.alias == n)
                            })
                    }
                    None => false,
                }
            };
            let (prefix, rest) = match args.first() {
                Some(&first) if is_path(first) => (reader.expr(first).unwrap_or_default(), &args[1..]),
                _ => (Expr::default(), &args[..]),
            };
            for &arg in rest {
                if let Some(child) = child(reader, arg, scope, facts) {
                    facts.mounts.push(Mount {
                        parent: router,
                        prefix: prefix.clone(),
                        child,
                        line,
                        replaces: false,
                    });
                }
            }
        }
    }
}

/// What a mounted argument names: a router of this file, an imported one, `require('./x')`.
fn child(reader: &Reader<'_>, (start, end): (usize, usize), scope: &str, facts: &FileFacts) -> Option<Child> {
    let src = reader.src;
    if let Some(module) = required(reader, start) {
        let after = src.after_group(start + 1);
        // `require('./x').router`
        let name = if src.is(after, ".") {
            src.text(after + 1).to_string()
        } else {
            "default".to_string()
        };
        return module.starts_with('.').then_some(Child::Import { module, name });
    }
    let mut parts = Vec::new();
    let mut k = start;
    while k < end && src.kind(k) == Some(Kind::Ident) {
        parts.push(src.text(k));
        if src.is(k + 1, ".") {
            k += 2;
        } else {
            break;
        }
    }
    // Koa: `router.routes()`, `router.middleware()`.
    if parts.len() >= 2 && matches!(*parts.last()?, "routes" | "middleware" | "allowedMethods") {
        if *parts.last()? == "allowedMethods" {
            return None;
        }
        parts.pop();
    }
    let name = parts.join(".");
    let head = *parts.first()?;
    if parts.len() == 1 {
        if let Some(r) = find_router(facts, head, scope) {
            return Some(Child::Local(r));
        }
    }
    let import = facts.imports.iter().find(|i| i.alias == head)?;
    if !import.path.starts_with('.') {
        return None;
    }
    let member = if parts.len() > 1 {
        parts[1].to_string()
    } else if import.member.is_empty() {
        "default".to_string()
    } else {
        import.member.clone()
    };
    let _ = name;
    Some(Child::Import {
        module: import.path.clone(),
        name: member,
    })
}

/// `routes(app)`, `require('./routes')(app)`, `registerUsers(router, deps)`: every argument that
/// is a router is passed to the function's router parameter at that position.
fn router_arguments(reader: &Reader<'_>, at: usize, scope: &str, facts: &mut FileFacts) {
    let src = reader.src;
    let (open, callee) = if let Some(module) = required(reader, at) {
        let after = src.after_group(at + 1);
        if !src.is(after, "(") || !module.starts_with('.') {
            return;
        }
        (
            after,
            Child::Import {
                module,
                name: "default".into(),
            },
        )
    } else {
        let name = src.text(at);
        if matches!(
            name,
            "require" | "function" | "if" | "for" | "while" | "switch" | "catch" | "return"
        ) {
            return;
        }
        (
            at + 1,
            Child::Call {
                qualifier: None,
                function: name.to_string(),
                index: 0,
            },
        )
    };
    let args = reader.args(open);
    for (position, &(s, e)) in args.iter().enumerate() {
        if e != s + 1 {
            continue;
        }
        let Some(arg) = src.ident(s) else { continue };
        let Some(router) = find_router(facts, arg, scope) else {
            continue;
        };
        let child = match &callee {
            Child::Call { function, .. } => match facts.imports.iter().find(|i| &i.alias == function) {
                Some(import) if import.path.starts_with('.') => Child::Import {
                    module: import.path.clone(),
                    name: if import.member.is_empty() {
                        "default".into()
                    } else {
                        import.member.clone()
                    },
                },
                Some(_) => continue,
                None => Child::Call {
                    qualifier: None,
                    function: function.clone(),
                    index: position,
                },
            },
            other => other.clone(),
        };
        facts.mounts.push(Mount {
            parent: router,
            prefix: Expr::default(),
            child,
            line: reader.line(at),
            replaces: false,
        });
    }
}

fn handler_name(reader: &Reader<'_>, (start, end): (usize, usize)) -> String {
    let src = reader.src;
    if src.kind(start) == Some(Kind::Ident) && !matches!(src.text(start), "async" | "function") {
        let mut text = String::new();
        let mut k = start;
        while k < end && (src.kind(k) == Some(Kind::Ident) || src.is(k, ".")) {
            text.push_str(src.text(k));
            k += 1;
        }
        if k == end || src.is(k, "(") {
            return text;
        }
    }
    "<anonymous>".to_string()
}

/// `module.exports = router`, `module.exports = { a, b }`, `exports.x = y`,
/// `export default router`, `export { a as b }`, `export const router = ...`.
fn export(reader: &Reader<'_>, at: usize, scope: &str, facts: &mut FileFacts) {
    let src = reader.src;
    if !scope.is_empty() {
        return;
    }
    let (name, value) =
        if src.is_ident(at, "module") && src.is(at + 1, ".") && src.is_ident(at + 2, "exports") {
            if src.is(at + 3, "=") {
                ("default".to_string(), at + 4)
            } else if src.is(at + 3, ".") && src.is(at + 5, "=") {
                (src.text(at + 4).to_string(), at + 6)
            } else {
                return;
            }
        } else if src.is_ident(at, "exports") && src.is(at + 1, ".") && src.is(at + 3, "=") {
            (src.text(at + 2).to_string(), at + 4)
        } else if src.is_ident(at, "export") {
            if src.is_ident(at + 1, "default") {
                ("default".to_string(), at + 2)
            } else if src.is(at + 1, "{") {
                for (s, e) in reader.args(at + 1) {
                    let local = src.text(s);
                    let exported = if e > s + 2 && src.is_ident(s + 1, "as") {
                        src.text(s + 2)
                    } else {
                        local
                    };
                    export_local(facts, exported, local);
                }
                return;
            } else if matches!(src.ident(at + 1), Some("const" | "let" | "var")) {
                // `export const router = Router()` is read as a declaration; export it by name.
                let name = src.text(at + 2).to_string();
                declaration(reader, at + 1, scope, facts);
                export_local(facts, &name, &name);
                return;
            } else if src.is_ident(at + 1, "function") {
                let name = src.text(at + 2).to_string();
                export_function(facts, &name, &name);
                return;
            } else {
                return;
            }
        } else {
            return;
        };
    if src.is(value, "{") {
        for (s, e) in reader.args(value) {
            let exported = src.text(s);
            let local = if e > s + 2 && src.is(s + 1, ":") {
                src.text(s + 2)
            } else {
                exported
            };
            export_local(facts, exported, local);
        }
        return;
    }
    if let Some(local) = src.ident(value) {
        if !matches!(local, "function" | "async" | "class" | "new")
            && (src.is(value + 1, ";") || src.line_start(value + 1) || value + 1 >= src.len())
        {
            export_local(facts, &name, local);
            export_function(facts, &name, local);
        }
    }
}

fn export_local(facts: &mut FileFacts, exported: &str, local: &str) {
    if let Some(router) = find_router(facts, local, "") {
        facts.exports.push((exported.to_string(), router));
    } else {
        // A function exported by name: its router parameters (created when used) are found
        // by the function name at resolution.
        export_function(facts, exported, local);
    }
}

fn export_function(facts: &mut FileFacts, exported: &str, local: &str) {
    let params: Vec<usize> = facts
        .routers
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(&r.kind, RouterKind::Param { function, .. } if function == local))
        .map(|(i, _)| i)
        .collect();
    for router in params {
        if !facts.exports.contains(&(exported.to_string(), router)) {
            facts.exports.push((exported.to_string(), router));
        }
    }
}

/// A class (NestJS controllers and DTOs): decorators, methods with their decorators and
/// parameters, property names. Returns the index after the class body.
fn class(reader: &Reader<'_>, at: usize, annotations: Vec<Annotation>, facts: &mut FileFacts) -> usize {
    let src = reader.src;
    let name = src.text(at + 1).to_string();
    let (line, column) = reader.pos(at);
    let mut supers = Vec::new();
    let mut k = at + 2;
    while k < src.len() && !src.is(k, "{") {
        if matches!(src.ident(k.wrapping_sub(1)), Some("extends" | "implements"))
            || (src.is(k.wrapping_sub(1), ",") && !supers.is_empty())
        {
            if let Some(t) = src.ident(k) {
                supers.push(t.to_string());
            }
        }
        k += 1;
    }
    let Some(close) = src.partner(k) else { return k + 1 };
    let mut class = Class {
        name,
        outer: Vec::new(),
        kind: ClassKind::Class,
        line,
        column,
        annotations,
        supers,
        methods: Vec::new(),
        fields: Vec::new(),
        attributes: Vec::new(),
    };
    let mut decorators = Vec::new();
    let mut i = k + 1;
    while i < close {
        if src.is(i, "@") {
            if let Some((annotation, next)) = reader.annotation(i) {
                decorators.push(annotation);
                i = next;
                continue;
            }
        }
        let Some(word) = src.ident(i) else {
            i = if src.is(i, "{") || src.is(i, "(") || src.is(i, "[") {
                src.after_group(i)
            } else {
                i + 1
            };
            decorators.clear();
            continue;
        };
        if matches!(
            word,
            "public"
                | "private"
                | "protected"
                | "static"
                | "async"
                | "readonly"
                | "override"
                | "abstract"
                | "get"
                | "set"
                | "declare"
        ) && src.kind(i + 1) == Some(Kind::Ident)
        {
            i += 1;
            continue;
        }
        if src.is(i + 1, "(") || (src.is(i + 1, "<")) {
            let open = (i + 1..close).find(|&t| src.is(t, "(")).unwrap_or(close);
            let params = params(reader, open);
            let mut returns = Vec::new();
            let mut t = src.after_group(open);
            if src.is(t, ":") {
                t += 1;
                while t < close && !src.is(t, "{") && !src.is(t, ";") {
                    if let Some(ident) = src.ident(t) {
                        returns.push(ident.to_string());
                    }
                    t += 1;
                }
            }
            let (line, column) = reader.pos(i);
            class.methods.push(Method {
                name: word.to_string(),
                line,
                column,
                annotations: std::mem::take(&mut decorators),
                params,
                returns,
            });
            while t < close && !src.is(t, "{") && !src.is(t, ";") {
                t += 1;
            }
            i = if src.is(t, "{") { src.after_group(t) } else { t + 1 };
            continue;
        }
        // A property: `name: Type;`, `name?: Type`, `name = value;`.
        if word != "constructor"
            && (src.is(i + 1, ":")
                || src.is(i + 1, "?")
                || src.is(i + 1, "=")
                || src.is(i + 1, ";")
                || src.is(i + 1, "!"))
        {
            class.fields.push(word.to_string());
        }
        decorators.clear();
        // To the end of the member.
        let mut t = i + 1;
        while t < close && !src.is(t, ";") && !src.line_start(t) {
            t = if src.is(t, "{") || src.is(t, "(") || src.is(t, "[") {
                src.after_group(t)
            } else {
                t + 1
            };
        }
        i = t.max(i + 1);
    }
    facts.classes.push(class);
    close + 1
}

fn params(reader: &Reader<'_>, open: usize) -> Vec<Param> {
    let src = reader.src;
    let mut out = Vec::new();
    for (s, e) in reader.args(open) {
        let mut annotations = Vec::new();
        let mut k = s;
        while src.is(k, "@") {
            match reader.annotation(k) {
                Some((annotation, next)) => {
                    annotations.push(annotation);
                    k = next;
                }
                None => break,
            }
        }
        while matches!(
            src.ident(k),
            Some("public" | "private" | "protected" | "readonly")
        ) {
            k += 1;
        }
        let name = src.ident(k).unwrap_or("").to_string();
        let ty = (k + 1..e)
            .filter_map(|t| src.ident(t))
            .map(str::to_string)
            .collect();
        out.push(Param {
            name,
            annotations,
            ty,
        });
    }
    out
}

/// NestJS controllers: the class path (`@Controller('cats')`, `@Controller({ path })`) joined
/// with each handler's (`@Get(':id')`, `@Post()`, `@All()`).
pub fn resolve_nest(index: &mut Index, out: &mut Vec<Found>) {
    for file in 0..index.files.len() {
        if index.files[file].dialect != Some(crate::parse::code::Dialect::Js) {
            continue;
        }
        for c in 0..index.files[file].classes.len() {
            let class = index.files[file].classes[c].clone();
            let Some(controller) = class.annotation("Controller") else {
                continue;
            };
            let prefixes: Vec<Expr> = match controller.value() {
                Some(value @ Value::Object(_)) => value
                    .get("path")
                    .map(|v| v.exprs().into_iter().cloned().collect())
                    .unwrap_or_default(),
                Some(value) => value.exprs().into_iter().cloned().collect(),
                None => Vec::new(),
            };
            let prefixes = if prefixes.is_empty() {
                vec![Expr::default()]
            } else {
                prefixes
            };
            let mut class_info = OpInfo::default();
            for annotation in &class.annotations {
                nest_info(annotation, &mut class_info);
            }
            for method in &class.methods {
                let Some((annotation, verb)) = method.annotations.iter().find_map(|a| {
                    let verb = if a.name == "All" {
                        Some("ANY")
                    } else {
                        http_method(&a.name).filter(|_| {
                            a.name.len() > 1 && a.name[1..].chars().all(|c| c.is_ascii_lowercase())
                        })
                    };
                    verb.map(|v| (a, v))
                }) else {
                    continue;
                };
                let paths: Vec<Expr> = annotation
                    .value()
                    .map(|v| v.exprs().into_iter().cloned().collect())
                    .unwrap_or_default();
                let paths = if paths.is_empty() {
                    vec![Expr::default()]
                } else {
                    paths
                };
                let mut info = OpInfo::default();
                for a in &method.annotations {
                    nest_info(a, &mut info);
                }
                for param in &method.params {
                    for a in &param.annotations {
                        match a.name.as_str() {
                            "Body" => info.request_type = super::spring::body_type(&param.ty),
                            "Query" => {
                                if let Some(name) = a.value().and_then(|v| v.text()) {
                                    info.query.push(name);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                info.response_type = super::spring::body_type(&method.returns);
                merge(&mut info, &class_info);
                for prefix in &prefixes {
                    for path in &paths {
                        let prefix = index.eval(prefix, file, None);
                        let own = index.eval(path, file, None);
                        out.push(Found {
                            methods: vec![verb.to_string()],
                            path: super::paths::join_resolved(&[&prefix, &own]),
                            file,
                            line: annotation.line,
                            column: annotation.column,
                            handler: format!("{}.{}", class.name, method.name),
                            framework: "nestjs",
                            context: ContextKind::Nest,
                            owner: Some((file, c)),
                            info: info.clone(),
                        });
                    }
                }
            }
        }
    }
}

/// `@ApiOperation({ summary })`, `@ApiTags('x')`, `@UseGuards(AuthGuard('jwt'))`, `@Roles(...)`,
/// `@ApiBearerAuth()`, `@Deprecated`/`@ApiOperation({ deprecated: true })`.
fn nest_info(annotation: &Annotation, info: &mut OpInfo) {
    match annotation.name.as_str() {
        "ApiOperation" => {
            if let Some(value) = annotation.value() {
                if let Some(summary) = value.get("summary").and_then(|v| v.text()) {
                    info.summary.get_or_insert(summary);
                }
                if let Some(id) = value.get("operationId").and_then(|v| v.text()) {
                    info.operation_id.get_or_insert(id);
                }
                if value.get("deprecated").and_then(|v| v.as_bool()) == Some(true) {
                    info.deprecated = true;
                }
            }
        }
        "ApiTags" => {
            for value in annotation.args.iter().map(|(_, v)| v) {
                info.tags.extend(value.exprs().iter().filter_map(|e| e.literal()));
            }
        }
        "UseGuards" | "Roles" | "ApiBearerAuth" | "ApiSecurity" | "Public" => {
            let label = format!("@{}", annotation.name);
            if !info.security.contains(&label) {
                info.security.push(label);
            }
        }
        _ => {}
    }
}
