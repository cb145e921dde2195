//! One repository file as the scan sees it: any bytes under a name from the list, through model
//! extraction, every rule's `check_file` (the secret scanner included) and, on the file's part
//! of the portfolio, every portfolio rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "application.yml",
    "application.properties",
    "bootstrap.yaml",
    "logback.xml",
    "log4j2.xml",
    "pom.xml",
    "build.gradle",
    "package-lock.json",
    "requirements.txt",
    "go.mod",
    "kong.yaml",
    "nginx.conf",
    "apiaudit-grants.csv",
    ".env",
    ".gitlab-ci.yml",
    "Main.java",
    "Config.kt",
    "x.py",
    "index.js",
    "main.go",
    "server.pem",
    "id_rsa",
    "keys/server.key",
    "settings.xml",
    "Dockerfile",
    "README.md",
];

fuzz_target!(|data: &[u8]| {
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_file(data, NAMES);
});
