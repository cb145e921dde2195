//! KEY006: TLS below 1.2, or certificate and host-name checks switched off. What is reported is data: the `rule = "KEY006"` detectors of `checks/secrets/`
//! and of the `[checks] extend` files.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput, Rule};

pub struct WeakTls;

impl Rule for WeakTls {
    fn code(&self) -> RuleCode {
        RuleCode::KEY006
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        super::report_hits(self.code(), input, ctx, out, |finding| finding);
    }
}
