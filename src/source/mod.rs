//! Source files as the rest of the pipeline sees them: the text, the paths a user reads in
//! reports, and a line index that turns byte offsets into 1-based line and column numbers.
//!
//! Columns count Unicode scalar values (what editors and SARIF's `unicodeCodePoints` show).
//! Minified JSON puts megabytes on one line, so long non-ASCII lines keep checkpoints and a
//! lookup never scans more than one checkpoint interval.

pub mod comments;
pub mod encoding;
pub mod git;
pub mod shape;
pub mod text;

pub use encoding::Encoding;
pub use text::Text;

use std::path::PathBuf;

/// The largest char boundary of `text` at or before `index` (clamped to the text): where to cut
/// a string at a byte offset that may fall inside a multi-byte character.
pub fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The smallest char boundary of `text` at or after `index` (clamped to the text).
pub fn ceil_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while index < text.len() && !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// A byte range in one file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }
}

fn clamp_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

const CHECKPOINT_EVERY: usize = 4096;

/// Line starts of a text, plus checkpoints inside long non-ASCII lines.
#[derive(Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// For each line that is long and not pure ASCII: (line number, checkpoints of
    /// (byte offset, chars before it within the line)), sorted by line.
    checkpoints: Vec<(u32, Vec<(u32, u32)>)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        for pos in memchr::memchr_iter(b'\n', bytes) {
            starts.push(clamp_u32(pos + 1));
        }
        let mut checkpoints = Vec::new();
        for (line, window) in starts
            .windows(2)
            .chain(std::iter::once(
                &[*starts.last().unwrap_or(&0), clamp_u32(bytes.len())][..],
            ))
            .enumerate()
        {
            let (start, end) = (window[0] as usize, window[1] as usize);
            if end - start > CHECKPOINT_EVERY && !bytes[start..end].is_ascii() {
                let mut points = Vec::new();
                let mut next = start + CHECKPOINT_EVERY;
                for (chars, (offset, _)) in text[start..end].char_indices().enumerate() {
                    let absolute = start + offset;
                    if absolute >= next {
                        points.push((clamp_u32(absolute), clamp_u32(chars)));
                        next = absolute + CHECKPOINT_EVERY;
                    }
                }
                checkpoints.push((clamp_u32(line), points));
            }
        }
        LineIndex { starts, checkpoints }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte range of a 1-based line, without its line terminator.
    pub fn line_range(&self, text: &str, line: u32) -> Option<(usize, usize)> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(index)? as usize;
        let mut end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| *next as usize);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Some((start, end))
    }

    /// The byte offset of a 1-based line and column (in characters), the inverse of `pos`; a
    /// column past the line's end gives the line's end. Long lines cost no more than short
    /// ones: a long line is pure ASCII or has checkpoints.
    pub fn offset(&self, text: &str, pos: Pos) -> Option<usize> {
        let (start, end) = self.line_range(text, pos.line)?;
        let line = text.get(start..end)?;
        let skip = pos.col.saturating_sub(1);
        let (base, chars_before) = match self
            .checkpoints
            .binary_search_by_key(&(pos.line - 1), |(l, _)| *l)
        {
            Ok(found) => {
                let points = &self.checkpoints[found].1;
                match points.binary_search_by_key(&skip, |(_, chars)| *chars) {
                    Ok(exact) => (points[exact].0 as usize, points[exact].1),
                    Err(0) => (start, 0),
                    Err(next) => (points[next - 1].0 as usize, points[next - 1].1),
                }
            }
            // Without checkpoints a line longer than their spacing is ASCII.
            Err(_) if line.len() > CHECKPOINT_EVERY => return Some(start + (skip as usize).min(line.len())),
            Err(_) => (start, 0),
        };
        let rest = text.get(base..end)?;
        let within = rest
            .char_indices()
            .nth((skip - chars_before) as usize)
            .map_or(rest.len(), |(at, _)| at);
        Some(base + within)
    }

    /// 1-based position of a byte offset (clamped to the text, and to a char boundary).
    pub fn pos(&self, text: &str, offset: u32) -> Pos {
        let offset = floor_char_boundary(text, offset as usize);
        let line = match self.starts.binary_search(&clamp_u32(offset)) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let line_start = self.starts[line] as usize;
        let (base, chars_before) = match self
            .checkpoints
            .binary_search_by_key(&clamp_u32(line), |(l, _)| *l)
        {
            Ok(found) => {
                let points = &self.checkpoints[found].1;
                match points.binary_search_by_key(&clamp_u32(offset), |(o, _)| *o) {
                    Ok(exact) => (points[exact].0 as usize, points[exact].1),
                    Err(0) => (line_start, 0),
                    Err(next) => (points[next - 1].0 as usize, points[next - 1].1),
                }
            }
            Err(_) => (line_start, 0),
        };
        let segment = &text.as_bytes()[base..offset];
        let chars = if segment.is_ascii() {
            segment.len()
        } else {
            text[base..offset].chars().count()
        };
        Pos {
            line: clamp_u32(line + 1),
            col: clamp_u32(chars_before as usize + chars + 1),
        }
    }
}

