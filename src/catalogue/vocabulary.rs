//! Vocabulary: named lists of terms (`checks/vocabulary/*.toml`, embedded, plus the user's
//! `[checks] extend` files), loaded once per run. The format is deliberately generic, a table
//! name and its `terms`:
//!
//! ```toml
//! [transaction-logs]
//! terms = ["trade", "txn", "交易"]
//! ```
//!
//! A table of the same name in an `extend` file adds its terms to the built-in ones. Tables
//! without `terms` are left alone, so one `extend` file can carry other data (detectors) too.
//! Each list's compiled matcher is built on first use and kept for the run.

use crate::error::{AppError, ConfigError};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(Debug, Default)]
struct Table {
    terms: Vec<String>,
    matcher: OnceLock<TermMatcher>,
}

/// Every vocabulary table of the run.
#[derive(Debug, Default)]
pub struct Vocabulary {
    tables: BTreeMap<String, Table>,
}

impl Vocabulary {
    /// The embedded tables only. A malformed embedded file is a build defect (the tests catch
    /// it); it is reported, not panicked on.
    pub fn embedded() -> Result<Vocabulary, String> {
        let mut vocabulary = Vocabulary::default();
        for (path, text) in super::data_files("vocabulary/") {
            vocabulary
                .add_text(text, true)
                .map_err(|(message, _)| format!("checks/{path}: {message}"))?;
        }
        Ok(vocabulary)
    }

    /// The embedded tables plus those of the `[checks] extend` files.
    pub fn load(extend: &[PathBuf]) -> Result<Vocabulary, AppError> {
        let mut vocabulary = Vocabulary::embedded().map_err(AppError::Internal)?;
        for path in extend {
            let text = std::fs::read_to_string(path).map_err(|error| AppError::Io {
                what: format!("cannot read [checks] extend file {}", path.display()),
                error,
            })?;
            let display = path.display().to_string();
            vocabulary.add_text(&text, false).map_err(|(message, span)| {
                AppError::Config(Box::new(ConfigError::new(&display, &text, span, message)))
            })?;
        }
        Ok(vocabulary)
    }

    /// Adds the tables of one file. `strict`: every table must be a term list (files of
    /// `checks/vocabulary/`); otherwise tables without `terms` are skipped.
    fn add_text(&mut self, text: &str, strict: bool) -> Result<(), (String, Option<std::ops::Range<usize>>)> {
        let document: toml::Spanned<toml::Table> = toml::from_str(text)
            .map_err(|error: toml::de::Error| (error.message().to_string(), error.span()))?;
        for (name, value) in document.get_ref() {
            let terms = value.as_table().and_then(|table| table.get("terms"));
            let Some(terms) = terms else {
                if strict {
                    return Err((format!("table `{name}` has no `terms` list"), None));
                }
                continue;
            };
            let list = terms
                .as_array()
                .ok_or_else(|| (format!("`{name}.terms` must be a list of strings"), None))?;
            let table = self.tables.entry(name.clone()).or_default();
            for term in list {
                let term = term
                    .as_str()
                    .ok_or_else(|| (format!("`{name}.terms` must be a list of strings"), None))?;
                let term = term.trim();
                if !term.is_empty() && !table.terms.iter().any(|t| t == term) {
                    table.terms.push(term.to_string());
                }
            }
        }
        Ok(())
    }

    /// The terms of a table (empty when there is no such table).
    pub fn terms(&self, table: &str) -> &[String] {
        self.tables.get(table).map_or(&[], |t| t.terms.as_slice())
    }

    /// The matcher of a table, compiled on first use.
    pub fn matcher(&self, table: &str) -> Option<&TermMatcher> {
        let entry = self.tables.get(table)?;
        Some(entry.matcher.get_or_init(|| TermMatcher::new(&entry.terms)))
    }
}

/// Finds terms in identifiers and file names. ASCII terms match the start of a word, so
/// `payment` finds `payments-service` and `PaymentLog` but not `prepayments`, and `txn`
/// finds `SettlementTxn` (camel case splits words); other terms (Chinese) match anywhere.
#[derive(Debug)]
pub struct TermMatcher {
    ascii: Option<Regex>,
    other: Vec<String>,
}

impl TermMatcher {
    pub fn new(terms: &[String]) -> TermMatcher {
        let (ascii, other): (Vec<&String>, Vec<&String>) = terms.iter().partition(|t| t.is_ascii());
        let ascii = (!ascii.is_empty())
            .then(|| {
                let alternatives: Vec<String> = ascii
                    .iter()
                    .map(|t| regex::escape(&t.to_ascii_lowercase()))
                    .collect();
                // Matched against the word-split, lower-cased name (see `words`).
                Regex::new(&format!(r"(?:^|[^a-z0-9])(?:{})", alternatives.join("|"))).ok()
            })
            .flatten();
        TermMatcher {
            ascii,
            other: other.into_iter().cloned().collect(),
        }
    }

    /// The first term found in `name`, as written in the vocabulary.
    pub fn find(&self, name: &str) -> Option<String> {
        if let Some(regex) = &self.ascii {
            let words = words(name);
            if let Some(found) = regex.find(&words) {
                let term = found
                    .as_str()
                    .trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
                return Some(term.to_string());
            }
        }
        self.other.iter().find(|t| name.contains(t.as_str())).cloned()
    }
}

/// Lower-cases a name and puts a space at every camel-case word start, so `SettlementTxn`
/// reads `settlement txn` and `TRADE_FILE` reads `trade_file`.
fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if let Some(p) = previous {
            if c.is_ascii_uppercase() && p.is_ascii_lowercase() {
                out.push(' ');
            }
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_vocabulary_loads() {
        let vocabulary = Vocabulary::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(vocabulary.terms("transaction-logs").iter().any(|t| t == "txn"));
    }

    #[test]
    fn extend_files_add_terms_and_skip_other_tables() {
        let mut vocabulary = Vocabulary::default();
        vocabulary
            .add_text("[transaction-logs]\nterms = [\"trade\"]\n", true)
            .unwrap_or_else(|e| panic!("{e:?}"));
        vocabulary
            .add_text(
                "[transaction-logs]\nterms = [\"清算\", \"trade\"]\n[[rules]]\nid = \"x\"\n[other]\nregex = \"y\"\n",
                false,
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(vocabulary.terms("transaction-logs"), ["trade", "清算"]);
        assert!(vocabulary.add_text("[t]\nterms = [1]\n", false).is_err());
        assert!(vocabulary.add_text("[t]\nother = 1\n", true).is_err());
    }

    #[test]
    fn terms_match_word_starts_and_chinese_anywhere() {
        let terms: Vec<String> = ["txn", "payment", "trade", "流水"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let matcher = TermMatcher::new(&terms);
        assert_eq!(matcher.find("SettlementTxn").as_deref(), Some("txn"));
        assert_eq!(matcher.find("TRADE_FILE").as_deref(), Some("trade"));
        assert_eq!(matcher.find("payments.log").as_deref(), Some("payment"));
        assert_eq!(matcher.find("交易流水日志").as_deref(), Some("流水"));
        assert_eq!(matcher.find("prepayments.log"), None);
        assert_eq!(matcher.find("app.log"), None);
    }
}
