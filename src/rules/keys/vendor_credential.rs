//! KEY004: cloud and vendor credentials in their well-known formats. What is reported is data: the `rule = "KEY004"` detectors of `checks/secrets/`
//! and of the `[checks] extend` files.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput, Rule};

pub struct VendorCredential;

impl Rule for VendorCredential {
    fn code(&self) -> RuleCode {
        RuleCode::KEY004
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        super::report_hits(self.code(), input, ctx, out, |finding| finding);
    }
}
