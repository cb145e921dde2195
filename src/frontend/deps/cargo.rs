//! Cargo: `Cargo.lock`'s `[[package]]` tables from the crates.io registry (the workspace's own
//! crates have no `source`; git and other registries are not crates.io packages, so advisories
//! for crates.io names do not apply to them).

use super::component;
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::components::{Component, Ecosystem};
use crate::parse::ParseError;
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
struct CargoLock {
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: Spanned<String>,
    version: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

fn is_crates_io(source: &str) -> bool {
    source == "registry+https://github.com/rust-lang/crates.io-index"
        || source == "sparse+https://index.crates.io/"
}

/// Cargo `Cargo.lock`.
pub struct Cargo;

impl FrontEnd for Cargo {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name() == "cargo.lock"
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        if let Err(problem) = read_cargo_lock(&input.file, &mut out.part.components) {
            super::unparsable(input, problem, out);
        }
    }
}

pub fn read_cargo_lock(file: &SourceFile, out: &mut Vec<Component>) -> Result<(), ParseError> {
    let lock: CargoLock = toml::from_str(&file.text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        ParseError::new(error.message().to_string(), offset)
    })?;
    for package in lock.package {
        if !package.source.as_deref().is_some_and(is_crates_io) {
            continue;
        }
        let span = Span::new(package.name.span().start, package.name.span().end);
        out.push(component(
            file,
            span,
            Ecosystem::CratesIo,
            package.name.get_ref().as_str(),
            package.version.as_deref(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn registry_packages_only() {
        let text = "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"smallvec\"\nversion = \"1.6.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"abc\"\n\n[[package]]\nname = \"forked\"\nversion = \"1.0.0\"\nsource = \"git+https://example.org/forked#abc\"\n";
        let file = SourceFile::new(
            "Cargo.lock".into(),
            "Cargo.lock".into(),
            PathBuf::from("Cargo.lock"),
            text.into(),
        );
        let mut out = Vec::new();
        read_cargo_lock(&file, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].name.as_str(), out[0].version.as_deref(), out[0].line),
            ("smallvec", Some("1.6.0"), 8)
        );
    }
}
