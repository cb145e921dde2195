//! Spring Cloud Gateway routes: `spring.cloud.gateway.routes[]` (and the 4.x names
//! `spring.cloud.gateway.server.webflux.routes`, `...mvc.routes`, `...server.webmvc.routes`) with
//! their `default-filters`, in YAML (nested or dotted keys, every document of a multi-document
//! file) and in `.properties` (`routes[0].predicates[0]=Path=/v1/**`, or `.name`/`.args.*`).
//! Both forms become the same definitions (`Def`: a name and its arguments, each with its
//! position), in shortcut (`Path=/a,/b`) or full (`{name: Path, args: {...}}`) notation.
//!
//! Read: `Path`, `Method` and `Host` predicates; `StripPrefix`, `PrefixPath`, a prefix-shaped
//! `RewritePath`, `RequestRateLimiter` (`replenishRate` per `requestedTokens`),
//! `CircuitBreaker`/`Hystrix` (by breaker name: routes naming the same breaker share its state),
//! `RedirectTo`; `uri: no://op` and `forward:` routes reach no service.

use super::{extension, relaxed};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::routes::{
    line_snippet, At, FlowPolicy, MatchKind, PathMatch, PolicyKind, PolicyScope, Route, RouteKind,
};
use crate::model::Portfolio;
use crate::parse::{NodeId, Tree};
use crate::settings::Settings;

use crate::source::{SourceFile, Span};
use std::collections::BTreeMap;

/// Where route lists live, as relaxed key paths.
const ROUTE_PREFIXES: &[&[&str]] = &[
    &["spring", "cloud", "gateway"],
    &["spring", "cloud", "gateway", "server", "webflux"],
    &["spring", "cloud", "gateway", "mvc"],
    &["spring", "cloud", "gateway", "server", "webmvc"],
];

/// A value with its position (span start and end in the file).
#[derive(Debug, Clone)]
struct Arg {
    key: String,
    value: String,
    span: Span,
}

/// A predicate or filter.
#[derive(Debug, Clone)]
struct Def {
    name: String,
    args: Vec<Arg>,
    span: Span,
}

#[derive(Debug, Default)]
struct RawRoute {
    id: Option<String>,
    uri: Option<String>,
    predicates: Vec<Def>,
    filters: Vec<Def>,
    metadata: Vec<String>,
    span: Span,
}

/// Spring Cloud Gateway routes in YAML or `.properties`.
pub struct SpringCloudGateway;

impl FrontEnd for SpringCloudGateway {
    fn claims(&self, input: &FileInput) -> bool {
        {
            let text = &input.file.text;
            matches!(extension(&input.file_name()), "yaml" | "yml" | "properties")
                && text.contains("gateway")
                && (text.contains("routes") || text.contains("default-filters"))
        }
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        extract(input, &mut out.part);
    }
}

pub fn extract(input: &FileInput, part: &mut Portfolio) {
    let name = input.file_name();
    if !matches!(extension(&name), "yaml" | "yml" | "properties") {
        return;
    }
    let text = &input.file.text;
    if !text.contains("gateway") || !(text.contains("routes") || text.contains("default-filters")) {
        return;
    }
    let (routes, defaults) = match extension(&name) {
        "yaml" | "yml" => {
            let Some(tree) = input.structured() else {
                return;
            };
            yaml_routes(tree)
        }
        "properties" => property_routes(&crate::parse::properties::parse_properties(text)),
        _ => return,
    };
    let file = &input.file;
    let default_policies: Vec<FlowPolicy> = defaults
        .iter()
        .filter_map(|def| policy(file, def, PolicyScope::Global))
        .collect();
    for (index, raw) in routes.into_iter().enumerate() {
        part.routes.push(route(file, raw, index, &default_policies));
    }
}

fn find_path(tree: &Tree, node: NodeId, path: &[&str], depth: usize) -> Option<NodeId> {
    if depth > 16 {
        return None;
    }
    for entry in tree.entries(node) {
        let pieces: Vec<String> = entry.key.split('.').map(relaxed).collect();
        if pieces.len() > path.len() || pieces.iter().zip(path).any(|(a, b)| a != b) {
            continue;
        }
        if pieces.len() == path.len() {
            return Some(entry.value);
        }
        if let Some(found) = find_path(tree, entry.value, &path[pieces.len()..], depth + 1) {
            return Some(found);
        }
    }
    None
}

