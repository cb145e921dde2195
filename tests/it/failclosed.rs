//! Fail closed (SPEC §2): which files a run audits inside and outside a git work tree, files it
//! cannot audit (each a META001 finding and a `skipped` entry, high where a spec, key or config
//! should be), the exit code of a run with nothing to audit, files in GBK and UTF-16 (the same
//! findings at the same places as their UTF-8 twins), Maven build tokens, and large files.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// A Java key store's magic, version 2, no entries: what `keytool` writes first.
const JKS: &[u8] = &[0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 0];
const ENV: &str = "APP_ID=PAY0001\nDB_PASSWORD=Pay!2024-core\n";

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .status()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(status.success(), "git {args:?}");
}

/// A service repository: one source file, and a key store and `.env` that `.gitignore` names.
fn service(dir: &Path) {
    write(dir, ".gitignore", b"*.jks\n.env\nbuild/\n");
    write(dir, "src/main/java/App.java", b"class App {}\n");
    write(dir, "src/main/resources/keystore.jks", JKS);
    write(dir, ".env", ENV.as_bytes());
}

/// Scans `dir` (as a path from the test's working directory) and returns the JSON and exit code.
fn scan(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let dir = dir.to_str().unwrap_or("");
    let mut args = vec![dir, "--fail-on", "never"];
    args.extend_from_slice(extra);
    scan_json(&args)
}

