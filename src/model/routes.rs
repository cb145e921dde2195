//! What the gateway and permission configs say, as portfolio rules and `merge` read it: routes
//! (Kong, Spring Cloud Gateway, nginx `location`), grants (`apiaudit-grants.{yaml,csv}`), Kong
//! consumers and their ACL groups, flow-control and fault-isolation policies, and the OAuth
//! scopes specs define. Each item keeps where it is written (file, line, column) and a one-line
//! snippet, so findings made from it long after the file was read still show the evidence.
//!
//! The lists are serialisable: the JSON report carries them (`routes`, `portfolio`) and `merge`
//! reads them back, so the links between routes, grants and operations (`operations`, filled by
//! `matching`) are recomputed over the merged estate rather than trusted from one shard.

use crate::findings::Snippet;
use crate::source::{SourceFile, Span};
use serde::{Deserialize, Serialize};

/// Where something is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct At {
    /// The file as reached from the root given on the command line.
    pub file: String,
    /// The file relative to its scan root (what fingerprints hash).
    pub rel: String,
    pub line: u32,
    pub column: u32,
}

impl At {
    pub fn of(file: &SourceFile, offset: u32) -> At {
        let pos = file.pos(offset);
        At {
            file: file.path.clone(),
            rel: file.rel.clone(),
            line: pos.line,
            column: pos.col,
        }
    }

    pub fn pos(&self) -> crate::source::Pos {
        crate::source::Pos {
            line: self.line,
            col: self.column,
        }
    }
}

/// The line at `at`, as evidence: one line only, clipped, so no neighbouring value (a Redis
/// password next to a rate limit) can reach a report.
pub fn line_snippet(file: &SourceFile, span: Span) -> Option<Snippet> {
    const MAX: usize = 160;
    let pos = file.pos(span.start);
    let (start, end) = file.lines().line_range(&file.text, pos.line)?;
    let line = &file.text[start..end];
    let cut = crate::source::floor_char_boundary(line, MAX);
    let mut text = line[..cut].to_string();
    if cut < line.len() {
        text.push('…');
    }
    let offset = (span.start as usize).saturating_sub(start).min(cut);
    let length = (span.end as usize)
        .min(end)
        .saturating_sub(span.start as usize)
        .min(cut - offset);
    Some(Snippet {
        line: pos.line,
        text: text.into(),
        offset: offset as u32,
        length: length as u32,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteKind {
    Kong,
    SpringCloudGateway,
    Nginx,
}

impl RouteKind {
    pub fn label(self) -> &'static str {
        match self {
            RouteKind::Kong => "Kong",
            RouteKind::SpringCloudGateway => "Spring Cloud Gateway",
            RouteKind::Nginx => "nginx",
        }
    }
}

/// How a route's path is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// String prefix (Kong plain paths, nginx prefix locations).
    Prefix,
    /// nginx `^~`: a prefix that, when it is the longest match, stops the regex search.
    PrefixPriority,
    /// Whole path (nginx `location =`).
    Exact,
    /// Regular expression searched in the path (nginx `~`); Kong's are anchored at the start.
    Regex,
    /// Like `Regex`, ignoring case (nginx `~*`).
    RegexCaseless,
    /// Regular expression anchored at the start of the path (Kong `~` paths).
    RegexAnchored,
    /// Spring `PathPattern` (`/v1/**`, `/{id}`, `*`).
    Pattern,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PathMatch {
    pub kind: MatchKind,
    pub pattern: String,
}

/// An operation of some spec, as routes and grants name what they reach.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OperationKey {
    pub spec: String,
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Kong `acl` plugin on a route (or inherited from its service or the global plugins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acl {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
    pub at: At,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// `x-rate-limit` in a spec.
    SpecRateLimit,
    /// Kong `rate-limiting` / `rate-limiting-advanced`.
    KongRateLimiting,
    /// Spring Cloud Gateway `RequestRateLimiter`.
    ScgRequestRateLimiter,
    /// Spring Cloud Gateway `CircuitBreaker` (or the older `Hystrix`).
    ScgCircuitBreaker,
    /// nginx `limit_req` with its `limit_req_zone`.
    NginxLimitReq,
}

impl PolicyKind {
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::SpecRateLimit => "x-rate-limit",
            PolicyKind::KongRateLimiting => "Kong rate-limiting",
            PolicyKind::ScgRequestRateLimiter => "Spring Cloud Gateway RequestRateLimiter",
            PolicyKind::ScgCircuitBreaker => "Spring Cloud Gateway CircuitBreaker",
            PolicyKind::NginxLimitReq => "nginx limit_req",
        }
    }

    /// Fault isolation rather than flow control: it has no rate to compare.
    pub fn is_breaker(self) -> bool {
        matches!(self, PolicyKind::ScgCircuitBreaker)
    }
}

/// Where a policy is attached, from the widest to the narrowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyScope {
    /// Global plugin, `default-filters`, `limit_req` at `http` level.
    Global,
    /// Kong service, nginx `server`.
    Service,
    Route,
    /// Document-level `x-rate-limit`.
    Document,
    Operation,
}

