//! CSV files (grants exported from an API platform) through the `csv` crate: quoting, embedded
//! separators and newlines as RFC 4180 has them, with the byte offset of every record so rows
//! can be reported by line. A UTF-8 byte-order mark was removed when the file was read.

/// One record: its fields and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub fields: Vec<String>,
    pub offset: usize,
}

/// Every record (a header row too), or the byte offset and reason of the first bad one.
pub fn parse(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let offset = skip_comments(text, record.position().map_or(0, |p| p.byte() as usize));
                out.push(Record {
                    fields: record.iter().map(str::to_string).collect(),
                    offset,
                });
            }
            Ok(false) => break,
            Err(error) => {
                let offset = error.position().map_or(0, |p| p.byte() as usize);
                return Err((offset, error.to_string()));
            }
        }
    }
    Ok(out)
}

/// The csv reader reports a record after comment or blank lines at the start of those lines:
/// move to the line the record is on.
fn skip_comments(text: &str, mut offset: usize) -> usize {
    while offset < text.len() {
        let rest = &text[offset..];
        let line_end = rest.find('\n').map_or(rest.len(), |n| n + 1);
        let line = rest[..line_end].trim();
        if !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        offset += line_end;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_with_offsets() {
        let text = "app_id,interface,status\n# comment\nA,\"GET /v1/a\",active\n\nB,OP1,revoked\n";
        let records = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].fields, ["A", "GET /v1/a", "active"]);
        assert_eq!(&text[records[1].offset..records[1].offset + 1], "A");
        assert_eq!(&text[records[2].offset..records[2].offset + 1], "B");
    }
}
