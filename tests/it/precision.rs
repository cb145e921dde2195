//! Precision and semantics: levels decided by content (not by controls), the effective level
//! of an understated declaration, suppressions that cover exactly what they say, spec
//! detection by version, and retention variables resolved from the estate.

use crate::support::*;
use serde_json::Value;
use std::path::PathBuf;

/// A scratch directory for inputs written at run time.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apiaudit-precision-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn with_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

fn messages(report: &Value, rule: &str) -> Vec<String> {
    with_rule(report, rule)
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect()
}

const UNDERSTATED_PAYMENT: &str = "openapi: 3.0.3
info: {title: Payments, version: 1.0.0}
paths:
  /v1/transfers:
    post:
      operationId: submitTransfer
      summary: 行内转账
      x-api-level: A1
      responses:
        '200': {description: OK}
";

#[test]
fn an_understated_payment_is_held_to_the_a2_controls() {
    let dir = scratch("understated");
    write(&dir, "pay.yaml", UNDERSTATED_PAYMENT);
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "AUTH001,CLS003,RES001",
        "--fail-on",
        "never",
    ]);
    let auth = messages(&report, "AUTH001");
    assert_eq!(auth.len(), 1, "{report:#}");
    assert!(
        auth[0].contains("(declared A1; content makes it A2)"),
        "{}",
        auth[0]
    );
    assert_eq!(messages(&report, "CLS003").len(), 1);
    let res = messages(&report, "RES001");
    assert!(res[0].contains("declared A1; content makes it A2"), "{}", res[0]);

    // The clause table of the audit report: chapter 7 (AUTH001's clause) is not a pass.
    let output = run(&[
        "scan",
        dir.to_str().unwrap_or(""),
        "-f",
        "markdown",
        "--fail-on",
        "never",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    for rule in ["AUTH001", "AUTH004"] {
        let row = text
            .lines()
            .find(|line| line.starts_with("| JR/T") && line.contains(&format!("| {rule} |")))
            .unwrap_or_else(|| panic!("no clause row for {rule}:\n{text}"));
        assert!(row.ends_with("| **fail** |"), "{row}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn security_schemes_do_not_raise_public_operations() {
    let dir = root().join("testdata/rules/CLS003/pass/controls.yaml");
    let output = run(&["inventory", "-f", "json", dir.to_str().unwrap_or("")]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let levels: Vec<(String, String)> = report["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or("").to_string(),
                e["inferred_level"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let level = |path: &str| {
        levels
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    for path in [
        "/v1/branches",
        "/v1/atms",
        "/v1/fx/rates",
        "/v1/products/deposits",
    ] {
        assert_eq!(level(path), "A1", "{path}: {levels:?}");
    }
    // Nothing in the content: the user-authorised security still infers A2 for the inventory
    // (an undeclared operation of this kind is held to A2), but it is no CLS003 evidence.
    assert_eq!(level("/v1/messages"), "A2");
}
