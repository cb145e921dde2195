//! DATA003: C3 authentication information returned in a response (a response header or a
//! response-schema property). Fields that only describe a credential's state (a boolean
//! `passwordSet`, an integer `pinRetriesLeft`, a date `passwordUpdatedAt`) are not reported.

use super::{fields, schema_type};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::pfi::{Category, Place};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct C3InResponse;

impl Rule for C3InResponse {
    fn code(&self) -> RuleCode {
        RuleCode::DATA003
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        for (op, field) in fields(spec, ctx.settings) {
            if field.category != Category::C3
                || !matches!(field.place, Place::Response(_) | Place::ResponseHeader(_))
            {
                continue;
            }
            if matches!(schema_type(spec, field), Some("boolean" | "integer" | "number")) {
                continue;
            }
            let format = field.schema.and_then(|s| spec.get_str(s, "format"));
            if matches!(format, Some("date" | "date-time")) {
                continue;
            }
            out.push(
                spec.finding_span(
                    self.code(),
                    field.doc,
                    field.span,
                    Msg::new(
                        format!(
                            "{} `{}` of {} {} returns C3 authentication information (`{}`)",
                            field.place_label(false),
                            field.path,
                            op.method,
                            op.path,
                            field.term
                        ),
                        format!(
                            "接口 {} {} 的{} `{}` 返回了 C3 类用户鉴别信息（`{}`）",
                            op.method,
                            op.path,
                            field.place_label(true),
                            field.path,
                            field.term
                        ),
                    ),
                )
                .with_operation(spec.op_ref(op, ext))
                .with_help(Msg::new(
                    "never return passwords, PINs, CVN, card expiry or track data; return a status (`passwordSet: true`) or a masked or tokenised form instead",
                    "不得返回密码、卡密码、CVN、卡片有效期或磁道数据；改为返回状态（如 `passwordSet: true`）或经屏蔽、标记化处理的形式",
                )),
            );
        }
    }
}
