//! The command line: exit codes, `explain`, `rules`, `init`, config errors.

use crate::support::*;

#[test]
fn exit_codes() {
    let clean = run(&["scan", "testdata/rules/ID001/pass", "--select", "ID001"]);
    assert_eq!(code(&clean), 0, "{}", String::from_utf8_lossy(&clean.stdout));
    let dirty = run(&["scan", "testdata/rules/ID001/fail", "--select", "ID001"]);
    assert_eq!(code(&dirty), 1);
    let below = run(&[
        "scan",
        "testdata/rules/ID004/fail",
        "--select",
        "ID004",
        "--fail-on",
        "high",
    ]);
    assert_eq!(code(&below), 0, "ID004 is medium: below --fail-on high");
    let never = run(&["scan", "testdata/rules/ID001/fail", "--fail-on", "never"]);
    assert_eq!(code(&never), 0);
    assert_eq!(code(&run(&["scan", "--no-such-flag"])), 2);
    assert_eq!(code(&run(&["scan", "testdata/does-not-exist"])), 2);
    assert_eq!(code(&run(&["scan", "testdata/rules", "--select", "NOPE"])), 2);
    assert_eq!(code(&run(&["explain", "NOPE999"])), 2);
}

#[test]
fn config_errors_name_the_key_and_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("apiaudit.toml");
    std::fs::write(&config, "[scan]\nexclude = []\n\n[rules]\nselct = [\"ALL\"]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run(&[
        "scan",
        "testdata/rules/ID001/pass",
        "--config",
        config.to_str().unwrap_or(""),
    ]);
    assert_eq!(code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("selct") && stderr.contains(":5"), "{stderr}");
}

#[test]
fn init_writes_a_config_that_loads() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("apiaudit.toml");
    let output = run(&["init", config.to_str().unwrap_or("")]);
    assert_eq!(code(&output), 0);
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    for section in [
        "[scan]",
        "[rules]",
        "[interface-id]",
        "[levels]",
        "[retention]",
        "[report]",
        "[checks]",
    ] {
        assert!(text.contains(section), "init config lacks {section}");
    }
    let scan = run(&[
        "scan",
        "testdata/rules/ID001/pass",
        "--select",
        "ID",
        "--config",
        config.to_str().unwrap_or(""),
    ]);
    assert_eq!(code(&scan), 0, "{}", String::from_utf8_lossy(&scan.stderr));
    assert_eq!(
        code(&run(&["init", config.to_str().unwrap_or("")])),
        2,
        "init must not overwrite"
    );
}

#[test]
fn explain_in_chinese() {
    let output = run(&["explain", "ID002", "--lang", "zh"]);
    assert_eq!(code(&output), 0);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("统一识别码不符合附录B编码规则"), "{text}");
    assert!(text.contains("修复方法") && text.contains("附录B"), "{text}");
    let by_name = run(&["explain", "malformed-interface-id"]);
    assert!(String::from_utf8_lossy(&by_name.stdout).contains("# ID002"));
}

#[test]
fn rules_json_lists_the_whole_catalogue() {
    let output = run(&["rules", "--format", "json"]);
    assert_eq!(code(&output), 0);
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let codes: Vec<&str> = rules
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert!(codes.len() >= 43, "{codes:?}");
    for rule in rules.as_array().into_iter().flatten() {
        for key in ["code", "name", "severity", "basis", "status", "en", "zh"] {
            assert!(rule.get(key).is_some(), "rule lacks {key}: {rule}");
        }
    }
}

#[test]
fn text_output_has_snippets_and_a_summary_table() {
    let output = run(&["scan", "testdata/rules/ID002/fail", "--select", "ID002"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("x-api-id: opc102310202000100000002"),
        "snippet missing: {text}"
    );
    assert!(
        text.contains("│ ID002") && text.contains("count"),
        "summary table missing: {text}"
    );
}

#[test]
fn inventory_lists_every_operation_with_declared_and_inferred_levels() {
    let demo = "testdata/projects/demo-bank";
    let csv = run(&[
        "inventory",
        demo,
        "-c",
        "testdata/projects/demo-bank/apiaudit.toml",
        "-f",
        "csv",
    ]);
    assert_eq!(code(&csv), 0, "{}", String::from_utf8_lossy(&csv.stderr));
    let text = String::from_utf8_lossy(&csv.stdout);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("spec,line,column,method,path,operation_id,id,level,inferred_level,level_evidence,deprecated,sunset,security,file,origin,served,handler,framework")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 40, "{} rows", rows.len());
    // The balance query declared A1 is inferred A2, with its evidence.
    assert!(
        rows.iter().any(|r| r.contains("/v1/cards/{cardId}/balance")
            && r.contains(",A1,A2,")
            && r.contains("`balance` (path)")),
        "{text}"
    );
    let json = run(&["inventory", demo, "-f", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    let inventory = value["inventory"].as_array().cloned().unwrap_or_default();
    assert_eq!(inventory.len(), rows.len());
    assert!(inventory.iter().all(|e| e["inferred_level"].is_string()));
    assert!(value["logs"].as_array().is_some_and(|logs| !logs.is_empty()));
    let markdown =
        String::from_utf8_lossy(&run(&["inventory", demo, "-f", "markdown", "--lang", "en"]).stdout)
            .into_owned();
    assert!(
        markdown.contains("# Interface inventory") && markdown.contains("## Log retention"),
        "{markdown}"
    );
    assert!(markdown.contains("| file:line | log |"), "{markdown}");
    let sbom = run(&["inventory", demo, "-f", "cyclonedx"]);
    let bom: serde_json::Value = serde_json::from_slice(&sbom.stdout).unwrap_or_default();
    assert_eq!(bom["bomFormat"], "CycloneDX");
}
