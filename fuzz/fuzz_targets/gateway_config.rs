//! The gateway and permission front ends (Kong, Spring Cloud Gateway, nginx, grants files) on
//! arbitrary bytes, then route matching against an empty estate.
#![no_main]

#[path = "common.rs"]
mod common;

use apiaudit::model::{gateway, Portfolio};
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
    common::hook();
    let Some(input) = common::file_input(data, NAMES) else { return };
    let mut part = Portfolio::default();
    let mut out = Vec::new();
    gateway::extract(&input, &common::ctx(), &mut part, &mut out);
    part.sort();
});
