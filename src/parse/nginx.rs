//! nginx configuration: directives (`name args... ;`) and blocks (`name args... { ... }`), with
//! byte spans, as nginx's own `ngx_conf_read_token` reads them: words, single- and
//! double-quoted strings with backslash escapes, `#` comments, and `${var}` inside words.
//!
//! Hand-written because no crate fits: `nginx-config` (unmaintained since 2019) rejects
//! directives it does not model; `nginx-lint-parser` is a young linter's parser whose recursive
//! descent has no depth bound (a stack overflow on hostile nesting aborts the process, which no
//! `catch_unwind` can turn into a finding); nom-based `misc-conf` is a 0.1 side project. The
//! grammar is a page long; this reader is iterative, bounds nesting, and never panics.

use crate::source::Span;

/// One directive; `block` holds the indexes of its children when it opens a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub args: Vec<String>,
    /// Spans of the arguments, in order.
    pub arg_spans: Vec<Span>,
    /// From the name to the terminating `;` or `{`.
    pub span: Span,
    pub block: Option<Vec<usize>>,
}

/// A parsed file: every directive in an arena, and the top-level ones.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub directives: Vec<Directive>,
    pub top: Vec<usize>,
}

impl Config {
    pub fn get(&self, index: usize) -> Option<&Directive> {
        self.directives.get(index)
    }

    /// Children of a block directive (empty for a simple directive).
    pub fn children(&self, index: usize) -> &[usize] {
        self.directives
            .get(index)
            .and_then(|d| d.block.as_deref())
            .unwrap_or(&[])
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NginxError {
    pub message: String,
    pub offset: usize,
}

const MAX_DEPTH: usize = 256;

enum Token {
    Word(String, Span),
    Semicolon(usize),
    Open(usize),
    Close(usize),
}

struct Lexer<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Lexer<'_> {
    fn next(&mut self) -> Result<Option<Token>, NginxError> {
        let bytes = self.bytes;
        loop {
            while self.at < bytes.len() && bytes[self.at].is_ascii_whitespace() {
                self.at += 1;
            }
            if self.at >= bytes.len() {
                return Ok(None);
            }
            if bytes[self.at] == b'#' {
                self.at = memchr::memchr(b'\n', &bytes[self.at..]).map_or(bytes.len(), |n| self.at + n);
                continue;
            }
            break;
        }
        let start = self.at;
        match bytes[start] {
            b';' => {
                self.at += 1;
                Ok(Some(Token::Semicolon(start)))
            }
            b'{' => {
                self.at += 1;
                Ok(Some(Token::Open(start)))
            }
            b'}' => {
                self.at += 1;
                Ok(Some(Token::Close(start)))
            }
            quote @ (b'"' | b'\'') => {
                let mut value = Vec::new();
                let mut i = start + 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if i + 1 < bytes.len() => {
                            let next = bytes[i + 1];
                            // nginx unescapes only the quote, backslash and t/r/n.
                            match next {
                                b'"' | b'\'' | b'\\' => value.push(next),
                                b't' => value.push(b'\t'),
                                b'r' => value.push(b'\r'),
                                b'n' => value.push(b'\n'),
                                other => {
                                    value.push(b'\\');
                                    value.push(other);
                                }
                            }
                            i += 2;
                        }
                        b if b == quote => {
                            self.at = i + 1;
                            let word = String::from_utf8_lossy(&value).into_owned();
                            return Ok(Some(Token::Word(word, Span::new(start, i + 1))));
                        }
                        b => {
                            value.push(b);
                            i += 1;
                        }
                    }
                }
                Err(NginxError {
                    message: "unterminated quoted string".into(),
                    offset: start,
                })
            }
            _ => {
                let mut i = start;
                let mut in_var = false;
                while i < bytes.len() {
                    let b = bytes[i];
                    if in_var {
                        if b == b'}' {
                            in_var = false;
                        }
                        i += 1;
                        continue;
                    }
                    if b == b'{' && i > start && bytes[i - 1] == b'$' {
                        in_var = true;
                        i += 1;
                        continue;
                    }
                    if b.is_ascii_whitespace() || matches!(b, b';' | b'{' | b'}') {
                        break;
                    }
                    i += 1;
                }
                self.at = i;
                let word = self.text.get(start..i).unwrap_or("").to_string();
                Ok(Some(Token::Word(word, Span::new(start, i))))
            }
        }
    }
}

