//! What a file looks like before (or without) reading it whole: spec-shaped (by name, or an
//! `openapi`/`swagger` key at its start), key-shaped (a key store's or key file's extension or
//! name, a key store's magic bytes) or a configuration or log configuration by name. A file
//! that could not be audited is reported more loudly when it has one of these shapes (SPEC §2:
//! a gap where a spec, a key or a config should be fails the default gate), and KEY002 reads
//! key stores by the same tables.

/// What a file's name and first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    Spec,
    Key,
    Config,
    Other,
}

impl Shape {
    /// Of the name alone (`name` is the file name; `path` the path it is reached by).
    pub fn of_name(path: &str) -> Shape {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or("");
        if spec_named(name) {
            Shape::Spec
        } else if key_named(name) {
            Shape::Key
        } else if config_named(&lower, name) {
            Shape::Config
        } else {
            Shape::Other
        }
    }

    /// Of the name, then of the first bytes (`head`, any length).
    pub fn of(path: &str, head: &[u8]) -> Shape {
        match Shape::of_name(path) {
            Shape::Other if spec_content(head) => Shape::Spec,
            Shape::Other if store_magic(head).is_some() => Shape::Key,
            shape => shape,
        }
    }

    /// Spec, key or config: a gap there fails the default gate.
    pub fn matters(self) -> bool {
        self != Shape::Other
    }

    /// What to call it in a message, in English and Chinese.
    pub fn what(self) -> (&'static str, &'static str) {
        match self {
            Shape::Spec => ("an API spec", "接口规范文件"),
            Shape::Key => ("a key store or key file", "密钥库或密钥文件"),
            Shape::Config => ("a configuration file", "配置文件"),
            Shape::Other => ("a file", "文件"),
        }
    }
}

/// The lower-cased extension of a file name.
fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// Key stores by extension: (extension, what it is in English, in Chinese).
pub const STORE_EXTENSIONS: &[(&str, &str, &str)] = &[
    ("jks", "Java key store (JKS)", "Java 密钥库（JKS）"),
    ("jceks", "Java key store (JCEKS)", "Java 密钥库（JCEKS）"),
    ("keystore", "key store", "密钥库"),
    ("p12", "PKCS#12 key store", "PKCS#12 密钥库"),
    ("pfx", "PKCS#12 key store", "PKCS#12 密钥库"),
    (
        "bks",
        "Bouncy Castle key store (BKS)",
        "Bouncy Castle 密钥库（BKS）",
    ),
    ("sm2", "SM2 key file", "SM2 密钥文件"),
];

/// Extensions and names of files that are key files when they hold a private key.
pub const KEY_FILE_EXTENSIONS: &[&str] = &["pem", "key", "der", "priv", "prv", "ppk", "asc", "gpg"];
pub const KEY_FILE_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_sm2"];

/// The DER private key's description in [`store_magic`]: DER is everywhere, so it counts only in
/// files named like key files.
pub const DER_PRIVATE_KEY: &str = "DER private key";

/// What a key store's magic bytes say it is, in English and Chinese.
pub fn store_magic(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match bytes {
        [0xfe, 0xed, 0xfe, 0xed, ..] => Some(("Java key store (JKS)", "Java 密钥库（JKS）")),
        [0xce, 0xce, 0xce, 0xce, ..] => Some(("Java key store (JCEKS)", "Java 密钥库（JCEKS）")),
        [0x30, 0x82, _, _, 0x02, 0x01, 0x03, ..]
        | [0x30, 0x80, 0x02, 0x01, 0x03, ..]
        | [0x30, 0x81, _, 0x02, 0x01, 0x03, ..] => Some(("PKCS#12 key store", "PKCS#12 密钥库")),
        [0x30, 0x82, _, _, 0x02, 0x01, 0x00, 0x30 | 0x02, ..] | [0x30, _, 0x02, 0x01, 0x01, 0x04, ..] => {
            Some((DER_PRIVATE_KEY, "DER 格式私钥"))
        }
        _ => None,
    }
}

/// A key store by extension, or by magic bytes (a DER key only in a file named like a key file).
pub fn key_store(name_lower: &str, head: &[u8]) -> Option<(&'static str, &'static str)> {
    let ext = extension(name_lower);
    let by_magic =
        store_magic(head).filter(|(en, _)| *en != DER_PRIVATE_KEY || KEY_FILE_EXTENSIONS.contains(&ext));
    by_magic.or_else(|| {
        STORE_EXTENSIONS
            .iter()
            .find(|(e, _, _)| *e == ext)
            .map(|(_, en, zh)| (*en, *zh))
    })
}

