//! The edit engine: insertions and replacements at byte positions taken from the parse tree's
//! spans, so everything `fix` does not mean to change (comments, key order, indentation,
//! quoting, line endings, the byte-order mark) stays byte for byte. A document is never
//! re-serialised.
//!
//! New keys go before the first key of the mapping, in its style: a YAML block mapping gets a
//! line at the first key's column, a YAML flow mapping `key: value, `, a JSON object
//! `"key": "value",` followed by the whitespace that precedes the first key (pretty-printed or
//! minified alike). After the edits the text is parsed again and compared with the original
//! tree ([`verify`]): a file whose edited form does not read back as the original plus the new
//! keys is left alone.

use crate::parse::{self, Limits, NodeId, Tree, Value};
use std::collections::{HashMap, HashSet};

/// How a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// Replaces `start..end` with `text` (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// How a file's bytes became text (UTF-8 with or without a byte-order mark, UTF-16 with one,
/// GB18030/GBK), so the edited text goes back the same way.
pub use crate::source::Encoding;

/// Decodes a file for editing, in the encoding the audit reads it in (`scan.encoding` when it
/// names one); None when no encoding could be determined: such a file is never rewritten.
pub fn decode(bytes: &[u8], hint: crate::source::encoding::Hint) -> Option<(String, Encoding)> {
    match crate::source::encoding::decode(bytes, hint) {
        crate::source::encoding::Decoded::Text(text, encoding) => Some((text, encoding)),
        crate::source::encoding::Decoded::Undecodable { .. } => None,
    }
}

/// The bytes of an edited text in the file's original encoding; None when a character the edit
/// brought has no form in it.
pub fn encode(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    encoding.encode(text)
}

/// Parses a document as `fix` edits it: JSON when it reads as JSON, else YAML.
pub fn parse(text: &str) -> Result<(Tree, Syntax), parse::ParseError> {
    if parse::looks_like_json(text) {
        if let Ok(tree) = parse::json::parse(text, Limits::default()) {
            return Ok((tree, Syntax::Json));
        }
    }
    parse::yaml::parse(text, Limits::default()).map(|tree| (tree, Syntax::Yaml))
}

/// The file's line ending: CRLF when its first line ends so.
pub fn newline(text: &str) -> &'static str {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(at) if at > 0 && text.as_bytes()[at - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// A scalar as it is written in this syntax: JSON strings always quoted; YAML plain when the
/// text cannot be read as anything but the same string (by YAML 1.1 readers too), else
/// double-quoted.
pub fn scalar(syntax: Syntax, value: &str) -> String {
    let plain = syntax == Syntax::Yaml
        && value.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        value.to_string()
    } else {
        // JSON strings are valid YAML double-quoted scalars.
        serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
    }
}

/// The entries written in a mapping itself (YAML merge keys add entries whose keys lie
/// elsewhere), in document order.
fn own_keys(tree: &Tree, map: NodeId) -> Vec<(usize, usize, NodeId)> {
    let span = tree.span(map);
    let mut keys: Vec<(usize, usize, NodeId)> = tree
        .entries(map)
        .iter()
        .filter(|entry| entry.key_span.start >= span.start && entry.key_span.end <= span.end)
        .map(|entry| {
            (
                entry.key_span.start as usize,
                entry.key_span.end as usize,
                entry.value,
            )
        })
        .collect();
    keys.sort_unstable();
    keys
}

/// Whether a JSON document writes its first key and value without a space between.
fn json_is_minified(text: &str, tree: &Tree) -> bool {
    let root = tree.root();
    tree.entries(root).first().is_some_and(|entry| {
        let value = tree.span(entry.value).start as usize;
        text.get(entry.key_span.end as usize..value) == Some(":")
    })
}

