//! Third-party components: every manifest and lock file type at its lines (also the formats
//! that cannot carry `expect:` comments), the demo bank with and without an advisory database,
//! the database as a directory and as a zip, broken and real-world advisory files, the
//! `components` section and the CycloneDX export, and a run over 500 dependencies.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

const FAIL: &str = "testdata/rules/DEP001/fail";
const DEMO: &str = "testdata/projects/demo-bank";

/// `(path below base, line)` of every finding of `rule`.
fn lines_of(report: &Value, rule: &str, base: &str) -> BTreeSet<(String, u64)> {
    findings(report)
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            let path = f["path"].as_str().unwrap_or("");
            let rel = path.split_once(&format!("{base}/")).map_or(path, |(_, rel)| rel);
            (rel.to_string(), f["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

fn set(items: &[(&str, u64)]) -> BTreeSet<(String, u64)> {
    items.iter().map(|(p, l)| (p.to_string(), *l)).collect()
}

#[test]
fn every_file_type_reports_each_vulnerable_declaration_at_its_line() {
    let (report, _) = scan_json(&[FAIL, "--select", "DEP001", "--fail-on", "never"]);
    let expected = set(&[
        ("cargo/Cargo.lock", 14),
        ("cargo/Cargo.lock", 20),
        ("go/go.mod", 6),
        ("go/go.mod", 7),
        ("go/go.mod", 8),
        ("go/go.mod", 9),
        ("go/go.mod", 16),
        // A module only go.sum lists (go.mod's modules are reported in go.mod only).
        ("go/go.sum", 9),
        ("gradle-kts/build.gradle.kts", 8),
        ("gradle-kts/build.gradle.kts", 10),
        ("gradle-kts/build.gradle.kts", 11),
        ("gradle/build.gradle", 12),
        ("gradle/build.gradle", 13),
        ("gradle/build.gradle", 14),
        ("gradle/build.gradle", 15),
        ("gradle/gradle/libs.versions.toml", 6),
        ("gradle/gradle/libs.versions.toml", 7),
        ("maven/payments/pom.xml", 15),
        ("maven/payments/pom.xml", 20),
        ("maven/payments/pom.xml", 25),
        ("maven/payments/pom.xml", 37),
        ("maven/payments/pom.xml", 59),
        ("maven/pom.xml", 39),
        // JSON and yarn.lock carry no comments: their lines are listed here.
        ("npm-v2/package-lock.json", 14),
        ("npm/package-lock.json", 18),
        ("npm/package-lock.json", 30),
        ("npm/package-lock.json", 52),
        ("poetry/poetry.lock", 4),
        ("poetry/poetry.lock", 12),
        ("python/requirements-dev.txt", 2),
        ("python/requirements-dev.txt", 3),
        ("python/requirements.txt", 2),
        ("python/requirements.txt", 4),
        ("python/requirements.txt", 6),
        ("yarn-berry/yarn.lock", 16),
        ("yarn/yarn.lock", 16),
        ("yarn/yarn.lock", 20),
    ]);
    assert_eq!(lines_of(&report, "DEP001", FAIL), expected);
}

#[test]
fn findings_name_advisories_aliases_severity_and_the_fix() {
    let (report, _) = scan_json(&[FAIL, "--select", "DEP001", "--fail-on", "never"]);
    let find = |path: &str, line: u64| -> Value {
        findings(&report)
            .into_iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path)) && f["line"] == line)
            .unwrap_or_else(|| panic!("no finding at {path}:{line}"))
    };
    // log4j-core through the parent's dependencyManagement: four advisories, one upgrade.
    let log4j = find("maven/payments/pom.xml", 15);
    let message = log4j["message"].as_str().unwrap_or("");
    for id in [
        "GHSA-jfh8-c2jp-5v3q",
        "CVE-2021-44228",
        "CVE-2021-45046",
        "CVE-2021-45105",
        "CVE-2021-44832",
    ] {
        assert!(message.contains(id), "{id} missing: {message}");
    }
    assert!(message.contains("fixed in 2.17.1"), "{message}");
    assert!(
        message.contains("maven/pom.xml:26"),
        "where the version is set: {message}"
    );
    assert_eq!(log4j["severity"], "critical", "from the CVSS vector (10.0)");
    assert!(log4j["help"].as_str().unwrap_or("").contains("2.17.1"));
    assert!(log4j["snippet"]["text"]
        .as_str()
        .unwrap_or("")
        .contains("log4j-core"));
    // GHSA and PYSEC records of one CVE are one vulnerability.
    let requests = find("python/requirements-dev.txt", 2);
    let message = requests["message"].as_str().unwrap_or("");
    assert!(
        message.contains("1 known vulnerability") && message.contains("PYSEC-2018-28"),
        "{message}"
    );
    // Severity from the label when there is no vector; the rule's default when there is none.
    assert_eq!(find("go/go.mod", 7)["severity"], "high");
    let unscored = find("maven/payments/pom.xml", 37);
    assert_eq!(unscored["severity"], "high");
    assert!(unscored["message"]
        .as_str()
        .unwrap_or("")
        .contains("no fixed version"));
    assert_eq!(find("cargo/Cargo.lock", 20)["severity"], "medium");
    // Go fixes are written as go.mod writes versions.
    assert!(find("go/go.mod", 7)["message"]
        .as_str()
        .unwrap_or("")
        .contains("fixed in v1.7.7"));
    // Pre-releases of the fixed version are still affected.
    assert!(find("python/requirements-dev.txt", 3)["message"]
        .as_str()
        .unwrap_or("")
        .contains("fixed in 5.4"));
}

