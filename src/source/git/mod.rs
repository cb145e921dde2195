//! Reading git repositories, read-only, through the `git` command's plumbing: which files a work
//! tree tracks (`ls-files`, for the fail-closed file set), the files of a tree at a revision (`ls-tree`), which commit brought
//! which blob to which path (`log --raw`, in `log`), blob contents streamed from one long-lived
//! `cat-file --batch` (in `batch`), and which files a branch changed (`changed`, for
//! `--changed-since`). docs/decisions/0005 says why the git command
//! and not a library.
//!
//! Every command runs with settings that keep it from writing to the repository, prompting,
//! fetching (partial clones would fetch missing objects on demand) or running programs a
//! repository's config names (fsmonitor, textconv, external diff): the repository is input, and
//! apiaudit never executes what it scans.

mod batch;
mod changed;
mod log;

pub use batch::{BlobReader, BlobStream, Object};
pub use changed::changed_files;
pub use log::{History, HistoryWalk};

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What went wrong talking to git; callers say which feature needed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitError(pub String);

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

/// An object id: SHA-1 (20 bytes) or SHA-256 (32 bytes), kept as bytes so that maps of
/// hundreds of thousands of them stay small.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid {
    bytes: [u8; 32],
    len: u8,
}

impl Oid {
    /// Parses 40 or 64 hex digits.
    pub fn from_hex(hex: &[u8]) -> Option<Oid> {
        if hex.len() != 40 && hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (index, pair) in hex.chunks_exact(2).enumerate() {
            let digit = |c: u8| (c as char).to_digit(16);
            bytes[index] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Some(Oid {
            bytes,
            len: (hex.len() / 2) as u8,
        })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    /// All zeros: what raw diffs show for the missing side of an addition or deletion.
    pub fn is_null(&self) -> bool {
        self.as_bytes().iter().all(|b| *b == 0)
    }

    pub fn to_hex(self) -> String {
        self.as_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A git command on `dir` that cannot write, prompt, fetch or run repository-configured programs.
pub fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        // A repository's config could name programs to run; none of them is ever wanted here.
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.untrackedCache=false",
            "-c",
            "log.showSignature=false",
            "-c",
            "diff.external=",
            "-c",
            "core.quotePath=false",
        ])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        // Partial clones would fetch missing objects on demand: no network, ever.
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
        .stdin(Stdio::null());
    command
}

/// Runs a command to its end; its standard output, or git's own error message.
pub fn output(mut command: Command) -> Result<Vec<u8>, GitError> {
    let output = command
        .output()
        .map_err(|error| GitError(format!("git could not be run: {error}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr.trim();
        return Err(GitError(if message.is_empty() {
            format!("git exited with {}", output.status)
        } else {
            message.to_string()
        }));
    }
    Ok(output.stdout)
}

/// NUL-separated fields, empty ones dropped.
fn nul_fields(out: &[u8]) -> impl Iterator<Item = &[u8]> {
    out.split(|b| *b == 0).filter(|p| !p.is_empty())
}

/// A path as git prints it with `-z`: bytes, read as UTF-8 (invalid sequences replaced).
fn path_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One file of a tree (`ls-tree`): mode, object id, size (of a blob) and path from the tree's
/// root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub mode: u32,
    pub oid: Oid,
    pub size: Option<u64>,
    pub path: String,
}

impl TreeEntry {
    /// A regular file (executable or not): not a symbolic link, nor a submodule's commit.
    pub fn is_file(&self) -> bool {
        is_file_mode(self.mode)
    }
}

/// Regular files only: symbolic links (120000) hold a target name, submodules (160000) are
/// another repository's commit and are never followed.
pub fn is_file_mode(mode: u32) -> bool {
    mode == 0o100644 || mode == 0o100755 || mode == 0o100664
}

/// A repository apiaudit reads.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The top directory of the work tree (canonical), or the git directory of a bare one.
    pub top: PathBuf,
    /// Whether this is a shallow clone (commits before its boundary are not in it).
    pub shallow: bool,
}

impl Repo {
    /// The repository holding `dir` (a directory or a file), if any.
    pub fn discover(dir: &Path) -> Result<Option<Repo>, GitError> {
        let dir = if dir.is_file() {
            dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            dir.to_path_buf()
        };
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let mut probe = command(&dir);
        probe.args(["rev-parse", "--is-inside-work-tree"]);
        let inside = match probe.output() {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim() == "true",
            Ok(_) => return Ok(None),
            Err(error) => return Err(GitError(format!("git could not be run: {error}"))),
        };
        let mut query = command(&dir);
        query.args(["rev-parse", "--is-shallow-repository"]);
        query.arg(if inside {
            "--show-toplevel"
        } else {
            "--absolute-git-dir"
        });
        let out = output(query)?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let shallow = lines.next() == Some("true");
        let top = PathBuf::from(lines.next().unwrap_or("."));
        let top = top.canonicalize().unwrap_or(top);
        Ok(Some(Repo { top, shallow }))
    }

    pub fn command(&self) -> Command {
        command(&self.top)
    }

