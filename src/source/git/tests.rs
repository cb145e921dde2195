//! The git plumbing against repositories built here with the `git` command.

use super::*;
use std::path::Path;
use std::process::Command;

/// A repository in a temporary directory, with commits at fixed dates.
pub(crate) struct TestRepo {
    pub dir: tempfile::TempDir,
    clock: i64,
}

impl TestRepo {
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repo = TestRepo {
            dir,
            clock: 1_700_000_000,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args([
                "-c",
                "user.name=T",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", format!("@{} +0800", self.clock))
            .env("GIT_COMMITTER_DATE", format!("@{} +0800", self.clock))
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn write(&self, path: &str, text: &str) {
        let file = self.path().join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(file, text).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Commits everything (deletions too) one hour after the previous commit; the new id.
    pub fn commit(&mut self, message: &str) -> String {
        self.clock += 3600;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    pub fn blob(&self, rev_path: &str) -> Oid {
        Oid::from_hex(self.git(&["rev-parse", rev_path]).as_bytes()).unwrap_or_else(|| panic!("{rev_path}"))
    }

    pub fn repo(&self) -> Repo {
        Repo::discover(self.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("not a repository"))
    }
}

fn oid(hex: &str) -> Oid {
    Oid::from_hex(hex.as_bytes()).unwrap_or_else(|| panic!("{hex}"))
}

#[test]
fn object_ids_round_trip_both_hash_sizes() {
    let sha1 = "0f5088aadccf4f71690f0116ca9aeed20669589b";
    assert_eq!(oid(sha1).to_hex(), sha1);
    let sha256 = "a".repeat(64);
    assert_eq!(oid(&sha256).as_bytes().len(), 32);
    assert!(Oid::from_hex(b"0f5088aa").is_none());
    assert!(Oid::from_hex(&[b'g'; 40]).is_none());
    assert!(oid(&"0".repeat(40)).is_null());
}

#[test]
fn a_directory_outside_any_repository_has_none() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // A repository further up (the build's own checkout) must not be found from /tmp.
    if Repo::discover(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .is_none()
    {
        return;
    }
    let mut probe = Command::new("git");
    probe
        .arg("-C")
        .arg(dir.path())
        .args(["rev-parse", "--show-toplevel"]);
    let out = probe.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "discover found a repository git does not see"
    );
}

#[test]
fn tracked_files_include_force_added_ignored_files_and_not_untracked_ones() {
    let mut t = TestRepo::new();
    t.write(".gitignore", ".env\n");
    t.write("src/app.py", "print(1)\n");
    t.write(".env", "TOKEN=x\n");
    t.git(&["add", "-f", ".env"]);
    t.commit("one");
    t.write("untracked.txt", "new\n");
    t.write("src/staged.txt", "staged\n");
    t.git(&["add", "src/staged.txt"]);
    let repo = t.repo();
    let tracked = repo.tracked_files(None).unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&str> = tracked.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, [".env", ".gitignore", "src/app.py", "src/staged.txt"]);
    assert!(tracked.iter().all(TreeEntry::is_file));
    // Below a directory, paths still from the top; a blob reads back by its id.
    let under = repo
        .tracked_files(Some(Path::new("src")))
        .unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&str> = under.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["src/app.py", "src/staged.txt"]);
    let mut reader = repo.blob_reader().unwrap_or_else(|e| panic!("{e}"));
    let staged = reader.read(&under[1].oid).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(staged.as_deref(), Some(&b"staged\n"[..]));
}

#[test]
fn list_tree_reads_an_older_revision_without_checking_it_out() {
    let mut t = TestRepo::new();
    t.write("a.yaml", "v: 1\n");
    t.write("dir/b.txt", "b\n");
    let first = t.commit("one");
    t.write("a.yaml", "v: 2\n");
    std::fs::remove_file(t.path().join("dir/b.txt")).unwrap_or_else(|e| panic!("{e}"));
    t.commit("two");
    let repo = t.repo();
    let entries = repo.list_tree(&first).unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["a.yaml", "dir/b.txt"]);
    assert!(entries.iter().all(TreeEntry::is_file));
    let mut reader = repo.blob_reader().unwrap_or_else(|e| panic!("{e}"));
    let texts = reader
        .read_many(&entries.iter().map(|e| e.oid).collect::<Vec<_>>())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(texts[0].as_deref(), Some(&b"v: 1\n"[..]));
    assert_eq!(texts[1].as_deref(), Some(&b"b\n"[..]));
    // The work tree is untouched.
    assert_eq!(
        std::fs::read_to_string(t.path().join("a.yaml")).unwrap_or_default(),
        "v: 2\n"
    );
    assert_eq!(repo.resolve_commit("HEAD~1").map(Oid::to_hex), Ok(first.clone()));
    assert!(repo.resolve_commit("no-such-rev").is_err());
    assert!(repo.list_tree("-bad").is_err());
    assert!(repo.list_tree("no-such-rev").is_err());
}

#[test]
fn blob_reader_says_none_for_missing_objects_and_keeps_going() {
    let mut t = TestRepo::new();
    t.write("a.txt", "alpha\n");
    t.commit("one");
    let repo = t.repo();
    let mut reader = repo.blob_reader().unwrap_or_else(|e| panic!("{e}"));
    let missing = oid(&"1".repeat(40));
    assert_eq!(reader.read(&missing).unwrap_or_else(|e| panic!("{e}")), None);
    let blob = t.blob("HEAD:a.txt");
    assert_eq!(
        reader.read(&blob).unwrap_or_else(|e| panic!("{e}")).as_deref(),
        Some(&b"alpha\n"[..])
    );
    // A commit id is not a blob.
    let commit = t.blob("HEAD");
    assert_eq!(reader.read(&commit).unwrap_or_else(|e| panic!("{e}")), None);
}

#[test]
fn blob_stream_answers_in_order_and_skips_past_large_objects() {
    let mut t = TestRepo::new();
    let big = "x".repeat(200_000);
    t.write("big.txt", &big);
    t.write("small.txt", "s\n");
    t.commit("one");
    let repo = t.repo();
    let ids = vec![
        t.blob("HEAD:small.txt"),
        oid(&"2".repeat(40)),
        t.blob("HEAD:big.txt"),
    ];
    let streamed: Vec<(Oid, Object)> = BlobStream::start(&repo, ids.clone(), 100_000)
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        streamed,
        [
            (ids[0], Object::Bytes("blob".into(), b"s\n".to_vec())),
            (ids[1], Object::Missing),
            (ids[2], Object::TooLarge(200_000)),
        ]
    );
    // The stream goes on after a skipped object: the same ids again, the large one read.
    let again: Vec<(Oid, Object)> = BlobStream::start(&repo, vec![ids[2], ids[0]], u64::MAX)
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(&again[0].1, Object::Bytes(_, bytes) if bytes.len() == 200_000));
    assert_eq!(again[1].1, Object::Bytes("blob".into(), b"s\n".to_vec()));
    // Stopping early ends git without hanging.
    let mut stream = BlobStream::start(&repo, ids, u64::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert!(stream.next().is_some());
    drop(stream);
}

