//! Character encodings of the files an estate holds, and turning their bytes into text: UTF-8
//! with or without a byte-order mark, UTF-16 LE/BE with one, and GB18030 (which reads GBK and
//! GB2312 alike), common in Chinese enterprise Java (`.properties`, logback and Spring XML, older
//! specs and sources). Decoding is `encoding_rs`'s; this module decides which encoding a file is
//! in and keeps that choice, so that a file edited in place (`apiaudit fix`) is written back in
//! the encoding it was read in.
//!
//! Detection: a byte-order mark, then UTF-8 validity, then GB18030 with a validity check (every
//! multi-byte sequence well formed, none in the private-use area that no real GBK text uses).
//! Whatever fails all three cannot be told apart from Latin-1 or another legacy encoding: the
//! caller reads it lossily and says so, or `scan.encoding` names the encoding for its paths.
//! One kind of file has an encoding of its own: a `.properties` file is read as
//! `java.util.Properties.load(InputStream)` reads it, ISO-8859-1 (as windows-1252, its WHATWG
//! form), when it is neither UTF-8 nor GB18030.
//!
//! Lines and columns survive decoding: every encoding here maps one character to one Unicode
//! scalar value and keeps line breaks, and columns count scalar values (`source::LineIndex`).

use std::fmt;

/// How a file's bytes are text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    /// The character encoding (UTF-8, UTF-16LE/BE, GB18030, or what `scan.encoding` names).
    kind: &'static encoding_rs::Encoding,
    /// Whether the file starts with a byte-order mark (written back when the file is).
    bom: bool,
}

impl fmt::Debug for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Default for Encoding {
    fn default() -> Self {
        Encoding::UTF8
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

impl Encoding {
    pub const UTF8: Encoding = Encoding {
        kind: encoding_rs::UTF_8,
        bom: false,
    };

    /// An encoding by its label (`utf-8`, `utf-16le`, `gbk`, `gb18030`, `latin1`, `shift_jis`,
    /// ... : the WHATWG labels `encoding_rs` knows), as `scan.encoding` gives it. GBK and GB2312
    /// are read as GB18030, their superset.
    pub fn for_label(label: &str) -> Option<Encoding> {
        let kind = encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes())?;
        let kind = if kind == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            kind
        };
        Some(Encoding { kind, bom: false })
    }

    /// Its name, with `+BOM` when the file has a byte-order mark.
    pub fn label(&self) -> String {
        let name = self.kind.name();
        if self.bom {
            format!("{name}+BOM")
        } else {
            name.to_string()
        }
    }

    pub fn is_utf8(&self) -> bool {
        self.kind == encoding_rs::UTF_8
    }

    #[cfg(test)]
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    fn bom_bytes(&self) -> &'static [u8] {
        match self.kind {
            k if k == encoding_rs::UTF_16LE => UTF16LE_BOM,
            k if k == encoding_rs::UTF_16BE => UTF16BE_BOM,
            _ => UTF8_BOM,
        }
    }

    /// The bytes of `text` in this encoding, byte-order mark included when the file had one;
    /// None when a character of `text` has no form in it (never for the UTF encodings).
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if self.bom {
            bytes.extend_from_slice(self.bom_bytes());
        }
        match self.kind {
            k if k == encoding_rs::UTF_8 => bytes.extend_from_slice(text.as_bytes()),
            // encoding_rs writes no UTF-16 (the WHATWG encoders output UTF-8 for it).
            k if k == encoding_rs::UTF_16LE => bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
            k if k == encoding_rs::UTF_16BE => bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
            kind => {
                let (encoded, _, unmappable) = kind.encode(text);
                if unmappable {
                    return None;
                }
                bytes.extend_from_slice(&encoded);
            }
        }
        Some(bytes)
    }
}

/// Where a file starts with a byte-order mark: its encoding and the mark's length.
pub fn sniff_bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    let (kind, len) = if bytes.starts_with(UTF8_BOM) {
        (encoding_rs::UTF_8, 3)
    } else if bytes.starts_with(UTF16LE_BOM) {
        (encoding_rs::UTF_16LE, 2)
    } else if bytes.starts_with(UTF16BE_BOM) {
        (encoding_rs::UTF_16BE, 2)
    } else {
        return None;
    };
    Some((Encoding { kind, bom: true }, len))
}

