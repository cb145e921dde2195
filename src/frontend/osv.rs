//! The local advisory database: OSV records (the JSON schema that osv.dev, the GitHub Advisory
//! Database and RustSec export) read from a directory tree or a zip archive, never from the
//! network. Each `.json` file holds one record or an array of records (the Go vulnerability
//! database's per-module files); files that are JSON but not OSV records (indexes, alias maps)
//! are passed over, files that do not parse are counted and named in the summary.
//!
//! Only what matching needs is kept, and only for the ecosystems apiaudit reads; withdrawn
//! records are dropped at load. Files are parsed in parallel on the run's thread pool.

use crate::model::advisories::severity::AdvisorySeverity;
use crate::model::advisories::{Advisory, Affected, Event, Range};
use crate::model::components::Ecosystem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A record file larger than this is not an advisory (the largest real ones are ~1 MiB).
const MAX_RECORD_FILE: u64 = 64 * 1024 * 1024;

/// How many unreadable files the summary names (the count is always complete).
const NAMED_PROBLEMS: usize = 20;

/// What was loaded, for the report's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbStats {
    /// The database as given.
    pub path: String,
    /// JSON files read.
    pub files: u64,
    /// Records kept: not withdrawn, and about at least one ecosystem apiaudit reads.
    pub advisories: u64,
    pub withdrawn: u64,
    /// Records about other ecosystems only (Debian, RubyGems, ...).
    pub other_ecosystems: u64,
    /// JSON files that are not OSV records (indexes, alias lists).
    pub not_advisories: u64,
    /// Files that could not be read or parsed.
    pub unreadable: u64,
    /// The first few of those, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<(String, String)>,
}

/// The loaded database, indexed by ecosystem and normalised package name.
#[derive(Debug, Default)]
pub struct AdvisoryDb {
    pub stats: DbStats,
    advisories: Vec<Advisory>,
    /// (ecosystem, normalised name) -> (advisory, affected entry) indexes.
    index: HashMap<(Ecosystem, String), Vec<(u32, u32)>>,
}

/// Why the database could not be used at all (a usage error: exit 2).
#[derive(Debug)]
pub struct LoadError(pub String);

impl AdvisoryDb {
    /// Loads a directory of OSV files or a zip of them.
    pub fn load(path: &Path) -> Result<AdvisoryDb, LoadError> {
        let meta = std::fs::metadata(path).map_err(|error| {
            LoadError(format!(
                "advisory database {} cannot be read: {error}",
                path.display()
            ))
        })?;
        let sources = if meta.is_dir() {
            directory_files(path)
        } else if is_zip(path) {
            zip_files(path)?
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            vec![Source::File(path.to_path_buf())]
        } else {
            return Err(LoadError(format!(
                "advisory database {} is neither a directory, a zip archive nor an OSV JSON file",
                path.display()
            )));
        };
        let parsed: Vec<(String, Parsed)> = sources
            .into_par_iter()
            .map(|source| {
                let name = source.name();
                (name, parse_source(source))
            })
            .collect();
        let mut db = AdvisoryDb {
            stats: DbStats {
                path: path.display().to_string(),
                ..DbStats::default()
            },
            ..AdvisoryDb::default()
        };
        for (name, outcome) in parsed {
            db.stats.files += 1;
            match outcome {
                Parsed::Records(records) => {
                    if records.is_empty() {
                        db.stats.not_advisories += 1;
                    }
                    for record in records {
                        db.add(record);
                    }
                }
                Parsed::NotAdvisory => db.stats.not_advisories += 1,
                Parsed::Error(reason) => {
                    db.stats.unreadable += 1;
                    if db.stats.problems.len() < NAMED_PROBLEMS {
                        db.stats.problems.push((name, reason));
                    }
                }
            }
        }
        Ok(db)
    }

