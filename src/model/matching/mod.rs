//! Which operations a route or a grant reaches.
//!
//! Every operation is known by its documented paths: each server's base path joined to the
//! operation's path (`/legacy/api` + `/transfer/submit`; Swagger 2.0 `basePath` counts even
//! without `host`), and the bare operation path. Path templates (`{id}`) match any one segment,
//! on either side. A route reaches an operation when one of its paths matches a documented path
//! (the spec describes the gateway's public API), or, for a spec whose servers name the route's
//! upstream host, when the path the route forwards to is documented (the spec describes the
//! service behind the gateway): `strip_path`, `StripPrefix`, prefix `RewritePath`, `PrefixPath`
//! and the Kong service path or nginx `proxy_pass` URI are undone to find the public path.
//! Routes and grants that name interface IDs are matched by ID only.
//!
//! Regular expressions cannot be compared with a template directly: a templated path is tested
//! with sample values in its templates (`1`, `a`, `x1`), which every segment pattern seen in
//! real gateway configs accepts. A regex this engine cannot compile (look-around) leaves the
//! route `unresolved`: never orphaned, reaching nothing known.
//!
//! Speed: documented paths go into a segment trie (templates under one wildcard child), and
//! each route path only tests the operations under its literal prefix, so 10,000 routes over
//! 100,000 operations link in well under a second.

mod glob;
mod index;
mod pattern;
pub mod served;
mod servers;

use crate::model::inventory::InventoryEntry;
use crate::model::routes::{GrantRef, GrantTarget, MatchKind, OperationKey, Route, RouteKind, RouteRef};
use crate::model::Portfolio;
use glob::*;
use index::*;
use pattern::*;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

use servers::host_key;
pub use servers::{base_path, host, scope_defs, server_list, servers};

/// Sample values for path templates when testing a regular expression.
pub(super) const SAMPLES: &[&str] = &["1", "a", "x1"];

/// The public path a route receives for an upstream path `documented`, undoing what the route
/// does before forwarding; None when the route cannot have produced it.
fn public_path(route: &Route, strip_literal: &str, documented: &str) -> Option<String> {
    let mut path = documented.to_string();
    if let Some(upstream) = route.upstream_path.as_deref() {
        let upstream = normalise(upstream);
        if upstream != "/" {
            let rest = path.strip_prefix(&upstream)?;
            if !(rest.is_empty() || rest.starts_with('/') || upstream.ends_with('/')) {
                return None;
            }
            path = format!("/{rest}");
        }
    }
    if let Some((from, to)) = &route.rewrite {
        let rest = path.strip_prefix(to.as_str())?;
        path = join(from, rest);
    }
    if route.strip_segments > 0 {
        let literal = segments(strip_literal);
        let mut head = String::new();
        for index in 0..route.strip_segments as usize {
            head.push('/');
            head.push_str(
                literal
                    .get(index)
                    .copied()
                    .filter(|s| !s.is_empty())
                    .unwrap_or("x"),
            );
        }
        path = join(&head, &path);
    }
    if route.strip_path {
        path = join(strip_literal, &path);
    }
    Some(normalise(&path))
}

/// What the literal start of a route's public paths becomes upstream (the inverse of
/// `public_path`); what a strip removes entirely leaves only the upstream prefix.
fn upstream_literal(route: &Route, literal: &str) -> String {
    let mut rest = if route.strip_path {
        String::new()
    } else {
        literal.to_string()
    };
    if route.strip_segments > 0 {
        let segs = segments(&rest);
        let keep = segs.len().saturating_sub(route.strip_segments as usize);
        rest = if keep == 0 {
            String::new()
        } else {
            format!("/{}", segs[route.strip_segments as usize..].join("/"))
        };
    }
    if let Some((from, to)) = &route.rewrite {
        rest = match rest.strip_prefix(from.as_str()) {
            Some(tail) => join(to, tail),
            None => to.clone(),
        };
    }
    if let Some(upstream) = route.upstream_path.as_deref() {
        rest = join(upstream, &rest);
    }
    if rest.is_empty() {
        "/".to_string()
    } else {
        rest
    }
}

