//! JSON front end: `jiter`'s pull parser (fast, and exposing the byte index at every step)
//! drives the shared arena builder with an explicit stack, so deeply nested input cannot
//! overflow the thread's stack.

use super::{Builder, Limits, ParseError, Tree, Value};
use crate::source::Span;
use jiter::{Jiter, JiterError, Peek};

enum Container {
    Array,
    Object,
}

fn error(err: JiterError) -> ParseError {
    ParseError::new(err.error_type.to_string(), err.index)
}

/// The span of the key just read: jiter stands after the colon; walk back over it and the
/// whitespace to the closing quote, and find the opening quote from where the key began.
fn key_span(bytes: &[u8], search_from: usize, after_colon: usize) -> Span {
    let start = bytes[search_from.min(bytes.len())..after_colon.min(bytes.len())]
        .iter()
        .position(|&b| b == b'"')
        .map_or(search_from, |offset| search_from + offset);
    let mut end = after_colon.saturating_sub(1); // the colon
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(start, end.max(start))
}

pub fn parse(text: &str, limits: Limits) -> Result<Tree, ParseError> {
    super::guarded(text.len(), || parse_tokens(text, limits))
}

fn parse_tokens(text: &str, limits: Limits) -> Result<Tree, ParseError> {
    let bytes = text.as_bytes();
    let mut jiter = Jiter::new(bytes);
    let mut builder = Builder::new(limits);
    let mut containers: Vec<Container> = Vec::new();
    let mut peek = jiter.peek().map_err(error)?;
    loop {
        let start = jiter.current_index();
        let mut completed = true;
        match peek {
            Peek::Object => {
                builder.open_map(start as u32, None)?;
                containers.push(Container::Object);
                let key = jiter.known_object().map_err(error)?.map(|key| builder.text(key));
                match key {
                    Some(key) => {
                        builder.set_key(&key, key_span(bytes, start, jiter.current_index()));
                        peek = jiter.peek().map_err(error)?;
                        completed = false;
                    }
                    None => {
                        containers.pop();
                        builder.close(jiter.current_index() as u32)?;
                    }
                }
            }
            Peek::Array => {
                builder.open_seq(start as u32, None)?;
                containers.push(Container::Array);
                match jiter.known_array().map_err(error)? {
                    Some(next) => {
                        peek = next;
                        completed = false;
                    }
                    None => {
                        containers.pop();
                        builder.close(jiter.current_index() as u32)?;
                    }
                }
            }
            Peek::String => {
                let value = builder.text(jiter.known_str().map_err(error)?);
                builder.scalar(Span::new(start, jiter.current_index()), Value::Str(value))?;
            }
            Peek::Null => {
                jiter.known_null().map_err(error)?;
                builder.scalar(Span::new(start, jiter.current_index()), Value::Null)?;
            }
            Peek::True | Peek::False => {
                let value = jiter.known_bool(peek).map_err(error)?;
                builder.scalar(Span::new(start, jiter.current_index()), Value::Bool(value))?;
            }
            _ => {
                let number = jiter.known_number_bytes(peek).map_err(error)?;
                let number = builder.text(&String::from_utf8_lossy(number));
                builder.scalar(Span::new(start, jiter.current_index()), Value::Number(number))?;
            }
        }
        if !completed {
            continue;
        }
        // A value is complete: step the enclosing containers until one has a next value.
        loop {
            match containers.last() {
                None => {
                    jiter.finish().map_err(error)?;
                    return builder.finish(text.len());
                }
                Some(Container::Array) => match jiter.array_step().map_err(error)? {
                    Some(next) => {
                        peek = next;
                        break;
                    }
                    None => {
                        containers.pop();
                        builder.close(jiter.current_index() as u32)?;
                    }
                },
                Some(Container::Object) => {
                    let search_from = jiter.current_index();
                    let key = jiter.next_key().map_err(error)?.map(|key| builder.text(key));
                    match key {
                        Some(key) => {
                            builder.set_key(&key, key_span(bytes, search_from, jiter.current_index()));
                            peek = jiter.peek().map_err(error)?;
                            break;
                        }
                        None => {
                            containers.pop();
                            builder.close(jiter.current_index() as u32)?;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Tree {
        parse(text, Limits::default()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn spans_and_values() {
        let text = "{\n  \"openapi\": \"3.1.0\",\n  \"paths\" : {\"/a\": {\"get\": {}}},\n  \"n\": 1.5, \"b\": false, \"e\": [], \"z\": null\n}";
        let tree = parse_ok(text);
        let root = tree.root();
        assert_eq!(tree.get_str(root, "openapi"), Some("3.1.0"));
        let span = tree.entry(root, "paths").map(|e| e.key_span).unwrap_or_default();
        assert_eq!(&text[span.start as usize..span.end as usize], "\"paths\"");
        let value = tree.span(tree.get(root, "openapi").unwrap_or(0));
        assert_eq!(&text[value.start as usize..value.end as usize], "\"3.1.0\"");
        let paths = tree.span(tree.get(root, "paths").unwrap_or(0));
        assert_eq!(
            &text[paths.start as usize..paths.end as usize],
            "{\"/a\": {\"get\": {}}}"
        );
        assert_eq!(tree.get(root, "n").and_then(|n| tree.number(n)), Some(1.5));
        assert_eq!(tree.get(root, "b").and_then(|n| tree.bool(n)), Some(false));
        assert_eq!(tree.span(root).end as usize, text.len());
    }

    #[test]
    fn errors_have_offsets() {
        let text = "{\"a\": 1,\n \"b\": }";
        let error = parse(text, Limits::default()).err();
        assert_eq!(error.map(|e| e.offset), Some(15));
        assert!(parse("{\"a\": [1, 2}", Limits::default()).is_err());
        assert!(parse("{\"a\": 1", Limits::default()).is_err());
        assert!(parse("{\"a\": 1} x", Limits::default()).is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let error = parse(&text, Limits::default()).err();
        assert!(error.is_some_and(|e| e.message.contains("nesting")));
    }
}
