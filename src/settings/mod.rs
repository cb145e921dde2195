//! Settings: defaults, then the config file (`apiaudit.toml` / `.apiaudit.toml`), then flags,
//! resolved once into one `Settings` that the rest of the run reads. Every config error names
//! the file and line.

pub mod config;
pub mod template_zh;

use crate::catalogue::vocabulary::Vocabulary;
use crate::catalogue::{Catalogue, Lang, RuleCode};
use crate::error::{AppError, ConfigError};
use crate::findings::Severity;
use crate::secrets::Detectors;
use chrono::NaiveDate;
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::ConfigFile;

/// The level scheme of SPEC §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelScheme {
    /// A1 and A2, as JR/T 0185-2020 chapter 6 defines them.
    Standard,
    /// A1, A2 (account queries) and A3 (fund-moving), a common refinement of A2.
    ThreeTier,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn parse(text: &str) -> Option<FailOn> {
        if text == "never" {
            Some(FailOn::Never)
        } else {
            Severity::parse(text).map(FailOn::At)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Extensions {
    pub interface_id: String,
    pub level: String,
    pub sunset: String,
    pub replacement: String,
    pub rate_limit: String,
    pub masked: String,
    pub ignore: String,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            interface_id: "x-api-id".into(),
            level: "x-api-level".into(),
            sunset: "x-sunset".into(),
            replacement: "x-replacement".into(),
            rate_limit: "x-rate-limit".into(),
            masked: "x-masked".into(),
            ignore: "x-apiaudit-ignore".into(),
        }
    }
}

/// The service-category segment (6 characters) of the IDs `fix` assigns, per service type of
/// annex B (`01` account, `02` payment, `03` investment: each code starts with its type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdCategories {
    pub account: String,
    pub payment: String,
    pub investment: String,
}

impl Default for IdCategories {
    fn default() -> Self {
        IdCategories {
            account: "010100".into(),
            payment: "020100".into(),
            investment: "030100".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub roots: Vec<PathBuf>,
    pub jobs: usize,
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    pub max_spec_size: u64,
    pub follow_symlinks: bool,
    /// `--no-ignore`: no ignore file applies (`.gitignore`, `.ignore`, `.apiauditignore`);
    /// `scan.exclude` still does.
    pub no_ignore: bool,
    /// `--allow-empty`: a run that finds nothing to audit is not an error.
    pub allow_empty: bool,
    /// `scan.encoding`: the encoding of the paths a glob matches (first match wins).
    pub encodings: Arc<Vec<(globset::GlobMatcher, crate::source::Encoding)>>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<RuleCode, Severity>,
    pub extensions: Extensions,
    /// Institution code expected in interface IDs (ID005), when configured.
    pub institution: Option<String>,
    /// Full override of the interface-ID encoding check (ID002).
    pub id_pattern: Option<Regex>,
    /// The ID ledger `fix` allocates from (`[interface-id] ledger`), when configured.
    pub id_ledger: Option<PathBuf>,
    /// Six-digit service categories `fix` writes into IDs (`[interface-id] categories`).
    pub id_categories: IdCategories,
    pub level_scheme: LevelScheme,
    pub retention_min_days: u32,
    pub transaction_retention_min_days: u32,
    pub lang: Lang,
    pub checks_extend: Vec<PathBuf>,
    /// Term lists of `checks/vocabulary/` plus those of the `extend` files.
    pub vocabulary: Arc<Vocabulary>,
    /// Secret detectors of `checks/secrets/` plus those of the `extend` files.
    pub detectors: Arc<Detectors>,
    /// Paths of test fixtures, where KEY003 reports at `test_severity` (`[checks] test-paths`).
    pub test_paths: Arc<globset::GlobSet>,
    pub test_severity: Severity,
    /// Third-party code copied into the repository (`[scan] vendor`), besides what
    /// `rules::vendored` recognises by itself.
    pub vendor_paths: Arc<globset::GlobSet>,
    pub advisories: Option<PathBuf>,
    pub fail_on: FailOn,
    /// The date rules compare sunset dates with (APIAUDIT_TODAY overrides it, for tests).
    pub today: NaiveDate,
    /// The config file used, if any.
    pub config_path: Option<PathBuf>,
    /// Base URL of the rule pages, ending in `/` (`[report] docs-url`).
    pub docs_url: String,
    /// `--history[=REV-RANGE]`: also scan git history, every ref or a range.
    pub history: Option<HistoryScope>,
    /// Endpoints a framework adds, never INV001 (`[routes] framework-endpoints`).
    pub framework_endpoints: Arc<globset::GlobSet>,
    /// Specs and code that belong to one service (`[services]`).
    pub services: Arc<Vec<ServiceMap>>,
    /// Keep every operation's contract (`review`, which compares two revisions).
    pub contracts: bool,
}

/// What `--history` scans: every ref (no range), or the commits of a range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryScope {
    pub range: Option<String>,
}

/// One `[services]` entry: the specs and the code of a service, by globs relative to each
/// scanned root.
#[derive(Debug, Clone)]
pub struct ServiceMap {
    pub name: String,
    pub specs: globset::GlobSet,
    pub code: globset::GlobSet,
}

/// Endpoints frameworks add by themselves (error pages, health and management endpoints, API
/// documentation): served, in the inventory, but not INV001 (`[routes] framework-endpoints`).
pub const DEFAULT_FRAMEWORK_ENDPOINTS: &[&str] = &[
    "/error",
    "/error/**",
    "/actuator",
    "/actuator/**",
    "/health",
    "/health/**",
    "/healthz",
    "/healthcheck",
    "/health-check",
    "/livez",
    "/readyz",
    "/ping",
    "/info",
    "/metrics",
    "/prometheus",
    "/favicon.ico",
    "/v2/api-docs",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui",
    "/swagger-ui/**",
    "/swagger-ui.html",
    "/swagger-resources/**",
    "/openapi.json",
    "/openapi.yaml",
    "/docs",
    "/docs/**",
    "/redoc",
];

/// Compiles endpoint globs (`/actuator/**`).
pub fn endpoint_set<S: AsRef<str>>(patterns: &[S]) -> Result<globset::GlobSet, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.as_ref();
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("`{pattern}`: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| e.to_string())
}

pub const MIB: u64 = 1024 * 1024;

/// Where test fixtures live, by default (`[checks] test-paths` replaces the list).
pub const DEFAULT_TEST_PATHS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/testdata/**",
    "**/test-data/**",
    "**/testing/**",
    "**/fixtures/**",
    "**/__tests__/**",
    "**/src/test/**",
    "**/*_test.go",
    "**/*Test.java",
    "**/*Tests.java",
    "**/*IT.java",
    "**/*Test.kt",
    "**/test_*.py",
    "**/*_test.py",
    "**/conftest.py",
    "**/*.test.js",
    "**/*.test.ts",
    "**/*.spec.js",
    "**/*.spec.ts",
];

