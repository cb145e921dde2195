//! CHG005: what breaks a caller written against the base revision, one finding per change: a
//! response property removed, a new required input, a type changed, an enum value removed from
//! an input, a path or method changed without the old one kept.
//!
//! Schemas are compared as shapes, each pair of base and head shapes once per operation and
//! body, so a recursive schema ends and a shared one is not walked again; inputs are compared
//! for what a caller must send, responses for what a caller may read.

use super::{at_head, label};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::change::{path_template, ChangeSet};
use crate::model::contract::{Anchor, Contract, ShapeId, SpecContracts};
use crate::rules::{Ctx, Rule};
use std::collections::HashSet;

pub struct BreakingChange;

/// Which way data flows: what the caller sends, or what it reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Input,
    Output,
}

/// One breaking difference, where it is in the working tree.
struct Break {
    at: Anchor,
    /// What part of the operation (`response 200 body.items[].id`), for the message and the
    /// fingerprint.
    place: String,
    place_zh: String,
    en: String,
    zh: String,
}

/// Whether every value of type `narrow` is also of type `wide` (an integer is a number).
fn within(narrow: &str, wide: &[String]) -> bool {
    wide.iter()
        .any(|w| w == narrow || (narrow == "integer" && w == "number"))
}

/// Whether a change of declared types keeps the caller working: what it sends must still be
/// accepted (the new types cover the old ones), what it reads must be what it knows (the old
/// types cover the new ones).
fn compatible(flow: Flow, base: &[String], head: &[String]) -> bool {
    match flow {
        Flow::Input => base.iter().all(|t| within(t, head)),
        Flow::Output => head.iter().all(|t| within(t, base)),
    }
}

/// Compares two shapes, each pair once.
struct Diff<'a> {
    base: &'a SpecContracts,
    head: &'a SpecContracts,
    seen: HashSet<(ShapeId, ShapeId)>,
    out: Vec<Break>,
}

impl Diff<'_> {
    fn shapes(
        &mut self,
        flow: Flow,
        b: ShapeId,
        h: ShapeId,
        path: &str,
        place: (&str, &str),
        fallback: Anchor,
    ) {
        if !self.seen.insert((b, h)) {
            return;
        }
        let (base, head) = (self.base.shape(b), self.head.shape(h));
        let at = head.at.unwrap_or(fallback);
        let here = |suffix: &str| {
            if path.is_empty() {
                suffix.to_string()
            } else if suffix.is_empty() {
                path.to_string()
            } else {
                format!("{path}.{suffix}")
            }
        };
        let shown = if path.is_empty() {
            String::new()
        } else {
            format!(" `{path}`")
        };
        if !base.types.is_empty() && !head.types.is_empty() && !compatible(flow, &base.types, &head.types) {
            self.out.push(Break {
                at,
                place: format!("{}{shown}", place.0),
                place_zh: format!("{}{shown}", place.1),
                en: format!(
                    "type changed from {} to {}",
                    base.types.join("|"),
                    head.types.join("|")
                ),
                zh: format!("类型由 {} 改为 {}", base.types.join("|"), head.types.join("|")),
            });
            // Other differences of a value of another type add nothing.
            return;
        }
        if flow == Flow::Input {
            if let (Some(was), Some(now)) = (&base.enumeration, &head.enumeration) {
                let removed: Vec<&String> = was.iter().filter(|v| !now.contains(v)).collect();
                if !removed.is_empty() {
                    let list: Vec<String> = removed.iter().map(|v| format!("`{v}`")).collect();
                    self.out.push(Break {
                        at,
                        place: format!("{}{shown}", place.0),
                        place_zh: format!("{}{shown}", place.1),
                        en: format!("enum value {} no longer accepted", list.join(", ")),
                        zh: format!("不再接受枚举值 {}", list.join("、")),
                    });
                }
            }
            for name in &head.required {
                if base.required.contains(name) {
                    continue;
                }
                let Some(property) = head.properties.iter().find(|p| &p.name == name) else {
                    continue;
                };
                let existed = base.properties.iter().any(|p| &p.name == name);
                self.out.push(Break {
                    at: property.at,
                    place: format!("{} `{}`", place.0, here(name)),
                    place_zh: format!("{} `{}`", place.1, here(name)),
                    en: if existed {
                        "became required".into()
                    } else {
                        "new required property".into()
                    },
                    zh: if existed {
                        "改为必填".into()
                    } else {
                        "新增必填属性".into()
                    },
                });
            }
        } else {
            for property in &base.properties {
                if head.properties.iter().any(|p| p.name == property.name) {
                    continue;
                }
                self.out.push(Break {
                    at,
                    place: format!("{} `{}`", place.0, here(&property.name)),
                    place_zh: format!("{} `{}`", place.1, here(&property.name)),
                    en: "property removed".into(),
                    zh: "属性被删除".into(),
                });
            }
        }
        for property in &base.properties {
            if let Some(other) = head.properties.iter().find(|p| p.name == property.name) {
                self.shapes(
                    flow,
                    property.shape,
                    other.shape,
                    &here(&property.name),
                    place,
                    other.at,
                );
            }
        }
        if let (Some(x), Some(y)) = (base.items, head.items) {
            self.shapes(flow, x, y, &format!("{path}[]"), place, at);
        }
    }

    fn media(
        &mut self,
        flow: Flow,
        base: &[(String, ShapeId)],
        head: &[(String, ShapeId)],
        place: (&str, &str),
        at: Anchor,
    ) {
        for (media, h) in head {
            // The same media type, else the only one (a media type renamed).
            let b = base
                .iter()
                .find(|(other, _)| other == media)
                .or_else(|| (base.len() == 1 && head.len() == 1).then(|| &base[0]));
            if let Some((_, b)) = b {
                self.shapes(flow, *b, *h, "", place, at);
            }
        }
    }
}

