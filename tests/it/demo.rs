//! The bundled demo estate: its findings (snapshot), the JSON shape of SPEC §4, and output that
//! does not depend on the thread count or on where the tree sits.

use crate::support::*;

const DEMO: &str = "testdata/projects/demo-bank";

#[test]
fn demo_bank_findings() {
    let (report, exit) = scan_json(&[DEMO]);
    assert_eq!(exit, 1);
    insta::assert_snapshot!("demo_bank", listing(&report, &format!("{DEMO}/")));
}

#[test]
fn json_has_every_key_of_the_spec() {
    let (report, _) = scan_json(&[DEMO]);
    assert_eq!(report["schema"], "apiaudit/v1");
    assert_eq!(report["tool"]["name"], "apiaudit");
    for key in ["files", "specs", "operations", "findings", "by_severity"] {
        assert!(report["summary"].get(key).is_some(), "summary.{key}");
    }
    for severity in ["critical", "high", "medium", "low", "info"] {
        assert!(
            report["summary"]["by_severity"].get(severity).is_some(),
            "by_severity.{severity}"
        );
    }
    let finding = &findings(&report)[0];
    for key in [
        "rule",
        "severity",
        "title",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "basis",
        "fingerprint",
    ] {
        assert!(finding.get(key).is_some(), "finding.{key}");
    }
    assert!(findings(&report).iter().any(|f| f.get("operation").is_some()));
    let entry = &report["inventory"][0];
    for key in [
        "spec",
        "line",
        "method",
        "path",
        "operation_id",
        "id",
        "level",
        "inferred_level",
        "deprecated",
        "sunset",
        "security",
    ] {
        assert!(entry.get(key).is_some(), "inventory.{key}");
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    for format in ["json", "sarif"] {
        let one = run(&["scan", DEMO, "-f", format, "-j", "1"]);
        assert!(!one.stdout.is_empty(), "{format}");
        for jobs in ["2", "8"] {
            let other = run(&["scan", DEMO, "-f", format, "-j", jobs]);
            assert!(one.stdout == other.stdout, "{format}: -j 1 and -j {jobs} differ");
        }
    }
}

/// The same tree at another absolute path, scanned from a working directory where the path
/// given is the same: byte-identical JSON and SARIF (no absolute path leaks into a report).
#[test]
fn output_is_identical_from_a_copy_at_another_path() {
    let copy = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let elsewhere = copy.path().join("checkout");
    copy_dir(&root().join(DEMO), &elsewhere.join(DEMO));
    for format in ["json", "sarif"] {
        let here = run(&["scan", DEMO, "-f", format, "-j", "2"]);
        let there = apiaudit()
            .current_dir(&elsewhere)
            .args(["scan", DEMO, "-f", format, "-j", "1"])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!here.stdout.is_empty(), "{format}");
        assert!(
            here.stdout == there.stdout,
            "{format} differs between {} and {}",
            root().display(),
            elsewhere.display()
        );
    }
}

#[test]
fn fingerprints_survive_a_move_of_the_tree() {
    let copy = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = copy.path().join("elsewhere");
    copy_dir(&root().join(DEMO), &target);
    let (here, _) = scan_json(&[DEMO]);
    let (there, _) = scan_json(&[target.to_str().unwrap_or("")]);
    let prints = |report: &serde_json::Value| {
        let mut list: Vec<String> = findings(report)
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap_or("").to_string())
            .collect();
        list.sort();
        list
    };
    assert_eq!(prints(&here), prints(&there));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for file in walk(from) {
        let rel = file.strip_prefix(from).unwrap_or(&file);
        let target = to.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::copy(&file, &target).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}
