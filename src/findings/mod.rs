//! Findings: what a rule reports (`RawFinding`, detection only) and what the reports print
//! (`Finding`, after policy has settled severity, fingerprint and suppression).
//!
//! Evidence is captured when the finding is made: a short snippet of the offending lines, with
//! any secret already redacted, so no reporter ever needs the file again or can leak a secret.

pub mod plural;
pub mod redact;

pub use crate::catalogue::{Basis, Severity};
use crate::catalogue::{Lang, RuleCode};
use crate::source::{Pos, SourceFile, Span};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;

/// A text in both report languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Msg {
    pub en: String,
    pub zh: String,
}

impl Msg {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Msg {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A text that reads the same in both languages (a parser's own message).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Msg {
            en: text.clone(),
            zh: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// Keeps the text in `lang` alone, at its length: a run reports in one language, and an
    /// estate's findings would otherwise hold every message twice until the report is written.
    pub fn keep(&mut self, lang: Lang) {
        let (kept, dropped) = match lang {
            Lang::En => (&mut self.en, &mut self.zh),
            Lang::Zh => (&mut self.zh, &mut self.en),
        };
        kept.shrink_to_fit();
        *dropped = String::new();
    }
}

/// The interface a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OperationRef {
    pub method: String,
    pub path: String,
    pub id: Option<String>,
    pub level: Option<String>,
}

/// A few lines of evidence around a finding, already redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// Line number of the first line of `text`.
    pub line: u32,
    /// The lines, `\n`-separated; long lines are clipped around the finding (marked `…`).
    /// Shared by the findings of a file that show the same lines (`share`).
    #[serde(with = "shared_text")]
    pub text: Arc<str>,
    /// Byte offset and length of the highlighted part within `text`.
    pub offset: u32,
    pub length: u32,
}

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Shared by the findings of a file (`share`).
    pub path: Arc<str>,
    /// Path relative to the scan root: what fingerprints hash.
    pub rel: Arc<str>,
    pub start: Pos,
    pub end: Pos,
}

/// What a rule reports. Severity, title and fingerprint are decided later, by policy.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub rule: RuleCode,
    /// In both report languages: the reporter picks one.
    pub message: Msg,
    pub location: Location,
    pub snippet: Option<Snippet>,
    /// Shared by the findings of one operation (`share`).
    pub operation: Option<Arc<OperationRef>>,
    /// What identifies this finding apart from its line: stable when unrelated lines move.
    pub key: String,
    /// Set only where the data decides (an advisory's severity, a test-fixture path).
    pub severity: Option<Severity>,
    /// A fix specific to this finding; reports fall back to the rule's fix. Shared by the
    /// findings of a file that give the same fix (`share`).
    pub help: Option<Arc<Msg>>,
    /// Set by policy when a suppression covers the finding.
    pub suppressed: Option<Suppression>,
    /// The root document of the spec whose rules found it, for its `x-apiaudit-ignore` entries.
    pub spec: Option<std::sync::Arc<str>>,
    /// Set when the finding is in git history (`scan --history`).
    pub history: Option<Box<HistoryMark>>,
    /// For a spec finding written outside its operation: the place it is written in.
    pub place: Option<SpecPlace>,
}

/// Where in git history a finding is (`scan --history`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HistoryMark {
    /// The oldest commit in which the file at this path holds the finding (full id).
    pub commit: String,
    /// That commit's committer date, strict ISO 8601.
    pub date: String,
    /// Whether the secret is still in the checked-out tree (at this path or another).
    pub in_head: bool,
    /// Found in a blob of history only; false for a finding of the work tree that history
    /// also holds. The work tree's inline comments apply to the latter only.
    pub from_blob: bool,
}

/// Where a spec finding is written when that is not inside its operation (a component, a path
/// item, a referenced file): the place's `x-apiaudit-ignore` covers it, and an operation's own
/// entries only when no other operation uses the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecPlace {
    /// The place's file and pointer (`model::places::Place::key`).
    pub key: String,
    /// Whether several operations use it.
    pub shared: bool,
}

/// Serde for a shared text, as a string.
mod shared_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<str>, D::Error> {
        String::deserialize(deserializer).map(Arc::from)
    }
}

/// The schema of a JSON result (`scan -f json`, SPEC §4); a baseline may be one.
pub const RESULT_SCHEMA: &str = "apiaudit/v1";

