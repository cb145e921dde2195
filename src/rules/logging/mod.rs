//! Logging rules: retention computed by the retention model (`model::logs`) and judged
//! against the minimums of the settings: LOG001 (all logs), LOG002 (transaction logs), LOG003
//! (bounded by count or size only). They run once on the whole portfolio, because what a log
//! keeps can depend on several files (Spring profiles, logrotate defaults, included files).
//! LOG004 (what logs contain) reads each source and layout file on its own.

pub mod log_retention_too_short;
pub mod sensitive_data_in_logs;
pub mod size_bounded_log_retention;
pub mod transaction_log_retention_too_short;

use crate::catalogue::Lang;
use crate::catalogue::RuleCode;
use crate::findings::{Msg, RawFinding};
use crate::model::logs::LogPolicy;
use crate::source::Pos;

/// "logback appender APP_FILE (profile prod)", in the run's language.
pub(crate) fn subject(log: &LogPolicy, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let noun = match (log.kind.as_str(), zh) {
        ("logback", _) => "logback appender",
        ("log4j2", _) => "log4j2 appender",
        ("spring-boot", false) => "Spring Boot file log",
        ("spring-boot", true) => "Spring Boot 文件日志",
        ("logrotate", false) => "logrotate block",
        ("logrotate", true) => "logrotate 配置块",
        ("python", false) => "Python logging handler",
        ("python", true) => "Python 日志处理器",
        ("elasticsearch-ilm", false) => "Elasticsearch ILM policy",
        ("elasticsearch-ilm", true) => "Elasticsearch ILM 策略",
        ("opensearch-ism", false) => "OpenSearch ISM policy",
        ("opensearch-ism", true) => "OpenSearch ISM 策略",
        ("loki", _) => "Loki",
        ("journald", _) => "journald",
        (other, _) => other,
    };
    let mut text = format!("{noun} {}", log.name);
    if let Some(profile) = &log.profile {
        text.push_str(&if zh {
            format!("（profile {profile}）")
        } else {
            format!(" (profile {profile})")
        });
    }
    text
}

/// A finding at the setting that decides the log's retention.
pub(crate) fn finding(rule: RuleCode, log: &LogPolicy, message: Msg) -> RawFinding {
    let mut key = log.name.clone();
    if let Some(profile) = &log.profile {
        key.push('@');
        key.push_str(profile);
    }
    match &log.anchor {
        Some(anchor) => RawFinding::at(rule, &anchor.file, anchor.span, message).with_key_part(&key),
        None => RawFinding::at_pos(
            rule,
            &log.evidence.file,
            &log.rel,
            Pos {
                line: log.evidence.line,
                col: log.evidence.column.max(1),
            },
            message,
        )
        .with_key(key),
    }
}
