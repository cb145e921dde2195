//! The retention model: every log a repository configures (an appender, a handler, a rotation
//! rule, an index or stream policy) with how long it is guaranteed to be kept, the settings
//! that decide it and where they are, or why that cannot be said ("unbounded": nothing deletes
//! it; "unknown": a value comes from the environment).
//!
//! Each front end (one module per stack) reads one file and adds `LogPolicy` entries to the
//! file's portfolio part; what needs several files (Spring Boot profiles, logrotate defaults
//! from `logrotate.conf`, logback `<include>`d files also scanned alone) is settled by
//! `finish` once every file is in. The LOG rules read the finished list; a problem in a file
//! (one that does not parse) becomes a META001-style finding through `out`, never a panic.
//!
//! See docs/logging.md for each format's arithmetic and the sources' semantics.

pub mod duration;
mod log4j2;
mod logback;
mod logrotate;
mod platform;
mod python;
mod spring;
pub mod vars;

use crate::catalogue::vocabulary::Vocabulary;
use crate::catalogue::Lang;
use crate::findings::RawFinding;
use crate::model::Portfolio;
use crate::rules::{Ctx, FileInput};
use crate::source::{SourceFile, Span};
use duration::DAY;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What bounds a log's retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BoundedBy {
    /// Archives are deleted by age (a period times a count, or an age).
    Time,
    /// A number of files, each closed by size (no period).
    Count,
    /// A total size.
    Size,
    /// Nothing deletes it.
    #[default]
    None,
}

impl BoundedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            BoundedBy::Time => "time",
            BoundedBy::Count => "count",
            BoundedBy::Size => "size",
            BoundedBy::None => "none",
        }
    }
}

/// Whether the retention could be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Computed (a period, or a count/size capacity).
    Bounded,
    /// No deletion is configured.
    #[default]
    Unbounded,
    /// A deciding value comes from outside the file (`evidence.variables`) or cannot be read.
    Unknown,
}

/// A text in both report languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// One setting that decided the retention, as written, with its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub file: String,
    pub line: u32,
}

/// Why the retention is what it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The deciding setting (where findings point).
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub settings: Vec<Setting>,
    /// The arithmetic, e.g. "daily rollover x maxHistory 30 = 30 days".
    pub arithmetic: Text,
    /// Variables from outside the file that decide the retention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<String>,
}

/// How many files, how large, or how much in total a count- or size-bounded log keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Capacity {
    /// Archived files kept (besides the active one).
    pub files: Option<u64>,
    /// Size at which a file is closed.
    pub file_size: Option<u64>,
    /// Total size kept.
    pub total: Option<u64>,
}

impl Capacity {
    /// Bytes kept in all: the total cap, or files x file size.
    pub fn bytes(&self) -> Option<u64> {
        self.total
            .or_else(|| self.files.zip(self.file_size).and_then(|(n, s)| n.checked_mul(s)))
    }
}

/// The retention in numbers, as the rules judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Measure {
    /// Nothing deletes the log.
    #[default]
    Unbounded,
    /// Deleted by age: kept at least `min` seconds and at most `max` (None: no known upper
    /// bound); `min == max` when known exactly. `cap`: a size or count limit that can delete
    /// sooner under heavy volume (logback `totalSizeCap`).
    Time {
        min: u64,
        max: Option<u64>,
        cap: Option<Capacity>,
    },
    /// Deleted by count or size only: no period.
    Capacity { capacity: Capacity, by: BoundedBy },
    /// Not even the kind of bound is known.
    Unknown,
}

impl Measure {
    pub fn exact(seconds: u64) -> Measure {
        Measure::Time {
            min: seconds,
            max: Some(seconds),
            cap: None,
        }
    }

    /// A time bound whose value is unknown (a count from the environment).
    pub fn unknown_time() -> Measure {
        Measure::Time {
            min: 0,
            max: None,
            cap: None,
        }
    }

    pub fn bounded_by(&self) -> BoundedBy {
        match self {
            Measure::Unbounded | Measure::Unknown => BoundedBy::None,
            Measure::Time { .. } => BoundedBy::Time,
            Measure::Capacity { by, .. } => *by,
        }
    }

    pub fn status(&self) -> Status {
        match self {
            Measure::Unbounded => Status::Unbounded,
            Measure::Time { min, max, .. } if Some(*min) == *max => Status::Bounded,
            Measure::Time { .. } | Measure::Unknown => Status::Unknown,
            Measure::Capacity { .. } => Status::Bounded,
        }
    }

