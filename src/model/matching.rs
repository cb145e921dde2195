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

use super::inventory::InventoryEntry;
use super::routes::{
    GrantRef, GrantTarget, MatchKind, OperationKey, PathMatch, Route, RouteKind, RouteRef, ScopeDef,
};
use super::spec::{Operation, SchemeKind, Spec};
use super::Portfolio;
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use std::collections::{BTreeSet, HashMap};

/// Sample values for path templates when testing a regular expression.
const SAMPLES: &[&str] = &["1", "a", "x1"];

/// The server URLs that apply to an operation (operation, path item, else document), with
/// server variables replaced by their defaults; Swagger 2.0: `basePath` (with `host` when
/// given).
pub fn servers(spec: &Spec, op: &Operation) -> Vec<String> {
    if spec.version == super::spec::SpecVersion::Swagger2 {
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
        let mut urls = Vec::new();
        for server in spec.items(list) {
            let Some(url) = spec.get_str(server, "url") else {
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
            urls.push(url);
        }
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
fn host_key(host: &str) -> String {
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
                    at: super::routes::At::of(file, key_span.start),
                    snippet: super::routes::line_snippet(file, key_span),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.at, &a.scope).cmp(&(&b.at, &b.scope)));
    out.dedup_by(|a, b| a.scope == b.scope && a.at == b.at);
    out
}

fn is_template(segment: &str) -> bool {
    segment.contains('{')
}

/// Segments of a path: `/v1/a` -> `[v1, a]`, `/` -> `[""]`, `/v1/` -> `[v1, ""]`.
fn segments(path: &str) -> Vec<&str> {
    path.strip_prefix('/').unwrap_or(path).split('/').collect()
}

fn join(base: &str, path: &str) -> String {
    let mut joined = format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'));
    while joined.contains("//") {
        joined = joined.replace("//", "/");
    }
    joined
}

/// A documented path without a trailing slash (except `/` itself).
fn normalise(path: &str) -> String {
    let mut path = join("", path);
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    path
}

/// A segment that is one template and nothing else (`{id}`).
fn is_pure_template(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}') && segment.matches('{').count() == 1
}

/// A segment with templates and literal text (`{name}:stop`, `{file}.json`) as a glob.
fn template_glob(segment: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in segment.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('*');
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether two path segments can name the same request segment: a whole-segment template
/// matches anything; a template with literal text matches as a glob (`{name}:stop` matches
/// `jobs:stop`, not `jobs:start`).
fn seg_eq(a: &str, b: &str) -> bool {
    let (ta, tb) = (is_template(a), is_template(b));
    if !ta && !tb {
        return a == b;
    }
    if is_pure_template(a) || is_pure_template(b) {
        return true;
    }
    if ta && tb {
        return template_glob(a) == template_glob(b);
    }
    let (template, literal) = if ta { (a, b) } else { (b, a) };
    glob(template_glob(template).as_bytes(), literal.as_bytes())
}

fn prefix_matches(prefix: &str, path: &str) -> bool {
    let p = segments(prefix);
    let d = segments(path);
    if d.len() < p.len() {
        return false;
    }
    let last = p.len() - 1;
    p[..last].iter().zip(&d).all(|(a, b)| seg_eq(a, b))
        && (is_template(d[last]) || d[last].starts_with(p[last]))
}

fn exact_matches(exact: &str, path: &str) -> bool {
    let e = segments(exact);
    let d = segments(path);
    e.len() == d.len() && e.iter().zip(&d).all(|(a, b)| seg_eq(a, b))
}

/// A path with every template replaced by a sample value.
fn concrete(path: &str, sample: &str) -> String {
    if !path.contains('{') {
        return path.to_string();
    }
    segments(path)
        .iter()
        .map(|segment| if is_template(segment) { sample } else { segment })
        .fold(String::new(), |mut acc, segment| {
            acc.push('/');
            acc.push_str(segment);
            acc
        })
}

/// One segment of a Spring `PathPattern`.
#[derive(Debug)]
enum Seg {
    Lit(String),
    /// `*` or `{var}`.
    One,
    /// `*` or `?` inside a segment.
    Glob(String),
    /// `{var:regex}`.
    Rx(Regex),
    /// `**` or `{*var}`.
    Rest,
}

fn compile_pattern(pattern: &str) -> Option<Vec<Seg>> {
    let parts = segments(pattern);
    if parts.len() > 64 || parts.iter().filter(|p| **p == "**").count() > 4 {
        return None;
    }
    Some(
        parts
            .into_iter()
            .map(|part| {
                if part == "**" || (part.starts_with("{*") && part.ends_with('}')) {
                    Seg::Rest
                } else if part == "*" || (part.starts_with('{') && part.ends_with('}') && !part.contains(':'))
                {
                    Seg::One
                } else if part.starts_with('{') && part.ends_with('}') {
                    let inner = &part[1..part.len() - 1];
                    let regex = inner.split_once(':').map(|(_, r)| r).unwrap_or(".*");
                    match Regex::new(&format!("^(?:{regex})$")) {
                        Ok(regex) => Seg::Rx(regex),
                        Err(_) => Seg::One,
                    }
                } else if part.contains(['*', '?']) {
                    Seg::Glob(part.to_string())
                } else {
                    Seg::Lit(part.to_string())
                }
            })
            .collect(),
    )
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t, mut star, mut mark) = (0, 0, usize::MAX, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = p;
            mark = t;
            p += 1;
        } else if star != usize::MAX {
            p = star + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == b'*' {
        p += 1;
    }
    p == pattern.len()
}

fn pattern_matches(pattern: &[Seg], path: &[&str]) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return path.is_empty() || path == [""];
    };
    if let Seg::Rest = first {
        return (0..=path.len()).any(|skip| pattern_matches(rest, &path[skip..]));
    }
    let Some((segment, tail)) = path.split_first() else {
        return false;
    };
    let ok = is_template(segment)
        || match first {
            Seg::Lit(literal) => literal == segment,
            Seg::One => !segment.is_empty(),
            Seg::Glob(glob_text) => glob(glob_text.as_bytes(), segment.as_bytes()),
            Seg::Rx(regex) => regex.is_match(segment),
            Seg::Rest => true,
        };
    ok && pattern_matches(rest, tail)
}

