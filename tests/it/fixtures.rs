//! Every rule has `testdata/rules/<CODE>/fail` (must report it, at each `expect: CODE` marker)
//! and `testdata/rules/<CODE>/pass` (must not report it); fail results are snapshots. Also the
//! version fixtures: the same defects in 2.0, 3.0 and 3.1, inline and in `$ref`'d files.
//!
//! A change rule (CHG, `apiaudit review`) also has `testdata/rules/<CODE>/base`: the estate at
//! the base revision, committed in a repository built for the test; `fail` and `pass` are then
//! the working tree, reviewed against it.

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

/// The rules a fixture directory runs: its own code, plus the codes listed in an optional
/// `testdata/rules/<CODE>/select` file (for rules about other rules' findings, such as META003).
fn selection(code: &str) -> String {
    let extra =
        std::fs::read_to_string(root().join(format!("testdata/rules/{code}/select"))).unwrap_or_default();
    let extra = extra.trim();
    if extra.is_empty() {
        code.to_string()
    } else {
        extra.to_string()
    }
}

/// Copies a fixture tree into a directory.
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for file in walk(from) {
        let rel = file.strip_prefix(from).unwrap_or(&file);
        let target = to.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::copy(&file, &target).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// `apiaudit review --base HEAD . -f json ARGS` in `dir`, parsed.
pub fn review_json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let output = apiaudit()
        .current_dir(dir)
        .args(["review", "--base", "HEAD", ".", "-f", "json", "--no-progress"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run apiaudit: {e}"));
    let exit = code(&output);
    assert!(
        exit == 0 || exit == 1,
        "review {args:?} exited {exit}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("review printed no JSON ({e})"))
}

/// A change rule's side (`fail` or `pass`) reviewed against its `base`: the base committed in
/// a new repository, the side's files as the working tree, staged. Paths as in the side's
/// directory.
fn review_fixture(code: &str, side: &str, select: &str) -> serde_json::Value {
    let mut repo = crate::history::Repo::new();
    copy_tree(&root().join(format!("testdata/rules/{code}/base")), repo.path());
    repo.commit("base");
    for file in walk(repo.path()) {
        if !file
            .strip_prefix(repo.path())
            .is_ok_and(|rel| rel.starts_with(".git"))
        {
            std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    copy_tree(&root().join(format!("testdata/rules/{code}/{side}")), repo.path());
    // Staged as a change is before its commit: a tracked file missing from the work tree
    // would otherwise still be read from the index.
    repo.git(&["add", "-A"]);
    let mut report = review_json(repo.path(), &["--select", select, "--fail-on", "never"]);
    let prefix = format!("testdata/rules/{code}/{side}/");
    for finding in report["findings"].as_array_mut().into_iter().flatten() {
        let path = finding["path"].as_str().unwrap_or("").trim_start_matches("./");
        finding["path"] = serde_json::Value::String(format!("{prefix}{path}"));
    }
    report
}

/// `testdata/rules/<CODE>/fail` reports the rule at every marker and nowhere else in marked
/// files (a snapshot keeps the messages); `pass` does not report it.
fn check_rule_fixtures(code: &str) {
    let fail = format!("testdata/rules/{code}/fail");
    let pass = format!("testdata/rules/{code}/pass");
    let select = selection(code);
    if root().join(format!("testdata/rules/{code}/base")).is_dir() {
        return check_change_fixtures(code, &fail, &pass, &select);
    }
    let (report, _) = scan_json(&[&fail, "--select", &select, "--fail-on", "never"]);
    let hits = findings(&report).iter().filter(|f| f["rule"] == code).count();
    assert!(hits > 0, "{fail} does not trigger {code}");
    check_markers(&fail, &select, &report);
    let only_code = serde_json::json!({
        "findings": findings(&report).into_iter().filter(|f| f["rule"] == code).collect::<Vec<_>>()
    });
    insta::assert_snapshot!(format!("rule_{code}"), listing(&only_code, &format!("{fail}/")));
    let (report, _) = scan_json(&[&pass, "--select", &select, "--fail-on", "never"]);
    let wrong: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["rule"] == code)
        .collect();
    assert!(wrong.is_empty(), "{pass} triggers {code}: {wrong:#?}");
}

/// A change rule's fixtures: `fail` and `pass` each reviewed against `base`.
fn check_change_fixtures(code: &str, fail: &str, pass: &str, select: &str) {
    let report = review_fixture(code, "fail", select);
    let hits = findings(&report).iter().filter(|f| f["rule"] == code).count();
    assert!(hits > 0, "{fail} does not trigger {code}");
    check_markers(fail, select, &report);
    let only_code = serde_json::json!({
        "findings": findings(&report).into_iter().filter(|f| f["rule"] == code).collect::<Vec<_>>()
    });
    insta::assert_snapshot!(format!("rule_{code}"), listing(&only_code, &format!("{fail}/")));
    let report = review_fixture(code, "pass", select);
    let wrong: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["rule"] == code)
        .collect();
    assert!(wrong.is_empty(), "{pass} triggers {code}: {wrong:#?}");
}

/// One test per rule, named after it, so a failure names its rule: its fixture directories,
/// and its catalogue example.
macro_rules! rule_fixtures {
    ($($name:ident => $code:literal),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn fixtures() {
                    super::check_rule_fixtures($code);
                }

                #[test]
                fn example() {
                    super::check_rule_example($code);
                }
            }
        )*

        /// Every fixture directory has its test above.
        const FIXTURE_TESTS: &[&str] = &[$($code),*];
    };
}

rule_fixtures! {
    auth001 => "AUTH001",
    auth002 => "AUTH002",
    auth003 => "AUTH003",
    auth004 => "AUTH004",
    auth005 => "AUTH005",
    auth006 => "AUTH006",
    chg001 => "CHG001",
    chg002 => "CHG002",
    chg003 => "CHG003",
    chg004 => "CHG004",
    chg005 => "CHG005",
    cls001 => "CLS001",
    cls002 => "CLS002",
    cls003 => "CLS003",
    cls004 => "CLS004",
    cls005 => "CLS005",
    data001 => "DATA001",
    data002 => "DATA002",
    data003 => "DATA003",
    data004 => "DATA004",
    data005 => "DATA005",
    dep001 => "DEP001",
    dep002 => "DEP002",
    id001 => "ID001",
    id002 => "ID002",
    id003 => "ID003",
    id004 => "ID004",
    id005 => "ID005",
    inv001 => "INV001",
    inv002 => "INV002",
    key001 => "KEY001",
    key002 => "KEY002",
    key003 => "KEY003",
    key004 => "KEY004",
    key005 => "KEY005",
    key006 => "KEY006",
    life001 => "LIFE001",
    life002 => "LIFE002",
    life003 => "LIFE003",
    life004 => "LIFE004",
    life005 => "LIFE005",
    log001 => "LOG001",
    log002 => "LOG002",
    log003 => "LOG003",
    log004 => "LOG004",
    meta001 => "META001",
    meta002 => "META002",
    meta003 => "META003",
    res001 => "RES001",
    res002 => "RES002",
    spec001 => "SPEC001",
    spec002 => "SPEC002",
    spec003 => "SPEC003",
    spec004 => "SPEC004",
}

#[test]
fn every_fixture_directory_has_its_test() {
    let mut codes: Vec<String> = std::fs::read_dir(root().join("testdata/rules"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    let listed: Vec<String> = FIXTURE_TESTS.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        codes, listed,
        "add each testdata/rules/<CODE> to rule_fixtures! in tests/it/fixtures.rs"
    );
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

/// Where an example's snippet is written when its catalogue entry does not say.
fn example_file(lang: &str) -> &'static str {
    match lang {
        "yaml" => "example.yaml",
        "json" => "example.json",
        "java" => "src/main/java/com/example/Example.java",
        "kotlin" => "src/main/kotlin/com/example/Example.kt",
        "python" => "app/example.py",
        "go" => "main.go",
        "properties" => "src/main/resources/application.properties",
        "xml" => "src/main/resources/logback.xml",
        _ => "example.txt",
    }
}

/// The catalogue entry's `[example]` runs through its rule: the fail snippet is reported, the
/// pass snippet is not.
fn check_rule_example(code: &str) {
    let entry = walk(&root().join("checks"))
        .into_iter()
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&format!("{code}-")) && name.ends_with(".toml"))
        })
        .unwrap_or_else(|| panic!("{code} has no catalogue entry"));
    let text = std::fs::read_to_string(&entry).unwrap_or_else(|e| panic!("{e}"));
    let meta: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
    let example = &meta["example"];
    let get = |key: &str| example.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let list = |key: &str| -> Vec<String> {
        example
            .get(key)
            .and_then(|v| v.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let lang = get("lang").unwrap_or_default();
    let select = get("select").unwrap_or_else(|| code.to_string());
    for side in ["fail", "pass"] {
        // A change rule's example: a repository whose commit holds `base`.
        let mut repo = get("base").map(|_| crate::history::Repo::new());
        let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir_path = repo
            .as_ref()
            .map_or(temp.path(), |repo| repo.path())
            .to_path_buf();
        let write = |rel: &str, body: &str| {
            let path = dir_path.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(&path, body).unwrap_or_else(|e| panic!("{e}"));
        };
        if let Some(context) = example.get("context").and_then(|v| v.as_table()) {
            for (rel, body) in context {
                write(rel, body.as_str().unwrap_or(""));
            }
        }
        let file = get(&format!("{side}-file"))
            .or_else(|| get("file"))
            .unwrap_or_else(|| example_file(&lang).to_string());
        let mut command = vec!["scan".to_string()];
        if let (Some(repo), Some(base)) = (repo.as_mut(), get("base")) {
            write(&file, &base);
            repo.commit("base");
            command = vec![
                "review".into(),
                "--base".into(),
                "HEAD".into(),
                "--no-progress".into(),
            ];
        }
        write(&file, &get(side).unwrap_or_default());
        let shown = dir_path.display().to_string();
        let mut args = command;
        args.extend([
            "-f".into(),
            "json".into(),
            "--fail-on".into(),
            "never".into(),
            "--select".into(),
            select.clone(),
            shown.clone(),
        ]);
        args.extend(
            list("args")
                .into_iter()
                .chain(list(&format!("{side}-args")))
                .map(|a| a.replace("{dir}", &shown)),
        );
        let output = apiaudit()
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run apiaudit: {e}"));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{code} {side} example: no JSON ({e}): {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        let hits: Vec<serde_json::Value> = findings(&report)
            .into_iter()
            .filter(|f| f["rule"] == code)
            .collect();
        match side {
            "fail" => assert!(
                !hits.is_empty(),
                "{code}: the fail example of {} is not reported",
                entry.display()
            ),
            _ => assert!(
                hits.is_empty(),
                "{code}: the pass example of {} is reported: {hits:#?}",
                entry.display()
            ),
        }
    }
}
