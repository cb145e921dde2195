//! A tolerant tokenizer for the source languages whose HTTP routes apiaudit reads: Java, Kotlin,
//! JavaScript/TypeScript, Python and Go. It yields identifiers, string literals (decoded, with
//! their interpolations: Kotlin `$x`/`${x}`, JS template `${x}`, Python f-string `{x}`), numbers
//! and punctuation, each with its byte span; comments are dropped, so a commented-out mapping is
//! never seen. Brackets are paired once, so readers can jump over an argument list or a body.
//!
//! Hand-written rather than tree-sitter (docs/decisions/0008): the route readers need tokens and
//! bracket structure, not full syntax trees, and six tree-sitter grammars would add minutes of C
//! compilation to every CI build. The tokenizer never fails: an unterminated string or comment
//! ends at the end of the file and is reported in [`Lexed::unterminated`], unbalanced brackets in
//! [`Lexed::unbalanced`], so callers can count what they could not read.

/// The language of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    Java,
    Kotlin,
    /// JavaScript and TypeScript.
    Js,
    Python,
    Go,
}

impl Dialect {
    /// The dialect of a file, by its extension.
    pub fn of_path(path: &str) -> Option<Dialect> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name.rsplit_once('.')?.1;
        Some(match ext {
            "java" => Dialect::Java,
            "kt" | "kts" => Dialect::Kotlin,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => Dialect::Js,
            "py" => Dialect::Python,
            "go" => Dialect::Go,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Str,
    Num,
    Punct,
}

/// One token: its kind and byte span. For strings, `aux` indexes [`Lexed::strings`]; for an
/// opening or closing bracket, `aux` is the index of its partner (`u32::MAX` when unpaired).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// The first token of its line (Python blocks and decorators are read by line).
    pub line_start: bool,
    pub start: u32,
    pub end: u32,
    pub aux: u32,
}

pub const NONE: u32 = u32::MAX;

/// A piece of a string literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// An interpolated name or dotted name (`$BASE`, `${Paths.USERS}`, `{prefix}`).
    Name(String),
    /// Any other interpolated expression.
    Expr,
}

/// A decoded string literal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrLit {
    pub parts: Vec<Part>,
}

impl StrLit {
    /// The value of a literal without interpolations.
    pub fn plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }
}

/// A tokenized file.
#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub strings: Vec<StrLit>,
    /// Where a string or comment starts that the file never closes.
    pub unterminated: Option<u32>,
    /// Brackets without a partner.
    pub unbalanced: u32,
}

/// Bound on nested interpolations (`${ `${ ... }` }`): deeper ones are skipped as text.
const MAX_NESTING: usize = 16;

/// Tokenizes `text` in `dialect`.
pub fn lex(text: &str, dialect: Dialect) -> Lexed {
    let mut lexer = Lexer {
        bytes: text.as_bytes(),
        text,
        dialect,
        at: 0,
        out: Lexed {
            // About one token per eight bytes of real source.
            tokens: Vec::with_capacity(text.len() / 8),
            ..Lexed::default()
        },
        line_start: true,
    };
    lexer.run();
    let mut lexed = lexer.out;
    pair_brackets(&mut lexed, text);
    lexed
}

struct Lexer<'a> {
    bytes: &'a [u8],
    text: &'a str,
    dialect: Dialect,
    at: usize,
    out: Lexed,
    line_start: bool,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

