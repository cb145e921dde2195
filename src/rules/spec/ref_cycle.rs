//! SPEC003: a chain of `$ref`s that loops without reaching a definition (`A: $ref B`, `B: $ref
//! A`). A schema that refers to itself through its properties is a legal recursive type and is
//! not reported: its reference reaches a definition.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::spec::Problem;
use crate::rules::{Ctx, Rule};

pub struct RefCycle;

impl Rule for RefCycle {
    fn code(&self) -> RuleCode {
        RuleCode::SPEC003
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_load(&self, problems: &[Problem], _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            if let Problem::RefCycle { file, span, chain } = problem {
                let shown = chain.join(" → ");
                out.push(
                    RawFinding::at(
                        self.code(),
                        file,
                        *span,
                        Msg::new(
                            format!("`$ref` loops without reaching a definition: {shown} → …"),
                            format!("`$ref` 引用链循环，始终未到达实际定义：{shown} → …"),
                        ),
                    )
                    .with_key(format!(
                        "cycle|{}",
                        chain.first().map(String::as_str).unwrap_or("")
                    )),
                );
            }
        }
    }
}
