//! The logging-config front ends (logback, log4j2 in every format, Spring Boot, logrotate,
//! Python logging, journald, ILM/Loki) on arbitrary bytes under a name each one claims.
#![no_main]

#[path = "common.rs"]
mod common;

use apiaudit::model::{logs, Portfolio};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "logback.xml",
    "logback-spring.xml",
    "log4j2.xml",
    "log4j2.properties",
    "log4j2.yaml",
    "log4j2.json",
    "application.yml",
    "application-prod.properties",
    "bootstrap.yaml",
    "etc/logrotate.d/app",
    "logrotate.conf",
    "etc/systemd/journald.conf",
    "logging.ini",
    "logging.yaml",
    "logging.json",
    "settings.py",
    "ilm-policy.json",
    "loki.yaml",
    "setup.cfg",
];

fuzz_target!(|data: &[u8]| {
    common::hook();
    let Some(input) = common::file_input(data, NAMES) else { return };
    let mut part = Portfolio::default();
    let mut out = Vec::new();
    logs::extract(&input, &common::ctx(), &mut part, &mut out);
    logs::finish(&mut part.logs);
    for log in &part.logs {
        let _ = (log.measure.status(), log.measure.days());
    }
});