/// The breaking differences between a base operation and its head counterpart.
fn breaks(
    base_spec: &SpecContracts,
    base: &Contract,
    head_spec: &SpecContracts,
    head: &Contract,
) -> Vec<Break> {
    let mut diff = Diff {
        base: base_spec,
        head: head_spec,
        seen: HashSet::new(),
        out: Vec::new(),
    };
    for parameter in &head.parameters {
        let same = |p: &&crate::model::contract::Input| {
            p.location == parameter.location
                && if parameter.location == "header" {
                    p.name.eq_ignore_ascii_case(&parameter.name)
                } else {
                    p.name == parameter.name
                }
        };
        let old = base.parameters.iter().find(same);
        let (place, place_zh) = (
            format!("parameter `{}` ({})", parameter.name, parameter.location),
            format!("参数 `{}`（{}）", parameter.name, parameter.location),
        );
        // A path parameter comes and goes with the path: that is the path's change.
        if parameter.required && parameter.location != "path" && !old.is_some_and(|p| p.required) {
            diff.out.push(Break {
                at: parameter.at,
                place: place.clone(),
                place_zh: place_zh.clone(),
                en: if old.is_some() {
                    "became required".into()
                } else {
                    "new required parameter".into()
                },
                zh: if old.is_some() {
                    "改为必填".into()
                } else {
                    "新增必填参数".into()
                },
            });
        }
        if let (Some(old), Some(h)) = (old, parameter.shape) {
            if let Some(b) = old.shape {
                diff.shapes(Flow::Input, b, h, "", (&place, &place_zh), parameter.at);
            }
        }
    }
    match (&base.body, &head.body) {
        (Some(old), Some(new)) => {
            if new.required && !old.required {
                diff.out.push(Break {
                    at: new.at,
                    place: "request body".into(),
                    place_zh: "请求体".into(),
                    en: "became required".into(),
                    zh: "改为必填".into(),
                });
            }
            diff.media(
                Flow::Input,
                &old.shapes,
                &new.shapes,
                ("request body", "请求体"),
                new.at,
            );
        }
        (None, Some(new)) if new.required => diff.out.push(Break {
            at: new.at,
            place: "request body".into(),
            place_zh: "请求体".into(),
            en: "new required request body".into(),
            zh: "新增必填请求体".into(),
        }),
        _ => {}
    }
    for response in &head.responses {
        let Some(old) = base.responses.iter().find(|r| r.status == response.status) else {
            continue;
        };
        let place = format!("response {}", response.status);
        let place_zh = format!("响应 {}", response.status);
        diff.media(
            Flow::Output,
            &old.shapes,
            &response.shapes,
            (&place, &place_zh),
            response.at,
        );
    }
    diff.out
}

