//! The checks a candidate secret goes through after its regex matched: quotes, placeholders
//! and references, entropy, and the DER structure of base64 private keys.

use regex::Regex;
use std::sync::LazyLock;

/// The secret without surrounding whitespace and quotes; None when nothing is left.
pub(super) fn unquote(text: &str, mut start: usize, mut end: usize) -> Option<(usize, usize)> {
    let slice = &text[start..end];
    let trimmed_start = slice.len() - slice.trim_start().len();
    start += trimmed_start;
    end -= slice.len() - slice.trim_end().len();
    if end <= start {
        return None;
    }
    let bytes = text.as_bytes();
    let quote = |b: u8| matches!(b, b'"' | b'\'' | b'`');
    if quote(bytes[start]) {
        start += 1;
        if end > start && bytes[end - 1] == bytes[start - 1] {
            end -= 1;
        }
    } else if end > start && quote(bytes[end - 1]) {
        end -= 1;
    }
    (end > start).then_some((start, end))
}

/// Values that are not secrets: references (`${DB_PASSWORD}`, `{{ .Values.x }}`, `$DB_PASS`,
/// `%DB_PASS%`), jasypt ciphertext `ENC(...)`, and obvious placeholders (`changeme`, `xxx`,
/// `******`, `<your-secret>`, `your-secret-here`).
pub fn is_placeholder(secret: &str) -> bool {
    let value = secret.trim();
    if value.is_empty() {
        return true;
    }
    let lower = value.to_ascii_lowercase();
    const REFERENCES: &[&str] = &["${", "{{", "#{", "%{", "$(", "<%", "@{", "{%"];
    if REFERENCES.iter().any(|r| value.contains(r)) {
        return true;
    }
    if lower.starts_with("enc(") || lower.starts_with("env(") || lower.starts_with("vault:") {
        return true;
    }
    if let Some(rest) = value.strip_prefix('$') {
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return true;
        }
    }
    if (value.starts_with('%') && value.ends_with('%') && value.len() > 2)
        || (value.starts_with('<') && value.ends_with('>'))
        || (value.starts_with('[') && value.ends_with(']'))
        || (value.starts_with('{') && value.ends_with('}'))
    {
        return true;
    }
    let mut chars = value.chars();
    if let Some(first) = chars.next() {
        if chars.all(|c| c == first) {
            return true;
        }
    }
    const EXACT: &[&str] = &[
        "changeme",
        "changeit",
        "password",
        "passwd",
        "secret",
        "null",
        "none",
        "nil",
        "undefined",
        "true",
        "false",
        "test",
        "example",
        "sample",
        "dummy",
        "todo",
        "tbd",
        "fixme",
        "redacted",
        "hidden",
        "masked",
        "placeholder",
        "default",
        "empty",
        "string",
        "value",
        "required",
        "optional",
    ];
    if EXACT.contains(&lower.as_str()) {
        return true;
    }
    const PARTS: &[&str] = &[
        "example",
        "placeholder",
        "changeme",
        "change_me",
        "change-me",
        "change me",
        "your_",
        "your-",
        "yourpass",
        "yoursecret",
        "yourkey",
        "your ",
        "xxxx",
        "****",
        "....",
        "dummy",
        "redacted",
        "replace_",
        "replace-",
        "replaceme",
        "insert_",
        "insert-",
        "fixme",
        "todo:",
        "<",
        ">",
    ];
    if PARTS.iter().any(|p| lower.contains(p)) {
        return true;
    }
    ["your", "my_", "my-", "enter", "put_", "fake", "sample"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Shannon entropy in bits per character.
pub fn entropy(text: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total as f64;
            -p * p.log2()
        })
        .sum()
}

