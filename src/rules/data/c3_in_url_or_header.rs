//! DATA001: C3 authentication information (passwords, PINs, CVN, card expiry, track data,
//! biometrics) in a path, query or header parameter.

use super::fields;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::pfi::{Category, Place};
use crate::model::spec::ParamLocation;
use crate::model::spec::SchemeKind;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct C3InUrlOrHeader;

impl Rule for C3InUrlOrHeader {
    fn code(&self) -> RuleCode {
        RuleCode::DATA001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        // Headers that carry the application's own credential through a declared scheme.
        let scheme_headers: Vec<String> = spec
            .schemes
            .iter()
            .filter_map(|s| match &s.kind {
                SchemeKind::ApiKey { location, name } if *location == ParamLocation::Header => {
                    Some(name.to_ascii_lowercase())
                }
                _ => None,
            })
            .collect();
        for (op, field) in fields(spec, ctx.settings) {
            let Place::Parameter(location) = &field.place else {
                continue;
            };
            if field.category != Category::C3
                || !matches!(
                    location,
                    ParamLocation::Path | ParamLocation::Query | ParamLocation::Header
                )
            {
                continue;
            }
            if *location == ParamLocation::Header && scheme_headers.contains(&field.name.to_ascii_lowercase())
            {
                continue;
            }
            out.push(
                spec.finding_span(
                    self.code(),
                    field.doc,
                    field.span,
                    Msg::new(
                        format!(
                            "{} `{}` of {} {} carries C3 authentication information (`{}`)",
                            field.place_label(false),
                            field.name,
                            op.method,
                            op.path,
                            field.term
                        ),
                        format!(
                            "接口 {} {} 的{} `{}` 携带 C3 类用户鉴别信息（`{}`）",
                            op.method,
                            op.path,
                            field.place_label(true),
                            field.name,
                            field.term
                        ),
                    ),
                )
                .with_operation(spec.op_ref(op, ext))
                .with_help(Msg::new(
                    "send C3 data only in the request body, encrypted end to end by the bank's SDK (e.g. an SM2-encrypted PIN block), never in URLs or headers that gateways and logs record",
                    "C3 类信息只应放在请求体中，并经银行 SDK 端到端加密（如 SM2 加密的密码块），不得放在会被网关和日志记录的 URL 或请求头中",
                )),
            );
        }
    }
}
