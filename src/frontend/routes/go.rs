//! Go: net/http (`http.HandleFunc`, `mux.Handle`, Go 1.22 `"GET /items/{id}"` patterns),
//! gin and echo (`r.GET`, `r.Any`, `r.Handle`, `e.Match`, `r.Group("/v1")`), chi (`r.Get`,
//! `r.Method`, `r.Route("/x", func(r chi.Router) {...})`, `r.Group(func(r chi.Router))`,
//! `r.Mount("/x", sub)`), gorilla/mux (`r.HandleFunc(p, h).Methods("GET")`,
//! `r.PathPrefix("/x").Subrouter()`) and go-zero's generated `routes.go`
//! (`server.AddRoutes([]rest.Route{...}, rest.WithPrefix("/v1"))`).
//!
//! Routers are variables created by the frameworks' constructors or groups, or function
//! parameters typed as routers (`func Register(r *gin.RouterGroup)`) that receive whatever
//! router the function is called with; a function that builds and returns a router
//! (`func Routes() chi.Router`) is mounted where it is called.

use super::facts::{
    Child, Constant, DirectRoute, Expr, FileFacts, Import, Mount, OpInfo, Piece, Route, Router, RouterKind,
};
use super::syntax::{http_method, Reader};
use crate::parse::code::Kind;

/// Router types of parameters, by package and type name.
fn router_type(package: &str, name: &str) -> Option<&'static str> {
    Some(match (package, name) {
        ("gin", "Engine" | "RouterGroup" | "IRouter" | "IRoutes") => "gin",
        ("echo", "Echo" | "Group") => "echo",
        ("chi", "Router" | "Mux") => "chi",
        ("mux", "Router") => "gorilla-mux",
        ("http", "ServeMux") => "net/http",
        _ => return None,
    })
}

/// Constructors: (package, function) -> framework.
fn constructor(package: &str, name: &str) -> Option<&'static str> {
    Some(match (package, name) {
        ("gin", "Default" | "New") => "gin",
        ("echo", "New") => "echo",
        ("chi", "NewRouter" | "NewMux") => "chi",
        ("mux", "NewRouter") => "gorilla-mux",
        ("http", "NewServeMux") => "net/http",
        _ => return None,
    })
}

struct Func {
    name: String,
    close: usize,
}

