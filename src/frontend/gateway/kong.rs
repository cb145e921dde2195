//! Kong declarative config (decK / DB-less, `_format_version`), YAML or JSON: services with
//! their nested routes and plugins, top-level routes and plugins that name their service or
//! route, consumers and their ACL groups.
//!
//! Semantics kept from Kong: `strip_path` defaults to true; a plain path is a string prefix and a
//! `~` path (format 3.x; any regex-looking path in 1.x/2.x) a regular expression anchored at the
//! start; a plugin on a route overrides the same plugin on its service, which overrides a global
//! one; `enabled: false` plugins and services do nothing; `request-termination` with a `trigger`
//! only terminates some requests, so it does not count as terminating the route.

use super::extension;
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::problems::ModelPart;
use crate::model::routes::{
    line_snippet, Acl, At, Consumer, FlowPolicy, MatchKind, PathMatch, PolicyKind, PolicyScope, Route,
    RouteKind,
};
use crate::model::Portfolio;
use crate::parse::{NodeId, Tree};
use crate::settings::Settings;

use crate::source::SourceFile;

/// A plugin and where it applies.
struct Plugin {
    name: String,
    node: NodeId,
    config: Option<NodeId>,
    scope: PolicyScope,
    service: Option<String>,
    route: Option<String>,
}

struct Reader<'a> {
    tree: &'a Tree,
    file: &'a SourceFile,
    /// 3.x: regex paths start with `~`.
    v3: bool,
}

/// Kong declarative configs (YAML/JSON with `_format_version`).
/// What this reader takes from a config (when one does not parse, the rules reading these
/// miss it).
const FEEDS: &[ModelPart] = &[ModelPart::Routes];

pub struct Kong;

impl FrontEnd for Kong {
    fn claims(&self, input: &FileInput) -> bool {
        matches!(extension(&input.file_name()), "yaml" | "yml" | "json")
            && input.file.text.contains("_format_version")
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        let mut problems = Vec::new();
        extract(input, &mut out.part, &mut problems);
        for (offset, what) in problems {
            super::unparsable(input, offset, what, FEEDS, out);
        }
    }
}

pub fn extract(input: &FileInput, part: &mut Portfolio, problems: &mut Vec<(usize, String)>) {
    let name = input.file_name();
    if !matches!(extension(&name), "yaml" | "yml" | "json") || !input.file.text.contains("_format_version") {
        return;
    }
    let Some(tree) = input.structured() else {
        if let Err(error) = crate::parse::parse_structured(&input.file.text, crate::parse::Limits::default())
        {
            problems.push((
                error.offset as usize,
                format!("Kong declarative config does not parse: {}", error.message),
            ));
        }
        return;
    };
    for &root in tree.roots() {
        let Some(version) = tree
            .get(root, "_format_version")
            .and_then(|v| tree.scalar_text(v))
        else {
            continue;
        };
        let major: u32 = version
            .trim()
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(3);
        let reader = Reader {
            tree,
            file: &input.file,
            v3: major >= 3,
        };
        reader.read(root, part);
    }
}

