//! Rule codes as one generated enum (build.rs reads `code = "..."` from every rule file under
//! `checks/`). Past the command line and the config file, a rule is named by this type, so a
//! misspelt code is a compile error and every code has catalogue metadata by construction.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

include!(concat!(env!("OUT_DIR"), "/rule_codes.rs"));

impl RuleCode {
    /// The code of a text, exactly as written (`KEY003`), or None.
    pub fn parse(text: &str) -> Option<RuleCode> {
        RuleCode::ALL
            .binary_search_by(|code| code.as_str().cmp(text))
            .ok()
            .map(|index| RuleCode::ALL[index])
    }

    /// The letters of the code: `KEY` for `KEY001`.
    pub fn prefix(self) -> &'static str {
        self.as_str().trim_end_matches(|c: char| c.is_ascii_digit())
    }

    /// Position in `ALL`: a dense index for per-rule tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        RuleCode::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown rule code `{text}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_order_as_text() {
        for pair in RuleCode::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str());
            assert!(pair[0] < pair[1]);
        }
        for (index, code) in RuleCode::ALL.iter().enumerate() {
            assert_eq!(RuleCode::parse(code.as_str()), Some(*code));
            assert_eq!(code.index(), index);
        }
        assert_eq!(RuleCode::parse("KEY999"), None);
        assert_eq!(RuleCode::KEY003.prefix(), "KEY");
    }
}
