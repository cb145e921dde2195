//! AUTH002: an A2 operation whose every security alternative is only API keys and/or HTTP
//! Basic (a static value presented by the caller), with no request signature declared beside
//! it.

use super::a2_operations;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::SchemeKind;
use crate::model::{Operation, Spec};
use crate::rules::{Ctx, Rule};

pub struct A2WeakApplicationAuthentication;

/// A signature header, query parameter or request field of the operation, by name.
pub(crate) fn declared_signature(spec: &Spec, op: &Operation, ctx: &Ctx<'_>) -> Option<String> {
    crate::model::protections::declared_signature(spec, op, &ctx.settings.vocabulary)
}

impl Rule for A2WeakApplicationAuthentication {
    fn code(&self) -> RuleCode {
        RuleCode::AUTH002
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        for (op, _, level) in a2_operations(spec, settings) {
            let Some(security) = spec.effective_security(op) else {
                continue;
            };
            if security.alternatives.is_empty() || security.alternatives.iter().any(|a| a.schemes.is_empty())
            {
                continue;
            }
            let mut kinds = Vec::new();
            let mut kinds_zh = Vec::new();
            let weak = security.alternatives.iter().all(|alternative| {
                alternative
                    .schemes
                    .iter()
                    .all(|(name, _)| match spec.scheme(name).map(|s| &s.kind) {
                        Some(SchemeKind::ApiKey { location, .. }) => {
                            kinds.push(format!("`{name}` (apiKey in {location})"));
                            kinds_zh.push(format!("`{name}`（{}中的 API Key）", location_zh(location)));
                            true
                        }
                        Some(SchemeKind::Http { scheme }) if scheme == "basic" => {
                            kinds.push(format!("`{name}` (HTTP Basic)"));
                            kinds_zh.push(format!("`{name}`（HTTP Basic 认证）"));
                            true
                        }
                        _ => false,
                    })
            });
            if !weak || declared_signature(spec, op, ctx).is_some() {
                continue;
            }
            kinds.dedup();
            kinds_zh.dedup();
            out.push(
                super::security_finding(
                    spec,
                    op,
                    self.code(),
                    Msg::new(
                        format!(
                            "{} {} ({}) authenticates the calling application only by {}, a static value, and declares no request signature",
                            op.method,
                            op.path,
                            level.label(false),
                            kinds.join(", ")
                        ),
                        format!(
                            "接口 {} {}（{}）仅以 {} 这一静态凭据认证应用方，且未声明请求签名",
                            op.method,
                            op.path,
                            level.label(true),
                            kinds_zh.join("、")
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    "authenticate applications with certificates or key pairs (mutual TLS, OAuth2 with private_key_jwt), or sign each request with the APPID's secret and declare the signature header (e.g. `X-Signature`)",
                    "以证书或密钥对认证应用方（双向 TLS、采用 private_key_jwt 的 OAuth2），或以 APPID 对应密钥对每个请求签名，并声明签名头（如 `X-Signature`）",
                )),
            );
        }
    }
}

/// Where an API key is sent, in the words of docs/zh-glossary.md.
fn location_zh(location: &crate::model::spec::ParamLocation) -> String {
    use crate::model::spec::ParamLocation;
    match location {
        ParamLocation::Header => "请求头".into(),
        ParamLocation::Query => "查询参数".into(),
        ParamLocation::Cookie => "Cookie".into(),
        other => other.zh(),
    }
}
