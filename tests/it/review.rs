//! `apiaudit review --base REV` on repositories built here with `git`: the demo bank's second
//! revision on a branch (one finding of each change rule, the interface changelog, the
//! merge-request comment in both languages, `inventory --base`), a change that touches no spec,
//! and revisions that do not exist.

use crate::fixtures::copy_tree;
use crate::history::Repo;
use crate::support::*;
use serde_json::Value;
use std::process::Output;

/// The demo bank committed on `main`, and its second revision committed on a branch checked
/// out.
fn demo_repo() -> Repo {
    let mut repo = Repo::new();
    copy_tree(&root().join("testdata/projects/demo-bank"), repo.path());
    repo.commit("demo bank");
    repo.git(&["checkout", "-q", "-b", "payments-v2.5"]);
    copy_tree(&root().join("testdata/projects/demo-bank-r2"), repo.path());
    repo.commit("payments 2.5");
    repo
}

/// `apiaudit ARGS` in the repository.
fn run_in(repo: &Repo, args: &[&str]) -> Output {
    apiaudit()
        .current_dir(repo.path())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run apiaudit: {e}"))
}

fn review(repo: &Repo, args: &[&str]) -> Output {
    let mut all = vec!["review", "--base", "main", ".", "--no-progress"];
    all.extend_from_slice(args);
    run_in(repo, &all)
}

fn review_json(repo: &Repo, args: &[&str]) -> (Value, i32) {
    let mut all = vec!["-f", "json"];
    all.extend_from_slice(args);
    let output = review(repo, &all);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "review printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, code(&output))
}

/// Commit ids out of a snapshot: they depend on the git version's object format only, but
/// say nothing about the review.
fn without_commits(text: &str) -> String {
    let re = regex::Regex::new(r"\b[0-9a-f]{10,40}\b").unwrap_or_else(|e| panic!("{e}"));
    re.replace_all(text, "<commit>").into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_demo_banks_second_revision_shows_each_change_rule_and_its_changelog() {
    let repo = demo_repo();
    let (report, exit) = review_json(&repo, &[]);
    assert_eq!(exit, 1, "high and critical change findings fail the review");
    for code in ["CHG001", "CHG002", "CHG003", "CHG004", "CHG005"] {
        let hits: Vec<Value> = findings(&report)
            .into_iter()
            .filter(|f| f["rule"] == code)
            .collect();
        assert_eq!(hits.len(), 1, "{code}: {hits:#?}");
        assert_eq!(
            hits[0]["path"], "payments-service/api/payments-openapi.yaml",
            "{code}"
        );
    }
    // The findings the revision did not add are not listed: what is left is the change rules'
    // and what the new operation brought.
    let info = &report["review"];
    assert!(info["unchanged_findings"].as_u64().unwrap_or(0) > 50, "{info:#}");
    // Besides the change rules: the lowered level disagrees with the content (CLS003) and the
    // ID (ID004), the deprecation has no replacement (LIFE001), the gateway routes and grants
    // of the two removed operations now reach nothing (LIFE004), their controllers still serve
    // them undeclared (INV001), and no code serves the new operation (INV002).
    let all = findings(&report);
    let mut others: Vec<(&str, &str)> = all
        .iter()
        .filter(|f| !f["rule"].as_str().unwrap_or("").starts_with("CHG"))
        .map(|f| (f["rule"].as_str().unwrap_or(""), f["path"].as_str().unwrap_or("")))
        .collect();
    others.sort();
    let spec = "payments-service/api/payments-openapi.yaml";
    assert_eq!(
        others,
        [
            ("CLS003", spec),
            ("ID004", spec),
            (
                "INV001",
                "payments-service/src/main/java/com/lanhai/pay/controller/PaymentController.java",
            ),
            (
                "INV001",
                "payments-service/src/main/java/com/lanhai/pay/controller/TransferController.java",
            ),
            ("INV002", spec),
            ("LIFE001", spec),
            ("LIFE004", "platform/grants/apiaudit-grants.csv"),
            ("LIFE004", "platform/grants/apiaudit-grants.csv"),
            ("LIFE004", "platform/kong/kong.yaml"),
            ("LIFE004", "platform/kong/kong.yaml"),
        ]
    );
    let changelog: Vec<(String, String, String, String, String)> = info["changelog"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let op = &e["operation"];
            (
                e["change"].as_str().unwrap_or("").to_string(),
                format!(
                    "{} {}",
                    op["method"].as_str().unwrap_or(""),
                    op["path"].as_str().unwrap_or("")
                ),
                op["id"].as_str().unwrap_or("").to_string(),
                op["level"].as_str().unwrap_or("").to_string(),
                e["aspects"].to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "added",
            "POST /v1/payments/{paymentId}/cancel",
            "OPC102310202020000000007",
            "A2",
            "null",
        ),
        (
            "removed",
            "POST /v1/transfers/legacy",
            "OPC102310202010000000003",
            "A2",
            "null",
        ),
        (
            "removed",
            "GET /v1/payments/{paymentId}/status",
            "OPC102310202020000000004",
            "A2",
            "null",
        ),
        (
            "deprecated",
            "GET /v1/fx/rates",
            "OPC102310102040000000001",
            "A1",
            "[\"deprecation\"]",
        ),
        (
            "changed",
            "POST /v1/transfers",
            "OPC102310202010000000001",
            "A2",
            "[\"security\"]",
        ),
        (
            "changed",
            "POST /v1/payments/{paymentId}/confirm",
            "OPC102310202020000000012",
            "A2",
            "[\"id\"]",
        ),
        (
            "changed",
            "GET /v1/payments/{paymentId}",
            "OPC102310202020000000003",
            "A1",
            "[\"level\"]",
        ),
        (
            "changed",
            "GET /v1/payments/channels",
            "",
            "A1",
            "[\"responses\"]",
        ),
    ];
    let expected: Vec<(String, String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d, e)| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                d.to_string(),
                e.to_string(),
            )
        })
        .collect();
    assert_eq!(changelog, expected);
    assert_eq!(info["added"], 1);
    assert_eq!(info["removed"], 2);
    assert_eq!(info["deprecated"], 1);
    assert_eq!(info["changed"], 4);
    let text = stdout(&review(&repo, &["--fail-on", "never"]));
    insta::assert_snapshot!("review_demo_text", without_commits(&text));
}

