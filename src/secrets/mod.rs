//! Secret and crypto detectors as data: `checks/secrets/*.toml` (embedded) plus the
//! `[[detector]]` tables of the `[checks] extend` files. Each detector is a regex with keywords
//! for a prefilter, an optional secret group, entropy threshold, path patterns, allowlists and
//! examples (gitleaks/noseyparker style):
//!
//! ```toml
//! [[detector]]
//! id = "alibaba-access-key-id"
//! rule = "KEY004"
//! message = "Alibaba Cloud AccessKey ID"
//! message-zh = "阿里云 AccessKey ID"
//! regex = '''\b(?P<secret>LTAI[0-9A-Za-z]{12,20})\b'''
//! keywords = ["LTAI"]
//! examples = ['key_id = "LTAI5tQ7xkIEb1fvvFwdV4GW"']
//! ```
//!
//! A file is scanned once for all detectors: one case-insensitive pass over every keyword
//! (`keywords`) picks the detectors worth running, and only those run their regex, and only on
//! the file types they name (`files`, see `filetypes`). Everything is compiled on first use, so
//! runs without KEY rules never pay for it.

mod filetypes;
mod filters;
mod jwt;
mod keypaths;
mod keywords;
mod values;

use crate::catalogue::RuleCode;
use crate::findings::Severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use hmac::{Hmac, Mac};
use regex::Regex;
use serde::Deserialize;
use sha2::Sha256;
use std::path::PathBuf;
use std::sync::OnceLock;

pub use filetypes::FileTypeDef;
pub use filters::{entropy, is_placeholder};
pub use values::WeakPasswordsDef;

/// The rules detectors may report under, in the order that settles overlaps: one secret, one
/// finding, the most specific rule winning (a private key over a vendor credential over a
/// generic secret).
pub const RULE_CODES: [RuleCode; 6] = [
    RuleCode::KEY001,
    RuleCode::KEY004,
    RuleCode::KEY003,
    RuleCode::KEY002,
    RuleCode::KEY005,
    RuleCode::KEY006,
];

/// An example: a text, or a text with the path it is found at (for path-restricted detectors).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExampleDef {
    Text(String),
    At { path: String, text: String },
}

impl ExampleDef {
    /// The path of the example (None: the detector's file types and paths are not checked).
    pub fn path_and_text(&self) -> (Option<&str>, &str) {
        match self {
            ExampleDef::Text(text) => (None, text),
            ExampleDef::At { path, text } => (Some(path), text),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllowDef {
    /// Regexes: a secret matching one is not reported.
    #[serde(default)]
    pub regexes: Vec<String>,
    /// Words: a secret containing one (any case) is not reported.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Words: a `name` group with one of these words (camel case and separators split words,
    /// any case) is not reported: `field` drops `passwordField`, not `fieldsetPassword`.
    #[serde(default)]
    pub names: Vec<String>,
    /// Globs of root-relative paths where the detector does not report.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes over the whole match (the secret with its key and surroundings): a match of one
    /// is not reported (`@(?:localhost|example\.com)` for URIs in documentation).
    #[serde(default)]
    pub matches: Vec<String>,
}

/// A second regex that must match near the finding (MD5 only matters near signing).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContextDef {
    pub regex: String,
    /// Lines before and after the match's first line that are searched.
    #[serde(default = "default_context_lines")]
    pub lines: u32,
}

fn default_context_lines() -> u32 {
    5
}

/// Checks on the secret beyond the regex, built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// Base64 DER that decodes to a private key structure (PKCS#1, PKCS#8, SEC1), not to a
    /// public key or a certificate.
    DerPrivateKey,
    /// A JSON Web Token: the header decodes to a JSON object with an `alg` (not `none`), the
    /// payload to a JSON object.
    Jwt,
}

/// One detector as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DetectorDef {
    pub id: String,
    pub rule: String,
    /// What the finding says; `{name}` is replaced by the `name` group (the key or variable).
    pub message: String,
    #[serde(default)]
    pub message_zh: Option<String>,
    pub regex: String,
    /// Literal words, matched case-insensitively, one of which must occur in the file for the
    /// regex to run. No keywords: the regex runs on every file (slow; avoid).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The capture group holding the secret (default: the group named `secret`, if any). The
    /// secret is masked in every output and is what fingerprints digest.
    #[serde(default)]
    pub secret_group: Option<usize>,
    /// Minimum Shannon entropy (bits per character) of the secret.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Minimum length of the secret, in characters.
    #[serde(default)]
    pub min_length: Option<usize>,
    /// The lengths, in characters, the secret may have (a key's: 8, 16, 24, 32); none: any.
    #[serde(default)]
    pub lengths: Vec<usize>,
    /// What weakness a detector without a secret reports: detectors of one rule and weakness
    /// report a file once (`SecretKeySpec(k, "DESede")` and `ALGORITHM = "DESede"` are one
    /// use of 3DES). Default: the detector's id.
    #[serde(default)]
    pub weakness: Option<String>,
    /// Skip secrets that are references or placeholders (`${X}`, `ENC(...)`, `changeme`, ...).
    /// Default: true for detectors with a secret.
    #[serde(default)]
    pub placeholders: Option<bool>,
    #[serde(default)]
    pub validate: Option<Validator>,
    #[serde(default)]
    pub context: Option<ContextDef>,
    /// The file types (`[[file-type]]` names, `other`, or `any`) the detector reads. Every
    /// built-in detector names them; without `files` and `paths` a detector reads every file.
    #[serde(default)]
    pub files: Vec<String>,
    /// Globs of root-relative paths the detector is limited to (with `files`: both must match).
    #[serde(default)]
    pub paths: Vec<String>,
    /// A catch-all (`password = ...` in any setting): where it and another detector of the same
    /// rule find the same secret, the other one reports; and the last segment of its `name`
    /// must hold the secret (`secret.key`, not `docker_secret.state`).
    #[serde(default)]
    pub generic: bool,
    /// In YAML files, the `name` group sees each setting under its full dotted path
    /// (`secret:\n  key: x` reads `secret.key: x`); see `keypaths`.
    #[serde(default)]
    pub key_paths: bool,
    /// Well-known weak and default passwords (`[weak-passwords]`) are reported, as weak, even
    /// where the allowlists, `min-length` or `entropy` would drop them.
    #[serde(default)]
    pub weak_passwords: bool,
    /// A reported secret shorter than this many characters is reported as weak too.
    #[serde(default)]
    pub weak_below: Option<usize>,
    /// What the finding says when the secret is weak (default: `message`).
    #[serde(default)]
    pub message_weak: Option<String>,
    #[serde(default)]
    pub message_weak_zh: Option<String>,
    /// Severity of weak secrets' findings (default: `severity`).
    #[serde(default)]
    pub severity_weak: Option<Severity>,
    #[serde(default)]
    pub allow: AllowDef,
    /// Severity for this detector's findings, when it differs from the rule's.
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub examples: Vec<ExampleDef>,
    #[serde(default)]
    pub negative_examples: Vec<ExampleDef>,
}