    fn add(&mut self, record: RawRecord) {
        let Some(id) = record.id.filter(|id| !id.trim().is_empty()) else {
            self.stats.not_advisories += 1;
            return;
        };
        if record.withdrawn.as_ref().is_some_and(|w| !w.trim().is_empty()) {
            self.stats.withdrawn += 1;
            return;
        }
        let affected: Vec<Affected> = record
            .affected
            .into_iter()
            .filter_map(|raw| {
                let package = raw.package?;
                let ecosystem = Ecosystem::from_osv(package.ecosystem.as_deref()?)?;
                let name = package.name?;
                let ranges = raw
                    .ranges
                    .into_iter()
                    .filter_map(|range| {
                        // GIT ranges name commits, which manifests never declare.
                        if !matches!(range.kind.as_deref(), Some("SEMVER" | "ECOSYSTEM")) {
                            return None;
                        }
                        let events = range
                            .events
                            .into_iter()
                            .filter_map(|event| {
                                if let Some(v) = event.introduced {
                                    Some(Event::Introduced(v))
                                } else if let Some(v) = event.fixed {
                                    Some(Event::Fixed(v))
                                } else if let Some(v) = event.last_affected {
                                    Some(Event::LastAffected(v))
                                } else {
                                    event.limit.map(Event::Limit)
                                }
                            })
                            .collect();
                        Some(Range { events })
                    })
                    .collect();
                let severity = raw
                    .ecosystem_specific
                    .as_ref()
                    .and_then(|value| value.get("severity"))
                    .and_then(serde_json::Value::as_str)
                    .and_then(AdvisorySeverity::from_label);
                Some(Affected {
                    ecosystem,
                    name,
                    ranges,
                    versions: raw.versions,
                    severity,
                })
            })
            .collect();
        if affected.is_empty() {
            self.stats.other_ecosystems += 1;
            return;
        }
        let label = record
            .database_specific
            .as_ref()
            .and_then(|value| value.get("severity"))
            .and_then(serde_json::Value::as_str);
        let severity = AdvisorySeverity::from_osv(
            record
                .severity
                .iter()
                .filter_map(|s| Some((s.kind.as_deref()?, s.score.as_deref()?))),
            label,
        );
        let index = u32::try_from(self.advisories.len()).unwrap_or(u32::MAX);
        for (position, entry) in affected.iter().enumerate() {
            let key = (entry.ecosystem, entry.ecosystem.normalize_name(&entry.name));
            let slot = self.index.entry(key).or_default();
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            if !slot.contains(&(index, position)) {
                slot.push((index, position));
            }
        }
        let mut aliases: Vec<String> = record.aliases.into_iter().filter(|a| *a != id).collect();
        aliases.sort();
        aliases.dedup();
        self.advisories.push(Advisory {
            id,
            aliases,
            severity,
            affected,
        });
        self.stats.advisories += 1;
    }

    /// Every (advisory, affected entry) about a package.
    pub fn for_package(
        &self,
        ecosystem: Ecosystem,
        name: &str,
    ) -> impl Iterator<Item = (&Advisory, &Affected)> {
        self.index
            .get(&(ecosystem, ecosystem.normalize_name(name)))
            .into_iter()
            .flatten()
            .filter_map(|&(advisory, affected)| {
                let advisory = self.advisories.get(advisory as usize)?;
                Some((advisory, advisory.affected.get(affected as usize)?))
            })
    }
}

/// Where a record file's bytes come from.
enum Source {
    File(PathBuf),
    /// An entry of a zip archive, already read.
    Bytes(String, Result<Vec<u8>, String>),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Bytes(name, _) => name.clone(),
        }
    }
}

enum Parsed {
    Records(Vec<RawRecord>),
    NotAdvisory,
    Error(String),
}

fn parse_source(source: Source) -> Parsed {
    let bytes = match source {
        Source::File(path) => {
            let file = match std::fs::File::open(&path) {
                Ok(file) => file,
                Err(error) => return Parsed::Error(error.to_string()),
            };
            let mut bytes = Vec::new();
            if let Err(error) = file.take(MAX_RECORD_FILE + 1).read_to_end(&mut bytes) {
                return Parsed::Error(error.to_string());
            }
            bytes
        }
        Source::Bytes(_, Ok(bytes)) => bytes,
        Source::Bytes(_, Err(reason)) => return Parsed::Error(reason),
    };
    if bytes.len() as u64 > MAX_RECORD_FILE {
        return Parsed::Error(format!("larger than {} MiB", MAX_RECORD_FILE / (1024 * 1024)));
    }
    parse_records(&bytes)
}

