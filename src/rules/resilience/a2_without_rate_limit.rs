//! RES001: an A2 (or A3) operation that declares no flow control: no `x-rate-limit` (with the
//! `{limit, window}` shape) on the operation, its path item or the document, and no `429`
//! response.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::flow::declared_limit;
use crate::model::level_inference::{analyse, effective_level};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};

pub struct A2WithoutRateLimit;

impl Rule for A2WithoutRateLimit {
    fn code(&self) -> RuleCode {
        RuleCode::RES001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        let extension = &ext.rate_limit;
        for (op, analysis) in spec.operations.iter().zip(analyse(spec, settings)) {
            let level = effective_level(spec, op, analysis, settings);
            if level.level < Level::A2 {
                continue;
            }
            let declared =
                declared_limit(spec, op, extension).is_some_and(|policy| policy.per_second.is_some());
            let on_path_item = spec
                .get(op.path_item, extension)
                .is_some_and(|node| spec.get(node, "limit").is_some() && spec.get(node, "window").is_some());
            let too_many = op.responses.iter().any(|r| r.status == "429");
            if declared || on_path_item || too_many {
                continue;
            }
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    None,
                    Msg::new(
                        format!(
                            "{} {} ({}) declares no rate limit: no `{extension}` and no 429 response",
                            op.method,
                            op.path,
                            level.label(false)
                        ),
                        format!(
                            "接口 {} {}（{}）未声明限流：没有 `{extension}`，也没有 429 响应",
                            op.method,
                            op.path,
                            level.label(true)
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    format!("declare the limit the gateway enforces, e.g. `{extension}: {{limit: 50, window: 1s}}`, and document the `429` response"),
                    format!("声明网关实际执行的限流阈值，如 `{extension}: {{limit: 50, window: 1s}}`，并在文档中列出 `429` 响应"),
                )),
            );
        }
    }
}
