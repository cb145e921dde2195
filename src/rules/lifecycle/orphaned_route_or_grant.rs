//! LIFE004: a gateway route or an active grant that reaches no operation of any spec in the
//! run. Terminated routes (tombstones answering 410) and revoked grants are not reported, nor
//! routes outside every documented API (health checks, static files: their first path segment
//! starts no documented path), nor routes whose paths could not be evaluated. A run without
//! any spec reports nothing: there is nothing to compare with (run `merge` over the estate).

use super::finding_at;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::matching::{first_segments, inside_apis};
use crate::model::problems::ModelPart;
use crate::model::routes::GrantTarget;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};

pub struct OrphanedRouteOrGrant;

impl Rule for OrphanedRouteOrGrant {
    fn code(&self) -> RuleCode {
        RuleCode::LIFE004
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Routes, ModelPart::Grants]
    }

    fn check_portfolio(&self, portfolio: &Portfolio, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        if portfolio.interfaces.is_empty() {
            return;
        }
        let firsts = first_segments(&portfolio.interfaces);
        for route in &portfolio.routes {
            if route.terminated.is_some() || route.unresolved || !route.operations.is_empty() {
                continue;
            }
            if route.interface_ids.is_empty() && !inside_apis(route, &firsts) {
                continue;
            }
            let methods = if route.methods.is_empty() {
                String::new()
            } else {
                format!("{} ", route.methods.join(","))
            };
            let paths = route
                .paths
                .iter()
                .map(|p| p.pattern.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let what = if route.interface_ids.is_empty() {
                format!("{methods}{paths}")
            } else {
                route.interface_ids.join(", ")
            };
            out.push(
                finding_at(
                    self.code(),
                    &route.at,
                    route.snippet.as_ref(),
                    Msg::new(
                        format!(
                            "{} route `{}` ({what}) reaches no operation of any spec in the run",
                            route.kind.label(),
                            route.name
                        ),
                        format!(
                            "{} 路由 `{}`（{what}）在本次运行的所有规范中都找不到对应接口",
                            route.kind.label(),
                            route.name
                        ),
                    ),
                )
                .with_key(format!("{:?} {}", route.kind, route.name))
                .with_help(Msg::new(
                    "remove the route (or terminate it with 410), or restore the interface's spec with x-api-id and x-api-level",
                    "删除该路由（或使其返回 410），或恢复该接口的规范并标注 x-api-id 和 x-api-level",
                )),
            );
        }
        for grant in portfolio
            .grants
            .iter()
            .filter(|g| g.active && g.operations.is_empty())
        {
            let (en, zh) = match grant.target() {
                GrantTarget::Scope(scope) => (
                    format!("grant of OAuth scope `{scope}` to application `{}`: no operation of any spec in the run requires that scope", grant.app),
                    format!("应用 `{}` 获授的 OAuth 权限范围 `{scope}` 不被本次运行中任何规范的接口使用", grant.app),
                ),
                _ => (
                    format!(
                        "grant of `{}` to application `{}` (status `{}`) names no operation of any spec in the run",
                        grant.interface,
                        grant.app,
                        grant.status_label()
                    ),
                    format!(
                        "应用 `{}` 获授的 `{}`（状态 `{}`）在本次运行的所有规范中都找不到对应接口",
                        grant.app,
                        grant.interface,
                        grant.status_label()
                    ),
                ),
            };
            out.push(
                finding_at(self.code(), &grant.at, grant.snippet.as_ref(), Msg::new(en, zh))
                    .with_key(format!("grant {} {}", grant.app, grant.interface))
                    .with_help(Msg::new(
                        "revoke the grant on the API platform, or restore the interface's spec",
                        "在 API 平台上回收该授权，或恢复该接口的规范",
                    )),
            );
        }
    }
}
