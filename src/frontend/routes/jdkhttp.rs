//! The JDK's own HTTP server (`com.sun.net.httpserver`): handlers that dispatch by hand on the
//! request path. A path variable is read from the exchange (`exchange.getRequestURI().getPath()`,
//! `getRawPath()`), derived from another by cutting a prefix (`path.substring("/v2/".length())`),
//! or received as a parameter from a call that passes one (`api.handle(rest, exchange)`, across
//! files: resolved in `finish`). Each comparison of a path variable with a literal
//! (`path.equals("words")`, `"check".equals(path)`, `path.startsWith("/v2/stop")`, `case "x":`)
//! is a route: the variable's prefix plus the literal. A `startsWith` that only opens a prefix
//! (its branch cuts or passes the path on) and a branch that only fails (`throw`, `sendError`)
//! are not routes. The method is the one the branch, or a method it calls (two calls deep),
//! checks with `getRequestMethod()`, else every method. `createContext("/x", handler)` is a
//! route for a handler that does not dispatch.

use super::facts::{Constant, DirectRoute, Expr, FileFacts, OpInfo, Piece};
use super::syntax::{http_method, Reader};
use crate::parse::code::Kind;
use std::collections::HashMap;

/// Where dispatch-parameter prefixes are kept among the constants.
pub const DISPATCH: &str = "@dispatch";

struct Method {
    class: String,
    name: String,
    params: Vec<(String, String)>,
    open: usize,
    close: usize,
}

pub fn read(reader: &Reader<'_>, facts: &mut FileFacts) {
    let src = reader.src;
    let methods = methods(reader);
    let by_name: HashMap<&str, Vec<&Method>> = methods.iter().fold(HashMap::new(), |mut map, m| {
        map.entry(m.name.as_str()).or_default().push(m);
        map
    });
    for method in &methods {
        let mut vars: HashMap<String, Expr> = HashMap::new();
        let exchange = method.params.iter().any(|(_, ty)| ty.contains("HttpExchange"));
        for (index, (name, ty)) in method.params.iter().enumerate() {
            if ty == "String" {
                vars.insert(
                    name.clone(),
                    Expr(vec![Piece::Ref {
                        qualifier: Some(DISPATCH.to_string()),
                        name: format!("{}#{index}", method.name),
                    }]),
                );
            }
        }
        let mut i = method.open + 1;
        while i < method.close {
            // `v = <expr>;` / `String v = <expr>;`
            if src.kind(i) == Some(Kind::Ident) && src.is(i + 1, "=") && !src.is(i + 2, "=") {
                let end = statement_end(reader, i + 2, method.close);
                let name = src.text(i).to_string();
                let reads_path = (i + 2..end).any(|t| matches!(src.text(t), "getPath" | "getRawPath"))
                    && (exchange || (i + 2..end).any(|t| src.is_ident(t, "getRequestURI")));
                if reads_path {
                    vars.insert(name, Expr::lit(""));
                } else if let Some(derived) = derived(reader, i + 2, end, &vars) {
                    vars.insert(name, derived);
                } else if src.kind(i.wrapping_sub(1)) == Some(Kind::Ident) {
                    // A new local of another kind shadows a path variable of that name.
                    vars.remove(&name);
                }
                i = end;
                continue;
            }
            if let Some((var, literal, kind, at)) = comparison(reader, i, &vars) {
                let prefix = vars[&var].clone();
                if let Some(branch) = branch(reader, at, method.close) {
                    route(
                        reader, facts, method, &by_name, &prefix, &literal, kind, branch, at, &vars, &var,
                    );
                }
            }
            // `switch (path) { case "x": ... }`
            if src.is_ident(i, "switch") && src.is(i + 1, "(") && src.is(i + 3, ")") {
                if let Some(prefix) = src.ident(i + 2).and_then(|v| vars.get(v)).cloned() {
                    let var = src.text(i + 2).to_string();
                    cases(reader, facts, method, &by_name, &prefix, i + 4, &vars, &var);
                }
            }
            // A call that passes a path variable on.
            if src.kind(i) == Some(Kind::Ident) && src.is(i + 1, "(") && !src.is(i.wrapping_sub(1), "new") {
                for (position, (s, e)) in reader.args(i + 1).into_iter().enumerate() {
                    if e == s + 1 {
                        if let Some(prefix) = src.ident(s).and_then(|v| vars.get(v)) {
                            let name = format!("{}#{position}", src.text(i));
                            if !prefix
                                .0
                                .iter()
                                .any(|p| matches!(p, Piece::Ref { qualifier: Some(q), .. } if q == DISPATCH))
                                && !facts
                                    .constants
                                    .iter()
                                    .any(|c| c.owner == DISPATCH && c.name == name)
                            {
                                facts.constants.push(Constant {
                                    owner: DISPATCH.to_string(),
                                    name,
                                    value: prefix.clone(),
                                });
                            }
                        }
                    }
                }
            }
            i += 1;
        }
    }
    // `server.createContext("/x", new Handler())`: a route unless that handler dispatches.
    for i in 0..src.len() {
        if src.is_ident(i, "createContext") && src.is(i + 1, "(") {
            let args = reader.args(i + 1);
            let Some(path) = args
                .first()
                .and_then(|&r| reader.expr(r))
                .and_then(|e| e.literal())
            else {
                continue;
            };
            if path == "/" || path.is_empty() {
                continue;
            }
            let handler = args
                .get(1)
                .and_then(|&(s, e)| {
                    (s..e)
                        .find(|&t| src.is_ident(t, "new"))
                        .and_then(|t| src.ident(t + 1))
                })
                .unwrap_or("")
                .to_string();
            let (line, column) = reader.pos(i);
            facts.direct.push(DirectRoute {
                methods: vec!["ANY".into()],
                path: Expr::lit(path),
                handler: handler.clone(),
                framework: "jdk-httpserver",
                line,
                column,
                info: OpInfo::default(),
                optional: false,
                unless_dispatches: (!handler.is_empty()).then_some(handler),
            });
        }
    }
}