const SNIPPET_CONTEXT_LINES: u32 = 1;
const SNIPPET_WINDOW_BEFORE: usize = 60;
const SNIPPET_WINDOW_AFTER: usize = 120;

impl RawFinding {
    /// A finding on a span of a file, with its snippet.
    pub fn at(rule: RuleCode, file: &SourceFile, span: Span, message: Msg) -> Self {
        Self::at_redacted(rule, file, span, message, &[])
    }

    /// Like `at`, with byte ranges of the file (secrets) masked in the snippet.
    pub fn at_redacted(
        rule: RuleCode,
        file: &SourceFile,
        span: Span,
        message: Msg,
        secrets: &[Span],
    ) -> Self {
        let start = file.pos(span.start);
        let end = file.pos(span.end.max(span.start));
        let snippet = make_snippet(file, span, start, end, secrets);
        let key = file
            .line_text(start.line)
            .trim()
            .chars()
            .take(200)
            .collect::<String>();
        let key = secrets.iter().fold(key, |key, secret| {
            let raw = file
                .text
                .get(secret.start as usize..secret.end as usize)
                .unwrap_or("");
            if raw.is_empty() {
                key
            } else {
                key.replace(raw, &redact::redact(raw))
            }
        });
        RawFinding {
            rule,
            message,
            location: Location {
                path: file.path.as_str().into(),
                rel: file.rel.as_str().into(),
                start,
                end,
            },
            snippet,
            operation: None,
            key,
            severity: None,
            help: None,
            suppressed: None,
            spec: None,
            history: None,
            place: None,
        }
    }

    /// A finding about a file as a whole, or where only a line is known (merged results).
    pub fn at_pos(rule: RuleCode, path: &str, rel: &str, start: Pos, message: Msg) -> Self {
        RawFinding {
            rule,
            message,
            location: Location {
                path: path.into(),
                rel: rel.into(),
                start,
                end: start,
            },
            snippet: None,
            operation: None,
            key: String::new(),
            severity: None,
            help: None,
            suppressed: None,
            spec: None,
            history: None,
            place: None,
        }
    }

    /// Drops what the report in `lang` will not show (the other language's texts) and spare
    /// capacity, once the file's rules are done with the finding.
    pub fn compact(&mut self, lang: Lang) {
        self.message.keep(lang);
        if let Some(help) = &mut self.help {
            Arc::make_mut(help).keep(lang);
        }
        self.key.shrink_to_fit();
    }

    pub fn with_operation(mut self, operation: OperationRef) -> Self {
        self.key = format!("{} {}", operation.method, operation.path);
        self.operation = Some(Arc::new(operation));
        self
    }

