//! YAML front end: libyaml's event stream (through the safe port) into the arena tree.
//! Scalars are typed by the YAML 1.2 core schema, as YAML-reading tools commonly do.

use super::{Builder, Limits, ParseError, Tree, Value};
use crate::source::Span;
use libyaml_safer::{EventData, Parser, ScalarStyle};
use std::collections::HashMap;

pub fn parse(text: &str, limits: Limits) -> Result<Tree, ParseError> {
    // libyaml-safer panics when some constructs (block scalars) meet the end of input without a
    // line break (found by fuzzing); a final newline changes no offset and avoids it. Any other
    // panic inside the parser is turned into a parse error.
    if !text.ends_with('\n') {
        let mut terminated = String::with_capacity(text.len() + 1);
        terminated.push_str(text);
        terminated.push('\n');
        return match super::guarded(text.len(), || parse_events(&terminated, limits)) {
            Ok(mut tree) => {
                tree.clamp_spans(text.len());
                Ok(tree)
            }
            Err(mut error) => {
                error.offset = error.offset.min(text.len() as u32);
                Err(error)
            }
        };
    }
    super::guarded(text.len(), || parse_events(text, limits))
}

fn parse_events(text: &str, limits: Limits) -> Result<Tree, ParseError> {
    let mut input = text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut builder = Builder::new(limits);
    let mut anchors: HashMap<String, u32> = HashMap::new();
    loop {
        let event = parser.parse().map_err(|error| {
            let offset = error.problem_mark().map_or(text.len(), |mark| {
                usize::try_from(mark.index).unwrap_or(text.len())
            });
            let mut message = error.problem().to_string();
            if let Some(context) = error.context() {
                message = format!("{message} ({context})");
            }
            ParseError::new(message, offset.min(text.len()))
        })?;
        let start = to_u32(event.start_mark.index);
        let end = to_u32(event.end_mark.index);
        match event.data {
            EventData::StreamEnd => break,
            EventData::StreamStart { .. }
            | EventData::DocumentStart { .. }
            | EventData::DocumentEnd { .. } => {}
            EventData::Alias { anchor } => {
                let Some(&id) = anchors.get(&anchor) else {
                    return Err(ParseError::new(
                        format!("unknown anchor `*{anchor}`"),
                        start as usize,
                    ));
                };
                if builder.expects_key() {
                    let key = builder
                        .scalar_text(id)
                        .unwrap_or_else(|| "<complex key>".to_string());
                    builder.set_key(&key, Span { start, end });
                } else {
                    builder.alias(id, start)?;
                }
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let span = Span { start, end };
                if builder.expects_key() {
                    if let Some(anchor) = anchor {
                        // An anchored key is rare; register it as a scalar node all the same.
                        let text = builder.text(&value);
                        let id = builder.scalar_detached(span, Value::Str(text));
                        anchors.insert(anchor, id);
                    }
                    builder.set_key(&value, span);
                    continue;
                }
                let typed = match type_scalar(&value, style, tag.as_deref()) {
                    Scalar::Null => Value::Null,
                    Scalar::Bool(flag) => Value::Bool(flag),
                    Scalar::Number => Value::Number(builder.text(&value)),
                    Scalar::Str => Value::Str(builder.text(&value)),
                };
                let id = builder.scalar(span, typed)?;
                if let Some(anchor) = anchor {
                    anchors.insert(anchor, id);
                }
            }
            EventData::SequenceStart { anchor, .. } => builder.open_seq(start, anchor)?,
            EventData::MappingStart { anchor, .. } => builder.open_map(start, anchor)?,
            EventData::SequenceEnd | EventData::MappingEnd => {
                let closed = builder.close(end)?;
                if let Some(anchor) = closed.anchor {
                    anchors.insert(anchor, closed.id);
                }
            }
        }
    }
    builder.finish(text.len())
}

fn to_u32(index: u64) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// What a scalar is, by the YAML 1.2 core schema.
enum Scalar {
    Null,
    Bool(bool),
    Number,
    Str,
}