/// (path, blob, commit) of every change the walk kept, sorted.
fn changes(history: &History) -> Vec<(String, Oid, Oid)> {
    let mut out: Vec<(String, Oid, Oid)> = history
        .changes
        .iter()
        .map(|c| {
            (
                history.path(c).to_string(),
                c.blob,
                history
                    .commits
                    .get(c.commit as usize)
                    .map_or(c.blob, |commit| commit.id),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_walk_attributes_each_blob_to_the_commit_that_introduced_it_at_each_path() {
    let mut t = TestRepo::new();
    t.write("a.txt", "one\n");
    t.write("old/name.txt", "moved\n");
    let c1 = oid(&t.commit("one"));
    t.write("a.txt", "two\n");
    let c2 = oid(&t.commit("two"));
    std::fs::create_dir_all(t.path().join("new")).unwrap_or_else(|e| panic!("{e}"));
    t.git(&["mv", "old/name.txt", "new/name.txt"]);
    let c3 = oid(&t.commit("rename"));
    // A branch never merged, and a merge that adds a file of its own (an "evil" merge).
    t.git(&["checkout", "-q", "-b", "side"]);
    t.write("side.txt", "side\n");
    let c4 = oid(&t.commit("side"));
    t.git(&["checkout", "-q", "main"]);
    t.git(&["checkout", "-q", "-b", "topic"]);
    t.write("topic.txt", "topic\n");
    let c5 = oid(&t.commit("topic"));
    t.git(&["checkout", "-q", "main"]);
    t.git(&["merge", "-q", "--no-ff", "--no-commit", "topic"]);
    t.write("evil.txt", "evil\n");
    let c6 = oid(&t.commit("merge"));
    // Going back to an old version: the blob keeps its first commit.
    t.write("a.txt", "one\n");
    t.commit("revert");
    std::fs::remove_file(t.path().join("side.txt")).ok();
    t.write("link-target", "x\n");
    std::os::unix::fs::symlink("link-target", t.path().join("link")).unwrap_or_else(|e| panic!("{e}"));
    t.commit("symlink");
    let history = HistoryWalk::default()
        .run(&t.repo())
        .unwrap_or_else(|e| panic!("{e}"));
    let link_commit = history.commits[0].id;
    let mut expected = vec![
        ("a.txt".to_string(), t.blob(&format!("{c1}:a.txt")), c1),
        ("a.txt".to_string(), t.blob(&format!("{c2}:a.txt")), c2),
        (
            "old/name.txt".to_string(),
            t.blob(&format!("{c1}:old/name.txt")),
            c1,
        ),
        (
            "new/name.txt".to_string(),
            t.blob(&format!("{c3}:new/name.txt")),
            c3,
        ),
        ("side.txt".to_string(), t.blob(&format!("{c4}:side.txt")), c4),
        ("topic.txt".to_string(), t.blob(&format!("{c5}:topic.txt")), c5),
        ("evil.txt".to_string(), t.blob(&format!("{c6}:evil.txt")), c6),
        ("link-target".to_string(), t.blob("HEAD:link-target"), link_commit),
    ];
    expected.sort();
    assert_eq!(changes(&history), expected);
    assert!(history
        .commits
        .iter()
        .all(|c| c.date.starts_with("2023-11-") && c.date.ends_with("+08:00")));
}

#[test]
fn a_range_keeps_only_blobs_new_in_it_and_pathspecs_narrow_the_walk() {
    let mut t = TestRepo::new();
    t.write("svc/a.txt", "one\n");
    t.write("other/b.txt", "b\n");
    let c1 = t.commit("one");
    t.write("svc/a.txt", "two\n");
    t.commit("two");
    t.write("svc/a.txt", "one\n");
    t.write("svc/c.txt", "c\n");
    let c3 = oid(&t.commit("back to one, and c"));
    let walk = HistoryWalk {
        range: Some(format!("{c1}..HEAD")),
        pathspecs: vec!["svc".into()],
    };
    let history = walk.run(&t.repo()).unwrap_or_else(|e| panic!("{e}"));
    let found = changes(&history);
    let paths: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    // svc/a.txt "two" and svc/c.txt; "one" is reachable from the range's start.
    assert_eq!(paths, ["svc/a.txt", "svc/c.txt"]);
    assert_eq!(found[1].2, c3);
    let all = HistoryWalk {
        range: None,
        pathspecs: vec!["other".into()],
    };
    let history = all.run(&t.repo()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changes(&history).len(), 1);
    let bad = HistoryWalk {
        range: Some("no-such-branch..HEAD".into()),
        pathspecs: Vec::new(),
    };
    assert!(bad.run(&t.repo()).is_err());
}

#[test]
fn the_log_parser_reads_combined_diffs_and_rejects_garbage() {
    let zeros = "0".repeat(40);
    let a = "a".repeat(40);
    let b = "b".repeat(40);
    let text = format!(
        "\u{1}{a} 1700000000 2023-11-14T22:13:20+00:00\0\n:000000 100644 {zeros} {b} A\0dir/new.txt\0\
         :100644 000000 {b} {zeros} D\0gone.txt\0\
         \u{1}{b} 1600000000 2020-09-13T12:26:40+00:00\0\0::100644 100644 100644 {zeros} {zeros} {a} MM\0merged.txt\0"
    );
    let history = log::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(history.commits.len(), 2);
    let paths: Vec<&str> = history.changes.iter().map(|c| history.path(c)).collect();
    assert_eq!(paths, ["dir/new.txt", "merged.txt"]);
    assert_eq!(history.changes[1].blob, oid(&a));
    assert_eq!(history.changes[1].commit, 1);
    assert!(log::parse(&b"garbage\0"[..]).is_err());
    assert!(log::parse(&b"\x01not a header\0"[..]).is_err());
}
