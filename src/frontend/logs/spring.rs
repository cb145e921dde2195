//! Spring Boot's own file log (`application*.yml|yaml|properties`).
//!
//! With `logging.file.name` or `logging.file.path` set, Spring Boot's default logback setup
//! writes a file rolled by `SizeAndTimeBasedRollingPolicy` with the pattern
//! `${LOG_FILE}.%d{yyyy-MM-dd}.%i.gz` (daily) and keeps `logging.logback.rollingpolicy.max-history`
//! periods (default 7; before Boot 2.4 `logging.file.max-history`), `total-size-cap` capping
//! the total. A profile's file (`application-prod.yml`, or a document with
//! `spring.config.activate.on-profile`) overrides the base file's keys for that profile.
//! These keys only act through Spring's default logback configuration: a custom
//! `logback-spring.xml`/`logback.xml` beside them (or `logging.config`) replaces it, unless it
//! includes Spring's `file-appender.xml` or `base.xml`.

use super::logback::period_of;
use super::vars::{self, Syntax};
use super::{file_type, Draft, FileType, Pending, Sink};
use crate::catalogue::vocabulary::Vocabulary;
use crate::discover::Content;
use crate::frontend::{self, Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::logs::duration;
use crate::model::logs::{Capacity, LogKind, LogPolicy, Measure, Text};
use crate::model::Portfolio;
use crate::parse::build_tokens;
use crate::parse::properties::parse_properties_within;
use crate::parse::tree::{Tree, Value};
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use std::sync::Arc;

pub(super) fn wants(name: &str) -> bool {
    (name.starts_with("application") || name.starts_with("bootstrap"))
        && [".yml", ".yaml", ".properties"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// One `logging.*` key as written.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    /// Relaxed-binding form: lower case, no `-` or `_`.
    norm: String,
    key: String,
    value: String,
    span: Span,
    file: Arc<SourceFile>,
}

/// The logging keys of one document (a file, or one document of a multi-document YAML).
#[derive(Debug, Clone)]
pub struct Document {
    dir: String,
    /// The run's vocabulary, to mark transaction logs once the entry exists.
    vocabulary: Arc<Vocabulary>,
    profile: Option<String>,
    keys: Vec<Key>,
}

/// Spring's relaxed binding: lower case, without `-` and `_` (also for context-path keys).
pub(crate) fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The profile a file name names: `application-prod.yml` -> `prod`.
pub(crate) fn file_profile(name: &str) -> Option<String> {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let (_, profile) = stem.split_once('-')?;
    (!profile.is_empty()).then(|| profile.to_string())
}

fn dir_of(path: &str) -> String {
    path.rfind('/').map_or(String::new(), |at| path[..at].to_string())
}

/// Whether a custom logback configuration beside the file replaces Spring Boot's default one
/// (so that the rolling-policy keys have no effect). Reads the sibling file's text only to
/// see whether it includes Spring's file appender.
fn custom_logback_replaces(input: &FileInput) -> bool {
    let Some(dir) = input.file.fs_path.parent() else {
        return false;
    };
    for name in [
        "logback-spring.xml",
        "logback.xml",
        "logback-spring.groovy",
        "logback.groovy",
    ] {
        let Content::Text { text, .. } = input.files().read(&dir.join(name), 1024 * 1024) else {
            continue;
        };
        let uses_spring = [
            "logback/file-appender.xml",
            "logback/base.xml",
            "LOGBACK_ROLLINGPOLICY_",
            "LOG_FILE_MAX_HISTORY",
        ]
        .iter()
        .any(|marker| text.contains(marker));
        return !uses_spring;
    }
    false
}

/// Spring Boot logging keys in `application*.properties` / `bootstrap*.properties`.
pub struct SpringProperties;

impl FrontEnd for SpringProperties {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Properties && !name.starts_with("log4j2") && wants(&name)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        extract_properties(input, &settings.vocabulary, &mut out.pending.logs);
    }
}

/// Spring Boot logging keys in `application*.{yml,yaml}` / `bootstrap*.{yml,yaml}`; settles
/// every Spring Boot document of the run (profiles over their base file) in `finish`.
pub struct SpringYaml;

impl FrontEnd for SpringYaml {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Structured && !name.starts_with("log4j2") && wants(&name)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        if input.structured().is_none() {
            // Its gateway routes and logging keys cannot be read: reported rather than passed
            // over in silence (an alias bomb or 100,000-deep nesting must not make a config
            // invisible). Parsed again only on this rare path, for the message and position.
            if let Err(error) =
                crate::parse::parse_structured(&input.file.text, crate::parse::Limits::default())
            {
                crate::frontend::gateway::unparsable(
                    input,
                    error.offset as usize,
                    crate::findings::Msg::new(
                        format!("the Spring Boot configuration does not parse: {}", error.message),
                        format!(
                            "Spring Boot 配置无法解析：{}",
                            crate::parse::zh_error(&error.message)
                        ),
                    ),
                    &[
                        crate::model::problems::ModelPart::Logs,
                        crate::model::problems::ModelPart::Routes,
                    ],
                    out,
                );
            }
        }
        extract_yaml(input, &settings.vocabulary, &mut out.pending.logs);
    }

    fn finish(&self, portfolio: &mut Portfolio, pending: &mut frontend::Pending, _settings: &Settings) {
        let mut documents = Vec::new();
        pending.logs.retain(|item| match item {
            Pending::Spring(document) => {
                documents.push(document.clone());
                false
            }
            _ => true,
        });
        settle(documents, &mut portfolio.logs);
    }
}

