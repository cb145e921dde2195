//! Java `.properties` and INI-style (`[section]`, `key=value`) front ends with positions, for
//! Spring Boot, log4j2 properties configs, Python `fileConfig` files and `journald.conf`.
//! Both formats are line-based and small; no crate reads them with byte positions, which the
//! findings need, so they are read here.

use crate::source::Span;

/// One `key = value` entry.
#[derive(Debug, Clone)]
pub struct Prop {
    pub key: String,
    /// The value with escapes resolved and continuation lines joined.
    pub value: String,
    pub key_span: Span,
    pub value_span: Span,
    /// The INI section the entry belongs to (empty for `.properties`).
    pub section: String,
}

/// Physical lines with their start offsets, without terminators.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

/// A logical line being read: its copied text, its segments (see `parse_properties_within`)
/// and its length in bytes, copied or not.
type Logical = (String, Vec<(usize, usize)>, usize);

/// Reads a Java `.properties` text: `#`/`!` comments, `=`, `:` or whitespace separators,
/// backslash continuation lines and escapes (`\t`, `\n`, `\uXXXX`, `\\`).
pub fn parse_properties(text: &str) -> Vec<Prop> {
    parse_properties_within(text, usize::MAX)
}

/// `parse_properties` keeping only the entries whose logical line is at most `max` bytes: a
/// longer one is skipped without being copied, for readers that want short values only.
pub fn parse_properties_within(text: &str, max: usize) -> Vec<Prop> {
    let mut out = Vec::new();
    // (logical line, segments): each segment is (byte index in the logical line where a physical
    // line's part starts, file offset of that byte). Positions inside a segment map one to one,
    // so a 9 MiB line costs one segment, not eight bytes per char.
    let mut pending: Option<Logical> = None;
    for (start, line) in lines(text) {
        let (mut logical, mut segments, mut length) = match pending.take() {
            Some(state) => state,
            None => {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!') {
                    continue;
                }
                (String::new(), Vec::new(), 0)
            }
        };
        let content = if length == 0 { line } else { line.trim_start() };
        let content_offset = start + (line.len() - content.len());
        // An odd number of trailing backslashes continues the line.
        let trailing = content.bytes().rev().take_while(|b| *b == b'\\').count();
        let (body, continues) = if trailing % 2 == 1 {
            (&content[..content.len() - 1], true)
        } else {
            (content, false)
        };
        length = length.saturating_add(body.len());
        if length <= max {
            segments.push((logical.len(), content_offset));
            logical.push_str(body);
        } else {
            logical = String::new();
            segments = Vec::new();
        }
        if continues {
            pending = Some((logical, segments, length));
            continue;
        }
        if length <= max {
            if let Some(prop) = split_property(&logical, &segments) {
                out.push(prop);
            }
        }
    }
    if let Some((logical, segments, length)) = pending {
        if length <= max {
            if let Some(prop) = split_property(&logical, &segments) {
                out.push(prop);
            }
        }
    }
    out
}

/// Splits a logical line into key and value; `segments` map its byte indices to file offsets
/// (see `parse_properties`).
fn split_property(logical: &str, segments: &[(usize, usize)]) -> Option<Prop> {
    let at = |i: usize| {
        let index = segments.partition_point(|(from, _)| *from <= i).saturating_sub(1);
        segments
            .get(index)
            .map_or(i, |(from, offset)| offset + (i - from))
    };
    let next = |i: usize| logical.get(i..).and_then(|rest| rest.chars().next());
    let skip_space = |mut i: usize| {
        while let Some(c) = next(i).filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        }
        i
    };
    let mut i = skip_space(0);
    let key_start = i;
    let mut key = String::new();
    while let Some(c) = next(i) {
        if c == '\\' && i + 1 < logical.len() {
            let (resolved, used) = unescape(&logical[i + 1..]);
            key.push_str(&resolved);
            i += 1 + used;
            continue;
        }
        if c == '=' || c == ':' || c.is_whitespace() {
            break;
        }
        key.push(c);
        i += c.len_utf8();
    }
    let key_end = i;
    i = skip_space(i);
    if matches!(next(i), Some('=' | ':')) {
        i = skip_space(i + 1);
    }
    let value_start = i;
    // Sized once (escapes only shorten the text): grown a character at a time, a value of
    // several MiB would be copied at each doubling, the old and new buffers both resident.
    let mut value = String::with_capacity(logical.len().saturating_sub(value_start));
    while let Some(c) = next(i) {
        if c == '\\' && i + 1 < logical.len() {
            let (resolved, used) = unescape(&logical[i + 1..]);
            value.push_str(&resolved);
            i += 1 + used;
        } else {
            value.push(c);
            i += c.len_utf8();
        }
    }
    let value_end = logical.trim_end().len().max(value_start);
    if key.is_empty() {
        return None;
    }
    value.truncate(value.trim_end().len());
    Some(Prop {
        key,
        value,
        key_span: Span::new(at(key_start), at(key_end)),
        value_span: Span::new(at(value_start), at(value_end)),
        section: String::new(),
    })
}

