//! The rule catalogue: rule metadata as data under `checks/`, embedded in the binary at build
//! time. `rules`, `explain`, the SARIF rule table and `docs/rules/` all read it from here.

pub mod codes;
mod labels;
pub mod vocabulary;

pub use codes::RuleCode;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

include!(concat!(env!("OUT_DIR"), "/catalogue_files.rs"));

/// Where the rule pages (`docs/rules/<CODE>.md`) are published unless `[report] docs-url` says
/// otherwise: SARIF `helpUri`s and report links point here.
pub const RULE_DOCS_URL: &str = "https://github.com/apiaudit/apiaudit/blob/main/docs/rules/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Low => "低",
            Severity::Medium => "中",
            Severity::High => "高",
            Severity::Critical => "严重",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule rests on (SPEC §1): a standard's clause, the law, or sound practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Standard,
    Law,
    Practice,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Standard => "standard",
            Basis::Law => "law",
            Basis::Practice => "practice",
        }
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Spec,
    Repo,
    Portfolio,
    /// Two revisions of the estate (`apiaudit review --base REV`).
    Change,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Spec => "spec",
            Scope::Repo => "repo",
            Scope::Portfolio => "portfolio",
            Scope::Change => "change",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Stable,
    Planned,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    pub title: String,
    pub what: String,
    pub why: String,
    pub fix: String,
}

/// A rule's example: a snippet that fails and one that passes. A test writes each, with the
/// example's other files (`context`), into a directory and scans it with the rule: the fail
/// snippet must be reported, the pass snippet not.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Example {
    pub lang: String,
    pub fail: String,
    pub pass: String,
    /// The file at the base revision, for a rule of two revisions (`apiaudit review`): it is
    /// committed, then the fail or pass snippet is written over it and reviewed against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Where the snippets are written in the example's tree (default: by `lang`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where the fail snippet is written, when it differs from `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_file: Option<String>,
    /// Where the pass snippet is written, when it differs from `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_file: Option<String>,
    /// Other files of the example's tree, by path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// The rules the example runs (`--select`), when the rule needs others' findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// More `scan` arguments for both runs, and for the fail and the pass run alone; `{dir}`
    /// is the example's tree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fail_args: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pass_args: Vec<String>,
}

/// One rule's metadata (`checks/<family>/<CODE>-<name>.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleMeta {
    pub code: RuleCode,
    pub name: String,
    pub severity: Severity,
    pub basis: Basis,
    pub clause: String,
    pub clause_zh: String,
    pub scope: Scope,
    pub status: Status,
    pub en: Docs,
    pub zh: Docs,
    pub example: Example,
    /// The directory under `checks/` (spec, id, level, auth, ...).
    #[serde(default)]
    pub family: String,
}

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

impl RuleMeta {
    pub fn docs(&self, lang: Lang) -> &Docs {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    pub fn clause(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.clause,
            Lang::Zh => &self.clause_zh,
        }
    }
}

#[derive(Debug)]
pub struct Catalogue {
    rules: Vec<RuleMeta>,
}

/// Directories of `checks/` that hold data other than rule metadata.
const DATA_DIRS: &[&str] = &["vocabulary/", "secrets/"];

impl Catalogue {
    /// The embedded catalogue. A malformed entry is a build defect, caught by the tests; at run
    /// time it is reported as an error rather than a panic.
    pub fn embedded() -> Result<Catalogue, String> {
        let mut rules = Vec::new();
        for (path, json) in CATALOGUE_JSON {
            if DATA_DIRS.iter().any(|dir| path.starts_with(dir)) {
                continue;
            }
            let mut meta: RuleMeta =
                serde_json::from_str(json).map_err(|error| format!("checks/{path}: {error}"))?;
            meta.family = path.split('/').next().unwrap_or("").to_string();
            rules.push(meta);
        }
        rules.sort_by_key(|rule| rule.code);
        // `RuleCode` is generated from the same files, so each code has exactly one entry, at
        // its index: lookups are total.
        if rules.len() != RuleCode::ALL.len()
            || rules
                .iter()
                .zip(RuleCode::ALL)
                .any(|(rule, code)| rule.code != *code)
        {
            return Err("checks/: the rule files and the generated rule codes disagree (rebuild)".into());
        }
        Ok(Catalogue { rules })
    }

    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    pub fn get(&self, code: RuleCode) -> &RuleMeta {
        &self.rules[code.index()]
    }

    /// Rule by code or by kebab-case name.
    pub fn find(&self, code_or_name: &str) -> Option<&RuleMeta> {
        RuleCode::parse(&code_or_name.to_ascii_uppercase())
            .map(|code| self.get(code))
            .or_else(|| self.rules.iter().find(|rule| rule.name == code_or_name))
    }

    /// Whether a selector (`ALL`, a family prefix like `KEY`, a partial code like `KEY00`, or a
    /// full code) names at least one rule.
    pub fn is_selector(&self, selector: &str) -> bool {
        selector == "ALL"
            || RuleCode::ALL
                .iter()
                .any(|code| code.as_str().starts_with(selector))
    }
}

/// Files of a data directory of the catalogue (`secrets/`), as JSON (build.rs converts them).
pub fn data_files_json(dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    CATALOGUE_JSON
        .iter()
        .filter(move |(path, _)| path.starts_with(dir))
        .map(|(path, json)| (*path, *json))
}

/// Files of a data directory of the catalogue (`vocabulary/`, `secrets/`).
pub fn data_files(dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    CATALOGUE_FILES
        .iter()
        .filter(move |(path, _)| path.starts_with(dir))
        .map(|(path, text)| (*path, *text))
}
