//! The estate at a revision, read from git without checking it out: the files of the tree at
//! the revision that a scan of the same roots would read (regular files under the roots, less
//! `scan.exclude`, the `.apiauditignore` files of that revision and the directories a walk
//! skips), and a `FileSource` that serves their contents from one `git cat-file` process, so
//! that a spec's relative `$ref`s and a logging config's includes resolve within the revision.

use crate::discover::{self, classify, normalised as normalise, Content, FileSource};
use crate::error::AppError;
use crate::history::Root;
use crate::settings::Settings;
use crate::source::encoding::Hint;
use crate::source::git::{BlobReader, GitError, Oid, Repo, TreeEntry};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::overrides::{Override, OverrideBuilder};
use ignore::Match;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One file of the revision that the review reads.
#[derive(Debug, Clone)]
pub struct BaseFile {
    /// As reports show it, and relative to its root (what fingerprints hash), as the work
    /// tree's walk names the same file.
    pub path: String,
    pub rel: String,
    /// Where it is in the revision's tree (`/` + its path from the repository's top).
    pub tree_path: PathBuf,
    pub oid: Oid,
    pub size: u64,
}

/// The files of one repository's tree at a revision, by tree path, with a reader of their
/// contents.
pub struct GitTree {
    files: HashMap<PathBuf, (Oid, u64)>,
    reader: Mutex<BlobReader>,
}

impl GitTree {
    /// The contents of a blob; None when the repository does not have it (a partial clone).
    pub fn blob(&self, oid: &Oid) -> Result<Option<Vec<u8>>, GitError> {
        let mut reader = self.reader.lock().unwrap_or_else(|poison| poison.into_inner());
        reader.read(oid)
    }
}

impl FileSource for GitTree {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        let path = normalise(path);
        self.files.contains_key(&path).then_some(path)
    }

    fn read(&self, path: &Path, limit: u64) -> Content {
        let Some((oid, size)) = self.files.get(&normalise(path)) else {
            return Content::Unreadable("no such file at the base revision".into());
        };
        if *size > limit {
            return Content::TooLarge {
                size: *size,
                head: Vec::new(),
            };
        }
        match self.blob(oid) {
            Ok(Some(bytes)) => classify(bytes, Hint::NONE),
            Ok(None) => Content::Unreadable("the repository does not have this file's contents".into()),
            Err(error) => Content::Unreadable(error.to_string()),
        }
    }
}