/// The literal start of a regular expression (`^/v1/transfers/(?<id>..)` -> `/v1/transfers/`);
/// empty when it is not anchored or has a top-level alternative.
fn regex_literal_prefix(regex: &str, anchored: bool) -> String {
    let body = match regex.strip_prefix('^') {
        Some(body) => body,
        None if anchored => regex,
        None => return String::new(),
    };
    if body.contains('|') {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&next) if "/.-_~".contains(next) => {
                    out.push(next);
                    chars.next();
                }
                _ => break,
            },
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => {
                // A quantifier makes the character before it optional.
                if matches!(c, '*' | '?' | '{') {
                    out.pop();
                }
                break;
            }
            other => out.push(other),
        }
    }
    out
}

/// A piece of a regular expression between slashes, for narrowing candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    /// Matches within one segment only (`[^/]+`, `\d+`, `(?<id>[0-9]+)`).
    Any,
}

/// A route path ready to test.
enum Matcher {
    Prefix(String),
    Exact(String),
    Regex {
        regex: Regex,
        literal: String,
        /// The regex as path segments, when every piece is a literal or stays in one segment;
        /// `true` when it is anchored at the end too.
        pieces: Option<(Vec<Piece>, bool)>,
    },
    Pattern {
        segs: Vec<Seg>,
        literal: Vec<String>,
    },
}

