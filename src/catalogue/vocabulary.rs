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
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};

#[derive(Debug, Default)]
struct Table {
    terms: Vec<String>,
    /// `match = "word"`: ASCII terms match whole words, not word starts.
    whole_words: bool,
    matcher: OnceLock<TermMatcher>,
}

/// Every vocabulary table of the run.
#[derive(Debug, Default)]
pub struct Vocabulary {
    tables: BTreeMap<String, Table>,
    /// Lexicons over several tables, built on first use (keyed by their table names).
    /// Built lexicons by their tables (joined with `\n`). Read by every worker for every name:
    /// a read lock, so that workers never wait on one another once a lexicon exists.
    lexicons: RwLock<HashMap<String, Arc<Lexicon>>>,
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
            let mode = value.as_table().and_then(|table| table.get("match"));
            let whole_words = match mode.map(|m| m.as_str()) {
                None => None,
                Some(Some("word")) => Some(true),
                Some(Some("prefix")) => Some(false),
                Some(_) => return Err((format!("`{name}.match` must be \"word\" or \"prefix\""), None)),
            };
            let table = self.tables.entry(name.clone()).or_default();
            if let Some(whole_words) = whole_words {
                table.whole_words = whole_words;
            }
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

    /// A lexicon over several tables (see `Lexicon`), built on first use.
    pub fn lexicon(&self, tables: &[&str]) -> Arc<Lexicon> {
        let key = tables.join("\n");
        if let Some(found) = self
            .lexicons
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&key)
        {
            return found.clone();
        }
        let mut cache = self
            .lexicons
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| {
                let lists: Vec<&[String]> = tables.iter().map(|t| self.terms(t)).collect();
                Arc::new(Lexicon::new(&lists))
            })
            .clone()
    }

    /// The matcher of a table, compiled on first use.
    pub fn matcher(&self, table: &str) -> Option<&TermMatcher> {
        let entry = self.tables.get(table)?;
        Some(entry.matcher.get_or_init(|| {
            let _setup = crate::progress::timings::phase(crate::progress::timings::Stage::Detectors);
            if entry.whole_words {
                TermMatcher::whole_words(&entry.terms)
            } else {
                TermMatcher::new(&entry.terms)
            }
        }))
    }
}

/// Finds terms in identifiers and file names. Names and terms are compared as lower-case
/// words (split at non-alphanumeric characters, camel-case humps and letter-digit changes).
/// By default an ASCII term matches the start of a word, so `payment` finds
/// `payments-service` and `PaymentLog` but not `prepayments`, and `txn` finds `SettlementTxn`;
/// in whole-word mode it must end at a word end too (a plural `s`/`es` allowed), so `pin`
/// finds `cardPin` but not `pinned`. Other terms (Chinese) match anywhere.
#[derive(Debug)]
pub struct TermMatcher {
    /// Normalised ASCII term (space-separated words) -> the term as written.
    ascii: HashMap<String, String>,
    /// The most words any ASCII term has.
    max_words: usize,
    whole_words: bool,
    other: Vec<String>,
}

/// One term found in a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// The term as written in the vocabulary.
    pub term: String,
    /// Its length in characters (the longest match decides between tables).
    pub weight: usize,
}

impl TermMatcher {
    /// Word-start matching.
    pub fn new(terms: &[String]) -> TermMatcher {
        TermMatcher::build(terms, false)
    }

    /// Whole-word matching.
    pub fn whole_words(terms: &[String]) -> TermMatcher {
        TermMatcher::build(terms, true)
    }

    fn build(terms: &[String], whole_words: bool) -> TermMatcher {
        let mut ascii = HashMap::new();
        let mut other = Vec::new();
        let mut max_words = 0;
        for term in terms {
            if term.is_ascii() {
                let normal = words(term).join(" ");
                if normal.is_empty() {
                    continue;
                }
                max_words = max_words.max(normal.split(' ').count());
                ascii.entry(normal).or_insert_with(|| term.clone());
            } else {
                other.push(term.clone());
            }
        }
        TermMatcher {
            ascii,
            max_words,
            whole_words,
            other,
        }
    }