/// Whether the collection starting at `at` is written in flow style (`{`), past any anchor or
/// tag.
fn opens_flow(text: &str, mut at: usize) -> bool {
    let bytes = text.as_bytes();
    loop {
        match bytes.get(at) {
            Some(b'{') => return true,
            Some(b'&' | b'!') => {
                while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
                    at += 1;
                }
                while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                    at += 1;
                }
            }
            _ => return false,
        }
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Inserts `entries` (key, value) at the start of mapping `map`.
pub fn insert_entries(
    text: &str,
    tree: &Tree,
    syntax: Syntax,
    map: NodeId,
    entries: &[(String, String)],
) -> Result<Edit, String> {
    if !tree.is_map(map) {
        return Err("not a mapping".into());
    }
    let span = tree.span(map);
    let keys = own_keys(tree, map);
    let nl = newline(text);
    let key_text = |key: &str| match syntax {
        Syntax::Json => scalar(Syntax::Json, key),
        Syntax::Yaml => scalar(Syntax::Yaml, key),
    };
    let Some(&(first, first_end, first_value)) = keys.first() else {
        // An empty mapping: `{}` in either syntax (a block mapping always has a key).
        let open = text
            .get(span.start as usize..span.end as usize)
            .and_then(|inner| inner.find('{'))
            .map(|i| span.start as usize + i + 1)
            .ok_or("an empty mapping that is not `{}`")?;
        // Minified JSON stays minified: the document's first `:` says which it is.
        let (colon, comma) = match syntax {
            Syntax::Json if json_is_minified(text, tree) => (":", ","),
            _ => (": ", ", "),
        };
        let body: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}{colon}{}", key_text(k), scalar(syntax, v)))
            .collect();
        return Ok(Edit {
            start: open,
            end: open,
            text: body.join(comma),
        });
    };
    let before = text[..first].trim_end_matches([' ', '\t', '\r', '\n']);
    let flow = opens_flow(text, span.start as usize);
    let mut out = String::new();
    match syntax {
        Syntax::Json => {
            // The whitespace between `{` and the first key, and between a key and its value.
            let gap = &text[before.len().min(first)..first];
            let value_start = tree.span(first_value).start as usize;
            let colon = text
                .get(first_end..value_start)
                .filter(|s| s.trim() == ":")
                .unwrap_or(": ");
            let after = match gap.rfind('\n') {
                Some(i) => format!("{nl}{}", &gap[i + 1..]),
                None => gap.to_string(),
            };
            for (k, v) in entries {
                out.push_str(&format!("{}{colon}{},{after}", key_text(k), scalar(syntax, v)));
            }
        }
        Syntax::Yaml if flow => {
            for (k, v) in entries {
                out.push_str(&format!("{}: {}, ", key_text(k), scalar(syntax, v)));
            }
        }
        Syntax::Yaml => {
            // The new line starts at the first key's column: what precedes the key on its line
            // (indentation, or `- ` of a sequence item) becomes blanks.
            let start = line_start(text, first);
            let pad: String = text[start..first]
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            for (k, v) in entries {
                out.push_str(&format!("{}: {}{nl}{pad}", key_text(k), scalar(syntax, v)));
            }
        }
    }
    Ok(Edit {
        start: first,
        end: first,
        text: out,
    })
}

/// Replaces a scalar's text, keeping its quoting style where it has one.
pub fn replace_scalar(
    text: &str,
    tree: &Tree,
    syntax: Syntax,
    node: NodeId,
    value: &str,
) -> Result<Edit, String> {
    let span = tree.span(node);
    let (start, end) = (span.start as usize, span.end as usize);
    let old = text.get(start..end).ok_or("no text for the value")?;
    if !matches!(tree.node(node).value, Value::Str(_) | Value::Number(_)) || old.is_empty() {
        return Err("the value is not a scalar with text".into());
    }
    let new = if syntax == Syntax::Yaml && old.starts_with('\'') {
        format!("'{}'", value.replace('\'', "''"))
    } else if syntax == Syntax::Yaml && !old.starts_with('"') {
        scalar(Syntax::Yaml, value)
    } else {
        scalar(Syntax::Json, value)
    };
    Ok(Edit {
        start,
        end,
        text: new,
    })
}

/// Applies edits (insertions at one position keep their order).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.start, edit.end));
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for edit in sorted {
        if edit.start < at {
            continue;
        }
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    out
}

/// What an edited document must read back as: the original, plus these keys with these values
/// in the mappings given (by their node in the original tree).
#[derive(Debug, Default)]
pub struct Expected {
    /// (mapping in the original, key, value)
    pub entries: Vec<(NodeId, String, String)>,
}

