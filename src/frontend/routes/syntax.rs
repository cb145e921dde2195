//! Token-level helpers the route readers share: argument lists, values (strings, names,
//! concatenations, arrays, nested annotations) and positions.

use super::facts::{Annotation, Expr, Piece, Value};
use crate::parse::code::{Dialect, Kind, Part, Src};
use crate::source::SourceFile;

/// A token stream with its file, for positions.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub src: Src<'a>,
    pub file: &'a SourceFile,
    pub dialect: Dialect,
}

impl<'a> Reader<'a> {
    /// 1-based line and column of token `i`.
    pub fn pos(&self, i: usize) -> (u32, u32) {
        let at = self.file.pos(self.src.offset(i));
        (at.line, at.col)
    }

    pub fn line(&self, i: usize) -> u32 {
        self.pos(i).0
    }

    /// The comma-separated arguments of the group opening at `open`, as token ranges.
    pub fn args(&self, open: usize) -> Vec<(usize, usize)> {
        let Some(close) = self.src.partner(open) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut start = open + 1;
        let mut i = open + 1;
        while i < close {
            if self.src.is(i, ",") {
                if i > start {
                    out.push((start, i));
                }
                start = i + 1;
                i += 1;
                continue;
            }
            i = match self.src.partner(i) {
                Some(p) if p > i && p < close && is_open(self.src.text(i)) => p + 1,
                _ => i + 1,
            };
        }
        if close > start {
            out.push((start, close));
        }
        out
    }

    /// A keyword argument `name = value` / `name: value` / `name=value`: (name, value range).
    pub fn keyword(&self, (start, end): (usize, usize)) -> (Option<String>, (usize, usize)) {
        if end > start + 1
            && self.src.kind(start) == Some(Kind::Ident)
            && (self.src.is(start + 1, "=") && !self.src.is(start + 2, "="))
        {
            return (Some(self.src.text(start).to_string()), (start + 2, end));
        }
        (None, (start, end))
    }

    /// Reads a value: a string expression, a list, a nested annotation.
    pub fn value(&self, (start, end): (usize, usize)) -> Value {
        let src = &self.src;
        if start >= end {
            return Value::Other;
        }
        // JS object literals: `{ path: 'cats', version: '1' }`.
        if self.dialect == Dialect::Js && src.is(start, "{") && src.partner(start) == Some(end - 1) {
            let mut members = Vec::new();
            for (s, e) in self.args(start) {
                let key = src
                    .ident(s)
                    .map(str::to_string)
                    .or_else(|| src.string(s).and_then(|l| l.plain()));
                match key {
                    Some(key) if src.is(s + 1, ":") => members.push((key, self.value((s + 2, e)))),
                    Some(key) if e == s + 1 => {
                        members.push((key.clone(), Value::Expr(Expr(vec![reference(&key)]))))
                    }
                    _ => {}
                }
            }
            return Value::Object(members);
        }
        // Arrays: Java `{a, b}`, Kotlin/Python/JS `[a, b]`, Python tuples `(a, b)`, Kotlin
        // `arrayOf(a, b)`, `listOf(...)`.
        if (src.is(start, "{") || src.is(start, "[")) && src.partner(start) == Some(end - 1) {
            return Value::List(self.args(start).into_iter().map(|r| self.value(r)).collect());
        }
        if src.is(start, "(") && src.partner(start) == Some(end - 1) {
            let args = self.args(start);
            let tuple = self.dialect == Dialect::Python
                && (args.len() > 1
                    || (start + 1..end - 1).any(|i| src.is(i, ",") && self.depth_zero(start, i)));
            if tuple {
                return Value::List(args.into_iter().map(|r| self.value(r)).collect());
            }
        }
        if matches!(
            src.ident(start),
            Some("arrayOf" | "listOf" | "setOf" | "mutableListOf")
        ) && src.is(start + 1, "(")
            && src.partner(start + 1) == Some(end - 1)
        {
            return Value::List(self.args(start + 1).into_iter().map(|r| self.value(r)).collect());
        }
        if src.is(start, "@") {
            if let Some((annotation, _)) = self.annotation(start) {
                return Value::Annotation(Box::new(annotation));
            }
        }
        match self.expr((start, end)) {
            Some(expr) => Value::Expr(expr),
            None => Value::Other,
        }
    }

    fn depth_zero(&self, open: usize, at: usize) -> bool {
        self.args(open).iter().any(|(_, end)| *end == at)
    }