impl Lexer<'_> {
    fn push(&mut self, kind: Kind, start: usize, end: usize, aux: u32) {
        self.out.tokens.push(Token {
            kind,
            line_start: self.line_start,
            start: start as u32,
            end: end as u32,
            aux,
        });
        self.line_start = false;
    }

    fn unterminated(&mut self, at: usize) {
        if self.out.unterminated.is_none() {
            self.out.unterminated = Some(at as u32);
        }
    }

    fn run(&mut self) {
        let bytes = self.bytes;
        let len = bytes.len();
        while self.at < len {
            let b = bytes[self.at];
            match b {
                b'\n' => {
                    self.line_start = true;
                    self.at += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0c => self.at += 1,
                b'/' if self.dialect != Dialect::Python && bytes.get(self.at + 1) == Some(&b'/') => {
                    self.at = memchr::memchr(b'\n', &bytes[self.at..]).map_or(len, |i| self.at + i);
                }
                b'/' if self.dialect != Dialect::Python && bytes.get(self.at + 1) == Some(&b'*') => {
                    self.block_comment();
                }
                b'#' if self.dialect == Dialect::Python => {
                    self.at = memchr::memchr(b'\n', &bytes[self.at..]).map_or(len, |i| self.at + i);
                }
                b'"' | b'\'' | b'`' => self.string(self.at, 0),
                b'/' if self.dialect == Dialect::Js && self.regex_allowed() => self.regex(),
                _ if b.is_ascii_digit() => {
                    let start = self.at;
                    self.at += 1;
                    while self.at < len
                        && (is_ident_byte(bytes[self.at])
                            || (bytes[self.at] == b'.'
                                && bytes.get(self.at + 1).is_some_and(u8::is_ascii_digit)))
                    {
                        self.at += 1;
                    }
                    self.push(Kind::Num, start, self.at, 0);
                }
                _ if is_ident_byte(b) => {
                    let start = self.at;
                    while self.at < len && is_ident_byte(bytes[self.at]) {
                        self.at += 1;
                    }
                    // Python string prefixes: r"..", f'..', rb"..", u'..'.
                    if self.dialect == Dialect::Python
                        && self.at - start <= 2
                        && matches!(bytes.get(self.at), Some(b'"' | b'\''))
                        && bytes[start..self.at]
                            .iter()
                            .all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'))
                    {
                        let prefix = &bytes[start..self.at];
                        let raw = prefix.iter().any(|c| c.eq_ignore_ascii_case(&b'r'));
                        let format = prefix.iter().any(|c| c.eq_ignore_ascii_case(&b'f'));
                        let flags = u8::from(raw) | (u8::from(format) << 1);
                        self.string(start, flags);
                    } else {
                        self.push(Kind::Ident, start, self.at, 0);
                    }
                }
                _ => {
                    let start = self.at;
                    // `::`, `->` and `=>` are read as one token; everything else byte by byte.
                    let two = bytes.get(self.at..self.at + 2);
                    let width = match two {
                        Some(b"::" | b"->" | b"=>") => 2,
                        _ => 1,
                    };
                    self.at += width;
                    self.push(Kind::Punct, start, self.at, NONE);
                }
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.at;
        let bytes = self.bytes;
        self.at += 2;
        // Kotlin block comments nest; Java, JS and Go ones do not.
        let nests = self.dialect == Dialect::Kotlin;
        let mut depth = 1usize;
        loop {
            let Some(offset) = memchr::memchr2(b'*', b'/', &bytes[self.at..]) else {
                self.at = bytes.len();
                self.unterminated(start);
                return;
            };
            let i = self.at + offset;
            if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                self.at = i + 2;
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else if nests && bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                depth += 1;
                self.at = i + 2;
            } else {
                self.at = i + 1;
            }
            if bytes[self.at - 1] == b'\n' {
                self.line_start = true;
            }
        }
    }

    /// Whether a `/` starts a regular expression literal (JS): after an operator, an opening
    /// bracket, a comma or a keyword, not after a value.
    fn regex_allowed(&self) -> bool {
        let Some(last) = self.out.tokens.last() else {
            return true;
        };
        match last.kind {
            Kind::Num | Kind::Str => false,
            Kind::Ident => matches!(
                &self.text[last.start as usize..last.end as usize],
                "return"
                    | "typeof"
                    | "case"
                    | "do"
                    | "else"
                    | "in"
                    | "of"
                    | "new"
                    | "delete"
                    | "void"
                    | "throw"
                    | "yield"
                    | "await"
            ),
            Kind::Punct => !matches!(self.bytes[last.start as usize], b')' | b']' | b'}'),
        }
    }

    fn regex(&mut self) {
        let start = self.at;
        let bytes = self.bytes;
        let mut i = self.at + 1;
        let mut class = false;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'\n' => break,
                b'[' => {
                    class = true;
                    i += 1;
                }
                b']' => {
                    class = false;
                    i += 1;
                }
                b'/' if !class => {
                    i += 1;
                    while i < bytes.len() && is_ident_byte(bytes[i]) {
                        i += 1;
                    }
                    self.at = i;
                    let index = self.out.strings.len() as u32;
                    self.out.strings.push(StrLit {
                        parts: vec![Part::Expr],
                    });
                    self.push(Kind::Str, start, i, index);
                    return;
                }
                _ => i += 1,
            }
        }
        // Not a regex after all (a division at the end of a line): one punctuation token.
        self.at = start + 1;
        self.push(Kind::Punct, start, start + 1, NONE);
    }

    /// A string literal at `self.at` (after a Python prefix starting at `start`). `flags`:
    /// bit 0 raw, bit 1 Python f-string.
    fn string(&mut self, start: usize, flags: u8) {
        let (lit, end) = read_string(self.text, self.at, self.dialect, flags, 0);
        if end.1 {
            self.unterminated(start);
        }
        self.at = end.0;
        let index = self.out.strings.len() as u32;
        self.out.strings.push(lit);
        self.push(Kind::Str, start, end.0, index);
    }
}