/// Checks that `new` reads as `old` apart from the expected keys: every other key, value and
/// item the same, in the same order. Returns what differs.
pub fn verify(old: &Tree, new: &Tree, expected: &Expected) -> Result<(), String> {
    let keys: HashSet<&str> = expected.entries.iter().map(|(_, k, _)| k.as_str()).collect();
    let found = compare(old, new, &keys, expected, false)?;
    if found < expected.entries.len() {
        return Err(format!(
            "{} of {} edits did not read back",
            expected.entries.len() - found,
            expected.entries.len()
        ));
    }
    Ok(())
}

/// Checks that `new` reads as `old` with only entries of these keys added, wherever they are;
/// returns how many were added. (What a reader of the edited files can check without the plan.)
pub fn verify_added(old: &Tree, new: &Tree, keys: &[&str]) -> Result<usize, String> {
    let keys: HashSet<&str> = keys.iter().copied().collect();
    compare(old, new, &keys, &Expected::default(), true)
}

fn compare(
    old: &Tree,
    new: &Tree,
    keys: &HashSet<&str>,
    expected: &Expected,
    any_added: bool,
) -> Result<usize, String> {
    let wanted: HashMap<(NodeId, &str), &str> = expected
        .entries
        .iter()
        .map(|(map, k, v)| ((*map, k.as_str()), v.as_str()))
        .collect();
    if old.roots().len() != new.roots().len() {
        return Err("the number of documents changed".into());
    }
    let mut seen: HashSet<(NodeId, NodeId)> = HashSet::new();
    let mut stack: Vec<(NodeId, NodeId)> = old
        .roots()
        .iter()
        .copied()
        .zip(new.roots().iter().copied())
        .collect();
    let mut found = 0usize;
    while let Some((a, b)) = stack.pop() {
        if !seen.insert((a, b)) {
            continue;
        }
        match (&old.node(a).value, &new.node(b).value) {
            (Value::Map(old_entries), Value::Map(new_entries)) => {
                let mut new_iter = new_entries.iter().peekable();
                for entry in old_entries.iter() {
                    // Skip the keys this edit adds to this mapping.
                    while let Some(next) = new_iter.peek() {
                        if next.key != entry.key && keys.contains(&*next.key) {
                            let added = new_iter.next().map(|e| (e.key.clone(), e.value));
                            if let Some((key, value)) = added {
                                check_added(new, a, &key, value, &wanted, any_added, &mut found)?;
                            }
                        } else {
                            break;
                        }
                    }
                    let Some(next) = new_iter.next() else {
                        return Err(format!("key `{}` is missing after the edit", entry.key));
                    };
                    if next.key != entry.key {
                        return Err(format!("key `{}` became `{}`", entry.key, next.key));
                    }
                    match wanted.get(&(a, &*entry.key)) {
                        // A replaced value.
                        Some(value) if new.scalar_text(next.value) == Some(value) => found += 1,
                        _ => stack.push((entry.value, next.value)),
                    }
                }
                for rest in new_iter {
                    if !keys.contains(&*rest.key) {
                        return Err(format!("unexpected key `{}` after the edit", rest.key));
                    }
                    check_added(new, a, &rest.key, rest.value, &wanted, any_added, &mut found)?;
                }
            }
            (Value::Seq(x), Value::Seq(y)) => {
                if x.len() != y.len() {
                    return Err("a sequence changed length".into());
                }
                stack.extend(x.iter().copied().zip(y.iter().copied()));
            }
            (x, y) => {
                if !same_scalar(x, y) {
                    return Err(format!("a value changed ({x:?} -> {y:?})"));
                }
            }
        }
    }
    Ok(found)
}

fn check_added(
    new: &Tree,
    map: NodeId,
    key: &str,
    value: NodeId,
    wanted: &HashMap<(NodeId, &str), &str>,
    any_added: bool,
    found: &mut usize,
) -> Result<(), String> {
    match wanted.get(&(map, key)) {
        _ if any_added && new.scalar_text(value).is_some() => {
            *found += 1;
            Ok(())
        }
        Some(expected) if new.scalar_text(value) == Some(expected) => {
            *found += 1;
            Ok(())
        }
        _ => Err(format!("key `{key}` appeared where no edit put it")),
    }
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) | (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    }
}