/// A flow-control or fault-isolation policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowPolicy {
    /// Identity: two routes (or operations) with the same id share one policy, and so one
    /// budget or one breaker.
    pub id: String,
    pub kind: PolicyKind,
    pub scope: PolicyScope,
    /// Plugin, zone or breaker name, when it has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Where the policy is declared.
    pub at: At,
    /// Where its rate is written (a finding about the limit points there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_at: Option<At>,
    /// The limit normalised to requests per second (the strictest window), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_second: Option<f64>,
    /// The limit as written, for messages (`second: 20, minute: 600`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub limit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_snippet: Option<Snippet>,
}

/// A gateway route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub kind: RouteKind,
    /// Kong route name, Spring Cloud Gateway route id, or `location <uri>` for nginx.
    pub name: String,
    pub at: At,
    /// Kong service, Spring Cloud Gateway `uri`, nginx `server_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Empty: every method.
    pub methods: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    pub paths: Vec<PathMatch>,
    /// The matched prefix is removed before forwarding (Kong `strip_path`, nginx `proxy_pass`
    /// with a URI).
    #[serde(default)]
    pub strip_path: bool,
    /// Leading path segments removed before forwarding (Spring Cloud Gateway `StripPrefix`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub strip_segments: u32,
    /// Path prepended upstream (Kong service path, nginx `proxy_pass` URI, `PrefixPath`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_path: Option<String>,
    /// The host requests are forwarded to (Kong service host, `proxy_pass` host, Spring `uri`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_host: Option<String>,
    /// A prefix rewrite (`RewritePath=/red/?(?<s>.*), /${s}` is `/red/` -> `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<(String, String)>,
    /// Interface IDs the route names (Kong tags, Spring metadata): it is matched by them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interface_ids: Vec<String>,
    /// Why the route forwards nothing (`request-termination 410`, `return 410`, `deny all`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acl: Option<Acl>,
    /// The flow-control and fault-isolation policies in effect on the route.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<FlowPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    /// Operations the route exposes (filled when the portfolio is linked).
    #[serde(default)]
    pub operations: Vec<OperationKey>,
    /// Consumers whose ACL groups pass the route's `acl` (when consumers are known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers: Option<Vec<String>>,
    /// A path could not be evaluated (a regex this engine does not support): what the route
    /// reaches is unknown, so it is never called orphaned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unresolved: bool,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GrantKind {
    #[default]
    Grant,
}

/// One row of `apiaudit-grants.{yaml,csv}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    #[serde(default)]
    pub kind: GrantKind,
    /// Application (应用方) id.
    pub app: String,
    pub at: At,
    /// As written: an interface ID, `METHOD /path`, `/path`, or `scope:NAME`.
    pub interface: String,
    /// As written.
    pub status: String,
    /// False for revoked, disabled, expired ... rows.
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    #[serde(default)]
    pub operations: Vec<OperationKey>,
}

/// What a grant names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantTarget {
    Id(String),
    /// Method (None: any) and path.
    Endpoint(Option<String>, String),
    Scope(String),
}

impl Grant {
    /// The status as written, or `active` when the row has none.
    pub fn status_label(&self) -> &str {
        if self.status.trim().is_empty() {
            "active"
        } else {
            self.status.trim()
        }
    }

