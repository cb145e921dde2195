//! The retention model: for every logging fixture (each format, a failing and a passing
//! variant), the `logs` section of the JSON report gives the retention computed from the
//! configuration; the demo bank lists every configured log; a retention that depends on an
//! environment variable is "unknown" at info severity, with the variable named.

use crate::support::*;
use serde_json::Value;

/// (path suffix, log name, profile) -> (retention_days, bounded_by, status).
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<u64>,
    &'static str,
    &'static str,
);

fn logs_of(dir: &str) -> Vec<Value> {
    let (report, _) = scan_json(&[dir, "--select", "LOG", "--fail-on", "never", "--lang", "en"]);
    report["logs"].as_array().cloned().unwrap_or_default()
}

fn check(dir: &str, expected: &[Row]) {
    let logs = logs_of(dir);
    for (path, name, profile, days, bounded_by, status) in expected {
        let found = logs.iter().find(|log| {
            log["file"].as_str().unwrap_or("").ends_with(path)
                && log["name"] == *name
                && log["profile"].as_str() == *profile
        });
        let Some(log) = found else {
            panic!("{dir}: no log {name} ({profile:?}) in {path}; logs: {logs:#?}");
        };
        assert_eq!(
            log["retention_days"].as_u64(),
            *days,
            "{path} {name} {profile:?} retention_days: {log:#}"
        );
        assert_eq!(log["bounded_by"], *bounded_by, "{path} {name} bounded_by");
        assert_eq!(log["status"], *status, "{path} {name} status");
        assert!(
            log["evidence"]["line"].as_u64().unwrap_or(0) > 0,
            "{path} {name}: evidence line"
        );
        assert!(!log["evidence"]["arithmetic"]["en"]
            .as_str()
            .unwrap_or("")
            .is_empty());
        assert!(!log["evidence"]["arithmetic"]["zh"]
            .as_str()
            .unwrap_or("")
            .is_empty());
    }
    assert_eq!(
        logs.len(),
        expected.len(),
        "{dir}: every log is asserted: {logs:#?}"
    );
}

