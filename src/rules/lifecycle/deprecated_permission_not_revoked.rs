//! LIFE003: a retired operation (its sunset date has passed) that is still reachable: a gateway
//! route that is not terminated still forwards to it, an active grant still names it, or an
//! OAuth scope that only retired operations require is still granted or defined. Each finding
//! points at the route, grant row or scope definition and names the operation.
//!
//! Terminated means the route forwards nothing: Kong `request-termination` (without a
//! `trigger`), a disabled service, an `acl` that admits no known consumer; nginx `return` or
//! `deny all`; Spring Cloud Gateway `no://op`, `forward:` or `RedirectTo`.

use super::{describe, finding_at, operation_ref, some_of, ByKey};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::lifecycle::is_retired;
use crate::model::matching::label_scope;
use crate::model::problems::ModelPart;
use crate::model::routes::GrantTarget;
use crate::model::{InventoryEntry, Portfolio};
use crate::rules::{Ctx, Rule};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

pub struct DeprecatedPermissionNotRevoked;

impl Rule for DeprecatedPermissionNotRevoked {
    fn code(&self) -> RuleCode {
        RuleCode::LIFE003
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Routes, ModelPart::Grants]
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let today = ctx.settings.today;
        let retired: Vec<Option<NaiveDate>> = portfolio
            .interfaces
            .iter()
            .map(|e| is_retired(e.sunset.as_deref(), today))
            .collect();
        if retired.iter().all(Option::is_none) {
            return;
        }
        let by_key = ByKey::new(portfolio);
        let retired_of = |keys: &[crate::model::routes::OperationKey]| -> Vec<(&InventoryEntry, NaiveDate)> {
            keys.iter()
                .filter_map(|key| by_key.get(key))
                .filter_map(|(i, entry)| retired[i].map(|date| (entry, date)))
                .collect()
        };
        let named = |hits: &[(&InventoryEntry, NaiveDate)]| -> (String, String) {
            let en: Vec<String> = hits
                .iter()
                .map(|(e, date)| format!("{} retired on {date}", describe(e)))
                .collect();
            let zh: Vec<String> = hits
                .iter()
                .map(|(e, date)| format!("{}（已于 {date} 下线）", describe(e)))
                .collect();
            (some_of(&en).en, some_of(&zh).zh)
        };
        for route in &portfolio.routes {
            if route.terminated.is_some() || route.consumers.as_ref().is_some_and(Vec::is_empty) {
                continue;
            }
            let hits = retired_of(&route.operations);
            let Some((first, _)) = hits.first() else {
                continue;
            };
            let (en, zh) = named(&hits);
            let (who_en, who_zh) = match &route.consumers {
                Some(consumers) => (
                    format!("; consumers {} pass its acl", consumers.join(", ")),
                    format!("；消费者 {} 仍可通过其 acl", consumers.join("、")),
                ),
                None => (String::new(), String::new()),
            };
            let (en_hint, zh_hint) = match route.kind {
                crate::model::routes::RouteKind::Kong => {
                    ("no request-termination plugin", "未配置 request-termination 插件")
                }
                crate::model::routes::RouteKind::Nginx => {
                    ("no `return` or `deny all`", "未配置 `return` 或 `deny all`")
                }
                crate::model::routes::RouteKind::SpringCloudGateway => {
                    ("it still forwards to its uri", "仍转发至其 uri")
                }
            };
            out.push(
                finding_at(
                    self.code(),
                    &route.at,
                    route.snippet.as_ref(),
                    Msg::new(
                        format!(
                            "{} route `{}` still forwards to {en} ({en_hint}){who_en}",
                            route.kind.label(),
                            route.name
                        ),
                        format!(
                            "{} 路由 `{}` 仍转发至 {zh}，{zh_hint}{who_zh}",
                            route.kind.label(),
                            route.name
                        ),
                    ),
                )
                .with_operation(operation_ref(first))
                .with_key_part(&format!("route {}", route.name))
                .with_help(Msg::new(
                    "remove the route or terminate it (Kong request-termination 410, nginx `return 410`), then remove the operation from the spec",
                    "删除该路由或使其直接返回（Kong request-termination 410、nginx `return 410`），随后从规范中删除该接口",
                )),
            );
        }
        // Scopes that only retired operations require.
        let mut live_scopes = BTreeSet::new();
        let mut retired_scopes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, entry) in portfolio.interfaces.iter().enumerate() {
            for scope in entry.security.iter().filter_map(|label| label_scope(label)) {
                if retired[i].is_some() {
                    retired_scopes.entry(scope).or_default().push(i);
                } else {
                    live_scopes.insert(scope);
                }
            }
        }
        retired_scopes.retain(|scope, _| !live_scopes.contains(scope));
        let scope_users = |scope: &str| -> (String, String) {
            let users: Vec<(&InventoryEntry, NaiveDate)> = retired_scopes
                .get(scope)
                .into_iter()
                .flatten()
                .filter_map(|&i| retired[i].map(|d| (&portfolio.interfaces[i], d)))
                .collect();
            named(&users)
        };
        for grant in portfolio.grants.iter().filter(|g| g.active) {
            let (en, zh) = match grant.target() {
                GrantTarget::Scope(scope) => {
                    if !retired_scopes.contains_key(scope.as_str()) {
                        continue;
                    }
                    let (en, zh) = scope_users(&scope);
                    (
                        format!("grant of OAuth scope `{scope}` to application `{}` is still {}, though only retired operations use it: {en}", grant.app, grant.status_label()),
                        format!("应用 `{}` 的 OAuth 权限范围 `{scope}` 授权仍为有效状态，但使用该范围的只有已下线接口：{zh}", grant.app),
                    )
                }
                _ => {
                    let hits = retired_of(&grant.operations);
                    if hits.is_empty() {
                        continue;
                    }
                    let (en, zh) = named(&hits);
                    (
                        format!(
                            "application `{}` is still granted {en} (status `{}`)",
                            grant.app,
                            grant.status_label()
                        ),
                        format!(
                            "应用 `{}` 对 {zh} 的授权仍未回收（状态 `{}`）",
                            grant.app,
                            grant.status_label()
                        ),
                    )
                }
            };
            let first = grant
                .operations
                .iter()
                .filter_map(|k| by_key.get(k))
                .find(|(i, _)| retired[*i].is_some())
                .map(|(_, e)| e)
                .or_else(|| match grant.target() {
                    GrantTarget::Scope(scope) => retired_scopes
                        .get(scope.as_str())
                        .and_then(|list| list.first())
                        .map(|&i| &portfolio.interfaces[i]),
                    _ => None,
                });
            let mut finding = finding_at(self.code(), &grant.at, grant.snippet.as_ref(), Msg::new(en, zh));
            if let Some(first) = first {
                finding = finding.with_operation(operation_ref(first));
            }
            out.push(
                finding
                    .with_key_part(&format!("grant {} {}", grant.app, grant.interface))
                    .with_help(Msg::new(
                        "set the grant to revoked on the API platform and export the grants file again",
                        "在 API 平台上将该授权置为已回收，并重新导出授权文件",
                    )),
            );
        }
        for def in &portfolio.scopes {
            let Some(users) = retired_scopes.get(def.scope.as_str()) else {
                continue;
            };
            // The definition beside the retired operation, not an unrelated spec's.
            let Some(&first) = users
                .iter()
                .find(|&&i| *portfolio.interfaces[i].spec == *def.spec)
            else {
                continue;
            };
            let (en, zh) = scope_users(&def.scope);
            out.push(
                finding_at(
                    self.code(),
                    &def.at,
                    def.snippet.as_ref(),
                    Msg::new(
                        format!(
                            "OAuth scope `{}` of `{}` is still defined, though only retired operations use it: {en}",
                            def.scope, def.scheme
                        ),
                        format!(
                            "OAuth 权限范围 `{}`（`{}`）仍在定义中，但使用它的只有已下线接口：{zh}",
                            def.scope, def.scheme
                        ),
                    ),
                )
                .with_operation(operation_ref(&portfolio.interfaces[first]))
                .with_key_part(&format!("scope {}", def.scope))
                .with_help(Msg::new(
                    "remove the scope from the security scheme and from client registrations",
                    "从安全方案和客户端注册信息中删除该权限范围",
                )),
            );
        }
    }
}