/// Reads a string literal whose opening quote is at `at`. Returns the literal and (end offset,
/// unterminated).
fn read_string(text: &str, at: usize, dialect: Dialect, flags: u8, depth: usize) -> (StrLit, (usize, bool)) {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let raw = flags & 1 != 0;
    let fstring = flags & 2 != 0;
    // Triple quotes: Python, Kotlin raw strings, Java text blocks.
    let triple = quote != b'`'
        && bytes.get(at + 1) == Some(&quote)
        && bytes.get(at + 2) == Some(&quote)
        && (dialect == Dialect::Python
            || (quote == b'"' && matches!(dialect, Dialect::Kotlin | Dialect::Java)));
    let mut i = at + if triple { 3 } else { 1 };
    let kotlin_raw = triple && dialect == Dialect::Kotlin;
    let go_raw = quote == b'`' && dialect == Dialect::Go;
    let template = quote == b'`' && dialect == Dialect::Js;
    let kotlin = dialect == Dialect::Kotlin && quote == b'"';
    // Character literals in Java, Kotlin and Go hold one character; anything longer is
    // malformed input, read up to the quote or the line's end.
    let multiline = triple || quote == b'`';
    let mut parts: Vec<Part> = Vec::new();
    let mut current = String::new();
    let push_text = |current: &mut String, parts: &mut Vec<Part>| {
        if !current.is_empty() {
            parts.push(Part::Text(std::mem::take(current)));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == quote {
            if triple {
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    // Kotlin raw strings may end in more quotes: `""""` closes with one in the text.
                    let mut end = i + 3;
                    while kotlin_raw && bytes.get(end) == Some(&quote) {
                        current.push('"');
                        end += 1;
                    }
                    push_text(&mut current, &mut parts);
                    return (StrLit { parts }, (end, false));
                }
            } else {
                push_text(&mut current, &mut parts);
                return (StrLit { parts }, (i + 1, false));
            }
            current.push(b as char);
            i += 1;
            continue;
        }
        if b == b'\n' && !multiline {
            push_text(&mut current, &mut parts);
            return (StrLit { parts }, (i, true));
        }
        if b == b'\\' && !raw && !go_raw && !kotlin_raw {
            let Some(&next) = bytes.get(i + 1) else {
                i += 1;
                continue;
            };
            match next {
                b'n' => current.push('\n'),
                b't' => current.push('\t'),
                b'r' => current.push('\r'),
                b'0' => current.push('\0'),
                b'\n' => {}
                _ if next < 0x80 => current.push(next as char),
                _ => {
                    // A backslash before a multi-byte character: keep the character.
                    i += 1;
                    continue;
                }
            }
            i += 2;
            continue;
        }
        // Interpolations.
        let dollar_brace = b == b'$' && bytes.get(i + 1) == Some(&b'{') && (template || kotlin || kotlin_raw);
        let kotlin_name = b == b'$'
            && (kotlin || kotlin_raw)
            && bytes
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
        let python_brace = fstring && b == b'{';
        if python_brace && bytes.get(i + 1) == Some(&b'{') {
            current.push('{');
            i += 2;
            continue;
        }
        if fstring && b == b'}' && bytes.get(i + 1) == Some(&b'}') {
            current.push('}');
            i += 2;
            continue;
        }
        if kotlin_name {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            push_text(&mut current, &mut parts);
            parts.push(Part::Name(text[start..end].to_string()));
            i = end;
            continue;
        }
        if dollar_brace || python_brace {
            let open = if dollar_brace { i + 1 } else { i };
            let (close, unterminated) = skip_braces(text, open, dialect, depth);
            push_text(&mut current, &mut parts);
            let inner = text
                .get(open + 1..close.saturating_sub(1).max(open + 1))
                .unwrap_or("");
            // Python f-string format specs and conversions (`{x!r:>10}`) follow the name.
            let inner = if fstring {
                inner.split(['!', ':']).next().unwrap_or("")
            } else {
                inner
            };
            let inner = inner.trim();
            if !inner.is_empty()
                && inner
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$')
            {
                parts.push(Part::Name(inner.to_string()));
            } else {
                parts.push(Part::Expr);
            }
            if unterminated {
                return (StrLit { parts }, (close, true));
            }
            i = close;
            continue;
        }
        // A run of ordinary text up to the next byte that may matter is copied at once.
        let run_end = bytes[i..]
            .iter()
            .position(|&c| c == quote || c == b'\\' || c == b'\n' || c == b'$' || c == b'{' || c == b'}')
            .map_or(bytes.len(), |p| i + p);
        if run_end > i + 1 {
            let mut end = run_end;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if end > i {
                current.push_str(&text[i..end]);
                i = end;
                continue;
            }
        }
        // Multi-byte characters are copied whole.
        let width = utf8_width(b);
        match text.get(i..i + width) {
            Some(piece) => current.push_str(piece),
            None => current.push(char::REPLACEMENT_CHARACTER),
        }
        i += width;
    }
    push_text(&mut current, &mut parts);
    (StrLit { parts }, (bytes.len(), true))
}