/// Whether a regex piece stays within one path segment: a character class without `/` (or
/// `[^/]`), `\d`, `\w`, with a `+`/`*` quantifier, optionally in a (named) group.
fn single_segment(piece: &str) -> bool {
    let mut body = piece;
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        body = match inner.strip_prefix("?<").or_else(|| inner.strip_prefix("?P<")) {
            Some(named) => match named.split_once('>') {
                Some((_, rest)) => rest,
                None => return false,
            },
            None => inner.strip_prefix("?:").unwrap_or(inner),
        };
    }
    let Some(atom) = body.strip_suffix('+').or_else(|| body.strip_suffix('*')) else {
        return false;
    };
    if matches!(atom, "\\d" | "\\w" | "[^/]" | "[^/?]" | "[^/?#]") {
        return true;
    }
    let Some(class) = atom.strip_prefix('[').and_then(|a| a.strip_suffix(']')) else {
        return false;
    };
    if class.is_empty() || class.starts_with('^') || class.contains(['/', '[', ']']) {
        return false;
    }
    // No range may span `/` (0x2F).
    let chars: Vec<char> = class.chars().collect();
    for window in chars.windows(3) {
        if window[1] == '-' && window[0] != '\\' && window[0] <= '/' && '/' <= window[2] {
            return false;
        }
    }
    true
}

/// Splits an anchored regex into path pieces (`^/v1/accounts/(?<id>[^/]+)/balance$`), or None
/// when some piece is neither a literal nor single-segment.
fn regex_pieces(regex: &str, anchored: bool) -> Option<(Vec<Piece>, bool)> {
    let body = match regex.strip_prefix('^') {
        Some(body) => body,
        None if anchored => regex,
        None => return None,
    };
    let (body, ends) = match body.strip_suffix('$') {
        Some(body) if !body.ends_with('\\') => (body, true),
        _ => (body, false),
    };
    let body = body.strip_prefix('/')?;
    let mut pieces = Vec::new();
    for part in split_outside_brackets(body) {
        let unescaped = unescape_literal(part);
        match unescaped {
            Some(literal) => pieces.push(Piece::Lit(literal)),
            None if single_segment(part) => pieces.push(Piece::Any),
            None => return None,
        }
    }
    Some((pieces, ends))
}

/// Splits a regex on `/` outside character classes and groups.
fn split_outside_brackets(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_class, mut escaped, mut start) = (0usize, false, false, 0usize);
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth = depth.saturating_sub(1),
            '/' if !in_class && depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

/// A regex piece that is a plain literal (`v1`, `a\.json`), unescaped.
fn unescape_literal(part: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = part.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if ".-_~/".contains(next) => out.push(next),
                _ => return None,
            },
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => return None,
            other => out.push(other),
        }
    }
    Some(out)
}

fn compile(path: &PathMatch) -> Option<Matcher> {
    match path.kind {
        MatchKind::Prefix | MatchKind::PrefixPriority => Some(Matcher::Prefix(path.pattern.clone())),
        MatchKind::Exact => Some(Matcher::Exact(path.pattern.clone())),
        MatchKind::Regex | MatchKind::RegexCaseless | MatchKind::RegexAnchored => {
            let anchored = path.kind == MatchKind::RegexAnchored;
            let source = if anchored {
                format!("^(?:{})", path.pattern)
            } else {
                path.pattern.clone()
            };
            let regex = RegexBuilder::new(&source)
                .case_insensitive(path.kind == MatchKind::RegexCaseless)
                .size_limit(1 << 20)
                .build()
                .ok()?;
            let caseless = path.kind == MatchKind::RegexCaseless;
            let literal = if caseless {
                String::new()
            } else {
                regex_literal_prefix(&path.pattern, anchored)
            };
            let pieces = if caseless {
                None
            } else {
                regex_pieces(&path.pattern, anchored)
            };
            Some(Matcher::Regex {
                regex,
                literal,
                pieces,
            })
        }
        MatchKind::Pattern => {
            let segs = compile_pattern(&path.pattern)?;
            let literal = segs
                .iter()
                .map_while(|s| match s {
                    Seg::Lit(l) => Some(l.clone()),
                    _ => None,
                })
                .collect();
            Some(Matcher::Pattern { segs, literal })
        }
    }
}