    /// The first term found in `name` (the longest at the first place any matches), as
    /// written in the vocabulary.
    pub fn find(&self, name: &str) -> Option<String> {
        if !self.ascii.is_empty() {
            let words = words(name);
            for start in 0..words.len() {
                if let Some(found) = self.longest_at(&words, start) {
                    return Some(found.term);
                }
            }
        }
        self.other.iter().find(|t| name.contains(t.as_str())).cloned()
    }

    /// The longest ASCII term that starts at word `start`.
    fn longest_at(&self, words: &[String], start: usize) -> Option<TermMatch> {
        if !self.whole_words {
            // Word-start mode: every word of the term but the last matches whole, the last
            // starts the name's word. Lists read in this mode are short.
            let mut best: Option<TermMatch> = None;
            for (normal, term) in &self.ascii {
                let parts: Vec<&str> = normal.split(' ').collect();
                let Some((last, init)) = parts.split_last() else {
                    continue;
                };
                let fits = words.len() >= start + parts.len()
                    && init.iter().zip(&words[start..]).all(|(t, w)| t == w)
                    && words[start + init.len()].starts_with(last);
                if fits && best.as_ref().is_none_or(|b| normal.len() > b.weight) {
                    best = Some(TermMatch {
                        term: term.clone(),
                        weight: normal.len(),
                    });
                }
            }
            return best;
        }
        let most = self.max_words.min(words.len() - start);
        for count in (1..=most).rev() {
            let joined = words[start..start + count].join(" ");
            let ies = joined.strip_suffix("ies").map(|stem| format!("{stem}y"));
            let stems = [
                Some(joined.as_str()),
                joined.strip_suffix('s'),
                joined.strip_suffix("es"),
                ies.as_deref(),
            ];
            for stem in stems.into_iter().flatten() {
                if let Some(term) = self.ascii.get(stem) {
                    return Some(TermMatch {
                        term: term.clone(),
                        weight: stem.len(),
                    });
                }
            }
        }
        None
    }
}

/// Several tables read together: a text is cut into the terms it contains, left to right, the
/// longest term of any table winning at each place and covering its words (whole words, a
/// plural `s`/`es` allowed), so a longer phrase of one table hides the shorter term of another
/// inside it. Chinese terms match anywhere, longest first, without overlapping.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Normalised ASCII term -> (table index, term as written).
    ascii: HashMap<String, (usize, String)>,
    max_words: usize,
    /// (term, table index), longest first.
    other: Vec<(String, usize)>,
}

/// One term of a lexicon found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The index of its table in the list the lexicon was built from.
    pub table: usize,
    /// The term as written in the vocabulary.
    pub term: String,
}