fn method_ok(route_methods: &[String], method: &str) -> bool {
    route_methods.is_empty()
        || route_methods
            .iter()
            .any(|m| m == method || (m == "GET" && method == "HEAD"))
}

fn key(entry: &InventoryEntry) -> OperationKey {
    OperationKey {
        spec: entry.spec.to_string(),
        method: entry.method.clone(),
        path: entry.path.clone(),
        id: entry.id.clone(),
    }
}

/// A route path that matched a documented path as the client sends it: several routes of one
/// gateway may match the same request, and only one of them takes it.
#[derive(Debug, Clone, Copy)]
struct PublicMatch {
    op: u32,
    form: u32,
    kind: MatchKind,
    /// Length of the matching pattern (longest prefix wins).
    length: usize,
}

/// What one route reaches.
struct Reach {
    ops: Vec<u32>,
    /// Public-form matches, for precedence between routes of one config.
    public: Vec<PublicMatch>,
    /// Operations reached through the upstream form (no precedence applies).
    upstream: BTreeSet<u32>,
    unresolved: bool,
}

/// What one route reaches: interface indexes (sorted), and whether a path could not be read.
fn reach(route: &Route, index: &Index, interfaces: &[InventoryEntry]) -> Reach {
    let mut found = BTreeSet::new();
    let mut public = Vec::new();
    let mut upstream = BTreeSet::new();
    if !route.interface_ids.is_empty() {
        for id in &route.interface_ids {
            found.extend(index.by_id.get(id).into_iter().flatten().copied());
        }
        return Reach {
            upstream: found.clone(),
            ops: found.into_iter().collect(),
            public,
            unresolved: false,
        };
    }
    let transforms = route.strip_path
        || route.strip_segments > 0
        || route.rewrite.is_some()
        || route
            .upstream_path
            .as_deref()
            .is_some_and(|p| normalise(p) != "/");
    let upstream_forms = route
        .upstream_host
        .as_deref()
        .and_then(|h| index.by_host.get(&host_key(&h.to_ascii_lowercase())));
    let mut unresolved = false;
    for path in &route.paths {
        let Some(matcher) = compile(path) else {
            unresolved = true;
            continue;
        };
        let exact = matcher.candidates_exact();
        for form in index.candidates(&matcher) {
            let (op, documented) = &index.forms[form as usize];
            if !method_ok(&route.methods, &interfaces[*op as usize].method) {
                continue;
            }
            if (exact && !index.mixed[form as usize])
                || matcher.matches_form(documented, &index.samples[form as usize])
            {
                found.insert(*op);
                public.push(PublicMatch {
                    op: *op,
                    form,
                    kind: path.kind,
                    length: path.pattern.len(),
                });
            }
        }
        if let (true, Some(host_forms)) = (transforms, upstream_forms) {
            let literal = matcher.literal_prefix();
            // Only documented paths under what the route's literal start becomes upstream.
            let candidates = index.prefix_candidates(&upstream_literal(route, &literal));
            for form in candidates.into_iter().filter(|f| host_forms.contains(f)) {
                let (op, documented) = &index.forms[form as usize];
                if found.contains(op) || !method_ok(&route.methods, &interfaces[*op as usize].method) {
                    continue;
                }
                if public_path(route, &literal, documented).is_some_and(|public| matcher.matches(&public)) {
                    found.insert(*op);
                    upstream.insert(*op);
                }
            }
        }
    }
    Reach {
        ops: found.into_iter().collect(),
        public,
        upstream,
        unresolved,
    }
}

/// A route competing for a request: (route index, path kind, pattern length).
type Candidate = (usize, MatchKind, usize);

