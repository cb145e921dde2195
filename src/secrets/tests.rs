use super::*;

fn embedded() -> Detectors {
    Detectors::embedded().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn embedded_detectors_compile() {
    let detectors = embedded();
    detectors.compile().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        detectors.defs().len() >= 30,
        "{} detectors",
        detectors.defs().len()
    );
}

#[test]
fn every_built_in_detector_says_which_files_it_reads() {
    let detectors = embedded();
    let vague: Vec<&str> = detectors
        .defs()
        .iter()
        .filter(|d| d.files.is_empty() && d.paths.is_empty())
        .map(|d| d.id.as_str())
        .collect();
    assert!(
        vague.is_empty(),
        "detectors without `files` or `paths`: {vague:?}"
    );
}

#[test]
fn every_detector_matches_its_examples_and_not_its_negative_examples() {
    let detectors = embedded();
    let mut problems = Vec::new();
    for (index, def) in detectors.defs().iter().enumerate() {
        if def.examples.is_empty() {
            problems.push(format!("{}: no examples", def.id));
        }
        if def.negative_examples.is_empty() {
            problems.push(format!("{}: no negative examples", def.id));
        }
        for example in &def.examples {
            let (path, text) = example.path_and_text();
            let hits = detectors.scan_one(index, text, path).unwrap_or_default();
            if hits.is_empty() {
                problems.push(format!("{}: example does not match: {text}", def.id));
            }
        }
        for example in &def.negative_examples {
            let (path, text) = example.path_and_text();
            let hits = detectors.scan_one(index, text, path).unwrap_or_default();
            if !hits.is_empty() {
                problems.push(format!("{}: negative example matches: {text}", def.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn extend_files_add_detectors_next_to_vocabulary() {
    let mut detectors = embedded();
    let before = detectors.defs().len();
    let text = r#"
[transaction-logs]
terms = ["清算"]

[[detector]]
id = "bank-internal-token"
rule = "KEY004"
message = "internal gateway token"
regex = '''\b(?P<secret>LHGW-[0-9a-f]{32})\b'''
keywords = ["LHGW-"]
examples = ["token: LHGW-0123456789abcdef0123456789abcdef"]
negative-examples = ["token: LHGW-short"]
"#;
    detectors
        .add_text("bank.toml", text, false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(detectors.defs().len(), before + 1);
    let hits = detectors.scan("x = LHGW-0123456789abcdef0123456789abcdef\n", "a.txt", &|_| true);
    assert!(hits.iter().any(|h| h.rule == RuleCode::KEY004));
    assert!(detectors
        .add_text(
            "bad.toml",
            "[[detector]]\nid = \"x\"\nrule = \"ID001\"\nmessage = \"m\"\nregex = \"x\"\n",
            false
        )
        .is_err());
}

#[test]
fn one_secret_one_finding() {
    let detectors = embedded();
    let text = "ALIBABA_CLOUD_ACCESS_KEY_SECRET=1G95d9UkgcFhhEUkESw2uvV3K19PrH\n";
    let hits = detectors.scan(text, ".env", &|_| true);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].rule, RuleCode::KEY004);
}

#[test]
fn digests_ignore_layout_and_differ_between_secrets() {
    let a = secret_digest("\"MIIEvQIBADAN\" +\n \"BgkqhkiG9w0B\"");
    let b = secret_digest("MIIEvQIBADANBgkqhkiG9w0B");
    assert_eq!(a, b);
    assert_ne!(secret_digest("Lh@2023prod!"), secret_digest("Lh@2024prod!"));
    assert!(!a.contains("MIIE"));
}

#[test]
fn an_extend_file_whose_example_fails_is_a_config_error_at_its_line() {
    let dir = std::env::temp_dir().join(format!("apiaudit-extend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("bank-secrets.toml");
    let text = r#"
[[detector]]
id = "bank-gateway-token"
rule = "KEY004"
message = "internal gateway token"
regex = '''\b(?P<secret>LHGW-[0-9a-f]{32})\b'''
keywords = ["LHGW-"]
examples = ["token = LHGW-0123456789abcdef"]
negative-examples = ["token = LHGW-${TOKEN}"]
"#;
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let error = Detectors::load(std::slice::from_ref(&path))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains("bank-secrets.toml:3: detector `bank-gateway-token`: example 1 is not found"),
        "{error}"
    );
    let fixed = text.replace(
        "LHGW-0123456789abcdef\"",
        "LHGW-0123456789abcdef0123456789abcdef\"",
    );
    std::fs::write(&path, fixed).unwrap_or_else(|e| panic!("{e}"));
    assert!(Detectors::load(std::slice::from_ref(&path)).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}
