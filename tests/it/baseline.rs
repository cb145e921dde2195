//! Baselines (`--write-baseline`, `--baseline`) and `--changed-since` on estates built in a
//! temporary directory: a moved finding stays hidden, a new one is reported, a removed one
//! leaves a stale entry; only changed files are reported, while portfolio rules still see all.

use crate::support::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// An A2 spec whose operations carry no interface ID (ID001) and, for one, no level (CLS001).
const SPEC: &str = "openapi: 3.0.3
info: {title: Accounts, version: 1.0.0}
paths:
  /v1/accounts:
    get:
      operationId: listAccounts
      x-api-level: A2
      responses:
        '200': {description: OK}
  /v1/accounts/{id}/balance:
    get:
      operationId: getBalance
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: OK}
";

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn scan(dir: &Path, extra: &[&str]) -> Value {
    let dir = dir.to_str().unwrap_or("");
    let mut args = vec![dir, "--select", "ID,CLS", "--fail-on", "never"];
    args.extend_from_slice(extra);
    scan_json(&args).0
}

/// `(rule, line)` of the reported findings.
fn reported(report: &Value) -> Vec<(String, u64)> {
    findings(report)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn baseline_hides_moved_findings_reports_new_ones_and_lists_stale_entries() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let estate = dir.path().join("estate");
    let spec = estate.join("specs/accounts.yaml");
    write(&spec, SPEC);
    let baseline = dir.path().join("apiaudit-baseline.json");
    let baseline_arg = baseline.to_str().unwrap_or("");

    let first = scan(&estate, &["--write-baseline", baseline_arg]);
    let before = reported(&first);
    assert_eq!(
        before,
        [
            ("ID001".to_string(), 5),
            ("CLS001".to_string(), 11),
            ("ID001".to_string(), 11)
        ]
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap_or_default()).unwrap_or_default();
    assert_eq!(written["schema"], "apiaudit-baseline/v1");
    assert_eq!(written["findings"].as_array().map(Vec::len), Some(3));

    // 1. Move every finding down by inserting lines above them: still hidden.
    write(
        &spec,
        &SPEC.replace(
            "paths:\n",
            "# owner: accounts team\n# reviewed 2026-11\n\npaths:\n",
        ),
    );
    let moved = scan(&estate, &["--baseline", baseline_arg]);
    assert_eq!(reported(&moved), [], "moved findings came back");
    assert_eq!(moved["summary"]["baseline"]["suppressed"], 3);
    assert_eq!(
        moved["summary"]["baseline"]["stale"].as_array().map(Vec::len),
        Some(0)
    );
    let hidden: Vec<u64> = moved["suppressed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["suppression"]["kind"] == "baseline")
        .map(|f| f["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(hidden, [8, 14, 14], "suppressed at their new lines");

    // 2. A new finding next to the baselined ones is reported.
    let with_new = SPEC.replace(
        "  /v1/accounts/{id}/balance:\n",
        "  /v1/accounts/{id}/transactions:\n    get:\n      operationId: listTransactions\n      x-api-level: A2\n      responses:\n        '200': {description: OK}\n  /v1/accounts/{id}/balance:\n",
    );
    write(&spec, &with_new);
    let new = scan(&estate, &["--baseline", baseline_arg]);
    assert_eq!(
        reported(&new),
        [("ID001".to_string(), 11)],
        "only the new operation is reported"
    );
    assert_eq!(
        new["findings"][0]["operation"]["path"],
        "/v1/accounts/{id}/transactions"
    );

    // 3. Delete a baselined finding (the balance operation): its entries are stale.
    let removed = SPEC
        .split("  /v1/accounts/{id}/balance:")
        .next()
        .unwrap_or("")
        .to_string();
    write(&spec, &removed);
    let stale = scan(&estate, &["--baseline", baseline_arg]);
    assert_eq!(reported(&stale), []);
    let entries: Vec<(String, u64)> = stale["summary"]["baseline"]["stale"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["rule"].as_str().unwrap_or("").to_string(),
                e["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(entries, [("CLS001".to_string(), 11), ("ID001".to_string(), 11)]);
    // The text report says so too.
    let text = run(&[
        "scan",
        estate.to_str().unwrap_or(""),
        "--select",
        "ID,CLS",
        "--baseline",
        baseline_arg,
        "--lang",
        "en",
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("stale baseline entry: CLS001"), "{text}");
    assert!(text.contains("2 stale baseline entries"), "{text}");
    // Rules that did not run leave their entries alone: not stale.
    let (only_id, _) = scan_json(&[
        estate.to_str().unwrap_or(""),
        "--select",
        "ID",
        "--baseline",
        baseline_arg,
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        only_id["summary"]["baseline"]["stale"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn bad_baselines_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.json");
    write(&bad, "{\"schema\": \"something-else\", \"findings\": []}");
    let output = run(&[
        "scan",
        "testdata/rules/ID001/fail",
        "--baseline",
        bad.to_str().unwrap_or(""),
    ]);
    assert_eq!(code(&output), 2);
    let missing = dir.path().join("missing.json");
    let output = run(&[
        "scan",
        "testdata/rules/ID001/fail",
        "--baseline",
        missing.to_str().unwrap_or(""),
    ]);
    assert_eq!(code(&output), 2);
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=apiaudit",
            "-c",
            "user.email=apiaudit@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn changed_since_reports_only_changed_files_and_portfolio_rules_see_everything() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = dir.path().join("repo");
    let payments = repo.join("payments/openapi.yaml");
    let accounts = repo.join("accounts/openapi.yaml");
    write(
        &payments,
        &SPEC
            .replace("Accounts", "Payments")
            .replace("/v1/accounts", "/v1/payments"),
    );
    let accounts_spec = SPEC.replace(
        "      operationId: listAccounts\n",
        "      operationId: listAccounts\n      x-api-id: OPC102310201010000000001\n",
    );
    write(&accounts, &accounts_spec);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "first"]);
    // The second commit changes only payments: one operation takes the ID accounts already uses.
    let before = std::fs::read_to_string(&payments).unwrap_or_default();
    let changed = before.replace(
        "      operationId: listPayments\n",
        "      operationId: listPayments\n      x-api-id: OPC102310201010000000001\n",
    );
    assert_ne!(before, changed);
    write(&payments, &changed);
    git(&repo, &["commit", "-q", "-am", "second"]);

    let everything = scan(&repo, &[]);
    let all_paths: std::collections::BTreeSet<String> = findings(&everything)
        .iter()
        .map(|f| f["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(all_paths.len(), 2, "both files have findings");

    let report = scan(&repo, &["--changed-since", "HEAD~1"]);
    let list = findings(&report);
    assert!(!list.is_empty());
    for finding in &list {
        let path = finding["path"].as_str().unwrap_or("");
        assert!(
            path.ends_with("payments/openapi.yaml"),
            "unchanged file reported: {path}"
        );
    }
    // ID003 is a portfolio rule: it found the duplicate against the unchanged accounts spec.
    assert!(list.iter().any(|f| f["rule"] == "ID003"), "{list:?}");
    let hidden = report["summary"]["changed_since"]["hidden"].as_u64().unwrap_or(0);
    assert_eq!(hidden as usize, findings(&everything).len() - list.len());
    assert_eq!(report["summary"]["changed_since"]["files"], 1);

    // An uncommitted edit counts as changed too.
    write(&accounts, &accounts_spec.replace("Accounts", "Accounts v2"));
    let report = scan(&repo, &["--changed-since", "HEAD"]);
    assert!(findings(&report).iter().all(|f| f["path"]
        .as_str()
        .unwrap_or("")
        .ends_with("accounts/openapi.yaml")));
    assert!(!findings(&report).is_empty());

    // A revision that does not exist, or a directory outside git, is a usage error.
    let repo_arg = repo.to_str().unwrap_or("");
    assert_eq!(
        code(&run(&["scan", repo_arg, "--changed-since", "no-such-rev"])),
        2
    );
    assert_eq!(
        code(&run(&["scan", repo_arg, "--changed-since", "--output=x"])),
        2
    );
    let outside = dir.path().join("outside");
    write(&outside.join("a.yaml"), SPEC);
    assert_eq!(
        code(&run(&[
            "scan",
            outside.to_str().unwrap_or(""),
            "--changed-since",
            "HEAD"
        ])),
        2
    );
}
