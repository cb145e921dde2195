//! META002: a suppression without a reason, or naming no known rule. It is not applied, so the
//! finding it meant to hide is still reported.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::Problem;
use crate::rules::{Ctx, FileInput, Rule};

pub struct UnjustifiedSuppression;

impl Rule for UnjustifiedSuppression {
    fn code(&self) -> RuleCode {
        RuleCode::META002
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_load(&self, problems: &[Problem], _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            if let Problem::BadSuppression { file, span, message } = problem {
                out.push(
                    RawFinding::at(self.code(), file, *span, message.clone()).with_key_part(&message.en),
                );
            }
        }
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for comment in &input.comments {
            let unknown: Vec<&str> = comment
                .rules
                .iter()
                .map(String::as_str)
                .filter(|rule| !ctx.catalogue.is_selector(rule))
                .collect();
            let codes = comment.rules.join(",");
            let message = if comment.reason.is_none() {
                Msg::new(
                    format!("`apiaudit:ignore {codes}` has no reason; write `-- <why>` after the codes. The suppression is not applied"),
                    format!("`apiaudit:ignore {codes}` 未注明理由，请在规则代码后写 `-- <理由>`；该豁免不生效"),
                )
            } else if !unknown.is_empty() {
                let unknown = unknown.join("`, `");
                Msg::new(
                    format!("`apiaudit:ignore` names unknown rule `{unknown}`"),
                    format!("`apiaudit:ignore` 引用了不存在的规则 `{unknown}`"),
                )
            } else {
                continue;
            };
            out.push(RawFinding::at(self.code(), &input.file, comment.span, message));
        }
    }
}