#[test]
fn fixed_versions_ranges_and_unresolved_versions_are_not_reported() {
    let (report, exit) = scan_json(&["testdata/rules/DEP001/pass", "--select", "DEP001"]);
    assert_eq!(exit, 0);
    assert!(findings(&report).is_empty(), "{:#?}", findings(&report));
    let components = report["components"].as_array().cloned().unwrap_or_default();
    let unresolved: Vec<&Value> = components.iter().filter(|c| c["version"].is_null()).collect();
    assert_eq!(
        unresolved.len(),
        6,
        "ranges and unknown properties are listed, not guessed"
    );
    assert!(unresolved.iter().all(|c| c["requirement"].is_string()));
}

/// The rows of EXPECTED.md section 3: (file, line, package).
fn expected_demo_components() -> BTreeSet<(String, u64)> {
    let text = std::fs::read_to_string(root().join(DEMO).join("EXPECTED.md")).unwrap_or_default();
    let section = text
        .split("## 3.")
        .nth(1)
        .and_then(|rest| rest.split("## 4.").next())
        .unwrap_or("");
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let line_number = cells.get(2)?.parse::<u64>().ok()?;
            Some((cells.get(1)?.to_string(), line_number))
        })
        .collect()
}

#[test]
fn demo_bank_with_advisories_reports_the_manifest_rows() {
    let expected = expected_demo_components();
    assert_eq!(expected.len(), 17, "EXPECTED.md section 3");
    let (report, _) = scan_json(&[
        DEMO,
        "--advisories",
        "testdata/advisories/demo-bank",
        "--lang",
        "en",
    ]);
    assert_eq!(lines_of(&report, "DEP001", DEMO), expected);
    assert!(lines_of(&report, "DEP002", DEMO).is_empty());
    let stats = &report["summary"]["advisories"];
    assert_eq!(stats["withdrawn"], 1);
    assert_eq!(stats["unreadable"], 0);
    assert_eq!(report["summary"]["components"], 30);
}

