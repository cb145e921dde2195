//! Readers of logging configurations: one front end per stack (logback, log4j2 in XML,
//! properties and YAML/JSON, Spring Boot keys, Python logging in code, `dictConfig` and INI,
//! logrotate, Elasticsearch ILM / OpenSearch ISM / Loki policies, journald). Each reads one file
//! into `LogPolicy` entries of the model (`model::logs`), through a `Sink` that records where the
//! deciding settings are. What needs several files (Spring Boot profiles over their base file,
//! logrotate defaults from `logrotate.conf`, logback `<include>`d files also scanned alone) is
//! left as `Pending` work and settled in the front ends' `finish`. A configuration that does not
//! parse is an entry of unknown retention at the error, so LOG001 reports it with its position.
//!
//! See docs/logging.md for each format's arithmetic and the sources' semantics.

pub mod estate;
pub mod log4j2;
pub mod logback;
pub mod logrotate;
pub mod platform;
pub mod python;
pub mod spring;
pub mod vars;

use super::Extraction;
use crate::catalogue::vocabulary::Vocabulary;
use crate::model::logs::duration::{self, DAY};
use crate::model::logs::{Anchor, Deferred, Evidence, LogKind, LogPolicy, Measure, Setting, Text};
use crate::model::Portfolio;
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use std::sync::Arc;

/// Cross-file work left for the front ends' `finish`.
#[derive(Debug, Clone)]
pub enum Pending {
    /// A Spring Boot configuration document with logging keys, judged with its profiles.
    Spring(spring::Document),
    /// A logrotate block missing settings that a `logrotate.conf` of the run may give.
    LogrotateBlock(Box<LogPolicy>, logrotate::Block),
    /// The defaults of a `logrotate.conf`.
    LogrotateDefaults(logrotate::Defaults),
    /// Variables a file of the estate sets (environment, Spring keys), for retentions that one
    /// variable decides.
    Variables(Vec<estate::VarSetting>),
}

/// Builds the entries of one file: the file, its kind, and where findings point.
pub(crate) struct Sink<'a> {
    pub file: &'a Arc<SourceFile>,
    pub kind: LogKind,
    pub logs: Vec<LogPolicy>,
}

/// What a front end knows about one log.
pub(crate) struct Draft {
    pub name: String,
    /// The declaration (appender element, handler key, rotation block).
    pub declared: Span,
    /// The deciding setting.
    pub decisive: Span,
    pub measure: Measure,
    pub arithmetic: Text,
    pub settings: Vec<(String, String, Span)>,
    pub variables: Vec<String>,
    pub aliases: Vec<String>,
    pub profile: Option<String>,
    pub shipped_to: Vec<String>,
    /// A retention one variable decides, settled against the estate (`estate`).
    pub deferred: Option<Deferred>,
}

impl Draft {
    pub fn new(name: impl Into<String>, declared: Span, measure: Measure, arithmetic: Text) -> Draft {
        Draft {
            name: name.into(),
            declared,
            decisive: declared,
            measure,
            arithmetic,
            settings: Vec::new(),
            variables: Vec::new(),
            aliases: Vec::new(),
            profile: None,
            shipped_to: Vec::new(),
            deferred: None,
        }
    }
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a Arc<SourceFile>, kind: LogKind) -> Sink<'a> {
        Sink {
            file,
            kind,
            logs: Vec::new(),
        }
    }

    /// Adds a log declared in this sink's file.
    pub fn push(&mut self, draft: Draft) {
        let file = self.file.clone();
        self.push_in(&file, draft);
    }

    /// Adds a log whose declaration is in `file` (an `<include>`d file).
    pub fn push_in(&mut self, file: &Arc<SourceFile>, draft: Draft) {
        let declared = file.pos(draft.declared.start);
        let decisive = file.pos(draft.decisive.start);
        let settings = draft
            .settings
            .into_iter()
            .map(|(key, value, span)| Setting {
                key,
                value,
                file: file.path.clone(),
                line: file.pos(span.start).line,
            })
            .collect();
        self.logs.push(LogPolicy {
            file: file.path.clone(),
            line: declared.line,
            name: draft.name,
            kind: self.kind,
            profile: draft.profile,
            retention_days: draft.measure.days(),
            bounded_by: draft.measure.bounded_by(),
            status: draft.measure.status(),
            evidence: Evidence {
                file: file.path.clone(),
                line: decisive.line,
                column: decisive.col,
                settings,
                arithmetic: draft.arithmetic,
                variables: draft.variables,
            },
            transaction: None,
            shipped_to: draft.shipped_to,
            measure: draft.measure,
            aliases: draft.aliases,
            rel: file.rel.clone(),
            anchor: Some(Anchor {
                file: file.clone(),
                span: draft.decisive,
            }),
            deferred: draft.deferred,
        });
    }
}

