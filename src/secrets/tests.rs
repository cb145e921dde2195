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

#[test]
fn only_the_detectors_a_file_wakes_are_compiled() {
    let detectors = embedded();
    detectors.prepare().unwrap_or_else(|e| panic!("{e}"));
    let compiled_count = |detectors: &Detectors| {
        detectors
            .compiled()
            .map(|c| c.detectors.iter().filter(|d| d.matcher.get().is_some()).count())
            .unwrap_or(usize::MAX)
    };
    // A small spec with no detector keyword (and the unkeyed detectors, which always run).
    let unkeyed = detectors.compiled().map(|c| c.unkeyed.len()).unwrap_or(0);
    detectors.scan(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "a.yaml",
        &|_| true,
    );
    assert_eq!(compiled_count(&detectors), unkeyed);
    // A keyed detector's example wakes it (and only the detectors whose keywords it holds).
    let Some((path, text)) = detectors
        .defs()
        .iter()
        .filter(|def| !def.keywords.is_empty())
        .find_map(|def| match def.examples.first()?.path_and_text() {
            (Some(path), text) => Some((path, text)),
            (None, _) => None,
        })
    else {
        panic!("no keyed detector with an example");
    };
    let hits = detectors.scan(text, path, &|_| true);
    assert!(!hits.is_empty(), "{text}");
    assert!(compiled_count(&detectors) > unkeyed);
    assert!(compiled_count(&detectors) < detectors.defs().len());
}

#[test]
fn a_user_detector_with_a_bad_regex_is_reported_before_the_run() {
    let mut detectors = embedded();
    detectors
        .add_text(
            "bank-secrets.toml",
            "[[detector]]\nid = \"bad\"\nrule = \"KEY003\"\nregex = \"(unclosed\"\nkeywords = [\"bank\"]\nmessage = \"m\"\n",
            false,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let error = detectors.prepare().err().unwrap_or_default();
    assert!(
        error.contains("bank-secrets.toml: detector `bad`: invalid regex"),
        "{error}"
    );
}

#[test]
fn a_regex_that_is_one_group_is_told_apart() {
    assert!(is_one_group(
        r"(?P<secret>-----BEGIN [A-Z ]*-----(?:[A-Za-z0-9+/=]|\s){64,})"
    ));
    assert!(is_one_group(r"(?<secret>[)(]+\)(?:x))"));
    assert!(is_one_group(r"([^]()]+)"));
    assert!(!is_one_group(r"(?P<secret>abc)def"));
    assert!(!is_one_group(r"(?P<name>\w+)=(?P<secret>\w+)"));
    assert!(!is_one_group(r"(?i:a(?P<secret>b))"));
    assert!(!is_one_group(r"(?i)(?P<secret>b)"));
    assert!(!is_one_group(
        r"(?x)(?P<secret>b # ) comment
    )"
    ));
}

#[test]
fn the_context_prefilter_is_looser_than_the_context() {
    let loose = |pattern: &str| context_anywhere(pattern).map(|r| r.as_str().to_string());
    assert_eq!(loose(r"(?i)sm2|sm3|国密").as_deref(), Some(r"(?i)sm2|sm3|国密"));
    // `\b` is dropped: it could be false in the whole text where the lines had it true.
    assert_eq!(loose(r"Cipher\b|\bAES\b").as_deref(), Some("Cipher|AES"));
    assert_eq!(loose(r"(?:^|;)server="), None);
    assert_eq!(loose(r"[^;]+;\s*server"), None);
    assert_eq!(loose(r"foo\Bbar"), None);
    assert_eq!(loose(r"a\\b"), None);
}

#[test]
fn a_text_without_the_context_is_skipped_and_findings_stay_the_same() {
    let detectors = embedded();
    let index = detectors
        .defs()
        .iter()
        .position(|d| d.id == "sm2-private-key-base64-in-sm2-config")
        .unwrap_or_else(|| panic!("detector"));
    let key = "open.private-key=TPLmyHIe9zGrRnubrqpjFPnhLz/5e1KKuLYXG8hESaw=\n";
    let with = format!("open.sign-algorithm=SM2\n{key}");
    let hits = |text: &str| {
        detectors
            .scan_one(index, text, Some("conf/client.properties"))
            .unwrap_or_else(|e| panic!("{e}"))
            .len()
    };
    assert_eq!(hits(&with), 1);
    assert_eq!(hits(key), 0);
    // Too far from the key (more than 10 lines): not reported, as before the prefilter.
    assert_eq!(
        hits(&format!("open.sign-algorithm=SM2\n{}{key}", "a=b\n".repeat(12))),
        0
    );
}
