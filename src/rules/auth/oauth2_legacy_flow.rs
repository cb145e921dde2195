//! AUTH006: an OAuth2 scheme offering the implicit or the resource-owner password flow
//! (deprecated by the OAuth 2.0 Security Best Current Practice).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::SchemeKind;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct OAuth2LegacyFlow;

impl Rule for OAuth2LegacyFlow {
    fn code(&self) -> RuleCode {
        RuleCode::AUTH006
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for scheme in &spec.schemes {
            let SchemeKind::OAuth2 { flows } = &scheme.kind else {
                continue;
            };
            let legacy: Vec<_> = flows
                .iter()
                .filter(|f| matches!(f.name.as_str(), "implicit" | "password"))
                .collect();
            let Some(first) = legacy.first() else {
                continue;
            };
            let names: Vec<String> = legacy.iter().map(|f| format!("`{}`", f.name)).collect();
            // At the flow's key (`implicit:`), or the 2.0 `flow: implicit` value.
            let key = spec
                .get(scheme.node, "flows")
                .and_then(|flows| Some((spec.resolve(flows)?.doc, spec.key_ref(flows, &first.name)?)));
            let message = Msg::new(
                format!(
                    "OAuth2 scheme `{}` offers the {} flow",
                    scheme.name,
                    names.join(" and ")
                ),
                format!(
                    "OAuth2 安全方案 `{}` 提供了 {} 授权流程",
                    scheme.name,
                    names.join("、")
                ),
            );
            let finding = match key {
                Some((doc, span)) => spec.finding_span(self.code(), doc, span, message),
                None => spec.finding(self.code(), first.node, message),
            };
            out.push(
                finding
                .with_help(Msg::new(
                    "use the authorisation-code flow with PKCE for users and client credentials for applications; the implicit flow leaks tokens in URLs and the password flow hands the user's password to the application",
                    "用户授权改用带 PKCE 的授权码流程，应用方使用客户端凭证流程；隐式流程会在 URL 中暴露令牌，密码流程会把用户密码交给应用方",
                )),
            );
        }
    }
}