/// `(file name, rule)` of every finding.
fn found(report: &Value) -> BTreeSet<(String, String)> {
    findings(report)
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or("");
            let name = path.rsplit('/').next().unwrap_or(path).to_string();
            (name, f["rule"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

fn has(report: &Value, name: &str, rule: &str) -> bool {
    found(report).contains(&(name.to_string(), rule.to_string()))
}

#[test]
fn tracked_files_are_audited_whatever_gitignore_says() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = dir.path();
    service(repo);
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(repo, &["add", "-f", ".env", "src/main/resources/keystore.jks"]);
    git(repo, &["commit", "-qm", "ship it"]);
    // Untracked and ignored: not the estate's.
    write(repo, "build/secrets.env", b"DB_PASSWORD=Build!2024-local\n");
    write(repo, "local.jks", JKS);
    let (report, _) = scan(repo, &[]);
    assert!(has(&report, "keystore.jks", "KEY002"), "{}", listing(&report, ""));
    assert!(has(&report, ".env", "KEY003"), "{}", listing(&report, ""));
    assert!(!has(&report, "secrets.env", "KEY003") && !has(&report, "local.jks", "KEY002"));
    // Scanning a directory inside the work tree keeps the same rules.
    let (report, _) = scan(&repo.join("src"), &[]);
    assert!(has(&report, "keystore.jks", "KEY002"), "{}", listing(&report, ""));
    // --no-ignore: ignore files are off, so the untracked ignored files are audited too.
    let (report, _) = scan(repo, &["--no-ignore"]);
    assert!(has(&report, "secrets.env", "KEY003") && has(&report, "local.jks", "KEY002"));
    // .apiauditignore is the way to leave a tracked file out.
    write(repo, ".apiauditignore", b"keystore.jks\n.env\n");
    let (report, _) = scan(repo, &[]);
    assert!(!has(&report, "keystore.jks", "KEY002") && !has(&report, ".env", "KEY003"));
    // ... unless --no-ignore.
    let (report, _) = scan(repo, &["--no-ignore"]);
    assert!(has(&report, "keystore.jks", "KEY002") && has(&report, ".env", "KEY003"));
    // scan.exclude applies even then.
    write(
        repo,
        "apiaudit.toml",
        b"[scan]\nexclude = [\"**/keystore.jks\"]\n",
    );
    let config = repo.join("apiaudit.toml");
    let (report, _) = scan(repo, &["--no-ignore", "--config", config.to_str().unwrap_or("")]);
    assert!(!has(&report, "keystore.jks", "KEY002") && has(&report, ".env", "KEY003"));
}

#[test]
fn a_tracked_file_deleted_from_the_work_tree_is_read_from_the_index() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = dir.path();
    service(repo);
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(repo, &["add", "-f", ".env"]);
    std::fs::remove_file(repo.join(".env")).unwrap_or_else(|e| panic!("{e}"));
    let (report, _) = scan(repo, &[]);
    assert!(has(&report, ".env", "KEY003"), "{}", listing(&report, ""));
}

#[test]
fn outside_git_ignore_files_mean_nothing() {
    // A delivered source package: `.gitignore` came along, but nothing is ignored.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    service(dir.path());
    write(dir.path(), ".ignore", b"src/\n");
    let (report, _) = scan(dir.path(), &[]);
    assert!(has(&report, "keystore.jks", "KEY002"), "{}", listing(&report, ""));
    assert!(has(&report, ".env", "KEY003"), "{}", listing(&report, ""));
    // .apiauditignore applies everywhere.
    write(dir.path(), ".apiauditignore", b"*.jks\n");
    let (report, _) = scan(dir.path(), &[]);
    assert!(!has(&report, "keystore.jks", "KEY002") && has(&report, ".env", "KEY003"));
}

/// META001 findings of a report: `(file name, severity, message)`.
fn meta(report: &Value) -> Vec<(String, String, String)> {
    findings(report)
        .iter()
        .filter(|f| f["rule"] == "META001")
        .map(|f| {
            let path = f["path"].as_str().unwrap_or("");
            (
                path.rsplit('/').next().unwrap_or(path).to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_spec_that_cannot_be_audited_fails_the_default_gate() {
    // Binary: NUL bytes near the start.
    let binary = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(binary.path(), "openapi.yaml", b"openapi: 3.0.3\n\0\0\0\x01\x02");
    // Unreadable: a link to nowhere.
    let unreadable = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(
        "/nonexistent/openapi.yaml",
        unreadable.path().join("openapi.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Oversized: over the limits a config sets.
    let large = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n# {}\n",
        "x".repeat(4096)
    );
    write(large.path(), "api/openapi.yaml", spec.as_bytes());
    write(
        large.path(),
        "apiaudit.toml",
        b"[scan]\nmax-file-size = \"1KiB\"\nmax-spec-size = \"2KiB\"\n",
    );
    for (dir, reason) in [
        (binary.path(), "binary"),
        (unreadable.path(), "cannot be read"),
        (large.path(), "too large"),
    ] {
        let path = dir.to_str().unwrap_or("");
        let config = dir.join("apiaudit.toml");
        let mut args = vec!["scan", "-f", "json", path];
        if config.exists() {
            args.extend(["--config", config.to_str().unwrap_or("")]);
        }
        let output = run(&args);
        assert_eq!(
            code(&output),
            1,
            "{reason}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
        let meta = meta(&report);
        assert!(
            meta.iter().any(|(name, severity, message)| name == "openapi.yaml"
                && severity == "high"
                && message.contains(reason)),
            "{reason}: {meta:?}"
        );
        let skipped = report["skipped"].as_array().cloned().unwrap_or_default();
        assert_eq!(skipped.len(), 1, "{reason}: {skipped:?}");
        assert!(skipped[0]["path"]
            .as_str()
            .unwrap_or("")
            .ends_with("openapi.yaml"));
        assert!(skipped[0]["reason"].as_str().unwrap_or("").contains(reason));
        assert!(
            report["summary"]["skipped"].to_string().contains(":1"),
            "{}",
            report["summary"]
        );
    }
    // Named on the command line, the large spec is read whatever the limits.
    let named = large.path().join("api/openapi.yaml");
    let config = large.path().join("apiaudit.toml");
    let (report, _) = scan_json(&[
        named.to_str().unwrap_or(""),
        "--config",
        config.to_str().unwrap_or(""),
        "--fail-on",
        "never",
    ]);
    assert_eq!(report["summary"]["specs"], 1);
    assert!(meta(&report).is_empty(), "{:?}", meta(&report));
}

#[test]
fn other_files_not_audited_are_medium_and_listed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "docs/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(dir.path(), "notes/legacy.txt", b"caf\xe9 cr\xe8me\n");
    write(dir.path(), "src/App.java", b"class App {}\n");
    let (report, exit) = scan_json(&[dir.path().to_str().unwrap_or("")]);
    assert_eq!(exit, 0, "{:?}", meta(&report));
    let meta = meta(&report);
    assert!(
        meta.iter()
            .any(|(n, s, m)| n == "logo.png" && s == "medium" && m.contains("binary")),
        "{meta:?}"
    );
    assert!(
        meta.iter()
            .any(|(n, s, m)| n == "legacy.txt" && s == "medium" && m.contains("encoding not determined")),
        "{meta:?}"
    );
    let paths: Vec<&str> = report["skipped"]
        .as_array()
        .map(|list| list.iter().filter_map(|s| s["path"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("docs/logo.png") && paths[1].ends_with("notes/legacy.txt"));
    // The summary line says how many and why; --verbose lists them.
    let output = run(&[
        "scan",
        dir.path().to_str().unwrap_or(""),
        "--verbose",
        "--no-progress",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stdout.contains("not audited 2 (1 binary, 1 undecodable)"),
        "{stdout}"
    );
    assert!(stderr.contains("logo.png: binary"), "{stderr}");
}

#[test]
fn nothing_to_audit_exits_2_unless_allowed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().to_str().unwrap_or("");
    let output = run(&["scan", path]);
    assert_eq!(code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("nothing to audit") && stderr.contains(path),
        "{stderr}"
    );
    let output = run(&["scan", path, "--allow-empty"]);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    // Everything excluded is nothing to audit too.
    write(dir.path(), "a.yaml", b"a: 1\n");
    write(dir.path(), ".apiauditignore", b"*\n");
    assert_eq!(code(&run(&["scan", path])), 2);
}

/// The estate in UTF-8; its twins are the same text in other encodings.
const TWINS: &[(&str, &str)] = &[
    (
        "application.properties",
        "# 说明：密码\nspring.datasource.username=核心账务\nspring.datasource.password=Zx9!core-2019\n",
    ),
    (
        "logback.xml",
        "<?xml version=\"1.0\"?>\n<!-- 交易流水日志 -->\n<configuration>\n  <appender name=\"流水\" class=\"ch.qos.logback.core.rolling.RollingFileAppender\">\n    <file>/data/logs/交易流水.log</file>\n    <rollingPolicy class=\"ch.qos.logback.core.rolling.TimeBasedRollingPolicy\">\n      <fileNamePattern>/data/logs/交易流水.%d{yyyy-MM-dd}.log</fileNamePattern>\n      <maxHistory>30</maxHistory>\n    </rollingPolicy>\n  </appender>\n  <root level=\"INFO\"><appender-ref ref=\"流水\"/></root>\n</configuration>\n",
    ),
    (
        "TransferService.java",
        "class TransferService {\n  // 转账：记录日志\n  void run(Req req) {\n    log.info(\"转账 卡号={} 密码={}\", req.getCardNo(), req.getPayPassword());\n  }\n}\n",
    ),
    (
        "openapi.yaml",
        "openapi: 3.0.3\ninfo:\n  title: 账户查询\n  version: '1.0'\npaths:\n  /accounts/{id}:\n    get:\n      summary: 查询账户余额（含身份证号）\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: password, in: query, schema: {type: string}}\n      responses:\n        '200': {description: 成功}\n",
    ),
];

/// `(file, line, column, rule, message)` of every finding, the file by name.
fn places(report: &Value) -> BTreeSet<(String, u64, u64, String, String)> {
    findings(report)
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or("");
            (
                path.rsplit('/').next().unwrap_or(path).to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn gbk_and_utf16_files_give_the_findings_of_their_utf8_twins() {
    let utf8 = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in TWINS {
        write(utf8.path(), name, text.as_bytes());
    }
    let (twin, _) = scan(utf8.path(), &[]);
    let expected = places(&twin);
    // The twin has findings from each file, some of them through Chinese words.
    for (name, rule) in [
        ("application.properties", "KEY003"),
        ("logback.xml", "LOG001"),
        ("logback.xml", "LOG002"),
        ("TransferService.java", "LOG004"),
    ] {
        assert!(has(&twin, name, rule), "{name} {rule}: {}", listing(&twin, ""));
    }
    assert!(meta(&twin).is_empty(), "{:?}", meta(&twin));
    let utf16 = |text: &str, le: bool| -> Vec<u8> {
        let bom: &[u8] = if le { b"\xFF\xFE" } else { b"\xFE\xFF" };
        bom.iter()
            .copied()
            .chain(
                text.encode_utf16()
                    .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }),
            )
            .collect()
    };
    type Encode = Box<dyn Fn(&str) -> Vec<u8>>;
    let encodings: [(&str, Encode); 4] = [
        (
            "gbk",
            Box::new(|text: &str| encoding_rs::GBK.encode(text).0.into_owned()),
        ),
        ("utf-16le", Box::new(move |text: &str| utf16(text, true))),
        ("utf-16be", Box::new(move |text: &str| utf16(text, false))),
        (
            "utf-8 with a BOM",
            Box::new(|text: &str| [b"\xEF\xBB\xBF", text.as_bytes()].concat()),
        ),
    ];
    for (label, encode) in encodings {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in TWINS {
            write(dir.path(), name, &encode(text));
        }
        let (report, _) = scan(dir.path(), &[]);
        assert_eq!(places(&report), expected, "{label}:\n{}", listing(&report, ""));
        assert_eq!(report["summary"]["specs"], 1, "{label}");
        // Snippets show the text as written, never mojibake; secrets stay masked.
        let shown = serde_json::to_string(&report["findings"]).unwrap_or_default();
        assert!(!shown.contains("Zx9!core-2019"), "{label}: secret shown in full");
        assert!(shown.contains("密码"), "{label}: {shown}");
        let snippet = |name: &str| {
            findings(&report)
                .iter()
                .find(|f| f["path"].as_str().unwrap_or("").ends_with(name) && f["rule"] == "KEY003")
                .map(|f| f["snippet"].to_string())
        };
        if let Some(snippet) = snippet("application.properties") {
            assert!(!snippet.contains('\u{fffd}'), "{label}: {snippet}");
        }
    }
}

const ENCODINGS: &str = "testdata/regressions/encodings";

#[test]
fn a_latin1_properties_file_is_read_as_java_reads_it() {
    // java.util.Properties.load(InputStream) reads ISO-8859-1: a .properties file neither UTF-8
    // nor GB18030 is read so, with the findings of its UTF-8 twin at the same places.
    let (latin1, _) = scan(&root().join(ENCODINGS).join("latin1"), &[]);
    let (utf8, _) = scan(&root().join(ENCODINGS).join("utf8"), &[]);
    assert!(meta(&latin1).is_empty(), "{:?}", meta(&latin1));
    assert!(
        has(&latin1, "messages.properties", "KEY003"),
        "{}",
        listing(&latin1, "")
    );
    assert_eq!(places(&latin1), places(&utf8), "{}", listing(&latin1, ""));
    let shown = serde_json::to_string(&latin1["findings"]).unwrap_or_default();
    assert!(!shown.contains("Zx9!core-2019"), "secret shown in full: {shown}");
    assert!(!shown.contains('\u{fffd}'), "{shown}");
    // Other files in no determinable encoding stay undecodable: a config one is high.
    let (report, exit) = scan_json(&[&format!("{ENCODINGS}/undecodable")]);
    assert_eq!(exit, 1, "{:?}", meta(&report));
    let meta = meta(&report);
    assert!(
        meta.iter()
            .any(|(n, s, m)| n == "application.yml" && s == "high" && m.contains("encoding not determined")),
        "{meta:?}"
    );
}

#[test]
fn maven_tokens_are_read_as_the_build_reads_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "src/main/resources/application.yml",
        b"spring:\n  profiles:\n    active: @profiles.active@\n  application:\n    name: @project.artifactId@\n  datasource:\n    password: Tok!en-2024-db\nlogging:\n  file:\n    name: /data/logs/pay.log\n",
    );
    let (report, _) = scan(dir.path(), &[]);
    // It parses: no META001, and its logging settings are read (Spring Boot's 7-day default).
    assert!(meta(&report).is_empty(), "{:?}", meta(&report));
    assert!(
        has(&report, "application.yml", "LOG001"),
        "{}",
        listing(&report, "")
    );
    assert!(
        has(&report, "application.yml", "KEY003"),
        "{}",
        listing(&report, "")
    );
    // A token where a number goes is a value set at build time, named as such.
    write(
        dir.path(),
        "src/main/resources/application.yml",
        b"spring:\n  profiles:\n    active: @profiles.active@\nlogging:\n  file:\n    name: /data/logs/pay.log\n  logback:\n    rollingpolicy:\n      max-history: @log.days@\n",
    );
    let (report, _) = scan(dir.path(), &[]);
    let log001: Vec<Value> = findings(&report)
        .into_iter()
        .filter(|f| f["rule"] == "LOG001")
        .collect();
    assert!(
        log001
            .iter()
            .any(|f| f["message"].as_str().unwrap_or("").contains("log.days")),
        "{}",
        listing(&report, "")
    );
    // A config that still does not parse says which rules did not run on it.
    write(
        dir.path(),
        "src/main/resources/application.yml",
        b"spring:\n  a: [1, 2\nlogging:\n  file:\n    name: x.log\n",
    );
    let (report, _) = scan(dir.path(), &[]);
    let meta = meta(&report);
    assert!(
        meta.iter()
            .any(|(_, _, m)| m.contains("LOG001") && m.contains("did not run")),
        "{meta:?}"
    );
}

#[test]
fn the_dereferenced_github_description_named_explicitly_is_audited() {
    let Some(corpus) = std::env::var_os("APIAUDIT_CORPUS") else {
        eprintln!("skipped: set APIAUDIT_CORPUS to the directory scripts/fetch-corpus.sh fills");
        return;
    };
    let spec = Path::new(&corpus).join("octokit/package/generated/api.github.com.deref.json");
    if !spec.is_file() {
        eprintln!("skipped: {} is missing", spec.display());
        return;
    }
    let (report, _) = scan_json(&[
        spec.to_str().unwrap_or(""),
        "--select",
        "SPEC,META",
        "--fail-on",
        "never",
    ]);
    assert_eq!(report["summary"]["specs"], 1);
    assert!(report["summary"]["operations"].as_u64().unwrap_or(0) > 1000);
    assert!(report["skipped"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn a_walked_200_mb_file_is_mapped_not_copied() {
    // Peak memory needs /usr/bin/time (GNU time); the file is generated, 200 MB of config text.
    let time = Path::new("/usr/bin/time");
    if !time.is_file() || std::env::var_os("APIAUDIT_SKIP_LARGE").is_some() {
        eprintln!("skipped: /usr/bin/time is missing or APIAUDIT_SKIP_LARGE is set");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let line = "service.endpoint.timeout=30000 # plain settings, nothing to report here\n";
    let size = 200 * 1000 * 1000;
    let body = line.repeat(size / line.len() + 1);
    write(dir.path(), "conf/huge.properties", body.as_bytes());
    drop(body);
    // Walked, so under `scan.max-file-size`: raised past the file (the default is 128 MiB).
    let side = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        side.path(),
        "apiaudit.toml",
        b"[scan]\nmax-file-size = \"256MiB\"\n",
    );
    let result = side.path().join("result.json");
    let output = Command::new(time)
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_apiaudit"))
        .args([
            "scan",
            "-f",
            "json",
            "--fail-on",
            "never",
            "--select",
            "KEY,META",
            "--config",
        ])
        .arg(side.path().join("apiaudit.toml"))
        .arg("-o")
        .arg(&result)
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let report: Value = serde_json::from_slice(&std::fs::read(&result).unwrap_or_default())
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(report["summary"]["files"], 1, "{}", report["summary"]);
    assert!(
        report["skipped"].as_array().is_some_and(Vec::is_empty),
        "{}",
        report["skipped"]
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak_kib: u64 = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    assert!(peak_kib > 0, "{stderr}");
    let peak = peak_kib * 1024;
    eprintln!("200 MB walked file: peak RSS {} MiB", peak >> 20);
    assert!(peak < 3 * size as u64, "peak {} MiB over 3x the file", peak >> 20);
}
