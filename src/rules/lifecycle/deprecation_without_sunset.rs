//! LIFE001: an operation marked `deprecated: true` that does not say when it will be switched
//! off (`x-sunset`, or a dated `Sunset` response header) or what replaces it (`x-replacement`).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::lifecycle::{parse_date, sunset};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct DeprecationWithoutSunset;

impl Rule for DeprecationWithoutSunset {
    fn code(&self) -> RuleCode {
        RuleCode::LIFE001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        for op in spec.operations.iter().filter(|op| op.deprecated) {
            let sunset = sunset(spec, op, &ext.sunset);
            let date_ok = sunset
                .as_ref()
                .is_some_and(|(_, text)| parse_date(text).is_some());
            let replacement = spec
                .get(op.node, &ext.replacement)
                .and_then(|node| spec.tree(node).scalar_text(node.node))
                .is_some_and(|text| !text.trim().is_empty());
            if date_ok && replacement {
                continue;
            }
            let mut missing_en = Vec::new();
            let mut missing_zh = Vec::new();
            match (&sunset, date_ok) {
                (Some((_, text)), false) => {
                    missing_en.push(format!("a sunset date (`{}: {text}` is not a date)", ext.sunset));
                    missing_zh.push(format!("下线日期（`{}: {text}` 不是有效日期）", ext.sunset));
                }
                (None, _) => {
                    missing_en.push(format!(
                        "a sunset date (`{}` or a `Sunset` response header)",
                        ext.sunset
                    ));
                    missing_zh.push(format!("下线日期（`{}` 或 `Sunset` 响应头）", ext.sunset));
                }
                _ => {}
            }
            if !replacement {
                missing_en.push(format!("a replacement (`{}`)", ext.replacement));
                missing_zh.push(format!("替代接口（`{}`）", ext.replacement));
            }
            let at = spec.get(op.node, "deprecated");
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    at,
                    Msg::new(
                        format!("{} {} is deprecated without {}", op.method, op.path, missing_en.join(" or ")),
                        format!("接口 {} {} 已标记废弃，但未注明{}", op.method, op.path, missing_zh.join("和")),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    format!(
                        "add `{}: YYYY-MM-DD` and `{}: \"METHOD /path\"` (or `\"none: reason\"`), and tell the application parties",
                        ext.sunset, ext.replacement
                    ),
                    format!(
                        "补充 `{}: YYYY-MM-DD` 和 `{}: \"方法 /路径\"`（无替代接口的写明原因），并通知应用方",
                        ext.sunset, ext.replacement
                    ),
                )),
            );
        }
    }
}
