//! SPEC001: a spec file (or a file it references) that does not parse.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::Problem;
use crate::rules::{Ctx, Rule};
use crate::source::Span;

pub struct UnparsableSpec;

impl Rule for UnparsableSpec {
    fn code(&self) -> RuleCode {
        RuleCode::SPEC001
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_load(&self, problems: &[Problem], _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            if let Problem::Unparsable {
                file,
                offset,
                message,
            } = problem
            {
                let span = Span {
                    start: *offset,
                    end: *offset,
                };
                let text = Msg::new(
                    format!("spec does not parse: {}", message.en),
                    format!("接口规范无法解析：{}", message.zh),
                );
                out.push(
                    RawFinding::at(self.code(), file, span, text).with_key(format!("parse|{}", message.en)),
                );
            }
        }
    }
}
