//! YAML and JSON front ends on arbitrary bytes: no panic, no unbounded work; a tree that parses
//! can be walked and every node's span lies inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    apiaudit::facade::install_panic_hook();
    apiaudit::facade::fuzz_structured(data);
});
