//! The logging-config front ends (logback, log4j2 in every format, Spring Boot, logrotate,
//! Python logging, journald, ILM/Loki) on arbitrary bytes under a name each one claims.
#![no_main]

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
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_file(data, NAMES);
});
