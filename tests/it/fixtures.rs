//! Every rule has `testdata/rules/<CODE>/fail` (must report it, at each `expect: CODE` marker)
//! and `testdata/rules/<CODE>/pass` (must not report it); fail results are snapshots. Also the
//! version fixtures: the same defects in 2.0, 3.0 and 3.1, inline and in `$ref`'d files.

use crate::support::*;
use std::collections::BTreeSet;

fn check_markers(dir: &str, select: &str, report: &serde_json::Value) {
    let base = root().join(dir);
    let expected = markers(&base);
    let marked = marked_files(&expected);
    let prefix = format!("{dir}/");
    let mut actual = BTreeSet::new();
    for finding in findings(report) {
        let path = finding["path"]
            .as_str()
            .unwrap_or("")
            .trim_start_matches(&prefix)
            .to_string();
        if marked.contains(&path) {
            actual.insert((
                path,
                finding["line"].as_u64().unwrap_or(0),
                finding["rule"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    let expected: BTreeSet<_> = expected
        .into_iter()
        .filter(|(_, _, code)| select.split(',').any(|s| code.starts_with(s)))
        .collect();
    assert_eq!(actual, expected, "findings vs `expect:` markers in {dir}");
}

#[test]
fn every_rule_fixture_fails_and_passes() {
    let rules_dir = root().join("testdata/rules");
    let mut codes: Vec<String> = std::fs::read_dir(&rules_dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    for code in &codes {
        let fail = format!("testdata/rules/{code}/fail");
        let pass = format!("testdata/rules/{code}/pass");
        let (report, _) = scan_json(&[&fail, "--select", code, "--fail-on", "never"]);
        let hits = findings(&report)
            .iter()
            .filter(|f| f["rule"] == code.as_str())
            .count();
        assert!(hits > 0, "{fail} does not trigger {code}");
        check_markers(&fail, code, &report);
        insta::assert_snapshot!(format!("rule_{code}"), listing(&report, &format!("{fail}/")));
        let (report, _) = scan_json(&[&pass, "--select", code, "--fail-on", "never"]);
        let wrong: Vec<_> = findings(&report)
            .into_iter()
            .filter(|f| f["rule"] == code.as_str())
            .collect();
        assert!(wrong.is_empty(), "{pass} triggers {code}: {wrong:#?}");
    }
}

#[test]
fn every_implemented_rule_has_fixtures() {
    let output = run(&["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    for rule in rules.as_array().into_iter().flatten() {
        if rule["implemented"] == true {
            let code = rule["code"].as_str().unwrap_or("");
            for side in ["fail", "pass"] {
                let dir = root().join(format!("testdata/rules/{code}/{side}"));
                assert!(
                    dir.is_dir() && !walk(&dir).is_empty()
                        || std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()),
                    "{code} has no {side} fixture at {}",
                    dir.display()
                );
            }
        }
    }
}

#[test]
fn same_defects_in_every_openapi_version_at_the_right_lines() {
    for version in ["swagger2", "openapi30", "openapi31"] {
        let dir = format!("testdata/versions/{version}");
        let (report, _) = scan_json(&[&dir, "--select", "ID001,ID002,CLS001", "--fail-on", "never"]);
        check_markers(&dir, "ID001,ID002,CLS001", &report);
        let in_ref_file = findings(&report)
            .iter()
            .filter(|f| f["path"].as_str().unwrap_or("").ends_with("paths/transfers.yaml"))
            .count();
        assert_eq!(in_ref_file, 2, "{version}: findings inside the $ref'd path item");
    }
}
