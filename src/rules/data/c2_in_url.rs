//! DATA002: C2 personal financial information (card and account numbers, ID numbers, mobile
//! numbers, login names) in a path or query parameter, where access logs record it.

use super::fields;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::pfi::{Category, Place};
use crate::model::spec::ParamLocation;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct C2InUrl;

impl Rule for C2InUrl {
    fn code(&self) -> RuleCode {
        RuleCode::DATA002
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        // Financial-status words (`fromStatementDateTime`, `StatementId`) name what is asked
        // for, not who: identifiers only.
        let status = ctx.settings.vocabulary.lexicon(&["pfi-c2-financial-status"]);
        for (op, field) in fields(spec, ctx.settings) {
            let Place::Parameter(location) = &field.place else {
                continue;
            };
            if field.category != Category::C2
                || !matches!(location, ParamLocation::Path | ParamLocation::Query)
            {
                continue;
            }
            if !status.scan(&field.term).is_empty() {
                continue;
            }
            out.push(
                spec.finding_span(
                    self.code(),
                    field.doc,
                    field.span,
                    Msg::new(
                        format!(
                            "{} `{}` of {} {} puts C2 personal financial information (`{}`) in the URL",
                            field.place_label(false),
                            field.name,
                            op.method,
                            op.path,
                            field.term
                        ),
                        format!(
                            "接口 {} {} 的{} `{}` 将 C2 类个人金融信息（`{}`）放在 URL 中",
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
                    "address the resource by an opaque reference (`accountId`, `cardToken`) or move the value into the request body; URLs are written to access logs, proxies and browser history",
                    "改用不透明的引用标识（如 `accountId`、`cardToken`），或将该值移入请求体；URL 会被记录到访问日志、代理和浏览器历史中",
                )),
            );
        }
    }
}
