//! The dependency-manifest front ends (Maven, Gradle, npm, yarn, Python, Go, Cargo) on
//! arbitrary bytes, then the whole-run resolution (Maven parents and BOMs).
#![no_main]

#[path = "common.rs"]
mod common;

use apiaudit::model::Portfolio;
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "gradle/libs.versions.toml",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "requirements.txt",
    "requirements-dev.txt",
    "poetry.lock",
    "go.mod",
    "go.sum",
    "Cargo.lock",
];

fuzz_target!(|data: &[u8]| {
    common::hook();
    let Some(input) = common::file_input(data, NAMES) else { return };
    let mut part = Portfolio::default();
    let mut out = Vec::new();
    apiaudit::deps::extract(&input, &common::ctx(), &mut part, &mut out);
    apiaudit::deps::finish(&mut part);
});
