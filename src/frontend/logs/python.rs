//! Python `logging` handlers: `TimedRotatingFileHandler` and `RotatingFileHandler` created in
//! code (positional and keyword arguments, module constants, `os.environ`/`os.getenv`), in
//! `dictConfig` dictionaries (YAML, JSON, or a dict literal such as Django's `LOGGING`) and in
//! `fileConfig` INI files (`args=(...)`).
//!
//! `TimedRotatingFileHandler` keeps `backupCount` files of one period each: `S`, `M`, `H`, `D`
//! times `interval`, `midnight` one day and `W0`-`W6` one week (Python versions differ on
//! whether `interval` applies to those two, so the guaranteed minimum counts one); with
//! `backupCount=0` nothing is deleted. `RotatingFileHandler` keeps `backupCount` files of
//! `maxBytes`: a count, no period; with `maxBytes=0` it never rotates.

use super::vars::{self, Syntax};
use super::{file_type, period_text, Draft, FileType, Sink};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::logs::duration::{self, DAY, HOUR, MINUTE, WEEK};
use crate::model::logs::{BoundedBy, Capacity, LogKind, Measure, Text};
use crate::model::Portfolio;
use crate::parse::properties::parse_ini;
use crate::parse::tree::{Tree, Value};
use crate::settings::Settings;
use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

/// A value of an argument, as far as it can be known without running the code.
#[derive(Debug, Clone, PartialEq)]
enum PyVal {
    Int(i64),
    Str(String),
    None,
    /// From outside the file (environment, settings objects), with the default if any.
    External {
        names: Vec<String>,
        default: Option<Box<PyVal>>,
    },
    /// An expression apiaudit does not evaluate.
    Opaque(String),
}

/// An argument and where its value is.
#[derive(Debug, Clone)]
struct Arg {
    value: PyVal,
    text: String,
    span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Handler {
    Timed,
    Sized,
}

impl Handler {
    fn of(class: &str) -> Option<Handler> {
        let short = class.rsplit('.').next().unwrap_or(class);
        if short.ends_with("TimedRotatingFileHandler") {
            Some(Handler::Timed)
        } else if short.ends_with("RotatingFileHandler") {
            Some(Handler::Sized)
        } else {
            None
        }
    }

    /// Positional parameters, in order.
    fn parameters(self) -> &'static [&'static str] {
        match self {
            Handler::Timed => &[
                "filename",
                "when",
                "interval",
                "backupCount",
                "encoding",
                "delay",
                "utc",
                "atTime",
            ],
            Handler::Sized => &["filename", "mode", "maxBytes", "backupCount", "encoding", "delay"],
        }
    }
}

/// The arguments of a handler, by parameter name.
#[derive(Default)]
struct Args(Vec<(String, Arg)>);

impl Args {
    fn get(&self, name: &str) -> Option<&Arg> {
        self.0.iter().rev().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)*((?:Concurrent)?(?:Timed)?RotatingFileHandler)\s*\(")
        .expect("constant regex")
});
static DICT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"['"](?:class|\(\))['"]\s*:\s*['"]([A-Za-z0-9_.]*RotatingFileHandler)['"]"#)
        .expect("constant regex")
});

/// Python logging set up in code (`TimedRotatingFileHandler(...)`, `RotatingFileHandler(...)`).
pub struct LoggingCode;

impl FrontEnd for LoggingCode {
    fn claims(&self, input: &FileInput) -> bool {
        file_type(&input.file_name()) == FileType::Python
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_code(input, part));
    }
}

/// Python `dictConfig` in YAML or JSON.
pub struct DictConfig;

impl FrontEnd for DictConfig {
    fn claims(&self, input: &FileInput) -> bool {
        claims_plain_structured(input)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_dict_config(input, part));
    }
}

/// Python `fileConfig` INI files (`.ini`, `.cfg`, `.conf` that are not logrotate or journald).
pub struct FileConfig;

impl FrontEnd for FileConfig {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        let path = input.file.path.to_ascii_lowercase();
        file_type(&name) == FileType::Other
            && !super::logrotate::wants(&path, &name)
            && !super::platform::wants_journald(&path, &name)
            && (name.ends_with(".ini") || name.ends_with(".cfg") || name.ends_with(".conf"))
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_file_config(input, part));
    }
}