fn yaml_routes(tree: &Tree) -> (Vec<RawRoute>, Vec<Def>) {
    let mut routes = Vec::new();
    let mut defaults = Vec::new();
    for &root in tree.roots() {
        for prefix in ROUTE_PREFIXES {
            let mut path: Vec<&str> = prefix.to_vec();
            path.push("routes");
            if let Some(list) = find_path(tree, root, &path, 0) {
                for &item in tree.items(list) {
                    routes.push(yaml_route(tree, item));
                }
            }
            path.pop();
            path.push("defaultfilters");
            if let Some(list) = find_path(tree, root, &path, 0) {
                defaults.extend(tree.items(list).iter().filter_map(|&item| yaml_def(tree, item)));
            }
        }
    }
    (routes, defaults)
}

fn yaml_route(tree: &Tree, node: NodeId) -> RawRoute {
    let mut route = RawRoute {
        span: tree.span(node),
        ..RawRoute::default()
    };
    for entry in tree.entries(node) {
        match relaxed(&entry.key).as_str() {
            "id" => route.id = tree.scalar_text(entry.value).map(str::to_string),
            "uri" => route.uri = tree.scalar_text(entry.value).map(str::to_string),
            "predicates" => {
                route.predicates = tree
                    .items(entry.value)
                    .iter()
                    .filter_map(|&i| yaml_def(tree, i))
                    .collect()
            }
            "filters" => {
                route.filters = tree
                    .items(entry.value)
                    .iter()
                    .filter_map(|&i| yaml_def(tree, i))
                    .collect()
            }
            "metadata" => {
                tree.walk(entry.value, |id| {
                    if let Some(text) = tree.str(id) {
                        route.metadata.push(text.to_string());
                    }
                });
            }
            _ => {}
        }
    }
    route
}

/// `Path=/a/**,/b` or `{name: Path, args: {patterns: [/a/**, /b]}}`.
fn yaml_def(tree: &Tree, node: NodeId) -> Option<Def> {
    let span = tree.span(node);
    if let Some(text) = tree.str(node) {
        return Some(shortcut(text, span));
    }
    let name = tree.get_str(node, "name")?.trim().to_string();
    let mut args = Vec::new();
    if let Some(map) = tree.get(node, "args") {
        for entry in tree.entries(map) {
            let value_node = entry.value;
            if tree.is_seq(value_node) {
                for &item in tree.items(value_node) {
                    if let Some(text) = tree.scalar_text(item) {
                        args.push(Arg {
                            key: entry.key.to_string(),
                            value: text.to_string(),
                            span: tree.span(item),
                        });
                    }
                }
            } else if let Some(text) = tree.scalar_text(value_node) {
                args.push(Arg {
                    key: entry.key.to_string(),
                    value: text.to_string(),
                    span: Span::new(entry.key_span.start as usize, tree.span(value_node).end as usize),
                });
            } else if tree.is_map(value_node) {
                // `redis-rate-limiter: {replenishRate: 10}` nests what dotted keys flatten.
                for inner in tree.entries(value_node) {
                    if let Some(text) = tree.scalar_text(inner.value) {
                        args.push(Arg {
                            key: format!("{}.{}", entry.key, inner.key),
                            value: text.to_string(),
                            span: Span::new(
                                inner.key_span.start as usize,
                                tree.span(inner.value).end as usize,
                            ),
                        });
                    }
                }
            }
        }
    }
    Some(Def { name, args, span })
}

/// Shortcut notation: `Name=arg1,arg2` (arguments split on commas, as Spring does).
fn shortcut(text: &str, span: Span) -> Def {
    let (name, rest) = text.split_once('=').unwrap_or((text, ""));
    let args = rest
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .enumerate()
        .map(|(index, value)| Arg {
            key: format!("_genkey_{index}"),
            value: value.to_string(),
            span,
        })
        .collect();
    Def {
        name: name.trim().to_string(),
        args,
        span,
    }
}

