//! `apiaudit fix`: IDs from a shared ledger, stable allocation, retirement, refused conflicts,
//! exit codes, and a second run that changes nothing.

use crate::support::*;
use std::fs;
use std::path::Path;

const CONFIG: &str = "[interface-id]\ninstitution = \"C10231\"\nledger = \"../apiaudit-ids.csv\"\n";

fn spec(ops: &[(&str, &str, &str)]) -> String {
    let mut text = String::from("openapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\npaths:\n");
    for (path, method, operation_id) in ops {
        text.push_str(&format!(
            "  {path}:\n    {method}:\n      operationId: {operation_id}\n      responses:\n        '200':\n          description: ok\n"
        ));
    }
    text
}

fn fix(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["fix", dir.to_str().unwrap_or(""), "--config"];
    let config = dir.join("apiaudit.toml");
    args.push(config.to_str().unwrap_or(""));
    args.extend_from_slice(extra);
    let output = run(&args);
    (
        code(&output),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

/// `(id, method, path, spec, status)` of every ledger row.
fn ledger(path: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect()
}

fn ids_in(file: &Path) -> Vec<String> {
    fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("x-api-id: "))
        .map(str::to_string)
        .collect()
}

fn repo(estate: &Path, name: &str, ops: &[(&str, &str, &str)]) -> std::path::PathBuf {
    let dir = estate.join(name);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("apiaudit.toml"), CONFIG).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("openapi.yaml"), spec(ops)).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn two_repositories_share_one_ledger_without_duplicates() {
    let estate = tempdir();
    let ops = [
        ("/health", "get", "getHealth"),
        ("/accounts", "get", "listAccounts"),
    ];
    let a = repo(estate.path(), "a", &ops);
    let b = repo(estate.path(), "b", &ops);
    assert_eq!(fix(&a, &[]).0, 0);
    let (exit, out) = fix(&b, &[]);
    assert_eq!(exit, 0, "{out}");
    let rows = ledger(&estate.path().join("apiaudit-ids.csv"));
    assert_eq!(rows.len(), 4, "{rows:?}");
    let mut ids: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "duplicate IDs in the shared ledger: {rows:?}");
    let (in_a, in_b) = (ids_in(&a.join("openapi.yaml")), ids_in(&b.join("openapi.yaml")));
    assert_eq!(in_a.len(), 2);
    assert!(in_a.iter().all(|id| !in_b.contains(id)), "{in_a:?} {in_b:?}");
    assert!(rows.iter().any(|r| r[3] == "a/openapi.yaml") && rows.iter().any(|r| r[3] == "b/openapi.yaml"));
    // A second run in either repository changes nothing, the ledger included.
    let before = fs::read_to_string(estate.path().join("apiaudit-ids.csv")).unwrap_or_default();
    let spec_before = fs::read_to_string(a.join("openapi.yaml")).unwrap_or_default();
    assert_eq!(fix(&a, &[]).0, 0);
    assert_eq!(
        fs::read_to_string(a.join("openapi.yaml")).unwrap_or_default(),
        spec_before
    );
    assert_eq!(
        fs::read_to_string(estate.path().join("apiaudit-ids.csv")).unwrap_or_default(),
        before
    );
    // Every assigned ID is valid for ID002/ID004/ID005 and none is missing.
    let config = a.join("apiaudit.toml");
    let (report, _) = scan_json(&[
        a.to_str().unwrap_or(""),
        b.to_str().unwrap_or(""),
        "--config",
        config.to_str().unwrap_or(""),
        "--select",
        "ID,CLS001",
    ]);
    assert_eq!(findings(&report), Vec::<serde_json::Value>::new());
}