/// Types a scalar the way the YAML 1.2 core schema does: quoted and block scalars are strings,
/// plain ones may be null, booleans or numbers.
fn type_scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Scalar {
    if let Some(tag) = tag {
        if tag.ends_with(":str") || tag == "!" {
            return Scalar::Str;
        }
    }
    if style != ScalarStyle::Plain {
        return Scalar::Str;
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        text if is_number(text) => Scalar::Number,
        _ => Scalar::Str,
    }
}

fn is_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let body = match bytes.first() {
        Some(b'-' | b'+') => &bytes[1..],
        _ => bytes,
    };
    if body.is_empty() {
        return false;
    }
    if body.starts_with(b"0x") || body.starts_with(b"0o") {
        return body.len() > 2 && body[2..].iter().all(u8::is_ascii_hexdigit);
    }
    if matches!(body, b".inf" | b".Inf" | b".INF" | b".nan" | b".NaN" | b".NAN") {
        return true;
    }
    let mut digits = 0;
    let mut seen_dot = false;
    let mut seen_exp = false;
    let mut index = 0;
    while index < body.len() {
        match body[index] {
            b'0'..=b'9' => digits += 1,
            b'.' if !seen_dot && !seen_exp => seen_dot = true,
            b'e' | b'E' if !seen_exp && digits > 0 => {
                seen_exp = true;
                if matches!(body.get(index + 1), Some(b'-' | b'+')) {
                    index += 1;
                }
                if body.get(index + 1).is_none() {
                    return false;
                }
            }
            _ => return false,
        }
        index += 1;
    }
    digits > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Tree {
        parse(text, Limits::default()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn spans_and_types() {
        let text = "openapi: 3.0.1\ninfo:\n  title: \"T\"\n  version: 1.0\nflag: true\nnone: ~\n";
        let tree = parse_ok(text);
        let root = tree.root();
        assert_eq!(tree.get_str(root, "openapi"), Some("3.0.1"));
        let info = tree.get(root, "info").unwrap_or(0);
        let title = tree.get(info, "title").unwrap_or(0);
        assert_eq!(
            &text[tree.span(title).start as usize..tree.span(title).end as usize],
            "\"T\""
        );
        assert_eq!(tree.get_str(info, "version"), Some("1.0"));
        assert_eq!(tree.get(root, "flag").and_then(|id| tree.bool(id)), Some(true));
        assert!(matches!(
            tree.node(tree.get(root, "none").unwrap_or(0)).value,
            Value::Null
        ));
    }

    #[test]
    fn aliases_share_nodes_and_merge_keys_apply() {
        let tree = parse_ok("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b\n");
        let root = tree.root();
        let use_node = tree.get(root, "use").unwrap_or(0);
        assert_eq!(tree.get_str(use_node, "x"), Some("1"));
        assert_eq!(tree.get_str(use_node, "y"), Some("3"));
        assert_eq!(tree.get(root, "ref"), tree.get(root, "base"));
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let prev = level - 1;
            text.push_str(&format!(
                "a{level}: &a{level} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let error = parse(&text, Limits::default()).err().map(|e| e.message);
        assert!(error.is_some_and(|m| m.contains("alias bomb")));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse(&text, Limits::default()).is_err());
        let nested_ok = "a:\n  b:\n    c: 1\n";
        assert!(parse(nested_ok, Limits::default()).is_ok());
    }

    #[test]
    fn syntax_error_has_position() {
        let text = "openapi: 3.0.1\ninfo:\n  title: x\n   version: 1\n";
        let error = parse(text, Limits::default()).err();
        assert!(error.is_some_and(|e| e.offset as usize > 20));
    }

    #[test]
    fn fuzz_regressions_do_not_panic() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/regressions/fuzz");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            // Either result is fine, as long as nothing panics and spans stay in the text.
            for result in [
                parse(&text, Limits::default()),
                super::super::parse_structured(&text, Limits::default()),
            ] {
                match result {
                    Ok(tree) => tree.walk(tree.root(), |id| {
                        assert!(tree.span(id).end as usize <= text.len())
                    }),
                    Err(error) => assert!(error.offset as usize <= text.len()),
                }
            }
        }
    }

    #[test]
    fn numbers() {
        for yes in ["1", "-1.5", "1e3", "0x1F", ".inf", "+2"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["1.2.3", "e3", "-", "v1", "1e", "0x"] {
            assert!(!is_number(no), "{no}");
        }
    }
}