/// Splits `routes[3].filters[1].args.redis-rate-limiter.replenishRate` after a known prefix.
fn strip_list_prefix<'k>(key: &'k str, list: &str) -> Option<(usize, &'k str)> {
    for prefix in ROUTE_PREFIXES {
        let mut head = String::new();
        for piece in prefix.iter() {
            head.push_str(piece);
            head.push('.');
        }
        head.push_str(list);
        // Compare relaxed, piece by piece, up to the `[`.
        let Some(bracket) = key.find('[') else {
            continue;
        };
        if relaxed(&key[..bracket].replace('.', "")) != relaxed(&head.replace('.', "")) {
            continue;
        }
        let rest = &key[bracket + 1..];
        let close = rest.find(']')?;
        let index: usize = rest[..close].trim().parse().ok()?;
        return Some((index, rest[close + 1..].trim_start_matches('.')));
    }
    None
}

/// A route read from properties: the route and its predicates and filters by index.
type PropertyRoute = (RawRoute, BTreeMap<usize, Def>, BTreeMap<usize, Def>);

fn property_routes(props: &[crate::parse::properties::Prop]) -> (Vec<RawRoute>, Vec<Def>) {
    let mut routes: BTreeMap<usize, PropertyRoute> = BTreeMap::new();
    let mut defaults: BTreeMap<usize, Def> = BTreeMap::new();
    for prop in props {
        let span = Span {
            start: prop.key_span.start,
            end: prop.value_span.end.max(prop.key_span.end),
        };
        if let Some((index, rest)) = strip_list_prefix(&prop.key, "routes") {
            let (route, predicates, filters) = routes.entry(index).or_insert_with(|| {
                (
                    RawRoute {
                        span,
                        ..RawRoute::default()
                    },
                    BTreeMap::new(),
                    BTreeMap::new(),
                )
            });
            if span.start < route.span.start {
                route.span = span;
            }
            let lower = relaxed(rest);
            if lower == "id" {
                route.id = Some(prop.value.clone());
            } else if lower == "uri" {
                route.uri = Some(prop.value.clone());
            } else if lower.starts_with("metadata") {
                route.metadata.push(prop.value.clone());
            } else if let Some(def_rest) = rest.strip_prefix("predicates[") {
                property_def(predicates, def_rest, &prop.value, span);
            } else if let Some(def_rest) = rest.strip_prefix("filters[") {
                property_def(filters, def_rest, &prop.value, span);
            }
        } else if let Some((index, rest)) = strip_list_prefix(&prop.key, "defaultfilters") {
            let rest = if rest.is_empty() {
                format!("{index}]")
            } else {
                format!("{index}].{rest}")
            };
            property_def(&mut defaults, &rest, &prop.value, span);
        }
    }
    let routes = routes
        .into_values()
        .map(|(mut route, predicates, filters)| {
            route.predicates = predicates.into_values().collect();
            route.filters = filters.into_values().collect();
            route
        })
        .collect();
    (routes, defaults.into_values().collect())
}

/// `0]=Path=/a`, `0].name=Path`, `0].args.patterns=/a`, `0].args[pattern]=/a`.
fn property_def(defs: &mut BTreeMap<usize, Def>, rest: &str, value: &str, span: Span) {
    let Some(close) = rest.find(']') else {
        return;
    };
    let Ok(index) = rest[..close].trim().parse::<usize>() else {
        return;
    };
    let tail = rest[close + 1..].trim_start_matches('.');
    let def = defs.entry(index).or_insert_with(|| Def {
        name: String::new(),
        args: Vec::new(),
        span,
    });
    if tail.is_empty() {
        let parsed = shortcut(value, span);
        def.name = parsed.name;
        def.args.extend(parsed.args);
    } else if relaxed(tail) == "name" {
        def.name = value.trim().to_string();
    } else if let Some(key) = tail.strip_prefix("args") {
        let key = key.trim_start_matches(['.', '[']).replace(']', "");
        let key = key
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('[')
            .to_string();
        for piece in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            def.args.push(Arg {
                key: key.clone(),
                value: piece.to_string(),
                span,
            });
        }
    }
}

