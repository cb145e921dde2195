//! CLS003: a declared level lower than the operation's content shows (a transfer or a balance
//! query declared A1; a fund-moving operation declared A2 in the three-tier scheme), with the
//! words and fields that were the evidence.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::level_inference::{analyse, declared_level};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};
use crate::settings::LevelScheme;

pub struct UnderstatedSecurityLevel;

impl Rule for UnderstatedSecurityLevel {
    fn code(&self) -> RuleCode {
        RuleCode::CLS003
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        let scheme = settings.level_scheme;
        let analyses = analyse(spec, settings);
        for (op, analysis) in spec.operations.iter().zip(analyses) {
            let Some(declared) = declared_level(spec, op, settings) else {
                continue;
            };
            // A3 outside the three-tier scheme is CLS002's.
            if declared == Level::A3 && scheme == LevelScheme::Standard {
                continue;
            }
            // Content only: a security scheme is a control, not evidence of what the operation is.
            let inferred = analysis.inference.content_level_in(scheme);
            if inferred <= declared {
                continue;
            }
            let evidence_en = analysis.inference.evidence_text(false, 8);
            let evidence_zh = analysis.inference.evidence_text(true, 8);
            let (what_en, what_zh) = if inferred == Level::A3 {
                ("moves funds", "涉及资金划转")
            } else if analysis.inference.fund_terms.is_empty() {
                ("is an account-information interface", "属于账户信息查询类接口")
            } else {
                ("concerns fund transactions", "涉及资金交易")
            };
            let node = spec.get(op.node, &ext.level);
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    node,
                    Msg::new(
                        format!(
                            "{} {} is declared {} but {what_en}, which makes it {}; evidence: {evidence_en}",
                            op.method,
                            op.path,
                            declared.as_str(),
                            inferred.as_str()
                        ),
                        format!(
                            "接口 {} {} 声明为 {}，但其内容{what_zh}，应为 {}；依据：{evidence_zh}",
                            op.method,
                            op.path,
                            declared.as_str(),
                            inferred.as_str()
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    format!(
                        "raise `{}` to {} and re-issue the interface ID with the matching level code, or record why the evidence is a false match in `x-apiaudit-ignore`",
                        ext.level,
                        inferred.as_str()
                    ),
                    format!(
                        "将 `{}` 提高为 {} 并按相应级别代码重新发放统一识别码；如属误判，在 `x-apiaudit-ignore` 中注明理由",
                        ext.level,
                        inferred.as_str()
                    ),
                )),
            );
        }
    }
}