    /// The commit a revision names, as a full id.
    pub fn resolve_commit(&self, rev: &str) -> Result<Oid, GitError> {
        check_rev(rev)?;
        let mut verify = self.command();
        verify.args(["rev-parse", "--verify", "--quiet", "--end-of-options"]);
        verify.arg(format!("{rev}^{{commit}}"));
        let out = output(verify)
            .map_err(|_| GitError(format!("`{rev}` is not a commit in {}", self.top.display())))?;
        Oid::from_hex(String::from_utf8_lossy(&out).trim().as_bytes())
            .ok_or_else(|| GitError(format!("`{rev}` is not a commit in {}", self.top.display())))
    }

    /// The commits a shallow clone was cut at (its history stops there), from `.git/shallow`.
    pub fn shallow_boundary(&self) -> Result<Vec<Oid>, GitError> {
        let mut path = self.command();
        path.args(["rev-parse", "--git-path", "shallow"]);
        let out = output(path)?;
        let file = PathBuf::from(String::from_utf8_lossy(&out).trim());
        let file = if file.is_absolute() {
            file
        } else {
            self.top.join(file)
        };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut ids: Vec<Oid> = text
            .lines()
            .filter_map(|l| Oid::from_hex(l.trim().as_bytes()))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The files the index tracks (`git ls-files --stage`), below `under` (a directory of the
    /// work tree; the whole tree when None), with their modes and blob ids and their paths from
    /// the top, sorted: what the fail-closed file set starts from. An unmerged path is listed once.
    pub fn tracked_files(&self, under: Option<&Path>) -> Result<Vec<TreeEntry>, GitError> {
        let mut list = self.command();
        list.args(["--literal-pathspecs", "ls-files", "-z", "--stage", "--full-name"]);
        if let Some(under) = under {
            list.arg("--").arg(under);
        }
        let out = output(list)?;
        let mut entries = Vec::new();
        for record in nul_fields(&out) {
            // <mode> SP <oid> SP <stage> TAB <path>
            let Some(tab) = record.iter().position(|b| *b == b'\t') else {
                continue;
            };
            let mut head = record[..tab].split(|b| *b == b' ');
            let (Some(mode), Some(oid)) = (head.next(), head.next()) else {
                continue;
            };
            let (Some(mode), Some(oid)) = (parse_mode(mode), Oid::from_hex(oid)) else {
                continue;
            };
            entries.push(TreeEntry {
                mode,
                oid,
                size: None,
                path: path_text(&record[tab + 1..]),
            });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        Ok(entries)
    }

    /// Every file of the tree at `rev` (recursively), without checking it out: what reading an
    /// estate at another revision starts from. Submodule entries and symbolic links are included
    /// with their modes; `TreeEntry::is_file` tells regular files.
    pub fn list_tree(&self, rev: &str) -> Result<Vec<TreeEntry>, GitError> {
        check_rev(rev)?;
        let mut list = self.command();
        list.args(["ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options"]);
        list.arg(rev);
        let out = output(list)?;
        let mut entries = Vec::new();
        for record in nul_fields(&out) {
            // <mode> SP <type> SP <oid> SP+ <size or -> TAB <path>
            let Some(tab) = record.iter().position(|b| *b == b'\t') else {
                continue;
            };
            let mut head = record[..tab].split(|b| *b == b' ').filter(|f| !f.is_empty());
            let (Some(mode), Some(_kind), Some(oid)) = (head.next(), head.next(), head.next()) else {
                continue;
            };
            let (Some(mode), Some(oid)) = (parse_mode(mode), Oid::from_hex(oid)) else {
                continue;
            };
            let size = head
                .next()
                .and_then(|s| std::str::from_utf8(s).ok())
                .and_then(|s| s.parse::<u64>().ok());
            entries.push(TreeEntry {
                mode,
                oid,
                size,
                path: path_text(&record[tab + 1..]),
            });
        }
        Ok(entries)
    }

    /// A reader of blobs by id, in batch, on one `git cat-file` process.
    pub fn blob_reader(&self) -> Result<BlobReader, GitError> {
        BlobReader::start(self)
    }

    /// The best common ancestor of `commit` and HEAD: what a branch changed is measured from
    /// there. None when they share no history, or HEAD has no commit yet.
    pub fn merge_base_with_head(&self, commit: &Oid) -> Result<Option<Oid>, GitError> {
        let mut query = self.command();
        query.args(["merge-base", "--end-of-options"]);
        query.arg(commit.to_hex()).arg("HEAD");
        let out = query
            .output()
            .map_err(|error| GitError(format!("git could not be run: {error}")))?;
        // Exit 1 without output: no common ancestor; an unborn HEAD fails too.
        if !out.status.success() {
            return Ok(None);
        }
        Ok(Oid::from_hex(
            String::from_utf8_lossy(&out.stdout).trim().as_bytes(),
        ))
    }
}

/// A revision given on the command line must not be read as an option.
pub fn check_rev(rev: &str) -> Result<(), GitError> {
    if rev.trim().is_empty() || rev.starts_with('-') {
        return Err(GitError(format!("expected a git revision, got `{rev}`")));
    }
    Ok(())
}

/// An octal file mode.
fn parse_mode(text: &[u8]) -> Option<u32> {
    u32::from_str_radix(std::str::from_utf8(text).ok()?, 8).ok()
}

#[cfg(test)]
pub(crate) mod tests;
