//! The Excel workbook, read back with calamine: five sheets in the report's language, each with
//! its header row and as many rows as the JSON result has entries; Chinese cells pass the
//! Chinese-output check.

use crate::support::*;
use calamine::{open_workbook, Data, DataType, Range, Reader, Xlsx};
use serde_json::Value;

const DEMO: &str = "testdata/projects/demo-bank";

fn workbook(args: &[&str]) -> (Xlsx<std::io::BufReader<std::fs::File>>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("out.xlsx");
    let path_text = path.display().to_string();
    let mut all = args.to_vec();
    all.extend(["-o", &path_text]);
    let output = run(&all);
    assert!(
        matches!(code(&output), 0 | 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let book: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{path_text}: {e}"));
    (book, dir)
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn header(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .unwrap_or_default()
}

fn len(report: &Value, key: &str) -> usize {
    report[key].as_array().map_or(0, Vec::len)
}

#[test]
fn scan_workbook_matches_the_json_result() {
    // The demo bank's config asks for Chinese: English is asked for here.
    let (report, _) = scan_json(&[DEMO, "--lang", "en"]);
    let (mut book, _dir) = workbook(&["scan", DEMO, "-f", "xlsx", "--lang", "en"]);
    assert_eq!(
        book.sheet_names(),
        ["Interfaces", "Findings", "Log retention", "Components", "Summary"]
    );
    let interfaces = sheet(&mut book, "Interfaces");
    assert_eq!(
        header(&interfaces),
        [
            "ID",
            "method",
            "path",
            "origin",
            "location",
            "declared level",
            "inferred level",
            "evidence",
            "deprecated",
            "sunset",
            "security",
            "routes",
            "grants"
        ]
    );
    assert_eq!(interfaces.height() - 1, len(&report, "inventory"));
    // Each row's origin is the JSON entry's: the operations a spec declares, then those only
    // code serves.
    let origins: Vec<String> = interfaces.rows().skip(1).map(|row| row[3].to_string()).collect();
    let expected: Vec<String> = report["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| entry["origin"].as_str().unwrap_or("spec").to_string())
        .collect();
    assert_eq!(origins, expected);
    assert!(origins.iter().any(|origin| origin == "code"), "{origins:?}");
    let findings = sheet(&mut book, "Findings");
    assert_eq!(
        header(&findings),
        ["rule", "severity", "basis", "clause", "file", "line", "message", "fix"]
    );
    assert_eq!(findings.height() - 1, len(&report, "findings"));
    // The rows are the JSON findings, in the same order.
    for (row, finding) in findings
        .rows()
        .skip(1)
        .zip(report["findings"].as_array().into_iter().flatten())
    {
        assert_eq!(row[0].to_string(), finding["rule"].as_str().unwrap_or_default());
        assert_eq!(row[4].to_string(), finding["path"].as_str().unwrap_or_default());
        assert_eq!(row[5].as_f64(), finding["line"].as_f64());
        assert_eq!(
            row[6].to_string(),
            finding["message"].as_str().unwrap_or_default()
        );
    }
    let logs = sheet(&mut book, "Log retention");
    assert_eq!(logs.height() - 1, len(&report, "logs"));
    let components = sheet(&mut book, "Components");
    assert_eq!(components.height() - 1, len(&report, "components"));
    // Summary: one row per rule, then the totals by severity, which are the JSON's.
    let summary = sheet(&mut book, "Summary");
    assert_eq!(
        header(&summary),
        ["rule", "title", "critical", "high", "medium", "low", "info", "total"]
    );
    let rules: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(summary.height(), rules.len() + 2);
    let totals: Vec<Data> = summary
        .rows()
        .nth(rules.len() + 1)
        .map(<[Data]>::to_vec)
        .unwrap_or_default();
    for (i, severity) in ["critical", "high", "medium", "low", "info"].iter().enumerate() {
        assert_eq!(
            totals[i + 2].as_f64(),
            report["summary"]["by_severity"][severity].as_f64(),
            "{severity}"
        );
    }
    assert_eq!(totals[7].as_f64(), report["summary"]["findings"].as_f64());
}

#[test]
fn chinese_workbook_and_inventory_workbook() {
    let (mut book, _dir) = workbook(&["scan", DEMO, "-f", "xlsx", "--lang", "zh"]);
    let names = book.sheet_names();
    assert_eq!(names, ["接口清单", "发现问题", "日志留存", "第三方组件", "汇总"]);
    let mut problems = crate::zh::Problems::default();
    for name in &names {
        let range = sheet(&mut book, name);
        assert!(
            header(&range).iter().all(|h| !h.is_ascii()),
            "{name}: {:?}",
            header(&range)
        );
        for row in range.rows() {
            for cell in row {
                let text = cell.to_string();
                if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                    problems.check(&format!("xlsx {name}"), &text, &[]);
                }
            }
        }
    }
    problems.assert_none();

    let (report, _) = scan_json(&[DEMO, "--lang", "en"]);
    let (mut book, _dir) = workbook(&["inventory", DEMO, "-f", "xlsx", "--lang", "en"]);
    assert_eq!(book.sheet_names().len(), 5);
    assert_eq!(
        sheet(&mut book, "Interfaces").height() - 1,
        len(&report, "inventory")
    );
    assert_eq!(
        sheet(&mut book, "Findings").height(),
        1,
        "the inventory runs no rule"
    );
}