fn pending(documents: Vec<Document>, out: &mut Vec<Pending>) {
    for document in documents {
        if document.keys.iter().any(|k| k.norm.starts_with("logging.")) {
            out.push(Pending::Spring(document));
        }
    }
}

pub(super) fn extract_properties(input: &FileInput, vocabulary: &Arc<Vocabulary>, out: &mut Vec<Pending>) {
    if custom_logback_replaces(input) {
        return;
    }
    let name = input.file_name();
    let keys = property_keys(input, usize::MAX)
        .into_iter()
        .filter(|k| k.key.starts_with("logging.") || k.key.starts_with("spring."))
        .collect();
    let document = Document {
        dir: dir_of(&input.file.path),
        vocabulary: vocabulary.clone(),
        profile: file_profile(&name),
        keys,
    };
    pending(vec![document], out);
}

pub(super) fn extract_yaml(input: &FileInput, vocabulary: &Arc<Vocabulary>, out: &mut Vec<Pending>) {
    if custom_logback_replaces(input) {
        return;
    }
    let Some(tree) = input.structured() else {
        // A broken application.yml is not a logging configuration problem of its own; other
        // rules report unparsable files.
        return;
    };
    let documents = yaml_documents(input, tree)
        .into_iter()
        .map(|(profile, keys)| Document {
            dir: dir_of(&input.file.path),
            vocabulary: vocabulary.clone(),
            profile,
            keys: keys
                .into_iter()
                .filter(|k| k.norm.starts_with("logging.") || k.norm.starts_with("spring."))
                .collect(),
        })
        .collect();
    pending(documents, out);
}

/// Every scalar key of a Spring Boot configuration file with its profile (the file's, or its
/// YAML document's `spring.config.activate.on-profile`) and the offset of its value: the values
/// other configurations take from Spring (`frontend::logs::estate`). Properties lines longer
/// than `max_line` bytes are skipped uncopied.
pub(super) fn settings(input: &FileInput, max_line: usize) -> Vec<(Option<String>, String, String, u32)> {
    let name = input.file_name();
    let documents = if file_type(&name) == FileType::Properties {
        vec![(file_profile(&name), property_keys(input, max_line))]
    } else if let Some(tree) = input.structured() {
        yaml_documents(input, tree)
    } else {
        Vec::new()
    };
    documents
        .into_iter()
        .flat_map(|(profile, keys)| {
            keys.into_iter()
                .map(move |k| (profile.clone(), k.key, k.value, k.span.start))
        })
        .collect()
}

