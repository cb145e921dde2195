//! LOG004: log statements and log layouts that write C3 data or unmasked C2 data.
//!
//! Log statements are found by their shape (`log.info(`, `self.logger.warning(`,
//! `log.Printf(`, `console.error(`, `zap.S().Infow(`), in Java/Kotlin/Groovy/Scala, Python, Go
//! and JS/TS. Their arguments are read as code: string literals are skipped except for their
//! interpolations (`${x}`, f-string `{x}`, Kotlin `$x`), and every value expression is judged by
//! its last name (`req.getCardNo()` -> `cardNo`) against the JR/T 0171 vocabulary
//! (`pfi-c3`, `pfi-c2` in checks/vocabulary/). A name is sensitive when a term ends it, so
//! `payPassword` is C3 but `passwordExpired` and `cardNoMasked` are not. C2 values inside a
//! masking call are fine; values only tested (`isBlank(pin)`, `len(card_no)`, `pin != null`) are
//! not written at all. Layout files are searched for MDC/context lookups (`%X{idCardNo}`,
//! `${ctx:requestBody}`) that print such values or whole request bodies and headers.
//! Vendored and minified third-party files are skipped (`rules::vendored`).

use crate::catalogue::vocabulary::{words, Lexicon};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::rules::{Ctx, FileInput, Rule};
use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

pub struct SensitiveDataInLogs;

/// How far a log statement's arguments are read (a statement longer than this is cut).
const MAX_CALL_BYTES: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Jvm { kotlin: bool },
    Python,
    Go,
    Js,
}

impl Language {
    fn of(file_name: &str) -> Option<Language> {
        let ext = file_name.rsplit_once('.').map(|(_, ext)| ext)?;
        Some(match ext {
            "java" | "groovy" | "scala" => Language::Jvm { kotlin: false },
            "kt" | "kts" => Language::Jvm { kotlin: true },
            "py" => Language::Python,
            "go" => Language::Go,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => Language::Js,
            _ => return None,
        })
    }
}

/// A logger receiver (a name ending in `log`/`logger`: `log`, `LOGGER`, `plog`, `gen_log`,
/// `self._logger`; or `console`, `sugar`, `zap.S()`) followed by a logging method and `(`.
/// Identifier and space classes are ASCII: Unicode `\w` made this one pattern a tenth of a
/// one-file run's compile time.
static LOG_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^A-Za-z0-9_$])(((?:[A-Za-z_$][A-Za-z0-9_$]*?)?(?i:log|logger|logging)|console|sugar|zap\.[LS]\(\))[ \t\r\n]*\.[ \t\r\n]*(?i:trace|debug|info|warn|warning|error|fatal|critical|exception|log|print|printf|println|panic|panicf|tracef|debugf|infof|warnf|warningf|errorf|fatalf|notice|noticef|criticalf|debugw|infow|warnw|errorw|fatalw|debugln|infoln|warnln|errorln|fatalln))[ \t\r\n]*\(",
    )
    .unwrap_or_else(|error| panic!("LOG004 call pattern: {error}"))
});

/// Names ending in `log` that are not loggers.
const NOT_LOGGERS: &[&str] = &[
    "catalog",
    "dialog",
    "blog",
    "backlog",
    "changelog",
    "prolog",
    "epilog",
    "analog",
];

/// MDC and context lookups in layout patterns: logback/log4j `%X{key}`, `%mdc{key}`, log4j2
/// `${ctx:key}` (also `$${ctx:key}`).
static LAYOUT_LOOKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"%(?:X|mdc|MDC)\{([^}:\s]+)[^}]*\}|\$\$?\{ctx:([^}:\s]+)[^}]*\}")
        .unwrap_or_else(|error| panic!("LOG004 layout pattern: {error}"))
});

/// MDC keys that hold a whole request or response body or the headers.
const DUMP_NAMES: &[&[&str]] = &[
    &["body"],
    &["request", "body"],
    &["req", "body"],
    &["response", "body"],
    &["resp", "body"],
    &["payload"],
    &["request", "payload"],
    &["headers"],
    &["request", "headers"],
    &["req", "headers"],
];

/// Call names (as words) that only test a value or measure it: the value is not written.
const PREDICATE_WORDS: &[&str] = &[
    "is", "has", "len", "length", "size", "count", "empty", "blank", "null", "nonnull", "matches", "equals",
    "valid", "validate", "verify", "check", "exists", "contains", "present", "bool", "type", "typeof",
];