/// One OSV record or an array of them; anything else that is valid JSON is not an advisory.
fn parse_records(bytes: &[u8]) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    match first {
        Some(b'{') => match serde_json::from_slice::<RawRecord>(bytes) {
            Ok(record) if is_record(&record) => Parsed::Records(vec![record]),
            Ok(_) => Parsed::NotAdvisory,
            Err(error) if error.is_data() => not_advisory_or(bytes, error),
            Err(error) => Parsed::Error(format!("not valid JSON: {error}")),
        },
        Some(b'[') => match serde_json::from_slice::<Vec<RawRecord>>(bytes) {
            Ok(records) => {
                let records: Vec<RawRecord> = records.into_iter().filter(is_record).collect();
                if records.is_empty() {
                    Parsed::NotAdvisory
                } else {
                    Parsed::Records(records)
                }
            }
            Err(error) if error.is_data() => not_advisory_or(bytes, error),
            Err(error) => Parsed::Error(format!("not valid JSON: {error}")),
        },
        _ => match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(_) => Parsed::NotAdvisory,
            Err(error) => Parsed::Error(format!("not valid JSON: {error}")),
        },
    }
}

/// Valid JSON of another shape is not an advisory; a record with a field of the wrong type
/// (an `id` that is a number, `affected` that is a string) is a broken advisory.
fn not_advisory_or(bytes: &[u8], error: serde_json::Error) -> Parsed {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => {
            let looks_like_osv = |v: &serde_json::Value| {
                v.get("id").is_some() && (v.get("affected").is_some() || v.get("modified").is_some())
            };
            let osv = match &value {
                serde_json::Value::Array(items) => items.iter().any(looks_like_osv),
                other => looks_like_osv(other),
            };
            if osv {
                Parsed::Error(format!("not a valid OSV record: {error}"))
            } else {
                Parsed::NotAdvisory
            }
        }
        Err(error) => Parsed::Error(format!("not valid JSON: {error}")),
    }
}

fn directory_files(root: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .build();
    for entry in walker.flatten() {
        let is_json = entry.file_type().is_some_and(|t| t.is_file())
            && entry
                .path()
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if is_json {
            files.push(entry.into_path());
        }
    }
    files.sort();
    files.into_iter().map(Source::File).collect()
}

fn is_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut magic))
        .is_ok()
        && magic == *b"PK\x03\x04"
}

/// Reads every `.json` entry of a zip archive (decompression is sequential; parsing is not).
fn zip_files(path: &Path) -> Result<Vec<Source>, LoadError> {
    let file = std::fs::File::open(path).map_err(|error| {
        LoadError(format!(
            "advisory database {} cannot be read: {error}",
            path.display()
        ))
    })?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|error| {
        LoadError(format!(
            "advisory database {} is not a readable zip: {error}",
            path.display()
        ))
    })?;
    let mut sources = Vec::new();
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(error) => {
                sources.push(Source::Bytes(
                    format!("{}#{index}", path.display()),
                    Err(error.to_string()),
                ));
                continue;
            }
        };
        // zip 9 reports a name that is not valid text as an error: that entry is a bad record.
        let name = match entry.name() {
            Ok(name) => name.to_string(),
            Err(error) => {
                sources.push(Source::Bytes(
                    format!("{}#{index}", path.display()),
                    Err(error.to_string()),
                ));
                continue;
            }
        };
        if !entry.is_file() || !name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        let display = format!("{}!{name}", path.display());
        if entry.size() > MAX_RECORD_FILE {
            sources.push(Source::Bytes(
                display,
                Err(format!("larger than {} MiB", MAX_RECORD_FILE / (1024 * 1024))),
            ));
            continue;
        }
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(MAX_RECORD_FILE + 1)
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|error| error.to_string());
        sources.push(Source::Bytes(display, read));
    }
    Ok(sources)
}

// The subset of the OSV schema that matching needs. Every field is optional so that one odd
// record is read as far as it goes rather than rejected whole.

#[derive(Deserialize, Default)]
struct RawRecord {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    severity: Vec<RawSeverity>,
    #[serde(default, deserialize_with = "affected_list")]
    affected: Vec<RawAffected>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
}