impl Reader<'_> {
    fn at(&self, node: NodeId) -> At {
        At::of(self.file, self.tree.span(node).start)
    }

    fn text(&self, map: NodeId, key: &str) -> Option<String> {
        self.tree
            .get(map, key)
            .and_then(|v| self.tree.scalar_text(v))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    }

    fn strings(&self, map: NodeId, key: &str) -> Vec<String> {
        let Some(node) = self.tree.get(map, key) else {
            return Vec::new();
        };
        if let Some(text) = self.tree.str(node) {
            return vec![text.to_string()];
        }
        self.tree
            .items(node)
            .iter()
            .filter_map(|&item| self.tree.scalar_text(item).map(str::to_string))
            .filter(|text| !text.is_empty())
            .collect()
    }

    /// `service: name` or `service: {name: ..}` (or `id`).
    fn reference(&self, map: NodeId, key: &str) -> Option<String> {
        let node = self.tree.get(map, key)?;
        self.tree
            .scalar_text(node)
            .map(str::to_string)
            .or_else(|| self.text(node, "name"))
            .or_else(|| self.text(node, "id"))
            .filter(|text| !text.is_empty())
    }

    fn enabled(&self, map: NodeId) -> bool {
        self.tree
            .get(map, "enabled")
            .and_then(|v| self.tree.bool(v))
            .unwrap_or(true)
    }

    fn plugins(
        &self,
        list: Option<NodeId>,
        scope: PolicyScope,
        service: Option<&str>,
        route: Option<&str>,
        out: &mut Vec<Plugin>,
    ) {
        for &node in list.map(|l| self.tree.items(l)).unwrap_or(&[]) {
            let Some(name) = self.text(node, "name") else {
                continue;
            };
            if !self.enabled(node) || self.tree.get(node, "consumer").is_some() {
                // A consumer-scoped plugin governs one application, not a route's traffic.
                continue;
            }
            let (scope, service, route) =
                match (self.reference(node, "route"), self.reference(node, "service")) {
                    (Some(route), _) => (PolicyScope::Route, None, Some(route)),
                    (None, Some(service)) if scope == PolicyScope::Global => {
                        (PolicyScope::Service, Some(service), None)
                    }
                    _ => (scope, service.map(str::to_string), route.map(str::to_string)),
                };
            out.push(Plugin {
                name,
                node,
                config: self.tree.get(node, "config"),
                scope,
                service,
                route,
            });
        }
    }

    fn read(&self, root: NodeId, part: &mut Portfolio) {
        let tree = self.tree;
        let mut plugins = Vec::new();
        self.plugins(
            tree.get(root, "plugins"),
            PolicyScope::Global,
            None,
            None,
            &mut plugins,
        );
        // (route node, route name, service node or None)
        let mut routes: Vec<(NodeId, String, Option<NodeId>)> = Vec::new();
        let services: Vec<NodeId> = tree
            .get(root, "services")
            .map(|s| tree.items(s).to_vec())
            .unwrap_or_default();
        let service_name = |node: NodeId, index: usize| {
            self.text(node, "name")
                .or_else(|| self.text(node, "id"))
                .unwrap_or_else(|| format!("service #{}", index + 1))
        };
        for (index, &service) in services.iter().enumerate() {
            let name = service_name(service, index);
            self.plugins(
                tree.get(service, "plugins"),
                PolicyScope::Service,
                Some(&name),
                None,
                &mut plugins,
            );
            for (r, &route) in tree
                .get(service, "routes")
                .map(|l| tree.items(l))
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let route_name = self
                    .text(route, "name")
                    .unwrap_or_else(|| format!("{name} route #{}", r + 1));
                self.plugins(
                    tree.get(route, "plugins"),
                    PolicyScope::Route,
                    Some(&name),
                    Some(&route_name),
                    &mut plugins,
                );
                routes.push((route, route_name, Some(service)));
            }
        }
        for (r, &route) in tree
            .get(root, "routes")
            .map(|l| tree.items(l))
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let route_name = self
                .text(route, "name")
                .unwrap_or_else(|| format!("route #{}", r + 1));
            let service = self.reference(route, "service").and_then(|wanted| {
                services
                    .iter()
                    .enumerate()
                    .find(|(i, &s)| service_name(s, *i) == wanted)
                    .map(|(_, &s)| s)
            });
            let service_label = service
                .and_then(|s| services.iter().position(|&x| x == s).map(|i| service_name(s, i)))
                .or_else(|| self.reference(route, "service"));
            self.plugins(
                tree.get(route, "plugins"),
                PolicyScope::Route,
                service_label.as_deref(),
                Some(&route_name),
                &mut plugins,
            );
            routes.push((route, route_name, service));
        }
        for (route, name, service) in routes {
            let service_label = service.map(|s| {
                let index = services.iter().position(|&x| x == s).unwrap_or(0);
                service_name(s, index)
            });
            part.routes
                .push(self.route(route, name, service, service_label, &plugins));
        }
        for consumer in tree.get(root, "consumers").map(|l| tree.items(l)).unwrap_or(&[]) {
            let Some(name) = self
                .text(*consumer, "username")
                .or_else(|| self.text(*consumer, "custom_id"))
            else {
                continue;
            };
            let groups = tree
                .get(*consumer, "acls")
                .map(|acls| {
                    tree.items(acls)
                        .iter()
                        .filter_map(|&acl| self.text(acl, "group"))
                        .collect()
                })
                .unwrap_or_default();
            part.consumers.push(Consumer {
                name,
                at: self.at(*consumer),
                groups,
            });
        }
    }

    /// The most specific enabled plugin of a name for a route: route, then service, then global.
    fn effective<'p>(
        &self,
        plugins: &'p [Plugin],
        names: &[&str],
        route: &str,
        service: Option<&str>,
    ) -> Option<&'p Plugin> {
        let named = |p: &&Plugin| names.contains(&p.name.as_str());
        plugins
            .iter()
            .filter(named)
            .find(|p| p.scope == PolicyScope::Route && p.route.as_deref() == Some(route))
            .or_else(|| {
                plugins.iter().filter(named).find(|p| {
                    p.scope == PolicyScope::Service && service.is_some() && p.service.as_deref() == service
                })
            })
            .or_else(|| {
                plugins
                    .iter()
                    .filter(named)
                    .find(|p| p.scope == PolicyScope::Global)
            })
    }

    fn route(
        &self,
        node: NodeId,
        name: String,
        service: Option<NodeId>,
        service_label: Option<String>,
        plugins: &[Plugin],
    ) -> Route {
        let tree = self.tree;
        let mut paths: Vec<PathMatch> = self
            .strings(node, "paths")
            .into_iter()
            .map(|path| self.path_match(&path))
            .collect();
        if let Some(expression) = self.text(node, "expression") {
            paths.extend(expression_paths(&expression));
        }
        if paths.is_empty() {
            // A route without paths (hosts or methods only) takes every path.
            paths.push(PathMatch {
                kind: MatchKind::Prefix,
                pattern: "/".into(),
            });
        }
        let methods = self
            .strings(node, "methods")
            .into_iter()
            .map(|m| m.to_ascii_uppercase())
            .collect();
        let strip_path = tree
            .get(node, "strip_path")
            .and_then(|v| tree.bool(v))
            .unwrap_or(true);
        let upstream_path = service.and_then(|s| {
            self.text(s, "path")
                .or_else(|| self.text(s, "url").and_then(|url| url_path(&url)))
                .filter(|p| p != "/")
        });
        let upstream_host = service.and_then(|s| {
            self.text(s, "host").or_else(|| {
                self.text(s, "url")
                    .and_then(|url| crate::model::matching::host(&url))
            })
        });
        let mut interface_ids: Vec<String> = self
            .strings(node, "tags")
            .into_iter()
            .filter(|tag| crate::model::routes::looks_like_interface_id(tag))
            .collect();
        if crate::model::routes::looks_like_interface_id(&name) {
            interface_ids.push(name.clone());
        }
        let service_ref = service_label.as_deref();
        let mut terminated = None;
        if let Some(s) = service {
            if !self.enabled(s) {
                terminated = Some("service disabled (`enabled: false`)".to_string());
            }
        }
        if terminated.is_none() {
            if let Some(plugin) = self.effective(plugins, &["request-termination"], &name, service_ref) {
                let trigger = plugin.config.and_then(|c| self.text(c, "trigger"));
                if trigger.is_none() {
                    let status = plugin
                        .config
                        .and_then(|c| self.text(c, "status_code"))
                        .unwrap_or_else(|| "503".into());
                    terminated = Some(format!("request-termination (status {status})"));
                }
            }
        }
        let acl = self
            .effective(plugins, &["acl"], &name, service_ref)
            .map(|plugin| {
                let list = |keys: &[&str]| {
                    keys.iter()
                        .flat_map(|key| plugin.config.map(|c| self.strings(c, key)).unwrap_or_default())
                        .collect::<Vec<_>>()
                };
                Acl {
                    allow: list(&["allow", "whitelist"]),
                    deny: list(&["deny", "blacklist"]),
                    at: self.at(plugin.node),
                }
            });
        let mut policies = Vec::new();
        if let Some(plugin) = self.effective(
            plugins,
            &["rate-limiting", "rate-limiting-advanced"],
            &name,
            service_ref,
        ) {
            policies.push(self.rate_policy(plugin));
        }
        Route {
            kind: RouteKind::Kong,
            name,
            at: self.at(node),
            service: service_label,
            methods,
            hosts: self.strings(node, "hosts"),
            paths,
            strip_path,
            strip_segments: 0,
            upstream_path,
            upstream_host,
            rewrite: None,
            interface_ids,
            terminated,
            acl,
            policies,
            snippet: line_snippet(self.file, tree.span(node)),
            operations: Vec::new(),
            consumers: None,
            unresolved: false,
        }
    }

    fn path_match(&self, path: &str) -> PathMatch {
        let path = path.trim();
        if let Some(regex) = path.strip_prefix('~') {
            return PathMatch {
                kind: MatchKind::RegexAnchored,
                pattern: regex.to_string(),
            };
        }
        if !self.v3 && path.contains(['^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\']) {
            return PathMatch {
                kind: MatchKind::RegexAnchored,
                pattern: path.to_string(),
            };
        }
        PathMatch {
            kind: MatchKind::Prefix,
            pattern: path.to_string(),
        }
    }

    fn rate_policy(&self, plugin: &Plugin) -> FlowPolicy {
        let at = self.at(plugin.node);
        let mut per_second: Option<f64> = None;
        let mut limit = Vec::new();
        let mut limit_node = None;
        if let Some(config) = plugin.config {
            for (window, seconds) in crate::model::flow::KONG_WINDOWS {
                if let Some(value) = self.tree.get(config, window) {
                    if let Some(count) = self.tree.number(value) {
                        let rate = count / seconds;
                        per_second = Some(per_second.map_or(rate, |p| p.min(rate)));
                        limit.push(format!(
                            "{window}: {}",
                            self.tree.scalar_text(value).unwrap_or("")
                        ));
                        limit_node.get_or_insert(value);
                    }
                }
            }
            // rate-limiting-advanced: parallel `limit` and `window_size` lists.
            let counts: Vec<f64> = self
                .tree
                .get(config, "limit")
                .map(|l| {
                    self.tree
                        .items(l)
                        .iter()
                        .filter_map(|&i| self.tree.number(i))
                        .collect()
                })
                .unwrap_or_default();
            let windows: Vec<f64> = self
                .tree
                .get(config, "window_size")
                .map(|l| {
                    self.tree
                        .items(l)
                        .iter()
                        .filter_map(|&i| self.tree.number(i))
                        .collect()
                })
                .unwrap_or_default();
            for (count, window) in counts.iter().zip(&windows) {
                if *window > 0.0 {
                    let rate = count / window;
                    per_second = Some(per_second.map_or(rate, |p| p.min(rate)));
                    limit.push(format!("{count}/{window}s"));
                    limit_node = limit_node.or_else(|| self.tree.get(config, "limit"));
                }
            }
        }
        let limit_span = limit_node.map(|n| self.tree.span(n));
        FlowPolicy {
            id: format!("kong|{}|{}|{}", at.file, at.line, at.column),
            kind: PolicyKind::KongRateLimiting,
            scope: plugin.scope,
            name: if plugin.name == "rate-limiting" {
                String::new()
            } else {
                plugin.name.clone()
            },
            snippet: line_snippet(self.file, self.tree.span(plugin.node)),
            limit_at: limit_span.map(|s| At::of(self.file, s.start)),
            limit_snippet: limit_span.and_then(|s| line_snippet(self.file, s)),
            at,
            per_second,
            limit: limit.join(", "),
        }
    }
}

