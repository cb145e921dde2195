//! CHG001: an operation of the base revision that the working tree no longer has, unless it
//! was deprecated at the base with a sunset date before the date of the run.

use super::{file_deleted, label, removed_at};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::change::ChangeSet;
use crate::model::lifecycle::{is_retired, parse_date};
use crate::rules::{Ctx, Rule};

pub struct OperationRemovedWithoutRetirement;

impl Rule for OperationRemovedWithoutRetirement {
    fn code(&self) -> RuleCode {
        RuleCode::CHG001
    }

    fn scope(&self) -> Scope {
        Scope::Change
    }

    fn check_change(&self, change: &ChangeSet, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let today = ctx.settings.today;
        for &ix in &change.removed {
            let (spec, op) = change.base_op(ix);
            if op.deprecated && is_retired(op.sunset.as_deref(), today).is_some() {
                continue;
            }
            let (why_en, why_zh) = match (op.deprecated, op.sunset.as_deref()) {
                (false, _) => (
                    "it was not deprecated".to_string(),
                    "该接口此前未标记废弃".to_string(),
                ),
                (true, None) => (
                    "it was deprecated without a sunset date".to_string(),
                    "该接口已废弃但未设定下线日期".to_string(),
                ),
                (true, Some(sunset)) => match parse_date(sunset) {
                    Some(date) => (
                        format!("its sunset date {date} is not past (today is {today})"),
                        format!("其下线日期 {date} 未到（今天是 {today}）"),
                    ),
                    None => (
                        format!("its sunset date `{sunset}` is not a date"),
                        format!("其下线日期 `{sunset}` 不是有效日期"),
                    ),
                },
            };
            let (where_en, where_zh) = if file_deleted(change, ix) {
                (
                    format!(" (its spec file {} was deleted)", spec.spec),
                    format!("（所在规范文件 {} 已被删除）", spec.spec),
                )
            } else {
                (String::new(), String::new())
            };
            out.push(
                removed_at(
                    change,
                    ix,
                    self.code(),
                    Msg::new(
                        format!("{} was removed{where_en}, but {why_en}", label(op)),
                        format!("接口 {} 被删除{where_zh}，但{why_zh}", label(op)),
                    ),
                )
                .with_help(Msg::new(
                    "restore it and retire it first: `deprecated: true`, `x-sunset` set to the date announced to its callers, `x-replacement`; remove it after that date",
                    "恢复该接口并先按流程下线：标记 `deprecated: true`，将 `x-sunset` 设为已告知调用方的日期并填写 `x-replacement`，到期后再删除",
                )),
            );
        }
    }
}
