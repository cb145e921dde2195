//! Unit tests of the catalogue against the code and the docs: codes well-formed and unique, every SPEC §5
//! rule present, implemented rules stable and planned ones not implemented, generated docs and
//! completions in step with their sources.

use super::{completions, explain, rules};
use crate::catalogue::{Catalogue, Lang, RuleCode, Status};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// SPEC §5, v1: the codes tests and outside checks rely on.
const SPEC_CODES: &[&str] = &[
    "SPEC001", "SPEC002", "SPEC003", "SPEC004", "ID001", "ID002", "ID003", "ID004", "ID005", "CLS001",
    "CLS002", "CLS003", "CLS004", "CLS005", "AUTH001", "AUTH002", "AUTH003", "AUTH004", "AUTH005", "AUTH006",
    "DATA001", "DATA002", "DATA003", "DATA004", "DATA005", "RES001", "RES002", "LIFE001", "LIFE002",
    "LIFE003", "LIFE004", "KEY001", "KEY002", "KEY003", "KEY004", "KEY005", "KEY006", "LOG001", "LOG002",
    "LOG003", "LOG004", "DEP001", "DEP002",
];

fn catalogue() -> Catalogue {
    Catalogue::embedded().unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn codes_are_well_formed_unique_and_complete() {
    let catalogue = catalogue();
    let mut seen = BTreeSet::new();
    for rule in catalogue.rules() {
        let letters = rule.code.prefix();
        let digits = &rule.code.as_str()[letters.len()..];
        assert!(!letters.is_empty() && digits.len() == 3, "bad code {}", rule.code);
        assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} name `{}` is not kebab-case",
            rule.code,
            rule.name
        );
        for lang in [Lang::En, Lang::Zh] {
            let docs = rule.docs(lang);
            for (field, text) in [
                ("title", &docs.title),
                ("what", &docs.what),
                ("why", &docs.why),
                ("fix", &docs.fix),
            ] {
                assert!(!text.trim().is_empty(), "{} {lang:?} {field} is empty", rule.code);
            }
        }
    }
    for code in SPEC_CODES {
        assert!(
            RuleCode::parse(code).is_some_and(|code| catalogue.get(code).code == code),
            "SPEC §5 rule {code} is not in checks/"
        );
    }
}

#[test]
fn implemented_rules_are_stable_and_planned_rules_are_not_implemented() {
    let catalogue = catalogue();
    for rule in crate::rules::RULES {
        let meta = catalogue.get(rule.code());
        assert_eq!(
            meta.status,
            Status::Stable,
            "{} is implemented: mark it status = \"stable\"",
            rule.code()
        );
        assert_eq!(
            rule.scope(),
            meta.scope,
            "{} declares scope {:?} in code and `scope = \"{}\"` in checks/",
            rule.code(),
            rule.scope(),
            meta.scope.as_str()
        );
    }
    for meta in catalogue.rules() {
        if meta.status == Status::Stable {
            assert!(
                rules::implemented(meta.code),
                "{} is stable but not in the registry",
                meta.code
            );
        }
    }
}

#[test]
fn catalogue_files_are_named_after_their_rule() {
    for path in walk(&root().join("checks")) {
        let rel = path
            .strip_prefix(root().join("checks"))
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("vocabulary/") || rel.starts_with("secrets/") || !rel.ends_with(".toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let meta: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let expected = format!(
            "{}-{}.toml",
            meta["code"].as_str().unwrap_or(""),
            meta["name"].as_str().unwrap_or("")
        );
        assert!(rel.ends_with(&expected), "{rel} should be named {expected}");
    }
}

/// Compares generated text with a file, or rewrites it when APIAUDIT_BLESS=1.
fn check_generated(path: &std::path::Path, expected: &[u8], failures: &mut Vec<String>) {
    if std::env::var_os("APIAUDIT_BLESS").is_some() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, expected).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    if std::fs::read(path).ok().as_deref() != Some(expected) {
        failures.push(path.display().to_string());
    }
}

#[test]
fn rule_docs_are_generated_from_the_catalogue() {
    let catalogue = catalogue();
    let docs = root().join("docs/rules");
    let mut failures = Vec::new();
    let index = rules::render(&catalogue, rules::RulesFormat::Markdown, Lang::En).unwrap_or_default();
    let index = format!(
        "# Rules\n\nGenerated from `checks/` by `APIAUDIT_BLESS=1 cargo test`; do not edit by hand.\n\n{index}"
    );
    check_generated(&docs.join("README.md"), index.as_bytes(), &mut failures);
    let mut expected_files = BTreeSet::from(["README.md".to_string()]);
    for rule in catalogue.rules() {
        let page = explain::docs_page(rule);
        let name = format!("{}.md", rule.code);
        check_generated(&docs.join(&name), page.as_bytes(), &mut failures);
        expected_files.insert(name);
    }
    for path in walk(&docs) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !expected_files.contains(&name) {
            failures.push(format!("{} (no such rule)", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "docs/rules drifted from checks/: {failures:?}; run APIAUDIT_BLESS=1 cargo test"
    );
}

#[test]
fn completions_match_the_cli() {
    use clap_complete::Shell;
    let dir = root().join("completions");
    let mut failures = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "apiaudit.bash"),
        (Shell::Zsh, "_apiaudit"),
        (Shell::Fish, "apiaudit.fish"),
        (Shell::PowerShell, "_apiaudit.ps1"),
        (Shell::Elvish, "apiaudit.elv"),
    ] {
        check_generated(&dir.join(name), &completions::generate(shell), &mut failures);
    }
    assert!(
        failures.is_empty(),
        "completions drifted from the CLI: {failures:?}; run APIAUDIT_BLESS=1 cargo test"
    );
}

#[test]
fn man_pages_match_the_cli() {
    // One page per command and subcommand (clap_mangen), with the bare package version: the
    // commit and build date of `--version` would make every commit a drift.
    let generated = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let command = super::command().version(env!("CARGO_PKG_VERSION"));
    clap_mangen::generate_to(command, generated.path()).unwrap_or_else(|e| panic!("{e}"));
    let dir = root().join("man");
    let mut failures = Vec::new();
    let mut expected_files = BTreeSet::new();
    for path in walk(generated.path()) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let page = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        check_generated(&dir.join(&name), &page, &mut failures);
        expected_files.insert(name);
    }
    for path in walk(&dir) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !expected_files.contains(&name) {
            failures.push(format!("{} (no such command)", path.display()));
        }
    }
    assert!(expected_files.contains("apiaudit-scan.1"), "{expected_files:?}");
    assert!(
        failures.is_empty(),
        "man pages drifted from the CLI: {failures:?}; run APIAUDIT_BLESS=1 cargo test"
    );
}