#[test]
fn the_merge_request_comment_in_both_languages() {
    let repo = demo_repo();
    for lang in ["en", "zh"] {
        let output = review(&repo, &["-f", "comment", "--lang", lang]);
        assert_eq!(code(&output), 1, "{}", String::from_utf8_lossy(&output.stderr));
        let text = stdout(&output);
        assert!(text.starts_with("<!-- apiaudit-comment -->"), "{text}");
        insta::assert_snapshot!(format!("review_demo_comment_{lang}"), without_commits(&text));
    }
}

#[test]
fn every_format_carries_the_review() {
    let repo = demo_repo();
    for format in [
        "text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html", "comment",
    ] {
        let output = review(&repo, &["-f", format, "--fail-on", "never"]);
        assert_eq!(
            code(&output),
            0,
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = stdout(&output);
        assert!(text.contains("CHG003"), "{format} has no change finding");
        // HTML escapes `/`.
        let text = text.replace("&#x2f;", "/");
        assert!(
            text.contains("/v1/payments/{paymentId}/cancel"),
            "{format} has no changelog"
        );
    }
}

#[test]
fn inventory_base_marks_each_entry() {
    let repo = demo_repo();
    let output = run_in(&repo, &["inventory", ".", "--base", "main", "-f", "json"]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    let inventory: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inventory["base"], "main");
    let marked = |path: &str, method: &str| -> Option<String> {
        inventory["inventory"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["path"] == path && e["method"] == method)
            .map(|e| e["change"].as_str().unwrap_or("unchanged").to_string())
    };
    assert_eq!(
        marked("/v1/payments/{paymentId}/cancel", "POST").as_deref(),
        Some("added")
    );
    assert_eq!(
        marked("/v1/payments/{paymentId}/status", "GET").as_deref(),
        Some("removed")
    );
    assert_eq!(marked("/v1/fx/rates", "GET").as_deref(), Some("deprecated"));
    assert_eq!(
        marked("/v1/payments/{paymentId}", "GET").as_deref(),
        Some("changed")
    );
    assert_eq!(
        marked("/v1/payments/quick-pay", "POST").as_deref(),
        Some("unchanged")
    );
    let csv = run_in(&repo, &["inventory", ".", "--base", "main"]);
    let csv = stdout(&csv);
    assert!(csv.lines().next().unwrap_or("").ends_with(",change"), "{csv}");
    assert!(csv
        .lines()
        .any(|l| l.contains("/v1/payments/{paymentId}/status") && l.ends_with(",removed")));
}

#[test]
fn a_change_without_spec_changes_has_an_empty_changelog_and_exits_0() {
    let mut repo = demo_repo();
    repo.git(&["checkout", "-q", "-b", "docs-only", "main"]);
    repo.write("README.md", "# 澜海银行开放平台\n");
    repo.commit("readme");
    let (report, exit) = review_json(&repo, &[]);
    assert_eq!(exit, 0, "{:#}", report["findings"]);
    assert!(findings(&report).is_empty());
    assert_eq!(report["review"]["changelog"], serde_json::json!([]));
    let text = stdout(&review(&repo, &["--lang", "en"]));
    assert!(
        text.contains("Interface changelog: no operation was added, removed or changed."),
        "{text}"
    );
}

#[test]
fn a_base_revision_that_does_not_exist_is_a_usage_error_that_names_it() {
    let repo = demo_repo();
    let output = run_in(&repo, &["review", "--base", "release/9.9", ".", "--no-progress"]);
    assert_eq!(code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("release/9.9"), "{stderr}");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = apiaudit()
        .current_dir(dir.path())
        .args(["review", "--base", "main", ".", "--no-progress"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("not in a git repository"));
}

#[test]
fn review_output_is_the_same_whatever_the_thread_count() {
    let repo = demo_repo();
    let one = stdout(&review(&repo, &["-f", "json", "-j", "1"]));
    let four = stdout(&review(&repo, &["-f", "json", "-j", "4"]));
    assert_eq!(one, four);
}
