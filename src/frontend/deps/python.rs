//! Python: `requirements*.txt` (and `*.txt` under a `requirements/` directory) and
//! `poetry.lock`. A requirement pins a version only with `==` (without a wildcard) or `===`;
//! other specifiers (`>=`, `~=`, `==2.*`) and URLs are listed as requirements, never guessed.
//! Options (`-r`, `-c`, `-e`, `--hash`, index URLs) are not components; `\` continuations
//! belong to the line they continue, and the component is at the line where it starts.

use super::component;
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::components::{Component, Ecosystem};
use crate::parse::ParseError;
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use serde::Deserialize;
use toml::Spanned;

/// `poetry.lock`.
pub struct Poetry;

impl FrontEnd for Poetry {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name() == "poetry.lock"
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        if let Err(problem) = read_poetry_lock(&input.file, &mut out.part.components) {
            super::unparsable(input, problem, out);
        }
    }
}

/// pip `requirements*.txt` (and `requirements/*.txt`).
pub struct Requirements;

impl FrontEnd for Requirements {
    fn claims(&self, input: &FileInput) -> bool {
        is_requirements_file(&input.file.path)
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        read_requirements(&input.file, &mut out.part.components);
    }
}

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, `requirements/base.txt`.
pub fn is_requirements_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if !name.ends_with(".txt") {
        return false;
    }
    name.contains("requirements") || lower.split('/').rev().nth(1) == Some("requirements")
}

pub fn read_requirements(file: &SourceFile, out: &mut Vec<Component>) {
    let text = file.text.as_str();
    let mut offset = 0usize;
    let mut logical = String::new();
    let mut logical_start = 0usize;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if logical.is_empty() {
            logical_start = line_start;
        }
        if let Some(continued) = content.strip_suffix('\\') {
            logical.push_str(continued);
            logical.push(' ');
            continue;
        }
        logical.push_str(content);
        requirement(file, &logical, logical_start, out);
        logical.clear();
    }
    if !logical.is_empty() {
        requirement(file, &logical, logical_start, out);
    }
}

/// One logical requirement line starting at byte `start` of the file.
fn requirement(file: &SourceFile, line: &str, start: usize, out: &mut Vec<Component>) {
    // A comment starts at `#` preceded by whitespace (or at the line start).
    let code = match line.find(" #").or_else(|| line.find("\t#")) {
        Some(at) => &line[..at],
        None if line.trim_start().starts_with('#') => "",
        None => line,
    };
    let trimmed = code.trim();
    if trimmed.is_empty() || trimmed.starts_with('-') {
        return;
    }
    let leading = code.len() - code.trim_start().len();
    let name_len = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(trimmed.len());
    let name = &trimmed[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return;
    }
    let mut rest = trimmed[name_len..].trim_start();
    if rest.starts_with('[') {
        rest = rest.find(']').map_or("", |end| &rest[end + 1..]).trim_start();
    }
    // Environment markers and per-requirement options end the specifier.
    let specifier = rest
        .split(';')
        .next()
        .unwrap_or("")
        .split(" --")
        .next()
        .unwrap_or("")
        .trim();
    let version = exact_pin(specifier);
    // Highlight the requirement on its first physical line.
    let line_end = file.text[start..]
        .find(['\n', '\\'])
        .map_or(file.text.len(), |end| start + end);
    let span = Span::new(start + leading, (start + leading + trimmed.len()).min(line_end));
    let mut item = component(file, span, Ecosystem::PyPi, name, version);
    if version.is_none() && !specifier.is_empty() {
        item.requirement = Some(specifier.to_string());
    }
    out.push(item);
}

/// The version of `==X` or `===X`; None for anything that admits more than one version.
fn exact_pin(specifier: &str) -> Option<&str> {
    let specifier = specifier.trim();
    if specifier.contains(',') {
        return None;
    }
    let version = specifier
        .strip_prefix("===")
        .or_else(|| specifier.strip_prefix("=="))?
        .trim();
    (!version.is_empty() && !version.contains('*')).then_some(version)
}

