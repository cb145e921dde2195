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
use crate::model::logs::{LogKind, LogPolicy};
use crate::model::Portfolio;
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

/// The log's arithmetic for a message, in both languages: for a log shipped elsewhere, followed
/// by where it is shipped and the retention of each central store (Elasticsearch ILM,
/// OpenSearch ISM, Loki) whose configuration is in the estate.
pub(crate) fn arithmetic(log: &LogPolicy, portfolio: &Portfolio) -> (String, String) {
    let mut en = log.evidence.arithmetic.en.clone();
    let mut zh = log.evidence.arithmetic.zh.clone();
    if log.shipped_to.is_empty() {
        return (en, zh);
    }
    let to = log.shipped_to.join(", ");
    let stores: Vec<&LogPolicy> = portfolio
        .logs
        .iter()
        .filter(|l| {
            matches!(
                l.kind,
                LogKind::ElasticsearchIlm | LogKind::OpensearchIsm | LogKind::Loki
            )
        })
        .collect();
    if stores.is_empty() {
        en.push_str(&format!(
            " (also shipped to {to}; no central store's retention (Elasticsearch ILM, OpenSearch ISM, Loki) is in the scan)"
        ));
        zh.push_str(&format!(
            "（另发送至 {to}；扫描范围内没有中心日志平台（Elasticsearch ILM、OpenSearch ISM、Loki）的留存配置）"
        ));
        return (en, zh);
    }
    const SHOWN: usize = 3;
    let listed = |lang: Lang| {
        let mut parts: Vec<String> = stores
            .iter()
            .take(SHOWN)
            .map(|store| {
                let kept = match store.retention_days {
                    Some(days) if lang == Lang::Zh => format!("{days} 天"),
                    Some(days) => format!("{days} days"),
                    None => store.evidence.arithmetic.get(lang).to_string(),
                };
                format!("{} {kept} ({}:{})", subject(store, lang), store.file, store.line)
            })
            .collect();
        if stores.len() > SHOWN {
            parts.push(if lang == Lang::Zh {
                format!("等 {} 项", stores.len())
            } else {
                format!("{} more", stores.len() - SHOWN)
            });
        }
        parts
    };
    en.push_str(&format!(
        " (also shipped to {to}; central store retention in the scan: {})",
        listed(Lang::En).join(", ")
    ));
    zh.push_str(&format!(
        "（另发送至 {to}；扫描范围内中心日志平台的留存：{}）",
        listed(Lang::Zh).join("、")
    ));
    (en, zh)
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
