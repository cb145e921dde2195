//! KEY001: private key material (PEM blocks, base64 DER and SM2 private keys). What is reported is data: the `rule = "KEY001"` detectors of `checks/secrets/`
//! and of the `[checks] extend` files.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput, Rule};

pub struct PrivateKeyMaterial;

impl Rule for PrivateKeyMaterial {
    fn code(&self) -> RuleCode {
        RuleCode::KEY001
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        super::report_hits(self.code(), input, ctx, out, |finding| finding);
    }
}
