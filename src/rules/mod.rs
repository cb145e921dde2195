//! Rules: one file per rule code, grouped by family. A rule only detects: it reads the model and
//! pushes `RawFinding`s; severity, suppression and fingerprints are policy's business, and
//! printing is the reporters'. The registry lists every implemented rule.

pub mod auth;
pub mod data;
pub mod deps;
pub mod id;
pub mod keys;
pub mod level;
pub mod lifecycle;
pub mod logging;
pub mod meta;
pub mod registry;
pub mod resilience;
pub mod spec;

use crate::catalogue::Catalogue;
use crate::findings::RawFinding;
use crate::model::spec::Problem;
use crate::model::{Portfolio, Spec};
use crate::parse::Tree;
use crate::policy::inline::IgnoreComment;
use crate::settings::Settings;
use crate::source::SourceFile;
use std::sync::{Arc, OnceLock};

pub use registry::RULES;

/// What every rule may read besides its input: the settings and compiled data of the run.
pub struct Ctx<'a> {
    pub settings: &'a Settings,
    pub catalogue: &'a Catalogue,
    /// The advisory database, loaded once when one is configured and DEP001 runs.
    pub advisories: Option<&'a crate::deps::AdvisoryDb>,
}

impl Ctx<'_> {
    /// A message in the run's language.
    pub fn tr(&self, en: impl Into<String>, zh: impl Into<String>) -> String {
        match self.settings.lang {
            crate::catalogue::Lang::En => en.into(),
            crate::catalogue::Lang::Zh => zh.into(),
        }
    }

    pub fn lang(&self) -> crate::catalogue::Lang {
        self.settings.lang
    }
}

/// A text file as repository rules see it.
pub struct FileInput {
    pub file: Arc<SourceFile>,
    /// `apiaudit:ignore` comments of the file.
    pub comments: Vec<IgnoreComment>,
    structured: OnceLock<Option<Tree>>,
    secrets: OnceLock<Vec<crate::secrets::Hit>>,
}

impl FileInput {
    pub fn new(file: Arc<SourceFile>) -> Self {
        FileInput {
            comments: crate::policy::inline::parse(&file),
            file,
            structured: OnceLock::new(),
            secrets: OnceLock::new(),
        }
    }

    /// What the secret and crypto detectors found in the file: one prefilter pass and the
    /// detectors it selects, run once for every KEY rule of the run.
    pub fn secret_hits(&self, ctx: &Ctx<'_>) -> &[crate::secrets::Hit] {
        self.secrets.get_or_init(|| {
            ctx.settings
                .detectors
                .scan(&self.file.text, &self.file.rel, &|code| {
                    ctx.settings.rule_enabled(code)
                })
        })
    }

    /// The secrets found, when the detectors ran (empty otherwise).
    pub fn found_secrets(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.secrets
            .get()
            .into_iter()
            .flatten()
            .filter_map(|hit| hit.secret)
    }

    /// The file as a YAML/JSON tree, parsed once on first use, for `.yaml`, `.yml` and `.json`
    /// files; None for other files or when it does not parse.
    pub fn structured(&self) -> Option<&Tree> {
        self.structured
            .get_or_init(|| {
                let name = self.file.path.to_ascii_lowercase();
                let is_structured = [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext));
                is_structured
                    .then(|| {
                        crate::parse::parse_structured(&self.file.text, crate::parse::Limits::default()).ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// The file name, lower-cased.
    pub fn file_name(&self) -> String {
        self.file
            .path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }
}

/// A binary file (NUL bytes near its start): key stores are found by their magic bytes.
pub struct BinaryInput {
    pub path: String,
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// A rule. Implement the method for the input the rule reads; the others stay empty.
pub trait Rule: Sync + Send {
    fn code(&self) -> &'static str;

    /// Problems met while loading a spec (parse errors, references, structure).
    fn check_load(&self, _problems: &[Problem], _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// One loaded spec.
    fn check_spec(&self, _spec: &Spec, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// One text file of the repository (specs included).
    fn check_file(&self, _file: &FileInput, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// One binary file of the repository.
    fn check_binary(&self, _file: &BinaryInput, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// The whole run at once.
    fn check_portfolio(&self, _portfolio: &Portfolio, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}
}
