//! Secrets: no output format, on stdout, stderr or in an `-o` file, carries a fixture secret
//! whole; a baselined secret that moves stays baselined, a different secret on its line is new.

use crate::support::*;
use std::path::Path;

const DEMO: &str = "testdata/projects/demo-bank";

/// Secrets of the demo estate and of the KEY fixtures, as they stand in the files (for keys,
/// a stretch of the body that the redacted prefix never reaches).
fn fixture_secrets() -> Vec<String> {
    let mut secrets: Vec<String> = [
        "Lh@2023prod!",
        "Rpt#2022ro",
        "2eee5afb272663357ab0492d53e90eaf",
        "Dl4TUI3HafFiN0sJKCmLcRaH",
        "Wq8rTz3Kd0vNa6XbLp2F",
        "BOomdBIBTyUtyLinHdrUoRtINIW7D1oH",
        "LTAI7xkIEb1fvvFwdV4GWAv6",
        "1G95d9UkgcFhhEUkESw2uvV3K19PrH",
        "AKIA6NHLVEOBVIZPNIRS",
        "x4+VMfPKqA2FqYpeGzZKIwSLc++sGTEwXgPZutcM",
        "4cf2e6c8721ef731ab467b9baeaa6314f9e12f3ff97b528ab8b6171bc84449ac",
        "Ldg#2024prod",
        "Sa#2024core",
        "Hq4TUI9HafFiN0sJKCmLcRbX",
        // The detectors of connection strings, URIs, JWTs, .netrc, payment SDKs and symmetric
        // keys (testdata/rules/KEY003/fail, KEY004/fail).
        "Uat#Pass2024",
        "Rd#2024cache",
        "Ld#2024dir",
        "Ftp#2024get",
        "Ml#2024send",
        "Esb#2024auth",
        "Zk9#aQ2mW7xP4vRt",
        "Sg7#kLm2Qx9Wv4Pz",
        "SecretKey012345678901234567890123456789012345678901234567890123456789",
        "Root#2024db",
        "Helm#Pw2024",
        "Qw3rty!2024",
        "Rpt#2024odbc",
        "Rpt#2024ado",
        "Nx#2024deploy",
        "Prod#2024core",
        "q7Kc2Vd1xT9mPzR4sW8nYb3LhJ6fGa0eU5iOt2NwQkE",
        "Vq3Zk8Lm2Xw9Rt4Pn7Hc1Jd6Gb0Fs5Ae2Yi8Uo3Wq7Kx",
        "eyJzdWIiOiJ0ZWxsZXItMDA0MiIsImlhdCI6MTczMzAwMDAwMH0",
        "Lh2024AesKey#001",
        "Lh#2024ledgerDesKey3des!",
        "Lh2024Inline#K02",
        "Kt2024EncodeKey!",
        "Kt#2024jdbc",
        "_11111000001111@",
        "Lh2024WebKey#003",
        "Qm7Xv2Rk9Pt4Zq3Wm8Lc5Hd1Js6Ng0Ab",
        "8fKq2LmZ7xWn4Rt9Vb3Yc6Hd1Js5Pg0A",
        "Vb3Yc6Hd1Js5Pg0A8fKq2LmZ7xWn4Rt9",
        "79mzamWvlIRiEFnel3TC9sRn4OlSKxD31ZpnQEQDzbeg4LbY4N7nKfOlMFZyxYU6e/WFSxaiHC2H743HvivXUg==",
        "/IKlrWErcwiOPY37FuqsxiM2pkew3dyU13Hy1pb/FTU=",
        "TPLmyHIe9zGrRnubrqpjFPnhLz/5e1KKuLYXG8hESaw=",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let read = |path: &str| std::fs::read_to_string(root().join(path)).unwrap_or_default();
    // Every line of the PEM body, and a stretch of the Alipay key past its constant header.
    let pem = read(&format!(
        "{DEMO}/payments-service/src/main/resources/keys/merchant_private.pem"
    ));
    secrets.extend(pem.lines().filter(|l| !l.starts_with("-----")).map(String::from));
    let props = read(&format!(
        "{DEMO}/payments-service/src/main/resources/application-prod.properties"
    ));
    let alipay = props
        .lines()
        .find_map(|l| l.strip_prefix("alipay.private-key="))
        .unwrap_or_default();
    assert!(alipay.len() > 200, "alipay key in the demo");
    secrets.push(alipay[40..100].to_string());
    secrets
}

#[test]
fn no_output_format_carries_a_secret_whole() {
    let secrets = fixture_secrets();
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for format in [
        "text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html",
    ] {
        for lang in ["en", "zh"] {
            let to_stdout = run(&[
                "scan",
                DEMO,
                "testdata/rules/KEY003/fail",
                "testdata/rules/KEY004/fail",
                "testdata/rules/KEY001/fail",
                "-f",
                format,
                "--lang",
                lang,
            ]);
            let file = out.path().join(format!("report-{format}-{lang}"));
            let file_arg = file.to_str().unwrap_or("");
            let to_file = run(&["scan", DEMO, "-f", format, "--lang", lang, "-o", file_arg]);
            let written = std::fs::read(&file).unwrap_or_default();
            assert!(!written.is_empty(), "{format}: nothing written to -o");
            for (what, bytes) in [
                ("stdout", &to_stdout.stdout),
                ("stderr", &to_stdout.stderr),
                ("stderr (-o)", &to_file.stderr),
                ("-o file", &written),
            ] {
                let text = String::from_utf8_lossy(bytes);
                for secret in &secrets {
                    assert!(
                        !text.contains(secret.as_str()),
                        "{format}/{lang} {what} carries the secret {}…",
                        &secret[..4]
                    );
                }
            }
        }
    }
}

#[test]
fn no_output_format_carries_a_history_secret_whole() {
    let (repo, secrets) = crate::history::repo_with_history_secrets();
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for format in [
        "text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html",
    ] {
        for lang in ["en", "zh"] {
            let file = out.path().join(format!("history-{format}-{lang}"));
            let to_stdout = apiaudit()
                .current_dir(repo.path())
                .args([
                    "scan",
                    ".",
                    "--history",
                    "--no-progress",
                    "-f",
                    format,
                    "--lang",
                    lang,
                ])
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            let to_file = apiaudit()
                .current_dir(repo.path())
                .args([
                    "scan",
                    ".",
                    "--history",
                    "--no-progress",
                    "-f",
                    format,
                    "--lang",
                    lang,
                    "-o",
                ])
                .arg(&file)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            let written = std::fs::read(&file).unwrap_or_default();
            let shown = String::from_utf8_lossy(&written);
            // The history findings are in the report (HTML escapes the slashes of paths).
            assert!(
                shown.contains("aws.env") && shown.contains("release.sh"),
                "{format}/{lang}: history findings missing"
            );
            for (what, bytes) in [
                ("stdout", &to_stdout.stdout),
                ("stderr", &to_stdout.stderr),
                ("stderr (-o)", &to_file.stderr),
                ("-o file", &written),
            ] {
                let text = String::from_utf8_lossy(bytes);
                for secret in &secrets {
                    assert!(
                        !text.contains(secret),
                        "{format}/{lang} {what} carries the history secret {}…",
                        &secret[..4]
                    );
                }
            }
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn key003_lines(report: &serde_json::Value) -> Vec<u64> {
    findings(report)
        .iter()
        .filter(|f| f["rule"] == "KEY003")
        .map(|f| f["line"].as_u64().unwrap_or(0))
        .collect()
}

#[test]
fn a_baselined_secret_stays_baselined_when_it_moves_and_a_new_secret_is_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let estate = dir.path().join("estate");
    std::fs::create_dir_all(&estate).unwrap_or_else(|e| panic!("{e}"));
    let config = estate.join("application.properties");
    write(
        &config,
        "spring.datasource.username=app\nspring.datasource.password=Qx7#Ledger2024\n",
    );
    let baseline = dir.path().join("baseline.json");
    let (b, e) = (baseline.to_str().unwrap_or(""), estate.to_str().unwrap_or(""));
    let args = |extra: &[&str]| {
        let mut args = vec![e, "--select", "KEY", "--fail-on", "never"];
        args.extend_from_slice(extra);
        scan_json(&args).0
    };
    let first = args(&["--write-baseline", b]);
    assert_eq!(key003_lines(&first), [2]);
    let baseline_text = std::fs::read_to_string(&baseline).unwrap_or_default();
    assert!(
        !baseline_text.contains("Qx7#Ledger2024"),
        "the baseline carries the secret"
    );

    // The same secret, three lines further down: still baselined.
    write(
        &config,
        "# ledger database\n\n\nspring.datasource.username=app\nspring.datasource.password=Qx7#Ledger2024\n",
    );
    let moved = args(&["--baseline", b]);
    assert_eq!(
        key003_lines(&moved),
        Vec::<u64>::new(),
        "a moved secret came back"
    );

    // A different secret on the baselined line: reported.
    write(
        &config,
        "# ledger database\n\n\nspring.datasource.username=app\nspring.datasource.password=Zr4!Other2025\n",
    );
    let changed = args(&["--baseline", b]);
    assert_eq!(
        key003_lines(&changed),
        [5],
        "a new secret on a baselined line was hidden"
    );
}

#[test]
fn messages_name_the_setting_and_mask_only_the_value() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        &dir.path().join("docker-compose.yml"),
        "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: password\n      apiKey: apiKey\n",
    );
    let root = dir.path().to_str().unwrap_or("");
    let (report, _) = scan_json(&[root, "--select", "KEY", "--fail-on", "never"]);
    let all = findings(&report);
    let messages: Vec<&str> = all.iter().filter_map(|f| f["message"].as_str()).collect();
    // The weak value is reported under its full key path, the key shown whole; the value that
    // only repeats its key's name is not a secret at all.
    assert_eq!(
        messages,
        ["weak or default password hard-coded in `services.db.environment.POSTGRES_PASSWORD`"],
        "{report:#}"
    );
    let snippet = all
        .first()
        .and_then(|f| f["snippet"]["text"].as_str())
        .unwrap_or("");
    assert!(!snippet.contains("POSTGRES_PASSWORD: password"), "{snippet}");
}
