//! The crate's public surface, kept small so that the compiler reports dead code everywhere
//! else: the binary's entry point, and the entry points of the fuzz targets (`fuzz/`), each of
//! which runs the real code path on bytes in memory.

use crate::audit::{audit_binary, audit_text, conclude};
use crate::catalogue::Catalogue;
use crate::discover::FileSource;
use crate::discover::{classify, Content};
use crate::frontend::openapi;
use crate::input::BinaryInput;
use crate::parse::{self, Limits};
use crate::policy::{Gate, Suppressions};
use crate::rules::{Ctx, Rule, RULES};
use crate::settings::{ConfigFile, Settings};
use crate::source::encoding::Hint;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

/// The `apiaudit` binary: runs the command line; usage, config and internal errors exit 2.
pub fn main() -> ExitCode {
    parse::install_panic_hook();
    match crate::cli::run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}

/// Parser panics that apiaudit turns into parse errors must not abort a fuzzer; every other
/// panic still does.
pub fn install_panic_hook() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(parse::install_panic_hook);
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::embedded().unwrap_or_else(|e| panic!("{e}")))
}

fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(Settings::default)
}

/// Every structured parser on one text: a tree's spans stay inside the text, an error's offset
/// too.
pub fn fuzz_structured(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for result in [
        parse::parse_structured(&text, Limits::default()),
        parse::yaml::parse(&text, Limits::default()),
        parse::json::parse(&text, Limits::default()),
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
}

/// An `apiaudit.toml`, read and applied to the default settings.
pub fn fuzz_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(file) = ConfigFile::parse("apiaudit.toml", text) {
        let mut settings = Settings::default();
        let _ = file.apply("apiaudit.toml", text, &mut settings, catalogue(), Path::new("."));
    }
}

/// Files of a spec in memory: the root document and the files its `$ref`s may name.
struct Memory(HashMap<PathBuf, Vec<u8>>);

impl FileSource for Memory {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        let canonical = crate::discover::normalised(path);
        self.0.contains_key(&canonical).then_some(canonical)
    }

    fn read(&self, path: &Path, limit: u64) -> Content {
        match self.0.get(path) {
            Some(bytes) if bytes.len() as u64 <= limit => classify(bytes.clone(), Hint::NONE),
            Some(bytes) => Content::TooLarge {
                size: bytes.len() as u64,
                head: Vec::new(),
            },
            None => Content::Unreadable("no such file".into()),
        }
    }
}

/// A spec of several files (`data` split at NUL bytes, in the order of `names`; the first is
/// the root document), loaded with its references and checked by every spec rule.
pub fn fuzz_spec(data: &[u8], names: &[&str]) {
    let Some(first) = names.first() else {
        return;
    };
    let files: HashMap<PathBuf, Vec<u8>> = data
        .split(|&b| b == 0)
        .zip(names)
        .map(|(bytes, name)| (PathBuf::from(name), bytes.to_vec()))
        .collect();
    let root = PathBuf::from(first);
    let Some(bytes) = files.get(&root) else {
        return;
    };
    let text = String::from_utf8_lossy(bytes).into_owned();
    let shown = first.trim_start_matches('/').to_string();
    let file = Arc::new(SourceFile::new(shown.clone(), shown, root, text));
    let Ok(tree) = parse::parse_structured(&file.text, Limits::default()) else {
        return;
    };
    if !openapi::is_openapi(&tree) {
        return;
    }
    let settings = settings();
    let unit = openapi::load_with(file, tree, settings, &Memory(files));
    let ctx = Ctx {
        settings,
        catalogue: catalogue(),
        advisories: None,
    };
    let mut out = Vec::new();
    for rule in RULES {
        rule.check_load(&unit.problems, &ctx, &mut out);
        if let Some(spec) = &unit.spec {
            rule.check_spec(spec, &ctx, &mut out);
        }
    }
}

/// One file of a repository: the first byte picks its name from `names`, the rest is its
/// content; it goes through the per-file phase (every front end, every rule) and the run's tail
/// (front ends' finish, repository and portfolio rules, policy), as a scan of that one file.
pub fn fuzz_file(data: &[u8], names: &[&str]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(name) = names.get(pick as usize % names.len().max(1)) else {
        return;
    };
    let ctx = Ctx {
        settings: settings(),
        catalogue: catalogue(),
        advisories: None,
    };
    let rules: Vec<&dyn Rule> = RULES.to_vec();
    let path = format!("repo/{name}");
    let outcome = match classify(rest.to_vec(), Hint::for_path(name, None)) {
        Content::Text { text, encoding } => {
            let file = SourceFile::decoded(
                path.clone(),
                name.to_string(),
                PathBuf::from(&path),
                text,
                encoding,
            );
            audit_text(Arc::new(file), None, None, &rules, &ctx)
        }
        Content::Undecodable { text, invalid_at, .. } => {
            let file = SourceFile::new(path.clone(), name.to_string(), PathBuf::from(&path), text);
            audit_text(Arc::new(file), Some(invalid_at), None, &rules, &ctx)
        }
        _ => {
            let input = BinaryInput {
                path,
                rel: name.to_string(),
                bytes: rest.to_vec(),
            };
            audit_binary(&input, &rules, &ctx)
        }
    };
    let extraction = outcome.extraction;
    let _ = conclude(
        extraction.part,
        extraction.pending,
        outcome.raw,
        &Suppressions::default(),
        Gate::default(),
        &rules,
        &ctx,
    );
}

/// What a reader of `apiaudit fix`'s output can check without its plan: `new` parses to the
/// same tree as `old` apart from added entries with these keys; returns how many were added.
/// The real-spec round trip (tests/it/corpus.rs) checks every file it edits with it.
pub fn fix_reads_back(old: &str, new: &str, keys: &[&str]) -> Result<usize, String> {
    let (old, _) = crate::fix::edit::parse(old).map_err(|e| format!("original: {}", e.message))?;
    let (new, _) = crate::fix::edit::parse(new).map_err(|e| format!("edited: {}", e.message))?;
    crate::fix::edit::verify_added(&old, &new, keys)
}
