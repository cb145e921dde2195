//! `--changed-since REV`: report only findings in files the branch changed, for pull-request
//! gating. The whole estate is still read and every rule, portfolio rules included, still sees
//! all of it (a duplicate interface ID in a changed spec is found against unchanged ones); only
//! what is reported is narrowed, after policy has settled the findings.

use crate::findings::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

/// What `--changed-since` did, for the reports (`summary.changed_since` in JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedSummary {
    pub rev: String,
    /// Files changed since `rev` (in the scanned repositories).
    pub files: u64,
    /// Findings (reported or suppressed) left out because their file did not change.
    pub hidden: u64,
}

/// Decides whether a report path (as shown in findings, relative to the working directory or
/// absolute) is one of the changed files.
pub struct ChangedFiles {
    files: BTreeSet<PathBuf>,
    cwd: PathBuf,
    cache: HashMap<String, bool>,
}

impl ChangedFiles {
    pub fn new(files: BTreeSet<PathBuf>) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        ChangedFiles {
            files,
            cwd,
            cache: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn contains(&mut self, path: &str) -> bool {
        if let Some(known) = self.cache.get(path) {
            return *known;
        }
        let absolute = self.cwd.join(path);
        // Canonical when the file exists (symlinked roots, `..`); lexical for deleted files.
        let found = absolute
            .canonicalize()
            .map(|p| self.files.contains(&p))
            .unwrap_or(false)
            || self.files.contains(&normalize(&absolute));
        self.cache.insert(path.to_string(), found);
        found
    }
}

/// `a/./b/../c` -> `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Drops findings outside the changed files; returns how many were left out.
pub fn restrict(findings: &mut Vec<Finding>, changed: &mut ChangedFiles) -> u64 {
    let before = findings.len();
    findings.retain(|finding| changed.contains(&finding.path));
    (before - findings.len()) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_normalisation() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn matches_deleted_files_lexically() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let gone = cwd.join("no-such-dir/gone.yaml");
        let mut changed = ChangedFiles::new(BTreeSet::from([gone]));
        assert!(changed.contains("no-such-dir/./gone.yaml"));
        assert!(!changed.contains("no-such-dir/other.yaml"));
        assert_eq!(changed.len(), 1);
    }
}
