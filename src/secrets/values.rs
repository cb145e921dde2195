//! What a matched value means: a reference whose literal default is the real value
//! (`${DB_PASSWORD:Uat#Pass2024}`, `${VAR:-secret}`, `{{ .Values.x | default "secret" }}`), a
//! value that only repeats its key's name (`apiKey: apiKey`), a well-known weak or default
//! password (`123456`, `000000`, `changeit`), and which words of a key path name the setting.

use regex::Regex;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The `[weak-passwords]` table: well-known weak and default passwords, reported (as weak) by
/// the detectors with `weak-passwords = true` even where their allowlists would drop the value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeakPasswordsDef {
    #[serde(default)]
    pub values: Vec<String>,
    /// Regexes over the whole value (`^[0-9]{4,8}$`).
    #[serde(default)]
    pub regexes: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct WeakPasswords {
    values: HashSet<String>,
    regexes: Vec<Regex>,
}

impl WeakPasswords {
    pub(super) fn new(defs: &[WeakPasswordsDef]) -> Result<WeakPasswords, String> {
        let mut weak = WeakPasswords::default();
        for def in defs {
            weak.values.extend(def.values.iter().map(|v| v.to_lowercase()));
            for regex in &def.regexes {
                weak.regexes
                    .push(Regex::new(regex).map_err(|e| format!("weak-passwords regex `{regex}`: {e}"))?);
            }
        }
        Ok(weak)
    }

    pub(super) fn contains(&self, value: &str) -> bool {
        self.values.contains(&value.to_lowercase()) || self.regexes.iter().any(|r| r.is_match(value))
    }
}

/// When the whole value is a reference with a literal default, the byte range of the default
/// within `value` (empty defaults give None: nothing is hard-coded). Spring `${NAME:default}`
/// (nested references are followed), shell, compose and logback `${NAME:-default}` and
/// `${NAME:=default}`, and Helm/Go templates
/// `{{ .Values.x | default "secret" }}` or `{{ default "secret" .Values.x }}`.
pub(super) fn reference_default(value: &str) -> Option<(usize, usize)> {
    if let Some(inner) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        let name_end = inner.find(':')?;
        let name = &inner[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return None;
        }
        let rest = &inner[name_end..];
        let skip = [":-", ":=", ":"]
            .iter()
            .find(|p| rest.starts_with(**p))
            .map(|p| p.len())?;
        let start = 2 + name_end + skip;
        let default = &value[start..value.len() - 1];
        if default.is_empty() {
            return None;
        }
        if default.starts_with("${") {
            // `${A:${B:x}}`: the default of the inner reference.
            let (s, e) = reference_default(default)?;
            return Some((start + s, start + e));
        }
        if default.contains("${") || default.contains('}') {
            return None;
        }
        return Some((start, value.len() - 1));
    }
    if value.starts_with("{{") && value.ends_with("}}") {
        static HELM_DEFAULT: LazyLock<Option<Regex>> = LazyLock::new(|| {
            Regex::new(
                r#"^\{\{-?\s*(?:[^{}]*\|\s*)?default\s+(?:"([^"]+)"|'([^']+)'|`([^`]+)`)[^{}]*-?\}\}$"#,
            )
            .ok()
        });
        let caps = HELM_DEFAULT.as_ref()?.captures(value)?;
        let group = caps.get(1).or_else(|| caps.get(2)).or_else(|| caps.get(3))?;
        return Some((group.start(), group.end()));
    }
    None
}

/// The segments of a key path or identifier (`spring.datasource.password`, `a[0].b`).
fn segments(name: &str) -> impl Iterator<Item = &str> {
    name.split(['.', '[', ']', '/', ':']).filter(|s| !s.is_empty())
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the value only repeats the name of its key (`apiKey: apiKey`, `apiKey3: "apiKey3"`,
/// `PASSWORD = "password"`): a template or a name, not a secret.
pub(super) fn repeats_name(value: &str, name: &str) -> bool {
    let leaf = segments(name).last().unwrap_or(name);
    let value = squash(value);
    !value.is_empty() && (value == squash(leaf) || value == squash(name))
}

/// The part of a key path that names the setting: from the last segment holding one of the
/// detector's keywords to the end (`password.min-length` -> `password.min-length`,
/// `sms-service.password` -> `password`), so that the words of a parent (`service`) do not
/// drop a secret, and the words after the secret word (`min-length`) still do.
pub(super) fn setting_part<'a>(name: &'a str, keywords: &[String]) -> &'a str {
    let lower = name.to_ascii_lowercase();
    let mut start = None;
    let mut offset = 0;
    for piece in name.split_inclusive(['.', '[', ']', '/', ':']) {
        let segment = &lower[offset..offset + piece.len()];
        if keywords.iter().any(|k| segment.contains(k.as_str())) {
            start = Some(offset);
        }
        offset += piece.len();
    }
    match start {
        Some(start) => &name[start..],
        None => name,
    }
}

