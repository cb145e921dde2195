//! SPEC004: structure the document's OpenAPI version does not allow (missing required fields,
//! invalid parameter locations, undefined security schemes, duplicate keys), each with its own
//! fix.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
use crate::model::spec::Problem;
use crate::rules::{Ctx, Rule};

pub struct InvalidSpecStructure;

impl Rule for InvalidSpecStructure {
    fn code(&self) -> RuleCode {
        RuleCode::SPEC004
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_load(&self, problems: &[Problem], _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            if let Problem::Structure {
                file,
                span,
                message,
                help,
            } = problem
            {
                out.push(
                    RawFinding::at(self.code(), file, *span, message.clone())
                        .with_key_part(&message.en)
                        .with_help(help.clone()),
                );
            }
        }
    }
}
