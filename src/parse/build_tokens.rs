//! Build-time tokens in configuration files: Maven resource filtering replaces `@name@`
//! (Spring Boot's `spring-boot-starter-parent` sets `@` as the delimiter) when it copies
//! `src/main/resources`, so `active: @profiles.active@` is what the repository holds and
//! `active: prod` what ships. YAML reserves `@` at the start of a plain scalar, so such a file
//! does not parse as written. The build reads it after substitution; so does apiaudit: each
//! token that starts a plain scalar becomes a single-quoted scalar of the same length
//! (`'profiles.active'`), so every offset, line and column stays that of the original file.
//! Readers that care what the build would put there ask [`maven_token`] about the original
//! text at the value's span. Gradle's `processResources` tokens (`${name}`) need nothing: they
//! parse as plain scalars, and readers already treat `${...}` as a value set elsewhere.

/// The text with every Maven token that starts a plain YAML scalar made a quoted scalar of the
/// same length; None when there is none.
pub fn neutralise(text: &str) -> Option<String> {
    if !text.contains('@') {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'@', &bytes[at..]) {
        let start = at + found;
        at = start + 1;
        if !starts_scalar(&bytes[..start]) {
            continue;
        }
        let Some(len) = token_len(&bytes[start + 1..]) else {
            continue;
        };
        let end = start + 1 + len;
        bytes[start] = b'\'';
        bytes[end] = b'\'';
        changed = true;
        at = end + 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    changed.then(|| String::from_utf8(bytes).ok()).flatten()
}

/// The name of a Maven token when `raw` (a value as written) is one: `@name@`.
pub fn maven_token(raw: &str) -> Option<&str> {
    let inner = raw.trim().strip_prefix('@')?.strip_suffix('@')?;
    (token_len(&format!("{inner}@").into_bytes()) == Some(inner.len())).then_some(inner)
}

/// The length of a token's name: letters, digits, `.`, `_`, `-`, closed by `@` on the line.
fn token_len(rest: &[u8]) -> Option<usize> {
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        .count();
    (len > 0 && rest.get(len) == Some(&b'@')).then_some(len)
}

/// Whether a scalar starts here: after `key: `, `- `, `[`, `{`, `,` or an indentation.
fn starts_scalar(before: &[u8]) -> bool {
    let trimmed = before
        .iter()
        .rposition(|b| *b != b' ' && *b != b'\t')
        .map_or(&before[..0], |last| &before[..=last]);
    let spaced = trimmed.len() < before.len();
    match trimmed.last() {
        None | Some(b'\n' | b'\r') => true,
        Some(b'[' | b'{' | b',') => true,
        Some(b':' | b'-') => spaced,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_become_quoted_scalars_of_the_same_length() {
        let text =
            "spring:\n  profiles:\n    active: @profiles.active@\nlist:\n  - @item@\nflow: [@a@, @b-c@]\n";
        let out = neutralise(text).unwrap_or_default();
        assert_eq!(out.len(), text.len());
        assert!(out.contains("active: 'profiles.active'\n"), "{out}");
        assert!(
            out.contains("  - 'item'\n") && out.contains("['a', 'b-c']"),
            "{out}"
        );
    }

    #[test]
    fn look_alikes_are_left_alone() {
        // An e-mail address, a quoted token, a token inside a word, an annotation.
        for text in [
            "contact: ops@bank.example\n",
            "active: \"@profiles.active@\"\n",
            "name: a@b@\n",
            "doc: |\n  @Deprecated\n",
            "x: @ not a token @\n",
        ] {
            assert_eq!(neutralise(text), None, "{text}");
        }
    }

    #[test]
    fn token_names() {
        assert_eq!(maven_token(" @log.max-history@ "), Some("log.max-history"));
        assert_eq!(maven_token("@@"), None);
        assert_eq!(maven_token("ops@bank.example"), None);
    }
}
