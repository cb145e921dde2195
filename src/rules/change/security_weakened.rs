//! CHG004: a matched operation whose security is weaker than at the base revision: a
//! requirement removed or replaced by a weaker one, OAuth scopes dropped, a signature, mutual
//! TLS or second factor gone from a fund-moving operation, a server moved from https to http.
//! Critical when the operation is A2 (or A3) at either revision, high otherwise.
//!
//! Security alternatives are compared scheme for scheme by strength: an alternative of the
//! working tree is as strong as one of the base when, both sorted strongest first, it has at
//! least as many schemes and each is at least as strong. An alternative of the working tree
//! that is as strong as none of the base's lets a caller in with less.

use super::{at_head, label};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding, Severity};
use crate::model::change::ChangeSet;
use crate::model::contract::{Contract, SchemeUse, Strength};
use crate::model::Level;
use crate::rules::auth::server_without_tls::{is_loopback, scheme_and_host};
use crate::rules::{Ctx, Rule};
use std::collections::BTreeSet;

pub struct SecurityWeakened;

/// The alternatives of an operation's security; no requirement at all is one empty
/// alternative (anyone may call).
fn alternatives(op: &Contract) -> Vec<Vec<SchemeUse>> {
    match &op.security {
        Some(list) if !list.is_empty() => list.clone(),
        _ => vec![Vec::new()],
    }
}

/// Whether `head` asks for at least what `base` asks for, scheme for scheme.
fn covers(head: &[SchemeUse], base: &[SchemeUse]) -> bool {
    let sorted = |alternative: &[SchemeUse]| {
        let mut strengths: Vec<Strength> = alternative.iter().map(|s| s.strength).collect();
        strengths.sort_by(|a, b| b.cmp(a));
        strengths
    };
    let (head, base) = (sorted(head), sorted(base));
    head.len() >= base.len() && head.iter().zip(&base).all(|(h, b)| h >= b)
}