/// Resolves one escape (the text after the backslash); returns the text and bytes used.
fn unescape(rest: &str) -> (String, usize) {
    match rest.chars().next() {
        Some('t') => ("\t".into(), 1),
        Some('n') => ("\n".into(), 1),
        Some('r') => ("\r".into(), 1),
        Some('f') => ("\u{c}".into(), 1),
        Some('u') => {
            let hex: String = rest[1..].chars().take(4).collect();
            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                Some(c) if hex.len() == 4 => (c.to_string(), 5),
                _ => ("u".into(), 1),
            }
        }
        Some(c) => (c.to_string(), c.len_utf8()),
        None => (String::new(), 0),
    }
}

/// Reads an INI text (Python `configparser`, systemd unit files): `[section]` headers,
/// `key = value` or `key: value`, `#`/`;` comments, and indented continuation lines.
pub fn parse_ini(text: &str) -> Vec<Prop> {
    let mut out: Vec<Prop> = Vec::new();
    let mut section = String::new();
    for (start, line) in lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent > 0 {
            // configparser: an indented line continues the previous value.
            if let Some(last) = out.last_mut() {
                if last.section == section {
                    last.value.push('\n');
                    last.value.push_str(trimmed);
                    last.value_span =
                        Span::new(last.value_span.start as usize, start + indent + trimmed.len());
                    continue;
                }
            }
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            if let Some(name) = rest.strip_suffix(']') {
                section = name.trim().to_string();
                continue;
            }
        }
        let Some(split) = trimmed.find(['=', ':']) else {
            continue;
        };
        let key = trimmed[..split].trim_end();
        let raw_value = &trimmed[split + 1..];
        let value = raw_value.trim();
        let key_start = start + indent;
        let value_start = key_start + split + 1 + (raw_value.len() - raw_value.trim_start().len());
        out.push(Prop {
            key: key.to_string(),
            value: value.to_string(),
            key_span: Span::new(key_start, key_start + key.len()),
            value_span: Span::new(value_start, value_start + value.len()),
            section: section.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_with_separators_continuations_and_escapes() {
        let text = "# comment\n! also\nlogging.file.name = /data/logs/app.log\nkey:value\nspaced value\nlong = one \\\n    two\nuni=\\u4EA4\\u6613\n";
        let props = parse_properties(text);
        let get = |k: &str| props.iter().find(|p| p.key == k).map(|p| p.value.clone());
        assert_eq!(get("logging.file.name").as_deref(), Some("/data/logs/app.log"));
        assert_eq!(get("key").as_deref(), Some("value"));
        assert_eq!(get("spaced").as_deref(), Some("value"));
        assert_eq!(get("long").as_deref(), Some("one two"));
        assert_eq!(get("uni").as_deref(), Some("交易"));
        let first = &props[0];
        assert_eq!(
            &text[first.value_span.start as usize..first.value_span.end as usize],
            "/data/logs/app.log"
        );
        assert_eq!(
            &text[first.key_span.start as usize..first.key_span.end as usize],
            "logging.file.name"
        );
    }

    #[test]
    fn entries_over_the_bound_are_skipped_with_their_continuations() {
        let text = "a=1\nlong=0123456789\\\n  more\nb=2\nwide=0123456789abcdef\nc = x\\\n  y\n";
        let keys = |max| {
            parse_properties_within(text, max)
                .into_iter()
                .map(|p| format!("{}={}", p.key, p.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(12), ["a=1", "b=2", "c=xy"]);
        assert_eq!(keys(usize::MAX).len(), 5);
        let c = &parse_properties_within(text, 12)[2];
        assert_eq!(
            &text[c.value_span.start as usize..c.value_span.start as usize + 1],
            "x"
        );
    }

    #[test]
    fn ini_sections_and_continuations() {
        let text = "[Journal]\nMaxRetentionSec=6month\n; note\n[handler_file]\nclass = handlers.TimedRotatingFileHandler\nargs = ('/var/log/a.log',\n    'midnight', 1, 30)\n";
        let props = parse_ini(text);
        assert_eq!(props[0].section, "Journal");
        assert_eq!(props[0].value, "6month");
        assert_eq!(
            &text[props[0].value_span.start as usize..props[0].value_span.end as usize],
            "6month"
        );
        let args = props
            .iter()
            .find(|p| p.key == "args")
            .unwrap_or_else(|| panic!("args"));
        assert_eq!(args.section, "handler_file");
        assert!(args.value.contains("'midnight', 1, 30)"));
    }
}