/// An OSV record has an id and, as the schema requires, a modification time (or at least
/// an `affected` list); other objects with an `id` are something else.
fn is_record(record: &RawRecord) -> bool {
    record.id.is_some() && (record.modified.is_some() || !record.affected.is_empty())
}

fn affected_list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<RawAffected>, D::Error> {
    Option::<Vec<RawAffected>>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[derive(Deserialize)]
struct RawSeverity {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    score: Option<String>,
}

#[derive(Deserialize)]
struct RawAffected {
    #[serde(default)]
    package: Option<RawPackage>,
    #[serde(default)]
    ranges: Vec<RawRange>,
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    ecosystem_specific: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawPackage {
    #[serde(default)]
    ecosystem: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawRange {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawEvent {
    #[serde(default)]
    introduced: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    last_affected: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8]) -> &'static str {
        match parse_records(bytes) {
            Parsed::Records(records) => {
                if records.len() == 1 {
                    "record"
                } else {
                    "records"
                }
            }
            Parsed::NotAdvisory => "not-advisory",
            Parsed::Error(_) => "error",
        }
    }

    #[test]
    fn shapes_of_record_files() {
        let record = br#"{"id": "GHSA-x", "modified": "2026-01-01T00:00:00Z", "affected": []}"#;
        assert_eq!(kind(record), "record");
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), record].concat();
        assert_eq!(kind(&with_bom), "record");
        let array = br#"[{"id": "GO-1", "modified": "x"}, {"id": "GO-2", "modified": "x"}]"#;
        assert_eq!(kind(array), "records");
        assert_eq!(
            kind(br#"{"github.com/x/y": "2021-04-14T20:04:52Z"}"#),
            "not-advisory"
        );
        assert_eq!(kind(br#"["GO-2022-0463", "GO-2022-0569"]"#), "not-advisory");
        assert_eq!(kind(br#"{"$id": "schema", "type": "object"}"#), "not-advisory");
        assert_eq!(kind(br#"{"id": 1, "modified": "x", "affected": "y"}"#), "error");
        assert_eq!(kind(br#"{"id": "GHSA-x", "affected": ["#), "error");
        assert_eq!(kind(b"\"just a string\""), "not-advisory");
        assert_eq!(kind(b"not json"), "error");
    }

    #[test]
    fn withdrawn_and_foreign_records_are_not_kept() {
        let mut db = AdvisoryDb::default();
        let parse = |text: &str| -> RawRecord { serde_json::from_str(text).unwrap_or_default() };
        db.add(parse(
            r#"{"id": "A", "modified": "x", "withdrawn": "2026-01-01T00:00:00Z",
                "affected": [{"package": {"ecosystem": "npm", "name": "lodash"}}]}"#,
        ));
        db.add(parse(
            r#"{"id": "B", "modified": "x", "affected": [{"package": {"ecosystem": "Debian:12", "name": "lodash"}}]}"#,
        ));
        db.add(parse(
            r#"{"id": "C", "modified": "x", "aliases": ["CVE-1", "C"],
                "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                "affected": [{"package": {"ecosystem": "PyPI", "name": "Py_YAML"},
                              "ranges": [{"type": "GIT", "events": [{"introduced": "abc"}]},
                                         {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.4"}]}]}]}"#,
        ));
        assert_eq!(
            (db.stats.withdrawn, db.stats.other_ecosystems, db.stats.advisories),
            (1, 1, 1)
        );
        let found: Vec<(&Advisory, &Affected)> = db.for_package(Ecosystem::PyPi, "py-yaml").collect();
        assert_eq!(found.len(), 1, "found through the normalised name");
        assert_eq!(
            found[0].0.aliases,
            vec!["CVE-1".to_string()],
            "the record's own id is not an alias"
        );
        assert_eq!(found[0].1.ranges.len(), 1, "GIT ranges are dropped");
        assert_eq!(
            found[0].0.severity.as_ref().map(|s| s.level),
            Some(crate::findings::Severity::Critical)
        );
        assert_eq!(db.for_package(Ecosystem::Npm, "lodash").count(), 0);
    }
}
