//! Objects by id from one long-lived `git cat-file` process: `BlobReader` answers one request at
//! a time (reading a few files of another revision), `BlobStream` streams many objects in the
//! order asked for (a history scan), with a thread feeding the ids so that neither side waits
//! on a full pipe.
//!
//! git inflates and resolves deltas with its delta-base cache; this side only copies bytes.

use super::{GitError, Oid, Repo};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::thread::JoinHandle;

/// `git cat-file` with bounded memory: git maps pack files in windows, by default up to 8 GiB
/// of them, which a history read touches whole (its resident size then counts the pack); 64 MiB of
/// 16 MiB windows read as fast here (docs/decisions/0005) at half the peak.
fn cat_file(repo: &Repo) -> std::process::Command {
    let mut command = repo.command();
    command.args([
        "-c",
        "core.packedGitLimit=64m",
        "-c",
        "core.packedGitWindowSize=16m",
        "cat-file",
    ]);
    command
}

fn spawn(repo: &Repo, mode: &str) -> Result<Child, GitError> {
    let mut command = cat_file(repo);
    command
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
        .spawn()
        .map_err(|error| GitError(format!("git could not be run: {error}")))
}

fn broken(what: &str) -> GitError {
    GitError(format!("git cat-file: {what}"))
}

/// `<oid> SP <type> SP <size>` or `<name> SP missing` (also `ambiguous`): the object's id, its
/// type and size, or None when it is not there.
fn parse_header(line: &[u8]) -> Result<(Oid, Option<(String, u64)>), GitError> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let mut fields = line.split(|b| *b == b' ');
    let oid = fields.next().and_then(Oid::from_hex);
    let kind = fields.next().map(|k| String::from_utf8_lossy(k).into_owned());
    let size = fields
        .next()
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse::<u64>().ok());
    match (oid, kind, size) {
        (Some(oid), Some(kind), Some(size)) => Ok((oid, Some((kind, size)))),
        (Some(oid), Some(_), None) => Ok((oid, None)),
        _ => Err(broken(&format!(
            "unexpected answer `{}`",
            String::from_utf8_lossy(line)
        ))),
    }
}

/// One answer of `--batch`: the id asked for, and the object's type and contents when the
/// repository has it.
type Answer = (Oid, Option<(String, Vec<u8>)>);

/// Reads one answer of `--batch`: the header, then `size` bytes and a line feed; None at the end.
fn read_object(out: &mut impl BufRead) -> Result<Option<Answer>, GitError> {
    match read_bounded(out, u64::MAX)? {
        None => Ok(None),
        Some((oid, Object::Bytes(kind, bytes))) => Ok(Some((oid, Some((kind, bytes))))),
        Some((oid, _)) => Ok(Some((oid, None))),
    }
}

/// An object as a bounded read gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// Its type and contents.
    Bytes(String, Vec<u8>),
    /// Larger than the bound: its size; the contents were read past, never held.
    TooLarge(u64),
    /// The repository does not have it.
    Missing,
}

/// Reads one answer of `--batch`, holding at most `limit` bytes of contents.
fn read_bounded(out: &mut impl BufRead, limit: u64) -> Result<Option<(Oid, Object)>, GitError> {
    let mut header = Vec::with_capacity(96);
    let read = out
        .read_until(b'\n', &mut header)
        .map_err(|error| broken(&error.to_string()))?;
    if read == 0 {
        return Ok(None);
    }
    let (oid, found) = parse_header(&header)?;
    let Some((kind, size)) = found else {
        return Ok(Some((oid, Object::Missing)));
    };
    let cut = |error: std::io::Error| broken(&format!("object {oid} cut short: {error}"));
    if size > limit {
        let skipped =
            std::io::copy(&mut Read::take(&mut *out, size + 1), &mut std::io::sink()).map_err(cut)?;
        if skipped != size + 1 {
            return Err(broken(&format!("object {oid} cut short")));
        }
        return Ok(Some((oid, Object::TooLarge(size))));
    }
    let size = usize::try_from(size).map_err(|_| broken("object too large for this platform"))?;
    let mut bytes = vec![0u8; size];
    out.read_exact(&mut bytes).map_err(cut)?;
    let mut newline = [0u8; 1];
    out.read_exact(&mut newline).map_err(cut)?;
    Ok(Some((oid, Object::Bytes(kind, bytes))))
}

