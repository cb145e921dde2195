//! Problems front ends and the file reader meet in files other than specs (spec problems are
//! `spec::Problem`): a file of a kind apiaudit models that does not parse, or a file that was
//! not audited (too large, binary, unreadable, undecodable, ...). Typed data, never findings:
//! the META rules turn them into findings.

use crate::discover::SkippedFile;
use crate::source::SourceFile;
use std::sync::Arc;

/// Why a file, or part of what it declares, was not audited.
#[derive(Debug, Clone)]
pub enum FileProblem {
    /// A file of a kind apiaudit models that does not parse, at `offset`.
    Unparsable {
        file: Arc<SourceFile>,
        offset: usize,
        what: Unparsable,
    },
    /// A file that was not audited, and why.
    NotAudited(SkippedFile),
}

/// The parts of the model a file feeds: what the rules that read them miss when it cannot be
/// read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModelPart {
    /// Logging configuration (retention).
    Logs,
    /// Gateway routes and the consumers they serve.
    Routes,
    /// Grants of interfaces to applications.
    Grants,
    /// Third-party components.
    Components,
}

impl ModelPart {
    /// What it is, in English and Chinese.
    pub fn what(self) -> (&'static str, &'static str) {
        match self {
            ModelPart::Logs => ("logging settings", "日志配置"),
            ModelPart::Routes => ("gateway routes", "网关路由"),
            ModelPart::Grants => ("grants", "授权"),
            ModelPart::Components => ("components", "组件"),
        }
    }
}

/// What did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unparsable {
    /// A dependency manifest or lock file: its components were not checked. `name` is the
    /// file name as written.
    Manifest { name: String, message: String },
    /// A gateway, permission or Spring Boot configuration; `what` says which and why, `feeds`
    /// what its reader would have taken from it.
    Config {
        what: String,
        feeds: &'static [ModelPart],
    },
}