impl Lexicon {
    pub fn new(tables: &[&[String]]) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for (index, terms) in tables.iter().enumerate() {
            for term in terms.iter() {
                if term.is_ascii() {
                    let normal = words(term).join(" ");
                    if normal.is_empty() {
                        continue;
                    }
                    lexicon.max_words = lexicon.max_words.max(normal.split(' ').count());
                    lexicon
                        .ascii
                        .entry(normal)
                        .or_insert_with(|| (index, term.clone()));
                } else if !lexicon.other.iter().any(|(t, _)| t == term) {
                    lexicon.other.push((term.clone(), index));
                }
            }
        }
        lexicon
            .other
            .sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(&b.0)));
        lexicon
    }

    /// The term that is exactly these words (space-separated, as `words` gives them), a
    /// plural ending allowed.
    pub fn lookup(&self, phrase: &str) -> Option<Hit> {
        let ies = phrase.strip_suffix("ies").map(|stem| format!("{stem}y"));
        let found = [
            Some(phrase),
            phrase.strip_suffix('s'),
            phrase.strip_suffix("es"),
            ies.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find_map(|stem| self.ascii.get(stem))
        .map(|(table, term)| Hit {
            table: *table,
            term: term.clone(),
        });
        found
    }

    /// The terms of `text`, ASCII ones in reading order, then the Chinese ones.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let words = words(text);
        let mut start = 0;
        while start < words.len() {
            let most = self.max_words.min(words.len() - start);
            let mut advance = 1;
            'lengths: for count in (1..=most).rev() {
                let joined = words[start..start + count].join(" ");
                let ies = joined.strip_suffix("ies").map(|stem| format!("{stem}y"));
                // Plurals inside a phrase too: `payments channels` reads `payment channel`.
                let singular = (count > 1).then(|| {
                    words[start..start + count]
                        .iter()
                        .map(|w| singular(w))
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                let stems = [
                    Some(joined.as_str()),
                    joined.strip_suffix('s'),
                    joined.strip_suffix("es"),
                    ies.as_deref(),
                    singular.as_deref(),
                ];
                for stem in stems.into_iter().flatten() {
                    if let Some((table, term)) = self.ascii.get(stem) {
                        hits.push(Hit {
                            table: *table,
                            term: term.clone(),
                        });
                        advance = count;
                        break 'lengths;
                    }
                }
            }
            start += advance;
        }
        if !self.other.is_empty() && !text.is_ascii() {
            let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
            for (term, table) in &self.other {
                for (at, _) in text.match_indices(term.as_str()) {
                    let range = at..at + term.len();
                    if taken.iter().any(|t| t.start < range.end && range.start < t.end) {
                        continue;
                    }
                    taken.push(range);
                    hits.push(Hit {
                        table: *table,
                        term: term.clone(),
                    });
                }
            }
        }
        hits
    }
}

/// A word without its plural ending (`accounts`, `branches`, `parties`).
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if word.len() > 3 && !word.ends_with("ss") {
        if let Some(stem) = word.strip_suffix('s') {
            return stem.to_string();
        }
    }
    word.to_string()
}

/// The lower-case ASCII words of a name: split at every non-alphanumeric character, at
/// camel-case humps (`SettlementTxn`, `PINCode`) and between letters and digits (`cvv2`), so
/// `cardNo`, `card_no` and `CARD-NO` all read `card no`. Non-ASCII characters separate words.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&p) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let hump =
                c.is_ascii_uppercase() && (p.is_ascii_lowercase() || (p.is_ascii_uppercase() && next_lower));
            let digit_change = p.is_ascii_alphanumeric() && (p.is_ascii_digit() != c.is_ascii_digit());
            if (hump || digit_change) && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
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

    #[test]
    fn whole_words_mode_and_longest_match() {
        let terms: Vec<String> = [
            "pin",
            "card no",
            "password",
            "one time password",
            "balance",
            "密码",
            "动态密码",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let matcher = TermMatcher::whole_words(&terms);
        assert_eq!(matcher.find("cardPin").as_deref(), Some("pin"));
        assert_eq!(matcher.find("PIN_BLOCK").as_deref(), Some("pin"));
        assert_eq!(matcher.find("pinned"), None);
        assert_eq!(matcher.find("spinner"), None);
        assert_eq!(matcher.find("cardNo").as_deref(), Some("card no"));
        assert_eq!(matcher.find("CARD-NO").as_deref(), Some("card no"));
        assert_eq!(matcher.find("availableBalances").as_deref(), Some("balance"));
        assert_eq!(words("PINCode2fa"), ["pin", "code", "2", "fa"]);
    }

    #[test]
    fn embedded_pfi_tables_exist() {
        let vocabulary = Vocabulary::embedded().unwrap_or_else(|e| panic!("{e}"));
        let c3 = vocabulary.matcher("pfi-c3").unwrap_or_else(|| panic!("pfi-c3"));
        let c2 = vocabulary.matcher("pfi-c2").unwrap_or_else(|| panic!("pfi-c2"));
        assert_eq!(c3.find("paymentPassword").as_deref(), Some("payment password"));
        assert_eq!(c3.find("cvv2").as_deref(), Some("cvv2"));
        assert_eq!(c2.find("cardNo").as_deref(), Some("card no"));
        assert_eq!(c2.find("sfzh").as_deref(), Some("sfzh"));
        assert_eq!(c2.find("手机号码").as_deref(), Some("手机号"));
        assert_eq!(c2.find("productName"), None);
    }
}
