//! CLS004: an A1 operation that is not read-only. The standard defines A1 as read-only
//! product and service information; whether a POST only queries is judged from its words
//! (RPC-style gateways post their queries).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::level_inference::{analyse, declared_level};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};

pub struct A1NotReadOnly;

impl Rule for A1NotReadOnly {
    fn code(&self) -> RuleCode {
        RuleCode::CLS004
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        for (op, analysis) in spec.operations.iter().zip(analyse(spec, settings)) {
            if declared_level(spec, op, settings) != Some(Level::A1) || analysis.inference.read_only {
                continue;
            }
            // Content that shows A2 is CLS003's finding; the state change is part of it.
            if analysis
                .inference
                .content_level_in(settings.level_scheme)
                .standard()
                > Level::A1
            {
                continue;
            }
            let write = analysis
                .inference
                .write_evidence
                .clone()
                .unwrap_or_else(|| op.method.clone());
            let (why_en, why_zh) = if write.eq_ignore_ascii_case(&op.method) {
                (
                    format!("the method {} changes state", op.method),
                    format!("{} 方法会改变状态", op.method),
                )
            } else {
                (
                    format!("`{write}` names a state change"),
                    format!("`{write}` 表明会改变状态"),
                )
            };
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    spec.get(op.node, &ext.level),
                    Msg::new(
                        format!(
                            "{} {} is declared A1, which the standard defines as read-only, but {why_en}",
                            op.method, op.path
                        ),
                        format!(
                            "接口 {} {} 声明为 A1（标准规定为只读类），但{why_zh}",
                            op.method, op.path
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    "classify the operation as A2 if it changes anything on the bank's side; a POST that only queries should say so in its path, operationId or summary (query, search, 查询)",
                    "如接口会改变银行侧数据，应定为 A2；仅作查询的 POST 接口，应在路径、operationId 或摘要中体现（query、search、查询）",
                )),
            );
        }
    }
}
