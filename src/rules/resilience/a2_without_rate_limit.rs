//! RES001: an A2 (or A3) operation that declares no flow control: no `x-rate-limit` on the
//! operation, its path item or the document, and no `429` response. An `x-rate-limit` that
//! cannot be read as a rate (`lots`, `{foo: bar}`) is reported as malformed, at its value, with
//! the forms that are read (`model::flow::declared_limit`).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::flow::declared_limit;
use crate::model::level_inference::EffectiveLevel;
use crate::model::level_inference::{analyse, effective_level};
use crate::model::{Level, Operation, Spec};
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
            let policy = declared_limit(spec, op, extension);
            let declared = policy.as_ref().is_some_and(|policy| policy.per_second.is_some());
            let on_path_item = spec
                .get(op.path_item, extension)
                .is_some_and(|node| spec.get(node, "limit").is_some() && spec.get(node, "window").is_some());
            let too_many = op.responses.iter().any(|r| r.status == "429");
            if declared || on_path_item || too_many {
                continue;
            }
            if policy.is_some() {
                out.push(malformed(spec, op, &level, ctx));
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

/// The forms of `x-rate-limit` that are read, for messages.
const FORMS_EN: &str = "`{limit: 50, window: 1s}` (also `requests`, `max`, `count` or `quota` for the count and `period`, `per`, `interval`, `unit` or `duration` for the window), `{rate: 100/s}`, or a scalar `100/s` or `6000 per minute`";
const FORMS_ZH: &str = "`{limit: 50, window: 1s}`（次数也可写作 `requests`、`max`、`count`、`quota`，时间窗也可写作 `period`、`per`、`interval`、`unit`、`duration`）、`{rate: 100/s}`，或标量 `100/s`、`6000 per minute`";

/// An `x-rate-limit` that is there but is no rate apiaudit can read.
fn malformed(spec: &Spec, op: &Operation, level: &EffectiveLevel, ctx: &Ctx<'_>) -> RawFinding {
    let ext = &ctx.settings.extensions;
    let extension = &ext.rate_limit;
    let node = spec
        .get(op.node, extension)
        .or_else(|| spec.get(spec.root, extension));
    let written = node
        .and_then(|node| spec.tree(node).scalar_text(node.node))
        .map(|text| format!(" (`{text}`)"))
        .unwrap_or_default();
    spec.op_finding(
        RuleCode::RES001,
        op,
        node,
        Msg::new(
            format!(
                "{} {} ({}) has a malformed `{extension}`{written}: it gives no count and window that can be read, so no rate limit is declared",
                op.method,
                op.path,
                level.label(false)
            ),
            format!(
                "接口 {} {}（{}）的 `{extension}` 格式有误{written}：无法读出次数与时间窗，视同未声明限流",
                op.method,
                op.path,
                level.label(true)
            ),
        ),
        ext,
    )
    .with_help(Msg::new(
        format!("write `{extension}` in a form that is read: {FORMS_EN}"),
        format!("按可解析的格式书写 `{extension}`：{FORMS_ZH}"),
    ))
}