    /// Adds a discriminator to the fingerprint key (a parameter name, a field path).
    pub fn with_key_part(mut self, part: &str) -> Self {
        if !part.is_empty() {
            self.key.push('|');
            self.key.push_str(part);
        }
        self
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    pub fn with_help(mut self, help: Msg) -> Self {
        self.help = Some(Arc::new(help));
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// Masks secrets found in the same file that this finding's evidence may show whole (a
    /// finding of another rule on a neighbouring line). `pieces` are the secrets' lines.
    pub fn mask(&mut self, pieces: &[&str]) {
        // A KEY finding is masked already, by position (`at_redacted` masks every secret of the
        // file in its snippet), and its message is a template and the key's name, never a value:
        // masking text again would hide the setting it names (`login_password: password` read
        // "`login_…`").
        if self.rule.as_str().starts_with("KEY") {
            return;
        }
        for piece in pieces {
            let masked = redact::redact(piece);
            for text in [&mut self.message.en, &mut self.message.zh] {
                if text.contains(piece) {
                    *text = text.replace(piece, &masked);
                }
            }
            if let Some(snippet) = self
                .snippet
                .as_mut()
                .filter(|snippet| snippet.text.contains(piece))
            {
                let mut text = snippet.text.to_string();
                let mut from = 0;
                while let Some(found) = text.get(from..).and_then(|rest| rest.find(piece)) {
                    let at = from + found;
                    from = at + masked.len();
                    let (offset, length) = (snippet.offset as usize, snippet.length as usize);
                    let end = offset + length;
                    text.replace_range(at..at + piece.len(), &masked);
                    let shrink = piece.len() - masked.len().min(piece.len());
                    if at + piece.len() <= offset {
                        snippet.offset = (offset - shrink) as u32;
                    } else if at < end {
                        snippet.length = length.saturating_sub(shrink) as u32;
                    }
                }
                snippet.text = text.into();
            }
        }
    }
}

/// Compacts the findings of one file for the rest of the run (`RawFinding::compact`), and
/// shares what they repeat: one operation reference per operation, one text per distinct fix,
/// one copy of the file's path and of each evidence snippet. An estate's 365,000 findings
/// otherwise hold as many copies of 17 fixes, and of their files' paths.
pub fn share(findings: &mut [RawFinding], lang: Lang) {
    let mut operations: HashSet<Arc<OperationRef>> = HashSet::new();
    let mut helps: HashSet<Arc<Msg>> = HashSet::new();
    let mut texts: HashSet<Arc<str>> = HashSet::new();
    for finding in findings {
        finding.compact(lang);
        if let Some(operation) = &mut finding.operation {
            intern(&mut operations, operation);
        }
        if let Some(help) = &mut finding.help {
            intern(&mut helps, help);
        }
        intern(&mut texts, &mut finding.location.path);
        intern(&mut texts, &mut finding.location.rel);
        if let Some(spec) = &mut finding.spec {
            intern(&mut texts, spec);
        }
        if let Some(snippet) = &mut finding.snippet {
            intern(&mut texts, &mut snippet.text);
        }
    }
}

/// Replaces `value` by an equal one already in `seen`, or adds it there.
pub(crate) fn intern<T: ?Sized + Eq + std::hash::Hash>(seen: &mut HashSet<Arc<T>>, value: &mut Arc<T>) {
    match seen.get(&**value) {
        Some(shared) => *value = shared.clone(),
        None => {
            seen.insert(value.clone());
        }
    }
}

/// The lines of a secret worth masking on their own (short fragments are left alone).
pub fn secret_pieces(secret: &str) -> Vec<&str> {
    secret
        .split(['\n', '\r'])
        .map(|line| line.trim().trim_matches(['"', '\'', '+', ',', ';']).trim())
        .filter(|line| line.chars().count() >= 6 && !line.starts_with("-----"))
        .collect()
}

/// The evidence lines around a span of a file, as a finding would show them (for data that
/// reports show beside findings, such as a component's declaration).
pub fn snippet_of(file: &SourceFile, span: Span) -> Option<Snippet> {
    let start = file.pos(span.start);
    let end = file.pos(span.end.max(span.start));
    make_snippet(file, span, start, end, &[])
}

fn make_snippet(file: &SourceFile, span: Span, start: Pos, end: Pos, secrets: &[Span]) -> Option<Snippet> {
    if file.text.is_empty() {
        return None;
    }
    let first = start.line.saturating_sub(SNIPPET_CONTEXT_LINES).max(1);
    // Multi-line spans show their first lines only: the location says where it ends.
    let last = (end.line.min(start.line + 2) + SNIPPET_CONTEXT_LINES).min(file.lines().line_count() as u32);
    let mut text = String::new();
    let mut highlight: Option<(usize, usize)> = None;
    for line in first..=last.max(first) {
        let Some((line_start, line_end)) = file.lines().line_range(&file.text, line) else {
            break;
        };
        if line > first {
            text.push('\n');
        }
        // Clip long lines to a window around the finding (or their start).
        let (mut from, mut to) = (line_start, line_end);
        if to - from > SNIPPET_WINDOW_BEFORE + SNIPPET_WINDOW_AFTER {
            let anchor = if (line_start..=line_end).contains(&(span.start as usize)) {
                span.start as usize
            } else {
                line_start
            };
            from = crate::source::floor_char_boundary(
                &file.text,
                anchor.saturating_sub(SNIPPET_WINDOW_BEFORE).max(line_start),
            );
            to =
                crate::source::floor_char_boundary(&file.text, (anchor + SNIPPET_WINDOW_AFTER).min(line_end));
        }
        let prefix_ellipsis = from > line_start;
        if prefix_ellipsis {
            text.push('…');
        }
        let base = text.len();
        let segment = redact_segment(&file.text, from, to, secrets);
        text.push_str(&segment.text);
        if to < line_end {
            text.push('…');
        }
        let hl_start = (span.start as usize).clamp(from, to);
        let hl_end = (span.end as usize).clamp(from, to);
        if hl_end > hl_start || (line == start.line && highlight.is_none()) {
            let start_in = base + segment.map(hl_start - from);
            let end_in = base + segment.map(hl_end - from);
            highlight = Some(match highlight {
                Some((s, _)) => (s, end_in),
                None => (start_in, end_in),
            });
        }
    }
    let (offset, end_offset) = highlight.unwrap_or((0, 0));
    Some(Snippet {
        line: first,
        text: text.into(),
        offset: offset as u32,
        length: end_offset.saturating_sub(offset) as u32,
    })
}

/// A piece of text with secrets masked, and a map from original to masked offsets.
struct Redacted {
    text: String,
    /// (original offset from segment start, masked offset) at each change point.
    marks: Vec<(usize, usize)>,
}

impl Redacted {
    fn map(&self, original: usize) -> usize {
        let mut result = original;
        for (from, to) in &self.marks {
            if original >= *from {
                result = to + (original - from);
            }
        }
        result.min(self.text.len())
    }
}

fn redact_segment(text: &str, from: usize, to: usize, secrets: &[Span]) -> Redacted {
    let mut out = String::new();
    let mut marks = Vec::new();
    let mut cursor = from;
    let mut sorted: Vec<Span> = secrets
        .iter()
        .filter(|s| (s.end as usize) > from && (s.start as usize) < to)
        .copied()
        .collect();
    sorted.sort();
    for secret in sorted {
        let s_start = crate::source::floor_char_boundary(text, (secret.start as usize).max(cursor));
        let s_end = crate::source::floor_char_boundary(text, (secret.end as usize).min(to));
        if s_start < cursor || s_end <= s_start {
            continue;
        }
        out.push_str(&text[cursor..s_start]);
        let masked = redact::redact(&text[s_start..s_end]);
        marks.push((s_start - from, out.len()));
        out.push_str(&masked);
        // Offsets inside the secret map to its start; after it, past the mask.
        marks.push((s_end - from, out.len()));
        cursor = s_end;
    }
    out.push_str(&text[cursor..to]);
    Redacted { text: out, marks }
}

/// What suppressed a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// An `apiaudit:ignore` comment.
    Inline,
    /// An `x-apiaudit-ignore` entry of a spec.
    Spec,
    /// An entry of `--baseline`.
    Baseline,
}

impl SuppressionKind {}

/// How a finding was suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
}

