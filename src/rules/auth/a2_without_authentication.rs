//! AUTH001: an A2 operation with no effective security requirement: none at operation or
//! document level, `security: []`, an empty alternative `{}` (authentication optional), or
//! only schemes the document does not define.

use super::a2_operations;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct A2WithoutAuthentication;

impl Rule for A2WithoutAuthentication {
    fn code(&self) -> RuleCode {
        RuleCode::AUTH001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        for (op, _, level) in a2_operations(spec, settings) {
            let security = spec.effective_security(op);
            let (why_en, why_zh, at) = match security {
                None => (
                    "declares no security requirement, neither on the operation nor for the document"
                        .to_string(),
                    "接口和文档均未声明安全要求".to_string(),
                    false,
                ),
                Some(security) if security.alternatives.is_empty() => (
                    "declares `security: []`, which makes it callable without authentication".to_string(),
                    "声明了 `security: []`，无需认证即可调用".to_string(),
                    true,
                ),
                Some(security) if security.alternatives.iter().any(|a| a.schemes.is_empty()) => (
                    "lists an empty security requirement `{}`, which makes authentication optional"
                        .to_string(),
                    "安全要求中包含空项 `{}`，认证成为可选".to_string(),
                    true,
                ),
                Some(security)
                    if security
                        .alternatives
                        .iter()
                        .all(|a| a.schemes.iter().all(|(name, _)| spec.scheme(name).is_none())) =>
                {
                    let names: Vec<String> = security
                        .alternatives
                        .iter()
                        .flat_map(|a| a.schemes.iter().map(|(n, _)| format!("`{n}`")))
                        .collect();
                    (
                        format!(
                            "requires only security schemes the document does not define ({})",
                            names.join(", ")
                        ),
                        format!("安全要求引用的方案均未在文档中定义（{}）", names.join("、")),
                        true,
                    )
                }
                Some(_) => continue,
            };
            let message = Msg::new(
                format!("{} {} ({}) {why_en}", op.method, op.path, level.label(false)),
                format!("接口 {} {}（{}）{why_zh}", op.method, op.path, level.label(true)),
            );
            let finding = if at {
                super::security_finding(spec, op, self.code(), message, ext)
            } else {
                spec.op_finding(self.code(), op, None, message, ext)
            };
            out.push(
                finding
                .with_help(Msg::new(
                    "require application authentication (OAuth2 client credentials or authorisation code, mutual TLS, or an APPID with a request signature) on the operation or the document",
                    "在接口或文档级声明应用方身份认证（OAuth2 客户端凭证或授权码、双向 TLS，或 APPID 加请求签名）",
                )),
            );
        }
    }
}