pub fn read(reader: &Reader<'_>, facts: &mut FileFacts) {
    let src = reader.src;
    let mut stack: Vec<Func> = Vec::new();
    let mut i = 0;
    while i < src.len() {
        while stack.last().is_some_and(|f| f.close <= i) {
            stack.pop();
        }
        let scope = stack.last().map(|f| f.name.clone()).unwrap_or_default();
        match src.ident(i) {
            Some("package") if stack.is_empty() => {
                facts.package = src.text(i + 1).to_string();
                i += 2;
                continue;
            }
            Some("import") if stack.is_empty() => {
                i = import(reader, i + 1, facts);
                continue;
            }
            Some("const" | "var") if stack.is_empty() => {
                i = constants(reader, i + 1, facts);
                continue;
            }
            Some("func") if stack.is_empty() => {
                if let Some((name, body, next)) = function(reader, i, facts) {
                    stack.push(Func {
                        name,
                        close: src.partner(body).unwrap_or(src.len()),
                    });
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        if src.kind(i) == Some(Kind::Ident) && !src.is(i.wrapping_sub(1), ".") {
            if src.is(i + 1, ":") && src.is(i + 2, "=") || (src.is(i + 1, "=") && !src.is(i + 2, "=")) {
                let value = if src.is(i + 1, ":") { i + 3 } else { i + 2 };
                assignment(reader, src.text(i), value, &scope, facts);
            } else if src.is(i + 1, ".") {
                if let Some(closure) = call(reader, i, &scope, facts) {
                    stack.push(closure);
                }
            }
            if !facts.routers.is_empty()
                && (src.is(i + 1, "(")
                    || (src.is(i + 1, ".") && src.kind(i + 2) == Some(Kind::Ident) && src.is(i + 3, "(")))
            {
                router_arguments(reader, i, &scope, facts);
            }
            if src.is_ident(i, "return") {
                // `return r` in a function that builds a router: the function exports it.
                if let Some(name) = src.ident(i + 1) {
                    if let Some(router) = find(facts, name, &scope) {
                        if !scope.is_empty() && !facts.exports.contains(&(scope.clone(), router)) {
                            facts.exports.push((scope.clone(), router));
                        }
                    }
                }
            }
        }
        i += 1;
    }
}

fn import(reader: &Reader<'_>, at: usize, facts: &mut FileFacts) -> usize {
    let src = reader.src;
    let (start, end) = if src.is(at, "(") {
        (at + 1, src.partner(at).unwrap_or(at))
    } else if src.kind(at) == Some(Kind::Str) {
        (at, at + 1)
    } else {
        // `import alias "path"`
        (at, at + 2)
    };
    let mut i = start;
    while i < end.min(src.len()) {
        let alias = src.ident(i).map(str::to_string);
        let at_path = if alias.is_some() || src.is(i, ".") {
            i + 1
        } else {
            i
        };
        if let Some(path) = src.string(at_path).and_then(|l| l.plain()) {
            let alias = alias.unwrap_or_else(|| {
                let last = path.rsplit('/').next().unwrap_or(&path);
                // `gopkg.in/yaml.v3`, `github.com/go-chi/chi/v5`.
                if last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit()) {
                    path.rsplit('/').nth(1).unwrap_or(last).to_string()
                } else {
                    last.split('.').next().unwrap_or(last).to_string()
                }
            });
            facts.imports.push(Import {
                alias,
                path,
                member: String::new(),
            });
            i = at_path + 1;
        } else {
            i += 1;
        }
    }
    if src.is(at, "(") {
        end + 1
    } else {
        i
    }
}

/// `const Prefix = "/api"`, `const ( A = "/a"; B = A + "/b" )`, `var base = "/v1"`.
fn constants(reader: &Reader<'_>, at: usize, facts: &mut FileFacts) -> usize {
    let src = reader.src;
    let (start, end, next) = if src.is(at, "(") {
        let close = src.partner(at).unwrap_or(at);
        (at + 1, close, close + 1)
    } else {
        let mut end = at;
        while end < src.len() && !(end > at && src.line_start(end)) {
            end += 1;
        }
        (at, end, end)
    };
    let mut i = start;
    while i < end {
        if src.kind(i) == Some(Kind::Ident) && src.line_start(i) || i == start {
            let name = src.text(i).to_string();
            let mut eq = i + 1;
            while eq < end && !src.is(eq, "=") && !src.line_start(eq) {
                eq += 1;
            }
            if src.is(eq, "=") {
                let mut stop = eq + 1;
                while stop < end && !src.line_start(stop) {
                    stop += 1;
                }
                if let Some(value) = reader.expr((eq + 1, stop)) {
                    if value.0.iter().any(|p| matches!(p, Piece::Lit(_))) {
                        facts.constants.push(Constant {
                            owner: String::new(),
                            name,
                            value,
                        });
                    }
                }
                i = stop;
                continue;
            }
        }
        i += 1;
    }
    next
}

/// A top-level `func`: its name, the index of its body's `{`, and where to continue reading
/// (inside the body). Parameters typed as routers become parameter routers.
fn function(reader: &Reader<'_>, at: usize, facts: &mut FileFacts) -> Option<(String, usize, usize)> {
    let src = reader.src;
    let mut i = at + 1;
    // A method: `func (h *Handler) Register(...)`.
    if src.is(i, "(") {
        i = src.after_group(i);
    }
    let name = src.ident(i)?.to_string();
    i += 1;
    // Type parameters.
    if src.is(i, "[") {
        i = src.after_group(i);
    }
    if !src.is(i, "(") {
        return None;
    }
    let params = i;
    let line = reader.line(at);
    // Group parameters that share a type (`a, b *gin.RouterGroup`).
    let args = reader.args(params);
    let mut pending: Vec<(usize, String)> = Vec::new();
    for (index, (s, e)) in args.iter().copied().enumerate() {
        let Some(param) = src.ident(s).map(str::to_string) else {
            continue;
        };
        pending.push((index, param));
        if e == s + 1 {
            continue;
        }
        // The type: `*pkg.Name` or `pkg.Name`.
        let mut t = s + 1;
        while src.is(t, "*") {
            t += 1;
        }
        let framework = match (src.ident(t), src.is(t + 1, "."), src.ident(t + 2)) {
            (Some(package), true, Some(ty)) => router_type(package, ty),
            _ => None,
        };
        if let Some(framework) = framework {
            for (index, param) in pending.drain(..) {
                facts.routers.push(Router {
                    kind: RouterKind::Param {
                        function: name.clone(),
                        index,
                    },
                    scope: name.clone(),
                    name: param,
                    prefix: Expr::default(),
                    framework,
                    line,
                    alias: None,
                });
            }
        }
        pending.clear();
    }
    i = src.after_group(params);
    // Results, then the body.
    while i < src.len() && !src.is(i, "{") {
        if src.is(i, "(") {
            i = src.after_group(i);
            continue;
        }
        if src.line_start(i) {
            return None;
        }
        i += 1;
    }
    src.is(i, "{").then(|| (name, i, i + 1))
}

/// The router a name means in `scope` (`main#12` is a closure inside `main`): the innermost
/// scope that has one, then file level.
fn find(facts: &FileFacts, name: &str, scope: &str) -> Option<usize> {
    let mut scope = scope;
    loop {
        if let Some(found) = facts
            .routers
            .iter()
            .rposition(|r| r.name == name && r.scope == scope)
        {
            return Some(found);
        }
        match scope.rsplit_once('#') {
            Some((outer, _)) => scope = outer,
            None if !scope.is_empty() => scope = "",
            None => return None,
        }
    }
}

/// The router a receiver names; `http` is the default ServeMux.
fn receiver(facts: &mut FileFacts, name: &str, scope: &str, line: u32) -> Option<usize> {
    if let Some(found) = find(facts, name, scope) {
        return Some(found);
    }
    let is_http = name == "http" && facts.imports.iter().any(|i| i.path == "net/http");
    if !is_http {
        return None;
    }
    facts.routers.push(Router {
        kind: RouterKind::App,
        scope: String::new(),
        name: "http".into(),
        prefix: Expr::default(),
        framework: "net/http",
        line,
        alias: None,
    });
    Some(facts.routers.len() - 1)
}

/// `r := gin.Default()`, `v1 := r.Group("/v1")`, `s := r.PathPrefix("/api").Subrouter()`.
fn assignment(reader: &Reader<'_>, name: &str, value: usize, scope: &str, facts: &mut FileFacts) {
    let src = reader.src;
    let line = reader.line(value);
    let (Some(head), true, Some(method)) = (src.ident(value), src.is(value + 1, "."), src.ident(value + 2))
    else {
        return;
    };
    if !src.is(value + 3, "(") {
        return;
    }
    let head_package = facts.imports.iter().find(|i| i.alias == head).map(|i| {
        i.path
            .rsplit('/')
            .find(|s| !(s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())))
            .unwrap_or("")
            .to_string()
    });
    if let Some(package) = head_package.as_deref() {
        let package = match package {
            "gin" => "gin",
            "echo" | "v4" => "echo",
            "chi" => "chi",
            "mux" => "mux",
            "http" => "http",
            other => other,
        };
        if let Some(framework) = constructor(package, method).or_else(|| constructor(head, method)) {
            facts.routers.push(Router {
                kind: RouterKind::App,
                scope: scope.to_string(),
                name: name.to_string(),
                prefix: Expr::default(),
                framework,
                line,
                alias: None,
            });
            return;
        }
    }
    let Some(parent) = find(facts, head, scope) else {
        return;
    };
    let framework = facts.routers[parent].framework;
    let args = reader.args(value + 3);
    let prefix = match method {
        "Group" => args.first().and_then(|&r| reader.expr(r)),
        "PathPrefix" => {
            // `.PathPrefix("/api").Subrouter()`
            let after = src.after_group(value + 3);
            if src.is(after, ".") && src.is_ident(after + 1, "Subrouter") {
                args.first().and_then(|&r| reader.expr(r))
            } else {
                None
            }
        }
        _ => None,
    };
    let Some(prefix) = prefix else { return };
    facts.routers.push(Router {
        kind: RouterKind::Router,
        scope: scope.to_string(),
        name: name.to_string(),
        prefix: Expr::default(),
        framework,
        line,
        alias: None,
    });
    let child = facts.routers.len() - 1;
    facts.mounts.push(Mount {
        parent,
        prefix,
        child: Child::Local(child),
        line,
        replaces: false,
    });
}

/// A method name that registers a route with a fixed method (gin/echo upper case, chi
/// capitalised), or every method.
fn verb_of(method: &str) -> Option<&'static str> {
    if method == "Any" {
        return Some("ANY");
    }
    let verb = http_method(method)?;
    let capitalised = method.len() > 1 && method[1..].chars().all(|c| c.is_ascii_lowercase());
    (method == verb || capitalised).then_some(verb)
}

