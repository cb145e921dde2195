//! Rules: one file per rule code, grouped by family. A rule only detects: it reads the model and
//! pushes `RawFinding`s; severity, suppression and fingerprints are policy's business, and
//! printing is the reporters'. The registry lists every implemented rule.

pub mod auth;
pub mod change;
pub mod data;
pub mod deps;
pub mod id;
pub mod inventory;
pub mod keys;
pub mod level;
pub mod lifecycle;
pub mod logging;
pub mod meta;
pub mod places;
pub mod registry;
pub mod resilience;
pub mod spec;
pub mod vendored;

use crate::catalogue::{Catalogue, RuleCode, Scope};
use crate::findings::RawFinding;
use crate::frontend::osv::AdvisoryDb;
use crate::model::change::ChangeSet;
use crate::model::problems::{FileProblem, ModelPart};
use crate::model::spec::Problem;
use crate::model::{Portfolio, Spec};
use crate::settings::Settings;

pub use crate::input::{BinaryInput, FileInput};
pub use registry::RULES;

/// What every rule may read besides its input: the settings and compiled data of the run.
pub struct Ctx<'a> {
    pub settings: &'a Settings,
    pub catalogue: &'a Catalogue,
    /// The advisory database, loaded once when one is configured and DEP001 runs.
    pub advisories: Option<&'a AdvisoryDb>,
}

/// A rule. Implement the method for the input the rule reads; the others stay empty. A rule of
/// scope `spec` or `repo` runs in the per-file phase (the `check_load`, `check_spec`,
/// `check_problems`, `check_file` and `check_binary` hooks); a rule of scope `portfolio` runs
/// once on the whole run (`check_portfolio`), also in `merge`; a rule of scope `change` compares
/// two revisions (`check_change`, in `review` only). The scope is declared once, here,
/// and a test holds it equal to the rule's catalogue entry.
pub trait Rule: Sync + Send {
    fn code(&self) -> RuleCode;

    fn scope(&self) -> Scope;

    /// The parts of the model the rule reads (`check_repository`, `check_portfolio`): when a
    /// file that feeds one cannot be read, META001 names the rule among those that missed it.
    fn reads(&self) -> &'static [ModelPart] {
        &[]
    }

    /// Problems met while loading a spec (parse errors, references, structure).
    fn check_load(&self, _problems: &[Problem], _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// Problems met reading one file that is not a spec (it does not parse, or cannot be read).
    fn check_problems(&self, _problems: &[FileProblem], _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// One loaded spec.
    fn check_spec(&self, _spec: &Spec, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// One text file of the repository (specs included).
    fn check_file(&self, _file: &FileInput, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// One binary file of the repository.
    fn check_binary(&self, _file: &BinaryInput, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// What the run's front ends settled across the files of one scan (logs, with Spring
    /// profiles and included files resolved): repository rules that need more than one file.
    /// Runs once per scan, not in `merge` (which takes these findings as each scan settled them).
    fn check_repository(&self, _portfolio: &Portfolio, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// The whole run at once (every spec and config of every repository; also in `merge`).
    fn check_portfolio(&self, _portfolio: &Portfolio, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}

    /// Two revisions of the estate, matched (`review --base REV`): rules of scope `change`.
    fn check_change(&self, _change: &ChangeSet, _ctx: &Ctx<'_>, _out: &mut Vec<RawFinding>) {}
}