impl Rule for BreakingChange {
    fn code(&self) -> RuleCode {
        RuleCode::CHG005
    }

    fn scope(&self) -> Scope {
        Scope::Change
    }

    fn check_change(&self, change: &ChangeSet, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for &(b, h) in &change.pairs {
            let (base_spec, base) = change.base_op(b);
            let (head_spec, head) = change.head_op(h);
            let moved = base.method != head.method || path_template(&base.path) != path_template(&head.path);
            let old_kept = head_spec.operations.iter().any(|other| {
                other.method == base.method && path_template(&other.path) == path_template(&base.path)
            });
            if moved && !old_kept {
                // At the new path's key when the path changed, else at the new method.
                let at = if path_template(&base.path) != path_template(&head.path) {
                    head.path_at.unwrap_or(head.at)
                } else {
                    head.at
                };
                out.push(
                    at_head(
                        self.code(),
                        head_spec,
                        head,
                        at,
                        Msg::new(
                            format!(
                                "{} was {} {}: callers of the old path and method are not served any more",
                                label(head),
                                base.method,
                                base.path
                            ),
                            format!(
                                "接口 {} 原为 {} {}，原路径和方法的调用方将无法访问",
                                label(head),
                                base.method,
                                base.path
                            ),
                        ),
                    )
                    .with_key_part("moved")
                    .with_help(Msg::new(
                        "keep the old path and method beside the new one, deprecated with a sunset date, until its callers have moved",
                        "在新路径之外保留原路径和方法，标记废弃并设定下线日期，直至调用方完成迁移",
                    )),
                );
            }
            for change in breaks(base_spec, base, head_spec, head) {
                out.push(
                    at_head(
                        self.code(),
                        head_spec,
                        head,
                        change.at,
                        Msg::new(
                            format!("{}: {}: {}", label(head), change.place, change.en),
                            format!("接口 {}：{}{}", label(head), change.place_zh, change.zh),
                        ),
                    )
                    .with_key_part(&format!("{} {}", change.place, change.en))
                    .with_help(Msg::new(
                        "keep the old contract, or publish the change as a new version and deprecate this one",
                        "保持原有契约，或将该变更作为新版本发布并废弃当前版本",
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_type_change_breaks_only_what_the_caller_depends_on() {
        // What a caller sends: widening keeps it working, narrowing does not.
        assert!(compatible(Flow::Input, &types(&["integer"]), &types(&["number"])));
        assert!(compatible(
            Flow::Input,
            &types(&["array"]),
            &types(&["array", "string"])
        ));
        assert!(!compatible(
            Flow::Input,
            &types(&["number"]),
            &types(&["integer"])
        ));
        assert!(!compatible(Flow::Input, &types(&["string"]), &types(&["object"])));
        // What a caller reads: narrowing keeps it working, widening does not.
        assert!(compatible(
            Flow::Output,
            &types(&["number"]),
            &types(&["integer"])
        ));
        assert!(!compatible(
            Flow::Output,
            &types(&["integer"]),
            &types(&["number"])
        ));
        assert!(!compatible(
            Flow::Output,
            &types(&["string"]),
            &types(&["object", "string"])
        ));
    }
}
