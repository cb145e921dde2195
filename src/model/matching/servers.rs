//! What a spec says about where its operations are published (server URLs, Swagger 2.0
//! `basePath` and `host`) and which OAuth scopes it defines.

use crate::model::routes::ScopeDef;
use crate::model::spec::{NodeRef, Operation, SchemeKind, Spec, SpecVersion};

/// The URLs of a `servers` list, with server variables replaced by their defaults, each with
/// its `url` node.
pub fn server_list(spec: &Spec, list: NodeRef) -> Vec<(String, NodeRef)> {
    let mut urls = Vec::new();
    for server in spec.items(list) {
        let Some(url_node) = spec.get(server, "url") else {
            continue;
        };
        let Some(url) = spec.str(url_node) else {
            continue;
        };
        let mut url = url.to_string();
        if let Some(variables) = spec.get(server, "variables") {
            for (name, _, variable) in spec.entries(variables) {
                if let Some(default) = spec
                    .get(variable, "default")
                    .and_then(|d| spec.tree(d).scalar_text(d.node))
                {
                    url = url.replace(&format!("{{{name}}}"), default);
                }
            }
        }
        urls.push((url, url_node));
    }
    urls
}

/// The server URLs that apply to an operation (operation, path item, else document), with
/// server variables replaced by their defaults; Swagger 2.0: `basePath` (with `host` when
/// given).
pub fn servers(spec: &Spec, op: &Operation) -> Vec<String> {
    if spec.version == SpecVersion::Swagger2 {
        let base = spec.get_str(spec.root, "basePath").unwrap_or("");
        return match spec.get_str(spec.root, "host") {
            Some(host) => vec![format!("https://{host}{base}")],
            None if !base.is_empty() => vec![base.to_string()],
            None => Vec::new(),
        };
    }
    for owner in [op.node, op.path_item, spec.root] {
        let Some(list) = spec.get(owner, "servers") else {
            continue;
        };
        let urls: Vec<String> = server_list(spec, list).into_iter().map(|(url, _)| url).collect();
        if !urls.is_empty() {
            return urls;
        }
    }
    Vec::new()
}

/// The path part of a server URL (`https://h/api/` -> `/api`, `/v2` -> `/v2`, `https://h` -> ``).
pub fn base_path(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        String::new()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// The host of a server URL, lower-cased, without port (`None` for a relative URL).
pub fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = authority
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// How hosts are compared: the first DNS label (`payments-service` for
/// `payments-service.pay.svc.cluster.local:8080`), so a spec and a gateway naming the same
/// service through different DNS names agree.
pub(super) fn host_key(host: &str) -> String {
    host.split('.').next().unwrap_or(host).to_string()
}

/// OAuth scopes every security scheme of a spec defines, with the position of each.
pub fn scope_defs(spec: &Spec) -> Vec<ScopeDef> {
    let mut out = Vec::new();
    for scheme in &spec.schemes {
        let SchemeKind::OAuth2 { flows } = &scheme.kind else {
            continue;
        };
        for flow in flows {
            let Some(scopes) = spec.get(flow.node, "scopes") else {
                continue;
            };
            for (scope, key_span, _) in spec.entries(scopes) {
                let Some(resolved) = spec.resolve(scopes) else {
                    continue;
                };
                let file = spec.file(resolved);
                out.push(ScopeDef {
                    spec: spec.root_file().path.clone(),
                    scheme: scheme.name.clone(),
                    scope: scope.to_string(),
                    at: crate::model::routes::At::of(file, key_span.start),
                    snippet: crate::model::routes::line_snippet(file, key_span),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.at, &a.scope).cmp(&(&b.at, &b.scope)));
    out.dedup_by(|a, b| a.scope == b.scope && a.at == b.at);
    out
}
