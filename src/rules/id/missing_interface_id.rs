//! ID001: an operation without a unified interface identification code.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct MissingInterfaceId;

impl Rule for MissingInterfaceId {
    fn code(&self) -> RuleCode {
        RuleCode::ID001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        for op in &spec.operations {
            let present = super::interface_id(spec, op, &ext.interface_id)
                .and_then(|(_, text)| text)
                .is_some_and(|text| !text.trim().is_empty());
            if !present {
                out.push(
                    spec.op_finding(
                        self.code(),
                        op,
                        None,
                        Msg::new(
                            format!("{} {} has no unified interface ID (`{}`)", op.method, op.path, ext.interface_id),
                            format!("接口 {} {} 未标注统一识别码（`{}`）", op.method, op.path, ext.interface_id),
                        ),
                        ext,
                    )
                    .with_help(Msg::new(
                        format!(
                            "add `{}: OP<institution><level><service category><8 chars>` (24 characters, annex B)",
                            ext.interface_id
                        ),
                        format!(
                            "补充 `{}: OP<机构编码><安全级别><服务类别><8位>`（共 24 位，见附录B）",
                            ext.interface_id
                        ),
                    )),
                );
            }
        }
    }
}
