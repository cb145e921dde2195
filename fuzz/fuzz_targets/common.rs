//! What the repository-file targets share: a file built from the fuzzer's bytes under a name
//! taken from a list, the run's catalogue and settings, and a panic hook.

use apiaudit::catalogue::Catalogue;
use apiaudit::discover::{classify, Content};
use apiaudit::rules::{Ctx, FileInput};
use apiaudit::settings::Settings;
use apiaudit::source::SourceFile;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::embedded().unwrap_or_else(|e| panic!("{e}")))
}

pub fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(Settings::default)
}

pub fn ctx() -> Ctx<'static> {
    Ctx { settings: settings(), catalogue: catalogue(), advisories: None }
}

/// Parser panics that apiaudit turns into parse errors must not abort the fuzzer; every other
/// panic still does.
pub fn hook() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(apiaudit::parse::install_panic_hook);
}

/// The first byte picks the file name from `names`; the rest is the content, as the scan reads
/// it (binary when a NUL is near the start, invalid UTF-8 replaced). None for binary content.
pub fn file_input(data: &[u8], names: &[&str]) -> Option<FileInput> {
    let (&pick, rest) = data.split_first()?;
    let name = names[pick as usize % names.len()];
    let text = match classify(rest.to_vec()) {
        Content::Text { text, .. } => text,
        _ => return None,
    };
    let path = format!("repo/{name}");
    let file = SourceFile::new(path.clone(), name.to_string(), PathBuf::from(&path), text);
    Some(FileInput::new(Arc::new(file)))
}
