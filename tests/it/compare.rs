//! `scan --compare` and `merge --compare` (rectification tracking): two versions of the demo
//! bank, the second after `apiaudit fix` and with one new problem, compared in every format and
//! both languages.

use crate::support::*;
use serde_json::Value;
use std::collections::HashMap;
use std::fs;
use std::path::Path;

const DEMO: &str = "testdata/projects/demo-bank";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// The counts a comparison must give, computed here from the two JSON results.
fn expected(previous: &Value, current: &Value) -> (u64, u64, u64) {
    let mut left: HashMap<String, u64> = HashMap::new();
    for f in findings(previous) {
        *left
            .entry(f["fingerprint"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    let (mut new, mut open) = (0, 0);
    for f in findings(current) {
        match left.get_mut(f["fingerprint"].as_str().unwrap_or("")) {
            Some(n) if *n > 0 => {
                *n -= 1;
                open += 1;
            }
            _ => new += 1,
        }
    }
    let mut suppressed_now: HashMap<String, u64> = HashMap::new();
    for f in current["suppressed"].as_array().cloned().unwrap_or_default() {
        *suppressed_now
            .entry(f["fingerprint"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    let mut fixed = 0;
    for (fingerprint, n) in left {
        let accepted = suppressed_now.get(&fingerprint).copied().unwrap_or(0).min(n);
        fixed += n - accepted;
    }
    (fixed, new, open)
}

struct Versions {
    _dir: tempfile::TempDir,
    root: String,
    previous: String,
}

/// v1 scanned to previous.json; then rectified with `fix` and given one new problem.
fn versions() -> Versions {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().join("demo-bank");
    copy_dir(&root_path(DEMO), &root);
    let root_s = root.to_str().unwrap_or("").to_string();
    let previous = dir.path().join("previous.json");
    let previous_s = previous.to_str().unwrap_or("").to_string();
    let output = run(&["scan", &root_s, "-f", "json", "-o", &previous_s, "--no-progress"]);
    assert!(code(&output) <= 1);
    let output = run(&["fix", &root_s]);
    assert!(code(&output) <= 1, "{}", String::from_utf8_lossy(&output.stderr));
    // A new problem: the accounts service gets a plain-HTTP server (AUTH005).
    let spec = root.join("accounts-service/openapi/accounts.json");
    let text = fs::read_to_string(&spec).unwrap_or_default();
    let changed = text.replacen(
        "\"servers\": [",
        "\"servers\": [\n    {\"url\": \"http://accounts.lanhai-bank.example/v1\"},",
        1,
    );
    assert_ne!(changed, text, "the demo spec has a servers list");
    fs::write(&spec, changed).unwrap_or_else(|e| panic!("{e}"));
    Versions {
        _dir: dir,
        root: root_s,
        previous: previous_s,
    }
}

fn root_path(rel: &str) -> std::path::PathBuf {
    root().join(rel)
}

fn scan_output(v: &Versions, format: &str, lang: &str) -> String {
    let output = run(&[
        "scan",
        &v.root,
        "--compare",
        &v.previous,
        "-f",
        format,
        "--lang",
        lang,
        "--no-progress",
    ]);
    assert!(
        code(&output) <= 1,
        "{format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn compare_counts_fixed_new_and_still_open_in_every_format() {
    let v = versions();
    let previous: Value =
        serde_json::from_str(&fs::read_to_string(&v.previous).unwrap_or_default()).unwrap_or_default();
    let current: Value = serde_json::from_str(&scan_output(&v, "json", "en")).unwrap_or_default();
    let (fixed, new, open) = expected(&previous, &current);
    assert!(fixed >= 2, "fix rectified nothing: {fixed}");
    assert!(new >= 1, "the new problem was not reported");
    let comparison = &current["comparison"];
    assert_eq!(comparison["fixed"], fixed);
    assert_eq!(comparison["new"], new);
    assert_eq!(comparison["still_open"], open);
    assert_eq!(
        comparison["fixed_findings"].as_array().map_or(0, Vec::len) as u64,
        fixed
    );
    let by_rule = comparison["by_rule"].as_array().cloned().unwrap_or_default();
    let cls001 = by_rule
        .iter()
        .find(|r| r["rule"] == "CLS001")
        .cloned()
        .unwrap_or_default();
    assert!(cls001["fixed"].as_u64().unwrap_or(0) >= 1, "{cls001}");
    let auth005 = by_rule
        .iter()
        .find(|r| r["rule"] == "AUTH005")
        .cloned()
        .unwrap_or_default();
    assert!(auth005["new"].as_u64().unwrap_or(0) >= 1, "{auth005}");
    let sum = |key: &str| by_rule.iter().map(|r| r[key].as_u64().unwrap_or(0)).sum::<u64>();
    assert_eq!((sum("fixed"), sum("new"), sum("still_open")), (fixed, new, open));

    let en = format!("{fixed} fixed, {new} new, {open} still open");
    let zh = format!("已整改 {fixed} 个，新增 {new} 个，仍未整改 {open} 个");
    for (lang, headline) in [("en", &en), ("zh", &zh)] {
        let text = scan_output(&v, "text", lang);
        assert!(text.contains(headline.as_str()), "text/{lang}: {text}");
        let fixed_label = if lang == "en" {
            "fixed: CLS001 "
        } else {
            "已整改: CLS001 "
        };
        assert!(text.contains(fixed_label), "text/{lang} lists the fixed findings");

        let github = scan_output(&v, "github", lang);
        assert!(
            github.contains(headline.as_str()) && github.contains("CLS001"),
            "github/{lang}"
        );
        let marker = if lang == "en" { "(new)" } else { "（新增）" };
        assert!(github.contains(marker), "github/{lang} marks new findings");

        let gitlab: Value = serde_json::from_str(&scan_output(&v, "gitlab", lang)).unwrap_or_default();
        let issues = gitlab.as_array().cloned().unwrap_or_default();
        let info = issues
            .iter()
            .find(|i| i["check_name"] == "apiaudit-rectification")
            .cloned()
            .unwrap_or_default();
        assert!(
            info["description"]
                .as_str()
                .unwrap_or("")
                .contains(headline.as_str()),
            "gitlab/{lang}: {info}"
        );
        assert_eq!(
            issues.iter().filter(|i| i["apiaudit_status"] == "new").count() as u64,
            new
        );

        let sarif: Value = serde_json::from_str(&scan_output(&v, "sarif", lang)).unwrap_or_default();
        let run0 = &sarif["runs"][0];
        assert_eq!(
            run0["properties"]["apiaudit/comparison"]["fixed"], fixed,
            "sarif/{lang}"
        );
        assert!(run0["properties"]["apiaudit/comparisonSummary"]
            .as_str()
            .unwrap_or("")
            .contains(headline.as_str()));
        let results = run0["results"].as_array().cloned().unwrap_or_default();
        let reported = results.iter().filter(|r| r.get("suppressions").is_none());
        assert_eq!(
            reported.clone().filter(|r| r["baselineState"] == "new").count() as u64,
            new
        );
        assert_eq!(
            reported.filter(|r| r["baselineState"] == "unchanged").count() as u64,
            open
        );

        let junit = scan_output(&v, "junit", lang);
        assert!(
            junit.contains(&format!("<property name=\"fixed\" value=\"{fixed}\"/>")),
            "junit/{lang}"
        );
        assert!(junit.contains(&format!("<property name=\"new\" value=\"{new}\"/>")));
        assert!(junit.contains(&format!("<property name=\"still-open\" value=\"{open}\"/>")));
        assert_eq!(
            junit.matches("classname=\"apiaudit.rectification.").count() as u64,
            fixed
        );

        for format in ["markdown", "html"] {
            let report = scan_output(&v, format, lang);
            assert!(
                report.contains("整改情况"),
                "{format}/{lang} has the 整改情况 section"
            );
            let intro = if lang == "en" {
                format!("{fixed} are fixed, {open} still open")
            } else {
                format!("已整改 {fixed} 个、仍未整改 {open} 个")
            };
            assert!(report.contains(&intro), "{format}/{lang}: {intro}");
            assert!(report.contains("→"), "{format}/{lang} shows the trend per rule");
            let heading = match lang {
                "en" => "Fixed findings",
                _ => "已整改的问题",
            };
            assert!(report.contains(heading), "{format}/{lang}");
        }
    }
}

#[test]
fn merge_compares_too_and_a_bad_previous_is_a_usage_error() {
    let v = versions();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let now = dir.path().join("now.json");
    let now_s = now.to_str().unwrap_or("");
    let output = run(&["scan", &v.root, "-f", "json", "-o", now_s, "--no-progress"]);
    assert!(code(&output) <= 1);
    let output = run(&["merge", now_s, "--compare", &v.previous, "-f", "json"]);
    let merged: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let previous: Value =
        serde_json::from_str(&fs::read_to_string(&v.previous).unwrap_or_default()).unwrap_or_default();
    let (fixed, new, open) = expected(&previous, &merged);
    assert!(fixed >= 2);
    assert_eq!(merged["comparison"]["fixed"], fixed);
    assert_eq!(merged["comparison"]["new"], new);
    assert_eq!(merged["comparison"]["still_open"], open);
    let output = run(&["merge", now_s, "--compare", "Cargo.toml"]);
    assert_eq!(code(&output), 2);
    let output = run(&["scan", DEMO, "--compare", "Cargo.toml"]);
    assert_eq!(code(&output), 2);
}
