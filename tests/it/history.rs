//! `scan --history`: repositories built here with the `git` command, each with one way a secret
//! lives in history (deleted, still present, renamed, force-added, on a branch never merged, in
//! a shallow clone), and baselines that must hold across new commits.

use crate::support::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

// Secrets in each vendor's format, made up for these tests.
pub const AWS_ID: &str = "AKIA2QXB7LMRT5WZ9KCD";
pub const AWS_SECRET: &str = "hX9rQ2mLk8vT4pZ7wN3sB6yF1cJ5gD0aE8uR2iOq";
pub const PASSWORD: &str = "Tq7#vRz2Lm9Wx4";
pub const GITHUB: &str = "ghp_N4bX8qL2mZ7vR5tK9wY3sD6fH1jP0cA8eU2i";
pub const PASSWORD_2: &str = "Yk3$pWn8Rb5Qs1";

/// A repository in a temporary directory whose commits have fixed dates, one hour apart.
pub struct Repo {
    pub dir: tempfile::TempDir,
    clock: i64,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repo = Repo {
            dir,
            clock: 1_704_067_200,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args, self.clock)
    }

    pub fn write(&self, path: &str, text: &str) {
        let file = self.path().join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(file, text).unwrap_or_else(|e| panic!("{e}"));
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    }

    /// Commits every change of the work tree; the new commit's id.
    pub fn commit(&mut self, message: &str) -> String {
        self.clock += 3600;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// `apiaudit scan . ARGS -f json` in the repository.
    pub fn scan(&self, args: &[&str]) -> Value {
        let output = apiaudit()
            .current_dir(self.path())
            .args(["scan", ".", "-f", "json", "--no-progress"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let exit = code(&output);
        assert!(
            exit == 0 || exit == 1,
            "scan {args:?} exited {exit}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("no JSON ({e})"))
    }
}

fn git_in(dir: &Path, args: &[&str], clock: i64) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Dev", "-c", "user.email=dev@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", format!("@{clock} +0800"))
        .env("GIT_COMMITTER_DATE", format!("@{clock} +0800"))
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn aws_env() -> String {
    format!("AWS_ACCESS_KEY_ID={AWS_ID}\nAWS_SECRET_ACCESS_KEY={AWS_SECRET}\n")
}

fn properties(password: &str) -> String {
    format!("server.port=8080\nspring.datasource.password={password}\n")
}

/// Findings of `rule` at `path`.
fn at<'a>(report: &'a Value, rule: &str, path: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == rule && f["path"] == path)
        .collect()
}

fn one<'a>(report: &'a Value, rule: &str, path: &str) -> &'a Value {
    let found = at(report, rule, path);
    assert_eq!(
        found.len(),
        1,
        "{rule} at {path}: {found:#?}\nall: {:#?}",
        report["findings"]
    );
    found[0]
}

#[test]
fn a_key_committed_then_deleted_is_found_with_its_commit_and_the_fix_to_rotate_it() {
    let mut repo = Repo::new();
    repo.write("README.md", "# service\n");
    repo.commit("init");
    repo.write("deploy/aws.env", &aws_env());
    let introduced = repo.commit("add deploy credentials");
    repo.remove("deploy/aws.env");
    repo.commit("remove credentials");
    // The work tree alone has nothing.
    assert!(at(&repo.scan(&[]), "KEY004", "deploy/aws.env").is_empty());
    let report = repo.scan(&["--history"]);
    // The key ID on line 1 and the secret access key on line 2, both from the same commit.
    let found = at(&report, "KEY004", "deploy/aws.env");
    assert_eq!(found.len(), 2, "{:#?}", report["findings"]);
    assert_eq!(
        (found[0]["line"].clone(), found[1]["line"].clone()),
        (1.into(), 2.into())
    );
    for finding in found {
        assert_eq!(finding["commit"], introduced.as_str());
        assert_eq!(finding["in_head"], false);
        assert_eq!(finding["commit_date"], "2024-01-01T10:00:00+08:00");
        assert_eq!(
            finding["help"],
            "rotate the credential; rewriting history does not revoke it"
        );
    }
    let history = &report["summary"]["history"];
    assert_eq!(history["commits"], 3);
    assert_eq!(history["shallow"], false);
}

