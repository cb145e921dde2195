//! Helpers: run the binary, read JSON results, find `# expect: CODE` markers in fixtures.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test runs on, so sunset checks and reports are reproducible.
pub const TODAY: &str = "2026-11-28";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn apiaudit() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apiaudit"));
    command
        .current_dir(root())
        .env("APIAUDIT_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("CI");
    command
}

pub fn run(args: &[&str]) -> Output {
    apiaudit()
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run apiaudit: {error}"))
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// `scan ARGS -f json`, parsed.
pub fn scan_json(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["scan", "-f", "json"];
    all.extend_from_slice(args);
    let output = run(&all);
    let exit = code(&output);
    assert!(
        exit == 0 || exit == 1,
        "scan {args:?} exited {exit}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "scan {args:?} printed no JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (value, exit)
}

pub fn findings(report: &Value) -> Vec<Value> {
    report["findings"].as_array().cloned().unwrap_or_default()
}

/// One line per finding: `path:line:col RULE [severity] message`, paths as given.
pub fn listing(report: &Value, strip: &str) -> String {
    findings(report)
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} [{}] {}",
                f["path"].as_str().unwrap_or("").trim_start_matches(strip),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `(path relative to dir, line, code)` of every `expect: CODE` marker under `dir`.
pub fn markers(dir: &Path) -> BTreeSet<(String, u64, String)> {
    let mut found = BTreeSet::new();
    for entry in walk(dir) {
        let Some(text) = read_text(&entry) else {
            continue;
        };
        let rel = entry
            .strip_prefix(dir)
            .unwrap_or(&entry)
            .to_string_lossy()
            .replace('\\', "/");
        for (index, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("expect: ") {
                rest = &rest[at + "expect: ".len()..];
                let code: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                if !code.is_empty() {
                    found.insert((rel.clone(), index as u64 + 1, code));
                }
            }
        }
    }
    found
}

/// A fixture's text in its encoding, as apiaudit reads it: UTF-16 or UTF-8 by byte-order mark,
/// then UTF-8, then GB18030 (GBK fixtures carry markers too); None for other files.
pub fn read_text(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let (encoding, skip) = match encoding_rs::Encoding::for_bom(&bytes) {
        Some(found) => found,
        None if std::str::from_utf8(&bytes).is_ok() => (encoding_rs::UTF_8, 0),
        None => (encoding_rs::GB18030, 0),
    };
    let (text, malformed) = encoding.decode_without_bom_handling(&bytes[skip..]);
    (!malformed).then(|| text.into_owned())
}

/// Files whose findings must match their markers exactly (files that carry markers).
pub fn marked_files(markers: &BTreeSet<(String, u64, String)>) -> BTreeSet<String> {
    markers.iter().map(|(path, _, _)| path.clone()).collect()
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
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
