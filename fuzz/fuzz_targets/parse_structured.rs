//! YAML and JSON front ends on arbitrary bytes: no panic, no unbounded work; a tree that parses
//! can be walked and every node's span lies inside the text.
#![no_main]

use apiaudit::parse::{json, parse_structured, yaml, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Parser panics that apiaudit turns into parse errors must not abort the fuzzer; every
    // other panic still does.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(apiaudit::parse::install_panic_hook);
    let text = String::from_utf8_lossy(data);
    for result in [
        parse_structured(&text, Limits::default()),
        yaml::parse(&text, Limits::default()),
        json::parse(&text, Limits::default()),
    ] {
        match result {
            Ok(tree) => {
                let mut visited = 0usize;
                tree.walk(tree.root(), |id| {
                    visited += 1;
                    let span = tree.span(id);
                    assert!(span.start <= span.end && span.end as usize <= text.len());
                });
                assert!(visited <= tree.len());
            }
            Err(error) => assert!(error.offset as usize <= text.len()),
        }
    }
});
