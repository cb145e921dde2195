//! CHG002: a matched operation whose declared level, or whose interface ID's level segment,
//! is lower than at the base revision.

use super::{at_head, label};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::change::ChangeSet;
use crate::model::Level;
use crate::rules::{Ctx, Rule};

pub struct SecurityLevelLowered;

/// The level an interface ID's level segment (characters 9-10) encodes (annex B: `01` A1,
/// `02` A2).
fn id_level(id: Option<&str>) -> Option<Level> {
    match id?.get(8..10)? {
        "01" => Some(Level::A1),
        "02" => Some(Level::A2),
        _ => None,
    }
}

impl Rule for SecurityLevelLowered {
    fn code(&self) -> RuleCode {
        RuleCode::CHG002
    }

    fn scope(&self) -> Scope {
        Scope::Change
    }

    fn check_change(&self, change: &ChangeSet, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for &(b, h) in &change.pairs {
            let (_, base) = change.base_op(b);
            let (spec, head) = change.head_op(h);
            let declared = |text: Option<&String>| text.and_then(|t| Level::parse(t));
            if let (Some(was), Some(now)) = (declared(base.level.as_ref()), declared(head.level.as_ref())) {
                if now < was {
                    out.push(
                        at_head(
                            self.code(),
                            spec,
                            head,
                            head.level_at.unwrap_or(head.at),
                            Msg::new(
                                format!(
                                    "{}: the declared level was lowered from {} to {}",
                                    label(head),
                                    was.as_str(),
                                    now.as_str()
                                ),
                                format!(
                                    "接口 {} 的声明级别由 {} 降为 {}",
                                    label(head),
                                    was.as_str(),
                                    now.as_str()
                                ),
                            ),
                        )
                        .with_key_part("level")
                        .with_help(Msg::new(
                            format!(
                                "restore `{}` unless the reclassification was approved",
                                was.as_str()
                            ),
                            format!("除非重新定级已获审批，否则恢复为 `{}`", was.as_str()),
                        )),
                    );
                }
            }
            if let (Some(was), Some(now)) = (id_level(base.id.as_deref()), id_level(head.id.as_deref())) {
                if now < was {
                    let (old, new) = (base.id.as_deref().unwrap_or(""), head.id.as_deref().unwrap_or(""));
                    out.push(
                        at_head(
                            self.code(),
                            spec,
                            head,
                            head.id_at.unwrap_or(head.at),
                            Msg::new(
                                format!(
                                    "{}: the interface ID's level segment was lowered from {} to {} ({old} -> {new})",
                                    label(head),
                                    was.as_str(),
                                    now.as_str()
                                ),
                                format!(
                                    "接口 {} 的统一识别码级别段由 {} 降为 {}（{old} -> {new}）",
                                    label(head),
                                    was.as_str(),
                                    now.as_str()
                                ),
                            ),
                        )
                        .with_key_part("id-level"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_segment_is_characters_nine_and_ten() {
        assert_eq!(id_level(Some("OPC102310201000100000002")), Some(Level::A2));
        assert_eq!(id_level(Some("OPC102310101000100000002")), Some(Level::A1));
        assert_eq!(id_level(Some("OPC102310001000100000002")), None);
        assert_eq!(id_level(Some("OP")), None);
        assert_eq!(id_level(None), None);
    }
}