/// Call names (as words) that mask a value.
const MASK_WORDS: &[&str] = &[
    "mask",
    "masked",
    "masking",
    "desensitize",
    "desensitized",
    "desensitise",
    "desensitization",
    "tuomin",
    "redact",
];

/// Trailing words that still name the value itself (`cardNoValue`, `password_str`).
const VALUE_WORDS: &[&str] = &["value", "val", "str", "string", "text", "raw", "plain", "input"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// Personal financial information that logs may carry (balances, names): known so that
    /// its longer terms win (`oneTimePassword`), never reported.
    Other,
    /// Identifying C2 numbers: reported unless masked.
    C2,
    /// Never to be logged.
    C3,
}

impl Class {
    fn label(self) -> &'static str {
        match self {
            Class::Other | Class::C2 => "C2",
            Class::C3 => "C3",
        }
    }
}

/// The tables LOG004 reads, most sensitive first: a term in several counts in the first.
const TABLES: [&str; 6] = [
    "pfi-c3",
    "log-masked-c2",
    "pfi-c2",
    "pfi-c2-financial-status",
    "pfi-c2-auxiliary",
    "pfi-c1",
];

fn class_of(table: usize) -> Class {
    match table {
        0 => Class::C3,
        1 => Class::C2,
        _ => Class::Other,
    }
}

/// The class of a name and the term that decided: the longest term that ends the name (after a
/// getter's `get`/`is` and trailing value words), else the longest Chinese term in it.
fn classify(lexicon: &Lexicon, name: &str) -> Option<(Class, String)> {
    let mut words = words(name);
    if words.len() > 1 && matches!(words.first().map(String::as_str), Some("get" | "is")) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| VALUE_WORDS.contains(&w.as_str())) {
        words.pop();
    }
    let suffix = (0..words.len()).find_map(|start| lexicon.lookup(&words[start..].join(" ")));
    let hit = suffix.or_else(|| {
        (!name.is_ascii())
            .then(|| lexicon.scan(name).into_iter().find(|hit| !hit.term.is_ascii()))
            .flatten()
    })?;
    Some((class_of(hit.table), hit.term))
}

/// A value written by a log statement.
#[derive(Debug)]
struct Value {
    name: String,
    /// Byte range of the name in the file.
    span: (usize, usize),
    /// Inside a masking call.
    masked: bool,
    /// Only tested or measured (inside a predicate call, compared with `==`/`!=`).
    tested: bool,
}

impl Rule for SensitiveDataInLogs {
    fn code(&self) -> RuleCode {
        RuleCode::LOG004
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let name = input.file_name();
        // Third-party code copied in (a PDF.js under `static/`, a minified bundle) logs what
        // its authors chose; the dependency rules judge it, not this one.
        if crate::rules::vendored::is_vendored(input, ctx) {
            return;
        }
        if let Some(language) = Language::of(&name) {
            check_code(self.code(), input, language, ctx, out);
        } else if is_layout_file(&name) {
            check_layouts(self.code(), input, ctx, out);
        }
    }
}