/// The keys of a `.properties` file whose lines are at most `max_line` bytes.
fn property_keys(input: &FileInput, max_line: usize) -> Vec<Key> {
    parse_properties_within(&input.file.text, max_line)
        .into_iter()
        .map(|p| Key {
            norm: normalise(&p.key),
            key: p.key,
            value: p.value,
            span: p.value_span,
            file: input.file.clone(),
        })
        .collect()
}

/// The keys of each document of a YAML file, with the document's profile.
fn yaml_documents(input: &FileInput, tree: &Tree) -> Vec<(Option<String>, Vec<Key>)> {
    let name = input.file_name();
    let mut documents = Vec::new();
    for root in tree.roots() {
        let mut keys = Vec::new();
        flatten(tree, *root, String::new(), &input.file, &mut keys, 0);
        let on_profile = keys
            .iter()
            .find(|k| k.norm == "spring.config.activate.onprofile" || k.norm == "spring.profiles")
            .map(|k| k.value.clone());
        documents.push((on_profile.or_else(|| file_profile(&name)), keys));
    }
    documents
}

fn flatten(tree: &Tree, id: u32, prefix: String, file: &Arc<SourceFile>, out: &mut Vec<Key>, depth: usize) {
    if depth > 32 {
        return;
    }
    match &tree.node(id).value {
        Value::Map(entries) => {
            for entry in entries {
                let key = if prefix.is_empty() {
                    entry.key.to_string()
                } else {
                    format!("{prefix}.{}", entry.key)
                };
                flatten(tree, entry.value, key, file, out, depth + 1);
            }
        }
        Value::Seq(_) => {}
        _ => {
            if let Some(text) = tree.scalar_text(id) {
                let span = tree.span(id);
                // A Maven token (`@log.days@`, substituted at build time) is a value set
                // elsewhere, as `${log.days}` would be.
                let raw = file.text.get(span.start as usize..span.end as usize);
                let value = match raw.and_then(build_tokens::maven_token) {
                    Some(name) => format!("${{{name}}}"),
                    None => text.to_string(),
                };
                out.push(Key {
                    norm: normalise(&prefix),
                    key: prefix,
                    value,
                    span,
                    file: file.clone(),
                });
            }
        }
    }
}

/// Turns the pending Spring documents into entries: for each directory, the base keys, and
/// each profile's keys over them.
fn settle(documents: Vec<Document>, logs: &mut Vec<LogPolicy>) {
    let mut dirs: Vec<&String> = documents.iter().map(|d| &d.dir).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let in_dir: Vec<&Document> = documents.iter().filter(|d| &d.dir == dir).collect();
        let base: Vec<Key> = in_dir
            .iter()
            .filter(|d| d.profile.is_none())
            .flat_map(|d| d.keys.iter().cloned())
            .collect();
        let mut profiles: Vec<&String> = in_dir.iter().filter_map(|d| d.profile.as_ref()).collect();
        profiles.sort();
        profiles.dedup();
        let vocabulary = in_dir.first().map(|d| d.vocabulary.clone()).unwrap_or_default();
        let base_log = evaluate(&base, None, &vocabulary);
        if let Some(log) = &base_log {
            logs.push(log.clone());
        }
        for profile in profiles {
            let own: Vec<Key> = in_dir
                .iter()
                .filter(|d| d.profile.as_ref() == Some(profile))
                .flat_map(|d| d.keys.iter().cloned())
                .collect();
            if !own.iter().any(|k| k.norm.starts_with("logging.")) {
                continue;
            }
            let mut merged = base.clone();
            merged.extend(own);
            if let Some(log) = evaluate(&merged, Some(profile), &vocabulary) {
                // A profile that changes nothing about the file log adds no entry.
                let same = base_log.as_ref().is_some_and(|b| {
                    b.measure == log.measure
                        && b.evidence.line == log.evidence.line
                        && b.evidence.file == log.evidence.file
                });
                if !same {
                    logs.push(log);
                }
            }
        }
    }
}