fn utf8_width(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Skips an interpolation `{ ... }` that opens at `open`, over nested braces and strings.
/// Returns (offset after the closing brace, unterminated).
fn skip_braces(text: &str, open: usize, dialect: Dialect, depth: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut level = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => level += 1,
            b'}' => {
                level -= 1;
                if level == 0 {
                    return (i + 1, false);
                }
            }
            b'"' | b'\'' | b'`' if depth < MAX_NESTING => {
                // Python f-strings of one quote kind cannot hold that quote before 3.12; a
                // nested literal of the other kind is read as a string.
                let (_, (end, unterminated)) = read_string(text, i, dialect, 0, depth + 1);
                if unterminated {
                    return (end, true);
                }
                i = end;
                continue;
            }
            b'\n' if dialect == Dialect::Python => return (i, true),
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), true)
}

/// Pairs `(`/`)`, `[`/`]` and `{`/`}`: each bracket's `aux` names its partner. A closing
/// bracket that skips up to two open ones (a missing `)` before `}`) closes its partner and
/// leaves those unpaired; one that matches nothing near closes nothing. Malformed input is
/// counted in `unbalanced`, never fatal.
fn pair_brackets(lexed: &mut Lexed, text: &str) {
    let bytes = text.as_bytes();
    let mut stack: Vec<(usize, u8)> = Vec::new();
    let mut unbalanced = 0u32;
    for index in 0..lexed.tokens.len() {
        let token = lexed.tokens[index];
        if token.kind != Kind::Punct || token.end - token.start != 1 {
            continue;
        }
        let b = bytes[token.start as usize];
        match b {
            b'(' | b'[' | b'{' => stack.push((index, b)),
            b')' | b']' | b'}' => {
                let want = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.iter().rposition(|(_, open)| *open == want) {
                    Some(position) if position + 1 == stack.len() => {
                        let (open, _) = stack.pop().unwrap_or((index, b));
                        lexed.tokens[open].aux = index as u32;
                        lexed.tokens[index].aux = open as u32;
                    }
                    // A closing bracket that skips open ones (a missing `)` before `}`): the
                    // skipped ones stay unpaired, this one closes its partner.
                    Some(position) if stack.len() - position <= 3 => {
                        unbalanced += (stack.len() - position - 1) as u32;
                        stack.truncate(position + 1);
                        let (open, _) = stack.pop().unwrap_or((index, b));
                        lexed.tokens[open].aux = index as u32;
                        lexed.tokens[index].aux = open as u32;
                    }
                    _ => unbalanced += 1,
                }
            }
            _ => {}
        }
    }
    unbalanced += stack.len() as u32;
    lexed.unbalanced = unbalanced;
}

