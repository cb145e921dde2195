//! Reading a file once: as text in its encoding (`source::encoding`), as binary (a NUL byte
//! near the start, no UTF-16 byte-order mark), or not at all (too large, unreadable). Small
//! files are read into memory; files from `MAP_AT` up are memory-mapped, and a UTF-8 one is
//! used in place (`source::Text`): a large file is never copied or read whole by accident. A
//! file over its size limit is not read past its first bytes (to tell what it looks like).

use crate::source::encoding::{self, Decoded, Hint};
use crate::source::{Encoding, Text};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// What reading a file gave.
pub enum Content {
    /// Decoded text, without a byte-order mark, and the encoding it was in.
    Text {
        text: Text,
        encoding: Encoding,
    },
    /// Text in no encoding that could be determined: read as UTF-8 with invalid sequences
    /// replaced, the offset of the first one, and why.
    Undecodable {
        text: String,
        invalid_at: usize,
        why: String,
    },
    /// A binary file: its bytes (for a memory-mapped one, the first `BINARY_KEPT` bytes, all
    /// that key-store recognition reads).
    Binary(Vec<u8>),
    /// Larger than the limit: its size and first bytes.
    TooLarge {
        size: u64,
        head: Vec<u8>,
    },
    Unreadable(String),
}

/// How much of a file decides whether it is binary.
const BINARY_SNIFF: usize = 8192;
/// Files this large or larger are memory-mapped.
pub const MAP_AT: u64 = 8 * 1024 * 1024;
/// What is kept of a large binary file.
const BINARY_KEPT: usize = 64 * 1024;
/// What is read of a file over its limit, to tell its shape.
const HEAD: u64 = 64 * 1024;