/// What a scan of `roots` would read of the repository's tree at `commit`.
pub fn base_files(
    repo: &Repo,
    roots: &[Root],
    commit: &Oid,
    settings: &Settings,
) -> Result<(Arc<GitTree>, Vec<BaseFile>), AppError> {
    let git = |error: GitError| AppError::Usage(format!("review --base: {error}"));
    let entries: Vec<TreeEntry> = repo
        .list_tree(&commit.to_hex())
        .map_err(git)?
        .into_iter()
        .filter(TreeEntry::is_file)
        .collect();
    let reader = repo.blob_reader().map_err(git)?;
    let tree = Arc::new(GitTree {
        files: entries
            .iter()
            .map(|entry| {
                (
                    PathBuf::from(format!("/{}", entry.path)),
                    (entry.oid, entry.size.unwrap_or(0)),
                )
            })
            .collect(),
        reader: Mutex::new(reader),
    });
    let ignores = ignore_files(&tree, &entries);
    let mut files = Vec::new();
    for root in roots {
        let excluded = exclusions(repo, root, settings)?;
        for entry in &entries {
            let Some(rel) = root.rel(&entry.path) else {
                continue;
            };
            if rel.split('/').any(|part| discover::SKIPPED_DIRS.contains(&part))
                || excluded.as_ref().is_some_and(|matcher| is_excluded(matcher, rel))
                || ignored(&ignores, &entry.path)
            {
                continue;
            }
            files.push(BaseFile {
                path: root.display_path(rel),
                rel: rel.to_string(),
                tree_path: PathBuf::from(format!("/{}", entry.path)),
                oid: entry.oid,
                size: entry.size.unwrap_or(0),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok((tree, files))
}

/// `scan.exclude` of a directory root, as the walk applies it (relative to the root).
fn exclusions(repo: &Repo, root: &Root, settings: &Settings) -> Result<Option<Override>, AppError> {
    if root.file || settings.exclude.is_empty() {
        return Ok(None);
    }
    let dir = repo.top.join(&root.prefix);
    let mut builder = OverrideBuilder::new(&dir);
    for pattern in &settings.exclude {
        builder
            .add(&format!("!{pattern}"))
            .map_err(|error| AppError::Usage(format!("invalid exclude pattern `{pattern}`: {error}")))?;
    }
    let matcher = builder
        .build()
        .map_err(|error| AppError::Usage(format!("invalid exclude patterns: {error}")))?;
    Ok(Some(matcher))
}

/// Whether an exclude pattern names the file or one of its directories (the walk does not
/// enter an excluded directory).
fn is_excluded(matcher: &Override, rel: &str) -> bool {
    let root = matcher.path();
    let parts: Vec<&str> = rel.split('/').collect();
    (1..=parts.len()).any(|depth| {
        let path = root.join(parts[..depth].join("/"));
        matches!(matcher.matched(&path, depth < parts.len()), Match::Ignore(_))
    })
}

/// The `.apiauditignore` files of the revision, deepest directory first, each with its
/// directory (`/`-rooted tree path).
fn ignore_files(tree: &GitTree, entries: &[TreeEntry]) -> Vec<(PathBuf, Gitignore)> {
    let mut found: Vec<(PathBuf, Gitignore)> = Vec::new();
    for entry in entries {
        let name = entry.path.rsplit('/').next().unwrap_or(&entry.path);
        if name != ".apiauditignore" {
            continue;
        }
        let dir = normalise(Path::new(&format!("/{}", entry.path)))
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let Ok(Some(bytes)) = tree.blob(&entry.oid) else {
            continue;
        };
        let mut builder = GitignoreBuilder::new(&dir);
        for line in String::from_utf8_lossy(&bytes).lines() {
            // A line the matcher does not accept is left out, as the walk does.
            let _ = builder.add_line(None, line);
        }
        if let Ok(matcher) = builder.build() {
            found.push((dir, matcher));
        }
    }
    found.sort_by(|a, b| {
        b.0.components()
            .count()
            .cmp(&a.0.components().count())
            .then(a.0.cmp(&b.0))
    });
    found
}

/// Whether the `.apiauditignore` files of the revision leave a file out: the deepest one that
/// says anything decides.
fn ignored(ignores: &[(PathBuf, Gitignore)], repo_path: &str) -> bool {
    let path = PathBuf::from(format!("/{repo_path}"));
    for (dir, matcher) in ignores {
        if !path.starts_with(dir) {
            continue;
        }
        match matcher.matched_path_or_any_parents(&path, false) {
            Match::Ignore(_) => return true,
            Match::Whitelist(_) => return false,
            Match::None => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_paths_resolve_dot_segments() {
        assert_eq!(
            normalise(Path::new("/api/./x/../common.yaml")),
            PathBuf::from("/api/common.yaml")
        );
        assert_eq!(normalise(Path::new("/../a.yaml")), PathBuf::from("/a.yaml"));
    }

    #[test]
    fn ignore_files_apply_below_their_directory() {
        let mut builder = GitignoreBuilder::new("/svc");
        let _ = builder.add_line(None, "legacy/");
        let matcher = builder.build().unwrap_or_else(|e| panic!("{e}"));
        let ignores = vec![(PathBuf::from("/svc"), matcher)];
        assert!(ignored(&ignores, "svc/legacy/api.yaml"));
        assert!(!ignored(&ignores, "svc/api.yaml"));
        assert!(!ignored(&ignores, "other/legacy/api.yaml"));
    }
}
