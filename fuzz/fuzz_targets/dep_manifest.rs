//! The dependency-manifest front ends (Maven, Gradle, npm, yarn, Python, Go, Cargo) on
//! arbitrary bytes, then the whole-run resolution (Maven parents and BOMs).
#![no_main]

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
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_file(data, NAMES);
});