    /// Whole days guaranteed, when known exactly.
    pub fn days(&self) -> Option<u32> {
        match self {
            Measure::Time { min, max, .. } if Some(*min) == *max => u32::try_from(min / DAY).ok(),
            _ => None,
        }
    }
}

/// Where a finding about the log points, with the file for its snippet.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub file: Arc<SourceFile>,
    pub span: Span,
}

/// One configured log and its retention (the JSON report's `logs` section).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogPolicy {
    /// The file that declares the log, and the line of the declaration.
    pub file: String,
    pub line: u32,
    /// Appender, handler, file pattern, index policy or stream name.
    pub name: String,
    /// `logback`, `log4j2`, `spring-boot`, `logrotate`, `python`, `elasticsearch-ilm`,
    /// `opensearch-ism`, `loki`, `journald`.
    pub kind: String,
    /// The Spring profile the log belongs to, when it is profile-specific.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Guaranteed whole days, when time-bounded and known.
    pub retention_days: Option<u32>,
    pub bounded_by: BoundedBy,
    pub status: Status,
    pub evidence: Evidence,
    /// The transaction term in the log's names, when it is a transaction log (LOG002).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction: Option<String>,
    /// Remote appenders the same loggers also write to (the log is shipped elsewhere).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipped_to: Vec<String>,
    pub measure: Measure,
    /// Names besides `name` that identify the log (loggers writing to it, its file name).
    #[serde(skip)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub rel: String,
    #[serde(skip)]
    pub anchor: Option<Anchor>,
    /// What `finish` still has to settle with other files (Spring profiles, logrotate
    /// defaults); entries with it are replaced or removed there.
    #[serde(skip)]
    pub(crate) pending: Option<Pending>,
}

/// Cross-file work left for `finish`.
#[derive(Debug, Clone)]
pub(crate) enum Pending {
    Spring(spring::Document),
    LogrotateBlock(logrotate::Block),
    LogrotateDefaults(logrotate::Defaults),
}

