//! Discovery: the file set of the run, and reading each file once (`read`).
//!
//! The file set fails closed (SPEC §2). Roots are walked in parallel by the `ignore` walker.
//! `.gitignore`, `.git/info/exclude` and `.ignore` apply only inside a git work tree (ripgrep's
//! convention), and inside one every tracked file is in the set whatever they say (`tracked`):
//! a key store force-added past `.gitignore` ships with the code. `.apiauditignore` and
//! `scan.exclude` always apply and are the way to leave a tracked file out; `--no-ignore`
//! turns ignore files off. `.git/` is never walked; untracked `node_modules/` and `target/`
//! are skipped. What cannot be walked (unreadable directories, special files, symbolic-link
//! loops) is a `SkippedFile`, never silent.

mod read;
mod skip;
mod tracked;

pub use read::{classify, read, Content};
pub use skip::{SkipKind, Skipped, SkippedFile, SkippedView};
pub use tracked::IndexBlobs;

use crate::error::AppError;
use crate::progress::Progress;
use crate::settings::Settings;
use crate::source::encoding::Hint;
use crate::source::git::{Oid, Repo};
use crate::source::shape::Shape;
use ignore::overrides::{Override, OverrideBuilder};
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Directories never descended into (tracked files in `node_modules/` and `target/` are
/// still in the set).
pub(crate) const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// The name of apiaudit's own ignore file.
pub const IGNORE_FILE: &str = ".apiauditignore";

/// A file the walk found.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub root: usize,
    pub fs_path: PathBuf,
    /// As reached from the root given on the command line.
    pub path: String,
    /// Relative to that root.
    pub rel: String,
    pub size: u64,
    /// Where its bytes come from.
    pub origin: Origin,
}

/// Where a candidate's bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Found by the walk (or listed by git) in the work tree.
    WorkTree,
    /// A file named on the command line: never skipped for size.
    Named,
    /// Tracked but absent from the work tree (a sparse checkout, a file deleted but not yet
    /// committed): its blob in the index (`IndexBlobs`), which is what the next commit ships.
    Index { repo: usize, oid: Oid },
}

pub struct Walk {
    pub files: Vec<Candidate>,
    /// What the walk itself could not take in (unreadable directories, special files, loops).
    pub skipped: Vec<SkippedFile>,
    /// Blobs of tracked files absent from the work tree.
    pub blobs: IndexBlobs,
    /// Roots where the walk found nothing at all.
    pub empty_roots: Vec<String>,
}