fn arg<'d>(def: &'d Def, names: &[&str]) -> Option<&'d Arg> {
    def.args.iter().find(|a| {
        let key = relaxed(&a.key);
        names.iter().any(|n| key == *n || key.ends_with(&format!(".{n}")))
    })
}

/// The value of a named argument, else the first shortcut argument.
fn arg_or_first<'d>(def: &'d Def, names: &[&str]) -> Option<&'d Arg> {
    arg(def, names).or_else(|| def.args.iter().find(|a| a.key.starts_with("_genkey_")))
}

fn policy(file: &SourceFile, def: &Def, scope: PolicyScope) -> Option<FlowPolicy> {
    let at = At::of(file, def.span.start);
    match relaxed(&def.name).as_str() {
        "requestratelimiter" => {
            let replenish = def
                .args
                .iter()
                .find(|a| relaxed(&a.key).ends_with("replenishrate"));
            let tokens = def
                .args
                .iter()
                .find(|a| relaxed(&a.key).ends_with("requestedtokens"))
                .and_then(|a| a.value.trim().parse::<f64>().ok())
                .filter(|t| *t > 0.0)
                .unwrap_or(1.0);
            let per_second = replenish
                .and_then(|a| a.value.trim().parse::<f64>().ok())
                .map(|r| r / tokens);
            let limit = def
                .args
                .iter()
                .filter(|a| {
                    let key = relaxed(&a.key);
                    key.ends_with("replenishrate")
                        || key.ends_with("burstcapacity")
                        || key.ends_with("requestedtokens")
                })
                .map(|a| format!("{}: {}", a.key.rsplit('.').next().unwrap_or(&a.key), a.value))
                .collect::<Vec<_>>()
                .join(", ");
            Some(FlowPolicy {
                id: format!("scg|{}|{}|{}", at.file, at.line, at.column),
                kind: PolicyKind::ScgRequestRateLimiter,
                scope,
                name: String::new(),
                snippet: line_snippet(file, def.span),
                limit_at: replenish.map(|a| At::of(file, a.span.start)),
                limit_snippet: replenish.and_then(|a| line_snippet(file, a.span)),
                at,
                per_second,
                limit,
            })
        }
        "circuitbreaker" | "hystrix" | "springcloudcircuitbreaker" => {
            let name = arg_or_first(def, &["name"])
                .map(|a| a.value.trim().to_string())
                .unwrap_or_default();
            // A breaker's state is keyed by its name: same name, same breaker.
            let id = if name.is_empty() {
                format!("scg-breaker|{}|{}|{}", at.file, at.line, at.column)
            } else {
                format!("scg-breaker|{}|{name}", at.file)
            };
            Some(FlowPolicy {
                id,
                kind: PolicyKind::ScgCircuitBreaker,
                scope,
                name,
                snippet: line_snippet(file, def.span),
                limit_at: None,
                limit_snippet: None,
                at,
                per_second: None,
                limit: String::new(),
            })
        }
        _ => None,
    }
}

