//! Front ends: one reader per kind of input (an OpenAPI document, a logging configuration, a
//! dependency manifest, a gateway config, ...), each behind the `FrontEnd` trait and listed once
//! in `FRONT_ENDS`. The per-file phase offers every file to every front end; a front end claims
//! the files of its kind (by name, or a cheap look at the content) and reads them into the file's
//! `Extraction`: its part of the portfolio, the spec when the file is one, typed problems (a file
//! of its kind that does not parse), and what it must settle with other files. Once every file is
//! in, each front end's `finish` completes what needs the whole run (Maven POMs resolved against
//! each other, Spring profiles over their base file, gateway routes linked to operations, the
//! routes code serves resolved across files and reconciled with the specs).
//!
//! Front ends never name a rule: problems become findings in rules (SPEC001-SPEC004, META001).
//! Adding a reader is one file here and one line in `FRONT_ENDS`.

pub mod deps;
pub mod gateway;
pub mod logs;
pub mod openapi;
pub mod osv;
pub mod routes;

use crate::input::FileInput;
use crate::model::problems::FileProblem;
use crate::model::{Portfolio, SpecUnit};
use crate::settings::Settings;

/// A reader of one kind of input.
pub trait FrontEnd: Sync {
    /// Whether the file is of this front end's kind: by name or a cheap look at the content.
    fn claims(&self, input: &FileInput) -> bool;

    /// Whether a run of the KEY rules alone still needs this reader: the others only feed the
    /// model that other rules read.
    fn needed_without_model_rules(&self) -> bool {
        false
    }

    /// Reads a claimed file into `out`. A file that turns out not to be of the kind leaves `out`
    /// as it was; one of the kind that cannot be read adds a problem.
    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction);

    /// Completes what needs every file of the run, after all files were extracted and absorbed
    /// in path order. `pending` holds what the front ends left to settle.
    fn finish(&self, _portfolio: &mut Portfolio, _pending: &mut Pending, _settings: &Settings) {}
}

/// Every front end, in the order a file is offered to them (the OpenAPI reader first: a spec
/// larger than the size limit for other files is still read as a spec).
pub static FRONT_ENDS: &[&dyn FrontEnd] = &[
    &openapi::OpenApi,
    &logs::logback::Logback,
    &logs::log4j2::Log4j2Xml,
    &logs::log4j2::Log4j2Properties,
    &logs::log4j2::Log4j2Structured,
    &logs::spring::SpringProperties,
    &logs::spring::SpringYaml,
    &logs::python::DictConfig,
    &logs::platform::RetentionPolicies,
    &logs::python::LoggingCode,
    &logs::logrotate::Logrotate,
    &logs::platform::Journald,
    &logs::python::FileConfig,
    // After the log readers: its `finish` settles the retentions they left to one variable.
    &logs::estate::EstateVariables,
    &deps::maven::Maven,
    &deps::npm::PackageLock,
    &deps::npm::YarnLock,
    &deps::python::Poetry,
    &deps::python::Requirements,
    &deps::golang::GoMod,
    &deps::golang::GoSum,
    &deps::cargo::Cargo,
    &deps::gradle::BuildScript,
    &deps::gradle::VersionCatalog,
    &gateway::kong::Kong,
    &gateway::scg::SpringCloudGateway,
    &gateway::nginx::Nginx,
    &gateway::grants::Grants,
    &routes::Routes,
];

/// What the front ends read from one file.
#[derive(Default)]
pub struct Extraction {
    /// The file's part of the portfolio (interfaces, logs, components, routes, ...).
    pub part: Portfolio,
    /// The spec, when the file is an OpenAPI document (loaded, or with its parse problem).
    pub spec: Option<SpecUnit>,
    /// Files of a modelled kind that could not be read.
    pub problems: Vec<FileProblem>,
    /// What front ends settle once every file is in.
    pub pending: Pending,
}

/// Work left for the front ends' `finish`: collected from every file, in path order.
#[derive(Default)]
pub struct Pending {
    pub logs: Vec<logs::Pending>,
    pub poms: Vec<deps::maven::Pom>,
    /// What each source and configuration file tells about the routes it serves.
    pub routes: Vec<routes::facts::FileFacts>,
}

impl Pending {
    pub fn absorb(&mut self, other: Pending) {
        let Pending { logs, poms, routes } = other;
        self.logs.extend(logs);
        self.poms.extend(poms);
        self.routes.extend(routes);
    }
}

/// Completes the run's portfolio: every front end's `finish` in registry order, then every list
/// in a stable order.
pub fn finish(portfolio: &mut Portfolio, mut pending: Pending, settings: &Settings) {
    for front_end in FRONT_ENDS {
        front_end.finish(portfolio, &mut pending, settings);
    }
    portfolio.sort();
}

/// The lower-cased extension of a file name.
pub(crate) fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}
