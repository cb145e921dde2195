//! ID002: an interface ID that breaks the annex B encoding rule (or the configured pattern).

use crate::catalogue::Lang;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::Msg;
use crate::findings::RawFinding;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};
use crate::settings::Settings;

pub struct MalformedInterfaceId;

/// What is wrong with an ID, or nothing (shared with `fix`: see `model::interface_id`).
pub fn problems(id: &str, settings: &Settings) -> Vec<Msg> {
    crate::model::interface_id::encoding_problems(id, settings)
}

impl Rule for MalformedInterfaceId {
    fn code(&self) -> RuleCode {
        RuleCode::ID002
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        for op in &spec.operations {
            let Some((node, text)) = super::interface_id(spec, op, &ext.interface_id) else {
                continue;
            };
            let Some(id) = text else {
                if !matches!(spec.tree(node).node(node.node).value, crate::parse::Value::Null) {
                    out.push(spec.op_finding(
                        self.code(),
                        op,
                        Some(node),
                        Msg::new(
                            format!("`{}` is not a string", ext.interface_id),
                            format!("`{}` 不是字符串", ext.interface_id),
                        ),
                        ext,
                    ));
                }
                continue;
            };
            if id.trim().is_empty() {
                continue;
            }
            let problems = problems(id, ctx.settings);
            if !problems.is_empty() {
                let joined = |lang| problems.iter().map(|m| m.get(lang)).collect::<Vec<_>>();
                let message = Msg::new(
                    format!("interface ID `{id}` {}", joined(Lang::En).join("; ")),
                    format!("统一识别码 `{id}` {}", joined(Lang::Zh).join("；")),
                );
                out.push(
                    spec.op_finding(self.code(), op, Some(node), message, ext).with_help(Msg::new(
                        "annex B: `OP` + institution (6) + level `01`/`02` + service category (6) + 8 characters, all 0-9/A-Z",
                        "附录B：`OP` + 机构编码（6 位）+ 安全级别 `01`/`02` + 服务类别（6 位）+ 8 位，均为 0-9/A-Z",
                    )),
                );
            }
        }
    }
}
