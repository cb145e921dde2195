//! Lifecycle facts of an operation (SPEC §6): when it is retired (`x-sunset`, or a `Sunset`
//! response header whose example or default carries the date, RFC 8594), and dates as specs
//! write them (ISO 8601 dates and date-times, HTTP dates). LIFE001/LIFE002 read the spec; the
//! portfolio rules read the sunset text the inventory carries, so `merge` decides the same way.

use super::spec::{NodeRef, Operation, Spec};
use chrono::{DateTime, NaiveDate};

/// The node and text of an operation's sunset: `x-sunset` (the configured extension), else a
/// `Sunset` response header's example, schema example or default.
pub fn sunset(spec: &Spec, op: &Operation, extension: &str) -> Option<(NodeRef, String)> {
    if let Some(node) = spec.get(op.node, extension) {
        if let Some(text) = spec
            .tree(node)
            .scalar_text(node.node)
            .filter(|t| !t.trim().is_empty())
        {
            return Some((node, text.trim().to_string()));
        }
    }
    sunset_header(spec, op)
}

/// The date a `Sunset` response header documents, if any of its examples or defaults holds one.
pub fn sunset_header(spec: &Spec, op: &Operation) -> Option<(NodeRef, String)> {
    for response in &op.responses {
        for (name, header) in &response.headers {
            if !name.eq_ignore_ascii_case("sunset") {
                continue;
            }
            let Some(header) = spec.resolve(*header) else {
                continue;
            };
            let schema = spec.get(header, "schema").and_then(|s| spec.resolve(s));
            let mut candidates = vec![
                spec.get(header, "example"),
                spec.get(header, "default"),
                spec.get(header, "x-example"),
            ];
            if let Some(schema) = schema {
                candidates.push(spec.get(schema, "example"));
                candidates.push(spec.get(schema, "default"));
            }
            if let Some(examples) = spec.get(header, "examples") {
                for (_, _, example) in spec.entries(examples) {
                    candidates.push(spec.get(example, "value"));
                }
            }
            for node in candidates.into_iter().flatten() {
                if let Some(text) = spec.tree(node).scalar_text(node.node) {
                    if parse_date(text).is_some() {
                        return Some((node, text.trim().to_string()));
                    }
                }
            }
        }
    }
    None
}

/// An ISO 8601 date or date-time, or an HTTP date (`Fri, 31 Dec 2027 16:00:00 GMT`); date-times
/// count by their UTC date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.naive_utc().date());
    }
    if let Ok(time) = DateTime::parse_from_rfc2822(text) {
        return Some(time.naive_utc().date());
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"] {
        if let Ok(time) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(time.date());
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    None
}

/// Whether a sunset date (as written) has passed on `today`: the operation is retired.
pub fn is_retired(sunset: Option<&str>, today: NaiveDate) -> Option<NaiveDate> {
    sunset.and_then(parse_date).filter(|date| *date < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form_specs_use() {
        let day = NaiveDate::from_ymd_opt(2027, 12, 31);
        assert_eq!(parse_date("2027-12-31"), day);
        assert_eq!(parse_date("'2027-12-31'"), day);
        assert_eq!(parse_date("2027-12-31T10:00:00Z"), day);
        assert_eq!(parse_date("2028-01-01T02:00:00+08:00"), day);
        assert_eq!(parse_date("Fri, 31 Dec 2027 16:00:00 GMT"), day);
        assert_eq!(parse_date("2027/12/31"), day);
        assert_eq!(parse_date("next year"), None);
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        assert!(is_retired(Some("2025-06-30"), today).is_some());
        assert!(is_retired(Some("2026-11-28"), today).is_none());
        assert!(is_retired(None, today).is_none());
    }
}
