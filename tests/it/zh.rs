//! Chinese is complete: every zh output (each scan format, the inventory, `rules`, `explain`
//! for every rule, `init --lang zh`) holds no English word outside code spans, identifiers,
//! rule codes and an allow-list of proper names; no ASCII punctuation between Chinese
//! characters; and none of the terms docs/zh-glossary.md says not to use.

use crate::support::*;
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

const DEMO: &str = "testdata/projects/demo-bank";

/// Proper names and standard terms that stay in Latin letters in Chinese text.
const ALLOWED: &[&str] = &[
    "AccessKey",
    "Alibaba",
    "Basic",
    "Bearer",
    "Boot",
    "Cloud",
    "Cookie",
    "CycloneDX",
    "Docker",
    "Elasticsearch",
    "Excel",
    "Filebeat",
    "Fluentd",
    "Gateway",
    "Git",
    "GitHub",
    "GitLab",
    "Go",
    "Gradle",
    "Jasypt",
    "Java",
    "JUnit",
    "Kafka",
    "Key",
    "Kong",
    "Kotlin",
    "Kubernetes",
    "Log4j",
    "Logback",
    "Logstash",
    "Loki",
    "Markdown",
    "Maven",
    "Node",
    "OpenAPI",
    "Python",
    "Secret",
    "Spring",
    "Swagger",
    "Google",
    "Vault",
    "apiaudit",
    "logback",
    "logrotate",
    "nginx",
    "npm",
    "journald",
    "rsyslog",
    "systemd",
    "cron",
    "Web",
    "Webhook",
    "Referer",
    "App",
    "Cargo",
    "Slack",
    "Connect",
    "Loghub",
    "Unicode",
    "Advisory",
    "Database",
    "libyaml",
    "syslog",
    "appender",
    "getter",
    "Oracle",
    "Redis",
    "MySQL",
    "PostgreSQL",
    "Jenkins",
    "Gone",
    "Delete",
    "python",
    "Azure",
    "Django",
    "Dropwizard",
    "Express",
    "Feign",
    "Flask",
    "Helm",
    "Hutool",
    "Koa",
    "Nacos",
    "Netty",
    "Retrofit",
];

static FENCE: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)```.*?```"));
static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| re(r"`[^`\n]*`"));
static HTML_BLOCKS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?is)<(style|script|pre|code)\b.*?</(style|script|pre|code)>|<div class="evidence">(\s*<div class="line[^"]*">.*?</div>)*\s*</div>"#,
    )
});
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"<[^>]*>"));
/// URLs, JSON pointers, placeholders, flags, paths, dotted names, `key=value`, `$VAR`.
static NOT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"https?://\S+|#/\S*|\{[^}\s]*\}|(^|[\s(（。，；、：])--?[A-Za-z][\w-]*|\S*[/\\.:=@$]\w\S*|\$\{[^}]*\}|(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}( [\d:]+)?( GMT)?",
    )
});
static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z][A-Za-z0-9_\-]*"));
static HAN: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Han}"));
/// ASCII punctuation against a Chinese character.
static ASCII_PUNCT: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Han}\s?[,;:()]|[,;(]\s?\p{Han}|\p{Han}\)"));
/// A snippet line of text/JUnit/Markdown evidence: `  12 │ ...`, `>12 | ...`.
static SNIPPET_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*>?\s*\d+\s*[│|]"));

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|error| panic!("{error}"))
}

/// What is left of a text once code, markup and identifiers are taken out.
fn prose(text: &str) -> String {
    let text = FENCE.replace_all(text, " ");
    let text = CODE_SPAN.replace_all(&text, " ");
    let text = HTML_BLOCKS.replace_all(&text, " ");
    let text = TAG.replace_all(&text, " ");
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    NOT_WORDS.replace_all(&text, " ").into_owned()
}

