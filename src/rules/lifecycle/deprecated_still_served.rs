//! LIFE005: an operation deprecated in its spec, or past its sunset date, that its service's
//! code still serves. Reported at the mapping in the code, which is what keeps it answering.
//! A deprecated operation whose announced sunset date is still ahead is within its deprecation
//! window and is not reported.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::lifecycle::{is_retired, parse_date};
use crate::model::matching::served::{matches, service_code};
use crate::model::Portfolio;
use crate::rules::lifecycle::operation_ref;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;

pub struct DeprecatedStillServed;

impl Rule for DeprecatedStillServed {
    fn code(&self) -> RuleCode {
        RuleCode::LIFE005
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        if portfolio.served.is_empty() {
            return;
        }
        let today = ctx.settings.today;
        let found = matches(portfolio);
        let code = service_code(portfolio, &found);
        for (entry, served) in portfolio.interfaces.iter().zip(code) {
            let Some(&first) = served.as_ref().and_then(|s| s.first()) else {
                continue;
            };
            let retired = is_retired(entry.sunset.as_deref(), today);
            let in_window = entry
                .sunset
                .as_deref()
                .and_then(parse_date)
                .is_some_and(|date| date >= today);
            if !(retired.is_some() || (entry.deprecated && !in_window)) {
                continue;
            }
            let code_entry = &portfolio.served[first];
            let handler = code_entry.handler.as_deref().unwrap_or("?");
            let (state_en, state_zh) = match retired {
                Some(date) => (
                    format!("its sunset date {date} has passed"),
                    format!("其下线日期 {date} 已过"),
                ),
                None => ("it is deprecated".to_string(), "已标记废弃".to_string()),
            };
            out.push(
                RawFinding::at_pos(
                    self.code(),
                    &code_entry.file,
                    &code_entry.spec_rel,
                    Pos {
                        line: code_entry.line,
                        col: code_entry.column,
                    },
                    Msg::new(
                        format!(
                            "{} {} is still served by `{handler}` although {state_en} in {}:{}",
                            entry.method, entry.path, entry.file, entry.line
                        ),
                        format!(
                            "接口 {} {} 在 {}:{} 中{state_zh}，但代码仍由 `{handler}` 提供",
                            entry.method, entry.path, entry.file, entry.line
                        ),
                    ),
                )
                .with_operation(operation_ref(entry))
                .with_help(Msg::new(
                    "remove the mapping (or make it answer 410 Gone) once the callers have moved to the replacement; if the retirement was postponed, set and announce a new sunset date in the spec",
                    "在调用方迁移到替代接口后删除该映射（或使其返回 410 Gone）；下线推迟的，应在规范中确定并公告新的下线日期",
                )),
            );
        }
    }
}