/// A call on a receiver at `at`: route registrations, chi `Route`/`Group`/`Mount`, go-zero
/// `AddRoutes`. Returns the scope of a chi closure whose parameter is a new router.
fn call(reader: &Reader<'_>, at: usize, scope: &str, facts: &mut FileFacts) -> Option<Func> {
    let src = reader.src;
    let name = src.text(at);
    let method = src.ident(at + 2)?;
    if !src.is(at + 3, "(") {
        return None;
    }
    let line = reader.line(at);
    if method == "AddRoutes" || method == "AddRoute" {
        go_zero(reader, at + 3, facts);
        return None;
    }
    let args = reader.args(at + 3);
    let router = receiver(facts, name, scope, line)?;
    let (line, column) = reader.pos(at);
    // net/http muxes register with `Handle`/`HandleFunc` only (`http.Get` is a client call).
    let plain_mux = facts.routers[router].framework == "net/http";
    let route = |facts: &mut FileFacts, methods: Vec<String>, path: Expr, handler: String| {
        facts.routes.push(Route {
            router,
            methods,
            path,
            handler,
            line,
            column,
            info: OpInfo::default(),
        });
    };
    let handler_at = |k: usize| args.get(k).map(|&r| handler_name(reader, r)).unwrap_or_default();
    if let Some(verb) = verb_of(method).filter(|_| !plain_mux) {
        if let Some(path) = args.first().and_then(|&r| reader.expr(r)) {
            let handler = args.last().map(|&r| handler_name(reader, r)).unwrap_or_default();
            route(facts, vec![verb.to_string()], path, handler);
        }
        return None;
    }
    match method {
        // gin `Handle("GET", path, h)`, chi `Method("GET", path, h)`, echo `Add("GET", path, h)`.
        "Method" | "MethodFunc" | "Add" if args.len() >= 3 => {
            let verb = args
                .first()
                .and_then(|&r| reader.expr(r))
                .and_then(|e| e.literal().or_else(|| e.name().map(str::to_string)));
            let verb = verb.as_deref().and_then(method_constant);
            if let (Some(verb), Some(path)) = (verb, reader.expr(args[1])) {
                route(facts, vec![verb.to_string()], path, handler_at(2));
            }
        }
        "Handle" if args.len() >= 3 && facts.routers[router].framework == "gin" => {
            let verb = reader.expr(args[0]).and_then(|e| e.literal());
            if let (Some(verb), Some(path)) =
                (verb.as_deref().and_then(method_constant), reader.expr(args[1]))
            {
                route(facts, vec![verb.to_string()], path, handler_at(2));
            }
        }
        // echo `Match([]string{"GET", "POST"}, path, h)`.
        "Match" if args.len() >= 3 => {
            // `"GET"` literals or `http.MethodGet` constants.
            let methods: Vec<String> = (args[0].0..args[0].1)
                .filter_map(|t| {
                    src.string(t).and_then(|l| l.plain()).or_else(|| {
                        src.ident(t)
                            .filter(|n| n.starts_with("Method"))
                            .map(str::to_string)
                    })
                })
                .filter_map(|m| method_constant(&m).map(str::to_string))
                .collect();
            if let Some(path) = reader.expr(args[1]) {
                route(facts, methods, path, handler_at(2));
            }
        }
        // net/http and gorilla `HandleFunc(pattern, h)` (`.Methods(...)` chained), chi
        // `Handle`/`HandleFunc`.
        "Handle" | "HandleFunc" if args.len() >= 2 => {
            let pattern = reader.expr(args[0])?;
            let (mut methods, path) = split_pattern(pattern);
            let after = src.after_group(at + 3);
            if src.is(after, ".") && src.is_ident(after + 1, "Methods") && src.is(after + 2, "(") {
                methods = reader
                    .args(after + 2)
                    .into_iter()
                    .filter_map(|r| reader.expr(r))
                    .filter_map(|e| e.literal().or_else(|| e.name().map(str::to_string)))
                    .filter_map(|m| method_constant(&m).map(str::to_string))
                    .collect();
            }
            if methods.is_empty() {
                methods.push("ANY".into());
            }
            route(facts, methods, path, handler_at(1));
        }
        // chi `Route("/x", func(r chi.Router) {...})` and `Group(func(r chi.Router) {...})`.
        "Route" | "Group" => {
            let (prefix, func_arg) = match (method, args.first(), args.get(1)) {
                ("Route", Some(&p), Some(&f)) => (reader.expr(p), f),
                ("Group", Some(&f), None) => (Some(Expr::default()), f),
                _ => return None,
            };
            let prefix = prefix?;
            if !src.is_ident(func_arg.0, "func") || !src.is(func_arg.0 + 1, "(") {
                return None;
            }
            let params = reader.args(func_arg.0 + 1);
            let param = params
                .first()
                .and_then(|&(s, _)| src.ident(s))
                .map(str::to_string)?;
            let closure_scope = format!("{scope}#{at}");
            let framework = facts.routers[router].framework;
            facts.routers.push(Router {
                kind: RouterKind::Router,
                scope: closure_scope.clone(),
                name: param,
                prefix: Expr::default(),
                framework,
                line,
                alias: None,
            });
            let child = facts.routers.len() - 1;
            facts.mounts.push(Mount {
                parent: router,
                prefix,
                child: Child::Local(child),
                line,
                replaces: false,
            });
            // The closure's body is a scope where the parameter is that router.
            let body = src.after_group(func_arg.0 + 1);
            let body = (body..func_arg.1).find(|&t| src.is(t, "{"))?;
            return Some(Func {
                name: closure_scope,
                close: src.partner(body).unwrap_or(func_arg.1),
            });
        }
        // chi `Mount("/x", sub)`, `Mount("/x", usersRouter())`, `Mount("/x", h.Routes())`.
        "Mount" if args.len() == 2 => {
            let prefix = reader.expr(args[0])?;
            let (s, e) = args[1];
            let child = if e == s + 1 {
                src.ident(s).and_then(|n| find(facts, n, scope)).map(Child::Local)
            } else if src.kind(s) == Some(Kind::Ident) && src.is(e - 1, ")") {
                // A call that returns a router.
                let open = src.partner(e - 1).unwrap_or(s);
                let function = src.ident(open.wrapping_sub(1)).map(str::to_string);
                let qualifier =
                    (open >= s + 3 && src.is(open - 2, ".")).then(|| src.text(open - 3).to_string());
                function.map(|function| Child::Call {
                    qualifier,
                    function,
                    index: usize::MAX,
                })
            } else {
                None
            };
            if let Some(child) = child {
                facts.mounts.push(Mount {
                    parent: router,
                    prefix,
                    child,
                    line,
                    replaces: false,
                });
            }
        }
        _ => {}
    }
    None
}

