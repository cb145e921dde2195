//! Inline suppressions: a comment containing `apiaudit:ignore RULE[,RULE] -- reason`, in any
//! text file, on the finding's line or the line before.

use super::{SourceFile, Span};

const MARKER: &[u8] = b"apiaudit:ignore";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreComment {
    pub line: u32,
    pub rules: Vec<String>,
    /// None when the comment gives no reason (then it is not applied).
    pub reason: Option<String>,
    pub span: Span,
}

impl IgnoreComment {
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        self.reason.is_some()
            && (line == self.line || line == self.line + 1)
            && self
                .rules
                .iter()
                .any(|r| rule.starts_with(r.as_str()) || r == "ALL")
    }
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
        comments.push(IgnoreComment {
            line: file.pos(start as u32).line,
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
        assert!(found[0].covers("KEY003", 3));
        assert!(!found[0].covers("KEY003", 4));
        assert_eq!(found[1].reason, None);
        assert!(!found[1].covers("ID001", 3));
    }
}
