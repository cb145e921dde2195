//! Variable substitution as each configuration language does it: `${NAME}` and
//! `${NAME:-default}` (logback, Loki with `-config.expand-env`, shells), `${prefix:NAME}`
//! lookups of log4j2 (`${sys:X}`, `${env:X:-d}`; `$${...}` is left for run time), and Spring's
//! `${name:default}`. A name the file does not define comes from outside (environment, system
//! properties, Spring configuration): the value is then unknown, and the name is recorded so
//! that the finding can say which variable decides.

/// Which syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `${NAME}`, `${NAME:-default}`.
    Shell,
    /// log4j2: `${NAME}`, `${prefix:NAME}`, `:-` defaults, `$$` escapes.
    Log4j2,
    /// Spring: `${name}`, `${name:default}`.
    Spring,
}

/// A substituted text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Substituted {
    /// The text with known values and defaults filled in.
    pub text: String,
    /// Names whose value the file does not give (in order of appearance, no repeats).
    pub external: Vec<String>,
    /// Whether a default was filled in for an external name.
    pub defaulted: bool,
}

impl Substituted {
    pub fn is_known(&self) -> bool {
        self.external.is_empty()
    }
}

/// How deep values may refer to other values (`${A}` whose value holds `${B}` ...).
const MAX_DEPTH: usize = 12;
/// Bound on the size of a substituted text, against exponential self-reference.
const MAX_LEN: usize = 64 * 1024;

/// Substitutes `${...}` in `text`; `lookup` gives the values the file defines.
pub fn substitute(text: &str, syntax: Syntax, lookup: &dyn Fn(&str) -> Option<String>) -> Substituted {
    let mut out = Substituted::default();
    out.text = expand(text, syntax, lookup, 0, &mut out.external, &mut out.defaulted);
    out
}

fn expand(
    text: &str,
    syntax: Syntax,
    lookup: &dyn Fn(&str) -> Option<String>,
    depth: usize,
    external: &mut Vec<String>,
    defaulted: &mut bool,
) -> String {
    if depth > MAX_DEPTH || !text.contains("${") {
        return text.to_string();
    }
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        if result.len() > MAX_LEN {
            break;
        }
        // log4j2: `$${...}` is a lookup left for run time, written as `${...}`.
        if syntax == Syntax::Log4j2 && at > 0 && rest.as_bytes()[at - 1] == b'$' {
            result.push_str(&rest[..at - 1]);
            let end = closing(&rest[at..]).map_or(rest.len(), |e| at + e + 1);
            result.push_str(&rest[at..end]);
            rest = &rest[end..];
            continue;
        }
        result.push_str(&rest[..at]);
        let Some(close) = closing(&rest[at..]) else {
            result.push_str(&rest[at..]);
            rest = "";
            break;
        };
        let inner = &rest[at + 2..at + close];
        rest = &rest[at + close + 1..];
        let (name, default) = split_default(inner, syntax);
        let value = match lookup(name) {
            Some(value) => Some(expand(&value, syntax, lookup, depth + 1, external, defaulted)),
            None => {
                let shown = display_name(name, syntax);
                if !external.contains(&shown) {
                    external.push(shown);
                }
                default.map(|d| {
                    *defaulted = true;
                    expand(d, syntax, lookup, depth + 1, external, defaulted)
                })
            }
        };
        match value {
            Some(value) => result.push_str(&value),
            None => {
                result.push_str("${");
                result.push_str(inner);
                result.push('}');
            }
        }
    }
    result.push_str(rest);
    result
}

/// Index of the `}` closing the `${` at the start of `text`, nesting counted.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            depth += 1;
            i += 2;
            continue;
        }
        if bytes[i] == b'}' {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// Splits `NAME:-default` (or Spring's `name:default`) at the top-level separator.
fn split_default(inner: &str, syntax: Syntax) -> (&str, Option<&str>) {
    let separator = match syntax {
        Syntax::Spring => ":",
        Syntax::Shell | Syntax::Log4j2 => ":-",
    };
    let mut depth = 0usize;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            // Bytes, not `inner[i..]`: `i` may be inside a multi-byte char (the separator is
            // ASCII, so where it matches `i` is a char boundary).
            _ if depth == 0 && bytes[i..].starts_with(separator.as_bytes()) => {
                return (inner[..i].trim(), Some(&inner[i + separator.len()..]));
            }
            _ => {}
        }
        i += 1;
    }
    (inner.trim(), None)
}

/// How a name is shown: log4j2's `env:X` and `sys:X` as the variable `X`.
fn display_name(name: &str, syntax: Syntax) -> String {
    if syntax == Syntax::Log4j2 {
        for prefix in ["env:", "sys:"] {
            if let Some(rest) = name.strip_prefix(prefix) {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

/// For log4j2: the name a `${...}` refers to among the file's properties (`${NAME}` only;
/// prefixed lookups such as `${env:X}` never are the file's properties).
pub fn log4j2_local(name: &str) -> Option<&str> {
    (!name.contains(':')).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(name: &str) -> Option<String> {
        match name {
            "LOG_HOME" => Some("/data/logs/${APP}".into()),
            "APP" => Some("pay".into()),
            "SELF" => Some("${SELF}${SELF}".into()),
            _ => None,
        }
    }

    #[test]
    fn known_values_nest_and_external_names_are_recorded() {
        let s = substitute("${LOG_HOME}/app.log", Syntax::Shell, &props);
        assert_eq!(s.text, "/data/logs/pay/app.log");
        assert!(s.is_known());
        let s = substitute("${LOG_MAX_HISTORY}", Syntax::Shell, &props);
        assert_eq!(s.external, ["LOG_MAX_HISTORY"]);
        assert_eq!(s.text, "${LOG_MAX_HISTORY}");
        let s = substitute("${MAX:-30}", Syntax::Shell, &props);
        assert_eq!((s.text.as_str(), s.defaulted), ("30", true));
        assert_eq!(s.external, ["MAX"]);
    }

    #[test]
    fn log4j2_lookups_and_escapes() {
        let s = substitute("${env:LOG_AGE:-60d}", Syntax::Log4j2, &|_| None);
        assert_eq!(s.text, "60d");
        assert_eq!(s.external, ["LOG_AGE"]);
        let s = substitute("logs/$${date:yyyy-MM}/app.log", Syntax::Log4j2, &|_| None);
        assert_eq!(s.text, "logs/${date:yyyy-MM}/app.log");
        assert!(s.is_known());
    }

    #[test]
    fn spring_defaults_and_self_reference_terminate() {
        let s = substitute("${LOG_DAYS:7}", Syntax::Spring, &|_| None);
        assert_eq!(s.text, "7");
        let s = substitute("${SELF}", Syntax::Shell, &props);
        assert!(s.text.len() <= MAX_LEN * 4);
    }
}