/// What one file of detectors holds; other tables (vocabulary) are left to their loaders.
#[derive(Debug, Default, Deserialize)]
struct DetectorTables {
    #[serde(default)]
    detector: Vec<DetectorDef>,
    #[serde(default, rename = "file-type")]
    file_type: Vec<FileTypeDef>,
    #[serde(default, rename = "weak-passwords")]
    weak_passwords: Option<WeakPasswordsDef>,
}

/// The tables of `checks/secrets/` files and of `extend` files that this loader reads.
const TABLES: [&str; 3] = ["detector", "file-type", "weak-passwords"];

/// A `checks/secrets/` file holds only the tables this loader reads.
fn check_tables<'a>(file: &str, mut keys: impl Iterator<Item = &'a String>) -> Result<(), String> {
    match keys.find(|k| !TABLES.contains(&k.as_str())) {
        Some(other) => Err(format!(
            "{file}: unexpected table `{other}` (only {} here)",
            TABLES.join(", ")
        )),
        None => Ok(()),
    }
}

/// Where a detector came from (for error messages).
#[derive(Debug, Clone)]
struct Origin {
    file: String,
    /// One of the embedded `checks/secrets/` files (compiled by a test, so lazily at run time).
    embedded: bool,
}

/// A detector found something.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: RuleCode,
    /// Index of the detector.
    pub detector: usize,
    /// Byte range of the finding: from the key name (or the secret, or the match) to the end
    /// of the match.
    pub start: usize,
    pub end: usize,
    /// Byte range of the secret, when the detector has one.
    pub secret: Option<(usize, usize)>,
    /// The `name` group: the key or variable the value is assigned to (in YAML files, for
    /// `key-paths` detectors, its full path).
    pub name: Option<String>,
    pub severity: Option<Severity>,
    /// The secret is a well-known weak or default password, or a short one.
    pub weak: bool,
    /// Where the same weakness occurs again in the file (findings without a secret are reported
    /// once per file and detector): byte offsets.
    pub also: Vec<usize>,
    generic: bool,
}

#[derive(Debug)]
struct Compiled {
    detectors: Vec<CompiledDetector>,
    /// For each detector, the index of its weakness (see `DetectorDef::weakness`).
    weakness: Vec<usize>,
    file_types: filetypes::FileTypes,
    weak: values::WeakPasswords,
    /// The keywords of the `key-paths` detectors: the YAML settings their flat view keeps.
    key_path_words: Option<aho_corasick::AhoCorasick>,
    prefilter: Option<keywords::KeywordSet>,
    /// For each keyword, the detectors it enables.
    owners: Vec<Vec<usize>>,
    /// Detectors without keywords: they always run.
    unkeyed: Vec<usize>,
}

