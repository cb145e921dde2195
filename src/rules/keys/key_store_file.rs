//! KEY002: key stores and private-key files committed to the repository. Binary stores are
//! recognised by their magic bytes (JKS, JCEKS, PKCS#12, DER private keys) or by their
//! extension; `.pem`/`.key` files only when they hold a private key; `.sm2` files by name.
//! The finding is about the file: it coexists with KEY001 on the key inside a `.pem`.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::rules::{BinaryInput, Ctx, FileInput, Rule};
use crate::source::shape::{self, KEY_FILE_EXTENSIONS, KEY_FILE_NAMES, STORE_EXTENSIONS};
use crate::source::Pos;

pub struct KeyStoreFile;

fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
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
        if let Some(kind) = shape::key_store(&name.to_ascii_lowercase(), &input.bytes) {
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
