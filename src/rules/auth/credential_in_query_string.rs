//! AUTH003: a credential or secret carried in the query string (an `apiKey` scheme `in:
//! query`, or a query parameter named like a secret). Query strings end up in access logs,
//! proxies and browser history.

use super::names;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::ParamLocation;
use crate::model::spec::SchemeKind;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};
use std::collections::HashSet;

pub struct CredentialInQueryString;

impl Rule for CredentialInQueryString {
    fn code(&self) -> RuleCode {
        RuleCode::AUTH003
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        for scheme in &spec.schemes {
            if let SchemeKind::ApiKey { location, name } = &scheme.kind {
                if *location == ParamLocation::Query {
                    let message = Msg::new(
                        format!(
                            "security scheme `{}` carries the API key `{name}` in the query string",
                            scheme.name
                        ),
                        format!("安全方案 `{}` 将 API 密钥 `{name}` 放在查询字符串中", scheme.name),
                    );
                    // At the scheme's name.
                    let container = match spec.version {
                        crate::model::SpecVersion::Swagger2 => spec.get(spec.root, "securityDefinitions"),
                        _ => spec
                            .get(spec.root, "components")
                            .and_then(|c| spec.get(c, "securitySchemes")),
                    };
                    let key =
                        container.and_then(|c| Some((spec.resolve(c)?.doc, spec.key_ref(c, &scheme.name)?)));
                    let finding = match key {
                        Some((doc, span)) => spec.finding_span(self.code(), doc, span, message),
                        None => spec.finding(self.code(), scheme.node, message),
                    };
                    out.push(finding.with_help(Msg::new(
                        "send the key in a header (`in: header`), or better, sign requests or use mutual TLS",
                        "改为通过请求头传递（`in: header`），更好的做法是请求签名或双向 TLS",
                    )));
                }
            }
        }
        // A shared parameter (`components.parameters`) is reported once, where it is written.
        let mut seen = HashSet::new();
        for op in &spec.operations {
            for parameter in &op.parameters {
                if parameter.location != ParamLocation::Query {
                    continue;
                }
                let Some(term) = names(
                    &settings.vocabulary,
                    "credential-parameters",
                    Some("credential-parameters-not"),
                    &parameter.name,
                ) else {
                    continue;
                };
                let at = spec.get(parameter.node, "name").unwrap_or(parameter.node);
                if !seen.insert(at) {
                    continue;
                }
                out.push(
                    spec.op_finding(
                        self.code(),
                        op,
                        Some(at),
                        Msg::new(
                            format!(
                                "query parameter `{}` of {} {} carries a credential (`{term}`) in the URL",
                                parameter.name, op.method, op.path
                            ),
                            format!(
                                "接口 {} {} 的查询参数 `{}` 在 URL 中传递凭据（`{term}`）",
                                op.method, op.path, parameter.name
                            ),
                        ),
                        ext,
                    )
                    .with_help(Msg::new(
                        "move credentials to a header or the request body; URLs are written to access logs, proxies and browser history",
                        "将凭据改为通过请求头或请求体传递；URL 会被记录到访问日志、代理和浏览器历史中",
                    )),
                );
            }
        }
    }
}