impl Matcher {
    /// Whether the trie's candidates are exactly the matches (no test needed).
    fn candidates_exact(&self) -> bool {
        matches!(self, Matcher::Prefix(_) | Matcher::Exact(_))
    }

    /// `matches` on a documented path, with its template samples computed once per index.
    fn matches_form(&self, path: &str, samples: &[String]) -> bool {
        match self {
            Matcher::Regex { regex, .. } if !samples.is_empty() => samples.iter().any(|s| regex.is_match(s)),
            _ => self.matches(path),
        }
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            Matcher::Prefix(prefix) => prefix_matches(prefix, path),
            Matcher::Exact(exact) => exact_matches(exact, path),
            Matcher::Regex { regex, .. } => {
                if path.contains('{') {
                    SAMPLES
                        .iter()
                        .any(|sample| regex.is_match(&concrete(path, sample)))
                } else {
                    regex.is_match(path)
                }
            }
            Matcher::Pattern { segs, .. } => pattern_matches(segs, &segments(path)),
        }
    }

    /// The literal start of every path the matcher accepts (what a strip removes).
    fn literal_prefix(&self) -> String {
        match self {
            Matcher::Prefix(prefix) | Matcher::Exact(prefix) => prefix.clone(),
            Matcher::Regex { literal, .. } => literal.clone(),
            Matcher::Pattern { literal, .. } => format!("/{}", literal.join("/")),
        }
    }
}

#[derive(Default)]
struct TrieNode {
    children: HashMap<Box<str>, u32>,
    wild: Option<u32>,
    forms: Vec<u32>,
}

/// Documented paths of every operation, in a segment trie.
struct Index {
    nodes: Vec<TrieNode>,
    /// (interface index, documented path).
    forms: Vec<(u32, String)>,
    /// For each form with templates, the path with sample values in them (for regexes).
    samples: Vec<Box<[String]>>,
    /// Forms with a template mixed with literal text in one segment: the trie (which files
    /// every templated segment under one wildcard) over-approximates them, so they are tested.
    mixed: Vec<bool>,
    /// Forms by upstream host key.
    by_host: HashMap<String, std::collections::HashSet<u32>>,
    by_id: HashMap<String, Vec<u32>>,
    by_operation_id: HashMap<String, Vec<u32>>,
}

