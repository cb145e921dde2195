//! Every output format on the demo bank: golden files (insta snapshots), the SARIF log against
//! the official 2.1.0 schema, several outputs from one run, and no progress indicator in pipes.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;

const DEMO: &str = "testdata/projects/demo-bank";

/// `scan DEMO -f FORMAT ARGS`, its standard output.
fn render(format: &str, args: &[&str]) -> String {
    let mut all = vec!["scan", DEMO, "-f", format, "--fail-on", "never"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert_eq!(
        code(&output),
        0,
        "scan -f {format} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("-f {format} is not UTF-8: {e}"))
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/schemas/sarif-schema-2.1.0.json"))
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema: {e}"));
    for lang in ["en", "zh"] {
        let log: Value = serde_json::from_str(&render("sarif", &["--lang", lang]))
            .unwrap_or_else(|e| panic!("SARIF is not JSON: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF ({lang}) breaks the schema:\n{}",
            errors.join("\n")
        );

        let run = &log["runs"][0];
        let rules: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap_or_else(|| panic!("no rules"))
            .iter()
            .filter_map(|r| r["id"].as_str())
            .collect();
        let unique: BTreeSet<&str> = rules.iter().copied().collect();
        assert_eq!(unique.len(), rules.len(), "a rule is listed twice");
        let results = run["results"].as_array().unwrap_or_else(|| panic!("no results"));
        let fired: BTreeSet<&str> = results.iter().filter_map(|r| r["ruleId"].as_str()).collect();
        assert_eq!(unique, fired, "one rule entry per rule that fired");
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(Some(rules[index]), result["ruleId"].as_str(), "ruleIndex");
            assert!(result["partialFingerprints"]["apiaudit/v1"].is_string());
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(location["region"]["startLine"].as_u64().unwrap_or(0) >= 1);
        }
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        // Every rule descriptor carries what code scanning shows.
        for rule in run["tool"]["driver"]["rules"].as_array().into_iter().flatten() {
            for key in [
                "shortDescription",
                "fullDescription",
                "help",
                "helpUri",
                "defaultConfiguration",
            ] {
                assert!(rule.get(key).is_some(), "rule {} lacks {key}", rule["id"]);
            }
            assert!(rule["properties"]["tags"]
                .as_array()
                .is_some_and(|t| !t.is_empty()));
        }
    }
    // Suppressed findings are results with `suppressions`: baseline every finding, then scan.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap_or("");
    let written = run(&[
        "scan",
        DEMO,
        "-f",
        "json",
        "--fail-on",
        "never",
        "--write-baseline",
        baseline,
    ]);
    assert_eq!(code(&written), 0);
    let log: Value =
        serde_json::from_str(&render("sarif", &["--baseline", baseline])).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        validator.is_valid(&log),
        "SARIF with suppressions breaks the schema"
    );
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty());
    // Baselined findings are external suppressions; those the files themselves suppress
    // (`x-apiaudit-ignore`, `apiaudit:ignore`) stay in-source.
    for result in &results {
        let kind = &result["suppressions"][0]["kind"];
        assert!(kind == "external" || kind == "inSource", "{result}");
    }
    assert!(results.iter().any(|r| r["suppressions"][0]["kind"] == "external"));
}

#[test]
fn a_broken_sarif_log_fails_the_schema_check() {
    // The schema check can fail: a log without `version` or with a bad level is rejected.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/schemas/sarif-schema-2.1.0.json"))
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let mut log: Value = serde_json::from_str(&render("sarif", &[])).unwrap_or_else(|e| panic!("{e}"));
    log["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
    assert!(!validator.is_valid(&log));
}

#[test]
fn golden_sarif() {
    insta::assert_snapshot!("demo_sarif", render("sarif", &["--lang", "en"]));
}

#[test]
fn golden_junit() {
    let xml = render("junit", &["--lang", "en"]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    insta::assert_snapshot!("demo_junit", xml);
}

#[test]
fn golden_github_annotations() {
    let text = render("github", &["--lang", "en"]);
    for line in text.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "not a workflow command: {line}"
        );
    }
    insta::assert_snapshot!("demo_github", text);
}

#[test]
fn golden_gitlab_code_quality() {
    let text = render("gitlab", &["--lang", "en"]);
    let issues: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let prints: BTreeSet<&str> = issues.iter().filter_map(|i| i["fingerprint"].as_str()).collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
    for issue in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key}");
        }
        assert!(issue["location"]["path"].is_string());
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap_or(0) >= 1);
    }
    insta::assert_snapshot!("demo_gitlab", text);
}

#[test]
fn golden_markdown_in_both_languages() {
    let en = render("markdown", &["--lang", "en"]);
    let zh = render("markdown", &["--lang", "zh"]);
    assert!(en.starts_with("# API security self-inspection report"));
    assert!(zh.starts_with("# 应用程序接口安全自查报告"));
    insta::assert_snapshot!("demo_markdown_en", en);
    insta::assert_snapshot!("demo_markdown_zh", zh);
}

#[test]
fn golden_html_in_both_languages() {
    for lang in ["en", "zh"] {
        let html = render("html", &["--lang", lang]);
        // Self-contained: no script, stylesheet, image or font is fetched.
        for external in ["<script", "<link", "src=\"http", "url(", "@import"] {
            assert!(!html.contains(external), "the HTML report loads `{external}`");
        }
        assert!(html.contains("<svg"), "the chart is inline SVG");
        assert_eq!(
            html.matches("<section").count(),
            html.matches("</section>").count()
        );
        insta::assert_snapshot!(format!("demo_html_{lang}"), html);
    }
}

#[test]
fn reports_carry_no_secret_of_the_demo_bank() {
    // The demo bank's private key; every format shows at most its redacted prefix.
    let key_body = "MIIEpAIBAAKCAQEAYXgX";
    for format in [
        "sarif", "junit", "github", "gitlab", "markdown", "html", "json", "text",
    ] {
        let out = render(format, &[]);
        assert!(!out.contains(key_body), "{format} shows key material");
    }
}

#[test]
fn several_outputs_in_one_run_match_single_runs() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let formats = [
        "sarif", "junit", "github", "gitlab", "markdown", "html", "json", "text",
    ];
    let mut args: Vec<String> = ["scan", DEMO, "-f", "text", "--fail-on", "never", "--lang", "en"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for format in formats {
        args.push("--report".into());
        args.push(format!("{format}={}", dir.path().join(format).display()));
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&refs);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        !output.stdout.is_empty(),
        "the main output still goes to standard output"
    );
    for format in formats {
        let written =
            std::fs::read_to_string(dir.path().join(format)).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(
            written,
            render(format, &["--lang", "en"]),
            "--report {format}=FILE differs from -f {format}"
        );
    }
}

#[test]
fn no_progress_indicator_in_pipes_or_ci() {
    // Standard error is a pipe here: nothing but errors may appear on it.
    let output = run(&["scan", DEMO, "-f", "json", "--fail-on", "never"]);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = apiaudit()
        .args(["scan", DEMO, "-f", "json", "--fail-on", "never"])
        .env("CI", "true")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.stderr.is_empty());
}