/// `http.MethodGet`, `"GET"`, `MethodPost` -> the method.
fn method_constant(text: &str) -> Option<&'static str> {
    let text = text.strip_prefix("Method").unwrap_or(text);
    http_method(text)
}

/// A net/http pattern: `"GET /items/{id}"` (Go 1.22), `"example.com/path"` (a host), `"/path"`.
fn split_pattern(pattern: Expr) -> (Vec<String>, Expr) {
    let mut pieces = pattern.0;
    let mut methods = Vec::new();
    if let Some(Piece::Lit(first)) = pieces.first_mut() {
        if let Some((verb, rest)) = first.split_once(' ') {
            if let Some(method) = http_method(verb.trim()).filter(|m| *m == verb.trim()) {
                methods.push(method.to_string());
                *first = rest.trim_start().to_string();
            }
        }
        if !first.starts_with('/') {
            if let Some(slash) = first.find('/') {
                if first[..slash].contains('.') {
                    *first = first[slash..].to_string();
                }
            }
        }
    }
    (methods, Expr(pieces))
}

fn handler_name(reader: &Reader<'_>, (start, end): (usize, usize)) -> String {
    let src = reader.src;
    let mut text = String::new();
    let mut k = start;
    while k < end && (src.kind(k) == Some(Kind::Ident) || src.is(k, ".")) {
        text.push_str(src.text(k));
        k += 1;
    }
    if text.is_empty() || text == "func" {
        "<anonymous>".to_string()
    } else {
        text
    }
}

