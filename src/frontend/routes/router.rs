//! Router graphs (Express, Koa, FastAPI, Flask, Django, gin, echo, chi, gorilla/mux,
//! net/http): routers are nodes, mounts are edges with a prefix (`app.use('/api', router)`,
//! `include_router(r, prefix=)`, `register_blueprint`, `r.Group("/v1")`, `r.Mount`,
//! `path('api/', include(...))`), across files through imports and exports, and through
//! function calls that pass a router to a function that registers routes on its parameter
//! (`routes.Register(v1)`). A route's paths are every chain of prefixes from a root (a router
//! nothing mounts) down to its router, then its own path. Cycles and runaway fan-out are cut.

use super::facts::{Child, Expr, FileFacts, Piece, RouterKind};
use super::finish::{ContextKind, Found};
use super::index::{stem, Index};
use crate::parse::code::Dialect;
use std::collections::HashMap;

/// A router of the run: (file, router index).
type Node = (usize, usize);

/// How many prefixes one router may be reached by, and how deep mounts nest.
const MAX_CHAINS: usize = 16;
const MAX_DEPTH: usize = 10;

pub fn resolve(index: &mut Index, out: &mut Vec<Found>) {
    // Load the files mounts name that the per-file pass did not read (route modules
    // without markers of their own, `module.exports = (app) => {...}`).
    let mut wanted = Vec::new();
    for facts in &index.files {
        for mount in &facts.mounts {
            if let Child::Import { module, .. } = &mount.child {
                wanted.push(module_stem(module));
            }
        }
        for router in &facts.routers {
            if let Some(Child::Import { module, .. }) = &router.alias {
                wanted.push(module_stem(module));
            }
        }
    }
    for stem in wanted {
        index.load(&stem);
    }
    let mut parents: HashMap<Node, Vec<(Node, Expr, bool)>> = HashMap::new();
    for (file, facts) in index.files.iter().enumerate() {
        // A router that stands for an imported one is reached the way the imported one is.
        for (r, router) in facts.routers.iter().enumerate() {
            if let Some(alias) = &router.alias {
                for target in targets(&index.files, file, alias) {
                    if target != (file, r) {
                        parents
                            .entry((file, r))
                            .or_default()
                            .push((target, Expr::default(), false));
                    }
                }
            }
        }
        for mount in &facts.mounts {
            let parent = (file, mount.parent);
            for child in targets(&index.files, file, &mount.child) {
                if child != parent {
                    parents
                        .entry(child)
                        .or_default()
                        .push((parent, mount.prefix.clone(), mount.replaces));
                }
            }
        }
    }
    let mut memo: HashMap<Node, Vec<Result<String, String>>> = HashMap::new();
    for file in 0..index.files.len() {
        let routes = index.files[file].routes.clone();
        for route in routes {
            let node = (file, route.router);
            let prefixes = chains(index, &parents, node, &mut memo, 0, &mut Vec::new());
            let own = index.eval(&route.path, file, None);
            let framework = index.files[file]
                .routers
                .get(route.router)
                .map_or("", |r| r.framework);
            for prefix in prefixes {
                let path = super::paths::join_resolved(&[&prefix, &own]);
                out.push(Found {
                    methods: route.methods.clone(),
                    path,
                    file,
                    line: route.line,
                    column: route.column,
                    handler: route.handler.clone(),
                    framework,
                    context: if framework == "nestjs" {
                        ContextKind::Nest
                    } else {
                        ContextKind::None
                    },
                    owner: None,
                    info: route.info.clone(),
                });
            }
        }
    }
}

/// Every prefix a router is reached by (its own prefix included).
fn chains(
    index: &mut Index,
    parents: &HashMap<Node, Vec<(Node, Expr, bool)>>,
    node: Node,
    memo: &mut HashMap<Node, Vec<Result<String, String>>>,
    depth: usize,
    path: &mut Vec<Node>,
) -> Vec<Result<String, String>> {
    if let Some(known) = memo.get(&node) {
        return known.clone();
    }
    let own_expr = index.files[node.0]
        .routers
        .get(node.1)
        .map(|r| r.prefix.clone())
        .unwrap_or_default();
    let own = index.eval(&own_expr, node.0, None);
    let mut out = Vec::new();
    let incoming = parents.get(&node).cloned().unwrap_or_default();
    if incoming.is_empty() || depth >= MAX_DEPTH || path.contains(&node) {
        out.push(own.clone());
    } else {
        path.push(node);
        for (parent, prefix, replaces) in incoming {
            if path.contains(&parent) {
                continue;
            }
            let mount = index.eval(&prefix, parent.0, None);
            let own = if replaces { Ok(String::new()) } else { own.clone() };
            for above in chains(index, parents, parent, memo, depth + 1, path) {
                if out.len() >= MAX_CHAINS {
                    break;
                }
                out.push(join3(&above, &mount, &own));
            }
        }
        path.pop();
        if out.is_empty() {
            out.push(own.clone());
        }
    }
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out.dedup();
    memo.insert(node, out.clone());
    out
}

fn join3(
    a: &Result<String, String>,
    b: &Result<String, String>,
    c: &Result<String, String>,
) -> Result<String, String> {
    super::paths::join_resolved(&[a, b, c])
}

/// The module name a file is found by: the last path or dotted segment (`./routes/users` ->
/// `users`, `app.routers.items` -> `items`).
fn module_stem(module: &str) -> String {
    let trimmed = module.trim_end_matches(['/', '.']);
    let last = trimmed
        .rsplit(['/', '.'])
        .find(|s| !s.is_empty())
        .unwrap_or(trimmed);
    if last == "index" || last == "__init__" {
        // `./routes/index` and a package's `__init__`: the directory names it.
        return trimmed
            .rsplit(['/', '.'])
            .filter(|s| !s.is_empty())
            .nth(1)
            .unwrap_or(last)
            .to_string();
    }
    last.to_string()
}