/// Reads a whole file. Errors carry the byte offset of the problem.
pub fn parse(text: &str) -> Result<Config, NginxError> {
    let mut lexer = Lexer {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    let mut config = Config::default();
    // Open blocks: the directive index of each, innermost last.
    let mut stack: Vec<usize> = Vec::new();
    let mut words: Vec<(String, Span)> = Vec::new();
    while let Some(token) = lexer.next()? {
        match token {
            Token::Word(word, span) => words.push((word, span)),
            Token::Semicolon(at) | Token::Open(at) => {
                let opens = matches!(token, Token::Open(_));
                if words.is_empty() {
                    if opens {
                        return Err(NginxError {
                            message: "block without a directive name".into(),
                            offset: at,
                        });
                    }
                    continue;
                }
                let mut drained = std::mem::take(&mut words).into_iter();
                let Some((name, name_span)) = drained.next() else {
                    continue;
                };
                let (args, arg_spans): (Vec<String>, Vec<Span>) = drained.unzip();
                let index = config.directives.len();
                config.directives.push(Directive {
                    name,
                    args,
                    arg_spans,
                    span: Span::new(name_span.start as usize, at + 1),
                    block: opens.then(Vec::new),
                });
                match stack.last() {
                    Some(&parent) => {
                        if let Some(children) = config.directives[parent].block.as_mut() {
                            children.push(index);
                        }
                    }
                    None => config.top.push(index),
                }
                if opens {
                    if stack.len() >= MAX_DEPTH {
                        return Err(NginxError {
                            message: format!("blocks nested deeper than {MAX_DEPTH} levels"),
                            offset: at,
                        });
                    }
                    stack.push(index);
                }
            }
            Token::Close(at) => {
                if !words.is_empty() {
                    return Err(NginxError {
                        message: "directive not terminated by `;` before `}`".into(),
                        offset: words[0].1.start as usize,
                    });
                }
                if stack.pop().is_none() {
                    return Err(NginxError {
                        message: "unexpected `}`".into(),
                        offset: at,
                    });
                }
            }
        }
    }
    if let Some((_, span)) = words.first() {
        return Err(NginxError {
            message: "directive not terminated by `;` at the end of the file".into(),
            offset: span.start as usize,
        });
    }
    if let Some(&open) = stack.last() {
        return Err(NginxError {
            message: "block not closed by `}` at the end of the file".into(),
            offset: config.directives[open].span.start as usize,
        });
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_quotes_comments_and_variables() {
        let text = "http {\n  log_format main '$remote_addr \"$request\"'; # note\n  server {\n    location ~* ^/a{1,2}$ { }\n    location = /x { return 410; }\n    set $v \"${host}x\";\n  }\n}\n";
        // `{1,2}` unquoted ends the word at `{`, exactly as nginx reads it: that is an error.
        assert!(parse(text).is_err());
        let text = text.replace("^/a{1,2}$", "\"^/a{1,2}$\"");
        let config = parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
        let http = config.top[0];
        assert_eq!(config.directives[http].name, "http");
        let server = config.children(http)[1];
        let names: Vec<&str> = config
            .children(server)
            .iter()
            .map(|&i| config.directives[i].name.as_str())
            .collect();
        assert_eq!(names, ["location", "location", "set"]);
        let regex = &config.directives[config.children(server)[0]];
        assert_eq!(regex.args, ["~*", "^/a{1,2}$"]);
        let set = &config.directives[config.children(server)[2]];
        assert_eq!(set.args, ["$v", "${host}x"]);
        let log = &config.directives[config.children(http)[0]];
        assert_eq!(log.args[1], "$remote_addr \"$request\"");
    }

    #[test]
    fn errors_are_positions_not_panics() {
        assert!(parse("server { listen 80; ").is_err());
        assert!(parse("}").is_err());
        assert!(parse("a 'b").is_err());
        assert!(parse("listen 80").is_err());
        assert!(parse(&"a {".repeat(100_000)).is_err());
        assert!(parse("").is_ok_and(|c| c.top.is_empty()));
    }
}