/// A tokenized file with its text: what readers walk. Every accessor takes any index and
/// answers "no" past the end, so readers never need bounds checks of their own.
#[derive(Clone, Copy)]
pub struct Src<'a> {
    pub text: &'a str,
    pub lexed: &'a Lexed,
}

impl<'a> Src<'a> {
    pub fn new(text: &'a str, lexed: &'a Lexed) -> Self {
        Src { text, lexed }
    }

    pub fn len(&self) -> usize {
        self.lexed.tokens.len()
    }

    pub fn tok(&self, i: usize) -> Option<&'a Token> {
        self.lexed.tokens.get(i)
    }

    /// The token's text (empty past the end).
    pub fn text(&self, i: usize) -> &'a str {
        self.tok(i)
            .and_then(|t| self.text.get(t.start as usize..t.end as usize))
            .unwrap_or("")
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.tok(i).map(|t| t.kind)
    }

    /// The identifier at `i`, if it is one.
    pub fn ident(&self, i: usize) -> Option<&'a str> {
        (self.kind(i) == Some(Kind::Ident)).then(|| self.text(i))
    }

    pub fn is_ident(&self, i: usize, name: &str) -> bool {
        self.kind(i) == Some(Kind::Ident) && self.text(i) == name
    }

    /// Whether the token at `i` is the punctuation `p` (one byte, or `::`, `->`, `=>`).
    pub fn is(&self, i: usize, p: &str) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.text(i) == p
    }

    pub fn string(&self, i: usize) -> Option<&'a StrLit> {
        match self.tok(i) {
            Some(t) if t.kind == Kind::Str => self.lexed.strings.get(t.aux as usize),
            _ => None,
        }
    }

    /// The index of the bracket paired with the one at `i`.
    pub fn partner(&self, i: usize) -> Option<usize> {
        let t = self.tok(i)?;
        (t.kind == Kind::Punct && t.aux != NONE).then_some(t.aux as usize)
    }

    /// The index after the bracket group opening at `i` (or `i + 1` when it is unpaired).
    pub fn after_group(&self, i: usize) -> usize {
        self.partner(i).map_or(i + 1, |close| close.max(i) + 1)
    }

    pub fn line_start(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.line_start)
    }

    pub fn offset(&self, i: usize) -> u32 {
        self.tok(i).map_or(self.text.len() as u32, |t| t.start)
    }

    /// The column (0-based, in bytes) of the token: Python blocks are read by indentation.
    pub fn indent(&self, i: usize) -> usize {
        let start = self.offset(i) as usize;
        let line = self.text[..start.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        start - line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, dialect: Dialect) -> Vec<String> {
        let lexed = lex(text, dialect);
        let src = Src::new(text, &lexed);
        (0..src.len())
            .map(|i| match src.kind(i) {
                Some(Kind::Str) => {
                    let lit = src.string(i).cloned().unwrap_or_default();
                    let parts: Vec<String> = lit
                        .parts
                        .iter()
                        .map(|p| match p {
                            Part::Text(t) => t.clone(),
                            Part::Name(n) => format!("${{{n}}}"),
                            Part::Expr => "${?}".into(),
                        })
                        .collect();
                    format!("S:{}", parts.join(""))
                }
                _ => src.text(i).to_string(),
            })
            .collect()
    }

    #[test]
    fn comments_are_dropped_and_strings_decoded() {
        let java = "// @GetMapping(\"/a\")\n/* @PostMapping(\"/b\") */ @GetMapping(\"/c\\\"d\") String x = \"\"\"\n  hi\"\"\";";
        assert_eq!(
            kinds(java, Dialect::Java),
            [
                "@",
                "GetMapping",
                "(",
                "S:/c\"d",
                ")",
                "String",
                "x",
                "=",
                "S:\n  hi",
                ";"
            ]
        );
        let kotlin =
            "/* a /* nested */ still */ @GetMapping(\"$BASE/x/${Paths.ID}\") val s = \"\"\"raw $X\"\"\"";
        assert_eq!(
            kinds(kotlin, Dialect::Kotlin),
            [
                "@",
                "GetMapping",
                "(",
                "S:${BASE}/x/${Paths.ID}",
                ")",
                "val",
                "s",
                "=",
                "S:raw ${X}"
            ]
        );
    }

    #[test]
    fn python_prefixes_and_fstrings() {
        let py = "# @app.get('/no')\n@app.get(f\"{PREFIX}/items/{{id}}\")\nx = rb'\\d' + '''a\nb'''";
        assert_eq!(
            kinds(py, Dialect::Python),
            [
                "@",
                "app",
                ".",
                "get",
                "(",
                "S:${PREFIX}/items/{id}",
                ")",
                "x",
                "=",
                "S:\\d",
                "+",
                "S:a\nb"
            ]
        );
    }

    #[test]
    fn js_templates_and_regexes() {
        let js = "app.get(`/u/${base + `x`}/${id}`, h); const r = /a\\/b[/]/g; x = a / b / c;";
        assert_eq!(
            kinds(js, Dialect::Js),
            [
                "app",
                ".",
                "get",
                "(",
                "S:/u/${?}/${id}",
                ",",
                "h",
                ")",
                ";",
                "const",
                "r",
                "=",
                "S:${?}",
                ";",
                "x",
                "=",
                "a",
                "/",
                "b",
                "/",
                "c",
                ";"
            ]
        );
    }

    #[test]
    fn go_raw_strings_and_runes() {
        let go = "r.GET(`/a/:id`, h) // c\nc := 'x'";
        assert_eq!(
            kinds(go, Dialect::Go),
            ["r", ".", "GET", "(", "S:/a/:id", ",", "h", ")", "c", ":", "=", "S:x"]
        );
    }

    #[test]
    fn brackets_pair_and_bad_input_is_counted() {
        let text = "f(a, [b], {c}) g(";
        let lexed = lex(text, Dialect::Js);
        let src = Src::new(text, &lexed);
        assert_eq!(src.partner(1), Some(11));
        assert_eq!(lexed.unbalanced, 1);
        let unterminated = lex("x = \"abc\ny = 1 /* open", Dialect::Java);
        assert_eq!(unterminated.unterminated, Some(4));
        // Never panics on arbitrary bytes cut at any place.
        let sample = "@GetMapping(value = {\"/a\", B + \"/c\"}) `x${ \"y` 'é' \"\"\" f'{a'";
        for dialect in [
            Dialect::Java,
            Dialect::Kotlin,
            Dialect::Js,
            Dialect::Python,
            Dialect::Go,
        ] {
            for cut in 0..sample.len() {
                if sample.is_char_boundary(cut) {
                    let _ = lex(&sample[..cut], dialect);
                }
            }
        }
    }
}