/// A finding as reports print it (SPEC §4), in both report languages: a reporter shows it
/// through `view` in its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleCode,
    pub severity: Severity,
    pub message: Msg,
    /// Shared by the findings of a file.
    pub path: Arc<str>,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub basis: Basis,
    pub operation: Option<Arc<OperationRef>>,
    pub fingerprint: String,
    pub help: Option<Arc<Msg>>,
    pub snippet: Option<Snippet>,
    pub suppression: Option<Suppression>,
    /// The oldest commit holding the finding at this path (`scan --history`), full id; its
    /// committer date (ISO 8601); whether the secret is still in the checked-out tree.
    pub commit: Option<String>,
    pub commit_date: Option<String>,
    pub in_head: Option<bool>,
}

impl Finding {
    /// The order reports use: path, line, column, rule, then message (in the report's
    /// language) for ties.
    pub fn sort_key(&self, lang: Lang) -> (&str, u32, u32, RuleCode, &str) {
        (
            &self.path,
            self.line,
            self.column,
            self.rule,
            self.message.get(lang),
        )
    }

    /// The commit as reports show it: its first ten hex digits.
    pub fn short_commit(&self) -> Option<&str> {
        self.commit.as_deref().map(|id| id.get(..10).unwrap_or(id))
    }

    /// The commit's day, `YYYY-MM-DD`.
    pub fn commit_day(&self) -> Option<&str> {
        self.commit_date
            .as_deref()
            .map(|date| date.get(..10).unwrap_or(date))
    }

