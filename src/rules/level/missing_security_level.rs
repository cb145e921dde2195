//! CLS001: an operation without a declared security level.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct MissingSecurityLevel;

impl Rule for MissingSecurityLevel {
    fn code(&self) -> RuleCode {
        RuleCode::CLS001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        for op in &spec.operations {
            let declared = spec
                .get(op.node, &ext.level)
                .and_then(|node| spec.tree(node).scalar_text(node.node))
                .is_some_and(|text| !text.trim().is_empty());
            if !declared {
                out.push(
                    spec.op_finding(
                        self.code(),
                        op,
                        None,
                        Msg::new(
                            format!("{} {} declares no security level (`{}`)", op.method, op.path, ext.level),
                            format!("接口 {} {} 未声明安全级别（`{}`）", op.method, op.path, ext.level),
                        ),
                        ext,
                    )
                    .with_help(Msg::new(
                        format!(
                            "add `{}: A2` for fund transactions and account queries, `A1` for read-only product and service information",
                            ext.level
                        ),
                        format!(
                            "资金交易与账户信息查询类接口补充 `{}: A2`，只读的金融产品和服务信息查询类接口补充 `A1`",
                            ext.level
                        ),
                    )),
                );
            }
        }
    }
}
