//! Paths as the frameworks write them, turned into OpenAPI's form: parameters become
//! `{name}` whatever the syntax (`{id:[0-9]+}` Spring/JAX-RS, `:id` and `:id(\\d+)`
//! Express/gin/echo, `<int:id>` Flask/Django, `(?P<id>[^/]+)` Django regexes, `*path` gin,
//! `{path...}` Go 1.22), segments are joined with single slashes, a trailing slash is dropped.

/// Joins path pieces with single slashes (`/api/` + `users` -> `/api/users`).
pub fn join<'a>(pieces: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for piece in pieces {
        let piece = piece.trim();
        if piece.is_empty() || piece == "/" {
            continue;
        }
        if !out.ends_with('/') && !piece.starts_with('/') {
            out.push('/');
        }
        if out.ends_with('/') && piece.starts_with('/') {
            out.push_str(&piece[1..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// A path, or (`Err`) a path with `${name}` where a name could not be resolved.
pub type Resolved = Result<String, String>;

/// Joins resolved pieces; the result is known when every piece is.
pub fn join_resolved(pieces: &[&Resolved]) -> Resolved {
    let known = pieces.iter().all(|p| p.is_ok());
    let joined = join(pieces.iter().map(|p| match p {
        Ok(text) | Err(text) => text.as_str(),
    }));
    if known {
        Ok(joined)
    } else {
        Err(joined)
    }
}

/// A path in OpenAPI form.
pub fn normalise(path: &str) -> String {
    // Django regexes: anchors and an optional trailing slash go, escaped dots are dots, named
    // groups become parameters.
    let anchored = path
        .trim()
        .replace("/^", "/")
        .replace("\\.", ".")
        .replace("/?$", "")
        .replace("$/", "/");
    let path = anchored.trim_start_matches('^').trim_end_matches('$');
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => {
                // `{name}`, `{name:regex}` with nested braces, `{name...}`, `{$}`, `{*name}`.
                let mut depth = 0usize;
                let mut j = i;
                while j < bytes.len() {
                    match bytes[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let inner = &path[i + 1..j.min(path.len())];
                let name = inner
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches('*')
                    .trim_end_matches("...");
                if name != "$" {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                i = j + 1;
            }
            b':' if at_segment_start(bytes, i) => {
                let (name, next) = ident(path, i + 1);
                if name.is_empty() {
                    out.push(':');
                    i += 1;
                    continue;
                }
                out.push('{');
                out.push_str(name);
                out.push('}');
                i = next;
                // Express: `:id(\\d+)`, optional `:id?`.
                if bytes.get(i) == Some(&b'(') {
                    i = skip_group(bytes, i);
                }
                if bytes.get(i) == Some(&b'?') {
                    i += 1;
                }
            }
            b'<' => {
                // `<name>` or `<converter:name>`.
                let close = path[i..].find('>').map_or(bytes.len(), |p| i + p);
                let inner = &path[i + 1..close.min(path.len())];
                let name = inner.rsplit(':').next().unwrap_or("").trim();
                out.push('{');
                out.push_str(name);
                out.push('}');
                i = close + 1;
            }
            b'(' if path[i..].starts_with("(?P<") => {
                let name_end = path[i + 4..].find('>').map_or(bytes.len(), |p| i + 4 + p);
                let name = &path[i + 4..name_end.min(path.len())];
                out.push('{');
                out.push_str(name);
                out.push('}');
                i = skip_group(bytes, i);
            }
            b'*' if at_segment_start(bytes, i)
                && bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) =>
            {
                // gin/echo catch-all `*filepath`.
                let (name, next) = ident(path, i + 1);
                out.push('{');
                out.push_str(name);
                out.push('}');
                i = next;
            }
            _ => {
                let width = match b {
                    0xF0..=0xFF => 4,
                    0xE0..=0xEF => 3,
                    0xC0..=0xDF => 2,
                    _ => 1,
                };
                out.push_str(path.get(i..i + width).unwrap_or(""));
                i += width;
            }
        }
    }
    let mut clean = String::with_capacity(out.len() + 1);
    if !out.starts_with('/') {
        clean.push('/');
    }
    for c in out.chars() {
        if c == '/' && clean.ends_with('/') {
            continue;
        }
        clean.push(c);
    }
    while clean.len() > 1 && clean.ends_with('/') {
        clean.pop();
    }
    clean
}

fn at_segment_start(bytes: &[u8], i: usize) -> bool {
    i == 0 || bytes[i - 1] == b'/'
}

fn ident(path: &str, start: usize) -> (&str, usize) {
    let bytes = path.as_bytes();
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_' || bytes[end] == b'-')
    {
        end += 1;
    }
    (&path[start..end], end)
}

fn skip_group(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_of_every_framework_become_openapi_ones() {
        for (given, want) in [
            ("/users/{id:[0-9]{1,3}}", "/users/{id}"),
            ("users/:id(\\d+)/books/:bookId?", "/users/{id}/books/{bookId}"),
            ("/files/<path:name>/<int:v>/", "/files/{name}/{v}"),
            ("^api/(?P<pk>[^/.]+)/$", "/api/{pk}"),
            ("/static/*filepath", "/static/{filepath}"),
            ("/items/{rest...}", "/items/{rest}"),
            ("/exact/{$}", "/exact"),
            ("//a///b/", "/a/b"),
            ("", "/"),
            ("/**", "/**"),
            ("/转账/:编号", "/转账/:编号"),
        ] {
            assert_eq!(normalise(given), want, "{given}");
        }
    }

    #[test]
    fn joining_keeps_single_slashes() {
        assert_eq!(join(["/api/", "/users", "", "{id}"]), "/api/users/{id}");
        assert_eq!(join(["customer/cart", "delivery"]), "/customer/cart/delivery");
        assert_eq!(join(["/", "/"]), "");
    }
}