/// What is known of a file's encoding before its bytes are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hint {
    /// What `scan.encoding` names for its path: used whatever the bytes look like.
    pub forced: Option<Encoding>,
    /// What the program that reads this kind of file reads it in, used when detection finds no
    /// encoding.
    pub fallback: Option<Encoding>,
}

impl Hint {
    /// Nothing known: detection alone.
    pub const NONE: Hint = Hint {
        forced: None,
        fallback: None,
    };

    /// For a file at `rel` (its name decides the fallback), with what `scan.encoding` names.
    pub fn for_path(rel: &str, forced: Option<Encoding>) -> Hint {
        Hint {
            forced,
            fallback: fallback_for(rel),
        }
    }
}

/// The encoding a kind of file is read in by the program that reads it, when it is neither UTF-8
/// nor GB18030: `.properties` files by `java.util.Properties.load(InputStream)`, ISO-8859-1.
/// Every byte is a character in it, so such a file is never undecodable.
pub fn fallback_for(rel: &str) -> Option<Encoding> {
    let name = rel.rsplit(['/', '\\']).next().unwrap_or(rel);
    let (_, extension) = name.rsplit_once('.')?;
    extension.eq_ignore_ascii_case("properties").then_some(Encoding {
        kind: encoding_rs::WINDOWS_1252,
        bom: false,
    })
}

/// What decoding bytes gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// The text, without its byte-order mark.
    Text(String, Encoding),
    /// No encoding could be determined (or the one `scan.encoding` names does not fit): the
    /// bytes read as UTF-8 with invalid sequences replaced, and the offset of the first one.
    Undecodable {
        lossy: String,
        invalid_at: usize,
        why: String,
    },
}

/// Decodes bytes that are not valid UTF-8 (or that carry a UTF-16 byte-order mark, or whose
/// encoding `hint.forced` names). A valid UTF-8 file should not come here: its bytes are its
/// text, without a copy (the caller tries that first).
pub fn decode(bytes: &[u8], hint: Hint) -> Decoded {
    if let Some(forced) = hint.forced {
        return decode_as(bytes, forced);
    }
    if let Some((encoding, len)) = sniff_bom(bytes) {
        return match strict(encoding.kind, &bytes[len..]) {
            Some(text) => Decoded::Text(text, encoding),
            None => undecodable(
                bytes,
                format!("not valid {} despite its byte-order mark", encoding.kind.name()),
            ),
        };
    }
    let valid = utf8_valid_up_to(bytes);
    if valid == bytes.len() {
        return Decoded::Text(String::from_utf8_lossy(bytes).into_owned(), Encoding::UTF8);
    }
    if let Some(text) = strict(encoding_rs::GB18030, bytes).filter(|text| !has_private_use(text)) {
        return Decoded::Text(
            text,
            Encoding {
                kind: encoding_rs::GB18030,
                bom: false,
            },
        );
    }
    if let Some(fallback) = hint.fallback {
        if let Some(text) = strict(fallback.kind, bytes) {
            return Decoded::Text(text, fallback);
        }
    }
    undecodable(
        bytes,
        format!("encoding not determined: not UTF-8 (invalid byte at offset {valid}), UTF-16 with a byte-order mark or GB18030; `scan.encoding` can name it"),
    )
}

/// Decodes as the encoding `scan.encoding` names (a byte-order mark, when present, wins).
fn decode_as(bytes: &[u8], forced: Encoding) -> Decoded {
    if let Some((encoding, len)) = sniff_bom(bytes) {
        if let Some(text) = strict(encoding.kind, &bytes[len..]) {
            return Decoded::Text(text, encoding);
        }
    }
    match strict(forced.kind, bytes) {
        Some(text) => Decoded::Text(text, forced),
        None => undecodable(
            bytes,
            format!("not valid {} as `scan.encoding` says", forced.kind.name()),
        ),
    }
}

fn undecodable(bytes: &[u8], why: String) -> Decoded {
    Decoded::Undecodable {
        lossy: String::from_utf8_lossy(bytes).into_owned(),
        invalid_at: utf8_valid_up_to(bytes),
        why,
    }
}

/// The length of the longest valid UTF-8 prefix.
fn utf8_valid_up_to(bytes: &[u8]) -> usize {
    encoding_rs::Encoding::utf8_valid_up_to(bytes)
}

/// The text when every byte sequence is valid in `kind`.
fn strict(kind: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    kind.decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
}