/// YAML/JSON files that neither the log4j2 nor the Spring Boot reader takes.
pub(super) fn claims_plain_structured(input: &FileInput) -> bool {
    let name = input.file_name();
    file_type(&name) == FileType::Structured && !name.starts_with("log4j2") && !super::spring::wants(&name)
}

pub(super) fn extract_code(input: &FileInput, part: &mut Portfolio) {
    let text = &input.file.text;
    if !text.contains("RotatingFileHandler") {
        return;
    }
    let mut sink = Sink::new(&input.file, LogKind::Python);
    let constants = Constants { text };
    for found in CALL.captures_iter(text) {
        let (Some(whole), Some(class)) = (found.get(0), found.get(1)) else {
            continue;
        };
        let Some(handler) = Handler::of(class.as_str()) else {
            continue;
        };
        let line_start = text[..whole.start()].rfind('\n').map_or(0, |at| at + 1);
        let before = &text[line_start..whole.start()];
        if before.trim_start().starts_with("class ") || before.trim_start().starts_with('#') {
            continue;
        }
        let Some((pieces, _)) = split_call(text, whole.end() - 1) else {
            continue;
        };
        let mut args = Args::default();
        let parameters = handler.parameters();
        let mut position = 0;
        for (keyword, value_text, span) in pieces {
            let name = match keyword {
                Some(name) => name,
                None => {
                    let Some(name) = parameters.get(position) else {
                        continue;
                    };
                    position += 1;
                    (*name).to_string()
                }
            };
            let value = constants.eval(&value_text, 0);
            args.0.push((
                name,
                Arg {
                    value,
                    text: value_text,
                    span,
                },
            ));
        }
        let target = before
            .trim_end()
            .strip_suffix('=')
            .map(|t| t.trim().rsplit('.').next().unwrap_or("").to_string())
            .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .unwrap_or_else(|| class.as_str().to_string());
        let target = match enclosing_function(&text[..line_start]) {
            Some(function) => format!("{function}.{target}"),
            None => target,
        };
        let declared = Span::new(whole.start(), whole.end());
        sink.push(judge(handler, &args, target, declared));
    }
    // dictConfig dictionaries written as Python literals (Django's LOGGING).
    for found in DICT_CLASS.captures_iter(text) {
        let (Some(whole), Some(class)) = (found.get(0), found.get(1)) else {
            continue;
        };
        let Some(handler) = Handler::of(class.as_str()) else {
            continue;
        };
        let Some(open) = enclosing_brace(text, whole.start()) else {
            continue;
        };
        let Some((pieces, _)) = split_call(text, open) else {
            continue;
        };
        let mut args = Args::default();
        for (_, piece, span) in pieces {
            let Some((key, value)) = split_pair(&piece) else {
                continue;
            };
            let offset = piece.len() - value.len();
            let value_span = Span::new(span.start as usize + offset, span.end as usize);
            args.0.push((
                key.clone(),
                Arg {
                    value: constants.eval(&value, 0),
                    text: value,
                    span: value_span,
                },
            ));
        }
        let name = handler_name(&text[..open]).unwrap_or_else(|| class.as_str().to_string());
        sink.push(judge(handler, &args, name, Span::new(whole.start(), whole.end())));
    }
    part.logs.extend(sink.logs);
}

/// The function a line belongs to: the nearest `def name(` above it that is less indented.
fn enclosing_function(before: &str) -> Option<String> {
    for line in before.lines().rev().take(400) {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed
            .strip_prefix("def ")
            .or_else(|| trimmed.strip_prefix("async def "))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            return (!name.is_empty()).then_some(name);
        }
        if !line.is_empty()
            && !line.starts_with([' ', '\t'])
            && !trimmed.starts_with('#')
            && !trimmed.starts_with('@')
        {
            return None;
        }
    }
    None
}

/// `'file': {` -> `file`.
fn handler_name(before: &str) -> Option<String> {
    let trimmed = before.trim_end().strip_suffix(':')?.trim_end();
    let quote = trimmed.chars().last()?;
    if quote != '\'' && quote != '"' {
        return None;
    }
    let inner = &trimmed[..trimmed.len() - 1];
    let start = inner.rfind(quote)?;
    Some(inner[start + 1..].to_string())
}

/// A `'key': value` pair of a dict literal.
fn split_pair(piece: &str) -> Option<(String, String)> {
    let piece = piece.trim();
    let quote = piece.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let end = piece[1..].find(quote)? + 1;
    let key = piece[1..end].to_string();
    let rest = piece[end + 1..].trim_start().strip_prefix(':')?;
    Some((key, rest.trim().to_string()))
}