/// The English words of a Chinese text (identifiers, codes and allowed names are not words).
pub fn english_words(text: &str) -> Vec<String> {
    let prose = prose(text);
    WORD.find_iter(&prose)
        .map(|m| m.as_str())
        .filter(|word| {
            word.len() >= 2
                && !word.contains(|c: char| c.is_ascii_digit() || c == '_' || c == '-')
                && !word.chars().all(|c| c.is_ascii_uppercase())
                // camelCase and PascalCase with an inner capital are identifiers
                && !word.chars().skip(1).any(|c| c.is_ascii_uppercase())
                && !ALLOWED.contains(word)
        })
        .map(str::to_string)
        .collect()
}

/// The terms docs/zh-glossary.md says not to use (its column “不用”).
fn rejected_terms() -> Vec<String> {
    let glossary = std::fs::read_to_string(root().join("docs/zh-glossary.md"))
        .unwrap_or_else(|error| panic!("docs/zh-glossary.md: {error}"));
    let mut terms = Vec::new();
    for line in glossary.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | English | 中文 | 出处 | 不用 |
        if let Some(rejected) = cells.get(4) {
            if *rejected == "不用" || rejected.starts_with("---") {
                continue;
            }
            terms.extend(
                rejected
                    .split('、')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            );
        }
    }
    assert!(
        terms.len() >= 10,
        "the glossary lists terms not to use: {terms:?}"
    );
    terms
}

/// One problem found in one output, for the failure message.
#[derive(Default)]
pub struct Problems {
    lines: Vec<String>,
    checked: usize,
}

impl Problems {
    /// Checks one piece of Chinese text of the output `what`.
    pub fn check(&mut self, what: &str, text: &str, rejected: &[String]) {
        self.checked += 1;
        let words = english_words(text);
        if !words.is_empty() {
            self.lines
                .push(format!("{what}: English {words:?} in: {}", excerpt(text)));
        }
        let prose = prose(text);
        if let Some(m) = ASCII_PUNCT.find(&prose) {
            self.lines.push(format!(
                "{what}: ASCII punctuation `{}` in: {}",
                m.as_str(),
                excerpt(text)
            ));
        }
        for term in rejected {
            let mut from = 0;
            while let Some(at) = text[from..].find(term.as_str()).map(|i| i + from) {
                // `OpenAPI 接口` is not `API 接口`: a term that starts with a letter starts a word.
                let starts_word = !term.starts_with(|c: char| c.is_ascii_alphabetic())
                    || !text[..at].ends_with(|c: char| c.is_ascii_alphabetic());
                if starts_word {
                    self.lines.push(format!(
                        "{what}: `{term}` (see docs/zh-glossary.md) in: {}",
                        excerpt(text)
                    ));
                    break;
                }
                from = at + term.len();
            }
        }
    }

    pub fn assert_none(&self) {
        assert!(self.checked > 0, "nothing was checked");
        assert!(
            self.lines.is_empty(),
            "{} problems in Chinese output:\n{}",
            self.lines.len(),
            self.lines.join("\n")
        );
    }
}

fn excerpt(text: &str) -> String {
    let text = text.trim().replace('\n', " ⏎ ");
    text.chars().take(220).collect()
}

/// Every string of a JSON document that holds Chinese (the others are data: paths, codes,
/// enum values), but for the quoted source lines of findings (`snippet`, SARIF's
/// `contextRegion`), which are the input's words.
fn json_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if HAN.is_match(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "snippet" | "contextRegion"))
            .for_each(|(_, v)| json_strings(v, out)),
        _ => {}
    }
}

/// The lines of a text output to check: all but the quoted source lines.
fn text_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !SNIPPET_LINE.is_match(line))
        .map(str::to_string)
        .collect()
}

fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        matches!(code(&output), 0 | 1),
        "apiaudit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn chinese_scan_outputs_have_no_english_words() {
    let rejected = rejected_terms();
    let mut problems = Problems::default();
    for format in [
        "text", "json", "sarif", "junit", "github", "markdown", "html", "gitlab",
    ] {
        let out = stdout(&["scan", DEMO, "--lang", "zh", "-f", format, "--no-progress"]);
        let what = format!("scan -f {format}");
        match format {
            "json" | "sarif" | "gitlab" => {
                let value: Value = serde_json::from_str(&out).unwrap_or_else(|error| panic!("{error}"));
                let mut strings = Vec::new();
                json_strings(&value, &mut strings);
                assert!(!strings.is_empty(), "{what}: no Chinese text");
                for text in strings {
                    problems.check(&what, &text, &rejected);
                }
            }
            "markdown" | "html" => problems.check(&what, &out, &rejected),
            "github" => {
                // `::error file=...,title=...::message`: the workflow syntax around the title
                // and the message, which are checked.
                for line in text_lines(&out) {
                    let mut parts = line.splitn(3, "::").skip(1);
                    if let Some(title) = parts.next().and_then(|p| p.split_once("title=")) {
                        problems.check(&what, title.1, &rejected);
                    }
                    if let Some(message) = parts.next() {
                        problems.check(&what, message, &rejected);
                    }
                }
            }
            _ => {
                for line in text_lines(&out) {
                    problems.check(&what, &line, &rejected);
                }
            }
        }
    }
    problems.assert_none();
}

#[test]
fn chinese_inventory_rules_explain_and_init_have_no_english_words() {
    let rejected = rejected_terms();
    let mut problems = Problems::default();
    // The inventory: CSV and JSON cells with Chinese (the column names are data), Markdown whole.
    let csv = stdout(&["inventory", DEMO, "--lang", "zh", "-f", "csv"]);
    for cell in csv.split([',', '\n']).filter(|cell| HAN.is_match(cell)) {
        problems.check("inventory -f csv", cell, &rejected);
    }
    let json: Value = serde_json::from_str(&stdout(&["inventory", DEMO, "--lang", "zh", "-f", "json"]))
        .unwrap_or_else(|error| panic!("{error}"));
    let mut strings = Vec::new();
    json_strings(&json, &mut strings);
    for text in strings {
        problems.check("inventory -f json", &text, &rejected);
    }
    let markdown = stdout(&["inventory", DEMO, "--lang", "zh", "-f", "markdown"]);
    problems.check("inventory -f markdown", &markdown, &rejected);
    // The catalogue, as `rules` lists it and as `explain` gives every rule.
    for format in ["text", "markdown"] {
        let out = stdout(&["rules", "--lang", "zh", "-f", format]);
        for line in out.lines() {
            problems.check(&format!("rules -f {format}"), line, &rejected);
        }
    }
    let rules: Value =
        serde_json::from_str(&stdout(&["rules", "-f", "json"])).unwrap_or_else(|error| panic!("{error}"));
    let codes: Vec<String> = rules
        .as_array()
        .map(|rules| {
            rules
                .iter()
                .filter_map(|rule| rule["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert!(codes.len() > 40, "{codes:?}");
    for code in &codes {
        let page = stdout(&["explain", code, "--lang", "zh"]);
        problems.check(&format!("explain {code}"), &page, &rejected);
    }
    // `init --lang zh`: its comments (the commented-out `key = value` examples are TOML).
    let template = stdout(&["init", "-", "--lang", "zh"]);
    let key_value = re(r"^[a-z-]+ = ");
    for comment in template
        .lines()
        .filter_map(|line| line.split_once('#').map(|(_, c)| c.trim()))
    {
        if !key_value.is_match(comment) {
            problems.check("init --lang zh", comment, &rejected);
        }
    }
    problems.assert_none();
}

#[test]
fn the_checker_finds_english_and_passes_identifiers() {
    assert_eq!(english_words("默认级别: high"), ["high"]);
    assert_eq!(
        english_words("接口 GET /v1/accounts 的path 参数 `idCardNo`"),
        ["path"]
    );
    assert!(english_words(
        "接口 GET /v1/accounts 的路径参数 `x-sunset`，见 #/components/schemas/A 与 ID003、OpenAPI、idCardNo"
    )
    .is_empty());
    assert!(english_words("<td class=\"num\">高</td>").is_empty());
    let mut problems = Problems::default();
    problems.check("t", "（严重 1, 高 11）", &[]);
    problems.check("t", "据对标准的二手转述", &["二手转述".to_string()]);
    problems.check("t", "OpenAPI 接口规范文件", &["API 接口".to_string()]);
    assert_eq!(problems.lines.len(), 2, "{:?}", problems.lines);
}
