//! KEY002: key stores and private-key files committed to the repository. Binary stores are
//! recognised by their magic bytes (JKS, JCEKS, PKCS#12, DER private keys) or by their
//! extension; `.pem`/`.key` files only when they hold a private key; `.sm2` files by name.
//! The finding is about the file: it coexists with KEY001 on the key inside a `.pem`.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::rules::{BinaryInput, Ctx, FileInput, Rule};
use crate::source::Pos;

pub struct KeyStoreFile;

/// Extensions of key stores: reported whatever their content.
const STORE_EXTENSIONS: &[(&str, &str, &str)] = &[
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
const KEY_FILE_EXTENSIONS: &[&str] = &["pem", "key", "der", "priv", "prv", "ppk", "asc", "gpg"];
const KEY_FILE_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_sm2"];

fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// What the magic bytes say the file is.
fn magic(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match bytes {
        [0xfe, 0xed, 0xfe, 0xed, ..] => Some(("Java key store (JKS)", "Java 密钥库（JKS）")),
        [0xce, 0xce, 0xce, 0xce, ..] => Some(("Java key store (JCEKS)", "Java 密钥库（JCEKS）")),
        [0x30, 0x82, _, _, 0x02, 0x01, 0x03, ..]
        | [0x30, 0x80, 0x02, 0x01, 0x03, ..]
        | [0x30, 0x81, _, 0x02, 0x01, 0x03, ..] => Some(("PKCS#12 key store", "PKCS#12 密钥库")),
        [0x30, 0x82, _, _, 0x02, 0x01, 0x00, 0x30 | 0x02, ..] | [0x30, _, 0x02, 0x01, 0x01, 0x04, ..] => {
            Some(("DER private key", "DER 格式私钥"))
        }
        _ => None,
    }
}

impl KeyStoreFile {
    fn finding(&self, path: &str, rel: &str, name: &str, kind: (&str, &str)) -> RawFinding {
        let (en, zh) = kind;
        RawFinding::at_pos(
            RuleCode::KEY002,
            path,
            rel,
            Pos { line: 1, col: 1 },
            Msg::new(
                format!("{en} `{name}` committed to the repository"),
                format!("{zh} `{name}` 被提交到代码仓库"),
            ),
        )
        .with_key("key-store")
    }
}

impl Rule for KeyStoreFile {
    fn code(&self) -> RuleCode {
        RuleCode::KEY002
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_binary(&self, input: &BinaryInput, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let name = input.rel.rsplit('/').next().unwrap_or("").to_string();
        let lower = name.to_ascii_lowercase();
        let ext = extension(&lower);
        let by_magic = magic(&input.bytes);
        // DER private keys only count in files named like key files (DER is everywhere).
        let by_magic =
            by_magic.filter(|(en, _)| *en != "DER private key" || KEY_FILE_EXTENSIONS.contains(&ext));
        let by_name = STORE_EXTENSIONS
            .iter()
            .find(|(e, _, _)| *e == ext)
            .map(|(_, en, zh)| (*en, *zh));
        if let Some(kind) = by_magic.or(by_name) {
            out.push(self.finding(&input.path, &input.rel, &name, kind));
        }
    }

    fn check_file(&self, input: &FileInput, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let lower = input.file_name();
        let ext = extension(&lower);
        let name = input.file.rel.rsplit('/').next().unwrap_or("");
        if let Some((_, en, zh)) = STORE_EXTENSIONS.iter().find(|(e, _, _)| *e == ext) {
            out.push(self.finding(&input.file.path, &input.file.rel, name, (en, zh)));
            return;
        }
        let key_named = KEY_FILE_EXTENSIONS.contains(&ext) || KEY_FILE_NAMES.contains(&lower.as_str());
        if key_named && memchr::memmem::find(input.file.text.as_bytes(), b"PRIVATE KEY-----").is_some() {
            out.push(self.finding(
                &input.file.path,
                &input.file.rel,
                name,
                ("private-key file", "私钥文件"),
            ));
        }
    }
}
