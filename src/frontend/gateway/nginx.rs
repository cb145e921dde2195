//! nginx: every `location` that hands requests to a back end (`proxy_pass`, `grpc_pass`,
//! `fastcgi_pass`, `uwsgi_pass`, `scgi_pass`, `memcached_pass`) is a route. A location without
//! one (health checks, `stub_status`, static files) exposes no interface and is not a route.
//!
//! Modifiers: none or `^~` (prefix), `=` (exact), `~` (regex searched anywhere in the path),
//! `~*` (same, ignoring case). `proxy_pass` with a URI on a prefix location replaces the
//! matched prefix with that URI upstream. Terminated: a `return` directly in the location (the
//! rewrite phase answers before the request is proxied) or `deny all` with no `allow` before it,
//! inherited from `server`/`http` when the location has no access rules of its own.
//! `limit_req zone=NAME` is inherited the same way; the zone (`limit_req_zone ... rate=10r/s`)
//! is the policy, so every location using a zone shares its budget.

use super::extension;
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::flow::nginx_rate;
use crate::model::problems::ModelPart;
use crate::model::routes::{
    line_snippet, At, FlowPolicy, MatchKind, PathMatch, PolicyKind, PolicyScope, Route, RouteKind,
};
use crate::model::Portfolio;
use crate::parse::nginx::{self, Config, Directive};
use crate::settings::Settings;

use crate::source::SourceFile;
use std::collections::HashMap;

const PASSES: &[&str] = &[
    "proxy_pass",
    "grpc_pass",
    "fastcgi_pass",
    "uwsgi_pass",
    "scgi_pass",
    "memcached_pass",
];

/// A `limit_req_zone`.
struct Zone {
    per_second: Option<f64>,
    rate: String,
    at: At,
    span: crate::source::Span,
}

/// What a level (http, server, location) passes down.
#[derive(Clone, Default)]
struct Inherited {
    /// `limit_req` directives in effect: (zone name, directive index, scope).
    limits: Vec<(String, usize, PolicyScope)>,
    /// Access rules in effect: `deny all` without an earlier `allow`.
    deny_all: bool,
    server_names: Vec<String>,
}

/// nginx `location` blocks that proxy.
/// What this reader takes from a config (when one does not parse, the rules reading these
/// miss it).
const FEEDS: &[ModelPart] = &[ModelPart::Routes];

pub struct Nginx;

impl FrontEnd for Nginx {
    fn claims(&self, input: &FileInput) -> bool {
        {
            let name = input.file_name();
            let path = input.file.path.to_ascii_lowercase();
            let nginx_like = extension(&name) == "conf"
                || name.contains("nginx")
                || ["/sites-enabled/", "/sites-available/", "/conf.d/", "/nginx/"]
                    .iter()
                    .any(|dir| path.contains(dir));
            let text = &input.file.text;
            nginx_like && text.contains("location") && PASSES.iter().any(|p| text.contains(p))
        }
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
    let path = input.file.path.to_ascii_lowercase();
    let nginx_like = extension(&name) == "conf"
        || name.contains("nginx")
        || ["/sites-enabled/", "/sites-available/", "/conf.d/", "/nginx/"]
            .iter()
            .any(|dir| path.contains(dir));
    let text = &input.file.text;
    if !nginx_like || !text.contains("location") || !PASSES.iter().any(|p| text.contains(p)) {
        return;
    }
    let config = match nginx::parse(text) {
        Ok(config) => config,
        Err(error) => {
            problems.push((
                error.offset,
                format!("nginx configuration does not parse: {}", error.message),
            ));
            return;
        }
    };
    let file = &input.file;
    let mut zones = HashMap::new();
    for directive in &config.directives {
        if directive.name == "limit_req_zone" {
            let zone = directive.args.iter().find_map(|a| a.strip_prefix("zone="));
            let rate = directive.args.iter().find_map(|a| a.strip_prefix("rate="));
            if let Some(zone) = zone {
                let name = zone.split(':').next().unwrap_or(zone).to_string();
                zones.insert(
                    name,
                    Zone {
                        per_second: rate.and_then(nginx_rate),
                        rate: rate.map(|r| format!("rate={r}")).unwrap_or_default(),
                        at: At::of(file, directive.span.start),
                        span: directive.span,
                    },
                );
            }
        }
    }
    let walker = Walker {
        config: &config,
        file,
        zones: &zones,
    };
    let mut routes = Vec::new();
    walker.level(
        &config.top,
        &Inherited::default(),
        PolicyScope::Global,
        &mut routes,
        0,
    );
    part.routes.extend(routes);
}

struct Walker<'a> {
    config: &'a Config,
    file: &'a SourceFile,
    zones: &'a HashMap<String, Zone>,
}

