//! The retention model: every log a repository configures (an appender, a handler, a rotation
//! rule, an index or stream policy) with how long it is guaranteed to be kept, the settings
//! that decide it and where they are, or why that cannot be said ("unbounded": nothing deletes
//! it; "unknown": a value comes from the environment). The readers are the logging front ends;
//! docs/logging.md gives each format's arithmetic.

pub mod duration;

use crate::catalogue::Lang;
use crate::source::{SourceFile, Span};
use duration::DAY;
use serde::{Deserialize, Serialize};
use std::fmt;
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

    /// How the retention is bounded, in words of `lang`.
    pub fn label(self, lang: crate::catalogue::Lang) -> &'static str {
        match (lang, self) {
            (crate::catalogue::Lang::En, bounded) => bounded.as_str(),
            (crate::catalogue::Lang::Zh, BoundedBy::Time) => "按时间",
            (crate::catalogue::Lang::Zh, BoundedBy::Count) => "按文件数",
            (crate::catalogue::Lang::Zh, BoundedBy::Size) => "按总大小",
            (crate::catalogue::Lang::Zh, BoundedBy::None) => "无",
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

/// The stack a log is configured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LogKind {
    #[serde(rename = "logback")]
    Logback,
    #[serde(rename = "log4j2")]
    Log4j2,
    #[serde(rename = "spring-boot")]
    SpringBoot,
    #[serde(rename = "logrotate")]
    Logrotate,
    #[serde(rename = "python")]
    Python,
    #[serde(rename = "elasticsearch-ilm")]
    ElasticsearchIlm,
    #[serde(rename = "opensearch-ism")]
    OpensearchIsm,
    #[serde(rename = "loki")]
    Loki,
    #[serde(rename = "journald")]
    Journald,
}

impl LogKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Logback => "logback",
            LogKind::Log4j2 => "log4j2",
            LogKind::SpringBoot => "spring-boot",
            LogKind::Logrotate => "logrotate",
            LogKind::Python => "python",
            LogKind::ElasticsearchIlm => "elasticsearch-ilm",
            LogKind::OpensearchIsm => "opensearch-ism",
            LogKind::Loki => "loki",
            LogKind::Journald => "journald",
        }
    }
}

impl fmt::Display for LogKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One configured log and its retention (the JSON report's `logs` section).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogPolicy {
    /// The file that declares the log, and the line of the declaration.
    pub file: String,
    pub line: u32,
    /// Appender, handler, file pattern, index policy or stream name.
    pub name: String,
    pub kind: LogKind,
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
    /// A retention decided by one variable from outside the file, settled against the estate's
    /// settings of that variable once every file is read.
    #[serde(skip)]
    pub deferred: Option<Deferred>,
}

/// A retention that one variable decides: `<maxHistory>${LOG_FILE_MAX_HISTORY:-30}</maxHistory>`
/// counts rollover periods, whatever sets the variable where the service runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferred {
    /// The variable as the configuration names it.
    pub variable: String,
    /// The default the configuration gives, used when nothing in the estate sets the variable.
    pub default: Option<String>,
    /// The rollover period the value counts, in seconds.
    pub period: u64,
    /// The period in words (`daily`, `按日`).
    pub period_words: Text,
    /// The setting as written: `maxHistory ${LOG_FILE_MAX_HISTORY:-30}`.
    pub setting: String,
    /// A total-size cap that can delete sooner (logback `totalSizeCap`), in bytes.
    pub cap: Option<u64>,
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
}