    /// The finding in one language, as JSON writes it; `title` is the rule's title in it.
    pub fn view<'a>(&'a self, lang: Lang, title: &'a str) -> FindingView<'a> {
        FindingView {
            rule: self.rule,
            severity: self.severity,
            title,
            message: self.message.get(lang),
            path: &self.path,
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
            basis: self.basis,
            operation: self.operation.as_deref(),
            fingerprint: &self.fingerprint,
            help: self.help.as_ref().map(|help| help.get(lang)),
            snippet: self.snippet.as_ref(),
            suppression: self.suppression.as_ref(),
            commit: self.commit.as_deref(),
            commit_date: self.commit_date.as_deref(),
            in_head: self.in_head,
        }
    }
}

/// A finding in one language: the JSON record of SPEC §4.
#[derive(Debug, Serialize)]
pub struct FindingView<'a> {
    pub rule: RuleCode,
    pub severity: Severity,
    pub title: &'a str,
    pub message: &'a str,
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub basis: Basis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<&'a OperationRef>,
    pub fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<&'a Snippet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression: Option<&'a Suppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit_date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_head: Option<bool>,
}

/// A finding as a JSON result records it (for `merge`): its texts are in that result's
/// language, so they read the same whichever language the merged report is in.
#[derive(Deserialize)]
struct FindingRecord {
    rule: RuleCode,
    severity: Severity,
    message: String,
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    basis: Basis,
    #[serde(default)]
    operation: Option<OperationRef>,
    fingerprint: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    snippet: Option<Snippet>,
    #[serde(default)]
    suppression: Option<Suppression>,
    #[serde(default)]
    commit: Option<String>,
    #[serde(default)]
    commit_date: Option<String>,
    #[serde(default)]
    in_head: Option<bool>,
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = FindingRecord::deserialize(deserializer)?;
        Ok(Finding {
            rule: record.rule,
            severity: record.severity,
            message: Msg::same(record.message),
            path: record.path.into(),
            line: record.line,
            column: record.column,
            end_line: record.end_line,
            end_column: record.end_column,
            basis: record.basis,
            operation: record.operation.map(Arc::new),
            fingerprint: record.fingerprint,
            help: record.help.map(|help| Arc::new(Msg::same(help))),
            snippet: record.snippet,
            suppression: record.suppression,
            commit: record.commit,
            commit_date: record.commit_date,
            in_head: record.in_head,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(
            "a.txt".into(),
            "a.txt".into(),
            PathBuf::from("a.txt"),
            text.into(),
        )
    }

    #[test]
    fn snippet_shows_context_and_highlight() {
        let f = file("one\ntwo = x\nthree\nfour\n");
        let start = f.text.find('x').unwrap_or(0);
        let raw = RawFinding::at(RuleCode::ID001, &f, Span::new(start, start + 1), Msg::same("m"));
        let snippet = raw.snippet.unwrap_or_else(|| panic!("snippet"));
        assert_eq!(snippet.line, 1);
        assert_eq!(&*snippet.text, "one\ntwo = x\nthree");
        assert_eq!(
            &snippet.text[snippet.offset as usize..][..snippet.length as usize],
            "x"
        );
        assert_eq!(raw.location.start, Pos { line: 2, col: 7 });
    }

    #[test]
    fn secrets_never_reach_the_snippet_or_key() {
        let secret = "AKIAZZZZZZZZZZZZZZZZ";
        let f = file(&format!("key = \"{secret}\"\n"));
        let start = f.text.find(secret).unwrap_or(0);
        let span = Span::new(start, start + secret.len());
        let raw = RawFinding::at_redacted(RuleCode::KEY004, &f, span, Msg::same("m"), &[span]);
        let snippet = raw.snippet.unwrap_or_else(|| panic!("snippet"));
        assert!(!snippet.text.contains(secret));
        assert!(!raw.key.contains(secret));
        let shown = &snippet.text[snippet.offset as usize..][..snippet.length as usize];
        assert!(shown.starts_with("AKIA") && shown.contains('…'));
    }

    #[test]
    fn long_lines_are_clipped() {
        let line = "a".repeat(10_000) + "TARGET" + &"b".repeat(10_000);
        let f = file(&line);
        let start = line.find("TARGET").unwrap_or(0);
        let raw = RawFinding::at(RuleCode::ID001, &f, Span::new(start, start + 6), Msg::same("m"));
        let snippet = raw.snippet.unwrap_or_else(|| panic!("snippet"));
        assert!(snippet.text.len() < 400);
        assert_eq!(
            &snippet.text[snippet.offset as usize..][..snippet.length as usize],
            "TARGET"
        );
    }
}