#[test]
fn a_moved_or_renamed_operation_keeps_its_id() {
    let estate = tempdir();
    let a = repo(
        estate.path(),
        "a",
        &[
            ("/payments", "post", "createPayment"),
            ("/accounts", "get", "listAccounts"),
        ],
    );
    assert_eq!(fix(&a, &[]).0, 0);
    let ids = ids_in(&a.join("openapi.yaml"));
    // Regenerated without the extensions, the payment under a new path, the account list in
    // another file.
    fs::write(
        a.join("openapi.yaml"),
        spec(&[("/v2/payments", "post", "createPayment")]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        a.join("accounts.yaml"),
        spec(&[("/accounts", "get", "listAccounts")]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(&a, &[]);
    assert_eq!(exit, 0, "{out}");
    assert_eq!(ids_in(&a.join("openapi.yaml")), vec![ids[0].clone()], "{out}");
    assert_eq!(ids_in(&a.join("accounts.yaml")), vec![ids[1].clone()], "{out}");
    let rows = ledger(&estate.path().join("apiaudit-ids.csv"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r[0] == ids[1] && r[3] == "a/accounts.yaml" && r[7] == "active"),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r[0] == ids[0] && r[2] == "/v2/payments"),
        "{rows:?}"
    );
}

#[test]
fn a_deleted_operations_serial_is_never_reused() {
    let estate = tempdir();
    let a = repo(estate.path(), "a", &[("/a", "get", "a"), ("/b", "get", "b")]);
    assert_eq!(fix(&a, &[]).0, 0);
    let ids = ids_in(&a.join("openapi.yaml"));
    let text = fs::read_to_string(a.join("openapi.yaml")).unwrap_or_default();
    // Delete /b (the newest serial), then add /c.
    let kept: String = text.split("  /b:").next().unwrap_or("").to_string();
    fs::write(a.join("openapi.yaml"), kept.clone()).unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(&a, &[]);
    assert_eq!(exit, 0, "{out}");
    let rows = ledger(&estate.path().join("apiaudit-ids.csv"));
    assert!(
        rows.iter().any(|r| r[0] == ids[1] && r[7] == "retired"),
        "{rows:?}"
    );
    let header = spec(&[]);
    let added = spec(&[("/c", "get", "c")]);
    fs::write(a.join("openapi.yaml"), kept + &added[header.len()..]).unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(&a, &[]);
    assert_eq!(exit, 0, "{out}");
    let now = ids_in(&a.join("openapi.yaml"));
    assert_eq!(now.len(), 2, "{now:?}");
    let serial = |id: &str| id[16..].to_string();
    assert!(serial(&now[1]) > serial(&ids[1]), "{now:?} after {ids:?}");
    assert!(!now.contains(&ids[1]));
}

#[test]
fn a_conflicting_ledger_row_is_refused_with_its_line() {
    let estate = tempdir();
    let a = repo(estate.path(), "a", &[("/a", "get", "a"), ("/b", "get", "b")]);
    assert_eq!(fix(&a, &[]).0, 0);
    let path = estate.path().join("apiaudit-ids.csv");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let first_id = text
        .lines()
        .nth(1)
        .unwrap_or("")
        .split(',')
        .next()
        .unwrap_or("")
        .to_string();
    // Line 3 is edited by hand to carry line 2's ID.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let rest = lines[2]
        .split_once(',')
        .map(|(_, r)| r.to_string())
        .unwrap_or_default();
    lines[2] = format!("{first_id},{rest}");
    fs::write(&path, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        a.join("openapi.yaml"),
        spec(&[("/a", "get", "a"), ("/b", "get", "b"), ("/c", "get", "c")]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(&a, &["--ids"]);
    assert_eq!(exit, 1, "{out}");
    assert!(
        out.contains("apiaudit-ids.csv:3: refused") && out.contains("first on line 2"),
        "{out}"
    );
    assert!(
        ids_in(&a.join("openapi.yaml")).is_empty(),
        "nothing is written while the ledger conflicts"
    );
}

#[test]
fn duplicates_are_reassigned_only_when_asked() {
    let estate = tempdir();
    let a = repo(estate.path(), "a", &[("/a", "get", "a")]);
    assert_eq!(fix(&a, &[]).0, 0);
    let id = ids_in(&a.join("openapi.yaml"))[0].clone();
    let copy = format!(
        "{}  /b:\n    get:\n      x-api-id: {id}\n      x-api-level: A1\n      responses:\n        '200':\n          description: ok\n",
        fs::read_to_string(a.join("openapi.yaml")).unwrap_or_default()
    );
    fs::write(a.join("openapi.yaml"), &copy).unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(&a, &[]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("--reassign-duplicates"), "{out}");
    let (exit, out) = fix(&a, &["--reassign-duplicates"]);
    assert_eq!(exit, 0, "{out}");
    let ids = ids_in(&a.join("openapi.yaml"));
    assert_eq!(ids[0], id);
    assert_ne!(ids[1], id);
    let rows = ledger(&estate.path().join("apiaudit-ids.csv"));
    assert!(
        rows.iter().any(|r| r[0] == ids[1] && r[9] == id),
        "the ledger records the old ID: {rows:?}"
    );
}

#[test]
fn diff_changes_nothing_and_usage_errors_exit_2() {
    let estate = tempdir();
    let a = repo(estate.path(), "a", &[("/a", "get", "a")]);
    let before = fs::read_to_string(a.join("openapi.yaml")).unwrap_or_default();
    let (exit, out) = fix(&a, &["--diff"]);
    assert_eq!(exit, 0, "{out}");
    assert!(
        out.contains("+      x-api-id: OPC10231") && out.contains("+      x-api-level: A1"),
        "{out}"
    );
    assert!(
        out.contains("+++ b/") && out.contains("apiaudit-ids.csv"),
        "{out}"
    );
    assert_eq!(
        fs::read_to_string(a.join("openapi.yaml")).unwrap_or_default(),
        before
    );
    assert!(!estate.path().join("apiaudit-ids.csv").exists());
    assert_eq!(fix(&a, &["--sunset", "next year"]).0, 2);
    fs::write(a.join("apiaudit.toml"), "[interface-id]\n").unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(&a, &["--ids"]);
    assert_eq!(exit, 2, "{out}");
    assert!(out.contains("institution"), "{out}");
}

#[test]
fn broken_specs_are_never_touched() {
    let dir = tempdir();
    fs::write(
        dir.path().join("apiaudit.toml"),
        "[interface-id]\ninstitution = \"C10231\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let unresolved = "openapi: 3.0.1\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}\n";
    let unparsable = "openapi: 3.0.1\npaths:\n  /a: [\n";
    fs::write(dir.path().join("ref.yaml"), unresolved).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.path().join("bad.yaml"), unparsable).unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(dir.path(), &[]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("SPEC002") && out.contains("SPEC001"), "{out}");
    assert_eq!(
        fs::read_to_string(dir.path().join("ref.yaml")).unwrap_or_default(),
        unresolved
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("bad.yaml")).unwrap_or_default(),
        unparsable
    );
}

#[test]
fn levels_sunset_and_json_summary() {
    let dir = tempdir();
    fs::write(dir.path().join("apiaudit.toml"), "[report]\nlang = \"zh\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let text = "openapi: 3.0.1\ninfo: {title: T, version: '1'}\npaths:\n  /accounts/{id}/balance:\n    get:\n      x-api-level: A1\n      responses: {'200': {description: ok}}\n  /old:\n    get:\n      deprecated: true\n      responses: {'200': {description: ok}}\n";
    fs::write(dir.path().join("s.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let (exit, out) = fix(
        dir.path(),
        &[
            "--levels",
            "--raise-levels",
            "--sunset",
            "2027-06-30",
            "--replacement",
            "GET /v2/old",
        ],
    );
    assert_eq!(exit, 0, "{out}");
    assert!(out.contains("已修改 1 个文件"), "{out}");
    let after = fs::read_to_string(dir.path().join("s.yaml")).unwrap_or_default();
    assert!(
        after.contains("    get:\n      x-api-level: A2\n      responses"),
        "{after}"
    );
    assert!(after.contains("      x-api-level: A1\n      x-sunset: \"2027-06-30\"\n      x-replacement: \"GET /v2/old\"\n      deprecated: true"), "{after}");
    // JSON lists every edit with file, line, old and new.
    fs::write(dir.path().join("s.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let output = run(&[
        "fix",
        dir.path().to_str().unwrap_or(""),
        "--levels",
        "--raise-levels",
        "--diff",
        "-f",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let edits = json["edits"].as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 2, "{json}");
    assert_eq!(edits[0]["old"], "A1");
    assert_eq!(edits[0]["new"], "A2");
    assert_eq!(edits[0]["line"], 6);
    assert_eq!(json["applied"], false);
    assert_eq!(
        fs::read_to_string(dir.path().join("s.yaml")).unwrap_or_default(),
        text
    );
}