fn spec_named(name: &str) -> bool {
    let structured = matches!(extension(name), "yaml" | "yml" | "json");
    structured
        && ["openapi", "swagger", "api-docs", "apidocs"]
            .iter()
            .any(|word| name.contains(word))
}

fn key_named(name: &str) -> bool {
    let ext = extension(name);
    STORE_EXTENSIONS.iter().any(|(e, _, _)| *e == ext)
        || KEY_FILE_EXTENSIONS.contains(&ext)
        || KEY_FILE_NAMES.contains(&name)
}

/// Configuration and log configuration files by name: Spring Boot, logging frameworks,
/// environment files, gateways, web servers, build and container settings.
fn config_named(path: &str, name: &str) -> bool {
    let ext = extension(name);
    let logging = ["logback", "log4j", "logging", "logrotate"]
        .iter()
        .any(|word| name.starts_with(word));
    matches!(
        ext,
        "yml" | "yaml" | "properties" | "env" | "ini" | "cfg" | "conf" | "toml" | "cnf"
    ) || name == ".env"
        || name.starts_with(".env.")
        || logging
        || path.contains("/logrotate.d/")
        || path.starts_with("logrotate.d/")
        || (ext == "xml"
            && ["pom.xml", "web.xml", "settings.xml", "server.xml", "context.xml"].contains(&name))
        || (ext == "xml" && (name.starts_with("application") || name.starts_with("spring")))
        || name.starts_with("apiaudit-grants.")
}

/// A top-level `openapi`/`swagger` key near the start: YAML (`openapi:` at a line start) or
/// JSON (`"openapi":`). NUL bytes are dropped first, so UTF-16 text without a byte-order mark
/// (which reads as binary) is recognised too.
pub fn spec_content(head: &[u8]) -> bool {
    let head = &head[..head.len().min(64 * 1024)];
    let text: Vec<u8> = if memchr::memchr(0, head).is_some() {
        head.iter().copied().filter(|b| *b != 0).collect()
    } else {
        head.to_vec()
    };
    for key in [&b"openapi"[..], b"swagger"] {
        for at in memchr::memmem::find_iter(&text, key) {
            let before = at.checked_sub(1).map(|i| text[i]);
            let after = &text[at + key.len()..];
            let yaml_key = matches!(before, None | Some(b'\n' | b'\r')) && after.first() == Some(&b':');
            let json_key = before == Some(b'"') && after.starts_with(b"\"") && {
                let rest = after[1..].iter().find(|b| !b.is_ascii_whitespace());
                rest == Some(&b':')
            };
            if yaml_key || json_key {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_by_name() {
        assert_eq!(Shape::of_name("api/openapi.yaml"), Shape::Spec);
        assert_eq!(Shape::of_name("docs/payments-swagger.json"), Shape::Spec);
        assert_eq!(Shape::of_name("src/main/resources/keystore.jks"), Shape::Key);
        assert_eq!(Shape::of_name("deploy/id_rsa"), Shape::Key);
        assert_eq!(
            Shape::of_name("src/main/resources/application-prod.yml"),
            Shape::Config
        );
        assert_eq!(
            Shape::of_name("src/main/resources/logback-spring.xml"),
            Shape::Config
        );
        assert_eq!(Shape::of_name(".env"), Shape::Config);
        assert_eq!(Shape::of_name("etc/logrotate.d/payments"), Shape::Config);
        assert_eq!(Shape::of_name("assets/logo.png"), Shape::Other);
        assert_eq!(Shape::of_name("lib/gradle-wrapper.jar"), Shape::Other);
    }

    #[test]
    fn shapes_by_content() {
        assert_eq!(
            Shape::of("api/pay.bin", b"openapi: 3.0.3\ninfo: {}\n"),
            Shape::Spec
        );
        assert_eq!(
            Shape::of("api/pay.dat", b"{\n  \"swagger\" : \"2.0\"}"),
            Shape::Spec
        );
        let utf16: Vec<u8> = "openapi: 3.1.0\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(Shape::of("api/pay", &utf16), Shape::Spec);
        assert_eq!(
            Shape::of("certs/store", &[0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]),
            Shape::Key
        );
        // A word in prose is no key.
        assert_eq!(Shape::of("notes.txt", b"see the openapi: docs"), Shape::Other);
        assert_eq!(Shape::of("notes.txt", b"\xff\xd8\xff\xe0 JFIF"), Shape::Other);
    }

    #[test]
    fn der_keys_count_only_in_key_named_files() {
        let der = [0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82];
        assert!(key_store("server.der", &der).is_some());
        assert!(key_store("cert.cer", &der).is_none());
        assert!(key_store("trust.p12", b"anything").is_some());
    }
}