/// Whether the file at `rel` is the module `module` imported from `from_rel`.
fn is_module(rel: &str, module: &str, from_rel: &str, dialect: Option<Dialect>) -> bool {
    let without_ext = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    match dialect {
        Some(Dialect::Python) => {
            // `app.routers.items` or relative `.items` / `..routers.items`.
            let dots = module.len() - module.trim_start_matches('.').len();
            let dotted = module.trim_start_matches('.').replace('.', "/");
            let base = if dots > 0 {
                let mut dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
                for _ in 1..dots {
                    dir = dir.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string());
                }
                if dir.is_empty() {
                    dotted
                } else if dotted.is_empty() {
                    dir
                } else {
                    format!("{dir}/{dotted}")
                }
            } else {
                dotted
            };
            let package = format!("{base}/__init__");
            without_ext == base
                || without_ext.ends_with(&format!("/{base}"))
                || without_ext == package
                || without_ext.ends_with(&format!("/{package}"))
        }
        Some(Dialect::Js) => {
            if !module.starts_with('.') {
                return false;
            }
            let dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = normalise_rel(&format!("{dir}/{module}"));
            let joined = joined
                .rsplit_once('.')
                .filter(|(_, ext)| matches!(*ext, "js" | "ts" | "mjs" | "cjs"))
                .map_or(joined.as_str(), |(s, _)| s)
                .to_string();
            without_ext == joined || without_ext == format!("{joined}/index")
        }
        Some(Dialect::Go) => {
            // A Go import path names a directory (package).
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            let last = module.rsplit('/').next().unwrap_or(module);
            dir == last || dir.ends_with(&format!("/{last}"))
        }
        _ => false,
    }
}

/// `a/./b/../c` -> `a/c`.
fn normalise_rel(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// The routers a mount's child names.
fn targets(files: &[FileFacts], file: usize, child: &Child) -> Vec<Node> {
    let from = &files[file];
    match child {
        Child::Local(router) => vec![(file, *router)],
        Child::Import { module, name } => {
            let mut out = Vec::new();
            let wanted_stem = module_stem(module);
            for (f, facts) in files.iter().enumerate() {
                if stem(&facts.rel) != wanted_stem
                    && !(matches!(stem(&facts.rel).as_str(), "index" | "__init__"))
                {
                    continue;
                }
                if !is_module(&facts.rel, module, &from.rel, from.dialect) {
                    continue;
                }
                for (export, router) in &facts.exports {
                    if export == name {
                        out.push((f, *router));
                    }
                }
                // Python: any module-level router variable is importable by its name.
                for (r, router) in facts.routers.iter().enumerate() {
                    if router.scope.is_empty() && &router.name == name && !out.contains(&(f, r)) {
                        out.push((f, r));
                    }
                }
            }
            out
        }
        Child::Call {
            qualifier,
            function,
            index,
        } => {
            let mut out = Vec::new();
            // A package qualifier names the package's directory; a variable (a method call on a
            // handler value) or none means any file of the run.
            let package = qualifier.as_ref().and_then(|q| {
                from.imports
                    .iter()
                    .find(|i| &i.alias == q)
                    .map(|i| i.path.clone())
            });
            for (f, facts) in files.iter().enumerate() {
                if let Some(package) = &package {
                    if !is_module(&facts.rel, package, &from.rel, facts.dialect)
                        && facts.dialect == Some(Dialect::Go)
                    {
                        continue;
                    }
                }
                for (r, router) in facts.routers.iter().enumerate() {
                    if let RouterKind::Param {
                        function: name,
                        index: at,
                    } = &router.kind
                    {
                        if name == function && at == index {
                            out.push((f, r));
                        }
                    }
                }
                // A function that returns a router it builds (`func Routes() chi.Router`).
                for (export, router) in &facts.exports {
                    if export == function && *index == usize::MAX {
                        out.push((f, *router));
                    }
                }
            }
            out
        }
    }
}

/// A reference expression's first name, if the expression is just a (dotted) name.
pub fn name_of(expr: &Expr) -> Option<String> {
    match expr.0.as_slice() {
        [Piece::Ref {
            qualifier: None,
            name,
        }] => Some(name.clone()),
        [Piece::Ref {
            qualifier: Some(q),
            name,
        }] => Some(format!("{q}.{name}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_found_by_path() {
        assert!(is_module(
            "app/routers/items.py",
            "app.routers.items",
            "app/main.py",
            Some(Dialect::Python)
        ));
        assert!(is_module(
            "app/routers/items.py",
            ".routers.items",
            "app/main.py",
            Some(Dialect::Python)
        ));
        assert!(is_module(
            "app/routers/__init__.py",
            "..routers",
            "app/api/main.py",
            Some(Dialect::Python)
        ));
        assert!(is_module(
            "src/routes/users.js",
            "./routes/users",
            "src/app.js",
            Some(Dialect::Js)
        ));
        assert!(is_module(
            "src/routes/index.ts",
            "../routes",
            "src/app/main.ts",
            Some(Dialect::Js)
        ));
        assert!(!is_module(
            "src/routes/users.js",
            "express",
            "src/app.js",
            Some(Dialect::Js)
        ));
        assert!(is_module(
            "internal/handler/routes.go",
            "example.com/svc/internal/handler",
            "main.go",
            Some(Dialect::Go)
        ));
        assert_eq!(module_stem("./routes/index"), "routes");
        assert_eq!(module_stem("app.api.v1"), "v1");
    }
}