/// An alternative in words: `appOAuth (oauth2: transfer) + bankMtls (mutualTLS)`, or none.
fn describe(alternative: &[SchemeUse], zh: bool) -> String {
    if alternative.is_empty() {
        return (if zh { "无" } else { "none" }).to_string();
    }
    alternative
        .iter()
        .map(|scheme| {
            if scheme.scopes.is_empty() {
                format!("{} ({})", scheme.name, scheme.kind)
            } else {
                format!("{} ({}: {})", scheme.name, scheme.kind, scheme.scopes.join(" "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn describe_all(alternatives: &[Vec<SchemeUse>], zh: bool) -> String {
    alternatives
        .iter()
        .map(|alternative| describe(alternative, zh))
        .collect::<Vec<_>>()
        .join(if zh { " 或 " } else { " or " })
}

/// Scopes a requirement of the working tree no longer asks for: for each scoped scheme of a
/// head alternative, the fewest scopes any base alternative with that scheme asked for beyond
/// it.
fn dropped_scopes(base: &[Vec<SchemeUse>], head: &[Vec<SchemeUse>]) -> BTreeSet<(String, String)> {
    let mut dropped = BTreeSet::new();
    for alternative in head {
        for scheme in alternative.iter().filter(|s| s.scoped) {
            let missing: Option<Vec<&String>> = base
                .iter()
                .filter_map(|b| b.iter().find(|s| s.name == scheme.name))
                .map(|b| {
                    b.scopes
                        .iter()
                        .filter(|scope| !scheme.scopes.contains(scope))
                        .collect::<Vec<_>>()
                })
                .min_by_key(Vec::len);
            for scope in missing.into_iter().flatten() {
                dropped.insert((scheme.name.clone(), scope.clone()));
            }
        }
    }
    dropped
}

/// The scheme and host of a URL, lower-cased: `("https", "api.bank.cn")`.
fn scheme_host(url: &str) -> Option<(String, String)> {
    scheme_and_host(url).map(|(scheme, host)| (scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

impl Rule for SecurityWeakened {
    fn code(&self) -> RuleCode {
        RuleCode::CHG004
    }

    fn scope(&self) -> Scope {
        Scope::Change
    }

    fn check_change(&self, change: &ChangeSet, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        // A document's server applies to each of its operations: its move to http is reported
        // once, with the first operation it applies to.
        let mut servers_reported: BTreeSet<(String, u32)> = BTreeSet::new();
        for &(b, h) in &change.pairs {
            let (_, base) = change.base_op(b);
            let (spec, head) = change.head_op(h);
            let a2 = base.level().standard() == Level::A2 || head.level().standard() == Level::A2;
            let severity = if a2 { Severity::Critical } else { Severity::High };
            let mut found: Vec<RawFinding> = Vec::new();
            let security_at = head.security_at.unwrap_or(head.at);
            let (was, now) = (alternatives(base), alternatives(head));
            let weaker: Vec<&Vec<SchemeUse>> = now
                .iter()
                .filter(|alternative| !was.iter().any(|b| covers(alternative, b)))
                .collect();
            if !weaker.is_empty() {
                let weaker_en: Vec<String> = weaker.iter().map(|a| describe(a, false)).collect();
                let weaker_zh: Vec<String> = weaker.iter().map(|a| describe(a, true)).collect();
                found.push(
                    at_head(
                        self.code(),
                        spec,
                        head,
                        security_at,
                        Msg::new(
                            format!(
                                "{}: security weakened: it required {} and now accepts {}",
                                label(head),
                                describe_all(&was, false),
                                weaker_en.join(" or ")
                            ),
                            format!(
                                "接口 {} 的安全要求被削弱：原要求 {}，现接受 {}",
                                label(head),
                                describe_all(&was, true),
                                weaker_zh.join(" 或 ")
                            ),
                        ),
                    )
                    .with_key_part("requirement"),
                );
            }
            let dropped = dropped_scopes(&was, &now);
            if !dropped.is_empty() {
                let list: Vec<String> = dropped
                    .iter()
                    .map(|(scheme, scope)| format!("{scheme}:{scope}"))
                    .collect();
                found.push(
                    at_head(
                        self.code(),
                        spec,
                        head,
                        security_at,
                        Msg::new(
                            format!("{}: OAuth scopes dropped: {}", label(head), list.join(", ")),
                            format!(
                                "接口 {} 减少了授权范围（scope）：{}",
                                label(head),
                                list.join("、")
                            ),
                        ),
                    )
                    .with_key_part("scopes"),
                );
            }
            if base.fund_moving || head.fund_moving {
                let gone: Vec<(&str, &str, &String)> = [
                    ("request signature", "请求签名", &base.signature, &head.signature),
                    ("mutual TLS", "双向 TLS", &base.mutual_tls, &head.mutual_tls),
                    (
                        "second factor",
                        "第二认证因子",
                        &base.second_factor,
                        &head.second_factor,
                    ),
                ]
                .into_iter()
                .filter_map(|(en, zh, was, now)| match (was, now) {
                    (Some(name), None) => Some((en, zh, name)),
                    _ => None,
                })
                .collect();
                if !gone.is_empty() {
                    let en: Vec<String> = gone
                        .iter()
                        .map(|(en, _, name)| format!("{en} (`{name}`)"))
                        .collect();
                    let zh: Vec<String> = gone
                        .iter()
                        .map(|(_, zh, name)| format!("{zh}（`{name}`）"))
                        .collect();
                    found.push(
                        at_head(
                            self.code(),
                            spec,
                            head,
                            head.at,
                            Msg::new(
                                format!(
                                    "{} moves funds and no longer declares its {}",
                                    label(head),
                                    en.join(", ")
                                ),
                                format!("资金类接口 {} 不再声明{}", label(head), zh.join("、")),
                            ),
                        )
                        .with_key_part("protection"),
                    );
                }
            }
            let https_hosts: BTreeSet<String> = base
                .servers
                .iter()
                .filter_map(|(url, _)| scheme_host(url))
                .filter(|(scheme, _)| scheme == "https")
                .map(|(_, host)| host)
                .collect();
            let http_before: BTreeSet<String> = base
                .servers
                .iter()
                .filter_map(|(url, _)| scheme_host(url))
                .filter(|(scheme, _)| scheme == "http")
                .map(|(_, host)| host)
                .collect();
            let mut reported = BTreeSet::new();
            for (url, at) in &head.servers {
                let Some((scheme, host)) = scheme_host(url) else {
                    continue;
                };
                if scheme != "http"
                    || is_loopback(&host)
                    || !https_hosts.contains(&host)
                    || http_before.contains(&host)
                    || !reported.insert(host.clone())
                    || !servers_reported.insert((spec.file(*at).path.clone(), at.span.start))
                {
                    continue;
                }
                found.push(
                    at_head(
                        self.code(),
                        spec,
                        head,
                        *at,
                        Msg::new(
                            format!(
                                "{}: server {host} moved from https to http (`{url}`)",
                                label(head)
                            ),
                            format!(
                                "接口 {} 的服务器 {host} 由 https 改为 http（`{url}`）",
                                label(head)
                            ),
                        ),
                    )
                    .with_key_part(&format!("http {host}")),
                );
            }
            for finding in found {
                out.push(finding.with_severity(severity).with_help(Msg::new(
                    "restore the security the operation had at the base revision, or record the approval of the change",
                    "恢复接口在基线版本中的安全措施，或记录对该变更的审批",
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(name: &str, strength: Strength, scopes: &[&str]) -> SchemeUse {
        SchemeUse {
            name: name.into(),
            kind: "k".into(),
            strength,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            scoped: !scopes.is_empty(),
        }
    }

    #[test]
    fn strength_is_compared_scheme_for_scheme() {
        let oauth = scheme("o", Strength::Strong, &["a"]);
        let key = scheme("k", Strength::Static, &[]);
        let one = std::slice::from_ref;
        let both = [oauth.clone(), key.clone()];
        assert!(covers(one(&oauth), one(&key)));
        assert!(!covers(one(&key), one(&oauth)));
        assert!(!covers(&[], one(&key)));
        assert!(covers(&both, one(&oauth)));
        assert!(!covers(one(&oauth), &both));
    }

    #[test]
    fn scopes_dropped_only_when_no_base_alternative_asked_for_as_few() {
        let base = vec![vec![scheme("o", Strength::Strong, &["read", "write"])]];
        let head = vec![vec![scheme("o", Strength::Strong, &["read"])]];
        assert_eq!(dropped_scopes(&base, &head).len(), 1);
        let base = vec![
            vec![scheme("o", Strength::Strong, &["a"])],
            vec![scheme("o", Strength::Strong, &["b"])],
        ];
        let head = vec![vec![scheme("o", Strength::Strong, &["a"])]];
        assert!(dropped_scopes(&base, &head).is_empty());
    }

    #[test]
    fn hosts_and_schemes() {
        assert_eq!(
            scheme_host("HTTPS://Api.Bank.cn:8443/v1"),
            Some(("https".into(), "api.bank.cn".into()))
        );
        assert_eq!(scheme_host("/v1"), None);
        assert_eq!(scheme_host("https://{host}/v1"), None);
    }
}