fn is_layout_file(name: &str) -> bool {
    [".xml", ".properties", ".yml", ".yaml", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn check_code(
    code: RuleCode,
    input: &FileInput,
    language: Language,
    ctx: &Ctx<'_>,
    out: &mut Vec<RawFinding>,
) {
    let text = input.file.text.as_str();
    let mut lexicon: Option<std::sync::Arc<Lexicon>> = None;
    for call in LOG_CALL.captures_iter(text) {
        let (Some(whole), Some(callee), Some(receiver)) = (call.get(0), call.get(1), call.get(2)) else {
            continue;
        };
        if NOT_LOGGERS.contains(&receiver.as_str().to_ascii_lowercase().as_str()) {
            continue;
        }
        if in_comment(text, callee.start(), language) {
            continue;
        }
        let open = whole.end() - 1;
        let values = call_values(text, open, language);
        if values.is_empty() {
            continue;
        }
        let lexicon = lexicon.get_or_insert_with(|| ctx.settings.vocabulary.lexicon(&TABLES));
        let mut hits: Vec<(&Value, Class, String)> = Vec::new();
        for value in &values {
            if value.tested {
                continue;
            }
            let Some((class, term)) = classify(lexicon, &value.name) else {
                continue;
            };
            if class == Class::Other || class == Class::C2 && value.masked {
                continue;
            }
            if !hits.iter().any(|(v, _, _)| v.name == value.name) {
                hits.push((value, class, term));
            }
        }
        let Some(&(first, _, _)) = hits.first() else {
            continue;
        };
        let callee_text: String = callee.as_str().split_whitespace().collect();
        let names: Vec<String> = hits
            .iter()
            .map(|(value, class, term)| format!("`{}` ({}, “{term}”)", value.name, class.label()))
            .collect();
        let names_zh: Vec<String> = hits
            .iter()
            .map(|(value, class, term)| format!("`{}`（{} 类，`{term}`）", value.name, class.label()))
            .collect();
        let worst = hits.iter().map(|(_, class, _)| *class).max().unwrap_or(Class::C2);
        let message = Msg::new(
            format!(
                "`{callee_text}` writes {} to the log{}",
                names.join(", "),
                if worst == Class::C3 {
                    ": C3 data must never be logged"
                } else {
                    " unmasked"
                }
            ),
            format!(
                "`{callee_text}` 将 {} 写入日志{}",
                names_zh.join("、"),
                if worst == Class::C3 {
                    "：C3 类信息不得写入日志"
                } else {
                    "，且未脱敏"
                }
            ),
        );
        let key: Vec<&str> = hits.iter().map(|(value, _, _)| value.name.as_str()).collect();
        let mut finding = RawFinding::at(code, &input.file, Span::new(first.span.0, first.span.1), message)
            .with_key(format!("{callee_text}|{}", key.join(",")));
        if worst == Class::C2 {
            finding = finding.with_help(Msg::new(
                "mask the value before logging it (e.g. `MaskUtils.maskCardNo(cardNo)`), or install a masking converter in the logging framework",
                "在写入日志前对该值脱敏（如 `MaskUtils.maskCardNo(cardNo)`），或在日志框架中配置统一的脱敏转换器",
            ));
        }
        out.push(finding);
    }
}

/// Whether a match starts inside a line comment (`//`, `#`) or a block-comment line (`*`).
fn in_comment(text: &str, at: usize, language: Language) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let trimmed = before.trim_start();
    if trimmed.starts_with('*') || trimmed.starts_with("/*") {
        return true;
    }
    match language {
        Language::Python => before.contains('#'),
        _ => before.contains("//"),
    }
}

/// The value expressions among the arguments of the call whose `(` is at `open`.
fn call_values(text: &str, open: usize, language: Language) -> Vec<Value> {
    let end = crate::source::ceil_char_boundary(text, open + MAX_CALL_BYTES);
    let mut scanner = Scanner {
        bytes: &text.as_bytes()[..end],
        language,
        values: Vec::new(),
    };
    scanner.code(open + 1, &mut Vec::new());
    scanner.values
}

/// Reads code and collects value expressions with the calls that enclose them.
struct Scanner<'a> {
    bytes: &'a [u8],
    language: Language,
    values: Vec<Value>,
}

