//! ID002: an interface ID that breaks the annex B encoding rule (or the configured pattern).

use super::ID_LEN;
use crate::catalogue::Lang;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::Msg;
use crate::findings::RawFinding;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};
use crate::settings::Settings;

pub struct MalformedInterfaceId;

/// What is wrong with an ID, or nothing.
pub fn problems(id: &str, settings: &Settings) -> Vec<Msg> {
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
