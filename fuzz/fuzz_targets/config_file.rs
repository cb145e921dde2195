//! The config file: arbitrary TOML never panics; errors name a position inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_config(data);
});