impl Scanner<'_> {
    /// Reads code from `at` until the bracket that closes it (or the end); returns the index
    /// after it. `calls` holds the names of the enclosing calls.
    fn code(&mut self, mut at: usize, calls: &mut Vec<String>) -> usize {
        while at < self.bytes.len() {
            let b = self.bytes[at];
            match b {
                b')' | b']' | b'}' => {
                    return at + 1;
                }
                b'(' => at = self.code(at + 1, calls),
                b'[' => at = self.code(at + 1, calls),
                b'{' => at = self.code(at + 1, calls),
                b'"' | b'\'' | b'`' => at = self.string(at, calls),
                b'/' if self.bytes.get(at + 1) == Some(&b'/') => at = self.skip_line(at),
                b'#' if self.language == Language::Python => at = self.skip_line(at),
                _ if is_ident_start(b) => at = self.expression(at, calls),
                _ => at += 1,
            }
        }
        at
    }

    fn skip_line(&self, at: usize) -> usize {
        self.bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| at + i + 1)
    }

    /// A string literal starting at `at` (its quote); its interpolations are read as code.
    fn string(&mut self, at: usize, calls: &mut Vec<String>) -> usize {
        let quote = self.bytes[at];
        // Python string prefixes: f"..", rf"..", fr"..".
        let prefix_start = self.bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let prefix = &self.bytes[prefix_start..at];
        let f_string =
            self.language == Language::Python && prefix.iter().any(|b| b.eq_ignore_ascii_case(&b'f'));
        let triple = self.language == Language::Python
            && self.bytes.get(at + 1) == Some(&quote)
            && self.bytes.get(at + 2) == Some(&quote);
        let mut i = if triple { at + 3 } else { at + 1 };
        let template = quote == b'`' && self.language == Language::Js;
        let kotlin = matches!(self.language, Language::Jvm { kotlin: true }) && quote == b'"';
        while i < self.bytes.len() {
            let b = self.bytes[i];
            if b == b'\\' && quote != b'`' {
                i += 2;
                continue;
            }
            if b == quote {
                if !triple {
                    return i + 1;
                }
                if self.bytes.get(i + 1) == Some(&quote) && self.bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
            }
            if b == b'\n' && !triple && quote != b'`' {
                return i + 1;
            }
            if (template || kotlin) && b == b'$' && self.bytes.get(i + 1) == Some(&b'{') {
                i = self.code(i + 2, calls);
                continue;
            }
            if kotlin && b == b'$' && self.bytes.get(i + 1).is_some_and(|&n| is_ident_start(n)) {
                i = self.expression(i + 1, calls);
                continue;
            }
            if f_string && b == b'{' {
                if self.bytes.get(i + 1) == Some(&b'{') {
                    i += 2;
                    continue;
                }
                i = self.code(i + 1, calls);
                continue;
            }
            i += 1;
        }
        i
    }

    /// A name chain (`a.b?.getC()`), starting at an identifier; records it as a value, or, when
    /// it is a call with arguments, reads the arguments with the call's name on the stack.
    fn expression(&mut self, start: usize, calls: &mut Vec<String>) -> usize {
        let mut at = start;
        while at < self.bytes.len() && is_ident_byte(self.bytes[at]) {
            at += 1;
        }
        // A Python string prefix (`f"..."`, `rb'...'`) belongs to the string.
        if self.language == Language::Python
            && at - start <= 2
            && matches!(self.bytes.get(at), Some(b'"' | b'\''))
            && self.bytes[start..at].iter().all(|b| b"rRbBfFuU".contains(b))
        {
            return at;
        }
        let mut at = start;
        let mut last = (start, start);
        loop {
            let ident_start = at;
            while at < self.bytes.len() && is_ident_byte(self.bytes[at]) {
                at += 1;
            }
            last = if at > ident_start { (ident_start, at) } else { last };
            // Member access continues the chain: `.`, `?.`, `->`, `::`.
            let next = skip_spaces(self.bytes, at);
            let step = match (self.bytes.get(next), self.bytes.get(next + 1)) {
                (Some(b'.'), Some(&n)) if is_ident_start(n) => 1,
                (Some(b'?'), Some(b'.')) => 2,
                (Some(b'-'), Some(b'>')) => 2,
                (Some(b':'), Some(b':')) => 2,
                _ => 0,
            };
            if step == 0 {
                break;
            }
            at = skip_spaces(self.bytes, next + step);
            if !self.bytes.get(at).is_some_and(|&b| is_ident_start(b)) {
                break;
            }
        }
        let name = String::from_utf8_lossy(&self.bytes[last.0..last.1]).into_owned();
        let next = skip_spaces(self.bytes, at);
        match self.bytes.get(next) {
            Some(b'(') => {
                let after = skip_spaces(self.bytes, next + 1);
                if self.bytes.get(after) == Some(&b')') {
                    // A getter: `getCardNo()` names the value it returns.
                    self.push(name, last, calls, after + 1);
                    return after + 1;
                }
                // The whole chain names the call: `mask.AccountNo(x)` masks.
                calls.push(String::from_utf8_lossy(&self.bytes[start..last.1]).into_owned());
                let end = self.code(next + 1, calls);
                calls.pop();
                end
            }
            // Indexing or slicing takes part of the value (`card_no[-4:]`).
            Some(b'[') => next,
            // A keyword argument's name (`card_no=...` in Python) is not a value.
            Some(b'=') if self.bytes.get(next + 1) != Some(&b'=') && self.language == Language::Python => {
                next + 1
            }
            _ => {
                self.push(name, last, calls, at);
                at
            }
        }
    }

    fn push(&mut self, name: String, span: (usize, usize), calls: &[String], after: usize) {
        if is_keyword(&name) {
            return;
        }
        let call_words = |list: &[&str]| {
            calls
                .iter()
                .any(|call| words(call).iter().any(|w| list.contains(&w.as_str())))
        };
        let next = skip_spaces(self.bytes, after);
        let compared = matches!(
            (self.bytes.get(next), self.bytes.get(next + 1)),
            (Some(b'=' | b'!'), Some(b'='))
        ) || self.bytes[next..].starts_with(b"is None")
            || self.bytes[next..].starts_with(b"is not None");
        self.values.push(Value {
            name,
            span,
            masked: call_words(MASK_WORDS),
            tested: compared || call_words(PREDICATE_WORDS),
        });
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$'
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "new"
            | "null"
            | "nil"
            | "None"
            | "true"
            | "false"
            | "True"
            | "False"
            | "this"
            | "self"
            | "undefined"
            | "is"
            | "not"
            | "and"
            | "or"
            | "in"
            | "if"
            | "else"
            | "instanceof"
            | "typeof"
    )
}