/// One file of the run, decoded to UTF-8 text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as reached from the root given on the command line, `/`-separated.
    pub path: String,
    /// The path relative to its scan root, `/`-separated (what fingerprints hash).
    pub rel: String,
    /// Where to read it on this machine.
    pub fs_path: PathBuf,
    /// The text, without a leading byte-order mark.
    pub text: Text,
    /// The encoding the file's bytes were decoded from: what an edit writes it back in.
    pub encoding: Encoding,
    /// Built on first use: most files of a repository scan never report a position.
    lines: std::sync::OnceLock<LineIndex>,
}

impl SourceFile {
    /// A file whose text is UTF-8 (a leading byte-order mark is dropped and remembered).
    pub fn new(path: String, rel: String, fs_path: PathBuf, mut text: String) -> Self {
        let mut encoding = Encoding::UTF8;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
            encoding = encoding::sniff_bom(b"\xEF\xBB\xBF").map_or(encoding, |(e, _)| e);
        }
        Self::decoded(path, rel, fs_path, Text::from(text), encoding)
    }

    /// A file read from `encoding`, its text already without a byte-order mark.
    pub fn decoded(path: String, rel: String, fs_path: PathBuf, text: Text, encoding: Encoding) -> Self {
        SourceFile {
            path,
            rel,
            fs_path,
            text,
            encoding,
            lines: std::sync::OnceLock::new(),
        }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn pos(&self, offset: u32) -> Pos {
        self.lines().pos(&self.text, offset)
    }

    pub fn line_text(&self, line: u32) -> &str {
        self.lines()
            .line_range(&self.text, line)
            .map_or("", |(start, end)| &self.text[start..end])
    }
}

/// Joins a `/`-separated display path with a relative reference and removes `.` and `..`
/// segments, so a `$ref`'d file is named the way a user would reach it from the root.
pub fn join_display(base_file: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = base_file.split('/').collect();
    parts.pop();
    let absolute = base_file.starts_with('/');
    for segment in reference.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(last) if *last != ".." && !last.is_empty()) {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_lines() {
        let text = "ab\n中文x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.pos(text, 0), Pos { line: 1, col: 1 });
        assert_eq!(index.pos(text, 3), Pos { line: 2, col: 1 });
        let x = text.find('x').unwrap_or(0) as u32;
        assert_eq!(index.pos(text, x), Pos { line: 2, col: 3 });
        assert_eq!(index.pos(text, text.len() as u32), Pos { line: 3, col: 5 });
    }

    #[test]
    fn long_non_ascii_lines_use_checkpoints() {
        let text: String = "é".repeat(10_000) + "X";
        let index = LineIndex::new(&text);
        let x = text.find('X').unwrap_or(0) as u32;
        assert_eq!(index.pos(&text, x), Pos { line: 1, col: 10_001 });
        assert_eq!(index.pos(&text, 8_000), Pos { line: 1, col: 4_001 });
    }

    #[test]
    fn offsets_are_the_inverse_of_positions_on_short_and_long_lines() {
        let long_ascii = "a".repeat(9_000);
        let long_wide = "é中".repeat(5_000);
        let text = format!("ab\n中文x\r\n{long_ascii}Y\n{long_wide}Z\nlast");
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().filter(|(_, c)| *c != '\n' && *c != '\r') {
            let pos = index.pos(&text, offset as u32);
            assert_eq!(index.offset(&text, pos), Some(offset), "{pos:?}");
        }
        // A column past the end of a line gives the line's end; a line past the end, nothing.
        let end_of_first = index.offset(&text, Pos { line: 1, col: 99 });
        assert_eq!(end_of_first, Some(2));
        assert_eq!(index.offset(&text, Pos { line: 9, col: 1 }), None);
    }

    #[test]
    fn display_paths_join_references() {
        assert_eq!(
            join_display("repo/api/spec.yaml", "./schemas/a.yaml"),
            "repo/api/schemas/a.yaml"
        );
        assert_eq!(
            join_display("repo/api/spec.yaml", "../common/a.yaml"),
            "repo/common/a.yaml"
        );
        assert_eq!(join_display("spec.yaml", "../x.yaml"), "../x.yaml");
        assert_eq!(join_display("/abs/spec.yaml", "x.yaml"), "/abs/x.yaml");
    }
}
