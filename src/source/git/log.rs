//! Which commit brought which blob to which path: one `git log --raw` over the commits asked for
//! (every ref, or a range), read as it streams. Each commit's changes against its parent list
//! the blobs it introduced; merges are read as combined diffs (`-c`), which list only the files
//! that differ from every parent, that is what the merge itself introduced. Renames are not
//! detected (`--no-renames`): a renamed file is a new path. Submodules and symbolic links are
//! left out; deleted files have nothing to read.
//!
//! Every reachable blob of a file is the new side of some commit's change (a blob a commit did
//! not change comes from a parent, and so on back to the commit that changed it, or to a root
//! commit, whose files all count as added; a shallow clone's boundary commits are roots), so the
//! walk misses none. A (blob, path) pair introduced by several commits (cherry-picks, the same
//! change on two branches) keeps the oldest: the smallest commit time, and of equal times the
//! one git lists last (the ancestor).

use super::{is_file_mode, parse_mode, GitError, Oid, Repo};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// A commit of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: Oid,
    /// Committer time, seconds since the epoch: what "oldest" compares.
    pub time: i64,
    /// Committer date in strict ISO 8601, with the committer's time zone.
    pub date: String,
}

/// A blob at a path, with the oldest commit that put it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Index into `History::commits`.
    pub commit: u32,
    /// Index into `History::paths`.
    pub path: u32,
    pub blob: Oid,
    pub mode: u32,
}

/// What a walk found: the commits, the paths (each once) and the (blob, path) pairs.
#[derive(Debug, Default)]
pub struct History {
    pub commits: Vec<Commit>,
    pub paths: Vec<String>,
    pub changes: Vec<Change>,
}

impl History {
    pub fn path(&self, change: &Change) -> &str {
        self.paths.get(change.path as usize).map_or("", String::as_str)
    }

    /// Whether commit `a` is older than commit `b` (by time; of equal times, the one the walk
    /// listed later, as git lists children before their parents).
    pub fn older(&self, a: u32, b: u32) -> bool {
        match (self.commits.get(a as usize), self.commits.get(b as usize)) {
            (Some(ca), Some(cb)) => (ca.time, std::cmp::Reverse(a)) < (cb.time, std::cmp::Reverse(b)),
            _ => false,
        }
    }
}

/// Which commits to walk and which paths to keep.
#[derive(Debug, Clone, Default)]
pub struct HistoryWalk {
    /// A revision range (`main..feature`, `v1.0..`, `HEAD~50..HEAD`, or one revision for all of
    /// its ancestry); None walks every ref (branches, tags, remotes, stashes, notes) and HEAD.
    pub range: Option<String>,
    /// Paths from the repository's top to keep (directories or files); empty keeps all.
    pub pathspecs: Vec<String>,
}

impl HistoryWalk {
    pub fn run(&self, repo: &Repo) -> Result<History, GitError> {
        if let Some(range) = &self.range {
            super::check_rev(range)?;
        }
        let mut log = repo.command();
        log.env("GIT_LITERAL_PATHSPECS", "1").args([
            "log",
            "--no-color",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--raw",
            "-z",
            "--no-abbrev",
            "-c",
            "--root",
            "--full-history",
            "--format=tformat:%x01%H %ct %cI",
        ]);
        match &self.range {
            None => {
                log.arg("--all");
            }
            Some(range) => {
                log.arg("--end-of-options").arg(range);
            }
        }
        log.arg("--");
        log.args(self.pathspecs.iter().filter(|p| !p.is_empty()));
        log.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = log
            .spawn()
            .map_err(|error| GitError(format!("git could not be run: {error}")))?;
        let Some(stdout) = child.stdout.take() else {
            return Err(GitError("git log: no output pipe".into()));
        };
        // git's error text is small; read it after the output so neither pipe fills.
        let stderr = child.stderr.take();
        let parsed = parse(BufReader::with_capacity(256 * 1024, stdout));
        let mut message = String::new();
        if let Some(mut stderr) = stderr {
            use std::io::Read;
            let _ = stderr.read_to_string(&mut message);
        }
        let status = child
            .wait()
            .map_err(|error| GitError(format!("git log: {error}")))?;
        if !status.success() {
            let message = message.trim();
            return Err(GitError(if message.is_empty() {
                format!("git log exited with {status}")
            } else {
                message.to_string()
            }));
        }
        let mut history = parsed?;
        if let Some(range) = &self.range {
            // A range keeps only blobs that are new in it: a revert to a version that exists
            // outside the range brings back a blob seen there.
            let mut objects = repo.command();
            objects
                .args(["rev-list", "--objects", "--no-object-names", "--end-of-options"])
                .arg(range);
            let out = super::output(objects)?;
            let new: HashSet<Oid> = out
                .split(|b| *b == b'\n')
                .filter_map(|line| Oid::from_hex(line.trim_ascii()))
                .collect();
            history.changes.retain(|change| new.contains(&change.blob));
        }
        Ok(history)
    }
}