/// Reads a file once. `limit`: the size above which it is not read (None: no limit, for a path
/// named on the command line); `hint`: the encoding `scan.encoding` names for it, and the one its
/// kind of file falls back to.
pub fn read(path: &Path, limit: Option<u64>, hint: Hint) -> Content {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return Content::Unreadable(error.to_string()),
    };
    let size = match file.metadata() {
        Ok(meta) => meta.len(),
        Err(error) => return Content::Unreadable(error.to_string()),
    };
    if limit.is_some_and(|limit| size > limit) {
        return too_large(file, size);
    }
    if size >= MAP_AT {
        // A file system that cannot map (some network and virtual ones) is read instead.
        if let Ok(map) = Text::map(&file) {
            return classify_mapped(map, hint);
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    let bound = limit.map_or(u64::MAX, |limit| limit.saturating_add(1));
    if let Err(error) = (&mut file).take(bound).read_to_end(&mut bytes) {
        return Content::Unreadable(error.to_string());
    }
    // It grew past the limit while being read.
    if limit.is_some_and(|limit| bytes.len() as u64 > limit) {
        let size = bytes.len() as u64;
        bytes.truncate(HEAD as usize);
        return Content::TooLarge { size, head: bytes };
    }
    classify(bytes, hint)
}

fn too_large(file: File, size: u64) -> Content {
    let mut head = Vec::new();
    match file.take(HEAD).read_to_end(&mut head) {
        Ok(_) => Content::TooLarge { size, head },
        Err(error) => Content::Unreadable(error.to_string()),
    }
}

/// Text or binary, and the text decoded: a UTF-16 byte-order mark means text; otherwise a NUL
/// byte near the start means binary; then UTF-8, then the other encodings (`source::encoding`).
/// `hint.forced` (from `scan.encoding`) skips the binary test.
pub fn classify(bytes: Vec<u8>, hint: Hint) -> Content {
    let bom = encoding::sniff_bom(&bytes);
    if hint.forced.is_none() && bom.is_none_or(|(encoding, _)| encoding.is_utf8()) {
        if is_binary(&bytes) {
            return Content::Binary(bytes);
        }
        // One validation pass, no copy: most files are UTF-8 without a byte-order mark.
        let bytes = match bom {
            None => match String::from_utf8(bytes) {
                Ok(text) => {
                    return Content::Text {
                        text: Text::from(text),
                        encoding: Encoding::UTF8,
                    }
                }
                Err(error) => error.into_bytes(),
            },
            Some((encoding, len)) => match std::str::from_utf8(&bytes[len..]) {
                Ok(text) => {
                    return Content::Text {
                        text: Text::from(text),
                        encoding,
                    }
                }
                Err(_) => bytes,
            },
        };
        return decoded(encoding::decode(&bytes, hint));
    }
    decoded(encoding::decode(&bytes, hint))
}

/// `classify` for a memory map: UTF-8 text stays in the map.
fn classify_mapped(map: memmap2::Mmap, hint: Hint) -> Content {
    let bom = encoding::sniff_bom(&map);
    if hint.forced.is_none() && bom.is_none_or(|(encoding, _)| encoding.is_utf8()) {
        if is_binary(&map) {
            return Content::Binary(map[..map.len().min(BINARY_KEPT)].to_vec());
        }
        let start = bom.map_or(0, |(_, len)| len);
        let encoding = bom.map_or(Encoding::UTF8, |(encoding, _)| encoding);
        match Text::mapped(map, start) {
            Ok(text) => return Content::Text { text, encoding },
            Err(map) => return decoded(encoding::decode(&map, hint)),
        }
    }
    decoded(encoding::decode(&map, hint))
}

fn decoded(decoded: Decoded) -> Content {
    match decoded {
        Decoded::Text(text, encoding) => Content::Text {
            text: Text::from(text),
            encoding,
        },
        Decoded::Undecodable {
            lossy,
            invalid_at,
            why,
        } => Content::Undecodable {
            text: lossy,
            invalid_at,
            why,
        },
    }
}

fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(content: Content) -> (String, String) {
        match content {
            Content::Text { text, encoding } => (text.to_string(), encoding.label()),
            Content::Undecodable { why, .. } => panic!("undecodable: {why}"),
            _ => panic!("not text"),
        }
    }

    #[test]
    fn classifies_by_bom_nul_and_encoding() {
        assert_eq!(
            text_of(classify(b"a: 1\n".to_vec(), Hint::NONE)),
            ("a: 1\n".into(), "UTF-8".into())
        );
        assert_eq!(
            text_of(classify(b"\xEF\xBB\xBFa: 1\n".to_vec(), Hint::NONE)),
            ("a: 1\n".into(), "UTF-8+BOM".into())
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a: 值\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            text_of(classify(utf16, Hint::NONE)),
            ("a: 值\n".into(), "UTF-16LE+BOM".into())
        );
        assert!(matches!(
            classify(b"\x89PNG\r\n\x1a\n\0\0".to_vec(), Hint::NONE),
            Content::Binary(_)
        ));
        let gbk = encoding_rs::GB18030.encode("密码=1\n").0.into_owned();
        assert_eq!(
            text_of(classify(gbk, Hint::NONE)),
            ("密码=1\n".into(), "gb18030".into())
        );
        assert!(matches!(
            classify(b"caf\xE9\n".to_vec(), Hint::NONE),
            Content::Undecodable { invalid_at: 3, .. }
        ));
    }

    #[test]
    fn large_files_are_mapped_and_limits_hold() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("big.txt");
        let line = "password = not-a-secret-line\n";
        let body = line.repeat((MAP_AT as usize / line.len()) + 10);
        std::fs::write(&path, &body).unwrap_or_else(|e| panic!("{e}"));
        match read(&path, None, Hint::NONE) {
            Content::Text { text, .. } => {
                assert!(text.is_mapped());
                assert_eq!(text.len(), body.len());
            }
            _ => panic!("not text"),
        }
        match read(&path, Some(1024), Hint::NONE) {
            Content::TooLarge { size, head } => {
                assert_eq!(size, body.len() as u64);
                assert_eq!(head.len() as u64, HEAD);
            }
            _ => panic!("not too large"),
        }
    }
}
