//! Inline suppressions: a comment containing `apiaudit:ignore RULE[,RULE] -- reason`, in any
//! text file. A comment that ends a line of code covers that line; a comment alone on its line
//! covers the next line, and only that one (SPEC §7). Whether a suppression is valid (a reason,
//! known rules) is policy's to judge: one that META002 rejects suppresses nothing.

use super::{SourceFile, Span};
use std::ops::RangeInclusive;

const MARKER: &[u8] = b"apiaudit:ignore";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreComment {
    /// The line the comment is on.
    pub line: u32,
    /// The lines it covers: its own when it ends a line of code, the next when it stands alone.
    pub lines: RangeInclusive<u32>,
    pub rules: Vec<String>,
    /// None when the comment gives no reason (then it is not applied).
    pub reason: Option<String>,
    pub span: Span,
}

impl IgnoreComment {
    /// Whether the comment names `rule` (a code, a prefix of it, or `ALL`) and covers `line`.
    /// The reason and the rules' existence are checked by the caller.
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        self.lines.contains(&line)
            && self
                .rules
                .iter()
                .any(|r| rule.starts_with(r.as_str()) || r == "ALL")
    }
}

/// Comment openers of the languages a bank's repositories hold, longest first: what may stand
/// before the marker on a line that holds nothing but the comment.
const OPENERS: &[&str] = &[
    "<!--", "<%--", "{{/*", "{{-/*", "/**", "//!", "///", "/*", "//", "##", "#", "--", ";;", ";", "{#", "%",
    "*", "'", "\"",
];

/// Whether the text before the marker on its line is only a comment opener (and blanks): the
/// comment stands alone on its line.
fn alone_on_line(before: &str) -> bool {
    let mut rest = before.trim();
    // `# -- apiaudit:ignore`, `/* * apiaudit:ignore`: openers may repeat.
    for _ in 0..3 {
        if rest.is_empty() {
            return true;
        }
        match OPENERS.iter().find(|opener| rest.ends_with(*opener)) {
            Some(opener) => rest = rest[..rest.len() - opener.len()].trim_end(),
            None => return false,
        }
    }
    rest.is_empty()
}

pub fn parse(file: &SourceFile) -> Vec<IgnoreComment> {
    let bytes = file.text.as_bytes();
    let mut comments = Vec::new();
    for start in memchr::memmem::find_iter(bytes, MARKER) {
        let after = start + MARKER.len();
        let line_end = memchr::memchr(b'\n', &bytes[after..]).map_or(bytes.len(), |n| after + n);
        let rest = &file.text[after..line_end];
        // `apiaudit:ignore-file` or `apiaudit:ignored` are other words.
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let (codes, reason) = match rest.split_once("--") {
            Some((codes, reason)) => (codes, Some(clean_reason(reason))),
            None => (rest, None),
        };
        let rules: Vec<String> = codes
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .take_while(|code| code.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(|code| code.to_ascii_uppercase())
            .collect();
        if rules.is_empty() {
            continue;
        }
        let reason = reason.filter(|reason| !reason.is_empty());
        let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |n| n + 1);
        let line = file.pos(start as u32).line;
        let covered = if alone_on_line(&file.text[line_start..start]) {
            line.saturating_add(1)
        } else {
            line
        };
        comments.push(IgnoreComment {
            line,
            lines: covered..=covered,
            rules,
            reason,
            span: Span::new(start, line_end),
        });
    }
    comments
}

/// The reason without the comment's closing token.
fn clean_reason(reason: &str) -> String {
    let mut reason = reason.trim();
    for closer in ["*/", "-->", "#}", "%>", "\"", "'"] {
        reason = reason.strip_suffix(closer).unwrap_or(reason).trim();
    }
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn comments(text: &str) -> Vec<IgnoreComment> {
        parse(&SourceFile::new(
            "f".into(),
            "f".into(),
            PathBuf::from("f"),
            text.into(),
        ))
    }

    #[test]
    fn parses_codes_and_reasons() {
        let found =
            comments("a\n// apiaudit:ignore KEY003, KEY001 -- test vector */\nb # apiaudit:ignore ID001\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].rules, ["KEY003", "KEY001"]);
        assert_eq!(found[0].reason.as_deref(), Some("test vector"));
        assert_eq!(found[1].reason, None);
    }

    #[test]
    fn a_trailing_comment_covers_its_line_a_lone_one_the_next() {
        let found = comments(
            "password = \"a\" # apiaudit:ignore KEY003 -- fixture\nsecret = \"b\"\n\
             \x20   // apiaudit:ignore KEY003 -- next line only\nkey = \"c\"\nkey2 = \"d\"\n\
             <!-- apiaudit:ignore KEY003 -- xml -->\n<p>x</p>\n\
             });  // apiaudit:ignore KEY003 -- code before it\n",
        );
        let covered: Vec<(u32, u32)> = found.iter().map(|c| (*c.lines.start(), *c.lines.end())).collect();
        assert_eq!(covered, [(1, 1), (4, 4), (7, 7), (8, 8)]);
        assert!(found[0].covers("KEY003", 1));
        assert!(!found[0].covers("KEY003", 2));
        assert!(!found[1].covers("KEY003", 3));
        assert!(found[1].covers("KEY003", 4));
        assert!(!found[1].covers("KEY003", 5));
        assert!(!found[1].covers("KEY001", 4));
    }
}