impl Walker<'_> {
    fn directives<'c>(&'c self, indexes: &'c [usize]) -> impl Iterator<Item = (usize, &'c Directive)> + 'c {
        indexes.iter().filter_map(|&i| self.config.get(i).map(|d| (i, d)))
    }

    /// What this level changes in what it inherits.
    fn inherit(&self, indexes: &[usize], from: &Inherited, scope: PolicyScope) -> Inherited {
        let mut next = from.clone();
        let limits: Vec<(String, usize, PolicyScope)> = self
            .directives(indexes)
            .filter(|(_, d)| d.name == "limit_req")
            .filter_map(|(i, d)| {
                d.args
                    .iter()
                    .find_map(|a| a.strip_prefix("zone="))
                    .map(|zone| (zone.to_string(), i, scope))
            })
            .collect();
        if !limits.is_empty() {
            next.limits = limits;
        }
        let access: Vec<&Directive> = self
            .directives(indexes)
            .map(|(_, d)| d)
            .filter(|d| d.name == "allow" || d.name == "deny")
            .collect();
        if !access.is_empty() {
            next.deny_all = access
                .iter()
                .take_while(|d| d.name != "allow")
                .any(|d| d.name == "deny" && d.args.first().is_some_and(|a| a == "all"));
        }
        next
    }

    fn level(
        &self,
        indexes: &[usize],
        from: &Inherited,
        scope: PolicyScope,
        routes: &mut Vec<Route>,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        let here = self.inherit(indexes, from, scope);
        for (index, directive) in self.directives(indexes) {
            match directive.name.as_str() {
                "http" => self.level(
                    self.config.children(index),
                    &here,
                    PolicyScope::Global,
                    routes,
                    depth + 1,
                ),
                "server" => {
                    let mut server = here.clone();
                    server.server_names = self
                        .directives(self.config.children(index))
                        .filter(|(_, d)| d.name == "server_name")
                        .flat_map(|(_, d)| d.args.iter().cloned())
                        .filter(|n| n != "_" && !n.is_empty())
                        .collect();
                    self.level(
                        self.config.children(index),
                        &server,
                        PolicyScope::Service,
                        routes,
                        depth + 1,
                    );
                }
                "location" => self.location(index, directive, &here, routes, depth),
                _ => {}
            }
        }
    }

    fn location(
        &self,
        index: usize,
        directive: &Directive,
        from: &Inherited,
        routes: &mut Vec<Route>,
        depth: usize,
    ) {
        let children = self.config.children(index);
        let here = self.inherit(children, from, PolicyScope::Route);
        let Some(path) = location_match(&directive.args) else {
            return;
        };
        // Nested locations inherit this one's settings.
        self.level_locations(children, &here, routes, depth + 1);
        let pass = self
            .directives(children)
            .find(|(_, d)| PASSES.contains(&d.name.as_str()));
        let Some((_, pass)) = pass else {
            return;
        };
        let mut terminated = self
            .directives(children)
            .find(|(_, d)| d.name == "return")
            .map(|(_, d)| format!("return {}", d.args.join(" ")));
        if terminated.is_none() && here.deny_all {
            terminated = Some("deny all".to_string());
        }
        let target = pass.args.first().cloned().unwrap_or_default();
        let uri = (pass.name == "proxy_pass" || pass.name == "grpc_pass")
            .then(|| super::kong::url_path(&target))
            .flatten()
            .filter(|uri| !target.contains('$') && !uri.is_empty());
        let prefix = matches!(path.kind, MatchKind::Prefix | MatchKind::PrefixPriority);
        let policies = here
            .limits
            .iter()
            .map(|(zone, at_index, scope)| self.policy(zone, *at_index, *scope))
            .collect();
        let service = here.server_names.first().cloned();
        routes.push(Route {
            kind: RouteKind::Nginx,
            name: format!("location {}", directive.args.join(" ")),
            at: At::of(self.file, directive.span.start),
            service,
            methods: limit_except_methods(self.config, children),
            hosts: here.server_names.clone(),
            paths: vec![path],
            strip_path: prefix && uri.is_some(),
            strip_segments: 0,
            upstream_path: uri.filter(|_| prefix),
            upstream_host: crate::model::matching::host(&target),
            rewrite: None,
            interface_ids: Vec::new(),
            terminated,
            acl: None,
            policies,
            snippet: line_snippet(self.file, directive.span),
            operations: Vec::new(),
            consumers: None,
            unresolved: false,
        });
    }

    fn level_locations(&self, children: &[usize], here: &Inherited, routes: &mut Vec<Route>, depth: usize) {
        if depth > 64 {
            return;
        }
        for (index, directive) in self.directives(children) {
            if directive.name == "location" {
                self.location(index, directive, here, routes, depth);
            }
        }
    }

    fn policy(&self, zone: &str, directive: usize, scope: PolicyScope) -> FlowPolicy {
        let declared = self.zones.get(zone);
        let span = self.config.get(directive).map(|d| d.span).unwrap_or_default();
        let at = declared.map_or_else(|| At::of(self.file, span.start), |z| z.at.clone());
        FlowPolicy {
            id: format!("nginx|{}|zone={zone}", self.file.path),
            kind: PolicyKind::NginxLimitReq,
            scope,
            name: zone.to_string(),
            snippet: line_snippet(self.file, declared.map_or(span, |z| z.span)),
            limit_at: declared.map(|z| z.at.clone()),
            limit_snippet: declared.and_then(|z| line_snippet(self.file, z.span)),
            at,
            per_second: declared.and_then(|z| z.per_second),
            limit: declared.map(|z| z.rate.clone()).unwrap_or_default(),
        }
    }
}

