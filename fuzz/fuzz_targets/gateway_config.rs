//! The gateway and permission front ends (Kong, Spring Cloud Gateway, nginx, grants files) on
//! arbitrary bytes, then route matching against an empty estate.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "kong.yaml",
    "kong.json",
    "application.yml",
    "application-gateway.properties",
    "bootstrap.yml",
    "nginx.conf",
    "conf.d/api.conf",
    "apiaudit-grants.yaml",
    "apiaudit-grants.csv",
    "apiaudit-grants.json",
];

fuzz_target!(|data: &[u8]| {
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_file(data, NAMES);
});
