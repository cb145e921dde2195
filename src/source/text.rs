//! The text of a file as the pipeline holds it: owned (a small file read into memory, or a file
//! decoded from another encoding) or a view of a memory map (a large UTF-8 file: its pages are
//! the page cache's, never copied, so a 200 MB file costs no 200 MB of heap).
//!
//! Memory maps need `unsafe`, the only in the library, kept to this module: the map itself, and
//! the `&str` view over bytes checked once to be UTF-8. Both rest on the file not changing while
//! it is mapped; an estate being audited is not being rewritten, and ripgrep makes the same
//! assumption (docs/decisions/0009).

#![allow(unsafe_code)]

use std::fs::File;
use std::ops::Deref;

/// Text, owned or memory-mapped; derefs to `str`.
pub struct Text(Repr);

enum Repr {
    Owned(String),
    /// A map whose bytes from `start` (after a byte-order mark) are valid UTF-8.
    Mapped {
        map: memmap2::Mmap,
        start: usize,
    },
}

impl Text {
    /// Maps `file` read-only: the text from `start` when the bytes from there are UTF-8,
    /// otherwise the map back for decoding.
    pub fn map(file: &File) -> std::io::Result<memmap2::Mmap> {
        // SAFETY: the map is read-only and private to this process; it stays valid while
        // the file is not truncated or rewritten during the audit (see the module's note).
        unsafe { memmap2::MmapOptions::new().map(file) }
    }

    /// Text over a map whose bytes from `start` are valid UTF-8; the map back otherwise.
    pub fn mapped(map: memmap2::Mmap, start: usize) -> Result<Text, memmap2::Mmap> {
        let Some(bytes) = map.get(start..) else {
            return Err(map);
        };
        if std::str::from_utf8(bytes).is_err() {
            return Err(map);
        }
        Ok(Text(Repr::Mapped { map, start }))
    }

    pub fn as_str(&self) -> &str {
        self
    }

    /// Whether the text is a view of a memory map.
    #[cfg(test)]
    pub fn is_mapped(&self) -> bool {
        matches!(self.0, Repr::Mapped { .. })
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            // SAFETY: checked to be UTF-8 in `mapped`, and the map is never written through.
            Repr::Mapped { map, start } => unsafe { std::str::from_utf8_unchecked(&map[*start..]) },
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Repr::Owned(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(Repr::Owned(text.to_string()))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Owned(text) => write!(f, "Text({} bytes)", text.len()),
            Repr::Mapped { map, start } => write!(f, "Text(mapped, {} bytes)", map.len() - start),
        }
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn mapped_text_reads_as_the_file() {
        let mut file = tempfile::tempfile().unwrap_or_else(|e| panic!("{e}"));
        file.write_all(b"\xEF\xBB\xBFkey: \xE5\x80\xBC\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let map = Text::map(&file).unwrap_or_else(|e| panic!("{e}"));
        let text = Text::mapped(map, 3).unwrap_or_else(|_| panic!("not UTF-8"));
        assert!(text.is_mapped());
        assert_eq!(&*text, "key: 值\n");
    }

    #[test]
    fn a_map_that_is_not_utf8_comes_back() {
        let mut file = tempfile::tempfile().unwrap_or_else(|e| panic!("{e}"));
        file.write_all(b"\xD5\xCB\xBB\xA7")
            .unwrap_or_else(|e| panic!("{e}"));
        let map = Text::map(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(Text::mapped(map, 0).is_err());
    }
}
