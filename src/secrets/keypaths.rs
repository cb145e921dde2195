//! YAML key paths for detectors with `key-paths = true`: a flat view of a YAML file in which
//! every scalar setting stands on its own line under its full dotted path, as in a
//! `.properties` file (`secret:\n  key: abc` and `secret: { key: abc }` both read
//! `secret.key: abc`), so that a detector judges the whole path, not the leaf. Values are
//! copied verbatim, so an offset inside a value maps back to the file exactly; an offset in a
//! synthetic path prefix maps to the start of its key. Only the settings whose path holds one of
//! the detectors' keywords are written.
//!
//! This is a line reader, not a YAML parser: indentation decides nesting, `- ` list items keep
//! their parent's path, one level of flow mapping on a line is split, block scalars and
//! comments are left out. It never fails: a line it does not understand is copied as it is.

/// One stretch of the flat text and where it comes from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    flat: usize,
    orig: usize,
    len: usize,
    /// A path prefix written by the reader: every offset in it maps to `orig`.
    synthetic: bool,
}

#[derive(Debug, Default)]
pub(super) struct FlatView {
    pub(super) text: String,
    pieces: Vec<Piece>,
}

impl FlatView {
    fn verbatim(&mut self, orig: usize, slice: &str) {
        self.pieces.push(Piece {
            flat: self.text.len(),
            orig,
            len: slice.len(),
            synthetic: false,
        });
        self.text.push_str(slice);
    }

    /// A path prefix (`spring.datasource.`), every offset of which maps to `orig`.
    fn prefix(&mut self, orig: usize, path: &str) {
        if path.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(path);
        self.pieces.push(Piece {
            flat: start,
            orig,
            len: self.text.len() - start,
            synthetic: true,
        });
    }

    fn newline(&mut self) {
        self.text.push('\n');
    }

    /// The file offset of a flat offset.
    pub(super) fn map(&self, flat: usize) -> usize {
        let at = self.pieces.partition_point(|p| p.flat <= flat);
        let Some(piece) = at.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if piece.synthetic {
            piece.orig
        } else {
            piece.orig + (flat - piece.flat).min(piece.len)
        }
    }

    /// The file range of a flat range (its end mapped from its last byte).
    pub(super) fn map_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map(start);
        let e = if end > start { self.map(end - 1) + 1 } else { s };
        (s, e.max(s))
    }
}

/// A key at the start of `line` (after indentation and list markers): its text without
/// quotes, its byte range in `line`, and where the value starts.
fn key_of(line: &str) -> Option<(&str, usize, usize, usize)> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    let (key_start, key_end, after) = if first == b'"' || first == b'\'' {
        let close = line[1..].find(first as char)? + 1;
        (1, close, close + 1)
    } else {
        if matches!(
            first,
            b'#' | b'{' | b'[' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b','
        ) {
            return None;
        }
        // A plain key ends at the first `: ` (or `:` at the end of the line).
        let mut end = None;
        for (i, b) in bytes.iter().enumerate() {
            if *b == b':' && bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t') {
                end = Some(i);
                break;
            }
            if *b == b'#' && i > 0 && bytes[i - 1] == b' ' {
                return None;
            }
        }
        let end = end?;
        let key_end = line[..end].trim_end().len();
        (0, key_end, end)
    };
    let rest = line.get(after..)?;
    let rest_trim = rest.trim_start();
    if !rest_trim.starts_with(':') {
        return None;
    }
    let colon = after + (rest.len() - rest_trim.len());
    let key = line.get(key_start..key_end)?;
    if key.is_empty() {
        return None;
    }
    Some((key, key_start, key_end, colon + 1))
}