/// `routes.Register(v1)`, `RegisterUser(r, svc)`, `h.Routes(api)`: every router argument is
/// passed to the function's router parameter at its position.
fn router_arguments(reader: &Reader<'_>, at: usize, scope: &str, facts: &mut FileFacts) {
    let src = reader.src;
    let (qualifier, function, open) = if src.is(at + 1, "(") {
        (None, src.text(at).to_string(), at + 1)
    } else {
        (
            Some(src.text(at).to_string()),
            src.text(at + 2).to_string(),
            at + 3,
        )
    };
    if matches!(
        function.as_str(),
        "func" | "if" | "for" | "switch" | "return" | "make" | "append" | "len"
    ) {
        return;
    }
    for (position, (s, e)) in reader.args(open).into_iter().enumerate() {
        if e != s + 1 {
            continue;
        }
        let Some(arg) = src.ident(s) else { continue };
        let Some(router) = find(facts, arg, scope) else {
            continue;
        };
        facts.mounts.push(Mount {
            parent: router,
            prefix: Expr::default(),
            child: Child::Call {
                qualifier: qualifier.clone(),
                function: function.clone(),
                index: position,
            },
            line: reader.line(at),
            replaces: false,
        });
    }
}

/// go-zero's generated registration: `server.AddRoutes([]rest.Route{{Method: http.MethodGet,
/// Path: "/x", Handler: h}, ...}, rest.WithPrefix("/v1"))`.
fn go_zero(reader: &Reader<'_>, open: usize, facts: &mut FileFacts) {
    let src = reader.src;
    let args = reader.args(open);
    let mut prefix = Expr::default();
    for &(s, e) in args.iter().skip(1) {
        for t in s..e {
            if src.is_ident(t, "WithPrefix") && src.is(t + 1, "(") {
                if let Some(p) = reader.args(t + 1).first().and_then(|&r| reader.expr(r)) {
                    prefix = p;
                }
            }
        }
    }
    let Some(&(s, e)) = args.first() else { return };
    // The elements: `{Method: ..., Path: ..., Handler: ...}` groups inside the slice literal.
    let mut t = s;
    while t < e {
        if src.is(t, "{") {
            let close = src.partner(t).unwrap_or(t);
            let fields = reader.args(t);
            let get = |key: &str| {
                fields
                    .iter()
                    .find(|&&(fs, _)| src.is_ident(fs, key) && src.is(fs + 1, ":"))
                    .map(|&(fs, fe)| (fs + 2, fe))
            };
            if let (Some(method), Some(path_range)) = (get("Method"), get("Path")) {
                // Reported at the `Path:` field.
                let (line, column) = reader.pos(path_range.0.saturating_sub(2));
                let path = path_range;
                let verb = reader
                    .expr(method)
                    .and_then(|e| e.literal().or_else(|| e.name().map(str::to_string)))
                    .and_then(|m| method_constant(&m).map(str::to_string));
                if let (Some(verb), Some(path)) = (verb, reader.expr(path)) {
                    let handler = get("Handler")
                        .map(|r| handler_name(reader, r))
                        .unwrap_or_default();
                    let mut full = prefix.clone();
                    full.0.extend(path.0);
                    facts.direct.push(DirectRoute {
                        methods: vec![verb],
                        path: full,
                        handler,
                        framework: "go-zero",
                        line,
                        column,
                        info: OpInfo::default(),
                        optional: false,
                        unless_dispatches: None,
                    });
                }
                t = close + 1;
                continue;
            }
        }
        t += 1;
    }
}
