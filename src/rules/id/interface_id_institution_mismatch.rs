//! ID005: the ID's institution segment differs from the configured institution code.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct InterfaceIdInstitutionMismatch;

impl Rule for InterfaceIdInstitutionMismatch {
    fn code(&self) -> RuleCode {
        RuleCode::ID005
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let Some(institution) = &ctx.settings.institution else {
            return;
        };
        let ext = &ctx.settings.extensions;
        for op in &spec.operations {
            let Some((node, Some(id))) = super::interface_id(spec, op, &ext.interface_id) else {
                continue;
            };
            let Some(segment) = crate::model::interface_id::institution_mismatch(id, institution) else {
                continue;
            };
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    Some(node),
                    Msg::new(
                        format!("interface ID `{id}` carries institution code `{segment}`; this bank's is `{institution}`"),
                        format!("统一识别码 `{id}` 的机构编码为 `{segment}`，本行编码为 `{institution}`"),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    format!("characters 3-8 of the ID must be `{institution}` ([interface-id] institution)"),
                    format!("识别码第 3-8 位应为 `{institution}`（`[interface-id] institution`）"),
                )),
            );
        }
    }
}
