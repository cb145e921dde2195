//! The config file: arbitrary TOML never panics; errors name a position inside the text.
#![no_main]

use apiaudit::catalogue::Catalogue;
use apiaudit::settings::{ConfigFile, Settings};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::embedded().unwrap_or_else(|e| panic!("{e}")))
}

fuzz_target!(|data: &[u8]| {
    // Parser panics that apiaudit turns into parse errors must not abort the fuzzer; every
    // other panic still does.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(apiaudit::parse::install_panic_hook);
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(file) = ConfigFile::parse("apiaudit.toml", text) {
        let mut settings = Settings::default();
        let _ = file.apply("apiaudit.toml", text, &mut settings, catalogue(), Path::new("."));
    }
});