    pub fn target(&self) -> GrantTarget {
        let text = self.interface.trim();
        let lower = text.to_ascii_lowercase();
        for prefix in ["scope:", "oauth2:", "scope "] {
            if lower.starts_with(prefix) {
                return GrantTarget::Scope(text[prefix.len()..].trim().to_string());
            }
        }
        if text.starts_with('/') {
            return GrantTarget::Endpoint(None, text.to_string());
        }
        if let Some((method, path)) = text.split_once(char::is_whitespace) {
            let path = path.trim();
            if path.starts_with('/') && method.chars().all(|c| c.is_ascii_alphabetic() || c == '*') {
                let method = method.to_ascii_uppercase();
                let method = (method != "*" && method != "ANY").then_some(method);
                return GrantTarget::Endpoint(method, path.to_string());
            }
        }
        GrantTarget::Id(text.to_string())
    }
}

/// A route and what it may reach are in `routes`; grants travel in the same JSON array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RouteEntry {
    Route(Box<Route>),
    Grant(Box<Grant>),
}

/// A Kong consumer and its ACL groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumer {
    pub name: String,
    pub at: At,
    pub groups: Vec<String>,
}

/// An OAuth scope as a spec's security scheme defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeDef {
    pub spec: String,
    pub scheme: String,
    pub scope: String,
    pub at: At,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
}

/// An inline `apiaudit:ignore` comment that may cover a portfolio finding; carried in the JSON
/// so that `merge` suppresses exactly what one scan would.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InlineIgnore {
    pub file: String,
    pub line: u32,
    /// The line it covers (its own, or the next for a comment alone on its line); absent in
    /// results of versions that covered both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<u32>,
    pub rules: Vec<String>,
    pub reason: String,
}

/// A route as an inventory entry names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RouteRef {
    pub kind: RouteKind,
    pub name: String,
    pub file: String,
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<String>,
}

/// A grant as an inventory entry names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GrantRef {
    pub app: String,
    pub file: String,
    pub line: u32,
    pub status: String,
    pub active: bool,
}

/// Whether a text is shaped like an annex B interface ID (`OP` + 22 of `[0-9A-Z]`).
pub fn looks_like_interface_id(text: &str) -> bool {
    text.len() == 24
        && text.starts_with("OP")
        && text.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Grant status words that mean the permission is gone (English and Chinese).
pub fn status_is_active(status: &str) -> bool {
    const INACTIVE: &[&str] = &[
        "revoked",
        "revoke",
        "disabled",
        "disable",
        "inactive",
        "expired",
        "suspended",
        "deleted",
        "removed",
        "terminated",
        "cancelled",
        "canceled",
        "withdrawn",
        "rejected",
        "denied",
        "off",
        "false",
        "no",
        "0",
        "已回收",
        "回收",
        "已撤销",
        "撤销",
        "停用",
        "已停用",
        "失效",
        "已失效",
        "禁用",
        "已禁用",
        "注销",
        "已注销",
        "过期",
        "已过期",
        "作废",
        "已作废",
        "冻结",
    ];
    let status = status.trim().to_lowercase();
    !INACTIVE.contains(&status.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(interface: &str) -> Grant {
        Grant {
            kind: GrantKind::Grant,
            app: "APP".into(),
            at: At::default(),
            interface: interface.into(),
            status: "active".into(),
            active: true,
            snippet: None,
            operations: Vec::new(),
        }
    }

    #[test]
    fn grant_targets() {
        assert_eq!(
            grant("OPC102310202010000000003").target(),
            GrantTarget::Id("OPC102310202010000000003".into())
        );
        assert_eq!(
            grant("get /v1/a/{id}").target(),
            GrantTarget::Endpoint(Some("GET".into()), "/v1/a/{id}".into())
        );
        assert_eq!(
            grant("/v1/a").target(),
            GrantTarget::Endpoint(None, "/v1/a".into())
        );
        assert_eq!(
            grant("scope:payments").target(),
            GrantTarget::Scope("payments".into())
        );
        assert!(status_is_active("active") && status_is_active("有效") && status_is_active(""));
        assert!(!status_is_active("Revoked") && !status_is_active("已回收"));
    }
}