    /// A string expression: operands joined by `+`; an operand is a literal, a (dotted) name
    /// or a parenthesised expression. None when the range holds anything else (a call, an
    /// operator other than `+`).
    pub fn expr(&self, (start, end): (usize, usize)) -> Option<Expr> {
        let src = &self.src;
        let mut pieces = Vec::new();
        let mut i = start;
        let mut expect_operand = true;
        while i < end {
            if !expect_operand {
                if src.is(i, "+") {
                    expect_operand = true;
                    i += 1;
                    continue;
                }
                // Adjacent literals concatenate (Python, and C-style line continuation).
                if src.kind(i) == Some(Kind::Str) {
                    expect_operand = true;
                    continue;
                }
                return None;
            }
            match src.kind(i)? {
                Kind::Str => {
                    let literal = src.string(i)?;
                    if literal.parts.is_empty() {
                        pieces.push(Piece::Lit(String::new()));
                    }
                    for part in &literal.parts {
                        pieces.push(match part {
                            Part::Text(text) => Piece::Lit(text.clone()),
                            Part::Name(name) => reference(name),
                            Part::Expr => Piece::Unknown,
                        });
                    }
                    i += 1;
                }
                Kind::Ident => {
                    let mut name = src.text(i).to_string();
                    i += 1;
                    while src.is(i, ".") && src.kind(i + 1) == Some(Kind::Ident) && i + 1 < end {
                        name.push('.');
                        name.push_str(src.text(i + 1));
                        i += 2;
                    }
                    // `Foo::class`, calls and indexing are not constants.
                    if i < end && (src.is(i, "(") || src.is(i, "::") || src.is(i, "[")) {
                        return None;
                    }
                    // Kotlin `!!`, TypeScript `as const`: ignore.
                    pieces.push(reference(&name));
                }
                Kind::Punct if src.is(i, "(") => {
                    let close = src.partner(i)?;
                    if close >= end {
                        return None;
                    }
                    pieces.extend(self.expr((i + 1, close))?.0);
                    i = close + 1;
                }
                Kind::Num => {
                    pieces.push(Piece::Lit(src.text(i).to_string()));
                    i += 1;
                }
                _ => return None,
            }
            expect_operand = false;
        }
        (!pieces.is_empty()).then_some(Expr(pieces))
    }

    /// An annotation or decorator at `at` (the `@`): the annotation and the index after it.
    /// Kotlin use-site targets (`@field:Json`) name the annotation after the colon.
    pub fn annotation(&self, at: usize) -> Option<(Annotation, usize)> {
        let src = &self.src;
        if !src.is(at, "@") {
            return None;
        }
        let mut i = at + 1;
        let mut name = src.ident(i)?.to_string();
        i += 1;
        // A qualified name keeps its last part; so does a Kotlin use-site target (`field:`).
        while (src.is(i, ".") || (self.dialect == Dialect::Kotlin && src.is(i, ":")))
            && src.kind(i + 1) == Some(Kind::Ident)
        {
            name = src.text(i + 1).to_string();
            i += 2;
        }
        let (line, column) = self.pos(at);
        let mut annotation = Annotation {
            name,
            args: Vec::new(),
            line,
            column,
        };
        // Arguments follow at once (Kotlin: on the same line; Python decorators are calls).
        if src.is(i, "(") && !(self.dialect == Dialect::Kotlin && src.line_start(i)) {
            for range in self.args(i) {
                let (key, range) = self.keyword(range);
                annotation.args.push((key, self.value(range)));
            }
            i = src.after_group(i);
        }
        Some((annotation, i))
    }
}

fn is_open(text: &str) -> bool {
    matches!(text, "(" | "[" | "{")
}

/// `Paths.USERS` -> qualifier `Paths`, name `USERS`.
pub fn reference(dotted: &str) -> Piece {
    let dotted = dotted.trim_start_matches("this.").trim_start_matches("self.");
    match dotted.rsplit_once('.') {
        Some((qualifier, name)) => Piece::Ref {
            qualifier: Some(qualifier.to_string()),
            name: name.to_string(),
        },
        None => Piece::Ref {
            qualifier: None,
            name: dotted.to_string(),
        },
    }
}

/// The HTTP methods apiaudit reports (upper case).
pub const HTTP_METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
];

/// `get` / `GET` / `Get` -> `GET` when it names an HTTP method.
pub fn http_method(name: &str) -> Option<&'static str> {
    HTTP_METHODS
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(name))
}
