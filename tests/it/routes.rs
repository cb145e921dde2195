//! Code routes: every fixture under `testdata/routes/<framework>/` marks each route its code
//! serves with a comment `route: METHOD /path[, METHOD /path ...]` on the line where the
//! mapping is declared; `apiaudit inventory` must list exactly those (method, path, file,
//! line) as `origin: "code"` entries. Everything else in the fixtures (HTTP clients, tests,
//! mock servers, commented-out mappings, string constants) must not appear.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;

type Key = (String, String, String, u64);

/// `(method, path, file, line)` of every `route:` marker under `dir`.
fn route_markers(dir: &std::path::Path) -> BTreeSet<Key> {
    let mut found = BTreeSet::new();
    for entry in walk(dir) {
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        let rel = entry
            .strip_prefix(dir)
            .unwrap_or(&entry)
            .to_string_lossy()
            .replace('\\', "/");
        for (index, line) in text.lines().enumerate() {
            let Some(at) = line.find("route: ") else { continue };
            for route in line[at + "route: ".len()..].split(", ") {
                let mut words = route.split_whitespace();
                if let (Some(method), Some(path)) = (words.next(), words.next()) {
                    found.insert((
                        method.to_string(),
                        path.to_string(),
                        rel.clone(),
                        index as u64 + 1,
                    ));
                }
            }
        }
    }
    found
}

fn inventory(dir: &str) -> Vec<Value> {
    let output = run(&["inventory", dir, "-f", "json"]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    report["inventory"].as_array().cloned().unwrap_or_default()
}

#[test]
fn every_framework_fixture_gives_exactly_its_marked_routes() {
    let base = root().join("testdata/routes");
    let mut dirs: Vec<String> = std::fs::read_dir(&base)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "fixtures: {dirs:?}");
    for name in dirs {
        let dir = format!("testdata/routes/{name}");
        let expected = route_markers(&root().join(&dir));
        assert!(!expected.is_empty(), "{dir} marks no route");
        let prefix = format!("{dir}/");
        let actual: BTreeSet<Key> = inventory(&dir)
            .iter()
            .filter(|e| e["origin"] == "code")
            .map(|e| {
                (
                    e["method"].as_str().unwrap_or("").to_string(),
                    e["path"].as_str().unwrap_or("").to_string(),
                    e["file"]
                        .as_str()
                        .unwrap_or("")
                        .trim_start_matches(&prefix)
                        .to_string(),
                    e["line"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = actual.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{dir}: missing {missing:#?}\nnot expected {extra:#?}"
        );
    }
}

/// The demo estate: the stale remittance spec and its code give an undeclared transfer
/// endpoint (INV001, A2), a declared but no longer served quote (INV002), and the payments
/// service still maps a retired transfer (LIFE005); the inventory says so too.
#[test]
fn demo_bank_reconciles_code_and_specs() {
    let demo = "testdata/projects/demo-bank";
    let entries = inventory(demo);
    let find = |origin: &str, method: &str, path: &str| {
        entries
            .iter()
            .find(|e| e["origin"] == origin && e["method"] == method && e["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("no {origin} entry {method} {path}"))
    };
    let transfer = find("code", "POST", "/remittance/v1/outbound-transfers");
    assert_eq!(transfer["handler"], "RemittanceController.transferAbroad");
    assert_eq!(transfer["framework"], "spring");
    assert_eq!(transfer["inferred_level"], "A2");
    assert_eq!(find("spec", "GET", "/v1/remittances/quotes")["served"], false);
    let legacy = find("spec", "POST", "/v1/transfers/legacy");
    assert_eq!(
        (legacy["served"].clone(), legacy["deprecated"].clone()),
        (Value::Bool(true), Value::Bool(true))
    );
    assert!(find("spec", "POST", "/institutions/search")["served"].is_null());
    let (report, _) = scan_json(&[demo, "--select", "INV,LIFE005"]);
    let got: BTreeSet<(String, String)> = findings(&report)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["path"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches(&format!("{demo}/"))
                    .to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        (
            "INV001",
            "remittance-service/src/main/java/com/lanhai/remit/controller/RemittanceController.java",
        ),
        ("INV002", "remittance-service/api/remittance-openapi.yaml"),
        (
            "LIFE005",
            "payments-service/src/main/java/com/lanhai/pay/controller/TransferController.java",
        ),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    let high = findings(&report)
        .iter()
        .find(|f| f["rule"] == "INV001")
        .map(|f| f["severity"].clone());
    assert_eq!(high, Some(Value::from("high")));
}

/// Source files cut off mid-edit (a literal never closed, brackets never closed) are read as
/// far as they go: the mappings before and after the break are found, nothing fails, and the
/// JSON summary counts the files and parts that could not be read.
#[test]
fn unreadable_source_is_read_as_far_as_it_goes_and_counted() {
    let dir = "testdata/routes-unreadable";
    let expected = route_markers(&root().join(dir));
    let prefix = format!("{dir}/");
    let actual: BTreeSet<Key> = inventory(dir)
        .iter()
        .filter(|e| e["origin"] == "code")
        .map(|e| {
            (
                e["method"].as_str().unwrap_or("").to_string(),
                e["path"].as_str().unwrap_or("").to_string(),
                e["file"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches(&prefix)
                    .to_string(),
                e["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(actual, expected);
    let (report, _) = scan_json(&[dir, "--select", "INV001"]);
    let routes = &report["summary"]["routes"];
    assert_eq!(routes["files"], 2, "{routes}");
    assert_eq!(routes["incomplete_files"], 2, "{routes}");
    assert!(routes["unread_parts"].as_u64().unwrap_or(0) >= 2, "{routes}");
    assert_eq!(routes["operations"], 4, "{routes}");
}