/// One path glob (a pattern without `/` matches at any depth), as `test_path_set` reads them.
pub fn path_glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    let full = if pattern.contains('/') {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    globset::Glob::new(&full)
        .map(|glob| glob.compile_matcher())
        .map_err(|e| format!("`{pattern}`: {e}"))
}

/// Compiles path globs (a pattern without `/` matches at any depth).
pub fn test_path_set<S: AsRef<str>>(patterns: &[S]) -> Result<globset::GlobSet, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.as_ref();
        let full = if pattern.contains('/') {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        builder.add(globset::Glob::new(&full).map_err(|e| format!("`{pattern}`: {e}"))?);
    }
    builder.build().map_err(|e| e.to_string())
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            roots: vec![PathBuf::from(".")],
            jobs: default_jobs(),
            exclude: Vec::new(),
            max_file_size: 128 * MIB,
            max_spec_size: 512 * MIB,
            follow_symlinks: true,
            no_ignore: false,
            allow_empty: false,
            encodings: Arc::new(Vec::new()),
            select: vec!["ALL".into()],
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            extensions: Extensions::default(),
            institution: None,
            id_pattern: None,
            id_ledger: None,
            id_categories: IdCategories::default(),
            level_scheme: LevelScheme::Standard,
            retention_min_days: 180,
            transaction_retention_min_days: 365,
            lang: Lang::En,
            checks_extend: Vec::new(),
            vocabulary: Arc::new(Vocabulary::embedded().unwrap_or_default()),
            detectors: Arc::new(Detectors::embedded().unwrap_or_default()),
            test_paths: Arc::new(test_path_set(DEFAULT_TEST_PATHS).unwrap_or_default()),
            test_severity: Severity::Low,
            vendor_paths: Arc::new(globset::GlobSet::empty()),
            advisories: None,
            fail_on: FailOn::At(Severity::High),
            today: today(),
            config_path: None,
            docs_url: crate::catalogue::RULE_DOCS_URL.to_string(),
            history: None,
            framework_endpoints: Arc::new(endpoint_set(DEFAULT_FRAMEWORK_ENDPOINTS).unwrap_or_default()),
            services: Arc::new(Vec::new()),
            contracts: false,
        }
    }
}

pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn today() -> NaiveDate {
    std::env::var("APIAUDIT_TODAY")
        .ok()
        .and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Flags of `scan` that settings care about; `None` means "not given".
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub roots: Vec<PathBuf>,
    pub jobs: Option<usize>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub lang: Option<Lang>,
    pub advisories: Option<PathBuf>,
    pub history: Option<HistoryScope>,
    pub no_ignore: bool,
    pub allow_empty: bool,
}

/// Config file names, in the order they are looked for.
pub const CONFIG_NAMES: &[&str] = &["apiaudit.toml", ".apiaudit.toml"];

