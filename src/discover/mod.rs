//! Discovery: walks the roots in parallel (the `ignore` walker, so .gitignore, .ignore and
//! .apiauditignore are honoured), skips what must not be read, and reads each file once,
//! classifying it as text or binary. What cannot be read is counted, never fatal.

use crate::error::AppError;
use crate::progress::Progress;
use crate::settings::Settings;
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Directories never descended into.
pub(crate) const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

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
}

/// Files that were not audited, by reason (SPEC §2: counted, never fatal).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub too_large: u64,
    pub binary: u64,
    pub unreadable: u64,
    pub symlink_loops: u64,
    /// FIFOs, sockets and device nodes: never opened (reading a FIFO blocks for ever).
    #[serde(default)]
    pub special: u64,
}

impl Skipped {
    pub fn add(&mut self, other: &Skipped) {
        self.too_large += other.too_large;
        self.binary += other.binary;
        self.unreadable += other.unreadable;
        self.symlink_loops += other.symlink_loops;
        self.special += other.special;
    }

    pub fn total(&self) -> u64 {
        self.too_large + self.binary + self.unreadable + self.symlink_loops + self.special
    }
}

pub struct Walk {
    pub files: Vec<Candidate>,
    pub skipped: Skipped,
    /// Paths the walker could not enter or read, with the reason (for META001).
    pub errors: Vec<(String, String)>,
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
    let found: Mutex<Vec<Candidate>> = Mutex::new(Vec::new());
    let errors: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let skipped: Mutex<Skipped> = Mutex::new(Skipped::default());
    for (root_index, root) in settings.roots.iter().enumerate() {
        let root_display = slash(root);
        if root.is_file() {
            let size = std::fs::metadata(root).map(|m| m.len()).unwrap_or(0);
            let rel = root
                .file_name()
                .map(|name| name.to_string_lossy().to_string())
                .unwrap_or_else(|| root_display.clone());
            progress.walked();
            lock(&found).push(Candidate {
                root: root_index,
                fs_path: root.clone(),
                path: root_display,
                rel,
                size,
            });
            continue;
        }
        let mut overrides = OverrideBuilder::new(root);
        for pattern in &settings.exclude {
            overrides
                .add(&format!("!{pattern}"))
                .map_err(|error| AppError::Usage(format!("invalid exclude pattern `{pattern}`: {error}")))?;
        }
        let overrides = overrides
            .build()
            .map_err(|error| AppError::Usage(format!("invalid exclude patterns: {error}")))?;
        let walker = WalkBuilder::new(root)
            .hidden(false)
            .parents(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .ignore(true)
            .add_custom_ignore_filename(".apiauditignore")
            .follow_links(settings.follow_symlinks)
            .overrides(overrides)
            .threads(settings.jobs)
            .filter_entry(|entry| {
                !(entry.file_type().is_some_and(|t| t.is_dir())
                    && entry.depth() > 0
                    && SKIPPED_DIRS.iter().any(|dir| entry.file_name() == *dir))
            })
            .build_parallel();
        walker.run(|| {
            let found = &found;
            let errors = &errors;
            let skipped = &skipped;
            let root_display = root_display.clone();
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        let Some(file_type) = entry.file_type() else {
                            return WalkState::Continue;
                        };
                        if !file_type.is_file() {
                            if !file_type.is_dir() && !file_type.is_symlink() {
                                lock(skipped).special += 1;
                            }
                            return WalkState::Continue;
                        }
                        let path = entry.path().to_path_buf();
                        let rel = path
                            .strip_prefix(root)
                            .map(slash)
                            .unwrap_or_else(|_| slash(&path));
                        let display = if root_display == "." || root_display.is_empty() {
                            rel.clone()
                        } else {
                            format!("{}/{}", root_display.trim_end_matches('/'), rel)
                        };
                        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                        progress.walked();
                        lock(found).push(Candidate {
                            root: root_index,
                            fs_path: path,
                            path: display,
                            rel,
                            size,
                        });
                    }
                    Err(error) => {
                        if is_loop(&error) {
                            lock(skipped).symlink_loops += 1;
                        } else {
                            lock(skipped).unreadable += 1;
                            let path = error_path(&error).map(|p| slash(&p)).unwrap_or_default();
                            lock(errors).push((path, error_message(&error)));
                        }
                    }
                }
                WalkState::Continue
            })
        });
    }
    let mut files = found.into_inner().unwrap_or_else(|poison| poison.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path).then(a.root.cmp(&b.root)));
    files.dedup_by(|a, b| a.path == b.path && a.root == b.root);
    let mut errors = errors.into_inner().unwrap_or_else(|poison| poison.into_inner());
    errors.sort();
    Ok(Walk {
        files,
        skipped: skipped.into_inner().unwrap_or_else(|poison| poison.into_inner()),
        errors,
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

fn is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        ignore::Error::Partial(errors) => errors.iter().any(is_loop),
        _ => false,
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

/// What reading a file gave.
pub enum Content {
    /// Decoded text; `lossy` when invalid UTF-8 was replaced (with the offset of the first
    /// invalid byte).
    Text {
        text: String,
        invalid_utf8_at: Option<usize>,
    },
    Binary(Vec<u8>),
    TooLarge,
    Unreadable(String),
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
            Ok(meta) if meta.is_file() => read(path, limit),
            Ok(_) => Content::Unreadable("not a regular file".into()),
            Err(error) => Content::Unreadable(error.to_string()),
        }
    }
}

/// How much of a file decides whether it is binary.
const BINARY_SNIFF: usize = 8192;

/// Reads a file once, bounded by `limit` bytes (a file that grew past it is too large).
pub fn read(path: &Path, limit: u64) -> Content {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => return Content::Unreadable(error.to_string()),
    };
    let mut bytes = Vec::new();
    if let Err(error) = file.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        return Content::Unreadable(error.to_string());
    }
    if bytes.len() as u64 > limit {
        return Content::TooLarge;
    }
    classify(bytes)
}

/// Text or binary: a NUL byte near the start means binary (UTF-16 text included, which no
/// format apiaudit reads uses).
pub fn classify(bytes: Vec<u8>) -> Content {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF)];
    if memchr::memchr(0, head).is_some() {
        return Content::Binary(bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Content::Text {
            text,
            invalid_utf8_at: None,
        },
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            Content::Text {
                text,
                invalid_utf8_at: Some(at),
            }
        }
    }
}
