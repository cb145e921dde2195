//! The rule catalogue: rule metadata as data under `checks/`, embedded in the binary at build
//! time. `rules`, `explain`, the SARIF rule table and `docs/rules/` all read it from here.

pub mod vocabulary;

use crate::findings::{Basis, Severity};
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/catalogue_files.rs"));

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Spec,
    Repo,
    Portfolio,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Spec => "spec",
            Scope::Repo => "repo",
            Scope::Portfolio => "portfolio",
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub lang: String,
    pub fail: String,
    pub pass: String,
}

/// One rule's metadata (`checks/<family>/<CODE>-<name>.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleMeta {
    pub code: String,
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

    /// The letters of the code: `KEY` for `KEY001`.
    pub fn prefix(&self) -> &str {
        self.code.trim_end_matches(|c: char| c.is_ascii_digit())
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
        for (path, text) in CATALOGUE_FILES {
            if DATA_DIRS.iter().any(|dir| path.starts_with(dir)) {
                continue;
            }
            let mut meta: RuleMeta =
                toml::from_str(text).map_err(|error| format!("checks/{path}: {error}"))?;
            meta.family = path.split('/').next().unwrap_or("").to_string();
            rules.push(meta);
        }
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Catalogue { rules })
    }

    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    pub fn get(&self, code: &str) -> Option<&RuleMeta> {
        self.rules
            .binary_search_by(|rule| rule.code.as_str().cmp(code))
            .ok()
            .map(|index| &self.rules[index])
    }

    /// Rule by code or by kebab-case name.
    pub fn find(&self, code_or_name: &str) -> Option<&RuleMeta> {
        let upper = code_or_name.to_ascii_uppercase();
        self.get(&upper)
            .or_else(|| self.rules.iter().find(|rule| rule.name == code_or_name))
    }

    /// Whether a selector (`ALL`, a family prefix like `KEY`, a partial code like `KEY00`, or a
    /// full code) names at least one rule.
    pub fn is_selector(&self, selector: &str) -> bool {
        selector == "ALL" || self.rules.iter().any(|rule| rule.code.starts_with(selector))
    }
}

/// Files of a data directory of the catalogue (`vocabulary/`, `secrets/`).
pub fn data_files(dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    CATALOGUE_FILES
        .iter()
        .filter(move |(path, _)| path.starts_with(dir))
        .map(|(path, text)| (*path, *text))
}
