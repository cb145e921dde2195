//! AUTH004: a fund-moving operation that declares neither a request signature, nor mutual
//! TLS, nor a second factor. Fund-moving: declared A3, or an A2 operation that the inference
//! finds fund-moving (a fund term on a state-changing operation).

use super::a2_operations;
use super::a2_weak_application_authentication::declared_signature;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::level_inference::declared_level;
use crate::model::protections::{mutual_tls, second_factor, SECOND_FACTOR_EXTENSION};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};

pub struct FundTransferWithoutSignature;

impl Rule for FundTransferWithoutSignature {
    fn code(&self) -> RuleCode {
        RuleCode::AUTH004
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        for (op, analysis, _) in a2_operations(spec, settings) {
            let declared_a3 = declared_level(spec, op, settings) == Some(Level::A3);
            let moving = analysis.inference.level == Level::A3;
            if !declared_a3 && !moving {
                continue;
            }
            if declared_signature(spec, op, ctx).is_some()
                || mutual_tls(spec, op).is_some()
                || second_factor(spec, op, &ctx.settings.vocabulary).is_some()
            {
                continue;
            }
            let (why_en, why_zh) = if moving {
                let terms: Vec<String> = analysis
                    .inference
                    .fund_terms
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect();
                (
                    format!("moves funds ({})", terms.join(", ")),
                    format!("涉及资金划转（{}）", terms.join("、")),
                )
            } else {
                (
                    "is declared A3 (fund-moving)".to_string(),
                    "声明为 A3（资金类）".to_string(),
                )
            };
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    None,
                    Msg::new(
                        format!(
                            "{} {} {why_en} but declares no request signature, mutual TLS or second factor",
                            op.method, op.path
                        ),
                        format!(
                            "接口 {} {} {why_zh}，但未声明请求签名、双向 TLS 或第二认证因子",
                            op.method, op.path
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    format!("declare the signature header (e.g. `X-Signature`), a `mutualTLS` scheme, or the user's second factor (`{SECOND_FACTOR_EXTENSION}: sms-otp`, or an OTP header or field)"),
                    format!("声明签名头（如 `X-Signature`）、`mutualTLS` 安全方案，或用户的第二认证因子（`{SECOND_FACTOR_EXTENSION}: sms-otp`，或一次性密码请求头/字段）"),
                )),
            );
        }
    }
}