/// Private-use characters: what GBK's user-defined areas decode to, and what Latin-1 or other
/// legacy text read as GB18030 often gives; real GBK text does not use them.
fn has_private_use(text: &str) -> bool {
    text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn gbk_text_is_detected_and_round_trips() {
        let bytes = gbk("# 说明：密码\nspring.datasource.password=Zx9!secret\n");
        let Decoded::Text(text, encoding) = decode(&bytes, Hint::NONE) else {
            panic!("not decoded")
        };
        assert_eq!(text, "# 说明：密码\nspring.datasource.password=Zx9!secret\n");
        assert_eq!(encoding.label(), "gb18030");
        assert_eq!(encoding.encode(&text), Some(bytes));
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_and_round_trips() {
        for (bom, le) in [(UTF16LE_BOM, true), (UTF16BE_BOM, false)] {
            let mut bytes = bom.to_vec();
            for unit in "openapi: 3.0.3\n名称: 账户\n".encode_utf16() {
                bytes.extend(if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            let Decoded::Text(text, encoding) = decode(&bytes, Hint::NONE) else {
                panic!("not decoded")
            };
            assert_eq!(text, "openapi: 3.0.3\n名称: 账户\n");
            assert!(encoding.has_bom());
            assert_eq!(encoding.encode(&text), Some(bytes));
        }
    }

    #[test]
    fn utf8_with_a_bom_keeps_it_when_written_back() {
        let bytes = b"\xEF\xBB\xBFkey: value\n".to_vec();
        let Decoded::Text(text, encoding) = decode(&bytes, Hint::NONE) else {
            panic!("not decoded")
        };
        assert_eq!(text, "key: value\n");
        assert_eq!(encoding.label(), "UTF-8+BOM");
        assert_eq!(encoding.encode(&text), Some(bytes));
    }

    #[test]
    fn latin1_that_is_not_gb18030_is_undecodable_unless_named() {
        // "café\n" in Latin-1: 0xE9 followed by a line feed is no GB18030 sequence.
        let bytes = b"name=caf\xE9\n".to_vec();
        let Decoded::Undecodable {
            lossy,
            invalid_at,
            why,
        } = decode(&bytes, Hint::NONE)
        else {
            panic!("decoded")
        };
        assert_eq!(invalid_at, 8);
        assert!(lossy.starts_with("name=caf"));
        assert!(why.contains("encoding not determined"), "{why}");
        let latin1 = Encoding::for_label("latin1");
        let Decoded::Text(text, _) = decode(
            &bytes,
            Hint {
                forced: latin1,
                fallback: None,
            },
        ) else {
            panic!("not decoded")
        };
        assert_eq!(text, "name=café\n");
    }

    #[test]
    fn a_properties_file_in_no_detected_encoding_is_read_as_latin1() {
        let bytes = b"title=Cl\xE9 invalide\n".to_vec();
        let hint = Hint::for_path("src/main/resources/Messages.PROPERTIES", None);
        let Decoded::Text(text, encoding) = decode(&bytes, hint) else {
            panic!("not decoded")
        };
        assert_eq!(text, "title=Clé invalide\n");
        assert_eq!(encoding.label(), "windows-1252");
        assert_eq!(encoding.encode(&text), Some(bytes.clone()));
        // GB18030 and UTF-8 come first; other kinds of file have no fallback.
        let gbk = gbk("标题=账户\n");
        let Decoded::Text(_, encoding) = decode(&gbk, hint) else {
            panic!("not decoded")
        };
        assert_eq!(encoding.label(), "gb18030");
        let other = Hint::for_path("config/app.yml", None);
        assert!(matches!(decode(&bytes, other), Decoded::Undecodable { .. }));
        assert_eq!(Hint::for_path("properties", None).fallback, None);
    }

    #[test]
    fn a_named_encoding_that_does_not_fit_is_undecodable() {
        let bytes = b"\xFF\xFF\xFF".to_vec();
        let forced = Encoding::for_label("gbk");
        assert!(matches!(
            decode(
                &bytes,
                Hint {
                    forced,
                    fallback: None
                }
            ),
            Decoded::Undecodable { .. }
        ));
        assert_eq!(forced.map(|e| e.label()), Some("gb18030".to_string()));
    }

    #[test]
    fn text_with_private_use_characters_is_not_taken_for_gbk() {
        // 0xAA 0xA1 lies in GBK's user-defined area (U+E000 onwards).
        assert!(matches!(
            decode(b"x\xAA\xA1y", Hint::NONE),
            Decoded::Undecodable { .. }
        ));
    }
}
