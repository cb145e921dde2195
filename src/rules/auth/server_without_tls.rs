//! AUTH005: a server URL without TLS (`http://` to a host that is not loopback), at document,
//! path or operation level; Swagger 2.0 `schemes: [http]` with a `host`. Server variables are
//! expanded with their default and `enum` values.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::{NodeRef, SpecVersion};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};
use std::collections::HashSet;

pub struct ServerWithoutTls;

/// Every URL a server entry can take: `{var}` replaced by its default and each `enum` value.
fn expansions(spec: &Spec, server: NodeRef, url: &str) -> Vec<String> {
    let mut urls = vec![url.to_string()];
    let Some(variables) = spec.get(server, "variables") else {
        return urls;
    };
    for (name, _, variable) in spec.entries(variables) {
        let placeholder = format!("{{{name}}}");
        if !url.contains(&placeholder) {
            continue;
        }
        let mut values: Vec<String> = spec
            .get_str(variable, "default")
            .map(str::to_string)
            .into_iter()
            .collect();
        if let Some(list) = spec.get(variable, "enum") {
            values.extend(
                spec.items(list)
                    .iter()
                    .filter_map(|&v| spec.str(v).map(str::to_string)),
            );
        }
        if values.is_empty() {
            continue;
        }
        // Bounded: a handful of variables with a few values each.
        urls = urls
            .iter()
            .flat_map(|u| values.iter().map(|v| u.replace(&placeholder, v)))
            .take(64)
            .collect();
    }
    urls
}

pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0:0:0:0:0:0:0:1"
}

/// The host of an `http://` URL that is not loopback.
fn plain_http_host(url: &str) -> Option<String> {
    scheme_and_host(url)
        .filter(|(scheme, host)| scheme.eq_ignore_ascii_case("http") && !is_loopback(host))
        .map(|(_, host)| host)
}

/// The scheme and host of a URL, as written; None without a scheme, or with a host that is
/// empty or a template (`{host}`).
pub(crate) fn scheme_and_host(url: &str) -> Option<(&str, String)> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    };
    (!host.is_empty() && !host.contains('{')).then_some((scheme, host))
}

impl Rule for ServerWithoutTls {
    fn code(&self) -> RuleCode {
        RuleCode::AUTH005
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let report = |at: NodeRef, url: &str, host: &str, out: &mut Vec<RawFinding>| {
            out.push(
                spec.finding(
                    self.code(),
                    at,
                    Msg::new(
                        format!("server `{url}` is plain HTTP to `{host}`: requests and responses travel without TLS"),
                        format!("服务器地址 `{url}` 使用明文 HTTP 访问 `{host}`，请求和响应未经 TLS 保护"),
                    ),
                )
                .with_help(Msg::new(
                    "serve the API over HTTPS only (TLS 1.2 or later) and list only `https://` servers",
                    "仅通过 HTTPS（TLS 1.2 及以上）提供接口，服务器列表中只保留 `https://` 地址",
                )),
            );
        };
        if spec.version == SpecVersion::Swagger2 {
            for server in &spec.servers {
                if let Some(host) = plain_http_host(&server.url) {
                    // At the `http` item of `schemes` when the list is where it comes from.
                    let at = spec
                        .items(server.node)
                        .into_iter()
                        .find(|&item| spec.str(item).is_some_and(|s| s.eq_ignore_ascii_case("http")))
                        .unwrap_or(server.node);
                    report(at, &server.url, &host, out);
                }
            }
            return;
        }
        let mut owners = vec![spec.root];
        let mut seen_items = HashSet::new();
        for op in &spec.operations {
            if seen_items.insert(op.path_item) {
                owners.push(op.path_item);
            }
            owners.push(op.node);
        }
        let mut seen = HashSet::new();
        for owner in owners {
            let Some(list) = spec.get(owner, "servers") else {
                continue;
            };
            for server in spec.items(list) {
                let Some(url_node) = spec.get(server, "url") else {
                    continue;
                };
                if !seen.insert(url_node) {
                    continue;
                }
                let Some(url) = spec.str(url_node) else {
                    continue;
                };
                let hosts: Vec<(String, String)> = expansions(spec, server, url)
                    .into_iter()
                    .filter_map(|u| plain_http_host(&u).map(|h| (u, h)))
                    .collect();
                if let Some((expanded, host)) = hosts.first() {
                    report(url_node, expanded, host, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_http_host;

    #[test]
    fn loopback_and_https_are_fine() {
        assert_eq!(
            plain_http_host("http://api.bank.cn/v1").as_deref(),
            Some("api.bank.cn")
        );
        assert_eq!(
            plain_http_host("HTTP://10.1.2.3:8080").as_deref(),
            Some("10.1.2.3")
        );
        assert_eq!(plain_http_host("http://localhost:8080"), None);
        assert_eq!(plain_http_host("http://127.0.0.1/x"), None);
        assert_eq!(plain_http_host("http://[::1]:80/"), None);
        assert_eq!(plain_http_host("https://api.bank.cn"), None);
        assert_eq!(plain_http_host("/v1"), None);
    }
}
