//! LOG002: a transaction log (its appender, logger, file or index name holds a term of the
//! `transaction-logs` vocabulary) kept for less than `[retention] transaction-min-days`
//! (default 365). The 180-day minimum of LOG001 applies to it as well.

use super::{finding, subject};
use crate::catalogue::Lang;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding, Severity};
use crate::model::logs::duration::DAY;
use crate::model::logs::Measure;
use crate::model::problems::ModelPart;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};

pub struct TransactionLogRetentionTooShort;

impl Rule for TransactionLogRetentionTooShort {
    fn code(&self) -> RuleCode {
        RuleCode::LOG002
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Logs]
    }

    fn check_repository(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let days = ctx.settings.transaction_retention_min_days;
        let required = u64::from(days) * DAY;
        let general = u64::from(ctx.settings.retention_min_days) * DAY;
        for log in &portfolio.logs {
            let Some(term) = &log.transaction else {
                continue;
            };
            let (who_en, who_zh) = (subject(log, Lang::En), subject(log, Lang::Zh));
            // A log shipped elsewhere is still judged by its own retention; the message says
            // where it goes and what the central stores of the estate keep.
            let (arithmetic_en, arithmetic_zh) = super::arithmetic(log, portfolio);
            match log.measure {
                Measure::Time { max: Some(max), .. } if max < required => out.push(finding(
                    self.code(),
                    log,
                    Msg::new(
                        format!("{who_en} is a transaction log (\"{term}\"): {arithmetic_en} < {days} days required for transaction logs"),
                        format!("{who_zh} 为交易日志（“{term}”）：{arithmetic_zh}，低于交易日志要求的 {days} 天"),
                    ),
                )),
                // Unknown retentions are LOG001's (info) unless that minimum is met for sure.
                Measure::Time { min, .. } if min < required && min >= general => out.push(
                    finding(
                        self.code(),
                        log,
                        Msg::new(
                            format!("{who_en} is a transaction log (\"{term}\"): retention unknown, so the {days}-day minimum cannot be checked: {arithmetic_en}"),
                            format!("{who_zh} 为交易日志（“{term}”）：留存期限未知，无法核对 {days} 天的最低要求：{arithmetic_zh}"),
                        ),
                    )
                    .with_severity(Severity::Info),
                ),
                _ => {}
            }
        }
    }
}