#[test]
fn demo_bank_without_advisories_says_so_once() {
    let (report, _) = scan_json(&[DEMO]);
    let dep002: Vec<Value> = findings(&report)
        .into_iter()
        .filter(|f| f["rule"] == "DEP002")
        .collect();
    assert_eq!(dep002.len(), 1);
    assert_eq!(
        lines_of(&report, "DEP002", DEMO),
        set(&[("accounts-service/requirements.txt", 1)])
    );
    assert_eq!(dep002[0]["severity"], "low");
    assert!(lines_of(&report, "DEP001", DEMO).is_empty());
    assert!(report["summary"].get("advisories").is_none());
    // No components, no DEP002.
    let (report, _) = scan_json(&["testdata/rules/ID001/fail", "--fail-on", "never"]);
    assert!(findings(&report).iter().all(|f| f["rule"] != "DEP002"));
}

#[test]
fn components_section_is_an_inventory_of_dependencies() {
    let (report, _) = scan_json(&[DEMO]);
    let components = report["components"].as_array().cloned().unwrap_or_default();
    assert_eq!(components.len(), 30);
    for key in ["ecosystem", "name", "version", "file", "line"] {
        assert!(components[0].get(key).is_some(), "components.{key}");
    }
    let fastjson = components
        .iter()
        .find(|c| c["name"] == "com.alibaba:fastjson")
        .cloned()
        .unwrap_or_default();
    assert_eq!(fastjson["version"], "1.2.47");
    assert_eq!(fastjson["requirement"], "${fastjson.version}");
    assert_eq!(fastjson["line"], 56);
    let ecosystems: BTreeSet<&str> = components
        .iter()
        .filter_map(|c| c["ecosystem"].as_str())
        .collect();
    assert_eq!(ecosystems, BTreeSet::from(["Go", "Maven", "PyPI"]));
}

