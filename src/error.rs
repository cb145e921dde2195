//! Errors that stop a run (exit code 2): usage, configuration and internal errors. A bad input
//! file is never one of these; it is a finding.

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use std::fmt;

#[derive(Debug)]
pub enum AppError {
    Usage(String),
    Config(Box<ConfigError>),
    Io { what: String, error: std::io::Error },
    Internal(String),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Usage(message) | AppError::Internal(message) => f.write_str(message),
            AppError::Config(error) => error.fmt(f),
            AppError::Io { what, error } => write!(f, "{what}: {error}"),
        }
    }
}

impl std::error::Error for AppError {}

impl Diagnostic for AppError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let code = match self {
            AppError::Usage(_) => "apiaudit::usage",
            AppError::Config(_) => "apiaudit::config",
            AppError::Io { .. } => "apiaudit::io",
            AppError::Internal(_) => "apiaudit::internal",
        };
        Some(Box::new(code))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match self {
            AppError::Config(error) => error.source_code(),
            _ => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        match self {
            AppError::Config(error) => error.labels(),
            _ => None,
        }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            AppError::Config(error) => error.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>),
            _ => None,
        }
    }
}

/// A configuration error, pointing at the line of the TOML file that causes it.
#[derive(Debug)]
pub struct ConfigError {
    pub file: String,
    pub message: String,
    pub line: Option<usize>,
    pub help: Option<String>,
    source: Option<NamedSource<String>>,
    span: Option<(usize, usize)>,
}

impl ConfigError {
    pub fn new(
        file: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let line = span
            .as_ref()
            .map(|range| text[..range.start.min(text.len())].matches('\n').count() + 1);
        ConfigError {
            file: file.to_string(),
            message: message.into(),
            line,
            help: None,
            source: span.as_ref().map(|_| NamedSource::new(file, text.to_string())),
            span: span.map(|range| (range.start, range.end.saturating_sub(range.start))),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, len) = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".into()),
            start,
            len,
        ))))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl From<ConfigError> for AppError {
    fn from(error: ConfigError) -> Self {
        AppError::Config(Box::new(error))
    }
}
