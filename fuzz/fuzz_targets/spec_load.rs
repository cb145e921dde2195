//! Spec loading with `$ref` resolution over an in-memory file set, then every spec rule.
//! The input is split on NUL bytes into up to four files; the first is the root document.
#![no_main]

use apiaudit::catalogue::Catalogue;
use apiaudit::discover::{classify, Content};
use apiaudit::model::load::{self, FileSource};
use apiaudit::parse::{parse_structured, Limits};
use apiaudit::rules::{Ctx, RULES};
use apiaudit::settings::Settings;
use apiaudit::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

const NAMES: [&str; 4] = ["/mem/api/root.yaml", "/mem/api/common.yaml", "/mem/api/schemas/s.json", "/mem/other.yaml"];

struct Memory(HashMap<PathBuf, Vec<u8>>);

impl FileSource for Memory {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        // Normalise `.` and `..` textually, as the disk would.
        let mut parts: Vec<String> = Vec::new();
        for part in path.to_string_lossy().split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other.to_string()),
            }
        }
        let canonical = PathBuf::from(format!("/{}", parts.join("/")));
        self.0.contains_key(&canonical).then_some(canonical)
    }

    fn read(&self, path: &Path, limit: u64) -> Content {
        match self.0.get(path) {
            Some(bytes) if bytes.len() as u64 <= limit => classify(bytes.clone()),
            Some(_) => Content::TooLarge,
            None => Content::Unreadable("no such file".into()),
        }
    }
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::embedded().unwrap_or_else(|e| panic!("{e}")))
}

fuzz_target!(|data: &[u8]| {
    // Parser panics that apiaudit turns into parse errors must not abort the fuzzer; every
    // other panic still does.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(apiaudit::parse::install_panic_hook);
    let files: HashMap<PathBuf, Vec<u8>> = data
        .split(|&b| b == 0)
        .zip(NAMES)
        .map(|(bytes, name)| (PathBuf::from(name), bytes.to_vec()))
        .collect();
    let root = PathBuf::from(NAMES[0]);
    let Some(bytes) = files.get(&root) else { return };
    let text = String::from_utf8_lossy(bytes).into_owned();
    let file = Arc::new(SourceFile::new("api/root.yaml".into(), "api/root.yaml".into(), root, text));
    let Ok(tree) = parse_structured(&file.text, Limits::default()) else { return };
    if !load::is_openapi(&tree) {
        return;
    }
    let settings = Settings::default();
    let unit = load::load_with(file, tree, &settings, &Memory(files));
    let ctx = Ctx { settings: &settings, catalogue: catalogue(), advisories: None };
    let mut out = Vec::new();
    for rule in RULES {
        rule.check_load(&unit.problems, &ctx, &mut out);
        if let Some(spec) = &unit.spec {
            rule.check_spec(spec, &ctx, &mut out);
        }
    }
});
