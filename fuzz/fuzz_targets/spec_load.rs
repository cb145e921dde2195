//! Spec loading with `$ref` resolution over an in-memory file set, then every spec rule.
//! The input is split on NUL bytes into up to four files; the first is the root document.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["/mem/api/root.yaml", "/mem/api/common.yaml", "/mem/api/schemas/s.json", "/mem/other.yaml"];

fuzz_target!(|data: &[u8]| {
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_spec(data, &NAMES);
});
