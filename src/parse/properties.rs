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

/// Reads a Java `.properties` text: `#`/`!` comments, `=`, `:` or whitespace separators,
/// backslash continuation lines and escapes (`\t`, `\n`, `\uXXXX`, `\\`).
pub fn parse_properties(text: &str) -> Vec<Prop> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, String, Vec<usize>)> = None; // (start, logical line, offsets)
    for (start, line) in lines(text) {
        let (logical_start, mut logical, mut offsets) = match pending.take() {
            Some((s, l, o)) => (s, l, o),
            None => {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!') {
                    continue;
                }
                (start, String::new(), Vec::new())
            }
        };
        let content = if logical.is_empty() {
            line
        } else {
            line.trim_start()
        };
        let content_offset = start + (line.len() - content.len());
        // An odd number of trailing backslashes continues the line.
        let trailing = content.bytes().rev().take_while(|b| *b == b'\\').count();
        let (body, continues) = if trailing % 2 == 1 {
            (&content[..content.len() - 1], true)
        } else {
            (content, false)
        };
        for (index, _) in body.char_indices() {
            offsets.push(content_offset + index);
        }
        logical.push_str(body);
        if continues {
            pending = Some((logical_start, logical, offsets));
            continue;
        }
        offsets.push(content_offset + body.len());
        if let Some(prop) = split_property(&logical, &offsets) {
            out.push(prop);
        }
    }
    if let Some((_, logical, mut offsets)) = pending {
        offsets.push(offsets.last().copied().unwrap_or(0));
        if let Some(prop) = split_property(&logical, &offsets) {
            out.push(prop);
        }
    }
    out
}

/// Splits a logical line into key and value. `offsets[i]` is the file offset of the i-th
/// char of `logical` (and one past the end).
fn split_property(logical: &str, offsets: &[usize]) -> Option<Prop> {
    let chars: Vec<char> = logical.chars().collect();
    let at = |i: usize| {
        offsets
            .get(i)
            .copied()
            .unwrap_or_else(|| offsets.last().copied().unwrap_or(0))
    };
    let mut i = 0;
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    let key_start = i;
    let mut key = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let (resolved, used) = unescape(&chars[i + 1..]);
            key.push_str(&resolved);
            i += 1 + used;
            continue;
        }
        if c == '=' || c == ':' || c.is_whitespace() {
            break;
        }
        key.push(c);
        i += 1;
    }
    let key_end = i;
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    if i < chars.len() && (chars[i] == '=' || chars[i] == ':') {
        i += 1;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
    }
    let value_start = i;
    let mut value = String::new();
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            let (resolved, used) = unescape(&chars[i + 1..]);
            value.push_str(&resolved);
            i += 1 + used;
        } else {
            value.push(chars[i]);
            i += 1;
        }
    }
    let mut value_end = chars.len();
    while value_end > value_start && chars[value_end - 1].is_whitespace() {
        value_end -= 1;
    }
    if key.is_empty() {
        return None;
    }
    Some(Prop {
        key,
        value: value.trim_end().to_string(),
        key_span: Span::new(at(key_start), at(key_end)),
        value_span: Span::new(at(value_start), at(value_end)),
        section: String::new(),
    })
}

/// Resolves one escape (the chars after the backslash); returns the text and chars used.
fn unescape(rest: &[char]) -> (String, usize) {
    match rest.first() {
        Some('t') => ("\t".into(), 1),
        Some('n') => ("\n".into(), 1),
        Some('r') => ("\r".into(), 1),
        Some('f') => ("\u{c}".into(), 1),
        Some('u') => {
            let hex: String = rest.iter().skip(1).take(4).collect();
            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                Some(c) if hex.len() == 4 => (c.to_string(), 5),
                _ => ("u".into(), 1),
            }
        }
        Some(c) => (c.to_string(), 1),
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
