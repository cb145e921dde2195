//! Paths as gateways and specs write them: segments, templates (`{id}`), and the glob patterns
//! of route predicates (`/v1/**`, `/v1/*/detail`), compared segment by segment.

use regex::Regex;

pub(super) fn is_template(segment: &str) -> bool {
    segment.contains('{')
}

/// Segments of a path: `/v1/a` -> `[v1, a]`, `/` -> `[""]`, `/v1/` -> `[v1, ""]`.
pub(super) fn segments(path: &str) -> Vec<&str> {
    path.strip_prefix('/').unwrap_or(path).split('/').collect()
}

pub(super) fn join(base: &str, path: &str) -> String {
    let mut joined = format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'));
    while joined.contains("//") {
        joined = joined.replace("//", "/");
    }
    joined
}

/// A documented path without a trailing slash (except `/` itself).
pub(super) fn normalise(path: &str) -> String {
    let mut path = join("", path);
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    path
}

/// A segment that is one template and nothing else (`{id}`).
pub(super) fn is_pure_template(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}') && segment.matches('{').count() == 1
}

/// A segment with templates and literal text (`{name}:stop`, `{file}.json`) as a glob.
pub(super) fn template_glob(segment: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in segment.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('*');
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether two path segments can name the same request segment: a whole-segment template
/// matches anything; a template with literal text matches as a glob (`{name}:stop` matches
/// `jobs:stop`, not `jobs:start`).
pub(super) fn seg_eq(a: &str, b: &str) -> bool {
    let (ta, tb) = (is_template(a), is_template(b));
    if !ta && !tb {
        return a == b;
    }
    if is_pure_template(a) || is_pure_template(b) {
        return true;
    }
    if ta && tb {
        return template_glob(a) == template_glob(b);
    }
    let (template, literal) = if ta { (a, b) } else { (b, a) };
    glob(template_glob(template).as_bytes(), literal.as_bytes())
}

pub(super) fn prefix_matches(prefix: &str, path: &str) -> bool {
    let p = segments(prefix);
    let d = segments(path);
    if d.len() < p.len() {
        return false;
    }
    let last = p.len() - 1;
    p[..last].iter().zip(&d).all(|(a, b)| seg_eq(a, b))
        && (is_template(d[last]) || d[last].starts_with(p[last]))
}

pub(super) fn exact_matches(exact: &str, path: &str) -> bool {
    let e = segments(exact);
    let d = segments(path);
    e.len() == d.len() && e.iter().zip(&d).all(|(a, b)| seg_eq(a, b))
}

/// A path with every template replaced by a sample value.
pub(super) fn concrete(path: &str, sample: &str) -> String {
    if !path.contains('{') {
        return path.to_string();
    }
    segments(path)
        .iter()
        .map(|segment| if is_template(segment) { sample } else { segment })
        .fold(String::new(), |mut acc, segment| {
            acc.push('/');
            acc.push_str(segment);
            acc
        })
}

/// One segment of a Spring `PathPattern`.
#[derive(Debug)]
pub(super) enum Seg {
    Lit(String),
    /// `*` or `{var}`.
    One,
    /// `*` or `?` inside a segment.
    Glob(String),
    /// `{var:regex}`.
    Rx(Regex),
    /// `**` or `{*var}`.
    Rest,
}

pub(super) fn compile_pattern(pattern: &str) -> Option<Vec<Seg>> {
    let parts = segments(pattern);
    if parts.len() > 64 || parts.iter().filter(|p| **p == "**").count() > 4 {
        return None;
    }
    Some(
        parts
            .into_iter()
            .map(|part| {
                if part == "**" || (part.starts_with("{*") && part.ends_with('}')) {
                    Seg::Rest
                } else if part == "*" || (part.starts_with('{') && part.ends_with('}') && !part.contains(':'))
                {
                    Seg::One
                } else if part.starts_with('{') && part.ends_with('}') {
                    let inner = &part[1..part.len() - 1];
                    let regex = inner.split_once(':').map(|(_, r)| r).unwrap_or(".*");
                    match Regex::new(&format!("^(?:{regex})$")) {
                        Ok(regex) => Seg::Rx(regex),
                        Err(_) => Seg::One,
                    }
                } else if part.contains(['*', '?']) {
                    Seg::Glob(part.to_string())
                } else {
                    Seg::Lit(part.to_string())
                }
            })
            .collect(),
    )
}

pub(super) fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t, mut star, mut mark) = (0, 0, usize::MAX, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = p;
            mark = t;
            p += 1;
        } else if star != usize::MAX {
            p = star + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == b'*' {
        p += 1;
    }
    p == pattern.len()
}

pub(super) fn pattern_matches(pattern: &[Seg], path: &[&str]) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return path.is_empty() || path == [""];
    };
    if let Seg::Rest = first {
        return (0..=path.len()).any(|skip| pattern_matches(rest, &path[skip..]));
    }
    let Some((segment, tail)) = path.split_first() else {
        return false;
    };
    let ok = is_template(segment)
        || match first {
            Seg::Lit(literal) => literal == segment,
            Seg::One => !segment.is_empty(),
            Seg::Glob(glob_text) => glob(glob_text.as_bytes(), segment.as_bytes()),
            Seg::Rx(regex) => regex.is_match(segment),
            Seg::Rest => true,
        };
    ok && pattern_matches(rest, tail)
}