#[derive(Debug)]
struct CompiledDetector {
    rule: RuleCode,
    /// Its regexes, compiled the first time a file needs them: most runs (one file, one
    /// spec) wake few detectors, and compiling all of them was most of a small run's time.
    matcher: OnceLock<Result<Matcher, String>>,
    source: MatcherSource,
    /// File types (bits of `FileTypes`); 0: not limited by type.
    files: u64,
    paths: Option<GlobSet>,
    generic: bool,
    key_paths: bool,
    weak_passwords: bool,
    weak_below: Option<usize>,
    severity_weak: Option<Severity>,
    /// The keywords, lower-cased: they tell which part of a key path names the setting.
    keywords: Vec<String>,
    allow_paths: Option<GlobSet>,
    stopwords: Vec<String>,
    name_stopwords: Vec<String>,
    placeholders: bool,
    min_length: Option<usize>,
    lengths: Vec<usize>,
    entropy: Option<f64>,
    validate: Option<Validator>,
    severity: Option<Severity>,
}

/// Every detector of the run, compiled on first use.
#[derive(Debug, Default)]
pub struct Detectors {
    defs: Vec<DetectorDef>,
    origins: Vec<Origin>,
    file_types: Vec<FileTypeDef>,
    weak: Vec<WeakPasswordsDef>,
    compiled: OnceLock<Result<Compiled, String>>,
}

impl Detectors {
    /// The embedded detectors only. A malformed embedded file is a build defect (tests catch
    /// it); it is reported, not panicked on.
    pub fn embedded() -> Result<Detectors, String> {
        let mut detectors = Detectors::default();
        for (path, json) in crate::catalogue::data_files_json("secrets/") {
            let file = format!("checks/{path}");
            let table: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(json).map_err(|e| format!("{file}: {e}"))?;
            check_tables(&file, table.keys())?;
            let tables: DetectorTables = serde_json::from_value(serde_json::Value::Object(table))
                .map_err(|e| format!("{file}: {e}"))?;
            detectors.add_tables(&file, tables, true)?;
        }
        Ok(detectors)
    }

    /// The embedded detectors plus the `[[detector]]` tables of the `extend` files.
    pub fn load(extend: &[PathBuf]) -> Result<Detectors, crate::error::AppError> {
        let mut detectors = Detectors::embedded().map_err(crate::error::AppError::Internal)?;
        for path in extend {
            let text = std::fs::read_to_string(path).map_err(|error| crate::error::AppError::Io {
                what: format!("cannot read [checks] extend file {}", path.display()),
                error,
            })?;
            let file = path.display().to_string();
            detectors
                .add_text(&file, &text, false)
                .map_err(crate::error::AppError::Usage)?;
            detectors
                .check_examples(&file, &text)
                .map_err(crate::error::AppError::Usage)?;
        }
        Ok(detectors)
    }

