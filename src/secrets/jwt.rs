//! The `jwt` validator: three base64url segments whose header decodes to a JSON object with an
//! `alg` other than `none` and whose payload decodes to a JSON object; anything else shaped
//! like a JWT (two dotted base64 words, a minified identifier chain) is not a token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Decodes one base64url segment (padding tolerated) as a JSON object.
fn json_object(segment: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

pub(super) fn is_jwt(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if signature.len() < 16 {
        return false;
    }
    let Some(header) = json_object(header) else {
        return false;
    };
    let signed = header
        .get("alg")
        .and_then(|alg| alg.as_str())
        .is_some_and(|alg| !alg.is_empty() && !alg.eq_ignore_ascii_case("none"));
    signed && json_object(payload).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_with_a_signed_json_header_only() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"teller-0042","iat":1733000000} . signature
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZWxsZXItMDA0MiIsImlhdCI6MTczMzAwMDAwMH0.q7Kc2Vd1xT9mPzR4sW8nYb3LhJ6fGa0eU5iOt2NwQkE";
        assert!(is_jwt(token));
        // Header without `alg`: {"typ":"JWT"}
        assert!(!is_jwt(
            "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ0ZWxsZXItMDA0MiJ9.q7Kc2Vd1xT9mPzR4sW8nYb3LhJ6fGa0eU5iOt2NwQkE"
        ));
        // alg none
        assert!(!is_jwt(
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZWxsZXItMDA0MiJ9.q7Kc2Vd1xT9mPzR4sW8nYb3LhJ6fGa0eU5iOt2NwQkE"
        ));
        // Shaped like a token, not base64url JSON.
        assert!(!is_jwt("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9xx.eyJzdWIiOiJ0ZWxsZXItMDA0MiJ9.q7Kc2Vd1xT9mPzR4sW8nYb3LhJ6fGa0eU5iOt2NwQkE"));
        assert!(!is_jwt("eyJleHBvcnQiOi.eyJhbGciOiJIUzI1NiJ9.abc"));
    }
}