/// Which of several routes of one config takes a request, by the gateway's own rules: Kong
/// tries regex paths before prefixes, longest prefix first; nginx takes an exact location,
/// else the longest prefix if it is `^~`, else the first matching regex in file order, else the
/// longest prefix; Spring Cloud Gateway takes the first route in order. `candidates` are
/// (route index, kind, pattern length) in file order; returns the winning route index.
fn winner(kind: RouteKind, candidates: &[Candidate]) -> Option<usize> {
    let is_regex = |k: MatchKind| {
        matches!(
            k,
            MatchKind::Regex | MatchKind::RegexAnchored | MatchKind::RegexCaseless
        )
    };
    let is_prefix = |k: MatchKind| matches!(k, MatchKind::Prefix | MatchKind::PrefixPriority);
    let longest_prefix = candidates
        .iter()
        .filter(|(_, k, _)| is_prefix(*k))
        .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)));
    match kind {
        RouteKind::SpringCloudGateway => candidates.first().map(|c| c.0),
        RouteKind::Kong => candidates
            .iter()
            .find(|(_, k, _)| is_regex(*k) || *k == MatchKind::Exact)
            .or(longest_prefix)
            .or(candidates.first())
            .map(|c| c.0),
        RouteKind::Nginx => {
            if let Some(exact) = candidates.iter().find(|(_, k, _)| *k == MatchKind::Exact) {
                return Some(exact.0);
            }
            if let Some(prefix) = longest_prefix.filter(|p| p.1 == MatchKind::PrefixPriority) {
                return Some(prefix.0);
            }
            candidates
                .iter()
                .find(|(_, k, _)| is_regex(*k))
                .or(longest_prefix)
                .or(candidates.first())
                .map(|c| c.0)
        }
    }
}

/// Whether a route's paths lie inside the namespace of the documented APIs (share a first
/// segment with some documented path); routes outside (health checks, static files) are not
/// interface routes.
pub(crate) fn inside_apis(route: &Route, first_segments: &BTreeSet<String>) -> bool {
    route.paths.iter().any(|path| {
        let literal = match path.kind {
            MatchKind::Prefix | MatchKind::PrefixPriority | MatchKind::Exact | MatchKind::Pattern => {
                path.pattern.clone()
            }
            MatchKind::RegexAnchored => regex_literal_prefix(&path.pattern, true),
            MatchKind::Regex => regex_literal_prefix(&path.pattern, false),
            MatchKind::RegexCaseless => String::new(),
        };
        let first = segments(&literal).first().copied().unwrap_or("");
        // Without a literal first segment the route's place cannot be told: not an API route
        // as far as LIFE004 knows (static-file regexes, catch-alls reach something anyway).
        if first.is_empty() || first.contains(['*', '{', '?']) {
            return false;
        }
        // Sorted: the first documented segment at or after `first` is the only one that can
        // start with it; templated first segments are the range from `{` to `|`.
        use std::ops::Bound::{Excluded, Included, Unbounded};
        let starts = first_segments
            .range::<str, _>((Included(first), Unbounded))
            .next()
            .is_some_and(|documented| documented.starts_with(first));
        starts
            || first_segments
                .range::<str, _>((Included("{"), Excluded("|")))
                .next()
                .is_some()
    })
}