/// MDC and context lookups in layout patterns.
fn check_layouts(code: RuleCode, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
    let text = input.file.text.as_str();
    if !text.contains("%X{") && !text.contains("%mdc{") && !text.contains("%MDC{") && !text.contains("{ctx:")
    {
        return;
    }
    let mut lexicon: Option<std::sync::Arc<Lexicon>> = None;
    for lookup in LAYOUT_LOOKUP.captures_iter(text) {
        let Some(key) = lookup.get(1).or_else(|| lookup.get(2)) else {
            continue;
        };
        let key_words = words(key.as_str());
        let dump = DUMP_NAMES
            .iter()
            .any(|dump| key_words.iter().map(String::as_str).eq(dump.iter().copied()));
        let message = if dump {
            Msg::new(
                format!(
                    "the log layout prints `{}`, the whole request or response body or headers, which carry C3 and C2 data unmasked",
                    lookup.get(0).map_or("", |m| m.as_str())
                ),
                format!(
                    "日志格式输出 `{}`，即完整的请求或响应报文体或报文头，其中的 C3、C2 类信息未经脱敏",
                    lookup.get(0).map_or("", |m| m.as_str())
                ),
            )
        } else {
            let lexicon = lexicon.get_or_insert_with(|| ctx.settings.vocabulary.lexicon(&TABLES));
            let Some((class, term)) = classify(lexicon, key.as_str()) else {
                continue;
            };
            if class == Class::Other {
                continue;
            }
            Msg::new(
                format!(
                    "the log layout prints `{}`, {} data (“{term}”), into every log line",
                    lookup.get(0).map_or("", |m| m.as_str()),
                    class.label()
                ),
                format!(
                    "日志格式在每行日志中输出 `{}`，属于 {} 类信息（`{term}`）",
                    lookup.get(0).map_or("", |m| m.as_str()),
                    class.label()
                ),
            )
        };
        out.push(
            RawFinding::at(code, &input.file, Span::new(key.start(), key.end()), message)
                .with_key(format!("layout|{}", key.as_str())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(code: &str, language: Language) -> Vec<(String, bool, bool)> {
        let open = code.find('(').unwrap_or(0);
        call_values(code, open, language)
            .into_iter()
            .map(|v| (v.name, v.masked, v.tested))
            .collect()
    }

    #[test]
    fn arguments_are_read_as_code() {
        let values = names(
            r#"log.info("cardNo={}, pwd={}", MaskUtils.maskCardNo(req.getCardNo()), req.getPayPassword())"#,
            Language::Jvm { kotlin: false },
        );
        assert_eq!(
            values,
            [
                ("getCardNo".to_string(), true, false),
                ("getPayPassword".to_string(), false, false)
            ]
        );
        let values = names(
            r#"logger.info(f"card {card_no[-4:]} pin ok={pin is not None} {user.id_no}", extra=x)"#,
            Language::Python,
        );
        assert_eq!(
            values,
            [
                ("pin".to_string(), false, true),
                ("id_no".to_string(), false, false),
                ("x".to_string(), false, false)
            ]
        );
        let values = names("console.log(`acct ${acct.accountNo}` + len(pin))", Language::Js);
        assert_eq!(
            values,
            [
                ("accountNo".to_string(), false, false),
                ("pin".to_string(), false, true)
            ]
        );
    }
}