/// Parses `git log --raw -z -c` output with the walk's format.
pub(crate) fn parse(mut out: impl BufRead) -> Result<History, GitError> {
    let mut history = History::default();
    let mut path_ids: HashMap<String, u32> = HashMap::new();
    let mut seen: HashMap<(Oid, u32), usize> = HashMap::new();
    let mut token = Vec::with_capacity(256);
    let mut path = Vec::with_capacity(256);
    let io = |error: std::io::Error| GitError(format!("git log: {error}"));
    loop {
        token.clear();
        if out.read_until(0, &mut token).map_err(io)? == 0 {
            break;
        }
        let field = trim_record(&token);
        if field.is_empty() {
            continue;
        }
        if field[0] == 1 {
            let commit = parse_header(&field[1..]).ok_or_else(|| {
                GitError(format!(
                    "git log: unexpected commit line `{}`",
                    String::from_utf8_lossy(field)
                ))
            })?;
            history.commits.push(commit);
            continue;
        }
        if field[0] != b':' {
            return Err(GitError(format!(
                "git log: unexpected output `{}`",
                String::from_utf8_lossy(&field[..field.len().min(80)])
            )));
        }
        path.clear();
        out.read_until(0, &mut path).map_err(io)?;
        let path_bytes = path.strip_suffix(&[0]).unwrap_or(&path);
        let Some((mode, blob, deleted)) = parse_raw(field) else {
            continue;
        };
        if deleted || blob.is_null() || !is_file_mode(mode) {
            continue;
        }
        let Some(commit) = history.commits.len().checked_sub(1) else {
            continue;
        };
        let text = String::from_utf8_lossy(path_bytes);
        let path_id = match path_ids.get(text.as_ref()) {
            Some(id) => *id,
            None => {
                let id = history.paths.len() as u32;
                history.paths.push(text.clone().into_owned());
                path_ids.insert(text.into_owned(), id);
                id
            }
        };
        let commit = commit as u32;
        match seen.get(&(blob, path_id)) {
            Some(&index) => {
                let earlier = history.changes[index].commit;
                if history.older(commit, earlier) {
                    history.changes[index].commit = commit;
                }
            }
            None => {
                seen.insert((blob, path_id), history.changes.len());
                history.changes.push(Change {
                    commit,
                    path: path_id,
                    blob,
                    mode,
                });
            }
        }
    }
    Ok(history)
}

/// A record without the line feeds git puts between a commit's header and its changes.
fn trim_record(token: &[u8]) -> &[u8] {
    let token = token.strip_suffix(&[0]).unwrap_or(token);
    let start = token.iter().position(|b| *b != b'\n').unwrap_or(token.len());
    &token[start..]
}

/// `<id> <unix time> <ISO date>`.
fn parse_header(text: &[u8]) -> Option<Commit> {
    let text = std::str::from_utf8(text).ok()?;
    let mut fields = text.trim_end().splitn(3, ' ');
    let id = Oid::from_hex(fields.next()?.as_bytes())?;
    let time = fields.next()?.parse().ok()?;
    let date = fields.next()?.to_string();
    Some(Commit { id, time, date })
}

/// The result side of a raw change: `:<mode>... <oid>... <status>`, one colon per parent (a
/// combined diff of a merge has several). Returns the new mode, the new blob and whether the
/// file was deleted.
fn parse_raw(meta: &[u8]) -> Option<(u32, Oid, bool)> {
    let parents = meta.iter().take_while(|b| **b == b':').count();
    let fields: Vec<&[u8]> = meta[parents..].split(|b| *b == b' ').collect();
    if parents == 0 || fields.len() < 2 * (parents + 1) + 1 {
        return None;
    }
    let mode = parse_mode(fields[parents])?;
    let blob = Oid::from_hex(fields[2 * parents + 1])?;
    let status = fields[2 * (parents + 1)];
    let deleted = status.first() == Some(&b'D') || mode == 0;
    Some((mode, blob, deleted))
}