/// Finds the config: in `start` or its ancestors.
pub fn discover_config(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

impl Settings {
    /// Defaults, then the config file, then flags.
    pub fn resolve(overrides: &Overrides, catalogue: &Catalogue) -> Result<Settings, AppError> {
        let mut settings = Settings::default();
        if !overrides.roots.is_empty() {
            settings.roots.clone_from(&overrides.roots);
        }
        let config_path = match &overrides.config {
            Some(path) => {
                if !path.is_file() {
                    return Err(AppError::Usage(format!(
                        "config file {} not found",
                        path.display()
                    )));
                }
                Some(path.clone())
            }
            None => {
                let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                discover_config(&cwd).or_else(|| {
                    // No config where apiaudit runs: the first root's own config applies.
                    let root = settings.roots.first()?;
                    let dir = if root.is_file() {
                        root.parent()?.to_path_buf()
                    } else {
                        root.clone()
                    };
                    discover_config(&dir)
                })
            }
        };
        if let Some(path) = &config_path {
            let text = std::fs::read_to_string(path).map_err(|error| AppError::Io {
                what: format!("cannot read config {}", path.display()),
                error,
            })?;
            let display = path.display().to_string();
            let file = ConfigFile::parse(&display, &text)?;
            file.apply(
                &display,
                &text,
                &mut settings,
                catalogue,
                path.parent().unwrap_or(Path::new(".")),
            )?;
        }
        settings.config_path = config_path;
        if !settings.checks_extend.is_empty() {
            settings.vocabulary = Arc::new(Vocabulary::load(&settings.checks_extend)?);
            settings.detectors = Arc::new(Detectors::load(&settings.checks_extend)?);
        }
        if let Some(jobs) = overrides.jobs {
            settings.jobs = jobs.max(1);
        }
        if let Some(select) = &overrides.select {
            settings.select.clone_from(select);
        }
        settings.ignore.extend(overrides.ignore.iter().cloned());
        for selector in settings.select.iter().chain(&settings.ignore) {
            if !catalogue.is_selector(selector) {
                return Err(AppError::Usage(format!(
                    "unknown rule or prefix `{selector}` in --select/--ignore (see `apiaudit rules`)"
                )));
            }
        }
        if let Some(fail_on) = overrides.fail_on {
            settings.fail_on = fail_on;
        }
        // Detectors compile once, and only when a rule that uses them runs.
        if crate::secrets::RULE_CODES
            .iter()
            .any(|code| settings.rule_enabled(*code))
        {
            settings.detectors.prepare().map_err(AppError::Usage)?;
        }
        if let Some(lang) = overrides.lang {
            settings.lang = lang;
        }
        if let Some(advisories) = &overrides.advisories {
            settings.advisories = Some(advisories.clone());
        }
        settings.history.clone_from(&overrides.history);
        settings.no_ignore = overrides.no_ignore;
        settings.allow_empty = overrides.allow_empty;
        Ok(settings)
    }

    /// The encoding `scan.encoding` names for a path relative to its root, if any.
    pub fn encoding_of(&self, rel: &str) -> Option<crate::source::Encoding> {
        self.encodings
            .iter()
            .find(|(glob, _)| glob.is_match(rel))
            .map(|(_, encoding)| *encoding)
    }

    /// What is known of a path's encoding before reading it: what `scan.encoding` names, and
    /// what its kind of file falls back to (`source::encoding::fallback_for`).
    pub fn encoding_hint(&self, rel: &str) -> crate::source::encoding::Hint {
        crate::source::encoding::Hint::for_path(rel, self.encoding_of(rel))
    }

    /// Whether a rule runs: the most specific matching selector decides, ignore winning ties.
    pub fn rule_enabled(&self, code: RuleCode) -> bool {
        let code = code.as_str();
        let specificity = |selectors: &[String]| {
            selectors
                .iter()
                .filter(|s| s.as_str() == "ALL" || code.starts_with(s.as_str()))
                .map(|s| if s == "ALL" { 0 } else { s.len() })
                .max()
        };
        match (specificity(&self.select), specificity(&self.ignore)) {
            (Some(select), Some(ignore)) => select > ignore,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

/// Parses `10MiB`, `512KiB`, `1GB`, `2048`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        _ => return None,
    };
    number.checked_mul(factor)
}

pub(crate) fn config_error(
    file: &str,
    text: &str,
    span: std::ops::Range<usize>,
    message: String,
) -> AppError {
    ConfigError::new(file, text, Some(span), message).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_uses_the_most_specific_selector() {
        let mut settings = Settings {
            select: vec!["ALL".into()],
            ignore: vec!["KEY".into()],
            ..Settings::default()
        };
        assert!(settings.rule_enabled(RuleCode::ID001));
        assert!(!settings.rule_enabled(RuleCode::KEY003));
        settings.select.push("KEY003".into());
        assert!(settings.rule_enabled(RuleCode::KEY003));
        assert!(!settings.rule_enabled(RuleCode::KEY001));
        settings.select = vec!["ID".into()];
        assert!(!settings.rule_enabled(RuleCode::CLS001));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MiB"), Some(10 * MIB));
        assert_eq!(parse_size("512 KiB"), Some(512 * 1024));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("ten"), None);
    }
}