    /// Runs the examples of the detectors `file` added: each example must be found and no
    /// negative example may be. A failure is a config error at the detector's line.
    fn check_examples(&self, file: &str, text: &str) -> Result<(), String> {
        let mut problems = Vec::new();
        for (index, def) in self.defs.iter().enumerate() {
            if self.origins.get(index).is_none_or(|origin| origin.file != file) {
                continue;
            }
            // The line of the detector's `id = "..."`, where the user looks.
            let line = text
                .lines()
                .position(|line| {
                    let line = line.trim();
                    line.starts_with("id") && line.contains(&format!("\"{}\"", def.id))
                })
                .map_or(1, |found| found + 1);
            for (number, example) in def.examples.iter().enumerate() {
                let (path, sample) = example.path_and_text();
                if self.scan_one(index, sample, path)?.is_empty() {
                    problems.push(format!(
                        "{file}:{line}: detector `{}`: example {} is not found: {sample:?}",
                        def.id,
                        number + 1
                    ));
                }
            }
            for (number, example) in def.negative_examples.iter().enumerate() {
                let (path, sample) = example.path_and_text();
                if !self.scan_one(index, sample, path)?.is_empty() {
                    problems.push(format!(
                        "{file}:{line}: detector `{}`: negative example {} is found: {sample:?}",
                        def.id,
                        number + 1
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// Adds the detectors of one file. `strict`: the file holds detectors only.
    fn add_text(&mut self, file: &str, text: &str, strict: bool) -> Result<(), String> {
        let table: toml::Table = toml::from_str(text).map_err(|e: toml::de::Error| format!("{file}: {e}"))?;
        if strict {
            check_tables(file, table.keys())?;
        }
        let ours = table
            .iter()
            .filter(|(k, _)| TABLES.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()));
        let tables: DetectorTables = toml::Value::Table(toml::Table::from_iter(ours))
            .try_into()
            .map_err(|e: toml::de::Error| format!("{file}: {e}"))?;
        self.add_tables(file, tables, strict)
    }

    /// Adds the tables of one file (`strict`: an embedded one).
    fn add_tables(&mut self, file: &str, tables: DetectorTables, strict: bool) -> Result<(), String> {
        self.file_types.extend(tables.file_type);
        self.weak.extend(tables.weak_passwords);
        for def in tables.detector {
            if !RULE_CODES.iter().any(|code| code.as_str() == def.rule) {
                return Err(format!(
                    "{file}: detector `{}`: rule `{}` is not one of {}",
                    def.id,
                    def.rule,
                    RULE_CODES.map(RuleCode::as_str).join(", ")
                ));
            }
            if let Some(existing) = self.defs.iter().position(|d| d.id == def.id) {
                // A user's detector of the same id replaces the built-in one.
                self.defs[existing] = def;
                self.origins[existing] = Origin {
                    file: file.to_string(),
                    embedded: strict,
                };
            } else {
                self.defs.push(def);
                self.origins.push(Origin {
                    file: file.to_string(),
                    embedded: strict,
                });
            }
        }
        Ok(())
    }

    pub fn defs(&self) -> &[DetectorDef] {
        &self.defs
    }

    /// Compiles every detector now (tests); the error names the file and detector.
    #[cfg(test)]
    pub fn compile(&self) -> Result<(), String> {
        Compiled::new(self, &|_| true).map(|_| ())
    }

    /// Prepares the run's detectors: the keyword prefilter, and the regexes of a user's
    /// `extend` files, whose mistakes are reported now (the embedded ones wait for a file
    /// that needs them; a test compiles them all).
    pub fn prepare(&self) -> Result<(), String> {
        self.compiled().map(|_| ())
    }

    fn compiled(&self) -> Result<&Compiled, String> {
        self.compiled
            .get_or_init(|| {
                let _setup = crate::progress::timings::phase(crate::progress::timings::Stage::Detectors);
                Compiled::new(self, &|origin| !origin.embedded)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The message of a hit in the run's language.
    pub fn message(&self, hit: &Hit, lang: crate::catalogue::Lang) -> String {
        let Some(def) = self.defs.get(hit.detector) else {
            return String::new();
        };
        let en = match (hit.weak, &def.message_weak) {
            (true, Some(weak)) => weak,
            _ => &def.message,
        };
        let zh = match (hit.weak, &def.message_weak_zh) {
            (true, Some(weak)) => Some(weak),
            _ => def.message_zh.as_ref(),
        };
        let template = match lang {
            crate::catalogue::Lang::Zh => zh.unwrap_or(en),
            crate::catalogue::Lang::En => en,
        };
        template.replace("{name}", hit.name.as_deref().unwrap_or(""))
    }

    /// Every hit in one file, for the rules `enabled` accepts, overlaps settled.
    pub fn scan(&self, text: &str, rel: &str, enabled: &dyn Fn(RuleCode) -> bool) -> Vec<Hit> {
        let Ok(compiled) = self.compiled() else {
            return Vec::new();
        };
        compiled.scan(text, rel, enabled, None)
    }

    /// The detectors that leave files at `rel` alone: two paths with the same list get the same
    /// hits from the same text.
    pub fn skipped_at(&self, rel: &str) -> Vec<usize> {
        let Ok(compiled) = self.compiled() else {
            return Vec::new();
        };
        let file_type = compiled.file_types.classify(rel);
        compiled
            .detectors
            .iter()
            .enumerate()
            .filter(|(_, detector)| detector.skips(rel, file_type))
            .map(|(index, _)| index)
            .collect()
    }

    /// The hits of one detector only (examples, tests); without a path, wherever the detector
    /// may run.
    pub fn scan_one(&self, detector: usize, text: &str, rel: Option<&str>) -> Result<Vec<Hit>, String> {
        Ok(self
            .compiled()?
            .scan(text, rel.unwrap_or(""), &|_| true, Some(detector)))
    }
}

/// `\b` -> `(?-u:\b)`, leaving escaped backslashes (`\\b`) alone. A Unicode `\b` stops the
/// regex engine's lazy DFA at the first non-ASCII byte and falls back to its much slower PikeVM.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(next) => {
                    out.push(c);
                    out.push(next);
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A regex that matches a whole text wherever `pattern` matches lines cut out of it (see
/// `filters::around`), or None. The lines start and end at a line break or at the text's ends,
/// so only anchors and `\B` could match there and nowhere in the text: a pattern with them
/// gets none (a `^` in a class or an escaped backslash also answer None, conservatively). Its
/// `\b` are dropped: a Unicode `\b` stops the lazy DFA at the first non-ASCII byte, and the
/// looser regex is only a filter.
fn context_anywhere(pattern: &str) -> Option<Regex> {
    let anchored = pattern.contains(['^', '$'])
        || ["\\\\", "\\A", "\\z", "\\Z", "\\B", "\\b{", "\\<", "\\>"]
            .iter()
            .any(|assertion| pattern.contains(assertion));
    if anchored {
        return None;
    }
    Regex::new(&pattern.replace("\\b", "")).ok()
}

/// Whether `pattern` is one capturing group around everything (`(?P<secret>...)`), read by
/// the regex crate's own parser. A leading flag group (`(?i)...`) makes it not one group.
fn is_one_group(pattern: &str) -> bool {
    use regex_syntax::ast::{parse::Parser, Ast, GroupKind};
    match Parser::new().parse(pattern) {
        Ok(ast) => matches!(&ast, Ast::Group(group) if !matches!(group.kind, GroupKind::NonCapturing(_))),
        Err(_) => false,
    }
}

fn glob_set(patterns: &[String], what: &str) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        // A pattern without a slash matches at any depth, as in .gitignore.
        let full = if pattern.contains('/') {
            pattern.clone()
        } else {
            format!("**/{pattern}")
        };
        builder.add(Glob::new(&full).map_err(|e| format!("{what} `{pattern}`: {e}"))?);
    }
    builder.build().map(Some).map_err(|e| format!("{what}: {e}"))
}

impl Compiled {
    /// The detectors with their keyword prefilter; each detector's regexes wait for a file
    /// that needs them, except `eager` ones (a user's `extend` file, whose mistakes are
    /// reported before the run, and every detector for `compile`).
    fn new(all: &Detectors, eager: &dyn Fn(&Origin) -> bool) -> Result<Compiled, String> {
        let (defs, origins) = (&all.defs, &all.origins);
        let file_types = filetypes::FileTypes::new(&all.file_types)?;
        let weak = values::WeakPasswords::new(&all.weak)?;
        let mut detectors = Vec::with_capacity(defs.len());
        let mut keywords: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut unkeyed = Vec::new();
        for (index, def) in defs.iter().enumerate() {
            let origin = origins.get(index).map_or("", |o| o.file.as_str());
            let at = |message: String| format!("{origin}: detector `{}`: {message}", def.id);
            let source = MatcherSource {
                label: format!("{origin}: detector `{}`", def.id),
                regex: def.regex.clone(),
                secret_group: def.secret_group,
                allow_regexes: def.allow.regexes.clone(),
                allow_matches: def.allow.matches.clone(),
                context: def.context.as_ref().map(|c| (c.regex.clone(), c.lines)),
            };
            let placeholders_default = source.has_secret_group();
            let matcher = OnceLock::new();
            if origins.get(index).is_some_and(eager) {
                let compiled = source.compile();
                if let Err(error) = &compiled {
                    return Err(error.clone());
                }
                let _ = matcher.set(compiled);
            }
            let rule = RULE_CODES
                .iter()
                .copied()
                .find(|code| code.as_str() == def.rule)
                .ok_or_else(|| at(format!("unknown rule `{}`", def.rule)))?;
            detectors.push(CompiledDetector {
                rule,
                matcher,
                source,
                files: file_types.mask(&def.files).map_err(&at)?,
                paths: glob_set(&def.paths, "path").map_err(&at)?,
                generic: def.generic,
                key_paths: def.key_paths,
                weak_passwords: def.weak_passwords,
                weak_below: def.weak_below,
                severity_weak: def.severity_weak,
                keywords: def.keywords.iter().map(|k| k.to_lowercase()).collect(),
                allow_paths: glob_set(&def.allow.paths, "allow path").map_err(&at)?,
                stopwords: def.allow.stopwords.iter().map(|s| s.to_lowercase()).collect(),
                name_stopwords: def.allow.names.iter().map(|s| s.to_lowercase()).collect(),
                placeholders: def.placeholders.unwrap_or(placeholders_default),
                min_length: def.min_length,
                lengths: def.lengths.clone(),
                entropy: def.entropy,
                validate: def.validate,
                severity: def.severity,
            });
            if def.keywords.is_empty() {
                unkeyed.push(index);
            }
            for keyword in &def.keywords {
                let keyword = keyword.to_lowercase();
                match keywords.iter().position(|k| *k == keyword) {
                    Some(at) => owners[at].push(index),
                    None => {
                        keywords.push(keyword);
                        owners.push(vec![index]);
                    }
                }
            }
        }
        let prefilter = if keywords.is_empty() {
            None
        } else {
            Some(keywords::KeywordSet::new(&keywords)?)
        };
        let mut weaknesses: Vec<(&str, &str)> = Vec::new();
        let weakness = defs
            .iter()
            .map(|def| {
                let name = (def.rule.as_str(), def.weakness.as_deref().unwrap_or(&def.id));
                match weaknesses.iter().position(|w| *w == name) {
                    Some(at) => at,
                    None => {
                        weaknesses.push(name);
                        weaknesses.len() - 1
                    }
                }
            })
            .collect();
        let key_path_keywords: Vec<&String> = detectors
            .iter()
            .filter(|d| d.key_paths)
            .flat_map(|d| &d.keywords)
            .collect();
        // A `key-paths` detector without keywords reads every setting (no filter).
        let key_path_words = if detectors.iter().any(|d| d.key_paths && d.keywords.is_empty()) {
            None
        } else {
            Some(
                // Asked once per YAML setting, about a short path: a plain DFA walk, no
                // prefilter to set up.
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .prefilter(false)
                    .build(key_path_keywords)
                    .map_err(|e| format!("key-path keywords: {e}"))?,
            )
        };
        Ok(Compiled {
            detectors,
            weakness,
            file_types,
            weak,
            key_path_words,
            prefilter,
            owners,
            unkeyed,
        })
    }

    fn scan(
        &self,
        text: &str,
        rel: &str,
        enabled: &dyn Fn(RuleCode) -> bool,
        only: Option<usize>,
    ) -> Vec<Hit> {
        // Which detectors to run: one prefilter pass for all of them.
        let mut active = vec![false; self.detectors.len()];
        for &index in &self.unkeyed {
            active[index] = true;
        }
        if let Some(prefilter) = &self.prefilter {
            for (present, owners) in prefilter.present(text.as_bytes()).into_iter().zip(&self.owners) {
                if present {
                    for &index in owners {
                        active[index] = true;
                    }
                }
            }
        }
        // An example without a path (`rel` empty, one detector) runs wherever it may.
        let anywhere = rel.is_empty() && only.is_some();
        let file_type = if anywhere {
            u64::MAX
        } else {
            self.file_types.classify(rel)
        };
        let is_yaml = [".yml", ".yaml"].iter().any(|ext| {
            rel.len() >= ext.len()
                && rel
                    .get(rel.len() - ext.len()..)
                    .is_some_and(|end| end.eq_ignore_ascii_case(ext))
        });
        let mut flat: Option<keypaths::FlatView> = None;
        let mut hits = Vec::new();
        for (index, detector) in self.detectors.iter().enumerate() {
            if !active[index] || only.is_some_and(|o| o != index) || !enabled(detector.rule) {
                continue;
            }
            if !anywhere && detector.skips(rel, file_type) {
                continue;
            }
            let view = if detector.key_paths && is_yaml {
                Some(&*flat.get_or_insert_with(|| {
                    keypaths::flatten(text, &|setting| {
                        self.key_path_words
                            .as_ref()
                            .is_none_or(|words| words.is_match(setting))
                    })
                }))
            } else {
                None
            };
            detector.find(index, text, view, &self.weak, &mut hits);
        }
        once_per_file(settle_overlaps(hits), &self.weakness)
    }
}

impl CompiledDetector {
    /// Whether the detector leaves files at `rel`, of type `file_type`, alone (its `files` or
    /// `paths` leave the file out, or its `allow.paths` take it in).
    fn skips(&self, rel: &str, file_type: u64) -> bool {
        (self.files != 0 && self.files & file_type == 0)
            || self.paths.as_ref().is_some_and(|set| !set.is_match(rel))
            || self.allow_paths.as_ref().is_some_and(|set| set.is_match(rel))
    }

    /// The regexes, compiled on first use. Embedded detectors are compiled by a test and a
    /// user's by `Compiled::new`, so an error here cannot happen; it would skip the detector.
    fn matcher(&self) -> Option<&Matcher> {
        self.matcher.get_or_init(|| self.source.compile()).as_ref().ok()
    }

    /// The hits of this detector in `text`, or in the flat view of a YAML `text` (offsets are
    /// mapped back to `text`).
    fn find(
        &self,
        index: usize,
        text: &str,
        flat: Option<&keypaths::FlatView>,
        weak: &values::WeakPasswords,
        hits: &mut Vec<Hit>,
    ) {
        let view = flat.map_or(text, |f| f.text.as_str());
        let map = |start: usize, end: usize| match flat {
            Some(f) => f.map_range(start, end),
            None => (start, end),
        };
        let Some(matcher) = self.matcher() else {
            return;
        };
        if matcher
            .context_anywhere
            .as_ref()
            .is_some_and(|c| !c.is_match(view))
        {
            return;
        }
        for found in matcher.regex.find_iter(view) {
            // A regex that is one secret group needs no capture search (the costly part of
            // a long match such as a PEM block).
            let caps = if matcher.match_is_secret {
                None
            } else {
                let Some(caps) = matcher.regex.captures_at(view, found.start()) else {
                    continue;
                };
                Some(caps)
            };
            let group = |g: usize| match &caps {
                Some(caps) => caps.get(g),
                None => Some(found),
            };
            let whole = group(0).map_or(found.range(), |m| m.range());
            if matcher
                .allow_matches
                .iter()
                .any(|r| r.is_match(&view[whole.clone()]))
            {
                continue;
            }
            let name = matcher
                .name_group
                .and_then(|g| caps.as_ref().and_then(|c| c.get(g)));
            let mut is_weak = false;
            let secret = match matcher.secret_group {
                Some(secret_group) => {
                    let Some(m) = group(secret_group) else {
                        continue;
                    };
                    let Some((mut s, mut e)) = filters::unquote(view, m.start(), m.end()) else {
                        continue;
                    };
                    if self.placeholders {
                        if let Some((ds, de)) = values::reference_default(&view[s..e]) {
                            (s, e) = (s + ds, s + de);
                        }
                    }
                    let value = &view[s..e];
                    if name.is_some_and(|n| values::repeats_name(value, n.as_str())) {
                        continue;
                    }
                    is_weak = self.weak_passwords && weak.contains(value);
                    if !is_weak && !self.accepts_secret(matcher, value) {
                        continue;
                    }
                    is_weak |= self.weak_below.is_some_and(|n| value.chars().count() < n);
                    Some((s, e))
                }
                None => None,
            };
            if let Some(name) = name {
                if self.generic && !values::leaf_holds_secret(name.as_str(), &self.keywords) {
                    continue;
                }
                let setting = values::setting_part(name.as_str(), &self.keywords);
                let words = crate::catalogue::vocabulary::words(setting);
                if words.iter().any(|w| self.name_stopwords.contains(w)) {
                    continue;
                }
            }
            if let Some((regex, lines)) = &matcher.context {
                if !regex.is_match(filters::around(view, whole.start, *lines)) {
                    continue;
                }
            }
            let mut start = name
                .map(|m| m.start())
                .or(secret.map(|s| s.0))
                .unwrap_or(whole.start);
            start = start.min(secret.map_or(start, |s| s.0));
            let rest = &view[start..whole.end];
            start += rest.len() - rest.trim_start().len();
            let (start, end) = map(start, whole.end.max(start));
            let secret = secret.map(|(s, e)| {
                let (s, e) = map(s, e);
                (s, extend_cut_key_block(text, s, e))
            });
            // In a flat view, the full path as the view spells it (the file has only the leaf).
            let name = name.map(|m| m.as_str().to_string());
            hits.push(Hit {
                rule: self.rule,
                detector: index,
                start,
                end: end.max(start),
                secret,
                name,
                severity: if is_weak {
                    self.severity_weak.or(self.severity)
                } else {
                    self.severity
                },
                weak: is_weak,
                also: Vec::new(),
                generic: self.generic,
            });
        }
    }

    fn accepts_secret(&self, matcher: &Matcher, secret: &str) -> bool {
        if secret.is_empty() {
            return false;
        }
        if self.placeholders && is_placeholder(secret) {
            return false;
        }
        let lower = secret.to_lowercase();
        if self.stopwords.iter().any(|w| lower.contains(w.as_str())) {
            return false;
        }
        if matcher.allow_regexes.iter().any(|r| r.is_match(secret)) {
            return false;
        }
        let length = secret.chars().count();
        if self.min_length.is_some_and(|min| length < min) {
            return false;
        }
        if !self.lengths.is_empty() && !self.lengths.contains(&length) {
            return false;
        }
        if self.entropy.is_some_and(|min| entropy(secret) < min) {
            return false;
        }
        match self.validate {
            Some(Validator::DerPrivateKey) => filters::is_der_private_key(secret),
            Some(Validator::Jwt) => jwt::is_jwt(secret),
            None => true,
        }
    }
}

/// What a detector's regexes are compiled from.
#[derive(Debug)]
struct MatcherSource {
    /// `file: detector `id``, for errors.
    label: String,
    regex: String,
    secret_group: Option<usize>,
    allow_regexes: Vec<String>,
    allow_matches: Vec<String>,
    context: Option<(String, u32)>,
}

/// A detector's compiled regexes.
#[derive(Debug)]
struct Matcher {
    regex: Regex,
    secret_group: Option<usize>,
    name_group: Option<usize>,
    allow_regexes: Vec<Regex>,
    allow_matches: Vec<Regex>,
    context: Option<(Regex, u32)>,
    /// The context regex can only match near a match if it matches somewhere in the text: a
    /// text this looser form (see `context_anywhere`) does not match is skipped before the
    /// detector's own regex runs.
    context_anywhere: Option<Regex>,
    /// The regex is its secret group and nothing else (`(?P<secret>...)`): the match is the
    /// secret.
    match_is_secret: bool,
}

impl MatcherSource {
    /// Whether the detector reports a secret (a `secret` group or `secret-group`), without
    /// compiling it: it decides the placeholder default.
    fn has_secret_group(&self) -> bool {
        self.secret_group.is_some() || self.regex.contains("(?P<secret>") || self.regex.contains("(?<secret>")
    }

    fn compile(&self) -> Result<Matcher, String> {
        let at = |message: String| format!("{}: {message}", self.label);
        // ASCII word boundaries: a Unicode `\b` stops the lazy DFA at the first non-ASCII
        // byte (Chinese comments) and falls back to the much slower PikeVM.
        let pattern = ascii_word_boundaries(&self.regex);
        let regex = regex::RegexBuilder::new(&pattern)
            .size_limit(32 * 1024 * 1024)
            .build()
            .map_err(|e| at(format!("invalid regex: {e}")))?;
        let secret_group = self
            .secret_group
            .or_else(|| regex.capture_names().position(|n| n == Some("secret")));
        if let Some(group) = secret_group {
            if group >= regex.captures_len() {
                return Err(at(format!("secret-group {group} does not exist")));
            }
        }
        let name_group = regex.capture_names().position(|n| n == Some("name"));
        let match_is_secret = name_group.is_none()
            && secret_group == Some(1)
            && regex.captures_len() == 2
            && is_one_group(&pattern);
        let compile_all = |list: &[String], what: &str| {
            list.iter()
                .map(|r| Regex::new(r).map_err(|e| at(format!("invalid {what} regex: {e}"))))
                .collect::<Result<Vec<_>, _>>()
        };
        let allow_regexes = compile_all(&self.allow_regexes, "allow")?;
        let allow_matches = compile_all(&self.allow_matches, "allow.matches")?;
        let context = self
            .context
            .as_ref()
            .map(|(regex, lines)| {
                Regex::new(regex)
                    .map(|r| (r, *lines))
                    .map_err(|e| at(format!("invalid context regex: {e}")))
            })
            .transpose()?;
        let context_anywhere = self
            .context
            .as_ref()
            .and_then(|(regex, _)| context_anywhere(regex));
        Ok(Matcher {
            regex,
            secret_group,
            name_group,
            allow_regexes,
            allow_matches,
            context,
            context_anywhere,
            match_is_secret,
        })
    }
}

/// A private-key block whose body the detector stopped reading before its END line (a byte
/// that is not base64, such as invalid UTF-8 read as U+FFFD) still is key material up to that
/// line: the secret is extended to it, so that no snippet shows the rest of the body.
fn extend_cut_key_block(text: &str, start: usize, end: usize) -> usize {
    const REACH: usize = 64 * 1024;
    let secret = &text[start..end];
    if !secret.starts_with("-----BEGIN") || !secret.contains("PRIVATE KEY") {
        return end;
    }
    let rest = &text[end..];
    let next =
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '\\' | '+'));
    if next.starts_with("-----END") || next.starts_with("n-----END") {
        return end;
    }
    let window_end = crate::source::ceil_char_boundary(text, end + REACH.min(rest.len()));
    let window = &text[end..window_end];
    let stop = window.find("-----BEGIN").unwrap_or(window.len());
    match window[..stop].find("-----END") {
        Some(at) => end + at,
        None => end,
    }
}

/// One secret, one finding: where secrets overlap, the rule earlier in `RULE_CODES` wins, then
/// a specific detector over a `generic` one, then the longer secret; findings without a secret
/// overlap only with findings of their own detector (DES and ECB in one call are two).
fn settle_overlaps(mut hits: Vec<Hit>) -> Vec<Hit> {
    let rank = |hit: &Hit| {
        RULE_CODES
            .iter()
            .position(|c| *c == hit.rule)
            .unwrap_or(usize::MAX)
    };
    hits.sort_by(|a, b| {
        (rank(a), a.generic, a.start, std::cmp::Reverse(a.end)).cmp(&(
            rank(b),
            b.generic,
            b.start,
            std::cmp::Reverse(b.end),
        ))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let overlaps = kept.iter().any(|k| match (k.secret, hit.secret) {
            (Some((ks, ke)), Some((hs, he))) => hs < ke && ks < he,
            (None, None) => k.detector == hit.detector && hit.start < k.end && k.start < hit.end,
            _ => false,
        });
        if !overlaps {
            kept.push(hit);
        }
    }
    kept.sort_by_key(|h| (h.start, h.end));
    kept
}

/// One weakness, one finding: detectors without a secret (weak cryptography, weak TLS) report a
/// weakness once per file, at its first hit; the others are listed in `also`.
/// `SecretKeySpec(key, "DESede")` and `Cipher.getInstance("DESede")` in one class are one use of
/// 3DES. `weakness` gives each detector's weakness.
fn once_per_file(hits: Vec<Hit>, weakness: &[usize]) -> Vec<Hit> {
    let of = |hit: &Hit| weakness.get(hit.detector).copied().unwrap_or(usize::MAX);
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        if hit.secret.is_none() {
            if let Some(first) = kept.iter_mut().find(|k| k.secret.is_none() && of(k) == of(&hit)) {
                first.also.push(hit.start);
                continue;
            }
        }
        kept.push(hit);
    }
    kept
}

/// The key a secret finding's fingerprint hashes: an HMAC-SHA256 of the normalised secret
/// (quotes, concatenations, escaped and real line breaks removed), so the same secret keeps its
/// fingerprint when it moves and the fingerprint never carries the secret. The HMAC key is fixed
/// (fingerprints must match across machines); it separates these digests from plain SHA-256
/// values of the secret found elsewhere.
pub fn secret_digest(secret: &str) -> String {
    const KEY: &[u8] = b"apiaudit secret fingerprint v1";
    let normalised = filters::normalise(secret);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(KEY).expect("HMAC takes a key of any length");
    mac.update(normalised.as_bytes());
    let digest = mac.finalize().into_bytes();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
