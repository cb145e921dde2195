//! KEY005: weak cryptography in code and configuration (MD5/SHA-1 signing, DES/3DES/RC4, ECB, short RSA keys). What is reported is data: the `rule = "KEY005"` detectors of `checks/secrets/`
//! and of the `[checks] extend` files.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput, Rule};

pub struct WeakCryptography;

impl Rule for WeakCryptography {
    fn code(&self) -> RuleCode {
        RuleCode::KEY005
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        super::report_hits(self.code(), input, ctx, out, |finding| finding);
    }
}