fn route(file: &SourceFile, raw: RawRoute, index: usize, defaults: &[FlowPolicy]) -> Route {
    let mut paths = Vec::new();
    let mut methods = Vec::new();
    let mut hosts = Vec::new();
    for def in &raw.predicates {
        let values = def
            .args
            .iter()
            .filter(|a| {
                let key = relaxed(&a.key);
                !key.contains("trailing") && !key.contains("optional")
            })
            .map(|a| a.value.trim().to_string());
        match relaxed(&def.name).as_str() {
            "path" => paths.extend(values.map(|pattern| PathMatch {
                kind: MatchKind::Pattern,
                pattern,
            })),
            "method" => methods.extend(values.map(|m| m.to_ascii_uppercase())),
            "host" => hosts.extend(values),
            _ => {}
        }
    }
    if paths.is_empty() {
        paths.push(PathMatch {
            kind: MatchKind::Pattern,
            pattern: "/**".into(),
        });
    }
    let uri = raw.uri.clone().unwrap_or_default();
    let mut terminated = if uri.starts_with("no://") {
        Some(format!("uri `{uri}` forwards nowhere"))
    } else if uri.starts_with("forward:") {
        Some(format!("uri `{uri}` is served by the gateway itself"))
    } else {
        None
    };
    let mut strip_segments = 0;
    let mut upstream_path = None;
    let mut rewrite = None;
    let mut policies: Vec<FlowPolicy> = Vec::new();
    for def in &raw.filters {
        match relaxed(&def.name).as_str() {
            "stripprefix" => {
                strip_segments = arg_or_first(def, &["parts"])
                    .and_then(|a| a.value.trim().parse().ok())
                    .unwrap_or(1);
            }
            "prefixpath" => {
                upstream_path = arg_or_first(def, &["prefix"]).map(|a| a.value.trim().to_string())
            }
            "rewritepath" => {
                let regexp = arg_or_first(def, &["regexp"]).map(|a| a.value.as_str());
                let replacement = arg(def, &["replacement"])
                    .or_else(|| def.args.iter().filter(|a| a.key.starts_with("_genkey_")).nth(1))
                    .map(|a| a.value.as_str());
                if let (Some(regexp), Some(replacement)) = (regexp, replacement) {
                    rewrite = prefix_rewrite(regexp, replacement);
                }
            }
            "redirectto" => terminated = Some("RedirectTo: answered with a redirect".into()),
            _ => {
                if let Some(policy) = policy(file, def, PolicyScope::Route) {
                    policies.push(policy);
                }
            }
        }
    }
    // A route's own limiter or breaker overrides the default filter of the same kind.
    for default in defaults {
        if !policies.iter().any(|p| p.kind == default.kind) {
            policies.push(default.clone());
        }
    }
    let name = raw.id.clone().unwrap_or_else(|| format!("route #{}", index + 1));
    let interface_ids = raw
        .metadata
        .iter()
        .filter(|v| crate::model::routes::looks_like_interface_id(v))
        .cloned()
        .collect();
    Route {
        kind: RouteKind::SpringCloudGateway,
        name,
        at: At::of(file, raw.span.start),
        service: raw.uri.clone(),
        methods,
        hosts,
        paths,
        strip_path: false,
        strip_segments,
        upstream_path,
        upstream_host: raw.uri.as_deref().and_then(crate::model::matching::host),
        rewrite,
        interface_ids,
        terminated,
        acl: None,
        policies,
        snippet: line_snippet(file, raw.span),
        operations: Vec::new(),
        consumers: None,
        unresolved: false,
    }
}

/// `RewritePath=/red/?(?<segment>.*), /${segment}` is the prefix rewrite `/red/` -> `/`; other
/// rewrites are not modelled.
fn prefix_rewrite(regexp: &str, replacement: &str) -> Option<(String, String)> {
    let regexp = regexp.trim().trim_start_matches('^');
    let open = regexp.find('(')?;
    let literal = regexp[..open].replace("/?", "/");
    if literal.contains(['.', '*', '+', '?', '[', ']', '{', '}', '|', '\\', '$']) {
        return None;
    }
    let group = regexp[open..].trim_end_matches('$');
    let captures_rest = group == "(.*)" || (group.starts_with("(?<") && group.ends_with(">.*)"));
    if !captures_rest {
        return None;
    }
    let replacement = replacement.trim().replace("$\\{", "${");
    let at = replacement.find('$')?;
    let target = replacement[..at].to_string();
    let target = if target.is_empty() {
        "/".to_string()
    } else {
        target
    };
    Some((literal, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_that_are_prefix_replacements() {
        assert_eq!(
            prefix_rewrite("/red/?(?<segment>.*)", "/$\\{segment}"),
            Some(("/red/".to_string(), "/".to_string()))
        );
        assert_eq!(
            prefix_rewrite("^/api/(.*)$", "/v1/$1"),
            Some(("/api/".to_string(), "/v1/".to_string()))
        );
        assert_eq!(prefix_rewrite("/a/(\\d+)/b", "/$1"), None);
    }

    #[test]
    fn property_keys() {
        assert_eq!(
            strip_list_prefix("spring.cloud.gateway.routes[3].filters[1].args.x", "routes"),
            Some((3, "filters[1].args.x"))
        );
        assert_eq!(
            strip_list_prefix("spring.cloud.gateway.default-filters[0]", "defaultfilters"),
            Some((0, ""))
        );
        assert_eq!(strip_list_prefix("spring.datasource.url", "routes"), None);
    }
}