#[test]
fn retention_of_every_failing_fixture() {
    check(
        "testdata/rules/LOG001/fail",
        &[
            ("broken/logback.xml", "logback.xml", None, None, "none", "unknown"),
            // GBK-encoded, its appender named in Chinese.
            (
                "logback-gbk/logback.xml",
                "流水",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "elasticsearch/ilm-gateway-logs.json",
                "ilm-gateway-logs",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "journald/journald.conf",
                "systemd-journald",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "log4j2-json/log4j2.json",
                "Notify",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "log4j2-properties/log4j2.properties",
                "RollingFile",
                None,
                Some(45),
                "time",
                "bounded",
            ),
            (
                "log4j2-xml/log4j2.xml",
                "Access",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            ("log4j2-xml/log4j2.xml", "Biz", None, Some(60), "time", "bounded"),
            (
                "log4j2-xml/log4j2.xml",
                "Error",
                None,
                Some(90),
                "time",
                "bounded",
            ),
            (
                "log4j2-yaml/log4j2.yaml",
                "Gateway_Appender",
                None,
                Some(7),
                "time",
                "bounded",
            ),
            (
                "logback/logback-common-appenders.xml",
                "COMMON_FILE",
                None,
                Some(14),
                "time",
                "bounded",
            ),
            // hourly %d{yyyy-MM-dd_HH} x maxHistory 720 = 30 days
            (
                "logback/logback-spring.xml",
                "HOURLY",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "logback/logback-spring.xml",
                "MONTHLY",
                None,
                Some(90),
                "time",
                "bounded",
            ),
            (
                "logback/logback-spring.xml",
                "SIZE_AND_TIME",
                None,
                Some(60),
                "time",
                "bounded",
            ),
            (
                "logback/logback-spring.xml",
                "ENV_DAYS",
                None,
                None,
                "time",
                "unknown",
            ),
            // Shipped to logstash: judged by its own retention.
            (
                "logback-shipped/logback.xml",
                "LOCAL_SHORT",
                None,
                Some(7),
                "time",
                "bounded",
            ),
            // A retention one variable decides: its default when the estate sets nothing ...
            (
                "variable-default/logback-spring.xml",
                "FILE",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            // ... the value a Kubernetes manifest sets ...
            (
                "variable-k8s/src/main/resources/logback.xml",
                "FILE",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            // ... and per Spring profile, the base entry keeping the default.
            (
                "variable-profile/src/main/resources/logback-spring.xml",
                "FILE",
                None,
                Some(365),
                "time",
                "bounded",
            ),
            (
                "variable-profile/src/main/resources/logback-spring.xml",
                "FILE",
                Some("prod"),
                Some(30),
                "time",
                "bounded",
            ),
            (
                "logback/logback-spring.xml",
                "PER_PROFILE",
                Some("prod"),
                Some(90),
                "time",
                "bounded",
            ),
            (
                "logback/logback-spring.xml",
                "PER_PROFILE",
                Some("uat"),
                Some(15),
                "time",
                "bounded",
            ),
            (
                "etc/logrotate.conf",
                "/var/log/wtmp",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "etc/logrotate.d/teller",
                "/var/log/teller/*.log",
                None,
                Some(7),
                "time",
                "bounded",
            ),
            (
                "logrotate.d/core-banking",
                "/opt/core/logs/app.log",
                None,
                Some(14),
                "time",
                "bounded",
            ),
            (
                "logrotate.d/core-banking",
                "/opt/core/logs/batch/*.log",
                None,
                Some(90),
                "time",
                "bounded",
            ),
            (
                "logrotate.d/core-banking",
                "/opt/core/logs/audit.log",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "loki/loki-config.yaml",
                "limits_config.retention_period",
                None,
                Some(31),
                "time",
                "bounded",
            ),
            (
                "loki/loki-config.yaml",
                "retention_stream {namespace=\"payments\"}",
                None,
                Some(7),
                "time",
                "bounded",
            ),
            (
                "opensearch/ism-app-logs.json",
                "app-logs-retention",
                None,
                Some(60),
                "time",
                "bounded",
            ),
            (
                "python/conf/logging.ini",
                "fileHandler",
                None,
                Some(90),
                "time",
                "bounded",
            ),
            (
                "python/conf/logging.json",
                "daily",
                None,
                Some(140),
                "time",
                "bounded",
            ),
            (
                "python/conf/logging.yaml",
                "file",
                None,
                Some(84),
                "time",
                "bounded",
            ),
            (
                "python/django_site/settings.py",
                "file",
                None,
                Some(60),
                "time",
                "bounded",
            ),
            (
                "python/log_utils.py",
                "build_app_handler.handler",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "python/log_utils.py",
                "build_hourly_handler.TimedRotatingFileHandler",
                None,
                Some(3),
                "time",
                "bounded",
            ),
            (
                "python/log_utils.py",
                "build_constant_handler.handler",
                None,
                Some(45),
                "time",
                "bounded",
            ),
            (
                "python/log_utils.py",
                "build_env_handler.keep",
                None,
                None,
                "time",
                "unknown",
            ),
            (
                "spring-default/application.yaml",
                "logs/notice.log",
                None,
                Some(7),
                "time",
                "bounded",
            ),
            (
                "spring-properties/application.properties",
                "/data/logs/card-service/card.log",
                None,
                Some(14),
                "time",
                "bounded",
            ),
            (
                "spring-yml/application.yml",
                "/data/logs/loan-service/loan.log",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "spring-yml/application.yml",
                "/data/logs/loan-service/loan.log",
                Some("prod"),
                Some(90),
                "time",
                "bounded",
            ),
        ],
    );
}

#[test]
fn retention_of_every_passing_fixture() {
    check(
        "testdata/rules/LOG001/pass",
        &[
            (
                "elasticsearch/ilm-audit.json",
                "ilm-audit",
                None,
                Some(400),
                "time",
                "bounded",
            ),
            (
                "journald/journald.conf",
                "systemd-journald",
                None,
                Some(182),
                "time",
                "bounded",
            ),
            (
                "log4j2-json/log4j2.json",
                "Main",
                None,
                Some(190),
                "time",
                "bounded",
            ),
            (
                "log4j2-properties/log4j2.properties",
                "RollingFile",
                None,
                Some(200),
                "time",
                "bounded",
            ),
            ("log4j2-xml/log4j2.xml", "App", None, Some(180), "time", "bounded"),
            ("log4j2-xml/log4j2.xml", "Dated", None, None, "none", "unbounded"),
            (
                "log4j2-yaml/log4j2.yml",
                "Main",
                None,
                Some(365),
                "time",
                "bounded",
            ),
            ("logback/logback.xml", "DAILY", None, Some(180), "time", "bounded"),
            (
                "logback/logback.xml",
                "HOURLY",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            (
                "logback/logback.xml",
                "MONTHLY",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            ("logback/logback.xml", "KEEP_ALL", None, None, "none", "unbounded"),
            // .env (180) and docker-compose (365) set the variable: the lowest counts.
            (
                "variable-estate/src/main/resources/logback.xml",
                "FILE",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            // A systemd unit sets it.
            (
                "variable-systemd/conf/logback.xml",
                "FILE",
                None,
                Some(200),
                "time",
                "bounded",
            ),
            // weekly + rotate 30 = 210 days
            (
                "logrotate.d/api-gateway",
                "/var/log/kong/access.log /var/log/kong/error.log",
                None,
                Some(210),
                "time",
                "bounded",
            ),
            (
                "logrotate.d/api-gateway",
                "/var/log/nginx/*.log",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            (
                "logrotate.d/api-gateway",
                "/var/log/ops/yearly.log",
                None,
                Some(365),
                "time",
                "bounded",
            ),
            (
                "loki-disabled/loki.yaml",
                "limits_config.retention_period",
                None,
                None,
                "none",
                "unbounded",
            ),
            (
                "loki/loki.yaml",
                "limits_config.retention_period",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            (
                "opensearch/ism-audit.json",
                "ism-audit",
                None,
                Some(395),
                "time",
                "bounded",
            ),
            (
                "python/conf/logging.ini",
                "fileHandler",
                None,
                Some(200),
                "time",
                "bounded",
            ),
            (
                "python/handlers.py",
                "setup.daily",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            (
                "python/handlers.py",
                "setup.weekly",
                None,
                Some(182),
                "time",
                "bounded",
            ),
            (
                "python/handlers.py",
                "setup.plain",
                None,
                None,
                "none",
                "unbounded",
            ),
            (
                "python/handlers.py",
                "setup.forever",
                None,
                None,
                "none",
                "unbounded",
            ),
            (
                "spring-custom-logback/logback-spring.xml",
                "FILE",
                None,
                Some(190),
                "time",
                "bounded",
            ),
            (
                "spring-yml/application.yml",
                "/data/logs/ebank/ebank.log",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            (
                "spring-yml/application.yml",
                "/data/logs/ebank/ebank.log",
                Some("prod"),
                Some(365),
                "time",
                "bounded",
            ),
        ],
    );
    let logs = logs_of("testdata/rules/LOG001/fail");
    let shipped = logs
        .iter()
        .find(|l| l["name"] == "LOCAL_SHORT")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        shipped["shipped_to"],
        serde_json::json!(["LOGSTASH"]),
        "{shipped:#}"
    );
}

#[test]
fn retention_of_transaction_and_size_bounded_fixtures() {
    check(
        "testdata/rules/LOG002/fail",
        &[
            (
                "elasticsearch/ilm-settlement.json",
                "settlement-logs",
                None,
                Some(270),
                "time",
                "bounded",
            ),
            (
                "log4j2/log4j2.xml",
                "PaymentJournal",
                None,
                Some(200),
                "time",
                "bounded",
            ),
            (
                "logback/logback.xml",
                "TRADE_FILE",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            ("logback/logback.xml", "BIZ2", None, Some(200), "time", "bounded"),
            ("logback/logback.xml", "CN", None, Some(300), "time", "bounded"),
            (
                "logrotate.d/remittance",
                "/var/log/remittance/*.log",
                None,
                Some(200),
                "time",
                "bounded",
            ),
            (
                "python/logging.yaml",
                "ledger",
                None,
                Some(190),
                "time",
                "bounded",
            ),
        ],
    );
    check(
        "testdata/rules/LOG003/fail",
        &[
            (
                "journald/journald.conf",
                "systemd-journald",
                None,
                None,
                "size",
                "bounded",
            ),
            ("log4j2/log4j2.xml", "Sized", None, None, "count", "bounded"),
            (
                "logback/logback.xml",
                "ACCESS_FILE",
                None,
                None,
                "count",
                "bounded",
            ),
            (
                "logrotate.d/mq",
                "/var/log/rabbitmq/*.log",
                None,
                None,
                "count",
                "bounded",
            ),
            ("python/gateway_log.py", "handler", None, None, "count", "bounded"),
        ],
    );
    let transaction: Vec<String> = logs_of("testdata/rules/LOG002/fail")
        .iter()
        .map(|l| l["transaction"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(transaction.iter().all(|t| !t.is_empty()), "{transaction:?}");
    let pass = logs_of("testdata/rules/LOG002/pass");
    let app = pass
        .iter()
        .find(|l| l["name"] == "APP")
        .cloned()
        .unwrap_or_default();
    assert!(
        app.get("transaction").is_none(),
        "a directory name does not make a transaction log: {app:#}"
    );
}

#[test]
fn messages_give_the_arithmetic_in_both_languages() {
    let (en, _) = scan_json(&[
        "testdata/rules/LOG001/fail/logback",
        "--select",
        "LOG001",
        "--lang",
        "en",
        "--fail-on",
        "never",
    ]);
    let (zh, _) = scan_json(&[
        "testdata/rules/LOG001/fail/logback",
        "--select",
        "LOG001",
        "--lang",
        "zh",
        "--fail-on",
        "never",
    ]);
    let message = |report: &Value, line: u64| {
        findings(report)
            .into_iter()
            .find(|f| f["line"] == line && f["path"].as_str().unwrap_or("").ends_with("logback-spring.xml"))
            .map(|f| f["message"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        message(&en, 17),
        "logback appender HOURLY: hourly rollover x maxHistory 720 = 30 days < 180 days required"
    );
    assert_eq!(
        message(&zh, 17),
        "logback appender HOURLY：按小时滚动 × maxHistory 720 = 30 天，低于要求的 180 天"
    );
}

#[test]
fn environment_dependent_retention_is_info_with_the_variable_named() {
    let (report, _) = scan_json(&[
        "testdata/rules/LOG001/fail",
        "--select",
        "LOG001",
        "--lang",
        "en",
        "--fail-on",
        "never",
    ]);
    for (path, line, variable) in [
        ("logback/logback-spring.xml", 47, "LOG_KEEP_DAYS"),
        ("python/log_utils.py", 38, "MODEL_LOG_BACKUPS"),
    ] {
        let found: Vec<Value> = findings(&report)
            .into_iter()
            .filter(|f| f["path"].as_str().unwrap_or("").ends_with(path) && f["line"] == line)
            .collect();
        assert_eq!(found.len(), 1, "{path}:{line}: {found:#?}");
        assert_eq!(found[0]["severity"], "info", "{path}:{line}");
        assert!(
            found[0]["message"].as_str().unwrap_or("").contains(variable),
            "{:#}",
            found[0]
        );
    }
    let logs = report["logs"].as_array().cloned().unwrap_or_default();
    let env = logs
        .iter()
        .find(|l| l["name"] == "ENV_DAYS")
        .cloned()
        .unwrap_or_default();
    assert_eq!(env["retention_days"], Value::Null);
    assert_eq!(env["evidence"]["variables"], serde_json::json!(["LOG_KEEP_DAYS"]));
    // An unknown retention alone does not fail a run at the default `--fail-on high`.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("logback.xml");
    std::fs::write(
        &config,
        "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.rolling.RollingFileAppender\">\
         <rollingPolicy class=\"ch.qos.logback.core.rolling.TimeBasedRollingPolicy\">\
         <fileNamePattern>app.%d.log</fileNamePattern><maxHistory>${DAYS}</maxHistory>\
         </rollingPolicy></appender></configuration>",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(&[
        "scan",
        config.to_str().unwrap_or(""),
        "--select",
        "LOG",
        "-f",
        "json",
    ]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn demo_bank_lists_every_configured_log() {
    check(
        "testdata/projects/demo-bank",
        &[
            (
                "accounts-service/app/logging_setup.py",
                "setup_fallback_logging.handler",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "accounts-service/logging.yaml",
                "app_file",
                None,
                Some(400),
                "time",
                "bounded",
            ),
            (
                "accounts-service/logging.yaml",
                "txn_file",
                None,
                Some(200),
                "time",
                "bounded",
            ),
            (
                "payments-service/src/main/resources/application.yml",
                "/data/logs/payments-service/app.log",
                None,
                Some(7),
                "time",
                "bounded",
            ),
            (
                "logback-spring.xml",
                "APP_FILE",
                None,
                Some(30),
                "time",
                "bounded",
            ),
            (
                "logback-spring.xml",
                "TRADE_FILE",
                None,
                Some(180),
                "time",
                "bounded",
            ),
            (
                "logback-spring.xml",
                "ACCESS_FILE",
                None,
                None,
                "count",
                "bounded",
            ),
            (
                "logback-spring.xml",
                "AUDIT_FILE",
                None,
                Some(365),
                "time",
                "bounded",
            ),
            ("logback-spring.xml", "ERROR_FILE", None, None, "time", "unknown"),
            (
                "platform/batch/log4j2.xml",
                "BatchJob",
                None,
                Some(60),
                "time",
                "bounded",
            ),
            (
                "platform/batch/log4j2.xml",
                "SettlementTxn",
                None,
                Some(400),
                "time",
                "bounded",
            ),
            (
                "platform/elasticsearch/ilm-api-logs.json",
                "ilm-api-logs",
                None,
                Some(90),
                "time",
                "bounded",
            ),
            (
                "platform/logrotate.d/api-gateway",
                "/var/log/kong/access.log /var/log/kong/error.log",
                None,
                Some(210),
                "time",
                "bounded",
            ),
            (
                "platform/logrotate.d/api-gateway",
                "/var/log/nginx/legacy-access.log /var/log/nginx/error.log",
                None,
                Some(14),
                "time",
                "bounded",
            ),
            (
                "platform/loki/loki.yaml",
                "limits_config.retention_period",
                None,
                Some(90),
                "time",
                "bounded",
            ),
        ],
    );
    let (report, _) = scan_json(&["testdata/projects/demo-bank", "--select", "LOG"]);
    let count = |rule: &str, severity: &str| {
        findings(&report)
            .iter()
            .filter(|f| f["rule"] == rule && f["severity"] == severity)
            .count()
    };
    assert_eq!((count("LOG001", "high"), count("LOG001", "info")), (7, 1));
    assert_eq!(count("LOG002", "medium"), 2);
    assert_eq!(count("LOG003", "low"), 1);
}
