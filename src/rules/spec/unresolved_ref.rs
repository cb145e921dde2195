//! SPEC002: a `$ref` whose file or JSON pointer does not exist. URLs are never fetched and so
//! never reported.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::Problem;
use crate::rules::{Ctx, Rule};

pub struct UnresolvedRef;

impl Rule for UnresolvedRef {
    fn code(&self) -> RuleCode {
        RuleCode::SPEC002
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_load(&self, problems: &[Problem], _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            if let Problem::UnresolvedRef {
                file,
                span,
                target,
                reason,
            } = problem
            {
                let text = Msg::new(
                    format!("`$ref: {target}` does not resolve: {}", reason.en),
                    format!("`$ref: {target}` 无法解析：{}", reason.zh),
                );
                out.push(RawFinding::at(self.code(), file, *span, text).with_key(format!("ref|{target}")));
            }
        }
    }
}
