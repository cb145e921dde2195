//! `apiaudit merge`: per-repository results combined give what one scan over all repositories
//! together gives, portfolio findings included (ID003 across repositories, LIFE003, LIFE004,
//! RES002), with paths kept distinct per input.

use crate::support::*;
use serde_json::Value;

const DEMO: &str = "testdata/projects/demo-bank";
const REPOS: &[&str] = &[
    "accounts-service",
    "legacy-gateway",
    "payments-service",
    "platform",
    "wealth-service",
];
const PORTFOLIO: &[&str] = &["ID003", "LIFE003", "LIFE004", "RES002"];

fn merged(args: &[&str]) -> (Value, i32) {
    let mut all = vec![
        "merge",
        "-f",
        "json",
        "-c",
        "testdata/projects/demo-bank/apiaudit.toml",
    ];
    all.extend_from_slice(args);
    let output = run(&all);
    let exit = code(&output);
    assert!(
        exit == 0 || exit == 1,
        "merge exited {exit}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "merge printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (value, exit)
}

fn key(finding: &Value) -> String {
    format!(
        "{} {}:{}:{} {} {} {}",
        finding["rule"].as_str().unwrap_or(""),
        finding["path"].as_str().unwrap_or(""),
        finding["line"],
        finding["column"],
        finding["severity"].as_str().unwrap_or(""),
        finding["fingerprint"].as_str().unwrap_or(""),
        finding["message"].as_str().unwrap_or("")
    )
}

fn portfolio_findings(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .filter(|f| PORTFOLIO.contains(&f["rule"].as_str().unwrap_or("")))
        .map(key)
        .collect()
}

#[test]
fn merge_of_per_repository_results_equals_one_scan_of_all() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut results = Vec::new();
    for repo in REPOS {
        let out = dir.path().join(format!("{repo}.json"));
        let root = format!("{DEMO}/{repo}");
        let output = run(&["scan", &root, "-f", "json", "-o", out.to_str().unwrap_or("")]);
        assert!(
            matches!(code(&output), 0 | 1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        results.push(out.to_string_lossy().into_owned());
    }
    // Alone, the gateway repository cannot tell what its routes reach.
    let (platform, _) = scan_json(&[&format!("{DEMO}/platform")]);
    assert!(portfolio_findings(&platform).is_empty());

    let roots: Vec<String> = REPOS.iter().map(|r| format!("{DEMO}/{r}")).collect();
    let root_refs: Vec<&str> = roots.iter().map(String::as_str).collect();
    let (together, _) = scan_json(&root_refs);
    let result_refs: Vec<&str> = results.iter().map(String::as_str).collect();
    let (merged, exit) = merged(&result_refs);
    assert_eq!(exit, 1);

    let expected = portfolio_findings(&together);
    assert_eq!(expected.len(), 8, "{expected:#?}");
    for rule in PORTFOLIO {
        assert!(
            expected.iter().any(|k| k.starts_with(rule)),
            "no {rule} in {expected:#?}"
        );
    }
    assert_eq!(portfolio_findings(&merged), expected);
    // Everything else is the same too: findings, inventory with its routes, the routes section.
    let all = |report: &Value| findings(report).iter().map(key).collect::<Vec<_>>();
    assert_eq!(all(&merged), all(&together));
    assert_eq!(merged["inventory"], together["inventory"]);
    assert_eq!(merged["routes"], together["routes"]);
    assert_eq!(merged["summary"]["findings"], together["summary"]["findings"]);

    // ID003 across two repositories names both places.
    let id003: Vec<Value> = findings(&merged)
        .into_iter()
        .filter(|f| f["rule"] == "ID003")
        .collect();
    assert_eq!(id003.len(), 2);
    assert!(id003[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("wealth-service/api/wealth.yaml"));
    assert!(id003[1]["message"]
        .as_str()
        .unwrap_or("")
        .contains("accounts-service/openapi/accounts.json"));

    // The same portfolio findings as one scan of the parent directory (fingerprints aside: they
    // hash paths relative to each scan root).
    let (parent, _) = scan_json(&[DEMO]);
    let strip = |report: &Value| -> Vec<String> {
        findings(report)
            .iter()
            .filter(|f| PORTFOLIO.contains(&f["rule"].as_str().unwrap_or("")))
            .map(|f| format!("{} {}:{} {}", f["rule"], f["path"], f["line"], f["message"]))
            .collect()
    };
    assert_eq!(strip(&merged), strip(&parent));
}

#[test]
fn labels_keep_paths_distinct_when_runs_scanned_their_own_directory() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut inputs = Vec::new();
    for repo in ["accounts-service", "wealth-service"] {
        let out = dir.path().join(format!("{repo}.json"));
        let output = crate::support::apiaudit()
            .current_dir(root().join(DEMO).join(repo))
            .args(["scan", ".", "-f", "json", "-o", out.to_str().unwrap_or("")])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(code(&output), 0 | 1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        inputs.push((repo, out));
    }
    let args: Vec<String> = inputs
        .iter()
        .map(|(repo, out)| format!("{repo}={}", out.display()))
        .collect();
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (report, _) = merged(&arg_refs);
    let id003: Vec<String> = findings(&report)
        .iter()
        .filter(|f| f["rule"] == "ID003")
        .map(|f| format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]))
        .collect();
    assert_eq!(
        id003,
        [
            "accounts-service/openapi/accounts.json:275",
            "wealth-service/api/wealth.yaml:138"
        ]
    );
    // Without labels, inputs whose paths collide are labelled by file name, with a note.
    let first = inputs[0].1.clone();
    let copy = dir.path().join("copy.json");
    std::fs::copy(&first, &copy).unwrap_or_else(|e| panic!("{e}"));
    let output = run(&[
        "merge",
        "-f",
        "json",
        first.to_str().unwrap_or(""),
        copy.to_str().unwrap_or(""),
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("prefixed with `copy/`"));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let paths: std::collections::BTreeSet<String> = findings(&report)
        .iter()
        .filter_map(|f| f["path"].as_str())
        .map(|p| p.split('/').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["accounts-service", "copy"]
    );
}

#[test]
fn merge_rejects_what_is_not_a_result() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema\": \"other/v9\"}").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&run(&["merge", bad.to_str().unwrap_or("")])), 2);
    assert_eq!(code(&run(&["merge", "no-such-file.json"])), 2);
}
