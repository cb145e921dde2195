//! Route paths given as regular expressions (Kong `~`, nginx `location ~`): their literal
//! prefix, and whether they accept a documented path, tested with sample values in its templates.

use super::glob::*;
use super::SAMPLES;
use crate::model::routes::{MatchKind, PathMatch};
use regex::{Regex, RegexBuilder};

/// The literal start of a regular expression (`^/v1/transfers/(?<id>..)` -> `/v1/transfers/`);
/// empty when it is not anchored or has a top-level alternative.
pub(super) fn regex_literal_prefix(regex: &str, anchored: bool) -> String {
    let body = match regex.strip_prefix('^') {
        Some(body) => body,
        None if anchored => regex,
        None => return String::new(),
    };
    if body.contains('|') {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&next) if "/.-_~".contains(next) => {
                    out.push(next);
                    chars.next();
                }
                _ => break,
            },
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => {
                // A quantifier makes the character before it optional.
                if matches!(c, '*' | '?' | '{') {
                    out.pop();
                }
                break;
            }
            other => out.push(other),
        }
    }
    out
}

/// A piece of a regular expression between slashes, for narrowing candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Lit(String),
    /// Matches within one segment only (`[^/]+`, `\d+`, `(?<id>[0-9]+)`).
    Any,
}

/// A route path ready to test.
pub(super) enum Matcher {
    Prefix(String),
    Exact(String),
    Regex {
        regex: Regex,
        literal: String,
        /// The regex as path segments, when every piece is a literal or stays in one segment;
        /// `true` when it is anchored at the end too.
        pieces: Option<(Vec<Piece>, bool)>,
    },
    Pattern {
        segs: Vec<Seg>,
        literal: Vec<String>,
    },
}

/// Whether a regex piece stays within one path segment: a character class without `/` (or
/// `[^/]`), `\d`, `\w`, with a `+`/`*` quantifier, optionally in a (named) group.
pub(super) fn single_segment(piece: &str) -> bool {
    let mut body = piece;
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        body = match inner.strip_prefix("?<").or_else(|| inner.strip_prefix("?P<")) {
            Some(named) => match named.split_once('>') {
                Some((_, rest)) => rest,
                None => return false,
            },
            None => inner.strip_prefix("?:").unwrap_or(inner),
        };
    }
    let Some(atom) = body.strip_suffix('+').or_else(|| body.strip_suffix('*')) else {
        return false;
    };
    if matches!(atom, "\\d" | "\\w" | "[^/]" | "[^/?]" | "[^/?#]") {
        return true;
    }
    let Some(class) = atom.strip_prefix('[').and_then(|a| a.strip_suffix(']')) else {
        return false;
    };
    if class.is_empty() || class.starts_with('^') || class.contains(['/', '[', ']']) {
        return false;
    }
    // No range may span `/` (0x2F).
    let chars: Vec<char> = class.chars().collect();
    for window in chars.windows(3) {
        if window[1] == '-' && window[0] != '\\' && window[0] <= '/' && '/' <= window[2] {
            return false;
        }
    }
    true
}

/// Splits an anchored regex into path pieces (`^/v1/accounts/(?<id>[^/]+)/balance$`), or None
/// when some piece is neither a literal nor single-segment.
pub(super) fn regex_pieces(regex: &str, anchored: bool) -> Option<(Vec<Piece>, bool)> {
    let body = match regex.strip_prefix('^') {
        Some(body) => body,
        None if anchored => regex,
        None => return None,
    };
    let (body, ends) = match body.strip_suffix('$') {
        Some(body) if !body.ends_with('\\') => (body, true),
        _ => (body, false),
    };
    let body = body.strip_prefix('/')?;
    let mut pieces = Vec::new();
    for part in split_outside_brackets(body) {
        let unescaped = unescape_literal(part);
        match unescaped {
            Some(literal) => pieces.push(Piece::Lit(literal)),
            None if single_segment(part) => pieces.push(Piece::Any),
            None => return None,
        }
    }
    Some((pieces, ends))
}

/// Splits a regex on `/` outside character classes and groups.
pub(super) fn split_outside_brackets(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_class, mut escaped, mut start) = (0usize, false, false, 0usize);
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth = depth.saturating_sub(1),
            '/' if !in_class && depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

/// A regex piece that is a plain literal (`v1`, `a\.json`), unescaped.
pub(super) fn unescape_literal(part: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = part.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if ".-_~/".contains(next) => out.push(next),
                _ => return None,
            },
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => return None,
            other => out.push(other),
        }
    }
    Some(out)
}

pub(super) fn compile(path: &PathMatch) -> Option<Matcher> {
    match path.kind {
        MatchKind::Prefix | MatchKind::PrefixPriority => Some(Matcher::Prefix(path.pattern.clone())),
        MatchKind::Exact => Some(Matcher::Exact(path.pattern.clone())),
        MatchKind::Regex | MatchKind::RegexCaseless | MatchKind::RegexAnchored => {
            let anchored = path.kind == MatchKind::RegexAnchored;
            let source = if anchored {
                format!("^(?:{})", path.pattern)
            } else {
                path.pattern.clone()
            };
            let regex = RegexBuilder::new(&source)
                .case_insensitive(path.kind == MatchKind::RegexCaseless)
                .size_limit(1 << 20)
                .build()
                .ok()?;
            let caseless = path.kind == MatchKind::RegexCaseless;
            let literal = if caseless {
                String::new()
            } else {
                regex_literal_prefix(&path.pattern, anchored)
            };
            let pieces = if caseless {
                None
            } else {
                regex_pieces(&path.pattern, anchored)
            };
            Some(Matcher::Regex {
                regex,
                literal,
                pieces,
            })
        }
        MatchKind::Pattern => {
            let segs = compile_pattern(&path.pattern)?;
            let literal = segs
                .iter()
                .map_while(|s| match s {
                    Seg::Lit(l) => Some(l.clone()),
                    _ => None,
                })
                .collect();
            Some(Matcher::Pattern { segs, literal })
        }
    }
}

impl Matcher {
    /// Whether the trie's candidates are exactly the matches (no test needed).
    pub(super) fn candidates_exact(&self) -> bool {
        matches!(self, Matcher::Prefix(_) | Matcher::Exact(_))
    }

    /// `matches` on a documented path, with its template samples computed once per index.
    pub(super) fn matches_form(&self, path: &str, samples: &[String]) -> bool {
        match self {
            Matcher::Regex { regex, .. } if !samples.is_empty() => samples.iter().any(|s| regex.is_match(s)),
            _ => self.matches(path),
        }
    }

    pub(super) fn matches(&self, path: &str) -> bool {
        match self {
            Matcher::Prefix(prefix) => prefix_matches(prefix, path),
            Matcher::Exact(exact) => exact_matches(exact, path),
            Matcher::Regex { regex, .. } => {
                if path.contains('{') {
                    SAMPLES
                        .iter()
                        .any(|sample| regex.is_match(&concrete(path, sample)))
                } else {
                    regex.is_match(path)
                }
            }
            Matcher::Pattern { segs, .. } => pattern_matches(segs, &segments(path)),
        }
    }

    /// The literal start of every path the matcher accepts (what a strip removes).
    pub(super) fn literal_prefix(&self) -> String {
        match self {
            Matcher::Prefix(prefix) | Matcher::Exact(prefix) => prefix.clone(),
            Matcher::Regex { literal, .. } => literal.clone(),
            Matcher::Pattern { literal, .. } => format!("/{}", literal.join("/")),
        }
    }
}