/// Links every route and grant to the operations it reaches, and every operation to its routes
/// and grants. Deterministic: results depend only on the sorted portfolio.
pub fn link(portfolio: &mut Portfolio) {
    if portfolio.routes.is_empty() && portfolio.grants.is_empty() {
        // Nothing to link: the index of every operation's path forms (a second for an API
        // directory of 130,000 operations) is not built.
        for entry in &mut portfolio.interfaces {
            entry.routes.clear();
            entry.grants.clear();
        }
        return;
    }
    let index = Index::new(&portfolio.interfaces);
    let interfaces = &portfolio.interfaces;
    let mut reached: Vec<Reach> = portfolio
        .routes
        .par_iter()
        .map(|route| reach(route, &index, interfaces))
        .collect();
    // Where several routes of one config match the same request, only the winner takes it.
    // Routes compete within one config file and one set of hosts (an nginx `server`).
    let mut groups: HashMap<(&str, Vec<&str>), u32> = HashMap::new();
    let mut contested: HashMap<(u32, u32, u32), Vec<Candidate>> = HashMap::new();
    for (r, reach) in reached.iter().enumerate() {
        if reach.public.is_empty() {
            continue;
        }
        let route = &portfolio.routes[r];
        let next = groups.len() as u32;
        let group = *groups
            .entry((
                route.at.file.as_str(),
                route.hosts.iter().map(String::as_str).collect(),
            ))
            .or_insert(next);
        for m in &reach.public {
            contested
                .entry((group, m.form, m.op))
                .or_default()
                .push((r, m.kind, m.length));
        }
    }
    let mut lost: HashMap<usize, BTreeSet<(u32, u32)>> = HashMap::new();
    for ((_, form, op), mut candidates) in contested {
        candidates.sort_by_key(|c| c.0);
        candidates.dedup_by_key(|c| c.0);
        if candidates.len() < 2 {
            continue;
        }
        let kind = portfolio.routes[candidates[0].0].kind;
        let Some(won) = winner(kind, &candidates) else {
            continue;
        };
        for (r, _, _) in candidates {
            if r != won {
                lost.entry(r).or_default().insert((form, op));
            }
        }
    }
    for (r, lost) in lost {
        let reach = &mut reached[r];
        // An operation stays if another of its documented paths, or its upstream form, still
        // reaches it through this route.
        let kept: BTreeSet<u32> = reach
            .public
            .iter()
            .filter(|m| !lost.contains(&(m.form, m.op)))
            .map(|m| m.op)
            .chain(reach.upstream.iter().copied())
            .collect();
        reach.ops.retain(|op| kept.contains(op));
    }
    let mut route_refs: Vec<Vec<RouteRef>> = vec![Vec::new(); interfaces.len()];
    let mut grant_refs: Vec<Vec<GrantRef>> = vec![Vec::new(); interfaces.len()];
    for (route, reach) in portfolio.routes.iter_mut().zip(reached) {
        let Reach { ops, unresolved, .. } = reach;
        route.unresolved = unresolved;
        route.operations = ops.iter().map(|&i| key(&interfaces[i as usize])).collect();
        for &i in &ops {
            route_refs[i as usize].push(RouteRef {
                kind: route.kind,
                name: route.name.clone(),
                file: route.at.file.clone(),
                line: route.at.line,
                terminated: route.terminated.clone(),
            });
        }
    }
    for grant in &mut portfolio.grants {
        let ops: BTreeSet<u32> = match grant.target() {
            GrantTarget::Id(id) => index
                .by_id
                .get(&id)
                .or_else(|| index.by_operation_id.get(&id))
                .into_iter()
                .flatten()
                .copied()
                .collect(),
            GrantTarget::Endpoint(method, path) => {
                let path = normalise(&path);
                let matcher = Matcher::Exact(path.clone());
                index
                    .candidates(&matcher)
                    .into_iter()
                    .map(|form| &index.forms[form as usize])
                    .filter(|(op, documented)| {
                        exact_matches(&path, documented)
                            && method
                                .as_deref()
                                .is_none_or(|m| interfaces[*op as usize].method == m)
                    })
                    .map(|(op, _)| *op)
                    .collect()
            }
            GrantTarget::Scope(scope) => interfaces
                .iter()
                .enumerate()
                .filter(|(_, entry)| {
                    entry
                        .security
                        .iter()
                        .any(|label| label_scope(label) == Some(scope.as_str()))
                })
                .map(|(i, _)| i as u32)
                .collect(),
        };
        grant.operations = ops.iter().map(|&i| key(&interfaces[i as usize])).collect();
        for &i in &ops {
            grant_refs[i as usize].push(GrantRef {
                app: grant.app.clone(),
                file: grant.at.file.clone(),
                line: grant.at.line,
                status: grant.status.clone(),
                active: grant.active,
            });
        }
    }
    let known_consumers = !portfolio.consumers.is_empty();
    for route in &mut portfolio.routes {
        route.consumers = match (&route.acl, known_consumers) {
            (Some(acl), true) => Some(
                portfolio
                    .consumers
                    .iter()
                    .filter(|c| {
                        let allowed = acl.allow.is_empty() || c.groups.iter().any(|g| acl.allow.contains(g));
                        allowed && !c.groups.iter().any(|g| acl.deny.contains(g))
                    })
                    .map(|c| c.name.clone())
                    .collect(),
            ),
            _ => None,
        };
    }
    for ((entry, routes), grants) in portfolio.interfaces.iter_mut().zip(route_refs).zip(grant_refs) {
        entry.routes = routes;
        entry.grants = grants;
    }
}

/// The scope of a `scheme:scope` security label.
pub fn label_scope(label: &str) -> Option<&str> {
    label.split_once(':').map(|(_, scope)| scope)
}

