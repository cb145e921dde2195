//! Version order per ecosystem, as OSV ranges are written against it: Maven's
//! ComparableVersion (ours, see `maven`), PEP 440 for PyPI (`pep440_rs`, the parser of the
//! `uv` and `ruff` projects), and Semantic Versioning for npm, crates.io and Go (`semver`,
//! Cargo's own). Go's module versions are SemVer with a `v` prefix; pseudo-versions
//! (`v0.0.0-20200622213623-75b288015ac9`) are pre-releases and order by their timestamp, and
//! `+incompatible` is build metadata, which precedence ignores.

pub mod maven;

use crate::model::components::Ecosystem;
use std::cmp::Ordering;
use std::str::FromStr;

pub use maven::MavenVersion;

/// A version parsed in its ecosystem's order.
#[derive(Debug, Clone)]
pub enum Version {
    Maven(MavenVersion),
    Pep440(pep440_rs::Version),
    Semver(semver::Version),
}

impl Version {
    /// Parses `text` in the order of `ecosystem`; None when it is not a version there.
    pub fn parse(ecosystem: Ecosystem, text: &str) -> Option<Version> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match ecosystem {
            Ecosystem::Maven => {
                // Property references and ranges are not versions.
                let plain = !text.contains(['$', '[', ']', '(', ')', ',', ' ']);
                plain.then(|| Version::Maven(MavenVersion::parse(text)))
            }
            Ecosystem::PyPi => pep440_rs::Version::from_str(text).ok().map(Version::Pep440),
            Ecosystem::Npm => {
                let text = text.trim_start_matches('=').trim_start_matches('v');
                semver::Version::parse(text).ok().map(Version::Semver)
            }
            Ecosystem::CratesIo => semver::Version::parse(text).ok().map(Version::Semver),
            Ecosystem::Go => {
                let text = text.strip_prefix('v').unwrap_or(text);
                semver::Version::parse(text).ok().map(Version::Semver)
            }
        }
    }

    /// The order of two versions of one ecosystem (None across kinds, which never happens for
    /// versions parsed for the same ecosystem).
    pub fn compare(&self, other: &Version) -> Option<Ordering> {
        match (self, other) {
            (Version::Maven(a), Version::Maven(b)) => Some(a.cmp(b)),
            (Version::Pep440(a), Version::Pep440(b)) => Some(a.cmp(b)),
            (Version::Semver(a), Version::Semver(b)) => Some(a.cmp_precedence(b)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(ecosystem: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
        Version::parse(ecosystem, a)?.compare(&Version::parse(ecosystem, b)?)
    }

    fn ascending(ecosystem: Ecosystem, list: &[&str]) {
        for (i, low) in list.iter().enumerate() {
            for high in &list[i + 1..] {
                assert_eq!(
                    compare(ecosystem, low, high),
                    Some(Ordering::Less),
                    "{ecosystem}: expected {low} < {high}"
                );
                assert_eq!(
                    compare(ecosystem, high, low),
                    Some(Ordering::Greater),
                    "{ecosystem}: expected {high} > {low}"
                );
            }
        }
    }

    fn equal(ecosystem: Ecosystem, a: &str, b: &str) {
        assert_eq!(
            compare(ecosystem, a, b),
            Some(Ordering::Equal),
            "{ecosystem}: {a} == {b}"
        );
    }

    #[test]
    fn pep440_pre_post_and_dev_releases() {
        ascending(
            Ecosystem::PyPi,
            &[
                "1.0.dev0",
                "1.0.dev1",
                "1.0a1.dev1",
                "1.0a1",
                "1.0a2",
                "1.0b1",
                "1.0rc1",
                "1.0rc2.post1",
                "1.0",
                "1.0+local.1",
                "1.0.post1.dev1",
                "1.0.post1",
                "1.0.post2",
                "1.0.1",
                "1.1.dev0",
                "1.1",
                "2!0.1",
            ],
        );
        // Normal forms PEP 440 accepts for the same version.
        equal(Ecosystem::PyPi, "1.0", "1.0.0");
        equal(Ecosystem::PyPi, "1.0a1", "1.0-alpha.1");
        equal(Ecosystem::PyPi, "1.0rc1", "1.0c1");
        equal(Ecosystem::PyPi, "1.0.post1", "1.0-1");
        equal(Ecosystem::PyPi, "v1.0", "1.0");
        equal(Ecosystem::PyPi, "1.0.DEV2", "1.0.dev2");
        // Real boundaries from PyPI advisories.
        ascending(Ecosystem::PyPi, &["2.10", "2.10.1", "2.11.3"]);
        ascending(Ecosystem::PyPi, &["5.3.1", "5.4b1", "5.4"]);
        assert!(Version::parse(Ecosystem::PyPi, "not a version").is_none());
    }

    #[test]
    fn semver_pre_releases_for_npm_and_cargo() {
        for ecosystem in [Ecosystem::Npm, Ecosystem::CratesIo] {
            ascending(
                ecosystem,
                &[
                    "1.0.0-alpha",
                    "1.0.0-alpha.1",
                    "1.0.0-alpha.beta",
                    "1.0.0-beta",
                    "1.0.0-beta.2",
                    "1.0.0-beta.11",
                    "1.0.0-rc.1",
                    "1.0.0",
                    "1.0.1",
                    "1.2.0",
                    "1.10.0",
                    "2.0.0",
                ],
            );
            // Build metadata does not change precedence.
            equal(ecosystem, "1.0.0+build.1", "1.0.0");
        }
        equal(Ecosystem::Npm, "v1.2.3", "1.2.3");
        assert!(Version::parse(Ecosystem::CratesIo, "1.2").is_none());
        assert!(Version::parse(Ecosystem::Npm, "github:user/repo").is_none());
    }

    #[test]
    fn go_module_versions() {
        ascending(
            Ecosystem::Go,
            &[
                "v0.0.0-20200622213623-75b288015ac9",
                "v0.0.0-20201216223049-8b5274cf687f",
                "v0.0.1",
                "v1.6.3",
                "v1.7.0-rc.1",
                "v1.7.0",
                "v1.7.7",
                "v1.7.8-0.20220101000000-abcdefabcdef",
                "v1.7.8",
            ],
        );
        // OSV writes Go versions without the `v`; `+incompatible` is build metadata.
        equal(Ecosystem::Go, "v3.2.0+incompatible", "3.2.0");
        equal(Ecosystem::Go, "v2.2.7", "2.2.7");
    }

    #[test]
    fn maven_through_the_common_entry_point() {
        ascending(
            Ecosystem::Maven,
            &["1.0-alpha", "1.0-beta", "1.0-rc", "1.0", "1.0-sp"],
        );
        assert!(Version::parse(Ecosystem::Maven, "${log4j.version}").is_none());
        assert!(Version::parse(Ecosystem::Maven, "[1.0,2.0)").is_none());
    }
}