/// Feeds ids to a `cat-file` process on a thread of its own.
fn feed(stdin: ChildStdin, ids: Vec<Oid>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut input = BufWriter::with_capacity(64 * 1024, stdin);
        for oid in ids {
            // The reader stopped (and killed git): nothing more to write.
            if writeln!(input, "{oid}").is_err() {
                return;
            }
        }
        // Dropping stdin ends git's input: it answers what is left and exits.
        let _ = input.flush();
    })
}

/// Blobs by id, one request at a time, on one process for the reader's lifetime.
pub struct BlobReader {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl BlobReader {
    pub(super) fn start(repo: &Repo) -> Result<BlobReader, GitError> {
        let mut child = spawn(repo, "--batch")?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(broken("no pipes"));
        };
        Ok(BlobReader {
            child,
            input: BufWriter::new(stdin),
            output: BufReader::with_capacity(64 * 1024, stdout),
        })
    }

    /// The contents of the blob `oid`; None when the repository does not have it, or when it
    /// names another kind of object.
    pub fn read(&mut self, oid: &Oid) -> Result<Option<Vec<u8>>, GitError> {
        writeln!(self.input, "{oid}").map_err(|e| broken(&e.to_string()))?;
        self.input.flush().map_err(|e| broken(&e.to_string()))?;
        match read_object(&mut self.output)? {
            Some((_, Some((kind, bytes)))) if kind == "blob" => Ok(Some(bytes)),
            Some(_) => Ok(None),
            None => Err(broken("ended early")),
        }
    }

    /// The contents of several blobs, in the order asked (None for those missing).
    #[cfg(test)]
    pub fn read_many(&mut self, oids: &[Oid]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
        oids.iter().map(|oid| self.read(oid)).collect()
    }
}

impl Drop for BlobReader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Many objects streamed in the order their ids were given: an iterator of `(id, object)`.
/// At most one object, of at most `limit` bytes, is held here at a time; git's side keeps its
/// own bounded caches.
pub struct BlobStream {
    child: Child,
    output: BufReader<ChildStdout>,
    writer: Option<JoinHandle<()>>,
    remaining: usize,
    limit: u64,
}

impl BlobStream {
    /// Streams `ids`; objects larger than `limit` bytes come as `Object::TooLarge`.
    pub fn start(repo: &Repo, ids: Vec<Oid>, limit: u64) -> Result<BlobStream, GitError> {
        let mut command = cat_file(repo);
        command
            .args(["--batch", "--buffer"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = command
            .spawn()
            .map_err(|error| GitError(format!("git could not be run: {error}")))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(broken("no pipes"));
        };
        let remaining = ids.len();
        let writer = feed(stdin, ids);
        Ok(BlobStream {
            child,
            output: BufReader::with_capacity(256 * 1024, stdout),
            writer: Some(writer),
            remaining,
            limit,
        })
    }
}

impl Iterator for BlobStream {
    type Item = Result<(Oid, Object), GitError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        match read_bounded(&mut self.output, self.limit) {
            Ok(Some(answer)) => Some(Ok(answer)),
            Ok(None) => {
                self.remaining = 0;
                Some(Err(broken("ended before every object was read")))
            }
            Err(error) => {
                self.remaining = 0;
                Some(Err(error))
            }
        }
    }
}

impl Drop for BlobStream {
    fn drop(&mut self) {
        // Stopped early: git may be blocked writing; end it before waiting for the feeder.
        if self.remaining > 0 {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}