#[test]
fn a_key_still_present_is_reported_once_with_the_plain_scans_fingerprint() {
    let mut repo = Repo::new();
    repo.write("src/main/resources/application.properties", &properties(PASSWORD));
    let introduced = repo.commit("config");
    // Later edits of the file make new blobs that still hold the same secret.
    repo.write(
        "src/main/resources/application.properties",
        &format!("# prod\n{}", properties(PASSWORD)),
    );
    repo.commit("comment");
    let path = "src/main/resources/application.properties";
    let plain = repo.scan(&[]);
    let plain_finding = one(&plain, "KEY003", path);
    assert!(plain_finding.get("commit").is_none());
    let report = repo.scan(&["--history"]);
    let finding = one(&report, "KEY003", path);
    assert_eq!(finding["in_head"], true);
    assert_eq!(finding["commit"], introduced.as_str());
    assert_eq!(finding["fingerprint"], plain_finding["fingerprint"]);
    // Reported where the work tree has it, with the rule's own fix.
    assert_eq!(finding["line"], plain_finding["line"]);
    assert!(finding.get("help").is_none());
}

#[test]
fn a_key_moved_in_a_rename_commit_is_found_at_both_paths_and_is_still_in_head() {
    let mut repo = Repo::new();
    repo.write("config/app.properties", &properties(PASSWORD));
    let first = repo.commit("config");
    std::fs::create_dir_all(repo.path().join("conf")).unwrap_or_else(|e| panic!("{e}"));
    repo.git(&["mv", "config/app.properties", "conf/service.properties"]);
    let renamed = repo.commit("rename");
    let report = repo.scan(&["--history"]);
    let old = one(&report, "KEY003", "config/app.properties");
    let new = one(&report, "KEY003", "conf/service.properties");
    assert_eq!(old["commit"], first.as_str());
    assert_eq!(new["commit"], renamed.as_str());
    // The secret is still checked out (at its new path): no "only in history" fix.
    assert_eq!(old["in_head"], true);
    assert_eq!(new["in_head"], true);
    assert!(old.get("help").is_none());
    let plain = repo.scan(&[]);
    assert_eq!(
        new["fingerprint"],
        one(&plain, "KEY003", "conf/service.properties")["fingerprint"]
    );
}

#[test]
fn a_force_added_dot_env_is_found_while_present_and_after_removal() {
    let mut repo = Repo::new();
    repo.write(".gitignore", ".env\n");
    repo.write(".env", &aws_env());
    repo.git(&["add", ".gitignore"]);
    repo.git(&["add", "-f", ".env"]);
    let added = repo.commit("force-add .env");
    // Still present: checked out although ignore rules hide it from the walk of the tree.
    let report = repo.scan(&["--history"]);
    let present = &at(&report, "KEY004", ".env");
    assert!(!present.is_empty(), "{:#?}", report["findings"]);
    assert!(present
        .iter()
        .all(|f| f["in_head"] == true && f["commit"] == added.as_str()));
    repo.git(&["rm", "-q", "--cached", ".env"]);
    repo.remove(".env");
    repo.commit("remove .env");
    let report = repo.scan(&["--history"]);
    let gone = at(&report, "KEY004", ".env");
    assert_eq!(gone.len(), 2, "{:#?}", report["findings"]);
    assert!(gone
        .iter()
        .all(|f| f["in_head"] == false && f["commit"] == added.as_str()));
}

