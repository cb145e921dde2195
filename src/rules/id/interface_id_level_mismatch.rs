//! ID004: the ID's level segment (`01` A1, `02` A2) disagrees with the declared level.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};

pub struct InterfaceIdLevelMismatch;

impl Rule for InterfaceIdLevelMismatch {
    fn code(&self) -> RuleCode {
        RuleCode::ID004
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        for op in &spec.operations {
            let Some((node, Some(id))) = super::interface_id(spec, op, &ext.interface_id) else {
                continue;
            };
            let Some(declared) = spec.get_str(op.node, &ext.level).and_then(Level::parse) else {
                continue;
            };
            let Some(id_level) = crate::model::interface_id::level_mismatch(id, declared) else {
                continue;
            };
            let segments = crate::model::interface_id::level_segment(id_level);
            let expected = crate::model::interface_id::level_segment(declared);
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    Some(node),
                    Msg::new(
                        format!(
                            "interface ID `{id}` carries level segment `{}` ({}) but the operation is declared {}",
                            segments,
                            id_level.as_str(),
                            declared.as_str()
                        ),
                        format!(
                            "统一识别码 `{id}` 的安全级别段为 `{}`（{}），但接口声明为 {}",
                            segments,
                            id_level.as_str(),
                            declared.as_str()
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    format!("make the level segment (characters 9-10) `{expected}`, or correct `{}`", ext.level),
                    format!("将安全级别段（第 9-10 位）改为 `{expected}`，或更正 `{}`", ext.level),
                )),
            );
        }
    }
}