/// Methods with bodies: `Type name(params) [throws ...] {`, with their class.
fn methods(reader: &Reader<'_>) -> Vec<Method> {
    let src = reader.src;
    let mut out = Vec::new();
    let mut classes: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < src.len() {
        while classes.last().is_some_and(|(_, close)| *close <= i) {
            classes.pop();
        }
        if matches!(src.ident(i), Some("class" | "enum" | "record" | "interface"))
            && src.kind(i + 1) == Some(Kind::Ident)
        {
            if let Some(open) = (i + 2..src.len().min(i + 200)).find(|&t| src.is(t, "{")) {
                classes.push((
                    src.text(i + 1).to_string(),
                    src.partner(open).unwrap_or(src.len()),
                ));
                i = open + 1;
                continue;
            }
        }
        let is_call_keyword = matches!(
            src.text(i),
            "if" | "for"
                | "while"
                | "switch"
                | "catch"
                | "synchronized"
                | "return"
                | "new"
                | "throw"
                | "else"
                | "try"
        );
        if src.kind(i) == Some(Kind::Ident)
            && !is_call_keyword
            && src.is(i + 1, "(")
            && (src.kind(i.wrapping_sub(1)) == Some(Kind::Ident)
                || src.is(i.wrapping_sub(1), ">")
                || src.is(i.wrapping_sub(1), "]"))
            && !matches!(src.text(i.wrapping_sub(1)), "new" | "return" | "throw" | "else")
        {
            let after = src.after_group(i + 1);
            let mut body = after;
            if src.is_ident(body, "throws") {
                while body < src.len() && !src.is(body, "{") && !src.is(body, ";") {
                    body += 1;
                }
            }
            if src.is(body, "{") {
                let params = reader
                    .args(i + 1)
                    .into_iter()
                    .filter_map(|(s, e)| {
                        let idents: Vec<&str> = (s..e)
                            .filter_map(|t| src.ident(t))
                            .filter(|t| *t != "final")
                            .collect();
                        let (name, ty) = idents.split_last()?;
                        Some((name.to_string(), ty.last().copied().unwrap_or("").to_string()))
                    })
                    .collect();
                out.push(Method {
                    class: classes.last().map(|(c, _)| c.clone()).unwrap_or_default(),
                    name: src.text(i).to_string(),
                    params,
                    open: body,
                    close: src.partner(body).unwrap_or(src.len()),
                });
                i = body + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn statement_end(reader: &Reader<'_>, start: usize, limit: usize) -> usize {
    let src = reader.src;
    let mut j = start;
    while j < limit && !src.is(j, ";") {
        j = if matches!(src.text(j), "(" | "[" | "{") && src.kind(j) == Some(Kind::Punct) {
            src.after_group(j)
        } else {
            j + 1
        };
    }
    j
}

/// `w.substring("lit".length())`: a path variable cut by a literal prefix.
fn derived(reader: &Reader<'_>, start: usize, end: usize, vars: &HashMap<String, Expr>) -> Option<Expr> {
    let src = reader.src;
    let base = src.ident(start).and_then(|v| vars.get(v))?;
    if !(src.is(start + 1, ".") && src.is_ident(start + 2, "substring") && src.is(start + 3, "(")) {
        return None;
    }
    let cut = src.string(start + 4).and_then(|l| l.plain())?;
    if !(src.is(start + 5, ".") && src.is_ident(start + 6, "length")) || src.after_group(start + 3) != end {
        return None;
    }
    let mut out = base.clone();
    out.0.push(Piece::Lit(cut));
    Some(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Compare {
    Equals,
    StartsWith,
}

/// `v.equals("x")`, `v.equalsIgnoreCase("x")`, `"x".equals(v)`, `v.startsWith("x")` at `i`: the
/// variable, the literal, the comparison and where it is.
fn comparison(
    reader: &Reader<'_>,
    i: usize,
    vars: &HashMap<String, Expr>,
) -> Option<(String, String, Compare, usize)> {
    let src = reader.src;
    let kind = |name: &str| match name {
        "equals" | "equalsIgnoreCase" => Some(Compare::Equals),
        "startsWith" => Some(Compare::StartsWith),
        _ => None,
    };
    if let Some(var) = src.ident(i).filter(|v| vars.contains_key(*v)) {
        if src.is(i + 1, ".") && src.is(i + 3, "(") && src.is(i + 5, ")") {
            let compare = kind(src.text(i + 2))?;
            let literal = src.string(i + 4).and_then(|l| l.plain())?;
            return Some((var.to_string(), literal, compare, i));
        }
    }
    if src.kind(i) == Some(Kind::Str) && src.is(i + 1, ".") && src.is(i + 3, "(") && src.is(i + 5, ")") {
        let compare = kind(src.text(i + 2)).filter(|c| *c == Compare::Equals)?;
        let var = src.ident(i + 4).filter(|v| vars.contains_key(*v))?;
        let literal = src.string(i).and_then(|l| l.plain())?;
        return Some((var.to_string(), literal, compare, i));
    }
    None
}

/// The statements an `if` condition at `at` guards: (start, end) token range.
fn branch(reader: &Reader<'_>, at: usize, limit: usize) -> Option<(usize, usize)> {
    let src = reader.src;
    // The innermost `if (` group around the comparison.
    let mut k = at;
    while k > 0 {
        k -= 1;
        if src.is(k, "(") && src.partner(k).is_some_and(|p| p > at) && src.is_ident(k.wrapping_sub(1), "if") {
            let close = src.partner(k)?;
            let start = close + 1;
            if src.is(start, "{") {
                return Some((start + 1, src.partner(start).unwrap_or(limit)));
            }
            return Some((start, statement_end(reader, start, limit) + 1));
        }
        if src.is(k, "{") || src.is(k, ";") {
            return None;
        }
    }
    None
}

/// Whether a branch only fails: it starts with `throw`, or with a call that sends an error.
fn fails(reader: &Reader<'_>, (start, end): (usize, usize)) -> bool {
    let src = reader.src;
    if src.is_ident(start, "throw") {
        return true;
    }
    let first_call = (start..end).find(|&t| src.kind(t) == Some(Kind::Ident) && src.is(t + 1, "("));
    let ends_soon = (start..end).filter(|&t| src.is(t, ";")).count() <= 1;
    ends_soon && first_call.is_some_and(|t| src.text(t).contains("rror") || src.text(t).contains("NotFound"))
}

/// Whether a `startsWith` branch opens a prefix: it cuts the variable or passes it on.
fn opens_prefix(reader: &Reader<'_>, (start, end): (usize, usize), var: &str) -> bool {
    let src = reader.src;
    (start..end).any(|t| {
        (src.is_ident(t, var) && src.is(t + 1, ".") && src.is_ident(t + 2, "substring"))
            || (src.is_ident(t, var)
                && (src.is(t.wrapping_sub(1), "(") || src.is(t.wrapping_sub(1), ","))
                && !src.is(t + 1, "."))
    })
}

/// The method a branch restricts requests to, read from `getRequestMethod()` comparisons in it
/// or in the methods of the file it calls (two calls deep).
fn restriction(
    reader: &Reader<'_>,
    (start, end): (usize, usize),
    by_name: &HashMap<&str, Vec<&Method>>,
    depth: usize,
) -> Option<&'static str> {
    let src = reader.src;
    for t in start..end {
        if src.is_ident(t, "getRequestMethod") {
            // `x.getRequestMethod().equalsIgnoreCase("get")` or `"post".equalsIgnoreCase(x.getRequestMethod())`.
            for u in t.saturating_sub(6)..(t + 8).min(end) {
                if let Some(literal) = src.string(u).and_then(|l| l.plain()) {
                    if let Some(method) = http_method(&literal) {
                        return Some(method);
                    }
                }
            }
        }
    }
    if depth >= 2 {
        return None;
    }
    for t in start..end {
        if src.kind(t) == Some(Kind::Ident) && src.is(t + 1, "(") && !src.is(t.wrapping_sub(1), ".") {
            for callee in by_name.get(src.text(t)).into_iter().flatten() {
                if let Some(method) = restriction(reader, (callee.open, callee.close), by_name, depth + 1) {
                    return Some(method);
                }
            }
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn route(
    reader: &Reader<'_>,
    facts: &mut FileFacts,
    method: &Method,
    by_name: &HashMap<&str, Vec<&Method>>,
    prefix: &Expr,
    literal: &str,
    compare: Compare,
    branch: (usize, usize),
    at: usize,
    _vars: &HashMap<String, Expr>,
    var: &str,
) {
    if fails(reader, branch) {
        return;
    }
    if compare == Compare::StartsWith && (literal.ends_with('/') || opens_prefix(reader, branch, var)) {
        return;
    }
    let verb = restriction(reader, branch, by_name, 0).unwrap_or("ANY");
    let mut path = prefix.clone();
    path.0.push(Piece::Lit(literal.to_string()));
    let optional = prefix
        .0
        .iter()
        .any(|p| matches!(p, Piece::Ref { qualifier: Some(q), .. } if q == DISPATCH));
    let (line, column) = reader.pos(at);
    facts.direct.push(DirectRoute {
        methods: vec![verb.to_string()],
        path,
        handler: format!("{}.{}", method.class, method.name),
        framework: "jdk-httpserver",
        line,
        column,
        info: OpInfo::default(),
        optional,
        unless_dispatches: None,
    });
}

/// `case "x":` labels of a switch on a path variable, whose body opens at `open`.
#[allow(clippy::too_many_arguments)]
fn cases(
    reader: &Reader<'_>,
    facts: &mut FileFacts,
    method: &Method,
    by_name: &HashMap<&str, Vec<&Method>>,
    prefix: &Expr,
    open: usize,
    vars: &HashMap<String, Expr>,
    var: &str,
) {
    let src = reader.src;
    if !src.is(open, "{") {
        return;
    }
    let close = src.partner(open).unwrap_or(open);
    let labels: Vec<usize> = (open + 1..close)
        .filter(|&t| src.is_ident(t, "case") || src.is_ident(t, "default"))
        .collect();
    for (n, &label) in labels.iter().enumerate() {
        let Some(literal) = src.string(label + 1).and_then(|l| l.plain()) else {
            continue;
        };
        let body_start = (label..close)
            .find(|&t| src.is(t, ":") || src.is(t, "->"))
            .map_or(label + 2, |t| t + 1);
        let body_end = labels.get(n + 1).copied().unwrap_or(close);
        route(
            reader,
            facts,
            method,
            by_name,
            prefix,
            &literal,
            Compare::Equals,
            (body_start, body_end),
            label + 1,
            vars,
            var,
        );
    }
}