/// `location [=|~|~*|^~] uri` (the modifier may be glued to the uri); named locations are none.
fn location_match(args: &[String]) -> Option<PathMatch> {
    let (modifier, uri) = match args {
        [single] => {
            let single = single.as_str();
            ["^~", "~*", "=", "~"]
                .iter()
                .find_map(|m| {
                    single
                        .strip_prefix(m)
                        .filter(|rest| !rest.is_empty())
                        .map(|rest| (*m, rest))
                })
                .unwrap_or(("", single))
        }
        [modifier, uri, ..] => (modifier.as_str(), uri.as_str()),
        [] => return None,
    };
    if uri.starts_with('@') {
        return None;
    }
    let kind = match modifier {
        "=" => MatchKind::Exact,
        "~" => MatchKind::Regex,
        "~*" => MatchKind::RegexCaseless,
        "^~" => MatchKind::PrefixPriority,
        _ => MatchKind::Prefix,
    };
    Some(PathMatch {
        kind,
        pattern: uri.to_string(),
    })
}

/// `limit_except GET HEAD { deny all; }` leaves only those methods open.
fn limit_except_methods(config: &Config, children: &[usize]) -> Vec<String> {
    for &index in children {
        let Some(directive) = config.get(index) else {
            continue;
        };
        if directive.name != "limit_except" {
            continue;
        }
        let denies_all = config.children(index).iter().any(|&c| {
            config
                .get(c)
                .is_some_and(|d| d.name == "deny" && d.args.first().is_some_and(|a| a == "all"))
        });
        if denies_all {
            let mut methods: Vec<String> = directive.args.iter().map(|m| m.to_ascii_uppercase()).collect();
            if methods.iter().any(|m| m == "GET") {
                methods.push("HEAD".into());
            }
            return methods;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_modifiers() {
        let m = |args: &[&str]| location_match(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_eq!(m(&["/a/"]).map(|p| p.kind), Some(MatchKind::Prefix));
        assert_eq!(m(&["=", "/a"]).map(|p| p.kind), Some(MatchKind::Exact));
        assert_eq!(
            m(&["=/a"]).map(|p| (p.kind, p.pattern)),
            Some((MatchKind::Exact, "/a".into()))
        );
        assert_eq!(
            m(&["~*", "\\.php$"]).map(|p| p.kind),
            Some(MatchKind::RegexCaseless)
        );
        assert_eq!(
            m(&["^~", "/img/"]).map(|p| p.kind),
            Some(MatchKind::PrefixPriority)
        );
        assert_eq!(m(&["@fallback"]), None);
    }
}