#[test]
fn a_secret_on_a_branch_never_merged_is_found_and_a_range_can_leave_it_out() {
    let mut repo = Repo::new();
    repo.write("README.md", "# service\n");
    let base = repo.commit("init");
    repo.git(&["checkout", "-q", "-b", "experiment"]);
    repo.write(
        "scripts/release.sh",
        &format!("#!/bin/sh\nexport GITHUB_TOKEN={GITHUB}\n"),
    );
    let branch_commit = repo.commit("release script");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "# service\n\nDocs.\n");
    repo.commit("docs");
    let report = repo.scan(&["--history"]);
    let finding = one(&report, "KEY004", "scripts/release.sh");
    assert_eq!(finding["commit"], branch_commit.as_str());
    assert_eq!(finding["in_head"], false);
    // Only main's commits since the base: the branch is not in the range.
    let range = format!("--history={base}..main");
    let report = repo.scan(&[&range]);
    assert!(at(&report, "KEY004", "scripts/release.sh").is_empty());
    assert_eq!(report["summary"]["history"]["range"], format!("{base}..main"));
    assert_eq!(report["summary"]["history"]["commits"], 1);
}

#[test]
fn a_range_skips_blobs_that_exist_before_it() {
    let mut repo = Repo::new();
    repo.write("app.properties", &properties(PASSWORD));
    let start = repo.commit("old secret");
    repo.write("app.properties", "server.port=8080\n");
    repo.write("other.properties", &properties(PASSWORD_2));
    repo.commit("new secret elsewhere");
    let report = repo.scan(&[&format!("--history={start}..HEAD")]);
    let new = one(&report, "KEY003", "other.properties");
    assert_eq!(new["in_head"], true);
    assert!(at(&report, "KEY003", "app.properties").is_empty());
}

#[test]
fn a_shallow_clone_is_scanned_as_far_as_it_goes_and_says_so() {
    let mut origin = Repo::new();
    origin.write("old.properties", &properties(PASSWORD));
    origin.commit("old secret");
    origin.remove("old.properties");
    origin.commit("removed");
    origin.write("app.properties", &properties(PASSWORD_2));
    origin.commit("current secret");
    let clone = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = clone.path().join("shallow");
    let url = format!("file://{}", origin.path().display());
    git_in(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, target.to_str().unwrap_or("")],
        0,
    );
    let output = apiaudit()
        .current_dir(&target)
        .args(["scan", ".", "--history", "-f", "json", "--no-progress"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["summary"]["history"]["shallow"], true);
    assert_eq!(report["summary"]["history"]["commits"], 1);
    let current = one(&report, "KEY003", "app.properties");
    assert_eq!(current["in_head"], true);
    assert!(at(&report, "KEY003", "old.properties").is_empty());
    let note = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["rule"] == "META001")
        .unwrap_or_else(|| panic!("no META001 note: {:#?}", report["findings"]));
    assert!(note["message"].as_str().unwrap_or("").contains("shallow clone"));
    // The text summary says so too.
    let text = apiaudit()
        .current_dir(&target)
        .args(["scan", ".", "--history", "--no-progress", "--color", "never"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("shallow clone"), "{text}");
}

#[test]
fn a_baseline_written_with_history_holds_after_new_commits_and_a_new_secret_is_reported() {
    let mut repo = Repo::new();
    repo.write("deploy/aws.env", &aws_env());
    repo.write("app.properties", &properties(PASSWORD));
    repo.commit("secrets");
    repo.remove("deploy/aws.env");
    repo.commit("remove aws");
    let baseline = repo.path().join("../history-baseline.json");
    let baseline_arg = baseline.to_str().unwrap_or("");
    let first = repo.scan(&["--history", "--write-baseline", baseline_arg]);
    let accepted = first["findings"].as_array().map_or(0, Vec::len);
    assert!(accepted >= 3, "{:#?}", first["findings"]);
    // New commits: unrelated edits (which make new blobs of the same files), then a new secret.
    repo.write("app.properties", &format!("# tuned\n{}", properties(PASSWORD)));
    repo.write("README.md", "# service\n");
    repo.commit("docs and tuning");
    repo.write("jobs/sync.properties", &properties(PASSWORD_2));
    let new_commit = repo.commit("sync job");
    let report = repo.scan(&["--history", "--baseline", baseline_arg]);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["path"], "jobs/sync.properties");
    assert_eq!(findings[0]["commit"], new_commit.as_str());
    let summary = &report["summary"]["baseline"];
    assert_eq!(summary["suppressed"], accepted as u64);
    assert_eq!(summary["stale"].as_array().map_or(0, Vec::len), 0);
    // The plain scan's baseline entry covers the same secret in history too.
    let plain_baseline = repo.path().join("../plain-baseline.json");
    let plain_arg = plain_baseline.to_str().unwrap_or("");
    repo.scan(&["--write-baseline", plain_arg]);
    let report = repo.scan(&["--history", "--baseline", plain_arg]);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(paths.iter().all(|p| *p == "deploy/aws.env"), "{paths:?}");
}