#[derive(Deserialize)]
struct PoetryLock {
    #[serde(default)]
    package: Vec<PoetryPackage>,
}

#[derive(Deserialize)]
struct PoetryPackage {
    name: Spanned<String>,
    version: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    optional: Option<bool>,
    #[serde(default)]
    source: Option<PoetrySource>,
}

#[derive(Deserialize)]
struct PoetrySource {
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

/// Reads `poetry.lock`'s `[[package]]` tables; packages from git, a directory, a file or a URL
/// are the project's own or unversioned and are not components.
pub fn read_poetry_lock(file: &SourceFile, out: &mut Vec<Component>) -> Result<(), ParseError> {
    let lock: PoetryLock = toml::from_str(&file.text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        ParseError::new(error.message().to_string(), offset)
    })?;
    for package in lock.package {
        let local = package
            .source
            .as_ref()
            .and_then(|s| s.kind.as_deref())
            .is_some_and(|kind| matches!(kind, "git" | "directory" | "file" | "url"));
        if local {
            continue;
        }
        let span = Span::new(package.name.span().start, package.name.span().end);
        let mut item = component(
            file,
            span,
            Ecosystem::PyPi,
            package.name.get_ref().as_str(),
            package.version.as_deref(),
        );
        item.scope = match (package.category.as_deref(), package.optional) {
            (Some("dev"), _) => Some("dev".into()),
            (_, Some(true)) => Some("optional".into()),
            _ => None,
        };
        out.push(item);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path.into(), path.into(), PathBuf::from(path), text.into())
    }

    #[test]
    fn requirement_files() {
        assert!(is_requirements_file("svc/requirements.txt"));
        assert!(is_requirements_file("svc/requirements-dev.txt"));
        assert!(is_requirements_file("svc/dev-requirements.txt"));
        assert!(is_requirements_file("svc/requirements/base.txt"));
        assert!(!is_requirements_file("svc/notes.txt"));
        let text = "# pinned\nrequests==2.19.1\nuvicorn[standard]==0.13.4 ; python_version >= \"3.7\"\nDjango>=2.2,<3\n-r base.txt\n--index-url https://example.org/simple\ncryptography==3.2 \\\n    --hash=sha256:abc\nflask  # unpinned\nPyYAML===5.3.1\nsix==1.*\nmypkg @ https://example.org/mypkg-1.0.tar.gz\n";
        let mut out = Vec::new();
        read_requirements(&source("requirements.txt", text), &mut out);
        let listed: Vec<(&str, Option<&str>, Option<&str>, u32)> = out
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.version.as_deref(),
                    c.requirement.as_deref(),
                    c.line,
                )
            })
            .collect();
        assert_eq!(
            listed,
            vec![
                ("requests", Some("2.19.1"), None, 2),
                ("uvicorn", Some("0.13.4"), None, 3),
                ("Django", None, Some(">=2.2,<3"), 4),
                ("cryptography", Some("3.2"), None, 7),
                ("flask", None, None, 9),
                ("PyYAML", Some("5.3.1"), None, 10),
                ("six", None, Some("==1.*"), 11),
                ("mypkg", None, Some("@ https://example.org/mypkg-1.0.tar.gz"), 12),
            ]
        );
    }

    #[test]
    fn poetry_lock() {
        let text = "[[package]]\nname = \"requests\"\nversion = \"2.19.1\"\ncategory = \"main\"\n\n[[package]]\nname = \"pytest\"\nversion = \"6.0.0\"\ncategory = \"dev\"\n\n[[package]]\nname = \"mylib\"\nversion = \"0.1.0\"\n\n[package.source]\ntype = \"directory\"\nurl = \"../mylib\"\n";
        let mut out = Vec::new();
        read_poetry_lock(&source("poetry.lock", text), &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        let listed: Vec<(&str, Option<&str>, u32)> = out
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![("requests", Some("2.19.1"), 2), ("pytest", Some("6.0.0"), 7)]
        );
        assert_eq!(out[1].scope.as_deref(), Some("dev"));
    }
}