/// The flat view of a YAML text, with only the settings whose path (or, for lines this reader
/// copies as they are, whose text) `wanted` accepts: the detectors' keywords, so that the view
/// stays small and their regexes read little.
pub(super) fn flatten(text: &str, wanted: &dyn Fn(&str) -> bool) -> FlatView {
    let mut view = FlatView::default();
    // Open keys: (indentation of the key, length of `prefix` before it).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    // The open keys' path, each key followed by `.`.
    let mut prefix = String::new();
    // The path of the current setting (reused).
    let mut path = String::new();
    // Indentation of the key of a block scalar being skipped.
    let mut block: Option<usize> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(key_indent) = block {
            if indent > key_indent {
                continue;
            }
            block = None;
        }
        if trimmed.starts_with("---") || trimmed.starts_with("...") {
            stack.clear();
            prefix.clear();
            continue;
        }
        // List markers: `- key: v` is a key of the item, at the column after the marker.
        let mut body = trimmed;
        let mut column = indent;
        while let Some(rest) = body.strip_prefix('-') {
            if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
                break;
            }
            let next = rest.trim_start_matches([' ', '\t']);
            column += body.len() - next.len();
            body = next;
        }
        if body.is_empty() {
            continue;
        }
        let body_start = line_start + column;
        let Some((key, key_start, _key_end, value_at)) = key_of(body) else {
            // A list scalar or a line this reader does not follow: copied as it is.
            if wanted(body) {
                view.verbatim(body_start, body);
                view.newline();
            }
            continue;
        };
        while let Some(&(_, before)) = stack.last().filter(|(i, _)| *i >= column) {
            prefix.truncate(before);
            stack.pop();
        }
        let value = body[value_at..].trim_start_matches([' ', '\t']);
        let value_start = body_start + (body.len() - value.len());
        if value.is_empty() || value.starts_with('#') {
            stack.push((column, prefix.len()));
            prefix.push_str(key);
            prefix.push('.');
            continue;
        }
        if value.starts_with('|') || value.starts_with('>') {
            block = Some(column);
            continue;
        }
        path.clear();
        path.push_str(&prefix);
        path.push_str(key);
        if value.starts_with('{') && !value.starts_with("{{") {
            path.push('.');
            flow_mapping(&mut view, &path, value, value_start, wanted);
            continue;
        }
        if !wanted(&path) {
            continue;
        }
        if key_start == 0 {
            view.prefix(body_start, &prefix);
            view.verbatim(body_start, body);
        } else {
            // A quoted key: written without its quotes, the value verbatim.
            view.prefix(body_start + key_start, &path);
            view.verbatim(body_start + value_at - 1, &body[value_at - 1..]);
        }
        view.newline();
    }
    view
}

/// `{ k: v, k2: "v2" }` on one line: each pair on a line of its own under `prefix`.
fn flow_mapping(
    view: &mut FlatView,
    prefix: &str,
    value: &str,
    value_start: usize,
    wanted: &dyn Fn(&str) -> bool,
) {
    let Some(close) = value.find('}') else {
        return;
    };
    let inner = &value[1..close];
    let mut at = 1;
    for pair in inner.split(',') {
        let pair_start = at + (pair.len() - pair.trim_start().len());
        at += pair.len() + 1;
        let pair = pair.trim();
        if pair.is_empty() || pair.contains('{') {
            continue;
        }
        let Some((key, ..)) = key_of(pair) else {
            continue;
        };
        if !wanted(&format!("{prefix}{key}")) {
            continue;
        }
        view.prefix(value_start + pair_start, prefix);
        view.verbatim(value_start + pair_start, pair);
        view.newline();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_read_as_paths() {
        let text = "spring:\n  datasource:\n    password: Lh@2023prod!\nsecret: { key: Zk9#aQ, iv: x }\nlist:\n  - name: a\n    token: Tk#1\n  - DB_PASSWORD=Pw#2\nblock: |\n  secret: not-a-key\n\"quoted\": v\n";
        let view = flatten(text, &|_| true);
        assert!(
            view.text.contains("spring.datasource.password: Lh@2023prod!\n"),
            "{}",
            view.text
        );
        assert!(view.text.contains("secret.key: Zk9#aQ\n"), "{}", view.text);
        assert!(view.text.contains("list.token: Tk#1\n"), "{}", view.text);
        assert!(view.text.contains("\nDB_PASSWORD=Pw#2\n"), "{}", view.text);
        assert!(!view.text.contains("not-a-key"), "{}", view.text);
        assert!(view.text.contains("quoted: v"), "{}", view.text);
        // Values map back exactly.
        let flat = view.text.find("Lh@2023").unwrap_or(0);
        let orig = text.find("Lh@2023").unwrap_or(1);
        assert_eq!(view.map(flat), orig);
        let flat = view.text.find("Zk9#aQ").unwrap_or(0);
        assert_eq!(
            view.map_range(flat, flat + 6),
            (
                text.find("Zk9#aQ").unwrap_or(1),
                text.find("Zk9#aQ").unwrap_or(1) + 6
            )
        );
        // A path prefix maps to its key.
        let flat = view.text.find("spring.datasource.password").unwrap_or(0);
        assert_eq!(view.map(flat), text.find("password").unwrap_or(1));
    }
}