/// The lines around `offset`: `lines` before and after its own line.
pub(super) fn around(text: &str, offset: usize, lines: u32) -> &str {
    let bytes = text.as_bytes();
    let mut start = offset.min(bytes.len());
    for _ in 0..=lines {
        match memchr::memrchr(b'\n', &bytes[..start]) {
            Some(at) => start = at,
            None => {
                start = 0;
                break;
            }
        }
    }
    let mut end = offset.min(bytes.len());
    for _ in 0..=lines {
        match memchr::memchr(b'\n', &bytes[end..]) {
            Some(at) => end += at + 1,
            None => {
                end = bytes.len();
                break;
            }
        }
    }
    let floor = |i: usize| crate::source::floor_char_boundary(text, i);
    &text[floor(start)..floor(end.min(bytes.len()))]
}

/// Quotes, string concatenations, escaped and real line breaks and whitespace removed: the
/// same key reads the same in a `.pem`, a Java constant and an escaped JSON string.
pub(super) fn normalise(secret: &str) -> String {
    static NOISE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r#"["'`]\s*\+?[ \t]*(?:(?://|#)[^\n]*)?\s*\+?\s*["'`]|\\[nr]|\s|["'`]"#).ok()
    });
    match NOISE.as_ref() {
        Some(noise) => noise.replace_all(secret, "").into_owned(),
        None => secret.split_whitespace().collect(),
    }
}

fn base64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Decodes the first `max` bytes of base64 text (stops at the first non-base64 character).
fn decode_prefix(text: &str, max: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(max);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let Some(value) = base64_value(c) else {
            break;
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

/// Whether base64 text starts like a DER private key: a SEQUENCE holding version 0 and then an
/// AlgorithmIdentifier (PKCS#8) or the modulus (PKCS#1), version 1 and an OCTET STRING (SEC1
/// EC, SM2), or an encrypted PKCS#8 structure (PBES2/PKCS#12 PBE). Public keys and
/// certificates (a SEQUENCE starting with a SEQUENCE, no version) fail.
pub(super) fn is_der_private_key(secret: &str) -> bool {
    let text = normalise(secret);
    let der = decode_prefix(&text, 64);
    if der.len() < 8 || der[0] != 0x30 {
        return false;
    }
    let header = match der[1] {
        0x80 => 2,
        n if n < 0x80 => 2,
        0x81 => 3,
        0x82 => 4,
        0x83 => 5,
        _ => return false,
    };
    let body = &der[header.min(der.len())..];
    match body {
        [0x02, 0x01, 0x00, 0x30, ..] | [0x02, 0x01, 0x00, 0x02, ..] => true,
        [0x02, 0x01, 0x01, 0x04, ..] => true,
        [0x30, ..] => {
            // EncryptedPrivateKeyInfo: the algorithm is PBES2 or a PKCS#12 PBE scheme.
            const PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
            const PKCS12_PBE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01];
            body.windows(9).take(12).any(|w| w == PBES2 || w == PKCS12_PBE)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_references() {
        for value in [
            "${DB_PASSWORD}",
            "{{ .Values.password }}",
            "ENC(Qm9Yx4pLr2TnA8vZ)",
            "changeme",
            "xxxxxx",
            "******",
            "<your-secret>",
            "your-secret-here",
            "$DB_PASS",
        ] {
            assert!(is_placeholder(value), "{value}");
        }
        for value in ["Lh@2023prod!", "2eee5afb272663357ab0492d53e90eaf", "${DB:x}y"] {
            assert!(!is_placeholder(value) || value.contains("${"), "{value}");
        }
    }

    #[test]
    fn der_private_keys_are_told_from_public_keys() {
        assert!(is_der_private_key(
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCDO6J4ZhnVSCFMzLmjkQMRHCgb"
        ));
        assert!(is_der_private_key(
            "MIIEowIBAAKCAQEA7ZyTmLHNz4VbV8xT2gT1P0qLmE9a8dKfWcYvA3xjRn4h"
        ));
        assert!(!is_der_private_key(
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsL1sYiQjbxSceVRTmW6a3"
        ));
        assert!(!is_der_private_key(
            "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ"
        ));
    }

    #[test]
    fn normalising_removes_concatenation() {
        assert_eq!(normalise("\"MIIE\" +\n  \"vQIB\""), "MIIEvQIB");
        assert_eq!(normalise("MIIE\\nvQIB"), "MIIEvQIB");
    }
}
