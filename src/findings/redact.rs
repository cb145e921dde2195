//! Redaction: a secret keeps a short prefix, enough to recognise which key it is, and the rest
//! is replaced. Applied when the finding is made, so no output can carry the whole secret.

/// How many characters of a secret stay visible.
const VISIBLE: usize = 4;

/// Masks a secret: `-----BEGIN RSA PRIVATE KEY-----\nMIIE…` style for key blocks, a short
/// prefix and `…` for everything else. Secrets of up to 8 characters keep nothing.
pub fn redact(secret: &str) -> String {
    if let Some(rest) = secret.strip_prefix("-----BEGIN ") {
        if let Some(end) = rest.find("-----") {
            let header_len = "-----BEGIN ".len() + end + 5;
            let body = secret[header_len..].trim_start_matches(['\r', '\n', ' ', '\\', 'n', '"', '+']);
            let body_prefix: String = body.chars().take(VISIBLE).collect();
            return format!("{} {body_prefix}…", &secret[..header_len]);
        }
    }
    let count = secret.chars().count();
    if count <= 8 {
        return "…".to_string();
    }
    let visible = VISIBLE.min(count / 4);
    let prefix: String = secret.chars().take(visible).collect();
    format!("{prefix}…")
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn keeps_a_short_prefix_only() {
        assert_eq!(redact("LTAI5tAbCdEfGhIjKlMnOpQr"), "LTAI…");
        assert_eq!(redact("hunter2"), "…");
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";
        assert_eq!(redact(pem), "-----BEGIN RSA PRIVATE KEY----- MIIE…");
    }
}
