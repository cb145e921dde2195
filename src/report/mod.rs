//! Reporters: one file per output format behind one trait. They print what the audit settled
//! and never look at input files again (evidence was captured, redacted, with each finding).

pub mod cyclonedx;
pub mod json;
pub mod text;

use crate::audit::AuditReport;
use crate::catalogue::{Catalogue, Lang};
use std::io::{self, Write};

/// Output formats of `scan` (SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// What every reporter gets.
pub struct ReportContext<'a> {
    pub audit: &'a AuditReport,
    pub catalogue: &'a Catalogue,
    pub lang: Lang,
    pub color: bool,
    pub quiet: bool,
    /// Wall-clock seconds of the run, for the terminal summary only (never in files).
    pub elapsed: Option<f64>,
}

pub trait Reporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter of a format, or None when this build does not have it yet.
pub fn reporter(format: Format) -> Option<Box<dyn Reporter>> {
    match format {
        Format::Text => Some(Box::new(text::TextReporter)),
        Format::Json => Some(Box::new(json::JsonReporter)),
        _ => None,
    }
}
