//! LIFE002: an operation whose sunset date (`x-sunset`, or a dated `Sunset` response header)
//! is before the date of the run, still in the spec.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::lifecycle::{parse_date, sunset};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct PublishedAfterSunset;

impl Rule for PublishedAfterSunset {
    fn code(&self) -> RuleCode {
        RuleCode::LIFE002
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        let today = ctx.settings.today;
        for op in &spec.operations {
            let Some((node, text)) = sunset(spec, op, &ext.sunset) else {
                continue;
            };
            let Some(date) = parse_date(&text).filter(|date| *date < today) else {
                continue;
            };
            let days = (today - date).num_days();
            let days_en = if days == 1 {
                "1 day".to_string()
            } else {
                format!("{days} days")
            };
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    Some(node),
                    Msg::new(
                        format!(
                            "{} {} was to be switched off on {date} ({days_en} before {today}) and is still published",
                            op.method, op.path
                        ),
                        format!(
                            "接口 {} {} 的下线日期 {date} 已过（早于 {today} 共 {days} 天），但仍在发布",
                            op.method, op.path
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    "remove the operation, its routes and grants (LIFE003); if the retirement was postponed, set and announce a new date",
                    "删除该接口及其路由和授权（见 LIFE003）；下线推迟的，应确定并公告新的下线日期",
                )),
            );
        }
    }
}