impl Sink<'_> {
    /// A configuration that does not parse: one entry of unknown retention at the error, so
    /// that LOG001 reports it with its position and the `logs` section lists it.
    pub fn unparsable(&mut self, what: &str, message: &str, offset: u32) {
        let name = self
            .file
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&self.file.path)
            .to_string();
        let at = Span {
            start: offset.min(self.file.text.len() as u32),
            end: offset.min(self.file.text.len() as u32),
        };
        self.push(Draft::new(
            name,
            at,
            Measure::Unknown,
            Text::new(
                format!("the {what} configuration does not parse ({message}), so its retention cannot be computed"),
                format!("{what} 配置无法解析（{message}），无法计算留存期限"),
            ),
        ));
    }
}

/// Notes the transaction term of each log whose names contain one (LOG002).
pub(crate) fn mark_transactions_with(logs: &mut [LogPolicy], vocabulary: &Vocabulary) {
    let Some(matcher) = vocabulary.matcher("transaction-logs") else {
        return;
    };
    for log in logs {
        // File names count by their base name: a directory (`/data/logs/payments-service/`)
        // says which application writes, not what the log holds.
        log.transaction = std::iter::once(&log.name)
            .chain(log.aliases.iter())
            .find_map(|name| matcher.find(file_part(name)));
    }
}

/// The part of a name that says what a log holds: a path's base name, or its directory and
/// base name when the base name is a wildcard (`/var/log/remittance/*.log`).
fn file_part(name: &str) -> &str {
    let mut parts = name.rsplitn(3, ['/', '\\']);
    let base = parts.next().unwrap_or(name);
    match parts.next() {
        Some(dir) if base.contains('*') => &name[name.len() - base.len() - dir.len() - 1..],
        _ => base,
    }
}

/// Common wording: "daily", "hourly", "every 6 hours".
pub(crate) fn period_text(seconds: u64) -> Text {
    use duration::{HOUR, MINUTE, MONTH, WEEK, YEAR};
    let named = [
        (MINUTE, "minutely", "按分钟"),
        (HOUR, "hourly", "按小时"),
        (12 * HOUR, "half-daily", "按半天"),
        (DAY, "daily", "按日"),
        (WEEK, "weekly", "按周"),
        (MONTH, "monthly", "按月"),
        (YEAR, "yearly", "按年"),
    ];
    if let Some((_, en, zh)) = named.iter().find(|(s, _, _)| *s == seconds) {
        return Text::new(*en, *zh);
    }
    let (en, zh) = duration::days_text(seconds);
    Text::new(format!("every {en}"), format!("每 {zh}"))
}

/// The file types the logging readers tell apart by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileType {
    Xml,
    Properties,
    /// YAML or JSON.
    Structured,
    Python,
    Other,
}

pub(crate) fn file_type(name: &str) -> FileType {
    if name.ends_with(".xml") {
        FileType::Xml
    } else if name.ends_with(".properties") {
        FileType::Properties
    } else if name.ends_with(".yml") || name.ends_with(".yaml") || name.ends_with(".json") {
        FileType::Structured
    } else if name.ends_with(".py") {
        FileType::Python
    } else {
        FileType::Other
    }
}

/// Runs a reader on the file's part of the portfolio, then notes the transaction term of each
/// log it added (LOG002).
pub(crate) fn read(out: &mut Extraction, settings: &Settings, reader: impl FnOnce(&mut Portfolio)) {
    let before = out.part.logs.len();
    reader(&mut out.part);
    if out.part.logs.len() > before {
        mark_transactions_with(&mut out.part.logs[before..], &settings.vocabulary);
    }
}

/// What one front end reads from one file, finished as a run of that file alone.
#[cfg(test)]
pub(crate) fn read_alone(front_end: &dyn super::FrontEnd, path: &str, text: &str) -> Vec<LogPolicy> {
    let file = SourceFile::new(
        path.into(),
        path.into(),
        std::path::PathBuf::from(path),
        text.into(),
    );
    let input = crate::input::FileInput::new(Arc::new(file));
    let settings = Settings::default();
    let mut out = Extraction::default();
    assert!(front_end.claims(&input), "{path} is not claimed");
    front_end.extract(&input, &settings, &mut out);
    let mut portfolio = out.part;
    front_end.finish(&mut portfolio, &mut out.pending, &settings);
    portfolio.logs
}
