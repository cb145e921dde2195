//! Which files a branch changed, for `--changed-since`: the diff against the merge base, plus
//! uncommitted and untracked files.

use crate::error::AppError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A git command on `dir` that cannot write, prompt, fetch or run repository-configured programs.
fn git(dir: &Path) -> Command {
    super::command(dir)
}

fn run(mut command: Command, what: &str) -> Result<Vec<u8>, AppError> {
    let output = command.output().map_err(|error| {
        AppError::Usage(format!(
            "--changed-since needs git, which could not be run: {error}"
        ))
    })?;
    if !output.status.success() {
        // `rev-parse --quiet` says nothing: the message then ends with what failed.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let detail = stderr.trim();
        return Err(AppError::Usage(if detail.is_empty() {
            format!("--changed-since: {what}")
        } else {
            format!("--changed-since: {what}: {detail}")
        }));
    }
    Ok(output.stdout)
}

/// The repository's top directory, canonical.
fn toplevel(dir: &Path) -> Result<PathBuf, AppError> {
    let mut command = git(dir);
    command.args(["rev-parse", "--show-toplevel"]);
    let out = run(command, &format!("{} is not in a git repository", dir.display()))?;
    let text = String::from_utf8_lossy(&out);
    let top = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    Ok(top.canonicalize().unwrap_or(top))
}

/// NUL-separated paths relative to `top`, made absolute.
fn paths<'a>(top: &'a Path, out: &'a [u8]) -> impl Iterator<Item = PathBuf> + 'a {
    out.split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(move |p| top.join(String::from_utf8_lossy(p).as_ref()))
}

/// Files changed since `rev` in the repositories holding `roots`, as absolute paths: what the
/// branch changed since it forked from `rev` (their merge base), plus uncommitted and untracked
/// files, deleted files included.
pub fn changed_files(roots: &[PathBuf], rev: &str) -> Result<BTreeSet<PathBuf>, AppError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(AppError::Usage(format!(
            "--changed-since expects a git revision, got `{rev}`"
        )));
    }
    let mut tops = BTreeSet::new();
    for root in roots {
        let dir = if root.is_file() {
            root.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            root.clone()
        };
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        tops.insert(toplevel(&dir)?);
    }
    let mut changed = BTreeSet::new();
    for top in &tops {
        let mut verify = git(top);
        verify.args(["rev-parse", "--verify", "--quiet", "--end-of-options"]);
        verify.arg(format!("{rev}^{{commit}}"));
        let commit = run(verify, &format!("`{rev}` is not a commit in {}", top.display()))?;
        let commit = String::from_utf8_lossy(&commit).trim().to_string();
        // Compare with the merge base, so commits that landed on `rev` since the branch forked
        // do not count as this branch's changes. Unrelated histories fall back to `rev` itself.
        let mut merge_base = git(top);
        merge_base.args(["merge-base", &commit, "HEAD"]);
        let base = merge_base
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|b| !b.is_empty())
            .unwrap_or(commit);
        let mut diff = git(top);
        diff.args([
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--ignore-submodules",
            &base,
            "--",
        ]);
        let out = run(diff, "cannot list changed files")?;
        changed.extend(paths(top, &out));
        let mut untracked = git(top);
        untracked.args(["ls-files", "-z", "--others", "--exclude-standard"]);
        let out = run(untracked, "cannot list untracked files")?;
        changed.extend(paths(top, &out));
    }
    Ok(changed)
}
