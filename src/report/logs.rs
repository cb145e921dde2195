//! The `logs` table (every configured log with its retention and the arithmetic that gives it),
//! as `inventory --format markdown` and the Markdown report print it.

use crate::catalogue::Lang;
use crate::model::logs::{LogPolicy, Status};

/// The `logs` table for `inventory --format markdown` (and the Markdown report): one row per
/// log with its retention and the arithmetic that gives it.
pub fn logs_markdown(logs: &[LogPolicy], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    if zh {
        out.push_str("| 文件:行 | 日志 | 类型 | 留存（天） | 限定方式 | 依据 |\n|---|---|---|---|---|---|\n");
    } else {
        out.push_str("| file:line | log | kind | retention (days) | bounded by | evidence |\n|---|---|---|---|---|---|\n");
    }
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    for log in logs {
        let mut name = cell(&log.name);
        if let Some(profile) = &log.profile {
            name.push_str(&format!(" (profile {})", cell(profile)));
        }
        if let Some(term) = &log.transaction {
            name.push_str(&if zh {
                format!("，交易日志（{}）", cell(term))
            } else {
                format!(", transaction log ({})", cell(term))
            });
        }
        let retention = match (log.retention_days, log.status) {
            (Some(days), _) => days.to_string(),
            (None, Status::Unknown) => (if zh { "未知" } else { "unknown" }).to_string(),
            (None, Status::Unbounded) => (if zh { "不删除" } else { "never deleted" }).to_string(),
            (None, Status::Bounded) => (if zh { "无法保证" } else { "not guaranteed" }).to_string(),
        };
        let mut evidence = cell(log.evidence.arithmetic.get(lang));
        if log.evidence.line != log.line || log.evidence.file != log.file {
            evidence.push_str(&format!(" ({}:{})", cell(&log.evidence.file), log.evidence.line));
        }
        out.push_str(&format!(
            "| {}:{} | {} | {} | {} | {} | {} |\n",
            cell(&log.file),
            log.line,
            name,
            log.kind.as_str(),
            retention,
            log.bounded_by.as_str(),
            evidence
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::logs::duration::DAY;
    use crate::model::logs::{BoundedBy, Evidence, LogKind, Measure, Text};

    #[test]
    fn markdown_lists_every_log() {
        let log = LogPolicy {
            file: "a/logback.xml".into(),
            line: 3,
            name: "APP|FILE".into(),
            kind: LogKind::Logback,
            profile: None,
            retention_days: Some(30),
            bounded_by: BoundedBy::Time,
            status: Status::Bounded,
            evidence: Evidence {
                file: "a/logback.xml".into(),
                line: 5,
                arithmetic: Text::new(
                    "daily rollover x maxHistory 30 = 30 days",
                    "按日滚动 × maxHistory 30 = 30 天",
                ),
                ..Evidence::default()
            },
            transaction: Some("trade".into()),
            shipped_to: Vec::new(),
            measure: Measure::exact(30 * DAY),
            aliases: Vec::new(),
            rel: String::new(),
            anchor: None,
            deferred: None,
        };
        let en = logs_markdown(std::slice::from_ref(&log), Lang::En);
        assert!(en.contains("| a/logback.xml:3 | APP\\|FILE, transaction log (trade) | logback | 30 | time | daily rollover x maxHistory 30 = 30 days (a/logback.xml:5) |"));
        let zh = logs_markdown(&[log], Lang::Zh);
        assert!(zh.contains("按日滚动 × maxHistory 30 = 30 天"));
    }
}
