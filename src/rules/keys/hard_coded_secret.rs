//! KEY003: hard-coded passwords and secrets in configuration and code (the `rule = "KEY003"`
//! detectors of `checks/secrets/` and of the `[checks] extend` files). In test fixtures
//! (`[checks] test-paths`) the finding is reported at `test-severity` (low by default).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput, Rule};

pub struct HardCodedSecret;

impl Rule for HardCodedSecret {
    fn code(&self) -> RuleCode {
        RuleCode::KEY003
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_file(&self, input: &FileInput, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let in_tests = ctx.settings.test_paths.is_match(&input.file.rel);
        let severity = ctx.settings.test_severity;
        super::report_hits(self.code(), input, ctx, out, |finding| {
            if in_tests {
                finding.with_severity(severity)
            } else {
                finding
            }
        });
    }
}
