//! LOG001: a log kept for less than `[retention] min-days` (default 180, Cybersecurity Law
//! art. 21). The message carries the retention model's arithmetic. A log whose retention
//! depends on a value from outside the file (an environment variable) is reported at info
//! severity with the variable's name, never as a violation: the value deployed is not known.

use super::{finding, subject};
use crate::catalogue::Lang;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding, Severity};
use crate::model::logs::duration::DAY;
use crate::model::logs::Measure;
use crate::model::problems::ModelPart;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};

pub struct LogRetentionTooShort;

impl Rule for LogRetentionTooShort {
    fn code(&self) -> RuleCode {
        RuleCode::LOG001
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Logs]
    }

    fn check_repository(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let days = ctx.settings.retention_min_days;
        let required = u64::from(days) * DAY;
        for log in &portfolio.logs {
            let (who_en, who_zh) = (subject(log, Lang::En), subject(log, Lang::Zh));
            // A log shipped elsewhere is still judged by its own retention; the message says
            // where it goes and what the central stores of the estate keep.
            let (arithmetic_en, arithmetic_zh) = super::arithmetic(log, portfolio);
            let undecided = match log.measure {
                Measure::Time { max: Some(max), .. } if max < required => {
                    out.push(finding(
                        self.code(),
                        log,
                        Msg::new(
                            format!("{who_en}: {arithmetic_en} < {days} days required"),
                            format!("{who_zh}：{arithmetic_zh}，低于要求的 {days} 天"),
                        ),
                    ));
                    continue;
                }
                Measure::Time { min, .. } => min < required,
                Measure::Unknown => true,
                Measure::Unbounded | Measure::Capacity { .. } => false,
            };
            if undecided {
                out.push(
                    finding(
                        self.code(),
                        log,
                        Msg::new(
                            format!("{who_en}: retention unknown, so the {days}-day minimum cannot be checked: {arithmetic_en}"),
                            format!("{who_zh}：留存期限未知，无法核对 {days} 天的最低要求：{arithmetic_zh}"),
                        ),
                    )
                    .with_severity(Severity::Info),
                );
            }
        }
    }
}
