//! The unified interface identification code (统一识别码) of JR/T 0185-2020 annex B: its
//! layout and the checks every user of an ID shares (rules ID002, ID004 and ID005, and `fix`,
//! which must only ever write IDs those rules accept).
//!
//! Layout (24 ASCII characters): `OP` + institution code (6, the first six characters of the
//! JR/T 0124-2014 code) + security level (2: `01` A1, `02` A2, `00` reserved) + service category
//! (6; its first two the service type: `01` account, `02` payment, `03` investment, `00`
//! reserved) + 8 further characters whose meaning is not public, checked as `[0-9A-Z]`.

use super::spec::Level;
use crate::findings::Msg;
use crate::settings::Settings;

pub const ID_LEN: usize = 24;

/// The level segment (characters 9-10) of an ID that has annex B's length and character set.
pub fn level_segment_of(id: &str) -> Option<&str> {
    if id.len() != ID_LEN || !id.is_ascii() {
        return None;
    }
    Some(&id[8..10])
}

/// The level segment annex B gives a level (A3 counts as A2).
pub fn level_segment(level: Level) -> &'static str {
    match level.standard() {
        Level::A1 => "01",
        _ => "02",
    }
}

/// What is wrong with an ID's encoding (ID002), or nothing.
pub fn encoding_problems(id: &str, settings: &Settings) -> Vec<Msg> {
    if let Some(pattern) = &settings.id_pattern {
        if pattern.is_match(id) {
            return Vec::new();
        }
        let pattern = pattern.as_str();
        return vec![Msg::new(
            format!("does not match the configured pattern `{pattern}`"),
            format!("不符合所配置的编码规则 `{pattern}`"),
        )];
    }
    let mut problems = Vec::new();
    if !id.is_ascii() {
        problems.push(Msg::new("contains non-ASCII characters", "含有非 ASCII 字符"));
        return problems;
    }
    if id.len() != ID_LEN {
        let len = id.len();
        problems.push(Msg::new(
            format!("has {len} characters; annex B requires {ID_LEN}"),
            format!("长度为 {len} 位，附录B要求 {ID_LEN} 位"),
        ));
    }
    if !id.starts_with("OP") {
        problems.push(if id.starts_with("0P") {
            Msg::new(
                "must start with `OP` (the digit 0 was written for the letter O)",
                "应以 `OP` 开头（误将字母 O 写成了数字 0）",
            )
        } else {
            Msg::new("must start with `OP`", "应以 `OP` 开头")
        });
    }
    let bad: String = id
        .chars()
        .filter(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
        .take(5)
        .collect();
    if !bad.is_empty() {
        problems.push(Msg::new(
            format!("contains characters other than 0-9 and A-Z (`{bad}`)"),
            format!("含有 0-9、A-Z 以外的字符（`{bad}`）"),
        ));
    }
    if id.len() == ID_LEN {
        match &id[8..10] {
            "01" | "02" => {}
            "00" => problems.push(Msg::new(
                "security-level segment (characters 9-10) is `00`, which annex B reserves",
                "安全级别段（第 9-10 位）为 `00`，附录B将其保留",
            )),
            other => problems.push(Msg::new(
                format!("security-level segment (characters 9-10) is `{other}`, not `01` (A1) or `02` (A2)"),
                format!("安全级别段（第 9-10 位）为 `{other}`，应为 `01`（A1）或 `02`（A2）"),
            )),
        }
        if &id[10..12] == "00" {
            problems.push(Msg::new(
                "service-type segment (characters 11-12) is `00`, which annex B reserves",
                "服务类型段（第 11-12 位）为 `00`，附录B将其保留",
            ));
        }
    }
    problems
}

/// ID004: the level the ID's segment names, when it disagrees with the declared level.
pub fn level_mismatch(id: &str, declared: Level) -> Option<Level> {
    let id_level = match level_segment_of(id)? {
        "01" => Level::A1,
        "02" => Level::A2,
        _ => return None,
    };
    (declared.standard() != id_level).then_some(id_level)
}

/// ID005: the institution segment, when it differs from the configured code.
pub fn institution_mismatch<'a>(id: &'a str, institution: &str) -> Option<&'a str> {
    if !id.starts_with("OP") || id.len() < 8 || !id.is_ascii() {
        return None;
    }
    let segment = &id[2..8];
    (segment != institution).then_some(segment)
}

/// Whether ID002, ID004 and ID005 all accept an ID on an operation declared `declared`.
pub fn is_valid(id: &str, declared: Option<Level>, settings: &Settings) -> bool {
    encoding_problems(id, settings).is_empty()
        && declared.is_none_or(|level| level_mismatch(id, level).is_none())
        && settings
            .institution
            .as_deref()
            .is_none_or(|code| institution_mismatch(id, code).is_none())
}