/// A path as reports show it: `/`-separated, without `.` segments or doubled separators.
pub fn slash(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::Prefix(prefix) => parts.push(prefix.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// `walk`, counting the files found in `progress` as it goes.
pub fn walk_with_progress(settings: &Settings, progress: &Progress) -> Result<Walk, AppError> {
    for root in &settings.roots {
        if std::fs::metadata(root).is_err() {
            return Err(AppError::Usage(format!("path {} does not exist", root.display())));
        }
    }
    let mut walk = Walk {
        files: Vec::new(),
        skipped: Vec::new(),
        blobs: IndexBlobs::default(),
        empty_roots: Vec::new(),
    };
    for (root_index, root) in settings.roots.iter().enumerate() {
        let before = (walk.files.len(), walk.skipped.len());
        let root_display = slash(root);
        if root.is_file() {
            let size = std::fs::metadata(root).map(|m| m.len()).unwrap_or(0);
            let rel = root
                .file_name()
                .map(|name| name.to_string_lossy().to_string())
                .unwrap_or_else(|| root_display.clone());
            progress.walked();
            walk.files.push(Candidate {
                root: root_index,
                fs_path: root.clone(),
                path: root_display,
                rel,
                size,
                origin: Origin::Named,
            });
            continue;
        }
        walk_dir(root_index, root, &root_display, settings, progress, &mut walk)?;
        if (walk.files.len(), walk.skipped.len()) == before {
            walk.empty_roots.push(root_display);
        }
    }
    walk.files
        .sort_by(|a, b| a.path.cmp(&b.path).then(a.root.cmp(&b.root)));
    walk.files.dedup_by(|a, b| a.path == b.path && a.root == b.root);
    walk.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    walk.skipped.dedup_by(|a, b| a.path == b.path);
    Ok(walk)
}

/// The path as reports show it: the root's display path joined with `rel`.
fn display(root_display: &str, rel: &str) -> String {
    if root_display == "." || root_display.is_empty() {
        rel.to_string()
    } else {
        format!("{}/{}", root_display.trim_end_matches('/'), rel)
    }
}

/// `scan.exclude` as an override matcher of a root.
fn exclusions(root: &Path, settings: &Settings) -> Result<Override, AppError> {
    let mut overrides = OverrideBuilder::new(root);
    for pattern in &settings.exclude {
        overrides
            .add(&format!("!{pattern}"))
            .map_err(|error| AppError::Usage(format!("invalid exclude pattern `{pattern}`: {error}")))?;
    }
    overrides
        .build()
        .map_err(|error| AppError::Usage(format!("invalid exclude patterns: {error}")))
}

/// Walks one root directory, then adds the tracked files ignore files hid.
fn walk_dir(
    root_index: usize,
    root: &Path,
    root_display: &str,
    settings: &Settings,
    progress: &Progress,
    walk: &mut Walk,
) -> Result<(), AppError> {
    // The work tree holding the root, if any. Without git the tracked files cannot be listed:
    // then no git ignore file applies, so that nothing tracked is left out.
    let enclosing = Repo::discover(root);
    let git_works = enclosing.is_ok();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let enclosing = enclosing
        .ok()
        .flatten()
        .filter(|repo| canonical_root.starts_with(&repo.top));
    let ignore_files = !settings.no_ignore;
    let found: Mutex<Vec<Candidate>> = Mutex::new(Vec::new());
    let skipped: Mutex<Vec<SkippedFile>> = Mutex::new(Vec::new());
    // Work trees met below the root (a directory of checkouts, submodules).
    let nested: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .parents(true)
        .git_ignore(ignore_files && git_works)
        .git_global(false)
        .git_exclude(ignore_files && git_works)
        .require_git(true)
        // `.ignore` is not git's, so the walker would honour it anywhere: only in a work tree.
        .ignore(ignore_files && enclosing.is_some())
        .follow_links(settings.follow_symlinks)
        .overrides(exclusions(root, settings)?)
        .threads(settings.jobs);
    if ignore_files {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    let nested_ref = nested.clone();
    builder.filter_entry(move |entry| {
        if entry.depth() > 0 && entry.file_name() == ".git" {
            if let Some(parent) = entry.path().parent() {
                lock(&nested_ref).push(parent.to_path_buf());
            }
        }
        !(entry.file_type().is_some_and(|t| t.is_dir())
            && entry.depth() > 0
            && SKIPPED_DIRS.iter().any(|dir| entry.file_name() == *dir))
    });
    builder.build_parallel().run(|| {
        let found = &found;
        let skipped = &skipped;
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let Some(file_type) = entry.file_type() else {
                        return WalkState::Continue;
                    };
                    if !file_type.is_file() {
                        if !file_type.is_dir() && !file_type.is_symlink() {
                            let rel = rel_of(root, entry.path());
                            let path = display(root_display, &rel);
                            lock(skipped).push(SkippedFile::special(&path, &rel, Shape::of_name(&rel)));
                        }
                        return WalkState::Continue;
                    }
                    let fs_path = entry.path().to_path_buf();
                    let rel = rel_of(root, &fs_path);
                    let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                    progress.walked();
                    lock(found).push(Candidate {
                        root: root_index,
                        path: display(root_display, &rel),
                        fs_path,
                        rel,
                        size,
                        origin: Origin::WorkTree,
                    });
                }
                Err(error) => {
                    let at = error_path(&error);
                    let rel = at.as_deref().map(|p| rel_of(root, p)).unwrap_or_default();
                    let path = display(root_display, &rel);
                    let file = match loop_target(&error) {
                        Some(target) => SkippedFile::symlink_loop(&path, &rel, &slash(&target)),
                        None => {
                            SkippedFile::unreadable(&path, &rel, Shape::of_name(&rel), &error_message(&error))
                        }
                    };
                    lock(skipped).push(file);
                }
            }
            WalkState::Continue
        })
    });
    let mut files = found.into_inner().unwrap_or_else(|poison| poison.into_inner());
    walk.skipped
        .extend(skipped.into_inner().unwrap_or_else(|poison| poison.into_inner()));
    if git_works {
        let mut tops: Vec<PathBuf> = std::mem::take(&mut *lock(&nested))
            .into_iter()
            .map(|dir| dir.canonicalize().unwrap_or(dir))
            .collect();
        if let Some(repo) = &enclosing {
            tops.push(repo.top.clone());
        }
        tops.sort();
        tops.dedup();
        let scope = tracked::Scope {
            root_index,
            root,
            canonical_root: &canonical_root,
            root_display,
            settings,
            progress,
        };
        tracked::add_tracked(&scope, &tops, &mut files, &mut walk.skipped, &mut walk.blobs)?;
    }
    walk.files.append(&mut files);
    Ok(())
}

/// `path` relative to `root`, `/`-separated.
fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).map(slash).unwrap_or_else(|_| slash(path))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// The directory a symbolic-link loop leads back to, when the error is one.
fn loop_target(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::Loop { ancestor, .. } => Some(ancestor.clone()),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => loop_target(err),
        ignore::Error::Partial(errors) => errors.iter().find_map(loop_target),
        _ => None,
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => error_message(err),
        other => other.to_string(),
    }
}

/// Where a file's neighbours are read from (a spec's `$ref`'d files, a logging config's
/// includes): the disk, a revision of a git repository (`review --base`), or memory (fuzzing
/// and tests).
pub trait FileSource: Send + Sync {
    /// The canonical form of a path, or None when no such file exists.
    fn canonical(&self, path: &Path) -> Option<PathBuf>;
    fn read(&self, path: &Path, limit: u64) -> Content;
    /// Whether a regular file is at `path`.
    fn is_file(&self, path: &Path) -> bool {
        self.canonical(path).is_some()
    }
}

/// `.` and `..` of a `/`-rooted path resolved textually, as the disk would resolve them: the
/// canonical form of a path in a tree that is not on disk (a git revision, memory).
pub fn normalised(path: &Path) -> PathBuf {
    let mut parts: Vec<String> = Vec::new();
    for part in path.to_string_lossy().split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other.to_string()),
        }
    }
    PathBuf::from(format!("/{}", parts.join("/")))
}

/// Files on disk, read with the same bounds as discovery.
pub struct Disk;

impl FileSource for Disk {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn read(&self, path: &Path, limit: u64) -> Content {
        // Only regular files: opening a FIFO a reference names would block for ever.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => read(path, Some(limit), Hint::NONE),
            Ok(_) => Content::Unreadable("not a regular file".into()),
            Err(error) => Content::Unreadable(error.to_string()),
        }
    }
}
