//! The config file: its schema (unknown keys are errors naming the key and line), its
//! validation, and the fully commented template `apiaudit init` writes.

use super::{config_error, parse_size, FailOn, LevelScheme, Settings};
use crate::catalogue::{Catalogue, Lang};
use crate::error::{AppError, ConfigError};
use crate::findings::Severity;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default)]
    pub scan: ScanConfig,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub interface_id: InterfaceIdConfig,
    #[serde(default)]
    pub levels: LevelsConfig,
    #[serde(default)]
    pub extensions: ExtensionsConfig,
    #[serde(default)]
    pub retention: RetentionConfig,
    #[serde(default)]
    pub report: ReportConfig,
    #[serde(default)]
    pub checks: ChecksConfig,
    #[serde(default)]
    pub advisories: AdvisoriesConfig,
    #[serde(default)]
    pub routes: RoutesConfig,
    #[serde(default)]
    pub services: BTreeMap<String, Spanned<ServiceConfig>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RoutesConfig {
    pub framework_endpoints: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServiceConfig {
    #[serde(default)]
    pub specs: Vec<String>,
    #[serde(default)]
    pub code: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanConfig {
    #[serde(default)]
    pub exclude: Vec<String>,
    pub vendor: Option<Spanned<Vec<String>>>,
    pub max_file_size: Option<Spanned<String>>,
    pub max_spec_size: Option<Spanned<String>>,
    pub follow_symlinks: Option<bool>,
    /// Encodings by path glob, for files detection gets wrong (`{ "legacy/**" = "gbk" }`).
    #[serde(default)]
    pub encoding: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    pub fail_on: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct InterfaceIdConfig {
    pub extension: Option<String>,
    pub institution: Option<Spanned<String>>,
    pub pattern: Option<Spanned<String>>,
    pub ledger: Option<String>,
    pub categories: Option<CategoriesConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CategoriesConfig {
    pub account: Option<Spanned<String>>,
    pub payment: Option<Spanned<String>>,
    pub investment: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelsConfig {
    pub extension: Option<String>,
    pub scheme: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExtensionsConfig {
    pub sunset: Option<String>,
    pub replacement: Option<String>,
    pub rate_limit: Option<String>,
    pub masked: Option<String>,
    pub ignore: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RetentionConfig {
    pub min_days: Option<u32>,
    pub transaction_min_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReportConfig {
    pub lang: Option<Spanned<String>>,
    pub docs_url: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChecksConfig {
    #[serde(default)]
    pub extend: Vec<String>,
    pub test_paths: Option<Spanned<Vec<String>>>,
    pub test_severity: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AdvisoriesConfig {
    pub path: Option<String>,
}

/// serde's type names in a config error, in the words of the config's reader: `expected u32`
/// is `expected a whole number ≥ 0`.
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 10] = [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number ≥ 0"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected usize", "expected a whole number ≥ 0"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f32", "expected a number"),
        ("expected f64", "expected a number"),
        ("expected struct ", "expected a table: "),
    ];
    let mut out = message.to_string();
    for (from, to) in WORDS {
        // Whole words only: `expected u32` must not rewrite `expected u320...`.
        let mut at = 0;
        while let Some(found) = out[at..].find(from) {
            let start = at + found;
            let end = start + from.len();
            let boundary =
                from.ends_with(' ') || !out[end..].starts_with(|c: char| c.is_ascii_alphanumeric());
            if boundary {
                out.replace_range(start..end, to);
                at = start + to.len();
            } else {
                at = end;
            }
        }
    }
    out
}

impl ConfigFile {
    pub fn parse(file: &str, text: &str) -> Result<ConfigFile, AppError> {
        toml::from_str(text).map_err(|error| {
            let message = plain_words(error.message());
            let help = message
                .starts_with("unknown field")
                .then(|| "run `apiaudit init` to see every key apiaudit knows, with comments".to_string());
            let mut config_error = ConfigError::new(file, text, error.span(), message);
            if let Some(help) = help {
                config_error = config_error.with_help(help);
            }
            config_error.into()
        })
    }

    /// Validates values and writes them into `settings`. Relative paths are taken from the
    /// config file's directory.
    pub fn apply(
        self,
        file: &str,
        text: &str,
        settings: &mut Settings,
        catalogue: &Catalogue,
        base: &Path,
    ) -> Result<(), AppError> {
        let err = |spanned_span: std::ops::Range<usize>, message: String| {
            config_error(file, text, spanned_span, message)
        };
        settings.exclude = self.scan.exclude;
        if let Some(paths) = &self.scan.vendor {
            let set = super::test_path_set(paths.get_ref())
                .map_err(|message| err(paths.span(), format!("invalid vendor glob {message}")))?;
            settings.vendor_paths = std::sync::Arc::new(set);
        }
        if let Some(size) = self.scan.max_file_size {
            settings.max_file_size = parse_size(size.get_ref()).ok_or_else(|| {
                err(
                    size.span(),
                    format!("`{}` is not a size (e.g. \"10MiB\")", size.get_ref()),
                )
            })?;
        }
        if let Some(size) = self.scan.max_spec_size {
            settings.max_spec_size = parse_size(size.get_ref()).ok_or_else(|| {
                err(
                    size.span(),
                    format!("`{}` is not a size (e.g. \"50MiB\")", size.get_ref()),
                )
            })?;
        }
        if let Some(follow) = self.scan.follow_symlinks {
            settings.follow_symlinks = follow;
        }
        let mut encodings = Vec::new();
        for (glob, label) in &self.scan.encoding {
            let encoding = crate::source::Encoding::for_label(label.get_ref()).ok_or_else(|| {
                err(
                    label.span(),
                    format!(
                        "`{}` is not an encoding apiaudit knows (e.g. \"gbk\", \"gb18030\", \"utf-16le\", \"latin1\")",
                        label.get_ref()
                    ),
                )
            })?;
            let matcher = super::path_glob(glob.get_ref())
                .map_err(|error| err(glob.span(), format!("invalid glob: {error}")))?;
            encodings.push((matcher, encoding));
        }
        settings.encodings = std::sync::Arc::new(encodings);
        let check_selector = |selector: &Spanned<String>| -> Result<String, AppError> {
            if catalogue.is_selector(selector.get_ref()) {
                Ok(selector.get_ref().clone())
            } else {
                Err(err(
                    selector.span(),
                    format!("unknown rule or prefix `{}`", selector.get_ref()),
                ))
            }
        };
        if let Some(select) = &self.rules.select {
            settings.select = select.iter().map(check_selector).collect::<Result<_, _>>()?;
        }
        settings.ignore = self
            .rules
            .ignore
            .iter()
            .map(check_selector)
            .collect::<Result<_, _>>()?;
        for (code, severity) in &self.rules.severity {
            let Some(rule) = crate::catalogue::RuleCode::parse(code.get_ref()) else {
                return Err(err(
                    code.span(),
                    format!("unknown rule `{}` in [rules] severity", code.get_ref()),
                ));
            };
            let level = Severity::parse(severity.get_ref()).ok_or_else(|| {
                err(
                    severity.span(),
                    format!(
                        "`{}` is not a severity (critical, high, medium, low, info)",
                        severity.get_ref()
                    ),
                )
            })?;
            settings.severity.insert(rule, level);
        }
        if let Some(fail_on) = &self.rules.fail_on {
            settings.fail_on = FailOn::parse(fail_on.get_ref()).ok_or_else(|| {
                err(
                    fail_on.span(),
                    format!(
                        "`{}` is not critical, high, medium, low, info or never",
                        fail_on.get_ref()
                    ),
                )
            })?;
        }
        if let Some(extension) = self.interface_id.extension {
            settings.extensions.interface_id = extension;
        }
        if let Some(institution) = &self.interface_id.institution {
            let code = institution.get_ref();
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                return Err(err(
                    institution.span(),
                    format!(
                        "institution `{code}` must be the first six characters of the JR/T 0124-2014 code (6 of A-Z, 0-9)"
                    ),
                ));
            }
            settings.institution = Some(code.clone());
        }
        if let Some(pattern) = &self.interface_id.pattern {
            let regex = Regex::new(pattern.get_ref())
                .map_err(|error| err(pattern.span(), format!("invalid pattern: {error}")))?;
            settings.id_pattern = Some(regex);
        }
        if let Some(ledger) = &self.interface_id.ledger {
            settings.id_ledger = Some(base.join(ledger));
        }
        if let Some(categories) = &self.interface_id.categories {
            for (value, service_type, name, slot) in [
                (
                    &categories.account,
                    "01",
                    "account",
                    &mut settings.id_categories.account,
                ),
                (
                    &categories.payment,
                    "02",
                    "payment",
                    &mut settings.id_categories.payment,
                ),
                (
                    &categories.investment,
                    "03",
                    "investment",
                    &mut settings.id_categories.investment,
                ),
            ] {
                let Some(value) = value else { continue };
                let code = value.get_ref();
                let well_formed =
                    code.len() == 6 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if !well_formed || !code.starts_with(service_type) {
                    return Err(err(
                        value.span(),
                        format!(
                            "category `{code}` for {name} must be 6 of 0-9/A-Z starting with `{service_type}` (annex B service type)"
                        ),
                    ));
                }
                *slot = code.clone();
            }
        }
        if let Some(extension) = self.levels.extension {
            settings.extensions.level = extension;
        }
        if let Some(scheme) = &self.levels.scheme {
            settings.level_scheme = match scheme.get_ref().as_str() {
                "standard" => LevelScheme::Standard,
                "three-tier" => LevelScheme::ThreeTier,
                other => {
                    return Err(err(
                        scheme.span(),
                        format!("scheme `{other}` is not \"standard\" or \"three-tier\""),
                    ))
                }
            };
        }
        let ext = self.extensions;
        for (value, slot) in [
            (ext.sunset, &mut settings.extensions.sunset),
            (ext.replacement, &mut settings.extensions.replacement),
            (ext.rate_limit, &mut settings.extensions.rate_limit),
            (ext.masked, &mut settings.extensions.masked),
            (ext.ignore, &mut settings.extensions.ignore),
        ] {
            if let Some(value) = value {
                *slot = value;
            }
        }
        if let Some(days) = self.retention.min_days {
            settings.retention_min_days = days;
        }
        if let Some(days) = self.retention.transaction_min_days {
            settings.transaction_retention_min_days = days;
        }
        if let Some(lang) = &self.report.lang {
            settings.lang = Lang::parse(lang.get_ref()).ok_or_else(|| {
                err(
                    lang.span(),
                    format!("lang `{}` is not \"en\" or \"zh\"", lang.get_ref()),
                )
            })?;
        }
        if let Some(url) = &self.report.docs_url {
            let text = url.get_ref().trim();
            if !(text.starts_with("https://") || text.starts_with("http://") || text.starts_with("file://")) {
                return Err(err(
                    url.span(),
                    format!("docs-url `{text}` is not an absolute http(s):// or file:// URL"),
                ));
            }
            settings.docs_url = format!("{}/", text.trim_end_matches('/'));
        }
        settings.checks_extend = self.checks.extend.iter().map(|p| base.join(p)).collect();
        if let Some(paths) = &self.checks.test_paths {
            let set = super::test_path_set(paths.get_ref())
                .map_err(|message| err(paths.span(), format!("invalid test-paths glob {message}")))?;
            settings.test_paths = std::sync::Arc::new(set);
        }
        if let Some(severity) = &self.checks.test_severity {
            settings.test_severity = Severity::parse(severity.get_ref()).ok_or_else(|| {
                err(
                    severity.span(),
                    format!("test-severity `{}` is not a severity", severity.get_ref()),
                )
            })?;
        }
        if let Some(path) = self.advisories.path {
            settings.advisories = Some(base.join(path));
        }
        if let Some(endpoints) = &self.routes.framework_endpoints {
            let set = super::endpoint_set(endpoints.get_ref()).map_err(|message| {
                err(
                    endpoints.span(),
                    format!("invalid framework-endpoints glob {message}"),
                )
            })?;
            settings.framework_endpoints = std::sync::Arc::new(set);
        }
        let mut services = Vec::new();
        for (name, service) in &self.services {
            let globs = |patterns: &[String]| {
                super::test_path_set(patterns).map_err(|message| {
                    err(
                        service.span(),
                        format!("invalid glob in [services] {name}: {message}"),
                    )
                })
            };
            let entry = service.get_ref();
            if entry.specs.is_empty() || entry.code.is_empty() {
                return Err(err(
                    service.span(),
                    format!("[services] {name} needs both `specs` and `code` globs"),
                ));
            }
            services.push(super::ServiceMap {
                name: name.clone(),
                specs: globs(&entry.specs)?,
                code: globs(&entry.code)?,
            });
        }
        settings.services = std::sync::Arc::new(services);
        Ok(())
    }
}

/// What `apiaudit init` writes: every key, commented, with its default.
pub const INIT_TEMPLATE: &str = r#"# apiaudit configuration.
# apiaudit looks for apiaudit.toml or .apiaudit.toml in the current directory and its ancestors
# (then in the first scanned path and its ancestors), or reads the file given by --config.
# Unknown keys are errors. Values shown are the defaults unless marked "example".

[scan]
# Globs of paths to leave out, relative to each scanned root. With .apiauditignore files, the
# only way to leave out a file git tracks: inside a git work tree every tracked file is audited
# whatever .gitignore and .ignore say (they only hide untracked files, and only in a work tree).
# .git/ is never walked; untracked node_modules/ and target/ are skipped.
exclude = []                    # example: ["legacy/**", "**/generated/**"]
# Globs of third-party code copied into the repository (read, but not judged as the bank's own
# code by LOG004). vendor/, third_party/, node_modules/, static library folders, minified files
# and files with a library licence banner are recognised without this list.
vendor = []                     # example: ["web/static/pdfjs/**"]
# Walked files larger than this are not audited, each reported (META001); a file named on the
# command line has no limit. Files that look like specs get their own limit.
max-file-size = "128MiB"
max-spec-size = "512MiB"
# Follow symbolic links (loops are detected and reported, never followed twice).
follow-symlinks = true
# Encodings by path glob, for files the detection (byte-order mark, UTF-8, GB18030) gets wrong.
encoding = {}                   # example: { "legacy/**/*.properties" = "latin1", "docs/*.md" = "gbk" }

[rules]
# Rules to run: codes (ID001), family prefixes (ID, KEY) or ALL. --select replaces this list.
select = ["ALL"]
# Rules to skip; the most specific of select/ignore wins. --ignore adds to this list.
ignore = []
# Severity overrides: critical, high, medium, low, info.
severity = {}                   # example: { LOG003 = "medium", AUTH006 = "high" }
# Exit with 1 when a finding is at or above this severity (or "never").
fail-on = "high"

[interface-id]
# Operation extension that carries the unified interface identification code (annex B).
extension = "x-api-id"
# The bank's institution code: the first six characters of its JR/T 0124-2014 code.
# When set, ID005 checks that every interface ID carries it.
# institution = "C10231"        # example
# Full override of the encoding check (a regular expression the whole ID must match).
# pattern = "^OP[0-9A-Z]{6}0[12][0-9A-Z]{14}$"   # example
# The ledger `apiaudit fix --ids` allocates IDs from (CSV; one ledger can serve many
# repositories). Default: apiaudit-ids.csv in the first scanned path.
# ledger = "../estate/apiaudit-ids.csv"   # example
# Service-category segment (6 characters) that `fix` writes, per service type inferred from
# the operation; each starts with its annex B service type (01 account, 02 payment,
# 03 investment).
categories = { account = "010100", payment = "020100", investment = "030100" }

[levels]
# Operation extension that carries the security level.
extension = "x-api-level"
# "standard": A1 and A2 (JR/T 0185-2020 chapter 6).
# "three-tier": also A3 for fund-moving interfaces (A3 counts as A2 for the standard).
scheme = "standard"

[extensions]
# Names of the other spec extensions apiaudit reads.
sunset = "x-sunset"
replacement = "x-replacement"
rate-limit = "x-rate-limit"
masked = "x-masked"
ignore = "x-apiaudit-ignore"

[retention]
# Minimum log retention in days (Cybersecurity Law art. 21: at least six months).
min-days = 180
# Minimum retention of transaction logs, in days.
transaction-min-days = 365

[report]
# Language of reports and messages: "en" or "zh".
lang = "en"
# Where the rule pages (docs/rules/<CODE>.md) are published, for the links in SARIF and reports;
# point it at an internal mirror in an air-gapped network.
# docs-url = "https://git.example-bank.cn/tools/apiaudit/-/blob/main/docs/rules/"

[checks]
# More detectors and vocabulary, in the format of the built-in catalogue (checks/).
extend = []                     # example: ["bank-secrets.toml"]
# Test fixtures: hard-coded secrets (KEY003) found here are reported at `test-severity`.
# Globs relative to each scanned root; a pattern without `/` matches at any depth.
test-paths = ["**/test/**", "**/tests/**", "**/testdata/**", "**/test-data/**", "**/testing/**", "**/fixtures/**", "**/__tests__/**", "**/src/test/**", "**/*_test.go", "**/*Test.java", "**/*Tests.java", "**/*IT.java", "**/*Test.kt", "**/test_*.py", "**/*_test.py", "**/conftest.py", "**/*.test.js", "**/*.test.ts", "**/*.spec.js", "**/*.spec.ts"]
test-severity = "low"

[advisories]
# A local OSV advisory database (directory or zip) for DEP001; never fetched over the network.
# path = "advisories/"          # example

[routes]
# Endpoints a framework adds by itself (error pages, health and management endpoints, API
# documentation). They are listed in the inventory when code maps them, but are never INV001.
# Globs on the path a client calls, matched with and without the context path; `*` stays
# within one segment, `**` crosses segments. Setting the list replaces these defaults.
framework-endpoints = ["/error", "/error/**", "/actuator", "/actuator/**", "/health", "/health/**", "/healthz", "/healthcheck", "/health-check", "/livez", "/readyz", "/ping", "/info", "/metrics", "/prometheus", "/favicon.ico", "/v2/api-docs", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui", "/swagger-ui/**", "/swagger-ui.html", "/swagger-resources/**", "/openapi.json", "/openapi.yaml", "/docs", "/docs/**", "/redoc"]

# Which specs describe which code (INV002, LIFE005 and `served` in the inventory). By default a
# spec and code belong to one service when they sit in the same service directory: the
# outermost directory with a build file (pom.xml, build.gradle, package.json, go.mod,
# pyproject.toml, ...) inside the repository, or a spec above the code in the same repository.
# An entry here groups specs and code explicitly; globs are relative to each scanned root
# (a pattern without `/` matches at any depth).
[services]
# payments = { specs = ["api-specs/payments/**"], code = ["payments-core/**", "payments-web/**"] }   # example
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::embedded().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn init_template_parses_and_applies() {
        let file = ConfigFile::parse("apiaudit.toml", INIT_TEMPLATE).unwrap_or_else(|e| panic!("{e}"));
        let mut settings = Settings::default();
        file.apply(
            "apiaudit.toml",
            INIT_TEMPLATE,
            &mut settings,
            &catalogue(),
            Path::new("."),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings.max_file_size, 128 * super::super::MIB);
    }

    #[test]
    fn encodings_by_glob() {
        let text = "[scan]\nencoding = { \"legacy/**\" = \"gbk\", \"*.md\" = \"utf-16le\" }\n";
        let file = ConfigFile::parse("c.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let mut settings = Settings::default();
        file.apply("c.toml", text, &mut settings, &catalogue(), Path::new("."))
            .unwrap_or_else(|e| panic!("{e}"));
        let label = |rel: &str| settings.encoding_of(rel).map(|e| e.label());
        assert_eq!(label("legacy/conf/app.properties").as_deref(), Some("gb18030"));
        assert_eq!(label("docs/readme.md").as_deref(), Some("UTF-16LE"));
        assert_eq!(label("src/app.properties"), None);
        let bad = "[scan]\nencoding = { \"x/**\" = \"klingon\" }\n";
        let file = ConfigFile::parse("c.toml", bad).unwrap_or_else(|e| panic!("{e}"));
        let error = file
            .apply("c.toml", bad, &mut settings, &catalogue(), Path::new("."))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("c.toml:2") && error.contains("klingon"), "{error}");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = "[scan]\nexclude = []\nmax-size = 3\n";
        let error = ConfigFile::parse("apiaudit.toml", text)
            .err()
            .map(|e| e.to_string());
        let message = error.unwrap_or_default();
        assert!(message.contains("apiaudit.toml:3"), "{message}");
        assert!(message.contains("max-size"), "{message}");
    }

    #[test]
    fn id_categories_and_ledger() {
        let text = "[interface-id]\nledger = \"ids/ledger.csv\"\ncategories = { payment = \"020300\" }\n";
        let file = ConfigFile::parse("c.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let mut settings = Settings::default();
        file.apply("c.toml", text, &mut settings, &catalogue(), Path::new("base"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings.id_categories.payment, "020300");
        assert_eq!(settings.id_categories.account, "010100");
        assert_eq!(settings.id_ledger, Some(Path::new("base").join("ids/ledger.csv")));
        // A code of another service type points at its line.
        let text = "[interface-id]\ncategories = {\n  account = \"010100\",\n  investment = \"020100\" }\n";
        let file = ConfigFile::parse("c.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let error = file
            .apply(
                "c.toml",
                text,
                &mut Settings::default(),
                &catalogue(),
                Path::new("."),
            )
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("c.toml:4") && error.contains("starting with `03`"),
            "{error}"
        );
    }

    #[test]
    fn type_errors_in_plain_words() {
        let error = ConfigFile::parse("c.toml", "[retention]\nmin-days = -3\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("expected a whole number ≥ 0"), "{error}");
        assert!(!error.contains("u32"), "{error}");
        assert_eq!(
            plain_words("expected u64 or u32x"),
            "expected a whole number ≥ 0 or u32x"
        );
    }

    #[test]
    fn bad_values_point_at_their_line() {
        let text = "[rules]\nselect = [\"ALL\"]\nseverity = { LOG003 = \"urgent\" }\n";
        let file = ConfigFile::parse("c.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let mut settings = Settings::default();
        let error = file
            .apply("c.toml", text, &mut settings, &catalogue(), Path::new("."))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("c.toml:3") && error.contains("urgent"), "{error}");
    }
}
