//! One repository file as the scan sees it: any bytes under a name from the list, through model
//! extraction, every rule's `check_file` (the secret scanner included) and, on the file's part
//! of the portfolio, every portfolio rule.
#![no_main]

#[path = "common.rs"]
mod common;

use apiaudit::model::Portfolio;
use apiaudit::rules::{BinaryInput, RULES};
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
    common::hook();
    let ctx = common::ctx();
    let mut out = Vec::new();
    let Some(input) = common::file_input(data, NAMES) else {
        // Binary content: the key-store detectors read it.
        if let Some((&pick, rest)) = data.split_first() {
            let name = NAMES[pick as usize % NAMES.len()];
            let input = BinaryInput { path: format!("repo/{name}"), rel: name.to_string(), bytes: rest.to_vec() };
            for rule in RULES {
                rule.check_binary(&input, &ctx, &mut out);
            }
        }
        return;
    };
    let mut part = Portfolio::default();
    apiaudit::model::extract(&input, &ctx, &mut part, &mut out);
    for rule in RULES {
        rule.check_file(&input, &ctx, &mut out);
    }
    part.sort();
    for rule in RULES {
        rule.check_portfolio(&part, &ctx, &mut out);
    }
});