/// First segments of every documented path (for `inside_apis`).
pub(crate) fn first_segments(interfaces: &[InventoryEntry]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in interfaces {
        let mut paths = vec![normalise(&entry.path)];
        paths.extend(
            entry
                .servers
                .iter()
                .map(|url| normalise(&join(&base_path(url), &entry.path))),
        );
        for path in paths {
            if let Some(first) = segments(&path).first() {
                out.insert((*first).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::routes::PathMatch;

    fn pm(kind: MatchKind, pattern: &str) -> Matcher {
        compile(&PathMatch {
            kind,
            pattern: pattern.into(),
        })
        .unwrap_or_else(|| panic!("{pattern} compiles"))
    }

    #[test]
    fn templated_paths_match_literal_and_template_routes() {
        let exact = pm(MatchKind::Exact, "/v1/accounts/{accountId}/balance");
        assert!(exact.matches("/v1/accounts/{id}/balance"));
        assert!(!exact.matches("/v1/accounts/{id}/limits"));
        let prefix = pm(MatchKind::Prefix, "/v1/trans");
        assert!(prefix.matches("/v1/transfers/{id}"));
        assert!(!prefix.matches("/v1/accounts"));
        assert!(pm(MatchKind::Prefix, "/legacy/api/").matches("/legacy/api/transfer/submit"));
        assert!(!pm(MatchKind::Prefix, "/legacy/api/").matches("/legacy/api"));
        assert!(pm(MatchKind::Prefix, "/v1/accounts/12").matches("/v1/accounts/{id}/balance"));
        // A template with literal text in its segment is a glob, not a wildcard.
        assert!(exact_matches("/v1/{name}:stop", "/v1/jobs:stop"));
        assert!(!exact_matches("/v1/{name}:stop", "/v1/jobs:start"));
        assert!(!exact_matches("/v1/{name}:stop", "/v1/{job}:start"));
        assert!(exact_matches("/v1/{name}:stop", "/v1/{job}"));
    }

    #[test]
    fn regexes_and_spring_patterns() {
        let kong = pm(
            MatchKind::RegexAnchored,
            "/v1/accounts/(?<accountId>[^/]+)/balance$",
        );
        assert!(kong.matches("/v1/accounts/{accountId}/balance"));
        assert!(!kong.matches("/x/v1/accounts/{accountId}/balance"));
        let digits = pm(MatchKind::Regex, "^/v1/orders/\\d+$");
        assert!(digits.matches("/v1/orders/{orderId}"));
        let unanchored = pm(MatchKind::RegexCaseless, "/STATUS$");
        assert!(unanchored.matches("/v1/payments/{id}/status"));
        let spring = pm(MatchKind::Pattern, "/v1/wealth/products/**");
        assert!(spring.matches("/v1/wealth/products"));
        assert!(spring.matches("/v1/wealth/products/{code}/nav"));
        assert!(!spring.matches("/v1/wealth/orders"));
        assert!(pm(MatchKind::Pattern, "/v1/*/balance").matches("/v1/{id}/balance"));
        assert!(pm(MatchKind::Pattern, "/v1/{id:\\d+}").matches("/v1/42"));
        assert!(!pm(MatchKind::Pattern, "/v1/{id:\\d+}").matches("/v1/abc"));
        assert!(compile(&PathMatch {
            kind: MatchKind::Regex,
            pattern: "^/(?!internal)".into()
        })
        .is_none());
    }

    #[test]
    fn regexes_as_path_pieces() {
        assert_eq!(
            regex_pieces("/v1/accounts/(?<accountId>[^/]+)/balance$", true),
            Some((
                vec![
                    Piece::Lit("v1".into()),
                    Piece::Lit("accounts".into()),
                    Piece::Any,
                    Piece::Lit("balance".into())
                ],
                true
            ))
        );
        assert_eq!(
            regex_pieces("^/v1/orders/\\d+", false),
            Some((
                vec![Piece::Lit("v1".into()), Piece::Lit("orders".into()), Piece::Any],
                false
            ))
        );
        assert!(single_segment("[a-zA-Z0-9_-]+") && single_segment("(\\w+)"));
        assert!(!single_segment("[!-z]+") && !single_segment(".+") && !single_segment("[^x]+"));
        assert_eq!(regex_pieces("/v1/(.*)", true), None);
        assert_eq!(regex_pieces("\\.php$", false), None);
    }

    #[test]
    fn literal_prefixes_of_regexes() {
        assert_eq!(
            regex_literal_prefix("/v1/transfers/(?<id>[^/]+)$", true),
            "/v1/transfers/"
        );
        assert_eq!(regex_literal_prefix("^/v1/a\\.json", false), "/v1/a.json");
        assert_eq!(regex_literal_prefix("/v1/items?", true), "/v1/item");
        assert_eq!(regex_literal_prefix("\\.php$", false), "");
        assert_eq!(regex_literal_prefix("^/a|^/b", false), "");
    }

    #[test]
    fn the_gateway_picks_one_route() {
        use MatchKind::*;
        // nginx: an exact location, else a `^~` longest prefix, else the first regex, else the
        // longest prefix.
        assert_eq!(
            winner(RouteKind::Nginx, &[(0, Prefix, 4), (1, Regex, 9), (2, Exact, 12)]),
            Some(2)
        );
        assert_eq!(
            winner(RouteKind::Nginx, &[(0, PrefixPriority, 8), (1, Regex, 9)]),
            Some(0)
        );
        assert_eq!(
            winner(
                RouteKind::Nginx,
                &[(0, PrefixPriority, 4), (1, Prefix, 8), (2, Regex, 9)]
            ),
            Some(2)
        );
        assert_eq!(
            winner(RouteKind::Nginx, &[(0, Prefix, 4), (1, Prefix, 8)]),
            Some(1)
        );
        // Kong: regex before prefixes, then the longest prefix.
        assert_eq!(
            winner(RouteKind::Kong, &[(0, Prefix, 20), (1, RegexAnchored, 5)]),
            Some(1)
        );
        assert_eq!(
            winner(RouteKind::Kong, &[(0, Prefix, 5), (1, Prefix, 20)]),
            Some(1)
        );
        // Spring Cloud Gateway: the first route.
        assert_eq!(
            winner(
                RouteKind::SpringCloudGateway,
                &[(3, Pattern, 2), (5, Pattern, 40)]
            ),
            Some(3)
        );
    }

    #[test]
    fn upstream_paths_are_traced_back_to_public_ones() {
        let mut route = Route {
            kind: RouteKind::Kong,
            name: "r".into(),
            at: super::super::routes::At::default(),
            service: None,
            methods: Vec::new(),
            hosts: Vec::new(),
            paths: Vec::new(),
            strip_path: true,
            strip_segments: 0,
            upstream_path: Some("/api".into()),
            upstream_host: None,
            rewrite: None,
            interface_ids: Vec::new(),
            terminated: None,
            acl: None,
            policies: Vec::new(),
            snippet: None,
            operations: Vec::new(),
            consumers: None,
            unresolved: false,
        };
        assert_eq!(
            public_path(&route, "/bank", "/api/v1/a/{id}").as_deref(),
            Some("/bank/v1/a/{id}")
        );
        assert_eq!(public_path(&route, "/bank", "/other/v1/a"), None);
        route.strip_path = false;
        route.upstream_path = Some("/api".into());
        route.strip_segments = 1;
        assert_eq!(
            public_path(&route, "/acct", "/api/v1/a").as_deref(),
            Some("/acct/v1/a")
        );
        route.strip_segments = 0;
        route.upstream_path = None;
        route.rewrite = Some(("/red/".into(), "/".into()));
        assert_eq!(public_path(&route, "", "/v1/a").as_deref(), Some("/red/v1/a"));
    }

    #[test]
    fn base_paths_and_hosts() {
        assert_eq!(base_path("https://api.bank.com/legacy/api/"), "/legacy/api");
        assert_eq!(base_path("https://api.bank.com"), "");
        assert_eq!(base_path("/v2"), "/v2");
        assert_eq!(
            host("http://Payments-Service.pay.svc:8080/api").as_deref(),
            Some("payments-service.pay.svc")
        );
        assert_eq!(host("/v2"), None);
        assert_eq!(host_key("payments-service.pay.svc"), "payments-service");
    }
}
