//! Third-party components: one entry per dependency a manifest or lock file declares, with the
//! place it is declared. This is the SBOM-like `components` list of the JSON report, what
//! DEP001 checks against the advisory database and what `apiaudit inventory --format cyclonedx` exports as CycloneDX.

use crate::findings::Snippet;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The package ecosystems apiaudit reads, named as OSV names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Ecosystem {
    Maven,
    #[serde(rename = "npm")]
    Npm,
    #[serde(rename = "PyPI")]
    PyPi,
    Go,
    #[serde(rename = "crates.io")]
    CratesIo,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 5] = [
        Ecosystem::Maven,
        Ecosystem::Npm,
        Ecosystem::PyPi,
        Ecosystem::Go,
        Ecosystem::CratesIo,
    ];

    /// The OSV ecosystem name.
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Maven => "Maven",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPi => "PyPI",
            Ecosystem::Go => "Go",
            Ecosystem::CratesIo => "crates.io",
        }
    }

    /// An OSV `ecosystem` value: the name, optionally followed by `:` and a variant.
    pub fn from_osv(text: &str) -> Option<Ecosystem> {
        let base = text.split(':').next().unwrap_or(text);
        let base = if text == "crates.io" { text } else { base };
        Ecosystem::ALL.into_iter().find(|e| e.as_str() == base)
    }

    /// The package name as advisories are looked up: PyPI names per PEP 503 (case, `-_.`
    /// runs), npm and crates.io names case-folded; Maven `group:artifact` and Go module paths
    /// are compared as written.
    pub fn normalize_name(self, name: &str) -> String {
        match self {
            Ecosystem::PyPi => {
                let mut out = String::with_capacity(name.len());
                let mut separator = false;
                for c in name.trim().chars() {
                    if matches!(c, '-' | '_' | '.') {
                        separator = true;
                    } else {
                        if separator && !out.is_empty() {
                            out.push('-');
                        }
                        separator = false;
                        out.push(c.to_ascii_lowercase());
                    }
                }
                out
            }
            Ecosystem::Npm | Ecosystem::CratesIo => name.trim().to_ascii_lowercase(),
            Ecosystem::Maven | Ecosystem::Go => name.trim().to_string(),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One declared component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub ecosystem: Ecosystem,
    /// Maven `groupId:artifactId`, npm/PyPI/crates.io package name, Go module path.
    pub name: String,
    /// The exact version, when the declaration fixes one that could be resolved from the
    /// scanned files; None for ranges and unresolved properties (never guessed).
    pub version: Option<String>,
    /// The file that declares the component, as reports show paths.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// `file` relative to its scan root (what fingerprints hash).
    pub rel: String,
    /// The version as written, when it is not the plain version (`${fastjson.version}`,
    /// `>=2.0`, a version catalog reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// Where the version was set, when not on the declaration itself (`file:line` of a Maven
    /// property, a parent's dependencyManagement, a version catalog entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_from: Option<String>,
    /// `test`, `provided`, `dev`, `optional`, `indirect`, `managed`... as the manifest says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The declaration's lines, for findings (not part of the JSON).
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

impl Component {
    /// The order of the `components` list: by file and position, then identity.
    pub fn sort_key(&self) -> (&str, u32, u32, Ecosystem, &str, Option<&str>) {
        (
            &self.file,
            self.line,
            self.column,
            self.ecosystem,
            &self.name,
            self.version.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_per_ecosystem() {
        assert_eq!(Ecosystem::PyPi.normalize_name("PyYAML"), "pyyaml");
        assert_eq!(Ecosystem::PyPi.normalize_name("zope.interface"), "zope-interface");
        assert_eq!(Ecosystem::PyPi.normalize_name("Foo__Bar-.baz"), "foo-bar-baz");
        assert_eq!(Ecosystem::Npm.normalize_name("@Babel/Core"), "@babel/core");
        assert_eq!(
            Ecosystem::Maven.normalize_name("org.apache.logging.log4j:log4j-core"),
            "org.apache.logging.log4j:log4j-core"
        );
    }

    #[test]
    fn osv_ecosystem_names() {
        assert_eq!(Ecosystem::from_osv("crates.io"), Some(Ecosystem::CratesIo));
        assert_eq!(Ecosystem::from_osv("PyPI"), Some(Ecosystem::PyPi));
        assert_eq!(Ecosystem::from_osv("Maven"), Some(Ecosystem::Maven));
        assert_eq!(Ecosystem::from_osv("Debian:11"), None);
        assert_eq!(Ecosystem::from_osv("pypi"), None);
    }
}