fn zip_dir(dir: &Path, target: &Path) {
    let file = std::fs::File::create(target).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for path in walk(dir) {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        zip.start_file(name, options).unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(&std::fs::read(&path).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_zip_export_gives_the_same_findings_as_its_directory() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let archive = dir.path().join("all.zip");
    zip_dir(&root().join("testdata/advisories/fixtures"), &archive);
    let archive = archive.to_string_lossy().to_string();
    let args = |db: &str| -> Vec<String> {
        vec![
            FAIL.into(),
            "--select".into(),
            "DEP001".into(),
            "--fail-on".into(),
            "never".into(),
            "--advisories".into(),
            db.into(),
        ]
    };
    let from_dir = args("testdata/advisories/fixtures");
    let from_zip = args(&archive);
    let (a, _) = scan_json(&from_dir.iter().map(String::as_str).collect::<Vec<_>>());
    let (b, _) = scan_json(&from_zip.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(findings(&a), findings(&b));
    assert_eq!(
        a["summary"]["advisories"]["advisories"],
        b["summary"]["advisories"]["advisories"]
    );
}

#[test]
fn broken_advisory_files_are_counted_and_named_not_fatal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for source in ["testdata/advisories/fixtures", "testdata/advisories/broken"] {
        for path in walk(&root().join(source)) {
            let rel = path.strip_prefix(root().join(source)).unwrap_or(&path);
            let target = dir.path().join(rel);
            std::fs::create_dir_all(target.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let db = dir.path().to_string_lossy().to_string();
    let (report, _) = scan_json(&[
        FAIL,
        "--select",
        "DEP001",
        "--fail-on",
        "never",
        "--advisories",
        &db,
    ]);
    let stats = &report["summary"]["advisories"];
    assert_eq!(stats["unreadable"], 2, "{stats:#}");
    let named = stats["problems"].to_string();
    assert!(
        named.contains("GHSA-broken.json") && named.contains("not-osv-typed.json"),
        "{named}"
    );
    assert_eq!(
        lines_of(&report, "DEP001", FAIL).len(),
        37,
        "the readable records still apply"
    );
}

#[test]
fn an_unusable_database_path_is_a_usage_error() {
    let output = run(&["scan", FAIL, "--advisories", "testdata/advisories/does-not-exist"]);
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("does-not-exist"));
    let output = run(&["scan", FAIL, "--advisories", "testdata/advisories/README.md"]);
    assert_eq!(code(&output), 2);
}

#[test]
fn real_advisory_exports_load_without_error() {
    // OSV records shipped in public packages (see testdata/advisories/real/README.md).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("go.mod"),
        "module x\n\ngo 1.17\n\nrequire (\n\tgithub.com/tidwall/gjson v1.6.0\n\tgolang.org/x/text v0.3.2\n)\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().to_string_lossy().to_string();
    let (report, _) = scan_json(&[
        &project,
        "--select",
        "DEP001",
        "--advisories",
        "testdata/advisories/real",
    ]);
    let stats = &report["summary"]["advisories"];
    assert_eq!(stats["unreadable"], 0, "{stats:#}");
    assert_eq!(stats["files"], 47);
    assert_eq!(stats["advisories"], 32);
    assert_eq!(stats["withdrawn"], 1);
    let messages: Vec<String> = findings(&report)
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages[0].contains("GO-2021-0059") && messages[0].contains("4 known vulnerabilities"));
    assert!(messages[1].contains("GO-2020-0015") && messages[1].contains("fixed in v0.3.7"));
}

#[test]
fn sbom_exports_cyclonedx() {
    let output = run(&["inventory", "--format", "cyclonedx", FAIL]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    let bom = cyclonedx_bom::models::bom::Bom::parse_from_json_v1_5(output.stdout.as_slice())
        .unwrap_or_else(|e| panic!("not CycloneDX 1.5: {e:?}"));
    use cyclonedx_bom::validation::Validate;
    assert!(bom.validate().passed(), "{:?}", bom.validate());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let components = json["components"].as_array().cloned().unwrap_or_default();
    let purls: BTreeSet<&str> = components.iter().filter_map(|c| c["purl"].as_str()).collect();
    for purl in [
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "pkg:npm/lodash@4.17.15",
        "pkg:pypi/requests@2.19.1",
        "pkg:golang/github.com/gin-gonic/gin@v1.6.3",
        "pkg:cargo/smallvec@1.6.0",
    ] {
        assert!(purls.contains(purl), "{purl} missing");
    }
    // Same input, same bytes.
    assert_eq!(
        run(&["inventory", "--format", "cyclonedx", FAIL]).stdout,
        output.stdout
    );
}

/// A project of exactly 500 declared dependencies over five ecosystems, 100 of them vulnerable.
pub fn five_hundred_dependencies(dir: &Path) {
    let mut pom = String::from("<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>big</artifactId><version>1</version>\n<dependencies>\n");
    for i in 0..100 {
        let (group, artifact, version) = if i % 5 == 0 {
            (
                "org.apache.logging.log4j",
                "log4j-core".to_string(),
                "2.14.1".to_string(),
            )
        } else {
            ("com.example", format!("lib{i}"), format!("1.{i}.0"))
        };
        pom.push_str(&format!(
            "<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version></dependency>\n"
        ));
    }
    pom.push_str("</dependencies></project>\n");
    let mut lock = String::from("{\n\"lockfileVersion\": 3,\n\"packages\": {\n\"\": {\"name\": \"big\"}");
    for i in 0..100 {
        let (name, version) = if i % 5 == 0 {
            (format!("a{i}/node_modules/lodash"), "4.17.15".to_string())
        } else {
            (format!("pkg{i}"), format!("1.0.{i}"))
        };
        lock.push_str(&format!(
            ",\n\"node_modules/{name}\": {{\"version\": \"{version}\"}}"
        ));
    }
    lock.push_str("\n}\n}\n");
    let mut requirements = String::new();
    for i in 0..100 {
        if i % 5 == 0 {
            requirements.push_str(&format!(
                "requests=={}\n",
                if i == 0 { "2.19.1" } else { "2.19.0" }
            ));
        } else {
            requirements.push_str(&format!("package-{i}==0.{i}\n"));
        }
    }
    let mut go_mod = String::from("module big\n\ngo 1.17\n\nrequire (\n");
    for i in 0..100 {
        if i % 5 == 0 {
            go_mod.push_str(&format!("\tgithub.com/gin-gonic/gin{i} v1.6.3\n"));
        } else {
            go_mod.push_str(&format!("\texample.com/mod{i} v1.{i}.0\n"));
        }
    }
    go_mod.push_str(")\n");
    let mut cargo = String::from("version = 3\n");
    for i in 0..100 {
        let (name, version) = if i % 5 == 0 {
            ("smallvec".to_string(), "1.6.0")
        } else {
            (format!("crate{i}"), "0.1.0")
        };
        cargo.push_str(&format!(
            "\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        ));
    }
    for (name, text) in [
        ("pom.xml", pom),
        ("package-lock.json", lock),
        ("requirements.txt", requirements),
        ("go.mod", go_mod),
        ("Cargo.lock", cargo),
    ] {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn five_hundred_dependencies_are_all_read_and_checked() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    five_hundred_dependencies(dir.path());
    let project = dir.path().to_string_lossy().to_string();
    let (report, _) = scan_json(&[
        &project,
        "--select",
        "DEP001",
        "--advisories",
        "testdata/advisories/fixtures",
    ]);
    assert_eq!(report["summary"]["components"], 500);
    // gin20..gin95 are other modules (no advisory); log4j, lodash, requests and smallvec are.
    let by_file = |name: &str| {
        findings(&report)
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .count()
    };
    assert_eq!(by_file("pom.xml"), 20);
    assert_eq!(by_file("package-lock.json"), 20);
    assert_eq!(by_file("requirements.txt"), 20);
    assert_eq!(by_file("Cargo.lock"), 20);
    assert_eq!(by_file("go.mod"), 0);
}

#[test]
fn manifests_that_do_not_parse_are_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = [
        (
            "a/pom.xml",
            "<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n",
        ),
        (
            "b/package-lock.json",
            "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/x\": {\n",
        ),
        ("c/Cargo.lock", "version = 3\n\n[[package]\nname = \"x\"\n"),
        ("d/poetry.lock", "[[package]]\nname = \"x\"\nversion = 1.0 =\n"),
        (
            "e/gradle/libs.versions.toml",
            "[libraries]\nx = { module = \"a:b\", version = }\n",
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let project = dir.path().to_string_lossy().to_string();
    let (report, _) = scan_json(&[&project, "--select", "META001", "--fail-on", "never"]);
    let found: BTreeSet<(String, u64)> = lines_of(&report, "META001", &project);
    let files: BTreeSet<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "a/pom.xml",
            "b/package-lock.json",
            "c/Cargo.lock",
            "d/poetry.lock",
            "e/gradle/libs.versions.toml"
        ]),
        "{found:?}"
    );
    assert!(
        found.contains(&("a/pom.xml".to_string(), 4)),
        "at the mismatched end tag: {found:?}"
    );
    assert!(findings(&report).iter().all(|f| f["message"]
        .as_str()
        .unwrap_or("")
        .contains("components were not checked")));
}

#[test]
fn a_reasoned_inline_ignore_suppresses_a_vulnerable_declaration() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("requirements.txt"),
        "# apiaudit:ignore DEP001 -- redirect handling not used; tracked in RISK-42\nrequests==2.19.1\nurllib3==1.24.1\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().to_string_lossy().to_string();
    let (report, _) = scan_json(&[
        &project,
        "--select",
        "DEP001",
        "--advisories",
        "testdata/advisories/fixtures",
    ]);
    assert_eq!(
        lines_of(&report, "DEP001", &project),
        set(&[("requirements.txt", 3)])
    );
    assert_eq!(report["summary"]["suppressed"], 1);
}
