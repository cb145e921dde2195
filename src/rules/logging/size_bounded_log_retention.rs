//! LOG003: a log deleted by count or size only (`FixedWindowRollingPolicy` with a size
//! trigger, `RotatingFileHandler`, logrotate `size`, journald without `MaxRetentionSec`): how
//! long it lasts depends on the volume written, which no configuration states, so the minimum
//! cannot be guaranteed. The message gives the arithmetic: the daily volume above which the
//! capacity no longer holds the minimum period.

use super::{finding, subject};
use crate::catalogue::Lang;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::logs::duration::size_text;
use crate::model::logs::Measure;
use crate::model::problems::ModelPart;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};

pub struct SizeBoundedLogRetention;

impl Rule for SizeBoundedLogRetention {
    fn code(&self) -> RuleCode {
        RuleCode::LOG003
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Logs]
    }

    fn check_repository(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for log in &portfolio.logs {
            let Measure::Capacity { capacity, .. } = log.measure else {
                continue;
            };
            let days = if log.transaction.is_some() {
                ctx.settings.transaction_retention_min_days
            } else {
                ctx.settings.retention_min_days
            };
            let (who_en, who_zh) = (subject(log, Lang::En), subject(log, Lang::Zh));
            // A log shipped elsewhere is still judged by its own retention; the message says
            // where it goes and what the central stores of the estate keep.
            let (arithmetic_en, arithmetic_zh) = super::arithmetic(log, portfolio);
            let message = match capacity.bytes() {
                Some(bytes) if bytes > 0 && days > 0 => {
                    let per_day = size_text(bytes / u64::from(days));
                    let total = size_text(bytes);
                    Msg::new(
                        format!(
                            "{who_en}: {arithmetic_en}; {total} lasts {days} days only while the log writes less than {per_day} a day, which nothing guarantees"
                        ),
                        format!("{who_zh}：{arithmetic_zh}；{total} 仅在日志量低于每天 {per_day} 时才能保留 {days} 天，而这一点无法保证"),
                    )
                }
                _ => Msg::new(
                    format!("{who_en}: {arithmetic_en}; how long that lasts depends on the log volume, so {days} days cannot be guaranteed"),
                    format!("{who_zh}：{arithmetic_zh}；能保留多久取决于日志量，无法保证 {days} 天"),
                ),
            };
            out.push(finding(self.code(), log, message));
        }
    }
}