/// Builds the entries of one file: the file, its kind, and where findings point.
pub(crate) struct Sink<'a> {
    pub file: &'a Arc<SourceFile>,
    pub kind: &'static str,
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
        }
    }
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a Arc<SourceFile>, kind: &'static str) -> Sink<'a> {
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
            kind: self.kind.to_string(),
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
            pending: None,
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

/// Reads the logging configuration a file holds, if any, into `part.logs`.
pub fn extract(input: &FileInput, ctx: &Ctx<'_>, part: &mut Portfolio, out: &mut Vec<RawFinding>) {
    let _ = out;
    let name = input.file_name();
    let path = input.file.path.to_ascii_lowercase();
    let before = part.logs.len();
    if name.ends_with(".xml") {
        if logback::wants(&name, &input.file.text) {
            logback::extract(input, part);
        } else if log4j2::wants_xml(&name, &input.file.text) {
            log4j2::extract_xml(input, part);
        }
    } else if name.ends_with(".properties") {
        if name.starts_with("log4j2") {
            log4j2::extract_properties(input, part);
        } else if spring::wants(&name) {
            spring::extract_properties(input, &ctx.settings.vocabulary, part);
        }
    } else if name.ends_with(".yml") || name.ends_with(".yaml") || name.ends_with(".json") {
        if name.starts_with("log4j2") {
            log4j2::extract_structured(input, part);
        } else if spring::wants(&name) {
            spring::extract_yaml(input, &ctx.settings.vocabulary, part);
        } else {
            python::extract_dict_config(input, part);
            platform::extract_structured(input, part);
        }
    } else if name.ends_with(".py") {
        python::extract_code(input, part);
    } else if logrotate::wants(&path, &name) {
        logrotate::extract(input, part);
    } else if platform::wants_journald(&path, &name) {
        platform::extract_journald(input, part);
    } else if name.ends_with(".ini") || name.ends_with(".cfg") || name.ends_with(".conf") {
        python::extract_file_config(input, part);
    }
    if part.logs.len() > before {
        mark_transactions_with(&mut part.logs[before..], &ctx.settings.vocabulary);
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

/// Settles what needs every file: logback files included by another (read through their
/// includer, which knows the properties), Spring Boot profiles over their base file, and
/// logrotate blocks that inherit from a `logrotate.conf`. Then sorts.
pub fn finish(logs: &mut Vec<LogPolicy>) {
    logrotate::inherit(logs);
    spring::settle(logs);
    // An included file scanned on its own repeats what its includer reported (with fewer
    // properties known): keep the includer's reading.
    let included: Vec<(String, u32, String)> = logs
        .iter()
        .filter(|log| log.evidence.settings.iter().any(|s| s.key == "<include>"))
        .map(|log| (log.file.clone(), log.line, log.name.clone()))
        .collect();
    logs.retain(|log| {
        let alone = !log.evidence.settings.iter().any(|s| s.key == "<include>");
        !(alone
            && log.kind == "logback"
            && included
                .iter()
                .any(|(file, line, name)| *file == log.file && *line == log.line && *name == log.name))
    });
    logs.sort_by(|a, b| (&a.file, a.line, &a.name, &a.profile).cmp(&(&b.file, b.line, &b.name, &b.profile)));
    logs.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.name == b.name && a.profile == b.profile);
}

/// The `logs` table for `inventory --format markdown` (and the Markdown report): one row per
/// log with its retention and the arithmetic that gives it.
pub fn logs_markdown(logs: &[LogPolicy], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    if zh {
        out.push_str("| 文件:行 | 日志 | 类型 | 留存（天） | 限定方式 | 依据 |\n|---|---|---|---|---|---|\n");
    } else {
        out.push_str("| file:line | log | kind | retention (days) | bounded by | evidence |\n|---|---|---|---|---|---|\n");
    }
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    for log in logs {
        let mut name = cell(&log.name);
        if let Some(profile) = &log.profile {
            name.push_str(&format!(" (profile {})", cell(profile)));
        }
        if let Some(term) = &log.transaction {
            name.push_str(&if zh {
                format!("，交易日志（{}）", cell(term))
            } else {
                format!(", transaction log ({})", cell(term))
            });
        }
        let retention = match (log.retention_days, log.status) {
            (Some(days), _) => days.to_string(),
            (None, Status::Unknown) => (if zh { "未知" } else { "unknown" }).to_string(),
            (None, Status::Unbounded) => (if zh { "不删除" } else { "never deleted" }).to_string(),
            (None, Status::Bounded) => (if zh { "无法保证" } else { "not guaranteed" }).to_string(),
        };
        let mut evidence = cell(log.evidence.arithmetic.get(lang));
        if log.evidence.line != log.line || log.evidence.file != log.file {
            evidence.push_str(&format!(" ({}:{})", cell(&log.evidence.file), log.evidence.line));
        }
        out.push_str(&format!(
            "| {}:{} | {} | {} | {} | {} | {} |\n",
            cell(&log.file),
            log.line,
            name,
            log.kind,
            retention,
            log.bounded_by.as_str(),
            evidence
        ));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_classify() {
        assert_eq!(Measure::exact(30 * DAY).days(), Some(30));
        assert_eq!(Measure::exact(30 * DAY).status(), Status::Bounded);
        assert_eq!(Measure::unknown_time().status(), Status::Unknown);
        assert_eq!(Measure::unknown_time().bounded_by(), BoundedBy::Time);
        assert_eq!(Measure::Unbounded.bounded_by(), BoundedBy::None);
        let capacity = Capacity {
            files: Some(20),
            file_size: Some(500 << 20),
            total: None,
        };
        assert_eq!(capacity.bytes(), Some(20 * (500 << 20)));
    }

    #[test]
    fn markdown_lists_every_log() {
        let log = LogPolicy {
            file: "a/logback.xml".into(),
            line: 3,
            name: "APP|FILE".into(),
            kind: "logback".into(),
            profile: None,
            retention_days: Some(30),
            bounded_by: BoundedBy::Time,
            status: Status::Bounded,
            evidence: Evidence {
                file: "a/logback.xml".into(),
                line: 5,
                arithmetic: Text::new(
                    "daily rollover x maxHistory 30 = 30 days",
                    "按日滚动 × maxHistory 30 = 30 天",
                ),
                ..Evidence::default()
            },
            transaction: Some("trade".into()),
            shipped_to: Vec::new(),
            measure: Measure::exact(30 * DAY),
            aliases: Vec::new(),
            rel: String::new(),
            anchor: None,
            pending: None,
        };
        let en = logs_markdown(std::slice::from_ref(&log), Lang::En);
        assert!(en.contains("| a/logback.xml:3 | APP\\|FILE, transaction log (trade) | logback | 30 | time | daily rollover x maxHistory 30 = 30 days (a/logback.xml:5) |"));
        let zh = logs_markdown(&[log], Lang::Zh);
        assert!(zh.contains("按日滚动 × maxHistory 30 = 30 天"));
    }
}
