//! English counts in messages and summaries: "1 file", "2 files", "1 is", "2 are". Chinese
//! has no plural, so only the English texts go through here.

/// `n` and the noun in the number it takes: `count(1, "entry", "entries")` is "1 entry".
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `count` for nouns that take an `s`: `s(1, "file")` is "1 file".
pub fn s(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The verb after a count: "is" for one, "are" otherwise.
pub fn are(n: impl Into<u64>) -> &'static str {
    if n.into() == 1 {
        "is"
    } else {
        "are"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many() {
        assert_eq!(s(1u64, "file"), "1 file");
        assert_eq!(s(0u64, "file"), "0 files");
        assert_eq!(count(1u64, "entry", "entries"), "1 entry");
        assert_eq!(count(3u64, "entry", "entries"), "3 entries");
        assert_eq!((are(1u64), are(2u64)), ("is", "are"));
    }
}