/// Leaves that hold the secret of a group named after it (`secret:` / `key:`).
const SECRET_LEAVES: &[&str] = &["key", "password", "passwd", "pwd", "pass", "secret", "token"];

/// Whether the last segment of a key path holds the secret: it has one of the detector's
/// keywords (`login-password`) or is one of `SECRET_LEAVES` (`secret.key`). A secret word in
/// a parent only names a group: `docker_secret.state` and `secrets.uid` are not secrets.
pub(super) fn leaf_holds_secret(name: &str, keywords: &[String]) -> bool {
    let Some(leaf) = segments(name).last() else {
        return true;
    };
    let leaf = leaf.to_ascii_lowercase();
    keywords.iter().any(|k| leaf.contains(k.as_str())) || SECRET_LEAVES.contains(&leaf.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_of(value: &str) -> Option<&str> {
        reference_default(value).map(|(s, e)| &value[s..e])
    }

    #[test]
    fn literal_defaults_of_references() {
        assert_eq!(default_of("${DB_PASSWORD:Uat#Pass2024}"), Some("Uat#Pass2024"));
        assert_eq!(default_of("${DB_PASSWORD:-s3cret}"), Some("s3cret"));
        assert_eq!(default_of("${lanhai.tls.trust-store-password}"), None);
        assert_eq!(default_of("${spring.pw:${DB_PW:Inner#1}}"), Some("Inner#1"));
        assert_eq!(
            default_of(r#"{{ .Values.db.password | default "Helm#Pw1" }}"#),
            Some("Helm#Pw1")
        );
        assert_eq!(
            default_of(r#"{{ default "Helm#Pw2" .Values.db.password }}"#),
            Some("Helm#Pw2")
        );
        assert_eq!(default_of("${DB_PASSWORD}"), None);
        assert_eq!(default_of("${DB_PASSWORD:}"), None);
        assert_eq!(default_of("${A:${B}}"), None);
        assert_eq!(default_of("{{ .Values.db.password }}"), None);
        assert_eq!(default_of("Lh@2023prod!"), None);
    }

    #[test]
    fn values_that_repeat_their_key() {
        assert!(repeats_name("apiKey", "apiKey"));
        assert!(repeats_name("apiKey3", "config.apiKey3"));
        assert!(repeats_name("password", "spring.datasource.password"));
        assert!(!repeats_name("Lh@2023prod!", "password"));
    }

    #[test]
    fn a_secret_word_in_a_parent_names_a_group() {
        let keywords = vec!["password".to_string(), "secret".to_string()];
        assert!(leaf_holds_secret("secret.key", &keywords));
        assert!(leaf_holds_secret(
            "spring.datasource.druid.login-password",
            &keywords
        ));
        assert!(leaf_holds_secret("APP_SECRET", &keywords));
        assert!(!leaf_holds_secret("block.docker_secret.state", &keywords));
        assert!(!leaf_holds_secret("docker_swarm_service.secrets.uid", &keywords));
    }

    #[test]
    fn the_setting_part_of_a_key_path() {
        let keywords = vec!["password".to_string(), "secret".to_string()];
        assert_eq!(setting_part("sms-service.password", &keywords), "password");
        assert_eq!(
            setting_part("password.min-length", &keywords),
            "password.min-length"
        );
        assert_eq!(setting_part("secret.key", &keywords), "secret.key");
        assert_eq!(setting_part("PWD_ERR_CNT_KEY", &keywords), "PWD_ERR_CNT_KEY");
    }
}