impl Index {
    fn new(interfaces: &[InventoryEntry]) -> Index {
        let mut index = Index {
            nodes: vec![TrieNode::default()],
            forms: Vec::new(),
            samples: Vec::new(),
            mixed: Vec::new(),
            by_host: HashMap::new(),
            by_id: HashMap::new(),
            by_operation_id: HashMap::new(),
        };
        for (i, entry) in interfaces.iter().enumerate() {
            let i = i as u32;
            let mut paths = BTreeSet::new();
            paths.insert(normalise(&entry.path));
            let mut hosts = BTreeSet::new();
            for url in &entry.servers {
                paths.insert(normalise(&join(&base_path(url), &entry.path)));
                if let Some(host) = host(url) {
                    hosts.insert(host_key(&host));
                }
            }
            for path in paths {
                let form = index.forms.len() as u32;
                index.insert(&path, form);
                for host in &hosts {
                    index.by_host.entry(host.clone()).or_default().insert(form);
                }
                let samples: Box<[String]> = if path.contains('{') {
                    SAMPLES.iter().map(|sample| concrete(&path, sample)).collect()
                } else {
                    Box::new([])
                };
                index.samples.push(samples);
                index.mixed.push(
                    segments(&path)
                        .iter()
                        .any(|s| is_template(s) && !is_pure_template(s)),
                );
                index.forms.push((i, path));
            }
            if let Some(id) = entry.id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
                index.by_id.entry(id.to_string()).or_default().push(i);
            }
            if let Some(op) = entry.operation_id.as_deref() {
                index.by_operation_id.entry(op.to_string()).or_default().push(i);
            }
        }
        index
    }

    fn insert(&mut self, path: &str, form: u32) {
        let mut node = 0usize;
        for segment in segments(path) {
            let next = if is_template(segment) {
                self.nodes[node].wild
            } else {
                self.nodes[node].children.get(segment).copied()
            };
            node = match next {
                Some(next) => next as usize,
                None => {
                    let id = self.nodes.len() as u32;
                    self.nodes.push(TrieNode::default());
                    if is_template(segment) {
                        self.nodes[node].wild = Some(id);
                    } else {
                        self.nodes[node].children.insert(segment.into(), id);
                    }
                    id as usize
                }
            };
        }
        self.nodes[node].forms.push(form);
    }

    /// Nodes reached by walking whole segments (a template segment follows only the wildcard).
    fn walk(&self, segs: &[&str]) -> Vec<usize> {
        let mut current = vec![0usize];
        for segment in segs {
            let mut next = Vec::new();
            for &node in &current {
                let node = &self.nodes[node];
                if !is_template(segment) {
                    if let Some(&child) = node.children.get(*segment) {
                        next.push(child as usize);
                    }
                } else {
                    next.extend(node.children.values().map(|&c| c as usize));
                }
                if let Some(wild) = node.wild {
                    next.push(wild as usize);
                }
            }
            if next.is_empty() {
                return next;
            }
            current = next;
        }
        current
    }

    fn subtree(&self, start: usize, out: &mut Vec<u32>) {
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            let node = &self.nodes[node];
            out.extend(&node.forms);
            stack.extend(node.children.values().map(|&c| c as usize));
            stack.extend(node.wild.map(|w| w as usize));
        }
    }

    /// Forms that may start with a string prefix.
    fn prefix_candidates(&self, prefix: &str) -> Vec<u32> {
        let segs = segments(prefix);
        let (last, full) = segs.split_last().unwrap_or((&"", &[]));
        let mut out = Vec::new();
        for node in self.walk(full) {
            let node = &self.nodes[node];
            for (key, &child) in &node.children {
                if key.starts_with(last) {
                    self.subtree(child as usize, &mut out);
                }
            }
            if let Some(wild) = node.wild {
                self.subtree(wild as usize, &mut out);
            }
        }
        out
    }

    fn candidates(&self, matcher: &Matcher) -> Vec<u32> {
        match matcher {
            Matcher::Prefix(prefix) => self.prefix_candidates(prefix),
            Matcher::Exact(exact) => self
                .walk(&segments(exact))
                .into_iter()
                .flat_map(|n| self.nodes[n].forms.iter().copied())
                .collect(),
            Matcher::Regex {
                pieces: Some((pieces, ends)),
                ..
            } => {
                let mut current = vec![0usize];
                for piece in pieces {
                    let mut next = Vec::new();
                    for &node in &current {
                        let node = &self.nodes[node];
                        match piece {
                            Piece::Lit(literal) => {
                                next.extend(node.children.get(literal.as_str()).map(|&c| c as usize))
                            }
                            Piece::Any => next.extend(node.children.values().map(|&c| c as usize)),
                        }
                        next.extend(node.wild.map(|w| w as usize));
                    }
                    current = next;
                    if current.is_empty() {
                        break;
                    }
                }
                let mut out = Vec::new();
                for node in current {
                    if *ends {
                        out.extend(&self.nodes[node].forms);
                    } else {
                        self.subtree(node, &mut out);
                    }
                }
                out
            }
            Matcher::Regex { literal, .. } => {
                self.prefix_candidates(if literal.is_empty() { "/" } else { literal })
            }
            Matcher::Pattern { literal, .. } => {
                let segs: Vec<&str> = literal.iter().map(String::as_str).collect();
                let mut out = Vec::new();
                for node in self.walk(&segs) {
                    self.subtree(node, &mut out);
                }
                out
            }
        }
    }
}

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
        spec: entry.spec.clone(),
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
