//! SPEC002: a `$ref` whose file or JSON pointer does not exist. URLs are never fetched and so
//! never reported.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
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

    fn check_load(&self, problems: &[Problem], ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            if let Problem::UnresolvedRef {
                file,
                span,
                target,
                reason,
            } = problem
            {
                let reason = reason.get(ctx.lang());
                let text = ctx.tr(
                    format!("`$ref: {target}` does not resolve: {reason}"),
                    format!("`$ref: {target}` 无法解析：{reason}"),
                );
                out.push(RawFinding::at(self.code(), file, *span, text).with_key(format!("ref|{target}")));
            }
        }
    }
}