/// The `{` of the dict literal around `at`.
fn enclosing_brace(text: &str, at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text[..at].char_indices().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => return Some(index),
            '{' => depth -= 1,
            _ => {}
        }
        if at - index > 16 * 1024 {
            return None;
        }
    }
    None
}

const MAX_CALL: usize = 64 * 1024;

/// Splits the arguments of the call (or dict, tuple) whose opening bracket is at `open`:
/// (keyword, value text, value span) per top-level piece, strings and nesting respected.
#[allow(clippy::type_complexity)]
fn split_call(text: &str, open: usize) -> Option<(Vec<(Option<String>, String, Span)>, usize)> {
    let bytes = text.as_bytes();
    let closer = match bytes.get(open)? {
        b'(' => b')',
        b'{' => b'}',
        b'[' => b']',
        _ => return None,
    };
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut i = open + 1;
    let limit = (open + MAX_CALL).min(bytes.len());
    let push = |from: usize, to: usize, pieces: &mut Vec<(Option<String>, String, Span)>| {
        let blanked = blank_comments(&text[from..to]);
        let raw = blanked.as_str();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return;
        }
        let lead = raw.len() - raw.trim_start().len();
        let from = from + lead;
        let (keyword, value, value_from) = match keyword_of(trimmed) {
            Some((name, value_offset)) => (
                Some(name),
                trimmed[value_offset..].trim().to_string(),
                from + value_offset
                    + (trimmed[value_offset..].len() - trimmed[value_offset..].trim_start().len()),
            ),
            None => (None, trimmed.to_string(), from),
        };
        let span = Span::new(value_from, value_from + value.len());
        pieces.push((keyword, value, span));
    };
    while i < limit {
        let c = bytes[i];
        match c {
            b'\'' | b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'#' => {
                while i < limit && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 0 {
                    if c != closer {
                        return None;
                    }
                    push(start, i, &mut pieces);
                    return Some((pieces, i));
                }
                depth -= 1;
            }
            b',' if depth == 0 => {
                push(start, i, &mut pieces);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The text with `#` comments replaced by spaces (same length, so offsets still hold).
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut comment = false;
    for c in text.chars() {
        if comment {
            if c == '\n' {
                comment = false;
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
            continue;
        }
        match (quote, c) {
            (None, '#') => {
                comment = true;
                out.push(' ');
                continue;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// `name=value` (not `==`): the name and the offset of the value.
fn keyword_of(piece: &str) -> Option<(String, usize)> {
    let name_len = piece
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(piece.len());
    if name_len == 0 || piece.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let rest = &piece[name_len..];
    let after = rest.trim_start();
    if after.starts_with('=') && !after.starts_with("==") {
        let offset = name_len + (rest.len() - after.len()) + 1;
        return Some((piece[..name_len].to_string(), offset));
    }
    None
}

/// Index just past the string literal starting at `at` (single, double, triple quotes).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    let mut i = if triple { at + 3 } else { at + 1 };
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if !triple {
                return i + 1;
            }
            if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                return i + 3;
            }
        }
        if bytes[i] == b'\n' && !triple {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Module-level constants of the file (`BACKUP_DAYS = 30`), looked up by name.
struct Constants<'a> {
    text: &'a str,
}

static ENV_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:os\.)?(?:environ\.get|getenv|environ\[)\s*\(?\s*['"]([A-Za-z0-9_.]+)['"]\s*(?:,\s*(.+?))?\s*[\)\]]$"#)
        .expect("constant regex")
});

impl Constants<'_> {
    fn constant(&self, name: &str) -> Option<String> {
        let pattern = format!("{name} =");
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            if line.starts_with(&pattern) || line.starts_with(&format!("{name}=")) {
                let value = line[line.find('=')? + 1..].trim();
                let _ = start;
                return Some(value.trim_end_matches(['\r', '\n']).to_string());
            }
        }
        None
    }

    fn eval(&self, expression: &str, depth: usize) -> PyVal {
        let e = expression.trim();
        if depth > 8 {
            return PyVal::Opaque(e.to_string());
        }
        if e == "None" {
            return PyVal::None;
        }
        if let Ok(n) = e.replace('_', "").parse::<i64>() {
            return PyVal::Int(n);
        }
        if let Some(s) = string_literal(e) {
            return PyVal::Str(s);
        }
        if let Some(inner) = e.strip_prefix("int(").and_then(|r| r.strip_suffix(')')) {
            return match self.eval(inner, depth + 1) {
                PyVal::Str(s) => s.trim().parse().map_or(PyVal::Opaque(e.to_string()), PyVal::Int),
                PyVal::External { names, default } => PyVal::External {
                    names,
                    default: default.map(|d| match *d {
                        PyVal::Str(s) => Box::new(s.trim().parse().map_or(PyVal::Str(s), PyVal::Int)),
                        other => Box::new(other),
                    }),
                },
                other => other,
            };
        }
        if let Some(found) = ENV_CALL.captures(e) {
            let name = found.get(1).map_or("", |m| m.as_str()).to_string();
            let default = found.get(2).map(|d| Box::new(self.eval(d.as_str(), depth + 1)));
            return PyVal::External {
                names: vec![name],
                default,
            };
        }
        // Products and sums of integers (`100 * 1024 * 1024`, `1024 ** 2`).
        for (operator, apply) in [
            (
                "+",
                (|a: i64, b: i64| a.checked_add(b)) as fn(i64, i64) -> Option<i64>,
            ),
            ("*", |a, b| a.checked_mul(b)),
        ] {
            if e.contains(operator) && !e.contains('(') {
                let parts: Vec<&str> = if operator == "*" && e.contains("**") {
                    let (base, exp) = e.split_once("**").unwrap_or((e, "1"));
                    if let (PyVal::Int(b), PyVal::Int(x)) =
                        (self.eval(base, depth + 1), self.eval(exp, depth + 1))
                    {
                        return u32::try_from(x)
                            .ok()
                            .and_then(|x| b.checked_pow(x))
                            .map_or(PyVal::Opaque(e.to_string()), PyVal::Int);
                    }
                    return PyVal::Opaque(e.to_string());
                } else {
                    e.split(operator).collect()
                };
                let mut total: Option<i64> = None;
                for part in parts {
                    match self.eval(part, depth + 1) {
                        PyVal::Int(n) => {
                            total = Some(total.map_or(Some(n), |t| apply(t, n)).unwrap_or(i64::MAX))
                        }
                        other @ PyVal::External { .. } => return other,
                        _ => return PyVal::Opaque(e.to_string()),
                    }
                }
                return total.map_or(PyVal::Opaque(e.to_string()), PyVal::Int);
            }
        }
        if e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !e.is_empty() {
            return match self.constant(e) {
                Some(value) => self.eval(&value, depth + 1),
                None => PyVal::External {
                    names: vec![e.to_string()],
                    default: None,
                },
            };
        }
        if e.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            // settings.LOG_BACKUP_COUNT, config.log_days: configuration outside the file.
            return PyVal::External {
                names: vec![e.to_string()],
                default: None,
            };
        }
        PyVal::Opaque(e.to_string())
    }
}

fn string_literal(text: &str) -> Option<String> {
    let t = text.trim_start_matches(['r', 'u', 'b', 'R', 'U', 'B', 'f', 'F']);
    let quote = t.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = t.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then(|| inner.to_string())
}

fn describe(arg: Option<&Arg>) -> String {
    arg.map_or_else(String::new, |a| a.text.clone())
}

/// The retention a handler's arguments give.
fn judge(handler: Handler, args: &Args, name: String, declared: Span) -> Draft {
    let mut settings = Vec::new();
    for key in ["filename", "when", "interval", "backupCount", "maxBytes"] {
        if let Some(arg) = args.get(key) {
            settings.push((key.to_string(), arg.text.clone(), arg.span));
        }
    }
    let mut aliases = Vec::new();
    if let Some(PyVal::Str(file)) = args.get("filename").map(|a| &a.value) {
        aliases.push(file.rsplit(['/', '\\']).next().unwrap_or(file).to_string());
    }
    let count_arg = args.get("backupCount");
    let decisive = count_arg.map_or(declared, |a| a.span);
    let external = |arg: &Arg, what: &str| -> (Measure, Text, Vec<String>) {
        let PyVal::External { names, default } = &arg.value else {
            return (
                Measure::Unknown,
                Text::new(
                    format!("{what} {} is not evaluated", arg.text),
                    format!("{what} {} 无法静态求值", arg.text),
                ),
                Vec::new(),
            );
        };
        let joined = names.join(", ");
        let default = match default.as_deref() {
            Some(PyVal::Int(n)) => (format!(" ({n} when unset)"), format!("（未设置时为 {n}）")),
            Some(PyVal::Str(s)) => (format!(" ({s} when unset)"), format!("（未设置时为 {s}）")),
            _ => (String::new(), String::new()),
        };
        (
            Measure::unknown_time(),
            Text::new(
                format!(
                    "{what} {}: the value comes from {joined} (environment or settings outside the file){}",
                    arg.text, default.0
                ),
                format!(
                    "{what} {}：取值来自 {joined}（环境变量或文件以外的配置）{}",
                    arg.text, default.1
                ),
            ),
            names.clone(),
        )
    };
    let count = match count_arg.map(|a| &a.value) {
        None => Some(0),
        Some(PyVal::Int(n)) => Some(*n),
        _ => None,
    };
    let (measure, text, variables) = match handler {
        Handler::Timed => {
            let when = match args.get("when").map(|a| &a.value) {
                None => Some("H".to_string()),
                Some(PyVal::Str(w)) => Some(w.to_ascii_uppercase()),
                _ => None,
            };
            let interval = match args.get("interval").map(|a| &a.value) {
                None => Some(1),
                Some(PyVal::Int(n)) => Some((*n).max(1) as u64),
                _ => None,
            };
            let period = when.as_deref().and_then(|w| match w {
                "S" => interval,
                "M" => interval.map(|i| i * MINUTE),
                "H" => interval.map(|i| i * HOUR),
                "D" => interval.map(|i| i * DAY),
                "MIDNIGHT" => Some(DAY),
                w if w.starts_with('W') && w.len() == 2 => Some(WEEK),
                _ => None,
            });
            match (period, count) {
                (_, None) => count_arg.map_or((Measure::Unknown, Text::default(), Vec::new()), |a| {
                    external(a, "backupCount")
                }),
                (None, _) => {
                    let arg = args.get("when").or(args.get("interval"));
                    match arg {
                        Some(arg) if matches!(arg.value, PyVal::External { .. }) => {
                            external(arg, "when/interval")
                        }
                        _ => (
                            Measure::Unknown,
                            Text::new(
                                format!(
                                    "when={} interval={} is not a rollover period Python accepts",
                                    describe(args.get("when")),
                                    describe(args.get("interval"))
                                ),
                                format!(
                                    "`when={}` `interval={}` 不是 Python 支持的滚动周期",
                                    describe(args.get("when")),
                                    describe(args.get("interval"))
                                ),
                            ),
                            Vec::new(),
                        ),
                    }
                }
                (Some(_), Some(0)) => (
                    Measure::Unbounded,
                    Text::new(
                        "TimedRotatingFileHandler with backupCount 0: old files are never deleted",
                        "TimedRotatingFileHandler 的 backupCount 为 0：旧文件不会被删除",
                    ),
                    Vec::new(),
                ),
                (Some(period), Some(n)) => {
                    let seconds = (n.max(0) as u64).saturating_mul(period);
                    let (en, zh) = duration::days_text(seconds);
                    let words = period_text(period);
                    let when_text = when.clone().unwrap_or_default().to_ascii_lowercase();
                    (
                        Measure::exact(seconds),
                        Text::new(
                            format!("when={when_text}: {} rollover x backupCount {n} = {en}", words.en),
                            format!("`when={when_text}`：{}滚动 × `backupCount {n}` = {zh}", words.zh),
                        ),
                        Vec::new(),
                    )
                }
            }
        }
        Handler::Sized => {
            let bytes = match args.get("maxBytes").map(|a| &a.value) {
                None => Some(0),
                Some(PyVal::Int(n)) => Some(*n),
                _ => None,
            };
            match (bytes, count) {
                (Some(0), _) => (
                    Measure::Unbounded,
                    Text::new(
                        "RotatingFileHandler with maxBytes 0: never rotates, nothing is deleted",
                        "RotatingFileHandler 的 maxBytes 为 0：不轮转，不删除",
                    ),
                    Vec::new(),
                ),
                (bytes, count) => {
                    let size = bytes.map(|b| b.max(0) as u64);
                    let files = count.map(|c| c.max(0) as u64);
                    let mut variables = Vec::new();
                    for arg in [args.get("maxBytes"), count_arg].into_iter().flatten() {
                        if let PyVal::External { names, .. } = &arg.value {
                            variables.extend(names.iter().cloned());
                        }
                    }
                    (
                        Measure::Capacity {
                            capacity: Capacity {
                                files,
                                file_size: size,
                                total: None,
                            },
                            by: BoundedBy::Count,
                        },
                        Text::new(
                            format!(
                                "RotatingFileHandler keeps backupCount {} files x maxBytes {}: bounded by count and size, no period",
                                files.map_or_else(|| describe(count_arg), |f| f.to_string()),
                                size.map_or_else(|| describe(args.get("maxBytes")), duration::size_text)
                            ),
                            format!(
                                "RotatingFileHandler 保留 backupCount {} 个文件 × maxBytes {}：按份数和大小限制，没有时间周期",
                                files.map_or_else(|| describe(count_arg), |f| f.to_string()),
                                size.map_or_else(|| describe(args.get("maxBytes")), duration::size_text)
                            ),
                        ),
                        variables,
                    )
                }
            }
        }
    };
    let mut draft = Draft::new(name, declared, measure, text);
    draft.decisive = if handler == Handler::Sized && count_arg.is_none() {
        declared
    } else {
        decisive
    };
    draft.settings = settings;
    draft.aliases = aliases;
    draft.variables = variables;
    draft
}

/// `dictConfig` in YAML or JSON: a mapping with `version` and `handlers`.
pub(super) fn extract_dict_config(input: &FileInput, part: &mut Portfolio) {
    if !input.file.text.contains("RotatingFileHandler") {
        return;
    }
    let Some(tree) = input.structured() else {
        return;
    };
    let mut sink = Sink::new(&input.file, LogKind::Python);
    for root in tree.roots() {
        let Some(handlers) = tree.get(*root, "handlers") else {
            continue;
        };
        if tree.get(*root, "version").is_none() {
            continue;
        }
        let loggers = loggers_of(tree, *root);
        for entry in tree.entries(handlers) {
            let class = tree
                .get_str(entry.value, "class")
                .or_else(|| tree.get_str(entry.value, "()"))
                .unwrap_or("");
            let Some(handler) = Handler::of(class) else {
                continue;
            };
            let mut args = Args::default();
            for field in tree.entries(entry.value) {
                let id = field.value;
                let text = tree.scalar_text(id).unwrap_or("").to_string();
                let value = match &tree.node(id).value {
                    Value::Number(n) => n.parse().map_or(PyVal::Opaque(n.to_string()), PyVal::Int),
                    Value::Str(s) => {
                        let substituted = vars::substitute(s, Syntax::Shell, &|_| None);
                        if substituted.is_known() {
                            s.trim().parse().map_or(PyVal::Str(s.to_string()), PyVal::Int)
                        } else {
                            PyVal::External {
                                names: substituted.external,
                                default: None,
                            }
                        }
                    }
                    Value::Null => PyVal::None,
                    _ => PyVal::Opaque(text.clone()),
                };
                args.0.push((
                    field.key.to_string(),
                    Arg {
                        value,
                        text,
                        span: tree.span(id),
                    },
                ));
            }
            let mut draft = judge(handler, &args, entry.key.to_string(), entry.key_span);
            draft.aliases.extend(
                loggers
                    .iter()
                    .filter(|(_, handlers)| handlers.iter().any(|h| h == &*entry.key))
                    .map(|(logger, _)| logger.clone()),
            );
            sink.push(draft);
        }
    }
    part.logs.extend(sink.logs);
}

/// Loggers of a dictConfig and the handlers each uses.
fn loggers_of(tree: &Tree, root: u32) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(loggers) = tree.get(root, "loggers") {
        for entry in tree.entries(loggers) {
            let handlers = tree
                .get(entry.value, "handlers")
                .map(|h| {
                    tree.items(h)
                        .iter()
                        .filter_map(|i| tree.str(*i).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            out.push((entry.key.to_string(), handlers));
        }
    }
    out
}

/// `fileConfig` INI: `[handler_NAME]` sections with `class=` and `args=(...)`/`kwargs={...}`.
pub(super) fn extract_file_config(input: &FileInput, part: &mut Portfolio) {
    let text = &input.file.text;
    if !text.contains("[handler_") || !text.contains("RotatingFileHandler") {
        return;
    }
    let props = parse_ini(text);
    let mut sink = Sink::new(&input.file, LogKind::Python);
    let constants = Constants { text: "" };
    let mut sections: Vec<&str> = props
        .iter()
        .map(|p| p.section.as_str())
        .filter(|s| s.starts_with("handler_"))
        .collect();
    sections.dedup();
    for section in sections {
        let get = |key: &str| props.iter().find(|p| p.section == section && p.key == key);
        let Some(class) = get("class") else {
            continue;
        };
        let Some(handler) = Handler::of(&class.value) else {
            continue;
        };
        let mut args = Args::default();
        for (key, keyword) in [("args", false), ("kwargs", true)] {
            let Some(prop) = get(key) else {
                continue;
            };
            // Offsets into the file are exact only for single-line values.
            let single = !prop.value.contains('\n');
            let value = prop.value.clone();
            let Some((pieces, _)) = split_call(&value, 0) else {
                continue;
            };
            let mut position = 0;
            for (_, piece, span) in pieces {
                let at = |s: Span| {
                    if single {
                        Span::new(
                            prop.value_span.start as usize + s.start as usize,
                            prop.value_span.start as usize + s.end as usize,
                        )
                    } else {
                        prop.value_span
                    }
                };
                if keyword {
                    if let Some((name, value)) = split_pair(&piece) {
                        let offset = piece.len() - value.len();
                        let value_span = Span::new(span.start as usize + offset, span.end as usize);
                        args.0.push((
                            name,
                            Arg {
                                value: constants.eval(&value, 0),
                                text: value,
                                span: at(value_span),
                            },
                        ));
                    }
                } else if let Some(name) = handler.parameters().get(position) {
                    position += 1;
                    args.0.push((
                        (*name).to_string(),
                        Arg {
                            value: constants.eval(&piece, 0),
                            text: piece,
                            span: at(span),
                        },
                    ));
                }
            }
        }
        let name = section.trim_start_matches("handler_").to_string();
        let mut draft = judge(handler, &args, name.clone(), class.key_span);
        // Loggers using the handler: `[logger_x]` `handlers=a,b` with `qualname=`.
        for logger in props
            .iter()
            .filter(|p| p.section.starts_with("logger_") && p.key == "handlers")
        {
            if logger.value.split(',').any(|h| h.trim() == name) {
                let qualname = props
                    .iter()
                    .find(|p| p.section == logger.section && p.key == "qualname")
                    .map_or_else(
                        || logger.section.trim_start_matches("logger_").to_string(),
                        |p| p.value.clone(),
                    );
                draft.aliases.push(qualname);
            }
        }
        sink.push(draft);
    }
    part.logs.extend(sink.logs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split_with_strings_and_nesting() {
        let text =
            "h = TimedRotatingFileHandler(os.path.join(LOG_DIR, 'a,b.log'), when='midnight', backupCount=30)";
        let open = text.find('(').unwrap_or(0);
        let (pieces, _) = split_call(text, open).unwrap_or_else(|| panic!("split"));
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[1].0.as_deref(), Some("when"));
        assert_eq!(pieces[2].1, "30");
        assert_eq!(&text[pieces[2].2.start as usize..pieces[2].2.end as usize], "30");
    }

    #[test]
    fn values_are_evaluated_without_running_code() {
        let constants = Constants {
            text: "BACKUP_DAYS = 180\nSIZE=10 * 1024\n",
        };
        assert_eq!(constants.eval("BACKUP_DAYS", 0), PyVal::Int(180));
        assert_eq!(
            constants.eval("100 * 1024 * 1024", 0),
            PyVal::Int(100 * 1024 * 1024)
        );
        assert_eq!(constants.eval("1024 ** 2", 0), PyVal::Int(1024 * 1024));
        assert_eq!(constants.eval("'midnight'", 0), PyVal::Str("midnight".into()));
        assert_eq!(
            constants.eval("int(os.environ.get('LOG_BACKUPS', '30'))", 0),
            PyVal::External {
                names: vec!["LOG_BACKUPS".into()],
                default: Some(Box::new(PyVal::Int(30)))
            }
        );
        assert!(matches!(
            constants.eval("os.getenv(\"DAYS\")", 0),
            PyVal::External { .. }
        ));
        assert!(matches!(
            constants.eval("settings.LOG_DAYS", 0),
            PyVal::External { .. }
        ));
    }
}