/// The path of a URL (`http://svc:8080/api` -> `/api`).
pub(crate) fn url_path(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    Some(path.to_string())
}

/// Paths of a Kong 3.x expressions route: `http.path == "/x"`, `^= "/x"`, `~ "^/x$"`.
fn expression_paths(expression: &str) -> Vec<PathMatch> {
    let mut out = Vec::new();
    let mut rest = expression;
    while let Some(at) = rest.find("http.path") {
        rest = &rest[at + "http.path".len()..];
        let trimmed = rest.trim_start();
        let (kind, after) = if let Some(after) = trimmed.strip_prefix("==") {
            (MatchKind::Exact, after)
        } else if let Some(after) = trimmed.strip_prefix("^=") {
            (MatchKind::Prefix, after)
        } else if let Some(after) = trimmed.strip_prefix('~') {
            (MatchKind::Regex, after)
        } else {
            continue;
        };
        let after = after.trim_start().trim_start_matches('r').trim_start_matches('#');
        let Some(body) = after.strip_prefix('"') else {
            continue;
        };
        if let Some(end) = body.find('"') {
            out.push(PathMatch {
                kind,
                pattern: body[..end].to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_and_expressions() {
        assert_eq!(url_path("http://svc:8080/api/v1").as_deref(), Some("/api/v1"));
        assert_eq!(url_path("http://svc:8080"), None);
        let paths = expression_paths(
            r##"http.method == "GET" && (http.path ^= "/v1/a" || http.path ~ r#"^/v1/b/\d+$"#)"##,
        );
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[0].kind, MatchKind::Prefix);
        assert_eq!(paths[1].kind, MatchKind::Regex);
    }
}
