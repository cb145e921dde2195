//! Precision and semantics: levels decided by content (not by controls), the effective level
//! of an understated declaration, suppressions that cover exactly what they say, spec
//! detection by version, and retention variables resolved from the estate.

use crate::support::*;
use serde_json::Value;
use std::path::PathBuf;

/// A scratch directory for inputs written at run time.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apiaudit-precision-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn with_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

fn messages(report: &Value, rule: &str) -> Vec<String> {
    with_rule(report, rule)
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect()
}

const UNDERSTATED_PAYMENT: &str = "openapi: 3.0.3
info: {title: Payments, version: 1.0.0}
paths:
  /v1/transfers:
    post:
      operationId: submitTransfer
      summary: 行内转账
      x-api-level: A1
      responses:
        '200': {description: OK}
";

#[test]
fn an_understated_payment_is_held_to_the_a2_controls() {
    let dir = scratch("understated");
    write(&dir, "pay.yaml", UNDERSTATED_PAYMENT);
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "AUTH001,CLS003,RES001",
        "--fail-on",
        "never",
    ]);
    let auth = messages(&report, "AUTH001");
    assert_eq!(auth.len(), 1, "{report:#}");
    assert!(
        auth[0].contains("(declared A1; content makes it A2)"),
        "{}",
        auth[0]
    );
    assert_eq!(messages(&report, "CLS003").len(), 1);
    let res = messages(&report, "RES001");
    assert!(res[0].contains("declared A1; content makes it A2"), "{}", res[0]);

    // The clause table of the audit report: chapter 7 (AUTH001's clause) is not a pass.
    let output = run(&[
        "scan",
        dir.to_str().unwrap_or(""),
        "-f",
        "markdown",
        "--fail-on",
        "never",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    for rule in ["AUTH001", "AUTH004"] {
        let row = text
            .lines()
            .find(|line| line.starts_with("| JR/T") && line.contains(&format!("| {rule} |")))
            .unwrap_or_else(|| panic!("no clause row for {rule}:\n{text}"));
        assert!(row.ends_with("| **fail** |"), "{row}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn security_schemes_do_not_raise_public_operations() {
    let dir = root().join("testdata/rules/CLS003/pass/controls.yaml");
    let output = run(&["inventory", "-f", "json", dir.to_str().unwrap_or("")]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let levels: Vec<(String, String)> = report["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or("").to_string(),
                e["inferred_level"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let level = |path: &str| {
        levels
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    for path in [
        "/v1/branches",
        "/v1/atms",
        "/v1/fx/rates",
        "/v1/products/deposits",
    ] {
        assert_eq!(level(path), "A1", "{path}: {levels:?}");
    }
    // Nothing in the content: the user-authorised security still infers A2 for the inventory
    // (an undeclared operation of this kind is held to A2), but it is no CLS003 evidence.
    assert_eq!(level("/v1/messages"), "A2");
}

const SHARED_PARAMETERS: &str = "openapi: 3.0.3
info: {title: Cards, version: 1.0.0}
paths:
  /v1/cards/lookup:
    get:
      x-api-level: A2
      x-apiaudit-ignore: {DATA002: the card number is needed to look the card up}
      parameters: [{$ref: '#/components/parameters/CardNo'}, {$ref: '#/components/parameters/IdNo'}]
      responses: {'200': {description: OK}}
  /v1/cards/search:
    get:
      x-api-level: A2
      parameters: [{$ref: '#/components/parameters/CardNo'}, {$ref: '#/components/parameters/IdNo'}]
      responses: {'200': {description: OK}}
  /v1/customers/by-mobile:
    get:
      x-api-level: A2
      x-apiaudit-ignore: {DATA002: the mobile number is the lookup key agreed with the regulator, NOPE001: no such rule}
      parameters: [{$ref: '#/components/parameters/Mobile'}]
      responses: {'200': {description: OK}}
components:
  parameters:
    CardNo: {name: cardNo, in: query, schema: {type: string}}
    IdNo:
      name: idNo
      in: query
      x-apiaudit-ignore: {DATA002: the ID number is sent over mutual TLS to the KYC gateway only}
      schema: {type: string}
    Mobile: {name: mobile, in: query, schema: {type: string}}
";

#[test]
fn an_operation_suppression_covers_that_operation_only() {
    let dir = scratch("shared");
    write(&dir, "cards.yaml", SHARED_PARAMETERS);
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "DATA002,META",
        "--fail-on",
        "never",
    ]);
    let line_of = |needle: &str| {
        SHARED_PARAMETERS
            .lines()
            .position(|l| l.contains(needle))
            .map_or(0, |i| i as u64 + 1)
    };
    // The shared card-number parameter: one finding at the component, naming both operations;
    // the lookup's own entry does not hide it for the search.
    let data = with_rule(&report, "DATA002");
    assert_eq!(data.len(), 1, "{data:#?}");
    assert_eq!(data[0]["line"], line_of("CardNo: {name"));
    let message = data[0]["message"].as_str().unwrap_or("");
    assert!(
        message.ends_with(
            "(in `#/components/parameters/CardNo`, shared by 2 operations: GET /v1/cards/lookup, GET /v1/cards/search)"
        ),
        "{message}"
    );
    // That entry suppressed nothing; the unknown rule is rejected.
    let unused: Vec<u64> = with_rule(&report, "META003")
        .iter()
        .map(|f| f["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(unused, [line_of("x-apiaudit-ignore: {DATA002: the card")]);
    assert_eq!(messages(&report, "META002").len(), 1);
    assert!(messages(&report, "META002")[0].contains("unknown rule `NOPE001`"));
    // The ID number is suppressed at its component, the mobile number (used by one operation
    // only) by that operation.
    let suppressed: Vec<(u64, String)> = report["suppressed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        [
            (line_of("name: idNo"), "DATA002".to_string()),
            (line_of("Mobile: {name"), "DATA002".to_string())
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const INLINE: &str =
    "spring.datasource.password=Tq8vLw2#Zr9k # apiaudit:ignore KEY003 -- rotated UAT credential
spring.redis.password=Hx3mPq7$Wn2c # apiaudit:ignore KEY003
# apiaudit:ignore KEY003 -- the sandbox merchant key, published in the developer portal
pay.merchant.secret=Vb6nRt1!Ks4d
pay.partner.secret=Jm5cXe8@Lq3w
pay.notify.secret=Pd2kWz9&Fy6t # apiaudit:ignore KEY003, NOPE001 -- one rule is unknown
pay.callback.secret=Nc4hTy7%Qm1x
";

#[test]
fn inline_suppressions_cover_their_own_line_or_the_next_and_rejected_ones_nothing() {
    let dir = scratch("inline");
    write(&dir, "application.properties", INLINE);
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "KEY003,META",
        "--fail-on",
        "never",
    ]);
    let lines = |list: &Value, rule: &str| -> Vec<u64> {
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["line"].as_u64().unwrap_or(0))
            .collect()
    };
    // Line 1 covers itself, not line 2 (whose own suppression has no reason); the comment
    // alone on line 3 covers line 4, not 5; line 6 names an unknown rule: not applied.
    assert_eq!(lines(&report["findings"], "KEY003"), [2, 5, 6, 7]);
    assert_eq!(lines(&report["suppressed"], "KEY003"), [1, 4]);
    assert_eq!(lines(&report["findings"], "META002"), [2, 6]);
    assert!(lines(&report["findings"], "META003").is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_trailing_suppression_meant_for_the_next_line_is_unused() {
    let dir = scratch("trailing");
    write(
        &dir,
        "application.properties",
        "server.port=8080 # apiaudit:ignore KEY003 -- the password below is a fixture\npay.merchant.secret=Vb6nRt1!Ks4d\n",
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "KEY003,META003",
        "--fail-on",
        "never",
    ]);
    assert_eq!(with_rule(&report, "KEY003").len(), 1);
    assert_eq!(with_rule(&report, "META003")[0]["line"], 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn spring_swagger_and_openapi_blocks_are_configuration_with_their_keys_checked() {
    let dir = scratch("spring");
    write(
        &dir,
        "src/main/resources/application.yml",
        "swagger:\n  enabled: true\n  title: 账户服务\nopenapi:\n  gateway:\n    url: https://open.lanhaibank.example/gateway\n  sign:\n    app-secret: Qx7pL2mV9sK4wR8t\n",
    );
    // Broken YAML with a settings block: not a spec that does not parse either.
    write(
        &dir,
        "src/main/resources/application-uat.yml",
        "swagger:\n  enabled: true\n  paths: [\n",
    );
    // Beside them, a real Swagger 2.0 document is still a spec.
    write(
        &dir,
        "api/swagger.yaml",
        "swagger: \"2.0\"\ninfo: {title: Notices, version: 1.0.0}\npaths:\n  /v1/notices:\n    get:\n      x-api-level: A1\n      responses: {'200': {description: OK}}\n",
    );
    let (report, _) = scan_json(&[dir.to_str().unwrap_or(""), "--fail-on", "never"]);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(!rules.iter().any(|r| r.starts_with("SPEC")), "{rules:?}");
    assert_eq!(report["summary"]["specs"], 1, "{:#}", report["summary"]);
    // The configuration's keys are still read by the KEY rules.
    assert!(rules.contains(&"KEY003"), "{rules:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_structure_problem_has_its_own_fix() {
    let (report, _) = scan_json(&[
        "testdata/rules/SPEC004/fail",
        "--select",
        "SPEC004",
        "--fail-on",
        "never",
    ]);
    let helps: Vec<&str> = with_rule(&report, "SPEC004")
        .iter()
        .filter_map(|f| f["help"].as_str())
        .collect();
    assert!(helps.len() >= 8, "{helps:?}");
    let distinct: std::collections::BTreeSet<&&str> = helps.iter().collect();
    assert_eq!(distinct.len(), helps.len(), "{helps:?}");
    assert!(helps
        .iter()
        .any(|h| h.contains("add `required: true` to `accountId`")));
}

/// The logs section entry of the log declared in `file`.
fn logs_in<'a>(report: &'a Value, file: &str) -> Vec<&'a Value> {
    report["logs"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|l| l["file"].as_str().unwrap_or("").ends_with(file))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn retention_variables_are_resolved_from_the_estate() {
    let fail = root().join("testdata/rules/LOG001/fail");
    let (report, _) = scan_json(&[
        fail.to_str().unwrap_or(""),
        "--select",
        "LOG001",
        "--fail-on",
        "never",
    ]);
    let at = |file: &str| -> Vec<String> {
        with_rule(&report, "LOG001")
            .iter()
            .filter(|f| f["path"].as_str().unwrap_or("").contains(file))
            .map(|f| f["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // Nothing in the estate sets it: the default is judged, and the variable named.
    let default = at("variable-default/");
    assert_eq!(default.len(), 1, "{default:?}");
    assert!(
        default[0].contains(
            "= 30 days unless LOG_FILE_MAX_HISTORY is set where the service runs < 180 days required"
        ),
        "{}",
        default[0]
    );
    let entry = logs_in(&report, "variable-default/logback-spring.xml");
    assert_eq!(entry[0]["retention_days"], 30, "{entry:?}");
    assert_eq!(entry[0]["status"], "bounded");
    // A Kubernetes manifest sets it: the value, and where it came from, in the arithmetic.
    let k8s = at("variable-k8s/");
    assert_eq!(k8s.len(), 1, "{k8s:?}");
    assert!(
        k8s[0].contains("= 30 (APP_LOG_DAYS=30 in ")
            && k8s[0].contains("deploy/k8s/deployment.yaml:15 (Kubernetes env)) = 30 days"),
        "{}",
        k8s[0]
    );
    // A Spring profile sets it: one more entry for the profile; the base keeps the default.
    let entries = logs_in(&report, "variable-profile/src/main/resources/logback-spring.xml");
    let mut by_profile: Vec<(String, Value)> = entries
        .iter()
        .map(|l| {
            (
                l["profile"].as_str().unwrap_or("").to_string(),
                l["retention_days"].clone(),
            )
        })
        .collect();
    by_profile.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        by_profile,
        [
            ("".to_string(), Value::from(365)),
            ("prod".to_string(), Value::from(30))
        ]
    );
    let profile = at("variable-profile/");
    assert_eq!(profile.len(), 1, "{profile:?}");
    assert!(
        profile[0].contains("(profile prod)") && profile[0].contains("profile prod)) = 30 days"),
        "{}",
        profile[0]
    );

    // .env and docker-compose, and systemd: set to 180 days or more, so nothing is reported.
    let pass = root().join("testdata/rules/LOG001/pass");
    let (report, _) = scan_json(&[
        pass.to_str().unwrap_or(""),
        "--select",
        "LOG001",
        "--fail-on",
        "never",
    ]);
    assert!(with_rule(&report, "LOG001").is_empty(), "{report:#}");
    let fx = logs_in(&report, "variable-estate/src/main/resources/logback.xml");
    assert_eq!(fx[0]["retention_days"], 180, "{fx:?}");
    let arithmetic = fx[0]["evidence"]["arithmetic"]["en"].as_str().unwrap_or("");
    assert!(
        arithmetic.contains("LOG_FILE_MAX_HISTORY=180 in ") && arithmetic.contains("also set to 365"),
        "{arithmetic}"
    );
    let notice = logs_in(&report, "variable-systemd/conf/logback.xml");
    assert_eq!(notice[0]["retention_days"], 200, "{notice:?}");
}

#[test]
fn a_shipped_log_is_judged_by_its_own_retention() {
    let dir = scratch("shipped");
    write(
        &dir,
        "logback.xml",
        r#"<configuration>
  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
    <file>/data/logs/pay/app.log</file>
    <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy">
      <fileNamePattern>/data/logs/pay/app.%d{yyyy-MM-dd}.log.gz</fileNamePattern>
      <maxHistory>7</maxHistory>
    </rollingPolicy>
  </appender>
  <appender name="LOGSTASH" class="net.logstash.logback.appender.LogstashTcpSocketAppender">
    <destination>logstash.bank.example:5044</destination>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/><appender-ref ref="LOGSTASH"/></root>
</configuration>
"#,
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "LOG001",
        "--fail-on",
        "never",
    ]);
    let found = messages(&report, "LOG001");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(
        found[0].contains("also shipped to LOGSTASH; no central store's retention"),
        "{}",
        found[0]
    );
    write(
        &dir,
        "ilm/app-logs.json",
        r#"{"policy": {"phases": {"hot": {"actions": {}}, "delete": {"min_age": "180d", "actions": {"delete": {}}}}}}"#,
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "LOG001",
        "--fail-on",
        "never",
    ]);
    let found = messages(&report, "LOG001");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(
        found[0].contains("central store retention in the scan: Elasticsearch ILM policy"),
        "{}",
        found[0]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_outputs_to_one_file_are_a_usage_error() {
    let dir = scratch("outputs");
    let spec = root().join("testdata/rules/RES001/pass/openapi.yaml");
    let same = dir.join("same.json");
    let output = run(&[
        "scan",
        spec.to_str().unwrap_or(""),
        "-o",
        same.to_str().unwrap_or(""),
        "--report",
        &format!("sarif={}", same.display()),
    ]);
    assert_eq!(code(&output), 2, "{}", String::from_utf8_lossy(&output.stderr));
    // The terminal wraps the message: compare its words.
    let words: Vec<String> = String::from_utf8_lossy(&output.stderr)
        .split_whitespace()
        .filter(|w| *w != "│")
        .map(str::to_string)
        .collect();
    assert!(
        words.join(" ").contains("writes to the same file as -o"),
        "{words:?}"
    );
    let output = run(&[
        "scan",
        spec.to_str().unwrap_or(""),
        "--report",
        &format!("sarif={}/./a.json", dir.display()),
        "--report",
        &format!("html={}/a.json", dir.display()),
    ]);
    assert_eq!(code(&output), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_messages_say_what_is_wrong_plainly() {
    let spec = root().join("testdata/rules/RES001/pass/openapi.yaml");
    let spec = spec.to_str().unwrap_or("");
    // No "did you mean `never`" for a severity that does not exist.
    let output = run(&["scan", spec, "--fail-on", "severe"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(code(&output), 2);
    assert!(
        stderr.contains("possible values: critical, high, medium, low, info, never"),
        "{stderr}"
    );
    assert!(!stderr.contains("similar value"), "{stderr}");
    // Config types in words.
    let dir = scratch("config");
    write(&dir, "apiaudit.toml", "[retention]\nmin-days = -3\n");
    let config = dir.join("apiaudit.toml");
    let output = run(&["scan", spec, "-c", config.to_str().unwrap_or("")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("expected a whole number ≥ 0") && !stderr.contains("u32"),
        "{stderr}"
    );
    // No dangling colon when git says nothing.
    let output = run(&[
        "scan",
        root().to_str().unwrap_or(""),
        "--changed-since",
        "nosuchbranch",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("nosuchbranch"))
        .unwrap_or_default();
    assert!(!line.trim_end().ends_with(':'), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn counts_of_one_are_singular() {
    let dir = scratch("plural");
    write(
        &dir,
        "one.yaml",
        "openapi: 3.0.3\ninfo: {title: One, version: 1.0.0}\npaths:\n  /v1/transfers:\n    post:\n      x-api-level: A2\n      responses: {'200': {description: OK}}\n",
    );
    let output = run(&[
        "scan",
        dir.to_str().unwrap_or(""),
        "--select",
        "AUTH001",
        "--fail-on",
        "never",
        "--color",
        "never",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("1 finding (") && text.contains("audited 1 file, 1 spec, 1 operation"),
        "{text}"
    );
    let output = run(&[
        "scan",
        dir.to_str().unwrap_or(""),
        "--select",
        "AUTH001",
        "--fail-on",
        "never",
        "-f",
        "markdown",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("The audit of 1 file, 1 OpenAPI document and 1 operation found 1 issue in 1 file, from 1 rule; 1 is critical"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_duplicate_interface_id_is_reported_on_its_value_with_an_excerpt() {
    let dir = scratch("id003");
    write(
        &dir,
        "ids.yaml",
        "openapi: 3.0.3\ninfo: {title: Ids, version: 1.0.0}\npaths:\n  /v1/a:\n    get:\n      x-api-id: ACC-0001\n      responses: {'200': {description: OK}}\n  /v1/b:\n    get:\n      x-api-id: ACC-0001\n      responses: {'200': {description: OK}}\n",
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "ID003",
        "--fail-on",
        "never",
    ]);
    let found = with_rule(&report, "ID003");
    assert_eq!(found.len(), 2, "{report:#}");
    for finding in found {
        assert!(
            finding["end_column"].as_u64() > finding["column"].as_u64(),
            "{finding:#}"
        );
        assert!(
            finding["snippet"]["text"]
                .as_str()
                .unwrap_or("")
                .contains("ACC-0001"),
            "{finding:#}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merge_counts_the_components_it_lists() {
    let (report, _) = scan_json(&["testdata/projects/demo-bank", "--fail-on", "never"]);
    let listed = report["components"].as_array().map_or(0, Vec::len);
    assert!(listed > 0);
    let dir = scratch("merge");
    let file = dir.join("demo.json");
    std::fs::write(&file, serde_json::to_string(&report).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run(&["merge", "-f", "json", file.to_str().unwrap_or("")]);
    let merged: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(
        merged["summary"]["components"], listed as u64,
        "{:#}",
        merged["summary"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const UNDERSTATED_CONTROLS: &str = "openapi: 3.0.3
info: {title: Payments, version: 1.0.0}
paths:
  /v1/payments:
    post:
      operationId: createPayment
      summary: 发起支付
      x-api-level: A1
      security: [{appKey: []}]
      x-rate-limit: {limit: 50, window: 1s}
      responses:
        '200': {description: OK}
  /v1/branches:
    get:
      operationId: listBranches
      summary: 查询网点信息
      x-api-level: A1
      security: [{appKey: []}]
      responses:
        '200': {description: OK}
components:
  securitySchemes:
    appKey: {type: apiKey, in: header, name: X-App-Key}
";

#[test]
fn an_understated_declaration_bypasses_no_authentication_control() {
    let dir = scratch("understated-controls");
    write(&dir, "pay.yaml", UNDERSTATED_CONTROLS);
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "AUTH001,AUTH002,AUTH004,CLS003,RES001",
        "--fail-on",
        "never",
    ]);
    // The payment declared A1 with an application key alone: judged as the A2 it is.
    let weak = messages(&report, "AUTH002");
    assert_eq!(weak.len(), 1, "{report:#}");
    assert!(
        weak[0].starts_with("POST /v1/payments (declared A1; content makes it A2)"),
        "{}",
        weak[0]
    );
    let unsigned = messages(&report, "AUTH004");
    assert_eq!(unsigned.len(), 1, "{report:#}");
    assert!(
        unsigned[0].starts_with("POST /v1/payments moves funds"),
        "{}",
        unsigned[0]
    );
    assert_eq!(messages(&report, "CLS003").len(), 1);
    // The branch query is A1 by its content: none of the A2 controls apply to it.
    assert!(
        report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|f| !f["message"].as_str().unwrap_or("").contains("/v1/branches")),
        "{report:#}"
    );
    assert!(messages(&report, "AUTH001").is_empty(), "{report:#}");
    assert!(messages(&report, "RES001").is_empty(), "{report:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

const KEEP_A_YEAR: &str = r#"<configuration>
  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
    <file>/data/logs/notice/app.log</file>
    <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy">
      <fileNamePattern>/data/logs/notice/app.%d{yyyy-MM-dd}.log.gz</fileNamePattern>
      <maxHistory>${LOG_KEEP_DAYS:-365}</maxHistory>
    </rollingPolicy>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
"#;

#[test]
fn helm_values_set_a_retention_variable() {
    let dir = scratch("helm");
    write(&dir, "src/main/resources/logback.xml", KEEP_A_YEAR);
    write(
        &dir,
        "helm/notice/values.yaml",
        "replicaCount: 2\nimage: {repository: registry.bank.example/notice, tag: 1.4.0}\nenv:\n  LOG_KEEP_DAYS: \"60\"\n",
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "LOG001",
        "--fail-on",
        "never",
    ]);
    let found = messages(&report, "LOG001");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(
        found[0].contains("= 60 (LOG_KEEP_DAYS=60 in ")
            && found[0].contains("helm/notice/values.yaml:4 (Helm values)) = 60 days"),
        "{}",
        found[0]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_openapi_documents_env_example_sets_no_variable() {
    let dir = scratch("spec-env");
    write(&dir, "src/main/resources/logback.xml", KEEP_A_YEAR);
    // A deployment API's spec: `kind` and `env` are its schema's properties and examples.
    write(
        &dir,
        "deployments.yaml",
        "openapi: 3.0.3
info: {title: Deployments, version: 1.0.0}
paths:
  /v1/deployments:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Deployment'}
            example:
              kind: Deployment
              env:
                - name: LOG_KEEP_DAYS
                  value: \"7\"
      responses: {'200': {description: OK}}
components:
  schemas:
    Deployment:
      type: object
      properties:
        kind: {type: string}
        env: {type: array, items: {type: object}}
",
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "LOG001",
        "--fail-on",
        "never",
    ]);
    assert!(messages(&report, "LOG001").is_empty(), "{report:#}");
    let entry = logs_in(&report, "src/main/resources/logback.xml");
    assert_eq!(entry[0]["retention_days"], 365, "{entry:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_transaction_log_kept_by_a_variable_judges_its_default() {
    let dir = scratch("log002-variable");
    write(
        &dir,
        "logback.xml",
        r#"<configuration>
  <appender name="TRADE_FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
    <file>/data/logs/pay/trade.log</file>
    <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy">
      <fileNamePattern>/data/logs/pay/trade.%d{yyyy-MM-dd}.log.gz</fileNamePattern>
      <maxHistory>${TRADE_LOG_DAYS:-90}</maxHistory>
    </rollingPolicy>
  </appender>
  <root level="INFO"><appender-ref ref="TRADE_FILE"/></root>
</configuration>
"#,
    );
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "LOG002",
        "--fail-on",
        "never",
    ]);
    let found = messages(&report, "LOG002");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(
        found[0].contains("= 90 days unless TRADE_LOG_DAYS is set where the service runs"),
        "{}",
        found[0]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const NAMES_ONLY: &str = "openapi: 3.0.3
info: {title: Notices, version: 1.0.0}
paths:
  /v1/reactions/{id}:
    get:
      x-api-level: A1
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: quotaUser, in: query, schema: {type: string}}
      responses: {'200': {description: OK}}
  /v1/offers:
    get:
      x-api-level: A1
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  accountId: {type: string}
                  offerType: {type: string}
";

#[test]
fn words_in_parameter_names_alone_do_not_contradict_a_declaration() {
    let dir = scratch("names-only");
    write(&dir, "notices.yaml", NAMES_ONLY);
    let (report, _) = scan_json(&[
        dir.to_str().unwrap_or(""),
        "--select",
        "CLS003,AUTH001,RES001",
        "--fail-on",
        "never",
    ]);
    // `quotaUser` says too little: no CLS003, and the declared A1 governs the controls.
    let cls = messages(&report, "CLS003");
    assert_eq!(cls.len(), 1, "{report:#}");
    // An account identifier in the data is evidence.
    assert!(
        cls[0].starts_with("GET /v1/offers is declared A1")
            && cls[0].contains("(response field `accountId`)"),
        "{}",
        cls[0]
    );
    assert!(
        report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|f| !f["message"].as_str().unwrap_or("").contains("/v1/reactions")),
        "{report:#}"
    );
    // Undeclared, the same operation is still inferred A2 for the inventory.
    let undeclared = NAMES_ONLY.replace("      x-api-level: A1\n", "");
    write(&dir, "notices.yaml", &undeclared);
    let output = run(&[
        "inventory",
        "-f",
        "json",
        dir.join("notices.yaml").to_str().unwrap_or(""),
    ]);
    let inventory: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let notices = inventory["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["path"] == "/v1/reactions/{id}")
        .cloned()
        .unwrap_or_default();
    assert_eq!(notices["inferred_level"], "A2", "{inventory:#}");
    let _ = std::fs::remove_dir_all(&dir);
}