#[test]
fn a_blobs_own_ignore_comment_applies_to_it_and_the_work_trees_do_not() {
    let mut repo = Repo::new();
    repo.write(
        "it/app.properties",
        &format!(
            "# apiaudit:ignore KEY003 -- embedded test database\nspring.datasource.password={PASSWORD}\n"
        ),
    );
    repo.write("app.properties", &properties(PASSWORD_2));
    repo.commit("config");
    // The work tree's version of app.properties gets a comment; its history does not have it.
    repo.remove("it/app.properties");
    repo.write(
        "app.properties",
        "# apiaudit:ignore KEY003 -- rotated, see ticket 42\nspring.datasource.password=${DB_PASSWORD}\n",
    );
    repo.commit("fix");
    let report = repo.scan(&["--history"]);
    assert!(at(&report, "KEY003", "it/app.properties").is_empty());
    let suppressed: Vec<&Value> = report["suppressed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["path"] == "it/app.properties")
        .collect();
    assert_eq!(suppressed.len(), 1, "{:#?}", report["suppressed"]);
    assert_eq!(suppressed[0]["suppression"]["reason"], "embedded test database");
    let old = one(&report, "KEY003", "app.properties");
    assert_eq!(old["in_head"], false);
}

#[test]
fn history_output_is_the_same_whatever_the_thread_count() {
    let mut repo = Repo::new();
    for index in 0..12 {
        repo.write(
            &format!("svc{index}/app.properties"),
            &properties(&format!("Zp{index}x#Q7mT2vR9")),
        );
        repo.commit(&format!("service {index}"));
    }
    repo.remove("svc3/app.properties");
    repo.commit("remove 3");
    let one_thread = repo.scan(&["--history", "-j", "1"]);
    let two_threads = repo.scan(&["--history", "-j", "2"]);
    assert_eq!(one_thread, two_threads);
    assert_eq!(
        at(&one_thread, "KEY003", "svc3/app.properties")[0]["in_head"],
        false
    );
}

#[test]
fn history_outside_a_git_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.txt"), "x\n").unwrap_or_else(|e| panic!("{e}"));
    let output = apiaudit()
        .current_dir(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().unwrap_or(dir.path()),
        )
        .args(["scan", ".", "--history", "--no-progress"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&output), 2, "{}", String::from_utf8_lossy(&output.stderr));
    let repo = Repo::new();
    repo.write("a.txt", "x\n");
    let output = apiaudit()
        .current_dir(repo.path())
        .args(["scan", ".", "--history=no-such-branch..HEAD", "--no-progress"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&output), 2, "{}", String::from_utf8_lossy(&output.stderr));
}

/// A repository whose history holds the test secrets, some deleted, for the leak test.
pub fn repo_with_history_secrets() -> (Repo, Vec<&'static str>) {
    let mut repo = Repo::new();
    repo.write("deploy/aws.env", &aws_env());
    repo.write("app.properties", &properties(PASSWORD));
    repo.write("scripts/release.sh", &format!("export GITHUB_TOKEN={GITHUB}\n"));
    repo.commit("secrets");
    repo.remove("deploy/aws.env");
    repo.remove("scripts/release.sh");
    repo.write("jobs/sync.properties", &properties(PASSWORD_2));
    repo.commit("more");
    (repo, vec![AWS_ID, AWS_SECRET, PASSWORD, GITHUB, PASSWORD_2])
}
