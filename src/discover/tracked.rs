//! The tracked half of the fail-closed file set: inside a git work tree every file the index
//! tracks is audited, whatever `.gitignore` or `.ignore` say (a `keystore.jks` or `.env`
//! force-added past them is committed and shipped), as are tracked files under `node_modules/`
//! or `target/`. The walk has found the files ignore files let through; this adds the tracked
//! files it did not see, unless `.apiauditignore` or `scan.exclude` leave them out (the only way
//! to exclude a tracked file). The index is read with `git ls-files` (docs/decisions/0009).
//!
//! A tracked file absent from the work tree (a sparse checkout, a deletion not yet committed)
//! is read from its blob in the index, which is what the next commit ships.

use super::{display, exclusions, lock, Candidate, Origin, SkippedFile, IGNORE_FILE};
use crate::error::AppError;
use crate::progress::Progress;
use crate::settings::Settings;
use crate::source::git::{BlobReader, GitError, Oid, Repo};
use crate::source::shape::Shape;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::overrides::Override;
use ignore::Match;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The root being completed.
pub(super) struct Scope<'a> {
    pub root_index: usize,
    /// As given on the command line, and canonical.
    pub root: &'a Path,
    pub canonical_root: &'a Path,
    pub root_display: &'a str,
    pub settings: &'a Settings,
    pub progress: &'a Progress,
}

/// Adds to `files` the tracked files of the work trees `tops` (each holding the root or inside
/// it) that lie under the root and that the walk did not find.
pub(super) fn add_tracked(
    scope: &Scope<'_>,
    tops: &[PathBuf],
    files: &mut Vec<Candidate>,
    skipped: &mut Vec<SkippedFile>,
    blobs: &mut IndexBlobs,
) -> Result<(), AppError> {
    let seen: HashSet<String> = files.iter().map(|file| file.rel.clone()).collect();
    let mut excluded = Excluded::new(scope)?;
    for top in tops {
        let repo = Repo {
            top: top.clone(),
            shallow: false,
        };
        // The part of the work tree under the root: all of a nested one.
        let under = scope
            .canonical_root
            .strip_prefix(top)
            .ok()
            .filter(|p| !p.as_os_str().is_empty());
        let entries = match repo.tracked_files(under) {
            Ok(entries) => entries,
            // A broken work tree (a copied submodule whose `.git` points nowhere): its ignored
            // files may hide tracked ones, so the gap is reported, not passed over.
            Err(GitError(message)) => {
                let rel = top
                    .strip_prefix(scope.canonical_root)
                    .map(super::slash)
                    .unwrap_or_default();
                let path = display(scope.root_display, if rel.is_empty() { "." } else { &rel });
                skipped.push(SkippedFile::unreadable(
                    &path,
                    &rel,
                    Shape::Other,
                    &format!("git cannot list the files this work tree tracks: {message}"),
                ));
                continue;
            }
        };
        let mut repo_index = None;
        for entry in entries.iter().filter(|entry| entry.is_file()) {
            let fs_path = top.join(&entry.path);
            let Ok(rel) = fs_path.strip_prefix(scope.canonical_root) else {
                continue;
            };
            let rel = super::slash(rel);
            if seen.contains(&rel) || excluded.matches(&rel) {
                continue;
            }
            let path = display(scope.root_display, &rel);
            let origin_path = scope.root.join(&rel);
            let origin = match std::fs::symlink_metadata(&origin_path) {
                Ok(meta) if meta.is_file() => (Origin::WorkTree, meta.len()),
                // A directory or link where the index has a file: what is there was walked.
                Ok(_) => continue,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    let index = *repo_index.get_or_insert_with(|| blobs.add(repo.clone()));
                    (
                        Origin::Index {
                            repo: index,
                            oid: entry.oid,
                        },
                        0,
                    )
                }
                Err(error) => {
                    skipped.push(SkippedFile::unreadable(
                        &path,
                        &rel,
                        Shape::of_name(&rel),
                        &error.to_string(),
                    ));
                    continue;
                }
            };
            scope.progress.walked();
            files.push(Candidate {
                root: scope.root_index,
                fs_path: origin_path,
                path,
                rel,
                size: origin.1,
                origin: origin.0,
            });
        }
    }
    Ok(())
}

/// What `.apiauditignore` files and `scan.exclude` leave out, for paths the walker never
/// offered them (it applies the same rules to what it walks).
struct Excluded<'a> {
    scope: &'a Scope<'a>,
    overrides: Override,
    /// `.apiauditignore` of a directory, read once (None: there is none).
    ignores: HashMap<PathBuf, Option<Gitignore>>,
}

impl<'a> Excluded<'a> {
    fn new(scope: &'a Scope<'a>) -> Result<Self, AppError> {
        Ok(Excluded {
            scope,
            overrides: exclusions(scope.canonical_root, scope.settings)?,
            ignores: HashMap::new(),
        })
    }

    /// Whether the file at `rel` (under the root) is excluded.
    fn matches(&mut self, rel: &str) -> bool {
        let root = self.scope.canonical_root;
        let path = root.join(rel);
        // `scan.exclude`: the file, or a directory on its way (the walker prunes those).
        let mut dir = path.parent();
        if self.overrides.matched(&path, false).is_ignore() {
            return true;
        }
        while let Some(at) = dir.filter(|d| d.starts_with(root) && *d != root) {
            if self.overrides.matched(at, true).is_ignore() {
                return true;
            }
            dir = at.parent();
        }
        if self.scope.settings.no_ignore {
            return false;
        }
        // `.apiauditignore`: the deepest file that says something decides, as in the walker;
        // the root's ancestors count too (the walker reads its parents' ignore files).
        for dir in path.ancestors().skip(1) {
            let ignore = self
                .ignores
                .entry(dir.to_path_buf())
                .or_insert_with(|| read_ignore(dir));
            if let Some(ignore) = ignore {
                match ignore.matched_path_or_any_parents(&path, false) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
        }
        false
    }
}

fn read_ignore(dir: &Path) -> Option<Gitignore> {
    let file = dir.join(IGNORE_FILE);
    if !file.is_file() {
        return None;
    }
    let mut builder = GitignoreBuilder::new(dir);
    // A bad line is ignored, as the walker does; the rest of the file still applies.
    let _ = builder.add(&file);
    builder.build().ok()
}

/// Readers of the index's blobs, one `git cat-file` per work tree, started on first use.
#[derive(Default)]
pub struct IndexBlobs {
    repos: Vec<(Repo, Mutex<Option<BlobReader>>)>,
}

impl IndexBlobs {
    fn add(&mut self, repo: Repo) -> usize {
        self.repos.push((repo, Mutex::new(None)));
        self.repos.len() - 1
    }

    /// The contents of a blob of the `repo`-th work tree.
    pub fn read(&self, repo: usize, oid: &Oid) -> Result<Vec<u8>, String> {
        let (repo, reader) = self.repos.get(repo).ok_or("no such repository")?;
        let mut reader = lock(reader);
        if reader.is_none() {
            *reader = Some(repo.blob_reader().map_err(|error| error.0)?);
        }
        let Some(reader) = reader.as_mut() else {
            return Err("git cat-file did not start".into());
        };
        match reader.read(oid) {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(format!("the index's blob {oid} is missing")),
            Err(error) => Err(error.0),
        }
    }
}