/// The file log the keys configure, if file logging is on.
fn evaluate(keys: &[Key], profile: Option<&String>, vocabulary: &Vocabulary) -> Option<LogPolicy> {
    // Later keys win (profile over base, later lines over earlier).
    let get =
        |names: &[&str]| -> Option<&Key> { keys.iter().rev().find(|k| names.contains(&k.norm.as_str())) };
    let lookup = |name: &str| -> Option<String> {
        let norm = normalise(name);
        keys.iter()
            .rev()
            .find(|k| k.norm == norm)
            .map(|k| k.value.clone())
    };
    if get(&["logging.config"]).is_some() {
        // A custom configuration file replaces the default file appender.
        return None;
    }
    let file_key = get(&[
        "logging.file.name",
        "logging.file",
        "logging.file.path",
        "logging.path",
    ])?;
    let file_name = vars::substitute(&file_key.value, Syntax::Spring, &lookup);
    let history = get(&[
        "logging.logback.rollingpolicy.maxhistory",
        "logging.file.maxhistory",
    ]);
    let cap = get(&[
        "logging.logback.rollingpolicy.totalsizecap",
        "logging.file.totalsizecap",
    ]);
    let pattern = get(&[
        "logging.logback.rollingpolicy.filenamepattern",
        "logging.pattern.rollingfilename",
    ]);
    let mut settings = vec![(
        file_key.key.clone(),
        file_key.value.clone(),
        file_key.span,
        file_key.file.clone(),
    )];
    let period = match pattern {
        Some(key) => {
            settings.push((key.key.clone(), key.value.clone(), key.span, key.file.clone()));
            period_of(&vars::substitute(&key.value, Syntax::Spring, &lookup).text)
        }
        None => Some(duration::DAY),
    };
    let period_words = super::period_text(period.unwrap_or(duration::DAY));
    let (decisive, decisive_file, measure, text, variables) = match history {
        None => {
            let seconds = 7 * period.unwrap_or(duration::DAY);
            let (en, zh) = duration::days_text(seconds);
            (
                file_key.span,
                file_key.file.clone(),
                Measure::exact(seconds),
                Text::new(
                    format!(
                        "{} rollover x max-history 7 (Spring Boot's default, not set) = {en}",
                        period_words.en
                    ),
                    format!(
                        "{}滚动 × `max-history 7`（未设置，Spring Boot 默认值）= {zh}",
                        period_words.zh
                    ),
                ),
                Vec::new(),
            )
        }
        Some(key) => {
            settings.push((key.key.clone(), key.value.clone(), key.span, key.file.clone()));
            let value = vars::substitute(&key.value, Syntax::Spring, &lookup);
            if !value.is_known() {
                let names = value.external.join(", ");
                let default = if value.defaulted {
                    (
                        format!(" ({} when unset)", value.text),
                        format!("（未设置时为 {}）", value.text),
                    )
                } else {
                    (String::new(), String::new())
                };
                (
                    key.span,
                    key.file.clone(),
                    Measure::unknown_time(),
                    Text::new(
                        format!(
                            "{} rollover x {} {}: the value comes from {names} (environment or configuration outside the file){}",
                            period_words.en, key.key, key.value, default.0
                        ),
                        format!(
                            "{}滚动 × {} {}：取值来自 {names}（环境变量或文件以外的配置）{}",
                            period_words.zh, key.key, key.value, default.1
                        ),
                    ),
                    value.external.clone(),
                )
            } else {
                match (value.text.trim().parse::<u64>(), period) {
                    (Ok(0), _) => (
                        key.span,
                        key.file.clone(),
                        Measure::Unbounded,
                        Text::new(
                            format!("{} {} 0: archives are never deleted", period_words.en, key.key),
                            format!("{} {} 为 0：归档不会被删除", period_words.zh, key.key),
                        ),
                        Vec::new(),
                    ),
                    (Ok(count), Some(period)) => {
                        let seconds = count.saturating_mul(period);
                        let (en, zh) = duration::days_text(seconds);
                        (
                            key.span,
                            key.file.clone(),
                            Measure::exact(seconds),
                            Text::new(
                                format!("{} rollover x max-history {count} = {en}", period_words.en),
                                format!("{}滚动 × max-history {count} = {zh}", period_words.zh),
                            ),
                            Vec::new(),
                        )
                    }
                    _ => (
                        key.span,
                        key.file.clone(),
                        Measure::Unknown,
                        Text::new(
                            format!("{} {} cannot be read as a count", key.key, key.value),
                            format!("{} {} 无法解读为份数", key.key, key.value),
                        ),
                        Vec::new(),
                    ),
                }
            }
        }
    };
    let mut measure = measure;
    let mut text = text;
    if let Some(key) = cap {
        settings.push((key.key.clone(), key.value.clone(), key.span, key.file.clone()));
        let bytes = vars::substitute(&key.value, Syntax::Spring, &lookup);
        if let (Some(bytes), Measure::Time { cap, .. }) = (
            bytes
                .is_known()
                .then(|| duration::size(&bytes.text))
                .flatten()
                .filter(|b| *b > 0),
            &mut measure,
        ) {
            *cap = Some(Capacity {
                total: Some(bytes),
                ..Capacity::default()
            });
            text.en.push_str(&format!(
                " (total-size-cap {} can delete sooner under heavy volume)",
                duration::size_text(bytes)
            ));
            text.zh.push_str(&format!(
                "（日志量大时 total-size-cap {} 可能提前删除）",
                duration::size_text(bytes)
            ));
        }
    }
    let name = file_name.text.clone();
    let mut draft = Draft::new(name.clone(), file_key.span, measure, text);
    draft.decisive = decisive;
    draft.profile = profile.cloned();
    draft.variables = variables;
    // `max-history: ${LOG_DAYS:30}`: settled against the estate like logback's `maxHistory`.
    if let (Some(key), Some(period)) = (history, period) {
        let value = vars::substitute(&key.value, Syntax::Spring, &lookup);
        let cap_bytes = cap
            .map(|key| vars::substitute(&key.value, Syntax::Spring, &lookup))
            .filter(|bytes| bytes.is_known())
            .and_then(|bytes| duration::size(&bytes.text))
            .filter(|b| *b > 0);
        draft.deferred = super::estate::deferred(
            &key.value,
            &value,
            period,
            format!("{} {}", key.key, key.value),
            cap_bytes,
        );
    }
    draft
        .aliases
        .push(name.rsplit('/').next().unwrap_or(&name).to_string());
    // The entry is declared where the file name is set; settings may come from several files.
    let declaring = file_key.file.clone();
    let mut sink = Sink::new(&declaring, LogKind::SpringBoot);
    let mut draft_settings = Vec::new();
    for (key, value, span, file) in &settings {
        if Arc::ptr_eq(file, &declaring) {
            draft_settings.push((key.clone(), value.clone(), *span));
        }
    }
    draft.settings = draft_settings;
    sink.push(draft);
    let mut log = sink.logs.pop()?;
    // Settings and the deciding line may be in the profile's file.
    for (key, value, span, file) in &settings {
        if !Arc::ptr_eq(file, &declaring) {
            log.evidence.settings.push(super::Setting {
                key: key.clone(),
                value: value.clone(),
                file: file.path.clone(),
                line: file.pos(span.start).line,
            });
        }
    }
    let pos = decisive_file.pos(decisive.start);
    log.evidence.file = decisive_file.path.clone();
    log.evidence.line = pos.line;
    log.evidence.column = pos.col;
    log.anchor = Some(super::Anchor {
        file: decisive_file.clone(),
        span: decisive,
    });
    log.rel = decisive_file.rel.clone();
    super::mark_transactions_with(std::slice::from_mut(&mut log), vocabulary);
    Some(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_and_keys() {
        assert_eq!(file_profile("application-prod.yml").as_deref(), Some("prod"));
        assert_eq!(file_profile("application.yml"), None);
        assert_eq!(
            normalise("logging.logback.rollingpolicy.max-history"),
            "logging.logback.rollingpolicy.maxhistory"
        );
        assert_eq!(normalise("logging.file.max_history"), "logging.file.maxhistory");
    }
}
